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
