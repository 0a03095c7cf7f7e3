//! Where each file of a pack goes, and what each letter lists as enclosed.
//!
//! A pack is laid out by stage, in the order the review happens, so that a folder holds what
//! goes out together and nothing from another step: `01-referral/referral-form.docx`,
//! `02-information-gathering/agencies/<agency>/request-for-information.docx`,
//! `04-notification/notification-ofsted.docx`, `05-commissioning/terms-of-reference.docx`
//! (the coordinator's copy) and `05-commissioning/agencies/<agency>/` (covering letter, Terms of
//! Reference, management review template, chronology workbook). A covering letter lists exactly
//! what its own folder holds.

use crate::case::{Agency, Case};
use crate::docset::{Agencies, DocKind, Recipients, Stage};
use crate::output::safe_file_name;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What an agency's folder holds: a document, or one of the blank workbooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Held {
    Document(DocKind),
    ChronologyWorkbook,
    SummaryWorkbook,
}

/// The stage a kind's document is made for in `case`'s process: the one asked for when the
/// kind belongs to it, else the first of the kind's stages in that process.
pub(super) fn stage_of(case: &Case, kind: DocKind, asked: Option<Stage>) -> Stage {
    let stages = kind.spec().stages;
    let process = crate::docset::process(case.review.regime);
    asked
        .filter(|s| stages.contains(s))
        .or_else(|| stages.iter().copied().find(|s| process.contains(s)))
        .or_else(|| stages.first().copied())
        .unwrap_or(Stage::Referral)
}

/// The stage whose folder holds a blank workbook: the chronology workbook is sent when the
/// review is commissioned, the agency summary workbook with the rapid review's day-1 letter.
pub(super) fn workbook_stage(case: &Case, held: Held) -> Stage {
    let stage = match held {
        Held::SummaryWorkbook => Stage::RapidReview,
        _ => Stage::Commissioning,
    };
    stage.in_process(case.review.regime).unwrap_or(stage)
}

/// The stage of anything an agency's folder holds.
fn held_stage(case: &Case, held: Held, asked: Option<Stage>) -> Stage {
    match held {
        Held::Document(k) => stage_of(case, k, asked),
        _ => workbook_stage(case, held),
    }
}

/// The path of a coordinator's document of `stage`.
pub(super) fn coordinator_path(stage: Stage, file: &str) -> PathBuf {
    PathBuf::from(stage.folder()).join(file)
}

/// The folder of an agency's documents of `stage` (`folder` from [`agency_folders`]).
pub(super) fn agency_dir(stage: Stage, folder: &str) -> PathBuf {
    PathBuf::from(stage.folder()).join("agencies").join(folder)
}

/// The folder name of an agency's pack: its name made safe, unique within the case.
pub fn agency_folder(case: &Case, id: &str) -> String {
    agency_folders(case)
        .remove(id)
        .unwrap_or_else(|| safe_file_name(id))
}

/// Every agency's folder name, made unique before anything is written: agencies whose names
/// make the same folder name ("X" and "X", "X Police" and an "X" whose id is `police`, two
/// long names alike in their first 64 characters) get their id added, then a number if even
/// that is taken. Case-blind, as Windows and macOS folders are.
pub fn agency_folders(case: &Case) -> BTreeMap<String, String> {
    let base: Vec<String> = case
        .agencies
        .iter()
        .map(|a| safe_file_name(&a.name))
        .collect();
    // A suffix always fits: the stem gives way to it, so the loop below ends.
    let suffixed = |stem: &str, suffix: &str| {
        let mut keep = 64usize.saturating_sub(suffix.len() + 1).min(stem.len());
        while !stem.is_char_boundary(keep) {
            keep -= 1;
        }
        format!("{}-{suffix}", stem[..keep].trim_end_matches(['-', '_']))
    };
    let mut used = std::collections::HashSet::new();
    let mut names = Vec::with_capacity(base.len());
    for (i, a) in case.agencies.iter().enumerate() {
        let shared = base.iter().filter(|b| **b == base[i]).count() > 1;
        let mut name = if shared || used.contains(&base[i]) {
            suffixed(&base[i], &safe_file_name(&a.id))
        } else {
            base[i].clone()
        };
        let stem = name.clone();
        let mut k = 2;
        while used.contains(&name) {
            name = suffixed(&stem, &k.to_string());
            k += 1;
        }
        used.insert(name.clone());
        names.push(name);
    }
    case.agencies
        .iter()
        .zip(names)
        .map(|(a, n)| (a.id.clone(), n))
        .collect()
}

/// `notification.docx` for Ofsted: `notification-ofsted.docx`.
pub(super) fn suffixed(file: &str, id: &str) -> String {
    let stem = file.trim_end_matches(".docx");
    format!("{stem}-{}.docx", id.replace('_', "-"))
}

/// True when `agency` receives the documents made for `which` agencies.
pub(super) fn receives(agency: &Agency, which: Agencies) -> bool {
    match which {
        Agencies::All => true,
        Agencies::Chronology => agency.returns.chronology,
        Agencies::ManagementReview => agency.returns.management_review,
    }
}

/// The file name of an agency's blank chronology workbook.
pub(super) fn workbook_name(a: &Agency) -> String {
    format!("chronology-{}.xlsx", safe_file_name(&a.id))
}

/// What a pack puts in an agency's folder for `stage`: its document kinds of that stage, and
/// the workbooks sent then.
pub(super) fn folder_items(
    case: &Case,
    kinds: &[DocKind],
    agency: &Agency,
    workbooks: &[Held],
    stage: Stage,
    asked: Option<Stage>,
) -> Vec<Held> {
    kinds
        .iter()
        .filter(|k| {
            k.spec()
                .recipients
                .iter()
                .any(|r| matches!(r, Recipients::Agencies(w) if receives(agency, *w)))
        })
        .map(|k| Held::Document(*k))
        .chain(workbooks.iter().copied())
        .filter(|h| held_stage(case, *h, asked) == stage)
        .collect()
}

/// What a letter lists as enclosed, in words: the covering letter (and an alternative
/// review's notice) everything else its folder holds, the rapid review's day-1 letter the
/// agency summary workbook. Empty for any other kind of document.
pub(super) fn enclosures(agency: &Agency, kind: DocKind, held: &[Held]) -> Vec<String> {
    let summary_workbook = format!(
        "Agency summary workbook ({})",
        crate::summary::workbook::file_name(&agency.id)
    );
    match kind {
        DocKind::CoveringLetter | DocKind::AlternativeReviewNotice => {}
        DocKind::RapidReviewLetter => {
            return held
                .iter()
                .filter(|h| **h == Held::SummaryWorkbook)
                .map(|_| summary_workbook.clone())
                .collect();
        }
        _ => return Vec::new(),
    }
    held.iter()
        .filter(|h| **h != Held::Document(kind))
        .map(|h| match h {
            Held::ChronologyWorkbook => format!("Chronology workbook ({})", workbook_name(agency)),
            Held::SummaryWorkbook => summary_workbook.clone(),
            Held::Document(DocKind::ManagementReview) => {
                "Individual management review template".into()
            }
            Held::Document(k) => k.title().to_string(),
        })
        .collect()
}
