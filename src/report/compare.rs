//! Rendering a comparison: a terminal table, JSON (stable keys, per-query values), long-form
//! CSV (`scorer,metric,k,mean,ci_low,ci_high,diff,p,p_holm`) and a self-contained HTML page.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde_json::{json, Map, Value};

use super::csv::spreadsheet_safe;
use super::html::{IntervalBar, Page};
use super::{fit, truncate};
use crate::error::{Error, Result};
use crate::eval::Metric;
use crate::outcomes::{Comparison, Labelled, MetricStat, ScorerResult};
use crate::stats::PermutationMethod;

/// Significance level of the marks in tables and pages (on Holm-adjusted p-values).
pub const ALPHA: f64 = 0.05;

/// A comparison and what it was made on, ready to render.
#[derive(Clone, Copy, Debug)]
pub struct CompareReport<'a> {
    /// The data.
    pub data: &'a Labelled,
    /// The comparison.
    pub comparison: &'a Comparison,
    /// The reference date of the features.
    pub as_of: NaiveDate,
}

/// `ndcg@5` → (`ndcg`, Some(5)).
fn metric_parts(m: Metric) -> (&'static str, Option<usize>) {
    match m {
        Metric::Ndcg { k } => ("ndcg", k),
        Metric::Map => ("map", None),
        Metric::Precision { k } => ("p", Some(k)),
        Metric::Mrr => ("mrr", None),
    }
}

fn num(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_string(), |v| format!("{v:.decimals$}"))
}

fn p_text(p: f64) -> String {
    if p < 0.001 {
        "<0.001".to_string()
    } else {
        format!("{p:.3}")
    }
}

