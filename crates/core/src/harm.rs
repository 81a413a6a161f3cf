//! Harm a person reports after a session ("something went wrong"): what happened and how bad.
//! Each report maps to one harm rule (`H01`–`H09` in `content/screening/rules.toml`), whose
//! advice the person sees at once and whose alert their clinician gets. The rule's urgency and
//! action join the person's status like any other alert, so an emergency or same-day rule pauses
//! the programme until a clinician's assessment is recorded (DESIGN §5).

use crate::content::Content;
use crate::error::{FieldError, FieldErrors};
use crate::ids::{Action, UnknownId, Urgency, id_enum};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

id_enum! {
    /// What went wrong, in the words of the stop rules (REFERENCE §2.1).
    HarmKind, "kind of harm", {
        /// New trouble peeing or holding in pee or poo, or numbness between the legs (STOP-5).
        BladderBowel => "bladder_bowel",
        /// Pain, tingling or numbness in the other leg too (STOP-4).
        OtherLeg => "other_leg",
        /// New or worse weakness in a leg or foot (STOP-3).
        Weakness => "weakness",
        /// A new numb or pins-and-needles patch, or a numb patch got bigger (STOP-2).
        Numbness => "numbness",
        /// Pain much worse (STOP-6).
        PainWorse => "pain_worse",
        /// A fall or an injury during an exercise.
        FallInjury => "fall_injury",
        /// Something else (the person says what).
        Other => "other",
    }
}

id_enum! {
    /// How bad it is, in the person's judgement.
    Severity, "severity", {
        /// It bothers them but they can get on with the day.
        Mild => "mild",
        /// It gets in the way of what they do.
        Moderate => "moderate",
        /// It stops them doing things, or they are very worried.
        Severe => "severe",
    }
}

/// The harm rules, each evaluated by [`rule_for`] and written in the rules file.
pub const RULES: &[&str] = &["H01", "H02", "H03", "H04", "H05", "H06", "H07", "H08", "H09"];

/// The longest account of what happened, in characters.
pub const DETAILS_MAX: usize = 2000;

/// The rule a report matches. The most urgent reading wins: a sign of cauda equina compression
/// whatever the severity, then weakness, then anything severe.
pub const fn rule_for(kind: HarmKind, severity: Severity) -> &'static str {
    use HarmKind as K;
    use Severity as S;
    match (kind, severity) {
        // STOP-5 and R01–R03: any bladder, bowel or saddle change is `emergency_now` [G/E].
        (K::BladderBowel, _) => "H01",
        // STOP-4 and R05: symptoms new in both legs are `emergency_now` [G/E].
        (K::OtherLeg, _) => "H02",
        // STOP-3 and R06: severe or worsening weakness is `emergency_now` [G; C].
        (K::Weakness, S::Severe) => "H03",
        // STOP-3 and R07: new mild weakness is `same_day` [G; C].
        (K::Weakness, _) => "H04",
        // Anything else that is severe: contact a doctor today and pause (R32 source: NHS advice
        // to seek help when pain is severe or getting worse) [C].
        (_, S::Severe) => "H05",
        // STOP-2 and R24: new or spreading numbness is `see_clinician_soon`, `regress` [C].
        (K::Numbness, _) => "H06",
        // Q-TRAUMA counts a fall from standing height as a minor injury; R13 makes it same-day
        // with fragile bones or age 70 or over; the programme waits for a check [C].
        (K::FallInjury, S::Moderate) => "H08",
        // STOP-6: sharp or severe pain, or pain that does not settle, means regress [C].
        (K::PainWorse | K::Other, S::Moderate) => "H07",
        // §2.1 pain rules: mild discomfort that settles within about 30 minutes is acceptable;
        // carry on with care [C].
        (K::PainWorse | K::FallInjury | K::Other, S::Mild) => "H09",
    }
}

/// What a report means for the person now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// The harm rule.
    pub rule: &'static str,
    /// How soon care is needed.
    pub urgency: Urgency,
    /// What happens to the programme.
    pub action: Action,
    /// The advice, in plain words.
    pub advice: String,
}

impl Advice {
    /// The emergency advice, at once.
    pub fn emergency(&self) -> bool {
        self.urgency == Urgency::EmergencyNow
    }

