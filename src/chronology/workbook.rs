//! The blank chronology workbook each agency receives in its pack.
//!
//! It is the return's best form: the agreed columns in order, the header locked and frozen,
//! dates and times validated as they are typed (dates within the scope, with a warning rather
//! than a refusal, since relevant history may be older), drop-downs for date certainty and for
//! the subject (the family's pseudonyms), an instructions sheet with the scope and the return
//! date, and a hidden sheet naming the review and the agency so that the return is matched to
//! its agency when it comes back (see [`super::read`]): rows are not pre-filled with the
//! agency's name. Both sheets print: one page wide, the chronology landscape with its header
//! row on every page, each with a print area.

use super::Entry;
use super::columns::Column;
use super::dates::{Certainty, long_date};
use super::read::{
    FORMAT_VERSION, KEY_AGENCY_ID, KEY_AGENCY_NAME, KEY_FORMAT, KEY_REVIEW, KEY_SHEET, MARKER_SHEET,
};
use crate::case::Case;
use chrono::NaiveTime;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    ProtectionOptions, Workbook, XlsxError,
};

/// The sheet agencies fill in.
pub const CHRONOLOGY_SHEET: &str = "Chronology";

/// Rows made ready (validation, formats) below the header.
pub const READY_ROWS: u32 = 1000;

/// The width of the instructions' text column (characters of the default font).
const INSTRUCTION_WIDTH: f64 = 80.0;
/// A4, in the spreadsheet's paper codes.
pub(crate) const PAPER_A4: u8 = 9;
/// The last row of a worksheet (from 0): a print area to it covers whole columns.
pub(crate) const LAST_SHEET_ROW: u32 = 1_048_575;

/// The height (points) a wrapped text needs in a column `width` characters wide, so that no
/// reader draws it over the next row: spreadsheets do not grow a row for wrapped text that
/// the writer did not measure.
fn row_height(text: &str, width: f64) -> f64 {
    row_height_of(&[(text, width)])
}

/// The height (points) of a row whose wrapped cells hold these texts in columns this wide
/// (characters of the default font): the tallest cell's.
pub(crate) fn row_height_of(cells: &[(&str, f64)]) -> f64 {
    let lines = cells
        .iter()
        .map(|(text, width)| wrapped_lines(text, *width))
        .max()
        .unwrap_or(1);
    15.0 * lines.max(1) as f64 + 2.0
}

fn wrapped_lines(text: &str, width: f64) -> usize {
    // A character of the default font is, on average, a little narrower than the column
    // unit; a margin is kept in hand.
    let per_line = (width * 1.05).max(1.0) as usize;
    let mut lines = 0;
    for para in text.split('\n') {
        let mut len = 0usize;
        let mut n = 1;
        for word in para.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w > per_line {
                n += 1;
                len = w;
            } else {
                len += w + usize::from(len > 0);
            }
        }
        lines += n;
    }
    lines
}

/// The instructions sheet a return workbook opens on (the chronology's and the agency
/// summary's): a title, the facts of the request, how to fill it in, and what each column
/// takes; one A4 page wide when printed.
pub(crate) struct Instructions<'a> {
    /// The width of the labels' column (characters of the default font).
    pub(crate) label_width: f64,
    /// The first line, in large bold.
    pub(crate) title: String,
    /// The request's facts: label, value.
    pub(crate) facts: &'a [(&'a str, String)],
    /// How to fill it in, a line each.
    pub(crate) how: &'a [String],
    /// Each column's header and what to put in it.
    pub(crate) columns: &'a [(&'a str, &'a str)],
    /// The format of the facts' labels and of "How to fill it in".
    pub(crate) label: &'a Format,
    /// The format of the columns' names.
    pub(crate) column_name: &'a Format,
}

/// Adds the [`Instructions`] sheet to `book`.
pub(crate) fn write_instructions(book: &mut Workbook, i: &Instructions) -> Result<(), XlsxError> {
    let title = Format::new().set_bold().set_font_size(14);
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header = crate::sheet_style::header();
    let ws = book.add_worksheet();
    ws.set_name("Instructions")?;
    ws.set_column_width(0, i.label_width)?;
    ws.set_column_width(1, INSTRUCTION_WIDTH)?;
    ws.write_string_with_format(0, 0, &i.title, &title)?;
    for (n, (k, v)) in i.facts.iter().enumerate() {
        let row = 2 + n as u32;
        ws.write_string_with_format(row, 0, *k, i.label)?;
        ws.write_string_with_format(row, 1, v, &wrap)?;
        ws.set_row_height(row, row_height(v, INSTRUCTION_WIDTH))?;
    }
    let start = 3 + i.facts.len() as u32;
    ws.write_string_with_format(start, 0, "How to fill it in", i.label)?;
    for (n, line) in i.how.iter().enumerate() {
        let row = start + 1 + n as u32;
        ws.write_string_with_format(row, 1, line, &wrap)?;
        ws.set_row_height(row, row_height(line, INSTRUCTION_WIDTH))?;
    }
    let cols_at = start + 2 + i.how.len() as u32;
    ws.write_string_with_format(cols_at, 0, "Column", &header)?;
    ws.write_string_with_format(cols_at, 1, "What to put in it", &header)?;
    for (n, (name, guidance)) in i.columns.iter().enumerate() {
        let row = cols_at + 1 + n as u32;
        ws.write_string_with_format(row, 0, *name, i.column_name)?;
        ws.write_string_with_format(row, 1, *guidance, &wrap)?;
        ws.set_row_height(row, row_height(guidance, INSTRUCTION_WIDTH))?;
    }
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_print_area(0, 0, cols_at + i.columns.len() as u32, 1)?;
    Ok(())
}

