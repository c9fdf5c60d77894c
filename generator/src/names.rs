//! The one place where spec names become Rust names.
//!
//! Lowering calls these functions; emitters never case-convert. Every function is total: any
//! input string yields a valid identifier, so hostile names cannot produce uncompilable code.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words that cannot be identifiers even as raw identifiers (`r#self` is rejected by rustc).
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of edition 2024; these become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Replaces characters that heck would silently drop with words, so that names differing only
/// in symbols (`DateCreated<` and `DateCreated>`) stay distinct.
fn spell_symbols(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        let word = match c {
            '<' => " lt ",
            '>' => " gt ",
            '=' => " eq ",
            '+' => " plus ",
            '@' => " at ",
            '$' => " dollar ",
            '*' => " star ",
            '!' => " not ",
            '%' => " percent ",
            '&' => " and ",
            '~' => " tilde ",
            '^' => " caret ",
            '|' => " or ",
            _ => {
                out.push(c);
                continue;
            }
        };
        out.push_str(word);
    }
    out
}

/// Keeps only ASCII identifier characters; heck passes other Unicode letters through, which
/// would be legal Rust but awkward to type, so they become word breaks.
fn ascii_words(raw: &str) -> String {
    // A leading minus before a digit is a sign (`-1`), not a word break.
    let signed;
    let raw = match raw.strip_prefix('-') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => {
            signed = format!("minus {rest}");
            signed.as_str()
        }
        _ => raw,
    };
    spell_symbols(raw).chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect()
}

/// A type or variant name: `UpperCamelCase`, never empty, never starting with a digit.
pub fn type_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Unnamed");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'T');
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// A field, parameter, function or module name: `snake_case`, keywords made raw.
pub fn value_name(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NON_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// Hands out names that are unique within one scope, appending a number on collision.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken (the crate's own items, for example).
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self { taken: reserved.iter().map(|s| s.to_string()).collect() }
    }

    /// Returns `name`, or `name` followed by the smallest number from 2 that is still free.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let (prefix, raw) = match name.strip_prefix("r#") {
            Some(rest) => ("", rest.to_string()),
            None => ("", name.clone()),
        };
        let sep = if raw.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..)
            .map(|n| format!("{prefix}{raw}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .unwrap_or(name)
    }
}

/// The identifier for a name produced above, raw when it carries `r#`.
pub fn ident(name: &str) -> proc_macro2::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => proc_macro2::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => proc_macro2::Ident::new(name, proc_macro2::Span::call_site()),
    }
}

/// The Rust variant name of an HTTP status, from its reason phrase (`201` -> `Created`).
pub fn status_variant(status: u16) -> String {
    let reason = match status {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        _ => return format!("Status{status}"),
    };
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn odd_names() {
        let cases = [
            ("API Keys V1#Rotate", "api_keys_v1_rotate"),
            ("type", "r#type"),
            ("self", "self_"),
            ("1st", "_1st"),
            ("+1", "plus_1"),
            ("-1", "minus_1"),
            ("DateCreated<", "date_created_lt"),
            ("DateCreated>", "date_created_gt"),
            ("$filter", "dollar_filter"),
            ("odata.nextLink", "odata_next_link"),
            ("", "value"),
            ("日本", "value"),
        ];
        for (raw, want) in cases {
            assert_eq!(value_name(raw), want, "value_name({raw:?})");
        }
        let types = [
            ("APIKeysRotatePayloadV1", "ApiKeysRotatePayloadV1"),
            ("1.0", "T10"),
            ("Self", "Self_"),
            ("", "Unnamed"),
            ("pet-store", "PetStore"),
        ];
        for (raw, want) in types {
            assert_eq!(type_name(raw), want, "type_name({raw:?})");
        }
    }

    #[test]
    fn scope_suffixes_collisions() {
        let mut scope = Scope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client".into()), "Client2");
        assert_eq!(scope.claim("id".into()), "id");
        assert_eq!(scope.claim("id".into()), "id_2");
        assert_eq!(scope.claim("r#type".into()), "r#type");
        assert_eq!(scope.claim("r#type".into()), "type_2");
    }

    #[test]
    fn idents_are_valid() {
        for raw in ["type", "self", "match", "x y", "9"] {
            let name = value_name(raw);
            let _ = ident(&name);
            let _ = ident(&type_name(raw));
        }
    }
}
