//! The private calendar feed token of each patient, and whether the person chose to show their
//! programme in it (by default it shows times and neutral titles only).

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

    /// Turns the feed on with a new token (the old link stops working; the choice of detail
    /// stays).
    pub async fn set_calendar_token(&self, patient_id: &str, token: &str, at: Timestamp) -> Result<()> {
        crate::sql::query(
            "INSERT INTO calendar_feeds (patient_id, token, created_at, detail) VALUES ($1, $2, $3, 0) \
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

    /// The patient a feed token belongs to, and whether the feed shows the programme.
    pub async fn patient_by_calendar_token(&self, token: &str) -> Result<Option<(String, bool)>> {
        let row = crate::sql::query("SELECT patient_id, detail FROM calendar_feeds WHERE token = $1")
            .bind(token.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get("patient_id")?, r.try_get::<i64, _>("detail")? == 1))).transpose()
    }

    /// Whether the patient's feed shows the programme (false when the feed is off).
    pub async fn calendar_detail(&self, patient_id: &str) -> Result<bool> {
        let row = crate::sql::query("SELECT detail FROM calendar_feeds WHERE patient_id = $1")
            .bind(patient_id.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get::<i64, _>("detail")).transpose()?.is_some_and(|d| d == 1))
    }

    /// Chooses whether the feed shows the programme and cause (`true`) or times and neutral
    /// titles only; not found when the feed is off.
    pub async fn set_calendar_detail(&self, patient_id: &str, detail: bool) -> Result<()> {
        let done = crate::sql::query("UPDATE calendar_feeds SET detail = $1 WHERE patient_id = $2")
            .bind(i64::from(detail))
            .bind(patient_id.to_owned())
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 { Err(crate::StoreError::NotFound) } else { Ok(()) }
    }
}
