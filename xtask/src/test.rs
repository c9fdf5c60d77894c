//! `cargo xtask test`: the project's test command. It installs the Python tools some tests run
//! (pinned in `tests/requirements.txt`) into a virtualenv under `target/`, then runs
//! `cargo test --workspace` with `OPENAPI_PYTHON` pointing at that virtualenv, so a fresh
//! machine needs nothing but Rust and Python.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, ExitCode, Stdio};

use anyhow::{Context, Result, bail};

/// Help text for `cargo xtask test --help`.
pub const USAGE: &str = "\
Usage: cargo xtask test [ARGS...]

Installs the Python test tools from tests/requirements.txt into target/pytools (once, and again
when the file changes), then runs `cargo test --workspace ARGS...`.
";

/// Runs the test suite with the arguments that follow `test`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let root = crate::project_root();
    let python = ensure_pytools(&root)?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut totals = Totals::default();
    let mut success = true;
    // Examples are left out of the test build: every generated crate (the golden ones included,
    // which are workspace members as path dependencies) has a `stub_server` example, and building
    // them side by side makes their binaries collide. Clippy and CI's schemathesis step build them.
    for targets in [&["--lib", "--bins", "--tests"][..], &["--doc"][..]] {
        let mut child = Command::new(&cargo)
            .current_dir(&root)
            .args(["test", "--workspace"])
            .args(targets)
            .args(args)
            .env("OPENAPI_PYTHON", &python)
            .stdout(Stdio::piped())
            .spawn()
            .context("cannot run cargo test")?;
        if let Some(stdout) = child.stdout.take() {
            for line in BufReader::new(stdout).lines() {
                let line = line.context("cannot read cargo test output")?;
                println!("{line}");
                totals.add(&line);
            }
        }
        success &= child.wait().context("cannot wait for cargo test")?.success();
    }
    // One closing line for the whole run: cargo test ends with the last binary's own summary,
    // which is often a doc-test binary with nothing in it.
    println!("\ntests: {} passed, {} failed", totals.passed, totals.failed);
    Ok(if success { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Sums of the `test result:` lines of every test binary.
#[derive(Debug, Default, PartialEq, Eq)]
struct Totals {
    passed: u64,
    failed: u64,
}

impl Totals {
    fn add(&mut self, line: &str) {
        let Some(rest) = line.strip_prefix("test result: ") else { return };
        for part in rest.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(count), Some(what)) = (words.next(), words.next()) {
                let count: u64 = count.parse().unwrap_or(0);
                match what {
                    "passed" => self.passed += count,
                    "failed" => self.failed += count,
                    _ => {}
                }
            }
        }
    }
}

/// `cargo xtask pytools`: installs the Python test tools and prints the virtualenv's `bin/`.
pub fn pytools() -> Result<ExitCode> {
    let python = ensure_pytools(&crate::project_root())?;
    let bin = Path::new(&python).parent().map(|p| p.display().to_string()).unwrap_or_default();
    println!("{bin}");
    Ok(ExitCode::SUCCESS)
}

/// Creates or refreshes the virtualenv and returns its interpreter.
pub fn ensure_pytools(root: &Path) -> Result<String> {
    let requirements_file = root.join("tests/requirements.txt");
    let requirements = fs::read_to_string(&requirements_file)
        .with_context(|| format!("cannot read {}", requirements_file.display()))?;
    let venv = root.join("target/pytools");
    let python = venv.join("bin/python");
    let stamp = venv.join("requirements.installed");
    if python.exists() && fs::read_to_string(&stamp).is_ok_and(|s| s == requirements) {
        return Ok(python.display().to_string());
    }
    eprintln!("installing Python test tools into {}", venv.display());
    let system_python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    run_step(Command::new(&system_python).args(["-m", "venv"]).arg(&venv), "create the virtualenv")?;
    run_step(
        Command::new(&python)
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements_file),
        "install tests/requirements.txt",
    )?;
    fs::write(&stamp, requirements).with_context(|| format!("cannot write {}", stamp.display()))?;
    Ok(python.display().to_string())
}

fn run_step(command: &mut Command, what: &str) -> Result<()> {
    let status = command.status().with_context(|| format!("cannot {what}"))?;
    if !status.success() {
        bail!("could not {what} ({status})");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Totals;

    #[test]
    fn sums_every_test_binary() {
        let mut totals = Totals::default();
        totals.add("test result: ok. 13 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 1.37s");
        totals.add("test result: FAILED. 2 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.1s");
        totals.add("running 3 tests");
        assert_eq!(totals, Totals { passed: 15, failed: 1 });
    }
}
