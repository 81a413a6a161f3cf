//! Email addresses as accounts use them: checked and normalised at the edge, the same for the
//! web forms, the API and the command line.

use crate::error::AppError;

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
