//! The screen rules as data are checked against an independent transcription of the rule table of
//! REFERENCE §4.3 written in Rust, on every worked case and on random answers.

use super::answers::tests::clear;
use super::*;
use crate::Content;
use proptest::prelude::*;
use serde_json::{Value as Json, json};

/// The reference rule table, written directly from REFERENCE §4.2–4.3.
fn oracle(a: &Json) -> Vec<&'static str> {
    let b = |k: &str| a[k].as_bool().unwrap();
    let s = |k: &str| a[k].as_str().unwrap().to_owned();
    let empty = |k: &str| a[k].as_array().unwrap().is_empty();
    let age = a["age"].as_i64().unwrap();
    let weakness = s("weakness");
    let new_neuro = b("bladder")
        || b("bowel")
        || b("saddle")
        || b("sexual")
        || s("bilateral") == "new"
        || ["mild_new", "severe", "worsening"].contains(&weakness.as_str())
        || b("new_numbness");
    let infection_risk = !empty("infection_risk") || b("recent_spinal_surgery");
    let infection_context = infection_risk || b("back_pain_worsening");
    let not_assessed = s("diagnosis") == "undiagnosed" || !b("cleared_to_exercise");
    let bone = !empty("bone_risk");
    let trauma = s("trauma");
    let mut fired = Vec::new();
    let mut fire = |id, cond: bool| {
        if cond {
            fired.push(id);
        }
    };
    fire("R01", b("bladder"));
    fire("R02", b("bowel"));
    fire("R03", b("saddle"));
    fire("R04", b("sexual"));
    fire("R05", s("bilateral") == "new");
    fire("R06", weakness == "severe" || weakness == "worsening");
    fire("R07", weakness == "mild_new");
    fire("R08", b("fever") && infection_context);
    fire("R09", b("fever") && (new_neuro || (b("unwell") && infection_context)));
    fire("R10", b("cancer") && new_neuro);
    fire("R11", b("cancer") && (b("back_pain_worsening") || b("night_pain") || b("thoracic")));
    fire("R12", trauma == "major");
    fire("R13", trauma == "minor" && (bone || age >= 70));
    fire("R14", b("sudden_severe_central_pain") && trauma == "none" && (bone || age >= 70));
    fire("R15", b("abdominal"));
    fire("R16", b("weight_loss"));
    fire("R17", b("night_pain"));
    fire("R18", infection_risk && b("back_pain_worsening"));
    fire("R19", b("first_episode") && !(20..50).contains(&age) && not_assessed);
    fire("R20", b("inflammatory"));
    fire("R21", b("vascular"));
    fire("R22", not_assessed);
    fire("R24", b("new_numbness"));
    fire("R27", b("pregnant") || b("recent_spinal_surgery"));
    fire("R29", age < 16);
    fire("R30", b("fever") || b("unwell"));
    fire("R31", b("thoracic"));
    if fired.is_empty() {
        fired.push("R28");
    }
    fired
}

pub(super) fn urgency_of(rule: &str) -> Urgency {
    match rule {
        "R01" | "R02" | "R03" | "R04" | "R05" | "R06" | "R09" | "R10" | "R12" | "R15" => {
            Urgency::EmergencyNow
        }
        "R07" | "R08" | "R11" | "R13" | "R14" | "R30" => Urgency::SameDay,
        "R28" => Urgency::SelfManage,
        _ => Urgency::SeeClinicianSoon,
    }
}

fn action_of(rule: &str) -> Action {
    match urgency_of(rule) {
        Urgency::EmergencyNow | Urgency::SameDay => Action::NoneHold,
        _ => match rule {
            "R16" | "R17" | "R27" | "R29" | "R31" => Action::Hold,
            "R18" | "R19" | "R22" => Action::GeneralGentle,
            "R24" => Action::Regress,
            _ => Action::Continue,
        },
    }
}

fn run(j: &Json) -> Outcome {
    screen(Content::embedded(), &Answers::from_json(j).unwrap())
}

fn with(patch: &[(&str, Json)]) -> Json {
    let mut j = clear();
    for (k, v) in patch {
        j[*k] = v.clone();
    }
    j
}

#[test]
fn no_flags_is_self_manage_with_the_fallback_only() {
    let o = run(&clear());
    assert_eq!((o.urgency, o.action), (Urgency::SelfManage, Action::Continue));
    assert_eq!(o.rules, vec!["R28"]);
    assert_eq!(o.reasons.len(), 1);
}

