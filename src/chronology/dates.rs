//! Dates and times as agencies write them, read day first and never guessed.
//!
//! A chronology's dates come as real date cells, as Excel serial numbers (only in a date
//! column: elsewhere a number is a number), and as text in many UK forms. The rules:
//! - day first, always: `03/06/2015` is 3 June 2015. A date that only makes sense month first
//!   (`05/22/2015`) is impossible, and once a column holds one, its other day-and-month dates
//!   are ambiguous: both are errors, never silently swapped;
//! - an impossible date (`31/02/2015`) is an error;
//! - a two-digit year `yy` is 20yy, unless that is after the current year, when it is 19yy
//!   (in 2026: `15` is 2015, `26` is 2026, `92` is 1992) — see [`expand_two_digit_year`];
//! - the date's certainty is kept: a month and year alone (`May 2015`) is month only;
//!   `c.`, `circa`, `approx`, `about`, `around` or a `?` make it approximate.

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Serialize;

/// How sure the agency is of an entry's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// The day is known.
    #[default]
    Exact,
    /// The day is an estimate.
    Approximate,
    /// Only the month is known; the date held is the first of the month.
    MonthOnly,
}

impl Certainty {
    /// The label shown in the workbook's drop-down and in the merged chronology.
    pub fn label(self) -> &'static str {
        match self {
            Certainty::Exact => "Exact",
            Certainty::Approximate => "Approximate",
            Certainty::MonthOnly => "Month only",
        }
    }

    /// Every certainty, in the order of the drop-down.
    pub const ALL: [Certainty; 3] = [
        Certainty::Exact,
        Certainty::Approximate,
        Certainty::MonthOnly,
    ];

    /// Reads a Date certainty cell; `None` when the text is not one of the known words.
    pub fn parse(text: &str) -> Option<Certainty> {
        let n: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match n.as_str() {
            "exact" | "exactly" | "e" | "known" | "certain" | "actual" => Certainty::Exact,
            "approximate" | "approx" | "approximately" | "a" | "estimated" | "estimate"
            | "circa" | "about" | "around" | "uncertain" => Certainty::Approximate,
            "monthonly" | "month" | "m" | "monthknown" | "monthandyear" | "monthyear" => {
                Certainty::MonthOnly
            }
            _ => return None,
        })
    }
}

/// An entry's date with its certainty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct EntryDate {
    /// The day (the first of the month when only the month is known).
    pub date: NaiveDate,
    /// How sure the date is.
    pub certainty: Certainty,
}

impl EntryDate {
    /// An exact date.
    pub fn exact(date: NaiveDate) -> Self {
        EntryDate {
            date,
            certainty: Certainty::Exact,
        }
    }

    /// The date as the merged chronology shows it: `22 May 2015`, `May 2015`, `c. 22 May 2015`.
    pub fn display(&self) -> String {
        match self.certainty {
            Certainty::Exact => long_date(self.date),
            Certainty::Approximate => format!("c. {}", long_date(self.date)),
            Certainty::MonthOnly => crate::uk_dates::month_year(self.date),
        }
    }

    /// The last day this date may stand for: the month's end for a month-only date.
    pub fn last_day(&self) -> NaiveDate {
        match self.certainty {
            Certainty::MonthOnly => last_of_month(self.date),
            _ => self.date,
        }
    }

    /// Applies a Date certainty cell: it can only make a date less certain, never more.
    pub fn with_stated(mut self, stated: Certainty) -> Self {
        if stated == Certainty::MonthOnly {
            self.date = first_of_month(self.date);
        }
        self.certainty = self.certainty.max(stated);
        self
    }
}

pub use crate::uk_dates::long_date;

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

fn last_of_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|n| n.pred_opt())
        .unwrap_or(d)
}

/// Why a date or time could not be read, with what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong, for a coordinator.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl DateError {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        DateError {
            message: message.into(),
            help: help.into(),
        }
    }
}

