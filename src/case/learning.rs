//! The learning chain in the case file: key practice episodes, the findings drawn from them,
//! the recommendations made on the findings, and the actions agencies take on each
//! recommendation, with their progress updates.
//!
//! The chain is what a review exists for (to change practice), so it is held as data, not as
//! prose in a Word table: each link cites the one before it by id, and validation makes sure
//! every citation resolves, every action has an owner, and nothing is closed without evidence.

use super::model::Case;
use super::validate::{Problems, blank, json_loc};
use crate::diagnostic::Diagnostic;
use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How long an open action may go without a progress update before it is stale, when the
/// case does not say.
pub const DEFAULT_UPDATE_INTERVAL_DAYS: u32 = 90;

/// The learning chain of a review and the action plan that follows from it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Learning {
    /// The date the board agreed the action plan (progress is expected from here).
    pub plan_agreed_on: Option<NaiveDate>,
    /// Days an open action may go without an update before it counts as stale (90 if blank).
    pub update_interval_days: Option<u32>,
    /// Key practice episodes: the periods of practice the review looked at most closely.
    pub key_episodes: Vec<KeyEpisode>,
    /// What the review found, each drawn from key episodes.
    pub findings: Vec<Finding>,
    /// What the review recommends, each resting on findings.
    pub recommendations: Vec<Recommendation>,
    /// What agencies will do about each recommendation, and how far they have got.
    pub actions: Vec<Action>,
}

/// A key practice episode.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct KeyEpisode {
    /// A short unique id, e.g. "KE1".
    pub id: String,
    /// A title, e.g. "The domestic incident of April 2015".
    pub title: String,
    /// First day of the episode.
    pub from: Option<NaiveDate>,
    /// Last day of the episode.
    pub to: Option<NaiveDate>,
    /// What happened, and why it matters.
    pub summary: String,
    /// Rows of the merged chronology the episode rests on, by their provenance:
    /// "FILE, SHEET, row N", or "FILE, row N" for a CSV file (see [`RowCitation`]).
    pub chronology_rows: Vec<String>,
}

/// A finding of the review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Finding {
    /// A short unique id, e.g. "F1".
    pub id: String,
    /// A title, e.g. "Injuries to a non-mobile child were not escalated".
    pub title: String,
    /// The finding itself.
    pub finding: String,
    /// The ids of the key episodes it is drawn from.
    pub episodes: Vec<String>,
}

/// A recommendation of the review.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Recommendation {
    /// A short unique id, e.g. "R1".
    pub id: String,
    /// The recommendation itself.
    pub recommendation: String,
    /// Who it is addressed to, e.g. "The Board and its partner agencies".
    pub addressed_to: String,
    /// The ids of the findings it rests on.
    pub findings: Vec<String>,
}

/// An action on a recommendation, owned by one agency.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Action {
    /// A short unique id, e.g. "A1".
    pub id: String,
    /// The id of the recommendation it answers.
    pub recommendation: String,
    /// What will be done.
    pub action: String,
    /// The id (from `agencies`) of the agency that owns the action.
    pub owner_agency: String,
    /// The person who leads it, by name or role.
    pub lead: String,
    /// When it must be done by.
    pub due_on: Option<NaiveDate>,
    /// How the board will know it has worked.
    pub success_measure: String,
    /// Progress reported, oldest first.
    pub updates: Vec<ActionUpdate>,
    /// The evidence that the action changed practice.
    pub evidence_of_impact: String,
    /// The date the board agreed the action was complete.
    pub closed_on: Option<NaiveDate>,
    /// Who agreed the closure (the panel or board sub-group and its chair).
    pub closure_agreed_by: String,
}

/// A progress update on an action.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionUpdate {
    /// The date of the update.
    pub on: Option<NaiveDate>,
    /// Red, amber, green or complete.
    pub rag: Rag,
    /// What has been done, and what is in the way.
    pub note: String,
}

/// The red-amber-green rating of an update.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    /// Not on course: the action will miss its date or cannot be done as planned.
    Red,
    /// At some risk: progress is slower than planned.
    Amber,
    /// On course.
    #[default]
    Green,
    /// The owner reports the action done (the board then agrees closure).
    Complete,
}

