//! Every supported security scheme, through the golden crate generated from
//! `tests/fixtures/auth.yaml`: the generated client sends the credentials each operation asks
//! for, the router hands them to the implementation and answers 401 without them, and no
//! request's `Debug` shows a secret.

use auth::models::Who;
use auth::server::{
    self, GetBasicRequest, GetBasicResponse, GetBearerRequest, GetBearerResponse, GetCombinedRequest,
    GetCombinedResponse, GetHeaderKeyRequest, GetHeaderKeyResponse, GetLegacyRequest, GetLegacyResponse,
    GetPublicRequest, GetPublicResponse, GetQueryKeyRequest, GetQueryKeyResponse,
};
use serde_json::Value;
use std::sync::{Arc, Mutex};

const TOKEN: &str = "tok-0f1e2d3c4b5a";
const USER: &str = "alice";
const PASSWORD: &str = "pw-5a4b3c2d1e0f";
const KEY: &str = "key-9a8b7c6d5e4f";
const CLIENT_ID: &str = "id-1a2b3c";
const SECRET: &str = "secret-4d5e6f";
const VERSION: &str = "2026-01-01";

/// Answers with the scheme and the credentials it was handed, and keeps each request's
/// `Debug` output.
#[derive(Default)]
struct Recorder {
    debug: Mutex<Vec<String>>,
}

impl Recorder {
    fn record(&self, request: &impl std::fmt::Debug) {
        self.debug.lock().expect("not poisoned").push(format!("{request:?}"));
    }
}

fn who(scheme: &str, name: Option<String>) -> Who {
    Who { name, ..Who::new(scheme.into()) }
}

impl server::Api for Recorder {
    async fn get_bearer(&self, request: GetBearerRequest) -> GetBearerResponse {
        self.record(&request);
        GetBearerResponse::Ok(who("bearer", Some(request.bearer_token.as_str().to_string())))
    }

    async fn get_basic(&self, request: GetBasicRequest) -> GetBasicResponse {
        self.record(&request);
        let server::BasicCredentials { username, password } = request.credentials;
        GetBasicResponse::Ok(who("basic", Some(format!("{username}:{password}"))))
    }

    async fn get_header_key(&self, request: GetHeaderKeyRequest) -> GetHeaderKeyResponse {
        self.record(&request);
        let server::ApiKey(key) = request.header_key;
        GetHeaderKeyResponse::Ok(who("header-key", Some(key)))
    }

    async fn get_query_key(&self, request: GetQueryKeyRequest) -> GetQueryKeyResponse {
        self.record(&request);
        let server::ApiKey(key) = request.query_key;
        GetQueryKeyResponse::Ok(who("query-key", Some(key)))
    }

    async fn get_combined(&self, request: GetCombinedRequest) -> GetCombinedResponse {
        self.record(&request);
        let (server::ApiKey(id), server::ApiKey(secret), server::ApiKey(version)) =
            (request.client_id, request.client_secret, request.api_version);
        GetCombinedResponse::Ok(who("combined", Some(format!("{id}:{secret}:{version}"))))
    }

    async fn get_legacy(&self, request: GetLegacyRequest) -> GetLegacyResponse {
        self.record(&request);
        GetLegacyResponse::Ok(who("legacy", Some(request.authorization)))
    }

    async fn get_public(&self, request: GetPublicRequest) -> GetPublicResponse {
        self.record(&request);
        GetPublicResponse::Ok(who("public", None))
    }
}

/// Serves a fresh [`Recorder`] and returns it with the base URL (no trailing slash).
async fn start() -> (Arc<Recorder>, String) {
    let recorder = Arc::new(Recorder::default());
    let base = format!("http://{}", tests::serve(server::router(recorder.clone())).await);
    (recorder, base)
}

