//! The server's request plumbing, the same for every spec: reading bodies and parameters into
//! JSON values to check, decoding them into their types, and writing responses. `server.rs`
//! imports it whole.

/// A JSON response with `status`; a body that cannot be serialized is a bare 500.
#[allow(dead_code)] // Unused only by specs without operations.
pub fn json_response<T: serde::Serialize>(status: axum::http::StatusCode, body: &T) -> axum::response::Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => {
            let mut response = axum::response::IntoResponse::into_response((status, bytes));
            response
                .headers_mut()
                .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("application/json"));
            response
        }
        Err(_) => axum::response::IntoResponse::into_response(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
    }
}

/// The status `code`; one outside 100..=999 (which no spec can document) is a 500.
#[allow(dead_code)] // Unused only by specs whose responses are all ranges.
pub fn status_code(code: u16) -> axum::http::StatusCode {
    axum::http::StatusCode::from_u16(code).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
}

/// Sets a response header; a value that is not a valid header value is left out.
#[allow(dead_code)] // Used only by specs with response headers.
pub fn set_header(response: &mut axum::response::Response, name: &'static str, value: String) {
    if let Ok(value) = axum::http::HeaderValue::try_from(value) {
        response.headers_mut().insert(name, value);
    }
}

/// The `name=value` pairs of every `Cookie` header.
#[allow(dead_code)] // Used only by specs with cookie parameters.
pub fn cookie_pairs(headers: &axum::http::HeaderMap) -> Vec<(String, String)> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// Why a body could not be read at all, as the status and a sentence.
pub type BodyError = (axum::http::StatusCode, String);

/// Reads a whole body, refusing more than `limit` bytes.
#[allow(dead_code)] // Used only by specs with request bodies.
pub async fn collect(body: axum::body::Body, limit: usize) -> Result<axum::body::Bytes, BodyError> {
    match http_body_util::BodyExt::collect(http_body_util::Limited::new(body, limit)).await {
        Ok(collected) => Ok(collected.to_bytes()),
        Err(e) if e.downcast_ref::<http_body_util::LengthLimitError>().is_some() => {
            Err((axum::http::StatusCode::PAYLOAD_TOO_LARGE, format!("the request body is larger than {limit} bytes")))
        }
        Err(_) => Err((axum::http::StatusCode::BAD_REQUEST, "the request body could not be read".into())),
    }
}

/// Whether the request's media type is one of `others` (ranges such as `text/*` and `*/*`
/// included) and none that the generated form of the body declares: a body the implementation
/// is handed as bytes, since the generator does not model its media type.
#[allow(dead_code)] // Used only by specs listing media types the generator does not model.
pub fn is_other_media(headers: &axum::http::HeaderMap, generated: &[&str], others: &[&str]) -> bool {
    let Some(essence) = sent_essence(headers).map(str::to_ascii_lowercase) else { return false };
    let declares = |declared: &&str| {
        let declared = declared.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        let (Some((family, subtype)), Some((sent_family, sent_subtype))) =
            (declared.split_once('/'), essence.split_once('/'))
        else {
            return false;
        };
        // `*/*`, `text/*`, and a suffix range such as `application/*+json`.
        let family_fits = family == "*" || family == sent_family;
        let subtype_fits = match subtype.strip_prefix('*') {
            Some(suffix) => sent_subtype.ends_with(suffix),
            None => subtype == sent_subtype,
        };
        family_fits && subtype_fits
    };
    !generated.iter().any(declares) && others.iter().any(declares)
}

/// Whether the request says its body is of the media type `essence`: which form a body offered
/// in several came in (JSON, a form, a multipart form).
#[allow(dead_code)] // Used only by specs with such bodies.
pub fn is_media(headers: &axum::http::HeaderMap, essence: &str) -> bool {
    sent_essence(headers).is_some_and(|sent| sent.eq_ignore_ascii_case(essence))
}

/// The request's `Content-Type` without its parameters, as sent.
#[allow(dead_code)] // Used only by specs with bodies offered in several forms.
fn sent_essence(headers: &axum::http::HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(str::trim)
}

/// Reads a body of the declared media type. An absent body is `None` (a violation when
/// it is required); a body of another media type is a 415.
#[allow(dead_code)] // Used only by specs with request bodies.
pub async fn read_raw(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
    required: bool,
    accepts: fn(&str) -> bool,
    expected: &str,
    errors: &mut Vec<crate::validation::Violation>,
) -> Result<Option<axum::body::Bytes>, BodyError> {
    let bytes = collect(body, limit).await?;
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("\u{fffd}"));
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
    let essence: std::borrow::Cow<'_, str> = if essence.bytes().any(|b| b.is_ascii_uppercase()) {
        std::borrow::Cow::Owned(essence.to_ascii_lowercase())
    } else {
        std::borrow::Cow::Borrowed(essence)
    };
    if !accepts(&essence) {
        return Err((
            axum::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("expected Content-Type {expected}, got {content_type:?}"),
        ));
    }
    Ok(Some(bytes))
}

