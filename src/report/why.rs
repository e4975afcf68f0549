//! `shiprank why` output: a readable answer, one CSV row per filter lift and suggestion, or the
//! [`Why`] document as JSON.

use super::{printable, spreadsheet_safe, OutputFormat};
use crate::counterfactual::{Edit, RawValue, Standing, Why};
use crate::error::{Error, Result};

/// Renders a [`Why`].
#[derive(Clone, Copy, Debug)]
pub struct WhyReport<'a> {
    /// The answer.
    pub why: &'a Why,
}

/// The CSV header of `why --format csv`: one row per filter lift (`kind` = `filter`) and
/// per suggestion (`suggestion`).
pub const WHY_CSV_HEADER: [&str; 20] = [
    "candidate_id",
    "role_id",
    "as_of",
    "top",
    "standing",
    "score",
    "rank",
    "kind",
    "field",
    "feature",
    "unit",
    "current",
    "needed",
    "reachable",
    "score_after",
    "rank_after",
    "edit_field",
    "edit_value",
    "with",
    "text",
];

fn raw(value: &Option<RawValue>) -> String {
    match value {
        Some(RawValue::Number(x)) => x.to_string(),
        Some(RawValue::Text(t)) => t.clone(),
        None => String::new(),
    }
}

fn opt<T: ToString>(x: Option<T>) -> String {
    x.map_or(String::new(), |x| x.to_string())
}

/// `field=value` edits, `;`-joined.
fn edits(edits: &[Edit]) -> String {
    let list: Vec<String> = edits
        .iter()
        .map(|e| format!("{}={}", e.field, e.value))
        .collect();
    list.join("; ")
}

impl WhyReport<'_> {
    /// Renders the answer as a table (for a terminal), CSV or JSON.
    ///
    /// # Errors
    /// TREC and HTML are not formats of this output; serialization failures.
    pub fn render(&self, format: OutputFormat) -> Result<Vec<u8>> {
        match format {
            OutputFormat::Table => Ok(self.table().into_bytes()),
            OutputFormat::Csv => self.csv(),
            OutputFormat::Json => {
                let mut bytes = serde_json::to_vec_pretty(self.why)
                    .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
                bytes.push(b'\n');
                Ok(bytes)
            }
            OutputFormat::Trec | OutputFormat::Html => {
                Err(Error::Invalid(format!("why has no {format:?} output")))
            }
        }
    }

    fn table(&self) -> String {
        let w = self.why;
        let k = w.top;
        let who = match w.name.is_empty() {
            true => printable(&w.candidate_id),
            false => format!("{} {}", printable(&w.candidate_id), printable(&w.name)),
        };
        let mut out = format!(
            "== {who} · {} · {} · top {k} · as of {} ==\n",
            printable(&w.role_id),
            w.strategy,
            w.as_of
        );
        let rank = match w.rank {
            Some(r) => format!("rank {r} of {}", w.considered),
            None => format!("below rank {} of {}", k + 1, w.considered),
        };
        match (w.standing, w.score) {
            (Standing::Excluded, _) => out.push_str("excluded by a hard filter\n"),
            (standing, Some(score)) => out.push_str(&format!(
                "{standing} the top {k}: score {score:.4}, {rank}\n"
            )),
            _ => {}
        }
        if let (Some(rival), Some(gap)) = (&w.rival, w.gap) {
            let line = match w.standing {
                Standing::Inside => format!(
                    "margin {gap:.4} over {} ({:.4}), the first outside\n",
                    printable(&rival.candidate_id),
                    rival.score
                ),
                _ => format!(
                    "{gap:.4} below {} ({:.4}), rank {k} among the others\n",
                    printable(&rival.candidate_id),
                    rival.score
                ),
            };
            out.push_str(&line);
        } else if w.rival.is_none() && w.standing != Standing::Excluded {
            out.push_str(&format!(
                "fewer than {k} others are ranked: only a filter can drop them out\n"
            ));
        }
        for lift in &w.filters {
            out.push_str(&format!("filter: {}\n", printable(&lift.filter)));
            let after = match (lift.score_after, lift.rank_after) {
                (Some(s), Some(r)) => format!(" → score {s:.4}, rank {r}"),
                (Some(s), None) => format!(" → score {s:.4}, below rank {}", k + 1),
                _ => String::new(),
            };
            let enough = match (lift.edit.is_some(), lift.reaches) {
                (true, true) => format!(": enough for the top {k}"),
                (true, false) => format!(": not enough alone for the top {k}"),
                (false, _) => String::new(),
            };
            out.push_str(&format!(
                "  lift: {}{after}{enough}\n",
                printable(&lift.text)
            ));
        }
        if w.suggestions.is_empty() {
            return out;
        }
        let heading = match (w.standing, w.method) {
            (Standing::Inside, _) => "what would drop them out (smallest single changes)",
            (_, "exact") => "smallest single changes to reach the top (exact: linear scorer)",
            _ => "smallest single changes to reach the top (searched)",
        };
        out.push_str(heading);
        if !w.filters.is_empty() {
            out.push_str(", with the filters lifted");
        }
        out.push_str(":\n");
        for s in &w.suggestions {
            let mark = if s.reachable { "✓" } else { "✗" };
            let after = match (s.reachable, s.score_after, s.rank_after) {
                (true, Some(score), Some(r)) => format!("  → {score:.4}, rank {r}"),
                (true, Some(score), None) => format!("  → {score:.4}, below rank {}", k + 1),
                (true, None, _) => "  → excluded".to_string(),
                _ => String::new(),
            };
            out.push_str(&format!("  {mark} {}{after}\n", printable(&s.text)));
        }
        out
    }

    fn csv(&self) -> Result<Vec<u8>> {
        let w = self.why;
        let mut out = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| Error::Invalid(format!("writing CSV: {e}"));
        out.write_record(WHY_CSV_HEADER).map_err(fail)?;
        let safe = |s: &str| spreadsheet_safe(s).into_owned();
        let head = [
            safe(&w.candidate_id),
            safe(&w.role_id),
            w.as_of.clone(),
            w.top.to_string(),
            w.standing.to_string(),
            opt(w.score),
            opt(w.rank),
        ];
        for lift in &w.filters {
            let mut row = head.to_vec();
            let (field, value) = lift
                .edit
                .as_ref()
                .map_or((String::new(), String::new()), |e| {
                    (e.field.to_string(), e.value.clone())
                });
            row.extend([
                "filter".to_string(),
                field.clone(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                lift.reaches.to_string(),
                opt(lift.score_after),
                opt(lift.rank_after),
                field,
                safe(&value),
                String::new(),
                safe(&format!("{}: {}", lift.filter, lift.text)),
            ]);
            out.write_record(&row).map_err(fail)?;
        }
        for s in &w.suggestions {
            let mut row = head.to_vec();
            let (field, value) = s.edit.as_ref().map_or((String::new(), String::new()), |e| {
                (e.field.to_string(), e.value.clone())
            });
            row.extend([
                "suggestion".to_string(),
                s.field.to_string(),
                s.feature.to_string(),
                s.unit.clone(),
                safe(&raw(&s.current)),
                safe(&raw(&s.needed)),
                s.reachable.to_string(),
                opt(s.score_after),
                opt(s.rank_after),
                field,
                safe(&value),
                safe(&edits(&s.with)),
                safe(&s.text),
            ]);
            out.write_record(&row).map_err(fail)?;
        }
        out.into_inner()
            .map_err(|e| Error::Invalid(format!("writing CSV: {e}")))
    }
}
