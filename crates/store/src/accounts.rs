//! Accounts as an administrator manages them: listed and searched with account-level facts only
//! (email, role, created, last sign-in, care team; never anything of a patient's record), a role
//! changed, an account deactivated or reactivated, a patient moved to another clinician. Every
//! change commits together with its audit entry, and the last active administrator can be neither
//! deactivated nor demoted.

use crate::audit::NewEntry;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, parse, ts};
use jiff::Timestamp;
use sciatica_core::policy::Role;
use serde::Serialize;

/// A clinician as an account list names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Clinician {
    /// Account id.
    pub id: String,
    /// Email.
    pub email: String,
}

/// An account with what an administrator may see of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// Account id.
    pub id: String,
    /// Email.
    pub email: String,
    /// Role.
    pub role: Role,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it last signed in, if it has since this was recorded.
    pub last_sign_in_at: Option<Timestamp>,
    /// It can sign in.
    pub active: bool,
    /// For a patient account: the clinicians currently on its care team.
    pub clinicians: Vec<Clinician>,
    /// For a patient account: its record's id (to move it between clinicians; never its contents).
    #[serde(skip)]
    pub patient_id: Option<String>,
}

/// Which accounts to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    /// Part of the email (any case).
    pub email: Option<String>,
    /// The role.
    pub role: Option<Role>,
}

/// One page of accounts, by email.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountPage {
    /// The accounts.
    pub accounts: Vec<Account>,
    /// There are more after this page.
    pub more: bool,
}

const COLUMNS: &str = "id, email, role, patient_id, created_at, last_sign_in_at, disabled";

fn account(r: &Row) -> Result<Account> {
    Ok(Account {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        role: parse("role", &r.try_get::<String, _>("role")?)?,
        created_at: ts(r.try_get("created_at")?)?,
        last_sign_in_at: r.try_get::<Option<i64>, _>("last_sign_in_at")?.map(ts).transpose()?,
        active: r.try_get::<i64, _>("disabled")? == 0,
        clinicians: Vec::new(),
        patient_id: r.try_get("patient_id")?,
    })
}

