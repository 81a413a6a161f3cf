//! Screening questions and triage rules as written in `content/screening/` (REFERENCE §4).

use crate::ids::{Action, Urgency};
use serde::{Deserialize, Serialize};

/// A page of the screen: one topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Topic {
    /// Topic id, referenced by questions.
    pub id: String,
    /// Page title.
    pub title: String,
    /// One or two sentences saying why these questions are asked.
    pub intro: String,
}

/// One screening question; it answers exactly one key of the screening-answer contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Question id, e.g. `Q-BLADDER`.
    pub id: String,
    /// The answer key it sets (DESIGN §4).
    pub key: String,
    /// The topic (page) it belongs to.
    pub topic: String,
    /// The question in plain words.
    pub prompt: String,
    /// Why it is asked and what counts, in plain words.
    pub help: String,
    /// Labels for the allowed values of a choice or list key, in order.
    #[serde(default)]
    pub choices: Vec<Choice>,
    /// For stable history only: on the weekly check the answer is pre-filled from the last
    /// screen and shown under this short label, to confirm in one step. Questions without it
    /// are asked afresh every time (the red-flag questions always are).
    #[serde(default)]
    pub weekly_summary: Option<String>,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// A labelled value of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// The contract value.
    pub value: String,
    /// What the person sees.
    pub label: String,
}

/// What a rule reads (REFERENCE §4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleInput {
    /// One set of screening answers.
    Screen,
    /// The stored session log.
    History,
    /// The latest scored measure.
    Measure,
    /// A harm the person reported after a session (`crate::harm`).
    Harm,
}

/// A triage rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Rule id, e.g. `R01`.
    pub id: String,
    /// What it reads.
    pub input: RuleInput,
    /// For screen rules: the condition, an expression over the answer keys.
    #[serde(default)]
    pub when: Option<String>,
    /// The screen rule reported only when no other screen rule matched.
    #[serde(default)]
    pub fallback: bool,
    /// For history and measure rules: the exact condition in words.
    #[serde(default)]
    pub condition_text: Option<String>,
    /// The suspected condition.
    pub condition: String,
    /// How soon care is needed.
    pub urgency: Urgency,
    /// What it does to the programme.
    pub action: Action,
    /// Advice to the person, in plain words.
    pub advice: String,
    /// Evidence tags.
    pub evidence: String,
    /// Keys of `sources.toml`.
    pub sources: Vec<String>,
}

/// A named sub-expression used by several rules (REFERENCE §4.2 helper terms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Helper {
    /// Upper-case name, e.g. `NEW_NEURO`.
    pub name: String,
    /// The expression.
    pub when: String,
    /// What it means, in words.
    pub meaning: String,
}
