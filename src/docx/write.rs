//! Writing new Word documents from a small description: styles, a header and footer, headings,
//! paragraphs and tables, a portrait or landscape page.
//!
//! scrkit writes its built-in templates with this rather than with docx-rs, because docx-rs
//! puts elements out of schema order (`w:rPr` before `w:pStyle`, `w:jc` misplaced) and repeats
//! style ids, which schema validators and strict readers reject. Everything here is written
//! in the order the WordprocessingML schema requires. A document [`build`] makes carries the
//! time it was made on its zip entries; [`build_reproducible`] (the committed templates) fixes
//! them and the property dates, so regenerating a template gives the same bytes.

use crate::docx::xml::escape_text;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

/// A run of text with simple formatting, or a page-number field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Run {
    /// The text (may hold `{{tags}}`).
    pub text: String,
    /// Bold.
    pub bold: bool,
    /// Italic.
    pub italic: bool,
    /// A hex colour such as "595959".
    pub color: Option<&'static str>,
    /// A simple field instead of text: "PAGE" or "NUMPAGES".
    pub field: Option<&'static str>,
}

impl Run {
    /// Plain text.
    pub fn text(t: impl Into<String>) -> Run {
        Run {
            text: t.into(),
            ..Run::default()
        }
    }

    /// Bold text.
    pub fn bold(t: impl Into<String>) -> Run {
        Run {
            bold: true,
            ..Run::text(t)
        }
    }

    /// A field such as PAGE or NUMPAGES, showing `shown` until the reader updates it.
    pub fn field(instr: &'static str, shown: &str) -> Run {
        Run {
            field: Some(instr),
            ..Run::text(shown)
        }
    }
}

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Left (the default).
    Left,
    /// Centred.
    Center,
    /// Right.
    Right,
}

/// A paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// Style id: "Title", "Heading1", "Heading2", "Heading3", "Placeholder", "Address" (a line
    /// of an address block), "AddressEnd" (its last line, space after), "ListItem" (an
    /// indented item of a list), or None for Normal.
    pub style: Option<&'static str>,
    /// Alignment.
    pub align: Align,
    /// The runs.
    pub runs: Vec<Run>,
    /// Keep with the next paragraph.
    pub keep_next: bool,
}

impl Para {
    /// A paragraph of one plain run.
    pub fn new(text: impl Into<String>) -> Para {
        Para {
            style: None,
            align: Align::Left,
            runs: vec![Run::text(text)],
            keep_next: false,
        }
    }

    /// A paragraph of the given runs.
    pub fn runs(runs: Vec<Run>) -> Para {
        Para {
            runs,
            ..Para::new("")
        }
    }

    /// Sets the style.
    pub fn style(mut self, s: &'static str) -> Para {
        self.style = Some(s);
        self
    }

    /// Sets the alignment.
    pub fn align(mut self, a: Align) -> Para {
        self.align = a;
        self
    }
}

/// How wide a table column should be. The writer turns these into twips from the page's text
/// width, so a table always spans the text width and no column is narrower than the longest
/// word it holds (header and fixed text), whatever the orientation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// Wide enough to set this text on one line: what the column holds at its widest when its
    /// cells are filled from data (a date "30 September 2016", a time "23:59", a label
    /// "Not known"). An empty text fits the column's own words.
    Fit(&'static str),
    /// A share, by weight, of the width the fitted columns leave.
    Share(u32),
}

/// A table: how wide each column is, rows of cells of paragraphs.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// One entry per column.
    pub columns: Vec<Col>,
    /// How many rows at the top are a header, shaded and repeated on each page.
    pub header_rows: usize,
    /// The rows; each cell holds one or more paragraphs.
    pub rows: Vec<Vec<Vec<Para>>>,
    /// Cells that differ from the plain ones: shaded, or spanning columns.
    pub formats: Vec<CellFormat>,
}

/// How one cell differs from the table's plain cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CellFormat {
    /// The row, counting header rows from 0.
    pub row: usize,
    /// The cell's place in its row, from 0.
    pub cell: usize,
    /// Its background (RGB hex such as "F2F2F2"): a heading row's, say. Colour from data
    /// is a `{{shade x}}` tag in the cell's text instead.
    pub shading: Option<&'static str>,
    /// How many columns it spans (1, or 0, for one).
    pub span: usize,
}

