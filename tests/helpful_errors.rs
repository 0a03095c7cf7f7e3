//! Errors that help (issue #13, part 7) and one command-line convention (part 8): each message a
//! person meets when a name is mistyped, pinned word for word where the words matter.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn scr() -> Command {
    Command::new(env!("CARGO_BIN_EXE_scr"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn sample() -> PathBuf {
    root().join("samples/case.json")
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// The sample case with `edit` applied, written to `dir/case.json`.
fn case_with(dir: &Path, edit: impl FnOnce(&mut serde_json::Value)) -> PathBuf {
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(sample()).unwrap()).unwrap();
    edit(&mut v);
    let p = dir.join("case.json");
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    p
}

/// Rewrites one part of a zip package, replacing `from` with `to` (which must occur).
fn edit_part(path: &Path, part: &str, edits: &[(&str, &str)]) {
    let bytes = std::fs::read(path).unwrap();
    let mut zin = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut zout = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        if name == part {
            let mut s = String::from_utf8(data).unwrap();
            for (from, to) in edits {
                assert!(s.contains(from), "{from} not in {part}");
                s = s.replacen(from, to, 1);
            }
            data = s.into_bytes();
        }
        zout.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zout.write_all(&data).unwrap();
    }
    std::fs::write(path, zout.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn a_mistyped_case_field_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let case = case_with(tmp.path(), |v| {
        let a = v["agencies"][0].as_object_mut().unwrap();
        let contact = a.remove("contact").unwrap();
        a.insert("contcat".into(), contact);
    });
    let o = scr().arg("case").arg("check").arg(&case).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains(
            "$.agencies[0].contcat: unknown field `contcat`\n  help: did you mean \"contact\"?"
        ),
        "{t}"
    );
}

#[test]
fn a_mistyped_choice_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let case = case_with(tmp.path(), |v| {
        v["review"]["methodology"] = "learning_togther".into();
    });
    let t = text(&scr().arg("case").arg("check").arg(&case).output().unwrap());
    assert!(
        t.contains("not one of the allowed choices (found \"learning_togther\")\n  help: did you mean \"learning_together\"?"),
        "{t}"
    );
}

#[test]
fn a_day_first_date_in_json_is_explained() {
    let tmp = tempfile::tempdir().unwrap();
    let case = case_with(tmp.path(), |v| {
        v["referral"]["received_on"] = "19/02/2016".into();
    });
    let t = text(&scr().arg("case").arg("check").arg(&case).output().unwrap());
    assert!(
        t.contains(
            "$.referral.received_on: not a valid date (found \"19/02/2016\")\n  help: JSON dates are written year first, YYYY-MM-DD: write 2016-02-19"
        ),
        "{t}"
    );
    // A date that is no date at all still says how JSON dates are written.
    let case = case_with(tmp.path(), |v| {
        v["referral"]["received_on"] = "soon".into();
    });
    let t = text(&scr().arg("case").arg("check").arg(&case).output().unwrap());
    assert!(
        t.contains("help: JSON dates are written year first, YYYY-MM-DD (e.g. 2016-05-22)"),
        "{t}"
    );
}

#[test]
fn a_mistyped_tag_is_corrected_before_data_is_asked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let ctx = tmp.path().join("police.json");
    let o = scr()
        .args(["case", "context"])
        .arg(sample())
        .args(["--agency", "police"])
        .output()
        .unwrap();
    assert!(o.status.success());
    std::fs::write(&ctx, &o.stdout).unwrap();
    let tpl = tmp.path().join("letter.docx");
    std::fs::copy(root().join("templates/covering-letter.docx"), &tpl).unwrap();
    edit_part(
        &tpl,
        "word/document.xml",
        &[("{{agency.contact.name}}", "{{agency.contct.name}}")],
    );
    let o = scr()
        .args(["template", "check"])
        .arg(&tpl)
        .arg(&ctx)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("help: did you mean \"agency.contact.name\"? If not, add \"agency.contct.name\" to the data"),
        "{t}"
    );
}

