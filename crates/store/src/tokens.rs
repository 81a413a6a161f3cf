//! API tokens: made for an account with a name and an expiry, listed and revoked by id, and all
//! revoked together when the password changes. Only the SHA-256 of the secret is stored; the id
//! is separate, so a list never carries anything that unlocks the account.

use crate::error::classify;
use crate::users::{self, User};
use crate::{Result, Store, StoreError, ms, new_id, ts};
use jiff::{SignedDuration, Timestamp};

/// Tokens used again within this time do not update `last_used_at` (saves a write per request).
const TOUCH_MS: i64 = 60_000;

/// How long a token lasts when its maker does not say.
pub const DEFAULT_LIFETIME: SignedDuration = SignedDuration::from_hours(24 * 90);

/// A token to make.
#[derive(Debug, Clone)]
pub struct NewApiToken<'a> {
    /// SHA-256 of the secret.
    pub token_hash: &'a str,
    /// The account.
    pub user_id: &'a str,
    /// A name to recognise it by.
    pub name: &'a str,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// When its maker last entered the password.
    pub authenticated_at: Timestamp,
}

/// A stored token (never its secret).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Id, to list and revoke it by.
    pub id: String,
    /// SHA-256 of the secret (to tell the token a request came with).
    pub token_hash: String,
    /// Its name.
    pub name: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last used (to the minute), if ever.
    pub last_used_at: Option<Timestamp>,
    /// When it stops working.
    pub expires_at: Timestamp,
    /// When its holder last entered the password.
    pub authenticated_at: Timestamp,
}

const COLUMNS: &str = "t.id AS t_id, t.token_hash AS t_hash, t.name AS t_name, t.created_at AS t_created, \
     t.last_used_at AS t_used, t.expires_at AS t_expires, t.authenticated_at AS t_auth";

fn from_row(row: &crate::sql::Row) -> Result<ApiToken> {
    Ok(ApiToken {
        id: row.try_get("t_id")?,
        token_hash: row.try_get("t_hash")?,
        name: row.try_get("t_name")?,
        created_at: ts(row.try_get("t_created")?)?,
        last_used_at: row.try_get::<Option<i64>, _>("t_used")?.map(ts).transpose()?,
        expires_at: ts(row.try_get("t_expires")?)?,
        authenticated_at: ts(row.try_get("t_auth")?)?,
    })
}

/// Revokes every token and ends every sign-in session of an account, inside a transaction (a
/// password change or reset).
pub(crate) async fn revoke_everything(tx: &mut crate::sql::Tx, user_id: &str, at: Timestamp) -> Result<()> {
    crate::sql::query("DELETE FROM auth_sessions WHERE user_id = $1")
        .bind(user_id.to_owned())
        .execute(&mut **tx)
        .await?;
    crate::sql::query("UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL")
        .bind(ms(at))
        .bind(user_id.to_owned())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

impl Store {
    /// Creates an API token that lasts [`DEFAULT_LIFETIME`], its maker having entered the
    /// password at `at`.
    pub async fn create_api_token(
        &self,
        token_hash: &str,
        user_id: &str,
        name: &str,
        at: Timestamp,
    ) -> Result<()> {
        let t = NewApiToken {
            token_hash,
            user_id,
            name,
            expires_at: at + DEFAULT_LIFETIME,
            authenticated_at: at,
        };
        self.issue_api_token(&t, at).await.map(|_| ())
    }

    /// Creates an API token.
    pub async fn issue_api_token(&self, t: &NewApiToken<'_>, at: Timestamp) -> Result<ApiToken> {
        let id = new_id();
        crate::sql::query(
            "INSERT INTO api_tokens (id, token_hash, user_id, name, created_at, expires_at, authenticated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id.clone())
        .bind(t.token_hash.to_owned())
        .bind(t.user_id.to_owned())
        .bind(t.name.to_owned())
        .bind(ms(at))
        .bind(ms(t.expires_at))
        .bind(ms(t.authenticated_at))
        .execute(&self.pool)
        .await
        .map_err(classify)?;
        Ok(ApiToken {
            id,
            token_hash: t.token_hash.to_owned(),
            name: t.name.to_owned(),
            created_at: at,
            last_used_at: None,
            expires_at: t.expires_at,
            authenticated_at: t.authenticated_at,
        })
    }

    /// The account of a live API token (not revoked, not expired), noting its use (at most once
    /// per `TOUCH_MS`).
    pub async fn api_token_user(&self, token_hash: &str, now: Timestamp) -> Result<Option<(User, ApiToken)>> {
        let row = crate::sql::query(format!(
            "SELECT u.id, u.email, u.password_hash, u.role, u.patient_id, u.created_at, u.password_changed_at, u.disabled, \
             {COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id \
             WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2"
        ))
        .bind(token_hash.to_owned())
        .bind(ms(now))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let user = users::from_row(&row)?;
        if user.disabled {
            return Ok(None);
        }
        let token = from_row(&row)?;
        // The last use is kept coarse (to TOUCH_MS), so reading with a token does not write.
        if token.last_used_at.is_some_and(|u| ms(now) - ms(u) <= TOUCH_MS) {
            return Ok(Some((user, token)));
        }
        crate::sql::query("UPDATE api_tokens SET last_used_at = $1 WHERE token_hash = $2")
            .bind(ms(now))
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(Some((user, token)))
    }

    /// The live tokens of an account, newest first.
    pub async fn api_tokens(&self, user_id: &str, now: Timestamp) -> Result<Vec<ApiToken>> {
        let rows = crate::sql::query(format!(
            "SELECT {COLUMNS} FROM api_tokens t WHERE t.user_id = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 \
             ORDER BY t.created_at DESC, t.id DESC"
        ))
        .bind(user_id.to_owned())
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// Notes that the holder of a token entered the password again.
    pub async fn reauthenticate_token(&self, token_hash: &str, at: Timestamp) -> Result<()> {
        crate::sql::query("UPDATE api_tokens SET authenticated_at = $1 WHERE token_hash = $2")
            .bind(ms(at))
            .bind(token_hash.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Revokes an API token of an account, by its secret's hash.
    pub async fn revoke_api_token(&self, token_hash: &str, user_id: &str, at: Timestamp) -> Result<()> {
        let done = crate::sql::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE token_hash = $2 AND user_id = $3 AND revoked_at IS NULL",
        )
        .bind(ms(at))
        .bind(token_hash.to_owned())
        .bind(user_id.to_owned())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }

    /// Revokes a live API token of an account, by its id; another account's token is not found.
    pub async fn revoke_api_token_by_id(&self, id: &str, user_id: &str, at: Timestamp) -> Result<()> {
        let done = crate::sql::query(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL AND expires_at > $1",
        )
        .bind(ms(at))
        .bind(id.to_owned())
        .bind(user_id.to_owned())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 { Err(StoreError::NotFound) } else { Ok(()) }
    }
}
