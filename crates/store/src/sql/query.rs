//! Statements and the rows they return: parameters are bound by their number (`$1`, `$2`, …)
//! and rows are read into owned values, so no statement outlives its call.

use super::{Error, Executor, On};
use rusqlite::ToSql;
use rusqlite::types::{FromSql, ToSqlOutput, Value, ValueRef};
use std::borrow::Cow;
use std::sync::Arc;

/// A statement with its parameters.
pub(crate) struct Query<'q> {
    sql: Cow<'q, str>,
    params: Vec<Value>,
}

/// A statement to run: parameters are written `$1`, `$2`, … and bound in that order.
pub(crate) fn query<'q>(sql: impl Into<Cow<'q, str>>) -> Query<'q> {
    Query { sql: sql.into(), params: Vec::new() }
}

/// What an `INSERT`, `UPDATE` or `DELETE` did.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Done {
    rows: u64,
}

impl Done {
    pub(super) fn new(rows: u64) -> Done {
        Done { rows }
    }

    /// How many rows it changed.
    pub(crate) fn rows_affected(self) -> u64 {
        self.rows
    }
}

fn owned(out: ToSqlOutput<'_>) -> Value {
    match out {
        // Values bound from Rust are valid text.
        ToSqlOutput::Borrowed(v) => Value::try_from(v).unwrap_or(Value::Null),
        ToSqlOutput::Owned(v) => v,
        // Other forms (zero blobs, pointers) are not used by the store.
        _ => Value::Null,
    }
}

impl Query<'_> {
    /// Binds the next parameter.
    #[must_use]
    pub(crate) fn bind<T: ToSql>(mut self, value: T) -> Self {
        // `ToSql` of the store's values (integers, floats, text, blobs, options) cannot fail.
        self.params.push(value.to_sql().map_or(Value::Null, owned));
        self
    }

    /// Binds the next parameter as a value read back from a row.
    #[must_use]
    pub(crate) fn bind_value(mut self, value: Value) -> Self {
        self.params.push(value);
        self
    }

    pub(super) fn sql(&self) -> &str {
        &self.sql
    }

    pub(super) fn params(&self) -> &[Value] {
        &self.params
    }

    fn prepared<'c>(
        &self,
        conn: &'c rusqlite::Connection,
    ) -> Result<rusqlite::CachedStatement<'c>, rusqlite::Error> {
        let mut stmt = conn.prepare_cached(&self.sql)?;
        for i in 1..=stmt.parameter_count() {
            // `$N` is SQLite's named parameter "$N": bind value N to it wherever it appears.
            let n = stmt.parameter_name(i).and_then(|name| name[1..].parse::<usize>().ok()).unwrap_or(i);
            let value =
                self.params.get(n - 1).ok_or(rusqlite::Error::InvalidParameterCount(n, self.params.len()))?;
            stmt.raw_bind_parameter(i, value)?;
        }
        Ok(stmt)
    }

    fn rows(&self, conn: &rusqlite::Connection, limit: Option<usize>) -> Result<Vec<Row>, rusqlite::Error> {
        let mut stmt = self.prepared(conn)?;
        let columns: Arc<[String]> = stmt.column_names().map(str::to_owned).collect();
        let width = columns.len();
        let mut rows = stmt.raw_query();
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let mut values = Vec::with_capacity(width);
            for i in 0..width {
                let v = row.get_ref(i)?;
                values.push(
                    Value::try_from(v).map_err(|e| {
                        rusqlite::Error::FromSqlConversionFailure(i, v.data_type(), Box::new(e))
                    })?,
                );
            }
            out.push(Row { columns: Arc::clone(&columns), values });
            if limit.is_some_and(|l| out.len() >= l) {
                break;
            }
        }
        Ok(out)
    }

    /// Runs a statement that returns no rows (or whose rows are not wanted).
    pub(crate) async fn execute<'a>(self, ex: impl Executor<'a>) -> Result<Done, Error> {
        match ex.on() {
            On::Sqlite(ex) => ex
                .run(|conn| {
                    let mut stmt = self.prepared(conn)?;
                    Ok(Done { rows: stmt.raw_execute()? as u64 })
                })
                .await
                .map_err(Error::Sqlite),
            On::Postgres(ex) => ex.execute(&self).await.map_err(Error::Postgres),
        }
    }

    async fn fetch<'a>(self, ex: impl Executor<'a>, limit: Option<usize>) -> Result<Vec<Row>, Error> {
        match ex.on() {
            On::Sqlite(ex) => ex.run(|conn| self.rows(conn, limit)).await.map_err(Error::Sqlite),
            On::Postgres(ex) => ex.rows(&self, limit).await.map_err(Error::Postgres),
        }
    }

    /// Every row.
    pub(crate) async fn fetch_all<'a>(self, ex: impl Executor<'a>) -> Result<Vec<Row>, Error> {
        self.fetch(ex, None).await
    }

    /// The first row, if any.
    pub(crate) async fn fetch_optional<'a>(self, ex: impl Executor<'a>) -> Result<Option<Row>, Error> {
        Ok(self.fetch(ex, Some(1)).await?.pop())
    }

    /// The first row; an error when there is none.
    pub(crate) async fn fetch_one<'a>(self, ex: impl Executor<'a>) -> Result<Row, Error> {
        self.fetch_optional(ex).await?.ok_or(Error::Sqlite(rusqlite::Error::QueryReturnedNoRows))
    }
}

/// A row read back, with its values owned.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// A column by name or by position.
pub(crate) trait Column: Copy + std::fmt::Debug {
    /// Its position in `columns`.
    fn position(self, columns: &[String]) -> Option<usize>;
}

impl Column for &str {
    fn position(self, columns: &[String]) -> Option<usize> {
        columns.iter().position(|c| c == self)
    }
}

impl Column for usize {
    fn position(self, columns: &[String]) -> Option<usize> {
        (self < columns.len()).then_some(self)
    }
}

impl Row {
    pub(super) fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The row's values, in the order of its columns.
    pub(crate) fn into_values(self) -> Vec<Value> {
        self.values
    }

    /// The value of a column as `T`.
    pub(crate) fn try_get<T: FromSql, C: Column>(&self, column: C) -> Result<T, Error> {
        self.get(column).map_err(Error::Sqlite)
    }

    fn get<T: FromSql, C: Column>(&self, column: C) -> Result<T, rusqlite::Error> {
        use rusqlite::Error;
        let i =
            column.position(&self.columns).ok_or_else(|| Error::InvalidColumnName(format!("{column:?}")))?;
        let value = ValueRef::from(&self.values[i]);
        T::column_result(value).map_err(|e| match e {
            rusqlite::types::FromSqlError::InvalidType => {
                Error::InvalidColumnType(i, self.columns[i].clone(), value.data_type())
            }
            other => Error::FromSqlConversionFailure(i, value.data_type(), Box::new(other)),
        })
    }
}
