//! Open roles: the raw TOML spec, and the validated [`Role`] it is checked into.
//!
//! A role file holds one or more `[[role]]` tables:
//!
//! ```toml
//! [[role]]
//! id = "ml-senior-us"
//! title = "Senior ML Engineer"
//! min_years = 5
//! team_timezone = "America/Los_Angeles"
//! core_hours = "09:00-17:00"
//! min_overlap_hours = 4          # overlap that earns full timezone credit
//! strategy = "builder-first"
//! required = [
//!   { skill = "python", importance = 3, min_years = 4 },
//!   "pytorch",                   # importance 1, default years
//! ]
//! nice = ["kubernetes", "aws"]
//! salary = { min = 150000, max = 200000, currency = "USD" }
//! weights = { repo_impact = 20 } # relative, replaces the preset's weight
//! filters = { must_have = ["python"], max_salary = 210000, min_overlap_hours = 2 }
//! ```

use std::collections::BTreeMap;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::error::{Error, Result};
use crate::feature::Feature;
use crate::io::Input;
use crate::money::{Currency, RateTable, UsdRates};
use crate::score::{Preset, Weights};
use crate::skills::{Category, SkillId, Taxonomy};
use crate::timezone::{parse_zone, WorkHours};

/// The most skills (required, nice-to-have and must-have together) a role may name.
pub const MAX_ROLE_SKILLS: usize = 64;

/// Years a required skill is measured against when the role gives none.
pub const DEFAULT_SKILL_YEARS: f64 = 3.0;

/// Overlap hours that earn full timezone credit when the role gives none.
pub const DEFAULT_TARGET_OVERLAP: f64 = 4.0;

/// A required skill as written: a bare name or a table.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum RequiredSpec {
    /// `"python"`: importance 1, default years.
    Name(String),
    /// `{ skill = "python", importance = 3, min_years = 4 }`.
    Full {
        /// Skill name or alias.
        skill: String,
        /// Relative importance (default 1).
        #[serde(default = "one")]
        importance: f64,
        /// Years that earn full depth credit.
        #[serde(default)]
        min_years: Option<f64>,
    },
}

fn one() -> f64 {
    1.0
}

/// A salary band as written.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BandSpec {
    /// Bottom of the band, annual.
    pub min: f64,
    /// Top of the band, annual.
    pub max: f64,
    /// ISO 4217 code (default USD).
    #[serde(default)]
    pub currency: Option<String>,
}

/// Hard filters as written.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FilterSpec {
    /// Skills a candidate must have (stated or implied).
    #[serde(default)]
    pub must_have: Vec<String>,
    /// Highest acceptable salary expectation, in the band's currency.
    #[serde(default)]
    pub max_salary: Option<f64>,
    /// Fewest acceptable overlap hours with the team.
    #[serde(default)]
    pub min_overlap_hours: Option<f64>,
}

/// A role as written in a role file, before validation.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleSpec {
    /// Unique id.
    pub id: String,
    /// Display title.
    #[serde(default)]
    pub title: String,
    /// Required skills.
    #[serde(default)]
    pub required: Vec<RequiredSpec>,
    /// Nice-to-have skills.
    #[serde(default)]
    pub nice: Vec<String>,
    /// Minimum years of experience.
    #[serde(default)]
    pub min_years: f64,
    /// The team's IANA time zone.
    #[serde(default)]
    pub team_timezone: Option<String>,
    /// The team's core hours (default 09:00-17:00).
    #[serde(default)]
    pub core_hours: Option<String>,
    /// Overlap hours that earn full timezone credit (default 4).
    #[serde(default)]
    pub min_overlap_hours: Option<f64>,
    /// Salary band.
    #[serde(default)]
    pub salary: Option<BandSpec>,
    /// Strategy preset (default builder-first).
    #[serde(default)]
    pub strategy: Option<String>,
    /// Relative weight overrides by feature name.
    #[serde(default)]
    pub weights: BTreeMap<String, f64>,
    /// Hard filters.
    #[serde(default)]
    pub filters: FilterSpec,
}

/// A required skill, resolved.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RequiredSkill {
    /// The skill.
    pub skill: SkillId,
    /// Relative importance, > 0.
    pub importance: f64,
    /// Years that earn full depth credit, > 0.
    pub target_years: f64,
}

