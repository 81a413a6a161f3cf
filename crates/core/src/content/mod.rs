//! Clinical content as data: causes, exercises, protocols, screening questions and rules,
//! outcome measures and shared wording. Parsed from TOML text that the caller hands in; the
//! embedded copy is compiled into the binary.

pub mod cause;
pub mod exercise;
pub mod learn;
pub mod measure;
pub mod protocol;
pub mod screening;
pub mod text;
mod validate;

use crate::ids::{Cause, MeasureId};
use crate::triage::CompiledRules;
use cause::{CauseInfo, Source};
use exercise::Exercise;
use learn::LearnPage;
use measure::MeasureDef;
use protocol::Protocol;
use screening::{Helper, Question, Rule, Topic};
use serde::Deserialize;
use std::fmt;
use std::sync::OnceLock;
use text::Texts;

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded_content.rs"));
}

/// The whole, validated clinical content.
#[derive(Debug, Clone)]
pub struct Content {
    /// The seven causes.
    pub causes: Vec<CauseInfo>,
    /// The bibliography.
    pub sources: Vec<Source>,
    /// Shared wording.
    pub texts: Texts,
    /// The exercise library, ordered by code.
    pub exercises: Vec<Exercise>,
    /// One protocol per cause.
    pub protocols: Vec<Protocol>,
    /// Screening pages.
    pub topics: Vec<Topic>,
    /// Screening questions, in the order they are asked.
    pub questions: Vec<Question>,
    /// Helper terms of the rules.
    pub helpers: Vec<Helper>,
    /// Triage rules.
    pub rules: Vec<Rule>,
    /// Outcome measures.
    pub measures: Vec<MeasureDef>,
    /// Learn pages, in order.
    pub learn: Vec<LearnPage>,
    compiled: CompiledRules,
    files: Vec<(String, String)>,
}

/// One problem found in content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (relative to the content directory).
    pub file: String,
    /// The entry within it (an id), or empty.
    pub entry: String,
    /// What is wrong and what is allowed.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.entry.is_empty() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{} [{}]: {}", self.file, self.entry, self.message)
        }
    }
}

/// Content that failed to load: every problem found.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("content has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"))]
pub struct ContentError(pub Vec<Problem>);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CausesFile {
    cause: Vec<CauseInfo>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SourcesFile {
    source: Vec<Source>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionsFile {
    topic: Vec<Topic>,
    question: Vec<Question>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RulesFile {
    #[serde(default)]
    helper: Vec<Helper>,
    rule: Vec<Rule>,
}

/// Where a file goes, by its path.
enum Kind {
    Causes,
    Sources,
    Texts,
    Exercise,
    Protocol,
    Questions,
    Rules,
    Measure,
    Learn,
}

fn kind_of(path: &str) -> Option<Kind> {
    Some(match path {
        "causes.toml" => Kind::Causes,
        "sources.toml" => Kind::Sources,
        "text.toml" => Kind::Texts,
        "screening/questions.toml" => Kind::Questions,
        "screening/rules.toml" => Kind::Rules,
        p if p.starts_with("exercises/") => Kind::Exercise,
        p if p.starts_with("protocols/") => Kind::Protocol,
        p if p.starts_with("measures/") => Kind::Measure,
        p if p.starts_with("learn/") => Kind::Learn,
        _ => return None,
    })
}

fn parse<T: serde::de::DeserializeOwned>(path: &str, text: &str, problems: &mut Vec<Problem>) -> Option<T> {
    match toml::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            problems.push(Problem {
                file: path.to_owned(),
                entry: String::new(),
                message: e.to_string().trim_end().replace('\n', "\n    "),
            });
            None
        }
    }
}

impl Content {
    /// The content compiled into the binary.
    pub fn embedded() -> &'static Content {
        static EMBEDDED: OnceLock<Content> = OnceLock::new();
        EMBEDDED.get_or_init(|| {
            let files: Vec<(String, String)> =
                embedded::FILES.iter().map(|(p, t)| ((*p).to_owned(), (*t).to_owned())).collect();
            Content::from_files(files).unwrap_or_else(|e| panic!("embedded content is invalid: {e}"))
        })
    }

