//! Checking a Word document on a review's page, as `scr check` and `scr check publication`
//! do: the upload (a .docx only, under a safe name in the review's `checks/` folder), the page
//! of its sections, leftovers and identifying details, each with its place, and anonymising it
//! as `scr anonymise` does, the copy offered for download with what could not be rewritten.
//! The report draft's page shows its own check through the same view ([`CheckView`]).

use super::review::{ErrorLink, PageState, show_refused};
use super::uploads::read_upload;
use super::{AppStateRef, csrf_ok, forged, not_found, render};
use crate::check::SectionState;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::serve::{AppState, Session, blocking};
use crate::workspace::{AnonymisedCopy, DocumentCheck, Made, WorkspaceError, plural};
use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use std::sync::Arc;

/// A finding in a table: where (part, place in it, the heading above), what, what to do.
pub(super) struct FindingRow {
    pub(super) severity: &'static str,
    pub(super) tag: &'static str,
    pub(super) part: String,
    pub(super) place: String,
    pub(super) heading: String,
    pub(super) message: String,
    pub(super) help: String,
}

/// A finding as the CLI gives its place: the part in words, the table cell and paragraph, the
/// nearest heading; a finding about the whole file says so.
pub(super) fn finding_row(d: &Diagnostic) -> FindingRow {
    let (part, place, heading) = match &d.location {
        Location::Docx {
            part_label,
            paragraph,
            table,
            heading,
            ..
        } => {
            let mut place = Vec::new();
            if let Some(t) = table {
                place.push(format!("table {}, row {}, cell {}", t.table, t.row, t.cell));
            }
            if let Some(p) = paragraph {
                place.push(format!("paragraph {p}"));
            }
            (
                super::sentence_case(part_label),
                place.join(", "),
                heading.clone().unwrap_or_default(),
            )
        }
        Location::File => ("The whole file".to_string(), String::new(), String::new()),
        other => (
            super::sentence_case(&other.to_string()),
            String::new(),
            String::new(),
        ),
    };
    let (severity, tag) = match d.severity {
        Severity::Error => ("Error", "tag tag--red"),
        Severity::Warning => ("Warning", "tag tag--yellow"),
    };
    let message = match &d.value {
        Some(v) if !d.message.contains(v.as_str()) => format!("{} (found “{v}”)", d.message),
        _ => d.message.clone(),
    };
    FindingRow {
        severity,
        tag,
        part,
        place,
        heading,
        message,
        help: d.help.clone().unwrap_or_default(),
    }
}

pub(super) struct SectionRow {
    pub(super) section: String,
    pub(super) state: &'static str,
    pub(super) tag: &'static str,
    pub(super) place: String,
    pub(super) notes: String,
}

/// A document's check, for a page.
pub(super) struct CheckView {
    pub(super) kind: String,
    pub(super) title: String,
    pub(super) sections: Vec<SectionRow>,
    /// "5 of 7 sections written".
    pub(super) sections_summary: String,
    pub(super) problems: Vec<FindingRow>,
    /// "2 errors, 1 warning".
    pub(super) problem_count: String,
    pub(super) clean: bool,
    pub(super) publication_clean: bool,
    /// "Nothing identifying found" or "3 identifying items found".
    pub(super) publication_summary: String,
    pub(super) publication: Vec<FindingRow>,
    pub(super) passed_over: Vec<String>,
    pub(super) searched: String,
}