/// A salary band, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct SalaryBand {
    /// Bottom of the band, annual.
    pub min: f64,
    /// Top of the band, annual.
    pub max: f64,
    /// The band's currency.
    pub currency: Currency,
    /// The currency's rates to USD, checked when the role was: amounts in the band's currency
    /// convert to USD at any reference date.
    pub usd: UsdRates,
}

/// The team a role works in: where and when.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Team {
    /// IANA time zone.
    pub timezone: Tz,
    /// Core hours, local.
    pub core_hours: WorkHours,
}

/// Hard filters, resolved.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Filters {
    /// Skills a candidate must have, stated or implied (related credit does not count).
    pub must_have: Vec<SkillId>,
    /// Highest acceptable salary expectation, in the band's currency (USD without a band).
    pub max_salary: Option<f64>,
    /// Fewest acceptable overlap hours.
    pub min_overlap_hours: Option<f64>,
}

/// Where a skill a role names sits in the role's lookup table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Slot {
    /// The skill.
    pub skill: SkillId,
    /// Importance as a required skill (0 when not required).
    pub importance: f64,
    /// Years that earn full depth credit.
    pub target_years: f64,
    /// Whether it is a nice-to-have skill.
    pub nice: bool,
    /// Weight in code relevance (0 when the skill is not code-evidenced for this role).
    pub code_weight: f64,
}

/// A validated role, with its skill lookup table precomputed.
#[derive(Clone, Debug)]
pub struct Role {
    /// Unique id.
    pub id: String,
    /// The file the role was read from, for messages.
    pub file: String,
    /// Display title.
    pub title: String,
    /// Required skills.
    pub required: Vec<RequiredSkill>,
    /// Nice-to-have skills.
    pub nice: Vec<SkillId>,
    /// Minimum years of experience.
    pub min_years: f64,
    /// The team's place and hours, where given.
    pub team: Option<Team>,
    /// Overlap hours that earn full timezone credit.
    pub target_overlap_hours: f64,
    /// Salary band, where given.
    pub salary: Option<SalaryBand>,
    /// Strategy preset.
    pub preset: Preset,
    /// Relative weight overrides.
    pub weight_overrides: Vec<(Feature, f64)>,
    /// The weights in force: the preset's with the overrides, normalized (checked with the
    /// role).
    weights: Weights,
    /// Hard filters.
    pub filters: Filters,
    /// Every skill the role names, once: required first, then nice-to-have, then must-have.
    slots: Vec<Slot>,
    /// For each taxonomy skill, its slot, or `u16::MAX`.
    slot_of: Vec<u16>,
    /// The slot of each must-have skill.
    must_have_slots: Vec<u16>,
    /// The taxonomy's name of each slot's skill, in slot order.
    skill_names: Vec<String>,
}

impl Role {
    /// Every skill the role names, in slot order.
    pub fn slots(&self) -> &[Slot] {
        &self.slots
    }

    /// The slot of a skill, if the role names it: one table lookup.
    #[inline]
    pub fn slot_of(&self, skill: SkillId) -> Option<usize> {
        match self.slot_of.get(skill as usize) {
            Some(&s) if s != u16::MAX => Some(usize::from(s)),
            _ => None,
        }
    }

    /// The slots of the must-have skills.
    pub fn must_have_slots(&self) -> &[u16] {
        &self.must_have_slots
    }

    /// The taxonomy's name of each skill the role names, in slot order (as [`Role::slots`]).
    pub fn skill_names(&self) -> &[String] {
        &self.skill_names
    }

    /// The weights in force: the preset's relative weights with the role's overrides,
    /// normalized.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// The role with `features` weighted 0 (the rest normalized again), its filters
    /// unchanged; `None` when nothing else has weight.
    pub fn without(&self, features: &[Feature]) -> Option<Role> {
        Some(Role {
            weights: self.weights.without(features)?,
            ..self.clone()
        })
    }

    /// The role scored with another preset; its own weight overrides still apply.
    ///
    /// # Errors
    /// [`Error::Role`] when the overrides leave the preset no usable weight.
    pub fn with_preset(&self, preset: Preset) -> Result<Role> {
        let weights = Weights::with_overrides(preset.raw_weights(), &self.weight_overrides)
            .map_err(|e| Error::Role {
                file: self.file.clone(),
                role: self.id.clone(),
                key: "weights".into(),
                reason: format!("{e} under {preset}"),
            })?;
        Ok(Role {
            preset,
            weights,
            ..self.clone()
        })
    }

