//! Rustdoc comes from the spec's descriptions and nothing else: an undescribed item gets no
//! invented sentence, and code in a description stays code.

fn generate(spec: &str) -> Vec<generator::GeneratedFile> {
    let settings = generator::Settings {
        spec_path: "docs.yaml".into(),
        crate_name: None,
        command: "test".into(),
        ..Default::default()
    };
    generator::generate(spec, &settings).expect("generates")
}

fn file<'a>(files: &'a [generator::GeneratedFile], path: &str) -> &'a str {
    &files.iter().find(|f| f.path == path).expect("file").contents
}

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Docs, version: "1"}
paths:
  /alerts:
    get:
      operationId: listAlerts
      description: "List all alerts.\n\nFind the firing ones:\n\n\t\tcurl --get 'https://x.io/alerts' \\\n\t\t\t--data 'status[one_of]=firing'\n\nThat is all."
      responses:
        "200":
          description: The alerts.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Alert"}
components:
  schemas:
    Alert:
      type: object
      required: [id]
      properties:
        id: {type: string}
        title: {type: string, description: What the alert is about.}
"##;

#[test]
fn undescribed_items_get_no_invented_docs() {
    let files = generate(SPEC);
    let models = file(&files, "src/models.rs");
    let id = models.find("pub id:").expect("id field");
    let before_id = models[..id].trim_end().lines().last().expect("a line before");
    assert!(!before_id.trim_start().starts_with("///"), "`id` has a doc line: {before_id}");
    assert!(!models.contains("The `id` property"), "{models}");
    assert!(models.contains("/// What the alert is about.\n    #[serde("), "{models}");
    assert!(models.contains("/// `Alert` from its required properties"), "{models}");
}

#[test]
fn indented_examples_stay_code() {
    let files = generate(SPEC);
    let client = file(&files, "src/client.rs");
    let expected = "    /// ```text\n    /// curl --get 'https://x.io/alerts' \\\n    ///     --data 'status[one_of]=firing'\n    /// ```\n    ///\n    /// That is all.";
    assert!(client.contains(expected), "{client}");
}
