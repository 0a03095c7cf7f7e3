//! Returns from agencies (a chronology, a rapid review's agency summary, an action tracker):
//! the upload, stored under a safe name, the page showing its problems by sheet, row and
//! column as the CLI's check does, and accepting it.

use super::review::{PageState, show_refused};
use super::{AppStateRef, csrf_ok, forged, not_found, refusal, render};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::serve::{Session, blocking};
use crate::workspace::{self, ReturnKind, WorkspaceError, plural};
use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// Receives a return: stored under a safe name, then shown with its problems.
pub(crate) async fn upload_return(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    form: Multipart,
) -> Response {
    let form = match read_upload(form).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let csrf = form.field("csrf").to_string();
    let kind = form.field("kind").to_string();
    let file = form.file;
    if !csrf_ok(&session, &csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let kind = if kind.is_empty() {
        Some(ReturnKind::Chronology)
    } else {
        ReturnKind::from_id(&kind)
    };
    let Some(kind) = kind else {
        let ps = PageState {
            return_error:
                "Choose what the file is: a chronology, an agency summary or an action tracker"
                    .into(),
            ..PageState::default()
        };
        return show_refused(state, name, session.csrf, ps).await;
    };
    let (fname, bytes) = match file {
        Some((n, b)) if !n.is_empty() && !b.is_empty() => (n, b),
        _ => {
            let ps = PageState {
                return_error: "Choose the return to upload".into(),
                ..PageState::default()
            };
            return show_refused(state, name, session.csrf, ps).await;
        }
    };
    let st = state.clone();
    match blocking(move || f.receive(kind, &fname, &bytes, &st.user)).await {
        Ok(Ok(path)) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Redirect::to(&received_href(&name, kind, &file)).into_response()
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            let ps = PageState {
                return_error: msg,
                ..PageState::default()
            };
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// An upload form as sent: its text fields, and the file with the name the browser gave it.
pub(super) struct UploadForm {
    fields: Vec<(String, String)>,
    /// The file's name as sent and its bytes, when a file field came.
    pub(super) file: Option<(String, Vec<u8>)>,
}

impl UploadForm {
    /// A text field's value; empty when it did not come.
    pub(super) fn field(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

/// Reads a multipart form whose file field is `file`; the body limit bounds it, and a body
/// over the limit is answered with [`too_large`].
pub(super) async fn read_upload(mut form: Multipart) -> Result<UploadForm, Response> {
    let mut out = UploadForm {
        fields: Vec::new(),
        file: None,
    };
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name().map(str::to_string).as_deref() {
                Some("file") => {
                    let fname = field.file_name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(b) => out.file = Some((fname, b.to_vec())),
                        Err(_) => return Err(too_large()),
                    }
                }
                Some(name) => {
                    let value = field.text().await.unwrap_or_default();
                    out.fields.push((name.to_string(), value));
                }
                None => {}
            },
            Ok(None) => return Ok(out),
            Err(_) => return Err(too_large()),
        }
    }
}

fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "The upload could not be read: a file may be at most {} MB. Go back and choose \
             the file again.",
            workspace::MAX_RETURN_BYTES / (1024 * 1024)
        ),
    )
}

struct ProblemRow {
    severity: &'static str,
    tag: &'static str,
    sheet: String,
    row: String,
    column: String,
    place: String,
    message: String,
    value: String,
    help: String,
}

/// The page of a received file: `/returns/FILE` for a chronology (as before),
/// `/received/KIND/FILE` for every kind.
pub(super) fn received_href(name: &str, kind: ReturnKind, file: &str) -> String {
    match kind {
        ReturnKind::Chronology => format!("/review/{name}/returns/{file}"),
        _ => format!("/review/{name}/received/{}/{file}", kind.id()),
    }
}

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
    csrf: String,
    name: String,
    reference: String,
    file: String,
    kind: &'static str,
    accept_href: String,
    accepted: bool,
    notice: String,
    agency: String,
    sheet: String,
    rows_read: usize,
    entries: usize,
    error_count: usize,
    /// "1 error", "3 errors".
    errors: String,
    /// "no warnings", "1 warning".
    warnings: String,
    problems: Vec<ProblemRow>,
    changes: Vec<String>,
}

