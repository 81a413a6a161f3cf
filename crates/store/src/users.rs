//! Accounts: email, password hash, role, and for a patient the record they own.

use crate::error::classify;
use crate::patients::Profile;
use crate::sql::Row;
use crate::{Result, Store, StoreError, ms, new_id, parse, ts};
use jiff::Timestamp;
use sciatica_core::policy::Role;

/// A stored account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// Id.
    pub id: String,
    /// Email, lower-case.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// The patient record of a patient account.
    pub patient_id: Option<String>,
    /// When it was made.
    pub created_at: Timestamp,
    /// When the password last changed.
    pub password_changed_at: Timestamp,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
}

/// An account to create.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Email, already checked and lower-cased.
    pub email: String,
    /// Argon2id PHC string.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// For a patient: the profile of the record they will own.
    pub profile: Option<Profile>,
}

const COLUMNS: &str = "id, email, password_hash, role, patient_id, created_at, password_changed_at, disabled";

pub(crate) fn from_row(row: &Row) -> Result<User> {
    Ok(User {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        role: parse("role", &row.try_get::<String, _>("role")?)?,
        patient_id: row.try_get("patient_id")?,
        created_at: ts(row.try_get("created_at")?)?,
        password_changed_at: ts(row.try_get("password_changed_at")?)?,
        disabled: row.try_get::<i64, _>("disabled")? == 1,
    })
}

/// Inserts a user (and, for a patient, the patient record) inside a transaction.
pub(crate) async fn insert(tx: &mut crate::sql::Tx, u: &NewUser, at: Timestamp) -> Result<String> {
    let patient_id = match (u.role, &u.profile) {
        (Role::Patient, Some(profile)) => Some(crate::patients::insert(tx, profile, at).await?),
        (Role::Patient, None) => {
            return Err(StoreError::Invalid {
                field: "profile".into(),
                problem: "a patient account needs a profile".into(),
            });
        }
        _ => None,
    };
    let id = new_id();
    crate::sql::query(
        "INSERT INTO users (id, email, password_hash, role, patient_id, created_at, password_changed_at, disabled) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, 0)",
    )
    .bind(id.clone())
    .bind(u.email.clone())
    .bind(u.password_hash.clone())
    .bind(u.role.as_str())
    .bind(patient_id)
    .bind(ms(at))
    .execute(&mut **tx)
    .await
    .map_err(|e| match classify(e) {
        StoreError::Invalid { problem, .. } if problem == "already exists" => StoreError::Invalid {
            field: "email".into(),
            problem: "already has an account; sign in instead, or ask for a password-reset link".into(),
        },
        other => other,
    })?;
    Ok(id)
}

impl Store {
    /// Creates an account (and a patient's record).
    pub async fn create_user(&self, u: &NewUser, at: Timestamp) -> Result<User> {
        let mut tx = self.pool.begin().await?;
        let id = insert(&mut tx, u, at).await?;
        tx.commit().await?;
        self.user(&id).await
    }

    /// Creates a patient account for an existing patient record (demo data, imports).
    pub async fn create_account_for_patient(
        &self,
        email: &str,
        password_hash: &str,
        patient_id: &str,
        at: Timestamp,
    ) -> Result<User> {
        let id = new_id();
        crate::sql::query(
            "INSERT INTO users (id, email, password_hash, role, patient_id, created_at, password_changed_at, disabled) \
             VALUES ($1, $2, $3, 'patient', $4, $5, $5, 0)",
        )
        .bind(id.clone())
        .bind(email.to_owned())
        .bind(password_hash.to_owned())
        .bind(patient_id.to_owned())
        .bind(ms(at))
        .execute(&self.pool)
        .await
        .map_err(classify)?;
        self.user(&id).await
    }

    /// An account by id.
    pub async fn user(&self, id: &str) -> Result<User> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE id = $1");
        let row = crate::sql::query(sql).bind(id.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(from_row).transpose()?.ok_or(StoreError::NotFound)
    }

    /// An account by email (lower-case).
    pub async fn user_by_email(&self, email: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE email = $1");
        let row = crate::sql::query(sql).bind(email.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(from_row).transpose()
    }

    /// The account that owns a patient record.
    pub async fn user_of_patient(&self, patient_id: &str) -> Result<Option<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users WHERE patient_id = $1");
        let row = crate::sql::query(sql).bind(patient_id.to_owned()).fetch_optional(&self.pool).await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Every account, oldest first.
    pub async fn users(&self) -> Result<Vec<User>> {
        let sql = format!("SELECT {COLUMNS} FROM users ORDER BY created_at, id");
        let rows = crate::sql::query(sql).fetch_all(&self.pool).await?;
        rows.iter().map(from_row).collect()
    }

    /// Changes a password, signs the account out everywhere and revokes its API tokens, in one
    /// transaction.
    pub async fn set_password(&self, user_id: &str, password_hash: &str, at: Timestamp) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done =
            crate::sql::query("UPDATE users SET password_hash = $1, password_changed_at = $2 WHERE id = $3")
                .bind(password_hash.to_owned())
                .bind(ms(at))
                .bind(user_id.to_owned())
                .execute(&mut *tx)
                .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        crate::tokens::revoke_everything(&mut tx, user_id, at).await?;
        tx.commit().await?;
        Ok(())
    }
}
