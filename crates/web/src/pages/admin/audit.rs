//! `/admin/audit`: the audit log, filtered by actor, patient, action and dates, a page at a time.
//! Looking at it is itself written to the log.

use super::accounts::url_form;
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::manage::{self, AuditQuery};
use crate::pages::{Errors, Layout, render, render_status, when};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use sciatica_store::audit::AuditRow;

/// An entry as the page shows it.
struct Row {
    when: String,
    who: String,
    role: String,
    action: String,
    patient: String,
    address: String,
    detail: String,
}

impl Row {
    fn of(r: AuditRow) -> Row {
        let e = r.entry;
        Row {
            when: when(e.at),
            who: r.actor_email.or(e.actor_id).unwrap_or_default(),
            role: e.actor_role,
            action: e.action,
            patient: r.patient_email.or(e.patient_id).unwrap_or_default(),
            address: e.address.unwrap_or_default(),
            detail: e.detail,
        }
    }
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    layout: Layout,
    here: &'static str,
    query: AuditQuery,
    actions: Vec<String>,
    rows: Vec<Row>,
    page: i64,
    previous: Option<String>,
    next: Option<String>,
    errors: Errors,
}

fn link(q: &AuditQuery, page: i64) -> String {
    let page = page.to_string();
    let pairs = [
        ("actor", q.actor.trim()),
        ("patient", q.patient.trim()),
        ("action", q.action.trim()),
        ("from", q.from.trim()),
        ("to", q.to.trim()),
        ("page", page.as_str()),
    ];
    format!("/admin/audit?{}", url_form(&pairs))
}

/// `GET /admin/audit`.
pub async fn page(
    State(state): State<AppState>,
    user: CurrentUser,
    Query(q): Query<AuditQuery>,
) -> PageResult {
    let (found, page, errors) = match manage::audit(&state, &user, &q).await {
        Ok((found, page)) => (Some(found), page, Errors::default()),
        Err(e @ AppError::Invalid(_)) => (None, 1, Errors::from_error(e)?),
        Err(e) => return Err(e),
    };
    let more = found.as_ref().is_some_and(|f| f.more);
    let p = AuditPage {
        layout: Layout::for_user(&user, "admin"),
        here: "audit",
        actions: state.store.audit_actions().await?,
        rows: found.map(|f| f.rows.into_iter().map(Row::of).collect()).unwrap_or_default(),
        previous: (page > 1).then(|| link(&q, page - 1)),
        next: more.then(|| link(&q, page + 1)),
        query: q,
        page,
        errors,
    };
    if p.errors.is_empty() { render(&p) } else { render_status(StatusCode::UNPROCESSABLE_ENTITY, &p) }
}
