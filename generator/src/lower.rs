//! Lowers an `openapiv3` document into the [`crate::model`]: resolves `$ref`s, names every
//! type once (through [`crate::names`]), and rejects what cannot be generated with a JSON
//! pointer to the place.

use crate::Error;
use crate::config::Config;
use crate::model::*;
use crate::names::{self, Scope};
use openapiv3 as oa;
use openapiv3::ReferenceOr;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What lowering found besides the model: warnings (fallbacks taken) and notes (decisions a
/// spec's owner may want to know about, such as how rejections fill each error schema).
#[derive(Debug, Default)]
pub struct Findings {
    /// One line per fallback, naming its place.
    pub warnings: Vec<String>,
    /// One line per decision worth knowing.
    pub notes: Vec<String>,
    /// How many warnings are fallbacks: constructs represented (as `serde_json::Value` or raw
    /// bytes) rather than modelled.
    pub fallbacks: usize,
}

/// Lowers `doc` into an [`Api`].
pub fn lower(
    doc: &oa::OpenAPI,
    file: &str,
    crate_name: Option<&str>,
    config: &Config,
) -> Result<(Api, Findings), Error> {
    let (client, server) = config.sides()?;
    let mut cx = Lowerer::new(doc, file, config);
    let crate_name = cx.crate_name(crate_name)?;
    cx.lower_components()?;
    let Operations { mut operations, mut webhooks, credentials } = cx.lower_operations()?;
    share_identical_enums(&mut cx.types);
    name_alias_checkers(&mut cx.types);
    share_identical_errors(&mut operations);
    share_identical_errors(&mut webhooks);
    box_large_fields(&mut cx.types);
    name_builders(&mut cx.types, &mut cx.type_scope);
    let derive_notes = crate::derives::apply(&mut cx.types, config)?;
    let mut dependencies = Vec::new();
    for (name, value) in &config.dependencies {
        if crate::templates::BUILT_IN.iter().any(|(own, _)| own == name.get_ref()) {
            let message = format!("`{}` is one of the generated crate's own dependencies", name.get_ref());
            return Err(config.error(name.span(), message));
        }
        dependencies.push(format!("{} = {value}", name.get_ref()));
    }
    for (format, _) in config.formats.iter().filter(|(format, _)| !cx.formats_used.contains(format.get_ref())) {
        cx.warnings
            .push(config.warning(format.span(), format!("no schema of {file} has `format: {}`", format.get_ref())));
    }
    dependencies.extend(crate_dependencies(config, &cx.formats_used)?);
    let examples = std::mem::take(&mut cx.examples);
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        lib_name: crate_name.replace('-', "_"),
        crate_name,
        servers: doc.servers.iter().map(|s| s.url.clone()).collect(),
        types: std::mem::take(&mut cx.types),
        operations,
        webhooks,
        examples,
        credentials,
        dependencies,
        client,
        server,
        // JSON Schema 2020-12 (OpenAPI 3.1) counts `5.0` as an integer; the draft of OpenAPI
        // 3.0 (Wright 00) does not.
        whole_floats_are_integers: doc.extensions.contains_key(FROM_31_KEY),
    };
    let mut notes = std::mem::take(&mut cx.notes);
    notes.extend(infer_rejections(&mut api, &mut cx.server_fns, file));
    notes.extend(derive_notes);
    for (pointer, message) in drop_broken_examples(&mut api) {
        cx.warn(&pointer, message);
    }
    cx.count_repeated();
    let warnings = std::mem::take(&mut cx.warnings);
    Ok((api, Findings { warnings, notes, fallbacks: cx.fallbacks }))
}

/// A string enum identical to one before it (the same values, variant names and docs) becomes
/// an alias of that one: incident.io's spec declares 237 enums with 84 distinct value lists.
/// Each keeps its public name and its own doc; the code is emitted once.
fn share_identical_enums(types: &mut [TypeDef]) {
    /// An enum's values as `(variant, wire, doc)`.
    type Values = Vec<(String, String, Option<String>)>;
    let mut first: std::collections::HashMap<Values, (String, String)> = std::collections::HashMap::new();
    for def in types.iter_mut() {
        let TypeKind::StringEnum(e) = &def.kind else { continue };
        let key: Vec<_> = e.variants.iter().map(|v| (v.name.clone(), v.wire.clone(), v.doc.clone())).collect();
        match first.get(&key) {
            Some((canonical, unknown)) if *unknown == e.unknown => {
                def.kind = TypeKind::Alias(TypeUse::plain(Ty::Named(canonical.clone())));
            }
            Some(_) => {}
            None => {
                first.insert(key, (def.name.clone(), e.unknown.clone()));
            }
        }
    }
}

/// Names the check function of every alias whose target has rules of its own, or is an
/// array, a map or a scalar: it is emitted once in `models.rs` instead of at every use (nexus
/// uses its `Name` pattern 448 times). An alias of a named type without rules is checked as
/// that type, and free-form JSON has nothing to check.
fn name_alias_checkers(types: &mut [TypeDef]) {
    let mut scope = Scope::default();
    for def in types.iter_mut() {
        let TypeKind::Alias(target) = &def.kind else { continue };
        let trivial = match &target.ty {
            Ty::Named(_) | Ty::Json | Ty::Bytes => target.rules == Rules::default() && !target.nullable,
            _ => false,
        };
        if !trivial {
            def.checker = Some(scope.claim(format!("check_{}", names::value_name(&def.name).trim_start_matches("r#"))));
        }
    }
}

/// An operation whose documented error responses are those of an earlier one (the same
/// statuses, variants, bodies, headers and docs) names that one's client error enum: nexus
/// documents the same `4XX`/`5XX` pair for 193 operations.
fn share_identical_errors(operations: &mut [Operation]) {
    let mut first: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    for op in operations.iter_mut() {
        let errors: Vec<String> = op
            .responses
            .iter()
            .filter(|r| !r.is_success())
            .map(|r| format!("{:?} {} {:?} {:?} {:?}", r.status, r.variant, r.doc, r.body, r.headers))
            .collect();
        let canonical = first.entry(errors.join("\n")).or_insert_with(|| op.types.error.clone());
        if *canonical != op.types.error {
            op.types.shared_error = Some(canonical.clone());
        }
    }
}

/// Examples of responses that break their own schema are not served by the example stub,
/// which answers with a value built from the schema instead; each is a warning naming the
/// example.
fn drop_broken_examples(api: &mut Api) -> Vec<(String, &'static str)> {
    let broken: Vec<String> = api
        .all_operations()
        .flat_map(|op| &op.responses)
        .filter(|response| match (&response.body, &response.example) {
            (Some(body), Some(example)) => {
                matches!(response.kind, MediaKind::Json | MediaKind::Form)
                    && !crate::sample::conforms(api, body, example, 0)
            }
            _ => false,
        })
        .map(|response| response.example_pointer.clone())
        .collect();
    for response in api.operations.iter_mut().chain(&mut api.webhooks).flat_map(|op| &mut op.responses) {
        if response.example.is_some() && broken.contains(&response.example_pointer) {
            response.example = None;
        }
    }
    let message = "the example breaks its schema; the example stub answers with a value built from the schema";
    broken.into_iter().map(|pointer| (pointer, message)).collect()
}

/// Fields and union variants whose type would make their container larger than this many bytes
/// are boxed.
const LARGE: usize = 2048;

/// Boxes the fields and union variants whose types are large, so no generated type is huge:
/// Stripe nests objects in objects until a `Charge` would take 1.5 MB, which overflows a
/// thread's stack the moment one is decoded. Sizes are estimates of the Rust layout; boxing one
/// field makes its container smaller, so the pass repeats until nothing changes. Recursion was
/// boxed already.
fn box_large_fields(types: &mut [TypeDef]) {
    loop {
        let sizes = estimate_sizes(types);
        let size = |tu: &TypeUse| use_size(tu, &sizes);
        let mut changed = false;
        for def in types.iter_mut() {
            match &mut def.kind {
                TypeKind::Struct(s) => {
                    for field in s.fields.iter_mut().filter(|f| !f.boxed && !f.flatten) {
                        if size(&field.ty) > LARGE {
                            field.boxed = true;
                            changed = true;
                        }
                    }
                }
                TypeKind::Union(u) => {
                    for variant in u.variants.iter_mut().filter(|v| !v.boxed) {
                        if variant.ty.as_ref().is_some_and(|t| size(t) > LARGE) {
                            variant.boxed = true;
                            changed = true;
                        }
                    }
                }
                TypeKind::StringEnum(_) | TypeKind::Alias(_) => {}
            }
        }
        if !changed {
            return;
        }
    }
}

/// Estimated sizes of the named types, in bytes.
fn estimate_sizes(types: &[TypeDef]) -> BTreeMap<String, usize> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    // Types refer to each other in any order: iterate until the estimates settle. A type not
    // estimated yet counts as a pointer, which is what recursion is boxed to.
    for _ in 0..=types.len().min(64) {
        let mut changed = false;
        for def in types {
            let size = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| {
                        let inner = if f.boxed { 8 } else { use_size(&f.ty, &sizes) };
                        if f.required { inner } else { inner + 8 }
                    })
                    .sum(),
                TypeKind::StringEnum(_) => 32,
                TypeKind::Alias(tu) => use_size(tu, &sizes),
                TypeKind::Union(u) => {
                    8 + u
                        .variants
                        .iter()
                        .map(|v| if v.boxed { 8 } else { v.ty.as_ref().map_or(0, |t| use_size(t, &sizes)) })
                        .max()
                        .unwrap_or(0)
                }
            };
            if sizes.insert(def.name.clone(), size) != Some(size) {
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    sizes
}

fn use_size(tu: &TypeUse, sizes: &BTreeMap<String, usize>) -> usize {
    let base = match &tu.ty {
        Ty::Bool => 1,
        Ty::Int(_) | Ty::F32 | Ty::F64 => 8,
        Ty::Date => 4,
        Ty::DateTime => 12,
        Ty::String | Ty::Bytes | Ty::Vec(_) | Ty::Map(_) => 24,
        Ty::Json => 32,
        Ty::Named(name) => sizes.get(name).copied().unwrap_or(8),
        Ty::Tuple(items) => items.iter().map(|item| use_size(item, sizes)).sum(),
        // Not known here; as large as a `String`, which most such types are at most.
        Ty::Mapped { .. } => 24,
    };
    if tu.nullable { base + 8 } else { base }
}

/// Gives every error schema an operation documents with a JSON body, and that has no
/// `x-rejection` of its own, a template inferred from its properties (see
/// [`crate::rejection::infer`]), so that the server's own rejections come in the shape the
/// operation documents. A template whose filled-in body would not fit the schema is dropped
/// (those rejections stay `application/problem+json`). Returns one note per schema.
fn infer_rejections(api: &mut Api, server_fns: &mut Scope, file: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for op in api.all_operations() {
        for response in op.responses.iter().filter(|r| !r.is_success() && r.kind == MediaKind::Json) {
            let Some(body) = &response.body else { continue };
            let Ty::Named(name) = &crate::emit::resolve_alias(api, body).ty else { continue };
            if !names.contains(name) {
                names.push(name.clone());
            }
        }
    }
    let mut notes = Vec::new();
    for name in names {
        let Some(def) = api.type_def(&name) else { continue };
        // A union of error shapes (GitHub's `oneOf: [validation-error, validation-error-simple]`)
        // is filled as the first of its object alternatives whose filling the union accepts.
        let candidates: Vec<String> = match &def.kind {
            _ if def.rejection.is_some() => continue,
            TypeKind::Struct(_) => vec![name.clone()],
            TypeKind::Union(u) if u.tag.is_none() => u
                .variants
                .iter()
                .filter_map(|v| match &crate::emit::resolve_alias(api, v.ty.as_ref()?).ty {
                    Ty::Named(n) if matches!(api.type_def(n).map(|t| &t.kind), Some(TypeKind::Struct(_))) => {
                        Some(n.clone())
                    }
                    _ => None,
                })
                .collect(),
            _ => continue,
        };
        let pointer = def.pointer.clone();
        let whole = TypeUse::plain(Ty::Named(name.clone()));
        let inferred = candidates.iter().find_map(|candidate| {
            let (template, filled) = crate::rejection::infer(api, candidate)?;
            let sample = crate::rejection::instantiate(&template);
            crate::sample::conforms(api, &whole, &sample, 0).then_some((template, filled))
        });
        let Some((template, filled)) = inferred else {
            if !candidates.is_empty() {
                notes.push(format!(
                    "{file}: at {pointer}: the server cannot fill this error schema validly; its rejections stay application/problem+json"
                ));
            }
            continue;
        };
        let how = if filled.is_empty() { "only values built from the schema".to_string() } else { filled.join(", ") };
        notes.push(format!("{file}: at {pointer}: the server's rejections fill this error schema: {how}"));
        let builder = server_fns.claim(format!("render_{}", names::value_name(&name).trim_start_matches("r#")));
        if let Some(def) = api.types.iter_mut().find(|t| t.name == name) {
            def.rejection = Some(RejectionDef { template, builder, inferred: true });
        }
    }
    notes
}

/// The scheme names of every `security` requirement in a JSON tree (the 3.1 webhooks, which
/// the 3.0 types keep as an extension).
fn security_names(tree: &serde_json::Value, found: &mut BTreeSet<String>) {
    match tree {
        serde_json::Value::Object(members) => {
            for (key, value) in members {
                match (key.as_str(), value) {
                    ("security", serde_json::Value::Array(requirements)) => {
                        found.extend(requirements.iter().filter_map(|r| r.as_object()).flat_map(|r| r.keys().cloned()));
                    }
                    // Data, not the document's structure.
                    ("example" | "examples" | "default" | "enum", _) => {}
                    _ => security_names(value, found),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|item| security_names(item, found)),
        _ => {}
    }
}

fn crate_name_from_title(title: &str) -> String {
    // A title with nothing ASCII to keep (`日本語`, `-`) names no package; Rust names of such
    // words are a placeholder (`value`), not a name.
    if !title.chars().any(|c| c.is_ascii_alphanumeric()) {
        return "api-client".into();
    }
    let snake = names::value_name(title);
    let ascii: String =
        snake.trim_start_matches("r#").chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let name = ascii.split('_').filter(|word| !word.is_empty()).collect::<Vec<_>>().join("-");
    // A package name starts with a letter (`1Password Connect`, a title that is a year), and
    // has at most 64 characters (whole words of a long title).
    let name = match name.chars().next() {
        None => "api-client".into(),
        Some(first) if !first.is_ascii_alphabetic() => format!("api-{name}"),
        Some(_) => name,
    };
    let mut short = String::new();
    for word in name.split('-') {
        if !short.is_empty() && short.len() + 1 + word.len() > 64 {
            break;
        }
        if !short.is_empty() {
            short.push('-');
        }
        short.push_str(word);
    }
    short.truncate(64);
    short
}

/// Whether Cargo takes `name` as a package name: ASCII letters, digits, `-` and `_`, starting
/// with a letter.
fn is_package_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// A value of a string `format` this generator does not check (JSON Schema's and OpenAPI's
/// format registries).
fn format_sample(format: &oa::VariantOrUnknownOrEmpty<oa::StringFormat>) -> Option<&'static str> {
    let oa::VariantOrUnknownOrEmpty::Unknown(name) = format else { return None };
    Some(match name.as_str() {
        "uri-reference" | "iri" | "iri-reference" => "https://example.com/",
        "uri-template" => "https://example.com/{id}",
        "hostname" | "idn-hostname" => "example.com",
        "time" => "00:00:00Z",
        "duration" => "P1D",
        "json-pointer" => "/a",
        "relative-json-pointer" => "0",
        _ => return None,
    })
}

/// Escapes one JSON pointer segment (RFC 6901).
pub fn pointer_segment(raw: &str) -> String {
    raw.replace('~', "~0").replace('/', "~1")
}

const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// The names an operation gets before its parts are lowered.
/// Where the 3.1 reader moves a schema's `prefixItems`, which the 3.0 reader does not know.
pub const PREFIX_ITEMS_KEY: &str = "x-openapi-3-1-prefix-items";

/// Where the 3.1 reader moves `propertyNames`, which the 3.0 reader does not keep.
pub const PROPERTY_NAMES_KEY: &str = "x-openapi-3-1-property-names";

/// Where the 3.1 reader moves `webhooks`: the 3.0 reader keeps only `x-` keys beside its own.
/// (Vendors' own `x-webhooks` are left alone: incident.io's, for one, describes payloads as the
/// responses of `GET`s, not as requests.)
pub const WEBHOOKS_31_KEY: &str = "x-openapi-3-1-webhooks";

/// The keys of a path item that are operations.
pub const PATH_ITEM_METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Set by the 3.1 reader on the document it rewrote: its schemas are JSON Schema 2020-12.
pub const FROM_31_KEY: &str = "x-openapi-3-1";

/// What [`Lowerer::lower_operations`] lowers.
struct Operations {
    operations: Vec<Operation>,
    webhooks: Vec<Operation>,
    credentials: Vec<Credential>,
}

/// The scopes operation names are taken from, shared by operations and webhooks so that every
/// derived type name is unique in the crate.
struct OperationScopes {
    /// Methods of the `Client` (for operations) or of the webhook sender.
    fns: Scope,
    /// Prefixes of the operations' types.
    prefixes: Scope,
    client_types: Scope,
    server_types: Scope,
    /// Each `operationId` with the pointer of the operation that took it.
    seen_ids: BTreeMap<String, String>,
}

/// The operations of a path item with their methods, in the order OpenAPI lists methods.
fn methods_of(item: &oa::PathItem) -> Vec<(Method, &oa::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| Some((method, op.as_ref()?)))
    .collect()
}

/// The path segment a webhook is received at: its name, with what a URL path or a route
/// template would read specially (`/`, `{`, `:`, `*`, spaces, ...) replaced by `-`.
fn webhook_segment(name: &str) -> String {
    let segment: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || "-._~".contains(c) { c } else { '-' }).collect();
    if segment.is_empty() || segment.chars().all(|c| c == '.') { format!("webhook{segment}") } else { segment }
}

struct OperationNames {
    id: String,
    fn_name: String,
    /// Prefix of inline types named from the operation (`{prefix}Body`).
    prefix: String,
    handler: String,
    types: OperationTypes,
}

