//! Evaluation of rankings: information-retrieval metrics (NDCG, MAP, P@k, MRR), the
//! SVMlight/LETOR data format and TREC runs.
//!
//! Everything here works on plain slices and matrices: labels and scores per row, and queries
//! as consecutive row ranges (`&[Range<usize>]`). It knows nothing of models or learners.

mod letor;
pub(crate) mod metrics;
mod trec;

pub use letor::{read_letor, LetorData, LetorError, LetorReader};
pub use metrics::{
    average_precision, evaluate, ndcg_at, precision_at, reciprocal_rank, EmptyQuery, EvalOptions,
    Metric, MetricError, MetricSummary, Relevance,
};
pub use trec::write_trec_run;
