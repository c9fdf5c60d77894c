//! Emits the coercion of form-encoded values: a form carries only text, so before its schema is
//! checked, text where the schema wants a number, a boolean or an array is turned into one.

use super::resolve_alias;
use crate::model::{Api, Ty, TypeKind, TypeUse};
use proc_macro2::TokenStream;
use quote::quote;

/// Nesting followed through named types; recursive schemas stop coercing below it.
const MAX_DEPTH: usize = 6;

/// Statements coercing `value` (an expression of type `&mut serde_json::Value`) to `tu`.
pub fn coerce(api: &Api, value: TokenStream, tu: &TypeUse, depth: usize) -> TokenStream {
    if depth > MAX_DEPTH {
        return TokenStream::new();
    }
    let tu = resolve_alias(api, tu);
    match &tu.ty {
        Ty::Bool => quote! { coerce_scalar(#value, Scalar::Boolean); },
        Ty::Int(_) => quote! { coerce_scalar(#value, Scalar::Integer); },
        Ty::F32 | Ty::F64 => quote! { coerce_scalar(#value, Scalar::Number); },
        Ty::Vec(item) => {
            let each = coerce(api, quote! { item }, item, depth + 1);
            let each = (!each.is_empty()).then(|| {
                quote! {
                    if let ::serde_json::Value::Array(items) = #value {
                        for item in items.iter_mut() { #each }
                    }
                }
            });
            quote! { coerce_array(#value); #each }
        }
        Ty::Map(item) => {
            let each = coerce(api, quote! { item }, item, depth + 1);
            if each.is_empty() {
                return each;
            }
            quote! {
                if let ::serde_json::Value::Object(members) = #value {
                    for item in members.values_mut() { #each }
                }
            }
        }
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(def)) => {
                let fields: Vec<TokenStream> = def
                    .fields
                    .iter()
                    .filter_map(|f| {
                        let wire = &f.wire_name;
                        let inner = coerce(api, quote! { field }, &f.ty, depth + 1);
                        (!inner.is_empty()).then(|| quote! { if let Some(field) = members.get_mut(#wire) { #inner } })
                    })
                    .collect();
                if fields.is_empty() {
                    return TokenStream::new();
                }
                quote! {
                    if let ::serde_json::Value::Object(members) = #value {
                        #(#fields)*
                    }
                }
            }
            _ => TokenStream::new(),
        },
        _ => TokenStream::new(),
    }
}

/// Statements coercing the parts of a `multipart/form-data` body (`value`, a `&mut
/// serde_json::Value` object of part texts) to `tu`. A part whose property is an object (or
/// a union, a map, any JSON) carries JSON, OpenAPI's default for such parts; the other parts
/// are text, coerced as a form's are.
pub fn coerce_parts(api: &Api, value: TokenStream, tu: &TypeUse) -> TokenStream {
    let tu = resolve_alias(api, tu);
    let Ty::Named(name) = &tu.ty else { return TokenStream::new() };
    let Some(TypeKind::Struct(def)) = api.type_def(name).map(|t| &t.kind) else { return TokenStream::new() };
    let carries_json = |tu: &TypeUse| match &resolve_alias(api, tu).ty {
        Ty::Map(_) | Ty::Json => true,
        Ty::Named(name) => {
            matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Struct(_) | TypeKind::Union(_)))
        }
        _ => false,
    };
    let fields = def.fields.iter().map(|f| {
        let wire = &f.wire_name;
        let inner = match &resolve_alias(api, &f.ty).ty {
            Ty::Vec(item) if carries_json(item) => quote! {
                coerce_array(field);
                if let ::serde_json::Value::Array(items) = field {
                    for item in items.iter_mut() { coerce_scalar(item, Scalar::Json); }
                }
            },
            _ if carries_json(&f.ty) => quote! { coerce_scalar(field, Scalar::Json); },
            _ => coerce(api, quote! { field }, &f.ty, 1),
        };
        (!inner.is_empty()).then(|| quote! { if let Some(field) = members.get_mut(#wire) { #inner } })
    });
    let fields: Vec<TokenStream> = fields.flatten().collect();
    if fields.is_empty() {
        return TokenStream::new();
    }
    quote! {
        if let ::serde_json::Value::Object(members) = #value {
            #(#fields)*
        }
    }
}
