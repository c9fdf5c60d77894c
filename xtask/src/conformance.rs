//! `cargo xtask conformance`: generates the crate of each spec, serves its example stub, runs
//! schemathesis (pinned in `tests/requirements.txt`) against it with every check, and prints a
//! table of operations, cases and failures by check.

use std::fmt::Write as _;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use generator::Settings;

/// Help text for `cargo xtask conformance --help`.
pub const USAGE: &str = "\
Usage: cargo xtask conformance [--specs DIR] [--subset] [--max-examples N] [SPEC...]

For every OpenAPI 3.0 or 3.1 spec in DIR (default: specs/corpus/; or only the SPECs named, or with
--subset the ones CI runs): generates its crate under target/conformance/, builds and serves its
example stub on a loopback port, runs schemathesis with every check (phases examples, coverage
and fuzzing; N examples per operation, default 15) and prints a table: spec, operations, test
cases, failures, and failures by check. Exits 1 when any check fails.

Out of scope: status-code conformance (ST103) for operations that document no status for a
request they refuse (no 400, 422, 4XX or default response: the server must still reject bad
input, with a status the spec does not name); the check is off for those operations only, and
the table's last column counts them. The stateful phase is not run (the example stub keeps no
state).
";

/// The specs CI runs: small, and passing every check (keeper's one failure is a `uint64`
/// schemathesis does not know; see the README). CI also runs schemathesis on the project spec,
/// with its bearer token.
const SUBSET: &[&str] = &["link-example.yaml", "petstore-expanded.yaml", "uspto.yaml"];

/// The bearer token the stubs accept and schemathesis sends.
const TOKEN: &str = "conformance-token";

struct Row {
    spec: String,
    outcome: std::result::Result<Report, String>,
}

#[derive(Default)]
struct Report {
    operations: u64,
    cases: u64,
    failures: Vec<(String, String, u64)>,
    /// Operations that document no status for a refused request: status-code conformance is
    /// not checked there (out of scope).
    out_of_scope: u64,
    errors: Vec<String>,
}

