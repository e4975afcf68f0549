//! Scoring many roles at once with a linear scorer.
//!
//! A linear score `b + Σ w_f·f` splits into parts that are linear in what the candidate brings:
//! role-independent features (a dot product), skill credits (rows of role-indexed matrices,
//! one per skill some role names), and a few per-pair terms (experience, overlap, salary fit)
//! computed branch-free across a block of roles. A candidate meets a block of roles in
//! eight-lane vectors ([`Lanes`]), up to four groups of roles at once (two on the portable
//! lanes, which have fewer registers) with their sums in registers, so the per-pair cost is a
//! handful of vector instructions.
//!
//! Every ranking path scores through this kernel when the scorer is linear, so results are
//! the same whatever the chunking; [`RoleContext::extract`] gives the same values (to rounding)
//! and is used to explain the candidates that are kept.

#[cfg(target_arch = "x86_64")]
use super::lanes::Avx512;
use super::lanes::{Lanes, Portable, LANES};
use super::simd::Level;
use crate::extract::{CandidateFeatures, RoleContext};
use crate::extract::{SALARY_HALF_LIFE, UNKNOWN};
use crate::feature::Feature;
use crate::score::Linear;
use crate::skills::{SkillId, SkillProfile, Taxonomy};

/// Roles scored together: row segments of this many `f64` stay in cache.
pub(crate) const ROLE_BLOCK: usize = 64;

const NONE: u32 = u32::MAX;
const DAY: f64 = 24.0 * 60.0;

/// The role-independent features, in this order.
const BASE: [Feature; 5] = [
    Feature::RepoImpact,
    Feature::CommitActivity,
    Feature::CodeRecency,
    Feature::Degree,
    Feature::Certifications,
];

/// A candidate's inputs to the kernel, computed once per candidate.
#[derive(Clone, Debug, Default)]
pub(crate) struct Prepared {
    /// (matrix row, credit, years) for each skill some role names.
    skills: Vec<(u32, f64, f64)>,
    /// (matrix row, credit) for each code-evidenced skill some role names.
    code: Vec<(u32, f64)>,
    base: [f64; 5],
    years: f64,
    /// Working day, in minutes on the reference date's UTC line.
    shift: Option<(f64, f64)>,
    salary: Option<f64>,
    /// Bit j set when the candidate has filter skill j.
    mask: u64,
}

/// Linear scores of every role, laid out for the kernel.
#[derive(Clone, Debug)]
pub(crate) struct BatchScorer {
    n: usize,
    /// `n` rounded up to whole [`LANES`]: the length of every per-role array and row.
    stride: usize,
    row_of: Vec<u32>,
    /// Per (skill row, role): coverage and nice-to-have coefficient of a credit.
    cov: Vec<f64>,
    /// Per (skill row, role): depth coefficient of a credit.
    depth: Vec<f64>,
    /// Per (skill row, role): 1 / years that earn full depth (0 when not required).
    inv_target: Vec<f64>,
    /// Per (skill row, role): code relevance coefficient of a code credit.
    code: Vec<f64>,
    intercept: Vec<f64>,
    base_w: [Vec<f64>; 5],
    w_exp: Vec<f64>,
    min_years: Vec<f64>,
    inv_min_years: Vec<f64>,
    w_tz: Vec<f64>,
    tz_unknown: Vec<f64>,
    team_start: Vec<f64>,
    team_end: Vec<f64>,
    inv_overlap_target: Vec<f64>,
    w_salary: Vec<f64>,
    salary_unknown: Vec<f64>,
    band_max: Vec<f64>,
    inv_half_life: Vec<f64>,
    must_mask: Vec<u64>,
    /// Per role, its must-have skills as bit positions, in the role's order.
    must_order: Vec<Vec<u8>>,
    max_salary: Vec<f64>,
    min_overlap: Vec<f64>,
    filter_skills: Vec<SkillId>,
    /// Per role block: facts that let the kernel skip work that adds exactly nothing.
    blocks: Vec<BlockFacts>,
}

/// What a block of roles has in common, for shortcuts that leave results bit-identical.
#[derive(Clone, Copy, Debug)]
struct BlockFacts {
    /// The lowest band top: a salary at or below it fits every band fully.
    min_band_max: f64,
    /// The lowest salary cap: a salary at or below it passes every salary filter.
    min_cap: f64,
    /// Whether any role of the block has must-have skills.
    any_must: bool,
}