#[test]
fn every_rule_matches_the_table_alone() {
    let cases: &[(&str, &[(&str, Json)])] = &[
        ("R01", &[("bladder", json!(true))]),
        ("R02", &[("bowel", json!(true))]),
        ("R03", &[("saddle", json!(true))]),
        ("R04", &[("sexual", json!(true))]),
        ("R05", &[("bilateral", json!("new"))]),
        ("R06", &[("weakness", json!("worsening"))]),
        ("R07", &[("weakness", json!("mild_new"))]),
        ("R12", &[("trauma", json!("major"))]),
        ("R13", &[("trauma", json!("minor")), ("age", json!(70))]),
        ("R14", &[("sudden_severe_central_pain", json!(true)), ("bone_risk", json!(["osteoporosis"]))]),
        ("R15", &[("abdominal", json!(true))]),
        ("R16", &[("weight_loss", json!(true))]),
        ("R17", &[("night_pain", json!(true))]),
        ("R20", &[("inflammatory", json!(true))]),
        ("R21", &[("vascular", json!(true))]),
        ("R22", &[("cleared_to_exercise", json!(false))]),
        ("R24", &[("new_numbness", json!(true))]),
        ("R31", &[("thoracic", json!(true))]),
    ];
    for (rule, patch) in cases {
        let o = run(&with(patch));
        assert!(o.rules.contains(&(*rule).to_owned()), "{rule}: {:?}", o.rules);
        assert_eq!(o.urgency, urgency_of(rule), "{rule}");
        assert_eq!(o.action, action_of(rule), "{rule}");
        let content_rule = Content::embedded().rule(rule).unwrap();
        assert_eq!(
            (content_rule.urgency, content_rule.action),
            (urgency_of(rule), action_of(rule)),
            "{rule}"
        );
    }
}

#[test]
fn combined_vignettes() {
    // Fever with new numbness: epidural abscess triad (R09) plus R24 and R30.
    let o = run(&with(&[("fever", json!(true)), ("new_numbness", json!(true))]));
    assert_eq!(o.urgency, Urgency::EmergencyNow);
    assert_eq!(o.rules, vec!["R09", "R24", "R30"]);
    // Recent spinal surgery implies a recent procedure: fever + worsening back pain → R08.
    let o = run(&with(&[
        ("fever", json!(true)),
        ("recent_spinal_surgery", json!(true)),
        ("back_pain_worsening", json!(true)),
    ]));
    assert!(o.rules.contains(&"R08".to_owned()) && o.rules.contains(&"R18".to_owned()), "{:?}", o.rules);
    assert_eq!((o.urgency, o.action), (Urgency::SameDay, Action::NoneHold));
    // A benign diagnosis never suppresses a red flag.
    let o = run(&with(&[("diagnosis", json!("piriformis")), ("saddle", json!(true))]));
    assert_eq!(o.urgency, Urgency::EmergencyNow);
    // Longstanding bilateral symptoms in diagnosed stenosis are not an emergency.
    let o = run(&with(&[
        ("diagnosis", json!("spinal_stenosis")),
        ("bilateral", json!("longstanding")),
        ("age", json!(72)),
    ]));
    assert_eq!(o.urgency, Urgency::SelfManage);
    // Known, assessed severe weakness alone fires nothing.
    let o = run(&with(&[("weakness", json!("severe_longstanding"))]));
    assert_eq!(o.rules, vec!["R28"]);
    // First episode at 55, undiagnosed: R19 and R22, general_gentle.
    let o = run(&with(&[
        ("first_episode", json!(true)),
        ("age", json!(55)),
        ("diagnosis", json!("undiagnosed")),
    ]));
    assert_eq!(o.rules, vec!["R19", "R22"]);
    assert_eq!(o.action, Action::GeneralGentle);
    // A 15-year-old: R29 hold.
    let o = run(&with(&[("age", json!(15))]));
    assert_eq!((o.rules.clone(), o.action), (vec!["R29".to_owned()], Action::Hold));
    // Pregnant and cleared: R27 hold whatever the clearance says.
    let o = run(&with(&[("pregnant", json!(true))]));
    assert_eq!(o.action, Action::Hold);
    assert!(!o.blocks_program());
}

#[test]
fn every_fired_rule_is_reported_with_its_advice() {
    let o = run(&with(&[("bladder", json!(true)), ("weight_loss", json!(true)), ("vascular", json!(true))]));
    assert_eq!(o.rules, vec!["R01", "R16", "R21"]);
    for r in &o.reasons {
        assert!(!r.advice.is_empty() && !r.condition.is_empty());
    }
    let text = serde_json::to_value(&o).unwrap();
    assert_eq!(text["urgency"], "emergency_now");
    assert_eq!(text["action"], "none_hold");
    assert_eq!(
        text["reasons"][0].as_object().unwrap().keys().collect::<Vec<_>>(),
        ["advice", "condition", "rule"]
    );
}

