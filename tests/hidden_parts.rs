//! `scr check publication` searches or refuses every part of a package (issue #19, defect 2):
//! text Word merges in on opening (altChunk: HTML, RTF, a web archive, plain text), plain text
//! parts, image text chunks and metadata, documents and workbooks embedded (recursively, up to
//! three deep), the names of parts and the zip's comments; binary OLE objects and macros are
//! refused with their place unless allowed; a package with two entries of one name is refused
//! as damaged; and the report ends with what was searched and what was refused.

mod common;

use common::{Docx, p};
use scrkit::check::{
    Document, Identifiers, PublicationOptions, PublicationReport, check_publication_with,
};
use scrkit::diagnostic::Location;
use std::io::{Cursor, Read, Write};
use std::path::Path;
use std::process::Command;
use zip::write::SimpleFileOptions;

fn ids() -> Identifiers {
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    Identifiers::from_case(scrkit::case::load(&case).case.as_ref().unwrap()).with_generic(true)
}

/// A package's entries with `extra` added (and an optional zip comment).
fn with_parts(package: &[u8], extra: &[(&str, Vec<u8>)], comment: Option<&str>) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        z.start_file(f.name().unwrap().to_string(), SimpleFileOptions::default())
            .unwrap();
        z.write_all(&data).unwrap();
    }
    for (name, data) in extra {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(data).unwrap();
    }
    if let Some(c) = comment {
        z.set_comment(c).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fn clean() -> Docx {
    Docx::new(p("Child A lived with Mother."))
}

fn report(bytes: Vec<u8>, allow_embedded: bool) -> PublicationReport {
    let doc = Document::from_bytes(bytes).unwrap();
    check_publication_with(
        &doc,
        Path::new("report.docx"),
        &ids(),
        PublicationOptions { allow_embedded },
    )
}

fn places(r: &PublicationReport) -> Vec<(String, String, String)> {
    r.hits
        .iter()
        .map(|h| match &h.location {
            Location::Docx {
                part, part_label, ..
            } => (part.clone(), part_label.clone(), h.found.clone()),
            other => (String::new(), other.to_string(), h.found.clone()),
        })
        .collect()
}

fn assert_found(r: &PublicationReport, part: &str, label_has: &str, found: &str) {
    let got = places(r);
    assert!(
        got.iter()
            .any(|(p, l, f)| p == part && l.contains(label_has) && f == found),
        "{part} / {label_has} / {found} not in {got:#?}\n{:#?}",
        r.diagnostics
    );
}

const AFCHUNK: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk";

fn alt_chunk(name: &str, content: &[u8]) -> Vec<u8> {
    let mut d = Docx::new(p("Child A lived with Mother.") + "<w:altChunk r:id=\"rIdAlt\"/>");
    d.rels_extra = format!(
        r#"<Relationship Id="rIdAlt" Type="{AFCHUNK}" Target="{}"/>"#,
        name.trim_start_matches("word/")
    );
    with_parts(&d.build(), &[(name, content.to_vec())], None)
}

#[test]
fn text_word_merges_in_on_opening_is_searched_in_every_form() {
    let html = alt_chunk(
        "word/afchunk.htm",
        b"<html><body><p>Mai<b>sie</b> lived at 14 Larkspur Close</p></body></html>",
    );
    let r = report(html, false);
    assert_found(&r, "word/afchunk.htm", "altChunk", "Maisie");
    assert_found(&r, "word/afchunk.htm", "altChunk", "14 Larkspur Close");
    assert_eq!(r.searched.merged_on_opening, 1);

    let rtf = alt_chunk(
        "word/afchunk.rtf",
        br"{\rtf1\ansi\f0 Mother is Kerry Thorn\'62ury\par}",
    );
    assert_found(
        &report(rtf, false),
        "word/afchunk.rtf",
        "RTF",
        "Kerry Thornbury",
    );

    let mht = alt_chunk(
        "word/afchunk.mht",
        b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<p>born 02/03/20=\r\n13</p>\r\n--b--\r\n",
    );
    assert_found(
        &report(mht, false),
        "word/afchunk.mht",
        "altChunk",
        "02/03/2013",
    );

    let text = alt_chunk("word/afchunk.txt", "NHS 999 234 5675".as_bytes());
    assert_found(
        &report(text, false),
        "word/afchunk.txt",
        "altChunk",
        "999 234 5675",
    );
}

#[test]
fn plain_text_parts_part_names_and_zip_comments_are_searched() {
    let bytes = with_parts(
        &clean().build(),
        &[
            ("customXml/notes.txt", b"Maisie Thornbury, NB4 7QT".to_vec()),
            ("word/media/Kerry%20Thornbury.png", png(&[])),
        ],
        Some("sent by Kerry"),
    );
    let r = report(bytes, false);
    assert_found(&r, "customXml/notes.txt", "a text part", "Maisie Thornbury");
    assert_found(&r, "customXml/notes.txt", "a text part", "NB4 7QT");
    assert_found(
        &r,
        "word/media/Kerry%20Thornbury.png",
        "the name of the part",
        "Kerry Thornbury",
    );
    assert_found(&r, "", "the zip comment of the file", "Kerry");
}

fn png_chunk(kind: &[u8], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    c.extend_from_slice(&[0x12, 0x34, 0x56, 0x78]);
    c
}

fn png(text_chunks: &[(&[u8], &[u8])]) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n".to_vec();
    b.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]));
    for (k, d) in text_chunks {
        b.extend(png_chunk(k, d));
    }
    b.extend(png_chunk(b"IDAT", &[0x78, 0x9c, 0x63, 0, 0, 0, 1, 0, 1]));
    b.extend(png_chunk(b"IEND", b""));
    b
}

