//! `scr check publication`: every identifier form of the sample case, in every part of a Word
//! document, split across runs or deleted with Track Changes; and a clean report with no false
//! alarm.

mod common;

use common::{Docx, esc, h1, p};
use scrkit::check::{Document, Hit, Identifiers, check_publication};
use scrkit::diagnostic::Location;
use scrkit::docx::Revision;
use std::path::{Path, PathBuf};
use std::process::Command;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json")
}

fn ids() -> Identifiers {
    let loaded = scrkit::case::load(&sample());
    Identifiers::from_case(loaded.case.as_ref().unwrap())
}

fn hits(d: &Docx, ids: &Identifiers) -> Vec<Hit> {
    let doc = Document::from_bytes(d.build()).unwrap();
    let r = check_publication(&doc, Path::new("report.docx"), ids);
    assert!(
        r.diagnostics
            .iter()
            .all(|x| x.message.contains("identifies")),
        "{:#?}",
        r.diagnostics
    );
    r.hits
}

fn label(l: &Location) -> String {
    match l {
        Location::Docx { part_label, .. } => part_label.clone(),
        _ => String::new(),
    }
}

/// Each form, and the identifier it must be reported as.
const FORMS: &[(&str, &str)] = &[
    ("Maisie Thornbury", "the child's full name"),
    ("Maisie", "the child's first name"),
    (
        "Thornbury",
        "the surname of the child, Mother, Sibling 1 and Maternal grandmother",
    ),
    ("Maisie's", "the child's first name"),
    ("Maisie Whitlock", "the child's other name"),
    ("Kerry", "Mother's first name"),
    ("Mr Carver", "Mother's partner's surname"),
    ("Deano", "Father's other name"),
    ("02/03/2013", "the child's date of birth"),
    ("2/3/13", "the child's date of birth"),
    ("2.3.2013", "the child's date of birth"),
    ("2 March 2013", "the child's date of birth"),
    ("2nd March 2013", "the child's date of birth"),
    ("March 2nd 2013", "the child's date of birth"),
    ("14/02/2016", "the child's date of death"),
    ("14th February 2016", "the child's date of death"),
    ("19 July 1992", "Mother's date of birth"),
    ("14 Larkspur Close", "the address of the child, Mother"),
    ("Larkspur Close", "the address of the child, Mother"),
    ("Flat 6, Harbour View", "Father's address"),
    ("NB4 7QT", "the postcode of the child, Mother"),
    ("NB47QT", "the postcode of the child, Mother"),
    ("999 234 5675", "the child's NHS number"),
    ("9992345675", "the child's NHS number"),
    ("QQ 12 34 56 C", "Mother's National Insurance number"),
    ("QQ123456C", "Mother's National Insurance number"),
    ("07700 900 412", "Mother's telephone number"),
    ("07700900412", "Mother's telephone number"),
    ("kerry.t@mail.example", "Mother's e-mail address"),
    ("943 476 5919", "an NHS number (its check digit is valid)"),
    ("M1 1AE", "a postcode"),
    ("0161 496 0000", "a telephone number"),
    ("someone@else.example", "an e-mail address"),
];

