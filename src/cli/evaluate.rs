//! `shiprank evaluate`: NDCG@k, MAP, P@k and MRR of a strategy, a model, external scores or a
//! cross-validated algorithm against labels, per query and averaged.

use std::fmt::Write as _;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::ValueEnum;
use serde_json::{json, Map, Value};

use super::common::write_output;
use super::ltr_data::{fmt_value, metrics, read_scores, DataArgs, EmptyArg, Loaded};
use super::rank::StrategyArg;
use super::train::{params, AlgoArg};
use shiprank::{
    cross_validate, evaluate, letor_feature_names, truncate, write_trec_run, Algorithm,
    EvalOptions, Feature, Metric, MetricSummary, Preset, RankData, ValidParams,
};

/// Output formats of `evaluate`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum EvalFormat {
    /// One row per query, then the means.
    #[default]
    Table,
    /// One JSON object: the mean metrics as top-level keys, then `per_query`.
    Json,
}

/// Arguments of `shiprank evaluate`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("scorer").args(["scores", "model", "strategy", "algo"])))]
pub struct Args {
    #[command(flatten)]
    pub data: DataArgs,
    /// External scores, one per line, aligned with the data rows (LETOR rows, or the label
    /// file's rows).
    #[arg(long, value_name = "FILE")]
    pub scores: Option<PathBuf>,
    /// A model file (from `shiprank train`).
    #[arg(long, value_name = "MODEL")]
    pub model: Option<PathBuf>,
    /// A preset for every role [default with candidate data: each role's own].
    #[arg(long, value_enum)]
    pub strategy: Option<StrategyArg>,
    /// Cross-validate this algorithm (with --folds); with candidate data the presets are
    /// evaluated on the same queries for comparison.
    #[arg(long, value_enum, requires = "folds")]
    pub algo: Option<AlgoArg>,
    /// Folds of whole queries (roles) for --algo: train on K−1, evaluate the held-out one.
    #[arg(long, value_name = "K", requires = "algo")]
    pub folds: Option<usize>,
    /// With --algo: a hyper-parameter, NAME=VALUE (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE", requires = "algo")]
    pub params: Vec<String>,
    /// With --algo: the seed of folds and training.
    #[arg(long, value_name = "S", default_value = "0")]
    pub seed: u64,
    /// Cutoffs of NDCG@k and P@k.
    #[arg(
        long,
        value_name = "K,...",
        value_delimiter = ',',
        default_value = "1,3,5,10"
    )]
    pub k: Vec<NonZeroUsize>,
    /// The value of NDCG, AP and RR for a query without any relevant row (P@k is always
    /// defined).
    #[arg(long, value_enum, default_value = "one")]
    pub empty_queries: EmptyArg,
    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: EvalFormat,
    /// Also write the evaluated scores as a TREC run (`qid Q0 docid rank score shiprank`).
    #[arg(long, value_name = "PATH")]
    pub run: Option<PathBuf>,
    /// Also write the labels as TREC qrels (`qid 0 docid label`), for trec_eval.
    #[arg(long, value_name = "PATH")]
    pub qrels: Option<PathBuf>,
}

/// What scores the rows.
enum ScorerChoice {
    Scores(PathBuf),
    Model(PathBuf),
    Strategy(Option<Preset>),
    CrossValidated {
        params: ValidParams,
        folds: usize,
        seed: u64,
    },
}

/// The validated configuration of an evaluation.
struct Config {
    scorer: ScorerChoice,
    metrics: Vec<Metric>,
    options: EvalOptions,
    format: EvalFormat,
    run: Option<PathBuf>,
    qrels: Option<PathBuf>,
}

impl Config {
    fn from_args(args: &Args) -> anyhow::Result<Config> {
        let scorer = if let Some(path) = &args.scores {
            ScorerChoice::Scores(path.clone())
        } else if let Some(path) = &args.model {
            ScorerChoice::Model(path.clone())
        } else if let (Some(algo), Some(folds)) = (args.algo, args.folds) {
            let algorithm = Algorithm::from(algo);
            ScorerChoice::CrossValidated {
                params: params(algorithm, &args.params, args.seed)?,
                folds,
                seed: args.seed,
            }
        } else if args.data.letor.is_some() {
            bail!(
                "LETOR data needs a scorer: --scores FILE, --model MODEL, or --algo ALGO --folds K"
            );
        } else {
            ScorerChoice::Strategy(args.strategy.map(Preset::from))
        };
        Ok(Config {
            scorer,
            metrics: metrics(&args.k),
            options: EvalOptions {
                empty: args.empty_queries.into(),
                ..EvalOptions::default()
            },
            format: args.format,
            run: args.run.clone(),
            qrels: args.qrels.clone(),
        })
    }
}

/// One scorer's evaluation.
struct Evaluated {
    name: String,
    scores: Vec<f64>,
    summary: Vec<MetricSummary>,
}