    /// The currency amounts of this role (band, salary filter) are in, with its rates to USD.
    fn money(&self) -> &UsdRates {
        self.salary.as_ref().map_or(&UsdRates::Usd, |b| &b.usd)
    }

    /// The top of the salary band in USD at `as_of`, where there is a band.
    pub fn band_max_usd(&self, as_of: chrono::NaiveDate) -> Option<f64> {
        let band = self.salary.as_ref()?;
        Some(band.usd.to_usd(band.max, as_of))
    }

    /// The salary filter's maximum in USD at `as_of`, where there is one.
    pub fn max_salary_usd(&self, as_of: chrono::NaiveDate) -> Option<f64> {
        let max = self.filters.max_salary?;
        Some(self.money().to_usd(max, as_of))
    }
}

impl RoleSpec {
    /// Checks the spec into a [`Role`], resolving skills through `taxonomy` and the salary
    /// band's currency through `rates`, and normalizing the weights.
    ///
    /// # Errors
    /// [`Error::Role`] naming the file, role and key: an unknown skill (with suggestions), time
    /// zone, currency (or one without exchange rates), strategy or feature; a negative or
    /// inverted number; weights that cannot be normalized; too many skills.
    pub fn check(self, taxonomy: &Taxonomy, rates: &RateTable, file: &str) -> Result<Role> {
        let fail = |key: &str, reason: String| Error::Role {
            file: file.to_string(),
            role: self.id.clone(),
            key: key.to_string(),
            reason,
        };
        if self.id.trim().is_empty() {
            return Err(fail("id", "must not be empty".into()));
        }
        let resolve = |key: &str, name: &str| {
            taxonomy.resolve(name).ok_or_else(|| {
                let hints = taxonomy.suggest(name);
                let hint = if hints.is_empty() {
                    String::new()
                } else {
                    format!(" (did you mean {}?)", hints.join(", "))
                };
                fail(key, format!("unknown skill \"{name}\"{hint}"))
            })
        };
        let non_negative = |key: &str, v: f64| {
            if v.is_finite() && v >= 0.0 {
                Ok(v)
            } else {
                Err(fail(
                    key,
                    format!("must be a non-negative number, found {v}"),
                ))
            }
        };
        let min_years = non_negative("min_years", self.min_years)?;
        let mut required = Vec::new();
        for spec in &self.required {
            let (name, importance, years) = match spec {
                RequiredSpec::Name(n) => (n.as_str(), 1.0, None),
                RequiredSpec::Full {
                    skill,
                    importance,
                    min_years,
                } => (skill.as_str(), *importance, *min_years),
            };
            let skill = resolve("required.skill", name)?;
            if !(importance.is_finite() && importance > 0.0) {
                return Err(fail(
                    "required.importance",
                    format!("must be positive, found {importance}"),
                ));
            }
            let target_years = match years {
                Some(y) if y.is_finite() && y > 0.0 => y,
                Some(y) => {
                    return Err(fail(
                        "required.min_years",
                        format!("must be positive, found {y}"),
                    ))
                }
                None => DEFAULT_SKILL_YEARS,
            };
            if required.iter().any(|r: &RequiredSkill| r.skill == skill) {
                return Err(fail(
                    "required.skill",
                    format!("\"{name}\" is listed twice"),
                ));
            }
            required.push(RequiredSkill {
                skill,
                importance,
                target_years,
            });
        }
        let mut nice = Vec::new();
        for name in &self.nice {
            let skill = resolve("nice", name)?;
            if !nice.contains(&skill) && !required.iter().any(|r| r.skill == skill) {
                nice.push(skill);
            }
        }
        let must_have = self
            .filters
            .must_have
            .iter()
            .map(|n| resolve("filters.must_have", n))
            .collect::<Result<Vec<_>>>()?;
        let team = match &self.team_timezone {
            None => None,
            Some(zone) => Some(Team {
                timezone: parse_zone(zone).map_err(|e| fail("team_timezone", e))?,
                core_hours: match &self.core_hours {
                    Some(h) => h.parse().map_err(|e| fail("core_hours", e))?,
                    None => WorkHours::default(),
                },
            }),
        };
        if team.is_none() && self.core_hours.is_some() {
            return Err(fail("core_hours", "needs team_timezone".into()));
        }
        let target_overlap_hours = match self.min_overlap_hours {
            Some(h) if h.is_finite() && h > 0.0 && h <= 24.0 => h,
            Some(h) => {
                return Err(fail(
                    "min_overlap_hours",
                    format!("must be in (0, 24], found {h}"),
                ))
            }
            None => DEFAULT_TARGET_OVERLAP,
        };
        let salary = match &self.salary {
            None => None,
            Some(b) => {
                let currency: Currency = match &b.currency {
                    Some(c) => c.parse().map_err(|e| fail("salary.currency", e))?,
                    None => Currency::USD,
                };
                let usd = rates.rates_of(currency).ok_or_else(|| {
                    fail(
                        "salary.currency",
                        format!("no exchange rate for {currency}"),
                    )
                })?;
                let min = non_negative("salary.min", b.min)?;
                let max = non_negative("salary.max", b.max)?;
                if max < min || max == 0.0 {
                    return Err(fail(
                        "salary.max",
                        format!("must be positive and at least min ({min}), found {max}"),
                    ));
                }
                Some(SalaryBand {
                    min,
                    max,
                    currency,
                    usd,
                })
            }
        };
        let preset = match &self.strategy {
            Some(s) => s
                .parse::<Preset>()
                .map_err(|e| fail("strategy", e.to_string()))?,
            None => Preset::default(),
        };
        let mut weight_overrides = Vec::new();
        for (name, &w) in &self.weights {
            let feature: Feature = name
                .parse::<Feature>()
                .map_err(|e| fail(&format!("weights.{name}"), e.to_string()))?;
            weight_overrides.push((feature, non_negative(&format!("weights.{name}"), w)?));
        }
        let weights = Weights::with_overrides(preset.raw_weights(), &weight_overrides)
            .map_err(|e| fail("weights", e.to_string()))?;
        let filters = Filters {
            must_have,
            max_salary: self
                .filters
                .max_salary
                .map(|v| non_negative("filters.max_salary", v))
                .transpose()?,
            min_overlap_hours: self
                .filters
                .min_overlap_hours
                .map(|v| non_negative("filters.min_overlap_hours", v))
                .transpose()?,
        };
        if filters.min_overlap_hours.is_some() && team.is_none() {
            return Err(fail(
                "filters.min_overlap_hours",
                "needs team_timezone".into(),
            ));
        }
        let (slots, slot_of, must_have_slots) =
            build_slots(taxonomy, &required, &nice, &filters.must_have)
                .map_err(|e| fail("required", e))?;
        let skill_names = slots
            .iter()
            .map(|s| taxonomy.name(s.skill).to_string())
            .collect();
        Ok(Role {
            id: self.id,
            file: file.to_string(),
            title: self.title,
            required,
            nice,
            min_years,
            team,
            target_overlap_hours,
            salary,
            preset,
            weight_overrides,
            weights,
            filters,
            slots,
            slot_of,
            must_have_slots,
            skill_names,
        })
    }
}

