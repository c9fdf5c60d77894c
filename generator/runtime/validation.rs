//! Request validation shared by the client (before sending) and the server (before calling
//! your implementation). Every rule of the spec is generated as code in `models` and in the
//! operations; this module holds the types those checks report with.

/// Where a value sits in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// A path parameter.
    Path,
    /// A query parameter.
    Query,
    /// A header.
    Header,
    /// A cookie.
    Cookie,
    /// The request body.
    Body,
}

impl Source {
    /// The OpenAPI name of the location (`path`, `query`, `header`, `cookie`, `body`).
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Path => "path",
            Source::Query => "query",
            Source::Header => "header",
            Source::Cookie => "cookie",
            Source::Body => "body",
        }
    }
}

/// A position inside a value, built on the stack while validating and turned into a JSON
/// pointer only when a rule is broken.
#[derive(Debug, Clone, Copy)]
pub struct Location<'a> {
    parent: Option<&'a Location<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Segment<'a> {
    Root(Source),
    Key(&'a str),
    Index(usize),
}

/// The top of a request or response body.
pub static BODY: Location<'static> = Location::root(Source::Body);

impl<'a> Location<'a> {
    /// The top of a value found in `source`.
    pub const fn root(source: Source) -> Self {
        Location { parent: None, segment: Segment::Root(source) }
    }

    /// The member `key` of the object at this location.
    pub fn key(&'a self, key: &'a str) -> Location<'a> {
        Location { parent: Some(self), segment: Segment::Key(key) }
    }

    /// The element `index` of the array at this location.
    pub fn index(&'a self, index: usize) -> Location<'a> {
        Location { parent: Some(self), segment: Segment::Index(index) }
    }

    /// Where the value travels.
    pub fn source(&self) -> Source {
        let mut current = self;
        loop {
            match (current.segment, current.parent) {
                (Segment::Root(source), _) => return source,
                (_, Some(parent)) => current = parent,
                (_, None) => return Source::Body,
            }
        }
    }

    /// The RFC 6901 JSON pointer of this location (`/api_key/roles/0/name`).
    pub fn pointer(&self) -> String {
        let mut segments = Vec::new();
        let mut current = Some(self);
        while let Some(location) = current {
            match location.segment {
                Segment::Root(_) => {}
                Segment::Key(key) => segments.push(key.replace('~', "~0").replace('/', "~1")),
                Segment::Index(index) => segments.push(index.to_string()),
            }
            current = location.parent;
        }
        segments.iter().rev().fold(String::new(), |mut out, s| {
            out.push('/');
            out.push_str(s);
            out
        })
    }
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Where the value travels.
    pub source: Source,
    /// JSON pointer of the value within its source; for parameters, `/<name>`.
    pub pointer: String,
    /// The OpenAPI keyword that was broken (`maximum`, `required`, `type`, ...).
    pub rule: &'static str,
    /// A sentence for people.
    pub message: String,
}

impl Violation {
    /// A violation of `rule` at `location`.
    pub fn new(location: &Location<'_>, rule: &'static str, message: impl std::fmt::Display) -> Self {
        Violation { source: location.source(), pointer: location.pointer(), rule, message: message.to_string() }
    }

    /// The field name as an API would show it: the pointer without its leading slash,
    /// segments joined with dots (`api_key.roles.0.name`).
    pub fn field(&self) -> String {
        self.pointer.trim_start_matches('/').replace('/', ".").replace("~1", "/").replace("~0", "~")
    }

    /// Where the value is, as a list: its source, then each key or index on the way
    /// (`["body", "items", 0, "price"]`), the shape of FastAPI's `loc`.
    #[allow(dead_code)] // Used only by error schemas with a `loc` list.
    pub fn location(&self) -> Vec<serde_json::Value> {
        let segments = self.pointer.split('/').skip(1).map(|segment| match segment.parse::<u64>() {
            Ok(index) => serde_json::Value::from(index),
            Err(_) => serde_json::Value::from(segment.replace("~1", "/").replace("~0", "~")),
        });
        std::iter::once(serde_json::Value::from(self.source.as_str())).chain(segments).collect()
    }
}

impl std::fmt::Display for Violation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let field = self.field();
        if field.is_empty() {
            write!(f, "{} ({}): {}", self.source.as_str(), self.rule, self.message)
        } else {
            write!(f, "{} {:?} ({}): {}", self.source.as_str(), field, self.rule, self.message)
        }
    }
}

