//! A Word package (.docx) opened for reading and rewriting, with limits.
//!
//! A package is a zip of XML parts. scrkit never round-trips a document through a typed model
//! (that loses content); it reads the parts it needs and, when writing, copies every part it did
//! not change byte for byte (compressed data included). Opening enforces limits, because
//! packages come from outside: a part may not inflate past [`Limits::max_part`], the whole past
//! [`Limits::max_total`], or (past 16 MiB) at a ratio beyond [`Limits::max_ratio`] (a zip bomb); names that
//! climb out of the package (`../`) or are absolute are refused.

use crate::diagnostic::{Diagnostic, Location};
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read, Seek, Write};
use std::sync::Arc;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Size limits applied when a package is opened.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest uncompressed size of one part, in bytes.
    pub max_part: u64,
    /// Largest uncompressed size of all parts together.
    pub max_total: u64,
    /// Largest ratio of uncompressed to compressed size for parts over [`RATIO_FROM`]
    /// bytes. Smaller parts are not judged: a genuine document of repeated table rows can
    /// compress 250 to 1, and a small part cannot hurt whatever its ratio.
    pub max_ratio: u64,
    /// Largest number of parts.
    pub max_entries: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_part: 512 * 1024 * 1024,
            max_total: 2 * 1024 * 1024 * 1024,
            max_ratio: 200,
            max_entries: 20_000,
        }
    }
}

/// Size from which a part's inflation ratio is judged (16 MiB).
pub const RATIO_FROM: u64 = 16 << 20;

/// One entry of the package.
#[derive(Debug, Clone)]
struct Entry {
    name: String,
    index: usize,
    size: u64,
    comment: String,
}

/// An opened package: the archive bytes and an index of its parts.
#[derive(Clone)]
pub struct Package {
    bytes: Arc<[u8]>,
    entries: Vec<Entry>,
    by_name: HashMap<String, usize>,
    limits: Limits,
    comment: String,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("parts", &self.entries.len())
            .finish()
    }
}

fn file_error(msg: impl Into<String>, help: &str) -> Box<Diagnostic> {
    Box::new(Diagnostic::error(Location::File, msg).with_help(help))
}

/// Where a part sits, for messages.
pub fn part_location(part: &str, label: &str) -> Location {
    Location::Docx {
        part: part.to_string(),
        part_label: label.to_string(),
        paragraph: None,
        table: None,
        heading: None,
    }
}

/// The part a relationships part belongs to (the inverse of the name [`Package::relationships`]
/// reads): `word/_rels/document.xml.rels` is `word/document.xml`'s, `_rels/.rels` the
/// package's (`""`).
pub fn rels_owner(rels: &str) -> String {
    let (dir, file) = match rels.rfind("_rels/") {
        Some(i) => (rels[..i].trim_end_matches('/'), &rels[i + 6..]),
        None => ("", rels),
    };
    let source = file.strip_suffix(".rels").unwrap_or(file);
    if dir.is_empty() {
        source.to_string()
    } else {
        format!("{dir}/{source}")
    }
}

use crate::input::{not_a_package, sniff};

