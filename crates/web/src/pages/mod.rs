//! The HTML pages. Handlers parse, authorise, call the core and the store, and render a template;
//! the wording lives in the templates and the content.

pub mod account;
pub mod admin;
pub mod calendar;
pub mod clinic;
pub mod clinic_report;
pub mod clinical;
pub mod clinicians;
pub mod data;
pub mod from_clinician;
pub mod harm;
pub mod measures;
pub mod patient;
pub mod program;
pub mod progress;
pub mod screen;
pub mod screen_result;
pub mod session;
pub mod session_summary;
pub mod today;

use crate::auth::CurrentUser;
use crate::error::AppError;
use askama::Template;
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use sciatica_core::policy::Role;

/// What the layout needs to know about the request.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Someone is signed in.
    pub signed_in: bool,
    /// A patient is signed in.
    pub patient: bool,
    /// A clinician or admin is signed in.
    pub staff: bool,
    /// A clinician is signed in.
    pub clinician: bool,
    /// The current section, for the navigation (`today`, `progress`, `learn`, `account`).
    pub section: &'static str,
    /// A page with nothing to tap but its own button (an urgent result).
    pub bare: bool,
}

impl Layout {
    /// The layout for a signed-in account.
    pub fn for_user(user: &CurrentUser, section: &'static str) -> Layout {
        Layout {
            signed_in: true,
            patient: user.user.role == Role::Patient,
            staff: user.user.role != Role::Patient,
            clinician: user.user.role == Role::Clinician,
            section,
            bare: false,
        }
    }

    /// The layout for someone not signed in.
    pub fn anonymous(section: &'static str) -> Layout {
        Layout { section, ..Layout::default() }
    }
}

/// A moment as staff pages show it: `2026-03-01 14:05 UTC`.
pub fn when(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Renders a template as an HTML response.
pub fn render<T: Template>(page: &T) -> Result<Response, AppError> {
    let body = page.render()?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], Html(body)).into_response())
}

/// Renders a template with a status code (a form shown again with its errors).
pub fn render_status<T: Template>(status: axum::http::StatusCode, page: &T) -> Result<Response, AppError> {
    let mut res = render(page)?;
    *res.status_mut() = status;
    Ok(res)
}

/// Field errors as a lookup for templates.
#[derive(Debug, Clone, Default)]
pub struct Errors(pub Vec<crate::error::FieldProblem>);

impl Errors {
    /// The message for a field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0.iter().find(|p| p.field == field).map(|p| p.message.as_str())
    }

    /// True when there is no error.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// From an error: its field problems, or one general message.
    pub fn from_error(e: AppError) -> Result<Errors, AppError> {
        match e {
            AppError::Invalid(p) => Ok(Errors(p)),
            other => Err(other),
        }
    }
}
