//! Emits the checks for one value: the spec's rules turned into straight-line Rust, so nothing
//! interprets the spec at run time.

use super::{num_literal, resolve_alias};
use crate::model::{Api, Bound, Num, Rules, StringFormat, Ty, TypeKind, TypeUse};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Collects the regular expressions the checks use, so each is compiled once per process.
#[derive(Default)]
pub struct Patterns {
    list: Vec<String>,
}

impl Patterns {
    fn static_name(&mut self, pattern: &str) -> proc_macro2::Ident {
        let index = match self.list.iter().position(|p| p == pattern) {
            Some(i) => i,
            None => {
                self.list.push(pattern.to_string());
                self.list.len() - 1
            }
        };
        format_ident!("PATTERN_{}", index)
    }

    /// The `static` items for every pattern used so far.
    pub fn statics(&self) -> TokenStream {
        let items = self.list.iter().enumerate().map(|(i, pattern)| {
            let name = format_ident!("PATTERN_{}", i);
            let doc = format!(" `{}`", pattern.replace('`', "'"));
            quote! {
                #[doc = #doc]
                static #name: ::std::sync::LazyLock<::regex::Regex> = ::std::sync::LazyLock::new(|| {
                    // The generator compiled this pattern with the same engine, so it cannot fail.
                    ::regex::Regex::new(#pattern).expect("pattern was checked at generation time")
                });
            }
        });
        quote! { #(#items)* }
    }
}

/// Statements that check `value` (an expression of type `&T`) located at `location` (an
/// expression of type `&Location`), pushing to `errors`.
pub fn checks(
    api: &Api,
    patterns: &mut Patterns,
    value: TokenStream,
    location: TokenStream,
    tu: &TypeUse,
) -> TokenStream {
    let body = checks_non_null(api, patterns, quote! { value }, &location, tu, 0);
    if body.is_empty() {
        return TokenStream::new();
    }
    if tu.nullable {
        quote! { if let ::std::option::Option::Some(value) = #value { #body } }
    } else if value.to_string() == "value" {
        body
    } else {
        quote! { { let value = #value; #body } }
    }
}

fn checks_non_null(
    api: &Api,
    patterns: &mut Patterns,
    value: TokenStream,
    location: &TokenStream,
    tu: &TypeUse,
    depth: usize,
) -> TokenStream {
    let rules = rule_checks(patterns, &value, location, &tu.ty, &tu.rules);
    let nested = match &tu.ty {
        Ty::Named(name) => named_checks(api, patterns, &value, location, name, depth),
        Ty::Vec(item) => {
            let item_checks = item_checks(api, patterns, item, depth);
            if item_checks.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    for (index, value) in #value.iter().enumerate() {
                        let location = &#location.index(index);
                        #item_checks
                    }
                }
            }
        }
        Ty::Map(item) => {
            let item_checks = item_checks(api, patterns, item, depth);
            if item_checks.is_empty() {
                TokenStream::new()
            } else {
                quote! {
                    for (key, value) in #value.iter() {
                        let location = &#location.key(key);
                        #item_checks
                    }
                }
            }
        }
        _ => TokenStream::new(),
    };
    quote! { #rules #nested }
}

