//! Turns the [`crate::model::Api`] into formatted files. Each submodule emits one file from
//! small functions returning `TokenStream`; this module holds what they share.

pub mod client;
pub mod coerce;
pub mod lib_rs;
pub mod models;
pub mod readme;
pub mod server;
pub mod server_support;
pub mod stub;
pub mod validate;

use crate::model::{Api, Num, Ty, TypeKind, TypeUse};

use crate::names::ident;
use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = ...]` attributes for an optional description, cleaned for rustdoc.
pub fn doc_attr(doc: Option<&str>) -> TokenStream {
    match doc {
        Some(text) if !text.trim().is_empty() => {
            let text = crate::docs::rustdoc(text);
            // A leading space keeps `cargo doc` output identical to `/// text` comments.
            let lines = text.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") });
            quote! { #( #[doc = #lines] )* }
        }
        _ => TokenStream::new(),
    }
}

/// The doc attributes of a description followed by a line of the generator's own, with a blank
/// line between them only when there is a description.
pub fn doc_then(doc: Option<&str>, line: &str) -> TokenStream {
    let described = doc_attr(doc);
    let gap = (!described.is_empty()).then(|| quote! { #[doc = ""] });
    quote! { #described #gap #[doc = #line] }
}

/// `items.get(index)` (`get_mut` when `mutable`) on a slice named `items`: `first()` for the
/// first, as clippy's `get_first` wants.
pub fn item_at(index: usize, mutable: bool) -> TokenStream {
    match (index, mutable) {
        (0, false) => quote! { items.first() },
        (0, true) => quote! { items.first_mut() },
        (index, false) => {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote! { items.get(#index) }
        }
        (index, true) => {
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote! { items.get_mut(#index) }
        }
    }
}

/// The Rust type of a use, including `Option` for `nullable`.
pub fn rust_type(tu: &TypeUse) -> TokenStream {
    let inner = base_type(&tu.ty);
    if tu.nullable {
        quote! { ::std::option::Option<#inner> }
    } else {
        inner
    }
}

/// The Rust type of `ty` without nullability.
pub fn base_type(ty: &Ty) -> TokenStream {
    match ty {
        Ty::Bool => quote! { bool },
        Ty::Int(format) => {
            let ty = quote::format_ident!("{}", format.name().replace("uint", "u").replace("int", "i"));
            quote! { #ty }
        }
        // A `float` is held as `f64`: JSON numbers are doubles, and an `f32` written back out
        // (through `serde_json::Value`) would not be the number that came in (0.842 becomes
        // 0.8420000076293945). Its range is still checked as a float's.
        Ty::F32 => quote! { f64 },
        Ty::F64 => quote! { f64 },
        Ty::String => quote! { ::std::string::String },
        Ty::DateTime => quote! { ::chrono::DateTime<::chrono::Utc> },
        Ty::Date => quote! { ::chrono::NaiveDate },
        Ty::Json => quote! { ::serde_json::Value },
        Ty::Bytes => quote! { ::std::vec::Vec<u8> },
        Ty::Named(name) => {
            let name = ident(name);
            quote! { crate::models::#name }
        }
        Ty::Vec(item) => {
            let item = rust_type(item);
            quote! { ::std::vec::Vec<#item> }
        }
        Ty::Map(value) => {
            let value = rust_type(value);
            quote! { ::std::collections::BTreeMap<::std::string::String, #value> }
        }
        Ty::Tuple(items) => {
            let items = items.iter().map(rust_type);
            quote! { (#(#items,)*) }
        }
        Ty::Mapped { path, .. } => mapped_path(path),
    }
}

/// The configured Rust type of a use that is (an alias of) a [`Ty::Mapped`].
pub fn mapped_of<'a>(api: &'a Api, tu: &'a TypeUse) -> Option<&'a str> {
    match &crate::model::follow_aliases(&api.types, tu).ty {
        Ty::Mapped { path, .. } => Some(path),
        _ => None,
    }
}

/// The configured Rust type `path` (`uuid::Uuid`, `i128`), absolute when it names a crate.
pub fn mapped_path(path: &str) -> TokenStream {
    match syn::parse_str::<syn::Type>(path) {
        Ok(syn::Type::Path(mut ty)) if path.contains("::") && ty.qself.is_none() => {
            ty.path.leading_colon = Some(Default::default());
            quote! { #ty }
        }
        Ok(ty) => quote! { #ty },
        Err(_) => quote! { ::serde_json::Value },
    }
}

/// A numeric literal for comparisons with a value of `ty`, unsuffixed so the compiler infers
/// the type from the comparison.
pub fn num_literal(num: Num, ty: &Ty) -> TokenStream {
    use proc_macro2::Literal;
    let literal = match (ty, num) {
        (Ty::Int(_), Num::Int(v)) => Literal::i64_unsuffixed(v),
        (Ty::F32 | Ty::F64, Num::Int(v)) => Literal::f64_unsuffixed(v as f64),
        (_, Num::Float(v)) if v.is_finite() => Literal::f64_unsuffixed(v),
        (_, Num::Float(_)) => return quote! { f64::MAX },
        (_, Num::Int(v)) => Literal::i64_unsuffixed(v),
    };
    if literal.to_string().starts_with('-') {
        // A negative literal is two tokens; keep it one expression.
        quote! { (#literal) }
    } else {
        quote! { #literal }
    }
}

/// Follows aliases until a type that is not an alias, returning the final use as the JSON
/// holds it: a mapped type (`uuid::Uuid` for `format: uuid`) is its wire type, since checks,
/// samples and coercions work on the JSON. Rust-level code (types, text forms) looks at
/// [`Ty::Mapped`] first.
pub fn resolve_alias<'a>(api: &'a Api, tu: &'a TypeUse) -> std::borrow::Cow<'a, TypeUse> {
    let tu = crate::model::follow_aliases(&api.types, tu);
    match &tu.ty {
        Ty::Mapped { wire, .. } => std::borrow::Cow::Owned(TypeUse { ty: (**wire).clone(), ..tu.clone() }),
        _ => std::borrow::Cow::Borrowed(tu),
    }
}

/// Operations per part of `server.rs` and `client.rs`.
pub const OPERATIONS_PER_PART: usize = 10;

/// A piece of one generated file: whole items, emitted and formatted on a thread of its own.
pub type Part<'a> = Box<dyn Fn() -> TokenStream + Send + Sync + 'a>;

/// Parts for `items`, `size` at a time, each emitted by `emit` with its own copy of `patterns`.
/// Pattern names were fixed up front from the whole spec, so the copies agree.
pub fn chunked<'a, T: Sync>(
    api: &'a Api,
    items: &'a [T],
    size: usize,
    patterns: &validate::Patterns,
    emit: fn(&'a Api, &'a [T], &mut validate::Patterns) -> TokenStream,
) -> Vec<Part<'a>> {
    items
        .chunks(size)
        .map(|chunk| {
            let patterns = patterns.clone();
            Box::new(move || emit(api, chunk, &mut patterns.clone())) as Part<'a>
        })
        .collect()
}

/// Formats `tokens`, whole items, as file text; a file is the concatenation of its parts.
pub fn format_part(tokens: TokenStream, file: &str, spec: &str) -> Result<String, crate::Error> {
    let parsed: syn::File = syn::parse2(tokens).map_err(|e| crate::Error::Internal {
        file: spec.into(),
        message: format!("generated {file} does not parse: {e}"),
    })?;
    Ok(prettyplease::unparse(&parsed))
}

/// Turns `value` (an expression of type `&T`) into its text form.
pub fn to_text(api: &Api, value: TokenStream, tu: &TypeUse) -> TokenStream {
    // A mapped type's text is its JSON's (a configured type must serialize as the schema's
    // value; its `Display`, like chrono's, may write another form).
    let mapped = mapped_of(api, tu).is_some();
    let tu = resolve_alias(api, tu);
    // Each conversion reads its value once, so a value that is one identifier is used as it is.
    let single = {
        let mut tokens = value.clone().into_iter();
        matches!((tokens.next(), tokens.next()), (Some(proc_macro2::TokenTree::Ident(_)), None))
    };
    let subject = if single && !tu.nullable {
        value.clone()
    } else {
        quote! { value }
    };
    // The text of a value's JSON, unquoted when it is a string.
    let via_json = quote! {
        match ::serde_json::to_value(#subject) {
            Ok(::serde_json::Value::String(text)) => text,
            Ok(other) => other.to_string(),
            Err(_) => ::std::string::String::new(),
        }
    };
    let plain = match &tu.ty {
        _ if mapped => via_json,
        Ty::String => quote! { #subject.to_string() },
        Ty::DateTime => quote! { #subject.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true) },
        Ty::Named(name) if matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::StringEnum(_))) => {
            quote! { #subject.as_str().to_string() }
        }
        Ty::Vec(item) => {
            let item = to_text(api, quote! { item }, item);
            quote! { #subject.iter().map(|item| #item).collect::<::std::vec::Vec<_>>().join(",") }
        }
        Ty::Tuple(items) => {
            let parts = items.iter().enumerate().map(|(index, item)| {
                let index = syn::Index::from(index);
                to_text(api, quote! { (&#subject.#index) }, item)
            });
            quote! { [#(#parts),*].join(",") }
        }
        // Unions and other shapes without `Display`: their JSON, unquoted when it is a string.
        Ty::Named(name)
            if matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Union(_) | TypeKind::Struct(_))) =>
        {
            via_json
        }
        _ => quote! { #subject.to_string() },
    };
    let bound = value.to_string() == "value";
    match (tu.nullable, bound || single) {
        (true, true) => quote! { #value.as_ref().map(|value| #plain).unwrap_or_default() },
        (true, false) => quote! { { let value = #value; value.as_ref().map(|value| #plain).unwrap_or_default() } },
        (false, true) => plain,
        (false, false) => quote! { { let value = #value; #plain } },
    }
}

/// The local variable holding a parameter inside generated functions. The prefix keeps
/// parameters named like the function's own locals (`query`, `request`, `errors`) apart from
/// them; `names` never produces a leading `__`.
pub fn local_ident(name: &str) -> proc_macro2::Ident {
    quote::format_ident!("__arg_{}", name.trim_start_matches("r#"))
}

/// The match pattern (over a `u16`) of a documented status: `404u16`, `400u16..=499u16`, `_`.
pub fn status_pattern(status: crate::model::StatusSpec) -> TokenStream {
    match status {
        crate::model::StatusSpec::Code(code) => quote! { #code },
        crate::model::StatusSpec::Range(hundreds) => {
            let (low, high) = (hundreds * 100, hundreds * 100 + 99);
            quote! { #low..=#high }
        }
        crate::model::StatusSpec::Default => quote! { _ },
    }
}

/// Whether a use is (an alias of) an object: a struct, a map or free-form JSON object.
pub fn is_object(api: &Api, tu: &TypeUse) -> bool {
    match &resolve_alias(api, tu).ty {
        Ty::Map(_) => true,
        Ty::Named(name) => matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Struct(_))),
        _ => false,
    }
}
