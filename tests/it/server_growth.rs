//! A server a team can grow: unimplemented operations answer 501, an implementation can answer
//! an error the spec does not document, and an implementation is testable without a network.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use incident_io_api::models::ApiKeysRotatePayloadV1;
use incident_io_api::server::{self, Api, ApiKeysV1RotateRequest, ApiKeysV1RotateResponse, BearerToken, Failure};
use std::sync::Arc;
use tower::ServiceExt;

/// Implements nothing: every operation keeps the default body.
struct Nothing;

impl Api for Nothing {}

/// Knows one key and reports any other as missing, a status rotate does not document.
struct OneKey;

impl Api for OneKey {
    async fn api_keys_v1_rotate(&self, request: ApiKeysV1RotateRequest) -> ApiKeysV1RotateResponse {
        if request.id != "known" {
            return ApiKeysV1RotateResponse::Failure(Failure::new(StatusCode::NOT_FOUND, "no such API key"));
        }
        ApiKeysV1RotateResponse::Failure(Failure::new(StatusCode::CONFLICT, "rotated a moment ago"))
    }
}

fn rotate(id: &str) -> Request<Body> {
    Request::builder()
        .method("POST")
        .uri(format!("/v1/api_keys/{id}/actions/rotate"))
        .header("authorization", "Bearer token")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"grace_period_minutes": 5}"#))
        .expect("request")
}

async fn send(app: axum::Router, request: Request<Body>) -> (StatusCode, String, serde_json::Value) {
    let response = app.oneshot(request).await.expect("the router answers");
    let status = response.status();
    let media =
        response.headers().get("content-type").map(|v| v.to_str().expect("ASCII").to_string()).unwrap_or_default();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    (status, media, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

#[tokio::test]
async fn an_operation_not_implemented_answers_501_after_the_checks() {
    let app = server::router(Arc::new(Nothing));
    let (status, media, body) = send(app.clone(), rotate("k1")).await;
    assert_eq!(status, StatusCode::NOT_IMPLEMENTED, "{body}");
    assert_eq!(media, "application/problem+json");
    assert_eq!(body["detail"], "this operation is not implemented", "{body}");
    // The request's own mistakes still come first, in the documented shape.
    let mut bad = rotate("k1");
    *bad.body_mut() = Body::from(r#"{"grace_period_minutes": 61}"#);
    let (status, _, body) = send(app, bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["type"], "validation_error", "{body}");
}

#[tokio::test]
async fn an_undocumented_error_is_rendered_like_a_rejection() {
    let app = server::router(Arc::new(OneKey));
    let (status, media, body) = send(app.clone(), rotate("other")).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(media, "application/problem+json");
    assert_eq!(body["detail"], "no such API key", "{body}");
    let (status, _, body) = send(app, rotate("known")).await;
    assert_eq!((status, &body["detail"]), (StatusCode::CONFLICT, &serde_json::json!("rotated a moment ago")));
}

#[tokio::test]
async fn an_implementation_is_called_with_a_request_built_in_code() {
    let request = ApiKeysV1RotateRequest::new("other".into(), ApiKeysRotatePayloadV1::new(), BearerToken::new("t"));
    assert_eq!(request.parts.method, "POST");
    match OneKey.api_keys_v1_rotate(request).await {
        ApiKeysV1RotateResponse::Failure(failure) => assert_eq!(failure.status, StatusCode::NOT_FOUND),
        other => panic!("expected a failure, got {other:?}"),
    }
}
