//! The generated client against an independent mock server (wiremock): every way a call can
//! end, the request it sends, rate-limit retries, newer servers' responses and its tracing.

use incident_io_api::Client;
use incident_io_api::client::{ApiError, ApiKeysV1RotateError, Error, RateLimitRetry, ResponseValue};
use incident_io_api::models::{
    ApiKeyRoleV1Name, ApiKeyTeamRoleV1Name, ApiKeysRotatePayloadV1, ApiKeysRotateResultV1, UserV1Role,
};
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ID: &str = "01FCNDV6P870EA6S7TK1DSYDG0";
const ROTATE_PATH: &str = "/v1/api_keys/01FCNDV6P870EA6S7TK1DSYDG0/actions/rotate";
const TOKEN: &str = "inc_test_bearer_0f1e2d3c4b5a";
const CAP: usize = 64 * 1024;

type Rotated = Result<ResponseValue<ApiKeysRotateResultV1>, Error<ApiKeysV1RotateError>>;

fn payload() -> ApiKeysRotatePayloadV1 {
    ApiKeysRotatePayloadV1 { grace_period_minutes: 15 }
}

/// A mock server answering every rotate of [`ID`] with `response`.
async fn answering(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path(ROTATE_PATH)).respond_with(response).mount(&server).await;
    server
}

fn client_for(server: &MockServer) -> Client {
    Client::new(&server.uri(), TOKEN).expect("valid base URL")
}

/// A client whose every request gives up after 200 ms.
fn impatient_client(base: &str) -> Client {
    let http = reqwest::Client::builder().timeout(Duration::from_millis(200)).build().expect("reqwest client builds");
    Client::new(base, TOKEN).expect("valid base URL").with_http_client(http)
}

async fn rotate(client: &Client) -> Rotated {
    client.api_keys_v1_rotate(ID, &payload()).await
}

async fn received(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("request recording is on")
}

fn created() -> ResponseTemplate {
    ResponseTemplate::new(201).set_body_json(tests::seed_example_response())
}

/// An `ErrorV1` body as incident.io sends it.
fn error_body(status: u16, kind: &str, code: &str) -> Value {
    json!({
        "type": kind,
        "status": status,
        "request_id": "631766c4-4afd-4803-997c-cd700928fa4b",
        "errors": [{"code": code, "message": format!("{code} happened"), "source": {"field": "grace_period_minutes"}}]
    })
}

fn too_many_requests() -> Value {
    let mut body = error_body(429, "too_many_requests", "too_many_requests");
    body["rate_limit"] =
        json!({"name": "api_key_name", "limit": 1200, "remaining": 0, "retry_after": "2025-04-17T11:17:18Z"});
    body
}

/// A 429 saying to come back after `seconds`.
fn rate_limited(seconds: &str) -> ResponseTemplate {
    ResponseTemplate::new(429).insert_header("retry-after", seconds).set_body_json(too_many_requests())
}

fn variant(error: &ApiKeysV1RotateError) -> &'static str {
    match error {
        ApiKeysV1RotateError::BadRequest(_) => "BadRequest",
        ApiKeysV1RotateError::Unauthorized(_) => "Unauthorized",
        ApiKeysV1RotateError::UnprocessableEntity(_) => "UnprocessableEntity",
        ApiKeysV1RotateError::TooManyRequests { .. } => "TooManyRequests",
    }
}

fn error_v1(error: &ApiKeysV1RotateError) -> &incident_io_api::models::ErrorV1 {
    match error {
        ApiKeysV1RotateError::BadRequest(body)
        | ApiKeysV1RotateError::Unauthorized(body)
        | ApiKeysV1RotateError::UnprocessableEntity(body)
        | ApiKeysV1RotateError::TooManyRequests { body, .. } => body,
    }
}

