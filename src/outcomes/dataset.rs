//! Ranking data sets: labelled candidate–role pairs as feature rows, or LETOR files, in one
//! shape that training, cross-validation and evaluation share.

use std::collections::HashMap;
use std::ops::Range;

use chrono::NaiveDate;
use ndarray::{Array1, Array2, Axis};
use sha2::{Digest, Sha256};

use crate::hash::hex;

use super::labels::{row_error, LabelRow};
use crate::error::Result;
use crate::eval::LetorData;
use crate::extract::{CandidateFeatures, RoleContext};
use crate::feature::{Feature, N_FEATURES};
use crate::money::RateTable;
use crate::profile::Candidate;
use crate::role::Role;
use crate::skills::Taxonomy;

/// Labelled rows grouped into queries: a role and its labelled candidates, or a LETOR query
/// and its documents. The rows of a query are consecutive.
#[derive(Clone, Debug, PartialEq)]
pub struct RankData {
    /// Feature values, shape (n_rows, n_features).
    pub features: Array2<f64>,
    /// The graded label of each row.
    pub labels: Array1<f64>,
    /// The rows of each query, consecutive and covering every row in order.
    pub groups: Vec<Range<usize>>,
    /// The id of each query: a role id, a LETOR `qid`, or the query's 1-based number.
    pub query_ids: Vec<String>,
    /// The id of each row's document: a candidate id, a LETOR `docid` comment, or the row's
    /// 1-based number in its file.
    pub doc_ids: Vec<String>,
    /// The feature names, in column order (`f1`, `f2`... for LETOR data).
    pub feature_names: Vec<String>,
    /// For each row, its 0-based position in the source (the label file's data rows, or the
    /// LETOR file's rows), so that scores given in file order can be matched to rows.
    pub source_rows: Vec<usize>,
}

impl RankData {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.features.nrows()
    }

    /// Number of queries.
    pub fn n_queries(&self) -> usize {
        self.groups.len()
    }

    /// Wraps LETOR data: features are named `f1..fN`; queries keep their `qid` (or are numbered
    /// from 1); a document is named by a `docid = ID` comment, else by its 1-based row number.
    pub fn from_letor(data: LetorData) -> RankData {
        let n_queries = data.groups.len();
        let query_ids = data
            .qids
            .unwrap_or_else(|| (1..=n_queries).map(|q| q.to_string()).collect());
        let doc_ids = data
            .comments
            .iter()
            .enumerate()
            .map(|(row, comment)| {
                comment
                    .as_deref()
                    .and_then(docid_of)
                    .map_or_else(|| (row + 1).to_string(), str::to_string)
            })
            .collect();
        let n_rows = data.features.nrows();
        RankData {
            feature_names: letor_feature_names(data.features.ncols()),
            features: data.features,
            labels: data.labels,
            groups: data.groups,
            query_ids,
            doc_ids,
            source_rows: (0..n_rows).collect(),
        }
    }

    /// The data of some queries, in the order given.
    pub fn select_queries(&self, queries: &[usize]) -> RankData {
        let rows: Vec<usize> = queries
            .iter()
            .flat_map(|&q| self.groups[q].clone())
            .collect();
        let mut groups = Vec::with_capacity(queries.len());
        let mut start = 0;
        for &q in queries {
            groups.push(start..start + self.groups[q].len());
            start += self.groups[q].len();
        }
        RankData {
            features: self.features.select(Axis(0), &rows),
            labels: self.labels.select(Axis(0), &rows),
            groups,
            query_ids: queries.iter().map(|&q| self.query_ids[q].clone()).collect(),
            doc_ids: rows.iter().map(|&r| self.doc_ids[r].clone()).collect(),
            feature_names: self.feature_names.clone(),
            source_rows: rows.iter().map(|&r| self.source_rows[r]).collect(),
        }
    }

    /// `sha256:HEX` of what a model learns from: the shape, the feature values (row-major), the
    /// labels and the query sizes, as little-endian 64-bit numbers. Ids and file names do not
    /// enter it, so the same data read from another file hashes the same.
    pub fn data_hash(&self) -> String {
        let mut h = Sha256::new();
        h.update(b"shiprank-rank-data-v1");
        let (rows, cols) = self.features.dim();
        for n in [rows, cols, self.groups.len()] {
            h.update((n as u64).to_le_bytes());
        }
        for v in self.features.iter().chain(self.labels.iter()) {
            h.update(v.to_bits().to_le_bytes());
        }
        for g in &self.groups {
            h.update((g.len() as u64).to_le_bytes());
        }
        format!("sha256:{}", hex(&h.finalize()))
    }
}

