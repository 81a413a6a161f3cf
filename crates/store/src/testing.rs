//! For tests (of this crate and of the crates above it): a fresh, empty database on PostgreSQL.
//!
//! `SCIATICA_TEST_PG` names a throwaway server (`suites/pg.sh` starts one and sets it; `run-tests`
//! always does). Each call makes a new database on it, so tests never see each other's rows; the
//! server, databases and all, is removed when the run ends. Without the variable a PostgreSQL
//! test says loudly that it did not run (and fails when `CI` is set), so a run that expected
//! PostgreSQL never passes quietly without it.

use crate::{Result, StoreError};

/// The variable naming the test server.
pub const TEST_PG: &str = "SCIATICA_TEST_PG";

/// The URL of a new, empty database on the test server, or `None` (after saying so on stderr)
/// when `SCIATICA_TEST_PG` is not set. `test` names the test in that message.
pub async fn postgres_database(test: &str) -> Result<Option<String>> {
    let Ok(admin) = std::env::var(TEST_PG) else {
        let message = format!(
            "{test}: NOT RUN ON POSTGRESQL: {TEST_PG} is not set (run the tests through \
             suites/pg.sh or run-tests)"
        );
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("\n######## {message} ########\n");
        return Ok(None);
    };
    let name = format!("t_{}", uuid::Uuid::now_v7().simple());
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await?;
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}"))).execute(&mut conn).await?;
    sqlx::Connection::close(conn).await?;
    let (base, _) = admin
        .rsplit_once('/')
        .ok_or_else(|| StoreError::Unsupported(format!("{TEST_PG} without a database name")))?;
    Ok(Some(format!("{base}/{name}")))
}
