//! Screening answers: the JSON object of DESIGN §4, parsed into checked values.
//!
//! Every key is required; an unknown key, a missing key or a value out of range is an error that
//! names the key and says what is allowed. All problems are reported at once.

use crate::error::{FieldError, FieldErrors};
use crate::ids::Cause;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

/// The type of an answer key and its allowed values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyType {
    /// `true` or `false`.
    Bool,
    /// A whole number in a range.
    Int {
        /// Smallest allowed.
        min: i64,
        /// Largest allowed.
        max: i64,
    },
    /// One of a fixed set of strings.
    Choice(&'static [&'static str]),
    /// A list of distinct strings from a fixed set (possibly empty).
    List(&'static [&'static str]),
}

const CAUSES: &[&str] = &[
    "disc_herniation",
    "spinal_stenosis",
    "degenerative_disc",
    "isthmic_spondylolisthesis",
    "piriformis",
    "si_joint",
    "undiagnosed",
];

/// Every answer key of the contract, with its type, in the order of DESIGN §4.
pub const KEYS: &[(&str, KeyType)] = &[
    ("age", KeyType::Int { min: 0, max: 120 }),
    ("diagnosis", KeyType::Choice(CAUSES)),
    ("cleared_to_exercise", KeyType::Bool),
    ("bladder", KeyType::Bool),
    ("bowel", KeyType::Bool),
    ("saddle", KeyType::Bool),
    ("sexual", KeyType::Bool),
    ("bilateral", KeyType::Choice(&["none", "new", "longstanding"])),
    (
        "weakness",
        KeyType::Choice(&["none", "mild_stable", "mild_new", "severe", "worsening", "severe_longstanding"]),
    ),
    ("fever", KeyType::Bool),
    ("unwell", KeyType::Bool),
    (
        "infection_risk",
        KeyType::List(&[
            "injecting_drug_use",
            "immunosuppression",
            "recent_spinal_procedure",
            "recent_infection",
            "tb_exposure",
        ]),
    ),
    ("cancer", KeyType::Bool),
    ("weight_loss", KeyType::Bool),
    ("night_pain", KeyType::Bool),
    ("thoracic", KeyType::Bool),
    ("back_pain_worsening", KeyType::Bool),
    ("trauma", KeyType::Choice(&["none", "minor", "major"])),
    ("bone_risk", KeyType::List(&["osteoporosis", "fragility_fracture", "long_term_steroids"])),
    ("sudden_severe_central_pain", KeyType::Bool),
    ("abdominal", KeyType::Bool),
    ("inflammatory", KeyType::Bool),
    ("vascular", KeyType::Bool),
    ("first_episode", KeyType::Bool),
    ("pregnant", KeyType::Bool),
    ("recent_spinal_surgery", KeyType::Bool),
    ("new_numbness", KeyType::Bool),
];

/// The type of a key, if it is a contract key.
pub fn key_type(key: &str) -> Option<KeyType> {
    KEYS.iter().find(|(k, _)| *k == key).map(|(_, t)| *t)
}

impl KeyType {
    /// What is allowed, in words.
    pub fn allowed(self) -> String {
        match self {
            KeyType::Bool => "true or false".to_owned(),
            KeyType::Int { min, max } => format!("a whole number from {min} to {max}"),
            KeyType::Choice(values) => format!("one of {}", quoted(values)),
            KeyType::List(values) => {
                format!("a list (possibly empty) of distinct values from {}", quoted(values))
            }
        }
    }
}

fn quoted(values: &[&str]) -> String {
    values.iter().map(|v| format!("\"{v}\"")).collect::<Vec<_>>().join(", ")
}

/// One checked answer value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A yes/no answer.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// One choice.
    Choice(String),
    /// Several choices.
    List(Vec<String>),
}

/// A checked set of screening answers: complete (every key, as the contract requires), or, for a
/// screen stopped early because its result was already decided, the keys answered so far.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    values: BTreeMap<&'static str, Value>,
}

impl Answers {
    /// Parses the answers JSON text.
    pub fn from_json_str(text: &str) -> Result<Answers, FieldErrors> {
        let json: Json = serde_json::from_str(text)
            .map_err(|e| FieldErrors(vec![FieldError::new("answers", format!("not valid JSON: {e}"))]))?;
        Answers::from_json(&json)
    }

    /// Checks a parsed JSON value.
    pub fn from_json(json: &Json) -> Result<Answers, FieldErrors> {
        let Some(object) = json.as_object() else {
            return Err(FieldErrors(vec![FieldError::new(
                "answers",
                "must be a JSON object with one key per question",
            )]));
        };
        Answers::from_object(object)
    }

