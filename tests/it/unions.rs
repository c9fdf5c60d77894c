//! Unions as real specs write them, through the golden crate generated from
//! `tests/fixtures/unions.yaml`: every value decodes into the alternative its tag names (never an
//! alternative meant for another tag), a tag the spec does not know lands in the union's own
//! catch-all with the raw value, and every value re-encodes to the JSON it came from.

use serde_json::{Value, json};
use std::sync::Arc;
use unions::models::{
    self, Disk, DiskSource, DiskSourceBlank, DiskSourceGlobalImage, DiskSourceImage, DiskState, DiskStateAttached,
    InstanceState, Owner, PaymentMethod,
};
use unions::validation::Schema;
use unions::{Client, server};

/// Decodes `json` as `T`, checks it re-encodes to the same JSON, and returns it.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: Value) -> T {
    let decoded: T = serde_json::from_value(json.clone()).unwrap_or_else(|e| panic!("{json} does not decode: {e}"));
    assert_eq!(serde_json::to_value(&decoded).expect("encodes"), json, "re-encoding changed the value");
    decoded
}

const IMAGE: &str = "2d7a5e0c-7c6f-4c61-9d2b-7d1e1f0f0a01";

#[test]
fn a_tag_without_a_discriminator_picks_its_own_alternative() {
    let image_id = IMAGE.to_string();
    let global: DiskSource = round_trip(json!({"type": "global_image", "image_id": IMAGE}));
    assert_eq!(global, DiskSource::GlobalImage(DiskSourceGlobalImage { image_id: image_id.clone() }));
    let project: DiskSource = round_trip(json!({"type": "image", "image_id": IMAGE}));
    assert_eq!(project, DiskSource::Image(DiskSourceImage { image_id }));
    let blank: DiskSource = round_trip(json!({"type": "blank", "block_size": 4096}));
    assert_eq!(blank, DiskSource::Blank(DiskSourceBlank { block_size: 4096 }));

    // A source the spec does not list yet is the union's own, kept whole; it is not taken by
    // an alternative meant for another tag.
    let future = json!({"type": "url", "url": "https://example.com/disk.img"});
    let unknown: DiskSource = round_trip(future.clone());
    assert_eq!(unknown, DiskSource::Unknown(future));
}

#[test]
fn alternatives_that_are_only_their_tag_are_unit_variants() {
    assert_eq!(round_trip::<DiskState>(json!({"state": "creating"})), DiskState::Creating);
    assert_eq!(round_trip::<DiskState>(json!({"state": "detached"})), DiskState::Detached);
    let attached: DiskState = round_trip(json!({"state": "attached", "instance": IMAGE}));
    assert_eq!(attached, DiskState::Attached(DiskStateAttached { instance: IMAGE.into() }));
    let faulted = json!({"state": "faulted"});
    assert_eq!(round_trip::<DiskState>(faulted.clone()), DiskState::Unknown(faulted));
}

#[test]
fn a_one_of_of_single_values_is_one_enum() {
    assert_eq!(round_trip::<InstanceState>(json!("running")), InstanceState::Running);
    assert_eq!(round_trip::<InstanceState>(json!("stopped")), InstanceState::Stopped);
    assert_eq!(round_trip::<InstanceState>(json!("creating")), InstanceState::Creating);
    assert_eq!(round_trip::<InstanceState>(json!("migrating")), InstanceState::Unknown("migrating".into()));
}

#[test]
fn ref_alternatives_keep_their_own_tag() {
    let customer: Owner = round_trip(json!({"object": "customer", "id": "cus_1"}));
    let Owner::Customer(customer) = customer else { panic!("not a customer: {customer:?}") };
    assert_eq!(customer.id, "cus_1");
    let deleted: Owner = round_trip(json!({"object": "deleted_customer", "id": "cus_2", "deleted": true}));
    assert!(matches!(deleted, Owner::DeletedCustomer(ref d) if d.deleted), "{deleted:?}");
}

