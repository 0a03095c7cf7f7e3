//! The agreed chronology columns and how a return's header row is recognised.
//!
//! Agencies rename, reorder and decorate headers ("Date of contact (dd/mm/yyyy)*", "Details of
//! event"). A header is matched by its normalised text: lower case, letters and digits only,
//! with any bracketed hint removed, against each column's aliases. Columns nobody agreed are
//! kept as extra fields rather than dropped.

use serde::Serialize;

/// One of the agreed columns of the chronology template (DESIGN §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// The agency's own reference or entry number.
    Ref,
    /// When the event happened (mandatory).
    Date,
    /// The time of day, where known.
    Time,
    /// Exact, approximate or month only.
    DateCertainty,
    /// The last day of an event that lasted several days.
    EndDate,
    /// The agency, or the part of it, that holds the record (mandatory unless Source is given).
    Agency,
    /// The record or system the entry was taken from (mandatory unless Agency is given).
    Source,
    /// The role of the practitioner involved (never their name).
    PractitionerRole,
    /// Who the entry is about (a family pseudonym).
    Subject,
    /// What happened (mandatory).
    Event,
    /// The action taken, decision or outcome.
    Outcome,
    /// The agency's comment or analysis.
    Comment,
}

impl Column {
    /// Every column, in the order of the agreed template.
    pub const ALL: [Column; 12] = [
        Column::Ref,
        Column::Date,
        Column::Time,
        Column::DateCertainty,
        Column::EndDate,
        Column::Agency,
        Column::Source,
        Column::PractitionerRole,
        Column::Subject,
        Column::Event,
        Column::Outcome,
        Column::Comment,
    ];

