//! The driver of the generator: reads a spec (and the files it refers to), a configuration
//! file and its overlays from disk, generates the crate in memory, and syncs it to an output
//! directory or, with `check`, reports how the directory differs. `openapi-rust-gen generate`
//! and this repository's `cargo xtask codegen` both run [`run`].
//!
//! Generation runs fully in memory before anything on disk is touched, so a bad spec or
//! configuration leaves the output directory exactly as it was.

pub mod sync;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::{Config, GeneratedFile, Settings, Source};
use similar::TextDiff;

use crate::sync::Change;

/// One crate to generate: where to read, where to sync, and how to generate.
#[derive(Debug)]
pub struct Job {
    /// The spec's root file.
    pub spec_file: PathBuf,
    /// The generated crate's directory.
    pub out_dir: PathBuf,
    /// The output directory as messages show it, without a trailing `/`.
    pub out_label: String,
    /// How to generate; [`Job::configure`] fills its configuration and overlays.
    pub settings: Settings,
    /// Write nothing; report differences and fail when there are any.
    pub check: bool,
}

impl Job {
    /// Reads the configuration file `path` (TOML) into the settings, with the overlays it
    /// names, relative to its folder. `shown` is the path as messages name it.
    pub fn configure(&mut self, path: &Path, shown: &str) -> Result<()> {
        let text = fs::read_to_string(path).with_context(|| format!("cannot read configuration {shown}"))?;
        let config = Config::parse(&text, shown)?;
        let folder = path.parent().unwrap_or(Path::new(""));
        let shown_folder = shown.rfind('/').map_or("", |at| &shown[..=at]);
        let mut overlays = Vec::new();
        for overlay in &config.overlays {
            let name = format!("{shown_folder}{}", overlay.get_ref());
            let text = fs::read_to_string(folder.join(overlay.get_ref()))
                .with_context(|| format!("cannot read the overlay {name} that {shown} names"))?;
            overlays.push(Source { name, text });
        }
        self.settings.config = config;
        self.settings.overlays = overlays;
        Ok(())
    }

    /// Generates the crate in memory, printing its warnings and notes.
    pub fn generate(&self) -> Result<Vec<GeneratedFile>> {
        let spec_text = fs::read_to_string(&self.spec_file)
            .with_context(|| format!("cannot read spec {}", self.spec_file.display()))?;
        // Other files the spec refers to are read relative to its folder.
        let folder = self.spec_file.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut read = |path: &str| fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
        let generated = generator::generate_crate_from_files(&spec_text, &self.settings, &mut read)?;
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        for note in &generated.notes {
            eprintln!("note: {note}");
        }
        Ok(generated.files)
    }

    /// Compares `files` with the output directory and either reports or applies the differences.
    pub fn sync(&self, files: &[GeneratedFile]) -> Result<ExitCode> {
        sync::validate_paths(files)?;
        let changes = sync::plan(&sync::read_tree(&self.out_dir)?, files);
        if self.check {
            return Ok(self.report_check(&changes));
        }
        sync::apply(&self.out_dir, &changes, |change| println!("{}", self.describe_applied(change)))?;
        if changes.is_empty() {
            println!("{}/ is up to date", self.out_label);
        }
        Ok(ExitCode::SUCCESS)
    }

    fn report_check(&self, changes: &[Change]) -> ExitCode {
        if changes.is_empty() {
            println!("{}/ is up to date", self.out_label);
            return ExitCode::SUCCESS;
        }
        for change in changes {
            print!("{}", self.describe_stale(change));
        }
        let Settings { spec_path, command, .. } = &self.settings;
        eprintln!("error: {}/ is out of date with {spec_path}; run `{command}` and commit the result", self.out_label);
        ExitCode::FAILURE
    }

    fn shown(&self, change: &Change) -> String {
        format!("{}/{}", self.out_label, change.path())
    }

    fn describe_applied(&self, change: &Change) -> String {
        let verb = match change {
            Change::Create { .. } => "created",
            Change::Update { .. } => "updated",
            Change::Remove { .. } => "removed",
        };
        format!("{verb} {}", self.shown(change))
    }

