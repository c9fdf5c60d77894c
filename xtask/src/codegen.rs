//! `cargo xtask codegen`: regenerates a crate from an OpenAPI spec and syncs it to disk, or with
//! `--check` verifies that the checked-in copy is current.
//!
//! Generation runs fully in memory before anything on disk is touched, so a spec error leaves
//! the output directory exactly as it was.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::{GeneratedFile, Settings};
use similar::TextDiff;

use crate::sync::{self, Change};

/// Help text for `cargo xtask codegen --help`.
pub const USAGE: &str = "\
Usage: cargo xtask codegen [--check]
       cargo xtask codegen --spec FILE --out DIR [--crate-name NAME] [--check]

Regenerates generated/ from spec/openapi.yaml and each tests/golden/NAME from
tests/fixtures/NAME.yaml, or DIR from FILE (both relative to the current directory). Writes only files whose contents changed and removes files no longer generated.

Options:
  --check             Write nothing; print a diff and exit 1 if the output is out of date
  --spec FILE         Spec to read instead of spec/openapi.yaml (requires --out)
  --out DIR           Directory to sync instead of generated/ (requires --spec)
  --crate-name NAME   Package name of the generated crate (with --spec; default: from info.title)
  -h, --help          Print this help
";

const DEFAULT_SPEC: &str = "spec/openapi.yaml";
const DEFAULT_OUT: &str = "generated";
const DEFAULT_CRATE_NAME: &str = "incident-io-api";
const COMMAND: &str = "cargo xtask codegen";
const FIXTURES: &str = "tests/fixtures";
const GOLDEN: &str = "tests/golden";

/// The command line of `codegen`, before any defaults are applied.
#[derive(Debug, Default, PartialEq, Eq)]
struct Args {
    check: bool,
    help: bool,
    spec: Option<String>,
    out: Option<String>,
    crate_name: Option<String>,
}

/// Everything one run needs: where to read, where to sync, and how to generate.
#[derive(Debug)]
struct Job {
    spec_file: PathBuf,
    out_dir: PathBuf,
    /// The output directory as messages show it, without a trailing `/`.
    out_label: String,
    settings: Settings,
    check: bool,
}

/// Runs `cargo xtask codegen` with the arguments that follow `codegen`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    let args = match parse_args(args) {
        Ok(args) if args.help => {
            print!("{USAGE}");
            return Ok(ExitCode::SUCCESS);
        }
        Ok(args) => args,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    let root = crate::project_root();
    let workspace_run = args.spec.is_none();
    let check = args.check;
    let job = match Job::new(args, &root) {
        Ok(job) => job,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    let mut jobs = vec![job];
    if workspace_run {
        jobs.extend(fixture_jobs(&root, check)?);
    }
    // Everything is generated before anything is written, so one bad spec changes nothing.
    let mut outputs = Vec::with_capacity(jobs.len());
    for job in &jobs {
        let spec_text = fs::read_to_string(&job.spec_file)
            .with_context(|| format!("cannot read spec {}", job.spec_file.display()))?;
        // Other files the spec refers to are read relative to its folder.
        let folder = job.spec_file.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut read = |path: &str| fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
        let generated = generator::generate_crate_from_files(&spec_text, &job.settings, &mut read)?;
        for warning in &generated.warnings {
            eprintln!("warning: {warning}");
        }
        for note in &generated.notes {
            eprintln!("note: {note}");
        }
        outputs.push(generated.files);
    }
    let mut code = ExitCode::SUCCESS;
    for (job, files) in jobs.iter().zip(&outputs) {
        if job.sync(files)? != ExitCode::SUCCESS {
            code = ExitCode::FAILURE;
        }
    }
    Ok(code)
}

/// The golden crates: each `tests/fixtures/NAME.yaml` generates `tests/golden/NAME`, which the
/// tests compile and run, so every fixture's output is checked in, drift-checked and exercised.
fn fixture_jobs(root: &Path, check: bool) -> Result<Vec<Job>> {
    let dir = root.join(FIXTURES);
    let mut specs: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()
            .with_context(|| format!("cannot list {}", dir.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    specs.retain(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"));
    specs.sort();
    Ok(specs
        .into_iter()
        .filter_map(|spec| {
            let stem = spec.file_stem()?.to_str()?.to_string();
            let file = spec.file_name()?.to_str()?.to_string();
            Some(Job {
                out_dir: root.join(GOLDEN).join(&stem),
                out_label: format!("{GOLDEN}/{stem}"),
                settings: Settings {
                    spec_path: format!("{FIXTURES}/{file}"),
                    crate_name: Some(stem),
                    command: COMMAND.into(),
                    ..Default::default()
                },
                spec_file: spec,
                check,
            })
        })
        .collect())
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut parsed = Args::default();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let (flag, inline_value) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value.to_owned())),
            _ => (arg.as_str(), None),
        };
        let slot = match flag {
            "--check" | "-h" | "--help" if inline_value.is_some() => {
                return Err(format!("`{flag}` takes no value"));
            }
            "--check" => {
                parsed.check = true;
                continue;
            }
            "-h" | "--help" => {
                parsed.help = true;
                continue;
            }
            "--spec" => &mut parsed.spec,
            "--out" => &mut parsed.out,
            "--crate-name" => &mut parsed.crate_name,
            _ => return Err(format!("unexpected argument `{arg}`")),
        };
        if slot.is_some() {
            return Err(format!("`{flag}` given twice"));
        }
        *slot = Some(flag_value(flag, inline_value, &mut args)?);
    }
    Ok(parsed)
}

