//! The action tracker round-trip: a workbook per owner agency listing its open actions, which
//! the agency fills with its progress and returns; the returns are checked cell by cell and
//! merged into the case with every change listed.
//!
//! What the board set (the action, its lead, its due date, its success measure) is in locked
//! columns. Sheet protection only prevents accidents, so a returned tracker is compared with
//! the case cell by cell: a locked cell that no longer says what the case says is a located
//! error, never taken in. Merging adds updates; it never replaces one: an update the case
//! already holds for the same day that says something else is a conflict, reported, and
//! nothing is written.

use crate::case::workbook::{cell_text, parse_uk_date, serial_to_date};
use crate::case::{Action, ActionUpdate, Case, Rag, closest, review_start};
use crate::diagnostic::{Diagnostic, Location, column_letter};
use crate::rules::calendar::long_date;
use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, DataValidation,
    DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The sheet agencies fill in.
pub const TRACKER_SHEET: &str = "Actions";
/// The hidden sheet that matches a returned tracker to its review and agency. Named apart from
/// the chronology workbook's marker so neither is mistaken for the other.
pub const TRACKER_MARKER_SHEET: &str = "scrkit-tracker";
const KEY_FORMAT: &str = "Format";
const KEY_REVIEW: &str = "Review reference";
const KEY_AGENCY: &str = "Agency id";
const FORMAT: &str = "scrkit action tracker 1";
/// The largest returned tracker read, in bytes.
pub const MAX_TRACKER_BYTES: u64 = 16 * 1024 * 1024;

/// A column of the tracker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// The action's id (locked).
    Id,
    /// The recommendation it answers (locked).
    Recommendation,
    /// What will be done (locked).
    Action,
    /// The lead (locked).
    Lead,
    /// The due date (locked).
    DueBy,
    /// How success is measured (locked).
    SuccessMeasure,
    /// The latest update the case holds (locked).
    LastUpdate,
    /// The date of this update.
    UpdateOn,
    /// Its rating.
    Rag,
    /// What has been done.
    Progress,
    /// The evidence that practice changed.
    Evidence,
}

impl Col {
    /// Every column, in order.
    pub const ALL: [Col; 11] = [
        Col::Id,
        Col::Recommendation,
        Col::Action,
        Col::Lead,
        Col::DueBy,
        Col::SuccessMeasure,
        Col::LastUpdate,
        Col::UpdateOn,
        Col::Rag,
        Col::Progress,
        Col::Evidence,
    ];

    /// The header.
    pub fn header(self) -> &'static str {
        match self {
            Col::Id => "Action",
            Col::Recommendation => "Recommendation",
            Col::Action => "What will be done",
            Col::Lead => "Lead",
            Col::DueBy => "Due by",
            Col::SuccessMeasure => "Success measure",
            Col::LastUpdate => "Last update",
            Col::UpdateOn => "Update date",
            Col::Rag => "RAG",
            Col::Progress => "Progress since the last update",
            Col::Evidence => "Evidence of impact",
        }
    }

    /// True for the columns the board sets.
    pub fn locked(self) -> bool {
        !matches!(
            self,
            Col::UpdateOn | Col::Rag | Col::Progress | Col::Evidence
        )
    }

    fn width(self) -> f64 {
        match self {
            Col::Id => 9.0,
            Col::DueBy => 17.0,
            Col::UpdateOn => 12.0,
            Col::Rag => 11.0,
            Col::Lead => 18.0,
            Col::Recommendation | Col::SuccessMeasure | Col::LastUpdate => 30.0,
            Col::Action | Col::Progress | Col::Evidence => 40.0,
        }
    }

    fn guidance(self) -> &'static str {
        match self {
            Col::UpdateOn => "The date of this update, dd/mm/yyyy.",
            Col::Rag => {
                "Red: will miss its date or cannot be done as planned. Amber: at some risk. Green: on course. Complete: done (give the evidence)."
            }
            Col::Progress => "What has been done since the last update, and anything in the way.",
            Col::Evidence => {
                "How you know practice has changed: audits, figures, feedback. Needed when the action is complete."
            }
            _ => "Set by the board: please do not change.",
        }
    }
}

fn update_text(u: &ActionUpdate) -> String {
    match u.on {
        Some(d) => format!("{}, {}: {}", long_date(d), u.rag.label(), u.note.trim()),
        None => format!("{}: {}", u.rag.label(), u.note.trim()),
    }
}

