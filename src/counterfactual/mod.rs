//! Counterfactual explanations: why a candidate is or is not in a role's top k, and the
//! smallest single change of what they can act on (years, stars, commits, a last commit,
//! working hours, salary expectation, degree, certifications, a skill) that would move them
//! across the cut.
//!
//! Every suggestion is an edit of one cell of the candidate's row (`knob.rs`: each knob's
//! ladder of values, smallest change first, at its display step, ending where the feature
//! saturates), validated as the file would be and scored through the ranking's own path
//! (`search.rs`), so applying the edit to the file and running `rank` again gives the rank the
//! suggestion says.

mod format;
mod knob;
mod search;
mod text;
mod types;

pub use search::{why, why_row, window, WhyOptions};
pub use types::{Edit, FilterLift, RawValue, Rival, Standing, Suggestion, Why};