pub(super) fn check_view(c: &DocumentCheck) -> CheckView {
    let r = &c.report;
    let kind = match (&r.kind, r.kind_source) {
        (Some(k), crate::check::KindSource::Property) => {
            format!("{} (from its ScrKind property)", kind_words(k))
        }
        (Some(k), crate::check::KindSource::Title) => format!("{} (from its title)", kind_words(k)),
        (Some(k), _) => kind_words(k),
        (None, _) => "Not known: only leftovers were checked".to_string(),
    };
    let written = r
        .sections
        .iter()
        .filter(|s| s.state == SectionState::Present)
        .count();
    let errors = r.errors();
    let p = &c.publication;
    let unread = p
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .count()
        .saturating_sub(p.hits.len());
    CheckView {
        kind,
        title: r.title.clone().unwrap_or_default(),
        sections_summary: format!(
            "{written} of {} written",
            plural(r.sections.len(), "section")
        ),
        sections: r
            .sections
            .iter()
            .map(|s| {
                let tag = match s.state {
                    SectionState::Present => "tag tag--green",
                    SectionState::Missing => "tag tag--red",
                    SectionState::Empty | SectionState::PlaceholderOnly => "tag tag--yellow",
                };
                let mut notes = Vec::new();
                if !s.in_order {
                    notes.push("out of order");
                }
                if s.state != SectionState::Missing && !s.styled {
                    notes.push("not in a heading style");
                }
                SectionRow {
                    section: s.section.clone(),
                    state: s.state.describe(),
                    tag,
                    place: s
                        .location
                        .as_ref()
                        .map(|l| super::sentence_case(&l.to_string()))
                        .unwrap_or_default(),
                    notes: notes.join(", "),
                }
            })
            .collect(),
        problems: r.diagnostics.iter().map(finding_row).collect(),
        problem_count: format!(
            "{}, {}",
            plural(errors, "error"),
            plural(r.diagnostics.len() - errors, "warning")
        ),
        clean: r.diagnostics.is_empty(),
        publication_clean: p.is_clean(),
        publication_summary: if p.is_clean() {
            format!(
                "{} of the case's identifiers and the generic patterns searched for",
                c.identifiers
            )
        } else if p.hits.is_empty() {
            format!(
                "{} could not be searched: not fit for publication until they are removed",
                plural(unread.max(1), "part")
            )
        } else {
            format!(
                "{} found: not fit for publication",
                plural(p.hits.len(), "identifying item")
            )
        },
        publication: p.diagnostics.iter().map(finding_row).collect(),
        passed_over: p
            .passed_over
            .iter()
            .filter(|x| x.why != crate::identify::Passed::OwnContact)
            .map(|x| format!("“{}” at {}: {}", x.found, x.location, x.why.describe()))
            .collect(),
        searched: if p.searched.parts > 0 {
            let s = p.searched.to_string();
            s.strip_prefix("searched: ").unwrap_or(&s).to_string()
        } else {
            String::new()
        },
    }
}

/// A document kind's title ("Final report"), or its id when the manifest has no such kind.
fn kind_words(id: &str) -> String {
    crate::docset::ALL
        .iter()
        .map(|k| k.spec())
        .find(|k| k.id == id)
        .map_or_else(|| id.to_string(), |k| k.title.to_string())
}

struct ReplacedRow {
    identifier: String,
    replacement: String,
    count: usize,
}

/// What anonymising did: the copy to download, what it replaced, and what it could not.
struct AnonymisedView {
    href: String,
    file: String,
    replaced: Vec<ReplacedRow>,
    /// "14 identifiers replaced".
    replaced_count: String,
    cleared: Vec<String>,
    accepted_changes: usize,
    clean: bool,
    left: Vec<FindingRow>,
}

fn anonymised_view(name: &str, a: &AnonymisedCopy) -> AnonymisedView {
    let r = &a.result;
    let total: usize = r.replaced.iter().map(|x| x.count).sum();
    AnonymisedView {
        href: format!("/review/{name}/made/{}/{}", Made::Anonymised.id(), a.file),
        file: a.file.clone(),
        replaced: r
            .replaced
            .iter()
            .map(|x| ReplacedRow {
                identifier: x.identifier.clone(),
                replacement: x.replacement.clone(),
                count: x.count,
            })
            .collect(),
        replaced_count: format!("{} replaced", plural(total, "identifier")),
        cleared: r.cleared.clone(),
        accepted_changes: r.accepted_changes,
        clean: r.residue.is_clean(),
        left: r.residue.diagnostics.iter().map(finding_row).collect(),
    }
}

