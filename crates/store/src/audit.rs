//! The append-only audit log of clinician and admin actions (and of denied attempts): who did
//! what to which patient's data, when, and from which address. The database refuses updates and
//! deletes of its rows. An administrator searches it ([`Store::audit_search`]); a patient sees the
//! staff accesses to their own record ([`Store::access_log`]).

use crate::sql::Row;
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
    /// The client's network address, when the entry came from a web request.
    pub address: Option<String>,
}

/// An entry to append.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEntry {
    /// Who (`None` for the command line).
    pub actor_id: Option<String>,
    /// Their role (`None`: written as `anonymous`).
    pub actor_role: Option<Role>,
    /// What they did.
    pub action: String,
    /// Whose record, if any.
    pub patient_id: Option<String>,
    /// Details without health data.
    pub detail: String,
    /// The client's network address.
    pub address: Option<String>,
    /// When.
    pub at: Timestamp,
}

/// An entry as an administrator reads it: with the emails of the accounts it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRow {
    /// The entry.
    #[serde(flatten)]
    pub entry: AuditEntry,
    /// The email of the actor's account (`None` once the account is gone, or for the command line).
    pub actor_email: Option<String>,
    /// The email of the account that owns the patient record.
    pub patient_email: Option<String>,
}

/// What to look for in the log; every part is optional and they combine with "and".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    /// The actor's account id.
    pub actor_id: Option<String>,
    /// The patient record id.
    pub patient_id: Option<String>,
    /// The action, exactly.
    pub action: Option<String>,
    /// From this moment (inclusive).
    pub from: Option<Timestamp>,
    /// Until this moment (exclusive).
    pub until: Option<Timestamp>,
}

/// One page of entries, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPage {
    /// The entries.
    pub rows: Vec<AuditRow>,
    /// There are older entries after this page.
    pub more: bool,
}

/// Patients whose entries [`Store::append_audit_each`] writes in one statement (two parameters
/// each and six shared: far below SQLite's 32,766).
pub const EACH_CHUNK: usize = 4000;

/// Appends an entry inside a transaction (a change and its audit entry commit together).
pub(crate) async fn insert(tx: &mut crate::sql::Tx, e: &NewEntry) -> Result<()> {
    insert_query(e).execute(&mut **tx).await?;
    Ok(())
}

fn insert_query(e: &NewEntry) -> crate::sql::Query<'static> {
    crate::sql::query(
        "INSERT INTO audit_log (id, at, actor_id, actor_role, action, patient_id, detail, address) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(new_id())
    .bind(ms(e.at))
    .bind(e.actor_id.clone())
    .bind(e.actor_role.map_or("anonymous", Role::as_str))
    .bind(e.action.clone())
    .bind(e.patient_id.clone())
    .bind(e.detail.clone())
    .bind(e.address.clone())
}

const ROW_COLUMNS: &str = "a.at, a.actor_id, a.actor_role, a.action, a.patient_id, a.detail, a.address, \
     actor.email AS actor_email, owner.email AS patient_email \
     FROM audit_log a LEFT JOIN users actor ON actor.id = a.actor_id \
     LEFT JOIN users owner ON owner.patient_id = a.patient_id AND a.patient_id IS NOT NULL";

fn entry(r: &Row) -> Result<AuditEntry> {
    Ok(AuditEntry {
        at: ts(r.try_get("at")?)?,
        actor_id: r.try_get("actor_id")?,
        actor_role: r.try_get("actor_role")?,
        action: r.try_get("action")?,
        patient_id: r.try_get("patient_id")?,
        detail: r.try_get("detail")?,
        address: r.try_get("address")?,
    })
}

fn row(r: &Row) -> Result<AuditRow> {
    Ok(AuditRow {
        entry: entry(r)?,
        actor_email: r.try_get("actor_email")?,
        patient_email: r.try_get("patient_email")?,
    })
}

fn page(rows: &[Row], limit: i64) -> Result<AuditPage> {
    let mut rows = rows.iter().map(row).collect::<Result<Vec<_>>>()?;
    let more = rows.len() as i64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(0));
    Ok(AuditPage { rows, more })
}