const DATE_HELP: &str =
    "type the date day first as dd/mm/yyyy (e.g. 22/05/2015), or a month as May 2015";

/// The earliest year accepted: older dates are typing slips.
pub const EARLIEST_YEAR: i32 = 1900;

/// The stated rule for two-digit years: `yy` is 20yy unless that is after `today`'s year,
/// when it is 19yy. Chronologies hold recent events and some history (a parent's birth), so
/// a year never lands in the future by reading.
pub fn expand_two_digit_year(yy: i32, today: NaiveDate) -> i32 {
    if 2000 + yy > today.year() {
        1900 + yy
    } else {
        2000 + yy
    }
}

/// The month named by a word: full or short English names, `Sept` too.
fn month_from_word(w: &str) -> Option<u32> {
    let w = w.trim_end_matches('.').to_ascii_lowercase();
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    NAMES
        .iter()
        .position(|n| *n == w || (w.len() == 3 && n.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

fn is_weekday(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']).to_ascii_lowercase();
    [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ]
    .contains(&w.as_str())
}

/// A day number with an optional ordinal suffix: `22`, `22nd`, `1st`.
fn day_from_word(w: &str) -> Option<u32> {
    let w = w.to_ascii_lowercase();
    let digits = w
        .strip_suffix("st")
        .or_else(|| w.strip_suffix("nd"))
        .or_else(|| w.strip_suffix("rd"))
        .or_else(|| w.strip_suffix("th"))
        .unwrap_or(&w);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Strips the words and marks that make a date approximate; true when any was found.
fn strip_approximate(s: &str) -> (String, bool) {
    let mut t = s.trim().to_string();
    let mut approx = false;
    loop {
        let lower = t.to_ascii_lowercase();
        let mut changed = false;
        for prefix in [
            "approximately",
            "approx.",
            "approx",
            "circa",
            "around",
            "about",
            "ca.",
            "c.",
            "c ",
            "~",
            "?",
        ] {
            if lower.starts_with(prefix) {
                t = t[prefix.len()..].trim_start().to_string();
                approx = true;
                changed = true;
                break;
            }
        }
        let lower = t.to_ascii_lowercase();
        for suffix in [
            "(approx.)",
            "(approx)",
            "(approximate)",
            "approx.",
            "approx",
            "?",
        ] {
            if lower.ends_with(suffix) {
                t = t[..t.len() - suffix.len()].trim_end().to_string();
                approx = true;
                changed = true;
                break;
            }
        }
        if !changed {
            break;
        }
    }
    (t, approx)
}

/// The pieces of a date written with numbers and separators: `22/05/15`, `3.6.2015`.
fn numeric_parts(s: &str) -> Option<Vec<&str>> {
    let parts: Vec<&str> = s.split(['/', '.', '-']).collect();
    if parts.len() < 2
        || parts.len() > 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    Some(parts)
}

/// Splits a trailing time off a date text: `22/05/2015 14:05` → (`22/05/2015`, 14:05).
fn split_time(s: &str) -> (&str, Option<NaiveTime>) {
    if let Some((d, t)) = s.split_once('T')
        && d.len() == 10
        && let Ok(time) = parse_time_text(t.trim_end_matches('Z'))
    {
        return (d, Some(time));
    }
    if let Some((d, t)) = s.rsplit_once(' ')
        && t.contains(':')
        && let Ok(time) = parse_time_text(t)
    {
        return (d.trim_end_matches(',').trim_end(), Some(time));
    }
    (s, None)
}

/// A date read from text, with the time if the text carried one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    /// The date and its certainty.
    pub date: EntryDate,
    /// A time written after the date, e.g. `22/05/2015 14:05`.
    pub time: Option<NaiveTime>,
    /// True when the day and month were written as numbers that could be swapped (both ≤ 12).
    pub day_month_swappable: bool,
}

/// Reads a date typed as text. `today` decides two-digit years (see
/// [`expand_two_digit_year`]); it does not decide whether the date is in the future.
pub fn parse_date_text(raw: &str, today: NaiveDate) -> Result<ParsedDate, DateError> {
    let (s, approx) = strip_approximate(raw);
    let s = s.trim().trim_end_matches(',');
    if s.is_empty() {
        return Err(DateError::new("no date is given", DATE_HELP));
    }
    let (s, time) = split_time(s);
    let mut parsed = parse_plain(s, today)?;
    if approx {
        parsed.date.certainty = parsed.date.certainty.max(Certainty::Approximate);
    }
    parsed.time = time;
    Ok(parsed)
}

fn year_of(text: &str, today: NaiveDate) -> Result<i32, DateError> {
    let y: i32 = text
        .parse()
        .map_err(|_| DateError::new("the year is not a number", DATE_HELP))?;
    let year = match text.len() {
        2 => expand_two_digit_year(y, today),
        4 => y,
        _ => {
            return Err(DateError::new(
                "the year must have four digits (or two)",
                DATE_HELP,
            ));
        }
    };
    if year < EARLIEST_YEAR {
        return Err(DateError::new(
            format!("the year {year} is not plausible"),
            "check the year: it looks like a typing slip",
        ));
    }
    Ok(year)
}

fn make_date(y: i32, m: u32, d: u32) -> Result<NaiveDate, DateError> {
    if !(1..=12).contains(&m) {
        let help = if let Some(swapped) = NaiveDate::from_ymd_opt(y, d, m).filter(|_| m > 12) {
            format!(
                "dates are read day first (dd/mm/yyyy); this one looks month first (US order). \
                 If it means {}, write {m:02}/{d:02}/{y}",
                long_date(swapped)
            )
        } else {
            DATE_HELP.to_string()
        };
        return Err(DateError::new(
            format!("impossible date: there is no month {m}"),
            help,
        ));
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(|| {
        let name = NaiveDate::from_ymd_opt(y, m, 1)
            .map(crate::uk_dates::month_year)
            .unwrap_or_default();
        DateError::new(
            format!("impossible date: {name} has no day {d}"),
            "check the day and the month in the record",
        )
    })
}

fn parse_plain(s: &str, today: NaiveDate) -> Result<ParsedDate, DateError> {
    let exact = |date| ParsedDate {
        date: EntryDate::exact(date),
        time: None,
        day_month_swappable: false,
    };
    // Numbers and separators.
    if let Some(parts) = numeric_parts(s) {
        if parts.len() == 3 {
            // ISO and year-first forms: 2015-05-22, 2015/05/22.
            if parts[0].len() == 4 {
                let y = year_of(parts[0], today)?;
                let m = parts[1].parse().unwrap_or(0);
                let d = parts[2].parse().unwrap_or(0);
                return make_date(y, m, d).map(exact);
            }
            if parts[0].len() > 2 || parts[1].len() > 2 {
                return Err(DateError::new("not a date this tool can read", DATE_HELP));
            }
            let d: u32 = parts[0].parse().unwrap_or(0);
            let m: u32 = parts[1].parse().unwrap_or(0);
            let y = year_of(parts[2], today)?;
            let date = make_date(y, m, d)?;
            return Ok(ParsedDate {
                date: EntryDate::exact(date),
                time: None,
                day_month_swappable: d <= 12 && m <= 12 && d != m,
            });
        }
        // Two parts: mm/yyyy is a month; dd/mm has no year.
        if parts[1].len() == 4 && parts[0].len() <= 2 {
            let m: u32 = parts[0].parse().unwrap_or(0);
            let y = year_of(parts[1], today)?;
            let date = make_date(y, m, 1)?;
            return Ok(ParsedDate {
                date: EntryDate {
                    date,
                    certainty: Certainty::MonthOnly,
                },
                time: None,
                day_month_swappable: false,
            });
        }
        return Err(DateError::new(
            "the date has no year",
            "add the year, e.g. 22/05/2015",
        ));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(match s.len() {
            4 => DateError::new(
                "a year alone is not enough",
                "give at least the month, e.g. May 2015, and mark it Month only",
            ),
            _ => DateError::new("ambiguous date: a number without separators", DATE_HELP),
        });
    }
    // Words: 22 May 2015, 22nd May 2015, Tuesday 22 May 2015, 22-May-15, May 22, 2015, May 2015.
    let words: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || c == '-' || c == ',' || c == '/')
        .filter(|w| !w.is_empty())
        .collect();
    let words: Vec<&str> = match words.first() {
        Some(w) if is_weekday(w) => words[1..].to_vec(),
        _ => words,
    };
    match words.as_slice() {
        [d, m, y] => {
            if let (Some(d), Some(m)) = (day_from_word(d), month_from_word(m)) {
                let y = year_of(y, today)?;
                return make_date(y, m, d).map(exact);
            }
            if let (Some(m), Some(d)) = (month_from_word(d), day_from_word(m)) {
                let y = year_of(y, today)?;
                return make_date(y, m, d).map(exact);
            }
        }
        [m, y] => {
            if let Some(m) = month_from_word(m) {
                if y.len() == 4 {
                    let y = year_of(y, today)?;
                    let date = make_date(y, m, 1)?;
                    return Ok(ParsedDate {
                        date: EntryDate {
                            date,
                            certainty: Certainty::MonthOnly,
                        },
                        time: None,
                        day_month_swappable: false,
                    });
                }
                return Err(DateError::new(
                    "ambiguous date: the number after the month could be a day or a year",
                    "write the year in full, e.g. May 2015, or add the day, e.g. 15 May 2015",
                ));
            }
            if day_from_word(m).is_some() && month_from_word(y).is_some() {
                return Err(DateError::new(
                    "the date has no year",
                    "add the year, e.g. 22 May 2015",
                ));
            }
        }
        _ => {}
    }
    Err(DateError::new("not a date this tool can read", DATE_HELP))
}

/// Excel's serial day number to a date and time, in the 1900 or the 1904 system; `None`
/// outside the years 1900 to 9999.
pub fn serial_to_datetime(serial: f64, is_1904: bool) -> Option<NaiveDateTime> {
    if !serial.is_finite() || !(0.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = if is_1904 {
        NaiveDate::from_ymd_opt(1904, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(1899, 12, 30)?
    };
    let days = serial.floor();
    let secs = ((serial - days) * 86_400.0).round() as i64;
    base.and_hms_opt(0, 0, 0)?
        .checked_add_signed(chrono::Duration::days(days as i64))?
        .checked_add_signed(chrono::Duration::seconds(secs))
}

/// The smallest serial read as a date from a plain number cell: 1 January 1950. Smaller
/// numbers in a date column are typing slips (a year, a day), not dates.
pub const SMALLEST_PLAIN_SERIAL: f64 = 18_264.0;

/// Reads a plain number found in a date column as an Excel serial.
pub fn date_from_number(n: f64, is_1904: bool) -> Result<NaiveDateTime, DateError> {
    if n < SMALLEST_PLAIN_SERIAL {
        let as_date = serial_to_datetime(n, is_1904)
            .map(|d| {
                format!(
                    " (as a spreadsheet date it would be {})",
                    long_date(d.date())
                )
            })
            .unwrap_or_default();
        return Err(DateError::new(
            format!("ambiguous date: the number {n} is not a date{as_date}"),
            DATE_HELP,
        ));
    }
    serial_to_datetime(n, is_1904).ok_or_else(|| {
        DateError::new(
            format!("impossible date: the number {n} is not a date"),
            DATE_HELP,
        )
    })
}

const TIME_HELP: &str = "type the time as hh:mm on the 24-hour clock, e.g. 14:05";

/// Reads a time typed as text: `14:05`, `14.05`, `1405`, `930`, `14:05:30`, `2:05pm`, `2pm`,
/// `noon`, `midnight`.
pub fn parse_time_text(raw: &str) -> Result<NaiveTime, DateError> {
    let s = raw.trim().to_ascii_lowercase();
    let (s, _) = strip_approximate(&s);
    let s = s.trim();
    match s {
        "noon" | "midday" | "12 noon" => return NaiveTime::from_hms_opt(12, 0, 0).ok_or_else(bad),
        "midnight" => return NaiveTime::from_hms_opt(0, 0, 0).ok_or_else(bad),
        _ => {}
    }
    let (body, meridiem) = if let Some(b) = s.strip_suffix("am").or_else(|| s.strip_suffix("a.m."))
    {
        (b.trim(), Some(false))
    } else if let Some(b) = s.strip_suffix("pm").or_else(|| s.strip_suffix("p.m.")) {
        (b.trim(), Some(true))
    } else {
        (
            s.strip_suffix("hrs")
                .or_else(|| s.strip_suffix("hours"))
                .unwrap_or(s)
                .trim(),
            None,
        )
    };
    let parts: Vec<&str> = body.split([':', '.', 'h']).collect();
    if parts
        .iter()
        .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(bad());
    }
    let (mut h, m, sec): (u32, u32, u32) = match parts.as_slice() {
        [hm] if hm.len() == 3 || hm.len() == 4 => {
            let v: u32 = hm.parse().map_err(|_| bad())?;
            (v / 100, v % 100, 0)
        }
        [h] if h.len() <= 2 && meridiem.is_some() => (h.parse().map_err(|_| bad())?, 0, 0),
        [h, m] if m.len() == 2 => (
            h.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            0,
        ),
        [h, m, s] if m.len() == 2 && s.len() == 2 => (
            h.parse().map_err(|_| bad())?,
            m.parse().map_err(|_| bad())?,
            s.parse().map_err(|_| bad())?,
        ),
        _ => return Err(bad()),
    };
    if let Some(pm) = meridiem {
        if !(1..=12).contains(&h) {
            return Err(impossible(raw));
        }
        h = match (h, pm) {
            (12, false) => 0,
            (12, true) => 12,
            (h, true) => h + 12,
            (h, false) => h,
        };
    }
    NaiveTime::from_hms_opt(h, m, sec).ok_or_else(|| impossible(raw))
}

fn bad() -> DateError {
    DateError::new("not a time this tool can read", TIME_HELP)
}

fn impossible(raw: &str) -> DateError {
    DateError::new(format!("impossible time \"{}\"", raw.trim()), TIME_HELP)
}

/// Reads a number found in a time column: a fraction of a day (a time cell), or `hhmm`
/// typed as a whole number (1405 is 14:05).
pub fn time_from_number(n: f64) -> Result<NaiveTime, DateError> {
    if (0.0..1.0).contains(&n) {
        let secs = (n * 86_400.0).round() as u32;
        return NaiveTime::from_num_seconds_from_midnight_opt(secs.min(86_399), 0).ok_or_else(bad);
    }
    if n.fract() == 0.0 && (0.0..=2359.0).contains(&n) {
        let v = n as u32;
        return NaiveTime::from_hms_opt(v / 100, v % 100, 0)
            .ok_or_else(|| impossible(&v.to_string()));
    }
    Err(bad())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }
    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }
    fn parse(s: &str) -> Result<EntryDate, DateError> {
        parse_date_text(s, today()).map(|p| p.date)
    }
    fn exact(s: &str) -> NaiveDate {
        let p = parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
        assert_eq!(p.certainty, Certainty::Exact, "{s}");
        p.date
    }

    #[test]
    fn every_uk_numeric_form_is_day_first() {
        assert_eq!(exact("22/05/2015"), d(2015, 5, 22));
        assert_eq!(exact("22.05.15"), d(2015, 5, 22));
        assert_eq!(exact("3.6.15"), d(2015, 6, 3));
        assert_eq!(exact("03/06/2015"), d(2015, 6, 3));
        assert_eq!(exact("3-6-2015"), d(2015, 6, 3));
        assert_eq!(exact(" 22/05/2015 "), d(2015, 5, 22));
    }

    #[test]
    fn iso_and_year_first_forms() {
        assert_eq!(exact("2015-05-22"), d(2015, 5, 22));
        assert_eq!(exact("2015/05/22"), d(2015, 5, 22));
        let p = parse_date_text("2015-05-22T14:05:00", today()).unwrap();
        assert_eq!(p.date.date, d(2015, 5, 22));
        assert_eq!(p.time, NaiveTime::from_hms_opt(14, 5, 0));
    }

    #[test]
    fn word_forms() {
        assert_eq!(exact("22 May 2015"), d(2015, 5, 22));
        assert_eq!(exact("22nd May 2015"), d(2015, 5, 22));
        assert_eq!(exact("1st June 2015"), d(2015, 6, 1));
        assert_eq!(exact("3rd Sept 2015"), d(2015, 9, 3));
        assert_eq!(exact("Friday 22 May 2015"), d(2015, 5, 22));
        assert_eq!(exact("22-May-15"), d(2015, 5, 22));
        assert_eq!(exact("22 may 2015"), d(2015, 5, 22));
        assert_eq!(exact("May 22, 2015"), d(2015, 5, 22));
    }

    #[test]
    fn month_only_forms() {
        for s in ["May 2015", "may 2015", "05/2015", "May-2015"] {
            let p = parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(p.certainty, Certainty::MonthOnly, "{s}");
            assert_eq!(p.date, d(2015, 5, 1), "{s}");
            assert_eq!(p.display(), "May 2015");
            assert_eq!(p.last_day(), d(2015, 5, 31));
        }
    }

    #[test]
    fn approximate_marks_are_kept() {
        for s in [
            "c. 22/05/2015",
            "22/05/2015?",
            "?22/05/2015",
            "approx 22 May 2015",
            "circa 22.05.15",
            "about 22/05/2015",
            "22/05/2015 (approx)",
        ] {
            let p = parse(s).unwrap_or_else(|e| panic!("{s}: {e:?}"));
            assert_eq!(p.certainty, Certainty::Approximate, "{s}");
            assert_eq!(p.date, d(2015, 5, 22), "{s}");
        }
        assert_eq!(
            parse("c. May 2015").unwrap().certainty,
            Certainty::MonthOnly
        );
        assert_eq!(parse("c. 22/05/2015").unwrap().display(), "c. 22 May 2015");
    }

    #[test]
    fn impossible_dates_are_errors_never_swapped() {
        let e = parse("31/02/2015").unwrap_err();
        assert!(e.message.contains("February 2015 has no day 31"), "{e:?}");
        let e = parse("05/22/2015").unwrap_err();
        assert!(e.message.contains("no month 22"), "{e:?}");
        assert!(e.help.contains("month first"), "{e:?}");
        assert!(parse("32/01/2015").is_err());
        assert!(parse("29/02/2015").is_err());
        assert_eq!(exact("29/02/2016"), d(2016, 2, 29));
        assert!(parse("31 April 2015").is_err());
    }

    #[test]
    fn ambiguous_and_unreadable_texts_are_errors() {
        assert!(parse("22/05").unwrap_err().message.contains("no year"));
        assert!(parse("22 May").unwrap_err().message.contains("no year"));
        assert!(parse("May 15").unwrap_err().message.contains("ambiguous"));
        assert!(parse("2015").unwrap_err().message.contains("year alone"));
        assert!(parse("20150522").unwrap_err().message.contains("ambiguous"));
        assert!(parse("next Tuesday").is_err());
        assert!(parse("").is_err());
        assert!(
            parse("22/05/1015")
                .unwrap_err()
                .message
                .contains("not plausible")
        );
    }

    #[test]
    fn swappable_day_and_month_are_flagged() {
        assert!(
            parse_date_text("03/06/2015", today())
                .unwrap()
                .day_month_swappable
        );
        assert!(
            !parse_date_text("22/05/2015", today())
                .unwrap()
                .day_month_swappable
        );
        assert!(
            !parse_date_text("06/06/2015", today())
                .unwrap()
                .day_month_swappable
        );
    }

    #[test]
    fn two_digit_years_follow_the_stated_rule() {
        assert_eq!(expand_two_digit_year(15, today()), 2015);
        assert_eq!(expand_two_digit_year(26, today()), 2026);
        assert_eq!(expand_two_digit_year(27, today()), 1927);
        assert_eq!(expand_two_digit_year(92, today()), 1992);
        assert_eq!(exact("19/07/92"), d(1992, 7, 19));
    }

    #[test]
    fn serials_only_as_dates_and_in_both_systems() {
        assert_eq!(
            serial_to_datetime(42146.0, false).unwrap().date(),
            d(2015, 5, 22)
        );
        assert_eq!(
            serial_to_datetime(42146.0 - 1462.0, true).unwrap().date(),
            d(2015, 5, 22)
        );
        let dt = serial_to_datetime(42146.5868055556, false).unwrap();
        assert_eq!(dt.time(), NaiveTime::from_hms_opt(14, 5, 0).unwrap());
        assert!(
            date_from_number(2015.0, false)
                .unwrap_err()
                .message
                .contains("ambiguous")
        );
        assert!(date_from_number(9e9, false).is_err());
        assert_eq!(
            date_from_number(42146.0, false).unwrap().date(),
            d(2015, 5, 22)
        );
    }

    #[test]
    fn time_forms() {
        let t = |h, m| NaiveTime::from_hms_opt(h, m, 0).unwrap();
        assert_eq!(parse_time_text("14:05").unwrap(), t(14, 5));
        assert_eq!(parse_time_text("14.05").unwrap(), t(14, 5));
        assert_eq!(parse_time_text("1405").unwrap(), t(14, 5));
        assert_eq!(parse_time_text("930").unwrap(), t(9, 30));
        assert_eq!(parse_time_text("09:30").unwrap(), t(9, 30));
        assert_eq!(parse_time_text("2:05pm").unwrap(), t(14, 5));
        assert_eq!(parse_time_text("2 pm").unwrap(), t(14, 0));
        assert_eq!(parse_time_text("12am").unwrap(), t(0, 0));
        assert_eq!(parse_time_text("1405hrs").unwrap(), t(14, 5));
        assert_eq!(parse_time_text("noon").unwrap(), t(12, 0));
        assert_eq!(
            parse_time_text("14:05:30").unwrap(),
            NaiveTime::from_hms_opt(14, 5, 30).unwrap()
        );
        assert!(
            parse_time_text("25:00")
                .unwrap_err()
                .message
                .contains("impossible")
        );
        assert!(parse_time_text("14:65").is_err());
        assert!(parse_time_text("13pm").is_err());
        assert!(parse_time_text("teatime").is_err());
        assert_eq!(time_from_number(0.5868055556).unwrap(), t(14, 5));
        assert_eq!(time_from_number(1405.0).unwrap(), t(14, 5));
        assert!(time_from_number(1475.0).is_err());
    }

    #[test]
    fn stated_certainty_only_lowers_it() {
        let e = EntryDate::exact(d(2015, 5, 22));
        assert_eq!(e.with_stated(Certainty::MonthOnly).date, d(2015, 5, 1));
        assert_eq!(
            e.with_stated(Certainty::MonthOnly).certainty,
            Certainty::MonthOnly
        );
        let m = EntryDate {
            date: d(2015, 5, 1),
            certainty: Certainty::MonthOnly,
        };
        assert_eq!(
            m.with_stated(Certainty::Exact).certainty,
            Certainty::MonthOnly
        );
        assert_eq!(Certainty::parse("Month only"), Some(Certainty::MonthOnly));
        assert_eq!(Certainty::parse("approx."), Some(Certainty::Approximate));
        assert_eq!(Certainty::parse("EXACT"), Some(Certainty::Exact));
        assert_eq!(Certainty::parse("maybe"), None);
    }
}
