//! `/admin/settings`: the clinic's name and number and the emergency numbers on the urgent cards,
//! and after how many days without a session the clinician panel shows a patient as not logging.
//! A field left empty falls back to the server's start-up option.

use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::{AppError, PageResult};
use crate::manage;
use crate::pages::{Errors, Layout, render, render_status};
use crate::settings::{ClinicSettings, DEFAULT_INACTIVE_DAYS};
use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use serde::Deserialize;

/// The settings form, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    clinic_name: String,
    #[serde(default)]
    clinic_phone: String,
    #[serde(default)]
    emergency_numbers: String,
    #[serde(default)]
    inactive_days: String,
}

#[derive(Template)]
#[template(path = "admin_settings.html")]
struct SettingsPage {
    layout: Layout,
    here: &'static str,
    form: SettingsForm,
    /// What applies when a field is empty (the start-up options).
    default_name: String,
    default_phone: String,
    default_emergency: String,
    default_days: u32,
    saved: bool,
    errors: Errors,
}

fn shown(
    state: &AppState,
    user: &CurrentUser,
    form: SettingsForm,
    saved: bool,
    errors: Errors,
) -> SettingsPage {
    let d = &state.config.contacts;
    SettingsPage {
        layout: Layout::for_user(user, "admin"),
        here: "settings",
        form,
        default_name: d.clinic.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        default_phone: d.clinic.as_ref().map(|c| c.phone.shown.clone()).unwrap_or_default(),
        default_emergency: d.emergency.iter().map(|p| p.shown.as_str()).collect::<Vec<_>>().join(", "),
        default_days: DEFAULT_INACTIVE_DAYS,
        saved,
        errors,
    }
}

fn form_of(s: ClinicSettings) -> SettingsForm {
    SettingsForm {
        clinic_name: s.clinic_name.unwrap_or_default(),
        clinic_phone: s.clinic_phone.unwrap_or_default(),
        emergency_numbers: s.emergency_numbers.unwrap_or_default(),
        inactive_days: s.inactive_days.map(|d| d.to_string()).unwrap_or_default(),
    }
}

/// `GET /admin/settings`.
pub async fn page(State(state): State<AppState>, user: CurrentUser) -> PageResult {
    let stored = manage::settings(&state, &user).await?;
    render(&shown(&state, &user, form_of(stored), false, Errors::default()))
}

/// `POST /admin/settings`.
pub async fn save(
    State(state): State<AppState>,
    user: CurrentUser,
    Form(f): Form<SettingsForm>,
) -> PageResult {
    manage::settings(&state, &user).await?;
    let parsed = ClinicSettings::parse(
        &f.clinic_name,
        &f.clinic_phone,
        &f.emergency_numbers,
        &f.inactive_days,
        &state.config.contacts,
    );
    match parsed {
        Ok(s) => {
            manage::save_settings(&state, &user, &s).await?;
            render(&shown(&state, &user, form_of(s), true, Errors::default()))
        }
        Err(e @ AppError::Invalid(_)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &shown(&state, &user, f, false, Errors::from_error(e)?),
        ),
        Err(e) => Err(e),
    }
}
