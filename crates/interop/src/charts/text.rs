//! The wording of the charts. English by default; a content file can replace any part of it.

use serde::{Deserialize, Serialize};

/// Every word the charts write, apart from the caller's titles and series names. In templates,
/// `{name}` is replaced by its value; the placeholders each template accepts are listed with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChartText {
    /// Heading of the first table column for daily data.
    pub day: String,
    /// Heading of the first table column for dated scores.
    pub date: String,
    /// A day without data, in tables.
    pub not_logged: String,
    /// And, between the last two parts of a list (with spaces).
    pub and: String,

    /// Daily values: the summary around the parts. `{from}`, `{to}`, `{parts}`.
    pub daily_summary: String,
    /// Daily values: nothing logged in the range. `{from}`, `{to}`.
    pub daily_nothing: String,
    /// A series that went down. `{name}`, `{start}`, `{end}`.
    pub daily_down: String,
    /// A series that went up. `{name}`, `{start}`, `{end}`.
    pub daily_up: String,
    /// A series that stayed the same. `{name}`, `{end}`.
    pub daily_same: String,
    /// A series with one day logged. `{name}`, `{end}`, `{date}`.
    pub daily_once: String,
    /// A series with nothing logged. `{name}`.
    pub daily_none: String,
    /// How to read the 0–10 scale, added to the description.
    pub daily_scale: String,

    /// Plain names of the levels 0 (none) to 6 (toes), the chart's axis labels.
    pub levels: Vec<String>,
    /// Levels: the column heading in the table.
    pub level_heading: String,
    /// Symptoms moved up toward the back. `{from}`, `{to}`, `{start}`, `{end}`.
    pub levels_up: String,
    /// Symptoms moved further down the leg. `{from}`, `{to}`, `{start}`, `{end}`.
    pub levels_down: String,
    /// Symptoms stayed at the same level. `{from}`, `{to}`, `{end}`.
    pub levels_same: String,
    /// Symptoms went away. `{from}`, `{to}`, `{start}`.
    pub levels_gone: String,
    /// Symptoms appeared. `{from}`, `{to}`, `{end}`.
    pub levels_new: String,
    /// No symptoms on any day. `{from}`, `{to}`.
    pub levels_clear: String,
    /// Only one day logged. `{date}`, `{end}`.
    pub levels_once: String,
    /// Nothing logged. `{from}`, `{to}`.
    pub levels_nothing: String,
    /// How to read the level chart, added to the description.
    pub levels_axis: String,

    /// Name of the morning slot.
    pub morning: String,
    /// Name of the evening slot.
    pub evening: String,
    /// One-letter names of Monday to Sunday, above the calendar's columns.
    pub weekdays: Vec<String>,
    /// A session done.
    pub done: String,
    /// A planned session not done.
    pub missed: String,
    /// No session planned.
    pub not_planned: String,
    /// A planned session later today or in the future.
    pub to_come: String,
    /// Calendar summary. `{done}`, `{planned}`, `{current}`, `{best}`.
    pub calendar_summary: String,
    /// Calendar summary when nothing was planned yet.
    pub calendar_nothing: String,
    /// A streak of one day.
    pub one_day: String,
    /// A streak of several days. `{n}`.
    pub many_days: String,

    /// The score series in the legend and the table.
    pub score: String,
    /// A questionnaire with too few answers to score.
    pub incomplete: String,
    /// The baseline in the legend. `{score}`.
    pub baseline: String,
    /// The baseline's row in the table.
    pub start: String,
    /// The line of a change that matters, lower is better. `{score}`.
    pub target_lower: String,
    /// The line of a change that matters, higher is better. `{score}`.
    pub target_higher: String,
    /// The table row of the line of a change that matters.
    pub target_heading: String,
    /// The table value of that line, lower is better. `{score}`.
    pub or_lower: String,
    /// The table value of that line, higher is better. `{score}`.
    pub or_higher: String,
    /// No score yet.
    pub measure_nothing: String,
    /// Only the first score. `{baseline}`.
    pub measure_first: String,
    /// Only the first score, with the line of a change that matters. `{baseline}`, `{target}`.
    pub measure_first_target: String,
    /// Change reaching the minimal important change. `{baseline}`, `{latest}`, `{date}`.
    pub measure_matters: String,
    /// Better, not yet by a change that matters. `{baseline}`, `{latest}`, `{date}`, `{target}`.
    pub measure_better_not_yet: String,
    /// Better (no minimal important change known). `{baseline}`, `{latest}`, `{date}`.
    pub measure_better: String,
    /// The same as at the start. `{baseline}`, `{latest}`, `{date}`.
    pub measure_same: String,
    /// Worse than at the start. `{baseline}`, `{latest}`, `{date}`.
    pub measure_worse: String,
    /// Added to the description: lower scores are better.
    pub lower_is_better: String,
    /// Added to the description: higher scores are better.
    pub higher_is_better: String,
}

