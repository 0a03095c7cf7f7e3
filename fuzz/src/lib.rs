//! What the fuzz targets share: turning raw fuzz input into the files scrkit reads.
//!
//! Each target takes its first byte as a mode, so that one corpus explores both whole files
//! (zip structure, parts, limits) and the languages inside them (WordprocessingML, the tag
//! language, chronology cells) without the fuzzer first having to discover how to build a zip.

pub mod grammar;
pub mod oracles;

use std::io::Write;
use zip::write::SimpleFileOptions;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOC_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;

/// A Word package whose body (and header) hold `body`, raw WordprocessingML.
pub fn docx_with_body(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rId7"/></w:sectPr></w:body></w:document>"#
    );
    let header = format!(r#"<w:hdr xmlns:w="{W}">{body}</w:hdr>"#);
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/_rels/document.xml.rels", DOC_RELS),
        ("word/document.xml", document.as_str()),
        ("word/header1.xml", header.as_str()),
    ] {
        if zip.start_file(name, opts).is_err() || zip.write_all(text.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    if zip.finish().is_err() {
        return Vec::new();
    }
    out.into_inner()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn paragraph(text: &str) -> String {
    // `^` splits a paragraph into runs, the way Word splits text it has spell-checked.
    let mut p = String::from("<w:p>");
    for run in text.split('^') {
        p.push_str("<w:r><w:t xml:space=\"preserve\">");
        p.push_str(&escape(run));
        p.push_str("</w:t></w:r>");
    }
    p.push_str("</w:p>");
    p
}

/// WordprocessingML for plain text: each line a paragraph, `^` splitting runs, and a line
/// starting with `|` a table row whose cells are separated by `|` (consecutive rows form
/// one table).
pub fn body_from_text(text: &str) -> String {
    let mut body = String::new();
    let mut in_table = false;
    for line in text.split('\n') {
        if let Some(row) = line.strip_prefix('|') {
            if !in_table {
                body.push_str("<w:tbl>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for cell in row.split('|') {
                body.push_str("<w:tc>");
                body.push_str(&paragraph(cell));
                body.push_str("</w:tc>");
            }
            body.push_str("</w:tr>");
        } else {
            if in_table {
                body.push_str("</w:tbl>");
                in_table = false;
            }
            body.push_str(&paragraph(line));
        }
    }
    if in_table {
        body.push_str("</w:tbl><w:p/>");
    }
    body
}

/// A .docx from fuzz input: `mode` 0 takes the bytes as the package itself, 1 as text lines
/// (see [`body_from_text`]), 2 as raw body XML.
pub fn docx_from(mode: u8, bytes: &[u8]) -> Vec<u8> {
    match mode % 3 {
        0 => bytes.to_vec(),
        1 => docx_with_body(&body_from_text(&String::from_utf8_lossy(bytes))),
        _ => docx_with_body(&String::from_utf8_lossy(bytes)),
    }
}

/// The sample case (fictional), for identifiers and data.
pub fn sample_case() -> scrkit::case::Case {
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real day");
    scrkit::case::from_json_slice(include_bytes!("../../samples/case.json"), day)
        .case
        .expect("the sample case loads")
}

/// The data templates are filled with: the sample case's, and `x` holding a value of every
/// JSON kind (the paths [`grammar::DataPath`] names).
pub fn fill_data() -> serde_json::Value {
    let case = sample_case();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real day");
    let mut v = scrkit::pack::context::case_context(&case, day);
    v["x"] = serde_json::json!({
        "s": "Maisie <&> \"quoted\"\nsecond line\n\nnew paragraph\tand a tab",
        "n": 3, "f": 2.5, "neg": -1, "t": true, "no": false, "nil": null,
        "d": "2016-03-01", "dt": "2016-03-01T14:05:00", "bad_date": "31/02/2016",
        "list": [1, "two", {"name": "three"}, [4], null],
        "items": [{"name": "a", "n": 1, "sub": [{"k": "x"}]}, {"name": "b", "n": 2, "sub": []}],
        "empty": [], "obj": {}, "deep": {"a": {"b": {"c": {"d": "e"}}}}
    });
    v
}
