//! The case workbook: a spreadsheet form of the case file for coordinators who prefer Excel.
//!
//! Reading turns the sheets into the same JSON value `case.json` would give, remembering the
//! cell of every value so that problems found later point at the cell. Writing produces a
//! blank (or filled) workbook with drop-downs, date formats and an instructions sheet. Both use
//! the single layout table in [`super::fields`]. Columns decide how a cell is read (a number in
//! a date column is a date serial; in a text column it is text), never the cell alone.

use super::build::{LoadedCase, MAX_CASE_BYTES, SourceMap, from_value};
use super::fields::{Field, FieldKind, Layout, SHEETS, Sheet, choice_label, choice_value};
use super::model::Case;
use super::validate::json_loc;
use crate::diagnostic::{Diagnostic, Location, column_letter};
use crate::suggest::did_you_mean;
use calamine::{Data, DataType, Reader, open_workbook_auto};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatBorder, Workbook, Worksheet, XlsxError,
};
use serde_json::{Map, Value};
use std::path::Path;

/// Rows of each table sheet that get drop-downs and date formats in a new workbook.
const TABLE_ROWS: u32 = 500;

/// Reads a case workbook (.xlsx, .xlsm, .xls, .ods) and validates it.
pub fn read(path: &Path, today: NaiveDate) -> LoadedCase {
    use crate::docx::package::{Limits, vet_file};
    use crate::input::{Sniffed, not_a_package, sniff_file};
    let failed = |d: Diagnostic| LoadedCase {
        case: None,
        diagnostics: vec![d],
    };
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    // A case workbook is small: limits well below a document's keep a hostile file (a zip
    // bomb, a name that climbs out) from reaching the spreadsheet reader at all.
    let limits = Limits {
        max_part: 4 * MAX_CASE_BYTES,
        max_total: 16 * MAX_CASE_BYTES,
        ..Limits::default()
    };
    if ext != "xls"
        && let Err(d) = vet_file(path, &limits, "workbook")
    {
        return failed(*d);
    }
    if let Ok(m) = std::fs::metadata(path)
        && m.len() > limits.max_total
    {
        return failed(
            Diagnostic::error(
                Location::File,
                format!(
                    "the file is {} bytes, too large for a case workbook",
                    m.len()
                ),
            )
            .with_help("a case file holds facts, not documents: remove pasted reports or images"),
        );
    }
    let mut book = match open_workbook_auto(path) {
        Ok(b) => b,
        Err(e) => {
            let sniffed = sniff_file(path);
            let d = not_a_package(sniffed, "workbook")
                .filter(|_| !(ext == "xls" && sniffed == Sniffed::Compound))
                .unwrap_or_else(|| {
                    Diagnostic::error(Location::File, format!("cannot open the workbook: {e}"))
                        .with_help(
                            "save it as .xlsx from Excel or LibreOffice, without a password, and try again",
                        )
                });
            return failed(d);
        }
    };
    let names = book.sheet_names();
    let mut root = Value::Object(Map::new());
    let mut source = SourceMap::new();
    let mut problems = Vec::new();
    for sheet in SHEETS {
        let Some(actual) = names
            .iter()
            .find(|n| n.trim().eq_ignore_ascii_case(sheet.name))
        else {
            problems.push(
                Diagnostic::warning(
                    Location::File,
                    format!(
                        "the workbook has no sheet '{}'; its fields are taken as blank",
                        sheet.name
                    ),
                )
                .with_help(
                    did_you_mean(sheet.name, names.iter().map(String::as_str))
                        .map(|d| format!("{d} Name the sheet '{}'", sheet.name))
                        .unwrap_or_else(|| {
                            "start from `scr case new -o case.xlsx` to get every sheet".into()
                        }),
                ),
            );
            continue;
        };
        let range = match book.worksheet_range(actual) {
            Ok(r) => r,
            Err(e) => {
                problems.push(Diagnostic::error(
                    Location::File,
                    format!("cannot read sheet '{actual}': {e}"),
                ));
                continue;
            }
        };
        let (r0, c0) = range.start().unwrap_or((0, 0));
        let cell = |row: usize, col: usize| -> (u32, u32) { (r0 + row as u32, c0 + col as u32) };
        let rows: Vec<&[Data]> = range.rows().collect();
        let mut ctx = SheetReader {
            sheet: actual,
            root: &mut root,
            source: &mut source,
            problems: &mut problems,
        };
        match sheet.layout {
            Layout::Form(fields) => {
                for (i, row) in rows.iter().enumerate() {
                    let label = row.first().map(cell_text).unwrap_or_default();
                    if label.is_empty() || (i == 0 && label.eq_ignore_ascii_case("field")) {
                        continue;
                    }
                    let (r, c) = cell(i, 1);
                    let Some(field) = fields.iter().find(|f| f.label.eq_ignore_ascii_case(&label))
                    else {
                        ctx.problems.push(
                            Diagnostic::warning(
                                cell_loc(actual, r, c - 1, None),
                                format!("unknown field '{label}' is ignored"),
                            )
                            .with_help(
                                did_you_mean(&label, fields.iter().map(|f| f.label))
                                    .unwrap_or_else(|| {
                                        "keep the labels of the blank workbook in column A".into()
                                    }),
                            ),
                        );
                        continue;
                    };
                    let path = field.path.to_string();
                    let value = row.get(1).unwrap_or(&Data::Empty);
                    ctx.put(&path, field, value, r, c);
                }
            }
            Layout::Nested {
                parent,
                key,
                key_label,
                child,
                columns,
            } => {
                let Some(header) = rows.first() else { continue };
                let mut key_col = None;
                let mut map: Vec<Option<&Field>> = Vec::new();
                for (j, h) in header.iter().enumerate() {
                    let text = cell_text(h);
                    if text.eq_ignore_ascii_case(key_label) {
                        key_col = Some(j);
                        map.push(None);
                        continue;
                    }
                    let f = columns.iter().find(|f| f.label.eq_ignore_ascii_case(&text));
                    if f.is_none() && !text.is_empty() {
                        let (r, c) = cell(0, j);
                        ctx.problems.push(
                            Diagnostic::warning(
                                cell_loc(actual, r, c, None),
                                format!("unknown column '{text}' is ignored"),
                            )
                            .with_help(crate::suggest::help(
                                &text,
                                &[key_label]
                                    .into_iter()
                                    .chain(columns.iter().map(|f| f.label))
                                    .collect::<Vec<_>>(),
                                "the columns of this sheet are",
                            )),
                        );
                    }
                    map.push(f);
                }
                let Some(key_col) = key_col else {
                    let (r, c) = cell(0, 0);
                    ctx.problems.push(
                        Diagnostic::error(
                            cell_loc(actual, r, c, None),
                            format!("the sheet has no '{key_label}' column"),
                        )
                        .with_help(format!(
                            "keep the '{key_label}' column of the blank workbook: it says which item each row belongs to"
                        )),
                    );
                    continue;
                };
                let parents: Vec<String> = get_path(ctx.root, parent)
                    .and_then(Value::as_array)
                    .map(|items| {
                        items
                            .iter()
                            .map(|i| {
                                i.get(key)
                                    .and_then(Value::as_str)
                                    .unwrap_or("")
                                    .trim()
                                    .to_string()
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                let mut counts = vec![0usize; parents.len()];
                for (i, row) in rows.iter().enumerate().skip(1) {
                    if row.iter().all(|d| cell_text(d).is_empty()) {
                        continue;
                    }
                    let owner = row.get(key_col).map(cell_text).unwrap_or_default();
                    let (r, c) = cell(i, key_col);
                    let Some(p) = parents.iter().position(|x| !x.is_empty() && *x == owner) else {
                        let known = parents.iter().map(String::as_str).filter(|x| !x.is_empty());
                        let help = match crate::case::closest(&owner, known) {
                            Some(k) => format!("did you mean \"{k}\"?"),
                            None => format!(
                                "give the {} of an item listed on its own sheet",
                                key_label.to_lowercase()
                            ),
                        };
                        let msg = if owner.is_empty() {
                            format!(
                                "the row does not say which {} it belongs to",
                                key_label.to_lowercase()
                            )
                        } else {
                            format!("there is no {} \"{owner}\"", key_label.to_lowercase())
                        };
                        ctx.problems.push(
                            Diagnostic::error(cell_loc(actual, r, c, Some(key_label)), msg)
                                .with_help(help),
                        );
                        continue;
                    };
                    let m = counts[p];
                    counts[p] += 1;
                    let item = format!("{parent}[{p}].{child}[{m}]");
                    ctx.source
                        .insert(format!("$.{item}"), cell_loc(actual, r, c, None));
                    set_path(ctx.root, &item, Value::Object(Map::new()));
                    for (j, d) in row.iter().enumerate() {
                        let Some(Some(field)) = map.get(j) else {
                            continue;
                        };
                        let (r, c) = cell(i, j);
                        ctx.put(&format!("{item}.{}", field.path), field, d, r, c);
                    }
                }
            }
            Layout::Table { array, columns } => {
                ctx.source
                    .insert(format!("$.{array}"), cell_loc(actual, r0, c0, None));
                let Some(header) = rows.first() else { continue };
                let mut map: Vec<Option<&Field>> = Vec::new();
                for (j, h) in header.iter().enumerate() {
                    let text = cell_text(h);
                    let f = columns.iter().find(|f| f.label.eq_ignore_ascii_case(&text));
                    if f.is_none() && !text.is_empty() {
                        let (r, c) = cell(0, j);
                        ctx.problems.push(
                            Diagnostic::warning(
                                cell_loc(actual, r, c, None),
                                format!("unknown column '{text}' is ignored"),
                            )
                            .with_help(crate::suggest::help(
                                &text,
                                &columns.iter().map(|f| f.label).collect::<Vec<_>>(),
                                "the columns of this sheet are",
                            )),
                        );
                    }
                    map.push(f);
                }
                let mut k = 0usize;
                for (i, row) in rows.iter().enumerate().skip(1) {
                    if row.iter().all(|d| cell_text(d).is_empty()) {
                        continue;
                    }
                    let (r, c) = cell(i, 0);
                    ctx.source
                        .insert(format!("$.{array}[{k}]"), cell_loc(actual, r, c, None));
                    if columns.len() == 1 && columns[0].path.is_empty() {
                        // A list of plain strings: ensure the item exists even if blank.
                        set_path(
                            ctx.root,
                            &format!("{array}[{k}]"),
                            Value::String(String::new()),
                        );
                    } else {
                        set_path(
                            ctx.root,
                            &format!("{array}[{k}]"),
                            Value::Object(Map::new()),
                        );
                    }
                    for (j, d) in row.iter().enumerate() {
                        let Some(Some(field)) = map.get(j) else {
                            continue;
                        };
                        let path = if field.path.is_empty() {
                            format!("{array}[{k}]")
                        } else {
                            format!("{array}[{k}].{}", field.path)
                        };
                        let (r, c) = cell(i, j);
                        ctx.put(&path, field, d, r, c);
                    }
                    k += 1;
                }
            }
        }
    }
    let mut loaded = from_value(root, &source, today);
    // Conversion problems are located by path too; map them and put them first.
    for d in &mut problems {
        if let Location::Json { path } = &d.location
            && let Some(l) = source.get(path)
        {
            d.location = l.clone();
        }
    }
    let converted: Vec<String> = problems
        .iter()
        .filter_map(|d| match &d.location {
            Location::Cell {
                sheet, row, column, ..
            } => Some(format!("{sheet}!{column}{row}")),
            _ => None,
        })
        .collect();
    // A cell whose value could not be read is not also reported as missing.
    loaded.diagnostics.retain(|d| match &d.location {
        Location::Cell {
            sheet, row, column, ..
        } => {
            !converted.contains(&format!("{sheet}!{column}{row}")) || !d.message.contains("missing")
        }
        _ => true,
    });
    problems.append(&mut loaded.diagnostics);
    loaded.diagnostics = problems;
    loaded
}

fn cell_loc(sheet: &str, row: u32, col: u32, header: Option<&str>) -> Location {
    Location::Cell {
        sheet: sheet.to_string(),
        row: row + 1,
        column: column_letter(col),
        header: header.map(str::to_string),
    }
}

struct SheetReader<'a> {
    sheet: &'a str,
    root: &'a mut Value,
    source: &'a mut SourceMap,
    problems: &'a mut Vec<Diagnostic>,
}

impl SheetReader<'_> {
    fn put(&mut self, path: &str, field: &Field, data: &Data, row: u32, col: u32) {
        let json_path = format!("$.{path}");
        self.source.insert(
            json_path.clone(),
            cell_loc(self.sheet, row, col, Some(field.label)),
        );
        match convert(field, data) {
            Ok(Some(v)) => set_path(self.root, path, v),
            Ok(None) => {}
            Err((msg, help)) => self.problems.push(
                Diagnostic::error(json_loc(&json_path), msg)
                    .with_value(cell_text(data))
                    .with_help(help),
            ),
        }
    }
}

/// The text of a cell as a person sees it: integers without ".0".
pub fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "Yes" } else { "No" }.to_string(),
        Data::DateTime(_) | Data::DateTimeIso(_) => d
            .as_date()
            .map(|x| x.format("%d/%m/%Y").to_string())
            .unwrap_or_default(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

type Problem = (String, String);

fn convert(field: &Field, d: &Data) -> Result<Option<Value>, Problem> {
    if cell_text(d).is_empty() {
        return Ok(None);
    }
    if let Data::Error(e) = d {
        return Err((
            format!("the cell holds a spreadsheet error ({e:?})"),
            "type the value itself rather than a formula".into(),
        ));
    }
    Ok(Some(match field.kind {
        FieldKind::Text => Value::String(cell_text(d)),
        FieldKind::Items => Value::Array(
            cell_text(d)
                .split(['\n', ';'])
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
        FieldKind::Date => {
            let date = match d {
                Data::DateTime(_) | Data::DateTimeIso(_) | Data::Float(_) | Data::Int(_) => {
                    date_of_cell(d)
                }
                Data::String(s) => parse_uk_date(s),
                _ => None,
            };
            match date {
                Some(x) => Value::String(x.format("%Y-%m-%d").to_string()),
                None => {
                    return Err((
                        "not a valid date".into(),
                        "type the date as dd/mm/yyyy, e.g. 22/05/2016, and check the day exists"
                            .into(),
                    ));
                }
            }
        }
        FieldKind::Number => match cell_text(d).parse::<u64>() {
            Ok(n) => Value::from(n),
            Err(_) => {
                return Err((
                    "not a whole number".into(),
                    "type a whole number of days, e.g. 90".into(),
                ));
            }
        },
        FieldKind::Bool => match d {
            Data::Bool(b) => Value::Bool(*b),
            _ => match cell_text(d).to_ascii_lowercase().as_str() {
                "yes" | "y" | "true" => Value::Bool(true),
                "no" | "n" | "false" => Value::Bool(false),
                _ => {
                    return Err(("not yes or no".into(), "choose Yes or No".into()));
                }
            },
        },
        FieldKind::Choice(choices) => match choice_value(choices, &cell_text(d)) {
            Some(v) => Value::String(v.to_string()),
            None => {
                let allowed: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
                return Err((
                    "not one of the allowed choices".into(),
                    crate::suggest::help(&cell_text(d), &allowed, "choose one of"),
                ));
            }
        },
    }))
}

/// A date from a cell in a date column: a date cell, or a number read as an Excel serial.
fn date_of_cell(d: &Data) -> Option<NaiveDate> {
    match d {
        Data::Float(f) => serial_to_date(*f),
        Data::Int(i) => serial_to_date(*i as f64),
        // Excel's 29 February 1900 never was (serial 60): not a date, never 28 February.
        Data::DateTime(dt) if matches!(dt.to_ymd_hms_milli(), (1900, 2, 29, ..)) => None,
        _ => d.as_date(),
    }
}

/// Excel's serial day number (1900 system) to a date; `None` outside 1900-9999 and for
/// serial 60, Excel's 29 February 1900, a day that never was (serials before it count from
/// 31 December 1899).
pub fn serial_to_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) || serial.floor() == 60.0 {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, if serial < 60.0 { 31 } else { 30 })?;
    base.checked_add_signed(chrono::Duration::days(serial.floor() as i64))
}

/// Reads the date forms a coordinator types: 22/05/2016, 22.05.2016, 22-05-2016,
/// 22 May 2016, and ISO 2016-05-22. Day first always; an impossible date is `None`.
pub fn parse_uk_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    for fmt in [
        "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, fmt) {
            return Some(d);
        }
    }
    None
}

