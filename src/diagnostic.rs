//! Problems found in an input, located for the person who has to fix them.
//!
//! Every reader in scrkit returns what it could make of its input *and* a list of
//! [`Diagnostic`]s, never just the first problem: a coordinator fixing a case file or an agency
//! fixing a chronology wants the whole list in one go. A diagnostic names the file, the place
//! inside it ([`Location`]), what is wrong, and what to do.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth knowing; the input is still usable (e.g. a chronology entry outside the scope).
    Warning,
    /// The input must be fixed before it is used.
    Error,
}

/// Where in a file a problem is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// The file as a whole.
    File,
    /// A line and column of a text file (1-based), e.g. a JSON syntax error.
    Text {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A value inside JSON case data, as a path like `$.agencies[2].id`.
    Json {
        /// The JSON path.
        path: String,
    },
    /// A spreadsheet cell, or a field of a CSV file.
    Cell {
        /// Sheet name; empty for a file that has no sheets (CSV), whose rows are the file's.
        sheet: String,
        /// Row number as the spreadsheet shows it (from 1).
        row: u32,
        /// Column letter as the spreadsheet shows it ("A", "AB").
        column: String,
        /// The column's header, where the sheet has one.
        #[serde(skip_serializing_if = "Option::is_none")]
        header: Option<String>,
    },
    /// A place in a Word document.
    Docx {
        /// Part name inside the package, e.g. `word/header1.xml`.
        part: String,
        /// The part as a person knows it, e.g. "header of section 1".
        part_label: String,
        /// Paragraph number within the part (from 1).
        #[serde(skip_serializing_if = "Option::is_none")]
        paragraph: Option<usize>,
        /// Table, row and cell (from 1), where the place is inside a table.
        #[serde(skip_serializing_if = "Option::is_none")]
        table: Option<TablePlace>,
        /// Text of the nearest heading above.
        #[serde(skip_serializing_if = "Option::is_none")]
        heading: Option<String>,
    },
}

/// A cell in a Word table, numbered from 1 within its part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TablePlace {
    /// Table number within the part.
    pub table: usize,
    /// Row within the table.
    pub row: usize,
    /// Cell within the row.
    pub cell: usize,
}

/// One problem in one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file the problem is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    /// Where in the file.
    pub location: Location,
    /// What is wrong.
    pub message: String,
    /// The offending value, where showing it helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// A short excerpt with a caret line under the problem, for template tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            location,
            message: message.into(),
            value: None,
            help: None,
            excerpt: None,
        }
    }

    /// A warning at `location`.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(location, message)
        }
    }

    /// Adds what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds the offending value.
    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(value.into());
        self
    }

    /// Names the file.
    pub fn in_file(mut self, file: impl AsRef<Path>) -> Self {
        self.file = Some(file.as_ref().to_path_buf());
        self
    }

    /// Adds an excerpt.
    pub fn with_excerpt(mut self, excerpt: impl Into<String>) -> Self {
        self.excerpt = Some(excerpt.into());
        self
    }

    /// True for errors, false for warnings.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File => Ok(()),
            Location::Text { line, column } => write!(f, "line {line}, column {column}"),
            Location::Json { path } => write!(f, "{path}"),
            Location::Cell {
                sheet,
                row,
                column,
                header,
            } => {
                if sheet.is_empty() {
                    write!(f, "row {row}, column {column}")?;
                } else {
                    write!(f, "sheet '{sheet}', row {row}, column {column}")?;
                }
                if let Some(h) = header {
                    write!(f, " ({h})")?;
                }
                Ok(())
            }
            Location::Docx {
                part_label,
                paragraph,
                table,
                heading,
                ..
            } => {
                write!(f, "{part_label}")?;
                if let Some(t) = table {
                    write!(f, ", table {}, row {}, cell {}", t.table, t.row, t.cell)?;
                }
                if let Some(p) = paragraph {
                    write!(f, ", paragraph {p}")?;
                }
                if let Some(h) = heading {
                    write!(f, " (under \"{h}\")")?;
                }
                Ok(())
            }
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}: ", Shown(&file.display().to_string()))?;
        }
        if self.location != Location::File {
            write!(f, "{}: ", Shown(&self.location.to_string()))?;
        }
        write!(f, "{}", Shown(&self.message))?;
        if let Some(v) = &self.value {
            write!(f, " (found \"{}\")", Shown(v))?;
        }
        if let Some(ex) = &self.excerpt {
            for line in ex.lines() {
                write!(f, "\n    {}", Shown(line))?;
            }
        }
        if let Some(h) = &self.help {
            write!(f, "\n  help: {}", Shown(h))?;
        }
        Ok(())
    }
}

/// Text from a file, shown safely on a terminal: a cell, a sheet or a file name can hold
/// escape codes that would recolour, move or hide what follows, or direction marks that
/// reorder it. Such characters are written as `\u{..}`; line breaks and tabs are kept.
struct Shown<'a>(&'a str);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        for c in self.0.chars() {
            let hidden = (c.is_control() && c != '\n' && c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
            if hidden {
                write!(f, "\\u{{{:x}}}", c as u32)?;
            } else {
                f.write_char(c)?;
            }
        }
        Ok(())
    }
}

/// Counts errors in a list of diagnostics.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics.iter().filter(|d| d.is_error()).count()
}

/// Turns a 0-based column index into the letters a spreadsheet shows ("A", "Z", "AA").
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn escape_codes_and_direction_marks_are_shown_not_obeyed() {
        let d = super::Diagnostic::error(
            super::Location::File,
            "an agency named \u{1b}[2J\u{1b}[31mPolice\u{202E}kcab and \u{9b}31m",
        )
        .with_help("line one\nline two\u{7}");
        let said = d.to_string();
        assert!(
            !said
                .chars()
                .any(|c| c == '\u{1b}' || c == '\u{202E}' || c == '\u{9b}' || c == '\u{7}'),
            "{said:?}"
        );
        assert!(said.contains("\\u{1b}[2J"), "{said}");
        assert!(said.contains("\\u{202e}kcab"), "{said}");
        assert!(
            said.contains("line one\n  help: ") || said.contains("line one\nline two"),
            "{said}"
        );
    }

    use super::*;

    #[test]
    fn column_letters_follow_spreadsheet_numbering() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(51), "AZ");
        assert_eq!(column_letter(52), "BA");
        assert_eq!(column_letter(16383), "XFD");
    }

    #[test]
    fn display_names_file_place_problem_and_help() {
        let d = Diagnostic::error(
            Location::Cell {
                sheet: "Chronology".into(),
                row: 12,
                column: "B".into(),
                header: Some("Date".into()),
            },
            "date is impossible",
        )
        .in_file("police.xlsx")
        .with_value("31/02/2015")
        .with_help("check the day and month");
        let s = d.to_string();
        assert_eq!(
            s,
            "error: police.xlsx: sheet 'Chronology', row 12, column B (Date): date is impossible \
             (found \"31/02/2015\")\n  help: check the day and month"
        );
    }
}
