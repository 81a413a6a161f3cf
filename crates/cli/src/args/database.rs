//! Options of the commands that look after the database as a whole: backup, restore, copy.

use clap::Args;
use std::path::PathBuf;

/// `backup` options.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The file to write (it must not exist yet).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// `restore` options.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file to restore.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Overwrite a database that already holds patients.
    #[arg(long)]
    pub replace: bool,
}

/// `copy` options.
#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database to copy: a file path, sqlite://PATH or postgres://USER:PASSWORD@HOST/DB.
    #[arg(long, value_name = "DB")]
    pub from: String,
    /// The database to copy into (an SQLite file is made when missing; a PostgreSQL database
    /// must exist). It must hold no rows, unless --replace.
    #[arg(long, value_name = "DB")]
    pub to: String,
    /// Empty the target first (in the same transaction as the copy).
    #[arg(long)]
    pub replace: bool,
}
