//! `shiprank model show`: what a model file holds, for people (text) and scripts (JSON).

use std::fmt::Write as _;
use std::path::PathBuf;

use std::num::NonZeroUsize;

use super::args::ListFormat;
use super::common::{records, top};
use shiprank::{ModelSummary, TrainingInfo};

/// Arguments of `shiprank model`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

/// What to do with a model file.
#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Show a model: algorithm and parameters, the training data it saw and how it scored
    /// there, its size, and the features it leans on (gain and split counts for trees,
    /// weights for linear models).
    Show(ShowArgs),
}

/// Arguments of `shiprank model show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// The model file (JSON, as `train` writes it).
    #[arg(value_name = "PATH")]
    pub path: PathBuf,
    /// Output format: sections for a terminal (table); the feature importance as CSV rows;
    /// or one JSON object (algorithm, params, n_features, training, trees, intercept,
    /// features).
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Features listed in the table, most important first (CSV and JSON list all).
    #[arg(long, value_name = "N", default_value = "20", value_parser = top, allow_negative_numbers = true)]
    pub top: NonZeroUsize,
}

/// Runs `shiprank model`.
pub fn run(args: &Args) -> anyhow::Result<()> {
    match &args.action {
        Action::Show(show) => {
            let model = shiprank::read_model(&show.path)?;
            let summary = model.summary();
            let out = match show.format {
                ListFormat::Json => (serde_json::to_string_pretty(&summary)? + "\n").into_bytes(),
                ListFormat::Table => text(&summary, &show.path, show.top.get()).into_bytes(),
                ListFormat::Csv => importance_csv(&summary),
            };
            std::io::Write::write_all(&mut std::io::stdout().lock(), &out)?;
            Ok(())
        }
    }
}

/// The feature importance as CSV: one row per feature, most important first.
fn importance_csv(s: &ModelSummary) -> Vec<u8> {
    let cell = |v: Option<String>| v.unwrap_or_default();
    let rows = s
        .features
        .iter()
        .map(|f| {
            vec![
                f.feature.clone(),
                cell(f.gain.map(|g| g.to_string())),
                cell(f.splits.map(|n| n.to_string())),
                cell(f.weight.map(|w| w.to_string())),
                cell(f.standardized_weight.map(|w| w.to_string())),
            ]
        })
        .collect();
    let header = ["feature", "gain", "splits", "weight", "standardized_weight"];
    records(ListFormat::Csv, &header, rows)
}

/// The summary as sections of aligned text.
fn text(s: &ModelSummary, path: &std::path::Path, top: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} model, {} features",
        path.display(),
        s.algorithm,
        s.n_features
    );
    out.push_str("\nparameters\n");
    if let Ok(serde_json::Value::Object(params)) = serde_json::to_value(&s.params) {
        for (name, value) in params {
            let _ = writeln!(out, "  {name:<24} {value}");
        }
    }
    training(&mut out, &s.training);
    if let Some(t) = s.trees {
        let _ = writeln!(
            out,
            "\nshape\n  {} trees, {} leaves, deepest leaf at depth {}",
            t.trees, t.leaves, t.max_depth
        );
    }
    if let Some(b) = s.intercept {
        let _ = writeln!(out, "\nintercept (raw units) {b}");
    }
    let shown = top.min(s.features.len());
    let _ = writeln!(
        out,
        "\nfeature importance (top {shown} of {})",
        s.features.len()
    );
    if s.trees.is_some() {
        let _ = writeln!(out, "  {:<24} {:>14} {:>7}", "feature", "gain", "splits");
        for f in &s.features[..shown] {
            let (gain, splits) = (f.gain.unwrap_or(0.0), f.splits.unwrap_or(0));
            let _ = writeln!(out, "  {:<24} {gain:>14.4} {splits:>7}", f.feature);
        }
    } else if s.intercept.is_some() {
        let _ = writeln!(
            out,
            "  {:<24} {:>14} {:>14}",
            "feature", "weight", "per std"
        );
        for f in &s.features[..shown] {
            let (w, z) = (
                f.weight.unwrap_or(0.0),
                f.standardized_weight.unwrap_or(0.0),
            );
            let _ = writeln!(out, "  {:<24} {w:>14.6} {z:>14.6}", f.feature);
        }
    } else {
        out.push_str("  (not available for this model: it is neither linear nor made of trees)\n");
    }
    out
}

/// The training record's lines.
fn training(out: &mut String, t: &TrainingInfo) {
    let _ = writeln!(
        out,
        "\ntraining\n  {} rows in {} queries, as of {}\n  data {}",
        t.rows, t.queries, t.trained_at, t.data_hash
    );
    for (name, value) in &t.metrics {
        let _ = writeln!(out, "  {name:<24} {value:.4}");
    }
    if let Some(cv) = &t.cross_validation {
        let _ = writeln!(
            out,
            "  cross-validated ({} folds, seed {}):",
            cv.folds, cv.seed
        );
        for (name, value) in &cv.metrics {
            let _ = writeln!(out, "    {name:<22} {value:.4}");
        }
    }
}
