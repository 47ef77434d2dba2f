//! Facts in a user's ontology's terms (`kg build --ontology … --mapper …`): the trained
//! ontology mapper (`crate::mapper`) runs on each sentence of each analysed document, and each
//! triple it finds becomes a graph fact whose relation stands for one ontology property
//! ([`property_relation`]; the RDF export writes it with the property's IRI).
//!
//! Subjects are entities named as the sentence writes them (a leading article dropped, as for
//! kg's own facts, so that they are the same entity IRIs); an object is a value when the
//! recognizer read its span as one (a date, a number, an amount: a typed literal in ISO
//! form), else an entity. The property's declaration decides what its objects may be: a
//! datatype property (or one whose every range is a datatype) takes only literals (a name
//! becomes a plain string), a property whose range is declared with classes only takes only
//! entities (a value there is dropped). Each fact has the provenance of kg's own facts:
//! document, sentence, its text and span, and the subject's and object's mentions.

use crate::document::{CharOffsets, Document, EntityKind};
use crate::formats::ontology::{Ontology, OntologyProperty, PropertyKind};
use crate::graph::{
    CharSpan, EntityRef, EntityType, Fact, Literal, LiteralKind, Object, Provenance, Relation,
};
use crate::mapper::{Analysed, Mapper};

/// The relation that stands for property `index` of an ontology in the graph: a key no text
/// gives (`kg_ontology_property_3`) and the property's label.
pub(crate) fn property_relation(index: usize, property: &OntologyProperty) -> Relation {
    let key = format!("kg ontology property {index}");
    Relation::with_key(&key, &property.label)
        .or_else(|_| Relation::with_key(&key, &key))
        .unwrap_or_else(|_| unreachable!("the key has letters"))
}

/// What a property's objects may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Objects {
    Literals,
    Entities,
    Either,
}

/// Whether an IRI names a datatype rather than a class (XML Schema's, `rdfs:Literal`,
/// `rdf:langString`).
pub(crate) fn is_datatype(iri: &str) -> bool {
    iri.starts_with("http://www.w3.org/2001/XMLSchema#")
        || iri == "http://www.w3.org/2000/01/rdf-schema#Literal"
        || iri == "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
}

fn objects_of(p: &OntologyProperty) -> Objects {
    let datatypes = p.range.iter().filter(|r| is_datatype(r)).count();
    match p.kind {
        PropertyKind::Datatype => Objects::Literals,
        PropertyKind::Object => Objects::Entities,
        PropertyKind::Unspecified if p.range.is_empty() => Objects::Either,
        PropertyKind::Unspecified if datatypes == p.range.len() => Objects::Literals,
        PropertyKind::Unspecified if datatypes == 0 => Objects::Entities,
        PropertyKind::Unspecified => Objects::Either,
    }
}

/// A trained mapper with what the build needs of its ontology.
pub(crate) struct OntologyMapper {
    mapper: Mapper,
    relations: Vec<Relation>,
    objects: Vec<Objects>,
}

impl std::fmt::Debug for OntologyMapper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OntologyMapper")
            .field("relations", &self.relations)
            .finish_non_exhaustive()
    }
}

impl OntologyMapper {
    /// `mapper`, trained for `ontology` (checked by the caller).
    pub fn new(mapper: Mapper, ontology: &Ontology) -> Self {
        Self {
            mapper,
            relations: ontology
                .properties
                .iter()
                .enumerate()
                .map(|(i, p)| property_relation(i, p))
                .collect(),
            objects: ontology.properties.iter().map(objects_of).collect(),
        }
    }

