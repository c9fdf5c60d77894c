//! `cargo xtask codegen --check` catches a spec change, and regenerating yields a minimal diff.

use std::collections::BTreeMap;
use std::path::Path;

fn read_tree(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside dir").to_string_lossy().into_owned();
                files.insert(relative, std::fs::read_to_string(&path).expect("utf-8 file"));
            }
        }
    }
    files
}

fn codegen(dir: &Path, check: bool) -> std::process::Output {
    let mut args = vec!["codegen", "--spec", "spec.yaml", "--out", "gen", "--crate-name", "incident-io-api"];
    if check {
        args.push("--check");
    }
    tests::xtask(dir, &args)
}

/// The rotate payload with one more optional property.
const ADDED_PROPERTY: &str = "        comment:
          type: string
          maxLength: 200
          description: Why the key is being rotated.
";

#[test]
fn an_added_optional_field_is_caught_and_regenerated_minimally() {
    let dir = tempfile::tempdir().expect("temp dir");
    let spec = std::fs::read_to_string(tests::root().join("spec/openapi.yaml")).expect("spec");
    std::fs::write(dir.path().join("spec.yaml"), &spec).expect("write spec");
    let out = codegen(dir.path(), false);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let before = read_tree(&dir.path().join("gen"));
    assert!(codegen(dir.path(), true).status.success(), "fresh output is up to date");

    let anchor = "    APIKeysRotatePayloadV1:\n      type: object\n      required:\n        - grace_period_minutes\n      properties:\n";
    assert!(spec.contains(anchor), "the rotate payload schema has the expected layout");
    let changed = spec.replace(anchor, &format!("{anchor}{ADDED_PROPERTY}"));
    std::fs::write(dir.path().join("spec.yaml"), changed).expect("write spec");

    let check = codegen(dir.path(), true);
    let stdout = String::from_utf8_lossy(&check.stdout);
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(!check.status.success(), "--check must fail after a spec change");
    assert!(stdout.contains("gen/src/models.rs is out of date"), "names the stale file:\n{stdout}");
    assert!(stdout.contains("+    pub comment:"), "shows the diff:\n{stdout}");
    assert!(
        stderr.contains("run `cargo xtask codegen --spec spec.yaml --out gen --crate-name incident-io-api`"),
        "{stderr}"
    );

    let regenerate = codegen(dir.path(), false);
    assert!(regenerate.status.success());
    assert!(codegen(dir.path(), true).status.success(), "regenerated output is up to date");

    let after = read_tree(&dir.path().join("gen"));
    let changed: Vec<&String> = after.keys().filter(|path| before.get(*path) != after.get(*path)).collect();
    assert_eq!(changed, vec!["src/models.rs"], "only the models change");
    assert_eq!(before.keys().collect::<Vec<_>>(), after.keys().collect::<Vec<_>>(), "no file appears or disappears");

    // The diff adds the field, its default (`None`) and its length check. The only old lines
    // it may touch are the neighbours that formatting reflows: the default's struct literal.
    let diff = similar::TextDiff::from_lines(&before["src/models.rs"], &after["src/models.rs"]);
    let mut added = String::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added.push_str(change.value()),
            similar::ChangeTag::Delete => {
                assert!(
                    change.value().contains("grace_period_minutes: 30"),
                    "removed or changed: {:?}",
                    change.value()
                );
            }
            similar::ChangeTag::Equal => {}
        }
    }
    for expected in
        ["pub comment:", "Why the key is being rotated.", "comment: ::std::option::Option::None", "\"maxLength\""]
    {
        assert!(added.contains(expected), "added lines mention {expected:?}:\n{added}");
    }
    assert!(added.lines().count() < 60, "the diff stays small:\n{added}");
}
