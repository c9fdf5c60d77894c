//! Every constraint kind, on every parameter location and the body, through the golden crate
//! generated from `tests/fixtures/constraints.yaml`: the server reports each violation with its
//! location, pointer and rule, all at once, and the client refuses the same requests itself.

use constraints::client::PutItemParams;
use constraints::models::{Item, Kind};
use constraints::server::{self, PutItemRequest, PutItemResponse};
use serde_json::{Value, json};
use std::sync::Arc;

struct Echo;

impl server::Api for Echo {
    async fn put_item(&self, request: PutItemRequest) -> PutItemResponse {
        PutItemResponse::Ok(request.body)
    }
}

/// A request: query string, extra headers, cookie header, body.
struct Req<'a> {
    id: &'a str,
    query: &'a str,
    headers: &'a [(&'a str, &'a str)],
    cookie: Option<&'a str>,
    body: Value,
}

fn valid_body() -> Value {
    json!({"name": "ab", "count": 2, "kind": "a"})
}

fn req(body: Value) -> Req<'static> {
    Req { id: "7", query: "mode=fast", headers: &[], cookie: Some("session=s-1"), body }
}

/// Sends `r` and returns the status and the sorted `(in, pointer, rule)` violations.
async fn send(base: &str, r: &Req<'_>) -> (u16, Vec<(String, String, String)>) {
    let mut request = reqwest::Client::new()
        .put(format!("{base}/items/{}?{}", r.id, r.query))
        .header("authorization", "Bearer t")
        .header("content-type", "application/json")
        .body(r.body.to_string());
    for (name, value) in r.headers {
        request = request.header(*name, *value);
    }
    if let Some(cookie) = r.cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.expect("server answers");
    let status = response.status().as_u16();
    let bytes = response.bytes().await.expect("body");
    let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    let mut found: Vec<(String, String, String)> = body["violations"]
        .as_array()
        .map(|v| {
            v.iter()
                .map(|e| {
                    let text = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                    (text("where"), text("at"), text("rule"))
                })
                .collect()
        })
        .unwrap_or_default();
    found.sort();
    (status, found)
}

/// One violation as `(in, pointer, rule)`.
type Found = (String, String, String);

fn v(location: &str, pointer: &str, rule: &str) -> Found {
    (location.into(), pointer.into(), rule.into())
}

