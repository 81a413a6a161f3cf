use super::*;
use crate::content::exercise::Status;
use crate::ids::{Direction, Family};

fn files() -> Vec<(String, String)> {
    Content::embedded_files().iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect()
}

/// The embedded files with one file's text changed by `f`.
fn edited(path: &str, f: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let mut fs = files();
    let entry = fs.iter_mut().find(|(p, _)| p == path).unwrap_or_else(|| panic!("no file {path}"));
    let new = f(&entry.1);
    assert_ne!(new, entry.1, "the edit of {path} changed nothing");
    entry.1 = new;
    fs
}

fn problems(fs: Vec<(String, String)>) -> Vec<String> {
    Content::from_files(fs).unwrap_err().0.iter().map(ToString::to_string).collect()
}

fn assert_problem(fs: Vec<(String, String)>, needle: &str) {
    let ps = problems(fs);
    assert!(ps.iter().any(|p| p.contains(needle)), "no problem containing {needle:?} in {ps:#?}");
}

#[test]
fn the_embedded_content_is_complete() {
    let c = Content::embedded();
    assert_eq!(c.causes.len(), 7);
    assert_eq!(c.exercises.len(), 29);
    assert_eq!(c.protocols.len(), 7);
    assert_eq!(c.measures.len(), 9);
    assert_eq!(c.questions.len(), crate::triage::answers::KEYS.len());
    let ids: Vec<&str> = c.rules.iter().map(|r| r.id.as_str()).collect();
    let want: Vec<String> = (1..=32)
        .map(|n| format!("R{n:02}"))
        .chain(crate::harm::RULES.iter().map(|h| (*h).to_owned()))
        .collect();
    assert_eq!(ids, want.iter().map(String::as_str).collect::<Vec<_>>());
    for cause in crate::ids::Cause::ALL {
        let p = c.protocol(*cause);
        let want = if *cause == crate::ids::Cause::Undiagnosed { 1 } else { 3 };
        assert_eq!(p.phases.len(), want, "{cause}");
        assert_eq!(p.phases[0].sessions_per_day, 2, "{cause}: twice a day in phase 1");
    }
}

#[test]
fn every_screen_key_is_read_by_some_rule() {
    let c = Content::embedded();
    let read = c.compiled_rules().keys_read();
    for (key, _) in crate::triage::answers::KEYS {
        assert!(read.contains(key), "no rule reads `{key}`");
    }
}

#[test]
fn families_and_directions_follow_the_reference() {
    let c = Content::embedded();
    let dir = |id: &str| c.exercise(id).unwrap().direction;
    assert_eq!(dir("prone-press-up"), Direction::Extension);
    assert_eq!(dir("standing-side-glide"), Direction::Lateral);
    assert_eq!(dir("supine-hamstring-strap"), Direction::Flexion);
    assert_eq!(dir("supine-sciatic-slider"), Direction::NerveGlide);
    assert_eq!(c.protocol(crate::ids::Cause::SpinalStenosis).family, Family::FlexionBias);
    // No phase-1 protocol contains an extension exercise for stenosis or spondylolisthesis.
    for cause in [crate::ids::Cause::SpinalStenosis, crate::ids::Cause::IsthmicSpondylolisthesis] {
        for pe in &c.protocol(cause).phases[0].exercises {
            assert_ne!(dir(&pe.id), Direction::Extension, "{cause}: {}", pe.id);
        }
    }
    // The undiagnosed programme has no ✗ exercise, and its T exercises are trials.
    for pe in &c.protocol(crate::ids::Cause::Undiagnosed).phases[0].exercises {
        let s = c.exercise(&pe.id).unwrap().status(crate::ids::Cause::Undiagnosed, 1);
        assert_ne!(s, Status::Avoid, "{}", pe.id);
        assert_eq!(s == Status::Trial, pe.trial, "{}", pe.id);
    }
}

