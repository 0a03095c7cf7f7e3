//! How scrkit writes a date for a reader in England: "5 December 2026", "December 2026". One
//! month table and one format, so that a letter, a message and the anonymiser's search agree
//! on what a date looks like written out.

use chrono::{Datelike, NaiveDate};

/// The month names, January first: the one table scrkit writes and reads them from.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2 March 2013": a date as documents and messages show it (no leading zero, never ISO).
pub fn long_date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), MONTHS[d.month0() as usize], d.year())
}

/// "March 2013": what is left of a date when only its month may be shown.
pub fn month_year(d: NaiveDate) -> String {
    format!("{} {}", MONTHS[d.month0() as usize], d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_day_month_year_without_a_leading_zero() {
        let d = NaiveDate::from_ymd_opt(2016, 2, 9).unwrap();
        assert_eq!(long_date(d), "9 February 2016");
        assert_eq!(month_year(d), "February 2016");
        let d = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
        assert_eq!(long_date(d), "25 December 2026");
    }
}