/// Every rule a value broke, in the order they were found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidationErrors(pub Vec<Violation>);

impl std::fmt::Display for ValidationErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} validation error(s)", self.0.len())?;
        for violation in &self.0 {
            write!(f, "; {violation}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ValidationErrors {}

/// A schema of the spec, as code: checks a JSON value against every rule the spec states.
pub trait Schema {
    /// Appends every rule `value` breaks, located under `location`.
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>);
}

/// A typed value that can be checked against its schema. The client checks requests with
/// it before sending; the server runs the same [`Schema::check`] on what it receives.
pub trait Validate {
    /// Appends every rule this value breaks, located under `location`.
    fn validate_into(&self, location: &Location<'_>, errors: &mut Vec<Violation>);

    /// Checks this value as a request body.
    fn validate(&self) -> Result<(), ValidationErrors> {
        let mut errors = Vec::new();
        self.validate_into(&Location::root(Source::Body), &mut errors);
        if errors.is_empty() { Ok(()) } else { Err(ValidationErrors(errors)) }
    }
}

impl<T: Schema + serde::Serialize> Validate for T {
    fn validate_into(&self, location: &Location<'_>, errors: &mut Vec<Violation>) {
        match serde_json::to_value(self) {
            Ok(value) => T::check(&value, location, errors),
            Err(e) => errors.push(Violation::new(location, "type", e)),
        }
    }
}

/// Checks every item of an array with `T`'s schema.
pub fn items<T: Schema>(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if let Some(items) = array(value, location, errors) {
        for (index, item) in items.iter().enumerate() {
            T::check(item, &location.index(index), errors);
        }
    }
}

/// Checks every member of an object (a map) with `T`'s schema.
pub fn values<T: Schema>(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    if let Some(object) = object(value, location, errors) {
        for (key, item) in object {
            T::check(item, &location.key(key), errors);
        }
    }
}

// The scalars' schemas without rules of their own, so that a property, an array's items or a
// map's values of these types are checked through one generic function.
impl Schema for bool {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        is_boolean(value, location, errors);
    }
}

impl Schema for i32 {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        int32(value, location, errors);
    }
}

impl Schema for i64 {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        int64(value, location, errors);
    }
}

impl Schema for f64 {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        float64(value, location, errors);
    }
}

impl Schema for String {
    fn check(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
        string(value, location, errors);
    }
}

/// Records that `rule` is broken at `location`.
pub fn fail(errors: &mut Vec<Violation>, location: &Location<'_>, rule: &'static str, message: &str) {
    errors.push(Violation::new(location, rule, message));
}

/// A check of one value: the value, its location, the violations found so far.
pub type Check = fn(&serde_json::Value, &Location<'_>, &mut Vec<Violation>);

/// A JSON value, as checks read it.
pub type Value = serde_json::Value;

/// The violations a check appends to.
pub type Errors = Vec<Violation>;

/// A property that must be present.
pub const REQUIRED: Presence = Presence::Required;
/// A property that may be left out, but not sent as null.
pub const OPTIONAL: Presence = Presence::Optional;
/// A property that may be left out or null.
pub const NULLABLE: Presence = Presence::OptionalNullable;

/// `T`'s check, as a function to put in a table of properties.
pub fn check<T: Schema>(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    T::check(value, location, errors);
}

/// Whether `checks` find nothing wrong: an alternative of a union that a value meets.
pub fn passes(checks: impl FnOnce(&mut Vec<Violation>)) -> bool {
    let mut errors = Vec::new();
    checks(&mut errors);
    errors.is_empty()
}

/// Whether an object property must be present, and whether it may be null.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Must be present; null only where its schema is nullable.
    Required,
    /// May be left out, but not sent as null.
    Optional,
    /// May be left out or null.
    OptionalNullable,
}