struct Lowerer<'a> {
    doc: &'a oa::OpenAPI,
    file: &'a str,
    /// The configuration file's renames, derives and format mappings.
    config: &'a Config,
    /// The formats of `config.formats` the spec uses.
    formats_used: BTreeSet<String>,
    /// Decisions worth knowing, one line each (the pagination found).
    notes: Vec<String>,
    types: Vec<TypeDef>,
    /// Types of the `models` module.
    type_scope: Scope,
    /// Functions of the `server` module: handlers and rejection builders.
    server_fns: Scope,
    /// Component schema key -> Rust type name.
    components: BTreeMap<String, String>,
    /// Inline schemas with a `title`, so that identical copies share one type.
    titled: Vec<(String, oa::Schema, String)>,
    /// Fallbacks taken, one line each.
    warnings: Vec<String>,
    /// Warnings that a spec repeats in many places (Kubernetes puts `uniqueItems` on every
    /// scalar parameter): the index of the first one and how many more there were.
    repeated: BTreeMap<String, (usize, BTreeSet<String>)>,
    /// Examples met so far.
    examples: Vec<Example>,
    /// How many of the warnings are fallbacks.
    fallbacks: usize,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a oa::OpenAPI, file: &'a str, config: &'a Config) -> Self {
        Lowerer {
            doc,
            file,
            config,
            formats_used: BTreeSet::new(),
            notes: Vec::new(),
            types: Vec::new(),
            type_scope: Scope::default(),
            server_fns: Scope::with_reserved(names::reserved::SERVER_FNS),
            components: BTreeMap::new(),
            titled: Vec::new(),
            warnings: Vec::new(),
            repeated: BTreeMap::new(),
            examples: Vec::new(),
            fallbacks: 0,
        }
    }

    /// Records the examples at `pointer` (an `example` value, and `examples` entries whose
    /// `value` is given inline or through `#/components/examples/`) as values of `ty`.
    fn record_examples(
        &mut self,
        pointer: &str,
        ty: &TypeUse,
        example: Option<&Value>,
        examples: &indexmap::IndexMap<String, ReferenceOr<oa::Example>>,
    ) {
        if let Some(value) = example {
            self.examples.push(Example { pointer: format!("{pointer}/example"), ty: ty.clone(), value: value.clone() });
        }
        let components = self.doc.components.as_ref().map(|c| &c.examples);
        for (key, entry) in examples {
            let Ok(example) = resolve_component(entry, components, "#/components/examples/") else { continue };
            if let Some(value) = &example.value {
                let pointer = format!("{pointer}/examples/{}/value", pointer_segment(key));
                self.examples.push(Example { pointer, ty: ty.clone(), value: value.clone() });
            }
        }
    }

    /// A warning for a construct represented by a fallback (`serde_json::Value`, raw bytes)
    /// rather than modelled.
    fn fallback(&mut self, pointer: &str, message: impl std::fmt::Display) {
        self.fallbacks += 1;
        self.warn(pointer, message);
    }

    fn warn(&mut self, pointer: &str, message: impl std::fmt::Display) {
        self.warnings.push(format!("{}: at {pointer}: {message}", self.file));
    }

    /// A warning that may recur word for word at many places: the first keeps its pointer and,
    /// at the end, says how many more there were (see `count_repeated`).
    fn warn_once(&mut self, pointer: &str, message: String) {
        // A place lowered more than once (a path's shared parameter, once per operation) counts once.
        if let Some((_, places)) = self.repeated.get_mut(&message) {
            places.insert(pointer.to_string());
            return;
        }
        self.repeated.insert(message.clone(), (self.warnings.len(), BTreeSet::from([pointer.to_string()])));
        self.warn(pointer, message);
    }

    fn count_repeated(&mut self) {
        for (first, places) in std::mem::take(&mut self.repeated).into_values() {
            let more = places.len() - 1;
            if more > 0 {
                let places = if more == 1 { "place" } else { "places" };
                self.warnings[first].push_str(&format!(" (the same at {more} more {places})"));
            }
        }
    }

    fn error(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::spec(self.file, pointer, message)
    }

    /// The package name: as given (refused when Cargo or Rust cannot use it), else from
    /// `info.title`, with `-api` added when the title names a crate the generated one needs.
    fn crate_name(&mut self, given: Option<&str>) -> Result<String, Error> {
        let taken = |name: &str| {
            let lib = name.replace('-', "_");
            names::reserved::CRATES.contains(&lib.as_str()) || names::is_keyword(&lib)
        };
        if let Some(name) = given {
            let problem = if !is_package_name(name) {
                "is not a package name: use ASCII letters, digits, `-` and `_`, starting with a letter"
            } else if taken(name) {
                "is a Rust keyword or the name of a crate the generated crate uses; pick another"
            } else {
                return Ok(name.to_string());
            };
            return Err(Error::Settings { file: self.file.into(), message: format!("crate name {name:?} {problem}") });
        }
        let name = crate_name_from_title(&self.doc.info.title);
        if taken(&name) {
            let renamed = format!("{name}-api");
            self.warn(
                "#/info/title",
                format!("the crate is named `{renamed}`: `{name}` is a Rust keyword or a crate it uses"),
            );
            return Ok(renamed);
        }
        Ok(name)
    }

    /// The configuration's schema renames, checked: each names a schema of the spec and a
    /// valid Rust type name.
    fn schema_renames(&self) -> Result<Vec<(String, toml::Spanned<String>)>, Error> {
        let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
        let mut renames = Vec::new();
        for (from, to) in &self.config.rename.schemas {
            if !schemas.is_some_and(|s| s.contains_key(from.get_ref())) {
                let message = format!("{} has no schema {:?} to rename", self.filtered_file(), from.get_ref());
                return Err(self.config.error(from.span(), message));
            }
            let wanted = names::type_name(to.get_ref());
            if wanted != *to.get_ref() {
                let message =
                    format!("`{}` is not a Rust type name in UpperCamelCase (`{wanted}` would be)", to.get_ref());
                return Err(self.config.error(to.span(), message));
            }
            renames.push((from.get_ref().clone(), to.clone()));
        }
        // A rename must not push a schema the configuration left alone off its own name.
        for (_, to) in &renames {
            let renamed = |key: &String| self.config.rename.schemas.keys().any(|from| from.get_ref() == key);
            let owner = schemas
                .into_iter()
                .flat_map(|s| s.keys())
                .find(|key| !renamed(key) && names::type_name(key) == *to.get_ref());
            if let Some(owner) = owner {
                let message = format!("`{}` is the name of the schema {owner:?}; rename that one too", to.get_ref());
                return Err(self.config.error(to.span(), message));
            }
        }
        Ok(renames)
    }

    /// The spec as a message about the configuration names it: after the filter, when one
    /// left parts out.
    fn filtered_file(&self) -> String {
        if self.config.filter.is_active() {
            format!("{} (after the [filter])", self.file)
        } else {
            self.file.to_string()
        }
    }

    fn lower_components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.doc.components else { return Ok(()) };
        // Names first, so schemas can refer to each other in any order. When two schemas map
        // to one Rust name, the schema spelled exactly like it keeps it (`FooBar` over
        // `Foo-Bar`), otherwise the first in the spec; the other is numbered, with a warning.
        // Names the configuration chose come first: they are what the team asked for.
        for (key, name) in self.schema_renames()? {
            let span = name.span();
            let name = name.into_inner();
            if self.type_scope.claim(name.clone()) != name {
                return Err(self.config.error(span, format!("`{name}` is the name of another renamed schema")));
            }
            self.components.insert(key, name);
        }
        let keys: Vec<&String> = components.schemas.keys().filter(|k| !self.components.contains_key(*k)).collect();
        let exact = |key: &&String| names::type_name(key) != **key;
        let mut order = keys.clone();
        order.sort_by_key(exact);
        let mut first_of: BTreeMap<String, &String> = BTreeMap::new();
        for key in order {
            let wanted = names::type_name(key);
            let name = self.type_scope.claim(wanted.clone());
            if let Some(other) = first_of.get(&wanted) {
                self.warn(
                    &format!("{SCHEMA_PREFIX}{}", pointer_segment(key)),
                    format!("schema {key:?} is the Rust type `{name}`: schema {other:?} is `{wanted}`"),
                );
            } else {
                first_of.insert(wanted, key);
            }
            self.components.insert(key.clone(), name);
        }
        for (key, schema) in &components.schemas {
            let pointer = format!("{SCHEMA_PREFIX}{}", pointer_segment(key));
            let name = self.components[key].clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &pointer)?;
                    self.types.push(TypeDef {
                        name,
                        rejection: None,
                        checker: None,
                        derives: Vec::new(),
                        doc: None,
                        kind: TypeKind::Alias(TypeUse::plain(Ty::Named(target))),
                        pointer,
                    });
                }
                ReferenceOr::Item(schema) => self.define(name, schema, &pointer)?,
            }
        }
        self.check_alias_cycles()
    }

    /// Rejects aliases that only lead back to themselves, which Rust cannot express.
    fn check_alias_cycles(&self) -> Result<(), Error> {
        for start in &self.types {
            let mut current = start;
            for _ in 0..=self.types.len() {
                let TypeKind::Alias(TypeUse { ty: Ty::Named(next), .. }) = &current.kind else { break };
                if *next == start.name {
                    return Err(
                        self.error(&start.pointer, "this schema is only a `$ref` cycle back to itself; give it a type")
                    );
                }
                match self.types.iter().find(|t| t.name == *next) {
                    Some(t) => current = t,
                    None => break,
                }
            }
        }
        Ok(())
    }

    /// Resolves a schema `$ref` to the Rust name of its component.
    fn schema_ref(&self, reference: &str, pointer: &str) -> Result<String, Error> {
        let key = reference.strip_prefix(SCHEMA_PREFIX).ok_or_else(|| {
            self.error(
                pointer,
                format!("unsupported $ref {reference:?}; only local refs to #/components/schemas/ are supported here"),
            )
        })?;
        let key = unescape_pointer(key);
        self.components
            .get(&key)
            .cloned()
            .ok_or_else(|| self.error(pointer, format!("$ref {reference:?} points to a schema that does not exist")))
    }

    /// Adds a named type for `schema`.
    fn define(&mut self, name: String, schema: &oa::Schema, pointer: &str) -> Result<(), Error> {
        // A scalar with keywords of another type, or with its own values beside `allOf:
        // [$ref]`, is read as its type before it could be taken for a composition.
        let retyped = self.retyped(schema, pointer);
        let schema = retyped.as_ref().unwrap_or(schema);
        let doc = schema_doc(schema);
        let kind = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(object)) if !is_map(object) => TypeKind::Struct(self.lower_struct(
                &name,
                &object.properties,
                &object.required,
                object.additional_properties.as_ref(),
                (object.min_properties, object.max_properties),
                pointer,
            )?),
            oa::SchemaKind::Any(any) if !any.properties.is_empty() && !is_composite(schema) => {
                TypeKind::Struct(self.lower_struct(
                    &name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    (any.min_properties, any.max_properties),
                    pointer,
                )?)
            }
            oa::SchemaKind::Type(oa::Type::String(s))
                if !s.enumeration.is_empty() && !s.enumeration.contains(&None) =>
            {
                TypeKind::StringEnum(string_enum(&s.enumeration))
            }
            _ if is_composite(schema) => self.lower_composite(&name, schema, pointer)?,
            _ => TypeKind::Alias(self.lower_inline(schema, &name, pointer, false)?),
        };
        let rejection = match schema.schema_data.extensions.get("x-rejection") {
            Some(template) => {
                crate::rejection::check_template(template)
                    .map_err(|message| self.error(&format!("{pointer}/x-rejection"), message))?;
                let builder =
                    self.server_fns.claim(format!("render_{}", names::value_name(&name).trim_start_matches("r#")));
                Some(RejectionDef { template: template.clone(), builder, inferred: false })
            }
            None => None,
        };
        let example = schema.schema_data.example.as_ref();
        self.record_examples(pointer, &TypeUse::plain(Ty::Named(name.clone())), example, &Default::default());
        self.types.push(TypeDef {
            name,
            doc,
            kind,
            pointer: pointer.into(),
            rejection,
            checker: None,
            derives: Vec::new(),
        });
        Ok(())
    }

    fn lower_struct(
        &mut self,
        name: &str,
        properties: &Properties,
        required: &[String],
        additional: Option<&oa::AdditionalProperties>,
        (min_properties, max_properties): (Option<usize>, Option<usize>),
        pointer: &str,
    ) -> Result<StructDef, Error> {
        let mut scope = Scope::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, schema) in properties {
            let field_pointer = format!("{pointer}/properties/{}", pointer_segment(wire_name));
            let context = format!("{name}{}", names::type_name(wire_name));
            let ty = self.lower_use_boxed(schema, &context, &field_pointer)?;
            let item = self.resolve_schema(schema, &field_pointer)?;
            let boxed = self.contains(&ty, name);
            fields.push(Field {
                name: scope.claim(names::value_name(wire_name)),
                wire_name: wire_name.clone(),
                doc: with_default(item.and_then(schema_doc), item.and_then(|s| s.schema_data.default.as_ref())),
                secret: item.is_some_and(is_secret),
                default: item.and_then(|s| s.schema_data.default.clone()),
                deprecated: item.is_some_and(|s| s.schema_data.deprecated),
                // readOnly properties are not sent in requests, writeOnly ones not in responses: a
                // type shared by both cannot insist on them.
                required: required.contains(wire_name)
                    && !item.is_some_and(|s| s.schema_data.read_only || s.schema_data.write_only),
                response_required: required.contains(wire_name) && !item.is_some_and(|s| s.schema_data.write_only),
                ty,
                boxed,
                flatten: false,
            });
        }
        // A required name without a schema must be present with any value (JSON Schema).
        for wire_name in required {
            if !properties.contains_key(wire_name) && !fields.iter().any(|f: &Field| &f.wire_name == wire_name) {
                fields.push(Field {
                    name: scope.claim(names::value_name(wire_name)),
                    wire_name: wire_name.clone(),
                    doc: Some("Required by the spec without a schema of its own: any JSON value.".into()),
                    ty: TypeUse::plain(Ty::Json),
                    required: true,
                    response_required: true,
                    default: None,
                    secret: false,
                    boxed: false,
                    deprecated: false,
                    flatten: false,
                });
            }
        }
        Ok(StructDef {
            fields,
            deny_unknown: matches!(additional, Some(oa::AdditionalProperties::Any(false))),
            min_properties,
            max_properties,
            tag: None,
            conditions: None,
            builder: None,
        })
    }

    /// Whether a value of `tu` would hold a `target` in place, i.e. whether a field of that
    /// use inside `target` would make `target` infinitely large (and so is boxed).
    fn contains(&self, tu: &TypeUse, target: &str) -> bool {
        tu.held_in_place().into_iter().any(|name| self.reaches(name, target))
    }

    /// Whether the named type `from` is `target` or leads to it through aliases and fields
    /// stored inline (not behind a `Vec`, a map or a `Box`).
    fn reaches(&self, from: &str, target: &str) -> bool {
        let mut stack = vec![from.to_string()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == target {
                return true;
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            let Some(def) = self.types.iter().find(|t| t.name == name) else {
                // Not lowered yet: a component being defined; only the target itself matters.
                continue;
            };
            let held: Vec<&str> = match &def.kind {
                TypeKind::Alias(target) => target.held_in_place(),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .filter(|v| !v.boxed)
                    .filter_map(|v| v.ty.as_ref())
                    .flat_map(TypeUse::held_in_place)
                    .collect(),
                TypeKind::Struct(s) => {
                    s.fields.iter().filter(|f| !f.boxed).flat_map(|f| f.ty.held_in_place()).collect()
                }
                TypeKind::StringEnum(_) => Vec::new(),
            };
            stack.extend(held.into_iter().map(str::to_string));
        }
        false
    }

    /// Whether a schema describes JSON structure (an object, an array, a number, a union)
    /// rather than a string, which a media range carries as bytes or text.
    fn describes_structure(&self, schema: &ReferenceOr<oa::Schema>) -> bool {
        self.structure_within(schema, 0)
    }

    /// `describes_structure`, `depth` compositions down: a composition describes structure
    /// when one of its parts does (a `oneOf` of a binary string and text stays bytes).
    fn structure_within(&self, schema: &ReferenceOr<oa::Schema>, depth: usize) -> bool {
        // A `$ref` that leads nowhere is reported where the body's schema is lowered.
        let schema = resolve_component(schema, self.doc.components.as_ref().map(|c| &c.schemas), SCHEMA_PREFIX);
        let parts = |parts: &[ReferenceOr<oa::Schema>]| {
            // Compositions nested this deep are taken as structure rather than followed on.
            depth >= 8 || parts.iter().any(|part| self.structure_within(part, depth + 1))
        };
        match schema.ok().map(|s| &s.schema_kind) {
            Some(oa::SchemaKind::Type(oa::Type::String(_))) | None => false,
            Some(oa::SchemaKind::OneOf { one_of: all } | oa::SchemaKind::AnyOf { any_of: all }) => parts(all),
            Some(oa::SchemaKind::AllOf { all_of }) => parts(all_of),
            Some(oa::SchemaKind::Any(any)) => {
                !any.properties.is_empty()
                    || any.items.is_some()
                    || any.additional_properties.is_some()
                    || parts(&any.one_of)
                    || parts(&any.all_of)
                    || parts(&any.any_of)
            }
            Some(_) => true,
        }
    }

    fn resolve_schema<'s>(
        &'s self,
        schema: &'s ReferenceOr<Box<oa::Schema>>,
        pointer: &str,
    ) -> Result<Option<&'s oa::Schema>, Error> {
        match schema {
            ReferenceOr::Item(s) => Ok(Some(s)),
            ReferenceOr::Reference { reference } => {
                self.schema_ref(reference, pointer)?;
                let key = unescape_pointer(reference.trim_start_matches(SCHEMA_PREFIX));
                Ok(self.doc.components.as_ref().and_then(|c| c.schemas.get(&key)).and_then(|s| s.as_item()))
            }
        }
    }

    fn lower_use_boxed(
        &mut self,
        schema: &ReferenceOr<Box<oa::Schema>>,
        context: &str,
        pointer: &str,
    ) -> Result<TypeUse, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_use(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, context, pointer, true),
        }
    }

    fn lower_use(&mut self, schema: &ReferenceOr<oa::Schema>, context: &str, pointer: &str) -> Result<TypeUse, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_use(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_inline(schema, context, pointer, true),
        }
    }

    /// The use of a named schema: nullable when it is a union one of whose alternatives admits
    /// null (see [`Self::union_admits_null`]), or nullable itself with no room for null in its
    /// type (see [`Self::null_left_to_uses`]).
    fn reference_use(&self, reference: &str, pointer: &str) -> Result<TypeUse, Error> {
        let name = self.schema_ref(reference, pointer)?;
        let nullable =
            self.part_schema_ref(reference).is_some_and(|s| self.union_admits_null(s, 0) || self.null_left_to_uses(s));
        Ok(TypeUse { nullable, ..TypeUse::plain(Ty::Named(name)) })
    }

    /// Whether a component is `nullable` but defined as a type with no room for null (a
    /// struct, a string enum, a union: GitHub's `nullable-simple-user`, OpenAI's
    /// `ModelIdsCompaction`), so that each use of it carries the null instead. A component
    /// defined as an alias carries its own (`type Note = Option<String>`).
    fn null_left_to_uses(&self, schema: &oa::Schema) -> bool {
        if !schema.schema_data.nullable {
            return false;
        }
        match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(object)) => !is_map(object),
            oa::SchemaKind::Type(oa::Type::String(s)) => !s.enumeration.is_empty() && !s.enumeration.contains(&None),
            _ if !is_composite(schema) => has_properties(schema),
            _ if without_null_alternatives(schema).is_some() || single_part(schema).is_some() => false,
            _ => {
                let (one_of, any_of, all_of) = composite_parts(schema);
                let union = !one_of.is_empty() || !any_of.is_empty();
                if union {
                    !one_of.iter().chain(any_of).any(annotation_only)
                } else {
                    // `allOf` of objects is a struct; of scalars, an alias that keeps the null.
                    has_properties(schema) || all_of.iter().any(|p| self.part_schema(p).is_some_and(has_properties))
                }
            }
        }
    }

    /// Whether a `oneOf`/`anyOf` of several alternatives admits null through one of them
    /// (`oneOf: [{type: string, nullable: true}, {type: number}]`, box's `retention_length`): null
    /// is then a value of the union, so a use of it is nullable. (A union written as "X or a null
    /// object", and a composition of one part, carry their `nullable` themselves.)
    fn union_admits_null(&self, schema: &oa::Schema, depth: usize) -> bool {
        let (one_of, any_of, _) = composite_parts(schema);
        if depth > 8 || one_of.len() + any_of.len() < 2 || without_null_alternatives(schema).is_some() {
            return false;
        }
        one_of.iter().chain(any_of).any(|part| {
            self.part_schema(part).is_some_and(|s| s.schema_data.nullable || self.union_admits_null(s, depth + 1))
        })
    }

    /// Lowers a schema written in place. Objects and string enums get a named type of their
    /// own (called `context`, or their `title`) when `may_name` is set.
    fn lower_inline(
        &mut self,
        schema: &oa::Schema,
        context: &str,
        pointer: &str,
        may_name: bool,
    ) -> Result<TypeUse, Error> {
        let before = self.types.len();
        let ty = self.lower_inline_schema(schema, context, pointer, may_name)?;
        // A schema that became a named type recorded its example as that type.
        let named_here = matches!(&ty.ty, Ty::Named(n) if self.types[before..].iter().any(|t| t.name == *n));
        if !named_here {
            self.record_examples(pointer, &ty, schema.schema_data.example.as_ref(), &Default::default());
        }
        Ok(ty)
    }

    fn lower_inline_schema(
        &mut self,
        schema: &oa::Schema,
        context: &str,
        pointer: &str,
        may_name: bool,
    ) -> Result<TypeUse, Error> {
        if let oa::SchemaKind::Any(oa::AnySchema { typ: Some(typ), .. }) = &schema.schema_kind
            && !["string", "number", "integer", "boolean", "array", "object"].contains(&typ.as_str())
        {
            return Err(self.error(
                &format!("{pointer}/type"),
                format!(
                    "unknown type {typ:?}; OpenAPI 3.0 types are string, number, integer, boolean, array and object"
                ),
            ));
        }
        if let Some(typed) = self.retyped(schema, pointer) {
            return self.lower_inline_schema(&typed, context, pointer, may_name);
        }
        // `null` among the `enum` values (`{type: string, enum: [null]}`, buildomat and propolis'
        // "Null" schemas) makes the schema nullable; with nothing else, null is all it allows.
        if let Some(rest) = without_null_in_enum(schema) {
            return match rest {
                None => Ok(TypeUse {
                    ty: Ty::Json,
                    rules: Rules { allowed: vec![Value::Null], ..Rules::default() },
                    nullable: true,
                }),
                Some(rest) => {
                    let inner = self.lower_inline(&rest, context, pointer, may_name)?;
                    Ok(TypeUse { nullable: true, ..inner })
                }
            };
        }
        let nullable = schema.schema_data.nullable || self.union_admits_null(schema, 0);
        let named = |ty: String| TypeUse { ty: Ty::Named(ty), rules: Rules::default(), nullable };
        let mut rules = Rules::default();
        let ty = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(object)) if is_map(object) => {
                let value = match &object.additional_properties {
                    Some(oa::AdditionalProperties::Schema(s)) => {
                        self.lower_use(s, &format!("{context}Value"), &format!("{pointer}/additionalProperties"))?
                    }
                    _ => TypeUse::plain(Ty::Json),
                };
                rules.min_properties = object.min_properties;
                rules.max_properties = object.max_properties;
                rules.property_names = self.property_names(schema, context, pointer)?;
                // No properties and no others (`additionalProperties: false`, GitHub's app
                // manifest conversion): only the empty object.
                if matches!(object.additional_properties, Some(oa::AdditionalProperties::Any(false))) {
                    rules.max_properties = Some(0);
                }
                Ty::Map(Box::new(value))
            }
            _ if is_composite(schema) => {
                // A composition of one schema only adds a description or `nullable`: use the
                // schema itself.
                if let Some((keyword, index, single)) = single_part(schema) {
                    let mut inner = self.lower_use(single, context, &format!("{pointer}/{keyword}/{index}"))?;
                    inner.nullable |= nullable;
                    return Ok(inner);
                }
                if !may_name {
                    return Ok(TypeUse { ty: Ty::Json, rules, nullable });
                }
                return Ok(named(self.define_inline(schema, context, pointer)?));
            }
            oa::SchemaKind::Type(oa::Type::Object(_)) | oa::SchemaKind::Any(oa::AnySchema { .. })
                if may_name && has_properties(schema) =>
            {
                return Ok(named(self.define_inline(schema, context, pointer)?));
            }
            oa::SchemaKind::Type(oa::Type::String(s)) if !s.enumeration.is_empty() && may_name => {
                return Ok(named(self.define_inline(schema, context, pointer)?));
            }
            oa::SchemaKind::Type(oa::Type::String(s)) => self.lower_string(s, pointer, &mut rules)?,
            oa::SchemaKind::Type(oa::Type::Integer(i)) => {
                rules.minimum = i.minimum.map(|v| Bound { value: Num::Int(v), exclusive: i.exclusive_minimum });
                rules.maximum = i.maximum.map(|v| Bound { value: Num::Int(v), exclusive: i.exclusive_maximum });
                rules.multiple_of = i.multiple_of.map(Num::Int);
                rules.allowed = i.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                Ty::Int(match &i.format {
                    oa::VariantOrUnknownOrEmpty::Item(oa::IntegerFormat::Int32) => IntFormat::I32,
                    oa::VariantOrUnknownOrEmpty::Unknown(format) => {
                        IntFormat::from_name(format).unwrap_or(IntFormat::I64)
                    }
                    _ => IntFormat::I64,
                })
            }
            oa::SchemaKind::Type(oa::Type::Number(n)) => {
                rules.minimum = n.minimum.map(|v| Bound { value: Num::Float(v), exclusive: n.exclusive_minimum });
                rules.maximum = n.maximum.map(|v| Bound { value: Num::Float(v), exclusive: n.exclusive_maximum });
                rules.multiple_of = n.multiple_of.map(Num::Float);
                rules.allowed = n.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                match &n.format {
                    oa::VariantOrUnknownOrEmpty::Item(oa::NumberFormat::Float) => Ty::F32,
                    _ => Ty::F64,
                }
            }
            oa::SchemaKind::Type(oa::Type::Boolean(b)) => {
                rules.allowed = b.enumeration.iter().flatten().map(|v| Value::from(*v)).collect();
                Ty::Bool
            }
            oa::SchemaKind::Type(oa::Type::Array(a)) => {
                rules.min_items = a.min_items;
                rules.max_items = a.max_items;
                rules.unique_items = a.unique_items;
                if let Some(tuple) = self.lower_tuple(schema, a, context, pointer)? {
                    return Ok(TypeUse { ty: tuple, rules, nullable });
                }
                let item = match &a.items {
                    Some(items) => {
                        self.lower_use_boxed(items, &format!("{context}Item"), &format!("{pointer}/items"))?
                    }
                    None => TypeUse::plain(Ty::Json),
                };
                Ty::Vec(Box::new(item))
            }
            // Composition schemas are represented as raw JSON until they are modelled; the value
            // still round-trips unchanged. An untyped schema is any JSON value by definition.
            oa::SchemaKind::Not { .. } => {
                self.fallback(pointer, "`not` is represented as serde_json::Value");
                Ty::Json
            }
            _ => Ty::Json,
        };
        let ty = self.mapped(schema, ty);
        Ok(TypeUse { ty, rules, nullable })
    }

    /// `ty`, or the Rust type the configuration maps the schema's `format` to.
    fn mapped(&mut self, schema: &oa::Schema, ty: Ty) -> Ty {
        if self.config.formats.is_empty()
            || !matches!(ty, Ty::String | Ty::DateTime | Ty::Date | Ty::Int(_) | Ty::F32 | Ty::F64)
        {
            return ty;
        }
        fn name<T: serde::Serialize>(format: &oa::VariantOrUnknownOrEmpty<T>) -> Option<String> {
            match format {
                oa::VariantOrUnknownOrEmpty::Item(item) => {
                    serde_json::to_value(item).ok()?.as_str().map(str::to_string)
                }
                oa::VariantOrUnknownOrEmpty::Unknown(name) => Some(name.clone()),
                oa::VariantOrUnknownOrEmpty::Empty => None,
            }
        }
        let format = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::String(s)) => name(&s.format),
            oa::SchemaKind::Type(oa::Type::Integer(i)) => name(&i.format),
            oa::SchemaKind::Type(oa::Type::Number(n)) => name(&n.format),
            _ => None,
        };
        let Some(format) = format else { return ty };
        match self.config.formats.iter().find(|(from, _)| *from.get_ref() == format) {
            Some((_, path)) => {
                self.formats_used.insert(format);
                Ty::Mapped { path: path.get_ref().clone(), wire: Box::new(ty) }
            }
            None => ty,
        }
    }

    /// 3.1's `propertyNames` (moved to [`PROPERTY_NAMES_KEY`]) of a map: a string schema its
    /// keys are checked against. Anything else is not checked, with a warning.
    fn property_names(
        &mut self,
        schema: &oa::Schema,
        context: &str,
        pointer: &str,
    ) -> Result<Option<Box<TypeUse>>, Error> {
        let Some(names) = schema.schema_data.extensions.get(PROPERTY_NAMES_KEY) else { return Ok(None) };
        let here = format!("{pointer}/propertyNames");
        let names: ReferenceOr<oa::Schema> = serde_json::from_value(names.clone())
            .map_err(|e| self.error(&here, format!("`propertyNames` must be a schema: {e}")))?;
        let key = self.lower_use(&names, &format!("{context}Key"), &here)?;
        let is_text = match &crate::model::follow_aliases(&self.types, &key).ty {
            Ty::String => true,
            Ty::Named(name) => {
                matches!(self.types.iter().find(|t| t.name == *name).map(|t| &t.kind), Some(TypeKind::StringEnum(_)))
            }
            _ => false,
        };
        if !is_text {
            self.warn(&here, "`propertyNames` other than a string schema is not checked");
            return Ok(None);
        }
        Ok(Some(Box::new(key)))
    }

    /// 3.1's `prefixItems` (moved to [`PREFIX_ITEMS_KEY`]) as a Rust tuple when the array holds
    /// exactly those items (`minItems` and `maxItems` both their number, as pydantic writes a
    /// `tuple[int, str]`). A tuple of another length (some items optional, or more after them)
    /// has no Rust tuple: it stays an array checked as `items` says, with a warning. A tuple
    /// holds its items in place, so one that leads back to its container is boxed like any
    /// recursive field (see [`Self::contains`]).
    fn lower_tuple(
        &mut self,
        schema: &oa::Schema,
        array: &oa::ArrayType,
        context: &str,
        pointer: &str,
    ) -> Result<Option<Ty>, Error> {
        let Some(prefix) = schema.schema_data.extensions.get(PREFIX_ITEMS_KEY) else { return Ok(None) };
        let here = format!("{pointer}/prefixItems");
        let items: Vec<ReferenceOr<oa::Schema>> = serde_json::from_value(prefix.clone())
            .map_err(|e| self.error(&here, format!("`prefixItems` must be a list of schemas: {e}")))?;
        let len = items.len();
        if items.is_empty() || array.min_items != Some(len) || array.max_items != Some(len) {
            self.warn(
                &here,
                format!(
                    "`prefixItems` of an array that may hold other than exactly {len} items (`minItems` and `maxItems` both {len}) is not modelled: the items are checked as `items` says"
                ),
            );
            return Ok(None);
        }
        let mut lowered = Vec::with_capacity(len);
        for (index, item) in items.iter().enumerate() {
            lowered.push(self.lower_use(item, &format!("{context}Item{index}"), &format!("{here}/{index}"))?);
        }
        Ok(Some(Ty::Tuple(lowered)))
    }

    /// A schema with a scalar or array `type` that the reader could not take as that type
    /// because it also carries keywords of another type (GitHub's `{type: string, minItems: 1}`),
    /// as that type: JSON Schema ignores keywords that do not apply to a value's type, and the
    /// `type` must not be lost with them. Each ignored keyword is a warning.
    fn retyped(&mut self, schema: &oa::Schema, pointer: &str) -> Option<oa::Schema> {
        let oa::SchemaKind::Any(any) = &schema.schema_kind else { return None };
        // `items` without a `type` (OpenAI's `modalities`): the author's array, as `properties`
        // without a type is an object; null stays one of its values.
        let items_only = any.typ.is_none()
            && any.items.is_some()
            && any.properties.is_empty()
            && any.additional_properties.is_none()
            && !is_composite(schema);
        if items_only {
            self.warn(
                pointer,
                "`items` without `type: array`: read as an array or null (JSON Schema would take a value of any other type too)",
            );
        }
        let typ = if items_only { "array" } else { any.typ.as_deref()? };
        let applicable: &[&str] = match typ {
            "string" => &["format", "pattern", "enum", "minLength", "maxLength"],
            "integer" | "number" => {
                &["format", "multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "enum"]
            }
            "boolean" => &["enum"],
            "array" => &["items", "minItems", "maxItems", "uniqueItems"],
            _ => return None,
        };
        // A scalar listing its own values beside `allOf: [$ref]` (Discord's option `type`:
        // `{type: integer, enum: [11], allOf: [$ref: ApplicationCommandOptionType]}`): the
        // values are the narrower rule, so the scalar is read with them; taking the reference
        // alone would drop them and let every alternative of a union take every value.
        let (one_of, any_of, all_of) = composite_parts(schema);
        let own_values_beside_refs = !any.enumeration.is_empty()
            && typ != "array"
            && one_of.is_empty()
            && any_of.is_empty()
            && all_of.iter().all(|part| matches!(part, ReferenceOr::Reference { .. }) || annotation_only(part));
        if is_composite(schema) && !own_values_beside_refs {
            return None;
        }
        let Ok(serde_json::Value::Object(mut keywords)) = serde_json::to_value(any) else { return None };
        keywords.insert("type".into(), serde_json::Value::from(typ));
        if own_values_beside_refs {
            keywords.remove("allOf");
        }
        for keyword in
            keywords.keys().filter(|k| *k != "type" && !applicable.contains(&k.as_str())).cloned().collect::<Vec<_>>()
        {
            keywords.remove(&keyword);
            let article = if typ.starts_with(['a', 'i']) { "an" } else { "a" };
            // It constrains nothing (JSON Schema applies it to other types only), so one
            // warning per keyword and type is enough to tell the spec's author.
            self.warn_once(
                &format!("{pointer}/{keyword}"),
                format!("`{keyword}` does not apply to {article} {typ}; ignored"),
            );
        }
        // An integer bound beyond 64 bits (OpenAI's `seed`: `maximum: 9223372036854776000`,
        // i64::MAX rounded as a float; a `uint64`'s `maximum: 18446744073709551615`) bounds
        // nothing the type's own range does not: the format's range check is the rule.
        // The untyped reader keeps numbers as floats (`0.0`); an integer's are whole.
        if typ == "integer" {
            for bound in ["minimum", "maximum", "multipleOf"] {
                let Some(f) = keywords.get(bound).and_then(serde_json::Value::as_f64) else { continue };
                if f >= i64::MAX as f64 || f <= i64::MIN as f64 {
                    keywords.remove(bound);
                } else if f.fract() == 0.0 {
                    keywords.insert(bound.into(), serde_json::Value::from(f as i64));
                }
            }
        }
        let ty: oa::Type = match serde_json::from_value(serde_json::Value::Object(keywords)) {
            Ok(ty) => ty,
            Err(e) => {
                self.fallback(
                    pointer,
                    format!("the keywords of this {typ} cannot be read ({e}); any JSON value is taken"),
                );
                return None;
            }
        };
        // Without a type, null is one of the values the schema takes; the array is nullable.
        let schema_data =
            oa::SchemaData { nullable: schema.schema_data.nullable || items_only, ..schema.schema_data.clone() };
        Some(oa::Schema { schema_data, schema_kind: oa::SchemaKind::Type(ty) })
    }

    fn lower_string(&self, s: &oa::StringType, pointer: &str, rules: &mut Rules) -> Result<Ty, Error> {
        rules.min_length = s.min_length;
        rules.max_length = s.max_length;
        // A string enum that is not its own type here (a component alias, GitHub's nullable
        // `code-scanning-alert-dismissed-reason`) keeps its values as a rule.
        rules.allowed = s.enumeration.iter().flatten().map(|v| Value::from(v.as_str())).collect();
        if let Some(pattern) = &s.pattern {
            let compiled = crate::pattern::Pattern::new(pattern).map_err(|e| {
                self.error(
                    &format!("{pointer}/pattern"),
                    format!(
                        "pattern {pattern:?} is not a valid regular expression: {}",
                        e.lines().last().unwrap_or(&e)
                    ),
                )
            })?;
            rules.pattern = Some(compiled);
        }
        Ok(match &s.format {
            oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::DateTime) => Ty::DateTime,
            oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Date) => Ty::Date,
            // Checked because unions tell their alternatives apart by them (nexus' `IpRange`).
            oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "ipv4" => {
                rules.format = Some(StringFormat::Ipv4);
                Ty::String
            }
            oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "ipv6" => {
                rules.format = Some(StringFormat::Ipv6);
                Ty::String
            }
            oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => {
                rules.format = Some(StringFormat::Uuid);
                Ty::String
            }
            // Checked because tools that test an API (schemathesis) treat them as rules.
            oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "uri" || f == "url" => {
                rules.format = Some(StringFormat::Uri);
                Ty::String
            }
            oa::VariantOrUnknownOrEmpty::Unknown(f) if f == "email" || f == "idn-email" => {
                rules.format = Some(StringFormat::Email);
                Ty::String
            }
            oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Password | oa::StringFormat::Byte) => Ty::String,
            format => {
                rules.format_sample = format_sample(format);
                Ty::String
            }
        })
    }

    /// Names an inline object or enum, reusing an earlier type with the same title and shape.
    fn define_inline(&mut self, schema: &oa::Schema, context: &str, pointer: &str) -> Result<String, Error> {
        if let Some(title) = &schema.schema_data.title {
            if let Some((_, _, name)) = self.titled.iter().find(|(t, s, _)| t == title && s == schema) {
                return Ok(name.clone());
            }
            let name = self.type_scope.claim(names::type_name(title));
            self.titled.push((title.clone(), schema.clone(), name.clone()));
            self.define(name.clone(), schema, pointer)?;
            return Ok(name);
        }
        let name = self.type_scope.claim(names::type_name(context));
        self.define(name.clone(), schema, pointer)?;
        Ok(name)
    }

    /// Lowers `allOf` (merged into one struct when every part is an object) and
    /// `oneOf`/`anyOf` (a union).
    fn lower_composite(&mut self, name: &str, schema: &oa::Schema, pointer: &str) -> Result<TypeKind, Error> {
        // `anyOf: [X, {type: object, nullable: true, additionalProperties: false}]`, the way 3.0
        // specs write "X or null" (box.json): the union of the other alternatives, nullable.
        if let Some(rest) = without_null_alternatives(schema) {
            let inner = match single_part(&rest) {
                Some((keyword, index, single)) => {
                    self.lower_use(single, name, &format!("{pointer}/{keyword}/{index}"))?
                }
                None => TypeUse::plain(Ty::Named(self.define_inline(&rest, &format!("{name}Value"), pointer)?)),
            };
            return Ok(TypeKind::Alias(TypeUse { nullable: true, ..inner }));
        }
        if let Some((keyword, index, single)) = single_part(schema) {
            let mut inner = self.lower_use(single, name, &format!("{pointer}/{keyword}/{index}"))?;
            inner.nullable |= schema.schema_data.nullable;
            return Ok(TypeKind::Alias(inner));
        }
        let (one_of, any_of, all_of) = composite_parts(schema);
        // A union one of whose alternatives accepts anything (`oneOf: [{}]`) constrains nothing.
        let (one_of, any_of) =
            if one_of.iter().chain(any_of).any(annotation_only) { (&[][..], &[][..]) } else { (one_of, any_of) };
        let own_properties = matches!(&schema.schema_kind, oa::SchemaKind::Any(a) if !a.properties.is_empty());
        let constraining = all_of.iter().any(|p| !annotation_only(p)) || own_properties;
        if constraining {
            let mut merged = Merged::default();
            let mut chain = vec![pointer.to_string()];
            let union = if one_of.is_empty() && any_of.is_empty() { None } else { Some(schema) };
            // The common fields come from `allOf` and the schema's own properties; the union
            // becomes a field of its own, flattened into the same object.
            let mut common = schema.clone();
            if let oa::SchemaKind::Any(a) = &mut common.schema_kind {
                a.one_of.clear();
                a.any_of.clear();
            }
            // A union that is one of the `allOf` parts (Discord's invite: `allOf: [{anyOf:
            // [GroupDM, Guild]}, {properties: {target_users_file}}]`) is the same union beside
            // the other parts: it is flattened too, as itself (a `$ref` stays its named type).
            let nested = if union.is_none() { self.union_part(all_of) } else { None };
            if let Some(index) = nested {
                let empty = || {
                    ReferenceOr::Item(oa::Schema {
                        schema_data: oa::SchemaData::default(),
                        schema_kind: oa::SchemaKind::Any(oa::AnySchema::default()),
                    })
                };
                match &mut common.schema_kind {
                    oa::SchemaKind::Any(a) => a.all_of[index] = empty(),
                    oa::SchemaKind::AllOf { all_of } => all_of[index] = empty(),
                    _ => {}
                }
            }
            if self.merge_object(&common, &mut merged, &mut chain, pointer)? {
                let additional = merged.additional.clone();
                let mut def = self.lower_struct(
                    name,
                    &merged.properties,
                    &merged.required,
                    additional.as_ref(),
                    (merged.min_properties, merged.max_properties),
                    pointer,
                )?;
                if let Some(sets) = union.and_then(conditions) {
                    def.conditions = Some(sets);
                } else if let Some(schema) = union {
                    self.flatten_union(name, schema, &mut def, pointer)?;
                } else if let Some(index) = nested {
                    let part_pointer = format!("{pointer}/allOf/{index}");
                    let ty = self.lower_use(&all_of[index], &format!("{name}Variant"), &part_pointer)?;
                    Self::flatten_into(&mut def, ty);
                }
                return Ok(TypeKind::Struct(def));
            }
            if union.is_none()
                && let Some(merged) = self.merge_scalars(name, all_of, schema.schema_data.nullable, pointer)?
            {
                return Ok(TypeKind::Alias(merged));
            }
            let what = if union.is_some() {
                "allOf of parts that are not all objects, combined with oneOf/anyOf, is represented as serde_json::Value"
            } else {
                "allOf of parts that are neither all objects nor all of one scalar type is represented as serde_json::Value"
            };
            self.fallback(pointer, what);
            return Ok(TypeKind::Alias(TypeUse {
                ty: Ty::Json,
                rules: Rules::default(),
                nullable: schema.schema_data.nullable,
            }));
        }
        if one_of.is_empty() && any_of.is_empty() {
            // Nothing but annotations: any value.
            return Ok(TypeKind::Alias(TypeUse {
                ty: Ty::Json,
                rules: Rules::default(),
                nullable: schema.schema_data.nullable,
            }));
        }
        let (parts, keyword, exclusive) =
            if !one_of.is_empty() { (one_of, "oneOf", true) } else { (any_of, "anyOf", false) };
        if let Some(discriminator) = &schema.schema_data.discriminator {
            return self.lower_discriminated(name, parts, keyword, exclusive, discriminator, pointer);
        }
        if let Some(values) = self.single_values(parts) {
            return Ok(TypeKind::StringEnum(values));
        }
        if let Some((property, values)) = self.inferred_tag(parts) {
            return self.lower_tagged(name, parts, keyword, exclusive, &property, &values, pointer);
        }
        let mut scope = Scope::with_reserved(&[names::reserved::UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = format!("{pointer}/{keyword}/{index}");
            let mut ty = self.lower_use(part, &format!("{name}{index}"), &part_pointer)?;
            // Null is a value of the union itself: every use of it is nullable.
            ty.nullable = false;
            // An alternative that is no named type takes its `title` where it has one (nexus'
            // `NameOrId`: `id`, a uuid string, beside `name`), its kind of value otherwise.
            let title = self
                .part_schema(part)
                .and_then(|s| s.schema_data.title.as_deref())
                .filter(|title| title.chars().any(|c| c.is_ascii_alphanumeric()));
            let variant_name = match (&ty.ty, title) {
                (Ty::Named(_), _) | (_, None) => variant_label(&ty.ty, index),
                (_, Some(title)) => names::type_name(title),
            };
            let boxed = self.contains(&ty, name);
            let doc = self.part_schema(part).and_then(|s| non_empty(&s.schema_data.description));
            let name = scope.claim(variant_name);
            variants.push(Variant {
                name,
                ty: Some(ty),
                tags: Vec::new(),
                writes_tag: false,
                boxed,
                doc,
                closed: false,
            });
        }
        // Untagged: the most demanding shapes are tried first, so that a value is not taken by a
        // looser alternative (a string enum keeps unknown values and takes any string).
        variants.sort_by_key(|v| std::cmp::Reverse(v.ty.as_ref().map_or(0, |t| self.specificity(t))));
        Ok(TypeKind::Union(UnionDef { variants, tag: None, exclusive, by_shape: Vec::new() }))
    }

    /// A union with a `discriminator`: each `$ref` alternative is selected by its mapped values,
    /// or by its schema's name.
    fn lower_discriminated(
        &mut self,
        name: &str,
        parts: Parts<'_>,
        keyword: &str,
        exclusive: bool,
        discriminator: &oa::Discriminator,
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let mut scope = Scope::with_reserved(&[names::reserved::UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        let property = &discriminator.property_name;
        // The values each alternative's own tag property allows (OpenAI's `const: server_vad`,
        // `enum: [tokens]`, or those of a nested union's alternatives): what a payload carries
        // when no mapping says more. A value two alternatives share tells neither apart, so it
        // selects neither; such a payload is matched by shape, as `oneOf` says.
        let owns: Vec<(Vec<String>, bool)> = parts.iter().map(|part| self.tag_values(part, property, 0)).collect();
        // The schema name of each `$ref` alternative, OpenAPI's tag when no mapping says more.
        let names: Vec<Option<String>> = parts
            .iter()
            .map(|part| match part {
                ReferenceOr::Reference { reference } => reference.strip_prefix(SCHEMA_PREFIX).map(unescape_pointer),
                ReferenceOr::Item(_) => None,
            })
            .collect();
        // Whether the tag decides every value: each alternative requires it, with values of its
        // own. Otherwise a value whose tag selects nothing is matched by shape.
        let mut decides = true;
        for (index, part) in parts.iter().enumerate() {
            let ty = self.lower_use(part, &format!("{name}{index}"), &format!("{pointer}/{keyword}/{index}"))?;
            // A value the mapping gives to another alternative is that one's, too.
            let this_ref = match part {
                ReferenceOr::Reference { reference } => Some(reference),
                ReferenceOr::Item(_) => None,
            };
            let claimed_elsewhere = |value: &String| {
                discriminator.mapping.get(value).is_some_and(|target| Some(target) != this_ref)
                    || (0..parts.len()).any(|other| {
                        other != index && (owns[other].0.contains(value) || names[other].as_ref() == Some(value))
                    })
            };
            let (all_own, required) = &owns[index];
            let own: Vec<String> = all_own.iter().filter(|own| !claimed_elsewhere(own)).cloned().collect();
            decides &= *required && own.len() == all_own.len();
            let tags = match part {
                ReferenceOr::Reference { reference } => {
                    let mapped: Vec<String> = discriminator
                        .mapping
                        .iter()
                        .filter(|(_, target)| *target == reference)
                        .map(|(value, _)| value.clone())
                        .collect();
                    if mapped.is_empty() {
                        // Without a mapping, OpenAPI names the schema; real payloads often carry
                        // the property's own value instead, so both select the alternative.
                        let mut tags: Vec<String> = names[index].iter().cloned().collect();
                        tags.extend(own.into_iter().filter(|own| names[index].as_ref() != Some(own)));
                        tags
                    } else {
                        mapped
                    }
                }
                // An inline alternative has no name: its tag property's values are its tags.
                ReferenceOr::Item(_) => own,
            };
            decides &= !tags.is_empty();
            let boxed = self.contains(&ty, name);
            let doc = self.part_schema(part).and_then(|s| non_empty(&s.schema_data.description));
            let name = scope.claim(variant_label(&ty.ty, index));
            variants.push(Variant { name, ty: Some(ty), tags, writes_tag: false, boxed, doc, closed: false });
        }
        let by_shape = if decides { Vec::new() } else { self.shape_order(&variants) };
        Ok(TypeKind::Union(UnionDef { variants, tag: Some(property.clone()), exclusive, by_shape }))
    }

    /// The values of `property` that an alternative allows, through `$ref`s, `allOf` parts and
    /// nested unions (OpenAI's `Item`, a `oneOf` inside the discriminated `InputItem`), and
    /// whether every value of the alternative carries the property.
    fn tag_values(&self, part: &ReferenceOr<oa::Schema>, property: &str, depth: usize) -> (Vec<String>, bool) {
        let Some(schema) = self.part_schema(part).filter(|_| depth < 8) else { return (Vec::new(), false) };
        let (mut values, mut required) = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(oa::ObjectType { properties, required, .. }))
            | oa::SchemaKind::Any(oa::AnySchema { properties, required, .. }) => (
                properties
                    .get(property)
                    .and_then(|s| self.property_schema(s))
                    .and_then(string_values)
                    .unwrap_or_default(),
                required.iter().any(|r| r == property),
            ),
            _ => (Vec::new(), false),
        };
        let (one_of, any_of, all_of) = composite_parts(schema);
        for part in all_of {
            let (more, part_requires) = self.tag_values(part, property, depth + 1);
            if values.is_empty() {
                values = more;
            }
            required |= part_requires;
        }
        let alternatives = if one_of.is_empty() { any_of } else { one_of };
        if !alternatives.is_empty() {
            let own_values = !values.is_empty();
            let (mut each_requires, mut each_valued) = (true, true);
            for alternative in alternatives {
                let (more, requires) = self.tag_values(alternative, property, depth + 1);
                each_requires &= requires;
                each_valued &= !more.is_empty();
                for value in more {
                    if !values.contains(&value) {
                        values.push(value);
                    }
                }
            }
            required |= each_requires;
            // An alternative whose tag is any string takes values the others do not list, so
            // the values lent here do not tell every one of its payloads apart.
            if !each_valued && !own_values {
                required = false;
            }
        }
        (values, required)
    }

    /// The order in which a union's alternatives are tried by shape: the most demanding first,
    /// so that a value is not taken by a looser alternative.
    fn shape_order(&self, variants: &[Variant]) -> Vec<usize> {
        let mut order: Vec<usize> = (0..variants.len()).filter(|&i| variants[i].ty.is_some()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(variants[i].ty.as_ref().map_or(0, |t| self.specificity(t))));
        order
    }

    /// A union whose alternatives each require `property` with a single value of their own
    /// (`values`, in order): told apart by that value, with variants named after it. An inline
    /// alternative's type leaves the tag out (the union writes it); one that is nothing but
    /// its tag is a unit variant; a `$ref` alternative keeps its own type, tag and all.
    #[allow(clippy::too_many_arguments)] // One call site; the pieces come from the caller's match.
    fn lower_tagged(
        &mut self,
        name: &str,
        parts: Parts<'_>,
        keyword: &str,
        exclusive: bool,
        property: &str,
        values: &[String],
        pointer: &str,
    ) -> Result<TypeKind, Error> {
        let mut scope = Scope::with_reserved(&[names::reserved::UNKNOWN_VARIANT]);
        let mut variants = Vec::new();
        for ((index, part), value) in parts.iter().enumerate().zip(values) {
            let part_pointer = format!("{pointer}/{keyword}/{index}");
            let variant_name = scope.claim(names::type_name(value));
            let doc = self.part_schema(part).and_then(|s| non_empty(&s.schema_data.description));
            let (ty, writes_tag) = match part {
                ReferenceOr::Reference { .. } => (Some(self.lower_use(part, &variant_name, &part_pointer)?), false),
                ReferenceOr::Item(schema) => match without_property(schema, property) {
                    None => (None, true),
                    Some(rest) => {
                        let ty = self.lower_inline(&rest, &format!("{name}{variant_name}"), &part_pointer, true)?;
                        if let Ty::Named(inner) = &ty.ty
                            && let Some(TypeDef { kind: TypeKind::Struct(def), .. }) =
                                self.types.iter_mut().find(|t| t.name == *inner)
                        {
                            def.tag = Some(property.to_string());
                        }
                        (Some(ty), true)
                    }
                },
            };
            let boxed = ty.as_ref().is_some_and(|ty| self.contains(ty, name));
            // A unit variant whose schema allows no other property (OpenAI's `{type: text}`
            // format with `additionalProperties: false`).
            let closed = ty.is_none()
                && matches!(part, ReferenceOr::Item(schema) if matches!(&schema.schema_kind,
                    oa::SchemaKind::Type(oa::Type::Object(oa::ObjectType { additional_properties: Some(oa::AdditionalProperties::Any(false)), .. }))
                    | oa::SchemaKind::Any(oa::AnySchema { additional_properties: Some(oa::AdditionalProperties::Any(false)), .. })));
            variants.push(Variant {
                name: variant_name,
                ty,
                tags: vec![value.clone()],
                writes_tag,
                boxed,
                doc,
                closed,
            });
        }
        Ok(TypeKind::Union(UnionDef { variants, tag: Some(property.to_string()), exclusive, by_shape: Vec::new() }))
    }

    /// A `oneOf`/`anyOf` part as a schema, through `$ref`s to components.
    fn part_schema<'s>(&'s self, part: &'s ReferenceOr<oa::Schema>) -> Option<&'s oa::Schema> {
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        resolve_component(part, components, SCHEMA_PREFIX).ok()
    }

    /// A property schema, through `$ref`s and one-part compositions (`allOf: [$ref]`).
    fn property_schema<'s>(&'s self, schema: &'s ReferenceOr<Box<oa::Schema>>) -> Option<&'s oa::Schema> {
        let mut current: &oa::Schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => self.part_schema_ref(reference)?,
        };
        for _ in 0..8 {
            match single_part(current) {
                Some((_, _, ReferenceOr::Item(s))) => current = s,
                Some((_, _, ReferenceOr::Reference { reference })) => current = self.part_schema_ref(reference)?,
                None => return Some(current),
            }
        }
        None
    }

    fn part_schema_ref(&self, reference: &str) -> Option<&oa::Schema> {
        let key = unescape_pointer(reference.strip_prefix(SCHEMA_PREFIX)?);
        let components = self.doc.components.as_ref().map(|c| &c.schemas);
        resolve_component(components?.get(&key)?, components, SCHEMA_PREFIX).ok()
    }

    /// A `oneOf`/`anyOf` of single-value string enums (`{enum: [running]}`, each with its own
    /// description): one string enum whose variants carry those descriptions.
    fn single_values(&self, parts: Parts<'_>) -> Option<EnumDef> {
        let mut scope = Scope::with_reserved(&[names::reserved::UNKNOWN_VARIANT]);
        let mut variants: Vec<EnumVariant> = Vec::new();
        for part in parts {
            let schema = self.part_schema(part)?;
            let wire = single_value(schema)?;
            if schema.schema_data.nullable || variants.iter().any(|v| v.wire == wire) {
                return None;
            }
            let doc = non_empty(&schema.schema_data.description);
            variants.push(EnumVariant { name: scope.claim(names::type_name(wire)), wire: wire.to_string(), doc });
        }
        (variants.len() > 1).then(|| EnumDef { variants, unknown: names::reserved::UNKNOWN_VARIANT.into() })
    }

    /// The property that tells the alternatives apart, when every alternative is an object
    /// requiring it with a single value, and no two share a value: the property and the
    /// values in order. Candidates are tried in the first alternative's property order.
    fn inferred_tag(&self, parts: Parts<'_>) -> Option<(String, Vec<String>)> {
        let objects: Vec<&oa::Schema> = parts.iter().map(|p| self.part_schema(p)).collect::<Option<_>>()?;
        if objects.len() < 2 {
            return None;
        }
        let (first, _) = object_properties(objects[0])?;
        'candidates: for property in first.keys() {
            let mut values: Vec<String> = Vec::new();
            for object in &objects {
                let (properties, required) = object_properties(object)?;
                let value = properties.get(property).and_then(|s| self.property_schema(s)).and_then(single_value);
                match value {
                    Some(value) if required.contains(property) && !values.iter().any(|v| v == value) => {
                        values.push(value.to_string())
                    }
                    _ => continue 'candidates,
                }
            }
            return Some((property.clone(), values));
        }
        None
    }

    /// Adds to `def` a field holding the `oneOf`/`anyOf` of `schema`, flattened into the
    /// object beside the common fields (`allOf` combined with a union).
    fn flatten_union(
        &mut self,
        name: &str,
        schema: &oa::Schema,
        def: &mut StructDef,
        pointer: &str,
    ) -> Result<(), Error> {
        let (one_of, any_of, _) = composite_parts(schema);
        let union = oa::Schema {
            schema_data: oa::SchemaData {
                discriminator: schema.schema_data.discriminator.clone(),
                ..Default::default()
            },
            schema_kind: oa::SchemaKind::Any(oa::AnySchema {
                one_of: one_of.to_vec(),
                any_of: any_of.to_vec(),
                ..Default::default()
            }),
        };
        let ty = self.define_inline(&union, &format!("{name}Variant"), pointer)?;
        Self::flatten_into(def, TypeUse::plain(Ty::Named(ty)));
        Ok(())
    }

    /// The index of the one `allOf` part that is nothing but a `oneOf`/`anyOf` (inline or
    /// through `$ref`), when the other parts are objects to merge beside it.
    fn union_part(&self, all_of: Parts<'_>) -> Option<usize> {
        let mut found = None;
        for (index, part) in all_of.iter().enumerate() {
            let schema = self.part_schema(part)?;
            let (one_of, any_of, inner_all_of) = composite_parts(schema);
            let only_union = match &schema.schema_kind {
                oa::SchemaKind::OneOf { .. } | oa::SchemaKind::AnyOf { .. } => true,
                oa::SchemaKind::Any(a) => {
                    a.properties.is_empty() && a.typ.as_deref().is_none_or(|t| t == "object") && inner_all_of.is_empty()
                }
                _ => false,
            };
            if only_union && !(one_of.is_empty() && any_of.is_empty()) {
                if found.is_some() {
                    return None;
                }
                found = Some(index);
            }
        }
        found
    }

    /// Adds `ty`, a union, to `def` as its flattened `variant` field.
    fn flatten_into(def: &mut StructDef, ty: TypeUse) {
        let mut scope = Scope::default();
        for field in &def.fields {
            scope.claim(field.name.clone());
        }
        def.fields.push(Field {
            name: scope.claim("variant".into()),
            wire_name: String::new(),
            doc: None,
            ty,
            required: true,
            response_required: true,
            default: None,
            secret: false,
            boxed: false,
            deprecated: false,
            flatten: true,
        });
        // The alternatives bring properties of their own.
        def.deny_unknown = false;
    }

    /// `allOf` of parts that all describe one scalar type (`allOf: [$ref: Name, {maxLength:
    /// 10}]`): that type with the rules of every part, the stricter where two give the same
    /// rule. `None` when the parts are of different types or their rules cannot be combined
    /// (two patterns, two enums).
    fn merge_scalars(
        &mut self,
        name: &str,
        parts: Parts<'_>,
        nullable: bool,
        pointer: &str,
    ) -> Result<Option<TypeUse>, Error> {
        let mut merged: Option<TypeUse> = None;
        for (index, part) in parts.iter().enumerate() {
            if annotation_only(part) {
                continue;
            }
            let part_pointer = format!("{pointer}/allOf/{index}");
            let rules_only = match part {
                ReferenceOr::Item(schema) => match &schema.schema_kind {
                    oa::SchemaKind::Any(a) if a.properties.is_empty() && a.items.is_none() && !is_composite(schema) => {
                        Some(self.any_rules(a, &part_pointer)?)
                    }
                    _ => None,
                },
                ReferenceOr::Reference { .. } => None,
            };
            match (&mut merged, rules_only) {
                (Some(base), Some(rules)) => {
                    if !stricter(&mut base.rules, &rules) {
                        return Ok(None);
                    }
                }
                (None, Some(_)) => return Ok(None),
                (current, None) => {
                    let use_ = self.lower_use(part, &format!("{name}{index}"), &part_pointer)?;
                    match current {
                        None => *current = Some(use_),
                        Some(base) => {
                            let same =
                                self.scalar_base(base) == self.scalar_base(&use_) && self.scalar_base(base).is_some();
                            if !same || !stricter(&mut base.rules, &use_.rules) {
                                return Ok(None);
                            }
                        }
                    }
                }
            }
        }
        let Some(mut merged) = merged.filter(|m| self.scalar_base(m).is_some()) else { return Ok(None) };
        merged.nullable |= nullable;
        Ok(Some(merged))
    }

    /// The scalar type a use stands for, through aliases: `Some` for strings, numbers,
    /// booleans and string enums.
    fn scalar_base(&self, tu: &TypeUse) -> Option<Ty> {
        let mut ty = tu.ty.clone();
        for _ in 0..=self.types.len() {
            match &ty {
                Ty::Named(name) => match self.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(target)) => ty = target.ty.clone(),
                    Some(TypeKind::StringEnum(_)) => return Some(ty),
                    _ => return None,
                },
                Ty::String | Ty::Int(_) | Ty::F32 | Ty::F64 | Ty::Bool | Ty::DateTime | Ty::Date => return Some(ty),
                _ => return None,
            }
        }
        None
    }

    /// The scalar rules of an untyped schema (`{maxLength: 10}`).
    fn any_rules(&self, a: &oa::AnySchema, pointer: &str) -> Result<Rules, Error> {
        let mut rules = Rules::default();
        let string = oa::StringType {
            pattern: a.pattern.clone(),
            min_length: a.min_length,
            max_length: a.max_length,
            ..Default::default()
        };
        self.lower_string(&string, pointer, &mut rules)?;
        let bound = |v: Option<f64>, exclusive: Option<bool>| {
            v.map(|v| Bound {
                value: if v.fract() == 0.0 && v.abs() < 9.0e15 { Num::Int(v as i64) } else { Num::Float(v) },
                exclusive: exclusive.unwrap_or(false),
            })
        };
        rules.minimum = bound(a.minimum, a.exclusive_minimum);
        rules.maximum = bound(a.maximum, a.exclusive_maximum);
        rules.multiple_of = a.multiple_of.map(Num::Float);
        Ok(rules)
    }

    /// How demanding a shape is for untagged deserialization: objects with more required
    /// properties first, plain JSON last.
    fn specificity(&self, tu: &TypeUse) -> i64 {
        let mut tu = tu;
        for _ in 0..=self.types.len() {
            match &tu.ty {
                Ty::Named(name) => match self.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(s)) => return 1000 + s.fields.iter().filter(|f| f.required).count() as i64,
                    Some(TypeKind::StringEnum(_)) => return 40,
                    Some(TypeKind::Union(_)) => return 500,
                    Some(TypeKind::Alias(target)) => tu = target,
                    None => return 900,
                },
                Ty::Bool => return 70,
                Ty::Int(_) => return 90,
                Ty::F32 | Ty::F64 => return 80,
                Ty::DateTime | Ty::Date => return 60,
                Ty::Mapped { wire, .. } => return self.specificity(&TypeUse::plain((**wire).clone())),
                Ty::String => return 30,
                Ty::Vec(_) | Ty::Tuple(_) => return 100,
                Ty::Map(_) => return 20,
                Ty::Bytes | Ty::Json => return 0,
            }
        }
        0
    }

    /// Collects the properties of `schema` and, through `allOf` and `$ref`, of everything it
    /// extends. Returns `false` when some part is not an object.
    fn merge_object(
        &self,
        schema: &oa::Schema,
        merged: &mut Merged,
        chain: &mut Vec<String>,
        pointer: &str,
    ) -> Result<bool, Error> {
        if chain.len() > 64 {
            return Ok(false);
        }
        let (one_of, any_of, all_of) = composite_parts(schema);
        if !one_of.is_empty() || !any_of.is_empty() {
            return Ok(false);
        }
        for part in all_of {
            let resolved = match part {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => {
                    // A schema cannot extend itself: that object would have to contain itself.
                    if chain.contains(reference) {
                        chain.push(reference.clone());
                        return Err(self.error(pointer, format!("allOf forms a $ref cycle: {}", chain.join(" -> "))));
                    }
                    self.schema_ref(reference, pointer)?;
                    self.part_schema_ref(reference)
                }
            };
            let Some(resolved) = resolved else { return Ok(false) };
            if let ReferenceOr::Reference { reference } = part {
                chain.push(reference.clone());
            }
            let ok = self.merge_object(resolved, merged, chain, pointer)?;
            if matches!(part, ReferenceOr::Reference { .. }) {
                chain.pop();
            }
            if !ok {
                return Ok(false);
            }
        }
        let (properties, required, additional, counts) = match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(o)) => {
                (&o.properties, &o.required, o.additional_properties.as_ref(), (o.min_properties, o.max_properties))
            }
            oa::SchemaKind::Any(a) => {
                if a.typ.as_deref().is_some_and(|t| t != "object") {
                    return Ok(false);
                }
                (&a.properties, &a.required, a.additional_properties.as_ref(), (a.min_properties, a.max_properties))
            }
            oa::SchemaKind::AllOf { .. } => return Ok(true),
            _ => return Ok(false),
        };
        for (key, value) in properties {
            merged.properties.insert(key.clone(), value.clone());
        }
        for name in required {
            if !merged.required.contains(name) {
                merged.required.push(name.clone());
            }
        }
        if additional.is_some() {
            merged.additional = additional.cloned();
        }
        merged.min_properties = merged.min_properties.or(counts.0);
        merged.max_properties = merged.max_properties.or(counts.1);
        Ok(true)
    }

    /// Refuses a media type that is not `type/subtype` (RFC 6838 tokens, `*` wildcards allowed),
    /// since it could be neither sent nor matched.
    fn check_media_type(&self, media_type: &str, pointer: &str) -> Result<(), Error> {
        let essence = media_type.split(';').next().unwrap_or("").trim();
        let token = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+*".contains(c));
        match essence.split_once('/') {
            Some((kind, sub)) if token(kind) && token(sub) => Ok(()),
            _ => Err(self.error(
                pointer,
                format!("{media_type:?} is not a media type; write it as type/subtype, such as application/json"),
            )),
        }
    }

    fn lower_operations(&mut self) -> Result<Operations, Error> {
        let mut operations = Vec::new();
        // Credentials first: their builders and fields belong to the crate's own API.
        let (credentials, fn_scope) = self.credentials()?;
        self.unrequired_schemes(&credentials);
        let credential_fields: Vec<&str> = credentials.iter().map(|c| c.field.as_str()).collect();
        let mut scopes = OperationScopes {
            fns: fn_scope,
            prefixes: Scope::default(),
            client_types: Scope::with_reserved(names::reserved::CLIENT_TYPES),
            server_types: Scope::with_reserved(names::reserved::SERVER_TYPES),
            seen_ids: BTreeMap::new(),
        };
        for (path, item) in &self.doc.paths.paths {
            let path_pointer = format!("#/paths/{}", pointer_segment(path));
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    return Err(self.error(&path_pointer, "path item `$ref`s are not supported; inline the path item"));
                }
            };
            for (method, op) in methods_of(item) {
                let pointer = format!("{path_pointer}/{}", method.as_str().to_lowercase());
                let id =
                    op.operation_id.clone().unwrap_or_else(|| format!("{} {path}", method.as_str().to_lowercase()));
                let names = self.operation_names(&mut scopes, id, &pointer)?;
                let prefix = names.prefix.clone();
                let security = self.security(op, &credentials, &pointer)?;
                let mut operation =
                    self.lower_operation(op, &item.parameters, path, method, names, &credential_fields, pointer)?;
                name_content(&mut operation, &prefix, &mut scopes);
                operation.security = security;
                operation.pagination = self.pagination(&operation, op, &mut scopes)?;
                operations.push(operation);
            }
        }
        self.unroutable(&mut operations);
        let webhooks = self.lower_webhooks(&mut scopes, &credential_fields)?;
        if let Some((id, _)) = self.config.pagination.iter().find(|(id, _)| !scopes.seen_ids.contains_key(id.get_ref()))
        {
            let message = format!("{} has no operation {:?} to paginate", self.filtered_file(), id.get_ref());
            return Err(self.config.error(id.span(), message));
        }
        if let Some((from, _)) =
            self.config.rename.operations.iter().find(|(from, _)| !scopes.seen_ids.contains_key(from.get_ref()))
        {
            return Err(self.config.error(
                from.span(),
                format!("{} has no operation {:?} to rename", self.filtered_file(), from.get_ref()),
            ));
        }
        Ok(Operations { operations, webhooks, credentials })
    }

    /// How `operation` pages, for a `{op}_stream` client method: the configuration's rule for
    /// it, or a known one (see [`crate::pagination`]); each one found is a note.
    fn pagination(
        &mut self,
        operation: &Operation,
        op: &oa::Operation,
        scopes: &mut OperationScopes,
    ) -> Result<Option<Pagination>, Error> {
        let declared = self.config.pagination.iter().find(|(id, _)| *id.get_ref() == operation.id);
        let rule = match declared.map(|(_, value)| (value.get_ref(), value.span())) {
            Some((toml::Value::Boolean(false), _)) => return Ok(None),
            Some((toml::Value::Table(table), span)) => {
                Some(crate::pagination::Rule::from_table(table).map_err(|message| self.config.error(span, message))?)
            }
            Some((_, span)) => {
                let message =
                    "a pagination rule is `false` or a table such as { cursor = \"after\", next = \"meta.after\" }";
                return Err(self.config.error(span, message));
            }
            None => None,
        };
        let dropshot = op.extensions.contains_key("x-dropshot-pagination");
        // A list is read, not written (Stripe's lists declare an empty optional form body,
        // which the stream leaves out).
        if rule.is_none() && operation.method != Method::Get {
            return Ok(None);
        }
        match crate::pagination::detect(operation, &self.types, dropshot, rule.as_ref()) {
            Ok(Some(mut found)) => {
                found.fn_name = scopes.fns.claim(format!("{}_stream", operation.fn_name.trim_start_matches("r#")));
                self.notes.push(format!("{}: at {}: `{}` {}", self.file, operation.pointer, found.fn_name, found.rule));
                Ok(Some(found))
            }
            Ok(None) => {
                if dropshot {
                    let message = "`x-dropshot-pagination`: no stream method, the operation lacks `page_token` or its response `next_page` and `items`";
                    self.warn(&format!("{}/x-dropshot-pagination", operation.pointer), message);
                }
                Ok(None)
            }
            Err(why) => {
                let span = declared.map(|(_, value)| value.span()).unwrap_or_default();
                Err(self.config.error(span, format!("operation {:?} cannot page this way: {why}", operation.id)))
            }
        }
    }

    /// The names of one operation, unique among all operations and webhooks.
    fn operation_names(
        &mut self,
        scopes: &mut OperationScopes,
        id: String,
        pointer: &str,
    ) -> Result<OperationNames, Error> {
        if let Some(first) = scopes.seen_ids.insert(id.clone(), pointer.to_string()) {
            return Err(self.error(
                &format!("{pointer}/operationId"),
                format!("operationId {id:?} is also used at {first}; operationIds must be unique"),
            ));
        }
        let renamed = self.config.rename.operations.iter().find(|(from, _)| *from.get_ref() == id);
        let base = renamed.map_or(id.as_str(), |(_, to)| to.get_ref().as_str());
        let fn_name = scopes.fns.claim(names::value_name(base));
        if let Some((_, to)) = renamed
            && fn_name != *to.get_ref()
        {
            let wanted = to.get_ref();
            let message = format!(
                "`{wanted}` is not free for operation {id:?}: it is taken or not a snake_case Rust name \
                 (`{fn_name}` would be)"
            );
            return Err(self.config.error(to.span(), message));
        }
        let prefix = scopes.prefixes.claim(names::type_name(base));
        let handler = self.server_fns.claim(format!("handle_{}", fn_name.trim_start_matches("r#")));
        let types = OperationTypes {
            request: scopes.server_types.claim(format!("{prefix}Request")),
            response: scopes.server_types.claim(format!("{prefix}Response")),
            error: scopes.client_types.claim(format!("{prefix}Error")),
            shared_error: None,
            params: scopes.client_types.claim(format!("{prefix}Params")),
            success: scopes.client_types.claim(format!("{prefix}Success")),
        };
        Ok(OperationNames { id, fn_name, prefix, handler, types })
    }

    /// Webhooks (OpenAPI 3.1's `webhooks`, moved to [`WEBHOOKS_31_KEY`] by the 3.1 reader):
    /// requests the API sends to a URL its user registers. Each is lowered like an operation
    /// at the path `/{name}`, where the generated receiver routes it and the sender sends it.
    fn lower_webhooks(
        &mut self,
        scopes: &mut OperationScopes,
        credential_fields: &[&str],
    ) -> Result<Vec<Operation>, Error> {
        let Some(value) = self.doc.extensions.get(WEBHOOKS_31_KEY) else { return Ok(Vec::new()) };
        let root = "#/webhooks";
        let items: indexmap::IndexMap<String, ReferenceOr<oa::PathItem>> = serde_json::from_value(value.clone())
            .map_err(|e| self.error(root, format!("webhooks must map names to path items: {e}")))?;
        // Webhook methods are named apart from `Client`'s: they belong to the sender.
        scopes.fns = Scope::with_reserved(names::reserved::CLIENT_METHODS);
        let mut webhooks = Vec::new();
        for (name, item) in &items {
            let item_pointer = format!("{root}/{}", pointer_segment(name));
            let ReferenceOr::Item(item) = item else {
                return Err(self.error(&item_pointer, "webhook `$ref`s are not supported; inline the path item"));
            };
            let path = format!("/{}", webhook_segment(name));
            for (method, op) in methods_of(item) {
                let pointer = format!("{item_pointer}/{}", method.as_str().to_lowercase());
                let id = op.operation_id.clone().unwrap_or_else(|| name.clone());
                let names = self.operation_names(scopes, id, &pointer)?;
                let prefix = names.prefix.clone();
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    self.warn(
                        &format!("{pointer}/security"),
                        "the receiver does not check a webhook's security; check the request in the implementation",
                    );
                }
                let mut operation =
                    self.lower_operation(op, &item.parameters, &path, method, names, credential_fields, pointer)?;
                name_content(&mut operation, &prefix, scopes);
                webhooks.push(operation);
            }
        }
        self.unroutable(&mut webhooks);
        Ok(webhooks)
    }

    /// Operations the server cannot tell apart from an earlier one (the same method on a path of
    /// the same shape: `/pets/{id}` and `/pets/{name}`, or box's two `GET /files/{file_id}`) are
    /// not routed, with a warning; their client methods stay.
    fn unroutable(&mut self, operations: &mut [Operation]) {
        // Route, method and the key's query: what tells operations apart on the wire.
        type Wire = (String, Method, Vec<(String, String)>);
        let mut seen: Vec<(Wire, String)> = Vec::new();
        for op in operations.iter_mut() {
            let Some(route) = op.route.clone() else { continue };
            let wire = (route, op.method, op.key_query.clone());
            match seen.iter().find(|(w, _)| *w == wire) {
                Some((_, first)) => {
                    let message = format!(
                        "{} {} cannot be told apart from operation {first:?} on the wire; the server routes it there",
                        op.method.as_str(),
                        op.path
                    );
                    self.warn(&op.pointer, message);
                    op.route = None;
                }
                None => seen.push((wire, op.id.clone())),
            }
        }
    }

    /// Every operation of the spec with its path item, method and pointer.
    fn each_operation(&self) -> Vec<(&'a str, &'a oa::Operation, String)> {
        let mut out = Vec::new();
        for (path, item) in &self.doc.paths.paths {
            let ReferenceOr::Item(item) = item else { continue };
            let path_pointer = format!("#/paths/{}", pointer_segment(path));
            for (method, op) in methods_of(item) {
                out.push((path.as_str(), op, format!("{path_pointer}/{}", method.as_str().to_lowercase())));
            }
        }
        out
    }

    /// The credentials the operations require, named: `bearer_token` (`Client::new`,
    /// `with_bearer_token`), `credentials` (`with_basic_auth`), `api_key` (`with_api_key`) when
    /// there is one API key, else one per key named after its scheme (`with_client_id`).
    /// Returns them with the scope of `Client` methods, their builders taken.
    fn credentials(&self) -> Result<(Vec<Credential>, Scope), Error> {
        let mut kinds: Vec<(CredentialKind, String)> = Vec::new();
        for (_, op, pointer) in self.each_operation() {
            for (kind, scheme) in self.requirement(op, &pointer)? {
                if !kinds.iter().any(|(k, _)| *k == kind) {
                    kinds.push((kind, scheme));
                }
            }
        }
        let keys = kinds.iter().filter(|(k, _)| matches!(k, CredentialKind::ApiKey { .. })).count();
        let mut methods = Scope::with_reserved(names::reserved::CLIENT_METHODS);
        let mut fields = Scope::with_reserved(names::reserved::CLIENT_FIELDS);
        let mut credentials = Vec::new();
        for (kind, scheme) in kinds {
            let (field, builder) = match &kind {
                CredentialKind::Bearer => ("bearer_token".to_string(), "with_bearer_token".to_string()),
                CredentialKind::Basic => ("credentials".to_string(), "with_basic_auth".to_string()),
                CredentialKind::ApiKey { .. } if keys == 1 => ("api_key".to_string(), "with_api_key".to_string()),
                CredentialKind::ApiKey { .. } => {
                    let field = fields.claim(names::value_name(&scheme));
                    let builder = methods.claim(format!("with_{}", field.trim_start_matches("r#")));
                    (field, builder)
                }
            };
            credentials.push(Credential { kind, field, builder, scheme });
        }
        Ok((credentials, methods))
    }

    /// A security scheme no requirement names (Kubernetes declares `BearerToken` and requires it
    /// nowhere) is enforced by nothing the generator writes: said, not dropped in silence.
    fn unrequired_schemes(&mut self, credentials: &[Credential]) {
        let Some(components) = self.doc.components.as_ref().filter(|c| !c.security_schemes.is_empty()) else {
            return;
        };
        // Callbacks and webhooks are operations too: a scheme they name is required.
        let mut named = BTreeSet::new();
        let mut add = |security: &Option<Vec<oa::SecurityRequirement>>| {
            named.extend(security.iter().flatten().flat_map(|r| r.keys().cloned()));
        };
        add(&self.doc.security);
        for (_, op, _) in self.each_operation() {
            add(&op.security);
            for item in op.callbacks.values().flat_map(|callback| callback.values()) {
                methods_of(item).into_iter().for_each(|(_, op)| add(&op.security));
            }
        }
        if let Some(webhooks) = self.doc.extensions.get(WEBHOOKS_31_KEY) {
            security_names(webhooks, &mut named);
        }
        let unrequired: Vec<String> =
            components.security_schemes.keys().filter(|name| !named.contains(*name)).cloned().collect();
        let client = if credentials.is_empty() {
            "; the client sends the bearer token of `with_bearer_token`, if one is set, with every request"
        } else {
            ""
        };
        for name in unrequired {
            self.warn(
                &format!("#/components/securitySchemes/{}", pointer_segment(&name)),
                format!("no security requirement names this scheme, so the server does not check it{client}"),
            );
        }
    }

    /// The indexes of the credentials `op` requires.
    fn security(&self, op: &oa::Operation, credentials: &[Credential], pointer: &str) -> Result<Vec<usize>, Error> {
        let required = self.requirement(op, pointer)?;
        Ok(required.iter().filter_map(|(kind, _)| credentials.iter().position(|c| c.kind == *kind)).collect())
    }

    #[allow(clippy::too_many_arguments)] // One call site; a struct would only rename the list.
    fn lower_operation(
        &mut self,
        op: &oa::Operation,
        shared_params: &[ReferenceOr<oa::Parameter>],
        path: &str,
        method: Method,
        names: OperationNames,
        credential_fields: &[&str],
        pointer: String,
    ) -> Result<Operation, Error> {
        let OperationNames { id, fn_name, prefix, handler, types } = names;
        // A path key may carry a fragment (box writes `/files/{file_id}#get_shared_link` to
        // describe one path twice), which URLs do not send, or a query (OpenAI's
        // `/responses?beta=true`), which they do.
        let (without_fragment, fragment) = path.split_once('#').unwrap_or((path, ""));
        let (wire_path, query) = without_fragment.split_once('?').unwrap_or((without_fragment, ""));
        if !fragment.is_empty() {
            self.warn(
                &pointer,
                format!(
                    "the path key {path:?} carries a fragment, which URLs do not send; the operation is at {wire_path}"
                ),
            );
        }
        let key_query = key_query_pairs(query);
        let path = wire_path;
        let params = self.lower_params(shared_params, &op.parameters, path, &prefix, credential_fields, &pointer)?;
        let body = match &op.request_body {
            Some(body) => Some(self.lower_body(body, &prefix, &format!("{pointer}/requestBody"))?),
            None => None,
        };
        let responses = self.lower_responses(&op.responses, &prefix, &format!("{pointer}/responses"))?;
        if op.responses.responses.is_empty() && op.responses.default.is_none() {
            self.warn(
                &format!("{pointer}/responses"),
                "documents no response (OpenAPI requires at least one); the server answers 501 Not Implemented until an implementation answers otherwise",
            );
        }
        let doc = join_docs(op.summary.as_deref(), op.description.as_deref());
        let documents = |wanted: StatusSpec| responses.iter().any(|r| r.status == wanted);
        let invalid_status = if documents(StatusSpec::Code(400))
            && !documents(StatusSpec::Code(422))
            && !documents(StatusSpec::Range(4))
            && !documents(StatusSpec::Default)
        {
            400
        } else {
            422
        };
        let covered = documents(StatusSpec::Range(4)) || documents(StatusSpec::Default);
        let malformed_status =
            if documents(StatusSpec::Code(422)) && !documents(StatusSpec::Code(400)) && !covered { 422 } else { 400 };
        Ok(Operation {
            invalid_status,
            malformed_status,
            id,
            fn_name,
            types,
            handler,
            method,
            path: path.into(),
            route: Some(route_of(path).map_err(|why| self.error(&pointer, why))?),
            key_query,
            doc,
            params,
            body,
            responses,
            security: Vec::new(),
            deprecated: op.deprecated,
            pointer,
            pagination: None,
        })
    }

    /// The credentials an operation's security requirement asks for, all together, with the
    /// scheme names that ask for them. Of the alternatives, the first whose every scheme is
    /// supported is used, preferring a bearer token alone; schemes that cannot be enforced are
    /// refused rather than silently left out.
    fn requirement(&self, op: &oa::Operation, pointer: &str) -> Result<Vec<(CredentialKind, String)>, Error> {
        let Some(requirements) = op.security.as_ref().or(self.doc.security.as_ref()) else { return Ok(Vec::new()) };
        if requirements.is_empty() || requirements.iter().any(|r| r.is_empty()) {
            return Ok(Vec::new());
        }
        let schemes = self.doc.components.as_ref().map(|c| &c.security_schemes);
        let mut candidates = Vec::new();
        for requirement in requirements {
            let mut parts = Vec::new();
            for name in requirement.keys() {
                let scheme = schemes.and_then(|s| s.get(name)).ok_or_else(|| {
                    self.error(
                        pointer,
                        format!("security scheme {name:?} is not defined in #/components/securitySchemes"),
                    )
                })?;
                let ReferenceOr::Item(scheme) = scheme else {
                    return Err(self.error(pointer, format!("security scheme {name:?} is a $ref; define it inline")));
                };
                let kind = match scheme {
                    oa::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("bearer") => {
                        Some(CredentialKind::Bearer)
                    }
                    oa::SecurityScheme::HTTP { scheme, .. } if scheme.eq_ignore_ascii_case("basic") => {
                        Some(CredentialKind::Basic)
                    }
                    oa::SecurityScheme::OAuth2 { .. } | oa::SecurityScheme::OpenIDConnect { .. } => {
                        Some(CredentialKind::Bearer)
                    }
                    oa::SecurityScheme::APIKey { location, name, .. } => Some(CredentialKind::ApiKey {
                        location: match location {
                            oa::APIKeyLocation::Header => ParamIn::Header,
                            oa::APIKeyLocation::Query => ParamIn::Query,
                            oa::APIKeyLocation::Cookie => ParamIn::Cookie,
                        },
                        name: name.clone(),
                    }),
                    oa::SecurityScheme::HTTP { .. } => None,
                };
                parts.push(kind.map(|k| (k, name.clone())));
            }
            let parts: Option<Vec<(CredentialKind, String)>> = parts.into_iter().collect();
            if let Some(mut parts) = parts {
                // Two schemes asking for the same credential (bearer and oauth2) ask once.
                let mut seen = Vec::new();
                parts.retain(|(kind, _)| {
                    let new = !seen.contains(kind);
                    seen.push(kind.clone());
                    new
                });
                candidates.push(parts);
            }
        }
        let bearer_alone = |c: &&Vec<(CredentialKind, String)>| matches!(c.as_slice(), [(CredentialKind::Bearer, _)]);
        let preferred = candidates.iter().find(bearer_alone).or_else(|| candidates.first());
        preferred.cloned().ok_or_else(|| {
            self.error(
                pointer,
                "none of the security requirements uses only supported schemes; supported: http bearer, http basic, apiKey, oauth2 and openIdConnect (as bearer tokens)",
            )
        })
    }

    fn lower_params(
        &mut self,
        shared: &[ReferenceOr<oa::Parameter>],
        own: &[ReferenceOr<oa::Parameter>],
        path: &str,
        type_name: &str,
        credential_fields: &[&str],
        pointer: &str,
    ) -> Result<Vec<Param>, Error> {
        let path_pointer = pointer.rsplit_once('/').map(|(p, _)| p).unwrap_or(pointer);
        let mut resolved: Vec<(oa::Parameter, String)> = Vec::new();
        let sources = shared.iter().enumerate().map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")));
        let own_sources = own.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}")));
        for (param, param_pointer) in sources.chain(own_sources) {
            let param = self.resolve_param(param, &param_pointer)?;
            let key = (param.parameter_data_ref().name.clone(), location(&param));
            // Operation-level parameters override path-level ones with the same name and place.
            resolved.retain(|(p, _)| (p.parameter_data_ref().name.clone(), location(p)) != key);
            resolved.push((param, param_pointer));
        }
        let template_names = template_params(path);
        for name in &template_names {
            if !resolved.iter().any(|(p, _)| location(p) == ParamIn::Path && &p.parameter_data_ref().name == name) {
                return Err(self.error(
                    pointer,
                    format!("path template {path:?} uses {{{name}}} but no path parameter {name:?} is declared"),
                ));
            }
        }
        let mut scope = Scope::with_reserved(names::reserved::REQUEST_FIELDS);
        for name in names::reserved::CLIENT_CALLS {
            scope.claim(name.to_string());
        }
        for field in credential_fields {
            scope.claim(field.to_string());
        }
        let mut params = Vec::new();
        // Path parameters first, in template order, then the rest as declared.
        resolved.sort_by_key(|(p, _)| match location(p) {
            ParamIn::Path => {
                template_names.iter().position(|n| *n == p.parameter_data_ref().name).unwrap_or(usize::MAX)
            }
            _ => usize::MAX,
        });
        for (param, param_pointer) in resolved {
            let data = param.parameter_data_ref();
            let location = location(&param);
            if location == ParamIn::Path && !template_names.contains(&data.name) {
                return Err(self.error(
                    &param_pointer,
                    format!("path parameter {:?} does not appear in the path template {path:?}", data.name),
                ));
            }
            let ty = match &data.format {
                oa::ParameterSchemaOrContent::Schema(schema) => self.lower_use(
                    schema,
                    &format!("{type_name}{}", names::type_name(&data.name)),
                    &format!("{param_pointer}/schema"),
                )?,
                oa::ParameterSchemaOrContent::Content(_) => {
                    return Err(self.error(
                        &format!("{param_pointer}/content"),
                        "parameters described with `content` are not supported; use `schema`",
                    ));
                }
            };
            if self.is_object(&ty) && location != ParamIn::Query {
                return Err(self.error(
                    &format!("{param_pointer}/schema"),
                    "object-typed path, header and cookie parameters are not supported; objects travel in the query (form or deepObject style)",
                ));
            }
            let explode =
                data.explode.unwrap_or(matches!(param, oa::Parameter::Query { .. } | oa::Parameter::Cookie { .. }));
            let example = data.example.clone().or_else(|| match &data.format {
                oa::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => schema.schema_data.example.clone(),
                _ => None,
            });
            let deep_object = matches!(param, oa::Parameter::Query { style: oa::QueryStyle::DeepObject, .. });
            let allow_empty = matches!(param, oa::Parameter::Query { allow_empty_value: Some(true), .. });
            let default = match &data.format {
                oa::ParameterSchemaOrContent::Schema(ReferenceOr::Item(schema)) => schema.schema_data.default.clone(),
                oa::ParameterSchemaOrContent::Schema(ReferenceOr::Reference { reference }) => {
                    self.part_schema_ref(reference).and_then(|s| s.schema_data.default.clone())
                }
                oa::ParameterSchemaOrContent::Content(_) => None,
            };
            let doc = with_default(non_empty(&data.description), default.as_ref());
            let empty_default = default.filter(|_| allow_empty).and_then(|d| match d {
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            });
            // A parameter travels as text, which has no null: `nullable` adds nothing a
            // parameter can carry, and an optional one is already an `Option`.
            let mut ty = ty;
            ty.nullable = false;
            self.record_examples(&param_pointer, &ty, data.example.as_ref(), &data.examples);
            let secret = (location == ParamIn::Header
                && ["authorization", "proxy-authorization"].contains(&data.name.to_ascii_lowercase().as_str()))
                || matches!(&data.format, oa::ParameterSchemaOrContent::Schema(ReferenceOr::Item(s)) if is_secret(s));
            let route_key = (location == ParamIn::Path).then(|| route_param(path, &data.name)).flatten();
            params.push(Param {
                route_key,
                secret,
                deep_object,
                allow_empty,
                empty_default,
                example,
                explode,
                name: scope.claim(names::value_name(&data.name)),
                wire_name: data.name.clone(),
                location,
                required: data.required || location == ParamIn::Path,
                ty,
                doc,
            });
        }
        Ok(params)
    }

    /// Whether a use is (an alias of) an object or map, which has no plain-text form.
    fn is_object(&self, tu: &TypeUse) -> bool {
        let mut ty = &tu.ty;
        for _ in 0..=self.types.len() {
            match ty {
                Ty::Map(_) => return true,
                Ty::Vec(item) => ty = &item.ty,
                Ty::Named(name) => match self.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
                    Some(TypeKind::Struct(_)) => return true,
                    Some(TypeKind::Alias(target)) => ty = &target.ty,
                    _ => return false,
                },
                _ => return false,
            }
        }
        false
    }

    /// Whether a `multipart/form-data` schema names its parts: an object, or a union whose
    /// every alternative is one (Discord's interaction callbacks), each read by its own parts.
    fn names_parts(&self, tu: &TypeUse) -> bool {
        let object = |tu: &TypeUse| !matches!(tu.ty, Ty::Vec(_)) && self.is_object(tu);
        if object(tu) {
            return true;
        }
        let mut ty = &tu.ty;
        for _ in 0..=self.types.len() {
            let Ty::Named(name) = ty else { return false };
            match self.types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
                Some(TypeKind::Alias(target)) => ty = &target.ty,
                Some(TypeKind::Union(union)) => {
                    return !union.variants.is_empty()
                        && union.variants.iter().all(|v| v.ty.as_ref().is_some_and(object));
                }
                _ => return false,
            }
        }
        false
    }

    fn resolve_param(&self, param: &ReferenceOr<oa::Parameter>, pointer: &str) -> Result<oa::Parameter, Error> {
        let mut current = param;
        for _ in 0..32 {
            match current {
                ReferenceOr::Item(p) => return Ok(p.clone()),
                ReferenceOr::Reference { reference } => {
                    let key = reference.strip_prefix("#/components/parameters/").ok_or_else(|| {
                        self.error(pointer, format!("$ref {reference:?} must point into #/components/parameters/"))
                    })?;
                    current = self
                        .doc
                        .components
                        .as_ref()
                        .and_then(|c| c.parameters.get(&unescape_pointer(key)))
                        .ok_or_else(|| {
                            self.error(pointer, format!("$ref {reference:?} points to a parameter that does not exist"))
                        })?;
                }
            }
        }
        Err(self.error(pointer, "parameter `$ref`s form a cycle"))
    }

    fn lower_body(
        &mut self,
        body: &ReferenceOr<oa::RequestBody>,
        type_name: &str,
        pointer: &str,
    ) -> Result<Body, Error> {
        let body = resolve_component(
            body,
            self.doc.components.as_ref().map(|c| &c.request_bodies),
            "#/components/requestBodies/",
        )
        .map_err(|m| self.error(pointer, m))?;
        let Some((media_type, media, kind)) = pick_media(&body.content) else {
            return Err(self.error(&format!("{pointer}/content"), "the request body lists no media type"));
        };
        let media_pointer = format!("{pointer}/content/{}", pointer_segment(media_type));
        self.check_media_type(media_type, &media_pointer)?;
        // A range (`*/*`, `application/*`) with a schema of structured values (Kubernetes'
        // `*/*` with a `Deployment`) takes JSON among the rest: the body is that JSON value,
        // typed and checked, rather than bytes whose schema nothing reads.
        let structured = media.schema.as_ref().is_some_and(|schema| self.describes_structure(schema));
        let mut others = Vec::new();
        let (kind, sent_as) = match kind {
            MediaKind::Binary if media_type.contains('*') && structured => {
                self.warn_once(
                    &media_pointer,
                    format!(
                        "`{media_type}` with a schema of structured values is read as JSON; a body in another \
                         media type of the range reaches the implementation as bytes, unchecked"
                    ),
                );
                others.push(media_type.clone());
                (MediaKind::Json, "application/json")
            }
            // A JSON range (`application/*+json`) cannot be a `Content-Type`: JSON is sent as
            // `application/json`.
            MediaKind::Json if media_type.contains('*') => (MediaKind::Json, "application/json"),
            kind => (kind, media_type.as_str()),
        };
        let parts = self.lower_parts(media_type, media, kind, type_name, &media_pointer)?;
        let ty = match (kind, &media.schema) {
            (MediaKind::Json | MediaKind::Form, Some(schema)) => {
                self.lower_use(schema, &format!("{type_name}Body"), &format!("{media_pointer}/schema"))?
            }
            (MediaKind::Json | MediaKind::Form, None) => TypeUse::plain(Ty::Json),
            (MediaKind::Text, _) => TypeUse::plain(Ty::String),
            (MediaKind::Binary | MediaKind::Multipart, _) => TypeUse::plain(Ty::Bytes),
        };
        if matches!(kind, MediaKind::Json | MediaKind::Form) {
            self.record_examples(&media_pointer, &ty, media.example.as_ref(), &media.examples);
        }
        let example = media.example.clone().or_else(|| match &media.schema {
            Some(ReferenceOr::Item(schema)) => schema.schema_data.example.clone(),
            _ => None,
        });
        // The other media types: the same kind is accepted as well; `multipart/form-data`
        // beside JSON is the body's second form; another kind is not generated, and says so.
        let mut also_accepted = Vec::new();
        let mut multipart = None;
        let mut form_too = false;
        let mut yaml_sendable = Vec::new();
        for other in body.content.keys().filter(|m| *m != media_type) {
            let other_essence = essence(other);
            let same_kind = media_kind(other) == kind;
            let same_schema = body.content[other].schema == media.schema;
            // The same media type with other parameters (`; charset=utf-8`) is the same body;
            // text and bytes take any of their kind, JSON any with the same schema.
            let same_primary = other_essence == essence(media_type);
            let same_body = (same_primary && same_schema)
                || (same_kind && matches!(kind, MediaKind::Text | MediaKind::Binary))
                || (same_kind && kind == MediaKind::Json && same_schema);
            if same_body {
                also_accepted.push(other.clone());
            } else if same_primary {
                // The same media type on the wire: the generated body's schema is the one read.
                self.warn(
                    &format!("{pointer}/content/{}/schema", pointer_segment(other)),
                    format!(
                        "{other} is {media_type} on the wire with another schema; a request of that media type is \
                         read as the generated body, and this schema is not used"
                    ),
                );
            } else if kind == MediaKind::Json && other_essence == "application/x-www-form-urlencoded" && same_schema {
                form_too = true;
            } else if kind == MediaKind::Json && other_essence == "multipart/form-data" && multipart.is_none() {
                let other_pointer = format!("{pointer}/content/{}", pointer_segment(other));
                let other_media = &body.content[other];
                let parts_name = format!("{type_name}Multipart");
                let parts = self.lower_parts(other, other_media, MediaKind::Multipart, &parts_name, &other_pointer)?;
                multipart = Some(Body {
                    ty: TypeUse::plain(Ty::Bytes),
                    required: body.required,
                    media_type: other.clone(),
                    also_accepted: Vec::new(),
                    kind: MediaKind::Multipart,
                    parts,
                    doc: non_empty(&body.description),
                    example: None,
                    multipart: None,
                    form_too: false,
                    media_types: None,
                    others: Vec::new(),
                    content: None,
                });
            } else if kind == MediaKind::Json && is_yaml_suffix(&other_essence) && same_schema {
                // JSON text is a YAML 1.2 document, so the client can send the body as a media
                // type of its own with a `+yaml` suffix (Kubernetes' server-side apply, which
                // means something else than its JSON patches). Plain `application/yaml` carries
                // the same data as the JSON body and adds no choice. Reading YAML would take a
                // YAML parser in every generated crate, so the server hands it on as bytes.
                self.warn(
                    &format!("{pointer}/content/{}", pointer_segment(other)),
                    format!(
                        "the request body is generated for {media_type}; the client sends {other} as JSON text, \
                         which is YAML, and the server hands its bytes to the implementation unchecked (it reads \
                         no YAML)"
                    ),
                );
                others.push(other.clone());
                yaml_sendable.push(other.clone());
            } else {
                // Another kind, or JSON with a schema of its own (a JSON Patch array beside
                // the object it patches): not modelled, still taken.
                let why =
                    if same_kind { "its schema differs from that one's" } else { "the generator does not model it" };
                self.warn(
                    &format!("{pointer}/content/{}", pointer_segment(other)),
                    format!(
                        "the request body is generated for {media_type}; {other} is not ({why}): the server hands \
                         its bytes to the implementation unchecked, and the client cannot send it"
                    ),
                );
                others.push(other.clone());
            }
        }
        // The JSON media types a client can send the body as: one per essence, none a range
        // (`application/*+json` is taken, not sent).
        let mut sendable: Vec<&str> = Vec::new();
        for m in std::iter::once(sent_as).chain(also_accepted.iter().chain(&yaml_sendable).map(String::as_str)) {
            // `text/json` is taken for ASP.NET's sake, never the one to send.
            if !m.contains('*') && essence(m) != "text/json" && !sendable.iter().any(|s| essence(s) == essence(m)) {
                sendable.push(m);
            }
        }
        let media_types = if kind == MediaKind::Json && sendable.len() > 1 {
            let values: Vec<Option<String>> = sendable.iter().map(|m| Some(m.to_string())).collect();
            let schema = oa::Schema {
                schema_data: Default::default(),
                schema_kind: oa::SchemaKind::Type(oa::Type::String(oa::StringType {
                    enumeration: values,
                    ..Default::default()
                })),
            };
            let choice = ReferenceOr::Item(schema);
            Some(self.lower_use(&choice, &format!("{type_name}MediaType"), &format!("{pointer}/content"))?)
        } else {
            None
        };
        Ok(Body {
            ty,
            required: body.required,
            media_type: sent_as.to_string(),
            media_types,
            others,
            // Named with the operation (see `name_content`).
            content: None,
            also_accepted,
            kind,
            parts,
            doc: non_empty(&body.description),
            example,
            form_too,
            // Named with the operation (see `name_content`).
            multipart: multipart.map(|body| MultipartChoice { body: Box::new(body), client_method: String::new() }),
        })
    }

    /// The schema a `multipart/form-data` body's parts are checked against: an object, one
    /// property per part. The body itself travels as bytes the caller builds.
    fn lower_parts(
        &mut self,
        media_type: &str,
        media: &oa::MediaType,
        kind: MediaKind,
        type_name: &str,
        pointer: &str,
    ) -> Result<Option<TypeUse>, Error> {
        if kind != MediaKind::Multipart {
            return Ok(None);
        }
        let essence = media_type.split(';').next().unwrap_or("").trim();
        let schema = media.schema.as_ref().filter(|_| essence.eq_ignore_ascii_case("multipart/form-data"));
        let Some(schema) = schema else {
            self.fallback(
                pointer,
                "multipart bodies other than form-data travel as raw bytes with their Content-Type, unchecked",
            );
            return Ok(None);
        };
        let ty = self.lower_use(schema, &format!("{type_name}Body"), &format!("{pointer}/schema"))?;
        if !self.names_parts(&ty) {
            self.fallback(
                &format!("{pointer}/schema"),
                "a multipart/form-data schema that is neither an object nor a union of objects names no parts; the body travels as raw bytes, unchecked",
            );
            return Ok(None);
        }
        self.fallback(
            pointer,
            "multipart bodies travel as raw bytes the caller builds, with their Content-Type; the server checks each part against the schema",
        );
        if !media.encoding.is_empty() {
            self.warn(
                &format!("{pointer}/encoding"),
                "per-part encodings are not checked: a part's Content-Type and headers are taken as sent",
            );
        }
        Ok(Some(ty))
    }

    fn lower_responses(
        &mut self,
        responses: &oa::Responses,
        type_name: &str,
        pointer: &str,
    ) -> Result<Vec<Response>, Error> {
        let mut out = Vec::new();
        let mut scope = Scope::with_reserved(&[names::reserved::FAILURE_VARIANT]);
        let entries = responses
            .responses
            .iter()
            .map(|(code, r)| {
                let status = match code {
                    oa::StatusCode::Code(c) => StatusSpec::Code(*c),
                    oa::StatusCode::Range(r) => StatusSpec::Range(*r),
                };
                (status, code.to_string(), r)
            })
            .chain(responses.default.iter().map(|r| (StatusSpec::Default, "default".to_string(), r)));
        for (status, key, response) in entries {
            let response_pointer = format!("{pointer}/{}", pointer_segment(&key));
            let response = resolve_component(
                response,
                self.doc.components.as_ref().map(|c| &c.responses),
                "#/components/responses/",
            )
            .map_err(|m| self.error(&response_pointer, m))?;
            let variant = scope.claim(match status {
                StatusSpec::Code(c) => names::status_variant(c),
                StatusSpec::Range(r) => format!("Status{r}xx"),
                StatusSpec::Default => "Default".into(),
            });
            let mut media_pointer = response_pointer.clone();
            let (body, example, media_type, kind) = match pick_media(&response.content) {
                Some((media_type, media, kind)) => {
                    media_pointer = format!("{response_pointer}/content/{}", pointer_segment(media_type));
                    self.check_media_type(media_type, &media_pointer)?;
                    let body = match (kind, &media.schema) {
                        (MediaKind::Json | MediaKind::Form, Some(schema)) => self.lower_use(
                            schema,
                            &format!("{type_name}{variant}Body"),
                            &format!("{media_pointer}/schema"),
                        )?,
                        (MediaKind::Json | MediaKind::Form, None) => TypeUse::plain(Ty::Json),
                        (MediaKind::Text, _) => TypeUse::plain(Ty::String),
                        (MediaKind::Binary | MediaKind::Multipart, _) => TypeUse::plain(Ty::Bytes),
                    };
                    if kind == MediaKind::Json {
                        self.record_examples(&media_pointer, &body, media.example.as_ref(), &media.examples);
                    }
                    // A form response is unusual; it is read as JSON-shaped data only if JSON.
                    let kind = if kind == MediaKind::Form { MediaKind::Binary } else { kind };
                    let body = if kind == MediaKind::Binary { TypeUse::plain(Ty::Bytes) } else { body };
                    // The stub serves `example`, else the first of `examples`.
                    let components = self.doc.components.as_ref().map(|c| &c.examples);
                    let first = media.examples.iter().find_map(|(key, e)| {
                        let value = resolve_component(e, components, "#/components/examples/").ok()?.value.clone()?;
                        Some((format!("{media_pointer}/examples/{}/value", pointer_segment(key)), value))
                    });
                    let example = match (&media.example, first) {
                        (Some(value), _) => Some((format!("{media_pointer}/example"), value.clone())),
                        (None, first) => first,
                    };
                    (Some(body), example, media_type.clone(), kind)
                }
                None => (None, None, String::new(), MediaKind::Json),
            };
            let headers = self.lower_headers(&response.headers, &format!("{type_name}{variant}"), &response_pointer)?;
            let (example_pointer, example) = match example {
                Some((pointer, value)) => (pointer, Some(value)),
                None => (media_pointer, None),
            };
            out.push(Response {
                example_pointer,
                media_type,
                kind,
                status,
                variant,
                doc: non_empty(&Some(response.description.clone())),
                body,
                example,
                headers,
            });
        }
        Ok(out)
    }

    fn lower_headers(
        &mut self,
        headers: &indexmap::IndexMap<String, ReferenceOr<oa::Header>>,
        context: &str,
        pointer: &str,
    ) -> Result<Vec<Header>, Error> {
        let mut scope = Scope::with_reserved(&["body"]);
        let mut out = Vec::new();
        for (wire_name, header) in headers {
            // Content-Type is set from the media type; a documented one adds nothing.
            if wire_name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let header_pointer = format!("{pointer}/headers/{}", pointer_segment(wire_name));
            let header =
                resolve_component(header, self.doc.components.as_ref().map(|c| &c.headers), "#/components/headers/")
                    .map_err(|m| self.error(&header_pointer, m))?;
            let ty = match &header.format {
                oa::ParameterSchemaOrContent::Schema(schema) => self.lower_use(
                    schema,
                    &format!("{context}{}", names::type_name(wire_name)),
                    &format!("{header_pointer}/schema"),
                )?,
                oa::ParameterSchemaOrContent::Content(_) => TypeUse::plain(Ty::String),
            };
            out.push(Header {
                name: scope.claim(names::value_name(wire_name)),
                wire_name: wire_name.to_ascii_lowercase(),
                ty,
                required: header.required,
                doc: non_empty(&header.description),
            });
        }
        Ok(out)
    }
}

