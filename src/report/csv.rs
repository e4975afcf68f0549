//! One CSV row per ranked candidate (and, with explanations, every feature's value and
//! contribution and the raw quantities).

use super::{Report, RAW_COLUMNS};
use crate::error::{Error, Result};
use crate::feature::Feature;

/// A cell of user data made safe to open in a spreadsheet: text that starts with `=`, `+`,
/// `-`, `@`, a tab or a carriage return would be read as a formula by Excel, LibreOffice or
/// Google Sheets, so it gets a leading `'` (OWASP's advice against CSV injection); numbers,
/// such as `-3.5`, stay numbers.
pub fn spreadsheet_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.trim().parse::<f64>().map_or(true, |v| !v.is_finite()) {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

impl Report<'_> {
    /// A cell of user data: made spreadsheet-safe unless the report is raw.
    fn cell(&self, text: &str) -> String {
        if self.raw_csv {
            text.to_string()
        } else {
            spreadsheet_safe(text).into_owned()
        }
    }

    pub(super) fn csv(&self) -> Result<Vec<u8>> {
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
                let text = |s: &str| self.cell(s);
                let mut row = vec![
                    text(&role.id),
                    r.rank.to_string(),
                    text(&r.candidate_id),
                    text(&r.name),
                    text(&r.country),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralized_and_numbers_kept() {
        for (cell, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+55 11 9999", "'+55 11 9999"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("-cmd", "'-cmd"),
            ("\tx", "'\tx"),
            ("-3.5", "-3.5"),
            ("+7", "+7"),
            ("Ana", "Ana"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_safe(cell), want, "{cell:?}");
        }
    }
}
