//! Seeded inputs shared by the benchmarks, built outside the timed code.
#![allow(dead_code)]

use std::num::NonZeroUsize;

use shiprank::{
    generate, parse_roles, read_csv, GenerateOptions, RankOptions, RateTable, ReadOptions, Role,
    Taxonomy,
};

/// The reference date of every benchmark.
pub fn as_of() -> chrono::NaiveDate {
    "2026-10-01".parse().unwrap()
}

/// A generated candidate CSV of `n` rows.
pub fn pool_csv(n: usize) -> Vec<u8> {
    let mut out = Vec::new();
    generate(
        &GenerateOptions {
            candidates: n,
            seed: 1,
            as_of: as_of(),
        },
        &mut out,
    )
    .unwrap();
    out
}

/// Read options with the bundled taxonomy and rates.
pub fn read_options() -> ReadOptions<'static> {
    ReadOptions::new(Taxonomy::bundled(), RateTable::bundled())
}

/// `n` parsed candidates.
pub fn candidates(n: usize) -> Vec<shiprank::Candidate> {
    read_csv(
        std::io::Cursor::new(pool_csv(n)),
        "pool.csv",
        &read_options(),
    )
    .unwrap()
    .candidates
}

/// Skills roles of the benchmarks require, most common first.
pub const SKILLS: [&str; 20] = [
    "python",
    "go",
    "rust",
    "typescript",
    "java",
    "kotlin",
    "sql",
    "react",
    "kubernetes",
    "aws",
    "pytorch",
    "spark",
    "postgresql",
    "docker",
    "terraform",
    "swift",
    "kafka",
    "redis",
    "graphql",
    "airflow",
];

/// The bundled roles, repeated with varied minimums, time zones and bands up to `n` roles.
pub fn roles(n: usize) -> Vec<Role> {
    let bundled = include_str!("../../data/roles.toml");
    let base = parse_roles(
        bundled,
        "roles.toml",
        Taxonomy::bundled(),
        shiprank::RateTable::bundled(),
    )
    .unwrap();
    if n <= base.len() {
        return base.into_iter().take(n).collect();
    }
    let zones = [
        "America/Los_Angeles",
        "America/New_York",
        "America/Sao_Paulo",
        "Europe/Madrid",
        "America/Bogota",
    ];
    let skills = &SKILLS[..16];
    let mut text = String::new();
    for i in 0..n {
        let pick = |k: usize| skills[(i * 7 + k * 5) % skills.len()];
        text += &format!(
            "[[role]]\nid = \"r{i}\"\nmin_years = {}\nteam_timezone = \"{}\"\nrequired = [{{ skill = \"{}\", importance = 3 }}, \"{}\", \"{}\"]\nnice = [\"{}\"]\nsalary = {{ min = 30000, max = {} }}\n",
            i % 8,
            zones[i % zones.len()],
            pick(0),
            pick(1),
            pick(2),
            pick(3),
            50_000 + (i % 10) * 15_000
        );
    }
    parse_roles(
        &text,
        "generated.toml",
        Taxonomy::bundled(),
        shiprank::RateTable::bundled(),
    )
    .unwrap()
}

/// Ranking options keeping `top` per role.
pub fn rank_options(top: usize) -> RankOptions<'static> {
    RankOptions {
        top: NonZeroUsize::new(top).unwrap(),
        as_of: as_of(),
        taxonomy: Taxonomy::bundled(),
        rates: RateTable::bundled(),
        model: None,
    }
}

/// A rayon pool of `threads` threads.
pub fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}
