//! The API model: what the emitters see. Every `$ref` is resolved, every Rust name is final,
//! and order is the spec's, so emitting is a pure function of this model.

use serde_json::Value;

/// A whole API.
#[derive(Debug, Clone)]
pub struct Api {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// `info.description`.
    pub description: Option<String>,
    /// Package name of the generated crate.
    pub crate_name: String,
    /// The crate's name in Rust code (`incident_io_api`).
    pub lib_name: String,
    /// `servers[*].url`, in order.
    pub servers: Vec<String>,
    /// Named types: component schemas first, then inline schemas in the order they were met.
    pub types: Vec<TypeDef>,
    /// Operations in path order, then method order.
    pub operations: Vec<Operation>,
    /// Webhooks (requests the API sends), in spec order, each at the path `/{name}`.
    pub webhooks: Vec<Operation>,
    /// Every example the spec gives, with the type it is an example of.
    pub examples: Vec<Example>,
    /// The credentials operations require, in the order first required.
    pub credentials: Vec<Credential>,
    /// Dependencies the configuration adds to `Cargo.toml`, as `name = value` lines.
    pub dependencies: Vec<String>,
    /// Whether the crate has the client side (`client` module and feature).
    pub client: bool,
    /// Whether the crate has the server side (`server` module and feature, the example stub).
    pub server: bool,
    /// Whether a whole number written with a fraction (`5.0`) is an integer: in OpenAPI 3.1,
    /// whose schemas are JSON Schema 2020-12, it is; in 3.0 it is not.
    pub whole_floats_are_integers: bool,
}

/// A credential the client holds and sends, and the server checks.
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    /// What it is and where it travels.
    pub kind: CredentialKind,
    /// The field holding it in `Client` and in each `server::{Op}Request` that needs it.
    pub field: String,
    /// The `Client` method that sets it.
    pub builder: String,
    /// The security scheme's name in the spec (the first, when several name the same header).
    pub scheme: String,
}

/// The kinds of credentials.
#[derive(Debug, Clone, PartialEq)]
pub enum CredentialKind {
    /// `Authorization: Bearer` (http bearer, oauth2, openIdConnect).
    Bearer,
    /// `Authorization: Basic`.
    Basic,
    /// An API key in a header, the query or a cookie, under `name`.
    ApiKey {
        /// Where it travels.
        location: ParamIn,
        /// The header, query parameter or cookie name.
        name: String,
    },
}

/// An example from the spec: a schema's `example`, a media type's `example` or `examples`, or
/// a parameter's.
#[derive(Debug, Clone)]
pub struct Example {
    /// JSON pointer of the example.
    pub pointer: String,
    /// The type it is a value of.
    pub ty: TypeUse,
    /// The example.
    pub value: Value,
}

/// A named Rust type.
#[derive(Debug, Clone)]
pub struct TypeDef {
    /// Rust name.
    pub name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// What kind of type.
    pub kind: TypeKind,
    /// Where in the spec it comes from.
    pub pointer: String,
    /// The `x-rejection` template: how the server fills this schema to describe a rejected
    /// request.
    pub rejection: Option<RejectionDef>,
    /// For an alias with rules of its own (nexus' `Name`: a pattern and a length): the
    /// function of `models.rs` that checks it, called wherever it is used, since an alias
    /// cannot carry a `Schema` impl.
    pub checker: Option<String>,
    /// Traits the configuration derives on it beyond the ones every type has, as paths.
    pub derives: Vec<String>,
}

/// A schema's `x-rejection` template and the server function that fills it.
#[derive(Debug, Clone)]
pub struct RejectionDef {
    /// The template as the spec wrote it.
    pub template: Value,
    /// Name of the `server` function that builds the body (`render_error_v1`).
    pub builder: String,
    /// Inferred by the generator (not an `x-rejection`): a list repeated per violation has one
    /// entry carrying the detail when there is no violation, since an empty list can leave the
    /// body matching several alternatives of a union (GitHub's error shapes).
    pub inferred: bool,
}

