//! What a candidate knows once stated skills are expanded: a profile of skills with credit
//! and years.

/// Index of a canonical skill in a [`Taxonomy`](super::Taxonomy).
pub type SkillId = u32;

/// Years of use assumed for a skill listed without years (`rust` rather than `rust:3`).
pub const UNSTATED_YEARS: f32 = 1.0;

/// A candidate's credit for one skill after taxonomy expansion.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SkillMatch {
    /// The skill.
    pub skill: SkillId,
    /// 1 for a stated or implied skill, the taxonomy's partial credit for a related one.
    pub credit: f32,
    /// Years of use (stated, inherited from the implying skill, or [`UNSTATED_YEARS`]).
    pub years: f32,
}

/// A candidate's skills expanded through the taxonomy, sorted by skill id, one entry per skill.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SkillProfile {
    matches: Vec<SkillMatch>,
}

impl SkillProfile {
    /// The matches, for [`SkillRoutes::expand_into`](super::SkillRoutes::expand_into) to fill.
    pub(super) fn matches_mut(&mut self) -> &mut Vec<SkillMatch> {
        &mut self.matches
    }

    /// The expanded skills, sorted by id.
    pub fn matches(&self) -> &[SkillMatch] {
        &self.matches
    }

    /// The credit and years for one skill, if any.
    pub fn get(&self, skill: SkillId) -> Option<&SkillMatch> {
        self.matches
            .binary_search_by_key(&skill, |m| m.skill)
            .ok()
            .map(|i| &self.matches[i])
    }

    /// Whether the profile holds no skill at all.
    pub fn is_empty(&self) -> bool {
        self.matches.is_empty()
    }
}
