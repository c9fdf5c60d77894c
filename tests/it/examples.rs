//! Every example in a spec decodes through its generated type and encodes back to the same
//! JSON (`generator::examples`): the fixtures, and nexus, whose unions once decoded into the
//! wrong alternative.

use generator::examples::Verdict;

#[test]
fn examples_round_trip_through_their_types() {
    let mut specs = vec![tests::corpus("progenitor-nexus.json"), tests::corpus("petstore-expanded.yaml")];
    for entry in std::fs::read_dir(tests::root().join("tests/fixtures")).expect("fixtures") {
        let path = entry.expect("fixture").path();
        // The multi-file fixture holds no examples, and the example harness reads one file; a
        // `.toml` is a fixture's configuration.
        let spec = path.extension().is_some_and(|e| e != "toml");
        if path.is_file() && spec && !path.ends_with("multifile.yaml") {
            specs.push(path);
        }
    }
    specs.push(tests::root().join("spec/openapi.yaml"));
    let reports = tests::check_examples(&specs);
    for report in &reports {
        let faults = report.faults();
        assert!(faults.is_empty(), "{}: the generator mishandles these examples:\n{faults:#?}", report.spec);
    }
    let count = |spec: &str, f: fn(&Verdict) -> bool| {
        let report = reports.iter().find(|r| r.spec == spec).expect("checked");
        report.verdicts.iter().filter(|(_, v)| f(v)).count()
    };
    // The project spec's examples all come back exactly.
    assert!(count("openapi.yaml", |v| *v == Verdict::RoundTrip) >= 10);
    let project = reports.iter().find(|r| r.spec == "openapi.yaml").expect("checked");
    let other: Vec<_> = project.verdicts.iter().filter(|(_, v)| *v != Verdict::RoundTrip).collect();
    assert!(other.is_empty(), "{other:#?}");
    for report in &reports {
        eprintln!(
            "{}: {} examples, {} round trips, {} normalised, {} spec defects",
            report.spec,
            report.verdicts.len(),
            count(&report.spec, |v| *v == Verdict::RoundTrip),
            count(&report.spec, |v| matches!(v, Verdict::Normalised(_))),
            count(&report.spec, |v| matches!(v, Verdict::SpecDefect(_)))
        );
    }
}

/// The example stub does not serve an example that breaks its schema: it answers with a value
/// built from the schema, and generation warns with the example's pointer.
#[test]
fn an_example_that_breaks_its_schema_is_not_served() {
    let spec = r#"
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      responses:
        "200":
          description: A pet.
          content:
            application/json:
              schema:
                type: object
                required: [name]
                properties:
                  name: {type: string, pattern: "^[a-z]+$"}
              examples:
                broken: {value: {name: "Not Lower Case"}}
"#;
    let settings = generator::Settings {
        spec_path: "pets.yaml".into(),
        crate_name: None,
        command: "test".into(),
        ..Default::default()
    };
    let generated = generator::generate_crate(spec, &settings).expect("generates");
    let pointer = "#/paths/~1pets/get/responses/200/content/application~1json/examples/broken/value";
    assert!(
        generated.warnings.iter().any(|w| w.contains(pointer) && w.contains("breaks its schema")),
        "{:?}",
        generated.warnings
    );
    assert_eq!(generated.fallbacks, 0, "a broken example is not a fallback");
    let server = &generated.files.iter().find(|f| f.path == "src/server.rs").expect("server").contents;
    assert!(!server.contains("Not Lower Case"), "the stub serves the broken example");
    assert!(server.contains(r#"{\"name\":\"a\"}"#), "the stub serves a value matching the pattern");
}
