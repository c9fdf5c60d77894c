//! Unit tests of the runtime files, as every generated crate carries them.

use crate::validation::*;
use serde_json::{Value, json};

/// The `(pointer, rule)` of each violation `check` finds in `value`.
fn found(value: Value, check: impl Fn(&Value, &Location<'_>, &mut Vec<Violation>)) -> Vec<(String, &'static str)> {
    let mut errors = Vec::new();
    check(&value, &Location::root(Source::Body), &mut errors);
    errors.into_iter().map(|v| (v.pointer, v.rule)).collect()
}

#[test]
fn a_location_is_an_rfc_6901_pointer() {
    let root = Location::root(Source::Query);
    let key = root.key("a/b~c");
    let item = key.index(3);
    assert_eq!(item.pointer(), "/a~1b~0c/3");
    assert_eq!(item.source(), Source::Query);
    assert_eq!(root.pointer(), "");
    let violation = Violation::new(&item, "minimum", "must be at least 1");
    assert_eq!(violation.field(), "a/b~c.3");
    assert_eq!(violation.to_string(), "query \"a/b~c.3\" (minimum): must be at least 1");
    let errors = ValidationErrors(vec![violation, Violation::new(&root, "type", "must be an object")]);
    assert_eq!(
        errors.to_string(),
        "2 validation error(s); query \"a/b~c.3\" (minimum): must be at least 1; query (type): must be an object"
    );
}

#[test]
fn properties_tell_required_optional_and_nullable_apart() {
    let check = |value: &Value, location: &Location<'_>, errors: &mut Vec<Violation>| {
        if let Some(object) = object(value, location, errors) {
            properties(
                object,
                location,
                errors,
                &[
                    ("id", Presence::Required, is_string),
                    ("note", Presence::Optional, is_string),
                    // A nullable property's own check takes null.
                    ("gone", Presence::OptionalNullable, |value, location, errors| {
                        if !value.is_null() {
                            is_string(value, location, errors)
                        }
                    }),
                ],
            );
        }
    };
    assert_eq!(found(json!({"id": "a"}), check), []);
    assert_eq!(found(json!({"id": "a", "gone": null}), check), []);
    assert_eq!(found(json!({}), check), [("/id".to_string(), "required")]);
    assert_eq!(found(json!({"id": 1, "note": null}), check), [("/id".into(), "type"), ("/note".into(), "type")]);
    assert_eq!(found(json!([]), check), [(String::new(), "type")]);
}

#[test]
fn conditions_count_the_alternatives_that_hold() {
    let conditions = [
        Condition { required: &["card"], values: &[], max_properties: None },
        Condition { required: &[], values: &[("kind", &["\"bank\""])], max_properties: Some(1) },
    ];
    let holding_for = |value: Value| holding(value.as_object().expect("an object"), &conditions);
    assert_eq!(holding_for(json!({"card": 1})), 2, "both: the second has no `kind` to refuse");
    assert_eq!(holding_for(json!({"kind": "bank"})), 1);
    assert_eq!(holding_for(json!({"card": 1, "kind": "bank"})), 1);
    assert_eq!(holding_for(json!({})), 1);
    assert_eq!(holding_for(json!({"kind": "cash", "x": 1})), 0);
}

#[test]
fn integers_name_the_format_they_break() {
    let messages = |value: Value| {
        let mut errors = Vec::new();
        let location = Location::root(Source::Query);
        int32(&value, &location, &mut errors);
        int64(&value, &location, &mut errors);
        integer(&value, &location, &mut errors, "uint32", 0, i128::from(u32::MAX));
        errors.into_iter().map(|v| format!("{} {}", v.rule, v.message)).collect::<Vec<_>>()
    };
    assert_eq!(messages(json!(7)), Vec::<String>::new());
    assert_eq!(messages(json!(-1)), ["format must fit in uint32 (0 to 4294967295)"]);
    assert_eq!(
        messages(json!(1u64 << 40)),
        ["format must fit in int32", "format must fit in uint32 (0 to 4294967295)"]
    );
    let huge: Value = serde_json::from_str("3129560261071380938752").expect("a number");
    assert_eq!(
        messages(huge),
        ["format must fit in int32", "format must fit in int64", "format must fit in uint32 (0 to 4294967295)"]
    );
    assert_eq!(messages(json!(1.5)), ["type must be an integer"; 3]);
}

