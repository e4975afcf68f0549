//! Scoring many roles at once with a linear scorer.
//!
//! A linear score `b + Σ w_f·f` splits into parts that are linear in what the candidate brings:
//! role-independent features (a dot product), skill credits (rows of role-indexed matrices,
//! one per skill some role names), and a few per-pair terms (experience, overlap, salary fit)
//! computed branch-free across a block of roles. A candidate meets a block of roles in
//! vectors ([`Lanes`]), up to four at once (two on the portable lanes, which have fewer
//! registers) with their sums in registers, so the per-pair cost is a handful of vector
//! instructions.
//!
//! The body runs in two number types. In `f32`, sixteen lanes to a vector, it *screens*:
//! whether any pair of a block may reach its role's threshold, or is excluded, with a proven
//! margin for the rounding ([`BatchScorer::may_need`]). Most blocks are turned away there;
//! the rest are scored exactly in `f64`.
//!
//! Every ranking path scores through this kernel when the scorer is linear, so results are
//! the same whatever the chunking; [`RoleContext::extract`] gives the same values (to rounding)
//! and is used to explain the candidates that are kept.

#[cfg(target_arch = "x86_64")]
use super::lanes::{Avx512, Avx512F32};
use super::lanes::{Lanes, Portable32, Portable64};
use super::layout::Table;
pub(crate) use super::layout::{BatchScorer, Prepared, ROLE_BLOCK};
use crate::cpu::Level;
#[cfg(test)]
use crate::extract::{CandidateFeatures, RoleContext};
#[cfg(test)]
use crate::skills::Taxonomy;

const DAY: f64 = 24.0 * 60.0;

/// What the kernel does with a block's sums, a few vectors at a time.
trait Sink<L: Lanes> {
    /// Takes the sums of roles `at..at + G · L::WIDTH` of the block.
    fn take<const G: usize>(&mut self, at: usize, sums: [L; G]);
}

/// Stores the scores (the block's, from its first role).
struct Store<'a, T>(&'a mut [T]);

impl<L: Lanes> Sink<L> for Store<'_, L::Value> {
    #[inline(always)]
    fn take<const G: usize>(&mut self, at: usize, sums: [L; G]) {
        for (g, sum) in sums.into_iter().enumerate() {
            sum.store(&mut self.0[at + g * L::WIDTH..]);
        }
    }
}

/// Tests screened scores against bars.
struct Reach<'a, T> {
    bars: &'a [T],
    any: bool,
}

impl<L: Lanes> Sink<L> for Reach<'_, L::Value> {
    #[inline(always)]
    fn take<const G: usize>(&mut self, at: usize, sums: [L; G]) {
        for (g, sum) in sums.into_iter().enumerate() {
            self.any |= sum.reaches(&self.bars[at + g * L::WIDTH..]);
        }
    }
}

impl BatchScorer {
    /// Scores one candidate against roles `r0..r0 + out.len()`; an excluded pair scores −∞.
    ///
    /// `r0` starts a block of [`ROLE_BLOCK`] roles, and `out` covers at most that block. Runs
    /// the widest [`Level`] this CPU has; every level gives the same scores.
    #[inline]
    pub(crate) fn score(&self, c: &Prepared, r0: usize, out: &mut [f64]) {
        self.score_at(Level::current(), c, r0, out);
    }

    /// [`BatchScorer::score`] on a given path (one this CPU [supports](Level::supported)).
    pub(crate) fn score_at(&self, level: Level, c: &Prepared, r0: usize, out: &mut [f64]) {
        let mut padded = [0.0; ROLE_BLOCK];
        let mut sink = Store(&mut padded[..]);
        match level {
            // SAFETY: the CPU has the instructions (`Level::current` and the tests check
            // `Level::supported` before choosing a level).
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { self.run_avx512::<Avx512, _>(&self.exact, c, r0, &mut sink) },
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { self.run_avx2::<Portable64, _>(&self.exact, c, r0, &mut sink) },
            _ => self.run::<Portable64, _>(&self.exact, c, r0, &mut sink),
        }
        out.copy_from_slice(&padded[..out.len()]);
    }

