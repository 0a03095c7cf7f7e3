//! `--pdf` on `scr pack` and `scr draft`, with only Rust: LibreOffice missing (a PATH without
//! it), and a stand-in `soffice` that records how it was called and writes what LibreOffice
//! would. The real conversion is checked by scripts/interop-pack.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// `scr` with a PATH of `path` only and no SCR_SOFFICE, its HOME in `home`.
fn scr(path: &Path, home: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_scr"));
    c.env("PATH", path)
        .env("HOME", home)
        .env_remove("SCR_SOFFICE");
    c
}

fn docx_under(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(docx_under(&p));
        } else if p.extension().is_some_and(|e| e == "docx") {
            v.push(p);
        }
    }
    v.sort();
    v
}

#[test]
fn without_libreoffice_the_documents_are_written_and_the_message_says_what_to_install() {
    let tmp = tempfile::tempdir().unwrap();
    let empty = tmp.path().join("bin");
    std::fs::create_dir(&empty).unwrap();
    let out = tmp.path().join("out");
    let o = scr(&empty, tmp.path())
        .arg("pack")
        .arg(root().join("samples/case.json"))
        .arg("--out")
        .arg(&out)
        .args(["--agency", "police", "--date", "2016-04-01", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("error: LibreOffice is not installed (no `soffice` program on the PATH"),
        "{t}"
    );
    assert!(t.contains("the documents were written"), "{t}");
    assert!(
        t.contains("help: install LibreOffice (https://www.libreoffice.org/download"),
        "{t}"
    );
    let docs = docx_under(&out);
    assert_eq!(docs.len(), 4, "{docs:?}");
    assert!(docs.iter().all(|d| !d.with_extension("pdf").exists()));

    // The draft too.
    let draft = tmp.path().join("report.docx");
    let o = scr(&empty, tmp.path())
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .arg("-o")
        .arg(&draft)
        .args(["--date", "2016-08-01", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    assert!(text(&o).contains("LibreOffice is not installed"));
    assert!(draft.exists() && !tmp.path().join("report.pdf").exists());
}

#[test]
fn pdf_with_zip_is_refused_before_anything_is_made() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_scr"))
        .arg("pack")
        .arg(root().join("samples/case.json"))
        .arg("--out")
        .arg(&out)
        .args(["--zip", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    // clap names the two, in whichever order it met them.
    let t = text(&o);
    assert!(
        t.contains("'--zip' cannot be used with '--pdf'")
            || t.contains("'--pdf' cannot be used with '--zip'"),
        "{t}"
    );
    assert!(!out.exists());
}

/// A stand-in for LibreOffice: records its arguments in `log`, and for each document writes
/// a PDF (or, with `fail`, nothing) into the --outdir, as soffice does.
#[cfg(unix)]
fn fake_soffice(dir: &Path, log: &Path, fail: bool) {
    use std::os::unix::fs::PermissionsExt;
    let body = if fail {
        "echo 'Error: source file could not be loaded' >&2\nexit 1\n".to_string()
    } else {
        r#"out=""; next=""
for a in "$@"; do
  if [ "$next" = outdir ]; then out="$a"; next=""; continue; fi
  case "$a" in
    --outdir) next=outdir ;;
    -*|pdf) ;;
    *) n="${a##*/}"; printf '%%PDF-1.4 stand-in for %s\n' "$n" > "$out/${n%.*}.pdf" ;;
  esac
done
"#
        .to_string()
    };
    let script = format!(
        "#!/bin/sh\nPATH=/usr/bin:/bin\nfor a in \"$@\"; do echo \"$a\"; done > '{}'\necho \"cwd=$PWD\" >> '{}'\n{body}",
        log.display(),
        log.display()
    );
    let p = dir.join("soffice");
    std::fs::write(&p, script).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn each_document_gets_its_pdf_beside_it_through_a_private_profile() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let log = tmp.path().join("soffice-args.txt");
    fake_soffice(&bin, &log, false);
    let home = tmp.path().join("home");
    std::fs::create_dir(&home).unwrap();
    let out = tmp.path().join("out");
    let o = scr(&bin, &home)
        .arg("pack")
        .arg(root().join("samples/case.json"))
        .arg("--out")
        .arg(&out)
        .args(["--date", "2016-04-01", "--pdf", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    let docs = docx_under(&out);
    assert!(docs.len() >= 20, "{docs:?}");
    for d in &docs {
        let pdf = d.with_extension("pdf");
        let bytes = std::fs::read(&pdf).unwrap_or_else(|_| panic!("no PDF beside {d:?}"));
        assert!(bytes.starts_with(b"%PDF"));
        let mode = std::fs::metadata(&pdf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{pdf:?}");
    }
    // The workbooks are for filling in: no PDF of them.
    assert!(
        !out.join("05-commissioning/agencies/northbrook-police/chronology-police.pdf")
            .exists()
    );
    // One run, headless, with its own profile in a temporary folder, never the user's; the
    // documents are handed over under numbered names (nothing about the case in them).
    let args = std::fs::read_to_string(&log).unwrap();
    let lines: Vec<&str> = args.lines().collect();
    assert!(lines.contains(&"--headless"), "{args}");
    assert!(
        lines.windows(2).any(|w| w == ["--convert-to", "pdf"]),
        "{args}"
    );
    let profile = lines
        .iter()
        .find_map(|l| l.strip_prefix("-env:UserInstallation=file://"))
        .expect("a profile of its own");
    assert!(profile.contains("scrkit-pdf-"), "{profile}");
    assert!(!profile.starts_with(home.to_str().unwrap()), "{profile}");
    assert!(
        !Path::new(profile).exists(),
        "the temporary folder is removed"
    );
    let inputs: Vec<&&str> = lines.iter().filter(|l| l.ends_with(".docx")).collect();
    assert_eq!(inputs.len(), docs.len());
    assert!(
        inputs
            .iter()
            .all(|l| !l.contains("police") && !l.contains("letter")),
        "{args}"
    );
    assert!(
        std::fs::read_dir(&home).unwrap().next().is_none(),
        "nothing in HOME"
    );

    // The draft's PDF goes beside it.
    let o = scr(&bin, &home)
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .arg("-o")
        .arg(tmp.path().join("report.docx"))
        .args(["--date", "2016-08-01", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", text(&o));
    assert!(
        std::fs::read(tmp.path().join("report.pdf"))
            .unwrap()
            .starts_with(b"%PDF")
    );
}

#[cfg(unix)]
#[test]
fn a_conversion_that_fails_is_reported_and_the_documents_stay() {
    let tmp = tempfile::tempdir().unwrap();
    let bin = tmp.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    fake_soffice(&bin, &tmp.path().join("log"), true);
    let draft = tmp.path().join("report.docx");
    let o = scr(&bin, tmp.path())
        .arg("draft")
        .arg(root().join("samples/case.json"))
        .arg("-o")
        .arg(&draft)
        .args(["--date", "2016-08-01", "--pdf"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("report.docx: no PDF: LibreOffice made no PDF of it"),
        "{t}"
    );
    assert!(t.contains("wrote 0 PDF(s); 1 could not be made"), "{t}");
    assert!(draft.exists());
}