impl BatchScorer {
    /// Lays out the roles; `None` when a scorer is not linear or the roles name more than 64
    /// distinct must-have skills (the per-pair path handles those).
    ///
    /// With a `seed`, the layout starts from the seed's (its skill rows and filter skills, in
    /// its order) and adds what these roles name beyond it: when they name nothing more, the
    /// two have the [same layout](BatchScorer::same_layout), so candidates prepared for the
    /// seed score against these roles as they are.
    pub(crate) fn new(
        contexts: &[RoleContext],
        scorer_of: impl Fn(&RoleContext) -> Option<Linear>,
        taxonomy: &Taxonomy,
        seed: Option<&BatchScorer>,
    ) -> Option<BatchScorer> {
        let n = contexts.len();
        let linear: Vec<_> = contexts.iter().map(&scorer_of).collect::<Option<_>>()?;
        let mut filter_skills: Vec<SkillId> =
            seed.map_or_else(Vec::new, |s| s.filter_skills.clone());
        for ctx in contexts {
            for &s in &ctx.role.filters.must_have {
                if !filter_skills.contains(&s) {
                    filter_skills.push(s);
                }
            }
        }
        if filter_skills.len() > 64 {
            return None;
        }
        let mut row_of = seed.map_or_else(|| vec![NONE; taxonomy.len()], |s| s.row_of.clone());
        let mut n_rows = row_of.iter().filter(|&&r| r != NONE).count() as u32;
        for ctx in contexts {
            for slot in ctx.role.slots() {
                if row_of[slot.skill as usize] == NONE {
                    row_of[slot.skill as usize] = n_rows;
                    n_rows += 1;
                }
            }
        }
        let stride = n.next_multiple_of(LANES);
        let cells = n_rows as usize * stride;
        let zeros = || vec![0.0; stride];
        let mut b = BatchScorer {
            n,
            stride,
            row_of,
            cov: vec![0.0; cells],
            depth: vec![0.0; cells],
            inv_target: vec![0.0; cells],
            code: vec![0.0; cells],
            intercept: zeros(),
            base_w: std::array::from_fn(|_| zeros()),
            w_exp: zeros(),
            min_years: zeros(),
            inv_min_years: zeros(),
            w_tz: zeros(),
            tz_unknown: zeros(),
            team_start: zeros(),
            team_end: zeros(),
            inv_overlap_target: zeros(),
            w_salary: zeros(),
            salary_unknown: zeros(),
            band_max: vec![f64::MAX; stride],
            inv_half_life: zeros(),
            must_mask: vec![0; stride],
            must_order: vec![Vec::new(); n],
            max_salary: vec![f64::INFINITY; stride],
            min_overlap: vec![f64::NEG_INFINITY; stride],
            filter_skills,
            blocks: Vec::new(),
        };
        for (r, (ctx, linear)) in contexts.iter().zip(linear).enumerate() {
            b.lay_out(r, ctx, &linear);
        }
        b.summarize_blocks();
        Some(b)
    }

    fn lay_out(&mut self, r: usize, ctx: &RoleContext, linear: &Linear) {
        let stride = self.stride;
        let weight = |f: Feature| linear.weights()[f.index()];
        let role = ctx.role;
        let (required_total, code_total, n_nice) = ctx.totals();
        let mut intercept = linear.intercept();
        if required_total == 0.0 {
            intercept += weight(Feature::SkillCoverage) + weight(Feature::SkillDepth);
        }
        if n_nice == 0 {
            intercept += weight(Feature::NiceToHave);
        }
        for slot in role.slots() {
            let cell = self.row_of[slot.skill as usize] as usize * stride + r;
            if slot.importance > 0.0 && required_total > 0.0 {
                self.cov[cell] += weight(Feature::SkillCoverage) * slot.importance / required_total;
                self.depth[cell] = weight(Feature::SkillDepth) * slot.importance / required_total;
                self.inv_target[cell] = 1.0 / slot.target_years;
            }
            if slot.nice {
                self.cov[cell] += weight(Feature::NiceToHave) / n_nice as f64;
            }
            if code_total > 0.0 {
                self.code[cell] = weight(Feature::CodeRelevance) * slot.code_weight / code_total;
            }
        }
        for (k, f) in BASE.iter().enumerate() {
            self.base_w[k][r] = weight(*f);
        }
        self.w_exp[r] = weight(Feature::Experience);
        self.min_years[r] = role.min_years.max(1.0);
        self.inv_min_years[r] = 1.0 / self.min_years[r];
        match ctx.team_shift() {
            Some(team) => {
                self.w_tz[r] = weight(Feature::TimezoneOverlap);
                self.tz_unknown[r] = UNKNOWN * self.w_tz[r];
                self.team_start[r] = f64::from(team.start);
                self.team_end[r] = f64::from(team.end);
                self.inv_overlap_target[r] = 1.0 / role.target_overlap_hours;
                if let Some(min) = role.filters.min_overlap_hours {
                    self.min_overlap[r] = min;
                }
            }
            None => intercept += weight(Feature::TimezoneOverlap),
        }
        match ctx.band_max_usd() {
            Some(max) => {
                self.w_salary[r] = weight(Feature::SalaryFit);
                self.salary_unknown[r] = UNKNOWN * self.w_salary[r];
                self.band_max[r] = max;
                self.inv_half_life[r] = 1.0 / (SALARY_HALF_LIFE * max);
            }
            None => intercept += weight(Feature::SalaryFit),
        }
        if let Some(max) = ctx.max_salary_usd() {
            self.max_salary[r] = max;
        }
        for s in &role.filters.must_have {
            let j = self
                .filter_skills
                .iter()
                .position(|f| f == s)
                .expect("collected");
            self.must_mask[r] |= 1 << j;
            self.must_order[r].push(j as u8);
        }
        self.intercept[r] = intercept;
    }