/// Sends `GET {base}{path}` with `auth` applied; returns the status, the `WWW-Authenticate`
/// header and the body as JSON (`Null` when it is not JSON).
async fn get(
    base: &str,
    path: &str,
    auth: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
) -> (u16, Option<String>, Value) {
    let response = auth(reqwest::Client::new().get(format!("{base}{path}"))).send().await.expect("server answers");
    let status = response.status().as_u16();
    let challenge =
        response.headers().get("www-authenticate").map(|v| v.to_str().expect("ASCII challenge").to_string());
    let bytes = response.bytes().await.expect("body");
    (status, challenge, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

fn none(request: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    request
}

/// Asserts a 401 with `challenge` and a JSON body naming the missing credentials.
fn assert_unauthorized(case: &str, (status, found, body): (u16, Option<String>, Value), challenge: Option<&str>) {
    assert_eq!(status, 401, "{case}: {body}");
    assert_eq!(found.as_deref(), challenge, "{case}: WWW-Authenticate");
    assert!(body.is_object(), "{case}: the body is a JSON object: {body}");
    assert_eq!(body["status"], 401, "{case}: {body}");
    assert_eq!(body["errors"][0]["rule"], "security", "{case}: {body}");
}

#[tokio::test]
async fn bearer_token_reaches_the_implementation() {
    let (recorder, base) = start().await;
    let client = auth::Client::new(&base, TOKEN).expect("base URL");
    let response = client.get_bearer().await.expect("a token is enough");
    assert_eq!(response.status(), 200);
    assert_eq!(response.into_inner(), who("bearer", Some(TOKEN.into())));
    assert_eq!(recorder.debug.lock().expect("not poisoned").len(), 1);
}

#[tokio::test]
async fn basic_credentials_reach_the_implementation_through_the_client() {
    let (_, base) = start().await;
    // The spec's default security is bearer, so `new` asks for a token; `getBasic` must send
    // only the Basic credentials.
    let client = auth::Client::new(&base, TOKEN).expect("base URL").with_basic_auth(USER, PASSWORD);
    let response = client.get_basic().await.expect("Basic credentials are enough");
    assert_eq!(response.into_inner(), who("basic", Some(format!("{USER}:{PASSWORD}"))));
}

#[tokio::test]
async fn basic_credentials_reach_the_implementation() {
    let (_, base) = start().await;
    let (status, _, body) = get(&base, "/basic", |r| r.basic_auth(USER, Some(PASSWORD))).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["name"], format!("{USER}:{PASSWORD}"));
}

#[tokio::test]
async fn api_keys_reach_the_implementation() {
    let (_, base) = start().await;
    let client = auth::Client::new(&base, TOKEN).expect("base URL").with_header_key(KEY).with_query_key(KEY);
    let header = client.get_header_key().await.expect("the header key is enough");
    assert_eq!(header.into_inner(), who("header-key", Some(KEY.into())));
    let query = client.get_query_key().await.expect("the query key is enough");
    assert_eq!(query.into_inner(), who("query-key", Some(KEY.into())));

    // The same, sent by hand in the places the spec names.
    let (status, _, body) = get(&base, "/header-key", |r| r.header("X-Api-Key", KEY)).await;
    assert_eq!((status, &body["name"]), (200, &Value::from(KEY)), "{body}");
    let (status, _, body) = get(&base, &format!("/query-key?api_key={KEY}"), none).await;
    assert_eq!((status, &body["name"]), (200, &Value::from(KEY)), "{body}");
}

#[tokio::test]
async fn an_operation_without_security_needs_nothing() {
    let (_, base) = start().await;
    let (status, challenge, body) = get(&base, "/public", none).await;
    assert_eq!((status, challenge), (200, None), "{body}");
    assert_eq!(body, serde_json::json!({"scheme": "public"}));
    let client = auth::Client::new(&base, TOKEN).expect("base URL");
    assert_eq!(client.get_public().await.expect("no credentials needed").into_inner(), who("public", None));
}

#[tokio::test]
async fn missing_credentials_get_401_with_the_right_challenge() {
    let (recorder, base) = start().await;
    assert_unauthorized("bearer", get(&base, "/bearer", none).await, Some("Bearer"));
    assert_unauthorized("basic", get(&base, "/basic", none).await, Some("Basic"));
    assert_unauthorized("header key", get(&base, "/header-key", none).await, None);
    assert_unauthorized("query key", get(&base, "/query-key", none).await, None);
    // Empty keys and a key in the wrong place count as missing.
    assert_unauthorized("empty header key", get(&base, "/header-key", |r| r.header("X-Api-Key", "")).await, None);
    assert_unauthorized("empty query key", get(&base, "/query-key?api_key=", none).await, None);
    assert_unauthorized("query key in a header", get(&base, "/query-key", |r| r.header("api_key", KEY)).await, None);
    assert_unauthorized("header key in the query", get(&base, "/header-key?X-Api-Key=k", none).await, None);
    assert!(recorder.debug.lock().expect("not poisoned").is_empty(), "no implementation was called");
}

#[tokio::test]
async fn wrong_scheme_credentials_get_401() {
    let (recorder, base) = start().await;
    assert_unauthorized(
        "Basic to the bearer operation",
        get(&base, "/bearer", |r| r.basic_auth(USER, Some(PASSWORD))).await,
        Some("Bearer"),
    );
    assert_unauthorized(
        "Bearer to the basic operation",
        get(&base, "/basic", |r| r.bearer_auth(TOKEN)).await,
        Some("Basic"),
    );
    assert_unauthorized(
        "Bearer to the API key operation",
        get(&base, "/header-key", |r| r.bearer_auth(TOKEN)).await,
        None,
    );
    assert_unauthorized(
        "Basic without a colon",
        get(&base, "/basic", |r| r.header("authorization", "Basic YWxpY2U=")).await,
        Some("Basic"),
    );
    assert!(recorder.debug.lock().expect("not poisoned").is_empty(), "no implementation was called");

    // The generated client with only the wrong kind of credentials.
    let client = auth::Client::new(&base, TOKEN).expect("base URL");
    let err = client.get_header_key().await.expect_err("a token is not an API key");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
}

#[tokio::test]
async fn request_debug_output_hides_credentials() {
    let (recorder, base) = start().await;
    let sent = [
        get(&base, "/bearer", |r| r.bearer_auth(TOKEN)).await,
        get(&base, "/basic", |r| r.basic_auth(USER, Some(PASSWORD))).await,
        get(&base, "/header-key", |r| r.header("X-Api-Key", KEY)).await,
        get(&base, &format!("/query-key?api_key={KEY}"), none).await,
    ];
    assert!(sent.iter().all(|(status, _, _)| *status == 200), "{sent:?}");
    let mut outputs = recorder.debug.lock().expect("not poisoned").clone();
    assert_eq!(outputs.len(), 4);
    // The user name is not a secret.
    assert!(outputs[1].contains(USER), "{}", outputs[1]);

    let client = auth::Client::new(&base, TOKEN)
        .expect("base URL")
        .with_basic_auth(USER, PASSWORD)
        .with_header_key(KEY)
        .with_client_id(CLIENT_ID)
        .with_client_secret(SECRET);
    outputs.push(format!("{client:?}"));
    let leaks: Vec<&String> =
        outputs.iter().filter(|output| [TOKEN, PASSWORD, KEY].iter().any(|secret| output.contains(secret))).collect();
    assert!(leaks.is_empty(), "Debug output shows a secret:\n{leaks:#?}");
}

#[tokio::test]
async fn the_client_sends_each_operation_only_the_credentials_it_asks_for() {
    use wiremock::matchers::method;
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let mock = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"scheme": "mock"})))
        .mount(&mock)
        .await;
    let client = auth::Client::new(&mock.uri(), TOKEN)
        .expect("base URL")
        .with_basic_auth(USER, PASSWORD)
        .with_header_key(KEY)
        .with_query_key(KEY);
    client.get_bearer().await.expect("mock answers");
    client.get_basic().await.expect("mock answers");
    client.get_header_key().await.expect("mock answers");
    client.get_query_key().await.expect("mock answers");
    client.get_public().await.expect("mock answers");

    // base64 of `alice:pw-5a4b3c2d1e0f`.
    let basic = "Basic YWxpY2U6cHctNWE0YjNjMmQxZTBm".to_string();
    // Per request: path, `Authorization` headers, `X-Api-Key` headers, query.
    type Sent<'a> = (&'a str, Vec<String>, Vec<String>, Option<String>);
    let expected: Vec<Sent> = vec![
        ("/bearer", vec![format!("Bearer {TOKEN}")], vec![], None),
        ("/basic", vec![basic], vec![], None),
        ("/header-key", vec![], vec![KEY.into()], None),
        ("/query-key", vec![], vec![], Some(format!("api_key={KEY}"))),
        ("/public", vec![], vec![], None),
    ];
    let received = mock.received_requests().await.expect("request recording is on");
    assert_eq!(received.len(), expected.len());
    let mut wrong = Vec::new();
    for (request, (path, authorization, api_key, query)) in received.iter().zip(expected) {
        let all = |name: &str| -> Vec<String> {
            request.headers.get_all(name).iter().map(|v| v.to_str().expect("ASCII").to_string()).collect()
        };
        let found =
            (request.url.path(), all("authorization"), all("x-api-key"), request.url.query().map(str::to_string));
        if found != (path, authorization.clone(), api_key.clone(), query.clone()) {
            wrong.push(format!("{path}: sent {found:?}, expected {:?}", (path, authorization, api_key, query)));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[tokio::test]
async fn credentials_required_together_are_all_checked_and_all_sent() {
    let (recorder, base) = start().await;
    let client = auth::Client::new(&base, TOKEN)
        .expect("base URL")
        .with_client_id(CLIENT_ID)
        .with_client_secret(SECRET)
        .with_api_version(VERSION);
    let response = client.get_combined().await.expect("all three keys are sent");
    assert_eq!(response.into_inner(), who("combined", Some(format!("{CLIENT_ID}:{SECRET}:{VERSION}"))));
    let debug = recorder.debug.lock().expect("not poisoned").clone();
    assert!(
        debug.iter().all(|d| ![CLIENT_ID, SECRET].iter().any(|secret| d.contains(secret))),
        "Debug shows a key: {debug:?}"
    );

    // Any one of them missing is a 401, and the implementation is not called.
    let all = |r: reqwest::RequestBuilder| r.header("X-Client-Id", CLIENT_ID).header("X-Client-Secret", SECRET);
    let (status, _, body) = get(&base, &format!("/combined?version={VERSION}"), all).await;
    assert_eq!(status, 200, "{body}");
    assert_unauthorized("no version", get(&base, "/combined", all).await, None);
    assert_unauthorized(
        "no secret",
        get(&base, &format!("/combined?version={VERSION}"), |r| r.header("X-Client-Id", CLIENT_ID)).await,
        None,
    );
    assert_unauthorized(
        "no id",
        get(&base, &format!("/combined?version={VERSION}"), |r| r.header("X-Client-Secret", SECRET)).await,
        None,
    );
    assert_eq!(recorder.debug.lock().expect("not poisoned").len(), 2, "only the complete requests were served");

    // A client missing one of them is refused by the server.
    let partial = auth::Client::new(&base, TOKEN).expect("base URL").with_client_id(CLIENT_ID);
    let err = partial.get_combined().await.expect_err("the secret and version are missing");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(401), "{err:?}");
}

#[tokio::test]
async fn an_authorization_header_parameter_guards_like_a_scheme() {
    let (recorder, base) = start().await;
    // Missing, empty or not matching its schema: 401 with a challenge, not 422.
    assert_unauthorized("missing", get(&base, "/legacy", none).await, Some("Bearer"));
    assert_unauthorized("empty", get(&base, "/legacy", |r| r.header("authorization", "")).await, Some("Bearer"));
    assert_unauthorized(
        "malformed",
        get(&base, "/legacy", |r| r.header("authorization", "Token abc")).await,
        Some("Bearer"),
    );
    assert!(recorder.debug.lock().expect("not poisoned").is_empty(), "no implementation was called");
    let (status, _, body) = get(&base, "/legacy", |r| r.bearer_auth(TOKEN)).await;
    assert_eq!((status, &body["name"]), (200, &Value::from(format!("Bearer {TOKEN}"))), "{body}");
    // The parameter holds a credential: the request's `Debug` does not show it.
    let debug = recorder.debug.lock().expect("not poisoned").clone();
    assert_eq!(debug.len(), 1);
    assert!(!debug[0].contains(TOKEN) && debug[0].contains("[redacted]"), "{}", debug[0]);
}

#[tokio::test]
async fn basic_credentials_and_api_keys_can_be_checked() {
    let options = server::Options::default()
        .basic_check(|user, password| user == USER && password == PASSWORD)
        .key_check(|name, key| name == "X-Api-Key" && key == KEY);
    let base = format!("http://{}", tests::serve(server::router_with(Arc::new(Recorder::default()), options)).await);
    let (status, _, _) = get(&base, "/basic", |r| r.basic_auth(USER, Some(PASSWORD))).await;
    assert_eq!(status, 200);
    assert_unauthorized(
        "a wrong password",
        get(&base, "/basic", |r| r.basic_auth(USER, Some("nope"))).await,
        Some("Basic"),
    );
    let (status, _, _) = get(&base, "/header-key", |r| r.header("X-Api-Key", KEY)).await;
    assert_eq!(status, 200);
    assert_unauthorized("a wrong key", get(&base, "/header-key", |r| r.header("X-Api-Key", "nope")).await, None);
}
