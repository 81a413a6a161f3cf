//! `sciatica screen` in the terminal: the advice as soon as the answers decide an urgent result,
//! and a later screen that confirms the stable history and asks the red flags afresh.

mod common;

use common::{Home, answers};
use serde_json::{Value, json};

/// Pages 1 and 2 of a first screen: 45, not a first episode, not pregnant, no surgery, disc
/// herniation, cleared.
const HISTORY: &str = "45\nn\nn\nn\n1\ny\n";

#[test]
fn a_red_flag_on_page_3_stops_the_questions_and_gives_the_advice() {
    let h = Home::new();
    // Page 3: bladder yes, then the rest of that page.
    let out = h.cmd().args(["screen"]).write_stdin(format!("{HISTORY}y\nn\nn\nn\n")).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 of 8") && !text.contains("4 of 8"), "stopped after page 3: {text}");
    assert!(text.contains("can wait") && text.contains("GET EMERGENCY HELP NOW"), "{text}");
    let saved = &h.json(&["export"])["screenings"][0];
    assert_eq!(saved["urgency"], "emergency_now");
    assert!(saved["rules"].as_array().unwrap().contains(&json!("R01")), "{saved}");
    assert_eq!(saved["answers"]["bladder"], true);
    assert_eq!(saved["answers"].get("fever"), None, "unanswered keys are absent: {saved}");
    assert_eq!(h.json(&["today"])["blocked"], true);
    // The JSON result is the contract's, for the rules matched so far.
    let h = Home::new();
    let out = h
        .cmd()
        .args(["screen", "--format", "json"])
        .write_stdin(format!("{HISTORY}n\nn\ny\nn\n"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["urgency"].as_str(), v["action"].as_str()), (Some("emergency_now"), Some("none_hold")));
    assert_eq!(v["rules"], json!(["R03"]));
}

#[test]
fn a_file_of_answers_still_needs_every_key() {
    let h = Home::new();
    let mut a = answers(&[("bladder", json!(true))]);
    a.as_object_mut().unwrap().remove("fever");
    let f = h.file("a.json", &a.to_string());
    let out = h.cmd().args(["screen", "--answers", &f]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("fever"), "names the key");
}

#[test]
fn a_later_screen_confirms_history_and_asks_the_red_flags_afresh() {
    let h = Home::new();
    h.screen(&[("age", json!(61)), ("cancer", json!(true))]);
    // Confirm with "y"; then page 2 (bladder and bowel) with a new saddle change: emergency.
    let out = h.cmd().args(["screen"]).write_stdin("y\nn\nn\ny\nn\n").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("1 of 7 · Is this still right?"), "{text}");
    assert!(text.contains("Your age: 61") && text.contains("You have had cancer: Yes"), "{text}");
    assert!(text.contains("2 of 7 · Bladder"), "the red flags come next, asked afresh: {text}");
    let saved = &h.json(&["export"])["screenings"][1];
    assert_eq!(saved["urgency"], "emergency_now");
    // Cancer (confirmed) with a new neurological sign: R10 as well.
    assert!(saved["rules"].as_array().unwrap().contains(&json!("R10")), "{saved}");
    assert_eq!(saved["answers"]["age"], 61);
}
