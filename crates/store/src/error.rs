//! Errors of the store.

/// What went wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No such record (or not the caller's).
    #[error("not found")]
    NotFound,
    /// A value broke a constraint; names the field and what is allowed.
    #[error("`{field}`: {problem}")]
    Invalid {
        /// The field.
        field: String,
        /// What is allowed.
        problem: String,
    },
    /// The same key was used for something else before (a session id sent again with another
    /// body).
    #[error("`{field}`: {problem}")]
    Conflict {
        /// The field.
        field: String,
        /// What happened.
        problem: String,
    },
    /// The database URL names a backend this build cannot use.
    #[error("unsupported database `{0}`; allowed: a file path, sqlite://PATH, postgres://…")]
    Unsupported(String),
    /// The database file cannot be used at all: one plain sentence naming it and why.
    #[error("{path} {problem}")]
    Unusable {
        /// The database as given.
        path: String,
        /// Why.
        problem: Unusable,
    },
    /// The SQLite settings could not be made durable.
    #[error("the database is not set up safely: {0}")]
    Unsafe(String),
    /// Stored data could not be read back into domain values.
    #[error("stored data is not readable: {0}")]
    Corrupt(String),
    /// Stored JSON (a record, a draft, a screen's answers) could not be read or written.
    #[error("stored data is not readable JSON")]
    Json(#[from] serde_json::Error),
    /// A stored instant or date is out of range.
    #[error("stored time is not readable")]
    Time(#[from] jiff::Error),
    /// The group-commit writer has stopped.
    #[error("the database writer has stopped")]
    WriterGone,
    /// A database error (SQLite, or a stored value that is not of the kind expected).
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// A PostgreSQL error.
    #[error("database error: {0}")]
    Postgres(#[from] sqlx::Error),
    /// A copy's target does not hold what its source held (the tables and counts are named).
    #[error("the copy does not match its source: {0}")]
    CopyDiffers(String),
    /// The stored schema cannot be brought up to this version.
    #[error("database migration failed: {0}")]
    Migrate(String),
}

/// Why a database file cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Unusable {
    /// Not an SQLite file, or a damaged one.
    #[error("is not a sciatica database: it is not a database file, or it is damaged")]
    NotDatabase,
    /// An SQLite database with another program's tables.
    #[error("is not a sciatica database: it holds another program's data")]
    OtherProgram,
    /// Made by a newer version (or by another program using the same migration table).
    #[error("was made by a newer version of sciatica, or by another program")]
    Newer,
    /// The file or its folder cannot be written.
    #[error("cannot be written: check the permissions of the file and of its folder")]
    ReadOnly,
    /// The file cannot be opened or created.
    #[error("cannot be opened: check that its folder exists and that you may write to it")]
    CannotOpen,
    /// The disk is full.
    #[error("cannot be written: the disk is full")]
    Full,
    /// Another program holds a lock on it for too long.
    #[error("is in use by another program: try again when it has finished")]
    Busy,
    /// Reading or writing failed.
    #[error("cannot be read or written: the disk reported an error")]
    Io,
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl From<crate::sql::Error> for StoreError {
    fn from(e: crate::sql::Error) -> StoreError {
        match e {
            crate::sql::Error::Sqlite(e) => StoreError::Db(e),
            crate::sql::Error::Postgres(e) => StoreError::Postgres(e),
        }
    }
}

/// Maps a constraint violation to the field it guards; other errors pass through.
pub(crate) fn classify(e: crate::sql::Error) -> StoreError {
    match e {
        crate::sql::Error::Sqlite(e) => classify_sqlite(e),
        crate::sql::Error::Postgres(e) => classify_postgres(e),
    }
}

/// The same for PostgreSQL, naming the field as SQLite does: a CHECK by its constraint's name
/// without the table (`sessions_leg_pain_before` → `leg_pain_before`), a unique key as
/// `table.column`.
fn classify_postgres(e: sqlx::Error) -> StoreError {
    use sqlx::error::ErrorKind;
    let sqlx::Error::Database(db) = &e else { return StoreError::Postgres(e) };
    let name = db.constraint().unwrap_or_default().to_owned();
    match db.kind() {
        ErrorKind::CheckViolation => {
            let field = name.split_once('_').map_or(name.as_str(), |(_, f)| f).to_owned();
            StoreError::Invalid { field, problem: format!("is out of the allowed range ({name})") }
        }
        ErrorKind::ForeignKeyViolation => StoreError::Invalid {
            field: "reference".to_owned(),
            problem: "refers to a record that does not exist".to_owned(),
        },
        ErrorKind::UniqueViolation => {
            let pg = db.try_downcast_ref::<sqlx::postgres::PgDatabaseError>();
            let table = pg.and_then(|d| d.table()).unwrap_or_default();
            // The detail reads `Key (a, b)=(…) already exists.`: only the column names are kept
            // (the values may be personal).
            let columns = pg
                .and_then(|d| d.detail())
                .and_then(|d| d.strip_prefix("Key ("))
                .and_then(|d| d.split_once(")=("))
                .map(|(cols, _)| cols.to_owned())
                .unwrap_or_default();
            let field = if table.is_empty() || columns.is_empty() {
                name
            } else {
                columns.split(", ").map(|c| format!("{table}.{c}")).collect::<Vec<_>>().join(", ")
            };
            StoreError::Invalid { field, problem: "already exists".to_owned() }
        }
        _ => StoreError::Postgres(e),
    }
}

fn classify_sqlite(e: rusqlite::Error) -> StoreError {
    use rusqlite::ffi;
    if let rusqlite::Error::SqliteFailure(failure, message) = &e {
        let msg = message.as_deref().unwrap_or_default();
        let name = msg.split("constraint failed: ").nth(1).unwrap_or(msg).trim().to_owned();
        match failure.extended_code {
            ffi::SQLITE_CONSTRAINT_CHECK => {
                let field = name.split_once('_').map_or(name.as_str(), |(_, f)| f).to_owned();
                return StoreError::Invalid {
                    field,
                    problem: format!("is out of the allowed range ({name})"),
                };
            }
            ffi::SQLITE_CONSTRAINT_FOREIGNKEY => {
                return StoreError::Invalid {
                    field: "reference".to_owned(),
                    problem: "refers to a record that does not exist".to_owned(),
                };
            }
            ffi::SQLITE_CONSTRAINT_UNIQUE | ffi::SQLITE_CONSTRAINT_PRIMARYKEY => {
                return StoreError::Invalid { field: name, problem: "already exists".to_owned() };
            }
            _ => {}
        }
    }
    StoreError::Db(e)
}
