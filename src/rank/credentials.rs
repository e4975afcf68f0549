//! Credential dependence of a ranking: how many of each role's top k would stay in it if
//! degree and certifications were ignored, from a second ranking of the same stream.

use std::collections::HashSet;

use super::ranker::{RankOptions, Ranker, RoleRanking, TopKept};
use crate::feature::Feature;
use crate::role::Role;
use crate::score::{Ignoring, Scorer};

/// The roles and scorer of the second ranking, with credentials ([`Feature::CREDENTIALS`])
/// ignored: each role's weights on them set to 0 (the rest normalized again), or the model
/// scoring everyone as holding none. Hard filters are unchanged.
#[derive(Debug)]
pub struct CredentialCheck<'m> {
    roles: Vec<Role>,
    /// Per role, whether anything but credentials has weight (otherwise there is nothing to
    /// rank by once they are ignored, and no check).
    checked: Vec<bool>,
    model: Option<Ignoring<'m>>,
}

impl<'m> CredentialCheck<'m> {
    /// The check of a ranking of `roles`, by `model` when there is one.
    pub fn new(roles: &[Role], model: Option<&'m dyn Scorer>) -> CredentialCheck<'m> {
        let model = model.map(|m| Ignoring::new(m, &Feature::CREDENTIALS));
        let (roles, checked) = roles
            .iter()
            .map(|r| match (&model, r.without(&Feature::CREDENTIALS)) {
                (Some(_), _) => (r.clone(), true),
                (None, Some(neutral)) => (neutral, true),
                (None, None) => (r.clone(), false),
            })
            .unzip();
        CredentialCheck {
            roles,
            checked,
            model,
        }
    }

    /// The roles of the second ranking, in the order of the first's.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// The ranker of the second ranking, with the first's options otherwise.
    pub fn ranker<'a>(&'a self, options: &RankOptions<'a>) -> Ranker<'a> {
        let options = RankOptions {
            model: self.model.as_ref().map(|m| m as &dyn Scorer),
            ..*options
        };
        Ranker::new(&self.roles, &options)
    }

    /// Sets each ranking's [`RoleRanking::without_credentials`] from the second ranking.
    pub fn annotate(&self, first: &mut [RoleRanking], second: &[RoleRanking]) {
        for (a, b) in first.iter_mut().zip(second) {
            if !self.checked[a.role] {
                continue;
            }
            let others: HashSet<&str> = b.ranked.iter().map(|r| r.candidate_id.as_str()).collect();
            a.without_credentials = Some(TopKept {
                kept: a
                    .ranked
                    .iter()
                    .filter(|r| others.contains(r.candidate_id.as_str()))
                    .count(),
                of: a.ranked.len(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;
    use crate::profile::{Candidate, Degree};
    use crate::rank::rank;
    use crate::score::Preset;
    use crate::{RateTable, Taxonomy};

    #[test]
    fn a_credential_first_top_k_changes_and_a_builder_first_one_does_not() {
        // Half the pool has a PhD and no code; the other half ships code and has no degree.
        let people: Vec<Candidate> = (0..40)
            .map(|i| Candidate {
                id: format!("c{i:02}"),
                degree: if i % 2 == 0 {
                    Degree::Phd
                } else {
                    Degree::None
                },
                total_stars: if i % 2 == 0 { 0 } else { 50 + i as u64 },
                years_experience: 3.0 + f64::from(i % 5),
                ..Candidate::default()
            })
            .collect();
        let options = RankOptions {
            top: NonZeroUsize::new(10).unwrap(),
            as_of: "2026-06-01".parse().unwrap(),
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            model: None,
        };
        let base = crate::role::roles_for_tests("[[role]]\nid = \"r\"\n");
        let kept = |preset: Preset| {
            let roles = vec![base[0].with_preset(preset).unwrap()];
            let check = CredentialCheck::new(&roles, None);
            let mut first = rank(&people, &roles, &options);
            let second = rank(&people, &check.roles, &options);
            check.annotate(&mut first, &second);
            first[0].without_credentials.unwrap()
        };
        let credential = kept(Preset::CredentialFirst);
        assert_eq!(credential.of, 10);
        assert!(credential.kept < 10, "{credential:?}");
        assert_eq!(kept(Preset::BuilderFirst), TopKept { kept: 10, of: 10 });
    }
}