    /// Checks the answers given so far: every key present must be known and in range; missing
    /// keys stay unanswered (a screen in progress, or one stopped early with an urgent result).
    pub fn partial(json: &Json) -> Result<Answers, FieldErrors> {
        let Some(object) = json.as_object() else {
            return Err(FieldErrors(vec![FieldError::new("answers", "must be a JSON object")]));
        };
        Answers::check_object(object, false)
    }

    fn from_object(object: &Map<String, Json>) -> Result<Answers, FieldErrors> {
        Answers::check_object(object, true)
    }

    fn check_object(object: &Map<String, Json>, complete: bool) -> Result<Answers, FieldErrors> {
        let mut errors = Vec::new();
        for key in object.keys() {
            if key_type(key).is_none() {
                let allowed = KEYS.iter().map(|(k, _)| *k).collect::<Vec<_>>().join(", ");
                errors.push(FieldError::new(
                    key.clone(),
                    format!("unknown answer key; allowed keys: {allowed}"),
                ));
            }
        }
        let mut values = BTreeMap::new();
        for (key, ty) in KEYS {
            match object.get(*key) {
                None if !complete => {}
                None => errors.push(FieldError::new(
                    *key,
                    format!("missing; every key is required ({})", ty.allowed()),
                )),
                Some(v) => match check(*ty, v) {
                    Ok(value) => {
                        values.insert(*key, value);
                    }
                    Err(problem) => errors.push(FieldError::new(*key, problem)),
                },
            }
        }
        if errors.is_empty() { Ok(Answers { values }) } else { Err(FieldErrors(errors)) }
    }

    /// The value of a contract key (`None` only for a key not answered yet).
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// Every key of the contract is answered.
    pub fn is_complete(&self) -> bool {
        self.values.len() == KEYS.len()
    }

    /// The recorded diagnosis and clearance, when both were answered.
    pub fn cause_and_clearance(&self) -> Option<(Cause, bool)> {
        (self.values.contains_key("diagnosis") && self.values.contains_key("cleared_to_exercise"))
            .then(|| (self.diagnosis(), self.cleared()))
    }

    /// These answers with the cause and the clearance a clinician recorded in place of the
    /// person's own (each only when recorded): the contract's `diagnosis` is the
    /// clinician-confirmed cause, and `cleared_to_exercise` a clinician's agreement.
    #[must_use]
    pub fn with_care(&self, cause: Option<Cause>, cleared: Option<bool>) -> Answers {
        let mut values = self.values.clone();
        if let Some(c) = cause {
            values.insert("diagnosis", Value::Choice(c.as_str().to_owned()));
        }
        if let Some(c) = cleared {
            values.insert("cleared_to_exercise", Value::Bool(c));
        }
        Answers { values }
    }

    /// Sets a value, checking it against the key's type (used by interactive screens).
    pub fn builder() -> AnswersBuilder {
        AnswersBuilder { object: Map::new() }
    }

    /// The answers as the contract JSON object.
    pub fn to_json(&self) -> Json {
        let mut object = Map::new();
        for (key, value) in &self.values {
            let v = match value {
                Value::Bool(b) => Json::Bool(*b),
                Value::Int(n) => Json::from(*n),
                Value::Choice(s) => Json::String(s.clone()),
                Value::List(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
            };
            object.insert((*key).to_owned(), v);
        }
        Json::Object(object)
    }

    /// The recorded diagnosis.
    pub fn diagnosis(&self) -> Cause {
        match self.values.get("diagnosis") {
            Some(Value::Choice(s)) => s.parse().unwrap_or(Cause::Undiagnosed),
            _ => Cause::Undiagnosed,
        }
    }

    /// Whether a clinician cleared the person to exercise.
    pub fn cleared(&self) -> bool {
        matches!(self.values.get("cleared_to_exercise"), Some(Value::Bool(true)))
    }

    /// The person's age.
    pub fn age(&self) -> i64 {
        match self.values.get("age") {
            Some(Value::Int(n)) => *n,
            _ => 0,
        }
    }
}

/// Builds answers one key at a time, checking each value as it is set.
#[derive(Debug, Clone, Default)]
pub struct AnswersBuilder {
    object: Map<String, Json>,
}

impl AnswersBuilder {
    /// Sets `key` to `value` after checking it.
    pub fn set(&mut self, key: &str, value: Json) -> Result<(), FieldError> {
        let ty = key_type(key).ok_or_else(|| FieldError::new(key, "unknown answer key"))?;
        check(ty, &value).map_err(|p| FieldError::new(key, p))?;
        self.object.insert(key.to_owned(), value);
        Ok(())
    }

    /// The value already set for `key`.
    pub fn get(&self, key: &str) -> Option<&Json> {
        self.object.get(key)
    }

