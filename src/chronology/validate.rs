//! Validating a return cell by cell and turning its rows into entries.
//!
//! Every problem of the file is reported, each with its cell (row, column letter and the
//! header as the agency wrote it), the value and what to do. A row with an error becomes an
//! [`ExcludedRow`] carrying its reasons, never a silently dropped line. Blank rows (nothing
//! outside Ref and Agency, which older blank workbooks pre-filled) are skipped silently. A return
//! whose agency is known (the blank workbook's hidden marker) needs no Agency or Source cell.

use super::columns::{Column, HeaderMap, Slot};
use super::dates::{
    Certainty, DateError, EntryDate, date_from_number, long_date, parse_date_text, parse_time_text,
    time_from_number,
};
use super::read::{CellValue, Grid, Region};
use super::{Entry, ExcludedRow, Scope};
use crate::diagnostic::{Diagnostic, Location, column_letter};
use chrono::{NaiveDate, NaiveTime};

/// What validating one grid produced.
#[derive(Debug, Default)]
pub(super) struct Validated {
    /// Rows without errors.
    pub entries: Vec<Entry>,
    /// Rows with errors, with their reasons.
    pub excluded: Vec<ExcludedRow>,
    /// Every problem, in row order.
    pub diagnostics: Vec<Diagnostic>,
    /// Non-blank rows below the header.
    pub rows_read: usize,
    /// The most frequent Agency cell value, for telling which agency a return is from.
    pub agency_values: Vec<(String, usize)>,
}

/// Row problems gathered while reading one row.
struct RowFaults {
    reasons: Vec<String>,
}

impl RowFaults {
    fn error(&mut self, out: &mut Vec<Diagnostic>, d: Diagnostic, column: &str) {
        self.reasons.push(format!("{column}: {}", d.message));
        out.push(d);
    }
}

