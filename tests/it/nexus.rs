//! Oxide's nexus API, whose 24 tag-only unions once decoded every value into the first
//! alternative with an `Unknown` tag: each value now lands in the variant its tag names.

#[test]
fn nexus_values_decode_into_the_variant_their_tag_names() {
    let test = r##"
use nexus::models::{DiskSource, DiskSourceGlobalImage, DiskState, InstanceState};

#[test]
fn tags_pick_their_variants() {
    let image = "2d7a5e0c-7c6f-4c61-9d2b-7d1e1f0f0a01";
    let source: DiskSource =
        serde_json::from_value(serde_json::json!({"type": "global_image", "image_id": image})).unwrap();
    assert_eq!(source, DiskSource::GlobalImage(DiskSourceGlobalImage { image_id: image.into() }));
    let state: InstanceState = serde_json::from_value(serde_json::json!("running")).unwrap();
    assert_eq!(state, InstanceState::Running);
    let disk: DiskState = serde_json::from_value(serde_json::json!({"state": "detached"})).unwrap();
    assert_eq!(disk, DiskState::Detached);
    assert_eq!(serde_json::to_value(&disk).unwrap(), serde_json::json!({"state": "detached"}));
    // A state nexus adds later is the union's own, not another state's.
    let later: DiskState = serde_json::from_value(serde_json::json!({"state": "frozen"})).unwrap();
    assert_eq!(later, DiskState::Unknown(serde_json::json!({"state": "frozen"})));
}
"##;
    tests::run_test_in_generated_crate(&tests::corpus("progenitor-nexus.json"), "nexus", test);
}
