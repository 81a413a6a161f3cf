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
    #[error("unsupported database `{0}`; allowed: a file path, sqlite://PATH")]
    Unsupported(String),
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
    /// A database error.
    #[error("database error: {0}")]
    Db(#[from] rusqlite::Error),
    /// The stored schema cannot be brought up to this version.
    #[error("database migration failed: {0}")]
    Migrate(String),
}

/// Result with [`StoreError`].
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// Maps a constraint violation to the field it guards; other errors pass through.
pub(crate) fn classify(e: rusqlite::Error) -> StoreError {
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