#[test]
fn an_untagged_union_goes_by_shape() {
    let card: PaymentMethod = round_trip(json!("4242424242424242"));
    assert_eq!(card, PaymentMethod::String("4242424242424242".into()));
    let bank: PaymentMethod = round_trip(json!({"iban": "DE89370400440532013000"}));
    assert!(matches!(bank, PaymentMethod::BankAccount(ref b) if b.iban == "DE89370400440532013000"), "{bank:?}");
}

/// Runs the generated checks of `T` on `value` and returns `(pointer, rule)` of each violation.
fn violations<T: Schema>(value: Value) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    T::check(&value, &unions::validation::Location::root(unions::validation::Source::Body), &mut errors);
    errors.iter().map(|v| (v.pointer.clone(), v.rule.to_string())).collect()
}

#[test]
fn validation_checks_the_alternative_the_tag_names() {
    assert_eq!(violations::<DiskSource>(json!({"type": "image", "image_id": IMAGE})), vec![]);
    // `image` needs an `image_id`; the check does not wander to other alternatives.
    assert_eq!(violations::<DiskSource>(json!({"type": "image"})), vec![("/image_id".into(), "required".into())]);
    // `global_image` allows no other property, but its tag is one of its own.
    assert_eq!(
        violations::<DiskSource>(json!({"type": "global_image", "image_id": IMAGE, "extra": 1})),
        vec![("/extra".into(), "additionalProperties".into())]
    );
    // A request may not use a tag the spec does not list.
    assert_eq!(violations::<DiskSource>(json!({"type": "url"})), vec![("/type".into(), "discriminator".into())]);
    // An alternative that is only its tag and allows nothing else (`additionalProperties:
    // false`) refuses another property; one that does not, takes it.
    assert_eq!(
        violations::<DiskState>(json!({"state": "creating", "extra": 1})),
        vec![("/extra".into(), "additionalProperties".into())]
    );
    assert_eq!(violations::<DiskState>(json!({"state": "detached", "extra": 1})), vec![]);
    // Untagged `oneOf`: a value no alternative takes is reported.
    assert_eq!(violations::<PaymentMethod>(json!("short")), vec![("".into(), "oneOf".into())]);
}

#[tokio::test]
async fn the_stub_answers_with_the_documented_example_in_its_variants() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let client = Client::new(&format!("http://{addr}")).expect("client");
    let body = models::DiskCreate::new("d1".into(), DiskSource::Blank(DiskSourceBlank { block_size: 512 }));
    let disk: Disk = client.create_disk(&body).await.expect("createDisk").into_inner();
    assert_eq!(disk.source, DiskSource::GlobalImage(DiskSourceGlobalImage { image_id: IMAGE.into() }));
    assert!(matches!(disk.state, DiskState::Attached(_)), "{:?}", disk.state);
    assert_eq!(disk.instance_state, InstanceState::Running);
    assert!(matches!(disk.owner, Owner::Customer(_)), "{:?}", disk.owner);
    // Components that are nullable themselves take null where a property refers to them.
    assert_eq!((disk.previous_owner, disk.backup), (None, None));

    // The client refuses an unknown source before sending it.
    let unknown = DiskSource::Unknown(json!({"type": "url"}));
    let refused = client.create_disk(&models::DiskCreate::new("d2".into(), unknown)).await.expect_err("refused");
    assert!(matches!(refused, unions::client::Error::Validation(_)), "{refused:?}");
}

#[test]
fn address_formats_tell_alternatives_apart() {
    use unions::models::IpRange;
    let v6: IpRange = round_trip(json!({"first": "::", "last": "::1"}));
    assert!(matches!(v6, IpRange::Ipv6Range(_)), "{v6:?}");
    let v4: IpRange = round_trip(json!({"first": "10.0.0.1", "last": "10.0.0.9"}));
    assert!(matches!(v4, IpRange::Ipv4Range(_)), "{v4:?}");
    // Exactly one alternative takes each: neither is a `oneOf` violation.
    assert_eq!(violations::<IpRange>(json!({"first": "::", "last": "::1"})), vec![]);
    assert_eq!(violations::<IpRange>(json!({"first": "10.0.0.1", "last": "10.0.0.9"})), vec![]);
    assert_eq!(violations::<IpRange>(json!({"first": "nope", "last": "::1"})), vec![("".into(), "oneOf".into())]);
}