#[test]
fn numbers_and_collections() {
    assert!(is_multiple_of(0.3, 0.1));
    assert!(!is_multiple_of(0.35, 0.1));
    assert!(has_duplicates(&[json!(1), json!({"a": 1}), json!({"a": 1})]));
    assert!(!has_duplicates(&[json!(1), json!("1")]));
    assert!(chars_in("abc-1", &[('a', 'z'), ('0', '9'), ('-', '-')]));
    assert!(!chars_in("abc_1", &[('a', 'z'), ('0', '9')]));
    let mut errors = Vec::new();
    assert_eq!(float32(&json!(1e300), &Location::root(Source::Body), &mut errors), Some(f32::INFINITY));
    assert_eq!(errors[0].rule, "format");
}

#[test]
fn validate_checks_a_typed_value_through_its_schema() {
    #[derive(serde::Serialize)]
    struct Name(String);
    impl Schema for Name {
        fn check(value: &Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
            if string(value, location, errors).is_some_and(str::is_empty) {
                fail(errors, location, "minLength", "must not be empty");
            }
        }
    }
    assert_eq!(Name("a".into()).validate(), Ok(()));
    let errors = Name(String::new()).validate().expect_err("empty");
    assert_eq!(errors.0[0].rule, "minLength");
}

#[test]
fn formats_and_dates() {
    use crate::{dates, formats};
    let check = |f: fn(&str, &Location<'_>, &mut Vec<Violation>), text: &str| {
        let mut errors = Vec::new();
        f(text, &Location::root(Source::Body), &mut errors);
        errors.is_empty()
    };
    assert!(check(formats::uuid, "123e4567-e89b-12d3-a456-426614174000"));
    assert!(!check(formats::uuid, "123e4567e89b12d3a456426614174000"));
    assert!(check(formats::uri, "https://example.com/a?b"));
    assert!(check(formats::uri, "urn:isbn:0451450523"));
    assert!(!check(formats::uri, "/relative"));
    assert!(!check(formats::uri, "https://exa mple.com"));
    assert!(check(formats::email, "a@b.c"));
    assert!(!check(formats::email, "@b.c"));
    assert!(check(formats::ipv4, "10.0.0.1"));
    assert!(!check(formats::ipv4, "10.0.0"));
    assert!(check(formats::ipv6, "::1"));
    assert!(check(dates::date_time, "2024-02-29T12:00:00+01:00"));
    assert!(!check(dates::date_time, "2024-02-29 12:00"));
    assert!(check(dates::date, "2024-02-29"));
    assert!(!check(dates::date, "2023-02-29"));
}

#[test]
fn forms_encode_nested_objects_and_arrays() {
    use crate::client_support::form_body;
    let body = form_body(
        &json!({"name": "a b", "tags": ["x", "y"], "address": {"city": "Zürich"}, "lines": [{"n": 1}], "gone": null}),
    );
    // Key order follows serde_json's map, which depends on its features; the pairs do not.
    let mut pairs: Vec<&str> = body.split('&').collect();
    pairs.sort_unstable();
    assert_eq!(pairs, ["address%5Bcity%5D=Z%C3%BCrich", "lines%5B0%5D%5Bn%5D=1", "name=a+b", "tags=x", "tags=y"]);
}

#[test]
fn base_urls_and_retry_after() {
    use crate::client_support::{Error, parse_base_url, retry_after};
    assert!(parse_base_url::<()>("https://api.example.com/v1").is_ok());
    for bad in ["ftp://example.com", "mailto:a@b.c", "/relative"] {
        assert!(matches!(parse_base_url::<()>(bad), Err(Error::InvalidBaseUrl(url)) if url == bad), "{bad}");
    }
    let mut headers = reqwest::header::HeaderMap::new();
    assert_eq!(retry_after(&headers), None);
    headers.insert(reqwest::header::RETRY_AFTER, " 7".parse().expect("a header value"));
    assert_eq!(retry_after(&headers), Some(std::time::Duration::from_secs(7)));
    headers.insert(reqwest::header::RETRY_AFTER, "Wed, 21 Oct 2015 07:28:00 GMT".parse().expect("a header value"));
    assert_eq!(retry_after(&headers), None, "only the delta-seconds form is read");
}

