//! Working hours, IANA time zones, and the overlap between two working days.
//!
//! Overlap is computed at a reference date with the real IANA rules (chrono-tz): each working
//! day is placed on the UTC time line for that date, so daylight saving time on either side
//! changes the result, as it does for the people involved.

use std::cell::Cell;
use std::fmt;
use std::str::FromStr;

use chrono::{LocalResult, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

const DAY: i32 = 24 * 60;

/// Local working hours, `HH:MM-HH:MM`; an end before the start runs past midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WorkHours {
    /// Start, in minutes after local midnight.
    start: u16,
    /// End, in minutes after local midnight.
    end: u16,
}

impl WorkHours {
    /// Working hours from start and end minutes after midnight.
    ///
    /// # Errors
    /// Either past 24:00, or start equal to end.
    pub fn new(start: u16, end: u16) -> Result<WorkHours, String> {
        if start >= DAY as u16 || end > DAY as u16 || start == end {
            return Err(format!("invalid working hours {start}..{end} (minutes)"));
        }
        Ok(WorkHours { start, end })
    }

    /// Length of the working day, in minutes.
    pub fn minutes(self) -> i32 {
        // Start and end differ, so a zero difference is the whole day (00:00-24:00).
        match (i32::from(self.end) - i32::from(self.start)).rem_euclid(DAY) {
            0 => DAY,
            m => m,
        }
    }

    /// Start, in minutes after local midnight.
    pub fn start(self) -> u16 {
        self.start
    }
}

impl Default for WorkHours {
    /// 09:00–17:00.
    fn default() -> WorkHours {
        WorkHours {
            start: 9 * 60,
            end: 17 * 60,
        }
    }
}

impl fmt::Display for WorkHours {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u16| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}-{}", hm(self.start), hm(self.end))
    }
}

impl FromStr for WorkHours {
    type Err = String;

    fn from_str(s: &str) -> Result<WorkHours, String> {
        let bad =
            || format!("invalid working hours \"{s}\" (expected HH:MM-HH:MM, e.g. 09:00-17:00)");
        let (a, b) = s.trim().split_once('-').ok_or_else(bad)?;
        let parse = |t: &str| -> Result<u16, String> {
            let t = t.trim();
            if t == "24:00" {
                return Ok(DAY as u16);
            }
            let time = NaiveTime::parse_from_str(t, "%H:%M").map_err(|_| bad())?;
            Ok((chrono::Timelike::hour(&time) * 60 + chrono::Timelike::minute(&time)) as u16)
        };
        WorkHours::new(parse(a)?, parse(b)?).map_err(|_| bad())
    }
}

