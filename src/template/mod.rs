//! The Word template engine: `.docx` files written in Word, with `{{tags}}`, filled from data.
//!
//! A template compiles once ([`compile_file`], [`compile_bytes`]) into a handlebars template per
//! story part (body, headers, footers, footnotes, endnotes, comments, document properties) and
//! then renders any number of data sets ([`Template::render`], [`Template::render_many`] on
//! every core) without re-reading the package: parts it does not change are copied byte for
//! byte, compressed data and all.
//!
//! Compiling never stops at the first problem: it returns what it could compile together with
//! every diagnostic, each located by part, paragraph, table cell and nearest heading, with the
//! tag and an excerpt. Rendering likewise reports every value the data cannot supply, all at
//! once, and writes nothing when there is any.
//!
//! ```
//! # fn docx_with(body: &str) -> Vec<u8> {
//! #     let d = scrkit::docx::write::NewDocument { title: "t".into(), custom: vec![],
//! #         landscape: false, header: vec![], footer: vec![],
//! #         body: vec![scrkit::docx::write::Block::Para(scrkit::docx::write::Para::new(body))] };
//! #     scrkit::docx::write::build(&d)
//! # }
//! let template = scrkit::template::compile_bytes(docx_with("Dear {{name}}, see {{date due}}."), "letter.docx")
//!     .template
//!     .expect("the template has no problems");
//! let letter = template
//!     .render(&serde_json::json!({"name": "DI Oyelaran", "due": "2016-04-22"}))
//!     .expect("the data fills every tag");
//! assert!(letter.starts_with(b"PK")); // a .docx package
//!
//! // A value the data lacks is reported with where its tag is; no document is made.
//! let problems = template.render(&serde_json::json!({"name": "x"})).unwrap_err();
//! assert!(problems[0].message.contains("\"due\""));
//! ```

mod compile;
mod each;
mod helpers;
mod inspect;
mod picture;
mod tags;
mod vet;

pub use compile::{Extent, TagInfo};
pub use each::Streamed;
pub use helpers::{HELPER_NAMES, Labels, display, iso_date, uk_date};
pub use inspect::{TagReport, inspect};
pub use picture::Picture;
pub use tags::TagKind;

use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{Package, StoryPart, Styles, story_parts};
use crate::input::ReadError;
use handlebars::{Context, Handlebars};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Seek, Write};
use std::path::Path;
use std::sync::Arc;

/// A compiled template, ready to render many times (and from many threads).
pub struct Template {
    name: String,
    package: Package,
    registry: Handlebars<'static>,
    parts: Vec<String>,
    positions: HashMap<String, Vec<(usize, usize, usize)>>,
    tags: Vec<TagInfo>,
    hosts: Arc<Vec<helpers::Host>>,
    max_id: u64,
    labels: Option<Labels>,
    picture_env: Arc<picture::Env>,
}

impl std::fmt::Debug for Template {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Template")
            .field("name", &self.name)
            .field("parts", &self.parts)
            .field("tags", &self.tags.len())
            .finish()
    }
}

/// What compiling a template produced: the template when it has no errors, the tags found
/// (even when it has errors, so that `inspect` can still list them), and every diagnostic.
#[derive(Debug)]
pub struct Compiled {
    /// The template, when it compiled without errors.
    pub template: Option<Template>,
    /// Every tag found, in reading order.
    pub tags: Vec<TagInfo>,
    /// Every problem found.
    pub diagnostics: Vec<Diagnostic>,
}

impl Compiled {
    /// The template with the words for coded values ([`Template::set_labels`]), or every
    /// diagnostic when it did not compile: what each caller that renders with labels needs,
    /// written once.
    pub fn labelled(self, labels: Labels) -> Result<Template, Vec<Diagnostic>> {
        let mut t = self.template.ok_or(self.diagnostics)?;
        t.set_labels(labels);
        Ok(t)
    }
}