    /// The header written in the blank workbook, and used in messages.
    pub fn header(self) -> &'static str {
        match self {
            Column::Ref => "Ref",
            Column::Date => "Date",
            Column::Time => "Time",
            Column::DateCertainty => "Date certainty",
            Column::EndDate => "End date",
            Column::Agency => "Agency",
            Column::Source => "Source",
            Column::PractitionerRole => "Practitioner role",
            Column::Subject => "Subject",
            Column::Event => "Event / contact",
            Column::Outcome => "Action taken / outcome",
            Column::Comment => "Agency comment",
        }
    }

    /// What the column holds, for the instructions sheet and for help texts.
    pub fn guidance(self) -> &'static str {
        match self {
            Column::Ref => "Your own entry number or record reference (optional).",
            Column::Date => {
                "Required. The date of the event as dd/mm/yyyy. For a month only, type e.g. May 2015 or choose 'Month only' under Date certainty."
            }
            Column::Time => "The time as hh:mm (24-hour), where the record gives one.",
            Column::DateCertainty => {
                "Exact, Approximate or Month only. Leave blank for an exact date."
            }
            Column::EndDate => {
                "For an event lasting several days (an admission, a placement): its last day."
            }
            Column::Agency => {
                "Required unless Source is filled: your agency, or the team within it."
            }
            Column::Source => {
                "Required unless Agency is filled: the record or system the entry comes from."
            }
            Column::PractitionerRole => {
                "The practitioner's role (e.g. Health visitor), never their name."
            }
            Column::Subject => {
                "Who the entry is about: choose a name from the list (Child A, Mother, ...)."
            }
            Column::Event => "Required. What happened: the contact or event, factually.",
            Column::Outcome => "The action taken, decision or outcome.",
            Column::Comment => "Your agency's comment or analysis of the entry.",
        }
    }

    /// Normalised header texts that mean this column.
    pub(super) fn aliases(self) -> &'static [&'static str] {
        match self {
            Column::Ref => &[
                "ref",
                "reference",
                "refno",
                "referenceno",
                "referencenumber",
                "no",
                "number",
                "entry",
                "entryno",
                "entrynumber",
                "item",
                "itemno",
                "id",
                "recordref",
            ],
            Column::Date => &[
                "date",
                "dateofcontact",
                "dateofevent",
                "eventdate",
                "contactdate",
                "datefrom",
                "startdate",
                "dateofentry",
                "dateofincident",
                "datecontact",
                "dateevent",
            ],
            Column::Time => &[
                "time",
                "timeofcontact",
                "timeofevent",
                "eventtime",
                "contacttime",
            ],
            Column::DateCertainty => &[
                "datecertainty",
                "certainty",
                "dateaccuracy",
                "accuracy",
                "dateexact",
                "exactorapproximate",
                "dateexactorapproximate",
                "dateprecision",
                "precision",
            ],
            Column::EndDate => &[
                "enddate",
                "dateto",
                "to",
                "until",
                "finishdate",
                "dateended",
                "dateofend",
            ],
            Column::Agency => &[
                "agency",
                "agencyname",
                "organisation",
                "organization",
                "organisationname",
                "agencyservice",
                "agencyteam",
                "service",
                "nameofagency",
            ],
            Column::Source => &[
                "source",
                "sourceofinformation",
                "informationsource",
                "record",
                "recordsystem",
                "system",
                "sourcerecord",
                "recordsource",
                "sourcerecordorsystem",
                "sourceofrecord",
                "recordorsystem",
            ],
            Column::PractitionerRole => &[
                "practitionerrole",
                "practitioner",
                "role",
                "staffrole",
                "roleofpractitioner",
                "professional",
                "professionalrole",
                "professionalinvolved",
                "designation",
                "workerrole",
                "practitionerinvolved",
                "rolepractitioner",
            ],
            Column::Subject => &[
                "subject",
                "who",
                "person",
                "personconcerned",
                "whotheentryisabout",
                "familymember",
                "individual",
                "about",
                "subjectofentry",
                "whoisitabout",
            ],
            Column::Event => &[
                "event",
                "eventcontact",
                "contactevent",
                "contact",
                "details",
                "detailsofevent",
                "eventdetails",
                "detailsofcontact",
                "contactdetails",
                "description",
                "eventdescription",
                "descriptionofevent",
                "summary",
                "whathappened",
                "incident",
                "natureofcontact",
                "eventcontactdetails",
                "entrydetails",
            ],
            Column::Outcome => &[
                "actiontakenoutcome",
                "actiontaken",
                "outcome",
                "action",
                "actionoutcome",
                "actionsoutcome",
                "actionstakenoutcome",
                "actionstaken",
                "decision",
                "actiondecision",
                "decisionoutcome",
                "response",
                "outcomeaction",
                "actionanddecision",
                "actiontakenandoutcome",
            ],
            Column::Comment => &[
                "agencycomment",
                "comment",
                "comments",
                "agencycomments",
                "analysis",
                "commentanalysis",
                "agencyanalysis",
                "reflection",
                "notes",
                "note",
                "agencycommentanalysis",
            ],
        }
    }
}

/// Normalises a header: drops bracketed hints, keeps lower-case letters and digits only.
pub(super) fn normalise_header(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut depth = 0u32;
    for ch in raw.chars() {
        match ch {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            c if depth == 0 && c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    if out.is_empty() {
        // "(Date)" alone: keep what the brackets held rather than nothing.
        return raw
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
    }
    out
}

/// The column a header names, if any.
pub(super) fn match_header(raw: &str) -> Option<Column> {
    let n = normalise_header(raw);
    if n.is_empty() {
        return None;
    }
    Column::ALL
        .into_iter()
        .find(|c| c.aliases().contains(&n.as_str()))
}

/// What a header row maps to: for each sheet column, an agreed column or an extra field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct HeaderMap {
    /// 0-based index of the header row within the grid.
    pub row: usize,
    /// For each column index, what it holds.
    pub columns: Vec<Slot>,
}

/// What one column of a return holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Slot {
    /// An agreed column.
    Known(Column),
    /// A column the template does not have, kept as an extra field under its header.
    Extra(String),
    /// A second column with the same meaning as an earlier one: kept as an extra field.
    Repeated(Column, String),
    /// No header.
    Unnamed,
}

