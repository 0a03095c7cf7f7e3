//! A review's packs: every document the process needs, right for each recipient.
//!
//! [`make_pack`] turns one case into the coordinator's own records (referral form, decision
//! record, notifications, Terms of Reference, action plan) and one folder, or one zip, per
//! agency (covering letter, request for information, Terms of Reference, chronology workbook,
//! and the management review template where that agency is asked for one). Each template is
//! compiled once and rendered for every recipient, on every core. Nothing is written unless
//! every document renders: a pack with a half-filled letter in it would be worse than none.

pub mod context;
mod draft;
mod layout;
pub mod learning;
mod stages;

pub use draft::{DraftOptions, draft};
pub use layout::{agency_folder, agency_folders};

use layout::Held;

use crate::case::{Agency, Case, Recipient};
use crate::diagnostic::{Diagnostic, Location};
use crate::docset::{DocKind, Recipients, Stage};
use crate::manifest::Manifest;
use crate::output::{OutputDir, OutputError, Staging};
use crate::template::{self, Template};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// Where the templates come from.
#[derive(Debug, Clone, Default)]
pub enum TemplateSource {
    /// The built-in templates.
    #[default]
    Builtin,
    /// A board's own templates in a folder, under the built-in file names.
    Dir(PathBuf),
}

/// What to make.
#[derive(Debug, Clone)]
pub struct PackOptions {
    /// Only these items (document kind ids, or `chronology_workbook`); all when empty.
    pub only: Vec<String>,
    /// Only this agency (its id); all when `None`.
    pub agency: Option<String>,
    /// One zip per agency instead of a folder.
    pub zip: bool,
    /// Encrypt each agency zip with AES-256 using this password.
    pub password: Option<String>,
    /// Where the templates come from.
    pub templates: TemplateSource,
    /// The date the pack is made (letters are dated so).
    pub today: NaiveDate,
    /// Only the documents of this stage of the review; every stage's when `None`.
    pub stage: Option<Stage>,
}

/// An item a pack holds besides the document kinds: the blank chronology workbook.
pub const CHRONOLOGY_WORKBOOK: &str = "chronology_workbook";

/// An item a pack holds besides the document kinds: the blank agency summary workbook sent
/// with the rapid review's day-1 letter.
pub const SUMMARY_WORKBOOK: &str = "summary_workbook";

/// The items a pack can hold, for `--only`: every kind the pack makes, then the workbooks.
pub fn items() -> Vec<&'static str> {
    crate::docset::ALL
        .iter()
        .filter(|k| k.in_pack())
        .map(|k| k.id())
        .chain([CHRONOLOGY_WORKBOOK, SUMMARY_WORKBOOK])
        .collect()
}

/// One file of a pack.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PackFile {
    /// Who it is for: "coordinator" or an agency id.
    pub recipient: String,
    /// What it is.
    pub item: String,
    /// Path relative to the pack folder.
    pub path: PathBuf,
    /// The stage of the review it belongs to (its folder).
    pub stage: Stage,
}

