//! The care team: which clinicians may see and treat which patient (the caseload, seen from the
//! clinician's side). Access is granted only by a current membership; ended ones stay as history.

use crate::{Result, Store, StoreError, ms, new_id, ts};
use jiff::Timestamp;
use sciatica_core::policy::{Relation, Role};
use serde::Serialize;

/// A clinician's membership of a patient's care team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Membership {
    /// The clinician's account id.
    pub clinician_id: String,
    /// The clinician's email (their sign-in name).
    pub clinician_email: String,
    /// Since when.
    pub added_at: Timestamp,
    /// When the access ended, if it has.
    pub ended_at: Option<Timestamp>,
}

/// Adds a clinician to a patient's care team inside a transaction; a current membership is kept.
pub(crate) async fn add(
    tx: &mut crate::sql::Tx,
    patient_id: &str,
    clinician_id: &str,
    by: Option<&str>,
    at: Timestamp,
) -> Result<()> {
    crate::sql::query(
        "INSERT INTO care_team (id, patient_id, clinician_id, added_by, added_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (patient_id, clinician_id) WHERE ended_at IS NULL DO NOTHING",
    )
    .bind(new_id())
    .bind(patient_id.to_owned())
    .bind(clinician_id.to_owned())
    .bind(by.map(str::to_owned))
    .bind(ms(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn clinician(tx: &mut crate::sql::Tx, id: &str) -> Result<()> {
    let row = crate::sql::query("SELECT role FROM users WHERE id = $1 AND disabled = 0")
        .bind(id.to_owned())
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(r) if r.try_get::<String, _>("role")? == Role::Clinician.as_str() => Ok(()),
        _ => Err(StoreError::Invalid {
            field: "clinician".into(),
            problem: "must be the account of a clinician".into(),
        }),
    }
}

impl Store {
    /// How `user_id` stands to a patient record: its owner, on its care team, or neither.
    pub async fn relation(&self, user_id: &str, role: Role, patient_id: &str) -> Result<Relation> {
        if role != Role::Clinician {
            return Ok(Relation::None);
        }
        let row = crate::sql::query(
            "SELECT 1 AS one FROM care_team WHERE patient_id = $1 AND clinician_id = $2 AND ended_at IS NULL",
        )
        .bind(patient_id.to_owned())
        .bind(user_id.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        Ok(if row.is_some() { Relation::CareTeam } else { Relation::None })
    }

    /// Puts a clinician on a patient's care team (an administrator's assignment, demo data).
    pub async fn add_to_care_team(
        &self,
        patient_id: &str,
        clinician_id: &str,
        by: Option<&str>,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        clinician(&mut tx, clinician_id).await?;
        add(&mut tx, patient_id, clinician_id, by, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends a clinician's access to a patient's record (the patient's choice, or a transfer).
    /// "Not found" when that clinician had no current access.
    pub async fn end_care_team(
        &self,
        patient_id: &str,
        clinician_id: &str,
        by: Option<&str>,
        at: Timestamp,
    ) -> Result<()> {
        let done = crate::sql::query(
            "UPDATE care_team SET ended_at = $1, ended_by = $2 WHERE patient_id = $3 AND clinician_id = $4 AND ended_at IS NULL",
        )
        .bind(ms(at))
        .bind(by.map(str::to_owned))
        .bind(patient_id.to_owned())
        .bind(clinician_id.to_owned())
        .execute(&self.pool)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        Ok(())
    }

    /// Moves a patient from one clinician's care to another's, in one transaction.
    pub async fn transfer_patient(
        &self,
        patient_id: &str,
        from: &str,
        to: &str,
        by: Option<&str>,
        at: Timestamp,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        clinician(&mut tx, to).await?;
        let done = crate::sql::query(
            "UPDATE care_team SET ended_at = $1, ended_by = $2 WHERE patient_id = $3 AND clinician_id = $4 AND ended_at IS NULL",
        )
        .bind(ms(at))
        .bind(by.map(str::to_owned))
        .bind(patient_id.to_owned())
        .bind(from.to_owned())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        add(&mut tx, patient_id, to, by, at).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A patient's care team, current members first, then past ones (newest first).
    pub async fn care_team(&self, patient_id: &str) -> Result<Vec<Membership>> {
        let rows = crate::sql::query(
            "SELECT c.clinician_id, u.email, c.added_at, c.ended_at FROM care_team c JOIN users u ON u.id = c.clinician_id \
             WHERE c.patient_id = $1 ORDER BY c.ended_at IS NOT NULL, COALESCE(c.ended_at, c.added_at) DESC",
        )
        .bind(patient_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Membership {
                    clinician_id: r.try_get("clinician_id")?,
                    clinician_email: r.try_get("email")?,
                    added_at: ts(r.try_get("added_at")?)?,
                    ended_at: r.try_get::<Option<i64>, _>("ended_at")?.map(ts).transpose()?,
                })
            })
            .collect()
    }

    /// The ids of the patients in a clinician's current caseload.
    pub async fn caseload(&self, clinician_id: &str) -> Result<Vec<String>> {
        let rows = crate::sql::query(
            "SELECT patient_id FROM care_team WHERE clinician_id = $1 AND ended_at IS NULL ORDER BY added_at, patient_id",
        )
        .bind(clinician_id.to_owned())
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(r.try_get("patient_id")?)).collect()
    }
}
