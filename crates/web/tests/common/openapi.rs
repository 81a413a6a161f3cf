//! Checking answers against the OpenAPI document: the status is documented for the route, and the
//! body matches the documented schema.

use super::api::Reply;
use reqwest::Method;
use serde_json::Value;

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name =
                r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected $ref {r}"));
            let target = &doc["components"]["schemas"][name];
            assert!(target.is_object(), "$ref {r} does not resolve");
            resolve(doc, target)
        }
        None => schema,
    }
}

fn type_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks `value` against `schema`: types, enums, bounds, required properties, no undeclared
/// properties where the schema forbids them, recursively.
pub fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
    let schema = resolve(doc, schema);
    if let Some(options) = schema["oneOf"].as_array().or_else(|| schema["anyOf"].as_array()) {
        let errors: Vec<String> = options.iter().filter_map(|s| conforms(doc, s, value, at).err()).collect();
        if errors.len() == options.len() {
            return Err(format!("{at}: matches none of the alternatives: {errors:?}"));
        }
    }
    if let Some(all) = schema["allOf"].as_array() {
        for s in all {
            conforms(doc, s, value, at)?;
        }
    }
    let actual = type_of(value);
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !allowed.is_empty()
        && !allowed.contains(&actual)
        && (actual != "integer" || !allowed.contains(&"number"))
    {
        return Err(format!("{at}: is {actual}, the schema says {allowed:?}"));
    }
    if let Some(values) = schema["enum"].as_array()
        && !values.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {values:?}"));
    }
    if let Some(x) = value.as_f64()
        && (schema["minimum"].as_f64().is_some_and(|m| x < m)
            || schema["maximum"].as_f64().is_some_and(|m| x > m))
    {
        return Err(format!("{at}: {x} is outside the documented bounds"));
    }
    if let Value::Object(map) = value {
        for key in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(key) {
                return Err(format!("{at}: the required property `{key}` is missing"));
            }
        }
        let props = schema["properties"].as_object();
        for (k, v) in map {
            match props.and_then(|p| p.get(k)) {
                Some(s) => conforms(doc, s, v, &format!("{at}.{k}"))?,
                None if schema["additionalProperties"] == Value::Bool(false) => {
                    return Err(format!("{at}: `{k}` is not a documented property"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item)) = (value, schema.get("items")) {
        for (i, v) in items.iter().enumerate() {
            conforms(doc, item, v, &format!("{at}[{i}]"))?;
        }
    }
    Ok(())
}

/// The answer's status is documented for the route, and its body matches the schema.
pub fn check_documented(doc: &Value, method: &Method, template: &str, r: &Reply) {
    let op = &doc["paths"][template][method.as_str().to_lowercase()];
    assert!(op.is_object(), "{method} {template} is not in the document");
    let documented = &op["responses"][r.status.to_string()];
    assert!(
        documented.is_object(),
        "{method} {template} answered {}, which is not documented: {}",
        r.status,
        r.text
    );
    let media = r.content_type.split(';').next().unwrap_or("").trim();
    if r.text.is_empty() {
        assert!(
            documented["content"].as_object().is_none_or(serde_json::Map::is_empty),
            "{method} {template}: empty body"
        );
        return;
    }
    let schema = &documented["content"][media]["schema"];
    assert!(schema.is_object(), "{method} {template} {}: `{media}` is not documented: {}", r.status, r.text);
    if let Err(e) = conforms(doc, schema, &r.body, "$") {
        panic!("{method} {template} {}: {e}\n{}", r.status, r.text);
    }
}
