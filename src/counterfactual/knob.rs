//! The things a person can change, each one cell of their row, and the ladder of values each
//! can take, smallest change first, at its display step: years by 0.1, stars, commits and
//! certifications by 1, a last commit by a day, working hours by 30 minutes, a salary on a
//! grid of three significant figures, a skill's years by half a year.
//!
//! A ladder ends where the feature saturates (or at a documented cap), so "reachable" means
//! "within the feature's range": experience counts up to twice the role's minimum years,
//! impact up to 9,999 weighted stars, activity up to 500 commits, recency up to a commit on the
//! reference date, overlap up to the team's core hours, salary fit down to the band's top
//! (and the filter's maximum), degrees up to a doctorate, certifications up to 3, a skill's
//! years up to the years the role asks for. Going down (what drops someone out): years, stars,
//! commits and certifications down to 0, a last commit back to ten years before the reference
//! date and then none, a salary up to the largest plausible one.

use chrono::{Duration, NaiveDate};

use super::format::years_text;
use super::types::{Edit, RawValue};
use crate::extract::{
    certifications_for, commits_for, days_for, degree_value, salary_usd_for, weighted_stars_for,
    years_for, CandidateFeatures, RoleContext,
};
use crate::feature::Feature;
use crate::io::{RowFields, MAX_SALARY_USD};
use crate::money::{Currency, RateTable};
use crate::profile::{Candidate, Degree, Repo};
use crate::role::Role;
use crate::skills::{split_list, SkillId, Taxonomy};
use crate::timezone::WorkHours;

/// Weighted stars past which impact saturates (`log10(1 + w) / 4 = 1`).
const STARS_SATURATE: f64 = 9_999.0;
/// Commits past which activity saturates.
const COMMITS_SATURATE: f64 = 500.0;
/// Certifications past which the feature saturates.
const CERTIFICATIONS_SATURATE: f64 = 3.0;
/// The oldest last commit a ladder offers, in days before the reference date.
const OLDEST_COMMIT_DAYS: i64 = 3650;
/// Most years anyone is credited with (the reader refuses more).
const MAX_YEARS: f64 = 70.0;
/// The working-hours step, in minutes.
const SHIFT_STEP: i32 = 30;
/// A skill's years step.
const SKILL_YEARS_STEP: f64 = 0.5;

/// Which way a change goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction {
    /// Better evidence: into the top k.
    Up,
    /// Weaker evidence: out of it.
    Down,
}

/// One thing a person can change: one cell of their row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Knob {
    /// `years_experience`.
    Years,
    /// `total_stars` (or the most-starred original repository of nested `repos`).
    Stars,
    /// `commits_last_year`.
    Commits,
    /// `last_commit`.
    LastCommit,
    /// `work_hours`, shifted with the same length of day.
    WorkHours,
    /// `salary_expectation`, in the candidate's currency.
    Salary,
    /// `degree`.
    Degree,
    /// `certifications`.
    Certifications,
    /// A skill the role names, added to `skills`.
    AddSkill(SkillId),
    /// A held skill's stated years, raised in `skills`.
    SkillYears(SkillId),
    /// A stated skill, removed from `skills`.
    RemoveSkill(SkillId),
}

/// What a ladder is built from: the row (after any filter lifts), its candidate and features,
/// the role.
pub(super) struct Ctx<'a> {
    pub row: &'a RowFields,
    pub candidate: &'a Candidate,
    pub features: &'a CandidateFeatures,
    pub role: &'a Role,
    pub context: &'a RoleContext<'a>,
    pub as_of: NaiveDate,
    pub taxonomy: &'a Taxonomy,
    pub rates: &'a RateTable,
}

/// One value a knob can take: the row edit, the raw value, and its position on the ladder's
/// numeric scale (for the linear hint).
#[derive(Clone, Debug)]
pub(super) struct Rung {
    pub edit: Edit,
    pub value: RawValue,
    pub pos: f64,
}

