//! Runtime benchmarks, measured in one run on loopback:
//!
//! - server: the generated router (bearer check, path and body extraction, every rule checked)
//!   against a hand-written axum handler doing the same work, both answering 201 with the seed
//!   example, driven by the same load generator;
//! - client: the generated client against a hand-written reqwest call (same request, same
//!   status check and decode), both calling the hand-written server.
//!
//! `cargo run --release -p bench -- [SECONDS] [CONCURRENCY]` prints requests per second and p99
//! latency for each, and the ratios. Rounds alternate A/B to spread machine noise evenly.

use incident_io_api::models::{ApiKeysRotatePayloadV1, ApiKeysRotateResultV1};
use incident_io_api::server::{self, ApiKeysV1RotateRequest, ApiKeysV1RotateResponse};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PATH: &str = "/v1/api_keys/01FCNDV6P870EA6S7TK1DSYDG0/actions/rotate";
const BODY: &str = r#"{"grace_period_minutes": 30}"#;
const ROUNDS: usize = 3;

/// The seed page's example, as the implementation's answer.
fn example() -> ApiKeysRotateResultV1 {
    serde_json::from_value(serde_json::json!({
        "api_key": {
            "created_at": "2021-08-17T13:28:57.801578Z",
            "creator": {"api_key": {"id": "01FCNDV6P870EA6S7TK1DSYDG0", "name": "My test API key"},
                        "user": {"email": "lisa@incident.io", "id": "01FCNDV6P870EA6S7TK1DSYDG0",
                                 "name": "Lisa Karlin Curtis", "role": "viewer", "slack_user_id": "U02AYNF2XJM"}},
            "id": "01FCNDV6P870EA6S7TK1DSYDG0", "name": "My test API key",
            "roles": [{"description": "Can create incidents", "name": "viewer"}],
            "team_ids": ["01FCNDV6P870EA6S7TK1DSYDG0"],
            "team_roles": [{"description": "Can read schedules", "name": "schedules_editor"}],
            "token_last_issued_at": "2021-08-17T13:28:57.801578Z"
        },
        "token": "inc_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
    }))
    .expect("the example fits the model")
}

struct Generated(ApiKeysRotateResultV1);

impl server::Api for Generated {
    async fn api_keys_v1_rotate(&self, _request: ApiKeysV1RotateRequest) -> ApiKeysV1RotateResponse {
        ApiKeysV1RotateResponse::Created(self.0.clone())
    }
}

/// The same work by hand: bearer check, path id, JSON body, the 0..=60 rule, 201 with JSON.
fn hand_written(result: ApiKeysRotateResultV1) -> axum::Router {
    use axum::http::{HeaderMap, StatusCode, header};
    let result = Arc::new(result);
    let handler =
        move |headers: HeaderMap, axum::extract::Path(id): axum::extract::Path<String>, body: axum::body::Bytes| {
            let result = result.clone();
            async move {
                let authorized = headers
                    .get(header::AUTHORIZATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("Bearer "))
                    .is_some_and(|t| !t.is_empty());
                if !authorized {
                    return (StatusCode::UNAUTHORIZED, Vec::new());
                }
                let Ok(payload) = serde_json::from_slice::<ApiKeysRotatePayloadV1>(&body) else {
                    return (StatusCode::BAD_REQUEST, Vec::new());
                };
                if !(0..=60).contains(&payload.grace_period_minutes) || id.is_empty() {
                    return (StatusCode::UNPROCESSABLE_ENTITY, Vec::new());
                }
                (StatusCode::CREATED, serde_json::to_vec(&*result).unwrap_or_default())
            }
        };
    axum::Router::new().route("/v1/api_keys/{id}/actions/rotate", axum::routing::post(handler))
}

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("serve") });
    addr
}

/// Requests per second and p99 latency of `call`, run by `concurrency` tasks for `seconds`.
async fn load<F, Fut>(seconds: f64, concurrency: usize, call: F) -> (f64, Duration)
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let call = call.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let start = Instant::now();
                assert!(call().await, "a benchmark request failed");
                latencies.push(start.elapsed());
            }
            latencies
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("load task"));
    }
    all.sort();
    let p99 = all.get(all.len() * 99 / 100).copied().unwrap_or_default();
    (all.len() as f64 / seconds, p99)
}

