//! Publication safety: nothing in a document may identify the child, siblings or family.
//!
//! Word keeps text in many places besides the page: headers, footers, footnotes, endnotes,
//! comments (and their authors), text deleted with Track Changes on (invisible, still in the
//! file), text boxes, alternative text of pictures, field codes, document properties (title,
//! subject, author, keywords, custom properties), document variables, custom XML data, charts,
//! and link addresses. The check reads every XML part of the package, so that what it does
//! not know the name of is still searched. Paragraph text is joined across runs, so a name
//! Word split over three runs is found; deleted and inserted text are searched both as the
//! document reads now and as it read before the changes.

use super::document::{
    Document, PartText, is_separator_note, local, paragraph_location, part_location,
};
use super::hidden::{Hidden, scan_document};
pub use super::hidden::{PublicationOptions, Searched};
use super::leftovers::property_label;
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{NodeId, NodeKind, Revision, Tree};
use crate::identify::{Identifiers, Match, MatchOf, Passed, shown};
use serde::Serialize;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use crate::identify::{Identifier, IdentifierKind, Pattern};

/// One identifier found in a document.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// Where: part (in words), paragraph, table cell, nearest heading.
    pub location: Location,
    /// The text found, as the document writes it.
    pub found: String,
    /// What it identifies: "the child's first name", "a postcode".
    pub identifier: String,
    /// The identifier's kind, or `None` for a generic pattern.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<IdentifierKind>,
    /// The generic pattern, when that is what found it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pattern: Option<Pattern>,
    /// Whether the text is in a tracked insertion or deletion.
    pub revision: Revision,
    /// What anonymising would put in its place, for identifiers of the case.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement: Option<String>,
}

impl Hit {
    /// The hit as a finding.
    pub fn to_diagnostic(&self) -> Diagnostic {
        let mut message = format!("\"{}\" identifies: {}", self.found, self.identifier);
        match self.revision {
            Revision::Deleted => {
                message.push_str(" (in text deleted with Track Changes: still in the file)")
            }
            Revision::Inserted => message.push_str(" (in a tracked insertion)"),
            Revision::None => {}
        }
        let help = match (&self.replacement, self.revision) {
            (_, Revision::Deleted) => {
                "accept the tracked changes (deleted text stays in the file until then), then check again".to_string()
            }
            (Some(r), _) => format!("write \"{r}\" instead, or run `scr anonymise`"),
            (None, _) => "check whether it identifies anyone connected with the case, and remove it if so".to_string(),
        };
        Diagnostic::error(self.location.clone(), message).with_help(help)
    }
}

/// Something that looked identifying and was passed over, and why: an organisation's public
/// contact point, or an allowed value. Reported so the author sees what was not judged.
#[derive(Debug, Clone, Serialize)]
pub struct PassedOver {
    /// Where.
    pub location: Location,
    /// The text, as the document writes it (shown safely).
    pub found: String,
    /// What it looked like.
    pub pattern: Pattern,
    /// Why it was passed over.
    pub why: Passed,
}

/// What the publication check found in one document.
#[derive(Debug, Clone, Serialize)]
pub struct PublicationReport {
    /// The file checked.
    pub file: PathBuf,
    /// Every identifier found.
    pub hits: Vec<Hit>,
    /// What looked identifying but is public or allowed.
    pub passed_over: Vec<PassedOver>,
    /// Every finding: each hit, and parts that could not be read or were refused.
    pub diagnostics: Vec<Diagnostic>,
    /// What was searched, and what was refused.
    pub searched: Searched,
}

impl PublicationReport {
    /// True when nothing identifying was found and every part was read.
    pub fn is_clean(&self) -> bool {
        self.hits.is_empty() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

pub(super) struct Scan<'a> {
    ids: &'a Identifiers,
    pub(super) hits: Vec<Hit>,
    pub(super) passed: Vec<PassedOver>,
    /// (label, found lower-cased, identifier) already reported for places that repeat (authors).
    seen: HashSet<(String, String, String)>,
}

impl Scan<'_> {
    /// Searches `text` and records each match at `location`: generic patterns too when
    /// `generic`, each found text once per place when `once`.
    pub(super) fn text(
        &mut self,
        text: &str,
        location: &Location,
        generic: bool,
        revision: Revision,
        once: bool,
    ) {
        for m in self.ids.find_detailed(text, generic && self.ids.generic) {
            if once {
                let label = location.to_string();
                let found = text[m.start..m.shown_end].to_lowercase();
                if !self.seen.insert((label, found, format!("{:?}", m.of))) {
                    continue;
                }
            }
            record(self, text, &m, location, revision);
        }
    }
}

