//! Which regular-expression engine a spec's `pattern` needs. Most patterns compile with the
//! `regex` crate (linear time); ECMA-262 features it lacks, look-around and backreferences, are
//! left to `fancy-regex`. A pattern neither accepts is a generation error, never dropped.

/// The engine a pattern is compiled with in the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// `regex::Regex`.
    Regex,
    /// `fancy_regex::Regex`.
    Fancy,
}

/// The engine for `pattern`, or why no engine can compile it.
pub fn engine(pattern: &str) -> Result<Engine, String> {
    match regex::Regex::new(pattern) {
        Ok(_) => Ok(Engine::Regex),
        Err(plain) => match fancy_regex::Regex::new(pattern) {
            Ok(_) => Ok(Engine::Fancy),
            Err(_) => Err(plain.to_string()),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::{Engine, engine};

    #[test]
    fn picks_the_engine_a_pattern_needs() {
        assert_eq!(engine("^[a-z]+$"), Ok(Engine::Regex));
        assert_eq!(engine("^(?![0-9]+$)[a-z0-9]+$"), Ok(Engine::Fancy));
        assert_eq!(engine(r"^(a)\1$"), Ok(Engine::Fancy));
        assert!(engine("(unclosed").is_err());
    }
}
