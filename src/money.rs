//! Currencies and the dated exchange-rate table used to compare salaries in USD.
//!
//! The table is a CSV with header `date,currency,usd_per_unit`: how many US dollars one unit of
//! `currency` bought on `date`. A conversion at a reference date uses, for each currency, the
//! latest rate dated on or before it (or the earliest rate, for a date before the table starts),
//! so a ranking replayed with the same `--as-of` converts the same way.

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::error::{Error, Result, RowError};

/// An ISO 4217 currency code (three upper-case letters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// The US dollar, the unit every salary is compared in.
    pub const USD: Currency = Currency(*b"USD");

    /// The three-letter code.
    pub fn code(&self) -> &str {
        std::str::from_utf8(&self.0).expect("always ASCII")
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for Currency {
    type Err = String;

    /// Parses a three-letter code, case-insensitively. Whether the code is one the rate table
    /// knows is checked by [`RateTable::usd_per_unit`].
    fn from_str(s: &str) -> Result<Currency, String> {
        let s = crate::skills::trim(s);
        match s.as_bytes() {
            [a, b, c] if s.bytes().all(|b| b.is_ascii_alphabetic()) => Ok(Currency([
                a.to_ascii_uppercase(),
                b.to_ascii_uppercase(),
                c.to_ascii_uppercase(),
            ])),
            _ => Err(format!(
                "invalid currency code \"{s}\" (expected ISO 4217, e.g. BRL)"
            )),
        }
    }
}

/// Dated exchange rates to USD.
#[derive(Clone, Debug, Default)]
pub struct RateTable {
    /// Each currency (sorted) with its rates, sorted by date, one per date: flat, because a
    /// run looks a rate up for every row.
    rates: Vec<(Currency, Vec<(NaiveDate, f64)>)>,
}

const BUNDLED: &str = include_str!("../data/rates.csv");

impl RateTable {
    /// The table shipped in `data/rates.csv`, compiled into the binary.
    pub fn bundled() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            RateTable::from_csv(BUNDLED, "data/rates.csv")
                .expect("the bundled rate table is checked by the test suite")
        })
    }

    /// Parses a rate table (see the module docs).
    ///
    /// # Errors
    /// A malformed row names the file, line and field.
    pub fn from_csv(text: &str, file: &str) -> Result<RateTable> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut rates: BTreeMap<Currency, BTreeMap<NaiveDate, f64>> = BTreeMap::new();
        rates.entry(Currency::USD).or_default();
        for record in reader.records() {
            let record = record.map_err(|e| Error::parse(file, e))?;
            let line = record.position().map_or(0, |p| p.line());
            let fail = |field: &str, reason: String| {
                Error::Row(RowError {
                    file: file.into(),
                    line,
                    id: None,
                    field: field.into(),
                    reason,
                })
            };
            let field = |i: usize| record.get(i).unwrap_or("").trim();
            let date = crate::dates::parse_date(field(0))
                .map_err(|_| fail("date", format!("invalid date \"{}\"", field(0))))?;
            let currency: Currency = field(1).parse().map_err(|e| fail("currency", e))?;
            let rate: f64 = field(2)
                .parse()
                .ok()
                .filter(|r: &f64| r.is_finite() && *r > 0.0)
                .ok_or_else(|| fail("usd_per_unit", format!("invalid rate \"{}\"", field(2))))?;
            rates.entry(currency).or_default().insert(date, rate);
        }
        let rates = rates
            .into_iter()
            .map(|(currency, by_date)| (currency, by_date.into_iter().collect()))
            .collect();
        Ok(RateTable { rates })
    }

    /// `currency`'s rates by date, where the table knows it.
    fn dated(&self, currency: Currency) -> Option<&[(NaiveDate, f64)]> {
        // By the code as one number (in the same order): three byte compares are slower.
        let key = |c: Currency| u32::from_be_bytes([0, c.0[0], c.0[1], c.0[2]]);
        let i = self
            .rates
            .binary_search_by_key(&key(currency), |r| key(r.0))
            .ok()?;
        Some(&self.rates[i].1)
    }

    /// USD per unit of `currency` at `date`, or `None` for a currency the table does not know.
    pub fn usd_per_unit(&self, currency: Currency, date: NaiveDate) -> Option<f64> {
        if currency == Currency::USD {
            return Some(1.0);
        }
        self.dated(currency)
            .and_then(|by_date| rate_on(by_date, date))
    }

    /// One currency's dated rates, which convert at any date; `None` for a currency the table
    /// does not know.
    pub fn rates_of(&self, currency: Currency) -> Option<UsdRates> {
        if currency == Currency::USD {
            return Some(UsdRates::Usd);
        }
        let by_date = self.dated(currency).filter(|r| !r.is_empty())?;
        Some(UsdRates::Dated(by_date.to_vec()))
    }

    /// Converts an amount to USD at `date`.
    pub fn to_usd(&self, amount: f64, currency: Currency, date: NaiveDate) -> Option<f64> {
        self.usd_per_unit(currency, date).map(|rate| amount * rate)
    }

    /// The date of the table's latest rate.
    pub fn latest_date(&self) -> Option<NaiveDate> {
        self.rates
            .iter()
            .filter_map(|(_, by_date)| by_date.last().map(|r| r.0))
            .max()
    }

    /// The currencies the table knows.
    pub fn currencies(&self) -> impl Iterator<Item = Currency> + '_ {
        self.rates.iter().map(|r| r.0)
    }
}

