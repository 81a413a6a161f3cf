//! Sign-in sessions, invitation and password-reset links and login throttling (API tokens are in
//! [`crate::tokens`]). Every secret arrives here already hashed (SHA-256, hex); the raw value
//! never reaches the database.

use crate::error::classify;
use crate::users::{self, NewUser, User};
use crate::{Result, Store, StoreError, ms, parse, ts};
use jiff::Timestamp;
use sciatica_core::policy::Role;

/// Sessions seen again within this time do not update `last_seen_at` (saves a write per request).
const TOUCH_MS: i64 = 60_000;

/// A sign-in session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthSession {
    /// When it started.
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_seen_at: Timestamp,
    /// When it ends at the latest.
    pub expires_at: Timestamp,
    /// When its holder last entered the password (signing in, or confirming it since).
    pub authenticated_at: Timestamp,
}

/// How long a session may last, by the role of its account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lifetime {
    /// Ends after this long unused (milliseconds).
    pub idle_ms: i64,
    /// Ends this long after it started, however much it is used (milliseconds).
    pub max_ms: i64,
}

/// What a link is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// Sign up with a role.
    Invite,
    /// Set a new password for an existing account.
    Reset,
}

/// Why a link no longer works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spent {
    /// It was used (an invitation makes one account).
    Used,
    /// It expired before it was used.
    Expired,
}

impl LinkKind {
    fn as_str(self) -> &'static str {
        match self {
            LinkKind::Invite => "invite",
            LinkKind::Reset => "reset",
        }
    }
}

/// An invitation or password-reset link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// SHA-256 of the token.
    pub token_hash: String,
    /// What it is for.
    pub kind: LinkKind,
    /// The role of the account an invitation creates.
    pub role: Role,
    /// The email an invitation is for, if bound to one.
    pub email: Option<String>,
    /// The account a reset link is for.
    pub user_id: Option<String>,
    /// Who made it.
    pub created_by: Option<String>,
    /// When it stops working.
    pub expires_at: Timestamp,
}

async fn patient_of(tx: &mut crate::sql::Tx, user_id: &str) -> Result<Option<String>> {
    let row = crate::sql::query("SELECT patient_id FROM users WHERE id = $1")
        .bind(user_id.to_owned())
        .fetch_one(&mut **tx)
        .await?;
    Ok(row.try_get("patient_id")?)
}

