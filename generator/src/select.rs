//! `[filter]` of the configuration: keeps the operations (and 3.1 webhooks) chosen by tag and
//! operationId, then drops the component schemas no kept part of the document reaches, so a
//! team generating 12 operations out of 218 compiles only the types those 12 use.

use crate::Error;
use crate::config::Config;
use serde_json::Value;
use std::collections::BTreeSet;
use toml::Spanned;

use crate::lower::PATH_ITEM_METHODS as METHODS;

/// Applies `config.filter` to `document`. Returns warnings naming what was left out (counts,
/// so a filter that removes everything is noticed). A tag or operationId the filter names that
/// no operation has is an error at its place in the configuration: a typo must not silently
/// keep or drop operations.
pub fn apply(document: &mut Value, config: &Config, file: &str) -> Result<Vec<String>, Error> {
    let filter = &config.filter;
    if !filter.is_active() {
        return Ok(Vec::new());
    }
    let mut seen_tags = BTreeSet::new();
    let mut seen_ids = BTreeSet::new();
    let (mut kept, mut dropped) = (0, 0);
    for section in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = document.get_mut(section) else { continue };
        for item in items.values_mut() {
            let Value::Object(item) = item else { continue };
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let tags: Vec<&str> =
                    op.get("tags").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
                let id = op.get("operationId").and_then(Value::as_str);
                seen_tags.extend(tags.iter().map(|t| t.to_string()));
                seen_ids.extend(id.map(str::to_string));
                let named = |list: &[Spanned<String>], value: &str| list.iter().any(|s| s.get_ref() == value);
                let included = (filter.tags.is_empty() && filter.operations.is_empty())
                    || tags.iter().any(|t| named(&filter.tags, t))
                    || id.is_some_and(|id| named(&filter.operations, id));
                let excluded = tags.iter().any(|t| named(&filter.exclude_tags, t))
                    || id.is_some_and(|id| named(&filter.exclude_operations, id));
                if included && !excluded {
                    kept += 1;
                } else {
                    item.remove(method);
                    dropped += 1;
                }
            }
        }
        // A path left with no operation has nothing to route.
        items.retain(|_, item| METHODS.iter().any(|m| item.get(m).is_some()));
    }
    for (list, seen, what) in [
        (&filter.tags, &seen_tags, "tag"),
        (&filter.exclude_tags, &seen_tags, "tag"),
        (&filter.operations, &seen_ids, "operationId"),
        (&filter.exclude_operations, &seen_ids, "operationId"),
    ] {
        if let Some(unknown) = list.iter().find(|s| !seen.contains(s.get_ref())) {
            return Err(
                config.error(unknown.span(), format!("no operation of {file} has the {what} {:?}", unknown.get_ref()))
            );
        }
    }
    let removed = prune_schemas(document);
    Ok(vec![format!(
        "{file}: the configuration's [filter] keeps {kept} operations, leaves out {dropped}, and drops {removed} schemas that only those used"
    )])
}

/// Removes the component schemas that nothing outside `components` reaches, following
/// `$ref`s (and discriminator mappings) transitively. A kept schema with a discriminator keeps
/// the schemas that extend it through `allOf`, since they are its variants. Returns how many
/// were removed.
fn prune_schemas(document: &mut Value) -> usize {
    let Some(Value::Object(schemas)) = document.pointer("/components/schemas") else { return 0 };
    let schemas = schemas.clone();
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut pending: Vec<String> = Vec::new();
    // Roots: everything outside `components`; a component counts once something refers to it.
    if let Value::Object(root) = &*document {
        for (_, value) in root.iter().filter(|(key, _)| *key != "components") {
            collect(value, document, &mut pending);
        }
    }
    while let Some(name) = pending.pop() {
        if !reached.insert(name.clone()) {
            continue;
        }
        let Some(schema) = schemas.get(&name) else { continue };
        collect(schema, document, &mut pending);
        if schema.get("discriminator").is_some() {
            let parent = format!("#/components/schemas/{}", crate::lower::pointer_segment(&name));
            for (child, value) in &schemas {
                let extends = value
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|all| all.iter().any(|s| s.get("$ref").and_then(Value::as_str) == Some(&parent)));
                if extends {
                    pending.push(child.clone());
                }
            }
        }
    }
    let before = schemas.len();
    if let Some(Value::Object(schemas)) = document.pointer_mut("/components/schemas") {
        schemas.retain(|name, _| reached.contains(name));
        return before - schemas.len();
    }
    0
}

/// Pushes the schema names `value` refers to: `$ref`s to `#/components/schemas/NAME...`,
/// discriminator mappings (by ref or bare name), and what other components it refers to hold.
fn collect(value: &Value, document: &Value, pending: &mut Vec<String>) {
    let mut seen_components = BTreeSet::new();
    walk(value, document, pending, &mut seen_components);
}

