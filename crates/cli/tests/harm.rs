//! `sciatica harm`: a report kept with the latest session, the advice for it, the programme
//! paused when it is urgent, bad answers named, and the reports in the export.

mod common;

use common::Home;

#[test]
fn a_report_after_a_session_gives_its_advice_and_pauses_when_urgent() {
    let h = Home::new();
    let none = h.cmd().args(["harm", "--kind", "pain_worse", "--severity", "mild"]).output().unwrap();
    assert_eq!(none.status.code(), Some(2), "no profile yet");
    h.screen(&[]);
    h.json(&["log", "--leg-pain-before", "5", "--leg-pain-after", "6"]);
    let mild = h.json(&["harm", "--kind", "pain_worse", "--severity", "mild"]);
    assert_eq!((mild["urgency"].as_str(), mild["paused"].as_bool()), (Some("self_manage"), Some(false)));
    assert_eq!(h.json(&["today"])["blocked"], false);
    let bad = h.cmd().args(["harm", "--kind", "fell", "--severity", "mild"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(err.contains("kind") && err.contains("bladder_bowel"), "{err}");
    let human = h.cmd().args(["harm", "--kind", "bladder_bowel", "--severity", "mild"]).output().unwrap();
    assert!(human.status.success());
    let text = String::from_utf8_lossy(&human.stdout);
    assert!(text.contains("GET EMERGENCY HELP NOW") && text.contains("999"), "{text}");
    let today = h.json(&["today"]);
    assert_eq!(
        (today["blocked"].as_bool(), today["status"]["urgency"].as_str()),
        (Some(true), Some("emergency_now"))
    );
    let export = h.json(&["export"]);
    assert_eq!(export["harm_reports"].as_array().unwrap().len(), 2);
    assert_eq!(export["harm_reports"][1]["rule"], "H01");
}

#[test]
fn the_questions_are_asked_when_not_given() {
    let h = Home::new();
    h.screen(&[]);
    h.json(&["log", "--leg-pain-before", "5"]);
    // Kind 3 (weakness), then severity 2 (moderate), typed on standard input.
    let out = h.cmd().args(["harm", "--format", "json"]).write_stdin("3\n2\n").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["kind"].as_str(), v["urgency"].as_str()), (Some("weakness"), Some("same_day")));
}
