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
mod helpers;
mod inspect;
pub mod tags;

pub use compile::{Extent, TagInfo};
pub use helpers::{HELPER_NAMES, display, iso_date, uk_date};
pub use inspect::{TagReport, inspect};

use crate::diagnostic::{Diagnostic, Location};
use crate::docx::{Package, StoryPart, Styles, story_parts};
use handlebars::{Context, Handlebars};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::io::Cursor;
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

/// The largest template file read, in bytes.
pub const MAX_TEMPLATE_BYTES: u64 = 256 * 1024 * 1024;

/// Compiles a template file.
pub fn compile_file(path: &Path) -> Compiled {
    let mut c = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_TEMPLATE_BYTES => failed(
            Diagnostic::error(
                Location::File,
                format!("the file is {} bytes, too large for a template", m.len()),
            )
            .with_help("a template is a document with tags; remove large images or embedded files"),
        ),
        Ok(_) => match std::fs::read(path) {
            Ok(bytes) => compile_bytes(bytes, &path.display().to_string()),
            Err(e) => failed(
                Diagnostic::error(Location::File, format!("cannot read the template: {e}"))
                    .with_help("check the path and that you may read it"),
            ),
        },
        Err(e) => failed(
            Diagnostic::error(Location::File, format!("cannot read the template: {e}"))
                .with_help("check the path and that you may read it"),
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
    let package = match Package::from_bytes(bytes) {
        Ok(p) => p,
        Err(d) => return failed(*d),
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
    let styles = Styles::from_package(&package);
    let mut diagnostics = Vec::new();
    let mut sources: Vec<(StoryPart, String)> = Vec::new();
    for part in story_parts(&package) {
        match package.read_text(&part.name) {
            Ok(t) => sources.push((part, t)),
            Err(d) => diagnostics.push(*d),
        }
    }
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
    let template = (!has_errors).then(|| Template {
        name: name.to_string(),
        package,
        registry,
        parts,
        positions,
        tags: out.tags.clone(),
        hosts: Arc::new(out.hosts),
        max_id: out.max_id,
    });
    Compiled {
        template,
        tags: out.tags,
        diagnostics,
    }
}

fn nearest(positions: &[(usize, usize, usize)], line: usize, col: usize) -> Option<usize> {
    positions
        .iter()
        .rev()
        .find(|(l, c, _)| (*l, *c) <= (line, col))
        .or(positions.first())
        .map(|(_, _, t)| *t)
}

impl Template {
    /// The tags of the template, in reading order.
    pub fn tags(&self) -> &[TagInfo] {
        &self.tags
    }

    /// Renders the story parts for `data`, returning the new parts or every problem.
    fn render_parts(&self, data: Value) -> Result<BTreeMap<String, Vec<u8>>, Vec<Diagnostic>> {
        let ctx = Context::from(data);
        let (result, problems) = helpers::with_state(self.hosts.clone(), self.max_id, || {
            let mut replaced = BTreeMap::new();
            for part in &self.parts {
                match self.registry.render_with_context(part, &ctx) {
                    Ok(s) => {
                        replaced.insert(part.clone(), s.into_bytes());
                    }
                    Err(e) => return Err((part.clone(), e)),
                }
            }
            Ok(replaced)
        });
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
            Ok(_) if !diagnostics.is_empty() => Err(diagnostics),
            Ok(parts) => Ok(parts),
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
        let parts = self.render_parts(data)?;
        self.package
            .write_to(Cursor::new(Vec::new()), &parts)
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

    /// Every problem rendering `data` would meet, without producing a document.
    pub fn check(&self, data: &Value) -> Vec<Diagnostic> {
        match self.render_parts(data.clone()) {
            Ok(_) => Vec::new(),
            Err(d) => d,
        }
    }

    /// Renders many data sets on every core; results come back in the order given.
    pub fn render_many(&self, data: Vec<Value>) -> Vec<Result<Vec<u8>, Vec<Diagnostic>>> {
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .min(data.len().max(1));
        if threads <= 1 {
            return data.into_iter().map(|d| self.render_owned(d)).collect();
        }
        let mut slots: Vec<Option<Result<Vec<u8>, Vec<Diagnostic>>>> =
            (0..data.len()).map(|_| None).collect();
        let next = std::sync::atomic::AtomicUsize::new(0);
        let data: Vec<std::sync::Mutex<Option<Value>>> = data
            .into_iter()
            .map(|d| std::sync::Mutex::new(Some(d)))
            .collect();
        let results = std::sync::Mutex::new(&mut slots);
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        if i >= data.len() {
                            break;
                        }
                        let d = data[i]
                            .lock()
                            .ok()
                            .and_then(|mut g| g.take())
                            .unwrap_or(Value::Null);
                        let r = self.render_owned(d);
                        if let Ok(mut g) = results.lock() {
                            g[i] = Some(r);
                        }
                    }
                });
            }
        });
        slots
            .into_iter()
            .map(|r| {
                r.unwrap_or_else(|| {
                    Err(vec![
                        Diagnostic::error(Location::File, "rendering stopped unexpectedly")
                            .with_help("this is a bug in scrkit; please report it"),
                    ])
                })
            })
            .collect()
    }
}
