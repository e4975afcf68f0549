//! Ranking: every requested role against every candidate, in one parallel pass.

use std::collections::BTreeMap;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::Serialize;

use super::kernel::{BatchScorer, Prepared, ROLE_BLOCK};
use super::topk::TopK;
use super::who::Who;
use crate::extract::{CandidateFeatures, Exclusion, Extraction, RoleContext};
use crate::money::RateTable;
use crate::profile::Candidate;
use crate::role::Role;
use crate::score::{Explanation, Linear, Score, Scorer};
use crate::skills::{SkillProfile, SkillRoutes, Taxonomy};

/// Candidates handed to one rayon task at a time.
pub(crate) const CHUNK: usize = 512;

/// What a ranking run needs besides candidates and roles.
#[derive(Clone, Copy, Debug)]
pub struct RankOptions<'a> {
    /// How many candidates to keep per role.
    pub top: NonZeroUsize,
    /// Reference date for recency, time zones and exchange rates.
    pub as_of: NaiveDate,
    /// The skill taxonomy.
    pub taxonomy: &'a Taxonomy,
    /// Exchange rates.
    pub rates: &'a RateTable,
    /// A learned model scoring every role instead of the roles' weights (hard filters still
    /// apply). To rank with another preset, use [`Role::with_preset`].
    pub model: Option<&'a dyn Scorer>,
}

/// One ranked candidate.
#[derive(Clone, Debug, PartialEq)]
pub struct RankedCandidate {
    /// 1-based rank.
    pub rank: usize,
    /// The candidate's id.
    pub candidate_id: String,
    /// The candidate's display name.
    pub name: String,
    /// The candidate's country.
    pub country: String,
    /// The score.
    pub score: Score,
    /// The features behind the score.
    pub extraction: Extraction,
    /// The score broken into its terms.
    pub explanation: Explanation,
}

/// How many of a role's top k stay in it when credentials are ignored.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct TopKept {
    /// Candidates of the top k still in it.
    pub kept: usize,
    /// The size of the top k (at most k: fewer when fewer candidates passed the filters).
    pub of: usize,
}

/// A role's ranking.
#[derive(Clone, Debug)]
pub struct RoleRanking {
    /// The role's index in the roles ranked.
    pub role: usize,
    /// What scored the role: a preset's name, or the model's.
    pub strategy: String,
    /// The weights in force, for a linear scorer (`weights · features + intercept`).
    pub weights: Option<Linear>,
    /// Candidates scored (not excluded).
    pub considered: usize,
    /// Exclusions by kind of reason, and how many candidates each excluded.
    pub excluded: BTreeMap<String, usize>,
    /// The best candidates, best first.
    pub ranked: Vec<RankedCandidate>,
    /// How many of them stay when credentials are ignored, where that was checked
    /// ([`CredentialCheck`](crate::rank::CredentialCheck)).
    pub without_credentials: Option<TopKept>,
}

impl RoleRanking {
    /// Candidates excluded by hard filters.
    pub fn excluded_total(&self) -> usize {
        self.excluded.values().sum()
    }
}

/// One role's running state while candidates stream past.
#[derive(Clone, Debug)]
struct Partial {
    /// Who entered, and the features that explain the score (boxed: the heap moves
    /// entries).
    top: TopK<Who, Box<Extraction>>,
    /// Exclusions by [`Exclusion::index`].
    excluded: Vec<usize>,
}

/// Running top-k selections and counters for every role: one per thread, merged at the end.
#[derive(Clone, Debug)]
pub struct Tops {
    parts: Vec<Partial>,
    /// Each role's [`TopK::threshold`], kept contiguous for the scoring loop.
    thresholds: Vec<f64>,
    /// Each role's screen [`bar`](BatchScorer::bar) for its threshold, then +∞ for the
    /// kernel's padding roles.
    bars: Vec<f32>,
    /// Candidates offered to every role.
    offered: usize,
    /// Reusable buffers.
    chunk: PreparedChunk,
    row: Vec<f64>,
    pending: Vec<Pending>,
}

/// A role's pairs from the current chunk that may enter its top k.
#[derive(Clone, Debug)]
struct Pending {
    /// (score, candidate index in the chunk).
    pairs: Vec<(f64, u32)>,
    /// The best k scores collected.
    best: TopK<(), ()>,
}

