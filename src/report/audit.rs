//! The audit of a ranking run as a table, long CSV, JSON and an HTML page.

use chrono::NaiveDate;
use serde::Serialize;

use super::html::Page;
use super::{fit, spreadsheet_safe};
use crate::audit::{AttributeAudit, CategoryAudit, RankingAudit, Rate, FOUR_FIFTHS, MIN_SHARE};
use crate::error::{Error, Result};
use crate::rank::RoleRanking;
use crate::role::Role;

/// An audit with what it audited.
#[derive(Clone, Copy, Debug)]
pub struct AuditReport<'a> {
    /// The roles ranked.
    pub roles: &'a [Role],
    /// Their rankings (`audit.roles[i]` audits `rankings[i]`).
    pub rankings: &'a [RoleRanking],
    /// The audit.
    pub audit: &'a RankingAudit,
    /// The candidate file, as named in messages.
    pub candidates: &'a str,
    /// The reference date.
    pub as_of: NaiveDate,
}

/// What the columns mean, for every format's readers.
const LEGEND: &str = "selected: chosen at the cut; scoring: above the pool's median score \
    (excluded candidates count lowest); IR: impact ratio, the rate over the highest compared \
    category's rate (under 0.8 is flagged: the four-fifths rule); 95% Wilson intervals; p: \
    Fisher's exact test of the category against the rest of the pool; categories under 2% of \
    the pool are shown but not compared.";

/// `0.1234` as `12.3%`.
fn pct(x: f64) -> String {
    format!("{:.1}%", 100.0 * x)
}

/// A rate with its interval: `12.3% [8.1–17.9%]`.
fn rate_text(r: &Rate) -> String {
    format!(
        "{} [{:.1}–{}]",
        pct(r.rate),
        100.0 * r.interval.low,
        pct(r.interval.high)
    )
}

/// An impact ratio, or `–` where the category is not compared.
fn ratio_text(r: &Rate) -> String {
    r.impact_ratio.map_or("–".into(), |x| format!("{x:.3}"))
}

/// A p-value, in scientific notation when small.
fn p_text(p: f64) -> String {
    if p < 1e-3 {
        format!("{p:.1e}")
    } else {
        format!("{p:.3}")
    }
}

fn flags_text(c: &CategoryAudit) -> String {
    let names: Vec<&str> = c.flags.iter().map(|f| f.name()).collect();
    names.join(" ")
}

/// The audit of one attribute as a header and rows of cells (flagged rows marked): for an
/// HTML table, in the audit page and the shortlist.
pub fn attribute_table(audit: &AttributeAudit) -> (Vec<String>, Vec<(Vec<String>, bool)>) {
    let header = [
        audit.attribute.as_str(),
        "n",
        "share",
        "selected",
        "selection rate [95% CI]",
        "IR",
        "p",
        "above median",
        "scoring rate [95% CI]",
        "IR",
        "p",
        "flags",
    ]
    .map(String::from)
    .to_vec();
    let rows = audit
        .categories
        .iter()
        .map(|c| {
            let cells = vec![
                c.category.clone(),
                c.pool.to_string(),
                pct(c.share),
                c.selection.count.to_string(),
                rate_text(&c.selection),
                ratio_text(&c.selection),
                p_text(c.selection.p_value),
                c.scoring.count.to_string(),
                rate_text(&c.scoring),
                ratio_text(&c.scoring),
                p_text(c.scoring.p_value),
                flags_text(c),
            ];
            (cells, !c.flags.is_empty())
        })
        .collect();
    (header, rows)
}

/// One attribute in JSON, with its lowest impact ratios.
#[derive(Serialize)]
struct AttributeDoc<'a> {
    #[serde(flatten)]
    audit: &'a AttributeAudit,
    lowest_selection_impact_ratio: Option<Lowest<'a>>,
    lowest_scoring_impact_ratio: Option<Lowest<'a>>,
}

#[derive(Serialize)]
struct Lowest<'a> {
    category: &'a str,
    impact_ratio: f64,
}

