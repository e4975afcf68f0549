//! `rank --format html`: a shortlist for hiring managers on one self-contained page (the
//! shared [`Page`] builder: inline CSS and SVG, no scripts). A header and a legend, then one
//! section per role (a printed page each): the top candidates as bars split into what each
//! feature contributed, the key evidence in words, the role's weights and exclusions, and
//! the extra tables of [`Report::extra`] (such as an audit).

use super::html::{Align, Page, Series, StackedBar};
use super::{considered_line, thousands, Report};
use crate::feature::{Feature, N_FEATURES};
use crate::rank::{RankedCandidate, RoleRanking};
use crate::role::Role;

/// A table added to a role's section of the shortlist page, below its ranking (the audit
/// table, for one), given through [`Report::extra`]. Every cell is plain text, escaped when
/// written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ExtraTable {
    /// The heading above the table.
    pub title: String,
    /// A sentence under the heading (what the numbers mean); empty for none.
    pub note: String,
    /// Column names.
    pub header: Vec<String>,
    /// Rows of cells; a row whose flag is set is highlighted.
    pub rows: Vec<(Vec<String>, bool)>,
}

/// Each feature's colour and short label on the bars, in [`Feature::ALL`] order: skills in
/// blues, code evidence in greens, fit (experience, hours, salary) in oranges, credentials in
/// purples. Labels and tooltips name the feature too, so colour is never the only cue.
const FEATURE_STYLE: [(&str, &str); N_FEATURES] = [
    ("#1f4e99", "skills"),
    ("#3d7cc9", "depth"),
    ("#8fb8e8", "nice"),
    ("#116329", "stars"),
    ("#2da44e", "commits"),
    ("#8ed69a", "recent"),
    ("#0f766e", "code"),
    ("#9a4d00", "years"),
    ("#e0823d", "hours"),
    ("#f2c46d", "salary"),
    ("#6e40c9", "degree"),
    ("#c4a3f5", "certs"),
];

/// The colour of a linear model's intercept, the part of a score no feature explains.
const INTERCEPT_COLOUR: &str = "#8c959f";

/// The bar series: every feature, then the intercept.
fn series() -> Vec<Series> {
    Feature::ALL
        .iter()
        .zip(FEATURE_STYLE)
        .map(|(f, (colour, short))| Series {
            name: f.name().to_string(),
            short: short.to_string(),
            colour: colour.to_string(),
        })
        .chain([Series {
            name: "intercept (no feature)".into(),
            short: "base".into(),
            colour: INTERCEPT_COLOUR.into(),
        }])
        .collect()
}

