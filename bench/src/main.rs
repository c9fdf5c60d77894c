//! Runtime benchmarks, measured in one run on loopback:
//!
//! - server: the generated router (bearer check, path and body extraction, every rule checked)
//!   against a hand-written axum handler doing the same work, both answering 201 with the seed
//!   example, driven by the same load generator;
//! - client: the generated client against a hand-written reqwest call (same request, same
//!   status check and decode), both calling the hand-written server.
//!
//! `cargo run --release -p bench -- [SECONDS] [CONCURRENCY] [ROUNDS]` prints requests per second
//! and p99 latency for each, and the ratios. Rounds run in adjacent A/B pairs, alternating which
//! side goes first, and the ratio is the median of the per-pair ratios, so that a burst of noise
//! on a 2-core machine moves one pair, not the result.

use incident_io_api::models::{ApiKeysRotatePayloadV1, ApiKeysRotateResultV1};
use incident_io_api::server::{self, ApiKeysV1RotateRequest, ApiKeysV1RotateResponse};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

const PATH: &str = "/v1/api_keys/01FCNDV6P870EA6S7TK1DSYDG0/actions/rotate";
const BODY: &str = r#"{"grace_period_minutes": 30}"#;
const ROUNDS: usize = 9;

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

/// The same work by hand: bearer check, path id, JSON body, the 0..=60 rule, 201 with an owned
/// copy of the example as JSON.
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
                // An owned answer per request, as the generated `Api` implementation above returns.
                let answer: ApiKeysRotateResultV1 = (*result).clone();
                (StatusCode::CREATED, serde_json::to_vec(&answer).unwrap_or_default())
            }
        };
    axum::Router::new().route("/v1/api_keys/{id}/actions/rotate", axum::routing::post(handler))
}

/// Serves `router` on a thread and single-threaded runtime of its own, so that the server and
/// the load generator (the main thread's runtime) each have one of the machine's two cores and
/// never trade places on a worker thread, which made in-process numbers bimodal.
fn serve(router: axum::Router) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("server runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
            sender.send(listener.local_addr().expect("addr")).expect("report the address");
            axum::serve(listener, router).await.expect("serve");
        });
    });
    receiver.recv().expect("server address")
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

/// The load generator for the server comparison: plain HTTP/1.1 over kept-alive connections,
/// one request at a time per connection, reading each response by its `Content-Length`. It does
/// far less work per request than either server, so the server is what limits throughput.
async fn raw_load(seconds: f64, concurrency: usize, addr: SocketAddr) -> (f64, Duration) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let request = format!(
        "POST {PATH} HTTP/1.1\r\nhost: {addr}\r\nauthorization: Bearer bench-token\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{BODY}",
        BODY.len()
    );
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let request = request.clone();
        tasks.push(tokio::spawn(async move {
            let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
            stream.set_nodelay(true).expect("nodelay");
            let mut latencies = Vec::new();
            let mut buffer = Vec::with_capacity(16 * 1024);
            while Instant::now() < deadline {
                let start = Instant::now();
                stream.write_all(request.as_bytes()).await.expect("send");
                buffer.clear();
                // Read until the head is complete, then until the body is.
                let (head_end, length) = loop {
                    let mut chunk = [0u8; 8192];
                    let n = stream.read(&mut chunk).await.expect("receive");
                    assert!(n > 0, "the server closed the connection");
                    buffer.extend_from_slice(&chunk[..n]);
                    if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = std::str::from_utf8(&buffer[..end]).expect("head is text");
                        assert!(head.starts_with("HTTP/1.1 201"), "unexpected response: {head}");
                        let length = head
                            .lines()
                            .find_map(|l| {
                                let (name, value) = l.split_once(':')?;
                                name.eq_ignore_ascii_case("content-length")
                                    .then(|| value.trim().parse::<usize>().ok())?
                            })
                            .expect("content-length");
                        break (end + 4, length);
                    }
                };
                while buffer.len() < head_end + length {
                    let mut chunk = [0u8; 8192];
                    let n = stream.read(&mut chunk).await.expect("receive");
                    assert!(n > 0, "the server closed the connection");
                    buffer.extend_from_slice(&chunk[..n]);
                }
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

/// One side's medians over all rounds.
struct Side {
    rps: f64,
    p99: Duration,
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// Runs A and B in adjacent pairs, alternating which goes first (ABBA...), so that drift in
/// the machine hits both sides alike; returns each side's medians and the median pair ratio.
async fn compare<A, B>(rounds: usize, a: A, b: B) -> (Side, Side, f64)
where
    A: AsyncFnMut() -> (f64, Duration),
    B: AsyncFnMut() -> (f64, Duration),
{
    let (mut a, mut b) = (a, b);
    let _ = (a().await, b().await); // warm-up round, not counted
    let (mut rps_a, mut rps_b, mut p99_a, mut p99_b, mut ratios) = (vec![], vec![], vec![], vec![], vec![]);
    for round in 0..rounds {
        let ((ra, pa), (rb, pb)) = if round % 2 == 0 {
            let first = a().await;
            (first, b().await)
        } else {
            let first = b().await;
            (a().await, first)
        };
        ratios.push(ra / rb);
        rps_a.push(ra);
        rps_b.push(rb);
        p99_a.push(pa.as_secs_f64());
        p99_b.push(pb.as_secs_f64());
    }
    let side = |rps: Vec<f64>, p99: Vec<f64>| Side { rps: median(rps), p99: Duration::from_secs_f64(median(p99)) };
    (side(rps_a, p99_a), side(rps_b, p99_b), median(ratios))
}

fn row(name: &str, side: &Side) -> String {
    format!("| {name} | {:.0} | {:.3} ms |", side.rps, side.p99.as_secs_f64() * 1000.0)
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(2.0);
    let concurrency: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(ROUNDS);
    let result = example();
    let generated_addr = serve(server::router(Arc::new(Generated(result.clone()))));
    let hand_addr = serve(hand_written(result));
    let http = reqwest::Client::new();

    let (server_generated, server_hand, server_ratio) = compare(
        rounds,
        async || raw_load(seconds, concurrency, generated_addr).await,
        async || raw_load(seconds, concurrency, hand_addr).await,
    )
    .await;

    let client = incident_io_api::Client::new(&format!("http://{hand_addr}"), "bench-token")
        .expect("base URL")
        .with_http_client(http.clone());
    let (client_generated, client_hand, client_ratio) = compare(
        rounds,
        async || load(seconds, concurrency, generated_call(client.clone())).await,
        async || load(seconds, concurrency, hand_call(http.clone(), format!("http://{hand_addr}"))).await,
    )
    .await;

    println!(
        "{rounds} rounds of {seconds} s per side, in adjacent pairs (ABBA), {concurrency} concurrent requests, loopback, release build; medians\n"
    );
    println!("| side | requests/s | p99 |\n|---|---:|---:|");
    println!("{}", row("server: generated router", &server_generated));
    println!("{}", row("server: hand-written axum", &server_hand));
    println!("{}", row("client: generated client", &client_generated));
    println!("{}", row("client: hand-written reqwest", &client_hand));
    println!(
        "\nthroughput ratio, generated / hand-written (median of the per-pair ratios): server {server_ratio:.3}, client {client_ratio:.3}"
    );
}
