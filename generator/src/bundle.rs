//! Specs split over several files. A `$ref` to another file (`./schemas/user.yaml`,
// An example of a team's layout: not a path in this repository.
//! `../common.yaml#/components/parameters/Page`) is resolved here, before the document is read
//! as OpenAPI, into one document that refers only to itself:
//!
//! - a schema from another file becomes a component of the root document, named from its
//!   component name (`#/components/schemas/Page` is `Page`), else from the file's name
//!   (`schemas/user.yaml` is `user`), numbered on a collision (`Page2`) in order of first
//!   reference; the same file and fragment is one component however often it is referred to,
//!   and schemas that refer to each other across files keep doing so;
//! - anything else (a path item, an operation, a parameter, a response) is copied in place,
//!   as Redocly's and swagger-cli's `bundle` do.
//!
//! Each file is read once, through the caller's reader: the generator itself never touches the
//! filesystem. Every place taken from another file is recorded, so that an error found later
//! names that file and the pointer inside it.

use crate::Error;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// Reads a file the spec refers to. It is given the file's path relative to the root file's
// An example of a team's layout: not a path in this repository.
/// folder, with `/` separators (`schemas/user.yaml`, `../common.yaml`), and answers its text
/// or why it cannot.
pub type ReadFile<'a> = dyn FnMut(&str) -> Result<String, String> + 'a;

/// A spec whose files have been joined into one document.
#[derive(Debug)]
pub struct Bundled {
    /// The root document with every other file's content in it.
    pub document: Value,
    /// Every file read, as messages name them, the root first.
    pub inputs: Vec<String>,
    /// Where each place taken from another file came from: (pointer in the joined document,
    /// file, pointer in that file).
    origins: Vec<(String, String, String)>,
    /// The text of every file read, by the name messages give it, to find an error's line.
    texts: BTreeMap<String, String>,
}

impl Bundled {
    /// The text of the file messages call `file`.
    pub fn text_of(&self, file: &str) -> Option<&str> {
        self.texts.get(file).map(String::as_str)
    }

    /// `error` with the file and pointer of the place it names, when that place was taken
    /// from another file.
    pub fn locate(&self, error: Error) -> Error {
        let Error::Spec { file, pointer, message, .. } = error else { return error };
        let origin = self
            .origins
            .iter()
            // Of equal prefixes the last recorded is the innermost copy (`a.yaml` that is
            // itself a `$ref` to `b.yaml`): `max_by_key` keeps the last maximum.
            .filter(|(at, _, _)| pointer == *at || pointer.starts_with(&format!("{at}/")))
            .max_by_key(|(at, _, _)| at.len());
        match origin {
            Some((at, origin_file, origin_pointer)) => {
                let rest = &pointer[at.len()..];
                Error::spec(origin_file.clone(), format!("{origin_pointer}{rest}"), message)
            }
            None => Error::spec(file, pointer, message),
        }
    }

    /// A warning or note of lowering (`{root}: at {pointer}: {message}`, the form of an
    /// error) located like an error.
    pub fn locate_line(&self, root: &str, line: String) -> String {
        let Some((pointer, message)) =
            line.strip_prefix(root).and_then(|rest| rest.strip_prefix(": at ")).and_then(|rest| rest.split_once(": "))
        else {
            return line;
        };
        let error = Error::spec(root, pointer, message);
        self.locate(error).to_string()
    }
}

/// `error` located by `bundled`, when the spec was joined from several files.
pub fn locate(bundled: Option<&Bundled>, error: Error) -> Error {
    match bundled {
        Some(bundled) => bundled.locate(error),
        None => error,
    }
}

/// The reader of a caller that has only the root file: every other file is refused.
pub fn root_only(path: &str) -> Result<String, String> {
    Err(format!("{path} is another file, and this caller reads only the root (see `generate_crate_from_files`)"))
}

