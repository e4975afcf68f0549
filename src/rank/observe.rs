//! Observers: what else a streamed ranking computes from the same candidates as they pass
//! (a second ranking, every pair's score for an audit), without reading the file again.

use super::ranker::{PreparedChunk, Ranker, RoleRanking, Tops};
use crate::profile::Candidate;

/// Sees every chunk of valid candidates a streamed run scores, beside the ranking: a second
/// ranking of the same candidates, or every pair's score for an audit. Each worker keeps its
/// own observer; they merge at the end, so what an observer computes must not depend on the
/// order chunks arrive in.
pub trait Observer: Send {
    /// Sees one chunk of valid candidates, as `by` (the run's ranker) prepared them.
    fn observe(&mut self, candidates: &[Candidate], prepared: &PreparedChunk, by: &Ranker);

    /// Marks (`named[skill] = true`) the skills this observer's scores read, beyond the run's
    /// ranker's: candidates are expanded only to skills someone reads. Observers that score
    /// with rankers of their own name those rankers' skills.
    fn name_skills(&self, _named: &mut [bool]) {}

    /// Folds another worker's observations into these.
    fn merge(&mut self, other: Self)
    where
        Self: Sized;
}

/// No observer: a plain ranking.
impl Observer for () {
    fn observe(&mut self, _: &[Candidate], _: &PreparedChunk, _: &Ranker) {}

    fn merge(&mut self, _: ()) {}
}

/// Two observers of the same stream.
impl<A: Observer, B: Observer> Observer for (A, B) {
    fn observe(&mut self, candidates: &[Candidate], prepared: &PreparedChunk, by: &Ranker) {
        self.0.observe(candidates, prepared, by);
        self.1.observe(candidates, prepared, by);
    }

    fn name_skills(&self, named: &mut [bool]) {
        self.0.name_skills(named);
        self.1.name_skills(named);
    }

    fn merge(&mut self, other: Self) {
        self.0.merge(other.0);
        self.1.merge(other.1);
    }
}

/// An observer that may be absent.
impl<O: Observer> Observer for Option<O> {
    fn observe(&mut self, candidates: &[Candidate], prepared: &PreparedChunk, by: &Ranker) {
        if let Some(o) = self {
            o.observe(candidates, prepared, by);
        }
    }

    fn name_skills(&self, named: &mut [bool]) {
        if let Some(o) = self {
            o.name_skills(named);
        }
    }

    fn merge(&mut self, other: Self) {
        match (self.as_mut(), other) {
            (Some(a), Some(b)) => a.merge(b),
            (None, b) => *self = b,
            (Some(_), None) => {}
        }
    }
}

/// A second ranking of the same candidates by another [`Ranker`] (other weights, or
/// credentials neutralized), kept beside the first as an [`Observer`].
#[derive(Debug)]
pub struct SecondRanking<'a, 'r> {
    ranker: &'a Ranker<'r>,
    tops: Tops,
}

impl<'a, 'r> SecondRanking<'a, 'r> {
    /// An empty second ranking by `ranker`.
    pub fn new(ranker: &'a Ranker<'r>) -> SecondRanking<'a, 'r> {
        SecondRanking {
            ranker,
            tops: ranker.tops(),
        }
    }

    /// The rankings, as [`Ranker::finish`] gives them.
    pub fn finish(self) -> Vec<RoleRanking> {
        self.ranker.finish(self.tops)
    }
}

impl Observer for SecondRanking<'_, '_> {
    fn observe(&mut self, candidates: &[Candidate], prepared: &PreparedChunk, by: &Ranker) {
        if self.ranker.same_layout(by) {
            self.ranker
                .score_prepared(&mut self.tops, candidates, prepared);
        } else {
            self.ranker.offer_all(&mut self.tops, candidates);
        }
    }

    fn name_skills(&self, named: &mut [bool]) {
        self.ranker.name_skills(named);
    }

    fn merge(&mut self, other: Self) {
        self.tops.merge(other.tops);
    }
}

/// Every role's score of every candidate seen, by candidate id: what an audit needs beyond
/// the top k (scoring rates against the median, selection above a score). Keeps `8·roles`
/// bytes and the id per candidate.
pub struct AllScores<'a, 'r, T> {
    ranker: &'a Ranker<'r>,
    /// What is kept of each candidate besides its scores.
    keep: &'a (dyn Fn(&Candidate) -> T + Sync),
    /// Per candidate: its id and what `keep` kept.
    pub kept: Vec<(Box<str>, T)>,
    /// Scores, `scores[c * roles + r]`; `f64::NEG_INFINITY` where a hard filter excludes.
    pub scores: Vec<f64>,
    scratch: PreparedChunk,
    row: Vec<f64>,
}

impl<'a, 'r, T> AllScores<'a, 'r, T> {
    /// Empty; `keep` picks what else to keep of each candidate (its audit categories).
    pub fn new(ranker: &'a Ranker<'r>, keep: &'a (dyn Fn(&Candidate) -> T + Sync)) -> Self {
        AllScores {
            ranker,
            keep,
            kept: Vec::new(),
            scores: Vec::new(),
            scratch: PreparedChunk::default(),
            row: Vec::new(),
        }
    }
}

impl<T: Send> Observer for AllScores<'_, '_, T> {
    fn observe(&mut self, candidates: &[Candidate], prepared: &PreparedChunk, by: &Ranker) {
        let prepared = if self.ranker.same_layout(by) {
            prepared
        } else {
            self.ranker.prepare_into(candidates, &mut self.scratch);
            &self.scratch
        };
        self.ranker.score_all(candidates, prepared, &mut self.row);
        self.scores.extend_from_slice(&self.row);
        self.kept.extend(
            candidates
                .iter()
                .map(|c| (Box::from(c.id.as_str()), (self.keep)(c))),
        );
    }

    fn name_skills(&self, named: &mut [bool]) {
        self.ranker.name_skills(named);
    }

    fn merge(&mut self, other: Self) {
        self.kept.extend(other.kept);
        self.scores.extend(other.scores);
    }
}
