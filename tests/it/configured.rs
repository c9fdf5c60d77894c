//! A crate generated through a configuration file: the golden crate of
//! `tests/fixtures/configured.yaml` with `configured.toml` beside it (an overlay, a filter,
//! renames, format mappings, extra derives and the dependencies they need), exercised through
//! its client and its server.

use configured::client::{AllPetsParams, Client};
use configured::models::{Pet, PetDraft};
use configured::server::{
    AllPetsRequest, AllPetsResponse, Api, CreatePetRequest, CreatePetResponse, GetPetRequest, GetPetResponse,
};
use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, Mutex};

const GOLDEN: &str = "tests/golden/configured";

fn pet(id: uuid::Uuid) -> Pet {
    let born: jiff::Timestamp = "2020-05-17T08:30:00Z".parse().expect("a timestamp");
    Pet { chip: Some(985_112_006_547_321), ..Pet::new(id, "Rex".into(), born) }
}

/// The `filter` and `born_after` of one list request, as the implementation received them.
type Listed = (Option<BTreeMap<String, String>>, Option<jiff::Timestamp>);

/// Records what the server handed the implementation.
#[derive(Default)]
struct Shop {
    listed: Mutex<Vec<Listed>>,
}

impl Api for Shop {
    async fn all_pets(&self, request: AllPetsRequest) -> AllPetsResponse {
        self.listed.lock().expect("lock").push((request.filter, request.born_after));
        AllPetsResponse::Ok(vec![pet(uuid::Uuid::from_u128(7))])
    }

    async fn create_pet(&self, request: CreatePetRequest) -> CreatePetResponse {
        let PetDraft { name, born } = request.body;
        let born = born.unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        CreatePetResponse::Created(Pet::new(uuid::Uuid::from_u128(1), name, born))
    }

    async fn get_pet(&self, request: GetPetRequest) -> GetPetResponse {
        if request.id == uuid::Uuid::from_u128(7) {
            GetPetResponse::Ok(pet(request.id))
        } else {
            GetPetResponse::NotFound
        }
    }
}

#[tokio::test]
async fn mapped_formats_renames_and_the_overlay_work_through_client_and_server() {
    let shop = Arc::new(Shop::default());
    let address = tests::serve(configured::server::router(shop.clone())).await;
    let client = Client::new(&format!("http://{address}")).expect("client");

    // `format: uuid` is `uuid::Uuid` in paths and bodies, `date-time` is `jiff::Timestamp`,
    // `int64` is `i128`.
    let found = client.get_pet(&uuid::Uuid::from_u128(7)).await.expect("found").into_inner();
    assert_eq!(found, pet(uuid::Uuid::from_u128(7)));
    assert_eq!(found.born.as_second(), 1_589_704_200);
    let missing = client.get_pet(&uuid::Uuid::from_u128(8)).await.expect_err("404");
    assert_eq!(missing.status().map(|s| s.as_u16()), Some(404));

    // `NewPet` is `PetDraft`, `listPets` is `all_pets`.
    let born: jiff::Timestamp = "2021-01-01T00:00:00Z".parse().expect("a timestamp");
    let created = client.create_pet(&PetDraft { name: "Tom".into(), born: Some(born) }).await.expect("created");
    assert_eq!((created.into_inner().born, 201), (born, 201));

    // The overlay made `filter` a deepObject: the client sends `filter[kind]=cat` and the
    // server reads it back into the map; a timestamp travels as RFC 3339.
    let filter = BTreeMap::from([("kind".to_string(), "cat".to_string())]);
    let params = AllPetsParams { filter: Some(filter.clone()), born_after: Some(born) };
    let pets = client.all_pets(&params).await.expect("listed").into_inner();
    assert_eq!(pets.len(), 1);
    let raw =
        reqwest::get(format!("http://{address}/pets?filter%5Bcolour%5D=black&born_after=2021-01-01T00%3A00%3A00Z"))
            .await
            .expect("answers");
    assert_eq!(raw.status(), 200);
    let listed = shop.listed.lock().expect("lock").clone();
    assert_eq!(listed[0], (Some(filter), Some(born)));
    assert_eq!(listed[1], (Some(BTreeMap::from([("colour".to_string(), "black".to_string())])), Some(born)));

    // A value that is not a uuid or a timestamp is refused before the implementation, naming
    // the parameter and the rule.
    for (bad, rule) in [("/pets/not-a-uuid", "must be a UUID"), ("/pets?born_after=yesterday", "born_after")] {
        let answer = reqwest::get(format!("http://{address}{bad}")).await.expect("answers");
        assert_eq!(answer.status(), 422, "{bad}");
        let text = answer.text().await.expect("a body");
        assert!(text.contains(rule), "{bad}: {text}");
    }
    assert_eq!(shop.listed.lock().expect("lock").len(), 2);
}

#[test]
fn derives_filter_version_and_dependencies_are_the_configurations() {
    // `[derives] all = ["Eq", "Hash"]`: model types go in a hash set.
    let pets: HashSet<Pet> = [pet(uuid::Uuid::from_u128(1)), pet(uuid::Uuid::from_u128(1))].into();
    assert_eq!(pets.len(), 1);
    let root = tests::root().join(GOLDEN);
    let models = std::fs::read_to_string(root.join("src/models.rs")).expect("models.rs");
    // `[filter] exclude_tags = ["admin"]`: the audit operation and the schema only it used are gone.
    assert!(!models.contains("AuditEntry"), "the filtered schema is left out");
    let client = std::fs::read_to_string(root.join("src/client.rs")).expect("client.rs");
    assert!(!client.contains("audit"), "the filtered operation is left out");
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("\nversion = \"2.1.0\"\n"), "{manifest}");
    assert!(manifest.contains("\nuuid = { features = [\"serde\"], version = \"1\" }\n"), "{manifest}");
}
