//! Request bodies and query strings for the API, and the problems they answer with.
//!
//! axum's own rejections are plain text; these extractors turn every rejection into an
//! `application/problem+json` document naming the field (`exercises[0].sets_done`), so a client
//! always learns what was wrong and what is allowed.

use crate::error::{ApiError, AppError, FieldProblem, Problem};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A JSON request body (`Content-Type: application/json`, unknown fields refused by the target
/// type) whose rejections are problem documents naming the field.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<ApiJson<T>, Response> {
        if !json_content_type(req.headers()) {
            return Err(json_rejection(&JsonRejection::MissingJsonContentType(
                axum::extract::rejection::MissingJsonContentType::default(),
            )));
        }
        let bytes = match Bytes::from_request(req, state).await {
            Ok(b) => b,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => {
                return Err(ApiError(AppError::invalid("body", "could not be read; please send it again"))
                    .into_response());
            }
        };
        // Every body of this API is one JSON object; serde would also take a struct written as
        // an array (`[null, null]`), which the API document does not allow.
        if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError(AppError::invalid("body", "must be a JSON object, e.g. {\"name\": ...}"))
                .into_response());
        }
        match Json::<T>::from_bytes(&bytes) {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => {
                let whole = matches!(rejection, JsonRejection::JsonDataError(_))
                    .then(|| whole_numbers(&bytes))
                    .flatten();
                match whole.map(|b| Json::<T>::from_bytes(&b)) {
                    Some(Ok(Json(value))) => Ok(ApiJson(value)),
                    Some(Err(again)) => Err(json_rejection(&again)),
                    None => Err(json_rejection(&rejection)),
                }
            }
        }
    }
}

/// The body again with every number that has a fraction of zero (`3.0`, `1e2`) written as a whole
/// number, or `None` when it has none. JSON Schema's `integer` is any number whose fraction is zero,
/// so the API document allows `3.0` where a whole number is asked; serde would refuse it.
fn whole_numbers(bytes: &[u8]) -> Option<Vec<u8>> {
    let mut value: serde_json::Value = serde_json::from_slice(bytes).ok()?;
    whole_numbers_in(&mut value).then(|| serde_json::to_vec(&value).ok()).flatten()
}

/// Writes every number of `v` whose fraction is zero as a whole number; says whether any was.
pub fn whole_numbers_in(v: &mut serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) if n.is_f64() => {
            let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0)
            else {
                return false;
            };
            // Whole and within ±2^53: the conversion is exact.
            #[allow(clippy::cast_possible_truncation)]
            let whole = f as i64;
            *v = serde_json::Value::from(whole);
            true
        }
        serde_json::Value::Array(items) => {
            items.iter_mut().fold(false, |changed, i| whole_numbers_in(i) | changed)
        }
        serde_json::Value::Object(map) => {
            map.values_mut().fold(false, |changed, i| whole_numbers_in(i) | changed)
        }
        _ => false,
    }
}

/// `Content-Type` is JSON: `application/json` or `application/…+json`, with any parameters.
fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    let Some(value) = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()) else { return false };
    let essence = value.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// A query string parsed into `T` (use `#[serde(deny_unknown_fields)]`), with rejections naming
/// the parameter.
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<ApiQuery<T>, Response> {
        match Query::<T>::try_from_uri(&parts.uri) {
            Ok(Query(value)) => Ok(ApiQuery(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(e)) => {
                let (field, message) = field_of(&cause_text(&e));
                Err(ApiError(AppError::Invalid(vec![FieldProblem { field, message }])).into_response())
            }
            Err(other) => Err(ApiError(AppError::invalid("query", other.body_text())).into_response()),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> Response {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            let (field, message) = field_of(&cause_text(e));
            ApiError(AppError::Invalid(vec![FieldProblem { field, message }])).into_response()
        }
        JsonRejection::JsonSyntaxError(e) => {
            let text = cause_text(e);
            let (_, message) = split_path(&text);
            ApiError(AppError::invalid("body", format!("is not valid JSON: {message}"))).into_response()
        }
        JsonRejection::MissingJsonContentType(_) => problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "Please send JSON",
            vec![FieldProblem {
                field: "Content-Type".to_owned(),
                message: "send the body as JSON with `Content-Type: application/json`".to_owned(),
            }],
        ),
        other => {
            let status = other.status();
            if status == StatusCode::PAYLOAD_TOO_LARGE {
                too_large()
            } else {
                ApiError(AppError::invalid("body", "could not be read; please send it again")).into_response()
            }
        }
    }
}

/// The text of the deserializer's error (`path: message at line L column C`), without axum's
/// prefix.
fn cause_text(e: &dyn std::error::Error) -> String {
    e.source().map_or_else(|| e.to_string(), ToString::to_string)
}

/// Splits `path: message` (the path of the value that failed, as the deserializer reports it).
fn split_path(text: &str) -> (Option<&str>, &str) {
    let text = match text.rfind(" at line ") {
        Some(i) if text[i..].contains(" column ") => &text[..i],
        _ => text,
    };
    if let Some((path, rest)) = text.split_once(": ")
        && !path.is_empty()
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "_.[]-".contains(c))
    {
        return (Some(path), rest);
    }
    (None, text)
}