type SlotTables = (Vec<Slot>, Vec<u16>, Vec<u16>);

fn build_slots(
    taxonomy: &Taxonomy,
    required: &[RequiredSkill],
    nice: &[SkillId],
    must_have: &[SkillId],
) -> Result<SlotTables, String> {
    let mut slots: Vec<Slot> = required
        .iter()
        .map(|r| Slot {
            skill: r.skill,
            importance: r.importance,
            target_years: r.target_years,
            nice: false,
            code_weight: r.importance,
        })
        .collect();
    slots.extend(nice.iter().map(|&skill| Slot {
        skill,
        importance: 0.0,
        target_years: DEFAULT_SKILL_YEARS,
        nice: true,
        code_weight: 0.5,
    }));
    let mut must_have_slots = Vec::new();
    for &skill in must_have {
        let slot = match slots.iter().position(|s| s.skill == skill) {
            Some(i) => i,
            None => {
                slots.push(Slot {
                    skill,
                    importance: 0.0,
                    target_years: DEFAULT_SKILL_YEARS,
                    nice: false,
                    code_weight: 0.0,
                });
                slots.len() - 1
            }
        };
        must_have_slots.push(slot as u16);
    }
    if slots.len() > MAX_ROLE_SKILLS {
        return Err(format!(
            "names {} skills; at most {MAX_ROLE_SKILLS} are allowed",
            slots.len()
        ));
    }
    // Code relevance looks at the languages a role asks for, when it names any.
    let is_language = |s: &Slot| taxonomy.entry(s.skill).category == Category::Language;
    if slots.iter().any(|s| s.code_weight > 0.0 && is_language(s)) {
        for slot in &mut slots {
            if !is_language(slot) {
                slot.code_weight = 0.0;
            }
        }
    }
    let mut slot_of = vec![u16::MAX; taxonomy.len()];
    for (i, slot) in slots.iter().enumerate() {
        slot_of[slot.skill as usize] = i as u16;
    }
    Ok((slots, slot_of, must_have_slots))
}