/// Candidates' role-independent features and kernel inputs, ready to score against roles.
#[derive(Clone, Debug, Default)]
pub struct PreparedChunk {
    pub(super) bases: Vec<CandidateFeatures>,
    pub(super) prepared: Vec<Prepared>,
}

impl Tops {
    /// The candidates last prepared into these selections (by [`Ranker::offer_all`]).
    pub fn prepared(&self) -> &PreparedChunk {
        &self.chunk
    }

    /// Merges another thread's selections into these. The result does not depend on the order
    /// of merges.
    pub fn merge(&mut self, other: Tops) {
        self.offered += other.offered;
        for (x, y) in self.parts.iter_mut().zip(other.parts) {
            x.top.merge(y.top);
            for (a, b) in x.excluded.iter_mut().zip(y.excluded) {
                *a += b;
            }
        }
    }
}

/// Roles prepared for a run: scores candidates into per-thread selections, merged at the end.
#[derive(Debug)]
pub struct Ranker<'r> {
    contexts: Vec<RoleContext<'r>>,
    options: RankOptions<'r>,
    /// The many-roles kernel, when every role's scorer is linear.
    batch: Option<BatchScorer>,
    /// Per skill, whether this ranker reads it ([`Ranker::name_skills`]).
    named: Vec<bool>,
    /// The taxonomy's routes to the skills the roles name: scores need no other skill.
    routes: SkillRoutes,
    /// Per role, the highest top-k threshold any thread has reached (as [`order_key`]s): a
    /// lower bound on the final k-th score, so every thread turns away pairs below it. The
    /// result does not depend on when threads see it, only the work saved does.
    shared: Vec<AtomicU64>,
}

