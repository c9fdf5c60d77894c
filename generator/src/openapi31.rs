//! OpenAPI 3.1 read as 3.0: a pass over the document tree, in front of the 3.0 reader, that
//! rewrites each 3.1 construct into the 3.0 form meaning the same thing, and reports as a
//! warning, with its JSON pointer, every construct it cannot express. The 3.0 reader ignores
//! keys it does not know, so nothing reaches it unseen: a keyword is rewritten, or warned about.
//!
//! Rewritten: `type` arrays (`[T, "null"]` is nullable, several types a `oneOf`), `{type:
//! "null"}` alternatives (nullable), `const` (a one-value `enum`), numeric `exclusiveMinimum`
//! and `exclusiveMaximum`, `examples` arrays (the first is the schema's example), `$ref` with
//! sibling keywords (`allOf: [$ref]` with the siblings), `$defs` (components), boolean
//! schemas, `unevaluatedProperties: false`, `contentEncoding`/`contentMediaType` (bytes),
//! absent `paths` and `responses`, `components.pathItems`, `info.summary`,
//! `license.identifier`. Refused: a `jsonSchemaDialect` other than OpenAPI's own. Accepted
//! with a warning: the 3.0 idioms `nullable` and boolean `exclusiveMinimum`.

use crate::Error;
use crate::bundle::Context;
use serde_json::{Map, Value, json};

/// The dialect OpenAPI 3.1 documents use unless they say otherwise.
const DEFAULT_DIALECT: &str = "https://spec.openapis.org/oas/3.1/dialect/base";

/// Whether `text` may declare OpenAPI 3.1: an `openapi` key whose value starts with `3.1`. A
/// cheap scan; a false positive only costs reading the tree.
pub fn declared(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("openapi") {
        rest = &rest[at + 7..];
        let value = rest.trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        if value.starts_with("3.1") {
            return true;
        }
    }
    false
}

/// Whether the tree declares OpenAPI 3.1.
pub fn is_31(document: &Value) -> bool {
    document.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"))
}

/// Rewrites a 3.1 document into 3.0 in place; returns the warnings.
pub fn normalise(document: &mut Value, file: &str) -> Result<Vec<String>, Error> {
    let mut pass = Pass { file: file.to_string(), warnings: Vec::new(), defs: Vec::new() };
    let Value::Object(root) = document else {
        return Err(Error::spec(file, "#", "the document is not a mapping"));
    };
    if let Some(dialect) = root.remove("jsonSchemaDialect")
        && dialect.as_str() != Some(DEFAULT_DIALECT)
    {
        return Err(Error::spec(
            file,
            "#/jsonSchemaDialect",
            format!(
                "the JSON Schema dialect {dialect} is not supported; this generator reads OpenAPI's own ({DEFAULT_DIALECT})"
            ),
        ));
    }
    root.insert("openapi".into(), json!("3.0.3"));
    // What the 3.0 reader cannot tell from the rewritten document: that its schemas are JSON
    // Schema 2020-12 (where `5.0` is an integer).
    root.insert(crate::lower::FROM_31_KEY.into(), json!(true));
    pass.info(root);
    let path_items =
        root.get_mut("components").and_then(Value::as_object_mut).and_then(|components| components.remove("pathItems"));
    root.entry("paths").or_insert_with(|| json!({}));
    for key in ["paths", "webhooks"] {
        let Some(Value::Object(items)) = root.get_mut(key) else { continue };
        if let Some(Value::Object(targets)) = &path_items {
            for (name, item) in items.iter_mut() {
                pass.path_item_ref(item, targets, &format!("#/{key}/{}", crate::lower::pointer_segment(name)));
            }
        }
        items.values_mut().for_each(default_responses);
    }
    pass.walk(document, "#", Context::Other);
    pass.hoist_defs(document);
    // The 3.0 reader keeps only `x-` keys beside its own; lowering reads webhooks from there.
    if let Value::Object(root) = document
        && let Some(webhooks) = root.remove("webhooks")
    {
        root.insert(crate::lower::WEBHOOKS_31_KEY.into(), webhooks);
    }
    Ok(pass.warnings)
}

