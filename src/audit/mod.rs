//! Adverse-impact audits of rankings, by category of an audit attribute (`gender`,
//! `ethnicity`, … columns kept with [`ReadOptions::keep_attributes`](crate::ReadOptions), and
//! `country`) or an intersection of them.
//!
//! `impact.rs` has selection rates and impact ratios at a top-k cut (the "four-fifths rule"
//! measure, which `compare` reports); `groups.rs` the full audit of one attribute (selection
//! and scoring rates with Wilson intervals, impact ratios, Fisher's exact test against the
//! rest, flags); `ranking.rs` the audit of a ranking run, per role and over all roles.

mod groups;
mod impact;
mod ranking;

pub use groups::{AttributeAudit, CategoryAudit, Counts, Flag, Rate, FOUR_FIFTHS};
pub use impact::{impact_of_counts, impact_ratios, Impact, SelectionRate, MIN_SHARE, UNKNOWN};
pub use ranking::{
    audit_ranking, group_columns, By, RankingAudit, RoleAudit, Selection, COUNTRY, MAX_GROUPS,
};
