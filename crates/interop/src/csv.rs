//! CSV export of a person's records.
//!
//! RFC 4180: a header row, CRLF after every record, and a field quoted (with inner quotes doubled)
//! when it holds a comma, a quote or a line break. People open these files in spreadsheets, so a
//! field that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return, or their full-width forms) gets a leading apostrophe; the numbers written here
//! are never negative, so no number is changed by it. Instants are RFC 3339 in UTC, local dates
//! `YYYY-MM-DD`, flags `true`/`false`, an empty field means "not recorded". Column names are the
//! stored field names, so the files read the same in every language.

use jiff::Timestamp;
use sciatica_core::history::view::SessionView;
use sciatica_core::measures::Answer;
use sciatica_core::{Level, MeasureId, Response};
use std::fmt::Display;

/// Put before a file meant for spreadsheets: Excel reads a CSV file as UTF-8 only when it starts
/// with a byte-order mark.
pub const UTF8_BOM: &str = "\u{FEFF}";

/// One answered questionnaire.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasureRow {
    /// Response id.
    pub id: String,
    /// The questionnaire.
    pub measure: MeasureId,
    /// Instrument version.
    pub instrument_version: String,
    /// Scoring version.
    pub scoring_version: String,
    /// When it was answered.
    pub taken_at: Timestamp,
    /// The answer codes in item order (`None` = skipped); written as one field, comma-separated.
    pub answers: Vec<Answer>,
    /// The score, when the questionnaire was complete enough.
    pub score: Option<f64>,
    /// The band, for a measure with bands.
    pub band: Option<String>,
}

const SESSION_HEADER: &[&str] = &[
    "id",
    "program_id",
    "local_date",
    "slot",
    "started_at",
    "ended_at",
    "leg_pain_before",
    "leg_pain_after",
    "back_pain_before",
    "back_pain_after",
    "left_before",
    "left_after",
    "left_later",
    "right_before",
    "right_after",
    "right_later",
    "symptom_class",
    "walking_minutes",
    "sitting_minutes",
    "cannot_cope",
    "stopped",
    "regression_applied",
    "notes",
];

const EXERCISE_HEADER: &[&str] = &[
    "session_id",
    "position",
    "exercise_id",
    "sets_done",
    "reps_done",
    "hold_seconds",
    "seconds_done",
    "completed",
    "response",
];

const MEASURE_HEADER: &[&str] =
    &["id", "measure", "instrument_version", "scoring_version", "taken_at", "answers", "score", "band"];

/// The sessions table: one row per session. The `symptom_class` column is the session's class
/// (the worse of the two legs, REFERENCE §5.3), empty when it cannot be told.
pub fn sessions_csv(sessions: &[SessionView]) -> String {
    table(SESSION_HEADER, sessions, |r| {
        vec![
            r.id.clone(),
            opt(r.program_id.as_ref()),
            r.local_date.to_string(),
            r.slot.to_string(),
            r.started_at.to_string(),
            r.ended_at.to_string(),
            opt(r.leg_pain_before),
            opt(r.leg_pain_after),
            opt(r.back_pain_before),
            opt(r.back_pain_after),
            level(r.left.before),
            level(r.left.after),
            level(r.left.later),
            level(r.right.before),
            level(r.right.after),
            level(r.right.later),
            opt(r.class),
            opt(r.walking_minutes),
            opt(r.sitting_minutes),
            r.cannot_cope.to_string(),
            r.stopped.to_string(),
            r.regression_applied.to_string(),
            opt(r.notes.as_ref()),
        ]
    })
}

/// The exercises-per-session table: one row per exercise done, joined to [`sessions_csv`] by
/// `session_id`.
/// `position` counts from 1.
pub fn session_exercises_csv(sessions: &[SessionView]) -> String {
    let rows: Vec<(&str, usize, &sciatica_core::history::ExerciseDone)> = sessions
        .iter()
        .flat_map(|s| s.exercises.iter().enumerate().map(move |(i, e)| (s.id.as_str(), i + 1, e)))
        .collect();
    table(EXERCISE_HEADER, &rows, |(session_id, position, e)| {
        vec![
            (*session_id).to_owned(),
            position.to_string(),
            e.id.clone(),
            e.sets_done.to_string(),
            e.reps_done.to_string(),
            opt(e.hold_seconds),
            opt(e.seconds_done),
            e.completed.to_string(),
            opt(e.response.map(Response::as_str)),
        ]
    })
}

/// The questionnaires table: one row per answered questionnaire.
pub fn measures_csv(rows: &[MeasureRow]) -> String {
    table(MEASURE_HEADER, rows, |r| {
        let answers: Vec<String> = r.answers.iter().map(|a| opt(*a)).collect();
        vec![
            r.id.clone(),
            r.measure.to_string(),
            r.instrument_version.clone(),
            r.scoring_version.clone(),
            r.taken_at.to_string(),
            answers.join(","),
            opt(r.score.filter(|s| s.is_finite())),
            opt(r.band.as_ref()),
        ]
    })
}

fn opt<T: Display>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn level(value: Option<Level>) -> String {
    opt(value.map(Level::get))
}

fn table<T>(header: &[&str], rows: &[T], cells: impl Fn(&T) -> Vec<String>) -> String {
    let mut out = String::new();
    record(&mut out, header.iter().copied());
    for row in rows {
        let cells = cells(row);
        debug_assert_eq!(cells.len(), header.len());
        record(&mut out, cells.iter().map(String::as_str));
    }
    out
}

fn record<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, value) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, value);
    }
    out.push_str("\r\n");
}

