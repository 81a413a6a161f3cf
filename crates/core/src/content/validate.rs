//! Cross-checks of the whole content: duplicates, dangling references, missing sources, unsafe
//! protocol entries and out-of-bounds dosages. Every problem is collected.

use super::exercise::{Dosage, Status};
use super::{Content, Problem};
use crate::content::screening::RuleInput;
use crate::ids::{Action, Cause, MeasureId, Urgency};
use crate::symptoms::SymptomClass;
use crate::triage::CompiledRules;
use crate::triage::answers::{KEYS, KeyType, key_type};
use std::collections::{BTreeMap, BTreeSet};

mod measures;
mod player;
use measures::measures;

/// The file each entry came from, for messages.
pub(super) struct Paths {
    pub exercises: BTreeMap<String, String>,
    pub protocols: BTreeMap<Cause, String>,
    pub measures: BTreeMap<MeasureId, String>,
    pub learn: BTreeMap<String, String>,
}

pub(super) struct Report {
    problems: Vec<Problem>,
}

impl Report {
    pub(super) fn add(&mut self, file: &str, entry: &str, message: impl Into<String>) {
        self.problems.push(Problem {
            file: file.to_owned(),
            entry: entry.to_owned(),
            message: message.into(),
        });
    }

    pub(super) fn duplicates<'a>(&mut self, file: &str, what: &str, ids: impl IntoIterator<Item = &'a str>) {
        let mut seen = BTreeSet::new();
        for id in ids {
            if !seen.insert(id) {
                self.add(file, id, format!("duplicate {what} `{id}`"));
            }
        }
    }

    pub(super) fn sources(&mut self, file: &str, entry: &str, keys: &[String], known: &BTreeSet<String>) {
        if keys.is_empty() {
            self.add(file, entry, "no source: every entry names at least one key of sources.toml");
        }
        for k in keys {
            if !known.contains(k) {
                self.add(file, entry, format!("source `{k}` is not defined in sources.toml"));
            }
        }
    }

    fn dosage(&mut self, file: &str, entry: &str, d: &Dosage) {
        for (field, allowed) in d.out_of_bounds() {
            self.add(file, entry, format!("dosage `{field}` is out of bounds; allowed: {allowed}"));
        }
    }
}

pub(super) fn validate(c: &mut Content, paths: &Paths) -> Vec<Problem> {
    let mut r = Report { problems: Vec::new() };
    let known: BTreeSet<String> = c.sources.iter().map(|s| s.key.clone()).collect();
    r.duplicates("sources.toml", "source", c.sources.iter().map(|s| s.key.as_str()));
    causes(c, &mut r, &known);
    exercises(c, paths, &mut r, &known);
    protocols(c, paths, &mut r, &known);
    questions(c, &mut r, &known);
    rules(c, &mut r, &known);
    measures(c, paths, &mut r, &known);
    learn(c, paths, &mut r, &known);
    texts(c, &mut r);
    player::player(c, &mut r);
    r.problems
}

fn causes(c: &Content, r: &mut Report, known: &BTreeSet<String>) {
    let f = "causes.toml";
    r.duplicates(f, "cause", c.causes.iter().map(|x| x.id.as_str()));
    for cause in Cause::ALL {
        match c.causes.iter().find(|x| x.id == *cause) {
            None => r.add(f, cause.as_str(), "cause is not described"),
            Some(info) => {
                if info.family != cause.family() {
                    r.add(
                        f,
                        cause.as_str(),
                        format!("family must be `{}` (REFERENCE §3), not `{}`", cause.family(), info.family),
                    );
                }
                r.sources(f, cause.as_str(), &info.sources, known);
                for like in info.relief.iter().flat_map(|x| &x.like) {
                    if c.exercise(like).is_none() {
                        r.add(f, cause.as_str(), format!("`relief.like` names unknown exercise `{like}`"));
                    }
                }
            }
        }
    }
}