/// Sets `value` at a dotted path with `[i]` indexes, creating objects and arrays on the way.
fn set_path(root: &mut Value, path: &str, value: Value) {
    let mut cur = root;
    let steps: Vec<&str> = path.split('.').collect();
    for (n, step) in steps.iter().enumerate() {
        let last = n == steps.len() - 1;
        let (key, index) = match step.find('[') {
            Some(b) => (
                &step[..b],
                step[b + 1..step.len() - 1].parse::<usize>().ok(),
            ),
            None => (*step, None),
        };
        if !cur.is_object() {
            *cur = Value::Object(Map::new());
        }
        let obj = cur.as_object_mut().expect("made an object above");
        match index {
            None if last => {
                obj.insert(key.to_string(), value);
                return;
            }
            None => {
                cur = obj
                    .entry(key.to_string())
                    .or_insert(Value::Object(Map::new()))
            }
            Some(i) => {
                let arr = obj
                    .entry(key.to_string())
                    .or_insert(Value::Array(Vec::new()));
                if !arr.is_array() {
                    *arr = Value::Array(Vec::new());
                }
                let items = arr.as_array_mut().expect("made an array above");
                while items.len() <= i {
                    items.push(Value::Null);
                }
                if last {
                    items[i] = value;
                    return;
                }
                cur = &mut items[i];
            }
        }
    }
}

