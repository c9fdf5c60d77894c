//! Brings an output directory in line with the files the generator produced.
//!
//! Planning is pure (existing contents and wanted files in, changes out), so it is tested
//! without a filesystem. Only [`read_tree`] and [`apply`] do I/O. Dot-files and `target`
//! directories are never read, written or removed: they belong to git, editors and cargo.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process;

use anyhow::{Context, Result, bail};
use generator::GeneratedFile;

/// One difference between the output directory and what the generator produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The generator produces a file that does not exist yet.
    Create {
        /// Path relative to the output directory, `/`-separated.
        path: String,
        /// Contents to write.
        new: String,
    },
    /// The file exists with other contents.
    Update {
        /// Path relative to the output directory, `/`-separated.
        path: String,
        /// Current contents, with `\r\n` normalised to `\n`.
        old: String,
        /// Contents to write.
        new: String,
    },
    /// The file exists but the generator no longer produces it.
    Remove {
        /// Path relative to the output directory, `/`-separated.
        path: String,
    },
}

impl Change {
    /// Path relative to the output directory, `/`-separated.
    pub fn path(&self) -> &str {
        match self {
            Change::Create { path, .. } | Change::Update { path, .. } | Change::Remove { path } => path,
        }
    }
}

/// Lists what must change so that the directory holding `existing` (path -> contents) holds
/// exactly `wanted`, sorted by path.
///
/// Line endings are normalised before comparing, so a checkout with `core.autocrlf` is not
/// reported as stale.
pub fn plan(existing: &BTreeMap<String, String>, wanted: &[GeneratedFile]) -> Vec<Change> {
    let mut changes: Vec<Change> = wanted
        .iter()
        .filter_map(|file| match existing.get(&file.path) {
            None => Some(Change::Create { path: file.path.clone(), new: file.contents.clone() }),
            Some(old) => {
                let old = normalize_newlines(old);
                (old != file.contents).then(|| Change::Update {
                    path: file.path.clone(),
                    old,
                    new: file.contents.clone(),
                })
            }
        })
        .collect();
    let wanted_paths: BTreeSet<&str> = wanted.iter().map(|file| file.path.as_str()).collect();
    changes.extend(
        existing
            .keys()
            .filter(|path| !wanted_paths.contains(path.as_str()))
            .map(|path| Change::Remove { path: path.clone() }),
    );
    changes.sort_by(|a, b| a.path().cmp(b.path()));
    changes
}

fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Whether a file or directory name is left alone by the sync.
fn is_ignored(name: &str) -> bool {
    name.starts_with('.') || name == "target"
}

/// Rejects generated paths that would escape the output directory, collide, or land where
/// [`read_tree`] never looks (which would make `--check` fail forever).
pub fn validate_paths(files: &[GeneratedFile]) -> Result<()> {
    let mut seen = BTreeSet::new();
    for file in files {
        let path = file.path.as_str();
        let bad_component = |part: &str| part.is_empty() || part == ".." || is_ignored(part) || part.contains(':');
        if path.contains('\\') || path.split('/').any(bad_component) {
            bail!("the generator produced an invalid output path `{path}`");
        }
        if !seen.insert(path) {
            bail!("the generator produced `{path}` twice");
        }
    }
    Ok(())
}

/// Reads every file under `root` into a map from `/`-separated relative path to contents.
///
/// A missing `root` reads as empty, so the first run can create it.
pub fn read_tree(root: &Path) -> Result<BTreeMap<String, String>> {
    let mut files = BTreeMap::new();
    match fs::metadata(root) {
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(files),
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", root.display())),
        Ok(meta) if !meta.is_dir() => bail!("{} is not a directory", root.display()),
        Ok(_) => {}
    }
    walk(root, "", &mut files)?;
    Ok(files)
}

fn walk(dir: &Path, prefix: &str, files: &mut BTreeMap<String, String>) -> Result<()> {
    let context = || format!("cannot read directory {}", dir.display());
    for entry in fs::read_dir(dir).with_context(context)? {
        let entry = entry.with_context(context)?;
        let path = entry.path();
        let Ok(name) = entry.file_name().into_string() else {
            bail!("{}: file name is not valid UTF-8", path.display());
        };
        if is_ignored(&name) {
            continue;
        }
        let relative = if prefix.is_empty() { name } else { format!("{prefix}/{name}") };
        if entry.file_type().with_context(context)?.is_dir() {
            walk(&path, &relative, files)?;
        } else {
            let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            // Invalid UTF-8 can never equal generated text, so a lossy read still counts as stale.
            files.insert(relative, String::from_utf8_lossy(&bytes).into_owned());
        }
    }
    Ok(())
}