impl Report<'_> {
    /// The shortlist page.
    pub(super) fn html(&self) -> String {
        let mut page = Page::new(&format!("Shortlist as of {}", self.as_of));
        let split_any = self.rankings.iter().any(split);
        page.note(&format!(
            "{} ranked as of {} (recency, time zones and exchange rates at that date). Per \
             role: the best candidates{}, the key evidence in words, the role's weights and \
             the candidates hard filters excluded.",
            match self.rankings.len() {
                1 => "1 role".to_string(),
                n => format!("{n} roles"),
            },
            self.as_of,
            if split_any {
                ", each score split into what each feature contributed (weight × value, in \
                 the colours below)"
            } else {
                " with their scores"
            }
        ));
        if split_any {
            let mut legend = series();
            if !self.rankings.iter().any(has_intercept) {
                legend.pop();
            }
            page.legend(&legend);
        }
        for (i, ranking) in self.rankings.iter().enumerate() {
            let role = &self.roles[ranking.role];
            let heading = if role.title.is_empty() {
                role.id.clone()
            } else {
                format!("{} · {}", role.id, role.title)
            };
            let extra = self.extra.get(i).map_or(&[][..], Vec::as_slice);
            page.section(&heading, |p| self.role_section(p, role, ranking, extra));
        }
        page.render()
    }

    fn role_section(
        &self,
        page: &mut Page,
        role: &Role,
        ranking: &RoleRanking,
        extra: &[ExtraTable],
    ) {
        page.note(&format!(
            "Scored by {} · {} · top {} shown · as of {}",
            ranking.strategy,
            considered_line(ranking),
            ranking.ranked.len(),
            self.as_of
        ));
        page.note(&self.asks(role));
        if ranking.ranked.is_empty() {
            page.note("No candidate passed the hard filters.");
        } else if split(ranking) {
            if ranking.weights.is_none() {
                page.note(&format!(
                    "{} is made of trees: each contribution is the feature's exact SHAP value \
                     (TreeSHAP), and the intercept is the model's expected score over its \
                     training data.",
                    ranking.strategy
                ));
            }
            let bars = contribution_bars(ranking);
            page.stacked_chart("Scores split into feature contributions", &series(), &bars);
        } else {
            page.note(&format!(
                "{} is not linear in the features: its scores are shown whole, not split into \
                 contributions, with each candidate's feature values (0 to 1) below.",
                ranking.strategy
            ));
            let bars: Vec<(String, f64)> = ranking
                .ranked
                .iter()
                .map(|r| (row_label(r), r.score))
                .collect();
            page.bar_chart("Scores", &bars);
            let mut header = vec!["#".to_string()];
            header.extend(FEATURE_STYLE.iter().map(|(_, short)| short.to_string()));
            let rows: Vec<(Vec<String>, bool)> = ranking
                .ranked
                .iter()
                .map(|r| {
                    let mut cells = vec![r.rank.to_string()];
                    cells.extend(r.extraction.features.iter().map(|v| format!("{v:.2}")));
                    (cells, false)
                })
                .collect();
            page.table(&header, &rows);
        }
        if !ranking.ranked.is_empty() {
            let header =
                ["#", "candidate (id)", "country", "score", "key evidence"].map(String::from);
            let band = role.band_max_usd(self.as_of);
            let rows: Vec<(Vec<String>, bool)> = ranking
                .ranked
                .iter()
                .map(|r| {
                    let cells = vec![
                        r.rank.to_string(),
                        name_and_id(r),
                        r.country.clone(),
                        format!("{:.4}", r.score),
                        evidence(role, r, band),
                    ];
                    (cells, false)
                })
                .collect();
            use Align::{Left, Right};
            page.aligned_table(&header, &rows, &[Right, Left, Left, Right, Left]);
        }
        match ranking.weights {
            Some(linear) => {
                let mut words: Vec<String> = Feature::ALL
                    .iter()
                    .map(|f| format!("{} {:.3}", f.name(), linear.weights()[f.index()]))
                    .collect();
                if linear.intercept() != 0.0 {
                    words.push(format!("intercept {:.3}", linear.intercept()));
                }
                page.note(&format!(
                    "Weights of {}: {}",
                    ranking.strategy,
                    words.join(" · ")
                ));
                let mut parts = linear.weights().to_vec();
                parts.push(linear.intercept());
                let bar = StackedBar {
                    label: "weights".into(),
                    parts,
                    total: linear.weights().iter().sum::<f64>() + linear.intercept(),
                };
                page.stacked_chart(&format!("{} weights", ranking.strategy), &series(), &[bar]);
            }
            None => {
                page.note(&format!("{} has no weights per feature.", ranking.strategy));
            }
        }
        for table in extra {
            page.subheading(&table.title);
            if !table.note.is_empty() {
                page.note(&table.note);
            }
            page.table(&table.header, &table.rows);
        }
    }

    /// What the role asks for, in a line.
    fn asks(&self, role: &Role) -> String {
        let names = |pick: &dyn Fn(usize) -> bool| -> Vec<&str> {
            role.skill_names()
                .iter()
                .enumerate()
                .filter(|(i, _)| pick(*i))
                .map(|(_, n)| n.as_str())
                .collect()
        };
        let slots = role.slots();
        let mut parts = vec![format!("{} years or more", number(role.min_years))];
        let required = names(&|i| slots[i].importance > 0.0);
        if !required.is_empty() {
            parts.push(format!("required: {}", required.join(", ")));
        }
        let nice = names(&|i| slots[i].nice);
        if !nice.is_empty() {
            parts.push(format!("nice to have: {}", nice.join(", ")));
        }
        if let Some(team) = &role.team {
            parts.push(format!(
                "team in {} {} ({} h overlap for full credit)",
                team.timezone,
                team.core_hours,
                number(role.target_overlap_hours)
            ));
        }
        if let Some(max) = role.band_max_usd(self.as_of) {
            parts.push(format!("salary band up to {} USD", thousands(max)));
        }
        format!("Asks for: {}", parts.join(" · "))
    }
}

