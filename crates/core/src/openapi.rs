//! OpenAPI schemas of the core's own values (slots, pain, levels, classes, responses, instants),
//! built from the core's lists so a document cannot drift from what the program accepts. Only
//! with the `openapi` feature, which the web application turns on; the core itself never needs
//! them.

use crate::{Response, Slot, SymptomClass};
use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};
use utoipa::openapi::{KnownFormat, SchemaFormat};

/// A string from `values`, or also null when `nullable`.
pub fn one_of<'a>(values: impl IntoIterator<Item = &'a str>, nullable: bool) -> Object {
    let mut values: Vec<Option<&str>> = values.into_iter().map(Some).collect();
    let ty: SchemaType = if nullable {
        values.push(None);
        [Type::String, Type::Null].into_iter().collect()
    } else {
        Type::String.into()
    };
    ObjectBuilder::new().schema_type(ty).enum_values(Some(values)).build()
}

fn integer_or_null(max: i32) -> Object {
    ObjectBuilder::new()
        .schema_type([Type::Integer, Type::Null].into_iter().collect::<SchemaType>())
        .minimum(Some(0))
        .maximum(Some(max))
        .build()
}

/// `morning`, `evening` or `extra`.
pub fn slot() -> Object {
    one_of(Slot::ALL.iter().map(|v| v.as_str()), false)
}

/// A slot, or null to take it from the time of the session.
pub fn slot_or_null() -> Object {
    one_of(Slot::ALL.iter().map(|v| v.as_str()), true)
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
    integer_or_null(10)
}

/// A nerve-route level 0 (none) … 6 (toes), or null.
pub fn level_or_null() -> Object {
    integer_or_null(6)
}

/// An instant (RFC 3339).
pub fn instant() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::DateTime)))
        .build()
}

/// A calendar date (`YYYY-MM-DD`).
pub fn date() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date)))
        .build()
}
