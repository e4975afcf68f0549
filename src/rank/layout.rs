//! How [`BatchScorer`] lays roles out for the kernel: role-indexed arrays and skill matrices,
//! once in `f64` for exact scores and once in `f32` for the screen, with each role's bound on
//! how far the two can differ.

use super::lanes::{Num, LANES};
use crate::extract::{CandidateFeatures, RoleContext};
use crate::extract::{SALARY_HALF_LIFE, UNKNOWN};
use crate::feature::Feature;
use crate::score::Linear;
use crate::skills::{SkillId, SkillProfile, Taxonomy};

/// Roles scored together: row segments of this many `f64` stay in cache.
pub(crate) const ROLE_BLOCK: usize = 64;

const NONE: u32 = u32::MAX;

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
    pub(super) skills: Vec<(u32, f64, f64)>,
    /// (matrix row, credit) for each code-evidenced skill some role names.
    pub(super) code: Vec<(u32, f64)>,
    pub(super) base: [f64; 5],
    pub(super) years: f64,
    /// Working day, in minutes on the reference date's UTC line.
    pub(super) shift: Option<(f64, f64)>,
    pub(super) salary: Option<f64>,
    /// Bit j set when the candidate has filter skill j.
    pub(super) mask: u64,
}

/// The kernel's numbers for every role, in one number type: per-role arrays of `stride`
/// values, and per (skill row, role) matrices of `stride`-long rows.
#[derive(Clone, Debug, Default)]
pub(crate) struct Table<T> {
    /// Per (skill row, role): coverage and nice-to-have coefficient of a credit.
    pub(super) cov: Vec<T>,
    /// Per (skill row, role): depth coefficient of a credit.
    pub(super) depth: Vec<T>,
    /// Per (skill row, role): 1 / years that earn full depth (0 when not required).
    pub(super) inv_target: Vec<T>,
    /// Per (skill row, role): code relevance coefficient of a code credit.
    pub(super) code: Vec<T>,
    pub(super) intercept: Vec<T>,
    pub(super) base_w: [Vec<T>; 5],
    pub(super) w_exp: Vec<T>,
    pub(super) min_years: Vec<T>,
    pub(super) inv_min_years: Vec<T>,
    pub(super) w_tz: Vec<T>,
    pub(super) tz_unknown: Vec<T>,
    pub(super) team_start: Vec<T>,
    pub(super) team_end: Vec<T>,
    pub(super) inv_overlap_target: Vec<T>,
    pub(super) w_salary: Vec<T>,
    pub(super) salary_unknown: Vec<T>,
    pub(super) band_max: Vec<T>,
    pub(super) inv_half_life: Vec<T>,
    pub(super) max_salary: Vec<T>,
    pub(super) min_overlap: Vec<T>,
}

impl Table<f64> {
    /// Zeros for `n_rows` skill rows, with no band, cap or overlap filter.
    fn empty(n_rows: usize, stride: usize) -> Table<f64> {
        let cells = n_rows * stride;
        let zeros = || vec![0.0; stride];
        Table {
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
            max_salary: vec![f64::INFINITY; stride],
            min_overlap: vec![f64::NEG_INFINITY; stride],
        }
    }

    /// The table in `f32`, each value rounded to the nearest, except the filters' limits,
    /// which are moved so that the screen excludes every pair the exact table excludes:
    /// a salary cap goes below its `f32` neighbourhood, a minimum overlap above it (see
    /// [`BatchScorer::may_need`]).
    fn screening(&self) -> Table<f32> {
        let near = |a: &[f64]| a.iter().map(|&x| f32::of(x)).collect::<Vec<_>>();
        Table {
            cov: near(&self.cov),
            depth: near(&self.depth),
            inv_target: near(&self.inv_target),
            code: near(&self.code),
            intercept: near(&self.intercept),
            base_w: std::array::from_fn(|k| near(&self.base_w[k])),
            w_exp: near(&self.w_exp),
            min_years: near(&self.min_years),
            inv_min_years: near(&self.inv_min_years),
            w_tz: near(&self.w_tz),
            tz_unknown: near(&self.tz_unknown),
            team_start: near(&self.team_start),
            team_end: near(&self.team_end),
            inv_overlap_target: near(&self.inv_overlap_target),
            w_salary: near(&self.w_salary),
            salary_unknown: near(&self.salary_unknown),
            band_max: self
                .band_max
                .iter()
                .map(|&x| x.min(f64::from(f32::MAX)) as f32)
                .collect(),
            inv_half_life: near(&self.inv_half_life),
            // `cap < e` in `f64` gives `cap' < e` in `f32`, for `cap'` strictly below every
            // `f32` at or below `cap` (a salary rounds to one of those or above).
            max_salary: self
                .max_salary
                .iter()
                .map(|&x| below(x).next_down())
                .collect(),
            // Overlap hours come from whole minutes, exact in both types, divided by 60: the
            // two results differ by under 2⁻²³ relatively, so `hours < min` in `f64` gives
            // `hours' < min'` for `min'` at least `min · (1 + 2⁻²⁰)`.
            min_overlap: self
                .min_overlap
                .iter()
                .map(|&x| {
                    if x.is_finite() {
                        above(x + x.abs() * 2f64.powi(-20))
                    } else {
                        x as f32
                    }
                })
                .collect(),
        }
    }
}