/// Why a blank workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum WorkbookError {
    /// The agency id is not in the case.
    #[error("the case has no agency with id '{0}'")]
    UnknownAgency(String),
    /// The spreadsheet writer failed.
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// The pseudonyms an entry can be about: the child's, then the family's.
pub fn subjects(case: &Case) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |s: &str| {
        let s = s.trim();
        if !s.is_empty() && !out.iter().any(|x: &String| x == s) {
            out.push(s.to_string());
        }
    };
    add(&case.child.pseudonym);
    for m in &case.family {
        add(&m.pseudonym);
    }
    add("Family");
    out
}

/// Writes the blank chronology workbook for one agency of the case, as .xlsx bytes.
pub fn blank(case: &Case, agency_id: &str) -> Result<Vec<u8>, WorkbookError> {
    filled(case, agency_id, &[])
}

/// Writes the chronology workbook for one agency with `entries` typed in, as an agency would
/// (dates as date cells, times as time cells): to send a return back in the agreed form, and
/// to make the sample returns.
pub fn filled(case: &Case, agency_id: &str, entries: &[Entry]) -> Result<Vec<u8>, WorkbookError> {
    let agency = case
        .agency(agency_id)
        .ok_or_else(|| WorkbookError::UnknownAgency(agency_id.to_string()))?;
    let scope = (case.review.scope.from, case.review.scope.to);
    let scope_text = match scope {
        (Some(f), Some(t)) => format!("{} to {}", long_date(f), long_date(t)),
        (Some(f), None) => format!("from {}", long_date(f)),
        (None, Some(t)) => format!("up to {}", long_date(t)),
        (None, None) => "[To be completed: the scope period]".to_string(),
    };
    let due = case
        .terms_of_reference
        .timescales
        .chronologies_due
        .map(long_date)
        .unwrap_or_else(|| "[To be completed: the return date]".to_string());
    let reference = case.review.reference.trim();

    let mut book = Workbook::new();
    let header = crate::sheet_style::header();

    // Instructions.
    let facts = [
        ("Review", format!("{} ({})", reference, case.board.name)),
        ("Agency", agency.name.clone()),
        ("Scope period", scope_text.clone()),
        ("Return by", due.clone()),
        (
            "Return to",
            if case.board.secure_email.is_empty() {
                "[To be completed: the board's secure e-mail address]".to_string()
            } else {
                format!("{} (secure e-mail only)", case.board.secure_email)
            },
        ),
    ];
    let how = [
        format!(
            "Record every contact your agency had with the child and family during the scope period ({scope_text}), one event per row of the '{CHRONOLOGY_SHEET}' sheet, in any order."
        ),
        "Earlier events may be included where they are relevant history; they are flagged for the panel, not refused.".to_string(),
        "Type dates as dd/mm/yyyy. If only the month is known, type the first of the month and choose 'Month only' under Date certainty; if the day is estimated, choose 'Approximate'.".to_string(),
        "Refer to the child and family by the names in the Subject list, and to staff by their role, never by name.".to_string(),
        "Do not rename the columns, merge cells or use formulas. Extra columns may be added at the right.".to_string(),
        format!("The Agency column may be left blank: this workbook already says it comes from {}. Use it to name a team where that helps.", agency.name),
        "The review team checks every cell when the workbook comes back and will send you a list of any to correct.".to_string(),
        "The workbook holds personal data about a child: keep it on secure storage and send it only by secure e-mail.".to_string(),
    ];
    let columns: Vec<_> = Column::ALL
        .iter()
        .map(|c| (c.header(), c.guidance()))
        .collect();
    write_instructions(
        &mut book,
        &Instructions {
            label_width: 18.0,
            title: format!("Chronology for {}: {}", reference, agency.name),
            facts: &facts,
            how: &how,
            columns: &columns,
            label: &Format::new().set_bold(),
            column_name: &Format::new().set_align(FormatAlign::Top),
        },
    )?;

    // The chronology sheet.
    let ws = book.add_worksheet();
    ws.set_name(CHRONOLOGY_SHEET)?;
    ws.set_active(true);
    let unlocked = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_unlocked()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let time = Format::new()
        .set_unlocked()
        .set_num_format("hh:mm")
        .set_align(FormatAlign::Top)
        .set_align(FormatAlign::Left);
    let last = READY_ROWS;
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, c.header(), &header)?;
        let (width, format) = match c {
            Column::Ref => (8.0, &unlocked),
            Column::Date | Column::EndDate => (12.0, &date),
            Column::Time => (8.0, &time),
            Column::DateCertainty => (14.0, &unlocked),
            Column::Agency | Column::Source | Column::PractitionerRole | Column::Subject => {
                (20.0, &unlocked)
            }
            Column::Event | Column::Outcome | Column::Comment => (45.0, &unlocked),
        };
        ws.set_column_width(col, width)?;
        ws.set_column_format(col, format)?;
        let help = DataValidation::new()
            .set_input_title(c.header())?
            .set_input_message(c.guidance())?;
        let dv = match c {
            Column::Date | Column::EndDate => match scope {
                (Some(f), Some(t)) => Some(
                    help.allow_date(DataValidationRule::Between(f, t))
                        .set_error_style(DataValidationErrorStyle::Warning)
                        .set_error_title("Outside the scope period")?
                        .set_error_message(format!(
                            "The review's scope is {scope_text}. Keep this date only if it is relevant history; choose Yes to keep it."
                        ))?,
                ),
                _ => Some(help),
            },
            Column::Time => Some(
                help.allow_time(DataValidationRule::Between(
                    NaiveTime::MIN,
                    NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN),
                ))
                .set_error_message("Type the time as hh:mm on the 24-hour clock, e.g. 14:05.")?,
            ),
            Column::DateCertainty => {
                let labels: Vec<&str> = Certainty::ALL.iter().map(|c| c.label()).collect();
                Some(
                    help.allow_list_strings(&labels)?
                        .set_error_message("Choose Exact, Approximate or Month only.")?,
                )
            }
            Column::Subject => {
                let names = subjects(case);
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                match help.clone().allow_list_strings(&refs) {
                    Ok(dv) => Some(
                        dv.set_error_style(DataValidationErrorStyle::Information)
                            .set_error_message(
                                "Use the names in the list where you can (e.g. Mother and Child A).",
                            )?,
                    ),
                    // Too many names for a drop-down: keep the guidance only.
                    Err(_) => Some(help),
                }
            }
            _ => Some(help),
        };
        if let Some(dv) = dv {
            ws.add_data_validation(1, col, last, col, &dv)?;
        }
    }
    let col_of = |c: Column| Column::ALL.iter().position(|x| *x == c).unwrap_or(0) as u16;
    for (i, e) in entries.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_datetime_with_format(row, col_of(Column::Date), e.date.date, &date)?;
        if e.date.certainty != Certainty::Exact {
            ws.write_string_with_format(
                row,
                col_of(Column::DateCertainty),
                e.date.certainty.label(),
                &unlocked,
            )?;
        }
        if let Some(t) = e.time {
            ws.write_datetime_with_format(row, col_of(Column::Time), t, &time)?;
        }
        if let Some(end) = e.end_date {
            ws.write_datetime_with_format(row, col_of(Column::EndDate), end, &date)?;
        }
        let texts = [
            (Column::Ref, &e.reference),
            (Column::Agency, &e.agency),
            (Column::Source, &e.source),
            (Column::PractitionerRole, &e.practitioner_role),
            (Column::Subject, &e.subject),
            (Column::Event, &e.event),
            (Column::Outcome, &e.outcome),
            (Column::Comment, &e.comment),
        ];
        for (c, v) in texts {
            if !v.is_empty() {
                ws.write_string_with_format(row, col_of(c), v, &unlocked)?;
            }
        }
        ws.set_row_height(
            row,
            row_height_of(&[(&e.event, 45.0), (&e.outcome, 45.0), (&e.comment, 45.0)]),
        )?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    // Printing: landscape, one page wide, the header on every page; the print area is the
    // agreed columns, all their rows (only the rows typed in print).
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_area(0, 0, LAST_SHEET_ROW, Column::ALL.len() as u16 - 1)?;
    ws.set_header(format!(
        "&C{}: {}",
        reference.replace('&', "&&"),
        agency.name.replace('&', "&&")
    ));
    ws.set_footer("&CPage &P of &N");
    ws.autofilter(0, 0, last, Column::ALL.len() as u16 - 1)?;
    let options = ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);

    // The hidden marker.
    let ws = book.add_worksheet();
    ws.set_name(MARKER_SHEET)?;
    let rows = [
        (KEY_FORMAT, FORMAT_VERSION.to_string()),
        (KEY_REVIEW, reference.to_string()),
        (KEY_AGENCY_ID, agency.id.clone()),
        (KEY_AGENCY_NAME, agency.name.clone()),
        (KEY_SHEET, CHRONOLOGY_SHEET.to_string()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    ws.write_string(
        rows.len() as u32 + 1,
        0,
        "Used by scrkit to match this return to its agency. Please do not change.",
    )?;
    ws.set_hidden(true);
    Ok(book.save_to_buffer()?)
}
