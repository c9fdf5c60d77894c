//! Specs split over several files (`tests/fixtures/multifile.yaml` and the files under
//! `tests/fixtures/multifile/`): the golden crate built from them, and what goes wrong in one
//! of the other files named by that file.

use std::path::Path;

use axum::body::Body;
use tower::ServiceExt;

#[test]
fn types_from_other_files_are_named_from_their_component_or_file() {
    // `schemas/user.yaml` and `schemas/team.json` refer to each other; the common file's
    // `Page` meets the root's own `Page` and is numbered.
    let page: multifile::models::Page2 = serde_json::from_value(serde_json::json!({
        "items": [{"id": "u1", "name": "Ada", "team": {"id": "t1", "members": [{"id": "u2", "name": "Bo"}]}}],
        "next": "c2"
    }))
    .expect("a page decodes");
    let multifile::models::Page2 { items, next } = page;
    assert_eq!(next.as_deref(), Some("c2"));
    let multifile::models::User { id, name, team } = &items[0];
    assert_eq!((id.as_str(), name.as_str()), ("u1", "Ada"));
    let multifile::models::Team { id, members } = team.as_ref().expect("the team is kept");
    assert_eq!(id, "t1");
    assert_eq!(members.as_ref().map(|m| m[0].name.as_str()), Some("Bo"));
    // The root's `Page` is still the page number it declares.
    let root_page: multifile::models::Page = serde_json::from_value(serde_json::json!(3)).expect("a page number");
    assert_eq!(serde_json::to_value(root_page).expect("encodes"), serde_json::json!(3));
}

