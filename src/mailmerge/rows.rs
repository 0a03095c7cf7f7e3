//! The rows of a mail merge, from JSON Lines, a JSON array, a CSV file or a sheet of a
//! workbook, each as the JSON object a template reads, with the number a person sees.

use crate::chronology::{CellValue, Grid, GridKind, read_table};
use crate::diagnostic::{Diagnostic, Location, column_letter};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::Path;

/// The largest data file read, in bytes: a spreadsheet's worth of rows, not a database.
pub const MAX_DATA_BYTES: u64 = 256 * 1024 * 1024;

/// One row: the data a document is filled from, and where it came from.
#[derive(Debug, Clone)]
pub struct Row {
    /// The number a person finds it by: the spreadsheet row, the line of a CSV or JSON Lines
    /// file, the item (from 1) of a JSON array.
    pub number: u32,
    /// The row as a JSON object, one field a column.
    pub data: Value,
}

/// What a data file held: its rows, its columns (for a table), and every problem.
#[derive(Debug, Clone, Default)]
pub struct Rows {
    /// The rows, in file order.
    pub rows: Vec<Row>,
    /// A table's column headings, in order; `None` for JSON, whose rows may differ.
    pub columns: Option<Vec<String>>,
    /// What a row is called in messages: "row" (a sheet), "line" (CSV, JSON Lines), "item"
    /// (a JSON array).
    pub unit: &'static str,
    /// Every problem found, each with its place.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads the rows of `path`: `.jsonl`/`.ndjson`/`.json` (JSON Lines, or one JSON array of
/// objects), `.csv`/`.tsv`/`.txt`, or a sheet of `.xlsx`/`.xlsm`/`.xls`/`.ods` (the one named by
/// `sheet`, else the first visible). The first non-blank row of a table holds the headings.
pub fn read_rows(path: &Path, sheet: Option<&str>) -> Rows {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut rows = match ext.as_str() {
        "json" | "jsonl" | "ndjson" => read_json(path),
        _ => {
            let (grid, mut diagnostics) = read_table(path, sheet);
            let mut rows = match grid {
                Some(g) => rows_of_grid(g),
                None => Rows::default(),
            };
            diagnostics.append(&mut rows.diagnostics);
            rows.diagnostics = diagnostics;
            rows
        }
    };
    if rows.rows.is_empty() && !rows.diagnostics.iter().any(Diagnostic::is_error) {
        rows.diagnostics.push(
            Diagnostic::error(
                Location::File,
                "the file holds no rows to fill the template with",
            )
            .with_help("a table needs a row of headings and one row for each document"),
        );
    }
    for d in &mut rows.diagnostics {
        d.file = Some(path.to_path_buf());
    }
    rows
}

fn read_json(path: &Path) -> Rows {
    let mut out = Rows {
        unit: "line",
        ..Rows::default()
    };
    let bytes = match crate::input::read_limited(path, MAX_DATA_BYTES) {
        Ok(b) => b,
        Err(crate::input::ReadError::Io(e)) => {
            out.diagnostics.push(
                Diagnostic::error(Location::File, format!("cannot read the data: {e}"))
                    .with_help("check the path and that you may read it"),
            );
            return out;
        }
        Err(e) => {
            out.diagnostics.push(
                Diagnostic::error(
                    Location::File,
                    format!("the file is {}, too large to read", e.size_in_bytes()),
                )
                .with_help("split the rows into several files"),
            );
            return out;
        }
    };
    let text = String::from_utf8_lossy(&bytes);
    if text.trim_start().starts_with('[') {
        out.unit = "item";
        match serde_json::from_str::<Value>(&text) {
            Ok(Value::Array(items)) => {
                for (i, v) in items.into_iter().enumerate() {
                    let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
                    match v {
                        Value::Object(_) => out.rows.push(Row { number, data: v }),
                        other => out.diagnostics.push(not_an_object(
                            Location::Json {
                                path: format!("$[{i}]"),
                            },
                            &other,
                        )),
                    }
                }
            }
            Ok(_) => {}
            Err(e) => out.diagnostics.push(crate::case::json_syntax_error(
                &e,
                "fix the JSON syntax here",
            )),
        }
        return out;
    }
    for (i, line) in text.lines().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v @ Value::Object(_)) => out.rows.push(Row { number, data: v }),
            Ok(other) => out.diagnostics.push(not_an_object(
                Location::Text {
                    line: i + 1,
                    column: 1,
                },
                &other,
            )),
            Err(e) => {
                let mut d = crate::case::json_syntax_error(
                    &e,
                    "each line of a JSON Lines file is one whole JSON object, e.g. \
                     {\"name\": \"DI Oyelaran\"}; for a list of rows over many lines, wrap them \
                     in [ ] as a JSON array",
                );
                d.location = Location::Text {
                    line: i + 1,
                    column: e.column(),
                };
                out.diagnostics.push(d);
            }
        }
    }
    out
}

