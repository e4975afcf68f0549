//! Ranking a pool for a role whose weights and filters keep changing (the tuning server's
//! requests), in two stages that give exactly the full ranking:
//!
//! 1. *Screen*: every candidate's features for the role are kept (as `f32`, computed once per
//!    role), so a score under any weights is a 12-term dot product; the kernel's filter test
//!    (`BatchScorer::excluded`) excludes and counts as the full ranking does. Each role's
//!    k-th best screened score `T` is found.
//! 2. *Rank exactly*: the candidates screened at or above `T − MARGIN` are ranked by the
//!    kernel, as [`Pool::rank`] would rank them.
//!
//! A screened score is within `2⁻²⁴` (the `f32` rounding, as weights sum to 1 and features are
//! in [0, 1]) plus the kernel's own rounding (under 10⁻¹²) of the kernel's score, far below
//! `MARGIN / 2`: a candidate screened out scores strictly below the k screened best, so cannot
//! be in the exact top k. The bound is checked on every candidate kept; should it fail, the
//! full ranking is used.

use std::num::NonZeroUsize;

use rayon::prelude::*;

use super::pool::Pool;
use super::ranker::{RankOptions, Ranker, RoleRanking, CHUNK};
use super::topk::TopK;
use crate::extract::{Exclusion, RoleContext};
use crate::feature::N_FEATURES;
use crate::profile::Candidate;
use crate::role::Role;

/// How far below the k-th screened score candidates are still ranked exactly.
const MARGIN: f64 = 1e-6;

/// A role's features of every candidate of a pool, as `f32`, for [`Pool::rank_screened`]. They
/// depend on the role's skills, team, band and years, not on its weights or filters.
#[derive(Clone, Debug)]
pub struct PoolFeatures {
    values: Vec<[f32; N_FEATURES]>,
}

/// Stage 1's result for one part of the pool: exclusions by reason and the best screened
/// scores, per role.
struct Screened {
    excluded: Vec<Vec<usize>>,
    best: Vec<TopK<(), ()>>,
}

impl Pool<'_> {
    /// Every candidate's features for `role` (in parallel).
    pub fn features(&self, role: &Role) -> PoolFeatures {
        let ctx = RoleContext::new(role, self.options.as_of);
        let prepared = self.current();
        let values = self
            .candidates
            .par_chunks(CHUNK)
            .zip(&prepared.chunks)
            .flat_map_iter(|(slice, chunk)| {
                slice
                    .iter()
                    .zip(&chunk.bases)
                    .map(|(c, base)| ctx.extract(base, &c.skills).features.map(|v| v as f32))
            })
            .collect();
        PoolFeatures { values }
    }

    /// [`Pool::rank`] of roles that differ from the role `features` were computed for in
    /// weights and filters only, in two stages (see the module's documentation): the same
    /// rankings, at the cost of a dot product per candidate and role.
    pub fn rank_screened(
        &self,
        roles: &[Role],
        features: &PoolFeatures,
        top: NonZeroUsize,
    ) -> Vec<RoleRanking> {
        let options = RankOptions {
            top,
            ..self.options
        };
        let prepared = self.current();
        let ranker = Ranker::seeded(roles, &options, prepared.layout.as_ref());
        let batch = match ranker.batch() {
            Some(batch)
                if prepared.serves(&ranker) && features.values.len() == self.candidates.len() =>
            {
                batch
            }
            _ => return self.rank(roles, top),
        };
        let n_roles = roles.len();
        let weights: Vec<([f64; N_FEATURES], f64)> = roles
            .iter()
            .map(|r| {
                (
                    *r.weights().linear().weights(),
                    r.weights().linear().intercept(),
                )
            })
            .collect();
        let k = top.get();
        // Stage 1: screened scores (−∞ where a filter excludes), row-major by candidate.
        let mut screened = vec![0.0; self.candidates.len() * n_roles];
        let totals = screened
            .par_chunks_mut(CHUNK * n_roles)
            .zip(&prepared.chunks)
            .zip(features.values.par_chunks(CHUNK))
            .map(|((out, chunk), values)| {
                let mut part = Screened {
                    excluded: roles
                        .iter()
                        .map(|r| vec![0; r.filters.must_have.len() + 2])
                        .collect(),
                    best: (0..n_roles).map(|_| TopK::new(k)).collect(),
                };
                for (c, (inputs, f)) in chunk.prepared.iter().zip(values).enumerate() {
                    for (r, (w, b)) in weights.iter().enumerate() {
                        out[c * n_roles + r] = match batch.excluded(inputs, r) {
                            Some(why) => {
                                part.excluded[r][why] += 1;
                                f64::NEG_INFINITY
                            }
                            None => {
                                let s = dot(w, *b, f);
                                part.best[r].push(s, (), ());
                                s
                            }
                        };
                    }
                }
                part
            })
            .reduce_with(|mut a, b| {
                for (x, y) in a.excluded.iter_mut().zip(b.excluded) {
                    x.iter_mut().zip(y).for_each(|(x, y)| *x += y);
                }
                for (x, y) in a.best.iter_mut().zip(b.best) {
                    x.merge(y);
                }
                a
            });
        let Some(totals) = totals else {
            return self.rank(roles, top);
        };
        let floors: Vec<f64> = totals.best.iter().map(|b| b.threshold() - MARGIN).collect();
        // Stage 2: the candidates screened near or above any role's k-th best, exactly.
        let near: Vec<usize> = (0..self.candidates.len())
            .into_par_iter()
            .filter(|&c| {
                let row = &screened[c * n_roles..(c + 1) * n_roles];
                row.iter()
                    .zip(&floors)
                    .any(|(&s, &floor)| s > f64::NEG_INFINITY && s >= floor)
            })
            .collect();
        let subset: Vec<Candidate> = near.iter().map(|&c| self.candidates[c].clone()).collect();
        let mut tops = ranker.tops();
        ranker.offer_all(&mut tops, &subset);
        let mut rankings = ranker.finish(tops);
        // The bound, checked on every candidate kept.
        let position: std::collections::HashMap<&str, usize> = near
            .iter()
            .map(|&c| (self.candidates[c].id.as_str(), c))
            .collect();
        let within = rankings.iter().enumerate().all(|(r, ranking)| {
            ranking.ranked.iter().all(|kept| {
                let c = position[kept.candidate_id.as_str()];
                (screened[c * n_roles + r] - kept.score).abs() < MARGIN / 4.0
            })
        });
        if !within {
            return self.rank(roles, top);
        }
        for ((ranking, role), excluded) in rankings.iter_mut().zip(roles).zip(totals.excluded) {
            ranking.considered = self.candidates.len() - excluded.iter().sum::<usize>();
            ranking.excluded = Exclusion::reasons(role, self.options.taxonomy)
                .into_iter()
                .zip(excluded)
                .filter(|(_, n)| *n > 0)
                .collect();
        }
        rankings
    }
}

impl Pool<'_> {
    /// [`Pool::rank_checked`] through [`Pool::rank_screened`].
    pub fn rank_checked_screened(
        &self,
        roles: &[Role],
        features: &PoolFeatures,
        top: NonZeroUsize,
    ) -> Vec<RoleRanking> {
        self.checked(roles, top, |roles| self.rank_screened(roles, features, top))
    }
}

/// A linear score of `f32` features, summed in `f64`.
#[inline]
fn dot(weights: &[f64; N_FEATURES], intercept: f64, features: &[f32; N_FEATURES]) -> f64 {
    weights
        .iter()
        .zip(features)
        .fold(intercept, |s, (w, &f)| s + w * f64::from(f))
}
