//! End to end: a generated CSV file streamed through validation, features, scoring and top-k
//! for the 10 bundled roles, top 100 each (the `shiprank rank` path, output aside).

mod common;

use std::num::NonZeroUsize;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shiprank::{rank_file, Ranker, StreamOptions};

fn end_to_end(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_end");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    let roles = common::roles(10);
    let options = common::rank_options(100);
    let ranker = Ranker::new(&roles, &options);
    let sizes: &[usize] = match std::env::var("SHIPRANK_BENCH_1M") {
        Ok(_) => &[1_000, 10_000, 100_000, 1_000_000],
        Err(_) => &[1_000, 10_000, 100_000],
    };
    for &n in sizes {
        let path = dir.path().join(format!("pool{n}.csv"));
        std::fs::write(&path, common::pool_csv(n)).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        for threads in [1, 2] {
            let pool = common::pool(threads);
            let stream = StreamOptions {
                chunk_rows: NonZeroUsize::new(2048).unwrap(),
                progress: None,
            };
            group.bench_with_input(
                BenchmarkId::new(format!("threads{threads}"), n),
                &path,
                |b, path| {
                    b.iter(|| {
                        pool.install(|| {
                            rank_file(path, &common::read_options(), &ranker, &stream).unwrap()
                        })
                    })
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, end_to_end);
criterion_main!(benches);