/// Characters that make a spreadsheet read a cell as a formula when they start it.
const FORMULA_START: &[char] =
    &['=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// Writes one field: guarded against formulas, quoted when needed.
fn field(out: &mut String, value: &str) {
    let guard = value.starts_with(FORMULA_START);
    if guard || value.contains([',', '"', '\r', '\n']) {
        out.push('"');
        if guard {
            out.push('\'');
        }
        out.push_str(&value.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sciatica_core::history::{ExerciseDone, Session, SideLevels};
    use sciatica_core::{Pain, Slot};

    fn cell(value: &str) -> String {
        let mut out = String::new();
        field(&mut out, value);
        out
    }

    fn session() -> Session {
        let mut s = Session::new(
            "s1".into(),
            Slot::Morning,
            "2026-03-29".parse().unwrap(),
            "2026-03-29T06:31:00Z".parse().unwrap(),
        );
        s.program_id = Some("p1".into());
        s.ended_at = "2026-03-29T06:52:30Z".parse().unwrap();
        s.leg_pain_before = Some(Pain::new(6).unwrap());
        s.leg_pain_after = Some(Pain::new(4).unwrap());
        s.back_pain_before = Some(Pain::new(3).unwrap());
        s.left =
            SideLevels { pre: Some(Level::new(4).unwrap()), post: Some(Level::new(2).unwrap()), late: None };
        s.walking_minutes = Some(15);
        s.regression_applied = true;
        s.notes = Some("Felt \"tight\", then better.\nWalked after".into());
        s
    }

    #[test]
    fn fields_are_quoted_when_needed() {
        assert_eq!(cell("plain text"), "plain text");
        assert_eq!(cell("a,b"), "\"a,b\"");
        assert_eq!(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(cell("cr\r\nlf"), "\"cr\r\nlf\"");
        assert_eq!(cell(""), "");
        assert_eq!(cell("Übung 背中"), "Übung 背中");
    }

    #[test]
    fn formulas_are_defused() {
        assert_eq!(cell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
        assert_eq!(cell("+1"), "\"'+1\"");
        assert_eq!(cell("-2+3"), "\"'-2+3\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("\t=1"), "\"'\t=1\"");
        assert_eq!(cell("＝1+1"), "\"'＝1+1\"");
        assert_eq!(cell("a=b"), "a=b");
        assert_eq!(cell("1-2"), "1-2");
    }

    #[test]
    fn sessions_have_a_header_and_crlf_records() {
        let mut second = session();
        second.id = "s2".into();
        second.notes = Some("=cmd|' /C calc'!A0".into());
        second.slot = Slot::Evening;
        second.program_id = None;
        let csv = sessions_csv(&[SessionView::from(&session()), SessionView::from(&second)]);
        let expected = "id,program_id,local_date,slot,started_at,ended_at,leg_pain_before,leg_pain_after,\
back_pain_before,back_pain_after,left_before,left_after,left_later,right_before,right_after,right_later,\
symptom_class,walking_minutes,sitting_minutes,cannot_cope,stopped,regression_applied,notes\r\n\
s1,p1,2026-03-29,morning,2026-03-29T06:31:00Z,2026-03-29T06:52:30Z,6,4,3,,4,2,,,,,centralizing,15,,false,false,true,\
\"Felt \"\"tight\"\", then better.\nWalked after\"\r\n\
s2,,2026-03-29,evening,2026-03-29T06:31:00Z,2026-03-29T06:52:30Z,6,4,3,,4,2,,,,,centralizing,15,,false,false,true,\
\"'=cmd|' /C calc'!A0\"\r\n";
        assert_eq!(csv, expected);
        assert_eq!(sessions_csv(&[]), expected.split_once("\r\n").unwrap().0.to_owned() + "\r\n");
    }

    #[test]
    fn session_exercises_table() {
        let mut s = session();
        s.exercises = vec![
            ExerciseDone {
                id: "prone-press-up".into(),
                sets_done: 1,
                reps_done: 10,
                completed: true,
                response: Some(Response::MovedUp),
                ..ExerciseDone::default()
            },
            ExerciseDone { id: "-bad-slug".into(), hold_seconds: Some(30), ..ExerciseDone::default() },
            ExerciseDone { id: "walking-program".into(), seconds_done: Some(754), ..ExerciseDone::default() },
        ];
        let rows = [SessionView::from(&s)];
        assert_eq!(
            session_exercises_csv(&rows),
            "session_id,position,exercise_id,sets_done,reps_done,hold_seconds,seconds_done,completed,response\r\n\
             s1,1,prone-press-up,1,10,,,true,moved_up\r\n\
             s1,2,\"'-bad-slug\",0,0,30,,false,\r\n\
             s1,3,walking-program,0,0,,754,false,\r\n"
        );
    }

    #[test]
    fn measures_table_keeps_answers_in_one_field() {
        let rows = [
            MeasureRow {
                id: "m1".into(),
                measure: MeasureId::Odi,
                instrument_version: "2.1a".into(),
                scoring_version: "1".into(),
                taken_at: "2026-04-03T18:00:00Z".parse().unwrap(),
                answers: vec![Some(2), None, Some(3), Some(0)],
                score: Some(33.3),
                band: Some("moderate".into()),
            },
            MeasureRow {
                id: "m2".into(),
                measure: MeasureId::Nrs,
                instrument_version: "1".into(),
                scoring_version: "1".into(),
                taken_at: "2026-04-03T18:05:00Z".parse().unwrap(),
                answers: vec![None],
                score: None,
                band: None,
            },
        ];
        assert_eq!(
            measures_csv(&rows),
            "id,measure,instrument_version,scoring_version,taken_at,answers,score,band\r\n\
             m1,odi,2.1a,1,2026-04-03T18:00:00Z,\"2,,3,0\",33.3,moderate\r\n\
             m2,nrs,1,1,2026-04-03T18:05:00Z,,,\r\n"
        );
    }
}
