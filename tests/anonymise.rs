//! `scr anonymise`: identifiers replaced by pseudonyms in every part, formatting kept,
//! properties cleared, tracked changes refused or accepted, the result checked.

mod common;

use common::{Docx, body, esc, h1, p, paragraphs};
use scrkit::anonymise::{Options, anonymise};
use scrkit::case::Case;
use scrkit::check::{Document, Identifiers, check_publication};
use scrkit::docx::Package;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json")
}

fn case() -> Case {
    scrkit::case::load(&sample()).case.unwrap()
}

fn run(d: &Docx, accept: bool) -> scrkit::anonymise::Anonymised {
    anonymise(
        d.build(),
        Path::new("draft.docx"),
        &case(),
        Options {
            accept_changes: accept,
        },
    )
    .unwrap_or_else(|e| panic!("{e:#?}"))
}

fn part(bytes: &[u8], name: &str) -> String {
    Package::from_bytes(bytes.to_vec())
        .unwrap()
        .read_text(name)
        .unwrap()
}

fn draft() -> Docx {
    let body = [
        h1("Summary of the case"),
        // Split across runs, with the second run in bold: the name goes into the first run.
        "<w:p><w:r><w:t xml:space=\"preserve\">Mai</w:t></w:r><w:proofErr w:type=\"spellStart\"/><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">sie Thornbury's mother, Kerry, lived at </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>14 Larkspur Close, Eastfield, Northbrook NB4 7QT</w:t></w:r><w:r><w:t>.</w:t></w:r></w:p>".to_string(),
        p("Maisie was born on 2nd March 2013 and died on 14/02/2016. NHS number 999 234 5675."),
        p("Mr Carver (07700 900 877) and Ms Thornbury were interviewed; Deano was not."),
        p("Child A and Sibling 1 attended nursery; the Leeds team and the Deanery were consulted."),
        "<w:p><w:r><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox><w:txbxContent><w:p><w:r><w:t>Tyler Thornbury, aged six</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>".to_string(),
        "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"Maisie at nursery\"/></wp:inline></w:drawing></w:r></w:p>".to_string(),
        "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> MERGEFIELD Kerry_Thornbury </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>".to_string(),
    ]
    .concat();
    let mut d = Docx::new(body);
    d.header = Some(p("OFFICIAL-SENSITIVE: Maisie Thornbury"));
    d.footer = Some(p("Born 02/03/2013"));
    d.footnotes = Some(p("Kerry's account, given at NB4 7QT."));
    d.endnotes = Some(p("E-mail kerry.t@mail.example."));
    d.comments = vec![("Kerry Thornbury".into(), p("Maisie's nursery: check."))];
    d.title = Some("Review: Maisie Thornbury".into());
    d.creator = Some("Simon Achterberg".into());
    d.core_extra =
        "<cp:lastModifiedBy>Ruth Okonkwo-Hale</cp:lastModifiedBy><dc:subject>Maisie</dc:subject>"
            .into();
    d.custom_property = Some(("Family".into(), "Thornbury".into()));
    d.extra_parts = vec![(
        "customXml/item1.xml".into(),
        "<?xml version=\"1.0\"?><case><child>Maisie Thornbury</child></case>".into(),
    )];
    d
}

