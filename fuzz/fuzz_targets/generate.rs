//! Spec bytes in, a crate or an error out: the generator must never panic, hang or produce a
//! crate without its root module, whatever it is fed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let settings = generator::Settings {
        spec_path: "fuzz.yaml".into(),
        crate_name: None,
        command: "cargo fuzz".into(),
        ..Default::default()
    };
    match generator::generate(text, &settings) {
        Ok(files) => assert!(files.iter().any(|f| f.path == "src/lib.rs")),
        Err(e) => assert!(e.to_string().starts_with("fuzz.yaml"), "{e}"),
    }
});
