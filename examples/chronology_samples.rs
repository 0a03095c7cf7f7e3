//! Writes the fictional agency returns in `samples/returns/` for the sample case.
//!
//! Run `cargo run --example chronology_samples` to regenerate them; the test
//! `tests/chronology_samples.rs` checks the committed files match what this writes. Every
//! person and event is invented, and entries use the case's pseudonyms, never names.
//!
//! The set shows the formats agencies really send: two returns made from scrkit's workbook
//! (police, children's social care), a health visiting workbook of the service's own layout
//! (title rows, its own headers, an extra column), a hospital CSV saved by Excel (UTF-8 with a
//! byte order mark, CRLF), and a school's legacy Word table. The same events are told by
//! several agencies (the domestic incident of 16 April 2015, the school's referral of
//! 12 October 2015, the admission of 12 February 2016), there is a quiet summer, and the GP
//! and housing returns have not arrived.

use chrono::{NaiveDate, NaiveTime};
use rust_xlsxwriter::{Format, Workbook};
use scrkit::case::Case;
use scrkit::chronology::{Entry, EntryDate, workbook};
use std::io::Write;
use std::path::Path;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").expect("sample dates are valid")
}

fn time(s: &str) -> Option<NaiveTime> {
    (!s.is_empty()).then(|| NaiveTime::parse_from_str(s, "%H:%M").expect("sample times are valid"))
}

/// One sample entry: date, time, role, subject, event, outcome.
fn entry(d: &str, t: &str, role: &str, subject: &str, event: &str, outcome: &str) -> Entry {
    Entry {
        date: EntryDate::exact(date(d)),
        time: time(t),
        end_date: None,
        reference: String::new(),
        agency: String::new(),
        source: String::new(),
        practitioner_role: role.into(),
        subject: subject.into(),
        event: event.into(),
        outcome: outcome.into(),
        comment: String::new(),
        extra: Vec::new(),
        row: 0,
    }
}

fn police() -> Vec<Entry> {
    let mut v = vec![
        entry(
            "16/04/2015",
            "08:30",
            "Response officer",
            "Mother; Mother's partner",
            "Officers attended the family home after a 999 call from a neighbour reporting shouting. Mother had a cut lip. Child A and Sibling 1 were present.",
            "Mother's partner arrested for assault on Mother and bailed not to attend the address. Domestic abuse notification sent to Children's Social Care.",
        ),
        entry(
            "28/04/2015",
            "",
            "Investigating officer",
            "Mother",
            "Mother withdrew her statement about the assault of 16 April.",
            "No further action on the assault. Bail conditions ended.",
        ),
        entry(
            "19/12/2015",
            "22:10",
            "Response officer",
            "Mother; Mother's partner",
            "Neighbour reported a loud argument at the family home. Officers attended; Mother said it had been a verbal argument only. Children asleep upstairs.",
            "Risk assessment graded standard. Domestic abuse notification sent to Children's Social Care.",
        ),
        entry(
            "12/02/2016",
            "14:20",
            "Response officer",
            "Child A; Mother's partner",
            "Ambulance service asked police to attend: Child A unresponsive with a head injury at the family home, in the care of Mother's partner.",
            "Scene secured. Mother's partner arrested on suspicion of causing grievous bodily harm. Police informed Children's Social Care.",
        ),
    ];
    for (i, e) in v.iter_mut().enumerate() {
        e.reference = format!("NP-{:03}", i + 1);
        e.source = "Niche RMS".into();
    }
    v
}

