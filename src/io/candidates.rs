//! Reading and validating candidate files (CSV or JSONL).
//!
//! Both formats carry the same fields; see the README for each field's form and default.
//! Columns (or keys) that are not candidate fields are kept as audit attributes and never
//! feed a feature.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::dates::parse_date;
use crate::error::{Result, RowError};
use crate::money::{Currency, RateTable};
use crate::profile::{Candidate, Degree, Repo, Salary};
use crate::skills::{split_list, trim, SkillId, SkillRoutes, Taxonomy};
use crate::timezone::parse_zone;

use super::columns::{Columns, Format, Renames, FIELDS};
use super::decimal::parse_plain;
use super::dialect::Dialect;
use super::json::flatten_json;
use super::scan;
use super::source::{RawRow, RowSource};

/// Most years of experience accepted as plausible.
const MAX_YEARS: f64 = 70.0;

/// The largest plausible annual salary expectation, in USD (at the rate table's latest rate):
/// a larger one is a unit or typing mistake, not a candidate.
pub const MAX_SALARY_USD: f64 = 10_000_000.0;
/// The largest plausible public repository, star or fork count.
pub const MAX_GITHUB_COUNT: u64 = 10_000_000;
/// The largest plausible number of commits in a year.
pub const MAX_COMMITS_PER_YEAR: u64 = 1_000_000;
/// The largest plausible number of certifications.
pub const MAX_CERTIFICATIONS: u32 = 1_000;

/// `value` if it is at most `max`, else a row error naming the limit.
fn at_most<T: PartialOrd + std::fmt::Display>(
    value: T,
    max: T,
    field: &'static str,
) -> Result<T, (&'static str, String)> {
    if value > max {
        return Err((field, format!("implausible {value} (at most {max})")));
    }
    Ok(value)
}

/// How to read a candidate file.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// Skill taxonomy for resolving skills and languages.
    pub taxonomy: &'a Taxonomy,
    /// Exchange rates: a salary currency must be one the table knows.
    pub rates: &'a RateTable,
    /// Keep going past invalid rows, collecting them in [`CandidateSet::rejects`].
    pub skip_invalid: bool,
    /// Keep the extra columns as [`Candidate::attributes`] (audits need them; ranking does
    /// not, and skips the copies).
    pub keep_attributes: bool,
    /// How the file is written: delimiter, encoding, column names (by default: detected,
    /// UTF-8, shiprank's own names).
    pub dialect: &'a Dialect,
}

/// The dialect of files shiprank writes.
static NATIVE: Dialect = Dialect {
    delimiter: None,
    encoding: None,
    renames: Renames::new(),
};

impl<'a> ReadOptions<'a> {
    /// Strict reading of files as shiprank writes them (UTF-8, or BOM-marked UTF-16; the
    /// delimiter detected): the first invalid row is an error, extra columns are not kept.
    pub fn new(taxonomy: &'a Taxonomy, rates: &'a RateTable) -> ReadOptions<'a> {
        ReadOptions {
            taxonomy,
            rates,
            skip_invalid: false,
            keep_attributes: false,
            dialect: &NATIVE,
        }
    }
}

/// The valid candidates of a file, and what was rejected or not understood.
#[derive(Clone, Debug, Default)]
pub struct CandidateSet {
    /// Valid candidates, in file order.
    pub candidates: Vec<Candidate>,
    /// Rejected rows, in file order.
    pub rejects: Vec<RowError>,
    /// Rows read (valid plus rejected).
    pub rows: usize,
    /// Skills the taxonomy does not know, with how many rows stated each.
    pub unknown_skills: UnknownSkills,
}

/// Skills the taxonomy does not know, by normalized name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnknownSkills(BTreeMap<String, UnknownSkill>);

/// One unknown skill and where it was met.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownSkill {
    /// How many rows stated it.
    pub count: usize,
    /// The spelling on the first line it was met on.
    pub spelling: String,
    /// That line.
    pub first_line: u64,
}

impl UnknownSkills {
    /// Counts one row's mention of an unknown skill.
    pub fn add(&mut self, name: &str, line: u64) {
        let entry = self
            .0
            .entry(crate::skills::normalize(name))
            .or_insert_with(|| UnknownSkill {
                count: 0,
                spelling: name.to_string(),
                first_line: line,
            });
        entry.count += 1;
        if line < entry.first_line {
            entry.first_line = line;
            entry.spelling = name.to_string();
        }
    }

