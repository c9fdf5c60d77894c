//! The runtime support of generated crates, compiled, linted and tested as a crate of its own.
//!
//! The files live in `generator/runtime/`, so that they belong to the generator's package; the
//! generator writes each one into a generated crate unchanged, as the module of the same name
//! (`crate::validation`, `crate::formats`, ...). This crate declares the same modules at the
//! same paths, so that every file compiles here exactly as it does there.

#[path = "../../generator/runtime/validation.rs"]
pub mod validation;

#[path = "../../generator/runtime/formats.rs"]
pub mod formats;

#[path = "../../generator/runtime/dates.rs"]
pub mod dates;

#[path = "../../generator/runtime/client_support.rs"]
pub mod client_support;

#[path = "../../generator/runtime/server_support.rs"]
pub mod server_support;

#[path = "../../generator/runtime/multipart.rs"]
pub mod multipart;

#[path = "../../generator/runtime/pagination.rs"]
pub mod pagination;

/// As a generated crate of an OpenAPI 3.1 spec declares it (see `lib_rs.rs`).
const WHOLE_FLOATS_ARE_INTEGERS: bool = true;

#[cfg(test)]
mod tests;
