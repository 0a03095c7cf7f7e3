//! What scrkit promises about the files it writes, checked end to end through `scr`: nothing
//! outside the output folder whatever the data says, names from data made safe, no input
//! ever written over (not even with --force), nothing replaced without --force, replacement
//! by an atomic rename (no half-written file, no temporary file left), owner-only modes.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scr(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let args: Vec<OsString> = args.iter().map(|a| a.as_ref().to_os_string()).collect();
    Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(&args)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("scr runs")
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Every file and folder under `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p.clone());
            }
            out.push(p.strip_prefix(dir).unwrap().to_path_buf());
        }
    }
    out.sort();
    out
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

/// Every file written is 0600 and every folder 0700; no temporary file is left.
#[track_caller]
fn assert_private_and_complete(dir: &Path) {
    for rel in tree(dir) {
        let name = rel.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with(".scrkit-"),
            "temporary file left: {rel:?}"
        );
        #[cfg(unix)]
        {
            let p = dir.join(&rel);
            let want = if p.is_dir() { 0o700 } else { 0o600 };
            assert_eq!(mode(&p), want, "{rel:?} has mode {:o}", mode(&p));
        }
    }
}

/// The sample case with two agencies renamed to names that are paths and devices.
fn hostile_case(dir: &Path) -> PathBuf {
    let mut case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("samples/case.json")).unwrap()).unwrap();
    case["agencies"][0]["name"] = "../../etc".into();
    case["agencies"][1]["name"] = "CON".into();
    let path = dir.join("case.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&case).unwrap()).unwrap();
    path
}

#[test]
fn pack_names_from_data_stay_inside_the_output_folder_and_are_safe() {
    let tmp = tempfile::tempdir().unwrap();
    let work = tmp.path().join("work");
    std::fs::create_dir(&work).unwrap();
    let case = hostile_case(&work);
    let out_dir = work.join("out");
    let out = scr(&[
        &"pack",
        &case,
        &"--out",
        &out_dir,
        &"--quiet",
        &"--date",
        &"2016-03-21",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    // Nothing beside the case and the output folder, anywhere up the tree we own.
    assert_eq!(
        tree(tmp.path())
            .into_iter()
            .filter(|p| !p.starts_with("work/out"))
            .collect::<Vec<_>>(),
        [PathBuf::from("work"), PathBuf::from("work/case.json")]
    );
    let agencies: Vec<String> = std::fs::read_dir(out_dir.join("05-commissioning/agencies"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(agencies.contains(&"etc".to_string()), "{agencies:?}");
    assert!(agencies.contains(&"con_".to_string()), "{agencies:?}");
    for name in &agencies {
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_".contains(c)),
            "{name}"
        );
    }
    // The letters went into the safe folders, and say the agency's name as the data has it.
    let letters: Vec<PathBuf> = tree(&out_dir.join("05-commissioning/agencies/etc"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "docx"))
        .collect();
    assert!(!letters.is_empty());
    assert_private_and_complete(&out_dir);
    // Again without --force: refused, nothing changed.
    let before = std::fs::read(
        out_dir
            .join("05-commissioning/agencies/etc")
            .join(&letters[0]),
    )
    .unwrap();
    let again = scr(&[&"pack", &case, &"--out", &out_dir, &"--quiet"]);
    assert_eq!(again.status.code(), Some(2), "{}", text(&again));
    assert!(text(&again).contains("already exists; use --force"));
    assert_eq!(
        std::fs::read(
            out_dir
                .join("05-commissioning/agencies/etc")
                .join(&letters[0])
        )
        .unwrap(),
        before
    );
}

#[test]
fn a_pack_never_writes_over_the_case_or_the_boards_templates() {
    let tmp = tempfile::tempdir().unwrap();
    let case = hostile_case(tmp.path());
    // The board keeps its templates in the folder the coordinator's copy of the Terms of
    // Reference goes to.
    let templates = tmp.path().join("out/05-commissioning");
    let export = scr(&[&"templates", &"export", &"--out", &templates]);
    assert_eq!(export.status.code(), Some(0), "{}", text(&export));
    let mut before = Vec::new();
    for rel in tree(&templates) {
        before.push((rel.clone(), std::fs::read(templates.join(&rel)).unwrap()));
    }
    let out = scr(&[
        &"pack",
        &case,
        &"--out",
        &tmp.path().join("out"),
        &"--templates",
        &templates,
        &"--force",
        &"--quiet",
    ]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("is an input of this run"), "{said}");
    for (rel, bytes) in before {
        assert_eq!(
            std::fs::read(templates.join(&rel)).unwrap(),
            bytes,
            "{rel:?}"
        );
    }
}

#[test]
fn fill_keeps_existing_files_replaces_them_atomically_with_force_and_never_its_inputs() {
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("letter.docx");
    std::fs::copy(root().join("templates/covering-letter.docx"), &template).unwrap();
    let data = tmp.path().join("police.json");
    let context = scr(&[
        &"case",
        &"context",
        &root().join("samples/case.json"),
        &"--agency",
        &"police",
    ]);
    assert_eq!(context.status.code(), Some(0), "{}", text(&context));
    std::fs::write(&data, &context.stdout).unwrap();
    let out_dir = tmp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let output = out_dir.join("letter.docx");

    // An existing file is kept without --force.
    std::fs::write(&output, b"an earlier letter").unwrap();
    let r = scr(&[&"fill", &template, &data, &"-o", &output]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("already exists; use --force"));
    assert_eq!(std::fs::read(&output).unwrap(), b"an earlier letter");

    // With --force it is replaced by a rename: a second link to the old file keeps the old
    // bytes (a write in place would have changed them, and could be left half done).
    let old_link = tmp.path().join("old-link");
    std::fs::hard_link(&output, &old_link).unwrap();
    let r = scr(&[&"fill", &template, &data, &"-o", &output, &"--force"]);
    assert_eq!(r.status.code(), Some(0), "{}", text(&r));
    assert_eq!(std::fs::read(&old_link).unwrap(), b"an earlier letter");
    let written = std::fs::read(&output).unwrap();
    assert!(written.starts_with(b"PK"));
    let doc = scrkit::docx::Package::from_bytes(written).unwrap();
    let body = doc.read_text("word/document.xml").unwrap();
    assert!(body.contains("Northbrook Police"), "the letter is filled");
    std::fs::remove_file(&old_link).unwrap();
    assert_private_and_complete(&out_dir);

    // The template and the data are inputs: never outputs, whatever the spelling, --force
    // or not.
    let template_bytes = std::fs::read(&template).unwrap();
    let data_bytes = std::fs::read(&data).unwrap();
    let dotted = tmp.path().join(".").join("letter.docx");
    for target in [&template, &dotted, &data] {
        let r = scr(&[&"fill", &template, &data, &"-o", target, &"--force"]);
        assert_eq!(r.status.code(), Some(2), "{}", text(&r));
        assert!(text(&r).contains("is an input of this run"), "{}", text(&r));
    }
    assert_eq!(std::fs::read(&template).unwrap(), template_bytes);
    assert_eq!(std::fs::read(&data).unwrap(), data_bytes);
}

#[test]
fn anonymise_never_writes_over_the_document_or_the_case() {
    let tmp = tempfile::tempdir().unwrap();
    let case = tmp.path().join("case.json");
    std::fs::copy(root().join("samples/case.json"), &case).unwrap();
    let report = tmp.path().join("report.docx");
    let draft = scr(&[&"draft", &case, &"-o", &report]);
    assert_eq!(draft.status.code(), Some(0), "{}", text(&draft));
    let report_bytes = std::fs::read(&report).unwrap();
    let case_bytes = std::fs::read(&case).unwrap();
    for target in [&report, &case] {
        let r = scr(&[
            &"anonymise",
            &report,
            &"--case",
            &case,
            &"-o",
            target,
            &"--force",
        ]);
        assert_eq!(r.status.code(), Some(2), "{}", text(&r));
        assert!(text(&r).contains("is an input of this run"), "{}", text(&r));
    }
    assert_eq!(std::fs::read(&report).unwrap(), report_bytes);
    assert_eq!(std::fs::read(&case).unwrap(), case_bytes);
    // To a new file it works, privately.
    let out_dir = tmp.path().join("published");
    let r = scr(&[
        &"anonymise",
        &report,
        &"--case",
        &case,
        &"-o",
        &out_dir.join("report.docx"),
    ]);
    assert!(r.status.code() != Some(2), "{}", text(&r));
    assert!(out_dir.join("report.docx").exists());
    assert_private_and_complete(&out_dir);
}

#[test]
fn chronology_merge_never_writes_over_a_return_or_its_template() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("merged");
    std::fs::create_dir(&out_dir).unwrap();
    // A return that happens to sit where the merged workbook goes.
    let ret = out_dir.join("merged-chronology.xlsx");
    std::fs::copy(root().join("samples/returns/police.xlsx"), &ret).unwrap();
    let other = root().join("samples/returns/csc.xlsx");
    let before = std::fs::read(&ret).unwrap();
    let r = scr(&[
        &"chronology",
        &"merge",
        &ret,
        &other,
        &"--case",
        &root().join("samples/case.json"),
        &"--out",
        &out_dir,
        &"--force",
    ]);
    assert_eq!(r.status.code(), Some(2), "{}", text(&r));
    assert!(text(&r).contains("is an input of this run"), "{}", text(&r));
    assert_eq!(std::fs::read(&ret).unwrap(), before);

    // A board template that is the document merge writes (a filled document is a template
    // without tags): replacing it would destroy the template being read.
    std::fs::remove_file(&ret).unwrap();
    let merge = |extra: &[&dyn AsRef<std::ffi::OsStr>]| {
        let police = root().join("samples/returns/police.xlsx");
        let case = root().join("samples/case.json");
        let mut args: Vec<&dyn AsRef<std::ffi::OsStr>> = vec![
            &"chronology",
            &"merge",
            &police,
            &other,
            &"--case",
            &case,
            &"--out",
            &out_dir,
            &"--keep-going",
        ];
        args.extend_from_slice(extra);
        scr(&args)
    };
    let r = merge(&[]);
    assert!(r.status.code() != Some(2), "{}", text(&r));
    let template = out_dir.join("merged-chronology.docx");
    let template_before = std::fs::read(&template).unwrap();
    let r = merge(&[&"--template", &template, &"--force"]);
    let said = text(&r);
    assert_eq!(r.status.code(), Some(2), "{said}");
    assert!(
        said.contains("merged-chronology.docx is an input of this run"),
        "{said}"
    );
    assert_eq!(std::fs::read(&template).unwrap(), template_before, "{said}");

    // Into a fresh folder: every file private, none left half-written.
    let fresh = tmp.path().join("fresh");
    let r = scr(&[
        &"chronology",
        &"merge",
        &root().join("samples/returns/police.xlsx"),
        &other,
        &"--case",
        &root().join("samples/case.json"),
        &"--out",
        &fresh,
    ]);
    assert!(r.status.code() != Some(2), "{}", text(&r));
    assert!(fresh.join("merged-chronology.xlsx").exists());
    assert_private_and_complete(&fresh);
}

#[test]
fn a_panic_says_it_is_a_bug_where_to_report_it_and_no_personal_data() {
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["case", "check", "case.json"])
        .env("SCRKIT_INTERNAL_TEST_PANIC", "1")
        .env_remove("RUST_BACKTRACE")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(
        said.contains("internal error: scrkit stopped because of a bug"),
        "{said}"
    );
    assert!(said.contains("Please report it to "), "{said}");
    assert!(said.contains("do not send the case files"), "{said}");
    // The panic's message held a name and an address: neither is shown.
    assert!(
        !said.contains("Maisie") && !said.contains("Larkspur"),
        "{said}"
    );
    assert!(!said.contains("stack backtrace"), "{said}");
    // A backtrace only when the user asks for one; still no data.
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(["case", "check", "case.json"])
        .env("SCRKIT_INTERNAL_TEST_PANIC", "1")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(2), "{said}");
    assert!(said.contains("run_command"), "a backtrace: {said}");
    assert!(
        !said.contains("Maisie") && !said.contains("Larkspur"),
        "{said}"
    );
}

/// The sample case with its agencies renamed by `names` (in order).
fn case_with_agency_names(dir: &Path, names: &[&str]) -> PathBuf {
    let mut case: serde_json::Value =
        serde_json::from_slice(&std::fs::read(root().join("samples/case.json")).unwrap()).unwrap();
    for (i, n) in names.iter().enumerate() {
        case["agencies"][i]["name"] = (*n).into();
    }
    let path = dir.join("case.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&case).unwrap()).unwrap();
    path
}

fn docx_text(path: &Path) -> String {
    let pkg = scrkit::docx::Package::from_bytes(std::fs::read(path).unwrap()).unwrap();
    let xml = pkg.read_text("word/document.xml").unwrap();
    scrkit::docx::Tree::parse(&xml).unwrap().text_content(0)
}

#[test]
fn agencies_whose_names_make_one_folder_name_each_get_their_own_folder() {
    let tmp = tempfile::tempdir().unwrap();
    // "X" and "X!" make "x"; the first, whose id is "police", then makes "x-police", which is
    // also what "X Police" makes; "X-CSC" and "x csc" make "x-csc".
    let case = case_with_agency_names(tmp.path(), &["X", "X!", "X Police", "X-CSC", "x csc"]);
    let out_dir = tmp.path().join("out");
    let out = scr(&[
        &"pack",
        &case,
        &"--out",
        &out_dir,
        &"--quiet",
        &"--date",
        &"2016-03-21",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let folders: Vec<PathBuf> = std::fs::read_dir(out_dir.join("05-commissioning/agencies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 7, "{folders:?}");
    let c: serde_json::Value = serde_json::from_slice(&std::fs::read(&case).unwrap()).unwrap();
    let contacts: Vec<String> = c["agencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["contact"]["name"].as_str().unwrap().to_string())
        .collect();
    let case_model = scrkit::case::load(&case).case.unwrap();
    for (i, a) in case_model.agencies.iter().enumerate() {
        let folder = out_dir
            .join("05-commissioning/agencies")
            .join(scrkit::pack::agency_folder(&case_model, &a.id));
        let letter = docx_text(&folder.join("covering-letter.docx"));
        // Each letter greets its own agency's contact, and nobody else's.
        for (j, who) in contacts.iter().enumerate() {
            assert_eq!(
                letter.contains(who.as_str()),
                i == j,
                "{folder:?} and {who}"
            );
        }
    }
}

#[test]
fn two_agencies_of_one_name_are_a_case_file_error() {
    let tmp = tempfile::tempdir().unwrap();
    let case = case_with_agency_names(tmp.path(), &["Northbrook Police", "northbrook  POLICE"]);
    let out = scr(&[&"case", &"check", &case]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("$.agencies[1].name: this agency has the same name as agencies[0]"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_pack_checks_every_destination_before_it_writes_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    // Two of the pack's files are there already, one in the last folder written.
    std::fs::create_dir_all(out_dir.join("05-commissioning/agencies/northbrook-homes")).unwrap();
    std::fs::write(
        out_dir.join("05-commissioning/agencies/northbrook-homes/covering-letter.docx"),
        b"mine",
    )
    .unwrap();
    std::fs::create_dir_all(out_dir.join("01-referral")).unwrap();
    std::fs::write(out_dir.join("01-referral/referral-form.docx"), b"mine").unwrap();
    let case = root().join("samples/case.json");
    let out = scr(&[&"pack", &case, &"--out", &out_dir, &"--quiet"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("northbrook-homes/covering-letter.docx already exists"),
        "{t}"
    );
    assert!(
        t.contains("01-referral/referral-form.docx already exists"),
        "{t}"
    );
    assert!(t.contains("nothing was written"), "{t}");
    // Nothing else was written: the two files and their folders (the folder's lock is gone
    // with the run).
    assert_eq!(
        tree(&out_dir),
        [
            "01-referral",
            "01-referral/referral-form.docx",
            "05-commissioning",
            "05-commissioning/agencies",
            "05-commissioning/agencies/northbrook-homes",
            "05-commissioning/agencies/northbrook-homes/covering-letter.docx",
        ]
        .map(PathBuf::from)
    );
}

#[test]
fn a_killed_runs_hidden_files_are_removed_by_the_next_run() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("out");
    let case = root().join("samples/case.json");
    // What a run killed while writing leaves: a hidden part file carrying its process id.
    let first = scr(&[&"pack", &case, &"--out", &out_dir, &"--quiet"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    std::fs::write(
        out_dir.join("01-referral/.scrkit-4194304-Ab12Cd.part"),
        b"half",
    )
    .unwrap();
    std::fs::create_dir_all(out_dir.join(".scrkit-4194304-Ef34Gh.part")).unwrap();
    std::fs::write(out_dir.join(".scrkit-4194304-Ef34Gh.part/0"), b"half").unwrap();
    let out = scr(&[&"pack", &case, &"--out", &out_dir, &"--quiet", &"--force"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_private_and_complete(&out_dir);
}

#[cfg(unix)]
#[test]
fn force_never_replaces_a_device_or_a_pipe() {
    let tmp = tempfile::tempdir().unwrap();
    // A socket stands in for /dev/null: the tests may run as root, where the device could go.
    let sock = tmp.path().join("case.json");
    let _l = std::os::unix::net::UnixListener::bind(&sock).unwrap();
    let out = scr(&[&"case", &"new", &"-o", &sock, &"--force"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("is not a regular file"),
        "{}",
        text(&out)
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&sock)
            .unwrap()
            .file_type()
            .is_socket()
    );
}
