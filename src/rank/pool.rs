//! Candidates held in memory and prepared once, ranked again and again as roles change (the
//! tuning server's pool).

use std::num::NonZeroUsize;
use std::sync::{Arc, PoisonError, RwLock};

use rayon::prelude::*;

use super::credentials::CredentialCheck;
use super::kernel::BatchScorer;
use super::ranker::{rank, PreparedChunk, RankOptions, Ranker, RoleRanking, CHUNK};
use crate::profile::Candidate;
use crate::role::Role;

/// Candidates with their role-independent features and kernel inputs computed once.
///
/// [`Pool::rank`] gives exactly what [`rank()`] gives for the same candidates and roles. Roles
/// that name only skills the pool is prepared for (any weights, any filters on those skills)
/// cost one pass of the kernel; a role that names another skill has the pool prepared again
/// once, for a layout that adds it, which later rankings keep using.
#[derive(Debug)]
pub struct Pool<'a> {
    pub(super) candidates: Vec<Candidate>,
    prepared: RwLock<Arc<Prepared>>,
    pub(super) options: RankOptions<'a>,
}

/// The candidates' kernel inputs and the layout they are prepared for.
#[derive(Debug)]
pub(super) struct Prepared {
    pub(super) chunks: Vec<PreparedChunk>,
    /// `None` when the roles are not linear.
    pub(super) layout: Option<BatchScorer>,
    /// Per skill, whether the candidates were expanded to it ([`Ranker::name_skills`]).
    named: Vec<bool>,
}

impl Prepared {
    /// The candidates prepared for a ranker's layout.
    fn new(candidates: &[Candidate], ranker: &Ranker) -> Prepared {
        Prepared {
            chunks: candidates
                .par_chunks(CHUNK)
                .map(|slice| ranker.prepare(slice))
                .collect(),
            layout: ranker.batch().cloned(),
            named: ranker.named().to_vec(),
        }
    }

    /// Whether candidates prepared so serve this ranker.
    pub(super) fn serves(&self, ranker: &Ranker) -> bool {
        let layout = match (ranker.batch(), &self.layout) {
            (Some(a), Some(b)) => a.same_layout(b),
            (None, None) => true,
            _ => false,
        };
        layout && ranker.reads_within(&self.named)
    }
}

impl<'a> Pool<'a> {
    /// Prepares `candidates` for `roles` (in parallel). `options.top` is not used: each
    /// ranking gives its own.
    pub fn new(candidates: Vec<Candidate>, roles: &[Role], options: &RankOptions<'a>) -> Pool<'a> {
        let prepared = Prepared::new(&candidates, &Ranker::new(roles, options));
        Pool {
            candidates,
            prepared: RwLock::new(Arc::new(prepared)),
            options: *options,
        }
    }

    /// The candidates, in the order given.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The options rankings of the pool use (with their own `top`).
    pub fn options(&self) -> &RankOptions<'a> {
        &self.options
    }

    /// Ranks the pool for each role, keeping the best `top` per role.
    pub fn rank(&self, roles: &[Role], top: NonZeroUsize) -> Vec<RoleRanking> {
        let options = RankOptions {
            top,
            ..self.options
        };
        let mut prepared = self.current();
        let ranker = Ranker::seeded(roles, &options, prepared.layout.as_ref());
        if !prepared.serves(&ranker) {
            if ranker.batch().is_none() {
                // Not the kernel's (a model, or too many filter skills): pair by pair.
                return rank(&self.candidates, roles, &options);
            }
            // The ranker's layout is the pool's plus these roles' skills: keep it.
            prepared = Arc::new(Prepared::new(&self.candidates, &ranker));
            *self
                .prepared
                .write()
                .unwrap_or_else(PoisonError::into_inner) = prepared.clone();
        }
        let work = self.candidates.par_chunks(CHUNK).zip(&prepared.chunks);
        ranker.rank_parallel(work, |r, tops, (slice, chunk)| {
            r.score_prepared(tops, slice, chunk)
        })
    }

