//! incident.io's full public API (218 operations): the generated crate compiles, and its rotate
//! operation round-trips through the generated client and the crate's own example stub.

#[test]
fn the_full_incident_api_serves_and_calls_rotate() {
    let spec = tests::corpus("incident-io.json");
    let text = std::fs::read_to_string(&spec).expect("corpus spec");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("spec is JSON");
    let example = &doc["paths"]["/v1/api_keys/{id}/actions/rotate"]["post"]["responses"]["201"]["content"]["application/json"]
        ["example"];
    assert!(example.is_object(), "the spec documents an example for the rotate response");

    let round_trip = format!(
        r##"
use std::sync::Arc;
use incident_full::{{Client, models, server}};

#[tokio::test]
async fn rotate_round_trips_through_the_example_stub() {{
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = server::router(Arc::new(server::ExampleStub));
    tokio::spawn(async move {{ axum::serve(listener, app).await.unwrap() }});
    let client = Client::new(&format!("http://{{addr}}")).unwrap();
    let rotated = client
        .api_keys_v1_rotate("01FCNDV6P870EA6S7TK1DSYDG0", &models::ApiKeysRotatePayloadV1::new())
        .await
        .unwrap();
    assert_eq!(rotated.status(), 201);
    let expected: serde_json::Value = serde_json::from_str(r#"{expected}"#).unwrap();
    assert_eq!(serde_json::to_value(rotated.body()).unwrap(), expected);

    let too_long = models::ApiKeysRotatePayloadV1 {{ grace_period_minutes: 61 }};
    let refused = client.api_keys_v1_rotate("x", &too_long).await.unwrap_err();
    assert!(matches!(refused, incident_full::client::Error::Validation(_)), "{{refused:?}}");
}}
"##,
        expected = example
    );
    tests::run_test_in_generated_crate(&spec, "incident-full", &round_trip);
}
