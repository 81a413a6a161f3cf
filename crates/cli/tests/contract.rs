//! The command-line contract of DESIGN §4, with the worked examples of the clinical reference,
//! and bad input of every kind: exit 2, a message naming the field, nothing written.

mod common;

use common::{Home, answers, clear};
use serde_json::{Value, json};

#[test]
fn screen_prints_exactly_the_contract_json() {
    let h = Home::new();
    let f = h.file("a.json", &answers(&[("saddle", json!(true)), ("weight_loss", json!(true))]).to_string());
    let v = h.json(&["screen", "--answers", &f]);
    assert_eq!(v.as_object().unwrap().keys().collect::<Vec<_>>(), ["action", "reasons", "rules", "urgency"]);
    assert_eq!(v["urgency"], "emergency_now");
    assert_eq!(v["action"], "none_hold");
    assert_eq!(v["rules"], json!(["R03", "R16"]));
    for r in v["reasons"].as_array().unwrap() {
        assert_eq!(r.as_object().unwrap().keys().collect::<Vec<_>>(), ["advice", "condition", "rule"]);
        assert!(!r["advice"].as_str().unwrap().is_empty());
    }
    assert!(!h.db.exists(), "screen --answers without --save writes nothing");
}

#[test]
fn screen_reads_answers_from_standard_input() {
    let h = Home::new();
    let out = h
        .cmd()
        .args(["screen", "--answers", "-", "--format", "json"])
        .write_stdin(clear().to_string())
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["urgency"].as_str(), v["action"].as_str()), (Some("self_manage"), Some("continue")));
    assert_eq!(v["rules"], json!(["R28"]));
}

fn fails_with(h: &Home, args: &[&str], stdin: Option<&str>, needles: &[&str]) {
    let mut c = h.cmd();
    c.args(args);
    if let Some(s) = stdin {
        c.write_stdin(s.to_owned());
    }
    let out = c.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    for n in needles {
        assert!(err.contains(n), "{args:?}: {n:?} not in {err}");
    }
    assert!(out.stdout.is_empty(), "{args:?} printed to stdout on error");
}

#[test]
fn bad_answers_exit_2_naming_the_key() {
    let h = Home::new();
    let mut missing = clear();
    missing.as_object_mut().unwrap().remove("bowel");
    let cases: Vec<(Value, &[&str])> = vec![
        (missing, &["`bowel`", "missing"]),
        (answers(&[("age", json!(130))]), &["`age`", "0 to 120"]),
        (answers(&[("weakness", json!("bad"))]), &["`weakness`", "mild_new"]),
        (answers(&[("diagnosis", json!("sciatica"))]), &["`diagnosis`", "disc_herniation"]),
        (answers(&[("infection_risk", json!(["smoking"]))]), &["`infection_risk`", "tb_exposure"]),
        (answers(&[("fever", json!("yes"))]), &["`fever`", "true or false"]),
        (
            {
                let mut a = clear();
                a["favourite_colour"] = json!("blue");
                a
            },
            &["`favourite_colour`", "unknown"],
        ),
    ];
    for (a, needles) in cases {
        let f = h.file("bad.json", &a.to_string());
        fails_with(&h, &["screen", "--answers", &f, "--save"], None, needles);
    }
    fails_with(&h, &["screen", "--answers", "-"], Some("{\"age\": "), &["not valid JSON"]);
    fails_with(&h, &["screen", "--answers", "-"], Some("[1, 2]"), &["JSON object"]);
    fails_with(&h, &["screen", "--answers", "/no/such/file.json"], None, &["cannot read the answers file"]);
    assert!(!h.db.exists(), "nothing was written");
}

#[test]
fn plan_for_every_cause_and_phase() {
    let h = Home::new();
    let families = [
        ("disc_herniation", "extension_bias", 3),
        ("spinal_stenosis", "flexion_bias", 3),
        ("degenerative_disc", "stabilization", 3),
        ("isthmic_spondylolisthesis", "flexion_stabilization", 3),
        ("piriformis", "hip_piriformis", 3),
        ("si_joint", "si_stabilization", 3),
        ("undiagnosed", "general_gentle", 1),
    ];
    for (cause, family, phases) in families {
        for phase in 1..=phases {
            let v = h.json(&["plan", "--cause", cause, "--phase", &phase.to_string()]);
            assert_eq!(v["cause"], cause);
            assert_eq!(v["family"], family);
            assert_eq!(v["phase"], phase);
            if phase == 1 {
                assert_eq!(v["sessions_per_day"], 2, "{cause}");
            }
            let ex = v["exercises"].as_array().unwrap();
            assert!((2..=5).contains(&ex.len()), "{cause} {phase}");
            for e in ex {
                for key in ["id", "name", "direction", "sets", "reps", "hold_seconds"] {
                    assert!(e.get(key).is_some(), "{cause} {phase}: no {key}");
                }
                if ["spinal_stenosis", "isthmic_spondylolisthesis"].contains(&cause) {
                    assert_ne!(e["direction"], "extension", "{cause} {phase}: {}", e["id"]);
                }
                if cause == "disc_herniation" && phase == 1 {
                    assert_ne!(e["direction"], "flexion", "{}", e["id"]);
                }
            }
        }
    }
    let v = h.json(&["plan", "--cause", "spinal_stenosis"]);
    assert_eq!(v["phase"], 1, "phase 1 by default");
}

