//! The merged chronology as a Word document, rendered by the template engine.
//!
//! A board may bring its own template (any .docx with the tags below); without one, scrkit's
//! own is used, built here so that it is always in step with [`Merged`]'s fields. It is a
//! landscape table whose header row repeats on every page, one row per entry with the agency
//! on each row, then the likely duplicates, gaps, missing returns and rows left out. The page
//! header carries the protective marking and the review reference, the footer "page X of Y".
//!
//! Fields a template can use: `review_reference`, `board`, `scope_from`, `scope_to`,
//! `merged_on`, `gap_days`, and the lists `rows` (`number`, `when`, `time`, `certainty`,
//! `end_date`, `agency`, `source`, `practitioner_role`, `subject`, `event`, `outcome`,
//! `comment`, `reference`, `duplicate_group`, `provenance.file`, `.sheet`, `.row`),
//! `duplicate_groups` (`number`, `when`, `rows`, `agencies`), `gaps` (`from`, `to`, `days`),
//! `missing_returns` (`name`, `id`, `contact`), `excluded` (`file`, `sheet`, `row`, `reasons`)
//! and `returns` (`file`, `agency`, `entries`, `excluded`).

use super::merge::Merged;
use crate::diagnostic::Diagnostic;
use crate::template::{Template, compile_bytes};
use std::io::Write;
use std::sync::OnceLock;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn para(style: &str, text: &str) -> String {
    let ppr = if style.is_empty() {
        String::new()
    } else {
        format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>")
    };
    format!(
        "<w:p>{ppr}<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
        esc(text)
    )
}

fn cell(width: u32, text: &str, header: bool) -> String {
    let shade = if header {
        "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"D9E2F3\"/>"
    } else {
        ""
    };
    let rpr = if header { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{shade}</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr><w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
        esc(text)
    )
}

/// The columns of the table: width (twentieths of a point), header, cell content.
const COLUMNS: [(u32, &str, &str); 9] = [
    (1300, "Date", "{{#each rows}}{{when}}"),
    (700, "Time", "{{time}}"),
    (1700, "Agency", "{{agency}}"),
    (1300, "Subject", "{{subject}}"),
    (3800, "Event", "{{event}}"),
    (2600, "Action / outcome", "{{outcome}}"),
    (1500, "Source and role", "{{source}} {{practitioner_role}}"),
    (700, "Dup.", "{{duplicate_group}}"),
    (
        1800,
        "From",
        "{{provenance.file}}, {{provenance.sheet}}, row {{provenance.row}}{{/each}}",
    ),
];

fn document_xml() -> String {
    let header_row: String = COLUMNS.iter().map(|(w, h, _)| cell(*w, h, true)).collect();
    let body_row: String = COLUMNS.iter().map(|(w, _, c)| cell(*w, c, false)).collect();
    let grid: String = COLUMNS
        .iter()
        .map(|(w, _, _)| format!("<w:gridCol w:w=\"{w}\"/>"))
        .collect();
    let table = format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid><w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header_row}</w:tr><w:tr><w:trPr><w:cantSplit/></w:trPr>{body_row}</w:tr></w:tbl>"
    );
    let mut body = String::new();
    body.push_str(&para(
        "Title",
        "Merged chronology{{#if review_reference}}: {{review_reference}}{{/if}}",
    ));
    body.push_str(&para(
        "",
        "{{#if board}}{{board}}. {{/if}}{{#if scope_from}}The review's scope is {{scope_from}} to {{scope_to}}. {{/if}}Merged on {{merged_on}} from the returns listed at the end; each row names the return, sheet and row it comes from.",
    ));
    body.push_str(&table);
    body.push_str(&para("Heading1", "Likely duplicates"));
    body.push_str(&para(
        "",
        "Rows told by several agencies on the same day in similar words share a number in the Dup. column. All are kept.{{#unless duplicate_groups}} There are none.{{/unless}}",
    ));
    body.push_str(&para("", "{{#each duplicate_groups}}"));
    body.push_str(&para(
        "ListBullet",
        "Group {{number}}, {{when}}: rows {{rows}} ({{agencies}})",
    ));
    body.push_str(&para("", "{{/each}}"));
    body.push_str(&para(
        "Heading1",
        "Periods of more than {{gap_days}} days with no entry",
    ));
    body.push_str(&para("", "{{#unless gaps}}There are none.{{/unless}}"));
    body.push_str(&para("", "{{#each gaps}}"));
    body.push_str(&para("ListBullet", "{{from}} to {{to}} ({{days}} days)"));
    body.push_str(&para("", "{{/each}}"));
    body.push_str(&para("Heading1", "Missing returns"));
    body.push_str(&para(
        "",
        "{{#unless missing_returns}}{{#if review_reference}}None: every agency asked for a chronology has returned one.{{else}}Not known: the merge was made without the case file.{{/if}}{{/unless}}",
    ));
    body.push_str(&para("", "{{#each missing_returns}}"));
    body.push_str(&para(
        "ListBullet",
        "{{name}}{{#if contact}} ({{contact}}){{/if}}",
    ));
    body.push_str(&para("", "{{/each}}"));
    body.push_str(&para("Heading1", "Returns"));
    body.push_str(&para("", "{{#each returns}}"));
    body.push_str(&para(
        "ListBullet",
        "{{agency}}: {{file}}, {{entries}} rows merged{{#if excluded}}, {{excluded}} left out{{/if}}",
    ));
    body.push_str(&para("", "{{/each}}"));
    body.push_str(&para("", "{{#if excluded}}"));
    body.push_str(&para("Heading1", "Rows left out"));
    body.push_str(&para("", "{{#each excluded}}"));
    body.push_str(&para(
        "ListBullet",
        "{{file}}{{#if row}}, {{sheet}}, row {{row}}{{else}} (the whole file){{/if}}: {{reasons}}",
    ));
    body.push_str(&para("", "{{/each}}"));
    body.push_str(&para("", "{{/if}}"));
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId2\"/><w:footerReference w:type=\"default\" r:id=\"rId3\"/><w:pgSz w:w=\"16838\" w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"851\" w:right=\"851\" w:bottom=\"851\" w:left=\"851\" w:header=\"425\" w:footer=\"425\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