/// The shape of a named type.
#[derive(Debug, Clone)]
pub enum TypeKind {
    /// An object with known properties.
    Struct(StructDef),
    /// A string enum; unknown values are kept in an extra variant.
    StringEnum(EnumDef),
    /// Any other schema with a name of its own (`type Pets = Vec<Pet>`).
    Alias(TypeUse),
    /// `oneOf` / `anyOf`: one of several shapes.
    Union(UnionDef),
}

/// A `oneOf` or `anyOf`.
#[derive(Debug, Clone)]
pub struct UnionDef {
    /// The alternatives, in the order they are tried.
    pub variants: Vec<Variant>,
    /// The property whose value picks the alternative: `discriminator.propertyName`, or a
    /// property every alternative requires with a single value of its own. A tagged union has
    /// a catch-all variant for tags the spec does not list.
    pub tag: Option<String>,
    /// `oneOf` (exactly one must match) rather than `anyOf` (at least one).
    pub exclusive: bool,
    /// With a tag that does not decide every value (an alternative that does not require it,
    /// has no value of its own, or shares its value with another): the alternatives, most
    /// demanding first, that a value whose tag selects none is matched against by shape, as
    /// `oneOf`/`anyOf` says. Empty when the tag decides.
    pub by_shape: Vec<usize>,
}

/// One alternative of a union.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Rust variant name.
    pub name: String,
    /// Its type; `None` for an alternative that is nothing but its tag (a unit variant).
    pub ty: Option<TypeUse>,
    /// Tag values that select it.
    pub tags: Vec<String>,
    /// Whether the union writes the tag when it serializes this variant, because its type
    /// leaves the tag out (or there is no type).
    pub writes_tag: bool,
    /// Whether the alternative contains the union itself, so it must be boxed.
    pub boxed: bool,
    /// Rustdoc: the alternative's description.
    pub doc: Option<String>,
    /// For an alternative that is nothing but its tag: whether it allows no other property
    /// (`additionalProperties: false`).
    pub closed: bool,
}

/// An object schema.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Properties in spec order.
    pub fields: Vec<Field>,
    /// Whether `additionalProperties: false` was given.
    pub deny_unknown: bool,
    /// `minProperties`.
    pub min_properties: Option<usize>,
    /// `maxProperties`.
    pub max_properties: Option<usize>,
    /// The tag property of the union this object is an alternative of, when the union writes
    /// it: not a field, but a property the object may have.
    pub tag: Option<String>,
    /// `oneOf`/`anyOf` whose alternatives only say which properties are present and which
    /// values some take (`anyOf: [{required: [description]}, {required: [files]}]`, GitHub's
    /// gist update; `{properties: {status: {enum: [completed]}}, required: [conclusion]}`, its
    /// check runs): conditions on the object, not a union of shapes.
    pub conditions: Option<Conditions>,
    /// The name of its builder, for an object with more required properties than a `new`
    /// should take as positional arguments.
    pub builder: Option<String>,
}

/// Alternatives that are conditions on an object's properties.
#[derive(Debug, Clone, PartialEq)]
pub struct Conditions {
    /// The alternatives.
    pub sets: Vec<Condition>,
    /// `oneOf` (exactly one holds) rather than `anyOf` (at least one).
    pub exclusive: bool,
}

/// One alternative of [`Conditions`].
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// Wire names that must be present.
    pub required: Vec<String>,
    /// Properties that, when present, must take one of these values.
    pub values: Vec<(String, Vec<Value>)>,
    /// `maxProperties` (GitHub's `{type: object, maxProperties: 0}` alternative).
    pub max_properties: Option<usize>,
}

impl Condition {
    /// Whether `object` meets the condition.
    pub fn holds(&self, object: &serde_json::Map<String, Value>) -> bool {
        self.required.iter().all(|name| object.contains_key(name))
            && self.values.iter().all(|(name, allowed)| object.get(name).is_none_or(|v| allowed.contains(v)))
            && self.max_properties.is_none_or(|max| object.len() <= max)
    }