    /// Adds another tally to this one (the result does not depend on the order of merges).
    pub fn merge(&mut self, other: UnknownSkills) {
        for (key, skill) in other.0 {
            let entry = self.0.entry(key).or_insert_with(|| UnknownSkill {
                count: 0,
                ..skill.clone()
            });
            entry.count += skill.count;
            if skill.first_line < entry.first_line {
                entry.first_line = skill.first_line;
                entry.spelling = skill.spelling;
            }
        }
    }

    /// How many distinct unknown skills.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Normalized name and tally, by name.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &UnknownSkill)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// A tally by normalized name.
    pub fn get(&self, normalized: &str) -> Option<&UnknownSkill> {
        self.0.get(normalized)
    }
}

/// One row's fields by index in [`FIELDS`]: trimmed, `None` where absent or empty.
pub(super) type Fields<'a> = [Option<&'a str>; FIELDS.len()];

/// Validates raw rows into candidates; shared by every thread of a run.
#[derive(Clone, Debug)]
pub struct RowParser<'a> {
    options: ReadOptions<'a>,
    /// What stated skills expand through: the taxonomy's routes, or some of them.
    routes: &'a SkillRoutes,
    columns: Columns,
    format: Format,
}

impl<'a> RowParser<'a> {
    /// The error for a CSV row that is not UTF-8: the first such field, by its header name,
    /// with the encoding the bytes look like and the flag that reads it.
    fn not_utf8(
        &self,
        row: &RawRow,
        fail: &impl Fn(Option<&str>, (&str, String)) -> RowError,
    ) -> RowError {
        let bad = (0..row.record.len())
            .find(|&j| std::str::from_utf8(row.record.get(j).unwrap_or_default()).is_err())
            .unwrap_or(0);
        let column = format!("(column {})", bad + 1);
        let name = Some(self.columns.name_of(bad)).filter(|n| !n.is_empty());
        let name = name.unwrap_or(&column);
        let bytes = row.record.get(bad).unwrap_or_default();
        let (looks, flag) = if bytes.contains(&0) {
            ("UTF-16", "utf-16")
        } else {
            (
                "Windows-1252 or Latin-1, as older Excel and ATS exports are",
                "windows-1252",
            )
        };
        fail(
            None,
            (
                name,
                format!(
                    "not UTF-8 text (it looks like {looks}): save the file as UTF-8, or read it \
                     with --encoding {flag}"
                ),
            ),
        )
    }

