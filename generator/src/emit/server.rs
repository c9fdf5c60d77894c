//! Emits `src/server.rs`: the `Api` trait a team implements, typed requests and responses per
//! operation, and the axum router that validates every request before calling the trait.

use super::client::source_ident;
use super::validate::{Patterns, value_checks};
use super::{doc_attr, resolve_alias, rust_type, to_text};
use crate::model::{Api, Header, Operation, Param, ParamIn, Response, StatusSpec, Ty, TypeUse};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The tokens of `server.rs`.
pub fn emit(api: &Api) -> TokenStream {
    let mut patterns = Patterns::default();
    let trait_methods = api.operations.iter().map(trait_method);
    let op_types = api.operations.iter().map(|op| {
        let request = request_struct(api, op);
        let response = response_enum(api, op);
        quote! { #request #response }
    });
    let handlers: Vec<TokenStream> = api.operations.iter().map(|op| handler(api, &mut patterns, op)).collect();
    let routes = routes(api);
    let statics = patterns.statics();
    let support = support();
    quote! {
        //! Server side: implement [`Api`] and serve [`router`] with axum.
        //!
        //! The router checks every request against the spec (bearer token, parameters, body, every
        //! rule) and answers violations itself, so an implementation only sees valid requests.

        /// The API, one method per operation. Implement it and pass it to [`router`].
        pub trait Api: ::std::marker::Send + ::std::marker::Sync + 'static {
            #(#trait_methods)*
        }

        #(#op_types)*

        /// Settings of the router.
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
        #[non_exhaustive]
        pub struct Options {
            /// Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.
            pub body_limit: usize,
        }

        impl ::std::default::Default for Options {
            fn default() -> Self {
                Options { body_limit: 1024 * 1024 }
            }
        }

        impl Options {
            /// Sets [`Options::body_limit`].
            pub fn body_limit(mut self, bytes: usize) -> Self {
                self.body_limit = bytes;
                self
            }
        }

        struct Shared<A> {
            api: ::std::sync::Arc<A>,
            options: Options,
        }

        /// The router for `api` with default [`Options`].
        pub fn router<A: Api>(api: ::std::sync::Arc<A>) -> ::axum::Router {
            router_with(api, Options::default())
        }

        /// The router for `api` with `options`.
        pub fn router_with<A: Api>(api: ::std::sync::Arc<A>, options: Options) -> ::axum::Router {
            let shared = ::std::sync::Arc::new(Shared { api, options });
            ::axum::Router::new()
                #routes
                .with_state(shared)
        }

        #(#handlers)*
        #support
        #statics
    }
}

fn trait_method(op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let request = format_ident!("{}Request", op.type_name);
    let response = format_ident!("{}Response", op.type_name);
    let doc = doc_attr(op.doc.as_deref());
    let signature_doc = format!(" `{} {}` (operation `{}`).", op.method.as_str(), op.path, op.id);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #signature_doc]
        fn #fn_name(&self, request: #request) -> impl ::std::future::Future<Output = #response> + ::std::marker::Send;
    }
}

/// The type a parameter has in the request struct: `Option` unless required.
fn param_type(param: &Param) -> TokenStream {
    let ty = rust_type(&param.ty);
    if param.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn request_struct(api: &Api, op: &Operation) -> TokenStream {
    let _ = api;
    let name = format_ident!("{}Request", op.type_name);
    let doc = format!(" A validated `{}` request.", op.id);
    let params = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let ty = param_type(p);
        let doc = doc_attr(p.doc.as_deref().or(Some(&format!(
            "The `{}` {} parameter.",
            p.wire_name,
            location_name(p.location)
        ))));
        quote! { #doc pub #field: #ty, }
    });
    let body = op.body.as_ref().map(|b| {
        let ty = rust_type(&b.ty);
        let ty = if b.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        let doc = doc_attr(b.doc.as_deref().or(Some("The request body.")));
        quote! { #doc pub body: #ty, }
    });
    let token = op.bearer.then(|| {
        quote! { /// The caller's bearer token.
        pub bearer_token: BearerToken, }
    });
    let debug_fields = op.params.iter().map(|p| {
        let field = ident(&p.name);
        let label = p.name.trim_start_matches("r#");
        quote! { .field(#label, &self.#field) }
    });
    let debug_body = op.body.as_ref().map(|_| quote! { .field("body", &self.body) });
    let debug_token = op.bearer.then(|| quote! { .field("bearer_token", &self.bearer_token) });
    let label = name.to_string();
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        pub struct #name {
            #(#params)*
            #body
            #token
            /// The request's method, URI, headers and extensions, for anything the spec does not
            /// describe.
            pub parts: ::axum::http::request::Parts,
        }

        // Headers are left out: they carry the bearer token.
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label)
                    #(#debug_fields)*
                    #debug_body
                    #debug_token
                    .field("method", &self.parts.method)
                    .field("uri", &self.parts.uri)
                    .finish_non_exhaustive()
            }
        }
    }
}

