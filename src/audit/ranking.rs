//! The audit of a ranking run: who is selected (the top k, or a score threshold) and who
//! scores above the pool's median, per role and over all roles, by category of each audited
//! attribute.
//!
//! The pool of a role is every valid candidate of the run. A candidate a hard filter excludes
//! is never selected and counts as the lowest score: filters can have adverse impact too (a
//! salary cap or a minimum overlap falls harder on some countries), so they are in the
//! audit's scope.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::num::NonZeroUsize;
use std::str::FromStr;

use serde::Serialize;

use super::groups::{AttributeAudit, Counts};
use super::impact::UNKNOWN;
use crate::io::closest_name;
use crate::profile::Candidate;
use crate::rank::RoleRanking;

/// Who counts as selected.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Selection {
    /// The top k of each role's ranking (`top:K`).
    Top(NonZeroUsize),
    /// Every candidate scoring at least this (`score:T`).
    AtLeast(f64),
}

impl fmt::Display for Selection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Selection::Top(k) => write!(f, "top:{k}"),
            Selection::AtLeast(t) => write!(f, "score:{t}"),
        }
    }
}

impl FromStr for Selection {
    type Err = String;

    fn from_str(s: &str) -> Result<Selection, String> {
        let usage = || format!("\"{s}\": expected top:K (K a positive whole number) or score:T");
        match s.trim().split_once(':') {
            Some(("top", k)) => k
                .trim()
                .parse::<NonZeroUsize>()
                .map(Selection::Top)
                .map_err(|_| usage()),
            Some(("score", t)) => match t.trim().parse::<f64>() {
                Ok(t) if t.is_finite() => Ok(Selection::AtLeast(t)),
                _ => Err(usage()),
            },
            _ => Err(usage()),
        }
    }
}

/// The column a candidate's country is read from: a candidate field that may also be audited.
pub const COUNTRY: &str = "country";

/// What to audit by: one column, or the intersection of several (`gender+ethnicity`), whose
/// categories are the values joined by `+`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct By {
    columns: Vec<String>,
}

impl FromStr for By {
    type Err = String;

    fn from_str(s: &str) -> Result<By, String> {
        let columns: Vec<String> = s.split('+').map(|c| c.trim().to_string()).collect();
        if columns.iter().any(String::is_empty) {
            return Err(format!(
                "\"{s}\": expected a column name, or names joined by + (gender+ethnicity)"
            ));
        }
        if let Some(twice) = columns
            .iter()
            .enumerate()
            .find(|(i, c)| columns[..*i].contains(c))
        {
            return Err(format!("\"{s}\": column \"{}\" is named twice", twice.1));
        }
        Ok(By { columns })
    }
}

impl fmt::Display for By {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.columns.join("+"))
    }
}

impl By {
    /// One column, named exactly (a `+` in its name is part of the name).
    pub fn column(name: String) -> By {
        By {
            columns: vec![name],
        }
    }