/// Checks a zip's directory against `limits` before anything is inflated: the number of
/// entries, names that climb out of the package, and parts that inflate too far or at a zip
/// bomb's ratio. Returns, for each usable entry, (name, index, uncompressed size).
///
/// The sizes checked are the ones the directory declares; the zip reader stops any entry that
/// inflates past its declared size, so a directory that lies is caught while reading.
fn vet<R: Read + Seek>(
    archive: &mut ZipArchive<R>,
    limits: &Limits,
) -> Result<Vec<Entry>, Box<Diagnostic>> {
    if archive.len() > limits.max_entries {
        return Err(file_error(
            format!(
                "the package has {} parts, more than {}",
                archive.len(),
                limits.max_entries
            ),
            "this is not an ordinary document; save it again from Word",
        ));
    }
    if archive.has_duplicate_names() {
        return Err(damaged_twice(None));
    }
    let mut entries = Vec::with_capacity(archive.len());
    let mut folded: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let f = archive.by_index_raw(i).map_err(|e| {
            file_error(
                format!("part {} of the package cannot be read: {e}", i + 1),
                "the file is damaged; save it again from Word or Excel",
            )
        })?;
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        if name.starts_with('/')
            || name.contains('\\')
            || name.split('/').any(|c| c == "..")
            || f.enclosed_name().is_none()
        {
            return Err(Box::new(
                Diagnostic::error(
                    part_location(&name, &name),
                    "the package has a part whose name leaves the package",
                )
                .with_help("this file is unsafe: do not use it; ask the sender for a new copy"),
            ));
        }
        let size = f.size();
        let packed = f.compressed_size().max(1);
        if size > limits.max_part || (size > RATIO_FROM && size / packed > limits.max_ratio) {
            return Err(Box::new(
                Diagnostic::error(
                    part_location(&name, &name),
                    format!(
                        "the part inflates to {size} bytes from {packed}: past the limit for a document part"
                    ),
                )
                .with_help("this file looks like a zip bomb: do not use it"),
            ));
        }
        total = total.saturating_add(size);
        if total > limits.max_total {
            return Err(file_error(
                "the package inflates past the size limit for a document",
                "this file looks like a zip bomb: do not use it",
            ));
        }
        if !f.is_dir() {
            // Part names are compared without regard to case (ECMA-376 part 2, 9.1.1.1):
            // two that differ only so are the same part to Word.
            if !folded.insert(name.to_lowercase()) {
                return Err(damaged_twice(Some(&name)));
            }
            entries.push(Entry {
                comment: f.comment().to_string(),
                name,
                index: i,
                size,
            });
        }
    }
    Ok(entries)
}

/// A package with two entries of one name: programs disagree about which is the part (scrkit
/// and LibreOffice read the last, others the first), so what is checked may not be what is
/// read. Refused as damaged wherever a package is opened.
fn damaged_twice(name: Option<&str>) -> Box<Diagnostic> {
    let location = match name {
        Some(n) => part_location(n, n),
        None => Location::File,
    };
    Box::new(
        Diagnostic::error(
            location,
            "the package is damaged: it has two entries with the same name, and programs disagree about which one they read",
        )
        .with_help("open the file in Word or Excel and save it again as a new file, then use that copy"),
    )
}

/// Opens a zip for [`vet`], saying in plain words what the file is when it is not a zip.
fn open_zip<R: Read + Seek>(
    reader: R,
    head: &[u8],
    kind: &str,
) -> Result<ZipArchive<R>, Box<Diagnostic>> {
    ZipArchive::new(reader).map_err(|e| {
        Box::new(not_a_package(sniff(head), kind).unwrap_or_else(|| {
            Diagnostic::error(
                Location::File,
                format!("the {kind} is damaged or incomplete (its zip structure cannot be read: {e})"),
            )
            .with_help("the copy may have been cut short: ask for the file again, or open it in Word or Excel and save it again")
        }))
    })
}

/// Checks a package file (an .xlsx, .ods or .docx read by another library) against `limits`
/// before that library inflates anything: its size on disk, then its zip directory (see
/// [`Package`]). `kind` names the file in messages ("spreadsheet", "Word document").
pub fn vet_file(
    path: &std::path::Path,
    limits: &Limits,
    kind: &str,
) -> Result<(), Box<Diagnostic>> {
    let fail = |e: std::io::Error| {
        file_error(
            format!("cannot read the file: {e}"),
            "check the path and that you may read it",
        )
    };
    let meta = std::fs::metadata(path).map_err(fail)?;
    if meta.len() > limits.max_total {
        return Err(file_error(
            format!("the file is {} bytes, too large for a {kind}", meta.len()),
            "check this is the right file",
        ));
    }
    let mut file = std::fs::File::open(path).map_err(fail)?;
    let mut head = Vec::new();
    (&mut file)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(fail)?;
    file.rewind().map_err(fail)?;
    let mut archive = open_zip(std::io::BufReader::new(file), &head, kind)?;
    vet(&mut archive, limits).map(|_| ())
}