#[tokio::test]
async fn each_rule_is_enforced_with_its_pointer() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(Echo))).await);
    let body = |patch: Value| {
        let mut b = valid_body();
        for (k, val) in patch.as_object().expect("patch is an object") {
            if val == &json!("<remove>") {
                b.as_object_mut().expect("object").remove(k);
            } else {
                b[k] = val.clone();
            }
        }
        b
    };
    let cases: Vec<(&str, Req, Vec<Found>)> = vec![
        ("valid", req(valid_body()), vec![]),
        ("code points, not bytes", req(body(json!({"name": "ééééé"}))), vec![]),
        ("nullable accepts null", req(body(json!({"note": null}))), vec![]),
        ("items without a type", req(body(json!({"modes": ["text", "audio"]}))), vec![]),
        ("items without a type, null", req(body(json!({"modes": null}))), vec![]),
        (
            "items without a type, item broken",
            req(body(json!({"modes": ["AAA"]}))),
            vec![v("body", "/modes/0", "enum")],
        ),
        ("minLength", req(body(json!({"name": "a"}))), vec![v("body", "/name", "minLength")]),
        ("maxLength in code points", req(body(json!({"name": "éééééé"}))), vec![v("body", "/name", "maxLength")]),
        ("pattern", req(body(json!({"name": "AB"}))), vec![v("body", "/name", "pattern")]),
        ("pattern with a Unicode class", req(body(json!({"code": "ÉΩ"}))), vec![]),
        ("pattern with a Unicode class, broken", req(body(json!({"code": "É1"}))), vec![v("body", "/code", "pattern")]),
        ("pattern with look-ahead", req(body(json!({"slug": "a-b"}))), vec![]),
        ("pattern with look-ahead, broken", req(body(json!({"slug": "-ab"}))), vec![v("body", "/slug", "pattern")]),
        ("maximum", req(body(json!({"count": 12}))), vec![v("body", "/count", "maximum")]),
        ("minimum", req(body(json!({"count": -2}))), vec![v("body", "/count", "minimum")]),
        ("multipleOf integer", req(body(json!({"count": 3}))), vec![v("body", "/count", "multipleOf")]),
        ("int32 range", req(body(json!({"count": 2147483648u64}))), vec![v("body", "/count", "format")]),
        ("int64 range", req(body(json!({"big": 9223372036854775808u64}))), vec![v("body", "/big", "format")]),
        ("uint8 range", req(body(json!({"small": 256}))), vec![v("body", "/small", "format")]),
        ("uint8 below zero", req(body(json!({"small": -1}))), vec![v("body", "/small", "format")]),
        ("maximum of a uint8", req(body(json!({"small": 201}))), vec![v("body", "/small", "maximum")]),
        ("int8 range", req(body(json!({"offset": -129}))), vec![v("body", "/offset", "format")]),
        ("uint64 beyond int64", req(body(json!({"size": 18446744073709551615u64}))), vec![]),
        ("uint64 below zero", req(body(json!({"size": -1}))), vec![v("body", "/size", "format")]),
        ("exclusiveMinimum", req(body(json!({"price": 0}))), vec![v("body", "/price", "exclusiveMinimum")]),
        ("multipleOf number", req(body(json!({"price": 0.3}))), vec![v("body", "/price", "multipleOf")]),
        ("enum", req(body(json!({"kind": "c"}))), vec![v("body", "/kind", "enum")]),
        ("nullable maxLength", req(body(json!({"note": "abcd"}))), vec![v("body", "/note", "maxLength")]),
        ("date-time", req(body(json!({"when": "yesterday"}))), vec![v("body", "/when", "format")]),
        ("date", req(body(json!({"day": "2021-13-01"}))), vec![v("body", "/day", "format")]),
        ("uuid", req(body(json!({"ref": "xyz"}))), vec![v("body", "/ref", "format")]),
        (
            "maxProperties of a map",
            req(body(json!({"labels": {"a": 1, "b": 2, "c": 3}}))),
            vec![v("body", "/labels", "maxProperties")],
        ),
        ("map values", req(body(json!({"labels": {"a/b": -1}}))), vec![v("body", "/labels/a~1b", "minimum")]),
        ("minItems", req(body(json!({"flags": []}))), vec![v("body", "/flags", "minItems")]),
        ("uniqueItems", req(body(json!({"flags": [true, true]}))), vec![v("body", "/flags", "uniqueItems")]),
        ("item type", req(body(json!({"flags": [1]}))), vec![v("body", "/flags/0", "type")]),
        ("additionalProperties: false", req(body(json!({"zzz": 1}))), vec![v("body", "/zzz", "additionalProperties")]),
        ("required", req(body(json!({"count": "<remove>", "price": 1}))), vec![v("body", "/count", "required")]),
        ("required and null", req(body(json!({"name": null}))), vec![v("body", "/name", "type")]),
        ("optional but not nullable", req(body(json!({"when": null}))), vec![v("body", "/when", "type")]),
        (
            "minProperties and every missing field",
            req(json!({})),
            vec![
                v("body", "", "minProperties"),
                v("body", "/count", "required"),
                v("body", "/kind", "required"),
                v("body", "/name", "required"),
            ],
        ),
        ("body type", req(json!([1])), vec![v("body", "", "type")]),
        ("path minimum", Req { id: "0", ..req(valid_body()) }, vec![v("path", "/id", "minimum")]),
        ("path maximum", Req { id: "5000", ..req(valid_body()) }, vec![v("path", "/id", "maximum")]),
        ("path type", Req { id: "abc", ..req(valid_body()) }, vec![v("path", "/id", "type")]),
        ("query required", Req { query: "", ..req(valid_body()) }, vec![v("query", "/mode", "required")]),
        ("query enum", Req { query: "mode=medium", ..req(valid_body()) }, vec![v("query", "/mode", "enum")]),
        (
            "query item minLength",
            Req { query: "mode=fast&tags=a", ..req(valid_body()) },
            vec![v("query", "/tags/0", "minLength")],
        ),
        (
            "query uniqueItems",
            Req { query: "mode=fast&tags=ab&tags=ab", ..req(valid_body()) },
            vec![v("query", "/tags", "uniqueItems")],
        ),
        (
            "query maxItems",
            Req { query: "mode=fast&tags=aa&tags=bb&tags=cc&tags=dd", ..req(valid_body()) },
            vec![v("query", "/tags", "maxItems")],
        ),
        (
            "exclusiveMinimum",
            Req { query: "mode=fast&ratio=0", ..req(valid_body()) },
            vec![v("query", "/ratio", "exclusiveMinimum")],
        ),
        (
            "exclusiveMaximum",
            Req { query: "mode=fast&ratio=1", ..req(valid_body()) },
            vec![v("query", "/ratio", "exclusiveMaximum")],
        ),
        (
            "query number type",
            Req { query: "mode=fast&ratio=x", ..req(valid_body()) },
            vec![v("query", "/ratio", "type")],
        ),
        (
            "header format",
            Req { headers: &[("x-trace", "nope")], ..req(valid_body()) },
            vec![v("header", "/X-Trace", "format")],
        ),
        ("cookie required", Req { cookie: None, ..req(valid_body()) }, vec![v("cookie", "/session", "required")]),
        (
            "cookie pattern",
            Req { cookie: Some("session=bad"), ..req(valid_body()) },
            vec![v("cookie", "/session", "pattern")],
        ),
    ];
    for (name, request, mut expected) in cases {
        expected.sort();
        let (status, found) = send(&base, &request).await;
        let want_status = if expected.is_empty() { 200 } else { 422 };
        assert_eq!(status, want_status, "{name}: {found:?}");
        assert_eq!(found, expected, "{name}");
    }
}

