//! The audit of one attribute at one cut: per category its pool, selection rate and scoring
//! rate, each with a Wilson 95 % interval, an impact ratio and Fisher's exact test against the
//! rest of the pool, and flags where the numbers call for a look.

use std::collections::BTreeMap;

use serde::Serialize;

use super::impact::{lowest_ratio, ratios_to_best, MIN_SHARE};
use crate::names::named_enum;
use crate::stats::{fisher_exact, wilson_interval, Interval, Table2, Z_95};

/// The four-fifths rule: an impact ratio under this is flagged.
pub const FOUR_FIFTHS: f64 = 0.8;

/// One category's counts at a cut.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Pool entries in the category.
    pub pool: usize,
    /// Of them, selected.
    pub selected: usize,
    /// Of them, scoring above the pool's median score.
    pub above_median: usize,
}

impl Counts {
    /// Adds another's counts.
    pub fn add(&mut self, other: Counts) {
        self.pool += other.pool;
        self.selected += other.selected;
        self.above_median += other.above_median;
    }
}

/// A rate of one category, with its uncertainty and its comparison to the others.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rate {
    /// Entries counted (selected, or scoring above the median).
    pub count: usize,
    /// `count / pool`.
    pub rate: f64,
    /// Wilson 95 % interval of the rate.
    pub interval: Interval,
    /// The rate over the highest rate among the compared categories; `None` when the
    /// category is not compared or no compared category has a positive rate.
    pub impact_ratio: Option<f64>,
    /// Two-sided p-value of Fisher's exact test, this category against the rest of the pool.
    pub p_value: f64,
}

named_enum! {
    /// What an audit flags in a category.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum Flag: "flag" {
        /// Under 2 % of the pool: shown, but left out of the impact-ratio comparison.
        SmallGroup = "small-group",
        /// Selection impact ratio under 0.8 (the four-fifths rule).
        SelectionBelowFourFifths = "selection-below-four-fifths",
        /// Scoring impact ratio under 0.8.
        ScoringBelowFourFifths = "scoring-below-four-fifths",
    }
}

/// One category of an attribute.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CategoryAudit {
    /// The value (`a+b` for an intersection; `unknown` for a missing value).
    pub category: String,
    /// Pool entries in the category.
    pub pool: usize,
    /// Its share of the pool.
    pub share: f64,
    /// Whether it holds at least 2 % of the pool and so enters the impact-ratio comparison.
    pub compared: bool,
    /// Selection.
    pub selection: Rate,
    /// Scoring above the pool's median score.
    pub scoring: Rate,
    /// What calls for a look.
    pub flags: Vec<Flag>,
}

/// Every category of one attribute (a column, or an intersection of columns).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttributeAudit {
    /// The attribute: a column name, or names joined by `+`.
    pub attribute: String,
    /// Categories, by name.
    pub categories: Vec<CategoryAudit>,
}

impl AttributeAudit {
    /// Audits the categories of `attribute` from their counts.
    pub fn new(attribute: &str, counts: &BTreeMap<String, Counts>) -> AttributeAudit {
        let total: Counts = counts.values().fold(Counts::default(), |mut t, c| {
            t.add(*c);
            t
        });
        let compared: Vec<bool> = counts
            .values()
            .map(|c| c.pool > 0 && c.pool as f64 >= MIN_SHARE * total.pool as f64)
            .collect();
        let rate = |n: usize, pool: usize| n as f64 / pool.max(1) as f64;
        let rates_of = |count: fn(&Counts) -> usize| -> Vec<(f64, bool)> {
            counts
                .values()
                .zip(&compared)
                .map(|(c, &cmp)| (rate(count(c), c.pool), cmp))
                .collect()
        };
        let selection_ratios = ratios_to_best(&rates_of(|c| c.selected));
        let scoring_ratios = ratios_to_best(&rates_of(|c| c.above_median));
        let categories = counts
            .iter()
            .enumerate()
            .map(|(i, (name, c))| {
                let measure = |count: usize, all: usize, ratio: Option<f64>| Rate {
                    count,
                    rate: rate(count, c.pool),
                    interval: wilson_interval(count, c.pool, Z_95).unwrap_or(Interval {
                        low: 0.0,
                        high: 1.0,
                    }),
                    impact_ratio: ratio,
                    p_value: fisher_exact(Table2 {
                        a: count,
                        b: c.pool - count,
                        c: all - count,
                        d: (total.pool - c.pool) - (all - count),
                    }),
                };
                let selection = measure(c.selected, total.selected, selection_ratios[i]);
                let scoring = measure(c.above_median, total.above_median, scoring_ratios[i]);
                let below = |r: &Rate| r.impact_ratio.is_some_and(|x| x < FOUR_FIFTHS);
                let flags = [
                    (!compared[i], Flag::SmallGroup),
                    (below(&selection), Flag::SelectionBelowFourFifths),
                    (below(&scoring), Flag::ScoringBelowFourFifths),
                ]
                .into_iter()
                .filter_map(|(on, flag)| on.then_some(flag))
                .collect();
                CategoryAudit {
                    category: name.clone(),
                    pool: c.pool,
                    share: rate(c.pool, total.pool),
                    compared: compared[i],
                    selection,
                    scoring,
                    flags,
                }
            })
            .collect();
        AttributeAudit {
            attribute: attribute.to_string(),
            categories,
        }
    }

