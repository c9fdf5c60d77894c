//! Bodies beyond JSON, object query parameters and composed schemas, through the golden crate
//! generated from `tests/fixtures/shapes.yaml`: the generated client and router agree on the
//! wire format, values arrive typed, and the router rejects what breaks the schema.

use serde_json::{Value, json};
use shapes::client::ListParams;
use shapes::models::{
    Charge, ChargeDob, ChargeDob0, ChargeDob1, ChargeLinesItem, ChargeReset, ChargeReset1, ChargeTrialEnd,
    ChargeTrialEnd0, Circle, Created, Created0, Created1, Filter, FilterStatus, Filters, IdOrName, Page,
    PatchShapeMediaType, Pet, Shape, Signup, SignupAddress, Square,
};
use shapes::server::{
    self, CreateAnythingContent, CreateAnythingRequest, CreateAnythingResponse, CreateChargeRequest,
    CreateChargeResponse, CreatePetRequest, CreatePetResponse, EchoBytesRequest, EchoBytesResponse, EchoShapeRequest,
    EchoShapeResponse, EchoTextRequest, EchoTextResponse, FilterItemsRequest, FilterItemsResponse, ListChargesRequest,
    ListChargesResponse, ListRequest, ListResponse, LookupRequest, LookupResponse, PatchShapeContent,
    PatchShapeRequest, PatchShapeResponse, SearchRequest, SearchResponse, StoreDocumentContent, StoreDocumentRequest,
    StoreDocumentResponse, SubmitFormRequest, SubmitFormResponse, UploadRequest, UploadResponse,
};
use std::sync::{Arc, Mutex};

/// What the implementation was handed, typed.
#[derive(Debug, Clone, PartialEq)]
enum Seen {
    Form(Signup),
    Text(String),
    Bytes(Vec<u8>),
    Filter(Filter),
    Page(Option<Page>),
    Shape(Shape),
    Pet(Pet),
    IdOrName(IdOrName),
}

/// Echoes every request (text upper-cased, bytes reversed) and keeps what it was handed.
#[derive(Default)]
struct Echo {
    seen: Mutex<Vec<Seen>>,
}

impl Echo {
    fn saw(&self, seen: Seen) {
        self.seen.lock().expect("not poisoned").push(seen);
    }

    fn last(&self) -> Option<Seen> {
        self.seen.lock().expect("not poisoned").last().cloned()
    }
}

impl server::Api for Echo {
    async fn submit_form(&self, request: SubmitFormRequest) -> SubmitFormResponse {
        self.saw(Seen::Form(request.body.clone()));
        SubmitFormResponse::Ok(request.body)
    }

    async fn echo_text(&self, request: EchoTextRequest) -> EchoTextResponse {
        self.saw(Seen::Text(request.body.clone()));
        EchoTextResponse::Ok(request.body.to_uppercase())
    }

    async fn echo_bytes(&self, request: EchoBytesRequest) -> EchoBytesResponse {
        self.saw(Seen::Bytes(request.body.clone()));
        EchoBytesResponse::Ok(request.body.into_iter().rev().collect())
    }

    async fn create_charge(&self, request: CreateChargeRequest) -> CreateChargeResponse {
        CreateChargeResponse::Ok(request.body)
    }

    async fn list_charges(&self, request: ListChargesRequest) -> ListChargesResponse {
        ListChargesResponse::Ok(request.created.unwrap_or(Created::Integer(-1)))
    }

    async fn upload(&self, request: UploadRequest) -> UploadResponse {
        let len = request.body.len() as i64;
        self.saw(Seen::Bytes(request.body));
        UploadResponse::Ok(len)
    }

    async fn search(&self, request: SearchRequest) -> SearchResponse {
        self.saw(Seen::Filter(request.filter.clone()));
        SearchResponse::Ok(request.filter)
    }

    async fn list(&self, request: ListRequest) -> ListResponse {
        self.saw(Seen::Page(request.page.clone()));
        ListResponse::Ok(request.page.unwrap_or_default())
    }

    async fn filter_items(&self, request: FilterItemsRequest) -> FilterItemsResponse {
        FilterItemsResponse::Ok(Filters {
            labels: request.labels,
            counts: request.counts,
            nested_given: Some(request.nested.is_some()),
            prefix: request.prefix,
            per_page: request.per_page,
        })
    }

    async fn echo_shape(&self, request: EchoShapeRequest) -> EchoShapeResponse {
        self.saw(Seen::Shape(request.body.clone()));
        EchoShapeResponse::Ok(request.body)
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        self.saw(Seen::Pet(request.body.clone()));
        CreatePetResponse::Ok(request.body)
    }

    async fn create_anything(&self, request: CreateAnythingRequest) -> CreateAnythingResponse {
        match request.body {
            CreateAnythingContent::Json(signup) => {
                self.saw(Seen::Form(signup.clone()));
                CreateAnythingResponse::Ok(signup)
            }
            CreateAnythingContent::Other(bytes) => {
                self.saw(Seen::Bytes(bytes));
                CreateAnythingResponse::Ok(signup())
            }
        }
    }

    async fn store_document(&self, request: StoreDocumentRequest) -> StoreDocumentResponse {
        StoreDocumentResponse::Ok(match request.body {
            StoreDocumentContent::Json(signup) => format!("json: {}", signup.name),
            StoreDocumentContent::Other(bytes) => format!("bytes: {}", bytes.len()),
        })
    }

    async fn patch_shape(&self, request: PatchShapeRequest) -> PatchShapeResponse {
        let media = request.parts.headers.get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("none");
        match request.body {
            PatchShapeContent::Json(patch) => PatchShapeResponse::Ok(format!("{media}: {} keys", patch.len())),
            PatchShapeContent::Other(bytes) => {
                PatchShapeResponse::Ok(format!("{media}: {}", String::from_utf8_lossy(&bytes)))
            }
        }
    }