    pub(super) fn current(&self) -> Arc<Prepared> {
        self.prepared
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// [`Pool::rank`], with each ranking's
    /// [`without_credentials`](RoleRanking::without_credentials) from a second ranking that
    /// ignores degree and certifications, as `shiprank rank` reports it. With role weights, the
    /// second ranking's roles join the first's in one pass over the candidates.
    pub fn rank_checked(&self, roles: &[Role], top: NonZeroUsize) -> Vec<RoleRanking> {
        self.checked(roles, top, |roles| self.rank(roles, top))
    }

    /// [`Pool::rank_checked`] with `rank_roles` ranking the roles and their twins together.
    pub(super) fn checked(
        &self,
        roles: &[Role],
        top: NonZeroUsize,
        rank_roles: impl Fn(&[Role]) -> Vec<RoleRanking>,
    ) -> Vec<RoleRanking> {
        let check = CredentialCheck::new(roles, self.options.model);
        let (mut first, second) = match self.options.model {
            None => {
                let both: Vec<Role> = roles.iter().chain(check.roles()).cloned().collect();
                let mut first = rank_roles(&both);
                let second = first.split_off(roles.len());
                (first, second)
            }
            Some(_) => {
                let options = RankOptions {
                    top,
                    ..self.options
                };
                let ranker = check.ranker(&options);
                let second = ranker
                    .rank_parallel(self.candidates.par_chunks(CHUNK), |r, tops, c| {
                        r.offer_all(tops, c)
                    });
                (rank_roles(roles), second)
            }
        };
        check.annotate(&mut first, &second);
        first
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{generate, GenerateOptions};
    use crate::io::{read_csv, ReadOptions};
    use crate::{RateTable, Taxonomy};

    fn options() -> RankOptions<'static> {
        RankOptions {
            top: NonZeroUsize::new(1).unwrap(),
            as_of: "2026-06-01".parse().unwrap(),
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            model: None,
        }
    }

    fn key(rankings: &[RoleRanking]) -> Vec<Vec<(String, u64)>> {
        rankings
            .iter()
            .map(|r| {
                r.ranked
                    .iter()
                    .map(|c| (c.candidate_id.clone(), c.score.to_bits()))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn a_pool_ranks_as_rank_does_for_tuned_and_new_roles() {
        let mut text = Vec::new();
        let generated = GenerateOptions {
            candidates: 2000,
            seed: 11,
            as_of: options().as_of,
        };
        generate(&generated, &mut text).unwrap();
        let read = ReadOptions::new(Taxonomy::bundled(), RateTable::bundled());
        let candidates = read_csv(std::io::Cursor::new(text), "g.csv", &read)
            .unwrap()
            .candidates;
        let roles = crate::role::roles_for_tests(
            "[[role]]\nid = \"be\"\nrequired = [\"python\", \"postgresql\"]\nnice = [\"docker\"]\n\
             [[role]]\nid = \"fe\"\nrequired = [\"typescript\"]\nfilters = { must_have = [\"react\"] }\n",
        );
        let pool = Pool::new(candidates.clone(), &roles, &options());
        let top = NonZeroUsize::new(25).unwrap();
        let direct = |roles: &[Role]| rank(&candidates, roles, &RankOptions { top, ..options() });
        assert_eq!(key(&pool.rank(&roles, top)), key(&direct(&roles)));
        // One role alone, with other weights and a filter on a skill the pool knows.
        let tuned = crate::role::roles_for_tests(
            "[[role]]\nid = \"be\"\nrequired = [\"python\", \"postgresql\"]\nnice = [\"docker\"]\n\
             weights = { repo_impact = 40, degree = 0 }\nfilters = { must_have = [\"react\"] }\n",
        );
        assert_eq!(key(&pool.rank(&tuned, top)), key(&direct(&tuned)));
        // A skill the pool's roles never named: prepared again for a layout that adds it,
        // kept for later rankings; the same results throughout.
        let new = crate::role::roles_for_tests("[[role]]\nid = \"go\"\nrequired = [\"go\"]\n");
        assert_eq!(key(&pool.rank(&new, top)), key(&direct(&new)));
        let grown = pool.current();
        assert!(grown.serves(&Ranker::seeded(&new, &options(), grown.layout.as_ref())));
        assert_eq!(key(&pool.rank(&new, top)), key(&direct(&new)));
        assert_eq!(key(&pool.rank(&roles, top)), key(&direct(&roles)));
        assert_eq!(key(&pool.rank(&tuned, top)), key(&direct(&tuned)));
        let checked = pool.rank_checked(&roles, top);
        assert_eq!(key(&checked), key(&direct(&roles)));
        let check = CredentialCheck::new(&roles, None);
        let mut first = direct(&roles);
        check.annotate(&mut first, &direct(check.roles()));
        let kept = |r: &[RoleRanking]| r.iter().map(|r| r.without_credentials).collect::<Vec<_>>();
        assert_eq!(kept(&checked), kept(&first));
        assert!(kept(&checked).iter().all(Option::is_some));
        // Screened through one role's features: the same rankings, counts and checks.
        for (role, other) in [(&roles[0], &tuned[0]), (&roles[1], &roles[1])] {
            let features = pool.features(role);
            let one = std::slice::from_ref(other);
            for k in [1, 7, 25, 3000] {
                let k = NonZeroUsize::new(k).unwrap();
                let (a, b) = (pool.rank_screened(one, &features, k), pool.rank(one, k));
                assert_eq!(key(&a), key(&b));
                assert_eq!(
                    (a[0].considered, &a[0].excluded),
                    (b[0].considered, &b[0].excluded)
                );
            }
            let (a, b) = (
                pool.rank_checked_screened(one, &features, top),
                pool.rank_checked(one, top),
            );
            assert_eq!(key(&a), key(&b));
            assert_eq!(kept(&a), kept(&b));
        }
    }
}
