//! Signing in and out, signing up (by invitation, or openly when allowed), password reset by link,
//! and the account page.

mod passwords;
mod sign_in;
mod sign_up;

use crate::auth::CurrentUser;
use crate::error::AppError;
use axum::response::{IntoResponse, Redirect, Response};
pub use passwords::{PasswordForm, ResetForm, account_page, change_password, reset, reset_page};
use sciatica_core::policy::Role;
pub use sign_in::{LoginForm, login, login_page, logout};
pub use sign_up::{SignupForm, join, join_page, signup, signup_page};

/// Checks and normalises an email address.
pub fn email(raw: &str) -> Result<String, AppError> {
    let e = raw.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.chars().any(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(AppError::invalid("email", "is not an email address; allowed: name@example.org"))
    }
}

/// `GET /`: where a person starts.
pub async fn home(user: Option<CurrentUser>) -> Response {
    match user {
        None => Redirect::to("/login").into_response(),
        Some(u) if u.user.role == Role::Patient => Redirect::to("/today").into_response(),
        Some(_) => Redirect::to("/admin").into_response(),
    }
}
