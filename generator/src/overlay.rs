//! OpenAPI Overlay 1.0: documents of actions (`target` JSONPath, then `update` or `remove`)
//! applied to the spec before it is read, so that a team fixes a vendor's spec without editing
//! it. JSONPath is RFC 9535, by `serde_json_path`.

use crate::{Error, Source};
use serde_json::Value;
use serde_json_path::JsonPath;

/// Applies each overlay to `document` in order. Returns a warning for each action whose target
/// selects nothing (a fix that no longer applies must not pass unnoticed).
pub fn apply(document: &mut Value, overlays: &[Source]) -> Result<Vec<String>, Error> {
    let mut warnings = Vec::new();
    for overlay in overlays {
        let parsed = crate::bundle::parse_file(&overlay.text, &overlay.name)?;
        let error = |pointer: &str, message: String| {
            crate::position::place(Error::spec(&overlay.name, pointer, message), |_| Some(overlay.text.as_str()))
        };
        match parsed.get("overlay").and_then(Value::as_str) {
            Some(version) if version.starts_with("1.") => {}
            Some(version) => return Err(error("#/overlay", format!("overlay version {version:?}: only 1.x is read"))),
            None => return Err(error("#", "not an OpenAPI Overlay: it has no `overlay: 1.0.0` key".into())),
        }
        let Some(actions) = parsed.get("actions").and_then(Value::as_array) else {
            return Err(error("#", "an overlay needs an `actions` list".into()));
        };
        for (index, action) in actions.iter().enumerate() {
            let at = format!("#/actions/{index}");
            let Some(target) = action.get("target").and_then(Value::as_str) else {
                return Err(error(&at, "an action needs a `target` (a JSONPath expression)".into()));
            };
            let path = JsonPath::parse(target)
                .map_err(|e| error(&format!("{at}/target"), format!("`{target}` is not a JSONPath: {e}")))?;
            let remove = match action.get("remove") {
                None => false,
                Some(Value::Bool(remove)) => *remove,
                Some(_) => return Err(error(&format!("{at}/remove"), "`remove` must be true or false".into())),
            };
            let update = action.get("update");
            if !remove && update.is_none() {
                return Err(error(&at, "an action needs `update` or `remove: true`".into()));
            }
            let mut pointers: Vec<String> =
                path.query_located(document).locations().map(|location| location.to_json_pointer()).collect();
            if pointers.is_empty() {
                warnings.push(format!("{}: at {at}/target: `{target}` selects nothing in the spec", overlay.name));
                continue;
            }
            // Later places first, so that removing an array item leaves the indices of the
            // others still to visit unchanged.
            pointers.reverse();
            for pointer in pointers {
                if remove {
                    remove_at(document, &pointer);
                } else if let (Some(node), Some(update)) = (document.pointer_mut(&pointer), update) {
                    merge(node, update);
                }
            }
        }
    }
    Ok(warnings)
}

/// Overlay's update: an object's properties merge recursively, an array gains the value as an
/// item, anything else is replaced.
fn merge(target: &mut Value, update: &Value) {
    match (target, update) {
        (Value::Object(target), Value::Object(update)) => {
            for (key, value) in update {
                match target.get_mut(key) {
                    Some(existing @ Value::Object(_)) if value.is_object() => merge(existing, value),
                    _ => {
                        target.insert(key.clone(), value.clone());
                    }
                }
            }
        }
        (Value::Array(items), update) => items.push(update.clone()),
        (target, update) => *target = update.clone(),
    }
}

/// Removes the value at `pointer` from its parent object or array.
fn remove_at(document: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    let key = crate::lower::unescape_pointer(last);
    match document.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&key);
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = key.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::apply;
    use crate::Source;
    use serde_json::json;

    fn overlay(text: &str) -> Vec<Source> {
        vec![Source { name: "fix.yaml".into(), text: text.into() }]
    }

    #[test]
    fn updates_merge_and_removals_remove() {
        let mut doc = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "status", "in": "query", "style": "form"},
            {"name": "internal", "in": "query"},
            {"name": "page", "in": "query"}
        ]}}}});
        let text = "overlay: 1.0.0\ninfo: {title: fix, version: '1'}\nactions:\n  - target: \"$.paths['/a'].get.parameters[?@.name == 'status']\"\n    update: {style: deepObject, explode: true}\n  - target: \"$.paths['/a'].get.parameters[?@.name == 'internal' || @.name == 'page']\"\n    remove: true\n  - target: $.paths.*.get.parameters\n    update: {name: extra, in: header}\n  - target: $.nothing\n    remove: true\n";
        let warnings = apply(&mut doc, &overlay(text)).unwrap();
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"get": {"parameters": [
                {"name": "status", "in": "query", "style": "deepObject", "explode": true},
                {"name": "extra", "in": "header"}
            ]}}}})
        );
        assert_eq!(warnings, ["fix.yaml: at #/actions/3/target: `$.nothing` selects nothing in the spec"]);
    }

    #[test]
    fn a_bad_overlay_is_refused_at_its_place() {
        let mut doc = json!({});
        let bad_path = "overlay: 1.0.0\nactions:\n  - target: '$.paths[('\n    remove: true\n";
        let error = apply(&mut doc, &overlay(bad_path)).unwrap_err().to_string();
        assert!(error.starts_with("fix.yaml:3:5: at #/actions/0/target: `$.paths[(` is not a JSONPath"), "{error}");
        let error = apply(&mut doc, &overlay("openapi: 3.0.3\n")).unwrap_err().to_string();
        assert!(error.contains("not an OpenAPI Overlay"), "{error}");
        let error = apply(&mut doc, &overlay("overlay: 1.0.0\nactions:\n  - target: $.a\n")).unwrap_err().to_string();
        assert!(
            error.starts_with("fix.yaml:3:5: at #/actions/0: an action needs `update` or `remove: true`"),
            "{error}"
        );
    }
}
