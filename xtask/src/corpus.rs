//! `cargo xtask corpus`: generates a crate for every spec in `specs/corpus/`, lints them all
//! with one shared target directory, runs every example of each spec through its generated
//! types (`generator::examples`), and prints a table of what happened.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

use anyhow::{Context, Result};
use generator::Settings;
use generator::examples::Verdict;

/// Help text for `cargo xtask corpus --help`.
pub const USAGE: &str = "\
Usage: cargo xtask corpus [--specs DIR] [--subset] [SPEC...]

Generates a crate for every spec in DIR (default: specs/corpus/ of this repository; or only the
SPECs named, or with --subset the small ones CI checks), writes them under target/corpus/, runs
`cargo clippy --all-targets` on all of them with one target directory, then decodes every
example each spec carries through its generated type, encodes it back and validates it
(`--no-examples` skips this). Prints a table: spec, operations, types, generation time,
compiles, warnings, fallbacks, examples (round trips, normalised, spec defects, generator
faults) and the error of refused specs, then the examples that break their own schema.
Exits 1 when a generated crate fails to compile, has warnings or mishandles an example; a
refused spec is not a failure when the refusal is a clear error.
";

/// The specs CI checks: small, and covering the features of the large ones.
const SUBSET: &[&str] = &[
    "api-with-examples.yaml",
    "callback-example.yaml",
    "link-example.yaml",
    "petstore-expanded.yaml",
    "petstore.yaml",
    "progenitor-buildomat.json",
    "progenitor-cli-gen.json",
    "progenitor-keeper.json",
    "progenitor-param-collision.json",
    "progenitor-param-overrides.json",
    "progenitor-param-overrides.yaml",
    "progenitor-propolis-server.json",
    "uspto.yaml",
    "webhook-example-3.1.yaml",
];

/// What happened to one spec.
struct Row {
    spec: String,
    crate_name: String,
    operations: usize,
    types: usize,
    millis: f64,
    outcome: Outcome,
}

enum Outcome {
    Refused(String),
    Generated {
        fallbacks: usize,
        /// List operations with a `_stream` method.
        streams: usize,
        compile_errors: Vec<String>,
        lint_warnings: Vec<String>,
        examples: Vec<(String, Verdict)>,
    },
}