/// A `oneOf` (or `anyOf`) whose alternatives are each one `const` with annotations at most
/// (Discord's `{type: integer, oneOf: [{title: CHAT, const: 1}, ...]}`, the 3.1 way to name enum
/// values) is an `enum` of those values; the names and descriptions join the schema's
/// description, one line per value. Runs after the alternatives' `const`s became `enum`s.
fn named_values(map: &mut Map<String, Value>) {
    if map.contains_key("enum") || (map.contains_key("oneOf") && map.contains_key("anyOf")) {
        return;
    }
    let Some(key) = ["oneOf", "anyOf"].into_iter().find(|k| map.contains_key(*k)) else { return };
    let Some(Value::Array(alternatives)) = map.get(key) else { return };
    let parent_type = map.get("type").cloned();
    let mut values = Vec::new();
    let mut lines = Vec::new();
    let mut named = false;
    for alternative in alternatives {
        let Value::Object(alternative) = alternative else { return };
        let only_annotations = alternative.iter().all(|(k, v)| match k.as_str() {
            "enum" => v.as_array().is_some_and(|values| values.len() == 1),
            "type" => Some(v) == parent_type.as_ref(),
            _ => ANNOTATIONS.contains(&k.as_str()) || k.starts_with("x-"),
        });
        let Some(value) = alternative.get("enum").and_then(|v| v.get(0)) else { return };
        if !only_annotations || values.contains(value) {
            return;
        }
        let text = |k: &str| alternative.get(k).and_then(Value::as_str).map(str::trim).filter(|t| !t.is_empty());
        named |= text("title").is_some() || text("description").is_some();
        let line = match (text("title"), text("description")) {
            (Some(title), Some(description)) => format!("- `{value}` ({title}): {description}"),
            (Some(only), None) | (None, Some(only)) => format!("- `{value}`: {only}"),
            (None, None) => format!("- `{value}`"),
        };
        values.push(value.clone());
        lines.push(line);
    }
    if values.is_empty() {
        return;
    }
    map.remove(key);
    if parent_type.is_none() {
        let kind = if values.iter().all(Value::is_i64) {
            "integer"
        } else if values.iter().all(Value::is_string) {
            "string"
        } else {
            ""
        };
        if !kind.is_empty() {
            map.insert("type".into(), json!(kind));
        }
    }
    map.insert("enum".into(), Value::Array(values));
    if !named {
        return;
    }
    let list = lines.join("\n");
    let description = match map.get("description").and_then(Value::as_str) {
        Some(description) if !description.trim().is_empty() => format!("{description}\n\n{list}"),
        _ => list,
    };
    map.insert("description".into(), json!(description));
}

/// Operations without `responses` (optional in 3.1) get an empty map, which lowering answers
/// with 501 and a warning.
fn default_responses(item: &mut Value) {
    let Value::Object(item) = item else { return };
    for method in crate::lower::PATH_ITEM_METHODS {
        if let Some(Value::Object(operation)) = item.get_mut(method) {
            operation.entry("responses").or_insert_with(|| json!({}));
        }
    }
}

struct Pass {
    file: String,
    warnings: Vec<String>,
    /// `$defs` found: (pointer of the schema holding them, name, schema).
    defs: Vec<(String, String, Value)>,
}

impl Pass {
    fn warn(&mut self, pointer: &str, message: &str) {
        self.warnings.push(format!("{}: at {pointer}: {message}", self.file));
    }

    /// `info.summary` joins the description; `license.identifier` (SPDX) becomes its URL.
    fn info(&mut self, root: &mut Map<String, Value>) {
        let Some(Value::Object(info)) = root.get_mut("info") else { return };
        if let Some(Value::String(summary)) = info.remove("summary") {
            let description = match info.get("description").and_then(Value::as_str) {
                Some(description) => format!("{summary}\n\n{description}"),
                None => summary,
            };
            info.insert("description".into(), json!(description));
        }
        if let Some(Value::Object(license)) = info.get_mut("license")
            && let Some(Value::String(identifier)) = license.remove("identifier")
        {
            license.entry("url").or_insert_with(|| json!(format!("https://spdx.org/licenses/{identifier}.html")));
        }
    }

    /// A path item that is a `$ref` to `#/components/pathItems/X` becomes a copy of it.
    fn path_item_ref(&mut self, item: &mut Value, items: &Map<String, Value>, pointer: &str) {
        let Some(reference) = item.get("$ref").and_then(Value::as_str) else { return };
        let Some(name) = reference.strip_prefix("#/components/pathItems/") else { return };
        match items.get(&name.replace("~1", "/").replace("~0", "~")) {
            Some(target) => *item = target.clone(),
            None => self.warn(pointer, &format!("`$ref: {reference}` points to no path item")),
        }
    }

