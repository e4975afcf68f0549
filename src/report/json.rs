//! One JSON document with every role's ranking. The document types are public so that other
//! outputs (the tuning server's API) give exactly the same shape.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Report;
use crate::error::{Error, Result};
use crate::feature::Feature;
use crate::rank::{RoleRanking, TopKept};
use crate::role::Role;
use crate::score::Explanation;

/// The JSON document of `rank --format json`.
#[derive(Clone, Debug, Serialize)]
pub struct RankingDoc<'a> {
    /// The reference date, `YYYY-MM-DD`.
    pub as_of: String,
    /// One element per role ranked.
    pub roles: Vec<RoleDoc<'a>>,
}

/// One role's ranking, as an element of [`RankingDoc::roles`].
#[derive(Clone, Debug, Serialize)]
pub struct RoleDoc<'a> {
    /// The role's id.
    pub role_id: &'a str,
    /// The role's title.
    pub title: &'a str,
    /// What scored it: a preset's name or the model's.
    pub strategy: &'a str,
    /// The weights in force by feature name, for a linear scorer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weights: Option<BTreeMap<&'static str, f64>>,
    /// A linear scorer's intercept, when it is not 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intercept: Option<f64>,
    /// Candidates scored (not excluded).
    pub candidates_considered: usize,
    /// Candidates excluded by hard filters.
    pub candidates_excluded: usize,
    /// Exclusions by kind of reason.
    pub excluded: &'a BTreeMap<String, usize>,
    /// How many of the ranked stay in the top k when degree and certifications are ignored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top_kept_without_credentials: Option<TopKept>,
    /// The ranked candidates, best first.
    pub ranking: Vec<RowDoc<'a>>,
}

/// One ranked candidate, as an element of [`RoleDoc::ranking`].
#[derive(Clone, Debug, Serialize)]
pub struct RowDoc<'a> {
    /// 1-based rank.
    pub rank: usize,
    /// The candidate's id.
    pub candidate_id: &'a str,
    /// The candidate's name.
    pub name: &'a str,
    /// The candidate's country.
    pub country: &'a str,
    /// The score.
    pub score: f64,
    /// The score's terms, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<&'a Explanation>,
}

impl<'a> RoleDoc<'a> {
    /// The document of one role's ranking, with explanations when `explain`.
    pub fn new(role: &'a Role, ranking: &'a RoleRanking, explain: bool) -> RoleDoc<'a> {
        RoleDoc {
            role_id: &role.id,
            title: &role.title,
            strategy: &ranking.strategy,
            weights: ranking.weights.map(|linear| {
                Feature::ALL
                    .iter()
                    .map(|&f| (f.name(), linear.weights()[f.index()]))
                    .collect()
            }),
            intercept: ranking
                .weights
                .map(|linear| linear.intercept())
                .filter(|b| *b != 0.0),
            candidates_considered: ranking.considered,
            candidates_excluded: ranking.excluded_total(),
            excluded: &ranking.excluded,
            top_kept_without_credentials: ranking.without_credentials,
            ranking: ranking
                .ranked
                .iter()
                .map(|r| RowDoc {
                    rank: r.rank,
                    candidate_id: &r.candidate_id,
                    name: &r.name,
                    country: &r.country,
                    score: r.score,
                    explanation: explain.then_some(&r.explanation),
                })
                .collect(),
        }
    }
}

impl Report<'_> {
    pub(super) fn json(&self) -> Result<Vec<u8>> {
        let doc = RankingDoc {
            as_of: self.as_of.to_string(),
            roles: self
                .rankings
                .iter()
                .map(|ranking| RoleDoc::new(&self.roles[ranking.role], ranking, self.explain))
                .collect(),
        };
        let mut bytes = serde_json::to_vec_pretty(&doc)
            .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }
}