/// `oneOf: [{type: string, nullable: true}, {type: integer}]` (box's `retention_length`): null is
/// a value of the union, so the property holding it keeps null apart from absent.
#[test]
fn a_nullable_alternative_makes_the_union_nullable() {
    use unions::models::{Period, Retention, RetentionLength};
    let nulls: Retention = round_trip(json!({"length": null, "period": null}));
    assert_eq!((nulls.length, nulls.period), (Some(None), Some(None)));
    assert_eq!(violations::<Retention>(json!({"length": null, "period": null})), vec![]);
    let values: Retention = round_trip(json!({"length": "365", "period": 7}));
    assert_eq!(values.length, Some(Some(RetentionLength::String("365".into()))));
    assert_eq!(values.period, Some(Some(Period::Integer(7))));
    let absent: Retention = round_trip(json!({}));
    assert_eq!((absent.length, absent.period), (None, None));
    assert_eq!(violations::<Retention>(json!({"length": true})), vec![("/length".into(), "oneOf".into())]);
}

/// Sends `body` as JSON to the example stub's `/payments`; returns the status, media type and
/// JSON body of the answer.
async fn pay_to_the_stub(body: &'static str) -> (u16, String, Value) {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/payments"))
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .expect("server answers");
    let status = response.status().as_u16();
    let media = response.headers()["content-type"].to_str().expect("text").to_string();
    let body = serde_json::from_slice(&response.bytes().await.expect("body")).expect("JSON");
    (status, media, body)
}

/// An error response documented as a union of shapes (GitHub's `oneOf: [validation-error,
/// validation-error-simple]`): the server's own rejection fills the first shape the union
/// accepts, with the documented media type, and decodes as that alternative.
#[tokio::test]
async fn a_rejection_fills_one_alternative_of_a_union_error_schema() {
    use unions::models::PayUnprocessableEntityBody;
    let (status, media, body) = pay_to_the_stub("true").await;
    assert_eq!(status, 422);
    assert_eq!(media, "application/json");
    assert_eq!(violations::<PayUnprocessableEntityBody>(body.clone()), vec![], "{body}");
    let decoded: PayUnprocessableEntityBody = serde_json::from_value(body.clone()).expect("decodes");
    let PayUnprocessableEntityBody::ValidationError(error) = decoded else { panic!("{body}") };
    assert!(error.message.contains("must match one of the alternatives"), "{}", error.message);
}

/// An operation that documents 422 and not 400 for a refused request (GitHub's) answers 422 for
/// a body that is not JSON too, in its documented shape, rather than an undocumented 400.
#[tokio::test]
async fn a_body_that_is_not_json_gets_the_only_documented_refusal_status() {
    use unions::models::PayUnprocessableEntityBody;
    let (status, media, body) = pay_to_the_stub("{").await;
    assert_eq!((status, media.as_str()), (422, "application/json"));
    // Exactly one alternative of the `oneOf` takes it: the error list is not left empty (which
    // both would accept) but carries the detail.
    assert_eq!(violations::<PayUnprocessableEntityBody>(body.clone()), vec![], "{body}");
    let decoded: PayUnprocessableEntityBody = serde_json::from_value(body.clone()).expect("documented shape");
    let PayUnprocessableEntityBody::ValidationError(error) = decoded else { panic!("{body}") };
    assert!(error.message.contains("not valid JSON"), "{body}");
    assert_eq!(error.errors.map(|e| e.len()), Some(1), "{body}");
}

