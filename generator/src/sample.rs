//! Values for the example-backed stub: the spec's own examples when they fit their schema, and
//! values built from the schema otherwise, the way Prism mocks an API.

use crate::model::{Api, Bound, Num, StringFormat, Ty, TypeKind, TypeUse};
use serde_json::{Map, Value};

/// Deepest nesting followed when building or checking a value; recursive schemas stop here.
const MAX_DEPTH: usize = 12;

/// The value the stub answers with for `tu`: the example (lowering dropped those that break
/// their schema), else one built from the schema.
pub fn response_value(api: &Api, tu: &TypeUse, example: Option<&Value>) -> Value {
    example.cloned().unwrap_or_else(|| build(api, tu, 0))
}

/// `oneOf` takes a value exactly one alternative accepts; `anyOf` one that any does.
fn one_accepts<'a>(
    api: &Api,
    alternatives: impl Iterator<Item = &'a TypeUse>,
    exclusive: bool,
    value: &Value,
    depth: usize,
) -> bool {
    let mut accepting = alternatives.filter(|ty| conforms(api, ty, value, depth + 1));
    if exclusive { accepting.count() == 1 } else { accepting.next().is_some() }
}

/// Whether `value` has the types, required properties, enum values and bounds of `tu`.
/// Patterns are not checked here: the generated checks do that at run time.
pub fn conforms(api: &Api, tu: &TypeUse, value: &Value, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    if value.is_null() {
        return crate::model::admits_null(&api.types, tu);
    }
    let rules = &tu.rules;
    if !rules.allowed.is_empty() && !rules.allowed.contains(value) {
        return false;
    }
    let in_bounds = |v: f64| {
        let below = |b: &Bound| match b.value {
            Num::Int(n) => v < n as f64 || (b.exclusive && v == n as f64),
            Num::Float(n) => v < n || (b.exclusive && v == n),
        };
        let above = |b: &Bound| match b.value {
            Num::Int(n) => v > n as f64 || (b.exclusive && v == n as f64),
            Num::Float(n) => v > n || (b.exclusive && v == n),
        };
        !rules.minimum.as_ref().is_some_and(below) && !rules.maximum.as_ref().is_some_and(above)
    };
    match &tu.ty {
        Ty::Mapped { wire, .. } => conforms(api, &TypeUse { ty: (**wire).clone(), ..tu.clone() }, value, depth),
        Ty::Json => true,
        Ty::Bytes => value.is_string(),
        Ty::Bool => value.is_boolean(),
        Ty::Int(format) => {
            let n = value.as_i64().map(i128::from).or_else(|| value.as_u64().map(i128::from));
            n.is_some_and(|v| format.holds(v) && in_bounds(v as f64))
        }
        Ty::F32 | Ty::F64 => value.as_f64().is_some_and(in_bounds),
        Ty::String | Ty::DateTime | Ty::Date => value.as_str().is_some_and(|s| {
            let n = s.chars().count();
            rules.min_length.is_none_or(|m| n >= m)
                && rules.max_length.is_none_or(|m| n <= m)
                && rules.pattern.as_ref().is_none_or(|p| p.is_match(s))
                && rules.format.is_none_or(|format| format.holds(s))
        }),
        Ty::Vec(item) => value.as_array().is_some_and(|items| {
            rules.min_items.is_none_or(|m| items.len() >= m)
                && rules.max_items.is_none_or(|m| items.len() <= m)
                && items.iter().all(|i| conforms(api, item, i, depth + 1))
        }),
        Ty::Tuple(types) => value.as_array().is_some_and(|items| {
            items.len() == types.len() && items.iter().zip(types).all(|(i, ty)| conforms(api, ty, i, depth + 1))
        }),
        Ty::Map(item) => value.as_object().is_some_and(|o| {
            o.values().all(|v| conforms(api, item, v, depth + 1))
                && rules
                    .property_names
                    .as_ref()
                    .is_none_or(|key| o.keys().all(|k| conforms(api, key, &Value::String(k.clone()), depth + 1)))
        }),
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => conforms(api, target, value, depth + 1),
            Some(TypeKind::StringEnum(e)) => value.as_str().is_some_and(|s| e.variants.iter().any(|v| v.wire == s)),
            Some(TypeKind::Union(u)) => match &u.tag {
                // The tag picks the alternative; an alternative that is only its tag has no more
                // to check.
                Some(property) => {
                    let tag = value.get(property).and_then(Value::as_str);
                    let mut selected = u
                        .variants
                        .iter()
                        .filter(|v| tag.is_some_and(|t| v.tags.iter().any(|known| known == t)))
                        .peekable();
                    if selected.peek().is_none() && !u.by_shape.is_empty() {
                        // A tag that selects nothing: the value's shape does.
                        let alternatives = u.by_shape.iter().filter_map(|&i| u.variants[i].ty.as_ref());
                        return one_accepts(api, alternatives, u.exclusive, value, depth);
                    }
                    selected.any(|v| match &v.ty {
                        Some(ty) => conforms(api, ty, value, depth + 1),
                        None => value.as_object().is_some_and(|o| !v.closed || o.keys().all(|k| k == property)),
                    })
                }
                None => one_accepts(api, u.variants.iter().filter_map(|v| v.ty.as_ref()), u.exclusive, value, depth),
            },
            Some(TypeKind::Struct(s)) => value.as_object().is_some_and(|object| {
                s.fields.iter().all(|f| match object.get(&f.wire_name) {
                    _ if f.flatten => conforms(api, &f.ty, value, depth + 1),
                    Some(v) => conforms(api, &f.ty, v, depth + 1),
                    None => !f.response_required,
                }) && (!s.deny_unknown
                    || object.keys().all(|k| s.tag.as_ref() == Some(k) || s.fields.iter().any(|f| &f.wire_name == k)))
                    && s.conditions.as_ref().is_none_or(|r| {
                        let holding = r.sets.iter().filter(|c| c.holds(object)).count();
                        if r.exclusive { holding == 1 } else { holding > 0 }
                    })
            }),
            None => false,
        },
    }
}

