//! Builds small Word packages the way Word leaves them, and reads documents back.
#![allow(dead_code)]

use scrkit::docx::{Package, Tree, story_parts};
use scrkit::output::{OutputDir, WritePolicy, safe_file_name};
use std::io::{Cursor, Write};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use zip::write::SimpleFileOptions;

pub(crate) const NS: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="w14""#;

/// A package under construction.
#[derive(Default)]
pub(crate) struct Docx {
    pub body: String,
    pub header: Option<String>,
    pub footer: Option<String>,
    pub footnotes: Option<String>,
    pub title: Option<String>,
    pub custom_property: Option<(String, String)>,
    /// The text of endnote 1 (paragraphs).
    pub endnotes: Option<String>,
    /// Comments: (author, paragraphs), given ids 0, 1, 2...
    pub comments: Vec<(String, String)>,
    /// The author property (`dc:creator`); "scrkit tests" when not given.
    pub creator: Option<String>,
    /// More core property elements, e.g. `<dc:subject>…</dc:subject>`.
    pub core_extra: String,
    /// More paragraph styles inside `w:styles`.
    pub styles_extra: String,
    /// More parts, not related to anything: (name, content).
    pub extra_parts: Vec<(String, String)>,
    /// More relationships of the main document, e.g. external hyperlinks.
    pub rels_extra: String,
}

/// A paragraph with plain runs.
pub(crate) fn p(text: &str) -> String {
    format!(
        "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A heading paragraph.
pub(crate) fn h1(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
        esc(text)
    )
}

/// A table with one cell per string; rows given as slices.
pub(crate) fn table(rows: &[&[&str]]) -> String {
    let mut s =
        String::from("<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>");
    for _ in 0..rows.first().map(|r| r.len()).unwrap_or(0) {
        s.push_str("<w:gridCol w:w=\"2000\"/>");
    }
    s.push_str("</w:tblGrid>");
    for r in rows {
        s.push_str("<w:tr>");
        for c in *r {
            s.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"2000\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
                p(c)
            ));
        }
        s.push_str("</w:tr>");
    }
    s.push_str("</w:tbl>");
    s
}

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

impl Docx {
    pub(crate) fn new(body: impl Into<String>) -> Docx {
        Docx {
            body: body.into(),
            ..Default::default()
        }
    }

    pub(crate) fn build(&self) -> Vec<u8> {
        let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let o = SimpleFileOptions::default();
        let mut put = |name: &str, data: &str| {
            z.start_file(name, o).unwrap();
            z.write_all(data.as_bytes()).unwrap();
        };
        let mut overrides = String::new();
        let mut rels = String::from(
            r#"<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#,
        );
        let mut sect = String::new();
        if let Some(h) = &self.header {
            overrides.push_str(r#"<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdH1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>"#);
            sect.push_str(r#"<w:headerReference w:type="default" r:id="rIdH1"/>"#);
            put(
                "word/header1.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {NS}>{h}</w:hdr>"#
                ),
            );
        }
        if let Some(f) = &self.footer {
            overrides.push_str(r#"<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdF1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>"#);
            sect.push_str(r#"<w:footerReference w:type="default" r:id="rIdF1"/>"#);
            put(
                "word/footer1.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NS}>{f}</w:ftr>"#
                ),
            );
        }
        if let Some(f) = &self.footnotes {
            overrides.push_str(r#"<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>"#);
            put(
                "word/footnotes.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes {NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1">{f}</w:footnote></w:footnotes>"#
                ),
            );
        }
        if let Some(e) = &self.endnotes {
            overrides.push_str(r#"<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdEn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes" Target="endnotes.xml"/>"#);
            put(
                "word/endnotes.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:endnotes {NS}><w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:endnote><w:endnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:endnote><w:endnote w:id="1">{e}</w:endnote></w:endnotes>"#
                ),
            );
        }
        if !self.comments.is_empty() {
            overrides.push_str(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#);
            rels.push_str(r#"<Relationship Id="rIdCm" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>"#);
            let mut c = String::new();
            for (i, (author, paras)) in self.comments.iter().enumerate() {
                c.push_str(&format!(
                    r#"<w:comment w:id="{i}" w:author="{}" w:date="2016-05-01T10:00:00Z" w:initials="R">{paras}</w:comment>"#,
                    esc(author)
                ));
            }
            put(
                "word/comments.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments {NS}>{c}</w:comments>"#
                ),
            );
        }
        rels.push_str(&self.rels_extra);
        for (name, content) in &self.extra_parts {
            put(name, content);
        }
        let title = self.title.clone().unwrap_or_else(|| "Template".into());
        put(
            "docProps/core.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>{}</dc:creator>{}</cp:coreProperties>"#,
                esc(&title),
                esc(self.creator.as_deref().unwrap_or("scrkit tests")),
                self.core_extra
            ),
        );
        let mut custom_ct = String::new();
        let mut custom_rel = String::new();
        if let Some((k, v)) = &self.custom_property {
            custom_ct = r#"<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/>"#.into();
            custom_rel = r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/>"#.into();
            put(
                "docProps/custom.xml",
                &format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="2" name="{}"><vt:lpwstr>{}</vt:lpwstr></property></Properties>"#,
                    esc(k),
                    esc(v)
                ),
            );
        }
        put(
            "[Content_Types].xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>{overrides}{custom_ct}</Types>"#
            ),
        );
        put(
            "_rels/.rels",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>{custom_rel}</Relationships>"#
            ),
        );
        put(
            "word/_rels/document.xml.rels",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
            ),
        );
        put(
            "word/styles.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>{}</w:styles>"#,
                self.styles_extra
            ),
        );
        put(
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{}<w:sectPr>{sect}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#,
                self.body
            ),
        );
        z.finish().unwrap().into_inner()
    }
}