    /// What `check` prints for one difference: a line naming it, then a diff that CI logs
    /// can show in full, with `/dev/null` for a missing side as `git diff` does.
    fn describe_stale(&self, change: &Change) -> String {
        let shown = self.shown(change);
        match change {
            Change::Create { new, .. } => {
                let diff = unified_diff("", new, "/dev/null", &format!("b/{shown}"));
                format!("{shown} is missing\n{diff}")
            }
            Change::Update { old, new, .. } => {
                let diff = unified_diff(old, new, &format!("a/{shown}"), &format!("b/{shown}"));
                format!("{shown} is out of date\n{diff}")
            }
            Change::Remove { .. } => format!("{shown} is no longer generated\n"),
        }
    }
}

/// Generates every job, then (only when all succeeded) syncs or checks each output directory.
pub fn run(jobs: &[Job]) -> Result<ExitCode> {
    // Everything is generated before anything is written, so one bad spec changes nothing.
    let outputs = jobs.iter().map(Job::generate).collect::<Result<Vec<_>>>()?;
    let mut code = ExitCode::SUCCESS;
    for (job, files) in jobs.iter().zip(&outputs) {
        if job.sync(files)? != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(old_name, new_name).to_string()
}

/// The output directory as messages show it: as typed, minus trailing slashes.
pub fn label(out: &str) -> String {
    match out.trim_end_matches('/') {
        "" => out.into(),
        trimmed => trimmed.into(),
    }
}

/// Quotes `word` for a POSIX shell only when needed, so ordinary paths stay readable in the
/// command quoted into every generated header.
pub fn shell_quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) { word.into() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job() -> Job {
        Job {
            spec_file: "spec/openapi.yaml".into(),
            out_dir: "generated".into(),
            out_label: "generated".into(),
            settings: Settings::default(),
            check: true,
        }
    }

    #[test]
    fn check_output_names_every_difference_with_a_diff() {
        let job = job();
        let update = Change::Update { path: "src/lib.rs".into(), old: "a\nb\n".into(), new: "a\nc\n".into() };
        assert_eq!(
            job.describe_stale(&update),
            "generated/src/lib.rs is out of date\n\
             --- a/generated/src/lib.rs\n+++ b/generated/src/lib.rs\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n"
        );
        let create = Change::Create { path: "README.md".into(), new: "hi\n".into() };
        assert_eq!(
            job.describe_stale(&create),
            "generated/README.md is missing\n--- /dev/null\n+++ b/generated/README.md\n@@ -0,0 +1 @@\n+hi\n"
        );
        let remove = Change::Remove { path: "old.rs".into() };
        assert_eq!(job.describe_stale(&remove), "generated/old.rs is no longer generated\n");
    }

    #[test]
    fn a_configuration_reads_its_overlays_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("fixes")).unwrap();
        fs::write(dir.path().join("gen.toml"), "overlays = [\"fixes/a.yaml\"]\n[package]\nversion = \"1.2.3\"\n")
            .unwrap();
        fs::write(dir.path().join("fixes/a.yaml"), "overlay: 1.0.0\nactions: []\n").unwrap();
        let mut job = job();
        job.configure(&dir.path().join("gen.toml"), "conf/gen.toml").unwrap();
        assert_eq!(job.settings.overlays.len(), 1);
        assert_eq!(job.settings.overlays[0].name, "conf/fixes/a.yaml");
        assert!(job.settings.config.package.version.is_some());

        fs::write(dir.path().join("gen.toml"), "overlays = [\"fixes/gone.yaml\"]\n").unwrap();
        let error = job.configure(&dir.path().join("gen.toml"), "gen.toml").unwrap_err();
        assert!(format!("{error:#}").starts_with("cannot read the overlay fixes/gone.yaml that gen.toml names"));
        fs::write(dir.path().join("gen.toml"), "[packages]\n").unwrap();
        let error = job.configure(&dir.path().join("gen.toml"), "gen.toml").unwrap_err();
        assert!(format!("{error:#}").starts_with("gen.toml:1:2: unknown field `packages`"), "{error:#}");
    }
}
