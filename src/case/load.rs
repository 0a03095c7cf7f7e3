//! Loading a case file, in either of its forms, with every problem reported at once.
//!
//! Both forms become a JSON value first: `case.json` here, within [`MAX_CASE_BYTES`], the
//! workbook through [`super::workbook`], which also records the cell each value came from.
//! [`super::build`] makes the case of the value; [`load_for`] is the one policy for using a
//! case that has problems.

use super::build::{LoadedCase, MAX_CASE_BYTES, SourceMap, from_value};
use super::model::Case;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::ReadError;
use chrono::NaiveDate;
use serde_json::Value;
use std::path::Path;

/// Loads a case file (`.json`, `.xlsx`, `.xlsm`, `.xls` or `.ods`) and validates it as of today.
pub fn load(path: &Path) -> LoadedCase {
    load_as_of(path, chrono::Local::now().date_naive())
}

/// Loads and validates a case file, judging "in the future" against `today`.
pub fn load_as_of(path: &Path, today: NaiveDate) -> LoadedCase {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let mut loaded = match ext.as_str() {
        "json" => match read_limited(path) {
            Ok(bytes) => from_json_slice(&bytes, today),
            Err(d) => LoadedCase::failed(*d),
        },
        "xlsx" | "xlsm" | "xls" | "ods" => super::workbook::read(path, today),
        _ => LoadedCase::failed(
            Diagnostic::error(Location::File, "not a case file")
                .with_help("give a .json case file or a case workbook (.xlsx, .xls or .ods)"),
        ),
    };
    for d in &mut loaded.diagnostics {
        if d.file.is_none() {
            d.file = Some(path.to_path_buf());
        }
    }
    loaded
}

fn read_limited(path: &Path) -> Result<Vec<u8>, Box<Diagnostic>> {
    crate::input::read_limited(path, MAX_CASE_BYTES).map_err(|e| {
        Box::new(match e {
            ReadError::Io(e) => {
                Diagnostic::error(Location::File, format!("cannot read the file: {e}"))
                    .with_help("check the path and that you may read it")
            }
            ReadError::TooLarge { size, .. } => Diagnostic::error(
                Location::File,
                format!(
                    "the file is {}larger than the {} a case file may be",
                    size.map_or_else(String::new, |n| format!("{}, ", megabytes(n))),
                    megabytes(MAX_CASE_BYTES)
                ),
            )
            .with_help("a case file holds facts, not documents: remove pasted reports or images"),
        })
    })
}

/// What a command needs of a case file: the one policy for using a case that has problems.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Every error blocks: what is made from the case (packs, drafts, criteria, timelines)
    /// must not be made from a case known to be wrong.
    Clean,
    /// A case that could be built is used despite its errors: checking something against it
    /// (returns, documents) still helps, and its own problems are the case check's to report.
    Usable,
}

/// Loads a case for a command: the case and its diagnostics when it meets `need`, else every
/// diagnostic saying why it cannot be used.
pub fn load_for(path: &Path, need: Need) -> Result<(Case, Vec<Diagnostic>), Vec<Diagnostic>> {
    let loaded = load(path);
    let blocked = need == Need::Clean && crate::diagnostic::error_count(&loaded.diagnostics) > 0;
    match loaded.case {
        Some(c) if !blocked => Ok((c, loaded.diagnostics)),
        _ => Err(loaded.diagnostics),
    }
}

/// A size in megabytes, for messages ("100.0 MB").
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
}

/// A JSON syntax error as a diagnostic at its line and column, in words: serde_json's own
/// message without the position it appends, and its nesting limit explained.
pub fn json_syntax_error(e: &serde_json::Error, help: &str) -> Diagnostic {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the location says it already.
    let msg = msg.split(" at line ").next().unwrap_or(&msg).to_string();
    let location = Location::Text {
        line: e.line(),
        column: e.column(),
    };
    if msg.starts_with("recursion limit exceeded") {
        return Diagnostic::error(
            location,
            "the JSON is nested too deeply (more than 128 levels of [ and {), which no real data is",
        )
        .with_help("check this is the right file: it looks damaged or made to break readers");
    }
    Diagnostic::error(location, format!("the file is not valid JSON: {msg}")).with_help(help)
}

/// Loads a case from the bytes of `case.json`.
pub fn from_json_slice(bytes: &[u8], today: NaiveDate) -> LoadedCase {
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(v) => v,
        Err(e) => {
            return LoadedCase::failed(json_syntax_error(
                &e,
                "fix the JSON syntax here; an editor that knows the case schema (scr case schema) helps",
            ));
        }
    };
    from_value(value, &SourceMap::new(), today)
}

/// Reads a JSON file of at most [`MAX_CASE_BYTES`] (a case file, or the data for a template),
/// reporting a file too large or not JSON with its place.
pub fn read_json_file(path: &Path) -> Result<Value, Box<Diagnostic>> {
    let bytes = read_limited(path).map_err(|d| Box::new(d.in_file(path)))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| Box::new(json_syntax_error(&e, "fix the JSON syntax here").in_file(path)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn syntax_error_is_located_by_line_and_column() {
        let l = from_json_slice(b"{\n  \"board\": {\n    \"name\": \"x\",\n  }\n}", day());
        assert!(l.case.is_none());
        assert_eq!(l.diagnostics.len(), 1);
        assert!(matches!(
            l.diagnostics[0].location,
            Location::Text { line: 4, .. }
        ));
    }

    #[test]
    fn every_type_problem_is_reported_not_just_the_first() {
        let json = br#"{
          "child": {"date_of_birth": "2014-02-30", "child_protection_plan": "maybe"},
          "agencies": [{"id": "police", "returns": {"chronology": "yes"}}, {"idd": "x"}],
          "review": {"kind": "inquiry"}
        }"#;
        let l = from_json_slice(json, day());
        let paths: Vec<String> = l
            .diagnostics
            .iter()
            .filter_map(|d| match &d.location {
                Location::Json { path } => Some(path.clone()),
                _ => None,
            })
            .collect();
        for p in [
            "$.child.date_of_birth",
            "$.child.child_protection_plan",
            "$.agencies[0].returns.chronology",
            "$.agencies[1].idd",
            "$.review.kind",
        ] {
            assert!(paths.iter().any(|x| x == p), "{p} missing from {paths:?}");
        }
        // The value that failed is not reported a second time as missing.
        assert_eq!(
            paths
                .iter()
                .filter(|p| *p == "$.child.date_of_birth")
                .count(),
            1
        );
        assert!(l.case.is_some());
    }
}
