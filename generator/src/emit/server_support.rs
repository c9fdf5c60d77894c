//! The request plumbing of `src/server.rs` that is the same for every spec: bearer tokens,
//! options, rejections and their rendering, body reading and parameter parsing.

use proc_macro2::TokenStream;
use quote::quote;

/// Static items of `server.rs`.
pub fn emit(uses_basic: bool, uses_api_key: bool) -> TokenStream {
    let basic = uses_basic.then(basic_credentials);
    let api_key = uses_api_key.then(api_key);
    let token = bearer_token();
    let options = options();
    let rejection = rejection();
    quote! { #token #basic #api_key #options #rejection }
}

fn basic_credentials() -> TokenStream {
    quote! {
        /// HTTP Basic credentials from `Authorization: Basic <base64>`. `Debug` hides the password.
        #[derive(Clone, PartialEq, Eq)]
        pub struct BasicCredentials {
            /// The user name.
            pub username: ::std::string::String,
            /// The password.
            pub password: ::std::string::String,
        }

        impl BasicCredentials {
            /// Reads well-formed Basic credentials (RFC 7617) from `headers`.
            pub fn from_headers(headers: &::axum::http::HeaderMap) -> ::std::option::Option<Self> {
                let value = headers.get(::axum::http::header::AUTHORIZATION)?.to_str().ok()?;
                let (scheme, encoded) = value.split_once(' ')?;
                if !scheme.eq_ignore_ascii_case("basic") {
                    return None;
                }
                let decoded = ::base64::Engine::decode(&::base64::engine::general_purpose::STANDARD, encoded.trim()).ok()?;
                let decoded = ::std::string::String::from_utf8(decoded).ok()?;
                let (username, password) = decoded.split_once(':')?;
                Some(BasicCredentials { username: username.to_string(), password: password.to_string() })
            }
        }

        impl ::std::fmt::Debug for BasicCredentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("BasicCredentials").field("username", &self.username).field("password", &"[redacted]").finish()
            }
        }
    }
}

fn api_key() -> TokenStream {
    quote! {
        /// An API key the request carried. `Debug` does not show it.
        #[derive(Clone, PartialEq, Eq)]
        pub struct ApiKey(pub ::std::string::String);

        impl ::std::fmt::Debug for ApiKey {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str("ApiKey([redacted])")
            }
        }
    }
}