impl Rag {
    /// Every rating, in the order a drop-down lists them.
    pub const ALL: [Rag; 4] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Complete];

    /// The rating in words, as documents and drop-downs show it.
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Complete => "Complete",
        }
    }

    /// The rating's colour as an RGB hex string without `#`, for documents and workbooks.
    pub fn colour(self) -> &'static str {
        match self {
            Rag::Red => "C00000",
            Rag::Amber => "FFC000",
            Rag::Green => "00B050",
            Rag::Complete => "0070C0",
        }
    }

    /// Reads a rating from its label or JSON value, in any case ("amber", "A").
    pub fn from_text(s: &str) -> Option<Rag> {
        let t = s.trim();
        Rag::ALL.into_iter().find(|r| {
            r.label().eq_ignore_ascii_case(t)
                || (t.len() == 1 && r.label()[..1].eq_ignore_ascii_case(t) && *r != Rag::Complete)
        })
    }
}

impl Learning {
    /// The update interval in days, the default when the case does not set one.
    pub fn update_interval(&self) -> u32 {
        self.update_interval_days
            .filter(|d| *d > 0)
            .unwrap_or(DEFAULT_UPDATE_INTERVAL_DAYS)
    }

    /// Finds an action by its id.
    pub fn action(&self, id: &str) -> Option<&Action> {
        self.actions.iter().find(|a| a.id == id)
    }

    /// Finds a recommendation by its id.
    pub fn recommendation(&self, id: &str) -> Option<&Recommendation> {
        self.recommendations.iter().find(|r| r.id == id)
    }

    /// True when the case holds no part of the chain.
    pub fn is_empty(&self) -> bool {
        self.key_episodes.is_empty()
            && self.findings.is_empty()
            && self.recommendations.is_empty()
            && self.actions.is_empty()
    }
}

impl Action {
    /// The latest update on or before `day` (updates are taken in date order, the last listed
    /// winning a tie).
    pub fn latest_update(&self, day: NaiveDate) -> Option<&ActionUpdate> {
        self.updates
            .iter()
            .filter(|u| u.on.is_some_and(|d| d <= day))
            .max_by_key(|u| u.on)
    }
}

/// The day the review began, for "a date before the review": the initiation, else the Chair's
/// decision, else the referral's receipt.
pub fn review_start(case: &Case) -> Option<NaiveDate> {
    case.review
        .initiated_on
        .or(case.decision.decided_on)
        .or(case.referral.received_on)
}

/// A place in an agency's return, as the merged chronology cites it: "FILE, SHEET, row N" for
/// a workbook ("police.xlsx, Chronology, row 12"), "FILE, table N, row N" for a Word table, and
/// "FILE, row N" for a CSV file, which has rows but no sheets. This is the one definition of
/// the form: [`RowCitation`]'s `Display` writes it and [`parse_row_citation`] reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowCitation {
    /// The return file, as the merged chronology names it.
    pub file: String,
    /// The sheet (or "table N"); empty for a CSV file.
    pub sheet: String,
    /// The row in that sheet (the line of a CSV file).
    pub row: u32,
}

impl std::fmt::Display for RowCitation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.sheet.is_empty() {
            write!(f, "{}, row {}", self.file, self.row)
        } else {
            write!(f, "{}, {}, row {}", self.file, self.sheet, self.row)
        }
    }
}

/// The endings of a file read as delimited text (a CSV file): one table, no sheets. The
/// chronology's readers choose their format by the same list.
pub const SHEETLESS_EXTENSIONS: [&str; 3] = ["csv", "tsv", "txt"];

/// True for a file read as delimited text, which has no sheets to name.
pub fn is_sheetless(file: &str) -> bool {
    std::path::Path::new(file.trim())
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| {
            SHEETLESS_EXTENSIONS
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        })
}

/// Reads a citation: "FILE, SHEET, row N", or "FILE, row N" for a CSV file (the file may
/// itself hold commas; the row, then the sheet, are taken from the right). A CSV file cited
/// with a sheet (as older versions wrote it, after the file's name) is read without it.
pub fn parse_row_citation(s: &str) -> Option<RowCitation> {
    split_row_citation(s).map(|(c, _)| c)
}