/// Whether a ranking's scores split exactly into contributions: a linear scorer's, or a tree
/// model's SHAP values.
fn split(ranking: &RoleRanking) -> bool {
    ranking
        .ranked
        .iter()
        .all(|r| r.explanation.terms.iter().all(|t| t.contribution.is_some()))
}

/// One bar per ranked candidate: its contributions in feature order, then the intercept; for
/// a linear scorer they add up to the score.
fn contribution_bars(ranking: &RoleRanking) -> Vec<StackedBar> {
    ranking
        .ranked
        .iter()
        .map(|r| StackedBar {
            label: row_label(r),
            parts: r
                .explanation
                .terms
                .iter()
                .map(|t| t.contribution.unwrap_or(0.0))
                .chain([r.explanation.intercept])
                .collect(),
            total: r.score,
        })
        .collect()
}

/// Whether a ranking's scorer has a part no feature explains (a linear model's intercept, a
/// tree model's expected value).
fn has_intercept(ranking: &RoleRanking) -> bool {
    ranking.weights.is_some_and(|l| l.intercept() != 0.0)
        || ranking
            .ranked
            .iter()
            .any(|r| r.explanation.intercept != 0.0)
}

/// `1. Name` (the id when the name is empty).
fn row_label(r: &RankedCandidate) -> String {
    let name = if r.name.trim().is_empty() {
        &r.candidate_id
    } else {
        &r.name
    };
    format!("{}. {name}", r.rank)
}

/// `Name (id)`, or the id alone when the name is empty.
fn name_and_id(r: &RankedCandidate) -> String {
    if r.name.trim().is_empty() {
        r.candidate_id.clone()
    } else {
        format!("{} ({})", r.name, r.candidate_id)
    }
}

/// `v` with at most one decimal (`4`, `4.5`).
fn number(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map_or(s.clone(), str::to_string)
}

/// `n noun`, with an `s` unless `n` is 1.
fn count(n: f64, noun: &str) -> String {
    let s = if n == 1.0 { "" } else { "s" };
    format!("{} {noun}{s}", thousands(n))
}

