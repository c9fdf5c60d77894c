//! OpenAPI 3.1, through the golden crate of `tests/fixtures/fastapi31.yaml` (a document in the
//! shape FastAPI and pydantic v2 write): values decode into the variant the 3.1 keywords say,
//! and the server refuses what they forbid, in FastAPI's own error shape.

use axum::body::Body;
use fastapi31::models::{Code, Item, ItemDimensionsItem1, ItemKind, Pet, Tree};
use tower::ServiceExt;

#[test]
fn type_lists_nulls_and_consts_decode_as_the_spec_says() {
    let item: Item = serde_json::from_value(serde_json::json!({
        "name": "Foo", "price": 2.5, "kind": "item", "tax": null, "code": 7, "owner": {"id": 1, "nickname": "Ada"}
    }))
    .expect("an item decodes");
    // `type: [number, "null"]`: present and null, not absent.
    assert_eq!(item.tax, Some(None));
    assert_eq!(item.description, None);
    // `type: [integer, string]`: a union, and 7 is its integer.
    assert!(matches!(item.code, Some(Code::Integer(7))), "{:?}", item.code);
    assert_eq!(item.kind, ItemKind::Item);
    // `$ref` with a description beside it is still the referenced type.
    let owner = item.owner.expect("owner");
    assert_eq!((owner.id, owner.nickname.as_deref()), (1, Some("Ada")));
    let text: Item =
        serde_json::from_value(serde_json::json!({"name": "Foo", "price": 1, "kind": "item", "code": "abc"}))
            .expect("decodes");
    assert!(matches!(text.code, Some(Code::String(ref s)) if s == "abc"), "{:?}", text.code);

    // `prefixItems` of exactly two items: a Rust tuple, written back as the array it was, each
    // item checked at its index.
    let sized: Item =
        serde_json::from_value(serde_json::json!({"name": "Foo", "price": 1, "kind": "item", "dimensions": [3, "cm"]}))
            .expect("decodes");
    assert_eq!(sized.dimensions, Some((3, ItemDimensionsItem1::Cm)));
    assert_eq!(serde_json::to_value(&sized).expect("encodes")["dimensions"], serde_json::json!([3, "cm"]));
    let small = Item { dimensions: Some((0, ItemDimensionsItem1::In)), ..sized.clone() };
    let errors = fastapi31::validation::Validate::validate(&small).expect_err("0 is below the minimum");
    assert_eq!(
        errors.0.iter().map(|v| (v.pointer.as_str(), v.rule)).collect::<Vec<_>>(),
        [("/dimensions/0", "minimum")]
    );
    let mut errors = Vec::new();
    let root = fastapi31::validation::Location::root(fastapi31::validation::Source::Body);
    let three = serde_json::json!({"name": "Foo", "price": 1, "kind": "item", "dimensions": [3, "cm", 4]});
    fastapi31::validation::check::<Item>(&three, &root, &mut errors);
    assert_eq!(errors.iter().map(|v| (v.pointer.as_str(), v.rule)).collect::<Vec<_>>(), [("/dimensions", "maxItems")]);
    // A tuple holding its own container (`Tree.child: (Tree, weight)`) is boxed, and nests.
    let tree: Tree = serde_json::from_value(
        serde_json::json!({"label": "root", "child": [{"label": "leaf", "child": [{"label": "end"}, 2]}, 1]}),
    )
    .expect("a tree");
    let (leaf, weight) = &**tree.child.as_ref().expect("a child");
    assert_eq!((leaf.label.as_str(), *weight), ("leaf", 1));
    assert_eq!(leaf.child.as_ref().map(|child| (child.0.label.as_str(), child.1)), Some(("end", 2)));
    let mut errors = Vec::new();
    let negative = serde_json::json!({"label": "root", "child": [{"label": "leaf"}, -1]});
    fastapi31::validation::check::<Tree>(&negative, &root, &mut errors);
    assert_eq!(errors.iter().map(|v| (v.pointer.as_str(), v.rule)).collect::<Vec<_>>(), [("/child/1", "minimum")]);

    // `const` tags pick the alternative.
    let dog: Pet = serde_json::from_value(serde_json::json!({"pet_type": "dog", "barks": 1.5})).expect("a dog");
    assert!(matches!(dog, Pet::Dog(ref d) if d.barks == 1.5), "{dog:?}");
    let cat: Pet = serde_json::from_value(serde_json::json!({"pet_type": "cat", "meows": 3})).expect("a cat");
    assert!(matches!(cat, Pet::Cat(ref c) if c.meows == 3), "{cat:?}");
}

