//! Emits `src/client.rs`: a reqwest client with one async method per operation.

use super::validate::{Patterns, check_fn, direct_check_fn, value_checks};
use super::{doc_attr, local_ident, resolve_alias, rust_type, status_pattern, to_text};
use crate::model::{
    Api, Credential, CredentialKind, MediaKind, Operation, Param, ParamIn, Response, StatusSpec, Ty, TypeUse,
};
use crate::model::{NextCursor, Pagination, Step};
use crate::names::ident;
use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// `client.rs` in parts: the `Client` type, then the operations in groups (an `impl Client`
/// block and the operations' types each), then the support code and pattern statics.
pub fn parts(api: &Api) -> Vec<super::Part<'_>> {
    let patterns = Patterns::of_operations(api, &api.operations);
    let mut parts: Vec<super::Part<'_>> = vec![Box::new(move || head(api))];
    parts.extend(super::chunked(
        api,
        &api.operations,
        super::OPERATIONS_PER_PART,
        &patterns,
        |api, chunk, patterns| operation_items(api, chunk, patterns, &quote! { Client }),
    ));
    parts.push(Box::new(move || patterns.statics()));
    parts
}

/// `client/webhooks.rs` in parts, for a spec with webhooks: `WebhookSender`, whose methods are
/// built like `Client`'s and send through a `Client` pointed at the receiver.
pub fn webhook_parts(api: &Api) -> Vec<super::Part<'_>> {
    let patterns = Patterns::of_operations(api, &api.webhooks);
    let mut parts: Vec<super::Part<'_>> = vec![Box::new(move || webhook_head(api))];
    parts.extend(super::chunked(api, &api.webhooks, super::OPERATIONS_PER_PART, &patterns, |api, chunk, patterns| {
        operation_items(api, chunk, patterns, &quote! { WebhookSender })
    }));
    parts.push(Box::new(move || patterns.statics()));
    parts
}

/// An `impl` block of `sender` with the operations' methods, then their types.
fn operation_items(api: &Api, chunk: &[Operation], patterns: &mut Patterns, sender: &TokenStream) -> TokenStream {
    let mut methods: Vec<TokenStream> = Vec::with_capacity(chunk.len());
    for op in chunk {
        methods.push(method(api, patterns, op));
        // A body offered as JSON and as multipart: a second method sends the multipart form,
        // as a multipart-only operation's method does.
        if let Some(choice) = op.body.as_ref().and_then(|b| b.multipart.as_ref()) {
            let multipart = Operation {
                fn_name: choice.client_method.clone(),
                body: Some((*choice.body).clone()),
                pagination: None,
                ..op.clone()
            };
            methods.push(method(api, patterns, &multipart));
        }
    }
    let op_types = chunk.iter().map(|op| {
        let params = params_struct(op);
        let error = error_type(api, op);
        let success = success_enum(op);
        quote! { #params #success #error }
    });
    quote! {
        impl #sender {
            #(#methods)*
        }
        #(#op_types)*
    }
}

