//! Emits `src/client.rs`: a reqwest client with one async method per operation.

use super::validate::{Patterns, value_checks};
use super::{doc_attr, resolve_alias, rust_type, to_text};
use crate::model::{Api, Operation, Param, ParamIn, Response, StatusSpec, Ty, TypeUse};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// The tokens of `client.rs`.
pub fn emit(api: &Api) -> TokenStream {
    let mut patterns = Patterns::default();
    let methods: Vec<TokenStream> = api.operations.iter().map(|op| method(api, &mut patterns, op)).collect();
    let statics = patterns.statics();
    let needs_token = api.operations.iter().any(|op| op.bearer);
    let constructor = constructor(api, needs_token);
    let default_url = api.servers.first().map(|url| {
        quote! {
            /// The first server URL the spec lists.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let error = error_type();
    quote! {
        //! An async client for the API, built on `reqwest`.

        /// Calls the API. Cheap to clone: clones share one connection pool.
        #[derive(::std::clone::Clone)]
        pub struct Client {
            base_url: ::reqwest::Url,
            http: ::reqwest::Client,
            bearer_token: ::std::option::Option<::std::string::String>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("bearer_token", &self.bearer_token.as_ref().map(|_| "[redacted]"))
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #default_url
            #constructor

            /// Uses `http` for every request, for its timeouts, proxies or TLS settings.
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }

            /// The base URL every path is appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.base_url
            }

            fn url(&self, segments: &[&str]) -> ::std::result::Result<::reqwest::Url, Error> {
                let mut url = self.base_url.clone();
                url.path_segments_mut()
                    .map_err(|()| Error::InvalidBaseUrl(self.base_url.to_string()))?
                    .pop_if_empty()
                    .extend(segments);
                Ok(url)
            }

            #(#methods)*
        }

        fn parse_base_url(base_url: &str) -> ::std::result::Result<::reqwest::Url, Error> {
            let url = ::reqwest::Url::parse(base_url).map_err(|_| Error::InvalidBaseUrl(base_url.to_string()))?;
            if url.cannot_be_a_base() || !matches!(url.scheme(), "http" | "https") {
                return Err(Error::InvalidBaseUrl(base_url.to_string()));
            }
            Ok(url)
        }

        #error
        #statics
    }
}

fn constructor(api: &Api, needs_token: bool) -> TokenStream {
    let example = api.servers.first().cloned().unwrap_or_else(|| "https://api.example.com".into());
    if needs_token {
        let doc =
            format!(" A client for the API at `base_url` (such as `{example}`), authenticating with `bearer_token`.");
        quote! {
            #[doc = #doc]
            ///
            /// Fails when `base_url` is not an absolute `http` or `https` URL. A path in it (`https://host/api`)
            /// is kept, with or without a trailing slash.
            pub fn new(base_url: &str, bearer_token: impl ::std::convert::Into<::std::string::String>) -> ::std::result::Result<Self, Error> {
                Ok(Client {
                    base_url: parse_base_url(base_url)?,
                    http: ::reqwest::Client::new(),
                    bearer_token: ::std::option::Option::Some(bearer_token.into()),
                })
            }
        }
    } else {
        let doc = format!(" A client for the API at `base_url` (such as `{example}`).");
        quote! {
            #[doc = #doc]
            ///
            /// Fails when `base_url` is not an absolute `http` or `https` URL.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
                Ok(Client { base_url: parse_base_url(base_url)?, http: ::reqwest::Client::new(), bearer_token: ::std::option::Option::None })
            }

            /// Sends `Authorization: Bearer <token>` with every request.
            pub fn with_bearer_token(mut self, token: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.bearer_token = ::std::option::Option::Some(token.into());
                self
            }
        }
    }
}

/// Whether a parameter of this type is passed by reference.
fn by_ref(api: &Api, tu: &TypeUse) -> bool {
    !matches!(resolve_alias(api, tu).ty, Ty::Bool | Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64 | Ty::DateTime | Ty::Date)
}