fn get_path<'a>(root: &'a Value, path: &str) -> Option<&'a Value> {
    let mut cur = root;
    for step in path.split('.') {
        let (key, index) = match step.find('[') {
            Some(b) => (
                &step[..b],
                step[b + 1..step.len() - 1].parse::<usize>().ok(),
            ),
            None => (step, None),
        };
        cur = cur.get(key)?;
        if let Some(i) = index {
            cur = cur.get(i)?;
        }
    }
    Some(cur)
}

/// Writes a case workbook: blank when `case` is `None`, else filled with the case.
pub fn write(case: Option<&Case>) -> Result<Vec<u8>, XlsxError> {
    let value = case.map(|c| serde_json::to_value(c).unwrap_or(Value::Null));
    let mut book = Workbook::new();
    let title = Format::new().set_bold().set_font_size(14);
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xD9E2F3))
        .set_border_bottom(FormatBorder::Thin);
    let guidance = Format::new()
        .set_italic()
        .set_font_color(Color::RGB(0x595959))
        .set_text_wrap();
    let text = Format::new().set_text_wrap();
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(rust_xlsxwriter::FormatAlign::Left);

    let ws = book.add_worksheet();
    ws.set_name("Instructions")?;
    ws.set_column_width(0, 28)?;
    ws.set_column_width(1, 90)?;
    ws.write_string_with_format(0, 0, "Case workbook for a safeguarding case review", &title)?;
    let intro = [
        "Fill in one sheet per part of the case. Each form sheet has a field per row: type in column B.",
        "Table sheets (Family, Agencies, ...) take one item per row under the header; leave no gaps.",
        "Type dates as dd/mm/yyyy. Use the drop-down where a cell offers one.",
        "Where several items share a cell (other names, address lines), separate them with ;",
        "Check the workbook with: scr case check case.xlsx  (every problem is listed with its cell).",
        "The workbook holds personal data about a child: keep it on secure storage and send it only by secure e-mail.",
    ];
    for (i, line) in intro.iter().enumerate() {
        ws.write_string_with_format(2 + i as u32, 0, *line, &text)?;
    }
    let start = 3 + intro.len() as u32;
    ws.write_string_with_format(start, 0, "Sheet", &header)?;
    ws.write_string_with_format(start, 1, "What it holds", &header)?;
    for (i, s) in SHEETS.iter().enumerate() {
        ws.write_string(start + 1 + i as u32, 0, s.name)?;
        ws.write_string(start + 1 + i as u32, 1, s.purpose)?;
    }
    print_setup(ws, start + SHEETS.len() as u32, 1, &[28.0, 90.0], false)?;

    for sheet in SHEETS {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name)?;
        write_sheet(ws, sheet, value.as_ref(), &header, &guidance, &text, &date)?;
    }
    book.save_to_buffer()
}

