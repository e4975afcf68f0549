//! Skills: the taxonomy that resolves names, and (with the `taxonomy-build` feature) the offline
//! step that builds it from public sources.

#[cfg(feature = "taxonomy-build")]
mod build;
mod profile;
mod routes;
mod taxonomy;

#[cfg(feature = "taxonomy-build")]
pub use build::build;
pub use profile::{SkillId, SkillMatch, SkillProfile, UNSTATED_YEARS};
pub use routes::SkillRoutes;
pub use taxonomy::{normalize, Category, SkillEntry, Taxonomy};
pub(crate) use taxonomy::{split_list, trim};
