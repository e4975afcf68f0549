//! One CSV row per ranked candidate (and, with explanations, every feature's value and
//! contribution and the raw quantities).

use super::{Report, RAW_COLUMNS};
use crate::error::{Error, Result};
use crate::feature::Feature;

impl Report<'_> {
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
}