/// Properties gathered from an `allOf` chain.
#[derive(Default)]
struct Merged {
    properties: indexmap::IndexMap<String, ReferenceOr<Box<oa::Schema>>>,
    required: Vec<String>,
    additional: Option<oa::AdditionalProperties>,
    min_properties: Option<usize>,
    max_properties: Option<usize>,
}

/// The `oneOf`, `anyOf` and `allOf` lists of a schema (empty when absent).
/// The parts of a composition.
type Parts<'a> = &'a [ReferenceOr<oa::Schema>];

fn composite_parts(schema: &oa::Schema) -> (Parts<'_>, Parts<'_>, Parts<'_>) {
    match &schema.schema_kind {
        oa::SchemaKind::OneOf { one_of } => (one_of, &[], &[]),
        oa::SchemaKind::AnyOf { any_of } => (&[], any_of, &[]),
        oa::SchemaKind::AllOf { all_of } => (&[], &[], all_of),
        oa::SchemaKind::Any(a) => (&a.one_of, &a.any_of, &a.all_of),
        _ => (&[], &[], &[]),
    }
}

fn is_composite(schema: &oa::Schema) -> bool {
    let (one_of, any_of, all_of) = composite_parts(schema);
    !(one_of.is_empty() && any_of.is_empty() && all_of.is_empty())
}

