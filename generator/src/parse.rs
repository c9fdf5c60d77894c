//! Reads a spec's text into `openapiv3` types. The only module besides `model` lowering that
//! names `openapiv3`, and the only one that knows about YAML and JSON.

use crate::Error;

/// Parses YAML or JSON text into an OpenAPI 3.0 document.
///
/// JSON goes through `serde_json` because YAML parsers reject valid JSON string escapes such as
/// surrogate pairs; everything else is YAML.
pub fn parse(text: &str, file: &str) -> Result<openapiv3::OpenAPI, Error> {
    if text.trim().is_empty() {
        return Err(Error::Parse {
            file: file.into(),
            line: 0,
            column: 0,
            message: "the file is empty; expected an OpenAPI 3.0 document".into(),
        });
    }
    let is_json = text.trim_start().starts_with('{');
    // The version is checked on a loosely typed tree first, so that a 3.1 document or a
    // Swagger file is named as such rather than failing on some detail 3.0 does not allow.
    let value: serde_json::Value = if is_json {
        json_version_view(text, file)?
    } else if let Some(view) = yaml_version_lines(text) {
        view
    } else {
        let tree: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e))?;
        version_view(&tree)
    };
    check_version(&value, file)?;
    // Syntax errors and duplicate keys, with their line, before the typed read: the typed read of
    // `openapiv3` panics on some malformed input (a duplicated key).
    if is_json {
        serde_json::from_str::<NoDuplicateKeys>(text).map_err(|e| json_error(file, &e))?;
    } else {
        serde_yaml::from_str::<serde_yaml::Value>(text).map_err(|e| yaml_error(file, &e))?;
    }
    // `$ref`s into the middle of things are resolved on the tree first (see `refs`); most
    // documents have none and are read straight from the text.
    let tree = if crate::refs::needed(text) {
        let mut tree: serde_json::Value = if is_json {
            serde_json::from_str(text).map_err(|e| json_error(file, &e))?
        } else {
            serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e))?
        };
        crate::refs::inline_pointer_refs(&mut tree, file)?;
        Some(tree)
    } else {
        None
    };
    let typed = std::panic::catch_unwind(|| match tree {
        Some(tree) => serde_json::from_value(tree).map_err(|e| Error::Parse {
            file: file.into(),
            line: 0,
            column: 0,
            message: e.to_string(),
        }),
        None if is_json => serde_json::from_str(text).map_err(|e| json_error(file, &e)),
        None => serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e)),
    });
    // A panic that still escapes the parser is reported as an error, not passed on.
    let doc = typed.unwrap_or_else(|_| {
        Err(Error::Parse {
            file: file.into(),
            line: 0,
            column: 0,
            message: "the document could not be read as OpenAPI 3.0 (the parser failed on it); check it with an OpenAPI validator".into(),
        })
    });
    doc.map_err(|e| match e {
        Error::Parse { file, line, column, message } => {
            Error::Parse { file, line, column, message: format!("not a valid OpenAPI 3.0 document: {message}") }
        }
        other => other,
    })
}

fn check_version(value: &serde_json::Value, file: &str) -> Result<(), Error> {
    let spec_error = |pointer: &str, message: String| Error::spec(file, pointer, message);
    let Some(object) = value.as_object() else {
        return Err(spec_error("#", "the document is not a mapping; expected an OpenAPI 3.0 document".into()));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(spec_error(
            "#/swagger",
            format!(
                "Swagger {swagger} is not supported; convert the spec to OpenAPI 3.0 first (for example with swagger2openapi)"
            ),
        ));
    }
    match object.get("openapi").and_then(|v| v.as_str()) {
        Some(v) if v.starts_with("3.0.") => Ok(()),
        Some(v) if v.starts_with("3.1") => Err(spec_error(
            "#/openapi",
            format!("OpenAPI {v} is not supported; this generator reads OpenAPI 3.0.x documents"),
        )),
        Some(v) => Err(spec_error("#/openapi", format!("unknown OpenAPI version {v:?}; expected 3.0.x"))),
        None => {
            Err(spec_error("#/openapi", "the `openapi` field is missing or not a string; expected \"3.0.3\"".into()))
        }
    }
}

pub(crate) fn yaml_error(file: &str, e: &serde_yaml::Error) -> Error {
    let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
    Error::Parse { file: file.into(), line, column, message: e.to_string() }
}

pub(crate) fn json_error(file: &str, e: &serde_json::Error) -> Error {
    Error::Parse { file: file.into(), line: e.line(), column: e.column(), message: e.to_string() }
}

/// The top-level `openapi` and `swagger` fields of a JSON document, skipping the rest unbuilt.
fn json_version_view(text: &str, file: &str) -> Result<serde_json::Value, Error> {
    #[derive(serde::Deserialize)]
    struct Fields {
        openapi: Option<serde_json::Value>,
        swagger: Option<serde_json::Value>,
    }
    match serde_json::from_str::<Fields>(text) {
        Ok(Fields { openapi, swagger }) => {
            let mut view = serde_json::Map::new();
            view.extend(openapi.map(|v| ("openapi".to_string(), v)));
            view.extend(swagger.map(|v| ("swagger".to_string(), v)));
            Ok(serde_json::Value::Object(view))
        }
        // Not an object, say: the whole tree, so that the message names what it is.
        Err(e) if e.is_data() => serde_json::from_str(text).map_err(|e| json_error(file, &e)),
        Err(e) => Err(json_error(file, &e)),
    }
}