#[tokio::test]
async fn each_documented_error_status_gives_its_variant_with_the_typed_body() {
    let cases = [
        (400, "BadRequest", error_body(400, "invalid_request_error", "invalid_json")),
        (401, "Unauthorized", error_body(401, "authentication_error", "missing_authorization_material")),
        (422, "UnprocessableEntity", error_body(422, "validation_error", "is_invalid")),
        (429, "TooManyRequests", too_many_requests()),
    ];
    for (status, name, sent) in cases {
        let server = answering(ResponseTemplate::new(status).set_body_json(&sent)).await;
        let err = rotate(&client_for(&server)).await.expect_err("an error status");
        assert_eq!(err.status().map(|s| s.as_u16()), Some(status), "{err:?}");
        let Error::Api(api) = err else { panic!("{status}: expected Error::Api, got {err:?}") };
        assert_eq!(variant(&api), name, "{status}");
        assert_eq!(api.status(), status);
        let body = error_v1(&api);
        assert_eq!(body.errors[0].code, sent["errors"][0]["code"].as_str().expect("code"), "{status}");
        assert_eq!(body.status, i64::from(status));
        assert_eq!(serde_json::to_value(body).expect("serializes"), sent, "{status}: the whole body is kept");
        assert_eq!(received(&server).await.len(), 1, "{status}");
    }
}

#[tokio::test]
async fn an_undocumented_status_gives_its_status_and_body_capped_at_64_kib() {
    let big = "x".repeat(100 * 1024);
    // A two-byte character straddles the cap: the kept text must still fit in it.
    let straddling = format!("x{}", "é".repeat(40_000));
    let cases: [(u16, &str, &str); 5] = [
        (503, "upstream unavailable", "upstream unavailable"),
        (500, "", ""),
        (200, r#"{"ok":true}"#, r#"{"ok":true}"#),
        (503, &big, &big[..CAP]),
        (502, &straddling, &straddling[..CAP - 1]),
    ];
    for (status, sent, kept) in cases {
        let server = answering(ResponseTemplate::new(status).set_body_string(sent)).await;
        let err = rotate(&client_for(&server)).await.expect_err("an undocumented status");
        let Error::UnexpectedStatus { status: got, body } = err else {
            panic!("{status}: expected UnexpectedStatus, got {err:?}")
        };
        assert_eq!(got, status);
        assert!(body.len() <= CAP, "{status}: {} bytes kept, more than {CAP}", body.len());
        assert_eq!(body, kept, "{status}: body of {} bytes", sent.len());
    }
}

#[tokio::test]
async fn no_response_in_time_is_a_timeout_and_a_refused_connection_is_a_transport_error() {
    let server = answering(created().set_delay(Duration::from_secs(3))).await;
    let started = Instant::now();
    let err = rotate(&impatient_client(&server.uri())).await.expect_err("the response is too slow");
    assert!(matches!(err, Error::Timeout(_)), "expected Timeout, got {err:?}");
    assert!(started.elapsed() < Duration::from_secs(2), "gave up after {:?}", started.elapsed());
    assert_eq!(err.status(), None);

    // A port nobody listens on any more.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let closed = format!("http://{}", listener.local_addr().expect("local addr"));
    drop(listener);
    let err = rotate(&Client::new(&closed, TOKEN).expect("valid base URL")).await.expect_err("nobody listens");
    let Error::Transport(source) = &err else { panic!("expected Transport, got {err:?}") };
    assert!(source.is_connect() && !source.is_timeout(), "{source:?}");
}

#[tokio::test]
async fn a_body_that_breaks_its_schema_is_a_decode_error_naming_where() {
    let example = tests::seed_example_response();
    let with = |pointer: &str, value: Value| {
        let mut body = example.clone();
        *body.pointer_mut(pointer).expect("pointer into the example") = value;
        serde_json::to_string(&body).expect("serializes")
    };
    let without_token = {
        let mut body = example.clone();
        body.as_object_mut().expect("object").remove("token");
        serde_json::to_string(&body).expect("serializes")
    };
    let mut bad_error = too_many_requests();
    bad_error["errors"][0]["code"] = json!(7);
    let cases: Vec<(&str, u16, String, &str)> = vec![
        ("not JSON", 201, "<html>oops</html>".into(), "."),
        ("empty", 201, String::new(), "."),
        ("truncated", 201, r#"{"api_key": {"id": "#.into(), "api_key.id"),
        ("trailing garbage", 201, format!("{} x", serde_json::to_string(&example).expect("serializes")), "."),
        ("number for enum deep inside", 201, with("/api_key/roles/0/name", json!(5)), "api_key.roles[0].name"),
        ("bad timestamp", 201, with("/api_key/created_at", json!("yesterday")), "api_key.created_at"),
        ("null for string", 201, with("/api_key/creator/user/id", Value::Null), "api_key.creator.user.id"),
        ("missing required property", 201, without_token, "."),
        ("error body of another shape", 422, r#"{"message": "nope"}"#.into(), "."),
        ("wrong type in an error body", 429, bad_error.to_string(), "errors[0].code"),
    ];
    for (name, status, sent, want) in cases {
        let server = answering(ResponseTemplate::new(status).set_body_raw(sent, "application/json")).await;
        let err = rotate(&client_for(&server)).await.expect_err("the body does not decode");
        let Error::Decode { status: got, path, source } = err else { panic!("{name}: expected Decode, got {err:?}") };
        assert_eq!(got, status, "{name}");
        assert_eq!(path, want, "{name}: {source}");
    }
}

#[tokio::test]
async fn a_429_without_a_retry_policy_comes_back_with_its_rate_limit_headers() {
    let response = rate_limited("2")
        .insert_header("x-ratelimit-limit", "1200, 1200;window=60")
        .insert_header("x-ratelimit-remaining", "0")
        .insert_header("x-ratelimit-used", "1200")
        .insert_header("x-ratelimit-reset", "1785173199");
    let server = answering(response).await;
    let err = rotate(&client_for(&server)).await.expect_err("rate limited");
    let Error::Api(ApiKeysV1RotateError::TooManyRequests {
        retry_after,
        x_rate_limit_limit,
        x_rate_limit_remaining,
        x_rate_limit_used,
        x_rate_limit_reset,
        body,
    }) = err
    else {
        panic!("expected TooManyRequests, got {err:?}")
    };
    assert_eq!(retry_after, Some(2));
    assert_eq!(x_rate_limit_limit.as_deref(), Some("1200, 1200;window=60"));
    assert_eq!(x_rate_limit_remaining, Some(0));
    assert_eq!(x_rate_limit_used, Some(1200));
    assert_eq!(x_rate_limit_reset, Some(1_785_173_199));
    assert_eq!(body.rate_limit.map(|r| r.limit), Some(1200));
    assert_eq!(received(&server).await.len(), 1, "no policy, no retry");
}

#[tokio::test]
async fn a_429_is_retried_after_retry_after_and_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(ROTATE_PATH))
        .respond_with(rate_limited("1"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path(ROTATE_PATH)).respond_with(created()).mount(&server).await;
    let client =
        client_for(&server).with_rate_limit_retry(RateLimitRetry { max_retries: 2, max_wait: Duration::from_secs(5) });

    let started = Instant::now();
    let result = rotate(&client).await.expect("succeeds on the retry");
    assert!(started.elapsed() >= Duration::from_secs(1), "waited only {:?}", started.elapsed());
    assert_eq!(result.status(), 201);
    assert_eq!(result.token, tests::seed_example_response()["token"]);
    let requests = received(&server).await;
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.body_json::<Value>().expect("JSON body"), json!({"grace_period_minutes": 15}));
        assert_eq!(request.headers["authorization"], format!("Bearer {TOKEN}").as_str());
    }
}