/// The largest `f32` at or below `x`.
fn below(x: f64) -> f32 {
    let y = x as f32;
    if f64::from(y) > x {
        y.next_down()
    } else {
        y
    }
}

/// The smallest `f32` at or above `x`.
fn above(x: f64) -> f32 {
    let y = x as f32;
    if f64::from(y) < x {
        y.next_up()
    } else {
        y
    }
}

/// Linear scores of every role, laid out for the kernel.
#[derive(Clone, Debug)]
pub(crate) struct BatchScorer {
    pub(super) n: usize,
    /// `n` rounded up to whole vectors of either type: the length of every per-role array
    /// and row.
    pub(super) stride: usize,
    row_of: Vec<u32>,
    /// The numbers for exact scores.
    pub(super) exact: Table<f64>,
    /// The same in `f32`, for the screen.
    pub(super) rough: Table<f32>,
    /// Per role: a bound on how far a screened score can be from the exact one.
    pub(super) margin: Vec<f64>,
    pub(super) must_mask: Vec<u64>,
    /// Per role, its must-have skills as bit positions, in the role's order.
    pub(super) must_order: Vec<Vec<u8>>,
    filter_skills: Vec<SkillId>,
    /// Per role block: facts that let the kernel skip work that adds exactly nothing.
    pub(super) blocks: Vec<BlockFacts>,
}

