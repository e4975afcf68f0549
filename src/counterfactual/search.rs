//! Finding the smallest single changes: every candidate value is an edit of the row, validated
//! as the file would be and scored through the ranking's own path (the batch kernel for linear
//! scorers), then compared with the rival under the ranking's total order (score, then id).

use std::cell::RefCell;
use std::collections::HashMap;
use std::num::NonZeroUsize;

use super::knob::{Ctx, Direction, Knob, Rung};
use super::types::{Edit, FilterLift, Rival, Standing, Suggestion, Why};
use crate::error::{Error, Result};
use crate::extract::{CandidateFeatures, Exclusion, Extraction, RoleContext};
use crate::io::{find_row, Input, ReadOptions, RowFields};
use crate::profile::{Candidate, Repo};
use crate::rank::{rank_file, RankOptions, Ranker, RoleRanking, StreamOptions};
use crate::role::Role;
use crate::score::Linear;

/// What `why` needs besides the candidate and the role.
#[derive(Clone, Copy, Debug)]
pub struct WhyOptions<'a> {
    /// The ranking's options: `top` is the k of the question, `model` the scorer (or the
    /// role's weights).
    pub rank: RankOptions<'a>,
    /// How the candidate file is read; edited rows are validated the same way.
    pub read: ReadOptions<'a>,
}

/// Answers "why is this candidate (not) in the role's top k?" for a candidate of a file: reads
/// the file once to find the row, ranks it once (streaming) for the role's top k + 2, then
/// searches each thing the candidate can change (see [`why_row`]).
///
/// # Errors
/// The file cannot be read or has an invalid row; no row has the id (the message names the
/// file and close ids).
pub fn why(
    input: &Input,
    role: &Role,
    candidate_id: &str,
    options: &WhyOptions,
    stream: &StreamOptions,
) -> Result<Why> {
    let row = find_row(input, &options.read, candidate_id)?;
    let window = RankOptions {
        top: window(options.rank.top),
        ..options.rank
    };
    let roles = std::slice::from_ref(role);
    let ranker = Ranker::new(roles, &window);
    let run = rank_file(input.clone(), &options.read, &ranker, stream)?;
    let ranking = run
        .rankings
        .into_iter()
        .next()
        .ok_or_else(|| Error::Invalid("no ranking for the role".into()))?;
    why_row(&row, role, &ranking, options)
}

/// How many candidates the ranking behind [`why_row`] keeps: k + 2 (the k others to beat, the
/// first outside, and the candidate).
pub fn window(top: NonZeroUsize) -> NonZeroUsize {
    top.saturating_add(2)
}

/// Answers the question for one row, given the role's ranking at [`window`]`(top)` (the
/// candidate's own entry in it, if any, is ignored).
///
/// Outside the top k: the smallest change of each thing the candidate can change that brings
/// them to rank k or better. Excluded by a hard filter: each filter with the smallest edit
/// that lifts it and whether that alone is enough; suggestions then assume the lifts. Inside:
/// the margin over the first candidate outside, and the smallest change of each thing that
/// would drop them out.
///
/// With a linear scorer the value needed is computed (the score gap over the feature's
/// weight, inverted through the feature's formula), rounded to the display step and verified,
/// stepping once more where rounding says it is not enough and back where a smaller step
/// does; otherwise each range is scanned at its display step. Either way every suggestion is
/// the row with one cell edited, validated and scored as `rank` would.
///
/// # Errors
/// The row is not a valid candidate.
pub fn why_row(
    row: &RowFields,
    role: &Role,
    ranking: &RoleRanking,
    options: &WhyOptions,
) -> Result<Why> {
    let search = Search::new(row, role, ranking, options);
    let candidate = row.candidate(&options.read).map_err(Error::Row)?;
    let now = search.outcome(&candidate);
    let standing = match now.score {
        None => Standing::Excluded,
        Some(_) if search.inside(now.score) => Standing::Inside,
        Some(_) => Standing::Outside,
    };
    let rival = search.rival().map(|(id, score)| Rival {
        candidate_id: id.clone(),
        score: *score,
    });
    let gap = match (now.score, &rival, standing) {
        (Some(s), Some(r), Standing::Inside) => Some(s - r.score),
        (Some(s), Some(r), _) => Some(r.score - s),
        _ => None,
    };
    let mut why = Why {
        as_of: options.rank.as_of.to_string(),
        candidate_id: candidate.id.clone(),
        name: candidate.name.clone(),
        role_id: role.id.clone(),
        strategy: ranking.strategy.clone(),
        method: match search.linear {
            Some(_) => "exact",
            None => "search",
        },
        top: options.rank.top.get(),
        considered: ranking.considered,
        standing,
        score: now.score,
        // Kept in the window, the candidate's rank is known even below the others kept.
        rank: ranking
            .ranked
            .iter()
            .find(|r| r.candidate_id == candidate.id)
            .map(|r| r.rank)
            .or_else(|| search.rank(now.score)),
        rival,
        gap,
        filters: Vec::new(),
        suggestions: Vec::new(),
    };
    let (dir, lifted) = match standing {
        Standing::Inside => (Direction::Down, Vec::new()),
        Standing::Outside => (Direction::Up, Vec::new()),
        Standing::Excluded => {
            let (lifts, edits) = search.lift_filters(row, &now);
            let done = lifts.last().is_some_and(|l| l.reaches || l.edit.is_none());
            why.filters = lifts;
            if done {
                return Ok(why);
            }
            (Direction::Up, edits)
        }
    };
    why.suggestions = search.suggestions(row, &lifted, dir)?;
    Ok(why)
}

