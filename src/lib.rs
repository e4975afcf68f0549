//! shiprank ranks software engineers against open roles on evidence of shipped code over
//! credentials.
//!
//! Data flows one way: read ([`read_candidates`], [`read_roles`]) → validate (rows into
//! [`Candidate`], role specs into [`Role`], with their [`Weights`] checked) → extract features
//! ([`CandidateFeatures`], [`RoleContext`]) → score (a [`Scorer`]: a preset's [`Linear`]
//! weights or a [`ModelScorer`]) → rank ([`rank()`], or [`rank_file`] streaming) → explain
//! ([`Scorer::explain`], the same arithmetic as the score) → write ([`Report`]).
//!
//! Learned scoring sits beside the presets: hiring outcomes ([`read_labels`]) become ranking
//! data ([`labelled_pairs`], or LETOR files through [`RankData::from_letor`]), an algorithm of
//! [`learn`] is fitted ([`fit`], [`train`], [`cross_validate`]) into a [`Model`] kept in a
//! checksummed JSON file ([`write_model`], [`read_model`]; optionally signed with a
//! [`SigningKey`]: [`write_model_signed`], [`read_model_verified`]), and [`ModelScorer::new`]
//! plugs it into [`RankOptions::model`]. [`Labelled::evaluate`] measures a preset, a model or external
//! scores with NDCG@k, MAP, P@k and MRR ([`evaluate`] on plain slices). [`why`] says why a
//! candidate is or is not in a role's top k: the filter that excludes them, and the smallest
//! single edit of their row ([`RowFields`]) that moves them across the cut.
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
//! let read = ReadOptions::new(taxonomy, rates); // strict: the first invalid row is an error
//! let set = read_csv(csv.as_bytes(), "inline.csv", &read)?;
//! let roles = parse_roles(
//!     "[[role]]\nid = \"backend\"\nrequired = [\"python\", \"postgresql\"]\n",
//!     "inline.toml",
//!     taxonomy, // skills resolve through it
//!     rates,    // salary bands convert through it
//! )?;
//! let options = RankOptions {
//!     top: NonZeroUsize::new(10).unwrap(),
//!     as_of: "2026-06-01".parse().unwrap(),
//!     taxonomy,
//!     rates,
//!     model: None, // or a trained model: see `shiprank train`
//! };
//! let rankings = rank(&set.candidates, &roles, &options);
//! assert_eq!(rankings[0].ranked[0].candidate_id, "ana"); // shipped code outranks the doctorate
//! # Ok::<(), shiprank::Error>(())
//! ```
#![deny(missing_docs)]

mod audit;
mod counterfactual;
mod cpu;
mod dates;
mod error;
mod eval;
mod extract;
mod feature;
mod generate;
pub mod github;
mod hash;
mod io;
pub mod learn;
mod model;
mod money;
mod names;
mod outcomes;
mod profile;
mod rank;
mod report;
mod role;
mod score;
pub mod serve;
mod skills;
mod stats;
mod timezone;

