//! Adverse-impact audits of rankings: who is selected at a top-k cut, by category of an audit
//! attribute (`gender`, `ethnicity`, … columns kept with
//! [`ReadOptions::keep_attributes`](crate::ReadOptions)), and the impact ratios between
//! categories (the "four-fifths rule" measure).

mod impact;

pub use impact::{impact_ratios, Impact, SelectionRate, MIN_SHARE, UNKNOWN};
