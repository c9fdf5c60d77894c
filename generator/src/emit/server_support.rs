//! The request plumbing of `src/server.rs` that is the same for every spec: bearer tokens,
//! options, rejections and their rendering, body reading and parameter parsing.

use proc_macro2::TokenStream;
use quote::quote;

/// Static items of `server.rs`.
pub fn emit(uses_basic: bool, uses_api_key: bool, uses_multipart: bool) -> TokenStream {
    let basic = uses_basic.then(basic_credentials);
    let api_key = uses_api_key.then(api_key);
    let token = bearer_token();
    let options = options();
    let rejection = rejection();
    let plumbing = plumbing();
    let multipart = uses_multipart.then(multipart);
    quote! { #token #basic #api_key #options #rejection #plumbing #multipart }
}

/// Reading a `multipart/form-data` body's parts, for specs that check them.
fn multipart() -> TokenStream {
    quote! {
        /// The parts of a `multipart/form-data` body as a JSON object of their text (bytes that
        /// are not UTF-8 replaced), part name to text; a repeated name makes an array. The
        /// schema's types are then coerced and checked, as for a form.
        async fn read_multipart(headers: &::axum::http::HeaderMap, bytes: ::axum::body::Bytes) -> ::std::result::Result<::serde_json::Value, ::std::string::String> {
            let content_type = headers.get(::axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
            let boundary = ::multer::parse_boundary(content_type).map_err(|e| format!("the multipart body's Content-Type has no boundary: {e}"))?;
            let stream = ::futures_util::stream::once(::std::future::ready(::std::result::Result::<_, ::std::convert::Infallible>::Ok(bytes)));
            let mut multipart = ::multer::Multipart::new(stream, boundary);
            let mut parts = ::serde_json::Map::new();
            loop {
                let field = match multipart.next_field().await {
                    Ok(::std::option::Option::Some(field)) => field,
                    Ok(::std::option::Option::None) => break,
                    Err(e) => return Err(format!("the multipart body could not be read: {e}")),
                };
                // A part without a name belongs to no property.
                let ::std::option::Option::Some(name) = field.name().map(str::to_owned) else { continue };
                let bytes = field.bytes().await.map_err(|e| format!("the multipart body could not be read: {e}"))?;
                let value = ::serde_json::Value::String(::std::string::String::from_utf8_lossy(&bytes).into_owned());
                match parts.get_mut(&name) {
                    ::std::option::Option::Some(::serde_json::Value::Array(items)) => items.push(value),
                    ::std::option::Option::Some(existing) => {
                        let first = ::std::mem::take(existing);
                        *existing = ::serde_json::Value::Array(::std::vec![first, value]);
                    }
                    ::std::option::Option::None => {
                        parts.insert(name, value);
                    }
                }
            }
            Ok(::serde_json::Value::Object(parts))
        }
    }
}

fn basic_credentials() -> TokenStream {
    quote! {
        /// HTTP Basic credentials from `Authorization: Basic <base64>`. `Debug` hides the password.
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
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
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
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
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
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
        #[derive(::std::clone::Clone)]
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
            fn invalid(
                &self,
                headers: &::axum::http::HeaderMap,
                operation: &'static str,
                status: ::axum::http::StatusCode,
                violations: ::std::vec::Vec<crate::validation::Violation>,
            ) -> ::axum::response::Response {
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
            async fn respond<R: Answer>(
                &self,
                operation: &'static str,
                request_id: ::std::option::Option<::axum::http::HeaderValue>,
                future: impl ::std::future::Future<Output = R>,
            ) -> ::axum::response::Response {
                let mut headers = ::axum::http::HeaderMap::new();
                if let ::std::option::Option::Some(id) = request_id {
                    headers.insert("x-request-id", id);
                }
                match catch_panic(future).await.map(Answer::answer) {
                    Ok(Ok(response)) => response,
                    Ok(Err(Failure { status, detail })) => self.reject(&headers, Some(operation), status, detail, ::std::vec::Vec::new()),
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
        #[derive(::std::fmt::Debug, ::std::clone::Clone)]
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
                let location = crate::validation::Location::root(crate::validation::Source::Body);
                ::std::vec![crate::validation::Violation::new(&location, self.kind(), &self.detail)]
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
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::cmp::PartialEq, ::std::cmp::Eq)]
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
        /// problem+json.
        impl ::axum::response::IntoResponse for Failure {
            fn into_response(self) -> ::axum::response::Response {
                let request_id = request_id(&::axum::http::HeaderMap::new());
                problem_json(&Rejection { status: self.status, operation: None, detail: self.detail, violations: ::std::vec::Vec::new(), request_id })
            }
        }

        /// An operation's response, to the router: a response to send, or a [`Failure`] to render.
        trait Answer {
            fn answer(self) -> ::std::result::Result<::axum::response::Response, Failure>;
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

fn plumbing() -> TokenStream {
    quote! {
        #[allow(dead_code)] // Unused only by specs without operations.
        fn json_response<T: ::serde::Serialize>(status: ::axum::http::StatusCode, body: &T) -> ::axum::response::Response {
            match ::serde_json::to_vec(body) {
                Ok(bytes) => {
                    let mut response = ::axum::response::IntoResponse::into_response((status, bytes));
                    response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, ::axum::http::HeaderValue::from_static("application/json"));
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

        /// Why a body could not be read at all, as the status and a sentence.
        type BodyError = (::axum::http::StatusCode, ::std::string::String);

        /// Reads a whole body, refusing more than `limit` bytes.
        #[allow(dead_code)] // Used only by specs with request bodies.
        async fn collect(body: ::axum::body::Body, limit: usize) -> ::std::result::Result<::axum::body::Bytes, BodyError> {
            match ::http_body_util::BodyExt::collect(::http_body_util::Limited::new(body, limit)).await {
                Ok(collected) => Ok(collected.to_bytes()),
                Err(e) if e.downcast_ref::<::http_body_util::LengthLimitError>().is_some() => {
                    Err((::axum::http::StatusCode::PAYLOAD_TOO_LARGE, format!("the request body is larger than {limit} bytes")))
                }
                Err(_) => Err((::axum::http::StatusCode::BAD_REQUEST, "the request body could not be read".into())),
            }
        }

        /// Reads a body of the declared media type. An absent body is `None` (a violation when
        /// it is required); a body of another media type is a 415.
        #[allow(dead_code)] // Used only by specs with request bodies.
        async fn read_raw(
            headers: &::axum::http::HeaderMap,
            body: ::axum::body::Body,
            limit: usize,
            required: bool,
            accepts: fn(&str) -> bool,
            expected: &str,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
        ) -> ::std::result::Result<::std::option::Option<::axum::body::Bytes>, BodyError> {
            let bytes = collect(body, limit).await?;
            let content_type = headers.get(::axum::http::header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("\u{fffd}"));
            if bytes.is_empty() && content_type.is_none() {
                if required {
                    let location = crate::validation::Location::root(crate::validation::Source::Body);
                    errors.push(crate::validation::Violation::new(&location, "required", "a request body is required"));
                }
                return Ok(None);
            }
            let content_type = content_type.unwrap_or("");
            let essence = content_type.split(';').next().unwrap_or("").trim();
            // Media types compare case-insensitively; most arrive lowercase already.
            let essence: ::std::borrow::Cow<'_, str> = if essence.bytes().any(|b| b.is_ascii_uppercase()) {
                ::std::borrow::Cow::Owned(essence.to_ascii_lowercase())
            } else {
                ::std::borrow::Cow::Borrowed(essence)
            };
            if !accepts(&essence) {
                return Err((::axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE, format!("expected Content-Type {expected}, got {content_type:?}")));
            }
            Ok(Some(bytes))
        }

        /// Whether a media type is JSON (`application/json` or `+json`).
        #[allow(dead_code)] // Used only by specs with JSON request bodies.
        fn is_json(essence: &str) -> bool {
            essence == "application/json" || essence.ends_with("+json")
        }

        /// Reads a JSON body into a value.
        #[allow(dead_code)] // Used only by specs with JSON request bodies.
        async fn read_json(
            headers: &::axum::http::HeaderMap,
            body: ::axum::body::Body,
            limit: usize,
            required: bool,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
        ) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, BodyError> {
            let Some(bytes) = read_raw(headers, body, limit, required, is_json, "application/json", errors).await? else {
                return Ok(None);
            };
            match ::serde_json::from_slice::<::serde_json::Value>(&bytes) {
                Ok(value) => Ok(Some(value)),
                Err(e) => Err((::axum::http::StatusCode::BAD_REQUEST, format!("the request body is not valid JSON: {e}"))),
            }
        }

        /// Reads a form body into a JSON object of strings (`a[b]=c` nests), to be coerced to the
        /// schema's types and checked.
        #[allow(dead_code)] // Used only by specs with form request bodies.
        async fn read_form(
            headers: &::axum::http::HeaderMap,
            body: ::axum::body::Body,
            limit: usize,
            required: bool,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
        ) -> ::std::result::Result<::std::option::Option<::serde_json::Value>, BodyError> {
            let accepts: fn(&str) -> bool = |essence| essence == "application/x-www-form-urlencoded";
            let Some(bytes) = read_raw(headers, body, limit, required, accepts, "application/x-www-form-urlencoded", errors).await? else {
                return Ok(None);
            };
            Ok(Some(form_value(::form_urlencoded::parse(&bytes).into_owned())))
        }

        /// Builds a JSON object from form pairs: `a[b][c]=x` nests, repeated keys make arrays.
        #[allow(dead_code)] // Used only by specs with form bodies or object parameters.
        fn form_value(pairs: impl ::std::iter::Iterator<Item = (::std::string::String, ::std::string::String)>) -> ::serde_json::Value {
            let mut root = ::serde_json::Value::Object(::serde_json::Map::new());
            for (key, value) in pairs {
                let mut path: ::std::vec::Vec<&str> = ::std::vec::Vec::new();
                let (head, mut rest) = key.split_once('[').map(|(h, r)| (h, Some(r))).unwrap_or((key.as_str(), None));
                path.push(head);
                while let Some(r) = rest {
                    let Some((segment, after)) = r.split_once(']') else { break };
                    path.push(segment);
                    rest = after.strip_prefix('[');
                }
                // A trailing `[]` (`expand[]=a&expand[]=b`, as Stripe's clients write arrays)
                // adds an item, as a repeated key does.
                if path.len() > 1 && path.last() == Some(&"") {
                    path.pop();
                }
                let mut node = &mut root;
                for segment in &path[..path.len() - 1] {
                    let ::serde_json::Value::Object(map) = node else { break };
                    node = map.entry(segment.to_string()).or_insert_with(|| ::serde_json::Value::Object(::serde_json::Map::new()));
                }
                let (::serde_json::Value::Object(map), Some(last)) = (node, path.last()) else { continue };
                let value = ::serde_json::Value::String(value);
                match map.get_mut(*last) {
                    Some(::serde_json::Value::Array(items)) => items.push(value),
                    Some(existing) => {
                        let first = ::std::mem::take(existing);
                        *existing = ::serde_json::Value::Array(::std::vec![first, value]);
                    }
                    None => {
                        map.insert(last.to_string(), value);
                    }
                }
            }
            root
        }

        /// Turns string leaves into the number or boolean they spell, when they do.
        #[allow(dead_code)] // Used only by specs with form bodies or object parameters.
        fn coerce_scalar(value: &mut ::serde_json::Value, kind: Scalar) {
            if let ::serde_json::Value::String(text) = value {
                let text = ::std::mem::take(text);
                *value = scalar(&text, kind);
            }
        }

        /// Wraps a lone value into an array, for array schemas filled from forms; an object
        /// whose keys are all indexes (`lines[0][amount]=1&lines[1][amount]=2`) becomes the
        /// array of its members in index order.
        #[allow(dead_code)] // Used only by specs with form bodies or object parameters.
        fn coerce_array(value: &mut ::serde_json::Value) {
            if let ::serde_json::Value::Object(members) = value {
                if !members.is_empty() && members.keys().all(|k| !k.is_empty() && k.len() < 10 && k.bytes().all(|b| b.is_ascii_digit())) {
                    let mut items: ::std::vec::Vec<(usize, ::serde_json::Value)> =
                        ::std::mem::take(members).into_iter().map(|(k, v)| (k.parse().unwrap_or(usize::MAX), v)).collect();
                    items.sort_by_key(|(index, _)| *index);
                    *value = ::serde_json::Value::Array(items.into_iter().map(|(_, v)| v).collect());
                    return;
                }
            }
            if !value.is_array() {
                let item = ::std::mem::take(value);
                *value = ::serde_json::Value::Array(::std::vec![item]);
            }
        }

        /// Which object alternative of a union a form object is read as: the first whose
        /// declared properties hold all its keys, else the first.
        #[allow(dead_code)] // Used only by specs with unions of objects in forms.
        fn object_alternative(value: &::serde_json::Value, alternatives: &[&[&str]]) -> usize {
            match value {
                ::serde_json::Value::Object(members) => alternatives
                    .iter()
                    .position(|keys| members.keys().all(|key| keys.contains(&key.as_str())))
                    .unwrap_or(0),
                _ => usize::MAX,
            }
        }

        /// A response with a body that is not JSON.
        #[allow(dead_code)] // Used only by specs with text or binary responses.
        fn raw_response(status: ::axum::http::StatusCode, content_type: &'static str, body: ::std::vec::Vec<u8>) -> ::axum::response::Response {
            let mut response = ::axum::response::IntoResponse::into_response((status, body));
            if let Ok(value) = ::axum::http::HeaderValue::from_str(content_type) {
                response.headers_mut().insert(::axum::http::header::CONTENT_TYPE, value);
            }
            response
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

        /// Checks a request value with `check` and, when it broke no rule, decodes it.
        #[allow(dead_code)] // Unused only by specs without parameters or bodies.
        fn check_decode<T: ::serde::de::DeserializeOwned>(
            value: ::serde_json::Value,
            location: &crate::validation::Location<'_>,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
            check: impl ::std::ops::FnOnce(&::serde_json::Value, &crate::validation::Location<'_>, &mut ::std::vec::Vec<crate::validation::Violation>),
        ) -> ::std::option::Option<T> {
            let before = errors.len();
            check(&value, location, errors);
            if errors.len() > before { ::std::option::Option::None } else { decode(value, location, errors) }
        }

        /// One parameter: `value` is its JSON form, `None` when the request leaves it out.
        #[allow(dead_code)] // Unused only by specs without parameters.
        fn param<T: ::serde::de::DeserializeOwned>(
            source: crate::validation::Source,
            name: &str,
            required: bool,
            value: ::std::option::Option<::serde_json::Value>,
            errors: &mut ::std::vec::Vec<crate::validation::Violation>,
            check: impl ::std::ops::FnOnce(&::serde_json::Value, &crate::validation::Location<'_>, &mut ::std::vec::Vec<crate::validation::Violation>),
        ) -> ::std::option::Option<T> {
            let root = crate::validation::Location::root(source);
            let location = &root.key(name);
            match value {
                ::std::option::Option::Some(value) => check_decode(value, location, errors, check),
                ::std::option::Option::None => {
                    if required {
                        errors.push(crate::validation::Violation::new(location, "required", "is required"));
                    }
                    ::std::option::Option::None
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
                // An integer too large for 64 bits stays a number, so its check names the
                // range it breaks rather than calling it text.
                Scalar::Integer => raw
                    .parse::<i64>()
                    .map(::serde_json::Value::from)
                    .or_else(|_| raw.parse::<u64>().map(::serde_json::Value::from))
                    .ok()
                    .or_else(|| {
                        let digits = raw.strip_prefix('-').unwrap_or(raw);
                        (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                            .then(|| raw.parse::<f64>().ok().and_then(::serde_json::Number::from_f64))
                            .flatten()
                            .map(::serde_json::Value::Number)
                    }),
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

        /// Runs an implementation's future, turning a panic into `Err` so one bad request cannot
        /// take the connection (or the server) down.
        #[allow(dead_code)] // Unused only by specs without operations.
        async fn catch_panic<F: ::std::future::Future>(future: F) -> ::std::result::Result<F::Output, ()> {
            ::futures_util::FutureExt::catch_unwind(::std::panic::AssertUnwindSafe(future)).await.map_err(|_| ())
        }
    }
}