    fn summarize_blocks(&mut self) {
        let n_blocks = self.n.div_ceil(ROLE_BLOCK);
        self.blocks = (0..n_blocks)
            .map(|b| {
                let roles = b * ROLE_BLOCK..((b + 1) * ROLE_BLOCK).min(self.n);
                BlockFacts {
                    min_band_max: self.band_max[roles.clone()]
                        .iter()
                        .copied()
                        .fold(f64::MAX, f64::min),
                    min_cap: self.max_salary[roles.clone()]
                        .iter()
                        .copied()
                        .fold(f64::INFINITY, f64::min),
                    any_must: self.must_mask[roles].iter().any(|&m| m != 0),
                }
            })
            .collect();
    }

    /// Whether [`BatchScorer::prepare`] gives the same for both: the same skill rows and
    /// filter skills.
    pub(crate) fn same_layout(&self, other: &BatchScorer) -> bool {
        self.row_of == other.row_of && self.filter_skills == other.filter_skills
    }

    /// Marks (`named[skill] = true`) the skills the layout holds: its rows and filter skills.
    pub(crate) fn name_skills(&self, named: &mut [bool]) {
        for (skill, &row) in self.row_of.iter().enumerate() {
            named[skill] |= row != NONE;
        }
        for &skill in &self.filter_skills {
            named[skill as usize] = true;
        }
    }

    /// Number of roles.
    pub(crate) fn len(&self) -> usize {
        self.n
    }

    /// A candidate's inputs to the kernel.
    pub(crate) fn prepare(
        &self,
        base: &CandidateFeatures,
        skills: &SkillProfile,
        out: &mut Prepared,
    ) {
        out.skills.clear();
        out.code.clear();
        for m in skills.matches() {
            let row = self.row_of[m.skill as usize];
            if row != NONE {
                out.skills
                    .push((row, f64::from(m.credit), f64::from(m.years)));
            }
        }
        for m in base.code_skills.matches() {
            let row = self.row_of[m.skill as usize];
            if row != NONE {
                out.code.push((row, f64::from(m.credit)));
            }
        }
        out.base = [
            base.repo_impact,
            base.commit_activity,
            base.code_recency,
            base.degree,
            base.certifications,
        ];
        out.years = base.years;
        out.shift = base.shift.map(|s| (f64::from(s.start), f64::from(s.end)));
        out.salary = base.salary_usd;
        out.mask = 0;
        for (j, &s) in self.filter_skills.iter().enumerate() {
            if skills.get(s).is_some_and(|m| m.credit >= 1.0) {
                out.mask |= 1 << j;
            }
        }
    }

    /// Scores one candidate against roles `r0..r0 + out.len()`; an excluded pair scores −∞.
    ///
    /// `r0` starts a block of [`ROLE_BLOCK`] roles, and `out` covers at most that block. Runs
    /// the widest [`Level`] this CPU has; every level gives the same scores.
    #[inline]
    pub(crate) fn score(&self, c: &Prepared, r0: usize, out: &mut [f64]) {
        self.score_at(Level::current(), c, r0, out, None);
    }

