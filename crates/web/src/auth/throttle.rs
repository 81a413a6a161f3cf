//! Password throttling (ASVS 2.2.1), keyed by the pair of account and client address, so that
//! nobody's failures slow down anyone else: after 5 failures in 15 minutes from one address for
//! one email, each further try from there waits twice as long as the last (1 s, 2 s, 4 s … at
//! most 5 minutes), answered `429` with `Retry-After`. There is no lock-out: a correct password
//! from another address (or from the same one, once its wait is over) always signs in. When an
//! account collects many failures from many addresses in an hour, every try on it (right or
//! wrong) is slowed by a short delay instead. Failures are stored, so a restart does not reset
//! them. The same limits guard every place a password is asked for again.

use crate::AppState;
use crate::auth::client::ClientAddr;
use crate::error::AppError;
use jiff::{SignedDuration, Timestamp};
use sciatica_store::users::User;

/// Free tries for one account from one address.
pub const FREE_TRIES: i64 = 5;
const WINDOW: SignedDuration = SignedDuration::from_mins(15);
const LONGEST_WAIT: SignedDuration = SignedDuration::from_mins(5);
const HOUR: SignedDuration = SignedDuration::from_hours(1);
/// Failures on one account from all addresses in an hour after which each try is delayed.
const ACCOUNT_FAILURES: i64 = 100;
const ACCOUNT_DELAY: std::time::Duration = std::time::Duration::from_secs(2);

/// One sign-in attempt: the account's key and the pair's key.
#[derive(Debug, Clone)]
pub struct Attempt {
    account: String,
    pair: String,
}

impl Attempt {
    /// An attempt on `email` (already normalised) from `client`.
    pub fn new(email: &str, client: ClientAddr) -> Attempt {
        let account = sciatica_store::erasure::email_key(email);
        let pair = format!("{account}|{}", client.ip);
        Attempt { account, pair }
    }
}

/// How long a pair with `recent` failures, the latest at `last`, still has to wait at `now`.
fn wait(recent: i64, last: Option<Timestamp>, now: Timestamp) -> Option<u64> {
    if recent < FREE_TRIES {
        return None;
    }
    let wait = SignedDuration::from_secs(1 << (recent - FREE_TRIES).min(16)).min(LONGEST_WAIT);
    let ready = last? + wait;
    (ready > now).then(|| u64::try_from((ready - now).as_secs().max(1)).unwrap_or(1))
}

/// Refuses an attempt while its pair is waiting; delays it while its account is under attack.
pub async fn check(state: &AppState, a: &Attempt, now: Timestamp) -> Result<(), AppError> {
    let (recent, last) = state.store.login_failures_since(&a.pair, now - WINDOW).await?;
    if let Some(retry_after) = wait(recent, last, now) {
        return Err(AppError::TooMany { retry_after });
    }
    if state.store.account_login_failures_since(&a.account, now - HOUR).await? >= ACCOUNT_FAILURES {
        tokio::time::sleep(ACCOUNT_DELAY).await;
    }
    Ok(())
}

/// Records a failure of the pair.
pub async fn failed(state: &AppState, a: &Attempt, now: Timestamp) -> Result<(), AppError> {
    state.store.record_login_failure(&a.pair, now).await?;
    Ok(())
}

/// Clears the pair's failures after the right password (and forgets old ones of every key).
pub async fn succeeded(state: &AppState, a: &Attempt, now: Timestamp) -> Result<(), AppError> {
    state.store.clear_login_failures(&a.pair, now - HOUR).await?;
    Ok(())
}

/// Checks the password of a signed-in account again (to confirm a sensitive step), under the
/// same throttling as signing in: `Ok(false)` for a wrong one, `TooMany` while waiting.
pub async fn verify_again(
    state: &AppState,
    user: &User,
    client: ClientAddr,
    password: &str,
) -> Result<bool, AppError> {
    let now = Timestamp::now();
    let attempt = Attempt::new(&user.email, client);
    check(state, &attempt, now).await?;
    if crate::auth::password::verify(state, password, &user.password_hash).await? {
        succeeded(state, &attempt, now).await?;
        Ok(true)
    } else {
        failed(state, &attempt, now).await?;
        Ok(false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_doubles_after_five_failures_and_is_bounded() {
        let now: Timestamp = "2026-03-01T09:00:00Z".parse().unwrap();
        assert_eq!(wait(4, Some(now), now), None);
        assert_eq!(wait(5, Some(now), now), Some(1));
        assert_eq!(wait(7, Some(now), now), Some(4));
        assert_eq!(wait(60, Some(now), now), Some(300), "at most 5 minutes, never a lock-out");
        assert_eq!(wait(6, Some(now - SignedDuration::from_secs(3)), now), None, "waited long enough");
    }
}
