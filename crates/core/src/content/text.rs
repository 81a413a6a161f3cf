//! Safety and feedback wording shared by every screen (REFERENCE §2.1, §4.1, §5.3).

use crate::harm::{HarmKind, Severity};
use crate::ids::{Action, Urgency};
use crate::symptoms::SymptomClass;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod player;
pub use player::{BrowserPlayerText, PlayerText, TerminalPlayerText, fill};

/// Wording that is not attached to a single exercise, cause or rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    /// The safety notice shown on first use and in the README.
    pub safety_notice: String,
    /// What each urgency asks the person to do.
    pub urgency: BTreeMap<Urgency, UrgencyText>,
    /// What each programme action means for the person.
    pub action: BTreeMap<Action, String>,
    /// The universal stop rules, in plain words.
    pub stop_rules: Vec<StopRule>,
    /// Rules for every exercise, shown with each session.
    pub session_rules: Vec<String>,
    /// Feedback for each symptom-response class.
    pub symptom_class: BTreeMap<SymptomClass, ClassText>,
    /// Plain names of the nerve-route levels 0–6.
    pub levels: Vec<String>,
    /// Advice shown when a person says an exercise moved symptoms further down the leg.
    pub moved_down_advice: String,
    /// The wording of the calendar feed.
    pub calendar: CalendarText,
    /// The wording of a guided session, the same on every surface.
    pub session: SessionText,
    /// The sentence after a questionnaire is saved.
    pub measure_result: MeasureResultText,
    /// The wording of a harm report ("something went wrong" after a session).
    pub harm: HarmText,
}

/// The one sentence after a questionnaire is saved (`crate::measures::meaning`). Placeholders:
/// `{name}` (the measure's `result_name`), `{score}`, `{max}`, `{baseline}` (the first score),
/// `{points}` (the change, with its unit), `{mic}` (the minimal important change in words), and in
/// `incomplete` `{answered}`, `{items}` and `{needed}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MeasureResultText {
    /// Too few answers for a score.
    pub incomplete: String,
    /// The first score: the starting point.
    pub first: String,
    /// Better by at least the minimal important change.
    pub better_matters: String,
    /// Better, by less than the minimal important change.
    pub better: String,
    /// The same as the first score.
    pub same: String,
    /// Worse, by less than the minimal important change.
    pub worse: String,
    /// Worse by at least the minimal important change.
    pub worse_matters: String,
    /// A score of a measure that is not compared, without a band meaning.
    pub plain: String,
    /// The minimal important change in points and percent (`{points}`, `{percent}`).
    pub mic_both: String,
    /// The minimal important change in points (`{points}`).
    pub mic_points: String,
    /// The minimal important change in percent (`{percent}`).
    pub mic_percent: String,
    /// One point (`{n}`).
    pub one_point: String,
    /// Several points, or a fraction (`{n}`).
    pub points: String,
}

/// The wording of a harm report, the same on every surface. The advice itself is the harm
/// rule's (`screening/rules.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HarmText {
    /// The link after a session.
    pub link: String,
    /// The form's title.
    pub title: String,
    /// What the form is for, in one or two sentences.
    pub intro: String,
    /// The question about what happened.
    pub kind_question: String,
    /// Each kind's label.
    pub kinds: BTreeMap<HarmKind, String>,
    /// The question about how bad it is.
    pub severity_question: String,
    /// Each severity's label.
    pub severities: BTreeMap<Severity, String>,
    /// The label of the free text.
    pub details_label: String,
    /// The hint under it.
    pub details_hint: String,
    /// The button.
    pub submit: String,
    /// After saving: what happens to the report.
    pub saved: String,
}

/// The wording of a guided session (web player and terminal alike).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionText {
    /// The quick safety question before each session (REFERENCE §4.1: a short CES check at the
    /// start of every session, and new numbness or weakness, STOP-2 and STOP-3).
    pub safety_question: String,
    /// The hint under it.
    pub safety_hint: String,
    /// The relief advice when the cause's relief positions are the very exercise that caused the
    /// problem.
    pub relief_fallback: String,
    /// The question above the stop buttons during an exercise.
    pub stop_question: String,
    /// The question once the person has said stop (the terminal).
    pub stopped_question: String,
    /// Stop: symptoms spread further down the leg (STOP-1).
    pub stop_moved_down: String,
    /// Stop: too painful (STOP-6).
    pub stop_too_painful: String,
    /// Stop: dizzy, faint, chest pain or very out of breath (STOP-7).
    pub stop_unwell: String,
    /// Why an exercise is in its easier version: after "moved further down".
    pub easier_after_moved_down: String,
    /// Why an exercise is in its easier version: after a session stopped during it.
    pub easier_after_stopped: String,
    /// The heading of the advice after a stop in pain or because symptoms spread.
    pub stop_title: String,
    /// The heading of the advice after a stop because the person feels unwell (STOP-7).
    pub stop_now_title: String,
    /// The question after each exercise (`{name}`, the exercise's name in lower case).
    pub response_question: String,
    /// The hint under it.
    pub response_hint: String,
    /// Answer: the symptoms moved up toward the back.
    pub response_up: String,
    /// Answer: no change.
    pub response_same: String,
    /// Answer: the symptoms moved further down the leg.
    pub response_down: String,
    /// The player's counts, rounds and sides, the same on every surface.
    pub player: PlayerText,
    /// The player in the browser.
    pub browser: BrowserPlayerText,
    /// The player in the terminal.
    pub terminal: TerminalPlayerText,
}

/// The wording of the calendar feed. In `session_description`, `{programme}` and `{cause}` are
/// replaced; in `measure_summary` and `measure_description`, `{measure}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarText {
    /// The calendar's name in the person's calendar app.
    pub calendar_name: String,
    /// Title of the morning session event.
    pub morning_summary: String,
    /// Title of the evening session event.
    pub evening_summary: String,
    /// Body of a session event.
    pub session_description: String,
    /// What the reminder says.
    pub reminder: String,
    /// Title of a questionnaire event.
    pub measure_summary: String,
    /// Body of a questionnaire event.
    pub measure_description: String,
    /// The wording of a feed that shows times and neutral titles only (the default): nothing in
    /// it names the condition, the cause or the programme.
    pub private: PrivateCalendarText,
}

/// The wording of a feed that keeps the person's health private: the calendar's name, the
/// event bodies, the reminder and the questionnaire events, with no placeholders.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrivateCalendarText {
    /// The calendar's name.
    pub calendar_name: String,
    /// Body of a session event.
    pub session_description: String,
    /// What the reminder says.
    pub reminder: String,
    /// Title of a questionnaire event.
    pub measure_summary: String,
    /// Body of a questionnaire event.
    pub measure_description: String,
}

/// What an urgency asks of the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UrgencyText {
    /// Short title.
    pub title: String,
    /// What to do now, in plain words.
    pub what_to_do: String,
}

/// A universal stop rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopRule {
    /// `STOP-1` … `STOP-7`.
    pub code: String,
    /// When to stop, in plain words.
    pub when: String,
    /// What to do then, in plain words.
    pub then: String,
}

/// Feedback for a symptom-response class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassText {
    /// One-line title.
    pub title: String,
    /// What it means and what to do.
    pub advice: String,
}