fn bearer_token() -> TokenStream {
    quote! {
        /// A bearer token taken from `Authorization: Bearer <token>`. `Debug` does not show it.
        #[derive(Clone, PartialEq, Eq)]
        pub struct BearerToken(::std::string::String);

        impl BearerToken {
            /// A token as given (to build a request in a test).
            pub fn new(token: impl ::std::convert::Into<::std::string::String>) -> Self {
                BearerToken(token.into())
            }

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
    }
}

fn options() -> TokenStream {
    quote! {
        /// Decides whether a well-formed bearer token is accepted.
        pub type TokenCheck = dyn Fn(&BearerToken) -> bool + ::std::marker::Send + ::std::marker::Sync;

        /// Decides whether a pair of strings is accepted: a Basic user name and password, or an
        /// API key's name and value.
        pub type SecretCheck = dyn Fn(&str, &str) -> bool + ::std::marker::Send + ::std::marker::Sync;

        /// Settings of the router.
        #[derive(Clone)]
        #[non_exhaustive]
        pub struct Options {
            /// Largest request body accepted, in bytes; larger ones get 413. Default 1 MiB.
            pub body_limit: usize,
            /// Renders every response the router sends on its own (401, 404, 405, 413, 415, 422,
            /// and 500 when an implementation panics). Default [`SpecRenderer`].
            pub renderer: ::std::sync::Arc<dyn RenderRejection>,
            /// Accepts or refuses bearer tokens before the implementation is called; refused
            /// tokens get 401. Default: every well-formed token is accepted.
            pub token_check: ::std::option::Option<::std::sync::Arc<TokenCheck>>,
            /// Accepts or refuses Basic credentials (user name, password); refused ones get 401.
            /// Default: every well-formed pair is accepted.
            pub basic_check: ::std::option::Option<::std::sync::Arc<SecretCheck>>,
            /// Accepts or refuses API keys (the key's name in the spec, its value); refused ones
            /// get 401. Default: every non-empty key is accepted.
            pub key_check: ::std::option::Option<::std::sync::Arc<SecretCheck>>,
        }

        impl ::std::fmt::Debug for Options {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Options")
                    .field("body_limit", &self.body_limit)
                    .field("token_check", &self.token_check.is_some())
                    .field("basic_check", &self.basic_check.is_some())
                    .field("key_check", &self.key_check.is_some())
                    .finish_non_exhaustive()
            }
        }

        impl ::std::default::Default for Options {
            fn default() -> Self {
                Options {
                    body_limit: 1024 * 1024,
                    renderer: ::std::sync::Arc::new(SpecRenderer),
                    token_check: None,
                    basic_check: None,
                    key_check: None,
                }
            }
        }

        impl Options {
            /// Sets [`Options::body_limit`].
            pub fn body_limit(mut self, bytes: usize) -> Self {
                self.body_limit = bytes;
                self
            }

            /// Sets [`Options::renderer`].
            pub fn renderer(mut self, renderer: impl RenderRejection) -> Self {
                self.renderer = ::std::sync::Arc::new(renderer);
                self
            }

            /// Sets [`Options::token_check`].
            pub fn token_check(mut self, check: impl Fn(&BearerToken) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.token_check = Some(::std::sync::Arc::new(check));
                self
            }

            /// Sets [`Options::basic_check`].
            pub fn basic_check(mut self, check: impl Fn(&str, &str) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.basic_check = Some(::std::sync::Arc::new(check));
                self
            }

            /// Sets [`Options::key_check`].
            pub fn key_check(mut self, check: impl Fn(&str, &str) -> bool + ::std::marker::Send + ::std::marker::Sync + 'static) -> Self {
                self.key_check = Some(::std::sync::Arc::new(check));
                self
            }
        }

        struct Shared<A> {
            #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
            api: ::std::sync::Arc<A>,
            options: Options,
        }

        impl<A> Shared<A> {
            /// The response to a request the router refuses itself.
            fn reject(
                &self,
                headers: &::axum::http::HeaderMap,
                operation: ::std::option::Option<&'static str>,
                status: ::axum::http::StatusCode,
                detail: impl ::std::convert::Into<::std::string::String>,
                violations: ::std::vec::Vec<crate::validation::Violation>,
            ) -> ::axum::response::Response {
                let rejection = Rejection { status, operation, detail: detail.into(), violations, request_id: request_id(headers) };
                self.options.renderer.render(&rejection)
            }

            /// The 422 response for a request that breaks the spec's rules.
            #[allow(dead_code)] // Unused by specs whose operations take no parameters or bodies.
            fn invalid(
                &self,
                headers: &::axum::http::HeaderMap,
                operation: &'static str,
                status: ::axum::http::StatusCode,
                violations: &mut ::std::vec::Vec<crate::validation::Violation>,
            ) -> ::axum::response::Response {
                let violations = ::std::mem::take(violations);
                // The detail names the first broken rule, for error shapes with room for a
                // sentence and no list.
                let describe = |v: &crate::validation::Violation| match v.field() {
                    field if field.is_empty() => format!("{}: {}", v.source.as_str(), v.message),
                    field => format!("{} `{field}`: {}", v.source.as_str(), v.message),
                };
                let detail = match violations.as_slice() {
                    [] => "the request breaks the API's rules".to_string(),
                    [only] => describe(only),
                    [first, rest @ ..] => format!("{}; and {} more", describe(first), rest.len()),
                };
                self.reject(headers, Some(operation), status, detail, violations)
            }

            /// The response refusing a body that cannot be read: its own status (400, 413,
            /// 415), except that `as_422` answers a malformed body with 422, for operations
            /// that document only 422 for a refused request (GitHub's).
            #[allow(dead_code)] // Unused only by specs without request bodies.
            fn unreadable(
                &self,
                headers: &::axum::http::HeaderMap,
                operation: &'static str,
                (status, detail): BodyError,
                as_422: bool,
            ) -> ::axum::response::Response {
                let status = if as_422 && status == ::axum::http::StatusCode::BAD_REQUEST {
                    ::axum::http::StatusCode::UNPROCESSABLE_ENTITY
                } else {
                    status
                };
                self.reject(headers, ::std::option::Option::Some(operation), status, detail, ::std::vec::Vec::new())
            }

            /// The path's parameters, or the response refusing a path that does not decode.
            #[allow(dead_code)] // Unused only by specs without path parameters.
            async fn path_params(
                &self,
                parts: &mut ::axum::http::request::Parts,
                operation: &'static str,
            ) -> ::std::result::Result<::axum::extract::RawPathParams, ::axum::response::Response> {
                <::axum::extract::RawPathParams as ::axum::extract::FromRequestParts<()>>::from_request_parts(parts, &())
                    .await
                    .map_err(|rejection| self.reject(&parts.headers, Some(operation), rejection.status(), rejection.body_text(), ::std::vec::Vec::new()))
            }

            /// Runs the implementation's future; a panic becomes a 500 carrying the request id
            /// (only that is kept, not a copy of every header).
            #[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
            async fn respond<R: ::axum::response::IntoResponse>(
                &self,
                operation: &'static str,
                request_id: ::std::option::Option<::axum::http::HeaderValue>,
                future: impl ::std::future::Future<Output = R>,
            ) -> ::axum::response::Response {
                let mut headers = ::axum::http::HeaderMap::new();
                if let ::std::option::Option::Some(id) = request_id {
                    headers.insert("x-request-id", id);
                }
                match catch_panic(future).await.map(::axum::response::IntoResponse::into_response) {
                    Ok(mut response) => match response.extensions_mut().remove::<Failure>() {
                        ::std::option::Option::Some(Failure { status, detail }) => self.reject(&headers, Some(operation), status, detail, ::std::vec::Vec::new()),
                        ::std::option::Option::None => response,
                    },
                    Err(()) => self.reject(&headers, Some(operation), ::axum::http::StatusCode::INTERNAL_SERVER_ERROR, "the server failed to handle the request", ::std::vec::Vec::new()),
                }
            }

            /// The caller's bearer token, when it is well-formed and accepted.
            #[allow(dead_code)] // Used only by specs with bearer authentication.
            fn authenticate(&self, headers: &::axum::http::HeaderMap) -> ::std::option::Option<BearerToken> {
                BearerToken::from_headers(headers).filter(|token| self.options.token_check.as_ref().is_none_or(|check| check(token)))
            }

            /// The 401 response for a request without acceptable credentials: `what` names them
            /// (`Authorization: Bearer <token>`), `challenge` is the `WWW-Authenticate` scheme.
            #[allow(dead_code)] // Used only by specs with authentication.
            fn unauthorized(
                &self,
                headers: &::axum::http::HeaderMap,
                operation: &'static str,
                source: crate::validation::Source,
                field: &str,
                what: &str,
                challenge: ::std::option::Option<&'static str>,
            ) -> ::axum::response::Response {
                let root = crate::validation::Location::root(source);
                let message = format!("a valid {what} is required");
                let violation = crate::validation::Violation::new(&root.key(field), "security", &message);
                let mut response = self.reject(headers, Some(operation), ::axum::http::StatusCode::UNAUTHORIZED, message, ::std::vec![violation]);
                if let ::std::option::Option::Some(challenge) = challenge {
                    response.headers_mut().insert(::axum::http::header::WWW_AUTHENTICATE, ::axum::http::HeaderValue::from_static(challenge));
                }
                response
            }
        }
    }
}