    async fn lookup(&self, request: LookupRequest) -> LookupResponse {
        self.saw(Seen::IdOrName(request.body.clone()));
        LookupResponse::Ok(request.body)
    }
}

/// Serves a fresh [`Echo`]; returns it, the base URL (no trailing slash) and a client.
async fn start() -> (Arc<Echo>, String, shapes::Client) {
    let echo = Arc::new(Echo::default());
    let base = format!("http://{}", tests::serve(server::router(echo.clone())).await);
    let client = shapes::Client::new(&base).expect("base URL");
    (echo, base, client)
}

/// Sends a raw request; returns the status and the body as JSON (`Null` when it is not JSON).
async fn send(method: &str, url: String, content_type: Option<&str>, body: impl Into<reqwest::Body>) -> (u16, Value) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = reqwest::Client::new().request(method, url).body(body);
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    let response = request.send().await.expect("server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    (status, serde_json::from_slice(&bytes).unwrap_or(Value::Null))
}

/// One violation as `(in, pointer, rule)`.
type Found = (String, String, String);

/// The sorted `(in, pointer, rule)` of a rejection body.
fn violations(body: &Value) -> Vec<Found> {
    let mut found: Vec<Found> = body["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .map(|e| {
                    let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                    (text("in"), text("pointer"), text("rule"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    found
}

fn v(location: &str, pointer: &str, rule: &str) -> Found {
    (location.into(), pointer.into(), rule.into())
}

fn signup() -> Signup {
    Signup {
        tags: Some(vec!["a b".into(), "c=d&e".into()]),
        address: Some(SignupAddress {
            zip: Some("8001".into()),
            floor: Some(4),
            ..SignupAddress::new("Zürich".into())
        }),
        ..Signup::new("Ada & Co".into(), 3, true)
    }
}

#[tokio::test]
async fn form_bodies_round_trip_typed() {
    let (echo, base, client) = start().await;
    let sent = signup();
    let back = client.submit_form(&sent).await.expect("a valid form is accepted");
    assert_eq!(back.status(), 200);
    assert_eq!(back.into_inner(), sent);
    assert_eq!(echo.last(), Some(Seen::Form(sent)));

    // By hand: nested objects as `a[b]=c`, arrays as repeated keys (one item is still an array),
    // integers and booleans as text; strings that spell numbers stay strings.
    let form = "name=12&seats=12&newsletter=false&tags=true&address%5Bcity%5D=Bern&address[zip]=3000&address[floor]=0";
    let (status, body) = send("POST", format!("{base}/form"), Some("application/x-www-form-urlencoded"), form).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({
            "name": "12",
            "seats": 12,
            "newsletter": false,
            "tags": ["true"],
            "address": {"city": "Bern", "zip": "3000", "floor": 0}
        })
    );
    let expected = Signup {
        tags: Some(vec!["true".into()]),
        address: Some(SignupAddress { zip: Some("3000".into()), floor: Some(0), ..SignupAddress::new("Bern".into()) }),
        ..Signup::new("12".into(), 12, false)
    };
    assert_eq!(echo.last(), Some(Seen::Form(expected)));
}

#[tokio::test]
async fn form_bodies_breaking_the_schema_get_422_naming_the_field() {
    let (echo, base, client) = start().await;
    let url = format!("{base}/form");
    let form = Some("application/x-www-form-urlencoded");
    let cases: Vec<(&str, &str, Vec<Found>)> = vec![
        ("minimum", "name=a&seats=0&newsletter=true", vec![v("body", "/seats", "minimum")]),
        ("integer", "name=a&seats=many&newsletter=true", vec![v("body", "/seats", "type")]),
        ("boolean", "name=a&seats=1&newsletter=maybe", vec![v("body", "/newsletter", "type")]),
        (
            "nested required",
            "name=a&seats=1&newsletter=true&address[zip]=1",
            vec![v("body", "/address/city", "required")],
        ),
        (
            "nested minimum",
            "name=a&seats=1&newsletter=true&address[city]=c&address[floor]=-1",
            vec![v("body", "/address/floor", "minimum")],
        ),
        ("required", "name=a&newsletter=true", vec![v("body", "/seats", "required")]),
        // `key=` is how a form writes an empty object: the object's own rules then apply.
        ("empty object", "name=a&seats=1&newsletter=true&address=", vec![v("body", "/address/city", "required")]),
    ];
    for (name, body, expected) in cases {
        let (status, answer) = send("POST", url.clone(), form, body).await;
        assert_eq!(status, 422, "{name}: {answer}");
        assert_eq!(violations(&answer), expected, "{name}: {answer}");
    }
    assert_eq!(echo.last(), None, "no implementation was called");

    // The client refuses the same itself.
    let err = client.submit_form(&Signup { seats: 0, ..signup() }).await.expect_err("the client validates first");
    let shapes::client::Error::Validation(errors) = err else { panic!("expected validation errors, got {err:?}") };
    let found: Vec<_> = errors.0.iter().map(|e| (e.pointer.clone(), e.rule)).collect();
    assert_eq!(found, [("/seats".to_string(), "minimum")]);
}

#[tokio::test]
async fn text_and_bytes_round_trip() {
    let (echo, base, client) = start().await;
    let text = client.echo_text("héllo wörld\nline two").await.expect("text is accepted");
    assert_eq!(text.headers()["content-type"].to_str().expect("ASCII").split(';').next(), Some("text/plain"));
    assert_eq!(text.into_inner(), "HÉLLO WÖRLD\nLINE TWO");
    assert_eq!(echo.last(), Some(Seen::Text("héllo wörld\nline two".into())));

    let bytes: Vec<u8> = vec![0, 255, 1, 254, b'\n', 0x80, 0xC3];
    let back = client.echo_bytes(&bytes).await.expect("bytes are accepted");
    assert_eq!(back.headers()["content-type"], "application/octet-stream");
    assert_eq!(back.into_inner(), bytes.iter().rev().copied().collect::<Vec<u8>>());
    assert_eq!(echo.last(), Some(Seen::Bytes(bytes)));

    let empty = client.echo_bytes(&[]).await.expect("no bytes are bytes too");
    assert_eq!(empty.into_inner(), Vec::<u8>::new());

    // By hand: a charset parameter is fine; other media types and text that is not UTF-8 are not.
    let (status, _) = send("POST", format!("{base}/text"), Some("text/plain; charset=utf-8"), "abc").await;
    assert_eq!(status, 200);
    assert_eq!(echo.last(), Some(Seen::Text("abc".into())));
    let (status, _) = send("POST", format!("{base}/text"), Some("application/json"), "\"x\"").await;
    assert_eq!(status, 415);
    let (status, _) = send("POST", format!("{base}/text"), Some("text/plain"), vec![0xff, 0xfe]).await;
    assert_eq!(status, 400);
    let (status, _) = send("POST", format!("{base}/bytes"), Some("text/plain"), "abc").await;
    assert_eq!(status, 415);
}

#[tokio::test]
async fn deep_object_query_parameters_arrive_typed() {
    let (echo, base, client) = start().await;
    let filter = Filter { status: Some(FilterStatus::Open), limit: Some(5) };
    let back = client.search(&filter).await.expect("a valid filter is accepted");
    assert_eq!(back.into_inner(), filter);
    assert_eq!(echo.last(), Some(Seen::Filter(filter.clone())));

    let (status, body) = send("GET", format!("{base}/search?filter[status]=open&filter[limit]=5"), None, "").await;
    assert_eq!((status, body), (200, json!({"status": "open", "limit": 5})));
    assert_eq!(echo.last(), Some(Seen::Filter(filter)));
    let (status, body) = send("GET", format!("{base}/search?filter%5Bstatus%5D=closed"), None, "").await;
    assert_eq!((status, body), (200, json!({"status": "closed"})));

    let rejected: Vec<(&str, Vec<Found>)> = vec![
        ("filter[status]=open&filter[limit]=abc", vec![v("query", "/filter/limit", "type")]),
        ("filter[status]=stale", vec![v("query", "/filter/status", "enum")]),
        ("status=open", vec![v("query", "/filter", "required")]),
    ];
    for (query, expected) in rejected {
        let (status, body) = send("GET", format!("{base}/search?{query}"), None, "").await;
        assert_eq!(status, 422, "{query}: {body}");
        assert_eq!(violations(&body), expected, "{query}: {body}");
    }
}

#[tokio::test]
async fn exploded_form_object_query_parameters_arrive_typed() {
    let (echo, base, client) = start().await;
    let page = Page { number: Some(2), size: Some(10) };
    let back = client.list(&ListParams { page: Some(page.clone()) }).await.expect("a valid page is accepted");
    assert_eq!(back.into_inner(), page);
    assert_eq!(echo.last(), Some(Seen::Page(Some(page))));

    let none = client.list(&ListParams::default()).await.expect("the page is optional");
    assert_eq!(none.into_inner(), Page::default());
    assert_eq!(echo.last(), Some(Seen::Page(None)));

    let (status, body) = send("GET", format!("{base}/list?number=3&size=7"), None, "").await;
    assert_eq!((status, body), (200, json!({"number": 3, "size": 7})));
    let (status, body) = send("GET", format!("{base}/list?number=x"), None, "").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), [v("query", "/page/number", "type")]);
}

