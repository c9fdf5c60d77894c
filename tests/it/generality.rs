//! Specs written by others, and the fixtures, generate crates that pass `cargo clippy` without
//! a single warning.

use std::process::Command;

/// Generates each spec into one temporary workspace and runs `cargo clippy` on it.
fn check_specs(specs: &[std::path::PathBuf]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    for spec in specs {
        let file = spec.file_name().expect("spec file").to_string_lossy();
        let name = file.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(&file).to_string();
        let files = tests::generate(spec, Some(&name));
        tests::write_files(&dir.path().join(&name), &files);
        members.push(format!("{name:?}"));
    }
    tests::write_workspace(dir.path(), &members);
    let output = Command::new(env!("CARGO"))
        .current_dir(dir.path())
        .args(["clippy", "--workspace", "--all-targets", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", tests::root().join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo clippy failed:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
}

#[test]
fn petstore_keeper_and_the_fixtures_compile_without_warnings() {
    let mut specs: Vec<_> = ["petstore.yaml", "progenitor-keeper.json"].iter().map(|s| tests::corpus(s)).collect();
    for entry in std::fs::read_dir(tests::root().join("tests/fixtures")).expect("fixtures") {
        // Folders hold the other files of a multi-file fixture; its root is a file beside them.
        // A `.toml` beside a fixture is its configuration, not a spec.
        let path = entry.expect("fixture").path();
        if path.is_file() && path.extension().is_some_and(|e| e != "toml") {
            specs.push(path);
        }
    }
    check_specs(&specs);
}
