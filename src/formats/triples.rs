//! Reading facts from plain triples files, for graphs built without text analysis.
//!
//! Two formats, one fact per line (blank lines are skipped):
//!
//! * **TSV**: `subject<TAB>relation<TAB>object[<TAB>document[<TAB>sentence]]`. The
//!   sentence field is a 0-based index when it is a number, else the sentence's
//!   text. The object is a value when it reads as one ([`Literal::infer`]: quoted
//!   text, numbers, percentages, ISO dates), else an entity name.
//! * **JSONL**: one JSON object per line with the same fields (`subject`,
//!   `relation`, `object`, optional `document`, `sentence`), and optionally
//!   `subject_type` / `object_type` (an [`EntityType`] class name such as `Person`,
//!   or for the object a value kind: `string`, `integer`, `decimal`, `percent`,
//!   `date`, `year`, `year_month`), `relation_key`, `sentence_text`, `confidence`.
//!   Unknown fields are errors, so a misspelt field is not silently dropped.

use std::io::BufRead;

use serde::Deserialize;

use crate::graph::{
    CharSpan, EntityRef, EntityType, Fact, GraphError, KnowledgeGraph, Literal, LiteralKind,
    Object, Provenance, Relation,
};

/// A triples file that could not be read: the shared [`FormatError`] of every file reader
/// (public as `kg::TriplesError`).
pub use super::FormatError as TriplesError;
use super::{FormatError, ParseError};

/// A triples file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriplesFormat {
    /// Tab-separated values.
    Tsv,
    /// One JSON object per line.
    Jsonl,
}

impl TriplesFormat {
    /// The format of a file name: `.jsonl`, `.ndjson` and `.json` are JSONL, the rest TSV.
    #[must_use]
    pub fn from_name(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        if [".jsonl", ".ndjson", ".json"]
            .iter()
            .any(|e| lower.ends_with(e))
        {
            TriplesFormat::Jsonl
        } else {
            TriplesFormat::Tsv
        }
    }
}

impl KnowledgeGraph {
    /// Adds the facts of a triples file (TSV or JSONL, see the README's "Triples files");
    /// `file` names it in errors.
    ///
    /// ```
    /// use kg::{KnowledgeGraph, TriplesFormat};
    ///
    /// let tsv = "Maria Santos\twin\t2017 election\nSantos\tmeet\tKarl Lindqvist\n";
    /// let mut graph = KnowledgeGraph::new();
    /// graph.read_triples(tsv.as_bytes(), "facts.tsv", TriplesFormat::Tsv)?;
    /// assert_eq!(graph.fact_count(), 2);
    /// # Ok::<(), kg::TriplesError>(())
    /// ```
    ///
    /// # Errors
    /// On the first malformed line (naming `file:line`) or a read error; the facts of the
    /// lines before it have been added.
    pub fn read_triples(
        &mut self,
        reader: impl BufRead,
        file: &str,
        format: TriplesFormat,
    ) -> Result<(), TriplesError> {
        read(reader, file, format, self)
    }
}

/// Reads a triples file in `format` into `graph`.
///
/// # Errors
/// On the first malformed line (naming `file:line`) or a read error.
pub fn read(
    reader: impl BufRead,
    file: &str,
    format: TriplesFormat,
    graph: &mut KnowledgeGraph,
) -> Result<(), TriplesError> {
    match format {
        TriplesFormat::Tsv => read_tsv(reader, file, graph),
        TriplesFormat::Jsonl => read_jsonl(reader, file, graph),
    }
}

fn lines(
    reader: impl BufRead,
    file: &str,
    mut each: impl FnMut(&str) -> Result<Fact, String>,
    graph: &mut KnowledgeGraph,
) -> Result<(), TriplesError> {
    for (i, line) in reader.lines().enumerate() {
        let line = line.map_err(|source| FormatError::io(file, source))?;
        let line = line.strip_suffix('\r').unwrap_or(&line);
        if line.trim().is_empty() {
            continue;
        }
        let fact = each(line).map_err(|message| ParseError::new(file, i + 1, message))?;
        graph.add_fact(fact);
    }
    Ok(())
}

fn named(field: &str, r: Result<EntityRef, GraphError>) -> Result<EntityRef, String> {
    r.map_err(|e| format!("{field}: {e}"))
}

