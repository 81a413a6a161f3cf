//! Login throttling (ASVS 2.2.1): after 5 failures in 15 minutes for an email (50 for a client
//! address, which a clinic's patients may share), each further try waits twice as long (up to 15
//! minutes); 100 failures in an hour lock the key for the rest of the hour. Failures are stored,
//! so a restart does not reset them.

use crate::AppState;
use crate::error::AppError;
use jiff::{SignedDuration, Timestamp};

/// Free tries for an email.
pub const EMAIL_TRIES: i64 = 5;
/// Free tries for a client address.
pub const ADDRESS_TRIES: i64 = 50;
const WINDOW: SignedDuration = SignedDuration::from_mins(15);
const HOUR: SignedDuration = SignedDuration::from_hours(1);
const HOURLY_LIMIT: i64 = 100;

/// Refuses a sign-in attempt for a key that is cooling down.
pub async fn check(state: &AppState, key: &str, free_tries: i64, now: Timestamp) -> Result<(), AppError> {
    let (hourly, _) = state.store.login_failures_since(key, now - HOUR).await?;
    if hourly >= HOURLY_LIMIT {
        return Err(AppError::TooMany { retry_after: 3600 });
    }
    let (recent, last) = state.store.login_failures_since(key, now - WINDOW).await?;
    if recent >= free_tries {
        let wait = SignedDuration::from_secs(1 << (recent - free_tries).min(10)).min(WINDOW);
        if let Some(last) = last {
            let ready = last + wait;
            if ready > now {
                let secs = (ready - now).as_secs().max(1);
                return Err(AppError::TooMany { retry_after: u64::try_from(secs).unwrap_or(1) });
            }
        }
    }
    Ok(())
}

/// Records a failure for each key.
pub async fn failed(state: &AppState, keys: &[&str], now: Timestamp) -> Result<(), AppError> {
    for k in keys {
        state.store.record_login_failure(k, now).await?;
    }
    Ok(())
}

/// Clears an email's failures after a successful sign-in (and forgets old ones).
pub async fn succeeded(state: &AppState, key: &str, now: Timestamp) -> Result<(), AppError> {
    state.store.clear_login_failures(key, now - HOUR).await?;
    Ok(())
}
