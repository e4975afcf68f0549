//! Rendering rankings as a table, CSV or JSON.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::explain::Explanation;
use crate::features::Feature;
use crate::rank::RoleRanking;
use crate::role::Role;

/// How a ranking is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutputFormat {
    /// A readable table per role.
    #[default]
    Table,
    /// One CSV row per ranked candidate: `role_id, rank, candidate_id, name, country, score`,
    /// then, with explanations, each feature's value and contribution and the raw quantities.
    Csv,
    /// One JSON document with every role's ranking.
    Json,
    /// TREC run lines, `role_id Q0 candidate_id rank score shiprank`, for trec_eval and
    /// similar tools.
    Trec,
}

/// Everything a report shows.
#[derive(Clone, Copy, Debug)]
pub struct Report<'a> {
    /// The roles ranked (rankings point into it).
    pub roles: &'a [Role],
    /// One ranking per role.
    pub rankings: &'a [RoleRanking],
    /// The reference date.
    pub as_of: NaiveDate,
    /// Whether to explain every score.
    pub explain: bool,
}

/// Raw quantities shown beside the score in tables and explained CSV.
const RAW_COLUMNS: [(Feature, &str); 3] = [
    (Feature::TimezoneOverlap, "overlap_hours"),
    (Feature::SalaryFit, "salary_usd"),
    (Feature::RepoImpact, "stars"),
];