#[test]
fn every_identifier_in_every_part_is_replaced_and_formatting_is_kept() {
    let done = run(&draft(), false);
    assert!(done.residue.is_clean(), "{:#?}", done.residue.hits);
    let out = &done.bytes;
    assert_eq!(
        body(out),
        [
            "Summary of the case",
            "Child A's mother, Mother, lived at [address].",
            "Child A was born on [date of birth] and died on [date of death]. NHS number [NHS number].",
            "Mother's partner ([telephone number]) and [family name] were interviewed; Father was not.",
            "Child A and Sibling 1 attended nursery; the Leeds team and the Deanery were consulted.",
            "Sibling 1, aged six", // the paragraph holding the text box
            "Sibling 1, aged six",
            "",
            "",
        ]
    );
    let xml = part(out, "word/document.xml");
    // The name went into the first run (plain); the bold run kept the rest of its text.
    assert!(
        xml.contains("<w:r><w:t xml:space=\"preserve\">Child A</w:t></w:r>"),
        "{xml}"
    );
    assert!(
        xml.contains("<w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">&apos;s mother, Mother, lived at </w:t>"),
        "{xml}"
    );
    assert!(
        xml.contains("<w:rPr><w:i/></w:rPr><w:t xml:space=\"preserve\">[address]</w:t>"),
        "{xml}"
    );
    assert!(xml.contains("descr=\"Child A at nursery\""), "{xml}");
    assert!(xml.contains("MERGEFIELD Mother_[family name]"), "{xml}");
    assert_eq!(
        paragraphs(out, "word/header1.xml"),
        ["OFFICIAL-SENSITIVE: Child A"]
    );
    assert_eq!(
        paragraphs(out, "word/footer1.xml"),
        ["Born [date of birth]"]
    );
    assert_eq!(
        paragraphs(out, "word/footnotes.xml")[2],
        "Mother's account, given at [address]."
    );
    assert_eq!(
        paragraphs(out, "word/endnotes.xml")[2],
        "E-mail [e-mail address]."
    );
    assert_eq!(
        paragraphs(out, "word/comments.xml"),
        ["Child A's nursery: check."]
    );
    assert!(part(out, "word/comments.xml").contains("w:author=\"Mother\""));
    let core = part(out, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Review: Child A</dc:title>"),
        "{core}"
    );
    assert!(core.contains("<dc:creator></dc:creator>"), "{core}");
    assert!(
        core.contains("<cp:lastModifiedBy></cp:lastModifiedBy>"),
        "{core}"
    );
    assert!(core.contains("<dc:subject>Child A</dc:subject>"), "{core}");
    assert!(part(out, "docProps/custom.xml").contains("<vt:lpwstr>[family name]</vt:lpwstr>"));
    assert!(part(out, "customXml/item1.xml").contains("<child>Child A</child>"));
    assert_eq!(
        done.cleared,
        [
            "document author property",
            "document last modified by property"
        ]
    );
    // Parts with nothing to replace are copied as they were.
    assert_eq!(
        part(out, "word/styles.xml"),
        part(&draft().build(), "word/styles.xml")
    );
    // The counts add up: one per replacement.
    let total: usize = done.replaced.iter().map(|r| r.count).sum();
    assert_eq!(total, 26, "{:#?}", done.replaced);
    let surname = done
        .replaced
        .iter()
        .filter(|r| r.identifier.starts_with("the surname of the child"))
        .collect::<Vec<_>>();
    assert_eq!(surname.len(), 1, "{surname:#?}");
    assert_eq!(
        (surname[0].count, surname[0].replacement.as_str()),
        (3, "[family name]")
    );
    // And the result passes the check on its own.
    let doc = Document::from_bytes(out.clone()).unwrap();
    let r = check_publication(
        &doc,
        Path::new("out.docx"),
        &Identifiers::from_case(&case()),
    );
    assert!(r.is_clean(), "{:#?}", r.hits);
}

fn tracked() -> Docx {
    Docx::new(
        h1("Summary").to_string()
            + "<w:p><w:r><w:t xml:space=\"preserve\">Seen by </w:t></w:r><w:del w:id=\"1\" w:author=\"Editor\"><w:r><w:delText>Kerry Thornbury</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"Editor\"><w:r><w:t>Mother</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> at home.</w:t></w:r></w:p>"
            + "<w:p><w:pPr><w:rPr><w:del w:id=\"3\" w:author=\"Editor\"/></w:rPr></w:pPr><w:r><w:t xml:space=\"preserve\">Joined </w:t></w:r></w:p>"
            + &p("to the next paragraph about Maisie."),
    )
}

#[test]
fn tracked_changes_are_refused_with_where_they_are_or_accepted() {
    let err = anonymise(
        tracked().build(),
        Path::new("draft.docx"),
        &case(),
        Options::default(),
    )
    .unwrap_err();
    let msgs: Vec<String> = err.iter().map(|d| d.to_string()).collect();
    assert_eq!(msgs.len(), 2, "{msgs:#?}");
    assert!(
        msgs[0].contains("document body, paragraph 2 (under \"Summary\"): tracked changes: inserted \"Mother\", deleted \"Kerry Thornbury\""),
        "{msgs:#?}"
    );
    assert!(msgs[0].contains("--accept-changes"));
    assert!(msgs[1].contains("paragraph 3"), "{msgs:#?}");

    let done = run(&tracked(), true);
    assert_eq!(done.accepted_changes, 3);
    assert!(done.residue.is_clean(), "{:#?}", done.residue.hits);
    assert_eq!(
        body(&done.bytes),
        [
            "Summary",
            "Seen by Mother at home.",
            "Joined to the next paragraph about Child A."
        ]
    );
    let xml = part(&done.bytes, "word/document.xml");
    assert!(
        !xml.contains("w:del") && !xml.contains("w:ins") && !xml.contains("Kerry"),
        "{xml}"
    );
}

#[test]
fn what_cannot_be_replaced_is_reported() {
    let mut d = Docx::new(
        p("Another child's NHS number 943 476 5919 was recorded.")
            + "<w:p><w:hyperlink r:id=\"rIdLink\"><w:r><w:t>write to her</w:t></w:r></w:hyperlink></w:p>",
    );
    d.rels_extra = r#"<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:kerry.t@mail.example" TargetMode="External"/>"#.into();
    let done = run(&d, false);
    let left: Vec<(String, String)> = done
        .residue
        .hits
        .iter()
        .map(|h| (h.found.clone(), h.identifier.clone()))
        .collect();
    assert_eq!(
        left,
        [
            (
                "943 476 5919".to_string(),
                "an NHS number (its check digit is valid)".to_string()
            ),
            (
                "kerry.t@mail.example".to_string(),
                "Mother's e-mail address".to_string()
            ),
        ]
    );
}

#[test]
fn a_document_filled_with_real_names_by_the_template_engine_comes_out_clean() {
    let template = Docx::new(
        h1("The child and family")
            + &p(
                "{{child.first_name}} {{child.last_name}}, born {{date child.date_of_birth}}, of {{join child.address.lines \", \"}}, {{child.address.postcode}}.",
            )
            + &p("{{#each family}}")
            + &p(
                "{{first_name}} {{last_name}} ({{relationship}}), born {{date date_of_birth \"%d/%m/%Y\"}}.",
            )
            + &p("{{/each}}"),
    );
    let compiled = scrkit::template::compile_bytes(template.build(), "t.docx");
    assert!(
        compiled.diagnostics.is_empty(),
        "{:#?}",
        compiled.diagnostics
    );
    let data = serde_json::to_value(case()).unwrap();
    let filled = compiled.template.unwrap().render(&data).unwrap();
    let doc = Document::from_bytes(filled.clone()).unwrap();
    let before = check_publication(
        &doc,
        Path::new("filled.docx"),
        &Identifiers::from_case(&case()),
    );
    // The child's name, date of birth and address (whole, postcode included); each family
    // member's name and date of birth.
    assert_eq!(before.hits.len(), 13, "{:#?}", before.hits);
    let done = anonymise(
        filled,
        Path::new("filled.docx"),
        &case(),
        Options::default(),
    )
    .unwrap();
    assert!(done.residue.is_clean(), "{:#?}", done.residue.hits);
    assert_eq!(
        body(&done.bytes),
        [
            "The child and family",
            "Child A, born [date of birth], of [address].",
            "Mother (Mother), born [date of birth].",
            "Mother's partner (Mother's partner), born [date of birth].",
            "Sibling 1 (Half-brother), born [date of birth].",
            "Father (Father), born [date of birth].",
            "Maternal grandmother (Maternal grandmother), born [date of birth].",
        ]
    );
}

fn scr(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn the_command_writes_safely_and_checks_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("draft.docx");
    std::fs::write(&input, draft().build()).unwrap();
    let out = dir.path().join("report.docx");
    let case = sample();
    let args = |o: &Path| {
        vec![
            "anonymise".to_string(),
            input.display().to_string(),
            "--case".into(),
            case.display().to_string(),
            "-o".into(),
            o.display().to_string(),
        ]
    };
    let a = args(&out);
    let (code, text) = scr(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{text}");
    assert!(text.contains("the child's full name -> Child A"), "{text}");
    assert!(
        text.contains("checked: nothing identifying is left"),
        "{text}"
    );
    assert!(body(&std::fs::read(&out).unwrap())[1].starts_with("Child A's mother"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&out).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    // Not over an existing file without --force, never over the input.
    let (code, text) = scr(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("--force"), "{text}");
    let mut over_input = args(&input);
    over_input.push("--force".into());
    let (code, text) = scr(&over_input.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("is an input"), "{text}");

    // Tracked changes: refused, nothing written; accepted on request.
    std::fs::write(&input, tracked().build()).unwrap();
    let out2 = dir.path().join("tracked.docx");
    let a = args(&out2);
    let (code, text) = scr(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 1, "{text}");
    assert!(text.contains("nothing was written"), "{text}");
    assert!(!out2.exists());
    let mut a = args(&out2);
    a.push("--accept-changes".into());
    a.push("--json".into());
    let (code, text) = scr(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(code, 0, "{text}");
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["ok"], true);
    assert_eq!(v["result"]["accepted_changes"], 3);
    let _ = esc("");
}
