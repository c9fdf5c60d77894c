//! Generates a Rust crate (serde models, a reqwest client and axum server stubs) from an
//! OpenAPI 3.0 document.
//!
//! The pipeline is parse -> model -> emit: `parse` reads YAML or JSON into `openapiv3` types,
//! `model` lowers them into an API model with every `$ref` resolved and every Rust name final,
//! and `emit` turns that model into formatted files. This crate never touches the filesystem;
//! drivers such as `xtask` write what [`generate`] returns.

// Whatever a spec holds, the generator answers with a crate or an `Error`, never a panic.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::todo,
    clippy::unimplemented,
    clippy::unreachable
)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

mod bundle;
mod config;
mod derives;
mod error;
mod openapi31;
mod overlay;
mod pagination;
mod position;
mod select;
pub use bundle::ReadFile;
pub use config::{Config, Derives, Filter, Generate, Package, Rename};
pub use error::Error;

/// How to generate a crate.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// The spec's path as it should appear in messages and in the `@generated` header,
    /// for example `spec/openapi.yaml`.
    pub spec_path: String,
    /// The generated crate's package name. When `None`, it is derived from `info.title`.
    pub crate_name: Option<String>,
    /// The command that regenerates the output, quoted in every file header.
    pub command: String,
    /// The configuration file's settings ([`Config::parse`]); the default without one.
    pub config: Config,
    /// The overlay documents the configuration names, read by the driver, in order.
    pub overlays: Vec<Source>,
}

/// A document given by the name messages call it and its text.
#[derive(Debug, Clone, Default)]
pub struct Source {
    /// The document's path as messages name it.
    pub name: String,
    /// Its YAML or JSON text.
    pub text: String,
}

/// One file of the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    /// Path relative to the crate root, with `/` separators (for example `src/models.rs`).
    pub path: String,
    /// Full contents, already formatted, ending with a newline.
    pub contents: String,
}

/// Generates every file of the crate described by `spec_text`.
///
/// The result is sorted by path and is byte-identical for identical inputs.
pub fn generate(spec_text: &str, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    generate_crate(spec_text, settings).map(|generated| generated.files)
}

/// A generated crate with what was learned on the way.
#[derive(Debug, Clone)]
pub struct Generated {
    /// The files, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// One line per documented fallback taken (a construct represented as `serde_json::Value`,
    /// say), each naming its place in the spec.
    pub warnings: Vec<String>,
    /// How many of the warnings are fallbacks: constructs represented (as `serde_json::Value`
    /// or raw bytes) rather than modelled.
    pub fallbacks: usize,
    /// One line per decision worth knowing, each naming its place: how the server's
    /// rejections fill each documented error schema, say.
    pub notes: Vec<String>,
    /// Number of operations.
    pub operations: usize,
    /// The credentials a caller sends: `bearer`, `basic`, or `header:NAME`, `query:NAME`,
    /// `cookie:NAME` for API keys.
    pub credentials: Vec<String>,
    /// The operations (`GET /pets`) that document no status for a request they refuse (no 400,
    /// 422, `4XX` or `default` response), whose rejections can only use a status the spec does
    /// not name.
    pub without_error_responses: Vec<String>,
    /// Number of named Rust types.
    pub types: usize,
    /// List operations the client streams page after page (`{op}_stream`).
    pub streams: usize,
    /// Every file the spec was read from, as messages name them, the root first: a change in
    /// any of them can change the crate.
    pub inputs: Vec<String>,
}

/// Like [`generate`], also returning warnings and counts. A spec that refers to other files
/// is refused; [`generate_crate_from_files`] reads them.
pub fn generate_crate(spec_text: &str, settings: &Settings) -> Result<Generated, Error> {
    generate_crate_from_files(spec_text, settings, &mut bundle::root_only)
}

