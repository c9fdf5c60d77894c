//! Names that collide with Rust and with the generated crate's own API, through the golden crate
//! generated from `tests/fixtures/hostile_names.yaml`: every spec name that would take a name of
//! the crate's own API is numbered instead (`Client::new_2`, `ApiError2`), the crate's own API
//! keeps its names, and calls round-trip through the generated client and example stub.

use hostile_names::client::{ApiError2, Error, NewParams};
use hostile_names::models::{self, Kind};
use hostile_names::{Client, server};
use std::sync::Arc;

async fn stub_client() -> Client {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    Client::new(&format!("http://{addr}")).expect("client")
}

#[tokio::test]
async fn operations_named_like_the_clients_own_api_get_numbered_methods() {
    let client = stub_client().await;
    // The crate's own API is untouched: `new` built the client, `base_url` and `clone` are the
    // client's own.
    assert_eq!(client.base_url().path(), "/");
    let copy: Client = client.clone();

    let params = NewParams {
        self_2: Some("upper".into()),
        super_: Some(1),
        crate_: Some("c".into()),
        body_2: Some("b".into()),
        params_2: Some("p".into()),
    };
    let body = models::Client { kind: Some(Kind::Default3), ..models::Client::new("me".into()) };
    let stored = copy.new_2("me", &params, &body).await.expect("operation `new`");
    assert_eq!(stored.status(), 200);
    let stored = stored.into_inner();
    assert_eq!(stored.self_, "me");
    assert_eq!(stored.self_2.as_deref(), Some("upper"));
    assert_eq!(stored.super_, Some(1));
    assert_eq!(stored.crate_.as_deref(), Some("c"));
    assert_eq!(stored.r#type.as_deref(), Some("t"));
    assert_eq!(stored.kind, Some(Kind::Default));

    let options = client.base_url_2().await.expect("operation `base_url`").into_inner();
    assert_eq!(options, models::Options { default: Some(true) });
    let api = client.with_http_client_2().await.expect("operation `with_http_client`").into_inner();
    assert_eq!(api, models::Api { api: Some("a".into()) });
    let kind = client.with_rate_limit_retry_2(&Kind::Default2).await.expect("operation `withRateLimitRetry`");
    assert_eq!(kind.into_inner(), Kind::Default);
    assert_eq!(client.clone_2().await.expect("operation `clone`").status(), 204);
    assert_eq!(client.router().await.expect("operation `router`").status(), 204);
    assert_eq!(client.next().await.expect("operation `next`").status(), 204);
    assert_eq!(client.from_str().await.expect("operation `from_str`").status(), 204);
    assert_eq!(client.response_value().await.expect("operation `ResponseValue`").into_inner(), "value");
}

#[tokio::test]
async fn derived_names_that_collide_are_numbered_and_schemas_keep_their_exact_spelling() {
    let client = stub_client().await;
    // `api`'s error enum would be `ApiError`, the client's own trait.
    let validation: Result<_, Error<ApiError2>> = client.api().await;
    assert_eq!(validation.expect("operation `api`").into_inner(), models::Validation { rule: Some("r".into()) });
    // `getThing` and `get_thing` are both `get_thing`: the first in the spec keeps it.
    assert_eq!(client.get_thing().await.expect("getThing").into_inner().id, 1);
    assert_eq!(client.get_thing_2().await.expect("get_thing").into_inner().id, 2);
    // `Self` is `Self_`.
    let me: models::Self_ = client.default().await.expect("operation `default`").into_inner();
    assert_eq!(me.self_.as_deref(), Some("s"));
    // The inline body of `upload` would be `UploadBody`, a schema's name; `Foo-Bar` and `FooBar`
    // are both `FooBar`, which the schema spelled that way keeps.
    let uploaded = client.upload(&models::UploadBody2::new("x".into())).await.expect("upload").into_inner();
    assert_eq!(uploaded.dashed, Some(models::FooBar2 { a: Some(1) }));
    assert_eq!(uploaded.plain, Some(models::FooBar { b: Some(true) }));
}

#[test]
fn enum_values_that_differ_only_in_case_keep_their_own_variants() {
    let cases = [
        ("default", Kind::Default),
        ("Default", Kind::Default2),
        ("DEFAULT", Kind::Default3),
        ("Unknown", Kind::Unknown2),
        ("unknown", Kind::Unknown3),
        ("self", Kind::Self_),
        ("Self", Kind::Self2),
        ("", Kind::Unnamed),
        ("1", Kind::T1),
        ("-1", Kind::Minus1),
        ("+1", Kind::Plus1),
        // A value the spec does not list goes to the catch-all, which keeps its name.
        ("brand-new", Kind::Unknown("brand-new".into())),
    ];
    for (wire, variant) in cases {
        let json = serde_json::Value::String(wire.into());
        let decoded: Kind = serde_json::from_value(json.clone()).expect("a string decodes");
        assert_eq!(decoded, variant, "{wire:?}");
        assert_eq!(serde_json::to_value(&decoded).expect("encodes"), json, "{wire:?}");
    }
}

#[tokio::test]
async fn a_bad_parameter_named_like_a_keyword_is_reported_by_its_wire_name() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/new/me?super=abc"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(r#"{"self": "me"}"#)
        .send()
        .await
        .expect("request");
    // `new` documents a 400 and no 422, so a request that breaks its rules gets the 400.
    assert_eq!(response.status(), 400);
    let problem: serde_json::Value =
        serde_json::from_slice(&response.bytes().await.expect("a body")).expect("a JSON body");
    // The documented error shape has only a `message`: it names the broken rule.
    assert_eq!(problem["message"], "query `super`: must be an integer", "{problem}");
}

