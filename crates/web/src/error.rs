//! Errors as people and programs see them: an HTML page for the browser, RFC 9457
//! problem+json for the API. Internal details are logged, never sent.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use sciatica_core::{FieldError, FieldErrors};
use sciatica_store::StoreError;
use serde::Serialize;

/// One field that was wrong and what is allowed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldProblem {
    /// The field (form field or JSON key).
    pub field: String,
    /// What was wrong and what is allowed.
    pub message: String,
}

/// What went wrong.
#[derive(Debug)]
pub enum AppError {
    /// No such thing, or not yours.
    NotFound,
    /// Sign in first.
    SignInRequired,
    /// The password was entered too long ago for this step: enter it again.
    RecentSignInRequired {
        /// Where a page goes back to once the password was entered.
        next: String,
        /// How recent the sign-in must be (minutes).
        minutes: i64,
    },
    /// Bad input.
    Invalid(Vec<FieldProblem>),
    /// The request clashes with what is stored (the same id used for something else).
    Conflict(Vec<FieldProblem>),
    /// Too many attempts; try again later.
    TooMany {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// Something failed inside; logged with its cause, never shown.
    Internal(Box<dyn std::error::Error + Send + Sync>),
}

impl AppError {
    /// Bad input in one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![FieldProblem { field: field.into(), message: message.into() }])
    }

    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::SignInRequired | AppError::RecentSignInRequired { .. } => StatusCode::UNAUTHORIZED,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn title(&self) -> &'static str {
        match self {
            AppError::NotFound => "Not found",
            AppError::SignInRequired => "Please sign in",
            AppError::RecentSignInRequired { .. } => "Please confirm your password",
            AppError::Invalid(_) => "Please check what you entered",
            AppError::Conflict(_) => "This clashes with what is already saved",
            AppError::TooMany { .. } => "Too many attempts",
            AppError::Internal(_) => "Something went wrong",
        }
    }

    fn detail(&self) -> String {
        match self {
            AppError::NotFound => "There is nothing here, or it is not yours to see.".to_owned(),
            AppError::SignInRequired => "Sign in to see this.".to_owned(),
            AppError::RecentSignInRequired { minutes, .. } => format!(
                "This needs your password entered in the last {minutes} minutes: send it to \
                 POST /api/v1/me/confirm as {{\"password\": \"...\"}}, then try again."
            ),
            AppError::Invalid(p) | AppError::Conflict(p) => {
                p.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ")
            }
            AppError::TooMany { retry_after } => format!(
                "Please wait {retry_after} second{} and try again.",
                if *retry_after == 1 { "" } else { "s" }
            ),
            AppError::Internal(_) => {
                "Please try again. If it keeps happening, tell whoever runs this service.".to_owned()
            }
        }
    }

    fn log(&self) {
        if let AppError::Internal(e) = self {
            let mut causes = Vec::new();
            let mut source = e.source();
            while let Some(s) = source {
                causes.push(s.to_string());
                source = s.source();
            }
            tracing::error!(error = %e, causes = ?causes, "internal error");
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.detail())
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::NotFound,
            StoreError::Invalid { field, problem } => AppError::invalid(field, problem),
            StoreError::Conflict { field, problem } => {
                AppError::Conflict(vec![FieldProblem { field, message: problem }])
            }
            other => AppError::Internal(Box::new(other)),
        }
    }
}

impl From<FieldError> for AppError {
    fn from(e: FieldError) -> AppError {
        AppError::invalid(e.field, e.problem)
    }
}

impl From<FieldErrors> for AppError {
    fn from(e: FieldErrors) -> AppError {
        AppError::Invalid(
            e.0.into_iter().map(|f| FieldProblem { field: f.field, message: f.problem }).collect(),
        )
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> AppError {
        AppError::Internal(Box::new(e))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    detail: &'a str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        if matches!(self, AppError::SignInRequired) {
            return Redirect::to("/login").into_response();
        }
        if let AppError::RecentSignInRequired { next, .. } = &self {
            return Redirect::to(&format!("/account/confirm?next={}", encode_path(next))).into_response();
        }
        let detail = self.detail();
        let page = ErrorPage { title: self.title(), detail: &detail };
        let body = page.render().unwrap_or_else(|_| detail.clone());
        let mut res =
            (self.status(), [(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response();
        if let AppError::TooMany { retry_after } = self
            && let Ok(v) = HeaderValue::from_str(&retry_after.to_string())
        {
            res.headers_mut().insert(header::RETRY_AFTER, v);
        }
        res
    }
}

/// A local path for a query string: letters, digits and `/-._~` kept, everything else
/// percent-encoded.
fn encode_path(path: &str) -> String {
    path.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// An error answered as `application/problem+json` (RFC 9457), for the API.
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// The problem document.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// Short summary.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What happened and what to do.
    pub detail: String,
    /// The fields that were wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
}

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> ApiError {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let e = self.0;
        e.log();
        let status = e.status();
        let kind = match &e {
            AppError::NotFound => "not-found",
            AppError::SignInRequired => "unauthorized",
            AppError::RecentSignInRequired { .. } => "recent-sign-in-required",
            AppError::Invalid(_) => "invalid-input",
            AppError::Conflict(_) => "conflict",
            AppError::TooMany { .. } => "too-many-requests",
            AppError::Internal(_) => "internal",
        };
        let problem = Problem {
            kind: format!("https://sciatica.invalid/problems/{kind}"),
            title: e.title().to_owned(),
            status: status.as_u16(),
            detail: e.detail(),
            errors: match &e {
                AppError::Invalid(p) | AppError::Conflict(p) => p.clone(),
                _ => Vec::new(),
            },
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut res = (status, [(header::CONTENT_TYPE, "application/problem+json")], body).into_response();
        let h = res.headers_mut();
        match e {
            // The step-up challenge of RFC 9470.
            AppError::RecentSignInRequired { minutes, .. } => {
                let v = format!(
                    "Bearer error=\"insufficient_user_authentication\", \
                     error_description=\"A recent sign-in is required\", max_age={}",
                    minutes * 60
                );
                if let Ok(v) = HeaderValue::from_str(&v) {
                    h.insert(header::WWW_AUTHENTICATE, v);
                }
            }
            _ if status == StatusCode::UNAUTHORIZED => {
                h.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
            }
            AppError::TooMany { retry_after } => {
                if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                    h.insert(header::RETRY_AFTER, v);
                }
            }
            _ => {}
        }
        res
    }
}

/// Result for page handlers.
pub type PageResult<T = Response> = Result<T, AppError>;
/// Result for API handlers.
pub type ApiResult<T> = Result<T, ApiError>;
