//! Graphs in a triple store: SPARQL over an in-memory Oxigraph store.
//!
//! [`load`] parses any RDF kg reads into a fresh [`Store`]; [`query`] runs a SPARQL
//! query on it and writes the results as an aligned text table or in a SPARQL
//! results format (CSV, TSV, JSON, XML).

#[cfg(feature = "store")]
mod early_answer;
#[cfg(feature = "store")]
pub mod push;
mod syntax;
pub mod validate;

use std::io::{Read, Write};

use oxigraph::io::RdfParser;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use oxrdf::vocab::xsd;
use oxrdf::{Term, Variable};
use oxrdfio::RdfFormat;

/// How query results are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum ResultsFormat {
    /// An aligned text table for people (N-Triples lines for CONSTRUCT).
    #[default]
    Table,
    /// SPARQL 1.1 CSV.
    Csv,
    /// SPARQL 1.1 TSV.
    Tsv,
    /// SPARQL 1.1 JSON.
    Json,
    /// SPARQL XML.
    Xml,
}

/// Errors loading or querying.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The RDF input does not parse.
    #[error("RDF syntax error: {0}")]
    Syntax(String),
    /// The query does not parse: where parsing stopped and what was expected, on one line
    /// (what `kg query` prints).
    #[error("SPARQL syntax error: {0}")]
    Query(String),
    /// The store or the evaluation failed.
    #[error("{0}")]
    Evaluation(String),
    /// The evaluation was cancelled through `QueryBounds::cancellation`.
    #[error("query cancelled")]
    Cancelled,
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Loads RDF in `format` into a new in-memory store.
///
/// # Errors
/// [`StoreError::Syntax`] when the input does not parse.
pub fn load(reader: impl Read, format: RdfFormat) -> Result<Store, StoreError> {
    let store = Store::new().map_err(|e| StoreError::Evaluation(e.to_string()))?;
    store
        .load_from_reader(RdfParser::from_format(format), reader)
        .map_err(|e| StoreError::Syntax(e.to_string()))?;
    Ok(store)
}

/// Runs `sparql` on `store`, writing the results to `out` in `format`.
///
/// # Errors
/// [`StoreError::Query`] for a bad query, [`StoreError::Evaluation`] when it fails.
pub fn query(
    store: &Store,
    sparql: &str,
    format: ResultsFormat,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    query_bounded(store, sparql, format, out, &QueryBounds::default()).map(|_| ())
}

/// Limits on one query: at most `limit` results (solutions, or triples of a
/// CONSTRUCT/DESCRIBE), and a token that stops the evaluation when cancelled.
#[derive(Clone, Default)]
pub struct QueryBounds {
    /// Results written at most.
    pub limit: Option<u64>,
    /// Cancelled by another thread (a timer) to stop the evaluation.
    pub cancellation: Option<CancellationToken>,
}

/// What a bounded query wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct QueryOutcome {
    /// Results written (solutions or triples; 1 for ASK).
    pub results: u64,
    /// More results existed beyond [`QueryBounds::limit`].
    pub truncated: bool,
}

/// Rows of an aligned table held to measure the columns; later rows are written
/// at once with those widths (a longer cell then only shifts its own row), so the
/// table takes bounded memory however many rows there are.
pub const TABLE_MEASURED_ROWS: usize = 1000;