fn last_update_text(a: &Action) -> String {
    match a.updates.iter().max_by_key(|u| u.on) {
        Some(u) => update_text(u),
        None => "No update yet".into(),
    }
}

fn recommendation_text(case: &Case, a: &Action) -> String {
    match case.learning.recommendation(&a.recommendation) {
        Some(r) => format!("{}: {}", r.id, r.recommendation.trim()),
        None => a.recommendation.clone(),
    }
}

/// The text the case says a locked cell holds (dates are compared as dates).
fn expected_text(case: &Case, a: &Action, col: Col) -> String {
    match col {
        Col::Id => a.id.clone(),
        Col::Recommendation => recommendation_text(case, a),
        Col::Action => a.action.clone(),
        Col::Lead => a.lead.clone(),
        Col::SuccessMeasure => a.success_measure.clone(),
        Col::LastUpdate => last_update_text(a),
        Col::DueBy => a.due_on.map(long_date).unwrap_or_default(),
        _ => String::new(),
    }
}

/// The actions an agency's tracker lists: its open ones, in the case's order.
pub fn open_actions<'c>(case: &'c Case, agency_id: &str) -> Vec<&'c Action> {
    case.learning
        .actions
        .iter()
        .filter(|a| a.owner_agency == agency_id && a.closed_on.is_none())
        .collect()
}

/// The agencies that own at least one open action, in the case's order.
pub fn tracker_agencies(case: &Case) -> Vec<&str> {
    case.agencies
        .iter()
        .map(|a| a.id.as_str())
        .filter(|id| !open_actions(case, id).is_empty())
        .collect()
}

