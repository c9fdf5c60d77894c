//! Errors a spec can cause, each naming the file and the place in it.

/// Why a spec could not be turned into a crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file is not valid YAML or JSON, or does not have the shape of an OpenAPI 3.0 document.
    #[error("{file}:{line}:{column}: {message}")]
    Parse {
        /// The spec's path.
        file: String,
        /// 1-based line, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The document parsed but something in it cannot be generated.
    #[error("{file}{}: at {pointer}: {message}", line_column(*line, *column))]
    Spec {
        /// The path of the file the place is in (the spec's, or another file it refers to).
        file: String,
        /// JSON pointer of the offending place, such as `#/paths/~1pets/get`.
        pointer: String,
        /// What is wrong and, where possible, what to do.
        message: String,
        /// 1-based line of the place in `file`, 0 when unknown (a place the generator wrote
        /// itself, such as a 3.1 keyword rewritten for the 3.0 reader).
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
    },
    /// The configuration file is not valid, or names something the spec does not have.
    #[error("{file}{}: {message}", line_column(*line, *column))]
    Config {
        /// The configuration file's path.
        file: String,
        /// 1-based line of the offending key or value, 0 when unknown.
        line: usize,
        /// 1-based column, 0 when unknown.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A setting given with the spec (the crate name, say) cannot be used.
    #[error("{file}: {message}")]
    Settings {
        /// The spec's path.
        file: String,
        /// What is wrong.
        message: String,
    },
    /// A bug in the generator: the emitted code did not parse.
    #[error("{file}: internal error: {message}")]
    Internal {
        /// The spec's path.
        file: String,
        /// What failed.
        message: String,
    },
}

impl Error {
    /// A [`Error::Spec`] whose line is not known yet: the driver finds it from the pointer
    /// when it reports the error.
    pub(crate) fn spec(file: impl Into<String>, pointer: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Spec { file: file.into(), pointer: pointer.into(), message: message.into(), line: 0, column: 0 }
    }
}

/// `:line:column`, as compilers write it, or nothing when the line is unknown.
fn line_column(line: usize, column: usize) -> String {
    if line == 0 { String::new() } else { format!(":{line}:{column}") }
}
