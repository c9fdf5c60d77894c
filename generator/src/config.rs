//! The configuration file (`openapi-rust-gen.toml`): what a team adjusts in the crate without
//! editing the spec. Every key is listed in the README; a key this module does not know is an
//! error naming it, so a typo never silently does nothing.

use crate::Error;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use toml::Spanned;

/// A parsed configuration file. [`Config::default`] is the behaviour without one.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// OpenAPI Overlay 1.0 documents applied to the spec, in order, before it is read; paths
    /// relative to the configuration file. The driver reads them into [`crate::Settings::overlays`].
    #[serde(default)]
    pub overlays: Vec<Spanned<String>>,
    /// The generated package.
    #[serde(default)]
    pub package: Package,
    /// Which sides the crate has.
    #[serde(default)]
    pub generate: Generate,
    /// Which operations the crate has.
    #[serde(default)]
    pub filter: Filter,
    /// Rust names chosen instead of the ones derived from the spec.
    #[serde(default)]
    pub rename: Rename,
    /// Traits derived on model types beyond the ones every type has.
    #[serde(default)]
    pub derives: Derives,
    /// Rust types by `format` (`uuid = "uuid::Uuid"`, `int64 = "i128"`): the type must
    /// serialize as the schema's JSON value; its crate goes in `[dependencies]`.
    #[serde(default)]
    pub formats: BTreeMap<Spanned<String>, Spanned<String>>,
    /// Pagination by operationId: `false` (no stream), or the rule for a list the generator
    /// does not recognise: `{ cursor = "after", next = "meta.next", items = "data" }`, or
    /// `{ cursor = "starting_after", has_more = "has_more", items = "data" }` (the next cursor is
    /// the last item's `id`).
    #[serde(default)]
    pub pagination: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    /// Dependencies added to the generated `Cargo.toml` (for a derive macro's crate), as
    /// Cargo writes them: `schemars = { version = "1" }`.
    #[serde(default)]
    pub dependencies: BTreeMap<Spanned<String>, toml::Value>,
    /// Where the file came from, for messages about its values.
    #[serde(skip)]
    origin: Origin,
}

/// `[package]`: the generated crate's package.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Package name (`--crate-name` wins over it); default: from `info.title`.
    pub name: Option<String>,
    /// Package version; default `0.1.0`.
    pub version: Option<Spanned<String>>,
}

/// `[generate]`: the client, the server, or both (the default).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Generate {
    /// The `client` module and feature (default true).
    pub client: Option<Spanned<bool>>,
    /// The `server` module and feature, with the example stub (default true).
    pub server: Option<Spanned<bool>>,
}

/// `[filter]`: the operations (and webhooks) to generate, by tag and by operationId. An
/// operation is kept when the include lists are empty or it matches one of them, and it
/// matches no exclude list. Schemas no kept operation uses are left out with them.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Filter {
    /// Keep operations with one of these tags.
    #[serde(default)]
    pub tags: Vec<Spanned<String>>,
    /// Keep operations with one of these operationIds.
    #[serde(default)]
    pub operations: Vec<Spanned<String>>,
    /// Leave out operations with one of these tags.
    #[serde(default)]
    pub exclude_tags: Vec<Spanned<String>>,
    /// Leave out operations with one of these operationIds.
    #[serde(default)]
    pub exclude_operations: Vec<Spanned<String>>,
}

impl Filter {
    /// Whether any list is set: without one, every operation and schema is generated.
    pub fn is_active(&self) -> bool {
        !(self.tags.is_empty()
            && self.operations.is_empty()
            && self.exclude_tags.is_empty()
            && self.exclude_operations.is_empty())
    }
}

/// `[rename]`: Rust names by schema name and by operationId.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rename {
    /// `components.schemas` key -> Rust type name.
    #[serde(default)]
    pub schemas: BTreeMap<Spanned<String>, Spanned<String>>,
    /// operationId -> Rust method name (in snake case; types derived from it follow).
    #[serde(default)]
    pub operations: BTreeMap<Spanned<String>, Spanned<String>>,
}

