//! Skills: the taxonomy that resolves names, and the step that builds it from public sources.

mod build;
mod taxonomy;

pub use build::build;
pub(crate) use taxonomy::split_list;
pub use taxonomy::{
    normalize, Category, SkillEntry, SkillId, SkillMatch, SkillProfile, Taxonomy, UNSTATED_YEARS,
};
