//! Emits the checks for one JSON value against one schema: types, required properties,
//! unknown properties and every rule, turned into straight-line Rust so nothing interprets the
//! spec at run time.
//!
//! The checks read `serde_json::Value`, not the typed models, so that one pass reports every
//! violation (a typed deserializer stops at the first) and so that the client (which serializes
//! its typed request) and the server (which parses the request) run the very same code.

use super::{num_literal, resolve_alias};
use crate::model::{Api, Bound, IntFormat, Num, Rules, StringFormat, StructDef, Ty, TypeKind, TypeUse};
use crate::names::ident;
use crate::pattern::{Engine, Pattern};
use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

/// Collects the regular expressions the checks use, so each is compiled once per process.
#[derive(Default, Clone)]
pub struct Patterns {
    list: Vec<Pattern>,
}

impl Patterns {
    /// Every pattern that the `Schema` impls and alias check functions of `api`'s types check,
    /// sorted, so that parts emitted apart agree on names. An alias without a check function
    /// is checked inline where it is used, so it is followed from there.
    pub fn of_types(api: &Api) -> Self {
        let mut found = std::collections::BTreeMap::new();
        for def in &api.types {
            let uses: Vec<&TypeUse> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().filter_map(|v| v.ty.as_ref()).collect(),
                TypeKind::Alias(target) if def.checker.is_some() => vec![target],
                TypeKind::StringEnum(_) | TypeKind::Alias(_) => Vec::new(),
            };
            for tu in uses {
                collect_patterns(api, tu, &mut found, 0);
            }
        }
        Patterns { list: found.into_values().collect() }
    }

    /// Every pattern that the parameters and bodies of `operations` check, sorted. Their checks
    /// are inline, so aliases are followed, except those with a check function in `models.rs`.
    pub fn of_operations<'a>(api: &Api, operations: impl IntoIterator<Item = &'a crate::model::Operation>) -> Self {
        // JSON and form bodies are checked against their schema, multipart forms part by part.
        fn checked_body(op: &crate::model::Operation) -> Vec<&TypeUse> {
            let Some(body) = op.body.as_ref() else { return Vec::new() };
            let own = match body.kind {
                crate::model::MediaKind::Json | crate::model::MediaKind::Form => Some(&body.ty),
                _ => None,
            };
            own.into_iter().chain(body.checked_parts()).collect()
        }
        let uses = operations.into_iter().flat_map(|op| op.params.iter().map(|p| &p.ty).chain(checked_body(op)));
        let mut found = std::collections::BTreeMap::new();
        for tu in uses {
            collect_patterns(api, tu, &mut found, 0);
        }
        Patterns { list: found.into_values().collect() }
    }

    fn static_name(&mut self, pattern: &Pattern) -> proc_macro2::Ident {
        let index = match self.list.iter().position(|p| p.source == pattern.source) {
            Some(i) => i,
            None => {
                self.list.push(pattern.clone());
                self.list.len() - 1
            }
        };
        format_ident!("PATTERN_{}", index)
    }

    /// The `static` items for every pattern used so far.
    pub fn statics(&self) -> TokenStream {
        let items = self.list.iter().enumerate().map(|(i, Pattern { source: pattern, engine })| {
            let name = format_ident!("PATTERN_{}", i);
            let doc = format!(" `{}`", pattern.replace('`', "'"));
            let engine = match engine {
                Engine::Fancy => quote! { ::fancy_regex::Regex },
                Engine::Lite => quote! { ::regex_lite::Regex },
                Engine::Regex | Engine::Native(_) => quote! { ::regex::Regex },
            };
            quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<#engine> = ::std::sync::LazyLock::new(|| {
                    // The generator compiled this pattern with the same engine, so it cannot fail.
                    #engine::new(#pattern).expect("pattern was checked at generation time")
                });
            }
        });
        quote! { #(#items)* }
    }
}

/// The engine-compiled patterns `tu` checks inline: its own, its items' and its aliases' (a
/// named struct or union checks its own through its `Schema` impl).
fn collect_patterns(api: &Api, tu: &TypeUse, found: &mut std::collections::BTreeMap<String, Pattern>, depth: usize) {
    if depth > 64 {
        return;
    }
    if let Some(pattern) = tu.rules.pattern.as_ref().filter(|p| !matches!(p.engine, Engine::Native(_))) {
        found.insert(pattern.source.clone(), pattern.clone());
    }
    if let Some(key) = &tu.rules.property_names {
        collect_patterns(api, key, found, depth + 1);
    }
    match &tu.ty {
        Ty::Vec(inner) | Ty::Map(inner) => collect_patterns(api, inner, found, depth + 1),
        Ty::Tuple(items) => items.iter().for_each(|item| collect_patterns(api, item, found, depth + 1)),
        Ty::Named(name) => {
            // An alias with a check function checks its patterns in `models.rs`, unless the
            // use adds rules, which writes its checks out where it is used.
            if let Some(def) = api.type_def(name)
                && let TypeKind::Alias(target) = &def.kind
                && (def.checker.is_none() || tu.rules != Rules::default())
            {
                collect_patterns(api, target, found, depth + 1);
            }
        }
        _ => {}
    }
}