/// `LIKE` pattern for "contains", with the pattern characters of the text escaped.
fn contains(text: &str) -> String {
    let mut p = String::from("%");
    for ch in text.to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

fn invalid(field: &str, problem: &str) -> StoreError {
    StoreError::Invalid { field: field.to_owned(), problem: problem.to_owned() }
}

async fn load(tx: &mut crate::sql::Tx, id: &str) -> Result<Account> {
    let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
    let row = crate::sql::query(sql).bind(id.to_owned()).fetch_optional(&mut **tx).await?;
    row.as_ref().map(account).transpose()?.ok_or(StoreError::NotFound)
}

/// Refuses to leave the instance without an active administrator.
async fn keep_an_admin(tx: &mut crate::sql::Tx, a: &Account, field: &str) -> Result<()> {
    if a.role != Role::Admin || !a.active {
        return Ok(());
    }
    let row = crate::sql::query(
        "SELECT COUNT(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> $1",
    )
    .bind(a.id.clone())
    .fetch_one(&mut **tx)
    .await?;
    if row.try_get::<i64, _>("n")? == 0 {
        return Err(invalid(
            field,
            "this is the last active administrator; make another account an administrator first",
        ));
    }
    Ok(())
}

async fn active_clinician(tx: &mut crate::sql::Tx, id: &str, field: &str) -> Result<()> {
    let row = crate::sql::query("SELECT role, disabled FROM users WHERE id = $1")
        .bind(id.to_owned())
        .fetch_optional(&mut **tx)
        .await?;
    match row {
        Some(r)
            if r.try_get::<String, _>("role")? == "clinician" && r.try_get::<i64, _>("disabled")? == 0 =>
        {
            Ok(())
        }
        _ => Err(invalid(field, "must be the account of an active clinician")),
    }
}

impl Store {
    /// A page of accounts matching a filter, by email, with each patient's current clinicians.
    pub async fn accounts(&self, f: &AccountFilter, offset: i64, limit: i64) -> Result<AccountPage> {
        let mut sql = format!("SELECT {COLUMNS} FROM users WHERE 1 = 1");
        let mut args: Vec<String> = Vec::new();
        if let Some(e) = f.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            args.push(contains(e));
            sql.push_str(&format!(" AND LOWER(email) LIKE ${} ESCAPE '\\'", args.len()));
        }
        if let Some(r) = f.role {
            args.push(r.as_str().to_owned());
            sql.push_str(&format!(" AND role = ${}", args.len()));
        }
        sql.push_str(&format!(" ORDER BY email LIMIT ${} OFFSET ${}", args.len() + 1, args.len() + 2));
        let mut q = crate::sql::query(sql);
        for a in args {
            q = q.bind(a);
        }
        let rows = q.bind(limit + 1).bind(offset.max(0)).fetch_all(&self.pool).await?;
        let mut accounts = rows.iter().map(account).collect::<Result<Vec<_>>>()?;
        let more = accounts.len() as i64 > limit;
        accounts.truncate(usize::try_from(limit).unwrap_or(0));
        self.fill_clinicians(&mut accounts).await?;
        Ok(AccountPage { accounts, more })
    }

    async fn fill_clinicians(&self, accounts: &mut [Account]) -> Result<()> {
        let patients: Vec<String> = accounts.iter().filter_map(|a| a.patient_id.clone()).collect();
        if patients.is_empty() {
            return Ok(());
        }
        let marks: Vec<String> = (1..=patients.len()).map(|i| format!("${i}")).collect();
        let sql = format!(
            "SELECT c.patient_id, u.id, u.email FROM care_team c JOIN users u ON u.id = c.clinician_id \
             WHERE c.ended_at IS NULL AND c.patient_id IN ({}) ORDER BY u.email",
            marks.join(", ")
        );
        let mut q = crate::sql::query(sql);
        for p in patients {
            q = q.bind(p);
        }
        for r in q.fetch_all(&self.pool).await? {
            let patient: String = r.try_get("patient_id")?;
            let c = Clinician { id: r.try_get("id")?, email: r.try_get("email")? };
            if let Some(a) = accounts.iter_mut().find(|a| a.patient_id.as_deref() == Some(patient.as_str())) {
                a.clinicians.push(c);
            }
        }
        Ok(())
    }

    /// One account, as [`Store::accounts`] shows it.
    pub async fn account(&self, id: &str) -> Result<Account> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let row = crate::sql::query(sql).bind(id.to_owned()).fetch_optional(&self.pool).await?;
        let mut a = [row.as_ref().map(account).transpose()?.ok_or(StoreError::NotFound)?];
        self.fill_clinicians(&mut a).await?;
        let [a] = a;
        Ok(a)
    }

    /// The active clinicians, by email (where a patient can be moved to).
    pub async fn active_clinicians(&self) -> Result<Vec<Clinician>> {
        let rows = crate::sql::query(
            "SELECT id, email FROM users WHERE role = 'clinician' AND disabled = 0 ORDER BY email",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|r| Ok(Clinician { id: r.try_get("id")?, email: r.try_get("email")? })).collect()
    }

    /// Changes a staff account's role (clinician or administrator). A patient account keeps its
    /// role (it holds a record); a clinician with patients in their care keeps it until they are
    /// moved; the last active administrator stays one.
    pub async fn set_role(&self, id: &str, role: Role, audit: &NewEntry) -> Result<Account> {
        let mut tx = self.pool.begin().await?;
        let a = load(&mut tx, id).await?;
        if a.role == Role::Patient || role == Role::Patient {
            return Err(invalid(
                "role",
                "only staff roles change: allowed clinician or admin (a patient account keeps its record and its role)",
            ));
        }
        if a.role == role {
            return Err(invalid("role", &format!("is already {role}")));
        }
        keep_an_admin(&mut tx, &a, "role").await?;
        if a.role == Role::Clinician {
            let row = crate::sql::query(
                "SELECT COUNT(*) AS n FROM care_team WHERE clinician_id = $1 AND ended_at IS NULL",
            )
            .bind(id.to_owned())
            .fetch_one(&mut *tx)
            .await?;
            let n: i64 = row.try_get("n")?;
            if n > 0 {
                return Err(invalid(
                    "role",
                    &format!(
                        "this clinician still looks after {n} patient{}; move them to another clinician first",
                        if n == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
        crate::sql::query("UPDATE users SET role = $1 WHERE id = $2")
            .bind(role.as_str())
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        self.account(id).await
    }

    /// Deactivates an account (it can no longer sign in; its sign-in sessions end and its API
    /// tokens are revoked) or reactivates it. The last active administrator stays active.
    pub async fn set_active(&self, id: &str, active: bool, audit: &NewEntry) -> Result<Account> {
        let mut tx = self.pool.begin().await?;
        let a = load(&mut tx, id).await?;
        if a.active == active {
            let state = if active { "active" } else { "deactivated" };
            return Err(invalid("active", &format!("the account is already {state}")));
        }
        if !active {
            keep_an_admin(&mut tx, &a, "active").await?;
            crate::sql::query("DELETE FROM auth_sessions WHERE user_id = $1")
                .bind(id.to_owned())
                .execute(&mut *tx)
                .await?;
            crate::sql::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
            )
            .bind(ms(audit.at))
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        }
        crate::sql::query("UPDATE users SET disabled = $1 WHERE id = $2")
            .bind(i64::from(!active))
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        self.account(id).await
    }

    /// Moves a patient into the care of clinician `to`: from clinician `from` (whose access ends),
    /// or, without `from`, in addition to any current clinician (a patient with none gets one).
    pub async fn move_patient(
        &self,
        patient_id: &str,
        from: Option<&str>,
        to: &str,
        audit: &NewEntry,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        active_clinician(&mut tx, to, "to").await?;
        if from == Some(to) {
            return Err(invalid("to", "is the clinician the patient is moved from; choose another one"));
        }
        let current = crate::sql::query(
            "SELECT 1 AS one FROM care_team WHERE patient_id = $1 AND clinician_id = $2 AND ended_at IS NULL",
        )
        .bind(patient_id.to_owned())
        .bind(to.to_owned())
        .fetch_optional(&mut *tx)
        .await?;
        if current.is_some() {
            return Err(invalid("to", "is already one of this patient's clinicians"));
        }
        if let Some(from) = from {
            let done = crate::sql::query(
                "UPDATE care_team SET ended_at = $1, ended_by = $2 WHERE patient_id = $3 AND clinician_id = $4 AND ended_at IS NULL",
            )
            .bind(ms(audit.at))
            .bind(audit.actor_id.clone())
            .bind(patient_id.to_owned())
            .bind(from.to_owned())
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                return Err(invalid("from", "is not one of this patient's current clinicians"));
            }
        }
        crate::care_team::add(&mut tx, patient_id, to, audit.actor_id.as_deref(), audit.at).await?;
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