impl Table {
    /// The format of cell `cell` of row `row`, if it has one.
    pub fn format(&self, row: usize, cell: usize) -> Option<&CellFormat> {
        self.formats.iter().find(|f| f.row == row && f.cell == cell)
    }

    /// The columns each cell of row `row` covers: (first column, how many).
    pub fn cell_columns(&self, row: usize) -> Vec<(usize, usize)> {
        let mut at = 0;
        (0..self.rows.get(row).map_or(0, Vec::len))
            .map(|ci| {
                let span = self.format(row, ci).map_or(1, |f| f.span.max(1));
                let here = (at, span);
                at += span;
                here
            })
            .collect()
    }
}

/// A block of the document body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph.
    Para(Para),
    /// A table.
    Table(Table),
    /// A page break.
    PageBreak,
}

/// A new document.
#[derive(Debug, Clone, PartialEq)]
pub struct NewDocument {
    /// The title property.
    pub title: String,
    /// Custom properties (name, value), e.g. ("ScrKind", "terms_of_reference").
    pub custom: Vec<(String, String)>,
    /// Landscape pages.
    pub landscape: bool,
    /// Header paragraphs.
    pub header: Vec<Para>,
    /// Footer paragraphs.
    pub footer: Vec<Para>,
    /// The body.
    pub body: Vec<Block>,
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    escape_text(s, &mut o);
    o
}

fn run_xml(r: &Run, out: &mut String) {
    let mut rpr = String::new();
    if r.bold {
        rpr.push_str("<w:b/><w:bCs/>");
    }
    if r.italic {
        rpr.push_str("<w:i/><w:iCs/>");
    }
    if let Some(c) = r.color {
        rpr.push_str(&format!("<w:color w:val=\"{c}\"/>"));
    }
    let rpr = if rpr.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{rpr}</w:rPr>")
    };
    match r.field {
        Some(instr) => out.push_str(&format!(
            "<w:fldSimple w:instr=\" {instr} \\* MERGEFORMAT \"><w:r>{rpr}<w:t>{}</w:t></w:r></w:fldSimple>",
            esc(&r.text)
        )),
        None => out.push_str(&format!(
            "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            esc(&r.text)
        )),
    }
}

fn para_xml(p: &Para, out: &mut String) {
    para_xml_spaced(p, 0, out)
}

/// A paragraph with `before` twips of space above it (0: the style's own).
fn para_xml_spaced(p: &Para, before: u32, out: &mut String) {
    out.push_str("<w:p>");
    let mut ppr = String::new();
    if let Some(s) = p.style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if p.keep_next {
        ppr.push_str("<w:keepNext/>");
    }
    if before > 0 {
        ppr.push_str(&format!("<w:spacing w:before=\"{before}\"/>"));
    }
    match p.align {
        Align::Left => {}
        Align::Center => ppr.push_str("<w:jc w:val=\"center\"/>"),
        Align::Right => ppr.push_str("<w:jc w:val=\"right\"/>"),
    }
    if !ppr.is_empty() {
        out.push_str(&format!("<w:pPr>{ppr}</w:pPr>"));
    }
    for r in &p.runs {
        if !r.text.is_empty() || r.field.is_some() {
            run_xml(r, out);
        }
    }
    out.push_str("</w:p>");
}

/// The page margins (twips, all four sides): 2 cm.
const MARGIN: u32 = 1134;
/// A cell's left and right padding together (`TableNormal`'s 108 each side).
pub(crate) const CELL_PADDING: u32 = 216;
/// Space above the first paragraph after a table, so that text does not sit flush under it.
const AFTER_TABLE: u32 = 240;

