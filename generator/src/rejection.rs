//! `x-rejection`: how a spec tells the generated server to describe a rejected request in the
//! API's own error shape.
//!
//! The extension sits on the error schema and is a JSON template of a body of that schema.
//! String values may hold placeholders, replaced per rejection:
//!
//! - anywhere: `{status}` (the HTTP status; a string that is only `{status}` becomes a number),
//!   `{kind}` (`validation_error`, `authentication_error`, ...), `{reason}` (the status's reason
//!   phrase), `{detail}` (a sentence), `{request_id}`;
//! - inside the one item of an array, which is repeated once per violation: `{code}`
//!   (`is_required` or `is_invalid`), `{rule}` (the OpenAPI keyword), `{message}`, `{field}`
//!   (dotted path), `{pointer}` (JSON pointer), `{in}` (`body`, `path`, `query`, ...), and
//!   `{loc}` alone as a value: the location as a list (`["body", "items", 0]`, FastAPI's `loc`).
//!
//! An object in the template whose string values all resolve to empty text for a rejection
//! (for example a `source: {field: "{field}"}` for a violation of the whole body) is left out,
//! so optional members stay absent rather than empty.

use crate::model::{Api, Ty, TypeKind, TypeUse};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

const TOP: &[&str] = &["status", "kind", "reason", "detail", "request_id"];
const ITEM: &[&str] = &["code", "rule", "message", "field", "pointer", "in", "loc"];

/// Checks a template: placeholders are known, item placeholders appear only inside an array's
/// single item, and no array repeats nested.
pub fn check_template(template: &Value) -> Result<(), String> {
    if !template.is_object() {
        return Err("x-rejection must be an object: a template of the error body".into());
    }
    check(template, false)
}

fn check(value: &Value, in_item: bool) -> Result<(), String> {
    match value {
        Value::String(s) => {
            for name in placeholders(s) {
                let known_item = ITEM.contains(&name.as_str());
                if !TOP.contains(&name.as_str()) && !known_item {
                    return Err(format!("unknown placeholder {{{name}}}; known: {}", [TOP, ITEM].concat().join(", ")));
                }
                if known_item && !in_item {
                    return Err(format!("{{{name}}} describes one violation; use it inside an array's single item"));
                }
            }
            Ok(())
        }
        Value::Array(items) if has_item_placeholders(value) => {
            if in_item {
                return Err("an array inside a repeated item cannot repeat again".into());
            }
            match items.as_slice() {
                [item] => check(item, true),
                _ => Err("an array that is repeated per violation must hold exactly one template item".into()),
            }
        }
        Value::Array(items) => items.iter().try_for_each(|item| check(item, in_item)),
        Value::Object(map) => map.values().try_for_each(|v| check(v, in_item)),
        _ => Ok(()),
    }
}

