//! A person's current status: the latest screen, any urgent screen not yet acknowledged, and the
//! open alerts of the history and measure rules, combined by the same two rules as a screen
//! (REFERENCE §4.1: highest urgency, most restrictive action, every rule reported).

use crate::content::Content;
use crate::triage::{Outcome, Reason};

/// Combines rule ids from several sources into one outcome. Unknown ids (content changed since)
/// are skipped; the fallback rule is kept only when nothing else matched; each rule once.
pub fn combine<'a>(content: &Content, rule_ids: impl IntoIterator<Item = &'a str>) -> Outcome {
    let mut ids: Vec<&str> = Vec::new();
    for id in rule_ids {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut reasons: Vec<Reason> = ids.iter().filter_map(|id| content.rule(id)).map(Reason::of).collect();
    if reasons.len() > 1 {
        reasons.retain(|r| !content.rule(&r.rule).is_some_and(|rule| rule.fallback));
    }
    reasons.sort_by(|a, b| a.rule.cmp(&b.rule));
    Outcome::from_reasons(reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::{Action, Urgency};

    #[test]
    fn an_urgent_screen_outweighs_a_calm_one_and_alerts_add_up() {
        let c = Content::embedded();
        let o = combine(c, ["R28", "R03", "R23"]);
        assert_eq!((o.urgency, o.action), (Urgency::EmergencyNow, Action::NoneHold));
        assert_eq!(o.rules, vec!["R03", "R23"]);
        let o = combine(c, ["R28", "R32", "R32"]);
        assert_eq!((o.urgency, o.action, o.rules.len()), (Urgency::SeeClinicianSoon, Action::Regress, 1));
        let o = combine(c, ["R28"]);
        assert_eq!(o.urgency, Urgency::SelfManage);
        assert_eq!(combine(c, ["R99"]).rules.len(), 0);
    }
}
