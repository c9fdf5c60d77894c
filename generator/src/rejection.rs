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
//!   (dotted path), `{pointer}` (JSON pointer), `{in}` (`body`, `path`, `query`, ...).
//!
//! An object in the template whose string values all resolve to empty text for a rejection
//! (for example a `source: {field: "{field}"}` for a violation of the whole body) is left out,
//! so optional members stay absent rather than empty.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

const TOP: &[&str] = &["status", "kind", "reason", "detail", "request_id"];
const ITEM: &[&str] = &["code", "rule", "message", "field", "pointer", "in"];

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
/// inside repeated items), of type `serde_json::Value`.
pub fn build(template: &Value) -> TokenStream {
    match template {
        Value::Null => quote! { ::serde_json::Value::Null },
        Value::Bool(b) => quote! { ::serde_json::Value::Bool(#b) },
        Value::Number(n) => {
            let text = n.to_string();
            quote! { ::serde_json::from_str::<::serde_json::Value>(#text).unwrap_or_default() }
        }
        Value::String(s) if s == "{status}" => quote! { ::serde_json::Value::from(rejection.status.as_u16()) },
        Value::String(s) => {
            let text = string_expr(s);
            quote! { ::serde_json::Value::String(#text) }
        }
        Value::Array(items) if has_item_placeholders(template) => {
            let item = items.first().map(build).unwrap_or_else(|| quote! { ::serde_json::Value::Null });
            quote! {
                ::serde_json::Value::Array(rejection.violations.iter().map(|violation| #item).collect())
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
        _ => quote! { "" },
    }
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
