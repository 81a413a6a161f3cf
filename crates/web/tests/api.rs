//! The JSON API end to end on a real server with a fresh database. Every response is checked
//! against the served OpenAPI document: its status must be documented for the route, and its
//! body must have the properties (and types) the documented schema requires.

mod common;

use common::{Server, start};
use jiff::Timestamp;
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_web::api::endpoints;
use sciatica_web::auth::token;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::sync::Arc;

/// Calm answers (a cleared disc herniation, no red flags) with some changed.
fn answers(patch: &[(&str, Value)]) -> Value {
    let mut a = json!({
        "age": 42, "diagnosis": "disc_herniation", "cleared_to_exercise": true,
        "bladder": false, "bowel": false, "saddle": false, "sexual": false,
        "bilateral": "none", "weakness": "none", "fever": false, "unwell": false,
        "infection_risk": [], "cancer": false, "weight_loss": false, "night_pain": false,
        "thoracic": false, "back_pain_worsening": false, "trauma": "none", "bone_risk": [],
        "sudden_severe_central_pain": false, "abdominal": false, "inflammatory": false,
        "vascular": false, "first_episode": false, "pregnant": false,
        "recent_spinal_surgery": false, "new_numbness": false
    });
    for (k, v) in patch {
        a[*k] = v.clone();
    }
    a
}

/// How a client proves who it is.
#[derive(Clone)]
enum Auth {
    None,
    Bearer(String),
    Cookie(String),
}

/// A JSON client that checks every answer against the OpenAPI document.
#[derive(Clone)]
struct Api {
    base: String,
    http: reqwest::Client,
    auth: Auth,
    doc: Arc<Value>,
}

/// An answer.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    text: String,
    body: Value,
}

impl Reply {
    /// The field names of a problem document.
    fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Asserts a 422 problem naming `field`.
    fn names(&self, field: &str) {
        assert_eq!(self.status, 422, "{}", self.text);
        assert_eq!(self.content_type, "application/problem+json");
        assert!(
            self.fields().iter().any(|f| f == field),
            "expected a problem naming `{field}`: {}",
            self.text
        );
    }
}

impl Api {
    fn with(&self, auth: Auth) -> Api {
        Api { auth, ..self.clone() }
    }

    /// Sends a request to `template` with `{…}` filled from `args` in order; checks the answer.
    async fn call(
        &self,
        method: Method,
        template: &str,
        args: &[&str],
        query: &str,
        body: Option<Body<'_>>,
    ) -> Reply {
        let mut path = template.to_owned();
        for a in args {
            let (start, end) = (path.find('{').unwrap(), path.find('}').unwrap());
            path.replace_range(start..=end, a);
        }
        let mut req = self.http.request(method.clone(), format!("{}{path}{query}", self.base));
        req = match &self.auth {
            Auth::None => req,
            Auth::Bearer(t) => req.bearer_auth(t),
            Auth::Cookie(c) => req.header("cookie", format!("__Host-sciatica={c}")),
        };
        req = match body {
            Some(Body::Json(v)) => req.json(v),
            Some(Body::Raw(content_type, text)) => {
                req.header("content-type", content_type).body(text.to_owned())
            }
            None => req,
        };
        let res = req.send().await.unwrap();
        let status = res.status().as_u16();
        let headers = res.headers().clone();
        let content_type = headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
        let text = res.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        let reply = Reply { status, content_type, headers, text, body };
        check_documented(&self.doc, &method, template, &reply);
        reply
    }

    async fn get(&self, template: &str, args: &[&str]) -> Reply {
        self.call(Method::GET, template, args, "", None).await
    }

    async fn send(&self, method: Method, template: &str, args: &[&str], body: &Value) -> Reply {
        self.call(method, template, args, "", Some(Body::Json(body))).await
    }

    async fn delete(&self, template: &str, query: &str) -> Reply {
        self.call(Method::DELETE, template, &[], query, None).await
    }
}

/// A request body.
#[derive(Clone, Copy)]
enum Body<'a> {
    Json(&'a Value),
    Raw(&'a str, &'a str),
}

