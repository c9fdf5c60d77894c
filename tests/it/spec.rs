//! The spec itself is a valid OpenAPI 3.0 document.

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