/// A scored (or excluded) row.
#[derive(Clone, Debug)]
struct Outcome {
    /// The score, `None` when a filter excludes.
    score: Option<f64>,
    extraction: Extraction,
}

/// One question's state: the role prepared, the rival, the scorer.
struct Search<'a> {
    role: &'a Role,
    context: RoleContext<'a>,
    ranker: Ranker<'a>,
    options: &'a WhyOptions<'a>,
    linear: Option<Linear>,
    id: String,
    /// The others ranked, best first (score, then id).
    others: Vec<(String, f64)>,
    /// Whether `others` holds every other candidate the role scored.
    complete: bool,
}

/// Whether `a` ranks before `b` (score descending, then id ascending).
fn before(a: (f64, &str), b: (f64, &str)) -> bool {
    a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)).is_gt()
}

impl<'a> Search<'a> {
    fn new(
        row: &RowFields,
        role: &'a Role,
        ranking: &RoleRanking,
        options: &'a WhyOptions<'a>,
    ) -> Search<'a> {
        let single = RankOptions {
            top: NonZeroUsize::MIN,
            ..options.rank
        };
        let id = row.id().to_string();
        let others: Vec<(String, f64)> = ranking
            .ranked
            .iter()
            .filter(|r| r.candidate_id != id)
            .map(|r| (r.candidate_id.clone(), r.score))
            .collect();
        Search {
            role,
            context: RoleContext::new(role, options.rank.as_of),
            ranker: Ranker::new(std::slice::from_ref(role), &single),
            options,
            linear: match options.rank.model {
                Some(model) => model.linear().copied(),
                None => Some(*role.weights().linear()),
            },
            complete: ranking.ranked.len() >= ranking.considered,
            others,
            id,
        }
    }

    /// The k-th of the others: the one to beat.
    fn rival(&self) -> Option<&(String, f64)> {
        self.others.get(self.options.rank.top.get() - 1)
    }

    /// Whether a score puts the candidate in the top k.
    fn inside(&self, score: Option<f64>) -> bool {
        score.is_some_and(|s| {
            self.rival()
                .is_none_or(|(id, r)| before((s, &self.id), (*r, id)))
        })
    }

    /// The rank a score gives, where the ranking kept enough to know it.
    fn rank(&self, score: Option<f64>) -> Option<usize> {
        let s = score?;
        let ahead = self
            .others
            .iter()
            .take_while(|(id, r)| before((*r, id), (s, &self.id)))
            .count();
        (ahead < self.others.len() || self.complete).then_some(ahead + 1)
    }

    /// Scores a candidate as `rank` would: hard filters, then the ranker's own path.
    fn outcome(&self, candidate: &Candidate) -> Outcome {
        let o = &self.options.rank;
        let features = CandidateFeatures::new(candidate, o.as_of, o.taxonomy, o.rates);
        let extraction = self.context.extract(&features, &candidate.skills);
        let score = match extraction.exclusion {
            Some(_) => None,
            None => {
                let mut tops = self.ranker.tops();
                self.ranker.offer(&mut tops, candidate);
                let ranking = self.ranker.finish(tops);
                ranking[0].ranked.first().map(|r| r.score)
            }
        };
        Outcome { score, extraction }
    }

    /// Scores an edited row; `None` when the edit makes the row invalid.
    fn outcome_of(&self, row: &RowFields) -> Option<(Candidate, Outcome)> {
        let candidate = row.candidate(&self.options.read).ok()?;
        let outcome = self.outcome(&candidate);
        Some((candidate, outcome))
    }

    /// The ladder context of a row.
    fn with_ctx<T>(&self, row: &RowFields, f: impl FnOnce(&Ctx, &Outcome) -> T) -> Option<T> {
        let (candidate, outcome) = self.outcome_of(row)?;
        let o = &self.options.rank;
        let features = CandidateFeatures::new(&candidate, o.as_of, o.taxonomy, o.rates);
        let ctx = Ctx {
            row,
            candidate: &candidate,
            features: &features,
            role: self.role,
            context: &self.context,
            as_of: o.as_of,
            taxonomy: o.taxonomy,
            rates: o.rates,
        };
        Some(f(&ctx, &outcome))
    }

    /// Each filter that excludes the row, in order, with the smallest edit that lifts it;
    /// and the lifts' edits.
    fn lift_filters(&self, row: &RowFields, now: &Outcome) -> (Vec<FilterLift>, Vec<Edit>) {
        let taxonomy = self.options.rank.taxonomy;
        let mut lifts = Vec::new();
        let mut edits: Vec<Edit> = Vec::new();
        let mut current = row.clone();
        let mut exclusion = now.extraction.exclusion;
        let most = self.role.filters.must_have.len() + 2;
        while let Some(why) = exclusion {
            if lifts.len() >= most {
                break;
            }
            let knob = match why {
                Exclusion::MissingSkill(s) => Knob::AddSkill(s),
                Exclusion::SalaryAboveMax { .. } => Knob::Salary,
                Exclusion::OverlapBelowMin { .. } => Knob::WorkHours,
            };
            let lifted = |o: &Outcome| o.extraction.exclusion.is_none_or(|e| !same(e, why));
            let found = self
                .with_ctx(&current, |ctx, _| {
                    let rungs = knob.ladder(ctx, Direction::Up);
                    rungs.iter().find_map(|rung| {
                        let edited = apply(&current, &rung.edit);
                        let (_, o) = self.outcome_of(&edited)?;
                        lifted(&o).then(|| {
                            let text = knob.text(ctx, rung, &o.extraction.raw, Direction::Up);
                            (rung.edit.clone(), text, edited, o)
                        })
                    })
                })
                .flatten();
            let Some((edit, text, edited, outcome)) = found else {
                lifts.push(FilterLift {
                    filter: why.describe(taxonomy),
                    text: "no change of one field lifts it within its range".into(),
                    edit: None,
                    reaches: false,
                    score_after: None,
                    rank_after: None,
                });
                break;
            };
            edits.retain(|e| e.field != edit.field);
            edits.push(edit.clone());
            lifts.push(FilterLift {
                filter: why.describe(taxonomy),
                text,
                edit: Some(edit),
                reaches: self.inside(outcome.score),
                score_after: outcome.score,
                rank_after: self.rank(outcome.score),
            });
            current = edited;
            exclusion = outcome.extraction.exclusion;
        }
        (lifts, edits)
    }

    /// The smallest change of each knob, on the row with `lifts` applied.
    fn suggestions(
        &self,
        row: &RowFields,
        lifts: &[Edit],
        dir: Direction,
    ) -> Result<Vec<Suggestion>> {
        let all_lifted = lifts.iter().fold(row.clone(), |r, e| apply(&r, e));
        let knobs = self
            .with_ctx(&all_lifted, |ctx, _| Knob::all(ctx, dir))
            .unwrap_or_default();
        let mut out = Vec::new();
        for knob in knobs {
            // A knob builds on the lifts of other columns; on its own column it starts from
            // the row as it is (its ladder runs through the filter), except skills, whose
            // cell keeps a lifted must-have skill.
            let field = self
                .with_ctx(&all_lifted, |ctx, _| knob.field(ctx))
                .unwrap_or("");
            let (base, with): (RowFields, Vec<Edit>) = match field {
                "skills" => (
                    all_lifted.clone(),
                    lifts.iter().filter(|e| e.field != field).cloned().collect(),
                ),
                _ => {
                    let with: Vec<Edit> =
                        lifts.iter().filter(|e| e.field != field).cloned().collect();
                    (with.iter().fold(row.clone(), |r, e| apply(&r, e)), with)
                }
            };
            if let Some(s) = self.with_ctx(&base, |ctx, now| self.smallest(ctx, now, knob, dir)) {
                out.extend(s.map(|mut s| {
                    s.with = with;
                    s
                }));
            }
        }
        out.sort_by_key(|s| !s.reachable);
        Ok(out)
    }

    /// The smallest change of one knob that crosses the cut.
    fn smallest(&self, ctx: &Ctx, now: &Outcome, knob: Knob, dir: Direction) -> Option<Suggestion> {
        let weight = knob
            .feature()
            .and_then(|f| self.linear.map(|l| l.weights()[f.index()]));
        if weight.is_some_and(|w| w <= 0.0) && self.linear.is_some() {
            // A linear scorer that gives the feature no positive weight: the knob cannot help
            // (or hurt), except through a filter.
            if !matches!(knob, Knob::Salary | Knob::WorkHours) {
                return None;
            }
        }
        let saturated = knob.feature().is_some_and(|f| {
            let v = now.extraction.features[f.index()];
            let filtered = now.score.is_none() && matches!(knob, Knob::Salary | Knob::WorkHours);
            !filtered
                && match dir {
                    Direction::Up => v >= 1.0,
                    Direction::Down => v <= 0.0,
                }
        });
        let rungs = match saturated {
            true => Vec::new(),
            false => knob.ladder(ctx, dir),
        };
        let goal = |o: &Outcome| match dir {
            Direction::Up => self.inside(o.score),
            Direction::Down => !self.inside(o.score),
        };
        let mut suggestion = Suggestion {
            field: knob.field(ctx),
            feature: knob.feature().map_or("skills", |f| f.name()),
            unit: knob.unit(ctx),
            current: knob.current(ctx),
            needed: None,
            current_usd: None,
            needed_usd: None,
            reachable: false,
            text: String::new(),
            score_after: None,
            rank_after: None,
            edit: None,
            with: Vec::new(),
        };
        if knob == Knob::Salary {
            suggestion.current_usd = ctx.features.salary_usd;
        }
        if rungs.is_empty() {
            suggestion.text = knob.saturated(ctx, dir);
            return Some(suggestion);
        }
        let cache: RefCell<HashMap<usize, Option<Outcome>>> = RefCell::default();
        let eval = |i: usize| -> Option<Outcome> {
            if let Some(o) = cache.borrow().get(&i) {
                return o.clone();
            }
            let o = self
                .outcome_of(&apply(ctx.row, &rungs[i].edit))
                .map(|(_, o)| o);
            cache.borrow_mut().insert(i, o.clone());
            o
        };
        let reaches = |i: usize| eval(i).is_some_and(|o| goal(&o));
        // The linear hint: the feature value the gap needs, inverted to the raw value.
        let hint = match (self.linear, knob.feature(), weight, now.score) {
            (Some(_), Some(f), Some(w), Some(score)) if w > 0.0 => {
                let rival = self.rival().map_or(score, |r| r.1);
                let needed = now.extraction.features[f.index()] + (rival - score) / w;
                knob.hint(ctx, needed)
            }
            _ => None,
        };
        let found = match hint {
            Some(raw) => {
                let rising = rungs.last().map(|r| r.pos) > rungs.first().map(|r| r.pos);
                let mut i = rungs
                    .iter()
                    .position(|r| match rising {
                        true => r.pos >= raw,
                        false => r.pos <= raw,
                    })
                    .unwrap_or(rungs.len() - 1);
                if reaches(i) {
                    while i > 0 && reaches(i - 1) {
                        i -= 1;
                    }
                    Some(i)
                } else {
                    (i + 1..rungs.len()).find(|&j| reaches(j))
                }
            }
            None => (0..rungs.len()).find(|&j| reaches(j)),
        };
        // Out of range: show the best the range allows (the end of a monotone ladder; the
        // best-scoring value of a scanned one).
        let i = found.unwrap_or_else(|| {
            let cache = cache.borrow();
            let score = |i: usize| cache.get(&i).cloned().flatten().and_then(|o| o.score);
            // Ties keep the end of the range, or for working hours the smallest shift.
            let small = knob == Knob::WorkHours;
            let mut best = rungs.len() - 1;
            for j in (0..rungs.len()).filter(|j| cache.contains_key(j)) {
                let better = match (score(j), score(best)) {
                    (Some(a), Some(b)) => a > b || (a == b && small && j < best),
                    (Some(_), None) => true,
                    (None, _) => false,
                };
                if better {
                    best = j;
                }
            }
            best
        });
        let rung: &Rung = &rungs[i];
        let outcome = eval(i);
        suggestion.reachable = found.is_some();
        suggestion.edit = Some(rung.edit.clone());
        suggestion.score_after = outcome.as_ref().and_then(|o| o.score);
        suggestion.rank_after = self.rank(suggestion.score_after);
        let raw = outcome.map_or([None; crate::feature::N_FEATURES], |o| o.extraction.raw);
        let text = knob.text(ctx, rung, &raw, dir);
        if knob == Knob::Salary {
            suggestion.needed_usd = ctx.rates.to_usd(rung.pos, currency_of(ctx), ctx.as_of);
        }
        if suggestion.reachable {
            suggestion.needed = Some(rung.value.clone());
            suggestion.text = text;
        } else {
            let after = match suggestion.rank_after {
                Some(r) => format!("rank {r}"),
                None => format!("below rank {}", self.options.rank.top.get() + 1),
            };
            let score = suggestion
                .score_after
                .map_or("excluded".to_string(), |s| format!("score {s:.4}"));
            suggestion.text = match dir {
                Direction::Up => format!("not enough: at best {text} → {score}, {after}"),
                Direction::Down => format!("stays inside: even {text} → {score}, {after}"),
            };
        }
        Some(suggestion)
    }
}

