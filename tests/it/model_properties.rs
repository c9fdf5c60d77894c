//! Property tests on generated models (the constraints golden crate): random valid values
//! round-trip through serde unchanged and pass the generated validation; a value with one rule
//! broken is rejected with the pointer of that value.

use constraints::models::Item;
use constraints::validation::Validate;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Valid `Item` JSON: every property within its rules (see tests/fixtures/constraints.yaml).
fn valid_item() -> impl Strategy<Value = Value> {
    let name = "[a-zé]{2,5}";
    let count = (0i64..=5).prop_map(|n| n * 2);
    let price = prop::option::of((1u32..400).prop_map(|k| f64::from(k) * 0.25));
    let kind = prop::sample::select(vec!["a", "b"]);
    let note = prop::option::of(prop::option::of("[a-z]{0,3}"));
    let when = prop::option::of((0i64..4_000_000_000).prop_map(chrono_free_rfc3339));
    let labels = prop::option::of(prop::collection::btree_map("[a-z]{1,3}", 0i64..1000, 0..=2));
    let big = prop::option::of(any::<i64>());
    let flags =
        prop::option::of(prop::sample::select(vec![vec![true], vec![false], vec![true, false], vec![false, true]]));
    (name, count, price, kind, note, when, labels, big, flags).prop_map(
        |(name, count, price, kind, note, when, labels, big, flags)| {
            let mut item = json!({"name": name, "count": count, "kind": kind});
            let object = item.as_object_mut().expect("object");
            if let Some(price) = price {
                object.insert("price".into(), json!(price));
            }
            if let Some(note) = note {
                object.insert("note".into(), json!(note));
            }
            if let Some(when) = when {
                object.insert("when".into(), json!(when));
            }
            if let Some(labels) = labels {
                object.insert("labels".into(), json!(labels));
            }
            if let Some(big) = big {
                object.insert("big".into(), json!(big));
            }
            if let Some(flags) = flags {
                object.insert("flags".into(), json!(flags));
            }
            item
        },
    )
}

/// An RFC 3339 UTC timestamp for `seconds` after the epoch, written the way chrono writes it.
fn chrono_free_rfc3339(seconds: i64) -> String {
    let days = seconds.div_euclid(86_400);
    let rest = seconds.rem_euclid(86_400);
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// One rule broken: the property to change, its new value, the pointer and rule expected.
fn broken() -> impl Strategy<Value = (&'static str, Value, &'static str, &'static str)> {
    prop_oneof![
        (11i64..1000).prop_map(|n| ("count", json!(n * 2), "/count", "maximum")),
        (0i64..5).prop_map(|n| ("count", json!(n * 2 + 1), "/count", "multipleOf")),
        "[a-z]{6,9}".prop_map(|s| ("name", json!(s), "/name", "maxLength")),
        "[A-Z]{2,5}".prop_map(|s| ("name", json!(s), "/name", "pattern")),
        "[c-z]".prop_map(|s| ("kind", json!(s), "/kind", "enum")),
        "[a-z]{4,8}".prop_map(|s| ("note", json!(s), "/note", "maxLength")),
        (-1000i64..0).prop_map(|n| ("labels", json!({"x": n}), "/labels/x", "minimum")),
        Just(("flags", json!([]), "/flags", "minItems")),
        Just(("flags", json!([true, true]), "/flags", "uniqueItems")),
        (-100i64..=0).prop_map(|n| ("price", json!(n), "/price", "exclusiveMinimum")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn valid_values_round_trip_and_pass_validation(value in valid_item()) {
        let item: Item = serde_json::from_value(value.clone()).map_err(|e| TestCaseError::fail(format!("{e}: {value}")))?;
        prop_assert_eq!(serde_json::to_value(&item).expect("serializes"), value.clone());
        prop_assert!(item.validate().is_ok(), "{:?} for {}", item.validate(), value);
    }

    #[test]
    fn a_broken_rule_is_reported_at_its_pointer(value in valid_item(), (field, bad, pointer, rule) in broken()) {
        let mut value = value;
        value[field] = bad;
        let item: Item = serde_json::from_value(value.clone()).map_err(|e| TestCaseError::fail(format!("{e}: {value}")))?;
        let errors = item.validate().expect_err("one rule is broken").0;
        prop_assert!(
            errors.iter().any(|e| e.pointer == pointer && e.rule == rule),
            "expected {} {} in {:?} for {}", pointer, rule, errors, value
        );
        prop_assert_eq!(errors.len(), 1, "{:?}", errors);
    }
}
