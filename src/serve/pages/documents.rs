//! A review's documents: making the pack and downloading it.

use super::review::{PageState, show_refused};
use super::{AppStateRef, CsrfForm, csrf_ok, forged, not_found};
use crate::serve::{Session, blocking};
use crate::workspace::WorkspaceError;
use axum::Extension;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};

/// Makes the pack.
pub(crate) async fn make_pack(
    State(state): AppStateRef,
    Extension(session): Extension<Session>,
    Path(name): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Response {
    if !csrf_ok(&session, &form.csrf) {
        return forged();
    }
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    let result = blocking(move || {
        let today = st.today();
        match f.load(today).into_result() {
            Ok(c) => f.make_pack(&c, today, &st.user).map(|_| ()),
            Err(d) => Err(WorkspaceError::Problems(d)),
        }
    })
    .await;
    match result {
        Ok(Ok(())) => Redirect::to(&format!("/review/{name}?done=pack#pack")).into_response(),
        Ok(Err(WorkspaceError::Problems(d))) => {
            let ps = PageState {
                problems: d,
                ..PageState::default()
            };
            show_refused(state, name, session.csrf, ps).await
        }
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}

/// The last pack as one zip.
pub(crate) async fn pack_zip(State(state): AppStateRef, Path(name): Path<String>) -> Response {
    let Some(f) = state.workspace.review(&name) else {
        return not_found();
    };
    let st = state.clone();
    match blocking(move || f.pack_zip(&st.user)).await {
        Ok(Ok(bytes)) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{name}-pack.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(e)) => e.into_response(),
        Err(resp) => resp,
    }
}