/// A board's own template file compiled and given the words for coded values: what
/// `scr fill`, the mail merge and the merges' `--template` render with.
pub fn compile_board(path: &Path, labels: Labels) -> Result<Template, Vec<Diagnostic>> {
    compile_file(path).labelled(labels)
}

/// The most work compiling one part may take, as its tags times its length in bytes.
///
/// The handlebars parser finds the line and column of every token by counting from the start
/// of the part, so compiling costs about tags x length: a template with thousands of tags in
/// megabytes of XML would take hours. Real templates stay far below this (the built-in ones
/// below 1/1000th of it); past it, compiling is refused with a located error rather than
/// left to run.
pub const MAX_COMPILE_COST: u64 = 1_000_000_000;

/// The label of a story part, for messages.
fn part_label(sources: &[(StoryPart, String)], name: &str) -> String {
    sources
        .iter()
        .find(|(p, _)| p.name == name)
        .map_or_else(|| name.to_string(), |(p, _)| p.label.clone())
}

/// The largest template file read, in bytes.
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024 * 1024;

/// Compiles a template file.
pub fn compile_file(path: &Path) -> Compiled {
    let mut c = match crate::input::read_limited(path, MAX_TEMPLATE_BYTES) {
        Ok(bytes) => compile_bytes(bytes, &path.display().to_string()),
        Err(ReadError::Io(e)) => failed(
            Diagnostic::error(Location::File, format!("cannot read the template: {e}"))
                .with_help("check the path and that you may read it"),
        ),
        Err(e) => failed(
            Diagnostic::error(
                Location::File,
                format!(
                    "the file is {}, too large for a template",
                    e.size_in_bytes()
                ),
            )
            .with_help("a template is a document with tags; remove large images or embedded files"),
        ),
    };
    for d in &mut c.diagnostics {
        d.file = Some(path.to_path_buf());
    }
    c
}

fn failed(d: Diagnostic) -> Compiled {
    Compiled {
        template: None,
        tags: Vec::new(),
        diagnostics: vec![d],
    }
}

