//! Range checks shared by the hyper-parameter guards (`ParamGuard` impls) of every learner.
//!
//! Each check returns [`OutOfRange`] naming the parameter, the value given and what is
//! allowed; the learner turns that into its own error type (see `invalid_param_from!`).

use std::fmt::Display;

/// A hyper-parameter outside its allowed range.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct OutOfRange {
    /// Parameter name.
    pub(crate) name: &'static str,
    /// The value given.
    pub(crate) value: String,
    /// What is allowed.
    pub(crate) expected: &'static str,
}

/// Implements `From<OutOfRange>` for a learner's error type, whose `InvalidParam` variant has
/// the fields `name`, `value` and `expected`.
macro_rules! invalid_param_from {
    ($error:ty) => {
        impl From<$crate::learn::params::OutOfRange> for $error {
            fn from(e: $crate::learn::params::OutOfRange) -> Self {
                Self::InvalidParam {
                    name: e.name,
                    value: e.value,
                    expected: e.expected,
                }
            }
        }
    };
}
pub(crate) use invalid_param_from;

/// `Ok` when `ok`, otherwise the parameter `name` with `value` is out of range.
pub(crate) fn require(
    ok: bool,
    name: &'static str,
    value: impl Display,
    expected: &'static str,
) -> Result<(), OutOfRange> {
    if ok {
        Ok(())
    } else {
        Err(OutOfRange {
            name,
            value: value.to_string(),
            expected,
        })
    }
}

/// A count that must be `>= 1`.
pub(crate) fn at_least_one<T: Display + PartialEq + Default>(
    name: &'static str,
    value: T,
) -> Result<(), OutOfRange> {
    require(value != T::default(), name, value, "must be >= 1")
}

/// A count that must be `>= 2`.
pub(crate) fn at_least_two(name: &'static str, value: usize) -> Result<(), OutOfRange> {
    require(value >= 2, name, value, "must be >= 2")
}

/// A number that must be finite and `> 0`.
pub(crate) fn finite_positive(name: &'static str, value: f64) -> Result<(), OutOfRange> {
    require(
        value.is_finite() && value > 0.0,
        name,
        value,
        "must be finite and > 0",
    )
}

/// A number that must be finite and `>= 0`.
pub(crate) fn finite_non_negative(name: &'static str, value: f64) -> Result<(), OutOfRange> {
    require(
        value.is_finite() && value >= 0.0,
        name,
        value,
        "must be finite and >= 0",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_name_value_and_rule() {
        assert_eq!(at_least_one("n", 3usize), Ok(()));
        let err = at_least_one("n", 0u64).unwrap_err();
        assert_eq!((err.name, err.value.as_str()), ("n", "0"));
        assert_eq!(err.expected, "must be >= 1");
        assert_eq!(at_least_two("k", 1).unwrap_err().value, "1");
        assert!(finite_positive("x", 0.0).is_err());
        assert!(finite_positive("x", f64::INFINITY).is_err());
        assert!(finite_non_negative("x", 0.0).is_ok());
        assert_eq!(finite_non_negative("x", -0.5).unwrap_err().value, "-0.5");
    }
}
