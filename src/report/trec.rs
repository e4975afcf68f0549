//! TREC run lines: `role_id Q0 candidate_id rank score shiprank`.

use super::Report;
use crate::error::Result;

impl Report<'_> {
    pub(super) fn trec(&self) -> Result<Vec<u8>> {
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
}