/// Validates the rows under the header and builds the entries.
pub(super) fn validate_grid(
    mut grid: Grid,
    header: &HeaderMap,
    today: NaiveDate,
    scope: &Scope,
    agency_known: bool,
) -> Validated {
    let mut out = Validated::default();
    let headers: Vec<String> = grid
        .rows
        .get(header.row)
        .map(|r| r.cells.iter().map(CellValue::text).collect())
        .unwrap_or_default();
    let idx = |c: Column| header.index_of(c);
    let header_loc = |grid: &Grid, col: usize| grid.location(header.row, col, None);

    // Missing mandatory columns: reported once, at the header row.
    let mut fatal = Vec::new();
    if idx(Column::Date).is_none() {
        fatal.push("Date");
    }
    if idx(Column::Event).is_none() {
        fatal.push("Event / contact");
    }
    if idx(Column::Agency).is_none() && idx(Column::Source).is_none() {
        fatal.push("Agency (or Source)");
    }
    for name in &fatal {
        // A renamed or mistyped header is the likeliest cause: offer the one that is close.
        let meant: Vec<&str> = match *name {
            "Date" => Column::Date.aliases().to_vec(),
            "Event / contact" => Column::Event.aliases().to_vec(),
            _ => [Column::Agency.aliases(), Column::Source.aliases()].concat(),
        };
        let near = header
            .columns
            .iter()
            .enumerate()
            .find_map(|(col, slot)| match slot {
                Slot::Extra(text) => crate::suggest::closest(
                    &super::columns::normalise_header(text),
                    meant.iter().copied(),
                )
                .map(|_| (col, text)),
                _ => None,
            });
        let help = match near {
            Some((col, text)) => format!(
                "the column headed '{text}' (column {}) looks like it: head it '{name}', as in \
                 the agreed chronology template",
                crate::diagnostic::column_letter(col as u32)
            ),
            None => format!(
                "add a column headed '{name}' (or restore its header if it was renamed), \
                 as in the agreed chronology template"
            ),
        };
        out.diagnostics.push(
            Diagnostic::error(
                header_loc(&grid, 0),
                format!("the mandatory column {name} is missing from the header row"),
            )
            .with_value(
                headers
                    .iter()
                    .filter(|h| !h.is_empty())
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" | "),
            )
            .with_help(help),
        );
    }
    for (col, slot) in header.columns.iter().enumerate() {
        if let Slot::Repeated(c, text) = slot {
            out.diagnostics.push(
                Diagnostic::warning(
                    header_loc(&grid, col),
                    format!(
                        "a second {} column; the first one is used and this one is kept as an extra field",
                        c.header()
                    ),
                )
                .with_value(text.clone())
                .with_help("rename or remove one of the two columns"),
            );
        }
    }

    // Merged cells below (or in) the header row: reported once per region; the value of a
    // vertical merge is filled down so that the rows it covers read as the author meant.
    let first_data = header.row + 1;
    let mut merged_rows: Vec<(usize, String)> = Vec::new();
    let width = header.columns.len();
    let regions: Vec<Region> = grid
        .merged
        .iter()
        .copied()
        .filter(|r| r.last_row >= header.row)
        .collect();
    for r in &regions {
        let range = format!(
            "{}{}:{}{}",
            column_letter(r.first_col as u32),
            grid.rows.get(r.first_row).map(|x| x.number).unwrap_or(0),
            column_letter(r.last_col as u32),
            grid.rows.get(r.last_row).map(|x| x.number).unwrap_or(0)
        );
        let heading_row = r.first_row == r.last_row
            && r.first_col == 0
            && r.last_col + 1 >= width
            && r.first_row >= first_data;
        let ctx_loc = grid.location(
            r.first_row,
            r.first_col,
            headers.get(r.first_col).map(String::as_str),
        );
        if grid.merges_are_native {
            let msg = if heading_row {
                "a row spanning the whole table is read as a heading and skipped".to_string()
            } else if r.first_row == r.last_row {
                format!("a cell spans several columns ({range}); its text is read in the first")
            } else {
                format!("cells {range} are merged down; each row takes the merged value")
            };
            out.diagnostics
                .push(Diagnostic::warning(ctx_loc, msg).with_help(
                    "check the entries it covers; better, return the chronology in the workbook",
                ));
        } else {
            out.diagnostics.push(
                Diagnostic::error(ctx_loc, format!("cells {range} are merged")).with_help(
                    "unmerge the cells and type the value in every row it belongs to: merged \
                         cells break sorting and filtering, and only the first row holds the value",
                ),
            );
            for row in r.first_row.max(first_data)..=r.last_row {
                merged_rows.push((row, format!("merged cells {range}")));
            }
            // Fill the first column of the region down.
            if r.last_row > r.first_row {
                let v = grid
                    .rows
                    .get(r.first_row)
                    .and_then(|x| x.cells.get(r.first_col))
                    .cloned()
                    .unwrap_or_default();
                for row in r.first_row + 1..=r.last_row {
                    if let Some(cells) = grid.rows.get_mut(row).map(|x| &mut x.cells) {
                        if cells.len() <= r.first_col {
                            cells.resize(r.first_col + 1, CellValue::Empty);
                        }
                        if cells[r.first_col].is_blank() {
                            cells[r.first_col] = v.clone();
                        }
                    }
                }
            }
        }
        if heading_row && grid.merges_are_native {
            merged_rows.push((r.first_row, String::new()));
        }
    }
    let native_heading_rows: Vec<usize> = merged_rows
        .iter()
        .filter(|(_, reason)| reason.is_empty())
        .map(|(r, _)| *r)
        .collect();
    merged_rows.retain(|(_, reason)| !reason.is_empty());

    // Formulas in the data: the saved value is used, but a value is what a return must hold.
    let mut formula_cells: Vec<(usize, usize)> = grid
        .formulas
        .iter()
        .copied()
        .filter(|(r, _)| *r >= first_data)
        .collect();
    formula_cells.sort_unstable();
    let mut formula_errors: Vec<(usize, String)> = Vec::new();
    for (row, col) in formula_cells {
        let blank = grid
            .rows
            .get(row)
            .and_then(|r| r.cells.get(col))
            .is_none_or(CellValue::is_blank);
        let loc = grid.location(row, col, headers.get(col).map(String::as_str));
        if blank {
            out.diagnostics.push(
                Diagnostic::error(loc, "the cell holds a formula with no saved value")
                    .with_help("replace the formula by the value itself (copy, then paste values)"),
            );
            formula_errors.push((row, "a formula with no saved value".into()));
        } else {
            out.diagnostics.push(
                Diagnostic::warning(loc, "the cell holds a formula; its saved value is used")
                    .with_help("replace the formula by the value itself (copy, then paste values)"),
            );
        }
    }

    if !fatal.is_empty() {
        // Without a mandatory column no row can be an entry: each is listed as excluded.
        let reason = format!("the return has no {} column", fatal.join(", no "));
        for row in grid.rows.iter().skip(first_data) {
            if is_blank_row(&row.cells, header) {
                continue;
            }
            out.rows_read += 1;
            out.excluded.push(ExcludedRow {
                row: row.number,
                reasons: vec![reason.clone()],
            });
        }
        return out;
    }

    let header_norm: Vec<String> = headers.iter().map(|h| h.trim().to_lowercase()).collect();
    let mut month_first_evidence: Option<(u32, String)> = None;
    // Dates whose day and month could be swapped: (entry index if the row became one, row
    // number, the text, the date read).
    let mut swappable: Vec<(Option<usize>, u32, String, NaiveDate)> = Vec::new();
    let mut agency_counts: std::collections::HashMap<String, usize> = Default::default();
    let is_1904 = grid.is_1904;
    let mut rows = std::mem::take(&mut grid.rows);
    let grid = &grid;
    let loc = |number: u32, col: usize| -> Location {
        let header = headers
            .get(col)
            .filter(|h| !h.is_empty())
            .map(String::as_str);
        grid.location_at(number, col, header)
    };

    for (i, row) in rows.iter_mut().enumerate().skip(first_data) {
        let number = row.number;
        if is_blank_row(&row.cells, header) || native_heading_rows.contains(&i) {
            continue;
        }
        if row.repeated_header {
            continue;
        }
        if row.cells.len() >= 2
            && row
                .cells
                .iter()
                .zip(&header_norm)
                .all(|(c, h)| c.text().to_lowercase() == *h)
        {
            out.diagnostics.push(
                Diagnostic::warning(
                    loc(number, 0),
                    "the header row is repeated here; the row is skipped",
                )
                .with_help("delete the repeated header row"),
            );
            continue;
        }
        out.rows_read += 1;
        let mut faults = RowFaults {
            reasons: Vec::new(),
        };
        for (r, reason) in merged_rows.iter().chain(formula_errors.iter()) {
            if *r == i {
                faults.reasons.push(reason.clone());
            }
        }
        let cells = &mut row.cells;
        if cells.len() < width {
            cells.resize(width, CellValue::Empty);
        }
        let col_name = |c: Column| {
            idx(c)
                .and_then(|i| headers.get(i))
                .filter(|h| !h.is_empty())
                .cloned()
                .unwrap_or_else(|| c.header().to_string())
        };

        // Spreadsheet errors (#REF!) anywhere in the row.
        for (col, cell) in cells.iter().enumerate() {
            if let CellValue::Error(e) = cell {
                let name = headers.get(col).cloned().unwrap_or_default();
                faults.error(
                    &mut out.diagnostics,
                    Diagnostic::error(
                        loc(number, col),
                        format!("the cell shows the spreadsheet error {e}"),
                    )
                    .with_value(e.clone())
                    .with_help("type the value itself instead of a formula"),
                    &name,
                );
            }
        }

        // Cells too long for a spreadsheet: reported by the reader at each cell.
        for (col, cell) in cells.iter().enumerate() {
            if cell.is_too_long() {
                let name = headers.get(col).cloned().unwrap_or_default();
                faults.reasons.push(format!(
                    "{name}: the cell holds more than {} characters",
                    super::read::MAX_CELL_CHARS
                ));
            }
        }

        // Date.
        let date_col = idx(Column::Date).unwrap_or(0);
        let mut time_from_date = None;
        let date = match &cells[date_col] {
            c if c.is_blank() => {
                faults.error(
                    &mut out.diagnostics,
                    Diagnostic::error(loc(number, date_col), "the Date is blank").with_help(
                        "every entry needs a date: give at least the month (e.g. May 2015) \
                             and choose Month only under Date certainty",
                    ),
                    &col_name(Column::Date),
                );
                None
            }
            CellValue::Error(_) => None,
            cell => match read_date(cell, is_1904, today) {
                Ok((d, t, swap)) => {
                    time_from_date = t;
                    if swap {
                        swappable.push((None, number, cell.text(), d.date));
                    }
                    Some(d)
                }
                Err(e) => {
                    if month_first_evidence.is_none() && e.help.contains("month first") {
                        month_first_evidence = Some((number, cell.text()));
                    }
                    faults.error(
                        &mut out.diagnostics,
                        Diagnostic::error(loc(number, date_col), e.message)
                            .with_value(cell.text())
                            .with_help(e.help),
                        &col_name(Column::Date),
                    );
                    None
                }
            },
        };

        // Date certainty.
        let mut stated = Certainty::Exact;
        if let Some(col) = idx(Column::DateCertainty) {
            let cell = &cells[col];
            if !cell.is_blank() && !matches!(cell, CellValue::Error(_)) {
                match Certainty::parse(&cell.text()) {
                    Some(c) => stated = c,
                    None => faults.error(
                        &mut out.diagnostics,
                        Diagnostic::error(loc(number, col), "not a date certainty this tool knows")
                            .with_value(cell.text())
                            .with_help("choose Exact, Approximate or Month only"),
                        &col_name(Column::DateCertainty),
                    ),
                }
            }
        }
        let date = date.map(|d| d.with_stated(stated));

        // Time.
        let mut time = None;
        if let Some(col) = idx(Column::Time) {
            let cell = &cells[col];
            if !cell.is_blank() && !matches!(cell, CellValue::Error(_)) {
                match read_time(cell) {
                    Ok(t) => time = Some(t),
                    Err(e) => faults.error(
                        &mut out.diagnostics,
                        Diagnostic::error(loc(number, col), e.message)
                            .with_value(cell.text())
                            .with_help(e.help),
                        &col_name(Column::Time),
                    ),
                }
            }
        }
        if time.is_none() {
            time = time_from_date;
        }

        // End date.
        let mut end_date = None;
        if let Some(col) = idx(Column::EndDate) {
            let cell = &cells[col];
            if !cell.is_blank() && !matches!(cell, CellValue::Error(_)) {
                match read_date(cell, is_1904, today) {
                    Ok((d, _, _)) => {
                        let end = d.last_day();
                        if let Some(start) = date
                            && end < start.date
                        {
                            faults.error(
                                &mut out.diagnostics,
                                Diagnostic::error(
                                    loc(number, col),
                                    format!(
                                        "the end date is before the date ({})",
                                        start.display()
                                    ),
                                )
                                .with_value(cell.text())
                                .with_help(
                                    "check both dates; the end date is the last day of the event",
                                ),
                                &col_name(Column::EndDate),
                            );
                        } else if end > today {
                            faults.error(
                                &mut out.diagnostics,
                                Diagnostic::error(
                                    loc(number, col),
                                    "the end date is in the future",
                                )
                                .with_value(cell.text())
                                .with_help(
                                    "a chronology records what has happened; check the year",
                                ),
                                &col_name(Column::EndDate),
                            );
                        } else {
                            end_date = Some(end);
                        }
                    }
                    Err(e) => faults.error(
                        &mut out.diagnostics,
                        Diagnostic::error(loc(number, col), e.message)
                            .with_value(cell.text())
                            .with_help(e.help),
                        &col_name(Column::EndDate),
                    ),
                }
            }
        }

        // Future dates are errors; dates outside the scope are warnings.
        if let Some(d) = date {
            if d.date > today {
                faults.error(
                    &mut out.diagnostics,
                    Diagnostic::error(
                        loc(number, date_col),
                        format!("the date is in the future (today is {})", long_date(today)),
                    )
                    .with_value(cells[date_col].text())
                    .with_help("a chronology records what has happened; check the year and the day/month order"),
                    &col_name(Column::Date),
                );
            } else if let Some(msg) = scope.outside(d.date, end_date.unwrap_or(d.last_day())) {
                out.diagnostics.push(
                    Diagnostic::warning(loc(number, date_col), msg)
                        .with_value(cells[date_col].text())
                        .with_help(
                            "keep the entry only if it is relevant history; the review examines the scope period",
                        ),
                );
            }
        }

        // Mandatory texts.
        let agency_col = idx(Column::Agency);
        let source_col = idx(Column::Source);
        let filled = |c: Option<usize>| c.is_some_and(|c| !cells[c].is_blank());
        if !agency_known && !filled(agency_col) && !filled(source_col) {
            let col = agency_col.or(source_col).unwrap_or(0);
            faults.error(
                &mut out.diagnostics,
                Diagnostic::error(loc(number, col), "neither Agency nor Source is filled")
                    .with_help("give the agency (or team) that holds the record, or the record or system it comes from"),
                &col_name(Column::Agency),
            );
        }
        let event_col = idx(Column::Event).unwrap_or(0);
        if cells[event_col].is_blank() {
            faults.error(
                &mut out.diagnostics,
                Diagnostic::error(loc(number, event_col), "the Event is blank")
                    .with_help("describe what happened: the contact or event, factually"),
                &col_name(Column::Event),
            );
        }

        if !faults.reasons.is_empty() {
            out.excluded.push(ExcludedRow {
                row: number,
                reasons: faults.reasons,
            });
            continue;
        }
        let Some(date) = date else { continue };
        if let Some(last) = swappable.last_mut()
            && last.1 == number
        {
            last.0 = Some(out.entries.len());
        }
        let mut take = |c: Column| idx(c).map(|i| cells[i].take_text()).unwrap_or_default();
        let agency = take(Column::Agency);
        if !agency.is_empty() {
            match agency_counts.get_mut(&agency) {
                Some(n) => *n += 1,
                None => {
                    agency_counts.insert(agency.clone(), 1);
                }
            }
        }
        let entry = Entry {
            date,
            time,
            end_date,
            reference: take(Column::Ref),
            agency,
            source: take(Column::Source),
            practitioner_role: take(Column::PractitionerRole),
            subject: take(Column::Subject),
            event: take(Column::Event),
            outcome: take(Column::Outcome),
            comment: take(Column::Comment),
            extra: header
                .columns
                .iter()
                .enumerate()
                .filter_map(|(col, slot)| {
                    let name = match slot {
                        Slot::Extra(n) | Slot::Repeated(_, n) => n.clone(),
                        _ => return None,
                    };
                    let v = cells
                        .get_mut(col)
                        .map(CellValue::take_text)
                        .unwrap_or_default();
                    (!v.is_empty()).then_some((name, v))
                })
                .collect(),
            row: number,
        };
        out.entries.push(entry);
    }

    // Month-first dates elsewhere in the column make every swappable date ambiguous.
    if let Some((row, text)) = month_first_evidence
        && !swappable.is_empty()
    {
        let date_col = idx(Column::Date).unwrap_or(0);
        let mut drop = vec![false; out.entries.len()];
        let reason = format!("{}: ambiguous date", col_name_of(&headers, date_col));
        for (entry, number, value, date) in &swappable {
            let msg = format!(
                "ambiguous date: this column also has a month-first date (row {row}: {text}), \
                 so {value} could be {} or {}",
                crate::uk_dates::long_date(*date),
                swap_day_month(*date)
            );
            out.diagnostics.push(
                Diagnostic::error(loc(*number, date_col), msg)
                    .with_value(value.clone())
                    .with_help("write the month as a word (e.g. 3 June 2015) and correct the dates written month first"),
            );
            match entry {
                Some(k) => {
                    drop[*k] = true;
                    out.excluded.push(ExcludedRow {
                        row: *number,
                        reasons: vec![reason.clone()],
                    });
                }
                None => {
                    if let Some(x) = out.excluded.iter_mut().find(|x| x.row == *number) {
                        x.reasons.insert(0, reason.clone());
                    }
                }
            }
        }
        let mut k = 0;
        out.entries.retain(|_| {
            let keep = !drop[k];
            k += 1;
            keep
        });
        out.excluded.sort_by_key(|x| x.row);
    }
    let mut counts: Vec<(String, usize)> = agency_counts.into_iter().collect();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    out.agency_values = counts;
    sort_by_place(&mut out.diagnostics);
    out
}

