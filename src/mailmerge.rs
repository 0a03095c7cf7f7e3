//! Mail merge: one Word template filled once for each row of a table (a coordinator's letters
//! to every agency, every panel member, every family member's representative).
//!
//! The template is compiled once and the rows rendered on every core
//! ([`crate::parallel::ordered_map`]), each document staged through [`crate::output`] as it is
//! made so memory does not grow with the rows. Nothing appears in the output folder until
//! every row has rendered: the problems of all rows come back together, each with its row
//! number, grouped when many rows share one.

mod rows;

pub use rows::{MAX_DATA_BYTES, Row, Rows, read_rows};

use crate::diagnostic::{Diagnostic, Location};
use crate::output::{OutputDir, OutputError, safe_file_name};
use crate::template::{HELPER_NAMES, TagKind, Template};
use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

/// Why a mail merge wrote nothing.
#[derive(Debug)]
pub enum FillError {
    /// Problems in the rows, the file names or the template against the data: every one.
    Problems(Vec<Diagnostic>),
    /// Files that may not be written (already there without `force`, open elsewhere): every one.
    Destinations(Vec<OutputError>),
    /// A write failed.
    Output(OutputError),
}

impl From<OutputError> for FillError {
    fn from(e: OutputError) -> Self {
        FillError::Output(e)
    }
}

/// How the documents are named.
#[derive(Debug, Clone, Default)]
pub struct Naming {
    /// A tag template for each file's name (`{{agency}}-{{reference}}`), filled from the row;
    /// made safe for every system, `.docx` added.
    pub pattern: Option<String>,
    /// The name used without a pattern, followed by the row number (`letter-007.docx`).
    pub stem: String,
}

/// How many rows are rendered before their documents are staged: enough to keep every core
/// busy, few enough that memory holds only a batch of documents.
fn batch_size() -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    (cores * 8).max(16)
}

/// Fills `template` once for each row into `out`, all or nothing; returns the files written,
/// in row order. `progress(done, total)` is called as rows are rendered.
pub fn fill_rows(
    template: &Template,
    rows: Rows,
    out: &OutputDir,
    naming: &Naming,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Vec<PathBuf>, FillError> {
    let mut problems: Vec<Diagnostic> = rows
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    if !problems.is_empty() {
        return Err(FillError::Problems(problems));
    }
    problems.extend(check_columns(template, &rows));
    let names = file_names(&rows, naming, &mut problems);
    if !problems.is_empty() {
        return Err(FillError::Problems(problems));
    }
    let unit = rows.unit;
    let total = rows.rows.len();
    let mut staging = out.stage(&names).map_err(FillError::Destinations)?;
    let mut failed: RowProblems = BTreeMap::new();
    let mut done = 0;
    let mut pending = rows.rows.into_iter().zip(names).peekable();
    progress(0, total);
    while pending.peek().is_some() {
        let batch: Vec<(Row, PathBuf)> = pending.by_ref().take(batch_size()).collect();
        let rendered = crate::parallel::ordered_map(batch, |(row, name)| {
            (row.number, name, template.render_owned(row.data))
        });
        for (number, name, result) in rendered {
            match result {
                Ok(bytes) if failed.is_empty() => {
                    staging.write(&name, &bytes)?;
                }
                Ok(_) => {}
                Err(ds) => {
                    for d in ds {
                        let key = (d.location.to_string(), d.message.clone());
                        failed.entry(key).or_insert((d, Vec::new())).1.push(number);
                    }
                }
            }
            done += 1;
        }
        progress(done, total);
    }
    if !failed.is_empty() {
        // The staging folder is removed when dropped: nothing was written.
        return Err(FillError::Problems(grouped(failed, unit)));
    }
    Ok(staging.commit()?)
}

/// Problems met rendering rows, by tag place and message: the problem, and the rows.
type RowProblems = BTreeMap<(String, String), (Diagnostic, Vec<u32>)>;

/// One diagnostic per problem, naming every row it was met in (`rows 2-40, 45: ...`).
fn grouped(failed: RowProblems, unit: &str) -> Vec<Diagnostic> {
    let mut out: Vec<(u32, Diagnostic)> = failed
        .into_iter()
        .map(|(_, (mut d, numbers))| {
            d.message = format!("{}: {}", which_rows(unit, &numbers), d.message);
            (numbers.first().copied().unwrap_or(0), d)
        })
        .collect();
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, d)| d).collect()
}

/// `row 7`, or `rows 2-5, 9` for several.
pub fn which_rows(unit: &str, numbers: &[u32]) -> String {
    let mut sorted = numbers.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    let mut ranges: Vec<String> = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let start = sorted[i];
        let mut end = start;
        while i + 1 < sorted.len() && sorted[i + 1] == end + 1 {
            i += 1;
            end = sorted[i];
        }
        ranges.push(if end == start {
            start.to_string()
        } else {
            format!("{start}-{end}")
        });
        i += 1;
    }
    let plural = if sorted.len() > 1 { "s" } else { "" };
    format!("{unit}{plural} {}", ranges.join(", "))
}