/// Parses an IANA time-zone name (`America/Sao_Paulo`).
///
/// # Errors
/// An unknown name, with the closest known one where there is one.
pub fn parse_zone(name: &str) -> Result<Tz, String> {
    let name = crate::skills::trim(name);
    // The rows of a file name a few zones, over and over: each thread remembers the zones it
    // has met, by a cheap hash of the name, and checks a remembered zone by its name.
    thread_local! {
        static MET: [Cell<Option<(Tz, &'static str)>>; 64] =
            const { [const { Cell::new(None) }; 64] };
    }
    let slot = zone_slot(name.as_bytes());
    // The name is kept beside the zone: `Tz::name` is a jump through a table of 600 zones.
    if let Some((tz, _)) = MET.with(|met| met[slot].get()).filter(|met| met.1 == name) {
        return Ok(tz);
    }
    let tz = look_up_zone(name)?;
    if tz.name() == name {
        MET.with(|met| met[slot].set(Some((tz, tz.name()))));
    }
    Ok(tz)
}

/// A slot of [`parse_zone`]'s table for a name: its length and last eight bytes, mixed.
fn zone_slot(name: &[u8]) -> usize {
    let tail = &name[name.len().saturating_sub(8)..];
    let mut word = [0u8; 8];
    word[..tail.len()].copy_from_slice(tail);
    let mixed = (u64::from_le_bytes(word) ^ name.len() as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 58) as usize
}

/// [`parse_zone`] without the table.
fn look_up_zone(name: &str) -> Result<Tz, String> {
    name.parse::<Tz>().or_else(|_| {
        // Accept case differences (`america/sao_paulo`), as people type them.
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .copied()
            .ok_or_else(|| format!("unknown time zone \"{name}\" (expected an IANA name such as America/Sao_Paulo)"))
    })
}

/// A working day placed on the UTC time line of a reference date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UtcShift {
    /// Start, in minutes after the reference date's UTC midnight (may be negative).
    pub start: i32,
    /// End, in minutes after the reference date's UTC midnight.
    pub end: i32,
}

impl UtcShift {
    /// Places local working hours in `tz` on `date`, with the IANA rules in force then.
    ///
    /// A start time that falls in a daylight-saving gap moves forward to the first valid
    /// minute; an ambiguous one takes the earlier instant.
    pub fn place(tz: Tz, hours: WorkHours, date: NaiveDate) -> UtcShift {
        let midnight = date.and_hms_opt(0, 0, 0).expect("midnight exists");
        let mut local = midnight + chrono::Duration::minutes(i64::from(hours.start));
        let instant = loop {
            match tz.from_local_datetime(&local) {
                LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => break t,
                LocalResult::None => local += chrono::Duration::minutes(1),
            }
        };
        let start = (instant.naive_utc() - midnight).num_minutes() as i32;
        UtcShift {
            start,
            end: start + hours.minutes(),
        }
    }

    /// [`UtcShift::place`], remembered per thread in a small table: the rows of a file share
    /// a few time zones and one reference date.
    pub fn place_remembered(tz: Tz, hours: WorkHours, date: NaiveDate) -> UtcShift {
        type Slot = Option<(Tz, WorkHours, NaiveDate, UtcShift)>;
        thread_local! {
            static PLACED: std::cell::RefCell<[Slot; 64]> =
                const { std::cell::RefCell::new([None; 64]) };
        }
        let slot = ((tz as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 58) as usize;
        PLACED.with_borrow_mut(|placed| match placed[slot] {
            Some((t, h, d, shift)) if (t, h, d) == (tz, hours, date) => shift,
            _ => {
                let shift = UtcShift::place(tz, hours, date);
                placed[slot] = Some((tz, hours, date, shift));
                shift
            }
        })
    }

    /// Hours per day the two working days share: the overlap of `self` with `other` repeated
    /// every 24 hours.
    pub fn overlap_hours(self, other: UtcShift) -> f64 {
        let minutes: i32 = [-DAY, 0, DAY]
            .iter()
            .map(|shift| {
                let lo = self.start.max(other.start + shift);
                let hi = self.end.min(other.end + shift);
                (hi - lo).max(0)
            })
            .sum();
        f64::from(minutes) / 60.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remembered_zone_is_the_zone_named() {
        // Twice over every zone, each followed by a name sharing its slot (same length and
        // tail) that names no zone: the table must answer each by its own name.
        for _ in 0..2 {
            for tz in chrono_tz::TZ_VARIANTS {
                let name = tz.name();
                assert_eq!(parse_zone(name), Ok(tz));
                assert_eq!(parse_zone(&format!(" {name} ")), Ok(tz));
                assert_eq!(parse_zone(&name.to_ascii_lowercase()), Ok(tz));
                let near = format!("#{}", &name[1..]);
                if name.len() > 8 {
                    assert_eq!(zone_slot(near.as_bytes()), zone_slot(name.as_bytes()));
                }
                assert!(parse_zone(&near).is_err(), "{near}");
                assert_eq!(parse_zone(name), Ok(tz));
            }
        }
    }

    #[test]
    fn a_remembered_placement_is_the_placement() {
        let hours = ["09:00-17:00", "22:00-06:00"].map(|h| h.parse::<WorkHours>().unwrap());
        for _ in 0..2 {
            for tz in chrono_tz::TZ_VARIANTS.iter().step_by(7) {
                for date in [d("2026-03-08"), d("2026-07-01")] {
                    for h in hours {
                        assert_eq!(
                            UtcShift::place_remembered(*tz, h, date),
                            UtcShift::place(*tz, h, date),
                            "{tz} {date}"
                        );
                    }
                }
            }
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn overlap(a: &str, b: &str, date: &str) -> f64 {
        let nine_to_five = WorkHours::default();
        let a = UtcShift::place(parse_zone(a).unwrap(), nine_to_five, d(date));
        let b = UtcShift::place(parse_zone(b).unwrap(), nine_to_five, d(date));
        a.overlap_hours(b)
    }

    #[test]
    fn sao_paulo_and_los_angeles_follow_daylight_saving() {
        // January: LA on PST (UTC-8), Sao Paulo UTC-3: 17:00-01:00 vs 12:00-20:00 UTC.
        assert_eq!(
            overlap("America/Sao_Paulo", "America/Los_Angeles", "2026-01-15"),
            3.0
        );
        // July: LA on PDT (UTC-7): 16:00-00:00 vs 12:00-20:00 UTC.
        assert_eq!(
            overlap("America/Sao_Paulo", "America/Los_Angeles", "2026-07-15"),
            4.0
        );
    }

    #[test]
    fn overlap_is_symmetric_and_full_in_one_zone() {
        let a = overlap("America/Bogota", "Europe/Madrid", "2026-03-02");
        let b = overlap("Europe/Madrid", "America/Bogota", "2026-03-02");
        assert_eq!(a, b);
        assert_eq!(
            overlap("America/Mexico_City", "America/Mexico_City", "2026-03-02"),
            8.0
        );
    }

    #[test]
    fn overlap_wraps_around_midnight() {
        // Tokyo 09-17 is 00:00-08:00 UTC; LA (PST) 09-17 is 17:00-01:00 UTC: one hour shared.
        assert_eq!(
            overlap("Asia/Tokyo", "America/Los_Angeles", "2026-01-15"),
            1.0
        );
        assert_eq!(
            overlap("America/Los_Angeles", "Asia/Tokyo", "2026-01-15"),
            1.0
        );
    }

    #[test]
    fn working_hours_parse_and_reject() {
        assert_eq!("08:30-17:30".parse::<WorkHours>().unwrap().minutes(), 540);
        assert_eq!("22:00-06:00".parse::<WorkHours>().unwrap().minutes(), 480);
        assert!("9-5".parse::<WorkHours>().is_err());
        assert!("09:00-09:00".parse::<WorkHours>().is_err());
        assert_eq!(WorkHours::default().to_string(), "09:00-17:00");
        assert_eq!(
            "00:00-24:00".parse::<WorkHours>().unwrap().minutes(),
            24 * 60
        );
    }

    #[test]
    fn zones_are_checked() {
        assert!(parse_zone("America/Sao Paulo")
            .unwrap_err()
            .contains("unknown time zone"));
        assert_eq!(
            parse_zone("america/sao_paulo").unwrap(),
            chrono_tz::America::Sao_Paulo
        );
    }

    #[test]
    fn a_start_in_a_dst_gap_moves_forward() {
        // New York springs forward at 02:00 on 2026-03-08.
        let hours: WorkHours = "02:30-10:30".parse().unwrap();
        let shift = UtcShift::place(chrono_tz::America::New_York, hours, d("2026-03-08"));
        assert_eq!(shift.start, 7 * 60, "03:00 EDT is 07:00 UTC");
    }
}