#[test]
fn no_copyrighted_item_text_is_shipped() {
    for m in &Content::embedded().measures {
        if m.item_text_licensed {
            assert!(!m.licensed_text_loaded, "{}: the shipped copy has no licensed text", m.id);
            for item in &m.items {
                assert!(item.text.contains("not included"), "{}: {}", m.id, item.text);
            }
        }
    }
}

#[test]
fn licensed_text_a_clinic_loads_is_checked() {
    let loaded = |t: &str| {
        t.replace("item_text_licensed = true", "item_text_licensed = true\nlicensed_text_loaded = true")
    };
    let ps = problems(edited("measures/odi.toml", loaded));
    assert!(ps.iter().any(|p| p.contains("needs `copyright_notice`")), "{ps:#?}");
    assert!(ps.iter().any(|p| p.contains("item 10: `text` is still the placeholder")), "{ps:#?}");
    let fs = edited("measures/odi.toml", |t| {
        loaded(t)
            .replace(crate::content::measure::PLACEHOLDER, "Section text from the clinic's licensed copy.")
            .replace(
                "licensed_text_loaded = true",
                "licensed_text_loaded = true\ncopyright_notice = \"Used under the clinic's licence.\"",
            )
    });
    let c = Content::from_files(fs).unwrap();
    assert!(c.measure(crate::MeasureId::Odi).offered());
    assert_problem(
        edited("measures/peg.toml", |t| t.replace("\"2w\"", "\"2 weeks\"")),
        "not a schedule point",
    );
    assert_problem(
        edited("measures/global_change.toml", |t| t.replace("much_better = \"", "very_better = \"")),
        "`band_meanings` names `very_better`",
    );
}

#[test]
fn rejects_a_dangling_reference() {
    let fs = edited("exercises/01-prone-lying.toml", |t| {
        t.replace("to = \"prone-on-elbows\"", "to = \"prone-on-elbow\"")
    });
    assert_problem(fs, "names unknown exercise `prone-on-elbow`");
    let fs = edited("protocols/piriformis.toml", |t| t.replacen("id = \"", "id = \"no-such-", 1));
    assert_problem(fs, "unknown exercise `no-such-");
}

#[test]
fn rejects_a_missing_or_undefined_source() {
    let fs = edited("exercises/12-abdominal-bracing.toml", |t| {
        let start = t.find("sources = [").unwrap();
        let end = start + t[start..].find(']').unwrap() + 1;
        format!("{}sources = []{}", &t[..start], &t[end..])
    });
    assert_problem(fs, "[abdominal-bracing]: no source");
    let fs =
        edited("screening/rules.toml", |t| t.replacen("sources = [", "sources = [\"nowhere-2024\", ", 1));
    assert_problem(fs, "source `nowhere-2024` is not defined");
}

#[test]
fn rejects_an_exercise_in_a_protocol_of_a_cause_it_is_contraindicated_for() {
    let fs = edited("protocols/spinal_stenosis.toml", |t| {
        t.replacen(
            "[[phases.exercises]]\n",
            "[[phases.exercises]]\nid = \"prone-press-up\"\n\n[[phases.exercises]]\n",
            1,
        )
    });
    assert_problem(fs, "`prone-press-up` is contraindicated (avoid) for `spinal_stenosis` in phase 1");
}

#[test]
fn rejects_a_clinician_only_exercise_or_an_unmarked_trial_in_a_protocol() {
    let fs = edited("protocols/disc_herniation.toml", |t| {
        t.replacen(
            "[[phases.exercises]]\n",
            "[[phases.exercises]]\nid = \"standing-side-glide\"\n\n[[phases.exercises]]\n",
            1,
        )
    });
    assert_problem(fs, "for clinicians to prescribe only");
    let fs = edited("protocols/undiagnosed.toml", |t| t.replace("trial = true", "trial = false"));
    assert_problem(fs, "is only a logged trial for `undiagnosed`");
}

