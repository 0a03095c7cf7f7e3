//! Calendar arithmetic for statutory timescales: calendar months clamped to the month end,
//! working days, and the bank holidays of England and Wales.
//!
//! The bank holidays are computed from the rules that have fixed them since 1978 (New Year's
//! Day, Good Friday and Easter Monday from Easter, the early May, spring and summer bank
//! holidays, Christmas Day and Boxing Day, with substitute days when a holiday falls at a
//! weekend) plus a table of the one-off changes made by proclamation ([`ONE_OFF_CHANGES`]).
//! Nothing is looked up over the network: the data is about children and the tool runs
//! offline. When a new one-off bank holiday is announced, add it to the table.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Serialize;

/// The first year the rules in this module describe: the early May bank holiday began in 1978.
/// Earlier years are computed with the same rules, which is not what applied then.
pub const FIRST_YEAR_OF_RULES: i32 = 1978;

/// One bank holiday in England and Wales.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BankHoliday {
    /// The day the holiday is taken (the substitute day where the holiday fell at a weekend).
    pub date: NaiveDate,
    /// Its name as gov.uk gives it, e.g. "Boxing Day (substitute day)".
    pub name: String,
}

/// The regular bank holidays, so a one-off change can say which one it moves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Regular {
    /// 1 January, or the next weekday.
    NewYear,
    /// The Friday before Easter Sunday.
    GoodFriday,
    /// The Monday after Easter Sunday.
    EasterMonday,
    /// The first Monday in May.
    EarlyMay,
    /// The last Monday in May.
    Spring,
    /// The last Monday in August.
    Summer,
    /// 25 December, or a substitute weekday.
    Christmas,
    /// 26 December, or a substitute weekday.
    Boxing,
}

/// A change to the usual pattern, made by royal proclamation for one year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OneOffChange {
    /// A regular holiday moved to another day that year.
    Moved {
        /// Which holiday.
        holiday: Regular,
        /// The day it was taken instead.
        to: NaiveDate,
        /// The name gov.uk gave the moved day.
        name: &'static str,
    },
    /// An extra bank holiday.
    Extra {
        /// The day.
        date: NaiveDate,
        /// Its name.
        name: &'static str,
    },
}

const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(d) => d,
        None => panic!("invalid date in the one-off bank holiday table"),
    }
}

/// Every one-off change to the bank holidays of England and Wales since 1978.
pub const ONE_OFF_CHANGES: &[OneOffChange] = &[
    OneOffChange::Extra {
        date: ymd(1981, 7, 29),
        name: "Royal wedding",
    },
    OneOffChange::Moved {
        holiday: Regular::EarlyMay,
        to: ymd(1995, 5, 8),
        name: "Early May bank holiday (VE day)",
    },
    OneOffChange::Extra {
        date: ymd(1999, 12, 31),
        name: "Millennium celebrations",
    },
    OneOffChange::Moved {
        holiday: Regular::Spring,
        to: ymd(2002, 6, 4),
        name: "Spring bank holiday",
    },
    OneOffChange::Extra {
        date: ymd(2002, 6, 3),
        name: "Golden Jubilee bank holiday",
    },
    OneOffChange::Extra {
        date: ymd(2011, 4, 29),
        name: "Royal wedding",
    },
    OneOffChange::Moved {
        holiday: Regular::Spring,
        to: ymd(2012, 6, 4),
        name: "Spring bank holiday",
    },
    OneOffChange::Extra {
        date: ymd(2012, 6, 5),
        name: "Diamond Jubilee bank holiday",
    },
    OneOffChange::Moved {
        holiday: Regular::EarlyMay,
        to: ymd(2020, 5, 8),
        name: "Early May bank holiday (VE day)",
    },
    OneOffChange::Moved {
        holiday: Regular::Spring,
        to: ymd(2022, 6, 2),
        name: "Spring bank holiday",
    },
    OneOffChange::Extra {
        date: ymd(2022, 6, 3),
        name: "Platinum Jubilee bank holiday",
    },
    OneOffChange::Extra {
        date: ymd(2022, 9, 19),
        name: "Bank holiday for the State Funeral of Queen Elizabeth II",
    },
    OneOffChange::Extra {
        date: ymd(2023, 5, 8),
        name: "Bank holiday for the coronation of King Charles III",
    },
];

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus), because Good
/// Friday and Easter Monday move with it.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // month is 3 or 4 and day 1..=31 by construction.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or(NaiveDate::MIN)
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

fn first_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 1).unwrap_or(NaiveDate::MIN)
}

