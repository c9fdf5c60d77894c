//! The `_stream` methods of paginated lists, against a fake server (wiremock): the golden crate
//! of `tests/fixtures/pagination.yaml`, whose lists page as incident.io's, Stripe's and
//! dropshot's and Kubernetes' do, plus one declared and one switched off in `pagination.toml`.

use futures_util::StreamExt;
use pagination::client::{
    Client, InstanceListParams, ListAlertsParams, ListAppsV1DeploymentParams, ListCustomersParams, ListEventsParams,
    RateLimitRetry,
};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

fn alerts(ids: &[&str], after: Option<&str>) -> ResponseTemplate {
    let alerts: Vec<Value> = ids.iter().map(|id| json!({"id": id, "title": format!("alert {id}")})).collect();
    let mut meta = json!({"page_size": 2});
    if let Some(after) = after {
        meta["after"] = json!(after);
    }
    page(json!({"alerts": alerts, "pagination_meta": meta}))
}

/// Answers `GET /alerts` with `response` for the page at cursor `after` (`None`: the first).
fn alerts_page(after: Option<&str>) -> wiremock::MockBuilder {
    let mock = Mock::given(path("/alerts"));
    match after {
        None => mock.and(query_param_is_missing("after")),
        Some(cursor) => mock.and(query_param("after", cursor)),
    }
}

async fn alert_ids(client: &Client, params: &ListAlertsParams) -> Vec<Result<String, u16>> {
    client
        .list_alerts_stream(params)
        .map(|item| item.map(|alert| alert.id).map_err(|e| e.status().map_or(0, |s| s.as_u16())))
        .collect()
        .await
}

/// The `after` each request carried, in order (`None` for the first page).
async fn cursors(server: &MockServer, name: &str) -> Vec<Option<String>> {
    let requests = server.received_requests().await.expect("recorded");
    requests.iter().map(|r| r.url.query_pairs().find(|(k, _)| k == name).map(|(_, v)| v.into_owned())).collect()
}

#[tokio::test]
async fn a_stream_follows_the_cursor_until_the_last_page() {
    let server = MockServer::start().await;
    alerts_page(None).respond_with(alerts(&["a1", "a2"], Some("c2"))).mount(&server).await;
    alerts_page(Some("c2")).respond_with(alerts(&["a3"], Some("c3"))).mount(&server).await;
    alerts_page(Some("c3")).respond_with(alerts(&["a4"], None)).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client");
    // The other parameters go with every page.
    let params = ListAlertsParams { page_size: Some(2), ..Default::default() };
    let ids = alert_ids(&client, &params).await;
    assert_eq!(ids, [Ok("a1".into()), Ok("a2".into()), Ok("a3".into()), Ok("a4".into())]);
    assert_eq!(cursors(&server, "after").await, [None, Some("c2".into()), Some("c3".into())]);
    let requests = server.received_requests().await.expect("recorded");
    assert!(requests.iter().all(|r| r.url.query_pairs().any(|(k, v)| k == "page_size" && v == "2")));
}

