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
    #[error("{file}: at {pointer}: {message}")]
    Spec {
        /// The spec's path.
        file: String,
        /// JSON pointer of the offending place, such as `#/paths/~1pets/get`.
        pointer: String,
        /// What is wrong and, where possible, what to do.
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