/// For a schema whose `enum` lists `null`: `Some(None)` when null is its only value, else
/// `Some(Some(schema))` without the nulls. `None` for a schema without null in its `enum`.
fn without_null_in_enum(schema: &oa::Schema) -> Option<Option<oa::Schema>> {
    let mut rest = schema.clone();
    let (had_null, left) = match &mut rest.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) => drop_nulls(&mut s.enumeration),
        oa::SchemaKind::Type(oa::Type::Integer(i)) => drop_nulls(&mut i.enumeration),
        oa::SchemaKind::Type(oa::Type::Number(n)) => drop_nulls(&mut n.enumeration),
        oa::SchemaKind::Type(oa::Type::Boolean(b)) => drop_nulls(&mut b.enumeration),
        oa::SchemaKind::Any(a) if !a.enumeration.is_empty() && a.enumeration.iter().all(Value::is_null) => (true, 0),
        _ => (false, 0),
    };
    had_null.then(|| (left > 0).then_some(rest))
}

/// Removes the `None`s (JSON nulls) from an `enum`: whether there were any, and how many
/// values are left.
fn drop_nulls<T>(values: &mut Vec<Option<T>>) -> (bool, usize) {
    let before = values.len();
    values.retain(Option::is_some);
    (values.len() < before, values.len())
}