fn walk(value: &Value, document: &Value, pending: &mut Vec<String>, seen: &mut BTreeSet<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                follow(reference, document, pending, seen);
            }
            if let Some(Value::Object(mapping)) = map.get("discriminator").and_then(|d| d.get("mapping")) {
                for target in mapping.values().filter_map(Value::as_str) {
                    if target.starts_with('#') {
                        follow(target, document, pending, seen);
                    } else {
                        pending.push(target.to_string());
                    }
                }
            }
            for (key, value) in map {
                // Example data may hold `$ref` keys that are data, not references.
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum" | "const") {
                    walk(value, document, pending, seen);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| walk(item, document, pending, seen)),
        _ => {}
    }
}

/// Records the schema a local `$ref` names; a ref to another component (a parameter, a
/// response) is followed into it once.
fn follow(reference: &str, document: &Value, pending: &mut Vec<String>, seen: &mut BTreeSet<String>) {
    let Some(pointer) = reference.strip_prefix('#') else { return };
    let mut segments = pointer.split('/').skip(1).map(crate::lower::unescape_pointer);
    match (segments.next().as_deref(), segments.next().as_deref(), segments.next()) {
        (Some("components"), Some("schemas"), Some(name)) => pending.push(name),
        _ => {
            if seen.insert(pointer.to_string())
                && let Some(target) = document.pointer(pointer)
            {
                walk(target, document, pending, seen);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::apply;
    use crate::Config;
    use serde_json::json;

    fn spec() -> serde_json::Value {
        json!({
            "paths": {
                "/pets": {
                    "get": {"operationId": "listPets", "tags": ["pets"], "responses": {"200": {"$ref": "#/components/responses/Pets"}}},
                    "post": {"operationId": "createPet", "tags": ["pets", "admin"], "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewPet"}}}}}
                },
                "/users": {"get": {"operationId": "listUsers", "tags": ["users"], "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/User"}}}}}}}
            },
            "components": {
                "responses": {"Pets": {"content": {"application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}}}}}},
                "schemas": {
                    "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind", "mapping": {"dog": "Dog"}}},
                    "Cat": {"type": "object", "example": {"$ref": "#/components/schemas/User"}},
                    "Dog": {"type": "object"},
                    "Puppy": {"allOf": [{"$ref": "#/components/schemas/Pet"}]},
                    "NewPet": {"type": "object"},
                    "User": {"type": "object", "properties": {"team": {"$ref": "#/components/schemas/Team"}}},
                    "Team": {"type": "object"}
                }
            }
        })
    }

    fn filtered(config: &str) -> (serde_json::Value, Vec<String>) {
        let config = Config::parse(config, "gen.toml").unwrap();
        let mut doc = spec();
        let warnings = apply(&mut doc, &config, "api.yaml").unwrap();
        (doc, warnings)
    }

    fn names(doc: &serde_json::Value, at: &str) -> Vec<String> {
        doc.pointer(at).and_then(|v| v.as_object()).map(|m| m.keys().cloned().collect()).unwrap_or_default()
    }

    #[test]
    fn operations_are_kept_by_tag_and_id_and_unused_schemas_go() {
        let (doc, warnings) = filtered("[filter]\ntags = [\"pets\"]\nexclude_operations = [\"createPet\"]\n");
        assert_eq!(names(&doc, "/paths"), ["/pets"]);
        assert_eq!(names(&doc, "/paths/~1pets"), ["get"]);
        // Pet through a response component; Cat through oneOf; Dog through a bare mapping
        // name; Puppy extends the discriminated Pet. The example's `$ref` is data.
        let mut kept = names(&doc, "/components/schemas");
        kept.sort();
        assert_eq!(kept, ["Cat", "Dog", "Pet", "Puppy"]);
        assert_eq!(
            warnings,
            [
                "api.yaml: the configuration's [filter] keeps 1 operations, leaves out 2, and drops 3 schemas that only those used"
            ]
        );

        let (doc, _) = filtered("[filter]\noperations = [\"listUsers\"]\n");
        assert_eq!(names(&doc, "/paths"), ["/users"]);
        assert_eq!(names(&doc, "/components/schemas"), ["User", "Team"]);
        let (doc, _) = filtered("[filter]\nexclude_tags = [\"admin\", \"users\"]\n");
        assert_eq!(names(&doc, "/paths/~1pets"), ["get"]);
    }

    #[test]
    fn a_name_no_operation_has_is_an_error_in_the_configuration() {
        let config = Config::parse("[filter]\ntags = [\"pets\", \"pest\"]\n", "gen.toml").unwrap();
        let error = apply(&mut spec(), &config, "api.yaml").unwrap_err().to_string();
        assert_eq!(error, "gen.toml:2:17: no operation of api.yaml has the tag \"pest\"");
    }

    #[test]
    fn without_a_filter_nothing_changes() {
        let (doc, warnings) = filtered("");
        assert_eq!(doc, spec());
        assert!(warnings.is_empty());
    }
}