impl Package {
    /// Opens a package from its bytes with the default limits.
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>) -> Result<Package, Box<Diagnostic>> {
        Package::from_bytes_with(bytes, Limits::default())
    }

    /// Opens a package from its bytes.
    pub fn from_bytes_with(
        bytes: impl Into<Arc<[u8]>>,
        limits: Limits,
    ) -> Result<Package, Box<Diagnostic>> {
        let bytes: Arc<[u8]> = bytes.into();
        let mut archive = open_zip(Cursor::new(&bytes[..]), &bytes, "Word document")?;
        let entries = vet(&mut archive, &limits)?;
        let comment = String::from_utf8_lossy(archive.comment()).into_owned();
        let by_name = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.name.clone(), i))
            .collect();
        Ok(Package {
            bytes,
            entries,
            by_name,
            limits,
            comment,
        })
    }

    /// The comments of the zip: the whole archive's (named `""`) and each entry's, where not
    /// empty. Nothing shows them, so they are searched like any hidden text.
    pub fn zip_comments(&self) -> Vec<(&str, &str)> {
        let archive = (!self.comment.trim().is_empty()).then_some(("", self.comment.as_str()));
        archive
            .into_iter()
            .chain(
                self.entries
                    .iter()
                    .filter(|e| !e.comment.trim().is_empty())
                    .map(|e| (e.name.as_str(), e.comment.as_str())),
            )
            .collect()
    }

    /// The uncompressed size of every part together, as the zip directory declares it.
    pub fn inflated_size(&self) -> u64 {
        self.entries.iter().map(|e| e.size).sum()
    }

    /// Names of all parts, in package order.
    pub fn part_names(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.name.as_str())
    }

    /// True when the package has a part of this name.
    pub fn has_part(&self, name: &str) -> bool {
        self.by_name.contains_key(name)
    }

    /// Reads and inflates a part, enforcing the size limit while inflating (the sizes in the
    /// zip directory are not trusted).
    pub fn read_part(&self, name: &str) -> Result<Vec<u8>, Box<Diagnostic>> {
        let Some(&i) = self.by_name.get(name) else {
            return Err(Box::new(
                Diagnostic::error(part_location(name, name), "the package has no such part")
                    .with_help("the file is not a complete Word document; save it again from Word"),
            ));
        };
        let entry = &self.entries[i];
        let mut archive = ZipArchive::new(Cursor::new(&self.bytes[..])).map_err(|e| {
            file_error(
                format!("the package cannot be read: {e}"),
                "save it again from Word",
            )
        })?;
        let f = archive.by_index(entry.index).map_err(|e| {
            Box::new(
                Diagnostic::error(
                    part_location(name, name),
                    format!("cannot read the part: {e}"),
                )
                .with_help("the file may be encrypted or damaged; save it again from Word"),
            )
        })?;
        let mut out = Vec::with_capacity(entry.size.min(self.limits.max_part) as usize);
        let read = f
            .take(self.limits.max_part + 1)
            .read_to_end(&mut out)
            .map_err(|e| {
                Box::new(
                    Diagnostic::error(
                        part_location(name, name),
                        format!("the part is damaged: {e}"),
                    )
                    .with_help("save the document again from Word"),
                )
            })?;
        if read as u64 > self.limits.max_part {
            return Err(Box::new(
                Diagnostic::error(
                    part_location(name, name),
                    "the part inflates past the size limit",
                )
                .with_help("this file looks like a zip bomb: do not use it"),
            ));
        }
        Ok(out)
    }

    /// Reads a part as UTF-8 text.
    pub fn read_text(&self, name: &str) -> Result<String, Box<Diagnostic>> {
        let bytes = self.read_part(name)?;
        String::from_utf8(bytes).map_err(|_| {
            Box::new(
                Diagnostic::error(part_location(name, name), "the part is not UTF-8 text")
                    .with_help("save the document again from Word"),
            )
        })
    }

    /// Writes the package to `out`, with `replaced` parts substituted (deflated afresh) and every
    /// other part copied as it was, compressed bytes and all.
    pub fn write_to<W: Write + Seek>(
        &self,
        out: W,
        replaced: &BTreeMap<String, Vec<u8>>,
    ) -> zip::result::ZipResult<W> {
        self.write_with(out, replaced, &[])
    }

    /// [`Package::write_to`], with parts the package does not have added at the end (a
    /// picture, its relationships): pictures are stored, being compressed already.
    pub fn write_with<W: Write + Seek>(
        &self,
        out: W,
        replaced: &BTreeMap<String, Vec<u8>>,
        added: &[(String, Vec<u8>)],
    ) -> zip::result::ZipResult<W> {
        let mut zip = ZipWriter::new(out);
        self.write_entries(
            &mut zip,
            |_| true,
            |name| replaced.contains_key(name),
            &mut |name, w| w.write_all(&replaced[name]),
        )?;
        Self::finish_with(zip, added)
    }

    /// Writes into `zip`, in the package's order, the entries `pick` chooses: those `replaced`
    /// chooses made by `fill` as they are written (deflated as they come, so a large part is
    /// never held whole), the others copied as they were, compressed bytes and all.
    pub fn write_entries<W: Write + Seek>(
        &self,
        zip: &mut ZipWriter<W>,
        pick: impl Fn(&str) -> bool,
        replaced: impl Fn(&str) -> bool,
        fill: &mut dyn FnMut(&str, &mut dyn Write) -> std::io::Result<()>,
    ) -> zip::result::ZipResult<()> {
        let mut archive = ZipArchive::new(Cursor::new(&self.bytes[..]))?;
        // The document is made now: every entry says so, as Word's own saves do, rather than
        // the template's dates (1980 for the built-in ones).
        let now = crate::output::zip_time_now();
        for e in self.entries.iter().filter(|e| pick(&e.name)) {
            if replaced(&e.name) {
                zip.start_file(e.name.as_str(), Self::deflated(now))?;
                fill(&e.name, zip)?;
            } else {
                let f = archive.by_index_raw(e.index)?;
                zip.raw_copy_file_touch(f, now, None)?;
            }
        }
        Ok(())
    }

    fn deflated(now: zip::DateTime) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(now)
    }

    /// Adds parts the package does not have (pictures are stored, being compressed already)
    /// and finishes the zip.
    pub fn finish_with<W: Write + Seek>(
        mut zip: ZipWriter<W>,
        added: &[(String, Vec<u8>)],
    ) -> zip::result::ZipResult<W> {
        let opts = Self::deflated(crate::output::zip_time_now());
        for (name, data) in added {
            let stored = [".png", ".jpg", ".jpeg", ".gif"]
                .iter()
                .any(|e| name.to_ascii_lowercase().ends_with(e));
            let o = if stored {
                opts.compression_method(CompressionMethod::Stored)
                    .compression_level(None)
            } else {
                opts
            };
            zip.start_file(name.as_str(), o)?;
            zip.write_all(data)?;
        }
        zip.finish()
    }

    /// The relationships of a part: id to target part name (resolved against the part's folder).
    pub fn relationships(&self, part: &str) -> BTreeMap<String, Relationship> {
        let (dir, file) = match part.rfind('/') {
            Some(i) => (&part[..i], &part[i + 1..]),
            None => ("", part),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        let mut out = BTreeMap::new();
        let Ok(text) = self.read_text(&rels_name) else {
            return out;
        };
        let mut reader = quick_xml::Reader::from_str(&text);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Empty(e) | quick_xml::events::Event::Start(e))
                    if e.local_name().as_ref() == "Relationship" =>
                {
                    let mut id = String::new();
                    let mut target = String::new();
                    let mut kind = String::new();
                    let mut external = false;
                    for a in e.attributes().flatten() {
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|c| c.into_owned())
                            .unwrap_or_default();
                        match a.key.as_ref() {
                            "Id" => id = v,
                            "Target" => target = v,
                            "Type" => kind = v,
                            "TargetMode" => external = v == "External",
                            _ => {}
                        }
                    }
                    let resolved = if external {
                        target
                    } else {
                        resolve(dir, &target)
                    };
                    out.insert(
                        id,
                        Relationship {
                            target: resolved,
                            kind,
                            external,
                        },
                    );
                }
                Ok(quick_xml::events::Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        out
    }

    /// The main document part, from the package relationships (usually `word/document.xml`).
    pub fn main_document(&self) -> Option<String> {
        let rels = self.relationships("");
        rels.values()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map(|r| r.target.clone())
            .filter(|t| self.has_part(t))
            .or_else(|| {
                self.has_part("word/document.xml")
                    .then(|| "word/document.xml".to_string())
            })
    }
}