#[tokio::test]
async fn all_violations_of_a_request_come_back_together() {
    let base = format!("http://{}", tests::serve(server::router(Arc::new(Echo))).await);
    let request = Req {
        id: "0",
        query: "mode=medium&ratio=2",
        headers: &[("x-trace", "nope")],
        cookie: Some("session=bad"),
        body: json!({"name": "A", "count": 11, "kind": "c", "flags": [], "zzz": true}),
    };
    let (status, found) = send(&base, &request).await;
    assert_eq!(status, 422);
    let mut expected = vec![
        v("path", "/id", "minimum"),
        v("query", "/mode", "enum"),
        v("query", "/ratio", "exclusiveMaximum"),
        v("header", "/X-Trace", "format"),
        v("cookie", "/session", "pattern"),
        v("body", "/name", "minLength"),
        v("body", "/name", "pattern"),
        v("body", "/count", "maximum"),
        v("body", "/count", "multipleOf"),
        v("body", "/kind", "enum"),
        v("body", "/flags", "minItems"),
        v("body", "/zzz", "additionalProperties"),
    ];
    expected.sort();
    assert_eq!(found, expected);
}

#[tokio::test]
async fn the_client_refuses_what_the_server_refuses() {
    let base = format!("http://{}/", tests::serve(server::router(Arc::new(Echo))).await);
    let client = constraints::Client::new(&base, "t").expect("base URL");
    let item = Item {
        name: "A".into(),
        code: None,
        slug: None,
        count: 11,
        kind: Kind::from_wire("c"),
        price: None,
        note: None,
        when: None,
        day: None,
        r#ref: None,
        homepage: None,
        contact: None,
        labels: None,
        big: None,
        small: None,
        offset: None,
        size: None,
        modes: None,
        flags: Some(vec![]),
    };
    let mode = constraints::models::PutItemMode::from_wire("medium");
    let err = client
        .put_item(
            0,
            &mode,
            "bad",
            &PutItemParams {
                tags: Some(vec!["a".into()]),
                ratio: Some(2.0),
                limit: None,
                x_trace: Some("nope".into()),
            },
            &item,
        )
        .await
        .expect_err("the client validates first");
    let constraints::client::Error::Validation(errors) = err else { panic!("expected validation errors, got {err:?}") };
    let mut found: Vec<(String, String, String)> =
        errors.0.iter().map(|e| (e.source.as_str().to_string(), e.pointer.clone(), e.rule.to_string())).collect();
    found.sort();
    let mut expected = vec![
        v("path", "/id", "minimum"),
        v("query", "/mode", "enum"),
        v("query", "/tags/0", "minLength"),
        v("query", "/ratio", "exclusiveMaximum"),
        v("header", "/X-Trace", "format"),
        v("cookie", "/session", "pattern"),
        v("body", "/name", "minLength"),
        v("body", "/name", "pattern"),
        v("body", "/count", "maximum"),
        v("body", "/count", "multipleOf"),
        v("body", "/kind", "enum"),
        v("body", "/flags", "minItems"),
    ];
    expected.sort();
    assert_eq!(found, expected);

    let good = Item { name: "ab".into(), count: 2, kind: Kind::A, flags: None, ..item };
    let stored = client
        .put_item(7, &constraints::models::PutItemMode::Fast, "s-1", &PutItemParams::default(), &good)
        .await
        .expect("a valid request succeeds");
    assert_eq!(stored.status(), 200);
    assert_eq!(stored.into_inner(), good);
}