/// Arial's advance width of a character in thousandths of an em (Liberation Sans, which
/// LibreOffice uses for Arial, has the same metrics; italic matches regular).
fn advance(c: char, bold: bool) -> u32 {
    const REGULAR: &[(&str, u32)] = &[
        (" !,./:;I[\\]fijlt\u{2019}'", 278),
        ("ijl", 222),
        ("\"", 355),
        ("()-`r", 333),
        ("*", 389),
        ("^", 469),
        ("Jcksvxyz", 500),
        ("+<=>", 584),
        ("FTZ", 611),
        ("ABEKPSVXY&", 667),
        ("CDHNRUw", 722),
        ("GOQ", 778),
        ("Mm", 833),
        ("%", 889),
        ("W", 944),
        ("@", 1015),
    ];
    const BOLD: &[(&str, u32)] = &[
        (" ,./[\\]ijlI", 278),
        ("!:;()-`f\u{2019}'t", 333),
        ("r", 389),
        ("z", 500),
        ("Jacegksvxy", 556),
        ("+<=>", 584),
        ("FLTZbdhnopqu", 611),
        ("EPSVXY", 667),
        ("ABCDHKNRU&w", 722),
        ("GOQ", 778),
        ("M", 833),
        ("m%", 889),
        ("W", 944),
        ("@", 975),
    ];
    let table = if bold { BOLD } else { REGULAR };
    // Later entries are more specific only where a character appears twice (regular i, j, l).
    table
        .iter()
        .rev()
        .find(|(set, _)| set.contains(c))
        .map(|(_, w)| *w)
        .unwrap_or(556)
}

/// The width of `text` set on one line at the body size (11 pt), in twips.
pub(crate) fn text_twips(text: &str, bold: bool) -> u32 {
    let units: u32 = text.chars().map(|c| advance(c, bold)).sum();
    // 11 pt = 220 twips to the em; 5% for the reader's rounding and kerning.
    units * 220 / 1000 * 105 / 100
}

/// What a cell shows of its text: tags are filled from data, so only the words around them
/// count.
pub(crate) fn fixed_words(p: &Para) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    for r in &p.runs {
        let mut text = String::new();
        let mut rest = r.text.as_str();
        while let Some(i) = rest.find("{{") {
            text.push_str(&rest[..i]);
            text.push(' ');
            rest = rest[i..].find("}}").map_or("", |j| &rest[i + j + 2..]);
        }
        text.push_str(rest);
        words.extend(text.split_whitespace().map(|w| (w.to_string(), r.bold)));
    }
    words
}

/// Column widths in twips for a table that spans `text_width`: fitted columns first (their
/// text on one line), shares of what is left after them, and no column narrower than its
/// longest word (header words are measured bold, as they are shown).
pub fn column_widths(t: &Table, text_width: u32) -> Vec<u32> {
    let n = t.columns.len();
    let mut min = vec![CELL_PADDING; n];
    for (ri, row) in t.rows.iter().enumerate() {
        let header = ri < t.header_rows;
        let spans = t.cell_columns(ri);
        for (cell, &(ci, span)) in row.iter().zip(&spans) {
            // A cell over several columns sets its words in their joint width.
            if span > 1 || ci >= n {
                continue;
            }
            for p in cell {
                for (w, bold) in fixed_words(p) {
                    min[ci] = min[ci].max(text_twips(&w, bold || header) + CELL_PADDING);
                }
            }
        }
    }
    let mut widths: Vec<u32> = t
        .columns
        .iter()
        .zip(&min)
        .map(|(c, m)| match c {
            Col::Fit(s) => (*m).max(text_twips(s, false) + CELL_PADDING),
            Col::Share(_) => *m,
        })
        .collect();
    let mut free: Vec<usize> = (0..n)
        .filter(|i| matches!(t.columns[*i], Col::Share(w) if w > 0))
        .collect();
    // A share smaller than its column's minimum takes the minimum and leaves the pool.
    loop {
        let taken: u32 = (0..n)
            .filter(|i| !free.contains(i))
            .map(|i| widths[i])
            .sum();
        let left = text_width.saturating_sub(taken);
        let weight: u32 = free.iter().map(|i| share(t.columns[*i])).sum();
        let short: Vec<usize> = free
            .iter()
            .copied()
            .filter(|i| left * share(t.columns[*i]) / weight.max(1) < min[*i])
            .collect();
        if short.is_empty() || free.is_empty() {
            let mut given = 0;
            for (k, i) in free.iter().enumerate() {
                widths[*i] = if k + 1 == free.len() {
                    left - given
                } else {
                    left * share(t.columns[*i]) / weight.max(1)
                };
                given += widths[*i];
            }
            break;
        }
        free.retain(|i| !short.contains(i));
    }
    // Fitted columns alone, narrower than the page: they widen in proportion. Wider than the
    // page (a built-in template never is; a test holds them to it): they narrow in proportion.
    let total: u32 = widths.iter().sum();
    if total != text_width && total > 0 {
        let mut given = 0;
        for (i, w) in widths.iter_mut().enumerate() {
            *w = if i + 1 == n {
                text_width - given
            } else {
                (u64::from(*w) * u64::from(text_width) / u64::from(total)) as u32
            };
            given += *w;
        }
    }
    widths
}

