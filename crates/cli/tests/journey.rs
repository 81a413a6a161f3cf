//! A self-manager's journey through the command line, end to end, on a fresh database.

mod common;

use common::{Home, answers};
use serde_json::{Value, json};

/// Answers for a guided session of the first disc-herniation plan with `--no-timers`:
/// safety check, pain and levels before, each exercise, then after.
fn session_input(plan: &Value, moved_down_at: Option<usize>) -> String {
    let mut s = String::from("n\n6\n3\n4\n0\n");
    for (i, e) in plan["exercises"].as_array().unwrap().iter().enumerate() {
        let sets = e["sets"].as_u64().unwrap();
        let reps = e["reps"].as_u64().unwrap();
        let sides = if e["per_side"].as_bool().unwrap() { 2 } else { 1 };
        if e["minutes"].is_u64() {
            s.push_str("\n\n");
        } else if e["hold_seconds"].is_u64() {
            // Enter to start, then one Enter per hold (a single hold needs one more).
            for _ in 0..sets * sides {
                s.push('\n');
                for _ in 0..reps {
                    s.push('\n');
                }
            }
        } else {
            for _ in 0..sets * sides * reps {
                s.push('\n');
            }
        }
        if moved_down_at == Some(i) {
            s.push_str("3\n");
            break;
        }
        s.push_str(if i == 0 { "1\n" } else { "2\n" });
    }
    // After: leg 4, back 3, left 3, right 0, walking 12 (only asked with walking), sitting 20, cope no.
    let walking = plan["exercises"].as_array().unwrap().iter().any(|e| e["id"] == "walking-program");
    s.push_str("4\n3\n3\n0\n");
    if walking {
        s.push_str("12\n");
    }
    s.push_str("20\nn\n");
    s
}

