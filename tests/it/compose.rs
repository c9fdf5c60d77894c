//! `allOf` as real specs use it, through the golden crate generated from
//! `tests/fixtures/compose.yaml`: every shape is a real type (no `serde_json::Value`), values
//! round-trip, and the rules of every part are checked.

use compose::models::{Agent, AgentAsk, Cat, Code, Dog, ObjectMeta, Pet, PetVariant, Pod, PodThing};
use compose::validation::{Location, Schema, Source};
use serde_json::{Value, json};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), json, "re-encoding changed the value");
    decoded
}

fn violations<T: Schema>(value: Value) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    T::check(&value, &Location::root(Source::Body), &mut errors);
    errors.iter().map(|v| (v.pointer.clone(), v.rule.to_string())).collect()
}

#[test]
fn a_ref_with_a_description_or_default_is_the_referenced_type() {
    let pod: Pod = round_trip(json!({
        "metadata": {"name": "web", "labels": {"app": "web"}},
        "thing": {"id": "t1", "extra": 2},
        "agent": {"type": "ask", "model": "m1"},
        "code": "abc",
        "slug": "web"
    }));
    let metadata: ObjectMeta = pod.metadata.clone().expect("metadata");
    assert_eq!(metadata.name.as_deref(), Some("web"));
    // `NamedThing` is only a `$ref` to `Thing`; extending it merges like extending `Thing`.
    assert_eq!(pod.thing, PodThing { id: "t1".into(), extra: Some(2) });
    // box.json's `allOf: [$ref: union, {description}]` is the union itself, told apart by its tag.
    assert_eq!(pod.agent, Some(Agent::Ask(AgentAsk { model: "m1".into() })));
    assert_eq!(round_trip::<Agent>(json!({"type": "extract"})), Agent::Extract);
    assert_eq!(pod.code, Some(Code::Abc));
    assert_eq!(pod.slug.as_deref(), Some("web"));
}

#[test]
fn a_scalar_narrowed_by_another_part_keeps_every_rule() {
    let base = || json!({"thing": {"id": "t1"}});
    let with = |key: &str, value: Value| {
        let mut pod = base();
        pod[key] = value;
        pod
    };
    assert_eq!(violations::<Pod>(base()), vec![]);
    // `Code` allows `abcd`; `maxLength: 3` beside it does not.
    assert_eq!(violations::<Pod>(with("code", json!("abcd"))), vec![("/code".into(), "maxLength".into())]);
    assert_eq!(violations::<Pod>(with("code", json!("xyz"))), vec![("/code".into(), "enum".into())]);
    // `minLength: 2` from one part, the pattern from the other.
    assert_eq!(violations::<Pod>(with("slug", json!("a"))), vec![("/slug".into(), "minLength".into())]);
    assert_eq!(violations::<Pod>(with("slug", json!("A1"))), vec![("/slug".into(), "pattern".into())]);
}

#[test]
fn all_of_with_one_of_is_the_common_fields_plus_the_union() {
    let cat: Pet = round_trip(json!({"name": "Tom", "pet_type": "cat", "lives": 9}));
    assert_eq!(cat.name, "Tom");
    let PetVariant::Cat(Cat { lives, .. }) = &cat.variant else { panic!("not a cat: {cat:?}") };
    assert_eq!(*lives, Some(9));
    let dog: Pet = round_trip(json!({"name": "Rex", "pet_type": "dog", "bark": "woof"}));
    assert!(matches!(&dog.variant, PetVariant::Dog(Dog { bark, .. }) if bark == "woof"), "{dog:?}");

    // The common fields and the chosen alternative are both checked.
    assert_eq!(violations::<Pet>(json!({"name": "Tom", "pet_type": "cat", "lives": 9})), vec![]);
    assert_eq!(
        violations::<Pet>(json!({"pet_type": "cat", "lives": 10})),
        vec![("/name".into(), "required".into()), ("/lives".into(), "maximum".into())]
    );
    assert_eq!(violations::<Pet>(json!({"name": "Rex", "pet_type": "dog"})), vec![("/bark".into(), "required".into())]);
}

