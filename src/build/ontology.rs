//! Facts in a user's ontology's terms (`kg build --ontology … --mapper …`): the trained
//! ontology mapper (`crate::mapper`) runs on each sentence of each analysed document, and each
//! triple it finds becomes a graph fact whose relation stands for one ontology property
//! ([`property_relation`]; the RDF export writes it with the property's IRI).
//!
//! Subjects are names (a proper noun or a name the recognizer found; never a value or a bare
//! common noun) written as the sentence writes them, a leading article dropped as for kg's own
//! facts, so that they are the same entity IRIs; an object is a value when the
//! recognizer read its span as one (a date, a number, an amount: a typed literal in ISO
//! form), else an entity. The property's declaration decides what its objects may be: a
//! datatype property (or one whose every range is a datatype) takes only literals (a name
//! becomes a plain string), a property whose range is declared with classes only takes only
//! entities (a value there is dropped). Domain and range are checked against kg's entity
//! types: a class stands for a kg type when its label's head word (or a superclass's) names
//! one (the GUM noun table: "human" and "person" a person, "film production company" an
//! organization, "city" a place), and a triple whose subject or object the recognizer typed
//! otherwise is dropped; an untyped entity, or a class that stands for no kg type, is not
//! checked. Each fact has the provenance of kg's own facts:
//! document, sentence, its text and span, and the subject's and object's mentions.

use crate::document::{CharOffsets, Document, EntityKind};
use crate::formats::ontology::{Ontology, OntologyProperty, PropertyKind};
use crate::graph::{
    CharSpan, EntityRef, EntityType, Fact, Literal, LiteralKind, Object, Provenance, Relation,
};
use crate::mapper::{Analysed, Mapper};
use crate::nlp::noun_types::NounTypes;

/// The relation that stands for property `index` of an ontology in the graph: the key
/// `kg_ontology_property_3` (which kg's extraction would give only for the relation phrase
/// "kg ontology property 3") and the property's label.
pub(crate) fn property_relation(index: usize, property: &OntologyProperty) -> Relation {
    let key = format!("kg ontology property {index}");
    Relation::with_key(&key, &property.label)
        .or_else(|_| Relation::with_key(&key, &key))
        .unwrap_or_else(|_| unreachable!("the key has letters"))
}

