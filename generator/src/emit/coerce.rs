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
        // A tuple in a form or query is its items, comma-separated, like an array's.
        Ty::Tuple(types) => {
            let each: Vec<TokenStream> = types
                .iter()
                .enumerate()
                .filter_map(|(index, ty)| {
                    let each = coerce(api, quote! { item }, ty, depth + 1);
                    let get = super::item_at(index, true);
                    (!each.is_empty()).then(|| quote! { if let Some(item) = #get { #each } })
                })
                .collect();
            let each = (!each.is_empty()).then(|| {
                quote! {
                    if let ::serde_json::Value::Array(items) = #value {
                        #(#each)*
                    }
                }
            });
            quote! { coerce_array(#value); #each }
        }
        Ty::Map(item) => {
            let each = coerce(api, quote! { item }, item, depth + 1);
            let each = (!each.is_empty()).then(|| {
                quote! {
                    if let ::serde_json::Value::Object(members) = #value {
                        for item in members.values_mut() { #each }
                    }
                }
            });
            quote! { empty_object(#value); #each }
        }
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(def)) => {
                let members = struct_members(api, value.clone(), def, depth);
                quote! { empty_object(#value); #members }
            }
            Some(TypeKind::Union(def)) => union(api, value, def, depth),
            _ => TokenStream::new(),
        },
        _ => TokenStream::new(),
    }
}

/// The coercion of an object's members, and the empty containers a form left out (see
/// [`required_empties`]).
fn struct_members(api: &Api, value: TokenStream, def: &crate::model::StructDef, depth: usize) -> TokenStream {
    // A form writes nothing for an empty object or array, so a required one that may be empty
    // (Stripe's `business_profile: {}`, `enabled_events: []`) arrives absent: it is read as
    // the empty value the request can only have meant.
    let flattened = |value: TokenStream, tu: &TypeUse| coerce(api, value, tu, depth + 1);
    with_flattened(value, def, flattened, |value| form_members(api, value, def, depth))
}

/// [`struct_members`] without the flattened fields.
fn form_members(api: &Api, value: TokenStream, def: &crate::model::StructDef, depth: usize) -> TokenStream {
    let fields: Vec<TokenStream> = required_empties(api, def, false)
        .chain(def.fields.iter().filter(|f| !f.flatten).filter_map(|f| {
            let wire = &f.wire_name;
            let inner = coerce(api, quote! { field }, &f.ty, depth + 1);
            (!inner.is_empty()).then(|| quote! { if let Some(field) = members.get_mut(#wire) { #inner } })
        }))
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

/// Coerces text to a union (Stripe's `trial_end`: `"now"` or an integer; `dob`: an object or
/// `""`). Text becomes the number or boolean it spells when an alternative is one; an object
/// is coerced as the first object alternative that declares all its keys (or the first object
/// alternative); an array as the first array alternative. The union's own check then picks.
fn union(api: &Api, value: TokenStream, def: &crate::model::UnionDef, depth: usize) -> TokenStream {
    let mut alternatives = Vec::new();
    flat_alternatives(api, def, depth, &mut alternatives);
    // One binding, so that the checks below read it without re-borrowing `#value`.
    let bound = quote! { union_value };
    let mut out = TokenStream::new();
    // `key=` is the empty object when no alternative takes text.
    let takes_text = alternatives.iter().any(|t| match &t.ty {
        Ty::String | Ty::Date | Ty::DateTime | Ty::Json | Ty::Bytes => true,
        Ty::Named(name) => matches!(api.type_def(name).map(|d| &d.kind), Some(TypeKind::StringEnum(_))),
        _ => false,
    });
    let takes_object = alternatives.iter().any(|t| match &t.ty {
        Ty::Map(_) => true,
        Ty::Named(name) => matches!(api.type_def(name).map(|d| &d.kind), Some(TypeKind::Struct(_))),
        _ => false,
    });
    if takes_object && !takes_text {
        out.extend(quote! { empty_object(#bound); });
    }
    let scalars = [
        (quote! { Scalar::Integer }, alternatives.iter().any(|t| matches!(t.ty, Ty::Int(_)))),
        (quote! { Scalar::Number }, alternatives.iter().any(|t| matches!(t.ty, Ty::F32 | Ty::F64))),
        (quote! { Scalar::Boolean }, alternatives.iter().any(|t| t.ty == Ty::Bool)),
    ];
    for (scalar, wanted) in scalars {
        if wanted {
            out.extend(quote! { coerce_scalar(#bound, #scalar); });
        }
    }
    let structs = alternatives.iter().map(|t| t.as_ref());
    out.extend(choose_object(api, &bound, structs, |s| struct_members(api, bound.clone(), s, depth + 1)));
    if let Some(Ty::Vec(item)) = alternatives.iter().map(|t| &t.ty).find(|t| matches!(t, Ty::Vec(_))) {
        // `a[0]=x` is the array alternative's, unless an object alternative may take it.
        if !takes_object {
            out.extend(quote! { indexed_array(#bound); });
        }
        let each = coerce(api, quote! { item }, item, depth + 1);
        if !each.is_empty() {
            out.extend(quote! {
                if let ::serde_json::Value::Array(items) = #bound {
                    for item in items.iter_mut() { #each }
                }
            });
        }
    }
    if out.is_empty() {
        return out;
    }
    quote! {
        {
            let #bound: &mut ::serde_json::Value = #value;
            #out
        }
    }
}

/// The alternatives of `def`, aliases resolved, in order; a union among them (`anyOf: [{type:
/// object}, {anyOf: [integer, {enum: [""]}]}]`) brings its own, so text is read as any of them.
fn flat_alternatives<'a>(
    api: &'a Api,
    def: &'a crate::model::UnionDef,
    depth: usize,
    out: &mut Vec<std::borrow::Cow<'a, TypeUse>>,
) {
    for tu in def.variants.iter().filter_map(|v| v.ty.as_ref()) {
        let resolved = resolve_alias(api, tu);
        if let Ty::Named(name) = &resolved.ty
            && let Some(TypeKind::Union(inner)) = api.type_def(name).map(|d| &d.kind)
            && depth < MAX_DEPTH
        {
            flat_alternatives(api, inner, depth + 1, out);
        } else {
            out.push(resolved);
        }
    }
}

/// Statements coercing the parts of a `multipart/form-data` body (`value`, a `&mut
/// serde_json::Value` object of part texts) to `tu`. A part whose property is an object (or
/// a union, a map, any JSON) carries JSON, OpenAPI's default for such parts; the other parts
/// are text, coerced as a form's are.
pub fn coerce_parts(api: &Api, value: TokenStream, tu: &TypeUse) -> TokenStream {
    let tu = resolve_alias(api, tu);
    let Ty::Named(name) = &tu.ty else { return TokenStream::new() };
    match api.type_def(name).map(|t| &t.kind) {
        Some(TypeKind::Struct(def)) => struct_parts(api, value, def),
        // A union of objects (Discord's interaction callbacks): the parts are coerced as the
        // alternative their names select, as a form's object is; the union's check then picks.
        Some(TypeKind::Union(union)) => {
            let bound = quote! { parts_value };
            let structs = union.variants.iter().filter_map(|v| v.ty.as_ref());
            let choose = choose_object(api, &bound, structs, |s| struct_parts(api, bound.clone(), s));
            if choose.is_empty() {
                return TokenStream::new();
            }
            quote! {
                {
                    let #bound: &mut ::serde_json::Value = #value;
                    #choose
                }
            }
        }
        _ => TokenStream::new(),
    }
}

/// The coercion of `bound`, an object, as the object alternative among `alternatives` that
/// declares most of its keys (`object_alternative`), each coerced by `coerce`; empty when no
/// alternative is an object or none needs coercing.
fn choose_object<'a>(
    api: &'a Api,
    bound: &TokenStream,
    alternatives: impl Iterator<Item = &'a TypeUse>,
    coerce: impl Fn(&'a crate::model::StructDef) -> TokenStream,
) -> TokenStream {
    let objects: Vec<(Vec<&str>, TokenStream)> = alternatives
        .filter_map(|t| match &resolve_alias(api, t).ty {
            Ty::Named(name) => match api.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::Struct(s)) => Some((s.fields.iter().map(|f| f.wire_name.as_str()).collect(), coerce(s))),
                _ => None,
            },
            _ => None,
        })
        .collect();
    match objects.as_slice() {
        [(_, only)] => only.clone(),
        [(_, first), ..] if objects.iter().any(|(_, c)| !c.is_empty()) => {
            let keys = objects.iter().map(|(keys, _)| quote! { &[#(#keys),*] });
            let arms = objects.iter().enumerate().skip(1).map(|(i, (_, c))| quote! { #i => { #c } });
            quote! {
                match object_alternative(#bound, &[#(#keys),*]) {
                    #(#arms)*
                    _ => { #first }
                }
            }
        }
        _ => TokenStream::new(),
    }
}

/// [`coerce_parts`] for an object: each part as its property says.
fn struct_parts(api: &Api, value: TokenStream, def: &crate::model::StructDef) -> TokenStream {
    let flattened = |value: TokenStream, tu: &TypeUse| coerce_parts(api, value, tu);
    with_flattened(value, def, flattened, |value| part_members(api, value, def))
}

/// The coercion of an object's members (`members`, given the object), preceded by that of its
/// flattened fields (`flattened`, given the object and the field's type): a flattened union's
/// properties are the object's own, so it coerces the object itself.
fn with_flattened(
    value: TokenStream,
    def: &crate::model::StructDef,
    flattened: impl Fn(TokenStream, &TypeUse) -> TokenStream,
    members: impl FnOnce(TokenStream) -> TokenStream,
) -> TokenStream {
    let bound = quote! { flat_value };
    let each: Vec<TokenStream> = def
        .fields
        .iter()
        .filter(|f| f.flatten)
        .map(|f| flattened(quote! { &mut *#bound }, &f.ty))
        .filter(|c| !c.is_empty())
        .collect();
    if each.is_empty() {
        return members(value);
    }
    let members = members(bound.clone());
    quote! {
        {
            let #bound: &mut ::serde_json::Value = #value;
            #(#each)*
            #members
        }
    }
}

/// [`struct_parts`] without the flattened fields.
fn part_members(api: &Api, value: TokenStream, def: &crate::model::StructDef) -> TokenStream {
    let carries_json = |tu: &TypeUse| match &resolve_alias(api, tu).ty {
        Ty::Map(_) | Ty::Json => true,
        Ty::Named(name) => {
            matches!(api.type_def(name).map(|t| &t.kind), Some(TypeKind::Struct(_) | TypeKind::Union(_)))
        }
        _ => false,
    };
    // A multipart form has no part for an empty array either (OpenAI's skill `files: []`); an
    // empty object is a JSON part, `{}`.
    let empties = required_empties(api, def, true);
    let fields = def.fields.iter().filter(|f| !f.flatten).map(|f| {
        let wire = &f.wire_name;
        let resolved = resolve_alias(api, &f.ty);
        let inner = match &resolved.ty {
            Ty::Vec(item) if carries_json(item) => quote! {
                coerce_array(field);
                if let ::serde_json::Value::Array(items) = field {
                    for item in items.iter_mut() { coerce_scalar(item, Scalar::Json); }
                }
            },
            _ if carries_json(&f.ty) => quote! { coerce_scalar(field, Scalar::Json); },
            _ => coerce(api, quote! { field }, &f.ty, 1),
        };
        // A part is text: `null` is how a nullable number, boolean or array is written as one
        // (Discord's `components=null`), unless the property takes the text `null` itself.
        // An enum takes it only when it lists it (OpenAI's nullable `input_fidelity`).
        let takes_null_text = match &resolved.ty {
            Ty::String | Ty::Json | Ty::Bytes => true,
            Ty::Named(name) => match api.type_def(name).map(|d| &d.kind) {
                Some(TypeKind::StringEnum(def)) => def.variants.iter().any(|v| v.wire == "null"),
                _ => false,
            },
            _ => false,
        };
        let inner = match (crate::model::admits_null(&api.types, &f.ty) && !takes_null_text, inner.is_empty()) {
            (true, true) => quote! { null_text(field); },
            (true, false) => quote! { if !null_text(field) { #inner } },
            (false, _) => inner,
        };
        (!inner.is_empty()).then(|| quote! { if let Some(field) = members.get_mut(#wire) { #inner } })
    });
    let fields: Vec<TokenStream> = empties.chain(fields.flatten()).collect();
    if fields.is_empty() {
        return TokenStream::new();
    }
    quote! {
        if let ::serde_json::Value::Object(members) = #value {
            #(#fields)*
        }
    }
}

/// Statements putting in `members` the empty value of each required property that may be
/// empty (see [`empty_container`]) and is absent.
fn required_empties<'a>(
    api: &'a Api,
    def: &'a crate::model::StructDef,
    arrays_only: bool,
) -> impl Iterator<Item = TokenStream> + 'a {
    def.fields.iter().filter(|f| f.required && !f.flatten).filter_map(move |f| {
        let wire = &f.wire_name;
        let empty = empty_container(api, &f.ty, 0, arrays_only)?;
        Some(quote! { members.entry(#wire).or_insert_with(|| #empty); })
    })
}

/// The empty array (or, unless `arrays_only`, object) a value of `tu` may be, as an
/// expression; `None` when the empty value would break its schema (required properties,
/// `minItems`, `minProperties`) or `tu` is no container.
fn empty_container(api: &Api, tu: &TypeUse, depth: usize, arrays_only: bool) -> Option<TokenStream> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tu = resolve_alias(api, tu);
    let rules = &tu.rules;
    let object = quote! { ::serde_json::Value::Object(::serde_json::Map::new()) };
    match &tu.ty {
        Ty::Vec(_) if rules.min_items.unwrap_or(0) == 0 => {
            Some(quote! { ::serde_json::Value::Array(::std::vec::Vec::new()) })
        }
        Ty::Map(_) if rules.min_properties.unwrap_or(0) == 0 && !arrays_only => Some(object),
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(def))
                if def.min_properties.unwrap_or(0) == 0 && !def.fields.iter().any(|f| f.required) && !arrays_only =>
            {
                Some(object)
            }
            // A union one of whose alternatives may be empty (OpenAI's skill `files`: an array
            // of files or one file).
            Some(TypeKind::Union(union)) => union
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref())
                .find_map(|ty| empty_container(api, ty, depth + 1, arrays_only)),
            _ => None,
        },
        _ => None,
    }
}
