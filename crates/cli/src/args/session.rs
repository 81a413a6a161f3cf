//! Options of the programme and the sessions: plan, session, log, progress and program.

use clap::Args;

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
