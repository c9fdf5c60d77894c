//! Checks of `format: date-time` and `format: date`, for specs that use them.

use crate::validation::{Location, Schema, Violation, fail, string};

/// A `format` violation unless `value` is an RFC 3339 date-time.
pub fn date_time(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if chrono::DateTime::parse_from_rfc3339(value).is_err() {
        fail(errors, location, "format", "must be an RFC 3339 date-time");
    }
}

/// A `format` violation unless `value` is a full date (`YYYY-MM-DD`).
pub fn date(value: &str, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_err() {
        fail(errors, location, "format", "must be a date (YYYY-MM-DD)");
    }
}

/// A `type` or `format` violation unless the value is an RFC 3339 date-time string.
pub fn is_date_time(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if let Some(value) = string(value, location, errors) {
        date_time(value, location, errors);
    }
}

/// A `type` or `format` violation unless the value is a full-date string.
pub fn is_date(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if let Some(value) = string(value, location, errors) {
        date(value, location, errors);
    }
}

impl Schema for chrono::DateTime<chrono::Utc> {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        is_date_time(value, location, errors);
    }
}

impl Schema for chrono::NaiveDate {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        is_date(value, location, errors);
    }
}