/// The top-level `openapi` and `swagger` fields of a YAML tree, as JSON.
fn version_view(tree: &serde_yaml::Value) -> serde_json::Value {
    let mut view = serde_json::Map::new();
    let Some(mapping) = tree.as_mapping() else { return serde_json::Value::Null };
    for key in ["openapi", "swagger"] {
        if let Some(value) = mapping.get(key) {
            let text = match value {
                serde_yaml::Value::String(s) => serde_json::Value::String(s.clone()),
                serde_yaml::Value::Number(n) => serde_json::Value::String(n.to_string()),
                other => serde_json::Value::String(format!("{other:?}")),
            };
            view.insert(key.into(), text);
        }
    }
    serde_json::Value::Object(view)
}

/// The top-level `openapi:` or `swagger:` line of a YAML document, read without parsing the
/// rest, which may hold values a 3.0 reader would trip on.
fn yaml_version_lines(text: &str) -> Option<serde_json::Value> {
    for line in text.lines() {
        for key in ["openapi", "swagger"] {
            if let Some(rest) = line.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = rest.split(" #").next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
                if !value.is_empty() {
                    return Some(serde_json::json!({ key: value }));
                }
            }
        }
    }
    None
}

/// Reads any JSON value, refusing objects that repeat a key (which `serde_json::Value` would
/// silently collapse).
struct NoDuplicateKeys;

impl<'de> serde::Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeysVisitor)
    }
}

struct NoDuplicateKeysVisitor;

impl<'de> serde::de::Visitor<'de> for NoDuplicateKeysVisitor {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<NoDuplicateKeys, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
            if !seen.insert(key.clone()) {
                return Err(serde::de::Error::custom(format!("duplicate key {key:?}")));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<NoDuplicateKeys, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_i64<E>(self, _: i64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_u64<E>(self, _: u64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_f64<E>(self, _: f64) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_str<E>(self, _: &str) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_unit<E>(self) -> Result<NoDuplicateKeys, E> {
        Ok(NoDuplicateKeys)
    }
}

/// YAML reads `version: 1.0` as a number and `summary: yes` as a boolean, where OpenAPI wants
/// text; `serde_yaml` reading a document straight into the 3.0 types takes them as written,
/// but a tree (a 3.1 or a multi-file spec, an overlay) holds the number. The values of the
/// OpenAPI fields that are always text (`description`, `version`, a server variable's values
/// and the like) that hold a number or a boolean become the scalar as `written` (`1.10` stays
/// `1.10`), or the value's own text. Values that are data (examples, defaults, enums, `const`,
/// extensions) and the schemas of properties are left as they are.
pub(crate) fn strings_where_expected(tree: &mut serde_json::Value, written: impl Fn(&str) -> Option<String>) {
    const TEXT: &[&str] = &[
        "description",
        "summary",
        "title",
        "version",
        "operationId",
        "name",
        "pattern",
        "url",
        "termsOfService",
        "email",
        "identifier",
        "format",
        "tags",
    ];
    const DATA: &[&str] = &["example", "examples", "default", "enum", "const"];
    /// The text of a scalar as the file wrote it, when the file's scalar at that place is this
    /// value (an overlay may have changed or moved it since).
    fn as_written(value: &serde_json::Value, written: Option<String>) -> String {
        let same = |text: &str| match value {
            serde_json::Value::Bool(b) => text.parse::<bool>().ok() == Some(*b),
            serde_json::Value::Number(n) => text.parse::<f64>().ok() == n.as_f64(),
            _ => false,
        };
        written.filter(|text| same(text)).unwrap_or_else(|| value.to_string())
    }
    fn walk(value: &mut serde_json::Value, pointer: &str, text_here: bool, written: &dyn Fn(&str) -> Option<String>) {
        match value {
            serde_json::Value::Number(_) | serde_json::Value::Bool(_) if text_here => {
                *value = serde_json::Value::String(as_written(value, written(pointer)));
            }
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter_mut().enumerate() {
                    walk(item, &format!("{pointer}/{i}"), text_here, written);
                }
            }
            serde_json::Value::Object(members) => {
                let segments: Vec<&str> = pointer.rsplit('/').take(4).collect();
                // A server variable (`servers/0/variables/port`): its `default` and `enum` are text.
                let variable =
                    matches!(segments.as_slice(), [_, "variables", index, "servers"] if index.parse::<usize>().is_ok());
                // `responses/default` is a response, not a default value.
                let responses = segments.first() == Some(&"responses");
                for (key, member) in members.iter_mut() {
                    let here = format!("{pointer}/{}", crate::lower::pointer_segment(key));
                    let text = TEXT.contains(&key.as_str()) || (variable && (key == "default" || key == "enum"));
                    let data =
                        (DATA.contains(&key.as_str()) && !(responses && key == "default")) || key.starts_with("x-");
                    if text || !data {
                        walk(member, &here, text, written);
                    }
                }
            }
            _ => {}
        }
    }
    walk(tree, "#", false, &written);
}