fn webhook_head(api: &Api) -> TokenStream {
    let (_, _, _, extra_init) = credential_items(api);
    quote! {
        //! Sending the webhooks the API sends, as it would send them: for testing a receiver
        //! (such as [`crate::server::webhooks::router`]).

        // `Client`'s plumbing and the client support code.
        use super::*;

        /// Sends webhooks to a receiver: each to `/{name}` below its URL. Cheap to clone.
        #[derive(Clone, Debug)]
        pub struct WebhookSender {
            client: Client,
        }

        impl WebhookSender {
            /// A sender to the receiver at `base_url`.
            ///
            /// Fails when `base_url` is not an absolute `http` or `https` URL.
            pub fn new(base_url: &str) -> ::std::result::Result<Self, Error> {
                let client = Client {
                    base_url: parse_base_url(base_url)?,
                    http: default_http()?,
                    bearer_token: ::std::option::Option::None,
                    #(#extra_init)*
                    retry: ::std::option::Option::None,
                };
                Ok(WebhookSender { client })
            }

            /// Uses `http` for every request, for its timeouts, proxies or TLS settings.
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.client.http = http;
                self
            }

            /// The receiver's URL every webhook's path is appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.client.base_url
            }

            fn url<E>(
                &self,
                segments: &[(&str, ::std::option::Option<&'static str>)],
                pairs: &[(::std::string::String, ::std::string::String)],
            ) -> ::std::result::Result<::reqwest::Url, Error<E>> {
                self.client.url(segments, pairs)
            }

            fn request(&self, method: ::reqwest::Method, url: ::reqwest::Url, bearer: bool) -> ::reqwest::RequestBuilder {
                self.client.request(method, url, bearer)
            }

            async fn execute<E>(&self, request: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::Response, Error<E>> {
                self.client.execute(request).await
            }
        }
    }
}

/// The credentials other than the bearer token, which `Client` always has a field for.
fn other_credentials(api: &Api) -> impl Iterator<Item = &Credential> {
    api.credentials.iter().filter(|c| c.kind != CredentialKind::Bearer)
}

/// A field, its `Debug` entry, its builder and its initial value, for each credential other
/// than the bearer token.
fn credential_items(api: &Api) -> (Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>, Vec<TokenStream>) {
    let (mut fields, mut debug, mut builders, mut init) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for credential in other_credentials(api) {
        let Credential { kind, field, builder, scheme: _ } = credential;
        let label = field.trim_start_matches("r#");
        let (field, builder) = (ident(field), ident(builder));
        init.push(quote! { #field: ::std::option::Option::None, });
        match kind {
            CredentialKind::Basic => {
                fields.push(quote! { #field: ::std::option::Option<(::std::string::String, ::std::string::String)>, });
                debug.push(quote! { .field(#label, &self.#field.as_ref().map(|(user, _)| (user, "[redacted]"))) });
                builders.push(quote! {
                    /// Sends HTTP Basic credentials to the operations that ask for them.
                    pub fn #builder(mut self, username: impl ::std::convert::Into<::std::string::String>, password: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#field = ::std::option::Option::Some((username.into(), password.into()));
                        self
                    }
                });
            }
            CredentialKind::ApiKey { location, name } => {
                fields.push(quote! { #field: ::std::option::Option<::std::string::String>, });
                debug.push(quote! { .field(#label, &self.#field.as_ref().map(|_| "[redacted]")) });
                let place = match location {
                    ParamIn::Header => "header",
                    ParamIn::Query => "query parameter",
                    ParamIn::Cookie | ParamIn::Path => "cookie",
                };
                let doc = format!(" Sends `key` as the `{name}` {place} to the operations that ask for it.");
                builders.push(quote! {
                    #[doc = #doc]
                    pub fn #builder(mut self, key: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.#field = ::std::option::Option::Some(key.into());
                        self
                    }
                });
            }
            CredentialKind::Bearer => {}
        }
    }
    (fields, debug, builders, init)
}

fn head(api: &Api) -> TokenStream {
    let needs_token = api.credentials.iter().any(|c| c.kind == CredentialKind::Bearer);
    let default_url = api.servers.first().map(|url| {
        quote! {
            /// The first server URL the spec lists.
            pub const DEFAULT_BASE_URL: &'static str = #url;
        }
    });
    let (credential_fields, credential_debug, credential_builders, extra_init) = credential_items(api);
    let extra_init = quote! { #(#extra_init)* };
    let constructor = constructor(api, needs_token, &extra_init);
    let webhooks = (!api.webhooks.is_empty()).then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod webhooks;
        }
    });
    quote! {
        //! An async client for the API, built on `reqwest`.

        pub use crate::client_support::{ApiError, Error, RateLimitRetry, ResponseValue, retry_after};
        // The support code every operation calls (decoding, form encoding, parameter checks).
        use crate::client_support::*;

        #webhooks

        /// Calls the API. Cheap to clone: clones share one connection pool.
        #[derive(Clone)]
        pub struct Client {
            base_url: ::reqwest::Url,
            http: ::reqwest::Client,
            bearer_token: ::std::option::Option<::std::string::String>,
            #(#credential_fields)*
            retry: ::std::option::Option<RateLimitRetry>,
        }

        impl ::std::fmt::Debug for Client {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.base_url.as_str())
                    .field("bearer_token", &self.bearer_token.as_ref().map(|_| "[redacted]"))
                    #(#credential_debug)*
                    .field("retry", &self.retry)
                    .finish_non_exhaustive()
            }
        }

        impl Client {
            #default_url
            #constructor

            /// Uses `http` for every request, for its timeouts, proxies or TLS settings. It
            /// replaces the default client (this crate's `User-Agent`, a 30 second timeout).
            pub fn with_http_client(mut self, http: ::reqwest::Client) -> Self {
                self.http = http;
                self
            }

            #(#credential_builders)*

            /// Retries `429 Too Many Requests` responses as `policy` says. Off by default.
            pub fn with_rate_limit_retry(mut self, policy: RateLimitRetry) -> Self {
                self.retry = ::std::option::Option::Some(policy);
                self
            }

            /// The base URL every path is appended to.
            pub fn base_url(&self) -> &::reqwest::Url {
                &self.base_url
            }

            /// The URL of a path, given its segments and, for those filled from a parameter,
            /// the parameter's name, with the query `pairs`.
            #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
            fn url<E>(
                &self,
                segments: &[(&str, ::std::option::Option<&'static str>)],
                pairs: &[(::std::string::String, ::std::string::String)],
            ) -> ::std::result::Result<::reqwest::Url, Error<E>> {
                // URLs drop `.` and `..` segments, so such a value would silently address
                // another resource.
                let dots: ::std::vec::Vec<crate::validation::Violation> = segments
                    .iter()
                    .filter(|(segment, _)| matches!(*segment, "." | ".."))
                    .map(|(_, name)| {
                        let root = crate::validation::Location::root(crate::validation::Source::Path);
                        let location = root.key(name.unwrap_or(""));
                        crate::validation::Violation::new(&location, "format", "must not be `.` or `..`, which URLs remove")
                    })
                    .collect();
                if !dots.is_empty() {
                    return Err(Error::Validation(crate::validation::ValidationErrors(dots)));
                }
                let mut url = self.base_url.clone();
                url.path_segments_mut()
                    .map_err(|()| Error::InvalidBaseUrl(self.base_url.to_string()))?
                    .pop_if_empty()
                    .extend(segments.iter().map(|(segment, _)| *segment));
                if !pairs.is_empty() {
                    url.query_pairs_mut().extend_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
                }
                Ok(url)
            }

            /// A request to `url`, with the bearer token when the operation takes one and it is set.
            #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
            fn request(&self, method: ::reqwest::Method, url: ::reqwest::Url, bearer: bool) -> ::reqwest::RequestBuilder {
                let request = self.http.request(method, url);
                match &self.bearer_token {
                    ::std::option::Option::Some(token) if bearer => request.bearer_auth(token),
                    _ => request,
                }
            }

            /// Sends `request`, retrying 429s only when a [`RateLimitRetry`] policy is set.
            #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
            async fn execute<E>(&self, request: ::reqwest::RequestBuilder) -> ::std::result::Result<::reqwest::Response, Error<E>> {
                let ::std::option::Option::Some(policy) = self.retry else {
                    return request.send().await.map_err(transport_error);
                };
                let mut retries = 0;
                loop {
                    // Bodies are in memory, so a request can always be cloned.
                    let attempt = request.try_clone().unwrap_or_else(|| self.http.get(self.base_url.clone()));
                    let response = attempt.send().await.map_err(transport_error)?;
                    if response.status() != ::reqwest::StatusCode::TOO_MANY_REQUESTS {
                        return Ok(response);
                    }
                    let wait = retry_after(response.headers());
                    match wait {
                        ::std::option::Option::Some(wait) if retries < policy.max_retries && wait <= policy.max_wait => {
                            retries += 1;
                            ::tracing::debug!(retries, wait_seconds = wait.as_secs(), "rate limited; retrying");
                            ::tokio::time::sleep(wait).await;
                        }
                        _ => return Ok(response),
                    }
                }
            }
        }
    }
}

fn constructor(api: &Api, needs_token: bool, extra_init: &TokenStream) -> TokenStream {
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
                    http: default_http()?,
                    bearer_token: ::std::option::Option::Some(bearer_token.into()),
                    #extra_init
                    retry: ::std::option::Option::None,
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
                Ok(Client {
                    base_url: parse_base_url(base_url)?,
                    http: default_http()?,
                    bearer_token: ::std::option::Option::None,
                    #extra_init
                    retry: ::std::option::Option::None,
                })
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
    super::mapped_of(api, tu).is_some()
        || !matches!(resolve_alias(api, tu).ty, Ty::Bool | Ty::Int(_) | Ty::F32 | Ty::F64 | Ty::DateTime | Ty::Date)
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
    let name = local_ident(&param.name);
    if by_ref(api, &param.ty) {
        quote! { #name }
    } else {
        quote! { &#name }
    }
}

/// The struct holding an operation's optional parameters, when it has any.
fn params_struct(op: &Operation) -> TokenStream {
    let optional: Vec<&Param> = op.params.iter().filter(|p| !p.required).collect();
    if optional.is_empty() {
        return TokenStream::new();
    }
    let name = ident(&op.types.params);
    // More than a few: named setters too (`XParams::default().after(cursor).page_size(50)`).
    // A parameter named like a method the struct has from its derives keeps only its field.
    let setters = (optional.len() > MAX_PLAIN_PARAMS).then(|| {
        let setters = optional.iter().filter(|p| !DERIVED_METHODS.contains(&p.name.as_str())).map(|p| {
            let field = ident(&p.name);
            let ty = rust_type(&p.ty);
            let doc = format!(" Sets [`{}::{}`].", op.types.params, p.name.trim_start_matches("r#"));
            quote! {
                #[doc = #doc]
                pub fn #field(mut self, value: impl ::std::convert::Into<#ty>) -> Self {
                    self.#field = ::std::option::Option::Some(value.into());
                    self
                }
            }
        });
        quote! { impl #name { #(#setters)* } }
    });
    let doc = format!(" Optional parameters of `{}`. Build with `..Default::default()`.", op.id);
    let fields = optional.iter().map(|p| {
        let field = ident(&p.name);
        let ty = rust_type(&p.ty);
        let fallback = format!("The `{}` parameter.", p.wire_name);
        let doc = doc_attr(Some(p.doc.as_deref().unwrap_or(&fallback)));
        quote! { #doc pub #field: ::std::option::Option<#ty>, }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct #name {
            #(#fields)*
        }
        #setters
    }
}

/// Most optional parameters a `…Params` struct has without setters of its own.
const MAX_PLAIN_PARAMS: usize = 3;

/// The methods of a `…Params` struct's derives, which a setter must not shadow.
const DERIVED_METHODS: [&str; 6] = ["clone", "clone_from", "default", "eq", "ne", "fmt"];

fn method(api: &Api, patterns: &mut Patterns, op: &Operation) -> TokenStream {
    let Operation {
        id,
        fn_name,
        types,
        handler: _,
        method,
        path,
        route: _,
        key_query: _,
        invalid_status: _,
        malformed_status: _,
        doc,
        params,
        body,
        responses: _,
        security,
        deprecated,
        pointer: _,
        pagination,
    } = op;
    let fn_ident = ident(fn_name);
    let signature_doc = format!(" `{} {}` (operation `{id}`).", method.as_str(), op.shown_path());
    let deprecated = deprecated.then(|| quote! { #[deprecated] });
    let args = params.iter().filter(|p| p.required).map(|p| {
        let name = ident(&p.name);
        let ty = arg_type(api, p);
        quote! { #name: #ty }
    });
    let has_optional = params.iter().any(|p| !p.required);
    let params_arg = has_optional.then(|| {
        let name = ident(&types.params);
        quote! { params: &#name, }
    });
    // Optional parameters come out of the struct as `Option<&T>` (or `Option<T>` for copies).
    let unpack = params.iter().map(|p| {
        let name = ident(&p.name);
        let local = local_ident(&p.name);
        match (p.required, by_ref(api, &p.ty)) {
            (true, _) => quote! { let #local = #name; },
            (false, true) => quote! { let #local = params.#name.as_ref(); },
            (false, false) => quote! { let #local = params.#name; },
        }
    });
    let body_arg = body.as_ref().map(|b| {
        let ty = match b.kind {
            MediaKind::Json | MediaKind::Form => {
                let ty = rust_type(&b.ty);
                quote! { &#ty }
            }
            MediaKind::Text => quote! { &str },
            MediaKind::Binary | MediaKind::Multipart => quote! { &[u8] },
        };
        let ty = if b.required {
            ty
        } else {
            quote! { ::std::option::Option<#ty> }
        };
        // A multipart body is built by the caller, boundary and all; a JSON body listed under
        // several media types is sent as the one the caller picks.
        let content_type = match &b.media_types {
            _ if b.kind == MediaKind::Multipart => Some(quote! { , content_type: &str }),
            Some(choice) => {
                let choice = rust_type(choice);
                Some(quote! { , media_type: #choice })
            }
            None => None,
        };
        quote! { body: #ty #content_type }
    });
    let checks = request_checks(api, patterns, op);
    let url = url_expr(api, op);
    let method_ident = quote::format_ident!("{}", method.as_str());
    let headers = params.iter().filter(|p| p.location == ParamIn::Header).map(|p| header_arg(api, p));
    let cookies = cookie_header(api, params);
    // The body is serialized once: the checks read the JSON value that is then sent.
    let encode_body = body.as_ref().filter(|b| matches!(b.kind, MediaKind::Json | MediaKind::Form)).map(|b| {
        if b.required {
            quote! { let body = &::serde_json::to_value(body).map_err(Error::Encode)?; }
        } else {
            quote! { let body = body.map(::serde_json::to_value).transpose().map_err(Error::Encode)?; }
        }
    });
    let send_body = body.as_ref().map(|b| {
        let media = match &b.media_types {
            Some(_) => quote! { media_type.as_str() },
            None => {
                let media = sent_media_type(&b.media_type);
                quote! { #media }
            }
        };
        let (content_type, payload) = match b.kind {
            MediaKind::Json => (quote! { #media }, quote! { ::serde_json::to_vec(body).map_err(Error::Encode)? }),
            MediaKind::Form => (quote! { #media }, quote! { form_body(body) }),
            MediaKind::Text => (quote! { #media }, quote! { body.to_string() }),
            MediaKind::Binary => (quote! { #media }, quote! { body.to_vec() }),
            MediaKind::Multipart => (quote! { content_type }, quote! { body.to_vec() }),
        };
        let attach = quote! {
            request = request.header(::reqwest::header::CONTENT_TYPE, #content_type).body(#payload);
        };
        if b.required {
            attach
        } else {
            quote! { if let ::std::option::Option::Some(body) = &body { #attach } }
        }
    });
    let error_type = ident(&types.error);
    let (output, arms) = response_arms(op);
    // A token goes only to the operations that ask for one; a spec that declares no security at
    // all (some real APIs leave it out) gets it everywhere, if the caller set one.
    let needs_bearer = security.iter().any(|&i| api.credentials[i].kind == CredentialKind::Bearer);
    let bearer = needs_bearer || api.credentials.is_empty();
    let other_auth: Vec<TokenStream> = security
        .iter()
        .filter_map(|&i| {
            let Credential { kind, field, .. } = &api.credentials[i];
            let field = ident(field);
            match kind {
                CredentialKind::Bearer => None,
                CredentialKind::Basic => Some(quote! {
                    if let ::std::option::Option::Some((username, password)) = &self.#field {
                        request = request.basic_auth(username, ::std::option::Option::Some(password));
                    }
                }),
                // A query key is added with the other query parameters.
                CredentialKind::ApiKey { location: ParamIn::Query, .. } => None,
                CredentialKind::ApiKey { location, name } => {
                    let apply = if *location == ParamIn::Cookie {
                        quote! { request = request.header(::reqwest::header::COOKIE, format!("{}={}", #name, key)); }
                    } else {
                        quote! { request = request.header(#name, key); }
                    };
                    Some(quote! {
                        if let ::std::option::Option::Some(key) = &self.#field {
                            #apply
                        }
                    })
                }
            }
        })
        .collect();
    let headers: Vec<TokenStream> = headers.collect();
    // The request is rebound only by what adds to it.
    let mutable = (!other_auth.is_empty() || !headers.is_empty() || !cookies.is_empty() || send_body.is_some())
        .then(|| quote! { mut });
    let method_name = method.as_str();
    let doc = super::doc_then(doc.as_deref(), &signature_doc);
    let stream = pagination.as_ref().map(|p| stream_method(api, op, p, &error_type));
    quote! {
        #stream
        #doc
        #deprecated
        pub async fn #fn_ident(&self, #(#args,)* #params_arg #body_arg) -> ::std::result::Result<ResponseValue<#output>, Error<#error_type>> {
            // Arguments move to their own names before `span` and `call` could shadow them.
            #(#unpack)*
            let span = call_span(#id, #method_name, #path);
            let call = async {
                #encode_body
                #checks
                let url = #url;
                let #mutable request = self.request(::reqwest::Method::#method_ident, url, #bearer);
                #(#other_auth)*
                #(#headers)*
                #cookies
                #send_body
                let (status, headers, response) = received(self.execute(request).await?);
                match status.as_u16() {
                    #arms
                }
            };
            ::tracing::Instrument::instrument(call, span).await
        }
    }
}

/// The `{op}_stream` method of a paginated list: every item of every page, following the
/// cursor (see `pagination.rs`).
fn stream_method(api: &Api, op: &Operation, pagination: &Pagination, error_type: &Ident) -> TokenStream {
    let Pagination { fn_name, param, next, items, item, rule: _ } = pagination;
    let stream_ident = ident(fn_name);
    let method_ident = ident(&op.fn_name);
    let cursor = ident(param);
    let params_type = ident(&op.types.params);
    let required: Vec<&crate::model::Param> = op.params.iter().filter(|p| p.required).collect();
    let arg_names: Vec<Ident> = required.iter().map(|p| ident(&p.name)).collect();
    let arg_types: Vec<TokenStream> = required.iter().map(|p| arg_type(api, p)).collect();
    let item_ty = rust_type(item);
    let items_expr = moved_path(items);
    // A deprecated list's stream is deprecated too, and calls the list without a warning.
    let (deprecated, allow_deprecated) = if op.deprecated {
        (quote! { #[deprecated] }, quote! { #[allow(deprecated)] })
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    // An optional body (Stripe's lists declare an empty form) is not sent.
    let no_body = op.body.as_ref().map(|b| match &b.media_types {
        // Its media type is not sent either, but the argument is there.
        Some(choice) => {
            let choice = rust_type(choice);
            let media = &b.media_type;
            quote! { , ::std::option::Option::None, #choice::from_wire(#media) }
        }
        None => quote! { , ::std::option::Option::None },
    });
    let (before, after) = match next {
        NextCursor::Field(steps) => {
            let next = borrowed_path(steps);
            (quote! { let next = #next.map(::std::string::ToString::to_string); }, TokenStream::new())
        }
        NextCursor::LastItem { has_more, id } => {
            let id_field = ident(&id.field);
            let last_id = if id.optional || id.nullable {
                quote! { items.last().and_then(|item| item.#id_field.as_ref()).map(::std::string::ToString::to_string) }
            } else {
                quote! { items.last().map(|item| item.#id_field.to_string()) }
            };
            let more = match place_or_option(has_more) {
                Ok(place) => quote! { #place },
                Err(option) => quote! { #option.is_some_and(|more| *more) },
            };
            (
                quote! { let more = #more; },
                quote! {
                    let next = if more { #last_id } else { ::std::option::Option::None };
                },
            )
        }
    };
    let doc = format!(
        " Every item of [`Client::{}`], page after page: follows `{}` until a page names no next \
         cursor, or one already followed. Stops after the first error, which it yields.",
        op.fn_name.trim_start_matches("r#"),
        param,
    );
    quote! {
        #[doc = #doc]
        #deprecated
        pub fn #stream_ident(&self, #(#arg_names: #arg_types,)* params: &#params_type) -> impl ::futures_util::Stream<Item = ::std::result::Result<#item_ty, Error<#error_type>>> + ::std::marker::Send {
            let first = params.#cursor.clone();
            crate::pagination::cursor_stream(first, move |cursor| {
                let mut params = params.clone();
                params.#cursor = cursor;
                async move {
                    #allow_deprecated
                    let page = self.#method_ident(#(#arg_names,)* &params #no_body).await?.into_inner();
                    #before
                    let items = #items_expr;
                    #after
                    ::std::result::Result::Ok(crate::pagination::Page { items, next })
                }
            })
        }
    }
}

/// `Option<&T>` of the value at `steps` from `page`, by reference.
fn borrowed_path(steps: &[Step]) -> TokenStream {
    match place_or_option(steps) {
        Ok(place) => quote! { ::std::option::Option::Some(&#place) },
        Err(option) => option,
    }
}

/// The place of the value at `steps` from `page` (`page.meta.after`) when no step may be
/// absent, else an `Option<&T>` of it.
fn place_or_option(steps: &[Step]) -> Result<TokenStream, TokenStream> {
    // A place (`page.meta`) until a step may be absent, an `Option<&T>` from there on.
    let mut place = quote! { page };
    let mut option: Option<TokenStream> = None;
    for step in steps {
        let field = ident(&step.field);
        let inner = (step.optional && step.nullable).then(|| quote! { .and_then(|v| v.as_ref()) });
        option = match (option, step.optional || step.nullable) {
            (None, false) => {
                place = quote! { #place.#field };
                None
            }
            (None, true) => Some(quote! { #place.#field.as_ref()#inner }),
            (Some(e), false) => Some(quote! { #e.map(|v| &v.#field) }),
            (Some(e), true) => Some(quote! { #e.and_then(|v| v.#field.as_ref()#inner) }),
        };
    }
    option.map_or(Ok(place), Err)
}

/// The value at `steps` from `page`, moved out, an empty list where a step is absent.
fn moved_path(steps: &[Step]) -> TokenStream {
    let mut expr = quote! { page };
    let mut optional = false;
    for step in steps {
        let field = ident(&step.field);
        let take = if step.optional && step.nullable {
            quote! { v.#field.flatten() }
        } else {
            quote! { v.#field }
        };
        let field_optional = step.optional || step.nullable;
        expr = match (optional, field_optional) {
            (false, _) if step.optional && step.nullable => quote! { #expr.#field.flatten() },
            (false, _) => quote! { #expr.#field },
            (true, false) => quote! { #expr.map(|v| #take) },
            (true, true) => quote! { #expr.and_then(|v| #take) },
        };
        optional |= field_optional;
    }
    if optional {
        quote! { #expr.unwrap_or_default() }
    } else {
        expr
    }
}

/// Validation of every argument before anything is sent: each is serialized to JSON and run
/// through the same checks the server applies.
fn request_checks(api: &Api, patterns: &mut Patterns, op: &Operation) -> TokenStream {
    let mut parts = Vec::new();
    for param in &op.params {
        let source = source_ident(param.location);
        let wire = &param.wire_name;
        // A plain string parameter is a `&str`: its type is its only rule, and Rust checked it.
        let resolved = resolve_alias(api, &param.ty);
        if resolved.ty == Ty::String && !resolved.nullable && resolved.rules == crate::model::Rules::default() {
            continue;
        }
        let Some(check_fn) = check_fn(api, patterns, &param.ty) else { continue };
        let value = value_ref(api, param);
        let check = |value: TokenStream| {
            quote! {
                check_param(crate::validation::Source::#source, #wire, #value, errors, #check_fn);
            }
        };
        parts.push(if param.required {
            check(value)
        } else {
            let check = check(quote! { value });
            quote! { if let ::std::option::Option::Some(value) = #value { #check } }
        });
    }
    if let Some(body) = op.body.as_ref().filter(|b| matches!(b.kind, MediaKind::Json | MediaKind::Form)) {
        let check = match direct_check_fn(api, &body.ty) {
            Some(check) => quote! { #check(body, &crate::validation::BODY, errors); },
            None => {
                let checks = value_checks(api, patterns, quote! { body }, quote! { location }, &body.ty);
                if checks.is_empty() {
                    checks
                } else {
                    quote! { let location = &crate::validation::BODY; #checks }
                }
            }
        };
        if !check.is_empty() {
            parts.push(if body.required {
                check
            } else {
                quote! { if let ::std::option::Option::Some(body) = &body { #check } }
            });
        }
    }
    if parts.is_empty() {
        return TokenStream::new();
    }
    quote! {
        let errors = &mut ::std::vec::Vec::new();
        #(#parts)*
        validated(errors)?;
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
        let param = template_params_of(segment).into_iter().next();
        let param = match param {
            Some(name) => quote! { ::std::option::Option::Some(#name) },
            None => quote! { ::std::option::Option::None },
        };
        match (args.as_slice(), format.as_str()) {
            ([], _) => quote! { (#segment, #param) },
            ([only], "{}") => quote! { (#only.as_str(), #param) },
            _ => {
                let args = args.iter().cloned().map(display_arg);
                quote! { (&format!(#format, #(#args),*), #param) }
            }
        }
    });
    // The path key's own query comes first, as the key writes it.
    let fixed: Vec<TokenStream> =
        op.key_query.iter().map(|(name, value)| quote! { (#name.to_string(), #value.to_string()) }).collect();
    let mut query: Vec<TokenStream> =
        op.params.iter().filter(|p| p.location == ParamIn::Query).map(|p| query_pair(api, p)).collect();
    for &index in &op.security {
        if let Credential { kind: CredentialKind::ApiKey { location: ParamIn::Query, name }, field, .. } =
            &api.credentials[index]
        {
            let field = ident(field);
            query.push(quote! {
                if let ::std::option::Option::Some(key) = &self.#field {
                    pairs.push((#name.to_string(), key.clone()));
                }
            });
        }
    }
    if query.is_empty() {
        return quote! { self.url(&[#(#segments),*], &[#(#fixed),*])? };
    }
    let pairs = if fixed.is_empty() {
        quote! { ::std::vec::Vec::new() }
    } else {
        quote! { ::std::vec![#(#fixed),*] }
    };
    quote! {
        {
            let mut pairs = #pairs;
            #(#query)*
            self.url(&[#(#segments),*], &pairs)?
        }
    }
}

/// A text expression as a `format!` argument: a trailing `.to_string()` goes, since the value
/// it is called on is already `Display` (clippy's `to_string_in_format_args`).
fn display_arg(text: TokenStream) -> TokenStream {
    let tokens: Vec<proc_macro2::TokenTree> = text.clone().into_iter().collect();
    match tokens.as_slice() {
        [
            head @ ..,
            proc_macro2::TokenTree::Punct(dot),
            proc_macro2::TokenTree::Ident(method),
            proc_macro2::TokenTree::Group(args),
        ] if dot.as_char() == '.'
            && method == "to_string"
            && args.delimiter() == proc_macro2::Delimiter::Parenthesis
            && args.stream().is_empty()
            && !head.is_empty() =>
        {
            head.iter().cloned().collect()
        }
        _ => text,
    }
}

/// The parameter names in one path segment.
fn template_params_of(segment: &str) -> Vec<String> {
    crate::lower::template_params(segment)
}

fn query_pair(api: &Api, param: &Param) -> TokenStream {
    let wire = &param.wire_name;
    let resolved = resolve_alias(api, &param.ty);
    let push = match (&resolved.ty, param.explode, resolved.nullable) {
        _ if super::is_object(api, &param.ty) => {
            // deepObject: `name[key]=value`; form with explode: each property is its own key;
            // form without explode: `name=key,value,key,value`.
            let prefix = if param.deep_object {
                quote! { #wire }
            } else {
                quote! { "" }
            };
            let collect = quote! {
                let mut object_pairs = ::std::vec::Vec::new();
                if let Ok(value) = ::serde_json::to_value(value) {
                    form_pairs(#prefix, &value, &mut object_pairs);
                }
            };
            if param.deep_object || param.explode {
                quote! { #collect pairs.extend(object_pairs); }
            } else {
                quote! {
                    #collect
                    let joined: ::std::vec::Vec<::std::string::String> = object_pairs.into_iter().flat_map(|(k, v)| [k, v]).collect();
                    pairs.push((#wire.to_string(), joined.join(",")));
                }
            }
        }
        (Ty::Vec(item), true, false) => {
            let item_text = to_text(api, quote! { item }, item);
            quote! { for item in value.iter() { pairs.push((#wire.to_string(), #item_text)); } }
        }
        _ => {
            let text = to_text(api, quote! { value }, &param.ty);
            quote! { pairs.push((#wire.to_string(), #text)); }
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

/// The success body type and the match arms for every documented response.
fn response_arms(op: &Operation) -> (TokenStream, TokenStream) {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    let body_type = successes.iter().find_map(|r| r.body.as_ref()).map(rust_type);
    let all_have_body = successes.iter().all(|r| r.body.is_some());
    let value = |body: TokenStream| quote! { ok(status, headers, #body) };
    if successes_differ(op) {
        return success_enum_arms(op);
    }
    let output = match (&body_type, all_have_body) {
        (None, _) => quote! { () },
        (Some(ty), true) => ty.clone(),
        (Some(ty), false) => quote! { ::std::option::Option<#ty> },
    };
    let success = |r: &Response| match (&body_type, r.body.is_some(), all_have_body) {
        (None, _, _) => value(quote! { () }),
        (Some(_), true, true) => {
            let read = read_body(r.kind);
            value(quote! { #read })
        }
        (Some(_), true, false) => {
            let read = read_body(r.kind);
            value(quote! { ::std::option::Option::Some(#read) })
        }
        (Some(_), false, _) => value(quote! { ::std::option::Option::None }),
    };
    let without_body = if body_type.is_some() && !all_have_body {
        value(quote! { ::std::option::Option::None })
    } else {
        value(quote! { () })
    };
    let no_success = successes.is_empty().then(|| quote! { 200..=299 => #without_body, });
    (output, status_arms(op, success, no_success))
}

/// The match arms over the response status: `success` builds the value of each documented
/// success; any other status is read by the error type (`error_read`).
fn status_arms(op: &Operation, success: impl Fn(&Response) -> TokenStream, extra: Option<TokenStream>) -> TokenStream {
    let error_type = ident(&op.types.error);
    let arms = op.responses.iter().filter(|r| r.is_success()).map(|r| {
        let pattern = status_pattern(r.status);
        let action = success(r);
        quote! { #pattern => #action, }
    });
    quote! {
        #(#arms)*
        #extra
        _ => Err(#error_type::read(status, headers, response).await),
    }
}

/// The error type's `read`: the documented error responses, `default` last, and otherwise
/// `Error::UnexpectedStatus`. Emitted once per error enum, so operations that share one share it.
fn error_read(api: &Api, op: &Operation) -> TokenStream {
    let error_type = ident(&op.types.error);
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let uses_headers = errors.iter().any(|r| !r.headers.is_empty());
    // The response is read by a documented body, or by the fallback when there is no `default`.
    let uses_response =
        errors.iter().any(|r| r.body.is_some()) || !errors.iter().any(|r| r.status == StatusSpec::Default);
    let response = if uses_response {
        quote! { response }
    } else {
        quote! { _response }
    };
    let (status, headers) = match (errors.is_empty(), uses_headers) {
        (true, _) => (quote! { _status }, quote! { _headers }),
        (false, false) => (quote! { status }, quote! { _headers }),
        (false, true) => (quote! { status }, quote! { headers }),
    };
    let body = if errors.is_empty() {
        quote! { unexpected(response).await }
    } else {
        let mut arms = Vec::new();
        let mut fallback = None;
        for r in &errors {
            let variant = error_value(api, r);
            if r.status == StatusSpec::Default {
                fallback = Some(variant);
            } else {
                let pattern = status_pattern(r.status);
                arms.push(quote! { #pattern => #variant, });
            }
        }
        let read = match fallback {
            // Only `default`: every status is it.
            Some(variant) if arms.is_empty() => variant,
            Some(variant) => quote! { match status.as_u16() { #(#arms)* _ => #variant } },
            None => quote! { match status.as_u16() { #(#arms)* _ => return Err(unexpected(response).await), } },
        };
        quote! {
            api_error(async { Ok(#read) }).await
        }
    };
    quote! {
        impl #error_type {
            /// Reads a response that is not a documented success.
            async fn read(#status: ::reqwest::StatusCode, #headers: ::reqwest::header::HeaderMap, #response: ::reqwest::Response) -> Error<Self> {
                #body
            }
        }
    }
}

/// Whether an error variant carries the status (ranges and `default`).
fn has_status_field(response: &Response) -> bool {
    !matches!(response.status, StatusSpec::Code(_))
}

/// The expression building an error variant from `response`, `status` and `headers`.
fn error_value(api: &Api, r: &Response) -> TokenStream {
    let variant = ident(&r.variant);
    let body = r.body.as_ref().map(|_| read_body(r.kind));
    if !has_status_field(r) && r.headers.is_empty() {
        return match body {
            Some(body) => quote! { Self::#variant(#body) },
            None => quote! { Self::#variant },
        };
    }
    let status = has_status_field(r).then(|| quote! { status, });
    let headers = r.headers.iter().map(|h| {
        let name = ident(&h.name);
        let wire = &h.wire_name;
        let value = header_expr(api, &h.ty, wire);
        quote! { #name: #value, }
    });
    // Headers are read before the body, which consumes the response.
    let body = body.map(|b| quote! { body: #b, });
    quote! { Self::#variant { #status #(#headers)* #body } }
}

/// An `Option<T>` expression reading a response header of type `tu` from `headers`.
fn header_expr(api: &Api, tu: &TypeUse, wire: &str) -> TokenStream {
    match &resolve_alias(api, tu).ty {
        Ty::Vec(item) => {
            let item_ty = rust_type(item);
            quote! {
                headers.get(#wire).and_then(|v| v.to_str().ok()).map(|v| {
                    v.split(',').filter_map(|item| item.trim().parse::<#item_ty>().ok()).collect()
                })
            }
        }
        Ty::Map(_) | Ty::Json => quote! {
            headers.get(#wire).and_then(|v| v.to_str().ok()).and_then(|v| ::serde_json::from_str(v).ok())
        },
        Ty::Named(name) if matches!(api.type_def(name).map(|t| &t.kind), Some(crate::model::TypeKind::Struct(_))) => {
            quote! {
                headers.get(#wire).and_then(|v| v.to_str().ok()).and_then(|v| ::serde_json::from_str(v).ok())
            }
        }
        _ => quote! { header(&headers, #wire) },
    }
}

/// The operation's error enum, or an alias of the identical one emitted for an earlier
/// operation (`OperationTypes::shared_error`).
fn error_type(api: &Api, op: &Operation) -> TokenStream {
    match &op.types.shared_error {
        Some(canonical) => {
            let name = ident(&op.types.error);
            let target = ident(canonical);
            let doc = format!(" The error responses the spec documents for `{}`: the same as [`{canonical}`].", op.id);
            quote! {
                #[doc = #doc]
                pub type #name = #target;
            }
        }
        None => {
            let error_enum = error_enum(op);
            let read = error_read(api, op);
            quote! { #error_enum #read }
        }
    }
}

/// The operation's error enum: one variant per documented error response.
fn error_enum(op: &Operation) -> TokenStream {
    let name = ident(&op.types.error);
    let doc = format!(" The error responses the spec documents for `{}`.", op.id);
    let errors: Vec<&Response> = op.responses.iter().filter(|r| !r.is_success()).collect();
    let variants = errors.iter().map(|r| {
        let variant = ident(&r.variant);
        let status_doc = match r.status {
            StatusSpec::Code(code) => format!(" Status {code}."),
            StatusSpec::Range(h) => format!(" A {h}XX status."),
            StatusSpec::Default => " Any status the spec does not list.".into(),
        };
        let doc = doc_attr(r.doc.as_deref());
        let head = quote! { #doc #[doc = ""] #[doc = #status_doc] };
        if !has_status_field(r) && r.headers.is_empty() {
            return match &r.body {
                Some(tu) => {
                    let ty = rust_type(tu);
                    quote! { #head #variant(#ty), }
                }
                None => quote! { #head #variant, },
            };
        }
        let status = has_status_field(r).then(|| {
            quote! { /// The response status.
            status: ::reqwest::StatusCode, }
        });
        let headers = r.headers.iter().map(|h| {
            let field = ident(&h.name);
            let ty = rust_type(&h.ty);
            let fallback = format!("The `{}` header, when present and well-formed.", h.wire_name);
            let doc = doc_attr(Some(h.doc.as_deref().unwrap_or(&fallback)));
            quote! { #doc #field: ::std::option::Option<#ty>, }
        });
        let body = r.body.as_ref().map(|tu| {
            let ty = rust_type(tu);
            quote! { /// The body.
            body: #ty, }
        });
        quote! { #head #variant { #status #(#headers)* #body }, }
    });
    let statuses = errors.iter().map(|r| {
        let variant = ident(&r.variant);
        let pattern = match (has_status_field(r), r.headers.is_empty(), r.body.is_some()) {
            (true, _, _) => quote! { Self::#variant { status, .. } },
            (false, true, true) => quote! { Self::#variant(_) },
            (false, true, false) => quote! { Self::#variant },
            (false, false, _) => quote! { Self::#variant { .. } },
        };
        let value = match r.status {
            StatusSpec::Code(code) => quote! { #code },
            _ => quote! { status.as_u16() },
        };
        quote! { #pattern => #value, }
    });
    let formatter = if errors.is_empty() {
        quote! { _f }
    } else {
        quote! { f }
    };
    let (status_body, display_body) = if errors.is_empty() {
        (quote! { match *self {} }, quote! { match *self {} })
    } else {
        (
            quote! { match self { #(#statuses)* } },
            quote! {
                let status = ApiError::status(self);
                let reason = ::reqwest::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason()).unwrap_or("");
                write!(f, "{status} {reason}")
            },
        )
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
        }

        impl ApiError for #name {
            fn status(&self) -> u16 {
                #status_body
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, #formatter: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display_body
            }
        }

        impl ::std::error::Error for #name {}
    }
}

/// The expression reading a response body of `kind`.
fn read_body(kind: MediaKind) -> TokenStream {
    match kind {
        MediaKind::Json | MediaKind::Form => quote! { decode(response).await? },
        MediaKind::Text => quote! { read_text(response).await? },
        MediaKind::Binary | MediaKind::Multipart => quote! { read_bytes(response).await? },
    }
}

/// The `Content-Type` sent for a media type; wildcards (`*/*`, `image/*`) name no type.
pub fn sent_media_type(media_type: &str) -> String {
    if media_type.contains('*') { "application/octet-stream".into() } else { media_type.to_string() }
}

/// Whether the success responses carry different bodies, so the client returns an enum of them.
fn successes_differ(op: &Operation) -> bool {
    let successes: Vec<&Response> = op.responses.iter().filter(|r| r.is_success()).collect();
    successes
        .windows(2)
        .any(|pair| pair[0].body != pair[1].body || (pair[0].body.is_some() && pair[0].kind != pair[1].kind))
}

/// The `…Success` enum of an operation whose success responses differ.
fn success_enum(op: &Operation) -> TokenStream {
    if !successes_differ(op) {
        return TokenStream::new();
    }
    let name = ident(&op.types.success);
    let doc = format!(" The success responses the spec documents for `{}`.", op.id);
    let variants = op.responses.iter().filter(|r| r.is_success()).map(|r| {
        let variant = ident(&r.variant);
        let doc = doc_attr(r.doc.as_deref());
        match &r.body {
            Some(tu) => {
                let ty = rust_type(tu);
                quote! { #doc #variant(#ty), }
            }
            None => quote! { #doc #variant, },
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
        }
    }
}

/// Output type and match arms when the success responses differ.
fn success_enum_arms(op: &Operation) -> (TokenStream, TokenStream) {
    let name = ident(&op.types.success);
    let success = |r: &Response| {
        let variant = ident(&r.variant);
        let body = match &r.body {
            Some(_) => {
                let read = read_body(r.kind);
                quote! { #name::#variant(#read) }
            }
            None => quote! { #name::#variant },
        };
        quote! { ok(status, headers, #body) }
    };
    let arms = status_arms(op, success, None);
    (quote! { #name }, arms)
}
