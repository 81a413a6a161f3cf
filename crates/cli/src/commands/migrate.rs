//! `sciatica migrate`: brings the database up to this version's schema on its own (every command
//! and the server also do it when they open the database) and says what that applied.

use crate::ctx::Ctx;
use crate::output::{GOOD, Out, print_json};
use anyhow::{Context as _, Result};
use sciatica_store::without_password;

pub async fn run(ctx: &Ctx) -> Result<()> {
    let location = ctx.made_location()?;
    let shown = without_password(&location);
    let migrated = match sciatica_store::migrate_database(&location).await {
        Ok(m) => m,
        Err(e @ sciatica_store::StoreError::Unusable { .. }) => return Err(e.into()),
        Err(e) => return Err(anyhow::Error::new(e)).context(format!("cannot migrate the database {shown}")),
    };
    if ctx.json() {
        return print_json(&serde_json::json!({
            "db": shown,
            "backend": migrated.backend,
            "applied": migrated.applied,
            "version": migrated.version,
        }));
    }
    let mut out = Out::stdout();
    if migrated.applied.is_empty() {
        out.styled(
            GOOD,
            format!("{shown} ({}) is up to date: schema version {}.", migrated.backend, migrated.version),
        );
        return Ok(());
    }
    out.styled(
        GOOD,
        format!(
            "Applied {} migration(s) to {shown} ({}); schema version {} now:",
            migrated.applied.len(),
            migrated.backend,
            migrated.version
        ),
    );
    for m in &migrated.applied {
        out.line(format!("  {:04}  {}", m.version, m.description));
    }
    Ok(())
}
