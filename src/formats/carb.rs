//! CaRB's files (see `../shared/data/carb-dev/FORMAT.md`): gold tuples
//! (`SENTENCE<TAB>RELATION<TAB>ARG1…`) and tabbed predictions
//! (`SENTENCE<TAB>CONFIDENCE<TAB>RELATION<TAB>ARG1…`), read line by line into the raw
//! sentence and its tuple; `eval::carb` groups and scores them.

use super::{FormatError, ParseError};
use std::io::BufRead;

/// One relation tuple: relation phrase and arguments (ARG1 first), as whitespace-tokenised text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Tuple {
    /// Relation phrase.
    pub relation: String,
    /// Arguments, subject first.
    pub args: Vec<String>,
}

/// A predicted tuple with its confidence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scored {
    /// The tuple.
    pub tuple: Tuple,
    /// Higher is more confident.
    pub confidence: f64,
}

/// The non-blank lines of `reader`, trimmed, with their 1-based numbers.
fn lines<'a>(
    reader: impl BufRead + 'a,
    name: &'a str,
) -> impl Iterator<Item = Result<(usize, String), FormatError>> + 'a {
    reader
        .lines()
        .enumerate()
        .map(move |(i, l)| {
            l.map(|l| (i + 1, l.trim().to_string()))
                .map_err(|source| FormatError::io(name, source))
        })
        .filter(|l| !matches!(l, Ok((_, l)) if l.is_empty()))
}

/// Reads a gold file: each line's raw sentence and tuple, in file order. Fields containing
/// `C: ` (context) are dropped; fields are trimmed.
///
/// # Errors
/// A line with fewer than two fields, or a read error.
pub fn read_gold(reader: impl BufRead, name: &str) -> Result<Vec<(String, Tuple)>, FormatError> {
    let mut out = Vec::new();
    for line in lines(reader, name) {
        let (line_no, line) = line?;
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 2 {
            return Err(
                ParseError::new(name, line_no, "expected SENTENCE<TAB>RELATION<TAB>ARG…").into(),
            );
        }
        let tuple = Tuple {
            relation: fields[1].trim().to_string(),
            args: fields[2..]
                .iter()
                .filter(|a| !a.contains("C: "))
                .map(|a| a.trim().to_string())
                .collect(),
        };
        out.push((fields[0].to_string(), tuple));
    }
    Ok(out)
}

/// Reads a prediction file: each line's raw sentence and scored tuple, in file order. Blank
/// lines are skipped, fields are not trimmed.
///
/// # Errors
/// Fewer than three fields, a confidence that is not a number, or a read error.
pub fn read_predictions(
    reader: impl BufRead,
    name: &str,
) -> Result<Vec<(String, Scored)>, FormatError> {
    let mut out = Vec::new();
    for line in lines(reader, name) {
        let (line_no, line) = line?;
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() < 3 {
            return Err(ParseError::new(
                name,
                line_no,
                "expected SENTENCE<TAB>CONFIDENCE<TAB>RELATION<TAB>ARG…",
            )
            .into());
        }
        let confidence: f64 = fields[1].trim().parse().map_err(|_| {
            ParseError::in_field(
                name,
                line_no,
                &line,
                1,
                format!("confidence {:?} is not a number", fields[1]),
            )
        })?;
        let tuple = Tuple {
            relation: fields[2].to_string(),
            args: fields[3..].iter().map(|a| (*a).to_string()).collect(),
        };
        out.push((fields[0].to_string(), Scored { tuple, confidence }));
    }
    Ok(out)
}
