//! Enums whose variants have fixed names in files, flags and outputs: one macro declares the
//! names once and derives `ALL`, `name()`, `Display` and `FromStr`, with a typed error.

use std::fmt;

/// A name that is none of an enum's: what was found, and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownName {
    /// What the name was for (`strategy`, `feature`, `degree`…).
    pub kind: &'static str,
    /// The name found.
    pub found: String,
    /// Every valid name, in declaration order.
    pub expected: &'static [&'static str],
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} \"{}\" (expected {})",
            self.kind,
            self.found,
            alternatives(self.expected)
        )
    }
}

/// Names as a message lists alternatives: `a`, `a or b`, `a, b or c`.
pub fn alternatives(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => only.to_string(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

impl std::error::Error for UnknownName {}

impl From<UnknownName> for String {
    fn from(e: UnknownName) -> String {
        e.to_string()
    }
}

/// Declares a field-less enum whose variants are named: `ALL` and `NAMES` in declaration
/// order, `name()`, `Display` (the name) and `FromStr` (exactly the name; anything else is an
/// [`UnknownName`]).
///
/// ```ignore
/// named_enum! {
///     /// A preset.
///     #[derive(Clone, Copy, Debug, PartialEq, Eq)]
///     pub enum Preset: "strategy" {
///         /// Shipped code first.
///         BuilderFirst = "builder-first",
///         /// Degrees first.
///         CredentialFirst = "credential-first",
///     }
/// }
/// ```
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $Enum:ident : $kind:literal {
            $(
                $(#[$vmeta:meta])*
                $Variant:ident = $name:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $Enum {
            $(
                $(#[$vmeta])*
                $Variant,
            )+
        }

        impl $Enum {
            /// Every variant, in declaration order.
            pub const ALL: [$Enum; [$($name),+].len()] = [$($Enum::$Variant),+];

            /// Every variant's name, in declaration order.
            pub const NAMES: [&'static str; [$($name),+].len()] = [$($name),+];

            /// The name used in files, on the command line and in outputs.
            pub fn name(self) -> &'static str {
                match self {
                    $($Enum::$Variant => $name,)+
                }
            }
        }

        impl std::fmt::Display for $Enum {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }

        impl std::str::FromStr for $Enum {
            type Err = $crate::names::UnknownName;

            fn from_str(s: &str) -> Result<$Enum, $crate::names::UnknownName> {
                $Enum::ALL
                    .into_iter()
                    .find(|v| v.name() == s)
                    .ok_or_else(|| $crate::names::UnknownName {
                        kind: $kind,
                        found: s.to_string(),
                        expected: &$Enum::NAMES,
                    })
            }
        }
    };
}

pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use super::*;

    named_enum! {
        /// A test enum.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        enum Fruit: "fruit" {
            /// Red.
            Apple = "apple",
            /// Yellow.
            Banana = "banana",
            /// Orange.
            Orange = "orange",
        }
    }

    #[test]
    fn names_round_trip_in_declaration_order() {
        assert_eq!(Fruit::NAMES, ["apple", "banana", "orange"]);
        for f in Fruit::ALL {
            assert_eq!(f.name().parse::<Fruit>(), Ok(f));
            assert_eq!(f.to_string(), f.name());
        }
    }

    #[test]
    fn unknown_names_list_the_valid_ones() {
        let err = "kiwi".parse::<Fruit>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown fruit \"kiwi\" (expected apple, banana or orange)"
        );
        assert_eq!(err.found, "kiwi");
        let one = UnknownName {
            kind: "x",
            found: "y".into(),
            expected: &["z"],
        };
        assert_eq!(one.to_string(), "unknown x \"y\" (expected z)");
    }
}