/// A document holding `text` in one place, and the label that place is reported with.
fn placed(place: &str, text: &str) -> (Docx, &'static str, Revision) {
    let sentence = format!("We met {text} on Tuesday.");
    let mut d = Docx::new(h1("Introduction") + &p("Child A lived with Mother."));
    let mut rev = Revision::None;
    let label = match place {
        "body" => {
            d.body.push_str(&p(&sentence));
            "document body"
        }
        "header" => {
            d.header = Some(p(&sentence));
            "header of section 1"
        }
        "footer" => {
            d.footer = Some(p(&sentence));
            "footer of section 1"
        }
        "footnote" => {
            d.footnotes = Some(p(&sentence));
            "footnote 1"
        }
        "endnote" => {
            d.endnotes = Some(p(&sentence));
            "endnote 1"
        }
        "comment" => {
            d.comments = vec![("Reviewer".into(), p(&sentence))];
            "comment by Reviewer"
        }
        "text box" => {
            d.body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">See: </w:t></w:r><w:r><w:pict><v:shape xmlns:v=\"urn:schemas-microsoft-com:vml\"><v:textbox><w:txbxContent><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>",
                esc(&sentence)
            ));
            "text box in the document body"
        }
        "insertion" => {
            rev = Revision::Inserted;
            d.body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">Then </w:t></w:r><w:ins w:id=\"5\" w:author=\"Author\"><w:r><w:t>{}</w:t></w:r></w:ins></w:p>",
                esc(&sentence)
            ));
            "document body"
        }
        "deletion" => {
            rev = Revision::Deleted;
            d.body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">Then </w:t></w:r><w:del w:id=\"5\" w:author=\"Author\"><w:r><w:delText>{}</w:delText></w:r></w:del><w:ins w:id=\"6\" w:author=\"Author\"><w:r><w:t>Child A was seen.</w:t></w:r></w:ins></w:p>",
                esc(&sentence)
            ));
            "document body"
        }
        "title" => {
            d.title = Some(sentence);
            "document title property"
        }
        "author" => {
            d.creator = Some(text.to_string());
            "document author property"
        }
        "subject" => {
            d.core_extra = format!("<dc:subject>{}</dc:subject>", esc(&sentence));
            "document subject property"
        }
        "keywords" => {
            d.core_extra = format!("<cp:keywords>SCR; {}</cp:keywords>", esc(text));
            "document keywords property"
        }
        "custom property" => {
            d.custom_property = Some(("Family".into(), sentence));
            "custom property \"Family\""
        }
        other => panic!("{other}"),
    };
    (d, label, rev)
}

const PLACES: &[&str] = &[
    "body",
    "header",
    "footer",
    "footnote",
    "endnote",
    "comment",
    "text box",
    "insertion",
    "deletion",
    "title",
    "author",
    "subject",
    "keywords",
    "custom property",
];