/// Like [`generate_crate`] for a spec split over several files: `read` is asked for each file
/// a `$ref` names, by its path relative to the root file's folder (`schemas/user.yaml`,
// An example of a team's layout: not a path in this repository.
/// `../common.yaml`), once per file. A driver reading from disk:
///
/// ```no_run
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let root = std::path::Path::new("spec/openapi.yaml");
/// let settings = generator::Settings {
///     spec_path: root.display().to_string(),
///     crate_name: None,
///     command: "cargo xtask codegen".into(),
///     ..Default::default()
/// };
/// let folder = root.parent().unwrap_or(std::path::Path::new("."));
/// let mut read = |path: &str| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
/// let generated = generator::generate_crate_from_files(&std::fs::read_to_string(root)?, &settings, &mut read)?;
/// # let _ = generated;
/// # Ok(())
/// # }
/// ```
pub fn generate_crate_from_files(
    spec_text: &str,
    settings: &Settings,
    read: &mut ReadFile<'_>,
) -> Result<Generated, Error> {
    let file = settings.spec_path.as_str();
    let place = |error: Error, bundled: Option<&bundle::Bundled>| place(error, spec_text, file, bundled);
    let Read { doc, bundled, warnings: mut early_warnings, notes: early_notes } =
        read_document(spec_text, file, settings, read).map_err(|e| place(e, None))?;
    let (api, mut findings) = lower::lower(&doc, file, crate_name(settings).as_deref(), &settings.config)
        .map_err(|e| place(e, bundled.as_ref()))?;
    early_warnings.append(&mut findings.warnings);
    findings.warnings = early_warnings;
    findings.notes.splice(0..0, early_notes);
    // What lowering says of content taken from another file names that file.
    if let Some(bundled) = &bundled {
        for line in findings.warnings.iter_mut().chain(findings.notes.iter_mut()) {
            *line = bundled.locate_line(file, std::mem::take(line));
        }
    }
    let inputs = bundled.as_ref().map_or_else(|| vec![settings.spec_path.clone()], |b| b.inputs.clone());
    let files = emit_crate(&api, settings).map_err(|e| place(e, bundled.as_ref()))?;
    let lower::Findings { warnings, notes, fallbacks } = findings;
    let credentials = api
        .credentials
        .iter()
        .map(|c| match &c.kind {
            model::CredentialKind::Bearer => "bearer".to_string(),
            model::CredentialKind::Basic => "basic".to_string(),
            model::CredentialKind::ApiKey { location, name } => {
                let place = match location {
                    model::ParamIn::Query => "query",
                    model::ParamIn::Cookie => "cookie",
                    model::ParamIn::Header | model::ParamIn::Path => "header",
                };
                format!("{place}:{name}")
            }
        })
        .collect();
    // A request the server refuses gets 400 or 422; an operation documenting neither, nor a
    // `4XX` or `default` response, leaves no documented status for it.
    let without_error_responses = api
        .operations
        .iter()
        .filter(|op| {
            !op.responses.iter().any(|r| {
                matches!(
                    r.status,
                    model::StatusSpec::Code(400 | 422) | model::StatusSpec::Range(4) | model::StatusSpec::Default
                )
            })
        })
        .map(|op| format!("{} {}", op.method.as_str(), path_key(&op.pointer).unwrap_or_else(|| op.path.clone())))
        .collect();
    Ok(Generated {
        files,
        warnings,
        notes,
        fallbacks,
        operations: api.operations.len(),
        credentials,
        without_error_responses,
        types: api.types.len(),
        streams: api.operations.iter().filter(|op| op.pagination.is_some()).count(),
        inputs,
    })
}

/// The package name: the caller's, else the configuration's, else none (from `info.title`).
pub(crate) fn crate_name(settings: &Settings) -> Option<String> {
    settings.crate_name.clone().or_else(|| settings.config.package.name.clone())
}

/// `error` named by the file it comes from (when the spec was joined from several) and the line
/// and column of its place there.
fn place(error: Error, spec_text: &str, file: &str, bundled: Option<&bundle::Bundled>) -> Error {
    let error = bundle::locate(bundled, error);
    position::place(error, |named| match bundled {
        Some(bundled) => bundled.text_of(named),
        None => (named == file).then_some(spec_text),
    })
}

