//! A JSON client for the API that checks every answer against the served OpenAPI document, and a
//! test world with a server, the document and accounts with bearer tokens.

use super::openapi::check_documented;
use super::{Server, start};
use jiff::Timestamp;
use reqwest::Method;
use sciatica_core::policy::Role;
use sciatica_web::auth::token;
use serde_json::{Value, json};
use std::sync::Arc;

/// Calm answers (a cleared disc herniation, no red flags) with some changed.
pub fn answers(patch: &[(&str, Value)]) -> Value {
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
pub enum Auth {
    None,
    Bearer(String),
    Cookie(String),
}

/// A JSON client that checks every answer against the OpenAPI document.
#[derive(Clone)]
pub struct Api {
    base: String,
    pub http: reqwest::Client,
    auth: Auth,
    pub doc: Arc<Value>,
}

/// An answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Reply {
    /// The field names of a problem document.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|a| a.iter().filter_map(|e| e["field"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Asserts a 422 problem naming `field`.
    pub fn names(&self, field: &str) {
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
    pub fn with(&self, auth: Auth) -> Api {
        Api { auth, ..self.clone() }
    }

    /// Sends a request to `template` with `{…}` filled from `args` in order; checks the answer.
    pub async fn call(
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

    pub async fn get(&self, template: &str, args: &[&str]) -> Reply {
        self.call(Method::GET, template, args, "", None).await
    }

    pub async fn send(&self, method: Method, template: &str, args: &[&str], body: &Value) -> Reply {
        self.call(method, template, args, "", Some(Body::Json(body))).await
    }

    pub async fn delete(&self, template: &str, query: &str) -> Reply {
        self.call(Method::DELETE, template, &[], query, None).await
    }

    /// `DELETE /api/v1/me` with `password` in the body and `query` after the path.
    pub async fn erase(&self, password: &str, query: &str) -> Reply {
        let body = serde_json::json!({ "password": password });
        self.call(Method::DELETE, "/api/v1/me", &[], query, Some(Body::Json(&body))).await
    }
}

/// A request body.
#[derive(Clone, Copy)]
pub enum Body<'a> {
    Json(&'a Value),
    Raw(&'a str, &'a str),
}

/// A test world: the server, the document, and a client for each account.
pub struct World {
    pub server: Server,
    pub api: Api,
}

impl World {
    pub async fn new() -> World {
        World::on(start().await).await
    }

    /// A world whose server runs with changed settings.
    pub async fn with(change: impl FnOnce(&mut sciatica_web::Config)) -> World {
        World::on(super::start_with(change).await).await
    }

    async fn on(server: Server) -> World {
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
    pub async fn account(&self, email: &str, role: Role) -> (Api, Option<String>) {
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
    pub async fn record(&self, patient: &str) -> Value {
        let mut v = serde_json::to_value(self.server.store.export(patient).await.unwrap()).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    }
}