/// Runs `shiprank evaluate`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    let config = Config::from_args(args)?;
    let model = match &config.scorer {
        ScorerChoice::Model(path) => Some(shiprank::read_model(path)?),
        _ => None,
    };
    if let (Some(model), ScorerChoice::Model(path)) = (&model, &config.scorer) {
        let n = model.features().len();
        let expected = match args.data.letor {
            Some(_) => letor_feature_names(n),
            None => Feature::ALL.iter().map(|f| f.name().to_string()).collect(),
        };
        model.require_features(&expected, &path.display().to_string())?;
    }
    let loaded = args.data.load(model.as_ref().map(|m| m.features().len()))?;
    let data = &loaded.data;
    let mut folds = None;
    let (name, scores) = match &config.scorer {
        ScorerChoice::Scores(path) => (path.display().to_string(), aligned_scores(path, &loaded)?),
        ScorerChoice::Model(_) => {
            let model = model.expect("loaded above");
            let scores = model.predict(data.features.view())?.to_vec();
            (format!("model:{}", model.algorithm()), scores)
        }
        ScorerChoice::Strategy(preset) => {
            let name = preset.map_or("each role's own strategy".to_string(), |p| {
                p.name().to_string()
            });
            (name, preset_scores(&loaded, *preset)?)
        }
        ScorerChoice::CrossValidated {
            params,
            folds: k,
            seed,
        } => {
            let cv = cross_validate(data, params, *k, *seed)?;
            folds = Some((cv.fold_of_query.clone(), *k, *seed, cv.train_seconds));
            (format!("model:{}", params.algorithm()), cv.scores.to_vec())
        }
    };
    let main = evaluated(&config, data, name, scores)?;
    let mut baselines = Vec::new();
    if folds.is_some() && loaded.roles.is_some() {
        for preset in Preset::ALL {
            let scores = preset_scores(&loaded, Some(preset))?;
            baselines.push(evaluated(&config, data, preset.name().to_string(), scores)?);
        }
    }
    if let Some(path) = &config.run {
        write_run(path, data, &main.scores)?;
    }
    if let Some(path) = &config.qrels {
        write_qrels(path, data)?;
    }
    let fold_info = folds
        .as_ref()
        .map(|(of, k, seed, secs)| (of.as_slice(), *k, *seed, *secs));
    let bytes = match config.format {
        EvalFormat::Table => table(&loaded, &main, &baselines, fold_info).into_bytes(),
        EvalFormat::Json => {
            let mut b = serde_json::to_vec_pretty(&json_doc(
                &loaded, &main, &baselines, fold_info, &config,
            ))?;
            b.push(b'\n');
            b
        }
    };
    write_output(None, &bytes)
}

fn evaluated(
    config: &Config,
    data: &RankData,
    name: String,
    scores: Vec<f64>,
) -> anyhow::Result<Evaluated> {
    let labels = data.labels.as_slice().expect("contiguous labels");
    let summary = evaluate(
        &config.metrics,
        labels,
        &scores,
        &data.groups,
        &config.options,
    )?;
    Ok(Evaluated {
        name,
        scores,
        summary,
    })
}

/// External scores in source order, matched to the data's rows.
fn aligned_scores(path: &Path, loaded: &Loaded) -> anyhow::Result<Vec<f64>> {
    let scores = read_scores(path)?;
    let rows = loaded.data.n_rows();
    if scores.len() != rows {
        bail!(
            "{} has {} scores but {} has {rows} rows: give one score per row, in file order",
            path.display(),
            scores.len(),
            loaded.name
        );
    }
    Ok(loaded.data.source_rows.iter().map(|&r| scores[r]).collect())
}

/// The scores a preset (or each role's own, for `None`) gives candidate data.
fn preset_scores(loaded: &Loaded, preset: Option<Preset>) -> anyhow::Result<Vec<f64>> {
    let Some(roles) = &loaded.roles else {
        bail!("strategies score candidate data only (--candidates, --roles, --labels)");
    };
    let data = &loaded.data;
    let mut scores = vec![0.0; data.n_rows()];
    for (role, group) in roles.iter().zip(&data.groups) {
        let role = match preset {
            Some(p) => role.with_preset(p)?,
            None => role.clone(),
        };
        for row in group.clone() {
            let features = std::array::from_fn(|j| data.features[[row, j]]);
            scores[row] = role.weights().linear().score(&features);
        }
    }
    Ok(scores)
}

fn write_run(path: &Path, data: &RankData, scores: &[f64]) -> anyhow::Result<()> {
    let mut out = Vec::new();
    for (q, group) in data.groups.iter().enumerate() {
        let ids = &data.doc_ids[group.clone()];
        write_trec_run(
            &mut out,
            &data.query_ids[q],
            ids,
            &scores[group.clone()],
            "shiprank",
        )?;
    }
    Ok(shiprank::write_atomic(path, &out)?)
}

fn write_qrels(path: &Path, data: &RankData) -> anyhow::Result<()> {
    let mut out = String::new();
    for (q, group) in data.groups.iter().enumerate() {
        for row in group.clone() {
            let _ = writeln!(
                out,
                "{} 0 {} {}",
                data.query_ids[q], data.doc_ids[row], data.labels[row]
            );
        }
    }
    Ok(shiprank::write_atomic(path, out.as_bytes())?)
}