#[test]
fn form_pairs_nest_and_repeat() {
    use crate::server_support::form_value;
    let pairs = [("a[b][c]", "1"), ("tags", "x"), ("tags", "y"), ("expand[]", "p"), ("expand[]", "q")];
    let value = form_value(pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    assert_eq!(value, json!({"a": {"b": {"c": "1"}}, "tags": ["x", "y"], "expand": {"": ["p", "q"]}}));
}

#[test]
fn arrays_from_forms() {
    use crate::server_support::coerce_array;
    let array = |mut value: Value| {
        coerce_array(&mut value);
        value
    };
    assert_eq!(array(json!("x")), json!(["x"]), "a lone value is a one-item array");
    assert_eq!(array(json!({"1": {"n": "b"}, "0": {"n": "a"}})), json!([{"n": "a"}, {"n": "b"}]), "indexes in order");
    assert_eq!(array(json!({"": ["p", "q"]})), json!(["p", "q"]), "`a[]` items");
    assert_eq!(array(json!({"": "p"})), json!(["p"]));
    assert_eq!(array(json!({"k": "v"})), json!([{"k": "v"}]), "an object with a named key is one item");
}

#[test]
fn text_parses_as_the_scalar_it_spells() {
    use crate::server_support::{Scalar, object_alternative, scalar};
    assert_eq!(scalar("12", Scalar::Integer), json!(12));
    assert_eq!(scalar("1.5", Scalar::Integer), json!("1.5"), "not an integer: the check names the type");
    assert_eq!(
        scalar("18446744073709551616", Scalar::Integer),
        json!(18446744073709551616.0),
        "too large stays a number"
    );
    assert_eq!(scalar("true", Scalar::Boolean), json!(true));
    assert_eq!(scalar("null", Scalar::Json), Value::Null);
    assert_eq!(scalar("x", Scalar::Json), json!("x"));
    let alternatives: &[&[&str]] = &[&["gt", "lt"], &["eq"]];
    assert_eq!(object_alternative(&json!({"eq": "1"}), alternatives), 1);
    assert_eq!(object_alternative(&json!({"gt": "1"}), alternatives), 0);
    assert_eq!(object_alternative(&json!({"zz": "1"}), alternatives), 0, "no fit: the first");
    assert_eq!(object_alternative(&json!({"eq": "1", "zz": "1"}), alternatives), 1, "the most declared keys");
    assert_eq!(object_alternative(&json!({"gt": "1", "eq": "1"}), alternatives), 0, "a tie: the first");
    assert_eq!(object_alternative(&json!("1"), alternatives), usize::MAX);
    let mut part = json!("null");
    assert!(crate::server_support::null_text(&mut part));
    assert_eq!(part, Value::Null);
    let mut part = json!("nulls");
    assert!(!crate::server_support::null_text(&mut part));
    assert_eq!(part, json!("nulls"));
}

#[test]
fn deep_object_pairs_keep_nested_keys() {
    use crate::server_support::deep_object_pairs;
    let query: Vec<(String, String)> =
        [("created[gt]", "1"), ("created[a][b]", "2"), ("created", "3"), ("createdx[y]", "4")]
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .into();
    assert_eq!(
        deep_object_pairs(&query, "created"),
        [("gt".to_string(), "1".to_string()), ("a[b]".into(), "2".into())]
    );
}

mod pagination {
    use crate::pagination::{Page, cursor_stream};
    use futures_util::StreamExt;
    use std::sync::{Arc, Mutex};

    /// A page the fake server answers for a cursor (`None` for the first): its items and next
    /// cursor, or an error.
    type FakePage = (Option<&'static str>, Result<(Vec<u32>, Option<&'static str>), &'static str>);

    /// Streams the items of `pages`, returning what it yielded and the cursors it asked for.
    async fn follow(pages: Vec<FakePage>) -> (Vec<Result<u32, String>>, Vec<Option<String>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = cursor_stream(None, move |cursor: Option<String>| {
            log.lock().unwrap().push(cursor.clone());
            let page = pages.iter().find(|(at, _)| at.map(str::to_string) == cursor).map(|(_, page)| page.clone());
            async move {
                match page {
                    Some(Ok((items, next))) => Ok(Page { items, next: next.map(str::to_string) }),
                    Some(Err(error)) => Err(error.to_string()),
                    None => Err("no such page".to_string()),
                }
            }
        });
        let items = stream.collect::<Vec<_>>().await;
        let asked = asked.lock().unwrap().clone();
        (items, asked)
    }

    #[tokio::test]
    async fn the_cursor_is_followed_until_a_page_names_none() {
        let (items, asked) = follow(vec![
            (None, Ok((vec![1, 2], Some("b")))),
            (Some("b"), Ok((vec![], Some("c")))),
            (Some("c"), Ok((vec![3], Some("")))),
        ])
        .await;
        assert_eq!(items, [Ok(1), Ok(2), Ok(3)]);
        assert_eq!(asked, [None, Some("b".into()), Some("c".into())]);
    }

    #[tokio::test]
    async fn a_cursor_handed_out_twice_ends_the_stream() {
        let (items, asked) = follow(vec![
            (None, Ok((vec![1], Some("b")))),
            (Some("b"), Ok((vec![2], Some("c")))),
            (Some("c"), Ok((vec![3], Some("b")))),
        ])
        .await;
        assert_eq!(items, [Ok(1), Ok(2), Ok(3)]);
        assert_eq!(asked.len(), 3);
    }

    #[tokio::test]
    async fn the_first_error_is_yielded_and_ends_the_stream() {
        let (items, asked) =
            follow(vec![(None, Ok((vec![1], Some("b")))), (Some("b"), Err("503")), (Some("c"), Ok((vec![3], None)))])
                .await;
        assert_eq!(items, [Ok(1), Err("503".to_string())]);
        assert_eq!(asked.len(), 2);
    }
}

#[test]
fn whole_numbers_written_with_a_fraction_become_integers() {
    let mut value = json!({"a": 5.0, "b": [1e3, 2.5, -0.0], "c": {"d": 1e19, "e": 1e30}, "f": "5.0"});
    whole_numbers_as_integers(&mut value);
    assert_eq!(
        value,
        json!({"a": 5, "b": [1000, 2.5, 0], "c": {"d": 10_000_000_000_000_000_000_u64, "e": 1e30}, "f": "5.0"})
    );
    assert!(value["a"].is_i64() && value["c"]["d"].is_u64() && value["c"]["e"].is_f64());
}

#[test]
fn a_media_type_the_generated_form_does_not_declare_is_another() {
    use crate::server_support::is_other_media;
    let headers = |media: &str| {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(axum::http::header::CONTENT_TYPE, media.parse().expect("a header value"));
        headers
    };
    let generated = ["application/json", "application/merge-patch+json"];
    assert!(is_other_media(&headers("application/apply-patch+yaml"), &generated, &["application/apply-patch+yaml"]));
    assert!(!is_other_media(&headers("application/json; charset=utf-8"), &generated, &["*/*"]));
    assert!(is_other_media(&headers("Image/PNG"), &generated, &["*/*"]));
    assert!(is_other_media(&headers("text/yaml"), &generated, &["text/*"]));
    assert!(!is_other_media(&headers("textual/yaml"), &generated, &["text/*"]));
    assert!(!is_other_media(&headers("application/xml"), &generated, &["text/*"]));
    assert!(!is_other_media(&axum::http::HeaderMap::new(), &generated, &["*/*"]));
    // A suffix range, among the others or among the generated form's own.
    assert!(is_other_media(&headers("application/vnd.a+xml"), &generated, &["application/*+xml"]));
    assert!(!is_other_media(&headers("application/vnd.a+json"), &["application/*+json"], &["*/*"]));
    assert!(!is_other_media(&headers("text/vnd.a+json"), &generated, &["application/*+json"]));
}
