//! Checks a spec's examples against the crate generated from it: every example (a schema's
//! `example`, a media type's `example` and `examples`, a parameter's) is decoded through the
//! Rust type the generator chose for its place, encoded again and compared with the original,
//! and the generated validation is run on it.
//!
//! [`harness`] writes the check as a test module for the generated crate; its output lines
//! (`EXAMPLE {json}`) are read back with [`read_line`]. `cargo xtask corpus` and the test suite
//! run it over real specs.

use crate::model::Ty;
use crate::{Error, GeneratedFile, Settings};
use quote::quote;
use serde_json::{Value, json};

/// The prefix of each result line the harness prints.
pub const LINE_PREFIX: &str = "EXAMPLE ";

/// Files to add to the generated crate (`src/examples_check.rs` and `examples.json`) and the
/// line to append to its `src/lib.rs` (`#[cfg(test)] mod examples_check;`). `cargo test
/// --lib examples_check -- --nocapture` then prints one line per example.
pub fn harness(spec_text: &str, settings: &Settings) -> Result<(Vec<GeneratedFile>, &'static str), Error> {
    let doc = crate::read_document(spec_text, &settings.spec_path, settings, &mut crate::bundle::root_only)?.doc;
    let (api, _) =
        crate::lower::lower(&doc, &settings.spec_path, crate::crate_name(settings).as_deref(), &settings.config)?;
    let mut kinds: Vec<(String, TokenKind)> = Vec::new();
    let mut patterns = crate::emit::validate::Patterns::default();
    let mut entries = Vec::new();
    for example in &api.examples {
        // Bytes travel as raw bodies, never as JSON.
        if example.ty.any(&|t| t.ty == Ty::Bytes) {
            continue;
        }
        let tokens = crate::emit::rust_type(&example.ty);
        // One arm per type and set of rules: the same checks the crate runs on a value of this
        // type where it is used.
        let checks = crate::emit::validate::value_checks(
            &api,
            &mut patterns,
            quote! { value },
            quote! { location },
            &example.ty,
        );
        let key = format!("{tokens} {checks}");
        let index = match kinds.iter().position(|(k, _)| *k == key) {
            Some(index) => index,
            None => {
                kinds.push((key, TokenKind { tokens, checks }));
                kinds.len() - 1
            }
        };
        entries.push(json!([example.pointer, index, example.value]));
    }
    let arms = kinds.iter().enumerate().map(|(index, (_, kind))| {
        let ty = &kind.tokens;
        let checks = &kind.checks;
        quote! {
            #index => run::<#ty>(&value, |value, location, errors| {
                let _ = (value, location, &errors);
                #checks
            }),
        }
    });
    let statics = patterns.statics();
    // A spec without examples gets an empty check, not a loop over nothing.
    let module = if entries.is_empty() {
        quote! {
            //! The spec has no examples (written by the generator's examples check; test only).

            #[test]
            fn examples() {}
        }
    } else {
        quote! {
        //! Every example of the spec through its generated type (written by the generator's
        //! examples check; test only).

        fn run<T: ::serde::de::DeserializeOwned + ::serde::Serialize + ::std::cmp::PartialEq>(
            value: &::serde_json::Value,
            check: impl Fn(&::serde_json::Value, &crate::validation::Location<'_>, &mut ::std::vec::Vec<crate::validation::Violation>),
        ) -> ::serde_json::Value {
            let mut errors = ::std::vec::Vec::new();
            check(value, &crate::validation::Location::root(crate::validation::Source::Body), &mut errors);
            let violations: ::std::vec::Vec<::serde_json::Value> = errors
                .iter()
                .map(|e| ::serde_json::json!([e.pointer, e.rule, e.message]))
                .collect();
            match ::serde_json::from_value::<T>(value.clone()) {
                Ok(decoded) => {
                    let again = ::serde_json::to_value(&decoded);
                    let same = again
                        .as_ref()
                        .ok()
                        .and_then(|v| ::serde_json::from_value::<T>(v.clone()).ok())
                        .is_some_and(|redecoded| redecoded == decoded);
                    match again {
                        Ok(again) => ::serde_json::json!({"decoded": true, "reencoded": again, "same": same, "violations": violations}),
                        Err(e) => ::serde_json::json!({"decoded": true, "error": e.to_string(), "violations": violations}),
                    }
                }
                Err(e) => ::serde_json::json!({"decoded": false, "error": e.to_string(), "violations": violations}),
            }
        }

        #statics

        #[test]
        fn examples() {
            let examples: ::std::vec::Vec<(::std::string::String, usize, ::serde_json::Value)> =
                // The generated crate's examples.json: not a path in this repository.
                ::serde_json::from_str(include_str!("../examples.json")).expect("examples.json");
            for (pointer, kind, value) in examples {
                let mut report = match kind {
                    #(#arms)*
                    _ => ::serde_json::Value::Null,
                };
                report["crate"] = ::serde_json::Value::from(env!("CARGO_PKG_NAME"));
                report["pointer"] = ::serde_json::Value::String(pointer);
                report["original"] = value;
                ::std::print!(#LINE_PREFIX);
                ::std::println!("{}", report);
            }
        }
        }
    };
    let header = format!("// @generated by the examples check of {}. Do not edit.\n\n", settings.spec_path);
    let module = format!("{header}{}", crate::emit::format_part(module, "src/examples_check.rs", &settings.spec_path)?);
    let data = Value::Array(entries).to_string();
    let files = vec![
        GeneratedFile { path: "src/examples_check.rs".into(), contents: module },
        GeneratedFile { path: "examples.json".into(), contents: data },
    ];
    Ok((files, "#[cfg(test)]\nmod examples_check;\n"))
}

struct TokenKind {
    tokens: proc_macro2::TokenStream,
    checks: proc_macro2::TokenStream,
}

/// What one example's check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Decoded and encoded back to the same JSON (numbers compared by value).
    RoundTrip,
    /// Decoded and encoded back with only documented normalisations: properties the type
    /// does not declare are dropped, and strings its type normalises (a date-time's offset,
    /// say) are written in the normalised form, as long as the re-encoded value decodes to
    /// the same Rust value.
    Normalised(String),
    /// The example breaks its own schema (the generated validation reports it, or it does not
    /// even have the type's shape): a defect of the spec.
    SpecDefect(String),
    /// The example satisfies its schema but does not survive the round trip: a generator bug.
    GeneratorFault(String),
}

