//! Skills: the taxonomy that resolves names, and (with the `taxonomy-build` feature) the offline
//! step that builds it from public sources.

#[cfg(feature = "taxonomy-build")]
mod build;
mod taxonomy;

#[cfg(feature = "taxonomy-build")]
pub use build::build;
pub use taxonomy::{
    normalize, Category, SkillEntry, SkillId, SkillMatch, SkillProfile, Taxonomy, UNSTATED_YEARS,
};
pub(crate) use taxonomy::{split_list, trim};