fn last_monday(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 5)
        .or_else(|| NaiveDate::from_weekday_of_month_opt(year, month, Weekday::Mon, 4))
        .unwrap_or(NaiveDate::MIN)
}

/// The bank holidays of England and Wales in `year`, in date order.
pub fn bank_holidays(year: i32) -> Vec<BankHoliday> {
    let easter = easter_sunday(year);
    let mut days: Vec<(Regular, NaiveDate, String)> = Vec::with_capacity(10);

    // New Year's Day, or the Monday after when it falls at a weekend.
    let ny = ymd_or_min(year, 1, 1);
    if is_weekend(ny) {
        days.push((
            Regular::NewYear,
            next_weekday(ny),
            "New Year's Day (substitute day)".into(),
        ));
    } else {
        days.push((Regular::NewYear, ny, "New Year's Day".into()));
    }
    days.push((
        Regular::GoodFriday,
        easter - Days::new(2),
        "Good Friday".into(),
    ));
    days.push((
        Regular::EasterMonday,
        easter + Days::new(1),
        "Easter Monday".into(),
    ));
    days.push((
        Regular::EarlyMay,
        first_monday(year, 5),
        "Early May bank holiday".into(),
    ));
    days.push((
        Regular::Spring,
        last_monday(year, 5),
        "Spring bank holiday".into(),
    ));
    days.push((
        Regular::Summer,
        last_monday(year, 8),
        "Summer bank holiday".into(),
    ));

    // Christmas and Boxing Day: a day that falls on a weekday stays; a day at a weekend is
    // taken on the next weekday not already taken, Christmas first.
    let christmas = ymd_or_min(year, 12, 25);
    let boxing = ymd_or_min(year, 12, 26);
    let mut taken: Vec<NaiveDate> = [christmas, boxing]
        .into_iter()
        .filter(|d| !is_weekend(*d))
        .collect();
    for (which, day, name) in [
        (Regular::Christmas, christmas, "Christmas Day"),
        (Regular::Boxing, boxing, "Boxing Day"),
    ] {
        if is_weekend(day) {
            let mut sub = next_weekday(day);
            while taken.contains(&sub) {
                sub = next_weekday(sub);
            }
            taken.push(sub);
            days.push((which, sub, format!("{name} (substitute day)")));
        } else {
            days.push((which, day, name.to_string()));
        }
    }

    for change in ONE_OFF_CHANGES {
        match *change {
            OneOffChange::Moved { holiday, to, name } if to.year() == year => {
                for d in days.iter_mut().filter(|d| d.0 == holiday) {
                    d.1 = to;
                    d.2 = name.to_string();
                }
            }
            _ => {}
        }
    }
    let mut out: Vec<BankHoliday> = days
        .into_iter()
        .map(|(_, date, name)| BankHoliday { date, name })
        .collect();
    for change in ONE_OFF_CHANGES {
        if let OneOffChange::Extra { date, name } = *change
            && date.year() == year
        {
            out.push(BankHoliday {
                date,
                name: name.to_string(),
            });
        }
    }
    out.sort_by_key(|h| h.date);
    out
}

fn ymd_or_min(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn next_weekday(d: NaiveDate) -> NaiveDate {
    let mut n = d.succ_opt().unwrap_or(d);
    while is_weekend(n) {
        n = n.succ_opt().unwrap_or(n);
    }
    n
}

/// The bank holiday on `date`, if there is one.
pub fn bank_holiday(date: NaiveDate) -> Option<BankHoliday> {
    bank_holidays(date.year())
        .into_iter()
        .find(|h| h.date == date)
}

/// True on a Monday to Friday that is not a bank holiday in England and Wales.
pub fn is_working_day(date: NaiveDate) -> bool {
    !is_weekend(date) && bank_holiday(date).is_none()
}

/// The `n`th working day after `start` (`start` itself is not counted), which is the last day
/// of "within `n` working days of `start`". `None` only past the end of the calendar.
pub fn add_working_days(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = start;
    let mut year = day.year();
    let mut holidays = bank_holidays(year);
    let mut left = n;
    while left > 0 {
        day = day.succ_opt()?;
        if day.year() != year {
            year = day.year();
            holidays = bank_holidays(year);
        }
        if !is_weekend(day) && !holidays.iter().any(|h| h.date == day) {
            left -= 1;
        }
    }
    Some(day)
}

/// The `n`th working day before `start` (`start` itself is not counted): the last day of "no
/// later than `n` working days before `start`". `None` only before the start of the calendar.
pub fn sub_working_days(start: NaiveDate, n: u32) -> Option<NaiveDate> {
    let mut day = start;
    let mut left = n;
    while left > 0 {
        day = day.pred_opt()?;
        if is_working_day(day) {
            left -= 1;
        }
    }
    Some(day)
}

/// The working days after `from` up to and including `to` (0 when `to` is not after `from`).
pub fn working_days_between(from: NaiveDate, to: NaiveDate) -> u32 {
    let mut count = 0;
    let mut day = from;
    while day < to {
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
        if is_working_day(day) {
            count += 1;
        }
    }
    count
}

/// `date` plus `n` calendar months; a day the target month lacks becomes its last day
/// (31 January plus one month is 28 or 29 February), as "within one month" is read.
pub fn add_months(date: NaiveDate, n: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(n))
}

