//! Does a pack read as one set? The documents of a pack are read back as a recipient reads
//! them, and every way they contradict one another is a located finding: a covering letter
//! whose enclosures are not what its folder holds, a document dated after a deadline it
//! states, documents that give the Chair's decision different dates, and anything not sendable
//! as it is (an ISO date, a coded value, the name of a command).
//!
//! One function, [`check_pack`], runs inside `scr pack` on the documents before they are
//! written, and [`check_pack_folder`] runs it as `scr check FOLDER` on a pack already made.

use super::{Document, paragraph_location};
use crate::diagnostic::{Diagnostic, Location};
use crate::docset::DocKind;
use crate::manifest::KIND_PROPERTY;
use chrono::NaiveDate;
use regex::Regex;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}-\d{2}-\d{2}\b").expect("ISO date pattern"));
static LONG_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})\b")
        .expect("long date pattern")
});
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9.@/_-]*\b[a-z]+(?:_[a-z]+)+\b[A-Za-z0-9.@/_-]*").expect("code pattern")
});
static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bscr (pack|check|case|chronology|draft|fill|template|templates|anonymise|actions|audit|serve|criteria|timeline)\b")
        .expect("command pattern")
});
static BY_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bby (\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b")
        .expect("deadline pattern")
});
static CHAIR_DECIDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bOn (\d{1,2} \w+ \d{4}) the Independent Chair\b").expect("decision pattern")
});

/// One paragraph of a pack document: where it is, what it says, and the label cell before
/// it when it is the value of a two-column field table.
struct Line {
    location: Location,
    text: String,
    label: Option<String>,
    heading: Option<String>,
}

/// A document of the pack, read back.
struct Read {
    path: PathBuf,
    kind: Option<DocKind>,
    lines: Vec<Line>,
}

fn long_date(s: &str) -> Option<NaiveDate> {
    let c = LONG_DATE.captures(s)?;
    NaiveDate::parse_from_str(&format!("{} {} {}", &c[1], &c[2], &c[3]), "%d %B %Y").ok()
}

fn read(path: &Path, bytes: &[u8]) -> Result<Read, Diagnostic> {
    let doc = Document::from_bytes(bytes.to_vec()).map_err(|d| d.in_file(path))?;
    let kind = doc
        .custom_property(KIND_PROPERTY)
        .and_then(|k| DocKind::from_id(&k));
    let mut lines = Vec::new();
    for part in doc
        .parts
        .iter()
        .filter(|p| !super::is_property(p.part.kind))
    {
        let mut previous: Option<(String, bool)> = None;
        for p in &part.paragraphs {
            let text = p.text().trim().to_string();
            if text.is_empty() {
                continue;
            }
            let in_table = p.table.is_some();
            let label = previous
                .take()
                .filter(|(_, was_in_table)| *was_in_table && in_table)
                .map(|(t, _)| t);
            previous = Some((text.clone(), in_table));
            lines.push(Line {
                location: paragraph_location(part, p),
                text,
                label,
                heading: p.heading.clone(),
            });
        }
    }
    Ok(Read {
        path: path.to_path_buf(),
        kind,
        lines,
    })
}

/// Every finding on the pack whose files are `files` (paths relative to the pack folder, and
/// their bytes). Word documents are read; other files (workbooks) count as enclosures.
pub fn check_pack(files: &[(PathBuf, Vec<u8>)]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut docs = Vec::new();
    for (path, bytes) in files {
        if path.extension().is_some_and(|e| e == "docx") {
            match read(path, bytes) {
                Ok(d) => docs.push(d),
                Err(d) => out.push(d),
            }
        }
    }
    for d in &docs {
        sendable(d, &mut out);
        dated_within_its_deadlines(d, &mut out);
    }
    enclosures_are_what_the_folder_holds(files, &docs, &mut out);
    one_decision_date(&docs, &mut out);
    out
}

