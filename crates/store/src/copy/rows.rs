//! Moving one table's rows: read from the source's snapshot in batches ordered by the primary
//! key (each batch starts after the last key of the one before), and written to the target as
//! one multi-row `INSERT` per batch, so a table is never held in memory whole. Values cross as
//! they were read (the store's five kinds: NULL, integer, real, text, bytes), so each backend
//! stores them in its own column types.

use super::schema::{Table, quoted};
use crate::sql::{self, Conn};
use crate::{Result, StoreError};
use rusqlite::types::Value;

/// Rows per batch at most.
const BATCH_ROWS: usize = 1000;

/// Values bound to one statement at most (SQLite allows 32,766 parameters, PostgreSQL 65,535).
const BATCH_VALUES: usize = 30_000;

/// How many rows one batch of `table` holds.
fn batch_rows(table: &Table) -> usize {
    (BATCH_VALUES / table.columns.len().max(1)).clamp(1, BATCH_ROWS)
}

/// The rows of a table.
pub(crate) async fn count(conn: &mut Conn, table: &str) -> Result<i64> {
    let sql = format!("SELECT COUNT(*) AS n FROM {}", quoted(table));
    Ok(sql::query(sql).fetch_one(conn).await?.try_get("n")?)
}

/// The statement that reads the next batch: after the last key read (keyset), or, for a table
/// without a primary key, ordered by every column and skipping the rows read (the snapshot does
/// not change between batches).
fn select(table: &Table, first: bool, skip: usize) -> String {
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
    let (columns, name, limit) = (columns.join(", "), quoted(&table.name), batch_rows(table));
    if table.key.is_empty() {
        return format!("SELECT {columns} FROM {name} ORDER BY {columns} LIMIT {limit} OFFSET {skip}");
    }
    let key: Vec<String> = table.key.iter().map(|c| quoted(c)).collect();
    let key = key.join(", ");
    if first {
        return format!("SELECT {columns} FROM {name} ORDER BY {key} LIMIT {limit}");
    }
    let after: Vec<String> = (1..=table.key.len()).map(|i| format!("${i}")).collect();
    format!(
        "SELECT {columns} FROM {name} WHERE ({key}) > ({}) ORDER BY {key} LIMIT {limit}",
        after.join(", ")
    )
}

/// Copies every row of `table` from `source` to `target`; returns how many.
pub(crate) async fn copy_table(source: &mut Conn, target: &mut Conn, table: &Table) -> Result<i64> {
    let key_at: Vec<usize> = table
        .key
        .iter()
        .map(|k| table.columns.iter().position(|c| c == k))
        .collect::<Option<_>>()
        .ok_or_else(|| StoreError::Corrupt(format!("the key of {} is not among its columns", table.name)))?;
    let limit = batch_rows(table);
    let mut after: Option<Vec<Value>> = None;
    let mut copied = 0_usize;
    loop {
        let mut q = sql::query(select(table, after.is_none(), copied));
        for v in after.iter().flatten() {
            q = q.bind_value(v.clone());
        }
        let rows: Vec<Vec<Value>> =
            q.fetch_all(&mut *source).await?.into_iter().map(sql::Row::into_values).collect();
        let Some(last) = rows.last() else { break };
        after = Some(key_at.iter().map(|i| last[*i].clone()).collect());
        let n = rows.len();
        insert(target, table, rows).await?;
        copied += n;
        if n < limit {
            break;
        }
    }
    i64::try_from(copied).map_err(|_| StoreError::Corrupt(format!("too many rows in {}", table.name)))
}

/// Writes a batch of rows in one statement.
async fn insert(target: &mut Conn, table: &Table, rows: Vec<Vec<Value>>) -> Result<()> {
    let width = table.columns.len();
    let columns: Vec<String> = table.columns.iter().map(|c| quoted(c)).collect();
    let tuples: Vec<String> = (0..rows.len())
        .map(|r| {
            let params: Vec<String> = (1..=width).map(|c| format!("${}", r * width + c)).collect();
            format!("({})", params.join(", "))
        })
        .collect();
    let sql =
        format!("INSERT INTO {} ({}) VALUES {}", quoted(&table.name), columns.join(", "), tuples.join(", "));
    let expected = rows.len() as u64;
    let mut q = sql::query(sql);
    for row in rows {
        if row.len() != width {
            return Err(StoreError::Corrupt(format!("a row of {} has {} values", table.name, row.len())));
        }
        for v in row {
            q = q.bind_value(v);
        }
    }
    let done = q.execute(target).await?;
    if done.rows_affected() != expected {
        return Err(StoreError::Corrupt(format!(
            "{} of {expected} rows of {} were written",
            done.rows_affected(),
            table.name
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(columns: &[&str], key: &[&str]) -> Table {
        Table {
            name: "t".to_owned(),
            columns: columns.iter().map(|c| (*c).to_owned()).collect(),
            key: key.iter().map(|c| (*c).to_owned()).collect(),
            refers_to: std::collections::BTreeSet::new(),
        }
    }

    #[test]
    fn batches_follow_the_primary_key_or_every_column() {
        let keyed = table(&["session_id", "position", "done"], &["session_id", "position"]);
        assert_eq!(
            select(&keyed, true, 0),
            "SELECT \"session_id\", \"position\", \"done\" FROM \"t\" ORDER BY \"session_id\", \"position\" LIMIT 1000"
        );
        assert_eq!(
            select(&keyed, false, 1000),
            "SELECT \"session_id\", \"position\", \"done\" FROM \"t\" WHERE (\"session_id\", \"position\") > ($1, $2) \
             ORDER BY \"session_id\", \"position\" LIMIT 1000"
        );
        let bare = table(&["key", "at"], &[]);
        assert_eq!(
            select(&bare, false, 2000),
            "SELECT \"key\", \"at\" FROM \"t\" ORDER BY \"key\", \"at\" LIMIT 1000 OFFSET 2000"
        );
    }

    #[test]
    fn a_wide_table_takes_fewer_rows_per_batch() {
        let columns: Vec<String> = (0..60).map(|i| format!("c{i}")).collect();
        let refs: Vec<&str> = columns.iter().map(String::as_str).collect();
        assert_eq!(batch_rows(&table(&refs, &["c0"])), 500);
        assert_eq!(batch_rows(&table(&["a", "b"], &["a"])), BATCH_ROWS);
    }
}
