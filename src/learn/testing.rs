//! What the learners' tests share: a small data set and a check of parameter guards.

use linfa::ParamGuard;
use ndarray::{Array1, Array2};

use super::rng::Rng;

/// 120 rows of 3 standard-normal features whose grade (0 to 3) grows with feature 0 and falls
/// with feature 1.
pub(crate) fn graded_rows() -> (Array2<f64>, Array1<f64>) {
    let mut rng = Rng::new(5);
    let x = Array2::from_shape_fn((120, 3), |_| rng.normal());
    let y = x
        .rows()
        .into_iter()
        .map(|r| (1.5 + r[0] - 0.5 * r[1]).clamp(0.0, 3.0).round())
        .collect();
    (x, y)
}

/// Asserts that checking `params` fails, naming the parameter `name`.
pub(crate) fn assert_rejects<P: ParamGuard>(params: P, name: &str)
where
    P::Error: std::fmt::Display,
{
    match params.check() {
        Err(e) => assert!(
            e.to_string().contains(&format!("parameter {name} = ")),
            "expected {name} to be rejected, got {e}"
        ),
        Ok(_) => panic!("expected {name} to be rejected"),
    }
}
