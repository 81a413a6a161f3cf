//! `sciatica backup` and `sciatica restore`: SQLite's online backup, checked before it counts. A
//! PostgreSQL database is backed up and restored with the server's tools (`pg_dump`,
//! `pg_restore`); both commands say so.

use crate::args::{BackupArgs, RestoreArgs};
use crate::ctx::Ctx;
use crate::failure::bad;
use crate::output::{GOOD, Out, print_json};
use anyhow::Result;
use sciatica_store::backup::Copied;

fn say(ctx: &Ctx, what: &str, c: &Copied) -> Result<()> {
    if ctx.json() {
        return print_json(c);
    }
    Out::stdout().styled(
        GOOD,
        format!(
            "{what} {} ({} patients, {} sessions, {} KB), checked: integrity ok.",
            c.file.display(),
            c.patients,
            c.sessions,
            c.bytes.div_ceil(1024)
        ),
    );
    Ok(())
}

/// What to use instead on PostgreSQL.
const PG_TOOLS: &str = "a PostgreSQL database is backed up and restored with the server's tools, not \
                        here: use pg_dump and pg_restore (or pg_basebackup with WAL archiving)";

pub async fn backup(ctx: &Ctx, a: &BackupArgs) -> Result<()> {
    let location = ctx.db_location()?;
    if sciatica_store::is_postgres(&location) {
        return Err(bad(PG_TOOLS));
    }
    match sciatica_store::database_file(&location)? {
        Some(file) if file.exists() => {}
        _ => return Err(bad(format!("there is no database at {location} to back up"))),
    }
    let store = ctx.existing_store().await?;
    let copied = store.backup(&a.file).await;
    store.close().await;
    say(ctx, "Wrote", &copied?)
}

pub async fn restore(ctx: &Ctx, a: &RestoreArgs) -> Result<()> {
    let location = ctx.db_location()?;
    if sciatica_store::is_postgres(&location) {
        return Err(bad(PG_TOOLS));
    }
    let Some(db) = sciatica_store::database_file(&location)? else {
        return Err(bad("an in-memory database cannot be restored into; give --db PATH"));
    };
    let (from, to, replace) = (a.file.clone(), db.clone(), a.replace);
    let copied =
        tokio::task::spawn_blocking(move || sciatica_store::backup::restore(&from, &to, replace)).await??;
    // Opening applies the migrations of this version to an older backup.
    ctx.store().await?.close().await;
    say(ctx, "Restored", &copied)
}
