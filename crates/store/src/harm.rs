//! Harm reports: what a person said went wrong after one of their sessions. A report is stored
//! with the session, raises the alert of its harm rule (the core decides which, see
//! `sciatica_core::harm`) and updates the person's record, all in one transaction.

use crate::error::classify;
use crate::patients::Patient;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use sciatica_core::harm::{HarmKind, Report, Severity};
use sciatica_core::{Action, Content, Urgency};
use serde::Serialize;

/// A stored harm report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HarmReport {
    /// Id.
    pub id: String,
    /// The session it is about.
    pub session_id: String,
    /// When it was reported.
    pub reported_at: Timestamp,
    /// What happened.
    pub kind: HarmKind,
    /// How bad.
    pub severity: Severity,
    /// In the person's words.
    pub details: Option<String>,
    /// The harm rule it matched.
    pub rule: String,
    /// That rule's urgency when it was reported.
    pub urgency: Urgency,
    /// That rule's programme action when it was reported.
    pub action: Action,
    /// The alert it raised, or the open alert of the same rule it joined.
    pub alert_id: Option<String>,
}

/// What storing a report did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reported {
    /// Stored; the alert it raised, if that rule's alert was not already open.
    Stored(HarmReport, Option<crate::alerts::Alert>),
    /// The same report was stored before under this id; nothing was stored again.
    Again(HarmReport),
}

const COLUMNS: &str = "id, session_id, reported_at, kind, severity, details, rule, urgency, action, alert_id";

fn from_row(r: &Row) -> Result<HarmReport> {
    Ok(HarmReport {
        id: r.try_get("id")?,
        session_id: r.try_get("session_id")?,
        reported_at: ts(r.try_get("reported_at")?)?,
        kind: parse("kind", &r.try_get::<String, _>("kind")?)?,
        severity: parse("severity", &r.try_get::<String, _>("severity")?)?,
        details: r.try_get("details")?,
        rule: r.try_get("rule")?,
        urgency: parse("urgency", &r.try_get::<String, _>("urgency")?)?,
        action: parse("action", &r.try_get::<String, _>("action")?)?,
        alert_id: r.try_get("alert_id")?,
    })
}

impl Store {
    /// Stores a harm report about one of the person's sessions, raises its rule's alert and
    /// updates their record, in one transaction. A session that is not theirs is
    /// [`StoreError::NotFound`]. Sending the same report again under its id stores nothing
    /// ([`Reported::Again`]); another report under a stored id is a conflict.
    pub async fn report_harm(
        &self,
        content: &Content,
        patient: &Patient,
        session_id: &str,
        id: Option<String>,
        report: &Report,
        at: Timestamp,
    ) -> Result<Reported> {
        let id = id.unwrap_or_else(new_id);
        let mut tx = self.pool.begin().await?;
        let before = crate::sql::query(format!(
            "SELECT {COLUMNS} FROM harm_reports WHERE patient_id = $1 AND id = $2"
        ))
        .bind(patient.id.clone())
        .bind(id.clone())
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(row) = before {
            let stored = from_row(&row)?;
            let same = stored.session_id == session_id
                && stored.kind == report.kind
                && stored.severity == report.severity
                && stored.details == report.details;
            if !same {
                return Err(StoreError::Conflict {
                    field: "id".to_owned(),
                    problem: "another harm report was stored under this id; send a new id".to_owned(),
                });
            }
            return Ok(Reported::Again(stored));
        }
        let theirs = crate::sql::query("SELECT 1 FROM sessions WHERE id = $1 AND patient_id = $2")
            .bind(session_id.to_owned())
            .bind(patient.id.clone())
            .fetch_optional(&mut *tx)
            .await?;
        if theirs.is_none() {
            return Err(StoreError::NotFound);
        }
        let advice = report.advice(content);
        let mut record = crate::records::current(&mut tx, patient).await?;
        let raised = record.harm_reported(advice.rule, at, new_id());
        let alert = match &raised {
            Some(a) => Some(crate::alerts::insert(&mut tx, &patient.id, a).await?),
            None => None,
        };
        let alert_id = raised
            .map(|a| a.id)
            .or_else(|| record.alerts.iter().find(|a| a.rule == advice.rule).map(|a| a.id.clone()));
        let stored = HarmReport {
            id,
            session_id: session_id.to_owned(),
            reported_at: at,
            kind: report.kind,
            severity: report.severity,
            details: report.details.clone(),
            rule: advice.rule.to_owned(),
            urgency: advice.urgency,
            action: advice.action,
            alert_id,
        };
        crate::sql::query(format!(
            "INSERT INTO harm_reports (patient_id, {COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
        ))
        .bind(patient.id.clone())
        .bind(stored.id.clone())
        .bind(stored.session_id.clone())
        .bind(ms(at))
        .bind(stored.kind.as_str())
        .bind(stored.severity.as_str())
        .bind(stored.details.clone())
        .bind(stored.rule.clone())
        .bind(stored.urgency.as_str())
        .bind(stored.action.as_str())
        .bind(stored.alert_id.clone())
        .execute(&mut *tx)
        .await
        .map_err(classify)?;
        crate::records::put(&mut tx, &patient.id, &record, at).await?;
        tx.commit().await?;
        Ok(Reported::Stored(stored, alert))
    }

    /// Every harm report of the person, oldest first.
    pub async fn harm_reports(&self, patient_id: &str) -> Result<Vec<HarmReport>> {
        let rows = crate::sql::query(format!(
            "SELECT {COLUMNS} FROM harm_reports WHERE patient_id = $1 ORDER BY reported_at, id"
        ))
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }

    /// The harm reports about one of the person's sessions, oldest first.
    pub async fn session_harm(&self, patient_id: &str, session_id: &str) -> Result<Vec<HarmReport>> {
        let rows = crate::sql::query(format!(
            "SELECT {COLUMNS} FROM harm_reports WHERE patient_id = $1 AND session_id = $2 ORDER BY reported_at, id"
        ))
        .bind(patient_id.to_owned())
        .bind(session_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(from_row).collect()
    }
}
