//! The triage engine (REFERENCE §4): every matching rule is reported; the highest urgency and
//! the most restrictive action win.

pub mod answers;
pub mod decided;
pub mod expr;
pub mod pages;

use crate::content::Content;
use crate::content::screening::{Helper, Rule, RuleInput};
use crate::ids::{Action, Urgency};
use answers::Answers;
use expr::{Env, Expr};
use serde::Serialize;

/// Compiled screen rules and helper terms.
#[derive(Debug, Clone, Default)]
pub struct CompiledRules {
    helpers: Vec<Expr>,
    /// (index into the content's rules, condition) for every screen rule with a condition.
    screen: Vec<(usize, Expr)>,
    /// Index of the fallback rule (R28).
    fallback: Option<usize>,
}

impl CompiledRules {
    /// Compiles the helper terms and the screen rules; errors are (entry, message) pairs.
    pub fn compile(rules: &[Rule], helpers: &[Helper]) -> Result<CompiledRules, Vec<(String, String)>> {
        let mut errors = Vec::new();
        let mut out = CompiledRules::default();
        let mut names = Vec::new();
        for h in helpers {
            match expr::compile(&h.when, &names) {
                Ok(e) => out.helpers.push(e),
                Err(msg) => {
                    errors.push((h.name.clone(), msg));
                    out.helpers.push(Expr::And(vec![]));
                }
            }
            names.push(h.name.clone());
        }
        for (i, rule) in rules.iter().enumerate() {
            match (rule.input, &rule.when, rule.fallback) {
                (RuleInput::Screen, Some(_), true) => errors.push((
                    rule.id.clone(),
                    "a fallback rule has no `when`: it matches when no other rule does".to_owned(),
                )),
                (RuleInput::Screen, Some(src), false) => match expr::compile(src, &names) {
                    Ok(e) => out.screen.push((i, e)),
                    Err(msg) => errors.push((rule.id.clone(), format!("`when`: {msg}"))),
                },
                (RuleInput::Screen, None, true) => {
                    if out.fallback.replace(i).is_some() {
                        errors.push((rule.id.clone(), "only one fallback rule is allowed".to_owned()));
                    }
                }
                (RuleInput::Screen, None, false) => {
                    errors.push((rule.id.clone(), "a screen rule needs `when`".to_owned()));
                }
                (_, Some(_), _) | (_, _, true) => errors.push((
                    rule.id.clone(),
                    "only screen rules have `when` or `fallback`; history and measure rules are evaluated by the progression engine".to_owned(),
                )),
                (_, None, false) => {}
            }
        }
        if out.fallback.is_none() {
            errors.push(("rules".to_owned(), "no fallback rule (`fallback = true`)".to_owned()));
        }
        if errors.is_empty() { Ok(out) } else { Err(errors) }
    }

    /// Every answer key read by some screen rule.
    pub fn keys_read(&self) -> Vec<&'static str> {
        let mut keys = Vec::new();
        for (_, e) in &self.screen {
            e.keys(&self.helpers, &mut keys);
        }
        keys.sort_unstable();
        keys.dedup();
        keys
    }
}

/// A matched rule, as reported to the person and the clinician.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    /// Rule id.
    pub rule: String,
    /// Suspected condition.
    pub condition: String,
    /// Advice in plain words.
    pub advice: String,
    /// The rule's urgency.
    #[serde(skip)]
    pub urgency: Urgency,
    /// The rule's action.
    #[serde(skip)]
    pub action: Action,
}

impl Reason {
    /// The reason a rule gives.
    pub fn of(rule: &Rule) -> Reason {
        Reason {
            rule: rule.id.clone(),
            condition: rule.condition.clone(),
            advice: rule.advice.clone(),
            urgency: rule.urgency,
            action: rule.action,
        }
    }
}

/// The result of a screen or of combined alerts (the contract JSON of `sciatica screen`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    /// The highest urgency among the matched rules.
    pub urgency: Urgency,
    /// The most restrictive action among the matched rules.
    pub action: Action,
    /// Ids of every matched rule.
    pub rules: Vec<String>,
    /// Every matched rule with its condition and advice.
    pub reasons: Vec<Reason>,
}

impl Outcome {
    /// Combines matched rules: highest urgency, most restrictive action, all reported.
    pub fn from_reasons(reasons: Vec<Reason>) -> Outcome {
        let urgency = reasons.iter().map(|r| r.urgency).max().unwrap_or(Urgency::SelfManage);
        let action = reasons.iter().map(|r| r.action).max().unwrap_or(Action::Continue);
        Outcome { urgency, action, rules: reasons.iter().map(|r| r.rule.clone()).collect(), reasons }
    }

    /// True when no exercise programme may be shown (`emergency_now` or `same_day`).
    pub fn blocks_program(&self) -> bool {
        self.urgency >= Urgency::SameDay || self.action == Action::NoneHold
    }
}

/// Runs the screen rules (REFERENCE §4.1) over one set of answers. The fallback rule is reported
/// only when nothing else matched. Over answers not yet complete, only the rules that match
/// whatever the unanswered keys turn out to be are reported, and never the fallback.
pub fn screen(content: &Content, answers: &Answers) -> Outcome {
    if !answers.is_complete() {
        return Outcome::from_reasons(decided::so_far(content, answers).matched);
    }
    let compiled = content.compiled_rules();
    let env = Env::new(answers, &compiled.helpers);
    let mut reasons: Vec<Reason> = compiled
        .screen
        .iter()
        .filter(|(_, e)| e.eval(&env))
        .map(|(i, _)| Reason::of(&content.rules[*i]))
        .collect();
    if reasons.is_empty()
        && let Some(i) = compiled.fallback
    {
        reasons.push(Reason::of(&content.rules[i]));
    }
    Outcome::from_reasons(reasons)
}

#[cfg(test)]
mod tests;