/// `date` plus `n` calendar days.
pub fn add_days(date: NaiveDate, n: u64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(n))
}

/// `date` minus `n` calendar days.
pub fn sub_days(date: NaiveDate, n: u64) -> Option<NaiveDate> {
    date.checked_sub_days(Days::new(n))
}

pub use crate::uk_dates::long_date;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// The bank holidays of England and Wales as published on gov.uk, year by year.
    const PUBLISHED: &[(i32, &[(u32, u32)])] = &[
        (
            2015,
            &[
                (1, 1),
                (4, 3),
                (4, 6),
                (5, 4),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2016,
            &[
                (1, 1),
                (3, 25),
                (3, 28),
                (5, 2),
                (5, 30),
                (8, 29),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2017,
            &[
                (1, 2),
                (4, 14),
                (4, 17),
                (5, 1),
                (5, 29),
                (8, 28),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2018,
            &[
                (1, 1),
                (3, 30),
                (4, 2),
                (5, 7),
                (5, 28),
                (8, 27),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2019,
            &[
                (1, 1),
                (4, 19),
                (4, 22),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2020,
            &[
                (1, 1),
                (4, 10),
                (4, 13),
                (5, 8),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2021,
            &[
                (1, 1),
                (4, 2),
                (4, 5),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
        (
            2022,
            &[
                (1, 3),
                (4, 15),
                (4, 18),
                (5, 2),
                (6, 2),
                (6, 3),
                (8, 29),
                (9, 19),
                (12, 26),
                (12, 27),
            ],
        ),
        (
            2023,
            &[
                (1, 2),
                (4, 7),
                (4, 10),
                (5, 1),
                (5, 8),
                (5, 29),
                (8, 28),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2024,
            &[
                (1, 1),
                (3, 29),
                (4, 1),
                (5, 6),
                (5, 27),
                (8, 26),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2025,
            &[
                (1, 1),
                (4, 18),
                (4, 21),
                (5, 5),
                (5, 26),
                (8, 25),
                (12, 25),
                (12, 26),
            ],
        ),
        (
            2026,
            &[
                (1, 1),
                (4, 3),
                (4, 6),
                (5, 4),
                (5, 25),
                (8, 31),
                (12, 25),
                (12, 28),
            ],
        ),
        (
            2027,
            &[
                (1, 1),
                (3, 26),
                (3, 29),
                (5, 3),
                (5, 31),
                (8, 30),
                (12, 27),
                (12, 28),
            ],
        ),
    ];

    #[test]
    fn bank_holidays_2015_to_2027_match_the_published_lists() {
        for (year, dates) in PUBLISHED {
            let got: Vec<NaiveDate> = bank_holidays(*year).iter().map(|h| h.date).collect();
            let want: Vec<NaiveDate> = dates.iter().map(|(m, day)| d(*year, *m, *day)).collect();
            assert_eq!(got, want, "bank holidays of {year}");
        }
    }

    #[test]
    fn substitute_days_are_named_as_gov_uk_names_them() {
        let names = |y| {
            bank_holidays(y)
                .into_iter()
                .map(|h| (h.date, h.name))
                .collect::<Vec<_>>()
        };
        // Christmas on a Saturday: both days move, Christmas first.
        let h2021 = names(2021);
        assert!(h2021.contains(&(d(2021, 12, 27), "Christmas Day (substitute day)".into())));
        assert!(h2021.contains(&(d(2021, 12, 28), "Boxing Day (substitute day)".into())));
        // Christmas on a Sunday: Boxing Day stays on Monday, Christmas moves to Tuesday.
        let h2022 = names(2022);
        assert!(h2022.contains(&(d(2022, 12, 26), "Boxing Day".into())));
        assert!(h2022.contains(&(d(2022, 12, 27), "Christmas Day (substitute day)".into())));
        assert!(h2022.contains(&(d(2022, 1, 3), "New Year's Day (substitute day)".into())));
        // Boxing Day on a Saturday moves to Monday.
        assert!(names(2026).contains(&(d(2026, 12, 28), "Boxing Day (substitute day)".into())));
        // The one-offs.
        assert!(names(2020).contains(&(d(2020, 5, 8), "Early May bank holiday (VE day)".into())));
        assert!(
            names(2022)
                .iter()
                .any(|(day, n)| *day == d(2022, 9, 19) && n.contains("State Funeral"))
        );
        assert!(
            names(2023)
                .iter()
                .any(|(day, n)| *day == d(2023, 5, 8) && n.contains("coronation"))
        );
    }

    #[test]
    fn one_off_years_outside_the_test_range_are_right() {
        let dates = |y| {
            bank_holidays(y)
                .into_iter()
                .map(|h| h.date)
                .collect::<Vec<_>>()
        };
        assert!(dates(2012).contains(&d(2012, 6, 4)) && dates(2012).contains(&d(2012, 6, 5)));
        assert!(!dates(2012).contains(&d(2012, 5, 28)));
        assert!(dates(2011).contains(&d(2011, 4, 29)));
        assert!(dates(1999).contains(&d(1999, 12, 31)));
        assert!(dates(1995).contains(&d(1995, 5, 8)) && !dates(1995).contains(&d(1995, 5, 1)));
        // Every year has eight regular holidays, on distinct weekdays.
        for y in FIRST_YEAR_OF_RULES..=2100 {
            let hs = bank_holidays(y);
            assert!(hs.len() >= 8, "{y}");
            for h in &hs {
                assert!(!is_weekend(h.date), "{y}: {} falls at a weekend", h.name);
            }
            let mut ds: Vec<_> = hs.iter().map(|h| h.date).collect();
            ds.dedup();
            assert_eq!(ds.len(), hs.len(), "{y}: two holidays on one day");
        }
    }

    #[test]
    fn easter_matches_known_dates() {
        for (y, m, day) in [
            (1961, 4, 2),
            (2000, 4, 23),
            (2008, 3, 23),
            (2011, 4, 24),
            (2016, 3, 27),
            (2019, 4, 21),
            (2038, 4, 25),
            (2285, 3, 22),
        ] {
            assert_eq!(easter_sunday(y), d(y, m, day), "Easter {y}");
        }
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        // Thursday 22 December 2022: Fri 23, then Mon 26 and Tue 27 are holidays.
        assert_eq!(add_working_days(d(2022, 12, 22), 1), Some(d(2022, 12, 23)));
        assert_eq!(add_working_days(d(2022, 12, 22), 2), Some(d(2022, 12, 28)));
        // Across Easter 2016 (Good Friday 25 March, Easter Monday 28 March).
        assert_eq!(add_working_days(d(2016, 3, 23), 5), Some(d(2016, 4, 1)));
        // Across the New Year into a substitute day (Mon 2 January 2023).
        assert_eq!(add_working_days(d(2022, 12, 30), 1), Some(d(2023, 1, 3)));
        // Starting on a weekend counts from the next working day.
        assert_eq!(add_working_days(d(2024, 6, 8), 1), Some(d(2024, 6, 10)));
        assert_eq!(add_working_days(d(2024, 6, 10), 0), Some(d(2024, 6, 10)));
        assert_eq!(working_days_between(d(2022, 12, 22), d(2022, 12, 28)), 2);
        assert_eq!(working_days_between(d(2022, 12, 28), d(2022, 12, 22)), 0);
        assert!(!is_working_day(d(2022, 9, 19)));
        assert!(is_working_day(d(2022, 9, 20)));
        assert!(!is_working_day(d(2022, 9, 17)));
    }

    #[test]
    fn months_clamp_to_the_end_of_the_month() {
        assert_eq!(add_months(d(2015, 1, 31), 1), Some(d(2015, 2, 28)));
        assert_eq!(add_months(d(2016, 1, 31), 1), Some(d(2016, 2, 29)));
        assert_eq!(add_months(d(2016, 8, 31), 6), Some(d(2017, 2, 28)));
        assert_eq!(add_months(d(2016, 3, 31), 6), Some(d(2016, 9, 30)));
        assert_eq!(add_months(d(2016, 2, 29), 12), Some(d(2017, 2, 28)));
        assert_eq!(add_months(d(2016, 3, 21), 6), Some(d(2016, 9, 21)));
        assert_eq!(add_months(d(2016, 12, 15), 1), Some(d(2017, 1, 15)));
    }

    #[test]
    fn long_dates_read_as_documents_show_them() {
        assert_eq!(long_date(d(2026, 11, 25)), "25 November 2026");
        assert_eq!(long_date(d(2016, 3, 1)), "1 March 2016");
    }
}