/// A test world: the server, the document, and a client for each account.
struct World {
    server: Server,
    api: Api,
}

impl World {
    async fn new() -> World {
        let server = start().await;
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        let doc: Value = http
            .get(format!("{}/api/v1/openapi.json", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let api = Api { base: server.base.clone(), http, auth: Auth::None, doc: Arc::new(doc) };
        World { server, api }
    }

    /// An account of `role` with a bearer token made directly in the store; returns the client
    /// and the patient record id (for a patient).
    async fn account(&self, email: &str, role: Role) -> (Api, Option<String>) {
        let user = self.server.user(email, role).await;
        let secret = token::new_secret();
        self.server
            .store
            .create_api_token(&token::hash(&secret), &user.id, "test", Timestamp::now())
            .await
            .unwrap();
        (self.api.with(Auth::Bearer(secret)), user.patient_id)
    }

    /// Everything recorded about a patient, without the moment of the export.
    async fn record(&self, patient: &str) -> Value {
        let mut v = serde_json::to_value(self.server.store.export(patient).await.unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    }
}

// ---------------------------------------------------------------------------------------------
// Checking answers against the document

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
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) -> Result<(), String> {
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
fn check_documented(doc: &Value, method: &Method, template: &str, r: &Reply) {
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

// ---------------------------------------------------------------------------------------------
// The document and the router

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

// ---------------------------------------------------------------------------------------------
// A patient's journey

#[tokio::test]
async fn screen_plan_session_progress_measure_calendar_export_and_erasure() {
    let w = World::new().await;
    w.server.user("sam@example.org", Role::Patient).await;
    let signed_in = w.server.signed_in("sam@example.org").await;
    let by_cookie = w.api.with(Auth::Cookie(signed_in.cookie.clone().unwrap()));
    let me = by_cookie.get("/api/v1/me", &[]).await;
    assert_eq!((me.status, me.body["role"].as_str()), (200, Some("patient")));
    let made = by_cookie.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "phone" })).await;
    assert_eq!(made.status, 201, "{}", made.text);
    assert_eq!(made.body["name"], "phone");
    let p = w.api.with(Auth::Bearer(made.body["token"].as_str().unwrap().to_owned()));
    assert_eq!(p.get("/api/v1/me", &[]).await.body["email"], "sam@example.org");

    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 409, "not screened yet: {}", plan.text);
    assert_eq!(plan.body["current_status"]["screened"], false);
    assert_eq!(p.get("/api/v1/program", &[]).await.status, 404, "no programme before the screen");

    let screened = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await;
    assert_eq!(screened.status, 201, "{}", screened.text);
    assert_eq!(screened.body["urgency"], "self_manage");
    assert_eq!(screened.body["action"], "continue");
    let sid = screened.body["id"].as_str().unwrap().to_owned();
    assert_eq!(screened.headers["location"], format!("/api/v1/screenings/{sid}").as_str());
    assert_eq!(p.get("/api/v1/screenings/{id}", &[&sid]).await.body["id"], sid.as_str());
    assert_eq!(p.get("/api/v1/screenings", &[]).await.body.as_array().unwrap().len(), 1);

    let profile =
        json!({ "name": "Sam", "time_zone": "Europe/London", "morning": "07:15", "evening": "20:00" });
    let put = p.send(Method::PUT, "/api/v1/profile", &[], &profile).await;
    assert_eq!(put.body, profile);
    assert_eq!(p.get("/api/v1/profile", &[]).await.body, profile);