/// A value of `tu` built from its schema: required properties only, smallest allowed sizes,
/// bounds respected, the first enum value.
pub fn build(api: &Api, tu: &TypeUse, depth: usize) -> Value {
    let rules = &tu.rules;
    if let Some(first) = rules.allowed.first() {
        return first.clone();
    }
    match &tu.ty {
        Ty::Mapped { wire, .. } => build(api, &TypeUse { ty: (**wire).clone(), ..tu.clone() }, depth),
        Ty::Json => Value::Object(Map::new()),
        Ty::Bytes => Value::String(String::new()),
        Ty::Bool => Value::Bool(true),
        Ty::Int(format) => {
            let (min, max) = format.range();
            let v = i128::from(int_in_bounds(tu)).clamp(min, max);
            i64::try_from(v).map(Value::from).unwrap_or_else(|_| Value::from(u64::try_from(v).unwrap_or(u64::MAX)))
        }
        Ty::F32 | Ty::F64 => {
            let mut v = 0.0;
            if let Some(b) = rules.minimum {
                v = num(b.value) + if b.exclusive { 1.0 } else { 0.0 };
            } else if let Some(b) = rules.maximum.filter(|b| num(b.value) < 0.0 || (b.exclusive && num(b.value) <= 0.0))
            {
                v = num(b.value) - 1.0;
            }
            serde_json::Number::from_f64(v).map(Value::Number).unwrap_or(Value::from(0))
        }
        Ty::String => {
            let len = rules.min_length.unwrap_or(0).max(if rules.max_length == Some(0) { 0 } else { 1 });
            let text = match (&rules.format, &rules.pattern) {
                (Some(StringFormat::Uuid), _) => "00000000-0000-4000-8000-000000000000".to_string(),
                (Some(StringFormat::Ipv4), _) => "192.0.2.1".to_string(),
                (Some(StringFormat::Ipv6), _) => "2001:db8::1".to_string(),
                (Some(StringFormat::Uri), _) => "https://example.com/".to_string(),
                (Some(StringFormat::Email), _) => "user@example.com".to_string(),
                (None, pattern)
                    if let Some(text) = rules.format_sample.filter(|text| {
                        let len = text.chars().count();
                        pattern.as_ref().is_none_or(|p| p.is_match(text))
                            && len >= rules.min_length.unwrap_or(0)
                            && len <= rules.max_length.unwrap_or(usize::MAX)
                    }) =>
                {
                    text.to_string()
                }
                (None, Some(pattern)) => pattern
                    .sample(rules.min_length.unwrap_or(0), rules.max_length)
                    .unwrap_or_else(|| "x".repeat(len.min(rules.max_length.unwrap_or(usize::MAX)))),
                (None, None) => "x".repeat(len.min(rules.max_length.unwrap_or(usize::MAX))),
            };
            Value::String(text)
        }
        Ty::DateTime => Value::String("2021-01-01T00:00:00Z".into()),
        Ty::Date => Value::String("2021-01-01".into()),
        Ty::Vec(item) => {
            let count = if depth >= MAX_DEPTH { 0 } else { rules.min_items.unwrap_or(0) };
            Value::Array((0..count).map(|_| build(api, item, depth + 1)).collect())
        }
        Ty::Tuple(items) => Value::Array(items.iter().map(|item| build(api, item, depth + 1)).collect()),
        Ty::Map(_) => Value::Object(Map::new()),
        Ty::Named(name) => match api.type_def(name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) if depth < MAX_DEPTH => build(api, target, depth + 1),
            Some(TypeKind::StringEnum(e)) => {
                e.variants.first().map(|v| Value::String(v.wire.clone())).unwrap_or(Value::Null)
            }
            // The first alternative, with the first of its tags that its own schema allows (a
            // schema named `ActiveStatus` whose `type` is `active`).
            Some(TypeKind::Union(u)) if depth < MAX_DEPTH => {
                let Some(first) = u.variants.first() else { return Value::Null };
                let built = match &first.ty {
                    Some(ty) => build(api, ty, depth + 1),
                    None => Value::Object(Map::new()),
                };
                let (Some(property), Value::Object(_)) = (&u.tag, &built) else { return built };
                let whole = TypeUse::plain(Ty::Named(name.clone()));
                let tagged = |tag: &String| {
                    let mut value = built.clone();
                    if let Value::Object(object) = &mut value {
                        object.insert(property.clone(), Value::String(tag.clone()));
                    }
                    value
                };
                if first.tags.is_empty() || conforms(api, &whole, &built, depth) {
                    return built;
                }
                first
                    .tags
                    .iter()
                    .map(tagged)
                    .find(|value| conforms(api, &whole, value, depth))
                    .unwrap_or_else(|| tagged(&first.tags[0]))
            }
            Some(TypeKind::Struct(s)) => {
                let mut object = Map::new();
                for field in s.fields.iter().filter(|f| f.response_required) {
                    if field.flatten {
                        if let Value::Object(inner) = build(api, &field.ty, depth + 1) {
                            object.extend(inner);
                        }
                        continue;
                    }
                    let value = if depth >= MAX_DEPTH && field.ty.nullable {
                        Value::Null
                    } else {
                        build(api, &field.ty, depth + 1)
                    };
                    object.insert(field.wire_name.clone(), value);
                }
                // What the first alternative of a `Conditions` asks for.
                if let Some(first) = s.conditions.as_ref().and_then(|r| r.sets.first()) {
                    for name in &first.required {
                        if let Some(field) =
                            s.fields.iter().find(|f| &f.wire_name == name && !object.contains_key(name))
                        {
                            object.insert(name.clone(), build(api, &field.ty, depth + 1));
                        }
                    }
                    for (name, allowed) in &first.values {
                        if let (Some(value), Some(first)) = (object.get_mut(name), allowed.first())
                            && !allowed.contains(value)
                        {
                            *value = first.clone();
                        }
                    }
                }
                Value::Object(object)
            }
            _ => Value::Null,
        },
    }
}

fn num(n: Num) -> f64 {
    match n {
        Num::Int(v) => v as f64,
        Num::Float(v) => v,
    }
}

fn int_in_bounds(tu: &TypeUse) -> i64 {
    let rules = &tu.rules;
    let low = rules.minimum.map(|b| num(b.value).ceil() as i64 + i64::from(b.exclusive && num(b.value).fract() == 0.0));
    let high =
        rules.maximum.map(|b| num(b.value).floor() as i64 - i64::from(b.exclusive && num(b.value).fract() == 0.0));
    let mut v = 0i64.max(low.unwrap_or(i64::MIN)).min(high.unwrap_or(i64::MAX));
    if let Some(Num::Int(step)) = rules.multiple_of.filter(|m| matches!(m, Num::Int(s) if *s > 0)) {
        v = v.div_euclid(step) * step;
        if low.is_some_and(|l| v < l) {
            v += step;
        }
    }
    v
}