fn csc() -> Vec<Entry> {
    let mut v = vec![
        entry(
            "16/04/2015",
            "",
            "Duty social worker",
            "Child A; Sibling 1",
            "Domestic abuse notification from police: Mother's partner arrested for assault on Mother at the family home; Child A and Sibling 1 present.",
            "Referral accepted; child and family assessment started.",
        ),
        entry(
            "21/04/2015",
            "",
            "Social worker",
            "Mother; Child A; Sibling 1",
            "Home visit. Mother said the relationship with Mother's partner had ended. Both children seen.",
            "Assessment continues.",
        ),
        entry(
            "02/06/2015",
            "",
            "Social worker",
            "Family",
            "Child and family assessment completed: needs identified around domestic abuse and home conditions.",
            "Child in need plan agreed with Mother.",
        ),
        entry(
            "30/06/2015",
            "",
            "Social worker",
            "Family",
            "Child in need review meeting with health visitor and school.",
            "Plan continued; Mother to attend a domestic abuse programme.",
        ),
        entry(
            "12/10/2015",
            "",
            "Social worker",
            "Sibling 1; Mother's partner",
            "Referral from Ashgrove Primary School: Sibling 1 told his teacher there is a lot of shouting at home and that Mother's partner hit Mother.",
            "Added to the open child in need case; social worker to visit.",
        ),
        entry(
            "09/11/2015",
            "",
            "Social worker",
            "Child A",
            "Notification from the hospital of Child A's emergency department attendance on 8 November with a bruised forearm.",
            "Recorded on file; to be discussed at the next child in need review.",
        ),
        entry(
            "21/12/2015",
            "",
            "Team manager",
            "Mother; Mother's partner",
            "Domestic abuse notification from police about a verbal argument on 19 December.",
            "No further action beyond the child in need plan.",
        ),
        entry(
            "12/02/2016",
            "",
            "Emergency duty team social worker",
            "Child A; Sibling 1",
            "Police informed the emergency duty team that Child A was unresponsive with a head injury at the family home and that Mother's partner was arrested.",
            "Strategy discussion held; Sibling 1 placed with Maternal grandmother.",
        ),
    ];
    for (i, e) in v.iter_mut().enumerate() {
        e.reference = format!("{}", 101 + i);
        e.source = "Liquidlogic case record".into();
    }
    v
}

/// A health visiting return in the service's own layout: title rows, its own headers.
fn health_visiting_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("HV chronology").expect("valid name");
    let bold = Format::new().set_bold();
    let day = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(0, 0, "Northbrook Community Health: 0-19 Services", &bold)
        .expect("write");
    ws.write_string(1, 0, "Chronology for review SCR-2016-03 (Child A)")
        .expect("write");
    let headers = [
        "Date of contact",
        "Time",
        "Practitioner",
        "Who",
        "Details of contact",
        "Outcome",
        "Agency name",
        "Venue",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)
            .expect("write");
    }
    let rows: [(&str, &str, &str, &str, &str, &str, &str); 5] = [
        (
            "24/03/2015",
            "10:00",
            "Health visitor",
            "Child A; Mother",
            "Two-year review at home: Child A's development on track. Home cluttered.",
            "Universal service continues.",
            "Home",
        ),
        (
            "May 2015",
            "",
            "Health visitor",
            "Mother",
            "Mother phoned to cancel a planned visit.",
            "Visit rearranged.",
            "Telephone",
        ),
        (
            "18/06/2015",
            "14:00",
            "Health visitor",
            "Child A; Mother",
            "Home visit: poor home conditions; Child A had severe nappy rash.",
            "Moved to universal plus; advice given; GP appointment advised.",
            "Home",
        ),
        (
            "10/11/2015",
            "",
            "Health visitor",
            "Child A; Mother",
            "Emergency department notification received; phoned Mother, who said Child A fell from the sofa.",
            "Home visit booked.",
            "Telephone",
        ),
        (
            "24/11/2015",
            "11:30",
            "Health visitor",
            "Child A; Mother's partner",
            "Home visit: Child A's bruise healing. Mother's partner present and answered for Mother.",
            "Concern about Mother's partner's presence shared with the social worker.",
            "Home",
        ),
    ];
    for (i, r) in rows.iter().enumerate() {
        let row = 4 + i as u32;
        match NaiveDate::parse_from_str(r.0, "%d/%m/%Y") {
            Ok(d) => ws
                .write_datetime_with_format(row, 0, d, &day)
                .expect("write"),
            Err(_) => ws.write_string(row, 0, r.0).expect("write"),
        };
        let cells = [r.1, r.2, r.3, r.4, r.5, "Health Visiting", r.6];
        for (c, v) in cells.iter().enumerate() {
            if !v.is_empty() {
                ws.write_string(row, c as u16 + 1, *v).expect("write");
            }
        }
    }
    ws.set_column_width(4, 60).expect("width");
    let mut props = rust_xlsxwriter::DocProperties::new();
    props = props.set_creation_datetime(
        &rust_xlsxwriter::ExcelDateTime::from_ymd(2016, 4, 20).expect("date"),
    );
    wb.set_properties(&props);
    wb.save_to_buffer().expect("the workbook builds")
}

