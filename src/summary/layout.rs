//! The agency summary's layout, written once and read by both the blank workbook and the
//! checker: its columns (headers, guidance, the other names agencies give them), its sections,
//! and the hidden marker's check.
//!
//! A rapid review asks each agency for a short summary under four headings (Working Together
//! 2018 chapter 4; 2023 chapter 5; the Panel's rapid review template): its involvement, the key
//! practice episodes, the immediate action it has taken and its early learning. The workbook
//! holds them as one table, a row per item, each naming its section, so that a summary is read
//! by the same readers as a chronology return and checked cell by cell.

use crate::chronology::read::{Grid, SUMMARY_FORMAT_VERSION};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The sheet agencies fill in.
pub const SUMMARY_SHEET: &str = "Agency summary";

/// The marker `Format` of the summary workbook.
pub const FORMAT: &str = SUMMARY_FORMAT_VERSION;

/// One of the summary's four headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// The agency's involvement with the child and family.
    Involvement,
    /// A moment where practice made, or might have made, a difference.
    KeyPracticeEpisode,
    /// Action already taken to keep this child and other children safe.
    ImmediateAction,
    /// Early learning, for the agency and for agencies working together.
    EarlyLearning,
}

impl Section {
    /// Every section, in the order of the summary.
    pub const ALL: [Section; 4] = [
        Section::Involvement,
        Section::KeyPracticeEpisode,
        Section::ImmediateAction,
        Section::EarlyLearning,
    ];

    /// The words in the drop-down and in documents.
    pub fn label(self) -> &'static str {
        match self {
            Section::Involvement => "Involvement",
            Section::KeyPracticeEpisode => "Key practice episode",
            Section::ImmediateAction => "Immediate action",
            Section::EarlyLearning => "Early learning",
        }
    }

    /// The heading of the merged document's part for this section.
    pub fn heading(self) -> &'static str {
        match self {
            Section::Involvement => "Agency involvement",
            Section::KeyPracticeEpisode => "Key practice episodes",
            Section::ImmediateAction => "Immediate action taken",
            Section::EarlyLearning => "Early learning",
        }
    }

    /// Whether a row of this section must give a date: an episode and an action happened on
    /// a day; involvement and learning may span the scope.
    pub fn needs_date(self) -> bool {
        matches!(self, Section::KeyPracticeEpisode | Section::ImmediateAction)
    }

    /// Reads a Section cell: the label or another usual name, whatever its case.
    pub fn parse(text: &str) -> Option<Section> {
        let t = squash(text);
        Some(match t.as_str() {
            "involvement" | "agencyinvolvement" | "summaryofinvolvement" | "1" => {
                Section::Involvement
            }
            "keypracticeepisode"
            | "keypracticeepisodes"
            | "keyepisode"
            | "kpe"
            | "episode"
            | "2" => Section::KeyPracticeEpisode,
            "immediateaction"
            | "immediateactions"
            | "immediateactiontaken"
            | "action"
            | "immediatesafetyaction"
            | "3" => Section::ImmediateAction,
            "earlylearning" | "learning" | "learningidentified" | "4" => Section::EarlyLearning,
            _ => return None,
        })
    }

    /// The section a misspelt cell most likely means, for "did you mean".
    pub fn closest(text: &str) -> Option<Section> {
        let label = crate::case::closest(text, Section::ALL.iter().map(|s| s.label()))?;
        Section::ALL.into_iter().find(|s| s.label() == label)
    }
}

/// A column of the summary sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// Which of the four headings the row belongs to (mandatory).
    Section,
    /// When it happened, or when the involvement began.
    Date,
    /// When it ended, for a period.
    EndDate,
    /// Who it is about (a pseudonym).
    Subject,
    /// The practitioner's or team's role, never a name.
    Role,
    /// What happened, what was done, or what was learned (mandatory).
    Summary,
    /// The agency's view: what went well, what could have been better, and why.
    Analysis,
}

impl Column {
    /// Every column, in the order of the sheet.
    pub const ALL: [Column; 7] = [
        Column::Section,
        Column::Date,
        Column::EndDate,
        Column::Subject,
        Column::Role,
        Column::Summary,
        Column::Analysis,
    ];