/// Whether `text` may refer to another file: a `$ref` whose value does not start with `#`.
/// A cheap scan, so that single-file specs skip this pass.
pub fn needed(text: &str) -> bool {
    let mut rest = text;
    while let Some(at) = rest.find("$ref") {
        rest = &rest[at + 4..];
        let value = rest.trim_start_matches(|c: char| c == '"' || c == '\'' || c == ':' || c.is_whitespace());
        if !value.is_empty() && !value.starts_with('#') {
            return true;
        }
    }
    false
}

/// Joins the files of the spec whose root is `text`, at `root_path` (as messages name it).
pub fn bundle(text: &str, root_path: &str, read: &mut ReadFile<'_>) -> Result<Bundled, Error> {
    let (root_dir, root_name) = match root_path.rfind('/') {
        Some(at) => (root_path[..at + 1].to_string(), root_path[at + 1..].to_string()),
        None => (String::new(), root_path.to_string()),
    };
    let mut document = parse_file(text, root_path)?;
    let mut bundler = Bundler {
        read,
        root_dir,
        root: root_name.clone(),
        files: BTreeMap::new(),
        inputs: vec![root_path.to_string()],
        hoisted: BTreeMap::new(),
        taken: document
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default(),
        schemas: Vec::new(),
        origins: Vec::new(),
        chain: Vec::new(),
        texts: BTreeMap::from([(root_path.to_string(), text.to_string())]),
    };
    if let Err(error) = bundler.walk(&mut document, &root_name, "#", "#", Context::Other) {
        return Err(crate::position::place(error, |file| bundler.texts.get(file).map(String::as_str)));
    }
    let Bundler { inputs, schemas, origins, texts, .. } = bundler;
    if !schemas.is_empty() {
        let Value::Object(root) = &mut document else {
            return Err(Error::spec(root_path, "#", "the document is not an object"));
        };
        let components = root.entry("components").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(components) = components else {
            return Err(Error::spec(root_path, "#/components", "`components` is not an object"));
        };
        let section = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
        let Value::Object(section) = section else {
            return Err(Error::spec(root_path, "#/components/schemas", "`components.schemas` is not an object"));
        };
        section.extend(schemas);
    }
    Ok(Bundled { document, inputs, origins, texts })
}

/// What the value being walked is, as far as references care: a schema, a map or list of
/// schemas, example data (whose `$ref` keys are data), or anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    Schema,
    SchemaMap,
    SchemaList,
    Data,
    Other,
}

