//! Argon2id (m = 19 MiB, t = 2, p = 1, the OWASP baseline and the crate's defaults), run off the
//! async runtime and behind a concurrency limit so sign-ins cannot exhaust memory.

use crate::AppState;
use crate::error::AppError;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

/// Shortest allowed password (ASVS 2.1.1).
pub const MIN_LEN: usize = 12;
/// Longest allowed password.
pub const MAX_LEN: usize = 128;

/// Checks a new password: not blank, long enough, not the email, not one of the commonest.
pub fn check(password: &str, email: &str) -> Result<(), AppError> {
    if password.trim().is_empty() {
        return Err(AppError::invalid(
            "password",
            format!("is blank or only spaces; use at least {MIN_LEN} characters, e.g. a few unrelated words"),
        ));
    }
    let n = password.chars().count();
    if n < MIN_LEN {
        return Err(AppError::invalid(
            "password",
            format!("is too short; use at least {MIN_LEN} characters"),
        ));
    }
    if n > MAX_LEN {
        return Err(AppError::invalid("password", format!("is too long; use at most {MAX_LEN} characters")));
    }
    if password.trim().eq_ignore_ascii_case(email.trim()) {
        return Err(AppError::invalid("password", "must not be your email address"));
    }
    if super::common::is_common(password) {
        return Err(AppError::invalid(
            "password",
            "is one of the most common passwords and easy to guess; choose another, e.g. a few unrelated words",
        ));
    }
    Ok(())
}

/// Hashes a password.
pub async fn hash(state: &AppState, password: &str) -> Result<String, AppError> {
    let _permit = state.hashing.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(e.into()))
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?
}

/// Hashes a password on the current thread (for the command line).
pub fn hash_now(password: &str) -> Result<String, AppError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(e.into()))
}

/// Checks a password against a stored hash.
pub async fn verify(state: &AppState, password: &str, hash: &str) -> Result<bool, AppError> {
    let _permit = state.hashing.acquire().await.map_err(|e| AppError::Internal(e.into()))?;
    let (password, hash) = (password.to_owned(), hash.to_owned());
    tokio::task::spawn_blocking(move || {
        Argon2::default().verify_password(password.as_bytes(), hash.as_str()).is_ok()
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))
}

/// A hash to verify against when the account does not exist, so that timing does not tell
/// whether an email has an account.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2NpYXRpY2FzYWx0MDAwMA$0Rdkks6pGm1rAN06f7m0I2uiOwTlYYxBMZ1FCu/o4Ok";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_need_twelve_characters_and_not_the_email() {
        assert!(check("short", "a@b.c").is_err());
        assert!(check("correct horse battery", "a@b.c").is_ok());
        assert!(check("sam@example.org", "sam@example.org").is_err());
        assert!(check(&"x".repeat(129), "a@b.c").is_err());
    }

    #[test]
    fn blank_and_common_passwords_are_refused() {
        assert!(check(&" ".repeat(12), "a@b.c").is_err());
        assert!(check("\t\t\t\t\t\t\t\t\t\t\t\t", "a@b.c").is_err());
        assert!(check("qwertyuiop123", "a@b.c").is_err());
        assert!(check("passwordpassword", "a@b.c").is_err());
    }
}