#[derive(Template)]
#[template(path = "check.html")]
struct CheckPage {
    csrf: String,
    name: String,
    reference: String,
    file: String,
    check: CheckView,
    anonymise_href: String,
    accept_changes: bool,
    errors: Vec<ErrorLink>,
    anonymised: Option<AnonymisedView>,
}

/// Receives a Word document to check, then shows its check.
pub(crate) async fn upload_document(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    form: Multipart,
) -> Response {
    let form = match read_upload(form).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    if !csrf_ok(&session, form.field("csrf")) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let refuse = |msg: String| PageState {
        check_error: msg,
        ..PageState::default()
    };
    let (fname, bytes) = match form.file {
        Some((n, b)) if !n.is_empty() && !b.is_empty() => (n, b),
        _ => {
            let ps = refuse("Choose the Word document to check".into());
            return show_refused(state, name, session.csrf, ps).await;
        }
    };
    let st = state.clone();
    match blocking(move || f.receive_document(&fname, &bytes, &st.user)).await {
        Ok(Ok(path)) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Redirect::to(&format!("/review/{name}/checks/{file}")).into_response()
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            show_refused(state, name, session.csrf, refuse(msg)).await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// An uploaded document's check.
pub(crate) async fn check_page(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, file)): Path<(String, String)>,
) -> Response {
    show_check(state, session.csrf, name, file, Anonymising::NotAsked).await
}

#[derive(serde::Deserialize)]
pub(crate) struct AnonymiseForm {
    #[serde(default)]
    csrf: String,
    /// "yes" to accept every tracked change first (`--accept-changes`).
    #[serde(default)]
    accept_changes: String,
}

/// Anonymises an uploaded document; shows the check again with what was done.
pub(crate) async fn anonymise(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, file)): Path<(String, String)>,
    axum::Form(form): axum::Form<AnonymiseForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let accept = form.accept_changes == "yes";
    show_check(state, session.csrf, name, file, Anonymising::Asked(accept)).await
}

enum Anonymising {
    NotAsked,
    /// Asked, accepting tracked changes first or not.
    Asked(bool),
}

async fn show_check(
    state: Arc<AppState>,
    csrf: String,
    name: String,
    file: String,
    anonymising: Anonymising,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.checked_document(&file) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let c = f.usable_case(st.today())?;
        let anonymised = match anonymising {
            Anonymising::NotAsked => None,
            Anonymising::Asked(accept) => {
                Some(match f.anonymise_document(&path, &c, accept, &st.user) {
                    Ok(a) => Ok(a),
                    Err(WorkspaceError::Problems(d)) => Err(d),
                    Err(e) => return Err(e),
                })
            }
        };
        let check = f.check_document(&path, &c, &st.user)?;
        Ok::<_, WorkspaceError>((c.review.reference.clone(), check, anonymised))
    })
    .await;
    let (reference, check, anonymised) = match result {
        Ok(Ok(x)) => x,
        Ok(Err(e)) => return e.into_response(),
        Err(resp) => return resp,
    };
    let (anonymised, errors, accept_changes, status) = match anonymised {
        None => (None, Vec::new(), false, StatusCode::OK),
        Some(Ok(a)) => (
            Some(anonymised_view(&name, &a)),
            Vec::new(),
            a.result.accepted_changes > 0,
            StatusCode::OK,
        ),
        Some(Err(problems)) => (
            None,
            problems
                .iter()
                .map(|d| ErrorLink {
                    href: "#accept-changes".into(),
                    text: format!("Not anonymised: {}", d.message),
                })
                .collect(),
            false,
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let page = CheckPage {
        csrf,
        anonymise_href: format!("/review/{name}/checks/{file}/anonymise"),
        name,
        reference,
        file,
        check: check_view(&check),
        accept_changes,
        errors,
        anonymised,
    };
    render(status, &page)
}