    /// The mapped facts of every sentence of an analysed `doc`, in sentence order.
    pub fn facts(&self, doc: &Document) -> Vec<Fact> {
        let chars = CharOffsets::new(&doc.text);
        let char_span = |start: u32, end: u32| {
            CharSpan::new(
                chars.char_offset(start as usize) as u32,
                chars.char_offset(end as usize) as u32,
            )
        };
        let mut out = Vec::new();
        for (index, sentence) in doc.sentences.iter().enumerate() {
            let Some(a) = Analysed::of_sentence(doc, index) else {
                continue;
            };
            let one = a.document();
            let shift = sentence.span.start;
            // The character span in `doc` of tokens `start..end` of the sentence.
            let span_of = |(start, end): (usize, usize)| {
                let (first, last) = (one.tokens.get(start)?, one.tokens.get(end.checked_sub(1)?)?);
                char_span(first.span.start + shift, last.span.end + shift)
            };
            for m in self.mapper.map(&a) {
                let Some(subject) = entity(one, m.sub_tokens, &m.sub) else {
                    continue;
                };
                // A subject is a thing, never a value.
                if value(one, m.sub_tokens, "").is_some() {
                    continue;
                }
                let object = match (self.objects[m.rel], value(one, m.obj_tokens, m.obj_kind)) {
                    (Objects::Entities, Some(_)) => continue,
                    (_, Some(v)) => Object::Literal(v),
                    (Objects::Literals, None) => {
                        Object::Literal(Literal::string(&text_of(one, m.obj_tokens)))
                    }
                    (_, None) => match entity(one, m.obj_tokens, &m.obj) {
                        Some(e) => Object::Entity(e),
                        None => continue,
                    },
                };
                let provenance = Provenance {
                    document: Some(doc.id.clone()),
                    sentence: Some(index as u32),
                    sentence_text: Some(doc.sentence_text(sentence).to_owned()),
                    sentence_span: char_span(sentence.span.start, sentence.span.end),
                    subject_span: span_of(m.sub_tokens),
                    object_span: span_of(m.obj_tokens),
                    ..Provenance::default()
                };
                out.push(
                    Fact::new(subject, self.relations[m.rel].clone(), object)
                        .with_provenance(provenance),
                );
            }
        }
        out
    }
}

/// The text of tokens `start..end` of a one-sentence document.
fn text_of(one: &Document, (start, end): (usize, usize)) -> String {
    match (one.tokens.get(start), end.checked_sub(1).and_then(|e| one.tokens.get(e))) {
        (Some(a), Some(b)) => one
            .text
            .get(a.span.start as usize..b.span.end as usize)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

/// The recognizer's mention of exactly tokens `start..end` of a one-sentence document.
fn mention_of(one: &Document, (start, end): (usize, usize)) -> Option<&crate::document::Mention> {
    one.sentences.first()?.entities.iter().find(|m| {
        m.tokens.start as usize == start && m.tokens.end as usize == end
    })
}

/// The entity a span names, as kg names entities: its text without a leading article, typed
/// by the recognizer's mention of the span when there is one.
fn entity(one: &Document, span: (usize, usize), text: &str) -> Option<EntityRef> {
    let name = super::node::strip_article(text);
    let e = EntityRef::new(name).ok()?;
    Some(
        match mention_of(one, span).and_then(|m| EntityType::from_kind(m.kind)) {
            Some(kind) => e.with_type(kind),
            None => e,
        },
    )
}

/// The value a span is, when it is one: a value mention of the recognizer (a date, a number,
/// an amount, a percentage, as its ISO value) or a year the mapper read as a date.
fn value(one: &Document, span: (usize, usize), kind: &str) -> Option<Literal> {
    if let Some(m) = mention_of(one, span) {
        let kinds: &[LiteralKind] = match m.kind {
            EntityKind::Date => &[LiteralKind::Date, LiteralKind::YearMonth, LiteralKind::Year],
            EntityKind::Cardinal | EntityKind::Quantity => {
                &[LiteralKind::Integer, LiteralKind::Decimal]
            }
            EntityKind::Percent => &[LiteralKind::Percent],
            EntityKind::Money => &[LiteralKind::Money],
            _ => return None,
        };
        let v = m.normalized.as_deref()?;
        return kinds.iter().find_map(|&k| Literal::new(k, v).ok());
    }
    if kind == "DATE" && span.1 == span.0 + 1 {
        return Literal::new(LiteralKind::Year, &one.tokens.get(span.0)?.form).ok();
    }
    None
}
