//! The generator from a team's own `xtask` (or `build.rs`): read the spec and a configuration,
//! generate in memory, write the files. `openapi-rust-gen` does the same with a diff-based sync.
//!
//! ```text
//! cargo run -p generator --example team_xtask -- spec/openapi.yaml target/team-sdk [config.toml]
//! ```

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [spec, out, rest @ ..] = args.as_slice() else {
        return Err("usage: team_xtask SPEC OUT [CONFIG]".into());
    };
    let mut settings =
        generator::Settings { spec_path: spec.clone(), command: "cargo xtask sdk".into(), ..Default::default() };
    if let Some(config) = rest.first() {
        settings.config = generator::Config::parse(&std::fs::read_to_string(config)?, config)?;
        // Overlays are named relative to the configuration file.
        let folder = Path::new(config).parent().unwrap_or(Path::new(""));
        for overlay in &settings.config.overlays {
            let text = std::fs::read_to_string(folder.join(overlay.get_ref()))?;
            settings.overlays.push(generator::Source { name: overlay.get_ref().clone(), text });
        }
    }
    // Files the spec refers to (`$ref: schemas/pet.yaml`) are read relative to it.
    let folder = Path::new(spec).parent().unwrap_or(Path::new(""));
    let mut read = |path: &str| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
    let generated = generator::generate_crate_from_files(&std::fs::read_to_string(spec)?, &settings, &mut read)?;
    for warning in &generated.warnings {
        eprintln!("warning: {warning}");
    }
    for file in &generated.files {
        let path = Path::new(out).join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap_or(Path::new(out)))?;
        std::fs::write(path, &file.contents)?;
    }
    println!("wrote {} files for {} operations to {out}", generated.files.len(), generated.operations);
    Ok(())
}
