//! Scoring: strategy presets and their weights, the [`Scorer`] interface that presets and
//! learned models share, and the explanations scorers give of their scores.
//!
//! A linear score and its contributions are computed in one place, [`Linear`]; the ranking's
//! batch kernel (`rank::kernel`) is its fast path over many roles, tested against it.

mod explanation;
mod learned;
mod neutral;
mod preset;
mod scorer;
mod weights;

pub use explanation::{Explanation, Term};
pub use learned::ModelScorer;
pub use neutral::Ignoring;
pub use preset::Preset;
pub use scorer::Scorer;
pub use weights::{Linear, WeightError, Weights};

/// A match score; higher is a better match (a weighted mean of features, in [0, 1], for the
/// presets).
pub type Score = f64;
