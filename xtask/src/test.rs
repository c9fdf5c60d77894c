//! `cargo xtask test`: the project's test command. It installs the Python tools some tests run
//! (pinned in `tests/requirements.txt`) into a virtualenv under `target/`, then runs
//! `cargo test --workspace` with `OPENAPI_PYTHON` pointing at that virtualenv, so a fresh
//! machine needs nothing but Rust and Python.

use std::fs;
use std::path::Path;
use std::process::{Command, ExitCode};

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
    let status = Command::new(cargo)
        .current_dir(&root)
        .args(["test", "--workspace"])
        .args(args)
        .env("OPENAPI_PYTHON", &python)
        .status()
        .context("cannot run cargo test")?;
    Ok(if status.success() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Creates or refreshes the virtualenv and returns its interpreter.
fn ensure_pytools(root: &Path) -> Result<String> {
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