#[test]
fn rejects_a_duplicate_id() {
    let mut fs = files();
    let copy = fs.iter().find(|(p, _)| p == "exercises/08-posterior-pelvic-tilt.toml").unwrap().1.clone();
    fs.push(("exercises/99-copy.toml".to_owned(), copy.replace("code = \"E08\"", "code = \"E99\"")));
    assert_problem(fs, "duplicate exercise id `posterior-pelvic-tilt`");
    let fs = edited("screening/rules.toml", |t| t.replacen("id = \"R02\"", "id = \"R01\"", 1));
    assert_problem(fs, "duplicate rule `R01`");
}

#[test]
fn rejects_a_dosage_out_of_bounds() {
    let fs = edited("exercises/06-single-knee-to-chest.toml", |t| {
        let start = t.find("[dosage]").unwrap();
        let reps = start + t[start..].find("reps = ").unwrap();
        let end = reps + t[reps..].find('\n').unwrap();
        format!("{}reps = 0{}", &t[..reps], &t[end..])
    });
    assert_problem(fs, "[single-knee-to-chest]: dosage `reps` is out of bounds; allowed: 1 to 30");
    let fs = edited("protocols/disc_herniation.toml", |t| {
        t.replacen("dosage = {", "dosage = { times_per_day = 40,", 1)
    });
    assert_problem(fs, "dosage `times_per_day` is out of bounds");
}

#[test]
fn rejects_a_rule_that_cannot_be_evaluated() {
    let fs = edited("screening/rules.toml", |t| t.replacen("when = 'bladder'", "when = 'bladdr'", 1));
    assert_problem(fs, "[R01]: `when`: `bladdr` is neither an answer key nor a helper");
    let fs =
        edited("screening/rules.toml", |t| t.replacen("action = \"none_hold\"", "action = \"continue\"", 1));
    assert_problem(fs, "uses the action `none_hold`");
}

#[test]
fn rejects_a_question_set_that_misses_a_key() {
    let fs = edited("screening/questions.toml", |t| t.replacen("key = \"saddle\"", "key = \"sadle\"", 1));
    let ps = problems(fs);
    assert!(ps.iter().any(|p| p.contains("`sadle` is not an answer key")), "{ps:#?}");
    assert!(ps.iter().any(|p| p.contains("no question sets the answer key `saddle`")), "{ps:#?}");
}

#[test]
fn reports_the_file_and_line_of_a_malformed_file_and_unknown_fields() {
    let fs = edited("causes.toml", |t| t.replacen("[[cause]]", "[[cause]\n", 1));
    let ps = problems(fs);
    assert!(ps.iter().any(|p| p.starts_with("causes.toml: ") && p.contains("line")), "{ps:#?}");
    let fs = edited("exercises/27-walking-program.toml", |t| format!("colour = \"blue\"\n{t}"));
    assert_problem(fs, "unknown field `colour`");
    let mut fs = files();
    fs.push(("notes.toml".to_owned(), String::new()));
    assert_problem(fs, "notes.toml: unknown content file");
}

#[test]
fn rejects_player_wording_that_loses_its_count_or_names_an_unknown_placeholder() {
    let fs = edited("text.toml", |t| t.replacen("hold = \"Hold {n} of {of}\"", "hold = \"Hold of {of}\"", 1));
    assert_problem(fs, "[session.player.hold]: needs the placeholder `{n}`");
    let fs = edited("text.toml", |t| t.replacen("relax = \"Relax\"", "relax = \"Relax {n}\"", 1));
    assert_problem(fs, "[session.player.relax]: unknown placeholder `{n}`; allowed: none");
    let fs = edited("text.toml", |t| t.replacen("{where}? Tap Start.", "{side}? Tap Start.", 1));
    assert_problem(fs, "[session.browser.next]: unknown placeholder `{side}`; allowed: {where}");
}
