//! Every sample of one review agrees with its case file: each return was made for the review
//! (the hidden marker of a workbook names its reference), comes from an agency of the case
//! under the case's own name for it, and checks cleanly against the case (dates inside its
//! period). The workspace's sample reviews hold only returns made for them.

use chrono::NaiveDate;
use scrkit::case::Case;
use scrkit::workspace::{ReturnKind, Workspace};
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 5).unwrap()
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

/// The marker's review and agency, when a return was made from scrkit's workbook.
fn made_for(marker: &Option<scrkit::chronology::Marker>) -> Option<(String, String, String)> {
    marker.as_ref().map(|m| {
        (
            m.review_reference.clone(),
            m.agency_id.clone(),
            m.agency_name.clone(),
        )
    })
}

/// Each return names `case`'s reference and one of its agencies by the case's name for it.
fn assert_made_for(case: &Case, file: &Path, marker: Option<(String, String, String)>) {
    let Some((reference, id, name)) = marker else {
        return;
    };
    assert_eq!(
        reference,
        case.review.reference,
        "{} was made for another review",
        file.display()
    );
    let agency = case
        .agencies
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("{}: agency {id} is not in the case", file.display()));
    assert_eq!(agency.name, name, "{}", file.display());
}

fn check_chronologies(case: &Case, paths: &[PathBuf]) -> usize {
    let cx = scrkit::chronology::Context::for_case(case, today());
    let checked = scrkit::chronology::check(paths, &cx, &|_| {});
    assert_eq!(checked.errors(), 0, "{:#?}", checked.diagnostics);
    for r in &checked.returns {
        assert!(
            r.errors() == 0,
            "{}: {:#?}",
            r.path.display(),
            r.diagnostics
        );
        let agency = r.agency.as_ref().and_then(|a| a.id.as_ref());
        assert!(
            agency.is_some(),
            "{}: no agency of the case",
            r.path.display()
        );
        assert_made_for(case, &r.path, made_for(&r.marker));
    }
    checked
        .returns
        .iter()
        .filter(|r| r.marker.is_some())
        .count()
}

fn check_summaries(case: &Case, paths: &[PathBuf]) -> usize {
    let checked = scrkit::summary::check(paths, Some(case), today());
    assert_eq!(checked.errors(), 0, "{:#?}", checked.diagnostics);
    for s in &checked.summaries {
        assert!(
            s.errors() == 0,
            "{}: {:#?}",
            s.path.display(),
            s.diagnostics
        );
        assert_made_for(case, &s.path, made_for(&s.marker));
    }
    checked
        .summaries
        .iter()
        .filter(|s| s.marker.is_some())
        .count()
}

fn load(path: &Path) -> Case {
    scrkit::case::load(path)
        .case
        .expect("the sample case loads")
}

#[test]
fn each_sample_return_names_its_own_review_and_agency_and_checks_cleanly() {
    let scr = load(&root().join("samples/case.json"));
    let marked = check_chronologies(&scr, &files(&root().join("samples/returns")));
    assert!(
        marked >= 2,
        "the workbooks made by scrkit carry markers: {marked}"
    );

    let rapid = load(&root().join("samples/rapid-review/case.json"));
    let chronologies = files(&root().join("samples/rapid-review/chronologies"));
    assert_eq!(
        check_chronologies(&rapid, &chronologies),
        chronologies.len()
    );
    let summaries = files(&root().join("samples/rapid-review/summaries"));
    assert_eq!(check_summaries(&rapid, &summaries), summaries.len());
}

#[test]
fn each_workspace_sample_review_holds_only_returns_made_for_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = Workspace::open(tmp.path()).unwrap();
    ws.add_samples("tester").unwrap();
    let reviews = ws.reviews();
    assert_eq!(reviews.len(), 2);
    let mut summaries = 0;
    for f in reviews {
        let case = f.load(today()).case.expect("a sample case loads");
        let chronologies = f.received(ReturnKind::Chronology);
        assert!(!chronologies.is_empty(), "{}: no returns", f.name);
        check_chronologies(&case, &chronologies);
        let received = f.received(ReturnKind::Summary);
        if !received.is_empty() {
            summaries += check_summaries(&case, &received);
        }
        // The folder's name says whose review it is.
        let board = case.board.name.split(' ').next().unwrap().to_lowercase();
        assert!(
            f.name.starts_with(&board),
            "{} for {}",
            f.name,
            case.board.name
        );
    }
    assert_eq!(
        summaries, 4,
        "the rapid review's agency summaries, each its own"
    );
}
