//! The command line: every command, option and its help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A home-exercise coach for sciatica: a safety screen, a short programme for the cause of your
/// sciatica, guided twice-daily sessions and your progress.
///
/// This is not a diagnosis and not medical advice. See a clinician before you start.
#[derive(Debug, Parser)]
#[command(name = "sciatica", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Start here:
  sciatica screen            answer the safety questions (a few minutes)
  sciatica setup             your time zone and session times
  sciatica today             what is planned today
  sciatica session           a guided session, one exercise at a time
  sciatica progress          your pain, how far down the leg it reaches, and sessions done

Try it with made-up data:  sciatica demo")]
pub struct Cli {
    /// The database: a file path or sqlite://PATH. Default: a file in your data folder.
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
    #[command(after_help = "Examples:
  sciatica screen                                   ask the questions here and save the result
  sciatica screen --answers answers.json --format json
  cat answers.json | sciatica screen --answers -

The answers file is one JSON object with every key (age, diagnosis, cleared_to_exercise, bladder,
bowel, saddle, sexual, bilateral, weakness, fever, unwell, infection_risk, cancer, weight_loss,
night_pain, thoracic, back_pain_worsening, trauma, bone_risk, sudden_severe_central_pain, abdominal,
inflammatory, vascular, first_episode, pregnant, recent_spinal_surgery, new_numbness).
Exit code 2 means the answers were not valid; the message names the key.")]
    Screen(ScreenArgs),

    /// Show the exercise programme for a cause and phase, or your own programme.
    #[command(after_help = "Examples:
  sciatica plan                                     your programme today
  sciatica plan --cause spinal_stenosis --phase 1 --format json

Causes: disc_herniation, spinal_stenosis, degenerative_disc, isthmic_spondylolisthesis,
piriformis, si_joint, undiagnosed.")]
    Plan(PlanArgs),

    /// Score an outcome questionnaire, or take one and save it.
    #[command(subcommand)]
    Measure(MeasureCommand),

    /// Work with the nerve-route symptom model.
    #[command(subcommand)]
    Symptoms(SymptomsCommand),

    /// Set your time zone, session times and name.
    #[command(after_help = "Examples:
  sciatica setup                                    ask, with your computer's time zone as default
  sciatica setup --time-zone Europe/London --morning 07:30 --evening 19:00 --name Sam")]
    Setup(SetupArgs),

    /// Today's morning and evening sessions and what is done.
    Today,

    /// A guided session: one exercise at a time, with steps, timers and symptom checks.
    #[command(
        after_help = "Type `stop` at any question to stop an exercise that hurts or sends symptoms down your leg.
Press Ctrl-C to pause: what you entered is kept, and `sciatica session` carries on from there."
    )]
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
    Progress(ProgressArgs),

    /// Show your programme, choose a trial, or move to another phase.
    Program(ProgramArgs),

    /// Record that a clinician has assessed you (lifts an urgent result and open alerts).
    Assessed(AssessedArgs),

    /// Write all your data as JSON.
    Export(ExportArgs),

    /// Erase your profile and everything recorded in this database.
    Delete(DeleteArgs),

    /// Make a database with a few weeks of made-up data to try everything.
    Demo(DemoArgs),

    /// Run the web application.
    #[command(after_help = "Examples:
  sciatica serve                                  on http://127.0.0.1:8080
  sciatica serve --listen 0.0.0.0:8080 --base-url https://sciatica.example.org

Put it behind a TLS-terminating reverse proxy for anything but your own computer: sign-in
cookies are Secure, and browsers only send them over HTTPS (or to localhost).")]
    Serve(ServeArgs),

    /// Manage accounts of the web application: invitations, users, reset links, open sign-up.
    #[command(subcommand)]
    Admin(AdminCommand),

    /// Check or export clinical content (for clinics adapting it).
    #[command(subcommand)]
    Content(ContentCommand),
}

/// `screen` options.
#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// A JSON answers file, or `-` for standard input. Without it the questions are asked here.
    #[arg(long, value_name = "FILE|-")]
    pub answers: Option<String>,
    /// Also save the result of an answers file to your record.
    #[arg(long)]
    pub save: bool,
    /// With --save: a clinician has assessed you since an urgent result (what they said).
    #[arg(long, value_name = "NOTE", requires = "save")]
    pub assessed: Option<String>,
}

/// `plan` options.
#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The cause (a clinician-confirmed diagnosis, or `undiagnosed`).
    #[arg(long, value_name = "CAUSE")]
    pub cause: Option<String>,
    /// The phase: 1 relief, 2 recovery, 3 maintenance.
    #[arg(long, value_name = "N")]
    pub phase: Option<u8>,
}

