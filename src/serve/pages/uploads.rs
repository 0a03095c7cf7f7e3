//! Returns from agencies: the upload, stored under a safe name, and the page showing its
//! problems by sheet, row and column, as `scr chronology check` does.

use super::review::{PageState, show_refused};
use super::{AppStateRef, csrf_ok, forged, not_found, refusal, render};
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::serve::{Session, blocking};
use crate::workspace::{self, WorkspaceError, plural};
use askama::Template;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};

/// Receives a return: stored under a safe name, then shown with its problems.
pub(crate) async fn upload_return(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    mut form: Multipart,
) -> Response {
    let mut csrf = String::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => csrf = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let fname = field.file_name().unwrap_or_default().to_string();
                    match field.bytes().await {
                        Ok(b) => file = Some((fname, b.to_vec())),
                        Err(_) => return too_large(),
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return too_large(),
        }
    }
    if !csrf_ok(&session, &csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
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
    match blocking(move || f.receive_return(&fname, &bytes, &st.user)).await {
        Ok(Ok(path)) => {
            let file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Redirect::to(&format!("/review/{name}/returns/{file}")).into_response()
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

fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "The upload could not be read: a return may be at most {} MB. Go back and choose \
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

#[derive(Template)]
#[template(path = "return.html")]
struct ReturnPage {
    name: String,
    reference: String,
    file: String,
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

/// A received return, checked as `scr chronology check` checks it.
pub(crate) async fn return_page(
    State(state): AppStateRef,
    Path((name, file)): Path<(String, String)>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.return_file(&file) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        let c = f
            .load(today)
            .into_result()
            .map_err(WorkspaceError::Problems)?;
        let ret = f.check_return(&path, &c, today, &st.user)?;
        Ok::<_, WorkspaceError>((c.review.reference.clone(), ret))
    })
    .await;
    match result {
        Ok(Ok((reference, ret))) => {
            let errors = ret.errors();
            let page = ReturnPage {
                name,
                reference,
                file,
                agency: ret
                    .agency
                    .as_ref()
                    .map(|a| a.name.clone())
                    .unwrap_or_default(),
                sheet: match ret.format {
                    crate::chronology::Format::Csv => "none: a CSV file has no sheets".into(),
                    _ => ret.sheet.clone().unwrap_or_default(),
                },
                rows_read: ret.rows_read,
                entries: ret.entries.len(),
                error_count: errors,
                errors: plural(errors, "error"),
                warnings: plural(ret.diagnostics.len() - errors, "warning"),
                problems: ret.diagnostics.iter().map(problem_row).collect(),
            };
            render(StatusCode::OK, &page)
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