/// A relationship from one part to another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relationship {
    /// The target part name inside the package (or the URL, when external).
    pub target: String,
    /// The relationship type URI.
    pub kind: String,
    /// True for links outside the package.
    pub external: bool,
}

fn resolve(dir: &str, target: &str) -> String {
    let target = target.trim_start_matches("./");
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = if dir.is_empty() {
        Vec::new()
    } else {
        dir.split('/').collect()
    };
    for seg in target.split('/') {
        match seg {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The parts of a Word document that hold text a person reads, and so may hold tags,
/// identifiers or placeholders.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoryKind {
    /// The main document body.
    Body,
    /// A header.
    Header,
    /// A footer.
    Footer,
    /// Footnotes.
    Footnotes,
    /// Endnotes.
    Endnotes,
    /// Comments.
    Comments,
    /// Core properties (title, subject, author, keywords...).
    CoreProperties,
    /// Extended properties (company, manager...).
    AppProperties,
    /// Custom properties.
    CustomProperties,
}

/// A story part, with the label a person knows it by.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct StoryPart {
    /// Part name in the package.
    pub name: String,
    /// What it is.
    pub kind: StoryKind,
    /// "document body", "header of section 1", "first-page footer of section 2"...
    pub label: String,
}

/// Lists the story parts of a Word package, in reading order: body, headers and footers by
/// section, footnotes, endnotes, comments, then the property parts.
pub fn story_parts(pkg: &Package) -> Vec<StoryPart> {
    let mut out = Vec::new();
    let Some(main) = pkg.main_document() else {
        return out;
    };
    out.push(StoryPart {
        name: main.clone(),
        kind: StoryKind::Body,
        label: "document body".into(),
    });
    let rels = pkg.relationships(&main);
    let labels = section_labels(pkg, &main, &rels);
    let mut headers: Vec<StoryPart> = Vec::new();
    for (id, r) in &rels {
        if r.external || !pkg.has_part(&r.target) {
            continue;
        }
        let kind = match r.kind.rsplit('/').next().unwrap_or("") {
            "header" => StoryKind::Header,
            "footer" => StoryKind::Footer,
            "footnotes" => StoryKind::Footnotes,
            "endnotes" => StoryKind::Endnotes,
            "comments" => StoryKind::Comments,
            _ => continue,
        };
        if out.iter().chain(headers.iter()).any(|p| p.name == r.target) {
            continue;
        }
        let file = r.target.rsplit('/').next().unwrap_or(&r.target).to_string();
        let label = match kind {
            StoryKind::Header | StoryKind::Footer => labels.get(id).cloned().unwrap_or_else(|| {
                format!(
                    "{} ({file})",
                    if kind == StoryKind::Header {
                        "header"
                    } else {
                        "footer"
                    }
                )
            }),
            StoryKind::Footnotes => "footnotes".into(),
            StoryKind::Endnotes => "endnotes".into(),
            _ => "comments".into(),
        };
        headers.push(StoryPart {
            name: r.target.clone(),
            kind,
            label,
        });
    }
    headers.sort_by(|a, b| (a.kind, &a.label).cmp(&(b.kind, &b.label)));
    out.extend(headers);
    for (name, kind, label) in [
        (
            "docProps/core.xml",
            StoryKind::CoreProperties,
            "document properties",
        ),
        (
            "docProps/app.xml",
            StoryKind::AppProperties,
            "extended document properties",
        ),
        (
            "docProps/custom.xml",
            StoryKind::CustomProperties,
            "custom document properties",
        ),
    ] {
        if pkg.has_part(name) {
            out.push(StoryPart {
                name: name.into(),
                kind,
                label: label.into(),
            });
        }
    }
    out
}

/// Maps header/footer relationship ids to "header of section N" labels by reading the
/// section properties of the main document in order.
fn section_labels(
    pkg: &Package,
    main: &str,
    _rels: &BTreeMap<String, Relationship>,
) -> HashMap<String, String> {
    use quick_xml::events::Event;
    let mut out = HashMap::new();
    let Ok(text) = pkg.read_text(main) else {
        return out;
    };
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut section = 1;
    loop {
        match reader.read_event() {
            Ok(Event::Empty(e) | Event::Start(e)) => {
                let local = e.local_name();
                let which = match local.as_ref() {
                    "headerReference" => "header",
                    "footerReference" => "footer",
                    _ => continue,
                };
                let mut id = String::new();
                let mut ty = String::from("default");
                for a in e.attributes().flatten() {
                    let v = a.value.clone().into_owned();
                    match a.key.local_name().as_ref() {
                        "id" => id = v,
                        "type" => ty = v,
                        _ => {}
                    }
                }
                let prefix = match ty.as_str() {
                    "first" => "first-page ",
                    "even" => "even-page ",
                    _ => "",
                };
                out.entry(id)
                    .or_insert_with(|| format!("{prefix}{which} of section {section}"));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "sectPr" => section += 1,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relationship_targets_resolve_against_the_part_folder() {
        assert_eq!(resolve("word", "header1.xml"), "word/header1.xml");
        assert_eq!(
            resolve("word", "../customXml/item1.xml"),
            "customXml/item1.xml"
        );
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
        assert_eq!(resolve("word", "/word/media/a.png"), "word/media/a.png");
    }

    #[test]
    fn a_zip_with_a_climbing_name_is_refused() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = ZipWriter::new(&mut buf);
            z.start_file("../evil.xml", SimpleFileOptions::default())
                .unwrap();
            z.write_all(b"<x/>").unwrap();
            z.finish().unwrap();
        }
        let err = Package::from_bytes(buf.into_inner()).unwrap_err();
        assert!(err.message.contains("leaves the package"), "{err}");
    }

    #[test]
    fn a_part_that_inflates_past_the_limit_is_refused() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut z = ZipWriter::new(&mut buf);
            z.start_file("word/document.xml", SimpleFileOptions::default())
                .unwrap();
            z.write_all(&vec![b' '; 32 << 20]).unwrap();
            z.finish().unwrap();
        }
        let err = Package::from_bytes(buf.into_inner()).unwrap_err();
        assert!(err.message.contains("inflates"), "{err}");
    }

    /// Writes a zip whose directory holds `names` in order (the zip writer refuses duplicates,
    /// so the second is written under a placeholder of the same length and renamed in place).
    pub(crate) fn zip_with_names(names: &[(&str, &[u8])]) -> Vec<u8> {
        let mut buf = Cursor::new(Vec::new());
        let mut z = ZipWriter::new(&mut buf);
        let mut renames = Vec::new();
        for (i, (name, data)) in names.iter().enumerate() {
            let seen = names[..i].iter().any(|(n, _)| n == name);
            let written = if seen {
                let stand_in: String = name.chars().map(|_| '~').collect();
                renames.push((stand_in.clone(), name.to_string()));
                stand_in
            } else {
                name.to_string()
            };
            z.start_file(written, SimpleFileOptions::default()).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
        let mut bytes = buf.into_inner();
        for (from, to) in renames {
            let (from, to) = (from.as_bytes(), to.as_bytes());
            let mut i = 0;
            while i + from.len() <= bytes.len() {
                if &bytes[i..i + from.len()] == from {
                    bytes[i..i + from.len()].copy_from_slice(to);
                }
                i += 1;
            }
        }
        bytes
    }

    #[test]
    fn two_entries_of_one_name_are_a_damaged_package() {
        let twice = zip_with_names(&[
            ("word/document.xml", b"<a>Maisie</a>"),
            ("word/styles.xml", b"<s/>"),
            ("word/document.xml", b"<a>clean</a>"),
        ]);
        let err = Package::from_bytes(twice).unwrap_err();
        assert!(
            err.message.contains("two entries with the same name"),
            "{err}"
        );
        let cased = zip_with_names(&[
            ("word/document.xml", b"<a/>"),
            ("Word/Document.xml", b"<a/>"),
        ]);
        let err = Package::from_bytes(cased).unwrap_err();
        assert!(
            err.message.contains("two entries with the same name"),
            "{err}"
        );
        assert!(err.to_string().contains("Word/Document.xml"), "{err}");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("twice.xlsx");
        std::fs::write(
            &path,
            zip_with_names(&[("xl/a.xml", b"1"), ("xl/a.xml", b"2")]),
        )
        .unwrap();
        let err = vet_file(&path, &Limits::default(), "spreadsheet").unwrap_err();
        assert!(
            err.message.contains("two entries with the same name"),
            "{err}"
        );
    }

    #[test]
    fn not_a_zip_is_a_clear_error() {
        let err = Package::from_bytes(b"<html>not a doc</html>".to_vec()).unwrap_err();
        assert!(err.message.contains("web page (HTML)"), "{err}");
        assert!(err.help.is_some());
        let err = Package::from_bytes(b"PK\x03\x04 cut short".to_vec()).unwrap_err();
        assert!(err.message.contains("damaged or incomplete"), "{err}");
    }
}
