//! Suggestions in words, in the units a person acts on: "+2.1 years of experience",
//! "+1,450 stars", "work 10:00–18:00 instead of 09:00–17:00 for 5 h overlap", "salary
//! expectation at most 48,000 USD", "python at 3 years".

use super::format::{en_dash, thousands, trim_number, years_text};
use super::knob::{currency, last_commit, Ctx, Direction, Knob, Rung};
use super::types::RawValue;
use crate::feature::{Feature, Raw};
use crate::money::Currency;

impl Knob {
    /// The change in words.
    pub fn text(self, ctx: &Ctx, rung: &Rung, raw: &Raw, dir: Direction) -> String {
        let c = ctx.candidate;
        let sign = |d: f64| if d >= 0.0 { "+" } else { "−" };
        match self {
            Knob::Years => {
                let d = rung.pos - c.years_experience;
                format!(
                    "{}{} years of experience ({} instead of {})",
                    sign(d),
                    years_text(d.abs()),
                    years_text(rung.pos),
                    years_text(c.years_experience)
                )
            }
            Knob::Stars => {
                let d = rung.pos - ctx.features.stars as f64;
                let on = match ctx.row.repos().is_empty() {
                    true => "stars",
                    false => "stars on original repositories",
                };
                format!(
                    "{}{} {on} ({} instead of {})",
                    sign(d),
                    thousands(d.abs()),
                    thousands(rung.pos),
                    thousands(ctx.features.stars as f64)
                )
            }
            Knob::Commits => {
                let d = rung.pos - c.commits_last_year as f64;
                format!(
                    "{}{} commits in the last 12 months ({} instead of {})",
                    sign(d),
                    thousands(d.abs()),
                    thousands(rung.pos),
                    thousands(c.commits_last_year as f64)
                )
            }
            Knob::LastCommit => {
                let now = match last_commit(ctx) {
                    Some(d) => format!("last commit now {d}"),
                    None => "no public commit now".into(),
                };
                match (&rung.value, dir) {
                    (RawValue::Text(t), Direction::Down) if t.is_empty() => {
                        format!("no public commit at all ({now})")
                    }
                    (RawValue::Text(t), Direction::Up) if rung.pos == 0.0 => {
                        format!("a public commit on {t}, the reference date ({now})")
                    }
                    (RawValue::Text(t), Direction::Up) => format!(
                        "a public commit on or after {t}, {} days before {} ({now})",
                        rung.pos, ctx.as_of
                    ),
                    (RawValue::Text(t), _) => format!(
                        "last public commit on {t}, {} days before {} ({now})",
                        rung.pos, ctx.as_of
                    ),
                    _ => String::new(),
                }
            }
            Knob::WorkHours => {
                let hours = raw[Feature::TimezoneOverlap.index()].unwrap_or(0.0);
                format!(
                    "work {} instead of {} for {} h overlap",
                    en_dash(&rung.edit.value),
                    en_dash(&c.work_hours.to_string()),
                    trim_number(hours)
                )
            }
            Knob::Salary => {
                let code = currency(ctx);
                let usd = |amount: f64| {
                    ctx.rates
                        .to_usd(amount, code, ctx.as_of)
                        .map_or(String::new(), |u| match code == Currency::USD {
                            true => String::new(),
                            false => format!(
                                " (about {} USD at the {} rate)",
                                thousands(u.round()),
                                ctx.as_of
                            ),
                        })
                };
                let now = match c.salary {
                    Some(s) => format!("now {} {code}{}", thousands(s.amount), usd(s.amount)),
                    None => "none stated now".into(),
                };
                let what = match dir {
                    Direction::Up => "at most",
                    Direction::Down => "of",
                };
                format!(
                    "salary expectation {what} {} {code}{}; {now}",
                    thousands(rung.pos),
                    usd(rung.pos)
                )
            }
            Knob::Degree => format!("degree {} instead of {}", rung.edit.value, c.degree),
            Knob::Certifications => {
                let d = rung.pos - f64::from(c.certifications);
                let noun = if d.abs() == 1.0 {
                    "certification"
                } else {
                    "certifications"
                };
                format!(
                    "{}{} {noun} ({} instead of {})",
                    sign(d),
                    d.abs(),
                    rung.pos,
                    c.certifications
                )
            }
            Knob::AddSkill(skill) => {
                let name = ctx.taxonomy.name(skill);
                match rung.pos > 0.0 {
                    true => format!("add {name} at {} years to the skills", years_text(rung.pos)),
                    false => format!("add {name} to the skills"),
                }
            }
            Knob::SkillYears(skill) => {
                let now = c.skills.get(skill).map_or(0.0, |m| f64::from(m.years));
                format!(
                    "{} at {} years (now {})",
                    ctx.taxonomy.name(skill),
                    years_text(rung.pos),
                    years_text(now)
                )
            }
            Knob::RemoveSkill(skill) => {
                format!("without {} in the skills", ctx.taxonomy.name(skill))
            }
        }
    }

    /// Why an empty ladder is empty, in words.
    pub fn saturated(self, ctx: &Ctx, dir: Direction) -> String {
        let what = match (self, dir) {
            (Knob::Years, Direction::Up) => format!(
                "experience already counts fully (at least {} years)",
                years_text(2.0 * ctx.role.min_years.max(1.0))
            ),
            (Knob::Stars, Direction::Up) => "repository impact is already at its maximum".into(),
            (Knob::Commits, Direction::Up) => "commit activity is already at its maximum".into(),
            (Knob::LastCommit, Direction::Up) => "the last commit is already today".into(),
            (Knob::Salary, Direction::Up) => "the salary expectation already fits fully".into(),
            (Knob::Degree, Direction::Up) => "already the highest degree".into(),
            (Knob::Certifications, Direction::Up) => {
                "certifications already count fully (3)".into()
            }
            (Knob::WorkHours, Direction::Up) => "the overlap already counts fully".into(),
            (Knob::WorkHours, Direction::Down) => "a whole-day schedule always overlaps".into(),
            _ => "already at the end of its range".into(),
        };
        format!("no change possible: {what}")
    }
}
