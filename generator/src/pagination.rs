//! Cursor pagination: which list operations page, and how, so that the client gets a
//! `{op}_stream` method following the cursor. A rule is a cursor query parameter and the
//! response property that names the next page:
//!
//! - `after` and `pagination_meta.after` (incident.io);
//! - `page_token` and `next_page` (Oxide's dropshot, also when it says so with
//!   `x-dropshot-pagination`);
//! - `cursor` and `next_cursor`;
//! - `continue` and `metadata.continue`, the items in `items` (Kubernetes' lists);
//! - `starting_after` with `has_more` and the last item's `id` (Stripe).
//!
//! The items are the response's one array property (or the one named `data` or `items`). The
//! configuration declares a rule for a list these do not find, or switches one off.

use crate::model::{MediaKind, Operation, follow_aliases};
use crate::model::{NextCursor, Pagination, ParamIn, Step, Ty, TypeDef, TypeKind, TypeUse};

/// A rule: the cursor parameter's wire name, and where the next cursor is.
pub struct Rule {
    /// The query parameter.
    pub cursor: String,
    /// A dotted path to the next cursor (`pagination_meta.after`).
    pub next: Option<String>,
    /// A dotted path to a boolean saying there are more items, after the last item's `id`.
    pub has_more: Option<String>,
    /// A dotted path to the items; by default the page's one array.
    pub items: Option<String>,
}

impl Rule {
    /// A `[pagination]` rule of the configuration: `{ cursor = ..., next = ..., ... }`.
    pub fn from_table(table: &toml::Table) -> Result<Rule, String> {
        let text = |key: &str| -> Result<Option<String>, String> {
            match table.get(key) {
                None => Ok(None),
                Some(toml::Value::String(value)) => Ok(Some(value.clone())),
                Some(_) => Err(format!("`{key}` must be a string")),
            }
        };
        let rule = Rule {
            cursor: text("cursor")?.ok_or("a pagination rule needs `cursor`, the query parameter")?,
            next: text("next")?,
            has_more: text("has_more")?,
            items: text("items")?,
        };
        if let Some(unknown) = table.keys().find(|k| !["cursor", "next", "has_more", "items"].contains(&k.as_str())) {
            return Err(format!(
                "unknown key `{unknown}` in a pagination rule; its keys are cursor, next, has_more, items"
            ));
        }
        Ok(rule)
    }
}

/// The rules tried on every operation, in order.
fn known(dropshot: bool) -> Vec<Rule> {
    let field = |cursor: &str, next: &str, items: Option<&str>| Rule {
        cursor: cursor.into(),
        next: Some(next.into()),
        has_more: None,
        items: items.map(str::to_string),
    };
    let mut rules = Vec::new();
    if dropshot {
        rules.push(field("page_token", "next_page", Some("items")));
    }
    rules.extend([
        field("after", "pagination_meta.after", None),
        field("page_token", "next_page", None),
        field("cursor", "next_cursor", None),
        field("continue", "metadata.continue", Some("items")),
        Rule { cursor: "starting_after".into(), next: None, has_more: Some("has_more".into()), items: None },
    ]);
    rules
}

/// How `op` pages: by `declared` when given (an error says why it does not apply), else by the
/// first known rule that applies. The stream method's name is left for lowering to decide.
pub fn detect(
    op: &Operation,
    types: &[TypeDef],
    dropshot: bool,
    declared: Option<&Rule>,
) -> Result<Option<Pagination>, String> {
    if let Some(rule) = declared {
        return apply(op, types, rule, "declared in the configuration").map(Some);
    }
    let source = if dropshot { "x-dropshot-pagination" } else { "found" };
    Ok(known(dropshot).iter().find_map(|rule| apply(op, types, rule, source).ok()))
}

fn apply(op: &Operation, types: &[TypeDef], rule: &Rule, source: &str) -> Result<Pagination, String> {
    let param = op
        .params
        .iter()
        .find(|p| p.location == ParamIn::Query && p.wire_name == rule.cursor)
        .ok_or_else(|| format!("it has no query parameter `{}`", rule.cursor))?;
    if param.required || !is_string(types, &param.ty) {
        return Err(format!("`{}` must be an optional string parameter", rule.cursor));
    }
    if op.body.as_ref().is_some_and(|b| b.required || b.kind == MediaKind::Multipart) {
        return Err("its request body must be optional (the stream sends none)".into());
    }
    // One success response with a JSON object: the page.
    let mut successes = op.responses.iter().filter(|r| r.is_success());
    let (Some(success), None) = (successes.next(), successes.next()) else {
        return Err("it must have exactly one success response".into());
    };
    let page = match (&success.body, success.kind) {
        (Some(body), MediaKind::Json) => body,
        _ => return Err("its success response must be JSON".into()),
    };
    let (items, item) = match &rule.items {
        Some(path) => {
            let (steps, ty) = walk(types, page, path)?;
            (steps, array_item(types, &ty).ok_or_else(|| format!("`{path}` is not an array"))?)
        }
        None => the_array(types, page)?,
    };
    let (next, shown) = match (&rule.next, &rule.has_more) {
        (Some(path), _) => {
            let (steps, ty) = walk(types, page, path)?;
            if !is_string(types, &ty) {
                return Err(format!("`{path}` is not a string"));
            }
            (NextCursor::Field(steps), format!("`{path}`"))
        }
        (None, Some(path)) => {
            let (has_more, ty) = walk(types, page, path)?;
            if !matches!(follow_aliases(types, &ty).ty, Ty::Bool) {
                return Err(format!("`{path}` is not a boolean"));
            }
            let (ids, id_ty) = walk(types, &item, "id").map_err(|_| "its items have no `id`".to_string())?;
            let [id] = <[Step; 1]>::try_from(ids).map_err(|_| "its items have no `id`".to_string())?;
            if !is_string(types, &id_ty) {
                return Err("its items' `id` is not a string".into());
            }
            (NextCursor::LastItem { has_more, id }, format!("the last item's `id` while `{path}`"))
        }
        (None, None) => return Err("a rule needs `next` or `has_more`".into()),
    };
    let items_shown = items.iter().map(|s| s.field.as_str()).collect::<Vec<_>>().join(".");
    Ok(Pagination {
        fn_name: String::new(),
        param: param.name.clone(),
        next,
        items,
        item,
        rule: format!("follows `{}` from {shown}, items `{items_shown}` ({source})", rule.cursor),
    })
}