    /// [`BatchScorer::score`], telling whether any pair needs a look: whether some score is at
    /// least its role's threshold (`thresholds[i]` for role `r0 + i`) or is −∞ (excluded).
    /// The test runs in the kernel's vectors, so a block that needs nothing costs nothing more.
    #[inline]
    pub(crate) fn score_admitting(
        &self,
        c: &Prepared,
        r0: usize,
        out: &mut [f64],
        thresholds: &[f64],
    ) -> bool {
        self.score_at(Level::current(), c, r0, out, Some(thresholds))
    }

    /// [`BatchScorer::score_admitting`] (or, without thresholds, [`BatchScorer::score`]
    /// returning `true`) on a given path (one this CPU [supports](Level::supported)).
    pub(crate) fn score_at(
        &self,
        level: Level,
        c: &Prepared,
        r0: usize,
        out: &mut [f64],
        thresholds: Option<&[f64]>,
    ) -> bool {
        match level {
            // SAFETY: the CPU has the instructions (`Level::current` and the tests check
            // `Level::supported` before choosing a level).
            #[cfg(target_arch = "x86_64")]
            Level::Avx512 => unsafe { self.score_avx512(c, r0, out, thresholds) },
            #[cfg(target_arch = "x86_64")]
            Level::Avx2 => unsafe { self.score_avx2(c, r0, out, thresholds) },
            _ => self.score_lanes::<Portable>(c, r0, out, thresholds),
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512dq,avx512vl,avx2,fma")]
    unsafe fn score_avx512(
        &self,
        c: &Prepared,
        r0: usize,
        out: &mut [f64],
        thresholds: Option<&[f64]>,
    ) -> bool {
        self.score_lanes::<Avx512>(c, r0, out, thresholds)
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma")]
    unsafe fn score_avx2(
        &self,
        c: &Prepared,
        r0: usize,
        out: &mut [f64],
        thresholds: Option<&[f64]>,
    ) -> bool {
        self.score_lanes::<Portable>(c, r0, out, thresholds)
    }

    /// The kernel's one body, inlined into each path so each compiles it for its instructions
    /// and its kind of [`Lanes`].
    #[inline(always)]
    fn score_lanes<L: Lanes>(
        &self,
        c: &Prepared,
        r0: usize,
        scores: &mut [f64],
        thresholds: Option<&[f64]>,
    ) -> bool {
        debug_assert!(
            r0.is_multiple_of(ROLE_BLOCK) && scores.len() <= ROLE_BLOCK,
            "one role block at a time"
        );
        // The whole block with its padding, in whole vectors; `scores` gets the real roles.
        let len = ROLE_BLOCK.min(self.stride - r0);
        let mut padded = [0.0; ROLE_BLOCK];
        let mut g = 0;
        while g < len {
            g += match ((len - g) / LANES).min(L::MAX_GROUPS) {
                1 => self.score_groups::<L, 1>(c, r0, g, &mut padded),
                2 | 3 => self.score_groups::<L, 2>(c, r0, g, &mut padded),
                _ => self.score_groups::<L, 4>(c, r0, g, &mut padded),
            };
        }
        let out = &padded[..scores.len()];
        scores.copy_from_slice(out);
        thresholds.is_none_or(|thresholds| {
            out.iter().zip(thresholds).fold(false, |any, (&s, &t)| {
                any | (s >= t) | (s == f64::NEG_INFINITY)
            })
        })
    }

    /// Scores `G` groups of [`LANES`] roles, from role `r0 + g0` of the block at `r0`, into
    /// `padded[g0..]`; returns how many roles that is. The groups' sums are independent
    /// chains the CPU overlaps, and each term of the candidate is read once for all of them.
    #[inline(always)]
    fn score_groups<L: Lanes, const G: usize>(
        &self,
        c: &Prepared,
        r0: usize,
        g0: usize,
        padded: &mut [f64; ROLE_BLOCK],
    ) -> usize {
        let facts = self.blocks[r0 / ROLE_BLOCK];
        let at = r0 + g0;
        let (zero, one) = (L::splat(0.0), L::splat(1.0));
        // A loop, not `std::array::from_fn`: that generic function is compiled without the
        // path's target features, so the loads inside it would be calls rather than inlined.
        let load = |a: &[f64], from: usize| -> [L; G] {
            let mut out = [zero; G];
            for (g, out) in out.iter_mut().enumerate() {
                *out = L::load(&a[from + g * LANES..]);
            }
            out
        };
        let role = |a: &[f64]| load(a, at);
        let mut out = role(&self.intercept);
        for (k, &b) in c.base.iter().enumerate() {
            let w = role(&self.base_w[k]);
            for g in 0..G {
                out[g] = axpy(out[g], b, w[g]);
            }
        }
        for &(row, credit, years) in &c.skills {
            let cell = row as usize * self.stride + at;
            let (cov, depth, inv) = (
                load(&self.cov, cell),
                load(&self.depth, cell),
                load(&self.inv_target, cell),
            );
            let (credit, years) = (L::splat(credit), L::splat(years));
            for g in 0..G {
                let reached = years.mul(inv[g]).min(one);
                out[g] = out[g].add(credit.mul(cov[g].add(depth[g].mul(reached))));
            }
        }
        for &(row, credit) in &c.code {
            let code = load(&self.code, row as usize * self.stride + at);
            for g in 0..G {
                out[g] = axpy(out[g], credit, code[g]);
            }
        }
        let y = L::splat(c.years);
        let (m, inv, w) = (
            role(&self.min_years),
            role(&self.inv_min_years),
            role(&self.w_exp),
        );
        for g in 0..G {
            let below = L::splat(0.75).mul(y).mul(inv[g]);
            let above = y.sub(m[g]).mul(inv[g]).max(zero).min(one);
            let above = L::splat(0.75).add(L::splat(0.25).mul(above));
            out[g] = out[g].add(w[g].mul(below.min(above)));
        }
        match c.shift {
            Some((cs, ce)) => {
                let (ts, te) = (role(&self.team_start), role(&self.team_end));
                let (inv, w, min) = (
                    role(&self.inv_overlap_target),
                    role(&self.w_tz),
                    role(&self.min_overlap),
                );
                for g in 0..G {
                    let hours = overlap_hours(L::splat(cs), L::splat(ce), ts[g], te[g]);
                    let share = hours.mul(inv[g]).min(one);
                    out[g] = out[g].add(w[g].mul(share));
                    out[g] = out[g].excluding_below(hours, min[g]);
                }
            }
            None => add_each(&mut out, role(&self.tz_unknown)),
        }
        match c.salary {
            Some(e) if e <= facts.min_band_max && e <= facts.min_cap => {
                // Within every band and under every cap: each fit is exactly 1.
                add_each(&mut out, role(&self.w_salary));
            }
            Some(e) => {
                let e = L::splat(e);
                let (max, inv) = (role(&self.band_max), role(&self.inv_half_life));
                let (w, cap) = (role(&self.w_salary), role(&self.max_salary));
                for g in 0..G {
                    let over = e.sub(max[g]).mul(inv[g]);
                    let fit = zero.sub(over.max(zero)).exp2();
                    out[g] = out[g].add(w[g].mul(fit));
                    // Over the cap: `cap < e`.
                    out[g] = out[g].excluding_below(cap[g], e);
                }
            }
            None => add_each(&mut out, role(&self.salary_unknown)),
        }
        for (g, out) in out.into_iter().enumerate() {
            let from = at + g * LANES;
            let out = match facts.any_must {
                true => out.excluding_missing(&self.must_mask[from..], c.mask),
                false => out,
            };
            out.store(&mut padded[g0 + g * LANES..]);
        }
        G * LANES
    }
}

impl BatchScorer {
    /// Whether a hard filter of role `r` excludes the candidate (the kernel scores the pair
    /// −∞ exactly then), and why, as [`BatchScorer::reason`] says; without scoring.
    pub(crate) fn excluded(&self, c: &Prepared, r: usize) -> Option<usize> {
        let missing = self.must_mask[r] & !c.mask != 0;
        let salary = c.salary.is_some_and(|e| e > self.max_salary[r]);
        let overlap = c.shift.is_some_and(|(cs, ce)| {
            overlap_hours_of(cs, ce, self.team_start[r], self.team_end[r]) < self.min_overlap[r]
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
        if c.salary.is_some_and(|e| e > self.max_salary[r]) {
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
    let mut out = [0.0; LANES];
    let one = Portable::splat;
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
                        batch.score_at(level, &prepared, r0, &mut other[r0..r1], None);
                    }
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&other), bits(&out), "{level} {}", c.id);
                    // The vector admission test says what a scalar one says.
                    for (r0, r1) in blocks() {
                        let out = &out[r0..r1];
                        let best = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        for bar in [best - 1e-9, best, best + 1e-9, f64::NEG_INFINITY] {
                            let thresholds = vec![bar; out.len()];
                            let want = out.iter().any(|&s| s >= bar || s == f64::NEG_INFINITY);
                            let got = batch.score_at(
                                level,
                                &prepared,
                                r0,
                                &mut other[r0..r1],
                                Some(&thresholds),
                            );
                            assert_eq!(got, want, "{level} {} {bar}", c.id);
                        }
                    }
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
