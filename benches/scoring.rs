//! Scoring prepared candidates against many roles: the batch kernel plus top-k admission.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;
use shiprank::Ranker;

fn scoring(c: &mut Criterion) {
    let mut group = c.benchmark_group("scoring");
    group.sample_size(10);
    for (n_candidates, n_roles) in [
        (10_000, 10),
        (100_000, 10),
        (10_000, 2_000),
        (100_000, 2_000),
    ] {
        let candidates = common::candidates(n_candidates);
        let roles = common::roles(n_roles);
        let options = common::rank_options(50);
        let ranker = Ranker::new(&roles, &options);
        let chunks: Vec<_> = candidates
            .chunks(2048)
            .map(|c| (c, ranker.prepare(c)))
            .collect();
        group.throughput(Throughput::Elements((n_candidates * n_roles) as u64));
        let id = format!("{n_candidates}x{n_roles}");
        for threads in [1, 2] {
            let pool = common::pool(threads);
            group.bench_with_input(
                BenchmarkId::new(format!("threads{threads}"), &id),
                &chunks,
                |b, chunks| {
                    b.iter(|| {
                        pool.install(|| {
                            chunks
                                .par_iter()
                                .with_min_len((chunks.len() / threads).max(1))
                                .fold(
                                    || ranker.tops(),
                                    |mut tops, (cands, prepared)| {
                                        ranker.score_prepared(&mut tops, cands, prepared);
                                        tops
                                    },
                                )
                                .reduce(
                                    || ranker.tops(),
                                    |mut a, b| {
                                        a.merge(b);
                                        a
                                    },
                                )
                        })
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, scoring);
criterion_main!(benches);
