//! Emits `src/lib.rs`: crate docs (the generated README, so its examples are doctests), lints and
//! the module tree.

use proc_macro2::TokenStream;
use quote::quote;

/// Why `lib.rs` allows what it allows; `quote!` drops comments, so this goes in the header.
pub const LINT_NOTE: &str = "\
// Lints allowed below: checks are composed from independent rules, so a rule inside an `Option`
// check reads as a nested `if` or `match`; an operation takes as many arguments as the spec gives it
// parameters; response variants are as large as the spec's bodies. `missing_docs` stays off: what
// the spec does not describe is left undocumented rather than given an invented sentence.
";

/// The optional modules a crate has.
#[derive(Debug, Clone, Copy)]
pub struct Modules {
    /// The format checks (`uuid`, `ipv4`, ...).
    pub formats: bool,
    /// The date checks.
    pub dates: bool,
    /// The server's multipart reader.
    pub multipart: bool,
    /// The client's pagination streams.
    pub pagination: bool,
    /// The client side.
    pub client: bool,
    /// The server side.
    pub server: bool,
    /// Whether `5.0` is an integer (OpenAPI 3.1).
    pub whole_floats_are_integers: bool,
}

/// The tokens of `lib.rs`.
pub fn emit(modules: &Modules) -> TokenStream {
    let Modules { formats, dates, multipart, pagination, client, server, whole_floats_are_integers } = *modules;
    let multipart = multipart.then(|| quote! { #[cfg(feature = "server")] #[rustfmt::skip] mod multipart; });
    let pagination = pagination.then(|| quote! { #[cfg(feature = "client")] #[rustfmt::skip] mod pagination; });
    let formats = formats.then(|| quote! { #[rustfmt::skip] pub mod formats; });
    let dates = dates.then(|| quote! { #[rustfmt::skip] pub mod dates; });
    let client = client.then(|| {
        quote! {
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            pub mod client;
            #[cfg(feature = "client")]
            #[rustfmt::skip]
            mod client_support;
        }
    });
    let client_reexport = modules.client.then(|| quote! { #[cfg(feature = "client")] pub use client::Client; });
    let server = server.then(|| {
        quote! {
            #[cfg(feature = "server")]
            #[rustfmt::skip]
            pub mod server;
            #[cfg(feature = "server")]
            #[rustfmt::skip]
            mod server_support;
        }
    });
    quote! {
        // The generated crate's own README: not a path in this repository.
        #![doc = include_str!("../README.md")]
        #![forbid(unsafe_code)]
        #![allow(clippy::collapsible_if)]
        #![allow(clippy::collapsible_match)]
        #![allow(clippy::too_many_arguments)]
        #![allow(clippy::large_enum_variant)]

        // The submodules are formatted by the generator (prettyplease), not rustfmt, so that
        // `cargo fmt` never fights `cargo xtask codegen --check`.
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        pub mod validation;
        #formats
        #dates
        #client
        #server
        #multipart
        #pagination

        #client_reexport

        /// Whether a whole number written with a fraction (`5.0`) is an integer, as in the JSON
        /// Schema of OpenAPI 3.1, where the spec is 3.1 (read by the runtime modules).
        #[allow(dead_code)]
        const WHOLE_FLOATS_ARE_INTEGERS: bool = #whole_floats_are_integers;
    }
}