/// The feature names of LETOR data with `n` columns: `f1..fN`.
pub fn letor_feature_names(n: usize) -> Vec<String> {
    (1..=n).map(|i| format!("f{i}")).collect()
}

/// The id in a `docid = ID` LETOR comment.
fn docid_of(comment: &str) -> Option<&str> {
    let rest = comment.split("docid").nth(1)?;
    let rest = rest.trim_start().strip_prefix('=')?;
    rest.split_whitespace().next()
}

/// Where labelled pairs come from, for [`labelled_pairs`].
#[derive(Clone, Copy, Debug)]
pub struct PairSource<'a> {
    /// The candidates.
    pub candidates: &'a [Candidate],
    /// The candidate file's name, for messages.
    pub candidates_file: &'a str,
    /// The roles.
    pub roles: &'a [Role],
    /// The role file's name, for messages.
    pub roles_file: &'a str,
    /// The labels.
    pub labels: &'a [LabelRow],
    /// The label file's name, for messages.
    pub labels_file: &'a str,
}

/// Builds the feature rows of labelled candidate–role pairs: one query per role that has labels
/// (in role-file order), its rows in label-file order, features as [`RoleContext::extract`]
/// computes them at `as_of`, named as [`Feature::ALL`].
///
/// Hard filters are ignored: a pair a filter would exclude from a ranking is still a labelled
/// example, and leaving it out would hide from evaluation the candidates a filter costs.
///
/// # Errors
/// A label names a role or candidate that is not there (`FILE:LINE: field "role_id": ...`), or
/// a role's salary band is in a currency the rate table does not know.
pub fn labelled_pairs(
    source: &PairSource,
    as_of: NaiveDate,
    taxonomy: &Taxonomy,
    rates: &RateTable,
) -> Result<RankData> {
    let role_index: HashMap<&str, usize> = source
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    let candidate_index: HashMap<&str, usize> = source
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut by_role: Vec<Vec<(usize, usize)>> = vec![Vec::new(); source.roles.len()];
    for (k, label) in source.labels.iter().enumerate() {
        let fail = |field: &str, reason: String| {
            row_error(
                source.labels_file,
                label.line,
                Some(label.candidate_id.clone()),
                field,
                reason,
            )
        };
        let role = *role_index.get(label.role_id.as_str()).ok_or_else(|| {
            fail(
                "role_id",
                format!("no role \"{}\" in {}", label.role_id, source.roles_file),
            )
        })?;
        let candidate = *candidate_index
            .get(label.candidate_id.as_str())
            .ok_or_else(|| {
                fail(
                    "candidate_id",
                    format!(
                        "no candidate \"{}\" in {}",
                        label.candidate_id, source.candidates_file
                    ),
                )
            })?;
        by_role[role].push((k, candidate));
    }
    let n_rows = source.labels.len();
    let mut features = Array2::zeros((n_rows, N_FEATURES));
    let mut labels = Array1::zeros(n_rows);
    let (mut groups, mut query_ids) = (Vec::new(), Vec::new());
    let (mut doc_ids, mut source_rows) = (Vec::with_capacity(n_rows), Vec::with_capacity(n_rows));
    let mut base: Vec<Option<CandidateFeatures>> = vec![None; source.candidates.len()];
    let mut row = 0;
    for (role, pairs) in source.roles.iter().zip(&by_role) {
        if pairs.is_empty() {
            continue;
        }
        let ctx = RoleContext::new(role, as_of);
        let start = row;
        for &(k, c) in pairs {
            let candidate = &source.candidates[c];
            let cf = base[c]
                .get_or_insert_with(|| CandidateFeatures::new(candidate, as_of, taxonomy, rates));
            let extraction = ctx.extract(cf, &candidate.skills);
            for (j, v) in extraction.features.iter().enumerate() {
                features[[row, j]] = *v;
            }
            labels[row] = f64::from(source.labels[k].outcome.grade());
            doc_ids.push(candidate.id.clone());
            source_rows.push(k);
            row += 1;
        }
        groups.push(start..row);
        query_ids.push(role.id.clone());
    }
    Ok(RankData {
        features,
        labels,
        groups,
        query_ids,
        doc_ids,
        feature_names: Feature::ALL.iter().map(|f| f.name().to_string()).collect(),
        source_rows,
    })
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)] // query groups: a list of row ranges
mod tests {
    use super::*;
    use crate::eval::LetorReader;
    use crate::outcomes::parse_labels;