#[test]
fn every_identifier_form_is_found_in_every_part() {
    let ids = ids();
    let mut failures = Vec::new();
    for place in PLACES {
        for (form, source) in FORMS {
            let (d, want_label, want_rev) = placed(place, form);
            let hs = hits(&d, &ids);
            let ok = hs.len() == 1
                && hs[0].found == *form
                && hs[0].identifier.contains(source)
                && label(&hs[0].location) == want_label
                && hs[0].revision == want_rev;
            if !ok {
                failures.push(format!(
                    "{place} / {form}: {:?}",
                    hs.iter()
                        .map(|h| (
                            h.found.clone(),
                            h.identifier.clone(),
                            label(&h.location),
                            h.revision
                        ))
                        .collect::<Vec<_>>()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn identifiers_split_across_runs_are_found_whole() {
    let ids = ids();
    let body = concat!(
        // A name split by Word's spelling mark and a bookmark, with formatting changes.
        "<w:p><w:r><w:t xml:space=\"preserve\">Seen: Mai</w:t></w:r><w:proofErr w:type=\"spellStart\"/>",
        "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">sie Thorn</w:t></w:r><w:bookmarkStart w:id=\"1\" w:name=\"x\"/>",
        "<w:r><w:rPr><w:i/></w:rPr><w:t>bury</w:t></w:r><w:bookmarkEnd w:id=\"1\"/><w:r><w:t>, at home.</w:t></w:r></w:p>",
        // A date with a superscript ordinal.
        "<w:p><w:r><w:t>Born 2</w:t></w:r><w:r><w:rPr><w:vertAlign w:val=\"superscript\"/></w:rPr><w:t>nd</w:t></w:r><w:r><w:t xml:space=\"preserve\"> March 2013.</w:t></w:r></w:p>",
        // A number split in the middle, and a name across a line break.
        "<w:p><w:r><w:t>NHS 999 23</w:t></w:r><w:r><w:t>4 5675 and Kerry</w:t><w:br/><w:t>Thornbury</w:t></w:r></w:p>",
        // Half a name deleted and replaced: the deleted half joins the text around it.
        "<w:p><w:r><w:t>Lived with Ty</w:t></w:r><w:del w:id=\"3\" w:author=\"A\"><w:r><w:delText>ler</w:delText></w:r></w:del><w:ins w:id=\"4\" w:author=\"A\"><w:r><w:t>[removed]</w:t></w:r></w:ins></w:p>",
    );
    let hs = hits(&Docx::new(body), &ids);
    let found: Vec<(&str, Revision, Option<usize>)> = hs
        .iter()
        .map(|h| {
            let para = match &h.location {
                Location::Docx { paragraph, .. } => *paragraph,
                _ => None,
            };
            (h.found.as_str(), h.revision, para)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("Maisie Thornbury", Revision::None, Some(1)),
            ("2nd March 2013", Revision::None, Some(2)),
            ("999 234 5675", Revision::None, Some(3)),
            ("Kerry\nThornbury", Revision::None, Some(3)),
            ("Tyler", Revision::Deleted, Some(4)),
        ]
    );
    assert!(
        hs[4]
            .to_diagnostic()
            .to_string()
            .contains("deleted with Track Changes")
    );
}

#[test]
fn hidden_places_are_searched_too() {
    let ids = ids();
    let mut d = Docx::new(
        p("Introduction")
            + "<w:p><w:r><w:drawing><wp:inline><wp:docPr id=\"1\" name=\"Picture 1\" descr=\"Photo of Maisie at nursery\"/></wp:inline></w:drawing></w:r></w:p>"
            + "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> HYPERLINK \"mailto:kerry.t@mail.example\" </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>e-mail</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
            + "<w:p><w:hyperlink r:id=\"rIdLink\"><w:r><w:t>link</w:t></w:r></w:hyperlink></w:p>",
    );
    d.comments = vec![("Kerry Thornbury".into(), p("I agree."))];
    d.rels_extra = r#"<Relationship Id="rIdLink" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:kerry.t@mail.example" TargetMode="External"/>"#.into();
    d.extra_parts = vec![(
        "customXml/item1.xml".into(),
        "<?xml version=\"1.0\"?><case><child>Maisie Thornbury</child><ref>SCR-2016-03</ref></case>"
            .into(),
    )];
    let hs = hits(&d, &ids);
    let got: Vec<(String, String)> = hs
        .iter()
        .map(|h| (label(&h.location), h.found.clone()))
        .collect();
    let want = [
        (
            "alternative text of a picture in the document body",
            "Maisie",
        ),
        ("field code in the document body", "kerry.t@mail.example"),
        ("author of a comment in the comments", "Kerry Thornbury"),
        ("custom XML data (customXml/item1.xml)", "Maisie Thornbury"),
        (
            "address of a link (word/_rels/document.xml.rels)",
            "kerry.t@mail.example",
        ),
    ];
    for (l, f) in want {
        assert!(
            got.contains(&(l.to_string(), f.to_string())),
            "{l} / {f} not in {got:#?}"
        );
    }
    assert_eq!(got.len(), want.len(), "{got:#?}");
}

/// A report as it should be: pseudonyms, professionals, the board's own contact details,
/// dates of other events, and words that contain a surname or first name.
fn clean_report() -> Docx {
    let body = [
        h1("Serious Case Review: Child A"),
        h1("1. Introduction"),
        p("This review by the Northbrook Local Safeguarding Children Board (Northbrook LSCB) concerns Child A, who died in February 2016 aged two."),
        p("Child A lived with Mother, Mother's partner and Sibling 1. Father lived in another town; the Maternal grandmother helped."),
        p("The review covered 1 March 2015 to 14 February 2015 and was initiated on 21/03/2016 under Working Together 2015."),
        h1("2. Process and methodology"),
        p("The Learning Together model was used. The independent chair was Dr Helen Marchetti; the author Simon Achterberg."),
        p("Agencies: Northbrook Police, the GP practice, the school, Northbrook Homes."),
        p("A Section 47 enquiry was held; NHS 111 was called at 02:10; 0.5 FTE health visitors covered 1,234 families."),
        p("Staff from Leeds and Deanery training, a carvery lunch, Kerrygold butter and the Tylers Road office were mentioned by practitioners: none are the family."),
        p("The mother's partner (Mother's partner) was arrested. Child A's half-brother, Sibling 1, attended school."),
        h1("3. Contact"),
        p("Ruth Okonkwo-Hale, LSCB Business Manager, 01632 960 101, ruth.okonkwo-hale@northbrook-lscb.example; lscb.reviews@northbrook-lscb.example; Business Office, Civic Centre, High Street, Northbrook NB1 1AA."),
        p("Paragraph 3.2.13 refers to section 2.3 of the guidance; see pages 2-3, 13."),
    ]
    .concat();
    let mut d = Docx::new(body);
    d.header = Some(p("OFFICIAL-SENSITIVE  SCR-2016-03  Child A"));
    d.footer = Some(p("Northbrook LSCB, page 1 of 12"));
    d.footnotes = Some(p(
        "Working Together to Safeguard Children (2015), chapter 4.",
    ));
    d.endnotes = Some(p("Glossary: CAIT, Child Abuse Investigation Team."));
    d.comments = vec![(
        "Simon Achterberg".into(),
        p("Panel agreed this wording on 20 July 2016."),
    )];
    d.title = Some("Serious Case Review: Child A".into());
    d.creator = Some("Northbrook LSCB".into());
    d.core_extra =
        "<dc:subject>SCR-2016-03</dc:subject><cp:keywords>SCR; Child A</cp:keywords>".into();
    d.custom_property = Some(("ScrKind".into(), "final_report".into()));
    d
}

#[test]
fn a_clean_report_raises_no_false_alarm() {
    let hs = hits(&clean_report(), &ids());
    assert!(
        hs.is_empty(),
        "{:#?}",
        hs.iter()
            .map(|h| (label(&h.location), h.found.clone(), h.identifier.clone()))
            .collect::<Vec<_>>()
    );
}

#[test]
fn extra_terms_from_a_list_are_searched() {
    let (extra, problems) = Identifiers::from_terms(
        "# schools and streets\nAshgrove Primary\n\nX\nSt Anne\u{2019}s Church\n",
        "extra.txt",
    );
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].to_string().contains("line 4"));
    let d = Docx::new(p(
        "She attended ashgrove primary school and St Anne's church; Ashgroves is elsewhere.",
    ));
    let hs = hits(&d, &extra);
    let found: Vec<(&str, &str)> = hs
        .iter()
        .map(|h| (h.found.as_str(), h.identifier.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("ashgrove primary", "line 2 of extra.txt"),
            ("St Anne's church", "line 5 of extra.txt")
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
fn the_command_exits_1_on_any_hit_and_0_on_a_clean_document() {
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("report.docx");
    std::fs::write(&clean, clean_report().build()).unwrap();
    let case = sample();
    let (code, out) = scr(&[
        "check",
        "publication",
        clean.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("nothing identifying found"), "{out}");

    let (d, _, _) = placed("comment", "Maisie's");
    let dirty = dir.path().join("draft.docx");
    std::fs::write(&dirty, d.build()).unwrap();
    let (code, out) = scr(&[
        "check",
        "publication",
        dirty.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "comment by Reviewer, paragraph 1: \"Maisie's\" identifies: the child's first name"
        ),
        "{out}"
    );
    assert!(out.contains("write \"Child A\" instead"), "{out}");

    let list = dir.path().join("extra.txt");
    std::fs::write(&list, "Civic Centre\n").unwrap();
    let (code, out) = scr(&[
        "check",
        "publication",
        clean.to_str().unwrap(),
        "--identifiers",
        list.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let hits = v["documents"][0]["hits"].as_array().unwrap();
    // Without the case, the board's own contact details are not known to be harmless.
    let found: Vec<&str> = hits.iter().map(|h| h["found"].as_str().unwrap()).collect();
    assert!(found.contains(&"Civic Centre"), "{found:?}");
    assert!(found.contains(&"NB1 1AA"), "{found:?}");
    assert_eq!(hits[0]["location"]["part_label"], "document body");

    let (code, out) = scr(&["check", "publication", clean.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}");
}