/// What the template asks of the rows, checked once rather than row by row: a tag that
/// would call a helper where the data has a field of that name (`{{count}}` beside a column
/// "count" counts nothing and writes nothing of the column), and, for a table, a tag naming
/// no column.
fn check_columns(template: &Template, rows: &Rows) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let keys: HashSet<&str> = match &rows.columns {
        Some(c) => c.iter().map(String::as_str).collect(),
        None => rows
            .rows
            .iter()
            .filter_map(|r| r.data.as_object())
            .flat_map(|o| o.keys().map(String::as_str))
            .collect(),
    };
    for t in template.tags() {
        let bare = match &t.kind {
            TagKind::Value { expr } => Some(expr.trim()),
            TagKind::Open { rest, .. } => rest.split_whitespace().next(),
            TagKind::Else { rest } => rest.split_whitespace().nth(1),
            _ => None,
        };
        if let Some(name) = bare
            && HELPER_NAMES.contains(&name)
            && keys.contains(name)
        {
            out.push(
                Diagnostic::error(
                    t.location.clone(),
                    format!(
                        "{} calls the helper \"{name}\", but the data has a field \"{name}\": \
                         the tag would not write the field",
                        t.source
                    ),
                )
                .with_help(format!(
                    "to write the field, change the tag to {{{{this.{name}}}}}; or rename the \
                     field"
                ))
                .with_excerpt(t.excerpt.clone()),
            );
        }
    }
    if let Some(columns) = &rows.columns {
        let mut reported = HashSet::new();
        for t in crate::template::inspect(template.tags()) {
            for need in &t.needs {
                let head = need
                    .split(['.', '['])
                    .next()
                    .unwrap_or("")
                    .trim_matches(|c| c == '[' || c == ']');
                if head.is_empty() || keys.contains(head) || !reported.insert(head.to_string()) {
                    continue;
                }
                let help = match crate::case::closest(head, columns.iter().map(String::as_str)) {
                    Some(c) => format!(
                        "did you mean \"{c}\"? The columns are: {}",
                        columns.join(", ")
                    ),
                    None => format!("the columns are: {}", columns.join(", ")),
                };
                out.push(
                    Diagnostic::error(
                        t.location.clone(),
                        format!("{} names \"{head}\", which is no column of the data", t.tag),
                    )
                    .with_help(help),
                );
            }
        }
    }
    for d in &mut out {
        d.file.get_or_insert_with(|| template.name().into());
    }
    out
}

/// Each row's file name: the pattern filled from the row, or the stem and row number; made
/// safe, and unique (a later row meeting an earlier one's name gets `-2`, `-3`...).
fn file_names(rows: &Rows, naming: &Naming, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let width = rows
        .rows
        .iter()
        .map(|r| r.number)
        .max()
        .unwrap_or(1)
        .to_string()
        .len()
        .max(3);
    let pattern = naming.pattern.as_deref().map(|p| {
        let p = p.trim();
        let p = p
            .strip_suffix(".docx")
            .or_else(|| p.strip_suffix(".DOCX"))
            .unwrap_or(p);
        let mut reg = handlebars::Handlebars::new();
        reg.set_strict_mode(true);
        reg.register_escape_fn(handlebars::no_escape);
        reg.register_template_string("name", p).map(|()| reg)
    });
    let reg = match pattern {
        Some(Ok(reg)) => Some(reg),
        Some(Err(e)) => {
            problems.push(
                Diagnostic::error(
                    Location::File,
                    format!("the file name pattern cannot be read: {}", e.reason()),
                )
                .with_help("write it with tags in {{ }}, e.g. --name \"{{agency}}-{{reference}}\""),
            );
            return Vec::new();
        }
        None => None,
    };
    let mut seen: HashSet<String> = HashSet::new();
    let mut missing: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut names = Vec::with_capacity(rows.rows.len());
    for r in &rows.rows {
        let base = match &reg {
            Some(reg) => match reg.render("name", &r.data) {
                Ok(s) => safe_file_name(&s),
                Err(e) => {
                    let why = match e.reason() {
                        handlebars::RenderErrorReason::MissingVariable(Some(v)) => {
                            format!("the row has no value for \"{v}\"")
                        }
                        other => other.to_string(),
                    };
                    missing.entry(why).or_default().push(r.number);
                    continue;
                }
            },
            None => format!("{}-{:0width$}", naming.stem, r.number),
        };
        let mut name = base.clone();
        let mut n = 1;
        while !seen.insert(name.to_lowercase()) {
            n += 1;
            name = format!("{base}-{n}");
        }
        names.push(PathBuf::from(format!("{name}.docx")));
    }
    for (why, numbers) in missing {
        problems.push(
            Diagnostic::error(
                Location::File,
                format!(
                    "{}: the file name cannot be made: {why}",
                    which_rows(rows.unit, &numbers)
                ),
            )
            .with_help("fill the value in those rows, or name files by another column with --name"),
        );
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_listed_as_ranges() {
        assert_eq!(which_rows("row", &[7]), "row 7");
        assert_eq!(which_rows("row", &[5, 2, 3, 4, 9, 9]), "rows 2-5, 9");
        assert_eq!(which_rows("line", &[1, 3]), "lines 1, 3");
    }
}