    let status = p.get("/api/v1/status", &[]).await;
    assert_eq!(
        (status.body["blocked"].as_bool(), status.body["screened"].as_bool()),
        (Some(false), Some(true))
    );
    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 200, "{}", plan.text);
    assert_eq!(plan.body["cause"], "disc_herniation");
    assert_eq!(plan.body["family"], "extension_bias");
    let exercises = plan.body["exercises"].as_array().unwrap().clone();
    assert!((2..=5).contains(&exercises.len()), "a short programme: {exercises:?}");
    let first = exercises[0]["id"].as_str().unwrap().to_owned();
    let ex = p.get("/api/v1/exercises/{id}", &[&first]).await;
    assert_eq!(
        (ex.body["in_plan"].as_bool(), ex.body["figures"]["animated"].as_str()),
        (Some(true), Some(format!("/figures/{first}.svg").as_str()))
    );
    assert!(!ex.body["steps"].as_array().unwrap().is_empty());
    let all = p.get("/api/v1/exercises", &[]).await;
    assert!(all.body.as_array().unwrap().len() > exercises.len());
    assert_eq!(p.get("/api/v1/exercises/{id}", &["no-such-exercise"]).await.status, 404);

    let program = p.get("/api/v1/program", &[]).await;
    assert_eq!((program.body["phase"].as_u64(), program.body["gentle"].as_bool()), (Some(1), Some(false)));
    let moved = p.send(Method::PATCH, "/api/v1/program", &[], &json!({ "phase": 2 })).await;
    assert_eq!(moved.status, 200, "{}", moved.text);
    assert_eq!(moved.body["phase"], 2);
    assert_eq!(p.send(Method::PATCH, "/api/v1/program", &[], &json!({ "phase": 1 })).await.body["phase"], 1);

    let done: Vec<Value> = exercises
        .iter()
        .map(|e| json!({ "id": e["id"], "sets_done": e["sets"], "reps_done": e["reps"], "hold_seconds": e["hold_seconds"], "completed": true, "response": "moved_up" }))
        .collect();
    let session = json!({
        "leg_pain_before": 6, "leg_pain_after": 4, "back_pain_before": 3, "back_pain_after": 3,
        "left_before": 4, "left_after": 2, "right_before": 0, "right_after": 0,
        "exercises": done, "walking_minutes": 15, "notes": "felt easier"
    });
    let logged = p.send(Method::POST, "/api/v1/sessions", &[], &session).await;
    assert_eq!(logged.status, 201, "{}", logged.text);
    assert_eq!(logged.body["class"], "centralizing");
    let session_id = logged.body["id"].as_str().unwrap().to_owned();
    let one = p.get("/api/v1/sessions/{id}", &[&session_id]).await;
    assert_eq!(
        (one.body["left"]["before"].as_u64(), one.body["notes"].as_str()),
        (Some(4), Some("felt easier"))
    );
    assert_eq!(one.body["exercises"].as_array().unwrap().len(), exercises.len());
    let list = p.get("/api/v1/sessions", &[]).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    let paged =
        p.call(Method::GET, "/api/v1/sessions", &[], "?limit=1&before=2000-01-01T00:00:00Z", None).await;
    assert_eq!(paged.body, json!([]));
    let plan = p.get("/api/v1/plan", &[]).await;
    assert!(plan.body["slots"].as_array().unwrap().iter().any(|s| s["done_at"].is_string()), "{}", plan.text);

    let odi = p
        .send(
            Method::POST,
            "/api/v1/measures/{measure}",
            &["odi"],
            &json!({ "answers": [3, 2, 3, 2, 4, 3, 1, null, 2, 3] }),
        )
        .await;
    assert_eq!(odi.status, 201, "{}", odi.text);
    assert_eq!(
        (odi.body["score"].as_f64(), odi.body["answered"].as_u64(), odi.body["skipped"].as_u64()),
        (Some(51.1), Some(9), Some(1))
    );
    assert!(odi.body.get("risk").is_none(), "STarT Back figures only for STarT Back");
    let sb = p
        .send(
            Method::POST,
            "/api/v1/measures/{measure}",
            &["startback"],
            &json!({ "answers": [1, 1, 1, 1, 1, 1, 1, 1, 4] }),
        )
        .await;
    assert_eq!(sb.status, 201, "{}", sb.text);
    assert_eq!(sb.body["risk"], "high");
    assert!(sb.body["alerts"].as_array().unwrap().iter().any(|a| a["rule"] == "R26"), "{}", sb.text);
    let status = p.get("/api/v1/status", &[]).await;
    assert!(status.body["rules"].as_array().unwrap().contains(&json!("R26")), "{}", status.text);
    let measures = p.get("/api/v1/measures", &[]).await;
    assert_eq!(measures.body["responses"].as_array().unwrap().len(), 2);
    assert!(measures.body["odi_due"].is_string());

    let progress = p.call(Method::GET, "/api/v1/progress", &[], "?days=7", None).await;
    assert_eq!(progress.status, 200, "{}", progress.text);
    let days = progress.body["days"].as_array().unwrap();
    assert_eq!(days.len(), 7);
    assert_eq!(days[6]["leg_pain"], 6);
    assert_eq!(progress.body["measures"].as_array().unwrap().len(), 2);
    assert!(progress.body["assessment"]["checks"].is_array());

    let on = p.call(Method::POST, "/api/v1/calendar", &[], "", None).await;
    assert_eq!(on.status, 201, "{}", on.text);
    let first_url = on.body["url"].as_str().unwrap().to_owned();
    let feed = |url: String| {
        let http = w.api.http.clone();
        async move { http.get(url).send().await.unwrap().status().as_u16() }
    };
    assert_eq!(feed(first_url.clone()).await, 200);
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["url"], first_url.as_str());
    let renewed = p.call(Method::POST, "/api/v1/calendar", &[], "", None).await;
    let second_url = renewed.body["url"].as_str().unwrap().to_owned();
    assert_ne!(first_url, second_url);
    assert_eq!(feed(first_url).await, 404, "the old link stops working");
    assert_eq!(feed(second_url.clone()).await, 200);
    assert_eq!(p.delete("/api/v1/calendar", "").await.status, 204);
    assert_eq!(feed(second_url).await, 404);
    assert_eq!(p.get("/api/v1/calendar", &[]).await.body["url"], Value::Null);

    let export = p.get("/api/v1/export", &[]).await;
    assert_eq!(export.status, 200);
    assert_eq!(export.body["format"], "sciatica-export");
    assert_eq!(export.body["account"]["email"], "sam@example.org");
    assert_eq!(export.body["sessions"][0]["id"], session_id.as_str());
    assert_eq!(export.body["screenings"][0]["id"], sid.as_str());

    let assessed =
        p.send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "seen by my physio" })).await;
    assert_eq!(assessed.status, 200, "{}", assessed.text);
    assert_eq!(assessed.body["alerts"], json!([]), "open alerts are resolved");

    let user = w.server.store.user_by_email("sam@example.org").await.unwrap().unwrap();
    let pid = user.patient_id.unwrap();
    p.delete("/api/v1/me", "").await.names("confirm");
    p.delete("/api/v1/me", "?confirm=yes").await.names("confirm");
    assert_eq!(p.delete("/api/v1/me", "?confirm=true").await.status, 204);
    assert!(w.server.store.user_by_email("sam@example.org").await.unwrap().is_none());
    assert!(w.server.store.sessions(&pid).await.unwrap().is_empty());
    assert_eq!(p.get("/api/v1/me", &[]).await.status, 401, "the token went with the account");
    assert_eq!(by_cookie.get("/api/v1/me", &[]).await.status, 401, "and the sign-in session");
}

