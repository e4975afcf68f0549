//! Feature extraction: role-independent features and kernel inputs, once per candidate.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use shiprank::Ranker;

fn features(c: &mut Criterion) {
    let mut group = c.benchmark_group("features");
    group.sample_size(10);
    let roles = common::roles(10);
    let options = common::rank_options(100);
    let ranker = Ranker::new(&roles, &options);
    for n in [1_000, 10_000, 100_000] {
        let candidates = common::candidates(n);
        group.throughput(Throughput::Elements(n as u64));
        for threads in [1, 2] {
            let pool = common::pool(threads);
            group.bench_with_input(
                BenchmarkId::new(format!("threads{threads}"), n),
                &candidates,
                |b, cands| {
                    b.iter(|| {
                        pool.install(|| cands.par_chunks(2048).map(|c| ranker.prepare(c)).count())
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, features);
criterion_main!(benches);
