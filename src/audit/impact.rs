//! Selection rates and impact ratios at a top-k cut.
//!
//! A category's *selection rate* is the share of its pool entries that were selected; its
//! *impact ratio* is its rate over the highest rate among the compared categories. Categories
//! holding less than [`MIN_SHARE`] of the pool are reported but not compared (too few to say
//! anything), and a missing or empty value is the category [`UNKNOWN`].

use std::collections::BTreeMap;

use serde::Serialize;

/// Categories under this share of the pool (2 %) are left out of the comparison.
pub const MIN_SHARE: f64 = 0.02;

/// The category of a missing or empty attribute value.
pub const UNKNOWN: &str = "unknown";

/// One category's selection.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SelectionRate {
    /// The attribute value.
    pub category: String,
    /// Pool entries with this value.
    pub pool: usize,
    /// Of them, selected.
    pub selected: usize,
    /// `selected / pool`.
    pub rate: f64,
    /// `rate` over the highest compared rate; `None` when the category is not compared (under
    /// [`MIN_SHARE`] of the pool) or no compared category has anyone selected.
    pub impact_ratio: Option<f64>,
    /// Whether the category holds at least [`MIN_SHARE`] of the pool.
    pub compared: bool,
}

/// Selection rates of every category, and the lowest impact ratio among them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Impact {
    /// Every category, by name.
    pub rates: Vec<SelectionRate>,
    /// The compared category with the lowest impact ratio and that ratio (ties: the first by
    /// name); `None` with fewer than two compared categories or nobody selected.
    pub lowest: Option<(String, f64)>,
}

/// Selection rates and impact ratios: `categories[i]` is pool entry `i`'s attribute value
/// (`None` or empty: [`UNKNOWN`]) and `selected[i]` whether it was selected.
///
/// # Panics
/// If the two slices have different lengths.
pub fn impact_ratios(categories: &[Option<&str>], selected: &[bool]) -> Impact {
    assert_eq!(categories.len(), selected.len(), "one selection per entry");
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (category, &chosen) in categories.iter().zip(selected) {
        let name = category
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or(UNKNOWN);
        let entry = counts.entry(name).or_default();
        entry.0 += 1;
        entry.1 += usize::from(chosen);
    }
    impact_of_counts(counts.into_iter().map(|(c, (pool, sel))| (c, pool, sel)))
}

/// Selection rates and impact ratios from counts: `(category, pool, selected)` per category
/// (each pool at least 1), as [`impact_ratios`] counts them; the categories are reported in
/// the order given.
pub fn impact_of_counts<'a>(counts: impl IntoIterator<Item = (&'a str, usize, usize)>) -> Impact {
    let counts: Vec<(&str, usize, usize)> = counts.into_iter().collect();
    let total = counts.iter().map(|c| c.1).sum::<usize>() as f64;
    let compared = |pool: usize| pool as f64 >= MIN_SHARE * total;
    let rates: Vec<(f64, bool)> = counts
        .iter()
        .map(|&(_, pool, sel)| (sel as f64 / pool as f64, compared(pool)))
        .collect();
    let ratios = ratios_to_best(&rates);
    let rates: Vec<SelectionRate> = counts
        .iter()
        .zip(rates.iter().zip(ratios))
        .map(
            |(&(category, pool, sel), (&(rate, is_compared), impact_ratio))| SelectionRate {
                category: category.to_string(),
                pool,
                selected: sel,
                rate,
                impact_ratio,
                compared: is_compared,
            },
        )
        .collect();
    let lowest = lowest_ratio(rates.iter().map(|r| (r.category.as_str(), r.impact_ratio)))
        .map(|(category, ratio)| (category.to_string(), ratio));
    Impact { rates, lowest }
}

/// The category with the lowest impact ratio among those that have one, and that ratio (ties:
/// the first given); `None` with fewer than two ratios.
pub(crate) fn lowest_ratio<'a>(
    ratios: impl Iterator<Item = (&'a str, Option<f64>)>,
) -> Option<(&'a str, f64)> {
    let with: Vec<(&str, f64)> = ratios.filter_map(|(c, r)| Some((c, r?))).collect();
    if with.len() < 2 {
        return None;
    }
    with.into_iter().min_by(|a, b| a.1.total_cmp(&b.1))
}

/// Each rate over the highest rate among the compared ones (`(rate, compared)`): `None` for
/// a rate not compared, and for all when no compared rate is positive.
pub(crate) fn ratios_to_best(rates: &[(f64, bool)]) -> Vec<Option<f64>> {
    let best = rates
        .iter()
        .filter(|(_, compared)| *compared)
        .map(|(rate, _)| *rate)
        .fold(0.0, f64::max);
    rates
        .iter()
        .map(|&(rate, compared)| (compared && best > 0.0).then(|| rate / best))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_are_over_the_highest_rate_and_small_groups_are_not_compared() {
        // 50 f (10 selected), 49 m (20 selected), 1 x (1 selected: 1 % of the pool).
        let mut categories = vec![Some("f"); 50];
        categories.extend(vec![Some("m"); 49]);
        categories.push(Some("x"));
        let mut selected = vec![false; 100];
        selected[..10].fill(true);
        selected[50..70].fill(true);
        selected[99] = true;
        let impact = impact_ratios(&categories, &selected);
        let f = &impact.rates[0];
        assert_eq!((f.category.as_str(), f.pool, f.selected), ("f", 50, 10));
        let expected = 0.2 / (20.0 / 49.0);
        assert!((f.impact_ratio.unwrap() - expected).abs() < 1e-12);
        assert_eq!(impact.rates[1].impact_ratio, Some(1.0));
        let x = &impact.rates[2];
        assert!(!x.compared && x.impact_ratio.is_none() && x.rate == 1.0);
        let (name, ratio) = impact.lowest.unwrap();
        assert_eq!(name, "f");
        assert!((ratio - expected).abs() < 1e-12);
    }

    #[test]
    fn missing_values_are_unknown_and_nobody_selected_has_no_ratio() {
        let impact = impact_ratios(&[None, Some(" "), Some("a")], &[false, false, false]);
        assert_eq!(impact.rates[1].category, UNKNOWN);
        assert_eq!(impact.rates[1].pool, 2);
        assert!(impact.lowest.is_none());
        assert!(impact.rates.iter().all(|r| r.impact_ratio.is_none()));
    }
}
