use super::*;
use crate::record::{Record, Screen};
use crate::triage::Outcome;
use jiff::Timestamp;

fn c() -> &'static Content {
    Content::embedded()
}

fn advice(kind: HarmKind, severity: Severity) -> Advice {
    advise(c(), kind, severity)
}

#[test]
fn a_bladder_bowel_or_saddle_change_is_an_emergency_whatever_its_severity() {
    for kind in [HarmKind::BladderBowel, HarmKind::OtherLeg] {
        for s in Severity::ALL {
            let a = advice(kind, *s);
            assert_eq!((a.urgency, a.action), (Urgency::EmergencyNow, Action::NoneHold), "{kind} {s}");
            assert!(a.emergency() && a.pauses(), "{kind} {s}");
        }
    }
    assert!(advice(HarmKind::BladderBowel, Severity::Mild).advice.contains("emergency"));
}

#[test]
fn new_weakness_is_same_day_and_severe_weakness_an_emergency() {
    for s in [Severity::Mild, Severity::Moderate] {
        let a = advice(HarmKind::Weakness, s);
        assert_eq!((a.urgency, a.action), (Urgency::SameDay, Action::NoneHold), "{s}");
        assert!(a.pauses() && !a.emergency());
    }
    let a = advice(HarmKind::Weakness, Severity::Severe);
    assert_eq!(a.urgency, Urgency::EmergencyNow);
}

#[test]
fn anything_severe_means_a_doctor_today_and_a_pause() {
    for kind in [HarmKind::Numbness, HarmKind::PainWorse, HarmKind::FallInjury, HarmKind::Other] {
        let a = advice(kind, Severity::Severe);
        assert_eq!((a.rule, a.urgency, a.action), ("H05", Urgency::SameDay, Action::NoneHold), "{kind}");
        assert!(a.pauses());
    }
}

#[test]
fn moderate_harm_asks_for_a_clinician_and_makes_the_programme_easier_or_waits() {
    let a = advice(HarmKind::Numbness, Severity::Moderate);
    assert_eq!((a.urgency, a.action), (Urgency::SeeClinicianSoon, Action::Regress));
    assert!(!a.pauses());
    let a = advice(HarmKind::PainWorse, Severity::Moderate);
    assert_eq!((a.urgency, a.action), (Urgency::SeeClinicianSoon, Action::Regress));
    let a = advice(HarmKind::FallInjury, Severity::Moderate);
    assert_eq!((a.urgency, a.action), (Urgency::SeeClinicianSoon, Action::Hold));
    assert!(a.pauses(), "a hold pauses the programme");
}

#[test]
fn mild_harm_is_calm_advice_to_carry_on_with_care() {
    for kind in [HarmKind::PainWorse, HarmKind::FallInjury, HarmKind::Other] {
        let a = advice(kind, Severity::Mild);
        assert_eq!((a.rule, a.urgency, a.action), ("H09", Urgency::SelfManage, Action::Continue), "{kind}");
        assert!(!a.pauses());
        assert!(a.advice.contains("Carry on with care"), "{}", a.advice);
        assert!(!a.advice.contains("emergency department now"), "calm, not alarming: {}", a.advice);
    }
    // Mild numbness is still a stop sign (STOP-2): a clinician soon and an easier programme.
    assert_eq!(advice(HarmKind::Numbness, Severity::Mild).action, Action::Regress);
}

#[test]
fn every_report_maps_to_a_harm_rule_of_the_content() {
    for kind in HarmKind::ALL {
        for s in Severity::ALL {
            let id = rule_for(*kind, *s);
            assert!(RULES.contains(&id), "{kind} {s} → {id}");
            let rule = c().rule(id).unwrap_or_else(|| panic!("{id} missing from the content"));
            assert_eq!(rule.input, crate::content::screening::RuleInput::Harm, "{id}");
        }
    }
    for id in RULES {
        let used = HarmKind::ALL.iter().any(|k| Severity::ALL.iter().any(|s| rule_for(*k, *s) == *id));
        assert!(used, "{id} is never chosen");
    }
}

#[test]
fn bad_input_names_the_field_and_what_is_allowed() {
    let e = Report::parse("fell", "", "").unwrap_err();
    assert_eq!(e.0.len(), 2, "{e}");
    assert_eq!(e.0[0].field, "kind");
    assert!(e.0[0].problem.contains("bladder_bowel"), "{e}");
    assert_eq!(e.0[1].field, "severity");
    assert!(e.0[1].problem.contains("mild, moderate, severe"), "{e}");
    let e = Report::parse("other", "mild", "  ").unwrap_err();
    assert_eq!(e.0[0].field, "details");
    let e = Report::parse("pain_worse", "mild", &"x".repeat(DETAILS_MAX + 1)).unwrap_err();
    assert!(e.0[0].problem.contains("2000"), "{e}");
    assert!(Report::parse("pain_worse", "mild", "a\u{7}b").is_err());
    let r = Report::parse(" pain_worse ", "severe", "  sharp pain in the calf ").unwrap();
    assert_eq!(r.details.as_deref(), Some("sharp pain in the calf"));
    assert_eq!(Report::parse("fall_injury", "mild", "").unwrap().details, None);
}

#[test]
fn a_report_raises_an_alert_that_pauses_the_programme_until_assessed() {
    let content = c();
    let at = Timestamp::from_second(1_772_000_000).unwrap();
    let mut r = Record::default();
    r.screened(Screen {
        id: "s1".into(),
        taken_at: at,
        urgency: Urgency::SelfManage,
        action: Action::Continue,
        rules: vec!["R28".into()],
    })
    .unwrap();
    // A clinician assessed the person yesterday: a harm report is raised all the same (no quiet
    // period for what the person reports).
    r.assessed(at);
    let later = at + jiff::SignedDuration::from_hours(24);
    let a = advise(content, HarmKind::BladderBowel, Severity::Mild);
    let alert = r.harm_reported(a.rule, later, "a1".into()).expect("raised");
    assert_eq!(alert.rule, "H01");
    assert!(r.harm_reported(a.rule, later, "a2".into()).is_none(), "one open alert per rule");
    let status: Outcome = r.status(content, later.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(), later);
    assert_eq!(status.urgency, Urgency::EmergencyNow);
    assert!(status.blocks_program());
    r.assessed(later + jiff::SignedDuration::from_hours(1));
    let status = r.status(content, later.to_zoned_datetime(jiff::tz::TimeZone::UTC).date(), later);
    assert_eq!(status.urgency, Urgency::SelfManage);
}
