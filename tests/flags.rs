//! Numeric flags refuse out-of-range values with a plain message naming the flag and the
//! rule, whether the value is zero, negative or not a number.

mod util;

#[test]
fn numeric_flags_name_the_rule() {
    for (args, message) in [
        (
            vec!["rank", "--top", "0"],
            "--top must be at least 1, found 0",
        ),
        (
            vec!["rank", "--top", "-1"],
            "--top must be at least 1, found -1",
        ),
        (
            vec!["rank", "--threads", "0"],
            "--threads must be at least 1, found 0",
        ),
        (
            vec!["rank", "--top", "many"],
            "--top must be a whole number of at least 1, found \"many\"",
        ),
        (
            vec!["evaluate", "--labels", "data/labels.csv", "--k", "5,0"],
            "--k must be at least 1, found 0",
        ),
        (
            vec![
                "train",
                "--labels",
                "data/labels.csv",
                "--algo",
                "pairwise",
                "--folds",
                "1",
                "--out",
                "x.json",
            ],
            "--folds must be at least 2, found 1",
        ),
    ] {
        let stderr = util::fail(&args);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