/// Rows and relevant rows (label > 0) of a query.
fn counts(data: &RankData, q: usize) -> (usize, usize) {
    let g = data.groups[q].clone();
    let relevant = data
        .labels
        .slice(ndarray::s![g.clone()])
        .iter()
        .filter(|&&l| l > 0.0)
        .count();
    (g.len(), relevant)
}

type Folds<'a> = Option<(&'a [usize], usize, u64, f64)>;

fn table(loaded: &Loaded, main: &Evaluated, baselines: &[Evaluated], folds: Folds) -> String {
    let data = &loaded.data;
    let mut out = String::new();
    let _ = write!(out, "{} on {}", main.name, loaded.name);
    if let Some((_, k, seed, secs)) = folds {
        let _ = write!(
            out,
            " ({k}-fold cross-validation by query, seed {seed}, training {secs:.2} s)"
        );
    }
    out.push('\n');
    let width = data
        .query_ids
        .iter()
        .map(|q| q.chars().count())
        .max()
        .unwrap_or(5)
        .clamp(5, 28);
    let _ = write!(out, "{:<width$} {:>6} {:>5}", "query", "rows", "rel");
    if folds.is_some() {
        let _ = write!(out, " {:>4}", "fold");
    }
    for s in &main.summary {
        let _ = write!(out, " {:>8}", s.metric.to_string());
    }
    out.push('\n');
    for (q, id) in data.query_ids.iter().enumerate() {
        let (rows, relevant) = counts(data, q);
        let _ = write!(
            out,
            "{:<width$} {rows:>6} {relevant:>5}",
            truncate(id, width)
        );
        if let Some((of, ..)) = folds {
            let _ = write!(out, " {:>4}", of[q] + 1);
        }
        for s in &main.summary {
            let _ = write!(out, " {:>8}", fmt_value(s.per_query[q]));
        }
        out.push('\n');
    }
    let label = format!("mean ({} queries)", data.n_queries());
    let pad = if folds.is_some() { 5 } else { 0 };
    let _ = write!(out, "{:<w$}", label, w = width + 13 + pad);
    for s in &main.summary {
        let _ = write!(out, " {:>8}", fmt_value(s.mean));
    }
    out.push('\n');
    if !baselines.is_empty() {
        let _ = writeln!(out, "\nmeans over the same queries:");
        let w = baselines
            .iter()
            .chain([main])
            .map(|e| e.name.len())
            .max()
            .unwrap_or(0)
            + 5;
        let _ = write!(out, "{:<w$}", "scorer");
        for s in &main.summary {
            let _ = write!(out, " {:>8}", s.metric.to_string());
        }
        out.push('\n');
        for (e, tag) in [(main, " (cv)")]
            .into_iter()
            .chain(baselines.iter().map(|b| (b, "")))
        {
            let _ = write!(out, "{:<w$}", format!("{}{tag}", e.name));
            for s in &e.summary {
                let _ = write!(out, " {:>8}", fmt_value(s.mean));
            }
            out.push('\n');
        }
    }
    out
}

fn means(summary: &[MetricSummary]) -> Map<String, Value> {
    summary
        .iter()
        .map(|s| (s.metric.to_string(), json!(s.mean)))
        .collect()
}

fn json_doc(
    loaded: &Loaded,
    main: &Evaluated,
    baselines: &[Evaluated],
    folds: Folds,
    config: &Config,
) -> Value {
    let data = &loaded.data;
    let mut doc = means(&main.summary);
    doc.insert("scorer".into(), json!(main.name));
    doc.insert("data".into(), json!(loaded.name));
    doc.insert("queries".into(), json!(data.n_queries()));
    doc.insert("rows".into(), json!(data.n_rows()));
    let empty = match config.options.empty {
        shiprank::EmptyQuery::One => "one",
        shiprank::EmptyQuery::Zero => "zero",
        _ => "skip",
    };
    doc.insert("empty_queries".into(), json!(empty));
    let per_query: Vec<Value> = (0..data.n_queries())
        .map(|q| {
            let (rows, relevant) = counts(data, q);
            let mut row = Map::new();
            row.insert("query".into(), json!(data.query_ids[q]));
            row.insert("rows".into(), json!(rows));
            row.insert("relevant".into(), json!(relevant));
            if let Some((of, ..)) = folds {
                row.insert("fold".into(), json!(of[q] + 1));
            }
            for s in &main.summary {
                row.insert(s.metric.to_string(), json!(s.per_query[q]));
            }
            Value::Object(row)
        })
        .collect();
    doc.insert("per_query".into(), Value::Array(per_query));
    if let Some((_, k, seed, secs)) = folds {
        doc.insert(
            "cross_validation".into(),
            json!({ "folds": k, "seed": seed, "train_seconds": secs }),
        );
    }
    if !baselines.is_empty() {
        let b: Map<String, Value> = baselines
            .iter()
            .map(|e| (e.name.clone(), Value::Object(means(&e.summary))))
            .collect();
        doc.insert("baselines".into(), Value::Object(b));
    }
    Value::Object(doc)
}
