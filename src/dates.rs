//! The one date parser: every date the program reads (candidate fields, GitHub timestamps, the
//! rate table, `--as-of`) goes through [`parse_date`].
//!
//! A leaf module: it uses nothing else from the crate, so the command line compiles the same
//! file for its value parser.

use chrono::NaiveDate;

/// Parses a date as `YYYY-MM-DD`, or the date part of an RFC 3339 timestamp
/// (`YYYY-MM-DDT...` or `YYYY-MM-DD ...`).
///
/// # Errors
/// `invalid date "TEXT" (expected YYYY-MM-DD)`.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let bad = || format!("invalid date \"{text}\" (expected YYYY-MM-DD)");
    let b = text.as_bytes();
    let rest_ok = b.len() == 10 || b.get(10).is_some_and(|c| *c == b'T' || *c == b' ');
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' || !rest_ok {
        return Err(bad());
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    match (digits(0..4), digits(5..7), digits(8..10)) {
        (Some(y), Some(m), Some(d)) => NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(bad),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_timestamps_are_accepted() {
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(parse_date("2026-01-01"), Ok(day));
        assert_eq!(parse_date("2026-01-01T10:00:00Z"), Ok(day));
        assert_eq!(parse_date("2026-01-01 10:00:00+02:00"), Ok(day));
        assert!(parse_date("0001-01-01").is_ok());
        assert!(parse_date("9999-12-31").is_ok());
    }

    #[test]
    fn anything_else_is_refused_with_one_message() {
        for text in [
            "2026-01-01x",
            "01/02/2026",
            "2026-02-30",
            "2026-1-2",
            "2026-01-1",
            "+2026-01-01",
            " 2026-01-01",
            "",
            "2026-01-01é",
            "é026-01-01",
        ] {
            assert_eq!(
                parse_date(text),
                Err(format!("invalid date \"{text}\" (expected YYYY-MM-DD)")),
                "{text:?}"
            );
        }
    }
}
