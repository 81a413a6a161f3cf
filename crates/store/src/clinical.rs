//! Clinical actions: the append-only log of what a patient's clinicians decided (who, when, why),
//! each applied to the record in the same transaction. The core decides what an action changes
//! (`sciatica_core::care`); this keeps the entry, the programme version it brings, the
//! acknowledgement it records, and the record.

use crate::error::classify;
use crate::programs::{NewProgram, Program, SetBy};
use crate::screenings::AckBy;
use crate::sql::Conn;
use crate::{Result, Store, StoreError, ms, new_id, ts};
use jiff::Timestamp;
use sciatica_core::Content;
use sciatica_core::care::{Act, Entry, Logged};
use sciatica_core::policy::Role;
use sciatica_core::triage::answers::Answers;
use serde::Serialize;

/// A clinical action as the log keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClinicalAction {
    /// Id.
    pub id: String,
    /// When.
    pub at: Timestamp,
    /// Who (a user id; kept after the account is gone).
    pub actor_id: Option<String>,
    /// Their email, while the account exists.
    pub actor_email: Option<String>,
    /// What was decided.
    pub entry: Entry,
    /// Why (the reason, or the note).
    pub reason: String,
    /// The programme version the action made, if any.
    pub program_id: Option<String>,
}

/// What a clinical action did.
#[derive(Debug, Clone)]
pub struct Treatment {
    /// The action as logged.
    pub action: ClinicalAction,
    /// The programme version it started, if any.
    pub program: Option<Program>,
    /// What the clinician should know (anything outside the protocol).
    pub warnings: Vec<String>,
}

fn entry_of(text: &str) -> Result<Entry> {
    serde_json::from_str(text).map_err(|e| StoreError::Corrupt(format!("clinical action: {e}")))
}

/// The log of a patient's clinical actions, oldest first, as a rebuild folds it.
pub(crate) async fn logged(conn: &mut Conn, patient_id: &str) -> Result<Vec<Logged>> {
    let rows = crate::sql::query(
        "SELECT at, entry, reason FROM clinical_actions WHERE patient_id = $1 ORDER BY at, id",
    )
    .bind(patient_id.to_owned())
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Logged {
                at: ts(r.try_get("at")?)?,
                entry: entry_of(&r.try_get::<String, _>("entry")?)?,
                reason: r.try_get("reason")?,
            })
        })
        .collect()
}

impl Store {
    /// Applies a clinical action by `actor` (user id and role) at `at`: the core decides what it
    /// changes (or refuses it, naming the field); the entry, any programme version, any
    /// acknowledgement and the audit entry (`treat.KIND`) are stored and the record updated, in
    /// one transaction.
    pub async fn treat(
        &self,
        content: &Content,
        patient_id: &str,
        actor: (&str, Role),
        act: &Act,
        reason: Option<&str>,
        at: Timestamp,
    ) -> Result<Treatment> {
        let patient = self.patient(patient_id).await?;
        let today = patient.schedule()?.date_of(at);
        let mut tx = self.pool.begin().await?;
        let mut record = crate::records::current(&mut tx, &patient).await?;
        let latest = crate::screenings::latest(&mut tx, patient_id).await?;
        let answers = latest.as_ref().and_then(|s| Answers::partial(&s.answers).ok());
        let treated = record
            .treat(content, act, reason, answers.as_ref(), today)
            .map_err(|e| StoreError::Invalid { field: e.field, problem: e.problem })?;
        let reason = reason.unwrap_or_default();
        let actor_id = actor.0;
        let program = match &treated.program {
            Some(next) => {
                let mut new = NewProgram::from_next(next.clone(), SetBy::Clinician);
                if !reason.is_empty() {
                    new.reason = format!("{}: {reason}", new.reason);
                }
                Some(crate::programs::insert(&mut tx, patient_id, &new, at).await?)
            }
            None => None,
        };
        let id = new_id();
        let entry = serde_json::to_string(&treated.entry).map_err(StoreError::from)?;
        crate::sql::query(
            "INSERT INTO clinical_actions (id, patient_id, at, actor_id, kind, entry, reason, program_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id.clone())
        .bind(patient_id.to_owned())
        .bind(ms(at))
        .bind(actor_id.to_owned())
        .bind(treated.entry.kind())
        .bind(entry)
        .bind(reason.to_owned())
        .bind(program.as_ref().map(|p| p.id.clone()))
        .execute(&mut *tx)
        .await
        .map_err(classify)?;
        let audited = format!("treat.{}", treated.entry.kind());
        crate::audit::audit_in(&mut tx, actor_id, actor.1, &audited, patient_id, &format!("action {id}"), at)
            .await?;
        if treated.acknowledge {
            crate::screenings::acknowledge_in(&mut tx, patient_id, &mut record, AckBy::Clinician, reason, at)
                .await?;
        }
        let mut rebuilt = false;
        if let Some(p) = &program
            && record.program_changed(p.into()).is_err()
        {
            record = crate::records::rebuild(&mut tx, &patient).await?;
            rebuilt = true;
        }
        if !rebuilt {
            if let Entry::Cause { screen: Some(s), .. } | Entry::Clearance { screen: Some(s), .. } =
                &treated.entry
            {
                record.screen = Some(s.clone());
            }
            record.care.log(at, &treated.entry, reason);
        }
        crate::records::put(&mut tx, patient_id, &record, at).await?;
        tx.commit().await?;
        let action = ClinicalAction {
            id,
            at,
            actor_id: Some(actor_id.to_owned()),
            actor_email: None,
            entry: treated.entry,
            reason: reason.to_owned(),
            program_id: program.as_ref().map(|p| p.id.clone()),
        };
        Ok(Treatment { action, program, warnings: treated.warnings })
    }

    /// A patient's clinical actions, newest first, with who took them.
    pub async fn clinical_actions(&self, patient_id: &str) -> Result<Vec<ClinicalAction>> {
        let rows = crate::sql::query(
            "SELECT a.id, a.at, a.actor_id, u.email, a.entry, a.reason, a.program_id FROM clinical_actions a \
             LEFT JOIN users u ON u.id = a.actor_id WHERE a.patient_id = $1 ORDER BY a.at DESC, a.id DESC",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ClinicalAction {
                    id: r.try_get("id")?,
                    at: ts(r.try_get("at")?)?,
                    actor_id: r.try_get("actor_id")?,
                    actor_email: r.try_get("email")?,
                    entry: entry_of(&r.try_get::<String, _>("entry")?)?,
                    reason: r.try_get("reason")?,
                    program_id: r.try_get("program_id")?,
                })
            })
            .collect()
    }
}
