//! The client's support code, the same for every spec: the error type, `ResponseValue`, the
//! rate-limit retry policy, response decoding and form encoding. `client.rs` re-exports the
//! public items, so they are used as `client::Error` and the like.

/// Largest error body kept from an undocumented response, in bytes.
pub const UNEXPECTED_BODY_CAP: usize = 64 * 1024;

/// A successful response: the typed body, with the status and headers it came with.
/// Derefs to the body.
pub struct ResponseValue<T> {
    pub(crate) status: reqwest::StatusCode,
    pub(crate) headers: reqwest::header::HeaderMap,
    pub(crate) body: T,
}

impl<T> ResponseValue<T> {
    /// The response status.
    pub fn status(&self) -> reqwest::StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &reqwest::header::HeaderMap {
        &self.headers
    }

    /// The body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// The body, dropping status and headers.
    pub fn into_inner(self) -> T {
        self.body
    }
}

impl<T> std::ops::Deref for ResponseValue<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.body
    }
}

// Headers are left out: they may carry cookies or tokens.
impl<T: std::fmt::Debug> std::fmt::Debug for ResponseValue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResponseValue").field("status", &self.status).field("body", &self.body).finish_non_exhaustive()
    }
}

/// Why a call failed. `E` is the operation's own error type: one variant per error
/// response the spec documents, with its typed body.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = std::convert::Infallible> {
    /// The base URL is not an absolute `http` or `https` URL.
    InvalidBaseUrl(String),
    /// The request breaks the spec's rules; nothing was sent.
    Validation(crate::validation::ValidationErrors),
    /// The request body could not be serialized.
    Encode(serde_json::Error),
    /// No response within the timeout.
    Timeout(reqwest::Error),
    /// The request could not be sent or the response could not be read.
    Transport(reqwest::Error),
    /// The server answered with an error response the spec documents.
    Api(E),
    /// The server answered with a status the spec does not document for this operation.
    UnexpectedStatus {
        /// The response status.
        status: reqwest::StatusCode,
        /// The response body as text, at most 64 KiB.
        body: String,
    },
    /// A documented response came back with a body that does not match its schema.
    Decode {
        /// The response status.
        status: reqwest::StatusCode,
        /// Where in the body decoding failed (`api_key.roles[0].name`; `.` for the top).
        path: String,
        /// What did not match.
        source: serde_json::Error,
    },
}

impl<E> Error<E> {
    /// The response status, when there was a response.
    pub fn status(&self) -> Option<reqwest::StatusCode>
    where
        E: ApiError,
    {
        match self {
            Error::Api(e) => reqwest::StatusCode::from_u16(e.status()).ok(),
            Error::UnexpectedStatus { status, .. } | Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }
}

impl<E: std::fmt::Display> std::fmt::Display for Error<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::InvalidBaseUrl(url) => write!(f, "invalid base URL {url:?}: expected an absolute http(s) URL"),
            Error::Validation(errors) => write!(f, "invalid request: {errors}"),
            Error::Encode(e) => write!(f, "could not encode the request body: {e}"),
            Error::Timeout(e) => write!(f, "request timed out: {e}"),
            Error::Transport(e) => write!(f, "request failed: {e}"),
            Error::Api(e) => write!(f, "error response: {e}"),
            Error::UnexpectedStatus { status, body } => write!(f, "unexpected status {status}: {body}"),
            Error::Decode { status, path, source } => {
                write!(f, "could not decode the {status} response at {path}: {source}")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Validation(e) => Some(e),
            Error::Encode(e) | Error::Decode { source: e, .. } => Some(e),
            Error::Timeout(e) | Error::Transport(e) => Some(e),
            Error::Api(e) => Some(e),
            Error::InvalidBaseUrl(_) | Error::UnexpectedStatus { .. } => None,
        }
    }
}

/// An operation's documented error responses.
pub trait ApiError: std::fmt::Debug + std::fmt::Display {
    /// The status the response came with.
    fn status(&self) -> u16;
}

impl ApiError for std::convert::Infallible {
    fn status(&self) -> u16 {
        match *self {}
    }
}

/// A `reqwest` failure, told apart into a timeout or another transport error.
pub fn transport_error<E>(e: reqwest::Error) -> Error<E> {
    if e.is_timeout() { Error::Timeout(e) } else { Error::Transport(e) }
}