    /// Whether the candidate's block of roles at `r0` may need a look: whether some pair's
    /// exact score may reach its threshold, or the pair may be excluded. `bars` holds each
    /// role's [`bar`](BatchScorer::bar) for its threshold (from role `r0` on, padding roles
    /// at +∞).
    ///
    /// Answers from `f32` scores: `false` is a proof that no pair of the block reaches its
    /// threshold or is excluded, `true` only a maybe. The screened score is within the
    /// role's margin of the exact one, and the screen's filter limits are moved so that it
    /// excludes every pair the exact scores exclude (and a few more).
    #[inline]
    pub(crate) fn may_need(&self, c: &Prepared, r0: usize, bars: &[f32]) -> bool {
        self.may_need_at(Level::current(), c, r0, bars)
    }

    /// [`BatchScorer::may_need`] on a given path.
    pub(crate) fn may_need_at(&self, level: Level, c: &Prepared, r0: usize, bars: &[f32]) -> bool {
        let mut sink = Reach { bars, any: false };
        match level {
            // SAFETY: as in `score_at`.
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe {
                self.run_avx512::<Avx512F32, _>(&self.rough, c, r0, &mut sink)
            },
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { self.run_avx2::<Portable32, _>(&self.rough, c, r0, &mut sink) },
            _ => self.run::<Portable32, _>(&self.rough, c, r0, &mut sink),
        }
        sink.any
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
    unsafe fn run_avx512<L: Lanes, S: Sink<L>>(
        &self,
        t: &Table<L::Value>,
        c: &Prepared,
        r0: usize,
        sink: &mut S,
    ) {
        self.run::<L, S>(t, c, r0, sink)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn run_avx2<L: Lanes, S: Sink<L>>(
        &self,
        t: &Table<L::Value>,
        c: &Prepared,
        r0: usize,
        sink: &mut S,
    ) {
        self.run::<L, S>(t, c, r0, sink)
    }

    /// The kernel's one body, inlined into each path so each compiles it for its instructions
    /// and its kind of [`Lanes`]: the block at `r0` (with its padding, in whole vectors), a
    /// few vectors at a time, into `sink`.
    #[inline(always)]
    fn run<L: Lanes, S: Sink<L>>(
        &self,
        t: &Table<L::Value>,
        c: &Prepared,
        r0: usize,
        sink: &mut S,
    ) {
        debug_assert!(r0.is_multiple_of(ROLE_BLOCK), "one role block at a time");
        let len = ROLE_BLOCK.min(self.stride - r0);
        let mut g = 0;
        while g < len {
            let at = r0 + g;
            g += match ((len - g) / L::WIDTH).min(L::MAX_GROUPS) {
                1 => {
                    sink.take(at - r0, self.sums::<L, 1>(t, c, r0, at));
                    L::WIDTH
                }
                2 | 3 => {
                    sink.take(at - r0, self.sums::<L, 2>(t, c, r0, at));
                    2 * L::WIDTH
                }
                _ => {
                    sink.take(at - r0, self.sums::<L, 4>(t, c, r0, at));
                    4 * L::WIDTH
                }
            };
        }
    }

    /// The scores of `G` vectors of roles from role `at`, in the block at `r0`. The vectors'
    /// sums are independent chains the CPU overlaps, and each term of the candidate is read
    /// once for all of them.
    #[inline(always)]
    fn sums<L: Lanes, const G: usize>(
        &self,
        t: &Table<L::Value>,
        c: &Prepared,
        r0: usize,
        at: usize,
    ) -> [L; G] {
        let facts = self.blocks[r0 / ROLE_BLOCK];
        let (zero, one) = (L::splat(0.0), L::splat(1.0));
        // A loop, not `std::array::from_fn`: that generic function is compiled without the
        // path's target features, so the loads inside it would be calls rather than inlined.
        let load = |a: &[L::Value], from: usize| -> [L; G] {
            let mut out = [zero; G];
            for (g, out) in out.iter_mut().enumerate() {
                *out = L::load(&a[from + g * L::WIDTH..]);
            }
            out
        };
        let role = |a: &[L::Value]| load(a, at);
        let mut out = role(&t.intercept);
        for (k, &b) in c.base.iter().enumerate() {
            let w = role(&t.base_w[k]);
            for g in 0..G {
                out[g] = axpy(out[g], b, w[g]);
            }
        }
        for &(row, credit, years) in &c.skills {
            let cell = row as usize * self.stride + at;
            let (cov, depth, inv) = (
                load(&t.cov, cell),
                load(&t.depth, cell),
                load(&t.inv_target, cell),
            );
            let (credit, years) = (L::splat(credit), L::splat(years));
            for g in 0..G {
                let reached = years.mul(inv[g]).min(one);
                out[g] = out[g].add(credit.mul(cov[g].add(depth[g].mul(reached))));
            }
        }
        for &(row, credit) in &c.code {
            let code = load(&t.code, row as usize * self.stride + at);
            for g in 0..G {
                out[g] = axpy(out[g], credit, code[g]);
            }
        }
        let y = L::splat(c.years);
        let (m, inv, w) = (role(&t.min_years), role(&t.inv_min_years), role(&t.w_exp));
        for g in 0..G {
            let below = L::splat(0.75).mul(y).mul(inv[g]);
            let above = y.sub(m[g]).mul(inv[g]).max(zero).min(one);
            let above = L::splat(0.75).add(L::splat(0.25).mul(above));
            out[g] = out[g].add(w[g].mul(below.min(above)));
        }
        match c.shift {
            Some((cs, ce)) => {
                let (ts, te) = (role(&t.team_start), role(&t.team_end));
                let (inv, w, min) = (
                    role(&t.inv_overlap_target),
                    role(&t.w_tz),
                    role(&t.min_overlap),
                );
                for g in 0..G {
                    let hours = overlap_hours(L::splat(cs), L::splat(ce), ts[g], te[g]);
                    let share = hours.mul(inv[g]).min(one);
                    out[g] = out[g].add(w[g].mul(share));
                    out[g] = out[g].excluding_below(hours, min[g]);
                }
            }
            None => add_each(&mut out, role(&t.tz_unknown)),
        }
        match c.salary {
            Some(e) if e <= facts.min_band_max && e <= facts.min_cap => {
                // Within every band and under every cap: each fit is exactly 1.
                add_each(&mut out, role(&t.w_salary));
            }
            Some(e) => {
                let e = L::splat(e);
                let (max, inv) = (role(&t.band_max), role(&t.inv_half_life));
                let (w, cap) = (role(&t.w_salary), role(&t.max_salary));
                for g in 0..G {
                    let over = e.sub(max[g]).mul(inv[g]);
                    let fit = zero.sub(over.max(zero)).exp2();
                    out[g] = out[g].add(w[g].mul(fit));
                    // Over the cap: `cap < e`.
                    out[g] = out[g].excluding_below(cap[g], e);
                }
            }
            None => add_each(&mut out, role(&t.salary_unknown)),
        }
        if facts.any_must {
            for (g, out) in out.iter_mut().enumerate() {
                *out = out.excluding_missing(&self.must_mask[at + g * L::WIDTH..], c.mask);
            }
        }
        out
    }
}

impl BatchScorer {
    /// Whether a hard filter of role `r` excludes the candidate (the kernel scores the pair
    /// −∞ exactly then), and why, as [`BatchScorer::reason`] says; without scoring.
    pub(crate) fn excluded(&self, c: &Prepared, r: usize) -> Option<usize> {
        let t = &self.exact;
        let missing = self.must_mask[r] & !c.mask != 0;
        let salary = c.salary.is_some_and(|e| e > t.max_salary[r]);
        let overlap = c.shift.is_some_and(|(cs, ce)| {
            overlap_hours_of(cs, ce, t.team_start[r], t.team_end[r]) < t.min_overlap[r]
        });
        (missing || salary || overlap).then(|| self.reason(c, r))
    }

    /// Why role `r` excludes a candidate the kernel scored −∞, as an
    /// [`Exclusion::index`](crate::extract::Exclusion::index): the first missing must-have skill in the
    /// role's order, then salary, then overlap (the order of the per-pair filters).
    pub(crate) fn reason(&self, c: &Prepared, r: usize) -> usize {
        let must = &self.must_order[r];
        if let Some(k) = must.iter().position(|&j| c.mask & (1 << j) == 0) {
            return k;
        }
        if c.salary.is_some_and(|e| e > self.exact.max_salary[r]) {
            return must.len();
        }
        must.len() + 1
    }
}

/// `out[g] += x[g]` for each group.
#[inline(always)]
fn add_each<L: Lanes, const G: usize>(out: &mut [L; G], x: [L; G]) {
    for (out, x) in out.iter_mut().zip(x) {
        *out = out.add(x);
    }
}

/// `out + a · x`.
#[inline(always)]
fn axpy<L: Lanes>(out: L, a: f64, x: L) -> L {
    out.add(L::splat(a).mul(x))
}

/// Hours two working days (minutes on one UTC line) share, the second repeated daily.
#[inline(always)]
fn overlap_hours<L: Lanes>(cs: L, ce: L, ts: L, te: L) -> L {
    let part = |shift: f64| {
        let shift = L::splat(shift);
        ce.min(te.add(shift))
            .sub(cs.max(ts.add(shift)))
            .max(L::splat(0.0))
    };
    part(-DAY).add(part(0.0)).add(part(DAY)).div(L::splat(60.0))
}

/// [`overlap_hours`] of one pair, to the bit.
fn overlap_hours_of(cs: f64, ce: f64, ts: f64, te: f64) -> f64 {
    let mut out = [0.0; Portable64::WIDTH];
    let one = Portable64::splat;
    overlap_hours(one(cs), one(ce), one(ts), one(te)).store(&mut out);
    out[0]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Exclusion;
    use crate::generate::{generate, GenerateOptions};
    use crate::io::{read_csv, ReadOptions};
    use crate::money::RateTable;
    use crate::profile::Candidate;
    use crate::score::{Preset, Scorer};

    /// Scores candidates one pair at a time through [`RoleContext::extract`]: the path for
    /// non-linear scorers, and the reference the kernel is tested against.
    fn score_pair(
        ctx: &RoleContext,
        scorer: &dyn Scorer,
        base: &CandidateFeatures,
        c: &Candidate,
    ) -> (f64, Option<Exclusion>) {
        let e = ctx.extract(base, &c.skills);
        (scorer.score(&e.features), e.exclusion)
    }

    #[test]
    fn the_kernel_agrees_with_per_pair_extraction() {
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        let as_of = "2026-10-01".parse().unwrap();
        let mut text = Vec::new();
        let options = GenerateOptions {
            candidates: 400,
            seed: 5,
            as_of,
        };
        generate(&options, &mut text).unwrap();
        let read = ReadOptions::new(taxonomy, rates);
        let set = read_csv(std::io::Cursor::new(text), "g.csv", &read).unwrap();
        let roles_text = include_str!("../../data/roles.toml").to_string()
            + "[[role]]\nid = \"bare\"\n"
            + "[[role]]\nid = \"strict\"\nteam_timezone = \"Asia/Tokyo\"\nrequired = [\"rust\"]\n"
            + "salary = { min = 1, max = 30000 }\nfilters = { must_have = [\"go\", \"docker\"], max_salary = 50000, min_overlap_hours = 1 }\n";
        // The roles once (two groups of lanes), and ten times over (blocks of eight groups and
        // of seven, so every way of taking groups runs).
        let copies: String = (0..10)
            .map(|k| roles_text.replace("id = \"", &format!("id = \"copy{k}-")))
            .collect();
        for roles_text in [roles_text, copies] {
            let roles = crate::role::roles_for_tests(&roles_text);
            kernel_agrees_with_per_pair_extraction(&set.candidates, &roles, as_of);
        }
    }

    fn kernel_agrees_with_per_pair_extraction(
        candidates: &[Candidate],
        roles: &[crate::role::Role],
        as_of: chrono::NaiveDate,
    ) {
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        for preset in Preset::ALL {
            let roles: Vec<_> = roles
                .iter()
                .map(|r| r.with_preset(preset).unwrap())
                .collect();
            let contexts: Vec<_> = roles.iter().map(|r| RoleContext::new(r, as_of)).collect();
            let batch = BatchScorer::new(
                &contexts,
                |c| Some(*c.role.weights().linear()),
                taxonomy,
                None,
            )
            .unwrap();
            let blocks = || {
                (0..batch.len())
                    .step_by(ROLE_BLOCK)
                    .map(|r0| (r0, (r0 + ROLE_BLOCK).min(batch.len())))
            };
            let mut prepared = Prepared::default();
            let mut out = vec![0.0; batch.len()];
            for c in candidates {
                let base = CandidateFeatures::new(c, as_of, taxonomy, rates);
                batch.prepare(&base, &c.skills, &mut prepared);
                for (r0, r1) in blocks() {
                    batch.score(&prepared, r0, &mut out[r0..r1]);
                }
                // Every compiled path of the kernel this CPU runs gives the same bits.
                for level in Level::ALL.into_iter().filter(|l| l.supported()) {
                    let mut other = vec![0.0; batch.len()];
                    for (r0, r1) in blocks() {
                        batch.score_at(level, &prepared, r0, &mut other[r0..r1]);
                    }
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&other), bits(&out), "{level} {}", c.id);
                    screen_is_sound(&batch, level, &prepared, &out, &c.id);
                }
                for (r, (ctx, &got)) in contexts.iter().zip(&out).enumerate() {
                    let (want, excluded) = score_pair(ctx, ctx.role.weights(), &base, c);
                    // The filters alone say the same as the scores.
                    assert_eq!(
                        batch.excluded(&prepared, r),
                        excluded.as_ref().map(|why| why.index(ctx.role)),
                        "{} {}",
                        c.id,
                        ctx.role.id
                    );
                    if let Some(why) = excluded {
                        assert_eq!(got, f64::NEG_INFINITY, "{} {}", c.id, ctx.role.id);
                        let r = contexts
                            .iter()
                            .position(|x| x.role.id == ctx.role.id)
                            .unwrap();
                        assert_eq!(batch.reason(&prepared, r), why.index(ctx.role));
                    } else {
                        assert!(
                            (got - want).abs() < 1e-12,
                            "{} {}: {got} vs {want}",
                            c.id,
                            ctx.role.id
                        );
                    }
                }
            }
        }
    }