/// Integer formats are Rust integers of their size, checked with a message naming the format; an
/// optional nullable parameter is a plain `Option` (a query string has no null).
#[tokio::test]
async fn integer_formats_are_their_rust_types() {
    let item: Item = serde_json::from_value(json!({
        "name": "ab", "count": 2, "kind": "a", "small": 200, "offset": -128, "size": 18446744073709551615u64
    }))
    .expect("in range");
    let (small, offset, size): (Option<u8>, Option<i8>, Option<u64>) = (item.small, item.offset, item.size);
    assert_eq!((small, offset, size), (Some(200), Some(-128), Some(u64::MAX)));
    let limit: Option<u32> = PutItemParams::default().limit;
    assert_eq!(limit, None);

    let base = format!("http://{}", tests::serve(server::router(Arc::new(Echo))).await);
    let response = reqwest::Client::new()
        .put(format!("{base}/items/7?mode=fast&limit=10058715160910569472"))
        .header("authorization", "Bearer t")
        .header("content-type", "application/json")
        .header("cookie", "session=s-1")
        .body(valid_body().to_string())
        .send()
        .await
        .expect("server answers");
    assert_eq!(response.status(), 422);
    let body: Value = serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
    assert_eq!(body["violations"][0]["at"], "/limit", "{body}");
    assert_eq!(body["violations"][0]["rule"], "format", "{body}");
    // The message names the format and its range.
    let mut errors = Vec::new();
    let location = constraints::validation::Location::root(constraints::validation::Source::Body);
    let too_small = json!({"name": "ab", "count": 2, "kind": "a", "small": 256});
    <Item as constraints::validation::Schema>::check(&too_small, &location, &mut errors);
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(messages, ["must fit in uint8 (0 to 255)"]);
    // Whole numbers beyond 64 bits (schemathesis sends them for integers without a format) are
    // out of range, not "not an integer", in a body and in a path.
    let mut errors = Vec::new();
    let huge = json!({"name": "ab", "count": 2, "kind": "a", "big": 3129560261071380938752.0, "size": 1e30});
    <Item as constraints::validation::Schema>::check(&huge, &location, &mut errors);
    let found: Vec<(&str, &str)> = errors.iter().map(|e| (e.rule, e.message.as_str())).collect();
    assert_eq!(found, [("format", "must fit in int64"), ("format", "must fit in uint64 (0 to 18446744073709551615)")]);
    let (status, found) = send(&base, &Req { id: "3129560261071380938752", ..req(valid_body()) }).await;
    assert_eq!((status, found), (422, vec![v("path", "/id", "format")]));

    let client = constraints::Client::new(&format!("{base}/"), "t").expect("base URL");
    let params = PutItemParams { limit: Some(u32::MAX), ..PutItemParams::default() };
    let good = Item::new("ab".into(), 2, Kind::A);
    let stored = client.put_item(7, &constraints::models::PutItemMode::Fast, "s-1", &params, &good).await;
    assert_eq!(stored.expect("a uint32 travels").into_inner(), good);
}

/// `format: uri` and `format: email` are rules (schemathesis sends `""` for them and expects a
/// refusal): an absolute URI has a scheme, an address has text on both sides of `@`.
#[test]
fn uri_and_email_formats_are_checked() {
    let check = |value: Value| {
        let mut errors = Vec::new();
        let location = constraints::validation::Location::root(constraints::validation::Source::Body);
        <Item as constraints::validation::Schema>::check(&value, &location, &mut errors);
        errors.iter().map(|e| (e.pointer.clone(), e.message.clone())).collect::<Vec<_>>()
    };
    let item = |homepage: &str, contact: &str| json!({"name": "ab", "count": 2, "kind": "a", "homepage": homepage, "contact": contact});
    assert_eq!(check(item("https://example.com/a?b", "a.b@example.com")), vec![]);
    assert_eq!(check(item("urn:isbn:0451450523", "x@y")), vec![]);
    assert_eq!(
        check(item("", "@example.com")),
        vec![
            ("/homepage".to_string(), "must be an absolute URI (`scheme:...`)".to_string()),
            ("/contact".to_string(), "must be an email address".to_string()),
        ]
    );
    assert_eq!(check(item("/relative", "a b@c")).len(), 2);
}