/// Takes a flag's value from `--flag=value` or from the next argument.
fn flag_value<'a>(
    flag: &str,
    inline: Option<String>,
    rest: &mut impl Iterator<Item = &'a String>,
) -> Result<String, String> {
    // A following flag is far more likely a forgotten value than a file named `--out`.
    let value = inline.or_else(|| rest.next().filter(|next| !next.starts_with("--")).cloned());
    match value {
        Some(value) if !value.is_empty() => Ok(value),
        _ => Err(format!("`{flag}` needs a value")),
    }
}

impl Job {
    /// Applies the defaults: without `--spec`/`--out` the paths are the workspace's own and
    /// relative to `root`; with them, relative to the current directory as the user typed them.
    fn new(args: Args, root: &Path) -> Result<Job, String> {
        let Args { check, help: _, spec, out, crate_name } = args;
        match (spec, out) {
            (None, None) if crate_name.is_some() => {
                Err("`--crate-name` needs `--spec` and `--out`; generated/ always uses its own name".into())
            }
            (None, None) => Ok(Job {
                spec_file: root.join(DEFAULT_SPEC),
                out_dir: root.join(DEFAULT_OUT),
                out_label: DEFAULT_OUT.into(),
                settings: Settings {
                    spec_path: DEFAULT_SPEC.into(),
                    crate_name: Some(DEFAULT_CRATE_NAME.into()),
                    command: COMMAND.into(),
                    ..Default::default()
                },
                check,
            }),
            (Some(spec), Some(out)) => Ok(Job {
                spec_file: PathBuf::from(&spec),
                out_dir: PathBuf::from(&out),
                out_label: label(&out),
                settings: Settings {
                    command: custom_command(&spec, &out, crate_name.as_deref()),
                    spec_path: spec,
                    crate_name,
                    ..Default::default()
                },
                check,
            }),
            (Some(_), None) => Err("`--spec` needs `--out`".into()),
            (None, Some(_)) => Err("`--out` needs `--spec`".into()),
        }
    }

    /// Compares `files` with the output directory and either reports or applies the differences.
    fn sync(&self, files: &[GeneratedFile]) -> Result<ExitCode> {
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

    /// What `--check` prints for one difference: a line naming it, then a diff that CI logs
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

fn unified_diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    TextDiff::from_lines(old, new).unified_diff().context_radius(3).header(old_name, new_name).to_string()
}

/// The output directory as messages show it: as typed, minus trailing slashes.
fn label(out: &str) -> String {
    match out.trim_end_matches('/') {
        "" => out.into(),
        trimmed => trimmed.into(),
    }
}

/// The command that reproduces a `--spec`/`--out` run, quoted into every generated header.
fn custom_command(spec: &str, out: &str, crate_name: Option<&str>) -> String {
    let mut command = format!("{COMMAND} --spec {} --out {}", shell_quote(spec), shell_quote(out));
    if let Some(name) = crate_name {
        command.push_str(&format!(" --crate-name {}", shell_quote(name)));
    }
    command
}

/// Quotes `word` for a POSIX shell only when needed, so ordinary paths stay readable.
fn shell_quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c);
    if !word.is_empty() && word.chars().all(plain) { word.into() } else { format!("'{}'", word.replace('\'', r"'\''")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(&args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>())
    }

    fn job(args: &[&str]) -> Result<Job, String> {
        Job::new(parse(args)?, Path::new("/root"))
    }

    #[test]
    fn default_job_uses_the_workspace_paths() {
        let job = job(&["--check"]).unwrap();
        assert!(job.check);
        assert_eq!(job.spec_file, Path::new("/root/spec/openapi.yaml"));
        assert_eq!(job.out_dir, Path::new("/root/generated"));
        assert_eq!(job.settings.spec_path, "spec/openapi.yaml");
        assert_eq!(job.settings.crate_name.as_deref(), Some("incident-io-api"));
        assert_eq!(job.settings.command, "cargo xtask codegen");
    }

    #[test]
    fn custom_job_keeps_paths_as_typed() {
        let job = job(&["--spec", "a/pets.yaml", "--out=out/", "--crate-name", "pets"]).unwrap();
        assert!(!job.check);
        assert_eq!(job.spec_file, Path::new("a/pets.yaml"));
        assert_eq!(job.out_dir, Path::new("out/"));
        assert_eq!(job.out_label, "out");
        assert_eq!(job.settings.spec_path, "a/pets.yaml");
        assert_eq!(job.settings.crate_name.as_deref(), Some("pets"));
        assert_eq!(job.settings.command, "cargo xtask codegen --spec a/pets.yaml --out out/ --crate-name pets");

        let job = self::job(&["--out", "my out", "--spec", "it's.yaml"]).unwrap();
        assert_eq!(job.settings.crate_name, None);
        assert_eq!(job.settings.command, r"cargo xtask codegen --spec 'it'\''s.yaml' --out 'my out'");
    }

    #[test]
    fn bad_command_lines_are_usage_errors() {
        let cases: &[&[&str]] = &[
            &["--frobnicate"],
            &["extra"],
            &["--spec"],
            &["--spec", "--out", "x"],
            &["--spec="],
            &["--check=yes"],
            &["--spec", "a", "--spec", "b", "--out", "o"],
            &["--spec", "a"],
            &["--out", "o"],
            &["--crate-name", "n"],
        ];
        for args in cases {
            assert!(job(args).is_err(), "accepted {args:?}");
        }
        assert!(parse(&["--help"]).unwrap().help);
    }

    #[test]
    fn check_output_names_every_difference_with_a_diff() {
        let job = job(&[]).unwrap();
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
}