fn exercises(c: &Content, paths: &Paths, r: &mut Report, known: &BTreeSet<String>) {
    r.duplicates("exercises/", "exercise id", c.exercises.iter().map(|e| e.id.as_str()));
    r.duplicates("exercises/", "exercise code", c.exercises.iter().map(|e| e.code.as_str()));
    for e in &c.exercises {
        let f = paths.exercises.get(&e.id).map_or("exercises/", String::as_str);
        if e.id.is_empty()
            || !e.id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        {
            r.add(f, &e.id, "id must be kebab-case (a-z, 0-9 and -)");
        }
        for (field, empty) in [
            ("plain_name", e.plain_name.trim().is_empty()),
            ("start_position", e.start_position.trim().is_empty()),
            ("end_position", e.end_position.trim().is_empty()),
            ("steps", e.steps.is_empty()),
            ("form_cues", e.form_cues.is_empty()),
            ("common_mistakes", e.common_mistakes.is_empty()),
        ] {
            if empty {
                r.add(f, &e.id, format!("`{field}` is empty"));
            }
        }
        r.dosage(f, &e.id, &e.dosage);
        if e.progression.dosage.is_some() {
            r.add(f, &e.id, "`progression.dosage`: only a regression has a dose of its own".to_owned());
        }
        if let Some(o) = &e.regression.dosage {
            r.dosage(f, &e.id, &e.dosage.with(o));
        }
        for (field, step) in [("progression", &e.progression), ("regression", &e.regression)] {
            if let Some(to) = &step.to {
                if to == &e.id {
                    r.add(f, &e.id, format!("`{field}.to` points at the exercise itself"));
                } else if c.exercise(to).is_none() {
                    r.add(f, &e.id, format!("`{field}.to` names unknown exercise `{to}`"));
                }
            }
        }
        for cause in Cause::ALL {
            if !e.suits.contains_key(cause) {
                r.add(f, &e.id, format!("`suits` has no entry for `{cause}`"));
            }
        }
        r.sources(f, &e.id, &e.sources, known);
        for m in e.pose.problems() {
            r.add(f, &e.id, format!("`pose` {m}"));
        }
    }
}