/// `measure` commands.
#[derive(Debug, Subcommand)]
pub enum MeasureCommand {
    /// Score answers given on the command line (nothing is saved).
    #[command(after_help = "Examples:
  sciatica measure score odi --answers 3,2,3,2,4,3,1,0,2,3 --format json
  sciatica measure score odi --answers 3,2,3,2,4,3,1,,2,3        (an empty answer = skipped)
  sciatica measure score nrs --answers 4 --baseline 7             (with the change from a baseline)

Measures and answer codes: odi (10 sections 0-5), rmdq (24 items 0/1), sbi and sfi (4 items 0-6),
nrs (one item 0-10), startback (items 1-8: 0 disagree / 1 agree; item 9: 0-4).")]
    Score(MeasureScoreArgs),
    /// Answer a questionnaire here and save the result.
    Take(MeasureTakeArgs),
}

/// `measure score` options.
#[derive(Debug, Args)]
pub struct MeasureScoreArgs {
    /// The measure: odi, rmdq, sbi, sfi, nrs or startback.
    pub measure: String,
    /// Answer codes, comma-separated; leave one empty to skip that item.
    #[arg(long, value_name = "A,B,C,...", allow_hyphen_values = true)]
    pub answers: String,
    /// A baseline score, to show the change and whether it is an important one.
    #[arg(long, value_name = "SCORE")]
    pub baseline: Option<f64>,
}

/// `measure take` options.
#[derive(Debug, Args)]
pub struct MeasureTakeArgs {
    /// The measure: odi, rmdq, sbi, sfi, nrs or startback.
    pub measure: String,
    /// Give the answers here instead of being asked.
    #[arg(long, value_name = "A,B,C,...")]
    pub answers: Option<String>,
}

/// `symptoms` commands.
#[derive(Debug, Subcommand)]
pub enum SymptomsCommand {
    /// Classify one leg's response to a session from how far down the leg symptoms reached.
    #[command(after_help = "Levels: 0 none, 1 low back, 2 buttock, 3 thigh, 4 calf, 5 foot, 6 toes.

Example:
  sciatica symptoms classify --pre 4 --post 2 --late 2 --format json")]
    Classify(ClassifyArgs),
}

/// `symptoms classify` options.
#[derive(Debug, Args)]
pub struct ClassifyArgs {
    /// Level before the session (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub pre: i64,
    /// Level right after (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub post: i64,
    /// Level at the next check (0-6); without it the class is provisional.
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub late: Option<i64>,
}

/// `setup` options.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// Your IANA time zone, e.g. Europe/London.
    #[arg(long, value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Morning session time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub morning: Option<String>,
    /// Evening session time, HH:MM.
    #[arg(long, value_name = "HH:MM")]
    pub evening: Option<String>,
    /// What to call you (optional).
    #[arg(long)]
    pub name: Option<String>,
}

/// `session` options.
#[derive(Debug, Args)]
pub struct SessionArgs {
    /// Do not wait for timers: count holds yourself and press Enter.
    #[arg(long)]
    pub no_timers: bool,
    /// Start a new session even if one was left unfinished (the unfinished one is discarded).
    #[arg(long)]
    pub restart: bool,
}

/// `log` options.
#[derive(Debug, Args)]
pub struct LogArgs {
    /// morning, evening or extra (default: from the time of day).
    #[arg(long)]
    pub slot: Option<String>,
    /// Leg pain before (0-10).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub leg_pain_before: Option<i64>,
    /// Leg pain after (0-10).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub leg_pain_after: Option<i64>,
    /// Back pain before (0-10).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub back_pain_before: Option<i64>,
    /// Back pain after (0-10).
    #[arg(long, value_name = "N", allow_hyphen_values = true)]
    pub back_pain_after: Option<i64>,
    /// Left leg: how far down symptoms reached before (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub left_before: Option<i64>,
    /// Left leg after (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub left_after: Option<i64>,
    /// Right leg before (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub right_before: Option<i64>,
    /// Right leg after (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub right_after: Option<i64>,
    /// An exercise of your programme done as planned (repeat for each).
    #[arg(long, value_name = "ID")]
    pub done: Vec<String>,
    /// Every exercise of today's programme done as planned.
    #[arg(long)]
    pub all: bool,
    /// What an exercise did: ID=moved_up, ID=no_change or ID=moved_down (repeat for each).
    #[arg(long, value_name = "ID=RESPONSE")]
    pub response: Vec<String>,
    /// Minutes you could walk before leg symptoms started.
    #[arg(long, value_name = "MIN", allow_hyphen_values = true)]
    pub walking_minutes: Option<i64>,
    /// Minutes you could sit.
    #[arg(long, value_name = "MIN", allow_hyphen_values = true)]
    pub sitting_minutes: Option<i64>,
    /// The pain is more than you can cope with.
    #[arg(long)]
    pub cannot_cope: bool,
    /// You stopped the session because of pain or symptoms spreading.
    #[arg(long)]
    pub stopped: bool,
    /// A note (up to 2000 characters).
    #[arg(long)]
    pub notes: Option<String>,
    /// A later check of the left leg for your last session (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub later_left: Option<i64>,
    /// A later check of the right leg for your last session (0-6).
    #[arg(long, value_name = "L", allow_hyphen_values = true)]
    pub later_right: Option<i64>,
}

