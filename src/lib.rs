//! shiprank ranks software engineers against open roles on evidence of shipped code over
//! credentials.
//!
//! Data flows one way: read ([`read_candidates`], [`read_roles`]) → validate (rows into
//! [`Candidate`], role specs into [`Role`]) → extract features ([`CandidateFeatures`],
//! [`RoleContext`]) → score ([`Weights`]) → rank ([`rank()`]) → explain ([`explain()`]) →
//! write ([`Report`]).
//!
//! Learned scoring sits beside the presets: hiring outcomes ([`read_labels`]) become ranking
//! data ([`labelled_pairs`], or LETOR files through [`RankData::from_letor`]), an algorithm is
//! fitted ([`train`], [`cross_validate`]) into a [`Model`] saved as a checksummed JSON file, and
//! [`Model::into_scorer`] plugs it into [`RankOptions::model`]. [`evaluate`] measures any scores
//! with NDCG@k, MAP, P@k and MRR.
//!
//! ```
//! use std::num::NonZeroUsize;
//! use shiprank::{parse_roles, rank, read_csv, RankOptions, RateTable, ReadOptions, Taxonomy};
//!
//! let taxonomy = Taxonomy::bundled();
//! let rates = RateTable::bundled();
//! let csv = "id,name,timezone,skills,total_stars,commits_last_year,last_commit,degree\n\
//!            ana,Ana,America/Sao_Paulo,python:5;postgres:4,2400,900,2026-05-30,none\n\
//!            bob,Bob,America/Sao_Paulo,python:5;postgres:4,0,0,,phd\n";
//! let read = ReadOptions { taxonomy, rates, skip_invalid: false, keep_attributes: false };
//! let set = read_csv(csv.as_bytes(), "inline.csv", &read)?;
//! let roles = parse_roles(
//!     "[[role]]\nid = \"backend\"\nrequired = [\"python\", \"postgresql\"]\n",
//!     "inline.toml",
//!     taxonomy,
//! )?;
//! let options = RankOptions {
//!     top: NonZeroUsize::new(10).unwrap(),
//!     as_of: "2026-06-01".parse().unwrap(),
//!     preset: None, // each role's own: builder-first by default
//!     taxonomy,
//!     rates,
//!     model: None, // or a trained model: see `shiprank train`
//! };
//! let rankings = rank(&set.candidates, &roles, &options)?;
//! assert_eq!(rankings[0].ranked[0].candidate_id, "ana"); // shipped code outranks the doctorate
//! # Ok::<(), shiprank::Error>(())
//! ```
#![deny(missing_docs)]

mod batch;
mod dates;
mod error;
mod explain;
mod features;
mod generate;
pub mod github;
mod hash;
mod io;
mod ltr;
mod model;
mod money;
mod profile;
mod rank;
mod report;
mod role;
mod skills;
mod strategy;
mod stream;
mod timezone;
mod topk;

pub use crate::error::{Error, Result, RowError};
pub use crate::explain::{explain, Explanation, Term};
pub use crate::features::{
    CandidateFeatures, Exclusion, Extraction, Feature, FeatureVector, Raw, RoleContext, N_FEATURES,
};
pub use crate::generate::{
    generate, generate_labels, GenerateOptions, Generated, LabelOptions, OUTCOME_SHARES,
};
pub use crate::io::{
    read_candidates, read_csv, read_jsonl, write_atomic, CandidateSet, Chunk, Columns, Format,
    RawRow, ReadOptions, RowParser, RowSource, UnknownSkill, UnknownSkills, FIELDS,
};
pub use crate::ltr::{
    average_precision, evaluate, ndcg_at, precision_at, read_letor, reciprocal_rank,
    write_trec_run, EmptyQuery, EvalOptions, LambdaMart, LambdaMartError, LambdaMartParams,
    LambdaMartValidParams, LetorData, LetorError, LetorReader, Metric, MetricError, MetricSummary,
    PairwiseError, PairwiseModel, PairwiseParams, PairwiseValidParams, RegressionTree, Relevance,
    TreeNode,
};
pub use crate::model::{
    assign_folds, cross_validate, labelled_pairs, letor_feature_names, metric_means,
    model_checksum, parse_labels, read_labels, train, Algorithm, CrossValidated, CrossValidation,
    KernelModel, LabelRow, LinearModel, LogisticParams, LogisticValidParams, Model, ModelError,
    ModelScorer, Outcome, PairSource, RankData, Refusal, Scaling, SvmKernel, SvmModel, SvmParams,
    SvmValidParams, TrainParams, TrainingInfo, TreeParams, TreeValidParams, ValidParams,
    LABEL_HEADER, MODEL_FORMAT, MODEL_VERSION,
};
pub use crate::money::{Currency, RateTable};
pub use crate::profile::{Candidate, Degree, Repo, Salary};
pub use crate::rank::{
    rank, PreparedChunk, RankOptions, RankedCandidate, Ranker, RoleRanking, Tops,
};
pub use crate::report::{truncate, OutputFormat, Report};
pub use crate::role::{
    parse_roles, read_roles, BandSpec, Filters, RequiredSkill, RequiredSpec, Role, RoleSpec,
    SalaryBand, Slot, Team, MAX_ROLE_SKILLS,
};
pub use crate::skills::{
    build as build_taxonomy, normalize as normalize_skill, Category, SkillEntry, SkillId,
    SkillMatch, SkillProfile, Taxonomy, UNSTATED_YEARS,
};
pub use crate::strategy::{Preset, Score, Scorer, Weights};
pub use crate::stream::{rank_file, RankRun, StreamOptions};
pub use crate::timezone::{parse_zone, UtcShift, WorkHours};
pub use crate::topk::TopK;
