//! The command line: every command, option and its help.
//!
//! The top-level parser, the global options and the list of commands are here; each command's
//! options are in a submodule by area and re-exported.

mod admin;
mod database;
mod examples;
mod record;
mod screen;
mod session;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

pub use admin::{
    AdminCommand, AdminCreateUserArgs, AdminEmailArgs, AdminInviteArgs, AdminSignupArgs, ContentCommand,
    ContentDirArgs, DemoArgs, ServeArgs,
};
pub use database::{BackupArgs, CopyArgs, RestoreArgs};
pub use record::{AssessedArgs, CompletionsArgs, DeleteArgs, ExportArgs, HarmArgs, ManArgs};
pub use screen::{
    ClassifyArgs, MeasureCommand, MeasureScoreArgs, MeasureTakeArgs, ScreenArgs, SetupArgs, SymptomsCommand,
};
pub use session::{LogArgs, PlanArgs, ProgramArgs, ProgressArgs, SessionArgs};

/// A home-exercise coach for sciatica: a safety screen, a short programme for the cause of your
/// sciatica, guided twice-daily sessions and your progress.
///
/// This is not a diagnosis and not medical advice. See a clinician before you start.
#[derive(Debug, Parser)]
#[command(name = "sciatica", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = examples::TOP)]
pub struct Cli {
    /// The database: a file path, sqlite://PATH or postgres://USER:PASSWORD@HOST/DB. Default: a
    /// file in your data folder.
    #[arg(long, global = true, env = "SCIATICA_DB", value_name = "PATH")]
    pub db: Option<String>,

    /// Use the clinical content in DIR instead of the built-in content (see `content export`).
    #[arg(long, global = true, env = "SCIATICA_CONTENT", value_name = "DIR")]
    pub content: Option<PathBuf>,

    /// Output for people (`human`) or one JSON document for scripts (`json`).
    #[arg(long, global = true, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text (colour on a terminal unless NO_COLOR is set).
    Human,
    /// One JSON document on standard output.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Answer the safety questions (red flags, your diagnosis) and see what to do.
    #[command(after_help = screen::EXAMPLES_SHORT)]
    Screen(ScreenArgs),

    /// Show the exercise programme for a cause and phase, or your own programme.
    #[command(after_help = "Examples:
  sciatica plan                                     your programme today
  sciatica plan --cause spinal_stenosis --phase 1 --format json

Causes: disc_herniation, spinal_stenosis, degenerative_disc, isthmic_spondylolisthesis,
piriformis, si_joint, undiagnosed.")]
    Plan(PlanArgs),

    /// Score an outcome questionnaire, or take one and save it.
    #[command(subcommand, after_help = examples::MEASURE)]
    Measure(MeasureCommand),

    /// Work with the nerve-route symptom model.
    #[command(subcommand, after_help = examples::SYMPTOMS)]
    Symptoms(SymptomsCommand),

    /// Set your time zone, session times and name.
    #[command(after_help = "Examples:
  sciatica setup                                    ask, with your computer's time zone as default
  sciatica setup --time-zone Europe/London --morning 07:30 --evening 19:00 --name Sam")]
    Setup(SetupArgs),

    /// Today's morning and evening sessions and what is done.
    #[command(after_help = examples::TODAY)]
    Today,

    /// A guided session: one exercise at a time, with steps, timers and symptom checks.
    #[command(after_help = examples::SESSION)]
    Session(SessionArgs),

    /// Record a session without the guide (the same data as `session`).
    #[command(after_help = "Examples:
  sciatica log --leg-pain-before 6 --leg-pain-after 4 --left-before 4 --left-after 3 --all
  sciatica log --slot evening --done prone-lying --done walking-program --response prone-lying=moved_up
  sciatica log --later-left 2          a later check of how far down the leg symptoms reach

Levels (how far down the leg symptoms reach): 0 none, 1 low back, 2 buttock, 3 thigh, 4 calf,
5 foot, 6 toes. Pain: 0 (none) to 10 (worst imaginable).")]
    Log(LogArgs),

    /// Your progress: pain, how far down the leg it reaches, sessions done, questionnaire scores.
    #[command(after_help = examples::PROGRESS)]
    Progress(ProgressArgs),

    /// Show your programme, choose a trial, or move to another phase.
    #[command(after_help = examples::PROGRAM)]
    Program(ProgramArgs),

    /// Say that something went wrong after a session, and see what to do.
    #[command(after_help = "Examples:
  sciatica harm                                     ask what happened and how bad it is
  sciatica harm --kind pain_worse --severity mild --details \"a twinge in the calf\"
  sciatica harm --kind weakness --severity moderate --format json

Kinds: bladder_bowel (new trouble peeing or holding in pee or poo, or numbness between your legs),
other_leg (symptoms in your other leg too), weakness, numbness (a new or bigger numb patch),
pain_worse, fall_injury, other. Severities: mild, moderate, severe.
The report is kept with your latest session (or --session ID) and alerts your clinician.
Exit code 2 means an answer was not valid; the message names it.")]
    Harm(HarmArgs),

    /// Record that a clinician has assessed you (lifts an urgent result and open alerts).
    #[command(after_help = examples::ASSESSED)]
    Assessed(AssessedArgs),

    /// Write all your data as JSON.
    #[command(after_help = examples::EXPORT)]
    Export(ExportArgs),

    /// Erase your profile and everything recorded in this database.
    #[command(after_help = examples::DELETE)]
    Delete(DeleteArgs),

    /// Make a database with a few weeks of made-up data to try everything.
    #[command(after_help = examples::DEMO)]
    Demo(DemoArgs),

    /// Run the web application.
    #[command(after_help = "Examples:
  sciatica serve                                  on http://127.0.0.1:8080
  sciatica serve --listen 0.0.0.0:8080 --base-url https://sciatica.example.org
  sciatica serve --emergency-number 999 --clinic-name \"Riverside Physio\" --clinic-phone \"+44 20 7946 0000\"

Put it behind a TLS-terminating reverse proxy for anything but your own computer: sign-in
cookies are Secure, and browsers only send them over HTTPS (or to localhost).")]
    Serve(ServeArgs),

    /// Copy the whole database to a file, safely while the server runs.
    #[command(after_help = examples::BACKUP)]
    Backup(BackupArgs),

    /// Put a backup in place of the database (stop the server first).
    #[command(after_help = examples::RESTORE)]
    Restore(RestoreArgs),

    /// Bring the database up to this version's schema, and say what that applied.
    #[command(after_help = examples::MIGRATE)]
    Migrate,

    /// Copy a whole database into another, e.g. from SQLite to PostgreSQL, and check the copy.
    #[command(after_help = examples::COPY)]
    Copy(CopyArgs),

    /// Manage accounts of the web application: invitations, users, reset links, open sign-up.
    #[command(subcommand, after_help = examples::ADMIN)]
    Admin(AdminCommand),

    /// Check or export clinical content (for clinics adapting it).
    #[command(subcommand, after_help = examples::CONTENT)]
    Content(ContentCommand),

    /// Print a completion script for your shell (bash, zsh, fish, elvish or powershell).
    #[command(after_help = examples::COMPLETIONS)]
    Completions(CompletionsArgs),

    /// Print the manual page, or write one for every command to a folder.
    #[command(after_help = examples::MAN)]
    Man(ManArgs),
}

/// The whole command line with the help that is built from the content: the screening keys and
/// their allowed values under `screen --help`.
pub fn command() -> clap::Command {
    Cli::command().mut_subcommand("screen", |s| s.after_long_help(screen::keys_help()))
}