#[test]
fn plan_bad_input() {
    let h = Home::new();
    fails_with(&h, &["plan", "--cause", "slipped_disc"], None, &["`cause`", "disc_herniation"]);
    fails_with(&h, &["plan", "--cause", "disc_herniation", "--phase", "4"], None, &["`phase`", "1 to 3"]);
    fails_with(&h, &["plan", "--cause", "undiagnosed", "--phase", "2"], None, &["`phase`", "allowed: 1"]);
    fails_with(&h, &["plan", "--cause", "piriformis", "--phase", "x"], None, &["--phase"]);
}

fn score(h: &Home, measure: &str, answers: &str) -> Value {
    h.json(&["measure", "score", measure, "--answers", answers])
}

#[test]
fn measure_worked_examples() {
    let h = Home::new();
    let a = score(&h, "odi", "3,2,3,2,4,3,1,0,2,3");
    assert_eq!((a["score"].as_f64(), a["band"].as_str()), (Some(46.0), Some("severe")));
    let b = score(&h, "odi", "3,2,3,2,4,3,1,,2,3");
    assert_eq!(
        (b["score"].as_f64(), b["band"].as_str(), b["answered"].as_u64()),
        (Some(51.1), Some("severe"), Some(9))
    );
    let c = score(&h, "odi", "2,1,2,1,3,2,1,,1,");
    assert_eq!((c["score"].as_f64(), c["band"].as_str()), (Some(32.5), Some("moderate")));
    let d = score(&h, "odi", "2,1,2,1,3,2,,,1,");
    assert_eq!(
        (d["score"].clone(), d["band"].clone(), d["answered"].clone()),
        (Value::Null, Value::Null, json!(7))
    );
    let ch = h.json(&["measure", "score", "odi", "--answers", "2,1,2,1,2,2,1,0,1,2", "--baseline", "46"]);
    assert_eq!(ch["score"].as_f64(), Some(28.0));
    assert_eq!((ch["change"]["points"].as_f64(), ch["change"]["percent"].as_f64()), (Some(18.0), Some(39.1)));
    assert_eq!(
        (ch["change"]["meets_points"].as_bool(), ch["change"]["meets_percent"].as_bool()),
        (Some(true), Some(true))
    );

    let r = score(&h, "rmdq", "1,1,1,1,1,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0");
    assert_eq!((r["score"].as_f64(), r["band"].clone()), (Some(11.0), Value::Null));
    assert_eq!(score(&h, "rmdq", "1,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")["skipped"], 2);
    assert_eq!(score(&h, "sbi", "5,4,2,5")["score"].as_f64(), Some(16.0));
    assert_eq!(score(&h, "sfi", "6,5,3,5")["score"].as_f64(), Some(19.0));
    assert_eq!(score(&h, "sbi", "5,,2,5")["score"], Value::Null);
    let n = h.json(&["measure", "score", "nrs", "--answers", "4", "--baseline", "7"]);
    assert_eq!(
        (n["score"].as_f64(), n["band"].clone(), n["change"]["percent"].as_f64()),
        (Some(4.0), Value::Null, Some(42.9))
    );
    for (answers, total, psychosocial, risk) in [
        ("1,0,1,1,0,0,0,0,2", 3, 0, "low"),
        ("1,1,1,1,1,0,0,0,3", 6, 2, "medium"),
        ("1,0,1,0,1,1,1,0,4", 6, 4, "high"),
        ("0,0,0,0,1,1,1,1,1", 4, 4, "high"),
    ] {
        let s = score(&h, "startback", answers);
        assert_eq!(
            (s["total"].as_u64(), s["psychosocial"].as_u64(), s["risk"].as_str()),
            (Some(total), Some(psychosocial), Some(risk))
        );
    }
    let s = score(&h, "startback", "1,0,1,0,1,1,1,0,");
    assert_eq!(
        (s["total"].clone(), s["risk"].clone(), s["score"].clone()),
        (Value::Null, Value::Null, Value::Null)
    );
}

#[test]
fn measure_score_of_the_questionnaires_answered_at_home() {
    let h = Home::new();
    // Leg and back pain: two ratings; the score is the leg pain; one rating still works.
    let n = score(&h, "nrs", "7,3");
    assert_eq!((n["score"].as_f64(), n["leg"].as_u64(), n["back"].as_u64()), (Some(7.0), Some(7), Some(3)));
    assert!(score(&h, "nrs", "7").get("leg").is_none(), "the one-rating form is unchanged");
    // PSFS: the mean of the activities rated (Stratford 1995), higher is better.
    let p = score(&h, "psfs", "3,5,4,,");
    assert_eq!(
        (p["score"].as_f64(), p["band"].clone(), p["answered"].as_u64()),
        (Some(4.0), Value::Null, Some(3))
    );
    let ch = h.json(&["measure", "score", "psfs", "--answers", "6,7,,,", "--baseline", "4"]);
    assert_eq!(
        (ch["change"]["points"].as_f64(), ch["change"]["meets_points"].as_bool()),
        (Some(2.5), Some(true))
    );
    assert!(ch["meaning"].as_str().unwrap().contains("2.5 points better"), "{ch}");
    // PEG: the mean of its three items (Krebs 2009), one decimal; every item needed.
    assert_eq!(score(&h, "peg", "4,6,7")["score"].as_f64(), Some(5.7));
    assert_eq!(score(&h, "peg", "4,,7")["score"], Value::Null);
    // The global change question: the answer and its band.
    let g = score(&h, "global_change", "1");
    assert_eq!((g["score"].as_f64(), g["band"].as_str()), (Some(1.0), Some("much_better")));
    assert_eq!(score(&h, "global_change", "0")["band"], "recovered");
    assert_eq!(score(&h, "global_change", "5")["band"], "worse");
}