/// Checks that `value` is an object, then its listed properties (see [`properties`]): the whole
/// check of most structs.
pub fn fields(
    value: &serde_json::Value,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
    listed: &[(&'static str, Presence, Check)],
) {
    match value.as_object() {
        Some(object) => properties(object, location, errors, listed),
        None => fail(errors, location, "type", "must be an object"),
    }
}

/// Checks the listed properties of `object`: each one's presence, then its own check.
pub fn properties(
    object: &serde_json::Map<String, serde_json::Value>,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
    properties: &[(&'static str, Presence, Check)],
) {
    for &(name, presence, check) in properties {
        let location = &location.key(name);
        match (object.get(name), presence) {
            (None, Presence::Required) => missing(errors, location),
            (None, _) => {}
            (Some(value), Presence::Optional) => {
                if not_null(value, location, errors) {
                    check(value, location, errors);
                }
            }
            (Some(value), _) => check(value, location, errors),
        }
    }
}

/// One alternative of conditions on an object (`anyOf: [{required: [a]}, ...]`).
#[derive(Clone, Copy, Debug)]
pub struct Condition {
    /// Properties that must be present.
    pub required: &'static [&'static str],
    /// Properties that, when present, must be one of these values (as JSON text).
    pub values: &'static [(&'static str, &'static [&'static str])],
    /// The most properties the object may have.
    pub max_properties: Option<usize>,
}

/// How many of `conditions` hold for `object`.
pub fn holding(object: &serde_json::Map<String, serde_json::Value>, conditions: &[Condition]) -> usize {
    conditions
        .iter()
        .filter(|condition| {
            condition.required.iter().all(|name| object.contains_key(*name))
                && condition.values.iter().all(|(name, allowed)| {
                    object.get(*name).is_none_or(|value| allowed.contains(&value.to_string().as_str()))
                })
                && condition.max_properties.is_none_or(|max| object.len() <= max)
        })
        .count()
}

