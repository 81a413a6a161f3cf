//! OpenAPI schemas of the contract identifiers and the screening answers, built from the core's
//! own lists so the document cannot drift from what the program accepts.

use sciatica_core::triage::answers::{KEYS, KeyType};
use sciatica_core::{Action, Cause, Direction, Family, MeasureId, Response, Slot, SymptomClass, Urgency};
use std::borrow::Cow;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, Object, ObjectBuilder, Schema, SchemaType, Type,
};
use utoipa::openapi::{KnownFormat, RefOr, SchemaFormat};
use utoipa::{PartialSchema, ToSchema};

fn one_of<'a>(values: impl IntoIterator<Item = &'a str>, nullable: bool) -> Object {
    let mut values: Vec<Option<&str>> = values.into_iter().map(Some).collect();
    let ty: SchemaType = if nullable {
        values.push(None);
        [Type::String, Type::Null].into_iter().collect()
    } else {
        Type::String.into()
    };
    ObjectBuilder::new().schema_type(ty).enum_values(Some(values)).build()
}

/// `self_manage` … `emergency_now`.
pub fn urgency() -> Object {
    one_of(Urgency::ALL.iter().map(|v| v.as_str()), false)
}

/// `continue` … `none_hold`.
pub fn action() -> Object {
    one_of(Action::ALL.iter().map(|v| v.as_str()), false)
}

/// A cause id.
pub fn cause() -> Object {
    one_of(Cause::ALL.iter().map(|v| v.as_str()), false)
}

/// A programme family.
pub fn family() -> Object {
    one_of(Family::ALL.iter().map(|v| v.as_str()), false)
}

/// An exercise direction.
pub fn direction() -> Object {
    one_of(Direction::ALL.iter().map(|v| v.as_str()), false)
}

/// `morning`, `evening` or `extra`.
pub fn slot() -> Object {
    one_of(Slot::ALL.iter().map(|v| v.as_str()), false)
}

/// A slot, or null to take it from the time of the session.
pub fn slot_or_null() -> Object {
    one_of(Slot::ALL.iter().map(|v| v.as_str()), true)
}

/// A measure id.
pub fn measure() -> Object {
    one_of(MeasureId::ALL.iter().map(|v| v.as_str()), false)
}

/// An IANA time-zone name this server knows (the names of its time-zone database).
pub fn time_zone() -> Object {
    let names: Vec<String> = jiff::tz::db()
        .available()
        .map(|n| n.to_string())
        .filter(|n| sciatica_core::schedule::parse_tz(n).is_ok())
        .collect();
    one_of(names.iter().map(String::as_str), false)
}

/// A STarT Back risk group.
pub fn risk() -> Object {
    use sciatica_core::measures::Risk;
    one_of([Risk::Low, Risk::Medium, Risk::High].map(Risk::as_str), false)
}

/// A symptom-response class, or null when there is nothing to classify.
pub fn class_or_null() -> Object {
    one_of(SymptomClass::ALL.iter().map(|v| v.as_str()), true)
}

/// What an exercise did to the leg symptoms, or null when not asked.
pub fn response_or_null() -> Object {
    one_of(Response::ALL.iter().map(|v| v.as_str()), true)
}

/// A pain rating 0–10, or null.
pub fn pain_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type([Type::Integer, Type::Null].into_iter().collect::<SchemaType>())
        .minimum(Some(0))
        .maximum(Some(10))
        .build()
}

/// A nerve-route level 0 (none) … 6 (toes), or null.
pub fn level_or_null() -> Object {
    ObjectBuilder::new()
        .schema_type([Type::Integer, Type::Null].into_iter().collect::<SchemaType>())
        .minimum(Some(0))
        .maximum(Some(6))
        .build()
}

/// The screening answers of DESIGN §4: every key required, nothing else allowed.
pub struct ScreeningAnswers;