    /// The condition in words, for messages.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if !self.required.is_empty() {
            parts.push(self.required.join(" and "));
        }
        for (name, allowed) in &self.values {
            let shown: Vec<String> = allowed.iter().map(|v| v.to_string()).collect();
            parts.push(format!("{name} one of {}", shown.join(", ")));
        }
        if let Some(max) = self.max_properties {
            parts.push(if max == 0 { "no property".to_string() } else { format!("at most {max} properties") });
        }
        if parts.is_empty() { "anything".to_string() } else { parts.join(", ") }
    }
}

/// One property of an object.
#[derive(Debug, Clone)]
pub struct Field {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// The property's type and rules.
    pub ty: TypeUse,
    /// Whether the property is in `required`.
    pub required: bool,
    /// Whether a response must carry it: required and not `writeOnly` (a `readOnly` property
    /// the spec requires is sent by the server even though requests leave it out).
    pub response_required: bool,
    /// The spec's `default`.
    pub default: Option<Value>,
    /// Whether the value is a secret that `Debug` must not show (`format: password`).
    pub secret: bool,
    /// Whether the type refers back to its container without indirection.
    pub boxed: bool,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// Whether the field is a union whose properties sit in the object itself (`allOf`
    /// combined with `oneOf`/`anyOf`) rather than under a property of its own.
    pub flatten: bool,
}

/// A string enum.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// The values in spec order.
    pub variants: Vec<EnumVariant>,
    /// Name of the variant holding an unknown value.
    pub unknown: String,
}

/// One value of a string enum.
#[derive(Debug, Clone)]
pub struct EnumVariant {
    /// Rust variant name.
    pub name: String,
    /// The value on the wire.
    pub wire: String,
    /// Rustdoc, when the spec describes the value (a `oneOf` of single values does).
    pub doc: Option<String>,
}

/// A use of a type at one place, with the rules that apply there.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeUse {
    /// The Rust type.
    pub ty: Ty,
    /// Constraints from the schema.
    pub rules: Rules,
    /// `nullable: true`.
    pub nullable: bool,
}

/// A Rust type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `bool`.
    Bool,
    /// An integer of the given `format` (`i64` without one).
    Int(IntFormat),
    /// `format: float`: held as `f64`, its range checked as a float's.
    F32,
    /// `f64`.
    F64,
    /// `String`.
    String,
    /// `chrono::DateTime<chrono::Utc>`.
    DateTime,
    /// `chrono::NaiveDate`.
    Date,
    /// `serde_json::Value`.
    Json,
    /// `Vec<u8>`: a body that is not JSON, form or text.
    Bytes,
    /// A named type from [`Api::types`].
    Named(String),
    /// `Vec<T>`.
    Vec(Box<TypeUse>),
    /// `(A, B, ...)`: an array of exactly these items (3.1's `prefixItems`), in this order.
    Tuple(Vec<TypeUse>),
    /// `BTreeMap<String, T>`.
    Map(Box<TypeUse>),
    /// The Rust type the configuration maps a format to (`uuid::Uuid` for `format: uuid`,
    /// `i128` for `format: int64`): held as `path`, which must serialize as the JSON value of
    /// `wire`, the type the schema would have without the mapping; checked, sampled and coerced
    /// on the wire as `wire`.
    Mapped {
        /// The Rust type, as written in the configuration.
        path: String,
        /// The type without the mapping: a string, date, date-time, integer or number.
        wire: Box<Ty>,
    },
}

/// The integer formats, each a Rust integer type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntFormat {
    /// `int8`: `i8`.
    I8,
    /// `int16`: `i16`.
    I16,
    /// `int32`: `i32`.
    I32,
    /// `int64`, or no format: `i64`.
    I64,
    /// `uint8`: `u8`.
    U8,
    /// `uint16`: `u16`.
    U16,
    /// `uint32`: `u32`.
    U32,
    /// `uint64`: `u64`.
    U64,
}