/// Reads the spec into the 3.0 reader's types: a spec in several files, or in OpenAPI 3.1, is
/// rewritten as a tree into one 3.0 document first (with the warnings that rewriting gives);
/// any other is read straight from its text.
/// The configuration's overlays and filter are applied to that tree too.
pub(crate) fn read_document(
    spec_text: &str,
    file: &str,
    settings: &Settings,
    read: &mut ReadFile<'_>,
) -> Result<Read, Error> {
    let several_files = bundle::needed(spec_text);
    let adjusted = !settings.overlays.is_empty() || settings.config.filter.is_active();
    if !several_files && !adjusted && !openapi31::declared(spec_text) {
        match parse::parse(spec_text, file) {
            Ok(doc) => return Ok(Read { doc, bundled: None, warnings: Vec::new(), notes: Vec::new() }),
            // A YAML integer beyond 64 bits (a `uint64`'s `maximum: 18446744073709551616`)
            // stops `serde_yaml`'s own values; the tree reader takes it as the number JSON
            // would, as it reads such a number in a JSON spec.
            Err(Error::Parse { message, .. }) if message.contains(" as u128") || message.contains(" as i128") => {}
            Err(error) => return Err(error),
        }
    }
    let (mut tree, bundled) = if several_files {
        let mut bundled = bundle::bundle(spec_text, file, read)?;
        (std::mem::take(&mut bundled.document), Some(bundled))
    } else {
        (bundle::parse_file(spec_text, file)?, None)
    };
    let mut warnings = overlay::apply(&mut tree, &settings.overlays)?;
    let notes = select::apply(&mut tree, &settings.config, file)?;
    if openapi31::is_31(&tree) {
        let normalised =
            openapi31::normalise(&mut tree, file).map_err(|e| place(e, spec_text, file, bundled.as_ref()))?;
        warnings.extend(normalised);
    }
    let write = |tree: &serde_json::Value| {
        serde_json::to_string(tree).map_err(|e| Error::Internal {
            file: file.into(),
            message: format!("the rewritten document could not be written: {e}"),
        })
    };
    // Positions in the rewritten text mean nothing to the user: a problem found there is
    // named by its pointer only.
    let read = |text: &str| {
        parse::parse(text, file).map_err(|e| match e {
            Error::Parse { file, message, .. } => Error::Parse { file, line: 0, column: 0, message },
            other => bundle::locate(bundled.as_ref(), other),
        })
    };
    let doc = match read(&write(&tree)?) {
        Err(Error::Parse { message, .. }) if message.contains("expected a string") => {
            let written =
                |pointer: &str| bundled.is_none().then(|| position::scalar_text(spec_text, pointer)).flatten();
            parse::strings_where_expected(&mut tree, written);
            read(&write(&tree)?)?
        }
        other => other?,
    };
    Ok(Read { doc, bundled, warnings, notes })
}

/// A spec read into the 3.0 reader's types.
pub(crate) struct Read {
    pub(crate) doc: openapiv3::OpenAPI,
    /// How its files were joined, when it has several.
    pub(crate) bundled: Option<bundle::Bundled>,
    /// What reading it rewrote or could not keep (3.1 keywords, overlay actions).
    pub(crate) warnings: Vec<String>,
    /// What the configuration changed (the filter's counts).
    pub(crate) notes: Vec<String>,
}

/// The runtime support files, by module name: fixed Rust, the same in every generated crate.
const RUNTIME: [(&str, &str); 7] = [
    ("validation", include_str!("../runtime/validation.rs")),
    ("client_support", include_str!("../runtime/client_support.rs")),
    ("server_support", include_str!("../runtime/server_support.rs")),
    ("multipart", include_str!("../runtime/multipart.rs")),
    ("pagination", include_str!("../runtime/pagination.rs")),
    ("formats", include_str!("../runtime/formats.rs")),
    ("dates", include_str!("../runtime/dates.rs")),
];

