//! One exercise of the session player as the page shows it: the exercise, its dose for the
//! script, and the player's wording from the content.

use sciatica_core::Content;
use sciatica_core::content::exercise::{Dosage, Exercise};
use sciatica_core::content::text::{BrowserPlayerText, PlayerText, fill};
use sciatica_core::guided::Draft;
use sciatica_store::person::{Person, Today};

/// An exercise on the player's page.
pub(super) struct ExerciseView {
    pub index: usize,
    pub fig_h: u32,
    pub number: usize,
    pub of: usize,
    pub id: String,
    pub name: String,
    pub start: String,
    /// Where an activity timed in minutes is done, said instead of its start position.
    pub where_to_be: Option<String>,
    /// The player's first line for an activity timed in minutes: where to be.
    pub ready: String,
    /// The player's wording for the script, as JSON (`player_words`).
    pub words: String,
    /// What the figure shows while it moves, for people who cannot see it.
    pub figure: String,
    /// The question after the exercise.
    pub response: String,
    pub steps: Vec<String>,
    pub cues: Vec<String>,
    pub mistakes: Vec<String>,
    pub stop_when: Vec<String>,
    pub dose: String,
    pub sets: u32,
    pub reps: u32,
    pub hold: u32,
    pub minutes: u32,
    pub sides: u32,
    pub easier: Option<String>,
}

/// Exercise `i` of the session's plan, or `None` when the content no longer has it.
pub(super) fn view(c: &Content, person: &Person, d: &Draft, i: usize) -> Option<ExerciseView> {
    let (id, dose) = &d.plan[i];
    let ex = c.exercise(id)?;
    // Why this exercise is in its easier version, as today's plan says.
    let easier = match person.today_plan(c) {
        Ok((Today::Plan(plan), _)) => {
            plan.exercises.iter().find(|e| &e.id == id).and_then(|e| crate::words::easier(c, e))
        }
        _ => None,
    };
    let words = &c.texts.session;
    Some(ExerciseView {
        index: i,
        fig_h: super::super::program::figure_height(ex),
        number: i + 1,
        of: d.plan.len(),
        id: id.clone(),
        name: ex.plain_name.clone(),
        start: ex.start_position.clone(),
        where_to_be: dose.minutes.map(|_| words.player.where_to_be(&ex.position)),
        ready: player_ready(c, ex, dose),
        words: player_words(c),
        figure: fill(&words.player.figure_moving, &[("name", &ex.plain_name)]),
        response: fill(&words.response_question, &[("name", &ex.plain_name.to_lowercase())]),
        steps: ex.steps.clone(),
        cues: ex.form_cues.clone(),
        mistakes: ex.common_mistakes.clone(),
        stop_when: ex.stop_when.clone(),
        dose: crate::words::dose(dose),
        sets: dose.sets,
        reps: dose.reps,
        hold: dose.hold_seconds.unwrap_or(0),
        minutes: dose.minutes.unwrap_or(0),
        sides: if dose.per_side { 2 } else { 1 },
        easier,
    })
}

/// The player's first line for an activity timed in minutes ("Where to be: … Tap Start as you
/// set off."); empty otherwise (the script then says what to tap).
fn player_ready(c: &Content, ex: &Exercise, dose: &Dosage) -> String {
    if dose.minutes.is_none() {
        return String::new();
    }
    let w = &c.texts.session;
    format!("{} {}", w.player.where_to_be(&ex.position), w.browser.ready_timed)
}

/// The player's wording, for the script to read from the page. It travels in a data attribute:
/// nothing inline runs, so the security policy stays without inline script, and a clinic's own
/// wording reaches the player as it reaches every other screen.
fn player_words(c: &Content) -> String {
    #[derive(serde::Serialize)]
    struct Words<'a> {
        #[serde(flatten)]
        player: &'a PlayerText,
        #[serde(flatten)]
        browser: &'a BrowserPlayerText,
    }
    let w = &c.texts.session;
    serde_json::to_string(&Words { player: &w.player, browser: &w.browser }).unwrap_or_default()
}
