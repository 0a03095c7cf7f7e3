//! What the workbook formats share: scrkit's hidden marker sheet, the order sheets are tried
//! in, and calamine's values as cells.

use super::grid::{CellValue, Grid, Region};
use crate::diagnostic::{Diagnostic, Location};
use calamine::{Data, Dimensions, Range, Reader, SheetVisible};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use quick_xml::events::BytesStart;
use std::io::BufReader;

/// The name of the hidden sheet in scrkit's chronology workbook that says which review and
/// agency the workbook was made for.
pub(crate) const MARKER_SHEET: &str = "scrkit";

/// Marker key: the review reference.
pub(crate) const KEY_REVIEW: &str = "Review reference";

/// Marker key: the agency id in the case file.
pub(crate) const KEY_AGENCY_ID: &str = "Agency id";

/// Marker key: the agency's name.
pub(crate) const KEY_AGENCY_NAME: &str = "Agency name";

/// Marker key: the sheet holding the chronology.
pub(crate) const KEY_SHEET: &str = "Chronology sheet";

/// Marker key: the layout version.
pub(crate) const KEY_FORMAT: &str = "Format";

/// Marker key: a check on the other keys, so that a marker edited by hand is told apart.
pub(crate) const KEY_CHECK: &str = "Check";

/// The layout version written by this scrkit.
pub(crate) const FORMAT_VERSION: &str = "scrkit chronology workbook 1";

/// The agency summary workbook's layout version (`crate::summary`).
pub(crate) const SUMMARY_FORMAT_VERSION: &str = "scrkit agency summary workbook 1";

/// What the hidden sheet of scrkit's chronology workbook says.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Marker {
    /// The review reference the workbook was made for.
    pub review_reference: String,
    /// The agency id in the case file.
    pub agency_id: String,
    /// The agency's name.
    pub agency_name: String,
    /// The sheet holding the chronology.
    pub sheet: String,
    /// The layout version.
    pub format: String,
    /// The check on the other keys (agency summary workbooks), as written.
    pub check: String,
}

/// Reads the marker sheet's key/value rows.
pub(super) fn marker_from_rows(rows: &[Vec<String>]) -> Option<Marker> {
    let mut m = Marker::default();
    let mut any = false;
    for r in rows {
        let (Some(k), Some(v)) = (r.first(), r.get(1)) else {
            continue;
        };
        let v = v.trim().to_string();
        let field = match k.trim() {
            KEY_REVIEW => &mut m.review_reference,
            KEY_AGENCY_ID => &mut m.agency_id,
            KEY_AGENCY_NAME => &mut m.agency_name,
            KEY_SHEET => &mut m.sheet,
            KEY_FORMAT => &mut m.format,
            KEY_CHECK => &mut m.check,
            _ => continue,
        };
        *field = v;
        any = true;
    }
    any.then_some(m)
}

pub(super) fn range_texts(range: &Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| r.iter().map(|d| data_value(d).text()).collect())
        .collect()
}

/// Sheet order to try: the marker's sheet alone if it names one that exists, else visible
/// sheets in workbook order (the marker sheet itself never).
pub(super) fn candidate_sheets(
    sheets: &[(String, bool)],
    marker: Option<&Marker>,
) -> (Vec<String>, Option<String>) {
    if let Some(m) = marker
        && !m.sheet.is_empty()
        && let Some((name, _)) = sheets
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(&m.sheet))
    {
        return (vec![name.clone()], Some(name.clone()));
    }
    let list = sheets
        .iter()
        .filter(|(n, visible)| *visible && !n.eq_ignore_ascii_case(MARKER_SHEET))
        .map(|(n, _)| n.clone())
        .collect();
    (list, None)
}