impl IntFormat {
    /// The format for a `format` keyword of an integer schema; `None` for a format that
    /// does not name an integer size.
    pub fn from_name(format: &str) -> Option<Self> {
        Some(match format {
            "int8" => IntFormat::I8,
            "int16" => IntFormat::I16,
            "int32" => IntFormat::I32,
            "int64" => IntFormat::I64,
            "uint8" => IntFormat::U8,
            "uint16" => IntFormat::U16,
            "uint32" => IntFormat::U32,
            "uint64" => IntFormat::U64,
            _ => return None,
        })
    }

    /// The format's name, as in the spec.
    pub fn name(self) -> &'static str {
        match self {
            IntFormat::I8 => "int8",
            IntFormat::I16 => "int16",
            IntFormat::I32 => "int32",
            IntFormat::I64 => "int64",
            IntFormat::U8 => "uint8",
            IntFormat::U16 => "uint16",
            IntFormat::U32 => "uint32",
            IntFormat::U64 => "uint64",
        }
    }

    /// The smallest and largest value of the format.
    pub fn range(self) -> (i128, i128) {
        match self {
            IntFormat::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntFormat::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntFormat::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntFormat::I64 => (i64::MIN.into(), i64::MAX.into()),
            IntFormat::U8 => (0, u8::MAX.into()),
            IntFormat::U16 => (0, u16::MAX.into()),
            IntFormat::U32 => (0, u32::MAX.into()),
            IntFormat::U64 => (0, u64::MAX.into()),
        }
    }

    /// Whether `value` is in the format's range.
    pub fn holds(self, value: i128) -> bool {
        let (min, max) = self.range();
        (min..=max).contains(&value)
    }
}

/// A number bound as the spec wrote it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Num {
    /// An integer bound.
    Int(i64),
    /// A fractional bound.
    Float(f64),
}

/// A minimum or maximum.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    /// The limit.
    pub value: Num,
    /// `exclusiveMinimum` / `exclusiveMaximum`.
    pub exclusive: bool,
}

/// Formats that are validated beyond their Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    /// `format: uuid`.
    Uuid,
    /// `format: ipv4`: dotted-quad IPv4 address.
    Ipv4,
    /// `format: ipv6`: IPv6 address.
    Ipv6,
    /// `format: uri` (or `url`): an absolute URI, `scheme:` then no whitespace.
    Uri,
    /// `format: email` (or `idn-email`): text, `@`, text, no whitespace.
    Email,
}

impl StringFormat {
    /// Whether `value` is of this format (the rule the generated `validation` module applies).
    pub fn holds(self, value: &str) -> bool {
        match self {
            StringFormat::Uuid => {
                value.len() == 36
                    && value.bytes().enumerate().all(|(i, b)| match i {
                        8 | 13 | 18 | 23 => b == b'-',
                        _ => b.is_ascii_hexdigit(),
                    })
            }
            StringFormat::Ipv4 => value.parse::<std::net::Ipv4Addr>().is_ok(),
            StringFormat::Ipv6 => value.parse::<std::net::Ipv6Addr>().is_ok(),
            StringFormat::Uri => {
                value.split_once(':').is_some_and(|(scheme, _)| {
                    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                }) && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }
            StringFormat::Email => value.rsplit_once('@').is_some_and(|(local, domain)| {
                !local.is_empty() && !domain.is_empty() && !value.chars().any(|c| c.is_whitespace() || c.is_control())
            }),
        }
    }
}

