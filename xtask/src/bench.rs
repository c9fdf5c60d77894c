//! `cargo xtask bench`: reruns every benchmark of BENCHMARKS.md and prints its tables.
//!
//! Generation: wall time and peak memory (GNU `time`) of the release generator, and of the peers
//! when installed (`cargo-progenitor`, `openapi-generator-cli` on PATH or in `OAG`), best of
//! three runs each. Compile cost: cold `cargo check` and `cargo build` of generated crates, each
//! in a fresh target directory. Runtime: the `bench` binary (release).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{Context, Result, bail};

/// Help text for `cargo xtask bench --help`.
pub const USAGE: &str = "\
Usage: cargo xtask bench [--specs DIR] [size|check|generation|compile|runtime]...

Runs the benchmarks recorded in BENCHMARKS.md (all five groups by default) and prints their
tables. `check`: `cargo check` of the generated crate alone (its dependencies built first), for
incident-io.json's whole crate and nexus' client, ours against the baseline generator's and,
when `cargo-progenitor` is installed, progenitor's nexus crate, in five interleaved rounds (best
and median); then every corpus spec's whole crate, once each. `size`: the generated lines of every corpus spec (whole crate, per operation, client
and models only), next to what the generator of commit BASELINE (the last before the lean-code
work) wrote for the same spec, built from a git worktree under target/bench/. The real-world specs (incident-io.json, github-api.json, stripe-spec3.yaml,
progenitor-nexus.json) are read from DIR, by default specs/corpus/ of this repository. Peers
are measured when installed: `cargo install cargo-progenitor`, and `pip install
openapi-generator-cli` (set OAG to its executable if it is not on PATH).
";

const RUNS: usize = 5;

/// The generator whose output the `size` group compares with: the last commit before the
/// lean-code work (issue 14).
const BASELINE: &str = "bac1fef";

/// Runs `cargo xtask bench` with the arguments that follow `bench`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let (corpus, args) = match crate::specs_dir(args) {
        Ok(found) => found,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    let all = args.is_empty();
    let wants = |group: &str| all || args.iter().any(|a| a == group);
    let root = crate::project_root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let work = root.join("target/bench");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    status(Command::new(&cargo).current_dir(&root).args([
        "build",
        "--release",
        "--quiet",
        "-p",
        "xtask",
        "-p",
        "bench",
    ]))?;
    if wants("size") {
        size(&root, &corpus, &work, &cargo)?;
    }
    if wants("check") {
        check(&root, &corpus, &work, &cargo)?;
    }
    if wants("generation") {
        generation(&root, &corpus, &work)?;
    }
    if wants("compile") {
        compile(&root, &corpus, &work, &cargo)?;
    }
    if wants("runtime") {
        println!("\n## Runtime\n");
        status(Command::new(root.join("target/release/bench")).args(["2", "32", "9"]))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn status(command: &mut Command) -> Result<()> {
    let status = command.status().with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed ({status})");
    }
    Ok(())
}

/// Best wall time (seconds) and its peak resident memory (MiB) over `RUNS` runs.
fn measure(program: &str, args: &[String], dir: &Path) -> Result<(f64, f64)> {
    let mut best: Option<(f64, f64)> = None;
    for run in 0..RUNS {
        let out = dir.join(format!("run{run}"));
        let _ = fs::remove_dir_all(&out);
        let args: Vec<String> = args.iter().map(|a| a.replace("{out}", &out.display().to_string())).collect();
        let report = dir.join("time.txt");
        let start = Instant::now();
        let status = Command::new("/usr/bin/time")
            .arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&report)
            .arg(program)
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("cannot run {program} (is GNU time installed?)"))?;
        let seconds = start.elapsed().as_secs_f64();
        if !status.success() {
            bail!("{program} {args:?} failed ({status})");
        }
        let kib: f64 = fs::read_to_string(&report)?.trim().lines().last().unwrap_or("0").trim().parse().unwrap_or(0.0);
        let this = (seconds, kib / 1024.0);
        if best.is_none_or(|(s, _)| this.0 < s) {
            best = Some(this);
        }
    }
    Ok(best.unwrap_or_default())
}

fn on_path(program: &str) -> Option<String> {
    let found = Command::new("sh").arg("-c").arg(format!("command -v {program}")).output().ok()?;
    found.status.success().then(|| String::from_utf8_lossy(&found.stdout).trim().to_string())
}

