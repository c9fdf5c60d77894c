//! `$ref`s to any place in the document. Lowering follows references to components
//! (`#/components/schemas/Pet`); real specs also point inside them
//! (`#/components/schemas/Tag/allOf/0`, `#/components/parameters/Limit/schema`) or into paths
//! (`#/paths/~1pets/parameters/0`). This pass, run on the document before it is read as
//! OpenAPI, replaces each such reference with a copy of what it points to, so lowering sees
//! the value in place.

use crate::Error;
use serde_json::Value;

/// Whether `text` may hold a `$ref` this pass has to resolve: a local pointer that is not
/// `#/components/<kind>/<name>`. A cheap scan, so that documents without any skip the pass.
pub fn needed(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("$ref") {
        rest = &rest[at + 4..];
        let value = rest.trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        let end = value.find(['"', '\'', '\n', '}', ',']).unwrap_or(value.len());
        let reference = value[..end].trim();
        if reference.starts_with("#/") && !is_component(reference) {
            return true;
        }
    }
    false
}

/// Whether `reference` names a component: `#/components/<kind>/<name>`.
fn is_component(reference: &str) -> bool {
    let segments: Vec<&str> = reference.trim_start_matches('#').split('/').collect();
    matches!(segments.as_slice(), ["", "components", _, name] if !name.is_empty())
}

/// Replaces every local `$ref` that is not a component reference with a copy of its target.
pub fn inline_pointer_refs(document: &mut Value, file: &str) -> Result<(), Error> {
    let original = document.clone();
    inline(document, &original, "#", &mut Vec::new(), file)
}

fn inline(value: &mut Value, root: &Value, here: &str, chain: &mut Vec<String>, file: &str) -> Result<(), Error> {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && reference.starts_with("#/")
                && !is_component(reference)
            {
                let reference = reference.clone();
                if chain.contains(&reference) {
                    chain.push(reference);
                    return Err(spec_error(file, here, format!("`$ref`s form a cycle: {}", chain.join(" -> "))));
                }
                let mut target = resolve(root, &reference).map_err(|why| spec_error(file, here, why))?.clone();
                chain.push(reference);
                inline(&mut target, root, here, chain, file)?;
                chain.pop();
                *value = target;
                return Ok(());
            }
            for (key, item) in map.iter_mut() {
                let here = format!("{here}/{}", crate::lower::pointer_segment(key));
                inline(item, root, &here, chain, file)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (index, item) in items.iter_mut().enumerate() {
                inline(item, root, &format!("{here}/{index}"), chain, file)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The value `reference` (`#/a/b~1c/0`) points to, or why it points to nothing: the first
/// segment that fails and where.
fn resolve<'v>(root: &'v Value, reference: &str) -> Result<&'v Value, String> {
    let mut current = root;
    let mut walked = String::from("#");
    for raw in reference.trim_start_matches('#').split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let next = match current {
            Value::Object(map) => map.get(&segment),
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
            _ => None,
        };
        current = next.ok_or_else(|| format!("$ref {reference:?} points to nothing: {walked} has no {segment:?}"))?;
        walked.push('/');
        walked.push_str(raw);
    }
    Ok(current)
}

fn spec_error(file: &str, pointer: &str, message: String) -> Error {
    Error::spec(file, pointer, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_references_that_are_not_components() {
        assert!(!needed(r##"{"$ref": "#/components/schemas/Pet"}"##));
        assert!(!needed("schema:\n  $ref: '#/components/schemas/Pet'\n"));
        assert!(needed(r##"{"$ref": "#/components/schemas/Tag/allOf/0"}"##));
        assert!(needed("- $ref: \"#/paths/~1pets/parameters/0\"\n"));
        assert!(!needed("no refs here"));
    }

    #[test]
    fn inlines_pointers_and_names_what_fails() {
        let mut doc = json!({
            "components": {"schemas": {"Tag": {"allOf": [{"type": "string"}]}, "Use": {"$ref": "#/components/schemas/Tag/allOf/0"}}},
        });
        inline_pointer_refs(&mut doc, "f").unwrap();
        assert_eq!(doc["components"]["schemas"]["Use"], json!({"type": "string"}));

        let mut missing = json!({"a": {"$ref": "#/components/schemas/Tag/allOf/5"}, "components": {"schemas": {"Tag": {"allOf": []}}}});
        let message = inline_pointer_refs(&mut missing, "f").unwrap_err().to_string();
        assert!(
            message.contains("at #/a") && message.contains("#/components/schemas/Tag/allOf has no \"5\""),
            "{message}"
        );

        let mut cycle = json!({"a": {"b": {"$ref": "#/a"}}});
        let message = inline_pointer_refs(&mut cycle, "f").unwrap_err().to_string();
        assert!(message.contains("cycle"), "{message}");
    }
}