/// Attributes that hold text a person wrote or can see: alternative text, tooltips, authors,
/// document variables, bookmark and property names.
pub(crate) fn attribute_label(tree: &Tree, n: usize, key: &str) -> Option<&'static str> {
    let el = tree.name(n);
    Some(match (local(el), key) {
        ("docPr" | "cNvPr", "descr" | "title") => "alternative text of a picture",
        (_, "w:tooltip") => "tooltip of a link",
        ("comment", "w:author" | "w:initials") => "author of a comment",
        ("ins" | "del" | "moveFrom" | "moveTo" | "rPrChange" | "pPrChange", "w:author") => {
            "author of a tracked change"
        }
        ("person", "w15:author") => "reviewer list",
        ("docVar", "w:val" | "w:name") => "document variable",
        ("bookmarkStart", "w:name") => "bookmark name",
        ("property", "name") => "name of a custom property",
        ("fldSimple", "w:instr") => "field code",
        (_, "descr" | "title") => "description of an object",
        _ => return None,
    })
}

/// Each attribute that holds text a person wrote or sees ([`attribute_label`]): its element,
/// name, label and value. What the publication check searches and anonymising rewrites.
pub(crate) fn labelled_attributes(tree: &Tree) -> Vec<(NodeId, String, &'static str, String)> {
    let mut out = Vec::new();
    for n in tree.descendants(0) {
        let NodeKind::Element { name, raw, .. } = &tree.nodes[n].kind else {
            continue;
        };
        if !raw.contains('=') {
            continue;
        }
        let start = quick_xml::events::BytesStart::from_content(raw.as_str(), name.len());
        let mut attrs = start.attributes();
        attrs.with_checks(false);
        for a in attrs.flatten() {
            let key = a.key.as_ref().to_string();
            let Some(label) = attribute_label(tree, n, &key) else {
                continue;
            };
            let Ok(value) = a.normalized_value(quick_xml::XmlVersion::Implicit1_0) else {
                continue;
            };
            out.push((n, key, label, value.into_owned()));
        }
    }
    out
}

/// Searches every element's attributes named by [`attribute_label`].
pub(super) fn scan_attributes(scan: &mut Scan, tree: &Tree, part_name: &str, where_: &str) {
    for (_, _, label, value) in labelled_attributes(tree) {
        let location = Location::Docx {
            part: part_name.to_string(),
            part_label: format!("{label} in the {where_}"),
            paragraph: None,
            table: None,
            heading: None,
        };
        let generic = matches!(
            label,
            "alternative text of a picture"
                | "tooltip of a link"
                | "document variable"
                | "description of an object"
                | "field code"
        );
        scan.text(&value, &location, generic, Revision::None, true);
    }
}

/// Searches the paragraphs of a story part, as it reads now and as it read before tracked
/// changes, and its field codes.
pub(super) fn scan_story(scan: &mut Scan, part: &PartText) {
    let tree = &part.tree;
    let mut choice_hits: HashSet<(usize, String)> = HashSet::new();
    for p in &part.paragraphs {
        if is_separator_note(tree, p) {
            continue;
        }
        let location = paragraph_location(part, p);
        let before = scan.hits.len();
        // Now: ordinary and inserted text.
        let now = p.view(|r| r != Revision::Deleted);
        for m in scan.ids.find_detailed(&now.text, scan.ids.generic) {
            let spans = now.spans(m.start, m.end, &p.pieces);
            let inserted = spans
                .iter()
                .any(|s| p.pieces[s.piece].revision == Revision::Inserted);
            record(
                scan,
                &now.text,
                &m,
                &location,
                if inserted {
                    Revision::Inserted
                } else {
                    Revision::None
                },
            );
        }
        // Before: ordinary and deleted text; only what touches deleted text is new.
        if p.pieces.iter().any(|x| x.revision == Revision::Deleted) {
            let old = p.view(|r| r != Revision::Inserted);
            for m in scan.ids.find_detailed(&old.text, scan.ids.generic) {
                let spans = old.spans(m.start, m.end, &p.pieces);
                if spans
                    .iter()
                    .any(|s| p.pieces[s.piece].revision == Revision::Deleted)
                {
                    record(scan, &old.text, &m, &location, Revision::Deleted);
                }
            }
        }
        // A text box's fallback copy repeats its choice: report it only if it differs.
        if let Some(ac) = p.choice_of {
            for h in &scan.hits[before..] {
                choice_hits.insert((ac, h.found.to_lowercase()));
            }
        }
        if let Some(ac) = p.fallback_of {
            let mut i = before;
            while i < scan.hits.len() {
                if choice_hits.contains(&(ac, scan.hits[i].found.to_lowercase())) {
                    scan.hits.remove(i);
                } else {
                    i += 1;
                }
            }
        }
    }
    // Field codes (HYPERLINK "mailto:…", MERGEFIELD…), outside the paragraphs' text.
    for n in tree.descendants(0) {
        if matches!(tree.name(n), "w:instrText" | "w:delInstrText") {
            let text = tree.text_content(n);
            let p = tree.ancestor(n, "w:p");
            let para = p.and_then(|p| part.paragraphs.iter().find(|x| x.node == p));
            let location = match para {
                Some(pt) => {
                    let mut l = paragraph_location(part, pt);
                    if let Location::Docx { part_label, .. } = &mut l {
                        *part_label = format!("field code in the {part_label}");
                    }
                    l
                }
                None => part_location(
                    &part.part,
                    Some(&format!("field code in the {}", part.part.label)),
                ),
            };
            scan.text(&text, &location, true, Revision::None, false);
        }
    }
    scan_attributes(scan, tree, &part.part.name, &part.part.label);
}

