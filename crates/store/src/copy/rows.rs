//! Moving one table's rows: read from the source's snapshot in batches ordered by the primary
//! key (each batch starts after the last key of the one before), and written to the target with
//! multi-row `INSERT`s, so a table is never held in memory whole. Values cross as
//! they were read (the store's five kinds: NULL, integer, real, text, bytes), so each backend
//! stores them in its own column types.

use super::schema::{Table, quoted};
use crate::sql::{self, Conn};
use crate::{Result, StoreError};
use rusqlite::types::Value;

/// Rows read per batch.
const BATCH_ROWS: usize = 1000;

/// Values bound to one `INSERT` at most. SQLite finds a numbered parameter's name by walking the
/// statement's list of them, so binding n of them costs n²: with 10,000 in a statement that was
/// nine tenths of a copy's time; a few hundred cost next to nothing (and are SQLite's oldest
/// limit, 999).
const INSERT_VALUES: usize = 999;

/// How many rows one `INSERT` of a table `width` columns wide writes.
fn insert_rows(width: usize) -> usize {
    (INSERT_VALUES / width.max(1)).max(1)
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
    let (columns, name, limit) = (columns.join(", "), quoted(&table.name), BATCH_ROWS);
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
        let mut rows = rows.into_iter();
        loop {
            let some: Vec<Vec<Value>> = rows.by_ref().take(insert_rows(table.columns.len())).collect();
            if some.is_empty() {
                break;
            }
            insert(target, table, some).await?;
        }
        copied += n;
        if n < BATCH_ROWS {
            break;
        }
    }
    i64::try_from(copied).map_err(|_| StoreError::Corrupt(format!("too many rows in {}", table.name)))
}

/// Writes rows in one statement.
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
    fn an_insert_binds_at_most_999_values() {
        assert_eq!(insert_rows(10), 99);
        assert_eq!(insert_rows(2), 499);
        assert_eq!(insert_rows(2000), 1, "a row however wide");
    }
}
