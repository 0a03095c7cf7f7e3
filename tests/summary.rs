//! The rapid review's agency summaries round-trip through scrkit like chronology returns: the
//! blank workbook goes out with the day-1 letter, comes back, is read by the same readers,
//! checked cell by cell and merged.

mod common;

use chrono::NaiveDate;
use common::{clean_case, sample};
use scrkit::case::Case;
use scrkit::chronology::EntryDate;
use scrkit::diagnostic::Location;
use scrkit::summary::{self, Row, Section, workbook};
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
}

fn case() -> Case {
    clean_case(&sample("rapid-review/case.json"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn row(section: Section, date: Option<NaiveDate>, summary: &str, analysis: &str) -> Row {
    Row {
        section,
        date: date.map(EntryDate::exact),
        end_date: None,
        subject: "Child B".into(),
        role: "Response officer".into(),
        summary: summary.into(),
        analysis: analysis.into(),
        row: 0,
    }
}

fn police_rows() -> Vec<Row> {
    vec![
        row(
            Section::Involvement,
            Some(day(2024, 7, 19)),
            "Attended a domestic incident at the family home; leads the investigation.",
            "",
        ),
        row(
            Section::KeyPracticeEpisode,
            Some(day(2024, 7, 19)),
            "The notification to Children's Services did not name the mother's partner.",
            "The partner's history was not checked before the notification was sent.",
        ),
        row(
            Section::ImmediateAction,
            Some(day(2024, 12, 11)),
            "Joint strategy meeting; bail conditions keep the partner away from the children.",
            "",
        ),
        row(
            Section::EarlyLearning,
            None,
            "Name every adult in the household on a domestic abuse notification.",
            "",
        ),
    ]
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

#[test]
fn a_filled_workbook_reads_back_as_written_and_is_matched_to_its_agency() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook::filled(&case, "police", &police_rows()).unwrap();
    // Named after another agency: the hidden marker, not the file name, decides.
    let path = write(dir.path(), "agency-summary-csc.xlsx", &bytes);
    let s = summary::read_summary(&path, Some(&case), today());
    assert!(s.diagnostics.is_empty(), "{:#?}", s.diagnostics);
    let agency = s.agency.as_ref().unwrap();
    assert_eq!(agency.id.as_deref(), Some("police"));
    assert_eq!(agency.name, "Westmere Police");
    assert_eq!(s.sheet.as_deref(), Some("Agency summary"));
    let expected = police_rows();
    assert_eq!(s.rows.len(), expected.len());
    for (got, want) in s.rows.iter().zip(&expected) {
        assert_eq!(
            (
                got.section,
                got.date,
                &got.summary,
                &got.analysis,
                &got.subject
            ),
            (
                want.section,
                want.date,
                &want.summary,
                &want.analysis,
                &want.subject
            )
        );
    }
    assert_eq!(
        s.rows[0].row, 2,
        "rows are numbered as the spreadsheet shows them"
    );
}

#[test]
fn the_blank_workbook_is_refused_as_empty_and_prints() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    let bytes = workbook::blank(&case, "hospital").unwrap();
    let path = write(dir.path(), "agency-summary-hospital.xlsx", &bytes);
    let s = summary::read_summary(&path, Some(&case), today());
    assert_eq!(s.errors(), 1, "{:#?}", s.diagnostics);
    assert!(s.diagnostics[0].message.contains("no rows"));
    // Printable: landscape, fit to one page wide, the header repeated, a print area.
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut sheet = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("xl/worksheets/sheet2.xml").unwrap(),
        &mut sheet,
    )
    .unwrap();
    assert!(sheet.contains("orientation=\"landscape\""), "{sheet}");
    assert!(sheet.contains("fitToWidth=\"1\"") || sheet.contains("fitToHeight=\"0\""));
    assert!(
        sheet.contains("<sheetProtection"),
        "the headings are locked"
    );
    assert!(sheet.contains("<dataValidation"), "cells are validated");
    let mut book = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut book).unwrap();
    assert!(book.contains("_xlnm.Print_Titles"), "{book}");
    assert!(book.contains("_xlnm.Print_Area"));
    assert!(
        book.contains("state=\"hidden\""),
        "the marker sheet is hidden"
    );
}