fn sentence_field(p: &mut Provenance, field: &str) {
    match field.trim().parse::<u32>() {
        Ok(n) => p.sentence = Some(n),
        Err(_) if !field.trim().is_empty() => p.sentence_text = Some(field.to_owned()),
        Err(_) => {}
    }
}

/// Reads TSV (see the [module docs](self)).
///
/// # Errors
/// On the first malformed line (naming `file:line`) or a read error.
pub fn read_tsv(
    reader: impl BufRead,
    file: &str,
    graph: &mut KnowledgeGraph,
) -> Result<(), TriplesError> {
    lines(
        reader,
        file,
        |line| {
            let fields: Vec<&str> = line.split('\t').collect();
            if !(3..=5).contains(&fields.len()) {
                return Err(format!(
                    "expected 3 to 5 tab-separated fields (subject, relation, object[, document[, sentence]]), found {}",
                    fields.len()
                ));
            }
            let subject = named("subject", EntityRef::new(fields[0]))?;
            let relation = Relation::new(fields[1]).map_err(|e| format!("relation: {e}"))?;
            let object = match Literal::infer(fields[2]) {
                Some(l) => Object::Literal(l),
                None => Object::Entity(named("object", EntityRef::new(fields[2]))?),
            };
            let mut p = Provenance::default();
            if let Some(d) = fields.get(3).filter(|d| !d.trim().is_empty()) {
                p.document = Some((*d).to_owned());
            }
            if let Some(s) = fields.get(4) {
                sentence_field(&mut p, s);
            }
            Ok(Fact::new(subject, relation, object).with_provenance(p))
        },
        graph,
    )
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Scalar {
    Text(String),
    Number(serde_json::Number),
}

impl Scalar {
    fn text(&self) -> String {
        match self {
            Scalar::Text(t) => t.clone(),
            Scalar::Number(n) => n.to_string(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonFact {
    subject: String,
    relation: String,
    object: Scalar,
    #[serde(default)]
    document: Option<String>,
    #[serde(default)]
    sentence: Option<Scalar>,
    #[serde(default)]
    sentence_text: Option<String>,
    #[serde(default)]
    subject_type: Option<String>,
    #[serde(default)]
    object_type: Option<String>,
    #[serde(default)]
    relation_key: Option<String>,
    #[serde(default)]
    confidence: Option<f64>,
    #[serde(default)]
    sentence_span: Option<[u32; 2]>,
    #[serde(default)]
    subject_span: Option<[u32; 2]>,
    #[serde(default)]
    relation_span: Option<[u32; 2]>,
    #[serde(default)]
    object_span: Option<[u32; 2]>,
}

fn span(field: &str, s: Option<[u32; 2]>) -> Result<Option<CharSpan>, String> {
    match s {
        None => Ok(None),
        Some([b, e]) => CharSpan::new(b, e)
            .map(Some)
            .ok_or_else(|| format!("{field}: end {e} is before begin {b}")),
    }
}

fn entity_type(name: &str) -> Result<EntityType, String> {
    EntityType::ALL
        .into_iter()
        .find(|t| {
            t.class_name().eq_ignore_ascii_case(name) || format!("{t:?}").eq_ignore_ascii_case(name)
        })
        .ok_or_else(|| format!("unknown entity type {name:?}"))
}

fn literal_kind(name: &str) -> Option<LiteralKind> {
    Some(match name.to_ascii_lowercase().as_str() {
        "string" => LiteralKind::String,
        "integer" => LiteralKind::Integer,
        "decimal" => LiteralKind::Decimal,
        "percent" => LiteralKind::Percent,
        "date" => LiteralKind::Date,
        "year" => LiteralKind::Year,
        "year_month" => LiteralKind::YearMonth,
        "money" => LiteralKind::Money,
        _ => return None,
    })
}

/// Reads JSONL (see the [module docs](self)).
///
/// # Errors
/// On the first malformed line (naming `file:line`) or a read error.
pub fn read_jsonl(
    reader: impl BufRead,
    file: &str,
    graph: &mut KnowledgeGraph,
) -> Result<(), TriplesError> {
    lines(
        reader,
        file,
        |line| {
            let j: JsonFact = serde_json::from_str(line).map_err(|e| e.to_string())?;
            let mut subject = named("subject", EntityRef::new(&j.subject))?;
            if let Some(t) = &j.subject_type {
                subject = subject.with_type(entity_type(t)?);
            }
            let relation = match &j.relation_key {
                Some(k) => Relation::with_key(k, &j.relation),
                None => Relation::new(&j.relation),
            }
            .map_err(|e| format!("relation: {e}"))?;
            let text = j.object.text();
            let object = match (
                j.object_type.as_deref().map(|t| (t, literal_kind(t))),
                &j.object,
            ) {
                (Some((_, Some(kind))), _) => {
                    Object::Literal(Literal::new(kind, &text).map_err(|e| format!("object: {e}"))?)
                }
                (Some((t, None)), _) => Object::Entity(
                    named("object", EntityRef::new(&text))?.with_type(entity_type(t)?),
                ),
                (None, Scalar::Number(_)) => Object::Literal(
                    Literal::infer(&text).ok_or_else(|| format!("object: bad number {text}"))?,
                ),
                (None, Scalar::Text(_)) => match Literal::infer(&text) {
                    Some(l) => Object::Literal(l),
                    None => Object::Entity(named("object", EntityRef::new(&text))?),
                },
            };
            let mut p = Provenance {
                document: j.document,
                sentence_text: j.sentence_text,
                sentence_span: span("sentence_span", j.sentence_span)?,
                subject_span: span("subject_span", j.subject_span)?,
                relation_span: span("relation_span", j.relation_span)?,
                object_span: span("object_span", j.object_span)?,
                ..Provenance::default()
            };
            if let Some(s) = &j.sentence {
                sentence_field(&mut p, &s.text());
            }
            if let Some(c) = j.confidence {
                if !(0.0..=1.0).contains(&c) {
                    return Err(format!("confidence {c} is not in [0, 1]"));
                }
                p.confidence = Some(c);
            }
            Ok(Fact::new(subject, relation, object).with_provenance(p))
        },
        graph,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(tsv: &str) -> String {
        let mut g = KnowledgeGraph::new();
        read_tsv(tsv.as_bytes(), "f.tsv", &mut g)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn tsv_errors_name_file_and_line() {
        assert!(err("a\tb\tc\n\nx\ty\n").starts_with("f.tsv:3: expected 3 to 5"));
        assert!(err("a\tb\tc\td\te\tf").starts_with("f.tsv:1:"));
        assert!(err(" \tb\tc").contains("subject: empty entity name"));
        assert!(err("a\t!!\tc").contains("relation"));
    }

    #[test]
    fn jsonl_reads_types_values_and_provenance() {
        let mut g = KnowledgeGraph::new();
        let text = r#"{"subject":"Ann","subject_type":"Person","relation":"won","object":66.1,"object_type":"percent","document":"d","sentence":3,"confidence":0.9}
{"subject":"Ann","relation":"visits","object":"Moscow","object_type":"Place"}"#;
        read_jsonl(text.as_bytes(), "f.jsonl", &mut g).unwrap();
        assert_eq!(g.entity("ann").unwrap().kind(), EntityType::Person);
        assert_eq!(g.entity("moscow").unwrap().kind(), EntityType::Place);
        let f = g.facts().next().unwrap();
        assert_eq!(f.provenance[0].sentence, Some(3));
        assert_eq!(f.confidence(), Some(0.9));
        let mut g = KnowledgeGraph::new();
        let e = read_jsonl(
            r#"{"subject":"a","relation":"b","objet":"c"}"#.as_bytes(),
            "x.jsonl",
            &mut g,
        )
        .unwrap_err()
        .to_string();
        assert!(e.starts_with("x.jsonl:1:"), "{e}");
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `formats::triples`.
    #[test]
    fn doc_triples() -> Result<(), Box<dyn std::error::Error>> {
        let tsv = "Ann\tknows\tBob\tdoc1\t0\nAnn\twins\t66.1%\n";
        let mut g = crate::KnowledgeGraph::new();
        crate::formats::triples::read_tsv(tsv.as_bytes(), "inline.tsv", &mut g)?;
        assert_eq!(g.fact_count(), 2);
        Ok(())
    }
}
