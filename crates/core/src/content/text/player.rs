//! The session player's wording: the counts, rounds and sides both surfaces share, and what each
//! surface asks the person to tap, press or type next.

use serde::{Deserialize, Serialize};

/// The player's wording shared by the browser and the terminal. Placeholders: `{n}` and `{of}`
/// (counts), `{minutes}`, `{position}` and `{name}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlayerText {
    /// "round {n} of {of}".
    pub round: String,
    /// The first side of an exercise done on each side.
    pub left_side: String,
    /// The second side.
    pub right_side: String,
    /// "Hold {n} of {of}".
    pub hold: String,
    /// The rest between two holds.
    pub relax: String,
    /// "{n} done of {of}": repetitions done.
    pub reps_done: String,
    /// "Keep going: {minutes} minutes": an activity timed in minutes.
    pub keep_going: String,
    /// Where an activity timed in minutes is done (`{position}`), instead of a start position.
    pub where_to_be: String,
    /// A paused countdown.
    pub paused: String,
    /// The figure's text while it moves (`{name}`).
    pub figure_moving: String,
    /// The figure's text during a hold.
    pub figure_held: String,
    /// The figure's text between holds and sides.
    pub figure_resting: String,
}

/// The player in the browser: buttons and what to tap next (`{where}`, `{count}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BrowserPlayerText {
    /// The button that starts a round.
    pub start: String,
    /// The same button while a countdown runs.
    pub pause: String,
    /// The same button while paused.
    pub carry_on: String,
    /// The rep counter's button.
    pub done_one: String,
    /// The button that saves the exercise as done.
    pub done_it: String,
    /// Before the first round of an exercise done in one go.
    pub ready: String,
    /// After `where_to_be`, for an activity timed in minutes.
    pub ready_timed: String,
    /// Before the first of several rounds or sides (`{where}`).
    pub first: String,
    /// Before each further round or side (`{where}`).
    pub next: String,
    /// While repetitions are counted (`{count}`).
    pub do_one: String,
    /// Once the whole dose is done.
    pub all_done: String,
}

/// The player in the terminal: what to press or type next (`{where}`, `{hold}`, `{seconds}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TerminalPlayerText {
    /// How to stop an exercise, said once before the first.
    pub stop_hint: String,
    /// Before the first round of an exercise done in one go.
    pub ready: String,
    /// After `where_to_be`, for an activity timed in minutes.
    pub ready_timed: String,
    /// Before each round or side (`{where}`).
    pub next: String,
    /// Before repetitions are counted, one Enter each.
    pub do_one: String,
    /// A hold counted by the person, without a live timer (`{hold}`, `{seconds}`).
    pub hold_yourself: String,
    /// The end of an activity timed by the person.
    pub timed_yourself: String,
    /// After a countdown's label when it has run out.
    pub done: String,
    /// Once the whole dose is done.
    pub all_done: String,
}

/// `template` with each `{key}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values.iter().fold(template.to_owned(), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
}

impl PlayerText {
    /// "round 2 of 3".
    pub fn round(&self, n: u32, of: u32) -> String {
        count(&self.round, n, of)
    }

    /// "Hold 2 of 10".
    pub fn hold(&self, n: u32, of: u32) -> String {
        count(&self.hold, n, of)
    }

    /// "2 done of 10".
    pub fn reps_done(&self, n: u32, of: u32) -> String {
        count(&self.reps_done, n, of)
    }

    /// "Keep going: 10 minutes".
    pub fn keep_going(&self, minutes: u32) -> String {
        fill(&self.keep_going, &[("minutes", &minutes.to_string())])
    }

    /// "Where to be: Walking upright on flat ground."
    pub fn where_to_be(&self, position: &str) -> String {
        fill(&self.where_to_be, &[("position", position)])
    }

    /// The side of an exercise done on each side (0 left, 1 right), or `None` for one done once.
    pub fn side(&self, per_side: bool, side: u32) -> Option<&str> {
        per_side.then_some(if side == 0 { self.left_side.as_str() } else { self.right_side.as_str() })
    }

    /// Where in the dose a round starts: "round 1 of 3, left side", "right side", or "" for an
    /// exercise done in one go (`set` counts from 1).
    pub fn place(&self, set: u32, sets: u32, side: Option<&str>) -> String {
        let round = (sets > 1).then(|| self.round(set, sets));
        round.into_iter().chain(side.map(str::to_owned)).collect::<Vec<_>>().join(", ")
    }
}

fn count(template: &str, n: u32, of: u32) -> String {
    fill(template, &[("n", &n.to_string()), ("of", &of.to_string())])
}

#[cfg(test)]
mod tests {
    use crate::Content;

    #[test]
    fn counts_read_as_what_is_done_with_rounds_and_sides_named() {
        let p = &Content::embedded().texts.session.player;
        assert_eq!(p.reps_done(2, 10), "2 done of 10");
        assert_eq!(p.hold(1, 10), "Hold 1 of 10");
        assert_eq!(p.place(1, 3, p.side(true, 0)), "round 1 of 3, left side");
        assert_eq!(p.place(1, 1, p.side(true, 1)), "right side");
        assert_eq!(p.place(1, 1, p.side(false, 0)), "");
        assert_eq!(p.where_to_be("On flat ground."), "Where to be: On flat ground.");
        assert_eq!(p.keep_going(10), "Keep going: 10 minutes");
    }
}
