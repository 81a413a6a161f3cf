//! Work in progress, saved after every step so an interruption loses nothing already entered: the
//! draft of a guided session and the answers of a screen not yet finished. One of each per person.

use crate::{Result, Store, StoreError, ms};
use jiff::Timestamp;

/// The table a kind of draft is kept in (a fixed name, never user input).
#[derive(Debug, Clone, Copy)]
enum Table {
    Session,
    Screen,
}

impl Table {
    const fn name(self) -> &'static str {
        match self {
            Table::Session => "session_drafts",
            Table::Screen => "screen_drafts",
        }
    }
}

impl Store {
    async fn put_draft(&self, table: Table, patient_id: &str, draft: &serde_json::Value) -> Result<()> {
        let sql = format!(
            "INSERT INTO {} (patient_id, updated_at, draft) VALUES ($1, $2, $3) \
             ON CONFLICT (patient_id) DO UPDATE SET updated_at = excluded.updated_at, draft = excluded.draft",
            table.name()
        );
        crate::sql::query(sql)
            .bind(patient_id.to_owned())
            .bind(ms(Timestamp::now()))
            .bind(draft.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn get_draft(&self, table: Table, patient_id: &str) -> Result<Option<serde_json::Value>> {
        let sql = format!("SELECT draft FROM {} WHERE patient_id = $1", table.name());
        let row = crate::sql::query(sql).bind(patient_id.to_owned()).fetch_optional(&self.pool).await?;
        row.map(|r| {
            let text: String = r.try_get("draft")?;
            serde_json::from_str(&text).map_err(StoreError::from)
        })
        .transpose()
    }

    async fn remove_draft(&self, table: Table, patient_id: &str) -> Result<()> {
        let sql = format!("DELETE FROM {} WHERE patient_id = $1", table.name());
        crate::sql::query(sql).bind(patient_id.to_owned()).execute(&self.pool).await?;
        Ok(())
    }

    /// Saves (replacing) the person's session draft.
    pub async fn save_draft(&self, patient_id: &str, draft: &serde_json::Value) -> Result<()> {
        self.put_draft(Table::Session, patient_id, draft).await
    }

    /// The person's session draft, if any.
    pub async fn draft(&self, patient_id: &str) -> Result<Option<serde_json::Value>> {
        self.get_draft(Table::Session, patient_id).await
    }

    /// Removes the person's session draft.
    pub async fn delete_draft(&self, patient_id: &str) -> Result<()> {
        self.remove_draft(Table::Session, patient_id).await
    }

    /// Saves (replacing) the answers of a screen in progress.
    pub async fn save_screen_draft(&self, patient_id: &str, draft: &serde_json::Value) -> Result<()> {
        self.put_draft(Table::Screen, patient_id, draft).await
    }

    /// The answers of a screen in progress.
    pub async fn screen_draft(&self, patient_id: &str) -> Result<Option<serde_json::Value>> {
        self.get_draft(Table::Screen, patient_id).await
    }

    /// Removes the screen in progress.
    pub async fn delete_screen_draft(&self, patient_id: &str) -> Result<()> {
        self.remove_draft(Table::Screen, patient_id).await
    }
}
