//! Signing in and out, signing up (by invitation, or openly when allowed), password reset by link,
//! and the account page.

mod access;
mod passwords;
mod settings;
mod sign_in;
mod sign_up;

use crate::auth::CurrentUser;
pub use crate::auth::address::email;
pub use access::{AccessQuery, PER_PAGE as ACCESS_PER_PAGE, access_page, accesses};
use axum::response::{IntoResponse, Redirect, Response};
pub use passwords::{PasswordForm, ResetForm, change_password, reset, reset_page};
use sciatica_core::policy::Role;
pub use settings::{ConfirmForm, TokenForm, account_page, confirm, confirm_page, create_token, revoke_token};
pub use sign_in::{LoginForm, login, login_page, logout};
pub use sign_up::{SignupForm, join, join_page, signup, signup_page};

/// `GET /`: where a person starts.
pub async fn home(user: Option<CurrentUser>) -> Response {
    match user {
        None => Redirect::to("/login").into_response(),
        Some(u) if u.user.role == Role::Patient => Redirect::to("/today").into_response(),
        Some(u) if u.user.role == Role::Clinician => Redirect::to("/clinic").into_response(),
        Some(_) => Redirect::to("/admin").into_response(),
    }
}
