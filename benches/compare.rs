//! `shiprank compare` on the bundled sample (3,000 labelled pairs, 10 roles): 3 presets and 2
//! scorers trained in 5 folds (pairwise, LambdaMART), 10,000 bootstrap resamples and 10,000
//! sign patterns (exact enumeration: 2^10 = 1,024 ≤ 10,000), 1 and 2 threads. Reading and
//! featurizing the sample happens once, outside the timed code.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use shiprank::{
    compare, Algorithm, Bundled, CompareOptions, CompareSpec, DataSource, Dialect, Input,
    NamedScorer, Preset, RateTable, Taxonomy, TrainParams,
};

fn bench_compare(c: &mut Criterion) {
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
    let source = DataSource::Labels {
        candidates: Input::Bundled(Bundled::Candidates),
        roles: Input::Bundled(Bundled::Roles),
        labels: concat!(env!("CARGO_MANIFEST_DIR"), "/data/labels.csv").into(),
        as_of,
        dialect: Dialect::default(),
    };
    let data = source
        .load(None, as_of, Taxonomy::bundled(), RateTable::bundled())
        .unwrap();
    let mut scorers: Vec<NamedScorer> = Preset::ALL
        .iter()
        .map(|p| NamedScorer {
            name: p.name().into(),
            spec: CompareSpec::Strategy(*p),
        })
        .collect();
    for (name, algorithm) in [("pw", Algorithm::Pairwise), ("lm", Algorithm::LambdaMart)] {
        scorers.push(NamedScorer {
            name: name.into(),
            spec: CompareSpec::Train(TrainParams::new(algorithm).seed(0).check().unwrap()),
        });
    }
    let options = CompareOptions {
        folds: Some(5),
        bootstrap: 10_000,
        permutations: 10_000,
        by: Some("gender".into()),
        ..CompareOptions::default()
    };
    let mut group = c.benchmark_group("compare");
    group.sample_size(10);
    for threads in [1, 2] {
        let pool = common::pool(threads);
        group.bench_function(
            BenchmarkId::new(format!("threads{threads}"), "sample"),
            |b| b.iter(|| pool.install(|| compare(&data, &scorers, &options).unwrap())),
        );
    }
    group.finish();
}

criterion_group!(benches, bench_compare);
criterion_main!(benches);
