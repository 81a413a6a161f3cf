//! The private calendar feed token of each patient.

use crate::{Result, Store, ms};
use jiff::Timestamp;

impl Store {
    /// The feed token of a patient, if a feed is on.
    pub async fn calendar_token(&self, patient_id: &str) -> Result<Option<String>> {
        let row = crate::sql::query("SELECT token FROM calendar_feeds WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("token")).transpose()?)
    }

    /// Turns the feed on with a new token (the old link stops working).
    pub async fn set_calendar_token(&self, patient_id: &str, token: &str, at: Timestamp) -> Result<()> {
        crate::sql::query(
            "INSERT INTO calendar_feeds (patient_id, token, created_at) VALUES ($1, $2, $3) \
             ON CONFLICT (patient_id) DO UPDATE SET token = excluded.token, created_at = excluded.created_at",
        )
        .bind(patient_id.to_owned())
        .bind(token.to_owned())
        .bind(ms(at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Turns the feed off.
    pub async fn revoke_calendar(&self, patient_id: &str) -> Result<()> {
        crate::sql::query("DELETE FROM calendar_feeds WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The patient a feed token belongs to.
    pub async fn patient_by_calendar_token(&self, token: &str) -> Result<Option<String>> {
        let row = crate::sql::query("SELECT patient_id FROM calendar_feeds WHERE token = $1")
            .bind(token.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("patient_id")).transpose()?)
    }
}
