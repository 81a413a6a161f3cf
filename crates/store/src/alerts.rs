//! Alerts raised by the history and measure rules. An alert stays open until a clinician's
//! assessment is recorded; the same rule is not raised again within 7 days of being resolved.

use crate::error::classify;
use crate::{Result, Store, ms, new_id, ts};
use jiff::Timestamp;
use serde::Serialize;
use sqlx::Row;

/// After an alert is resolved, the same rule waits this long before it is raised again [C].
const QUIET_MS: i64 = 7 * 24 * 3_600_000;

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

impl Store {
    /// Raises alerts for rules that hold, unless one is open or was resolved in the last 7 days.
    /// Returns the alerts newly raised.
    pub async fn raise_alerts(
        &self,
        patient_id: &str,
        rules: &[(String, String)],
        at: Timestamp,
    ) -> Result<Vec<Alert>> {
        let mut raised = Vec::new();
        let mut tx = self.pool.begin().await?;
        for (rule, parts) in rules {
            let blocking: i64 = sqlx::query(
                "SELECT COUNT(*) FROM alerts WHERE patient_id = $1 AND rule = $2 AND (resolved_at IS NULL OR resolved_at > $3)",
            )
            .bind(patient_id.to_owned())
            .bind(rule.clone())
            .bind(ms(at) - QUIET_MS)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
            if blocking > 0 {
                continue;
            }
            let id = new_id();
            sqlx::query(
                "INSERT INTO alerts (id, patient_id, rule, parts, raised_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id.clone())
            .bind(patient_id.to_owned())
            .bind(rule.clone())
            .bind(parts.clone())
            .bind(ms(at))
            .execute(&mut *tx)
            .await
            .map_err(classify)?;
            raised.push(Alert {
                id,
                rule: rule.clone(),
                parts: parts.clone(),
                raised_at: at,
                resolved_at: None,
                resolution: None,
            });
        }
        tx.commit().await?;
        Ok(raised)
    }

    /// Every alert of the person, oldest first.
    pub async fn alerts(&self, patient_id: &str) -> Result<Vec<Alert>> {
        let rows = sqlx::query(
            "SELECT id, rule, parts, raised_at, resolved_at, resolution FROM alerts WHERE patient_id = $1 ORDER BY raised_at, id",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
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

    /// The open alerts.
    pub async fn open_alerts(&self, patient_id: &str) -> Result<Vec<Alert>> {
        Ok(self.alerts(patient_id).await?.into_iter().filter(|a| a.resolved_at.is_none()).collect())
    }
}