/// `[derives]`: traits derived on model types.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Derives {
    /// On every model type that can have them (the others are named in a note).
    #[serde(default)]
    pub all: Vec<Spanned<String>>,
    /// On the named model types (Rust names) and the types they hold; an error when one
    /// cannot have it.
    #[serde(default)]
    pub types: BTreeMap<Spanned<String>, Vec<Spanned<String>>>,
}

/// The configuration file's name and text, to turn a span into a line and column.
#[derive(Debug, Clone, Default)]
struct Origin {
    file: String,
    text: String,
}

impl Config {
    /// Reads the TOML text of the configuration file `file` (as messages name it).
    pub fn parse(text: &str, file: &str) -> Result<Config, Error> {
        let mut config: Config = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((0, 0), |span| line_column(text, span.start));
            Error::Config { file: file.into(), line, column, message: e.message().trim_end().to_string() }
        })?;
        config.origin = Origin { file: file.into(), text: text.into() };
        Ok(config)
    }

    /// Whether the crate has a client and a server; at least one.
    pub(crate) fn sides(&self) -> Result<(bool, bool), Error> {
        let side = |value: &Option<Spanned<bool>>| value.as_ref().is_none_or(|v| *v.get_ref());
        let (client, server) = (side(&self.generate.client), side(&self.generate.server));
        match (&self.generate.server, client || server) {
            (Some(server), false) => {
                Err(self.error(server.span(), "a crate needs a client or a server: both are false"))
            }
            _ => Ok((client, server)),
        }
    }

    /// An error about the value at `span` of this file.
    pub(crate) fn error(&self, span: Range<usize>, message: impl Into<String>) -> Error {
        let (line, column) = line_column(&self.origin.text, span.start);
        Error::Config { file: self.origin.file.clone(), line, column, message: message.into() }
    }

    /// A warning line about the value at `span` of this file, in the form of an error.
    pub(crate) fn warning(&self, span: Range<usize>, message: impl Into<String>) -> String {
        self.error(span, message).to_string()
    }

    /// The package version: `[package] version`, checked, or `0.1.0`.
    pub(crate) fn version(&self) -> Result<String, Error> {
        let Some(version) = &self.package.version else { return Ok("0.1.0".into()) };
        let text = version.get_ref();
        let (core, _) = text.split_once(['-', '+']).unwrap_or((text, ""));
        let numbers: Vec<&str> = core.split('.').collect();
        if numbers.len() != 3 || numbers.iter().any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit())) {
            return Err(
                self.error(version.span(), format!("version {text:?} is not MAJOR.MINOR.PATCH, as Cargo needs"))
            );
        }
        Ok(text.clone())
    }
}

/// The 1-based line and column of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn an_unknown_key_is_an_error_naming_it_and_its_line() {
        let error = Config::parse("[package]\nname = \"x\"\n\n[filter]\ntag = [\"a\"]\n", "gen.toml").unwrap_err();
        let message = error.to_string();
        assert!(message.starts_with("gen.toml:5:1: unknown field `tag`, expected one of"), "{message}");
        let error = Config::parse("colour = 1\n", "gen.toml").unwrap_err().to_string();
        assert!(error.starts_with("gen.toml:1:1: unknown field `colour`"), "{error}");
        let error = Config::parse("[filter]\ntags = \"a\"\n", "gen.toml").unwrap_err().to_string();
        assert!(error.starts_with("gen.toml:2:8: invalid type: string \"a\", expected a sequence"), "{error}");
    }

    #[test]
    fn every_section_is_read() {
        let text = "overlays = [\"fix.yaml\"]\n[package]\nname = \"pets\"\nversion = \"2.1.0\"\n[filter]\ntags = [\"pets\"]\nexclude_operations = [\"deletePet\"]\n[rename]\nschemas = { Pet = \"Animal\" }\noperations = { listPets = \"all_pets\" }\n";
        let config = Config::parse(text, "gen.toml").unwrap();
        assert_eq!(config.overlays[0].get_ref(), "fix.yaml");
        assert_eq!(config.package.name.as_deref(), Some("pets"));
        assert!(config.filter.is_active());
        let (from, to) = config.rename.schemas.iter().next().unwrap();
        assert_eq!((from.get_ref().as_str(), to.get_ref().as_str()), ("Pet", "Animal"));
        assert_eq!(config.error(to.span(), "m").to_string(), "gen.toml:9:19: m");
    }
}
