//! Skill matching cost against the number of skills a role requires: per-pair extraction is
//! one table lookup per candidate skill whatever the role names; a role with more skills
//! costs only the arithmetic of its extra matches.

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use shiprank::{parse_roles, CandidateFeatures, RateTable, RoleContext, Taxonomy};

fn matching(c: &mut Criterion) {
    let (taxonomy, rates) = (Taxonomy::bundled(), RateTable::bundled());
    let candidates = common::candidates(10_000);
    let bases: Vec<_> = candidates
        .iter()
        .map(|c| CandidateFeatures::new(c, common::as_of(), taxonomy, rates))
        .collect();
    let mut group = c.benchmark_group("matching");
    group.throughput(Throughput::Elements(candidates.len() as u64));
    for n in [2, 20] {
        let required: Vec<String> = common::SKILLS[..n]
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect();
        let text = format!(
            "[[role]]\nid = \"r\"\nrequired = [{}]\n",
            required.join(", ")
        );
        let roles = parse_roles(
            &text,
            "bench.toml",
            taxonomy,
            shiprank::RateTable::bundled(),
        )
        .unwrap();
        let ctx = RoleContext::new(&roles[0], common::as_of());
        group.bench_with_input(BenchmarkId::new("required_skills", n), &n, |b, _| {
            b.iter(|| {
                candidates
                    .iter()
                    .zip(&bases)
                    .map(|(c, base)| ctx.extract(base, &c.skills).features[0])
                    .sum::<f64>()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, matching);
criterion_main!(benches);
