//! Parts a reader never sees, searched or refused: the publication check's promise is that no
//! part of the package goes unread.
//!
//! Besides the story parts ([`super::publication`]), a package may carry: other XML parts
//! (custom XML, charts, settings), link addresses, web pages, plain text and RTF that Word
//! merges into the document when it opens it (an altChunk), text chunks and metadata in images,
//! whole documents and workbooks embedded in it, binary OLE objects and macros, fonts and
//! printer settings, the names of the parts themselves and the zip's comments. Each is searched
//! in the form it holds text; embedded packages are opened and searched in turn, up to
//! [`MAX_EMBEDDED_DEPTH`] deep. Binary objects and macros cannot be read as text reliably and
//! are refused, each with its place, unless the caller allows them (then their strings are
//! searched). What was searched and what was refused is counted in [`Searched`].

use super::document::{Document, is_property};
use super::extract;
pub(crate) use super::extract::PartKind;
use super::publication::{Scan, scan_attributes, scan_properties, scan_story};
use crate::diagnostic::{Diagnostic, Location};
use crate::docx::package::rels_owner;
use crate::docx::{NodeKind, Package, Revision, Tree};
use serde::Serialize;
use std::collections::HashSet;
use std::fmt;

/// How deep packages inside packages are opened: a document in a workbook in a document.
pub const MAX_EMBEDDED_DEPTH: usize = 3;

/// The most bytes that embedded packages may inflate to, all together (1 GiB).
const EMBEDDED_BUDGET: u64 = 1 << 30;

/// What the publication check may pass that it cannot read as text.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicationOptions {
    /// Search binary OLE objects and macros for the strings they hold instead of refusing them
    /// (`--allow-embedded`). Strings are not everything such an object can show.
    pub allow_embedded: bool,
}

/// What the check searched in one document, and what it refused.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Searched {
    /// Parts in the package, at every depth.
    pub parts: usize,
    /// XML parts: story parts, properties, custom XML, charts, settings.
    pub xml: usize,
    /// Web pages, text and RTF that Word merges into the document on opening (altChunk).
    pub merged_on_opening: usize,
    /// Other web pages, plain text and RTF parts.
    pub text: usize,
    /// Images whose text chunks and metadata were read.
    pub images: usize,
    /// Documents, workbooks and presentations embedded in the package, opened and searched.
    pub embedded_packages: usize,
    /// Binary parts (fonts, printer settings) whose strings were searched for the case's
    /// identifiers.
    pub binary: usize,
    /// Part names and zip comments.
    pub names: usize,
    /// Binary objects and macros searched only for their strings, because they were allowed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
    /// What was refused, each as "part (what it is)".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub refused: Vec<String>,
}

impl fmt::Display for Searched {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut items = vec![format!("{} XML", self.xml)];
        for (n, what) in [
            (
                self.merged_on_opening,
                "merged into the document on opening (altChunk)",
            ),
            (self.text, "text, web page or RTF"),
            (self.images, "image(s): text chunks and metadata"),
            (
                self.embedded_packages,
                "embedded document(s) or workbook(s), opened",
            ),
            (self.binary, "binary (fonts, settings): strings"),
        ] {
            if n > 0 {
                items.push(format!("{n} {what}"));
            }
        }
        write!(
            f,
            "searched: every part ({}): {}; every part's name",
            self.parts,
            items.join(", ")
        )?;
        if !self.allowed.is_empty() {
            write!(f, "; allowed (strings only): {}", self.allowed.join(", "))?;
        }
        if !self.refused.is_empty() {
            write!(f, "; refused: {}", self.refused.join(", "))?;
        }
        Ok(())
    }
}

/// The state of one document's search through its hidden parts.
pub(super) struct Hidden {
    pub(super) options: PublicationOptions,
    pub(super) searched: Searched,
    budget: u64,
}

impl Hidden {
    pub(super) fn new(options: PublicationOptions) -> Hidden {
        Hidden {
            options,
            searched: Searched::default(),
            budget: EMBEDDED_BUDGET,
        }
    }
}