impl Default for ChartText {
    fn default() -> Self {
        let s = str::to_owned;
        ChartText {
            day: s("Day"),
            date: s("Date"),
            not_logged: s("not logged"),
            and: s(" and "),
            daily_summary: s("From {from} to {to}, {parts}."),
            daily_nothing: s("Nothing was logged from {from} to {to}."),
            daily_down: s("{name} went down from about {start} to about {end}"),
            daily_up: s("{name} went up from about {start} to about {end}"),
            daily_same: s("{name} stayed at about {end}"),
            daily_once: s("{name} was {end} on {date}"),
            daily_none: s("{name} was not logged"),
            daily_scale: s("0 means no pain and 10 the worst pain you can imagine."),
            levels: ["No symptoms", "Low back", "Buttock", "Thigh", "Calf or shin", "Foot", "Toes"]
                .map(s)
                .to_vec(),
            level_heading: s("Furthest point"),
            levels_up: s(
                "From {from} to {to}, your symptoms moved up toward your back, from the {start} to the {end}.",
            ),
            levels_down: s(
                "From {from} to {to}, your symptoms moved further down your leg, from the {start} to the {end}.",
            ),
            levels_same: s("From {from} to {to}, your symptoms kept reaching the {end}."),
            levels_gone: s(
                "From {from} to {to}, your symptoms went away; at first they reached the {start}.",
            ),
            levels_new: s("From {from} to {to}, symptoms appeared and now reach the {end}."),
            levels_clear: s("From {from} to {to}, you had no symptoms."),
            levels_once: s("On {date}, your symptoms reached the {end}."),
            levels_nothing: s("Nothing was logged from {from} to {to}."),
            levels_axis: s(
                "The chart is drawn like the body: the higher the line, the less far down your leg the symptoms reach.",
            ),
            morning: s("Morning"),
            evening: s("Evening"),
            weekdays: ["M", "T", "W", "T", "F", "S", "S"].map(s).to_vec(),
            done: s("done"),
            missed: s("missed"),
            not_planned: s("not planned"),
            to_come: s("still to come"),
            calendar_summary: s(
                "You did {done} of the {planned} sessions planned so far; your current streak is {current} and your best streak is {best}.",
            ),
            calendar_nothing: s("No sessions were planned on these days yet."),
            one_day: s("1 day"),
            many_days: s("{n} days"),
            score: s("Your score"),
            incomplete: s("incomplete"),
            baseline: s("Start: {score}"),
            start: s("Start"),
            target_lower: s("A change that matters: {score} or lower"),
            target_higher: s("A change that matters: {score} or higher"),
            target_heading: s("A change that matters"),
            or_lower: s("{score} or lower"),
            or_higher: s("{score} or higher"),
            measure_nothing: s("There are no scores yet."),
            measure_first: s("Your first score is {baseline}."),
            measure_first_target: s(
                "Your first score is {baseline}; a change that matters would be {target}.",
            ),
            measure_matters: s(
                "Your score went from {baseline} at the start to {latest} on {date}: a change that matters.",
            ),
            measure_better_not_yet: s(
                "Your score went from {baseline} at the start to {latest} on {date}: better, but not yet a change that matters ({target}).",
            ),
            measure_better: s("Your score went from {baseline} at the start to {latest} on {date}: better."),
            measure_same: s("Your score on {date} was {latest}, the same as at the start."),
            measure_worse: s(
                "Your score went from {baseline} at the start to {latest} on {date}: worse than at the start.",
            ),
            lower_is_better: s("Lower scores are better."),
            higher_is_better: s("Higher scores are better."),
        }
    }
}