/// The currency of the candidate's salary (USD when none is stated).
fn currency_of(ctx: &Ctx) -> crate::money::Currency {
    ctx.candidate
        .salary
        .map_or(crate::money::Currency::USD, |s| s.currency)
}

/// Whether two exclusions are the same filter.
fn same(a: Exclusion, b: Exclusion) -> bool {
    match (a, b) {
        (Exclusion::MissingSkill(x), Exclusion::MissingSkill(y)) => x == y,
        _ => std::mem::discriminant(&a) == std::mem::discriminant(&b),
    }
}

/// A row with one edit applied.
pub(super) fn apply(row: &RowFields, edit: &Edit) -> RowFields {
    match edit.field {
        "repos" => {
            let repos: Vec<Repo> = serde_json::from_str(&edit.value).unwrap_or_default();
            row.with_repos(repos)
        }
        field => row.with(field, &edit.value),
    }
}

#[cfg(test)]
mod tests {
    use super::super::types::RawValue;
    use super::*;
    use crate::feature::{Feature, FeatureVector, N_FEATURES};
    use crate::money::RateTable;
    use crate::rank::rank;
    use crate::read_candidates;
    use crate::score::Scorer;
    use crate::skills::Taxonomy;

    /// A scorer of one feature: linear (its weight 1), or a step at a threshold (a stump,
    /// as a tree model scores).
    #[derive(Debug)]
    struct OneFeature {
        feature: Feature,
        linear: Option<Linear>,
        step: f64,
    }