fn place(part: &str, label: String) -> Location {
    Location::Docx {
        part: part.to_string(),
        part_label: label,
        paragraph: None,
        table: None,
        heading: None,
    }
}

/// Searches a Word document: its story parts, then every other part. `depth` is 0 for the
/// document checked, more for one embedded in it.
pub(super) fn scan_document(
    scan: &mut Scan,
    doc: &Document,
    depth: usize,
    hidden: &mut Hidden,
) -> Vec<Diagnostic> {
    for part in &doc.parts {
        if is_property(part.part.kind) {
            scan_properties(scan, part);
        } else {
            scan_story(scan, part);
        }
    }
    hidden.searched.xml += doc.parts.len();
    // Story parts, and those the document already reported as unreadable: each once.
    let mut known: HashSet<&str> = doc.parts.iter().map(|p| p.part.name.as_str()).collect();
    known.extend(doc.diagnostics.iter().filter_map(|d| match &d.location {
        Location::Docx { part, .. } => Some(part.as_str()),
        _ => None,
    }));
    let mut problems = doc.diagnostics.clone();
    problems.extend(scan_parts(scan, &doc.package, &known, depth, hidden));
    problems
}

/// A part of a package as [`walk_parts`] meets it.
pub(crate) enum PartSeen {
    /// A part the caller reads itself (a document's story parts and properties).
    Known,
    /// A relationships part: its external links.
    Links,
    /// Any other part: its bytes, what they are, and whether Word merges it into the document
    /// when it opens it (an altChunk).
    Content {
        bytes: Vec<u8>,
        kind: PartKind,
        merged: bool,
    },
    /// A part that could not be read, and why.
    Unreadable(Box<Diagnostic>),
}

/// The one walk over a package's parts, shared by the publication check (which searches each
/// part) and anonymising (which rewrites it): every entry, in order, read and told apart once.
pub(crate) fn walk_parts(
    package: &Package,
    known: &HashSet<&str>,
    mut visit: impl FnMut(&str, PartSeen),
) {
    let names: Vec<String> = package.part_names().map(str::to_string).collect();
    let merged = merged_on_opening(package, &names);
    for name in &names {
        let seen = if known.contains(name.as_str()) {
            PartSeen::Known
        } else if name.to_ascii_lowercase().ends_with(".rels") {
            PartSeen::Links
        } else {
            match package.read_part(name) {
                Ok(bytes) => PartSeen::Content {
                    kind: extract::kind_of(name, &bytes),
                    bytes,
                    merged: merged.contains(name.as_str()),
                },
                Err(d) => PartSeen::Unreadable(d),
            }
        };
        visit(name, seen);
    }
}

/// Searches every part of `package` not in `known`, its part names and its zip comments.
fn scan_parts(
    scan: &mut Scan,
    package: &Package,
    known: &HashSet<&str>,
    depth: usize,
    hidden: &mut Hidden,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    walk_parts(package, known, |name, seen| {
        hidden.searched.parts += 1;
        // The name itself: a picture saved as "Maisie-Thornbury.png" keeps its name.
        let readable = percent_decoded(name).replace(['/', '_', '-', '.', '+'], " ");
        scan.text(
            &readable,
            &place(name, format!("the name of the part {name}")),
            false,
            Revision::None,
            true,
        );
        hidden.searched.names += 1;
        match seen {
            PartSeen::Known => {}
            PartSeen::Links => {
                scan_links(scan, package, name);
                hidden.searched.xml += 1;
            }
            PartSeen::Unreadable(d) => problems.push(*d),
            PartSeen::Content {
                bytes,
                kind,
                merged,
            } => problems.extend(scan_bytes(scan, name, &bytes, kind, merged, depth, hidden)),
        }
    });
    for (entry, comment) in package.zip_comments() {
        let label = if entry.is_empty() {
            "the zip comment of the file".to_string()
        } else {
            format!("the zip comment of the part {entry}")
        };
        search_words(scan, comment, entry, label);
        hidden.searched.names += 1;
    }
    problems
}

