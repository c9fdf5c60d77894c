//! `openapi-rust-gen`: generates a Rust crate (serde models, a reqwest client, an axum server)
//! from an OpenAPI spec, from any folder. See the repository's README for the configuration file.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use generator::Settings;
use openapi_rust_gen::{Job, label, shell_quote};

#[derive(Parser)]
#[command(name = "openapi-rust-gen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate the crate of a spec into a directory, or check that the directory is current.
    Generate(Generate),
}

#[derive(Args)]
struct Generate {
    /// The spec's root file (YAML or JSON; files it refers to are read relative to it).
    #[arg(long, value_name = "FILE")]
    spec: PathBuf,
    /// The generated crate's directory; only files whose contents change are written.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// A configuration file (TOML): package, filter, renames, overlays.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The generated package's name (over the configuration's; default: from `info.title`).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Write nothing: print a diff and exit 1 when the directory is out of date.
    #[arg(long)]
    check: bool,
}

fn main() -> ExitCode {
    let Command::Generate(args) = Cli::parse().command;
    match generate(args) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn generate(args: Generate) -> anyhow::Result<ExitCode> {
    let Generate { spec, out, config, crate_name, check } = args;
    let spec_shown = spec.to_string_lossy().into_owned();
    let out_shown = out.to_string_lossy().into_owned();
    // The command that reproduces this run, quoted into every generated header.
    let mut command =
        format!("openapi-rust-gen generate --spec {} --out {}", shell_quote(&spec_shown), shell_quote(&out_shown));
    if let Some(config) = &config {
        command.push_str(&format!(" --config {}", shell_quote(&config.to_string_lossy())));
    }
    if let Some(name) = &crate_name {
        command.push_str(&format!(" --crate-name {}", shell_quote(name)));
    }
    let mut job = Job {
        spec_file: spec,
        out_dir: out,
        out_label: label(&out_shown),
        settings: Settings { spec_path: spec_shown, crate_name, command, ..Default::default() },
        check,
    };
    if let Some(config) = &config {
        job.configure(config, &config.to_string_lossy())?;
    }
    openapi_rust_gen::run(&[job])
}
