//! Erasure that erases. Deleting a person removes every row that names them (their account,
//! sessions, tokens, invitations to their address, failed sign-ins under it…) in one
//! transaction; every connection runs with `secure_delete`, so SQLite overwrites deleted
//! content with zeros instead of leaving it in freed space; and afterwards the write-ahead log,
//! which still holds the pages as they were, is checkpointed into the main file and truncated.
//! The audit log keeps its entries (it is append-only); they hold ids, never health data.
//!
//! On PostgreSQL the rows go in the same transaction, but the server has no `secure_delete` nor
//! a log to truncate from here: the old row versions stay in the table's pages until (auto)vacuum
//! reclaims them, and in the server's write-ahead log and any base backups or WAL archive until
//! those are recycled. A deployment that must guarantee physical erasure runs PostgreSQL on
//! encrypted storage and keeps its WAL archive and `pg_dump` files only as long as its retention
//! policy says; this store does not pretend otherwise.

use crate::{Result, Store, StoreError};
use std::time::Duration;

/// The key under which failed sign-ins for an email are counted; throttling keys each failure by
/// the email and the client's address together (`{email_key}|{address}`).
pub fn email_key(email: &str) -> String {
    format!("email:{email}")
}

impl Store {
    /// Erases an account; for a patient, their whole record goes with it.
    pub async fn delete_user(&self, user_id: &str) -> Result<()> {
        let user = self.user(user_id).await?;
        let mut tx = self.pool.begin().await?;
        crate::sql::query("DELETE FROM invitations WHERE email = $1 OR user_id = $2")
            .bind(user.email.clone())
            .bind(user.id.clone())
            .execute(&mut *tx)
            .await?;
        let key = email_key(&user.email);
        crate::sql::query("DELETE FROM login_failures WHERE key = $1 OR (key >= $2 AND key < $3)")
            .bind(key.clone())
            .bind(format!("{key}|"))
            .bind(format!("{key}}}"))
            .execute(&mut *tx)
            .await?;
        match &user.patient_id {
            Some(p) => {
                crate::sql::query("DELETE FROM patients WHERE id = $1")
                    .bind(p.clone())
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                crate::sql::query("DELETE FROM users WHERE id = $1")
                    .bind(user.id.clone())
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        if let Some(p) = &user.patient_id {
            self.records.forget(p);
        }
        self.scrub().await
    }

    /// Erases a person and everything recorded about them (with their account, if any).
    pub async fn delete_patient(&self, id: &str) -> Result<()> {
        let account = crate::sql::query("SELECT id FROM users WHERE patient_id = $1")
            .bind(id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        if let Some(row) = account {
            return self.delete_user(&row.try_get::<String, _>("id")?).await;
        }
        let done = crate::sql::query("DELETE FROM patients WHERE id = $1")
            .bind(id.to_owned())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        self.records.forget(id);
        self.scrub().await
    }

    /// Moves the write-ahead log into the main file and truncates it, so pages as they were
    /// before an erasure are not left in it. Readers holding an older snapshot make SQLite
    /// report the checkpoint busy; it is tried again for a few seconds.
    async fn scrub(&self) -> Result<()> {
        if self.pool.backend() == crate::sql::Backend::Postgres {
            // Nothing to checkpoint from here (see the module doc).
            return Ok(());
        }
        let mut conn = self.pool.acquire().await?;
        for _ in 0..200 {
            let row = crate::sql::query("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut conn).await?;
            if row.try_get::<i64, _>(0)? == 0 {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        Err(StoreError::Unsafe(
            "the erased pages could not be checkpointed out of the write-ahead log".to_owned(),
        ))
    }
}