/// Parts that a relationship of type `aFChunk` names: Word merges them into the document.
fn merged_on_opening(package: &Package, names: &[String]) -> HashSet<String> {
    let mut out = HashSet::new();
    for rels in names.iter().filter(|n| n.ends_with(".rels")) {
        let owner = rels_owner(rels);
        for r in package.relationships(&owner).values() {
            if !r.external && r.kind.to_ascii_lowercase().ends_with("/afchunk") {
                out.insert(r.target.clone());
            }
        }
    }
    out
}

fn percent_decoded(name: &str) -> String {
    let b = name.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = name
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Searches the addresses of a relationships part's external links.
fn scan_links(scan: &mut Scan, package: &Package, rels: &str) {
    for r in package.relationships(&rels_owner(rels)).values() {
        if r.external {
            let label = format!("address of a link ({rels})");
            search_words(scan, &percent_decoded(&r.target), rels, label);
        }
    }
}

/// A name for an XML part the checks do not otherwise know.
fn xml_part_label(name: &str) -> String {
    let what = if name.starts_with("customXml/") {
        "custom XML data"
    } else if name.contains("/glossary/") {
        "building blocks (glossary)"
    } else if name.contains("/charts/") {
        "chart"
    } else if name.contains("/diagrams/") {
        "SmartArt"
    } else if name.ends_with("settings.xml") {
        "document settings"
    } else if name.ends_with("people.xml") {
        "list of reviewers"
    } else if name.ends_with("sharedStrings.xml") {
        "text of a workbook's cells"
    } else {
        "part"
    };
    format!("{what} ({name})")
}

/// Searches one part by what it is.
fn scan_bytes(
    scan: &mut Scan,
    name: &str,
    bytes: &[u8],
    kind: PartKind,
    merged: bool,
    depth: usize,
    hidden: &mut Hidden,
) -> Vec<Diagnostic> {
    // A part Word merges in when it opens the document is named as such; any other by what
    // it is.
    let label = |merged_what: &str, what: &str| {
        if merged {
            format!(
                "{merged_what} Word merges into the document when it opens it (altChunk, {name})"
            )
        } else {
            format!("{what} ({name})")
        }
    };
    let count_text = |hidden: &mut Hidden| {
        if merged {
            hidden.searched.merged_on_opening += 1;
        } else {
            hidden.searched.text += 1;
        }
    };
    match kind {
        PartKind::Xml => {
            let (text, _) = extract::decode(bytes);
            match Tree::parse(&text) {
                Ok(tree) => {
                    scan_xml(scan, name, &tree, &xml_part_label(name));
                    hidden.searched.xml += 1;
                }
                Err(_) if name.to_ascii_lowercase().ends_with(".xml") => {
                    return vec![
                        Diagnostic::error(
                            place(name, name.to_string()),
                            "the part is not well-formed XML and could not be searched",
                        )
                        .with_help("open the document in Word or LibreOffice and save it again"),
                    ];
                }
                Err(_) => {
                    search_markup(scan, name, &text, label("a web page", "markup"));
                    count_text(hidden);
                }
            }
        }
        PartKind::Markup => {
            let (text, _) = extract::decode(bytes);
            search_markup(scan, name, &text, label("a web page", "a web page"));
            count_text(hidden);
        }
        PartKind::Mime => {
            let (text, _) = extract::decode(bytes);
            for section in extract::mime_sections(&text) {
                let (body, _) = extract::decode(&section.bytes);
                let label = label("a web archive", "a web archive");
                if section.content_type.starts_with("text/html")
                    || section.content_type.contains("xml")
                {
                    search_markup(scan, name, &body, label);
                } else if section.content_type.starts_with("text/")
                    || section.content_type.is_empty()
                {
                    search_words(scan, &body, name, label);
                } else {
                    search_strings(scan, &section.bytes, name, label);
                }
            }
            count_text(hidden);
        }
        PartKind::Rtf => {
            let (text, _) = extract::decode(bytes);
            let label = label("RTF text", "RTF text");
            search_words(scan, &extract::rtf_text(&text), name, label);
            count_text(hidden);
        }
        PartKind::Text => {
            let (text, _) = extract::decode(bytes);
            search_words(scan, &text, name, label("text", "a text part"));
            count_text(hidden);
        }
        PartKind::Image => {
            let before = scan.hits.len();
            for t in extract::image_text(bytes) {
                search_words(
                    scan,
                    &t.text,
                    name,
                    format!("{} of the image {name}", t.place),
                );
            }
            // EXIF, IPTC, GIF comments, text drawn in a metafile: the case's own identifiers.
            let structured = scan.hits.len();
            search_strings(
                scan,
                bytes,
                name,
                format!("text stored in the image {name}"),
            );
            // What a text chunk already showed is not reported again from the raw bytes.
            let shown: Vec<String> = scan.hits[before..structured]
                .iter()
                .map(|h| h.found.to_lowercase())
                .collect();
            let mut i = structured;
            while i < scan.hits.len() {
                let found = scan.hits[i].found.to_lowercase();
                if shown.iter().any(|s| s.contains(&found)) {
                    scan.hits.remove(i);
                } else {
                    i += 1;
                }
            }
            hidden.searched.images += 1;
        }
        PartKind::Zip => return scan_embedded(scan, name, bytes, depth, hidden),
        PartKind::Ole => return refuse_or_strings(scan, name, bytes, ole_what(name), hidden),
        PartKind::Binary if is_macro(name) => {
            return refuse_or_strings(scan, name, bytes, "macros (a VBA project)", hidden);
        }
        PartKind::Binary => {
            let label = format!("text stored in the binary part {name}");
            search_strings(scan, bytes, name, label);
            hidden.searched.binary += 1;
        }
    }
    Vec::new()
}

/// Searches a part's text as words, at `label` in the part `name`.
fn search_words(scan: &mut Scan, text: &str, name: &str, label: String) {
    scan.text(text, &place(name, label), true, Revision::None, true);
}

/// Searches the strings held in a part's bytes (not words: no whole-word boundaries).
fn search_strings(scan: &mut Scan, bytes: &[u8], name: &str, label: String) {
    let strings = extract::strings(bytes);
    scan.text(&strings, &place(name, label), false, Revision::None, true);
}

fn is_macro(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("vbaproject") || lower.ends_with(".bin") && lower.contains("vba")
}

fn ole_what(name: &str) -> &'static str {
    let lower = name.to_ascii_lowercase();
    if is_macro(name) {
        "macros (a VBA project)"
    } else if lower.contains("activex") {
        "an ActiveX control"
    } else {
        "a binary object (OLE)"
    }
}