fn not_an_object(location: Location, v: &Value) -> Diagnostic {
    let what = match v {
        Value::Array(_) => "a list",
        Value::String(_) => "a text",
        Value::Number(_) => "a number",
        Value::Bool(_) => "true or false",
        Value::Null => "null",
        Value::Object(_) => "an object",
    };
    Diagnostic::error(location, format!("a row must be a JSON object, not {what}"))
        .with_help("write each row as {\"field\": value, ...}")
}

/// A table's rows: the first non-blank row holds the headings, each later non-blank row is
/// one row of data.
fn rows_of_grid(grid: Grid) -> Rows {
    let mut out = Rows {
        unit: if matches!(grid.kind, GridKind::Csv) {
            "line"
        } else {
            "row"
        },
        ..Rows::default()
    };
    let mut rows = grid
        .rows
        .iter()
        .filter(|r| r.cells.iter().any(|c| !c.is_blank()));
    let Some(header) = rows.next() else {
        return out;
    };
    let mut columns: Vec<Option<String>> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (col, cell) in header.cells.iter().enumerate() {
        let name = cell.text();
        if name.is_empty() {
            columns.push(None);
            continue;
        }
        if let Some(first) = seen.get(&name.to_lowercase()) {
            out.diagnostics.push(
                Diagnostic::error(
                    grid.location_at(header.number, col, Some(&name)),
                    format!(
                        "the heading \"{name}\" is used twice (also column {})",
                        column_letter(*first as u32)
                    ),
                )
                .with_help("give every column its own heading"),
            );
            columns.push(None);
            continue;
        }
        seen.insert(name.to_lowercase(), col);
        columns.push(Some(name));
    }
    let mut unnamed_reported = vec![false; columns.len()];
    for r in rows {
        let mut data = Map::new();
        for name in columns.iter().flatten() {
            data.insert(name.clone(), Value::String(String::new()));
        }
        for (col, cell) in r.cells.iter().enumerate() {
            if cell.is_blank() {
                continue;
            }
            let Some(Some(name)) = columns.get(col) else {
                if col >= unnamed_reported.len() {
                    unnamed_reported.resize(col + 1, false);
                }
                if !unnamed_reported[col] {
                    unnamed_reported[col] = true;
                    out.diagnostics.push(
                        Diagnostic::error(
                            grid.location_at(r.number, col, None),
                            format!(
                                "column {} holds values but has no heading in row {}",
                                column_letter(col as u32),
                                header.number
                            ),
                        )
                        .with_help(
                            "give the column a heading (the name its tags use), or delete it",
                        ),
                    );
                }
                continue;
            };
            match value_of(cell) {
                Ok(v) => {
                    data.insert(name.clone(), v);
                }
                Err(e) => out.diagnostics.push(
                    Diagnostic::error(
                        grid.location_at(r.number, col, Some(name)),
                        format!("the cell holds the spreadsheet error {e}"),
                    )
                    .with_help("fix the formula, or type the value"),
                ),
            }
        }
        out.rows.push(Row {
            number: r.number,
            data: Value::Object(data),
        });
    }
    out.columns = Some(columns.into_iter().flatten().collect());
    out
}

/// A cell as a template reads it: text as text, numbers as numbers, dates as `YYYY-MM-DD`
/// (which `{{date}}` and plain tags write as a date), times as `HH:MM`.
fn value_of(cell: &CellValue) -> Result<Value, String> {
    Ok(match cell {
        CellValue::Empty => Value::String(String::new()),
        CellValue::Text(s) => Value::String(s.trim().to_string()),
        CellValue::Number(f) if f.fract() == 0.0 && f.abs() < 1e15 => Value::from(*f as i64),
        CellValue::Number(f) => serde_json::Number::from_f64(*f)
            .map(Value::Number)
            .unwrap_or_else(|| Value::String(f.to_string())),
        CellValue::Bool(b) => Value::Bool(*b),
        CellValue::DateTime(d) if d.time() == chrono::NaiveTime::MIN => {
            Value::String(d.format("%Y-%m-%d").to_string())
        }
        CellValue::DateTime(d) => Value::String(d.format("%Y-%m-%dT%H:%M").to_string()),
        CellValue::Time(t) => Value::String(t.format("%H:%M").to_string()),
        CellValue::Error(e) => return Err(e.clone()),
    })
}
