//! The PostgreSQL backend: sqlx's `PgPool`. Parameters go over the wire typed by the value bound
//! (BIGINT, DOUBLE PRECISION, TEXT, BYTEA) and NULL untyped, so the server infers its type from
//! where it stands; rows come back as the same owned values as SQLite's, so a repository reads
//! them with the same `row.try_get("column")`.
//!
//! A write transaction takes one transaction-level advisory lock before its first statement,
//! so write transactions run one at a time, as SQLite's `BEGIN IMMEDIATE` makes them: a
//! transaction that reads a record and writes it back never races another doing the same (under
//! READ COMMITTED it otherwise could). Reads take no lock.

use super::query::{Done, Query, Row};
use rusqlite::types::Value;
use sqlx::postgres::types::Oid;
use sqlx::postgres::{PgArguments, PgConnection, PgPoolOptions, PgRow, PgTypeInfo, PgValueRef, Postgres};
use sqlx::{Arguments, Column as _, Decode, Row as _, TypeInfo as _, ValueRef as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// The error of a statement.
pub(crate) type Error = sqlx::Error;

/// The key of the advisory lock every write transaction takes (any fixed number; "sciatica" in
/// ASCII, truncated).
const WRITE_LOCK: i64 = 0x7363_6961_7469_6361;

/// A pool of connections to one database.
#[derive(Clone)]
pub(crate) struct Pool {
    pool: sqlx::PgPool,
    /// Statements run so far (see [`super::Pool::statements`]).
    statements: Arc<AtomicU64>,
}

/// A connection taken from the pool, or a transaction on one; it goes back when dropped (a
/// transaction dropped without a commit is rolled back first).
pub(crate) struct Conn {
    inner: Inner,
    statements: Arc<AtomicU64>,
}

enum Inner {
    Free(sqlx::pool::PoolConnection<Postgres>),
    /// `None` once committed.
    Tx(Option<sqlx::Transaction<'static, Postgres>>),
}

impl Pool {
    /// Connects (at once, so a wrong address or password is reported at start-up).
    pub(crate) async fn open(url: &str, max: u32) -> Result<Pool, Error> {
        let pool = PgPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(std::time::Duration::from_secs(10))
            .connect(url)
            .await?;
        Ok(Pool { pool, statements: Arc::new(AtomicU64::new(0)) })
    }

    /// Takes a connection, waiting while all are in use.
    pub(crate) async fn acquire(&self) -> Result<Conn, Error> {
        let conn = self.pool.acquire().await?;
        Ok(Conn { inner: Inner::Free(conn), statements: Arc::clone(&self.statements) })
    }

    /// Begins a write transaction (holding the write lock) on a connection of its own.
    pub(crate) async fn begin(&self) -> Result<Conn, Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)").bind(WRITE_LOCK).execute(&mut *tx).await?;
        Ok(Conn { inner: Inner::Tx(Some(tx)), statements: Arc::clone(&self.statements) })
    }

    /// Begins a read-only `REPEATABLE READ` transaction (no lock): every statement sees the
    /// snapshot taken at the first.
    pub(crate) async fn snapshot(&self) -> Result<Conn, Error> {
        let tx = self.pool.begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY").await?;
        Ok(Conn { inner: Inner::Tx(Some(tx)), statements: Arc::clone(&self.statements) })
    }

    pub(crate) fn statements(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

impl Conn {
    fn raw(&mut self) -> Result<&mut PgConnection, Error> {
        match &mut self.inner {
            Inner::Free(c) => Ok(&mut **c),
            Inner::Tx(Some(t)) => Ok(&mut **t),
            Inner::Tx(None) => Err(Error::Protocol("the transaction has ended".into())),
        }
    }

    /// Commits the transaction begun with [`Pool::begin`]; durable when this returns.
    pub(crate) async fn commit(&mut self) -> Result<(), Error> {
        match &mut self.inner {
            Inner::Tx(t) => match t.take() {
                Some(t) => t.commit().await,
                None => Ok(()),
            },
            Inner::Free(_) => Ok(()),
        }
    }

    /// Runs several statements separated by semicolons, without parameters (a migration).
    pub(crate) async fn execute_batch(&mut self, sql: &str) -> Result<(), Error> {
        sqlx::raw_sql(sqlx::AssertSqlSafe(sql.to_owned())).execute(self.raw()?).await?;
        Ok(())
    }
}

/// Where a statement runs: the pool (a connection for this statement) or a connection.
pub(crate) enum Exec<'a> {
    Pool(&'a Pool),
    Conn(&'a mut Conn),
}

impl Exec<'_> {
    async fn with<R>(self, f: impl AsyncFnOnce(&mut PgConnection) -> Result<R, Error>) -> Result<R, Error> {
        match self {
            Exec::Pool(pool) => {
                pool.statements.fetch_add(1, Ordering::Relaxed);
                let mut conn = pool.pool.acquire().await?;
                f(&mut conn).await
            }
            Exec::Conn(conn) => {
                conn.statements.fetch_add(1, Ordering::Relaxed);
                f(conn.raw()?).await
            }
        }
    }

    pub(crate) async fn execute(self, q: &Query<'_>) -> Result<Done, Error> {
        let args = arguments(q.params())?;
        self.with(async |c| {
            let done = sqlx::query_with(sqlx::AssertSqlSafe(q.sql()), args).execute(c).await?;
            Ok(Done::new(done.rows_affected()))
        })
        .await
    }

    pub(crate) async fn rows(self, q: &Query<'_>, limit: Option<usize>) -> Result<Vec<Row>, Error> {
        let args = arguments(q.params())?;
        let rows = self
            .with(async |c| {
                let query = sqlx::query_with(sqlx::AssertSqlSafe(q.sql()), args);
                match limit {
                    Some(1) => Ok(query.fetch_optional(c).await?.into_iter().collect()),
                    _ => query.fetch_all(c).await,
                }
            })
            .await?;
        let Some(first) = rows.first() else { return Ok(Vec::new()) };
        let columns: Arc<[String]> = first.columns().iter().map(|c| c.name().to_owned()).collect();
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push(Row::new(Arc::clone(&columns), values(row)?));
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }
}

/// A bound value, typed by its kind; NULL untyped (OID 0: the server infers it).
struct Param<'a>(&'a Value);

impl sqlx::Type<Postgres> for Param<'_> {
    fn type_info() -> PgTypeInfo {
        PgTypeInfo::with_oid(Oid(0))
    }
}