impl Report<'_> {
    /// Renders the report.
    ///
    /// # Errors
    /// Serialization failures (not expected for valid rankings).
    pub fn render(&self, format: OutputFormat) -> Result<Vec<u8>> {
        match format {
            OutputFormat::Table => Ok(self.table().into_bytes()),
            OutputFormat::Csv => self.csv(),
            OutputFormat::Json => self.json(),
            OutputFormat::Trec => self.trec(),
        }
    }

    fn trec(&self) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        for ranking in self.rankings {
            let role = &self.roles[ranking.role];
            let ids: Vec<&str> = ranking
                .ranked
                .iter()
                .map(|r| r.candidate_id.as_str())
                .collect();
            let scores: Vec<f64> = ranking.ranked.iter().map(|r| r.score).collect();
            crate::eval::write_trec_run(&mut out, &role.id, &ids, &scores, "shiprank")?;
        }
        Ok(out)
    }

    fn table(&self) -> String {
        let mut out = String::new();
        for ranking in self.rankings {
            let role = &self.roles[ranking.role];
            let _ = writeln!(
                out,
                "== {} · {} · {} ==",
                role.id, role.title, ranking.strategy
            );
            let _ = write!(
                out,
                "   {} candidates scored, {} excluded",
                ranking.considered,
                ranking.excluded_total()
            );
            if !ranking.excluded.is_empty() {
                let why: Vec<_> = ranking
                    .excluded
                    .iter()
                    .map(|(k, n)| format!("{k}: {n}"))
                    .collect();
                let _ = write!(out, " ({})", why.join(", "));
            }
            out.push('\n');
            let _ = writeln!(
                out,
                "{:>5}  {:<12} {:<24} {:<10} {:>7} {:>8} {:>11} {:>7}",
                "rank", "candidate", "name", "country", "score", "overlap", "salary_usd", "stars"
            );
            for r in &ranking.ranked {
                let raw = |f: Feature| r.extraction.raw[f.index()];
                let _ = writeln!(
                    out,
                    "{:>5}  {:<12} {:<24} {:<10} {:>7.4} {:>8} {:>11} {:>7}",
                    r.rank,
                    truncate(&r.candidate_id, 12),
                    truncate(&r.name, 24),
                    truncate(&r.country, 10),
                    r.score,
                    raw(Feature::TimezoneOverlap).map_or("-".into(), |h| format!("{h:.1}h")),
                    raw(Feature::SalaryFit).map_or("-".into(), |s| format!("{s:.0}")),
                    raw(Feature::RepoImpact).map_or("-".into(), |s| format!("{s:.0}")),
                );
                if self.explain {
                    for t in &r.explanation.terms {
                        let raw = match (t.raw, t.raw_unit) {
                            (Some(v), Some(unit)) => format!("  ({} {unit})", trim_float(v)),
                            _ => String::new(),
                        };
                        let _ = match (t.weight, t.contribution) {
                            (Some(w), Some(c)) => writeln!(
                                out,
                                "         {:<17} {:.3} × {:.3} = {:.4}{raw}",
                                t.feature, t.value, w, c
                            ),
                            // A non-linear model: values only.
                            _ => writeln!(out, "         {:<17} {:.3}{raw}", t.feature, t.value),
                        };
                    }
                }
            }
            out.push('\n');
        }
        out
    }

    fn csv(&self) -> Result<Vec<u8>> {
        let mut w = csv::Writer::from_writer(Vec::new());
        let mut header: Vec<String> = [
            "role_id",
            "rank",
            "candidate_id",
            "name",
            "country",
            "score",
        ]
        .map(String::from)
        .to_vec();
        if self.explain {
            for f in Feature::ALL {
                header.push(f.name().to_string());
                header.push(format!("{}_contribution", f.name()));
            }
            header.extend(RAW_COLUMNS.iter().map(|(_, name)| name.to_string()));
        }
        let fail = |e: csv::Error| Error::Invalid(format!("writing CSV: {e}"));
        w.write_record(&header).map_err(fail)?;
        for ranking in self.rankings {
            let role = &self.roles[ranking.role];
            for r in &ranking.ranked {
                let mut row = vec![
                    role.id.clone(),
                    r.rank.to_string(),
                    r.candidate_id.clone(),
                    r.name.clone(),
                    r.country.clone(),
                    r.score.to_string(),
                ];
                if self.explain {
                    for t in &r.explanation.terms {
                        row.push(t.value.to_string());
                        row.push(t.contribution.map_or(String::new(), |c| c.to_string()));
                    }
                    for (f, _) in RAW_COLUMNS {
                        row.push(
                            r.extraction.raw[f.index()].map_or(String::new(), |v| v.to_string()),
                        );
                    }
                }
                w.write_record(&row).map_err(fail)?;
            }
        }
        w.into_inner()
            .map_err(|e| Error::Invalid(format!("writing CSV: {e}")))
    }

    fn json(&self) -> Result<Vec<u8>> {
        #[derive(Serialize)]
        struct Doc<'a> {
            as_of: String,
            roles: Vec<RoleDoc<'a>>,
        }
        #[derive(Serialize)]
        struct RoleDoc<'a> {
            role_id: &'a str,
            title: &'a str,
            strategy: &'a str,
            #[serde(skip_serializing_if = "Option::is_none")]
            weights: Option<serde_json::Map<String, serde_json::Value>>,
            #[serde(skip_serializing_if = "Option::is_none")]
            intercept: Option<f64>,
            candidates_considered: usize,
            candidates_excluded: usize,
            excluded: &'a std::collections::BTreeMap<String, usize>,
            ranking: Vec<Row<'a>>,
        }
        #[derive(Serialize)]
        struct Row<'a> {
            rank: usize,
            candidate_id: &'a str,
            name: &'a str,
            country: &'a str,
            score: f64,
            #[serde(skip_serializing_if = "Option::is_none")]
            explanation: Option<Explanation>,
        }
        let roles = self
            .rankings
            .iter()
            .map(|ranking| {
                let role = &self.roles[ranking.role];
                RoleDoc {
                    role_id: &role.id,
                    title: &role.title,
                    strategy: &ranking.strategy,
                    weights: ranking.weights.map(|(w, _)| {
                        Feature::ALL
                            .iter()
                            .map(|&f| (f.name().to_string(), w[f.index()].into()))
                            .collect()
                    }),
                    intercept: ranking.weights.map(|(_, b)| b).filter(|b| *b != 0.0),
                    candidates_considered: ranking.considered,
                    candidates_excluded: ranking.excluded_total(),
                    excluded: &ranking.excluded,
                    ranking: ranking
                        .ranked
                        .iter()
                        .map(|r| Row {
                            rank: r.rank,
                            candidate_id: &r.candidate_id,
                            name: &r.name,
                            country: &r.country,
                            score: r.score,
                            explanation: self.explain.then(|| r.explanation.clone()),
                        })
                        .collect(),
                }
            })
            .collect();
        let doc = Doc {
            as_of: self.as_of.to_string(),
            roles,
        };
        let mut bytes = serde_json::to_vec_pretty(&doc)
            .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}

/// `s` cut to `width` characters, with `…` marking a cut.
pub fn truncate(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(width - 1).collect();
        t.push('…');
        t
    }
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.2}")
    }
}
