//! A readable table per role.

use std::fmt::Write as _;

use super::{trim_float, truncate, Report};
use crate::feature::Feature;

impl Report<'_> {
    pub(super) fn table(&self) -> String {
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
}