#[test]
fn a_mistyped_helper_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let tpl = tmp.path().join("letter.docx");
    std::fs::copy(root().join("templates/covering-letter.docx"), &tpl).unwrap();
    edit_part(
        &tpl,
        "word/document.xml",
        &[("{{date today}}", "{{dte today}}")],
    );
    let t = text(
        &scr()
            .args(["template", "inspect"])
            .arg(&tpl)
            .output()
            .unwrap(),
    );
    assert!(t.contains("unknown helper \"dte\""), "{t}");
    assert!(
        t.contains("help: did you mean \"date\"? (helpers are: date,"),
        "{t}"
    );
}

fn pack(out: &Path, extra: &[&str]) -> Output {
    scr()
        .arg("pack")
        .arg(sample())
        .arg("--out")
        .arg(out)
        .args(["--date", "2016-04-01", "--quiet"])
        .args(extra)
        .output()
        .unwrap()
}

#[test]
fn names_on_the_command_line_are_usage_errors_with_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    // An agency the case does not have: exit 2, the nearest id first.
    let o = pack(&out, &["--agency", "polce"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("the case has no agency \"polce\"\n  help: did you mean \"police\"? (agency ids are: police, csc,"),
        "{}",
        text(&o)
    );
    // Something a pack does not hold, and a mistyped one.
    let o = pack(&out, &["--only", "draft"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o).contains("choose from: referral"), "{}", text(&o));
    let o = pack(&out, &["--only", "terms-of-referance"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("did you mean \"terms_of_reference\"?"),
        "{}",
        text(&o)
    );
    // A mistyped stage.
    let o = pack(&out, &["--stage", "comissioning"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("did you mean \"commissioning\"?"),
        "{}",
        text(&o)
    );
    // The same agency lookup in `case context`.
    let o = scr()
        .args(["case", "context"])
        .arg(sample())
        .args(["--agency", "hosptial"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains("did you mean \"hospital\"?"),
        "{}",
        text(&o)
    );
    assert!(
        !out.exists(),
        "nothing is written on a usage error, not even the folder"
    );
}

#[test]
fn a_board_templates_problems_come_in_one_report() {
    let tmp = tempfile::tempdir().unwrap();
    let board = tmp.path().join("board");
    let o = scr()
        .args(["templates", "export", "--out"])
        .arg(&board)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    // A renamed heading (a sections problem) and a mistyped tag (met only with the data).
    edit_part(
        &board.join("covering-letter.docx"),
        "word/document.xml",
        &[
            (">Enclosures<", ">Things enclosed<"),
            ("{{agency.contact.role}}", "{{agency.contct.role}}"),
        ],
    );
    let o = pack(
        &tmp.path().join("out"),
        &[
            "--stage",
            "commissioning",
            "--templates",
            board.to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let t = text(&o);
    assert!(
        t.contains("covering-letter.docx: the template has no \"Enclosures\" section"),
        "{t}"
    );
    assert!(
        t.contains("the data has no value for \"agency.contct.role\""),
        "{t}"
    );
    assert!(t.contains("did you mean \"agency.contact.role\"?"), "{t}");
}

#[test]
fn a_csv_return_is_a_file_not_a_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let csv = tmp.path().join("hospital.csv");
    let sample = std::fs::read_to_string(root().join("samples/returns/hospital.csv")).unwrap();
    let mut lines: Vec<&str> = sample.lines().take(3).collect();
    lines.push("31/02/2015,,,,,,,");
    std::fs::write(&csv, lines.join("\n")).unwrap();
    let t = text(
        &scr()
            .args(["chronology", "check"])
            .arg(&csv)
            .output()
            .unwrap(),
    );
    assert!(
        t.contains("hospital.csv: row 4, column A (Date): impossible date"),
        "{t}"
    );
    assert!(!t.contains("sheet"), "{t}");
    // A renamed mandatory column is found by its likeness.
    let renamed = sample.replacen("Date,", "Dte,", 1);
    std::fs::write(&csv, renamed).unwrap();
    let t = text(
        &scr()
            .args(["chronology", "check"])
            .arg(&csv)
            .output()
            .unwrap(),
    );
    assert!(
        t.contains("help: the column headed 'Dte' (column A) looks like it: head it 'Date'"),
        "{t}"
    );
    assert!(!t.contains("sheet"), "{t}");
}

#[test]
fn a_case_workbooks_mistyped_column_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("case.xlsx");
    std::fs::copy(root().join("samples/case.xlsx"), &book).unwrap();
    // The Agencies sheet's "Name" header, as a shared string of the workbook.
    edit_part(
        &book,
        "xl/sharedStrings.xml",
        &[("<t>Contact e-mail</t>", "<t>Contact e-mial</t>")],
    );
    let t = text(&scr().args(["case", "check"]).arg(&book).output().unwrap());
    assert!(
        t.contains(
            "unknown column 'Contact e-mial' is ignored\n  help: did you mean \"Contact e-mail\"?"
        ),
        "{t}"
    );
}

#[test]
fn packed_documents_carry_the_time_they_were_made() {
    use chrono::Datelike;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&out, &["--only", "covering_letter", "--agency", "police"]);
    assert!(o.status.success(), "{}", text(&o));
    let letter = out.join("05-commissioning/agencies/northbrook-police/covering-letter.docx");
    let bytes = std::fs::read(&letter).unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let year = chrono::Local::now().year() as u16;
    for i in 0..z.len() {
        let f = z.by_index(i).unwrap();
        let when = f.last_modified().unwrap();
        // Both the parts filled from the data and those copied from the template.
        assert_eq!(when.year(), year, "{} is dated {when:?}", f.name().unwrap());
    }
}

#[test]
fn a_mistyped_choice_in_a_workbook_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let book = tmp.path().join("case.xlsx");
    std::fs::copy(root().join("samples/case.xlsx"), &book).unwrap();
    edit_part(
        &book,
        "xl/sharedStrings.xml",
        &[(
            "<t>SCIE Learning Together</t>",
            "<t>SCIE Learning Togther</t>",
        )],
    );
    let t = text(&scr().args(["case", "check"]).arg(&book).output().unwrap());
    assert!(
        t.contains("not one of the allowed choices (found \"SCIE Learning Togther\")\n  help: did you mean \"SCIE Learning Together\"? (choose one of:"),
        "{t}"
    );
}

#[test]
fn an_unknown_kind_for_check_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = pack(&out, &["--only", "covering_letter", "--agency", "police"]);
    assert!(o.status.success(), "{}", text(&o));
    let o = scr()
        .arg("check")
        .arg(out.join("05-commissioning/agencies/northbrook-police/covering-letter.docx"))
        .args(["--kind", "covering_leter"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains("error: --kind: \"covering_leter\" is not a document kind in the manifest\n  help: did you mean \"covering_letter\"?"),
        "{}",
        text(&o)
    );
}

#[test]
fn a_mistyped_kind_in_a_boards_manifest_gets_did_you_mean() {
    let tmp = tempfile::tempdir().unwrap();
    let board = tmp.path().join("board");
    let o = scr()
        .args(["templates", "export", "--out"])
        .arg(&board)
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    let manifest = board.join("manifest.toml");
    let m = std::fs::read_to_string(&manifest).unwrap();
    assert!(m.contains("kind = \"covering_letter\""));
    std::fs::write(
        &manifest,
        m.replacen("kind = \"covering_letter\"", "kind = \"covering_leter\"", 1),
    )
    .unwrap();
    let o = pack(
        &tmp.path().join("out"),
        &["--agency", "police", "--templates", board.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(
        text(&o).contains("manifest.toml: document kind \"covering_leter\" is not a built-in kind; did you mean \"covering_letter\"?"),
        "{}",
        text(&o)
    );
}