impl Knob {
    /// The knobs to try, in the order suggestions are listed.
    pub fn all(ctx: &Ctx, dir: Direction) -> Vec<Knob> {
        let mut out = vec![Knob::Years];
        if ctx.row.repos().is_empty() || original_repo(ctx).is_some() {
            out.push(Knob::Stars);
        }
        out.push(Knob::Commits);
        if dir == Direction::Up || ctx.row.repos().is_empty() {
            out.push(Knob::LastCommit);
        }
        if ctx.candidate.timezone.is_some() && ctx.role.team.is_some() {
            out.push(Knob::WorkHours);
        }
        let priced = ctx.context.band_max_usd().is_some() || ctx.context.max_salary_usd().is_some();
        if priced && (dir == Direction::Up || ctx.candidate.salary.is_some()) {
            out.push(Knob::Salary);
        }
        out.extend([Knob::Degree, Knob::Certifications]);
        match dir {
            Direction::Up => {
                for slot in ctx.role.slots() {
                    match ctx.candidate.skills.get(slot.skill) {
                        Some(m) if m.credit >= 1.0 => {
                            if slot.importance > 0.0 && f64::from(m.years) < slot.target_years {
                                out.push(Knob::SkillYears(slot.skill));
                            }
                        }
                        _ => out.push(Knob::AddSkill(slot.skill)),
                    }
                }
            }
            Direction::Down => {
                for &(skill, _) in &ctx.candidate.stated_skills {
                    let expanded = ctx.taxonomy.expand(&[(skill, None)]);
                    if expanded
                        .matches()
                        .iter()
                        .any(|m| ctx.role.slot_of(m.skill).is_some())
                    {
                        out.push(Knob::RemoveSkill(skill));
                    }
                }
            }
        }
        out
    }