fn generation(root: &Path, corpus: &Path, work: &Path) -> Result<()> {
    let xtask = root.join("target/release/xtask").display().to_string();
    let specs: Vec<(&str, PathBuf)> = vec![
        ("rotate (spec/openapi.yaml)", root.join("spec/openapi.yaml")),
        ("incident-io.json", corpus.join("incident-io.json")),
        ("github-api.json", corpus.join("github-api.json")),
        ("stripe-spec3.yaml", corpus.join("stripe-spec3.yaml")),
        ("progenitor-nexus.json", corpus.join("progenitor-nexus.json")),
    ];
    println!("## Generation (best of {RUNS})\n");
    println!("| spec | this generator | peak memory |\n|---|---:|---:|");
    let mut ours = std::collections::BTreeMap::new();
    for (name, spec) in &specs {
        let args = vec!["codegen".into(), "--spec".into(), spec.display().to_string(), "--out".into(), "{out}".into()];
        let (seconds, mib) = measure(&xtask, &args, work)?;
        ours.insert(*name, seconds);
        println!("| `{name}` | {:.3} s | {mib:.0} MiB |", seconds);
    }
    println!(
        "\n| peer | spec | peer time | peer memory | this generator | ratio (peer / this) |\n|---|---|---:|---:|---:|---:|"
    );
    match on_path("cargo-progenitor") {
        Some(progenitor) => {
            let spec = corpus.join("progenitor-nexus.json").display().to_string();
            let args = vec![
                "progenitor".into(),
                "-i".into(),
                spec,
                "-o".into(),
                "{out}".into(),
                "-n".into(),
                "nexus".into(),
                "-v".into(),
                "0.1.0".into(),
            ];
            let (seconds, mib) = measure(&progenitor, &args, work)?;
            let this = ours["progenitor-nexus.json"];
            println!(
                "| progenitor 0.15 | `progenitor-nexus.json` | {seconds:.3} s | {mib:.0} MiB | {this:.3} s | {:.1}x |",
                seconds / this
            );
        }
        None => println!("| progenitor | - | not installed (`cargo install cargo-progenitor`) | | | |"),
    }
    let oag = std::env::var("OAG").ok().or_else(|| on_path("openapi-generator-cli"));
    match oag {
        Some(oag) => {
            for generator in ["rust", "rust-axum"] {
                let spec = corpus.join("incident-io.json").display().to_string();
                let args = vec![
                    "generate".into(),
                    "-i".into(),
                    spec,
                    "-g".into(),
                    generator.into(),
                    "-o".into(),
                    "{out}".into(),
                ];
                let (seconds, mib) = measure(&oag, &args, work)?;
                let this = ours["incident-io.json"];
                println!(
                    "| openapi-generator `{generator}` | `incident-io.json` | {seconds:.3} s | {mib:.0} MiB | {this:.3} s | {:.1}x |",
                    seconds / this
                );
            }
        }
        None => println!("| openapi-generator | - | not installed (`pip install openapi-generator-cli`) | | | |"),
    }
    Ok(())
}

/// Lines of Rust in a generated crate.
fn rust_lines(dir: &Path) -> usize {
    crate_lines(&read_crate(dir)).0
}

/// Wall and CPU (user + system, every process included) seconds of one cold cargo command
/// (fresh target directory) in `dir`.
fn cold(cargo: &str, dir: &Path, args: &[&str]) -> Result<(f64, f64)> {
    let target = dir.join("target");
    let _ = fs::remove_dir_all(&target);
    let report = dir.join("cpu.txt");
    let start = Instant::now();
    status(
        Command::new("/usr/bin/time")
            .args(["-f", "%U %S", "-o"])
            .arg(&report)
            .arg(cargo)
            .current_dir(dir)
            .args(args)
            .env("CARGO_TARGET_DIR", &target)
            .stdout(Stdio::null())
            .stderr(Stdio::null()),
    )?;
    let wall = start.elapsed().as_secs_f64();
    let text = fs::read_to_string(&report)?;
    let cpu = text.lines().last().unwrap_or("").split_whitespace().filter_map(|t| t.parse::<f64>().ok()).sum();
    Ok((wall, cpu))
}

fn standalone(dir: &Path, root: &Path) -> Result<()> {
    let manifest = dir.join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        fs::write(&manifest, text)?;
    }
    let _ = fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"));
    Ok(())
}

