//! The non-Rust files of the generated crate, rendered with askama. Values are computed here;
//! the templates only place them.

use crate::emit::readme;
use crate::model::Api;
use askama::Template;

/// The dependencies a generated crate may have of its own, by name, as `Cargo.toml` writes them.
pub(crate) const BUILT_IN: [(&str, &str); 16] = [
    ("axum", r#"{ version = "0.8", default-features = false, optional = true }"#),
    ("base64", r#"{ version = "0.22", optional = true }"#),
    ("chrono", r#"{ version = "0.4", default-features = false, features = ["serde", "std"] }"#),
    ("fancy-regex", r#""0.20""#),
    ("form_urlencoded", r#"{ version = "1", optional = true }"#),
    ("futures-util", r#"{ version = "0.3", default-features = false, features = ["std"], optional = true }"#),
    ("http-body-util", r#"{ version = "0.1", optional = true }"#),
    ("multer", r#"{ version = "3", default-features = false, optional = true }"#),
    ("regex", r#"{ version = "1", default-features = false, features = ["std", "unicode"] }"#),
    ("regex-lite", r#""0.1""#),
    ("reqwest", r#"{ version = "0.13", default-features = false, optional = true }"#),
    ("serde", r#"{ version = "1", features = ["derive"] }"#),
    ("serde_json", r#""1""#),
    ("serde_path_to_error", r#"{ version = "0.1", optional = true }"#),
    ("tokio", r#"{ version = "1", default-features = false, features = ["time"], optional = true }"#),
    ("tracing", r#"{ version = "0.1", default-features = false, features = ["std"], optional = true }"#),
];

/// Dependencies of the generated crate, its own ([`BUILT_IN`], one table, so a version bump
/// shows up in the drift check of every generated crate) and the configuration's, by name.
fn dependencies(api: &Api) -> Vec<String> {
    let uses = |pred: &dyn Fn(&crate::model::TypeUse) -> bool| api.any_use(pred);
    // The date checks of the `dates` module use chrono, for mapped dates too.
    let chrono = uses(&|t| matches!(t.ty.on_wire(), crate::model::Ty::DateTime | crate::model::Ty::Date));
    use crate::pattern::Engine;
    let engine_used = |engine: &Engine| uses(&|t| t.rules.pattern.as_ref().is_some_and(|p| p.engine == *engine));
    let lite = engine_used(&Engine::Lite);
    let regex = engine_used(&Engine::Regex);
    let fancy = engine_used(&Engine::Fancy);
    let basic = api.credentials.iter().any(|c| c.kind == crate::model::CredentialKind::Basic);
    let multipart = api.uses_multipart_parts();
    let needed = |name: &str| match name {
        // One side's own dependencies go with it.
        "axum" | "http-body-util" if !api.server => false,
        "reqwest" | "serde_path_to_error" | "tokio" | "tracing" if !api.client => false,
        "futures-util" => api.server || (api.client && api.paginates()),
        "base64" => basic && api.server,
        "chrono" => chrono,
        "fancy-regex" => fancy,
        "multer" => multipart && api.server,
        "regex" => regex,
        "regex-lite" => lite,
        _ => true,
    };
    let mut lines: Vec<String> =
        BUILT_IN.iter().filter(|(name, _)| needed(name)).map(|(name, value)| format!("{name} = {value}")).collect();
    lines.extend(api.dependencies.iter().cloned());
    lines.sort();
    lines
}

/// Optional dependencies switched on by the `server` feature.
fn client_deps(api: &Api) -> Vec<&'static str> {
    let mut deps = vec!["form_urlencoded", "reqwest", "serde_path_to_error", "tokio", "tracing"];
    // The `_stream` methods of paginated lists are `futures_util` streams.
    if api.paginates() {
        deps.insert(1, "futures-util");
    }
    deps
}

fn server_deps(api: &Api) -> Vec<&'static str> {
    let mut deps = vec!["axum", "form_urlencoded", "futures-util", "http-body-util"];
    if api.credentials.iter().any(|c| c.kind == crate::model::CredentialKind::Basic) {
        deps.insert(0, "base64");
    }
    if api.uses_multipart_parts() {
        deps.push("multer");
    }
    deps
}

#[derive(Template)]
#[template(path = "package.toml", escape = "none")]
struct CargoToml<'a> {
    command: &'a str,
    spec: &'a str,
    crate_name: &'a str,
    version: &'a str,
    description: String,
    client_deps: Vec<&'static str>,
    server_deps: Vec<&'static str>,
    dependencies: Vec<String>,
    client: bool,
    server: bool,
}

/// A paginated list's row in the README: its stream method and how it follows pages.
struct StreamRow {
    fn_name: String,
    cursor: String,
}

struct OperationRow {
    method: &'static str,
    path: String,
    fn_name: String,
}

#[derive(Template)]
#[template(path = "README.md", escape = "none")]
struct Readme<'a> {
    command: &'a str,
    spec: &'a str,
    crate_name: &'a str,
    title: String,
    version: String,
    summary: String,
    operations: Vec<OperationRow>,
    client_example: String,
    server_example: String,
    testing_example: String,
    webhooks: Vec<OperationRow>,
    webhook_example: String,
    stream_example: String,
    builder_example: String,
    streams: Vec<StreamRow>,
    client: bool,
    server: bool,
    sides: &'static str,
}

/// What the crate has: `client and server`, `client` or `server`.
fn sides(api: &Api) -> &'static str {
    match (api.client, api.server) {
        (true, false) => "client",
        (false, true) => "server",
        _ => "client and server",
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// Renders `Cargo.toml`.
pub fn cargo_toml(api: &Api, spec: &str, command: &str, version: &str) -> Result<String, askama::Error> {
    let description =
        format!("{} for {}, generated from its OpenAPI spec", capitalised(sides(api)), one_line(&api.title));
    CargoToml {
        command,
        spec,
        crate_name: &api.crate_name,
        version,
        // A JSON string literal is also a valid TOML basic string.
        description: serde_json::Value::String(description).to_string(),
        client_deps: client_deps(api),
        server_deps: server_deps(api),
        dependencies: dependencies(api),
        client: api.client,
        server: api.server,
    }
    .render()
    .map(|s| format!("{}\n", s.trim_end()))
}

/// Renders `README.md`.
pub fn readme(api: &Api, spec: &str, command: &str) -> Result<String, askama::Error> {
    let summary = api
        .description
        .as_deref()
        .map(|d| d.trim().split("\n\n").next().unwrap_or("").trim().to_string())
        .map(|d| crate::docs::rustdoc(&d))
        .unwrap_or_default();
    Readme {
        command,
        spec,
        crate_name: &api.crate_name,
        title: crate::docs::rustdoc(&one_line(&api.title)),
        version: crate::docs::rustdoc(&one_line(&api.version)),
        summary,
        operations: rows(&api.operations),
        client_example: readme::client_example(api),
        server_example: readme::server_example(api),
        testing_example: readme::testing_example(api),
        webhooks: rows(&api.webhooks),
        webhook_example: readme::webhook_example(api),
        client: api.client,
        server: api.server,
        sides: sides(api),
        stream_example: readme::stream_example(api),
        builder_example: readme::builder_example(api),
        streams: api
            .operations
            .iter()
            .filter_map(|op| {
                let p = op.pagination.as_ref()?;
                Some(StreamRow { fn_name: p.fn_name.clone(), cursor: p.rule.clone() })
            })
            .collect(),
    }
    .render()
    .map(|s| format!("{}\n", s.trim_end()))
}

/// The README's table rows for `operations`.
fn rows(operations: &[crate::model::Operation]) -> Vec<OperationRow> {
    operations
        .iter()
        .map(|op| OperationRow {
            method: op.method.as_str(),
            path: op.path.replace('`', "'").replace('|', "\\|"),
            fn_name: op.fn_name.trim_start_matches("r#").to_string(),
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
