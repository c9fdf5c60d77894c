//! Every example in a spec decodes through its generated type and encodes back to the same
//! JSON (`generator::examples`): the fixtures, and nexus, whose unions once decoded into the
//! wrong alternative.

use generator::examples::Verdict;

#[test]
fn examples_round_trip_through_their_types() {
    let mut specs = vec![tests::corpus("progenitor-nexus.json"), tests::corpus("petstore-expanded.yaml")];
    for entry in std::fs::read_dir(tests::root().join("tests/fixtures")).expect("fixtures") {
        specs.push(entry.expect("fixture").path());
    }
    specs.push(tests::root().join("spec/openapi.yaml"));
    let reports = tests::check_examples(&specs);
    for report in &reports {
        let faults = report.faults();
        assert!(faults.is_empty(), "{}: the generator mishandles these examples:\n{faults:#?}", report.spec);
    }
    let count = |spec: &str, f: fn(&Verdict) -> bool| {
        let report = reports.iter().find(|r| r.spec == spec).expect("checked");
        report.verdicts.iter().filter(|(_, v)| f(v)).count()
    };
    // The project spec's examples all come back exactly.
    assert!(count("openapi.yaml", |v| *v == Verdict::RoundTrip) >= 10);
    let project = reports.iter().find(|r| r.spec == "openapi.yaml").expect("checked");
    let other: Vec<_> = project.verdicts.iter().filter(|(_, v)| *v != Verdict::RoundTrip).collect();
    assert!(other.is_empty(), "{other:#?}");
    for report in &reports {
        eprintln!(
            "{}: {} examples, {} round trips, {} normalised, {} spec defects",
            report.spec,
            report.verdicts.len(),
            count(&report.spec, |v| *v == Verdict::RoundTrip),
            count(&report.spec, |v| matches!(v, Verdict::Normalised(_))),
            count(&report.spec, |v| matches!(v, Verdict::SpecDefect(_)))
        );
    }
}