    /// The column it edits.
    pub fn field(self, ctx: &Ctx) -> &'static str {
        match self {
            Knob::Years => "years_experience",
            Knob::Stars if !ctx.row.repos().is_empty() => "repos",
            Knob::Stars => "total_stars",
            Knob::Commits => "commits_last_year",
            Knob::LastCommit => "last_commit",
            Knob::WorkHours => "work_hours",
            Knob::Salary => "salary_expectation",
            Knob::Degree => "degree",
            Knob::Certifications => "certifications",
            Knob::AddSkill(_) | Knob::SkillYears(_) | Knob::RemoveSkill(_) => "skills",
        }
    }

    /// The one feature it moves, where it moves one.
    pub fn feature(self) -> Option<Feature> {
        match self {
            Knob::Years => Some(Feature::Experience),
            Knob::Stars => Some(Feature::RepoImpact),
            Knob::Commits => Some(Feature::CommitActivity),
            Knob::LastCommit => Some(Feature::CodeRecency),
            Knob::WorkHours => Some(Feature::TimezoneOverlap),
            Knob::Salary => Some(Feature::SalaryFit),
            Knob::Degree => Some(Feature::Degree),
            Knob::Certifications => Some(Feature::Certifications),
            Knob::AddSkill(_) | Knob::SkillYears(_) | Knob::RemoveSkill(_) => None,
        }
    }

    /// The unit of its values.
    pub fn unit(self, ctx: &Ctx) -> String {
        match self {
            Knob::Years => "years".into(),
            Knob::Stars => "stars".into(),
            Knob::Commits => "commits in 12 months".into(),
            Knob::LastCommit => "date".into(),
            Knob::WorkHours => "working hours".into(),
            Knob::Salary => currency(ctx).to_string(),
            Knob::Degree => "degree".into(),
            Knob::Certifications => "certifications".into(),
            Knob::AddSkill(_) | Knob::RemoveSkill(_) => "skills".into(),
            Knob::SkillYears(_) => "years".into(),
        }
    }

    /// The raw value now.
    pub fn current(self, ctx: &Ctx) -> Option<RawValue> {
        let c = ctx.candidate;
        Some(match self {
            Knob::Years => RawValue::Number(c.years_experience),
            Knob::Stars => RawValue::Number(ctx.features.stars as f64),
            Knob::Commits => RawValue::Number(c.commits_last_year as f64),
            Knob::LastCommit => RawValue::Text(last_commit(ctx)?.to_string()),
            Knob::WorkHours => RawValue::Text(c.work_hours.to_string()),
            Knob::Salary => RawValue::Number(c.salary?.amount),
            Knob::Degree => RawValue::Text(c.degree.name().into()),
            Knob::Certifications => RawValue::Number(f64::from(c.certifications)),
            Knob::AddSkill(_) | Knob::RemoveSkill(_) => {
                RawValue::Text(ctx.row.get("skills").unwrap_or("").into())
            }
            Knob::SkillYears(s) => RawValue::Number(f64::from(c.skills.get(s)?.years)),
        })
    }

    /// The values it can take, smallest change first (see the module docs for the ranges).
    pub fn ladder(self, ctx: &Ctx, dir: Direction) -> Vec<Rung> {
        let up = dir == Direction::Up;
        let c = ctx.candidate;
        let number = |field: &'static str, (pos, text): (f64, String)| Rung {
            edit: Edit { field, value: text },
            value: RawValue::Number(pos),
            pos,
        };
        match self {
            Knob::Years => {
                let top = (2.0 * ctx.role.min_years.max(1.0)).min(MAX_YEARS);
                span(c.years_experience, top, 0.1, 1, up)
                    .into_iter()
                    .map(|v| number("years_experience", v))
                    .collect()
            }
            Knob::Stars => {
                let (stars, forks) = (ctx.features.stars as f64, ctx.features.forks as f64);
                let top = (STARS_SATURATE - 2.0 * forks).max(0.0);
                let Some((i, own)) = original_repo(ctx).filter(|_| !ctx.row.repos().is_empty())
                else {
                    return span(stars, top, 1.0, 0, up)
                        .into_iter()
                        .map(|v| number("total_stars", v))
                        .collect();
                };
                let values = match up {
                    true => grid(stars, top, 1.0, 0),
                    false => grid(stars.min(top), stars - own as f64, 1.0, 0),
                };
                values
                    .into_iter()
                    .map(|(pos, _)| {
                        let mut repos: Vec<Repo> = ctx.row.repos().to_vec();
                        repos[i].stargazers_count = (own as f64 + pos - stars) as u64;
                        let value = serde_json::to_string(&repos).expect("repositories serialize");
                        Rung {
                            edit: Edit {
                                field: "repos",
                                value,
                            },
                            value: RawValue::Number(pos),
                            pos,
                        }
                    })
                    .collect()
            }
            Knob::Commits => span(c.commits_last_year as f64, COMMITS_SATURATE, 1.0, 0, up)
                .into_iter()
                .map(|v| number("commits_last_year", v))
                .collect(),
            Knob::LastCommit => {
                let now = ctx.features.days_since_commit;
                let days: Vec<i64> = match (up, now) {
                    (true, Some(d)) => (0..d).rev().collect(),
                    (true, None) => (0..=OLDEST_COMMIT_DAYS).rev().collect(),
                    (false, Some(d)) => (d + 1..=OLDEST_COMMIT_DAYS.max(d)).collect(),
                    (false, None) => Vec::new(),
                };
                let mut rungs: Vec<Rung> = days
                    .into_iter()
                    .map(|d| {
                        let date = (ctx.as_of - Duration::days(d)).to_string();
                        Rung {
                            edit: Edit {
                                field: "last_commit",
                                value: date.clone(),
                            },
                            value: RawValue::Text(date),
                            pos: d as f64,
                        }
                    })
                    .collect();
                if !up && now.is_some() {
                    rungs.push(Rung {
                        edit: Edit {
                            field: "last_commit",
                            value: String::new(),
                        },
                        value: RawValue::Text(String::new()),
                        pos: f64::INFINITY,
                    });
                }
                rungs
            }
            Knob::WorkHours => {
                let hours = c.work_hours;
                let len = hours.minutes();
                if len >= 24 * 60 {
                    return Vec::new();
                }
                let mut rungs = Vec::new();
                for step in 1..=(12 * 60 / SHIFT_STEP) {
                    for sign in [1, -1] {
                        let shift = sign * step * SHIFT_STEP;
                        if shift == -12 * 60 {
                            continue;
                        }
                        let start = (i32::from(hours.start()) + shift).rem_euclid(24 * 60);
                        let end = match (start + len) % (24 * 60) {
                            0 => 24 * 60,
                            e => e,
                        };
                        let Ok(shifted) = WorkHours::new(start as u16, end as u16) else {
                            continue;
                        };
                        let text = shifted.to_string();
                        rungs.push(Rung {
                            edit: Edit {
                                field: "work_hours",
                                value: text.clone(),
                            },
                            value: RawValue::Text(text),
                            pos: f64::from(shift.abs()),
                        });
                    }
                }
                rungs
            }
            Knob::Salary => salary_ladder(ctx, up),
            Knob::Degree => {
                let levels: Vec<Degree> = match up {
                    true => Degree::ALL.into_iter().filter(|d| *d > c.degree).collect(),
                    false => Degree::ALL
                        .into_iter()
                        .rev()
                        .filter(|d| *d < c.degree)
                        .collect(),
                };
                levels
                    .into_iter()
                    .map(|d| Rung {
                        edit: Edit {
                            field: "degree",
                            value: d.name().into(),
                        },
                        value: RawValue::Text(d.name().into()),
                        pos: degree_value(d),
                    })
                    .collect()
            }
            Knob::Certifications => {
                let n = f64::from(c.certifications);
                span(n, CERTIFICATIONS_SATURATE, 1.0, 0, up)
                    .into_iter()
                    .map(|v| number("certifications", v))
                    .collect()
            }
            Knob::AddSkill(skill) => {
                let name = ctx.taxonomy.name(skill);
                let slot = ctx.role.slot_of(skill).map(|i| &ctx.role.slots()[i]);
                let items: Vec<(f64, String)> = match slot {
                    Some(slot) if slot.importance > 0.0 => {
                        grid(0.0, slot.target_years, SKILL_YEARS_STEP, 1)
                            .into_iter()
                            .map(|(y, _)| (y, format!("{name}:{}", years_text(y))))
                            .collect()
                    }
                    _ => vec![(0.0, name.to_string())],
                };
                items
                    .into_iter()
                    .map(|(y, item)| skills_rung(ctx, None, Some(item), y))
                    .collect()
            }
            Knob::SkillYears(skill) => {
                let Some(held) = c.skills.get(skill) else {
                    return Vec::new();
                };
                let target = ctx
                    .role
                    .slot_of(skill)
                    .map_or(0.0, |i| ctx.role.slots()[i].target_years);
                grid(f64::from(held.years), target, SKILL_YEARS_STEP, 1)
                    .into_iter()
                    .map(|(y, _)| {
                        let item = format!("{}:{}", ctx.taxonomy.name(skill), years_text(y));
                        skills_rung(ctx, Some(skill), Some(item), y)
                    })
                    .collect()
            }
            Knob::RemoveSkill(skill) => vec![skills_rung(ctx, Some(skill), None, 0.0)],
        }
    }

    /// The raw value (in [`Rung::pos`] units) a linear scorer needs for feature value `f`,
    /// where the formula inverts.
    pub fn hint(self, ctx: &Ctx, f: f64) -> Option<f64> {
        let v = match self {
            Knob::Years => years_for(f, ctx.role.min_years),
            Knob::Stars => weighted_stars_for(f) - 2.0 * ctx.features.forks as f64,
            Knob::Commits => commits_for(f),
            Knob::LastCommit if f > 0.0 => days_for(f),
            Knob::Salary if f > 0.0 => {
                let band = ctx.context.band_max_usd()?;
                let rate = ctx.rates.usd_per_unit(currency(ctx), ctx.as_of)?;
                salary_usd_for(f.min(1.0), band) / rate
            }
            Knob::Degree => f,
            Knob::Certifications => certifications_for(f),
            _ => return None,
        };
        v.is_finite().then_some(v)
    }
}

