//! `[derives]` of the configuration: traits derived on the model types beyond the ones every
//! type has (`Debug`, `Clone`, `PartialEq`, serde's). The standard traits `Eq`, `Hash`,
//! `PartialOrd` and `Ord` are checked against what a type holds (no `Eq` over a float, no
//! `Ord` over a free-form JSON value); a derive macro from another crate (`schemars::JsonSchema`)
//! is taken on trust, its crate added through `[dependencies]`.

use crate::Error;
use crate::config::Config;
use crate::model::{Ty, TypeDef, TypeKind, TypeUse};
use std::collections::{BTreeMap, BTreeSet};

/// The standard traits this module can check, each with what it needs besides itself.
const CHECKED: [(&str, &[&str]); 4] = [("Eq", &[]), ("Hash", &[]), ("PartialOrd", &[]), ("Ord", &["Eq", "PartialOrd"])];

/// Adds the configured derives to `types`. A derive named for a type that cannot have it is an
/// error at its place in the configuration; a derive for all types skips those that cannot
/// have it, and the note returned names them.
pub fn apply(types: &mut [TypeDef], config: &Config) -> Result<Vec<String>, Error> {
    let derives = &config.derives;
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, t)| (t.name.clone(), i)).collect();
    let mut wanted: Vec<BTreeSet<String>> = vec![BTreeSet::new(); types.len()];
    let mut notes = Vec::new();
    for derive in &derives.all {
        let traits = expand(derive, config)?;
        let mut skipped = Vec::new();
        for (i, def) in types.iter().enumerate() {
            match traits.iter().find_map(|t| lacks_in_type(types, &index, def, t, &mut BTreeSet::new())) {
                Some(_) => skipped.push(def.name.clone()),
                None => wanted[i].extend(traits.iter().cloned()),
            }
        }
        if !skipped.is_empty() {
            notes.push(config.warning(
                derive.span(),
                format!(
                    "`{}` is not derived on {} types that hold a float or a free-form JSON value: {}",
                    derive.get_ref(),
                    skipped.len(),
                    skipped.join(", ")
                ),
            ));
        }
    }
    for (name, list) in &derives.types {
        let Some(&i) = index.get(name.get_ref()) else {
            return Err(config.error(name.span(), format!("no model type is called `{}`", name.get_ref())));
        };
        for derive in list {
            let traits = expand(derive, config)?;
            for t in &traits {
                if let Some(reason) = lacks_in_type(types, &index, &types[i], t, &mut BTreeSet::new()) {
                    let message = format!("`{}` cannot derive `{t}`: {reason}", name.get_ref());
                    return Err(config.error(derive.span(), message));
                }
            }
            // The types it holds need the trait too, for the derive to compile.
            for held in reachable(types, &index, i) {
                wanted[held].extend(traits.iter().cloned());
            }
        }
    }
    for (def, wanted) in types.iter_mut().zip(wanted) {
        // An alias is the type it names, which carries the derive.
        if matches!(def.kind, TypeKind::Alias(_)) {
            continue;
        }
        def.derives = wanted.into_iter().filter(|t| !has_already(def, t)).collect();
        def.derives.sort_by_key(|t| order(t));
    }
    Ok(notes)
}