/// The check of a value any JSON satisfies.
pub fn any(_value: &serde_json::Value, _location: &Location<'_>, _errors: &mut Vec<Violation>) {}

/// Whether every character of `value` falls in one of the inclusive `ranges`: a
/// pattern that is one character class over the whole value, without a regex engine.
pub fn chars_in(value: &str, ranges: &[(char, char)]) -> bool {
    value.chars().all(|c| ranges.iter().any(|&(first, last)| first <= c && c <= last))
}

/// A `required` violation: the property is missing.
pub fn missing(errors: &mut Vec<Violation>, location: &Location<'_>) {
    fail(errors, location, "required", "is required");
}

/// Whether `value` is not null; a null gets a `type` violation (an optional property
/// that is not nullable may be left out, but not sent as null).
pub fn not_null(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> bool {
    if value.is_null() {
        fail(errors, location, "type", "must not be null");
    }
    !value.is_null()
}

/// The value as a boolean, or a `type` violation.
pub fn boolean(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> Option<bool> {
    let found = value.as_bool();
    if found.is_none() {
        fail(errors, location, "type", "must be a boolean");
    }
    found
}

/// The value as an `int64`, or a `type` (or `format`, when out of range) violation.
pub fn int64(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> Option<i64> {
    match value.as_i64() {
        Some(n) => Some(n),
        None if is_whole(value) => {
            fail(errors, location, "format", "must fit in int64");
            None
        }
        None => {
            fail(errors, location, "type", "must be an integer");
            None
        }
    }
}

/// Whether a JSON number is a whole number beyond `i64` (`3129560261071380938752`
/// arrives as a float); `1.0` is not one, as before.
fn is_whole(value: &serde_json::Value) -> bool {
    value.is_u64() || value.as_f64().is_some_and(|n| n.is_finite() && n.fract() == 0.0 && n.abs() >= 9.0e18)
}

/// The value as an integer of `format` (`uint32`, whose range is `min..=max`), or a
/// `type` violation (not an integer) or a `format` one (outside the range).
pub fn integer(
    value: &serde_json::Value,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
    format: &str,
    min: i128,
    max: i128,
) -> Option<i128> {
    let n = match (value.as_i64(), value.as_u64()) {
        (Some(n), _) => i128::from(n),
        (None, Some(n)) => i128::from(n),
        _ if is_whole(value) => i128::MAX,
        _ => {
            fail(errors, location, "type", "must be an integer");
            return None;
        }
    };
    if !(min..=max).contains(&n) {
        errors.push(Violation::new(location, "format", format!("must fit in {format} ({min} to {max})")));
        return None;
    }
    Some(n)
}

/// The value as an `int32`, or a `type` (or `format`, when out of range) violation.
pub fn int32(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> Option<i32> {
    let n = match value.as_i64() {
        Some(n) => n,
        None if is_whole(value) => i64::MAX,
        None => {
            fail(errors, location, "type", "must be an integer");
            return None;
        }
    };
    let found = i32::try_from(n).ok();
    if found.is_none() {
        fail(errors, location, "format", "must fit in int32");
    }
    found
}

/// The value as a double, or a `type` violation.
pub fn float64(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> Option<f64> {
    let found = value.as_f64();
    if found.is_none() {
        fail(errors, location, "type", "must be a number");
    }
    found
}

/// The value as a float, or a `type` (or `format`, when out of range) violation.
pub fn float32(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) -> Option<f32> {
    let n = float64(value, location, errors)? as f32;
    if !n.is_finite() {
        fail(errors, location, "format", "must fit in a 32-bit float");
    }
    Some(n)
}

/// The value as a string, or a `type` violation.
pub fn string<'v>(
    value: &'v serde_json::Value,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
) -> Option<&'v str> {
    let found = value.as_str();
    if found.is_none() {
        fail(errors, location, "type", "must be a string");
    }
    found
}

/// A `type` violation unless the value is a string.
pub fn is_string(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    string(value, location, errors);
}

/// A `type` violation unless the value is a boolean.
pub fn is_boolean(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    boolean(value, location, errors);
}

/// A `type` (or `format`) violation unless the value is an `int32`.
pub fn is_int32(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    int32(value, location, errors);
}

/// A `type` (or `format`) violation unless the value is an `int64`.
pub fn is_int64(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    int64(value, location, errors);
}

/// A `type` violation unless the value is a number.
pub fn is_float64(value: &serde_json::Value, location: &Location<'_>, errors: &mut Vec<Violation>) {
    float64(value, location, errors);
}

/// The value as an array, or a `type` violation.
pub fn array<'v>(
    value: &'v serde_json::Value,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
) -> Option<&'v Vec<serde_json::Value>> {
    let found = value.as_array();
    if found.is_none() {
        fail(errors, location, "type", "must be an array");
    }
    found
}

/// The value as an object, or a `type` violation.
pub fn object<'v>(
    value: &'v serde_json::Value,
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
) -> Option<&'v serde_json::Map<String, serde_json::Value>> {
    let found = value.as_object();
    if found.is_none() {
        fail(errors, location, "type", "must be an object");
    }
    found
}

/// Reports each property of `object` that is not one of `known` (`additionalProperties:
/// false`).
pub fn only_properties(
    object: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
    location: &Location<'_>,
    errors: &mut Vec<Violation>,
) {
    for key in object.keys().filter(|key| !known.contains(&key.as_str())) {
        fail(errors, &location.key(key), "additionalProperties", "is not a property of this object");
    }
}

/// Whether a slice holds two equal items (`uniqueItems`).
pub fn has_duplicates(items: &[serde_json::Value]) -> bool {
    items.iter().enumerate().any(|(i, a)| items[i + 1..].iter().any(|b| a == b))
}

/// Whether `value` is a multiple of `divisor`, allowing for binary rounding.
pub fn is_multiple_of(value: f64, divisor: f64) -> bool {
    let quotient = value / divisor;
    (quotient - quotient.round()).abs() <= f64::EPSILON * quotient.abs().max(1.0)
}