fn one(emitter: emit::Part<'_>) -> Vec<emit::Part<'_>> {
    vec![emitter]
}

fn emit_crate(api: &model::Api, settings: &Settings) -> Result<Vec<GeneratedFile>, Error> {
    let spec = settings.spec_path.as_str();
    let header = format!("// @generated by `{}` from {spec}. Do not edit.\n", settings.command);
    // The format helpers (`uuid`, `ipv4`, `ipv6`) come together, for the specs that use any.
    let uses_formats = api.any_use(&|t| t.rules.format.is_some());
    // A date mapped to another type is still checked as a date on the wire.
    let uses_dates = api.any_use(&|t| matches!(t.ty.on_wire(), model::Ty::DateTime | model::Ty::Date));
    // The multipart reader is the server's; pagination streams are the client's.
    let uses_multipart = api.server && api.uses_multipart_parts();
    let paginates = api.client && api.paginates();
    let modules = emit::lib_rs::Modules {
        formats: uses_formats,
        dates: uses_dates,
        multipart: uses_multipart,
        pagination: paginates,
        client: api.client,
        server: api.server,
        whole_floats_are_integers: api.whole_floats_are_integers,
    };
    let mut rust_files: Vec<(&str, Vec<emit::Part<'_>>)> = vec![
        ("src/models.rs", emit::models::parts(api)),
        ("src/lib.rs", one(Box::new(move || emit::lib_rs::emit(&modules)))),
    ];
    if api.server {
        rust_files.push(("src/server.rs", emit::server::parts(api)));
        rust_files.push(("examples/stub_server/main.rs", one(Box::new(emit::stub::example_main))));
        rust_files.push(("examples/stub_server/app.rs", one(Box::new(|| emit::stub::example_app(api)))));
        if !api.webhooks.is_empty() {
            rust_files.push(("src/server/webhooks.rs", emit::server::webhook_parts(api)));
        }
    }
    if api.client {
        rust_files.push(("src/client.rs", emit::client::parts(api)));
        if !api.webhooks.is_empty() {
            rust_files.push(("src/client/webhooks.rs", emit::client::webhook_parts(api)));
        }
    }
    let template_error =
        |e: askama::Error| Error::Internal { file: spec.into(), message: format!("template failed: {e}") };
    let mut files = vec![
        GeneratedFile {
            path: "Cargo.toml".into(),
            contents: templates::cargo_toml(api, spec, &settings.command, &settings.config.version()?)
                .map_err(template_error)?,
        },
        GeneratedFile {
            path: "README.md".into(),
            contents: templates::readme(api, spec, &settings.command).map_err(template_error)?,
        },
    ];
    // The runtime files, written unchanged (see `runtime/`, which compiles and tests them).
    let wanted = |name: &str| match name {
        "formats" => uses_formats,
        "dates" => uses_dates,
        "multipart" => uses_multipart,
        "pagination" => paginates,
        "client_support" => api.client,
        "server_support" => api.server,
        _ => true,
    };
    for (name, text) in RUNTIME.iter().filter(|(name, _)| wanted(name)) {
        files.push(GeneratedFile { path: format!("src/{name}.rs"), contents: format!("{header}\n{text}") });
    }
    // Parts are independent: they are emitted and formatted in parallel, then joined in order.
    // How a file is split depends only on the spec, so output never depends on scheduling or
    // on the machine.
    let jobs: Vec<(&str, &emit::Part<'_>)> =
        rust_files.iter().flat_map(|(path, parts)| parts.iter().map(move |part| (*path, part))).collect();
    let formatted = run_parts(&jobs, spec);
    let mut formatted = formatted.into_iter();
    for (path, parts) in &rust_files {
        let mut contents =
            if *path == "src/lib.rs" { format!("{header}{}", emit::lib_rs::LINT_NOTE) } else { header.clone() };
        contents.push('\n');
        for _ in parts {
            let text = formatted.next().ok_or_else(|| Error::Internal {
                file: spec.into(),
                message: format!("a part of {path} went missing"),
            })??;
            contents.push_str(&text);
        }
        files.push(GeneratedFile { path: (*path).into(), contents });
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Emits and formats every part on a pool of one thread per core, each taking the next part in
/// turn: only a few parts are in memory at once, and results land in their own slot.
fn run_parts(jobs: &[(&str, &emit::Part<'_>)], spec: &str) -> Vec<Result<String, Error>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(jobs.len()).max(1);
    let done: Vec<Vec<(usize, Result<String, Error>)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((path, part)) = jobs.get(index) else { break done };
                        done.push((index, emit::format_part(part(), path, spec)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| {
                handle.join().unwrap_or_else(|_| {
                    vec![(0, Err(Error::Internal { file: spec.into(), message: "a generator thread panicked".into() }))]
                })
            })
            .collect()
    });
    let mut slots: Vec<Result<String, Error>> = jobs
        .iter()
        .map(|(path, _)| Err(Error::Internal { file: spec.into(), message: format!("a part of {path} was not made") }))
        .collect();
    for (index, result) in done.into_iter().flatten() {
        if let Some(slot) = slots.get_mut(index) {
            *slot = result;
        }
    }
    slots
}

mod docs;
mod emit;
pub mod examples;

/// The path key as the spec writes it (`/shared_items#app_items`), from an operation's pointer
/// (`#/paths/~1shared_items#app_items/get`); tools name operations by it.
fn path_key(pointer: &str) -> Option<String> {
    let (key, _method) = pointer.strip_prefix("#/paths/")?.rsplit_once('/')?;
    Some(key.replace("~1", "/").replace("~0", "~"))
}
mod lower;
mod model;
mod names;
mod parse;
mod pattern;
mod refs;
mod rejection;
mod sample;
mod templates;
