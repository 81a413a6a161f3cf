//! `sciatica copy`: a whole database into another (SQLite to PostgreSQL and back), in one
//! transaction on the target, then every table's rows counted again in the target and compared
//! with the source's.

use crate::args::CopyArgs;
use crate::ctx::{Ctx, open};
use crate::failure::bad;
use crate::output::{BOLD, GOOD, Out, print_json};
use anyhow::Result;
use sciatica_store::copy::{Counted, Overwrite};
use sciatica_store::{database_file, database_url, without_password};

pub async fn run(ctx: &Ctx, a: &CopyArgs) -> Result<()> {
    if same_database(&a.from, &a.to)? {
        return Err(bad("--from and --to name the same database; give two different ones"));
    }
    if let Some(file) = database_file(&a.from)?
        && !file.exists()
    {
        return Err(bad(format!("--from: there is no database at {} to copy", file.display())));
    }
    let made = database_file(&a.to)?.filter(|f| !f.exists());
    let started = std::time::Instant::now();
    let copied = copy(&a.from, &a.to, a.replace).await;
    if copied.is_err()
        && let Some(file) = &made
    {
        // A file this command made for a copy that did not happen is not left behind.
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", file.display()));
        }
    }
    let counted = copied?;
    let (from, to) = (without_password(&a.from), without_password(&a.to));
    if ctx.json() {
        return print_json(&serde_json::json!({
            "from": from,
            "to": to,
            "tables": counted.tables,
            "rows": counted.rows,
        }));
    }
    say(&from, &to, &counted, started.elapsed());
    Ok(())
}

/// Whether two `--db` values name one database (the same URL, or the same file).
fn same_database(a: &str, b: &str) -> Result<bool> {
    if database_url(a)? == database_url(b)? {
        return Ok(true);
    }
    Ok(match (database_file(a)?, database_file(b)?) {
        (Some(a), Some(b)) => match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
            (Ok(a), Ok(b)) => a == b,
            _ => false,
        },
        _ => false,
    })
}

async fn copy(from: &str, to: &str, replace: bool) -> Result<Counted> {
    let source = open(from).await?;
    let target = match open(to).await {
        Ok(t) => t,
        Err(e) => {
            source.close().await;
            return Err(e);
        }
    };
    let overwrite = if replace { Overwrite::Everything } else { Overwrite::Nothing };
    let counted = source.copy_to(&target, overwrite).await;
    source.close().await;
    target.close().await;
    Ok(counted?)
}

fn say(from: &str, to: &str, c: &Counted, took: std::time::Duration) {
    let mut out = Out::stdout();
    out.styled(
        GOOD,
        format!(
            "Copied {} rows from {from} to {to} in {:.1} s; counted again in the target:",
            c.rows,
            took.as_secs_f64()
        ),
    );
    let width = c.tables.iter().map(|t| t.table.len()).max().unwrap_or(5).max(5);
    out.line(format!("  {BOLD}{:<width$}  {:>9}  {:>9}{BOLD:#}", "table", "source", "target"));
    for t in &c.tables {
        out.line(format!("  {:<width$}  {:>9}  {:>9}", t.table, t.source, t.target));
    }
}