/// OpenAI's `InputItem`: a discriminator whose tag does not decide every value. A tag that
/// selects one branch decides (`active`, and `tool_call` from inside the nested union `Item`);
/// a value without a tag, or with `message`, which two branches share, goes by shape, as
/// `oneOf` says; a tag nothing takes is kept whole.
#[test]
fn a_tag_that_does_not_decide_leaves_the_choice_to_the_shape() {
    use unions::models::{InputItem, Item};
    let active: InputItem = round_trip(json!({"type": "active", "since": 3}));
    assert!(matches!(active, InputItem::ActiveStatus(ref a) if a.since == 3), "{active:?}");
    let call: InputItem = round_trip(json!({"type": "tool_call", "name": "lookup"}));
    assert!(matches!(call, InputItem::Item(Item::ToolCall(ref c)) if c.name == "lookup"), "{call:?}");
    // No `type` at all: only `EasyMessage` leaves it optional and takes this shape.
    let easy: InputItem = round_trip(json!({"role": "user", "content": "hi"}));
    assert!(matches!(easy, InputItem::EasyMessage(ref m) if m.content == "hi"), "{easy:?}");
    // `message` names both `EasyMessage` and `Item`'s `Message`: the content tells them apart.
    let shared: InputItem = round_trip(json!({"type": "message", "role": "user", "content": "hi"}));
    assert!(matches!(shared, InputItem::EasyMessage(_)), "{shared:?}");
    let parts = json!({"type": "message", "role": "user", "content": [{"text": "hi"}]});
    let nested: InputItem = round_trip(parts);
    assert!(matches!(nested, InputItem::Item(Item::Message(ref m)) if m.content.len() == 1), "{nested:?}");
    let reference: InputItem = round_trip(json!({"id": "msg_1"}));
    assert!(matches!(reference, InputItem::ItemReference(ref r) if r.id == "msg_1"), "{reference:?}");
    // A tag nothing takes, with no shape that fits: kept as it came, not decoded into a guess.
    let future = json!({"type": "audio", "role": "user", "content": "hi"});
    assert_eq!(round_trip::<InputItem>(future.clone()), InputItem::Unknown(future));

    // The server holds each value to the same rules.
    assert_eq!(violations::<InputItem>(json!({"role": "user", "content": "hi"})), vec![]);
    assert_eq!(violations::<InputItem>(json!({"type": "message", "role": "user", "content": [{"text": "x"}]})), vec![]);
    assert_eq!(violations::<InputItem>(json!({"type": "tool_call"})), vec![("/name".into(), "required".into())]);
    assert_eq!(violations::<InputItem>(json!({"type": "audio"})), vec![("".into(), "oneOf".into())]);
    assert_eq!(violations::<InputItem>(json!({"role": "user"})), vec![("".into(), "oneOf".into())]);
}

