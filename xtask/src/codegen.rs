//! `cargo xtask codegen`: regenerates this repository's crates (generated/ and the golden
//! crates of tests/) from their specs, or with `--check` verifies that the checked-in copies
//! are current. The work is `openapi-rust-gen`'s: this module only decides the jobs.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use generator::Settings;
use openapi_rust_gen::{Job, label, shell_quote};

/// Help text for `cargo xtask codegen --help`.
pub const USAGE: &str = "\
Usage: cargo xtask codegen [--check]
       cargo xtask codegen --spec FILE --out DIR [--config FILE] [--crate-name NAME] [--check]

Regenerates generated/ from spec/openapi.yaml and each tests/golden/NAME from
tests/fixtures/NAME.yaml (with the configuration tests/fixtures/NAME.toml when there is one), or
DIR from FILE (both relative to the current directory). Writes only files whose contents changed
and removes files no longer generated.

Options:
  --check             Write nothing; print a diff and exit 1 if the output is out of date
  --spec FILE         Spec to read instead of spec/openapi.yaml (requires --out)
  --out DIR           Directory to sync instead of generated/ (requires --spec)
  --config FILE       Configuration file (TOML; with --spec): package, filter, renames, overlays
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
    config: Option<String>,
    crate_name: Option<String>,
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
    let config = args.config.clone();
    let mut job = match new_job(args, &root) {
        Ok(job) => job,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    if let Some(config) = config {
        job.configure(Path::new(&config), &config)?;
    }
    let mut jobs = vec![job];
    if workspace_run {
        jobs.extend(fixture_jobs(&root, check)?);
    }
    openapi_rust_gen::run(&jobs)
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
    let mut jobs = Vec::new();
    for spec in specs {
        let (Some(stem), Some(file)) =
            (spec.file_stem().and_then(|s| s.to_str()), spec.file_name().and_then(|s| s.to_str()))
        else {
            continue;
        };
        let (stem, file) = (stem.to_string(), file.to_string());
        let config = spec.with_extension("toml");
        let mut job = Job {
            out_dir: root.join(GOLDEN).join(&stem),
            out_label: format!("{GOLDEN}/{stem}"),
            settings: Settings {
                spec_path: format!("{FIXTURES}/{file}"),
                crate_name: Some(stem.clone()),
                command: COMMAND.into(),
                ..Default::default()
            },
            spec_file: spec,
            check,
        };
        if config.exists() {
            job.configure(&config, &format!("{FIXTURES}/{stem}.toml"))?;
        }
        jobs.push(job);
    }
    Ok(jobs)
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
            "--config" => &mut parsed.config,
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

/// Applies the defaults: without `--spec`/`--out` the paths are the workspace's own and
/// relative to `root`; with them, relative to the current directory as the user typed them.
fn new_job(args: Args, root: &Path) -> Result<Job, String> {
    let Args { check, help: _, spec, out, config, crate_name } = args;
    match (spec, out) {
        (None, None) if crate_name.is_some() || config.is_some() => {
            Err("`--crate-name` and `--config` need `--spec` and `--out`; generated/ always uses its own settings"
                .into())
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
                command: custom_command(&spec, &out, config.as_deref(), crate_name.as_deref()),
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

/// The command that reproduces a `--spec`/`--out` run, quoted into every generated header.
fn custom_command(spec: &str, out: &str, config: Option<&str>, crate_name: Option<&str>) -> String {
    let mut command = format!("{COMMAND} --spec {} --out {}", shell_quote(spec), shell_quote(out));
    if let Some(config) = config {
        command.push_str(&format!(" --config {}", shell_quote(config)));
    }
    if let Some(name) = crate_name {
        command.push_str(&format!(" --crate-name {}", shell_quote(name)));
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Args, String> {
        parse_args(&args.iter().map(|arg| arg.to_string()).collect::<Vec<_>>())
    }

    fn job(args: &[&str]) -> Result<Job, String> {
        new_job(parse(args)?, Path::new("/root"))
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
}
