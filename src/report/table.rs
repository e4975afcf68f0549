//! A readable table per role.

use std::fmt::Write as _;

use super::{considered_line, display_width, fit, printable, trim_float, Report};

/// The width tables fit in.
const TABLE_WIDTH: usize = 100;
/// Columns of a row besides the candidate and the name (rank, country, score, overlap,
/// salary, stars, and the spaces between).
const OTHER_COLUMNS: usize = 56;
use crate::feature::Feature;

impl Report<'_> {
    pub(super) fn table(&self) -> String {
        let mut out = String::new();
        for ranking in self.rankings {
            let role = &self.roles[ranking.role];
            let _ = writeln!(
                out,
                "== {} · {} · {} ==",
                printable(&role.id),
                printable(&role.title),
                ranking.strategy
            );
            let _ = writeln!(out, "   {}", considered_line(ranking));
            // Ids are never cut: the name column gets what is left of the table's width.
            let id_width = ranking
                .ranked
                .iter()
                .map(|r| display_width(&printable(&r.candidate_id)))
                .chain([display_width("candidate")])
                .max()
                .unwrap_or(9);
            let name_width = TABLE_WIDTH
                .saturating_sub(OTHER_COLUMNS + id_width)
                .clamp(8, 24);
            let _ = writeln!(
                out,
                "{:>5}  {} {} {} {:>7} {:>8} {:>11} {:>7}",
                "rank",
                fit("candidate", id_width),
                fit("name", name_width),
                fit("country", 10),
                "score",
                "overlap",
                "salary_usd",
                "stars"
            );
            for r in &ranking.ranked {
                let raw = |f: Feature| r.extraction.raw[f.index()];
                let _ = writeln!(
                    out,
                    "{:>5}  {} {} {} {:>7.4} {:>8} {:>11} {:>7}",
                    r.rank,
                    fit(&r.candidate_id, id_width),
                    fit(&r.name, name_width),
                    fit(&r.country, 10),
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
                            // A tree model: its SHAP value.
                            (None, Some(c)) => writeln!(
                                out,
                                "         {:<17} {:.3}  SHAP {c:+.4}{raw}",
                                t.feature, t.value
                            ),
                            // Another non-linear model: values only.
                            _ => writeln!(out, "         {:<17} {:.3}{raw}", t.feature, t.value),
                        };
                    }
                    let e = &r.explanation;
                    if e.intercept != 0.0 && e.terms.iter().all(|t| t.contribution.is_some()) {
                        // What the contributions start from: an intercept, an expected value.
                        let _ = writeln!(out, "         {:<17} {:+.4}", "(baseline)", e.intercept);
                    }
                }
            }
            out.push('\n');
        }
        out
    }
}
