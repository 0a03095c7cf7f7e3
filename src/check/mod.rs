//! Document checks: is a document complete ([`check_document`]: required sections and
//! leftovers), and is it safe to publish ([`publication`]: nothing that identifies the child or
//! family, anywhere in the file).
//!
//! A coordinator checks what agencies send back (which management review is incomplete, and
//! where); an author checks a report before it goes to the Board. Every finding is a
//! [`Diagnostic`] located by part (in words), paragraph, table cell and nearest heading, and a
//! document's sections are summarised one by one, so the report reads as a to-do list.

pub mod coherence;
pub mod document;
mod extract;
pub mod hidden;
pub mod leftovers;
pub mod publication;
pub mod sections;

pub use crate::identify::{Identifier, IdentifierKind, Identifiers, Pattern};
pub use coherence::{check_pack, check_pack_folder};
pub use document::{Document, PartText};
pub(crate) use document::{is_property, local, paragraph_location, part_location};
pub(crate) use extract::{decode as decode_part, decode_references, image_text, is_inline_tag};
pub(crate) use hidden::{MAX_EMBEDDED_DEPTH, PartKind, PartSeen, walk_parts};
pub(crate) use leftovers::tracked_change;
pub use leftovers::{Leftover, LeftoverKind, find_leftovers};
pub(crate) use publication::labelled_attributes;
pub use publication::{
    Hit, PassedOver, PublicationOptions, PublicationReport, Searched, check_publication,
    check_publication_file, check_publication_file_with, check_publication_with,
};
pub use sections::{SectionState, SectionSummary, check_sections};

use crate::diagnostic::{Diagnostic, Location};
use crate::docx::text::shorten;
use crate::manifest::{KIND_PROPERTY, Manifest};
use regex::Regex;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[\s*to\s+be\s+completed\b[^\]]{0,500}\]?").expect("placeholder pattern")
});

/// The pattern of a `[To be completed: …]` placeholder (the closing bracket may be missing).
pub fn placeholder_re() -> &'static Regex {
    &PLACEHOLDER
}

/// How the document's kind was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KindSource {
    /// Given by the caller (`--kind`).
    Given,
    /// The `ScrKind` custom property that scrkit writes into generated documents.
    Property,
    /// Recognised from the document's title.
    Title,
    /// Not known: only leftovers were checked.
    Unknown,
}

/// Everything found in one document.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentReport {
    /// The file checked.
    pub file: PathBuf,
    /// The document kind, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// How the kind was decided.
    pub kind_source: KindSource,
    /// The document's title, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// One entry per required section of the kind, in the manifest's order.
    pub sections: Vec<SectionSummary>,
    /// Every leftover found.
    pub leftovers: Vec<Leftover>,
    /// Every finding: sections, leftovers, and parts that could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

impl DocumentReport {
    /// Number of errors.
    pub fn errors(&self) -> usize {
        crate::diagnostic::error_count(&self.diagnostics)
    }

    fn failed(file: &Path, d: Diagnostic) -> DocumentReport {
        DocumentReport {
            file: file.to_path_buf(),
            kind: None,
            kind_source: KindSource::Unknown,
            title: None,
            sections: Vec::new(),
            leftovers: Vec::new(),
            diagnostics: vec![d.in_file(file)],
        }
    }
}

/// The document's title: its title property, else its first Title-styled paragraph.
pub fn document_title(doc: &Document) -> Option<String> {
    doc.core_property("dc:title").or_else(|| {
        let body = doc.body()?;
        body.paragraphs
            .iter()
            .find(|p| p.level == Some(crate::docx::TITLE_LEVEL))
            .map(|p| p.text().trim().to_string())
            .filter(|t| !t.is_empty())
    })
}

/// Checks one opened document. `kind` given by the caller wins over the `ScrKind` property
/// and the title (with a warning when they disagree).
pub fn check_document(
    doc: &Document,
    file: &Path,
    manifest: &Manifest,
    kind: Option<&str>,
) -> DocumentReport {
    let mut diagnostics: Vec<Diagnostic> = doc.diagnostics.clone();
    let title = document_title(doc);
    let property = doc.custom_property(KIND_PROPERTY);
    let (kind_name, source) = match (kind, &property) {
        (Some(k), _) => (Some(k.to_string()), KindSource::Given),
        (None, Some(p)) => (Some(p.clone()), KindSource::Property),
        (None, None) => match title.as_deref().and_then(|t| manifest.recognise_title(t)) {
            Some(d) => (Some(d.kind.clone()), KindSource::Title),
            None => (None, KindSource::Unknown),
        },
    };
    if let (Some(k), Some(p)) = (kind, &property)
        && k != p
    {
        diagnostics.push(
            Diagnostic::warning(
                Location::File,
                format!(
                    "checked as {k}, but the document says it is {p} (its {KIND_PROPERTY} property)"
                ),
            )
            .with_help("check that --kind names the right kind of document"),
        );
    }
    let entry = kind_name.as_deref().and_then(|k| manifest.get(k));
    let kinds = manifest.kinds().collect::<Vec<_>>().join(", ");
    let mut sections = Vec::new();
    let mut covered = Default::default();
    match (&kind_name, entry) {
        (Some(_), Some(entry)) => {
            let (s, d, c) = check_sections(doc, entry);
            sections = s;
            covered = c;
            diagnostics.extend(d);
        }
        (Some(k), None) => diagnostics.push(
            Diagnostic::error(
                Location::File,
                format!("\"{k}\" is not a document kind in the manifest; sections were not checked"),
            )
            .with_help(crate::suggest::help(
                k,
                &manifest.kinds().collect::<Vec<_>>(),
                "give --kind with one of",
            )),
        ),
        (None, _) => diagnostics.push(
            Diagnostic::error(
                Location::File,
                match &title {
                    Some(t) => format!(
                        "the kind of document cannot be told from its title (\"{}\"); sections were not checked",
                        shorten(t, 60)
                    ),
                    None => "the kind of document cannot be told: it has no title and no ScrKind property; sections were not checked".to_string(),
                },
            )
            .with_help(format!("give --kind with one of: {kinds}")),
        ),
    }
    let leftovers = find_leftovers(doc, &covered);
    diagnostics.extend(leftovers.iter().map(Leftover::to_diagnostic));
    for d in &mut diagnostics {
        d.file = Some(file.to_path_buf());
    }
    DocumentReport {
        file: file.to_path_buf(),
        kind: kind_name,
        kind_source: source,
        title,
        sections,
        leftovers,
        diagnostics,
    }
}

/// Opens and checks one file.
pub fn check_file(path: &Path, manifest: &Manifest, kind: Option<&str>) -> DocumentReport {
    match Document::open(path) {
        Ok(doc) => check_document(&doc, path, manifest, kind),
        Err(d) => DocumentReport::failed(path, *d),
    }
}