fn header_xml() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:hdr xmlns:w=\"{W}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>OFFICIAL-SENSITIVE</w:t></w:r><w:r><w:tab/><w:t xml:space=\"preserve\">{{{{review_reference}}}} merged chronology</w:t></w:r></w:p></w:hdr>"
    )
}

fn footer_xml() -> String {
    let field = |code: &str| {
        format!(
            "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {code} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"{W}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Page </w:t></w:r>{}<w:r><w:t xml:space=\"preserve\"> of </w:t></w:r>{}</w:p></w:ftr>",
        field("PAGE"),
        field("NUMPAGES")
    )
}

fn styles_xml() -> String {
    let style = |id: &str, name: &str, ppr: &str, rpr: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"20\"/><w:lang w:val=\"en-GB\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>{}{}{}{}{}{}<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/></w:tblBorders><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style></w:styles>",
        style(
            "Title",
            "Title",
            "<w:spacing w:after=\"240\"/>",
            "<w:b/><w:sz w:val=\"36\"/>"
        ),
        style(
            "Heading1",
            "heading 1",
            "<w:keepNext/><w:spacing w:before=\"360\" w:after=\"120\"/><w:outlineLvl w:val=\"0\"/>",
            "<w:b/><w:sz w:val=\"28\"/>"
        ),
        style(
            "ListBullet",
            "List Bullet",
            "<w:ind w:left=\"360\" w:hanging=\"360\"/>",
            ""
        ),
        style(
            "TableText",
            "Table Text",
            "<w:spacing w:after=\"0\"/>",
            "<w:sz w:val=\"18\"/>"
        ),
        style(
            "Header",
            "header",
            "<w:tabs><w:tab w:val=\"right\" w:pos=\"15136\"/></w:tabs>",
            "<w:sz w:val=\"18\"/>"
        ),
        style("Footer", "footer", "", "<w:sz w:val=\"18\"/>"),
    )
}

/// scrkit's own merged chronology template, as .docx bytes (the same bytes every time).
pub fn default_template() -> Vec<u8> {
    let parts: [(&str, String); 8] = [
        (
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/></Types>".to_string(),
        ),
        (
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>".to_string(),
        ),
        (
            "word/_rels/document.xml.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/></Relationships>".to_string(),
        ),
        ("word/document.xml", document_xml()),
        ("word/styles.xml", styles_xml()),
        ("word/header1.xml", header_xml()),
        ("word/footer1.xml", footer_xml()),
        (
            "docProps/core.xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>Merged chronology {{review_reference}}</dc:title><dc:creator>scrkit</dc:creator></cp:coreProperties>".to_string(),
        ),
    ];
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let o = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, text) in parts {
            // Writing to memory cannot fail but for a bug; the package is then just short.
            if z.start_file(name, o).is_ok() {
                let _ = z.write_all(text.as_bytes());
            }
        }
        let _ = z.finish();
    }
    buf.into_inner()
}

fn compiled_default() -> Result<&'static Template, Vec<Diagnostic>> {
    static DEFAULT: OnceLock<Result<Template, Vec<Diagnostic>>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| {
            let c = compile_bytes(default_template(), "scrkit merged chronology template");
            c.template.ok_or(c.diagnostics)
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// Renders the merged chronology with a template (a board's own, or [`default_template`]).
pub fn render(template: &Template, merged: &Merged) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let data = serde_json::to_value(merged).unwrap_or_default();
    template.render_owned(data)
}

/// Renders the merged chronology with scrkit's own template.
pub fn render_default(merged: &Merged) -> Result<Vec<u8>, Vec<Diagnostic>> {
    render(compiled_default()?, merged)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_template_compiles_without_problems() {
        let c = compile_bytes(default_template(), "default");
        assert!(c.diagnostics.is_empty(), "{:?}", c.diagnostics);
        assert!(c.template.is_some());
        assert_eq!(default_template(), default_template(), "reproducible");
    }
}
