//! Options of the safety screen, the outcome questionnaires, the symptom model and setup.

use clap::{Args, Subcommand};
use sciatica_core::triage::answers::KEYS;

/// The examples of `screen`.
const EXAMPLES: &str = "Examples:
  sciatica screen                                   ask the questions here and save the result
  sciatica screen --answers answers.json --format json
  cat answers.json | sciatica screen --answers -
  sciatica screen --answers answers.json --save     check a file and save the result";

/// `screen -h`: the examples and where the keys are listed.
pub const EXAMPLES_SHORT: &str = "Examples:
  sciatica screen                                   ask the questions here and save the result
  sciatica screen --answers answers.json --format json
  cat answers.json | sciatica screen --answers -
  sciatica screen --answers answers.json --save     check a file and save the result

`sciatica screen --help` lists every key of the answers file and its allowed values.";

/// `screen --help`: the examples, then every key of the answers file with its allowed values.
pub fn keys_help() -> String {
    const KEY_COLUMN: usize = 30;
    const WIDTH: usize = 98;
    let mut text = format!(
        "{EXAMPLES}\n\nThe answers file is one JSON object with every key below. A missing or unknown key, or a\n\
         value that is not allowed, is an error that names the key (exit code 2).\n"
    );
    for (key, kind) in KEYS {
        let mut line = format!("  {key:<width$}", width = KEY_COLUMN - 2);
        let mut room = WIDTH - KEY_COLUMN;
        for word in kind.allowed().split(' ') {
            if word.len() + 1 > room && room < WIDTH - KEY_COLUMN {
                line = line.trim_end().to_owned();
                line.push('\n');
                line.push_str(&" ".repeat(KEY_COLUMN));
                room = WIDTH - KEY_COLUMN;
            }
            line.push_str(word);
            line.push(' ');
            room = room.saturating_sub(word.len() + 1);
        }
        text.push('\n');
        text.push_str(line.trim_end());
    }
    text.push_str(
        "\n\nbladder, bowel, saddle and sexual mean new changes. diagnosis is \"undiagnosed\" until a\n\
         clinician has confirmed the cause; cleared_to_exercise means a clinician agreed you may start.\n\
         back_pain_worsening: new, severe or progressive back pain. recent_spinal_surgery: in the last\n\
         3 months. new_numbness: new or spreading numbness or pins and needles in one leg.",
    );
    text
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

/// `measure` commands.
#[derive(Debug, Subcommand)]
pub enum MeasureCommand {
    /// Score answers given on the command line (nothing is saved).
    #[command(after_help = "Examples:
  sciatica measure score odi --answers 3,2,3,2,4,3,1,0,2,3 --format json
  sciatica measure score odi --answers 3,2,3,2,4,3,1,,2,3        (an empty answer = skipped)
  sciatica measure score nrs --answers 4,2 --baseline 7           (leg 4, back 2; change from a baseline)
  sciatica measure score psfs --answers 3,5,4,, --format json      (three activities rated)

Measures and answer codes: odi (10 sections 0-5), rmdq (24 items 0/1), sbi and sfi (4 items 0-6),
nrs (leg pain then back pain 0-10; one rating alone also works), startback (items 1-8:
0 disagree / 1 agree; item 9: 0-4), psfs (up to 5 activities 0-10, higher is better), peg
(3 items 0-10), global_change (one item: 0 completely recovered to 6 very much worse).")]
    Score(MeasureScoreArgs),
    /// Answer a questionnaire here and save the result.
    #[command(after_help = super::examples::MEASURE_TAKE)]
    Take(MeasureTakeArgs),
}

/// `measure score` options.
#[derive(Debug, Args)]
pub struct MeasureScoreArgs {
    /// The measure: odi, rmdq, sbi, sfi, nrs, startback, psfs, peg or global_change.
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
    /// The measure: odi, rmdq, sbi, sfi, nrs, startback, psfs, peg or global_change.
    pub measure: String,
    /// Give the answers here instead of being asked.
    #[arg(long, value_name = "A,B,C,...")]
    pub answers: Option<String>,
    /// PSFS with --answers: the activities rated, comma-separated, one per rating.
    #[arg(long, value_name = "NAME,NAME,...", requires = "answers")]
    pub activities: Option<String>,
}

/// `symptoms` commands.
#[derive(Debug, Subcommand)]
pub enum SymptomsCommand {
    /// Classify one leg's response to a session from how far down the leg symptoms reached.
    #[command(after_help = "Examples:
  sciatica symptoms classify --pre 4 --post 2 --late 2 --format json
  sciatica symptoms classify --pre 3 --post 5       provisional: no later check yet

Levels: 0 none, 1 low back, 2 buttock, 3 thigh, 4 calf, 5 foot, 6 toes.")]
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
