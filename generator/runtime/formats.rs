//! Checks of string formats (`uuid`, `ipv4`, `ipv6`, `uri`, `email`), for specs that use them.

use crate::validation::{Location, Violation, fail};

/// A `format` violation unless `value` is an IPv4 address in dotted-quad form.
pub fn ipv4(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if value.parse::<std::net::Ipv4Addr>().is_err() {
        fail(errors, location, "format", "must be an IPv4 address");
    }
}

/// A `format` violation unless `value` is an absolute URI: a scheme (a letter, then
/// letters, digits, `+`, `-`, `.`), `:`, and no whitespace or control characters.
pub fn uri(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    let scheme = value.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    });
    if !scheme || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        fail(errors, location, "format", "must be an absolute URI (`scheme:...`)");
    }
}

/// A `format` violation unless `value` is text, `@`, text, without whitespace.
pub fn email(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    let parts = value.rsplit_once('@').is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty());
    if !parts || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        fail(errors, location, "format", "must be an email address");
    }
}

/// A `format` violation unless `value` is an IPv6 address.
pub fn ipv6(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if value.parse::<std::net::Ipv6Addr>().is_err() {
        fail(errors, location, "format", "must be an IPv6 address");
    }
}

/// A `format` violation unless `value` is a UUID.
pub fn uuid(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if !is_uuid(value) {
        fail(errors, location, "format", "must be a UUID");
    }
}

/// Whether `value` is a UUID in the hyphenated form (`format: uuid`).
pub fn is_uuid(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => *b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}
