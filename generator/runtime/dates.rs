//! Checks of `format: date-time` and `format: date`, for specs that use them.

use crate::validation::{Location, Violation, fail};

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