#[tokio::test]
async fn retries_stop_at_max_retries_and_at_a_retry_after_beyond_max_wait() {
    let policy = RateLimitRetry { max_retries: 2, max_wait: Duration::from_secs(5) };
    // (Retry-After, requests expected, Retry-After the returned 429 carries)
    let cases = [
        (Some("0"), 3, Some(0)),
        (Some("10"), 1, Some(10)),
        (None, 1, None),
        (Some("Wed, 21 Oct 2015 07:28:00 GMT"), 1, None),
        (Some("-1"), 1, Some(-1)),
    ];
    for (header, requests, retry_after) in cases {
        let mut response = ResponseTemplate::new(429).set_body_json(too_many_requests());
        if let Some(value) = header {
            response = response.insert_header("retry-after", value);
        }
        let server = answering(response).await;
        let started = Instant::now();
        let err = rotate(&client_for(&server).with_rate_limit_retry(policy)).await.expect_err("always rate limited");
        assert!(started.elapsed() < Duration::from_secs(2), "{header:?}: took {:?}", started.elapsed());
        let Error::Api(ApiKeysV1RotateError::TooManyRequests { retry_after: got, .. }) = err else {
            panic!("{header:?}: expected TooManyRequests, got {err:?}")
        };
        assert_eq!(got, retry_after, "{header:?}");
        assert_eq!(received(&server).await.len(), requests, "{header:?}");
    }
}

