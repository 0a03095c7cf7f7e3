//! Loading a case file, in either of its forms, with every problem reported at once.
//!
//! Both forms become a JSON value first: `case.json` directly, the workbook through
//! [`super::workbook`], which also records the cell each value came from. The value is then
//! deserialised; where serde rejects a value (a bad date, an unknown choice), the problem is
//! recorded, the value is set aside and deserialisation goes on, so one run reports them all.
//! Validation then checks what serde cannot (required fields, dates in order, duplicates).

use super::model::Case;
use super::validate::validate;
use crate::diagnostic::{Diagnostic, Location};
use crate::input::ReadError;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// The largest case file read, in bytes. A real case is well under a megabyte.
pub const MAX_CASE_BYTES: u64 = 16 * 1024 * 1024;

/// What loading a case file produced: the case, if one could be built, and every problem.
#[derive(Debug, Clone)]
pub struct LoadedCase {
    /// The case, when the file could be read at all. It may still have errors below.
    pub case: Option<Case>,
    /// Every problem found, errors and warnings.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadedCase {
    /// True when there is a case and no error.
    pub fn is_clean(&self) -> bool {
        self.case.is_some() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The case when there is no error, else every diagnostic.
    pub fn into_result(self) -> Result<Case, Vec<Diagnostic>> {
        match self.case {
            Some(c) if !self.diagnostics.iter().any(Diagnostic::is_error) => Ok(c),
            _ => Err(self.diagnostics),
        }
    }

    fn failed(d: Diagnostic) -> Self {
        LoadedCase {
            case: None,
            diagnostics: vec![d],
        }
    }
}

/// Maps a JSON path to where a person typed that value; empty for `case.json` itself.
pub type SourceMap = BTreeMap<String, Location>;

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

/// Builds a case from a JSON value, reporting every problem; `source` maps paths to cells.
pub fn from_value(mut value: Value, source: &SourceMap, today: NaiveDate) -> LoadedCase {
    if !value.is_object() {
        return LoadedCase::failed(
            Diagnostic::error(json_loc("$"), "the case file must be a JSON object")
                .with_help("start from `scr case new -o case.json`"),
        );
    }
    let mut diagnostics = Vec::new();
    let mut reported: HashSet<String> = HashSet::new();
    let mut last_path = String::new();
    let mut same_path_tries = 0;
    let case = loop {
        match serde_path_to_error::deserialize::<_, Case>(&value) {
            Ok(case) => break Some(case),
            Err(err) => {
                let segments: Vec<Seg> = err.path().iter().filter_map(Seg::from).collect();
                let path = render_path(&segments);
                if path == last_path {
                    same_path_tries += 1;
                } else {
                    same_path_tries = 0;
                    last_path = path.clone();
                }
                if same_path_tries == 0 {
                    diagnostics.push(type_problem(&segments, &value, err.inner()));
                    reported.insert(path.clone());
                }
                if same_path_tries > 2 || !set_aside(&mut value, &segments, same_path_tries) {
                    break None;
                }
            }
        }
    };
    if let Some(case) = &case {
        for d in validate(case, today) {
            let path = match &d.location {
                Location::Json { path } => path.clone(),
                _ => String::new(),
            };
            if !reported.contains(&path) {
                diagnostics.push(d);
            }
        }
    }
    for d in &mut diagnostics {
        if let Location::Json { path } = &d.location
            && let Some(loc) = locate(source, path)
        {
            d.location = loc;
        }
    }
    LoadedCase { case, diagnostics }
}

/// The cell for a JSON path, or for its nearest recorded parent.
fn locate(source: &SourceMap, path: &str) -> Option<Location> {
    let mut p = path.to_string();
    loop {
        if let Some(l) = source.get(&p) {
            return Some(l.clone());
        }
        let cut = p.rfind(['.', '['])?;
        p.truncate(cut);
    }
}

/// A step of a JSON path.
#[derive(Debug, Clone)]
enum Seg {
    Key(String),
    Index(usize),
}

impl Seg {
    fn from(s: &serde_path_to_error::Segment) -> Option<Seg> {
        match s {
            serde_path_to_error::Segment::Map { key } => Some(Seg::Key(key.clone())),
            serde_path_to_error::Segment::Seq { index } => Some(Seg::Index(*index)),
            _ => None,
        }
    }
}

fn render_path(segs: &[Seg]) -> String {
    let mut s = String::from("$");
    for seg in segs {
        match seg {
            Seg::Key(k) => {
                s.push('.');
                s.push_str(k);
            }
            Seg::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

/// A location for a JSON path such as `$.child.first_name`.
pub fn json_loc(path: &str) -> Location {
    Location::Json {
        path: path.to_string(),
    }
}

fn lookup<'a>(value: &'a Value, segs: &[Seg]) -> Option<&'a Value> {
    let mut v = value;
    for s in segs {
        v = match s {
            Seg::Key(k) => v.get(k)?,
            Seg::Index(i) => v.get(i)?,
        };
    }
    Some(v)
}

/// Sets aside the value serde rejected so the rest can still be read: a key is removed (its
/// default applies); an array item is replaced by an empty object, then an empty string.
fn set_aside(value: &mut Value, segs: &[Seg], attempt: u32) -> bool {
    let Some((last, parent)) = segs.split_last() else {
        return false;
    };
    let mut v = value;
    for s in parent {
        v = match s {
            Seg::Key(k) => match v.get_mut(k) {
                Some(x) => x,
                None => return false,
            },
            Seg::Index(i) => match v.get_mut(*i) {
                Some(x) => x,
                None => return false,
            },
        };
    }
    match (last, v) {
        (Seg::Key(k), Value::Object(map)) => map.remove(k).is_some(),
        (Seg::Index(i), Value::Array(items)) if *i < items.len() => {
            items[*i] = if attempt == 0 {
                Value::Object(Default::default())
            } else {
                Value::String(String::new())
            };
            true
        }
        _ => false,
    }
}

const CHRONO_MESSAGES: &[&str] = &[
    "input contains invalid characters",
    "input is out of range",
    "premature end of input",
    "trailing input",
    "input is not enough",
    "no possible date",
];

fn type_problem(segs: &[Seg], value: &Value, err: &serde_json::Error) -> Diagnostic {
    let path = render_path(segs);
    let found = lookup(value, segs).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let msg = err.to_string();
    let d = if CHRONO_MESSAGES.iter().any(|m| msg.contains(m)) {
        Diagnostic::error(json_loc(&path), "not a valid date")
            .with_help("write the date as YYYY-MM-DD, e.g. 2016-05-22, and check the day exists")
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        Diagnostic::error(json_loc(&path), "not one of the allowed choices")
            .with_help(format!("use {expected}"))
    } else if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        return Diagnostic::error(json_loc(&path), format!("unknown field {field}")).with_help(
            format!("check the spelling; the fields here are {expected}"),
        );
    } else if msg.starts_with("invalid type") {
        let expected = msg.split(", expected ").nth(1).unwrap_or("another type");
        Diagnostic::error(
            json_loc(&path),
            format!("wrong kind of value: expected {expected}"),
        )
        .with_help("see `scr case schema` for the shape of each field")
    } else {
        Diagnostic::error(json_loc(&path), msg)
    };
    match found {
        Some(v) if v.chars().count() <= 200 => d.with_value(v),
        _ => d,
    }
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
