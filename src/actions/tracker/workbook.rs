//! The tracker workbook an agency receives: its open actions, the board's columns locked.

use super::{
    Col, FORMAT, KEY_AGENCY, KEY_FORMAT, KEY_REVIEW, TRACKER_MARKER_SHEET, TRACKER_SHEET,
    expected_text, open_actions,
};
use crate::case::{Case, Rag, review_start};
use crate::rules::calendar::long_date;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, DataValidation,
    DataValidationErrorStyle, DataValidationRule, Format, FormatAlign, FormatBorder,
    ProtectionOptions, Workbook, XlsxError,
};

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
    let bold = Format::new().set_bold();
    let header = crate::sheet_style::header().set_border(FormatBorder::Thin);
    let marking = format!("&LOFFICIAL-SENSITIVE&R{}", reference.replace('&', "&&"));
    let footer = "&L&A&CPage &P of &N";

    // Instructions.
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
    // The returns' own instructions sheet, which gives each wrapped row the height it needs:
    // this sheet's rows were left at one line, and LibreOffice printed them over each other.
    let columns: Vec<(&str, &str)> = Col::ALL
        .iter()
        .map(|c| (c.header(), c.guidance()))
        .collect();
    crate::chronology::workbook::write_instructions(
        &mut book,
        &crate::chronology::workbook::Instructions {
            label_width: 31.0,
            title: format!("Action plan progress: {}", agency.name),
            facts: &facts,
            how: &how,
            columns: &columns,
            label: &bold,
            column_name: &Format::new().set_align(FormatAlign::Top),
        },
    )?;
    let ws = book.worksheet_from_name("Instructions")?;
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