impl<'a> AttributeDoc<'a> {
    fn new(audit: &'a AttributeAudit) -> AttributeDoc<'a> {
        let lowest = |which: fn(&CategoryAudit) -> &Rate| {
            audit.lowest(which).map(|(category, impact_ratio)| Lowest {
                category,
                impact_ratio,
            })
        };
        AttributeDoc {
            audit,
            lowest_selection_impact_ratio: lowest(|c| &c.selection),
            lowest_scoring_impact_ratio: lowest(|c| &c.scoring),
        }
    }
}

impl AuditReport<'_> {
    /// The heading of role `i`'s audit.
    fn role_line(&self, i: usize) -> String {
        let a = &self.audit.roles[i];
        let ranking = &self.rankings[i];
        let role = &self.roles[ranking.role];
        let median = a
            .median_score
            .map_or("none (half the pool or more excluded)".into(), |m| {
                format!("{m:.4}")
            });
        format!(
            "{} · {} · {} · pool {} · scored {} · selected {} ({}) · median score {median}",
            role.id,
            role.title,
            ranking.strategy,
            a.pool,
            a.scored,
            a.selected,
            self.audit.selection
        )
    }

    fn header_lines(&self) -> Vec<String> {
        vec![
            format!(
                "shiprank audit of {} as of {}, selection {}",
                self.candidates, self.as_of, self.audit.selection
            ),
            LEGEND.to_string(),
        ]
    }

    /// Aligned tables for a terminal: per role, then over all roles, one per attribute.
    pub fn table(&self) -> String {
        let mut out = self.header_lines().join("\n");
        out.push('\n');
        let mut section = |title: String, attributes: &[AttributeAudit]| {
            out.push_str(&format!("\n== {title}\n"));
            for a in attributes {
                let (header, rows) = attribute_table(a);
                let widths: Vec<usize> = (0..header.len())
                    .map(|j| {
                        rows.iter()
                            .map(|(cells, _)| super::display_width(&cells[j]))
                            .chain([super::display_width(&header[j])])
                            .max()
                            .unwrap_or(0)
                            .min(match j {
                                0 => 28,
                                j if j + 1 == header.len() => usize::MAX,
                                _ => 24,
                            })
                    })
                    .collect();
                let line = |cells: &[String]| {
                    let parts: Vec<String> =
                        cells.iter().zip(&widths).map(|(c, &w)| fit(c, w)).collect();
                    parts.join("  ").trim_end().to_string() + "\n"
                };
                out.push('\n');
                out.push_str(&line(&header));
                for (cells, _) in &rows {
                    out.push_str(&line(cells));
                }
            }
        };
        for i in 0..self.audit.roles.len() {
            section(self.role_line(i), &self.audit.roles[i].attributes);
        }
        if self.audit.roles.len() > 1 {
            section(
                format!(
                    "all {} roles (each candidate once per role)",
                    self.audit.roles.len()
                ),
                &self.audit.all_roles,
            );
        }
        out
    }

    /// One JSON document.
    ///
    /// # Errors
    /// Serialization failures (not expected).
    pub fn json(&self) -> Result<Vec<u8>> {
        let roles: Vec<serde_json::Value> = self
            .audit
            .roles
            .iter()
            .zip(self.rankings)
            .map(|(a, ranking)| {
                let role = &self.roles[ranking.role];
                serde_json::json!({
                    "role_id": role.id,
                    "title": role.title,
                    "strategy": ranking.strategy,
                    "pool": a.pool,
                    "scored": a.scored,
                    "selected": a.selected,
                    "median_score": a.median_score,
                    "attributes": a.attributes.iter().map(AttributeDoc::new).collect::<Vec<_>>(),
                })
            })
            .collect();
        let doc = serde_json::json!({
            "as_of": self.as_of.to_string(),
            "candidates": self.candidates,
            "selection": self.audit.selection.to_string(),
            "min_share": MIN_SHARE,
            "four_fifths": FOUR_FIFTHS,
            "roles": roles,
            "all_roles": {
                "attributes": self.audit.all_roles.iter().map(AttributeDoc::new).collect::<Vec<_>>(),
            },
        });
        let mut bytes = serde_json::to_vec_pretty(&doc)
            .map_err(|e| Error::Invalid(format!("writing JSON: {e}")))?;
        bytes.push(b'\n');
        Ok(bytes)
    }