    /// The header written in the blank workbook, and used in messages.
    pub fn header(self) -> &'static str {
        match self {
            Column::Section => "Section",
            Column::Date => "Date",
            Column::EndDate => "End date",
            Column::Subject => "Subject",
            Column::Role => "Role",
            Column::Summary => "Summary",
            Column::Analysis => "Analysis",
        }
    }

    /// What the column holds, for the instructions sheet and for help texts.
    pub fn guidance(self) -> &'static str {
        match self {
            Column::Section => {
                "Required. Involvement, Key practice episode, Immediate action or Early learning (choose from the list)."
            }
            Column::Date => {
                "The date as dd/mm/yyyy: required for a key practice episode and an immediate action; for involvement, when it began."
            }
            Column::EndDate => "For a period (involvement, an admission): its last day.",
            Column::Subject => {
                "Who it is about: choose a name from the list (Child B, Mother, ...)."
            }
            Column::Role => {
                "The practitioner's or team's role (e.g. Health visitor), never their name."
            }
            Column::Summary => {
                "Required. What happened, what your agency did, or what it has learned, factually."
            }
            Column::Analysis => {
                "Your agency's view: what went well, what could have been better, and why. Expected for a key practice episode."
            }
        }
    }

    /// The width of the column in the workbook (characters).
    pub fn width(self) -> f64 {
        match self {
            Column::Section => 22.0,
            Column::Date | Column::EndDate => 12.0,
            Column::Subject | Column::Role => 18.0,
            Column::Summary | Column::Analysis => 50.0,
        }
    }

    /// Whether the column holds dates.
    pub fn is_date(self) -> bool {
        matches!(self, Column::Date | Column::EndDate)
    }

    /// Normalised header texts that mean this column.
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Section => &["section", "heading", "part", "type", "category"],
            Column::Date => &["date", "datefrom", "from", "startdate", "dateofevent"],
            Column::EndDate => &["enddate", "dateto", "to", "until"],
            Column::Subject => &["subject", "who", "person", "about"],
            Column::Role => &["role", "practitionerrole", "practitioner", "team", "by"],
            Column::Summary => &[
                "summary",
                "detail",
                "details",
                "description",
                "whathappened",
                "text",
            ],
            Column::Analysis => &[
                "analysis",
                "practiceview",
                "view",
                "comment",
                "commentary",
                "agencyview",
            ],
        }
    }
}

/// Letters and digits only, lower case, any bracketed hint removed: how headers and section
/// names are compared.
fn squash(s: &str) -> String {
    let s = s.split(['(', '[']).next().unwrap_or(s);
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each column is in a sheet: the header row (index into the grid) and each column found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Header {
    /// The header row's index in the grid.
    pub row: usize,
    /// (column, index in the row) for each column found.
    pub columns: Vec<(Column, usize)>,
    /// Headers outside the layout, kept: (index, header).
    pub extra: Vec<(usize, String)>,
}

impl Header {
    /// The index of a column, when the sheet has it.
    pub(crate) fn index_of(&self, c: Column) -> Option<usize> {
        self.columns.iter().find(|(x, _)| *x == c).map(|(_, i)| *i)
    }
}

/// How many rows from the top are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 30;

/// Finds the summary's header row: the first of the top rows naming Section and Summary.
pub(crate) fn find_header(grid: &Grid) -> Option<Header> {
    grid.rows
        .iter()
        .take(HEADER_SEARCH_ROWS)
        .enumerate()
        .find_map(|(i, r)| {
            let texts: Vec<String> = r.cells.iter().map(|c| c.text()).collect();
            let mut columns: Vec<(Column, usize)> = Vec::new();
            let mut extra = Vec::new();
            for (j, t) in texts.iter().enumerate() {
                let key = squash(t);
                if key.is_empty() {
                    continue;
                }
                match Column::ALL
                    .into_iter()
                    .find(|c| c.aliases().contains(&key.as_str()))
                {
                    Some(c) if !columns.iter().any(|(x, _)| *x == c) => columns.push((c, j)),
                    _ => extra.push((j, t.clone())),
                }
            }
            let has = |c| columns.iter().any(|(x, _)| *x == c);
            (has(Column::Section) && has(Column::Summary)).then_some(Header {
                row: i,
                columns,
                extra,
            })
        })
}

/// The check written in the marker: the first 16 hex digits of a SHA-256 over the other keys.
/// It is no signature (anyone with scrkit can make one); it tells a marker edited by hand,
/// which would send an agency's summary under another agency's name, from the one made.
pub fn marker_check(format: &str, review: &str, agency_id: &str, agency_name: &str) -> String {
    let mut h = Sha256::new();
    for part in [format, review, agency_id, agency_name] {
        h.update(part.trim().as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_are_read_by_their_usual_names_and_misspellings_are_placed() {
        assert_eq!(
            Section::parse("Key practice episodes"),
            Some(Section::KeyPracticeEpisode)
        );
        assert_eq!(Section::parse("  LEARNING "), Some(Section::EarlyLearning));
        assert_eq!(
            Section::parse("Immediate action taken"),
            Some(Section::ImmediateAction)
        );
        assert_eq!(Section::parse("Involvment"), None);
        assert_eq!(Section::closest("Involvment"), Some(Section::Involvement));
        assert_eq!(Section::closest("Sausages"), None);
    }

    #[test]
    fn the_check_changes_with_every_key() {
        let a = marker_check(FORMAT, "RR-1", "police", "Westmere Police");
        assert_eq!(a.len(), 16);
        assert_ne!(a, marker_check(FORMAT, "RR-1", "csc", "Westmere Police"));
        assert_ne!(a, marker_check(FORMAT, "RR-2", "police", "Westmere Police"));
    }
}