/// The text of every paragraph of a part: runs joined, tabs as \t, breaks as \n.
pub(crate) fn paragraphs(docx: &[u8], part: &str) -> Vec<String> {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    let text = pkg.read_text(part).unwrap();
    let tree =
        Tree::parse(&text).unwrap_or_else(|e| panic!("{part} is not well formed: {e:?}\n{text}"));
    let mut out = Vec::new();
    for n in tree.descendants(0) {
        if !tree.is(n, "w:p") {
            continue;
        }
        let mut s = String::new();
        for d in tree.descendants(n) {
            match tree.name(d) {
                "w:t" => s.push_str(&tree.text_content(d)),
                "w:tab" => s.push('\t'),
                "w:br" => s.push('\n'),
                _ => {}
            }
        }
        out.push(s);
    }
    out
}

/// The body's paragraphs.
pub(crate) fn body(docx: &[u8]) -> Vec<String> {
    paragraphs(docx, "word/document.xml")
}

/// Asserts what every rendered document must be: each story part well formed, no tag left,
/// drawing and bookmark ids unique.
pub(crate) fn assert_sound(docx: &[u8]) {
    let pkg = Package::from_bytes(docx.to_vec()).unwrap();
    let mut doc_pr = std::collections::HashSet::new();
    for part in pkg.part_names().map(str::to_string).collect::<Vec<_>>() {
        if !part.ends_with(".xml") && !part.ends_with(".rels") {
            continue;
        }
        let text = pkg.read_text(&part).unwrap();
        let tree = Tree::parse(&text)
            .unwrap_or_else(|e| panic!("{part} is not well formed: {e:?}\n{text}"));
        let _ = &tree;
        let mut bookmarks = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for n in tree.descendants(0) {
            if tree.is(n, "wp:docPr") {
                let id = tree.attr(n, "id").unwrap();
                assert!(
                    doc_pr.insert(id.clone()),
                    "drawing id {id} repeated in {part}"
                );
            }
            if tree.is(n, "w:bookmarkStart") {
                let id = tree.attr(n, "w:id").unwrap();
                assert!(
                    bookmarks.insert(id.clone()),
                    "bookmark id {id} repeated in {part}"
                );
                let name = tree.attr(n, "w:name").unwrap();
                assert!(
                    names.insert(name.clone()),
                    "bookmark name {name} repeated in {part}"
                );
                assert!(name.chars().count() <= 40, "bookmark name too long: {name}");
            }
        }
    }
    for part in story_parts(&pkg) {
        let text = pkg.read_text(&part.name).unwrap();
        let tree = Tree::parse(&text).unwrap();
        let visible = tree.text_content(0);
        assert!(
            !visible.contains("{{"),
            "a tag is left in {}: {visible}",
            part.label
        );
    }
}

/// The environment variable naming a folder where [`keep`] leaves each template and its output,
/// so that `scripts/interop` can check them with LibreOffice and openxml-audit.
pub(crate) const KEEP_ENV: &str = "SCRKIT_KEEP_OUTPUTS";

/// Leaves a template and the document rendered from it in the folder named by [`KEEP_ENV`],
/// when it is set, as `<test>-<n>.template.docx` and `<test>-<n>.docx`. Does nothing otherwise.
pub(crate) fn keep(template: &[u8], output: &[u8]) {
    static SEQ: AtomicUsize = AtomicUsize::new(0);
    let Some(dir) = std::env::var_os(KEEP_ENV) else {
        return;
    };
    let thread = std::thread::current();
    let test = thread
        .name()
        .unwrap_or("test")
        .rsplit("::")
        .next()
        .unwrap_or("test");
    let n = SEQ.fetch_add(1, Ordering::Relaxed);
    let stem = format!("{}-{n}", safe_file_name(test));
    let out = OutputDir::create(Path::new(&dir), WritePolicy::new(true, []))
        .unwrap_or_else(|e| panic!("{KEEP_ENV}: {e}"));
    out.write(Path::new(&format!("{stem}.template.docx")), template)
        .unwrap_or_else(|e| panic!("{KEEP_ENV}: {e}"));
    out.write(Path::new(&format!("{stem}.docx")), output)
        .unwrap_or_else(|e| panic!("{KEEP_ENV}: {e}"));
}

/// A file of the samples folder, e.g. `sample("case.json")`, `sample("rapid-review/case.json")`.
pub(crate) fn sample(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// A case file that must load without a single diagnostic, as of 25 November 2026 (the day the
/// samples' deadlines are pinned to).
pub(crate) fn clean_case(path: &Path) -> scrkit::case::Case {
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let loaded = scrkit::case::load_as_of(path, today);
    assert!(
        loaded.diagnostics.is_empty(),
        "{}: {:#?}",
        path.display(),
        loaded.diagnostics
    );
    loaded.case.expect("a case")
}
