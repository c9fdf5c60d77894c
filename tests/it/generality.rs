//! Specs written by others generate crates that compile without warnings.

use std::process::Command;

/// Generates each spec into one temporary workspace and runs `cargo check` on it.
fn check_corpus(specs: &[&str]) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut members = Vec::new();
    for spec in specs {
        let name = spec.rsplit_once('.').map(|(stem, _)| stem).unwrap_or(spec).to_string();
        let files = tests::generate(&tests::shared().join("corpus").join(spec), Some(&name));
        tests::write_files(&dir.path().join(&name), &files);
        members.push(format!("{name:?}"));
    }
    std::fs::write(
        dir.path().join("Cargo.toml"),
        format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", ")),
    )
    .expect("write workspace");
    // Start from the project's lock file so the check uses the versions already tested.
    std::fs::copy(tests::root().join("Cargo.lock"), dir.path().join("Cargo.lock")).expect("copy lock file");
    let output = Command::new(env!("CARGO"))
        .current_dir(dir.path())
        .args(["check", "--workspace", "--all-targets", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", tests::root().join("target/generated-crates"))
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "cargo check failed:\n{stderr}");
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("warning")).collect();
    assert!(warnings.is_empty(), "warnings:\n{}", warnings.join("\n"));
}

#[test]
fn petstore_and_keeper_compile_without_warnings() {
    check_corpus(&["petstore.yaml", "progenitor-keeper.json"]);
}
