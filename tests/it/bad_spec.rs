//! A spec the generator cannot use is refused with the file, the place and the reason, and
//! leaves existing output untouched.

fn refuse(spec: &str) -> String {
    let settings = generator::Settings {
        spec_path: "bad.yaml".into(),
        crate_name: None,
        command: "cargo xtask codegen".into(),
        ..Default::default()
    };
    match generator::generate(spec, &settings) {
        Ok(_) => panic!("accepted a bad spec:\n{spec}"),
        Err(e) => e.to_string(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn bad_specs_name_the_file_the_place_and_the_problem() {
    let cases: &[(&str, String, &[&str])] = &[
        ("empty file", String::new(), &["bad.yaml", "empty"]),
        ("invalid YAML", format!("{HEAD}paths: {{\n  /a: [\n"), &["bad.yaml:", "line"]),
        (
            "Swagger 2.0",
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            &["#/swagger", "Swagger"],
        ),
        (
            "OpenAPI 3.1 in a foreign JSON Schema dialect",
            "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\ninfo: {title: t, version: '1'}\n"
                .into(),
            &["#/jsonSchemaDialect", "dialect"],
        ),
        (
            "unknown version",
            "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            &["#/openapi", "4.0.0"],
        ),
        (
            "dangling $ref",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
            ),
            &["#/components/schemas/A/properties/b", "does not exist"],
        ),
        (
            "undeclared path parameter",
            format!(
                "{HEAD}paths:\n  /pets/{{id}}:\n    get:\n      operationId: getPet\n      responses:\n        '200': {{description: ok}}\n"
            ),
            &["#/paths/~1pets~1{id}/get", "{id}"],
        ),
        (
            "duplicate operationId",
            format!(
                "{HEAD}paths:\n  /a:\n    get:\n      operationId: same\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      operationId: same\n      responses: {{'200': {{description: ok}}}}\n"
            ),
            &["#/paths/~1b/get/operationId", "#/paths/~1a/get", "unique"],
        ),
        (
            "invalid pattern",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: string\n      pattern: '(unclosed'\n"
            ),
            &["#/components/schemas/A/pattern", "not a valid regular expression"],
        ),
        (
            "unsupported security scheme",
            format!(
                "{HEAD}security: [{{key: []}}]\npaths:\n  /a:\n    get:\n      responses: {{'200': {{description: ok}}}}\ncomponents:\n  securitySchemes:\n    key: {{type: http, scheme: digest}}\n"
            ),
            &["#/paths/~1a/get", "supported: http bearer, http basic, apiKey"],
        ),
    ];
    let op = |extra: &str| {
        format!("{HEAD}paths:\n  /a:\n    get:\n{extra}      responses: {{'200': {{description: ok}}}}\n")
    };
    let nested = format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {}{}\n",
        "{type: array, items: ".repeat(1000),
        "}".repeat(1000)
    );
    let more: Vec<(&str, String, &[&str])> = vec![
        (
            "JSON with a repeated key (found by cargo fuzz: it panicked inside openapiv3)",
            "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {\"/a\": {}, \"/a\": {}}}".into(),
            &["bad.yaml:1:", "duplicate key \"/a\""],
        ),
        (
            "YAML with a repeated key (found by the mutation property test)",
            format!("{HEAD}paths:\n  /a: {{}}\n  /a: {{}}\n"),
            &["bad.yaml:", "duplicate entry"],
        ),
        ("malformed JSON", "{\"openapi\": \"3.0.3\", \"info\": {".into(), &["bad.yaml:1:", "EOF"]),
        ("JSON that is not an object", "[1, 2]".into(), &["bad.yaml", "#", "not a mapping"]),
        ("openapi field missing", "info: {title: t, version: '1'}\npaths: {}\n".into(), &["#/openapi", "missing"]),
        (
            "openapi as a number",
            "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            &["#/openapi", "expected 3.0.x"],
        ),
        ("info missing", "openapi: 3.0.3\npaths: {}\n".into(), &["bad.yaml:", "info"]),
        (
            "parameter in body (Swagger 2 style)",
            op("      parameters: [{name: b, in: body, schema: {type: string}}]\n"),
            &["bad.yaml:", "body"],
        ),
        (
            // An integer beyond 64 bits is a number JSON reads (as a float: see
            // `a_yaml_integer_beyond_64_bits_is_read_like_json_reads_it`); this one is no number.
            "bound too large for any number type",
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    N: {{type: integer, maximum: 1e999}}\n"),
            &["bad.yaml:", "line"],
        ),
        ("nesting 1000 levels deep", nested, &["bad.yaml:", "recursion limit"]),
        (
            "$ref cycle through allOf",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      allOf: [{{$ref: '#/components/schemas/B'}}, {{type: object, properties: {{a: {{type: string}}}}}}]\n    B:\n      allOf: [{{$ref: '#/components/schemas/A'}}, {{type: object, properties: {{b: {{type: string}}}}}}]\n"
            ),
            &["#/components/schemas/A", "cycle"],
        ),
        (
            "$ref that only points back to itself",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
            ),
            &["#/components/schemas/", "cycle"],
        ),
        (
            "path parameter missing from the template",
            format!(
                "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      responses: {{'200': {{description: ok}}}}\n"
            ),
            &["#/paths/~1a/get/parameters/0", "does not appear"],
        ),
        (
            "dangling parameter $ref",
            op("      parameters: [{$ref: '#/components/parameters/Nope'}]\n"),
            &["#/paths/~1a/get/parameters/0", "does not exist"],
        ),
        (
            "dangling requestBody $ref",
            format!(
                "{HEAD}paths:\n  /a:\n    post:\n      requestBody: {{$ref: '#/components/requestBodies/Nope'}}\n      responses: {{'200': {{description: ok}}}}\n"
            ),
            &["#/paths/~1a/post/requestBody", "does not exist"],
        ),
        (
            "dangling response $ref",
            format!(
                "{HEAD}paths:\n  /a:\n    get:\n      responses: {{'200': {{$ref: '#/components/responses/Nope'}}}}\n"
            ),
            &["#/paths/~1a/get/responses/200", "does not exist"],
        ),
        (
            "undefined security scheme",
            op("      security: [{nope: []}]\n"),
            &["#/paths/~1a/get", "nope", "not defined"],
        ),
        (
            "not a media type",
            format!(
                "{HEAD}paths:\n  /a:\n    post:\n      requestBody: {{content: {{'json please': {{schema: {{type: string}}}}}}}}\n      responses: {{'200': {{description: ok}}}}\n"
            ),
            &["#/paths/~1a/post/requestBody/content/json please", "not a media type"],
        ),
        (
            "a bad x-rejection template",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    E:\n      type: object\n      x-rejection: {{message: '{{nonsense}}'}}\n"
            ),
            &["#/components/schemas/E/x-rejection", "unknown placeholder"],
        ),
        (
            "a $ref into a schema that has no such part",
            format!(
                "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Tag:\n      allOf: [{{type: string}}]\n    Use:\n      $ref: '#/components/schemas/Tag/allOf/3'\n"
            ),
            &["#/components/schemas/Use", "#/components/schemas/Tag/allOf has no \"3\""],
        ),
        (
            "a $ref cycle through pointers",
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      properties:\n        b: {{$ref: '#/components/schemas/A/properties'}}\n"),
            &["#/components/schemas/A/properties/b", "cycle"],
        ),
        (
            "an unknown type",
            format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    T: {{type: objekt}}\n"),
            &["#/components/schemas/T/type", "objekt"],
        ),
    ];
    let mut cases: Vec<(&str, String, &[&str])> = cases.iter().map(|(w, s, e)| (*w, s.clone(), *e)).collect();
    cases.extend(more);
    assert!(cases.len() >= 25, "the table covers at least 25 specs, has {}", cases.len());
    for (what, spec, expected) in &cases {
        let message = refuse(spec);
        let what = *what;
        assert!(message.starts_with("bad.yaml"), "{what}: message does not start with the file: {message}");
        for part in *expected {
            assert!(message.contains(part), "{what}: {message:?} does not mention {part:?}");
        }
    }
}

