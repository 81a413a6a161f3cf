//! Small formatters the clinician's templates call: dates and times in the patient's time zone,
//! names of exercises, causes and measures from the content.

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use sciatica_core::responses::{ExerciseResponses, Tendency};
use sciatica_core::{Cause, Content, MeasureId, Pain, Response, Slot};

/// Formatters for one patient's pages.
pub struct Fmt {
    content: &'static Content,
    tz: TimeZone,
    name: Option<String>,
}

impl Fmt {
    /// For a patient in time zone `tz` called `name`.
    pub fn new(content: &'static Content, tz: TimeZone, name: Option<String>) -> Fmt {
        Fmt { content, tz, name }
    }

    /// The patient's name, or "Unnamed patient".
    pub fn name(&self) -> String {
        self.name.clone().unwrap_or_else(|| "Unnamed patient".to_owned())
    }

    /// "3 Mar 2026, 14:05" in the patient's time zone.
    pub fn when(&self, t: &Timestamp) -> String {
        t.to_zoned_datetime(self.tz.clone()).strftime("%-d %b %Y, %H:%M").to_string()
    }

    /// "Tue 3 Mar".
    pub fn day(&self, d: &Date) -> String {
        d.strftime("%a %-d %b").to_string()
    }

    /// "Tue 3 Mar 2026" (on paper, where the year matters).
    pub fn full_day(&self, d: &Date) -> String {
        d.strftime("%a %-d %b %Y").to_string()
    }

    /// The condition a rule is about ("Exercise not tolerated"), or "" when the content no longer
    /// has the rule.
    pub fn rule(&self, id: &str) -> String {
        self.content.rule(id).map_or_else(String::new, |r| r.condition.clone())
    }

    /// "morning", "evening" or "extra".
    pub fn slot(&self, s: &Slot) -> String {
        crate::words::slot(*s).to_lowercase()
    }

    /// A pain rating, or a dash.
    pub fn pain(&self, p: &Option<Pain>) -> String {
        p.map_or_else(|| "–".to_owned(), |p| p.get().to_string())
    }

    /// An exercise's name (its slug when the content no longer has it).
    pub fn exercise(&self, id: &str) -> String {
        self.content.exercise(id).map_or_else(|| id.to_owned(), |e| e.name.clone())
    }

    /// A cause's name.
    pub fn cause(&self, c: &Cause) -> String {
        self.content.cause(*c).name.clone()
    }

    /// A measure's name.
    pub fn measure(&self, m: &MeasureId) -> String {
        self.content.measure(*m).name.clone()
    }

    /// A measure's abbreviation, as clinicians know it ("ODI", "STarT Back").
    pub fn abbreviation(&self, m: &MeasureId) -> &'static str {
        abbreviation(*m)
    }

    /// A response's spelling, or "" when the exercise was not asked about.
    pub fn response(&self, r: &Option<Response>) -> &'static str {
        r.map_or("", Response::as_str)
    }

    /// What an exercise tends to do, as its spelling.
    pub fn tendency(&self, e: &ExerciseResponses) -> &'static str {
        match e.tendency() {
            Tendency::Peripheralises => "peripheralises",
            Tendency::Mixed => "mixed",
            Tendency::Centralises => "centralises",
            Tendency::NoChange => "no_change",
        }
    }
}

/// A measure's abbreviation, as clinicians know it ("ODI", "STarT Back").
pub fn abbreviation(m: MeasureId) -> &'static str {
    match m {
        MeasureId::Odi => "ODI",
        MeasureId::Rmdq => "RMDQ",
        MeasureId::Sbi => "SBI",
        MeasureId::Sfi => "SFI",
        MeasureId::Nrs => "NRS",
        MeasureId::Startback => "STarT Back",
        MeasureId::Psfs => "PSFS",
        MeasureId::Peg => "PEG",
        MeasureId::GlobalChange => "Global change",
    }
}