/// A candidate's key evidence for a role, in words: `7 years · 1,450 stars · 220 commits in
/// the last year · last commit 12 days ago · 3 of 4 required skills (missing sql) · nice to
/// have: aws · 5 h overlap · expects 48,000 USD` (and `, above the band's 60,000` when it
/// is). Required skills held with full credit (stated or implied) count as matched.
fn evidence(role: &Role, r: &RankedCandidate, band_max_usd: Option<f64>) -> String {
    let raw = |f: Feature| r.extraction.raw[f.index()];
    let mut parts = Vec::new();
    if let Some(years) = raw(Feature::Experience) {
        let s = if years == 1.0 { "" } else { "s" };
        parts.push(format!("{} year{s}", number(years)));
    }
    if let Some(stars) = raw(Feature::RepoImpact) {
        parts.push(count(stars, "star"));
    }
    if let Some(commits) = raw(Feature::CommitActivity) {
        parts.push(format!("{} in the last year", count(commits, "commit")));
    }
    parts.push(match raw(Feature::CodeRecency) {
        Some(d) if d < 1.0 => "last commit today".to_string(),
        Some(d) => format!("last commit {} ago", count(d, "day")),
        None => "no public commit".to_string(),
    });
    let (slots, names) = (role.slots(), role.skill_names());
    let held = |i: usize| i < 64 && r.extraction.held & (1 << i) != 0;
    let required: Vec<usize> = (0..slots.len())
        .filter(|&i| slots[i].importance > 0.0)
        .collect();
    if !required.is_empty() {
        // The role's line names its required skills: rows name only those missing.
        let lack: Vec<&str> = required
            .iter()
            .filter(|&&i| !held(i))
            .map(|&i| names[i].as_str())
            .collect();
        let n = required.len();
        let mut text = format!("{} of {n} required skills", n - lack.len());
        if !lack.is_empty() {
            text.push_str(&format!(" (missing {})", lack.join(", ")));
        }
        parts.push(text);
    }
    let nice: Vec<&str> = (0..slots.len())
        .filter(|&i| slots[i].nice && held(i))
        .map(|i| names[i].as_str())
        .collect();
    if !nice.is_empty() {
        parts.push(format!("nice to have: {}", nice.join(", ")));
    }
    match raw(Feature::TimezoneOverlap) {
        Some(h) => parts.push(format!("{} h overlap", number(h))),
        None if role.team.is_some() => parts.push("overlap unknown (no time zone)".into()),
        None => {}
    }
    match (raw(Feature::SalaryFit), band_max_usd) {
        (Some(s), Some(max)) if s > max => parts.push(format!(
            "expects {} USD, above the band's {}",
            thousands(s),
            thousands(max)
        )),
        (Some(s), _) => parts.push(format!("expects {} USD", thousands(s))),
        (None, _) => parts.push("salary not stated".into()),
    }
    if let Some(n) = raw(Feature::Certifications).filter(|n| *n > 0.0) {
        parts.push(count(n, "certification"));
    }
    parts.join(" · ")
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;

    use super::*;
    use crate::feature::FeatureVector;
    use crate::io::{read_csv, ReadOptions};
    use crate::money::RateTable;
    use crate::rank::{rank, RankOptions};
    use crate::role::roles_for_tests;
    use crate::score::{Linear, Score, Scorer};
    use crate::skills::Taxonomy;

    const ROLES: &str = r#"
[[role]]
id = "ml"
title = "ML <b>Engineer</b>"
min_years = 4
team_timezone = "America/Los_Angeles"
required = [{ skill = "pytorch", importance = 3 }, "python", "sql"]
nice = ["docker"]
salary = { min = 50000, max = 60000 }
filters = { min_overlap_hours = 2 }

[[role]]
id = "backend"
required = ["go"]
"#;

    const CANDIDATES: &str = "\
id,name,country,timezone,years_experience,skills,salary_expectation,salary_currency,total_stars,commits_last_year,last_commit\n\
evil\"'1,<script>alert(\"x\")</script>,Brazil,America/Sao_Paulo,7,pytorch:4;docker,48000,USD,1450,220,2026-09-19\n\
ana,Ana,Chile,America/Santiago,1,go;sql,,,3,1,2026-10-01\n\
far,Far,Japan,Asia/Tokyo,9,python,,,0,0,\n";

    const AS_OF: &str = "2026-10-01";

    /// A scorer that is not linear in the features.
    #[derive(Debug)]
    struct Squares;

    impl Scorer for Squares {
        fn name(&self) -> String {
            "model:squares".into()
        }
        fn linear(&self) -> Option<&Linear> {
            None
        }
        fn score(&self, features: &FeatureVector) -> Score {
            features.iter().map(|v| v * v).sum()
        }
    }

    fn rankings(roles: &[Role], model: Option<&dyn Scorer>) -> Vec<RoleRanking> {
        let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
        let read = ReadOptions::new(taxonomy, rates);
        let set = read_csv(CANDIDATES.as_bytes(), "c.csv", &read).unwrap();
        let options = RankOptions {
            top: NonZeroUsize::new(5).unwrap(),
            as_of: AS_OF.parse().unwrap(),
            taxonomy,
            rates,
            model,
        };
        rank(&set.candidates, roles, &options)
    }

    fn page(roles: &[Role], rankings: &[RoleRanking], extra: &[Vec<ExtraTable>]) -> String {
        let report = Report {
            roles,
            rankings,
            as_of: AS_OF.parse().unwrap(),
            explain: false,
            raw_csv: false,
            extra,
        };
        String::from_utf8(report.render(super::super::OutputFormat::Html).unwrap()).unwrap()
    }

    #[test]
    fn one_section_per_role_printable_with_text_from_files_escaped() {
        let roles = roles_for_tests(ROLES);
        let rankings = rankings(&roles, None);
        let html = page(&roles, &rankings, &[]);
        assert_eq!(html.matches("<section class=\"part\">").count(), 2);
        assert!(html.contains("<h2>ml · ML &lt;b&gt;Engineer&lt;/b&gt;</h2>"));
        assert!(html.contains("<h2>backend</h2>"), "no title: the id alone");
        assert!(html.contains("@media print") && html.contains("break-before:page"));
        assert!(!html.contains("<script"), "names are escaped");
        assert!(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
        assert!(html.contains("evil&quot;&#39;1"));
        assert!(!html.contains("http") && !html.contains("src=") && !html.contains("href="));
        assert!(html.contains("Shortlist as of 2026-10-01"));
        // The role's exclusions: Far in Tokyo overlaps too little with Los Angeles.
        assert!(html.contains(
            "Scored by builder-first · 2 candidates scored, 1 excluded (overlap below \
             minimum: 1) · top 2 shown · as of 2026-10-01"
        ));
        assert!(html.contains("3 candidates scored, 0 excluded · top 3 shown"));
        // Weights: a bar split by feature, and in words.
        assert!(html.contains("<title>builder-first weights</title>"));
        assert!(html.contains("Weights of builder-first: skill_coverage 0.200 · skill_depth 0.080"));
    }

    #[test]
    fn evidence_is_in_words() {
        let roles = roles_for_tests(ROLES);
        let rankings = rankings(&roles, None);
        let evil = &rankings[0].ranked[0];
        assert_eq!(evil.candidate_id, "evil\"'1");
        assert_eq!(
            evidence(
                &roles[0],
                evil,
                roles[0].band_max_usd(AS_OF.parse().unwrap())
            ),
            "7 years · 1,450 stars · 220 commits in the last year · last commit 12 days ago · \
             2 of 3 required skills (missing sql) · nice to have: docker · \
             4 h overlap · expects 48,000 USD"
        );
        let ana = &rankings[1].ranked[0];
        assert_eq!(
            evidence(&roles[1], ana, None),
            "1 year · 3 stars · 1 commit in the last year · last commit today · \
             1 of 1 required skills · salary not stated"
        );
    }

    #[test]
    fn a_candidate_without_a_name_goes_by_id() {
        let roles = roles_for_tests(ROLES);
        let mut rankings = rankings(&roles, None);
        rankings[1].ranked[0].name = String::new();
        let html = page(&roles, &rankings, &[]);
        assert!(html.contains("<td class=\"l\">ana</td>"), "{html}");
        assert!(html.contains(">1. ana</text>"));
    }

    #[test]
    fn bars_add_up_to_linear_scores() {
        let roles = roles_for_tests(ROLES);
        let rankings = rankings(&roles, None);
        for ranking in &rankings {
            assert!(split(ranking));
            for bar in contribution_bars(ranking) {
                let sum: f64 = bar.parts.iter().sum();
                assert!((sum - bar.total).abs() < 1e-9, "{sum} vs {}", bar.total);
                assert_eq!(bar.parts.len(), series().len());
            }
        }
        let html = page(&roles, &rankings, &[]);
        assert!(html.contains("Scores split into feature contributions"));
        assert!(!html.contains("is not linear"));
        assert!(
            !html.contains("intercept (no feature)"),
            "presets have none"
        );
    }

    #[test]
    fn a_model_without_contributions_shows_scores_and_values_unsplit() {
        let roles = roles_for_tests(ROLES);
        let rankings = rankings(&roles, Some(&Squares));
        assert!(!split(&rankings[0]));
        let html = page(&roles, &rankings, &[]);
        assert!(html.contains("model:squares is not linear in the features"));
        assert!(!html.contains("Scores split into feature contributions"));
        assert!(html.contains("model:squares has no weights per feature."));
        assert!(
            !html.contains("ul class=\"legend\""),
            "no colours to explain"
        );
        assert!(html.contains("the best candidates with their scores"));
        assert!(
            html.contains("<th>#</th><th>skills</th><th>depth</th>"),
            "feature values"
        );
    }

    #[test]
    fn extra_tables_go_to_their_role() {
        let roles = roles_for_tests(ROLES);
        let rankings = rankings(&roles, None);
        let audit = ExtraTable {
            title: "Audit <by gender>".into(),
            note: "selection rates".into(),
            header: vec!["category".into(), "rate".into()],
            rows: vec![(vec!["<woman>".into(), "0.5".into()], true)],
        };
        let html = page(&roles, &rankings, &[vec![], vec![audit]]);
        let second = html.split("<section class=\"part\">").nth(2).unwrap();
        assert!(
            second.contains("<h3>Audit &lt;by gender&gt;</h3>"),
            "{second}"
        );
        assert!(second.contains("<tr class=\"mark\"><td>&lt;woman&gt;</td><td>0.5</td></tr>"));
        let first = html.split("<section class=\"part\">").nth(1).unwrap();
        assert!(!first.contains("Audit"));
    }
}