    /// The screen's scores of one block, through a sink that keeps them.
    fn screened(batch: &BatchScorer, level: Level, c: &Prepared, r0: usize) -> Vec<f32> {
        let mut kept = vec![0.0; ROLE_BLOCK];
        let mut keep = Store(&mut kept);
        match level {
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe {
                batch.run_avx512::<Avx512F32, _>(&batch.rough, c, r0, &mut keep)
            },
            _ => batch.run::<Portable32, _>(&batch.rough, c, r0, &mut keep),
        }
        kept
    }

    /// The screen scores every pair within its role's margin (half of it, in fact: the
    /// margin is twice the bound), excludes every pair the exact scores exclude, and so never
    /// turns away a block that holds a pair at or above its threshold.
    fn screen_is_sound(batch: &BatchScorer, level: Level, c: &Prepared, exact: &[f64], id: &str) {
        for r0 in (0..batch.len()).step_by(ROLE_BLOCK) {
            let r1 = (r0 + ROLE_BLOCK).min(batch.len());
            let rough = screened(batch, level, c, r0);
            for (i, &want) in exact[r0..r1].iter().enumerate() {
                let got = f64::from(rough[i]);
                if want == f64::NEG_INFINITY {
                    assert_eq!(got, want, "{level} {id} role {}", r0 + i);
                } else if got != f64::NEG_INFINITY {
                    let margin = batch.margin[r0 + i];
                    assert!(
                        (got - want).abs() <= margin / 2.0,
                        "{level} {id} role {}: {got} vs {want}, margin {margin}",
                        r0 + i
                    );
                }
            }
            // Every role's threshold at one pair's exact score: the block needs a look.
            for (i, &score) in exact[r0..r1].iter().enumerate() {
                if score == f64::NEG_INFINITY {
                    continue;
                }
                let mut bars = vec![f32::INFINITY; ROLE_BLOCK];
                bars[i] = batch.bar(r0 + i, score);
                // With the bound checked above, this is what makes the screen sound.
                let margin = batch.margin[r0 + i];
                assert!(margin > 0.0 && f64::from(bars[i]) <= score - margin);
                assert!(
                    batch.may_need_at(level, c, r0, &bars),
                    "{level} {id} {}",
                    r0 + i
                );
            }
            // Thresholds above every exact score by more than the margin, and no exclusion:
            // turned away.
            if exact[r0..r1].iter().all(|&s| s > f64::NEG_INFINITY) {
                let bars: Vec<f32> = (0..ROLE_BLOCK)
                    .map(|i| match exact.get(r0 + i).filter(|_| r0 + i < r1) {
                        Some(&s) => batch.bar(r0 + i, s + 3.0 * batch.margin[r0 + i]),
                        None => f32::INFINITY,
                    })
                    .collect();
                let needed = (0..r1 - r0).any(|i| f64::from(rough[i]) >= f64::from(bars[i]));
                assert_eq!(
                    batch.may_need_at(level, c, r0, &bars),
                    needed,
                    "{level} {id}"
                );
            }
        }
    }