    /// The programme is paused until a clinician has seen the person (an urgent result, no
    /// programme, or a hold).
    pub fn pauses(&self) -> bool {
        self.urgency >= Urgency::SameDay || matches!(self.action, Action::NoneHold | Action::Hold)
    }
}

/// The advice for a report. The content's validation makes sure every harm rule is there; were
/// one missing, the report is treated as needing a doctor today.
pub fn advise(content: &Content, kind: HarmKind, severity: Severity) -> Advice {
    let id = rule_for(kind, severity);
    match content.rule(id) {
        Some(rule) => {
            Advice { rule: id, urgency: rule.urgency, action: rule.action, advice: rule.advice.clone() }
        }
        None => Advice {
            rule: id,
            urgency: Urgency::SameDay,
            action: Action::NoneHold,
            advice: content.texts.urgency[&Urgency::SameDay].what_to_do.clone(),
        },
    }
}

/// What the content lacks for harm reports: (file, entry, problem) for each harm rule missing or
/// of another input, and each kind or severity without its label in `text.toml`.
pub(crate) fn missing(content: &Content) -> Vec<(&'static str, String, String)> {
    let mut out = Vec::new();
    for id in RULES {
        match content.rule(id) {
            None => out.push((
                "screening/rules.toml",
                (*id).to_owned(),
                "missing: a harm report raises this rule".to_owned(),
            )),
            Some(r) if r.input != crate::content::screening::RuleInput::Harm => out.push((
                "screening/rules.toml",
                (*id).to_owned(),
                "a harm rule has `input = \"harm\"`".to_owned(),
            )),
            Some(_) => {}
        }
    }
    let t = &content.texts.harm;
    for k in HarmKind::ALL.iter().filter(|k| !t.kinds.contains_key(k)) {
        out.push((
            "text.toml",
            format!("harm.kinds.{k}"),
            "missing: every kind of harm needs its label".into(),
        ));
    }
    for s in Severity::ALL.iter().filter(|s| !t.severities.contains_key(s)) {
        out.push((
            "text.toml",
            format!("harm.severities.{s}"),
            "missing: every severity needs its label".into(),
        ));
    }
    out
}

/// A report as the person gave it, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What happened.
    pub kind: HarmKind,
    /// How bad.
    pub severity: Severity,
    /// In their own words (required for [`HarmKind::Other`]).
    pub details: Option<String>,
}

impl Report {
    /// Checks a report from outside input; every wrong field is named with what is allowed.
    pub fn parse(kind: &str, severity: &str, details: &str) -> Result<Report, FieldErrors> {
        let mut errors = Vec::new();
        let kind = match kind.trim() {
            "" => Err(format!("is required; allowed: {}", HarmKind::allowed())),
            k => k.parse::<HarmKind>().map_err(|e| e.to_string()),
        }
        .map_err(|p| errors.push(FieldError::new("kind", p)))
        .ok();
        let severity = match severity.trim() {
            "" => Err(format!("is required; allowed: {}", Severity::allowed())),
            s => s.parse::<Severity>().map_err(|e| e.to_string()),
        }
        .map_err(|p| errors.push(FieldError::new("severity", p)))
        .ok();
        let details = details.trim();
        if details.chars().count() > DETAILS_MAX {
            errors.push(FieldError::new(
                "details",
                format!("is too long; allowed: up to {DETAILS_MAX} characters"),
            ));
        } else if details.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            errors.push(FieldError::new("details", "has control characters; allowed: text and line breaks"));
        }
        if kind == Some(HarmKind::Other) && details.is_empty() {
            errors.push(FieldError::new(
                "details",
                "is required when the kind is `other`: say briefly what happened",
            ));
        }
        match (kind, severity) {
            (Some(kind), Some(severity)) if errors.is_empty() => {
                Ok(Report { kind, severity, details: Some(details.to_owned()).filter(|d| !d.is_empty()) })
            }
            _ => Err(FieldErrors(errors)),
        }
    }

    /// The advice for this report.
    pub fn advice(&self, content: &Content) -> Advice {
        advise(content, self.kind, self.severity)
    }
}

#[cfg(test)]
mod tests;