#[test]
fn screen_setup_today_session_progress_export_delete() {
    let h = Home::new();
    let result = h.screen(&[]);
    assert_eq!(result["urgency"], "self_manage");
    let who = h.json(&[
        "setup",
        "--time-zone",
        "Europe/London",
        "--morning",
        "07:15",
        "--evening",
        "20:00",
        "--name",
        "Sam",
    ]);
    assert_eq!((who["time_zone"].as_str(), who["morning"].as_str()), (Some("Europe/London"), Some("07:15")));

    let today = h.json(&["today"]);
    assert_eq!(today["screened"], true);
    assert_eq!(today["blocked"], false);
    assert_eq!(today["slots"].as_array().unwrap().len(), 2);
    assert_eq!(today["plan"]["family"], "extension_bias");
    let plan = h.json(&["plan"]);
    assert_eq!(plan["phase"], 1);

    let out = h
        .cmd()
        .args(["session", "--no-timers", "--format", "json"])
        .write_stdin(session_input(&plan, None))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let saved: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(saved["class"], "centralizing", "left leg 4 → 3 with the right leg symptom-free");
    assert_eq!(saved["stopped"], false);
    let ui = String::from_utf8_lossy(&out.stderr);
    assert!(ui.contains("Lying face down") && ui.contains("Good form") && ui.contains("Avoid"), "{ui}");

    let sessions = h.sessions();
    assert_eq!(sessions.len(), 1);
    let s = &sessions[0];
    assert_eq!((s["leg_pain_before"].as_u64(), s["leg_pain_after"].as_u64()), (Some(6), Some(4)));
    assert_eq!((s["left"]["before"].as_u64(), s["left"]["after"].as_u64()), (Some(4), Some(3)));
    assert_eq!(s["exercises"].as_array().unwrap().len(), plan["exercises"].as_array().unwrap().len());
    assert_eq!(s["exercises"][0]["response"], "moved_up");
    assert_eq!(s["sitting_minutes"], 20);

    h.json(&[
        "log",
        "--leg-pain-before",
        "4",
        "--leg-pain-after",
        "3",
        "--left-before",
        "3",
        "--left-after",
        "2",
        "--all",
    ]);
    let progress = h.json(&["progress", "--days", "7"]);
    let days = progress["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days.last().unwrap()["leg_pain"], 6, "the worst leg pain of today");
    assert_eq!(progress["adherence"]["done"], 2);
    let human = h.cmd().args(["progress"]).output().unwrap();
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(
        text.contains("Leg pain") && text.contains("Sessions done") && text.contains("Morning"),
        "{text}"
    );

    let out_file = h.dir.path().join("mine.json");
    h.cmd().args(["export", "--output"]).arg(&out_file).assert().success();
    let export: Value = serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(export["patient"]["display_name"], "Sam");
    assert_eq!(export["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(export["screenings"].as_array().unwrap().len(), 1);

    let refused = h.cmd().args(["delete"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "needs --yes when not asked on a terminal");
    h.cmd().args(["delete", "--yes"]).assert().success();
    assert!(h.sessions().is_empty());
    assert_eq!(h.json(&["today"])["screened"], false);
}

#[test]
fn an_urgent_screen_blocks_every_programme_until_assessed() {
    let h = Home::new();
    let r = h.screen(&[("bladder", json!(true))]);
    assert_eq!(r["urgency"], "emergency_now");
    let today = h.json(&["today"]);
    assert_eq!((today["blocked"].as_bool(), today["plan"].clone()), (Some(true), Value::Null));
    assert_eq!(h.json(&["plan"])["blocked"], true);
    let out = h.cmd().args(["session", "--no-timers"]).write_stdin("").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("EMERGENCY"), "{text}");
    assert!(!text.contains("1 of "), "no exercise is shown: {text}");
    // Nor can a session be logged without the guide, as in the API.
    let out = h.cmd().args(["log", "--done", "prone-lying", "--leg-pain-before", "3"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("EMERGENCY") && err.contains("no session can be logged"), "{err}");
    assert!(h.sessions().is_empty());

    // A later, milder screen never silently lowers it.
    h.screen(&[]);
    assert_eq!(h.json(&["today"])["blocked"], true);
    let human = h.cmd().args(["today"]).output().unwrap();
    assert!(String::from_utf8_lossy(&human.stdout).contains("EMERGENCY"));

    h.cmd().args(["assessed", "--note", "Seen in the emergency department; scan normal"]).assert().success();
    let today = h.json(&["today"]);
    assert_eq!(today["blocked"], false);
    assert_eq!(today["plan"]["family"], "extension_bias");
}

#[test]
fn same_day_and_hold_results_show_no_programme_but_clearance_gates_to_gentle() {
    let h = Home::new();
    h.screen(&[("weakness", json!("mild_new"))]);
    assert_eq!(h.json(&["today"])["blocked"], true);
    let h = Home::new();
    h.screen(&[("night_pain", json!(true))]);
    let t = h.json(&["today"]);
    assert_eq!((t["blocked"].as_bool(), t["status"]["action"].as_str()), (Some(true), Some("hold")));
    let h = Home::new();
    h.screen(&[("cleared_to_exercise", json!(false)), ("diagnosis", json!("spinal_stenosis"))]);
    let t = h.json(&["today"]);
    assert_eq!(t["plan"]["family"], "general_gentle");
    assert_eq!(t["plan"]["cause"], "spinal_stenosis");
}

#[test]
fn an_interrupted_session_loses_nothing_and_resumes() {
    let h = Home::new();
    h.screen(&[]);
    let plan = h.json(&["plan"]);
    let full = session_input(&plan, None);
    // Stop after the safety check, the pain and levels before, and the first exercise.
    let first_exercise_lines = 5 + 2 + 1; // n,6,3,4,0 · start + one hold · response
    let partial: String = full.lines().take(first_exercise_lines).flat_map(|l| [l, "\n"]).collect();
    let out = h.cmd().args(["session", "--no-timers"]).write_stdin(partial).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `sciatica session` to carry on"));
    assert!(h.sessions().is_empty(), "no half-written session");

    // Carry on: only the rest is asked.
    let rest: String = full.lines().skip(first_exercise_lines).flat_map(|l| [l, "\n"]).collect();
    let out = h
        .cmd()
        .args(["session", "--no-timers", "--format", "json"])
        .write_stdin(format!("y\n{rest}"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sessions = h.sessions();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0]["leg_pain_before"], 6, "the answer given before the interruption");
    assert_eq!(sessions[0]["exercises"][0]["response"], "moved_up");
}

#[test]
fn an_interruption_after_the_exercises_resumes_at_the_last_questions() {
    let h = Home::new();
    h.screen(&[]);
    let plan = h.json(&["plan"]);
    let full: Vec<String> = session_input(&plan, None).lines().map(str::to_owned).collect();
    // Everything up to the leg levels after; the tolerance and coping questions are left.
    let walking = plan["exercises"].as_array().unwrap().iter().any(|e| e["id"] == "walking-program");
    let left = if walking { 3 } else { 2 };
    let (answered, rest) = full.split_at(full.len() - left);
    let out =
        h.cmd().args(["session", "--no-timers"]).write_stdin(answered.join("\n") + "\n").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(h.sessions().is_empty(), "no half-written session");

    let out = h
        .cmd()
        .args(["session", "--no-timers", "--format", "json"])
        .write_stdin(format!("y\n{}\n", rest.join("\n")))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let s = &h.sessions()[0];
    assert_eq!(s["leg_pain_after"], 4, "the answer given before the interruption");
    assert_eq!(s["left"]["after"], 3);
    assert_eq!(s["sitting_minutes"], 20);
    assert_eq!(s["cannot_cope"], false);
}

#[test]
fn moved_down_stops_the_session_with_advice_and_regresses_next_time() {
    let h = Home::new();
    h.screen(&[]);
    let plan = h.json(&["plan"]);
    let out =
        h.cmd().args(["session", "--no-timers"]).write_stdin(session_input(&plan, Some(0))).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("STOP THIS EXERCISE"), "{text}");
    assert!(!text.contains("2 of "), "no further exercise after moving down: {text}");
    let s = &h.sessions()[0];
    assert_eq!(s["stopped"], true);
    assert_eq!(s["exercises"].as_array().unwrap().len(), 1);
    assert_eq!(s["exercises"][0]["response"], "moved_down");
    let next = h.json(&["plan"]);
    let first = &next["exercises"][0];
    assert_eq!(first["id"], plan["exercises"][0]["id"]);
    assert_eq!(first["regressed"], true, "the easier version for three days");
}

#[test]
fn programme_phase_and_trials() {
    let h = Home::new();
    h.screen(&[("diagnosis", json!("undiagnosed")), ("cleared_to_exercise", json!(false))]);
    let out = h.cmd().args(["program", "--phase", "2"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`phase`"));
    let out = h.cmd().args(["program", "--trial", "prone-press-up"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("`trial`"));
    h.json(&["program", "--trial", "prone-lying"]);
    let plan = h.json(&["plan"]);
    let trial = plan["exercises"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == "prone-lying")
        .expect("the chosen trial");
    assert_eq!(trial["trial"], true);

    let h = Home::new();
    h.screen(&[("diagnosis", json!("piriformis"))]);
    let moved = h.json(&["program", "--phase", "2"]);
    assert_eq!(moved["program"]["phase"], 2);
    assert_eq!(moved["history"].as_array().unwrap().len(), 2);
    assert_eq!(h.json(&["plan"])["phase"], 2);
}

#[test]
fn measures_taken_are_saved_and_a_high_startback_alerts_a_clinician() {
    let h = Home::new();
    h.screen(&[]);
    let v = h.json(&["measure", "take", "odi", "--answers", "3,2,3,2,4,3,1,0,2,3"]);
    assert_eq!((v["score"].as_f64(), v["saved"].as_bool()), (Some(46.0), Some(true)));
    let v = h.json(&["measure", "take", "odi", "--answers", "2,1,2,1,2,2,1,0,1,2"]);
    assert_eq!(v["change"]["points"].as_f64(), Some(18.0), "the first response is the baseline");
    let v = h.json(&[
        "measure",
        "take",
        "psfs",
        "--answers",
        "3,5,,,",
        "--activities",
        "Sitting, Putting on socks",
    ]);
    assert_eq!(
        (v["score"].as_f64(), v["activities"].clone()),
        (Some(4.0), json!(["Sitting", "Putting on socks"]))
    );
    assert!(v["meaning"].as_str().unwrap().contains("starting point"), "{v}");
    let unnamed = h
        .cmd()
        .args(["measure", "take", "psfs", "--answers", "3,5,,,", "--activities", "Sitting"])
        .output()
        .unwrap();
    assert_eq!(unnamed.status.code(), Some(2), "a rating without its activity is bad input");
    assert!(String::from_utf8_lossy(&unnamed.stderr).contains("activity 2"), "{unnamed:?}");
    let piped = h.cmd().args(["measure", "take", "nrs"]).write_stdin("12\n").output().unwrap();
    assert_eq!(piped.status.code(), Some(2), "an out-of-range answer on a pipe is an error");
    h.json(&["measure", "take", "startback", "--answers", "1,0,1,0,1,1,1,0,4"]);
    let t = h.json(&["today"]);
    assert_eq!(t["status"]["urgency"], "see_clinician_soon");
    assert!(t["status"]["rules"].as_array().unwrap().contains(&json!("R26")));
    assert_eq!(t["blocked"], false, "R26 continues the programme");
    let p = h.json(&["progress"]);
    assert_eq!(p["measures"].as_array().unwrap().len(), 3);
}

#[test]
fn history_rules_raise_alerts_from_the_log() {
    let h = Home::new();
    h.screen(&[]);
    let v = h.json(&["log", "--leg-pain-before", "6", "--cannot-cope"]);
    assert_eq!(v["alerts"], json!(["R32"]));
    let t = h.json(&["today"]);
    assert_eq!(t["status"]["action"], "regress");
    assert!(t["alerts"].as_array().unwrap().contains(&json!("R32")));
}

#[test]
fn content_check_export_and_override() {
    let h = Home::new();
    let dir = h.dir.path().join("clinic");
    h.cmd().args(["content", "export"]).arg(&dir).assert().success();
    let ok = h.json(&["content", "check", dir.to_str().unwrap()]);
    assert_eq!(
        (ok["exercises"].as_u64(), ok["rules"].as_u64()),
        (Some(29), Some(41)),
        "32 triage rules and 9 harm rules"
    );
    let again = h.cmd().args(["content", "export"]).arg(&dir).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "never overwrites a clinic's files");

    let ex = dir.join("exercises/18-clamshell.toml");
    let text = std::fs::read_to_string(&ex).unwrap();
    std::fs::write(&ex, text.replacen("plain_name = \"", "plain_name = \"Clinic's ", 1)).unwrap();
    let plan = h
        .cmd()
        .args(["--content"])
        .arg(&dir)
        .args(["plan", "--cause", "piriformis", "--phase", "2"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&plan.stdout).contains("Clinic's "), "the override is used");

    let proto = dir.join("protocols/spinal_stenosis.toml");
    let text = std::fs::read_to_string(&proto).unwrap();
    std::fs::write(
        &proto,
        text.replacen("id = \"", "id = \"prone-press-up\"\n\n[[phases.exercises]]\nid = \"", 1),
    )
    .unwrap();
    let bad = h.cmd().args(["content", "check"]).arg(&dir).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("protocols/spinal_stenosis.toml") && err.contains("contraindicated"), "{err}");
    let refused =
        h.cmd().args(["--content"]).arg(&dir).args(["plan", "--cause", "spinal_stenosis"]).output().unwrap();
    assert_eq!(refused.status.code(), Some(2), "invalid content is never used");
}

#[test]
fn demo_makes_weeks_of_data_to_try_everything() {
    let h = Home::new();
    let v = h.json(&["demo", "--days", "21"]);
    assert!(v["sessions"].as_u64().unwrap() >= 30, "{v}");
    let again = h.cmd().args(["demo"]).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "an existing database is not replaced without --force");
    h.json(&["demo", "--days", "21", "--force"]);
    let t = h.json(&["today"]);
    assert_eq!(t["screened"], true);
    let p = h.json(&["progress", "--days", "21"]);
    let logged = p["days"].as_array().unwrap().iter().filter(|d| d["leg_pain"].is_u64()).count();
    assert!(logged >= 18, "{logged} days logged");
    assert_eq!(p["measures"].as_array().unwrap().len(), 3);
    let e = h.json(&["export"]);
    assert!(e["programs"].as_array().unwrap().len() >= 2, "the demo moves to phase 2");
    for cmd in [&["today"][..], &["progress"], &["plan"], &["program"]] {
        let out = h.cmd().args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(!out.stdout.is_empty());
    }
    // The records kept while the demo was made are the ones its history describes.
    let rebuilt = h.json(&["admin", "rebuild-records"]);
    assert_eq!((rebuilt["rebuilt"].as_u64(), rebuilt["differed"].as_u64()), (Some(1), Some(0)), "{rebuilt}");
    let two = h.json(&["demo", "--days", "400", "--patients", "2", "--force"]);
    assert!(two["sessions"].as_u64().unwrap() > 1000, "a year and more for two people: {two}");
    assert_eq!(h.json(&["admin", "rebuild-records"])["differed"], 0);
}

#[test]
fn interactive_screen_asks_in_plain_words_and_saves() {
    let h = Home::new();
    // 27 answers in the order of the pages: a 45-year-old, disc herniation, cleared, no flags.
    let input = "45\nn\nn\nn\n1\ny\nn\nn\nn\nn\n1\n1\nn\nn\nn\n\nn\nn\nn\nn\nn\n1\n\nn\nn\nn\nn\n";
    let out = h.cmd().args(["screen"]).write_stdin(input).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 of 8") && text.contains("8 of 8"), "pages with their number");
    let export = h.json(&["export"]);
    let saved = &export["screenings"][0];
    assert_eq!(saved["answers"], answers(&[("age", json!(45))]));
    assert_eq!(saved["urgency"], "self_manage");
    // A wrong answer on a pipe names the question; nothing is saved.
    let h = Home::new();
    let out = h.cmd().args(["screen"]).write_stdin("200\n").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(!h.db.exists() || h.sessions().is_empty());
}

#[test]
fn a_later_screen_lifts_an_urgent_result_only_when_the_person_says_a_clinician_saw_them() {
    let h = Home::new();
    h.screen(&[("saddle", json!(true))]);
    // A later screen confirms the history ("y") and asks the rest afresh.
    let calm = "y\nn\nn\nn\nn\n1\n1\nn\nn\nn\nn\nn\nn\nn\n1\nn\nn\nn\n";
    // Not seen yet: the new, calm screen is saved but the programme stays blocked.
    let out = h.cmd().args(["screen"]).write_stdin(format!("n\n{calm}")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Your last urgent result"));
    assert_eq!(h.json(&["today"])["blocked"], true);
    // Seen: the acknowledgement is recorded with the note, and the calm screen applies.
    let out =
        h.cmd().args(["screen"]).write_stdin(format!("y\nSeen in A&E, all clear\n{calm}")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(h.json(&["today"])["blocked"], false);
    let export = h.json(&["export"]);
    assert_eq!(export["acknowledgements"][0]["note"], "Seen in A&E, all clear");
    assert_eq!(export["screenings"].as_array().unwrap().len(), 3);
    // The same from a file, with --assessed.
    let h = Home::new();
    h.screen(&[("bowel", json!(true))]);
    let f = h.file("calm.json", &answers(&[]).to_string());
    h.cmd().args(["screen", "--answers", &f, "--save", "--assessed", "GP examined me"]).assert().success();
    assert_eq!(h.json(&["today"])["blocked"], false);
}
