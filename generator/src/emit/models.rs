//! Emits `src/models.rs`: one serde type per named schema, with its `Validate` impl.

use super::validate::{Patterns, type_checks};
use super::{doc_attr, resolve_alias, rust_type};
use crate::model::{Api, EnumDef, Field, StructDef, Ty, TypeDef, TypeKind, TypeUse};
use crate::names::ident;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Types per part: big specs are emitted and formatted in parts, on threads of their own.
const TYPES_PER_PART: usize = 30;

/// `models.rs` in parts, to be formatted apart and joined in order: the module doc, the types
/// in groups, then the helpers and pattern statics. The split depends only on the spec, never
/// on the machine, so the output is the same everywhere.
pub fn parts(api: &Api) -> Vec<super::Part<'_>> {
    // Pattern statics are named from one list of every pattern the types use, so parts agree.
    let patterns = Patterns::of_types(api);
    // The checks' vocabulary under a short name, so that a row of a property table fits on a
    // line; no type is named `v` (type names are UpperCamelCase).
    let checked = api.types.iter().any(|t| !matches!(t.kind, TypeKind::Alias(_)) || t.checker.is_some());
    let mut parts: Vec<super::Part<'_>> = vec![Box::new(move || {
        let alias = checked.then(|| quote! { use crate::validation as v; });
        quote! {
            //! Data types of the API, one per schema, with the spec's rules as `Validate` impls.

            #alias
        }
    })];
    parts.extend(super::chunked(api, &api.types, TYPES_PER_PART, &patterns, |api, chunk, patterns| {
        let items = chunk.iter().map(|t| type_def(api, patterns, t));
        quote! { #(#items)* }
    }));
    parts.push(Box::new(move || tail(api, &patterns)));
    parts
}

fn tail(api: &Api, patterns: &Patterns) -> TokenStream {
    let statics = patterns.statics();
    let double_option = api
        .types
        .iter()
        .any(|t| matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| keeps_null(api, f))))
        .then(|| {
            quote! {
                /// Deserializes a present property, null included, as `Some`, so that an optional
                /// nullable property keeps "absent" (`None`) apart from "null" (`Some(None)`).
                fn double_option<'de, T: ::serde::Deserialize<'de>, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<::std::option::Option<T>, D::Error> {
                    T::deserialize(deserializer).map(::std::option::Option::Some)
                }
            }
        });
    quote! {
        #double_option
        #statics
    }
}