/// Whether an alternative allows nothing but `null` (and `{}`): an object with no properties,
/// `additionalProperties: false` and `nullable: true`, as box.json writes a 3.0 "null type".
fn null_only(part: &ReferenceOr<oa::Schema>) -> bool {
    let ReferenceOr::Item(schema) = part else { return false };
    schema.schema_data.nullable
        && match &schema.schema_kind {
            oa::SchemaKind::Type(oa::Type::Object(o)) => {
                o.properties.is_empty() && matches!(o.additional_properties, Some(oa::AdditionalProperties::Any(false)))
            }
            _ => false,
        }
}

/// `schema` without its "null type" alternatives (see [`null_only`]), when it has some and
/// others; `None` otherwise.
fn without_null_alternatives(schema: &oa::Schema) -> Option<oa::Schema> {
    let (one_of, any_of, _) = composite_parts(schema);
    let nulls = one_of.iter().chain(any_of).filter(|p| null_only(p)).count();
    if nulls == 0 || nulls == one_of.len() + any_of.len() {
        return None;
    }
    let keep = |parts: &[ReferenceOr<oa::Schema>]| parts.iter().filter(|p| !null_only(p)).cloned().collect::<Vec<_>>();
    let mut rest = schema.clone();
    rest.schema_data.nullable = false;
    match &mut rest.schema_kind {
        oa::SchemaKind::OneOf { one_of } => *one_of = keep(one_of),
        oa::SchemaKind::AnyOf { any_of } => *any_of = keep(any_of),
        oa::SchemaKind::Any(a) => {
            a.one_of = keep(&a.one_of);
            a.any_of = keep(&a.any_of);
        }
        _ => return None,
    }
    Some(rest)
}