/// The argument type of a parameter.
fn arg_type(api: &Api, param: &Param) -> TokenStream {
    let tu = &param.ty;
    let base = if !by_ref(api, tu) {
        rust_type(tu)
    } else {
        match (&tu.ty, tu.nullable) {
            (Ty::String, false) => quote! { &str },
            (Ty::Vec(item), false) => {
                let item = rust_type(item);
                quote! { &[#item] }
            }
            _ => {
                let ty = rust_type(tu);
                quote! { &#ty }
            }
        }
    };
    if param.required {
        base
    } else {
        quote! { ::std::option::Option<#base> }
    }
}

/// An expression of type `&T` for the checks, given the argument.
fn value_ref(api: &Api, param: &Param) -> TokenStream {
    let name = ident(&param.name);
    if by_ref(api, &param.ty) {
        quote! { #name }
    } else {
        quote! { &#name }
    }
}

fn method(api: &Api, patterns: &mut Patterns, op: &Operation) -> TokenStream {
    let Operation {
        id,
        fn_name,
        type_name: _,
        method,
        path,
        doc,
        params,
        body,
        responses,
        bearer: _,
        deprecated,
        pointer: _,
    } = op;
    let fn_ident = ident(fn_name);
    let doc = doc_attr(doc.as_deref());
    let signature_doc = format!(" `{} {path}` (operation `{id}`).", method.as_str());
    let deprecated = deprecated.then(|| quote! { #[deprecated] });
    let args = params.iter().map(|p| {
        let name = ident(&p.name);
        let ty = arg_type(api, p);
        quote! { #name: #ty }
    });
    let body_arg = body.as_ref().map(|b| {
        let ty = rust_type(&b.ty);
        if b.required {
            quote! { body: &#ty }
        } else {
            quote! { body: ::std::option::Option<&#ty> }
        }
    });
    let checks = request_checks(api, patterns, op);
    let url = url_expr(api, op);
    let method_ident = quote::format_ident!("{}", method.as_str());
    let headers = params.iter().filter(|p| p.location == ParamIn::Header).map(|p| header_arg(api, p));
    let cookies = cookie_header(api, params);
    // The body is serialized once: the checks read the JSON value that is then sent.
    let encode_body = body.as_ref().map(|b| {
        if b.required {
            quote! { let body = &::serde_json::to_value(body).map_err(Error::Encode)?; }
        } else {
            quote! { let body = body.map(::serde_json::to_value).transpose().map_err(Error::Encode)?; }
        }
    });
    let send_body = body.as_ref().map(|b| {
        let media = &b.media_type;
        let attach = quote! {
            request = request
                .header(::reqwest::header::CONTENT_TYPE, #media)
                .body(::serde_json::to_vec(body).map_err(Error::Encode)?);
        };
        if b.required {
            attach
        } else {
            quote! { if let ::std::option::Option::Some(body) = &body { #attach } }
        }
    });
    let (output, arms) = response_arms(responses);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #signature_doc]
        #deprecated
        pub async fn #fn_ident(&self, #(#args,)* #body_arg) -> ::std::result::Result<#output, Error> {
            #encode_body
            #checks
            let url = #url;
            let mut request = self.http.request(::reqwest::Method::#method_ident, url);
            if let ::std::option::Option::Some(token) = &self.bearer_token {
                request = request.bearer_auth(token);
            }
            #(#headers)*
            #cookies
            #send_body
            let response = request.send().await.map_err(Error::Transport)?;
            let status = response.status();
            let bytes = response.bytes().await.map_err(Error::Transport)?;
            match status.as_u16() {
                #arms
                _ => Err(Error::UnexpectedStatus { status, body: ::std::string::String::from_utf8_lossy(&bytes).into_owned() }),
            }
        }
    }
}

/// Validation of every argument before anything is sent: each is serialized to JSON and run
/// through the same checks the server applies.
fn request_checks(api: &Api, patterns: &mut Patterns, op: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    for param in &op.params {
        let source = source_ident(param.location);
        let wire = &param.wire_name;
        let checks = value_checks(api, patterns, quote! { value }, quote! { location }, &param.ty);
        if checks.is_empty() {
            continue;
        }
        let check = quote! {
            match ::serde_json::to_value(value) {
                Ok(value) => { let value = &value; #checks }
                Err(e) => errors.push(crate::validation::Violation::new(location, "type", e)),
            }
        };
        let value = value_ref(api, param);
        let check = if param.required {
            quote! { let value = #value; #check }
        } else {
            quote! { if let ::std::option::Option::Some(value) = #value { #check } }
        };
        parts.push(quote! {
            {
                let root = crate::validation::Location::root(crate::validation::Source::#source);
                let location = &root.key(#wire);
                #check
            }
        });
    }
    if let Some(body) = &op.body {
        let checks = value_checks(api, patterns, quote! { body }, quote! { location }, &body.ty);
        if !checks.is_empty() {
            let check = quote! {
                let location = &crate::validation::Location::root(crate::validation::Source::Body);
                #checks
            };
            parts.push(if body.required {
                quote! { { #check } }
            } else {
                quote! { if let ::std::option::Option::Some(body) = &body { #check } }
            });
        }
    }
    if parts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let mut violations = ::std::vec::Vec::new();
        let errors = &mut violations;
        #(#parts)*
        if !violations.is_empty() {
            return Err(Error::Validation(crate::validation::ValidationErrors(violations)));
        }
    }
}

/// Maps a parameter location to the `Source` variant.
pub fn source_ident(location: ParamIn) -> proc_macro2::Ident {
    let name = match location {
        ParamIn::Path => "Path",
        ParamIn::Query => "Query",
        ParamIn::Header => "Header",
        ParamIn::Cookie => "Cookie",
    };
    quote::format_ident!("{}", name)
}

fn url_expr(api: &Api, op: &Operation) -> TokenStream {
    let segments = op.path.split('/').filter(|s| !s.is_empty()).map(|segment| {
        let mut format = String::new();
        let mut args = Vec::new();
        let mut rest = segment;
        while let Some(start) = rest.find('{') {
            let Some(len) = rest[start..].find('}') else { break };
            format.push_str(&rest[..start].replace('{', "{{").replace('}', "}}"));
            format.push_str("{}");
            let name = &rest[start + 1..start + len];
            let param = op.params.iter().find(|p| p.location == ParamIn::Path && p.wire_name == name);
            args.push(match param {
                Some(p) => to_text(api, value_ref(api, p), &p.ty),
                None => quote! { "" },
            });
            rest = &rest[start + len + 1..];
        }
        format.push_str(&rest.replace('{', "{{").replace('}', "}}"));
        match (args.as_slice(), format.as_str()) {
            ([], _) => quote! { #segment },
            ([only], "{}") => quote! { #only.as_str() },
            _ => quote! { &format!(#format, #(#args),*) },
        }
    });
    let query: Vec<TokenStream> =
        op.params.iter().filter(|p| p.location == ParamIn::Query).map(|p| query_pair(api, p)).collect();
    if query.is_empty() {
        return quote! { self.url(&[#(#segments),*])? };
    }
    quote! {
        {
            let mut url = self.url(&[#(#segments),*])?;
            let mut pairs: ::std::vec::Vec<(&str, ::std::string::String)> = ::std::vec::Vec::new();
            #(#query)*
            if !pairs.is_empty() {
                url.query_pairs_mut().extend_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            }
            url
        }
    }
}

fn query_pair(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let resolved = resolve_alias(api, &param.ty);
    let push = match (&resolved.ty, param.explode, resolved.nullable) {
        (Ty::Vec(item), true, false) => {
            let item_text = to_text(api, quote! { item }, item);
            quote! { for item in value.iter() { pairs.push((#wire, #item_text)); } }
        }
        _ => {
            let text = to_text(api, quote! { value }, &param.ty);
            quote! { pairs.push((#wire, #text)); }
        }
    };
    let value = value_ref(api, param);
    if param.required {
        quote! { { let value = #value; #push } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = #value { #push } }
    }
}

fn header_arg(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let text = to_text(api, quote! { value }, &param.ty);
    let value = value_ref(api, param);
    let set = quote! { request = request.header(#wire, #text); };
    if param.required {
        quote! { { let value = #value; #set } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = #value { #set } }
    }
}

fn cookie_header(api: &Api, params: &[Param]) -> TokenStream {
    let cookies: Vec<TokenStream> = params
        .iter()
        .filter(|p| p.location == ParamIn::Cookie)
        .map(|p| {
            let wire = &p.wire_name;
            let text = to_text(api, quote! { value }, &p.ty);
            let value = value_ref(api, p);
            let push = quote! {
                let text: ::std::string::String = #text;
                cookies.push(format!("{}={}", #wire, text));
            };
            if p.required {
                quote! { { let value = #value; #push } }
            } else {
                quote! { if let ::std::option::Option::Some(value) = #value { #push } }
            }
        })
        .collect();
    if cookies.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let mut cookies: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
        #(#cookies)*
        if !cookies.is_empty() {
            request = request.header(::reqwest::header::COOKIE, cookies.join("; "));
        }
    }
}

/// The success type and the match arms that produce it.
fn response_arms(responses: &[Response]) -> (TokenStream, TokenStream) {
    let successes: Vec<&Response> = responses.iter().filter(|r| r.is_success()).collect();
    let body_type = successes.iter().find_map(|r| r.body.as_ref()).map(rust_type);
    let all_have_body = successes.iter().all(|r| r.body.is_some());
    let decode = quote! {
        ::serde_json::from_slice(&bytes).map_err(|source| Error::Decode { status, source })
    };
    let (output, with_body, without_body) = match (&body_type, all_have_body) {
        (None, _) => (quote! { () }, quote! { Ok(()) }, quote! { Ok(()) }),
        (Some(ty), true) => (ty.clone(), decode.clone(), quote! { Ok(()) }),
        (Some(ty), false) => (
            quote! { ::std::option::Option<#ty> },
            quote! { #decode.map(::std::option::Option::Some) },
            quote! { Ok(::std::option::Option::None) },
        ),
    };
    if successes.is_empty() {
        return (output, quote! { 200..=299 => Ok(()), });
    }
    let arms = successes.iter().map(|r| {
        let pattern = match r.status {
            StatusSpec::Code(code) => quote! { #code },
            StatusSpec::Range(_) | StatusSpec::Default => quote! { 200..=299 },
        };
        let action = if r.body.is_some() { &with_body } else { &without_body };
        quote! { #pattern => #action, }
    });
    (output, quote! { #(#arms)* })
}

fn error_type() -> TokenStream {
    quote! {
        /// Why a call failed.
        #[derive(::std::fmt::Debug)]
        #[non_exhaustive]
        pub enum Error {
            /// The base URL is not an absolute `http` or `https` URL.
            InvalidBaseUrl(::std::string::String),
            /// The request breaks the spec's rules; nothing was sent.
            Validation(crate::validation::ValidationErrors),
            /// The request body could not be serialized.
            Encode(::serde_json::Error),
            /// The request could not be sent or the response could not be read.
            Transport(::reqwest::Error),
            /// A documented success status came back with a body that does not match its schema.
            Decode {
                /// The response status.
                status: ::reqwest::StatusCode,
                /// What did not match.
                source: ::serde_json::Error,
            },
            /// The server answered with a status that is not a documented success.
            UnexpectedStatus {
                /// The response status.
                status: ::reqwest::StatusCode,
                /// The response body, as text.
                body: ::std::string::String,
            },
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    Error::InvalidBaseUrl(url) => write!(f, "invalid base URL {url:?}: expected an absolute http(s) URL"),
                    Error::Validation(errors) => write!(f, "invalid request: {errors}"),
                    Error::Encode(e) => write!(f, "could not encode the request body: {e}"),
                    Error::Transport(e) => write!(f, "request failed: {e}"),
                    Error::Decode { status, source } => write!(f, "could not decode the {status} response: {source}"),
                    Error::UnexpectedStatus { status, body } => write!(f, "unexpected status {status}: {body}"),
                }
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    Error::Validation(e) => Some(e),
                    Error::Encode(e) | Error::Decode { source: e, .. } => Some(e),
                    Error::Transport(e) => Some(e),
                    Error::InvalidBaseUrl(_) | Error::UnexpectedStatus { .. } => None,
                }
            }
        }
    }
}