    /// The compared category with the lowest impact ratio of the rate `which` picks, and that
    /// ratio (ties: the first by name); `None` with fewer than two compared categories.
    pub fn lowest(&self, which: fn(&CategoryAudit) -> &Rate) -> Option<(&str, f64)> {
        lowest_ratio(
            self.categories
                .iter()
                .map(|c| (c.category.as_str(), which(c).impact_ratio)),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(rows: &[(&str, usize, usize, usize)]) -> BTreeMap<String, Counts> {
        rows.iter()
            .map(|&(name, pool, selected, above_median)| {
                (
                    name.to_string(),
                    Counts {
                        pool,
                        selected,
                        above_median,
                    },
                )
            })
            .collect()
    }

    #[test]
    fn rates_ratios_intervals_and_flags_by_hand() {
        // 100 in the pool: 60 m (12 selected, 36 above the median), 39 w (6, 13), 1 x (1, 1).
        let audit = AttributeAudit::new(
            "gender",
            &counts(&[("m", 60, 12, 36), ("w", 39, 6, 13), ("x", 1, 1, 1)]),
        );
        let [m, w, x] = &audit.categories[..] else {
            panic!("three categories")
        };
        assert_eq!((m.category.as_str(), m.share), ("m", 0.6));
        assert_eq!(m.selection.rate, 0.2);
        assert_eq!(m.selection.impact_ratio, Some(1.0));
        // w: 6/39 over 12/60.
        let ratio = (6.0 / 39.0) / 0.2;
        assert!((w.selection.impact_ratio.unwrap() - ratio).abs() < 1e-12);
        assert!(w.flags.contains(&Flag::SelectionBelowFourFifths), "{ratio}");
        // Scoring: m 36/60 = 0.6, w 13/39 = 1/3: ratio 5/9.
        assert!((w.scoring.impact_ratio.unwrap() - 5.0 / 9.0).abs() < 1e-12);
        // x is 1 % of the pool: shown, not compared, flagged, even with a rate of 1.
        assert!(!x.compared && x.selection.impact_ratio.is_none());
        assert_eq!(x.flags, [Flag::SmallGroup]);
        assert_eq!(audit.lowest(|c| &c.selection).unwrap().0, "w");
        // Fisher: w against the rest, [[6, 33], [13, 48]].
        let p = fisher_exact(Table2 {
            a: 6,
            b: 33,
            c: 13,
            d: 48,
        });
        assert_eq!(w.selection.p_value, p);
        let i = wilson_interval(6, 39, Z_95).unwrap();
        assert_eq!(w.selection.interval, i);
    }

    #[test]
    fn nobody_selected_gives_no_ratio_and_no_flag() {
        let audit = AttributeAudit::new("g", &counts(&[("a", 50, 0, 0), ("b", 50, 0, 0)]));
        for c in &audit.categories {
            assert_eq!(c.selection.impact_ratio, None);
            assert!(c.flags.is_empty());
            assert_eq!(c.selection.p_value, 1.0);
        }
        assert!(audit.lowest(|c| &c.selection).is_none());
    }
}
