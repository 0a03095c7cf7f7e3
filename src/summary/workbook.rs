//! The blank agency summary workbook each agency receives with the rapid review's day-1
//! letter, or one filled with rows (to send back in the agreed form, and for the samples).
//!
//! Like the chronology workbook: the layout's columns in order, the header locked and frozen,
//! dates validated as they are typed, drop-downs for the section and the subject, an
//! instructions sheet (what each section asks, the return date, where to send it), and a
//! hidden sheet naming the review and the agency, with a check, so that the summary is matched
//! to its agency when it comes back and a marker edited by hand is told. Both sheets print:
//! one page wide, A4, the summary landscape with its header row on every page and a print
//! area.

use super::Row;
use super::layout::{Column, FORMAT, SUMMARY_SHEET, Section, marker_check};
use crate::case::Case;
use crate::chronology::read::{
    KEY_AGENCY_ID, KEY_AGENCY_NAME, KEY_CHECK, KEY_FORMAT, KEY_REVIEW, KEY_SHEET, MARKER_SHEET,
};
use crate::chronology::workbook::{
    Instructions, LAST_SHEET_ROW, PAPER_A4, WorkbookError, row_height_of, subjects,
    write_instructions,
};
use crate::uk_dates::long_date;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, Format, FormatAlign,
    ProtectionOptions, Workbook,
};

/// Rows made ready (validation, formats) below the header.
pub const READY_ROWS: u32 = 300;

/// The file name of an agency's summary workbook in a pack.
pub fn file_name(agency_id: &str) -> String {
    format!(
        "agency-summary-{}.xlsx",
        crate::output::safe_file_name(agency_id)
    )
}

/// The blank summary workbook for one agency of the case, as .xlsx bytes.
pub fn blank(case: &Case, agency_id: &str) -> Result<Vec<u8>, WorkbookError> {
    filled(case, agency_id, &[])
}