fn share(c: Col) -> u32 {
    match c {
        Col::Share(w) => w,
        Col::Fit(_) => 0,
    }
}

fn table_xml(t: &Table, text_width: u32, out: &mut String) {
    let widths = column_widths(t, text_width);
    let total: u32 = widths.iter().sum();
    out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>");
    out.push_str(&format!("<w:tblW w:w=\"{total}\" w:type=\"dxa\"/>"));
    out.push_str("<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for w in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    for (ri, row) in t.rows.iter().enumerate() {
        let header = ri < t.header_rows;
        // No row breaks across a page (a date from its entry, a label from its value); the
        // header rows repeat at the top of each page.
        out.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            out.push_str("<w:tblHeader/>");
        }
        out.push_str("</w:trPr>");
        let spans = t.cell_columns(ri);
        for ((ci, cell), &(first, span)) in row.iter().enumerate().zip(&spans) {
            let w: u32 = match widths.get(first..first + span) {
                Some(ws) if !ws.is_empty() => ws.iter().sum(),
                _ => 2000,
            };
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>"
            ));
            if span > 1 {
                out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            let fill = match t.format(ri, ci).and_then(|f| f.shading) {
                Some(c) => Some(c),
                None if header => Some("D9E2F3"),
                None => None,
            };
            if let Some(fill) = fill {
                out.push_str(&format!(
                    "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"{fill}\"/>"
                ));
            }
            out.push_str("</w:tcPr>");
            if cell.is_empty() {
                out.push_str("<w:p/>");
            }
            for p in cell {
                if header {
                    let mut p = p.clone();
                    for r in &mut p.runs {
                        r.bold = true;
                    }
                    para_xml(&p, out);
                } else {
                    para_xml(p, out);
                }
            }
            out.push_str("</w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
}

fn document_xml(d: &NewDocument) -> String {
    let mut out = String::from(DECL);
    out.push_str(&format!(
        "<w:document xmlns:w=\"{W}\" xmlns:r=\"{R}\"><w:body>"
    ));
    let mut after_table = false;
    for (at, b) in d.body.iter().enumerate() {
        match b {
            Block::Para(p) => {
                let heading = p
                    .style
                    .is_some_and(|s| s.starts_with("Heading") || s == "Title");
                // A sentence that leads into a table stays on its page: the referral's
                // "Part 2: completed by the Board." sat alone at the foot of a page.
                let leads_in = !is_structural(p) && table_follows(&d.body[at + 1..]);
                let p = &Para {
                    keep_next: p.keep_next || leads_in,
                    ..p.clone()
                };
                if after_table && !heading && !is_structural(p) {
                    para_xml_spaced(p, AFTER_TABLE, &mut out);
                    after_table = false;
                } else {
                    para_xml(p, &mut out);
                    after_table &= !heading;
                }
            }
            Block::Table(t) => {
                // Two tables with nothing between read as one (the request's child and its
                // family): a spacer paragraph keeps them apart, as Word itself requires.
                if at > 0 && matches!(d.body[at - 1], Block::Table(_)) {
                    para_xml_spaced(&Para::new(""), 0, &mut out);
                }
                table_xml(t, d.text_width(), &mut out);
                after_table = true;
            }
            Block::PageBreak => {
                out.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>");
                after_table = false;
            }
        }
    }
    let (w, h) = d.page_size();
    let orient = if d.landscape {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    out.push_str("<w:sectPr>");
    if !d.header.is_empty() {
        out.push_str("<w:headerReference w:type=\"default\" r:id=\"rIdHeader1\"/>");
    }
    if !d.footer.is_empty() {
        out.push_str("<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\"/>");
    }
    out.push_str(&format!(
        "<w:pgSz w:w=\"{w}\" w:h=\"{h}\"{orient}/><w:pgMar w:top=\"{MARGIN}\" w:right=\"{MARGIN}\" w:bottom=\"{MARGIN}\" w:left=\"{MARGIN}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/><w:cols w:space=\"708\"/><w:docGrid w:linePitch=\"360\"/></w:sectPr></w:body></w:document>"
    ));
    out
}

/// Whether a table comes next, past any paragraphs holding only block tags.
fn table_follows(rest: &[Block]) -> bool {
    rest.iter()
        .find(|b| !matches!(b, Block::Para(p) if is_structural(p)))
        .is_some_and(|b| matches!(b, Block::Table(_)))
}

/// A paragraph that holds only a block tag (`{{#each …}}`, `{{else}}`, `{{/if}}`): the template
/// engine removes it, so spacing set on it would be lost.
fn is_structural(p: &Para) -> bool {
    let text: String = p.runs.iter().map(|r| r.text.as_str()).collect();
    let t = text.trim();
    t.starts_with("{{")
        && t.ends_with("}}")
        && t.matches("{{").count() == 1
        && (t.starts_with("{{#") || t.starts_with("{{/") || t.starts_with("{{else"))
}

impl NewDocument {
    /// The page's width and height (twips): A4, portrait or landscape.
    pub fn page_size(&self) -> (u32, u32) {
        if self.landscape {
            (16838, 11906)
        } else {
            (11906, 16838)
        }
    }

    /// The width between the margins, which every table spans.
    pub fn text_width(&self) -> u32 {
        self.page_size().0 - 2 * MARGIN
    }
}

fn story_xml(root: &str, paras: &[Para]) -> String {
    let mut out = String::from(DECL);
    out.push_str(&format!("<w:{root} xmlns:w=\"{W}\" xmlns:r=\"{R}\">"));
    for p in paras {
        para_xml(p, &mut out);
    }
    out.push_str(&format!("</w:{root}>"));
    out
}

const STYLES: &str = r#"<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="240"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="1F3864"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:sz w:val="26"/><w:szCs w:val="26"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="60"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Placeholder"><w:name w:val="Placeholder"/><w:basedOn w:val="Normal"/><w:qFormat/><w:rPr><w:i/><w:iCs/><w:color w:val="595959"/></w:rPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="Address"><w:name w:val="Address"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="0"/></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="AddressEnd"><w:name w:val="Address end"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="320"/></w:pPr></w:style><w:style w:type="paragraph" w:customStyle="1" w:styleId="ListItem"><w:name w:val="List item"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="120"/><w:ind w:left="360"/></w:pPr></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="0"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>"#;

const THEME: &str = r#"<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office Theme"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2><a:accent1><a:srgbClr val="4472C4"/></a:accent1><a:accent2><a:srgbClr val="ED7D31"/></a:accent2><a:accent3><a:srgbClr val="A5A5A5"/></a:accent3><a:accent4><a:srgbClr val="FFC000"/></a:accent4><a:accent5><a:srgbClr val="5B9BD5"/></a:accent5><a:accent6><a:srgbClr val="70AD47"/></a:accent6><a:hlink><a:srgbClr val="0563C1"/></a:hlink><a:folHlink><a:srgbClr val="954F72"/></a:folHlink></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:majorFont><a:minorFont><a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/></a:minorFont></a:fontScheme><a:fmtScheme name="Office"><a:fillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:fillStyleLst><a:lnStyleLst><a:ln w="6350"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="12700"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln><a:ln w="19050"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln></a:lnStyleLst><a:effectStyleLst><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle><a:effectStyle><a:effectLst/></a:effectStyle></a:effectStyleLst><a:bgFillStyleLst><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>"#;

/// Builds the .docx package, its zip entries dated now (local time), as a document made
/// today should be.
pub fn build(d: &NewDocument) -> Vec<u8> {
    package(d, Some(crate::output::zip_time_now()))
}

/// Builds the .docx package with fixed dates: the same description always gives the same
/// bytes, so the committed built-in templates can be checked against their source.
pub fn build_reproducible(d: &NewDocument) -> Vec<u8> {
    package(d, None)
}

fn package(d: &NewDocument, made: Option<zip::DateTime>) -> Vec<u8> {
    let mut parts: Vec<(&str, String)> = Vec::new();
    let mut overrides = String::new();
    let mut rels = String::from(
        "<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rIdTheme\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>",
    );
    if !d.header.is_empty() {
        overrides.push_str("<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>");
        rels.push_str("<Relationship Id=\"rIdHeader1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>");
        parts.push(("word/header1.xml", story_xml("hdr", &d.header)));
    }
    if !d.footer.is_empty() {
        overrides.push_str("<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>");
        rels.push_str("<Relationship Id=\"rIdFooter1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>");
        parts.push(("word/footer1.xml", story_xml("ftr", &d.footer)));
    }
    let mut custom = String::new();
    for (i, (k, v)) in d.custom.iter().enumerate() {
        custom.push_str(&format!(
            "<property fmtid=\"{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}\" pid=\"{}\" name=\"{}\"><vt:lpwstr>{}</vt:lpwstr></property>",
            i + 2,
            esc(k),
            esc(v)
        ));
    }
    let content_types = format!(
        "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/><Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/><Override PartName=\"/word/theme/theme1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.theme+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/><Override PartName=\"/docProps/custom.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.custom-properties+xml\"/>{overrides}</Types>"
    );
    let package_rels = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/><Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties\" Target=\"docProps/custom.xml\"/></Relationships>"
    );
    let core = format!(
        "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>{}</dc:title><dc:creator>scrkit</dc:creator><cp:lastModifiedBy>scrkit</cp:lastModifiedBy><dcterms:created xsi:type=\"dcterms:W3CDTF\">2016-01-01T00:00:00Z</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">2016-01-01T00:00:00Z</dcterms:modified></cp:coreProperties>",
        esc(&d.title)
    );
    let app = format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\"><Application>scrkit</Application></Properties>"
    );
    let custom = format!(
        "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/custom-properties\" xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">{custom}</Properties>"
    );
    let doc_rels = format!(
        "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">{rels}</Relationships>"
    );
    let styles = format!("{DECL}<w:styles xmlns:w=\"{W}\">{STYLES}</w:styles>");
    let settings = format!(
        "{DECL}<w:settings xmlns:w=\"{W}\"><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
    );
    let theme = format!("{DECL}{THEME}");
    let fonts = format!(
        "{DECL}<w:fonts xmlns:w=\"{W}\"><w:font w:name=\"Arial\"><w:panose1 w:val=\"020B0604020202020204\"/><w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch w:val=\"variable\"/></w:font></w:fonts>"
    );
    let mut all: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", package_rels),
        ("docProps/core.xml", core),
        ("docProps/app.xml", app),
        ("docProps/custom.xml", custom),
        ("word/document.xml", document_xml(d)),
        ("word/_rels/document.xml.rels", doc_rels),
        ("word/styles.xml", styles),
        ("word/settings.xml", settings),
        ("word/fontTable.xml", fonts),
        ("word/theme/theme1.xml", theme),
    ];
    all.extend(parts);
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    let mut opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(9));
    if let Some(t) = made {
        opts = opts.last_modified_time(t);
    }
    for (name, data) in all {
        // Writing to memory cannot fail.
        let _ = z.start_file(name, opts);
        let _ = z.write_all(data.as_bytes());
    }
    z.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::{Package, Styles, Tree, story_parts};

    fn sample() -> NewDocument {
        NewDocument {
            title: "Terms of Reference".into(),
            custom: vec![("ScrKind".into(), "terms_of_reference".into())],
            landscape: true,
            header: vec![Para::runs(vec![Run::bold("OFFICIAL-SENSITIVE")]).align(Align::Center)],
            footer: vec![Para::runs(vec![
                Run::text("Page "),
                Run::field("PAGE", "1"),
                Run::text(" of "),
                Run::field("NUMPAGES", "1"),
            ])],
            body: vec![
                Block::Para(Para::new("Terms & <Reference>").style("Title")),
                Block::Para(Para::new("Scope").style("Heading1")),
                Block::Table(Table {
                    columns: vec![Col::Fit("23:59"), Col::Share(1)],
                    header_rows: 1,
                    rows: vec![
                        vec![vec![Para::new("A")], vec![Para::new("B")]],
                        vec![vec![], vec![Para::new("x")]],
                    ],
                    formats: Vec::new(),
                }),
            ],
        }
    }

    #[test]
    fn a_cell_can_be_shaded_and_span_columns() {
        let t = Table {
            columns: vec![Col::Share(1), Col::Share(1), Col::Share(2)],
            header_rows: 1,
            rows: vec![
                vec![
                    vec![Para::new("A")],
                    vec![Para::new("B")],
                    vec![Para::new("C")],
                ],
                vec![vec![Para::new("A very long heading over every column")]],
                vec![vec![], vec![], vec![Para::new("z")]],
            ],
            formats: vec![CellFormat {
                row: 1,
                cell: 0,
                shading: Some("F2F2F2"),
                span: 3,
            }],
        };
        assert_eq!(t.cell_columns(1), [(0, 3)]);
        assert_eq!(t.cell_columns(2), [(0, 1), (1, 1), (2, 1)]);
        let mut out = String::new();
        table_xml(&t, 8000, &mut out);
        assert!(out.contains("<w:tcW w:w=\"8000\" w:type=\"dxa\"/><w:gridSpan w:val=\"3\"/><w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"), "{out}");
        // The spanning heading's words do not widen the first column.
        assert_eq!(column_widths(&t, 8000), [2000, 2000, 4000]);
        // Header cells keep their own shading; plain cells have none.
        assert_eq!(out.matches("D9E2F3").count(), 3);
        assert_eq!(out.matches("<w:shd ").count(), 4);
    }

    #[test]
    fn a_new_document_reads_back_with_its_parts_styles_and_properties() {
        let bytes = build(&sample());
        let pkg = Package::from_bytes(bytes.clone()).unwrap();
        let parts: Vec<String> = story_parts(&pkg).iter().map(|p| p.label.clone()).collect();
        assert_eq!(
            parts,
            [
                "document body",
                "header of section 1",
                "footer of section 1",
                "document properties",
                "extended document properties",
                "custom document properties"
            ]
        );
        let doc = Tree::parse(&pkg.read_text("word/document.xml").unwrap()).unwrap();
        assert!(doc.text_content(0).contains("Terms & <Reference>"));
        let styles = Styles::from_package(&pkg);
        assert_eq!(styles.level("Heading1"), Some(1));
        let xml = pkg.read_text("word/document.xml").unwrap();
        assert!(xml.contains("w:orient=\"landscape\"") && xml.contains("<w:tblHeader/>"));
        assert!(
            pkg.read_text("docProps/custom.xml")
                .unwrap()
                .contains("terms_of_reference")
        );
        // Reproducible where asked: the same description gives the same bytes.
        assert_eq!(build_reproducible(&sample()), build_reproducible(&sample()));
    }

    /// The year of every zip entry of a package.
    fn entry_years(bytes: Vec<u8>) -> Vec<u16> {
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        (0..z.len())
            .map(|i| z.by_index(i).unwrap().last_modified().unwrap().year())
            .collect()
    }

    #[test]
    fn a_document_is_dated_when_made_and_a_template_reproducibly() {
        use chrono::Datelike;
        let year = chrono::Local::now().year() as u16;
        let made = entry_years(build(&sample()));
        assert!(
            !made.is_empty() && made.iter().all(|y| *y == year),
            "{made:?}"
        );
        let fixed = entry_years(build_reproducible(&sample()));
        assert!(fixed.iter().all(|y| *y == 1980), "{fixed:?}");
    }
}