/// Values on a grid of `step` strictly past `from` toward `to`, ending with the first at or
/// past `to`; each with its text at `decimals` decimals and the value that text reads as.
fn grid(from: f64, to: f64, step: f64, decimals: usize) -> Vec<(f64, String)> {
    let mut out = Vec::new();
    let eps = 1e-9;
    let point = |k: i64| {
        let text = format!("{:.decimals$}", k as f64 * step);
        let value: f64 = text.parse().expect("a formatted number");
        (value, text)
    };
    if to > from {
        let mut k = (from / step + eps).floor() as i64 + 1;
        loop {
            let (v, t) = point(k);
            out.push((v, t));
            if v >= to - eps {
                break;
            }
            k += 1;
        }
    } else if to < from {
        let mut k = (from / step - eps).ceil() as i64 - 1;
        while k >= 0 {
            let (v, t) = point(k);
            out.push((v, t));
            if v <= to + eps {
                break;
            }
            k -= 1;
        }
    }
    out
}

/// A quantity's grid from `now` up to `top`, where its feature saturates (`up`), or down to 0
/// from `now` or `top`, whichever is lower (a change above saturation changes nothing).
fn span(now: f64, top: f64, step: f64, decimals: usize, up: bool) -> Vec<(f64, String)> {
    match up {
        true => grid(now, top, step, decimals),
        false => grid(now.min(top), 0.0, step, decimals),
    }
}

/// The most-starred original repository counted at the reference date: its index and stars.
fn original_repo(ctx: &Ctx) -> Option<(usize, u64)> {
    ctx.row
        .repos()
        .iter()
        .enumerate()
        .filter(|(_, r)| !r.fork && r.created_at.is_none_or(|d| d <= ctx.as_of))
        .max_by_key(|(i, r)| (r.stargazers_count, std::cmp::Reverse(*i)))
        .map(|(i, r)| (i, r.stargazers_count))
}

/// The last commit counted at the reference date.
pub(super) fn last_commit(ctx: &Ctx) -> Option<NaiveDate> {
    ctx.features
        .days_since_commit
        .map(|d| ctx.as_of - Duration::days(d))
}

/// The currency the candidate states (or would state) a salary in.
pub(super) fn currency(ctx: &Ctx) -> Currency {
    match ctx.candidate.salary {
        Some(s) => s.currency,
        None => ctx
            .row
            .get("salary_currency")
            .and_then(|c| c.parse().ok())
            .unwrap_or(Currency::USD),
    }
}