fn type_def(api: &Api, patterns: &mut Patterns, def: &TypeDef) -> TokenStream {
    let TypeDef { name, doc, kind, pointer, rejection: _, checker, derives } = def;
    let doc = doc_attr(Some(doc.clone().unwrap_or_else(|| format!("Schema `{pointer}`."))).as_deref());
    // The configuration's derives, in an attribute of their own beside the type's own.
    let doc = match extra_derives(derives) {
        Some(extra) => quote! { #doc #extra },
        None => doc,
    };
    match kind {
        TypeKind::Struct(s) => {
            let item = struct_def(api, name, doc, s);
            let schema = schema_impl(api, patterns, name, kind);
            quote! { #item #schema }
        }
        TypeKind::StringEnum(e) => {
            let item = enum_def(name, doc, e);
            let schema = schema_impl(api, patterns, name, kind);
            quote! { #item #schema }
        }
        TypeKind::Union(u) => {
            let item = union_def(api, patterns, name, doc, u);
            let schema = schema_impl(api, patterns, name, kind);
            quote! { #item #schema }
        }
        TypeKind::Alias(target) => {
            let type_name = ident(name);
            let ty = rust_type(target);
            let check = checker.as_ref().map(|checker| {
                let body = super::validate::alias_checks(api, patterns, target);
                let used =
                    |arg: &str| if body.is_empty() { format_ident!("_{}", arg) } else { format_ident!("{}", arg) };
                let (value, location, errors) = (used("value"), used("location"), used("errors"));
                let checker = ident(checker);
                let doc = format!(" Checks a value of [`{name}`] against its schema's rules.");
                quote! {
                    #[doc = #doc]
                    pub fn #checker(#value: &v::Value, #location: &v::Location<'_>, #errors: &mut v::Errors) {
                        #body
                    }
                }
            });
            quote! { #doc pub type #type_name = #ty; #check }
        }
    }
}

/// `#[derive(Eq, Hash, ::schemars::JsonSchema)]` for the configured derives, `None` for none.
fn extra_derives(derives: &[String]) -> Option<TokenStream> {
    if derives.is_empty() {
        return None;
    }
    let paths = derives.iter().map(|d| {
        if d.contains("::") {
            let segments = d.split("::").map(ident);
            quote! { #(::#segments)* }
        } else {
            let d = ident(d);
            quote! { #d }
        }
    });
    Some(quote! { #[derive(#(#paths),*)] })
}

fn field_type(field: &Field) -> TokenStream {
    let ty = rust_type(&field.ty);
    let ty = if field.boxed {
        quote! { ::std::boxed::Box<#ty> }
    } else {
        ty
    };
    // An optional nullable property is `Option<Option<T>>`: absent, null and a value stay apart.
    if field.required {
        ty
    } else {
        quote! { ::std::option::Option<#ty> }
    }
}

fn schema_impl(api: &Api, patterns: &mut Patterns, name: &str, kind: &TypeKind) -> TokenStream {
    let type_name = ident(name);
    let body = type_checks(api, patterns, kind);
    // Schemas without rules (`{}`) leave the arguments unused; any other check uses all three,
    // except a union whose alternatives have no rules, which may leave `value` unused.
    let text = matches!(kind, TypeKind::Union(_)).then(|| body.to_string());
    let used = |name: &str| {
        let unused = body.is_empty() || text.as_ref().is_some_and(|text| !text.contains(name));
        if unused { format_ident!("_{}", name) } else { format_ident!("{}", name) }
    };
    let (value, location, errors) = (used("value"), used("location"), used("errors"));
    quote! {
        impl v::Schema for #type_name {
            fn check(#value: &v::Value, #location: &v::Location<'_>, #errors: &mut v::Errors) {
                #body
            }
        }
    }
}

fn struct_def(api: &Api, name: &str, doc: TokenStream, def: &StructDef) -> TokenStream {
    // `additionalProperties: false` is enforced by the generated checks, not by serde, so a
    // client keeps decoding responses after a server adds a property.
    // A union tag (`tag`) is written by the union, not stored in the struct.
    let StructDef { fields, deny_unknown: _, min_properties: _, max_properties: _, tag: _, conditions: _, builder } =
        def;
    let type_name = ident(name);
    let has_secret = fields.iter().any(|f| f.secret);
    // Derives by their prelude names: derive macros live in a namespace of their own, which
    // no generated type can shadow, and the short list keeps the attribute on one line.
    let debug = (!has_secret).then(|| quote! { Debug, });
    let field_items = fields.iter().map(|f| struct_field(api, f));
    let debug_impl = has_secret.then(|| redacted_debug(name, fields));
    let default_impl = default_impl(api, name, fields);
    let constructor = match builder {
        Some(builder) => builder_def(api, name, builder, fields, has_secret),
        None => constructor(api, name, fields),
    };
    quote! {
        #doc
        #[derive(#debug Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #type_name {
            #(#field_items)*
        }
        #constructor
        #debug_impl
        #default_impl
    }
}

/// `new` taking the required properties that have no spec default; the others get their
/// default, optional ones are left out.
fn constructor(api: &Api, name: &str, fields: &[Field]) -> TokenStream {
    let type_name = ident(name);
    let mut args = Vec::new();
    let mut values = Vec::new();
    for field in fields {
        let field_name = ident(&field.name);
        let left_out = !field.required;
        let value = if left_out {
            quote! { ::std::option::Option::None }
        } else if let Some(value) = field.default.as_ref().and_then(|d| default_value(api, &field.ty, d)) {
            value
        } else {
            let ty = rust_type(&field.ty);
            args.push(quote! { #field_name: #ty });
            quote! { #field_name }
        };
        let shorthand = field_name == value.to_string();
        // A left-out optional field is `Option<Box<T>>`: `None` needs no box.
        let value = if field.boxed && !left_out {
            quote! { ::std::boxed::Box::new(#value) }
        } else {
            value
        };
        values.push(if shorthand && !field.boxed {
            quote! { #field_name, }
        } else {
            quote! { #field_name: #value, }
        });
    }
    let doc = format!(" `{name}` from its required properties; the others take the spec's default or are left out.");
    let allow = fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow
        impl #type_name {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#values)* }
            }
        }
    }
}

/// `X::builder()` and the builder (see the `builder!` macro of the runtime's `validation.rs`):
/// a setter per property, then `build()`, which reports every required property not given.
/// Required properties with a spec default and optional ones with one take it when not set;
/// other optional ones are left out.
fn builder_def(api: &Api, name: &str, builder: &str, fields: &[Field], has_secret: bool) -> TokenStream {
    let type_name = ident(name);
    let builder_name = ident(builder);
    let (mut need, mut default, mut optional, mut optional_default) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for f in fields {
        let field = ident(&f.name);
        // A boxed field's slot holds the box; its setter takes the value (`T: Into<Box<T>>`).
        let ty = rust_type(&f.ty);
        let ty = if f.boxed {
            quote! { ::std::boxed::Box<#ty> }
        } else {
            ty
        };
        let value = f.default.as_ref().and_then(|d| default_value(api, &f.ty, d)).map(|value| {
            if f.boxed {
                quote! { ::std::boxed::Box::new(#value) }
            } else {
                value
            }
        });
        match (f.required, value) {
            (true, None) => need.push(quote! { #field: #ty }),
            (true, Some(value)) => default.push(quote! { #field: #ty = #value }),
            (false, None) => optional.push(quote! { #field: #ty }),
            (false, Some(value)) => optional_default.push(quote! { #field: #ty = #value }),
        }
    }
    let debug = (!has_secret).then(|| quote! { Debug, });
    let type_doc = format!(" Builds a [`{name}`] property by property; `build()` reports every required one not set.");
    let new_doc = format!(" A [`{builder}`]: set each property by name, then `build()`.");
    quote! {
        impl #type_name {
            #[doc = #new_doc]
            pub fn builder() -> #builder_name {
                // Qualified: a property named `default` has a setter of that name.
                <#builder_name as ::std::default::Default>::default()
            }
        }
        crate::validation::builder! {
            #[doc = #type_doc]
            #[derive(#debug Clone, Default)]
            #builder_name => #type_name {
                need { #(#need),* }
                default { #(#default),* }
                optional { #(#optional),* }
                optional_default { #(#optional_default),* }
            }
        }
    }
}

/// Whether an optional property may be null, through its own `nullable`, an alias on the way
/// to its type (GitHub's `dismissed_at` refers to a nullable alias) or a type that takes any
/// value: then "absent" and "null" are told apart.
fn keeps_null(api: &Api, field: &Field) -> bool {
    !field.required && !field.flatten && crate::model::admits_null(&api.types, &field.ty)
}

fn struct_field(api: &Api, field: &Field) -> TokenStream {
    let Field {
        name,
        wire_name,
        doc,
        ty: _,
        required,
        response_required: _,
        default: _,
        secret,
        boxed: _,
        deprecated,
        flatten,
    } = field;
    if *flatten {
        let field_name = ident(name);
        let field_ty = field_type(field);
        let doc = doc_attr(doc.as_deref());
        return quote! { #doc #[serde(flatten)] pub #field_name: #field_ty, };
    }
    let doc = doc_attr(doc.as_deref());
    let secret_doc =
        secret.then(|| quote! { #[doc = ""] #[doc = " Secret: `Debug` output shows `[redacted]` instead."] });
    let rename = (name.trim_start_matches("r#") != wire_name).then(|| quote! { #[serde(rename = #wire_name)] });
    // An absent optional property is `None`; for a nullable one, null is `Some(None)`.
    let optional = match (required, keeps_null(api, field)) {
        (true, _) => TokenStream::new(),
        (false, false) => quote! { #[serde(default, skip_serializing_if = "::std::option::Option::is_none")] },
        (false, true) => quote! {
            #[serde(default, skip_serializing_if = "::std::option::Option::is_none", deserialize_with = "double_option")]
        },
    };
    let deprecated = deprecated.then(|| quote! { #[deprecated] });
    let field_name = ident(name);
    let field_ty = field_type(field);
    quote! {
        #doc
        #secret_doc
        #deprecated
        #rename
        #optional
        pub #field_name: #field_ty,
    }
}

fn redacted_debug(name: &str, fields: &[Field]) -> TokenStream {
    let type_name = ident(name);
    let entries = fields.iter().map(|f| {
        let field = ident(&f.name);
        let label = f.name.trim_start_matches("r#");
        if f.secret {
            quote! { .field(#label, &"[redacted]") }
        } else {
            quote! { .field(#label, &self.#field) }
        }
    });
    let allow = fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
    quote! {
        #allow
        impl ::std::fmt::Debug for #type_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#name) #(#entries)* .finish()
            }
        }
    }
}

/// Whether the named type gets an `impl Default`.
pub fn has_default(api: &Api, name: &str) -> bool {
    match api.type_def(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(s)) => default_impl(api, name, &s.fields).is_some(),
        _ => false,
    }
}

/// `impl Default` when every field is optional or has a spec default that can be written as a
/// Rust expression. Required fields take their spec default, so a body built with
/// `Default::default()` is what the spec says a client gets when it says nothing.
fn default_impl(api: &Api, name: &str, fields: &[Field]) -> Option<TokenStream> {
    // A struct whose every property is optional or defaulted has a `Default`, so `new()` without
    // arguments always comes with one.
    let mut values = Vec::new();
    for field in fields {
        let field_name = ident(&field.name);
        let value = match (&field.default, field.required) {
            (Some(default), true) => {
                let value = default_value(api, &field.ty, default)?;
                if field.boxed {
                    quote! { ::std::boxed::Box::new(#value) }
                } else {
                    value
                }
            }
            (_, false) => quote! { ::std::option::Option::None },
            (None, true) => return None,
        };
        values.push(quote! { #field_name: #value, });
    }
    let type_name = ident(name);
    let doc = format!(" The spec's defaults for `{name}`.");
    let allow = fields.iter().any(|f| f.deprecated).then(|| quote! { #[allow(deprecated)] });
    Some(quote! {
        #allow
        impl ::std::default::Default for #type_name {
            #[doc = #doc]
            fn default() -> Self {
                Self { #(#values)* }
            }
        }
    })
}

/// A Rust expression for a spec default, or `None` when it cannot be written for this type.
fn default_value(api: &Api, tu: &TypeUse, value: &serde_json::Value) -> Option<TokenStream> {
    if tu.nullable {
        if value.is_null() {
            return Some(quote! { ::std::option::Option::None });
        }
        let inner = default_value(api, &TypeUse { nullable: false, ..tu.clone() }, value)?;
        return Some(quote! { ::std::option::Option::Some(#inner) });
    }
    // A configured type's value is built by its own crate, not written here.
    if super::mapped_of(api, tu).is_some() {
        return None;
    }
    let resolved = resolve_alias(api, tu);
    Some(match (&resolved.ty, value) {
        (Ty::Bool, serde_json::Value::Bool(b)) => quote! { #b },
        (Ty::Int(format), v) => {
            if !format.holds(v.as_i64()?.into()) {
                return None;
            }
            super::num_literal(crate::model::Num::Int(v.as_i64()?), &resolved.ty)
        }
        (Ty::F32 | Ty::F64, v) => super::num_literal(crate::model::Num::Float(v.as_f64()?), &resolved.ty),
        (Ty::String, serde_json::Value::String(s)) => quote! { ::std::string::String::from(#s) },
        (Ty::Named(name), serde_json::Value::String(s)) => {
            let Some(TypeKind::StringEnum(e)) = api.type_def(name).map(|t| &t.kind) else { return None };
            let variant = e.variants.iter().find(|v| v.wire == *s)?;
            let type_name = ident(name);
            let variant = ident(&variant.name);
            quote! { crate::models::#type_name::#variant }
        }
        (Ty::Vec(_), serde_json::Value::Array(items)) if items.is_empty() => quote! { ::std::vec::Vec::new() },
        _ => return None,
    })
}

fn enum_def(name: &str, doc: TokenStream, def: &EnumDef) -> TokenStream {
    let EnumDef { variants, unknown } = def;
    let type_name = ident(name);
    let unknown = ident(unknown);
    let variant_items = variants.iter().map(|crate::model::EnumVariant { name, wire, doc }| {
        let variant = ident(name);
        let value = format!(" `{wire}`");
        let doc = doc.as_deref().map(|doc| {
            let doc = doc_attr(Some(doc));
            quote! { #doc #[doc = ""] }
        });
        quote! { #doc #[doc = #value] #variant, }
    });
    let as_str = variants.iter().map(|v| {
        let (variant, wire) = (ident(&v.name), &v.wire);
        quote! { Self::#variant => #wire, }
    });
    let from_str = variants.iter().map(|v| {
        let (variant, wire) = (ident(&v.name), &v.wire);
        quote! { #wire => Self::#variant, }
    });
    let from_wire = if variants.is_empty() {
        quote! { Self::#unknown(value.to_string()) }
    } else {
        quote! {
            match value {
                #(#from_str)*
                other => Self::#unknown(other.to_string()),
            }
        }
    };
    quote! {
        #doc
        ///
        /// Values this crate does not know yet are kept in the last variant, so a server adding a
        /// value does not break deserialization.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum #type_name {
            #(#variant_items)*
            /// A value not listed in the spec.
            #unknown(::std::string::String),
        }

        impl #type_name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#unknown(value) => value,
                }
            }

            /// Parses a wire value; unknown values are kept, not refused.
            pub fn from_wire(value: &str) -> Self {
                #from_wire
            }
        }

        impl ::std::fmt::Display for #type_name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for #type_name {
            type Err = ::std::convert::Infallible;
            fn from_str(value: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from_wire(value))
            }
        }

        impl ::serde::Serialize for #type_name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #type_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(deserializer)?;
                Ok(Self::from_wire(&value))
            }
        }

    }
}

/// Decodes `value` as one alternative and returns it when its checks pass; with `fallback`,
/// one that decodes but breaks a rule is kept in `fallback` instead.
fn shape_try(api: &Api, patterns: &mut Patterns, v: &crate::model::Variant, fallback: bool) -> Option<TokenStream> {
    let variant = ident(&v.name);
    let ty_use = v.ty.as_ref()?;
    let ty = rust_type(ty_use);
    let wrap = if v.boxed {
        quote! { Self::#variant(::std::boxed::Box::new(v)) }
    } else {
        quote! { Self::#variant(v) }
    };
    let checks = super::validate::value_checks(api, patterns, quote! { &value }, quote! { location }, ty_use);
    let keep = fallback.then(|| quote! { fallback.get_or_insert(#wrap); });
    let accept = if checks.is_empty() {
        quote! { return Ok(#wrap); }
    } else {
        quote! {
            #[allow(unused_variables)]
            let passed = crate::validation::passes(|errors| {
                let location = &crate::validation::BODY;
                #checks
            });
            if passed {
                return Ok(#wrap);
            }
            #keep
        }
    };
    Some(quote! {
        if let Ok(v) = ::serde_json::from_value::<#ty>(value.clone()) {
            #accept
        }
    })
}

fn union_def(
    api: &Api,
    patterns: &mut Patterns,
    name: &str,
    doc: TokenStream,
    def: &crate::model::UnionDef,
) -> TokenStream {
    let crate::model::UnionDef { variants, tag, exclusive: _, by_shape } = def;
    let type_name = ident(name);
    let items = variants.iter().map(|v| {
        let variant = ident(&v.name);
        let shown = v.tags.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(", ");
        let selected = match tag {
            Some(property) if !v.tags.is_empty() => Some(format!("`{property}`: {shown}.")),
            _ => None,
        };
        let docs = [v.doc.clone(), selected].into_iter().flatten();
        let docs = docs.map(|d| doc_attr(Some(&d))).collect::<Vec<_>>();
        let docs = docs.iter().enumerate().map(|(i, d)| {
            if i == 0 {
                quote! { #d }
            } else {
                quote! { #[doc = ""] #d }
            }
        });
        match &v.ty {
            Some(ty) => {
                let ty = rust_type(ty);
                let ty = if v.boxed {
                    quote! { ::std::boxed::Box<#ty> }
                } else {
                    ty
                };
                quote! { #(#docs)* #variant(#ty), }
            }
            None => quote! { #(#docs)* #variant, },
        }
    });
    let unknown = tag.as_ref().map(|property| {
        let doc = format!(" A value of `{property}` this crate does not know yet, kept as it came.");
        quote! { #[doc = #doc] Unknown(::serde_json::Value), }
    });
    let serialize_arms = variants.iter().map(|v| {
        let variant = ident(&v.name);
        match (&v.ty, tag, v.tags.first()) {
            (None, Some(property), Some(value)) => quote! {
                Self::#variant => {
                    let mut map = ::serde::Serializer::serialize_map(serializer, ::std::option::Option::Some(1))?;
                    ::serde::ser::SerializeMap::serialize_entry(&mut map, #property, #value)?;
                    ::serde::ser::SerializeMap::end(map)
                }
            },
            (Some(_), Some(property), Some(value)) if v.writes_tag => quote! {
                Self::#variant(value) => {
                    let mut object = ::serde_json::to_value(value).map_err(::serde::ser::Error::custom)?;
                    if let ::serde_json::Value::Object(map) = &mut object {
                        map.insert(#property.into(), #value.into());
                    }
                    ::serde::Serialize::serialize(&object, serializer)
                }
            },
            _ => quote! { Self::#variant(value) => ::serde::Serialize::serialize(value, serializer), },
        }
    });
    let serialize_unknown =
        tag.is_some().then(|| quote! { Self::Unknown(value) => ::serde::Serialize::serialize(value, serializer), });
    let deserialize = match tag {
        Some(property) => {
            let arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
                let variant = ident(&v.name);
                let tags = &v.tags;
                let decode = match &v.ty {
                    None => quote! { Ok(Self::#variant) },
                    Some(_) if v.boxed => quote! {
                        ::serde_json::from_value(value).map(|v| Self::#variant(::std::boxed::Box::new(v))).map_err(::serde::de::Error::custom)
                    },
                    Some(_) => {
                        quote! { ::serde_json::from_value(value).map(Self::#variant).map_err(::serde::de::Error::custom) }
                    }
                };
                quote! { ::std::option::Option::Some(#(#tags)|*) => #decode, }
            });
            // A tag that selects nothing: the alternative whose shape and rules the value meets
            // (the tag is optional, or shared), else kept as it came.
            let tries = by_shape.iter().filter_map(|&i| shape_try(api, patterns, &variants[i], false));
            quote! {
                match value.get(#property).and_then(::serde_json::Value::as_str) {
                    #(#arms)*
                    _ => {
                        #(#tries)*
                        Ok(Self::Unknown(value))
                    }
                }
            }
        }
        None => {
            // Untagged: the first alternative (most demanding first) that decodes and passes its
            // checks; serde alone ignores unknown properties and most rules, so an object would
            // fit a looser alternative it breaks. An alternative that decodes but breaks a rule
            // is kept as a fallback, so values a server sends are still read.
            let tries = variants.iter().filter_map(|v| shape_try(api, patterns, v, true));
            let message = format!("the value matches none of the alternatives of {name}");
            quote! {
                #[allow(unused_mut)]
                let mut fallback: ::std::option::Option<Self> = ::std::option::Option::None;
                #(#tries)*
                fallback.ok_or_else(|| ::serde::de::Error::custom(#message))
            }
        }
    };
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        pub enum #type_name {
            #(#items)*
            #unknown
        }

        impl ::serde::Serialize for #type_name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    #serialize_unknown
                }
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #type_name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #deserialize
            }
        }
    }
}