    /// A parser for the rows of `source`.
    pub fn new(source: &RowSource<'_>, options: ReadOptions<'a>) -> RowParser<'a> {
        RowParser::for_columns(source.columns(), source.format(), options)
    }

    /// A parser for rows with these columns, in this format.
    pub(crate) fn for_columns(
        columns: &Columns,
        format: Format,
        options: ReadOptions<'a>,
    ) -> RowParser<'a> {
        RowParser {
            options,
            routes: options.taxonomy.routes(),
            columns: columns.clone(),
            format,
        }
    }

    /// This parser, expanding stated skills through `routes` (from the same taxonomy) instead
    /// of all the taxonomy's: candidates then hold only the skills those routes reach.
    pub fn expanding_through(self, routes: &'a SkillRoutes) -> RowParser<'a> {
        RowParser { routes, ..self }
    }

    /// Validates one raw row.
    ///
    /// # Errors
    /// The row's first invalid field, as `FILE:LINE: field "NAME": reason`.
    pub fn parse(&self, row: &RawRow, file: &str) -> Result<Candidate, RowError> {
        self.visit(row, file, |fields, repos, attributes| {
            validate(&self.options, fields, repos, attributes)
        })
    }

    /// [`RowParser::parse`] into `out`, reusing its buffers (on an error `out` holds a partly
    /// validated row, to be overwritten).
    ///
    /// # Errors
    /// As [`RowParser::parse`].
    pub fn parse_into(
        &self,
        row: &RawRow,
        file: &str,
        out: &mut Candidate,
    ) -> Result<(), RowError> {
        self.visit(row, file, |fields, repos, attributes| {
            validate_into(&self.options, self.routes, fields, repos, attributes, out)
        })
    }

    /// Splits a raw row into its fields (by index in [`FIELDS`]), repositories and attributes,
    /// and hands them to `then`; errors are located at the row.
    pub(super) fn visit<T>(
        &self,
        row: &RawRow,
        file: &str,
        then: impl for<'x> FnOnce(
            &Fields<'x>,
            Vec<Repo>,
            BTreeMap<String, String>,
        ) -> Result<T, (&'static str, String)>,
    ) -> Result<T, RowError> {
        if let Some(error) = &row.error {
            return Err(error.clone());
        }
        let fail = |id: Option<&str>, (field, reason): (&str, String)| RowError {
            file: file.into(),
            line: row.line,
            id: id.map(str::to_string),
            field: field.into(),
            reason,
        };
        match self.format {
            Format::Csv => {
                // One UTF-8 check for the whole row; `str::get` then refuses a field whose
                // bounds split a character (as csv's own StringRecord conversion does).
                let whole = simdutf8::basic::from_utf8(row.record.as_slice()).ok();
                // `None`: not UTF-8, or bounds that split a character.
                let text = |i: usize| -> Option<&str> {
                    match row.record.range(i) {
                        Some(range) => whole?.get(range).map(trim),
                        None => whole.map(|_| ""),
                    }
                };
                let mut known: Fields = [None; FIELDS.len()];
                for (slot, column) in known.iter_mut().zip(&self.columns.known) {
                    if let Some(i) = *column {
                        let Some(text) = text(i) else {
                            return Err(self.not_utf8(row, &fail));
                        };
                        *slot = Some(text).filter(|s| !s.is_empty());
                    }
                }
                let mut attributes = BTreeMap::new();
                if self.options.keep_attributes {
                    for (i, name) in &self.columns.extras {
                        let Some(text) = text(*i) else {
                            return Err(self.not_utf8(row, &fail));
                        };
                        attributes.insert(name.clone(), text.to_string());
                    }
                }
                then(&known, Vec::new(), attributes).map_err(|e| fail(known[0], e))
            }
            Format::Jsonl => {
                let object = match serde_json::from_str::<serde_json::Value>(&row.json) {
                    Ok(serde_json::Value::Object(o)) => o,
                    Ok(_) => return Err(fail(None, ("(record)", "expected a JSON object".into()))),
                    Err(e) => return Err(fail(None, ("(record)", format!("invalid JSON: {e}")))),
                };
                let id = match object.get("id") {
                    Some(serde_json::Value::String(s)) => Some(s.trim().to_string()),
                    Some(serde_json::Value::Number(n)) => Some(n.to_string()),
                    _ => None,
                };
                let (fields, repos, mut attributes) =
                    flatten_json(object, &self.options.dialect.renames)
                        .map_err(|e| fail(id.as_deref(), e))?;
                if !self.options.keep_attributes {
                    attributes.clear();
                }
                // Trimmed, as CSV fields are.
                let known: Fields =
                    FIELDS.map(|name| fields.get(name).map(|s| s.trim()).filter(|s| !s.is_empty()));
                then(&known, repos, attributes).map_err(|e| fail(known[0], e))
            }
        }
    }
}

/// Validates one row's fields (by index in [`FIELDS`]) into a candidate.
pub(super) fn validate(
    options: &ReadOptions,
    fields: &Fields,
    repos: Vec<Repo>,
    attributes: BTreeMap<String, String>,
) -> Result<Candidate, (&'static str, String)> {
    let mut candidate = Candidate::default();
    let routes = options.taxonomy.routes();
    validate_into(options, routes, fields, repos, attributes, &mut candidate)?;
    Ok(candidate)
}

