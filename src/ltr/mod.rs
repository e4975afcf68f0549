//! Learning to rank: ranking metrics, the SVMlight/LETOR and TREC formats, and two rankers
//! (a linear pairwise model fitted with linfa, and LambdaMART boosted trees).
//!
//! Everything here works on plain matrices: features (n_rows, n_features), one label per row,
//! and queries as consecutive row ranges (`&[Range<usize>]`). The shiprank-specific parts
//! (model files, labelled candidate–role pairs) are in `model/`.

mod lambdamart;
mod letor;
mod metrics;
mod pairwise;
pub(crate) mod params;
mod rng;

pub use lambdamart::{
    LambdaMart, LambdaMartError, LambdaMartParams, LambdaMartValidParams, RegressionTree, TreeNode,
};
pub use letor::{read_letor, write_trec_run, LetorData, LetorError, LetorReader};
pub use metrics::{
    average_precision, evaluate, ndcg_at, precision_at, reciprocal_rank, EmptyQuery, EvalOptions,
    Metric, MetricError, MetricSummary, Relevance,
};
pub use pairwise::{PairwiseError, PairwiseModel, PairwiseParams, PairwiseValidParams};