    /// Pairs excluded by a hair (a salary one `f64` step over its cap, an overlap a ten-
    /// millionth of an hour short of its minimum) round to the limit in `f32`; the screen must
    /// still see them as excluded, or their exclusion would go uncounted.
    #[test]
    fn the_screen_excludes_at_the_filters_edges() {
        let as_of = "2026-10-01".parse().unwrap();
        let roles = crate::role::roles_for_tests(
            "[[role]]\nid = \"cap\"\nsalary = { min = 1, max = 60000 }\n\
             filters = { max_salary = 50000 }\n\
             [[role]]\nid = \"overlap\"\nteam_timezone = \"UTC\"\n\
             filters = { min_overlap_hours = 1.00000005 }\n",
        );
        let contexts: Vec<_> = roles.iter().map(|r| RoleContext::new(r, as_of)).collect();
        let linear = |c: &RoleContext| Some(*c.role.weights().linear());
        let batch = BatchScorer::new(&contexts, linear, Taxonomy::bundled(), None).unwrap();
        let (ts, te) = (batch.exact.team_start[1], batch.exact.team_end[1]);
        let c = Prepared {
            // A working day that shares exactly one hour with the team's.
            shift: Some((te - 60.0, te + 420.0)),
            salary: Some(50_000f64.next_up()),
            ..Prepared::default()
        };
        assert!(ts < te - 60.0);
        let mut exact = [0.0; 2];
        batch.score(&c, 0, &mut exact);
        assert_eq!(exact, [f64::NEG_INFINITY; 2]);
        for level in Level::ALL.into_iter().filter(|l| l.supported()) {
            let rough = screened(&batch, level, &c, 0);
            assert_eq!(&rough[..2], [f32::NEG_INFINITY; 2], "{level}");
            let bars = [f32::INFINITY; ROLE_BLOCK];
            assert!(batch.may_need_at(level, &c, 0, &bars), "{level}");
        }
    }

    #[test]
    fn overlap_matches_the_time_zone_module() {
        use crate::timezone::{UtcShift, WorkHours};
        let date = "2026-01-15".parse().unwrap();
        let a = UtcShift::place(chrono_tz::America::Sao_Paulo, WorkHours::default(), date);
        let b = UtcShift::place(chrono_tz::Asia::Tokyo, WorkHours::default(), date);
        let got = overlap_hours_of(
            f64::from(a.start),
            f64::from(a.end),
            f64::from(b.start),
            f64::from(b.end),
        );
        assert_eq!(got, a.overlap_hours(b));
    }
}
