//! Answers given so far: which rules already match whatever the unanswered keys turn out to be,
//! which can still match, and whether the result is already decided as urgent, so that the
//! advice can be shown at once instead of after the remaining questions.
//!
//! Conditions are evaluated in three-valued logic: a key not answered yet is unknown; `NOT`
//! unknown is unknown; `AND` is false as soon as one part is false, `OR` true as soon as one part
//! is true. This is sound: "matches" and "cannot match" hold for every way the remaining
//! questions may be answered. (It may leave a rule "unknown" that could be settled by reasoning
//! about the values; that only means the screen goes on, never that it stops wrongly.)

use super::answers::{Answers, Value};
use super::expr::{Cmp, Expr};
use super::{Outcome, Reason};
use crate::content::Content;
use crate::ids::Urgency;

/// Three-valued truth: `Some(b)` when known, `None` when it depends on unanswered keys.
type Truth = Option<bool>;

struct Known<'a> {
    answers: &'a Answers,
    helpers: &'a [Expr],
}

impl Known<'_> {
    fn value(&self, key: &str) -> Option<&Value> {
        self.answers.get(key)
    }

    /// `infection_risk == []`, where recent spinal surgery counts as a recent procedure
    /// (REFERENCE §4.2, Q-SURG).
    fn list_empty(&self, key: &str) -> Truth {
        let surgery = match self.value("recent_spinal_surgery") {
            Some(Value::Bool(b)) => Some(*b),
            _ => None,
        };
        let items_empty = match self.value(key) {
            Some(Value::List(items)) => Some(items.is_empty()),
            _ => None,
        };
        if key != "infection_risk" {
            return items_empty;
        }
        match (items_empty, surgery) {
            (Some(false), _) | (_, Some(true)) => Some(false),
            (Some(true), Some(false)) => Some(true),
            _ => None,
        }
    }

    fn eval(&self, e: &Expr) -> Truth {
        match e {
            Expr::Flag(key) => match self.value(key) {
                Some(Value::Bool(b)) => Some(*b),
                _ => None,
            },
            Expr::Helper(i) => self.eval(&self.helpers[*i]),
            Expr::Not(inner) => self.eval(inner).map(|b| !b),
            Expr::And(parts) => {
                let mut all = Some(true);
                for p in parts {
                    match self.eval(p) {
                        Some(false) => return Some(false),
                        None => all = None,
                        Some(true) => {}
                    }
                }
                all
            }
            Expr::Or(parts) => {
                let mut any = Some(false);
                for p in parts {
                    match self.eval(p) {
                        Some(true) => return Some(true),
                        None => any = None,
                        Some(false) => {}
                    }
                }
                any
            }
            Expr::IntCmp(key, op, n) => match self.value(key) {
                Some(Value::Int(v)) => Some(holds(*op, *v, *n)),
                _ => None,
            },
            Expr::ChoiceIn(key, values) => match self.value(key) {
                Some(Value::Choice(v)) => Some(values.contains(v)),
                _ => None,
            },
            Expr::ListEmpty(key) => self.list_empty(key),
        }
    }
}

fn holds(op: Cmp, a: i64, b: i64) -> bool {
    match op {
        Cmp::Eq => a == b,
        Cmp::Ne => a != b,
        Cmp::Ge => a >= b,
        Cmp::Le => a <= b,
        Cmp::Gt => a > b,
        Cmp::Lt => a < b,
    }
}

/// What the answers so far say about each screen rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoFar {
    /// Rules that match whatever the remaining answers are.
    pub matched: Vec<Reason>,
    /// Rules that match or may still match, depending on the remaining answers.
    pub possible: Vec<Reason>,
}

/// Evaluates every screen rule over the answers given so far.
pub fn so_far(content: &Content, answers: &Answers) -> SoFar {
    let compiled = content.compiled_rules();
    let known = Known { answers, helpers: &compiled.helpers };
    let mut out = SoFar { matched: Vec::new(), possible: Vec::new() };
    for (i, e) in &compiled.screen {
        let reason = || Reason::of(&content.rules[*i]);
        match known.eval(e) {
            Some(true) => {
                out.matched.push(reason());
                out.possible.push(reason());
            }
            None => out.possible.push(reason()),
            Some(false) => {}
        }
    }
    out
}

/// The result, when the answers so far already decide an `emergency_now` or `same_day` result:
/// the urgency and the programme action are the same however the remaining questions are
/// answered. A `same_day` result is decided only when no unanswered key can still raise it to
/// `emergency_now`. The outcome reports the rules matched so far.
pub fn decided(content: &Content, answers: &Answers) -> Option<Outcome> {
    let s = so_far(content, answers);
    let now = Outcome::from_reasons(s.matched);
    let at_most = Outcome::from_reasons(s.possible);
    (now.urgency >= Urgency::SameDay && now.urgency == at_most.urgency && now.action == at_most.action)
        .then_some(now)
}

#[cfg(test)]
mod tests;