/// Validation rules of one schema.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rules {
    /// `minimum`.
    pub minimum: Option<Bound>,
    /// `maximum`.
    pub maximum: Option<Bound>,
    /// `multipleOf`.
    pub multiple_of: Option<Num>,
    /// `minLength`, in code points.
    pub min_length: Option<usize>,
    /// `maxLength`, in code points.
    pub max_length: Option<usize>,
    /// `pattern`, with the engine that compiles it.
    pub pattern: Option<crate::pattern::Pattern>,
    /// `minItems`.
    pub min_items: Option<usize>,
    /// `maxItems`.
    pub max_items: Option<usize>,
    /// `uniqueItems`.
    pub unique_items: bool,
    /// `minProperties`, for maps.
    pub min_properties: Option<usize>,
    /// `maxProperties`, for maps.
    pub max_properties: Option<usize>,
    /// 3.1's `propertyNames`, for maps: the string schema every key meets.
    pub property_names: Option<Box<TypeUse>>,
    /// `enum` on a non-string schema.
    pub allowed: Vec<Value>,
    /// `format` that needs checking.
    pub format: Option<StringFormat>,
    /// A value of a `format` that is not checked (`uri`, `email`, ...), for values the
    /// generator builds: tools that check formats (schemathesis) expect one.
    pub format_sample: Option<&'static str>,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// GET.
    Get,
    /// PUT.
    Put,
    /// POST.
    Post,
    /// DELETE.
    Delete,
    /// OPTIONS.
    Options,
    /// HEAD.
    Head,
    /// PATCH.
    Patch,
    /// TRACE.
    Trace,
}

impl Method {
    /// Upper-case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// One operation.
#[derive(Debug, Clone)]
pub struct Operation {
    /// `operationId` as written, or synthesized from method and path.
    pub id: String,
    /// Rust function name: the `Client` method and the `server::Api` method.
    pub fn_name: String,
    /// The operation's own types in the `client` and `server` modules.
    pub types: OperationTypes,
    /// Name of the `server` function that handles the route.
    pub handler: String,
    /// HTTP method.
    pub method: Method,
    /// Path template, `{name}` for parameters.
    pub path: String,
    /// The route the server matches it with (parameters named by position, `{p0}`), or `None`
    /// when an earlier operation takes the same method and route.
    pub route: Option<String>,
    /// Query pairs the path key itself carries (OpenAI's `/responses?beta=true`): the client
    /// sends them on every call, and the server routes a request carrying them here rather
    /// than to the operation at the plain path.
    pub key_query: Vec<(String, String)>,
    /// Summary and description.
    pub doc: Option<String>,
    /// Parameters: path ones in template order, then the rest in spec order.
    pub params: Vec<Param>,
    /// The JSON request body.
    pub body: Option<Body>,
    /// Documented responses in spec order, `default` last.
    pub responses: Vec<Response>,
    /// The status of a request that breaks the spec's rules: 422, or 400 when the operation
    /// documents 400 and not 422 (nor a `4XX` or `default` response).
    pub invalid_status: u16,
    /// The status of a body that cannot be read (not JSON, not UTF-8): 400, or 422 when the
    /// operation documents 422 and not 400 (nor a `4XX` or `default` response).
    pub malformed_status: u16,
    /// The credentials required, all together: indexes into [`Api::credentials`].
    pub security: Vec<usize>,
    /// `deprecated: true`.
    pub deprecated: bool,
    /// JSON pointer of the operation.
    pub pointer: String,
    /// How its pages follow each other, when it is a list the client can stream.
    pub pagination: Option<Pagination>,
}

/// How a list operation pages with a cursor, for its `{op}_stream` client method.
#[derive(Debug, Clone)]
pub struct Pagination {
    /// The stream method's name.
    pub fn_name: String,
    /// The optional query parameter carrying the cursor (its Rust field in the params struct).
    pub param: String,
    /// How a page names the next cursor.
    pub next: NextCursor,
    /// The path from the page to its items (an array).
    pub items: Vec<Step>,
    /// The type of one item.
    pub item: TypeUse,
    /// The rule that found it, as the generation note says it.
    pub rule: String,
}

/// Where a page says which page follows.
#[derive(Debug, Clone)]
pub enum NextCursor {
    /// A string property (`pagination_meta.after`, `next_page`).
    Field(Vec<Step>),
    /// A boolean property (`has_more`) saying there is more, after the `id` of the last item.
    LastItem {
        /// The path to the boolean.
        has_more: Vec<Step>,
        /// The items' id property.
        id: Step,
    },
}

/// One property on a path through a response: its Rust field, and whether it may be absent
/// (`Option`) or null (`Option` again, inside).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The Rust field name.
    pub field: String,
    /// Absent allowed: the field is an `Option`.
    pub optional: bool,
    /// Null allowed: the value is an `Option`.
    pub nullable: bool,
}