/// Why a tracker could not be made.
#[derive(Debug, thiserror::Error)]
pub enum TrackerError {
    /// The agency id is not in the case.
    #[error("the case has no agency with id '{0}'")]
    UnknownAgency(String),
    /// The spreadsheet writer failed.
    #[error("cannot build the workbook: {0}")]
    Xlsx(#[from] XlsxError),
}

/// Writes one agency's tracker: its open actions, the board's columns locked, RAG drop-downs
/// with their colours, dates validated, set up to print on A4 landscape. `return_by`, when
/// given, is the date the agency is asked to return it by.
pub fn tracker_xlsx(
    case: &Case,
    agency_id: &str,
    return_by: Option<NaiveDate>,
) -> Result<Vec<u8>, TrackerError> {
    let agency = case
        .agency(agency_id)
        .ok_or_else(|| TrackerError::UnknownAgency(agency_id.to_string()))?;
    let actions = open_actions(case, agency_id);
    let reference = case.review.reference.trim();
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let header = crate::sheet_style::header().set_border(FormatBorder::Thin);
    let marking = format!("&LOFFICIAL-SENSITIVE&R{}", reference.replace('&', "&&"));
    let footer = "&L&A&CPage &P of &N";

    // Instructions.
    let ws = book.add_worksheet();
    ws.set_name("Instructions")?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 95)?;
    ws.write_string_with_format(
        0,
        0,
        format!("Action plan progress: {}", agency.name),
        &title,
    )?;
    let mut facts = vec![
        ("Review", format!("{} ({})", reference, case.board.name)),
        ("Agency", agency.name.clone()),
        ("Actions", format!("{}", actions.len())),
    ];
    if let Some(d) = return_by {
        facts.push(("Return by", long_date(d)));
    }
    if !case.board.secure_email.trim().is_empty() {
        facts.push((
            "Return to",
            format!("{} (secure e-mail only)", case.board.secure_email.trim()),
        ));
    }
    for (i, (k, v)) in facts.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *k, &bold)?;
        ws.write_string_with_format(2 + i as u32, 1, v, &wrap)?;
    }
    let how = [
        format!(
            "The '{TRACKER_SHEET}' sheet lists your agency's open actions from the review's action plan, one per row."
        ),
        "The grey columns were set by the board and are locked. If one of them must change, tell the business manager; do not edit it.".to_string(),
        "For each action, give the date of this update, a rating (Red, Amber, Green or Complete) and what has been done since the last update.".to_string(),
        "Red: the action will miss its date or cannot be done as planned. Amber: it is at some risk. Green: it is on course. Complete: it is done.".to_string(),
        "When an action is complete, say in Evidence of impact how you know practice has changed (an audit, figures, feedback). The board then decides whether to close it.".to_string(),
        "Leave a row's update columns blank if there is nothing new to report.".to_string(),
        "Keep this file on secure storage and return it only by secure e-mail.".to_string(),
    ];
    let start = 3 + facts.len() as u32;
    ws.write_string_with_format(start, 0, "How to fill it in", &bold)?;
    for (i, line) in how.iter().enumerate() {
        ws.write_string_with_format(start + 1 + i as u32, 1, line, &wrap)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(&marking);
    ws.set_footer(footer);

    // The tracker.
    let ws = book.add_worksheet();
    ws.set_name(TRACKER_SHEET)?;
    ws.set_active(true);
    let locked = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border(FormatBorder::Thin);
    let locked_date = locked.clone().set_num_format("d mmmm yyyy");
    let open = Format::new()
        .set_unlocked()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let open_date = open
        .clone()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Left);
    let last_row = actions.len().max(1) as u32;
    let start_day = review_start(case).unwrap_or(NaiveDate::MIN);
    let start_day = start_day.max(NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(start_day));
    let end_day = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap_or(NaiveDate::MAX);
    for (j, c) in Col::ALL.iter().enumerate() {
        let col = j as u16;
        ws.write_string_with_format(0, col, c.header(), &header)?;
        ws.set_column_width(col, c.width())?;
        let help = DataValidation::new()
            .set_input_title(c.header())?
            .set_input_message(c.guidance())?;
        let dv = match c {
            Col::UpdateOn => help
                .allow_date(DataValidationRule::Between(start_day, end_day))
                .set_error_style(DataValidationErrorStyle::Stop)
                .set_error_title("Not a date of this review")?
                .set_error_message(format!(
                    "Type the date of this update as dd/mm/yyyy, on or after {}.",
                    long_date(start_day)
                ))?,
            Col::Rag => {
                let labels: Vec<&str> = Rag::ALL.iter().map(|r| r.label()).collect();
                help.allow_list_strings(&labels)?
                    .set_error_message("Choose Red, Amber, Green or Complete.")?
            }
            _ => help,
        };
        if !c.locked() {
            ws.add_data_validation(1, col, last_row, col, &dv)?;
        }
    }
    let rag_col = Col::ALL.iter().position(|c| *c == Col::Rag).unwrap_or(0) as u16;
    for r in Rag::ALL {
        let colour = u32::from_str_radix(r.colour(), 16).unwrap_or(0);
        let font = if r == Rag::Amber { 0x000000 } else { 0xFFFFFF };
        let cf = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::BeginsWith(r.label().to_string()))
            .set_format(
                Format::new()
                    .set_background_color(Color::RGB(colour))
                    .set_font_color(Color::RGB(font))
                    .set_bold(),
            );
        ws.add_conditional_format(1, rag_col, last_row, rag_col, &cf)?;
    }
    for (i, a) in actions.iter().enumerate() {
        let row = 1 + i as u32;
        // Spreadsheets do not size wrapped rows they did not lay out: give each row room
        // for its longest cell, so the printout shows every word.
        let lines = Col::ALL
            .iter()
            .filter(|c| c.locked() || **c == Col::Evidence)
            .map(|c| {
                let text = match c {
                    Col::Evidence => a.evidence_of_impact.clone(),
                    _ => expected_text(case, a, *c),
                };
                let per_line = (c.width() * 1.1).max(1.0) as usize;
                text.chars().count().div_ceil(per_line).max(1)
            })
            .max()
            .unwrap_or(1)
            .max(3);
        ws.set_row_height(row, 15.0 * lines as f64)?;
        for (j, c) in Col::ALL.iter().enumerate() {
            let col = j as u16;
            match c {
                Col::DueBy => match a.due_on {
                    Some(d) => ws.write_datetime_with_format(row, col, d, &locked_date)?,
                    None => ws.write_blank(row, col, &locked)?,
                },
                Col::UpdateOn => ws.write_blank(row, col, &open_date)?,
                Col::Rag | Col::Progress => ws.write_blank(row, col, &open)?,
                Col::Evidence => {
                    if a.evidence_of_impact.trim().is_empty() {
                        ws.write_blank(row, col, &open)?
                    } else {
                        ws.write_string_with_format(row, col, a.evidence_of_impact.trim(), &open)?
                    }
                }
                _ => ws.write_string_with_format(row, col, expected_text(case, a, *c), &locked)?,
            };
        }
    }
    ws.set_freeze_panes(1, 1)?;
    ws.set_row_height(0, 30)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;
    ws.set_print_gridlines(true);
    ws.set_header(&marking);
    ws.set_footer(footer);
    let options = ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);

    let ws = book.add_worksheet();
    ws.set_name(TRACKER_MARKER_SHEET)?;
    let rows = [
        (KEY_FORMAT, FORMAT.to_string()),
        (KEY_REVIEW, reference.to_string()),
        (KEY_AGENCY, agency.id.clone()),
    ];
    for (i, (k, v)) in rows.iter().enumerate() {
        ws.write_string(i as u32, 0, *k)?;
        ws.write_string(i as u32, 1, v)?;
    }
    ws.write_string(
        rows.len() as u32 + 1,
        0,
        "Matches this tracker to its review and agency. Please do not change.",
    )?;
    ws.set_hidden(true);
    Ok(book.save_to_buffer()?)
}