/// [`parse_row_citation`], and whether a CSV file was cited with a sheet it does not have.
fn split_row_citation(s: &str) -> Option<(RowCitation, bool)> {
    let (rest, row) = s.trim().rsplit_once(',')?;
    let row = row.trim();
    let n = row
        .strip_prefix("row")
        .or_else(|| row.strip_prefix("Row"))?
        .trim();
    let row: u32 = n.parse().ok().filter(|r| *r > 0)?;
    let rest = rest.trim();
    let (file, sheet, stray) = if is_sheetless(rest) {
        (rest, "", false)
    } else {
        let (file, sheet) = rest.rsplit_once(',')?;
        let (file, sheet) = (file.trim(), sheet.trim());
        if is_sheetless(file) {
            (file, "", true)
        } else {
            (file, sheet, false)
        }
    };
    if file.is_empty() || (sheet.is_empty() && !is_sheetless(file)) {
        return None;
    }
    Some((
        RowCitation {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row,
        },
        stray,
    ))
}

/// Writes a citation as [`parse_row_citation`] reads it (an empty sheet for a CSV file).
pub fn row_citation(file: &str, sheet: &str, row: u32) -> String {
    RowCitation {
        file: file.to_string(),
        sheet: sheet.to_string(),
        row,
    }
    .to_string()
}

/// "Did you mean" for ids, as everywhere else.
pub use crate::suggest::closest;

fn uk(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

struct Checker {
    out: Vec<Diagnostic>,
    today: NaiveDate,
    start: Option<NaiveDate>,
}

impl Problems for Checker {
    fn problems(&mut self) -> &mut Vec<Diagnostic> {
        &mut self.out
    }
}

impl Checker {
    /// Ids must be there and unique within their list.
    fn ids<'x>(&mut self, list: &str, what: &str, ids: impl Iterator<Item = &'x str>) {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, id) in ids.enumerate() {
            let path = format!("$.learning.{list}[{i}].id");
            if blank(id) {
                self.error(
                    &path,
                    format!("the {what} has no id"),
                    format!("give each {what} a short id that others can cite"),
                );
            } else if let Some(first) = seen.insert(id.trim().to_lowercase(), i) {
                self.error(
                    &path,
                    format!("the id \"{id}\" is already used by {list}[{first}]"),
                    format!("give each {what} its own id"),
                );
            }
        }
    }

    /// A citation of an id in another list must resolve.
    fn reference(&mut self, path: &str, cited: &str, what: &str, known: &[&str]) {
        if blank(cited) {
            return;
        }
        if known.iter().any(|k| *k == cited.trim()) {
            return;
        }
        let help = match closest(cited, known.iter().copied()) {
            Some(k) => format!("did you mean \"{k}\"?"),
            None if known.is_empty() => format!("the case lists no {what}s yet: add it first"),
            None => format!("cite one of: {}", known.join(", ")),
        };
        self.out.push(
            Diagnostic::error(json_loc(path), format!("there is no {what} \"{cited}\""))
                .with_value(cited)
                .with_help(help),
        );
    }

    fn not_before_review(&mut self, path: &str, value: Option<NaiveDate>, what: &str) {
        if let (Some(d), Some(s)) = (value, self.start)
            && d < s
        {
            self.error(
                path,
                format!("{what} ({}) is before the review began ({})", uk(d), uk(s)),
                "check the year and the order of day and month",
            );
        }
    }

    fn not_future(&mut self, path: &str, value: Option<NaiveDate>, what: &str) {
        if let Some(d) = value
            && d > self.today
        {
            self.error(
                path,
                format!("{what} ({}) is in the future", uk(d)),
                "record only what has happened; check the year",
            );
        }
    }
}