/// Compiles a template from the bytes of a .docx; `name` is used in messages.
pub fn compile_bytes(bytes: Vec<u8>, name: &str) -> Compiled {
    let package = match Package::from_bytes(bytes)
        .map_err(|d| vec![*d])
        .and_then(vet::vet)
    {
        Ok(p) => p,
        Err(diagnostics) => {
            return Compiled {
                template: None,
                tags: Vec::new(),
                diagnostics,
            };
        }
    };
    if package.main_document().is_none() {
        return failed(
            Diagnostic::error(
                Location::File,
                "the package has no main document (word/document.xml)",
            )
            .with_help("this is not a Word document: save it from Word or LibreOffice as .docx"),
        );
    }
    let mut diagnostics = Vec::new();
    let mut sources: Vec<(StoryPart, String)> = Vec::new();
    for part in story_parts(&package) {
        match package.read_text(&part.name) {
            Ok(t) => sources.push((part, t)),
            Err(d) => diagnostics.push(*d),
        }
    }
    // Heading levels only place tags in messages: read only when some part may hold one.
    let styles = if sources.iter().any(|(_, t)| compile::may_hold_tags(t)) {
        Styles::from_package(&package)
    } else {
        Styles::default()
    };
    let out = compile::compile_parts(&sources, &styles, HELPER_NAMES);
    diagnostics.extend(out.diagnostics);
    let mut registry = Handlebars::new();
    registry.set_strict_mode(false);
    registry.set_prevent_indent(true);
    registry.register_escape_fn(|s| {
        let mut o = String::with_capacity(s.len());
        crate::docx::xml::escape_text(s, &mut o);
        o
    });
    helpers::register(&mut registry);
    let mut parts = Vec::new();
    let mut positions = HashMap::new();
    // With problems in the tags there is no template to register: a block left unpaired
    // would only fail again in handlebars, and be misreported as a bug of the engine.
    let tag_errors = diagnostics.iter().any(Diagnostic::is_error);
    for p in out.parts.iter().filter(|_| !tag_errors) {
        let cost = (p.positions.len() as u64).saturating_mul(p.source.len() as u64);
        if cost > MAX_COMPILE_COST {
            diagnostics.push(
                Diagnostic::error(
                    crate::docx::package::part_location(&p.name, &part_label(&sources, &p.name)),
                    format!(
                        "the part is too large to compile as a template: {} tags in {} KB of \
                         Word XML",
                        p.positions.len(),
                        p.source.len() / 1024
                    ),
                )
                .with_help(
                    "split the template into smaller documents, or take out what is not part \
                     of the template (pasted tables of data, old tracked changes)",
                ),
            );
        }
    }
    let compiled_parts = if diagnostics.iter().any(Diagnostic::is_error) {
        Vec::new()
    } else {
        out.parts
    };
    for p in compiled_parts {
        if let Err(e) = registry.register_template_string(&p.name, &p.source) {
            // Tags were checked one by one already; this is the engine's own fault.
            let near = e
                .pos()
                .and_then(|(l, c)| nearest(&p.positions, l, c))
                .map(|t| out.tags[t].location.clone())
                .unwrap_or(Location::File);
            diagnostics.push(
                Diagnostic::error(
                    near,
                    format!("the part could not be compiled: {}", e.reason()),
                )
                .with_help("this is a bug in scrkit; please report it with the template"),
            );
            continue;
        }
        positions.insert(p.name.clone(), p.positions);
        parts.push(p.name);
    }
    let has_errors = diagnostics.iter().any(Diagnostic::is_error);
    let picture_env = Arc::new(picture_env(&package, &sources));
    let template = (!has_errors).then(|| Template {
        name: name.to_string(),
        package,
        registry,
        parts,
        positions,
        tags: out.tags.clone(),
        hosts: Arc::new(out.hosts),
        max_id: out.max_id,
        labels: None,
        picture_env,
    });
    Compiled {
        template,
        tags: out.tags,
        diagnostics,
    }
}

/// Where `{{picture}}` puts pictures: the main document's page, and names no part uses.
fn picture_env(package: &Package, sources: &[(StoryPart, String)]) -> picture::Env {
    let main = package.main_document();
    let main_text = sources
        .iter()
        .find(|(p, _)| main.as_deref() == Some(p.name.as_str()))
        .map_or("", |(_, t)| t.as_str());
    let names: Vec<String> = package.part_names().map(str::to_string).collect();
    let mut taken = names.join("\n");
    for n in names.iter().filter(|n| n.ends_with(".rels")) {
        if let Ok(t) = package.read_text(n) {
            taken.push_str(&t);
        }
    }
    picture::Env::new(main_text, &taken)
}

/// The story parts rendered, by name, and the pictures placed in them.
type RenderedParts = (BTreeMap<String, Vec<u8>>, Vec<picture::Placed>);

fn nearest(positions: &[(usize, usize, usize)], line: usize, col: usize) -> Option<usize> {
    positions
        .iter()
        .rev()
        .find(|(l, c, _)| (*l, *c) <= (line, col))
        .or(positions.first())
        .map(|(_, _, t)| *t)
}

impl Template {
    /// Gives `{{label x}}` the words for the data's coded values (for a case:
    /// `case::fields::label_of`); without them it writes a code in words.
    pub fn set_labels(&mut self, labels: Labels) {
        self.labels = Some(labels);
    }

    /// The name it was compiled under (its file), for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The tags of the template, in reading order.
    pub fn tags(&self) -> &[TagInfo] {
        &self.tags
    }

    /// Renders the story parts for `data`, returning the new parts and the pictures placed,
    /// or every problem.
    fn render_parts(&self, data: Value) -> Result<RenderedParts, Vec<Diagnostic>> {
        self.render_with(data, None, |render| {
            let mut replaced = BTreeMap::new();
            for part in &self.parts {
                let mut bytes = Vec::new();
                render(part, &mut bytes)?;
                replaced.insert(part.clone(), bytes);
            }
            Ok(replaced)
        })
    }