    #[test]
    fn letor_rows_keep_qids_and_docids() {
        let text = "2 qid:7 1:0.5 # docid = GX-1 inc = 1\n0 qid:7 2:1\n1 qid:9 1:1 # other\n";
        let d = LetorReader::new().read_from(text.as_bytes(), "t").unwrap();
        let d = RankData::from_letor(d);
        assert_eq!(d.query_ids, ["7", "9"]);
        assert_eq!(d.doc_ids, ["GX-1", "2", "3"]);
        assert_eq!(d.feature_names, ["f1", "f2"]);
        let sub = d.select_queries(&[1, 0]);
        assert_eq!(sub.groups, vec![0..1, 1..3]);
        assert_eq!(sub.source_rows, [2, 0, 1]);
        assert_eq!(sub.labels.to_vec(), [1.0, 2.0, 0.0]);
        assert_ne!(sub.data_hash(), d.data_hash());
        assert_eq!(d.select_queries(&[0, 1]).data_hash(), d.data_hash());
        assert!(d.data_hash().starts_with("sha256:") && d.data_hash().len() == 71);
    }

    fn sample() -> (Vec<Candidate>, Vec<Role>) {
        let (t, r) = (Taxonomy::bundled(), RateTable::bundled());
        let csv = "id,name,timezone,skills,total_stars,commits_last_year,last_commit,degree\n\
                   ana,Ana,America/Sao_Paulo,python:5;postgres:4,2400,900,2026-05-30,none\n\
                   bob,Bob,America/Sao_Paulo,rust:5,0,0,,phd\n";
        let read = crate::io::ReadOptions::new(t, r);
        let set = crate::io::read_csv(csv.as_bytes(), "c.csv", &read).unwrap();
        let roles = crate::role::roles_for_tests("[[role]]\nid = \"be\"\nrequired = [\"python\"]\nfilters = { must_have = [\"python\"] }\n\
             [[role]]\nid = \"none\"\n[[role]]\nid = \"rs\"\nrequired = [\"rust\"]\n");
        (set.candidates, roles)
    }

    /// The labelled pairs of [`sample`] for a labels file `l.csv` with contents `labels`.
    fn pairs(labels: &str) -> Result<RankData> {
        let (candidates, roles) = sample();
        let labels = parse_labels(labels.as_bytes(), "l.csv").unwrap();
        let source = PairSource {
            candidates: &candidates,
            candidates_file: "c.csv",
            roles: &roles,
            roles_file: "r.toml",
            labels: &labels,
            labels_file: "l.csv",
        };
        let as_of = "2026-06-01".parse().unwrap();
        labelled_pairs(&source, as_of, Taxonomy::bundled(), RateTable::bundled())
    }

    #[test]
    fn pairs_group_by_role_and_keep_filtered_candidates() {
        let d = pairs("role_id,candidate_id,label\nrs,bob,hired\nbe,bob,0\nbe,ana,3\nrs,ana,0\n")
            .unwrap();
        assert_eq!(
            d.query_ids,
            ["be", "rs"],
            "role-file order; roles without labels left out"
        );
        assert_eq!(d.groups, vec![0..2, 2..4]);
        assert_eq!(
            d.doc_ids,
            ["bob", "ana", "bob", "ana"],
            "bob lacks a must-have: still a row"
        );
        assert_eq!(d.source_rows, [1, 2, 0, 3]);
        assert_eq!(d.labels.to_vec(), [0.0, 3.0, 3.0, 0.0]);
        let coverage = Feature::SkillCoverage.index();
        assert_eq!(d.features[[1, coverage]], 1.0);
        assert_eq!(d.features[[0, coverage]], 0.0);
        assert_eq!(d.feature_names.len(), N_FEATURES);
    }

    #[test]
    fn unknown_ids_are_row_errors() {
        let check = |text: &str, want: &str| {
            assert_eq!(pairs(text).unwrap_err().to_string(), want);
        };
        check(
            "role_id,candidate_id,label\nbe,ana,1\nops,ana,1\n",
            "l.csv:3: field \"role_id\": no role \"ops\" in r.toml",
        );
        check(
            "role_id,candidate_id,label\nbe,zoe,1\n",
            "l.csv:2: field \"candidate_id\": no candidate \"zoe\" in c.csv",
        );
    }
}