#[tokio::test]
async fn a_cursor_handed_out_again_ends_the_stream() {
    let server = MockServer::start().await;
    alerts_page(None).respond_with(alerts(&["a1"], Some("c2"))).mount(&server).await;
    // The server hands out the first page's cursor again: following it would never end.
    alerts_page(Some("c2")).respond_with(alerts(&["a2"], Some("c2"))).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client");
    let ids = alert_ids(&client, &ListAlertsParams::default()).await;
    assert_eq!(ids, [Ok("a1".into()), Ok("a2".into())]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn an_error_mid_way_is_yielded_and_ends_the_stream() {
    let server = MockServer::start().await;
    alerts_page(None).respond_with(alerts(&["a1", "a2"], Some("c2"))).mount(&server).await;
    alerts_page(Some("c2")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    alerts_page(Some("c3")).respond_with(alerts(&["a9"], None)).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client");
    let ids = alert_ids(&client, &ListAlertsParams::default()).await;
    assert_eq!(ids, [Ok("a1".into()), Ok("a2".into()), Err(503)]);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn a_429_mid_way_is_retried_by_the_clients_policy_or_ends_the_stream() {
    let server = MockServer::start().await;
    alerts_page(None).respond_with(alerts(&["a1"], Some("c2"))).mount(&server).await;
    alerts_page(Some("c2"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    alerts_page(Some("c2")).respond_with(alerts(&["a2"], None)).mount(&server).await;
    let policy = RateLimitRetry { max_retries: 2, max_wait: Duration::from_secs(5) };
    let client = Client::new(&server.uri()).expect("client").with_rate_limit_retry(policy);
    let ids = alert_ids(&client, &ListAlertsParams::default()).await;
    assert_eq!(ids, [Ok("a1".into()), Ok("a2".into())]);
    assert_eq!(cursors(&server, "after").await, [None, Some("c2".into()), Some("c2".into())]);

    // Without a retry policy the 429 is the stream's error, and its last item.
    server.reset().await;
    alerts_page(None).respond_with(alerts(&["a1"], Some("c2"))).mount(&server).await;
    alerts_page(Some("c2")).respond_with(ResponseTemplate::new(429)).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client");
    assert_eq!(alert_ids(&client, &ListAlertsParams::default()).await, [Ok("a1".into()), Err(429)]);
}

#[tokio::test]
async fn stripe_dropshot_and_declared_rules_page_their_own_way() {
    let server = MockServer::start().await;
    // Stripe: `has_more`, and the next page starts after the last item's id.
    let customers = |ids: &[&str], more: bool| {
        let data: Vec<Value> = ids.iter().map(|id| json!({"id": id})).collect();
        page(json!({"data": data, "has_more": more, "object": "list", "url": "/customers"}))
    };
    Mock::given(path("/customers"))
        .and(query_param_is_missing("starting_after"))
        .respond_with(customers(&["cus_1", "cus_2"], true))
        .mount(&server)
        .await;
    Mock::given(path("/customers"))
        .and(query_param("starting_after", "cus_2"))
        .respond_with(customers(&["cus_3"], false))
        .mount(&server)
        .await;
    // dropshot: `page_token` and `next_page`, with the required path parameter on every page.
    let instances = |names: &[&str], next: Value| {
        let items: Vec<Value> = names.iter().map(|n| json!({"id": format!("id-{n}"), "name": n})).collect();
        page(json!({"items": items, "next_page": next}))
    };
    Mock::given(method("GET"))
        .and(path("/projects/p1/instances"))
        .and(query_param_is_missing("page_token"))
        .respond_with(instances(&["web"], json!("t2")))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/projects/p1/instances"))
        .and(query_param("page_token", "t2"))
        .respond_with(instances(&["db"], Value::Null))
        .mount(&server)
        .await;
    // Declared in pagination.toml: `offset_token` from `meta.following`, items `events` (the
    // page has two arrays).
    Mock::given(path("/events"))
        .and(query_param_is_missing("offset_token"))
        .respond_with(page(json!({"events": ["e1"], "related": ["x"], "meta": {"following": "o2"}})))
        .mount(&server)
        .await;
    Mock::given(path("/events"))
        .and(query_param("offset_token", "o2"))
        .respond_with(page(json!({"events": ["e2"], "meta": {"following": null}})))
        .mount(&server)
        .await;

    let client = Client::new(&server.uri()).expect("client");
    let customers: Vec<String> = client
        .list_customers_stream(&ListCustomersParams::default())
        .map(|c| c.expect("a customer").id)
        .collect()
        .await;
    assert_eq!(customers, ["cus_1", "cus_2", "cus_3"]);
    let names: Vec<String> = client
        .instance_list_stream("p1", &InstanceListParams::default())
        .map(|i| i.expect("an instance").name)
        .collect()
        .await;
    assert_eq!(names, ["web", "db"]);
    let events: Vec<String> =
        client.list_events_stream(&ListEventsParams::default()).map(|e| e.expect("an event")).collect().await;
    assert_eq!(events, ["e1", "e2"]);
}

/// Kubernetes: `continue`, the next one at `metadata.continue` (omitted, or empty, on the last
/// page), the items in `items`.
#[tokio::test]
async fn kubernetes_lists_follow_metadata_continue() {
    let server = MockServer::start().await;
    let deployments = |names: &[&str], next: &str| {
        let items: Vec<Value> = names.iter().map(|n| json!({"name": n})).collect();
        page(json!({"apiVersion": "apps/v1", "kind": "DeploymentList", "items": items, "metadata": {"continue": next}}))
    };
    let list = || Mock::given(method("GET")).and(path("/apis/apps/v1/deployments"));
    list().and(query_param_is_missing("continue")).respond_with(deployments(&["web", "db"], "c2")).mount(&server).await;
    list().and(query_param("continue", "c2")).respond_with(deployments(&["cache"], "")).mount(&server).await;
    let client = Client::new(&server.uri()).expect("client");
    let names: Vec<Option<String>> = client
        .list_apps_v1_deployment_stream(&ListAppsV1DeploymentParams::default())
        .map(|d| d.expect("a deployment").name)
        .collect()
        .await;
    assert_eq!(names, [Some("web".into()), Some("db".into()), Some("cache".into())]);
}

#[test]
fn a_list_switched_off_in_the_configuration_has_no_stream() {
    let client =
        std::fs::read_to_string(tests::root().join("tests/golden/pagination/src/client.rs")).expect("client.rs");
    assert!(client.contains("pub async fn list_logs("));
    assert!(!client.contains("list_logs_stream"), "listLogs = false");
}

/// The lists of two real APIs, found by their conventions: incident.io's `after` and
/// `pagination_meta.after`, Oxide's `x-dropshot-pagination`.
#[test]
fn the_lists_of_incident_io_and_nexus_are_found() {
    for (spec, streams, example) in [
        (
            "incident-io.json",
            30,
            "at #/paths/~1v1~1alert_notes/get: `alert_notes_v1_list_stream` follows `after` from `pagination_meta.after`, items `alert_notes` (found)",
        ),
        (
            "progenitor-nexus.json",
            43,
            "at #/paths/~1groups/get: `group_list_stream` follows `page_token` from `next_page`, items `items` (x-dropshot-pagination)",
        ),
    ] {
        let text = std::fs::read_to_string(tests::corpus(spec)).expect("spec");
        let settings = generator::Settings { spec_path: spec.into(), ..Default::default() };
        let generated = generator::generate_crate(&text, &settings).expect("generates");
        assert_eq!(generated.streams, streams, "{spec}");
        assert!(generated.notes.iter().any(|n| n.ends_with(example)), "{spec}: {:?}", generated.notes);
    }
}

/// An object with more than three required properties is built by name: `build` names every
/// required property not set, and unset properties take the spec's defaults.
#[test]
fn a_builder_names_what_is_missing_and_fills_the_defaults() {
    use pagination::models::{Subscription, SubscriptionStatus};
    let built = Subscription::builder()
        .customer("cus_1")
        .plan("pro")
        .status(SubscriptionStatus::Active)
        .trial(false)
        .build()
        .expect("every required property set");
    // `quantity` (required, default 1) and `currency` (optional, default "usd") take the spec's
    // defaults; `note` (optional, no default) is left out.
    assert_eq!((built.quantity, built.currency.as_deref(), built.note.as_deref()), (1, Some("usd"), None));
    assert_eq!(serde_json::to_value(&built).expect("encodes")["status"], "active");
    let set = Subscription::builder()
        .customer("cus_1")
        .plan("pro")
        .status(SubscriptionStatus::Canceled)
        .trial(true)
        .quantity(3)
        .note("renews in May")
        .build()
        .expect("built");
    assert_eq!((set.quantity, set.note.as_deref()), (3, Some("renews in May")));

    let missing = Subscription::builder().plan("pro").build().expect_err("three are missing");
    assert_eq!(missing.fields, ["customer", "status", "trial"]);
    assert_eq!(missing.to_string(), "`Subscription` needs `customer`, `status`, `trial`");
}

/// A `…Params` struct with more than three parameters has named setters.
#[test]
fn params_with_more_than_three_fields_have_setters() {
    let params = shapes::client::FilterItemsParams::default().page_size(10).prefix("ab");
    assert_eq!((params.page_size, params.prefix.as_deref(), params.per_page), (Some(10), Some("ab"), None));
}

/// `[generate] server = false` (pagination.toml) and `client = false` (server_only.toml): a
/// crate with one side has neither the other's module, feature, dependencies nor stub.
#[tokio::test]
async fn a_crate_can_have_only_its_client_or_only_its_server() {
    use tower::ServiceExt;
    let golden =
        |name: &str, file: &str| std::fs::read_to_string(tests::root().join("tests/golden").join(name).join(file));
    let client_only = golden("pagination", "Cargo.toml").expect("manifest");
    assert!(client_only.contains("default = [\"client\"]") && !client_only.contains("axum = {"), "{client_only}");
    assert!(
        golden("pagination", "src/server.rs").is_err() && golden("pagination", "examples/stub_server/main.rs").is_err()
    );
    let server_only = golden("server_only", "Cargo.toml").expect("manifest");
    assert!(server_only.contains("default = [\"server\"]") && !server_only.contains("reqwest"), "{server_only}");
    assert!(golden("server_only", "src/client.rs").is_err());

    // The server alone still checks every request and answers 501 for what is not implemented.
    struct Nothing;
    impl server_only::server::Api for Nothing {}
    let app = server_only::server::router(std::sync::Arc::new(Nothing));
    let get = |uri: &str| axum::http::Request::builder().uri(uri).body(axum::body::Body::empty()).expect("request");
    assert_eq!(app.clone().oneshot(get("/notes/0")).await.expect("answers").status(), 422);
    assert_eq!(app.oneshot(get("/notes/1")).await.expect("answers").status(), 501);
}
