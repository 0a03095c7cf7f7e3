//! The report draft on a review's page, as `scr draft` makes it (with the merged chronology's
//! key entries once returns have come), with its check and publication check, its download
//! and its preview as pages.

use super::checks::{CheckView, check_view};
use super::documents::{Shown, preview_response};
use super::review::{PageState, show_refused};
use super::{AppStateRef, not_found, render};
use crate::serve::{Session, blocking};
use crate::workspace::{DRAFT_FILE, Made, WorkspaceError};
use askama::Template;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

#[derive(Template)]
#[template(path = "draft.html")]
struct DraftPage {
    csrf: String,
    name: String,
    reference: String,
    notice: &'static str,
    /// The draft's check, once there is a draft.
    check: Option<CheckView>,
    download_href: String,
    preview_href: String,
    /// True when chronology returns have come: the draft lists their key entries.
    with_chronology: bool,
}

#[derive(serde::Deserialize, Default)]
pub(crate) struct DraftQuery {
    made: Option<String>,
}

/// The report draft's page: make it, and once made, its check, download and preview.
pub(crate) async fn draft_page(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    Query(q): Query<DraftQuery>,
) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let c = f.usable_case(st.today())?;
        let check = match f.draft_file() {
            Some(p) => Some(f.check_document(&p, &c, &st.user)?),
            None => None,
        };
        let with_chronology = !f.return_files().is_empty();
        Ok::<_, WorkspaceError>((c.review.reference.clone(), check, with_chronology))
    })
    .await;
    match result {
        Ok(Ok((reference, check, with_chronology))) => render(
            StatusCode::OK,
            &DraftPage {
                csrf: session.csrf,
                download_href: format!("/review/{name}/made/{}/{DRAFT_FILE}", Made::Draft.id()),
                preview_href: format!("/review/{name}/draft/preview"),
                name,
                reference,
                notice: if q.made.is_some() && check.is_some() {
                    "The draft was made, and checked before it was written."
                } else {
                    ""
                },
                check: check.as_ref().map(check_view),
                with_chronology,
            },
        ),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// A refusal of the review page's forms that make the draft and the merged files: the review
/// page again, the problems in its error summary linking to the form's button.
pub(super) async fn refused_on_review(
    state: std::sync::Arc<crate::serve::AppState>,
    name: String,
    csrf: String,
    e: WorkspaceError,
    at: &'static str,
) -> Response {
    let problems = match e {
        WorkspaceError::Problems(d) => d,
        WorkspaceError::Refused(msg) => vec![crate::diagnostic::Diagnostic::error(
            crate::diagnostic::Location::File,
            msg,
        )],
        e => return e.into_response(),
    };
    let ps = PageState {
        made_problems: problems,
        made_at: at,
        ..PageState::default()
    };
    show_refused(state, name, csrf, ps).await
}

/// The report draft as pages.
pub(crate) async fn draft_preview(State(state): AppStateRef, Path(name): Path<String>) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let Some(path) = f.draft_file() else {
        return not_found();
    };
    let shown = Shown {
        file: DRAFT_FILE.to_string(),
        back_href: format!("/review/{name}/draft"),
        download_href: format!("/review/{name}/made/{}/{DRAFT_FILE}", Made::Draft.id()),
    };
    match blocking(move || f.preview_file(&path)).await {
        Ok(result) => preview_response(result, shown),
        Err(resp) => resp,
    }
}
