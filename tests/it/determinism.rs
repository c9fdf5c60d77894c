//! Generation is a pure function of the spec: same input, same bytes, in any process.

#[test]
fn generating_twice_is_byte_identical() {
    let spec = tests::root().join("spec/openapi.yaml");
    let first = tests::generate(&spec, Some("incident-io-api"));
    let second = tests::generate(&spec, Some("incident-io-api"));
    assert_eq!(first, second);
    for file in &first {
        assert!(!file.contents.contains(env!("CARGO_MANIFEST_DIR")), "{} embeds a machine path", file.path);
    }
}

#[test]
fn a_second_process_agrees_with_the_first() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = tests::root().join("spec/openapi.yaml");
    let spec = spec.to_str().expect("utf-8 path");
    let generate = tests::xtask(dir.path(), &["codegen", "--spec", spec, "--out", "gen"]);
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    let check = tests::xtask(dir.path(), &["codegen", "--spec", spec, "--out", "gen", "--check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}

#[test]
fn checked_in_crate_matches_the_spec() {
    let check = tests::xtask(&tests::root(), &["codegen", "--check"]);
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stdout));
}
