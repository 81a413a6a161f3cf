//! Instance settings chosen by an administrator.

use crate::audit::NewEntry;
use crate::{Result, Store};

/// Open sign-up for self-managers ("true" or "false").
pub const OPEN_SIGNUP: &str = "open_signup";
/// The clinic's name on the urgent cards (overrides `--clinic-name`).
pub const CLINIC_NAME: &str = "clinic.name";
/// The clinic's telephone number on the urgent cards (overrides `--clinic-phone`).
pub const CLINIC_PHONE: &str = "clinic.phone";
/// The emergency numbers on the urgent cards, separated by commas (overrides
/// `--emergency-number`).
pub const EMERGENCY_NUMBERS: &str = "clinic.emergency";
/// After how many days without a session the clinician panel shows a patient as not logging.
pub const PANEL_INACTIVE_DAYS: &str = "panel.inactive_days";

/// Days without a session after which the clinician's panel says a patient is not logging (a
/// whole number from 1 to 60; `sciatica_core::attention::DEFAULT_INACTIVE_DAYS` when unset).
pub const INACTIVE_DAYS: &str = "inactive_days";

impl Store {
    /// The clinic's "not logging" threshold in days: the setting, or the default when unset or
    /// not a whole number from 1 to 60.
    pub async fn inactive_days(&self) -> Result<u32> {
        Ok(self
            .setting(INACTIVE_DAYS)
            .await?
            .and_then(|v| v.trim().parse::<u32>().ok())
            .filter(|n| (1..=60).contains(n))
            .unwrap_or(sciatica_core::attention::DEFAULT_INACTIVE_DAYS))
    }

    /// A setting's value.
    pub async fn setting(&self, key: &str) -> Result<Option<String>> {
        let row = crate::sql::query("SELECT value FROM settings WHERE key = $1")
            .bind(key.to_owned())
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|r| r.try_get("value")).transpose()?)
    }

    /// Sets a setting.
    pub async fn set_setting(&self, key: &str, value: &str) -> Result<()> {
        crate::sql::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(key.to_owned())
            .bind(value.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Sets (`Some`) or clears (`None`) several settings with their audit entry, in one
    /// transaction.
    pub async fn change_settings(&self, changes: &[(&str, Option<String>)], audit: &NewEntry) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in changes {
            let q = match value {
                Some(v) => crate::sql::query(
                    "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind((*key).to_owned())
                .bind(v.clone()),
                None => crate::sql::query("DELETE FROM settings WHERE key = $1").bind((*key).to_owned()),
            };
            q.execute(&mut *tx).await?;
        }
        crate::audit::insert(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(())
    }
}