impl HeaderMap {
    /// Builds the map of a header row from its cell texts.
    pub(super) fn from_texts(row: usize, texts: &[String]) -> HeaderMap {
        let mut seen = Vec::new();
        let columns = texts
            .iter()
            .map(|t| {
                let t = t.trim();
                if t.is_empty() {
                    return Slot::Unnamed;
                }
                match match_header(t) {
                    Some(c) if seen.contains(&c) => Slot::Repeated(c, t.to_string()),
                    Some(c) => {
                        seen.push(c);
                        Slot::Known(c)
                    }
                    None => Slot::Extra(t.to_string()),
                }
            })
            .collect();
        HeaderMap { row, columns }
    }

    /// The sheet column index holding `col`.
    pub(super) fn index_of(&self, col: Column) -> Option<usize> {
        self.columns.iter().position(|s| *s == Slot::Known(col))
    }

    /// How many agreed columns the row names.
    pub(super) fn known_count(&self) -> usize {
        self.columns
            .iter()
            .filter(|s| matches!(s, Slot::Known(_)))
            .count()
    }

    /// A row is a header row when it names Date and Event, or any three agreed columns.
    pub(super) fn is_recognisable(&self) -> bool {
        let has = |c| self.index_of(c).is_some();
        (has(Column::Date) && has(Column::Event)) || self.known_count() >= 3
    }
}

/// Finds the header row among the first rows of a sheet.
pub(super) fn find_header<'a>(
    rows: impl Iterator<Item = (usize, Vec<String>)> + 'a,
) -> Option<HeaderMap> {
    rows.take(HEADER_SEARCH_ROWS)
        .map(|(i, texts)| HeaderMap::from_texts(i, &texts))
        .find(HeaderMap::is_recognisable)
}

/// How many rows from the top are searched for the header row.
pub(super) const HEADER_SEARCH_ROWS: usize = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_whatever_the_case_punctuation_and_hints() {
        assert_eq!(match_header("Date of contact"), Some(Column::Date));
        assert_eq!(match_header("DATE (dd/mm/yyyy)*"), Some(Column::Date));
        assert_eq!(match_header(" Agency name "), Some(Column::Agency));
        assert_eq!(match_header("Details of event"), Some(Column::Event));
        assert_eq!(match_header("Event / contact"), Some(Column::Event));
        assert_eq!(match_header("Outcome"), Some(Column::Outcome));
        assert_eq!(
            match_header("Action taken / outcome"),
            Some(Column::Outcome)
        );
        assert_eq!(match_header("Date-certainty"), Some(Column::DateCertainty));
        assert_eq!(
            match_header("Source (record or system)"),
            Some(Column::Source)
        );
        assert_eq!(
            match_header("Practitioner role"),
            Some(Column::PractitionerRole)
        );
        assert_eq!(match_header("Ward"), None);
        assert_eq!(match_header(""), None);
    }

    #[test]
    fn every_canonical_header_matches_its_own_column() {
        for c in Column::ALL {
            assert_eq!(match_header(c.header()), Some(c), "{}", c.header());
        }
    }

    #[test]
    fn the_header_row_need_not_be_the_first_and_extras_are_kept() {
        let rows = vec![
            (0, vec!["Chronology for Police".to_string()]),
            (1, vec![]),
            (
                2,
                vec![
                    "Details".into(),
                    "Ward".into(),
                    "Date".into(),
                    "date".into(),
                    "".into(),
                ],
            ),
        ];
        let h = find_header(rows.into_iter()).unwrap();
        assert_eq!(h.row, 2);
        assert_eq!(h.index_of(Column::Event), Some(0));
        assert_eq!(h.index_of(Column::Date), Some(2));
        assert_eq!(h.columns[1], Slot::Extra("Ward".into()));
        assert_eq!(h.columns[3], Slot::Repeated(Column::Date, "date".into()));
        assert_eq!(h.columns[4], Slot::Unnamed);
    }
}
