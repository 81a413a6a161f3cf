//! The draft of a session in progress, saved after every step so an interrupted session loses
//! nothing already entered.

use crate::{Result, Store, ms};
use jiff::Timestamp;
use sqlx::Row;

impl Store {
    /// Saves (replacing) the person's session draft.
    pub async fn save_draft(&self, patient_id: &str, draft: &serde_json::Value) -> Result<()> {
        sqlx::query(
            "INSERT INTO session_drafts (patient_id, updated_at, draft) VALUES ($1, $2, $3) \
             ON CONFLICT (patient_id) DO UPDATE SET updated_at = excluded.updated_at, draft = excluded.draft",
        )
        .bind(patient_id.to_owned())
        .bind(ms(Timestamp::now()))
        .bind(draft.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The person's session draft, if any.
    pub async fn draft(&self, patient_id: &str) -> Result<Option<serde_json::Value>> {
        let row = sqlx::query("SELECT draft FROM session_drafts WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let text: String = r.try_get("draft")?;
            serde_json::from_str(&text).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
        })
        .transpose()
    }

    /// Removes the person's session draft.
    pub async fn delete_draft(&self, patient_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM session_drafts WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

impl Store {
    /// Saves (replacing) the answers of a screen in progress.
    pub async fn save_screen_draft(&self, patient_id: &str, draft: &serde_json::Value) -> Result<()> {
        sqlx::query(
            "INSERT INTO screen_drafts (patient_id, updated_at, draft) VALUES ($1, $2, $3) \
             ON CONFLICT (patient_id) DO UPDATE SET updated_at = excluded.updated_at, draft = excluded.draft",
        )
        .bind(patient_id.to_owned())
        .bind(ms(Timestamp::now()))
        .bind(draft.to_string())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The answers of a screen in progress.
    pub async fn screen_draft(&self, patient_id: &str) -> Result<Option<serde_json::Value>> {
        let row = sqlx::query("SELECT draft FROM screen_drafts WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            let text: String = r.try_get("draft")?;
            serde_json::from_str(&text).map_err(|e| crate::StoreError::Corrupt(e.to_string()))
        })
        .transpose()
    }

    /// Removes the screen in progress.
    pub async fn delete_screen_draft(&self, patient_id: &str) -> Result<()> {
        sqlx::query("DELETE FROM screen_drafts WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