#[tokio::test]
async fn discriminated_one_of_round_trips_and_keeps_unknown_kinds() {
    let (echo, base, client) = start().await;
    for shape in [Shape::Circle(Circle::new("circle".into(), 1.5)), Shape::Square(Square::new("square".into(), 2.0))] {
        let back = client.echo_shape(&shape).await.expect("a known shape is accepted");
        assert_eq!(back.into_inner(), shape);
        assert_eq!(echo.last(), Some(Seen::Shape(shape)));
    }
    assert_eq!(
        serde_json::to_value(Shape::Circle(Circle::new("circle".into(), 1.5))).expect("serializes"),
        json!({"kind": "circle", "radius": 1.5})
    );

    // A kind this crate does not know decodes into `Unknown`, kept as it came.
    let triangle = json!({"kind": "triangle", "sides": 3});
    let decoded: Shape = serde_json::from_value(triangle.clone()).expect("unknown kinds decode");
    assert_eq!(decoded, Shape::Unknown(triangle.clone()));
    let decoded: Shape = serde_json::from_value(json!({"radius": 1})).expect("a missing kind decodes");
    assert!(matches!(decoded, Shape::Unknown(_)), "{decoded:?}");
    // A known kind with the wrong members is an error, not `Unknown`.
    assert!(serde_json::from_value::<Shape>(json!({"kind": "circle", "side": 1})).is_err());

    // The server only accepts the kinds the spec lists.
    let (status, body) = send("POST", format!("{base}/shapes"), Some("application/json"), triangle.to_string()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), [v("body", "/kind", "discriminator")]);
    let (status, body) =
        send("POST", format!("{base}/shapes"), Some("application/json"), json!({"kind": "circle"}).to_string()).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), [v("body", "/radius", "required")]);
    assert_eq!(echo.seen.lock().expect("not poisoned").len(), 2, "no rejected request reached the implementation");

    // And the client refuses to send them.
    let err = client.echo_shape(&Shape::Unknown(triangle)).await.expect_err("the client validates first");
    let shapes::client::Error::Validation(errors) = err else { panic!("expected validation errors, got {err:?}") };
    let found: Vec<_> = errors.0.iter().map(|e| (e.pointer.clone(), e.rule)).collect();
    assert_eq!(found, [("/kind".to_string(), "discriminator")]);
}

