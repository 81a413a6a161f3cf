//! Alerts raised by the history and measure rules (the core's record decides when; see
//! `sciatica_core::record`). An alert stays open until a clinician's assessment is recorded.

use crate::error::classify;
use crate::{Result, Store, ms, ts};
use jiff::Timestamp;
use sciatica_core::record;
use serde::Serialize;

/// A stored alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// Id.
    pub id: String,
    /// The rule id.
    pub rule: String,
    /// The matched parts of its condition.
    pub parts: String,
    /// When it was raised.
    pub raised_at: Timestamp,
    /// When it was resolved.
    pub resolved_at: Option<Timestamp>,
    /// How.
    pub resolution: Option<String>,
}

impl From<&Alert> for record::Alert {
    fn from(a: &Alert) -> record::Alert {
        record::Alert {
            id: a.id.clone(),
            rule: a.rule.clone(),
            parts: a.parts.clone(),
            raised_at: a.raised_at,
        }
    }
}

/// Inserts an alert the core raised.
pub(crate) async fn insert(
    conn: &mut crate::sql::Conn,
    patient_id: &str,
    a: &record::Alert,
) -> Result<Alert> {
    let id = a.id.clone();
    crate::sql::query(
        "INSERT INTO alerts (id, patient_id, rule, parts, raised_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id.clone())
    .bind(patient_id.to_owned())
    .bind(a.rule.clone())
    .bind(a.parts.clone())
    .bind(ms(a.raised_at))
    .execute(&mut *conn)
    .await
    .map_err(classify)?;
    Ok(Alert {
        id,
        rule: a.rule.clone(),
        parts: a.parts.clone(),
        raised_at: a.raised_at,
        resolved_at: None,
        resolution: None,
    })
}

/// Every alert of the person, oldest first.
pub(crate) async fn all(conn: &mut crate::sql::Conn, patient_id: &str) -> Result<Vec<Alert>> {
    let rows = crate::sql::query(
        "SELECT id, rule, parts, raised_at, resolved_at, resolution FROM alerts WHERE patient_id = $1 ORDER BY raised_at, id",
    )
    .bind(patient_id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Alert {
                id: r.try_get("id")?,
                rule: r.try_get("rule")?,
                parts: r.try_get("parts")?,
                raised_at: ts(r.try_get("raised_at")?)?,
                resolved_at: r.try_get::<Option<i64>, _>("resolved_at")?.map(ts).transpose()?,
                resolution: r.try_get("resolution")?,
            })
        })
        .collect()
}

impl Store {
    /// Every alert of the person, oldest first.
    pub async fn alerts(&self, patient_id: &str) -> Result<Vec<Alert>> {
        let mut conn = self.pool.acquire().await?;
        all(&mut conn, patient_id).await
    }

    /// The open alerts.
    pub async fn open_alerts(&self, patient_id: &str) -> Result<Vec<Alert>> {
        Ok(self.alerts(patient_id).await?.into_iter().filter(|a| a.resolved_at.is_none()).collect())
    }
}