/// Every problem with the learning chain of `case`, located by JSON path.
pub fn validate_learning(case: &Case, today: NaiveDate) -> Vec<Diagnostic> {
    let l = &case.learning;
    let mut c = Checker {
        out: Vec::new(),
        today,
        start: review_start(case),
    };
    c.ids(
        "key_episodes",
        "key episode",
        l.key_episodes.iter().map(|x| x.id.as_str()),
    );
    c.ids(
        "findings",
        "finding",
        l.findings.iter().map(|x| x.id.as_str()),
    );
    c.ids(
        "recommendations",
        "recommendation",
        l.recommendations.iter().map(|x| x.id.as_str()),
    );
    c.ids("actions", "action", l.actions.iter().map(|x| x.id.as_str()));
    let episodes: Vec<&str> = l.key_episodes.iter().map(|x| x.id.trim()).collect();
    let findings: Vec<&str> = l.findings.iter().map(|x| x.id.trim()).collect();
    let recs: Vec<&str> = l.recommendations.iter().map(|x| x.id.trim()).collect();
    let agencies: Vec<&str> = case.agencies.iter().map(|a| a.id.as_str()).collect();

    if l.update_interval_days == Some(0) {
        c.error(
            "$.learning.update_interval_days",
            "the update interval is 0 days",
            "give the days an open action may go without an update, or leave it blank for 90",
        );
    }
    c.not_before_review(
        "$.learning.plan_agreed_on",
        l.plan_agreed_on,
        "the action plan was agreed",
    );
    c.not_future(
        "$.learning.plan_agreed_on",
        l.plan_agreed_on,
        "the date the plan was agreed",
    );

    for (i, e) in l.key_episodes.iter().enumerate() {
        let at = |f: &str| format!("$.learning.key_episodes[{i}].{f}");
        c.required(&at("title"), &e.title, "the episode's title");
        if let (Some(f), Some(t)) = (e.from, e.to)
            && t < f
        {
            c.error(
                &at("to"),
                format!("the episode ends ({}) before it starts ({})", uk(t), uk(f)),
                "one of the two dates is wrong: check both",
            );
        }
        for (j, r) in e.chronology_rows.iter().enumerate() {
            let place = json_loc(&at(&format!("chronology_rows[{j}]")));
            match split_row_citation(r) {
                None => c.out.push(
                    Diagnostic::error(place, "not a chronology row citation")
                        .with_value(r.clone())
                        .with_help(
                            "cite a row of the merged chronology by its provenance: FILE, SHEET, row N (e.g. \"police.xlsx, Chronology, row 12\"), or FILE, row N for a CSV file (e.g. \"hospital.csv, row 2\")",
                        ),
                ),
                Some((cited, true)) => c.out.push(
                    Diagnostic::warning(place, "a CSV file has no sheets: the sheet is ignored")
                        .with_value(r.clone())
                        .with_help(format!("cite it as \"{cited}\"")),
                ),
                Some(_) => {}
            }
        }
    }
    for (i, f) in l.findings.iter().enumerate() {
        let at = |x: &str| format!("$.learning.findings[{i}].{x}");
        c.required(&at("finding"), &f.finding, "the finding");
        for (j, e) in f.episodes.iter().enumerate() {
            c.reference(&at(&format!("episodes[{j}]")), e, "key episode", &episodes);
        }
    }
    for (i, r) in l.recommendations.iter().enumerate() {
        let at = |x: &str| format!("$.learning.recommendations[{i}].{x}");
        c.required(
            &at("recommendation"),
            &r.recommendation,
            "the recommendation",
        );
        for (j, f) in r.findings.iter().enumerate() {
            c.reference(&at(&format!("findings[{j}]")), f, "finding", &findings);
        }
        if !l.findings.is_empty() && r.findings.is_empty() {
            c.error(
                &at("findings"),
                "the recommendation cites no finding",
                "list the ids of the findings it rests on",
            );
        }
    }
    for (i, a) in l.actions.iter().enumerate() {
        action(&mut c, i, a, &recs, &agencies);
    }
    c.out
}

