//! `sciatica backup` and `sciatica restore`: a backup is one SQLite file, checked before it
//! counts: SQLite's online backup of a file, or every row of a PostgreSQL database from one
//! snapshot; a restore into PostgreSQL copies the backup's rows in, in one transaction.

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
            "{what} ({} patients, {} sessions, {} KB), checked: integrity ok.",
            c.patients,
            c.sessions,
            c.bytes.div_ceil(1024)
        ),
    );
    Ok(())
}

pub async fn backup(ctx: &Ctx, a: &BackupArgs) -> Result<()> {
    let location = ctx.db_location()?;
    let store = if sciatica_store::is_postgres(&location) {
        ctx.store().await?
    } else {
        match sciatica_store::database_file(&location)? {
            Some(file) if file.exists() => {}
            _ => return Err(bad(format!("there is no database at {location} to back up"))),
        }
        ctx.existing_store().await?
    };
    let copied = store.backup(&a.file).await;
    store.close().await;
    let copied = copied?;
    say(ctx, &format!("Wrote {}", copied.file.display()), &copied)
}

pub async fn restore(ctx: &Ctx, a: &RestoreArgs) -> Result<()> {
    let location = ctx.db_location()?;
    if sciatica_store::is_postgres(&location) {
        let store = ctx.store().await?;
        let copied = store.restore_from(&a.file, a.replace).await;
        store.close().await;
        let copied = copied?;
        let what = format!(
            "Restored {} into {}, every table's rows counted again",
            copied.file.display(),
            sciatica_store::without_password(&location)
        );
        return say(ctx, &what, &copied);
    }
    let Some(db) = sciatica_store::database_file(&location)? else {
        return Err(bad("an in-memory database cannot be restored into; give --db PATH"));
    };
    let (from, to, replace) = (a.file.clone(), db.clone(), a.replace);
    let copied =
        tokio::task::spawn_blocking(move || sciatica_store::backup::restore(&from, &to, replace)).await??;
    // Opening applies the migrations of this version to an older backup.
    ctx.store().await?.close().await;
    say(ctx, &format!("Restored {}", copied.file.display()), &copied)
}
