//! The JSON the tuning API reads and writes, and its errors.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::audit::SelectionRate;
use crate::report::RoleDoc;
use crate::role::FilterSpec;

/// The most candidates one ranking request may ask for.
pub const MAX_TOP: usize = 10_000;

/// What `POST /api/rank` (and `/api/export`) reads.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RankRequest {
    /// The role's id.
    pub role: String,
    /// Relative weights by feature name, replacing the role's `weights` table (features not
    /// named keep the preset's); absent: the role's saved weights.
    #[serde(default)]
    pub weights: Option<BTreeMap<String, f64>>,
    /// Hard filters replacing the role's; absent: the saved filters.
    #[serde(default)]
    pub filters: Option<FilterSpec>,
    /// Candidates to return (default 10, at most [`MAX_TOP`]).
    #[serde(default)]
    pub top: Option<usize>,
    /// Whether every row carries its explanation.
    #[serde(default)]
    pub explain: bool,
    /// Rank with degree and certifications weighted 0.
    #[serde(default)]
    pub credentials_ignored: bool,
    /// An attribute column (or `country`) whose lowest impact ratio to report.
    #[serde(default)]
    pub audit_by: Option<String>,
}

/// What `POST /api/roles/{id}/save` reads: the weights and filters to write.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SaveRequest {
    /// As [`RankRequest::weights`].
    #[serde(default)]
    pub weights: Option<BTreeMap<String, f64>>,
    /// As [`RankRequest::filters`].
    #[serde(default)]
    pub filters: Option<FilterSpec>,
}

/// The answer to `POST /api/rank`: one element of `roles` in `rank --format json`, with what
/// the page shows beside it.
#[derive(Debug, Serialize)]
pub struct RankAnswer<'a> {
    /// The ranking, exactly as `rank --format json` writes a role.
    #[serde(flatten)]
    pub doc: RoleDoc<'a>,
    /// The ranking against the one of the role's saved weights and filters.
    pub saved: SavedComparison,
    /// Quality against the labels, when the server has labels for the role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Metrics>,
    /// Adverse impact by the attribute asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub impact: Option<ImpactSummary>,
}

/// The top k against the saved weights' top k.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SavedComparison {
    /// Each candidate of this top k that is in the saved top k, with their saved rank.
    pub ranks: BTreeMap<String, usize>,
    /// Candidates of the saved top k that left it, best first.
    pub dropped: Vec<Dropped>,
    /// Candidates in both.
    pub overlap: usize,
    /// The size of the saved top k.
    pub of: usize,
}

/// A candidate of the saved top k that is not in this one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Dropped {
    /// The candidate's id.
    pub candidate_id: String,
    /// The candidate's name.
    pub name: String,
    /// Their rank under the saved weights.
    pub saved_rank: usize,
}

/// NDCG@k and MAP of the weights on the role's labelled candidates, as `shiprank evaluate`
/// computes them (hard filters ignored).
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Metrics {
    /// The cutoff: the request's top.
    pub k: usize,
    /// NDCG@k.
    pub ndcg: Option<f64>,
    /// Mean average precision.
    pub map: Option<f64>,
    /// Labelled candidates of the role.
    pub labelled: usize,
}

/// Selection rates of the top k by category of one attribute, over the whole pool.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ImpactSummary {
    /// The attribute, as the file spells it.
    pub attribute: String,
    /// The category with the lowest impact ratio, where two categories are compared.
    pub lowest: Option<Lowest>,
    /// Whether the lowest ratio is under four fifths.
    pub below_four_fifths: bool,
    /// Every category.
    pub categories: Vec<CategoryRate>,
}

/// The lowest impact ratio.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lowest {
    /// The category.
    pub category: String,
    /// Its selection rate over the highest compared one.
    pub ratio: f64,
}

/// One category's selection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryRate {
    /// The category (`unknown` for missing values).
    pub category: String,
    /// Candidates of the pool in it.
    pub pool: usize,
    /// Of them, in the top k.
    pub selected: usize,
    /// `selected / pool`.
    pub rate: f64,
    /// The rate over the highest compared rate (`None` when not compared: under 2 % of the
    /// pool, or nobody selected).
    pub ratio: Option<f64>,
}

impl From<&SelectionRate> for CategoryRate {
    fn from(r: &SelectionRate) -> CategoryRate {
        CategoryRate {
            category: r.category.clone(),
            pool: r.pool,
            selected: r.selected,
            rate: r.rate,
            ratio: r.impact_ratio,
        }
    }
}

/// An API error: the HTTP status and a message for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong.
    pub message: String,
}

impl ApiError {
    /// A 400: the request is wrong.
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 400,
            message: message.into(),
        }
    }

    /// A 404: no such role.
    pub fn no_role(id: &str) -> ApiError {
        ApiError {
            status: 404,
            message: format!("no role \"{id}\""),
        }
    }

    /// A 409: the request is right but the roles file cannot take it.
    pub fn conflict(message: impl Into<String>) -> ApiError {
        ApiError {
            status: 409,
            message: message.into(),
        }
    }

    /// The JSON body, `{"error": MESSAGE}`.
    pub fn body(&self) -> String {
        serde_json::json!({ "error": self.message }).to_string()
    }
}

/// Parses a JSON request body, naming what is wrong with it.
///
/// # Errors
/// A 400 for malformed JSON or a body of the wrong shape (unknown or mistyped fields).
pub fn parse_body<'de, T: Deserialize<'de>>(bytes: &'de [u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes).map_err(|e| ApiError::bad(format!("invalid request body: {e}")))
}