fn compile(root: &Path, corpus: &Path, work: &Path, cargo: &str) -> Result<()> {
    let xtask = root.join("target/release/xtask");
    println!("\n## Compile cost (cold: fresh target directory, dependencies included)\n");
    println!(
        "Wall time, and in brackets CPU time (user + system of every process), which on two cores\nvaries less than wall time.\n"
    );
    println!(
        "| crate | lines of Rust | `cargo check` | `cargo build` | `cargo build`, client only | `cargo build`, server only |\n|---|---:|---:|---:|---:|---:|"
    );
    let cell = |(wall, cpu): (f64, f64)| format!("{wall:.1} s ({cpu:.1} s)");
    for (name, spec) in
        [("rotate", root.join("spec/openapi.yaml")), ("incident-io.json", corpus.join("incident-io.json"))]
    {
        let dir = work.join(format!("crate-{}", name.replace('.', "-")));
        status(
            Command::new(&xtask).args(["codegen", "--spec"]).arg(&spec).arg("--out").arg(&dir).stdout(Stdio::null()),
        )?;
        standalone(&dir, root)?;
        let check = cold(cargo, &dir, &["check"])?;
        let build = cold(cargo, &dir, &["build"])?;
        let client = cold(cargo, &dir, &["build", "--no-default-features", "--features", "client"])?;
        let server = cold(cargo, &dir, &["build", "--no-default-features", "--features", "server"])?;
        println!(
            "| this generator: `{name}` | {} | {} | {} | {} | {} |",
            rust_lines(&dir),
            cell(check),
            cell(build),
            cell(client),
            cell(server)
        );
    }
    if let Some(progenitor) = on_path("cargo-progenitor") {
        let dir = work.join("progenitor-rotate");
        status(
            Command::new(progenitor)
                .args(["progenitor", "-i"])
                .arg(root.join("spec/openapi.yaml"))
                .arg("-o")
                .arg(&dir)
                .args(["-n", "rotate-progenitor", "-v", "0.1.0"])
                .stdout(Stdio::null()),
        )?;
        standalone(&dir, root)?;
        let check = cold(cargo, &dir, &["check"])?;
        let build = cold(cargo, &dir, &["build"])?;
        println!(
            "| progenitor: `rotate` (client only) | {} | {} | {} | - | - |",
            rust_lines(&dir),
            cell(check),
            cell(build)
        );
    }
    Ok(())
}

/// Lines of the generated crate's Rust, in total and for the client and models alone (what
/// progenitor generates): `(whole, client + models)`.
fn crate_lines(files: &[(String, String)]) -> (usize, usize) {
    let rust = files.iter().filter(|(path, _)| path.ends_with(".rs"));
    let whole: usize = rust.clone().map(|(_, text)| text.lines().count()).sum();
    // Everything but the server, its support and the stub example.
    let client: usize = rust
        .filter(|(path, _)| !path.contains("server") && !path.contains("multipart") && !path.starts_with("examples/"))
        .map(|(_, text)| text.lines().count())
        .sum();
    (whole, client)
}

/// The text files of a crate written under `dir`, as `(relative path, text)`; its `target`
/// folder left out.
fn read_crate(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        let Ok(entries) = fs::read_dir(&current) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_none_or(|n| n != "target") {
                stack.push(path);
            } else if let Ok(text) = fs::read_to_string(&path) {
                let relative = path.strip_prefix(dir).unwrap_or(&path).display().to_string();
                files.push((relative, text));
            }
        }
    }
    files
}

/// The `xtask` binary of the baseline generator, built once from a git worktree.
fn baseline_xtask(root: &Path, cargo: &str) -> Result<PathBuf> {
    let source = root.join("target/bench-baseline/src");
    let target = root.join("target/bench-baseline/target");
    if !source.join("Cargo.toml").exists() {
        let _ = fs::remove_dir_all(&source);
        status(
            Command::new("git")
                .current_dir(root)
                .args(["worktree", "add", "--force", "--detach"])
                .arg(&source)
                .arg(BASELINE),
        )?;
    }
    status(
        Command::new(cargo)
            .current_dir(&source)
            .args(["build", "--release", "--quiet", "-p", "xtask"])
            .env("CARGO_TARGET_DIR", &target),
    )?;
    Ok(target.join("release/xtask"))
}

