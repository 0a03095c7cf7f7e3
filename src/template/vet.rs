//! A board's template is vetted before anything is made from it: whatever it carries goes into
//! every document of every pack.
//!
//! Refused, each with its place: macros (a VBA project, a macro-enabled template), binary
//! objects and ActiveX controls, relationships that make Word reach outside the file when the
//! document is opened (a remote attached template, linked pictures, linked objects, frames,
//! sub-documents, a mail-merge source; a hyperlink is followed only when clicked and is fine,
//! and a template attached by a local path makes no contact), and the fields that fetch
//! content from elsewhere (`INCLUDEPICTURE`, `INCLUDETEXT`, `LINK`, `DDE`, `DDEAUTO`,
//! `IMPORT`). A Word template (`.dotx`) is converted to a document properly: its main part's
//! content type is changed, so that Word opens what is made from it.

use crate::diagnostic::{Diagnostic, Location};
use crate::docx::package::{part_location, rels_owner};
use crate::docx::{NodeKind, Package, Tree};
use std::collections::BTreeMap;

const TEMPLATE_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml";
const DOCUMENT_MAIN: &str =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml";

/// Fields that bring content in from outside the document when it is opened or updated.
const FETCHING_FIELDS: &[&str] = &[
    "INCLUDEPICTURE",
    "INCLUDETEXT",
    "LINK",
    "DDE",
    "DDEAUTO",
    "IMPORT",
];