/// [`validate`] into `out`, reusing its buffers: a thread that validates row after row into
/// the same candidate allocates nothing once they have grown. On an error `out` holds a
/// partly validated row.
fn validate_into(
    options: &ReadOptions,
    routes: &SkillRoutes,
    fields: &Fields,
    repos: Vec<Repo>,
    attributes: BTreeMap<String, String>,
    out: &mut Candidate,
) -> Result<(), (&'static str, String)> {
    let get = |i: usize| fields[i];
    let field = |i: usize| FIELDS[i];
    let taxonomy = options.taxonomy;
    let unknown = &mut out.unknown_skills;
    unknown.clear();
    let id = get(0).ok_or_else(|| ("id", "missing id".to_string()))?;
    let timezone = get(3)
        .map(parse_zone)
        .transpose()
        .map_err(|e| (field(3), e))?;
    let work_hours = match get(4) {
        Some(h) => h.parse().map_err(|e| (field(4), e))?,
        None => Default::default(),
    };
    let years_experience = number(get(5), field(5))?.unwrap_or(0.0);
    if years_experience > MAX_YEARS {
        return Err((
            field(5),
            format!("implausible {years_experience} years (at most {MAX_YEARS})"),
        ));
    }
    read_skills(
        get(6).unwrap_or(""),
        taxonomy,
        &mut out.stated_skills,
        unknown,
    )?;
    let degree = Degree::parse_field(get(7).unwrap_or("")).map_err(|e| (field(7), e.into()))?;
    let certifications = match get(8) {
        None => 0,
        Some(s) => match s.parse::<u32>() {
            Ok(n) => n,
            Err(_) if s.starts_with('-') => {
                return Err((field(8), format!("must not be negative, found {s}")))
            }
            Err(_) => split_list(s).count() as u32,
        },
    };
    let amount = number(get(9), field(9))?;
    let currency = match get(10) {
        None => Currency::USD,
        Some(code) => code.parse().map_err(|e| (field(10), e))?,
    };
    // The latest rate: the currency must have one, and it sizes the plausibility check.
    let Some(latest_rate) = options.rates.usd_per_unit(currency, NaiveDate::MAX) else {
        let known: Vec<_> = options.rates.currencies().map(|c| c.to_string()).collect();
        return Err((
            field(10),
            format!(
                "unknown currency \"{currency}\" (the rate table has {})",
                known.join(", ")
            ),
        ));
    };
    if let Some(amount) = amount {
        if amount * latest_rate > MAX_SALARY_USD {
            return Err((
                field(9),
                format!("implausible {amount} {currency} a year (at most {MAX_SALARY_USD} USD)"),
            ));
        }
    }
    let certifications = at_most(certifications, MAX_CERTIFICATIONS, field(8))?;
    let count_of = |i: usize, max: u64| {
        count(get(i), field(i)).and_then(|n| at_most(n.unwrap_or(0), max, field(i)))
    };
    let repo_languages = &mut out.repo_languages;
    repo_languages.clear();
    for name in split_list(get(16).unwrap_or("")) {
        match taxonomy.resolve(name) {
            Some(s) if !repo_languages.contains(&s) => repo_languages.push(s),
            Some(_) => {}
            None => unknown.push(name.to_string()),
        }
    }
    for repo in &repos {
        for (count, what) in [
            (repo.stargazers_count, "stars"),
            (repo.forks_count, "forks"),
        ] {
            at_most(count, MAX_GITHUB_COUNT, "repos")
                .map_err(|(f, r)| (f, format!("repository \"{}\": {r} {what}", repo.name)))?;
        }
    }
    routes.expand_into(out.stated_skills.iter().copied(), &mut out.skills);
    out.public_repos = count_of(11, MAX_GITHUB_COUNT)?;
    out.total_stars = count_of(12, MAX_GITHUB_COUNT)?;
    out.total_forks = count_of(13, MAX_GITHUB_COUNT)?;
    out.commits_last_year = count_of(14, MAX_COMMITS_PER_YEAR)?;
    out.last_commit = get(15)
        .map(|s| parse_date(s).map_err(|e| (field(15), e)))
        .transpose()?;
    set_text(&mut out.id, id);
    set_text(&mut out.name, get(1).unwrap_or(""));
    set_text(&mut out.country, get(2).unwrap_or(""));
    match (get(17), &mut out.github) {
        (Some(login), Some(github)) => set_text(github, login),
        (login, github) => *github = login.map(str::to_string),
    }
    out.timezone = timezone;
    out.work_hours = work_hours;
    out.years_experience = years_experience;
    out.degree = degree;
    out.certifications = certifications;
    out.salary = amount.map(|amount| Salary { amount, currency });
    out.repos = repos;
    out.attributes = attributes;
    Ok(())
}

