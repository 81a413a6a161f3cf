//! Options of the commands about your record: assessed, export and delete.

use clap::Args;
use std::path::PathBuf;

/// `assessed` options.
#[derive(Debug, Args)]
pub struct AssessedArgs {
    /// What the clinician said (kept in your record).
    #[arg(long)]
    pub note: String,
}

/// `export` options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write to this file instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `delete` options.
#[derive(Debug, Args)]
pub struct DeleteArgs {
    /// Confirm without being asked.
    #[arg(long)]
    pub yes: bool,
}
