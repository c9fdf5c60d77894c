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
