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

/// `harm` options.
#[derive(Debug, Args)]
pub struct HarmArgs {
    /// What happened: bladder_bowel, other_leg, weakness, numbness, pain_worse, fall_injury or
    /// other. Asked when not given.
    #[arg(long, value_name = "KIND")]
    pub kind: Option<String>,
    /// How bad it is: mild, moderate or severe. Asked when not given.
    #[arg(long, value_name = "SEVERITY")]
    pub severity: Option<String>,
    /// What happened, in your own words (needed for `other`).
    #[arg(long, value_name = "TEXT")]
    pub details: Option<String>,
    /// The session it is about. Default: your latest session.
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
}