    /// The embedded content files, as (path, text), for clinics to start editing from.
    pub fn embedded_files() -> &'static [(&'static str, &'static str)] {
        embedded::FILES
    }

    /// Parses and validates a set of content files given as (path relative to the content
    /// directory, text). Every problem is reported, not only the first.
    pub fn from_files(files: Vec<(String, String)>) -> Result<Content, ContentError> {
        let mut problems = Vec::new();
        let mut causes = None;
        let mut sources = None;
        let mut texts = None;
        let mut questions = None;
        let mut rules = None;
        let mut exercises = Vec::new();
        let mut protocols = Vec::new();
        let mut measures = Vec::new();
        let mut learn: Vec<(String, LearnPage)> = Vec::new();
        for (path, text) in &files {
            let Some(kind) = kind_of(path) else {
                problems.push(Problem {
                    file: path.clone(),
                    entry: String::new(),
                    message: "unknown content file; expected causes.toml, sources.toml, text.toml, screening/questions.toml, screening/rules.toml, exercises/*.toml, protocols/*.toml, measures/*.toml or learn/*.toml".to_owned(),
                });
                continue;
            };
            match kind {
                Kind::Causes => causes = parse::<CausesFile>(path, text, &mut problems),
                Kind::Sources => sources = parse::<SourcesFile>(path, text, &mut problems),
                Kind::Texts => texts = parse::<Texts>(path, text, &mut problems),
                Kind::Questions => questions = parse::<QuestionsFile>(path, text, &mut problems),
                Kind::Rules => rules = parse::<RulesFile>(path, text, &mut problems),
                Kind::Exercise => {
                    exercises.extend(parse::<Exercise>(path, text, &mut problems).map(|e| (path.clone(), e)));
                }
                Kind::Protocol => {
                    protocols.extend(parse::<Protocol>(path, text, &mut problems).map(|p| (path.clone(), p)));
                }
                Kind::Measure => {
                    measures
                        .extend(parse::<MeasureDef>(path, text, &mut problems).map(|m| (path.clone(), m)));
                }
                Kind::Learn => {
                    learn.extend(parse::<LearnPage>(path, text, &mut problems).map(|l| (path.clone(), l)));
                }
            }
        }
        for (name, missing) in [
            ("causes.toml", causes.is_none()),
            ("sources.toml", sources.is_none()),
            ("text.toml", texts.is_none()),
            ("screening/questions.toml", questions.is_none()),
            ("screening/rules.toml", rules.is_none()),
        ] {
            if missing && !problems.iter().any(|p| p.file == name) {
                problems.push(Problem {
                    file: name.to_owned(),
                    entry: String::new(),
                    message: "missing file".to_owned(),
                });
            }
        }
        let (Some(causes), Some(sources), Some(texts), Some(questions), Some(rules)) =
            (causes, sources, texts, questions, rules)
        else {
            return Err(ContentError(problems));
        };
        if !problems.is_empty() {
            return Err(ContentError(problems));
        }
        exercises.sort_by(|a, b| a.1.code.cmp(&b.1.code));
        let mut content = Content {
            causes: causes.cause,
            sources: sources.source,
            texts,
            exercises: exercises.iter().map(|(_, e)| e.clone()).collect(),
            protocols: protocols.iter().map(|(_, p)| p.clone()).collect(),
            topics: questions.topic,
            questions: questions.question,
            helpers: rules.helper,
            rules: rules.rule,
            measures: measures.iter().map(|(_, m)| m.clone()).collect(),
            learn: {
                let mut pages: Vec<LearnPage> = learn.iter().map(|(_, l)| l.clone()).collect();
                pages.sort_by_key(|p| p.order);
                pages
            },
            compiled: CompiledRules::default(),
            files,
        };
        let paths = validate::Paths {
            exercises: exercises.into_iter().map(|(p, e)| (e.id, p)).collect(),
            protocols: protocols.into_iter().map(|(p, pr)| (pr.cause, p)).collect(),
            measures: measures.into_iter().map(|(p, m)| (m.id, p)).collect(),
            learn: learn.into_iter().map(|(p, l)| (l.id, p)).collect(),
        };
        let problems = validate::validate(&mut content, &paths);
        if problems.is_empty() { Ok(content) } else { Err(ContentError(problems)) }
    }

    /// The files this content was read from, as (path, text).
    pub fn files(&self) -> &[(String, String)] {
        &self.files
    }

    pub(crate) fn compiled_rules(&self) -> &CompiledRules {
        &self.compiled
    }

    /// An exercise by slug.
    pub fn exercise(&self, id: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.id == id)
    }

    /// What is known about a cause.
    pub fn cause(&self, cause: Cause) -> &CauseInfo {
        self.causes.iter().find(|c| c.id == cause).expect("validated: every cause is described")
    }

    /// The protocol of a cause.
    pub fn protocol(&self, cause: Cause) -> &Protocol {
        self.protocols.iter().find(|p| p.cause == cause).expect("validated: every cause has a protocol")
    }

    /// A measure definition.
    pub fn measure(&self, id: MeasureId) -> &MeasureDef {
        self.measures.iter().find(|m| m.id == id).expect("validated: every measure is defined")
    }

    /// A learn page by id.
    pub fn learn_page(&self, id: &str) -> Option<&LearnPage> {
        self.learn.iter().find(|p| p.id == id)
    }

    /// A rule by id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The plain name of a level 0–6.
    pub fn level_name(&self, level: crate::symptoms::Level) -> &str {
        &self.texts.levels[usize::from(level.get())]
    }
}

#[cfg(test)]
mod tests;