pub(super) fn answers_strategy() -> impl Strategy<Value = Json> {
    let b = any::<bool>;
    let pick = |v: &'static [&'static str]| proptest::sample::select(v.to_vec());
    let subset = |v: &'static [&'static str]| proptest::sample::subsequence(v.to_vec(), 0..=v.len());
    (
        (0i64..=120, pick(&["disc_herniation", "spinal_stenosis", "degenerative_disc", "isthmic_spondylolisthesis", "piriformis", "si_joint", "undiagnosed"]), b(), b(), b(), b(), b()),
        (pick(&["none", "new", "longstanding"]), pick(&["none", "mild_stable", "mild_new", "severe", "worsening", "severe_longstanding"]), b(), b(), subset(&["injecting_drug_use", "immunosuppression", "recent_spinal_procedure", "recent_infection", "tb_exposure"]), b(), b()),
        (b(), b(), b(), pick(&["none", "minor", "major"]), subset(&["osteoporosis", "fragility_fracture", "long_term_steroids"]), b(), b()),
        (b(), b(), b(), b(), b(), b()),
    )
        .prop_map(|((age, dx, cl, bl, bo, sa, se), (bi, we, fe, un, ir, ca, wl), (np, th, bw, tr, br, ss, ab), (inf, va, fi, pr, rs, nn))| {
            json!({
                "age": age, "diagnosis": dx, "cleared_to_exercise": cl, "bladder": bl, "bowel": bo,
                "saddle": sa, "sexual": se, "bilateral": bi, "weakness": we, "fever": fe, "unwell": un,
                "infection_risk": ir, "cancer": ca, "weight_loss": wl, "night_pain": np, "thoracic": th,
                "back_pain_worsening": bw, "trauma": tr, "bone_risk": br, "sudden_severe_central_pain": ss,
                "abdominal": ab, "inflammatory": inf, "vascular": va, "first_episode": fi, "pregnant": pr,
                "recent_spinal_surgery": rs, "new_numbness": nn
            })
        })
}

/// Keys whose "yes" (or worse value) is a red-flag answer.
const FLAG_KEYS: &[&str] = &[
    "bladder",
    "bowel",
    "saddle",
    "sexual",
    "fever",
    "unwell",
    "cancer",
    "weight_loss",
    "night_pain",
    "thoracic",
    "back_pain_worsening",
    "sudden_severe_central_pain",
    "abdominal",
    "inflammatory",
    "vascular",
    "pregnant",
    "recent_spinal_surgery",
    "new_numbness",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_content_rules_agree_with_the_reference_table(a in answers_strategy()) {
        let o = run(&a);
        let want = oracle(&a);
        prop_assert_eq!(&o.rules, &want.iter().map(|r| (*r).to_owned()).collect::<Vec<_>>());
        prop_assert_eq!(o.urgency, want.iter().map(|r| urgency_of(r)).max().unwrap());
        prop_assert_eq!(o.action, want.iter().map(|r| action_of(r)).max().unwrap());
    }

    #[test]
    fn adding_a_red_flag_answer_never_lowers_urgency_or_action(
        a in answers_strategy(),
        key in proptest::sample::select(FLAG_KEYS.to_vec()),
    ) {
        let before = run(&a);
        let mut b = a.clone();
        b[key] = json!(true);
        let after = run(&b);
        prop_assert!(after.urgency >= before.urgency, "{key}: {:?} → {:?}", before.urgency, after.urgency);
        prop_assert!(after.action >= before.action, "{key}: {:?} → {:?}", before.action, after.action);
    }

    #[test]
    fn a_worse_leg_answer_never_lowers_urgency(a in answers_strategy()) {
        let before = run(&a);
        for (key, worst) in [("bilateral", "new"), ("weakness", "worsening"), ("trauma", "major")] {
            let mut b = a.clone();
            b[key] = json!(worst);
            prop_assert!(run(&b).urgency >= before.urgency, "{key}");
        }
    }

    #[test]
    fn emergency_and_same_day_always_block_the_programme(a in answers_strategy()) {
        let o = run(&a);
        if o.urgency >= Urgency::SameDay {
            prop_assert_eq!(o.action, Action::NoneHold);
            prop_assert!(o.blocks_program());
        }
    }
}