impl PartialSchema for ScreeningAnswers {
    fn schema() -> RefOr<Schema> {
        let mut object = ObjectBuilder::new()
            .schema_type(Type::Object)
            .description(Some(
                "The screening answers: every key is required; an unknown key, a missing key or a value \
                 out of range is refused with a problem naming the key.",
            ))
            .additional_properties(Some(AdditionalProperties::FreeForm(false)));
        for (key, ty) in KEYS {
            let property: Schema = match ty {
                KeyType::Bool => ObjectBuilder::new().schema_type(Type::Boolean).build().into(),
                KeyType::Int { min, max } => ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(*min))
                    .maximum(Some(*max))
                    .build()
                    .into(),
                KeyType::Choice(values) => one_of(values.iter().copied(), false).into(),
                KeyType::List(values) => ArrayBuilder::new()
                    .items(one_of(values.iter().copied(), false))
                    .unique_items(true)
                    .build()
                    .into(),
            };
            object = object.property(*key, property).required(*key);
        }
        RefOr::T(object.build().into())
    }
}

impl ToSchema for ScreeningAnswers {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("ScreeningAnswers")
    }
}

/// An instant (RFC 3339, UTC).
pub fn instant() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .build()
}

/// Whitespace as Rust's `trim` removes it (the `White_Space` property).
macro_rules! ws {
    () => {
        "\\t\\n\\x0B\\x0C\\r\\x85 \\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
    };
}
/// Whitespace that is not a control character.
macro_rules! spaces {
    () => {
        " \\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000"
    };
}
/// Control characters but tabs and line breaks.
macro_rules! controls {
    () => {
        "\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F"
    };
}
/// Every control character.
macro_rules! all_controls {
    () => {
        "\\x00-\\x1F\\x7F-\\x9F"
    };
}

/// A pattern for text that is trimmed (of `around`), then has at most `max` characters, none of
/// `forbidden` (a character-class body), and, when `required`, at least one. The length is part of
/// the pattern because it counts what is left after trimming, which `maxLength` cannot say.
fn trimmed(around: &str, forbidden: &str, max: usize, required: bool) -> String {
    let inner = if forbidden.is_empty() { "[\\s\\S]".to_owned() } else { format!("[^{forbidden}]") };
    let optional = if required { "" } else { "?" };
    format!("^[{around}]*(?:{inner}{{0,{}}}[^{}{forbidden}]){optional}[{around}]*$", max - 1, ws!())
}

/// Free text as `free_text` takes it: trimmed, up to `max` characters, no control characters but
/// tabs and line breaks.
fn text(max: usize, required: bool) -> String {
    trimmed(ws!(), controls!(), max, required)
}

/// One line once trimmed: no control characters but in the whitespace around it.
fn line(max: usize, required: bool) -> String {
    trimmed(ws!(), all_controls!(), max, required)
}

/// A telephone number as `Phone::parse` takes it (trimmed): digits, spaces, `-`, `.`, `(`, `)`, a
/// leading `+`, and 2 to 20 digits.
const PHONE: &str = concat!("[", ws!(), "]*\\+?[ .()-]*(?:[0-9][ .()-]*){2,20}[", ws!(), "]*");
/// Nothing but whitespace.
const BLANK: &str = concat!("[", ws!(), "]*");

fn text_of(pattern: &str, nullable: bool) -> Object {
    let ty: SchemaType =
        if nullable { [Type::String, Type::Null].into_iter().collect() } else { Type::String.into() };
    ObjectBuilder::new().schema_type(ty).pattern(Some(pattern)).build()
}

/// Optional free text of up to 2000 characters (tabs and line breaks allowed), or null.
pub fn text_2000_or_null() -> Object {
    text_of(&text(2000, false), true)
}

/// Free text of 1 to 2000 characters, not only spaces.
pub fn text_2000() -> Object {
    text_of(&text(2000, true), false)
}

/// Free text of 1 to 500 characters, not only spaces.
pub fn text_500() -> Object {
    text_of(&text(500, true), false)
}

/// Any text of up to 500 characters once trimmed, or null.
pub fn any_500_or_null() -> Object {
    text_of(&trimmed(ws!(), "", 500, false), true)
}

/// One line of 1 to 100 characters once trimmed.
pub fn line_100() -> Object {
    text_of(&line(100, true), false)
}

/// One line of up to 100 characters once trimmed, without any control character, or null.
pub fn strict_line_100_or_null() -> Object {
    text_of(&trimmed(spaces!(), all_controls!(), 100, false), true)
}

/// One line once trimmed, up to 100 characters, or null.
pub fn line_100_or_null() -> Object {
    text_of(&line(100, false), true)
}

/// A telephone number, or null (empty clears it).
pub fn phone_or_null() -> Object {
    text_of(&format!("^(?:{PHONE}|{BLANK})$"), true)
}