/// Checks a pack already made: every file under `dir`, as `scr pack` wrote it.
pub fn check_pack_folder(dir: &Path) -> Vec<Diagnostic> {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                problems.push(
                    Diagnostic::error(Location::File, format!("cannot read the folder: {e}"))
                        .in_file(&d)
                        .with_help("check the path and that you may read it"),
                );
                continue;
            }
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else if p.is_file() {
                let rel = p.strip_prefix(dir).unwrap_or(&p).to_path_buf();
                match crate::input::read_limited(&p, super::document::MAX_DOCUMENT_BYTES) {
                    Ok(b) => files.push((rel, b)),
                    Err(e) => problems.push(
                        Diagnostic::error(
                            Location::File,
                            match e {
                                crate::input::ReadError::Io(e) => {
                                    format!("cannot read the file: {e}")
                                }
                                e => format!(
                                    "the file is {}, too large for a pack document",
                                    e.size_in_bytes()
                                ),
                            },
                        )
                        .in_file(&p)
                        .with_help("check the file and that you may read it"),
                    ),
                }
            }
        }
    }
    if files.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(Location::File, "the folder holds no pack")
                .in_file(dir)
                .with_help("give the folder `scr pack` wrote (the one given to --out)"),
        );
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    problems.extend(check_pack(&files).into_iter().map(|d| match &d.file {
        Some(f) if f.is_relative() => {
            let f = dir.join(f);
            d.in_file(f)
        }
        _ => d,
    }));
    problems
}

/// Nothing a recipient would have to decode: dates in words, values in words, no command.
fn sendable(d: &Read, out: &mut Vec<Diagnostic>) {
    for l in &d.lines {
        if let Some(m) = ISO_DATE.find(&l.text) {
            out.push(
                Diagnostic::error(
                    l.location.clone(),
                    format!("a date is written {}, not in words", m.as_str()),
                )
                .in_file(&d.path)
                .with_help("show dates as 4 March 2016: in a template, {{date x}}"),
            );
        }
        for m in CODE.find_iter(&l.text) {
            let word = m.as_str();
            // E-mail addresses, file names and web addresses may hold underscores.
            if word.contains(['@', '.', '/']) {
                continue;
            }
            out.push(
                Diagnostic::error(
                    l.location.clone(),
                    format!("\"{word}\" is a code, not words a recipient can read"),
                )
                .in_file(&d.path)
                .with_help("show a coded value by its words: in a template, {{label x}}"),
            );
        }
        if let Some(m) = COMMAND.find(&l.text) {
            out.push(
                Diagnostic::error(
                    l.location.clone(),
                    format!("the document names a command (\"{}\")", m.as_str()),
                )
                .in_file(&d.path)
                .with_help("say what the recipient should do, not which program the Board runs"),
            );
        }
    }
}

/// The date a document carries: a letter's date line, or the value of its "Date" field.
fn own_date(d: &Read) -> Option<(NaiveDate, &Line)> {
    d.lines.iter().take(12).find_map(|l| {
        let whole = LONG_DATE
            .find(&l.text)
            .is_some_and(|m| m.as_str() == l.text);
        let field = matches!(l.label.as_deref(), Some("Date" | "Date requested"));
        (whole && (field || l.label.is_none()))
            .then(|| long_date(&l.text).map(|x| (x, l)))
            .flatten()
    })
}

/// A document dated after a deadline it states asks for the impossible.
fn dated_within_its_deadlines(d: &Read, out: &mut Vec<Diagnostic>) {
    let Some((dated, _)) = own_date(d) else {
        return;
    };
    for l in &d.lines {
        let mut deadlines: Vec<&str> = BY_DATE
            .captures_iter(&l.text)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        let label = l.label.as_deref().unwrap_or("");
        if ["Please return by", "Due"].contains(&label) {
            deadlines.push(l.text.as_str());
        }
        for due in deadlines.into_iter().filter_map(long_date) {
            if dated > due {
                out.push(
                    Diagnostic::error(
                        l.location.clone(),
                        format!(
                            "the document is dated {}, after the deadline it gives ({})",
                            crate::rules::long_date(dated),
                            crate::rules::long_date(due)
                        ),
                    )
                    .in_file(&d.path)
                    .with_help("date the document when it was sent (the case file's dates, or --date), or correct the deadline"),
                );
            }
        }
    }
}

/// The words a covering letter uses for a file of its folder.
fn enclosure_words(path: &Path, kind: Option<DocKind>) -> String {
    match kind {
        Some(DocKind::ManagementReview) => "individual management review template".into(),
        Some(k) => k.title().to_lowercase(),
        None => path
            .file_name()
            .map(|n| n.to_string_lossy().to_lowercase())
            .unwrap_or_default(),
    }
}

