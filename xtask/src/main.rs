//! Project automation, run as `cargo xtask <command>` through the alias in `.cargo/config.toml`.
//!
//! Each command lives in its own module. `main` only dispatches on the first argument, so a new
//! command (`test`, `corpus`, `bench`) is one more module and one more match arm.

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod bench;
mod codegen;
mod conformance;
mod corpus;

mod test;

use std::env;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  codegen   Regenerate generated/ from spec/openapi.yaml (`--check` only verifies)
  test      Install the Python test tools, then run `cargo test --workspace`
  corpus    Generate and lint a crate for every spec in specs/corpus/ (`--subset` for CI)
  conformance  Serve each spec's example stub and run schemathesis against it (`--subset` for CI)
  bench     Rerun the benchmarks of BENCHMARKS.md
  pytools   Install the Python test tools (tests/requirements.txt); print their bin/ directory
  help      Print this help, or a command's help with `help <command>`
";

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<ExitCode> {
    let args = match collect_args() {
        Ok(args) => args,
        Err(message) => return Ok(usage_error(&message, USAGE)),
    };
    let Some((command, rest)) = args.split_first() else {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    };
    match command.as_str() {
        "codegen" => codegen::run(rest),
        "test" => test::run(rest),
        "corpus" => corpus::run(rest),
        "conformance" => conformance::run(rest),
        "bench" => bench::run(rest),
        "pytools" => test::pytools(),
        "help" | "-h" | "--help" => Ok(help(rest.first().map(String::as_str))),
        other => Ok(usage_error(&format!("unknown command `{other}`"), USAGE)),
    }
}

/// Reads the arguments after the program name.
///
/// `env::args` panics on a non-UTF-8 argument; this turns that into a usage error instead.
fn collect_args() -> Result<Vec<String>, String> {
    env::args_os()
        .skip(1)
        .map(|arg| arg.into_string().map_err(|arg| format!("argument `{}` is not valid UTF-8", arg.to_string_lossy())))
        .collect()
}

fn help(command: Option<&str>) -> ExitCode {
    match command {
        None => print!("{USAGE}"),
        Some("codegen") => print!("{}", codegen::USAGE),
        Some("test") => print!("{}", test::USAGE),
        Some("corpus") => print!("{}", corpus::USAGE),
        Some("conformance") => print!("{}", conformance::USAGE),
        Some("bench") => print!("{}", bench::USAGE),
        Some(other) => return usage_error(&format!("unknown command `{other}`"), USAGE),
    }
    ExitCode::SUCCESS
}

/// Reports a malformed command line and returns exit code 2, the usual code for misuse.
pub fn usage_error(message: &str, usage: &str) -> ExitCode {
    eprintln!("error: {message}\n\n{usage}");
    ExitCode::from(2)
}

/// The real-world specs shipped with the repository (`specs/corpus/`, see its README).
pub const CORPUS: &str = "specs/corpus";

/// Takes `--specs DIR` out of `args`: the folder of specs a command reads, relative to the
/// current directory, or `specs/corpus/` of this repository when not given.
pub fn specs_dir(args: &[String]) -> Result<(PathBuf, Vec<String>), String> {
    let mut dir = None;
    let mut rest = Vec::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if arg == "--specs" {
            let value = args.next().ok_or("`--specs` needs a folder")?;
            dir = Some(PathBuf::from(value));
        } else if let Some(value) = arg.strip_prefix("--specs=") {
            dir = Some(PathBuf::from(value));
        } else {
            rest.push(arg.clone());
        }
    }
    Ok((dir.unwrap_or_else(|| project_root().join(CORPUS)), rest))
}

/// The workspace root: every path a command uses by default is relative to it, so
/// `cargo xtask` behaves the same from any working directory.
pub fn project_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The manifest directory is an absolute path inside the workspace, so it has a parent.
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}
