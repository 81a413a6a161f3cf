//! Instance settings chosen by an administrator.

use crate::{Result, Store};

/// Open sign-up for self-managers ("true" or "false").
pub const OPEN_SIGNUP: &str = "open_signup";

impl Store {
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
}