/// The grid step of a salary amount: three significant figures (at least 1).
fn salary_step(amount: f64) -> f64 {
    if amount < 1000.0 {
        return 1.0;
    }
    10f64.powi(amount.log10().floor() as i32 - 2)
}

/// The salary ladder: down to where fit and filter are satisfied (up), or up to the largest
/// plausible expectation (down).
fn salary_ladder(ctx: &Ctx, up: bool) -> Vec<Rung> {
    let code = currency(ctx);
    let Some(rate) = ctx.rates.usd_per_unit(code, ctx.as_of) else {
        return Vec::new();
    };
    let limits = [ctx.context.band_max_usd(), ctx.context.max_salary_usd()];
    let Some(fits_usd) = limits.into_iter().flatten().reduce(f64::min) else {
        return Vec::new();
    };
    let fits = fits_usd / rate;
    let rung = |amount: f64| Rung {
        edit: Edit {
            field: "salary_expectation",
            value: format!("{amount:.0}"),
        },
        value: RawValue::Number(amount),
        pos: amount,
    };
    let mut out = Vec::new();
    match (up, ctx.candidate.salary) {
        (true, None) => {
            let step = salary_step(fits);
            out.push(rung((fits / step).floor() * step));
        }
        (true, Some(s)) => {
            let mut amount = s.amount;
            while amount > fits && amount > 0.0 {
                let step = salary_step(amount * (1.0 - 1e-12));
                amount = ((amount / step).ceil() - 1.0) * step;
                out.push(rung(amount.max(0.0)));
            }
        }
        (false, None) => {}
        (false, Some(s)) => {
            let latest = ctx.rates.usd_per_unit(code, NaiveDate::MAX).unwrap_or(rate);
            let cap = MAX_SALARY_USD / latest;
            let mut amount = s.amount.max(fits);
            loop {
                let step = salary_step(amount);
                amount = ((amount / step).floor() + 1.0) * step;
                if amount > cap {
                    break;
                }
                out.push(rung(amount));
            }
        }
    }
    out
}

/// A skills-cell rung: the cell with the items of `remove` dropped (or replaced by `item` when
/// it names the same skill), or `item` appended.
fn skills_rung(ctx: &Ctx, remove: Option<SkillId>, item: Option<String>, pos: f64) -> Rung {
    let cell = ctx.row.get("skills").unwrap_or("");
    let mut items: Vec<String> = Vec::new();
    let mut replaced = false;
    for old in split_list(cell) {
        let name = old.rsplit_once(':').map_or(old, |(n, _)| n).trim();
        let same = remove.is_some() && ctx.taxonomy.resolve(name) == remove;
        match (same, &item) {
            (true, Some(new)) if !replaced => {
                // Keep the name as written, with the new years.
                let years = new.rsplit_once(':').map_or("", |(_, y)| y);
                items.push(format!("{name}:{years}"));
                replaced = true;
            }
            (true, _) => {}
            (false, _) => items.push(old.to_string()),
        }
    }
    if let (false, Some(new)) = (replaced, item) {
        items.push(new);
    }
    let value = items.join(";");
    Rung {
        edit: Edit {
            field: "skills",
            value: value.clone(),
        },
        value: RawValue::Text(value),
        pos,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_step_past_the_start_and_end_at_or_past_the_limit() {
        let texts = |g: Vec<(f64, String)>| g.into_iter().map(|(_, t)| t).collect::<Vec<_>>();
        assert_eq!(texts(grid(5.2, 5.5, 0.1, 1)), ["5.3", "5.4", "5.5"]);
        assert_eq!(texts(grid(5.25, 5.41, 0.1, 1)), ["5.3", "5.4", "5.5"]);
        assert_eq!(texts(grid(3.0, 0.0, 1.0, 0)), ["2", "1", "0"]);
        assert_eq!(texts(grid(2.5, 1.2, 0.5, 1)), ["2.0", "1.5", "1.0"]);
        assert!(grid(4.0, 4.0, 1.0, 0).is_empty());
        let (v, _) = grid(7.2, 8.0, 0.1, 1)[0];
        assert_eq!(v, 7.3, "the value is what the text reads as, not 73 × 0.1");
    }

    #[test]
    fn salary_steps_keep_three_significant_figures() {
        assert_eq!(salary_step(172_000.0), 1000.0);
        assert_eq!(salary_step(48_000.0), 100.0);
        assert_eq!(salary_step(104_000_000.0), 1_000_000.0);
        assert_eq!(salary_step(999.0), 1.0);
    }
}