/// `progress` options.
#[derive(Debug, Args)]
pub struct ProgressArgs {
    /// How many days to show.
    #[arg(long, default_value_t = 28, value_name = "N")]
    pub days: u32,
}

/// `program` options.
#[derive(Debug, Args)]
pub struct ProgramArgs {
    /// Move to this phase (1-3), e.g. when the next phase is proposed.
    #[arg(long, value_name = "N")]
    pub phase: Option<u8>,
    /// Start a symptom-response trial of this exercise (offered for some programmes).
    #[arg(long, value_name = "ID")]
    pub trial: Vec<String>,
    /// End a trial.
    #[arg(long, value_name = "ID")]
    pub end_trial: Vec<String>,
}

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

/// `serve` options.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "SCIATICA_LISTEN", default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// The address people use to reach it (for links), e.g. https://sciatica.example.org.
    #[arg(long, env = "SCIATICA_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
}

/// `admin` commands.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make an invitation link for a patient, clinician or administrator.
    Invite(AdminInviteArgs),
    /// Create an account directly; prints a link to set its password (or reads it from stdin).
    CreateUser(AdminCreateUserArgs),
    /// Make a password-reset link for an account.
    ResetLink(AdminEmailArgs),
    /// List the accounts.
    Users,
    /// Fold every patient's record again from their history and store it (after an upgrade, or
    /// to check the kept records: it says how many differed).
    RebuildRecords,
    /// Allow or stop open sign-up for self-managers.
    OpenSignup(AdminSignupArgs),
}

/// `admin invite` options.
#[derive(Debug, Args)]
pub struct AdminInviteArgs {
    /// patient, clinician or admin.
    #[arg(long, default_value = "patient")]
    pub role: String,
    /// Make the link work only for this email.
    #[arg(long)]
    pub email: Option<String>,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// `admin create-user` options.
#[derive(Debug, Args)]
pub struct AdminCreateUserArgs {
    /// The email address.
    #[arg(long)]
    pub email: String,
    /// patient, clinician or admin.
    #[arg(long, default_value = "patient")]
    pub role: String,
    /// For a patient: what to call them.
    #[arg(long)]
    pub name: Option<String>,
    /// For a patient: their IANA time zone.
    #[arg(long, default_value = "UTC")]
    pub time_zone: String,
    /// Read the password from standard input instead of printing a link to set it.
    #[arg(long)]
    pub password_stdin: bool,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// An account by email.
#[derive(Debug, Args)]
pub struct AdminEmailArgs {
    /// The email address.
    #[arg(long)]
    pub email: String,
    /// The address people use to reach the server (for the link).
    #[arg(long, env = "SCIATICA_BASE_URL", default_value = "http://127.0.0.1:8080", value_name = "URL")]
    pub base_url: String,
}

/// `admin open-signup` options.
#[derive(Debug, Args)]
pub struct AdminSignupArgs {
    /// on or off.
    pub state: String,
}

/// `demo` options.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Then serve the web application on the demo database, with demo accounts.
    #[arg(long)]
    pub serve: bool,
    /// With --serve: address to listen on.
    #[arg(long, env = "SCIATICA_LISTEN", default_value = "127.0.0.1:8080", value_name = "ADDR")]
    pub listen: std::net::SocketAddr,
    /// Replace the demo database if it exists.
    #[arg(long)]
    pub force: bool,
    /// Days of made-up history.
    #[arg(long, default_value_t = 24, value_name = "N")]
    pub days: u32,
    /// Patients with that history (with --serve, each has an account: patient2@demo.invalid …).
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub patients: u32,
}

/// `content` commands.
#[derive(Debug, Subcommand)]
pub enum ContentCommand {
    /// Check a content directory: sources, references, contraindications, ids and dosages.
    Check(ContentDirArgs),
    /// Write the built-in content to a directory, to start adapting it.
    Export(ContentDirArgs),
}

/// A content directory.
#[derive(Debug, Args)]
pub struct ContentDirArgs {
    /// The directory.
    pub dir: PathBuf,
}