/// Whether a part of a composition only annotates (a description, a default, an example): it
/// constrains nothing, so `allOf: [X, {description: ...}]` is `X`.
/// A `oneOf`/`anyOf` whose alternatives are conditions on the object (see [`Conditions`]):
/// each only requires properties, restricts properties to values with `enum`, or bounds the
/// number of properties.
fn conditions(schema: &oa::Schema) -> Option<Conditions> {
    let (one_of, any_of, _) = composite_parts(schema);
    let parts = if one_of.is_empty() { any_of } else { one_of };
    let sets = parts.iter().map(condition).collect::<Option<Vec<_>>>()?;
    (!sets.is_empty() && (one_of.is_empty() || any_of.is_empty()))
        .then_some(Conditions { sets, exclusive: !one_of.is_empty() })
}

/// One alternative as a [`Condition`], when it is nothing more.
fn condition(part: &ReferenceOr<oa::Schema>) -> Option<Condition> {
    let ReferenceOr::Item(schema) = part else { return None };
    let open =
        |extra: &Option<oa::AdditionalProperties>| matches!(extra, None | Some(oa::AdditionalProperties::Any(true)));
    let (required, properties, max_properties) = match &schema.schema_kind {
        oa::SchemaKind::Any(a)
            if a.typ.as_deref().is_none_or(|t| t == "object")
                && open(&a.additional_properties)
                && *a
                    == oa::AnySchema {
                        typ: a.typ.clone(),
                        required: a.required.clone(),
                        properties: a.properties.clone(),
                        additional_properties: a.additional_properties.clone(),
                        max_properties: a.max_properties,
                        ..Default::default()
                    } =>
        {
            (&a.required, &a.properties, a.max_properties)
        }
        oa::SchemaKind::Type(oa::Type::Object(o)) if open(&o.additional_properties) && o.min_properties.is_none() => {
            (&o.required, &o.properties, o.max_properties)
        }
        _ => return None,
    };
    let values = properties
        .iter()
        .map(|(name, property)| {
            let ReferenceOr::Item(property) = property else { return None };
            let allowed: Vec<Value> = match &property.schema_kind {
                oa::SchemaKind::Type(oa::Type::String(s))
                    if *s == oa::StringType { enumeration: s.enumeration.clone(), ..Default::default() } =>
                {
                    s.enumeration.iter().map(|v| v.as_ref().map_or(Value::Null, |v| Value::from(v.as_str()))).collect()
                }
                oa::SchemaKind::Any(a)
                    if *a == oa::AnySchema { enumeration: a.enumeration.clone(), ..Default::default() } =>
                {
                    a.enumeration.clone()
                }
                _ => return None,
            };
            (!allowed.is_empty()).then(|| (name.clone(), allowed))
        })
        .collect::<Option<Vec<_>>>()?;
    let condition = Condition { required: required.clone(), values, max_properties };
    (condition.required.len() + condition.values.len() > 0 || max_properties.is_some()).then_some(condition)
}

fn annotation_only(part: &ReferenceOr<oa::Schema>) -> bool {
    matches!(part, ReferenceOr::Item(s) if matches!(&s.schema_kind, oa::SchemaKind::Any(a) if *a == oa::AnySchema::default()))
}