/// Telephone numbers separated by commas, or null (empty clears them).
pub fn phones_or_null() -> Object {
    text_of(&format!("^(?:{PHONE}|{BLANK})(?:,(?:{PHONE}|{BLANK}))*$"), true)
}

/// A day `YYYY-MM-DD`, or empty.
pub fn date_or_empty() -> Schema {
    use utoipa::openapi::schema::AnyOfBuilder;
    let date = ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)));
    let blank = ObjectBuilder::new().schema_type(Type::String).pattern(Some(format!("^{BLANK}$")));
    Schema::AnyOf(AnyOfBuilder::new().item(date).item(blank).build())
}

/// Constraints that come from the clinical content the server runs with (its exercise and trial
/// ids, each questionnaire's answers) and rules between fields, written into the served document.
pub fn with_content(doc: &mut serde_json::Value, c: &sciatica_core::Content, clinic_default: bool) {
    use serde_json::json;
    let exercises: Vec<&str> = c.exercises.iter().map(|e| e.id.as_str()).collect();
    let mut trials: Vec<&str> = c
        .protocols
        .iter()
        .flat_map(|p| p.phases.iter())
        .flat_map(|ph| ph.exercises.iter())
        .filter(|e| e.trial)
        .map(|e| e.id.as_str())
        .collect();
    trials.sort_unstable();
    trials.dedup();
    let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(|s| s.as_object_mut()) else {
        return;
    };
    let mut set = |schema: &str, property: &str, value: serde_json::Value| {
        if let Some(p) =
            schemas.get_mut(schema).and_then(|s| s.pointer_mut(&format!("/properties/{property}")))
        {
            let description = p.get("description").cloned();
            *p = value;
            if let (Some(d), Some(o)) = (description, p.as_object_mut()) {
                o.insert("description".into(), d);
            }
        }
    };
    set("ExerciseDoneBody", "id", json!({ "type": "string", "enum": exercises }));
    set("EditBody", "exercise", json!({ "type": "string", "enum": exercises }));
    let mut nullable_trials: Vec<serde_json::Value> = trials.iter().map(|t| json!(t)).collect();
    nullable_trials.push(serde_json::Value::Null);
    for field in ["start_trial", "end_trial"] {
        set("ProgramChange", field, json!({ "type": ["string", "null"], "enum": nullable_trials }));
    }
    let shapes: Vec<serde_json::Value> = c
        .measures
        .iter()
        .flat_map(|m| {
            let lengths = std::iter::once(m.items.len()).chain(m.short_form_items);
            lengths.map(move |n| {
                let items: Vec<serde_json::Value> = m.items[..n]
                    .iter()
                    .map(|i| json!({ "type": ["integer", "null"], "minimum": i.min, "maximum": i.max }))
                    .collect();
                json!({ "title": m.id.as_str(), "type": "array", "prefixItems": items, "minItems": n, "maxItems": n })
            })
        })
        .collect();
    set("MeasureAnswers", "answers", json!({ "anyOf": shapes }));
    let rules: [(&str, serde_json::Value); 1] = [(
        // A harm report of kind `other` says what happened.
        "NewHarmBody",
        json!({
            "if": { "properties": { "kind": { "const": "other" } }, "required": ["kind"] },
            "then": { "required": ["details"], "properties": { "details": { "type": "string", "pattern": text(2000, true) } } }
        }),
    )];
    for (schema, rule) in rules {
        if let Some(o) = schemas.get_mut(schema).and_then(|s| s.as_object_mut()) {
            o.extend(rule.as_object().into_iter().flatten().map(|(k, v)| (k.clone(), v.clone())));
        }
    }
    // Without a clinic given at start-up, a clinic name needs its telephone number.
    if !clinic_default && let Some(o) = schemas.get_mut("SettingsBody").and_then(|s| s.as_object_mut()) {
        o.insert(
            "if".into(),
            json!({ "properties": { "clinic_name": { "type": "string", "pattern": "\\S" } }, "required": ["clinic_name"] }),
        );
        o.insert(
            "then".into(),
            json!({ "required": ["clinic_phone"], "properties": { "clinic_phone": { "type": "string", "pattern": "[0-9]" } } }),
        );
    }
}

/// One of these strings.
pub fn strings(values: &[&str]) -> Object {
    one_of(values.iter().copied(), false)
}
