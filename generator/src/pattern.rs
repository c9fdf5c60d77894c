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

impl Pattern {
    /// Whether `text` matches, with the engine the generated crate uses for it.
    pub fn is_match(&self, text: &str) -> bool {
        match &self.engine {
            Engine::Native(native) => {
                let count = text.chars().count() as u32;
                count >= native.min
                    && native.max.is_none_or(|max| count <= max)
                    && text.chars().all(|c| native.ranges.iter().any(|&(a, b)| a <= c && c <= b))
            }
            Engine::Lite => regex_lite::Regex::new(&self.source).is_ok_and(|r| r.is_match(text)),
            Engine::Regex => regex::Regex::new(&self.source).is_ok_and(|r| r.is_match(text)),
            Engine::Fancy => fancy_regex::Regex::new(&self.source).is_ok_and(|r| r.is_match(text).unwrap_or(false)),
        }
    }

    /// A short string that matches, with between `min` and `max` characters, for values built
    /// from a schema (the example stub's answers). Look-around is left out of the sketch and
    /// the candidate checked against the whole pattern; `None` when no candidate matches.
    pub fn sample(&self, min: usize, max: Option<usize>) -> Option<String> {
        let sketch = without_lookaround(&self.source);
        let hir = regex_syntax::ParserBuilder::new().utf8(true).build().parse(&sketch).ok()?;
        (0..=min.max(8)).map(|extra| sketch_of(&hir, extra)).find(|candidate| {
            let count = candidate.chars().count();
            count >= min && max.is_none_or(|max| count <= max) && self.is_match(candidate)
        })
    }
}

/// `pattern` without its look-around groups (`(?!...)`, `(?=...)`, `(?<!...)`, `(?<=...)`),
/// which `regex-syntax` does not read; the rest of the pattern is unchanged.
fn without_lookaround(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(at) = ["(?!", "(?=", "(?<!", "(?<="].iter().filter_map(|open| rest.find(open)).min() {
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut escaped = false;
        let mut end = rest.len();
        for (i, c) in rest[at..].char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '(' => depth += 1,
                ')' => {
                    depth -= 1;
                    if depth == 0 {
                        end = at + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// A string the expression matches: the first alternative, repetitions at their least (plus
/// `extra` for unbounded ones), a readable character of each class.
fn sketch_of(hir: &regex_syntax::hir::Hir, extra: usize) -> String {
    use regex_syntax::hir::{Class, HirKind};
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => String::new(),
        HirKind::Literal(literal) => String::from_utf8_lossy(&literal.0).into_owned(),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges: Vec<(char, char)> = class.ranges().iter().map(|r| (r.start(), r.end())).collect();
            readable(&ranges).map(String::from).unwrap_or_default()
        }
        HirKind::Class(Class::Bytes(class)) => {
            let ranges: Vec<(char, char)> =
                class.ranges().iter().map(|r| (r.start() as char, r.end() as char)).collect();
            readable(&ranges).map(String::from).unwrap_or_default()
        }
        HirKind::Repetition(rep) => {
            let count = match rep.max {
                Some(max) => rep.min.max(1).min(max) as usize,
                None => rep.min as usize + extra,
            };
            sketch_of(&rep.sub, extra).repeat(count)
        }
        HirKind::Capture(capture) => sketch_of(&capture.sub, extra),
        HirKind::Concat(items) => items.iter().map(|item| sketch_of(item, extra)).collect(),
        HirKind::Alternation(items) => items.first().map(|item| sketch_of(item, extra)).unwrap_or_default(),
    }
}

/// A character of `ranges` a person would write: a letter or digit when there is one.
fn readable(ranges: &[(char, char)]) -> Option<char> {
    let contains = |c: char| ranges.iter().any(|&(a, b)| a <= c && c <= b);
    ['a', 'A', '0', 'x', '_', '-', '.']
        .into_iter()
        .find(|c| contains(*c))
        .or_else(|| ranges.iter().flat_map(|&(a, b)| (a..=b).take(128)).find(|c| c.is_ascii_graphic()))
        .or_else(|| ranges.first().map(|&(a, _)| a))
}

#[cfg(test)]
mod tests {
    use super::{Engine, engine};

    #[test]
    fn samples_match_their_pattern() {
        let cases = [
            (
                r"^(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$)^[a-z][a-z0-9-]*[a-zA-Z0-9]$",
                0,
            ),
            (r"^\d+\.\d+\.\d+([\-\+].+)?$", 0),
            (
                r"^(([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])\.){3}([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])/([8-9]|1[0-9]|2[0-9]|3[0-2])$",
                0,
            ),
            ("[a-z-]+\\.[a-z-]+", 0),
            ("^[a-z]+$", 5),
            (r"^[^\x00]*$", 0),
        ];
        for (source, min) in cases {
            let pattern = super::Pattern::new(source).unwrap();
            let sample = pattern.sample(min, None).unwrap_or_else(|| panic!("no sample for {source}"));
            assert!(pattern.is_match(&sample) && sample.chars().count() >= min, "{source}: {sample:?}");
        }
    }

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