/// The latest rate dated on or before `date`, or the earliest for a date before the first;
/// `None` when there is no rate at all.
fn rate_on(by_date: &[(NaiveDate, f64)], date: NaiveDate) -> Option<f64> {
    // At or after the latest date (the usual case: a recent reference date, or the latest
    // rate asked for), no search.
    if let Some(&(_, rate)) = by_date.last().filter(|r| r.0 <= date) {
        return Some(rate);
    }
    let after = by_date.partition_point(|r| r.0 <= date);
    by_date.get(after.saturating_sub(1)).map(|r| r.1)
}

/// One currency's rates to USD: checked to exist, so a conversion at any date succeeds.
#[derive(Clone, Debug, PartialEq)]
pub enum UsdRates {
    /// The US dollar itself: 1 at every date.
    Usd,
    /// Another currency's rates, sorted by date, one per date (never empty).
    Dated(Vec<(NaiveDate, f64)>),
}

impl UsdRates {
    /// USD per unit at `date`: the latest rate dated on or before it, or the earliest rate for
    /// a date before the first.
    pub fn usd_per_unit(&self, date: NaiveDate) -> f64 {
        match self {
            UsdRates::Usd => 1.0,
            UsdRates::Dated(by_date) => rate_on(by_date, date).unwrap_or(1.0),
        }
    }

    /// `amount` in USD at `date`.
    pub fn to_usd(&self, amount: f64, date: NaiveDate) -> f64 {
        amount * self.usd_per_unit(date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    const TABLE: &str = "date,currency,usd_per_unit\n2026-01-01,BRL,0.18\n2026-07-01,BRL,0.20\n";

    #[test]
    fn the_latest_rate_on_or_before_the_date_applies() {
        let t = RateTable::from_csv(TABLE, "r.csv").unwrap();
        let brl: Currency = "brl".parse().unwrap();
        assert_eq!(t.usd_per_unit(brl, d("2026-03-01")), Some(0.18));
        assert_eq!(t.usd_per_unit(brl, d("2026-07-01")), Some(0.20));
        assert_eq!(
            t.usd_per_unit(brl, d("2025-01-01")),
            Some(0.18),
            "before the table: earliest"
        );
        assert_eq!(t.to_usd(100_000.0, brl, d("2026-08-01")), Some(20_000.0));
    }

    #[test]
    fn rows_in_any_order_give_one_rate_per_date_the_last_written() {
        let t = RateTable::from_csv(
            "date,currency,usd_per_unit\n2026-07-01,BRL,0.20\n2026-01-01,BRL,0.18\n\
             2026-03-01,EUR,1.1\n2026-07-01,BRL,0.21\n",
            "r.csv",
        )
        .unwrap();
        let brl: Currency = "BRL".parse().unwrap();
        assert_eq!(t.usd_per_unit(brl, d("2026-06-30")), Some(0.18));
        assert_eq!(t.usd_per_unit(brl, d("2026-07-01")), Some(0.21));
        assert_eq!(t.usd_per_unit(brl, NaiveDate::MAX), Some(0.21));
        assert_eq!(t.latest_date(), Some(d("2026-07-01")));
        let codes: Vec<String> = t.currencies().map(|c| c.to_string()).collect();
        assert_eq!(codes, ["BRL", "EUR", "USD"]);
        let rates = t.rates_of(brl).unwrap();
        for day in [
            "2025-01-01",
            "2026-01-01",
            "2026-06-30",
            "2026-07-01",
            "2030-01-01",
        ] {
            assert_eq!(
                Some(rates.usd_per_unit(d(day))),
                t.usd_per_unit(brl, d(day))
            );
        }
    }

    #[test]
    fn unknown_currencies_have_no_rate() {
        let t = RateTable::from_csv(TABLE, "r.csv").unwrap();
        assert_eq!(
            t.usd_per_unit("XYZ".parse().unwrap(), d("2026-01-01")),
            None
        );
        assert_eq!(t.usd_per_unit(Currency::USD, d("2026-01-01")), Some(1.0));
    }

    #[test]
    fn currency_codes_are_checked() {
        assert!("US".parse::<Currency>().is_err());
        assert!("U$D".parse::<Currency>().is_err());
        assert_eq!("eur".parse::<Currency>().unwrap().code(), "EUR");
    }

    #[test]
    fn bad_rows_name_the_field() {
        let err = RateTable::from_csv("date,currency,usd_per_unit\n2026-01-01,BRL,-1\n", "r.csv")
            .unwrap_err()
            .to_string();
        assert_eq!(err, "r.csv:2: field \"usd_per_unit\": invalid rate \"-1\"");
    }

    #[test]
    fn bundled_table_knows_the_markets_currencies() {
        let t = RateTable::bundled();
        for code in [
            "BRL", "MXN", "ARS", "COP", "CLP", "UYU", "CRC", "PEN", "EUR", "GBP",
        ] {
            assert!(
                t.usd_per_unit(code.parse().unwrap(), d("2026-06-01"))
                    .is_some(),
                "{code}"
            );
        }
    }
}