/// One example's result, read from a line the harness printed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checked {
    /// The package name of the crate that checked it.
    pub crate_name: String,
    /// JSON pointer of the example in the spec.
    pub pointer: String,
    /// What the check found.
    pub verdict: Verdict,
}

/// Reads one line of the harness's output; `None` for any other line.
pub fn read_line(line: &str) -> Option<Checked> {
    let json: Value = serde_json::from_str(line.strip_prefix(LINE_PREFIX)?).ok()?;
    let crate_name = json["crate"].as_str()?.to_string();
    let (pointer, verdict) = verdict(&json);
    Some(Checked { crate_name, pointer, verdict })
}

/// The verdict on one result (a line the harness printed, as JSON), and the example's pointer.
fn verdict(line: &Value) -> (String, Verdict) {
    let pointer = line["pointer"].as_str().unwrap_or_default().to_string();
    let violations: Vec<String> = line["violations"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|e| {
                    format!(
                        "{} ({}): {}",
                        e[0].as_str().unwrap_or(""),
                        e[1].as_str().unwrap_or(""),
                        e[2].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let error = line["error"].as_str().unwrap_or_default();
    if !violations.is_empty() {
        return (pointer, Verdict::SpecDefect(violations.join("; ")));
    }
    if line["decoded"] != Value::Bool(true) {
        // The example fits its schema as far as the generated checks see, yet its type does
        // not take it.
        return (pointer, Verdict::GeneratorFault(format!("does not decode: {error}")));
    }
    let Some(again) = line.get("reencoded") else {
        return (pointer, Verdict::GeneratorFault(format!("does not encode: {error}")));
    };
    let mut notes = Vec::new();
    match difference(&line["original"], again, "", &mut notes) {
        Some(path) => (pointer, Verdict::GeneratorFault(format!("encodes differently at {path:?}: {again}"))),
        None if notes.is_empty() => (pointer, Verdict::RoundTrip),
        None if line["same"] == Value::Bool(true) || notes.iter().all(|n| n.starts_with("dropped")) => {
            (pointer, Verdict::Normalised(notes.join("; ")))
        }
        None => (pointer, Verdict::GeneratorFault(format!("changes on the way back: {}", notes.join("; ")))),
    }
}

/// The first place where `again` differs from `original` in a way no normalisation explains;
/// normalisations found are pushed to `notes`.
fn difference(original: &Value, again: &Value, path: &str, notes: &mut Vec<String>) -> Option<String> {
    match (original, again) {
        (Value::Number(a), Value::Number(b)) => (a.as_f64() != b.as_f64()).then(|| path.to_string()),
        (Value::String(a), Value::String(b)) if a != b => {
            notes.push(format!("rewrote {path}: {a:?} as {b:?}"));
            None
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(path.to_string());
            }
            a.iter().zip(b).enumerate().find_map(|(i, (x, y))| difference(x, y, &format!("{path}/{i}"), notes))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let here = format!("{path}/{}", crate::lower::pointer_segment(key));
                match b.get(key) {
                    Some(other) => {
                        if let Some(found) = difference(value, other, &here, notes) {
                            return Some(found);
                        }
                    }
                    // A null that comes back absent is a lost value where the type declares the
                    // property (absent and null differ); an undeclared property's null is
                    // dropped like any other value, so the check counts it against the generator.
                    None if value.is_null() => return Some(format!("{here} (null came back absent)")),
                    None => notes.push(format!("dropped {here}")),
                }
            }
            b.keys().find(|k| !a.contains_key(*k)).map(|k| format!("{path}/{k} (added)"))
        }
        (a, b) => (a != b).then(|| path.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(original: Value, again: Value, same: bool) -> Value {
        json!({"pointer": "#/x", "decoded": true, "reencoded": again, "same": same, "violations": [], "original": original})
    }

    #[test]
    fn verdicts() {
        let round = line(json!({"a": 1, "b": [1.0]}), json!({"a": 1.0, "b": [1]}), true);
        assert_eq!(verdict(&round).1, Verdict::RoundTrip);
        let dropped = line(json!({"a": 1, "extra": 2}), json!({"a": 1}), true);
        assert!(matches!(verdict(&dropped).1, Verdict::Normalised(n) if n == "dropped /extra"));
        let date = line(json!("2021-01-01T00:00:00+00:00"), json!("2021-01-01T00:00:00Z"), true);
        assert!(matches!(verdict(&date).1, Verdict::Normalised(_)));
        let changed = line(json!("running"), json!("creating"), false);
        assert!(matches!(verdict(&changed).1, Verdict::GeneratorFault(_)));
        let null_lost = line(json!({"at": null}), json!({}), true);
        assert!(matches!(verdict(&null_lost).1, Verdict::GeneratorFault(n) if n.contains("null came back absent")));
        let added = line(json!({}), json!({"type": "x"}), true);
        assert!(matches!(verdict(&added).1, Verdict::GeneratorFault(_)));
        let broken = json!({"pointer": "#/x", "decoded": false, "error": "x", "violations": [["/a", "required", "is required"]]});
        assert!(matches!(verdict(&broken).1, Verdict::SpecDefect(_)));
        let fault = json!({"pointer": "#/x", "decoded": false, "error": "the value matches none of the alternatives", "violations": []});
        assert!(matches!(verdict(&fault).1, Verdict::GeneratorFault(_)));
    }
}