fn col_name_of(headers: &[String], col: usize) -> String {
    headers.get(col).cloned().unwrap_or_else(|| "Date".into())
}

fn swap_day_month(d: NaiveDate) -> String {
    use chrono::Datelike;
    NaiveDate::from_ymd_opt(d.year(), d.day(), d.month())
        .map(crate::uk_dates::long_date)
        .unwrap_or_default()
}

/// Sorts diagnostics by where they are (file-level first, then by row and column), keeping
/// the order of those at the same place.
pub(super) fn sort_by_place(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(|d| match &d.location {
        Location::File => (0u32, 0usize, 0usize),
        Location::Cell { row, column, .. } => (*row, column.len(), column_sort(column)),
        Location::Docx { table: Some(t), .. } => (t.row as u32, 0, t.cell),
        _ => (0, 0, 0),
    });
}

fn column_sort(letters: &str) -> usize {
    letters
        .bytes()
        .fold(0usize, |n, b| n * 26 + (b - b'A' + 1) as usize)
}

/// A row is blank when nothing is filled outside Ref and Agency (older blank workbooks
/// pre-filled the agency's name, and some agencies pre-number their rows).
fn is_blank_row(cells: &[CellValue], header: &HeaderMap) -> bool {
    cells.iter().enumerate().all(|(col, c)| {
        c.is_blank()
            || matches!(
                header.columns.get(col),
                Some(Slot::Known(Column::Ref | Column::Agency))
            )
    })
}