async fn call(method: &str, uri: &str, body: &str) -> (u16, serde_json::Value) {
    let router = fastapi31::server::router(std::sync::Arc::new(fastapi31::server::ExampleStub));
    let request = axum::http::Request::builder()
        .method(method)
        .uri(uri)
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let response = router.oneshot(request).await.expect("answers");
    let status = response.status().as_u16();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null))
}

/// The `loc` of each entry of a FastAPI `HTTPValidationError` body.
fn locations(body: &serde_json::Value) -> Vec<serde_json::Value> {
    let error: fastapi31::models::HttpValidationError =
        serde_json::from_value(body.clone()).expect("HTTPValidationError");
    error.detail.unwrap_or_default().iter().map(|entry| serde_json::to_value(&entry.loc).expect("loc")).collect()
}

#[tokio::test]
async fn what_3_1_keywords_forbid_is_refused_in_fastapis_error_shape() {
    // Numeric `exclusiveMinimum: 0`: 0 is out, 1 is in.
    let (status, body) = call("GET", "/items/0", "").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(locations(&body), [serde_json::json!(["path", "item_id"])], "{body}");
    let (status, _) = call("GET", "/items/1", "").await;
    assert_eq!(status, 200);

    // `anyOf: [{type: string, maxLength: 50}, {type: "null"}]`.
    let long = "q".repeat(51);
    let (status, body) = call("GET", &format!("/items/1?q={long}"), "").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(locations(&body), [serde_json::json!(["query", "q"])], "{body}");

    // A `const` tag that matches no alternative, and a wrong member type inside one.
    let (status, body) = call("POST", "/pets", r#"{"pet_type": "cat", "meows": "loud"}"#).await;
    assert_eq!(status, 422, "{body}");
    assert!(locations(&body).contains(&serde_json::json!(["body", "meows"])), "{body}");
    let (status, body) = call("POST", "/pets", r#"{"pet_type": "dog", "barks": 2}"#).await;
    assert_eq!(status, 201, "{body}");

    // A property without a type takes any value, null included.
    for toy in ["null", "{\"ball\": 1}", "[1, \"a\"]", "\"mouse\""] {
        let (status, body) =
            call("POST", "/pets", &format!(r#"{{"pet_type": "cat", "meows": 1, "toy": {toy}}}"#)).await;
        assert_eq!(status, 201, "toy {toy}: {body}");
    }

    // A null of any kind is a value, not an absence: it comes back out of the typed value.
    let cat: Pet =
        serde_json::from_str(r#"{"pet_type": "cat", "meows": 1, "toy": null, "tier": null}"#).expect("a cat");
    let Pet::Cat(ref typed) = cat else { panic!("{cat:?} is not a cat") };
    assert_eq!((&typed.toy, &typed.tier), (&Some(serde_json::Value::Null), &Some(None)));
    let written = serde_json::to_value(&cat).expect("encodes");
    assert_eq!((&written["toy"], &written["tier"]), (&serde_json::Value::Null, &serde_json::Value::Null), "{written}");
    // `tier` is nullable through an alias of an alias: null is a value, `gold` is not.
    let tier = |tier: &str| format!(r#"{{"pet_type": "cat", "meows": 1, "tier": {tier}}}"#);
    let (status, body) = call("POST", "/pets", &tier("null")).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = call("POST", "/pets", &tier("\"gold\"")).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(locations(&body), [serde_json::json!(["body", "tier"])], "{body}");

    // `seed`'s bounds are written past 64 bits: an integer, checked as one.
    let seed = |seed: &str| format!(r#"{{"pet_type": "cat", "meows": 1, "seed": {seed}}}"#);
    let (status, body) = call("POST", "/pets", &seed("-5")).await;
    assert_eq!(status, 201, "{body}");
    for bad in ["\"five\"", "9223372036854775808", "1.5"] {
        let (status, body) = call("POST", "/pets", &seed(bad)).await;
        assert_eq!(status, 422, "{bad}: {body}");
        assert_eq!(locations(&body), [serde_json::json!(["body", "seed"])], "{body}");
    }

    // `count` is a `uint64` up to its written `maximum`, the format's own.
    let count = |count: &str| format!(r#"{{"pet_type": "cat", "meows": 1, "count": {count}}}"#);
    let (status, body) = call("POST", "/pets", &count("18446744073709551615")).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = call("POST", "/pets", &count("-1")).await;
    assert_eq!(status, 422, "{body}");

    // `propertyNames`: every key of `labels` meets its schema.
    let cat = |labels: &str| format!(r#"{{"pet_type": "cat", "meows": 1, "labels": {labels}}}"#);
    let (status, body) = call("POST", "/pets", &cat(r#"{"indoor": "yes"}"#)).await;
    assert_eq!(status, 201, "{body}");
    for key in ["overlylong", "Upper"] {
        let (status, body) = call("POST", "/pets", &cat(&format!(r#"{{"{key}": "yes"}}"#))).await;
        assert_eq!(status, 422, "{key}: {body}");
        assert_eq!(locations(&body), [serde_json::json!(["body", "labels", key])], "{body}");
    }
}

#[test]
fn the_fixture_reads_without_warnings_and_unmodelled_keywords_are_named() {
    let text = std::fs::read_to_string(tests::root().join("tests/fixtures/fastapi31.yaml")).expect("fixture");
    let settings = generator::Settings {
        spec_path: "fastapi31.yaml".into(),
        crate_name: None,
        command: "cargo xtask codegen".into(),
        ..Default::default()
    };
    let generated = generator::generate_crate(&text, &settings).expect("generates");
    assert_eq!(generated.warnings, Vec::<String>::new());

    // A keyword the 3.0 model cannot hold is a warning with its pointer, never a silent drop.
    // A tuple of varying length has no Rust tuple: an array, warned. One holding an object is
    // a tuple like any other.
    let tuple = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    Pair:\n      type: array\n      prefixItems: [{type: string}, {type: integer}]\n      dependentRequired: {a: [b]}\n    Boxed:\n      type: array\n      prefixItems: [{$ref: '#/components/schemas/Thing'}]\n      items: false\n      minItems: 1\n    Thing:\n      type: object\n      properties: {a: {type: string}}\n";
    let generated = generator::generate_crate(tuple, &settings).expect("generates");
    let joined = generated.warnings.join("\n");
    assert!(joined.contains("at #/components/schemas/Pair/prefixItems: `prefixItems` of an array that may hold other than exactly 2 items"), "{joined}");
    assert!(!joined.contains("Boxed"), "{joined}");
    assert!(joined.contains("at #/components/schemas/Pair/dependentRequired"), "{joined}");

    // A dialect other than OpenAPI's own is refused by name.
    let dialect = "openapi: 3.1.0\njsonSchemaDialect: https://json-schema.org/draft/2020-12/schema\ninfo: {title: t, version: '1'}\n";
    let error = generator::generate_crate(dialect, &settings).expect_err("refused").to_string();
    assert!(error.contains("fastapi31.yaml:2:1: at #/jsonSchemaDialect"), "{error}");
}

/// YAML reads an unquoted `version: 1.10` as the number 1.1 and `title: 2024` as a number,
/// where OpenAPI wants text: a 3.1 document (read as a tree) takes them as written, as the 3.0
/// reader always did.
#[test]
fn numbers_and_booleans_where_openapi_wants_text_are_read_as_written() {
    let settings = generator::Settings { spec_path: "numbers.yaml".into(), ..Default::default() };
    let spec = "openapi: 3.1.0\ninfo: {title: 2024, version: 1.10}\n\
                servers: [{url: 'http://localhost:{port}', variables: {port: {default: 8443, enum: [8443, 443]}}}]\n\
                paths:\n  /a:\n    get:\n      operationId: getA\n      summary: yes\n      \
                responses: {'204': {description: 204}, default: {description: 500}}\n      \
                parameters: [{name: n, in: query, schema: {type: integer, enum: [1, 2], default: 1}}]\n";
    let generated = generator::generate_crate(spec, &settings).expect("generates");
    let readme = generated.files.iter().find(|f| f.path == "README.md").expect("a README");
    assert!(readme.contents.contains("**2024** (API version 1.10)"), "{}", readme.contents);
    // Numbers that are data stay numbers: the parameter's enum and default.
    let client = generated.files.iter().find(|f| f.path == "src/client.rs").expect("client.rs");
    assert!(client.contents.contains("pub n: ::std::option::Option<i64>"), "{}", client.contents);
}

/// `tests/fixtures/utoipa31.json`, in the shape utoipa 5 writes: `Option<T>` both ways, and a
/// tagged enum whose tags are one-value `enum`s.
#[test]
fn utoipa_shapes_decode_into_the_variant_they_name() {
    use utoipa31::models::{Status, Todo};
    let todo: Todo = serde_json::from_value(serde_json::json!({
        "id": 1, "value": "write", "note": null, "assignee": {"name": "Ada"}, "status": {"state": "open"}
    }))
    .expect("a todo decodes");
    assert_eq!(todo.note, Some(None));
    assert_eq!(todo.assignee.as_ref().and_then(|a| a.as_ref()).map(|p| p.name.as_str()), Some("Ada"));
    assert!(matches!(todo.status, Status::Open), "{:?}", todo.status);
    let done: Todo = serde_json::from_value(serde_json::json!({
        "id": 2, "value": "ship", "assignee": null, "status": {"state": "done", "at": "2026-11-30T12:00:00Z"}
    }))
    .expect("a todo decodes");
    assert_eq!(done.assignee.as_ref().map(Option::is_none), Some(true));
    assert!(matches!(done.status, Status::Done(_)), "{:?}", done.status);
}

/// A 3.1 webhook (FastAPI's `app.webhooks`) gets a receiver, validated like any operation, and a
/// sender: the sender's request reaches the receiver's implementation typed, a request that
/// breaks the schema is refused in the error shape the webhook documents, and the receiver
/// answers only the paths and methods of its webhooks.
#[tokio::test]
async fn webhooks_have_a_receiver_and_a_sender() {
    use fastapi31::client::webhooks::WebhookSender;
    use fastapi31::models::Subscription;
    use fastapi31::server::webhooks::{
        NewSubscriptionnewSubscriptionPostRequest as Delivery, NewSubscriptionnewSubscriptionPostResponse as Answer,
        Webhooks,
    };
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Recorder(Mutex<Vec<Subscription>>);
    impl Webhooks for Recorder {
        async fn new_subscriptionnew_subscription_post(&self, request: Delivery) -> Answer {
            self.0.lock().expect("lock").push(request.body);
            Answer::Ok(serde_json::json!({"received": true}))
        }
    }

    let recorder = Arc::new(Recorder::default());
    // Mounted below a path of the team's choosing, as the URL it registers.
    let app = axum::Router::new().nest("/hooks", fastapi31::server::webhooks::router(recorder.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });

    let sender = WebhookSender::new(&format!("http://{address}/hooks")).expect("sender");
    let subscription: Subscription = serde_json::from_value(serde_json::json!({
        "username": "ada",
        "monthly_fee": 9.5,
        "signup_timestamp": "2026-11-30T12:00:00Z",
    }))
    .expect("a subscription");
    let answer = sender.new_subscriptionnew_subscription_post(&subscription).await.expect("delivered");
    assert_eq!(answer.status().as_u16(), 200);
    assert_eq!(answer.into_inner(), serde_json::json!({"received": true}));
    let received = recorder.0.lock().expect("lock").clone();
    assert_eq!(received.len(), 1);
    assert_eq!((received[0].username.as_str(), received[0].monthly_fee), ("ada", 9.5));
    assert_eq!(received[0].signup_timestamp.to_rfc3339(), "2026-11-30T12:00:00+00:00");

    // A delivery missing a required property: 422 in FastAPI's HTTPValidationError shape,
    // and the implementation is not called.
    let router = fastapi31::server::webhooks::router(recorder.clone());
    let request = axum::http::Request::builder()
        .method("POST")
        .uri("/new-subscription")
        .header("content-type", "application/json")
        .body(Body::from(r#"{"username": "bob", "signup_timestamp": "2026-11-30T12:00:00Z"}"#))
        .expect("request");
    let response = router.clone().oneshot(request).await.expect("answers");
    assert_eq!(response.status(), 422);
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await.expect("body");
    let body: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
    assert_eq!(locations(&body), [serde_json::json!(["body", "monthly_fee"])], "{body}");
    assert_eq!(recorder.0.lock().expect("lock").len(), 1);

    // Only the webhook's path and method.
    let get = axum::http::Request::builder().uri("/new-subscription").body(Body::empty()).expect("request");
    assert_eq!(router.clone().oneshot(get).await.expect("answers").status(), 405);
    let other = axum::http::Request::builder().method("POST").uri("/items").body(Body::empty()).expect("request");
    assert_eq!(router.oneshot(other).await.expect("answers").status(), 404);
}

/// JSON Schema 2020-12 (OpenAPI 3.1) counts a whole number written with a fraction (`3.0`, as
/// JavaScript and Python send them) as an integer: the server takes it, the client decodes it,
/// and `3.5` is still refused.
#[tokio::test]
async fn a_whole_number_written_with_a_fraction_is_an_integer() {
    use fastapi31::server::{Api, CreatePetRequest, CreatePetResponse};
    use std::sync::{Arc, Mutex};

    #[derive(Default)]
    struct Shelter(Mutex<Vec<Pet>>);
    impl Api for Shelter {
        async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
            self.0.lock().expect("lock").push(request.body.clone());
            CreatePetResponse::Created(request.body)
        }
    }
    let shelter = Arc::new(Shelter::default());
    let router = fastapi31::server::router(shelter.clone());
    let post = |body: &'static str| {
        axum::http::Request::builder()
            .method("POST")
            .uri("/pets")
            .header("content-type", "application/json")
            .body(Body::from(body))
            .expect("request")
    };
    let answer = router.clone().oneshot(post(r#"{"pet_type": "cat", "meows": 3.0}"#)).await.expect("answers");
    assert_eq!(answer.status(), 201);
    let received = shelter.0.lock().expect("lock").clone();
    assert!(matches!(&received[..], [Pet::Cat(cat)] if cat.meows == 3), "{received:?}");
    let refused = router.oneshot(post(r#"{"pet_type": "cat", "meows": 3.5}"#)).await.expect("answers");
    assert_eq!(refused.status(), 422);

    // The client decodes `7.0` and `1.0` into the integer they are.
    let server = wiremock::MockServer::start().await;
    let item = serde_json::json!({"name": "Foo", "price": 2.5, "kind": "item", "code": 7.0, "owner": {"id": 1.0, "nickname": "Ada"}});
    wiremock::Mock::given(wiremock::matchers::path("/items/1"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(item))
        .mount(&server)
        .await;
    let client = fastapi31::client::Client::new(&server.uri()).expect("client");
    let item = client.read_item(1, &Default::default()).await.expect("decodes").into_inner();
    assert!(matches!(item.code, Some(Code::Integer(7))), "{:?}", item.code);
    assert_eq!(item.owner.map(|o| o.id), Some(1));
}