impl Context {
    /// The context of the member `key` of an object in this context.
    pub(crate) fn member(self, key: &str) -> Context {
        match (self, key) {
            (Context::Data, _) => Context::Data,
            (Context::SchemaMap, _) => Context::Schema,
            (_, "example" | "examples" | "default" | "enum" | "const") if self == Context::Schema => Context::Data,
            (Context::Schema, "properties" | "patternProperties" | "$defs" | "definitions") => Context::SchemaMap,
            (
                Context::Schema,
                "items" | "not" | "additionalProperties" | "contains" | "if" | "then" | "else" | "propertyNames",
            ) => Context::Schema,
            (Context::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => Context::SchemaList,
            (_, "schema") => Context::Schema,
            (_, "schemas") => Context::SchemaMap,
            (_, "example" | "value") => Context::Data,
            _ => Context::Other,
        }
    }

    /// The context of the items of an array in this context.
    pub(crate) fn item(self) -> Context {
        match self {
            Context::SchemaList => Context::Schema,
            Context::Data => Context::Data,
            _ => Context::Other,
        }
    }
}

/// A place in some file: the file's key (its path relative to the root's folder) and a JSON
/// pointer fragment (empty for the whole file).
type Target = (String, String);

struct Bundler<'r, 'a> {
    read: &'r mut ReadFile<'a>,
    /// The root file's folder as messages name it (`spec/`), and its own key.
    root_dir: String,
    root: String,
    /// Every file read, by key.
    files: BTreeMap<String, Value>,
    inputs: Vec<String>,
    /// The component each schema from another file became.
    hoisted: BTreeMap<Target, String>,
    /// Component schema names in use.
    taken: BTreeSet<String>,
    schemas: Vec<(String, Value)>,
    origins: Vec<(String, String, String)>,
    /// The references being copied in, innermost last, to refuse a cycle of copies.
    chain: Vec<String>,
    /// The text of every file read, by the name messages give it.
    texts: BTreeMap<String, String>,
}

impl Bundler<'_, '_> {
    /// Resolves the references in `value`, found in `file` at `local`, which is `here` in the
    /// joined document.
    fn walk(&mut self, value: &mut Value, file: &str, here: &str, local: &str, context: Context) -> Result<(), Error> {
        if context == Context::Data {
            return Ok(());
        }
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    let reference = reference.clone();
                    return self.reference(value, &reference, file, (here, local), context);
                }
                for (key, member) in map.iter_mut() {
                    let segment = crate::lower::pointer_segment(key);
                    let (here, local) = (format!("{here}/{segment}"), format!("{local}/{segment}"));
                    self.walk(member, file, &here, &local, context.member(key))?;
                }
            }
            Value::Array(items) => {
                for (index, item) in items.iter_mut().enumerate() {
                    self.walk(item, file, &format!("{here}/{index}"), &format!("{local}/{index}"), context.item())?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Resolves the `$ref` of `value`, found in `file` at `local` (`here` once joined).
    fn reference(
        &mut self,
        value: &mut Value,
        reference: &str,
        file: &str,
        (here, local): (&str, &str),
        context: Context,
    ) -> Result<(), Error> {
        let target = self.target(reference, file, local)?;
        let (target_file, fragment) = &target;
        if *target_file == self.root {
            // Into the root document: a local reference, followed when the document is read.
            if file != self.root {
                set_ref(value, format!("#{fragment}"));
            }
            return Ok(());
        }
        let is_schema = context == Context::Schema
            || fragment.starts_with("/components/schemas/")
            || fragment.starts_with("/definitions/")
            || fragment.starts_with("/$defs/");
        if is_schema {
            let name = self.hoist(&target, file, local, reference)?;
            set_ref(value, format!("#/components/schemas/{}", crate::lower::pointer_segment(&name)));
            return Ok(());
        }
        let key = format!("{target_file}#{fragment}");
        if self.chain.contains(&key) {
            self.chain.push(key);
            return Err(Error::spec(
                self.display(file),
                local,
                format!("`$ref`s across files form a cycle: {}", self.chain.join(" -> ")),
            ));
        }
        let mut copy = self.resolve(&target, file, local, reference)?;
        let origin = format!("#{fragment}");
        self.origins.push((here.to_string(), self.display(target_file), origin.clone()));
        self.chain.push(key);
        self.walk(&mut copy, target_file, here, &origin, context)?;
        self.chain.pop();
        // Keys beside the `$ref` (a path item's `parameters`, a `description`) stay and win.
        if let (Value::Object(copied), Value::Object(local)) = (&mut copy, &*value) {
            for (key, member) in local {
                if key != "$ref" {
                    copied.insert(key.clone(), member.clone());
                }
            }
        }
        *value = copy;
        Ok(())
    }

    /// The component a schema from another file becomes, added on first reference.
    fn hoist(&mut self, target: &Target, file: &str, local: &str, reference: &str) -> Result<String, Error> {
        if let Some(name) = self.hoisted.get(target) {
            return Ok(name.clone());
        }
        let (target_file, fragment) = target;
        let base = component_name(target_file, fragment);
        let mut name = base.clone();
        let mut number = 2;
        while self.taken.contains(&name) {
            name = format!("{base}{number}");
            number += 1;
        }
        self.taken.insert(name.clone());
        self.hoisted.insert(target.clone(), name.clone());
        let mut copy = self.resolve(target, file, local, reference)?;
        let at = format!("#/components/schemas/{}", crate::lower::pointer_segment(&name));
        let origin = format!("#{fragment}");
        self.origins.push((at.clone(), self.display(target_file), origin.clone()));
        self.walk(&mut copy, target_file, &at, &origin, Context::Schema)?;
        self.schemas.push((name.clone(), copy));
        Ok(name)
    }

    /// The file and fragment `reference` (in `file`, at `local`) points to.
    fn target(&self, reference: &str, file: &str, local: &str) -> Result<Target, Error> {
        let refuse = |message: String| Error::spec(self.display(file), local, message);
        if reference.contains("://") {
            return Err(refuse(format!(
                "`$ref: {reference}` points to a URL, which this generator does not fetch: download the file and refer to it by a relative path"
            )));
        }
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(refuse(format!(
                "`$ref: {reference}` has a fragment that is not a JSON pointer (`#/...`); anchors are not supported"
            )));
        }
        if path.is_empty() {
            return Ok((file.to_string(), fragment));
        }
        let folder = file.rfind('/').map_or("", |at| &file[..at + 1]);
        let key = if path.starts_with('/') { normalize(path) } else { normalize(&format!("{folder}{path}")) };
        Ok((key, fragment))
    }

    /// A copy of the value at `target`, reading its file if it was not read yet.
    fn resolve(&mut self, target: &Target, file: &str, local: &str, reference: &str) -> Result<Value, Error> {
        let (target_file, fragment) = target;
        if !self.files.contains_key(target_file) {
            let shown = self.display(target_file);
            let text = (self.read)(target_file).map_err(|why| {
                Error::spec(self.display(file), local, format!("`$ref: {reference}`: cannot read {shown}: {why}"))
            })?;
            let parsed = parse_file(&text, &shown)?;
            self.texts.insert(shown.clone(), text);
            self.inputs.push(shown);
            self.files.insert(target_file.clone(), parsed);
        }
        let document = self.files.get(target_file).map_or(&Value::Null, |d| d);
        document.pointer(fragment).cloned().ok_or_else(|| {
            Error::spec(
                self.display(file),
                local,
                format!("`$ref: {reference}`: {} has nothing at #{fragment}", self.display(target_file)),
            )
        })
    }

    /// A file's path as messages name it: the root's folder joined with its key.
    fn display(&self, key: &str) -> String {
        if key.starts_with('/') { key.to_string() } else { normalize(&format!("{}{key}", self.root_dir)) }
    }
}

/// Replaces the `$ref` of `value` with `reference`.
fn set_ref(value: &mut Value, reference: String) {
    if let Value::Object(map) = value {
        map.insert("$ref".into(), Value::String(reference));
    }
}

/// The component name of a schema from another file: its name under `components/schemas`
/// (or `definitions`, `$defs`, or the last segment of any other pointer), else the file's
/// name without its extensions.
fn component_name(file: &str, fragment: &str) -> String {
    let last = fragment.rsplit('/').find(|s| !s.is_empty() && !s.chars().all(|c| c.is_ascii_digit()));
    match last {
        Some(segment) => segment.replace("~1", "/").replace("~0", "~"),
        None => {
            let name = file.rsplit('/').next().unwrap_or(file);
            let stem = name.split('.').next().unwrap_or(name);
            if stem.is_empty() { "Schema".into() } else { stem.to_string() }
        }
    }
}

// An example of a team's layout: not a path in this repository.
/// `a/./b/../c` as `a/c`; `..` past the start is kept (`../common.yaml`).
fn normalize(path: &str) -> String {
    let absolute = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            _ => parts.push(segment),
        }
    }
    let joined = parts.join("/");
    if absolute { format!("/{joined}") } else { joined }
}

