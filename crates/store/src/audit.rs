//! The append-only audit log of clinician and admin actions (and of denied attempts). The database
//! refuses updates and deletes of its rows.

use crate::{Result, Store, ms, new_id, ts};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use serde::Serialize;

/// An audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    /// When.
    pub at: Timestamp,
    /// Who (a user id; kept after the account is gone).
    pub actor_id: Option<String>,
    /// Their role.
    pub actor_role: String,
    /// What they did, e.g. `invite.create`, `record.read.denied`.
    pub action: String,
    /// Whose record, if any.
    pub patient_id: Option<String>,
    /// Details without health data.
    pub detail: String,
}

impl Store {
    /// Appends an entry; callers fail their request when this fails.
    pub async fn audit(
        &self,
        actor_id: Option<&str>,
        role: Option<Role>,
        action: &str,
        patient_id: Option<&str>,
        detail: &str,
        at: Timestamp,
    ) -> Result<()> {
        crate::sql::query(
            "INSERT INTO audit_log (id, at, actor_id, actor_role, action, patient_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(new_id())
        .bind(ms(at))
        .bind(actor_id.map(str::to_owned))
        .bind(role.map_or("anonymous", Role::as_str))
        .bind(action.to_owned())
        .bind(patient_id.map(str::to_owned))
        .bind(detail.to_owned())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest entries, newest first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = crate::sql::query(
            "SELECT at, actor_id, actor_role, action, patient_id, detail FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditEntry {
                    at: ts(r.try_get("at")?)?,
                    actor_id: r.try_get("actor_id")?,
                    actor_role: r.try_get("actor_role")?,
                    action: r.try_get("action")?,
                    patient_id: r.try_get("patient_id")?,
                    detail: r.try_get("detail")?,
                })
            })
            .collect()
    }
}

/// Appends an entry inside a transaction (an action and its audit entry are written together).
pub(crate) async fn audit_in(
    conn: &mut crate::sql::Conn,
    actor_id: &str,
    role: Role,
    action: &str,
    patient_id: &str,
    detail: &str,
    at: Timestamp,
) -> Result<()> {
    crate::sql::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_role, action, patient_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(ms(at))
    .bind(actor_id.to_owned())
    .bind(role.as_str())
    .bind(action.to_owned())
    .bind(patient_id.to_owned())
    .bind(detail.to_owned())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
