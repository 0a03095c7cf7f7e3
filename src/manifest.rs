//! The manifest of document kinds: for each document of the process, its title, file name,
//! audience, required sections (in order) and required fields.
//!
//! One table drives three jobs, so they cannot drift apart: the checks (`scr check`) judge a
//! document against the sections of its kind, the pack generator names files and marks each
//! document with its kind, and a board's own templates are checked against it. The built-in
//! manifest is `templates/manifest.toml`, compiled in; a board's `manifest.toml` replaces the
//! entries of the kinds it lists ([`Manifest::with_overrides`]). The format is documented in
//! the comments at the top of that file.

use crate::diagnostic::{Diagnostic, Location};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The committed `templates/manifest.toml`: written from the document kinds' table
/// ([`Manifest::builtin`] and [`Manifest::to_toml`]) by `scr templates export`, for boards to
/// copy; a test keeps it equal to the table.
pub const BUILTIN: &str = include_str!("../templates/manifest.toml");

/// The comment at the top of a written manifest: its format, for the people who edit one.
const FORMAT_COMMENT: &str = "\
# The document set of a case review: what each document is, who it is for, which sections it
# must have (in order), and which case data its template must use.
#
# scrkit writes this file from its table of document kinds (src/docset/kinds.rs) and reads it:
#   - `scr check DOC.docx` checks a document against the sections of its kind: each must be
#     there, in this order, and have something under it other than `[To be completed: ...]`;
#   - the built-in templates (`scr templates export`) carry the kind in their custom property
#     `ScrKind`, and so does every document filled from them, so that checks know it;
#   - a board's own templates (`--templates DIR`) are checked against it before use: every
#     section heading and every field below must appear in the template.
# A board may put its own `manifest.toml` in its templates folder: the entries it lists replace
# the built-in ones of the same kind; kinds it does not list keep the built-in entry.
#
# Format: one `[[document]]` table per document kind, with
#   kind        the document kind: lower case letters, digits and underscores (required);
#   title       the document's title, as on its first page and in its title property (required);
#   file        the template's file name in the templates folder (required, ends in .docx);
#   audience    who receives it, in words (required);
#   publication true when the document is meant to be published, and so must pass
#               `scr check publication` (optional, default false);
#   recognise   other titles by which a document of this kind is recognised when it has no
#               `ScrKind` property, e.g. a return typed up by an agency (optional);
#   sections    the required section headings, in the order they must come (optional: a letter
#               may have none). Each is a string, or `{ heading = \"...\", also = [\"...\", ...] }`
#               to accept other wordings of the same heading. Headings are matched ignoring
#               case, numbering (\"3.2 Findings\", \"B) Findings\"), punctuation at the ends, and
#               \"&\" for \"and\". A heading is found by its style (Heading 1-9, Title, or any style
#               with an outline level) or, failing that, by a paragraph whose whole text is the
#               heading. A section's content is everything up to the next heading of the same
#               or a higher level, or the next required heading; sub-headings, and the header
#               rows of tables (rows set to repeat as header rows), are not content.
#   fields      data paths the template must use, as `scr template inspect` lists them:
#               dotted paths into the data a document is filled from (`child.pseudonym`,
#               `review.scope.from`), with `[]` for every item of a list (`agencies[].name`).
#               That data is the case file plus what the pack adds: `agency` (the agency a
#               per-agency document is addressed to), `recipient`, `criteria`, `timeline`,
#               `today`; the merged chronology is filled from the chronology's own data
#               (`rows[].event`) (optional).
#
# Placeholders a person must complete are written `[To be completed: what to write]`: the check
# reports a section holding nothing else as \"placeholder only\".
";

/// Name of the custom document property in which generated documents carry their kind.
pub const KIND_PROPERTY: &str = "ScrKind";

/// The largest manifest file read, in bytes.
pub const MAX_MANIFEST_BYTES: u64 = 4 * 1024 * 1024;

/// All document kinds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Manifest {
    /// One entry per kind, in the file's order.
    pub documents: Vec<DocumentKind>,
}

