//! A case built from a JSON value, whatever file it came from: deserialisation that goes on
//! past each rejected value so that every type problem is reported, then validation.
//!
//! Both forms of a case file become a JSON value first ([`super::load`] for `case.json`,
//! [`super::workbook`] for a workbook, which also records the cell each value came from in a
//! [`SourceMap`]); this is where the value becomes a [`Case`].

use super::model::Case;
use super::validate::{json_loc, validate};
use crate::diagnostic::{Diagnostic, Location};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};

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

    pub(super) fn failed(d: Diagnostic) -> Self {
        LoadedCase {
            case: None,
            diagnostics: vec![d],
        }
    }
}

/// Maps a JSON path to where a person typed that value; empty for `case.json` itself.
pub type SourceMap = BTreeMap<String, Location>;

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

/// The names serde lists as expected: "one of `a`, `b`" gives a and b.
fn backticked(list: &str) -> Vec<&str> {
    list.split('`').skip(1).step_by(2).collect()
}

/// How to write a date in JSON, with the reader's own date turned round where it is one
/// written day first ("19/02/2016" gives 2016-02-19).
fn date_help(found: Option<&str>) -> String {
    let day_first = found.and_then(|f| {
        let parts: Vec<&str> = f.trim().split(['/', '.', '-']).collect();
        match parts.as_slice() {
            [d, m, y] if y.len() == 4 && d.len() <= 2 => {
                NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
            }
            _ => None,
        }
    });
    match day_first {
        Some(d) => format!(
            "JSON dates are written year first, YYYY-MM-DD: write {}",
            d.format("%Y-%m-%d")
        ),
        None => {
            "JSON dates are written year first, YYYY-MM-DD (e.g. 2016-05-22); check the day exists"
                .to_string()
        }
    }
}

fn type_problem(segs: &[Seg], value: &Value, err: &serde_json::Error) -> Diagnostic {
    let path = render_path(segs);
    let found = lookup(value, segs).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let msg = err.to_string();
    let d = if CHRONO_MESSAGES.iter().any(|m| msg.contains(m)) {
        Diagnostic::error(json_loc(&path), "not a valid date")
            .with_help(date_help(found.as_deref()))
    } else if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        let typed = found.as_deref().unwrap_or("");
        let help = match crate::suggest::did_you_mean(typed, backticked(expected)) {
            Some(d) => format!("{d} (the choices are {expected})"),
            None => format!("use {expected}"),
        };
        Diagnostic::error(json_loc(&path), "not one of the allowed choices").with_help(help)
    } else if let Some(rest) = msg.strip_prefix("unknown field ") {
        let field = rest.split(',').next().unwrap_or(rest);
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        let typed = field.trim_matches('`');
        let help = match crate::suggest::did_you_mean(typed, backticked(expected)) {
            Some(d) => format!("{d} The fields here are {expected}"),
            None => format!("check the spelling; the fields here are {expected}"),
        };
        return Diagnostic::error(json_loc(&path), format!("unknown field {field}"))
            .with_help(help);
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