#[tokio::test]
async fn an_urgent_screen_holds_the_plan_until_a_clinician_has_seen_the_person() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let urgent = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[("bladder", json!(true))])).await;
    assert_eq!(urgent.status, 201, "{}", urgent.text);
    assert_eq!(urgent.body["urgency"], "emergency_now");
    assert_eq!(urgent.body["action"], "none_hold");
    let plan = p.get("/api/v1/plan", &[]).await;
    assert_eq!(plan.status, 409);
    assert_eq!(plan.body["current_status"]["urgency"], "emergency_now");
    assert_eq!(plan.body["current_status"]["blocked"], true);
    assert!(plan.body["current_status"]["urgent_since"].is_string());
    let session = p.send(Method::POST, "/api/v1/sessions", &[], &json!({ "leg_pain_before": 5 })).await;
    assert_eq!(session.status, 409, "no session while the programme is held: {}", session.text);
    assert_eq!(p.get("/api/v1/sessions", &[]).await.body, json!([]));

    let calm = p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await;
    assert_eq!(calm.body["urgency"], "self_manage");
    assert_eq!(
        p.get("/api/v1/plan", &[]).await.status,
        409,
        "a milder screen never lowers an urgent result by itself"
    );
    p.send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "  " })).await.names("note");
    let seen = p
        .send(Method::POST, "/api/v1/assessed", &[], &json!({ "note": "seen in urgent care, all clear" }))
        .await;
    assert_eq!(seen.status, 200, "{}", seen.text);
    assert_eq!(seen.body["urgent_since"], Value::Null);
    assert_eq!(seen.body["blocked"], false);
    assert_eq!(
        p.get("/api/v1/plan", &[]).await.status,
        200,
        "the calm screen holds once the urgent one is lifted"
    );
}