#[tokio::test]
async fn failures_other_than_429_are_never_retried() {
    let policy = RateLimitRetry { max_retries: 3, max_wait: Duration::from_secs(5) };

    for response in [ResponseTemplate::new(500), ResponseTemplate::new(503).insert_header("retry-after", "0")] {
        let server = answering(response).await;
        let err = rotate(&client_for(&server).with_rate_limit_retry(policy)).await.expect_err("server error");
        assert!(matches!(err, Error::UnexpectedStatus { .. }), "{err:?}");
        assert_eq!(received(&server).await.len(), 1, "{err:?}");
    }

    let server = answering(created().set_delay(Duration::from_secs(3))).await;
    let err = rotate(&impatient_client(&server.uri()).with_rate_limit_retry(policy)).await.expect_err("too slow");
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    assert_eq!(received(&server).await.len(), 1, "a timed-out rotate may have happened: not resent");

    // A server that reads the request and hangs up without answering.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().expect("local addr"));
    let accepted = Arc::new(AtomicUsize::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            counter.fetch_add(1, Ordering::SeqCst);
            let _ = stream.readable().await;
            let _ = stream.try_read(&mut [0; 4096]);
        }
    });
    let err = rotate(&Client::new(&base, TOKEN).expect("valid base URL").with_rate_limit_retry(policy))
        .await
        .expect_err("no response");
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(accepted.load(Ordering::SeqCst), 1, "a lost response is not resent");
}

/// `value` with every object's properties in reverse order.
fn reversed(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(map.iter().rev().map(|(k, v)| (k.clone(), reversed(v))).collect()),
        Value::Array(items) => Value::Array(items.iter().map(reversed).collect()),
        other => other.clone(),
    }
}

#[tokio::test]
async fn new_enum_values_new_properties_and_reordered_properties_decode() {
    let example = tests::seed_example_response();
    let mut newer = example.clone();
    newer["api_key"]["creator"]["user"]["role"] = json!("superuser");
    newer["api_key"]["roles"][0]["name"] = json!("brand_new_role");
    newer["api_key"]["team_roles"][0]["name"] = json!("brand_new_team_role");
    newer["api_key"]["roles"][0]["granted_by"] = json!("admin");
    newer["api_key"]["creator"]["user"]["locale"] = json!("en-GB");
    newer["api_key"]["creator"]["workflow"] = json!({"id": "wf", "name": "Rotate keys"});
    newer["api_key"]["expires_at"] = Value::Null;
    newer["rotation"] = json!([1, {"nested": true}]);
    let sent = serde_json::to_string(&reversed(&newer)).expect("serializes");
    assert!(sent.starts_with(r#"{"rotation":"#), "properties are reordered: {sent}");

    let server = answering(ResponseTemplate::new(201).set_body_raw(sent, "application/json")).await;
    let result = rotate(&client_for(&server)).await.expect("a newer server's response decodes").into_inner();

    let user = result.api_key.creator.user.as_ref().expect("creator user");
    assert_eq!(user.role, UserV1Role::Unknown("superuser".into()));
    assert_eq!(user.role.as_str(), "superuser");
    assert_eq!(result.api_key.roles[0].name, ApiKeyRoleV1Name::Unknown("brand_new_role".into()));
    assert_eq!(result.api_key.roles[0].name.as_str(), "brand_new_role");
    assert_eq!(result.api_key.team_roles[0].name, ApiKeyTeamRoleV1Name::Unknown("brand_new_team_role".into()));
    assert_eq!(result.api_key.team_roles[0].name.as_str(), "brand_new_team_role");
    assert_eq!(result.token, example["token"]);
    assert_eq!(result.api_key.id, example["api_key"]["id"]);
    assert_eq!(result.api_key.roles[0].description, example["api_key"]["roles"][0]["description"]);
    assert_eq!(user.email.as_deref(), example["api_key"]["creator"]["user"]["email"].as_str());
    // The unknown values go back out as they came in.
    let again = serde_json::to_value(&result).expect("serializes");
    assert_eq!(again["api_key"]["creator"]["user"]["role"], "superuser");
    assert_eq!(again["api_key"]["roles"][0]["name"], "brand_new_role");

    // The spec's own values still map to their variants.
    let known: ApiKeysRotateResultV1 = serde_json::from_value(example).expect("seed example decodes");
    assert_eq!(known.api_key.creator.user.expect("creator user").role, UserV1Role::Viewer);
    assert_eq!(known.api_key.roles[0].name, ApiKeyRoleV1Name::Viewer);
}

#[tokio::test]
async fn the_request_is_what_the_spec_says() {
    // (base URL suffix, id, path the server must see)
    let cases = [
        ("", ID, ROTATE_PATH),
        (
            "/prefix",
            "key/with spaces?and#hash%",
            "/prefix/v1/api_keys/key%2Fwith%20spaces%3Fand%23hash%25/actions/rotate",
        ),
        ("/prefix/", "ünïcode", "/prefix/v1/api_keys/%C3%BCn%C3%AFcode/actions/rotate"),
    ];
    for (suffix, id, want) in cases {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any()).respond_with(created()).mount(&server).await;
        let client = Client::new(&format!("{}{suffix}", server.uri()), TOKEN).expect("valid base URL");
        let body = ApiKeysRotatePayloadV1 { grace_period_minutes: 0 };
        client.api_keys_v1_rotate(id, &body).await.expect("rotate succeeds");

        let requests = received(&server).await;
        assert_eq!(requests.len(), 1, "{id}");
        let request = &requests[0];
        assert_eq!(request.method, "POST", "{id}");
        assert_eq!(request.url.path(), want, "{id}");
        assert_eq!(request.url.query(), None, "{id}");
        let header = |name: &str| request.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string);
        assert_eq!(header("authorization"), Some(format!("Bearer {TOKEN}")), "{id}");
        assert_eq!(header("content-type").as_deref(), Some("application/json"), "{id}");
        assert_eq!(header("user-agent").as_deref(), Some("incident-io-api/0.1.0"), "{id}");
        assert_eq!(request.body_json::<Value>().expect("JSON body"), json!({"grace_period_minutes": 0}), "{id}");
    }
}