/// Vets a template's package: the package to compile (converted from a `.dotx` when it was
/// one), or every reason it is refused.
pub(crate) fn vet(package: Package) -> Result<Package, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let names: Vec<String> = package.part_names().map(str::to_string).collect();
    let content_types = package.read_text("[Content_Types].xml").unwrap_or_default();
    if content_types.contains("macroEnabled") {
        problems.push(
            Diagnostic::error(
                part_location("[Content_Types].xml", "the file's type"),
                "the template is macro-enabled (.docm or .dotm): its macros would be copied into every document",
            )
            .with_help("save it from Word as a Word Document (.docx), which leaves the macros out"),
        );
    }
    for name in &names {
        let lower = name.to_ascii_lowercase();
        let what = if lower.contains("vbaproject") || lower.contains("vbadata") {
            Some("macros (a VBA project)")
        } else if lower.contains("activex") {
            Some("an ActiveX control")
        } else if lower.contains("/embeddings/") {
            Some("an embedded object")
        } else {
            None
        };
        if let Some(what) = what {
            problems.push(
                Diagnostic::error(
                    part_location(name, &format!("the part {name}")),
                    format!("the template holds {what}, which would be copied into every document"),
                )
                .with_help("remove it in Word (save as a Word Document (.docx) to leave macros out; replace an object with a picture), then use the template again"),
            );
        }
        if lower.ends_with(".rels") {
            problems.extend(external_relationships(&package, name));
        } else if lower.ends_with(".xml") && name.starts_with("word/") {
            problems.extend(fetching_fields(&package, name));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if content_types.contains(TEMPLATE_MAIN) {
        let mut replaced = BTreeMap::new();
        replaced.insert(
            "[Content_Types].xml".to_string(),
            content_types
                .replace(TEMPLATE_MAIN, DOCUMENT_MAIN)
                .into_bytes(),
        );
        let converted = package
            .write_to(std::io::Cursor::new(Vec::new()), &replaced)
            .map(|c| c.into_inner())
            .map_err(|e| {
                vec![
                    Diagnostic::error(
                        Location::File,
                        format!("the Word template could not be converted to a document: {e}"),
                    )
                    .with_help("open it in Word and save it as a Word Document (.docx)"),
                ]
            })?;
        return Package::from_bytes(converted).map_err(|d| vec![*d]);
    }
    Ok(package)
}

/// A target that makes no contact with another computer: a local path (`file:///C:/…`, a
/// relative path), never `http:`, `ftp:`, `\\server` or `file://server/`.
fn is_local(target: &str) -> bool {
    let t = target.trim().to_ascii_lowercase();
    if t.starts_with("file:///") {
        return !t.starts_with("file:////");
    }
    !(t.contains("://")
        || t.starts_with("\\\\")
        || t.starts_with("//")
        || t.starts_with("file:")
        || t.starts_with("mailto:")
        // A scheme (`http:`, `ms-word:`): a colon anywhere but after a drive letter.
        || (t.contains(':') && t.chars().nth(1) != Some(':')))
}

fn external_relationships(package: &Package, rels: &str) -> Vec<Diagnostic> {
    let owner = rels_owner(rels);
    let mut out = Vec::new();
    for (id, r) in package.relationships(&owner) {
        if !r.external {
            continue;
        }
        let kind = r.kind.rsplit('/').next().unwrap_or("").to_string();
        let what = match kind.as_str() {
            "hyperlink" => continue,
            "attachedTemplate" if is_local(&r.target) => continue,
            "attachedTemplate" => "an attached template on another computer",
            "image" => "a picture linked from elsewhere",
            "oleObject" | "package" => "a linked object",
            "subDocument" => "a sub-document",
            "frame" => "a frame showing another file",
            "aFChunk" => "text merged in from another file",
            "mailMergeSource" | "recipientData" | "mailMergeHeaderSource" => {
                "a mail-merge data source"
            }
            _ => "a link Word follows on opening",
        };
        out.push(
            Diagnostic::error(
                part_location(rels, &format!("the links of {owner} ({id})")),
                format!("the template refers to {what} ({}): Word would contact it whenever a document made from it is opened", r.target),
            )
            .with_help("remove it in Word (a picture: insert it, not linked; an attached template: Developer, Document Template, clear it), then use the template again"),
        );
    }
    out
}

/// Fields whose instruction starts with one of [`FETCHING_FIELDS`], simple or complex (the
/// instruction joined across runs), each at its paragraph.
fn fetching_fields(package: &Package, part: &str) -> Vec<Diagnostic> {
    let Ok(text) = package.read_text(part) else {
        return Vec::new();
    };
    if !text.contains("instr") {
        return Vec::new();
    }
    let Ok(tree) = Tree::parse(&text) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut paragraph = 0usize;
    let mut open: Vec<(String, usize, bool)> = Vec::new();
    let check = |instr: &str, paragraph: usize, out: &mut Vec<Diagnostic>| {
        let word = instr
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        if FETCHING_FIELDS.contains(&word.as_str()) {
            out.push(
                Diagnostic::error(
                    Location::Docx {
                        part: part.to_string(),
                        part_label: format!("field code in {part}"),
                        paragraph: Some(paragraph),
                        table: None,
                        heading: None,
                    },
                    format!("the template has the field {word}, which fetches content from elsewhere when the document is opened or updated"),
                )
                .with_help("delete the field (Alt+F9 shows field codes in Word); insert a picture or text itself instead"),
            );
        }
    };
    for n in tree.descendants(0) {
        let NodeKind::Element { name, raw, .. } = &tree.nodes[n].kind else {
            continue;
        };
        match tree.name(n) {
            "w:p" => paragraph += 1,
            "w:fldSimple" => {
                let instr = attribute(raw, name.len(), "w:instr").unwrap_or_default();
                check(&instr, paragraph, &mut out);
            }
            "w:fldChar" => match attribute(raw, name.len(), "w:fldCharType").as_deref() {
                Some("begin") => open.push((String::new(), paragraph, false)),
                Some("separate") | Some("end") => {
                    let end = attribute(raw, name.len(), "w:fldCharType").as_deref() == Some("end");
                    if let Some((instr, at, done)) = open.last_mut()
                        && !*done
                    {
                        check(instr, *at, &mut out);
                        *done = true;
                    }
                    if end {
                        open.pop();
                    }
                }
                _ => {}
            },
            "w:instrText" => {
                if let Some((instr, _, _)) = open.last_mut() {
                    instr.push_str(&tree.text_content(n));
                }
            }
            _ => {}
        }
    }
    out
}

fn attribute(raw: &str, name_len: usize, key: &str) -> Option<String> {
    let start = quick_xml::events::BytesStart::from_content(raw, name_len);
    let mut attrs = start.attributes();
    attrs.with_checks(false);
    attrs
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_remote_targets_are_told_apart() {
        assert!(is_local("file:///C:/Users/a/Normal.dotm"));
        assert!(is_local("Normal.dotm"));
        assert!(is_local("C:\\Templates\\letter.dotx"));
        assert!(!is_local("https://evil.example/t.dotm"));
        assert!(!is_local("\\\\server\\share\\t.dotm"));
        assert!(!is_local("file://server/share/t.dotm"));
        assert!(!is_local("file:////server/share/t.dotm"));
    }
}