/// Applies `changes` under `root`, calling `report` after each one succeeds.
///
/// Removals go first so that a file replaced by a directory of the same name (or the reverse)
/// is out of the way before the write.
pub fn apply(root: &Path, changes: &[Change], mut report: impl FnMut(&Change)) -> Result<()> {
    let (removals, writes): (Vec<&Change>, Vec<&Change>) =
        changes.iter().partition(|change| matches!(change, Change::Remove { .. }));
    for change in removals {
        let path = root.join(change.path());
        fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        remove_empty_parents(root, &path)?;
        report(change);
    }
    for change in writes {
        if let Change::Create { path, new } | Change::Update { path, new, .. } = change {
            write_atomic(&root.join(path), new)?;
            report(change);
        }
    }
    Ok(())
}

/// Removes the directories between `file` and `root` that removing `file` left empty.
fn remove_empty_parents(root: &Path, file: &Path) -> Result<()> {
    for dir in file.ancestors().skip(1).take_while(|dir| *dir != root) {
        let context = || format!("cannot remove directory {}", dir.display());
        if fs::read_dir(dir).with_context(context)?.next().is_some() {
            break;
        }
        fs::remove_dir(dir).with_context(context)?;
    }
    Ok(())
}

/// Writes through a temporary file in the same directory and renames it over `path`, so an
/// interrupted run leaves either the old or the new contents, never a mix.
fn write_atomic(path: &Path, contents: &str) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    let dir = path.parent().with_context(context)?;
    fs::create_dir_all(dir).with_context(context)?;
    let temp = temp_path(path);
    let result = write_synced(&temp, contents).and_then(|()| fs::rename(&temp, path));
    if result.is_err() {
        // Best effort: the write error is what matters; a leftover dot-file is ignored anyway.
        let _ = fs::remove_file(&temp);
    }
    result.with_context(context)
}

/// A dot-file name, so a temporary left behind by a crash is ignored by [`read_tree`], and
/// one per process, so two concurrent runs cannot write into each other's file.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    path.with_file_name(format!(".{name}.xtask-{}.tmp", process::id()))
}