/// Runs `cargo xtask corpus` with the arguments that follow `corpus`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let root = crate::project_root();
    let (corpus, args) = match crate::specs_dir(args) {
        Ok(found) => found,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    let subset = args.iter().any(|a| a == "--subset");
    let named: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let mut specs: Vec<PathBuf> = fs::read_dir(&corpus)
        .with_context(|| format!("cannot list {}", corpus.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    specs.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let is_spec = name.ends_with(".json") || name.ends_with(".yaml");
        let chosen = if !named.is_empty() {
            named.iter().any(|n| n.as_str() == name)
        } else {
            !subset || SUBSET.contains(&name)
        };
        is_spec && chosen
    });
    specs.sort();

    let out = root.join("target/corpus");
    let _ = fs::remove_dir_all(&out);
    fs::create_dir_all(&out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut rows = Vec::new();
    for spec in &specs {
        rows.push(generate(spec, &root, &out)?);
    }
    lint(&root, &out, &mut rows)?;
    if !args.iter().any(|a| a == "--no-examples") {
        check_examples(&root, &out, &specs, &mut rows)?;
    }
    print!("{}", table(&rows));
    print!("{}", defects(&rows));
    let failed = rows.iter().any(|r| {
        matches!(&r.outcome, Outcome::Generated { compile_errors, lint_warnings, examples, .. }
            if !compile_errors.is_empty() || !lint_warnings.is_empty()
                || examples.iter().any(|(_, v)| matches!(v, Verdict::GeneratorFault(_))))
    });
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn generate(spec: &Path, root: &Path, out: &Path) -> Result<Row> {
    let file = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_string();
    // The extension is part of the name: `param-overrides.json` and `.yaml` are two crates.
    let crate_name = format!("corpus-{}", file.replace('.', "-"));
    let text = fs::read_to_string(spec).with_context(|| format!("cannot read {}", spec.display()))?;
    let settings = Settings {
        // Errors name the spec as a user would type it: relative to the repository when inside.
        spec_path: spec.strip_prefix(root).unwrap_or(spec).display().to_string(),
        crate_name: Some(crate_name.clone()),
        command: "cargo xtask corpus".into(),
        ..Default::default()
    };
    let start = Instant::now();
    let result = generator::generate_crate(&text, &settings);
    let millis = start.elapsed().as_secs_f64() * 1000.0;
    let (operations, types, outcome) = match result {
        Err(e) => (0, 0, Outcome::Refused(e.to_string())),
        Ok(generated) => {
            let dir = out.join(&crate_name);
            for file in &generated.files {
                let path = dir.join(&file.path);
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::write(&path, &file.contents)?;
            }
            let outcome = Outcome::Generated {
                fallbacks: generated.fallbacks,
                streams: generated.streams,
                compile_errors: Vec::new(),
                lint_warnings: Vec::new(),
                examples: Vec::new(),
            };
            (generated.operations, generated.types, outcome)
        }
    };
    Ok(Row { spec: file, crate_name, operations, types, millis, outcome })
}

/// Lints every generated crate in one workspace and files each diagnostic under its crate.
fn lint(root: &Path, out: &Path, rows: &mut [Row]) -> Result<()> {
    let members: Vec<String> = rows
        .iter()
        .filter(|r| matches!(r.outcome, Outcome::Generated { .. }))
        .map(|r| format!("{:?}", r.crate_name))
        .collect();
    if members.is_empty() {
        return Ok(());
    }
    let manifest = format!("[workspace]\nresolver = \"3\"\nmembers = [{}]\n", members.join(", "));
    fs::write(out.join("Cargo.toml"), manifest)?;
    // Start from the project's lock file so the crates build against the versions it tests.
    let _ = fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(out)
        .args(["clippy", "--workspace", "--all-targets", "--keep-going", "--message-format", "short"])
        .env("CARGO_TARGET_DIR", root.join("target/corpus-build"))
        .output()
        .context("cannot run cargo clippy")?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    for line in stderr.lines() {
        let Some(row) = rows.iter_mut().find(|r| line.starts_with(&format!("{}/", r.crate_name))) else { continue };
        if let Outcome::Generated { compile_errors, lint_warnings, .. } = &mut row.outcome {
            if line.contains(": error") {
                compile_errors.push(line.to_string());
            } else if line.contains(": warning") {
                lint_warnings.push(line.to_string());
            }
        }
    }
    // A crate that failed without a line of its own (a failed dependency, say) still failed.
    if !output.status.success() {
        for row in rows.iter_mut() {
            let failed_line = format!("could not compile `{}`", row.crate_name);
            if let Outcome::Generated { compile_errors, .. } = &mut row.outcome
                && compile_errors.is_empty()
                && stderr.contains(&failed_line)
            {
                compile_errors.push(failed_line);
            }
        }
    }
    Ok(())
}

/// Adds the examples check to every crate that compiled, runs them in the lint workspace,
/// and files each verdict under its spec.
fn check_examples(root: &Path, out: &Path, specs: &[PathBuf], rows: &mut [Row]) -> Result<()> {
    let mut any = false;
    for (row, spec) in rows.iter_mut().zip(specs) {
        let Outcome::Generated { compile_errors, .. } = &row.outcome else { continue };
        if !compile_errors.is_empty() {
            continue;
        }
        let text = fs::read_to_string(spec)?;
        let settings = Settings {
            spec_path: row.spec.clone(),
            crate_name: Some(row.crate_name.clone()),
            command: String::new(),
            ..Default::default()
        };
        let Ok((files, module)) = generator::examples::harness(&text, &settings) else { continue };
        let dir = out.join(&row.crate_name);
        for file in &files {
            fs::write(dir.join(&file.path), &file.contents)?;
        }
        let mut lib = fs::read_to_string(dir.join("src/lib.rs"))?;
        lib.push_str(module);
        fs::write(dir.join("src/lib.rs"), lib)?;
        any = true;
    }
    if !any {
        return Ok(());
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(out)
        .args(["test", "--workspace", "--lib", "--no-fail-fast", "examples_check", "--", "--nocapture"])
        .env("CARGO_TARGET_DIR", root.join("target/corpus-build"))
        .output()
        .context("cannot run cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Some(checked) = generator::examples::read_line(line) else { continue };
        let Some(row) = rows.iter_mut().find(|r| r.crate_name == checked.crate_name) else { continue };
        if let Outcome::Generated { examples, .. } = &mut row.outcome {
            examples.push((checked.pointer, checked.verdict));
        }
    }
    if !output.status.success() {
        eprintln!("the examples check did not finish:\n{}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(())
}

/// The examples that break their own schema, and any the generator mishandles, by spec.
fn defects(rows: &[Row]) -> String {
    let mut out = String::new();
    for row in rows {
        let Outcome::Generated { examples, .. } = &row.outcome else { continue };
        let listed: Vec<String> = examples
            .iter()
            .filter_map(|(pointer, verdict)| match verdict {
                Verdict::SpecDefect(why) => Some(format!("- `{pointer}`: {why}")),
                Verdict::GeneratorFault(why) => Some(format!("- **generator fault** `{pointer}`: {why}")),
                _ => None,
            })
            .collect();
        if !listed.is_empty() {
            let _ = writeln!(out, "\n### `{}`\n\n{}", row.spec, listed.join("\n"));
        }
    }
    if out.is_empty() { out } else { format!("\n## Examples that break their own schema\n{out}") }
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | operations | types | generation | compiles | warnings | fallbacks | streams | examples: found / round trip / normalised / spec defects / generator faults | error when refused |\n|---|---:|---:|---:|---|---:|---:|---:|---|---|\n",
    );
    for row in rows {
        let examples = match &row.outcome {
            Outcome::Generated { examples, .. } => {
                let count = |f: fn(&Verdict) -> bool| examples.iter().filter(|(_, v)| f(v)).count();
                format!(
                    "{} / {} / {} / {} / {}",
                    examples.len(),
                    count(|v| *v == Verdict::RoundTrip),
                    count(|v| matches!(v, Verdict::Normalised(_))),
                    count(|v| matches!(v, Verdict::SpecDefect(_))),
                    count(|v| matches!(v, Verdict::GeneratorFault(_)))
                )
            }
            Outcome::Refused(_) => "-".into(),
        };
        let (compiles, warnings, fallbacks, streams, error) = match &row.outcome {
            Outcome::Refused(e) => {
                ("refused".to_string(), "-".to_string(), "-".to_string(), "-".to_string(), e.replace('|', "\\|"))
            }
            Outcome::Generated { fallbacks, streams, compile_errors, lint_warnings, examples: _ } => (
                if compile_errors.is_empty() {
                    "yes".into()
                } else {
                    format!("**no**: {}", compile_errors[0].replace('|', "\\|"))
                },
                lint_warnings.len().to_string(),
                fallbacks.to_string(),
                streams.to_string(),
                String::new(),
            ),
        };
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {:.0} ms | {} | {} | {} | {} | {} | {} |",
            row.spec, row.operations, row.types, row.millis, compiles, warnings, fallbacks, streams, examples, error
        );
    }
    out
}