/// `%7B` as `{`: fragments may be percent-encoded, as URI fragments are.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[index] == b'%'
            && index + 2 < bytes.len()
            && let (Some(high), Some(low)) = (hex(bytes[index + 1]), hex(bytes[index + 2]))
        {
            out.push((high * 16 + low) as u8);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

/// A file's text as a tree: JSON when it starts like JSON, YAML otherwise.
pub(crate) fn parse_file(text: &str, file: &str) -> Result<Value, Error> {
    if text.trim_start().starts_with(['{', '[']) {
        serde_json::from_str(text).map_err(|e| crate::parse::json_error(file, &e))
    } else {
        serde_yaml::from_str::<Tree>(text).map(|tree| tree.0).map_err(|e| crate::parse::yaml_error(file, &e))
    }
}

/// A JSON tree read from YAML that takes an integer beyond 64 bits (OpenAI's `minimum:
/// -9223372036854776000`) as the float it stands for, where `serde_json::Value` refuses it.
struct Tree(Value);

impl<'de> serde::Deserialize<'de> for Tree {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor).map(Tree)
    }
}

struct TreeVisitor;

impl<'de> serde::de::Visitor<'de> for TreeVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| Value::from(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(TreeVisitor)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Tree(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members = Map::new();
        while let Some((key, Tree(value))) = map.next_entry::<Tree, Tree>()? {
            // YAML keys may be numbers or booleans (`200:` for a status); JSON's are text.
            let key = match key.0 {
                Value::String(key) => key,
                other => other.to_string(),
            };
            // A key written twice is refused, as the direct reader refuses it: which one was
            // meant is not for the generator to guess.
            if members.contains_key(&key) {
                return Err(serde::de::Error::custom(format!("duplicate key `{key}`")));
            }
            members.insert(key, value);
        }
        Ok(Value::Object(members))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> impl FnMut(&str) -> Result<String, String> {
        let map: BTreeMap<String, String> = list.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        move |path: &str| map.get(path).cloned().ok_or_else(|| "no such file".to_string())
    }

    #[test]
    fn paths_are_joined_and_normalised() {
        // not a path in this repository: a path of the test's own files.
        assert_eq!(normalize("a/./b/../c.yaml"), "a/c.yaml");
        // not a path in this repository: a path of the test's own files.
        assert_eq!(normalize("../common.yaml"), "../common.yaml");
        // not a path in this repository: a path of the test's own files.
        assert_eq!(normalize("a/../../x.yaml"), "../x.yaml");
        assert_eq!(percent_decode("/paths/~1a%7Bid%7D"), "/paths/~1a{id}");
    }

    #[test]
    fn schemas_are_named_from_their_component_or_file() {
        assert_eq!(component_name("common.yaml", "/components/schemas/Page"), "Page");
        assert_eq!(component_name("schemas/user.yaml", ""), "user");
        assert_eq!(component_name("schemas/user.schema.json", ""), "user");
        assert_eq!(component_name("defs.yaml", "/Pet/items/0"), "items");
    }

    #[test]
    fn a_schema_from_another_file_becomes_one_component_and_collisions_are_numbered() {
        let root = "openapi: 3.0.3\ncomponents:\n  schemas:\n    Page: {type: string}\n    A: {$ref: 'common.yaml#/components/schemas/Page'}\n    B: {$ref: './common.yaml#/components/schemas/Page'}\n    C: {$ref: 'schemas/user.yaml'}\n";
        let mut read = files(&[
            (
                "common.yaml",
                "components:\n  schemas:\n    Page: {type: object, properties: {next: {$ref: '#/components/schemas/Cursor'}}}\n    Cursor: {type: string}\n",
            ),
            (
                "schemas/user.yaml",
                // not a path in this repository: a path of the test's own files.
                "type: object\nproperties:\n  page: {$ref: '../common.yaml#/components/schemas/Page'}\n  self: {$ref: 'user.yaml'}\n",
            ),
        ]);
        let bundled = bundle(root, "spec/openapi.yaml", &mut read).unwrap();
        let schemas = bundled.document.pointer("/components/schemas").unwrap();
        assert_eq!(schemas["A"]["$ref"], "#/components/schemas/Page2");
        assert_eq!(schemas["B"]["$ref"], "#/components/schemas/Page2");
        assert_eq!(schemas["Page2"]["properties"]["next"]["$ref"], "#/components/schemas/Cursor");
        assert_eq!(schemas["C"]["$ref"], "#/components/schemas/user");
        assert_eq!(schemas["user"]["properties"]["page"]["$ref"], "#/components/schemas/Page2");
        // A file that refers to itself: the cycle stays a reference.
        assert_eq!(schemas["user"]["properties"]["self"]["$ref"], "#/components/schemas/user");
        assert_eq!(bundled.inputs, ["spec/openapi.yaml", "spec/common.yaml", "spec/schemas/user.yaml"]);
    }

    #[test]
    fn other_things_are_copied_in_place_and_errors_name_their_file() {
        let root = "openapi: 3.0.3\npaths:\n  /users:\n    $ref: 'paths/users.yaml'\n";
        let mut read = files(&[
            (
                "paths/users.yaml",
                // not a path in this repository: a path of the test's own files.
                "get:\n  parameters:\n    - $ref: '../common.yaml#/components/parameters/Limit'\n  responses: {'200': {description: ok}}\n",
            ),
            (
                "common.yaml",
                "components:\n  parameters:\n    Limit: {name: limit, in: query, schema: {type: integer}}\n",
            ),
        ]);
        let bundled = bundle(root, "openapi.yaml", &mut read).unwrap();
        let parameter = bundled.document.pointer("/paths/~1users/get/parameters/0").unwrap();
        assert_eq!(parameter["name"], "limit");
        let located = bundled.locate(Error::spec("openapi.yaml", "#/paths/~1users/get/parameters/0/schema", "m"));
        let Error::Spec { file, pointer, .. } = located else { panic!() };
        assert_eq!((file.as_str(), pointer.as_str()), ("common.yaml", "#/components/parameters/Limit/schema"));

        // A file that is itself a `$ref` to another: the content, and a problem in it, is the
        // last one's.
        let root = "paths:\n  /a: {$ref: 'a.yaml'}\n";
        let mut read = files(&[("a.yaml", "$ref: 'b.yaml'\n"), ("b.yaml", "get: {responses: {}}\n")]);
        let bundled = bundle(root, "openapi.yaml", &mut read).unwrap();
        let located = bundled.locate(Error::spec("openapi.yaml", "#/paths/~1a/get/responses", "m"));
        assert_eq!(located.to_string(), "b.yaml: at #/get/responses: m");
    }

    #[test]
    fn urls_missing_files_cycles_and_broken_files_are_refused_by_name() {
        let message = |root: &str, list: &[(&str, &str)]| {
            let mut read = files(list);
            bundle(root, "spec/openapi.yaml", &mut read).unwrap_err().to_string()
        };
        let url = message("paths:\n  /a: {$ref: 'https://example.com/a.yaml'}\n", &[]);
        assert!(url.starts_with("spec/openapi.yaml:2:3: at #/paths/~1a: ") && url.contains("does not fetch"), "{url}");
        // A problem inside another file names that file, the line and column there, and the
        // pointer in it.
        let inner = message(
            "paths:\n  /a: {$ref: 'a.yaml'}\n",
            &[("a.yaml", "get:\n  parameters:\n    - $ref: 'gone.yaml'\n  responses: {}\n")],
        );
        assert!(inner.starts_with("spec/a.yaml:3:7: at #/get/parameters/0: `$ref: gone.yaml`: cannot read"), "{inner}");
        let missing = message("paths:\n  /a: {$ref: 'a.yaml'}\n", &[]);
        assert!(missing.contains("cannot read spec/a.yaml: no such file"), "{missing}");
        // A file the test leaves out.
        let schema = message("components:\n  schemas:\n    A: {$ref: '../gone.yaml'}\n", &[]); // not a path in this repository
        assert!(schema.contains("`$ref: ../gone.yaml`: cannot read gone.yaml"), "{schema}");
        let cycle = message(
            "paths:\n  /a: {$ref: 'a.yaml'}\n",
            &[("a.yaml", "$ref: 'b.yaml'\n"), ("b.yaml", "$ref: 'a.yaml'\n")],
        );
        assert!(cycle.contains("form a cycle"), "{cycle}");
        let broken = message("paths:\n  /a: {$ref: 'a.yaml'}\n", &[("a.yaml", "get: [unclosed\n")]);
        assert!(broken.starts_with("spec/a.yaml:"), "{broken}");
    }
}
