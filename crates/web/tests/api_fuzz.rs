//! The API's write routes fed mutated bodies: a valid body with one field replaced by an odd value,
//! removed, or joined by an unknown one, and bodies that are not JSON at all. Every answer is
//! documented (the client checks it against the OpenAPI document), no answer is a server error, a
//! refusal is a problem document naming a field, and the server keeps serving.
//!
//! `SCIATICA_FUZZ_CASES` sets the cases per route (default 64, for CI); `SCIATICA_FUZZ_SEED`
//! replays a run (each failure prints its seed).

mod common;

use common::api::{Api, Body, World, answers};
use reqwest::Method;
use sciatica_core::policy::Role;
use serde_json::{Value, json};

/// A small deterministic generator (SplitMix64), so a failing seed replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }

    fn odd_value(&mut self) -> Value {
        let strings = ["", " ", "\u{0}", "\u{7}bell", "😀", "a\u{202e}b", "null", "-1", "1e999", "../../etc"];
        match self.below(12) {
            0 => Value::Null,
            1 => json!(true),
            2 => json!(-1),
            3 => json!(i64::MAX),
            4 => json!(0.5),
            5 => json!(1e300),
            6 => json!(strings[self.below(strings.len())]),
            7 => json!("x".repeat(self.below(5000))),
            8 => json!([]),
            9 => json!({}),
            10 => json!([null, null]),
            _ => json!(u64::MAX),
        }
    }

    /// `body` with one change somewhere (in a nested object or array too).
    fn mutate(&mut self, body: &Value) -> Value {
        let mut v = body.clone();
        // Choose where: the top, or a level or two down (a JSON pointer).
        let mut path = String::new();
        for _ in 0..self.below(3) {
            let here = v.pointer(&path).unwrap();
            let step = match here {
                Value::Object(m) if !m.is_empty() => m.keys().nth(self.below(m.len())).cloned(),
                Value::Array(a) if !a.is_empty() => Some(self.below(a.len()).to_string()),
                _ => None,
            };
            let Some(step) = step else { break };
            let next = format!("{path}/{}", step.replace('~', "~0").replace('/', "~1"));
            if !v.pointer(&next).is_some_and(|n| n.is_object() || n.is_array()) {
                break;
            }
            path = next;
        }
        let at = v.pointer_mut(&path).unwrap();
        let odd = self.odd_value();
        match at {
            Value::Object(m) if !m.is_empty() => {
                let k = m.keys().nth(self.below(m.len())).unwrap().clone();
                match self.below(3) {
                    0 => {
                        m.remove(&k);
                    }
                    1 => {
                        m.insert(format!("unknown_{}", self.below(99)), odd);
                    }
                    _ => {
                        m.insert(k, odd);
                    }
                }
            }
            Value::Array(a) => {
                if a.is_empty() || self.below(2) == 0 {
                    a.push(odd);
                } else {
                    let i = self.below(a.len());
                    a[i] = odd;
                }
            }
            other => *other = odd,
        }
        v
    }
}

fn cases() -> usize {
    std::env::var("SCIATICA_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64)
}

fn seed() -> u64 {
    std::env::var("SCIATICA_FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
        u64::try_from(
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos()
                % u128::from(u64::MAX),
        )
        .unwrap()
    })
}

async fn check(p: &Api, method: &Method, template: &str, args: &[&str], body: Body<'_>, seed: u64) {
    let r = p.call(method.clone(), template, args, "", Some(body)).await;
    let shown = match body {
        Body::Json(v) => v.to_string(),
        Body::Raw(_, t) => t.to_owned(),
    };
    let shown: String = shown.chars().take(300).collect();
    assert!(
        r.status < 500,
        "{method} {template} answered {} to {shown} (SCIATICA_FUZZ_SEED={seed}): {}",
        r.status,
        r.text
    );
    if r.status >= 400 {
        assert_eq!(r.content_type, "application/problem+json", "{method} {template} {shown}: {}", r.text);
    }
    if r.status == 422 {
        assert!(!r.fields().is_empty(), "a 422 names a field: {method} {template} {shown}: {}", r.text);
    }
}

#[tokio::test]
async fn write_routes_refuse_mutated_bodies_cleanly() {
    let w = World::new().await;
    let (p, _) = w.account("fuzz@example.org", Role::Patient).await;
    assert_eq!(p.send(Method::POST, "/api/v1/screenings", &[], &answers(&[])).await.status, 201);
    let session = json!({
        "leg_pain_before": 5, "leg_pain_after": 4, "back_pain_before": 3, "back_pain_after": 3,
        "left_before": 3, "left_after": 2, "right_before": 0, "right_after": 0, "slot": "morning",
        "walking_minutes": 10, "sitting_minutes": 20, "cannot_cope": false, "stopped": false, "notes": "ok",
        "exercises": [{ "id": "prone-lying", "sets_done": 1, "reps_done": 1, "hold_seconds": 60, "completed": true, "response": "moved_up" }],
    });
    let logged = p.send(Method::POST, "/api/v1/sessions", &[], &session).await;
    assert_eq!(logged.status, 201, "{}", logged.text);
    let sid = logged.body["id"].as_str().unwrap().to_owned();
    let routes: Vec<(Method, &str, Vec<&str>, Value)> = vec![
        (Method::POST, "/api/v1/screenings", vec![], answers(&[])),
        (Method::POST, "/api/v1/sessions", vec![], session),
        (Method::POST, "/api/v1/measures/{measure}", vec!["nrs"], json!({ "answers": [5, 4] })),
        (
            Method::POST,
            "/api/v1/measures/{measure}",
            vec!["psfs"],
            json!({ "answers": [3, 4, null, null, null], "activities": ["Sitting", "Walking"] }),
        ),
        (
            Method::PUT,
            "/api/v1/profile",
            vec![],
            json!({ "display_name": "Sam", "time_zone": "Europe/London", "morning": "07:30", "evening": "19:00" }),
        ),
        (
            Method::POST,
            "/api/v1/sessions/{id}/harm",
            vec![&sid],
            json!({ "kind": "pain_worse", "severity": "mild", "details": "a twinge" }),
        ),
        (Method::POST, "/api/v1/tokens", vec![], json!({ "name": "phone" })),
        (Method::PATCH, "/api/v1/program", vec![], json!({ "phase": 1 })),
    ];
    let seed = seed();
    let mut rng = Rng(seed);
    let not_json =
        ["", "{", "[1,", "\u{0}", "{\"a\":1}}", "null", "{\"leg_pain_before\": 1e999}", "\"\\ud800\""];
    for (method, template, args, valid) in &routes {
        for _ in 0..cases() {
            let body = rng.mutate(valid);
            check(&p, method, template, args, Body::Json(&body), seed).await;
        }
        for raw in not_json {
            check(&p, method, template, args, Body::Raw("application/json", raw), seed).await;
        }
        check(&p, method, template, args, Body::Raw("text/plain", "leg_pain_before=5"), seed).await;
    }
    assert_eq!(p.get("/api/v1/status", &[]).await.status, 200, "the server keeps serving");
}