// ---------------------------------------------------------------------------------------------
// Bad input

#[tokio::test]
async fn bad_input_on_every_endpoint_names_the_field_and_writes_nothing() {
    let w = World::new().await;
    let (p, pid) = w.account("pat@example.org", Role::Patient).await;
    let pid = pid.unwrap();
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let before = w.record(&pid).await;
    let post = |template: &'static str, args: &'static [&'static str], body: Value| {
        let p = p.clone();
        async move { p.send(Method::POST, template, args, &body).await }
    };

    // Screening answers: unknown, missing and out-of-range keys, all named at once.
    let mut a = answers(&[("age", json!(130)), ("weakness", json!("sometimes")), ("extra", json!(true))]);
    a.as_object_mut().unwrap().remove("fever");
    let r = post("/api/v1/screenings", &[], a).await;
    for field in ["age", "weakness", "extra", "fever"] {
        r.names(field);
    }
    post("/api/v1/screenings", &[], json!([1, 2])).await.names("answers");
    post("/api/v1/screenings", &[], json!({})).await.names("cleared_to_exercise");

    // Sessions: every bound, unknown fields (also the record's owner), types, times.
    let now = Timestamp::now();
    let cases: Vec<(Value, &str)> = vec![
        (json!({ "leg_pain_before": 11 }), "leg_pain_before"),
        (json!({ "back_pain_after": -1 }), "back_pain_after"),
        (json!({ "left_before": 7 }), "left_before"),
        (json!({ "right_after": "calf" }), "right_after"),
        (json!({ "slot": "noon" }), "slot"),
        (json!({ "walking_minutes": 601 }), "walking_minutes"),
        (json!({ "sitting_minutes": 1441 }), "sitting_minutes"),
        (json!({ "notes": "x".repeat(2001) }), "notes"),
        (json!({ "notes": "bell \u{7}" }), "notes"),
        (json!({ "patient_id": "someone-else" }), "patient_id"),
        (json!({ "cannot_cope": "yes" }), "cannot_cope"),
        (json!({ "started_at": "yesterday" }), "started_at"),
        (json!({ "ended_at": (now + jiff::SignedDuration::from_hours(2)).to_string() }), "ended_at"),
        (
            json!({ "started_at": now.to_string(), "ended_at": (now - jiff::SignedDuration::from_mins(30)).to_string() }),
            "started_at",
        ),
        (
            json!({ "exercises": [{ "id": "no-such-exercise", "sets_done": 1, "reps_done": 1, "completed": true }] }),
            "exercises[0].id",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 21, "reps_done": 1, "completed": true }] }),
            "exercises[0].sets_done",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 201, "completed": true }] }),
            "exercises[0].reps_done",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "hold_seconds": 3601, "completed": true }] }),
            "exercises[0].hold_seconds",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1 }] }),
            "exercises[0].completed",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "completed": true, "response": "sideways" }] }),
            "exercises[0].response",
        ),
        (
            json!({ "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "completed": true, "patient_id": "x" }] }),
            "exercises[0].patient_id",
        ),
    ];
    for (body, field) in cases {
        let r = post("/api/v1/sessions", &[], body.clone()).await;
        assert_eq!(r.status, 422, "{body}: {}", r.text);
        r.names(field);
    }
    let several =
        post("/api/v1/sessions", &[], json!({ "walking_minutes": 700, "sitting_minutes": 2000 })).await;
    several.names("walking_minutes");
    several.names("sitting_minutes");

    // Measures: unknown measure, count, range, type.
    post("/api/v1/measures/{measure}", &["pain"], json!({ "answers": [1] })).await.names("measure");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": [1, 2] })).await.names("answers");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": [11] })).await.names("answers[0]");
    post("/api/v1/measures/{measure}", &["sbi"], json!({ "answers": [1, 2, 7, 1] }))
        .await
        .names("answers[2]");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "answers": ["5"] })).await.names("answers[0]");
    post("/api/v1/measures/{measure}", &["nrs"], json!({ "scores": [5] })).await.names("scores");
    post("/api/v1/measures/{measure}", &["nrs"], json!({})).await.names("answers");

    // Profile, programme, assessment, tokens.
    let put = |body: Value| {
        let p = p.clone();
        async move { p.send(Method::PUT, "/api/v1/profile", &[], &body).await }
    };
    put(json!({ "time_zone": "Mars/Base", "morning": "07:00", "evening": "19:00" })).await.names("time_zone");
    put(json!({ "time_zone": "UTC", "morning": "7am", "evening": "19:00" })).await.names("morning");
    put(json!({ "time_zone": "UTC", "morning": "19:00", "evening": "07:00" })).await.names("evening");
    put(json!({ "time_zone": "UTC", "morning": "07:00", "evening": "19:00", "name": "n".repeat(101) }))
        .await
        .names("name");
    put(json!({ "time_zone": "UTC", "morning": "07:00" })).await.names("evening");
    put(json!({ "time_zone": "UTC", "morning": "07:00", "evening": "19:00", "email": "x@example.org" }))
        .await
        .names("email");
    let patch = |body: Value| {
        let p = p.clone();
        async move { p.send(Method::PATCH, "/api/v1/program", &[], &body).await }
    };
    patch(json!({ "phase": 4 })).await.names("phase");
    patch(json!({ "phase": 0 })).await.names("phase");
    patch(json!({ "phase": "two" })).await.names("phase");
    patch(json!({ "start_trial": "prone-lying-not-a-trial" })).await.names("start_trial");
    patch(json!({ "end_trial": "never-started" })).await.names("end_trial");
    patch(json!({ "cause": "piriformis" })).await.names("cause");
    post("/api/v1/assessed", &[], json!({})).await.names("note");
    post("/api/v1/assessed", &[], json!({ "note": "n".repeat(2001) })).await.names("note");
    post("/api/v1/tokens", &[], json!({ "name": "" })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "name": "n".repeat(101) })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "name": "two\nlines" })).await.names("name");
    post("/api/v1/tokens", &[], json!({ "label": "phone" })).await.names("label");

    // Query strings.
    for (template, query, field) in [
        ("/api/v1/progress", "?days=0", "days"),
        ("/api/v1/progress", "?days=366", "days"),
        ("/api/v1/progress", "?days=many", "days"),
        ("/api/v1/progress", "?weeks=2", "weeks"),
        ("/api/v1/sessions", "?limit=101", "limit"),
        ("/api/v1/sessions", "?before=last-week", "before"),
    ] {
        p.call(Method::GET, template, &[], query, None).await.names(field);
    }
    p.delete("/api/v1/me", "?confirm=false").await.names("confirm");
    p.delete("/api/v1/me", "?confirm=true&really=yes").await.names("really");

    // Not JSON at all.
    for template in ["/api/v1/sessions", "/api/v1/screenings", "/api/v1/assessed", "/api/v1/tokens"] {
        let form = p
            .call(
                Method::POST,
                template,
                &[],
                "",
                Some(Body::Raw("application/x-www-form-urlencoded", "leg_pain_before=3")),
            )
            .await;
        assert_eq!(form.status, 415, "{template}: {}", form.text);
        assert_eq!(form.fields(), ["Content-Type"]);
        p.call(Method::POST, template, &[], "", Some(Body::Raw("application/json", "{oops")))
            .await
            .names("body");
    }
    let r =
        p.call(Method::PUT, "/api/v1/profile", &[], "", Some(Body::Raw("application/json", "null"))).await;
    r.names("body");
    // Over the size limit (announced in Content-Length, so refused before it is read).
    let big = format!("{{\"notes\": \"{}\"}}", "x".repeat(70 * 1024));
    let r =
        p.call(Method::POST, "/api/v1/sessions", &[], "", Some(Body::Raw("application/json", &big))).await;
    assert_eq!((r.status, r.content_type.as_str()), (413, "application/problem+json"), "{}", r.text);
    assert_eq!(r.fields(), ["body"]);

    assert_eq!(w.record(&pid).await, before, "nothing was written");
    assert_eq!(p.get("/api/v1/me", &[]).await.status, 200, "the account is still there");
}

