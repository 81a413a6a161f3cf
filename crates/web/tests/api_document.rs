//! The OpenAPI document end to end on a real server: it describes exactly the routes of the
//! router, and the schema check used by every API test finds what the document would not allow.

mod common;

use common::api::World;
use common::openapi::conforms;
use sciatica_web::api::endpoints;
use serde_json::json;
use std::collections::BTreeSet;

#[tokio::test]
async fn the_document_describes_exactly_the_routes_of_the_router() {
    let w = World::new().await;
    let doc = &*w.api.doc;
    assert_eq!(doc["openapi"], "3.1.0");
    let mut documented = BTreeSet::new();
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            documented.insert((method.to_uppercase(), path.clone()));
            let id = op["operationId"].as_str().unwrap().to_owned();
            assert!(operation_ids.insert(id.clone()), "operationId {id} is used twice");
            let public = path == "/api/v1/openapi.json";
            assert_eq!(
                op["security"],
                if public { json!([{}]) } else { json!([{ "bearer": [] }]) },
                "{method} {path}"
            );
            if !public {
                assert!(op["responses"]["401"].is_object(), "{method} {path} does not document 401");
            }
            if op.get("requestBody").is_some() {
                assert!(
                    op["responses"]["422"].is_object(),
                    "{method} {path} takes a body but does not document 422"
                );
                assert!(
                    op["responses"]["415"].is_object(),
                    "{method} {path} takes a body but does not document 415"
                );
            }
        }
    }
    let routed: BTreeSet<(String, String)> =
        endpoints().iter().map(|e| (e.method.as_str().to_owned(), e.path.to_owned())).collect();
    assert_eq!(routed.len(), endpoints().len(), "a route is listed twice");
    let missing: Vec<_> = routed.difference(&documented).collect();
    let extra: Vec<_> = documented.difference(&routed).collect();
    assert!(missing.is_empty(), "routed but not documented: {missing:?}");
    assert!(extra.is_empty(), "documented but not routed: {extra:?}");
    assert!(doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer");

    // Every documented route is really served: without credentials each answers its documented
    // 401 (the check runs inside `call`), never the HTML 404 of an unknown path.
    for e in endpoints() {
        let args = ["x"; 2];
        let n = e.path.matches('{').count();
        let r = w.api.call(e.method.clone(), e.path, &args[..n], "", None).await;
        let expected = if e.path == "/api/v1/openapi.json" { 200 } else { 401 };
        assert_eq!(r.status, expected, "{} {}: {}", e.method, e.path, r.text);
        if expected == 401 {
            assert_eq!(r.content_type, "application/problem+json");
            assert_eq!(r.body["status"], 401);
            assert_eq!(r.headers["www-authenticate"], "Bearer");
        }
    }
    let unknown = w.api.http.get(format!("{}/api/v1/nothing/here", w.server.base)).send().await.unwrap();
    assert_eq!(unknown.status(), 404);
    assert_eq!(unknown.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn identifiers_and_time_zones_are_listed_where_they_are_taken() {
    let w = World::new().await;
    let doc = &*w.api.doc;
    let param = &doc["paths"]["/api/v1/measures/{measure}"]["post"]["parameters"][0];
    assert_eq!(param["name"], "measure");
    let measures = param["schema"]["enum"].as_array().unwrap();
    assert!(measures.contains(&json!("odi")) && measures.contains(&json!("psfs")), "{param}");
    assert!(!measures.contains(&json!("0")));
    let zone = &doc["components"]["schemas"]["ProfileChange"]["properties"]["time_zone"];
    let zones = zone["enum"].as_array().unwrap();
    assert!(zones.contains(&json!("Europe/London")) && zones.contains(&json!("UTC")), "{zone}");
    assert!(!zones.contains(&json!("")));
}

#[test]
fn the_schema_check_finds_what_the_document_would_not_allow() {
    let doc = json!({ "components": { "schemas": {
        "Thing": {
            "type": "object",
            "required": ["id", "level"],
            "additionalProperties": false,
            "properties": {
                "id": { "type": "string" },
                "level": { "type": ["integer", "null"], "minimum": 0, "maximum": 6 },
                "kind": { "type": "string", "enum": ["a", "b"] },
                "items": { "type": "array", "items": { "$ref": "#/components/schemas/Thing" } }
            }
        }
    }}});
    let schema = json!({ "$ref": "#/components/schemas/Thing" });
    let ok = json!({ "id": "x", "level": null, "items": [{ "id": "y", "level": 6, "kind": "a" }] });
    assert_eq!(conforms(&doc, &schema, &ok, "$"), Ok(()));
    for bad in [
        json!({ "level": 1 }),
        json!({ "id": 1, "level": 1 }),
        json!({ "id": "x", "level": 7 }),
        json!({ "id": "x", "level": 1, "kind": "c" }),
        json!({ "id": "x", "level": 1, "extra": true }),
        json!({ "id": "x", "level": 1, "items": [{ "id": "y" }] }),
    ] {
        assert!(conforms(&doc, &schema, &bad, "$").is_err(), "{bad} should not conform");
    }
}
