//! A review's documents: making one stage's documents or all of them (optionally with the
//! agencies' zips encrypted), downloading one file, a stage or the whole pack as a zip, and a
//! Word document previewed as pages (a PDF made by LibreOffice, shown inline).

use super::review::{PageState, show_refused};
use super::{AppStateRef, csrf_ok, forged, not_found, refusal, render};
use crate::docset::Stage;
use crate::serve::{Session, blocking};
use crate::workspace::{Preview, WorkspaceError};
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

/// The shortest password accepted for the agencies' zips.
pub(super) const MIN_PASSWORD: usize = 10;

#[derive(Deserialize)]
pub(crate) struct MakeForm {
    #[serde(default)]
    csrf: String,
    /// A stage's id (`notification`), or empty for every stage.
    #[serde(default)]
    stage: String,
    /// A password for the agencies' zips, or empty for folders.
    #[serde(default)]
    password: String,
}

/// Makes one stage's documents, or every stage's.
pub(crate) async fn make_pack(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    axum::Form(form): axum::Form<MakeForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let mut ps = PageState {
        stage_value: form.stage.clone(),
        ..PageState::default()
    };
    let stage = match form.stage.trim() {
        "" => None,
        id => match Stage::from_id(id) {
            Some(s) => Some(s),
            None => {
                ps.stage_error = "Choose a stage from the list".into();
                return show_refused(state, name, session.csrf, ps).await;
            }
        },
    };
    let password = (!form.password.is_empty()).then_some(form.password);
    if let Some(p) = &password
        && p.chars().count() < MIN_PASSWORD
    {
        ps.password_error = format!(
            "The password must be at least {MIN_PASSWORD} characters long, or leave it empty to make folders"
        );
        return show_refused(state, name, session.csrf, ps).await;
    }
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        match f.load(today).into_result() {
            Ok(c) => {
                let stage = stage.and_then(|s| s.in_process(c.review.regime));
                f.make_documents(&c, today, &st.user, stage, password.as_deref())
                    .map(|files| (stage, files.len()))
            }
            Err(d) => Err(WorkspaceError::Problems(d)),
        }
    })
    .await;
    match result {
        Ok(Ok((stage, n))) => {
            let at = stage.map_or("pack".to_string(), |s| format!("stage-{}", s.id()));
            Redirect::to(&format!("/review/{name}?done=pack&made={n}#{at}")).into_response()
        }
        Ok(Err(WorkspaceError::Problems(d))) => {
            ps.problems = d;
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(WorkspaceError::Refused(msg))) => {
            ps.stage_error = msg;
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

#[derive(Deserialize, Default)]
pub(crate) struct ZipQuery {
    stage: Option<String>,
}

/// The last pack, or one stage of it, as one zip.
pub(crate) async fn pack_zip(
    State(state): AppStateRef,
    Path(name): Path<String>,
    Query(q): Query<ZipQuery>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let stage = match q.stage.as_deref().filter(|s| !s.is_empty()) {
        None => None,
        Some(id) => match Stage::from_id(id) {
            Some(s) => Some(s),
            None => return not_found(),
        },
    };
    let st = state.clone();
    let file = match stage {
        Some(s) => format!("{name}-{}.zip", s.folder()),
        None => format!("{name}-pack.zip"),
    };
    let result = blocking(move || {
        let stage = match (stage, f.load(st.today()).case) {
            (Some(s), Some(c)) => s.in_process(c.review.regime),
            (s, _) => s,
        };
        f.pack_zip(&st.user, stage)
    })
    .await;
    match result {
        Ok(Ok(bytes)) => attachment(&file, "application/zip", bytes),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// A file name for a header: its stem reduced to letters, digits and dashes, its extension
/// to letters and digits, so nothing in it can break out of the quotes.
fn header_name(file: &str) -> String {
    match file.rsplit_once('.') {
        Some((stem, ext)) => {
            let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
            format!("{}.{ext}", crate::output::safe_file_name(stem))
        }
        None => crate::output::safe_file_name(file),
    }
}

/// A download, under a name made safe for the header.
pub(super) fn attachment(file: &str, content_type: &str, bytes: Vec<u8>) -> Response {
    let file = header_name(file);
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

pub(super) fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, e)| e) {
        Some("docx") => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        Some("zip") => "application/zip",
        Some("pdf") => "application/pdf",
        Some("txt") => "text/plain; charset=utf-8",
        Some("json") => "application/json",
        _ => "application/octet-stream",
    }
}

/// One file of the last pack, by its path in the pack.
pub(crate) async fn document(
    State(state): AppStateRef,
    Path((name, path)): Path<(String, String)>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    if f.pack_file(&path).is_none() {
        return not_found();
    }
    let st = state.clone();
    let rel = path.clone();
    match blocking(move || f.pack_file_bytes(&rel, &st.user)).await {
        Ok(Ok(bytes)) => {
            let file = path.rsplit('/').next().unwrap_or("document");
            attachment(file, content_type(&path), bytes)
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

#[derive(Template)]
#[template(path = "preview.html")]
struct NoPreviewPage {
    back_href: String,
    file: String,
    download_href: String,
    why: String,
    help: String,
}

/// A Word document of the last pack as pages: a PDF shown in the browser, or a page saying
/// why there is none (LibreOffice not installed).
pub(crate) async fn preview(
    State(state): AppStateRef,
    Path((name, path)): Path<(String, String)>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    if f.pack_file(&path).is_none() {
        return not_found();
    }
    let rel = path.clone();
    let shown = Shown {
        file: path.rsplit('/').next().unwrap_or("document").to_string(),
        back_href: format!("/review/{name}#pack"),
        download_href: format!("/review/{name}/documents/{path}"),
    };
    match blocking(move || f.preview(&rel)).await {
        Ok(result) => preview_response(result, shown),
        Err(resp) => resp,
    }
}

/// Which document a preview is of, for the page shown when there is none.
pub(super) struct Shown {
    /// Its file name.
    pub(super) file: String,
    /// The page to go back to.
    pub(super) back_href: String,
    /// Where to download it instead.
    pub(super) download_href: String,
}

/// A preview as the browser gets it: the PDF inline, or the page saying why there is none.
pub(super) fn preview_response(result: Result<Preview, WorkspaceError>, shown: Shown) -> Response {
    match result {
        Ok(Preview::Pdf(bytes)) => {
            let file = header_name(&format!("{}.pdf", shown.file.trim_end_matches(".docx")));
            (
                [
                    (header::CONTENT_TYPE, "application/pdf".to_string()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("inline; filename=\"{file}\""),
                    ),
                ],
                bytes,
            )
                .into_response()
        }
        Ok(Preview::Unavailable { why, help }) => render(
            StatusCode::OK,
            &NoPreviewPage {
                back_href: shown.back_href,
                file: shown.file,
                download_href: shown.download_href,
                why,
                help,
            },
        ),
        Err(WorkspaceError::Refused(msg)) => refusal(StatusCode::NOT_FOUND, &msg),
        Err(e) => e.into_response(),
    }
}
