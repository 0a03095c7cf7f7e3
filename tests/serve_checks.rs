//! `scr serve`: a Word document uploaded on a review's page is checked as `scr check` and
//! `scr check publication --case` check it (every finding with its part and paragraph), and
//! anonymised as `scr anonymise` does, the copy downloaded and what could not be rewritten
//! listed; uploads are bounded, hostile names refused, nothing written outside the review.

mod common;
mod serve_common;

use common::{Docx, body, h1, p};
use scrkit::check::{Document, Identifiers, check_publication};
use serve_common::{Server, start};
use std::path::Path;

const NAME: &str = "northbrook-child-a";

/// A report draft as an author might send it: two sections written of twelve, the child's
/// name and street in the summary, a comment, a link whose address is the mother's e-mail.
fn overview() -> Docx {
    let mut d = Docx::new(
        h1("Introduction")
            + &p("This review considers the circumstances of Child A.")
            + &h1("Summary of the case")
            + &p("Maisie Thornbury lived at 14 Larkspur Close with her mother.")
            + "<w:p><w:hyperlink r:id=\"rIdLink\"><w:r><w:t>write to her</w:t></w:r></w:hyperlink></w:p>",
    );
    d.title = Some("Overview report".into());
    d.rels_extra = r#"<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:kerry.t@mail.example" TargetMode="External"/>"#.into();
    d.comments = vec![("Author".into(), p("Check the dates with the police."))];
    d
}

fn upload(s: &Server, cookie: &str, csrf: &str, file: &str, bytes: &[u8]) -> serve_common::Reply {
    s.upload(&format!("/review/{NAME}/checks"), cookie, csrf, file, bytes)
}

fn audit_actions(s: &Server) -> Vec<String> {
    let v = scrkit::audit::verify(&s.workspace.join(NAME).join("audit.jsonl")).unwrap();
    assert!(v.is_intact(), "{:?}", v.broken);
    v.entries.iter().map(|e| e.action.clone()).collect()
}

/// The cells of the first table row whose text holds `needle`, tags stripped.
fn row_with(html: &str, needle: &str) -> Vec<String> {
    let row = html
        .split("<tr>")
        .skip(1)
        .map(|r| &r[..r.find("</tr>").unwrap_or(r.len())])
        .find(|r| r.contains(needle))
        .unwrap_or_else(|| panic!("no row with {needle}"));
    row.split("<t")
        .skip(1)
        .filter(|c| c.starts_with('d') || c.starts_with('h'))
        .map(|c| {
            let inner = &c[c.find('>').unwrap() + 1..];
            let inner = &inner[..inner.find("</t").unwrap_or(inner.len())];
            strip_tags(inner).trim().to_string()
        })
        .collect()
}

fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn an_uploaded_document_is_checked_with_every_finding_in_its_place() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let r = upload(
        &s,
        &cookie,
        &csrf,
        "Overview Report (v2).docx",
        &overview().build(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    let at = r.header("location").unwrap();
    assert_eq!(at, format!("/review/{NAME}/checks/overview-report-v2.docx"));
    let kept = s
        .workspace
        .join(NAME)
        .join("checks/overview-report-v2.docx");
    assert_eq!(std::fs::read(&kept).unwrap(), overview().build());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kept).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "readable by others: {mode:o}");
    }

    let page = s.get(&at, Some(&cookie));
    assert_eq!(page.status, 200);
    let html = page.text();
    serve_common::assert_no_inline_script(&html);
    // The kind from its title, and the sections as `scr check` lists them.
    assert!(
        html.contains("Case review report (from its title)"),
        "{html}"
    );
    assert!(html.contains("2 of 12 sections written"), "{html}");
    assert_eq!(
        row_with(&html, "Process and methodology")[..2],
        ["Process and methodology", "missing"]
    );
    assert!(row_with(&html, ">Introduction<").contains(&"present".to_string()));
    // The comment is a leftover with its part.
    let comment = row_with(&html, "comment");
    assert_eq!(comment[0], "Error", "{comment:?}");
    assert_eq!(comment[1], "Comment by Author", "{comment:?}");
    assert_eq!(comment[2], "paragraph 1", "{comment:?}");
    // The publication findings, each where the CLI's check puts it.
    let doc = Document::from_bytes(overview().build()).unwrap();
    let case = scrkit::case::load(&common::sample("case.json"))
        .case
        .unwrap();
    let cli = check_publication(
        &doc,
        Path::new("x.docx"),
        &Identifiers::from_case(&case).with_generic(true),
    );
    assert!(cli.hits.len() >= 2, "{:?}", cli.hits);
    for h in &cli.hits {
        let d = cli
            .diagnostics
            .iter()
            .find(|d| d.message.contains(&h.found) || d.value.as_deref() == Some(&h.found))
            .unwrap();
        if let scrkit::diagnostic::Location::Docx {
            part_label,
            paragraph: Some(n),
            ..
        } = &d.location
        {
            let row = row_with(&html, &h.found);
            // The CLI's words for the part, opening the cell with a capital.
            assert_eq!(row[1].to_lowercase(), part_label.to_lowercase(), "{row:?}");
            assert!(row[1].starts_with(char::is_uppercase), "{row:?}");
            assert_eq!(row[2], format!("paragraph {n}"), "{row:?}");
        }
    }
    assert!(html.contains("Maisie Thornbury"));
    assert!(html.contains("Not fit for publication"));
    assert!(html.contains(&format!("{} identifying items found", cli.hits.len())));
    let actions = audit_actions(&s);
    assert!(actions.contains(&"document received for checking".to_string()));
    assert_eq!(actions.last().unwrap(), "document check");

    // The review page lists it.
    let review = s.get(&format!("/review/{NAME}"), Some(&cookie)).text();
    assert!(review.contains(&format!("href=\"{at}\"")));
}

#[test]
fn anonymising_offers_the_copy_and_lists_what_it_could_not_rewrite() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let at = upload(&s, &cookie, &csrf, "overview.docx", &overview().build())
        .header("location")
        .unwrap();
    // A forged form does nothing.
    let forged = s.form(&format!("{at}/anonymise"), &cookie, "csrf=00");
    assert_eq!(forged.status, 403);
    assert!(!s.workspace.join(NAME).join("out/anonymised").exists());

    let r = s.form(&format!("{at}/anonymise"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 200, "{}", r.text());
    let html = r.text();
    let href = format!("/review/{NAME}/made/anonymised/overview-anonymised.docx");
    assert!(html.contains(&format!("href=\"{href}\"")), "{html}");
    // The replacements, and the link address it cannot rewrite, with what to do.
    assert!(row_with(&html, "Child A").len() >= 3, "{html}");
    let left = row_with(&html, "kerry.t@mail.example");
    assert_eq!(left[0], "Error", "{left:?}");
    assert!(html.contains("could not be rewritten"));

    let copy = s.get(&href, Some(&cookie));
    assert_eq!(copy.status, 200);
    assert!(
        copy.header("content-disposition")
            .unwrap()
            .contains("overview-anonymised.docx")
    );
    let text = body(&copy.body).join("\n");
    assert!(
        !text.contains("Maisie") && !text.contains("Larkspur"),
        "{text}"
    );
    assert!(text.contains("Child A"), "{text}");
    // The upload is left as it came; the copy is the review's own file, owner-only.
    assert_eq!(
        std::fs::read(s.workspace.join(NAME).join("checks/overview.docx")).unwrap(),
        overview().build()
    );
    let actions = audit_actions(&s);
    assert!(
        actions.contains(&"document anonymised".to_string()),
        "{actions:?}"
    );
    assert_eq!(actions.last().unwrap(), "document downloaded");
    let v = scrkit::audit::verify(&s.workspace.join(NAME).join("audit.jsonl")).unwrap();
    let entry = v
        .entries
        .iter()
        .find(|e| e.action == "document anonymised")
        .unwrap();
    assert_eq!(entry.files.len(), 2);
    assert_eq!(entry.files[1].sha256, scrkit::audit::sha256_hex(&copy.body));
}