#[tokio::test]
async fn all_of_merges_the_parts_and_requires_each_parts_fields() {
    let (echo, base, client) = start().await;
    let pet = Pet { tag: Some("good".into()), ..Pet::new(7, "Rex".into()) };
    assert_eq!(serde_json::to_value(&pet).expect("serializes"), json!({"id": 7, "name": "Rex", "tag": "good"}));
    let back = client.create_pet(&pet).await.expect("a whole pet is accepted");
    assert_eq!(back.into_inner(), pet);
    assert_eq!(echo.last(), Some(Seen::Pet(pet)));

    let cases = [
        (json!({"name": "Rex"}), v("body", "/id", "required")),
        (json!({"id": 7}), v("body", "/name", "required")),
        (json!({"id": "7", "name": "Rex"}), v("body", "/id", "type")),
    ];
    for (body, expected) in cases {
        let (status, answer) = send("POST", format!("{base}/pets"), Some("application/json"), body.to_string()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(violations(&answer), [expected], "{body}: {answer}");
    }
}

#[tokio::test]
async fn untagged_one_of_decodes_by_shape() {
    assert_eq!(serde_json::from_value::<IdOrName>(json!(5)).expect("decodes"), IdOrName::Integer(5));
    assert_eq!(serde_json::from_value::<IdOrName>(json!("x")).expect("decodes"), IdOrName::String("x".into()));
    assert_eq!(serde_json::from_value::<IdOrName>(json!("5")).expect("decodes"), IdOrName::String("5".into()));
    assert!(serde_json::from_value::<IdOrName>(json!(true)).is_err());
    assert!(serde_json::from_value::<IdOrName>(json!(1.5)).is_err());
    assert_eq!(serde_json::to_value(IdOrName::Integer(5)).expect("serializes"), json!(5));

    let (echo, base, client) = start().await;
    for value in [IdOrName::Integer(5), IdOrName::String("x".into())] {
        let back = client.lookup(&value).await.expect("either alternative is accepted");
        assert_eq!(back.into_inner(), value);
        assert_eq!(echo.last(), Some(Seen::IdOrName(value)));
    }
    let (status, body) = send("POST", format!("{base}/lookup"), Some("application/json"), "true").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), [v("body", "", "oneOf")]);
}

#[test]
fn absent_null_and_a_value_stay_apart_for_optional_nullable_properties() {
    use shapes::models::Patch;
    let cases = [
        (serde_json::json!({}), None),
        (serde_json::json!({"nickname": null}), Some(None)),
        (serde_json::json!({"nickname": "rex"}), Some(Some("rex".to_string()))),
    ];
    for (json, nickname) in cases {
        let patch: Patch = serde_json::from_value(json.clone()).expect("decodes");
        assert_eq!(patch.nickname, nickname, "{json}");
        assert_eq!(serde_json::to_value(&patch).expect("encodes"), json, "round trip of {json}");
    }
}

#[test]
fn read_only_and_write_only_properties_are_not_required_of_either_side() {
    use shapes::models::Account;
    use shapes::validation::Validate;
    // A request carries no id (readOnly) and a response no password (writeOnly).
    let request = Account::new("ada".into());
    assert!(request.validate().is_ok());
    let response: Account = serde_json::from_value(serde_json::json!({"id": 7, "name": "ada"})).expect("decodes");
    assert_eq!(response.id, Some(7));
    assert!(!format!("{:?}", Account { password: Some("hunter2".into()), ..request }).contains("hunter2"));
}

#[tokio::test]
async fn an_operation_documenting_no_response_answers_501_until_implemented() {
    let (_, _, client) = start().await;
    let error = client.pending().await.expect_err("nothing is implemented");
    assert_eq!(error.status().map(|s| s.as_u16()), Some(501), "{error:?}");
    assert!(matches!(error, shapes::client::Error::UnexpectedStatus { .. }), "{error:?}");
}

/// incident.io declares its filters as several free-form objects in form style: their pairs
/// arrive bare and cannot be told apart, so each parameter takes the pairs that fit it and a
/// request the spec allows is never refused for the ambiguity.
#[tokio::test]
async fn free_form_query_objects_share_the_pairs_that_fit_them() {
    let (_, base, _) = start().await;
    let (status, body) = send("GET", format!("{base}/filters?colour=red&size=3&limit=-1"), None, "").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body,
        json!({"labels": {"colour": "red", "size": "3", "limit": "-1"}, "counts": {"size": 3}, "nested_given": false})
    );
    // Pairs that fit none of them are like any query key the spec does not name.
    let (status, body) = send("GET", format!("{base}/filters"), None, "").await;
    assert_eq!((status, body), (200, json!({"nested_given": false})));
}

/// An operation whose success is 101 (a websocket) is asked for with an upgrade; a plain request
/// is the caller's mistake: 426 with `Upgrade`, in the documented `4XX` shape, not a 5xx.
#[tokio::test]
async fn a_protocol_switch_needs_an_upgrade_request() {
    let (_, base, _) = start().await;
    let response = reqwest::get(format!("{base}/stream")).await.expect("server answers");
    assert_eq!(response.status(), 426);
    assert_eq!(response.headers()["upgrade"], "websocket");
    assert_eq!(response.headers()["content-type"], "application/json");
    let body: Value = serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
    assert!(body["message"].as_str().is_some_and(|m| m.contains("Upgrade")), "{body}");

    let upgrading = reqwest::Client::new()
        .get(format!("{base}/stream"))
        .header("connection", "Upgrade")
        .header("upgrade", "websocket")
        .send()
        .await
        .expect("server answers");
    assert_eq!(upgrading.status(), 501, "the upgrade reaches the implementation, which has none");
}