/// `derive` with the traits it needs, checked: a standard trait this module knows, or a path
/// to a derive macro of another crate.
fn expand(derive: &toml::Spanned<String>, config: &Config) -> Result<Vec<String>, Error> {
    let name = derive.get_ref();
    if let Some((_, needs)) = CHECKED.iter().find(|(t, _)| t == name) {
        let mut traits: Vec<String> = needs.iter().map(|t| t.to_string()).collect();
        traits.push(name.clone());
        return Ok(traits);
    }
    let is_path = name.contains("::")
        && name.split("::").all(|s| s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_'))
        && name.split("::").all(|s| s.chars().all(|c| c.is_alphanumeric() || c == '_'));
    if is_path {
        return Ok(vec![name.clone()]);
    }
    Err(config.error(
        derive.span(),
        format!(
            "`{name}`: derives are Eq, Hash, PartialOrd, Ord, or the path of a derive macro (`schemars::JsonSchema`)"
        ),
    ))
}

/// Whether the emitted type has `t` without the configuration: string enums have the four.
fn has_already(def: &TypeDef, t: &str) -> bool {
    matches!(def.kind, TypeKind::StringEnum(_)) && CHECKED.iter().any(|(c, _)| *c == t)
}

/// Standard traits first, in the order Rust's docs list them, then paths by name.
fn order(t: &str) -> (usize, String) {
    (CHECKED.iter().position(|(c, _)| *c == t).unwrap_or(CHECKED.len()), t.to_string())
}

/// Why `def` cannot derive `t`, naming the place that prevents it; `None` when it can (or
/// when `t` is a derive macro this module cannot judge).
fn lacks_in_type(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    def: &TypeDef,
    t: &str,
    visiting: &mut BTreeSet<String>,
) -> Option<String> {
    if !CHECKED.iter().any(|(c, _)| *c == t) || !visiting.insert(def.name.clone()) {
        return None;
    }
    let within = |reason: String, place: &str| Some(format!("{place} {reason}"));
    match &def.kind {
        TypeKind::StringEnum(_) => None,
        TypeKind::Alias(target) => lacks(types, index, target, t, visiting),
        TypeKind::Struct(s) => s.fields.iter().find_map(|f| {
            lacks(types, index, &f.ty, t, visiting).and_then(|r| within(r, &format!("field `{}`", f.name)))
        }),
        TypeKind::Union(u) => {
            let variant = u.variants.iter().find_map(|v| {
                let ty = v.ty.as_ref()?;
                lacks(types, index, ty, t, visiting).and_then(|r| within(r, &format!("variant `{}`", v.name)))
            });
            // A tagged union keeps an unknown tag's value as `serde_json::Value`.
            variant
                .or_else(|| u.tag.as_ref().and_then(|_| json_lacks(t)).and_then(|r| within(r, "the `Unknown` variant")))
        }
    }
}

fn lacks(
    types: &[TypeDef],
    index: &BTreeMap<String, usize>,
    ty: &TypeUse,
    t: &str,
    visiting: &mut BTreeSet<String>,
) -> Option<String> {
    match &ty.ty {
        Ty::F32 | Ty::F64 if t != "PartialOrd" => Some("is a floating-point number".into()),
        Ty::Json => json_lacks(t),
        Ty::Named(name) => {
            let def = &types[*index.get(name)?];
            lacks_in_type(types, index, def, t, visiting).map(|r| format!("holds `{name}`, whose {r}"))
        }
        Ty::Vec(item) | Ty::Map(item) => lacks(types, index, item, t, visiting),
        Ty::Tuple(items) => items.iter().find_map(|item| lacks(types, index, item, t, visiting)),
        _ => None,
    }
}

/// What `serde_json::Value` lacks: it has `Eq` and `Hash` but no order.
fn json_lacks(t: &str) -> Option<String> {
    matches!(t, "PartialOrd" | "Ord").then(|| "is a free-form JSON value, which has no order".to_string())
}

/// `start` and every named type it holds, through fields, variants, items and aliases.
fn reachable(types: &[TypeDef], index: &BTreeMap<String, usize>, start: usize) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut pending = vec![start];
    while let Some(i) = pending.pop() {
        if !seen.insert(i) {
            continue;
        }
        let mut uses: Vec<&TypeUse> = Vec::new();
        match &types[i].kind {
            TypeKind::Struct(s) => uses.extend(s.fields.iter().map(|f| &f.ty)),
            TypeKind::Union(u) => uses.extend(u.variants.iter().filter_map(|v| v.ty.as_ref())),
            TypeKind::Alias(target) => uses.push(target),
            TypeKind::StringEnum(_) => {}
        }
        while let Some(used) = uses.pop() {
            match &used.ty {
                Ty::Named(name) => pending.extend(index.get(name)),
                Ty::Vec(item) | Ty::Map(item) => uses.push(item),
                Ty::Tuple(items) => uses.extend(items),
                _ => {}
            }
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use crate::Config;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
        Tag: {type: object, properties: {name: {type: string}, kind: {type: string, enum: [a, b]}}}\n    \
        Pet: {type: object, properties: {tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}, \
        weight: {type: number}}}\n    Note: {type: object, properties: {extra: {}}}\n    \
        Tags: {type: array, items: {$ref: '#/components/schemas/Tag'}}\n";

    /// Each type's name with its configured derives.
    type Derived = Vec<(String, Vec<String>)>;

    fn lowered(config: &str) -> Result<(Derived, Vec<String>), String> {
        let doc = crate::parse::parse(SPEC, "t.yaml").expect("parses");
        let config = Config::parse(config, "gen.toml").expect("config");
        let (api, findings) = crate::lower::lower(&doc, "t.yaml", None, &config).map_err(|e| e.to_string())?;
        let derives = api.types.iter().map(|t| (t.name.clone(), t.derives.clone())).collect();
        Ok((derives, findings.notes))
    }

    fn of<'a>(derives: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
        &derives.iter().find(|(n, _)| n == name).expect("a type").1
    }

    #[test]
    fn derives_for_all_skip_the_types_that_cannot_have_them_and_say_so() {
        let (derives, notes) =
            lowered("[derives]\nall = [\"Ord\", \"schemars::JsonSchema\"]\n[dependencies]\nschemars = \"1\"\n")
                .expect("lowers");
        // `Ord` brings `Eq` and `PartialOrd`; a string enum has the standard ones already.
        assert_eq!(of(&derives, "Tag"), ["Eq", "PartialOrd", "Ord", "schemars::JsonSchema"]);
        assert_eq!(of(&derives, "TagKind"), ["schemars::JsonSchema"]);
        assert_eq!(of(&derives, "Pet"), ["schemars::JsonSchema"]);
        assert_eq!(of(&derives, "Note"), ["schemars::JsonSchema"]);
        assert_eq!(
            notes,
            ["gen.toml:2:8: `Ord` is not derived on 2 types that hold a float or a free-form JSON value: Pet, Note"]
        );
    }

    #[test]
    fn derives_for_a_type_reach_what_it_holds_or_are_refused_with_the_reason() {
        let (derives, _) = lowered("[derives.types]\nTag = [\"Hash\"]\nNote = [\"Eq\"]\n").expect("lowers");
        assert_eq!(of(&derives, "Tag"), ["Hash"]);
        assert_eq!(of(&derives, "Note"), ["Eq"]);
        assert!(of(&derives, "Pet").is_empty());
        let error = lowered("[derives.types]\nPet = [\"Hash\"]\n").unwrap_err();
        assert_eq!(error, "gen.toml:2:8: `Pet` cannot derive `Hash`: field `weight` is a floating-point number");
        let error = lowered("[derives.types]\nNote = [\"PartialOrd\"]\n").unwrap_err();
        assert!(error.contains("field `extra` is a free-form JSON value, which has no order"), "{error}");
        let error = lowered("[derives.types]\nDog = [\"Eq\"]\n").unwrap_err();
        assert_eq!(error, "gen.toml:2:1: no model type is called `Dog`");
        let error = lowered("[derives]\nall = [\"Copy\"]\n").unwrap_err();
        assert!(error.starts_with("gen.toml:2:8: `Copy`: derives are Eq, Hash, PartialOrd, Ord"), "{error}");
        let error = lowered("[dependencies]\nserde = \"1\"\n").unwrap_err();
        assert!(error.starts_with("gen.toml:2:1: `serde` is"), "{error}");
        // A derive macro from a crate the configuration does not list: the crate would not build.
        let error = lowered("[derives]\nall = [\"schemars::JsonSchema\"]\n").unwrap_err();
        assert_eq!(
            error,
            "gen.toml:2:8: `schemars::JsonSchema` names the crate `schemars`: add it under [dependencies]"
        );
    }
}