#[test]
fn tracked_changes_are_refused_until_accepted() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let d = Docx::new(
        h1("Introduction")
            + "<w:p><w:r><w:t xml:space=\"preserve\">Seen by </w:t></w:r><w:del w:id=\"1\" w:author=\"Editor\"><w:r><w:delText>Kerry Thornbury</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"Editor\"><w:r><w:t>Mother</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> at home.</w:t></w:r></w:p>",
    );
    let at = upload(&s, &cookie, &csrf, "changes.docx", &d.build())
        .header("location")
        .unwrap();
    let check = s.get(&at, Some(&cookie)).text();
    assert!(check.contains("tracked change"), "{check}");

    let r = s.form(&format!("{at}/anonymise"), &cookie, &format!("csrf={csrf}"));
    assert_eq!(r.status, 422);
    let html = r.text();
    let summary = &html[html.find("error-summary").unwrap()..];
    assert!(summary.contains("href=\"#accept-changes\""), "{summary}");
    assert!(summary.contains("tracked"), "{summary}");
    assert!(html.contains("id=\"accept-changes\""));
    assert!(!s.workspace.join(NAME).join("out/anonymised").exists());

    let r = s.form(
        &format!("{at}/anonymise"),
        &cookie,
        &format!("csrf={csrf}&accept_changes=yes"),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    // The insertion and the deletion, each accepted.
    assert!(
        r.text().contains("2 tracked changes accepted first"),
        "{}",
        r.text()
    );
    let copy = std::fs::read(
        s.workspace
            .join(NAME)
            .join("out/anonymised/changes-anonymised.docx"),
    )
    .unwrap();
    let text = body(&copy).join("\n");
    assert!(text.contains("Seen by Mother at home."), "{text}");
}

#[test]
fn hostile_names_other_files_and_oversized_uploads_are_refused() {
    let s = start(true);
    let (cookie, csrf) = s.sign_in();
    let review = s.workspace.join(NAME);

    // Not a Word document: refused on the review page, the field named, nothing kept.
    let r = upload(&s, &cookie, &csrf, "evil.exe", b"MZ");
    assert_eq!(r.status, 422);
    let html = r.text();
    assert!(html.contains("href=\"#check-file\""), "{html}");
    assert!(
        html.contains("only a Word document (.docx) can be checked"),
        "{html}"
    );
    assert!(
        !review.join("checks").exists()
            || std::fs::read_dir(review.join("checks"))
                .unwrap()
                .next()
                .is_none()
    );

    // A path in the name is dropped: the file lands in checks/ under a safe name.
    let r = upload(
        &s,
        &cookie,
        &csrf,
        "../../../etc/Passwd Report.DOCX",
        &overview().build(),
    );
    assert_eq!(r.status, 303, "{}", r.text());
    assert_eq!(
        r.header("location").unwrap(),
        format!("/review/{NAME}/checks/passwd-report.docx")
    );
    let listed: Vec<String> = std::fs::read_dir(review.join("checks"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(listed, ["passwd-report.docx"]);
    // A second upload of the same name never replaces the first.
    let r = upload(&s, &cookie, &csrf, "passwd report.docx", b"PK");
    assert_eq!(
        r.header("location").unwrap(),
        format!("/review/{NAME}/checks/passwd-report-2.docx")
    );
    // A file that is not a readable Word document is a finding, not a crash.
    let broken = s.get(
        &format!("/review/{NAME}/checks/passwd-report-2.docx"),
        Some(&cookie),
    );
    assert_eq!(broken.status, 200);
    assert!(
        broken.text().contains("Not fit for publication"),
        "{}",
        broken.text()
    );

    // Names that are not one of the review's files are never looked up.
    for path in [
        format!("/review/{NAME}/checks/..%2Fcase.json"),
        format!("/review/{NAME}/checks/case.json"),
        format!("/review/{NAME}/made/anonymised/..%2F..%2Fcase.json"),
        format!("/review/{NAME}/made/pack/referral-form.docx"),
        format!("/review/{NAME}/made/draft/report-draft.docx"),
    ] {
        assert_eq!(s.get(&path, Some(&cookie)).status, 404, "{path}");
    }
    // Without the session, nothing.
    assert_eq!(
        s.get(&format!("/review/{NAME}/checks/passwd-report.docx"), None)
            .status,
        401
    );

    // Over the limit: refused before it is read, nothing kept.
    let big = vec![b'x'; scrkit::serve::MAX_BODY_BYTES + 1];
    let r = upload(&s, &cookie, &csrf, "big.docx", &big);
    assert_eq!(r.status, 413);
    assert!(!review.join("checks/big.docx").exists());
}
