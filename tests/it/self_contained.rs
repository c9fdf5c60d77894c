//! The repository stands alone: a clone in an empty folder has everything its tests, `cargo
//! xtask corpus`, `cargo xtask bench` and the fuzz seeds read. No file refers to a path above
//! the repository root, and the third-party test data is byte-identical to its sources.

use sha2::{Digest, Sha256};
use std::path::{Component, Path, PathBuf};

/// A line that holds a climbing path which is not a path of this repository (the generated
/// crate's own README, a bad path fed to a test) says so with this phrase, on it or just above.
const MARKER: &str = "not a path in this repository";

/// Files the repository holds: `git ls-files` in a checkout, otherwise every file outside
/// `target/` and hidden folders (a source archive has no `.git`).
fn repository_files(root: &Path) -> Vec<PathBuf> {
    let listed = std::process::Command::new("git").current_dir(root).args(["ls-files", "-z"]).output();
    if let Ok(output) = listed
        && output.status.success()
        && !output.stdout.is_empty()
    {
        return output
            .stdout
            .split(|b| *b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| PathBuf::from(String::from_utf8_lossy(name).into_owned()))
            .collect();
    }
    let mut files = Vec::new();
    let mut stack = vec![PathBuf::new()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(root.join(&dir)).expect("readable folder").flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with('.') && name != ".ci" && name != ".cargo" || name == "target" {
                continue;
            }
            let path = dir.join(&*name);
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Every relative path in `text` that climbs with `../`, as written.
fn climbing_paths(text: &str) -> Vec<&str> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("../") {
        let start = rest[..at].rfind(|c: char| !is_path_char(c)).map_or(0, |i| i + 1);
        let end = rest[at..].find(|c: char| !is_path_char(c)).map_or(rest.len(), |i| at + i);
        let token = &rest[start..end];
        // `//host/../x` is part of a URL and `/x/../y` an absolute path; neither is relative.
        if !token.starts_with('/') {
            found.push(token);
        }
        rest = &rest[end..];
    }
    found
}

/// Where `path`, written in a file in `dir` (relative to the root), leads; `None` when it climbs
/// above the root.
fn resolve(dir: &Path, path: &str) -> Option<PathBuf> {
    let mut parts: Vec<String> = dir.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    for component in Path::new(path).components() {
        match component {
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            _ => {}
        }
    }
    Some(parts.iter().collect())
}

#[test]
fn no_file_refers_to_a_path_above_the_repository() {
    let root = tests::root();
    let mut offenders = Vec::new();
    for file in repository_files(&root) {
        // This file's own test inputs climb on purpose.
        if file == Path::new("tests/it/self_contained.rs") {
            continue;
        }
        // Third-party documents (specs/) cannot be edited: their prose may name paths of their
        // own projects, so for them only a path that climbs above the root counts.
        let third_party = file.starts_with("specs");
        let Ok(text) = std::fs::read_to_string(root.join(&file)) else { continue };
        let dir = file.parent().unwrap_or(Path::new(""));
        let lines: Vec<&str> = text.lines().collect();
        for (number, line) in lines.iter().enumerate() {
            if line.contains(MARKER) || number > 0 && lines[number - 1].contains(MARKER) {
                continue;
            }
            for path in climbing_paths(line) {
                let target = resolve(dir, path);
                let inside = target.as_ref().is_some_and(|t| third_party || root.join(t).exists());
                if !inside {
                    offenders.push(format!("{}:{}: `{path}`", file.display(), number + 1));
                }
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "these files refer to paths outside the repository (or to nothing inside it); copy what they need \
         into the repository, or mark a line that only looks like such a path with \"{MARKER}\":\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_guard_sees_paths_that_leave_the_repository() {
    assert_eq!(climbing_paths(r#"root.join("../shared/corpus")"#), ["../shared/corpus"]);
    assert_eq!(climbing_paths("for f in ../../shared/*.yaml ../spec/x; do"), ["../../shared/", "../spec/x"]);
    assert_eq!(climbing_paths("see https://example.com/a/../b"), Vec::<&str>::new());
    assert_eq!(resolve(Path::new("tests"), "../shared"), Some(PathBuf::from("shared")));
    assert_eq!(resolve(Path::new("fuzz"), "../../shared"), None);
    assert_eq!(resolve(Path::new("generated/src"), "../README.md"), Some(PathBuf::from("generated/README.md")));
}

/// Checks every `SHA256SUMS` line (`<hex>  <path>`) against the file beside it.
fn check_sums(dir: &Path) -> Vec<String> {
    let sums = std::fs::read_to_string(dir.join("SHA256SUMS")).expect("SHA256SUMS is readable");
    let mut problems = Vec::new();
    for line in sums.lines() {
        let (want, name) = line.split_once("  ").expect("`<hex>  <path>` lines");
        match std::fs::read(dir.join(name)) {
            Ok(bytes) => {
                let got: String = Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
                if got != want {
                    problems.push(format!("{name}: checksum {got}, expected {want}"));
                }
            }
            Err(e) => problems.push(format!("{name}: {e}")),
        }
    }
    problems
}

#[test]
fn third_party_specs_are_byte_identical_to_their_sources() {
    let corpus = tests::root().join("specs/corpus");
    let problems = check_sums(&corpus);
    assert!(problems.is_empty(), "specs/corpus differs from its sources:\n{}", problems.join("\n"));
    // Every spec is accounted for in the checksums and named (with its source) in the README.
    let sums = std::fs::read_to_string(corpus.join("SHA256SUMS")).expect("sums");
    let readme = std::fs::read_to_string(corpus.join("README.md")).expect("README");
    for entry in std::fs::read_dir(&corpus).expect("corpus").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") || name.ends_with(".yaml") {
            assert!(sums.lines().any(|l| l.ends_with(&format!("  {name}"))), "{name} has no checksum");
            assert!(readme.contains(&format!("`{name}`")), "the corpus README does not name {name}");
        }
    }
}

#[test]
fn the_reference_page_is_the_captured_one() {
    let problems = check_sums(&tests::root().join("spec/reference"));
    assert!(problems.is_empty(), "spec/reference differs from the captured page:\n{}", problems.join("\n"));
}