#[test]
fn a_bad_date_and_a_misspelt_section_are_reported_at_their_cells() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    let csv = "Section,Date,End date,Subject,Role,Summary,Analysis\r\n\
               Involvement,01/09/2023,,Child B,Health visitor,New birth visit and two missed checks.,\r\n\
               Key practice episode,30/02/2024,,Child B,Health visitor,Second missed check not followed up.,Not shared with the GP.\r\n\
               Involvment,,,,,Antenatal contact.,\r\n\
               Immediate action,,,,,Missed checks now shared with the GP.,\r\n";
    let path = write(
        dir.path(),
        "agency-summary-health-visiting.csv",
        csv.as_bytes(),
    );
    let s = summary::read_summary(&path, Some(&case), today());
    let located: Vec<(u32, String, String)> = s
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| match &d.location {
            Location::Cell { row, column, .. } => (*row, column.clone(), d.message.clone()),
            other => panic!("not a cell: {other:?}"),
        })
        .collect();
    assert_eq!(located.len(), 3, "{located:#?}");
    assert_eq!((located[0].0, located[0].1.as_str()), (3, "B"));
    assert!(
        located[0].2.contains("not a valid date"),
        "{}",
        located[0].2
    );
    assert_eq!((located[1].0, located[1].1.as_str()), (4, "A"));
    let help = s
        .diagnostics
        .iter()
        .find(|d| d.message.contains("Involvment"))
        .unwrap();
    assert!(
        help.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean 'Involvement'")
    );
    assert_eq!((located[2].0, located[2].1.as_str()), (5, "B"));
    assert!(located[2].2.contains("needs its date"));
    // Matched by its file name, and only the clean row is kept.
    assert_eq!(
        s.agency.as_ref().and_then(|a| a.id.as_deref()),
        Some("health-visiting")
    );
    assert_eq!(s.rows.len(), 1);
}

#[test]
fn a_marker_edited_by_hand_is_refused() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    // The police summary, with its hidden sheet changed to say it is the hospital's.
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Agency summary").unwrap();
    for (c, h) in ["Section", "Date", "Summary"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Involvement").unwrap();
    ws.write_string(1, 1, "19/07/2024").unwrap();
    ws.write_string(1, 2, "Attended a domestic incident.")
        .unwrap();
    let ws = book.add_worksheet();
    ws.set_name("scrkit").unwrap();
    let genuine = summary::layout::marker_check(
        summary::layout::FORMAT,
        "RR-2024-11",
        "police",
        "Westmere Police",
    );
    for (i, (k, v)) in [
        ("Format", summary::layout::FORMAT),
        ("Review reference", "RR-2024-11"),
        ("Agency id", "hospital"),
        ("Agency name", "Westmere Hospitals NHS Foundation Trust"),
        ("Chronology sheet", "Agency summary"),
        ("Check", genuine.as_str()),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(i as u32, 0, *k).unwrap();
        ws.write_string(i as u32, 1, *v).unwrap();
    }
    ws.set_hidden(true);
    let path = write(dir.path(), "summary.xlsx", &book.save_to_buffer().unwrap());
    let s = summary::read_summary(&path, Some(&case), today());
    assert!(s.agency.is_none(), "{:?}", s.agency);
    assert!(
        s.diagnostics
            .iter()
            .any(|d| d.is_error() && d.message.contains("changed by hand")),
        "{:#?}",
        s.diagnostics
    );
}

#[test]
fn each_reader_refuses_the_others_workbook_and_names_the_command() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    let s_path = write(
        dir.path(),
        "agency-summary-police.xlsx",
        &workbook::filled(&case, "police", &police_rows()).unwrap(),
    );
    let c_path = write(
        dir.path(),
        "chronology-police.xlsx",
        &scrkit::chronology::workbook::blank(&case, "police").unwrap(),
    );
    let cx = scrkit::chronology::Context::for_case(&case, today());
    let r = scrkit::chronology::read_return(&s_path, &cx);
    assert_eq!(r.errors(), 1, "{:#?}", r.diagnostics);
    assert!(r.diagnostics[0].message.contains("agency summary workbook"));
    assert!(
        r.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("scr summary check")
    );
    let s = summary::read_summary(&c_path, Some(&case), today());
    assert_eq!(s.errors(), 1, "{:#?}", s.diagnostics);
    assert!(s.diagnostics[0].message.contains("chronology workbook"));
    assert!(
        s.diagnostics[0]
            .help
            .as_deref()
            .unwrap()
            .contains("scr chronology check")
    );
}

#[allow(dead_code)]
#[path = "../examples/rapid_review_samples.rs"]
mod generator;