/// The stub builds an answer for `addInput` (no example): the first branch, `ActiveStatus`,
/// carries the tag its own schema allows (`active`), not its schema's name.
#[tokio::test]
async fn a_built_answer_carries_the_tag_its_branch_allows() {
    use unions::models::{ActiveStatus, InputItem};
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let client = Client::new(&format!("http://{addr}")).expect("client");
    let sent = InputItem::ActiveStatus(ActiveStatus::new(models::ActiveStatusType::Active, 5));
    let answer = client.add_input(&sent).await.expect("addInput").into_inner();
    assert!(matches!(answer, InputItem::ActiveStatus(_)), "{answer:?}");
    assert_eq!(serde_json::to_value(&answer).expect("encodes")["type"], "active");
    // A request without a tag that only the shape decides reaches the stub too.
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/inputs"))
        .header("content-type", "application/json")
        .body(r#"{"role": "user", "content": "hi"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 200);
    let refused = reqwest::Client::new()
        .post(format!("http://{addr}/inputs"))
        .header("content-type", "application/json")
        .body(r#"{"type": "tool_call"}"#)
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status(), 422);
}

/// Discord's command options: each alternative's integer `type` lists its one value beside a
/// reference to the enum of every type. The value is the rule, so exactly one alternative
/// takes each option.
#[test]
fn an_integer_tag_beside_a_reference_keeps_its_own_value() {
    use unions::models::CommandOption;
    let boolean: CommandOption = round_trip(json!({"type": 5, "name": "flag"}));
    assert!(matches!(boolean, CommandOption::BooleanOption(ref o) if o.name == "flag"), "{boolean:?}");
    let string: CommandOption = round_trip(json!({"type": 3, "name": "text"}));
    assert!(matches!(string, CommandOption::StringOption(_)), "{string:?}");
    assert_eq!(violations::<CommandOption>(json!({"type": 5, "name": "flag"})), vec![]);
    assert_eq!(violations::<CommandOption>(json!({"type": 3, "name": "text", "max_length": 2})), vec![]);
    assert_eq!(violations::<CommandOption>(json!({"type": 7, "name": "x"})), vec![("".into(), "oneOf".into())]);
}

/// A reference to a component that is nullable itself (a union, an object) takes null, and
/// still refuses what the component does not allow.
#[test]
fn a_reference_to_a_nullable_component_takes_null() {
    let disk = json!({
        "name": "d", "source": {"type": "blank", "block_size": 512}, "state": {"state": "creating"},
        "instance_state": "running", "owner": {"object": "customer", "id": "c"},
        "previous_owner": null, "backup": null
    });
    let decoded: Disk = round_trip(disk.clone());
    assert_eq!((decoded.previous_owner, decoded.backup), (None, None));
    assert_eq!(violations::<Disk>(disk.clone()), vec![]);
    let mut owned = disk;
    owned["previous_owner"] = json!({"object": "deleted_customer", "id": "c", "deleted": true});
    owned["backup"] = json!({"at": "noon"});
    let decoded: Disk = round_trip(owned.clone());
    assert!(
        matches!(decoded.previous_owner, Some(models::PreviousOwner::DeletedCustomer(_))),
        "{:?}",
        decoded.previous_owner
    );
    owned["backup"] = json!({});
    assert_eq!(violations::<Disk>(owned), vec![("/backup/at".into(), "required".into())]);
}

/// A crate whose only multipart form sits beside a JSON body reads it (the multipart reader
/// is part of the crate) and checks its parts.
#[tokio::test]
async fn the_only_multipart_form_beside_json_is_read() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let send = |media: &'static str, body: &'static str| async move {
        reqwest::Client::new()
            .post(format!("http://{addr}/attachments"))
            .header("content-type", media)
            .body(body)
            .send()
            .await
            .expect("server answers")
            .status()
            .as_u16()
    };
    let media = "multipart/form-data; boundary=XyZ";
    let file = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\nbytes\r\n--XyZ--\r\n";
    assert_eq!(send(media, file).await, 204);
    assert_eq!(send(media, "--XyZ--\r\n").await, 422, "the required part is missing");
    assert_eq!(send("application/json", r#"{"url": "u"}"#).await, 204);
}

/// A multipart form whose schema is a union of objects is checked part by part: each part is
/// read as the alternative its names select (`max_length` is `StringOption`'s), and the
/// union's check then decides, integer tags included.
#[tokio::test]
async fn a_multipart_union_of_objects_is_checked_part_by_part() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let send = |parts| send_parts(addr, "/options/upload", parts);
    assert_eq!(send(&[("type", "3"), ("name", "n"), ("max_length", "5")]).await.0, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n")]).await.0, 204);
    // `5` above passed as the integer `max_length` is; `five` is no integer.
    let (status, body) = send(&[("type", "3"), ("name", "n"), ("max_length", "five")]).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(send(&[("type", "7"), ("name", "n")]).await.0, 422, "no alternative takes type 7");
    assert_eq!(send(&[("name", "n")]).await.0, 422, "every alternative requires type");
}

/// A union that is one part of an `allOf` beside an object is flattened into it: the object's
/// parts and the union's are checked together, in a multipart form as in JSON.
#[tokio::test]
async fn a_union_joined_to_an_object_in_all_of_is_checked_with_it() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let send = |parts| async move { send_parts(addr, "/options/icon", parts).await.0 };
    assert_eq!(send(&[("type", "3"), ("name", "n"), ("max_length", "5"), ("icon", "png"), ("size", "2")]).await, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png")]).await, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n")]).await, 422, "the object's required `icon`");
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png"), ("size", "0")]).await, 422, "size below 1");
    assert_eq!(send(&[("type", "7"), ("name", "n"), ("icon", "png")]).await, 422, "no alternative takes type 7");
    // A part is text: `null` is the null of a nullable integer or array, not an item.
    let nulls = [("type", "5"), ("name", "n"), ("icon", "png"), ("size", "null"), ("tags", "null")];
    assert_eq!(send(&nulls).await, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png"), ("tags", "3"), ("tags", "4")]).await, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png"), ("size", "nul")]).await, 422);
    // An enum that does not list `null` reads it as null too; a string keeps it as text.
    let fidelity = [("type", "5"), ("name", "n"), ("icon", "png"), ("fidelity", "null"), ("caption", "null")];
    assert_eq!(send(&fidelity).await, 204);
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png"), ("fidelity", "mid")]).await, 422);
    assert_eq!(send(&[("type", "5"), ("name", "n"), ("icon", "png"), ("caption", "null")]).await, 204, "the text");
    let decoded: models::UploadOptionIconBody =
        serde_json::from_value(json!({"type": 3, "name": "n", "max_length": 5, "icon": "png"})).expect("decodes");
    assert!(matches!(decoded.variant, models::CommandOption::StringOption(_)), "{:?}", decoded.variant);
}