/// Reads a cell in a date column: a date cell, a number as an Excel serial, or text. The
/// agency summary reads its date columns through it too.
pub(crate) fn read_date(
    cell: &CellValue,
    is_1904: bool,
    today: NaiveDate,
) -> Result<(EntryDate, Option<NaiveTime>, bool), DateError> {
    let nonzero = |t: NaiveTime| (t != NaiveTime::MIN).then_some(t);
    match cell {
        CellValue::DateTime(dt) => Ok((EntryDate::exact(dt.date()), nonzero(dt.time()), false)),
        CellValue::Number(n) => {
            let dt = date_from_number(*n, is_1904)?;
            Ok((EntryDate::exact(dt.date()), nonzero(dt.time()), false))
        }
        CellValue::Text(s) => {
            let p = parse_date_text(s, today)?;
            Ok((p.date, p.time, p.day_month_swappable))
        }
        CellValue::Time(_) => Err(DateError {
            message: "the cell holds a time, not a date".into(),
            help: "type the date as dd/mm/yyyy and the time in the Time column".into(),
        }),
        CellValue::Bool(_) => Err(DateError {
            message: "the cell holds TRUE or FALSE, not a date".into(),
            help: "type the date as dd/mm/yyyy".into(),
        }),
        CellValue::Empty | CellValue::Error(_) => Err(DateError {
            message: "no date is given".into(),
            help: "type the date as dd/mm/yyyy".into(),
        }),
    }
}