/// Parses a role file's text into validated roles.
///
/// # Errors
/// Invalid TOML, a role that is not a table, a duplicate id, or any [`RoleSpec::check`] error.
pub fn parse_roles(
    text: &str,
    file: &str,
    taxonomy: &Taxonomy,
    rates: &RateTable,
) -> Result<Vec<Role>> {
    Ok(parse_role_specs(text, file, taxonomy, rates)?
        .into_iter()
        .map(|(_, role)| role)
        .collect())
}

/// Parses a role file's text into validated roles, each with the spec it was checked from
/// (to check again with other weights or filters).
///
/// # Errors
/// As [`parse_roles`].
pub fn parse_role_specs(
    text: &str,
    file: &str,
    taxonomy: &Taxonomy,
    rates: &RateTable,
) -> Result<Vec<(RoleSpec, Role)>> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let line = e
            .span()
            .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        let at = line.map_or(String::new(), |l| format!("line {l}: "));
        Error::parse(file, format!("{at}{}", e.message().trim()))
    })?;
    if let Some(key) = table.keys().find(|k| *k != "role") {
        return Err(Error::parse(
            file,
            format!("unknown top-level key \"{key}\" (expected [[role]] tables)"),
        ));
    }
    let Some(items) = table.get("role").and_then(|r| r.as_array()) else {
        return Err(Error::parse(file, "no [[role]] tables"));
    };
    let mut roles: Vec<(RoleSpec, Role)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let name = item
            .get("id")
            .and_then(|v| v.as_str())
            .map_or_else(|| format!("#{}", i + 1), str::to_string);
        let spec = RoleSpec::deserialize(item.clone()).map_err(|e| Error::Role {
            file: file.to_string(),
            role: name.clone(),
            key: key_of(e.message()),
            reason: e.message().trim().to_string(),
        })?;
        let role = spec.clone().check(taxonomy, rates, file)?;
        if roles.iter().any(|(_, r)| r.id == role.id) {
            return Err(Error::Role {
                file: file.to_string(),
                role: role.id,
                key: "id".into(),
                reason: "duplicate role id".into(),
            });
        }
        roles.push((spec, role));
    }
    Ok(roles)
}

/// Reads and validates a role file.
///
/// # Errors
/// As [`parse_roles`], or the file cannot be read.
pub fn read_roles(
    input: impl Into<Input>,
    taxonomy: &Taxonomy,
    rates: &RateTable,
) -> Result<Vec<Role>> {
    let input = input.into();
    parse_roles(&input.read_to_string()?, &input.name(), taxonomy, rates)
}

/// Best-effort key name from a serde message such as "missing field `id`".
fn key_of(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .map_or_else(|| "(role)".to_string(), str::to_string)
}