fn record(scan: &mut Scan, text: &str, m: &Match, location: &Location, revision: Revision) {
    let found = shown(&text[m.start..m.shown_end]);
    let (identifier, kind, pattern, replacement) = match m.of {
        MatchOf::Identifier(i) => {
            let id = &scan.ids.list[i];
            (
                id.source.clone(),
                Some(id.kind),
                None,
                Some(id.replacement.clone()),
            )
        }
        MatchOf::Pattern(p) => (p.describe().to_string(), None, Some(p), None),
        MatchOf::Passed(pattern, why) => {
            scan.passed.push(PassedOver {
                location: location.clone(),
                found,
                pattern,
                why,
            });
            return;
        }
    };
    scan.hits.push(Hit {
        location: location.clone(),
        found,
        identifier,
        kind,
        pattern,
        revision,
        replacement,
    });
}

/// Searches each property's value.
pub(super) fn scan_properties(scan: &mut Scan, part: &PartText) {
    let t = &part.tree;
    for n in t.descendants(0) {
        if !matches!(t.nodes[n].kind, NodeKind::Element { .. })
            || t.nodes[n]
                .children
                .iter()
                .any(|&c| matches!(t.nodes[c].kind, NodeKind::Element { .. }))
        {
            continue;
        }
        let text = t.text_content(n);
        if text.trim().is_empty() {
            continue;
        }
        let label = property_label(part, t, n);
        scan.text(
            &text,
            &part_location(&part.part, Some(&label)),
            true,
            Revision::None,
            false,
        );
    }
    scan_attributes(scan, t, &part.part.name, &part.part.label);
}

/// Searches every part of an opened document for the identifiers, refusing binary objects and
/// macros (see [`check_publication_with`]).
pub fn check_publication(doc: &Document, file: &Path, ids: &Identifiers) -> PublicationReport {
    check_publication_with(doc, file, ids, PublicationOptions::default())
}

/// Searches every part of an opened document for the identifiers: the story parts, then every
/// other part ([`super::hidden`]), each searched or refused.
pub fn check_publication_with(
    doc: &Document,
    file: &Path,
    ids: &Identifiers,
    options: PublicationOptions,
) -> PublicationReport {
    let mut scan = Scan {
        ids,
        hits: Vec::new(),
        passed: Vec::new(),
        seen: HashSet::new(),
    };
    let mut hidden = Hidden::new(options);
    let mut diagnostics = scan_document(&mut scan, doc, 0, &mut hidden);
    diagnostics.extend(scan.hits.iter().map(Hit::to_diagnostic));
    for d in &mut diagnostics {
        d.file = Some(file.to_path_buf());
    }
    PublicationReport {
        file: file.to_path_buf(),
        hits: scan.hits,
        passed_over: scan.passed,
        diagnostics,
        searched: hidden.searched,
    }
}

/// Opens and checks one file.
pub fn check_publication_file(path: &Path, ids: &Identifiers) -> PublicationReport {
    check_publication_file_with(path, ids, PublicationOptions::default())
}

/// Opens and checks one file, with options.
pub fn check_publication_file_with(
    path: &Path,
    ids: &Identifiers,
    options: PublicationOptions,
) -> PublicationReport {
    match Document::open(path) {
        Ok(doc) => check_publication_with(&doc, path, ids, options),
        Err(d) => PublicationReport {
            file: path.to_path_buf(),
            hits: Vec::new(),
            passed_over: Vec::new(),
            diagnostics: vec![(*d).in_file(path)],
            searched: Searched::default(),
        },
    }
}