/// [`query`] within `bounds`: stops after `bounds.limit` results and when the
/// cancellation token is cancelled ([`StoreError::Cancelled`]). Results are
/// written as they come (the table after its first [`TABLE_MEASURED_ROWS`] rows).
///
/// # Errors
/// As [`query`], and [`StoreError::Cancelled`].
pub fn query_bounded(
    store: &Store,
    sparql: &str,
    format: ResultsFormat,
    out: &mut impl Write,
    bounds: &QueryBounds,
) -> Result<QueryOutcome, StoreError> {
    let mut evaluator = SparqlEvaluator::new();
    if let Some(token) = &bounds.cancellation {
        evaluator = evaluator.with_cancellation_token(token.clone());
    }
    let eval = |e: QueryEvaluationError| match e {
        QueryEvaluationError::Cancelled => StoreError::Cancelled,
        e => StoreError::Evaluation(e.to_string()),
    };
    let results = evaluator
        .parse_query(sparql)
        .map_err(|e| StoreError::Query(syntax::syntax_message(sparql, &e.to_string())))?
        .on_store(store)
        .execute()
        .map_err(eval)?;
    let serial = match format {
        ResultsFormat::Table => None,
        ResultsFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultsFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultsFormat::Json => Some(QueryResultsFormat::Json),
        ResultsFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    let limit = bounds.limit.unwrap_or(u64::MAX);
    let mut outcome = QueryOutcome::default();
    // Takes results up to the limit, then looks for one more to tell whether the
    // limit cut anything.
    let bounded = |outcome: &mut QueryOutcome| -> bool {
        if outcome.results < limit {
            outcome.results += 1;
            true
        } else {
            false
        }
    };
    match (results, serial) {
        (QueryResults::Boolean(b), Some(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
            end_line(out, f)?;
            outcome.results = 1;
        }
        (QueryResults::Boolean(b), None) => {
            writeln!(out, "{b}")?;
            outcome.results = 1;
        }
        (QueryResults::Solutions(solutions), Some(f)) => {
            let vars = solutions.variables().to_vec();
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut *out, vars)?;
            for s in solutions {
                let s = s.map_err(eval)?;
                if !bounded(&mut outcome) {
                    outcome.truncated = true;
                    break;
                }
                w.serialize(&s)?;
            }
            w.finish()?;
            end_line(out, f)?;
        }
        (QueryResults::Solutions(solutions), None) => {
            let vars: Vec<Variable> = solutions.variables().to_vec();
            let header: Vec<String> = vars.iter().map(|v| format!("?{}", v.as_str())).collect();
            let mut table = TableWriter::new(header);
            for s in solutions {
                let s = s.map_err(eval)?;
                if !bounded(&mut outcome) {
                    outcome.truncated = true;
                    break;
                }
                let row = vars
                    .iter()
                    .map(|v| s.get(v).map(cell).unwrap_or_default())
                    .collect();
                table.push(out, row)?;
            }
            table.finish(out)?;
        }
        (QueryResults::Graph(triples), _) => {
            for t in triples {
                let t = t.map_err(eval)?;
                if !bounded(&mut outcome) {
                    outcome.truncated = true;
                    break;
                }
                writeln!(out, "{t} .")?;
            }
        }
    }
    Ok(outcome)
}

/// JSON and XML results end without a newline; a terminal wants one.
fn end_line(out: &mut impl Write, format: QueryResultsFormat) -> std::io::Result<()> {
    if matches!(format, QueryResultsFormat::Json | QueryResultsFormat::Xml) {
        writeln!(out)?;
    }
    Ok(())
}

/// A term as a table cell: IRIs, plain strings, numbers and booleans bare, other
/// literals in N-Triples form; newlines and tabs escaped so each row stays one line.
fn cell(term: &Term) -> String {
    let text = match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) if l.datatype() == oxrdf::vocab::xsd::STRING => l.value().to_owned(),
        Term::Literal(l)
            if [xsd::INTEGER, xsd::DECIMAL, xsd::DOUBLE, xsd::BOOLEAN].contains(&l.datatype()) =>
        {
            l.value().to_owned()
        }
        t => t.to_string(),
    };
    text.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\t', "\\t")
        .replace('\r', "\\r")
}

/// An aligned text table written as rows come: the first [`TABLE_MEASURED_ROWS`]
/// rows are held to measure the columns, the rest are written at once.
struct TableWriter {
    header: Vec<String>,
    held: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
}

fn text_width(s: &str) -> usize {
    s.chars().count()
}

impl TableWriter {
    fn new(header: Vec<String>) -> Self {
        Self {
            header,
            held: Vec::new(),
            widths: None,
        }
    }

    fn push(&mut self, out: &mut impl Write, row: Vec<String>) -> std::io::Result<()> {
        match &self.widths {
            Some(widths) => write_row(out, widths, &row),
            None => {
                self.held.push(row);
                if self.held.len() >= TABLE_MEASURED_ROWS {
                    self.flush_held(out)?;
                }
                Ok(())
            }
        }
    }