impl Operation {
    /// The path with the query its key carries, as docs show it (`/responses?beta=true`).
    pub fn shown_path(&self) -> String {
        let pairs: Vec<String> = self.key_query.iter().map(|(name, value)| format!("{name}={value}")).collect();
        if pairs.is_empty() { self.path.clone() } else { format!("{}?{}", self.path, pairs.join("&")) }
    }
}

/// Names of the types an operation brings, decided in lowering with the crate's own API
/// reserved (see `names::reserved`).
#[derive(Debug, Clone)]
pub struct OperationTypes {
    /// `server::{Op}Request`: what the implementation is handed.
    pub request: String,
    /// `server::{Op}Response`: one variant per documented status.
    pub response: String,
    /// `client::{Op}Error`: the documented error statuses.
    pub error: String,
    /// The error type of an earlier operation whose documented errors are the same: `error`
    /// is then an alias of it, and the enum is emitted once.
    pub shared_error: Option<String>,
    /// `client::{Op}Params`: the optional parameters.
    pub params: String,
    /// `client::{Op}Success`: the success statuses, when their bodies differ.
    pub success: String,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamIn {
    /// In the path.
    Path,
    /// In the query string.
    Query,
    /// In a header.
    Header,
    /// In a cookie.
    Cookie,
}

/// One parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// Rust name.
    pub name: String,
    /// Name on the wire.
    pub wire_name: String,
    /// Where it travels.
    pub location: ParamIn,
    /// Whether it must be present.
    pub required: bool,
    /// Type and rules.
    pub ty: TypeUse,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Whether array items travel as repeated parameters (`explode`) rather than joined by commas.
    pub explode: bool,
    /// The spec's example value.
    pub example: Option<Value>,
    /// `style: deepObject`: an object travels as `name[key]=value` pairs.
    pub deep_object: bool,
    /// `allowEmptyValue` (query only): `?name=` is the parameter not given.
    pub allow_empty: bool,
    /// With `allow_empty`, for a parameter that is not text: its `default` as query text,
    /// which `?name=` stands for (incident.io's required `page_size`, default 25).
    pub empty_default: Option<String>,
    /// For a path parameter, how the server's route captures it.
    pub route_key: Option<RouteKey>,
    /// Whether the value is a secret `Debug` must not show: an `Authorization` header declared
    /// as a parameter, or a `format: password` string.
    pub secret: bool,
}

/// Where a path parameter sits in the server's route: its segment's capture name (`p0`) and
/// the text around it in that segment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteKey {
    /// The capture name.
    pub name: String,
    /// Text before the parameter in its segment.
    pub prefix: String,
    /// Text after it (`.json`).
    pub suffix: String,
}

/// How a body travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// JSON, or a `+json` type.
    Json,
    /// `application/x-www-form-urlencoded`, from a schema.
    Form,
    /// `text/*`, as a `String`.
    Text,
    /// Anything else, as bytes.
    Binary,
    /// `multipart/*`, as bytes the caller builds, with their `Content-Type`; a
    /// `multipart/form-data` body's parts are checked against its schema (`Body::parts`).
    Multipart,
}