/// An error documented as text (box's `/authorize` answers `text/html`) comes as the
/// explanation in that media type, escaped for HTML, not as problem+json.
#[tokio::test]
async fn a_rejection_documented_as_text_is_text() {
    let (_, base, _) = start().await;
    let response = reqwest::Client::new()
        .post(format!("{base}/text"))
        .header("content-type", "application/json")
        .body("<b>")
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status(), 415);
    assert_eq!(response.headers()["content-type"], "text/html");
    let text = response.text().await.expect("text");
    assert!(text.contains("Content-Type") && !text.contains('<'), "{text}");
}

/// `allowEmptyValue` (incident.io's `page_size`): `?page_size=` is the parameter not given, not
/// a number that fails to parse; a value that is there is still checked.
#[tokio::test]
async fn an_empty_value_is_no_value_where_the_spec_allows_it() {
    let (_, base, _) = start().await;
    let (status, body) = send("GET", format!("{base}/filters?page_size="), None, "").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send("GET", format!("{base}/filters?page_size=x"), None, "").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("query", "/page_size", "type")]);
    // Text's empty value is the empty string.
    let (status, body) = send("GET", format!("{base}/filters?prefix="), None, "").await;
    assert_eq!((status, &body["prefix"]), (200, &json!("")), "{body}");
    // With a default, an empty value stands for it (incident.io's required `page_size`).
    let (status, body) = send("GET", format!("{base}/filters?per_page="), None, "").await;
    assert_eq!((status, &body["per_page"]), (200, &json!(25)), "{body}");
}

/// A response documented with a JSON media type of its own (GitHub's `application/scim+json`)
/// goes out with that media type, and the client reads it as JSON.
#[tokio::test]
async fn a_json_media_type_of_its_own_is_sent_as_documented() {
    let (_, base, client) = start().await;
    let square = json!({"kind": "square", "side": 2.0});
    let response = reqwest::Client::new()
        .post(format!("{base}/shapes"))
        .header("content-type", "application/json")
        .body(square.to_string())
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/vnd.shapes+json");
    let shape: Shape = serde_json::from_value(square).expect("a shape");
    let echoed = client.echo_shape(&shape).await.expect("the client reads it").into_inner();
    assert_eq!(echoed, shape);
}

/// A body listed under two text media types (GitHub's markdown: `text/plain` and
/// `text/x-markdown`) is accepted under either.
#[tokio::test]
async fn every_listed_media_type_of_the_same_kind_is_accepted() {
    let (_, base, _) = start().await;
    for media in ["text/plain", "text/markdown; charset=utf-8"] {
        let (status, _) = send("POST", format!("{base}/text"), Some(media), "# hi").await;
        assert_eq!(status, 200, "{media}");
    }
    let (status, _) = send("POST", format!("{base}/text"), Some("text/html"), "<p>").await;
    assert_eq!(status, 415);
}

/// A JSON body listed under several JSON media types (Kubernetes' merge and strategic merge
/// patches) is sent as the one the caller picks, and the server takes each.
#[tokio::test]
async fn a_body_under_several_json_media_types_is_sent_as_the_one_picked() {
    let (_, base, client) = start().await;
    let patch = std::collections::BTreeMap::from([("side".to_string(), json!(3))]);
    for media in [
        PatchShapeMediaType::ApplicationMergePatchPlusJson,
        PatchShapeMediaType::ApplicationStrategicMergePatchPlusJson,
    ] {
        let wire = media.as_str().to_string();
        let came = client.patch_shape("a", &patch, media).await.expect("the server takes it").into_inner();
        assert_eq!(came, format!("{wire}: 1 keys"));
    }
    let (status, body) =
        send("PATCH", format!("{base}/shapes/a"), Some("application/strategic-merge-patch+json"), "{}").await;
    assert_eq!((status, body), (200, json!("application/strategic-merge-patch+json: 0 keys")));
    let (status, body) = send("PATCH", format!("{base}/shapes/a"), Some("application/merge-patch+json"), "[1]").await;
    assert_eq!(status, 422, "{body}");
}