    impl OneFeature {
        fn linear(feature: Feature) -> OneFeature {
            let mut w = [0.0; N_FEATURES];
            w[feature.index()] = 1.0;
            OneFeature {
                feature,
                linear: Some(Linear::new(w, 0.0)),
                step: 0.0,
            }
        }

        fn stump(feature: Feature, step: f64) -> OneFeature {
            OneFeature {
                feature,
                linear: None,
                step,
            }
        }
    }

    impl Scorer for OneFeature {
        fn name(&self) -> String {
            "one-feature".into()
        }
        fn linear(&self) -> Option<&Linear> {
            self.linear.as_ref()
        }
        fn score(&self, f: &FeatureVector) -> f64 {
            match &self.linear {
                Some(l) => l.score(f),
                None => f64::from(u8::from(f[self.feature.index()] > self.step)),
            }
        }
    }

    const POOL: &str = "id,years_experience,total_stars\nA,6,50\nB,2,0\n";

    /// Asks why `id` is not first, for a role asking 4 years, with `scorer`.
    fn ask(id: &str, scorer: &OneFeature) -> Why {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pool.csv");
        std::fs::write(&file, POOL).unwrap();
        let input = Input::File(file);
        let roles = crate::role::roles_for_tests("[[role]]\nid = \"r\"\nmin_years = 4\n");
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        let options = WhyOptions {
            rank: RankOptions {
                top: NonZeroUsize::MIN,
                as_of: "2026-10-01".parse().unwrap(),
                taxonomy,
                rates,
                model: Some(scorer),
            },
            read: ReadOptions::new(taxonomy, rates),
        };
        let set = read_candidates(input.clone(), &options.read).unwrap();
        let window = RankOptions {
            top: window(NonZeroUsize::MIN),
            ..options.rank
        };
        let ranking = rank(&set.candidates, &roles, &window).remove(0);
        let row = find_row(&input, &options.read, id).unwrap();
        why_row(&row, &roles[0], &ranking, &options).unwrap()
    }

