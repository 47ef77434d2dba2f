//! Facts as JSON records: what `kg extract -f jsonl` and `kg extract --jsonl` write, and what
//! the Python package's `kg.extract` reads, so every front end gives the same fields.

use crate::document::{CharOffsets, Document};

use super::Extraction;

/// A fact with the character offsets `[start, end)` into its document's text of its parts:
/// one line of `kg extract -f jsonl`.
///
/// ```
/// use kg::{Document, Extractor, Pipeline};
///
/// let pipeline = Pipeline::embedded()?;
/// let mut doc = Document::new("doc1", "Lindqvist congratulated Santos.");
/// pipeline.analyze(&mut doc);
/// let facts = Extractor::new().extract(&doc);
/// let records = kg::fact_records(&doc, &facts);
/// let json = serde_json::to_value(&records[0]).unwrap();
/// assert_eq!(json["subject"]["text"], "Lindqvist");
/// assert_eq!(json["subject_chars"], serde_json::json!([0, 9]));
/// # Ok::<(), kg::ModelError>(())
/// ```
#[derive(Debug, serde::Serialize)]
pub struct FactRecord<'a> {
    document: &'a str,
    #[serde(flatten)]
    fact: &'a Extraction,
    subject_chars: Option<(usize, usize)>,
    object_chars: Option<(usize, usize)>,
    relation_chars: Option<(usize, usize)>,
    extra_chars: Vec<Option<(usize, usize)>>,
}

impl<'a> FactRecord<'a> {
    /// `f` of `doc` with the character offsets of its parts (`chars` indexes `doc.text`).
    fn new(doc: &'a Document, chars: &CharOffsets, f: &'a Extraction) -> Self {
        let offsets = |toks: &[u32]| {
            f.byte_span(doc, toks).map(|s| {
                (
                    chars.char_offset(s.start as usize),
                    chars.char_offset(s.end as usize),
                )
            })
        };
        FactRecord {
            document: &doc.id,
            fact: f,
            subject_chars: offsets(&f.subject.tokens),
            object_chars: f.object.as_ref().and_then(|o| offsets(&o.tokens)),
            relation_chars: offsets(&f.relation.tokens),
            extra_chars: f.extra.iter().map(|e| offsets(&e.tokens)).collect(),
        }
    }

    /// The fact.
    #[must_use]
    pub fn fact(&self) -> &Extraction {
        self.fact
    }
}

/// The records of `facts`, extracted from `doc`, in order.
#[must_use]
pub fn fact_records<'a>(doc: &'a Document, facts: &'a [Extraction]) -> Vec<FactRecord<'a>> {
    let chars = CharOffsets::new(&doc.text);
    facts
        .iter()
        .map(|f| FactRecord::new(doc, &chars, f))
        .collect()
}

/// One analysed document's facts: one line of `kg extract --jsonl`,
/// `{"id": …, "date": …, "sentences": N, "tokens": N, "facts": […]}`.
///
/// ```
/// use kg::{Document, DocumentRecord, Extractor, Pipeline};
///
/// let pipeline = Pipeline::embedded()?;
/// let mut doc = Document::new("d1", "Karl Lindqvist founded Nordlys Energy.");
/// pipeline.analyze(&mut doc);
/// let facts = Extractor::new().extract(&doc);
/// let line = serde_json::to_string(&DocumentRecord::new(&doc, &facts)).unwrap();
/// assert!(line.starts_with(r#"{"id":"d1","date":null,"sentences":1,"tokens":6,"facts":[{"#));
/// # Ok::<(), kg::ModelError>(())
/// ```
#[derive(Debug, serde::Serialize)]
pub struct DocumentRecord<'a> {
    id: &'a str,
    date: Option<&'a str>,
    sentences: usize,
    tokens: usize,
    facts: Vec<FactRecord<'a>>,
}

impl<'a> DocumentRecord<'a> {
    /// The record of `doc` (analysed) and `facts`, its extractions.
    #[must_use]
    pub fn new(doc: &'a Document, facts: &'a [Extraction]) -> Self {
        DocumentRecord {
            id: &doc.id,
            date: doc.date.as_deref(),
            sentences: doc.sentences.len(),
            tokens: doc.tokens.len(),
            facts: fact_records(doc, facts),
        }
    }
}