/// Whether a media type is JSON (`application/json` or `+json`).
#[allow(dead_code)] // Used only by specs with JSON request bodies.
pub fn is_json(essence: &str) -> bool {
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

/// Reads a JSON body into a value.
#[allow(dead_code)] // Used only by specs with JSON request bodies.
pub async fn read_json(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
    required: bool,
    errors: &mut Vec<crate::validation::Violation>,
) -> Result<Option<serde_json::Value>, BodyError> {
    let Some(bytes) = read_raw(headers, body, limit, required, is_json, "application/json", errors).await? else {
        return Ok(None);
    };
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(mut value) => {
            if crate::WHOLE_FLOATS_ARE_INTEGERS {
                crate::validation::whole_numbers_as_integers(&mut value);
            }
            Ok(Some(value))
        }
        Err(e) => Err((axum::http::StatusCode::BAD_REQUEST, format!("the request body is not valid JSON: {e}"))),
    }
}

/// Reads a JSON body, checks it with `check` and, when it broke no rule, decodes it: `None`
/// when it is absent or broke a rule (the violations are in `errors`).
#[allow(dead_code)] // Used only by specs with JSON request bodies.
pub async fn json_body<T: serde::de::DeserializeOwned>(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
    required: bool,
    errors: &mut Vec<crate::validation::Violation>,
    check: impl FnOnce(&serde_json::Value, &crate::validation::Location<'_>, &mut Vec<crate::validation::Violation>),
) -> Result<Option<T>, BodyError> {
    Ok(match read_json(headers, body, limit, required, errors).await? {
        Some(value) => {
            let location = crate::validation::Location::root(crate::validation::Source::Body);
            check_decode(value, &location, errors, check)
        }
        None => None,
    })
}

/// Reads a form body into a JSON object of strings (`a[b]=c` nests), to be coerced to the
/// schema's types and checked.
#[allow(dead_code)] // Used only by specs with form request bodies.
pub async fn read_form(
    headers: &axum::http::HeaderMap,
    body: axum::body::Body,
    limit: usize,
    required: bool,
    errors: &mut Vec<crate::validation::Violation>,
) -> Result<Option<serde_json::Value>, BodyError> {
    let accepts: fn(&str) -> bool = |essence| essence == "application/x-www-form-urlencoded";
    let Some(bytes) =
        read_raw(headers, body, limit, required, accepts, "application/x-www-form-urlencoded", errors).await?
    else {
        return Ok(None);
    };
    Ok(Some(form_value(form_urlencoded::parse(&bytes).into_owned())))
}

/// The query's `name=value` pairs, percent-decoded, in order.
#[allow(dead_code)] // Used only by specs with query parameters.
pub fn query_pairs(uri: &axum::http::Uri) -> Vec<(String, String)> {
    form_urlencoded::parse(uri.query().unwrap_or_default().as_bytes()).into_owned().collect()
}

/// Whether the query carries every one of `pairs`: the query a path key writes (OpenAI's
/// `/responses?beta=true`), which picks that operation over the one at the plain path.
#[allow(dead_code)] // Used only by specs whose path keys carry a query.
pub fn carries_query(uri: &axum::http::Uri, pairs: &[(&str, &str)]) -> bool {
    let query = query_pairs(uri);
    pairs.iter().all(|(name, value)| query.iter().any(|(n, v)| n == name && v == value))
}

/// The value of the path parameter `name` (the route's name for it).
#[allow(dead_code)] // Used only by specs with path parameters.
pub fn path_value<'p>(params: &'p axum::extract::RawPathParams, name: &str) -> Option<&'p str> {
    params.iter().find(|(key, _)| *key == name).map(|(_, value)| value)
}

/// The value of the first query pair named `name`.
#[allow(dead_code)] // Used only by specs with query parameters.
pub fn query_value<'q>(query: &'q [(String, String)], name: &str) -> Option<&'q str> {
    query.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
}

/// The `name[key]=value` pairs of a `deepObject` parameter, as `key=value` (the rest of a
/// nested key kept: `name[a][b]` is `a[b]`).
#[allow(dead_code)] // Used only by specs with deepObject parameters.
pub fn deep_object_pairs(query: &[(String, String)], name: &str) -> Vec<(String, String)> {
    query
        .iter()
        .filter_map(|(key, value)| {
            let inner = key.strip_prefix(name)?.strip_prefix('[')?;
            let (head, rest) = inner.split_once(']')?;
            Some((format!("{head}{rest}"), value.clone()))
        })
        .collect()
}

