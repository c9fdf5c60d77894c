//! The spec itself is a valid OpenAPI 3.0 document, and says what its reference page says.

use std::process::Command;

/// The Python interpreter with the test tools: `cargo xtask test` sets `OPENAPI_PYTHON` to its
/// virtualenv; otherwise `python3` must have them installed.
fn python() -> String {
    std::env::var("OPENAPI_PYTHON").unwrap_or_else(|_| "python3".into())
}

#[test]
fn spec_passes_the_openapi_schema_validator() {
    let spec = tests::root().join("spec/openapi.yaml");
    let output = Command::new(python())
        .args(["-m", "openapi_spec_validator"])
        .arg(&spec)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}; run the tests with `cargo xtask test`", python()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("OK"),
        "openapi-spec-validator rejected {}:\n{stdout}{stderr}\n(run the tests with `cargo xtask test`, which installs it)",
        spec.display()
    );
}

/// The spec says what incident.io's reference page (`spec/reference/`) says about the operation:
/// method and path, the request and response examples, and the grace period's range and default.
#[test]
fn spec_agrees_with_the_reference_page() {
    let page = tests::reference_page();
    let text = std::fs::read_to_string(tests::root().join("spec/openapi.yaml")).expect("spec");
    let spec: serde_json::Value = serde_yaml::from_str(&text).expect("spec is YAML");
    assert!(page.contains("POST\n/\nv1\n/\napi_keys\n/\n{id}\n/\nactions\n/\nrotate"), "the page is about rotate");
    let op = &spec["paths"]["/v1/api_keys/{id}/actions/rotate"]["post"];
    assert_eq!(op["responses"]["201"]["content"]["application/json"]["example"], tests::seed_example_response());

    // The curl example's `--data '…'` body.
    let data = page.split("--data '").nth(1).and_then(|rest| rest.split("\n'\n").next()).expect("curl --data");
    let request: serde_json::Value = serde_json::from_str(data).expect("request example is JSON");
    assert_eq!(op["requestBody"]["content"]["application/json"]["example"], request);

    let grace = &spec["components"]["schemas"]["APIKeysRotatePayloadV1"]["properties"]["grace_period_minutes"];
    assert!(page.contains("Required range: 0 <= x <= 60"), "the page states the range");
    assert_eq!((grace["minimum"].as_i64(), grace["maximum"].as_i64()), (Some(0), Some(60)));
    assert!(page.contains("default:30"), "the page states the default");
    assert_eq!(grace["default"].as_i64(), Some(30));
}