fn raw_post(
    http: reqwest::Client,
    url: String,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>> + Clone {
    move || {
        let request = http
            .post(url.clone())
            .header("authorization", "Bearer bench-token")
            .header("content-type", "application/json")
            .body(BODY);
        Box::pin(async move {
            match request.send().await {
                Ok(response) if response.status() == 201 => {
                    let bytes = response.bytes().await.unwrap_or_default();
                    serde_json::from_slice::<ApiKeysRotateResultV1>(&bytes).is_ok()
                }
                _ => false,
            }
        })
    }
}

/// The hand-written client: builds the URL, serializes the payload, checks the status, decodes.
fn hand_call(
    http: reqwest::Client,
    base: String,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>> + Clone {
    move || {
        let url = format!("{base}/v1/api_keys/{}/actions/rotate", "01FCNDV6P870EA6S7TK1DSYDG0");
        let body = serde_json::to_vec(&ApiKeysRotatePayloadV1::new()).unwrap_or_default();
        let request = http.post(url).bearer_auth("bench-token").header("content-type", "application/json").body(body);
        Box::pin(async move {
            match request.send().await {
                Ok(response) if response.status() == 201 => {
                    let bytes = response.bytes().await.unwrap_or_default();
                    serde_json::from_slice::<ApiKeysRotateResultV1>(&bytes).is_ok()
                }
                _ => false,
            }
        })
    }
}

fn generated_call(
    client: incident_io_api::Client,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = bool> + Send>> + Clone {
    move || {
        let client = client.clone();
        Box::pin(async move {
            client.api_keys_v1_rotate("01FCNDV6P870EA6S7TK1DSYDG0", &ApiKeysRotatePayloadV1::new()).await.is_ok()
        })
    }
}

/// Runs A and B alternately, summing requests and keeping the worst p99 of each.
async fn compare<A, B>(seconds: f64, a: A, b: B) -> ((f64, Duration), (f64, Duration))
where
    A: AsyncFnMut() -> (f64, Duration),
    B: AsyncFnMut() -> (f64, Duration),
{
    let (mut a, mut b) = (a, b);
    let _ = (seconds, a().await, b().await); // warm-up round, not counted
    let (mut rps_a, mut rps_b, mut p99_a, mut p99_b) = (0.0, 0.0, Duration::ZERO, Duration::ZERO);
    for _ in 0..ROUNDS {
        let (r, p) = a().await;
        rps_a += r;
        p99_a = p99_a.max(p);
        let (r, p) = b().await;
        rps_b += r;
        p99_b = p99_b.max(p);
    }
    ((rps_a / ROUNDS as f64, p99_a), (rps_b / ROUNDS as f64, p99_b))
}

fn row(name: &str, (rps, p99): (f64, Duration)) -> String {
    format!("| {name} | {rps:.0} | {:.3} ms |", p99.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(3.0);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let result = example();
    let generated_addr = serve(server::router(Arc::new(Generated(result.clone())))).await;
    let hand_addr = serve(hand_written(result)).await;
    let http = reqwest::Client::new();

    let generated_url = format!("http://{generated_addr}{PATH}");
    let hand_url = format!("http://{hand_addr}{PATH}");
    let (server_generated, server_hand) = compare(
        seconds,
        async || load(seconds, concurrency, raw_post(http.clone(), generated_url.clone())).await,
        async || load(seconds, concurrency, raw_post(http.clone(), hand_url.clone())).await,
    )
    .await;

    let client = incident_io_api::Client::new(&format!("http://{hand_addr}"), "bench-token")
        .expect("base URL")
        .with_http_client(http.clone());
    let (client_generated, client_hand) = compare(
        seconds,
        async || load(seconds, concurrency, generated_call(client.clone())).await,
        async || load(seconds, concurrency, hand_call(http.clone(), format!("http://{hand_addr}"))).await,
    )
    .await;

    println!("{ROUNDS} rounds of {seconds} s, {concurrency} concurrent requests, loopback, release build\n");
    println!("| side | requests/s | p99 |\n|---|---:|---:|");
    println!("{}", row("server: generated router", server_generated));
    println!("{}", row("server: hand-written axum", server_hand));
    println!("{}", row("client: generated client", client_generated));
    println!("{}", row("client: hand-written reqwest", client_hand));
    println!(
        "\nthroughput ratio, generated / hand-written: server {:.3}, client {:.3}",
        server_generated.0 / server_hand.0,
        client_generated.0 / client_hand.0
    );
}