/// The summary workbook for one agency with `rows` typed in, as an agency would (dates as
/// date cells).
pub fn filled(case: &Case, agency_id: &str, rows: &[Row]) -> Result<Vec<u8>, WorkbookError> {
    let agency = case
        .agency(agency_id)
        .ok_or_else(|| WorkbookError::UnknownAgency(agency_id.to_string()))?;
    let reference = case.review.reference.trim();
    let scope = (case.review.scope.from, case.review.scope.to);
    let scope_text = match scope {
        (Some(f), Some(t)) => format!("{} to {}", long_date(f), long_date(t)),
        (Some(f), None) => format!("from {}", long_date(f)),
        (None, Some(t)) => format!("up to {}", long_date(t)),
        (None, None) => "the period the partnership gave in its letter".to_string(),
    };
    let today = case
        .rapid_review
        .letters_sent_on
        .or(case.referral.notified_on)
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let due = crate::rules::timeline(case, today)
        .plan
        .iter()
        .find(|d| d.id == "summaries_due")
        .and_then(|d| d.due)
        .map(long_date)
        .unwrap_or_else(|| "the date in the partnership's letter".to_string());

    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_align(FormatAlign::Top);
    let header = crate::sheet_style::header();

    // Instructions.
    let facts = [
        ("Review", format!("{reference} ({})", case.board.name)),
        ("Agency", agency.name.clone()),
        ("Period", scope_text.clone()),
        ("Return by", due),
        (
            "Return to",
            if case.board.secure_email.is_empty() {
                "the partnership's secure e-mail address, given in its letter".to_string()
            } else {
                format!("{} (secure e-mail only)", case.board.secure_email)
            },
        ),
    ];
    let how = [
        format!(
            "Summarise your agency's involvement with the child and family over {scope_text} on the '{SUMMARY_SHEET}' sheet, one item per row. Choose each row's Section from the list:"
        ),
        "Involvement: what your agency knew of the child and family and what it did (when it began in Date, when it ended in End date).".to_string(),
        "Key practice episode: a moment where practice made, or might have made, a difference. Give its date, what happened (Summary) and your agency's view (Analysis).".to_string(),
        "Immediate action: what your agency has already done to keep this child and other children safe, with the date.".to_string(),
        "Early learning: what your agency, or agencies working together, could do differently.".to_string(),
        "Type dates as dd/mm/yyyy. Refer to the child and family by the names in the Subject list, and to staff by their role, never by name.".to_string(),
        "Do not rename the columns, merge cells or use formulas. The review team checks every cell and will tell you of any to correct.".to_string(),
        "The workbook holds personal data about a child: keep it on secure storage and send it only by secure e-mail.".to_string(),
    ];
    let columns: Vec<_> = Column::ALL
        .iter()
        .map(|c| (c.header(), c.guidance()))
        .collect();
    write_instructions(
        &mut book,
        &Instructions {
            label_width: 22.0,
            title: format!(
                "Agency summary for rapid review {reference}: {}",
                agency.name
            ),
            facts: &facts,
            how: &how,
            columns: &columns,
            label: &bold,
            column_name: &bold,
        },
    )?;

    // The summary sheet.
    let ws = book.add_worksheet();
    ws.set_name(SUMMARY_SHEET)?;
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
    let last = READY_ROWS;
    let col_of = |c: Column| Column::ALL.iter().position(|x| *x == c).unwrap_or(0) as u16;
    for (i, c) in Column::ALL.iter().enumerate() {
        let col = i as u16;
        ws.write_string_with_format(0, col, c.header(), &header)?;
        ws.set_column_width(col, c.width())?;
        ws.set_column_format(col, if c.is_date() { &date } else { &unlocked })?;
        let help = DataValidation::new()
            .set_input_title(c.header())?
            .set_input_message(c.guidance())?;
        let dv = match c {
            Column::Section => {
                let labels: Vec<&str> = Section::ALL.iter().map(|s| s.label()).collect();
                help.allow_list_strings(&labels)?.set_error_message(
                    "Choose Involvement, Key practice episode, Immediate action or Early learning.",
                )?
            }
            Column::Date | Column::EndDate => help
                .allow_date(DataValidationRule::GreaterThan(
                    chrono::NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default(),
                ))
                .set_error_message("Type the date as dd/mm/yyyy, e.g. 10/12/2024.")?,
            Column::Subject => {
                let names = subjects(case);
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                match help.clone().allow_list_strings(&refs) {
                    Ok(dv) => dv
                        .set_error_style(DataValidationErrorStyle::Information)
                        .set_error_message("Use the names in the list where you can.")?,
                    Err(_) => help,
                }
            }
            _ => help,
        };
        ws.add_data_validation(1, col, last, col, &dv)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        ws.write_string_with_format(row, col_of(Column::Section), r.section.label(), &unlocked)?;
        if let Some(d) = r.date {
            ws.write_datetime_with_format(row, col_of(Column::Date), d.date, &date)?;
        }
        if let Some(d) = r.end_date {
            ws.write_datetime_with_format(row, col_of(Column::EndDate), d, &date)?;
        }
        for (c, v) in [
            (Column::Subject, &r.subject),
            (Column::Role, &r.role),
            (Column::Summary, &r.summary),
            (Column::Analysis, &r.analysis),
        ] {
            if !v.is_empty() {
                ws.write_string_with_format(row, col_of(c), v, &unlocked)?;
            }
        }
        ws.set_row_height(
            row,
            row_height_of(&[
                (&r.summary, Column::Summary.width()),
                (&r.analysis, Column::Analysis.width()),
            ]),
        )?;
    }
    let last_col = Column::ALL.len() as u16 - 1;
    ws.set_row_height(0, 20)?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(PAPER_A4);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_area(0, 0, LAST_SHEET_ROW, last_col)?;
    ws.set_header(format!(
        "&CAgency summary {}: {}",
        reference.replace('&', "&&"),
        agency.name.replace('&', "&&")
    ));
    ws.set_footer("&CPage &P of &N");
    ws.autofilter(0, 0, last, last_col)?;
    ws.protect_with_options(&ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });

    // The hidden marker.
    let ws = book.add_worksheet();
    ws.set_name(MARKER_SHEET)?;
    let keys = [
        (KEY_FORMAT, FORMAT.to_string()),
        (KEY_REVIEW, reference.to_string()),
        (KEY_AGENCY_ID, agency.id.clone()),
        (KEY_AGENCY_NAME, agency.name.clone()),
        (KEY_SHEET, SUMMARY_SHEET.to_string()),
        (
            KEY_CHECK,
            marker_check(FORMAT, reference, &agency.id, &agency.name),
        ),
    ];
    for (i, (k, v)) in keys.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    ws.write_string(
        keys.len() as u32 + 1,
        0,
        "Used by scrkit to match this summary to its agency. Please do not change.",
    )?;
    ws.set_hidden(true);
    Ok(book.save_to_buffer()?)
}

/// What stopped [`write_blanks`].
#[derive(Debug, thiserror::Error)]
pub enum BlankError {
    /// The agency asked for is not in the case.
    #[error("the case has no agency \"{0}\"")]
    UnknownAgency(String),
    /// A workbook could not be built.
    #[error(transparent)]
    Workbook(#[from] WorkbookError),
    /// The output folder refused a write.
    #[error(transparent)]
    Output(#[from] crate::output::OutputError),
}

/// Writes the blank summary workbook of every agency of the case (or of one) into `out`, all
/// or none, named by [`file_name`]. Returns the files written.
pub fn write_blanks(
    case: &Case,
    agency: Option<&str>,
    out: &std::path::Path,
    policy: crate::output::WritePolicy,
) -> Result<Vec<std::path::PathBuf>, BlankError> {
    if let Some(id) = agency
        && case.agency(id).is_none()
    {
        return Err(BlankError::UnknownAgency(id.to_string()));
    }
    let mut files = Vec::new();
    for a in case
        .agencies
        .iter()
        .filter(|a| agency.is_none_or(|id| a.id == id))
    {
        files.push((
            std::path::PathBuf::from(file_name(&a.id)),
            blank(case, &a.id)?,
        ));
    }
    let dir = crate::output::OutputDir::create(out, policy)?;
    let names: Vec<std::path::PathBuf> = files.iter().map(|(n, _)| n.clone()).collect();
    let mut staging = dir
        .stage(&names)
        .map_err(|mut errors| errors.swap_remove(0))?;
    for (name, bytes) in &files {
        staging.write(name, bytes)?;
    }
    Ok(staging.commit()?)
}