/// Runs `cargo xtask conformance` with the arguments that follow `conformance`.
pub fn run(args: &[String]) -> Result<ExitCode> {
    if args.iter().any(|a| a == "-h" || a == "--help") {
        print!("{USAGE}");
        return Ok(ExitCode::SUCCESS);
    }
    let (corpus, args) = match crate::specs_dir(args) {
        Ok(found) => found,
        Err(message) => return Ok(crate::usage_error(&message, USAGE)),
    };
    let mut max_examples = String::from("15");
    let mut named = Vec::new();
    let mut subset = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--subset" => subset = true,
            "--max-examples" => match rest.next() {
                Some(n) if n.parse::<u32>().is_ok() => max_examples = n.clone(),
                _ => return Ok(crate::usage_error("`--max-examples` needs a number", USAGE)),
            },
            other if other.starts_with("--") => {
                return Ok(crate::usage_error(&format!("unknown option `{other}`"), USAGE));
            }
            // A path names its file: `specs/corpus/x.yaml` and `x.yaml` are the same spec.
            name => named.push(Path::new(name).file_name().and_then(|n| n.to_str()).unwrap_or(name).to_string()),
        }
    }
    let root = crate::project_root();
    let python = crate::test::ensure_pytools(&root)?;
    let schemathesis = Path::new(&python).with_file_name("schemathesis");
    let mut specs: Vec<PathBuf> = fs::read_dir(&corpus)
        .with_context(|| format!("cannot list {}", corpus.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    specs.retain(|p| {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let chosen =
            if !named.is_empty() { named.iter().any(|n| n == name) } else { !subset || SUBSET.contains(&name) };
        (name.ends_with(".json") || name.ends_with(".yaml")) && chosen
    });
    specs.sort();
    let unknown: Vec<&String> = named
        .iter()
        .filter(|n| !specs.iter().any(|p| p.file_name().and_then(|f| f.to_str()) == Some(n.as_str())))
        .collect();
    if !unknown.is_empty() {
        let message = format!("no spec named {unknown:?} in {}", corpus.display());
        return Ok(crate::usage_error(&message, USAGE));
    }

    // Each spec's own folders are cleared when it runs, so that runs of different specs can
    // share the folder.
    let out = root.join("target/conformance");
    fs::create_dir_all(out.join("bin"))?;
    let mut rows = Vec::new();
    for spec in &specs {
        let file = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec").to_string();
        let outcome = check(&root, &out, spec, &schemathesis, &max_examples);
        rows.push(Row { spec: file, outcome });
    }
    print!("{}", table(&rows));
    let failed = rows.iter().any(|r| match &r.outcome {
        Ok(report) => !report.failures.is_empty() || !report.errors.is_empty(),
        Err(_) => false,
    });
    Ok(if failed { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// Generates, builds and serves one spec's stub and runs schemathesis against it; `Err` with
/// the reason when the spec is refused or the stub cannot be built.
fn check(root: &Path, out: &Path, spec: &Path, schemathesis: &Path, max_examples: &str) -> Result<Report, String> {
    let file = spec.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    let crate_name = format!("conformance-{}", file.replace('.', "-"));
    let text = fs::read_to_string(spec).map_err(|e| format!("cannot read the spec: {e}"))?;
    let settings = Settings {
        spec_path: spec.strip_prefix(root).unwrap_or(spec).display().to_string(),
        crate_name: Some(crate_name.clone()),
        command: "cargo xtask conformance".into(),
        ..Default::default()
    };
    let generated = generator::generate_crate(&text, &settings).map_err(|e| format!("refused: {e}"))?;
    let dir = out.join(&crate_name);
    let _ = fs::remove_dir_all(&dir);
    for file in &generated.files {
        let path = dir.join(&file.path);
        fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| e.to_string())?;
        fs::write(&path, &file.contents).map_err(|e| e.to_string())?;
    }
    let binary = build_stub(root, out, &crate_name).map_err(|e| format!("the stub does not build: {e:#}"))?;
    let port = free_port().map_err(|e| e.to_string())?;
    let mut stub = Stub(
        Command::new(&binary)
            .args(["--addr", &format!("127.0.0.1:{port}"), "--token", TOKEN])
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start the stub: {e}"))?,
    );
    wait_for(port).map_err(|e| e.to_string())?;
    let report_dir = out.join("reports").join(&crate_name);
    let _ = fs::remove_dir_all(&report_dir);
    // The credentials the spec asks for; the stub checks the bearer token and takes any
    // well-formed other credential.
    let mut auth: Vec<String> = Vec::new();
    for credential in &generated.credentials {
        match credential.split_once(':') {
            None if credential == "bearer" => {
                auth.extend(["--header".into(), format!("Authorization: Bearer {TOKEN}")])
            }
            // Basic and bearer both use `Authorization`; schemathesis takes one, bearer first.
            None if !generated.credentials.iter().any(|c| c == "bearer") => {
                auth.extend(["--auth".into(), format!("user:{TOKEN}")])
            }
            None => {}
            Some(("header", name)) => auth.extend(["--header".into(), format!("{name}: {TOKEN}")]),
            Some(_) => {}
        }
    }
    // Status-code conformance is out of scope where an operation documents no status for a
    // request it refuses: schemathesis is told to skip that check there, and only there.
    let config = out.join("reports").join(format!("{crate_name}.toml"));
    fs::create_dir_all(out.join("reports")).map_err(|e| e.to_string())?;
    fs::write(&config, schemathesis_config(&generated.without_error_responses)).map_err(|e| e.to_string())?;
    fs::create_dir_all(&report_dir).map_err(|e| e.to_string())?;
    let log = fs::File::create(report_dir.join("schemathesis.log")).map_err(|e| e.to_string())?;
    let status = Command::new(schemathesis)
        .arg("--config-file")
        .arg(&config)
        .arg("run")
        .arg(spec)
        .args(["--url", &format!("http://127.0.0.1:{port}")])
        // Every check runs (schemathesis 4's default): `--checks all` on the command line would
        // override the configuration's per-operation exceptions.
        .args(["--phases", "examples,coverage,fuzzing", "--max-examples", max_examples])
        .args(&auth)
        .args(["--report", "json", "--report-dir"])
        .arg(&report_dir)
        .args(["--no-color", "--generation-deterministic"])
        // Its console report names each failing case with a `curl` line to reproduce it.
        .stdout(log)
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run schemathesis: {e}"))?;
    stub.stop();
    let report = fs::read_dir(&report_dir)
        .ok()
        .and_then(|entries| entries.flatten().map(|e| e.path()).find(|p| p.extension().is_some_and(|e| e == "json")))
        .ok_or_else(|| format!("schemathesis wrote no report ({status})"))?;
    read_report(&report, generated.without_error_responses.len() as u64).map_err(|e| format!("{e:#}"))
}

/// Kills the stub when dropped, so a failing run leaves no server behind.
struct Stub(Child);

impl Stub {
    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Builds the crate's `stub_server` example (one crate at a time, so that the examples of
/// different crates do not overwrite each other) and returns a copy of the binary.
fn build_stub(root: &Path, out: &Path, crate_name: &str) -> Result<PathBuf> {
    let manifest = out.join(crate_name).join("Cargo.toml");
    let mut text = fs::read_to_string(&manifest)?;
    if !text.contains("[workspace]") {
        text.push_str("\n[workspace]\n");
        fs::write(&manifest, text)?;
    }
    let _ = fs::copy(root.join("Cargo.lock"), out.join(crate_name).join("Cargo.lock"));
    let target = root.join("target/conformance-build");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        .current_dir(out.join(crate_name))
        .args(["build", "--quiet", "--example", "stub_server"])
        .env("CARGO_TARGET_DIR", &target)
        // Each crate is built once: incremental state would only fill the disk.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .context("cannot run cargo build")?;
    if !output.status.success() {
        bail!("{}", String::from_utf8_lossy(&output.stderr));
    }
    let binary = out.join("bin").join(crate_name);
    fs::copy(target.join("debug/examples/stub_server"), &binary)?;
    // The dependencies stay for the next spec; this crate's artifacts (gigabytes for GitHub's
    // and Stripe's) go.
    let _ = Command::new(&cargo)
        .current_dir(out.join(crate_name))
        .args(["clean", "--quiet", "-p", crate_name])
        .env("CARGO_TARGET_DIR", &target)
        .status();
    Ok(binary)
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?.local_addr()?.port())
}

fn wait_for(port: u16) -> Result<()> {
    let start = Instant::now();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    while start.elapsed() < Duration::from_secs(30) {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    bail!("the stub did not listen on port {port}")
}

/// A schemathesis configuration that turns status-code conformance off for `operations`
/// (named `GET /pets`, as schemathesis names them).
fn schemathesis_config(operations: &[String]) -> String {
    if operations.is_empty() {
        return String::new();
    }
    // JSON strings are TOML basic strings.
    let names: Vec<String> = operations.iter().map(|o| serde_json::Value::from(o.as_str()).to_string()).collect();
    format!("[[operations]]\ninclude-name = [{}]\nchecks.status_code_conformance.enabled = false\n", names.join(", "))
}

/// The numbers of a schemathesis JSON report.
fn read_report(path: &Path, out_of_scope: u64) -> Result<Report> {
    let json: serde_json::Value = serde_json::from_str(&fs::read_to_string(path)?)?;
    let mut failures = Vec::new();
    for group in json["failures"].as_array().into_iter().flatten() {
        let text = |k: &str| group[k].as_str().unwrap_or("").to_string();
        failures.push((text("code"), text("title"), group["count"].as_u64().unwrap_or(0)));
    }
    let errors = json["errors"]
        .as_array()
        .map(|e| e.iter().map(|e| e["title"].as_str().unwrap_or("").to_string()).collect())
        .unwrap_or_default();
    Ok(Report {
        operations: json["operations"]["tested"].as_u64().unwrap_or(0),
        cases: json["test_cases"]["generated"].as_u64().unwrap_or(0),
        failures,
        out_of_scope,
        errors,
    })
}

fn table(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | operations | cases | failures | by check | status check off |\n|---|---:|---:|---:|---|---:|\n",
    );
    for row in rows {
        let _ = match &row.outcome {
            Ok(report) => {
                let total: u64 = report.failures.iter().map(|(_, _, n)| n).sum();
                let mut by_check: Vec<String> =
                    report.failures.iter().map(|(code, title, n)| format!("{n} {code} {title}")).collect();
                by_check.extend(report.errors.iter().map(|e| format!("error: {e}")));
                writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    row.spec,
                    report.operations,
                    report.cases,
                    total,
                    by_check.join("; ").replace('|', "\\|"),
                    report.out_of_scope
                )
            }
            Err(why) => writeln!(
                out,
                "| `{}` | - | - | - | {} | - |",
                row.spec,
                why.lines().next().unwrap_or("").replace('|', "\\|")
            ),
        };
    }
    out
}