/// Opt-in retries of `429 Too Many Requests`: wait for `Retry-After` (in seconds), then
/// send the same request again. A 429 means the server did not act on the request, so
/// this is safe for every operation. Nothing else is ever retried: a non-idempotent
/// request whose response was lost (a rotate, say) may already have taken effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitRetry {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Longest `Retry-After` that is waited for; a longer one returns the 429 at once.
    pub max_wait: std::time::Duration,
}

impl Default for RateLimitRetry {
    fn default() -> Self {
        RateLimitRetry { max_retries: 3, max_wait: std::time::Duration::from_secs(60) }
    }
}

/// The `Retry-After` delay of a response, in seconds (`delta-seconds` form).
pub fn retry_after(headers: &reqwest::header::HeaderMap) -> Option<std::time::Duration> {
    let seconds: u64 = headers.get(reqwest::header::RETRY_AFTER)?.to_str().ok()?.trim().parse().ok()?;
    Some(std::time::Duration::from_secs(seconds))
}

/// The base URL, which must be an absolute `http` or `https` URL that can take a path.
pub fn parse_base_url<E>(base_url: &str) -> Result<reqwest::Url, Error<E>> {
    let url = reqwest::Url::parse(base_url).map_err(|_| Error::InvalidBaseUrl(base_url.to_string()))?;
    if url.cannot_be_a_base() || !matches!(url.scheme(), "http" | "https") {
        return Err(Error::InvalidBaseUrl(base_url.to_string()));
    }
    Ok(url)
}

