//! Numbers as people write them: years without a trailing `.0`, thousands separators,
//! working hours with an en dash.

/// Years as written in a row: `3`, `2.5`.
pub(super) fn years_text(y: f64) -> String {
    trim_number((y * 10.0).round() / 10.0)
}

/// A number without a trailing `.0`.
pub(super) fn trim_number(x: f64) -> String {
    match x.fract() == 0.0 {
        true => format!("{x:.0}"),
        false => format!("{x:.1}"),
    }
}

/// A whole number with thousands separators: `1,450`.
pub(super) fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    match x < 0.0 {
        true => format!("-{out}"),
        false => out,
    }
}

/// `09:00-17:00` as `09:00–17:00`.
pub(super) fn en_dash(hours: &str) -> String {
    hours.replace('-', "–")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(thousands(1450.0), "1,450");
        assert_eq!(thousands(104_000_000.0), "104,000,000");
        assert_eq!(thousands(12.0), "12");
        assert_eq!(years_text(3.0), "3");
        assert_eq!(years_text(0.1 + 2.0), "2.1");
        assert_eq!(en_dash("09:00-17:00"), "09:00–17:00");
    }
}
