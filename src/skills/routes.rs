//! Where knowing a skill leads, in one flat table: what expansion walks.

use super::profile::{SkillId, SkillMatch, SkillProfile, UNSTATED_YEARS};

/// Per skill, every skill knowing it credits and the credit, sorted by the skill credited.
///
/// A [`Taxonomy`](super::Taxonomy) holds all of its routes. [`SkillRoutes::narrowed`] keeps
/// those reaching some skills only: expanding through it gives exactly the part of the full
/// profile on those skills (the same matches, credits, years and order). Ranking needs no
/// more than the skills its roles name, a few dozen of the taxonomy's thousand.
#[derive(Clone, Debug, Default)]
pub struct SkillRoutes {
    /// Skill `s`'s routes are `to[start[s]..start[s + 1]]`.
    start: Vec<u32>,
    to: Vec<(SkillId, f32)>,
}

impl SkillRoutes {
    /// Routes from each skill's list, in skill order (each sorted by the skill credited).
    pub(super) fn from_lists(lists: impl IntoIterator<Item = Vec<(SkillId, f32)>>) -> SkillRoutes {
        let mut routes = SkillRoutes {
            start: vec![0],
            to: Vec::new(),
        };
        for list in lists {
            routes.to.extend(list);
            routes.start.push(routes.to.len() as u32);
        }
        routes
    }

    /// These routes, kept where they reach a skill `wanted` says yes to.
    pub fn narrowed(&self, wanted: impl Fn(SkillId) -> bool) -> SkillRoutes {
        let mut narrowed = SkillRoutes {
            start: Vec::with_capacity(self.start.len()),
            to: Vec::new(),
        };
        narrowed.start.push(0);
        for s in 0..self.start.len() - 1 {
            let kept = self.of(s as SkillId).iter().filter(|(to, _)| wanted(*to));
            narrowed.to.extend(kept);
            narrowed.start.push(narrowed.to.len() as u32);
        }
        narrowed
    }

    /// Where knowing `skill` leads.
    fn of(&self, skill: SkillId) -> &[(SkillId, f32)] {
        let s = skill as usize;
        &self.to[self.start[s] as usize..self.start[s + 1] as usize]
    }

    /// [`Taxonomy::expand`](super::Taxonomy::expand) through these routes, into `out`
    /// (reusing its buffer: no allocation once it has grown).
    pub fn expand_into(
        &self,
        stated: impl IntoIterator<Item = (SkillId, Option<f32>)>,
        out: &mut SkillProfile,
    ) {
        let matches = out.matches_mut();
        matches.clear();
        for (skill, years) in stated {
            let years = years.unwrap_or(UNSTATED_YEARS);
            for &(to, credit) in self.of(skill) {
                match matches.binary_search_by_key(&to, |m| m.skill) {
                    Ok(i) => {
                        let best = &mut matches[i];
                        let better = credit
                            .total_cmp(&best.credit)
                            .then(years.total_cmp(&best.years))
                            .is_gt();
                        if better {
                            (best.credit, best.years) = (credit, years);
                        }
                    }
                    Err(i) => matches.insert(
                        i,
                        SkillMatch {
                            skill: to,
                            credit,
                            years,
                        },
                    ),
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Taxonomy;
    use super::*;

    #[test]
    fn narrowed_routes_expand_to_the_wanted_part_of_the_full_profile() {
        let t = Taxonomy::bundled();
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        let (mut full, mut narrow) = (SkillProfile::default(), SkillProfile::default());
        for _ in 0..200 {
            // A different wanted set each time: about one skill in eight.
            let wanted: Vec<bool> = (0..t.len()).map(|_| next(8) == 0).collect();
            let routes = t.routes().narrowed(|s| wanted[s as usize]);
            for _ in 0..20 {
                let stated: Vec<(SkillId, Option<f32>)> = (0..next(12))
                    .map(|_| {
                        let years = (next(3) > 0).then(|| next(40) as f32 / 4.0);
                        (next(t.len() as u64) as SkillId, years)
                    })
                    .collect();
                t.expand_into(stated.iter().copied(), &mut full);
                routes.expand_into(stated.iter().copied(), &mut narrow);
                let kept: Vec<SkillMatch> = (full.matches().iter())
                    .filter(|m| wanted[m.skill as usize])
                    .copied()
                    .collect();
                assert_eq!(narrow.matches(), kept.as_slice(), "{stated:?}");
            }
        }
    }
}