/// What went wrong making a pack.
#[derive(Debug, thiserror::Error)]
pub enum PackError {
    /// The templates or the data had problems; nothing was written.
    #[error("the pack could not be made: {} problem(s)", .0.len())]
    Problems(Vec<Diagnostic>),
    /// The options ask for what the case or the pack does not have (`--only draft`, an
    /// agency id the case does not know, a stage of another process); nothing was written.
    #[error("the pack could not be made: {}", .0.first().map_or(String::new(), |d| d.message.clone()))]
    Usage(Vec<Diagnostic>),
    /// Some destinations cannot be written (they exist, are open, or are refused), found
    /// before anything was rendered; nothing was written.
    #[error("{} file(s) of the pack cannot be written", .0.len())]
    Destinations(Vec<OutputError>),
    /// Writing failed.
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// A document to render: for whom, where it goes, the data its template sees.
type Job = (String, PathBuf, Value);

/// A rendered file waiting to be written.
struct Pending {
    file: PackFile,
    bytes: Vec<u8>,
}

/// Loads and compiles the templates for `kinds`, reporting every problem of every template.
///
/// A board's own templates are also held to the manifest (the built-in one, with the entries of
/// a `manifest.toml` in the same folder replacing it kind by kind): every required section must
/// be there, in order, and every required field must be used. A template that falls short is
/// refused with the list, rather than producing documents with a section missing.
pub fn load_templates(
    source: &TemplateSource,
    kinds: &[DocKind],
) -> Result<BTreeMap<DocKind, Template>, Vec<Diagnostic>> {
    match templates_and_problems(source, kinds) {
        (out, problems) if problems.is_empty() => Ok(out),
        (_, problems) => Err(problems),
    }
}

/// Every template of `kinds` that compiles, even one that falls short of its manifest, with
/// every problem of every template: a caller that has the data renders them too, so that a
/// renamed heading and a mistyped tag in one template are reported in one run.
fn templates_and_problems(
    source: &TemplateSource,
    kinds: &[DocKind],
) -> (BTreeMap<DocKind, Template>, Vec<Diagnostic>) {
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    let manifest = match source {
        TemplateSource::Builtin => None,
        TemplateSource::Dir(dir) => {
            let (m, errors) = Manifest::for_templates(Some(dir));
            problems.extend(errors);
            Some(m)
        }
    };
    for &k in kinds {
        let (bytes, name, path) = match source {
            TemplateSource::Builtin => (k.builtin().to_vec(), k.file_name(), None),
            TemplateSource::Dir(dir) => {
                let path = dir.join(k.file_name());
                match std::fs::read(&path) {
                    Ok(b) => (b, path.display().to_string(), Some(path)),
                    Err(e) => {
                        let msg = if e.kind() == std::io::ErrorKind::NotFound {
                            format!(
                                "the template for the {} is missing",
                                k.title().to_lowercase()
                            )
                        } else {
                            format!("cannot read the template: {e}")
                        };
                        problems.push(
                            Diagnostic::error(Location::File, msg)
                                .in_file(&path)
                                .with_help("export the built-in templates with `scr templates export` and edit them, keeping the file names"),
                        );
                        continue;
                    }
                }
            }
        };
        let mut compiled = template::compile_bytes(bytes.clone(), &name);
        if let Some(t) = compiled.template.as_mut() {
            t.set_labels(crate::case::fields::label_of);
        }
        let mut errs: Vec<Diagnostic> = compiled
            .diagnostics
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if let (Some(m), Some(path)) = (&manifest, &path) {
            errs.extend(conformance(&bytes, &compiled.tags, k, m, path));
        }
        for d in &mut errs {
            if d.file.is_none() {
                d.file = path.clone().or_else(|| Some(PathBuf::from(&name)));
            }
        }
        if let Some(t) = compiled.template {
            out.insert(k, t);
        }
        problems.extend(errs);
    }
    (out, problems)
}

/// How a board's template falls short of its manifest entry: missing or misordered sections,
/// required fields it never uses.
pub fn conformance(
    bytes: &[u8],
    tags: &[template::TagInfo],
    kind: DocKind,
    manifest: &Manifest,
    path: &Path,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let Some(entry) = manifest.get(kind.id()) else {
        return out;
    };
    if let Ok(doc) = crate::check::Document::from_bytes(bytes.to_vec()) {
        let report = crate::check::check_document(&doc, path, manifest, Some(kind.id()));
        for s in &report.sections {
            if s.state == crate::check::SectionState::Missing {
                out.push(
                    Diagnostic::error(Location::File, format!("the template has no \"{}\" section", s.section))
                        .with_help("add it as a heading (Heading 1) where the manifest puts it, or list the sections you use in manifest.toml"),
                );
            } else if !s.in_order {
                out.push(
                    Diagnostic::error(
                        s.location.clone().unwrap_or(Location::File),
                        format!("the \"{}\" section is out of order", s.section),
                    )
                    .with_help("move it so the sections follow the order of the manifest"),
                );
            }
        }
    }
    let used: std::collections::HashSet<String> = template::inspect(tags)
        .into_iter()
        .flat_map(|t| t.needs)
        .collect();
    for f in &entry.fields {
        if !used.contains(f) {
            out.push(
                Diagnostic::error(Location::File, format!("the template never uses \"{f}\""))
                    .with_help(format!("add a tag such as {{{{{f}}}}} where the document needs it (see `scr template inspect` on the built-in template)")),
            );
        }
    }
    out
}

fn wanted(opts: &PackOptions, item: &str) -> bool {
    opts.only.is_empty() || opts.only.iter().any(|o| o.replace('-', "_") == item)
}

/// Checks what `opts` asks of `case` before anything is made: every `--only` item one a pack
/// holds, the agency one the case has, the stage one of the case's own process. Returns the
/// case's own stage of the name asked for (`--stage decision` is the partners' decision in a
/// 2018 case). A caller runs it before making the output folder, so that a usage error leaves
/// nothing behind.
pub fn check_options(case: &Case, opts: &PackOptions) -> Result<Option<Stage>, PackError> {
    for o in &opts.only {
        if !items().contains(&o.replace('-', "_").as_str()) {
            return Err(PackError::Usage(vec![
                Diagnostic::error(
                    Location::File,
                    format!("\"{o}\" is not something a pack holds"),
                )
                .with_help(crate::suggest::help(o, &items(), "choose from")),
            ]));
        }
    }
    if let Some(id) = &opts.agency
        && case.agency(id).is_none()
    {
        let ids: Vec<&str> = case.agencies.iter().map(|a| a.id.as_str()).collect();
        return Err(PackError::Usage(vec![
            Diagnostic::error(Location::File, format!("the case has no agency \"{id}\""))
                .with_help(crate::suggest::help(id, &ids, "agency ids are")),
        ]));
    }
    // `--stage decision` names the case's own process's stage of that name; every kind of
    // the pack belongs to a stage of that process.
    let regime = case.review.regime;
    let own_stage = match opts.stage.map(|s| (s, s.in_process(regime))) {
        Some((s, None)) => {
            let ids: Vec<&str> = crate::docset::process(regime)
                .iter()
                .map(|s| s.id())
                .collect();
            return Err(PackError::Usage(vec![
                Diagnostic::error(
                    Location::File,
                    format!("the case's process has no {} stage", s.name()),
                )
                .with_help(format!("choose from: {}", ids.join(", "))),
            ]));
        }
        Some((_, own)) => own,
        None => None,
    };
    Ok(own_stage)
}

/// Makes the pack of `case` in `out`. `progress` is told of each file as it is written.
pub fn make_pack(
    case: &Case,
    out: &OutputDir,
    opts: &PackOptions,
    progress: &mut dyn FnMut(usize, usize, &Path),
) -> Result<Vec<PackFile>, PackError> {
    let own_stage = check_options(case, opts)?;
    let regime = case.review.regime;
    let opts = &PackOptions {
        stage: own_stage,
        ..opts.clone()
    };
    let in_process = |stages: &[Stage]| {
        stages
            .iter()
            .any(|s| crate::docset::process(regime).contains(s))
    };
    if let Some(stage) = opts.stage
        && let Err(why) = stage.follows(case)
    {
        return Err(PackError::Problems(vec![
            Diagnostic::error(
                Location::File,
                format!("there is no {} stage: {why}", stage.name()),
            )
            .with_help("record the decision in the case file (decision.chair_decision), or choose an earlier stage"),
        ]));
    }
    let in_stage = |stages: &[Stage]| opts.stage.is_none_or(|s| stages.contains(&s));
    let kinds: Vec<DocKind> = crate::docset::ALL
        .iter()
        .copied()
        .filter(|k| {
            k.in_pack()
                && k.spec().form.follows(case.decision.chair_decision)
                // A stage the decision rules out (no review: nothing to commission, report
                // or publish) has no documents, in a whole pack as in `--stage`.
                && layout::stage_of(case, *k, opts.stage).follows(case).is_ok()
                && wanted(opts, k.id())
                && in_stage(k.spec().stages)
                && in_process(k.spec().stages)
        })
        .collect();
    let (templates, mut problems) = templates_and_problems(&opts.templates, &kinds);
    problems.extend(stages::unexplained_decision(case, &kinds));
    // Each document is dated for its stage, and sees the case (its deadlines, its timeline)
    // as at that date.
    let mut bases: BTreeMap<NaiveDate, Value> = BTreeMap::new();
    let mut base_at = |d: NaiveDate| {
        bases
            .entry(d)
            .or_insert_with(|| context::case_context(case, d))
            .clone()
    };
    let coordinator = opts.agency.is_none();
    let folders = agency_folders(case);
    let agencies: Vec<_> = case
        .agencies
        .iter()
        .filter(|a| opts.agency.as_deref().is_none_or(|id| a.id == id))
        .collect();
    let workbook_wanted = |a: &Agency| {
        a.returns.chronology
            && wanted(opts, CHRONOLOGY_WORKBOOK)
            && layout::workbook_stage(case, Held::ChronologyWorkbook)
                .follows(case)
                .is_ok()
            && in_stage(&[Stage::Commissioning, Stage::LocalReviewCommissioning])
            && in_process(&[Stage::Commissioning, Stage::LocalReviewCommissioning])
    };
    let summary_wanted = wanted(opts, SUMMARY_WORKBOOK)
        && in_stage(&[Stage::RapidReview])
        && in_process(&[Stage::RapidReview]);
    let mut jobs: BTreeMap<DocKind, Vec<Job>> = BTreeMap::new();
    // Documents written for publication: checked as `scr check publication` checks.
    let mut published: Vec<PathBuf> = Vec::new();
    for &kind in &kinds {
        let spec = kind.spec();
        let stage = layout::stage_of(case, kind, opts.stage);
        for r in spec.recipients {
            match r {
                Recipients::Coordinator if coordinator => {
                    let path = layout::coordinator_path(stage, spec.output);
                    let date = if stages::living(kind) {
                        opts.today
                    } else {
                        let dated = stages::document_date(case, stage, None, opts.today);
                        problems.extend(stages::contradictions(
                            case, kind, stage, dated, None, &path,
                        ));
                        dated.date
                    };
                    // What is written for publication is anonymised as the report draft is.
                    let ctx = if spec.publication {
                        published.push(path.clone());
                        draft::draft_context(case, date, Vec::new())
                    } else {
                        base_at(date)
                    };
                    jobs.entry(kind)
                        .or_default()
                        .push(("coordinator".into(), path, ctx));
                }
                Recipients::NotifiedBodies if coordinator => {
                    for body in [Recipient::Ofsted, Recipient::Dfe, Recipient::NationalPanel] {
                        let dated = stages::document_date(case, stage, Some(body), opts.today);
                        let ctx = context::notification_context(&base_at(dated.date), case, body);
                        let id = ctx["recipient"]["id"].as_str().unwrap_or("").to_string();
                        let path =
                            layout::coordinator_path(stage, &layout::suffixed(spec.output, &id));
                        problems.extend(stages::contradictions(
                            case, kind, stage, dated, None, &path,
                        ));
                        jobs.entry(kind)
                            .or_default()
                            .push(("coordinator".into(), path, ctx));
                    }
                }
                Recipients::Agencies(which) => {
                    for a in agencies.iter().filter(|a| layout::receives(a, *which)) {
                        let folder = layout::agency_dir(stage, &folders[&a.id]);
                        let path = folder.join(spec.output);
                        let dated = stages::document_date(case, stage, None, opts.today);
                        problems.extend(stages::contradictions(
                            case,
                            kind,
                            stage,
                            dated,
                            Some(a),
                            &path,
                        ));
                        let books = [
                            workbook_wanted(a).then_some(Held::ChronologyWorkbook),
                            summary_wanted.then_some(Held::SummaryWorkbook),
                        ];
                        let books: Vec<Held> = books.into_iter().flatten().collect();
                        let held = layout::folder_items(case, &kinds, a, &books, stage, opts.stage);
                        let enclosed = layout::enclosures(a, kind, &held);
                        let ctx = context::agency_context(&base_at(dated.date), case, a, &enclosed);
                        jobs.entry(kind)
                            .or_default()
                            .push((a.id.clone(), path, ctx));
                    }
                }
                Recipients::Coordinator | Recipients::NotifiedBodies => {}
            }
        }
    }
    jobs.retain(|kind, _| templates.contains_key(kind));
    if !problems.is_empty() {
        // Some template falls short: nothing will be written, but every other problem of
        // the templates, met only with the data, is reported with it.
        for (kind, js) in jobs {
            let t = &templates[&kind];
            for (_, _, data) in js {
                problems.extend(t.check(&data));
            }
        }
        dedupe(&mut problems);
        return Err(PackError::Problems(problems));
    }
    let workbooks: Vec<(String, PathBuf)> = agencies
        .iter()
        .filter(|a| workbook_wanted(a))
        .map(|a| {
            let stage = layout::workbook_stage(case, Held::ChronologyWorkbook);
            let folder = layout::agency_dir(stage, &folders[&a.id]);
            (a.id.clone(), folder.join(layout::workbook_name(a)))
        })
        .collect();
    let summary_workbooks: Vec<(String, PathBuf)> = agencies
        .iter()
        .filter(|_| summary_wanted)
        .map(|a| {
            let stage = layout::workbook_stage(case, Held::SummaryWorkbook);
            let folder = layout::agency_dir(stage, &folders[&a.id]);
            (
                a.id.clone(),
                folder.join(crate::summary::workbook::file_name(&a.id)),
            )
        })
        .collect();

    // Every destination is checked before anything is rendered, and the pack is staged and
    // moved into place only when all of it is written.
    let mut files: Vec<(String, PathBuf)> = jobs
        .values()
        .flat_map(|js| js.iter().map(|(r, p, _)| (r.clone(), p.clone())))
        .chain(workbooks.iter().cloned())
        .chain(summary_workbooks.iter().cloned())
        .collect();
    files.sort_by(|a, b| a.1.cmp(&b.1));
    let mut destinations: Vec<PathBuf> = Vec::new();
    for (recipient, path) in &files {
        let dest = if opts.zip && recipient != "coordinator" {
            path.parent().unwrap_or(path).with_extension("zip")
        } else {
            path.clone()
        };
        if !destinations.contains(&dest) {
            destinations.push(dest);
        }
    }
    let mut staging = out.stage(&destinations).map_err(PackError::Destinations)?;

    let mut pending: Vec<Pending> = Vec::new();
    for (kind, js) in jobs {
        let Some(t) = templates.get(&kind) else {
            continue;
        };
        let (meta, data): (Vec<(String, PathBuf)>, Vec<Value>) =
            js.into_iter().map(|(r, p, v)| ((r, p), v)).unzip();
        let stage = layout::stage_of(case, kind, opts.stage);
        for ((recipient, path), result) in meta.into_iter().zip(t.render_many(data)) {
            match result {
                Ok(bytes) if published.contains(&path) => {
                    problems.extend(draft::publication_problems(case, &bytes, &path));
                    pending.push(Pending {
                        file: PackFile {
                            recipient,
                            item: kind.id().into(),
                            path,
                            stage,
                        },
                        bytes,
                    })
                }
                Ok(bytes) => pending.push(Pending {
                    file: PackFile {
                        recipient,
                        item: kind.id().into(),
                        path,
                        stage,
                    },
                    bytes,
                }),
                Err(d) => problems.extend(d),
            }
        }
    }
    for (id, path) in workbooks {
        match crate::chronology::workbook::blank(case, &id) {
            Ok(bytes) => pending.push(Pending {
                file: PackFile {
                    recipient: id,
                    item: CHRONOLOGY_WORKBOOK.into(),
                    path,
                    stage: layout::workbook_stage(case, Held::ChronologyWorkbook),
                },
                bytes,
            }),
            Err(e) => problems.push(
                Diagnostic::error(
                    Location::File,
                    format!("the chronology workbook could not be made: {e}"),
                )
                .in_file(&path)
                .with_help("this is a bug in scrkit; please report it"),
            ),
        }
    }
    for (id, path) in summary_workbooks {
        match crate::summary::workbook::blank(case, &id) {
            Ok(bytes) => pending.push(Pending {
                file: PackFile {
                    recipient: id,
                    item: SUMMARY_WORKBOOK.into(),
                    path,
                    stage: layout::workbook_stage(case, Held::SummaryWorkbook),
                },
                bytes,
            }),
            Err(e) => problems.push(
                Diagnostic::error(
                    Location::File,
                    format!("the agency summary workbook could not be made: {e}"),
                )
                .in_file(&path)
                .with_help("this is a bug in scrkit; please report it"),
            ),
        }
    }
    if problems.is_empty() {
        // The documents are read back as their recipients will read them: a pack that
        // contradicts itself is not written.
        let files: Vec<(PathBuf, Vec<u8>)> = pending
            .iter()
            .map(|p| (p.file.path.clone(), p.bytes.clone()))
            .collect();
        problems.extend(
            crate::check::check_pack(&files)
                .into_iter()
                .filter(Diagnostic::is_error),
        );
    }
    if !problems.is_empty() {
        dedupe(&mut problems);
        return Err(PackError::Problems(problems));
    }
    let written = write_pending(&mut staging, pending, opts, progress)?;
    staging.commit()?;
    Ok(written)
}

/// The same template problem is met once per recipient; report it once.
fn dedupe(problems: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    problems.retain(|d| seen.insert(d.to_string()));
}

fn write_pending(
    out: &mut Staging<'_>,
    mut pending: Vec<Pending>,
    opts: &PackOptions,
    progress: &mut dyn FnMut(usize, usize, &Path),
) -> Result<Vec<PackFile>, PackError> {
    pending.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let mut written = Vec::new();
    if opts.zip {
        let (coord, agencies): (Vec<Pending>, Vec<Pending>) = pending
            .into_iter()
            .partition(|p| p.file.recipient == "coordinator");
        let mut by_agency: BTreeMap<PathBuf, Vec<Pending>> = BTreeMap::new();
        for p in agencies {
            let folder = p
                .file
                .path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default();
            by_agency.entry(folder).or_default().push(p);
        }
        let total = coord.len() + by_agency.len();
        let mut n = 0;
        for p in coord {
            let path = out.write(&p.file.path, &p.bytes)?;
            n += 1;
            progress(n, total, &path);
            written.push(p.file);
        }
        for (folder, files) in by_agency {
            let zip_rel = folder.with_extension("zip");
            let bytes =
                zip_files(&files, opts.password.as_deref()).map_err(|e| OutputError::Io {
                    path: zip_rel.clone(),
                    source: std::io::Error::other(e),
                })?;
            let path = out.write(&zip_rel, &bytes)?;
            n += 1;
            progress(n, total, &path);
            if let Some(first) = files.into_iter().next() {
                written.push(PackFile {
                    item: "zip".into(),
                    path: zip_rel,
                    ..first.file
                });
            }
        }
    } else {
        let total = pending.len();
        for (i, p) in pending.into_iter().enumerate() {
            let path = out.write(&p.file.path, &p.bytes)?;
            progress(i + 1, total, &path);
            written.push(p.file);
        }
    }
    Ok(written)
}

/// One agency's files in a zip, encrypted with AES-256 when a password is given.
fn zip_files(files: &[Pending], password: Option<&str>) -> zip::result::ZipResult<Vec<u8>> {
    let mut z = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for f in files {
        let name = f
            .file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let base = crate::output::zip_entry_options();
        let opts = match password {
            Some(p) => base.with_aes_encryption(zip::AesMode::Aes256, p),
            None => base,
        };
        z.start_file(name, opts)?;
        z.write_all(&f.bytes)?;
    }
    Ok(z.finish()?.into_inner())
}