/// A hospital return saved by Excel as "CSV UTF-8": byte order mark, CRLF line ends.
fn hospital_csv() -> Vec<u8> {
    let rows = [
        "Date,Time,Agency,Source,Practitioner role,Subject,Event,Action taken / outcome",
        "08/11/2015,19:45,Northbrook General Hospital NHS Trust,ED record,Emergency department nurse,Child A; Mother,\"Child A brought to the emergency department by Mother with a bruised left forearm; Mother said she fell from the sofa.\",\"X-ray clear; discharged. Notification sent to Children's Social Care and the health visitor.\"",
        "12/02/2016,14:05,Northbrook General Hospital NHS Trust,ED record,Emergency department consultant,Child A,\"Child A brought by ambulance unresponsive with a head injury; police present at the family home.\",\"Transferred to paediatric intensive care; child protection medical requested.\"",
        "14/02/2016,,Northbrook General Hospital NHS Trust,PICU record,Paediatric consultant,Child A,Child A died in paediatric intensive care.,Police and Children's Social Care informed; Child Death Overview Panel notified.",
    ];
    let mut out = vec![0xEF, 0xBB, 0xBF];
    for r in rows {
        out.extend_from_slice(r.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A school's legacy return: a table in a Word document.
fn school_docx() -> Vec<u8> {
    let cell = |t: &str| {
        format!(
            "<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
            xml_escape(t)
        )
    };
    let row = |cells: &[&str], header: bool| {
        let props = if header {
            "<w:trPr><w:tblHeader/></w:trPr>"
        } else {
            ""
        };
        format!(
            "<w:tr>{props}{}</w:tr>",
            cells.iter().map(|c| cell(c)).collect::<String>()
        )
    };
    let rows = [
        row(
            &[
                "Date",
                "Agency",
                "Staff role",
                "Pupil / family member",
                "Details",
                "Action taken",
            ],
            true,
        ),
        row(
            &[
                "07/09/2015",
                "Ashgrove Primary School",
                "Nursery teacher",
                "Child A",
                "Child A started nursery, mornings only.",
                "Settling-in plan shared with Mother.",
            ],
            false,
        ),
        row(
            &[
                "c. 28/09/2015",
                "Ashgrove Primary School",
                "Attendance officer",
                "Sibling 1",
                "Sibling 1's attendance had fallen to 84% this term.",
                "Letter to Mother; attendance to be reviewed in four weeks.",
            ],
            false,
        ),
        row(
            &[
                "12/10/2015",
                "Ashgrove Primary School",
                "Designated safeguarding lead",
                "Sibling 1",
                "Sibling 1 told his teacher there is a lot of shouting at home and that Mother's partner hit Mother.",
                "Referral made to Children's Social Care the same day.",
            ],
            false,
        ),
        row(
            &[
                "20/01/2016",
                "Ashgrove Primary School",
                "Nursery teacher",
                "Child A",
                "Child A absent from nursery for five days; Mother said she had a cold.",
                "Absence recorded as illness.",
            ],
            false,
        ),
    ];
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Ashgrove Primary School and Nursery: chronology for the serious case review</w:t></w:r></w:p><w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>{}</w:tbl><w:p/><w:sectPr><w:pgSz w:w="16838" w:h="11906" w:orient="landscape"/></w:sectPr></w:body></w:document>"#,
        rows.concat()
    );
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default();
        let parts: [(&str, &str); 3] = [
            (
                "[Content_Types].xml",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
            ),
            (
                "_rels/.rels",
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
            ),
            ("word/document.xml", &document),
        ];
        for (name, text) in parts {
            z.start_file(name, o).expect("zip entry");
            z.write_all(text.as_bytes()).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// Every sample return: (file name, bytes).
pub(crate) fn returns(case: &Case) -> Vec<(&'static str, Vec<u8>)> {
    vec![
        (
            "police.xlsx",
            workbook::filled(case, "police", &police()).expect("the police workbook builds"),
        ),
        (
            "csc.xlsx",
            workbook::filled(case, "csc", &csc()).expect("the CSC workbook builds"),
        ),
        ("health-visiting.xlsx", health_visiting_xlsx()),
        ("hospital.csv", hospital_csv()),
        ("school.docx", school_docx()),
    ]
}

/// The sample case.
pub(crate) fn sample_case(root: &Path) -> Case {
    scrkit::case::load(&root.join("samples/case.json"))
        .case
        .expect("the sample case loads")
}

#[allow(dead_code)]
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let case = sample_case(root);
    let dir = scrkit::output::OutputDir::create(
        &root.join("samples/returns"),
        scrkit::output::WritePolicy::new(true, []),
    )
    .expect("samples/returns can be created");
    for (name, bytes) in returns(&case) {
        let p = dir.write(Path::new(name), &bytes).expect("sample written");
        println!("wrote {}", p.display());
    }
}