fn location_name(location: ParamIn) -> &'static str {
    match location {
        ParamIn::Path => "path",
        ParamIn::Query => "query",
        ParamIn::Header => "header",
        ParamIn::Cookie => "cookie",
    }
}

/// Whether a response variant carries a runtime status (ranges and `default`).
fn has_status_field(response: &Response) -> bool {
    !matches!(response.status, StatusSpec::Code(_))
}

fn response_enum(api: &Api, op: &Operation) -> TokenStream {
    let name = format_ident!("{}Response", op.type_name);
    let doc = format!(" Every response the spec documents for `{}`.", op.id);
    let variants = op.responses.iter().map(response_variant);
    let arms = op.responses.iter().map(|r| response_arm(api, r));
    quote! {
        #[doc = #doc]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #(#variants)*
        }

        impl ::axum::response::IntoResponse for #name {
            fn into_response(self) -> ::axum::response::Response {
                match self {
                    #(#arms)*
                }
            }
        }
    }
}

fn response_variant(response: &Response) -> TokenStream {
    let Response { status, variant, doc, body, example: _, headers } = response;
    let variant = ident(variant);
    let status_doc = match status {
        StatusSpec::Code(code) => format!(" Status {code}."),
        StatusSpec::Range(r) => format!(" A {r}XX status."),
        StatusSpec::Default => " Any status the spec does not list.".to_string(),
    };
    let doc = doc_attr(doc.as_deref());
    let head = quote! { #doc #[doc = ""] #[doc = #status_doc] };
    let status_field = has_status_field(response).then(|| {
        quote! { /// The status to send.
        status: ::axum::http::StatusCode, }
    });
    if status_field.is_none() && headers.is_empty() {
        return match body {
            Some(tu) => {
                let ty = rust_type(tu);
                quote! { #head #variant(#ty), }
            }
            None => quote! { #head #variant, },
        };
    }
    let body = body.as_ref().map(|tu| {
        let ty = rust_type(tu);
        quote! { /// The body.
        body: #ty, }
    });
    let headers = headers.iter().map(header_field);
    quote! { #head #variant { #status_field #body #(#headers)* }, }
}

fn header_field(header: &Header) -> TokenStream {
    let name = ident(&header.name);
    let ty = rust_type(&header.ty);
    let ty = if header.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    };
    let doc = doc_attr(header.doc.as_deref().or(Some(&format!("The `{}` header.", header.wire_name))));
    quote! { #doc #name: #ty, }
}

fn response_arm(api: &Api, response: &Response) -> TokenStream {
    let variant = ident(&response.variant);
    let status = match response.status {
        StatusSpec::Code(code) => {
            quote! { ::axum::http::StatusCode::from_u16(#code).unwrap_or(::axum::http::StatusCode::INTERNAL_SERVER_ERROR) }
        }
        _ => quote! { status },
    };
    let build = match &response.body {
        Some(_) => quote! { let mut response = json_response(#status, &body); },
        None => quote! { let mut response = ::axum::response::IntoResponse::into_response(#status); },
    };
    let header_sets = response.headers.iter().map(|h| {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        let text = to_text(api, quote! { value }, &h.ty);
        let set = quote! { set_header(&mut response, #wire, #text); };
        if h.required {
            quote! { { let value = &#name; #set } }
        } else {
            quote! { if let ::std::option::Option::Some(value) = &#name { #set } }
        }
    });
    let pattern = if !has_status_field(response) && response.headers.is_empty() {
        if response.body.is_some() {
            quote! { Self::#variant(body) }
        } else {
            quote! { Self::#variant }
        }
    } else {
        let status_binding = has_status_field(response).then(|| quote! { status, });
        let body_binding = response.body.as_ref().map(|_| quote! { body, });
        let header_bindings = response.headers.iter().map(|h| {
            let name = ident(&h.name);
            quote! { #name, }
        });
        quote! { Self::#variant { #status_binding #body_binding #(#header_bindings)* } }
    };
    let mutable = if response.headers.is_empty() {
        quote! { #[allow(unused_mut)] }
    } else {
        TokenStream::new()
    };
    quote! {
        #pattern => {
            #mutable
            #build
            #(#header_sets)*
            response
        }
    }
}

fn routes(api: &Api) -> TokenStream {
    let mut paths: Vec<(&str, Vec<&Operation>)> = Vec::new();
    for op in &api.operations {
        match paths.iter_mut().find(|(p, _)| *p == op.path) {
            Some((_, ops)) => ops.push(op),
            None => paths.push((&op.path, vec![op])),
        }
    }
    let routes = paths.iter().map(|(path, ops)| {
        let methods = ops.iter().map(|op| {
            let method = format_ident!("{}", op.method.as_str().to_lowercase());
            let handler = format_ident!("handle_{}", op.fn_name.trim_start_matches("r#"));
            quote! { #method(#handler::<A>) }
        });
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        quote! { .route(#path, ::axum::routing::MethodRouter::new() #(.merge(::axum::routing::#methods))*) }
    });
    quote! { #(#routes)* }
}

/// An expression turning `raw` (a `&str`) into the JSON value the parameter's schema is checked
/// against: numbers and booleans are parsed when they parse, and left as strings otherwise so
/// the check reports the wrong type.
fn to_json(api: &Api, raw: TokenStream, tu: &TypeUse) -> TokenStream {
    let resolved = resolve_alias(api, tu);
    let kind = match &resolved.ty {
        Ty::Bool => quote! { Scalar::Boolean },
        Ty::I32 | Ty::I64 => quote! { Scalar::Integer },
        Ty::F32 | Ty::F64 => quote! { Scalar::Number },
        Ty::Json => quote! { Scalar::Json },
        Ty::Vec(item) => {
            let item = to_json(api, quote! { raw }, item);
            return quote! {
                ::serde_json::Value::Array(#raw.split(',').filter(|raw| !raw.is_empty()).map(|raw| #item).collect())
            };
        }
        _ => quote! { Scalar::String },
    };
    quote! { scalar(#raw, #kind) }
}

fn handler(api: &Api, patterns: &mut Patterns, op: &Operation) -> TokenStream {
    let fn_name = ident(&op.fn_name);
    let handler = format_ident!("handle_{}", op.fn_name.trim_start_matches("r#"));
    let request_type = format_ident!("{}Request", op.type_name);
    let auth = op.bearer.then(|| {
        quote! {
            let ::std::option::Option::Some(bearer_token) = BearerToken::from_headers(&parts.headers) else {
                return unauthorized();
            };
        }
    });
    let has_path = op.params.iter().any(|p| p.location == ParamIn::Path);
    let path_params = has_path.then(|| {
        quote! {
            let path_params = match <::axum::extract::RawPathParams as ::axum::extract::FromRequestParts<()>>::from_request_parts(&mut parts, &()).await {
                Ok(params) => params,
                Err(rejection) => return ::axum::response::IntoResponse::into_response(rejection),
            };
        }
    });
    let has_query = op.params.iter().any(|p| p.location == ParamIn::Query);
    let query = has_query.then(|| {
        quote! {
            let query: ::std::vec::Vec<(::std::string::String, ::std::string::String)> =
                ::form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()).into_owned().collect();
        }
    });
    let has_cookie = op.params.iter().any(|p| p.location == ParamIn::Cookie);
    let cookies = has_cookie.then(|| {
        quote! { let cookies = cookie_pairs(&parts.headers); }
    });
    let extract_params: Vec<TokenStream> = op.params.iter().map(|p| extract_param(api, patterns, p)).collect();
    let body = op.body.as_ref().map(|b| {
        let ty = rust_type(&b.ty);
        let required = b.required;
        let checks = value_checks(api, patterns, quote! { value_ref }, quote! { location }, &b.ty);
        let bind_ref = (!checks.is_empty()).then(|| quote! { let value_ref = &value; });
        quote! {
            let body: ::std::option::Option<#ty> = match read_json(&parts.headers, body, shared.options.body_limit, #required, errors).await {
                Ok(::std::option::Option::Some(value)) => {
                    let location = &crate::validation::Location::root(crate::validation::Source::Body);
                    let before = errors.len();
                    #bind_ref
                    #checks
                    if errors.len() > before { ::std::option::Option::None } else { decode(value, location, errors) }
                }
                Ok(::std::option::Option::None) => ::std::option::Option::None,
                Err(response) => return response,
            };
        }
    });
    let (body_param, unused_body) = match &op.body {
        Some(_) => (quote! { body }, TokenStream::new()),
        None => (quote! { _body }, TokenStream::new()),
    };
    let _ = unused_body;
    // Every required value was checked above; a `None` here means its violation is in `errors`.
    let mut unwraps = Vec::new();
    for p in &op.params {
        if p.required {
            let name = ident(&p.name);
            unwraps
                .push(quote! { let ::std::option::Option::Some(#name) = #name else { return invalid(violations) }; });
        }
    }
    if op.body.as_ref().is_some_and(|b| b.required) {
        unwraps.push(quote! { let ::std::option::Option::Some(body) = body else { return invalid(violations) }; });
    }
    let fields = op.params.iter().map(|p| ident(&p.name));
    let body_field = op.body.as_ref().map(|_| quote! { body, });
    let token_field = op.bearer.then(|| quote! { bearer_token, });
    quote! {
        async fn #handler<A: Api>(
            ::axum::extract::State(shared): ::axum::extract::State<::std::sync::Arc<Shared<A>>>,
            request: ::axum::extract::Request,
        ) -> ::axum::response::Response {
            #[allow(unused_mut)]
            let (mut parts, #body_param) = request.into_parts();
            #auth
            #[allow(unused_mut)]
            let mut violations: ::std::vec::Vec<crate::validation::Violation> = ::std::vec::Vec::new();
            #[allow(unused_variables)]
            let errors = &mut violations;
            #path_params
            #query
            #cookies
            #(#extract_params)*
            #body
            if !violations.is_empty() {
                return invalid(violations);
            }
            #(#unwraps)*
            let request = #request_type { #(#fields,)* #body_field #token_field parts };
            ::axum::response::IntoResponse::into_response(shared.api.#fn_name(request).await)
        }
    }
}

/// Statements that bind the parameter's variable as `Option<T>`, recording violations.
fn extract_param(api: &Api, patterns: &mut Patterns, param: &Param) -> TokenStream {
    let name = ident(&param.name);
    let wire = &param.wire_name;
    let source = source_ident(param.location);
    let ty = rust_type(&param.ty);
    let resolved = resolve_alias(api, &param.ty);
    let raw = match param.location {
        ParamIn::Path => quote! { path_params.iter().find(|(name, _)| *name == #wire).map(|(_, value)| value) },
        ParamIn::Query => quote! { query.iter().find(|(name, _)| name == #wire).map(|(_, value)| value.as_str()) },
        ParamIn::Header => quote! { parts.headers.get(#wire).map(|value| value.to_str().unwrap_or("\u{fffd}")) },
        ParamIn::Cookie => quote! { cookies.iter().find(|(name, _)| name == #wire).map(|(_, value)| value.as_str()) },
    };
    let exploded_query =
        param.location == ParamIn::Query && param.explode && matches!(resolved.ty, Ty::Vec(_)) && !resolved.nullable;
    let value = match (&resolved.ty, exploded_query) {
        (Ty::Vec(item), true) => {
            let item = to_json(api, quote! { raw }, item);
            quote! {
                {
                    let values: ::std::vec::Vec<::serde_json::Value> =
                        query.iter().filter(|(name, _)| name == #wire).map(|(_, raw)| #item).collect();
                    (!values.is_empty()).then_some(::serde_json::Value::Array(values))
                }
            }
        }
        _ => {
            let convert = to_json(api, quote! { raw }, &param.ty);
            quote! { #raw.map(|raw| #convert) }
        }
    };
    let missing = param
        .required
        .then(|| quote! { errors.push(crate::validation::Violation::new(location, "required", "is required")); });
    let checks = value_checks(api, patterns, quote! { value_ref }, quote! { location }, &param.ty);
    let bind_ref = (!checks.is_empty()).then(|| quote! { let value_ref = &value; });
    quote! {
        let #name: ::std::option::Option<#ty> = {
            let root = crate::validation::Location::root(crate::validation::Source::#source);
            let location = &root.key(#wire);
            let value: ::std::option::Option<::serde_json::Value> = #value;
            match value {
                ::std::option::Option::None => {
                    #missing
                    ::std::option::Option::None
                }
                ::std::option::Option::Some(value) => {
                    let before = errors.len();
                    #bind_ref
                    #checks
                    if errors.len() > before { ::std::option::Option::None } else { decode(value, location, errors) }
                }
            }
        };
    }
}

/// Request plumbing that is the same for every spec.
fn support() -> TokenStream {
    quote! {
        /// A bearer token taken from `Authorization: Bearer <token>`. `Debug` does not show it.
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
        pub struct BearerToken(::std::string::String);

        impl BearerToken {
            /// The token itself.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// Reads a well-formed bearer token (RFC 6750 `b64token`) from `headers`.
            pub fn from_headers(headers: &::axum::http::HeaderMap) -> ::std::option::Option<Self> {
                let value = headers.get(::axum::http::header::AUTHORIZATION)?.to_str().ok()?;
                let (scheme, token) = value.split_once(' ')?;
                let token = token.trim_start_matches(' ');
                let well_formed = scheme.eq_ignore_ascii_case("bearer")
                    && !token.is_empty()
                    && token.trim_end_matches('=').bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~+/".contains(&b));
                well_formed.then(|| BearerToken(token.to_string()))
            }
        }

        impl ::std::fmt::Debug for BearerToken {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("BearerToken([redacted])")
            }
        }

        #[allow(dead_code)] // Unused only by specs without operations.
        fn json_response<T: ::serde::Serialize>(status: ::axum::http::StatusCode, body: &T) -> ::axum::response::Response {
            match ::serde_json::to_vec(body) {
                Ok(bytes) => {
                    let mut response = ::axum::response::IntoResponse::into_response((status, bytes));
                    response.headers_mut().insert(
                        ::axum::http::header::CONTENT_TYPE,
                        ::axum::http::HeaderValue::from_static("application/json"),
                    );
                    response
                }
                Err(_) => ::axum::response::IntoResponse::into_response(::axum::http::StatusCode::INTERNAL_SERVER_ERROR),
            }
        }

        #[allow(dead_code)] // Used only by specs with response headers.
        fn set_header(response: &mut ::axum::response::Response, name: &'static str, value: ::std::string::String) {
            if let Ok(value) = ::axum::http::HeaderValue::try_from(value) {
                response.headers_mut().insert(name, value);
            }
        }

        #[allow(dead_code)] // Used only by specs with cookie parameters.
        fn cookie_pairs(headers: &::axum::http::HeaderMap) -> ::std::vec::Vec<(::std::string::String, ::std::string::String)> {
            headers
                .get_all(::axum::http::header::COOKIE)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(';'))
                .filter_map(|pair| pair.trim().split_once('='))
                .map(|(name, value)| (name.to_string(), value.to_string()))
                .collect()
        }

        /// An RFC 9457 problem response listing the broken rules.
        #[allow(dead_code)] // Unused only by specs without operations.
        fn problem(status: ::axum::http::StatusCode, detail: &str, errors: &[crate::validation::Violation]) -> ::axum::response::Response {
            let errors: ::std::vec::Vec<::serde_json::Value> = errors
                .iter()
                .map(|e| ::serde_json::json!({
                    "in": e.source.as_str(),
                    "pointer": e.pointer,
                    "field": e.field(),
                    "rule": e.rule,
                    "message": e.message,
                }))
                .collect();
            let body = ::serde_json::json!({
                "type": "about:blank",
                "title": status.canonical_reason().unwrap_or("Error"),
                "status": status.as_u16(),
                "detail": detail,
                "errors": errors,
            });
            let mut response = json_response(status, &body);
            response.headers_mut().insert(
                ::axum::http::header::CONTENT_TYPE,
                ::axum::http::HeaderValue::from_static("application/problem+json"),
            );
            response
        }

        #[allow(dead_code)] // Used only by specs with bearer authentication.
        fn unauthorized() -> ::axum::response::Response {
            let mut response = problem(
                ::axum::http::StatusCode::UNAUTHORIZED,
                "a well-formed `Authorization: Bearer <token>` header is required",
                &[],
            );
            response.headers_mut().insert(::axum::http::header::WWW_AUTHENTICATE, ::axum::http::HeaderValue::from_static("Bearer"));
            response
        }

        #[allow(dead_code)] // Unused only by specs without operations.
        fn invalid(errors: ::std::vec::Vec<crate::validation::Violation>) -> ::axum::response::Response {
            problem(::axum::http::StatusCode::UNPROCESSABLE_ENTITY, "the request breaks the API's rules", &errors)
        }

        /// Reads a JSON body. Returns the response to send when the body cannot be used at all
        /// (wrong media type, too large, malformed); records a violation when it is JSON of the
        /// wrong shape.
        #[allow(dead_code)] // Used only by specs with request bodies.
        async fn read_json(
            headers: &::axum::http::HeaderMap,
            body: ::axum::body::Body,
            limit: usize,
            required: bool,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
        ) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, ::axum::response::Response> {
            let bytes = match ::http_body_util::BodyExt::collect(::http_body_util::Limited::new(body, limit)).await {
                Ok(collected) => collected.to_bytes(),
                Err(e) if e.downcast_ref::<::http_body_util::LengthLimitError>().is_some() => {
                    let detail = format!("the request body is larger than {limit} bytes");
                    return Err(problem(::axum::http::StatusCode::PAYLOAD_TOO_LARGE, &detail, &[]));
                }
                Err(_) => return Err(problem(::axum::http::StatusCode::BAD_REQUEST, "the request body could not be read", &[])),
            };
            let location = crate::validation::Location::root(crate::validation::Source::Body);
            if bytes.is_empty() {
                if required {
                    errors.push(crate::validation::Violation::new(&location, "required", "a JSON request body is required"));
                }
                return Ok(None);
            }
            let content_type = headers.get(::axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
            let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            if essence != "application/json" && !essence.ends_with("+json") {
                let detail = format!("expected Content-Type application/json, got {content_type:?}");
                return Err(problem(::axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE, &detail, &[]));
            }
            match ::serde_json::from_slice::<::serde_json::Value>(&bytes) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err(malformed(&e)),
            }
        }

        #[allow(dead_code)] // Used only by specs with request bodies.
        fn malformed(e: &::serde_json::Error) -> ::axum::response::Response {
            let detail = format!("the request body is not valid JSON: {e}");
            problem(::axum::http::StatusCode::BAD_REQUEST, &detail, &[])
        }

        /// Converts a checked JSON value into its Rust type. The checks already passed, so a
        /// failure here means the model and the checks disagree; it is still the request's value
        /// that does not fit, so it is reported as a violation rather than a server error.
        #[allow(dead_code)] // Unused only by specs without parameters or bodies.
        fn decode<T: ::serde::de::DeserializeOwned>(
            value: ::serde_json::Value,
            location: &crate::validation::Location<'_>,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
        ) -> ::std::option::Option<T> {
            match ::serde_json::from_value(value) {
                Ok(value) => Some(value),
                Err(e) => {
                    errors.push(crate::validation::Violation::new(location, "type", e));
                    None
                }
            }
        }

        /// What a parameter's text is parsed as before its schema is checked.
        #[allow(dead_code)] // Some kinds are unused by a given spec.
        #[derive(Clone, Copy)]
        enum Scalar {
            String,
            Integer,
            Number,
            Boolean,
            Json,
        }

        /// The JSON value a parameter's text stands for. Text that does not parse as the
        /// schema's type stays a string, so the check names the wrong type.
        #[allow(dead_code)] // Unused only by specs without parameters.
        fn scalar(raw: &str, kind: Scalar) -> ::serde_json::Value {
            let parsed = match kind {
                Scalar::String => None,
                Scalar::Integer => raw
                    .parse::<i64>()
                    .map(::serde_json::Value::from)
                    .or_else(|_| raw.parse::<u64>().map(::serde_json::Value::from))
                    .ok(),
                Scalar::Number => raw.parse::<f64>().ok().and_then(::serde_json::Number::from_f64).map(::serde_json::Value::Number),
                Scalar::Boolean => match raw {
                    "true" => Some(::serde_json::Value::Bool(true)),
                    "false" => Some(::serde_json::Value::Bool(false)),
                    _ => None,
                },
                Scalar::Json => ::serde_json::from_str(raw).ok(),
            };
            parsed.unwrap_or_else(|| ::serde_json::Value::String(raw.to_string()))
        }
    }
}