/// Builds a JSON object from form pairs: `a[b][c]=x` nests, repeated keys make arrays.
#[allow(dead_code)] // Used only by specs with form bodies or object parameters.
pub fn form_value(pairs: impl std::iter::Iterator<Item = (String, String)>) -> serde_json::Value {
    let mut root = serde_json::Value::Object(serde_json::Map::new());
    for (key, value) in pairs {
        let mut path: Vec<&str> = Vec::new();
        let (head, mut rest) = key.split_once('[').map(|(h, r)| (h, Some(r))).unwrap_or((key.as_str(), None));
        path.push(head);
        while let Some(r) = rest {
            let Some((segment, after)) = r.split_once(']') else { break };
            path.push(segment);
            rest = after.strip_prefix('[');
        }
        let mut node = &mut root;
        for segment in &path[..path.len() - 1] {
            let serde_json::Value::Object(map) = node else { break };
            node = map.entry(segment.to_string()).or_insert_with(|| serde_json::Value::Object(serde_json::Map::new()));
        }
        let (serde_json::Value::Object(map), Some(last)) = (node, path.last()) else { continue };
        let value = serde_json::Value::String(value);
        match map.get_mut(*last) {
            Some(serde_json::Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = std::mem::take(existing);
                *existing = serde_json::Value::Array(vec![first, value]);
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
pub fn coerce_scalar(value: &mut serde_json::Value, kind: Scalar) {
    if let serde_json::Value::String(text) = value {
        let text = std::mem::take(text);
        *value = scalar(&text, kind);
    }
}

/// Wraps a lone value into an array, for array schemas filled from forms. An object whose
/// keys are all indexes (`lines[0][amount]=1&lines[1][amount]=2`) becomes the array of its
/// members in index order; an object whose only key is empty (`expand[]=a&expand[]=b`, as
/// Stripe's clients write arrays) becomes the array of that key's values. Only the schema
/// tells `a[]` apart: in an object it is the property with the empty name.
#[allow(dead_code)] // Used only by specs with form bodies or object parameters.
pub fn coerce_array(value: &mut serde_json::Value) {
    indexed_array(value);
    if !value.is_array() {
        let item = std::mem::take(value);
        *value = serde_json::Value::Array(vec![item]);
    }
}

/// Turns the text `null` into JSON's null; whether it did. A multipart part carries text
/// only, and `null` is how a null value of a property that takes no text is written.
#[allow(dead_code)] // Used only by specs with multipart forms of nullable properties.
pub fn null_text(value: &mut serde_json::Value) -> bool {
    let null = value.as_str() == Some("null");
    if null {
        *value = serde_json::Value::Null;
    }
    null
}

/// An object written the way forms write arrays (`a[0]=x&a[1]=y`, `a[]=x`) as that array; any
/// other value is left alone (a union's text alternative keeps its text).
#[allow(dead_code)] // Used only by specs with form bodies or object parameters.
pub fn indexed_array(value: &mut serde_json::Value) {
    if let serde_json::Value::Object(members) = value
        && members.len() == 1
        && let Some(items) = members.remove("")
    {
        *value = items;
    }
    if let serde_json::Value::Object(members) = value
        && !members.is_empty()
        && members.keys().all(|k| !k.is_empty() && k.len() < 10 && k.bytes().all(|b| b.is_ascii_digit()))
    {
        let mut items: Vec<(usize, serde_json::Value)> =
            std::mem::take(members).into_iter().map(|(k, v)| (k.parse().unwrap_or(usize::MAX), v)).collect();
        items.sort_by_key(|(index, _)| *index);
        *value = serde_json::Value::Array(items.into_iter().map(|(_, v)| v).collect());
    }
}

/// Reads an empty text where the schema wants an object as the empty object: a form has no
/// way to write one, and writers put `key=` (schemathesis) or nothing for it.
#[allow(dead_code)] // Used only by specs with objects in forms.
pub fn empty_object(value: &mut serde_json::Value) {
    if value.as_str() == Some("") {
        *value = serde_json::Value::Object(serde_json::Map::new());
    }
}

/// Which object alternative of a union a form object is read as: the first that declares
/// the most of its keys (so the first declaring all of them, when one does). The object may
/// hold keys no alternative declares: those of an object the union is flattened into.
#[allow(dead_code)] // Used only by specs with unions of objects in forms.
pub fn object_alternative(value: &serde_json::Value, alternatives: &[&[&str]]) -> usize {
    match value {
        serde_json::Value::Object(members) => {
            let declared = |keys: &&[&str]| members.keys().filter(|key| keys.contains(&key.as_str())).count();
            // `max_by_key` keeps the last of equals; the first is wanted.
            let most = alternatives.iter().map(declared).max().unwrap_or(0);
            alternatives.iter().position(|keys| declared(keys) == most).unwrap_or(0)
        }
        _ => usize::MAX,
    }
}

/// A response with a body that is not JSON.
#[allow(dead_code)] // Used only by specs with text or binary responses.
pub fn raw_response(
    status: axum::http::StatusCode,
    content_type: &'static str,
    body: Vec<u8>,
) -> axum::response::Response {
    let mut response = axum::response::IntoResponse::into_response((status, body));
    if let Ok(value) = axum::http::HeaderValue::from_str(content_type) {
        response.headers_mut().insert(axum::http::header::CONTENT_TYPE, value);
    }
    response
}

/// Converts a checked JSON value into its Rust type. The checks already passed, so a
/// failure here means the model and the checks disagree; it is still the request's value
/// that does not fit, so it is reported as a violation rather than a server error.
#[allow(dead_code)] // Unused only by specs without parameters or bodies.
pub fn decode<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    location: &crate::validation::Location<'_>,
    errors: &mut Vec<crate::validation::Violation>,
) -> Option<T> {
    match serde_json::from_value(value) {
        Ok(value) => Some(value),
        Err(e) => {
            errors.push(crate::validation::Violation::new(location, "type", e));
            None
        }
    }
}

/// Checks a request value with `check` and, when it broke no rule, decodes it.
#[allow(dead_code)] // Unused only by specs without parameters or bodies.
pub fn check_decode<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
    location: &crate::validation::Location<'_>,
    errors: &mut Vec<crate::validation::Violation>,
    check: impl std::ops::FnOnce(
        &serde_json::Value,
        &crate::validation::Location<'_>,
        &mut Vec<crate::validation::Violation>,
    ),
) -> Option<T> {
    let before = errors.len();
    check(&value, location, errors);
    if errors.len() > before { None } else { decode(value, location, errors) }
}

/// One parameter: `value` is its JSON form, `None` when the request leaves it out.
#[allow(dead_code)] // Unused only by specs without parameters.
pub fn param<T: serde::de::DeserializeOwned>(
    source: crate::validation::Source,
    name: &str,
    required: bool,
    value: Option<serde_json::Value>,
    errors: &mut Vec<crate::validation::Violation>,
    check: impl std::ops::FnOnce(
        &serde_json::Value,
        &crate::validation::Location<'_>,
        &mut Vec<crate::validation::Violation>,
    ),
) -> Option<T> {
    let root = crate::validation::Location::root(source);
    let location = &root.key(name);
    match value {
        Some(value) => check_decode(value, location, errors, check),
        None => {
            if required {
                errors.push(crate::validation::Violation::new(location, "required", "is required"));
            }
            None
        }
    }
}

/// What a parameter's text is parsed as before its schema is checked.
#[allow(dead_code)] // Some kinds are unused by a given spec.
#[derive(Clone, Copy)]
pub enum Scalar {
    /// Text, as it is.
    String,
    /// An integer, when the text spells one.
    Integer,
    /// A number, when the text spells one.
    Number,
    /// `true` or `false`.
    Boolean,
    /// JSON text.
    Json,
}

/// The JSON value a parameter's text stands for. Text that does not parse as the
/// schema's type stays a string, so the check names the wrong type.
#[allow(dead_code)] // Unused only by specs without parameters.
pub fn scalar(raw: &str, kind: Scalar) -> serde_json::Value {
    let parsed = match kind {
        Scalar::String => None,
        // An integer too large for 64 bits stays a number, so its check names the
        // range it breaks rather than calling it text.
        Scalar::Integer => raw
            .parse::<i64>()
            .map(serde_json::Value::from)
            .or_else(|_| raw.parse::<u64>().map(serde_json::Value::from))
            .ok()
            .or_else(|| {
                let digits = raw.strip_prefix('-').unwrap_or(raw);
                (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64))
                    .flatten()
                    .map(serde_json::Value::Number)
            }),
        Scalar::Number => raw.parse::<f64>().ok().and_then(serde_json::Number::from_f64).map(serde_json::Value::Number),
        Scalar::Boolean => match raw {
            "true" => Some(serde_json::Value::Bool(true)),
            "false" => Some(serde_json::Value::Bool(false)),
            _ => None,
        },
        Scalar::Json => serde_json::from_str(raw).ok(),
    };
    parsed.unwrap_or_else(|| serde_json::Value::String(raw.to_string()))
}

/// Runs an implementation's future, turning a panic into `Err` so one bad request cannot
/// take the connection (or the server) down.
#[allow(dead_code)] // Unused only by specs without operations.
pub async fn catch_panic<F: std::future::Future>(future: F) -> Result<F::Output, ()> {
    futures_util::FutureExt::catch_unwind(std::panic::AssertUnwindSafe(future)).await.map_err(|_| ())
}
