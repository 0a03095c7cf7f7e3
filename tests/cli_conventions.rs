//! One command-line convention across `scr`: `-o/--out` (and `--output`) on every command that
//! writes, usage errors exit 2, a closed pipe ends quietly, folder names read as words, zip
//! entries dated when made.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn scr() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    c.current_dir(root());
    c
}

fn sample() -> PathBuf {
    root().join("samples/case.json")
}

fn run(c: &mut Command) -> (i32, String, String) {
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn every_writing_command_takes_dash_o_and_both_long_spellings() {
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path();
    // (arguments before the output, output file or folder name)
    let commands: Vec<(Vec<String>, &str)> = vec![
        (
            vec![
                "pack".into(),
                sample().display().to_string(),
                "--only".into(),
                "referral".into(),
            ],
            "pack",
        ),
        (vec!["case".into(), "new".into()], "new.json"),
        (
            vec![
                "case".into(),
                "convert".into(),
                sample().display().to_string(),
            ],
            "copy.json",
        ),
        (vec!["templates".into(), "export".into()], "templates"),
    ];
    for (args, name) in &commands {
        for (i, flag) in ["-o", "--out", "--output"].iter().enumerate() {
            let out = t.join(format!("{i}-{name}"));
            let (code, _, stderr) = run(scr().args(args).arg(flag).arg(&out));
            assert_eq!(code, 0, "scr {} {flag}: {stderr}", args.join(" "));
            assert!(out.exists(), "scr {} {flag} wrote nothing", args.join(" "));
        }
    }
    // The commands whose output is a single file named after the option: the help shows one
    // convention for all of them.
    for sub in [
        &["pack"][..],
        &["draft"],
        &["fill"],
        &["anonymise"],
        &["case", "new"],
        &["case", "convert"],
        &["chronology", "merge"],
        &["templates", "export"],
        &["actions", "workbook"],
        &["actions", "update"],
    ] {
        let (code, help, _) = run(scr().args(sub).arg("--help"));
        assert_eq!(code, 0);
        assert!(
            help.contains("-o, --out <") && help.contains("--output"),
            "scr {} --help:\n{help}",
            sub.join(" ")
        );
    }
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let (code, _, err) = run(scr()
        .arg("pack")
        .arg(sample())
        .arg("-o")
        .arg(tmp.path().join("p"))
        .args(["--only", "draft"]));
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("draft"), "{err}");
    let (code, _, _) = run(scr().args(["pack", "--no-such-flag"]));
    assert_eq!(code, 2);
}

#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        vec!["case".to_string(), "schema".to_string()],
        vec![
            "case".to_string(),
            "context".to_string(),
            sample().display().to_string(),
        ],
    ] {
        let mut child = scr()
            .args(&args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader goes away before anything is written: every write meets a closed pipe.
        drop(child.stdout.take());
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        let status = child.wait().unwrap();
        assert_eq!(err, "", "scr {}", args.join(" "));
        assert_eq!(status.code(), Some(141), "scr {}", args.join(" "));
    }
}

#[test]
fn agency_folders_drop_apostrophes_and_zip_entries_are_dated_now() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("pack");
    let (code, _, err) = run(scr().arg("pack").arg(sample()).arg("-o").arg(&out).args([
        "--zip",
        "-q",
        "--stage",
        "commissioning",
    ]));
    assert_eq!(code, 0, "{err}");
    let names: Vec<String> = walk(&out)
        .iter()
        .map(|p| p.strip_prefix(&out).unwrap().display().to_string())
        .collect();
    assert!(
        names.iter().any(|n| n.contains("childrens-social-care")),
        "{names:?}"
    );
    assert!(!names.iter().any(|n| n.contains("children-s")), "{names:?}");
    let zips: Vec<PathBuf> = walk(&out)
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "zip"))
        .collect();
    assert!(!zips.is_empty(), "{names:?}");
    let year = chrono::Datelike::year(&chrono::Local::now());
    for z in zips {
        let mut a = zip::ZipArchive::new(std::fs::File::open(&z).unwrap()).unwrap();
        for i in 0..a.len() {
            let f = a.by_index(i).unwrap();
            let t = f.last_modified().unwrap();
            assert_eq!(
                i32::from(t.year()),
                year,
                "{:?} in {}",
                f.name(),
                z.display()
            );
        }
    }
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        }
        out.push(p);
    }
    out
}