    /// Measures the held rows, writes the header, the rule and the held rows.
    fn flush_held(&mut self, out: &mut impl Write) -> std::io::Result<()> {
        let mut widths: Vec<usize> = self.header.iter().map(|h| text_width(h)).collect();
        for row in &self.held {
            for (w, c) in widths.iter_mut().zip(row) {
                *w = (*w).max(text_width(c));
            }
        }
        write_row(out, &widths, &self.header)?;
        let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
        writeln!(out, "{}", rule.join("-+-"))?;
        for row in std::mem::take(&mut self.held) {
            write_row(out, &widths, &row)?;
        }
        self.widths = Some(widths);
        Ok(())
    }

    fn finish(mut self, out: &mut impl Write) -> std::io::Result<()> {
        if self.widths.is_none() {
            self.flush_held(out)?;
        }
        Ok(())
    }
}

fn write_row(out: &mut impl Write, widths: &[usize], cells: &[String]) -> std::io::Result<()> {
    let mut text = String::new();
    for (i, (c, w)) in cells.iter().zip(widths).enumerate() {
        if i > 0 {
            text.push_str(" | ");
        }
        text.push_str(c);
        if i + 1 < cells.len() {
            text.extend(std::iter::repeat_n(' ', w.saturating_sub(text_width(c))));
        }
    }
    writeln!(out, "{text}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_aligned() {
        let store = load(
            "<http://e/a> <http://e/p> \"x\\ny\" . <http://e/bb> <http://e/p> 1 . <http://e/c> <http://e/p> \"2017\"^^<http://www.w3.org/2001/XMLSchema#gYear> .".as_bytes(),
            RdfFormat::Turtle,
        )
        .unwrap();
        let mut out = Vec::new();
        query(
            &store,
            "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s",
            ResultsFormat::Table,
            &mut out,
        )
        .unwrap();
        let text = String::from_utf8(out).unwrap();
        let year = "\"2017\"^^<http://www.w3.org/2001/XMLSchema#gYear>";
        let rule = format!("{}-+-{}", "-".repeat(11), "-".repeat(year.len()));
        assert_eq!(
            text,
            format!(
                "?s          | ?o\n{rule}\nhttp://e/a  | x\\ny\nhttp://e/bb | 1\nhttp://e/c  | {year}\n"
            )
        );
    }

    #[test]
    fn limit_stops_and_says_so() {
        let store = load(
            "<http://e/a> <http://e/p> 1, 2, 3 .".as_bytes(),
            RdfFormat::Turtle,
        )
        .unwrap();
        let mut out = Vec::new();
        let bounds = QueryBounds {
            limit: Some(2),
            cancellation: None,
        };
        let outcome = query_bounded(
            &store,
            "SELECT ?o WHERE { ?s ?p ?o }",
            ResultsFormat::Csv,
            &mut out,
            &bounds,
        )
        .unwrap();
        assert_eq!(
            outcome,
            QueryOutcome {
                results: 2,
                truncated: true
            }
        );
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 3);
    }

    #[test]
    fn a_cancelled_query_stops() {
        let store = load(
            "<http://e/a> <http://e/p> 1 .".as_bytes(),
            RdfFormat::Turtle,
        )
        .unwrap();
        let token = CancellationToken::new();
        token.cancel();
        let bounds = QueryBounds {
            limit: None,
            cancellation: Some(token),
        };
        let err = query_bounded(
            &store,
            "SELECT * WHERE { ?s ?p ?o }",
            ResultsFormat::Table,
            &mut Vec::new(),
            &bounds,
        )
        .unwrap_err();
        assert!(matches!(err, StoreError::Cancelled), "{err:?}");
    }

    #[test]
    fn bad_query_is_a_query_error() {
        let store = load("".as_bytes(), RdfFormat::Turtle).unwrap();
        let err = query(&store, "SELEC", ResultsFormat::Csv, &mut Vec::new()).unwrap_err();
        assert!(matches!(err, StoreError::Query(_)));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `store`.
    #[test]
    fn doc_store() -> Result<(), Box<dyn std::error::Error>> {
        let ttl = "<http://e/a> <http://e/knows> <http://e/b> .";
        let store = crate::store::load(ttl.as_bytes(), oxrdfio::RdfFormat::Turtle)?;
        let mut out = Vec::new();
        crate::query(
            &store,
            "SELECT ?o WHERE { ?s ?p ?o }",
            crate::ResultsFormat::Csv,
            &mut out,
        )?;
        assert_eq!(String::from_utf8(out)?, "o\r\nhttp://e/b\r\n");
        Ok(())
    }
}