fn write_synced(path: &Path, contents: &str) -> io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(contents.as_bytes())?;
    // Without this the rename can reach the disk before the data and a power cut would leave an
    // empty file.
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::*;

    fn file(path: &str, contents: &str) -> GeneratedFile {
        GeneratedFile { path: path.into(), contents: contents.into() }
    }

    fn existing(entries: &[(&str, &str)]) -> BTreeMap<String, String> {
        entries.iter().map(|(path, contents)| (path.to_string(), contents.to_string())).collect()
    }

    #[test]
    fn plan_is_empty_when_everything_matches() {
        let existing = existing(&[("Cargo.toml", "a\n"), ("src/lib.rs", "b\n")]);
        let wanted = [file("Cargo.toml", "a\n"), file("src/lib.rs", "b\n")];
        assert_eq!(plan(&existing, &wanted), []);
    }

    #[test]
    fn plan_ignores_crlf_but_diffs_normalised_text() {
        let existing = existing(&[("a.rs", "x\r\ny\r\n"), ("b.rs", "x\r\ny\r\n")]);
        let wanted = [file("a.rs", "x\ny\n"), file("b.rs", "x\nz\n")];
        let expected = [Change::Update { path: "b.rs".into(), old: "x\ny\n".into(), new: "x\nz\n".into() }];
        assert_eq!(plan(&existing, &wanted), expected);
    }

    #[test]
    fn plan_creates_updates_and_removes_in_path_order() {
        let existing = existing(&[("a.rs", "old\n"), ("b.rs", "same\n"), ("src/gone.rs", "x\n")]);
        let wanted = [file("a.rs", "new\n"), file("b.rs", "same\n"), file("src/new.rs", "n\n")];
        let expected = [
            Change::Update { path: "a.rs".into(), old: "old\n".into(), new: "new\n".into() },
            Change::Remove { path: "src/gone.rs".into() },
            Change::Create { path: "src/new.rs".into(), new: "n\n".into() },
        ];
        assert_eq!(plan(&existing, &wanted), expected);
    }

    #[test]
    fn validate_paths_rejects_unsafe_or_unreadable_paths() {
        // Paths a generator must never write; "../up.rs" is input, not a path in this repository.
        for bad in ["", "/abs.rs", "../up.rs", "a//b.rs", ".git/x", "src/.hidden", "target/x", "a\\b.rs", "C:/x"] {
            assert!(validate_paths(&[file(bad, "")]).is_err(), "accepted `{bad}`");
        }
        assert!(validate_paths(&[file("src/lib.rs", ""), file("src/lib.rs", "")]).is_err());
        assert!(validate_paths(&[file("Cargo.toml", ""), file("src/lib.rs", "")]).is_ok());
    }

    /// A scratch directory under the system temp dir, removed on drop even if the test fails.
    struct TempDir(PathBuf);

    impl TempDir {
        fn new(name: &str) -> TempDir {
            let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default();
            let dir = std::env::temp_dir().join(format!("xtask-{name}-{}-{}", process::id(), nanos.as_nanos()));
            fs::create_dir_all(&dir).unwrap();
            TempDir(dir)
        }

        fn write(&self, path: &str, contents: &str) -> PathBuf {
            let path = self.0.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(&path, contents).unwrap();
            path
        }
    }

    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    #[test]
    fn sync_writes_only_changes_and_removes_stale_files() {
        let dir = TempDir::new("sync");
        let root = &dir.0;
        let unchanged = dir.write("src/lib.rs", "keep\r\n");
        // An old mtime that any rewrite would replace with the current time.
        let marker = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        File::options().write(true).open(&unchanged).unwrap().set_modified(marker).unwrap();
        dir.write("Cargo.toml", "old\n");
        dir.write("src/stale/deep/gone.rs", "x\n");
        dir.write("target/debug/build.log", "cargo's\n");
        dir.write(".gitattributes", "git's\n");
        dir.write("src/.editor.swp", "editor's\n");

        let wanted = [file("Cargo.toml", "new\n"), file("src/lib.rs", "keep\n"), file("src/api/mod.rs", "m\n")];
        let changes = plan(&read_tree(root).unwrap(), &wanted);
        let mut reported = Vec::new();
        apply(root, &changes, |change| reported.push(change.path().to_owned())).unwrap();

        assert_eq!(reported, ["src/stale/deep/gone.rs", "Cargo.toml", "src/api/mod.rs"]);
        assert_eq!(fs::metadata(&unchanged).unwrap().modified().unwrap(), marker);
        assert_eq!(fs::read_to_string(root.join("Cargo.toml")).unwrap(), "new\n");
        assert_eq!(fs::read_to_string(root.join("src/api/mod.rs")).unwrap(), "m\n");
        assert!(!root.join("src/stale").exists(), "emptied directories are removed");
        for kept in ["target/debug/build.log", ".gitattributes", "src/.editor.swp"] {
            assert!(root.join(kept).exists(), "{kept} was touched");
        }
        let leftovers: Vec<_> = fs::read_dir(root.join("src")).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 3, "no temporary files remain: {leftovers:?}");
        assert_eq!(plan(&read_tree(root).unwrap(), &wanted), [], "a second run changes nothing");
    }

    #[test]
    fn sync_replaces_a_file_with_a_directory() {
        let dir = TempDir::new("replace");
        dir.write("src/api", "was a file\n");
        let wanted = [file("src/api/mod.rs", "m\n")];
        let changes = plan(&read_tree(&dir.0).unwrap(), &wanted);
        apply(&dir.0, &changes, |_| {}).unwrap();
        assert_eq!(read_tree(&dir.0).unwrap(), existing(&[("src/api/mod.rs", "m\n")]));
    }

    #[test]
    fn read_tree_of_a_missing_directory_is_empty() {
        let dir = TempDir::new("missing");
        assert_eq!(read_tree(&dir.0.join("nope")).unwrap(), BTreeMap::new());
    }
}
