//! Reading `multipart/form-data` bodies, for specs whose server checks their parts.

/// The parts of a `multipart/form-data` body as a JSON object of their text (bytes that
/// are not UTF-8 replaced), part name to text; a repeated name makes an array. The
/// schema's types are then coerced and checked, as for a form.
pub async fn read_multipart(
    headers: &axum::http::HeaderMap,
    bytes: axum::body::Bytes,
) -> Result<serde_json::Value, String> {
    let content_type = headers.get(axum::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| format!("the multipart body's Content-Type has no boundary: {e}"))?;
    let stream = futures_util::stream::once(std::future::ready(Result::<_, std::convert::Infallible>::Ok(bytes)));
    let mut multipart = multer::Multipart::new(stream, boundary);
    let mut parts = serde_json::Map::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(format!("the multipart body could not be read: {e}")),
        };
        // A part without a name belongs to no property.
        let Some(name) = field.name().map(str::to_owned) else { continue };
        let bytes = field.bytes().await.map_err(|e| format!("the multipart body could not be read: {e}"))?;
        let value = serde_json::Value::String(String::from_utf8_lossy(&bytes).into_owned());
        match parts.get_mut(&name) {
            Some(serde_json::Value::Array(items)) => items.push(value),
            Some(existing) => {
                let first = std::mem::take(existing);
                *existing = serde_json::Value::Array(vec![first, value]);
            }
            None => {
                parts.insert(name, value);
            }
        }
    }
    Ok(serde_json::Value::Object(parts))
}
