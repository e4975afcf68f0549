//! Argument groups that several subcommands share, declared once and flattened into each:
//! labelled data, metric cutoffs, strategy presets and learning algorithms.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use clap::ValueEnum;

use super::common::{cutoff, given, input_or, parse_date, today};
use shiprank::{
    metrics_at, Algorithm, Bundled, DataSource, Dialect, EmptyQuery, EvalOptions, Labelled, Metric,
    Preset, RateTable, Taxonomy, TrainParams, ValidParams,
};

/// Where labelled data comes from: a LETOR file, or candidates, roles and labels.
#[derive(Debug, Default, clap::Args)]
pub struct DataArgs {
    /// SVMlight/LETOR file (`label qid:Q 1:v 2:v ... # comment`).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["candidates", "roles", "labels"])]
    pub letor: Option<PathBuf>,
    /// LightGBM query file: the number of rows of each query, one per line [default:
    /// FILE.query beside the LETOR file, when there is one and the file has no qid fields].
    #[arg(long, value_name = "FILE", requires = "letor")]
    pub query: Option<PathBuf>,
    #[command(flatten)]
    pub files: CandidateData,
}

/// Candidates, roles and hiring outcomes, and the date features are extracted at.
#[derive(Debug, Default, clap::Args)]
pub struct CandidateData {
    /// Candidate file (CSV or JSONL) [default: the bundled data/candidates.csv].
    #[arg(long, value_name = "PATH")]
    pub candidates: Option<PathBuf>,
    /// Role file [default: the bundled data/roles.toml].
    #[arg(long, value_name = "PATH")]
    pub roles: Option<PathBuf>,
    /// Label file: role_id,candidate_id,label with 0-3 or rejected|screened|interviewed|hired.
    #[arg(long, value_name = "PATH")]
    pub labels: Option<PathBuf>,
    /// Reference date of feature extraction (recency, time zones, exchange rates) [default:
    /// today].
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// How the candidate file is written.
    #[command(flatten)]
    pub dialect: DialectArgs,
}

impl CandidateData {
    /// The files these arguments read, with their flags (for `check_paths`).
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let mut inputs = given(&[
            ("--candidates", &self.candidates),
            ("--roles", &self.roles),
            ("--labels", &self.labels),
        ]);
        inputs.extend(self.dialect.inputs());
        inputs
    }
}

impl DataArgs {
    /// The files these arguments read, with their flags (for `check_paths`).
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        let mut inputs = given(&[("--letor", &self.letor), ("--query", &self.query)]);
        inputs.extend(self.files.inputs());
        inputs
    }

    /// Whether the data is a LETOR file.
    pub fn is_letor(&self) -> bool {
        self.letor.is_some()
    }

    /// Reads the data; a LETOR file is read with `n_features` columns when given (a model's).
    pub fn load(&self, n_features: Option<usize>) -> anyhow::Result<Labelled> {
        let files = &self.files;
        let as_of = files.as_of.unwrap_or_else(today);
        let source = match (&self.letor, &files.labels) {
            (Some(path), _) => DataSource::Letor {
                path: path.clone(),
                query: self.query.clone(),
            },
            (None, Some(labels)) => DataSource::Labels {
                candidates: input_or(&files.candidates, Bundled::Candidates),
                roles: input_or(&files.roles, Bundled::Roles),
                labels: labels.clone(),
                as_of,
                dialect: files.dialect.dialect()?,
            },
            (None, None) => anyhow::bail!(
                "no labelled data: give --letor FILE, or --labels FILE (with --candidates and --roles)"
            ),
        };
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        Ok(source.load(n_features, as_of, taxonomy, rates)?)
    }
}

/// How candidate files are written when not as shiprank writes them (ATS and spreadsheet
/// exports): flattened into every subcommand that reads candidates.
#[derive(Debug, Default, clap::Args)]
pub struct DialectArgs {
    /// CSV field delimiter: , ; tab | [default: detected from the header].
    #[arg(long, value_name = "CHAR", value_parser = shiprank::parse_delimiter)]
    pub delimiter: Option<u8>,
    /// The candidate file's text encoding when it is not UTF-8 (windows-1252, latin1,
    /// utf-16, ...): it is transcoded as it is read.
    #[arg(long, value_name = "NAME", value_parser = shiprank::parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Read the column COLUMN as the candidate field FIELD (repeatable), e.g. --rename
    /// 'Years of Experience=years_experience'.
    #[arg(long, value_name = "COLUMN=FIELD")]
    pub rename: Vec<String>,
    /// A mapping file for an export: a [columns] table of COLUMN = FIELD renames, and
    /// optionally delimiter and encoding (flags given too win).
    #[arg(long, value_name = "FILE")]
    pub column_map: Option<PathBuf>,
}