#[test]
fn a_refused_spec_exits_non_zero_and_leaves_output_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = tests::root().join("spec/openapi.yaml");
    std::fs::copy(&good, dir.path().join("spec.yaml")).expect("copy spec");
    let args = ["codegen", "--spec", "spec.yaml", "--out", "gen"];
    assert!(tests::xtask(dir.path(), &args).status.success());
    let before = std::fs::read_to_string(dir.path().join("gen/src/models.rs")).expect("models");

    std::fs::write(
        dir.path().join("spec.yaml"),
        format!("{HEAD}paths:\n  /x/{{y}}:\n    get:\n      responses: {{}}\n"),
    )
    .expect("write");
    let output = tests::xtask(dir.path(), &args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("error: spec.yaml:5:5: at #/paths/~1x~1{y}/get"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("gen/src/models.rs")).expect("models"), before);
}

#[test]
fn a_50_mib_spec_is_read_and_its_error_located() {
    // 50 MiB of an extension nobody reads, then a dangling reference: the generator must get
    // through the bulk and still name the place.
    let blob = "x".repeat(50 * 1024 * 1024);
    let spec = format!(
        "{HEAD}x-blob: {blob}\npaths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Nope'}}\n"
    );
    assert!(spec.len() > 50 * 1024 * 1024);
    let message = refuse(&spec);
    assert!(message.starts_with("bad.yaml:10:9: at #/components/schemas/A/properties/b"), "{message}");
    assert!(message.contains("does not exist"), "{message}");
}