fn item_checks(api: &Api, patterns: &mut Patterns, item: &TypeUse, depth: usize) -> TokenStream {
    let body = checks_non_null(api, patterns, quote! { value }, &quote! { location }, item, depth + 1);
    if body.is_empty() || !item.nullable {
        return body;
    }
    quote! { if let ::std::option::Option::Some(value) = value { #body } }
}

fn named_checks(
    api: &Api,
    patterns: &mut Patterns,
    value: &TokenStream,
    location: &TokenStream,
    name: &str,
    depth: usize,
) -> TokenStream {
    match api.type_def(name).map(|t| &t.kind) {
        // Aliases cannot carry trait impls (`type Pets = Vec<Pet>`), so their rules are
        // expanded where they are used. Depth bounds alias chains through arrays.
        Some(TypeKind::Alias(target)) if depth < 16 => {
            let target = resolve_alias(api, target);
            let body = checks_non_null(api, patterns, value.clone(), location, target, depth + 1);
            if body.is_empty() || !target.nullable {
                body
            } else {
                quote! { if let ::std::option::Option::Some(value) = #value { #body } }
            }
        }
        Some(TypeKind::Struct(_) | TypeKind::StringEnum(_)) => {
            quote! { crate::validation::Validate::validate_into(#value, #location, errors); }
        }
        _ => TokenStream::new(),
    }
}

fn rule_checks(
    patterns: &mut Patterns,
    value: &TokenStream,
    location: &TokenStream,
    ty: &Ty,
    rules: &Rules,
) -> TokenStream {
    let Rules {
        minimum,
        maximum,
        multiple_of,
        min_length,
        max_length,
        pattern,
        min_items,
        max_items,
        unique_items,
        allowed,
        format,
    } = rules;
    let mut out = TokenStream::new();
    if matches!(ty, Ty::I32 | Ty::I64 | Ty::F32 | Ty::F64) {
        if let Some(bound) = minimum {
            out.extend(bound_check(value, location, ty, *bound, true));
        }
        if let Some(bound) = maximum {
            out.extend(bound_check(value, location, ty, *bound, false));
        }
        if let Some(divisor) = multiple_of {
            out.extend(multiple_check(value, location, ty, *divisor));
        }
        if !allowed.is_empty() {
            out.extend(allowed_check(value, location, ty, allowed));
        }
    }
    if matches!(ty, Ty::Bool) && !allowed.is_empty() {
        out.extend(allowed_check(value, location, ty, allowed));
    }
    if matches!(ty, Ty::String) {
        if min_length.is_some_and(|m| m > 0) || max_length.is_some() {
            out.extend(length_checks(value, location, *min_length, *max_length));
        }
        if let Some(pattern) = pattern {
            let name = patterns.static_name(pattern);
            let message = format!("must match the pattern {pattern:?}");
            out.extend(quote! {
                if !#name.is_match(#value) {
                    errors.push(crate::validation::Violation::new(#location, "pattern", #message));
                }
            });
        }
        if let Some(StringFormat::Uuid) = format {
            out.extend(quote! {
                if !crate::validation::is_uuid(#value) {
                    errors.push(crate::validation::Violation::new(#location, "format", "must be a UUID"));
                }
            });
        }
    }
    if matches!(ty, Ty::Vec(_)) {
        if let Some(min) = min_items.filter(|m| *m > 0) {
            let message = format!("must have at least {min} item(s)");
            let min = proc_macro2::Literal::usize_unsuffixed(min);
            out.extend(quote! {
                if #value.len() < #min {
                    errors.push(crate::validation::Violation::new(#location, "minItems", #message));
                }
            });
        }
        if let Some(max) = max_items {
            let message = format!("must have at most {max} item(s)");
            let max = proc_macro2::Literal::usize_unsuffixed(*max);
            out.extend(quote! {
                if #value.len() > #max {
                    errors.push(crate::validation::Violation::new(#location, "maxItems", #message));
                }
            });
        }
        if *unique_items {
            out.extend(quote! {
                if crate::validation::has_duplicates(#value) {
                    errors.push(crate::validation::Violation::new(#location, "uniqueItems", "must not contain duplicate items"));
                }
            });
        }
    }
    out
}

fn bound_check(value: &TokenStream, location: &TokenStream, ty: &Ty, bound: Bound, is_min: bool) -> TokenStream {
    let Bound { value: limit, exclusive } = bound;
    // A bound outside the type's range is always met (or never: then every value breaks it);
    // comparing against it would be an always-true comparison that clippy rejects.
    if let (Ty::I32, Num::Int(v)) = (ty, limit)
        && i32::try_from(v).is_err()
    {
        return out_of_range_bound(value, location, v, is_min);
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
    quote! {
        if *#value #op #literal {
            errors.push(crate::validation::Violation::new(#location, #rule, #message));
        }
    }
}

fn out_of_range_bound(value: &TokenStream, location: &TokenStream, limit: i64, is_min: bool) -> TokenStream {
    let impossible = (is_min && limit > 0) || (!is_min && limit < 0);
    if !impossible {
        return TokenStream::new();
    }
    let (rule, message) = if is_min {
        ("minimum", format!("must be at least {limit}"))
    } else {
        ("maximum", format!("must be at most {limit}"))
    };
    quote! {
        let _ = #value;
        errors.push(crate::validation::Violation::new(#location, #rule, #message));
    }
}

fn multiple_check(value: &TokenStream, location: &TokenStream, ty: &Ty, divisor: Num) -> TokenStream {
    let shown = match divisor {
        Num::Int(v) => v.to_string(),
        Num::Float(v) => v.to_string(),
    };
    let message = format!("must be a multiple of {shown}");
    let broken = match (ty, divisor) {
        (_, Num::Int(0)) => return TokenStream::new(),
        (Ty::I32 | Ty::I64, Num::Int(d)) => {
            let d = num_literal(Num::Int(d), ty);
            quote! { *#value % #d != 0 }
        }
        (_, divisor) => {
            let d = match divisor {
                Num::Int(v) => v as f64,
                Num::Float(v) => v,
            };
            quote! { !crate::validation::is_multiple_of(*#value as f64, #d) }
        }
    };
    quote! {
        if #broken {
            errors.push(crate::validation::Violation::new(#location, "multipleOf", #message));
        }
    }
}

fn allowed_check(value: &TokenStream, location: &TokenStream, ty: &Ty, allowed: &[serde_json::Value]) -> TokenStream {
    let literals: Vec<TokenStream> = allowed
        .iter()
        .filter_map(|v| match ty {
            Ty::Bool => v.as_bool().map(|b| quote! { #b }),
            Ty::I32 | Ty::I64 => v.as_i64().map(|n| num_literal(Num::Int(n), ty)),
            _ => v.as_f64().map(|n| num_literal(Num::Float(n), ty)),
        })
        .collect();
    let shown: Vec<String> = allowed.iter().map(|v| v.to_string()).collect();
    let message = format!("must be one of {}", shown.join(", "));
    quote! {
        if ![#(#literals),*].contains(#value) {
            errors.push(crate::validation::Violation::new(#location, "enum", #message));
        }
    }
}

fn length_checks(value: &TokenStream, location: &TokenStream, min: Option<usize>, max: Option<usize>) -> TokenStream {
    let min_check = min.filter(|m| *m > 0).map(|min| {
        let message = format!("must be at least {min} character(s) long");
        let min = proc_macro2::Literal::usize_unsuffixed(min);
        quote! {
            if length < #min {
                errors.push(crate::validation::Violation::new(#location, "minLength", #message));
            }
        }
    });
    let max_check = max.map(|max| {
        let message = format!("must be at most {max} character(s) long");
        let max = proc_macro2::Literal::usize_unsuffixed(max);
        quote! {
            if length > #max {
                errors.push(crate::validation::Violation::new(#location, "maxLength", #message));
            }
        }
    });
    quote! {
        // Lengths count Unicode code points, as JSON Schema does.
        let length = #value.chars().count();
        #min_check
        #max_check
    }
}
