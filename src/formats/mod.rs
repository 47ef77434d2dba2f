//! The file formats kg reads, one reader a file, sharing one parse error.
//!
//! Each reader turns the bytes of a format into plain data (sentences, tuples, facts, gold
//! mentions) and knows nothing of the stage that uses them: CoNLL-U (`conllu.rs`, with the
//! `Entity=` brackets of GUM's coreference layer), GUM's coreference documents (`gum.rs`),
//! IOB2 entity spans (`iob2.rs`), triples files (`triples.rs`, TSV and JSONL), CaRB's gold
//! and tabbed prediction files (`carb.rs`), kg's own coreference gold (`coref.rs`) and a
//! user's ontology (`ontology.rs`: OWL/RDFS in any RDF syntax, or Text2KGBench's JSON).
//!
//! A malformed line is a [`ParseError`] (file, 1-based line, 1-based column when the fault
//! is in one field, and what is wrong), shown as `FILE:LINE:COL: message` or
//! `FILE:LINE: message`; a reader that also reads from a stream returns a [`FormatError`],
//! which is either that or the I/O error. The public `ConlluError` and `TriplesError` are
//! names of [`FormatError`].

pub mod carb;
pub mod conllu;
pub mod coref;
pub mod gum;
pub mod iob2;
pub mod ontology;
pub mod triples;

/// A malformed line of a file: where it is and what is wrong.
///
/// ```
/// let text = "1\tHi\thi\tNOPE\t_\t_\t0\troot\t_\t_\n\n";
/// let Err(kg::ConlluError::Parse(e)) = kg::read_conllu_from(text.as_bytes(), "bad.conllu")
/// else {
///     panic!("an unknown UPOS is an error");
/// };
/// assert_eq!((e.file.as_str(), e.line, e.column), ("bad.conllu", 1, Some(9)));
/// assert!(e.to_string().starts_with("bad.conllu:1:9: "));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The file's name as given by the caller.
    pub file: String,
    /// 1-based line number; 0 for the file as a whole (it cannot be read, or it is empty).
    pub line: usize,
    /// 1-based column (in characters) of the field at fault, when the fault is in one field.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            // Line 0: the file as a whole (it cannot be read, or it is empty).
            (0, _) => write!(f, "{}: {}", self.file, self.message),
            (line, Some(column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            (line, None) => write!(f, "{}:{line}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ParseError {}

impl ParseError {
    /// A fault of line `line` as a whole.
    pub(crate) fn new(file: &str, line: usize, message: impl Into<String>) -> Self {
        Self {
            file: file.to_owned(),
            line,
            column: None,
            message: message.into(),
        }
    }

    /// A fault of field `field` (0-based) of the tab-separated `text` of line `line`.
    pub(crate) fn in_field(
        file: &str,
        line: usize,
        text: &str,
        field: usize,
        message: impl Into<String>,
    ) -> Self {
        let column = text
            .split('\t')
            .take(field)
            .map(|f| f.chars().count() + 1)
            .sum::<usize>()
            + 1;
        Self {
            column: Some(column),
            ..Self::new(file, line, message)
        }
    }
}

/// A file that could not be read: a malformed line, or an I/O error.
///
/// This is the type behind the public names `kg::ConlluError` and `kg::TriplesError`.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FormatError {
    /// A malformed line: its fields `file`, `line`, `column` (1-based, `Some` when the fault
    /// is in one field) and `message`, shown as `FILE:LINE:COL: message`.
    #[error(transparent)]
    Parse(#[from] ParseError),
    /// Reading failed.
    #[error("{file}: {source}")]
    Io {
        /// The file's name as given by the caller.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

impl FormatError {
    /// The I/O error `source` while reading `file`.
    pub(crate) fn io(file: &str, source: std::io::Error) -> Self {
        Self::Io {
            file: file.to_owned(),
            source,
        }
    }
}

/// Opens `path` for a reader that takes a stream and a name.
pub(crate) fn open(
    path: &std::path::Path,
) -> Result<std::io::BufReader<std::fs::File>, FormatError> {
    std::fs::File::open(path)
        .map(std::io::BufReader::new)
        .map_err(|source| FormatError::io(&path.display().to_string(), source))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_file_line_and_column() {
        let e = ParseError::in_field("f.conllu", 3, "1\tI\tI\tNOPE", 3, "unknown UPOS 'NOPE'");
        assert_eq!(e.to_string(), "f.conllu:3:7: unknown UPOS 'NOPE'");
        let e = ParseError::new("f.tsv", 2, "expected 3 fields");
        assert_eq!(e.to_string(), "f.tsv:2: expected 3 fields");
        assert_eq!(
            FormatError::from(e).to_string(),
            "f.tsv:2: expected 3 fields"
        );
    }
}