fn violation(location: &TokenStream, rule: &str, message: impl quote::ToTokens) -> TokenStream {
    quote! { crate::validation::fail(errors, #location, #rule, #message); }
}

/// `value` read as the JSON type a check needs, through a runtime helper that records the type
/// violation: statements running `rules` on the typed value (bound to `value` or `items` or
/// `object`), or just the type check when there are no rules.
fn typed(helper: &str, bind: &str, value: &TokenStream, location: &TokenStream, rules: TokenStream) -> TokenStream {
    let helper = format_ident!("{}", helper);
    let bind = format_ident!("{}", bind);
    if rules.is_empty() {
        quote! { crate::validation::#helper(#value, #location, errors); }
    } else {
        quote! {
            if let ::std::option::Option::Some(#bind) = crate::validation::#helper(#value, #location, errors) {
                #rules
            }
        }
    }
}

/// Statements checking `value` (an expression of type `&serde_json::Value`) against `tu`, with
/// `location` (an expression of type `&Location`) and `errors` in scope.
pub fn value_checks(
    api: &Api,
    patterns: &mut Patterns,
    value: TokenStream,
    location: TokenStream,
    tu: &TypeUse,
) -> TokenStream {
    checks(api, patterns, &value, &location, tu, 0)
}

fn checks(
    api: &Api,
    patterns: &mut Patterns,
    value: &TokenStream,
    location: &TokenStream,
    tu: &TypeUse,
    depth: usize,
) -> TokenStream {
    let inner = non_null_checks(api, patterns, value, location, tu, depth);
    if tu.nullable {
        if inner.is_empty() {
            return inner;
        }
        quote! { if !#value.is_null() { #inner } }
    } else {
        inner
    }
}

fn type_error(location: &TokenStream, expected: &str) -> TokenStream {
    violation(location, "type", format!("must be {expected}"))
}

fn non_null_checks(
    api: &Api,
    patterns: &mut Patterns,
    value: &TokenStream,
    location: &TokenStream,
    tu: &TypeUse,
    depth: usize,
) -> TokenStream {
    let rules = &tu.rules;
    match &tu.ty {
        // The JSON of a mapped type is checked as the schema's own type.
        Ty::Mapped { wire, .. } => {
            let wire = TypeUse { ty: (**wire).clone(), ..tu.clone() };
            non_null_checks(api, patterns, value, location, &wire, depth)
        }
        Ty::Json if !rules.allowed.is_empty() => {
            // Allowed values of any JSON type (`enum: [null]`), compared as JSON text.
            let texts = rules.allowed.iter().map(|v| v.to_string());
            let shown = rules.allowed.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ");
            let push = violation(location, "enum", format!("must be one of {shown}"));
            quote! { if ![#(#texts),*].contains(&#value.to_string().as_str()) { #push } }
        }
        Ty::Json | Ty::Bytes => TokenStream::new(),
        Ty::Bool => typed("boolean", "value", value, location, allowed_check(location, &Ty::Bool, &rules.allowed)),
        Ty::Int(IntFormat::I32) => typed("int32", "value", value, location, number_rules(location, &tu.ty, rules)),
        Ty::Int(IntFormat::I64) => typed("int64", "value", value, location, number_rules(location, &tu.ty, rules)),
        // Other sizes are read as an `i128` known to be in the format's range.
        Ty::Int(format) => {
            let (name, (min, max)) = (format.name(), format.range());
            let (min, max) = (Literal::i128_unsuffixed(min), Literal::i128_unsuffixed(max));
            let rules = number_rules(location, &tu.ty, rules);
            let read = quote! { crate::validation::integer(#value, #location, errors, #name, #min, #max) };
            if rules.is_empty() {
                quote! { #read; }
            } else {
                quote! { if let ::std::option::Option::Some(value) = #read { #rules } }
            }
        }
        Ty::F32 => typed("float32", "value", value, location, number_rules(location, &tu.ty, rules)),
        Ty::F64 => typed("float64", "value", value, location, number_rules(location, &tu.ty, rules)),
        Ty::String | Ty::DateTime | Ty::Date => {
            typed("string", "value", value, location, string_rules(patterns, location, &tu.ty, rules))
        }
        Ty::Vec(item) => {
            let array_rules = array_rules(location, rules);
            let item_checks = checks(api, patterns, &quote! { item }, &quote! { location }, item, depth + 1);
            let each = (!item_checks.is_empty()).then(|| {
                quote! {
                    for (index, item) in items.iter().enumerate() {
                        let location = &#location.index(index);
                        #item_checks
                    }
                }
            });
            typed("array", "items", value, location, quote! { #array_rules #each })
        }
        Ty::Tuple(types) => {
            let array_rules = array_rules(location, rules);
            let each = types.iter().enumerate().filter_map(|(index, ty)| {
                let checks = checks(api, patterns, &quote! { item }, &quote! { location }, ty, depth + 1);
                (!checks.is_empty()).then(|| {
                    let get = super::item_at(index, false);
                    let index = Literal::usize_unsuffixed(index);
                    quote! {
                        if let ::std::option::Option::Some(item) = #get {
                            let location = &#location.index(#index);
                            #checks
                        }
                    }
                })
            });
            typed("array", "items", value, location, quote! { #array_rules #(#each)* })
        }
        Ty::Map(item) => {
            let item_checks = checks(api, patterns, &quote! { item }, &quote! { location }, item, depth + 1);
            let each = (!item_checks.is_empty()).then(|| {
                quote! {
                    for (key, item) in object {
                        let location = &#location.key(key);
                        #item_checks
                    }
                }
            });
            // `propertyNames`: each key, as a string, meets the key schema.
            let keys = rules.property_names.as_ref().and_then(|key| {
                let key_checks = checks(api, patterns, &quote! { key }, &quote! { location }, key, depth + 1);
                (!key_checks.is_empty()).then(|| {
                    quote! {
                        for name in object.keys() {
                            let key = &::serde_json::Value::String(name.clone());
                            let location = &#location.key(name);
                            #key_checks
                        }
                    }
                })
            });
            let counts = property_counts(location, rules.min_properties, rules.max_properties);
            typed("object", "object", value, location, quote! { #counts #keys #each })
        }
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            // Aliases cannot carry trait impls (`type Pets = Vec<Pet>`), so their checks are
            // expanded where they are used. Depth bounds alias chains through arrays.
            Some(TypeKind::Alias(target)) if depth < 16 => {
                let checker = api.type_def(name).and_then(|t| t.checker.as_ref());
                match checker {
                    // The alias's own function, when the use adds no rules.
                    Some(checker) if tu.rules == Rules::default() => {
                        let checker = ident(checker);
                        let call = quote! { crate::models::#checker(#value, #location, errors); };
                        if tu.nullable && !resolve_alias(api, target).nullable {
                            quote! { if !#value.is_null() { #call } }
                        } else {
                            call
                        }
                    }
                    _ => alias_expansion(api, patterns, value, location, (tu.nullable, &tu.rules), target, depth),
                }
            }
            Some(kind @ (TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::Union(_))) => {
                let name = ident(name);
                // Rules added where the type is used (`allOf: [$ref: Enum, {maxLength: 3}]`).
                let extra = (matches!(kind, TypeKind::StringEnum(_)) && *rules != Rules::default()).then(|| {
                    let rules = string_rules(patterns, location, &Ty::String, rules);
                    typed("string", "value", value, location, rules)
                });
                quote! {
                    <crate::models::#name as crate::validation::Schema>::check(#value, #location, errors);
                    #extra
                }
            }
            _ => TokenStream::new(),
        },
    }
}

/// The checks of a use of an alias of `target`, written out; `(nullable, rules)` are what the
/// use adds.
fn alias_expansion(
    api: &Api,
    patterns: &mut Patterns,
    value: &TokenStream,
    location: &TokenStream,
    (nullable, rules): (bool, &Rules),
    target: &TypeUse,
    depth: usize,
) -> TokenStream {
    // Null is allowed when any alias on the way allows it, not only the last.
    let nullable = nullable || crate::model::admits_null(&api.types, target);
    let target = resolve_alias(api, target);
    let target = TypeUse { nullable: target.nullable || nullable, ..target.into_owned() };
    let merged = merge_rules(&target, rules);
    // Through `checks`: an alias of a nullable schema takes null.
    checks(api, patterns, value, location, &merged, depth + 1)
}

/// The body of an alias's check function (`TypeDef::checker`), with `value`, `location` and
/// `errors` in scope.
pub fn alias_checks(api: &Api, patterns: &mut Patterns, target: &TypeUse) -> TokenStream {
    alias_expansion(api, patterns, &quote! { value }, &quote! { location }, (false, &Rules::default()), target, 0)
}

/// Rules stated at a use site on top of those of the alias it refers to.
fn merge_rules(target: &TypeUse, extra: &Rules) -> TypeUse {
    let mut merged = target.clone();
    if *extra != Rules::default() {
        let r = &mut merged.rules;
        r.minimum = r.minimum.or(extra.minimum);
        r.maximum = r.maximum.or(extra.maximum);
        r.min_length = r.min_length.or(extra.min_length);
        r.max_length = r.max_length.or(extra.max_length);
        r.pattern = r.pattern.clone().or_else(|| extra.pattern.clone());
    }
    merged
}

/// The body of `Schema::check` for a named type, with `value`, `location` and `errors` in scope.
pub fn type_checks(api: &Api, patterns: &mut Patterns, kind: &TypeKind) -> TokenStream {
    match kind {
        TypeKind::Struct(def) => struct_checks(api, patterns, def),
        TypeKind::StringEnum(e) => {
            let values = e.variants.iter().map(|v| v.wire.as_str());
            let shown = e.variants.iter().map(|v| v.wire.as_str()).collect::<Vec<_>>().join(", ");
            let not_allowed = violation(&quote! { location }, "enum", format!("must be one of: {shown}"));
            let wrong = type_error(&quote! { location }, "a string");
            let known = (!e.variants.is_empty()).then(|| quote! { ::std::option::Option::Some(#(#values)|*) => {} });
            quote! {
                match value.as_str() {
                    #known
                    ::std::option::Option::Some(_) => { #not_allowed }
                    ::std::option::Option::None => { #wrong }
                }
            }
        }
        TypeKind::Alias(tu) => value_checks(api, patterns, quote! { value }, quote! { location }, tu),
        TypeKind::Union(union) => union_checks(api, patterns, union),
    }
}

fn union_checks(api: &Api, patterns: &mut Patterns, union: &crate::model::UnionDef) -> TokenStream {
    let crate::model::UnionDef { variants, tag, exclusive, by_shape } = union;
    let Some(property) = tag else {
        return shape_checks(api, patterns, variants.iter(), *exclusive);
    };
    // The tag picks the one alternative to check: "exactly one" holds by construction.
    let arms = variants.iter().filter(|v| !v.tags.is_empty()).map(|v| {
        let tags = &v.tags;
        let checks = match &v.ty {
            Some(ty) => checks(api, patterns, &quote! { value }, &quote! { location }, ty, 0),
            None if v.closed => quote! {
                if let ::std::option::Option::Some(object) = crate::validation::object(value, location, errors) {
                    crate::validation::only_properties(object, &[#property], location, errors);
                }
            },
            None => type_checks_object(&quote! { location }),
        };
        quote! { ::std::option::Option::Some(#(#tags)|*) => { #checks } }
    });
    let arms: Vec<TokenStream> = arms.collect();
    let otherwise = if by_shape.is_empty() {
        let known: Vec<&str> = variants.iter().flat_map(|v| v.tags.iter().map(String::as_str)).collect();
        let message = format!("must be one of: {}", known.join(", "));
        quote! {
            let location = &location.key(#property);
            errors.push(crate::validation::Violation::new(location, "discriminator", #message));
        }
    } else {
        // The tag is optional or shared: the value is held to `oneOf`/`anyOf` itself.
        shape_checks(api, patterns, by_shape.iter().map(|&i| &variants[i]), *exclusive)
    };
    quote! {
        match value.get(#property).and_then(::serde_json::Value::as_str) {
            #(#arms)*
            _ => { #otherwise }
        }
    }
}

/// `oneOf` (exactly one alternative accepts the value) or `anyOf` (at least one).
fn shape_checks<'a>(
    api: &Api,
    patterns: &mut Patterns,
    variants: impl Iterator<Item = &'a crate::model::Variant>,
    exclusive: bool,
) -> TokenStream {
    let tries: Vec<TokenStream> = variants
        .filter_map(|v| v.ty.as_ref())
        .map(|ty| {
            let checks = checks(api, patterns, &quote! { value }, &quote! { location }, ty, 0);
            if checks.is_empty() {
                return quote! { matched += 1; };
            }
            quote! {
                #[allow(unused_variables)]
                let passed = crate::validation::passes(|errors| { #checks });
                if passed {
                    matched += 1;
                }
            }
        })
        .collect();
    let (rule, too_many) = if exclusive {
        let push = quote! {
            errors.push(crate::validation::Violation::new(location, "oneOf", "must match exactly one alternative, not several"));
        };
        ("oneOf", quote! { if matched > 1 { #push } })
    } else {
        ("anyOf", TokenStream::new())
    };
    quote! {
        let mut matched = 0usize;
        #(#tries)*
        if matched == 0 {
            errors.push(crate::validation::Violation::new(location, #rule, "must match one of the alternatives"));
        }
        #too_many
    }
}

/// The check of an alternative that is nothing but its tag: the value is an object.
fn type_checks_object(location: &TokenStream) -> TokenStream {
    let wrong = type_error(location, "an object");
    quote! { if !value.is_object() { #wrong } }
}

fn struct_checks(api: &Api, patterns: &mut Patterns, def: &StructDef) -> TokenStream {
    let StructDef { fields, deny_unknown, min_properties, max_properties, tag, conditions, builder: _ } = def;
    let sets = conditions.as_ref().map(conditions_check);
    let counts = property_counts(&quote! { location }, *min_properties, *max_properties);
    let location = quote! { location };
    // One table entry per property: its name, presence rule and check, run by
    // `validation::properties`; far fewer tokens than a block of code per property.
    // A flattened union checks the whole object.
    let flattened: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.flatten)
        .map(|f| checks(api, patterns, &quote! { value }, &location, &f.ty, 0))
        .collect();
    let entries: Vec<TokenStream> = fields
        .iter()
        .filter(|f| !f.flatten)
        .filter_map(|field| {
            let wire = &field.wire_name;
            let present = checks(api, patterns, &quote! { field }, &location, &field.ty, 0);
            // A field whose type is an alias of a nullable schema takes null too, as does one
            // whose schema names no type (any value, null included).
            let nullable = crate::model::admits_null(&api.types, &field.ty);
            let presence = match (field.required, nullable) {
                (true, _) => quote! { REQUIRED },
                (false, false) => quote! { OPTIONAL },
                // Absent and null both pass, and there is nothing else to check.
                (false, true) if present.is_empty() => return None,
                (false, true) => quote! { NULLABLE },
            };
            let check = if present.is_empty() {
                quote! { v::any }
            } else if let Some(path) = direct_check(api, &field.ty, true) {
                path
            } else {
                quote! { |field, location, errors| { #present } }
            };
            // `v` is `crate::validation` in `models.rs`, for table rows that fit on a line.
            Some(quote! { (#wire, v::#presence, #check) })
        })
        .collect();
    let field_checks = (!entries.is_empty()).then(|| {
        quote! { v::properties(object, location, errors, &[#(#entries),*]); }
    });
    let unknown = deny_unknown.then(|| {
        let names = fields.iter().map(|f| f.wire_name.as_str()).chain(tag.as_deref());
        quote! { crate::validation::only_properties(object, &[#(#names),*], location, errors); }
    });
    let wrong = type_error(&location, "an object");
    if unknown.is_none() && counts.is_empty() && flattened.is_empty() && sets.is_none() {
        return if entries.is_empty() {
            quote! { if !value.is_object() { #wrong } }
        } else {
            quote! { v::fields(value, location, errors, &[#(#entries),*]); }
        };
    }
    quote! {
        let ::std::option::Option::Some(object) = value.as_object() else {
            #wrong
            return;
        };
        #counts
        #field_checks
        #(#flattened)*
        #sets
        #unknown
    }
}

/// Counts the alternatives whose conditions hold (see [`Conditions`]).
fn conditions_check(sets: &crate::model::Conditions) -> TokenStream {
    let crate::model::Conditions { sets, exclusive } = sets;
    let shown = sets.iter().map(|c| c.describe()).collect::<Vec<_>>().join("; or ");
    let alternatives = sets.iter().map(|c| {
        let crate::model::Condition { required, values, max_properties } = c;
        let values = values.iter().map(|(name, allowed)| {
            let texts = allowed.iter().map(|v| v.to_string());
            quote! { (#name, &[#(#texts),*]) }
        });
        let max = match max_properties {
            Some(max) => {
                let max = Literal::usize_unsuffixed(*max);
                quote! { ::std::option::Option::Some(#max) }
            }
            None => quote! { ::std::option::Option::None },
        };
        quote! { crate::validation::Condition { required: &[#(#required),*], values: &[#(#values),*], max_properties: #max } }
    });
    let (rule, message, fails) = if *exclusive {
        ("oneOf", format!("must have exactly one of: {shown}"), quote! { holding != 1 })
    } else {
        ("anyOf", format!("must have at least one of: {shown}"), quote! { holding == 0 })
    };
    quote! {
        let holding = crate::validation::holding(object, &[#(#alternatives),*]);
        if #fails {
            errors.push(crate::validation::Violation::new(location, #rule, #message));
        }
    }
}

/// A function (`fn(&Value, &Location, &mut Vec<Violation>)`) checking a value of `tu`: the
/// path of a runtime or model check when the use has no rules of its own, else a closure
/// running its checks; `None` when there is nothing to check.
pub fn check_fn(api: &Api, patterns: &mut Patterns, tu: &TypeUse) -> Option<TokenStream> {
    if let Some(path) = direct_check(api, tu, false) {
        return Some(path);
    }
    let checks = value_checks(api, patterns, quote! { value }, quote! { location }, tu);
    (!checks.is_empty()).then(|| quote! { |value, location, errors| { #checks } })
}

/// [`check_fn`], or a function that checks nothing, for the runtime calls that take one.
pub fn check_or_pass(api: &Api, patterns: &mut Patterns, tu: &TypeUse) -> TokenStream {
    check_fn(api, patterns, tu).unwrap_or_else(|| quote! { |_, _, _| {} })
}

/// The path of the runtime or model function checking a use with no rules of its own.
pub fn direct_check_fn(api: &Api, tu: &TypeUse) -> Option<TokenStream> {
    direct_check(api, tu, false)
}

/// A function that checks a use with no rules of its own. `in_models`: the path as
/// `models.rs` writes it, where `v` is `crate::validation` and model types need no prefix.
fn direct_check(api: &Api, tu: &TypeUse, in_models: bool) -> Option<TokenStream> {
    if tu.nullable || tu.rules != Rules::default() {
        return None;
    }
    let v = if in_models {
        quote! { v }
    } else {
        quote! { crate::validation }
    };
    if let Ty::Named(name) = &tu.ty
        && let Some(checker) = api.type_def(name).and_then(|t| t.checker.as_ref())
    {
        let checker = ident(checker);
        return Some(if in_models {
            quote! { #checker }
        } else {
            quote! { crate::models::#checker }
        });
    }
    match &tu.ty {
        Ty::Vec(item) => {
            let item = schema_type(api, item, in_models)?;
            Some(quote! { #v::items::<#item> })
        }
        Ty::Map(item) => {
            let item = schema_type(api, item, in_models)?;
            Some(quote! { #v::values::<#item> })
        }
        // The scalars by name, for a shorter table entry.
        Ty::Bool => Some(quote! { #v::is_boolean }),
        Ty::Int(IntFormat::I32) => Some(quote! { #v::is_int32 }),
        Ty::Int(IntFormat::I64) => Some(quote! { #v::is_int64 }),
        Ty::F64 => Some(quote! { #v::is_float64 }),
        Ty::String => Some(quote! { #v::is_string }),
        Ty::DateTime => Some(quote! { crate::dates::is_date_time }),
        Ty::Date => Some(quote! { crate::dates::is_date }),
        _ => {
            let ty = schema_type(api, tu, in_models)?;
            Some(quote! { #v::check::<#ty> })
        }
    }
}

/// The Rust type whose `Schema` impl checks a use with no rules of its own: a named type, or
/// a scalar the runtime implements `Schema` for (`bool`, `i32`, `i64`, `f64`, `String`, the
/// chrono date types).
fn schema_type(api: &Api, tu: &TypeUse, in_models: bool) -> Option<TokenStream> {
    if tu.nullable || tu.rules != Rules::default() {
        return None;
    }
    match &tu.ty {
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::Union(_)) if in_models => {
                Some(ident(name).into_token_stream())
            }
            Some(TypeKind::Struct(_) | TypeKind::StringEnum(_) | TypeKind::Union(_)) => Some(super::base_type(&tu.ty)),
            // A shared enum (see `share_identical_enums`) is checked as the one it names.
            Some(TypeKind::Alias(target)) => schema_type(api, target, in_models),
            _ => None,
        },
        Ty::Bool | Ty::Int(IntFormat::I32 | IntFormat::I64) | Ty::F64 | Ty::String | Ty::DateTime | Ty::Date => {
            Some(super::base_type(&tu.ty))
        }
        _ => None,
    }
}

fn property_counts(location: &TokenStream, min: Option<usize>, max: Option<usize>) -> TokenStream {
    let min = min.filter(|m| *m > 0).map(|min| {
        let push = violation(location, "minProperties", format!("must have at least {min} properties"));
        let too_few = if min == 1 {
            quote! { object.is_empty() }
        } else {
            let min = Literal::usize_unsuffixed(min);
            quote! { object.len() < #min }
        };
        quote! { if #too_few { #push } }
    });
    let max = max.map(|max| {
        let push = violation(location, "maxProperties", format!("must have at most {max} properties"));
        // `maxProperties: 0` reads as emptiness (clippy's `len_zero`).
        let too_many = if max == 0 {
            quote! { !object.is_empty() }
        } else {
            let max = Literal::usize_unsuffixed(max);
            quote! { object.len() > #max }
        };
        quote! { if #too_many { #push } }
    });
    quote! { #min #max }
}

fn number_rules(location: &TokenStream, ty: &Ty, rules: &Rules) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(bound) = rules.minimum {
        out.extend(bound_check(location, ty, bound, true));
    }
    if let Some(bound) = rules.maximum {
        out.extend(bound_check(location, ty, bound, false));
    }
    if let Some(divisor) = rules.multiple_of {
        out.extend(multiple_check(location, ty, divisor));
    }
    out.extend(allowed_check(location, ty, &rules.allowed));
    out
}

fn bound_check(location: &TokenStream, ty: &Ty, bound: Bound, is_min: bool) -> TokenStream {
    let Bound { value: limit, exclusive } = bound;
    // A bound outside the type's range is always met (or never: then every value breaks it);
    // comparing against it would be an always-true comparison that clippy rejects.
    if let (Ty::Int(format), Num::Int(v)) = (ty, limit)
        && !format.holds(v.into())
    {
        return out_of_range_bound(location, v, is_min);
    }
    // A bound at the end of the type's range (Discord's `minimum: -9223372036854775808` on an
    // int64) holds for every value: no check, which clippy would call an absurd comparison.
    if let (Ty::Int(format), Num::Int(v), false) = (ty, limit, exclusive) {
        let (min, max) = format.range();
        if (is_min && i128::from(v) <= min) || (!is_min && i128::from(v) >= max) {
            return TokenStream::new();
        }
    }
    let literal = num_literal(limit, ty);
    let shown = match limit {
        Num::Int(v) => v.to_string(),
        Num::Float(v) => v.to_string(),
    };
    let (rule, op, message) = match (is_min, exclusive) {
        (true, false) => ("minimum", quote! { < }, format!("must be at least {shown}")),
        (true, true) => ("exclusiveMinimum", quote! { <= }, format!("must be greater than {shown}")),
        (false, false) => ("maximum", quote! { > }, format!("must be at most {shown}")),
        (false, true) => ("exclusiveMaximum", quote! { >= }, format!("must be less than {shown}")),
    };
    let push = violation(location, rule, message);
    quote! { if value #op #literal { #push } }
}

fn out_of_range_bound(location: &TokenStream, limit: i64, is_min: bool) -> TokenStream {
    let impossible = (is_min && limit > 0) || (!is_min && limit < 0);
    if !impossible {
        return TokenStream::new();
    }
    let (rule, message) = if is_min {
        ("minimum", format!("must be at least {limit}"))
    } else {
        ("maximum", format!("must be at most {limit}"))
    };
    violation(location, rule, message)
}

fn multiple_check(location: &TokenStream, ty: &Ty, divisor: Num) -> TokenStream {
    let shown = match divisor {
        Num::Int(v) => v.to_string(),
        Num::Float(v) => v.to_string(),
    };
    let push = violation(location, "multipleOf", format!("must be a multiple of {shown}"));
    let broken = match (ty, divisor) {
        // Every integer is a multiple of 1 (and 0 divides nothing).
        (_, Num::Int(0)) | (Ty::Int(_), Num::Int(1)) => return TokenStream::new(),
        (_, Num::Float(d)) if d == 0.0 || !d.is_finite() => return TokenStream::new(),
        (Ty::Int(_), Num::Int(d)) => {
            let d = num_literal(Num::Int(d), ty);
            quote! { value % #d != 0 }
        }
        (_, divisor) => {
            let d = match divisor {
                Num::Int(v) => v as f64,
                Num::Float(v) => v,
            };
            let d = Literal::f64_unsuffixed(d);
            let value = match ty {
                Ty::F64 => quote! { value },
                Ty::F32 => quote! { f64::from(value) },
                _ => quote! { value as f64 },
            };
            quote! { !crate::validation::is_multiple_of(#value, #d) }
        }
    };
    quote! { if #broken { #push } }
}

fn allowed_check(location: &TokenStream, ty: &Ty, allowed: &[serde_json::Value]) -> TokenStream {
    if allowed.is_empty() {
        return TokenStream::new();
    }
    let literals: Vec<TokenStream> = allowed
        .iter()
        .filter_map(|v| match ty {
            Ty::Bool => v.as_bool().map(|b| quote! { #b }),
            Ty::Int(_) => v.as_i64().map(|n| num_literal(Num::Int(n), ty)),
            _ => v.as_f64().map(|n| num_literal(Num::Float(n), ty)),
        })
        .collect();
    let shown: Vec<String> = allowed.iter().map(|v| v.to_string()).collect();
    let push = violation(location, "enum", format!("must be one of {}", shown.join(", ")));
    quote! { if ![#(#literals),*].contains(&value) { #push } }
}

fn string_rules(patterns: &mut Patterns, location: &TokenStream, ty: &Ty, rules: &Rules) -> TokenStream {
    let mut out = TokenStream::new();
    match ty {
        Ty::DateTime => out.extend(quote! { crate::dates::date_time(value, #location, errors); }),
        Ty::Date => out.extend(quote! { crate::dates::date(value, #location, errors); }),
        _ => {}
    }
    let min = rules.min_length.filter(|m| *m > 0);
    if min.is_some() || rules.max_length.is_some() {
        let min_check = min.map(|min| {
            let push = violation(location, "minLength", format!("must be at least {min} character(s) long"));
            let min = Literal::usize_unsuffixed(min);
            quote! { if length < #min { #push } }
        });
        let max_check = rules.max_length.map(|max| {
            let push = violation(location, "maxLength", format!("must be at most {max} character(s) long"));
            let max = Literal::usize_unsuffixed(max);
            quote! { if length > #max { #push } }
        });
        out.extend(quote! {
            // Lengths count Unicode code points, as JSON Schema does.
            let length = value.chars().count();
            #min_check
            #max_check
        });
    }
    if let Some(pattern) = &rules.pattern {
        let push = violation(location, "pattern", format!("must match the pattern {:?}", pattern.source));
        if let Engine::Native(native) = &pattern.engine {
            let ranges = native.ranges.iter().map(|&(start, end)| {
                let (first, last) = (Literal::character(start), Literal::character(end));
                quote! { (#first, #last) }
            });
            let stray = quote! { !crate::validation::chars_in(value, &[#(#ranges),*]) };
            let mismatch = match (native.min, native.max) {
                (0, None) => stray,
                (1, None) => quote! { value.is_empty() || #stray },
                (min, max) => {
                    let min = (min > 0).then(|| {
                        let min = Literal::u32_unsuffixed(min);
                        quote! { count < #min || }
                    });
                    let max = max.map(|max| {
                        let max = Literal::u32_unsuffixed(max);
                        quote! { count > #max || }
                    });
                    quote! { { let count = value.chars().count(); #min #max #stray } }
                }
            };
            out.extend(quote! { if #mismatch { #push } });
        } else {
            let name = patterns.static_name(pattern);
            // fancy-regex gives up on runaway backtracking; such a value does not match.
            let matches = match pattern.engine {
                Engine::Fancy => quote! { #name.is_match(value).unwrap_or(false) },
                _ => quote! { #name.is_match(value) },
            };
            out.extend(quote! { if !#matches { #push } });
        }
    }
    if let Some(format) = rules.format {
        let helper = match format {
            StringFormat::Uuid => quote! { uuid },
            StringFormat::Ipv4 => quote! { ipv4 },
            StringFormat::Ipv6 => quote! { ipv6 },
            StringFormat::Uri => quote! { uri },
            StringFormat::Email => quote! { email },
        };
        out.extend(quote! { crate::formats::#helper(value, #location, errors); });
    }
    if !rules.allowed.is_empty() {
        let values: Vec<&str> = rules.allowed.iter().filter_map(|v| v.as_str()).collect();
        let shown = values.join(", ");
        let push = violation(location, "enum", format!("must be one of: {shown}"));
        out.extend(quote! { if ![#(#values),*].contains(&value) { #push } });
    }
    out
}

fn array_rules(location: &TokenStream, rules: &Rules) -> TokenStream {
    let mut out = TokenStream::new();
    if let Some(min) = rules.min_items.filter(|m| *m > 0) {
        let push = violation(location, "minItems", format!("must have at least {min} item(s)"));
        let too_few = if min == 1 {
            quote! { items.is_empty() }
        } else {
            let min = Literal::usize_unsuffixed(min);
            quote! { items.len() < #min }
        };
        out.extend(quote! { if #too_few { #push } });
    }
    if let Some(max) = rules.max_items {
        let push = violation(location, "maxItems", format!("must have at most {max} item(s)"));
        let too_many = if max == 0 {
            quote! { !items.is_empty() }
        } else {
            let max = Literal::usize_unsuffixed(max);
            quote! { items.len() > #max }
        };
        out.extend(quote! { if #too_many { #push } });
    }
    if rules.unique_items {
        let push = violation(location, "uniqueItems", "must not contain duplicate items");
        out.extend(quote! { if crate::validation::has_duplicates(items) { #push } });
    }
    out
}
