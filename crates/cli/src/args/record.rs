//! Options of the commands about your record (assessed, export and delete), and of the shell
//! completions and the manual page.

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

/// `completions` options.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// `man` options.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `sciatica.1` and a page for every command (`sciatica-screen.1`, ...) to this folder
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}