/// What a block of roles has in common, for shortcuts that leave results bit-identical.
#[derive(Clone, Copy, Debug)]
pub(super) struct BlockFacts {
    /// The lowest band top: a salary at or below it fits every band fully.
    pub(super) min_band_max: f64,
    /// The lowest salary cap: a salary at or below it passes every salary filter.
    pub(super) min_cap: f64,
    /// Whether any role of the block has must-have skills.
    pub(super) any_must: bool,
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
        // Whole vectors of `f32` (twice as many lanes as `f64`), and so of `f64` too.
        let stride = n.next_multiple_of(2 * LANES);
        let mut b = BatchScorer {
            n,
            stride,
            row_of,
            exact: Table::empty(n_rows as usize, stride),
            rough: Table::default(),
            margin: Vec::new(),
            must_mask: vec![0; stride],
            must_order: vec![Vec::new(); n],
            filter_skills,
            blocks: Vec::new(),
        };
        for (r, (ctx, linear)) in contexts.iter().zip(linear).enumerate() {
            b.lay_out(r, ctx, &linear);
        }
        b.rough = b.exact.screening();
        b.margin = (0..n).map(|r| b.screening_margin(r)).collect();
        b.summarize_blocks();
        Some(b)
    }

    fn lay_out(&mut self, r: usize, ctx: &RoleContext, linear: &Linear) {
        let stride = self.stride;
        let t = &mut self.exact;
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
                t.cov[cell] += weight(Feature::SkillCoverage) * slot.importance / required_total;
                t.depth[cell] = weight(Feature::SkillDepth) * slot.importance / required_total;
                t.inv_target[cell] = 1.0 / slot.target_years;
            }
            if slot.nice {
                t.cov[cell] += weight(Feature::NiceToHave) / n_nice as f64;
            }
            if code_total > 0.0 {
                t.code[cell] = weight(Feature::CodeRelevance) * slot.code_weight / code_total;
            }
        }
        for (k, f) in BASE.iter().enumerate() {
            t.base_w[k][r] = weight(*f);
        }
        t.w_exp[r] = weight(Feature::Experience);
        t.min_years[r] = role.min_years.max(1.0);
        t.inv_min_years[r] = 1.0 / t.min_years[r];
        match ctx.team_shift() {
            Some(team) => {
                t.w_tz[r] = weight(Feature::TimezoneOverlap);
                t.tz_unknown[r] = UNKNOWN * t.w_tz[r];
                t.team_start[r] = f64::from(team.start);
                t.team_end[r] = f64::from(team.end);
                t.inv_overlap_target[r] = 1.0 / role.target_overlap_hours;
                if let Some(min) = role.filters.min_overlap_hours {
                    t.min_overlap[r] = min;
                }
            }
            None => intercept += weight(Feature::TimezoneOverlap),
        }
        match ctx.band_max_usd() {
            Some(max) => {
                t.w_salary[r] = weight(Feature::SalaryFit);
                t.salary_unknown[r] = UNKNOWN * t.w_salary[r];
                t.band_max[r] = max;
                t.inv_half_life[r] = 1.0 / (SALARY_HALF_LIFE * max);
            }
            None => intercept += weight(Feature::SalaryFit),
        }
        if let Some(max) = ctx.max_salary_usd() {
            t.max_salary[r] = max;
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
        t.intercept[r] = intercept;
    }

    /// A bound on `|screened − exact|` for role `r`, for any candidate the role does not
    /// exclude.
    ///
    /// A score is a sum of at most `N` terms (intercept, base features, one per skill row
    /// of each matrix, experience, overlap, salary), each a coefficient times a value in
    /// [0, 1], so within the sum `S` of the coefficients' magnitudes. In `f32` (unit
    /// roundoff u = 2⁻²⁴) each term takes under 40 roundings (its inputs' and its own
    /// operations'), and the sum `N` more, so the screened score is within `(40 + N)·u·S`
    /// of the real one, and the exact one far closer; twice that bound, plus `exp2_f32`'s
    /// error (1e-6 per unit of salary weight), is the margin.
    fn screening_margin(&self, r: usize) -> f64 {
        let t = &self.exact;
        let n_rows = t.cov.len() / self.stride;
        let cells =
            |m: &[f64]| -> f64 { m.iter().skip(r).step_by(self.stride).map(|x| x.abs()).sum() };
        let coefficients = t.intercept[r].abs()
            + t.base_w.iter().map(|w| w[r].abs()).sum::<f64>()
            + cells(&t.cov)
            + cells(&t.depth)
            + cells(&t.code)
            + t.w_exp[r].abs()
            + t.w_tz[r].abs().max(t.tz_unknown[r].abs())
            + t.w_salary[r].abs().max(t.salary_unknown[r].abs());
        let terms = (9 + 2 * n_rows) as f64;
        coefficients * (2.0 * (40.0 + terms) * 2f64.powi(-24) + 1e-6)
    }

    /// The screen's bar for role `r` at `threshold`: an `f32` at or below
    /// `threshold − margin`, so a pair whose exact score reaches the threshold screens at or
    /// above it.
    #[inline]
    pub(crate) fn bar(&self, r: usize, threshold: f64) -> f32 {
        below(threshold - self.margin[r])
    }

    fn summarize_blocks(&mut self) {
        let n_blocks = self.n.div_ceil(ROLE_BLOCK);
        let t = &self.exact;
        self.blocks = (0..n_blocks)
            .map(|b| {
                let roles = b * ROLE_BLOCK..((b + 1) * ROLE_BLOCK).min(self.n);
                BlockFacts {
                    min_band_max: t.band_max[roles.clone()]
                        .iter()
                        .copied()
                        .fold(f64::MAX, f64::min),
                    min_cap: t.max_salary[roles.clone()]
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directed_roundings_land_on_the_right_side() {
        for x in [0.1, -0.1, 1.0, 50_000.3, -7.7e-12, 3e38, 1.5] {
            assert!(f64::from(below(x)) <= x, "{x}");
            assert!(f64::from(above(x)) >= x, "{x}");
            // The nearest such: one step further crosses `x` (or `x` is an `f32`).
            assert!(
                f64::from(below(x).next_up()) > x || f64::from(below(x)) == x,
                "{x}"
            );
            assert!(
                f64::from(above(x).next_down()) < x || f64::from(above(x)) == x,
                "{x}"
            );
        }
        for x in [f64::INFINITY, f64::NEG_INFINITY] {
            assert_eq!(f64::from(below(x)), x);
            assert_eq!(f64::from(above(x)), x);
        }
    }
}
