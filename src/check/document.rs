//! A Word document opened for checking: every story part parsed once, its paragraphs joined
//! across runs, and each place named the way a person knows it ("comment by Reviewer",
//! "footnote 3", "text box in the document body").

use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{
    Package, ParagraphText, StoryKind, StoryPart, Styles, Tree, paragraphs, story_parts,
};

/// The largest document read, in bytes.
pub const MAX_DOCUMENT_BYTES: u64 = 512 * 1024 * 1024;

/// One story part, parsed.
#[derive(Debug, Clone)]
pub struct PartText {
    /// Which part.
    pub part: StoryPart,
    /// Its XML tree.
    pub tree: Tree,
    /// Its paragraphs (none for property parts).
    pub paragraphs: Vec<ParagraphText>,
}

/// A document opened for checking.
#[derive(Debug, Clone)]
pub struct Document {
    /// The package.
    pub package: Package,
    /// Heading styles.
    pub styles: Styles,
    /// Story parts in reading order, properties last.
    pub parts: Vec<PartText>,
    /// Parts that could not be read or parsed.
    pub diagnostics: Vec<Diagnostic>,
}

impl Document {
    /// Opens a document from its bytes. Fails only when the file is not a Word package at all;
    /// a damaged part is reported in [`Document::diagnostics`] and the rest is still read.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Document, Box<Diagnostic>> {
        Document::from_package(Package::from_bytes(bytes)?)
    }

    /// Opens a document from its opened package (one embedded in another, say).
    pub fn from_package(package: Package) -> Result<Document, Box<Diagnostic>> {
        if package.main_document().is_none() {
            return Err(Box::new(
                Diagnostic::error(
                    Location::File,
                    "the package has no main document (word/document.xml)",
                )
                .with_help(
                    "this is not a Word document: save it from Word or LibreOffice as .docx",
                ),
            ));
        }
        let styles = Styles::from_package(&package);
        let mut parts = Vec::new();
        let mut diagnostics = Vec::new();
        for part in story_parts(&package) {
            let text = match package.read_text(&part.name) {
                Ok(t) => t,
                Err(d) => {
                    diagnostics.push(*d);
                    continue;
                }
            };
            let tree = match Tree::parse(&text) {
                Ok(t) => t,
                Err(e) => {
                    diagnostics.push(
                        Diagnostic::error(
                            part_location(&part, None),
                            format!(
                                "the part is not well-formed XML (line {}, column {}): {}",
                                e.line, e.column, e.message
                            ),
                        )
                        .with_help("open the document in Word or LibreOffice and save it again"),
                    );
                    continue;
                }
            };
            let paragraphs = if is_property(part.kind) {
                Vec::new()
            } else {
                paragraphs(&tree, &styles, part.kind == StoryKind::Body)
            };
            parts.push(PartText {
                part,
                tree,
                paragraphs,
            });
        }
        Ok(Document {
            package,
            styles,
            parts,
            diagnostics,
        })
    }

    /// Reads a document file, refusing files too large to be a document.
    pub fn open(path: &std::path::Path) -> Result<Document, Box<Diagnostic>> {
        let fail = |msg: String, help: &str| {
            Box::new(
                Diagnostic::error(Location::File, msg)
                    .in_file(path)
                    .with_help(help),
            )
        };
        let bytes = crate::input::read_limited(path, MAX_DOCUMENT_BYTES).map_err(|e| match e {
            crate::input::ReadError::Io(e) => fail(
                format!("cannot read the document: {e}"),
                "check the path and that you may read it",
            ),
            e => fail(
                format!(
                    "the file is {}, too large for a document",
                    e.size_in_bytes()
                ),
                "check this is the right file",
            ),
        })?;
        let mut doc = Document::from_bytes(bytes).map_err(|d| Box::new(d.in_file(path)))?;
        for d in &mut doc.diagnostics {
            d.file = Some(path.to_path_buf());
        }
        Ok(doc)
    }

    /// The body part.
    pub fn body(&self) -> Option<&PartText> {
        self.parts.iter().find(|p| p.part.kind == StoryKind::Body)
    }

    /// A core property (`dc:title`, `dc:creator`, `cp:lastModifiedBy`...), trimmed, when set.
    pub fn core_property(&self, element: &str) -> Option<String> {
        let part = self
            .parts
            .iter()
            .find(|p| p.part.kind == StoryKind::CoreProperties)?;
        let t = &part.tree;
        t.descendants(0)
            .into_iter()
            .find(|&n| t.is(n, element))
            .map(|n| t.text_content(n).trim().to_string())
            .filter(|s| !s.is_empty())
    }

    /// A custom property's value, when set.
    pub fn custom_property(&self, name: &str) -> Option<String> {
        let part = self
            .parts
            .iter()
            .find(|p| p.part.kind == StoryKind::CustomProperties)?;
        let t = &part.tree;
        t.descendants(0)
            .into_iter()
            .find(|&n| local(t.name(n)) == "property" && t.attr(n, "name").as_deref() == Some(name))
            .map(|n| t.text_content(n).trim().to_string())
            .filter(|s| !s.is_empty())
    }
}

/// True for the document property parts.
pub fn is_property(kind: StoryKind) -> bool {
    matches!(
        kind,
        StoryKind::CoreProperties | StoryKind::AppProperties | StoryKind::CustomProperties
    )
}

/// The local part of a qualified name (`vt:lpwstr` gives `lpwstr`).
pub fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}

/// The place of a paragraph, named for a person: the part's label, or for notes and comments
/// the note or comment it belongs to, and text boxes called so.
pub fn paragraph_label(part: &PartText, p: &ParagraphText) -> String {
    let t = &part.tree;
    let base = match part.part.kind {
        StoryKind::Comments => match t.ancestor(p.node, "w:comment") {
            Some(c) => match t.attr(c, "w:author").filter(|a| !a.trim().is_empty()) {
                Some(a) => format!("comment by {a}"),
                None => "comment".to_string(),
            },
            None => part.part.label.clone(),
        },
        StoryKind::Footnotes | StoryKind::Endnotes => {
            let (el, word) = if part.part.kind == StoryKind::Footnotes {
                ("w:footnote", "footnote")
            } else {
                ("w:endnote", "endnote")
            };
            match t.ancestor(p.node, el).and_then(|n| t.attr(n, "w:id")) {
                Some(id) => format!("{word} {id}"),
                None => part.part.label.clone(),
            }
        }
        _ => part.part.label.clone(),
    };
    if p.in_text_box {
        format!("text box in the {base}")
    } else {
        base
    }
}

/// The location of a paragraph.
pub fn paragraph_location(part: &PartText, p: &ParagraphText) -> Location {
    Location::Docx {
        part: part.part.name.clone(),
        part_label: paragraph_label(part, p),
        paragraph: Some(p.number),
        table: p.table,
        heading: p.heading.clone(),
    }
}

/// The location of a part as a whole, optionally with a label of its own.
pub fn part_location(part: &StoryPart, label: Option<&str>) -> Location {
    Location::Docx {
        part: part.name.clone(),
        part_label: label.unwrap_or(&part.label).to_string(),
        paragraph: None,
        table: None,
        heading: None,
    }
}

/// True for notes that are Word's separators, not text anyone wrote.
pub fn is_separator_note(tree: &Tree, p: &ParagraphText) -> bool {
    ["w:footnote", "w:endnote"].iter().any(|el| {
        tree.ancestor(p.node, el)
            .and_then(|n| tree.attr(n, "w:type"))
            .is_some_and(|ty| ty != "normal")
    })
}