/// Maps an `f64` to a `u64` with the same order (for atomic maximums).
fn order_key(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// The inverse of [`order_key`].
fn from_order_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

impl<'r> Ranker<'r> {
    /// Prepares roles for a run.
    pub fn new(roles: &'r [Role], options: &RankOptions<'r>) -> Ranker<'r> {
        Ranker::seeded(roles, options, None)
    }

    /// Prepares roles for a run whose kernel layout starts from `seed`'s (see
    /// [`BatchScorer::new`]): candidates prepared by the seed's ranker serve this one too
    /// when the two have the [same layout](Ranker::same_layout).
    pub(crate) fn seeded(
        roles: &'r [Role],
        options: &RankOptions<'r>,
        seed: Option<&BatchScorer>,
    ) -> Ranker<'r> {
        let contexts: Vec<_> = roles
            .iter()
            .map(|r| RoleContext::new(r, options.as_of))
            .collect();
        let shared = contexts
            .iter()
            .map(|_| AtomicU64::new(order_key(f64::NEG_INFINITY)))
            .collect();
        let mut ranker = Ranker {
            contexts,
            options: *options,
            batch: None,
            named: Vec::new(),
            routes: SkillRoutes::default(),
            shared,
        };
        ranker.batch = BatchScorer::new(
            &ranker.contexts,
            |c| ranker.scorer(c).linear().copied(),
            options.taxonomy,
            seed,
        );
        // What candidates are expanded to: the roles' skills, and the layout's (a seeded
        // layout may hold more), so candidates prepared here serve any ranker of the layout.
        let mut named = vec![false; options.taxonomy.len()];
        for ctx in &ranker.contexts {
            let role = ctx.role;
            let slots = role.slots().iter().map(|slot| slot.skill);
            for skill in slots.chain(role.filters.must_have.iter().copied()) {
                named[skill as usize] = true;
            }
        }
        if let Some(batch) = &ranker.batch {
            batch.name_skills(&mut named);
        }
        ranker.routes = options.taxonomy.routes().narrowed(|s| named[s as usize]);
        ranker.named = named;
        ranker
    }

    /// The batch kernel, when every role's scorer is linear.
    pub(crate) fn batch(&self) -> Option<&BatchScorer> {
        self.batch.as_ref()
    }

    /// The reference date features are extracted at.
    pub fn as_of(&self) -> NaiveDate {
        self.options.as_of
    }

    /// Empty selections, one per role, for a run over new candidates (this also forgets the
    /// thresholds shared by earlier runs).
    pub fn tops(&self) -> Tops {
        for shared in &self.shared {
            shared.store(order_key(f64::NEG_INFINITY), Ordering::Relaxed);
        }
        let k = self.options.top.get();
        let parts: Vec<Partial> = self
            .contexts
            .iter()
            .map(|ctx| Partial {
                top: TopK::new(k),
                excluded: vec![0; ctx.role.filters.must_have.len() + 2],
            })
            .collect();
        Tops {
            thresholds: vec![f64::NEG_INFINITY; parts.len()],
            bars: Vec::new(),
            offered: 0,
            parts,
            chunk: PreparedChunk::default(),
            row: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// Scores one candidate for every role, keeping it where it enters a top k.
    pub fn offer(&self, tops: &mut Tops, candidate: &Candidate) {
        self.offer_all(tops, std::slice::from_ref(candidate));
    }

    /// Scores candidates for every role, keeping those that enter a top k.
    ///
    /// With linear scorers the candidates meet blocks of roles through the batch kernel;
    /// otherwise each pair is extracted and scored on its own. Either way a pair's score does
    /// not depend on which other candidates share the call.
    pub fn offer_all(&self, tops: &mut Tops, candidates: &[Candidate]) {
        let mut chunk = std::mem::take(&mut tops.chunk);
        self.prepare_into(candidates, &mut chunk);
        self.score_prepared(tops, candidates, &chunk);
        tops.chunk = chunk;
    }

    /// Extracts what the candidates bring to every role (their role-independent features
    /// and kernel inputs), once per candidate.
    pub fn prepare(&self, candidates: &[Candidate]) -> PreparedChunk {
        let mut chunk = PreparedChunk::default();
        self.prepare_into(candidates, &mut chunk);
        chunk
    }

    /// A candidate's role-independent features, its code skills expanded into `buffer`
    /// through [`Ranker::routes`].
    fn features(&self, c: &Candidate, buffer: SkillProfile) -> CandidateFeatures {
        let o = &self.options;
        CandidateFeatures::reusing(c, o.as_of, o.taxonomy, &self.routes, o.rates, buffer)
    }

    /// Marks (`named[skill] = true`) the skills this ranker reads: those its roles name
    /// (slots and must-haves) and its kernel layout holds. No score or explanation reads
    /// another.
    pub fn name_skills(&self, named: &mut [bool]) {
        for (n, &mine) in named.iter_mut().zip(&self.named) {
            *n |= mine;
        }
    }

    /// Per skill, whether this ranker reads it.
    pub(crate) fn named(&self) -> &[bool] {
        &self.named
    }

    /// Whether candidates expanded to the skills `other` marks hold every skill this ranker
    /// reads.
    pub(crate) fn reads_within(&self, other: &[bool]) -> bool {
        self.named
            .iter()
            .zip(other)
            .all(|(&mine, &theirs)| theirs || !mine)
    }

    pub(crate) fn prepare_into(&self, candidates: &[Candidate], chunk: &mut PreparedChunk) {
        // The bases' skill buffers are reused from chunk to chunk.
        chunk.bases.truncate(candidates.len());
        for (i, c) in candidates.iter().enumerate() {
            match chunk.bases.get_mut(i) {
                Some(base) => {
                    let buffer = std::mem::take(&mut base.code_skills);
                    *base = self.features(c, buffer);
                }
                None => chunk.bases.push(self.features(c, SkillProfile::default())),
            }
        }
        if let Some(batch) = &self.batch {
            chunk
                .prepared
                .resize_with(candidates.len(), Prepared::default);
            for ((candidate, base), prepared) in
                candidates.iter().zip(&chunk.bases).zip(&mut chunk.prepared)
            {
                batch.prepare(base, &candidate.skills, prepared);
            }
        }
    }

    /// Scores prepared candidates (from [`Ranker::prepare`] of the same `candidates`) for
    /// every role, keeping those that enter a top k.
    pub fn score_prepared(&self, tops: &mut Tops, candidates: &[Candidate], chunk: &PreparedChunk) {
        let bases = &chunk.bases[..candidates.len()];
        tops.offered += candidates.len();
        let Some(batch) = &self.batch else {
            for (candidate, base) in candidates.iter().zip(bases) {
                for (ctx, part) in self.contexts.iter().zip(tops.parts.iter_mut()) {
                    let extraction = ctx.extract(base, &candidate.skills);
                    if let Some(why) = extraction.exclusion {
                        part.excluded[why.index(ctx.role)] += 1;
                        continue;
                    }
                    let score = self.scorer(ctx).score(&extraction.features);
                    if part.top.admits(score) {
                        Self::push(part, candidate, score, extraction);
                    }
                }
            }
            return;
        };
        // Pairs that may enter a top k are collected per role for the whole chunk, then
        // offered best first: most are turned away before their features are extracted.
        // A pair is collected when it scores at least the role's global threshold and the
        // k-th best score collected in this chunk (ties included, so none is lost).
        let k = self.options.top.get();
        tops.pending.resize_with(batch.len(), || Pending {
            pairs: Vec::new(),
            best: TopK::new(k),
        });
        tops.bars.resize(batch.stride, f32::INFINITY);
        for (r, (threshold, shared)) in tops.thresholds.iter_mut().zip(&self.shared).enumerate() {
            *threshold = threshold.max(from_order_key(shared.load(Ordering::Relaxed)));
            tops.bars[r] = batch.bar(r, *threshold);
        }
        for r0 in (0..batch.len()).step_by(ROLE_BLOCK) {
            let r1 = (r0 + ROLE_BLOCK).min(batch.len());
            tops.row.resize(r1 - r0, 0.0);
            for (c, prepared) in chunk.prepared[..candidates.len()].iter().enumerate() {
                if !batch.may_need(prepared, r0, &tops.bars[r0..]) {
                    // Most blocks: every pair below its threshold, none excluded.
                    continue;
                }
                batch.score(prepared, r0, &mut tops.row);
                let thresholds = &mut tops.thresholds[r0..r1];
                for (i, &score) in tops.row.iter().enumerate() {
                    if score < thresholds[i] && score != f64::NEG_INFINITY {
                        continue;
                    }
                    if score == f64::NEG_INFINITY {
                        tops.parts[r0 + i].excluded[batch.reason(prepared, r0 + i)] += 1;
                        continue;
                    }
                    let pending = &mut tops.pending[r0 + i];
                    pending.pairs.push((score, c as u32));
                    pending.best.push(score, (), ());
                    thresholds[i] = thresholds[i].max(pending.best.threshold());
                    tops.bars[r0 + i] = batch.bar(r0 + i, thresholds[i]);
                }
            }
        }
        for (r, pending) in tops.pending.iter_mut().enumerate() {
            if pending.pairs.is_empty() {
                continue;
            }
            let part = &mut tops.parts[r];
            pending.pairs.sort_unstable_by(|a, b| {
                b.0.total_cmp(&a.0).then_with(|| {
                    candidates[a.1 as usize]
                        .id
                        .cmp(&candidates[b.1 as usize].id)
                })
            });
            for &(score, c) in &pending.pairs {
                if !part.top.admits(score) {
                    break;
                }
                let candidate = &candidates[c as usize];
                let extraction = self.contexts[r].extract(&bases[c as usize], &candidate.skills);
                Self::push(part, candidate, score, extraction);
            }
            tops.thresholds[r] = part.top.threshold();
            self.shared[r].fetch_max(order_key(tops.thresholds[r]), Ordering::Relaxed);
            pending.pairs.clear();
            pending.best.clear();
        }
    }

    /// Every role's score of every candidate, row-major (`out[c * roles + r]`), with
    /// `f64::NEG_INFINITY` where a hard filter excludes the pair: the scores the ranking ranks
    /// by (the batch kernel's, for linear scorers). `chunk` holds the candidates prepared by
    /// [`Ranker::prepare`] of this ranker or one of the [same layout](Ranker::same_layout).
    pub fn score_all(&self, candidates: &[Candidate], chunk: &PreparedChunk, out: &mut Vec<f64>) {
        let n = self.contexts.len();
        out.clear();
        out.resize(candidates.len() * n, 0.0);
        if n == 0 {
            return;
        }
        for (c, row) in out.chunks_mut(n).enumerate() {
            match &self.batch {
                Some(batch) => {
                    for r0 in (0..n).step_by(ROLE_BLOCK) {
                        let r1 = (r0 + ROLE_BLOCK).min(n);
                        batch.score(&chunk.prepared[c], r0, &mut row[r0..r1]);
                    }
                }
                None => {
                    for (ctx, slot) in self.contexts.iter().zip(row.iter_mut()) {
                        let e = ctx.extract(&chunk.bases[c], &candidates[c].skills);
                        *slot = match e.exclusion {
                            Some(_) => f64::NEG_INFINITY,
                            None => self.scorer(ctx).score(&e.features),
                        };
                    }
                }
            }
        }
    }

    /// Whether candidates prepared by `other` are prepared for this ranker too: the same
    /// reference date, taxonomy and rates, the same kernel layout (roles naming the same
    /// skills; their weights may differ), and every skill this ranker reads expanded.
    pub fn same_layout(&self, other: &Ranker) -> bool {
        let (a, b) = (&self.options, &other.options);
        a.as_of == b.as_of
            && std::ptr::eq(a.taxonomy, b.taxonomy)
            && std::ptr::eq(a.rates, b.rates)
            && self.reads_within(&other.named)
            && match (&self.batch, &other.batch) {
                (None, None) => true,
                (Some(x), Some(y)) => x.same_layout(y),
                _ => false,
            }
    }

    /// Keeps a pair that enters the role's top k, with the features that explain it.
    #[inline]
    fn push(part: &mut Partial, candidate: &Candidate, score: Score, extraction: Extraction) {
        part.top.push_with(
            score,
            candidate.id.as_str(),
            || (Who::of(candidate), Box::new(extraction)),
            |who, kept| {
                who.set(candidate);
                **kept = extraction;
            },
        );
    }

    /// The scorer of a role: the model, or the role's weights.
    fn scorer<'a>(&'a self, ctx: &'a RoleContext<'r>) -> &'a dyn Scorer {
        match self.options.model {
            Some(model) => model,
            None => ctx.role.weights(),
        }
    }

    /// Ranks work items in parallel: `offer` scores each into a task's selections, which
    /// merge into the rankings (the same for any split of the work).
    pub(crate) fn rank_parallel<I: ParallelIterator>(
        &self,
        items: I,
        offer: impl Fn(&Self, &mut Tops, I::Item) + Send + Sync,
    ) -> Vec<RoleRanking> {
        let tops = items
            .fold(
                || self.tops(),
                |mut tops, item| {
                    offer(self, &mut tops, item);
                    tops
                },
            )
            .reduce(
                || self.tops(),
                |mut a, b| {
                    a.merge(b);
                    a
                },
            );
        self.finish(tops)
    }

    /// Turns the merged selections into rankings, best first.
    pub fn finish(&self, tops: Tops) -> Vec<RoleRanking> {
        tops.parts
            .into_iter()
            .zip(&self.contexts)
            .enumerate()
            .map(|(role, (part, ctx))| RoleRanking {
                role,
                strategy: match self.options.model {
                    Some(model) => model.name(),
                    None => ctx.role.preset.name().to_string(),
                },
                weights: self.scorer(ctx).linear().copied(),
                considered: tops.offered - part.excluded.iter().sum::<usize>(),
                excluded: Exclusion::reasons(ctx.role, self.options.taxonomy)
                    .into_iter()
                    .zip(part.excluded)
                    .filter(|(_, n)| *n > 0)
                    .collect(),
                ranked: part
                    .top
                    .into_sorted()
                    .into_iter()
                    .enumerate()
                    .map(|(i, (score, who, kept))| RankedCandidate {
                        rank: i + 1,
                        candidate_id: who.id().to_string(),
                        name: who.name().to_string(),
                        country: who.country().to_string(),
                        score,
                        explanation: self.scorer(ctx).explain(&kept.features, &kept.raw),
                        extraction: *kept,
                    })
                    .collect(),
                without_credentials: None,
            })
            .collect()
    }
}