impl Store {
    /// Starts a sign-in session.
    pub async fn create_auth_session(
        &self,
        token_hash: &str,
        user_id: &str,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> Result<()> {
        crate::sql::query(
            "INSERT INTO auth_sessions (token_hash, user_id, created_at, last_seen_at, expires_at, authenticated_at) \
             VALUES ($1, $2, $3, $3, $4, $3)",
        )
        .bind(token_hash.to_owned())
        .bind(user_id.to_owned())
        .bind(ms(at))
        .bind(ms(expires_at))
        .execute(&self.pool)
        .await
        .map_err(classify)?;
        Ok(())
    }

    /// The account of a live session, touching it; `lifetime` says, for the account's role, how
    /// long a session may stay unused and last in all (a session past either ends here).
    pub async fn session_user(
        &self,
        token_hash: &str,
        now: Timestamp,
        lifetime: impl Fn(Role) -> Lifetime,
    ) -> Result<Option<(User, AuthSession)>> {
        let row = crate::sql::query(
            "SELECT u.id, u.email, u.password_hash, u.role, u.patient_id, u.created_at, u.password_changed_at, u.disabled, \
             s.created_at AS s_created, s.last_seen_at AS s_seen, s.expires_at AS s_expires, s.authenticated_at AS s_auth \
             FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1",
        )
        .bind(token_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = users::from_row(&row)?;
        let session = AuthSession {
            created_at: ts(row.try_get("s_created")?)?,
            last_seen_at: ts(row.try_get("s_seen")?)?,
            expires_at: ts(row.try_get("s_expires")?)?,
            authenticated_at: ts(row.try_get("s_auth")?)?,
        };
        let now_ms = ms(now);
        let limit = lifetime(user.role);
        if user.disabled
            || ms(session.expires_at) <= now_ms
            || now_ms - ms(session.created_at) >= limit.max_ms
            || now_ms - ms(session.last_seen_at) > limit.idle_ms
        {
            self.delete_auth_session(token_hash).await?;
            return Ok(None);
        }
        if now_ms - ms(session.last_seen_at) > TOUCH_MS {
            crate::sql::query("UPDATE auth_sessions SET last_seen_at = $1 WHERE token_hash = $2")
                .bind(now_ms)
                .bind(token_hash.to_owned())
                .execute(&self.pool)
                .await?;
        }
        Ok(Some((user, session)))
    }

    /// Notes that the holder of a session entered the password again.
    pub async fn reauthenticate_session(&self, token_hash: &str, at: Timestamp) -> Result<()> {
        crate::sql::query("UPDATE auth_sessions SET authenticated_at = $1 WHERE token_hash = $2")
            .bind(ms(at))
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Ends a session.
    pub async fn delete_auth_session(&self, token_hash: &str) -> Result<()> {
        crate::sql::query("DELETE FROM auth_sessions WHERE token_hash = $1")
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes sessions past their end.
    pub async fn delete_expired_sessions(&self, now: Timestamp) -> Result<u64> {
        let done = crate::sql::query("DELETE FROM auth_sessions WHERE expires_at <= $1")
            .bind(ms(now))
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Stores a link.
    pub async fn create_link(&self, link: &Link, at: Timestamp) -> Result<()> {
        crate::sql::query(
            "INSERT INTO invitations (token_hash, kind, role, email, user_id, created_by, created_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(link.token_hash.clone())
        .bind(link.kind.as_str())
        .bind(link.role.as_str())
        .bind(link.email.clone())
        .bind(link.user_id.clone())
        .bind(link.created_by.clone())
        .bind(ms(at))
        .bind(ms(link.expires_at))
        .execute(&self.pool)
        .await
        .map_err(classify)?;
        Ok(())
    }

    /// A link that is unused and not expired.
    pub async fn link(&self, token_hash: &str, now: Timestamp) -> Result<Option<Link>> {
        let row = crate::sql::query(
            "SELECT token_hash, kind, role, email, user_id, created_by, expires_at FROM invitations \
             WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash.to_owned())
        .bind(ms(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(Link {
                token_hash: r.try_get("token_hash")?,
                kind: if kind == "reset" { LinkKind::Reset } else { LinkKind::Invite },
                role: parse("role", &r.try_get::<String, _>("role")?)?,
                email: r.try_get("email")?,
                user_id: r.try_get("user_id")?,
                created_by: r.try_get("created_by")?,
                expires_at: ts(r.try_get("expires_at")?)?,
            })
        })
        .transpose()
    }

    /// Why a link of this kind no longer works, when it is still on record; `None` when there is
    /// no such link (or it still works).
    pub async fn spent_link(
        &self,
        token_hash: &str,
        kind: LinkKind,
        now: Timestamp,
    ) -> Result<Option<Spent>> {
        let row = crate::sql::query(
            "SELECT used_at FROM invitations WHERE token_hash = $1 AND kind = $2 \
             AND (used_at IS NOT NULL OR expires_at <= $3)",
        )
        .bind(token_hash.to_owned())
        .bind(kind.as_str())
        .bind(ms(now))
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(if r.try_get::<Option<i64>, _>("used_at")?.is_some() { Spent::Used } else { Spent::Expired })
        })
        .transpose()
    }

    /// Uses an invitation: marks it used and creates the account, in one transaction, so an
    /// invitation makes exactly one account. When the email already has an account, the link is
    /// used up all the same and no account is made (`None`), so that a link cannot be used to
    /// try address after address. A patient invited by a clinician joins their care team.
    pub async fn redeem_invitation(
        &self,
        token_hash: &str,
        user: &NewUser,
        at: Timestamp,
    ) -> Result<Option<User>> {
        let mut tx = self.pool.begin().await?;
        let used = crate::sql::query(
            "UPDATE invitations SET used_at = $1 WHERE token_hash = $2 AND kind = 'invite' AND used_at IS NULL AND expires_at > $1 \
             RETURNING (SELECT id FROM users WHERE id = invitations.created_by AND role = 'clinician') AS clinician",
        )
        .bind(ms(at))
        .bind(token_hash.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(used) = used else { return Err(StoreError::NotFound) };
        let taken = crate::sql::query("SELECT id FROM users WHERE email = $1")
            .bind(user.email.clone())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if taken {
            tx.commit().await?;
            return Ok(None);
        }
        let id = users::insert(&mut tx, user, at).await?;
        // A patient invited by a clinician joins that clinician's care team.
        if let (Some(clinician), Some(patient)) =
            (used.try_get::<Option<String>, _>("clinician")?, patient_of(&mut tx, &id).await?)
        {
            crate::care_team::add(&mut tx, &patient, &clinician, Some(&clinician), at).await?;
        }
        tx.commit().await?;
        self.user(&id).await.map(Some)
    }

    /// Uses a reset link: sets the password, ends every session and revokes every API token of
    /// the account, marks the link used, in one transaction.
    pub async fn redeem_reset(&self, token_hash: &str, password_hash: &str, at: Timestamp) -> Result<User> {
        let mut tx = self.pool.begin().await?;
        let row = crate::sql::query(
            "SELECT user_id FROM invitations WHERE token_hash = $1 AND kind = 'reset' AND used_at IS NULL AND expires_at > $2",
        )
        .bind(token_hash.to_owned())
        .bind(ms(at))
        .fetch_optional(&mut *tx)
        .await?;
        let user_id: String = row
            .ok_or(StoreError::NotFound)?
            .try_get::<Option<String>, _>("user_id")?
            .ok_or(StoreError::NotFound)?;
        crate::sql::query("UPDATE invitations SET used_at = $1 WHERE token_hash = $2")
            .bind(ms(at))
            .bind(token_hash.to_owned())
            .execute(&mut *tx)
            .await?;
        crate::sql::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
            .bind(password_hash.to_owned())
            .bind(ms(at))
            .bind(user_id.clone())
            .execute(&mut *tx)
            .await?;
        crate::tokens::revoke_everything(&mut tx, &user_id, at).await?;
        tx.commit().await?;
        self.user(&user_id).await
    }

    /// Records a failed sign-in for a throttling key (an email, or a client address).
    pub async fn record_login_failure(&self, key: &str, at: Timestamp) -> Result<()> {
        crate::sql::query("INSERT INTO login_failures (key, at) VALUES ($1, $2)")
            .bind(key.to_owned())
            .bind(ms(at))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Failed sign-ins for an account from every address since a moment (keys
    /// `email:{address}|{client}`, see [`crate::erasure::email_key`]).
    pub async fn account_login_failures_since(&self, email_key: &str, since: Timestamp) -> Result<i64> {
        let row = crate::sql::query(
            "SELECT COUNT(*) AS n FROM login_failures WHERE (key = $1 OR (key >= $2 AND key < $3)) AND at >= $4",
        )
        .bind(email_key.to_owned())
        .bind(format!("{email_key}|"))
        .bind(format!("{email_key}}}"))
        .bind(ms(since))
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get("n")?)
    }

    /// Forgets an account's failed sign-ins from every address (after its password was reset).
    pub async fn clear_account_login_failures(&self, email_key: &str) -> Result<()> {
        crate::sql::query("DELETE FROM login_failures WHERE key = $1 OR (key >= $2 AND key < $3)")
            .bind(email_key.to_owned())
            .bind(format!("{email_key}|"))
            .bind(format!("{email_key}}}"))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Failed sign-ins for a key since a moment, and the latest one.
    pub async fn login_failures_since(
        &self,
        key: &str,
        since: Timestamp,
    ) -> Result<(i64, Option<Timestamp>)> {
        let row = crate::sql::query(
            "SELECT COUNT(*) AS n, MAX(at) AS last FROM login_failures WHERE key = $1 AND at >= $2",
        )
        .bind(key.to_owned())
        .bind(ms(since))
        .fetch_one(&self.pool)
        .await?;
        let last: Option<i64> = row.try_get("last")?;
        Ok((row.try_get("n")?, last.map(ts).transpose()?))
    }

    /// Forgets a key's failures (after a successful sign-in) and failures older than a moment.
    pub async fn clear_login_failures(&self, key: &str, older_than: Timestamp) -> Result<()> {
        crate::sql::query("DELETE FROM login_failures WHERE key = $1 OR at < $2")
            .bind(key.to_owned())
            .bind(ms(older_than))
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
