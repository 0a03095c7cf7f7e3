//! `scr serve`'s documents, over real HTTP: one stage's documents made (the library's stages,
//! the pack's folders), one document and a stage's zip downloaded and read back, the agencies'
//! zips encrypted with a password that is never kept, hostile paths refused, and a preview
//! page that says plainly when LibreOffice is missing.
//!
//! This binary runs as if LibreOffice were not installed (`SCR_SOFFICE` names no program), so
//! `cargo test` needs only Rust; scripts/interop-serve previews with the real LibreOffice.

mod serve_common;

use scrkit::docx::{Package, Tree, story_parts};
use serve_common::{Server, start};
use std::io::{Cursor, Read};

const NAME: &str = "northbrook-child-a";
const PASSWORD: &str = "correct horse battery staple";

fn all_text(docx: &[u8]) -> String {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    let mut s = String::new();
    for part in story_parts(&pkg) {
        let tree = Tree::parse(&pkg.read_text(&part.name).unwrap()).unwrap();
        s.push_str(&tree.text_content(0));
    }
    s
}

fn zip_names(bytes: &[u8]) -> Vec<String> {
    let z = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    z.file_names().flatten().map(|n| n.into_owned()).collect()
}

fn make(s: &Server, cookie: &str, body: &str) -> serve_common::Reply {
    s.form(&format!("/review/{NAME}/pack"), cookie, body)
}