/// Appends an entry inside a transaction (with the change it records).
pub(crate) async fn append(
    tx: &mut crate::sql::Tx,
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
    .execute(&mut **tx)
    .await?;
    Ok(())
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
        self.append_audit(&NewEntry {
            actor_id: actor_id.map(str::to_owned),
            actor_role: role,
            action: action.to_owned(),
            patient_id: patient_id.map(str::to_owned),
            detail: detail.to_owned(),
            address: None,
            at,
        })
        .await
    }

    /// Appends an entry with everything it can say (the client address too); callers fail their
    /// request when this fails.
    pub async fn append_audit(&self, e: &NewEntry) -> Result<()> {
        insert_query(e).execute(&self.pool).await?;
        Ok(())
    }

    /// Appends the entry `e` once for each of `patient_ids` (its own `patient_id` is not used),
    /// all in one transaction: one statement per [`EACH_CHUNK`] patients and one commit, however
    /// many there are (a clinician's panel shows a whole caseload at once). Nothing is written
    /// for an empty list. Callers fail their request when this fails.
    pub async fn append_audit_each(&self, e: &NewEntry, patient_ids: &[&str]) -> Result<()> {
        if patient_ids.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        for chunk in patient_ids.chunks(EACH_CHUNK) {
            // The six values every row shares are bound once; each row adds its id and patient.
            let rows: Vec<String> = (0..chunk.len())
                .map(|i| format!("(${}, $1, $2, $3, $4, ${}, $5, $6)", 7 + 2 * i, 8 + 2 * i))
                .collect();
            let mut q = crate::sql::query(format!(
                "INSERT INTO audit_log (id, at, actor_id, actor_role, action, patient_id, detail, address) \
                 VALUES {}",
                rows.join(", ")
            ))
            .bind(ms(e.at))
            .bind(e.actor_id.clone())
            .bind(e.actor_role.map_or("anonymous", Role::as_str))
            .bind(e.action.clone())
            .bind(e.detail.clone())
            .bind(e.address.clone());
            for patient in chunk {
                q = q.bind(new_id()).bind((*patient).to_owned());
            }
            q.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The latest entries, newest first.
    pub async fn audit_entries(&self, limit: i64) -> Result<Vec<AuditEntry>> {
        let rows = crate::sql::query(
            "SELECT at, actor_id, actor_role, action, patient_id, detail, address FROM audit_log ORDER BY at DESC, id DESC LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(entry).collect()
    }

    /// The entries that match a filter, newest first: `limit` of them after skipping `offset`.
    pub async fn audit_search(&self, f: &AuditFilter, offset: i64, limit: i64) -> Result<AuditPage> {
        let mut sql = format!("SELECT {ROW_COLUMNS} WHERE 1 = 1");
        let mut texts: Vec<String> = Vec::new();
        let mut n = 0;
        let mut text = |sql: &mut String, column: &str, value: &Option<String>| {
            if let Some(v) = value {
                n += 1;
                sql.push_str(&format!(" AND {column} = ${n}"));
                texts.push(v.clone());
            }
        };
        text(&mut sql, "a.actor_id", &f.actor_id);
        text(&mut sql, "a.patient_id", &f.patient_id);
        text(&mut sql, "a.action", &f.action);
        let mut numbers: Vec<i64> = Vec::new();
        for (op, value) in [(">=", f.from), ("<", f.until)] {
            if let Some(t) = value {
                n += 1;
                sql.push_str(&format!(" AND a.at {op} ${n}"));
                numbers.push(ms(t));
            }
        }
        sql.push_str(&format!(" ORDER BY a.at DESC, a.id DESC LIMIT ${} OFFSET ${}", n + 1, n + 2));
        let mut q = crate::sql::query(sql);
        for t in texts {
            q = q.bind(t);
        }
        for v in numbers {
            q = q.bind(v);
        }
        let rows = q.bind(limit + 1).bind(offset.max(0)).fetch_all(&self.pool).await?;
        page(&rows, limit)
    }

    /// What staff (clinicians and administrators) did with a patient's record, newest first:
    /// `limit` entries after skipping `offset`. Denied attempts are left out (nothing was seen).
    pub async fn access_log(&self, patient_id: &str, offset: i64, limit: i64) -> Result<AuditPage> {
        let sql = format!(
            "SELECT {ROW_COLUMNS} WHERE a.patient_id = $1 AND a.actor_role IN ('clinician', 'admin') \
             AND a.action NOT LIKE '%.denied' ORDER BY a.at DESC, a.id DESC LIMIT $2 OFFSET $3"
        );
        let rows = crate::sql::query(sql)
            .bind(patient_id.to_owned())
            .bind(limit + 1)
            .bind(offset.max(0))
            .fetch_all(&self.pool)
            .await?;
        page(&rows, limit)
    }

    /// Every action the log holds, for a filter's choices.
    pub async fn audit_actions(&self) -> Result<Vec<String>> {
        let rows = crate::sql::query("SELECT DISTINCT action FROM audit_log ORDER BY action")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| Ok(r.try_get("action")?)).collect()
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