impl sqlx::Encode<'_, Postgres> for Param<'_> {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        match self.0 {
            Value::Null => Ok(sqlx::encode::IsNull::Yes),
            Value::Integer(i) => <i64 as sqlx::Encode<Postgres>>::encode_by_ref(i, buf),
            Value::Real(f) => <f64 as sqlx::Encode<Postgres>>::encode_by_ref(f, buf),
            Value::Text(s) => <&str as sqlx::Encode<Postgres>>::encode_by_ref(&s.as_str(), buf),
            Value::Blob(b) => <&[u8] as sqlx::Encode<Postgres>>::encode_by_ref(&b.as_slice(), buf),
        }
    }

    fn produces(&self) -> Option<PgTypeInfo> {
        Some(match self.0 {
            Value::Null => return None,
            Value::Integer(_) => <i64 as sqlx::Type<Postgres>>::type_info(),
            Value::Real(_) => <f64 as sqlx::Type<Postgres>>::type_info(),
            Value::Text(_) => <&str as sqlx::Type<Postgres>>::type_info(),
            Value::Blob(_) => <&[u8] as sqlx::Type<Postgres>>::type_info(),
        })
    }
}

fn arguments(params: &[Value]) -> Result<PgArguments, Error> {
    let mut args = PgArguments::default();
    for v in params {
        args.add(Param(v)).map_err(Error::Encode)?;
    }
    Ok(args)
}

/// A row's values in SQLite's kinds: integers (and booleans as 0/1), floats, text, bytes.
fn values(row: &PgRow) -> Result<Vec<Value>, Error> {
    let mut out = Vec::with_capacity(row.len());
    for i in 0..row.len() {
        let raw = row.try_get_raw(i)?;
        out.push(value(raw).map_err(|source| Error::ColumnDecode { index: i.to_string(), source })?);
    }
    Ok(out)
}

fn value(raw: PgValueRef<'_>) -> Result<Value, sqlx::error::BoxDynError> {
    if raw.is_null() {
        return Ok(Value::Null);
    }
    let name = raw.type_info().name().to_owned();
    Ok(match name.as_str() {
        "INT8" => Value::Integer(i64::decode(raw)?),
        "INT4" => Value::Integer(i32::decode(raw)?.into()),
        "INT2" => Value::Integer(i16::decode(raw)?.into()),
        "BOOL" => Value::Integer(bool::decode(raw)?.into()),
        "FLOAT8" => Value::Real(f64::decode(raw)?),
        "FLOAT4" => Value::Real(f32::decode(raw)?.into()),
        "TEXT" | "VARCHAR" | "BPCHAR" | "NAME" => Value::Text(String::decode(raw)?),
        "BYTEA" => Value::Blob(Vec::<u8>::decode(raw)?),
        other => {
            return Err(
                format!("a column of type {other} (cast it to BIGINT, DOUBLE PRECISION or TEXT)").into()
            );
        }
    })
}