    fn walk(&mut self, value: &mut Value, pointer: &str, context: Context) {
        if context == Context::Data {
            return;
        }
        if context == Context::Schema {
            self.schema(value, pointer);
            return;
        }
        match value {
            Value::Object(map) => {
                for (key, member) in map.iter_mut() {
                    let here = format!("{pointer}/{}", crate::lower::pointer_segment(key));
                    self.walk(member, &here, context.member(key));
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, &format!("{pointer}/{index}"), context.item());
                }
            }
            _ => {}
        }
    }

    /// Rewrites one schema, its subschemas first.
    fn schema(&mut self, value: &mut Value, pointer: &str) {
        match value {
            Value::Bool(true) => *value = json!({}),
            // No value is allowed: `not: {}`, which lowering reports as it represents it.
            Value::Bool(false) => *value = json!({"not": {}}),
            _ => {}
        }
        let Value::Object(map) = value else { return };
        // Subschemas first, so that a parent sees its alternatives already rewritten.
        for (key, member) in map.iter_mut() {
            let here = format!("{pointer}/{}", crate::lower::pointer_segment(key));
            match Context::Schema.member(key) {
                // 3.0 has boolean `additionalProperties` too, with the same meaning: `false`
                // stays the refusal of unknown properties.
                Context::Schema if key == "additionalProperties" && member.is_boolean() => {}
                Context::Schema => self.schema(member, &here),
                Context::SchemaMap if key != "$defs" => {
                    if let Value::Object(members) = member {
                        for (name, schema) in members.iter_mut() {
                            self.schema(schema, &format!("{here}/{}", crate::lower::pointer_segment(name)));
                        }
                    }
                }
                Context::SchemaList => {
                    if let Value::Array(items) = member {
                        for (index, schema) in items.iter_mut().enumerate() {
                            let here = format!("{here}/{index}");
                            self.schema(schema, &here);
                            alternative_ref(schema);
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(Value::Object(defs)) = map.remove("$defs") {
            for (name, mut schema) in defs {
                let here = format!("{pointer}/$defs/{}", crate::lower::pointer_segment(&name));
                self.schema(&mut schema, &here);
                self.defs.push((pointer.to_string(), name, schema));
            }
        }
        self.keywords(map, pointer);
    }

    /// The 3.1 keywords of one schema object.
    fn keywords(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        if map.contains_key("nullable") {
            self.warn(
                pointer,
                "`nullable` is OpenAPI 3.0; in 3.1 write `type: [T, \"null\"]` (accepted as 3.0 means it)",
            );
        }
        for (key, flag) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
            match map.get(key).cloned() {
                Some(Value::Bool(_)) => self.warn(
                    pointer,
                    &format!(
                        "a boolean `{key}` is OpenAPI 3.0; in 3.1 it is the bound itself (accepted as 3.0 means it)"
                    ),
                ),
                Some(bound @ Value::Number(_)) => {
                    map.insert(flag.into(), bound);
                    map.insert(key.into(), json!(true));
                }
                _ => {}
            }
        }
        if let Some(constant) = map.remove("const") {
            map.entry("enum").or_insert_with(|| json!([constant]));
        }
        named_values(map);
        if let Some(Value::Array(examples)) = map.get("examples").cloned() {
            map.remove("examples");
            if let Some(first) = examples.first() {
                map.entry("example").or_insert_with(|| first.clone());
            }
            if examples.len() > 1 {
                self.warn(pointer, "only the first of `examples` is the schema's example (OpenAPI 3.0 has one)");
            }
        }
        if let Some(unevaluated) = map.remove("unevaluatedProperties") {
            match unevaluated {
                Value::Bool(false) => {
                    map.entry("additionalProperties").or_insert(json!(false));
                }
                _ => self.warn(pointer, "`unevaluatedProperties` other than `false` is not modelled"),
            }
        }
        let encoding = map.remove("contentEncoding");
        let media = map.remove("contentMediaType");
        match (encoding.as_ref().and_then(Value::as_str), media) {
            (Some("base64" | "base64url"), _) => {
                map.insert("format".into(), json!("byte"));
            }
            (Some("binary"), _) => {
                map.insert("format".into(), json!("binary"));
            }
            (Some(other), _) => {
                self.warn(pointer, &format!("`contentEncoding: {other}` is not modelled; the value is text"))
            }
            (None, Some(_)) => {
                map.insert("format".into(), json!("binary"));
            }
            (None, None) => {}
        }
        self.types(map, pointer);
        self.null_alternatives(map, pointer);
        self.ref_siblings(map);
        self.prefix_items(map);
        // A map's key schema, which lowering checks; on anything else it is not checked.
        if let Some(names) = map.remove("propertyNames") {
            let is_map = map.get("type").and_then(Value::as_str) == Some("object")
                && map.get("properties").and_then(Value::as_object).is_none_or(|p| p.is_empty())
                && !["allOf", "anyOf", "oneOf"].iter().any(|k| map.contains_key(*k));
            if is_map {
                map.insert(crate::lower::PROPERTY_NAMES_KEY.into(), names);
            } else {
                self.warn(
                    &format!("{pointer}/propertyNames"),
                    "`propertyNames` is checked on maps (`type: object` without declared properties) only; here it is not checked",
                );
            }
        }
        for (key, what) in [
            ("patternProperties", "`patternProperties` is not modelled: those properties are kept as any JSON"),
            ("dependentRequired", "`dependentRequired` is not checked"),
            ("dependentSchemas", "`dependentSchemas` is not checked"),
            ("if", "`if`/`then`/`else` is not checked"),
            ("contains", "`contains` is not checked"),
            ("unevaluatedItems", "`unevaluatedItems` is not checked"),
            ("$dynamicRef", "`$dynamicRef` is not followed"),
        ] {
            if map.contains_key(key) {
                self.warn(&format!("{pointer}/{}", crate::lower::pointer_segment(key)), what);
            }
        }
    }

    /// `prefixItems` moves to an extension the 3.0 reader keeps, where lowering reads a tuple;
    /// `items: false` beside it (already `not: {}`) is the end of the tuple: `maxItems`.
    fn prefix_items(&mut self, map: &mut Map<String, Value>) {
        let Some(prefix) = map.remove("prefixItems") else { return };
        if let Value::Array(items) = &prefix
            && map.get("items") == Some(&json!({"not": {}}))
        {
            map.remove("items");
            let len = items.len() as u64;
            let max = map.get("maxItems").and_then(Value::as_u64).map_or(len, |max| max.min(len));
            map.insert("maxItems".into(), json!(max));
        }
        map.insert(crate::lower::PREFIX_ITEMS_KEY.into(), prefix);
    }

    /// `type: [T, "null"]` is `type: T` with `nullable`; several types are a `oneOf`, each
    /// alternative taking the keywords of its type.
    fn types(&mut self, map: &mut Map<String, Value>, pointer: &str) {
        let Some(Value::Array(types)) = map.get("type").cloned() else {
            if map.get("type").and_then(Value::as_str) == Some("null") {
                map.remove("type");
                map.insert("nullable".into(), json!(true));
                map.insert("enum".into(), json!([null]));
            }
            return;
        };
        let mut names: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_string).collect();
        let nullable = names.iter().any(|t| t == "null");
        names.retain(|t| t != "null");
        map.remove("type");
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        match names.as_slice() {
            [] => {
                map.insert("enum".into(), json!([null]));
            }
            [only] => {
                map.insert("type".into(), json!(only));
            }
            several => {
                let alternatives: Vec<Value> = several
                    .iter()
                    .map(|name| {
                        let mut alternative = Map::new();
                        alternative.insert("type".into(), json!(name));
                        for key in keywords_of(name) {
                            if let Some(value) = map.get(*key) {
                                alternative.insert((*key).to_string(), value.clone());
                            }
                        }
                        Value::Object(alternative)
                    })
                    .collect();
                for name in several {
                    for key in keywords_of(name) {
                        map.remove(*key);
                    }
                }
                if map.contains_key("oneOf") || map.contains_key("anyOf") {
                    self.warn(pointer, "a `type` list beside `oneOf`/`anyOf` is not modelled; the composition decides");
                } else {
                    map.insert("oneOf".into(), Value::Array(alternatives));
                }
            }
        }
    }

    /// `{type: "null"}` (after [`Pass::types`], `{nullable: true, enum: [null]}`) among the
    /// alternatives of `anyOf`/`oneOf` makes the composition nullable instead.
    fn null_alternatives(&mut self, map: &mut Map<String, Value>, _pointer: &str) {
        for key in ["anyOf", "oneOf"] {
            let Some(Value::Array(parts)) = map.get_mut(key) else { continue };
            let before = parts.len();
            // A `{type: "null"}` alternative, as `types` rewrote it (annotations aside).
            parts.retain(|part| {
                !(part.get("nullable") == Some(&json!(true)) && part.get("enum") == Some(&json!([null])))
            });
            if parts.len() != before {
                map.insert("nullable".into(), json!(true));
            }
        }
    }

    /// A `$ref` with sibling keywords (allowed in 3.1, ignored by 3.0 readers) becomes
    /// `allOf: [$ref]` beside them, so that a description, a default or `nullable` stays.
    fn ref_siblings(&mut self, map: &mut Map<String, Value>) {
        if !map.contains_key("$ref") || map.len() == 1 {
            return;
        }
        let Some(reference) = map.remove("$ref") else { return };
        let mut wrapped = json!({"$ref": reference});
        if let Some(Value::Array(all_of)) = map.get_mut("allOf") {
            all_of.insert(0, wrapped.take());
        } else {
            map.insert("allOf".into(), json!([wrapped]));
        }
    }

    /// Moves every `$defs` entry into `components.schemas`, under its own name or the next
    /// free number, and points the references to it there.
    fn hoist_defs(&mut self, document: &mut Value) {
        if self.defs.is_empty() {
            return;
        }
        let mut taken: std::collections::BTreeSet<String> = document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default();
        let mut renames: Vec<(String, String)> = Vec::new();
        let mut hoisted = Vec::new();
        for (holder, name, schema) in std::mem::take(&mut self.defs) {
            let mut unique = name.clone();
            let mut number = 2;
            while taken.contains(&unique) {
                unique = format!("{name}{number}");
                number += 1;
            }
            taken.insert(unique.clone());
            let from = format!("{holder}/$defs/{}", crate::lower::pointer_segment(&name));
            renames.push((from, format!("#/components/schemas/{}", crate::lower::pointer_segment(&unique))));
            hoisted.push((unique, schema));
        }
        for (_, schema) in &mut hoisted {
            rename_refs(schema, &renames);
        }
        rename_refs(document, &renames);
        if let Value::Object(root) = document {
            let components = root.entry("components").or_insert_with(|| json!({}));
            if let Value::Object(components) = components {
                let schemas = components.entry("schemas").or_insert_with(|| json!({}));
                if let Value::Object(schemas) = schemas {
                    schemas.extend(hoisted);
                }
            }
        }
    }
}

/// Keywords that describe a schema without constraining its values.
const ANNOTATIONS: &[&str] = &["title", "description", "summary", "$comment", "deprecated", "examples", "example"];

/// An alternative of a composition that is a `$ref` with only annotations beside it (OpenAI's
/// `oneOf: [{$ref: Tokens, title: Token Usage}, ...]`) stays a plain `$ref`: the alternative
/// is the referenced type, whose own schema names it and carries its docs, and a discriminator
/// finds its tag through the reference. [`Pass::ref_siblings`] has wrapped it by now; unwrap it.
fn alternative_ref(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    let only_annotations = map.keys().all(|key| key == "allOf" || ANNOTATIONS.contains(&key.as_str()));
    let single_ref = match map.get("allOf") {
        Some(Value::Array(parts)) => {
            parts.len() == 1 && parts[0].as_object().is_some_and(|part| part.len() == 1 && part.contains_key("$ref"))
        }
        _ => false,
    };
    if only_annotations
        && single_ref
        && let Some(Value::Array(mut parts)) = map.remove("allOf")
    {
        *schema = parts.remove(0);
    }
}

/// The keywords that apply only to values of the JSON type `name`.
fn keywords_of(name: &str) -> &'static [&'static str] {
    match name {
        "string" => &["minLength", "maxLength", "pattern", "format", "enum"],
        "integer" | "number" => &["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &["properties", "required", "additionalProperties", "minProperties", "maxProperties"],
        _ => &[],
    }
}

/// Rewrites every `$ref` that starts with a renamed pointer.
fn rename_refs(value: &mut Value, renames: &[(String, String)]) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (from, to) in renames {
                    if reference == from || reference.starts_with(&format!("{from}/")) {
                        *reference = format!("{to}{}", &reference[from.len()..]);
                        break;
                    }
                }
            }
            for member in map.values_mut() {
                rename_refs(member, renames);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rename_refs(item, renames)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn normalised(schema: Value) -> (Value, Vec<String>) {
        let mut document = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "components": {"schemas": {"S": schema}}});
        let warnings = normalise(&mut document, "spec.yaml").unwrap();
        (document["components"]["schemas"]["S"].clone(), warnings)
    }

    #[test]
    fn type_lists_null_and_const_become_their_3_0_forms() {
        assert_eq!(normalised(json!({"type": ["string", "null"]})).0, json!({"type": "string", "nullable": true}));
        let (union, _) = normalised(json!({"type": ["string", "integer"], "minLength": 2, "minimum": 1}));
        assert_eq!(union, json!({"oneOf": [{"type": "string", "minLength": 2}, {"type": "integer", "minimum": 1}]}));
        let (optional, _) = normalised(json!({"anyOf": [{"$ref": "#/components/schemas/T"}, {"type": "null"}]}));
        assert_eq!(optional, json!({"anyOf": [{"$ref": "#/components/schemas/T"}], "nullable": true}));
        assert_eq!(normalised(json!({"const": "dog"})).0, json!({"enum": ["dog"]}));
        assert_eq!(
            normalised(json!({"type": "integer", "exclusiveMinimum": 0})).0,
            json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn one_of_named_consts_is_an_enum_with_its_names_in_the_description() {
        let (schema, _) = normalised(json!({
            "type": "integer",
            "oneOf": [{"title": "CHAT", "description": "Slash commands", "const": 1}, {"title": "USER", "const": 2}]
        }));
        assert_eq!(
            schema,
            json!({"type": "integer", "enum": [1, 2], "description": "- `1` (CHAT): Slash commands\n- `2`: USER"})
        );
        // Alternatives with more than a value stay a union.
        let (union, _) = normalised(json!({"oneOf": [{"const": 1}, {"type": "string", "minLength": 2}]}));
        assert!(union.get("oneOf").is_some(), "{union}");
    }

    #[test]
    fn refs_with_siblings_defs_and_boolean_schemas_keep_their_meaning() {
        let (described, _) = normalised(json!({"$ref": "#/components/schemas/T", "description": "d"}));
        assert_eq!(described, json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/T"}]}));
        // An alternative stays the reference, so that a discriminator still finds its tag.
        let (union, _) = normalised(
            json!({"oneOf": [{"$ref": "#/components/schemas/A", "title": "A"}, {"$ref": "#/components/schemas/B"}]}),
        );
        assert_eq!(union, json!({"oneOf": [{"$ref": "#/components/schemas/A"}, {"$ref": "#/components/schemas/B"}]}));
        let mut document = json!({
            "openapi": "3.1.0",
            "components": {"schemas": {"S": {"$defs": {"Inner": {"type": "string"}}, "properties": {"i": {"$ref": "#/components/schemas/S/$defs/Inner"}, "never": false}, "additionalProperties": false}}}
        });
        normalise(&mut document, "spec.yaml").unwrap();
        let schemas = &document["components"]["schemas"];
        assert_eq!(schemas["Inner"], json!({"type": "string"}));
        assert_eq!(schemas["S"]["properties"]["i"]["$ref"], "#/components/schemas/Inner");
        assert_eq!(schemas["S"]["properties"]["never"], json!({"not": {}}));
        assert_eq!(schemas["S"]["additionalProperties"], json!(false));
        assert_eq!(document["paths"], json!({}));
    }

    #[test]
    fn what_is_not_modelled_is_warned_and_a_foreign_dialect_refused() {
        let (tuple, warnings) = normalised(
            json!({"type": "array", "prefixItems": [{"type": "string"}], "items": false, "nullable": true, "contains": {}}),
        );
        // A tuple travels to lowering; `items: false` closes it.
        assert_eq!(tuple[crate::lower::PREFIX_ITEMS_KEY], json!([{"type": "string"}]));
        assert_eq!((tuple.get("items"), &tuple["maxItems"]), (None, &json!(1)));
        assert!(warnings.iter().any(|w| w.contains("#/components/schemas/S/contains")), "{warnings:?}");
        assert!(warnings.iter().any(|w| w.contains("`nullable` is OpenAPI 3.0")), "{warnings:?}");
        let mut document =
            json!({"openapi": "3.1.0", "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema"});
        let error = normalise(&mut document, "spec.yaml").unwrap_err().to_string();
        assert!(error.contains("#/jsonSchemaDialect"), "{error}");
    }
}
