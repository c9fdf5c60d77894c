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

/// The generated crate's own API. Lowering reserves these names before it hands out any name
/// that comes from the spec, so a spec name that would take one is renamed instead (the next
/// free number: an operation `new` becomes `Client::new_2`, an operation `api` gets the error
/// enum `ApiError2`), and the crate's own API keeps the same names whatever the spec holds. A
/// unit test (`reserved_names_cover_the_emitted_api`) fails when an emitter adds an item
/// that is missing here.
pub mod reserved {
    /// Types and traits of the `client` module that do not come from the spec.
    pub const CLIENT_TYPES: &[&str] = &["ApiError", "Client", "Error", "RateLimitRetry", "ResponseValue"];
    /// Associated items of `Client` that do not come from the spec; operations are methods
    /// beside them. `clone` and `fmt` come from the traits `Client` implements: a method of
    /// that name would shadow them in `client.clone()`.
    pub const CLIENT_METHODS: &[&str] = &[
        "DEFAULT_BASE_URL",
        "base_url",
        "clone",
        "execute",
        "fmt",
        "new",
        "request",
        "url",
        "with_api_key",
        "with_basic_auth",
        "with_bearer_token",
        "with_http_client",
        "with_rate_limit_retry",
    ];
    /// Types and traits of the `server` module that do not come from the spec.
    /// (`Answer` is no longer emitted; it stays reserved so that a spec type of that name keeps
    /// the name it had.)
    pub const SERVER_TYPES: &[&str] = &[
        "Answer",
        "Api",
        "ApiKey",
        "BasicCredentials",
        "BearerToken",
        "BodyError",
        "ExampleStub",
        "Failure",
        "Options",
        "Rejection",
        "RenderRejection",
        "Scalar",
        "SecretCheck",
        "Shared",
        "SpecRenderer",
        "TokenCheck",
    ];
    /// Functions of the `server` module that do not come from the spec; each operation adds a
    /// `handle_…` function and each `x-rejection` schema a `render_…` one beside them.
    pub const SERVER_FNS: &[&str] = &[
        "carries_query",
        "catch_panic",
        "check_decode",
        "coerce_array",
        "coerce_scalar",
        "collect",
        "cookie_pairs",
        "decode",
        "deep_object_pairs",
        "empty_object",
        "example",
        "form_value",
        "html_escape",
        "indexed_array",
        "read_multipart",
        "insert",
        "is_json",
        "is_media",
        "json_body",
        "json_response",
        "method_not_allowed",
        "not_found",
        "null_text",
        "object_alternative",
        "param",
        "path_value",
        "problem_json",
        "query_pairs",
        "query_value",
        "raw_response",
        "read_form",
        "read_json",
        "read_raw",
        "request_id",
        "router",
        "router_with",
        "scalar",
        "set_header",
        "status_code",
    ];
    /// The client support functions (`generator/runtime/client_support.rs`) that methods call by
    /// bare name: an argument of that name would shadow the function in the method's body.
    pub const CLIENT_CALLS: &[&str] = &[
        "api_error",
        "call_span",
        "check_param",
        "decode",
        "default_http",
        "form_body",
        "form_pairs",
        "header",
        "ok",
        "parse_base_url",
        "read_bytes",
        "read_text",
        "received",
        "retry_after",
        "transport_error",
        "unexpected",
        "validated",
    ];
    /// Private fields of `Client`; a credential named after its scheme takes another name.
    pub const CLIENT_FIELDS: &[&str] = &["api_key", "base_url", "bearer_token", "credentials", "http", "retry"];
    /// Fields of a `server::{Op}Request` beside the parameters, and arguments of a client
    /// method beside them.
    pub const REQUEST_FIELDS: &[&str] =
        &["api_key", "bearer_token", "body", "content_type", "credentials", "media_type", "params", "parts"];
    /// Variant of every `server::{Op}Response` that carries an error the spec does not document.
    pub const FAILURE_VARIANT: &str = "Failure";
    /// Variant of every string enum and union that keeps a value the spec does not list.
    pub const UNKNOWN_VARIANT: &str = "Unknown";
    /// Crates the generated crate depends on, or that every crate sees: a package of the same
    /// name would depend on itself or shadow them.
    pub const CRATES: &[&str] = &[
        "alloc",
        "axum",
        "base64",
        "chrono",
        "core",
        "fancy_regex",
        "form_urlencoded",
        "futures_util",
        "http_body_util",
        "proc_macro",
        "regex",
        "regex_lite",
        "reqwest",
        "serde",
        "serde_json",
        "serde_path_to_error",
        "std",
        "test",
        "tokio",
        "tracing",
    ];
}

