//! A bounded run of the fuzzing property in the normal test suite: specs mutated at random
//! (lines dropped, duplicated or swapped, characters changed) always give a crate or a clear
//! error naming the file, never a panic. The long run is the `cargo fuzz` target in `fuzz/`.

use proptest::prelude::*;
use std::panic::{AssertUnwindSafe, catch_unwind};

/// Small specs to mutate, read once.
fn seeds() -> Vec<String> {
    let mut specs: Vec<String> =
        ["petstore.yaml", "petstore-expanded.yaml", "progenitor-keeper.json", "uspto.yaml", "link-example.yaml"]
            .iter()
            .map(|name| std::fs::read_to_string(tests::corpus(name)).expect("corpus spec"))
            .collect();
    for fixture in ["constraints.yaml", "shapes.yaml", "auth.yaml"] {
        specs.push(std::fs::read_to_string(tests::root().join("tests/fixtures").join(fixture)).expect("fixture"));
    }
    specs.push(std::fs::read_to_string(tests::root().join("spec/openapi.yaml")).expect("spec"));
    specs
}

#[derive(Debug, Clone)]
enum Mutation {
    DropLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    ReplaceChar(usize, char),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DropLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (
            any::<usize>(),
            prop::sample::select(vec!['{', '}', '[', ':', '-', '"', '\'', '#', ' ', 'x', '0', '$', '\n', 'é'])
        )
            .prop_map(|(at, c)| Mutation::ReplaceChar(at, c)),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(spec: &str, mutations: &[Mutation]) -> String {
    let mut lines: Vec<String> = spec.lines().map(str::to_string).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match *m {
            Mutation::DropLine(i) => {
                lines.remove(i % n);
            }
            Mutation::DuplicateLine(i) => {
                let line = lines[i % n].clone();
                lines.insert(i % n, line);
            }
            Mutation::SwapLines(a, b) => lines.swap(a % n, b % n),
            Mutation::ReplaceChar(at, c) => {
                let line = &mut lines[at % n];
                let chars: Vec<char> = line.chars().collect();
                if !chars.is_empty() {
                    let i = (at / n) % chars.len();
                    *line = chars[..i].iter().chain(std::iter::once(&c)).chain(chars[i + 1..].iter()).collect();
                }
            }
            Mutation::Truncate(at) => lines.truncate(at % n),
        }
    }
    lines.join("\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_specs_give_a_crate_or_a_clear_error(seed in 0usize..9, mutations in prop::collection::vec(mutation(), 1..4)) {
        let specs = seeds();
        let spec = apply(&specs[seed % specs.len()], &mutations);
        let settings = generator::Settings {
            spec_path: "mutant.yaml".into(),
            crate_name: None,
            command: "cargo xtask codegen".into(), ..Default::default() };
        let outcome = catch_unwind(AssertUnwindSafe(|| generator::generate(&spec, &settings)));
        let Ok(result) = outcome else {
            return Err(TestCaseError::fail(format!("the generator panicked on:\n{spec}")));
        };
        match result {
            Ok(files) => prop_assert!(files.iter().any(|f| f.path == "src/lib.rs")),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(message.starts_with("mutant.yaml"), "{message}");
                prop_assert!(!message.contains("internal error"), "{message}\n{spec}");
            }
        }
    }
}