#[tokio::test]
async fn the_stub_serves_operations_assembled_from_other_files() {
    let router = multifile::server::router(std::sync::Arc::new(multifile::server::ExampleStub));
    let request = |method: &str, uri: &str, body: &str| {
        axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .header("content-type", "application/json")
            .body(Body::from(body.to_string()))
            .expect("request")
    };
    // The path item, its parameter and the response all come from other files.
    let response = router.clone().oneshot(request("GET", "/users/u1", "")).await.expect("answers");
    assert_eq!(response.status(), 200);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    let _: multifile::models::User = serde_json::from_slice(&bytes).expect("the answer is a User");

    // A request breaking `user.yaml`'s `minLength` is refused in the shape of `common.yaml`'s
    // `Invalid` response: an `Error` with a `message`.
    let response =
        router.clone().oneshot(request("POST", "/users", r#"{"id": "u1", "name": ""}"#)).await.expect("answers");
    assert_eq!(response.status(), 422);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    let error: multifile::models::Error = serde_json::from_slice(&bytes).expect("the refusal is an Error");
    assert!(error.message.contains("name"), "{}", error.message);
}

#[test]
fn the_generated_header_names_the_root_file() {
    let lib = std::fs::read_to_string(tests::root().join("tests/golden/multifile/src/lib.rs")).expect("lib.rs");
    assert!(lib.lines().next().is_some_and(|line| line.contains("tests/fixtures/multifile.yaml")), "{lib}");
}

/// Copies the multi-file fixture into `dir` as `spec/openapi.yaml` and `spec/multifile/…`.
fn copy_fixture(dir: &Path) {
    let source = tests::root().join("tests/fixtures");
    let spec = dir.join("spec");
    for relative in [
        "multifile/common.yaml",
        "multifile/paths/users.yaml",
        "multifile/paths/user.yaml",
        "multifile/schemas/user.yaml",
        "multifile/schemas/team.json",
    ] {
        let to = spec.join(relative);
        std::fs::create_dir_all(to.parent().expect("has a folder")).expect("mkdir");
        std::fs::copy(source.join(relative), &to).expect("copy");
    }
    std::fs::copy(source.join("multifile.yaml"), spec.join("openapi.yaml")).expect("copy root");
}

fn codegen(dir: &Path, check: bool) -> std::process::Output {
    let mut args = vec!["codegen", "--spec", "spec/openapi.yaml", "--out", "gen", "--crate-name", "multifile"];
    if check {
        args.push("--check");
    }
    tests::xtask(dir, &args)
}

#[test]
fn a_change_in_any_file_the_spec_reads_fails_the_check_with_a_diff() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture(dir.path());
    let out = codegen(dir.path(), false);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(codegen(dir.path(), true).status.success(), "fresh output is up to date");

    let user = dir.path().join("spec/multifile/schemas/user.yaml");
    let text = std::fs::read_to_string(&user).expect("user.yaml");
    std::fs::write(&user, format!("{text}  email:\n    type: string\n    format: email\n")).expect("write");
    let check = codegen(dir.path(), true);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(!check.status.success(), "--check fails after a change in another file");
    assert!(stdout.contains("gen/src/models.rs is out of date"), "{stdout}");
    assert!(stdout.contains("+    pub email:"), "shows the diff:\n{stdout}");
}

/// Runs the generator on the fixture with `file` replaced by `text`; the error it reports and
/// whether it wrote anything.
fn refused_with(file: &str, text: &str) -> (String, bool) {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture(dir.path());
    std::fs::write(dir.path().join("spec").join(file), text).expect("write");
    let out = codegen(dir.path(), false);
    assert!(!out.status.success(), "the spec is refused");
    (String::from_utf8_lossy(&out.stderr).into_owned(), dir.path().join("gen").exists())
}

#[test]
fn a_problem_in_another_file_is_named_by_that_file_and_the_place_in_it() {
    // Found while lowering: a path parameter the template lacks, in a path item of its own file.
    let (message, wrote) = refused_with(
        "multifile/paths/user.yaml",
        // not a path in this repository: a path of the test's own files.
        "parameters:\n  - $ref: '../common.yaml#/components/parameters/Id'\nget:\n  operationId: getUser\n  parameters:\n    - {name: other, in: path, required: true, schema: {type: string}}\n  responses:\n    '200': {description: ok}\n",
    );
    assert!(message.contains("spec/multifile/paths/user.yaml:6:8: at #/get/parameters/0"), "{message}");
    assert!(message.contains("does not appear in the path template"), "{message}");
    assert!(!wrote, "nothing is written");

    // Broken YAML: the file, line and column.
    let (message, _) = refused_with("multifile/schemas/team.json", "{\n  \"type\": \"object\",\n  oops\n}\n");
    assert!(message.contains("spec/multifile/schemas/team.json:3:"), "{message}");

    // A file that is not there, and a URL.
    let (message, _) = refused_with(
        "multifile/paths/users.yaml",
        // not a path in this repository: a path of the test's own files.
        "get:\n  operationId: listUsers\n  responses:\n    '200':\n      $ref: '../missing.yaml#/components/responses/Ok'\n",
    );
    assert!(message.contains("spec/multifile/paths/users.yaml:4:5: at #/get/responses/200"), "{message}");
    assert!(message.contains("cannot read spec/multifile/missing.yaml"), "{message}");
    let (message, _) = refused_with(
        "multifile/schemas/user.yaml",
        "type: object\nproperties:\n  team:\n    $ref: 'https://example.com/team.json'\n",
    );
    assert!(message.contains("does not fetch"), "{message}");
    assert!(message.contains("spec/multifile/schemas/user.yaml"), "{message}");
}

#[test]
fn a_warning_about_another_files_content_names_that_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_fixture(dir.path());
    // `minItems` on a string is ignored with a warning; here it sits in `schemas/user.yaml`.
    let user = dir.path().join("spec/multifile/schemas/user.yaml");
    let text = std::fs::read_to_string(&user).expect("user.yaml");
    std::fs::write(&user, text.replace("    minLength: 1\n", "    minLength: 1\n    minItems: 2\n")).expect("write");
    let spec = dir.path().join("spec");
    let settings = generator::Settings {
        spec_path: "spec/openapi.yaml".into(),
        crate_name: None,
        command: "cargo xtask codegen".into(),
        ..Default::default()
    };
    let mut read = |path: &str| std::fs::read_to_string(spec.join(path)).map_err(|e| e.to_string());
    let root = std::fs::read_to_string(spec.join("openapi.yaml")).expect("root");
    let generated = generator::generate_crate_from_files(&root, &settings, &mut read).expect("generates");
    let joined = generated.warnings.join("\n");
    assert!(joined.contains("spec/multifile/schemas/user.yaml: at #/properties/name/minItems"), "{joined}");
    assert_eq!(generated.inputs.len(), 6, "{:?}", generated.inputs);
}