fn protocols(c: &Content, paths: &Paths, r: &mut Report, known: &BTreeSet<String>) {
    r.duplicates("protocols/", "protocol for", c.protocols.iter().map(|p| p.cause.as_str()));
    for cause in Cause::ALL {
        let Some(p) = c.protocols.iter().find(|p| p.cause == *cause) else {
            r.add("protocols/", cause.as_str(), "cause has no protocol");
            continue;
        };
        let f = paths.protocols.get(cause).map_or("protocols/", String::as_str);
        let id = cause.as_str();
        if p.family != cause.family() {
            r.add(f, id, format!("family must be `{}`, not `{}`", cause.family(), p.family));
        }
        r.sources(f, id, &p.sources, known);
        let avoided = c
            .causes
            .iter()
            .find(|x| x.id == *cause)
            .map(|x| x.avoided_directions.clone())
            .unwrap_or_default();
        for (i, phase) in p.phases.iter().enumerate() {
            let entry = format!("{id} phase {}", phase.number);
            if usize::from(phase.number) != i + 1 {
                r.add(
                    f,
                    &entry,
                    format!(
                        "phases must be numbered 1, 2, 3 in order; found {} in place {}",
                        phase.number,
                        i + 1
                    ),
                );
            }
            if !(1..=4).contains(&phase.sessions_per_day) {
                r.add(f, &entry, "`sessions_per_day` is out of bounds; allowed: 1 to 4");
            }
            let last = i + 1 == p.phases.len();
            if last != phase.progress_when.is_empty() {
                r.add(
                    f,
                    &entry,
                    if last {
                        "the last phase has no `progress_when`"
                    } else {
                        "every phase but the last needs `progress_when` criteria"
                    },
                );
            }
            let mut ungated = 0;
            let mut seen: Vec<&str> = Vec::new();
            for pe in &phase.exercises {
                let Some(ex) = c.exercise(&pe.id) else {
                    r.add(f, &entry, format!("names unknown exercise `{}`", pe.id));
                    continue;
                };
                if seen.contains(&pe.id.as_str()) {
                    r.add(f, &entry, format!("lists `{}` twice", pe.id));
                }
                if let Some(after) = &pe.after {
                    if !seen.contains(&after.as_str()) {
                        r.add(
                            f,
                            &entry,
                            format!(
                                "`{}` comes after `{after}`, which is not listed before it in this phase",
                                pe.id
                            ),
                        );
                    }
                } else if !pe.trial {
                    ungated += 1;
                }
                seen.push(&pe.id);
                r.dosage(f, &format!("{entry}: {}", pe.id), &ex.dosage.with(&pe.dosage));
                if ex.clinician_only {
                    r.add(
                        f,
                        &entry,
                        format!(
                            "`{}` is for clinicians to prescribe only; it cannot be in a protocol",
                            pe.id
                        ),
                    );
                }
                let status = ex.status(*cause, phase.number);
                let problem = match (status, pe.trial) {
                    (Status::Avoid, _) => Some(format!(
                        "`{}` is contraindicated (avoid) for `{id}` in phase {}",
                        pe.id, phase.number
                    )),
                    (Status::Trial, false) => {
                        Some(format!("`{}` is only a logged trial for `{id}`; mark it `trial = true`", pe.id))
                    }
                    (Status::Later, _) => Some(format!("`{}` is for a later phase for `{id}`", pe.id)),
                    (Status::NotRelevant, _) => {
                        Some(format!("`{}` is marked not relevant for `{id}`", pe.id))
                    }
                    (Status::ClinicianOnly, _) => Some(format!("`{}` is clinician-only for `{id}`", pe.id)),
                    _ => None,
                };
                if let Some(msg) = problem {
                    r.add(f, &entry, msg);
                }
                if phase.number <= 2 && !pe.trial && avoided.contains(&ex.direction) {
                    r.add(
                        f,
                        &entry,
                        format!(
                            "`{}` bends {} ({}), a direction `{id}` avoids early",
                            pe.id, ex.direction, ex.plain_name
                        ),
                    );
                }
            }
            if ungated < 2 {
                r.add(f, &entry, "needs at least two exercises that are neither trials nor ladder steps (`after`), so every plan has 2 to 5");
            }
        }
        if p.phases.is_empty() {
            r.add(f, id, "has no phases");
        }
    }
}

fn questions(c: &Content, r: &mut Report, known: &BTreeSet<String>) {
    let f = "screening/questions.toml";
    r.duplicates(f, "topic", c.topics.iter().map(|t| t.id.as_str()));
    r.duplicates(f, "question", c.questions.iter().map(|q| q.id.as_str()));
    r.duplicates(f, "question for key", c.questions.iter().map(|q| q.key.as_str()));
    for q in &c.questions {
        r.sources(f, &q.id, &q.sources, known);
        if !c.topics.iter().any(|t| t.id == q.topic) {
            r.add(f, &q.id, format!("topic `{}` is not defined", q.topic));
        }
        let Some(ty) = key_type(&q.key) else {
            r.add(f, &q.id, format!("`{}` is not an answer key of the screening contract", q.key));
            continue;
        };
        let labelled: Vec<&str> = q.choices.iter().map(|ch| ch.value.as_str()).collect();
        match ty {
            KeyType::Choice(values) | KeyType::List(values) => {
                let mut want = values.to_vec();
                let mut got = labelled.clone();
                want.sort_unstable();
                got.sort_unstable();
                if want != got {
                    r.add(f, &q.id, format!("choices must label exactly: {}", values.join(", ")));
                }
            }
            KeyType::Bool | KeyType::Int { .. } => {
                if !labelled.is_empty() {
                    r.add(f, &q.id, "a yes/no or number question has no `choices`");
                }
            }
        }
    }
    for q in c.questions.iter().filter(|q| q.weekly_summary.is_some()) {
        if crate::triage::pages::ASKED_AFRESH.contains(&q.key.as_str()) {
            r.add(f, &q.id, "a red-flag question is asked afresh every time; it has no `weekly_summary`");
        }
    }
    for (key, _) in KEYS {
        if !c.questions.iter().any(|q| q.key == *key) {
            r.add(f, key, format!("no question sets the answer key `{key}`"));
        }
    }
}

