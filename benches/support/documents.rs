//! The benchmark documents, written once for each engine compared: a request-for-information
//! letter (three pages, about forty tags, header and footer, two paragraph loops, a row loop, a
//! conditional row, an inline condition) and a chronology table with a row loop of any length.
//!
//! The three dialects say the same thing in each engine's tag language (scrkit's handlebars,
//! docxtpl's Jinja with `{%p %}`/`{%tr %}`, docxtemplater's `{#x}...{/x}`), around the same
//! Word XML, so that every engine does the same work. The data is fictional, drawn from the
//! sample case (Northbrook LSCB, Child A).
#![allow(dead_code)]

use serde_json::{Value, json};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

/// An engine's tag language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// scrkit: handlebars.
    Scrkit,
    /// docxtpl: Jinja, with `{%p %}` and `{%tr %}` for paragraph and row blocks.
    Docxtpl,
    /// docxtemplater: `{x}`, `{#x}...{/x}` sections, `{^x}` inverted sections.
    Docxtemplater,
}

impl Dialect {
    /// Every dialect, with the file-name word for each.
    pub(crate) const ALL: [(Dialect, &'static str); 3] = [
        (Dialect::Scrkit, "scrkit"),
        (Dialect::Docxtpl, "docxtpl"),
        (Dialect::Docxtemplater, "docxtemplater"),
    ];

    /// A value at the top level of the data.
    fn v(self, path: &str) -> String {
        match self {
            Dialect::Scrkit => format!("{{{{{path}}}}}"),
            Dialect::Docxtpl => format!("{{{{ {path} }}}}"),
            Dialect::Docxtemplater => format!("{{{path}}}"),
        }
    }

    /// A field of the current item of the loop over `list`, with `var` its Jinja name.
    fn item(self, var: &str, field: &str) -> String {
        match self {
            Dialect::Scrkit if field.is_empty() => "{{this}}".into(),
            Dialect::Scrkit => format!("{{{{{field}}}}}"),
            Dialect::Docxtpl if field.is_empty() => format!("{{{{ {var} }}}}"),
            Dialect::Docxtpl => format!("{{{{ {var}.{field} }}}}"),
            Dialect::Docxtemplater if field.is_empty() => "{.}".into(),
            Dialect::Docxtemplater => format!("{{{field}}}"),
        }
    }

    /// The paragraph that opens a loop of whole paragraphs.
    fn each_open(self, var: &str, list: &str) -> String {
        match self {
            Dialect::Scrkit => format!("{{{{#each {list}}}}}"),
            Dialect::Docxtpl => format!("{{%p for {var} in {list} %}}"),
            Dialect::Docxtemplater => format!("{{#{list}}}"),
        }
    }

    fn each_close(self, list: &str) -> String {
        match self {
            Dialect::Scrkit => "{{/each}}".into(),
            Dialect::Docxtpl => "{%p endfor %}".into(),
            Dialect::Docxtemplater => format!("{{/{list}}}"),
        }
    }

    fn if_open(self, cond: &str) -> String {
        match self {
            Dialect::Scrkit => format!("{{{{#if {cond}}}}}"),
            Dialect::Docxtpl => format!("{{%p if {cond} %}}"),
            Dialect::Docxtemplater => format!("{{#{cond}}}"),
        }
    }

    fn if_close(self, cond: &str) -> String {
        match self {
            Dialect::Scrkit => "{{/if}}".into(),
            Dialect::Docxtpl => "{%p endif %}".into(),
            Dialect::Docxtemplater => format!("{{/{cond}}}"),
        }
    }

    /// An inline choice between two texts.
    fn if_else(self, cond: &str, yes: &str, no: &str) -> String {
        match self {
            Dialect::Scrkit => format!("{{{{#if {cond}}}}}{yes}{{{{else}}}}{no}{{{{/if}}}}"),
            Dialect::Docxtpl => format!("{{% if {cond} %}}{yes}{{% else %}}{no}{{% endif %}}"),
            Dialect::Docxtemplater => {
                format!("{{#{cond}}}{yes}{{/{cond}}}{{^{cond}}}{no}{{/{cond}}}")
            }
        }
    }

    /// Rows repeated for each item of `list`: the cells of one template row, with the loop
    /// tags placed where each engine wants them (docxtpl: rows of their own).
    fn row_loop(self, var: &str, list: &str, cells: &[String], widths: &[u32]) -> String {
        match self {
            Dialect::Scrkit | Dialect::Docxtemplater => {
                let mut cells = cells.to_vec();
                let (open, close) = if self == Dialect::Scrkit {
                    (format!("{{{{#each {list}}}}}"), "{{/each}}".to_string())
                } else {
                    (format!("{{#{list}}}"), format!("{{/{list}}}"))
                };
                cells[0] = format!("{open}{}", cells[0]);
                let last = cells.len() - 1;
                cells[last] = format!("{}{close}", cells[last]);
                row(&cells, widths, false)
            }
            Dialect::Docxtpl => {
                let mut s = row(&[format!("{{%tr for {var} in {list} %}}")], widths, false);
                s.push_str(&row(cells, widths, false));
                s.push_str(&row(&["{%tr endfor %}".to_string()], widths, false));
                s
            }
        }
    }

    /// A row shown only when `cond` holds.
    fn row_if(self, cond: &str, cells: &[String], widths: &[u32]) -> String {
        match self {
            Dialect::Scrkit | Dialect::Docxtemplater => {
                let mut cells = cells.to_vec();
                let (open, close) = if self == Dialect::Scrkit {
                    (format!("{{{{#if {cond}}}}}"), "{{/if}}".to_string())
                } else {
                    (format!("{{#{cond}}}"), format!("{{/{cond}}}"))
                };
                cells[0] = format!("{open}{}", cells[0]);
                let last = cells.len() - 1;
                cells[last] = format!("{}{close}", cells[last]);
                row(&cells, widths, false)
            }
            Dialect::Docxtpl => {
                let mut s = row(&[format!("{{%tr if {cond} %}}")], widths, false);
                s.push_str(&row(cells, widths, false));
                s.push_str(&row(&["{%tr endif %}".to_string()], widths, false));
                s
            }
        }
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A body paragraph of one run, the way Word writes it.
fn p(text: &str) -> String {
    format!(
        r#"<w:p w:rsidR="00B5412C" w:rsidRDefault="00B5412C"><w:pPr><w:spacing w:after="120"/><w:jc w:val="both"/></w:pPr><w:r><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

/// A paragraph of a label in bold followed by text.
fn labelled(label: &str, text: &str) -> String {
    format!(
        r#"<w:p w:rsidR="00B5412C" w:rsidRDefault="00C71D0E"><w:pPr><w:spacing w:after="60"/></w:pPr><w:r><w:rPr><w:b/><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r><w:r w:rsidR="00C71D0E"><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="22"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(label),
        esc(text)
    )
}

fn heading(level: u8, text: &str) -> String {
    format!(
        r#"<w:p w:rsidR="00B5412C" w:rsidRDefault="00B5412C"><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        esc(text)
    )
}

fn cell(text: &str, width: u32, bold: bool) -> String {
    let b = if bold { "<w:b/>" } else { "" };
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr><w:p w:rsidR="00B5412C" w:rsidRDefault="00B5412C"><w:pPr><w:spacing w:after="0"/></w:pPr><w:r><w:rPr>{b}<w:rFonts w:ascii="Arial" w:hAnsi="Arial"/><w:sz w:val="20"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
        esc(text)
    )
}

/// A table row; a row with fewer cells than columns has its one cell span the table (the rows
/// docxtpl's `{%tr %}` tags sit in).
fn row(cells: &[String], widths: &[u32], header: bool) -> String {
    let mut s = String::from(r#"<w:tr w:rsidR="00B5412C">"#);
    if header {
        s = String::from(r#"<w:tr w:rsidR="00B5412C"><w:trPr><w:tblHeader/></w:trPr>"#);
    }
    if cells.len() < widths.len() {
        let w: u32 = widths.iter().sum();
        let span = widths.len();
        s.push_str(&format!(
            r#"<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:gridSpan w:val="{span}"/></w:tcPr><w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p></w:tc>"#,
            esc(&cells[0])
        ));
    } else {
        for (c, w) in cells.iter().zip(widths) {
            s.push_str(&cell(c, *w, header));
        }
    }
    s.push_str("</w:tr>");
    s
}

fn table(widths: &[u32], rows: &str) -> String {
    let mut grid = String::new();
    for w in widths {
        grid.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    format!(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{rows}</w:tbl>"#
    )
}

const BOILERPLATE: [&str; 6] = [
    "The Local Safeguarding Children Boards Regulations 2006 require a board to undertake a review where abuse or neglect of a child is known or suspected and the child has died or been seriously harmed, and there is cause for concern as to the way in which the board, its partners or other relevant persons have worked together to safeguard the child.",
    "Section 14B of the Children Act 2004 allows the board to require a person or body to supply information for the purpose of enabling or assisting the board to perform its functions. The information you provide will be held securely by the board and shared only with the review panel and the lead reviewer.",
    "Please do not send original records. Send copies of the relevant entries, with the name and role of each practitioner involved, and tell us of any records that have been destroyed or cannot be found, saying why.",
    "Your return should be written by someone who has not been directly involved with the child or family, and should be signed off by a senior manager of your organisation before it is sent to the board.",
    "If the information includes material from another agency, please tell us which agency and whether it has agreed to the information being shared with the review. Do not include information about people who are not part of the review unless it is needed to understand what happened.",
    "The review will be published. Before publication the report will be anonymised, and agencies will be given the opportunity to check the accuracy of what is said about them. Nothing in your return will be published without your organisation seeing it first.",
];

/// The body of the request-for-information letter.
fn rfi_body(d: Dialect) -> String {
    let v = |p: &str| d.v(p);
    let widths = [900, 5600, 2500];
    let mut b = String::new();
    b.push_str(&p(&format!(
        "Our reference: {}/{}",
        v("review.reference"),
        v("request.number")
    )));
    b.push_str(&p(&format!("Date: {}", v("request.sent_on"))));
    b.push_str(&p(&v("agency.contact.name")));
    b.push_str(&p(&v("agency.contact.role")));
    b.push_str(&p(&v("agency.name")));
    b.push_str(&p(&v("agency.address.line1")));
    b.push_str(&p(&format!(
        "{} {}",
        v("agency.address.town"),
        v("agency.address.postcode")
    )));
    b.push_str(&p(&format!("Dear {},", v("agency.contact.name"))));
    b.push_str(&heading(
        1,
        &format!(
            "Request for information: serious case review {}",
            v("review.reference")
        ),
    ));
    b.push_str(&p(&format!(
        "The {} has decided to hold a serious case review about {}, who was born on {} and died on {}. The review will consider the period from {} to {}, under {}.",
        v("board.name"),
        v("child.pseudonym"),
        v("child.date_of_birth"),
        v("child.date_of_death"),
        v("review.scope.from"),
        v("review.scope.to"),
        v("review.regime")
    )));
    b.push_str(&p(&format!(
        "Our records show that {} was involved with {} or the family during that period. The board asks {} for {}.",
        v("agency.name"),
        v("child.pseudonym"),
        v("agency.name"),
        d.if_else(
            "agency.returns.management_review",
            "a chronology and an individual management review",
            "a chronology"
        )
    )));
    b.push_str(&heading(2, "Why we are asking"));
    for t in &BOILERPLATE[..3] {
        b.push_str(&p(t));
    }
    b.push_str(&heading(2, "Key lines of enquiry"));
    b.push_str(&p(
        "The review panel has agreed the following key lines of enquiry. Please address each in your return:",
    ));
    b.push_str(&p(&d.each_open("l", "key_lines_of_enquiry")));
    b.push_str(&p(&d.item("l", "")));
    b.push_str(&p(&d.each_close("key_lines_of_enquiry")));
    b.push_str(&heading(2, "What we need from you"));
    let mut rows = row(
        &["No.".into(), "Information requested".into(), "By".into()],
        &widths,
        true,
    );
    rows.push_str(&d.row_loop(
        "q",
        "questions",
        &[
            d.item("q", "number"),
            d.item("q", "text"),
            d.item("q", "due"),
        ],
        &widths,
    ));
    rows.push_str(&d.row_if(
        "child.died",
        &[
            "".into(),
            format!(
                "Any contact with the family after {}",
                v("child.date_of_death")
            ),
            v("request.reply_by"),
        ],
        &widths,
    ));
    b.push_str(&table(&widths, &rows));
    b.push_str(&p(&format!(
        "Please send your return by {} to {} at {}.",
        v("request.reply_by"),
        v("board.business_manager.name"),
        v("board.secure_email")
    )));
    b.push_str(&heading(2, "Other agencies taking part"));
    b.push_str(&p(
        "So that you can tell us about contact with other agencies, these agencies have also been asked for information:",
    ));
    b.push_str(&p(&d.each_open("a", "agencies")));
    b.push_str(&labelled(
        &format!("{}: ", d.item("a", "name")),
        &format!(
            "{}, {}",
            d.item("a", "contact.name"),
            d.item("a", "contact.role")
        ),
    ));
    b.push_str(&p(&d.each_close("agencies")));
    b.push_str(&heading(2, "Confidentiality and publication"));
    for t in &BOILERPLATE[3..] {
        b.push_str(&p(t));
    }
    b.push_str(&p(&d.if_open("child.died")));
    b.push_str(&p(&format!(
        "We know that this is a difficult time for those who knew {}. If any of your staff need support, please contact {} on {}.",
        v("child.pseudonym"),
        v("board.business_manager.name"),
        v("board.business_manager.phone")
    )));
    b.push_str(&p(&d.if_close("child.died")));
    b.push_str(&p("Thank you for your help with this review."));
    b.push_str(&p("Yours sincerely,"));
    b.push_str(&labelled(&v("board.business_manager.name"), ""));
    b.push_str(&p(&v("board.business_manager.role")));
    b.push_str(&p(&format!(
        "{} | {}",
        v("board.business_manager.email"),
        v("board.business_manager.phone")
    )));
    b
}

/// The body of the chronology table.
fn table_body(d: Dialect) -> String {
    let widths = [1300, 800, 2000, 3900, 1300];
    let mut b = String::new();
    b.push_str(&heading(
        1,
        &format!("Merged chronology for {}", d.v("review.reference")),
    ));
    b.push_str(&p(&format!(
        "{} entries from the agencies' returns, in date order.",
        d.v("count")
    )));
    let mut rows = row(
        &[
            "Date".into(),
            "Time".into(),
            "Agency".into(),
            "What happened".into(),
            "Source".into(),
        ],
        &widths,
        true,
    );
    rows.push_str(&d.row_loop(
        "e",
        "entries",
        &[
            d.item("e", "on"),
            d.item("e", "time"),
            d.item("e", "agency"),
            d.item("e", "event"),
            d.item("e", "source"),
        ],
        &widths,
    ));
    b.push_str(&table(&widths, &rows));
    b.push_str(&p("End of the chronology."));
    b
}

const NS: &str = r#"xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" mc:Ignorable="w14""#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:eastAsia="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:color w:val="1F3864"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:color w:val="2F5496"/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style><w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:tabs><w:tab w:val="center" w:pos="4513"/><w:tab w:val="right" w:pos="9026"/></w:tabs><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:style></w:styles>"#;

/// A complete Word package around `body`, with a header and footer holding tags.
fn package(d: Dialect, body: &str, title: &str) -> Vec<u8> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, data: &str| {
        z.start_file(name, o).expect("zip");
        z.write_all(data.as_bytes()).expect("zip");
    };
    put(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>"#,
    );
    put(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    put(
        "word/_rels/document.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#,
    );
    put(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {NS}><w:body>{body}<w:sectPr w:rsidR="00B5412C"><w:headerReference w:type="default" r:id="rId4"/><w:footerReference w:type="default" r:id="rId5"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr></w:body></w:document>"#
        ),
    );
    put(
        "word/header1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr {NS}><w:p><w:pPr><w:pStyle w:val="Header"/><w:jc w:val="right"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">OFFICIAL-SENSITIVE: {}</w:t></w:r></w:p></w:hdr>"#,
            esc(&d.v("review.reference"))
        ),
    );
    put(
        "word/footer1.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {NS}><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">Page </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p></w:ftr>"#,
            esc(&d.v("board.short_name"))
        ),
    );
    put("word/styles.xml", STYLES);
    put(
        "word/settings.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="00B5412C"/><w:rsid w:val="00B5412C"/><w:rsid w:val="00C71D0E"/></w:rsids><w:themeFontLang w:val="en-GB"/></w:settings>"#,
    );
    put(
        "word/fontTable.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>"#,
    );
    put(
        "docProps/core.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{}</dc:title><dc:creator>Northbrook LSCB</dc:creator><cp:lastModifiedBy>Northbrook LSCB</cp:lastModifiedBy><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2016-03-22T09:00:00Z</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">2016-03-22T09:30:00Z</dcterms:modified></cp:coreProperties>"#,
            esc(title)
        ),
    );
    put(
        "docProps/app.xml",
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template><TotalTime>30</TotalTime><Pages>3</Pages><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity><Company>Northbrook LSCB</Company><AppVersion>16.0000</AppVersion></Properties>"#,
    );
    z.finish().expect("zip").into_inner()
}

/// The request-for-information letter template in `d`'s tag language.
pub(crate) fn rfi_template(d: Dialect) -> Vec<u8> {
    package(d, &rfi_body(d), "Request for information")
}

/// The chronology table template in `d`'s tag language.
pub(crate) fn table_template(d: Dialect) -> Vec<u8> {
    package(d, &table_body(d), "Merged chronology")
}

const AGENCIES: [(&str, &str, &str, &str); 7] = [
    (
        "Northbrook Police",
        "DI Samuel Oyelaran",
        "Detective Inspector, Child Abuse Investigation Team",
        "Police Headquarters",
    ),
    (
        "Northbrook Children's Social Care",
        "Angela Whitcombe",
        "Service Manager, Quality Assurance",
        "Civic Centre",
    ),
    (
        "Elm Street Surgery",
        "Dr Oliver Pryce",
        "Safeguarding Lead GP",
        "12 Elm Street",
    ),
    (
        "Northbrook General Hospital NHS Trust",
        "Gillian Forsythe",
        "Named Nurse, Safeguarding Children",
        "Hospital Road",
    ),
    (
        "Northbrook Community Health: Health Visiting",
        "Bernadette Cole",
        "Safeguarding Lead, 0-19 Services",
        "Eastfield Clinic",
    ),
    (
        "Ashgrove Primary School and Nursery",
        "Claire Penhaligon",
        "Designated Safeguarding Lead",
        "Ashgrove Lane",
    ),
    (
        "Northbrook Homes",
        "Darren Mistry",
        "Tenancy Services Manager",
        "Housing Office, High Street",
    ),
];

const LINES_OF_ENQUIRY: [&str; 6] = [
    "How well did agencies identify and respond to domestic abuse in the household?",
    "Were injuries to Child A recognised, recorded, shared and acted on in line with procedures?",
    "How well did the child in need plan reflect the risks, and was it reviewed when circumstances changed?",
    "How far was the lived experience of Child A and her half-brother understood and recorded?",
    "What was known about the mother's partner, and was this information shared?",
    "Did supervision and management oversight support practitioners' decision making?",
];

const QUESTIONS: [&str; 8] = [
    "A chronology of every contact with Child A, her mother, her half-brother and the mother's partner, using the board's workbook.",
    "Copies of any referrals made to or received from Children's Social Care.",
    "Records of any injuries seen, and what was done about them.",
    "Notes of strategy discussions, meetings and case conferences your agency attended.",
    "Your agency's safeguarding policies in force during the period under review.",
    "The names and roles of the practitioners involved, and whether they are still employed.",
    "Supervision records for the practitioners involved, where they exist.",
    "Anything else your agency thinks the review should know.",
];

/// `n` data sets for the letter, one per request: seven agencies in turn, each request its own
/// number and contact.
pub(crate) fn rfi_data(n: usize) -> Vec<Value> {
    let agencies: Vec<Value> = AGENCIES
        .iter()
        .map(|(name, contact, role, _)| json!({"name": name, "contact": {"name": contact, "role": role}}))
        .collect();
    (0..n)
        .map(|i| {
            let (name, contact, role, line1) = AGENCIES[i % AGENCIES.len()];
            let questions: Vec<Value> = QUESTIONS
                .iter()
                .enumerate()
                .map(|(q, text)| {
                    json!({"number": q + 1, "text": text, "due": format!("{} April 2016", 11 + q)})
                })
                .collect();
            json!({
                "review": {
                    "reference": "SCR-2016-03",
                    "regime": "Working Together to Safeguard Children 2015",
                    "scope": {"from": "1 March 2015", "to": "14 February 2016"}
                },
                "board": {
                    "name": "Northbrook Local Safeguarding Children Board",
                    "short_name": "Northbrook LSCB",
                    "secure_email": "lscb.reviews@northbrook-lscb.example",
                    "business_manager": {
                        "name": "Ruth Okonkwo-Hale",
                        "role": "LSCB Business Manager",
                        "email": "ruth.okonkwo-hale@northbrook-lscb.example",
                        "phone": "01632 960 101"
                    }
                },
                "child": {
                    "pseudonym": "Child A",
                    "date_of_birth": "2 March 2013",
                    "date_of_death": "14 February 2016",
                    "died": true
                },
                "agency": {
                    "name": name,
                    "address": {"line1": line1, "town": "Northbrook", "postcode": format!("NB{} {}QT", 1 + i % 9, i % 10)},
                    "contact": {"name": format!("{contact} ({})", i / AGENCIES.len() + 1), "role": role},
                    "returns": {"chronology": true, "management_review": i % 3 != 2}
                },
                "request": {
                    "number": format!("RFI-{:04}", i + 1),
                    "sent_on": "28 March 2016",
                    "reply_by": "25 April 2016"
                },
                "key_lines_of_enquiry": LINES_OF_ENQUIRY,
                "questions": questions,
                "agencies": agencies,
            })
        })
        .collect()
}

/// Data for the chronology table with `rows` entries.
pub(crate) fn table_data(rows: usize) -> Value {
    const EVENTS: [&str; 5] = [
        "Home visit by the health visitor; Child A seen asleep, mother reports she is feeding well.",
        "Police attend a report of a disturbance at the family home; the mother's partner has left before officers arrive.",
        "Child A brought to the surgery with a bruise to the left forearm; the explanation given is a fall from a sofa.",
        "Strategy discussion between police and Children's Social Care; agreed that a single agency assessment continues.",
        "Nursery records that Child A arrived late and hungry, and was collected by a family friend.",
    ];
    let entries: Vec<Value> = (0..rows)
        .map(|i| {
            let (agency, ..) = AGENCIES[i % AGENCIES.len()];
            json!({
                "on": format!("{} {} 2015", 1 + i % 28, ["March", "April", "May", "June", "July", "August"][i / 28 % 6]),
                "time": format!("{:02}:{:02}", 8 + i % 10, i * 7 % 60),
                "agency": agency,
                "event": EVENTS[i % EVENTS.len()],
                "source": format!("Record {}", 1000 + i),
            })
        })
        .collect();
    json!({"review": {"reference": "SCR-2016-03"}, "board": {"short_name": "Northbrook LSCB"}, "count": rows, "entries": entries})
}