/// The one schema a composition stands for, with its keyword and index: `oneOf: [X]`,
/// `anyOf: [X]`, or `allOf` whose other parts only annotate (the Kubernetes idiom
/// `allOf: [$ref]` plus a description or default, box.json's `allOf: [$ref, {description}]`).
fn single_part(schema: &oa::Schema) -> Option<(&'static str, usize, &ReferenceOr<oa::Schema>)> {
    let (one_of, any_of, all_of) = composite_parts(schema);
    let own_properties = matches!(&schema.schema_kind, oa::SchemaKind::Any(a) if !a.properties.is_empty());
    if own_properties {
        return None;
    }
    let mut constraining = all_of.iter().enumerate().filter(|(_, p)| !annotation_only(p));
    let only = match (constraining.next(), constraining.next()) {
        (Some(only), None) => Some(only),
        _ => None,
    };
    match (one_of, any_of, only) {
        ([single], [], None) if all_of.is_empty() => Some(("oneOf", 0, single)),
        ([], [single], None) if all_of.is_empty() => Some(("anyOf", 0, single)),
        ([], [], Some((index, single))) => Some(("allOf", index, single)),
        _ => None,
    }
}

/// The values a string schema allows (`enum: [a, b]`), when it lists them.
fn string_values(schema: &oa::Schema) -> Option<Vec<String>> {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) if !s.enumeration.is_empty() => {
            Some(s.enumeration.iter().flatten().cloned().collect())
        }
        _ => None,
    }
}

/// The one value a string schema allows (`enum: [running]`).
fn single_value(schema: &oa::Schema) -> Option<&str> {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::String(s)) => match s.enumeration.as_slice() {
            [Some(value)] => Some(value),
            _ => None,
        },
        _ => None,
    }
}

/// An object's properties, by name.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<oa::Schema>>>;

/// The properties and required names of an object schema written with `properties`.
fn object_properties(schema: &oa::Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(o)) if !o.properties.is_empty() => Some((&o.properties, &o.required)),
        oa::SchemaKind::Any(a) if !a.properties.is_empty() && !is_composite(schema) => {
            Some((&a.properties, &a.required))
        }
        _ => None,
    }
}

/// An object schema without `property`; `None` when nothing else is left to describe (no other
/// property, no schema for additional ones), so the alternative is its tag alone.
fn without_property(schema: &oa::Schema, property: &str) -> Option<oa::Schema> {
    let mut rest = schema.clone();
    let (properties, required, additional) = match &mut rest.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(o)) => (&mut o.properties, &mut o.required, &o.additional_properties),
        oa::SchemaKind::Any(a) => (&mut a.properties, &mut a.required, &a.additional_properties),
        _ => return Some(rest),
    };
    properties.shift_remove(property);
    required.retain(|r| r != property);
    let open = matches!(additional, Some(oa::AdditionalProperties::Schema(_)));
    (!properties.is_empty() || open).then_some(rest)
}

/// A variant name for an alternative that is not a named schema.
fn variant_label(ty: &Ty, index: usize) -> String {
    match ty {
        Ty::Bool => "Boolean".into(),
        Ty::Int(_) => "Integer".into(),
        Ty::F32 | Ty::F64 => "Number".into(),
        Ty::String => "String".into(),
        Ty::DateTime => "DateTime".into(),
        Ty::Date => "Date".into(),
        Ty::Vec(_) => "Array".into(),
        Ty::Tuple(_) => "Tuple".into(),
        Ty::Map(_) => "Object".into(),
        Ty::Named(name) => name.clone(),
        Ty::Bytes | Ty::Json => format!("Variant{index}"),
        Ty::Mapped { wire, .. } => variant_label(wire, index),
    }
}

fn resolve_component<'d, T>(
    item: &'d ReferenceOr<T>,
    components: Option<&'d indexmap::IndexMap<String, ReferenceOr<T>>>,
    prefix: &str,
) -> Result<&'d T, String> {
    let mut current = item;
    for _ in 0..32 {
        match current {
            ReferenceOr::Item(t) => return Ok(t),
            ReferenceOr::Reference { reference } => {
                let key = reference
                    .strip_prefix(prefix)
                    .ok_or_else(|| format!("$ref {reference:?} must point into {prefix}"))?;
                current = components
                    .and_then(|c| c.get(&unescape_pointer(key)))
                    .ok_or_else(|| format!("$ref {reference:?} points to something that does not exist"))?;
            }
        }
    }
    Err("`$ref`s form a cycle".into())
}

/// A JSON pointer segment (`~1pets`) as the key it names (`/pets`).
pub fn unescape_pointer(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn location(param: &oa::Parameter) -> ParamIn {
    match param {
        oa::Parameter::Path { .. } => ParamIn::Path,
        oa::Parameter::Query { .. } => ParamIn::Query,
        oa::Parameter::Header { .. } => ParamIn::Header,
        oa::Parameter::Cookie { .. } => ParamIn::Cookie,
    }
}

/// Names the server enum and the client method of a body offered as JSON and as multipart,
/// once the operation's own names are taken.
fn name_content(operation: &mut Operation, prefix: &str, scopes: &mut OperationScopes) {
    let Some(body) = operation.body.as_mut() else { return };
    if body.multipart.is_some() || !body.others.is_empty() {
        body.content = Some(scopes.server_types.claim(format!("{prefix}Content")));
    }
    if let Some(choice) = body.multipart.as_mut() {
        choice.client_method = scopes.fns.claim(format!("{}_multipart", operation.fn_name.trim_start_matches("r#")));
    }
}

/// The `name=value` pairs of a path key's query (`beta=true` of OpenAI's
/// `/responses?beta=true`), decoded as a form's (`+` and `%XX`), since the server compares them
/// with the decoded pairs of a request and the client encodes them again.
fn key_query_pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

/// The `{name}`s of a path template, in order.
/// The route the server matches a path template with: parameters named by position (`{p0}`), so
/// that paths differing only in parameter names are one route. A segment holding two
/// parameters cannot be matched by the router and is refused.
fn route_of(path: &str) -> Result<String, String> {
    let mut index = 0;
    let mut segments = Vec::new();
    for segment in path.trim_start_matches('/').split('/') {
        let names = template_params(segment);
        if names.len() > 1 {
            return Err(format!(
                "the path segment {segment:?} holds {} parameters; the server can match one per segment",
                names.len()
            ));
        }
        // The router captures whole segments: a parameter with text around it in its segment
        // (`{Sid}.json`) is captured with the text, which the handler strips.
        let routed = match names.first() {
            Some(_) => format!("{{p{index}}}"),
            None => segment.to_string(),
        };
        index += names.len();
        segments.push(routed);
    }
    Ok(format!("/{}", segments.join("/")))
}

/// How the server finds a path parameter: the name its segment is captured under in
/// [`Operation::route`] (its position) and the text around it in the segment (`.json` of
/// `{Sid}.json`).
pub fn route_param(path: &str, name: &str) -> Option<RouteKey> {
    let index = template_params(path).iter().position(|n| n == name)?;
    let placeholder = format!("{{{name}}}");
    let segment = path.split('/').find(|s| s.contains(&placeholder))?;
    let (prefix, suffix) = segment.split_once(&placeholder)?;
    Some(RouteKey { name: format!("p{index}"), prefix: prefix.to_string(), suffix: suffix.to_string() })
}

pub fn template_params(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else { break };
        out.push(rest[start + 1..start + len].to_string());
        rest = &rest[start + len + 1..];
    }
    out
}

/// The media type a body is generated for, in order of preference: JSON, form, text, multipart,
/// anything else as bytes.
/// How a body of a media type travels.
fn media_kind(m: &str) -> MediaKind {
    let essence = essence(m);
    if is_json(&essence) {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence.starts_with("text/") {
        MediaKind::Text
    } else if essence.starts_with("multipart/") {
        MediaKind::Multipart
    } else {
        MediaKind::Binary
    }
}

/// A media type of its own written in YAML, given its essence: a `+yaml` suffix such as
/// Kubernetes' `application/apply-patch+yaml`, not a range.
fn is_yaml_suffix(essence: &str) -> bool {
    essence.ends_with("+yaml") && !essence.contains('*')
}

fn pick_media(content: &indexmap::IndexMap<String, oa::MediaType>) -> Option<(&String, &oa::MediaType, MediaKind)> {
    let kind = media_kind;
    let order = [MediaKind::Json, MediaKind::Form, MediaKind::Text, MediaKind::Multipart, MediaKind::Binary];
    order.iter().find_map(|want| content.iter().find(|(m, _)| kind(m) == *want).map(|(m, media)| (m, media, *want)))
}

/// A media type without its parameters, in lower case (`application/json; charset=utf-8` is
/// `application/json`).
pub(crate) fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase()
}

fn is_json(media_type: &str) -> bool {
    let essence = essence(media_type);
    // `text/json`: ASP.NET lists it beside `application/json` for every body.
    essence == "application/json" || essence == "text/json" || essence.ends_with("+json")
}

fn is_map(object: &oa::ObjectType) -> bool {
    object.properties.is_empty()
}

fn has_properties(schema: &oa::Schema) -> bool {
    match &schema.schema_kind {
        oa::SchemaKind::Type(oa::Type::Object(o)) => !o.properties.is_empty(),
        oa::SchemaKind::Any(a) => !a.properties.is_empty(),
        _ => false,
    }
}

fn is_secret(schema: &oa::Schema) -> bool {
    matches!(&schema.schema_kind, oa::SchemaKind::Type(oa::Type::String(s))
        if matches!(s.format, oa::VariantOrUnknownOrEmpty::Item(oa::StringFormat::Password)))
}

fn string_enum(values: &[Option<String>]) -> EnumDef {
    let mut scope = Scope::with_reserved(&[names::reserved::UNKNOWN_VARIANT]);
    let mut variants = Vec::new();
    for value in values.iter().flatten() {
        if variants.iter().any(|v: &EnumVariant| v.wire == *value) {
            continue;
        }
        variants.push(EnumVariant { name: scope.claim(names::type_name(value)), wire: value.clone(), doc: None });
    }
    EnumDef { variants, unknown: names::reserved::UNKNOWN_VARIANT.into() }
}

fn schema_doc(schema: &oa::Schema) -> Option<String> {
    join_docs(schema.schema_data.title.as_deref(), schema.schema_data.description.as_deref())
}