fn placeholders(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

fn has_item_placeholders(value: &Value) -> bool {
    match value {
        Value::String(s) => placeholders(s).iter().any(|p| ITEM.contains(&p.as_str())),
        Value::Array(items) => items.iter().any(has_item_placeholders),
        Value::Object(map) => map.values().any(has_item_placeholders),
        _ => false,
    }
}

/// An expression building the body from `rejection: &Rejection` (and `violation: &Violation`
/// inside repeated items, taken from `entries`), of type `serde_json::Value`.
pub fn build(template: &Value, entries: &TokenStream) -> TokenStream {
    let build = |value: &Value| build(value, entries);
    match template {
        Value::Null => quote! { ::serde_json::Value::Null },
        Value::Bool(b) => quote! { ::serde_json::Value::Bool(#b) },
        Value::Number(n) => {
            let text = n.to_string();
            quote! { ::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default() }
        }
        Value::String(s) if s == "{status}" => quote! { ::serde_json::Value::from(rejection.status.as_u16()) },
        Value::String(s) if s == "{loc}" => quote! { ::serde_json::Value::Array(violation.location()) },
        Value::String(s) => {
            let text = string_expr(s);
            quote! { ::serde_json::Value::String(#text) }
        }
        Value::Array(items) if has_item_placeholders(template) => {
            let item = items.first().map(build).unwrap_or_else(|| quote! { ::serde_json::Value::Null });
            quote! {
                ::serde_json::Value::Array(#entries.map(|violation| #item).collect())
            }
        }
        Value::Array(items) => {
            let items = items.iter().map(build);
            quote! { ::serde_json::Value::Array(::std::vec![#(#items),*]) }
        }
        Value::Object(map) => {
            let inserts = map.iter().map(|(key, value)| {
                let value = build(value);
                quote! { insert(&mut map, #key, #value); }
            });
            quote! {
                {
                    let mut map = ::serde_json::Map::new();
                    #(#inserts)*
                    ::serde_json::Value::Object(map)
                }
            }
        }
    }
}

/// A `String` expression for a template string with placeholders.
fn string_expr(s: &str) -> TokenStream {
    let names = placeholders(s);
    if names.is_empty() {
        return quote! { ::std::string::String::from(#s) };
    }
    let mut format = String::new();
    let mut rest = s;
    let mut args = Vec::new();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        format.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
        format.push_str("{}");
        args.push(placeholder_expr(&rest[start + 1..start + len]));
        rest = &rest[start + len + 1..];
    }
    format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if format == "{}" && args.len() == 1 {
        let arg = &args[0];
        return quote! { ::std::string::ToString::to_string(&#arg) };
    }
    quote! { format!(#format, #(#args),*) }
}

fn placeholder_expr(name: &str) -> TokenStream {
    match name {
        "status" => quote! { rejection.status.as_u16() },
        "kind" => quote! { rejection.kind() },
        "reason" => quote! { rejection.status.canonical_reason().unwrap_or("Error") },
        "detail" => quote! { rejection.detail },
        "request_id" => quote! { rejection.request_id },
        "code" => quote! { Rejection::code(violation) },
        "rule" => quote! { violation.rule },
        "message" => quote! { violation.message },
        "field" => quote! { violation.field() },
        "pointer" => quote! { violation.pointer },
        "in" => quote! { violation.source.as_str() },
        "loc" => quote! { violation.pointer },
        _ => quote! { "" },
    }
}

/// The placeholder a property takes, from its name: `message` holds the detail, `status` the
/// status. `item` is set inside the item of an array repeated per violation.
fn placeholder_for(name: &str, integer: bool, item: bool) -> Option<&'static str> {
    let key: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect();
    let found = match (item, integer, key.as_str()) {
        (_, true, "status" | "statuscode" | "httpstatus" | "code" | "errorcode") if !item => "{status}",
        (
            false,
            false,
            "message" | "detail" | "details" | "description" | "errordescription" | "errormessage" | "msg",
        ) => "{detail}",
        (false, false, "title" | "error" | "reason" | "statustext") => "{reason}",
        (false, false, "type" | "kind" | "errortype" | "code" | "errorcode") => "{kind}",
        (false, false, "requestid" | "traceid" | "correlationid") => "{request_id}",
        (true, false, "field" | "name" | "param" | "parameter" | "property" | "attribute" | "key") => "{field}",
        (true, false, "pointer" | "path" | "jsonpointer") => "{pointer}",
        (true, false, "message" | "detail" | "description" | "msg" | "reason" | "title") => "{message}",
        (true, false, "rule" | "keyword" | "type" | "kind") => "{rule}",
        (true, false, "code" | "errorcode") => "{code}",
        (true, false, "in" | "location") => "{in}",
        _ => return None,
    };
    Some(found)
}

/// Names of arrays that list what is wrong, one item per violation.
fn is_violation_list(name: &str) -> bool {
    let key: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).flat_map(char::to_lowercase).collect();
    matches!(
        key.as_str(),
        "errors"
            | "detail"
            | "violations"
            | "details"
            | "issues"
            | "problems"
            | "fielderrors"
            | "invalidparams"
            | "causes"
            | "messages"
    )
}

/// An `x-rejection` template for an error schema that has none, filled from what a rejection
/// knows by property name and type (see [`placeholder_for`]); required properties it cannot fill
/// get a valid value built from their schema. `None` when the schema is not an object. The
/// second value says, for people, which property is filled from what.
pub fn infer(api: &Api, name: &str) -> Option<(Value, Vec<String>)> {
    let mut notes = Vec::new();
    let template = object_template(api, name, false, "", &mut notes, 0)?;
    Some((template, notes))
}

fn object_template(
    api: &Api,
    name: &str,
    item: bool,
    path: &str,
    notes: &mut Vec<String>,
    depth: usize,
) -> Option<Value> {
    let Some(TypeKind::Struct(def)) = api.type_def(name).map(|t| &t.kind) else { return None };
    if depth > 4 {
        return None;
    }
    let mut map = serde_json::Map::new();
    let mut repeated = item;
    for field in &def.fields {
        if field.flatten {
            return None;
        }
        let here = format!("{path}/{}", field.wire_name);
        let resolved = resolve(api, &field.ty);
        let plain_string = resolved.ty == Ty::String
            && resolved.rules.pattern.is_none()
            && resolved.rules.format.is_none()
            && resolved.rules.allowed.is_empty()
            && resolved.rules.max_length.is_none_or(|m| m >= 200);
        let integer = matches!(resolved.ty, Ty::Int(_)) && resolved.rules == Default::default();
        let value = match &resolved.ty {
            _ if plain_string || integer => placeholder_for(&field.wire_name, integer, item).map(|p| {
                notes.push(format!("{here} <- {p}"));
                Value::String(p.into())
            }),
            // FastAPI's `loc`: where the value is, as a list of keys and indices.
            Ty::Vec(_) if item && field.wire_name.eq_ignore_ascii_case("loc") => {
                notes.push(format!("{here} <- {{loc}}"));
                Some(Value::String("{loc}".into()))
            }
            Ty::Vec(inner) if !repeated && is_violation_list(&field.wire_name) => {
                let inner = resolve(api, inner);
                let entry = match &inner.ty {
                    Ty::Named(n) => object_template(api, n, true, &format!("{here}/*"), notes, depth + 1),
                    Ty::String => {
                        notes.push(format!("{here}/* <- {{message}}"));
                        Some(Value::String("{message}".into()))
                    }
                    _ => None,
                };
                entry.map(|entry| {
                    repeated = true;
                    Value::Array(vec![entry])
                })
            }
            // Only objects the schema requires are filled: an optional one (Stripe's error
            // carries an optional `payment_intent`) is left out rather than made up.
            Ty::Named(n) if field.required => object_template(api, n, item, &here, notes, depth + 1)
                .filter(|v| v.as_object().is_some_and(|m| !m.is_empty())),
            _ => None,
        };
        let value = match value {
            Some(value) => Some(value),
            None if field.required => Some(crate::sample::build(api, &field.ty, 0)),
            None => None,
        };
        if let Some(value) = value {
            map.insert(field.wire_name.clone(), value);
        }
    }
    Some(Value::Object(map))
}

/// A body the template gives for a typical rejection (a 422 with one violation), to check
/// against the schema at generation time.
pub fn instantiate(template: &Value) -> Value {
    match template {
        Value::String(s) if s == "{status}" => Value::from(422),
        Value::String(s) if s == "{loc}" => serde_json::json!(["body", "x", 0]),
        Value::String(s) if !placeholders(s).is_empty() => Value::String("x".into()),
        Value::Array(items) => Value::Array(items.iter().map(instantiate).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), instantiate(v))).collect()),
        other => other.clone(),
    }
}

/// Follows aliases to the use that says what a value is.
fn resolve<'a>(api: &'a Api, tu: &'a TypeUse) -> &'a TypeUse {
    let mut tu = tu;
    for _ in 0..=api.types.len() {
        let Ty::Named(name) = &tu.ty else { return tu };
        match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => tu = target,
            _ => return tu,
        }
    }
    tu
}

#[cfg(test)]
mod tests {
    use super::check_template;
    use serde_json::json;

    #[test]
    fn templates_are_checked() {
        let good = json!({"status": "{status}", "errors": [{"code": "{code}", "source": {"field": "{field}"}}]});
        assert!(check_template(&good).is_ok());
        let cases = [
            (json!("text"), "must be an object"),
            (json!({"a": "{nope}"}), "unknown placeholder {nope}"),
            (json!({"a": "{field}"}), "inside an array"),
            (json!({"a": [{"x": "{field}"}, {"y": "{code}"}]}), "exactly one"),
            (json!({"a": [{"b": [{"x": "{field}"}]}]}), "cannot repeat again"),
        ];
        for (template, expected) in cases {
            let err = check_template(&template).expect_err("template is refused");
            assert!(err.contains(expected), "{err}");
        }
    }
}