fn problem_row(d: &Diagnostic) -> ProblemRow {
    let (sheet, row, column) = match &d.location {
        Location::Cell {
            sheet,
            row,
            column,
            header,
        } => (
            // A CSV file has no sheets: its rows are the file's.
            if sheet.is_empty() {
                "(the file)".to_string()
            } else {
                sheet.clone()
            },
            row.to_string(),
            match header {
                Some(h) => format!("{column} ({h})"),
                None => column.clone(),
            },
        ),
        _ => (String::new(), String::new(), String::new()),
    };
    let (severity, tag) = match d.severity {
        Severity::Error => ("Error", "tag tag--red"),
        Severity::Warning => ("Warning", "tag tag--yellow"),
    };
    ProblemRow {
        severity,
        tag,
        sheet,
        row,
        column,
        place: d.location.to_string(),
        message: d.message.clone(),
        value: d.value.clone().unwrap_or_default(),
        help: d.help.clone().unwrap_or_default(),
    }
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct ReceivedQuery {
    accepted: Option<String>,
}

/// A received chronology return, checked as `scr chronology check` checks it.
pub(crate) async fn return_page(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, file)): Path<(String, String)>,
    Query(q): Query<ReceivedQuery>,
) -> Response {
    show_received(state, session, name, ReturnKind::Chronology, file, q).await
}

/// A received file of any kind, checked by the CLI's reader for it.
pub(crate) async fn received_page(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, kind, file)): Path<(String, String, String)>,
    Query(q): Query<ReceivedQuery>,
) -> Response {
    let Some(kind) = ReturnKind::from_id(&kind) else {
        return not_found();
    };
    show_received(state, session, name, kind, file, q).await
}

async fn show_received(
    state: std::sync::Arc<crate::serve::AppState>,
    session: Session,
    name: String,
    kind: ReturnKind,
    file: String,
    q: ReceivedQuery,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.received_file(kind, &file) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        let c = f.usable_case(today)?;
        let check = f.check_received(kind, &path, &c, today, &st.user)?;
        let accepted = f.is_accepted(kind, &path);
        Ok::<_, WorkspaceError>((c.review.reference.clone(), check, accepted))
    })
    .await;
    match result {
        Ok(Ok((reference, check, accepted))) => {
            let errors = check.errors();
            let page = ReturnPage {
                csrf: session.csrf,
                accept_href: format!("{}/accept", received_href_any(&name, kind, &file)),
                name,
                reference,
                kind: kind.label(),
                accepted,
                notice: if q.accepted.is_some() {
                    match kind {
                        ReturnKind::Tracker => {
                            "The tracker was accepted: its updates are in the case file.".into()
                        }
                        _ => format!("The {} was accepted.", kind.label()),
                    }
                } else {
                    String::new()
                },
                file,
                agency: check.agency.clone().unwrap_or_default(),
                sheet: if check.csv {
                    "none: a CSV file has no sheets".into()
                } else {
                    check.sheet.clone().unwrap_or_default()
                },
                rows_read: check.rows_read,
                entries: check.usable,
                error_count: errors,
                errors: plural(errors, "error"),
                warnings: plural(check.diagnostics.len() - errors, "warning"),
                problems: check.diagnostics.iter().map(problem_row).collect(),
                changes: check.changes,
            };
            render(StatusCode::OK, &page)
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// `/received/KIND/FILE`, for every kind (the accept form posts there).
fn received_href_any(name: &str, kind: ReturnKind, file: &str) -> String {
    format!("/review/{name}/received/{}/{file}", kind.id())
}

/// Accepts a received file with no errors.
pub(crate) async fn accept_received(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path((name, kind, file)): Path<(String, String, String)>,
    axum::Form(form): axum::Form<super::CsrfForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(kind) = ReturnKind::from_id(&kind) else {
        return not_found();
    };
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.received_file(kind, &file) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        let c = f.usable_case(today)?;
        f.accept(kind, &path, &c, today, &st.user)
    })
    .await;
    match result {
        Ok(Ok(_)) => Redirect::to(&format!("{}?accepted=1", received_href(&name, kind, &file)))
            .into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
