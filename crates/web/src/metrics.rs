//! Request counters and latencies in the Prometheus text format (`/metrics`). Labels are the
//! route pattern, never the path, so no id or token reaches the metrics.

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::time::Instant;

const BUCKETS: [f64; 9] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5];

#[derive(Default)]
struct Series {
    count: u64,
    sum: f64,
    buckets: [u64; BUCKETS.len()],
}

/// Counters since the server started.
pub struct Metrics {
    started: Instant,
    series: Mutex<BTreeMap<(String, String, u16), Series>>,
}

impl Default for Metrics {
    fn default() -> Metrics {
        Metrics { started: Instant::now(), series: Mutex::new(BTreeMap::new()) }
    }
}

impl Metrics {
    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        let mut map = self.series.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let s = map.entry((method.to_owned(), route.to_owned(), status)).or_default();
        s.count += 1;
        s.sum += seconds;
        for (i, b) in BUCKETS.iter().enumerate() {
            if seconds <= *b {
                s.buckets[i] += 1;
            }
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP sciatica_uptime_seconds Seconds since the server started.");
        let _ = writeln!(out, "# TYPE sciatica_uptime_seconds gauge");
        let _ = writeln!(out, "sciatica_uptime_seconds {:.3}", self.started.elapsed().as_secs_f64());
        let _ =
            writeln!(out, "# HELP sciatica_http_requests_total HTTP requests by method, route and status.");
        let _ = writeln!(out, "# TYPE sciatica_http_requests_total counter");
        let map = self.series.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for ((m, r, s), v) in map.iter() {
            let _ = writeln!(
                out,
                "sciatica_http_requests_total{{method=\"{m}\",route=\"{r}\",status=\"{s}\"}} {}",
                v.count
            );
        }
        let _ = writeln!(out, "# HELP sciatica_http_request_duration_seconds HTTP request latency.");
        let _ = writeln!(out, "# TYPE sciatica_http_request_duration_seconds histogram");
        let mut by_route: BTreeMap<(&str, &str), Series> = BTreeMap::new();
        for ((m, r, _), v) in map.iter() {
            let s = by_route.entry((m, r)).or_default();
            s.count += v.count;
            s.sum += v.sum;
            for i in 0..BUCKETS.len() {
                s.buckets[i] += v.buckets[i];
            }
        }
        for ((m, r), v) in &by_route {
            for (i, b) in BUCKETS.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "sciatica_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"{b}\"}} {}",
                    v.buckets[i]
                );
            }
            let _ = writeln!(
                out,
                "sciatica_http_request_duration_seconds_bucket{{method=\"{m}\",route=\"{r}\",le=\"+Inf\"}} {}",
                v.count
            );
            let _ = writeln!(
                out,
                "sciatica_http_request_duration_seconds_sum{{method=\"{m}\",route=\"{r}\"}} {:.6}",
                v.sum
            );
            let _ = writeln!(
                out,
                "sciatica_http_request_duration_seconds_count{{method=\"{m}\",route=\"{r}\"}} {}",
                v.count
            );
        }
        out
    }
}

/// Counts every request.
pub async fn track(State(state): State<crate::AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().to_string();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |p| p.as_str().to_owned());
    let res = next.run(req).await;
    state.metrics.observe(&method, &route, res.status().as_u16(), started.elapsed().as_secs_f64());
    res
}