fn action(c: &mut Checker, i: usize, a: &Action, recs: &[&str], agencies: &[&str]) {
    let at = |x: &str| format!("$.learning.actions[{i}].{x}");
    if blank(&a.recommendation) {
        c.error(
            &at("recommendation"),
            "the action names no recommendation",
            "give the id of the recommendation it answers",
        );
    } else {
        c.reference(
            &at("recommendation"),
            &a.recommendation,
            "recommendation",
            recs,
        );
    }
    c.required(&at("action"), &a.action, "what will be done");
    if blank(&a.owner_agency) {
        c.error(
            &at("owner_agency"),
            "the action has no owner",
            "give the id of the agency that owns it (from the agencies list)",
        );
    } else {
        c.reference(&at("owner_agency"), &a.owner_agency, "agency", agencies);
    }
    c.required(&at("lead"), &a.lead, "the lead (a person or role)");
    if a.due_on.is_none() {
        c.error(
            &at("due_on"),
            "the action has no due date",
            "fill in the date it must be done by",
        );
    }
    c.required(
        &at("success_measure"),
        &a.success_measure,
        "how success will be measured",
    );
    c.not_before_review(&at("due_on"), a.due_on, "the due date");
    let mut last: Option<NaiveDate> = None;
    for (j, u) in a.updates.iter().enumerate() {
        let up = |x: &str| at(&format!("updates[{j}].{x}"));
        match u.on {
            None => c.error(
                &up("on"),
                "the update has no date",
                "fill in the date of the update",
            ),
            Some(d) => {
                c.not_before_review(&up("on"), Some(d), "the update");
                c.not_future(&up("on"), Some(d), "the update");
                if let Some(p) = last
                    && d < p
                {
                    c.error(
                        &up("on"),
                        format!(
                            "the update ({}) is dated before the one above it ({})",
                            uk(d),
                            uk(p)
                        ),
                        "list updates oldest first, and check the dates",
                    );
                }
                last = Some(d);
            }
        }
        c.required(&up("note"), &u.note, "what the update says");
    }
    if let Some(closed) = a.closed_on {
        c.not_before_review(&at("closed_on"), Some(closed), "the closure");
        c.not_future(&at("closed_on"), Some(closed), "the closure");
        if blank(&a.evidence_of_impact) {
            c.error(
                &at("evidence_of_impact"),
                "the action is closed without evidence of impact",
                "record the evidence that practice changed, or reopen the action (clear closed_on)",
            );
        }
        if blank(&a.closure_agreed_by) {
            c.error(
                &at("closure_agreed_by"),
                "the action is closed but nobody is recorded as agreeing the closure",
                "record who agreed it (e.g. \"Serious Case Review Panel, chaired by ...\")",
            );
        }
    } else if !blank(&a.closure_agreed_by) {
        c.error(
            &at("closed_on"),
            "a closure is agreed but its date is missing",
            "fill in closed_on",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_citations_read_back_from_the_right() {
        let r = parse_row_citation("police, east.xlsx, Chronology, row 12").unwrap();
        assert_eq!(r.file, "police, east.xlsx");
        assert_eq!(r.sheet, "Chronology");
        assert_eq!(r.row, 12);
        assert_eq!(
            parse_row_citation(&row_citation("a.docx", "table 1", 3)),
            Some(RowCitation {
                file: "a.docx".into(),
                sheet: "table 1".into(),
                row: 3
            })
        );
        assert_eq!(parse_row_citation("a.csv, Sheet1, 12"), None);
        assert_eq!(
            parse_row_citation("police.xlsx, row 12"),
            None,
            "a workbook needs its sheet"
        );
    }

    #[test]
    fn a_csv_file_is_cited_without_a_sheet() {
        assert_eq!(row_citation("hospital.csv", "", 2), "hospital.csv, row 2");
        assert_eq!(
            row_citation("school.docx", "table 1", 3),
            "school.docx, table 1, row 3"
        );
        let c = parse_row_citation("hospital, east.CSV, row 2").unwrap();
        assert_eq!(
            (c.file.as_str(), c.sheet.as_str(), c.row),
            ("hospital, east.CSV", "", 2)
        );
        // The form older versions wrote (the file's stem as a sheet) reads as the same row,
        // and the checker says how to write it.
        assert_eq!(
            parse_row_citation("hospital.csv, hospital, row 2"),
            parse_row_citation("hospital.csv, row 2")
        );
        assert_eq!(
            split_row_citation("hospital.csv, hospital, row 2")
                .map(|(c, stray)| (c.to_string(), stray)),
            Some(("hospital.csv, row 2".to_string(), true))
        );
        assert_eq!(parse_row_citation("row 12"), None);
        assert_eq!(parse_row_citation("a.csv, Sheet1, row 0"), None);
    }

    #[test]
    fn near_ids_are_suggested_far_ones_not() {
        assert_eq!(closest("R11", ["R1", "R2", "F1"]), Some("R1"));
        assert_eq!(closest("polce", ["police", "csc"]), Some("police"));
        assert_eq!(closest("education", ["police", "csc"]), None);
    }

    #[test]
    fn rag_reads_words_and_initials() {
        assert_eq!(Rag::from_text("amber"), Some(Rag::Amber));
        assert_eq!(Rag::from_text(" G "), Some(Rag::Green));
        assert_eq!(Rag::from_text("COMPLETE"), Some(Rag::Complete));
        assert_eq!(Rag::from_text("blue"), None);
    }
}
