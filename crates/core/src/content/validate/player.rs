//! The checks of the session player's wording: each line uses only the placeholders it is given,
//! and the counts keep the numbers they count (a clinic's own wording must not turn "Hold 2 of
//! 10" into "Hold of").

use super::Report;
use crate::content::Content;

/// Every `{name}` in `text`.
fn placeholders(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start + 1..].find('}') else { break };
        out.push(&rest[start + 1..start + 1 + len]);
        rest = &rest[start + 2 + len..];
    }
    out
}

pub(super) fn player(c: &Content, r: &mut Report) {
    let s = &c.texts.session;
    let (p, b, t) = (&s.player, &s.browser, &s.terminal);
    // (entry, text, the placeholders it is given, the ones it must use)
    let lines: [(&str, &str, &[&str], &[&str]); 24] = [
        ("session.response_question", &s.response_question, &["name"], &[]),
        ("session.player.round", &p.round, &["n", "of"], &["n", "of"]),
        ("session.player.left_side", &p.left_side, &[], &[]),
        ("session.player.right_side", &p.right_side, &[], &[]),
        ("session.player.hold", &p.hold, &["n", "of"], &["n", "of"]),
        ("session.player.relax", &p.relax, &[], &[]),
        ("session.player.reps_done", &p.reps_done, &["n", "of"], &["n", "of"]),
        ("session.player.keep_going", &p.keep_going, &["minutes"], &["minutes"]),
        ("session.player.where_to_be", &p.where_to_be, &["position"], &["position"]),
        ("session.player.paused", &p.paused, &[], &[]),
        ("session.player.figure_moving", &p.figure_moving, &["name"], &[]),
        ("session.player.figure_held", &p.figure_held, &["name"], &[]),
        ("session.player.figure_resting", &p.figure_resting, &["name"], &[]),
        ("session.browser.ready", &b.ready, &[], &[]),
        ("session.browser.ready_timed", &b.ready_timed, &[], &[]),
        ("session.browser.first", &b.first, &["where"], &[]),
        ("session.browser.next", &b.next, &["where"], &[]),
        ("session.browser.do_one", &b.do_one, &["count"], &["count"]),
        ("session.browser.all_done", &b.all_done, &[], &[]),
        ("session.terminal.ready", &t.ready, &[], &[]),
        ("session.terminal.ready_timed", &t.ready_timed, &[], &[]),
        ("session.terminal.next", &t.next, &["where"], &[]),
        ("session.terminal.do_one", &t.do_one, &[], &[]),
        ("session.terminal.hold_yourself", &t.hold_yourself, &["hold", "seconds"], &["seconds"]),
    ];
    for (entry, text, given, needed) in lines {
        let used = placeholders(text);
        for u in &used {
            if !given.contains(u) {
                let allowed =
                    if given.is_empty() { "none".to_owned() } else { format!("{{{}}}", given.join("}, {")) };
                r.add("text.toml", entry, format!("unknown placeholder `{{{u}}}`; allowed: {allowed}"));
            }
        }
        for n in needed {
            if !used.contains(n) {
                r.add("text.toml", entry, format!("needs the placeholder `{{{n}}}`"));
            }
        }
    }
}
