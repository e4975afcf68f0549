//! Rendering an evaluation: a table (one row per query, the means, then the presets on the same
//! queries), long-form CSV, or one JSON document.

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::csv::spreadsheet_safe;
use super::truncate;
use crate::error::{Error, Result};
use crate::eval::{EvalOptions, MetricSummary};
use crate::outcomes::{Evaluation, Labelled};

/// An evaluation and the data it was made on, ready to render.
#[derive(Clone, Copy, Debug)]
pub struct EvaluationReport<'a> {
    /// The data.
    pub data: &'a Labelled,
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// How metrics were computed.
    pub options: &'a EvalOptions,
}

/// A metric value with 4 decimals, `-` for none.
pub fn fmt_value(v: Option<f64>) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.4}"))
}

/// One line of means: `ndcg@1 0.6038  ndcg@3 ...`.
pub fn means_line(summaries: &[MetricSummary]) -> String {
    summaries
        .iter()
        .map(|s| format!("{} {}", s.metric, fmt_value(s.mean)))
        .collect::<Vec<_>>()
        .join("  ")
}

fn means(summary: &[MetricSummary]) -> Map<String, Value> {
    summary
        .iter()
        .map(|s| (s.metric.to_string(), json!(s.mean)))
        .collect()
}

impl EvaluationReport<'_> {
    /// One row per query, the means, and the presets' means on the same queries.
    pub fn table(&self) -> String {
        let (labelled, main) = (self.data, &self.evaluation.main);
        let data = &labelled.data;
        let folds = self.evaluation.folds.as_ref();
        let mut out = String::new();
        let _ = write!(out, "{} on {}", main.name, labelled.name);
        if labelled.roles.is_some() {
            let _ = write!(out, " as of {}", labelled.as_of);
        }
        if let Some(f) = folds {
            let _ = write!(
                out,
                " ({}-fold cross-validation by query, seed {}, training {:.2} s)",
                f.folds, f.seed, f.train_seconds
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
            let (rows, relevant) = labelled.counts(q);
            let _ = write!(
                out,
                "{:<width$} {rows:>6} {relevant:>5}",
                truncate(id, width)
            );
            if let Some(f) = folds {
                let _ = write!(out, " {:>4}", f.fold_of_query[q] + 1);
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
        let baselines = &self.evaluation.baselines;
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

    /// Long-form CSV, one value per line: `scorer,query,rows,relevant,fold,metric,value`, each
    /// query's values, then the means (query `(mean)`), then the presets' means on the same
    /// queries. Query ids are written spreadsheet-safe.
    pub fn csv(&self) -> String {
        let (labelled, main) = (self.data, &self.evaluation.main);
        let data = &labelled.data;
        let folds = self.evaluation.folds.as_ref();
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut line = |cells: [&str; 7]| w.write_record(cells).expect("writing to memory");
        line([
            "scorer", "query", "rows", "relevant", "fold", "metric", "value",
        ]);
        let value = |v: Option<f64>| v.map_or_else(String::new, |v| v.to_string());
        for (q, id) in data.query_ids.iter().enumerate() {
            let (rows, relevant) = labelled.counts(q);
            let fold = folds.map_or_else(String::new, |f| (f.fold_of_query[q] + 1).to_string());
            for s in &main.summary {
                line([
                    &main.name,
                    &spreadsheet_safe(id),
                    &rows.to_string(),
                    &relevant.to_string(),
                    &fold,
                    &s.metric.to_string(),
                    &value(s.per_query[q]),
                ]);
            }
        }
        let rows = data.n_rows().to_string();
        for e in std::iter::once(main).chain(&self.evaluation.baselines) {
            for s in &e.summary {
                let metric = s.metric.to_string();
                line([&e.name, "(mean)", &rows, "", "", &metric, &value(s.mean)]);
            }
        }
        String::from_utf8(w.into_inner().expect("writing to memory")).expect("UTF-8 cells")
    }

    /// One JSON object: the mean metrics as top-level keys, then `per_query`, the folds and
    /// the presets' means.
    ///
    /// # Errors
    /// Serialization failures (not expected).
    pub fn json(&self) -> Result<Vec<u8>> {
        let (labelled, main) = (self.data, &self.evaluation.main);
        let data = &labelled.data;
        let folds = self.evaluation.folds.as_ref();
        let mut doc = means(&main.summary);
        doc.insert("scorer".into(), json!(main.name));
        doc.insert("data".into(), json!(labelled.name));
        doc.insert("queries".into(), json!(data.n_queries()));
        doc.insert("rows".into(), json!(data.n_rows()));
        doc.insert("empty_queries".into(), json!(self.options.empty.name()));
        if labelled.roles.is_some() {
            doc.insert("as_of".into(), json!(labelled.as_of.to_string()));
        }
        let per_query: Vec<Value> = (0..data.n_queries())
            .map(|q| {
                let (rows, relevant) = labelled.counts(q);
                let mut row = Map::new();
                row.insert("query".into(), json!(data.query_ids[q]));
                row.insert("rows".into(), json!(rows));
                row.insert("relevant".into(), json!(relevant));
                if let Some(f) = folds {
                    row.insert("fold".into(), json!(f.fold_of_query[q] + 1));
                }
                for s in &main.summary {
                    row.insert(s.metric.to_string(), json!(s.per_query[q]));
                }
                Value::Object(row)
            })
            .collect();
        doc.insert("per_query".into(), Value::Array(per_query));
        if let Some(f) = folds {
            doc.insert(
                "cross_validation".into(),
                json!({ "folds": f.folds, "seed": f.seed, "train_seconds": f.train_seconds }),
            );
        }
        let baselines = &self.evaluation.baselines;
        if !baselines.is_empty() {
            let b: Map<String, Value> = baselines
                .iter()
                .map(|e| (e.name.clone(), Value::Object(means(&e.summary))))
                .collect();
            doc.insert("baselines".into(), Value::Object(b));
        }
        let mut bytes = serde_json::to_vec_pretty(&Value::Object(doc))
            .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