/// A crate name Cargo or Rust cannot use is refused; a title that would give one is renamed,
/// with a warning (tests/it/hostile_names.rs has the names inside the crate).
#[test]
fn crate_names_that_cannot_work_are_refused_or_renamed() {
    let spec = format!("{HEAD}paths: {{}}\n");
    for (name, problem) in
        [("serde", "crate the generated crate uses"), ("type", "keyword"), ("my api", "not a package name")]
    {
        let settings = generator::Settings {
            spec_path: "bad.yaml".into(),
            crate_name: Some(name.into()),
            command: "cargo xtask codegen".into(),
            ..Default::default()
        };
        let message = generator::generate(&spec, &settings).expect_err(name).to_string();
        assert!(message.starts_with("bad.yaml: crate name"), "{message}");
        assert!(message.contains(problem), "{message}");
    }
    let settings = generator::Settings {
        spec_path: "bad.yaml".into(),
        crate_name: None,
        command: "cargo xtask codegen".into(),
        ..Default::default()
    };
    let generated =
        generator::generate_crate("openapi: 3.0.3\ninfo: {title: Tokio, version: '1'}\npaths: {}\n", &settings)
            .expect("a title naming a dependency is renamed");
    let manifest = generated.files.iter().find(|f| f.path == "Cargo.toml").expect("Cargo.toml");
    assert!(manifest.contents.contains("name = \"tokio-api\""), "{}", manifest.contents);
    assert!(
        generated.warnings.iter().any(|w| w.contains("#/info/title") && w.contains("tokio-api")),
        "{:?}",
        generated.warnings
    );
}

/// A 3.0 YAML spec with an integer literal beyond 64 bits (a bound written as `2^64 * 5`) is
/// read as a JSON spec with the same number is: the bound is beyond what the generated `i64`
/// holds, and the spec generates. It was refused with `serde_yaml`'s "as u128" message.
#[test]
fn a_yaml_integer_beyond_64_bits_is_read_like_json_reads_it() {
    let spec = format!(
        "{HEAD}paths:\n  /x:\n    get:\n      operationId: getX\n      parameters:\n        - name: seed\n          \
         in: query\n          schema: {{type: integer, maximum: 92233720368547758070}}\n      responses:\n        \
         '204': {{description: done}}\n"
    );
    let settings = generator::Settings { spec_path: "big.yaml".into(), ..Default::default() };
    let generated = generator::generate_crate(&spec, &settings).expect("generates");
    let client = generated.files.iter().find(|f| f.path == "src/client.rs").expect("client.rs");
    assert!(client.contents.contains("pub seed: ::std::option::Option<i64>"), "{}", client.contents);
}

/// A key written twice is refused in a spec read as a tree (OpenAPI 3.1, several files,
/// overlays), as it is in a 3.0 spec read directly: the last one used to win, silently.
#[test]
fn a_duplicate_key_in_a_31_spec_is_refused_with_its_place() {
    let spec = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n      operationId: a\n      \
                operationId: b\n      responses: {'204': {description: ok}}\n";
    let settings = generator::Settings { spec_path: "dup.yaml".into(), ..Default::default() };
    let message = generator::generate_crate(spec, &settings).expect_err("refused").to_string();
    assert!(message.starts_with("dup.yaml:6:7:"), "{message}");
    assert!(message.contains("duplicate key `operationId`"), "{message}");
}