/// Whether `word` is a Rust keyword, which a crate cannot be named.
pub fn is_keyword(word: &str) -> bool {
    NON_RAW.contains(&word) || KEYWORDS.contains(&word)
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

    /// Returns `name`, or `name` followed by the smallest number from 2 that is still free
    /// (`Default2`, `id_2`). The first to claim a name keeps it; a raw identifier loses its
    /// `r#` (`type_2`) and a trailing `_` is dropped first (`self_2`, `Self2`), so numbered
    /// names stay in the case the compiler's lints expect.
    pub fn claim(&mut self, name: String) -> String {
        if self.taken.insert(name.clone()) {
            return name;
        }
        let bare = name.trim_start_matches("r#").trim_end_matches('_');
        let sep = if bare.starts_with(|c: char| c.is_ascii_uppercase()) { "" } else { "_" };
        (2..).map(|n| format!("{bare}{sep}{n}")).find(|candidate| self.taken.insert(candidate.clone())).unwrap_or(name)
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
        assert_eq!(scope.claim("self_".into()), "self_");
        assert_eq!(scope.claim("self_".into()), "self_2");
        assert_eq!(scope.claim("Self_".into()), "Self_");
        assert_eq!(scope.claim("Self_".into()), "Self2");
        let mut client = Scope::with_reserved(reserved::CLIENT_METHODS);
        assert_eq!(client.claim(value_name("new")), "new_2");
        assert_eq!(client.claim(value_name("with_http_client")), "with_http_client_2");
    }

    /// Every item the emitters write into `client.rs` and `server.rs` is either reserved above
    /// or named by lowering from the spec, for the project spec and every fixture: an emitter
    /// that adds an item without reserving its name fails here.
    #[test]
    fn reserved_names_cover_the_emitted_api() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
        let mut specs = vec![root.join("spec/openapi.yaml")];
        for entry in std::fs::read_dir(root.join("tests/fixtures")).unwrap() {
            // Folders hold the other files of a multi-file fixture, whose root is beside them; a
            // `.toml` is a fixture's configuration.
            let path = entry.unwrap().path();
            if path.is_file() && path.extension().is_some_and(|e| e != "toml") {
                specs.push(path);
            }
        }
        for spec in specs {
            let text = std::fs::read_to_string(&spec).unwrap();
            let folder = spec.parent().unwrap().to_path_buf();
            let mut read = |path: &str| std::fs::read_to_string(folder.join(path)).map_err(|e| e.to_string());
            let doc = crate::read_document(&text, "spec", &crate::Settings::default(), &mut read).unwrap().doc;
            let (api, _) = crate::lower::lower(&doc, "spec", None, &crate::Config::default()).unwrap();
            let files = crate::generate_crate_from_files(&text, &test_settings(), &mut read).unwrap().files;
            let file = |path: &str| {
                let text = &files.iter().find(|f| f.path == path).unwrap().contents;
                syn::parse_file(text).unwrap()
            };
            let mut client_items: BTreeSet<String> = reserved::CLIENT_TYPES.iter().map(|s| s.to_string()).collect();
            let mut client_methods: BTreeSet<String> = reserved::CLIENT_METHODS.iter().map(|s| s.to_string()).collect();
            let mut server_items: BTreeSet<String> =
                reserved::SERVER_TYPES.iter().chain(reserved::SERVER_FNS).map(|s| s.to_string()).collect();
            for op in &api.operations {
                let crate::model::OperationTypes { request, response, error, params, success, shared_error: _ } =
                    &op.types;
                client_items.extend([error.clone(), params.clone(), success.clone()]);
                client_methods.insert(op.fn_name.trim_start_matches("r#").to_string());
                client_methods.extend(op.pagination.as_ref().map(|p| p.fn_name.trim_start_matches("r#").to_string()));
                server_items.extend([request.clone(), response.clone(), op.handler.clone()]);
                server_items.extend(op.body.as_ref().and_then(|b| b.content.clone()));
                if let Some(choice) = op.body.as_ref().and_then(|b| b.multipart.as_ref()) {
                    client_methods.insert(choice.client_method.trim_start_matches("r#").to_string());
                }
            }
            server_items.extend(api.types.iter().filter_map(|t| t.rejection.as_ref().map(|r| r.builder.clone())));
            client_methods.extend(api.credentials.iter().map(|c| c.builder.clone()));
            // Free functions of the client module are not reserved: nothing from the spec is a
            // free function there.
            let client_fns: BTreeSet<String> = file("src/client.rs")
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                    _ => None,
                })
                .collect();
            let unlisted = |items: &[syn::Item], known: &BTreeSet<String>, also: &BTreeSet<String>| {
                items
                    .iter()
                    .filter_map(item_name)
                    .filter(|name| !known.contains(name) && !also.contains(name) && !name.starts_with("PATTERN_"))
                    .collect::<Vec<_>>()
            };
            let client = file("src/client.rs");
            let none = BTreeSet::new();
            assert_eq!(unlisted(&client.items, &client_items, &client_fns), Vec::<String>::new(), "{spec:?}");
            let server = file("src/server.rs");
            assert_eq!(unlisted(&server.items, &server_items, &none), Vec::<String>::new(), "{spec:?}");
            // Associated items of `impl Client` (trait impls such as `Debug` aside).
            let methods: Vec<String> = client
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::Item::Impl(block) if block.trait_.is_none() => Some(block),
                    _ => None,
                })
                .filter(|block| matches!(&*block.self_ty, syn::Type::Path(p) if p.path.is_ident("Client")))
                .flat_map(|block| &block.items)
                .filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    syn::ImplItem::Const(c) => Some(c.ident.to_string()),
                    _ => None,
                })
                .filter(|name| !client_methods.contains(name))
                .collect();
            assert_eq!(methods, Vec::<String>::new(), "{spec:?}: methods of Client missing from CLIENT_METHODS");
        }
        let support = syn::parse_file(include_str!("../runtime/client_support.rs")).unwrap();
        let unreserved: Vec<String> = support
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
                _ => None,
            })
            .filter(|name| !reserved::CLIENT_CALLS.contains(&name.as_str()))
            .collect();
        assert_eq!(unreserved, Vec::<String>::new(), "client support functions missing from CLIENT_CALLS");
    }

    fn item_name(item: &syn::Item) -> Option<String> {
        let ident = match item {
            syn::Item::Struct(i) => &i.ident,
            syn::Item::Enum(i) => &i.ident,
            syn::Item::Trait(i) => &i.ident,
            syn::Item::Type(i) => &i.ident,
            syn::Item::Fn(i) => &i.sig.ident,
            syn::Item::Const(i) => &i.ident,
            syn::Item::Static(i) => &i.ident,
            _ => return None,
        };
        Some(ident.to_string())
    }

    fn test_settings() -> crate::Settings {
        crate::Settings { spec_path: "spec".into(), crate_name: None, command: "test".into(), ..Default::default() }
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
