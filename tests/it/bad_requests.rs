//! Bad requests to the rotate operation, each with the status and error body it must get.
//! Nothing here reaches the implementation.

use incident_io_api::server::{self, ApiKeysV1RotateRequest, ApiKeysV1RotateResponse};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts calls; answers with the stub's example.
#[derive(Default)]
struct Counter(AtomicUsize);

impl server::Api for Counter {
    async fn api_keys_v1_rotate(&self, request: ApiKeysV1RotateRequest) -> ApiKeysV1RotateResponse {
        self.0.fetch_add(1, Ordering::SeqCst);
        server::Api::api_keys_v1_rotate(&server::ExampleStub, request).await
    }
}

/// What the response must carry.
enum Expect {
    /// The spec's error shape (`ErrorV1`) with these `(code, source.field)` errors.
    Spec(&'static str, &'static [(&'static str, Option<&'static str>)]),
    /// RFC 9457 problem+json.
    Problem,
}

struct Case {
    name: &'static str,
    method: &'static str,
    auth: Option<&'static str>,
    content_type: Option<&'static str>,
    body: Vec<u8>,
    status: u16,
    expect: Expect,
}

fn case(name: &'static str, body: &str, status: u16, expect: Expect) -> Case {
    Case {
        name,
        method: "POST",
        auth: Some("Bearer tok"),
        content_type: Some("application/json"),
        body: body.as_bytes().to_vec(),
        status,
        expect,
    }
}

const GRACE: Option<&str> = Some("grace_period_minutes");
const AUTH: Option<&str> = Some("Authorization");

