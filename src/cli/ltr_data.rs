//! What `train` and `evaluate` share: where labelled ranking data comes from, the metrics
//! asked for, and how they are printed.

use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use chrono::NaiveDate;
use clap::ValueEnum;

use super::common::{bundled, parse_date, read_labelled_inputs, today};
use shiprank::{
    labelled_pairs, read_labels, EmptyQuery, LetorReader, Metric, MetricSummary, PairSource,
    RankData, RateTable, Role, Taxonomy,
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
}

/// Loaded data, and the roles behind it when it came from candidates.
pub struct Loaded {
    /// The rows.
    pub data: RankData,
    /// The roles (candidate data only), by query: `roles[q]` is query `q`'s role.
    pub roles: Option<Vec<Role>>,
    /// What the data is, for messages (`rank.train`, `data/labels.csv`).
    pub name: String,
    /// The reference date.
    pub as_of: NaiveDate,
}

impl DataArgs {
    /// Reads the data; a LETOR file is read with `n_features` columns when given (a model's).
    pub fn load(&self, n_features: Option<usize>) -> anyhow::Result<Loaded> {
        let as_of = self.as_of.unwrap_or_else(today);
        if let Some(path) = &self.letor {
            let mut reader = LetorReader::new();
            if let Some(n) = n_features {
                reader = reader.n_features(n);
            }
            if let Some(q) = &self.query {
                reader = reader.query_file(q);
            }
            let data = reader.read(path)?;
            return Ok(Loaded {
                data: RankData::from_letor(data),
                roles: None,
                name: path.display().to_string(),
                as_of,
            });
        }
        let Some(labels_path) = &self.labels else {
            bail!("no labelled data: give --letor FILE, or --labels FILE (with --candidates and --roles)");
        };
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        let candidates_path = self
            .candidates
            .clone()
            .unwrap_or_else(|| bundled("candidates.csv"));
        let (roles_path, roles, candidates) =
            read_labelled_inputs(self.roles.as_deref(), &candidates_path)?;
        let labels = read_labels(labels_path)?;
        let source = PairSource {
            candidates: &candidates,
            candidates_file: &candidates_path.display().to_string(),
            roles: &roles,
            roles_file: &roles_path.display().to_string(),
            labels: &labels,
            labels_file: &labels_path.display().to_string(),
        };
        let data = labelled_pairs(&source, as_of, taxonomy, rates)?;
        let by_query = data
            .query_ids
            .iter()
            .map(|id| {
                roles
                    .iter()
                    .find(|r| &r.id == id)
                    .cloned()
                    .expect("every query is a role")
            })
            .collect();
        Ok(Loaded {
            data,
            roles: Some(by_query),
            name: labels_path.display().to_string(),
            as_of,
        })
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

/// The metrics for cutoffs `ks`: NDCG@k for each, MAP, P@k for each, MRR.
pub fn metrics(ks: &[NonZeroUsize]) -> Vec<Metric> {
    let mut out: Vec<Metric> = ks
        .iter()
        .map(|k| Metric::Ndcg { k: Some(k.get()) })
        .collect();
    out.push(Metric::Map);
    out.extend(ks.iter().map(|k| Metric::Precision { k: k.get() }));
    out.push(Metric::Mrr);
    out
}

/// One line of means: `ndcg@1 0.6038  ndcg@3 ...`.
pub fn means_line(summaries: &[MetricSummary]) -> String {
    summaries
        .iter()
        .map(|s| format!("{} {}", s.metric, fmt_value(s.mean)))
        .collect::<Vec<_>>()
        .join("  ")
}

/// A metric value with 4 decimals, `-` for none.
pub fn fmt_value(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// Reads scores, one per line (blank lines skipped).
pub fn read_scores(path: &Path) -> anyhow::Result<Vec<f64>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut scores = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        match t.parse::<f64>() {
            Ok(v) if v.is_finite() => scores.push(v),
            _ => bail!(
                "{}:{}: invalid score \"{t}\" (expected a finite number)",
                path.display(),
                i + 1
            ),
        }
    }
    Ok(scores)
}