/// Posts `parts` as a `multipart/form-data` body of text parts; the status and the body.
async fn send_parts(addr: std::net::SocketAddr, path: &str, parts: &[(&str, &str)]) -> (u16, String) {
    let body: String = parts
        .iter()
        .map(|(name, value)| format!("--XyZ\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"))
        .chain(std::iter::once("--XyZ--\r\n".to_owned()))
        .collect();
    let response = reqwest::Client::new()
        .post(format!("http://{addr}{path}"))
        .header("content-type", "multipart/form-data; boundary=XyZ")
        .body(body)
        .send()
        .await
        .expect("server answers");
    (response.status().as_u16(), response.text().await.expect("a body"))
}

/// A union of texts in the path and the query (nexus' `NameOrId`: a uuid or a name): the server
/// takes either alternative's text as it came, refuses a text that is neither, and the client
/// sends each as its text.
#[tokio::test]
async fn a_union_of_texts_is_a_parameter_of_either() {
    let addr = tests::serve(server::router(Arc::new(server::ExampleStub))).await;
    let get = |path: String| async move {
        let response = reqwest::get(format!("http://{addr}{path}")).await.expect("server answers");
        let status = response.status().as_u16();
        (status, response.text().await.expect("a body"))
    };
    for path in
        [format!("/disks/{IMAGE}"), "/disks/my-disk?project=my-project".into(), format!("/disks/d1?project={IMAGE}")]
    {
        assert_eq!(get(path.clone()).await.0, 204, "{path}");
    }
    for path in ["/disks/My_Disk", "/disks/d1?project=Not%20a%20name"] {
        let (status, body) = get(path.into()).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert!(body.contains(r#""rule":"oneOf""#), "{path}: {body}");
    }
    let client = Client::new(&format!("http://{addr}")).expect("a base url");
    let params = unions::client::ViewDiskParams { project: Some(models::NameOrId::Id(IMAGE.into())) };
    client.view_disk(&models::NameOrId::Name("my-disk".into()), &params).await.expect("the server takes it");
}

/// Alternatives that are no named type are named by their `title` (nexus' `id` and `name`), and
/// each text decodes into the alternative whose rules it meets.
#[test]
fn titled_alternatives_name_their_variants() {
    assert_eq!(round_trip::<models::NameOrId>(json!(IMAGE)), models::NameOrId::Id(IMAGE.into()));
    assert_eq!(round_trip::<models::NameOrId>(json!("my-disk")), models::NameOrId::Name("my-disk".into()));
    // A text that meets neither is refused by the checks the server runs before decoding.
    assert_eq!(violations::<models::NameOrId>(json!("My_Disk")), [(String::new(), "oneOf".to_string())]);
}