impl ChartText {
    /// The wording for someone reading about the person (their clinician, a printed report):
    /// "the symptoms", "the score", where the default speaks to the person ("your symptoms").
    pub fn about_the_person() -> ChartText {
        let s = str::to_owned;
        ChartText {
            levels_up: s(
                "From {from} to {to}, the symptoms moved up toward the back, from the {start} to the {end}.",
            ),
            levels_down: s(
                "From {from} to {to}, the symptoms moved further down the leg, from the {start} to the {end}.",
            ),
            levels_same: s("From {from} to {to}, the symptoms kept reaching the {end}."),
            levels_gone: s("From {from} to {to}, the symptoms went away; at first they reached the {start}."),
            levels_clear: s("From {from} to {to}, there were no symptoms."),
            levels_once: s("On {date}, the symptoms reached the {end}."),
            levels_axis: s(
                "The chart is drawn like the body: the higher the line, the less far down the leg the symptoms reach.",
            ),
            calendar_summary: s(
                "{done} of the {planned} sessions planned so far were done; the current streak is {current} and the best streak is {best}.",
            ),
            score: s("Score"),
            measure_first: s("The first score is {baseline}."),
            measure_first_target: s(
                "The first score is {baseline}; a change that matters would be {target}.",
            ),
            measure_matters: s(
                "The score went from {baseline} at the start to {latest} on {date}: a change that matters.",
            ),
            measure_better_not_yet: s(
                "The score went from {baseline} at the start to {latest} on {date}: better, but not yet a change that matters ({target}).",
            ),
            measure_better: s("The score went from {baseline} at the start to {latest} on {date}: better."),
            measure_same: s("The score on {date} was {latest}, the same as at the start."),
            measure_worse: s(
                "The score went from {baseline} at the start to {latest} on {date}: worse than at the start.",
            ),
            ..ChartText::default()
        }
    }

    /// The name of a level 0–6 (the last one for anything higher).
    pub fn level(&self, level: u8) -> String {
        let i = usize::from(level.min(6));
        let fallback = ChartText::default();
        self.levels.get(i).or_else(|| fallback.levels.get(i)).cloned().unwrap_or_default()
    }

    /// "1 day", "5 days".
    pub(crate) fn days(&self, n: u32) -> String {
        if n == 1 { self.one_day.clone() } else { super::fill(&self.many_days, &[("n", &n.to_string())]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_content_file_can_replace_part_of_it() {
        let t: ChartText = serde_json::from_str(r#"{"morning": "Matin"}"#).unwrap();
        assert_eq!(t.morning, "Matin");
        assert_eq!(t.evening, "Evening");
        assert!(serde_json::from_str::<ChartText>(r#"{"mornin": "x"}"#).is_err());
    }

    #[test]
    fn the_wording_about_the_person_never_speaks_to_them() {
        let t = serde_json::to_value(ChartText::about_the_person()).unwrap();
        for (key, value) in t.as_object().unwrap() {
            let text = value.to_string().to_lowercase();
            // The pain scale's own anchor ("the worst pain you can imagine") is the scale's wording.
            if key != "daily_scale" {
                assert!(!text.contains("your") && !text.contains("you "), "{key}: {text}");
            }
        }
        assert_eq!(ChartText::about_the_person().morning, ChartText::default().morning);
    }

    #[test]
    fn levels_have_names() {
        let t = ChartText { levels: vec![], ..ChartText::default() };
        assert_eq!(t.level(4), "Calf or shin");
        assert_eq!(ChartText::default().level(9), "Toes");
    }
}
