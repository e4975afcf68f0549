//! Reading and validating candidate CSV into memory: text in memory (one reader), and a file
//! on disk read in blocks by 1 and 2 threads.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shiprank::{read_candidates, read_csv};

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    let dir = tempfile::tempdir().unwrap();
    for n in [1_000, 10_000, 100_000] {
        let text = common::pool_csv(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("read_csv", n), &text, |b, text| {
            b.iter(|| read_csv(text.as_slice(), "pool.csv", &common::read_options()).unwrap())
        });
        let path = dir.path().join(format!("pool{n}.csv"));
        std::fs::write(&path, &text).unwrap();
        for threads in [1, 2] {
            let pool = common::pool(threads);
            let id = BenchmarkId::new(format!("file_threads{threads}"), n);
            group.bench_with_input(id, &path, |b, path| {
                b.iter(|| {
                    pool.install(|| read_candidates(path.as_path(), &common::read_options()))
                        .unwrap()
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