fn join_docs(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> =
        [summary, description].into_iter().flatten().map(str::trim).filter(|s| !s.is_empty()).collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

/// The doc of a property or parameter with the spec's `default` after it: the value a server
/// assumes when it is left out, which an `Option` left `None` does not say (and which the
/// generated code applies only where it can write it: builders, `Default`, `new`).
fn with_default(doc: Option<String>, default: Option<&Value>) -> Option<String> {
    let Some(default) = default else { return doc };
    let line = format!("The spec's default: `{default}`.");
    Some(match doc {
        Some(doc) => format!("{doc}\n\n{line}"),
        None => line,
    })
}

/// A description, unless it is empty or blank.
fn non_empty(text: &Option<String>) -> Option<String> {
    text.as_ref().filter(|t| !t.trim().is_empty()).cloned()
}

/// Adds `extra`'s rules to `rules`, keeping the stricter of two bounds or lengths; `false` when
/// they cannot both be expressed (two patterns, two enums, two different `multipleOf`).
fn stricter(rules: &mut Rules, extra: &Rules) -> bool {
    fn pick<T: Copy>(a: Option<T>, b: Option<T>, stricter: fn(T, T) -> T) -> Option<T> {
        match (a, b) {
            (Some(a), Some(b)) => Some(stricter(a, b)),
            (a, b) => a.or(b),
        }
    }
    let value = |b: Bound| match b.value {
        Num::Int(v) => v as f64,
        Num::Float(v) => v,
    };
    if rules.pattern.is_some() && extra.pattern.is_some()
        || !rules.allowed.is_empty() && !extra.allowed.is_empty()
        || rules.multiple_of.is_some() && extra.multiple_of.is_some() && rules.multiple_of != extra.multiple_of
    {
        return false;
    }
    rules.min_length = pick(rules.min_length, extra.min_length, usize::max);
    rules.max_length = pick(rules.max_length, extra.max_length, usize::min);
    rules.min_items = pick(rules.min_items, extra.min_items, usize::max);
    rules.max_items = pick(rules.max_items, extra.max_items, usize::min);
    rules.minimum = match (rules.minimum, extra.minimum) {
        (Some(a), Some(b)) => Some(if value(b) > value(a) { b } else { a }),
        (a, b) => a.or(b),
    };
    rules.maximum = match (rules.maximum, extra.maximum) {
        (Some(a), Some(b)) => Some(if value(b) < value(a) { b } else { a }),
        (a, b) => a.or(b),
    };
    rules.multiple_of = rules.multiple_of.or(extra.multiple_of);
    rules.pattern = rules.pattern.clone().or_else(|| extra.pattern.clone());
    rules.format = rules.format.or(extra.format);
    rules.unique_items |= extra.unique_items;
    if rules.allowed.is_empty() {
        rules.allowed = extra.allowed.clone();
    }
    true
}

/// Crates a configured type or derive names that the configuration does not list under
/// `[dependencies]`, with the dependency line of the ones this generator knows (a type that
/// serializes as its format's JSON needs their `serde` feature); any other is an error, since the
/// crate would not compile.
fn crate_dependencies(config: &Config, formats_used: &BTreeSet<String>) -> Result<Vec<String>, Error> {
    const KNOWN: [(&str, &str); 3] = [
        ("uuid", r#"{ version = "1", features = ["serde"] }"#),
        ("jiff", r#"{ version = "0.2", default-features = false, features = ["serde", "std"] }"#),
        ("rust_decimal", r#"{ version = "1", default-features = false, features = ["serde", "std"] }"#),
    ];
    // Always there: the standard library and the crate's own serde, serde_json and chrono.
    const PRESENT: [&str; 6] = ["std", "core", "alloc", "serde", "serde_json", "chrono"];
    let listed = |krate: &str| config.dependencies.keys().any(|name| name.get_ref().replace('-', "_") == krate);
    let formats =
        config.formats.iter().filter(|(format, _)| formats_used.contains(format.get_ref())).map(|(_, path)| path);
    let derives = config.derives.all.iter().chain(config.derives.types.values().flatten());
    let mut lines = Vec::new();
    let mut added = BTreeSet::new();
    for path in formats.chain(derives) {
        let text = path.get_ref().trim_start_matches("::");
        let Some((krate, _)) = text.split_once("::") else { continue };
        if PRESENT.contains(&krate) || listed(krate) || !added.insert(krate.to_string()) {
            continue;
        }
        match KNOWN.iter().find(|(name, _)| *name == krate) {
            Some((name, value)) => lines.push(format!("{name} = {value}")),
            None => {
                let message = format!("`{}` names the crate `{krate}`: add it under [dependencies]", path.get_ref());
                return Err(config.error(path.span(), message));
            }
        }
    }
    Ok(lines)
}

/// Most required properties a `new` takes as positional arguments: beyond, arguments are told
/// apart only by their order (AlertRoutesCreatePayloadV3 had ten, two of them `bool`), and the
/// object gets a builder with a setter per property instead.
const MAX_NEW_ARGUMENTS: usize = 3;

/// Names the builder of each object whose `new` would take more than [`MAX_NEW_ARGUMENTS`].
/// A property named `build` would have a setter of the builder's own `build()`: its object
/// keeps `new`.
fn name_builders(types: &mut [TypeDef], scope: &mut Scope) {
    for def in types.iter_mut() {
        let TypeKind::Struct(s) = &mut def.kind else { continue };
        let arguments = s.fields.iter().filter(|f| f.required && f.default.is_none()).count();
        if arguments > MAX_NEW_ARGUMENTS && !s.fields.iter().any(|f| f.name == "build") {
            s.builder = Some(scope.claim(format!("{}Builder", def.name)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_yaml_suffix, lower};
    use crate::model::{Ty, TypeDef, TypeKind, TypeUse};

    fn lowered(yaml: &str) -> Vec<TypeDef> {
        lowered_api(yaml).types
    }

    fn lowered_api(yaml: &str) -> crate::model::Api {
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers").0
    }

    /// A component that is nullable beside its union or its properties keeps null when a
    /// property refers to it (OpenAI's `ModelIdsCompaction`: `anyOf: [.., {type: 'null'}]`,
    /// read as `nullable: true` beside the other alternatives).
    #[test]
    fn a_reference_to_a_nullable_union_or_object_is_nullable() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    U:\n      nullable: true\n      oneOf:\n        - {type: string}\n        - {type: integer}\n    \
                    O:\n      type: object\n      nullable: true\n      properties:\n        a: {type: string}\n    \
                    Holder:\n      type: object\n      required: [u, o]\n      properties:\n        \
                    u: {$ref: '#/components/schemas/U'}\n        o: {$ref: '#/components/schemas/O'}\n";
        let types = lowered(yaml);
        let TypeKind::Struct(holder) = &types.iter().find(|t| t.name == "Holder").expect("defined").kind else {
            panic!("Holder is a struct")
        };
        let nullable: Vec<(&str, bool)> =
            holder.fields.iter().map(|f| (f.wire_name.as_str(), crate::model::admits_null(&types, &f.ty))).collect();
        assert_eq!(nullable, [("u", true), ("o", true)]);
    }

    /// A union that is one `allOf` part beside objects is flattened into the merged object;
    /// two such unions are not one object's, and stay a warned fallback.
    #[test]
    fn a_union_among_all_of_parts_is_flattened_into_the_object() {
        let yaml = |second: &str| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    \
                 J:\n      allOf:\n        - anyOf: [{{type: object, required: [a], properties: {{a: {{type: string}}}}}}, \
                 {{type: object, required: [b], properties: {{b: {{type: string}}}}}}]\n        - {second}\n"
            )
        };
        let types = lowered(&yaml("{type: object, properties: {file: {type: string}}}"));
        let TypeKind::Struct(joined) = &types.iter().find(|t| t.name == "J").expect("defined").kind else {
            panic!("J is a struct")
        };
        let fields: Vec<(&str, bool)> = joined.fields.iter().map(|f| (f.name.as_str(), f.flatten)).collect();
        assert_eq!(fields, [("file", false), ("variant", true)]);
        let variant = &joined.fields[1].ty.ty;
        let crate::model::Ty::Named(union) = variant else { panic!("{variant:?}") };
        assert!(matches!(types.iter().find(|t| t.name == *union).map(|t| &t.kind), Some(TypeKind::Union(_))));
        let types = lowered(&yaml("{oneOf: [{type: object}, {type: object}]}"));
        let kind = &types.iter().find(|t| t.name == "J").expect("defined").kind;
        assert!(matches!(kind, TypeKind::Alias(tu) if tu.ty == crate::model::Ty::Json), "{kind:?}");
    }

    /// The configuration's renames decide the Rust names of a schema and an operation (and the
    /// operation's types); a rename of something the spec lacks, or to a name Rust or the crate
    /// cannot have, is an error at its line of the configuration.
    #[test]
    fn renames_name_schemas_and_operations() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      \
                    operationId: listPets\n      responses:\n        '200':\n          description: ok\n          \
                    content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}\n\
                    components:\n  schemas:\n    Pet: {type: object, properties: {a: {type: string}}}\n    \
                    Animal: {type: string}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let lower_with = |config: &str| {
            let config = crate::Config::parse(config, "gen.toml").expect("config");
            lower(&doc, "test.yaml", None, &config).map(|(api, _)| api)
        };
        let api = lower_with("[rename]\nschemas = { Pet = \"Creature\" }\noperations = { listPets = \"all_pets\" }\n")
            .expect("lowers");
        let names: Vec<&str> = api.types.iter().map(|t| t.name.as_str()).collect();
        assert!(names.contains(&"Creature") && names.contains(&"Animal") && !names.contains(&"Pet"), "{names:?}");
        let [op] = api.operations.as_slice() else { panic!() };
        assert_eq!(
            (op.id.as_str(), op.fn_name.as_str(), op.types.params.as_str()),
            ("listPets", "all_pets", "AllPetsParams")
        );

        let error = |config: &str| lower_with(config).map(|_| ()).expect_err("refused").to_string();
        assert_eq!(
            error("[rename]\nschemas = { Pets = \"X\" }\n"),
            "gen.toml:2:13: test.yaml has no schema \"Pets\" to rename"
        );
        assert_eq!(
            error("[rename]\nschemas = { Pet = \"my pet\" }\n"),
            "gen.toml:2:19: `my pet` is not a Rust type name in UpperCamelCase (`MyPet` would be)"
        );
        assert!(error("[rename]\nschemas = { Pet = \"Animal\" }\n").starts_with("gen.toml:2:19: `Animal`"));
        assert!(
            error("[rename]\noperations = { listPet = \"x\" }\n")
                .starts_with("gen.toml:2:16: test.yaml has no operation \"listPet\"")
        );
        assert!(error("[rename]\noperations = { listPets = \"AllPets\" }\n").contains("not free for operation"));
    }

    /// A format mapped to a type of a crate the generator knows brings that crate; of a crate it
    /// does not, the configuration must list it; a mapping no schema uses is a warning.
    #[test]
    fn format_mappings_bring_their_crates_or_name_the_missing_one() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Thing: {type: object, properties: {id: {type: string, format: uuid}}}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let lower_with = |config: &str| {
            let config = crate::Config::parse(config, "gen.toml").expect("config");
            lower(&doc, "test.yaml", None, &config).map_err(|e| e.to_string())
        };
        let (api, findings) =
            lower_with("[formats]\nuuid = \"uuid::Uuid\"\ndate = \"jiff::civil::Date\"\n").expect("lowers");
        assert_eq!(api.dependencies, [r#"uuid = { version = "1", features = ["serde"] }"#]);
        assert_eq!(findings.warnings, ["gen.toml:3:1: no schema of test.yaml has `format: date`"]);
        let error = lower_with("[formats]\nuuid = \"ulid::Ulid\"\n").expect_err("refused");
        assert_eq!(error, "gen.toml:2:8: `ulid::Ulid` names the crate `ulid`: add it under [dependencies]");
        let (api, _) = lower_with(
            "[formats]\nuuid = \"ulid::Ulid\"\n[dependencies]\nulid = { version = \"1\", features = [\"serde\"] }\n",
        )
        .expect("lowers");
        assert_eq!(api.dependencies, [r#"ulid = { features = ["serde"], version = "1" }"#]);
    }

    /// 3.1 webhooks are lowered beside the operations, each at `/{name}` with what a route would
    /// read specially replaced, named apart from the client's methods, and reported at their
    /// place in the spec. A vendor's `x-webhooks` is an extension like any other.
    #[test]
    fn webhooks_are_operations_at_their_name() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /new:\n    get:\n      \
                    operationId: new\n      responses: {'204': {description: ok}}\nwebhooks:\n  \
                    'pet {created}':\n    post:\n      security: [{key: []}]\n      requestBody:\n        \
                    content: {application/json: {schema: {type: object}}}\n      responses: {'200': {description: ok}}\n\
                    x-webhooks:\n  /x-webhooks/a:\n    get: {operationId: new, responses: {'200': {description: ok}}}\n";
        let crate::Read { doc, warnings, .. } =
            crate::read_document(yaml, "test.yaml", &crate::Settings::default(), &mut crate::bundle::root_only)
                .expect("reads");
        assert_eq!(warnings, Vec::<String>::new());
        let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        assert_eq!(api.operations.len(), 1);
        let [webhook] = api.webhooks.as_slice() else { panic!("{:?}", api.webhooks) };
        assert_eq!((webhook.path.as_str(), webhook.id.as_str()), ("/pet--created-", "pet {created}"));
        assert_eq!(webhook.route.as_deref(), Some("/pet--created-"));
        assert_eq!(webhook.pointer, "#/webhooks/pet {created}/post");
        // `new` is `Client::new`'s; the sender has its own `new` too.
        assert_eq!((api.operations[0].fn_name.as_str(), webhook.fn_name.as_str()), ("new_2", "pet_created"));
        assert!(
            findings.warnings.iter().any(|w| w.contains("at #/webhooks/pet {created}/post/security:")),
            "{:?}",
            findings.warnings
        );
        assert!(webhook.security.is_empty());
    }

    /// `{type: string, minItems: 1}` (GitHub's email lists) is a string: the keyword of another
    /// type is ignored with a warning, and the type is kept.
    #[test]
    fn keywords_of_another_type_do_not_lose_the_type() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Emails:\n      type: array\n      items: {type: string, minItems: 1}\n    \
                    Code:\n      type: string\n      maxLength: 3\n      maxItems: 2\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        let alias = |name: &str| match &api.types.iter().find(|t| t.name == name).expect("defined").kind {
            TypeKind::Alias(tu) => tu.clone(),
            other => panic!("{name} is {other:?}"),
        };
        let crate::model::Ty::Vec(item) = alias("Emails").ty else { panic!("Emails is an array") };
        assert_eq!(item.ty, crate::model::Ty::String);
        let code = alias("Code");
        assert_eq!((code.ty, code.rules.max_length), (crate::model::Ty::String, Some(3)));
        let warnings: Vec<&str> = findings.warnings.iter().map(String::as_str).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(
            warnings[0].contains("#/components/schemas/Code/maxItems")
                || warnings[1].contains("#/components/schemas/Code/maxItems"),
            "{warnings:?}"
        );
        assert!(
            warnings.iter().any(|w| w.contains("#/components/schemas/Emails/items/minItems")
                && w.contains("does not apply to a string")),
            "{warnings:?}"
        );
    }

    /// A crate is named from the title, as a package name Cargo takes: starting with a letter,
    /// ASCII only (a title that is a year made the generator panic on the library's name).
    #[test]
    fn the_crate_name_from_a_title_is_a_package_name() {
        for (title, name) in [
            ("Incident.io API", "incident-io-api"),
            ("2024", "api-2024"),
            ("1Password Connect", "api-1password-connect"),
            ("Überweisungen & Konten", "berweisungen-and-konten"),
            ("日本語", "api-client"),
            ("", "api-client"),
            ("-", "api-client"),
            (
                "The Very Long Title Of An Internal Platform Team's Public And Private Operations API",
                "the-very-long-title-of-an-internal-platform-team-s-public-and",
            ),
        ] {
            let made = super::crate_name_from_title(title);
            assert_eq!(made, name, "{title}");
            assert!(super::is_package_name(&made), "{made}");
        }
    }

    /// Kubernetes writes `uniqueItems: true` on every scalar parameter: the keyword constrains
    /// nothing there, and one warning per keyword and type says so, with the count of the rest.
    #[test]
    fn a_keyword_that_applies_nowhere_is_warned_about_once_with_a_count() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    A: {type: string, uniqueItems: true}\n    B: {type: string, uniqueItems: true}\n    \
                    C: {type: string, uniqueItems: true}\n    D: {type: integer, uniqueItems: true}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (_, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        assert_eq!(
            findings.warnings,
            [
                "test.yaml: at #/components/schemas/A/uniqueItems: `uniqueItems` does not apply to a string; \
                 ignored (the same at 2 more places)",
                "test.yaml: at #/components/schemas/D/uniqueItems: `uniqueItems` does not apply to an integer; ignored",
            ]
        );
    }

    /// Kubernetes declares `BearerToken` and names it in no requirement: a warning says that
    /// nothing checks it; a scheme some operation requires gets none.
    #[test]
    fn a_security_scheme_no_requirement_names_is_warned_about() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      \
                    security: [{Used: []}]\n      responses: {'204': {description: done}}\ncomponents:\n  \
                    securitySchemes:\n    Used: {type: http, scheme: bearer}\n    \
                    BearerToken: {type: apiKey, in: header, name: authorization}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (_, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        assert_eq!(findings.warnings.len(), 1, "{:?}", findings.warnings);
        assert!(
            findings.warnings[0]
                .starts_with("test.yaml: at #/components/securitySchemes/BearerToken: no security requirement"),
            "{:?}",
            findings.warnings
        );
    }

    /// A discriminator without a mapping: an inline alternative is selected by its tag
    /// property's one value, a `$ref` alternative by its schema's name and that value.
    #[test]
    fn discriminated_alternatives_are_selected_by_their_own_tag_value() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Tokens:\n      type: object\n      required: [type]\n      properties:\n        type: {type: string, enum: [tokens]}\n    \
                    Usage:\n      oneOf:\n        - $ref: '#/components/schemas/Tokens'\n        - type: object\n          \
                    required: [type]\n          properties:\n            type: {type: string, enum: [duration], default: duration}\n      \
                    discriminator: {propertyName: type}\n";
        let types = lowered(yaml);
        let TypeKind::Union(union) = &types.iter().find(|t| t.name == "Usage").expect("defined").kind else {
            panic!("Usage is a union")
        };
        let tags: Vec<&Vec<String>> = union.variants.iter().map(|v| &v.tags).collect();
        assert_eq!(tags, [&vec!["Tokens".to_string(), "tokens".to_string()], &vec!["duration".to_string()]]);
        // Each alternative requires its own value: the tag decides, nothing goes by shape.
        assert!(union.by_shape.is_empty());
        // A value two alternatives share selects neither (OpenAI's input and output messages
        // are both `type: message`).
        let shared = yaml.replace("enum: [duration], default: duration", "enum: [tokens]");
        let types = lowered(&shared);
        let TypeKind::Union(union) = &types.iter().find(|t| t.name == "Usage").expect("defined").kind else {
            panic!("Usage is a union")
        };
        let tags: Vec<&Vec<String>> = union.variants.iter().map(|v| &v.tags).collect();
        assert_eq!(tags, [&vec!["Tokens".to_string()], &Vec::<String>::new()]);
        // `tokens` selects neither, so such a value is matched by shape.
        assert_eq!(union.by_shape, [0, 1]);
    }

    /// A value the mapping gives to one alternative is not another's own, so no tag selects two
    /// alternatives (which would be an unreachable match arm).
    #[test]
    fn a_mapped_value_is_not_another_alternatives_own() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    A:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string, enum: [x]}\n    \
                    B:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string}\n    \
                    Top:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - $ref: '#/components/schemas/B'\n      \
                    discriminator:\n        propertyName: kind\n        mapping: {x: '#/components/schemas/B'}\n";
        let types = lowered(yaml);
        let TypeKind::Union(top) = &types.iter().find(|t| t.name == "Top").expect("defined").kind else {
            panic!("Top is a union")
        };
        let tags: Vec<&Vec<String>> = top.variants.iter().map(|v| &v.tags).collect();
        assert_eq!(tags, [&vec!["A".to_string()], &vec!["x".to_string()]]);
    }

    /// A path key's query is decoded as a form's, once.
    #[test]
    fn a_path_keys_query_is_decoded() {
        assert_eq!(
            super::key_query_pairs("beta=true&q=a%20b+c&&flag&bad=%zz"),
            [("beta", "true"), ("q", "a b c"), ("flag", ""), ("bad", "%zz")]
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .to_vec()
        );
    }

    /// A union inside a discriminated union lends it its alternatives' tag values; a tag an
    /// alternative leaves optional, or open, makes the tag undecided.
    #[test]
    fn a_nested_union_lends_its_tags_and_an_optional_tag_decides_nothing() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    A:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string, enum: [a]}\n    \
                    B:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string, enum: [b]}\n    \
                    C:\n      type: object\n      required: [kind]\n      properties:\n        kind: {type: string, enum: [c]}\n    \
                    BorC:\n      oneOf:\n        - $ref: '#/components/schemas/B'\n        - $ref: '#/components/schemas/C'\n    \
                    Top:\n      oneOf:\n        - $ref: '#/components/schemas/A'\n        - $ref: '#/components/schemas/BorC'\n      \
                    discriminator: {propertyName: kind}\n";
        let union = |types: &[TypeDef]| match &types.iter().find(|t| t.name == "Top").expect("defined").kind {
            TypeKind::Union(union) => union.clone(),
            _ => panic!("Top is a union"),
        };
        let top = union(&lowered(yaml));
        let tags: Vec<&Vec<String>> = top.variants.iter().map(|v| &v.tags).collect();
        assert_eq!(tags, [&vec!["A".to_string(), "a".into()], &vec!["BorC".to_string(), "b".into(), "c".into()]]);
        assert!(top.by_shape.is_empty(), "every alternative requires `kind`");
        let optional = yaml.replacen("required: [kind]\n", "required: []\n", 1);
        assert_eq!(union(&lowered(&optional)).by_shape, [0, 1]);
        let open = yaml.replacen("kind: {type: string, enum: [c]}", "kind: {type: string}", 1);
        let top = union(&lowered(&open));
        assert_eq!(top.variants[1].tags, ["BorC".to_string(), "b".into()]);
        assert_eq!(top.by_shape, [0, 1], "`C` takes any `kind`: a tag nothing lists is matched by shape");
    }

    /// `responses: {}` (Dropshot's websockets, buildomat's downloads) is not valid OpenAPI; the
    /// operation is still generated, answering 501, and the warning names it.
    #[test]
    fn an_operation_without_responses_is_named_in_a_warning() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /uno:\n    get:\n      \
                    operationId: uno\n      responses: {}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        assert_eq!(api.operations.len(), 1);
        assert!(
            findings
                .warnings
                .iter()
                .any(|w| w.contains("#/paths/~1uno/get/responses") && w.contains("documents no response")),
            "{:?}",
            findings.warnings
        );
    }

    /// ASP.NET lists every body as `application/json`, `text/json` and `application/*+json`;
    /// with a charset, the same media type is the same body: all JSON, no media type to pick
    /// from. A JSON range listed first is sent as `application/json`.
    #[test]
    fn the_same_media_type_and_json_ranges_offer_no_choice() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /up:\n    post:\n      \
                    operationId: up\n      requestBody:\n        content:\n          application/json:\n            \
                    schema: {type: object}\n          application/json; charset=utf-8:\n            \
                    schema: {type: object}\n          text/json:\n            schema: {type: object}\n          \
                    application/*+json:\n            schema: {type: object}\n      \
                    responses:\n        '204': {description: done}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (api, _) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.also_accepted, ["application/json; charset=utf-8", "text/json", "application/*+json"]);
        assert!(body.others.is_empty());
        assert!(body.media_types.is_none());
        // A JSON range first is sent as `application/json`.
        let yaml = yaml
            .replace("application/json:\n", "application/x-placeholder:\n")
            .replace("application/*+json:\n", "application/json:\n")
            .replace("application/x-placeholder:\n", "application/*+json:\n");
        let doc = crate::parse::parse(&yaml, "test.yaml").expect("parses");
        let (api, _) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.media_type, "application/json");
    }

    /// A request body listed under media types of another kind than the one generated (JSON
    /// and `text/plain`) names each one not modelled in a warning, and the server takes it as
    /// bytes; `multipart/form-data` beside
    /// JSON is the body's second form, named with the operation.
    #[test]
    fn media_types_not_generated_are_named() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /up:\n    post:\n      \
                    operationId: up\n      requestBody:\n        content:\n          application/json:\n            \
                    schema: {type: object}\n          text/plain:\n            schema: {type: string}\n          \
                    multipart/form-data:\n            schema: {type: object}\n      \
                    responses:\n        '204': {description: done}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        assert!(
            findings.warnings.iter().any(|w| w.contains("#/paths/~1up/post/requestBody/content/text~1plain")
                && w.contains("text/plain is not (the generator does not model it): the server hands")),
            "{:?}",
            findings.warnings
        );
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(body.others, ["text/plain"]);
        let choice = body.multipart.as_ref().expect("a multipart form");
        assert_eq!((body.content.as_deref(), choice.client_method.as_str()), (Some("UpContent"), "up_multipart"));
    }

    /// A media range is a JSON body when its schema describes structure, also through a
    /// composition; a composition of strings only (a file or its text) stays bytes.
    #[test]
    fn a_range_is_json_when_some_part_of_its_schema_is_structure() {
        let kind_for = |schema: &str| {
            let yaml = format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /up:\n    post:\n      operationId: up\n      \
                 requestBody:\n        content:\n          '*/*':\n            schema: {schema}\n      \
                 responses:\n        '204': {{description: done}}\n"
            );
            let api = lowered_api(&yaml);
            api.operations[0].body.as_ref().expect("a body").kind
        };
        use crate::model::MediaKind;
        assert_eq!(kind_for("{oneOf: [{type: string, format: binary}, {type: string}]}"), MediaKind::Binary);
        assert_eq!(kind_for("{allOf: [{type: string, format: binary}, {description: a file}]}"), MediaKind::Binary);
        assert_eq!(kind_for("{anyOf: [{type: string}, {type: object}]}"), MediaKind::Json);
        assert_eq!(kind_for("{oneOf: [{type: string}, {oneOf: [{type: array, items: {}}]}]}"), MediaKind::Json);
    }

    /// The spec's `default` of a property or parameter is in its doc, also where the generated
    /// code cannot write the value (an object default for a `$ref`, Kubernetes' `default: {}`).
    #[test]
    fn defaults_are_documented() {
        let api = lowered_api(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      operationId: a\n      \
             parameters:\n        - {name: per_page, in: query, schema: {type: integer, default: 30}}\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {$ref: '#/components/schemas/A'}\ncomponents:\n  schemas:\n    A:\n      type: object\n      \
             properties:\n        data: {allOf: [{$ref: '#/components/schemas/B'}], default: {}, description: The data.}\n        \
             kind: {type: string, default: plain}\n    B: {type: object, properties: {x: {type: string}}}\n",
        );
        let param = &api.operations[0].params[0];
        assert_eq!(param.doc.as_deref(), Some("The spec's default: `30`."));
        let Some(TypeKind::Struct(a)) = api.type_def("A").map(|t| &t.kind) else { panic!("a struct") };
        let docs: Vec<Option<&str>> = a.fields.iter().map(|f| f.doc.as_deref()).collect();
        assert_eq!(docs, [Some("The data.\n\nThe spec's default: `{}`."), Some("The spec's default: `\"plain\"`.")]);
    }

    /// A `+yaml` media type with the JSON body's schema is one the client can send (JSON text is
    /// YAML); with another schema, a range, or plain YAML (the JSON body's data in another
    /// syntax) it is not; the server takes them all as bytes.
    #[test]
    fn yaml_media_types_with_the_body_schema_are_sendable() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /up:\n    patch:\n      \
                    operationId: up\n      requestBody:\n        content:\n          application/merge-patch+json:\n            \
                    schema: {type: object}\n          application/apply-patch+yaml:\n            schema: {type: object}\n          \
                    text/yaml:\n            schema: {type: array}\n          application/*+yaml:\n            \
                    schema: {type: object}\n          application/x-yaml:\n            schema: {type: object}\n      \
                    responses:\n        '204': {description: done}\n";
        let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
        let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
        let body = api.operations[0].body.as_ref().expect("a body");
        assert_eq!(
            body.others,
            ["application/apply-patch+yaml", "text/yaml", "application/*+yaml", "application/x-yaml"]
        );
        let Some(TypeUse { ty: Ty::Named(choice), .. }) = &body.media_types else { panic!("a media-type choice") };
        let Some(TypeKind::StringEnum(e)) = api.type_def(choice).map(|t| &t.kind) else { panic!("an enum") };
        let wires: Vec<&str> = e.variants.iter().map(|v| v.wire.as_str()).collect();
        assert_eq!(wires, ["application/merge-patch+json", "application/apply-patch+yaml"]);
        assert!(
            findings.warnings.iter().any(|w| w.contains("content/application~1apply-patch+yaml")
                && w.contains("the client sends application/apply-patch+yaml as JSON text")),
            "{:?}",
            findings.warnings
        );
        assert!(!is_yaml_suffix("application/x-yaml") && !is_yaml_suffix("application/*+yaml"));
    }

    /// Identical string enums are emitted once: the later ones become aliases keeping their
    /// names; an enum with other values (or another value's doc) stays a type of its own.
    #[test]
    fn identical_enums_are_shared() {
        let types = lowered(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             RoleA: {type: string, enum: [viewer, editor]}\n    RoleB: {type: string, enum: [viewer, editor]}\n    \
             RoleC: {type: string, enum: [viewer, owner]}\n",
        );
        let kind = |name: &str| &types.iter().find(|t| t.name == name).expect("lowered").kind;
        assert!(matches!(kind("RoleA"), TypeKind::StringEnum(_)));
        assert!(
            matches!(kind("RoleB"), TypeKind::Alias(target) if target.ty == crate::model::Ty::Named("RoleA".into())),
            "{:?}",
            kind("RoleB")
        );
        assert!(matches!(kind("RoleC"), TypeKind::StringEnum(_)));
    }

    /// A `multipart/form-data` object schema (or union of objects) names the parts the server
    /// checks; a multipart body it cannot check (another subtype, a schema that is no object)
    /// says so.
    #[test]
    fn multipart_form_parts_are_checked_and_the_rest_is_named() {
        let op = |media: &str, schema: &str| {
            format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /up:\n    post:\n      operationId: up\n      \
                 requestBody:\n        content:\n          {media}:\n            schema: {schema}\n      \
                 responses:\n        '204': {{description: done}}\n"
            )
        };
        let body = |yaml: &str| {
            let doc = crate::parse::parse(yaml, "test.yaml").expect("parses");
            let (api, findings) = lower(&doc, "test.yaml", None, &crate::Config::default()).expect("lowers");
            (api.operations[0].body.clone().expect("a body"), findings.warnings)
        };
        let (checked, warnings) =
            body(&op("multipart/form-data", "{type: object, properties: {file: {type: string, format: binary}}}"));
        assert_eq!(checked.parts.map(|p| p.ty), Some(crate::model::Ty::Named("UpBody".into())));
        assert!(warnings.iter().any(|w| w.contains("the server checks each part")), "{warnings:?}");
        let objects = "{oneOf: [{type: object, properties: {a: {type: string}}}, {type: object, properties: {b: {type: integer}}}]}";
        let (union, _) = body(&op("multipart/form-data", objects));
        assert_eq!(union.parts.map(|p| p.ty), Some(crate::model::Ty::Named("UpBody".into())));
        for (media, schema) in [
            ("multipart/mixed", "{type: object}"),
            ("multipart/form-data", "{type: string}"),
            ("multipart/form-data", "{oneOf: [{type: object}, {type: string}]}"),
        ] {
            let (unchecked, warnings) = body(&op(media, schema));
            assert!(unchecked.parts.is_none(), "{media} {schema}");
            assert!(warnings.iter().any(|w| w.contains("unchecked")), "{media} {schema}: {warnings:?}");
        }
    }

    /// Values the stub builds are values of their format, checked (`uri`, `email`) or not
    /// (`hostname`): schemathesis checks formats in responses, and GitHub's are everywhere; a
    /// pattern or length an unchecked format's value breaks wins.
    #[test]
    fn built_values_respect_unchecked_formats() {
        let api = lowered_api(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
             User:\n      type: object\n      required: [url, email, host, short, odd]\n      properties:\n        \
             url: {type: string, format: uri}\n        email: {type: string, format: email}\n        \
             host: {type: string, format: hostname}\n        short: {type: string, format: hostname, maxLength: 3}\n        \
             odd: {type: string, format: unheard-of}\n",
        );
        let user = crate::model::TypeUse::plain(crate::model::Ty::Named("User".into()));
        let value = crate::sample::build(&api, &user, 0);
        assert_eq!(
            value,
            serde_json::json!({"url": "https://example.com/", "email": "user@example.com", "host": "example.com", "short": "x", "odd": "x"})
        );
    }

    fn boxed_fields(types: &[TypeDef], name: &str) -> Vec<String> {
        let def = types.iter().find(|t| t.name == name).expect("type defined");
        let TypeKind::Struct(s) = &def.kind else { panic!("{name} is a struct") };
        s.fields.iter().filter(|f| f.boxed).map(|f| f.name.clone()).collect()
    }

    /// Stripe's `Charge` nests objects until it would take 1.5 MB on the stack; large fields are
    /// boxed, small ones are not.
    #[test]
    fn large_fields_are_boxed() {
        let wide: String = (0..80).map(|i| format!("        f{i}: {{type: string}}\n")).collect();
        let yaml = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    \
             Wide:\n      type: object\n      properties:\n{wide}    \
             Outer:\n      type: object\n      required: [wide]\n      properties:\n        \
             wide: {{$ref: '#/components/schemas/Wide'}}\n        name: {{type: string}}\n"
        );
        let types = lowered(&yaml);
        assert_eq!(boxed_fields(&types, "Outer"), ["wide"]);
        assert!(boxed_fields(&types, "Wide").is_empty());
    }

    #[test]
    fn small_fields_stay_inline() {
        let yaml = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    \
                    Inner:\n      type: object\n      properties:\n        a: {type: string}\n    \
                    Outer:\n      type: object\n      properties:\n        inner: {$ref: '#/components/schemas/Inner'}\n";
        assert!(boxed_fields(&lowered(yaml), "Outer").is_empty());
    }
}