/// Each letter that lists enclosures (the covering letter, the rapid review's day-1 letter)
/// lists exactly what its folder holds, besides itself and the PDFs made of its documents.
fn enclosures_are_what_the_folder_holds(
    files: &[(PathBuf, Vec<u8>)],
    docs: &[Read],
    out: &mut Vec<Diagnostic>,
) {
    let kinds: BTreeMap<&Path, Option<DocKind>> =
        docs.iter().map(|d| (d.path.as_path(), d.kind)).collect();
    for letter in docs.iter().filter(|d| {
        matches!(
            d.kind,
            Some(
                DocKind::CoveringLetter
                    | DocKind::RapidReviewLetter
                    | DocKind::AlternativeReviewNotice
            )
        )
    }) {
        let this = letter.kind.map_or("letter".into(), |k| {
            format!("the {}", k.title().to_lowercase())
        });
        let folder = letter.path.parent().unwrap_or(Path::new(""));
        let has = |p: &Path| files.iter().any(|(f, _)| f == p);
        let listed: Vec<&Line> = letter
            .lines
            .iter()
            .filter(|l| l.heading.as_deref() == Some("Enclosures"))
            .collect();
        let listed_text: Vec<String> = listed.iter().map(|l| l.text.to_lowercase()).collect();
        let mut held = Vec::new();
        for (path, _) in files {
            if path.parent() != Some(folder) || *path == letter.path {
                continue;
            }
            // `scr pack --pdf` writes a PDF beside each document: a copy, not an enclosure.
            if path.extension().is_some_and(|e| e == "pdf") && has(&path.with_extension("docx")) {
                continue;
            }
            let kind = kinds.get(path.as_path()).copied().flatten();
            let words = enclosure_words(path, kind);
            held.push(words.clone());
            if !listed_text.iter().any(|t| t.contains(&words)) {
                out.push(
                    Diagnostic::error(
                        Location::File,
                        format!(
                            "{this} does not list {} among its enclosures, but its folder holds it",
                            path.file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default()
                        ),
                    )
                    .in_file(&letter.path)
                    .with_help("make the pack again so that the letter lists what is enclosed"),
                );
            }
        }
        // A line naming a document the folder does not hold.
        for (l, t) in listed.iter().zip(&listed_text) {
            let names_document = crate::docset::ALL
                .iter()
                .any(|k| t.contains(&enclosure_words(Path::new(""), Some(*k))))
                || t.contains(".xlsx");
            if names_document && !held.iter().any(|h| t.contains(h.as_str())) {
                out.push(
                    Diagnostic::error(
                        l.location.clone(),
                        format!(
                            "{this} lists \"{}\", which its folder does not hold",
                            l.text
                        ),
                    )
                    .in_file(&letter.path)
                    .with_help(
                        "make the pack again with the documents it encloses, or without the letter",
                    ),
                );
            }
        }
    }
}

/// Every document that gives the date of the Chair's decision gives the same one.
fn one_decision_date(docs: &[Read], out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(NaiveDate, &Read, &Line)> = Vec::new();
    for d in docs {
        for l in &d.lines {
            let stated = CHAIR_DECIDED
                .captures(&l.text)
                .and_then(|c| long_date(&c[1]))
                .or_else(|| {
                    matches!(
                        l.label.as_deref(),
                        Some("Decision to initiate" | "Date of decision")
                    )
                    .then(|| long_date(&l.text))
                    .flatten()
                });
            if let Some(x) = stated {
                seen.push((x, d, l));
            }
        }
    }
    let Some((first, first_doc, _)) = seen.first().map(|(x, d, l)| (*x, *d, *l)) else {
        return;
    };
    for (x, d, l) in &seen {
        if *x != first {
            out.push(
                Diagnostic::error(
                    l.location.clone(),
                    format!(
                        "the Chair's decision is dated {} here but {} in {}",
                        crate::rules::long_date(*x),
                        crate::rules::long_date(first),
                        first_doc.path.display()
                    ),
                )
                .in_file(&d.path)
                .with_help("make the pack again from one case file"),
            );
        }
    }
}