/// A binary object or macros: refused with its place, or with `--allow-embedded` searched for
/// the strings it holds.
fn refuse_or_strings(
    scan: &mut Scan,
    name: &str,
    bytes: &[u8],
    what: &str,
    hidden: &mut Hidden,
) -> Vec<Diagnostic> {
    if hidden.options.allow_embedded {
        search_strings(scan, bytes, name, format!("text stored in {what} ({name})"));
        hidden.searched.allowed.push(format!("{name} ({what})"));
        return Vec::new();
    }
    hidden.searched.refused.push(format!("{name} ({what})"));
    let help = if what.starts_with("macros") {
        "save the document as a Word Document (.docx), which leaves macros out; or give --allow-embedded to search only the strings it holds"
    } else {
        "delete the object from the document (paste what it shows as text or a picture instead); or give --allow-embedded to search only the strings it holds"
    };
    vec![
        Diagnostic::error(
            place(name, format!("the part {name}")),
            format!("the document holds {what}, which cannot be searched reliably: it may show identifying text"),
        )
        .with_help(help),
    ]
}

/// An embedded document, workbook or presentation: opened and searched, its places prefixed
/// with the part that holds it.
fn scan_embedded(
    scan: &mut Scan,
    name: &str,
    bytes: &[u8],
    depth: usize,
    hidden: &mut Hidden,
) -> Vec<Diagnostic> {
    let here = place(name, format!("the embedded file {name}"));
    if depth >= MAX_EMBEDDED_DEPTH {
        hidden.searched.refused.push(format!(
            "{name} (embedded more than {MAX_EMBEDDED_DEPTH} deep)"
        ));
        return vec![
            Diagnostic::error(
                here,
                format!(
                    "a file embedded more than {MAX_EMBEDDED_DEPTH} deep could not be searched"
                ),
            )
            .with_help("delete the embedded file, or paste what it shows as text"),
        ];
    }
    let package = match Package::from_bytes(bytes.to_vec()) {
        Ok(p) => p,
        Err(d) => {
            hidden
                .searched
                .refused
                .push(format!("{name} (an embedded file that cannot be opened)"));
            return vec![
                Diagnostic::error(
                    here,
                    format!(
                        "an embedded file cannot be opened, so it was not searched: {}",
                        d.message
                    ),
                )
                .with_help("delete the embedded file, or open it and save it again"),
            ];
        }
    };
    let size = package.inflated_size();
    if size > hidden.budget {
        hidden
            .searched
            .refused
            .push(format!("{name} (embedded files too large to search)"));
        return vec![
            Diagnostic::error(here, "the embedded files are too large to search together")
                .with_help("delete the embedded files, or paste what they show as text"),
        ];
    }
    hidden.budget -= size;
    hidden.searched.embedded_packages += 1;
    let hits = scan.hits.len();
    let passed = scan.passed.len();
    let mut problems = if package.main_document().is_some() {
        match Document::from_package(package) {
            Ok(doc) => scan_document(scan, &doc, depth + 1, hidden),
            Err(d) => vec![*d],
        }
    } else {
        scan_parts(scan, &package, &HashSet::new(), depth + 1, hidden)
    };
    for h in &mut scan.hits[hits..] {
        nest(&mut h.location, name);
    }
    for p in &mut scan.passed[passed..] {
        nest(&mut p.location, name);
    }
    for d in &mut problems {
        nest(&mut d.location, name);
    }
    problems
}

