//! Which regular-expression engine a spec's `pattern` needs. Most patterns compile with
//! `regex-lite` (linear time, and a fraction of `regex`'s compile cost for the generated crate;
//! its ASCII `\d` and `\w` are ECMA-262's). Unicode classes (`\p{L}`), Unicode-aware `\s` and
//! case folding need `regex`; look-around and backreferences are left to `fancy-regex`. A pattern
//! none accepts is a generation error, never dropped.

/// A spec's `pattern` with the engine chosen for it, once, when the spec is lowered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    /// The pattern as the spec writes it.
    pub source: String,
    /// How the generated crate checks it.
    pub engine: Engine,
}

impl Pattern {
    /// `source` with its engine, or why no engine can compile it.
    pub fn new(source: &str) -> Result<Self, String> {
        Ok(Pattern { source: source.to_string(), engine: engine(source)? })
    }
}

/// How a pattern is checked in the generated crate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Engine {
    /// No engine: a whole-value character class (`^[^\x00]*$`), checked by plain Rust code.
    Native(Box<Native>),
    /// `regex_lite::Regex`.
    Lite,
    /// `regex::Regex`.
    Regex,
    /// `fancy_regex::Regex`.
    Fancy,
}

/// The engine for `pattern`, or why no engine can compile it.
pub fn engine(pattern: &str) -> Result<Engine, String> {
    if let Some(native) = native(pattern) {
        return Ok(Engine::Native(Box::new(native)));
    }
    // ECMA-262's `\s` and case-insensitive matching are Unicode-aware; regex-lite's are ASCII.
    let unicode_only = pattern.contains("\\s") || pattern.contains("\\S") || pattern.contains("(?i");
    if !unicode_only && regex_lite::Regex::new(pattern).is_ok() {
        return Ok(Engine::Lite);
    }
    match regex::Regex::new(pattern) {
        Ok(_) => Ok(Engine::Regex),
        Err(plain) => match fancy_regex::Regex::new(pattern) {
            Ok(_) => Ok(Engine::Fancy),
            Err(_) => Err(plain.to_string()),
        },
    }
}

/// A pattern that is one character class repeated over the whole value: `^[CLASS]{min,max}$`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Native {
    /// Inclusive character ranges a character must fall in.
    pub ranges: Vec<(char, char)>,
    /// Least number of characters.
    pub min: u32,
    /// Most number of characters, when bounded.
    pub max: Option<u32>,
}

/// The pattern as a [`Native`] check, when it is that simple. Escapes whose meaning differs
/// between ECMA-262 and Rust's engines (`\d`, `\w`, `\s`, `\p`, `\b`) and flags are left to an
/// engine, as are classes of many ranges.
pub fn native(pattern: &str) -> Option<Native> {
    use regex_syntax::hir::{Class, HirKind, Look};
    let escapes = ['d', 'D', 'w', 'W', 's', 'S', 'p', 'P', 'b', 'B'];
    if pattern.contains("(?") || escapes.iter().any(|e| pattern.contains(&format!("\\{e}"))) {
        return None;
    }
    let hir = regex_syntax::Parser::new().parse(pattern).ok()?;
    let HirKind::Concat(items) = hir.kind() else { return None };
    let [start, body, end] = items.as_slice() else { return None };
    if !matches!(start.kind(), HirKind::Look(Look::Start)) || !matches!(end.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let (min, max, class) = match body.kind() {
        HirKind::Repetition(rep) if rep.greedy => (rep.min, rep.max, rep.sub.kind()),
        other => (1, Some(1), other),
    };
    let ranges: Vec<(char, char)> = match class {
        HirKind::Class(Class::Unicode(class)) => class.ranges().iter().map(|r| (r.start(), r.end())).collect(),
        HirKind::Literal(literal) => {
            let text = std::str::from_utf8(&literal.0).ok()?;
            let mut chars = text.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { return None };
            vec![(c, c)]
        }
        _ => return None,
    };
    (!ranges.is_empty() && ranges.len() <= 8).then_some(Native { ranges, min, max })
}

#[cfg(test)]
mod tests {
    use super::{Engine, engine};

    #[test]
    fn picks_the_engine_a_pattern_needs() {
        assert!(matches!(engine("^[a-z]+$"), Ok(Engine::Native(_))));
        assert!(matches!(engine(r"^[^\x00]*$"), Ok(Engine::Native(_))));
        assert_eq!(engine("^[a-z]+@[a-z]+$"), Ok(Engine::Lite));
        assert_eq!(engine(r"^\p{L}+$"), Ok(Engine::Regex));
        assert_eq!(engine(r"^\S+$"), Ok(Engine::Regex));
        assert_eq!(engine("^(?![0-9]+$)[a-z0-9]+$"), Ok(Engine::Fancy));
        assert_eq!(engine(r"^(a)\1$"), Ok(Engine::Fancy));
        assert!(engine("(unclosed").is_err());
    }

    #[test]
    fn whole_value_classes_need_no_engine() {
        use super::{Native, native};
        let nul = native(r"^[^\x00]*$").unwrap();
        assert_eq!(nul, Native { ranges: vec![('\u{1}', '\u{10FFFF}')], min: 0, max: None });
        let code = native("^[A-Z0-9]{2,4}$").unwrap();
        assert_eq!(code, Native { ranges: vec![('0', '9'), ('A', 'Z')], min: 2, max: Some(4) });
        assert_eq!(native("^x$").unwrap(), Native { ranges: vec![('x', 'x')], min: 1, max: Some(1) });
        // Unanchored, ECMA-262 escapes, flags and sequences go to an engine.
        assert_eq!(native("[a-z]+"), None);
        assert_eq!(native(r"^\d+$"), None);
        assert_eq!(native("(?i)^[a-z]+$"), None);
        assert_eq!(native("^ab$"), None);
    }
}