    /// The complete answers, or the keys still missing.
    pub fn build(&self) -> Result<Answers, FieldErrors> {
        Answers::from_object(&self.object)
    }

    /// The answers set so far (each was checked when set).
    pub fn so_far(&self) -> Result<Answers, FieldErrors> {
        Answers::check_object(&self.object, false)
    }
}

fn check(ty: KeyType, v: &Json) -> Result<Value, String> {
    let wrong = || format!("must be {} (got {v})", ty.allowed());
    match ty {
        KeyType::Bool => v.as_bool().map(Value::Bool).ok_or_else(wrong),
        KeyType::Int { min, max } => match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Ok(Value::Int(n)),
            _ => Err(wrong()),
        },
        KeyType::Choice(allowed) => match v.as_str() {
            Some(s) if allowed.contains(&s) => Ok(Value::Choice(s.to_owned())),
            _ => Err(wrong()),
        },
        KeyType::List(allowed) => {
            let items = v.as_array().ok_or_else(wrong)?;
            let mut out: Vec<String> = Vec::with_capacity(items.len());
            for item in items {
                match item.as_str() {
                    Some(s) if allowed.contains(&s) => {
                        if out.iter().any(|o| o == s) {
                            return Err(format!("lists \"{s}\" twice; {}", ty.allowed()));
                        }
                        out.push(s.to_owned());
                    }
                    _ => return Err(format!("{} (got {item} in the list)", wrong())),
                }
            }
            Ok(Value::List(out))
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Answers with no red flag for a 42-year-old with a confirmed, cleared disc herniation.
    pub(crate) fn clear() -> Json {
        serde_json::json!({
            "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
            "bladder": false, "bowel": false, "saddle": false, "sexual": false,
            "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
            "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
            "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
            "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
            "vascular": false, "first_episode": false, "pregnant": false,
            "recent_spinal_surgery": false, "new_numbness": false
        })
    }

    fn errors(json: &Json) -> Vec<String> {
        Answers::from_json(json).unwrap_err().0.into_iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn parses_a_complete_set() {
        let a = Answers::from_json(&clear()).unwrap();
        assert_eq!(a.diagnosis(), Cause::DiscHerniation);
        assert!(a.cleared());
        assert_eq!(a.to_json(), clear());
    }

    #[test]
    fn names_missing_unknown_and_out_of_range_keys() {
        let mut j = clear();
        j.as_object_mut().unwrap().remove("saddle");
        j["age"] = 130.into();
        j["bilateral"] = "both".into();
        j["infection_risk"] = serde_json::json!(["tb_exposure", "tb_exposure"]);
        j["colour"] = "blue".into();
        let e = errors(&j);
        assert_eq!(e.len(), 5, "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("`saddle`: missing")), "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("`age`") && m.contains("0 to 120")), "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("`bilateral`") && m.contains("\"longstanding\"")));
        assert!(e.iter().any(|m| m.starts_with("`infection_risk`") && m.contains("twice")));
        assert!(e.iter().any(|m| m.starts_with("`colour`: unknown")), "{e:?}");
    }

    #[test]
    fn rejects_wrong_types_and_non_objects() {
        let mut j = clear();
        j["fever"] = "no".into();
        j["age"] = 42.5.into();
        let e = errors(&j);
        assert!(e.iter().any(|m| m.starts_with("`fever`: must be true or false")), "{e:?}");
        assert!(e.iter().any(|m| m.starts_with("`age`")), "{e:?}");
        assert!(Answers::from_json(&serde_json::json!([1])).is_err());
        assert!(Answers::from_json_str("{").is_err());
    }

    #[test]
    fn builder_checks_each_value() {
        let mut b = Answers::builder();
        assert!(b.set("age", 121.into()).is_err());
        assert!(b.set("nope", true.into()).is_err());
        for (k, v) in clear().as_object().unwrap() {
            b.set(k, v.clone()).unwrap();
        }
        assert_eq!(b.build().unwrap().to_json(), clear());
    }

    #[test]
    fn partial_answers_keep_only_what_was_answered() {
        let a = Answers::partial(&serde_json::json!({"age": 60, "bladder": true})).unwrap();
        assert!(!a.is_complete());
        assert_eq!(a.get("saddle"), None);
        assert_eq!(a.cause_and_clearance(), None);
        assert_eq!(a.to_json(), serde_json::json!({"age": 60, "bladder": true}));
        let e = Answers::partial(&serde_json::json!({"age": 200, "colour": 1})).unwrap_err();
        assert_eq!(e.0.len(), 2, "{e:?}");
        assert!(Answers::partial(&clear()).unwrap().is_complete());
    }
}