#[tokio::test]
async fn paths_of_the_same_shape_share_a_route_and_a_fragment_is_not_part_of_the_url() {
    let client = stub_client().await;
    assert_eq!(client.get_thing_by_id("a").await.expect("getThingById").into_inner().id, 3);
    assert_eq!(client.put_thing_by_name("a").await.expect("putThingByName").status(), 204);
    // `/things/{slug}#again` is `GET /things/{slug}` on the wire: the server routes it to the
    // first operation of that shape, and generation says so.
    // `{id}.json`: the router captures the segment and strips the text.
    assert_eq!(client.get_report(5).await.expect("getReport").into_inner().id, 4);
    assert_eq!(client.get_export("q3").await.expect("getExport").into_inner().id, 6);
    let routed = client.get_thing_again("a").await.expect_err("getThingById answers, with its own status");
    assert_eq!(routed.status().map(|s| s.as_u16()), Some(200), "{routed:?}");
    let spec = tests::root().join("tests/fixtures/hostile_names.yaml");
    let settings = generator::Settings {
        spec_path: "hostile_names.yaml".into(),
        crate_name: None,
        command: "test".into(),
        ..Default::default()
    };
    let text = std::fs::read_to_string(spec).expect("fixture");
    let warnings = generator::generate_crate(&text, &settings).expect("generates").warnings;
    assert!(
        warnings.iter().any(|w| w.contains("~1things~1{slug}#again/get") && w.contains("\"getThingById\"")),
        "{warnings:#?}"
    );
}

/// A property named `default` is a builder setter like any other (the builder is still made
/// with `Default`); one named `build` would shadow the builder's `build()`, so its object keeps
/// a positional `new`.
#[test]
fn properties_named_like_the_builders_own_methods() {
    let group = models::RunnerGroup::builder().id(1).name("n").default(true).visibility("all").build().expect("built");
    assert!(group.default);
    let missing = models::RunnerGroup::builder().default(false).build().expect_err("three are missing");
    assert_eq!(missing.fields, ["id", "name", "visibility"]);
    let job = models::Job::new(1, "n".to_owned(), "b".to_owned(), 2);
    assert_eq!((job.build.as_str(), job.step), ("b", 2));
}