/// A YAML media type with the body's schema (Kubernetes' server-side apply,
/// `application/apply-patch+yaml`) is one the client sends, as JSON text, which is a YAML
/// document; the server, which reads no YAML, hands those bytes to the implementation.
#[tokio::test]
async fn a_yaml_media_type_is_sent_as_json_text() {
    let (_, base, client) = start().await;
    let patch = std::collections::BTreeMap::from([("side".to_string(), json!(3))]);
    let media = PatchShapeMediaType::ApplicationApplyPatchPlusYaml;
    assert_eq!(media.as_str(), "application/apply-patch+yaml");
    let came = client.patch_shape("a", &patch, media).await.expect("the server takes it").into_inner();
    assert_eq!(came, r#"application/apply-patch+yaml: {"side":3}"#);
    // Any YAML is handed on as it came, unchecked.
    let (status, body) = send("PATCH", format!("{base}/shapes/a"), Some("application/apply-patch+yaml"), "- 1\n").await;
    assert_eq!((status, body), (200, json!("application/apply-patch+yaml: - 1\n")));
}

/// A media type the generator does not model (Kubernetes' `application/apply-patch+yaml`) is
/// still one the operation takes: the implementation gets its bytes, unchecked, as
/// `Content::Other`; a media type the spec does not list is a 415.
#[tokio::test]
async fn a_listed_media_type_that_is_not_modelled_reaches_the_implementation_as_bytes() {
    let (_, base, _) = start().await;
    let yaml = "side: 3\n";
    let (status, body) = send("PATCH", format!("{base}/shapes/a"), Some("application/apply-patch+yaml"), yaml).await;
    assert_eq!((status, body), (200, json!(format!("application/apply-patch+yaml: {yaml}"))));
    let (status, _) = send("PATCH", format!("{base}/shapes/a"), Some("application/xml"), "<a/>").await;
    assert_eq!(status, 415);
    // A JSON media type whose schema is not the body's (a JSON Patch array beside the object
    // merge patches) is not one the client offers: it is taken as bytes too.
    assert!(matches!(PatchShapeMediaType::from_wire("application/json-patch+json"), PatchShapeMediaType::Unknown(_)));
    let ops = r#"[{"op":"add"}]"#;
    let (status, body) = send("PATCH", format!("{base}/shapes/a"), Some("application/json-patch+json"), ops).await;
    assert_eq!((status, body), (200, json!(format!("application/json-patch+json: {ops}"))));
    // A range among the media types takes what the generated form does not.
    let (status, body) =
        send("POST", format!("{base}/documents"), Some("application/json"), json!(signup()).to_string()).await;
    assert_eq!((status, body), (200, json!(format!("json: {}", signup().name))));
    let (status, body) = send("POST", format!("{base}/documents"), Some("image/png"), vec![1u8, 2, 3]).await;
    assert_eq!((status, body), (200, json!("bytes: 3")));
    let (status, body) = send("POST", format!("{base}/documents"), Some("application/json"), "[1]").await;
    assert_eq!(status, 422, "{body}");
}

/// A body under `*/*` whose schema is an object (Kubernetes' create and replace operations) is
/// that object as JSON: typed in the client, checked by the server; a body in another media
/// type of the range (Kubernetes takes YAML and protobuf too) reaches the implementation as
/// bytes.
#[tokio::test]
async fn a_media_range_with_an_object_schema_is_a_json_body() {
    let (echo, base, client) = start().await;
    let came = client.create_anything(&signup()).await.expect("the server takes it").into_inner();
    assert_eq!(came, signup());
    assert_eq!(echo.last(), Some(Seen::Form(signup())));
    let (status, body) = send("POST", format!("{base}/anything"), Some("application/json"), "[null, null]").await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = send("POST", format!("{base}/anything"), Some("application/yaml"), "name: ada").await;
    assert_eq!(status, 200);
    assert_eq!(echo.last(), Some(Seen::Bytes(b"name: ada".to_vec())));
}

/// A `multipart/form-data` body of `(name, text)` parts, the first one a file.
fn multipart(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut body = Vec::new();
    for (i, (name, value)) in parts.iter().enumerate() {
        let filename = if i == 0 { "; filename=\"a.bin\"" } else { "" };
        body.extend_from_slice(
            format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"{filename}\r\n\r\n").as_bytes(),
        );
        body.extend_from_slice(value);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(b"--XyZ--\r\n");
    body
}

/// A multipart form (box's file upload) reaches the implementation as the bytes sent, once
/// each part has been checked against the schema: object parts as JSON, the others as text.
#[tokio::test]
async fn multipart_parts_are_checked_against_the_schema() {
    let (echo, base, client) = start().await;
    let media = "multipart/form-data; boundary=XyZ";
    let form = Some(media);
    let url = format!("{base}/upload");
    let file: &[u8] = &[0xff, 0x00, 0xfe];
    let good = multipart(&[
        ("file", file),
        ("attributes", br#"{"name": "a.png", "size": 3}"#),
        ("copies", b"2"),
        ("tags", b"x"),
        ("tags", b"y"),
    ]);
    let answer = client.upload(&good, media).await.expect("a form that keeps the schema is accepted");
    assert_eq!(answer.into_inner(), good.len() as i64);
    assert_eq!(echo.last(), Some(Seen::Bytes(good)), "the implementation gets the bytes sent");

    let cases: Vec<(&str, Vec<u8>, Vec<Found>)> = vec![
        (
            "a required part missing",
            multipart(&[("attributes", br#"{"name": "a"}"#)]),
            vec![v("body", "/file", "required")],
        ),
        (
            "an object part missing a property",
            multipart(&[("file", file), ("attributes", br#"{"size": 3}"#)]),
            vec![v("body", "/attributes/name", "required")],
        ),
        (
            "an object part that is not JSON",
            multipart(&[("file", file), ("attributes", b"name=a")]),
            vec![v("body", "/attributes", "type")],
        ),
        (
            "a text part that is not an integer, and one below its minimum",
            multipart(&[("file", file), ("attributes", br#"{"name": "a", "size": -1}"#), ("copies", b"two")]),
            vec![v("body", "/attributes/size", "minimum"), v("body", "/copies", "type")],
        ),
        (
            "a repeated part's item too long",
            multipart(&[
                ("file", file),
                ("attributes", br#"{"name": "a"}"#),
                ("tags", b"ok"),
                ("tags", b"much too long"),
            ]),
            vec![v("body", "/tags/1", "maxLength")],
        ),
    ];
    for (name, body, expected) in cases {
        let (status, answer) = send("POST", url.clone(), form, body).await;
        assert_eq!(status, 422, "{name}: {answer}");
        assert_eq!(violations(&answer), expected, "{name}: {answer}");
    }

    // A body that is not multipart at all is malformed: no boundary, or no closing boundary.
    let one_part = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc\r\n--XyZ--\r\n";
    let (status, answer) = send("POST", url.clone(), Some("multipart/form-data"), one_part).await;
    assert_eq!(status, 400, "{answer}");
    assert!(answer["detail"].as_str().is_some_and(|d| d.contains("boundary")), "{answer}");
    let (status, answer) =
        send("POST", url.clone(), form, "--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc").await;
    assert_eq!(status, 400, "{answer}");
    let (status, _) = send("POST", url, Some("application/json"), "{}").await;
    assert_eq!(status, 415);
}

/// Stripe's form conventions: `a[]=x` and `a[0][k]=v` build arrays, and text becomes the
/// alternative of a union it spells (`trial_end=0` an integer, `trial_end=now` the keyword,
/// `dob[day]=1` the object, `dob=` the empty keyword); the variant decoded is the one meant.
#[tokio::test]
async fn form_unions_and_indexed_arrays_arrive_typed() {
    let (_, base, _) = start().await;
    let url = format!("{base}/charges");
    let form = Some("application/x-www-form-urlencoded");
    let read = |answer: Value| serde_json::from_value::<Charge>(answer).expect("a charge");

    let (status, answer) = send(
        "POST",
        url.clone(),
        form,
        "trial_end=0&dob[day]=1&dob[year]=1990&lines[1][amount]=7&lines[0][amount]=5&expand[]=a&expand[]=b",
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let charge = read(answer);
    assert_eq!(charge.trial_end, Some(ChargeTrialEnd::Integer(0)));
    assert_eq!(charge.dob, Some(ChargeDob::ChargeDob0(ChargeDob0 { day: 1, year: Some(1990) })));
    assert_eq!(charge.lines, Some(vec![ChargeLinesItem::new(5), ChargeLinesItem::new(7)]), "in index order");
    assert_eq!(charge.expand, Some(vec!["a".to_string(), "b".to_string()]));

    // A union of a list and the empty keyword: `tax_ids[0]=…` is the list, `tax_ids=` the keyword.
    let (status, answer) = send("POST", url.clone(), form, "tax_ids[1]=b&tax_ids[0]=a").await;
    assert_eq!((status, &answer["tax_ids"]), (200, &json!(["a", "b"])), "{answer}");
    let (status, answer) = send("POST", url.clone(), form, "tax_ids=").await;
    assert_eq!((status, &answer["tax_ids"]), (200, &json!("")), "{answer}");

    // A union among the alternatives brings its own: `reset=` is its empty keyword (not the
    // empty object), `reset=4` its integer, `reset[at]=1` the object.
    for (body, reset) in [("reset=", json!("")), ("reset=4", json!(4)), ("reset[at]=1", json!({"at": 1}))] {
        let (status, answer) = send("POST", url.clone(), form, body).await;
        assert_eq!((status, &answer["reset"]), (200, &reset), "{body}: {answer}");
    }
    let (_, answer) = send("POST", url.clone(), form, "reset=").await;
    assert!(matches!(read(answer).reset, Some(ChargeReset::ChargeReset1(ChargeReset1::ChargeReset11(_)))));

    let (status, answer) =
        send("POST", url.clone(), form, "trial_end=now&dob=&expand[]=only&metadata[]=x&metadata[k]=v").await;
    assert_eq!(status, 200, "{answer}");
    let charge = read(answer);
    // In a map, `[]` is the key with the empty name.
    let metadata: std::collections::BTreeMap<String, String> =
        [("", "x"), ("k", "v")].map(|(k, v)| (k.into(), v.into())).into();
    assert_eq!(charge.metadata, Some(metadata));
    assert_eq!(charge.trial_end, Some(ChargeTrialEnd::ChargeTrialEnd0(ChargeTrialEnd0::Now)));
    assert_eq!(charge.dob, Some(ChargeDob::ChargeDob1(ChargeDob1::Unnamed)));
    assert_eq!(charge.expand, Some(vec!["only".to_string()]));

    for (body, pointer, rule) in [
        ("trial_end=later", "/trial_end", "anyOf"),
        ("dob[day]=0", "/dob", "anyOf"),
        ("lines[0][amount]=x", "/lines/0/amount", "type"),
    ] {
        let (status, answer) = send("POST", url.clone(), form, body).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert_eq!(violations(&answer), vec![v("body", pointer, rule)], "{body}: {answer}");
    }

    // In the query, with deepObject: the integer, or the object's `created[gt]` pairs.
    let created = |answer: Value| serde_json::from_value::<Created>(answer).expect("a filter");
    let (status, answer) = send("GET", format!("{url}?created=5"), None, "").await;
    assert_eq!((status, created(answer)), (200, Created::Integer(5)));
    let (status, answer) = send("GET", format!("{url}?created[gt]=1&created[lt]=9"), None, "").await;
    assert_eq!((status, created(answer)), (200, Created::Created0(Created0 { gt: Some(1), lt: Some(9) })));
    // Of two object alternatives, the one declaring the keys sent reads them.
    let (status, answer) = send("GET", format!("{url}?created[eq]=4"), None, "").await;
    assert_eq!((status, created(answer)), (200, Created::Created1(Created1 { eq: 4 })));
    let (status, answer) = send("GET", format!("{url}?created=soon"), None, "").await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(violations(&answer), vec![v("query", "/created", "anyOf")]);
}

/// `/drafts?beta=true` is a path key with a query (OpenAI's beta operations): the client sends
/// the query, and the server routes a request carrying it to that operation and its rules,
/// the others to the operation at the plain path.
#[tokio::test]
async fn a_path_key_with_a_query_is_its_own_operation() {
    use shapes::models::{SaveDraftBetaBody, SaveDraftBody, SavedApi};
    let base = format!("http://{}", tests::serve(server::router(Arc::new(server::ExampleStub))).await);
    let client = shapes::Client::new(&base).expect("base URL");
    let stable = client.save_draft(&SaveDraftBody::new("t".into())).await.expect("saveDraft").into_inner();
    assert_eq!(stable.api, SavedApi::Stable);
    let beta = client.save_draft_beta(&SaveDraftBetaBody::new("main".into(), "t".into())).await.expect("beta");
    assert_eq!(beta.into_inner().api, SavedApi::Beta);

    // The beta operation's own rules: `channel` is required there, not at the plain path.
    let (status, body) =
        send("POST", format!("{base}/drafts?beta=true"), Some("application/json"), r#"{"title": "t"}"#).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/channel", "required")], "{body}");
    let (status, body) = send("POST", format!("{base}/drafts"), Some("application/json"), r#"{"title": "t"}"#).await;
    assert_eq!((status, &body["api"]), (200, &json!("stable")), "{body}");
    // Other query pairs beside it, in any order, still reach the beta operation.
    let url = format!("{base}/drafts?trace=1&beta=true");
    let (status, body) = send("POST", url, Some("application/json"), r#"{"title": "t", "channel": "c"}"#).await;
    assert_eq!((status, &body["api"]), (200, &json!("beta")), "{body}");
    // `beta=false` is not the beta operation's query.
    let (status, body) =
        send("POST", format!("{base}/drafts?beta=false"), Some("application/json"), r#"{"title": "t"}"#).await;
    assert_eq!((status, &body["api"]), (200, &json!("stable")), "{body}");
}

/// A form writes nothing for an empty array or object: a required one that may be empty
/// arrives absent and is read as empty (Stripe's `enabled_events: []`); one that may not be
/// empty (`minItems: 1`) is still missing.
#[tokio::test]
async fn required_containers_that_may_be_empty_are_empty_when_a_form_leaves_them_out() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(server::ExampleStub))).await);
    let url = format!("{base}/endpoints");
    let form = Some("application/x-www-form-urlencoded");
    let (status, body) = send("POST", url.clone(), form, "url=x&filters=a").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send("POST", url.clone(), form, "url=x&filters=a&enabled_events=a&settings[mode]=m").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = send("POST", url, form, "url=x").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/filters", "required")], "{body}");
}

/// OpenAI's video creation takes its body as JSON or as a multipart form: the server reads
/// either (each checked against its own schema) and tells the implementation which came; the
/// client has a method for each.
#[tokio::test]
async fn a_body_offered_as_json_and_as_multipart_is_taken_in_either() {
    use shapes::models::CreateVideoBody;
    use shapes::server::{CreateVideoContent, CreateVideoRequest, CreateVideoResponse};
    struct Videos;
    impl server::Api for Videos {
        async fn create_video(&self, request: CreateVideoRequest) -> CreateVideoResponse {
            CreateVideoResponse::Ok(match request.body {
                CreateVideoContent::Json(body) => format!("json: {}", body.prompt),
                CreateVideoContent::Multipart(bytes) => format!("multipart: {} bytes", bytes.len()),
            })
        }
    }
    let base = format!("http://{}", tests::serve(server::router(Arc::new(Videos))).await);
    let client = shapes::Client::new(&base).expect("base URL");
    let json = client.create_video(&CreateVideoBody::new("a cat".into())).await.expect("JSON");
    assert_eq!(json.into_inner(), "json: a cat");
    let media = "multipart/form-data; boundary=XyZ";
    let form = multipart(&[("reference", &[0xff, 0x00]), ("prompt", b"a dog"), ("seconds", b"4")]);
    let sent = client.create_video_multipart(&form, media).await.expect("multipart");
    assert_eq!(sent.into_inner(), format!("multipart: {} bytes", form.len()));

    // Each form is held to its own schema.
    let url = format!("{base}/videos");
    let broken = multipart(&[("reference", &[0xff]), ("seconds", b"0")]);
    let (status, body) = send("POST", url.clone(), Some(media), broken).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/prompt", "required"), v("body", "/seconds", "minimum")]);
    let (status, body) = send("POST", url.clone(), Some("application/json"), r#"{"prompt": ""}"#).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/prompt", "minLength")]);
    // Neither form: refused as the JSON one would refuse it.
    let (status, body) = send("POST", url, Some("text/plain"), "a cat").await;
    assert_eq!(status, 415, "{body}");
}

/// A multipart form whose schema is a map (no named parts): each part is checked against the
/// map's value schema, and the map's own rules apply.
#[tokio::test]
async fn a_multipart_form_of_free_form_parts_is_checked() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(server::ExampleStub))).await);
    let url = format!("{base}/labels");
    let media = Some("multipart/form-data; boundary=XyZ");
    let (status, body) = send("POST", url.clone(), media, multipart(&[("a", b"x"), ("b", b"y")])).await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = send("POST", url.clone(), media, multipart(&[("a", b"much too long")])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/a", "maxLength")]);
    let (status, body) = send("POST", url.clone(), media, multipart(&[("a", b"1"), ("b", b"2"), ("c", b"3")])).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "", "maxProperties")]);

    // The same schema offered as a form: read as one, held to the same rules.
    let form = Some("application/x-www-form-urlencoded");
    let (status, body) = send("POST", url.clone(), form, "a=x&b=y").await;
    assert_eq!(status, 204, "{body}");
    let (status, body) = send("POST", url.clone(), form, "a=much+too+long").await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(violations(&body), vec![v("body", "/a", "maxLength")]);
    let (status, body) = send("POST", url, Some("application/json"), r#"{"a": "x"}"#).await;
    assert_eq!(status, 204, "{body}");
}
