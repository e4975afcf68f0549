//! The million-row reference: `generate --count 1000000 --seed 7` ranked for the bundled roles
//! (the run `../shared/peers/bench.sh` times, as of 2026-10-01) gives the same bytes as when
//! throughput work began (issue 13), on every compiled path of the scoring kernel. The hash of
//! the output is committed, not the output.

mod util;

use sha2::{Digest, Sha256};
use util::{ok, temp_dir, AS_OF};

/// sha256 of the top-100 CSV of the reference run.
const REFERENCE: &str = "4732ab09d715552060d63687bdcb64a706e872d7a40e40b5f5f2771a67481923";

#[test]
fn the_million_row_ranking_is_byte_for_byte_the_reference() {
    let dir = temp_dir();
    let out_dir = dir.path().to_str().expect("a UTF-8 temporary path");
    ok(&[
        "generate",
        "--count",
        "1000000",
        "--seed",
        "7",
        "--as-of",
        AS_OF,
        "--out-dir",
        out_dir,
    ]);
    let pool = dir.path().join("candidates.csv");
    let ranked = dir.path().join("top.csv");
    for level in ["portable", "avx2", "avx512"] {
        util::cmd(&[
            "rank",
            "--candidates",
            pool.to_str().unwrap(),
            "--roles",
            &util::data("roles.toml"),
            "--as-of",
            AS_OF,
            "--top",
            "100",
            "--format",
            "csv",
            "--quiet",
            "--out",
            ranked.to_str().unwrap(),
        ])
        .env("SHIPRANK_KERNEL", level)
        .assert()
        .success();
        let digest = Sha256::digest(util::read(&ranked));
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, REFERENCE, "kernel path {level}");
    }
}