    /// Renders the story parts for `data`, `drive` deciding where each goes: it is given a
    /// function that renders a part into a writer, and runs it for every part. Returns what
    /// `drive` made and the pictures placed. The problems the data gives are reported all at
    /// once, after every part; with any, whatever `drive` wrote is to be thrown away.
    fn render_with<T>(
        &self,
        mut data: Value,
        streamed: Option<&Streamed>,
        drive: impl FnOnce(
            &mut dyn FnMut(&str, &mut dyn Write) -> std::io::Result<()>,
        ) -> std::io::Result<T>,
    ) -> Result<(T, Vec<picture::Placed>), Vec<Diagnostic>> {
        if let Some(s) = streamed {
            s.place(&mut data);
        }
        let ctx = Context::from(data);
        let mut failed: Option<(String, handlebars::RenderError)> = None;
        let (result, problems) =
            helpers::with_state(self.hosts.clone(), self.max_id, self.labels, || {
                helpers::set_picture_env(self.picture_env.clone());
                each::with_streamed(streamed, || {
                    let mut render = |part: &str, w: &mut dyn Write| {
                        helpers::set_part(part);
                        // Handlebars writes many short pieces; they reach the writer (a
                        // deflater) in blocks.
                        let mut buf = std::io::BufWriter::with_capacity(1 << 16, w);
                        if let Err(e) = self
                            .registry
                            .render_with_context_to_write(part, &ctx, &mut buf)
                        {
                            failed = Some((part.to_string(), e));
                            return Err(std::io::Error::other("the part could not be rendered"));
                        }
                        buf.flush()
                    };
                    drive(&mut render).map(|t| (t, helpers::take_pictures()))
                })
            });
        let result = match (result, failed) {
            (_, Some(f)) => Err(f),
            (Ok(r), None) => Ok(Ok(r)),
            (Err(e), None) => Ok(Err(e)),
        };
        let mut diagnostics = Vec::new();
        let mut counts: BTreeMap<(usize, String), (String, usize)> = BTreeMap::new();
        for p in problems {
            counts.entry((p.tag, p.message)).or_insert((p.help, 0)).1 += 1;
        }
        for ((tag, message), (help, n)) in counts {
            let message = if n > 1 {
                format!("{message} ({n} times, once for each repetition)")
            } else {
                message
            };
            diagnostics.push(self.tag_diagnostic(tag, message, help));
        }
        match result {
            Err((part, e)) => {
                let tag = e
                    .line_no
                    .zip(e.column_no)
                    .and_then(|(l, c)| self.positions.get(&part).and_then(|p| nearest(p, l, c)));
                let message = helpers::describe(&e);
                let help = "check the tag against the data".to_string();
                match tag {
                    Some(t) => diagnostics.push(self.tag_diagnostic(t, message, help)),
                    None => {
                        diagnostics.push(Diagnostic::error(Location::File, message).with_help(help))
                    }
                }
                Err(diagnostics)
            }
            Ok(Err(e)) => {
                diagnostics.push(
                    Diagnostic::error(
                        Location::File,
                        format!("the document could not be written: {e}"),
                    )
                    .with_help("check that the disk has room and you may write there"),
                );
                Err(diagnostics)
            }
            Ok(_) if !diagnostics.is_empty() => Err(diagnostics),
            Ok(Ok(parts)) => Ok(parts),
        }
    }

    fn tag_diagnostic(&self, tag: usize, message: String, help: String) -> Diagnostic {
        let mut d = match self.tags.get(tag) {
            Some(t) => Diagnostic::error(t.location.clone(), format!("{message}, in {}", t.source))
                .with_excerpt(t.excerpt.clone()),
            None => Diagnostic::error(Location::File, message),
        };
        d.help = Some(help);
        d.file = Some(self.name.clone().into());
        d
    }