#[test]
fn a_stages_documents_are_made_downloaded_zipped_encrypted_and_previewed() {
    // SAFETY: set before any server thread starts, in the only test of this binary.
    unsafe { std::env::set_var(scrkit::pdf::SOFFICE_VAR, "/nonexistent/soffice") };
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let pack = s.workspace.join(NAME).join("out/pack");

    // A forged form makes nothing.
    let r = make(&s, &cookie, "csrf=forged&stage=notification");
    assert_eq!(r.status, 403);
    assert!(!pack.exists());

    // One stage: its folder only, and the page groups it under that stage.
    let r = make(&s, &cookie, &format!("csrf={csrf}&stage=notification"));
    assert_eq!(r.status, 303, "{}", r.text());
    assert!(
        r.header("location")
            .unwrap()
            .ends_with("#stage-notification")
    );
    let mut made: Vec<String> = std::fs::read_dir(&pack)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    made.sort();
    assert_eq!(made, ["04-notification"]);
    let page = s.get(&format!("/review/{NAME}"), Some(&cookie)).text();
    let notif = &page[page.find("id=\"stage-notification\"").unwrap()..];
    let notif = &notif[..notif.find("<h3").unwrap_or(notif.len())];
    assert!(notif.contains("3 files"), "{notif}");
    assert!(notif.contains("notification-ofsted.docx"));
    assert!(notif.contains("Reached"));
    let referral = &page[page.find("id=\"stage-referral\"").unwrap()..];
    assert!(
        referral[..referral.find("id=\"stage-information_gathering\"").unwrap()]
            .contains("No documents of this stage made yet")
    );
    // LibreOffice is missing here: the page says so, and offers no preview.
    assert!(page.contains("cannot be previewed as pages on this computer"));
    assert!(!page.contains("Preview as pages"));

    // One document, read back.
    let doc = s.get(
        &format!("/review/{NAME}/documents/04-notification/notification-ofsted.docx"),
        Some(&cookie),
    );
    assert_eq!(doc.status, 200);
    assert_eq!(
        doc.header("content-disposition").as_deref(),
        Some("attachment; filename=\"notification-ofsted.docx\"")
    );
    assert!(
        doc.header("content-type")
            .unwrap()
            .contains("wordprocessingml")
    );
    let text = all_text(&doc.body);
    assert!(text.contains("SCR-2016-03"), "{text}");
    assert!(text.contains("Ofsted"));

    // The stage as a zip; a stage of no such name is not found.
    let z = s.get(
        &format!("/review/{NAME}/pack.zip?stage=notification"),
        Some(&cookie),
    );
    assert_eq!(z.status, 200);
    let names = zip_names(&z.body);
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(names.iter().all(|n| n.starts_with("04-notification/")));
    assert_eq!(
        s.get(
            &format!("/review/{NAME}/pack.zip?stage=nonsense"),
            Some(&cookie)
        )
        .status,
        404
    );

    // Paths that are not files of the pack are never opened.
    for bad in [
        "../case.json",
        "04-notification/../../case.json",
        "%2e%2e/case.json",
        "..%2f..%2fcase.json",
        "04-notification",
        "audit.jsonl",
    ] {
        for route in ["documents", "preview"] {
            let r = s.get(&format!("/review/{NAME}/{route}/{bad}"), Some(&cookie));
            assert_eq!(r.status, 404, "{route}/{bad}");
            assert!(!r.text().contains("review.reference"));
        }
    }
    assert_eq!(
        s.get(
            &format!("/review/{NAME}/documents/04-notification/notification-ofsted.docx"),
            None
        )
        .status,
        401
    );

    // The preview says plainly that LibreOffice is missing and what to do.
    let r = s.get(
        &format!("/review/{NAME}/preview/04-notification/notification-ofsted.docx"),
        Some(&cookie),
    );
    assert_eq!(r.status, 200);
    let html = r.text();
    assert!(html.contains("cannot be shown as pages"), "{html}");
    assert!(
        html.contains("SCR_SOFFICE names /nonexistent/soffice"),
        "{html}"
    );
    assert!(html.contains("install LibreOffice"));
    assert!(html.contains(
        "href=\"/review/northbrook-child-a/documents/04-notification/notification-ofsted.docx\""
    ));

    // A stage that is not a stage, and a password too short: each shown at its field.
    let r = make(&s, &cookie, &format!("csrf={csrf}&stage=tea-break"));
    assert_eq!(r.status, 422);
    assert!(r.text().contains("href=\"#make-stage\""));
    let r = make(
        &s,
        &cookie,
        &format!("csrf={csrf}&stage=commissioning&password=short"),
    );
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("href=\"#make-password\""));
    assert!(html.contains("at least 10 characters"));
    assert!(!pack.join("05-commissioning").exists());

    // With a password: each agency one encrypted zip, as `scr pack --password-file` makes it.
    let r = make(
        &s,
        &cookie,
        &format!(
            "csrf={csrf}&stage=commissioning&password={}",
            PASSWORD.replace(' ', "+")
        ),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let agencies = pack.join("05-commissioning/agencies");
    assert!(agencies.join("northbrook-police.zip").is_file());
    assert!(!agencies.join("northbrook-police").exists());
    let r = s.get(
        &format!("/review/{NAME}/documents/05-commissioning/agencies/northbrook-police.zip"),
        Some(&cookie),
    );
    assert_eq!(r.status, 200);
    let mut z = zip::ZipArchive::new(Cursor::new(r.body)).unwrap();
    assert!(z.by_name("covering-letter.docx").is_err(), "not encrypted");
    let mut doc = Vec::new();
    z.by_name_decrypt("covering-letter.docx", PASSWORD.as_bytes())
        .unwrap()
        .read_to_end(&mut doc)
        .unwrap();
    assert!(all_text(&doc).contains("Northbrook Police"));
    // Made again without a password, the stage's folder is replaced whole.
    let r = make(&s, &cookie, &format!("csrf={csrf}&stage=commissioning"));
    assert_eq!(r.status, 303);
    assert!(agencies.join("northbrook-police").is_dir());
    assert!(!agencies.join("northbrook-police.zip").exists());
    assert!(pack.join("04-notification").is_dir(), "another stage kept");

    // The log records each making and download, never the password.
    let dir = s.workspace.join(NAME);
    let log = std::fs::read_to_string(scrkit::audit::log_path(&dir)).unwrap();
    assert!(!log.contains("horse"), "the password reached the audit log");
    let v = scrkit::audit::verify(&scrkit::audit::log_path(&dir)).unwrap();
    assert!(v.is_intact());
    let details: Vec<&str> = v
        .entries
        .iter()
        .filter(|e| e.action == "pack")
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(details.len(), 3, "{details:?}");
    assert!(
        details[0].contains("notifications stage, 3 files"),
        "{details:?}"
    );
    assert!(details[1].contains("encrypted with a password"));
    assert!(v.entries.iter().any(|e| e.action == "document downloaded"
        && e.files[0].name.ends_with("notification-ofsted.docx")));
    // Hidden working folders are gone.
    assert!(
        std::fs::read_dir(&pack)
            .unwrap()
            .flatten()
            .all(|e| !e.file_name().to_string_lossy().starts_with(".making"))
    );
}
