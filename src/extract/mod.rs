//! Feature extraction: every candidate–role pair becomes a vector of named features in [0, 1].
//!
//! Extraction is split the way the data is: [`CandidateFeatures`] holds what depends on the
//! candidate alone (computed once per candidate), [`RoleContext`] what depends on the role alone
//! (computed once per role and run), and [`RoleContext::extract`] combines the two per pair.

mod candidate;
mod inverse;
mod math;
mod pair;

pub(crate) use candidate::degree_value;
pub use candidate::CandidateFeatures;
pub(crate) use inverse::{
    certifications_for, commits_for, days_for, salary_usd_for, weighted_stars_for, years_for,
};
pub(crate) use math::{exp2, exp2_f32, INV_FACTORIAL};
pub use pair::{Exclusion, Extraction, RoleContext};
pub(crate) use pair::{SALARY_HALF_LIFE, UNKNOWN};