/// A builder of an object, as the generated `models.rs` declares it: a struct of optional
/// slots, a setter per property (storing `Some(value.into())`), and `build`, which reports every
/// `need`ed property not set and fills the others: a `default` one with its expression when not
/// set, an `optional` one left out, an `optional_default` one with `Some` of its expression. A
/// macro, so that each builder costs a line per property in the generated crate. (Unused in a
/// crate without builders.)
#[allow(unused_macros)]
macro_rules! builder {
    (
        $(#[$meta:meta])*
        $builder:ident => $target:ident {
            need { $($need:ident: $need_ty:ty),* $(,)? }
            default { $($def:ident: $def_ty:ty = $def_value:expr),* $(,)? }
            optional { $($opt:ident: $opt_ty:ty),* $(,)? }
            optional_default { $($optd:ident: $optd_ty:ty = $optd_value:expr),* $(,)? }
        }
    ) => {
        $(#[$meta])*
        pub struct $builder {
            $($need: ::std::option::Option<$need_ty>,)*
            $($def: ::std::option::Option<$def_ty>,)*
            $($opt: ::std::option::Option<$opt_ty>,)*
            $($optd: ::std::option::Option<$optd_ty>,)*
        }

        #[allow(deprecated)]
        impl $builder {
            $(
                #[doc = concat!(" Sets `", stringify!($need), "` (required).")]
                pub fn $need(mut self, value: impl ::std::convert::Into<$need_ty>) -> Self {
                    self.$need = ::std::option::Option::Some(value.into());
                    self
                }
            )*
            $(
                #[doc = concat!(" Sets `", stringify!($def), "` (default: `", stringify!($def_value), "`).")]
                pub fn $def(mut self, value: impl ::std::convert::Into<$def_ty>) -> Self {
                    self.$def = ::std::option::Option::Some(value.into());
                    self
                }
            )*
            $(
                #[doc = concat!(" Sets `", stringify!($opt), "`.")]
                pub fn $opt(mut self, value: impl ::std::convert::Into<$opt_ty>) -> Self {
                    self.$opt = ::std::option::Option::Some(value.into());
                    self
                }
            )*
            $(
                #[doc = concat!(" Sets `", stringify!($optd), "` (default: `", stringify!($optd_value), "`).")]
                pub fn $optd(mut self, value: impl ::std::convert::Into<$optd_ty>) -> Self {
                    self.$optd = ::std::option::Option::Some(value.into());
                    self
                }
            )*

            /// The value, or every required property not set.
            pub fn build(self) -> ::std::result::Result<$target, crate::validation::MissingFields> {
                let mut missing = ::std::vec::Vec::new();
                $(if self.$need.is_none() {
                    missing.push(stringify!($need));
                })*
                let ($(::std::option::Option::Some($need),)*) = ($(self.$need,)*) else {
                    return ::std::result::Result::Err(crate::validation::MissingFields {
                        type_name: stringify!($target),
                        fields: missing,
                    });
                };
                ::std::result::Result::Ok($target {
                    $($need,)*
                    $($def: self.$def.unwrap_or_else(|| $def_value),)*
                    $($opt: self.$opt,)*
                    $($optd: self.$optd.or_else(|| ::std::option::Option::Some($optd_value)),)*
                })
            }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use builder;

/// The required properties a builder was not given, all of them, by their setters' names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFields {
    /// The type being built.
    pub type_name: &'static str,
    /// The setters not called, in declaration order.
    pub fields: Vec<&'static str>,
}

impl std::fmt::Display for MissingFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}` needs ", self.type_name)?;
        for (i, field) in self.fields.iter().enumerate() {
            let separator = if i == 0 { "" } else { ", " };
            write!(f, "{separator}`{field}`")?;
        }
        Ok(())
    }
}

impl std::error::Error for MissingFields {}

/// Writes every whole number of `value` written with a fraction (`5.0`, `1e3`) as the integer
/// it is: JSON Schema counts such a number as an integer, and clients in languages without
/// integers (JavaScript, Python's `float`s) send them. Done before checking and decoding, so
/// that `{"limit": 5.0}` meets an `integer` property (and an `i64` field) as `5`. A number too
/// large for 64 bits stays as it came.
pub fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Number(number) if number.is_f64() => {
            let Some(float) = number.as_f64().filter(|f| f.fract() == 0.0) else { return };
            if (-9.2e18..=9.2e18).contains(&float) {
                *value = serde_json::Value::from(float as i64);
            } else if (0.0..=1.8e19).contains(&float) {
                *value = serde_json::Value::from(float as u64);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        _ => {}
    }
}
