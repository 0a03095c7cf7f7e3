//! The CLI on a workspace's review folder: its commands are recorded in the folder's audit log,
//! and `scr audit verify` tells an intact log from a tampered one, naming the entry.

use std::path::Path;
use std::process::Command;

fn scr(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .current_dir(dir)
        .env("USER", "coordinator")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.code().unwrap_or(-1), text)
}

#[test]
fn commands_on_a_review_folder_are_recorded_and_the_log_verifies() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = scrkit::workspace::Workspace::open(tmp.path()).unwrap();
    ws.add_samples("tester").unwrap();
    let dir = tmp.path().join("northbrook-child-a");

    let (code, text) = scr(
        &dir,
        &[
            "pack",
            "case.json",
            "--out",
            "out/cli-pack",
            "--quiet",
            "--date",
            "2026-12-05",
        ],
    );
    assert_eq!(code, 0, "{text}");
    let (code, _) = scr(&dir, &["criteria", "case.json"]);
    assert_eq!(code, 0);
    // A command run elsewhere is not recorded here.
    let (code, _) = scr(tmp.path(), &["case", "schema"]);
    assert_eq!(code, 0);

    let (code, text) = scr(&dir, &["audit", "verify", "."]);
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("intact, 8 entries"), "{text}");
    let (code, text) = scr(tmp.path(), &["audit", "show", "northbrook-child-a"]);
    assert_eq!(code, 0);
    assert!(
        text.lines()
            .any(|l| l.contains(" coordinator ") && l.ends_with(" pack")),
        "{text}"
    );
    assert!(text.contains("out/cli-pack/01-referral/"), "{text}");
    assert!(text.contains("criteria"), "{text}");
    let log = scrkit::audit::verify(&scrkit::audit::log_path(&dir)).unwrap();
    let pack = log.entries.iter().find(|e| e.action == "pack").unwrap();
    assert_eq!(pack.files[0].name, "case.json");
    assert_eq!(
        pack.files[0].sha256,
        scrkit::audit::sha256_file(&dir.join("case.json"))
    );
    assert!(pack.files.len() > 10, "every document made is listed");
    assert_eq!(pack.detail, "exit 0");

    // Removing an entry is found, and the entry named.
    let path = scrkit::audit::log_path(&dir);
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let without_third: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 2)
        .map(|(_, l)| *l)
        .collect();
    std::fs::write(&path, without_third.join("\n") + "\n").unwrap();
    let (code, text) = scr(&dir, &["audit", "verify", "."]);
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("entry 3 is broken"), "{text}");
    // And nothing more is added to a broken log.
    let (_, text) = scr(&dir, &["criteria", "case.json"]);
    assert!(text.contains("not added to the audit log"), "{text}");
}
