//! Reading the plain decimals candidate files are full of (`4`, `1.5`, `38000`) without the
//! general float parser, to the same bit.

/// Powers of ten that `f64` holds exactly.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// `text` as an `f64` when it is digits with at most one `.` and at most 15 digits in all;
/// `None` for anything else (signs, exponents, longer numbers), for `str::parse` to read.
///
/// The value is `m / 10^k` with `m` below 2^53 and `10^k` exact, so the one division rounds
/// correctly and gives what `str::parse` gives (Clinger's fast path).
pub(crate) fn parse_plain(text: &str) -> Option<f64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 16 {
        return None;
    }
    let (mut m, mut digits, mut point) = (0u64, 0usize, None);
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' => {
                m = m * 10 + u64::from(b - b'0');
                digits += 1;
            }
            b'.' if point.is_none() => point = Some(i),
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let fraction = point.map_or(0, |p| bytes.len() - p - 1);
    Some(m as f64 / POW10[fraction])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn reads_what_candidate_files_hold_and_leaves_the_rest() {
        for text in [
            "4",
            "1.5",
            "38000",
            "0",
            "0.0",
            ".5",
            "5.",
            "007",
            "123456789012345",
        ] {
            assert_eq!(
                parse_plain(text),
                Some(text.parse::<f64>().unwrap()),
                "{text}"
            );
        }
        for text in [
            "",
            ".",
            "-1",
            "+1",
            "1e3",
            "1.2.3",
            "1,5",
            " 1",
            "NaN",
            "1234567890123456",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_standard_parser_to_the_bit(
            int in "[0-9]{0,15}",
            frac in proptest::option::of("[0-9]{0,15}"),
        ) {
            let text = match &frac {
                Some(f) => format!("{int}.{f}"),
                None => int.clone(),
            };
            if let Some(got) = parse_plain(&text) {
                prop_assert_eq!(got.to_bits(), text.parse::<f64>().unwrap().to_bits(), "{}", text);
            } else {
                let digits = text.bytes().filter(u8::is_ascii_digit).count();
                prop_assert!(digits == 0 || digits > 15 || text.len() > 16, "{}", text);
            }
        }
    }
}