/// Whether a relation key is one [`property_relation`] makes.
pub(crate) fn is_property_key(key: &str) -> bool {
    key.strip_prefix("kg_ontology_property_")
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
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

/// The kg entity type a class of `ontology` stands for, if any: its label's last word read
/// as a noun by the GUM noun table ([`NounTypes`]: "human" a person, "film production
/// company" an organisation, "city" a place), else its superclasses', nearest first (at
/// most eight levels up).
fn kg_type_of_class(ontology: &Ontology, iri: &str) -> Option<EntityType> {
    let mut level = vec![iri.to_owned()];
    for _ in 0..8 {
        let mut next = Vec::new();
        for iri in &level {
            let class = ontology.classes.iter().find(|c| &c.iri == iri);
            let label = class.map_or_else(|| local_name(iri), |c| c.label.clone());
            let head = label
                .split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
                .unwrap_or_default()
                .to_lowercase();
            // Persons, organisations and places only: the classes whose names kg's
            // recognizer types well enough to refuse a triple on.
            let noun = NounTypes::embedded().class_of(&head);
            if let Some(t) = noun.and_then(super::node::type_of_class).filter(|t| {
                matches!(
                    t,
                    EntityType::Person | EntityType::Organization | EntityType::Place
                )
            }) {
                return Some(t);
            }
            next.extend(
                class
                    .into_iter()
                    .flat_map(|c| c.superclasses.iter().cloned()),
            );
        }
        if next.is_empty() {
            break;
        }
        level = next;
    }
    None
}

/// The last segment of an IRI (after `#` or `/`), camel case split into words.
fn local_name(iri: &str) -> String {
    let name = iri.rsplit(['#', '/']).next().unwrap_or(iri);
    let mut out = String::new();
    for c in name.chars() {
        if c.is_uppercase() && !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// The kg types a property's domain or range classes stand for; empty when any class stands
/// for none (then nothing is checked: only a contradiction is refused).
fn kg_types(ontology: &Ontology, classes: &[String]) -> Vec<EntityType> {
    let types: Option<Vec<EntityType>> = classes
        .iter()
        .filter(|c| !is_datatype(c))
        .map(|c| kg_type_of_class(ontology, c))
        .collect();
    types.unwrap_or_default()
}

/// Whether an entity of type `kind` (if known) may be of one of `types` (if any).
fn fits(kind: Option<EntityType>, types: &[EntityType]) -> bool {
    match kind {
        Some(k) if !types.is_empty() => types.contains(&k),
        _ => true,
    }
}

/// A trained mapper with what the build needs of its ontology.
pub(crate) struct OntologyMapper {
    mapper: Mapper,
    relations: Vec<Relation>,
    objects: Vec<Objects>,
    /// For each property, the kg types its domain's classes stand for (empty: unchecked).
    domain: Vec<Vec<EntityType>>,
    /// The same for its range.
    range: Vec<Vec<EntityType>>,
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
            domain: ontology
                .properties
                .iter()
                .map(|p| kg_types(ontology, &p.domain))
                .collect(),
            range: ontology
                .properties
                .iter()
                .map(|p| kg_types(ontology, &p.range))
                .collect(),
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
                // A subject is a name (never a value, nor a common noun, which kg's own
                // facts keep as a thing of its document), of a type the domain allows.
                if value(one, m.sub_tokens, "").is_some() || !is_name(one, m.sub_tokens) {
                    continue;
                }
                let Some(subject) = entity(one, m.sub_tokens, &m.sub) else {
                    continue;
                };
                if !fits(subject.kind(), &self.domain[m.rel]) {
                    continue;
                }
                let object = match (self.objects[m.rel], value(one, m.obj_tokens, m.obj_kind)) {
                    (Objects::Entities, Some(_)) => continue,
                    (_, Some(v)) => Object::Literal(v),
                    (Objects::Literals, None) => {
                        Object::Literal(Literal::string(&text_of(one, m.obj_tokens)))
                    }
                    (_, None) => match entity(one, m.obj_tokens, &m.obj) {
                        Some(e) if fits(e.kind(), &self.range[m.rel]) => Object::Entity(e),
                        _ => continue,
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
    match (
        one.tokens.get(start),
        end.checked_sub(1).and_then(|e| one.tokens.get(e)),
    ) {
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
    one.sentences
        .first()?
        .entities
        .iter()
        .find(|m| m.tokens.start as usize == start && m.tokens.end as usize == end)
}

/// Whether tokens `start..end` are a name: a proper noun in them, or the recognizer's name
/// mention of exactly them.
fn is_name(one: &Document, span: (usize, usize)) -> bool {
    one.tokens
        .get(span.0..span.1)
        .is_some_and(|ts| ts.iter().any(|t| t.upos == crate::document::Upos::Propn))
        || mention_of(one, span).is_some_and(|m| EntityType::from_kind(m.kind).is_some())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_stand_for_kg_types_by_their_head_word_or_a_superclass() {
        let ttl = r#"
            @prefix ex: <http://example.org/o#> .
            @prefix owl: <http://www.w3.org/2002/07/owl#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            ex:Studio a owl:Class ; rdfs:label "film production company" .
            ex:Human a owl:Class ; rdfs:label "human" .
            ex:Capital a owl:Class ; rdfs:label "capital" ; rdfs:subClassOf ex:City .
            ex:City a owl:Class .
            ex:Film a owl:Class ; rdfs:label "film" .
            ex:madeBy a owl:ObjectProperty ; rdfs:domain ex:Film ; rdfs:range ex:Studio .
            ex:year a owl:DatatypeProperty ; rdfs:range <http://www.w3.org/2001/XMLSchema#gYear> .
        "#;
        let o =
            Ontology::from_rdf(ttl.as_bytes(), oxrdfio::RdfFormat::Turtle, "o", "o.ttl").unwrap();
        let t = |local: &str| kg_type_of_class(&o, &format!("http://example.org/o#{local}"));
        assert_eq!(t("Studio"), Some(EntityType::Organization));
        assert_eq!(t("Human"), Some(EntityType::Person));
        assert_eq!(t("Capital"), Some(EntityType::Place));
        assert_eq!(t("City"), Some(EntityType::Place)); // by its local name
        assert_eq!(t("Film"), None);
        let made_by = o
            .properties
            .iter()
            .find(|p| p.iri.ends_with("madeBy"))
            .unwrap();
        assert_eq!(objects_of(made_by), Objects::Entities);
        // The domain stands for no kg type: nothing is checked there.
        assert!(kg_types(&o, &made_by.domain).is_empty());
        assert!(fits(
            Some(EntityType::Person),
            &kg_types(&o, &made_by.domain)
        ));
        assert!(!fits(
            Some(EntityType::Person),
            &kg_types(&o, &made_by.range)
        ));
        assert!(fits(None, &kg_types(&o, &made_by.range)));
        let year = o
            .properties
            .iter()
            .find(|p| p.iri.ends_with("year"))
            .unwrap();
        assert_eq!(objects_of(year), Objects::Literals);
        assert!(is_property_key(property_relation(7, year).key()));
        assert!(!is_property_key("kg_ontology_property_"));
    }
}
