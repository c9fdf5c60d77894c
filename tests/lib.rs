//! Helpers shared by the integration tests in `it/`.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ lives inside the workspace").to_path_buf()
}

/// A real-world spec from `specs/corpus/` (third-party test data; see its README).
pub fn corpus(name: &str) -> PathBuf {
    root().join("specs/corpus").join(name)
}

/// The text of incident.io's reference page for the rotate operation, which the spec is
/// written from (`spec/reference/`).
pub fn reference_page() -> String {
    std::fs::read_to_string(root().join("spec/reference/rotate-api-key.txt")).expect("reference page is readable")
}

/// The 201 example on the reference page, read from the page itself.
pub fn seed_example_response() -> serde_json::Value {
    let page = reference_page();
    // The page shows the curl request (its `--data` JSON ends with a line holding only `'`),
    // then the response JSON.
    let start = page.find("\n'\n{").expect("seed page has a curl example followed by a response") + 3;
    let mut values = serde_json::Deserializer::from_str(&page[start..]).into_iter::<serde_json::Value>();
    values.next().expect("a response example follows the curl example").expect("the response example is JSON")
}

/// Serves `router` on an ephemeral loopback port until the test's runtime ends.
pub async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    tokio::spawn(async move { axum::serve(listener, router).await.expect("server runs") });
    addr
}

/// Runs `cargo xtask ARGS` from `dir` and returns its output.
pub fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO"))
        .current_dir(dir)
        .args(["run", "--quiet", "--manifest-path"])
        .arg(root().join("Cargo.toml"))
        .args(["--package", "xtask", "--bin", "xtask", "--"])
        .args(args)
        .output()
        .expect("cargo runs")
}

/// Generates a crate for `spec` into `out` through the library, as `cargo xtask codegen --spec`
/// would (with the configuration `NAME.toml` beside a fixture `NAME.yaml`), and returns its files.
pub fn generate(spec: &Path, crate_name: Option<&str>) -> Vec<generator::GeneratedFile> {
    let text = std::fs::read_to_string(spec).expect("spec is readable");
    let mut job = openapi_rust_gen::Job {
        spec_file: spec.to_path_buf(),
        out_dir: PathBuf::new(),
        out_label: String::new(),
        settings: generator::Settings {
            spec_path: spec.file_name().expect("spec has a name").to_string_lossy().into_owned(),
            crate_name: crate_name.map(str::to_string),
            command: "cargo xtask codegen".into(),
            ..Default::default()
        },
        check: true,
    };
    let config = spec.with_extension("toml");
    if config.exists() {
        job.configure(&config, &config.to_string_lossy()).expect("the fixture's configuration");
    }
    let settings = job.settings;
    // A spec split over several files reads them from its folder.
    let folder = spec.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut read = |path: &str| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
    generator::generate_crate_from_files(&text, &settings, &mut read).map(|g| g.files).unwrap_or_else(|e| panic!("{e}"))
}

/// Makes `dir` a workspace of the crates `members` (quoted names), starting from the project's
/// lock file so generated crates build against the versions the project tests.
pub fn write_workspace(dir: &Path, members: &[String]) {
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("workspace manifest");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
}

/// Writes generated files under `dir`.
pub fn write_files(dir: &Path, files: &[generator::GeneratedFile]) {
    for file in files {
        let path = dir.join(&file.path);
        std::fs::create_dir_all(path.parent().expect("files live in a directory")).expect("create dir");
        std::fs::write(&path, &file.contents).expect("write file");
    }
}

/// What the examples check (`generator::examples`) found in one spec.
#[derive(Debug, Default)]
pub struct ExamplesReport {
    /// The spec's file name.
    pub spec: String,
    /// Each example's pointer and verdict, in spec order.
    pub verdicts: Vec<(String, generator::examples::Verdict)>,
}

impl ExamplesReport {
    /// The verdicts that blame the generator.
    pub fn faults(&self) -> Vec<&(String, generator::examples::Verdict)> {
        self.verdicts.iter().filter(|(_, v)| matches!(v, generator::examples::Verdict::GeneratorFault(_))).collect()
    }
}

/// Generates a crate for each spec, adds the examples check to it, runs them all in one
/// workspace under `target/generated-crates`, and returns a report per spec.
pub fn check_examples(specs: &[PathBuf]) -> Vec<ExamplesReport> {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    let mut reports = Vec::new();
    for spec in specs {
        let file = spec.file_name().expect("spec file").to_string_lossy().into_owned();
        let name =
            format!("examples-{}", file.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(&file).replace('.', "-"));
        let crate_dir = dir.path().join(&name);
        write_files(&crate_dir, &generate(spec, Some(&name)));
        let text = std::fs::read_to_string(spec).expect("spec is readable");
        let settings = generator::Settings {
            spec_path: file.clone(),
            crate_name: Some(name.clone()),
            command: "cargo xtask codegen".into(),
            ..Default::default()
        };
        let (files, module) = generator::examples::harness(&text, &settings).expect("harness");
        write_files(&crate_dir, &files);
        let lib = crate_dir.join("src/lib.rs");
        let mut source = std::fs::read_to_string(&lib).expect("lib.rs");
        source.push_str(module);
        std::fs::write(&lib, source).expect("lib.rs");
        members.push(format!("{name:?}"));
        reports.push(ExamplesReport { spec: name, verdicts: Vec::new() });
    }
    write_workspace(dir.path(), &members);
    let output = Command::new(env!("CARGO"))
        .current_dir(dir.path())
        .args(["test", "--workspace", "--lib", "examples_check", "--", "--nocapture"])
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    for line in stdout.lines() {
        let Some(checked) = generator::examples::read_line(line) else { continue };
        let report = reports.iter_mut().find(|r| r.spec == checked.crate_name).expect("a known crate");
        report.verdicts.push((checked.pointer, checked.verdict));
    }
    for (report, spec) in reports.iter_mut().zip(specs) {
        report.spec = spec.file_name().expect("spec file").to_string_lossy().into_owned();
    }
    reports
}

/// Generates a crate called `name` for `spec`, adds `test` to it as `tests/NAME.rs`, and runs
/// that test with `cargo test` under `target/generated-crates`; panics with the output when it
/// fails, compiles with warnings, or runs no test.
pub fn run_test_in_generated_crate(spec: &Path, name: &str, test: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let crate_dir = dir.path().join(name);
    write_files(&crate_dir, &generate(spec, Some(name)));
    write_workspace(dir.path(), &[format!("{name:?}")]);
    std::fs::create_dir_all(crate_dir.join("tests")).expect("tests dir");
    std::fs::write(crate_dir.join("tests").join(format!("{name}.rs")), test).expect("test file");
    let output = Command::new(env!("CARGO"))
        .current_dir(dir.path())
        .args(["test", "--test", name, "--message-format", "short"])
        .env("CARGO_TARGET_DIR", root().join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("test result: ok.") && !stdout.contains("ok. 0 passed"), "{stdout}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
}