/// Ranks candidates held in memory for each role, keeping the best `top` per role.
///
/// Work is split over candidates with rayon; each task keeps its own top-k per role, and the
/// selections merge under a total order (score, then candidate id), so the result is the same
/// for any number of threads, and the same as [`rank_file`](crate::rank_file) streaming the
/// same rows.
///
pub fn rank(candidates: &[Candidate], roles: &[Role], options: &RankOptions) -> Vec<RoleRanking> {
    Ranker::new(roles, options).rank_parallel(candidates.par_chunks(CHUNK), |r, tops, slice| {
        r.offer_all(tops, slice)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::Degree;
    use crate::score::Preset;

    fn options(top: usize) -> RankOptions<'static> {
        RankOptions {
            top: NonZeroUsize::new(top).unwrap(),
            as_of: "2026-06-01".parse().unwrap(),
            taxonomy: Taxonomy::bundled(),
            rates: RateTable::bundled(),
            model: None,
        }
    }

    fn roles() -> Vec<Role> {
        let text = "[[role]]\nid = \"be\"\nrequired = [\"python\", \"postgres\"]\nmin_years = 3\n";
        crate::role::roles_for_tests(text)
    }

    fn person(id: &str, stars: u64, degree: Degree) -> Candidate {
        let t = Taxonomy::bundled();
        let stated = vec![
            (t.resolve("python").unwrap(), Some(4.0)),
            (t.resolve("postgres").unwrap(), Some(4.0)),
        ];
        let shipped = stars > 0;
        Candidate {
            id: id.into(),
            skills: t.expand(&stated),
            stated_skills: stated,
            years_experience: 5.0,
            degree,
            total_stars: stars,
            commits_last_year: if shipped { 800 } else { 0 },
            last_commit: shipped.then(|| "2026-05-20".parse().unwrap()),
            repo_languages: if shipped {
                vec![t.resolve("python").unwrap()]
            } else {
                vec![]
            },
            ..Candidate::default()
        }
    }

    #[test]
    fn builder_first_prefers_shipped_code_and_credential_first_flips() {
        let people = vec![
            person("phd", 0, Degree::Phd),
            person("builder", 4000, Degree::None),
        ];
        let roles = roles();
        let ids = |preset| {
            let roles: Vec<Role> = roles
                .iter()
                .map(|r| r.with_preset(preset).unwrap())
                .collect();
            rank(&people, &roles, &options(2))[0]
                .ranked
                .iter()
                .map(|r| r.candidate_id.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(Preset::BuilderFirst), vec!["builder", "phd"]);
        assert_eq!(ids(Preset::CredentialFirst), vec!["phd", "builder"]);
    }

    #[test]
    fn ranking_is_the_same_for_any_thread_count() {
        let people: Vec<_> = (0..3000)
            .map(|i| {
                person(
                    &format!("c{i:05}"),
                    (i * 7919 % 50) as u64,
                    Degree::ALL[i % 6],
                )
            })
            .collect();
        let roles = roles();
        let run = |threads| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            pool.install(|| rank(&people, &roles, &options(25)))
        };
        let (one, four) = (run(1), run(4));
        let key = |r: &RoleRanking| {
            r.ranked
                .iter()
                .map(|c| (c.candidate_id.clone(), c.score))
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&one[0]), key(&four[0]));
        assert_eq!(one[0].ranked.len(), 25);
        // Ties (many identical profiles) are broken by candidate id.
        for pair in one[0].ranked.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            assert!(a.score > b.score || (a.score == b.score && a.candidate_id < b.candidate_id));
        }
    }

    #[test]
    fn order_keys_keep_the_order_of_floats() {
        let xs = [
            f64::NEG_INFINITY,
            -3.5,
            -0.0,
            0.0,
            1e-300,
            0.25,
            7.0,
            f64::INFINITY,
        ];
        for pair in xs.windows(2) {
            assert!(order_key(pair[0]) <= order_key(pair[1]), "{pair:?}");
        }
        for x in xs {
            assert_eq!(from_order_key(order_key(x)).to_bits(), x.to_bits());
        }
    }

    #[test]
    fn exclusions_are_counted_by_reason() {
        let text = "[[role]]\nid = \"rs\"\nfilters = { must_have = [\"rust\"] }\n";
        let roles = crate::role::roles_for_tests(text);
        let people = vec![person("a", 1, Degree::None), person("b", 2, Degree::None)];
        let out = rank(&people, &roles, &options(10));
        assert_eq!(out[0].considered, 0);
        assert_eq!(
            out[0].excluded.get("missing must-have skill rust"),
            Some(&2)
        );
        assert!(out[0].ranked.is_empty());
    }
}