#[test]
fn measure_bad_input() {
    let h = Home::new();
    fails_with(
        &h,
        &["measure", "score", "odi", "--answers", "3,2,3,2,4,3,1,0,2"],
        None,
        &["`answers`", "10 answers"],
    );
    fails_with(
        &h,
        &["measure", "score", "odi", "--answers", "3,2,3,2,9,3,1,0,2,3"],
        None,
        &["`answers item 5`", "0 to 5"],
    );
    fails_with(&h, &["measure", "score", "nrs", "--answers", "11"], None, &["`answers item 1`", "0 to 10"]);
    fails_with(&h, &["measure", "score", "pain", "--answers", "1"], None, &["`measure`", "startback"]);
    fails_with(&h, &["measure", "score", "nrs", "--answers", "3", "--baseline", "50"], None, &["`baseline`"]);
    fails_with(&h, &["measure", "score", "nrs", "--answers", "1,2,3"], None, &["`answers`", "2 (or 1"]);
    fails_with(
        &h,
        &["measure", "score", "psfs", "--answers", "3,11,,,"],
        None,
        &["`answers item 2`", "0 to 10"],
    );
    fails_with(
        &h,
        &["measure", "score", "global_change", "--answers", "7"],
        None,
        &["`answers item 1`", "0 to 6"],
    );
    fails_with(&h, &["measure", "score", "peg", "--answers", "1,2"], None, &["`answers`", "3 answers"]);
}

#[test]
fn symptoms_classify_every_row() {
    let h = Home::new();
    let classify = |pre: &str, post: &str, late: Option<&str>| {
        let mut args = vec!["symptoms", "classify", "--pre", pre, "--post", post];
        if let Some(l) = late {
            args.extend(["--late", l]);
        }
        h.json(&args)["class"].as_str().unwrap().to_owned()
    };
    assert_eq!(classify("0", "3", None), "new_side");
    assert_eq!(classify("2", "1", Some("1")), "abolished");
    assert_eq!(classify("4", "2", None), "centralizing");
    assert_eq!(classify("3", "2", Some("4")), "peripheralizing");
    assert_eq!(classify("0", "1", None), "stable");
    assert_eq!(classify("3", "3", Some("2")), "stable");
    assert_eq!(classify("4", "3", Some("4")), "transient");
    assert_eq!(h.json(&["symptoms", "classify", "--pre", "4", "--post", "2"])["provisional"], true);
    fails_with(&h, &["symptoms", "classify", "--pre", "7", "--post", "2"], None, &["`pre`", "6 (toes)"]);
    fails_with(&h, &["symptoms", "classify", "--pre", "3", "--post", "-1"], None, &["`post`"]);
    fails_with(&h, &["symptoms", "classify", "--pre", "3", "--post", "2", "--late", "9"], None, &["`late`"]);
}

#[test]
fn log_bad_input_writes_nothing() {
    let h = Home::new();
    h.screen(&[]);
    h.json(&["log", "--leg-pain-before", "5", "--left-before", "3"]);
    assert_eq!(h.sessions().len(), 1);
    for (args, needle) in [
        (vec!["log", "--leg-pain-before", "11"], "`leg-pain-before`"),
        (vec!["log", "--back-pain-after", "-2"], "`back-pain-after`"),
        (vec!["log", "--left-before", "7"], "`left-before`"),
        (vec!["log", "--right-after", "12", "--leg-pain-before", "4"], "`right-after`"),
        (vec!["log", "--done", "press-ups"], "`done`"),
        (vec!["log", "--response", "prone-lying=better"], "`response`"),
        (vec!["log", "--slot", "noon", "--leg-pain-before", "4"], "`slot`"),
        (vec!["log", "--walking-minutes", "700"], "`walking-minutes`"),
        (vec!["log"], "nothing to log"),
    ] {
        fails_with(&h, &args, None, &[needle]);
    }
    assert_eq!(h.sessions().len(), 1, "nothing written by any bad log");
}

#[test]
fn no_colour_when_not_a_terminal() {
    let h = Home::new();
    let out = h.cmd().args(["plan", "--cause", "piriformis"]).output().unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.contains(&0x1b), "escape codes in piped output");
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("piriformis") || text.contains("buttock"), "{text}");
}