/// Roles from TOML text, checked against the bundled taxonomy and rates (for unit tests).
#[cfg(test)]
pub(crate) fn roles_for_tests(text: &str) -> Vec<Role> {
    parse_roles(text, "r.toml", Taxonomy::bundled(), RateTable::bundled()).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Role>> {
        parse_roles(
            text,
            "roles.toml",
            Taxonomy::bundled(),
            crate::money::RateTable::bundled(),
        )
    }

    const GOOD: &str = r#"
[[role]]
id = "ml"
title = "ML"
min_years = 4
team_timezone = "America/Los_Angeles"
required = [{ skill = "PyTorch", importance = 3, min_years = 2 }, "py", "k8s"]
nice = ["aws", "python"]
salary = { min = 150000, max = 200000 }
weights = { degree = 0 }
filters = { must_have = ["golang"], min_overlap_hours = 2 }
"#;

    #[test]
    fn a_good_role_checks_with_tables_precomputed() {
        let roles = parse(GOOD).unwrap();
        let role = &roles[0];
        let t = Taxonomy::bundled();
        assert_eq!(role.required.len(), 3);
        assert_eq!(role.nice.len(), 1, "python is already required");
        assert_eq!(role.slot_of(t.resolve("kubernetes").unwrap()), Some(2));
        assert_eq!(role.slot_of(t.resolve("rust").unwrap()), None);
        let go = role.slot_of(t.resolve("go").unwrap()).unwrap();
        assert_eq!(role.must_have_slots(), &[go as u16]);
        assert_eq!(role.salary.as_ref().unwrap().currency, Currency::USD);
        assert_eq!(role.weight_overrides, vec![(Feature::Degree, 0.0)]);
        // The role names languages (python, go), so only those carry code relevance.
        let coded: Vec<_> = role
            .slots()
            .iter()
            .filter(|s| s.code_weight > 0.0)
            .collect();
        assert_eq!(coded.len(), 1, "python; go is must-have only");
    }

    #[test]
    fn every_skill_of_the_bundled_roles_resolves() {
        let text = include_str!("../data/roles.toml");
        let roles = parse(text).unwrap();
        assert!(roles.len() >= 6);
        let raw: toml::Table = text.parse().unwrap();
        let named = raw["role"].as_array().unwrap().iter().flat_map(|r| {
            let required = r
                .get("required")
                .and_then(|v| v.as_array())
                .cloned()
                .unwrap_or_default();
            required.into_iter().map(|s| match s {
                toml::Value::String(s) => s,
                t => t["skill"].as_str().unwrap().to_string(),
            })
        });
        for name in named {
            assert!(Taxonomy::bundled().resolve(&name).is_some(), "{name}");
        }
    }

    fn err(text: &str) -> String {
        parse(text).unwrap_err().to_string()
    }

    #[test]
    fn bad_roles_name_the_role_and_key() {
        let e = err("[[role]]\nid = \"x\"\nteam_timezone = \"Mars/Base\"\n");
        assert!(
            e.starts_with("roles.toml: role \"x\": key \"team_timezone\": unknown time zone"),
            "{e}"
        );
        let e = err("[[role]]\nid = \"x\"\nrequired = [\"pytorh\"]\n");
        assert!(
            e.contains("key \"required.skill\"") && e.contains("did you mean pytorch"),
            "{e}"
        );
        let e = err("[[role]]\nid = \"x\"\nsalary = { min = 10, max = 5 }\n");
        assert!(e.contains("key \"salary.max\""), "{e}");
        let e = err("[[role]]\nid = \"x\"\nweights = { stars = 1 }\n");
        assert!(e.contains("key \"weights.stars\""), "{e}");
        let e =
            err("[[role]]\nid = \"x\"\nsalary = { min = 1, max = 5, currency = \"dollars\" }\n");
        assert!(e.contains("key \"salary.currency\""), "{e}");
        let e = err("[[role]]\nid = \"x\"\nstrategy = \"vibes\"\n");
        assert!(e.contains("key \"strategy\""), "{e}");
        let e = err("[[role]]\nid = \"x\"\nfavourite_color = \"red\"\n");
        assert!(
            e.contains("role \"x\"") && e.contains("favourite_color"),
            "{e}"
        );
        let e = err("[[role]]\ntitle = \"no id\"\n");
        assert!(e.contains("role \"#1\": key \"id\""), "{e}");
        let e = err("[[role]]\nid = \"x\"\n[[role]]\nid = \"x\"\n");
        assert!(e.contains("duplicate role id"), "{e}");
        let e = err("[[role]]\nid = \"x\"\nmin_years = -1\n");
        assert!(e.contains("key \"min_years\""), "{e}");
        assert!(err("not toml [").starts_with("roles.toml: "));
    }
}