#[tokio::test]
async fn a_dot_segment_id_is_not_dropped_from_the_path() {
    // `.` and `..` cannot stand as a path segment: URL parsers drop them, which would
    // turn the call into `POST /v1/api_keys/actions/rotate` for no key at all.
    for id in [".", ".."] {
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any()).respond_with(created()).mount(&server).await;
        let result = client_for(&server).api_keys_v1_rotate(id, &payload()).await;
        let paths: Vec<String> = received(&server).await.iter().map(|r| r.url.path().to_string()).collect();
        let reached_the_key = paths.len() == 1 && paths[0].split('/').count() == 6;
        let refused = matches!(result, Err(Error::Validation(_))) && paths.is_empty();
        assert!(refused || reached_the_key, "id {id:?}: sent to {paths:?}, got {result:?}");
    }
}

/// A `MakeWriter` collecting everything written into one buffer.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("lock").extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for Captured {
    type Writer = Captured;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

#[tokio::test]
async fn a_call_is_traced_by_operation_method_path_and_status_without_secrets() {
    use tracing::instrument::WithSubscriber;

    let server = answering(created()).await;
    let client = client_for(&server);
    let captured = Captured::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(captured.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .finish();
    let result = rotate(&client).with_subscriber(subscriber).await.expect("rotate succeeds");

    let output = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("UTF-8 output");
    let close = output
        .lines()
        .find(|line| line.contains("api_call{") && line.contains("incident_io_api::client: close"))
        .unwrap_or_else(|| panic!("no close event for the api_call span in:\n{output}"));
    for field in [
        r#"operation="API Keys V1#Rotate""#,
        r#"method="POST""#,
        r#"path="/v1/api_keys/{id}/actions/rotate""#,
        "status=201",
    ] {
        assert!(close.contains(field), "{field} missing from {close}");
    }
    assert!(!result.token.is_empty());
    for secret in [TOKEN, result.token.as_str()] {
        assert!(!output.contains(secret), "{secret} leaked into:\n{output}");
    }
}

/// OpenAPI 3.0's JSON Schema draft does not count `422.0` as an integer: an `i64` field written
/// so does not decode (in 3.1 it does; see `openapi31.rs`).
#[tokio::test]
async fn in_a_3_0_spec_a_whole_number_with_a_fraction_is_not_an_integer() {
    let server = MockServer::start().await;
    let mut body = error_body(422, "validation_error", "is_invalid");
    body["status"] = json!(422.0);
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(422).set_body_json(body)).mount(&server).await;
    match rotate(&client_for(&server)).await {
        Err(Error::Decode { path, .. }) => assert_eq!(path, "status"),
        other => panic!("422.0 decoded in a 3.0 spec: {other:?}"),
    }
}