/// The `reqwest` client every `Client` starts with: a `User-Agent` naming this crate and
/// a 30 second timeout.
pub fn default_http<E>() -> Result<reqwest::Client, Error<E>> {
    reqwest::Client::builder()
        .user_agent(concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")))
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .map_err(Error::Transport)
}

/// The span every call runs in; the status is recorded when the response arrives. Its target
/// is the `client` module, where the calls are, so that `RUST_LOG=<crate>::client` selects it.
#[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
pub fn call_span(operation: &'static str, method: &'static str, path: &'static str) -> tracing::Span {
    tracing::info_span!(
        target: concat!(env!("CARGO_CRATE_NAME"), "::client"),
        "api_call",
        operation,
        method,
        path,
        status = tracing::field::Empty
    )
}

/// Fails with every violation the request's checks found, or lets the request go.
#[allow(dead_code)] // Unused by specs whose parameters and bodies have no rules.
pub fn validated<E>(errors: &mut Vec<crate::validation::Violation>) -> Result<(), Error<E>> {
    if errors.is_empty() {
        return Ok(());
    }
    Err(Error::Validation(crate::validation::ValidationErrors(std::mem::take(errors))))
}

/// A response's status, recorded in the current span, its headers and the rest of it. The
/// headers are taken, not cloned: reading the body does not need them.
#[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
pub fn received(
    mut response: reqwest::Response,
) -> (reqwest::StatusCode, reqwest::header::HeaderMap, reqwest::Response) {
    let status = response.status();
    tracing::Span::current().record("status", status.as_u16());
    let headers = std::mem::take(response.headers_mut());
    (status, headers, response)
}

/// A documented success.
#[allow(dead_code)] // Unused only by a spec without operations or webhooks (components alone).
pub fn ok<T, E>(
    status: reqwest::StatusCode,
    headers: reqwest::header::HeaderMap,
    body: T,
) -> Result<ResponseValue<T>, Error<E>> {
    Ok(ResponseValue { status, headers, body })
}

/// The error a response becomes: `Error::Api` with the documented error `read` decoded, or the
/// failure `read` met (an undocumented status, a body that does not decode).
#[allow(dead_code)] // Unused when no operation documents an error response.
pub async fn api_error<E>(read: impl std::future::Future<Output = Result<E, Error<E>>>) -> Error<E> {
    match read.await {
        Ok(error) => Error::Api(error),
        Err(error) => error,
    }
}

/// Checks one parameter, in its JSON form, with `check`.
#[allow(dead_code)] // Unused by specs whose parameters have no rules.
pub fn check_param<T: serde::Serialize + ?std::marker::Sized>(
    source: crate::validation::Source,
    name: &str,
    value: &T,
    errors: &mut Vec<crate::validation::Violation>,
    check: impl std::ops::FnOnce(
        &serde_json::Value,
        &crate::validation::Location<'_>,
        &mut Vec<crate::validation::Violation>,
    ),
) {
    let root = crate::validation::Location::root(source);
    let location = &root.key(name);
    match serde_json::to_value(value) {
        Ok(value) => check(&value, location, errors),
        Err(e) => errors.push(crate::validation::Violation::new(location, "type", e)),
    }
}

/// Decodes a JSON body, naming the path where it stops matching.
#[allow(dead_code)] // Unused by specs whose responses have no JSON bodies.
pub async fn decode<T: serde::de::DeserializeOwned, E>(response: reqwest::Response) -> Result<T, Error<E>> {
    let status = response.status();
    let bytes = response.bytes().await.map_err(transport_error)?;
    // The fast path decodes directly; only a failure is decoded again to find the path.
    if let Ok(value) = serde_json::from_slice(&bytes) {
        return Ok(value);
    }
    // A whole number written with a fraction (`5.0`) is an integer to JSON Schema 2020-12
    // (OpenAPI 3.1): decoded as one.
    if crate::WHOLE_FLOATS_ARE_INTEGERS
        && let Ok(mut tree) = serde_json::from_slice::<serde_json::Value>(&bytes)
    {
        crate::validation::whole_numbers_as_integers(&mut tree);
        return serde_path_to_error::deserialize(tree).map_err(|e| Error::Decode {
            status,
            path: e.path().to_string(),
            source: e.into_inner(),
        });
    }
    // Not JSON, or a 3.0 spec: decoded again from the text, to name where it stops.
    let mut deserializer = serde_json::Deserializer::from_slice(&bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| Error::Decode {
        status,
        path: e.path().to_string(),
        source: e.into_inner(),
    })?;
    deserializer.end().map_err(|source| Error::Decode { status, path: ".".into(), source })?;
    Ok(value)
}

/// An undocumented response, keeping at most the first bytes of its body.
#[allow(dead_code)] // Unused when every operation documents a `default` response.
pub async fn unexpected<E>(mut response: reqwest::Response) -> Error<E> {
    let status = response.status();
    let mut body = Vec::new();
    loop {
        match response.chunk().await {
            Ok(Some(chunk)) if body.len() < UNEXPECTED_BODY_CAP => body.extend_from_slice(&chunk),
            Ok(_) => break,
            Err(e) => return transport_error(e),
        }
    }
    body.truncate(UNEXPECTED_BODY_CAP);
    let mut text = String::from_utf8_lossy(&body).into_owned();
    // Replacement characters can make the text longer than the bytes; cut it back at a
    // character boundary.
    let mut end = text.len().min(UNEXPECTED_BODY_CAP);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    Error::UnexpectedStatus { status, body: text }
}

/// A text body, with invalid UTF-8 replaced.
#[allow(dead_code)] // Used only by specs with text responses.
pub async fn read_text<E>(response: reqwest::Response) -> Result<String, Error<E>> {
    let bytes = response.bytes().await.map_err(transport_error)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// A body of any other media type, as bytes.
#[allow(dead_code)] // Used only by specs with binary responses.
pub async fn read_bytes<E>(response: reqwest::Response) -> Result<Vec<u8>, Error<E>> {
    Ok(response.bytes().await.map_err(transport_error)?.to_vec())
}

/// Form-encodes a JSON object: nested objects as `a[b]=c`, arrays of scalars as repeated
/// keys, arrays of objects as `a[0][b]=c`.
#[allow(dead_code)] // Used only by specs with form bodies or object parameters.
pub fn form_body(value: &serde_json::Value) -> String {
    let mut pairs = Vec::new();
    form_pairs("", value, &mut pairs);
    let mut serializer = form_urlencoded::Serializer::new(String::new());
    for (key, value) in &pairs {
        serializer.append_pair(key, value);
    }
    serializer.finish()
}

/// The `key=value` pairs of a JSON value under `prefix`.
#[allow(dead_code)] // Used only by specs with form bodies or object parameters.
pub fn form_pairs(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    let key = |name: &str| if prefix.is_empty() { name.to_string() } else { format!("{prefix}[{name}]") };
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Object(members) => {
            for (name, member) in members {
                form_pairs(&key(name), member, out);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                if item.is_object() || item.is_array() {
                    form_pairs(&key(&index.to_string()), item, out);
                } else {
                    form_pairs(prefix, item, out);
                }
            }
        }
        serde_json::Value::String(text) => out.push((prefix.to_string(), text.clone())),
        other => out.push((prefix.to_string(), other.to_string())),
    }
}

/// A header value parsed as `T`, when present and well-formed.
#[allow(dead_code)] // Used only by specs with response headers.
pub fn header<T: std::str::FromStr>(headers: &reqwest::header::HeaderMap, name: &str) -> Option<T> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}
