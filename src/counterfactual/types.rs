//! What `why` answers: where a candidate stands against a role's top k, the filter that
//! excludes them, and the smallest single changes that would move them across the cut. Every
//! type serializes to the JSON of `shiprank why --format json`.

use serde::Serialize;

use crate::names::named_enum;

named_enum! {
    /// Where a candidate stands against the top k.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Standing: "standing" {
        /// Ranked within the top k: the question is what would drop them out.
        Inside = "inside",
        /// Scored, but ranked below the top k.
        Outside = "outside",
        /// A hard filter excludes them from the ranking.
        Excluded = "excluded",
    }
}

/// One cell of the candidate's row, as it would be written in the CSV file (for `skills`, the
/// whole new cell; for `repos`, the JSON array of a JSONL row).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// The column (a candidate field name, as in [`FIELDS`](crate::FIELDS)).
    pub field: &'static str,
    /// The cell's new text.
    pub value: String,
}

/// A raw quantity as a person reads it: a number in its unit, or text (a date, working hours,
/// a degree, a skills cell).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum RawValue {
    /// A number in the suggestion's unit.
    Number(f64),
    /// Text, as written in the row.
    Text(String),
}

/// The candidate ranked just inside the cut: the one to beat from outside (the k-th of the
/// others), or to stay ahead of from inside (the first outside).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rival {
    /// The rival's id.
    pub candidate_id: String,
    /// The rival's score.
    pub score: f64,
}

/// A hard filter that excludes the candidate, and the smallest edit that lifts it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FilterLift {
    /// The reason, with the candidate's figures (`salary above maximum (172000 > 120000 USD)`).
    pub filter: String,
    /// What lifts it, in words.
    pub text: String,
    /// The edit that lifts it; `None` when no edit of its field can.
    pub edit: Option<Edit>,
    /// Whether lifting it (and the filters before it) alone brings the candidate into the top k.
    pub reaches: bool,
    /// The score once lifted (with the filters before it), if no other filter still excludes.
    pub score_after: Option<f64>,
    /// The rank once lifted, where it is known (within the top k + 1).
    pub rank_after: Option<usize>,
}

/// One smallest single change: the least change of one thing a person acts on that moves the
/// candidate across the cut (into the top k from outside, out of it from inside).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    /// The column it changes (`years_experience`, `total_stars`, `skills`, ...).
    pub field: &'static str,
    /// The feature it moves (`experience`, `repo_impact`, ...; `skills` for a skill change,
    /// which can move several).
    pub feature: &'static str,
    /// The unit of `current` and `needed` (`years`, `stars`, a currency code, `date`, ...).
    pub unit: String,
    /// The raw quantity now.
    pub current: Option<RawValue>,
    /// The raw quantity the change needs (rounded to the display step, and verified); `None`
    /// when no value in the feature's range is enough.
    pub needed: Option<RawValue>,
    /// For salary: `current` in USD at the reference date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_usd: Option<f64>,
    /// For salary: `needed` in USD at the reference date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needed_usd: Option<f64>,
    /// Whether the change is within the feature's range (and so crosses the cut).
    pub reachable: bool,
    /// The change in words, in the unit a person acts on.
    pub text: String,
    /// The score after the change; for an unreachable change, after the most the range allows.
    pub score_after: Option<f64>,
    /// The rank after the change, where it is known (within the top k + 1).
    pub rank_after: Option<usize>,
    /// The edit of the row; `None` when the feature is already at its maximum.
    pub edit: Option<Edit>,
    /// Edits it assumes already made: the lifts of the filters that exclude the candidate, on
    /// other columns.
    pub with: Vec<Edit>,
}

/// The answer to "why is this candidate (not) in the top k for this role?".
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Why {
    /// The reference date, `YYYY-MM-DD`.
    pub as_of: String,
    /// The candidate's id.
    pub candidate_id: String,
    /// The candidate's name.
    pub name: String,
    /// The role's id.
    pub role_id: String,
    /// What scores the role: a preset's name, or the model's.
    pub strategy: String,
    /// How suggestions were found: `exact` (a linear scorer: the gap over the feature's
    /// weight, inverted through the formula, then verified) or `search` (a scan of each
    /// feature's range at its display step).
    pub method: &'static str,
    /// The size of the top.
    pub top: usize,
    /// Candidates the role scored (not excluded).
    pub considered: usize,
    /// Where the candidate stands.
    pub standing: Standing,
    /// The candidate's score, unless excluded.
    pub score: Option<f64>,
    /// The candidate's rank, where it is known (within the top k + 1).
    pub rank: Option<usize>,
    /// The rival across the cut (see [`Rival`]); `None` when fewer than k others are ranked.
    pub rival: Option<Rival>,
    /// Outside: the score to gain to pass the rival; inside: the margin over the rival.
    pub gap: Option<f64>,
    /// The filters that exclude the candidate, in the order they apply, each with its lift.
    pub filters: Vec<FilterLift>,
    /// The smallest single changes (for an excluded candidate, on top of the filter lifts).
    pub suggestions: Vec<Suggestion>,
}