    /// The columns intersected.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// This attribute with its columns spelled as the file spells them (names match
    /// case-insensitively). `columns` are the file's audit columns (`None` for JSONL, whose
    /// rows may each have other keys: names are then taken as given); [`COUNTRY`] is always
    /// there.
    ///
    /// # Errors
    /// A plain message naming a column the file does not have, with the nearest name or the
    /// list of the file's audit columns.
    pub fn resolve(&self, columns: Option<&[String]>) -> Result<By, String> {
        let Some(columns) = columns else {
            return Ok(self.clone());
        };
        let mut names: Vec<&str> = columns.iter().map(String::as_str).collect();
        names.push(COUNTRY);
        let resolved = self
            .columns
            .iter()
            .map(|c| {
                if let Some(found) = names.iter().find(|n| n.eq_ignore_ascii_case(c)) {
                    return Ok(found.to_string());
                }
                Err(match closest_name(c, &names) {
                    Some(near) => format!("no column \"{c}\"; did you mean \"{near}\"?"),
                    None => format!("no column \"{c}\" (audit columns: {})", names.join(", ")),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(By { columns: resolved })
    }

    /// A candidate's category: its values of the columns (a missing or blank value is
    /// [`UNKNOWN`]), joined by `+`.
    pub fn category(&self, candidate: &Candidate) -> String {
        let value = |column: &str| {
            let v = match column {
                COUNTRY => Some(candidate.country.as_str()),
                _ => candidate.attributes.get(column).map(String::as_str),
            };
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .unwrap_or(UNKNOWN)
        };
        let values: Vec<&str> = self.columns.iter().map(|c| value(c)).collect();
        values.join("+")
    }
}

/// Columns with at most this many categories are audited when no columns are named (the
/// shortlist's audit table): more are identifiers (emails, phone numbers), not groups.
pub const MAX_GROUPS: usize = 12;

/// The attributes (indices into `kept[c].1`) with at least one known value and at most
/// `max` categories among `kept` (see [`audit_ranking`]), for audits that pick their columns.
pub fn group_columns(kept: &[(Box<str>, Vec<String>)], n: usize, max: usize) -> Vec<usize> {
    (0..n)
        .filter(|&b| {
            let mut seen: HashSet<&str> = HashSet::new();
            for (_, cats) in kept {
                seen.insert(&cats[b]);
                if seen.len() > max {
                    return false;
                }
            }
            seen.iter().any(|c| *c != UNKNOWN)
        })
        .collect()
}

/// One role's audit.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoleAudit {
    /// The role's index among the roles ranked.
    pub role: usize,
    /// Candidates in the pool.
    pub pool: usize,
    /// Of them, scored (not excluded by a hard filter).
    pub scored: usize,
    /// Of them, selected.
    pub selected: usize,
    /// The pool's median score (excluded candidates counting lowest); `None` when at least
    /// half the pool is excluded, and then every scored candidate is above it.
    pub median_score: Option<f64>,
    /// One audit per attribute.
    pub attributes: Vec<AttributeAudit>,
}

/// The audit of a ranking run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RankingAudit {
    /// Who counted as selected.
    #[serde(serialize_with = "crate::audit::ranking::as_text")]
    pub selection: Selection,
    /// Per role.
    pub roles: Vec<RoleAudit>,
    /// Over all roles: each candidate counted once per role.
    pub all_roles: Vec<AttributeAudit>,
}

/// Serializes a value by its `Display`.
fn as_text<S: serde::Serializer, T: fmt::Display>(value: &T, s: S) -> Result<S::Ok, S::Error> {
    s.collect_str(value)
}

/// Audits a ranking run.
///
/// `kept[c]` is candidate `c`'s id and its category for each of `by` (see [`By::category`]);
/// `scores[c * roles + r]` its score for role `r` (`f64::NEG_INFINITY` when excluded), as
/// [`AllScores`](crate::AllScores) collects them. With [`Selection::Top`], `rankings` must
/// hold each role's top k at that k: the selected are exactly the ranked.
///
/// # Panics
/// If `scores` does not hold one score per candidate and role.
pub fn audit_ranking(
    rankings: &[RoleRanking],
    kept: &[(Box<str>, Vec<String>)],
    scores: &[f64],
    by: &[By],
    selection: Selection,
) -> RankingAudit {
    let n_roles = rankings.len();
    assert_eq!(scores.len(), kept.len() * n_roles, "one score per pair");
    // Categories as small integers, once per attribute.
    let interned: Vec<(Vec<String>, Vec<u32>)> = (0..by.len())
        .map(|b| {
            let mut index: HashMap<&str, u32> = HashMap::new();
            let mut names = Vec::new();
            let ids = kept
                .iter()
                .map(|(_, cats)| {
                    *index.entry(cats[b].as_str()).or_insert_with(|| {
                        names.push(cats[b].clone());
                        names.len() as u32 - 1
                    })
                })
                .collect();
            (names, ids)
        })
        .collect();
    // The position of every ranked candidate.
    let ranked: HashSet<&str> = rankings
        .iter()
        .flat_map(|r| r.ranked.iter().map(|c| c.candidate_id.as_str()))
        .collect();
    let position: HashMap<&str, usize> = kept
        .iter()
        .enumerate()
        .filter(|(_, (id, _))| ranked.contains(&**id))
        .map(|(c, (id, _))| (&**id, c))
        .collect();
    let mut all: Vec<Vec<Counts>> = interned
        .iter()
        .map(|(names, _)| vec![Counts::default(); names.len()])
        .collect();
    let mut roles = Vec::with_capacity(n_roles);
    for (r, ranking) in rankings.iter().enumerate() {
        let score = |c: usize| scores[c * n_roles + r];
        let mut selected = vec![false; kept.len()];
        match selection {
            Selection::Top(_) => {
                for c in &ranking.ranked {
                    selected[position[c.candidate_id.as_str()]] = true;
                }
            }
            Selection::AtLeast(t) => {
                for (c, s) in selected.iter_mut().enumerate() {
                    *s = score(c) >= t;
                }
            }
        }
        let median = median((0..kept.len()).map(score).collect());
        let above = |c: usize| score(c) > median.unwrap_or(f64::NEG_INFINITY);
        let mut attributes = Vec::with_capacity(by.len());
        for (b, (names, ids)) in interned.iter().enumerate() {
            let mut counts = vec![Counts::default(); names.len()];
            for (c, &id) in ids.iter().enumerate() {
                let entry = &mut counts[id as usize];
                entry.pool += 1;
                entry.selected += usize::from(selected[c]);
                entry.above_median += usize::from(above(c));
            }
            for (total, one) in all[b].iter_mut().zip(&counts) {
                total.add(*one);
            }
            attributes.push(AttributeAudit::new(
                &by[b].to_string(),
                &named(names, &counts),
            ));
        }
        roles.push(RoleAudit {
            role: ranking.role,
            pool: kept.len(),
            scored: (0..kept.len())
                .filter(|&c| score(c) > f64::NEG_INFINITY)
                .count(),
            selected: selected.iter().filter(|&&s| s).count(),
            median_score: median,
            attributes,
        });
    }
    let all_roles = interned
        .iter()
        .zip(&all)
        .zip(by)
        .map(|(((names, _), counts), b)| AttributeAudit::new(&b.to_string(), &named(names, counts)))
        .collect();
    RankingAudit {
        selection,
        roles,
        all_roles,
    }
}

/// Counts keyed by category name.
fn named(names: &[String], counts: &[Counts]) -> BTreeMap<String, Counts> {
    names.iter().cloned().zip(counts.iter().copied()).collect()
}

/// The median (the mean of the two middle values for an even count); `None` for no values or
/// a median among the excluded (−∞).
fn median(mut values: Vec<f64>) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let (_, &mut upper, _) = values.select_nth_unstable_by(n / 2, f64::total_cmp);
    let m = if n % 2 == 1 {
        upper
    } else {
        let lower = values[..n / 2]
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        (lower + upper) / 2.0
    };
    m.is_finite().then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selections_and_attributes_parse_and_print() {
        assert_eq!(
            "top:5".parse(),
            Ok(Selection::Top(NonZeroUsize::new(5).unwrap()))
        );
        assert_eq!("score:0.62".parse(), Ok(Selection::AtLeast(0.62)));
        assert_eq!(Selection::AtLeast(0.62).to_string(), "score:0.62");
        for bad in ["top:0", "top:x", "score:nan", "best:3", "5"] {
            assert!(bad.parse::<Selection>().is_err(), "{bad}");
        }
        let by: By = "gender + ethnicity".parse().unwrap();
        assert_eq!(by.to_string(), "gender+ethnicity");
        assert!("gender+".parse::<By>().is_err());
        assert!("a+a".parse::<By>().is_err());
    }

    #[test]
    fn columns_resolve_to_the_file_s_spelling_or_fail_with_a_hint() {
        let file = ["Gender".to_string(), "age_band".to_string()];
        let by: By = "gender+COUNTRY".parse().unwrap();
        assert_eq!(
            by.resolve(Some(&file)).unwrap().to_string(),
            "Gender+country"
        );
        let typo: By = "gendr".parse().unwrap();
        let e = typo.resolve(Some(&file)).unwrap_err();
        assert_eq!(e, "no column \"gendr\"; did you mean \"Gender\"?");
        let far: By = "ethnicity".parse().unwrap();
        let e = far.resolve(Some(&file)).unwrap_err();
        assert!(
            e.contains("audit columns: Gender, age_band, country"),
            "{e}"
        );
        assert_eq!(far.resolve(None).unwrap(), far);
    }

    #[test]
    fn categories_join_values_and_missing_ones_are_unknown() {
        let mut c = Candidate {
            country: "Brazil".into(),
            ..Candidate::default()
        };
        c.attributes.insert("gender".into(), "woman".into());
        c.attributes.insert("ethnicity".into(), "  ".into());
        let by: By = "gender+ethnicity+country".parse().unwrap();
        assert_eq!(by.category(&c), "woman+unknown+Brazil");
    }

    #[test]
    fn medians_count_the_excluded_lowest() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        let ninf = f64::NEG_INFINITY;
        assert_eq!(median(vec![ninf, 1.0, 2.0]), Some(1.0));
        assert_eq!(median(vec![ninf, ninf, 2.0, 1.0]), None);
        assert_eq!(median(vec![]), None);
    }
}