#[tokio::test]
async fn refs_into_the_middle_of_things_are_followed() {
    use compose::client::{ListItemsParams, ListOtherItemsParams};
    // `#/components/parameters/Limit/schema` and `#/paths/~1items/parameters/0` give `uint8`s.
    let params = ListItemsParams { limit: Some(100u8), offset: Some(5u8) };
    let other = ListOtherItemsParams { limit: Some(1u8) };
    let picked: compose::models::Picked =
        round_trip(json!({"first": {"type": "ask", "model": "m1"}, "thing": {"id": "t", "extra": 1}}));
    assert_eq!(picked.first.as_ref().map(|f| f.model.as_str()), Some("m1"));
    assert_eq!(picked.thing.as_ref().and_then(|t| t.extra), Some(1));

    let addr = tests::serve(compose::server::router(std::sync::Arc::new(compose::server::ExampleStub))).await;
    let client = compose::Client::new(&format!("http://{addr}")).expect("client");
    client.list_items(&params).await.expect("listItems");
    assert_eq!(client.list_other_items(&other).await.expect("listOtherItems").status(), 204);
    // The parameter's rules came along: 101 is over the `maximum` of `Limit`.
    let refused = client.list_items(&ListItemsParams { limit: Some(101), offset: None }).await.expect_err("refused");
    assert!(matches!(refused, compose::client::Error::Validation(_)), "{refused:?}");
}

/// `anyOf` whose alternatives only require properties (GitHub's gist update) is a rule on which
/// properties are present: the struct keeps its fields, and an object with none of the sets is
/// refused.
#[test]
fn alternatives_that_only_require_properties_are_a_presence_rule() {
    use compose::models::GistUpdate;
    let update: GistUpdate = round_trip(json!({"description": "new"}));
    assert_eq!(update.description.as_deref(), Some("new"));
    assert_eq!(violations::<GistUpdate>(json!({"description": "new"})), vec![]);
    assert_eq!(violations::<GistUpdate>(json!({"files": {}, "description": "both"})), vec![]);
    assert_eq!(violations::<GistUpdate>(json!({})), vec![("".into(), "anyOf".into())]);
}

/// A nullable string enum whose values list null (GitHub's code scanning) keeps its values as a
/// rule; an object with `additionalProperties: false` and no properties takes only `{}`.
#[test]
fn enum_values_and_empty_objects_are_rules_wherever_they_are() {
    use compose::models::Dismissal;
    assert_eq!(violations::<Dismissal>(json!({"reason": "won't fix", "nothing": {}})), vec![]);
    assert_eq!(violations::<Dismissal>(json!({"reason": null})), vec![]);
    assert_eq!(violations::<Dismissal>(json!({"reason": "AAA"})), vec![("/reason".into(), "enum".into())]);
    assert_eq!(
        violations::<Dismissal>(json!({"nothing": {"a": 1}})),
        vec![("/nothing".into(), "maxProperties".into())]
    );
}

/// An optional property that is nullable through an alias (GitHub's `dismissed_at`,
/// `dismissed_reason`) keeps null apart from absent: null is `Some(None)` and is written back,
/// so a required-in-responses `null` survives the example stub's round trip.
#[test]
fn null_through_a_nullable_alias_is_kept_apart_from_absent() {
    use compose::models::Dismissal;
    let null: Dismissal = round_trip(json!({"reason": null}));
    assert_eq!(null.reason, Some(None));
    let absent: Dismissal = round_trip(json!({}));
    assert_eq!(absent.reason, None);
}

/// Alternatives that restrict a property's values and require others (GitHub's check run: a
/// `completed` run needs a `conclusion`) or allow no property at all (a deleted gist file) are
/// conditions on the object.
#[test]
fn alternatives_that_are_conditions_on_the_object_are_checked() {
    use compose::models::{CheckRunUpdate, GistFile};
    assert_eq!(violations::<CheckRunUpdate>(json!({"status": "completed", "conclusion": "success"})), vec![]);
    assert_eq!(violations::<CheckRunUpdate>(json!({"status": "queued"})), vec![]);
    assert_eq!(violations::<CheckRunUpdate>(json!({"status": "completed"})), vec![("".into(), "anyOf".into())]);
    assert_eq!(violations::<GistFile>(json!({"content": "x"})), vec![]);
    assert_eq!(violations::<GistFile>(json!({})), vec![]);
    assert_eq!(violations::<GistFile>(json!({"filename": null, "extra": 1})), vec![]);
    assert_eq!(violations::<GistFile>(json!({"extra": 1})), vec![("".into(), "anyOf".into())]);
}