    /// Renders `data` into a complete .docx, or returns every problem (nothing is produced
    /// when there is any).
    pub fn render(&self, data: &Value) -> Result<Vec<u8>, Vec<Diagnostic>> {
        self.render_owned(data.clone())
    }

    /// Renders, taking ownership of the data (no copy).
    pub fn render_owned(&self, data: Value) -> Result<Vec<u8>, Vec<Diagnostic>> {
        let (mut parts, pictures) = self.render_parts(data)?;
        let (edited, added) = picture::package_edits(&pictures, |name| {
            parts
                .get(name)
                .and_then(|b| String::from_utf8(b.clone()).ok())
                .or_else(|| self.package.read_text(name).ok())
        });
        // A relationships part the template lacks is a new part, not a replacement.
        let mut new_parts = added;
        for (name, bytes) in edited {
            if self.package.has_part(&name) {
                parts.insert(name, bytes);
            } else {
                new_parts.push((name, bytes));
            }
        }
        self.package
            .write_with(Cursor::new(Vec::new()), &parts, &new_parts)
            .map(|c| c.into_inner())
            .map_err(|e| {
                vec![
                    Diagnostic::error(
                        Location::File,
                        format!("the document could not be written: {e}"),
                    )
                    .with_help("this is a bug in scrkit; please report it"),
                ]
            })
    }

    /// Renders into `out` as the document is made: each changed part is deflated as it is
    /// rendered, and `streamed` (when given) supplies one list of the data an item at a time,
    /// so a document of 100,000 rows is never held whole, as XML or as data. The package's
    /// relationships and content types come after the parts (they learn of the pictures
    /// placed). With problems, what was written to `out` is incomplete and is to be thrown
    /// away (a staged file).
    pub fn render_to<W: Write + Seek>(
        &self,
        data: Value,
        streamed: Option<&Streamed>,
        out: W,
    ) -> Result<W, Vec<Diagnostic>> {
        let last = |name: &str| name == "[Content_Types].xml" || name.ends_with(".rels");
        let written = |e: zip::result::ZipError| {
            vec![
                Diagnostic::error(
                    Location::File,
                    format!("the document could not be written: {e}"),
                )
                .with_help("check that the disk has room and you may write there"),
            ]
        };
        let (mut zip, pictures) = self.render_with(data, streamed, |render| {
            let mut zip = zip::ZipWriter::new(out);
            self.package
                .write_entries(
                    &mut zip,
                    |name| !last(name),
                    |name| self.parts.iter().any(|p| p == name),
                    render,
                )
                .map_err(std::io::Error::other)?;
            Ok(zip)
        })?;
        let (edited, added) =
            picture::package_edits(&pictures, |name| self.package.read_text(name).ok());
        let mut new_parts = added;
        let mut replaced = BTreeMap::new();
        for (name, bytes) in edited {
            if self.package.has_part(&name) {
                replaced.insert(name, bytes);
            } else {
                new_parts.push((name, bytes));
            }
        }
        self.package
            .write_entries(
                &mut zip,
                last,
                |name| replaced.contains_key(name),
                &mut |name, w| w.write_all(&replaced[name]),
            )
            .map_err(written)?;
        Package::finish_with(zip, &new_parts).map_err(written)
    }

    /// Every problem rendering `data` would meet, without producing a document.
    pub fn check(&self, data: &Value) -> Vec<Diagnostic> {
        match self.render_parts(data.clone()) {
            Ok(_) => Vec::new(),
            Err(d) => d,
        }
    }

    /// Renders many data sets on every core; results come back in the order given.
    pub fn render_many(&self, data: Vec<Value>) -> Vec<Result<Vec<u8>, Vec<Diagnostic>>> {
        crate::parallel::ordered_map(data, |d| self.render_owned(d))
    }
}