fn cases() -> Vec<Case> {
    use Expect::*;
    vec![
        case(
            "above maximum",
            r#"{"grace_period_minutes": 61}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case(
            "below minimum",
            r#"{"grace_period_minutes": -1}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case(
            "string for integer",
            r#"{"grace_period_minutes": "30"}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case(
            "fraction for integer",
            r#"{"grace_period_minutes": 30.5}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case(
            "null for integer",
            r#"{"grace_period_minutes": null}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case(
            "beyond int64",
            r#"{"grace_period_minutes": 18446744073709551615}"#,
            422,
            Spec("validation_error", &[("is_invalid", GRACE)]),
        ),
        case("missing field", "{}", 422, Spec("validation_error", &[("is_required", GRACE)])),
        case("body is an array", "[]", 422, Spec("validation_error", &[("is_invalid", None)])),
        case("body is null", "null", 422, Spec("validation_error", &[("is_invalid", None)])),
        case("empty body", "", 400, Spec("invalid_request_error", &[])),
        case("malformed JSON", r#"{"grace_period_minutes": "#, 400, Spec("invalid_request_error", &[])),
        case("trailing garbage", r#"{"grace_period_minutes": 5} x"#, 400, Spec("invalid_request_error", &[])),
        Case {
            content_type: Some("text/plain"),
            ..case("wrong content type", r#"{"grace_period_minutes": 5}"#, 415, Problem)
        },
        Case { content_type: None, ..case("no content type", r#"{"grace_period_minutes": 5}"#, 415, Problem) },
        Case {
            body: format!(r#"{{"grace_period_minutes": 5, "pad": "{}"}}"#, "x".repeat(2 * 1024 * 1024)).into_bytes(),
            ..case("2 MiB body", "", 413, Problem)
        },
        Case {
            auth: None,
            ..case(
                "no authorization",
                r#"{"grace_period_minutes": 5}"#,
                401,
                Spec("authentication_error", &[("missing_authorization_material", AUTH)]),
            )
        },
        Case {
            auth: Some(""),
            ..case(
                "empty authorization",
                r#"{"grace_period_minutes": 5}"#,
                401,
                Spec("authentication_error", &[("missing_authorization_material", AUTH)]),
            )
        },
        Case {
            auth: Some("Bearer "),
            ..case(
                "empty bearer token",
                r#"{"grace_period_minutes": 5}"#,
                401,
                Spec("authentication_error", &[("missing_authorization_material", AUTH)]),
            )
        },
        Case {
            auth: Some("Basic dXNlcjpwYXNz"),
            ..case(
                "basic authorization",
                r#"{"grace_period_minutes": 5}"#,
                401,
                Spec("authentication_error", &[("missing_authorization_material", AUTH)]),
            )
        },
        Case {
            auth: Some("Bearer a b"),
            ..case(
                "malformed bearer token",
                r#"{"grace_period_minutes": 5}"#,
                401,
                Spec("authentication_error", &[("missing_authorization_material", AUTH)]),
            )
        },
        Case { method: "GET", ..case("wrong method", "", 405, Problem) },
        Case { method: "DELETE", ..case("another wrong method", "", 405, Problem) },
    ]
}

async fn send(base: &str, path: &str, case: &Case) -> (u16, reqwest::header::HeaderMap, serde_json::Value) {
    let method = reqwest::Method::from_bytes(case.method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new().request(method, format!("{base}{path}")).body(case.body.clone());
    if let Some(auth) = case.auth {
        request = request.header("authorization", auth);
    }
    if let Some(content_type) = case.content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.bytes().await.expect("body");
    (status, headers, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn every_bad_request_gets_its_status_and_a_body_naming_the_problem() {
    let counter = Arc::new(Counter::default());
    let base = format!("http://{}", tests::serve(server::router(counter.clone())).await);
    for case in cases() {
        let (status, headers, body) =
            send(&base, "/v1/api_keys/01FCNDV6P870EA6S7TK1DSYDG0/actions/rotate", &case).await;
        let name = case.name;
        assert_eq!(status, case.status, "{name}: {body}");
        match case.expect {
            Expect::Spec(kind, errors) => {
                assert_eq!(headers["content-type"], "application/json", "{name}");
                assert_eq!(body["type"], kind, "{name}: {body}");
                assert_eq!(body["status"], case.status, "{name}: {body}");
                assert!(body["request_id"].as_str().is_some_and(|id| id.len() == 36), "{name}: {body}");
                let got: Vec<(String, Option<String>)> = body["errors"]
                    .as_array()
                    .unwrap_or_else(|| panic!("{name}: errors is an array: {body}"))
                    .iter()
                    .map(|e| {
                        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()), "{name}: {e}");
                        (
                            e["code"].as_str().unwrap_or("").to_string(),
                            e["source"]["field"].as_str().map(str::to_string),
                        )
                    })
                    .collect();
                let want: Vec<(String, Option<String>)> =
                    errors.iter().map(|(code, field)| (code.to_string(), field.map(str::to_string))).collect();
                assert_eq!(got, want, "{name}: {body}");
            }
            Expect::Problem => {
                assert_eq!(headers["content-type"], "application/problem+json", "{name}");
                assert_eq!(body["status"], case.status, "{name}: {body}");
                assert!(body["detail"].as_str().is_some_and(|d| !d.is_empty()), "{name}: {body}");
            }
        }
        if status == 401 {
            assert_eq!(headers["www-authenticate"], "Bearer", "{name}");
        }
        if status == 405 {
            assert_eq!(headers["allow"], "POST", "{name}");
        }
    }
    assert_eq!(counter.0.load(Ordering::SeqCst), 0, "no bad request reached the implementation");

    // Unknown fields are accepted (incident.io may add fields; see the README).
    let extra = case("unknown extra field", r#"{"grace_period_minutes": 5, "unexpected": true}"#, 201, Expect::Problem);
    assert_eq!(send(&base, "/v1/api_keys/abc/actions/rotate", &extra).await.0, 201);
    let unknown_path = case("unknown path", "{}", 404, Expect::Problem);
    let (status, headers, _) = send(&base, "/v1/nothing/here", &unknown_path).await;
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"], "application/problem+json");
}

#[tokio::test]
async fn all_violations_are_reported_together() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(server::ExampleStub))).await);
    // The rotate payload has a single field, so one request can break one rule only; the
    // nested response model shows that one pass finds every violation, each with its pointer.
    let two = case("two problems", r#"{"grace_period_minutes": 99}"#, 422, Expect::Problem);
    let (status, _, body) = send(&base, "/v1/api_keys/x/actions/rotate", &two).await;
    assert_eq!(status, 422);
    assert_eq!(body["errors"].as_array().map(Vec::len), Some(1));

    use incident_io_api::validation::{Location, Schema, Source};
    let value = serde_json::json!({
        "api_key": {"id": 7, "name": "k", "roles": [{"name": "nope"}], "team_ids": [], "team_roles": [],
                    "creator": {}, "created_at": "yesterday", "token_last_issued_at": "2021-08-17T13:28:57Z",
                    "comments": "x"},
        "token": null
    });
    let mut errors = Vec::new();
    incident_io_api::models::ApiKeysRotateResultV1::check(&value, &Location::root(Source::Body), &mut errors);
    let found: Vec<(String, &str)> = errors.iter().map(|e| (e.pointer.clone(), e.rule)).collect();
    let expected = [
        ("/api_key/created_at", "format"),
        ("/api_key/id", "type"),
        ("/api_key/roles/0/description", "required"),
        ("/api_key/roles/0/name", "enum"),
        ("/token", "type"),
    ];
    for (pointer, rule) in expected {
        assert!(found.iter().any(|(p, r)| p == pointer && *r == rule), "missing {pointer} {rule} in {found:?}");
    }
    assert_eq!(found.len(), expected.len(), "{found:?}");
}

/// Panics on every call.
struct Panics;

impl server::Api for Panics {
    async fn api_keys_v1_rotate(&self, _request: ApiKeysV1RotateRequest) -> ApiKeysV1RotateResponse {
        panic!("implementation bug")
    }
}

#[tokio::test]
async fn a_panicking_implementation_gets_500_and_the_server_keeps_serving() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(Panics))).await);
    let ok = case("valid", r#"{"grace_period_minutes": 5}"#, 500, Expect::Problem);
    for _ in 0..3 {
        let (status, headers, body) = send(&base, "/v1/api_keys/x/actions/rotate", &ok).await;
        assert_eq!(status, 500);
        assert_eq!(headers["content-type"], "application/problem+json");
        assert_eq!(body["status"], 500);
    }
}

#[tokio::test]
async fn the_stub_answers_with_the_seed_example_and_checks_its_token() {
    let options = server::Options::default().token_check(|token| token.as_str() == "SECRET");
    let base = format!("http://{}", tests::serve(server::router_with(Arc::new(server::ExampleStub), options)).await);
    let mut good = case("stub", r#"{"grace_period_minutes": 5}"#, 201, Expect::Problem);
    good.auth = Some("Bearer SECRET");
    let (status, _, body) = send(&base, "/v1/api_keys/x/actions/rotate", &good).await;
    assert_eq!(status, 201);
    assert_eq!(body, tests::seed_example_response());
    good.auth = Some("Bearer OTHER");
    assert_eq!(send(&base, "/v1/api_keys/x/actions/rotate", &good).await.0, 401);
}

/// A team's own rejection shape.
struct Teapot;

impl server::RenderRejection for Teapot {
    fn render(&self, rejection: &server::Rejection) -> axum::response::Response {
        let body = format!("{} {}", rejection.status.as_u16(), rejection.violations.len());
        axum::response::IntoResponse::into_response((axum::http::StatusCode::IM_A_TEAPOT, body))
    }
}

#[tokio::test]
async fn the_renderer_and_the_body_limit_can_be_replaced() {
    let options = server::Options::default().renderer(Teapot).body_limit(64);
    let base = format!("http://{}", tests::serve(server::router_with(Arc::new(server::ExampleStub), options)).await);
    let bad = case("above maximum", r#"{"grace_period_minutes": 61}"#, 418, Expect::Problem);
    let response = reqwest::Client::new()
        .post(format!("{base}/v1/api_keys/x/actions/rotate"))
        .header("authorization", "Bearer tok")
        .header("content-type", "application/json")
        .body(bad.body.clone())
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status().as_u16(), 418);
    assert_eq!(response.text().await.expect("body"), "422 1", "the renderer saw the 422 and its violation");

    let big = format!(r#"{{"grace_period_minutes": 5, "pad": "{}"}}"#, "x".repeat(100));
    let response = reqwest::Client::new()
        .post(format!("{base}/v1/api_keys/x/actions/rotate"))
        .header("authorization", "Bearer tok")
        .header("content-type", "application/json")
        .body(big)
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.text().await.expect("body"), "413 0", "100 bytes exceed a 64-byte limit");
}

/// OpenAPI 3.0's JSON Schema draft does not count `15.0` as an integer: refused like `30.5`
/// (in 3.1 it is accepted; see `openapi31.rs`).
#[tokio::test]
async fn in_a_3_0_spec_a_whole_number_with_a_fraction_is_refused() {
    let counter = Arc::new(Counter::default());
    let base = format!("http://{}", tests::serve(server::router(counter.clone())).await);
    let whole = case("whole float", r#"{"grace_period_minutes": 15.0}"#, 422, Expect::Problem);
    let (status, _, body) = send(&base, "/v1/api_keys/01FCNDV6P870EA6S7TK1DSYDG0/actions/rotate", &whole).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(counter.0.load(Ordering::SeqCst), 0);
}
