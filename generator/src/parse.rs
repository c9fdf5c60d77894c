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
    let value: serde_json::Value = if is_json {
        serde_json::from_str(text).map_err(|e| json_error(file, &e))?
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e))?
    };
    check_version(&value, file)?;
    let doc = if is_json {
        serde_json::from_str(text).map_err(|e| json_error(file, &e))
    } else {
        serde_yaml::from_str(text).map_err(|e| yaml_error(file, &e))
    };
    doc.map_err(|e| match e {
        Error::Parse { file, line, column, message } => {
            Error::Parse { file, line, column, message: format!("not a valid OpenAPI 3.0 document: {message}") }
        }
        other => other,
    })
}

fn check_version(value: &serde_json::Value, file: &str) -> Result<(), Error> {
    let spec_error =
        |pointer: &str, message: String| Error::Spec { file: file.into(), pointer: pointer.into(), message };
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
        Some(v) if v.starts_with("3.0.") || v == "3.0" => Ok(()),
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

fn yaml_error(file: &str, e: &serde_yaml::Error) -> Error {
    let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
    Error::Parse { file: file.into(), line, column, message: e.to_string() }
}

fn json_error(file: &str, e: &serde_json::Error) -> Error {
    Error::Parse { file: file.into(), line: e.line(), column: e.column(), message: e.to_string() }
}