/// Places a location inside the embedded file `outer`.
fn nest(location: &mut Location, outer: &str) {
    match location {
        Location::Docx {
            part, part_label, ..
        } => {
            *part = format!("{outer}/{part}");
            *part_label = format!("{part_label}, in the embedded file {outer}");
        }
        other => *other = place(outer, format!("the embedded file {outer}")),
    }
}

/// Searches markup: the text as read (tags removed, references decoded) with every pattern,
/// and the raw markup (attribute values, a title) for the case's identifiers.
fn search_markup(scan: &mut Scan, name: &str, raw: &str, label: String) {
    let location = place(name, label);
    scan.text(
        &extract::markup_text(raw),
        &location,
        true,
        Revision::None,
        true,
    );
    scan.text(raw, &location, false, Revision::None, true);
}

/// Searches an XML part: each element's own text, each paragraph's text joined across runs
/// (`a:p` in charts and shapes, `si` in a workbook's strings), and the attributes people write.
fn scan_xml(scan: &mut Scan, name: &str, tree: &Tree, label: &str) {
    let location = place(name, label.to_string());
    for n in tree.descendants(0) {
        if !matches!(tree.nodes[n].kind, NodeKind::Element { .. }) {
            continue;
        }
        let local = super::document::local(tree.name(n));
        let text: String = if matches!(local, "p" | "si" | "is" | "r" | "rPh") {
            tree.text_content(n)
        } else {
            tree.nodes[n]
                .children
                .iter()
                .filter(|&&c| matches!(tree.nodes[c].kind, NodeKind::Text(_)))
                .map(|&c| tree.text(c))
                .collect()
        };
        if text.trim().is_empty() {
            continue;
        }
        scan.text(&text, &location, true, Revision::None, true);
    }
    scan_attributes(scan, tree, name, label);
}
