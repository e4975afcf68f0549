//! Top-k selection against a full sort.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shiprank::TopK;

/// Seeded pseudo-random scores.
fn scores(n: usize) -> Vec<(f64, u32)> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n as u32)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            ((x >> 11) as f64 / (1u64 << 53) as f64, i)
        })
        .collect()
}

fn topk(c: &mut Criterion) {
    let mut group = c.benchmark_group("topk");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000, 1_000_000] {
        let items = scores(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::new("topk100", n), &items, |b, items| {
            b.iter(|| {
                let mut top = TopK::new(100);
                for &(s, i) in items {
                    if top.admits(s) {
                        top.push(s, i, ());
                    }
                }
                top.into_sorted()
            })
        });
        group.bench_with_input(BenchmarkId::new("full_sort", n), &items, |b, items| {
            b.iter(|| {
                let mut v = items.clone();
                v.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                v.truncate(100);
                v
            })
        });
    }
    group.finish();
}

criterion_group!(benches, topk);
criterion_main!(benches);
