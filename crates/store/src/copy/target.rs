//! What a copy does to its target besides writing the rows, all inside the target's transaction:
//! its triggers are off while the rows go in (a trigger would change what is copied, e.g. set
//! `users.last_sign_in_at` for every copied sign-in session, or refuse to empty the append-only
//! audit log) and on again before the commit; a target being replaced is emptied first; and the
//! records' revisions are raised above any the replaced rows had.

use super::schema::{Table, quoted};
use crate::Result;
use crate::sql::{self, Backend, Conn};

/// Turns the target's triggers off and returns the statements that turn them on again.
/// SQLite cannot disable a trigger, so its triggers are dropped and made again from their own
/// definitions; PostgreSQL disables the user triggers of each table that has some (the
/// foreign-key checks stay on).
pub(crate) async fn triggers_off(conn: &mut Conn) -> Result<Vec<String>> {
    let mut again = Vec::new();
    match conn.backend() {
        Backend::Sqlite => {
            let rows = sql::query("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")
                .fetch_all(&mut *conn)
                .await?;
            for row in rows {
                let name: String = row.try_get("name")?;
                sql::query(format!("DROP TRIGGER {}", quoted(&name))).execute(&mut *conn).await?;
                again.push(row.try_get("sql")?);
            }
        }
        Backend::Postgres => {
            let rows = sql::query(
                "SELECT DISTINCT c.relname::text AS name FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
                 WHERE NOT t.tgisinternal AND c.relnamespace = current_schema()::regnamespace ORDER BY 1",
            )
            .fetch_all(&mut *conn)
            .await?;
            for row in rows {
                let table = quoted(&row.try_get::<String, _>("name")?);
                sql::query(format!("ALTER TABLE {table} DISABLE TRIGGER USER")).execute(&mut *conn).await?;
                again.push(format!("ALTER TABLE {table} ENABLE TRIGGER USER"));
            }
        }
    }
    Ok(again)
}

/// Runs the statements [`triggers_off`] returned.
pub(crate) async fn triggers_on(conn: &mut Conn, again: &[String]) -> Result<()> {
    for statement in again {
        conn.execute_batch(statement).await?;
    }
    Ok(())
}

/// Deletes every row of the tables, those that refer to others first.
pub(crate) async fn empty(conn: &mut Conn, tables: &[Table]) -> Result<()> {
    for t in tables.iter().rev() {
        sql::query(format!("DELETE FROM {}", quoted(&t.name))).execute(&mut *conn).await?;
    }
    Ok(())
}

/// The highest revision of a kept record, if any is kept.
pub(crate) async fn highest_revision(conn: &mut Conn) -> Result<Option<i64>> {
    Ok(sql::query("SELECT MAX(rev) AS rev FROM patient_records").fetch_one(conn).await?.try_get("rev")?)
}

/// Raises every copied record's revision above `highest`, the highest the replaced records had:
/// a server that keeps a replaced record in memory by its revision (another instance on the
/// same database) then reads the copied one instead.
pub(crate) async fn raise_revisions(conn: &mut Conn, highest: i64) -> Result<()> {
    sql::query("UPDATE patient_records SET rev = rev + $1").bind(highest + 1).execute(conn).await?;
    Ok(())
}