/// Reads a skills cell (`python:3;sql;docker:1.5`) into `stated` (each skill once, with the
/// most years stated for it) and `unknown` (names the taxonomy does not know, as written).
fn read_skills(
    cell: &str,
    taxonomy: &Taxonomy,
    stated: &mut Vec<(SkillId, Option<f32>)>,
    unknown: &mut Vec<String>,
) -> Result<(), (&'static str, String)> {
    let field = FIELDS[6];
    stated.clear();
    // One item, its last ':' at `colon` (in the item) where it has one.
    let mut add = |item: &str, colon: Option<usize>| -> Result<(), (&'static str, String)> {
        let (name, years) = match colon {
            Some(i) => {
                let name = trim(&item[..i]);
                let years = number(Some(trim(&item[i + 1..])), field)
                    .and_then(|y| y.map(|y| at_most(y, MAX_YEARS, field)).transpose())
                    .map_err(|(f, r)| (f, format!("skill \"{name}\": {r}")))?;
                (name, years.map(|y| y as f32))
            }
            None => (trim(item), None),
        };
        match taxonomy.resolve(name) {
            Some(skill) => match stated.iter_mut().find(|(s, _)| *s == skill) {
                Some(existing) => {
                    existing.1 = match (existing.1, years) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => a.or(b),
                    }
                }
                None => stated.push((skill, years)),
            },
            None => unknown.push(name.to_string()),
        }
        Ok(())
    };
    // No skill name has a comma: "python, pytorch" is a list with the wrong separator, which
    // would otherwise become one unknown skill and score nothing.
    let wrong_separator = || {
        let fixed: Vec<&str> = cell.split(',').map(str::trim).collect();
        let fixed = fixed.join(";");
        let reason = format!(
            "skills are separated by \";\", not \",\": found \"{cell}\", write \"{fixed}\""
        );
        (field, reason)
    };
    if cell.len() < 64 {
        // The usual short cell: its separators found at once, as bits, without a branch per
        // byte; items are what the `;`s (and the cell's end) cut, trimmed, empty ones left out.
        let [semicolons, colons, commas] = scan::masks(cell.as_bytes(), 0, [b';', b':', b',']);
        if commas != 0 {
            return Err(wrong_separator());
        }
        let (mut cuts, mut start) = (semicolons | 1 << cell.len(), 0);
        while cuts != 0 {
            let end = cuts.trailing_zeros() as usize;
            cuts &= cuts - 1;
            let item = &cell[start..end];
            let in_item = colons & ((1 << end) - 1) & !((1 << start) - 1);
            let colon = (in_item != 0).then(|| 63 - in_item.leading_zeros() as usize - start);
            if !trim(item).is_empty() {
                add(item, colon)?;
            }
            start = end + 1;
        }
        return Ok(());
    }
    if cell.contains(',') {
        return Err(wrong_separator());
    }
    for item in split_list(cell) {
        add(item, item.bytes().rposition(|b| b == b':'))?;
    }
    Ok(())
}

/// Replaces a string's text, keeping its buffer.
fn set_text(to: &mut String, text: &str) {
    to.clear();
    to.push_str(text);
}

/// A non-negative number, or `None` for an empty field.
fn number(text: Option<&str>, field: &'static str) -> Result<Option<f64>, (&'static str, String)> {
    let Some(text) = text else { return Ok(None) };
    if let Some(v) = parse_plain(text) {
        return Ok(Some(v));
    }
    match text.parse::<f64>() {
        Ok(v) if !v.is_finite() => Err((field, format!("invalid number \"{text}\""))),
        Ok(v) if v < 0.0 => Err((field, format!("must not be negative, found {text}"))),
        Ok(v) => Ok(Some(v)),
        Err(_) => Err((field, format!("invalid number \"{text}\""))),
    }
}

/// A non-negative whole number, or `None` for an empty field.
fn count(text: Option<&str>, field: &'static str) -> Result<Option<u64>, (&'static str, String)> {
    let Some(text) = text else { return Ok(None) };
    text.parse::<u64>().map(Some).map_err(|_| {
        if text.starts_with('-') {
            (field, format!("must not be negative, found {text}"))
        } else {
            (
                field,
                format!("invalid count \"{text}\" (expected a whole number)"),
            )
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn a_short_skills_cell_reads_as_the_same_items_in_a_long_one(
            tokens in proptest::collection::vec(
                proptest::sample::select(vec![
                    "python", "Python", "sql", " rust ", "go", "c++", "ñandú", "x", ":", ";",
                    ";;", ",", " ", "\t", "3", "1.5", "-2", "abc:", ":4", "999", "React.js",
                ]),
                0..24,
            ),
        ) {
            // The same items in a cell too long for the quick path (blank items are left out):
            // both paths must read the same, or both refuse.
            let cell = tokens.concat();
            let long = format!("{cell};{}", " ".repeat(64));
            let taxonomy = Taxonomy::bundled();
            let read = |cell: &str| {
                let (mut stated, mut unknown) = (Vec::new(), Vec::new());
                let result = read_skills(cell, taxonomy, &mut stated, &mut unknown);
                result.map(|()| (stated, unknown)).map_err(|(field, _)| field)
            };
            proptest::prop_assert_eq!(read(&cell), read(&long), "{:?}", cell);
        }
    }
}