/// One kind of document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentKind {
    /// The kind, e.g. `final_report`.
    pub kind: String,
    /// The document's title.
    pub title: String,
    /// Template and output file name.
    pub file: String,
    /// Who receives it.
    pub audience: String,
    /// Meant for publication (must pass the publication check).
    pub publication: bool,
    /// Other titles by which it is recognised.
    pub recognise: Vec<String>,
    /// Required section headings, in order.
    pub sections: Vec<Section>,
    /// Data paths the template must use.
    pub fields: Vec<String>,
}

/// A required section: its heading and other accepted wordings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Section {
    /// The heading as the template writes it.
    pub heading: String,
    /// Other wordings accepted for the same section.
    pub also: Vec<String>,
}

impl Section {
    /// True when a heading's text names this section (ignoring case, numbering, punctuation).
    pub fn matches(&self, heading_text: &str) -> bool {
        let h = normalise_heading(heading_text);
        !h.is_empty()
            && std::iter::once(&self.heading)
                .chain(self.also.iter())
                .any(|name| normalise_heading(name) == h)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    document: Vec<RawDocument>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDocument {
    kind: toml::Spanned<String>,
    #[serde(default)]
    title: String,
    #[serde(default)]
    file: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    publication: bool,
    #[serde(default)]
    recognise: Vec<String>,
    #[serde(default)]
    sections: Vec<toml::Spanned<RawSection>>,
    #[serde(default)]
    fields: Vec<toml::Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawSection {
    Plain(String),
    Full(RawFullSection),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFullSection {
    heading: String,
    #[serde(default)]
    also: Vec<String>,
}

fn text_location(text: &str, offset: usize) -> Location {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    Location::Text {
        line: before.matches('\n').count() + 1,
        column: before[line_start..].chars().count() + 1,
    }
}

/// True for a data path: dotted snake_case names, each optionally followed by `[]`.
pub fn is_data_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('.').all(|seg| {
            let name = seg.strip_suffix("[]").unwrap_or(seg);
            let mut chars = name.chars();
            matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c == '_')
                && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        })
}

impl Manifest {
    /// The built-in manifest, from the document kinds' table.
    pub fn builtin() -> Manifest {
        let documents = crate::docset::ALL
            .iter()
            .map(|k| {
                let s = k.spec();
                DocumentKind {
                    kind: s.id.into(),
                    title: s.title.into(),
                    file: s.template.file.into(),
                    audience: s.audience.into(),
                    publication: s.publication,
                    recognise: s.recognise.iter().map(|r| r.to_string()).collect(),
                    sections: s
                        .sections
                        .iter()
                        .map(|(heading, also)| Section {
                            heading: heading.to_string(),
                            also: also.iter().map(|a| a.to_string()).collect(),
                        })
                        .collect(),
                    fields: s.fields.iter().map(|f| f.to_string()).collect(),
                }
            })
            .collect();
        Manifest { documents }
    }

    /// The manifest that applies with a board's templates folder: the built-in one, with the
    /// entries of the folder's `manifest.toml` (if it has one) replacing it kind by kind. The
    /// problems are the board file's errors; with any, the built-in entries stand.
    pub fn for_templates(dir: Option<&Path>) -> (Manifest, Vec<Diagnostic>) {
        let builtin = Manifest::builtin();
        let Some(path) = dir.map(|d| d.join("manifest.toml")).filter(|p| p.exists()) else {
            return (builtin, Vec::new());
        };
        let (board, problems) = Manifest::load(&path);
        let mut errors: Vec<Diagnostic> =
            problems.into_iter().filter(Diagnostic::is_error).collect();
        // A kind of the board's own that is a slip away from a built-in one is a typo: as
        // written it would add a kind and leave the built-in entry it meant to replace.
        for k in board.kinds().filter(|k| builtin.get(k).is_none()) {
            if let Some(d) = crate::suggest::did_you_mean(k, builtin.kinds()) {
                errors.push(
                    Diagnostic::error(
                        Location::File,
                        format!("document kind \"{k}\" is not a built-in kind; {d}"),
                    )
                    .in_file(&path)
                    .with_help("spell the kind as `scr templates list` shows it, or give a kind of your own a name of its own"),
                );
            }
        }
        if errors.is_empty() {
            (builtin.with_overrides(board), errors)
        } else {
            (builtin, errors)
        }
    }

    /// The manifest as TOML, with the format described in comments at the top: what
    /// `scr templates export` writes beside the templates.
    pub fn to_toml(&self) -> String {
        let q = |s: &str| serde_json::to_string(s).unwrap_or_default();
        let list = |xs: &[String]| xs.iter().map(|x| q(x)).collect::<Vec<_>>().join(", ");
        let mut out = String::from(FORMAT_COMMENT);
        for d in &self.documents {
            out.push_str("\n[[document]]\n");
            out.push_str(&format!("kind = {}\n", q(&d.kind)));
            out.push_str(&format!("title = {}\n", q(&d.title)));
            out.push_str(&format!("file = {}\n", q(&d.file)));
            out.push_str(&format!("audience = {}\n", q(&d.audience)));
            if d.publication {
                out.push_str("publication = true\n");
            }
            if !d.recognise.is_empty() {
                out.push_str(&format!("recognise = [{}]\n", list(&d.recognise)));
            }
            if !d.sections.is_empty() {
                out.push_str("sections = [\n");
                for s in &d.sections {
                    if s.also.is_empty() {
                        out.push_str(&format!("    {},\n", q(&s.heading)));
                    } else {
                        out.push_str(&format!(
                            "    {{ heading = {}, also = [{}] }},\n",
                            q(&s.heading),
                            list(&s.also)
                        ));
                    }
                }
                out.push_str("]\n");
            }
            if !d.fields.is_empty() {
                out.push_str("fields = [\n");
                for f in &d.fields {
                    out.push_str(&format!("    {},\n", q(f)));
                }
                out.push_str("]\n");
            }
        }
        out
    }

    /// Reads a manifest from TOML text: what could be read, and every problem, each located by
    /// line and column.
    pub fn from_toml(text: &str) -> (Manifest, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let raw: RawManifest = match toml::from_str(text) {
            Ok(r) => r,
            Err(e) => {
                let location = e
                    .span()
                    .map(|s| text_location(text, s.start))
                    .unwrap_or(Location::File);
                diagnostics.push(
                    Diagnostic::error(
                        location,
                        format!("the manifest cannot be read: {}", e.message()),
                    )
                    .with_help(
                        "fix the TOML here; the format is described at the top of scrkit's templates/manifest.toml",
                    ),
                );
                return (Manifest::default(), diagnostics);
            }
        };
        let mut documents: Vec<DocumentKind> = Vec::new();
        for d in raw.document {
            let at = text_location(text, d.kind.span().start);
            let kind = d.kind.into_inner();
            let mut bad = |msg: String, help: &str| {
                diagnostics.push(Diagnostic::error(at.clone(), msg).with_help(help));
            };
            if !is_data_path(&kind) || kind.contains('.') || kind.contains("[]") {
                bad(
                    format!("document kind \"{kind}\" is not a plain name"),
                    "use lower case letters, digits and underscores, e.g. final_report",
                );
                continue;
            }
            if documents.iter().any(|x| x.kind == kind) {
                bad(
                    format!("document kind \"{kind}\" is listed twice"),
                    "keep one [[document]] entry per kind",
                );
                continue;
            }
            for (field, value) in [
                ("title", &d.title),
                ("file", &d.file),
                ("audience", &d.audience),
            ] {
                if value.trim().is_empty() {
                    bad(
                        format!("document kind \"{kind}\" has no {field}"),
                        "add it to the entry: title, file and audience are required",
                    );
                }
            }
            if !d.file.is_empty()
                && (!d.file.to_ascii_lowercase().ends_with(".docx")
                    || d.file.contains('/')
                    || d.file.contains('\\'))
            {
                bad(
                    format!(
                        "document kind \"{kind}\": file \"{}\" is not a .docx file name",
                        d.file
                    ),
                    "give a plain file name ending in .docx, without folders",
                );
            }
            let mut sections: Vec<Section> = Vec::new();
            for s in d.sections {
                let s_at = text_location(text, s.span().start);
                let section = match s.into_inner() {
                    RawSection::Plain(h) => Section {
                        heading: h,
                        also: Vec::new(),
                    },
                    RawSection::Full(f) => Section {
                        heading: f.heading,
                        also: f.also,
                    },
                };
                if normalise_heading(&section.heading).is_empty()
                    || section.also.iter().any(|a| normalise_heading(a).is_empty())
                {
                    diagnostics.push(
                        Diagnostic::error(
                            s_at,
                            format!("document kind \"{kind}\" has an empty section heading"),
                        )
                        .with_help("write the heading's words, or remove the entry"),
                    );
                    continue;
                }
                if let Some(other) = sections.iter().find(|o| {
                    std::iter::once(&section.heading)
                        .chain(section.also.iter())
                        .any(|n| o.matches(n))
                }) {
                    diagnostics.push(
                        Diagnostic::error(
                            s_at,
                            format!(
                                "document kind \"{kind}\": section \"{}\" has the same heading as \"{}\"",
                                section.heading, other.heading
                            ),
                        )
                        .with_help("each required section needs headings of its own"),
                    );
                    continue;
                }
                sections.push(section);
            }
            let mut fields = Vec::new();
            for f in d.fields {
                let f_at = text_location(text, f.span().start);
                let f = f.into_inner();
                if is_data_path(&f) {
                    fields.push(f);
                } else {
                    diagnostics.push(
                        Diagnostic::error(
                            f_at,
                            format!("document kind \"{kind}\": field \"{f}\" is not a data path"),
                        )
                        .with_help(
                            "write a dotted path into the case file, e.g. child.pseudonym or agencies[].name",
                        ),
                    );
                }
            }
            documents.push(DocumentKind {
                kind,
                title: d.title,
                file: d.file,
                audience: d.audience,
                publication: d.publication,
                recognise: d.recognise,
                sections,
                fields,
            });
        }
        (Manifest { documents }, diagnostics)
    }

    /// Reads a manifest file. Problems carry the file's path.
    pub fn load(path: &Path) -> (Manifest, Vec<Diagnostic>) {
        let fail = |msg: String| {
            (
                Manifest::default(),
                vec![
                    Diagnostic::error(Location::File, msg)
                        .in_file(path)
                        .with_help("check the path and that you may read it"),
                ],
            )
        };
        match std::fs::metadata(path) {
            Ok(m) if m.len() > MAX_MANIFEST_BYTES => {
                return fail(format!("the manifest is {} bytes, too large", m.len()));
            }
            Err(e) => return fail(format!("cannot read the manifest: {e}")),
            Ok(_) => {}
        }
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => return fail(format!("cannot read the manifest: {e}")),
        };
        let (m, mut d) = Manifest::from_toml(&text);
        for x in &mut d {
            x.file = Some(path.to_path_buf());
        }
        (m, d)
    }

    /// This manifest with the entries of `other` replacing those of the same kind, and
    /// `other`'s new kinds added at the end.
    pub fn with_overrides(mut self, other: Manifest) -> Manifest {
        for d in other.documents {
            match self.documents.iter_mut().find(|x| x.kind == d.kind) {
                Some(slot) => *slot = d,
                None => self.documents.push(d),
            }
        }
        self
    }

    /// The entry for a kind.
    pub fn get(&self, kind: &str) -> Option<&DocumentKind> {
        self.documents.iter().find(|d| d.kind == kind)
    }

    /// The kinds, in order.
    pub fn kinds(&self) -> impl Iterator<Item = &str> {
        self.documents.iter().map(|d| d.kind.as_str())
    }

    /// The kind whose title (or another title it is recognised by) appears, as whole words,
    /// in `title`; the longest such title wins ("Serious Case Review report" over "Report").
    pub fn recognise_title(&self, title: &str) -> Option<&DocumentKind> {
        let t = format!(" {} ", normalise_words(title));
        if t.trim().is_empty() {
            return None;
        }
        let mut best: Option<(&DocumentKind, usize)> = None;
        for d in &self.documents {
            for name in std::iter::once(&d.title).chain(d.recognise.iter()) {
                let n = normalise_words(name);
                if n.is_empty() || !t.contains(&format!(" {n} ")) {
                    continue;
                }
                if best.is_none_or(|(_, len)| n.len() > len) {
                    best = Some((d, n.len()));
                }
            }
        }
        best.map(|(d, _)| d)
    }
}

/// Lower-cased words of `s`, punctuation dropped (apostrophes kept inside words), "&" read as
/// "and", single spaces.
fn normalise_words(s: &str) -> String {
    let s = s
        .replace(['\u{2019}', '\u{2018}'], "'")
        .replace('&', " and ");
    let mut out = String::new();
    for word in s.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let w = word.trim_matches('\'');
        if w.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// A heading's words without its numbering: "3.2. Findings:" and "findings" both give
/// "findings"; "B) Good practice", "(iv) Good practice", "Section 4 - Good practice" give
/// "good practice".
pub fn normalise_heading(s: &str) -> String {
    let mut rest = s.trim();
    // Words that introduce a number: "Section 4", "Part 2:".
    for prefix in ["section ", "part ", "chapter "] {
        if rest.len() > prefix.len()
            && rest.is_char_boundary(prefix.len())
            && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            let after = rest[prefix.len()..].trim_start();
            if let Some(tail) = split_number(after, true) {
                rest = tail;
            }
        }
    }
    normalise_words(split_number(rest, false).unwrap_or(rest))
}

/// Splits off a leading number: "3", "3.2", "3.2.", "B)", "(iv)", "iv.", "A." followed by
/// a space or a separator, and returns what follows it. `bare` accepts a lone letter or roman
/// numeral with no punctuation after it (as after "Part" or "Section").
fn split_number(s: &str, bare: bool) -> Option<&str> {
    let t = s.trim_start();
    let (t, paren) = match t.strip_prefix('(') {
        Some(r) => (r, true),
        None => (t, false),
    };
    let end = t
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_alphanumeric() || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    let token = &t[..end];
    let core = token.trim_end_matches('.');
    let after = &t[end..];
    if core.is_empty() {
        return None;
    }
    let digits = core
        .split('.')
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()));
    let roman = core.len() <= 5
        && core
            .chars()
            .all(|c| matches!(c.to_ascii_lowercase(), 'i' | 'v' | 'x'));
    let letter = core.len() == 1 && core.chars().all(|c| c.is_ascii_alphabetic());
    let separators = [')', ':', '-', '\u{2013}', '\u{2014}'];
    let closed = token.ends_with('.') || paren || after.starts_with(separators);
    if !(digits || ((roman || letter) && (closed || bare))) {
        return None;
    }
    let tail = after.trim_start_matches(|c: char| c.is_whitespace() || separators.contains(&c));
    if tail.len() == after.len() && !after.is_empty() {
        return None;
    }
    if tail.is_empty() {
        return None;
    }
    Some(tail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_manifest_reads_cleanly_and_has_every_kind() {
        let (m, d) = Manifest::from_toml(BUILTIN);
        assert!(d.is_empty(), "{d:#?}");
        assert_eq!(m.documents, Manifest::builtin().documents);
        assert_eq!(
            BUILTIN,
            Manifest::builtin().to_toml(),
            "run `cargo run -- templates export --out templates --from-source --force`"
        );
        let kinds: Vec<&str> = m.kinds().collect();
        let all: Vec<&str> = crate::docset::ALL.iter().map(|k| k.id()).collect();
        assert_eq!(kinds, all);
        let fr = m.get("final_report").unwrap();
        assert!(fr.publication);
        assert_eq!(fr.sections[0].heading, "Introduction");
        assert_eq!(
            fr.sections.last().unwrap().heading,
            "What more will be done"
        );
        assert_eq!(m.get("management_review").unwrap().sections.len(), 12);
    }

    #[test]
    fn the_builtin_templates_match_the_manifest() {
        use crate::check::{Document, SectionState, check_sections};
        let m = Manifest::builtin();
        for k in crate::docset::ALL {
            let d = m.get(k.id()).unwrap();
            assert_eq!(d.title, k.title(), "{}", k.id());
            assert_eq!(d.file, k.file_name(), "{}", k.id());
            // Every field is a tag of the template.
            let compiled = crate::template::compile_bytes(k.builtin().to_vec(), &d.file);
            assert!(
                compiled.diagnostics.is_empty(),
                "{:#?}",
                compiled.diagnostics
            );
            let needs: std::collections::HashSet<String> = crate::template::inspect(&compiled.tags)
                .into_iter()
                .flat_map(|t| t.needs)
                .collect();
            for f in &d.fields {
                assert!(
                    needs.contains(f),
                    "{}: field {f} is not used by {}",
                    k.id(),
                    d.file
                );
            }
            // Every section is a heading of the template, in order.
            let doc = Document::from_bytes(k.builtin().to_vec()).unwrap();
            let (sections, _, _) = check_sections(&doc, d);
            for s in &sections {
                assert!(
                    s.state != SectionState::Missing && s.in_order && s.styled,
                    "{}: {s:?}",
                    k.id()
                );
            }
            // And the template says what kind it is.
            assert_eq!(doc.custom_property(KIND_PROPERTY).as_deref(), Some(k.id()));
        }
    }

    #[test]
    fn problems_are_all_reported_with_their_line() {
        let text = "[[document]]\nkind = \"a\"\nfile = \"a.txt\"\nsections = [\"Intro\", \"1. intro\", \"\"]\nfields = [\"child..x\"]\n\n[[document]]\nkind = \"a\"\ntitle = \"A\"\nfile = \"a.docx\"\naudience = \"x\"\n";
        let (m, d) = Manifest::from_toml(text);
        let msgs: Vec<String> = d
            .iter()
            .map(|x| format!("{} {}", x.location, x.message))
            .collect();
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("line 2,") && m.contains("no title")),
            "{msgs:#?}"
        );
        assert!(msgs.iter().any(|m| m.contains("not a .docx")), "{msgs:#?}");
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("line 4,") && m.contains("same heading")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter().any(|m| m.contains("empty section heading")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("line 5,") && m.contains("not a data path")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.starts_with("line 8,") && m.contains("listed twice")),
            "{msgs:#?}"
        );
        assert_eq!(m.documents.len(), 1);
        let (_, d) = Manifest::from_toml("[[document]]\nkind = \"x\"\ntitel = \"typo\"\n");
        assert_eq!(d.len(), 1);
        assert!(d[0].message.contains("titel"), "{}", d[0].message);
        assert!(
            matches!(d[0].location, Location::Text { line: 3, .. }),
            "{:?}",
            d[0].location
        );
    }

    #[test]
    fn headings_match_despite_numbering_case_and_punctuation() {
        let s = Section {
            heading: "Actions taken and their impact".into(),
            also: vec!["Good practice".into()],
        };
        for ok in [
            "Actions taken and their impact",
            "3.2 Actions Taken And Their Impact",
            "3.2. actions taken & their impact:",
            "B) Actions taken and their impact",
            "(iv) Good practice",
            "iv. Good practice",
            "Section 4 - Good practice",
            "Part 2: Good Practice",
            "12 Good practice",
        ] {
            assert!(s.matches(ok), "{ok}");
        }
        for no in [
            "Good practice points",
            "Actions",
            "",
            "Impact of actions taken",
        ] {
            assert!(!s.matches(no), "{no}");
        }
        assert_eq!(
            normalise_heading("Independence of the author"),
            "independence of the author"
        );
        assert_eq!(normalise_heading("I. Introduction"), "introduction");
        assert_eq!(normalise_heading("Introduction"), "introduction");
        assert_eq!(
            normalise_heading("The agency\u{2019}s involvement"),
            "the agency's involvement"
        );
    }

    #[test]
    fn titles_are_recognised_by_the_longest_name_they_contain() {
        let m = Manifest::builtin();
        let kind = |t: &str| m.recognise_title(t).map(|d| d.kind.clone());
        assert_eq!(
            kind("Serious Case Review report: Child A").as_deref(),
            Some("final_report")
        );
        assert_eq!(
            kind("Terms of Reference - SCR-2016-03").as_deref(),
            Some("terms_of_reference")
        );
        assert_eq!(
            kind("Individual Management Review (IMR): Northbrook Police").as_deref(),
            Some("management_review")
        );
        assert_eq!(
            kind("Request for information pro-forma").as_deref(),
            Some("request_for_information")
        );
        assert_eq!(kind("Minutes of the panel"), None);
        assert_eq!(kind(""), None);
    }

    #[test]
    fn a_boards_entries_replace_the_builtin_ones() {
        let (board, d) = Manifest::from_toml(
            "[[document]]\nkind = \"final_report\"\ntitle = \"Practice review\"\nfile = \"report.docx\"\naudience = \"Public\"\nsections = [\"Summary\"]\n",
        );
        assert!(d.is_empty(), "{d:#?}");
        let m = Manifest::builtin().with_overrides(board);
        assert_eq!(m.documents.len(), crate::docset::ALL.len());
        assert_eq!(m.get("final_report").unwrap().sections.len(), 1);
        assert_eq!(
            m.get("action_plan").unwrap().title,
            "Learning and action plan"
        );
    }
}