/// The parts of a zip package, without the one that records when it was made.
fn parts(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        if name == "docProps/core.xml" {
            continue;
        }
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut data).unwrap();
        out.push((name, data));
    }
    out.sort();
    out
}

#[test]
fn committed_samples_match_the_generator_and_check_cleanly() {
    let case = case();
    for (name, bytes) in generator::files(&case) {
        let committed = std::fs::read(sample("rapid-review").join(&name)).unwrap_or_else(|e| {
            panic!("{name}: {e}; run `cargo run --example rapid_review_samples`")
        });
        assert!(
            parts(&committed) == parts(&bytes),
            "{name} differs; run `cargo run --example rapid_review_samples`"
        );
    }
    let chronologies: Vec<PathBuf> = ["csc", "police", "hospital", "health-visiting"]
        .iter()
        .map(|id| sample(&format!("rapid-review/chronologies/{id}.xlsx")))
        .collect();
    let cx = scrkit::chronology::Context::for_case(&case, today());
    let checked = scrkit::chronology::check(&chronologies, &cx, &|_| {});
    assert_eq!(
        checked.errors() + checked.warnings(),
        0,
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn the_samples_merge_into_a_workbook_and_a_document_by_agency_name_with_uk_dates() {
    let case = case();
    let files: Vec<PathBuf> = ["police", "csc", "hospital", "health-visiting"]
        .iter()
        .map(|id| sample(&format!("rapid-review/summaries/{id}.xlsx")))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let policy = scrkit::output::WritePolicy::new(false, files.clone());
    let (checked, outcome) =
        summary::merge_into(dir.path(), policy, &files, &case, today(), None).unwrap();
    assert_eq!(checked.errors() + checked.warnings(), 0);
    let summary::MergeOutcome::Written { merged, written } = outcome else {
        panic!("not written: {outcome:?}");
    };
    assert_eq!(written.len(), 2);
    // Agencies in the case's order, whatever the order of the files.
    let order: Vec<&str> = merged.received.iter().map(|r| r.agency.as_str()).collect();
    assert_eq!(order[0], "Westmere Council Children's Services");
    assert_eq!(merged.missing.len(), 1);
    assert_eq!(merged.missing[0].name, "Hatherley Medical Practice");
    // Episodes by date: the domestic incident of July comes first.
    assert_eq!(merged.episodes[0].when, "19 July 2024");
    assert_eq!(merged.episodes[0].agency, "Westmere Police");
    let docx = std::fs::read(dir.path().join("agency-summaries.docx")).unwrap();
    let text = common::paragraphs(&docx, "word/document.xml").join("\n");
    for want in [
        "Key practice episodes",
        "19 July 2024",
        "Westmere Hospitals NHS Foundation Trust",
        "No summary yet from Hatherley Medical Practice",
        "A bruise to the cheek of a non-mobile nine-month-old",
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    assert!(!text.contains("{{"));
    let xlsx = std::fs::read(dir.path().join("agency-summaries.xlsx")).unwrap();
    let names: Vec<String> = parts(&xlsx).into_iter().map(|(n, _)| n).collect();
    assert!(
        names.iter().any(|n| n == "xl/worksheets/sheet2.xml"),
        "{names:?}"
    );
    // An output already there is refused before any work.
    let again = summary::merge_into(
        dir.path(),
        scrkit::output::WritePolicy::new(false, files.clone()),
        &files,
        &case,
        today(),
        None,
    );
    assert!(matches!(again, Err(summary::MergeError::Output(_))));
}

#[test]
fn a_summary_with_an_error_stops_the_merge_and_nothing_is_written() {
    let case = case();
    let dir = tempfile::tempdir().unwrap();
    let bad = write(
        dir.path(),
        "agency-summary-gp.csv",
        b"Section,Date,Summary\nImmediate action,31/02/2024,Recall system checked.\n",
    );
    let files = vec![sample("rapid-review/summaries/police.xlsx"), bad];
    let out = dir.path().join("out");
    let (checked, outcome) = summary::merge_into(
        &out,
        scrkit::output::WritePolicy::new(false, files.clone()),
        &files,
        &case,
        today(),
        None,
    )
    .unwrap();
    assert_eq!(checked.errors(), 1);
    assert!(matches!(outcome, summary::MergeOutcome::Refused(_)));
    assert!(!out.join("agency-summaries.xlsx").exists());
}
