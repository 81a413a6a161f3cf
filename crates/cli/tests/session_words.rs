//! The guided session in the terminal speaks as the browser's player does: repetitions read as
//! what is done ("2 done of 6"), the rounds and sides are named, the walk says where to be
//! instead of "the start position", and a round ended early keeps what was counted.

mod common;

use common::Home;
use serde_json::Value;

/// Answers for the demo patient's planned session with `--no-timers`: the first exercise counted
/// in repetitions is ended early with `d` after its third.
fn input(plan: &Value) -> String {
    let mut s = String::from("n\n5\n3\n3\n0\n");
    let mut ended_early = false;
    for e in plan["exercises"].as_array().unwrap() {
        let sets = e["sets"].as_u64().unwrap();
        let reps = e["reps"].as_u64().unwrap();
        let sides = if e["per_side"].as_bool().unwrap() { 2 } else { 1 };
        if e["minutes"].is_u64() {
            s.push_str("\n\n");
        } else if e["hold_seconds"].is_u64() {
            for _ in 0..sets * sides {
                s.push('\n');
                s.push_str(&"\n".repeat(usize::try_from(reps).unwrap()));
            }
        } else if !ended_early {
            ended_early = true;
            s.push_str("\n\nd\n");
            // The other rounds and sides in full.
            s.push_str(&"\n".repeat(usize::try_from((sets * sides - 1) * reps).unwrap()));
        } else {
            s.push_str(&"\n".repeat(usize::try_from(sets * sides * reps).unwrap()));
        }
        s.push_str("2\n");
    }
    s.push_str("4\n3\n3\n0\n12\n20\nn\n");
    s
}

#[test]
fn the_session_walk_uses_the_players_words_and_keeps_what_was_counted() {
    let h = Home::new();
    let out = h.cmd().args(["demo", "--days", "24"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let plan = h.json(&["today"])["plan"].clone();
    let exercises = plan["exercises"].as_array().unwrap();
    let per_side_reps = exercises
        .iter()
        .find(|e| e["per_side"] == true && e["hold_seconds"].is_null() && e["minutes"].is_null())
        .expect("the demo plan has an exercise counted in repetitions on each side");
    let per_side_hold = exercises
        .iter()
        .find(|e| e["per_side"] == true && e["hold_seconds"].is_u64())
        .expect("the demo plan has holds on each side");
    let walk = exercises.iter().find(|e| e["minutes"].is_u64()).expect("the demo plan has a walk");

    let out = h
        .cmd()
        .args(["session", "--no-timers"])
        .env("NO_COLOR", "1")
        .write_stdin(input(&plan))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}\n{}", String::from_utf8_lossy(&out.stderr));

    // The pain scale's ends are the pain rating's own words, as in the browser.
    assert!(text.contains("Leg pain now (0 - no pain … 10 - worst pain imaginable)"), "{text}");
    // Repetitions read as what is done, with the side named.
    let reps = per_side_reps["reps"].as_u64().unwrap();
    for line in [
        format!("0 done of {reps} (left side)"),
        format!("{reps} done of {reps} (right side)"),
        "Do each one slowly, then press Enter.".to_owned(),
    ] {
        assert!(text.contains(&line), "{line:?} in\n{text}");
    }
    // Holds: the side before each round, then each hold by number.
    let holds = per_side_hold["reps"].as_u64().unwrap();
    for line in [
        "Ready for the left side? Press Enter (or type stop).".to_owned(),
        "Ready for the right side? Press Enter (or type stop).".to_owned(),
        format!("Hold 1 of {holds} (left side): hold for"),
        format!("Hold {holds} of {holds} (right side): hold for"),
    ] {
        assert!(text.contains(&line), "{line:?} in\n{text}");
    }
    // The walk says where to be, not "the start position".
    let name = walk["name"].as_str().unwrap();
    let at = text.find(&format!("· {name}")).expect("the walk's heading");
    let walk_text = &text[at..text[at..].find("do to your leg?").map_or(text.len(), |n| at + n)];
    assert!(walk_text.contains("Where to be: Walking upright on flat ground."), "{walk_text}");
    assert!(walk_text.contains("Press Enter as you set off"), "{walk_text}");
    assert!(!walk_text.contains("in the start position"), "{walk_text}");
    assert!(walk_text.contains(&format!("Keep going: {} minutes", walk["minutes"])), "{walk_text}");
    // The same question after each exercise as in the browser.
    assert!(text.contains(&format!("What did {} do to your leg?", name.to_lowercase())), "{text}");

    // The round ended early keeps what was counted; the others are complete.
    let mut sessions = h.sessions();
    sessions.sort_by_key(|s| s["started_at"].as_str().unwrap_or_default().to_owned());
    let s = sessions.last().unwrap();
    assert_eq!(s["leg_pain_before"], 5, "the session just done: {s}");
    let done = s["exercises"].as_array().unwrap();
    let first_reps =
        exercises.iter().position(|e| e["hold_seconds"].is_null() && e["minutes"].is_null()).unwrap();
    assert_eq!(done[first_reps]["completed"], false, "{s}");
    let e = &exercises[first_reps];
    let sides = if e["per_side"] == true { 2 } else { 1 };
    let counted = 3 + (e["sets"].as_u64().unwrap() * sides - 1) * e["reps"].as_u64().unwrap();
    assert_eq!(done[first_reps]["reps_done"], counted, "{s}");
    assert!(
        done.iter().enumerate().filter(|(i, _)| *i != first_reps).all(|(_, d)| d["completed"] == true),
        "{s}"
    );
}
