//! `ndcg_at` agrees with scikit-learn's `ndcg_score` (gain 2^label − 1) on a committed fixture
//! with ties and all-zero queries (made by `tests/fixtures/ltr/make_ndcg_fixture.py`).

use std::collections::BTreeMap;

use serde::Deserialize;
use shiprank::{ndcg_at, EmptyQuery};

#[derive(Deserialize)]
struct Fixture {
    queries: Vec<Query>,
}

#[derive(Deserialize)]
struct Query {
    labels: Vec<f64>,
    scores: Vec<f64>,
    expected: BTreeMap<String, f64>,
}

fn fixture() -> Fixture {
    let text = include_str!("fixtures/ltr/ndcg_sklearn.json");
    serde_json::from_str(text).expect("valid fixture")
}

#[test]
fn ndcg_matches_sklearn() {
    let fixture = fixture();
    assert!(fixture.queries.len() >= 10);
    let mut checked = 0;
    for (qi, q) in fixture.queries.iter().enumerate() {
        for (key, &want) in &q.expected {
            let k = if key == "all" {
                None
            } else {
                Some(key.parse().unwrap())
            };
            // scikit-learn gives a query without relevant documents 0.
            let got = ndcg_at(&q.labels, &q.scores, k, EmptyQuery::Zero).unwrap();
            assert!(
                (got - want).abs() < 1e-9,
                "query {qi}, k={key}: got {got}, sklearn {want}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, fixture.queries.len() * 5);
}

#[test]
fn ndcg_does_not_depend_on_the_order_of_ties() {
    // Reversing the documents reorders every group of tied scores.
    for q in fixture().queries {
        let labels: Vec<f64> = q.labels.iter().rev().copied().collect();
        let scores: Vec<f64> = q.scores.iter().rev().copied().collect();
        for k in [Some(1), Some(3), Some(5), None] {
            let a = ndcg_at(&q.labels, &q.scores, k, EmptyQuery::One).unwrap();
            let b = ndcg_at(&labels, &scores, k, EmptyQuery::One).unwrap();
            assert!((a - b).abs() < 1e-12);
        }
    }
}

#[test]
fn all_zero_queries_follow_the_empty_query_convention() {
    let fixture = fixture();
    let empty: Vec<&Query> = fixture
        .queries
        .iter()
        .filter(|q| q.labels.iter().all(|&l| l == 0.0))
        .collect();
    assert!(!empty.is_empty(), "the fixture has all-zero queries");
    for q in empty {
        for (convention, want) in [
            (EmptyQuery::One, Some(1.0)),
            (EmptyQuery::Zero, Some(0.0)),
            (EmptyQuery::Skip, None),
        ] {
            assert_eq!(ndcg_at(&q.labels, &q.scores, Some(3), convention), want);
        }
    }
}
