//! Pending invitations as an administrator manages them: listed, revoked, resent. A revoked
//! invitation ends as an expired one does (its link stops working at once); resending makes a new
//! link with the same role, email and inviter and revokes the old one, in one transaction.
//! An invitation is named by the hash of its link's secret (never the secret itself).

use crate::audit::NewEntry;
use crate::auth::Link;
use crate::{Result, Store, StoreError, ms, parse, ts};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use serde::Serialize;

/// An invitation that has not been used and still works.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invitation {
    /// Its id: the hash of its link's secret.
    pub id: String,
    /// The role of the account it makes.
    pub role: Role,
    /// The email it is bound to, if any.
    pub email: Option<String>,
    /// Who made it (their email), when known.
    pub created_by: Option<String>,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it stops working.
    pub expires_at: Timestamp,
}

async fn end(tx: &mut crate::sql::Tx, id: &str, now: Timestamp) -> Result<()> {
    let done = crate::sql::query(
        "UPDATE invitations SET expires_at = $1 WHERE token_hash = $2 AND kind = 'invite' AND used_at IS NULL AND expires_at > $1",
    )
    .bind(ms(now))
    .bind(id.to_owned())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}

impl Store {
    /// The invitations that still work, newest first.
    pub async fn pending_invitations(&self, now: Timestamp) -> Result<Vec<Invitation>> {
        let rows = crate::sql::query(
            "SELECT i.token_hash, i.role, i.email, u.email AS by_email, i.created_at, i.expires_at \
             FROM invitations i LEFT JOIN users u ON u.id = i.created_by \
             WHERE i.kind = 'invite' AND i.used_at IS NULL AND i.expires_at > $1 \
             ORDER BY i.created_at DESC, i.token_hash",
        )
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Invitation {
                    id: r.try_get("token_hash")?,
                    role: parse("role", &r.try_get::<String, _>("role")?)?,
                    email: r.try_get("email")?,
                    created_by: r.try_get("by_email")?,
                    created_at: ts(r.try_get("created_at")?)?,
                    expires_at: ts(r.try_get("expires_at")?)?,
                })
            })
            .collect()
    }

    /// A pending invitation's link as it was made (to make a new one like it).
    pub async fn pending_invitation(&self, id: &str, now: Timestamp) -> Result<Link> {
        match self.link(id, now).await? {
            Some(l) if l.kind == crate::auth::LinkKind::Invite => Ok(l),
            _ => Err(StoreError::NotFound),
        }
    }

    /// Revokes a pending invitation (with its audit entry); "not found" when it no longer works.
    pub async fn revoke_invitation(&self, id: &str, audit: &NewEntry) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        end(&mut tx, id, audit.at).await?;
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Replaces a pending invitation with a new link (made by the caller with the same role,
    /// email and inviter), revoking the old one, with the audit entry, in one transaction.
    pub async fn replace_invitation(&self, id: &str, new: &Link, audit: &NewEntry) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        end(&mut tx, id, audit.at).await?;
        crate::sql::query(
            "INSERT INTO invitations (token_hash, kind, role, email, user_id, created_by, created_at, expires_at) \
             VALUES ($1, 'invite', $2, $3, NULL, $4, $5, $6)",
        )
        .bind(new.token_hash.clone())
        .bind(new.role.as_str())
        .bind(new.email.clone())
        .bind(new.created_by.clone())
        .bind(ms(audit.at))
        .bind(ms(new.expires_at))
        .execute(&mut *tx)
        .await?;
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