pub(super) fn sheet_list<R: Reader<BufReader<std::fs::File>>>(book: &R) -> Vec<(String, bool)> {
    book.sheets_metadata()
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

pub(super) fn region_of(d: &Dimensions) -> Region {
    Region {
        first_row: d.start.0 as usize,
        first_col: d.start.1 as usize,
        last_row: d.end.0 as usize,
        last_col: d.end.1 as usize,
    }
}

pub(super) fn excel_datetime(dt: &calamine::ExcelDateTime) -> CellValue {
    let serial = dt.as_f64();
    // Excel's 1900 system counts a 29 February 1900 that never was (serial 60); calamine would
    // make it 28 February. Kept as the text Excel shows, so the date check reports it.
    if dt.is_datetime() && matches!(dt.to_ymd_hms_milli(), (1900, 2, 29, ..)) {
        return CellValue::Text("29/02/1900".into());
    }
    if dt.is_duration() || (0.0..1.0).contains(&serial) {
        return match crate::chronology::dates::time_from_number(serial.rem_euclid(1.0)) {
            Ok(t) => CellValue::Time(t),
            Err(_) => CellValue::Number(serial),
        };
    }
    match dt.as_datetime() {
        Some(d) => CellValue::DateTime(d),
        None => CellValue::Number(serial),
    }
}

pub(super) fn iso_datetime(s: &str) -> CellValue {
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        return CellValue::DateTime(d.and_time(NaiveTime::MIN));
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return CellValue::DateTime(d);
        }
    }
    for f in ["%H:%M:%S%.f", "%H:%M:%S"] {
        if let Ok(t) = NaiveTime::parse_from_str(s, f) {
            return CellValue::Time(t);
        }
    }
    CellValue::Text(s.to_string())
}

/// An ISO 8601 duration under a day (how ODS stores time cells) as a time of day.
pub(super) fn iso_duration(s: &str) -> CellValue {
    let body = s.strip_prefix("PT").or_else(|| s.strip_prefix("-PT"));
    let Some(mut body) = body else {
        return CellValue::Text(s.to_string());
    };
    let mut secs = 0f64;
    for (unit, mult) in [('H', 3600.0), ('M', 60.0), ('S', 1.0)] {
        if let Some((n, rest)) = body.split_once(unit) {
            match n.parse::<f64>() {
                Ok(v) => secs += v * mult,
                Err(_) => return CellValue::Text(s.to_string()),
            }
            body = rest;
        }
    }
    match NaiveTime::from_num_seconds_from_midnight_opt(secs.round() as u32, 0) {
        Some(t) if secs < 86_400.0 => CellValue::Time(t),
        _ => CellValue::Text(s.to_string()),
    }
}

/// Converts a calamine value (dates carry their own 1900/1904 system).
pub(super) fn data_value(d: &Data) -> CellValue {
    match d {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Int(i) => CellValue::Number(*i as f64),
        Data::Float(f) => CellValue::Number(*f),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(dt) => excel_datetime(dt),
        Data::DateTimeIso(s) => iso_datetime(s),
        Data::DurationIso(s) => iso_duration(s),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.to_string())
        })
}

pub(super) fn attr_num(e: &BytesStart, name: &str) -> usize {
    attr(e, name).and_then(|v| v.parse().ok()).unwrap_or(1)
}

/// Reads the candidate sheets in order until one has a header row. A sheet that cannot be
/// read is reported, with `help`, and passed over.
pub(super) fn first_with_header<E: std::fmt::Display>(
    candidates: Vec<String>,
    mut read: impl FnMut(&str) -> Result<Grid, E>,
    help: &str,
    want: &super::Wanted,
) -> (Vec<Grid>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut grids = Vec::new();
    for name in candidates {
        match read(&name) {
            Ok(g) => {
                let found = (want.has_header)(&g);
                grids.push(g);
                if found {
                    break;
                }
            }
            Err(e) => diagnostics.push(
                Diagnostic::error(Location::File, format!("cannot read sheet '{name}': {e}"))
                    .with_help(help),
            ),
        }
    }
    (grids, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_durations_are_times() {
        assert_eq!(
            iso_duration("PT14H05M00S"),
            CellValue::Time(NaiveTime::from_hms_opt(14, 5, 0).unwrap())
        );
        assert_eq!(iso_duration("PT30H"), CellValue::Text("PT30H".into()));
    }
}
