//! The case file: the typed model of one review, loaded from `case.json` or a case workbook,
//! validated with every problem located.
//!
//! Loading never stops at the first problem: [`load`] returns the case it could build and the
//! full list of diagnostics, each pointing at a JSON path or a spreadsheet cell.

mod build;
pub mod fields;
mod learning;
mod load;
mod model;
mod validate;
pub mod workbook;

pub use build::{LoadedCase, MAX_CASE_BYTES, SourceMap, from_value};
pub use learning::{
    Action, ActionUpdate, DEFAULT_UPDATE_INTERVAL_DAYS, Finding, KeyEpisode, Learning, Rag,
    Recommendation, RowCitation, SHEETLESS_EXTENSIONS, closest, is_sheetless, parse_row_citation,
    review_start, row_citation, validate_learning,
};
pub use load::{
    Need, from_json_slice, json_syntax_error, load, load_as_of, load_for, read_json_file,
};
pub use model::*;
pub use validate::{
    json_loc, nhs_number_is_valid, ni_number_is_plausible, postcode_is_plausible, validate,
};

/// The JSON Schema of `case.json`, for editors that validate and autocomplete.
pub fn schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(Case)).unwrap_or_default()
}

/// A blank case file: every field present and empty, so a coordinator sees what to fill in.
pub fn blank_json() -> String {
    let mut case = Case::default();
    case.family.push(FamilyMember::default());
    case.agencies.push(Agency::default());
    case.referral.key_dates.push(KeyDate::default());
    case.terms_of_reference
        .key_lines_of_enquiry
        .push(String::new());
    case.terms_of_reference
        .parallel_processes
        .push(ParallelProcess::default());
    case.review.panel.push(PanelMember::default());
    case.review.reviewers.push(Reviewer::default());
    serde_json::to_string_pretty(&case).unwrap_or_default() + "\n"
}