    fn suggestion<'w>(why: &'w Why, field: &str) -> &'w Suggestion {
        why.suggestions.iter().find(|s| s.field == field).unwrap()
    }

    #[test]
    fn a_linear_gap_is_inverted_and_rounded_toward_the_target() {
        let why = ask("B", &OneFeature::linear(Feature::Experience));
        assert_eq!((why.standing, why.method), (Standing::Outside, "exact"));
        assert_eq!(why.rival.as_ref().unwrap().candidate_id, "A");
        // A's 6 years against a 4-year minimum score 0.875; B ties at exactly 6 years and
        // loses the tie by id, so the next step up is needed.
        let years = suggestion(&why, "years_experience");
        assert!(years.reachable);
        assert_eq!(years.needed, Some(RawValue::Number(6.1)));
        assert_eq!(years.edit.as_ref().unwrap().value, "6.1");
        assert_eq!(years.text, "+4.1 years of experience (6.1 instead of 2)");
        assert_eq!(years.rank_after, Some(1));
        assert!(
            why.suggestions.iter().all(|s| s.field != "total_stars"),
            "a feature without weight cannot help"
        );
    }

    #[test]
    fn inside_the_margin_and_the_change_that_drops_out() {
        let why = ask("A", &OneFeature::linear(Feature::Experience));
        assert_eq!(why.standing, Standing::Inside);
        assert!((why.gap.unwrap() - (0.875 - 0.375)).abs() < 1e-12);
        // B scores 0.375 (2 years); A would win a tie by id, so it drops out at 1.9.
        let years = suggestion(&why, "years_experience");
        assert_eq!(years.needed, Some(RawValue::Number(1.9)));
        assert_eq!(years.rank_after, Some(2));
    }

    #[test]
    fn a_step_model_is_searched_to_its_threshold() {
        // Impact above 0.5 needs more than 99 weighted stars: 100.
        let why = ask("B", &OneFeature::stump(Feature::RepoImpact, 0.5));
        assert_eq!(why.method, "search");
        let stars = suggestion(&why, "total_stars");
        assert!(stars.reachable, "{why:#?}");
        assert_eq!(stars.needed, Some(RawValue::Number(100.0)));
        assert_eq!(stars.text, "+100 stars (100 instead of 0)");
        let years = suggestion(&why, "years_experience");
        assert!(!years.reachable && years.needed.is_none());
    }

    #[test]
    fn ties_are_broken_by_id_as_the_ranking_does() {
        assert!(before((0.5, "a"), (0.5, "b")));
        assert!(!before((0.5, "b"), (0.5, "a")));
        assert!(before((0.6, "z"), (0.5, "a")));
    }
}