/// A request body.
#[derive(Debug, Clone)]
pub struct Body {
    /// Type and rules.
    pub ty: TypeUse,
    /// Whether the body must be present.
    pub required: bool,
    /// The media type as written.
    pub media_type: String,
    /// How the body travels.
    pub kind: MediaKind,
    /// The schema of a `multipart/form-data` body's parts, one property per part name: the
    /// server checks the parts against it, and hands the implementation the bytes.
    pub parts: Option<TypeUse>,
    /// Other media types the spec lists for the body that have the same kind (GitHub's
    /// markdown takes `text/plain` and `text/x-markdown`): the server accepts them too.
    pub also_accepted: Vec<String>,
    /// The spec's example of the body.
    pub example: Option<Value>,
    /// Rustdoc.
    pub doc: Option<String>,
    /// The same body offered as `multipart/form-data` too (OpenAI's `POST /videos`, Discord's
    /// webhook messages): the server takes either, the client has a method for each.
    pub multipart: Option<MultipartChoice>,
    /// A JSON body offered as `application/x-www-form-urlencoded` too, with the same schema
    /// (Discord's webhook messages): the server reads either into the same type.
    pub form_too: bool,
    /// A JSON body the spec lists under several JSON media types (Kubernetes' PATCH takes
    /// `application/json-patch+json`, `application/merge-patch+json` and
    /// `application/strategic-merge-patch+json`, which mean different things to the server):
    /// the string enum of them, in the spec's order, which the client's caller picks from; `+yaml`
    /// media types with the same schema come last, sent as JSON text (which is YAML).
    pub media_types: Option<TypeUse>,
    /// Media types the spec lists for the body that the generator does not model (Kubernetes'
    /// `application/apply-patch+yaml` beside its JSON patches): the server takes them as the
    /// bytes sent; the client sends only the `+yaml` ones among them, in `media_types`.
    pub others: Vec<String>,
    /// `server::{Op}Content`, the enum the implementation is handed when the body comes in more
    /// than one form (JSON or multipart, a modelled media type or another one), one variant each.
    pub content: Option<String>,
}

impl Body {
    /// The multipart parts' schemas the server checks: the body's own, and its multipart
    /// alternative's.
    pub fn checked_parts(&self) -> impl Iterator<Item = &TypeUse> {
        self.parts.iter().chain(self.multipart.as_ref().and_then(|choice| choice.body.parts.as_ref()))
    }
}

/// A JSON body's `multipart/form-data` alternative.
#[derive(Debug, Clone)]
pub struct MultipartChoice {
    /// The multipart body (its `parts` are checked by the server).
    pub body: Box<Body>,
    /// The client method that sends the multipart body (`{op}_multipart`).
    pub client_method: String,
}

/// Which statuses a response covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSpec {
    /// One status code.
    Code(u16),
    /// `2XX` and the like: the hundreds digit.
    Range(u16),
    /// `default`.
    Default,
}

/// One documented response.
#[derive(Debug, Clone)]
pub struct Response {
    /// JSON pointer of the example (`…/content/application~1json/example`, or the `value` of
    /// the first of `examples`); of the response when it has none.
    pub example_pointer: String,
    /// Status or range.
    pub status: StatusSpec,
    /// Variant name in the operation's response enum.
    pub variant: String,
    /// Rustdoc.
    pub doc: Option<String>,
    /// Body, if any.
    pub body: Option<TypeUse>,
    /// The body's media type as written.
    pub media_type: String,
    /// How the body travels.
    pub kind: MediaKind,
    /// The spec's example of the body.
    pub example: Option<Value>,
    /// Documented headers.
    pub headers: Vec<Header>,
}

impl Response {
    /// Whether this response is a success (2xx).
    pub fn is_success(&self) -> bool {
        match self.status {
            StatusSpec::Code(code) => (200..300).contains(&code),
            StatusSpec::Range(hundreds) => hundreds == 2,
            StatusSpec::Default => false,
        }
    }
}

/// A response header.
#[derive(Debug, Clone)]
pub struct Header {
    /// Rust name.
    pub name: String,
    /// Name on the wire, lower-case.
    pub wire_name: String,
    /// Type and rules.
    pub ty: TypeUse,
    /// Whether the header is always sent.
    pub required: bool,
    /// Rustdoc.
    pub doc: Option<String>,
}

