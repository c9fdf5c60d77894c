//! The generated client against the generated server over loopback.

use incident_io_api::client::Error;
use incident_io_api::models::{ApiKeysRotatePayloadV1, ApiKeysRotateResultV1};
use incident_io_api::server::{self, ApiKeysV1RotateRequest, ApiKeysV1RotateResponse};
use incident_io_api::{Client, validation::Validate};
use std::sync::{Arc, Mutex};

/// What the server saw of one call.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    id: String,
    grace_period_minutes: i64,
    token: String,
}

/// Records each call and answers with the seed page's example.
struct Recorder {
    seen: Mutex<Vec<Seen>>,
    response: ApiKeysRotateResultV1,
}

impl server::Api for Recorder {
    async fn api_keys_v1_rotate(&self, request: ApiKeysV1RotateRequest) -> ApiKeysV1RotateResponse {
        self.seen.lock().expect("lock").push(Seen {
            id: request.id.clone(),
            grace_period_minutes: request.body.grace_period_minutes,
            token: request.bearer_token.as_str().to_string(),
        });
        ApiKeysV1RotateResponse::Created(self.response.clone())
    }
}

async fn start() -> (Arc<Recorder>, String) {
    let example = tests::seed_example_response();
    let response: ApiKeysRotateResultV1 = serde_json::from_value(example).expect("seed example fits the model");
    let recorder = Arc::new(Recorder { seen: Mutex::new(Vec::new()), response });
    let addr = tests::serve(server::router(recorder.clone())).await;
    (recorder, format!("http://{addr}"))
}

#[tokio::test]
async fn client_and_server_agree_on_the_seed_example() {
    let (recorder, base) = start().await;
    let client = Client::new(&base, "inc_test_token").expect("valid base URL");
    let body = ApiKeysRotatePayloadV1 { grace_period_minutes: 15 };
    let result = client.api_keys_v1_rotate("01FCNDV6P870EA6S7TK1DSYDG0", &body).await.expect("rotate succeeds");

    let seen = recorder.seen.lock().expect("lock").clone();
    assert_eq!(
        seen,
        vec![Seen {
            id: "01FCNDV6P870EA6S7TK1DSYDG0".into(),
            grace_period_minutes: 15,
            token: "inc_test_token".into()
        }]
    );
    assert_eq!(result.status(), 201);
    assert_eq!(result.headers()["content-type"], "application/json");
    assert_eq!(serde_json::to_value(result.body()).expect("serializes"), tests::seed_example_response());
}

#[tokio::test]
async fn default_body_is_the_spec_default_and_ids_are_percent_encoded() {
    let (recorder, base) = start().await;
    // A base path with a trailing slash must not double the slash or lose the path.
    let client = Client::new(&format!("{base}/"), "tok").expect("valid base URL");
    let id = "key/with spaces?and#hash%";
    client.api_keys_v1_rotate(id, &ApiKeysRotatePayloadV1::default()).await.expect("rotate succeeds");
    let seen = recorder.seen.lock().expect("lock").clone();
    assert_eq!(seen, vec![Seen { id: id.into(), grace_period_minutes: 30, token: "tok".into() }]);
}

#[tokio::test]
async fn out_of_range_grace_period_never_leaves_the_client() {
    let (recorder, base) = start().await;
    let client = Client::new(&base, "tok").expect("valid base URL");
    let body = ApiKeysRotatePayloadV1 { grace_period_minutes: 61 };
    let err = client.api_keys_v1_rotate("id", &body).await.expect_err("61 is above the maximum");
    let Error::Validation(errors) = err else { panic!("expected a validation error, got {err:?}") };
    assert_eq!(errors.0.len(), 1);
    assert_eq!(errors.0[0].pointer, "/grace_period_minutes");
    assert_eq!(errors.0[0].rule, "maximum");
    assert!(recorder.seen.lock().expect("lock").is_empty(), "nothing reached the server");
    assert!(body.validate().is_err());
}

#[test]
fn secrets_stay_out_of_debug_output() {
    let example = tests::seed_example_response();
    let token = example["token"].as_str().expect("example has a token").to_string();
    let result: ApiKeysRotateResultV1 = serde_json::from_value(example).expect("seed example fits the model");
    let shown = format!("{result:?}");
    assert!(!shown.contains(&token), "{shown}");
    assert!(shown.contains("[redacted]"));

    let client = Client::new("http://127.0.0.1:1", "inc_super_secret").expect("valid base URL");
    assert!(!format!("{client:?}").contains("inc_super_secret"));
}

#[tokio::test]
async fn a_base_url_with_a_path_keeps_it() {
    let (recorder, base) = start().await;
    let _ = base;
    let nested = axum::Router::new().nest("/api/v2", server::router(recorder.clone()));
    let addr = tests::serve(nested).await;
    for base in [format!("http://{addr}/api/v2"), format!("http://{addr}/api/v2/")] {
        let client = Client::new(&base, "tok").expect("valid base URL");
        let result = client.api_keys_v1_rotate("k", &ApiKeysRotatePayloadV1::new()).await;
        assert!(result.is_ok(), "{base}: {result:?}");
    }
    assert_eq!(recorder.seen.lock().expect("lock").len(), 2);
    for bad in ["not a url", "ftp://host/", "mailto:someone@example.com", "/relative"] {
        assert!(matches!(Client::new(bad, "t"), Err(Error::InvalidBaseUrl(_))), "{bad}");
    }
}
