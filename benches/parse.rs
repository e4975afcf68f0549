//! Parsing and validating candidate CSV: in memory, one thread, and streamed in chunks.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shiprank::read_csv;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let text = common::pool_csv(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("read_csv", n), &text, |b, text| {
            b.iter(|| read_csv(text.as_slice(), "pool.csv", &common::read_options()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