/// Reads a cell in the time column.
fn read_time(cell: &CellValue) -> Result<NaiveTime, DateError> {
    match cell {
        CellValue::Time(t) => Ok(*t),
        CellValue::DateTime(dt) => Ok(dt.time()),
        CellValue::Number(n) => time_from_number(*n),
        CellValue::Text(s) => parse_time_text(s),
        _ => Err(DateError {
            message: "not a time".into(),
            help: "type the time as hh:mm on the 24-hour clock, e.g. 14:05".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chronology::read::{GridKind, GridRow};

    fn text(s: &str) -> CellValue {
        CellValue::Text(s.into())
    }

    #[test]
    fn a_formula_without_a_saved_value_is_an_error() {
        let mut grid = Grid {
            kind: GridKind::Sheet,
            name: "Chronology".into(),
            rows: vec![
                GridRow {
                    number: 1,
                    cells: vec![text("Date"), text("Agency"), text("Event")],
                    repeated_header: false,
                },
                GridRow {
                    number: 2,
                    cells: vec![text("22/05/2015"), text("Police"), CellValue::Empty],
                    repeated_header: false,
                },
            ],
            formulas: Default::default(),
            merged: Vec::new(),
            merges_are_native: false,
            is_1904: false,
            held: Default::default(),
        };
        grid.formulas.insert((1, 2));
        let header = grid.header().unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let v = validate_grid(grid, &header, today, &Scope::default(), false);
        assert!(
            v.diagnostics
                .iter()
                .any(|d| d.is_error() && d.message.contains("formula with no saved value")),
            "{:?}",
            v.diagnostics
        );
        assert_eq!(v.excluded.len(), 1);
        assert!(v.excluded[0].reasons[0].contains("formula"));
    }
}