pub use crate::audit::{
    audit_ranking, group_columns, impact_of_counts, impact_ratios, AttributeAudit, By,
    CategoryAudit, Counts, Flag, Impact, RankingAudit, Rate, RoleAudit, Selection, SelectionRate,
    COUNTRY, FOUR_FIFTHS, MAX_GROUPS, MIN_SHARE, UNKNOWN,
};
pub use crate::counterfactual::{
    why, why_row, window as why_window, Edit, FilterLift, RawValue, Rival, Standing, Suggestion,
    Why, WhyOptions,
};
pub use crate::dates::parse_date;
pub use crate::error::{error_chain, Error, Result, RowError};
pub use crate::eval::{
    average_precision, evaluate, ndcg_at, precision_at, read_letor, reciprocal_rank,
    write_trec_run, EmptyQuery, EvalOptions, LetorData, LetorError, LetorReader, Metric,
    MetricError, MetricSummary, Relevance,
};
pub use crate::extract::{CandidateFeatures, Exclusion, Extraction, RoleContext};
pub use crate::feature::{Feature, FeatureVector, Raw, N_FEATURES};
pub use crate::generate::{
    generate, generate_counted, generate_labels, GenerateOptions, Generated, LabelOptions,
    OUTCOME_SHARES,
};
pub use crate::io::{
    attribute_columns, check_inputs, clean_up_on_signals, find_row, parse_delimiter,
    parse_encoding, read_candidates, read_csv, read_jsonl, read_model, read_model_verified,
    refuse_overwriting, write_atomic, write_atomic_with, write_model, write_model_signed, Bundled,
    CandidateSet, Dialect, Format, Input, ReadOptions, Renames, RowFields, UnknownSkill,
    UnknownSkills, FIELDS,
};
pub use crate::learn::{Algorithm, LearnError, TrainParams, ValidParams};
pub use crate::model::{
    model_checksum, CrossValidation, FeatureImportance, Model, ModelError, ModelSummary, Refusal,
    SigningKey, TrainingInfo, TreeShape, MODEL_FORMAT, MODEL_VERSION,
};
pub use crate::money::{Currency, RateTable, UsdRates};
pub use crate::names::UnknownName;
pub use crate::outcomes::{
    assign_folds, compare, cross_validate, fit, labelled_pairs, letor_feature_names, metric_means,
    metrics_at, parse_labels, read_labels, read_scores, train, train_watched, Agreement,
    CompareOptions, CompareSpec, Comparison, CredentialDependence, CrossValidated, DataSource,
    Difference, Evaluated, Evaluation, FitOptions, Fitted, Folds, InvalidLabel, LabelRow, Labelled,
    MetricStat, NamedScorer, Outcome, PairSource, RankData, ScorerResult, ScorerSpec, SharedFolds,
    Validation, Watched, LABEL_HEADER,
};
pub use crate::profile::{Candidate, Degree, Repo, Salary};
pub use crate::rank::{
    rank, rank_file, rank_file_observed, AllScores, CredentialCheck, Level, Observer, Pool,
    PoolFeatures, RankOptions, RankRun, RankedCandidate, Ranker, RoleRanking, SecondRanking,
    StreamOptions, TopK, TopKept, KERNEL_ENV,
};
pub use crate::report::html::{
    escape as escape_html, Align, IntervalBar, Page as HtmlPage, Series, StackedBar,
};
pub use crate::report::{
    attribute_table, fmt_value, means_line, printable, spreadsheet_safe, AuditReport,
    CompareReport, EvaluationReport, ExtraTable, OutputFormat, RankingDoc, Report, RoleDoc, RowDoc,
    WhyReport, ALPHA, WHY_CSV_HEADER,
};
pub use crate::role::{
    parse_role_specs, parse_roles, read_roles, BandSpec, FilterSpec, Filters, RequiredSkill,
    RequiredSpec, Role, RoleSpec, SalaryBand, Slot, Team, MAX_ROLE_SKILLS,
};
pub use crate::score::{
    Explanation, Ignoring, Linear, ModelScorer, Preset, Score, Scorer, Term, WeightError, Weights,
};
#[cfg(feature = "taxonomy-build")]
pub use crate::skills::build as build_taxonomy;
pub use crate::skills::{
    normalize as normalize_skill, Category, SkillEntry, SkillId, SkillMatch, SkillProfile,
    Taxonomy, UNSTATED_YEARS,
};
pub use crate::stats::{
    bootstrap_interval, bootstrap_means, fisher_exact, holm, kendall_tau_b, quantile_sorted,
    record, sign_flip_test, top_k, top_k_overlap, wilson_interval, Interval, PermutationMethod,
    Record, SignFlip, Table2, Z_95,
};
pub use crate::timezone::{parse_zone, UtcShift, WorkHours};