    /// Long CSV: one row per role (or `all` roles), attribute and category. Cells of user data
    /// are [`spreadsheet_safe`] unless `raw`.
    ///
    /// # Errors
    /// Writing failures (not expected).
    pub fn csv(&self, raw: bool) -> Result<Vec<u8>> {
        let cell = |s: &str| match raw {
            true => s.to_string(),
            false => spreadsheet_safe(s).into_owned(),
        };
        let mut w = csv::Writer::from_writer(Vec::new());
        let fail = |e: csv::Error| Error::Invalid(format!("writing CSV: {e}"));
        w.write_record([
            "scope",
            "role_id",
            "attribute",
            "category",
            "pool",
            "share",
            "compared",
            "selected",
            "selection_rate",
            "selection_low",
            "selection_high",
            "selection_impact_ratio",
            "selection_p",
            "above_median",
            "scoring_rate",
            "scoring_low",
            "scoring_high",
            "scoring_impact_ratio",
            "scoring_p",
            "flags",
        ])
        .map_err(fail)?;
        let scopes = self
            .audit
            .roles
            .iter()
            .zip(self.rankings)
            .map(|(a, r)| ("role", self.roles[r.role].id.as_str(), &a.attributes))
            .chain([("all", "", &self.audit.all_roles)]);
        for (scope, role_id, attributes) in scopes {
            for a in attributes {
                for c in &a.categories {
                    let rate = |r: &Rate| {
                        [
                            r.rate.to_string(),
                            r.interval.low.to_string(),
                            r.interval.high.to_string(),
                            r.impact_ratio.map_or(String::new(), |x| x.to_string()),
                            r.p_value.to_string(),
                        ]
                    };
                    let mut row = vec![
                        scope.to_string(),
                        cell(role_id),
                        cell(&a.attribute),
                        cell(&c.category),
                        c.pool.to_string(),
                        c.share.to_string(),
                        c.compared.to_string(),
                        c.selection.count.to_string(),
                    ];
                    row.extend(rate(&c.selection));
                    row.push(c.scoring.count.to_string());
                    row.extend(rate(&c.scoring));
                    row.push(flags_text(c));
                    w.write_record(&row).map_err(fail)?;
                }
            }
        }
        w.into_inner()
            .map_err(|e| Error::Invalid(format!("writing CSV: {e}")))
    }

    /// A self-contained HTML page: per role and over all roles, a table per attribute and a
    /// chart of its selection impact ratios.
    pub fn html(&self) -> String {
        let mut page = Page::new(&format!("Adverse-impact audit of {}", self.candidates));
        for line in self.header_lines() {
            page.note(&line);
        }
        let section = |page: &mut Page, title: String, attributes: &[AttributeAudit]| {
            page.heading(&title);
            for a in attributes {
                let (header, rows) = attribute_table(a);
                page.table(&header, &rows);
                let bars: Vec<(String, f64)> = a
                    .categories
                    .iter()
                    .filter_map(|c| Some((c.category.clone(), c.selection.impact_ratio?)))
                    .collect();
                if bars.len() > 1 {
                    page.bar_chart(&format!("selection impact ratio by {}", a.attribute), &bars);
                }
            }
        };
        for i in 0..self.audit.roles.len() {
            section(
                &mut page,
                self.role_line(i),
                &self.audit.roles[i].attributes,
            );
        }
        if self.audit.roles.len() > 1 {
            section(
                &mut page,
                format!(
                    "All {} roles (each candidate once per role)",
                    self.audit.roles.len()
                ),
                &self.audit.all_roles,
            );
        }
        page.render()
    }
}
