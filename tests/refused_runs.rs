//! A refused run leaves nothing behind: a command that writes nothing (refused for problems in
//! its documents, or for a board template that cannot be filled) removes the output folder it
//! made, and never a folder that existed before it.

mod common;

use common::{Docx, p};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scr(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    for a in args {
        c.arg(a);
    }
    c.output().unwrap()
}

fn said(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// What a folder holds, hidden files too.
fn held(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A board template with a tag no data fills: it compiles, and cannot be rendered.
fn unfillable(dir: &Path) -> PathBuf {
    let path = dir.join("board.docx");
    std::fs::write(&path, Docx::new(p("{{no_such_value}}")).build()).unwrap();
    path
}

#[test]
fn a_pack_refused_for_its_documents_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let mut c: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(root().join("samples/case.json")).unwrap())
            .unwrap();
    // The request for information would be dated after the reply it asks for.
    c["terms_of_reference"]["timescales"]["information_due"] = json!("2016-02-10");
    let case = tmp.path().join("case.json");
    std::fs::write(&case, serde_json::to_vec(&c).unwrap()).unwrap();
    let out = tmp.path().join("made/out");
    let o = scr(&[&"pack", &case, &"--out", &out, &"--quiet"]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(!out.exists(), "{:?}", held(&out));
    assert!(
        !tmp.path().join("made").exists(),
        "the parent it made goes too"
    );

    // A folder that was there before stays, as it was.
    let before = tmp.path().join("before");
    std::fs::create_dir(&before).unwrap();
    let o = scr(&[&"pack", &case, &"--out", &before, &"--quiet"]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(before.is_dir());
    assert!(held(&before).is_empty(), "{:?}", held(&before));
}

#[test]
fn a_chronology_merge_whose_template_cannot_be_filled_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let template = unfillable(tmp.path());
    let out = tmp.path().join("merged");
    let o = scr(&[
        &"chronology",
        &"merge",
        &root().join("samples/returns/police.xlsx"),
        &"--case",
        &root().join("samples/case.json"),
        &"--template",
        &template,
        &"--out",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(said(&o).contains("no_such_value"), "{}", said(&o));
    assert!(!out.exists(), "{:?}", held(&out));
}

#[test]
fn a_summary_merge_whose_template_cannot_be_filled_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let template = unfillable(tmp.path());
    let out = tmp.path().join("summaries");
    let rr = root().join("samples/rapid-review");
    let mut args: Vec<PathBuf> = std::fs::read_dir(rr.join("summaries"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "xlsx"))
        .collect();
    args.sort();
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    c.args(["summary", "merge"]).arg(rr.join("case.json"));
    c.args(&args)
        .arg("--template")
        .arg(&template)
        .arg("-o")
        .arg(&out);
    let o = c.output().unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(said(&o).contains("no_such_value"), "{}", said(&o));
    assert!(!out.exists(), "{:?}", held(&out));
}

#[test]
fn a_draft_that_cannot_be_made_leaves_no_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let templates = tmp.path().join("templates");
    std::fs::create_dir(&templates).unwrap();
    std::fs::write(
        templates.join("final-report.docx"),
        Docx::new(p("{{no_such_value}}")).build(),
    )
    .unwrap();
    let out = tmp.path().join("drafts/report.docx");
    let o = scr(&[
        &"draft",
        &root().join("samples/case.json"),
        &"--templates",
        &templates,
        &"-o",
        &out,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", said(&o));
    assert!(!tmp.path().join("drafts").exists());
}