impl Api {
    /// Looks up a named type.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types.iter().find(|t| t.name == name)
    }

    /// Whether any type use satisfies `pred`, looking through every type, parameter, body and
    /// header.
    /// The operations, then the webhooks.
    pub fn all_operations(&self) -> impl Iterator<Item = &Operation> {
        self.operations.iter().chain(&self.webhooks)
    }

    /// Whether an operation's `multipart/form-data` parts are checked by the server.
    pub fn uses_multipart_parts(&self) -> bool {
        self.all_operations()
            .any(|op| op.route.is_some() && op.body.as_ref().is_some_and(|b| b.checked_parts().next().is_some()))
    }

    pub fn any_use(&self, pred: &dyn Fn(&TypeUse) -> bool) -> bool {
        let types = self.types.iter().any(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().any(|f| f.ty.any(pred)),
            TypeKind::StringEnum(_) => false,
            TypeKind::Alias(u) => u.any(pred),
            TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.as_ref().is_some_and(|t| t.any(pred))),
        });
        let ops = self.all_operations().any(|op| {
            op.params.iter().any(|p| p.ty.any(pred))
                || op.body.as_ref().is_some_and(|b| b.ty.any(pred) || b.checked_parts().any(|p| p.any(pred)))
                || op
                    .responses
                    .iter()
                    .any(|r| r.body.as_ref().is_some_and(|b| b.any(pred)) || r.headers.iter().any(|h| h.ty.any(pred)))
        });
        types || ops
    }
}

/// Follows aliases in `types` until a use that is not one (a cycle of aliases stops after as
/// many steps as there are types).
pub fn follow_aliases<'a>(types: &'a [TypeDef], mut tu: &'a TypeUse) -> &'a TypeUse {
    for _ in 0..=types.len() {
        let Ty::Named(name) = &tu.ty else { return tu };
        match types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => tu = target,
            _ => return tu,
        }
    }
    tu
}

/// Whether a value of `tu` may be null: `tu` or any alias on the way to its type is nullable
/// (OpenAI's `service_tier` refers to a nullable alias of an alias of an enum), or the type is
/// any value at all (a schema without a type).
pub fn admits_null<'a>(types: &'a [TypeDef], mut tu: &'a TypeUse) -> bool {
    for _ in 0..=types.len() {
        if tu.nullable {
            return true;
        }
        let Ty::Named(name) = &tu.ty else { break };
        match types.iter().find(|t| t.name == *name).map(|t| &t.kind) {
            Some(TypeKind::Alias(target)) => tu = target,
            _ => return false,
        }
    }
    tu.ty == Ty::Json && tu.rules.allowed.is_empty()
}

impl Api {
    /// Whether a list operation has a `_stream` method.
    pub fn paginates(&self) -> bool {
        self.operations.iter().any(|op| op.pagination.is_some())
    }
}

impl Ty {
    /// The type as the JSON holds it: a mapped type's wire type, any other itself.
    pub fn on_wire(&self) -> &Ty {
        match self {
            Ty::Mapped { wire, .. } => wire,
            other => other,
        }
    }
}

impl TypeUse {
    /// A plain use of `ty` without rules.
    pub fn plain(ty: Ty) -> Self {
        TypeUse { ty, rules: Rules::default(), nullable: false }
    }

    /// The named types a value of this use holds in place (not behind a `Vec` or map): itself
    /// when named, the items of a tuple. Through these a type can contain itself.
    pub fn held_in_place(&self) -> Vec<&str> {
        match &self.ty {
            Ty::Named(name) => vec![name.as_str()],
            Ty::Tuple(items) => items.iter().flat_map(TypeUse::held_in_place).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether this use or any nested item (a map's key schema too) satisfies `pred`.
    pub fn any(&self, pred: &dyn Fn(&TypeUse) -> bool) -> bool {
        pred(self)
            || self.rules.property_names.as_ref().is_some_and(|key| key.any(pred))
            || match &self.ty {
                Ty::Vec(inner) | Ty::Map(inner) => inner.any(pred),
                Ty::Tuple(items) => items.iter().any(|item| item.any(pred)),
                _ => false,
            }
    }
}