impl DialectArgs {
    /// The dialect: the mapping file's, with the flags over it.
    pub fn dialect(&self) -> anyhow::Result<Dialect> {
        let mut dialect = match &self.column_map {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("--column-map {}", path.display()))?;
                Dialect::from_toml(&text)
                    .map_err(|e| anyhow::anyhow!("--column-map {}: {e}", path.display()))?
            }
            None => Dialect::default(),
        };
        dialect.delimiter = self.delimiter.or(dialect.delimiter);
        dialect.encoding = self.encoding.or(dialect.encoding);
        for spec in &self.rename {
            dialect
                .renames
                .add_spec(spec)
                .map_err(|e| anyhow::anyhow!("--rename {e}"))?;
        }
        Ok(dialect)
    }

    /// The mapping file, if given, with its flag.
    pub fn inputs(&self) -> Vec<(&'static str, &Path)> {
        given(&[("--column-map", &self.column_map)])
    }
}

/// Formats of outputs that are lists of records.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Aligned columns for a terminal.
    #[default]
    Table,
    /// CSV with a header; cells of user data are written spreadsheet-safe.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// Which metrics, at which cutoffs, and how a query without relevant rows counts.
#[derive(Debug, clap::Args)]
pub struct MetricArgs {
    /// Cutoffs of NDCG@k and P@k.
    #[arg(
        long,
        value_name = "K,...",
        value_delimiter = ',',
        default_value = "1,3,5,10",
        value_parser = cutoff,
        allow_negative_numbers = true
    )]
    pub k: Vec<NonZeroUsize>,
    /// The value of NDCG, AP and RR for a query without any relevant row (P@k is always
    /// defined).
    #[arg(long, value_enum, default_value = "one")]
    pub empty_queries: EmptyArg,
}

impl MetricArgs {
    /// NDCG@k for each cutoff, MAP, P@k for each cutoff, MRR.
    pub fn metrics(&self) -> Vec<Metric> {
        let ks: Vec<usize> = self.k.iter().map(|k| k.get()).collect();
        metrics_at(&ks)
    }

    /// The metric options.
    pub fn options(&self) -> EvalOptions {
        EvalOptions {
            empty: self.empty_queries.into(),
            ..EvalOptions::default()
        }
    }
}

/// The value of a query without any relevant row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EmptyArg {
    /// Counts as perfectly ranked, 1 (LightGBM's convention; the default).
    #[default]
    One,
    /// Counts 0 (scikit-learn's and trec_eval's convention).
    Zero,
    /// Left out of the means.
    Skip,
}

impl From<EmptyArg> for EmptyQuery {
    fn from(e: EmptyArg) -> EmptyQuery {
        match e {
            EmptyArg::One => EmptyQuery::One,
            EmptyArg::Zero => EmptyQuery::Zero,
            EmptyArg::Skip => EmptyQuery::Skip,
        }
    }
}

/// Scoring strategy presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StrategyArg {
    /// Shipped code and skills dominate (the default).
    BuilderFirst,
    /// The traditional screen on degree and years.
    CredentialFirst,
    /// Between the two.
    Balanced,
}

impl From<StrategyArg> for Preset {
    fn from(s: StrategyArg) -> Preset {
        match s {
            StrategyArg::BuilderFirst => Preset::BuilderFirst,
            StrategyArg::CredentialFirst => Preset::CredentialFirst,
            StrategyArg::Balanced => Preset::Balanced,
        }
    }
}

/// Learning algorithms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum AlgoArg {
    /// Pointwise logistic regression on "screened or better" (linfa-logistic).
    Logistic,
    /// Linear learning to rank on within-role preference pairs (RankNet/RankSVM style).
    Pairwise,
    /// Pointwise ε-support-vector regression on the grade, RBF kernel by default (linfa-svm).
    Svm,
    /// A classification tree on the grade; leaves score mean labels (linfa-trees).
    Tree,
    /// Gradient-boosted trees with the LambdaMART objective.
    Lambdamart,
}

impl From<AlgoArg> for Algorithm {
    fn from(a: AlgoArg) -> Algorithm {
        match a {
            AlgoArg::Logistic => Algorithm::Logistic,
            AlgoArg::Pairwise => Algorithm::Pairwise,
            AlgoArg::Svm => Algorithm::Svm,
            AlgoArg::Tree => Algorithm::Tree,
            AlgoArg::Lambdamart => Algorithm::LambdaMart,
        }
    }
}

/// Turns NAME=VALUE settings into checked parameters.
pub fn params(algorithm: Algorithm, settings: &[String], seed: u64) -> anyhow::Result<ValidParams> {
    let mut params = TrainParams::new(algorithm).seed(seed);
    for setting in settings {
        let (name, value) = setting
            .split_once('=')
            .with_context(|| format!("--param \"{setting}\": expected NAME=VALUE"))?;
        params = params.set(name.trim(), value)?;
    }
    Ok(params.check()?)
}

/// Checking a model's signature, for every subcommand that reads a model file.
#[derive(Debug, Default, clap::Args)]
pub struct VerifyArgs {
    /// Refuse the model unless it is signed (`train --sign-key-env`) with the key held in the
    /// environment variable VAR: unsigned, re-signed or edited models are refused.
    #[arg(long, value_name = "VAR", requires = "model")]
    pub verify_key_env: Option<String>,
}

impl VerifyArgs {
    /// The key to verify with, from the environment; `None` when none is asked for.
    pub fn key(&self) -> anyhow::Result<Option<shiprank::SigningKey>> {
        self.verify_key_env
            .as_deref()
            .map(|var| super::common::key_from_env("--verify-key-env", var))
            .transpose()
    }
}