/// The field `key` inside `path` (the deserializer's path of an unknown field already ends in it).
fn join(path: Option<&str>, key: &str) -> String {
    match path {
        Some(p) if p == key || p.ends_with(&format!(".{key}")) => p.to_owned(),
        Some(p) if p != "." => format!("{p}.{key}"),
        _ => key.to_owned(),
    }
}

fn quoted(text: &str) -> Option<(&str, &str)> {
    let start = text.find('`')?;
    let len = text[start + 1..].find('`')?;
    Some((&text[start + 1..start + 1 + len], &text[start + 2 + len..]))
}

/// The field a deserializer error is about, and what was wrong in words.
fn field_of(text: &str) -> (String, String) {
    let (path, rest) = split_path(text);
    if let Some(after) = rest.strip_prefix("unknown field ")
        && let Some((key, tail)) = quoted(after)
    {
        let allowed = tail.split_once("expected ").map_or("", |(_, a)| a).replace('`', "");
        let allowed = allowed.trim_start_matches("one of ");
        let message = if allowed.is_empty() {
            "is not a known field".to_owned()
        } else {
            format!("is not a known field; allowed: {allowed}")
        };
        return (join(path, key), message);
    }
    if let Some(after) = rest.strip_prefix("missing field ")
        && let Some((key, _)) = quoted(after)
    {
        return (join(path, key), "is required".to_owned());
    }
    let field = match path {
        Some(p) if p != "." => p.to_owned(),
        _ => "body".to_owned(),
    };
    (field, plain(rest))
}

/// The deserializer's words for a type, in the words of a JSON document.
fn plain(message: &str) -> String {
    let mut m = message.replace('`', "\"");
    for (rust, json) in [
        ("expected u8", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected an object"),
    ] {
        if m.ends_with(rust) {
            m = format!("{}{json}", &m[..m.len() - rust.len()]);
        }
    }
    if let Some(i) = m.find("expected struct ") {
        m = format!("{}expected an object", &m[..i]);
    }
    m
}

/// Free text from a person: trimmed, at most `max` characters, no control characters but line
/// breaks and tabs; `None` when empty.
pub fn free_text(field: &str, text: &str, max: usize) -> Result<Option<String>, AppError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(AppError::invalid(field, format!("is too long; allowed: up to {max} characters")));
    }
    if text.chars().any(|c| c.is_control() && c != '\n' && c != '\t' && c != '\r') {
        return Err(AppError::invalid(
            field,
            "contains control characters; allowed: text, line breaks and tabs",
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// The answer to a body over the size limit.
pub fn too_large() -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        "Too much data",
        vec![FieldProblem { field: "body".to_owned(), message: TOO_LARGE.to_owned() }],
    )
}

/// What is wrong with a body over the limit, and what is allowed.
pub const TOO_LARGE: &str = "is too large; allowed: up to 64 KiB";

/// A problem document with any status (the statuses `ApiError` does not cover).
pub fn problem(status: StatusCode, kind: &str, title: &str, errors: Vec<FieldProblem>) -> Response {
    let detail = errors.iter().map(|p| format!("{}: {}", p.field, p.message)).collect::<Vec<_>>().join("; ");
    let body = Problem {
        kind: format!("https://sciatica.invalid/problems/{kind}"),
        title: title.to_owned(),
        status: status.as_u16(),
        detail,
        errors,
    };
    problem_json(status, &body)
}

/// Any serialisable problem document (e.g. with extension members) as `application/problem+json`.
pub fn problem_json<T: Serialize>(status: StatusCode, body: &T) -> Response {
    let text = serde_json::to_string(body).unwrap_or_default();
    let mut res = (status, text).into_response();
    res.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"));
    res
}

/// `201 Created` with a `Location` and a JSON body.
pub fn created<T: Serialize>(location: &str, body: &T) -> Response {
    let mut res = (StatusCode::CREATED, Json(body)).into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_from_the_deserializer_text() {
        assert_eq!(
            field_of(
                "exercises[0].patient_id: unknown field `patient_id`, expected one of `id`, `sets_done` at line 1 column 9"
            ),
            ("exercises[0].patient_id".to_owned(), "is not a known field; allowed: id, sets_done".to_owned())
        );
        assert_eq!(
            field_of("missing field `slot` at line 1 column 2"),
            ("slot".to_owned(), "is required".to_owned())
        );
        assert_eq!(field_of("exercises[1]: missing field `completed`").0, "exercises[1].completed");
        assert_eq!(
            field_of("weeks: unknown field `weeks`, expected `days`").1,
            "is not a known field; allowed: days"
        );
        let (field, message) =
            field_of("leg_pain_before: 11 is not a pain rating; allowed: 0 to 10 at line 1 column 20");
        assert_eq!(field, "leg_pain_before");
        assert_eq!(message, "11 is not a pain rating; allowed: 0 to 10");
        assert_eq!(
            field_of("invalid type: null, expected struct ProfileChange"),
            ("body".to_owned(), "invalid type: null, expected an object".to_owned())
        );
        assert_eq!(
            whole_numbers(br#"{"a": [3.0, 1e2, 2.5], "b": {"c": -0.0}}"#).unwrap(),
            br#"{"a":[3,100,2.5],"b":{"c":0}}"#
        );
        assert_eq!(whole_numbers(br#"{"a": 3, "b": 2.5}"#), None);
        assert_eq!(
            field_of("phase: invalid type: string \"two\", expected u8").1,
            "invalid type: string \"two\", expected a whole number"
        );
    }
}