fn rejection() -> TokenStream {
    quote! {
        /// A request the router refused before calling the implementation, or a panic inside it.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub struct Rejection {
            /// The status to answer with.
            pub status: ::axum::http::StatusCode,
            /// The `operationId` of the operation the request was for, when it matched one.
            pub operation: ::std::option::Option<&'static str>,
            /// A sentence saying what is wrong.
            pub detail: ::std::string::String,
            /// Every broken rule, with its location.
            pub violations: ::std::vec::Vec<crate::validation::Violation>,
            /// The request's `X-Request-Id`, or a new random one.
            pub request_id: ::std::string::String,
        }

        impl Rejection {
            /// A machine-readable kind for the status (`validation_error`, `authentication_error`, ...).
            pub fn kind(&self) -> &'static str {
                match self.status.as_u16() {
                    400 => "invalid_request_error",
                    401 => "authentication_error",
                    404 => "not_found",
                    405 => "method_not_allowed",
                    413 => "payload_too_large",
                    415 => "unsupported_media_type",
                    422 => "validation_error",
                    500..=599 => "internal_error",
                    _ => "error",
                }
            }

            /// The violations; when the request was refused for another reason (a body that
            /// is not JSON, a missing credential), one entry carrying the detail, so that an
            /// error list still says what went wrong.
            pub fn entries(&self) -> ::std::vec::Vec<crate::validation::Violation> {
                if !self.violations.is_empty() {
                    return self.violations.clone();
                }
                ::std::vec![crate::validation::Violation::new(&crate::validation::BODY, self.kind(), &self.detail)]
            }

            /// A machine-readable code for one violation (`is_required`, `is_invalid`, ...).
            pub fn code(violation: &crate::validation::Violation) -> &'static str {
                match violation.rule {
                    "required" => "is_required",
                    "security" => "missing_authorization_material",
                    _ => "is_invalid",
                }
            }
        }

        /// An error the spec does not document for an operation: a 404 where it documents only
        /// 200, a 409, a 503, or `501 Not Implemented` (what every [`Api`] method answers until
        /// it is implemented). Return it as an operation response's `Failure` variant; the router
        /// renders it like its own rejections, in the error shape the operation documents for
        /// the status, `application/problem+json` otherwise.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Failure {
            /// The status to answer with.
            pub status: ::axum::http::StatusCode,
            /// A sentence saying what went wrong, for the caller.
            pub detail: ::std::string::String,
        }

        impl Failure {
            /// A failure answered with `status`, described by `detail`.
            pub fn new(status: ::axum::http::StatusCode, detail: impl ::std::convert::Into<::std::string::String>) -> Self {
                Failure { status, detail: detail.into() }
            }

            /// `501 Not Implemented`: the operation is not implemented.
            pub fn not_implemented() -> Self {
                Failure::new(::axum::http::StatusCode::NOT_IMPLEMENTED, "this operation is not implemented")
            }
        }

        /// Outside the router (a response used as a plain axum response), a failure is RFC 9457
        /// problem+json. The failure rides along in the response's extensions, where the router
        /// finds it and renders it in the operation's error shape instead.
        impl ::axum::response::IntoResponse for Failure {
            fn into_response(self) -> ::axum::response::Response {
                let request_id = request_id(&::axum::http::HeaderMap::new());
                let rejection = Rejection { status: self.status, operation: None, detail: self.detail.clone(), violations: ::std::vec::Vec::new(), request_id };
                let mut response = problem_json(&rejection);
                response.extensions_mut().insert(self);
                response
            }
        }

        /// Turns a [`Rejection`] into a response. Replace the default ([`SpecRenderer`]) with
        /// [`Options::renderer`] to answer in another shape.
        pub trait RenderRejection: ::std::marker::Send + ::std::marker::Sync + 'static {
            /// The response for `rejection`.
            fn render(&self, rejection: &Rejection) -> ::axum::response::Response;
        }

        /// The RFC 9457 `application/problem+json` response for `rejection`, with the violations
        /// in an `errors` member (`in`, `pointer`, `field`, `rule`, `message`).
        pub fn problem_json(rejection: &Rejection) -> ::axum::response::Response {
            let errors: ::std::vec::Vec<::serde_json::Value> = rejection
                .violations
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
                "title": rejection.status.canonical_reason().unwrap_or("Error"),
                "status": rejection.status.as_u16(),
                "detail": rejection.detail,
                "request_id": rejection.request_id,
                "errors": errors,
            });
            let mut response = json_response(rejection.status, &body);
            response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, ::axum::http::HeaderValue::from_static("application/problem+json"));
            response
        }

        /// Adds `value` under `key`, leaving out objects whose every member came out empty, so a
        /// template's optional parts stay absent instead of holding empty strings.
        #[allow(dead_code)] // Used only by specs with `x-rejection` templates.
        fn insert(map: &mut ::serde_json::Map<::std::string::String, ::serde_json::Value>, key: &str, value: ::serde_json::Value) {
            let empty = match &value {
                ::serde_json::Value::Object(members) => members.values().all(|v| v.as_str().is_some_and(str::is_empty)),
                _ => false,
            };
            if !empty {
                map.insert(key.to_string(), value);
            }
        }

        /// The request's `X-Request-Id` when it has a sensible one, else a random UUID (v4).
        fn request_id(headers: &::axum::http::HeaderMap) -> ::std::string::String {
            if let Some(id) = headers.get("x-request-id").and_then(|v| v.to_str().ok()).filter(|id| !id.is_empty() && id.len() <= 200) {
                return id.to_string();
            }
            use ::std::hash::{BuildHasher, Hasher};
            static COUNTER: ::std::sync::atomic::AtomicU64 = ::std::sync::atomic::AtomicU64::new(0);
            let count = COUNTER.fetch_add(1, ::std::sync::atomic::Ordering::Relaxed);
            let mut halves = [0u64; 2];
            for (i, half) in halves.iter_mut().enumerate() {
                // `RandomState` is seeded from the OS once per process and varied per instance.
                let mut hasher = ::std::hash::RandomState::new().build_hasher();
                hasher.write_u64(count);
                hasher.write_usize(i);
                *half = hasher.finish();
            }
            let random = (u128::from(halves[0]) << 64) | u128::from(halves[1]);
            // Version 4 (random) and the RFC 4122 variant.
            let bytes = (random & !(0xf << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
            let hex = format!("{bytes:032x}");
            format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
        }
    }
}