fn size(root: &Path, corpus: &Path, work: &Path, cargo: &str) -> Result<()> {
    let baseline = baseline_xtask(root, cargo)?;
    let mut specs: Vec<PathBuf> = fs::read_dir(corpus)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.sort();
    println!("\n## Generated lines (every `.rs` file of the crate)\n");
    println!("Baseline: the generator of commit {BASELINE}, before the lean-code work.\n");
    println!(
        "| spec | operations | lines | lines per operation | client + models | baseline lines | baseline per operation | baseline client + models |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let (mut total_ops, mut total_lines, mut total_base) = (0, 0, 0);
    for spec in &specs {
        let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
        let text = fs::read_to_string(spec)?;
        let settings = generator::Settings {
            spec_path: spec.strip_prefix(root).unwrap_or(spec).display().to_string(),
            crate_name: None,
            command: "cargo xtask bench".into(),
            ..Default::default()
        };
        let Ok(generated) = generator::generate_crate(&text, &settings) else {
            println!("| `{name}` | - | refused | | | | | |");
            continue;
        };
        let files: Vec<(String, String)> =
            generated.files.iter().map(|f| (f.path.clone(), f.contents.clone())).collect();
        let ops = generated.operations;
        let (whole, client) = crate_lines(&files);
        let out = work.join(format!("baseline-{}", name.replace('.', "-")));
        let _ = fs::remove_dir_all(&out);
        let per = |lines: usize| lines.checked_div(ops).map_or_else(|| "-".to_string(), |n| n.to_string());
        // The baseline refuses what it could not read (OpenAPI 3.1): no comparison, and the
        // totals compare the specs both generate.
        let base = Command::new(&baseline)
            .args(["codegen", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(&out)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .with_context(|| format!("cannot run {}", baseline.display()))?;
        if !base.success() {
            println!("| `{name}` | {ops} | {whole} | {} | {client} | refused | | |", per(whole));
            continue;
        }
        let (base_whole, base_client) = crate_lines(&read_crate(&out));
        println!(
            "| `{name}` | {ops} | {whole} | {} | {client} | {base_whole} | {} | {base_client} |",
            per(whole),
            per(base_whole)
        );
        total_ops += ops;
        total_lines += whole;
        total_base += base_whole;
    }
    if let (Some(per), Some(base_per)) = (total_lines.checked_div(total_ops), total_base.checked_div(total_ops)) {
        println!("| all | {total_ops} | {total_lines} | {per} | | {total_base} | {base_per} | |");
    }
    Ok(())
}

/// A generated crate ready to be checked alone: its dependencies are already checked in
/// `target`, which crates may share so that their dependencies are built once.
struct Checked<'a> {
    label: String,
    dir: PathBuf,
    target: PathBuf,
    name: String,
    args: &'a [&'a str],
}

impl<'a> Checked<'a> {
    fn prepare(cargo: &str, label: String, dir: PathBuf, target: PathBuf, args: &'a [&'a str]) -> Result<Self> {
        let name = fs::read_to_string(dir.join("Cargo.toml"))?
            .lines()
            .find_map(|l| l.strip_prefix("name = ").map(|n| n.trim_matches('"').to_string()))
            .context("the crate has no name")?;
        let checked = Checked { label, dir, target, name, args };
        checked.cargo(cargo, &checked.check_args())?;
        Ok(checked)
    }

    fn check_args(&self) -> Vec<&str> {
        std::iter::once("check").chain(self.args.iter().copied()).collect()
    }

    fn cargo(&self, cargo: &str, args: &[&str]) -> Result<()> {
        status(
            Command::new(cargo)
                .current_dir(&self.dir)
                .args(args)
                .env("CARGO_TARGET_DIR", &self.target)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )
    }

    /// Seconds of one `cargo check` of the crate alone (cleaned first).
    fn time(&self, cargo: &str) -> Result<f64> {
        self.cargo(cargo, &["clean", "-p", &self.name])?;
        let start = Instant::now();
        self.cargo(cargo, &self.check_args())?;
        Ok(start.elapsed().as_secs_f64())
    }
}

/// Times of `rounds` checks of each crate. The rounds interleave the crates (one check of
/// each, then again) so that a machine whose load drifts slows them all alike: three checks
/// of one crate in a row, then three of the next, compared the load of two moments.
fn interleaved(cargo: &str, crates: &[Checked], rounds: usize) -> Result<Vec<Vec<f64>>> {
    let mut times = vec![Vec::new(); crates.len()];
    for _ in 0..rounds {
        for (checked, times) in crates.iter().zip(&mut times) {
            times.push(checked.time(cargo)?);
        }
    }
    Ok(times)
}

fn best(times: &[f64]) -> f64 {
    times.iter().copied().fold(f64::MAX, f64::min)
}

