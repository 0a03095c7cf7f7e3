//! The fictional sample reviews, compiled in so a fresh workspace can show something real.

//!
//! Each sample review comes with the returns made for it and no other, so that every file in
//! a sample's folder names the same review, board, child and dates as its case file.

use super::ReturnKind;

pub(super) const SCR_NAME: &str = "northbrook-child-a";
pub(super) const CASE: &[u8] = include_bytes!("../../samples/case.json");
pub(super) const RETURNS: &[(&str, &[u8])] = &[
    (
        "police.xlsx",
        include_bytes!("../../samples/returns/police.xlsx"),
    ),
    ("csc.xlsx", include_bytes!("../../samples/returns/csc.xlsx")),
    (
        "health-visiting.xlsx",
        include_bytes!("../../samples/returns/health-visiting.xlsx"),
    ),
    (
        "hospital.csv",
        include_bytes!("../../samples/returns/hospital.csv"),
    ),
    (
        "school.docx",
        include_bytes!("../../samples/returns/school.docx"),
    ),
];

/// The Westmere rapid review (`samples/rapid-review/`) that went on to a local review.
pub(super) const RAPID_NAME: &str = "westmere-child-b-rapid-review";
pub(super) const RAPID_CASE: &[u8] = include_bytes!("../../samples/rapid-review/case.json");

/// Its chronologies and agency summaries, as the agencies sent them (the GP practice's
/// summary has not arrived, so the chase list has something in it).
pub(super) const RAPID_RETURNS: &[(ReturnKind, &str, &[u8])] = &[
    (
        ReturnKind::Chronology,
        "csc.xlsx",
        include_bytes!("../../samples/rapid-review/chronologies/csc.xlsx"),
    ),
    (
        ReturnKind::Chronology,
        "police.xlsx",
        include_bytes!("../../samples/rapid-review/chronologies/police.xlsx"),
    ),
    (
        ReturnKind::Chronology,
        "hospital.xlsx",
        include_bytes!("../../samples/rapid-review/chronologies/hospital.xlsx"),
    ),
    (
        ReturnKind::Chronology,
        "health-visiting.xlsx",
        include_bytes!("../../samples/rapid-review/chronologies/health-visiting.xlsx"),
    ),
    (
        ReturnKind::Summary,
        "csc.xlsx",
        include_bytes!("../../samples/rapid-review/summaries/csc.xlsx"),
    ),
    (
        ReturnKind::Summary,
        "police.xlsx",
        include_bytes!("../../samples/rapid-review/summaries/police.xlsx"),
    ),
    (
        ReturnKind::Summary,
        "hospital.xlsx",
        include_bytes!("../../samples/rapid-review/summaries/hospital.xlsx"),
    ),
    (
        ReturnKind::Summary,
        "health-visiting.xlsx",
        include_bytes!("../../samples/rapid-review/summaries/health-visiting.xlsx"),
    ),
];
