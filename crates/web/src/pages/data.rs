//! The person's data is theirs: download all of it (JSON and CSV) and delete the account (with a
//! confirmation step).

use crate::AppState;
use crate::auth::{ClientAddr, CurrentUser, session, throttle};
use crate::error::{AppError, PageResult};
use crate::pages::patient::patient_id;
use crate::pages::{Errors, Layout, render, render_status};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sciatica_core::policy::Action;
use sciatica_interop::csv;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "data.html")]
struct DataPage {
    layout: Layout,
    recent: bool,
    confirm: bool,
    errors: Errors,
}

/// `GET /data`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    patient_id(&state, &user, Action::ExportRecord).await?;
    render(&DataPage {
        layout: Layout::for_user(&user, "account"),
        recent: user.recently_signed_in(&state),
        confirm: false,
        errors: Errors::default(),
    })
}

fn attachment(kind: &'static str, name: &str, body: String) -> Response {
    let mut res = ([(header::CONTENT_TYPE, kind)], body).into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

/// The files the data page offers.
const FILES: [&str; 4] = ["sciatica-export.json", "sessions.csv", "session-exercises.csv", "measures.csv"];

/// `GET /data/{file}`: `sciatica-export.json`, `sessions.csv`, `session-exercises.csv` or
/// `measures.csv`; needs a recent sign-in (otherwise the password is asked for first).
pub async fn download(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let id = patient_id(&state, &user, Action::ExportRecord).await?;
    if !FILES.contains(&file.as_str()) {
        return Err(AppError::NotFound);
    }
    user.require_recent(&state, &format!("/data/{file}"))?;
    let export = state.store.export(&id).await?;
    Ok(match file.as_str() {
        "sciatica-export.json" => {
            let mut v = serde_json::to_value(&export).map_err(|e| AppError::Internal(e.into()))?;
            v["account"] = serde_json::json!({ "email": user.user.email, "role": user.user.role, "created_at": user.user.created_at });
            let body = serde_json::to_string_pretty(&v).map_err(|e| AppError::Internal(e.into()))?;
            attachment("application/json", "sciatica-export.json", body)
        }
        "sessions.csv" => {
            attachment("text/csv; charset=utf-8", "sessions.csv", csv::sessions_csv(&export.sessions))
        }
        "session-exercises.csv" => attachment(
            "text/csv; charset=utf-8",
            "session-exercises.csv",
            csv::session_exercises_csv(&export.sessions),
        ),
        "measures.csv" => {
            let rows: Vec<csv::MeasureRow> = export
                .measures
                .iter()
                .map(|m| csv::MeasureRow {
                    id: m.id.clone(),
                    measure: m.measure,
                    instrument_version: m.instrument_version.clone(),
                    scoring_version: m.scoring_version.clone(),
                    taken_at: m.taken_at,
                    answers: m.answers.clone(),
                    score: m.score,
                    band: m.band.clone(),
                })
                .collect();
            attachment("text/csv; charset=utf-8", "measures.csv", csv::measures_csv(&rows))
        }
        _ => return Err(AppError::NotFound),
    })
}

/// `POST /data/delete`: the confirmation step.
pub async fn confirm(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    patient_id(&state, &user, Action::EraseRecord).await?;
    render(&DataPage {
        layout: Layout::for_user(&user, "account"),
        recent: true,
        confirm: true,
        errors: Errors::default(),
    })
}

/// The confirmation form.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    understood: Option<String>,
}

#[derive(Template)]
#[template(path = "deleted.html")]
struct DeletedPage {
    layout: Layout,
}

/// `POST /data/delete/confirm`: erases the account and every record, then signs out.
pub async fn delete(
    State(state): State<AppState>,
    user: CurrentUser,
    client: ClientAddr,
    Form(f): Form<DeleteForm>,
) -> PageResult {
    patient_id(&state, &user, Action::EraseRecord).await?;
    let mut problems = Vec::new();
    if f.understood.as_deref() != Some("yes") {
        problems.push(crate::error::FieldProblem {
            field: "understood".into(),
            message: "Please tick the box to confirm.".into(),
        });
    }
    let wrong = if f.password.is_empty() {
        Some("Your password is empty: type your password to confirm.")
    } else if !throttle::verify_again(&state, &user.user, client, &f.password).await? {
        Some("This is not your password.")
    } else {
        None
    };
    if let Some(message) = wrong {
        problems.push(crate::error::FieldProblem { field: "password".into(), message: message.into() });
    }
    if !problems.is_empty() {
        let page = DataPage {
            layout: Layout::for_user(&user, "account"),
            recent: true,
            confirm: true,
            errors: Errors(problems),
        };
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    state.store.delete_user(&user.user.id).await?;
    let mut res = render(&DeletedPage { layout: Layout::anonymous("account") })?;
    res.headers_mut().insert(header::SET_COOKIE, session::clear());
    Ok(res)
}