/// One change a merge made to the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The tracker it came from.
    pub file: PathBuf,
    /// The row of the tracker (as the spreadsheet numbers it).
    pub row: u32,
    /// The action changed.
    pub action: String,
    /// What changed, in words.
    pub description: String,
}

/// What checking (and merging) returned trackers gave.
#[derive(Debug, Clone)]
pub struct Merge {
    /// The case with every change made.
    pub case: Case,
    /// Every change, in the order of the trackers and their rows.
    pub changes: Vec<Change>,
    /// Rows that changed nothing (left blank, or already in the case).
    pub unchanged: usize,
    /// Every problem, errors and warnings, each with its file and cell.
    pub diagnostics: Vec<Diagnostic>,
}

impl Merge {
    /// True when there is no error.
    pub fn is_clean(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

fn cell(row: u32, col: u32, header: &str) -> Location {
    Location::Cell {
        sheet: TRACKER_SHEET.to_string(),
        row: row + 1,
        column: column_letter(col),
        header: Some(header.to_string()),
    }
}

fn normalise(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn date_of(d: &Data) -> Result<Option<NaiveDate>, ()> {
    match d {
        Data::Empty => Ok(None),
        Data::Float(f) => serial_to_date(*f).map(Some).ok_or(()),
        Data::Int(i) => serial_to_date(*i as f64).map(Some).ok_or(()),
        Data::DateTime(_) | Data::DateTimeIso(_) => d.as_date().map(Some).ok_or(()),
        Data::String(s) if s.trim().is_empty() => Ok(None),
        Data::String(s) => parse_uk_date(s).map(Some).ok_or(()),
        _ => Err(()),
    }
}

/// Checks returned trackers against `case` cell by cell and merges their updates into a copy
/// of it. `today` decides what is "in the future". The trackers are taken in order; a second
/// tracker for the same agency sees the first one's updates.
pub fn merge_trackers(case: &Case, paths: &[PathBuf], today: NaiveDate) -> Merge {
    let mut m = Merge {
        case: case.clone(),
        changes: Vec::new(),
        unchanged: 0,
        diagnostics: Vec::new(),
    };
    for path in paths {
        let before = m.diagnostics.len();
        merge_one(&mut m, case, path, today);
        for d in &mut m.diagnostics[before..] {
            if d.file.is_none() {
                d.file = Some(path.clone());
            }
        }
    }
    m
}

fn file_error(m: &mut Merge, msg: impl Into<String>, help: impl Into<String>) {
    m.diagnostics
        .push(Diagnostic::error(Location::File, msg).with_help(help));
}

fn merge_one(m: &mut Merge, original: &Case, path: &Path, today: NaiveDate) {
    use crate::docx::package::{Limits, vet_file};
    use crate::input::{not_a_package, sniff_file};
    let limits = Limits {
        max_part: 4 * MAX_TRACKER_BYTES,
        max_total: 4 * MAX_TRACKER_BYTES,
        ..Limits::default()
    };
    match std::fs::metadata(path) {
        Err(e) => {
            return file_error(
                m,
                format!("cannot read the file: {e}"),
                "check the path and that you may read it",
            );
        }
        Ok(meta) if meta.len() > MAX_TRACKER_BYTES => {
            return file_error(
                m,
                format!(
                    "the file is {} bytes, too large for an action tracker",
                    meta.len()
                ),
                "check this is the tracker the agency returned",
            );
        }
        Ok(_) => {}
    }
    if let Err(d) = vet_file(path, &limits, "tracker") {
        m.diagnostics.push(*d);
        return;
    }
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            let d = not_a_package(sniff_file(path), "tracker").unwrap_or_else(|| {
                Diagnostic::error(Location::File, format!("cannot open the tracker: {e}"))
                    .with_help("save it as .xlsx from Excel or LibreOffice, without a password")
            });
            m.diagnostics.push(d);
            return;
        }
    };
    let names = book.sheet_names();
    let marker = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(TRACKER_MARKER_SHEET))
        .and_then(|n| book.worksheet_range(n).ok())
        .map(|r| {
            r.rows()
                .filter_map(|row| {
                    Some((
                        cell_text(row.first()?),
                        row.get(1).map(cell_text).unwrap_or_default(),
                    ))
                })
                .collect::<Vec<_>>()
        });
    let Some(marker) = marker else {
        return file_error(
            m,
            "this is not an action tracker made for the review (its hidden matching sheet is missing)",
            "use the tracker workbook the board sent to the agency, with its updates typed in; a copy pasted into a new workbook cannot be matched to its agency",
        );
    };
    let get = |k: &str| {
        marker
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    if get(KEY_FORMAT) != FORMAT {
        return file_error(
            m,
            "the tracker's hidden matching sheet was changed or comes from another tool",
            "ask the agency to type its updates into the tracker the board sent",
        );
    }
    let review = get(KEY_REVIEW);
    if review.trim() != original.review.reference.trim() {
        return file_error(
            m,
            format!(
                "the tracker is for review \"{review}\", not \"{}\"",
                original.review.reference.trim()
            ),
            "check you have the right case file and the right tracker",
        );
    }
    let agency = get(KEY_AGENCY);
    if original.agency(&agency).is_none() {
        return file_error(
            m,
            format!("the tracker is for agency \"{agency}\", which the case does not list"),
            "check you have the right case file",
        );
    }
    let Some(sheet) = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case(TRACKER_SHEET))
        .cloned()
    else {
        return file_error(
            m,
            format!("the tracker has no '{TRACKER_SHEET}' sheet"),
            "ask the agency to use the tracker the board sent without renaming its sheets",
        );
    };
    let range = match book.worksheet_range(&sheet) {
        Ok(r) => r,
        Err(e) => {
            return file_error(
                m,
                format!("cannot read the '{sheet}' sheet: {e}"),
                "save it again from Excel or LibreOffice",
            );
        }
    };
    let (r0, c0) = range.start().unwrap_or((0, 0));
    let rows: Vec<&[Data]> = range.rows().collect();
    let Some(header) = rows.first() else {
        return file_error(
            m,
            format!("the '{TRACKER_SHEET}' sheet is empty"),
            "ask the agency to use the tracker the board sent",
        );
    };
    // Columns by header, wherever they sit; every one must be there.
    let mut at: Vec<(Col, usize)> = Vec::new();
    for c in Col::ALL {
        match header
            .iter()
            .position(|h| normalise(&cell_text(h)).eq_ignore_ascii_case(c.header()))
        {
            Some(j) => at.push((c, j)),
            None => m.diagnostics.push(
                Diagnostic::error(
                    Location::Cell {
                        sheet: sheet.clone(),
                        row: r0 + 1,
                        column: column_letter(c0),
                        header: None,
                    },
                    format!("the column '{}' is missing", c.header()),
                )
                .with_help("the tracker's columns must stay as the board sent them"),
            ),
        }
    }
    if at.len() != Col::ALL.len() {
        return;
    }
    let col_of = |c: Col| {
        at.iter()
            .find(|(x, _)| *x == c)
            .map(|(_, j)| *j)
            .unwrap_or(0)
    };
    let start = review_start(original);
    let mut seen: Vec<(String, u32)> = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|d| cell_text(d).is_empty()) {
            continue;
        }
        let r = r0 + i as u32;
        let loc = |c: Col| cell(r, c0 + col_of(c) as u32, c.header());
        let val = |c: Col| row.get(col_of(c)).cloned().unwrap_or(Data::Empty);
        let id = cell_text(&val(Col::Id));
        let Some(action) = original.learning.action(&id) else {
            let known = original
                .learning
                .actions
                .iter()
                .filter(|a| a.owner_agency == agency)
                .map(|a| a.id.as_str());
            let help = match closest(&id, known) {
                Some(k) => format!("did you mean \"{k}\"? The action ids are set by the board"),
                None => {
                    "the action ids are set by the board: put back the id the tracker was sent with"
                        .into()
                }
            };
            m.diagnostics.push(
                Diagnostic::error(loc(Col::Id), format!("there is no action \"{id}\""))
                    .with_value(id.clone())
                    .with_help(help),
            );
            continue;
        };
        if action.owner_agency != agency {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::Id),
                    format!(
                        "action \"{id}\" belongs to {}, not to this tracker's agency",
                        original
                            .agency(&action.owner_agency)
                            .map(|a| a.name.as_str())
                            .unwrap_or(&action.owner_agency)
                    ),
                )
                .with_help("each agency reports on its own actions only"),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(x, _)| *x == id) {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::Id),
                    format!("action \"{id}\" is listed twice (first in row {first})"),
                )
                .with_help("give one update per action per tracker"),
            );
            continue;
        }
        seen.push((id.clone(), r + 1));
        // The board's columns must say what the case says.
        let mut forged = false;
        for c in Col::ALL.into_iter().filter(|c| c.locked() && *c != Col::Id) {
            let d = val(c);
            let same = if c == Col::DueBy {
                date_of(&d).ok().flatten() == action.due_on
            } else if c == Col::LastUpdate {
                // Context, not a setting: any update the case holds (a tracker made before
                // the last merge shows an older one).
                let found = normalise(&cell_text(&d));
                found == normalise(&last_update_text(action))
                    || action
                        .updates
                        .iter()
                        .any(|u| found == normalise(&update_text(u)))
            } else {
                normalise(&cell_text(&d)) == normalise(&expected_text(original, action, c))
            };
            if !same {
                forged = true;
                let was = expected_text(original, action, c);
                m.diagnostics.push(
                    Diagnostic::error(
                        loc(c),
                        format!(
                            "the locked column '{}' was changed: the board sets it, and the case says otherwise",
                            c.header()
                        ),
                    )
                    .with_value(cell_text(&d))
                    .with_help(format!(
                        "put back \"{was}\"; if it must change, the board changes it in the case file"
                    )),
                );
            }
        }
        if forged {
            continue;
        }
        row_update(m, action, path, r, &val, &loc, today, start);
    }
    // An action the agency owns that its tracker does not list is worth knowing about.
    let sent: Vec<&Action> = open_actions(original, &agency);
    for a in sent {
        if !seen.iter().any(|(x, _)| *x == a.id) {
            m.diagnostics.push(
                Diagnostic::warning(
                    Location::File,
                    format!("the tracker has no row for action \"{}\"", a.id),
                )
                .with_help("nothing is recorded for it; ask the agency for its update"),
            );
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn row_update(
    m: &mut Merge,
    action: &Action,
    path: &Path,
    r: u32,
    val: &dyn Fn(Col) -> Data,
    loc: &dyn Fn(Col) -> Location,
    today: NaiveDate,
    start: Option<NaiveDate>,
) {
    let mut ok = true;
    let mut err = |m: &mut Merge, c: Col, msg: String, value: Option<String>, help: &str| {
        let mut d = Diagnostic::error(loc(c), msg).with_help(help);
        if let Some(v) = value {
            d = d.with_value(v);
        }
        m.diagnostics.push(d);
        ok = false;
    };
    let on_cell = val(Col::UpdateOn);
    let on = match date_of(&on_cell) {
        Ok(d) => d,
        Err(()) => {
            err(
                m,
                Col::UpdateOn,
                "not a valid date".into(),
                Some(cell_text(&on_cell)),
                "type the date as dd/mm/yyyy, e.g. 05/12/2026, and check the day exists",
            );
            None
        }
    };
    let rag_text = cell_text(&val(Col::Rag));
    let rag = if rag_text.is_empty() {
        None
    } else {
        match Rag::from_text(&rag_text) {
            Some(x) => Some(x),
            None => {
                err(
                    m,
                    Col::Rag,
                    "not a rating".into(),
                    Some(rag_text.clone()),
                    "choose Red, Amber, Green or Complete",
                );
                None
            }
        }
    };
    let note = cell_text(&val(Col::Progress));
    let evidence = cell_text(&val(Col::Evidence));
    let any_update = on.is_some() || !rag_text.is_empty() || !note.is_empty();
    if any_update {
        if on.is_none() && cell_text(&on_cell).is_empty() {
            err(
                m,
                Col::UpdateOn,
                "the update has no date".into(),
                None,
                "give the date of this update",
            );
        }
        if rag_text.is_empty() {
            err(
                m,
                Col::Rag,
                "the update has no rating".into(),
                None,
                "choose Red, Amber, Green or Complete",
            );
        }
        if note.is_empty() {
            err(
                m,
                Col::Progress,
                "the update says nothing about progress".into(),
                None,
                "say what has been done since the last update",
            );
        }
    }
    if let Some(d) = on {
        if d > today {
            err(
                m,
                Col::UpdateOn,
                format!("the update is dated in the future ({})", long_date(d)),
                None,
                "check the year and the order of day and month",
            );
        }
        if let Some(s) = start
            && d < s
        {
            err(
                m,
                Col::UpdateOn,
                format!(
                    "the update ({}) is dated before the review began ({})",
                    long_date(d),
                    long_date(s)
                ),
                None,
                "check the year and the order of day and month",
            );
        }
    }
    if rag == Some(Rag::Complete)
        && evidence.is_empty()
        && action.evidence_of_impact.trim().is_empty()
    {
        err(
            m,
            Col::Evidence,
            "the action is reported complete without evidence of impact".into(),
            None,
            "say how you know practice has changed (an audit, figures, feedback)",
        );
    }
    if !ok {
        return;
    }
    // Merge into the working copy (which may hold an earlier tracker's updates).
    let Some(target) = m
        .case
        .learning
        .actions
        .iter_mut()
        .find(|a| a.id == action.id)
    else {
        return;
    };
    let mut changed = false;
    if let (Some(d), Some(rag)) = (on, rag) {
        let new = ActionUpdate {
            on: Some(d),
            rag,
            note: note.clone(),
        };
        let same_day: Vec<&ActionUpdate> =
            target.updates.iter().filter(|u| u.on == Some(d)).collect();
        if same_day
            .iter()
            .any(|u| u.rag == rag && normalise(&u.note) == normalise(&note))
        {
            // Already recorded (a tracker returned twice): nothing to do.
        } else if let Some(u) = same_day.first() {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::UpdateOn),
                    format!(
                        "the case already holds an update of {} for action \"{}\" that says otherwise ({}: {})",
                        long_date(d),
                        action.id,
                        u.rag.label(),
                        u.note.trim()
                    ),
                )
                .with_help(
                    "nothing was changed: if this is a correction, edit the case file by hand; otherwise date the new update on the day it was given",
                ),
            );
            return;
        } else if let Some(latest) = target.updates.iter().filter_map(|u| u.on).max()
            && d < latest
        {
            m.diagnostics.push(
                Diagnostic::error(
                    loc(Col::UpdateOn),
                    format!(
                        "the update ({}) is dated before the latest update the case holds for action \"{}\" ({})",
                        long_date(d),
                        action.id,
                        long_date(latest)
                    ),
                )
                .with_help("check the date: updates are added after the last one, never before it"),
            );
            return;
        } else {
            m.changes.push(Change {
                file: path.to_path_buf(),
                row: r + 1,
                action: action.id.clone(),
                description: format!(
                    "update of {} added ({}): {}",
                    long_date(d),
                    rag.label(),
                    note
                ),
            });
            target.updates.push(new);
            changed = true;
        }
    }
    if !evidence.is_empty() && normalise(&evidence) != normalise(&target.evidence_of_impact) {
        let description = if target.evidence_of_impact.trim().is_empty() {
            format!("evidence of impact recorded: {evidence}")
        } else {
            format!(
                "evidence of impact changed from \"{}\" to \"{evidence}\"",
                target.evidence_of_impact.trim()
            )
        };
        m.changes.push(Change {
            file: path.to_path_buf(),
            row: r + 1,
            action: action.id.clone(),
            description,
        });
        target.evidence_of_impact = evidence;
        changed = true;
    }
    if !changed {
        m.unchanged += 1;
    }
}