fn median(times: &[f64]) -> f64 {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

const ROUNDS: usize = 5;

fn check(root: &Path, corpus: &Path, work: &Path, cargo: &str) -> Result<()> {
    let baseline = baseline_xtask(root, cargo)?;
    let current = root.join("target/release/xtask");
    let client: &[&str] = &["--no-default-features", "--features", "client"];
    let cases: [(&str, &str, &Path, &[&str]); 4] = [
        ("incident-io.json", "this generator", &current, &[]),
        ("incident-io.json", "baseline (bac1fef)", &baseline, &[]),
        ("progenitor-nexus.json", "this generator", &current, client),
        ("progenitor-nexus.json", "baseline (bac1fef)", &baseline, client),
    ];
    let mut crates = Vec::new();
    let mut rows = Vec::new();
    for (spec, who, xtask, args) in cases {
        let dir = work.join(format!("check-{}-{}", spec.replace('.', "-"), who.split(' ').next().unwrap_or("x")));
        let _ = fs::remove_dir_all(&dir);
        status(
            Command::new(xtask)
                .args(["codegen", "--spec"])
                .arg(corpus.join(spec))
                .arg("--out")
                .arg(&dir)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
        )?;
        standalone(&dir, root)?;
        let features = if args.is_empty() { "default" } else { "client" };
        rows.push(format!("| {who}: `{spec}` | {features} | {} |", rust_lines(&dir)));
        crates.push(Checked::prepare(cargo, format!("{who} {spec}"), dir.clone(), dir.join("target"), args)?);
    }
    match on_path("cargo-progenitor") {
        Some(progenitor) => {
            let dir = work.join("check-progenitor-nexus");
            let _ = fs::remove_dir_all(&dir);
            status(
                Command::new(progenitor)
                    .args(["progenitor", "-i"])
                    .arg(corpus.join("progenitor-nexus.json"))
                    .arg("-o")
                    .arg(&dir)
                    .args(["-n", "nexus-progenitor", "-v", "0.1.0"])
                    .stdout(Stdio::null()),
            )?;
            standalone(&dir, root)?;
            rows.push(format!("| progenitor: `progenitor-nexus.json` | client | {} |", rust_lines(&dir)));
            crates.push(Checked::prepare(cargo, "progenitor nexus".into(), dir.clone(), dir.join("target"), &[])?);
        }
        None => eprintln!("progenitor: not installed (`cargo install cargo-progenitor`), left out"),
    }
    let times = interleaved(cargo, &crates, ROUNDS)?;
    println!(
        "\n## `cargo check` of the generated crate alone (dependencies built first; {ROUNDS} interleaved rounds)\n"
    );
    println!("| crate | features | lines of Rust | best | median |\n|---|---|---:|---:|---:|");
    for ((row, checked), times) in rows.iter().zip(&crates).zip(&times) {
        println!("{row} {:.1} s | {:.1} s |", best(times), median(times));
        eprintln!("{}: {times:.1?}", checked.label);
    }
    corpus_check(root, corpus, work, cargo, &current)
}

/// `cargo check` of every corpus spec's whole crate (default features), once each, the
/// dependencies built once in a shared target directory.
fn corpus_check(root: &Path, corpus: &Path, work: &Path, cargo: &str, xtask: &Path) -> Result<()> {
    let mut specs: Vec<PathBuf> = fs::read_dir(corpus)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
        .collect();
    specs.sort();
    println!("\n## `cargo check` of every corpus crate alone (default features, dependencies built first; one run)\n");
    println!("| spec | operations | lines of Rust | lines per operation | `cargo check` |\n|---|---:|---:|---:|---:|");
    let target = work.join("check-corpus-target");
    for spec in &specs {
        let name = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
        let dir = work.join(format!("check-corpus-{}", name.replace('.', "-")));
        let _ = fs::remove_dir_all(&dir);
        let generated = Command::new(xtask)
            .args(["codegen", "--spec"])
            .arg(spec)
            .arg("--out")
            .arg(&dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()?;
        if !generated.success() {
            println!("| `{name}` | - | refused | | |");
            continue;
        }
        let text = fs::read_to_string(spec)?;
        let settings = generator::Settings {
            spec_path: name.to_string(),
            crate_name: None,
            command: "cargo xtask bench".into(),
            ..Default::default()
        };
        let ops = generator::generate_crate(&text, &settings).map(|g| g.operations).unwrap_or(0);
        standalone(&dir, root)?;
        let seconds = Checked::prepare(cargo, name.to_string(), dir.clone(), target.clone(), &[])?.time(cargo)?;
        let lines = rust_lines(&dir);
        let per = lines.checked_div(ops).map_or_else(|| "-".to_string(), |n| n.to_string());
        println!("| `{name}` | {ops} | {lines} | {per} | {seconds:.1} s |");
    }
    Ok(())
}
