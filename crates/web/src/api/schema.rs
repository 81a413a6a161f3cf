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