#[test]
fn text_in_images_is_searched() {
    let z = flate2_free_zlib(b"Deano");
    let ztxt = [b"Comment\0\0".as_slice(), &z].concat();
    let itxt = [
        b"Title\0\0\0en\0\0".as_slice(),
        "Maisie\u{2019}s party".as_bytes(),
    ]
    .concat();
    let picture = png(&[
        (b"tEXt", b"Author\0Kerry Thornbury"),
        (b"zTXt", &ztxt),
        (b"iTXt", &itxt),
    ]);
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xFE, 0, 17];
    jpeg.extend_from_slice(b"Maisie Whitlock");
    let xmp =
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:creator>Lee Carver</dc:creator></x:xmpmeta>";
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&((xmp.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(xmp);
    let exif = b"Exif\0\0MM\0*\0\0\0\x08Artist\0Kerry\0";
    jpeg.extend_from_slice(&[0xFF, 0xE1]);
    jpeg.extend_from_slice(&((exif.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(exif);
    jpeg.extend_from_slice(&[0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
    let bytes = with_parts(
        &clean().build(),
        &[
            ("word/media/image1.png", picture),
            ("word/media/image2.jpeg", jpeg),
        ],
        None,
    );
    let r = report(bytes, false);
    assert_found(
        &r,
        "word/media/image1.png",
        "PNG text chunk 'Author'",
        "Kerry Thornbury",
    );
    assert_found(
        &r,
        "word/media/image1.png",
        "PNG text chunk 'Comment'",
        "Deano",
    );
    assert_found(
        &r,
        "word/media/image1.png",
        "PNG text chunk 'Title'",
        "Maisie\u{2019}s",
    );
    assert_found(
        &r,
        "word/media/image2.jpeg",
        "JPEG comment",
        "Maisie Whitlock",
    );
    assert_found(&r, "word/media/image2.jpeg", "XMP metadata", "Lee Carver");
    assert_found(
        &r,
        "word/media/image2.jpeg",
        "text stored in the image",
        "Kerry",
    );
    // Each text once: the raw bytes do not report again what a chunk showed.
    let kerry_in_png = places(&r)
        .iter()
        .filter(|(p, _, f)| p == "word/media/image1.png" && f.contains("Kerry"))
        .count();
    assert_eq!(kerry_in_png, 1, "{:#?}", places(&r));
    assert_eq!(r.searched.images, 2);
}

/// zlib data with stored (uncompressed) blocks, so that the test does not need a compressor.
fn flate2_free_zlib(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&(data.len() as u16).to_le_bytes());
    out.extend_from_slice(&(!(data.len() as u16)).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in data {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

fn workbook(shared: &str) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for (name, data) in [
        ("[Content_Types].xml", "<Types/>".to_string()),
        ("xl/workbook.xml", "<workbook/>".to_string()),
        ("xl/sharedStrings.xml", shared.to_string()),
    ] {
        z.start_file(name, SimpleFileOptions::default()).unwrap();
        z.write_all(data.as_bytes()).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

#[test]
fn embedded_documents_and_workbooks_are_opened_and_searched() {
    let inner = Docx::new(p("Kerry Thornbury was interviewed.")).build();
    let book = workbook("<sst><si><r><t>Mai</t></r><r><t>sie</t></r></si></sst>");
    let bytes = with_parts(
        &clean().build(),
        &[
            ("word/embeddings/Microsoft_Word_Document.docx", inner),
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", book),
        ],
        None,
    );
    let r = report(bytes, false);
    assert_found(
        &r,
        "word/embeddings/Microsoft_Word_Document.docx/word/document.xml",
        "document body, in the embedded file word/embeddings/Microsoft_Word_Document.docx",
        "Kerry Thornbury",
    );
    assert_found(
        &r,
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx/xl/sharedStrings.xml",
        "text of a workbook's cells",
        "Maisie",
    );
    assert_eq!(r.searched.embedded_packages, 2);

    // Three levels are opened; the fourth is refused with its place.
    let mut nested = Docx::new(p("Deano")).build();
    for _ in 0..3 {
        nested = with_parts(
            &clean().build(),
            &[("word/embeddings/inner.docx", nested)],
            None,
        );
    }
    let r = report(
        with_parts(
            &clean().build(),
            &[("word/embeddings/inner.docx", nested.clone())],
            None,
        ),
        false,
    );
    assert!(r.hits.is_empty(), "{:#?}", places(&r));
    let refused: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        refused
            .iter()
            .any(|d| d.contains("embedded more than 3 deep")),
        "{refused:#?}"
    );
    let r = report(nested, false);
    assert_found(
        &r,
        "word/embeddings/inner.docx/word/embeddings/inner.docx/word/embeddings/inner.docx/word/document.xml",
        "document body",
        "Deano",
    );
}

fn ole(text: &str) -> Vec<u8> {
    let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    b.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
    b.extend_from_slice(&[0, 0, 1, 2]);
    b
}

#[test]
fn binary_objects_and_macros_are_refused_unless_allowed() {
    let bytes = with_parts(
        &clean().build(),
        &[
            ("word/embeddings/oleObject1.bin", ole("Lee Carver")),
            ("word/vbaProject.bin", ole("Sub AutoOpen()")),
        ],
        None,
    );
    let r = report(bytes.clone(), false);
    assert!(r.hits.is_empty());
    assert!(!r.is_clean());
    let messages: Vec<String> = r.diagnostics.iter().map(|d| d.to_string()).collect();
    assert!(
        messages.iter().any(|m| m.contains(
            "the part word/embeddings/oleObject1.bin: the document holds a binary object (OLE)"
        )),
        "{messages:#?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the part word/vbaProject.bin: the document holds macros")),
        "{messages:#?}"
    );
    assert_eq!(r.searched.refused.len(), 2);

    let r = report(bytes, true);
    assert_found(
        &r,
        "word/embeddings/oleObject1.bin",
        "text stored in a binary object",
        "Lee Carver",
    );
    assert!(r.searched.refused.is_empty());
    assert_eq!(r.searched.allowed.len(), 2);
}

#[test]
fn ordinary_binary_parts_raise_no_false_alarm() {
    // A picture, a font and printer settings, as Word leaves them, with nothing of the case.
    let mut font = vec![0u8, 1, 0, 0];
    font.extend(
        "Calibri Regular"
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes()),
    );
    let printer = "HP LaserJet 02/03"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let bytes = with_parts(
        &clean().build(),
        &[
            (
                "word/media/image1.png",
                png(&[(b"tEXt", b"Software\0Microsoft Office")]),
            ),
            ("word/fonts/font1.odttf", font),
            ("word/printerSettings/printerSettings1.bin", printer),
        ],
        None,
    );
    let r = report(bytes, false);
    assert!(r.is_clean(), "{:#?}", r.diagnostics);
    assert_eq!(r.searched.images, 1);
    assert_eq!(r.searched.binary, 2);
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
fn the_report_says_what_was_searched_and_refused() {
    let dir = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    let doc = dir.path().join("report.docx");
    std::fs::write(
        &doc,
        with_parts(
            &clean().build(),
            &[("word/embeddings/oleObject1.bin", ole("nothing"))],
            None,
        ),
    )
    .unwrap();
    let args = [
        "check",
        "publication",
        doc.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
    ];
    let (code, out) = scr(&args);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("1 part(s) could not be searched: not fit for publication"),
        "{out}"
    );
    assert!(out.contains("searched: every part ("), "{out}");
    assert!(
        out.contains("refused: word/embeddings/oleObject1.bin (a binary object (OLE))"),
        "{out}"
    );
    let (code, out) = scr(&[&args[..], &["--allow-embedded"]].concat());
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("allowed (strings only): word/embeddings/oleObject1.bin"),
        "{out}"
    );
}

#[test]
fn a_package_with_two_entries_of_one_name_is_refused_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    // The first word/document.xml names the child; the last, which scrkit's zip reader would
    // use, is clean: what is checked must be what every program reads.
    let clean_bytes = clean().build();
    let dirty = Docx::new(p("Maisie Thornbury")).build();
    let mut src = zip::ZipArchive::new(Cursor::new(&dirty[..])).unwrap();
    let mut first = String::new();
    src.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut first)
        .unwrap();
    let doubled = with_parts(
        &clean_bytes,
        &[("word/document.xmX", first.into_bytes())],
        None,
    );
    let doubled = replace_all(&doubled, b"word/document.xmX", b"word/document.xml");
    let doc = dir.path().join("twice.docx");
    std::fs::write(&doc, doubled).unwrap();
    let c = case.to_str().unwrap();
    let d = doc.to_str().unwrap();
    let out_docx = dir.path().join("out.docx");
    for args in [
        vec!["check", "publication", d, "--case", c],
        vec!["check", d],
        vec![
            "anonymise",
            d,
            "--case",
            c,
            "-o",
            out_docx.to_str().unwrap(),
        ],
        vec!["template", "inspect", d],
    ] {
        let (code, out) = scr(&args);
        assert_ne!(code, 0, "{args:?}: {out}");
        assert!(
            out.contains("two entries with the same name"),
            "{args:?}: {out}"
        );
    }
    assert!(!out_docx.exists());
}

fn replace_all(bytes: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = bytes.to_vec();
    let mut i = 0;
    while i + from.len() <= out.len() {
        if &out[i..i + from.len()] == from {
            out[i..i + from.len()].copy_from_slice(to);
        }
        i += 1;
    }
    out
}

/// One document with identifiers in every hidden part anonymising can rewrite.
fn hidden_everywhere() -> Vec<u8> {
    let mut d = Docx::new(
        p("Child A lived with Mother.")
            + "<w:altChunk r:id=\"rIdAlt1\"/><w:altChunk r:id=\"rIdAlt2\"/>"
            + "<w:altChunk r:id=\"rIdAlt3\"/><w:altChunk r:id=\"rIdAlt4\"/>",
    );
    d.rels_extra = [
        ("rIdAlt1", "afchunk.htm"),
        ("rIdAlt2", "afchunk.txt"),
        ("rIdAlt3", "afchunk.rtf"),
        ("rIdAlt4", "afchunk.mht"),
    ]
    .iter()
    .map(|(id, t)| format!(r#"<Relationship Id="{id}" Type="{AFCHUNK}" Target="{t}"/>"#))
    .collect();
    let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xFE, 0, 17];
    jpeg.extend_from_slice(b"Maisie Whitlock");
    jpeg.extend_from_slice(&[0xFF, 0xDB, 0, 3, 9, 0xFF, 0xDA, 0, 2, 0xFF, 0xD9]);
    with_parts(
        &d.build(),
        &[
            (
                "word/afchunk.htm",
                "<html><head><title>Kerry Thornbury</title></head><body><p title=\"Deano\">Mai<b>sie</b> lived with Thorn&#98;ury &amp; friends at 14 Larkspur Close</p><!-- Lee Carver --></body></html>"
                    .as_bytes()
                    .to_vec(),
            ),
            ("word/afchunk.txt", b"Notes on Maisie Thornbury".to_vec()),
            (
                "word/afchunk.rtf",
                br"{\rtf1\ansi\f0 Mother is Kerry Thornbury\par}".to_vec(),
            ),
            (
                "word/afchunk.mht",
                b"MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Deano was there</p>\r\n".to_vec(),
            ),
            ("customXml/notes.txt", b"Maisie Thornbury, NB4 7QT".to_vec()),
            (
                "word/media/image1.png",
                png(&[(b"tEXt", b"Author\0Kerry Thornbury")]),
            ),
            ("word/media/image2.jpeg", jpeg),
            (
                "word/embeddings/Microsoft_Word_Document.docx",
                Docx::new(p("Kerry Thornbury was interviewed.")).build(),
            ),
            (
                "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
                workbook("<sst><si><r><t>Mai</t></r><r><t>sie</t></r></si></sst>"),
            ),
        ],
        None,
    )
}

fn anonymised(bytes: Vec<u8>) -> scrkit::anonymise::Anonymised {
    scrkit::anonymise::anonymise_with(
        bytes,
        Path::new("report.docx"),
        &ids(),
        scrkit::anonymise::Options::default(),
    )
    .unwrap()
}

#[test]
fn what_the_check_finds_in_hidden_parts_anonymise_replaces() {
    let bytes = hidden_everywhere();
    let before = report(bytes.clone(), false);
    let found: Vec<(String, String, String)> = places(&before)
        .into_iter()
        .filter(|(part, _, _)| part != "word/document.xml")
        .collect();
    // Every kind of hidden part holds one of the case's identifiers.
    for part in [
        "word/afchunk.htm",
        "word/afchunk.txt",
        "word/afchunk.rtf",
        "word/afchunk.mht",
        "customXml/notes.txt",
        "word/media/image1.png",
        "word/media/image2.jpeg",
        "word/embeddings/Microsoft_Word_Document.docx/word/document.xml",
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx/xl/sharedStrings.xml",
    ] {
        assert!(
            found.iter().any(|(p, _, _)| p == part),
            "{part} not in {found:#?}"
        );
    }
    assert!(found.len() >= 15, "{found:#?}");
    let done = anonymised(bytes);
    assert!(done.residue.is_clean(), "{:#?}", done.residue.diagnostics);
    // Checked afresh, as `scr check publication` would: nothing of the case is left.
    let after = report(done.bytes.clone(), false);
    let left: Vec<_> = after.hits.iter().filter(|h| h.kind.is_some()).collect();
    assert!(left.is_empty(), "{left:#?}");
    // The web page still reads, the identifiers in their places.
    let mut zip = zip::ZipArchive::new(Cursor::new(&done.bytes[..])).unwrap();
    let mut html = String::new();
    zip.by_name("word/afchunk.htm")
        .unwrap()
        .read_to_string(&mut html)
        .unwrap();
    assert_eq!(
        html,
        "<html><head><title>Mother</title></head><body><p title=\"Father\">Child A<b></b> lived \
         with [family name] &amp; friends at [address]</p><!-- Mother's partner --></body></html>"
    );
    assert!(!html.contains("Thorn&#98;ury"), "{html}");
    // The pictures keep their pixels; only their text is gone.
    let mut png_out = Vec::new();
    zip.by_name("word/media/image1.png")
        .unwrap()
        .read_to_end(&mut png_out)
        .unwrap();
    assert_eq!(
        png_out,
        png(&[]),
        "the PNG without its text chunk, byte for byte"
    );
    // The embedded files were rewritten, and still open.
    let mut inner = Vec::new();
    zip.by_name("word/embeddings/Microsoft_Word_Document.docx")
        .unwrap()
        .read_to_end(&mut inner)
        .unwrap();
    let inner = Document::from_bytes(inner).unwrap();
    assert!(
        inner.parts[0]
            .tree
            .text_content(0)
            .contains("was interviewed")
    );
    // Counted with the rest.
    let total: usize = done.replaced.iter().map(|r| r.count).sum();
    assert!(total >= found.len() - 2, "{:#?}", done.replaced);
}

#[test]
fn what_anonymise_cannot_rewrite_it_reports_with_what_to_do_and_never_calls_clean() {
    // An identifier split by an RTF escape, a picture's file name and a binary object.
    let d = {
        let mut d = Docx::new(p("Child A.") + "<w:altChunk r:id=\"rIdAlt\"/>");
        d.rels_extra =
            format!(r#"<Relationship Id="rIdAlt" Type="{AFCHUNK}" Target="afchunk.rtf"/>"#);
        d
    };
    let bytes = with_parts(
        &d.build(),
        &[
            (
                "word/afchunk.rtf",
                br"{\rtf1\ansi\f0 Mother is Kerry Thorn\'62ury\par}".to_vec(),
            ),
            ("word/media/Kerry%20Thornbury.png", png(&[])),
            ("word/embeddings/oleObject1.bin", ole("Lee Carver")),
        ],
        None,
    );
    let done = anonymised(bytes.clone());
    assert!(!done.residue.is_clean());
    let messages: Vec<String> = done
        .residue
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    let has = |part: &str, help: &str| {
        assert!(
            messages
                .iter()
                .any(|m| m.contains(part) && m.contains(help)),
            "{part} / {help} not in {messages:#?}"
        );
    };
    has("afchunk.rtf", "open the document in Word and save it");
    has(
        "the name of the part word/media/Kerry%20Thornbury.png",
        "from a file with another name",
    );
    has("word/embeddings/oleObject1.bin", "delete the object");
    assert!(
        !messages
            .iter()
            .any(|m| m.contains("run `scr anonymise`\n") || m.ends_with("or run `scr anonymise`")),
        "{messages:#?}"
    );
    // The command says so, and exits 1.
    let dir = tempfile::tempdir().unwrap();
    let case = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/case.json");
    let input = dir.path().join("report.docx");
    std::fs::write(&input, bytes).unwrap();
    let output = dir.path().join("out.docx");
    let (code, out) = scr(&[
        "anonymise",
        input.to_str().unwrap(),
        "--case",
        case.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{out}");
    assert!(!out.contains("nothing identifying is left"), "{out}");
    assert!(out.contains("3 item(s) could not be replaced"), "{out}");
}