fn is_string(types: &[TypeDef], tu: &TypeUse) -> bool {
    matches!(follow_aliases(types, tu).ty, Ty::String)
}

fn array_item(types: &[TypeDef], tu: &TypeUse) -> Option<TypeUse> {
    match &follow_aliases(types, tu).ty {
        Ty::Vec(item) => Some((**item).clone()),
        _ => None,
    }
}

/// The steps through the page's structs along the wire names of `path`, and the type there.
fn walk(types: &[TypeDef], from: &TypeUse, path: &str) -> Result<(Vec<Step>, TypeUse), String> {
    let mut steps = Vec::new();
    let mut at = from.clone();
    for segment in path.split('.') {
        let resolved = follow_aliases(types, &at);
        let fields = match &resolved.ty {
            Ty::Named(name) => match types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
                Some(TypeKind::Struct(s)) => &s.fields,
                _ => return Err(format!("`{path}`: not an object before `{segment}`")),
            },
            _ => return Err(format!("`{path}`: not an object before `{segment}`")),
        };
        let field = fields
            .iter()
            .find(|f| f.wire_name == segment && !f.flatten)
            .ok_or_else(|| format!("the response has no `{path}`"))?;
        steps.push(Step { field: field.name.clone(), optional: !field.required, nullable: field.ty.nullable });
        at = field.ty.clone();
    }
    Ok((steps, at))
}

/// The page's one array property, or the one named `data` or `items` among several.
fn the_array(types: &[TypeDef], page: &TypeUse) -> Result<(Vec<Step>, TypeUse), String> {
    let Ty::Named(name) = &follow_aliases(types, page).ty else { return Err("its response is not an object".into()) };
    let Some(TypeKind::Struct(s)) = types.iter().find(|t| t.name == *name).map(|t| &t.kind) else {
        return Err("its response is not an object".into());
    };
    let arrays: Vec<_> =
        s.fields.iter().filter(|f| !f.flatten).filter_map(|f| Some((f, array_item(types, &f.ty)?))).collect();
    let chosen = match arrays.as_slice() {
        [one] => one,
        several => several
            .iter()
            .find(|(f, _)| f.wire_name == "data" || f.wire_name == "items")
            .ok_or("its response has no array, or several, none named `data` or `items`")?,
    };
    let (field, item) = chosen;
    Ok((vec![Step { field: field.name.clone(), optional: !field.required, nullable: field.ty.nullable }], item.clone()))
}

#[cfg(test)]
mod tests {
    use crate::Config;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      \
        operationId: listThings\n      parameters: [{name: next, in: query, schema: {type: string}}]\n      \
        responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
        schema:\n                type: object\n                properties:\n                  \
        things: {type: array, items: {type: string}}\n                  continue_at: {type: string}\n";

    fn lowered(config: &str) -> Result<(Option<String>, Vec<String>), String> {
        let doc = crate::parse::parse(SPEC, "t.yaml").expect("parses");
        let config = Config::parse(config, "gen.toml").expect("config");
        let (api, findings) = crate::lower::lower(&doc, "t.yaml", None, &config).map_err(|e| e.to_string())?;
        Ok((api.operations[0].pagination.as_ref().map(|p| p.fn_name.clone()), findings.notes))
    }

    #[test]
    fn a_list_no_rule_finds_is_declared_and_a_bad_rule_refused_at_its_line() {
        // `next` / `continue_at` is no known convention.
        assert_eq!(lowered("").expect("lowers").0, None);
        let (stream, notes) =
            lowered("[pagination]\nlistThings = { cursor = \"next\", next = \"continue_at\" }\n").expect("lowers");
        assert_eq!(stream.as_deref(), Some("list_things_stream"));
        assert_eq!(
            notes[0],
            "t.yaml: at #/paths/~1things/get: `list_things_stream` follows `next` from `continue_at`, items `things` (declared in the configuration)"
        );
        let error = |config: &str| lowered(config).expect_err("refused");
        assert_eq!(
            error("[pagination]\nlistThings = { cursor = \"after\", next = \"continue_at\" }\n"),
            "gen.toml:2:14: operation \"listThings\" cannot page this way: it has no query parameter `after`"
        );
        assert_eq!(
            error("[pagination]\nlistThings = { cursor = \"next\", next = \"things\" }\n"),
            "gen.toml:2:14: operation \"listThings\" cannot page this way: `things` is not a string"
        );
        assert!(error("[pagination]\nlistThings = { cursor = \"next\", nxt = \"a\" }\n").contains("unknown key `nxt`"));
        assert!(
            error("[pagination]\nlistThing = false\n")
                .starts_with("gen.toml:2:1: t.yaml has no operation \"listThing\"")
        );
        assert!(error("[pagination]\nlistThings = true\n").contains("a pagination rule is `false` or a table"));
    }
}