/// Column widths (in characters) that fit across a portrait A4 page at a readable scale;
/// a sheet wider than this prints landscape.
const PORTRAIT_WIDTH: f64 = 100.0;

/// Rows a blank table sheet prints, so the paper copy has room to write in.
const BLANK_ROWS_PRINTED: u32 = 20;

/// How a sheet prints: A4, landscape when its columns are wider than a portrait page, one
/// page wide, the header row on every page (`repeat_header`), and only the cells in use.
fn print_setup(
    ws: &mut Worksheet,
    last_row: u32,
    last_col: u16,
    widths: &[f64],
    repeat_header: bool,
) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    if widths.iter().sum::<f64>() > PORTRAIT_WIDTH {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    if repeat_header {
        ws.set_repeat_rows(0, 0)?;
    }
    ws.set_print_area(0, 0, last_row, last_col)?;
    Ok(())
}

/// A table sheet's header row from `first` on: labels, widths by kind, the validation and date
/// format of each column down to `TABLE_ROWS`, the header frozen. One place for both table
/// layouts, which differ only in where their columns start and how wide free text is.
fn write_table_header(
    ws: &mut Worksheet,
    columns: &[Field],
    first: u16,
    header: &Format,
    date: &Format,
    width: impl Fn(FieldKind) -> f64,
) -> Result<(), XlsxError> {
    for (j, field) in columns.iter().enumerate() {
        let col = first + j as u16;
        ws.write_string_with_format(0, col, field.label, header)?;
        ws.set_column_width(col, width(field.kind))?;
        if let Some(dv) = validation_for(field.kind)? {
            ws.add_data_validation(1, col, TABLE_ROWS, col, &dv)?;
        }
        if field.kind == FieldKind::Date {
            ws.set_column_format(col, date)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn validation_for(kind: FieldKind) -> Result<Option<DataValidation>, XlsxError> {
    Ok(match kind {
        FieldKind::Choice(choices) => {
            let labels: Vec<&str> = choices.iter().map(|(_, l)| *l).collect();
            Some(
                DataValidation::new()
                    .allow_list_strings(&labels)?
                    .set_error_message("Choose a value from the list.")?,
            )
        }
        FieldKind::Bool => Some(
            DataValidation::new()
                .allow_list_strings(&["Yes", "No"])?
                .set_error_message("Choose Yes or No.")?,
        ),
        FieldKind::Date => Some(
            DataValidation::new()
                .allow_date(DataValidationRule::Between(
                    NaiveDate::from_ymd_opt(1900, 1, 1).expect("valid"),
                    NaiveDate::from_ymd_opt(2100, 12, 31).expect("valid"),
                ))
                .set_error_message("Type a date as dd/mm/yyyy.")?,
        ),
        FieldKind::Number => Some(
            DataValidation::new()
                .allow_whole_number(DataValidationRule::Between(0, 100_000))
                .set_error_message("Type a whole number, e.g. 90.")?,
        ),
        _ => None,
    })
}

#[allow(clippy::too_many_arguments)]
fn write_value(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    field: &Field,
    v: Option<&Value>,
    text: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    if field.kind == FieldKind::Date {
        // Formatting the cell keeps dates typed later as real dates.
        match v
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
        {
            Some(d) => ws.write_datetime_with_format(row, col, d, date)?,
            None => ws.write_blank(row, col, date)?,
        };
        return Ok(());
    }
    let Some(v) = v else { return Ok(()) };
    if let (FieldKind::Number, Some(n)) = (field.kind, v.as_f64()) {
        ws.write_number(row, col, n)?;
        return Ok(());
    }
    let s = match (field.kind, v) {
        (FieldKind::Choice(c), Value::String(s)) => choice_label(c, s).unwrap_or(s).to_string(),
        (FieldKind::Bool, Value::Bool(b)) => if *b { "Yes" } else { "No" }.to_string(),
        (FieldKind::Items, Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .collect::<Vec<_>>()
            .join("; "),
        (_, Value::String(s)) => s.clone(),
        (_, Value::Null) => String::new(),
        (_, other) => other.to_string(),
    };
    if !s.is_empty() {
        ws.write_string_with_format(row, col, &s, text)?;
    }
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    value: Option<&Value>,
    header: &Format,
    guidance: &Format,
    text: &Format,
    date: &Format,
) -> Result<(), XlsxError> {
    match sheet.layout {
        Layout::Form(fields) => {
            ws.set_column_width(0, 38)?;
            ws.set_column_width(1, 60)?;
            ws.set_column_width(2, 45)?;
            for (c, h) in ["Field", "Value", "Guidance"].iter().enumerate() {
                ws.write_string_with_format(0, c as u16, *h, header)?;
            }
            ws.set_freeze_panes(1, 0)?;
            for (i, field) in fields.iter().enumerate() {
                let row = 1 + i as u32;
                ws.write_string(row, 0, field.label)?;
                if !field.help.is_empty() {
                    ws.write_string_with_format(row, 2, field.help, guidance)?;
                }
                let v = value.and_then(|root| get_path(root, field.path));
                write_value(ws, row, 1, field, v, text, date)?;
                if let Some(dv) = validation_for(field.kind)? {
                    ws.add_data_validation(row, 1, row, 1, &dv)?;
                }
            }
            print_setup(ws, fields.len() as u32, 2, &[38.0, 60.0, 45.0], true)?;
        }
        Layout::Nested {
            parent,
            key,
            key_label,
            child,
            columns,
        } => {
            ws.write_string_with_format(0, 0, key_label, header)?;
            ws.set_column_width(0, 14)?;
            let width = |kind| match kind {
                FieldKind::Date | FieldKind::Bool | FieldKind::Number => 14.0,
                FieldKind::Choice(_) => 16.0,
                _ => 70.0,
            };
            write_table_header(ws, columns, 1, header, date, width)?;
            let widths: Vec<f64> = std::iter::once(14.0)
                .chain(columns.iter().map(|f| width(f.kind)))
                .collect();
            let parents = value
                .and_then(|root| get_path(root, parent))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            let mut row = 1u32;
            for p in &parents {
                let owner = p.get(key).and_then(Value::as_str).unwrap_or("");
                let children = p.get(child).and_then(Value::as_array);
                for item in children.into_iter().flatten() {
                    ws.write_string_with_format(row, 0, owner, text)?;
                    for (j, field) in columns.iter().enumerate() {
                        let v = get_path(item, field.path);
                        write_value(ws, row, 1 + j as u16, field, v, text, date)?;
                    }
                    row += 1;
                }
            }
            let last = (row - 1).max(BLANK_ROWS_PRINTED);
            print_setup(ws, last, columns.len() as u16, &widths, true)?;
        }
        Layout::Table { array, columns } => {
            let single = columns.len() == 1;
            let width = |kind| match kind {
                FieldKind::Date | FieldKind::Bool | FieldKind::Number => 14.0,
                FieldKind::Choice(_) => 22.0,
                _ if single => 100.0,
                _ => 24.0,
            };
            write_table_header(ws, columns, 0, header, date, width)?;
            let widths: Vec<f64> = columns.iter().map(|f| width(f.kind)).collect();
            let items = value
                .and_then(|root| get_path(root, array))
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for (i, item) in items.iter().enumerate() {
                let row = 1 + i as u32;
                for (j, field) in columns.iter().enumerate() {
                    let v = if field.path.is_empty() {
                        Some(item)
                    } else {
                        get_path(item, field.path)
                    };
                    write_value(ws, row, j as u16, field, v, text, date)?;
                }
            }
            let last = (items.len() as u32).max(BLANK_ROWS_PRINTED);
            print_setup(ws, last, columns.len() as u16 - 1, &widths, true)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uk_dates_are_day_first_and_never_impossible() {
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        assert_eq!(parse_uk_date("02/03/2014"), d(2014, 3, 2));
        assert_eq!(parse_uk_date("2.3.2014"), d(2014, 3, 2));
        assert_eq!(parse_uk_date("2 March 2014"), d(2014, 3, 2));
        assert_eq!(parse_uk_date("2014-03-02"), d(2014, 3, 2));
        assert_eq!(parse_uk_date("31/02/2014"), None);
        assert_eq!(parse_uk_date("13/13/2014"), None);
    }

    #[test]
    fn excel_serials_map_to_dates() {
        assert_eq!(
            serial_to_date(42512.0),
            NaiveDate::from_ymd_opt(2016, 5, 22)
        );
        assert_eq!(serial_to_date(-1.0), None);
    }

    #[test]
    fn set_path_builds_nested_values() {
        let mut v = Value::Object(Map::new());
        set_path(&mut v, "a.b[1].c", Value::from(3));
        assert_eq!(v, serde_json::json!({"a": {"b": [null, {"c": 3}]}}));
        assert_eq!(get_path(&v, "a.b[1].c"), Some(&Value::from(3)));
    }
}