/// The history and measure rules the progression engine evaluates.
const EVALUATED_IN_CODE: &[(&str, RuleInput)] = &[
    ("R23", RuleInput::History),
    ("R25", RuleInput::History),
    ("R32", RuleInput::History),
    ("R26", RuleInput::Measure),
];

fn rules(c: &mut Content, r: &mut Report, known: &BTreeSet<String>) {
    let f = "screening/rules.toml";
    r.duplicates(f, "rule", c.rules.iter().map(|x| x.id.as_str()));
    r.duplicates(f, "helper", c.helpers.iter().map(|h| h.name.as_str()));
    for rule in &c.rules {
        r.sources(f, &rule.id, &rule.sources, known);
        if rule.urgency >= Urgency::SameDay && rule.action != Action::NoneHold {
            r.add(
                f,
                &rule.id,
                "every emergency_now and same_day rule uses the action `none_hold` (REFERENCE §4.1)",
            );
        }
        if rule.input == RuleInput::Harm {
            if !crate::harm::RULES.contains(&rule.id.as_str()) {
                r.add(f, &rule.id, "only H01 to H09 are harm rules (chosen by the harm report)");
            }
        } else if rule.input != RuleInput::Screen {
            match EVALUATED_IN_CODE.iter().find(|(id, _)| *id == rule.id) {
                Some((_, input)) if *input == rule.input => {}
                Some(_) => r.add(f, &rule.id, "has the wrong `input` for the rule the engine evaluates"),
                None => r.add(
                    f,
                    &rule.id,
                    "only R23, R25 and R32 (history) and R26 (measure) are evaluated outside a screen",
                ),
            }
            if rule.condition_text.is_none() {
                r.add(
                    f,
                    &rule.id,
                    "a history or measure rule states its exact condition in `condition_text`",
                );
            }
        }
    }
    for (id, _) in EVALUATED_IN_CODE {
        if c.rule(id).is_none() {
            r.add(f, id, "missing: the progression engine raises this rule");
        }
    }
    for (file, entry, msg) in crate::harm::missing(c) {
        r.add(file, &entry, msg);
    }
    match CompiledRules::compile(&c.rules, &c.helpers) {
        Ok(compiled) => c.compiled = compiled,
        Err(errors) => {
            for (entry, msg) in errors {
                r.add(f, &entry, msg);
            }
        }
    }
}

fn learn(c: &Content, paths: &Paths, r: &mut Report, known: &BTreeSet<String>) {
    r.duplicates("learn/", "learn page", c.learn.iter().map(|p| p.id.as_str()));
    for page in &c.learn {
        let f = paths.learn.get(&page.id).map_or("learn/", String::as_str);
        r.sources(f, &page.id, &page.sources, known);
        if page.sections.is_empty() {
            r.add(f, &page.id, "has no sections");
        }
        for rel in &page.related {
            if c.learn_page(rel).is_none() {
                r.add(f, &page.id, format!("`related` names unknown learn page `{rel}`"));
            }
        }
    }
}

fn texts(c: &Content, r: &mut Report) {
    let f = "text.toml";
    for u in Urgency::ALL {
        if !c.texts.urgency.contains_key(u) {
            r.add(f, u.as_str(), "no wording for this urgency");
        }
    }
    for a in Action::ALL {
        if !c.texts.action.contains_key(a) {
            r.add(f, a.as_str(), "no wording for this action");
        }
    }
    for k in SymptomClass::ALL {
        if !c.texts.symptom_class.contains_key(&k) {
            r.add(f, k.as_str(), "no wording for this symptom class");
        }
    }
    if c.texts.levels.len() != 7 {
        r.add(f, "levels", "needs seven plain names, for levels 0 (none) to 6 (toes)");
    }
    for n in 1..=7 {
        let code = format!("STOP-{n}");
        if !c.texts.stop_rules.iter().any(|s| s.code == code) {
            r.add(f, &code, "missing stop rule");
        }
    }
}
