//! Scoring many roles at once with a linear scorer.
//!
//! A linear score `b + Σ w_f·f` splits into parts that are linear in what the candidate brings:
//! role-independent features (a dot product), skill credits (rows of role-indexed matrices,
//! one per skill some role names), and a few per-pair terms (experience, overlap, salary fit)
//! computed branch-free across a block of roles. A chunk of candidates meets a block of roles
//! as dense row operations, so the per-pair cost is a handful of vectorizable instructions.
//!
//! Every ranking path scores through this kernel when the scorer is linear, so results are
//! the same whatever the chunking; [`RoleContext::extract`] gives the same values (to rounding)
//! and is used to explain the candidates that are kept.

use super::simd::Level;
use crate::extract::{exp2, SALARY_HALF_LIFE, UNKNOWN};
use crate::extract::{CandidateFeatures, RoleContext};
use crate::feature::Feature;
use crate::score::Linear;
use crate::skills::{SkillId, SkillProfile, Taxonomy};

/// Roles scored together: row segments of this many `f64` stay in cache.
pub(crate) const ROLE_BLOCK: usize = 64;

/// Role arrays are padded to a multiple of this many `f64` (one AVX-512 register), so every
/// row operation runs in whole vectors; the padding roles score nothing and are never read.
const LANES: usize = 8;

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
    /// Per (skill row, role block): whether any role of the block measures the skill's depth.
    has_depth: Vec<bool>,
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
            has_depth: Vec::new(),
        };
        for (r, (ctx, linear)) in contexts.iter().zip(linear).enumerate() {
            b.lay_out(r, ctx, &linear);
        }
        b.summarize_blocks(n_rows as usize);
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

    fn summarize_blocks(&mut self, n_rows: usize) {
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
        self.has_depth = (0..n_rows * n_blocks)
            .map(|i| {
                let (row, b) = (i / n_blocks, i % n_blocks);
                let at = row * self.stride;
                let roles = b * ROLE_BLOCK..((b + 1) * ROLE_BLOCK).min(self.n);
                self.depth[at + roles.start..at + roles.end]
                    .iter()
                    .any(|&d| d != 0.0)
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
            _ => self.score_portable(c, r0, out, thresholds),
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
        self.score_portable(c, r0, out, thresholds)
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
        self.score_portable(c, r0, out, thresholds)
    }

    /// The kernel's one body, inlined into each path so each compiles it for its instructions.
    #[inline(always)]
    fn score_portable(
        &self,
        c: &Prepared,
        r0: usize,
        scores: &mut [f64],
        thresholds: Option<&[f64]>,
    ) -> bool {
        debug_assert!(
            r0 % ROLE_BLOCK == 0 && scores.len() <= ROLE_BLOCK,
            "one role block at a time"
        );
        // The whole block with its padding, in whole vectors; `scores` gets the real roles.
        let len = ROLE_BLOCK.min(self.stride - r0);
        let r1 = r0 + len;
        let mut padded = [0.0; ROLE_BLOCK];
        let out = &mut padded[..len];
        let block = r0 / ROLE_BLOCK;
        let facts = self.blocks[block];
        let n_blocks = self.blocks.len();
        out.copy_from_slice(&self.intercept[r0..r1]);
        for (k, &b) in c.base.iter().enumerate() {
            axpy(out, b, &self.base_w[k][r0..r1]);
        }
        for &(row, credit, years) in &c.skills {
            let at = row as usize * self.stride + r0;
            if !self.has_depth[row as usize * n_blocks + block] {
                // No role here measures this skill's depth: that term is exactly zero.
                axpy(out, credit, &self.cov[at..at + len]);
                continue;
            }
            let (cov, depth, inv) = (
                &self.cov[at..at + len],
                &self.depth[at..at + len],
                &self.inv_target[at..at + len],
            );
            for i in 0..len {
                out[i] += credit * (cov[i] + depth[i] * (years * inv[i]).min(1.0));
            }
        }
        for &(row, credit) in &c.code {
            let at = row as usize * self.stride + r0;
            axpy(out, credit, &self.code[at..at + len]);
        }
        let y = c.years;
        let (w, m, inv) = (
            &self.w_exp[r0..r1],
            &self.min_years[r0..r1],
            &self.inv_min_years[r0..r1],
        );
        for i in 0..len {
            let below = 0.75 * y * inv[i];
            let above = 0.75 + 0.25 * ((y - m[i]) * inv[i]).clamp(0.0, 1.0);
            out[i] += w[i] * below.min(above);
        }
        match c.shift {
            Some((cs, ce)) => {
                let (ts, te) = (&self.team_start[r0..r1], &self.team_end[r0..r1]);
                let (w, inv, min) = (
                    &self.w_tz[r0..r1],
                    &self.inv_overlap_target[r0..r1],
                    &self.min_overlap[r0..r1],
                );
                for i in 0..len {
                    let hours = overlap_hours(cs, ce, ts[i], te[i]);
                    out[i] += w[i] * (hours * inv[i]).min(1.0);
                    if hours < min[i] {
                        out[i] = f64::NEG_INFINITY;
                    }
                }
            }
            None => axpy(out, 1.0, &self.tz_unknown[r0..r1]),
        }
        match c.salary {
            Some(e) if e <= facts.min_band_max && e <= facts.min_cap => {
                // Within every band and under every cap: each fit is exactly 1.
                axpy(out, 1.0, &self.w_salary[r0..r1]);
            }
            Some(e) => {
                let (w, max, inv, cap) = (
                    &self.w_salary[r0..r1],
                    &self.band_max[r0..r1],
                    &self.inv_half_life[r0..r1],
                    &self.max_salary[r0..r1],
                );
                for i in 0..len {
                    let fit = exp2(-((e - max[i]) * inv[i]).max(0.0));
                    out[i] += w[i] * fit;
                    if e > cap[i] {
                        out[i] = f64::NEG_INFINITY;
                    }
                }
            }
            None => axpy(out, 1.0, &self.salary_unknown[r0..r1]),
        }
        if facts.any_must {
            let must = &self.must_mask[r0..r1];
            for i in 0..len {
                if must[i] & !c.mask != 0 {
                    out[i] = f64::NEG_INFINITY;
                }
            }
        }
        let out = &out[..scores.len()];
        scores.copy_from_slice(out);
        thresholds.is_none_or(|thresholds| {
            out.iter().zip(thresholds).fold(false, |any, (&s, &t)| {
                any | (s >= t) | (s == f64::NEG_INFINITY)
            })
        })
    }
}

impl BatchScorer {
    /// Whether a hard filter of role `r` excludes the candidate (the kernel scores the pair
    /// −∞ exactly then), and why, as [`BatchScorer::reason`] says; without scoring.
    pub(crate) fn excluded(&self, c: &Prepared, r: usize) -> Option<usize> {
        let missing = self.must_mask[r] & !c.mask != 0;
        let salary = c.salary.is_some_and(|e| e > self.max_salary[r]);
        let overlap = c.shift.is_some_and(|(cs, ce)| {
            overlap_hours(cs, ce, self.team_start[r], self.team_end[r]) < self.min_overlap[r]
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

/// `out += a · x`.
#[inline(always)]
fn axpy(out: &mut [f64], a: f64, x: &[f64]) {
    if a != 0.0 {
        for (o, x) in out.iter_mut().zip(x) {
            *o += a * x;
        }
    }
}

/// Hours two working days (minutes on one UTC line) share, the second repeated daily.
#[inline]
fn overlap_hours(cs: f64, ce: f64, ts: f64, te: f64) -> f64 {
    let part = |shift: f64| (ce.min(te + shift) - cs.max(ts + shift)).max(0.0);
    (part(-DAY) + part(0.0) + part(DAY)) / 60.0
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
        let roles = crate::role::roles_for_tests(&roles_text);
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
            let mut prepared = Prepared::default();
            let mut out = vec![0.0; batch.len()];
            for c in &set.candidates {
                let base = CandidateFeatures::new(c, as_of, taxonomy, rates);
                batch.prepare(&base, &c.skills, &mut prepared);
                batch.score(&prepared, 0, &mut out);
                // Every compiled path of the kernel this CPU runs gives the same bits.
                for level in Level::ALL.into_iter().filter(|l| l.supported()) {
                    let mut other = vec![0.0; batch.len()];
                    batch.score_at(level, &prepared, 0, &mut other, None);
                    let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&other), bits(&out), "{level} {}", c.id);
                    // The vector admission test says what a scalar one says.
                    let best = out.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    for bar in [best - 1e-9, best, best + 1e-9, f64::NEG_INFINITY] {
                        let thresholds = vec![bar; out.len()];
                        let want = out.iter().any(|&s| s >= bar || s == f64::NEG_INFINITY);
                        let got =
                            batch.score_at(level, &prepared, 0, &mut other, Some(&thresholds));
                        assert_eq!(got, want, "{level} {} {bar}", c.id);
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
        let got = overlap_hours(
            f64::from(a.start),
            f64::from(a.end),
            f64::from(b.start),
            f64::from(b.end),
        );
        assert_eq!(got, a.overlap_hours(b));
    }
}