// ---------------------------------------------------------------------------------------------
// Who may see what

/// A valid body for each route that takes one, so a refusal can only be about who asks.
fn valid_body(method: &Method, path: &str) -> Option<Value> {
    Some(match (method.as_str(), path) {
        ("POST", "/api/v1/screenings") => answers(&[]),
        ("PUT", "/api/v1/profile") => json!({ "time_zone": "UTC", "morning": "08:00", "evening": "18:00" }),
        ("POST", "/api/v1/assessed") => json!({ "note": "seen" }),
        ("PATCH", "/api/v1/program") => json!({ "phase": 1 }),
        ("POST", "/api/v1/sessions") => json!({ "leg_pain_before": 3, "notes": "mine" }),
        ("POST", "/api/v1/measures/{measure}") => json!({ "answers": [3, 2, 3, 2, 4, 3, 1, null, 2, 3] }),
        ("POST", "/api/v1/tokens") => json!({ "name": "other" }),
        _ => return None,
    })
}

/// Routes about the account itself rather than a patient record (every account may use them;
/// tested on their own). Any other route is about a record: denied unless it is the caller's.
const ACCOUNT_ROUTES: [(&str, &str); 4] = [
    ("GET", "/api/v1/openapi.json"),
    ("GET", "/api/v1/me"),
    ("POST", "/api/v1/tokens"),
    ("DELETE", "/api/v1/tokens/current"),
];

