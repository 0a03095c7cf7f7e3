//! Every cell of a summary sheet checked, each problem at its cell, and the rows built.

use super::Row;
use super::layout::{Column, Section, find_header};
use crate::chronology::read::{CellValue, Grid};
use crate::diagnostic::{Diagnostic, column_letter};
use crate::uk_dates::long_date;
use chrono::NaiveDate;

/// The rows of a summary sheet and every problem found, errors and warnings. A row with an
/// error is left out of the rows (a merge refuses a summary with errors anyway).
pub(super) fn rows(
    grid: &Grid,
    today: NaiveDate,
    scope: (Option<NaiveDate>, Option<NaiveDate>),
) -> (Vec<Row>, Vec<Diagnostic>) {
    let mut out = Vec::new();
    // The grid's own limits are reported by the reader that chose it (`choose`).
    let mut diagnostics = Vec::new();
    let Some(header) = find_header(grid) else {
        return (out, diagnostics);
    };
    for m in &grid.merged {
        if m.first_row > header.row {
            diagnostics.push(
                Diagnostic::error(
                    grid.location(m.first_row, m.first_col, None),
                    format!(
                        "cells {}{}:{}{} are merged",
                        column_letter(m.first_col as u32),
                        grid.rows.get(m.first_row).map_or(0, |r| r.number),
                        column_letter(m.last_col as u32),
                        grid.rows.get(m.last_row).map_or(0, |r| r.number),
                    ),
                )
                .with_help("unmerge the cells and type the value in each row it belongs to"),
            );
        }
    }
    for (i, r) in grid.rows.iter().enumerate().skip(header.row + 1) {
        let cell = |c: Column| {
            header
                .index_of(c)
                .and_then(|j| r.cells.get(j))
                .cloned()
                .unwrap_or_default()
        };
        let blank = Column::ALL.iter().all(|c| cell(*c).is_blank());
        if blank {
            continue;
        }
        let mut errors = 0;
        let mut problem = |d: Diagnostic, out: &mut Vec<Diagnostic>| {
            if d.is_error() {
                errors += 1;
            }
            out.push(d);
        };
        let at = |c: Column| grid.location(i, header.index_of(c).unwrap_or(0), Some(c.header()));
        for c in Column::ALL {
            let Some(j) = header.index_of(c) else {
                continue;
            };
            if grid.formulas.contains(&(i, j)) {
                problem(
                    Diagnostic::warning(at(c), "the cell holds a formula; its saved value is used")
                        .with_help("type the value itself rather than a formula"),
                    &mut diagnostics,
                );
            }
            if let CellValue::Error(e) = cell(c) {
                problem(
                    Diagnostic::error(at(c), format!("the cell holds a spreadsheet error ({e})"))
                        .with_help("type the value itself"),
                    &mut diagnostics,
                );
            }
        }
        let section_text = cell(Column::Section).text();
        let section = if section_text.is_empty() {
            problem(
                Diagnostic::error(at(Column::Section), "no section is given").with_help(
                    "choose Involvement, Key practice episode, Immediate action or Early learning",
                ),
                &mut diagnostics,
            );
            None
        } else {
            let s = Section::parse(&section_text);
            if s.is_none() {
                let help = match Section::closest(&section_text) {
                    Some(near) => format!("did you mean '{}'?", near.label()),
                    None => "choose Involvement, Key practice episode, Immediate action or Early \
                             learning"
                        .to_string(),
                };
                problem(
                    Diagnostic::error(
                        at(Column::Section),
                        format!("'{section_text}' is not a section of the summary"),
                    )
                    .with_value(section_text.clone())
                    .with_help(help),
                    &mut diagnostics,
                );
            }
            s
        };
        let mut read = |c: Column, diagnostics: &mut Vec<Diagnostic>| {
            let v = cell(c);
            if v.is_blank() || matches!(v, CellValue::Error(_)) {
                return None;
            }
            match crate::chronology::read_date(&v, grid.is_1904, today) {
                Ok((d, _, _)) if d.date > today => {
                    problem(
                        Diagnostic::error(
                            at(c),
                            format!("the date {} is in the future", long_date(d.date)),
                        )
                        .with_value(v.text())
                        .with_help("check the year; type the date as dd/mm/yyyy"),
                        diagnostics,
                    );
                    None
                }
                Ok((d, _, _)) => Some(d),
                Err(e) => {
                    problem(
                        Diagnostic::error(at(c), format!("not a valid date: {}", e.message))
                            .with_value(v.text())
                            .with_help(e.help),
                        diagnostics,
                    );
                    None
                }
            }
        };
        let date = read(Column::Date, &mut diagnostics);
        let end = read(Column::EndDate, &mut diagnostics);
        let date_given = !cell(Column::Date).is_blank();
        if let Some(s) = section
            && s.needs_date()
            && !date_given
        {
            problem(
                Diagnostic::error(
                    at(Column::Date),
                    format!("a {} needs its date", s.label().to_lowercase()),
                )
                .with_help(
                    "type the date as dd/mm/yyyy; if only the month is known, type e.g. May 2024",
                ),
                &mut diagnostics,
            );
        }
        if let (Some(d), Some(e)) = (date, end)
            && e.last_day() < d.date
        {
            problem(
                Diagnostic::error(
                    at(Column::EndDate),
                    format!(
                        "the end date {} is before the date {}",
                        e.display(),
                        d.display()
                    ),
                )
                .with_help("check the two dates"),
                &mut diagnostics,
            );
        }
        if let (Some(d), (Some(from), _)) = (date, scope)
            && d.last_day() < from
        {
            problem(
                Diagnostic::warning(
                    at(Column::Date),
                    format!(
                        "the date is before the review's period, which starts on {}",
                        long_date(from)
                    ),
                )
                .with_help("keep it only if it is relevant history"),
                &mut diagnostics,
            );
        }
        let summary = cell(Column::Summary).text();
        if summary.is_empty() {
            problem(
                Diagnostic::error(at(Column::Summary), "the summary is blank")
                    .with_help("say what happened, what your agency did, or what it has learned"),
                &mut diagnostics,
            );
        }
        let analysis = cell(Column::Analysis).text();
        if section == Some(Section::KeyPracticeEpisode) && analysis.is_empty() {
            problem(
                Diagnostic::warning(
                    at(Column::Analysis),
                    "a key practice episode without the agency's view",
                )
                .with_help("say what went well, what could have been better, and why"),
                &mut diagnostics,
            );
        }
        if errors == 0
            && let Some(section) = section
        {
            out.push(Row {
                section,
                date,
                end_date: end.map(|e| e.last_day()),
                subject: cell(Column::Subject).text(),
                role: cell(Column::Role).text(),
                summary,
                analysis,
                row: r.number,
            });
        }
    }
    if out.is_empty() && !diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.push(
            Diagnostic::error(
                grid.location(header.row, 0, None),
                "the summary has no rows below its header",
            )
            .with_help("write at least your agency's involvement, one item per row"),
        );
    } else if !out.iter().any(|r| r.section == Section::Involvement)
        && !diagnostics.iter().any(Diagnostic::is_error)
    {
        diagnostics.push(
            Diagnostic::warning(
                grid.location(
                    header.row,
                    header.index_of(Column::Section).unwrap_or(0),
                    Some("Section"),
                ),
                "no row says what your agency's involvement was",
            )
            .with_help("add an Involvement row (or one saying the agency had none)"),
        );
    }
    (out, diagnostics)
}