impl CompareReport<'_> {
    fn header_line(&self) -> String {
        let c = self.comparison;
        let o = &c.options;
        let data = &self.data.data;
        let test = c
            .scorers
            .iter()
            .flat_map(|s| &s.metrics)
            .find_map(|m| m.vs_baseline.as_ref())
            .map(|d| match d.test.method {
                PermutationMethod::Exact => format!("exact over {} sign patterns", d.test.patterns),
                PermutationMethod::MonteCarlo => {
                    format!("{} random sign patterns", d.test.patterns)
                }
            })
            .unwrap_or_default();
        let mut s = format!(
            "{} scorers on {} ({} queries, {} rows), as of {}; baseline {}\n\
             95% intervals: paired bootstrap over queries, {} resamples, seed {}; p: two-sided \
             paired sign-flip test ({test}), Holm-adjusted over {} comparisons",
            c.scorers.len(),
            self.data.name,
            data.n_queries(),
            data.n_rows(),
            self.as_of,
            c.baseline().name,
            o.bootstrap,
            o.seed,
            (c.scorers.len() - 1) * c.baseline().metrics.len(),
        );
        if let Some(f) = &c.folds {
            let _ = write!(
                s,
                "; trained scorers: {}-fold cross-validation by query",
                f.folds
            );
        }
        s
    }

    /// The terminal table: means with intervals (one row per scorer, the baseline marked),
    /// differences to the baseline with adjusted p (significant ones marked `*`), rank
    /// agreement, credential dependence and, with `by`, the lowest impact ratio.
    pub fn table(&self) -> String {
        let c = self.comparison;
        let mut out = self.header_line();
        out.push_str("\n\n");
        let w = c
            .scorers
            .iter()
            .map(|s| super::display_width(&super::printable(&s.name)) + 2)
            .max()
            .unwrap_or(8)
            .clamp(8, 30);
        let metrics: Vec<Metric> = c.baseline().metrics.iter().map(|m| m.metric).collect();
        let cell = 22;
        let _ = write!(out, "{}", fit("scorer", w));
        for m in &metrics {
            let _ = write!(out, " {:>cell$}", m.to_string());
        }
        let by = c.options.by.as_deref();
        if let Some(col) = by {
            let _ = write!(out, "  lowest impact ratio ({col}, top {})", c.cut);
        }
        out.push('\n');
        for (i, s) in c.scorers.iter().enumerate() {
            let mark = if i == c.options.baseline { " ◆" } else { "" };
            let _ = write!(out, "{}", fit(&format!("{}{mark}", s.name), w));
            for m in &s.metrics {
                let ci = m.ci.map_or(String::new(), |ci| {
                    format!(" [{:.3},{:.3}]", ci.low, ci.high)
                });
                let _ = write!(out, " {:>cell$}", format!("{}{ci}", num(m.mean, 4)));
            }
            if by.is_some() {
                let _ = write!(out, "  {}", lowest_text(s));
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "◆ baseline\n\ndifference to {} (mean [95% interval] p_holm; * p_holm < {ALPHA}):",
            c.baseline().name
        );
        let _ = write!(out, "{}", fit("scorer", w));
        for m in &metrics {
            let _ = write!(out, " {:>30}", m.to_string());
        }
        let _ = writeln!(out, " {:>9}", "w/t/l");
        for s in c
            .scorers
            .iter()
            .filter(|s| s.metrics[0].vs_baseline.is_some())
        {
            let _ = write!(out, "{}", fit(&s.name, w));
            for m in &s.metrics {
                let d = m.vs_baseline.as_ref().expect("not the baseline");
                let ci = d.ci.map_or(String::new(), |ci| {
                    format!(" [{:+.3},{:+.3}]", ci.low, ci.high)
                });
                let star = if d.p_holm < ALPHA { "*" } else { " " };
                let _ = write!(
                    out,
                    " {:>30}",
                    format!("{:+.4}{ci} {}{star}", d.mean, p_text(d.p_holm))
                );
            }
            let r = s.metrics[0]
                .vs_baseline
                .as_ref()
                .expect("not the baseline")
                .record;
            let _ = writeln!(out, " {:>9}", format!("{}/{}/{}", r.wins, r.ties, r.losses));
        }
        let _ = writeln!(
            out,
            "(w/t/l: queries where {} is higher, equal, lower than the baseline)\n",
            metrics[0]
        );
        let _ = writeln!(
            out,
            "rank agreement, mean over queries (Kendall tau-b / top-{} overlap):",
            c.cut
        );
        let _ = write!(out, "{}", fit("", w));
        for s in &c.scorers {
            let _ = write!(out, " {:>13}", truncate(&s.name, 13));
        }
        out.push('\n');
        for (i, s) in c.scorers.iter().enumerate() {
            let _ = write!(out, "{}", fit(&s.name, w));
            for j in 0..c.scorers.len() {
                let text = if i == j {
                    "-".to_string()
                } else {
                    let a = c
                        .agreement
                        .iter()
                        .find(|a| (a.a, a.b) == (i.min(j), i.max(j)))
                        .expect("every pair");
                    format!("{}/{:.2}", num(a.kendall_tau_b, 2), a.top_k_overlap)
                };
                let _ = write!(out, " {text:>13}");
            }
            out.push('\n');
        }
        let _ = writeln!(
            out,
            "\ncredential dependence (degree and certifications set to their mean over each query's pool):"
        );
        let _ = writeln!(
            out,
            "{} {:>10} {:>10} {:>10} {:>14}",
            fit("scorer", w),
            format!("ndcg@{}", c.cut),
            "neutral",
            "change",
            format!("top-{} kept", c.cut)
        );
        for s in &c.scorers {
            let _ = write!(out, "{}", fit(&s.name, w));
            match &s.credentials {
                Some(d) => {
                    let _ = writeln!(
                        out,
                        " {:>10} {:>10} {:>10} {:>14}",
                        num(d.original, 4),
                        num(d.neutral, 4),
                        d.change.map_or("-".into(), |v| format!("{v:+.4}")),
                        format!("{:.1}%", 100.0 * d.top_k_overlap)
                    );
                }
                None => {
                    let _ = writeln!(out, " {:>10} (cannot be re-scored)", "-");
                }
            }
        }
        out
    }

    /// One JSON document with stable keys: the settings, then every scorer with each metric's
    /// mean, interval, per-query values and difference to the baseline, then the agreement.
    ///
    /// # Errors
    /// Serialization failures (not expected).
    pub fn json(&self) -> Result<Vec<u8>> {
        let c = self.comparison;
        let o = &c.options;
        let data = &self.data.data;
        let scorers: Vec<Value> = c
            .scorers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let metrics: Vec<Value> = s.metrics.iter().map(metric_json).collect();
                json!({
                    "name": s.name,
                    "kind": s.kind,
                    "baseline": i == o.baseline,
                    "metrics": metrics,
                    "credential_dependence": s.credentials.as_ref().map(|d| json!({
                        "metric": d.metric.to_string(),
                        "original": d.original,
                        "neutral": d.neutral,
                        "change": d.change,
                        "top_k_overlap": d.top_k_overlap,
                    })),
                    "impact": s.impact.as_ref().map(|imp| json!({
                        "by": o.by,
                        "k": c.cut,
                        "lowest": imp.lowest.as_ref().map(|(cat, r)| json!({"category": cat, "impact_ratio": r})),
                        "categories": imp.rates,
                    })),
                })
            })
            .collect();
        let agreement: Vec<Value> = c
            .agreement
            .iter()
            .map(|a| {
                json!({
                    "a": c.scorers[a.a].name,
                    "b": c.scorers[a.b].name,
                    "kendall_tau_b": a.kendall_tau_b,
                    "top_k_overlap": a.top_k_overlap,
                })
            })
            .collect();
        let mut doc = Map::new();
        doc.insert("as_of".into(), json!(self.as_of.to_string()));
        doc.insert("data".into(), json!(self.data.name));
        doc.insert("queries".into(), json!(data.query_ids));
        doc.insert("rows".into(), json!(data.n_rows()));
        doc.insert("baseline".into(), json!(c.baseline().name));
        doc.insert("k".into(), json!(o.ks));
        doc.insert("top_k".into(), json!(c.cut));
        doc.insert("empty_queries".into(), json!(o.eval.empty.name()));
        doc.insert("bootstrap".into(), json!(o.bootstrap));
        doc.insert("permutations".into(), json!(o.permutations));
        doc.insert("seed".into(), json!(o.seed));
        doc.insert("confidence".into(), json!(o.level));
        doc.insert(
            "folds".into(),
            c.folds.as_ref().map_or(Value::Null, |f| {
                json!({"folds": f.folds, "fold_of_query": f.fold_of_query.iter().map(|q| q + 1).collect::<Vec<_>>()})
            }),
        );
        doc.insert("scorers".into(), Value::Array(scorers));
        doc.insert("agreement".into(), Value::Array(agreement));
        let mut bytes = serde_json::to_vec_pretty(&Value::Object(doc))
            .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Long-form CSV: `scorer,metric,k,mean,ci_low,ci_high,diff,p,p_holm`, one row per scorer
    /// and metric (difference columns empty for the baseline). `raw` leaves user text as read
    /// (see [`spreadsheet_safe`]).
    ///
    /// # Errors
    /// Writing failures (not expected).
    pub fn csv(&self, raw: bool) -> Result<Vec<u8>> {
        let mut w = ::csv::Writer::from_writer(Vec::new());
        let fail = |e: ::csv::Error| Error::Invalid(format!("writing CSV: {e}"));
        w.write_record([
            "scorer", "metric", "k", "mean", "ci_low", "ci_high", "diff", "p", "p_holm",
        ])
        .map_err(fail)?;
        let f = |v: Option<f64>| v.map_or(String::new(), |v| format!("{v}"));
        for s in &self.comparison.scorers {
            let name = if raw {
                s.name.clone()
            } else {
                spreadsheet_safe(&s.name).into_owned()
            };
            for m in &s.metrics {
                let (metric, k) = metric_parts(m.metric);
                let d = m.vs_baseline.as_ref();
                w.write_record([
                    name.clone(),
                    metric.to_string(),
                    k.map_or(String::new(), |k| k.to_string()),
                    f(m.mean),
                    f(m.ci.map(|c| c.low)),
                    f(m.ci.map(|c| c.high)),
                    f(d.map(|d| d.mean)),
                    f(d.map(|d| d.test.p)),
                    f(d.map(|d| d.p_holm)),
                ])
                .map_err(fail)?;
            }
        }
        w.into_inner()
            .map_err(|e| Error::Invalid(format!("writing CSV: {e}")))
    }

    /// The HTML page: means with interval whiskers per metric, per-query differences to the
    /// baseline, the agreement heatmap and credential-dependence bars.
    pub fn html(&self) -> String {
        let c = self.comparison;
        let mut page = Page::new(&format!(
            "Comparison of {} scorers on {}",
            c.scorers.len(),
            self.data.name
        ));
        for line in self.header_line().lines() {
            page.note(line);
        }
        let metrics: Vec<Metric> = c.baseline().metrics.iter().map(|m| m.metric).collect();
        page.heading("Scorers");
        let mut header = vec!["scorer".to_string(), "kind".to_string()];
        header.extend(metrics.iter().map(|m| m.to_string()));
        if let Some(col) = &c.options.by {
            header.push(format!("lowest impact ratio ({col}, top {})", c.cut));
        }
        let rows: Vec<(Vec<String>, bool)> = c
            .scorers
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut cells = vec![
                    if i == c.options.baseline {
                        format!("{} (baseline)", s.name)
                    } else {
                        s.name.clone()
                    },
                    s.kind.to_string(),
                ];
                for m in &s.metrics {
                    let mut text = num(m.mean, 4);
                    if let Some(ci) = m.ci {
                        let _ = write!(text, " [{:.3}, {:.3}]", ci.low, ci.high);
                    }
                    if let Some(d) = &m.vs_baseline {
                        let _ = write!(
                            text,
                            " Δ{:+.3} p={}{}",
                            d.mean,
                            p_text(d.p_holm),
                            if d.p_holm < ALPHA { "*" } else { "" }
                        );
                    }
                    cells.push(text);
                }
                if c.options.by.is_some() {
                    cells.push(lowest_text(s));
                }
                (cells, i == c.options.baseline)
            })
            .collect();
        page.table(&header, &rows);
        page.note(&format!(
            "Δ: mean difference to the baseline; p: Holm-adjusted; * p < {ALPHA}."
        ));
        page.heading("Means with 95% intervals");
        for (j, m) in metrics.iter().enumerate() {
            let bars: Vec<IntervalBar> = c
                .scorers
                .iter()
                .enumerate()
                .map(|(i, s)| IntervalBar {
                    label: s.name.clone(),
                    value: s.metrics[j].mean.unwrap_or(f64::NAN),
                    low: s.metrics[j].ci.map(|c| c.low),
                    high: s.metrics[j].ci.map(|c| c.high),
                    mark: i == c.options.baseline,
                })
                .collect();
            page.interval_chart(&m.to_string(), &bars, 0.0, 1.0);
            page.note(&m.to_string());
        }
        let first = metrics[0];
        page.heading(&format!(
            "{first} per query, difference to {}",
            c.baseline().name
        ));
        for s in c
            .scorers
            .iter()
            .filter(|s| s.metrics[0].vs_baseline.is_some())
        {
            let d = s.metrics[0].vs_baseline.as_ref().expect("not the baseline");
            let bars: Vec<(String, f64)> = self
                .data
                .data
                .query_ids
                .iter()
                .zip(&d.per_query)
                .filter_map(|(q, v)| v.map(|v| (q.clone(), v)))
                .collect();
            page.note(&format!("{} − {}", s.name, c.baseline().name));
            page.bar_chart(
                &format!("{} per query: {} − {}", first, s.name, c.baseline().name),
                &bars,
            );
        }
        page.heading(&format!(
            "Rank agreement (mean Kendall tau-b; top-{} overlap below)",
            c.cut
        ));
        let names: Vec<String> = c.scorers.iter().map(|s| s.name.clone()).collect();
        let n = names.len();
        let mut tau = vec![vec![Some(1.0); n]; n];
        let mut overlap = vec![vec![Some(1.0); n]; n];
        for a in &c.agreement {
            tau[a.a][a.b] = a.kendall_tau_b;
            tau[a.b][a.a] = a.kendall_tau_b;
            overlap[a.a][a.b] = Some(a.top_k_overlap);
            overlap[a.b][a.a] = Some(a.top_k_overlap);
        }
        page.heatmap("Kendall tau-b", &names, &tau);
        page.heatmap(&format!("top-{} overlap", c.cut), &names, &overlap);
        page.heading("Credential dependence");
        page.note(&format!(
            "Change of ndcg@{} when degree and certifications are set to their mean over each query's pool (negative: the ranking needed credentials to reach its quality); then the share of the top {} kept.",
            c.cut, c.cut
        ));
        let change: Vec<(String, f64)> = c
            .scorers
            .iter()
            .filter_map(|s| {
                s.credentials
                    .as_ref()
                    .and_then(|d| d.change)
                    .map(|v| (s.name.clone(), v))
            })
            .collect();
        page.bar_chart("NDCG change without credentials", &change);
        let kept: Vec<(String, f64)> = c
            .scorers
            .iter()
            .filter_map(|s| {
                s.credentials
                    .as_ref()
                    .map(|d| (s.name.clone(), d.top_k_overlap))
            })
            .collect();
        page.bar_chart("top-k kept without credentials", &kept);
        page.render()
    }
}

fn lowest_text(s: &ScorerResult) -> String {
    match s.impact.as_ref().and_then(|i| i.lowest.as_ref()) {
        Some((cat, r)) => format!("{r:.2} ({})", truncate(cat, 16)),
        None => "-".to_string(),
    }
}

fn metric_json(m: &MetricStat) -> Value {
    let (name, k) = metric_parts(m.metric);
    let mut v = json!({
        "metric": m.metric.to_string(),
        "name": name,
        "k": k,
        "mean": m.mean,
        "ci_low": m.ci.map(|c| c.low),
        "ci_high": m.ci.map(|c| c.high),
        "per_query": m.per_query,
    });
    if let Some(d) = &m.vs_baseline {
        v["diff"] = json!({
            "mean": d.mean,
            "ci_low": d.ci.map(|c| c.low),
            "ci_high": d.ci.map(|c| c.high),
            "p": d.test.p,
            "p_holm": d.p_holm,
            "test": d.test.method,
            "sign_patterns": d.test.patterns,
            "wins": d.record.wins,
            "ties": d.record.ties,
            "losses": d.record.losses,
            "per_query": d.per_query,
        });
    }
    v
}