#[tokio::test]
async fn another_persons_record_is_not_found_for_patients_clinicians_and_admins() {
    let w = World::new().await;
    let (a, a_pid) = w.account("a@example.org", Role::Patient).await;
    let a_pid = a_pid.unwrap();
    a.send(Method::PUT, "/api/v1/profile", &[], &json!({ "name": "CANARY-A-NAME", "time_zone": "Europe/London", "morning": "07:00", "evening": "19:00" })).await;
    let screening = a.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let session = a
        .send(
            Method::POST,
            "/api/v1/sessions",
            &[],
            &json!({ "leg_pain_before": 7, "notes": "CANARY-A-NOTES" }),
        )
        .await;
    assert_eq!(session.status, 201, "{}", session.text);
    let session = session.body["id"].as_str().unwrap().to_owned();
    a.send(Method::POST, "/api/v1/measures/{measure}", &["nrs"], &json!({ "answers": [7] })).await;
    let feed = a.call(Method::POST, "/api/v1/calendar", &[], "", None).await.body["url"]
        .as_str()
        .unwrap()
        .to_owned();
    let feed_token = feed.rsplit('/').next().unwrap().trim_end_matches(".ics").to_owned();
    let before = w.record(&a_pid).await;
    let secrets = ["CANARY-A", &screening, &session, &a_pid, &feed_token];

    let (b, _) = w.account("b@example.org", Role::Patient).await;
    assert_eq!(b.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let (clinician, _) = w.account("c@example.org", Role::Clinician).await;
    let (admin, _) = w.account("admin@example.org", Role::Admin).await;

    let mut cells = 0;
    for (who, api, staff) in
        [("patient B", &b, false), ("clinician", &clinician, true), ("admin", &admin, true)]
    {
        for e in endpoints() {
            let (method, path) = (e.method.as_str(), e.path);
            if ACCOUNT_ROUTES.contains(&(method, path)) {
                continue;
            }
            let args: Vec<&str> = match path {
                "/api/v1/screenings/{id}" => vec![&screening],
                "/api/v1/sessions/{id}" => vec![&session],
                "/api/v1/exercises/{id}" => vec!["prone-lying"],
                "/api/v1/measures/{measure}" => vec!["odi"],
                p => {
                    assert!(!p.contains('{'), "{method} {p}: add its object to this matrix");
                    vec![]
                }
            };
            let foreign_object = matches!(path, "/api/v1/screenings/{id}" | "/api/v1/sessions/{id}");
            if !staff && method == "DELETE" && path == "/api/v1/me" {
                continue;
            }
            let query = if path == "/api/v1/me" { "?confirm=true" } else { "" };
            let body = valid_body(&e.method, path);
            let r = api.call(e.method.clone(), path, &args, query, body.as_ref().map(Body::Json)).await;
            cells += 1;
            if staff || foreign_object {
                assert_eq!(r.status, 404, "{who}: {method} {path} must be not found: {}", r.text);
                assert_eq!(r.content_type, "application/problem+json");
            } else {
                assert!(r.status < 300, "{who}: {method} {path} on their own record: {}", r.text);
            }
            for s in secrets {
                assert!(!r.text.contains(s), "{who}: {method} {path} leaked `{s}`: {}", r.text);
            }
        }
    }
    assert!(cells >= 3 * 20, "the matrix covers every record route");
    assert_eq!(w.record(&a_pid).await, before, "A's record is unchanged");
    let feed_status = w.api.http.get(&feed).send().await.unwrap().status();
    assert_eq!(feed_status, 200, "A's feed still works");
    for email in ["c@example.org", "admin@example.org", "b@example.org"] {
        assert!(w.server.store.user_by_email(email).await.unwrap().is_some(), "{email} still exists");
    }
    // Staff accounts may still use the account routes.
    assert_eq!(clinician.get("/api/v1/me", &[]).await.body["role"], "clinician");
    assert_eq!(admin.get("/api/v1/me", &[]).await.body["patient_id"], Value::Null);
}

#[tokio::test]
async fn a_bearer_token_stops_working_once_revoked() {
    let w = World::new().await;
    let (p, _) = w.account("pat@example.org", Role::Patient).await;
    let second = p.send(Method::POST, "/api/v1/tokens", &[], &json!({ "name": "tablet" })).await;
    assert_eq!(second.status, 201);
    let tablet = w.api.with(Auth::Bearer(second.body["token"].as_str().unwrap().to_owned()));
    assert_eq!(p.delete("/api/v1/tokens/current", "").await.status, 204);
    let gone = p.get("/api/v1/me", &[]).await;
    assert_eq!(gone.status, 401);
    assert_eq!(gone.content_type, "application/problem+json");
    assert_eq!(p.delete("/api/v1/tokens/current", "").await.status, 401);
    assert_eq!(tablet.get("/api/v1/me", &[]).await.status, 200, "other tokens keep working");
    let garbage = w.api.with(Auth::Bearer("not-a-token".to_owned()));
    assert_eq!(garbage.get("/api/v1/me", &[]).await.status, 401);

    let cookie = w.server.signed_in("pat@example.org").await.cookie.unwrap();
    let by_cookie = w.api.with(Auth::Cookie(cookie));
    assert_eq!(by_cookie.delete("/api/v1/tokens/current", "").await.status, 404, "no token was used");
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
