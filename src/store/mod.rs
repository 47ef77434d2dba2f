//! Graphs in a triple store: SPARQL over an in-memory Oxigraph store.
//!
//! [`load`] parses any RDF kg reads into a fresh [`Store`]; [`query`] runs a SPARQL
//! query on it and writes the results as an aligned text table or in a SPARQL
//! results format (CSV, TSV, JSON, XML).

#[cfg(feature = "store")]
pub mod push;
pub mod validate;

use std::io::{Read, Write};

use oxigraph::io::RdfParser;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
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
    /// The query does not parse.
    #[error("SPARQL syntax error: {0}")]
    Query(String),
    /// The store or the evaluation failed.
    #[error("{0}")]
    Evaluation(String),
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
    let results = SparqlEvaluator::new()
        .parse_query(sparql)
        .map_err(|e| StoreError::Query(e.to_string()))?
        .on_store(store)
        .execute()
        .map_err(|e| StoreError::Evaluation(e.to_string()))?;
    let serial = match format {
        ResultsFormat::Table => None,
        ResultsFormat::Csv => Some(QueryResultsFormat::Csv),
        ResultsFormat::Tsv => Some(QueryResultsFormat::Tsv),
        ResultsFormat::Json => Some(QueryResultsFormat::Json),
        ResultsFormat::Xml => Some(QueryResultsFormat::Xml),
    };
    let eval = |e: oxigraph::sparql::QueryEvaluationError| StoreError::Evaluation(e.to_string());
    match (results, serial) {
        (QueryResults::Boolean(b), Some(f)) => {
            QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, b)?;
            end_line(out, f)?;
        }
        (QueryResults::Boolean(b), None) => writeln!(out, "{b}")?,
        (QueryResults::Solutions(solutions), Some(f)) => {
            let vars = solutions.variables().to_vec();
            let mut w = QueryResultsSerializer::from_format(f)
                .serialize_solutions_to_writer(&mut *out, vars)?;
            for s in solutions {
                w.serialize(&s.map_err(eval)?)?;
            }
            w.finish()?;
            end_line(out, f)?;
        }
        (QueryResults::Solutions(solutions), None) => {
            let vars: Vec<Variable> = solutions.variables().to_vec();
            let mut rows: Vec<Vec<String>> = Vec::new();
            for s in solutions {
                let s = s.map_err(eval)?;
                rows.push(
                    vars.iter()
                        .map(|v| s.get(v).map(cell).unwrap_or_default())
                        .collect(),
                );
            }
            let header: Vec<String> = vars.iter().map(|v| format!("?{}", v.as_str())).collect();
            write_table(out, &header, &rows)?;
        }
        (QueryResults::Graph(triples), _) => {
            for t in triples {
                writeln!(out, "{} .", t.map_err(eval)?)?;
            }
        }
    }
    Ok(())
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

fn write_table(
    out: &mut impl Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let width = |s: &str| s.chars().count();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for row in rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(width(c));
        }
    }
    let line = |out: &mut dyn Write, cells: &[String]| -> std::io::Result<()> {
        let mut text = String::new();
        for (i, (c, w)) in cells.iter().zip(&widths).enumerate() {
            if i > 0 {
                text.push_str(" | ");
            }
            text.push_str(c);
            if i + 1 < cells.len() {
                text.extend(std::iter::repeat_n(' ', w - width(c)));
            }
        }
        writeln!(out, "{text}")
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("-+-"))?;
    for row in rows {
        line(out, row)?;
    }
    Ok(())
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
