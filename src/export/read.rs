//! Reading RDF back into a [`KnowledgeGraph`], so a stored graph can be converted or
//! redrawn.
//!
//! kg's own output is read exactly: relations are the properties with a
//! `kg:relationKey`, entities keep their label, type and aliases, and support and
//! provenance come back from fact nodes (`reification`, `rdf12`) or named graphs
//! (`graphs`); writing the result again with the same options gives the same RDF.
//! Other RDF is read as well as it can be: when no relation is declared, every
//! triple whose predicate is outside the RDF, RDFS, OWL, SKOS, PROV, NIF and kg
//! vocabularies is a fact, named after the predicate's local name, and entities are
//! named by `rdfs:label` or their IRI's last segment.

use std::collections::HashMap;

use oxrdf::vocab::{rdf, rdfs};
use oxrdf::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

use super::rdf::literal_value;
use super::vocab::{self, kg, nif, prov, skos};
use crate::graph::{
    Attribution, CharSpan, EntityRef, EntityType, KnowledgeGraph, Object, Provenance, Relation,
};

type Subject = NamedOrBlankNode;

/// Everything said about one subject, in input order.
#[derive(Default)]
struct Description {
    props: Vec<(NamedNode, Term, usize)>,
}

impl Description {
    fn one(&self, p: oxrdf::NamedNodeRef<'_>) -> Option<&Term> {
        self.props
            .iter()
            .find(|(q, _, _)| *q == p)
            .map(|(_, o, _)| o)
    }

    fn all<'a>(&'a self, p: oxrdf::NamedNodeRef<'a>) -> impl Iterator<Item = &'a Term> + 'a {
        self.props
            .iter()
            .filter(move |(q, _, _)| *q == p)
            .map(|(_, o, _)| o)
    }
}

fn text(t: Option<&Term>) -> Option<&str> {
    match t? {
        Term::Literal(l) => Some(l.value()),
        _ => None,
    }
}

fn number(t: Option<&Term>) -> Option<u64> {
    text(t)?.parse().ok()
}

/// The triple a node is a statement about: by RDF 1.2 `rdf:reifies`, or by
/// `rdf:subject`, `rdf:predicate` and `rdf:object` (reification).
fn statement_of(d: &Description) -> Option<(Subject, NamedNode, Term)> {
    match d.one(rdf::REIFIES) {
        Some(Term::Triple(t)) => Some((t.subject.clone(), t.predicate.clone(), t.object.clone())),
        _ => match (
            d.one(rdf::SUBJECT),
            d.one(rdf::PREDICATE),
            d.one(rdf::OBJECT),
        ) {
            (Some(s), Some(Term::NamedNode(p)), Some(o)) => {
                as_subject(s).map(|s| (s, p.clone(), o.clone()))
            }
            _ => None,
        },
    }
}

fn as_subject(t: &Term) -> Option<Subject> {
    match t {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        _ => None,
    }
}

fn is_vocabulary(p: &NamedNode) -> bool {
    [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2000/01/rdf-schema#",
        "http://www.w3.org/2002/07/owl#",
        "http://www.w3.org/2004/02/skos/core#",
        "http://www.w3.org/ns/prov#",
        nif::NS,
        kg::NS,
    ]
    .iter()
    .any(|ns| p.as_str().starts_with(ns))
}

/// The last path segment or fragment of an IRI, percent-decoded, `_` read as space.
/// The last segment of an IRI (after `/`, `#` or `:`), percent-decoded, `_` read
/// as a space: how a resource without a label is named.
#[must_use]
pub fn local_name(iri: &str) -> String {
    let tail = iri
        .rsplit(['/', '#', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri);
    let bytes = tail.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b'_', _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn entity_type(class: &Term) -> Option<EntityType> {
    let Term::NamedNode(c) = class else {
        return None;
    };
    let local = c
        .as_str()
        .strip_prefix(kg::NS)
        .or_else(|| c.as_str().strip_prefix("https://schema.org/"))
        .or_else(|| c.as_str().strip_prefix("http://schema.org/"))?;
    match local {
        "Entity" => Some(EntityType::Thing),
        // schema.org's names of the classes kg:Work and kg:Product are equivalent to.
        "CreativeWork" => Some(EntityType::Work),
        _ => EntityType::from_class_name(local),
    }
}

struct Reader {
    subjects: HashMap<Subject, Description>,
}

impl Reader {
    fn describe(&self, s: &Subject) -> Option<&Description> {
        self.subjects.get(s)
    }

    fn entity(&self, s: &Subject) -> Option<EntityRef> {
        let d = self.describe(s);
        let label = d.and_then(|d| text(d.one(rdfs::LABEL)));
        let name = match (label, s) {
            (Some(l), _) => l.to_owned(),
            (None, NamedOrBlankNode::NamedNode(n)) => local_name(n.as_str()),
            (None, NamedOrBlankNode::BlankNode(b)) => format!("_:{}", b.as_str()),
        };
        let e = EntityRef::new(&name)
            .or_else(|_| EntityRef::new(&s.to_string()))
            .ok()?;
        let kind = d.and_then(|d| d.all(rdf::TYPE).find_map(entity_type));
        let e = match kind {
            Some(k) => e.with_type(k),
            None => e,
        };
        // A described thing: its document and its concept class's label.
        let scope = d
            .and_then(|d| d.one(kg::DESCRIBED_IN))
            .and_then(|doc| self.document_id(doc));
        Some(match scope {
            Some(doc) => {
                let concept = d.and_then(|d| self.concept(d)).unwrap_or_default();
                e.described_in(&doc, &concept)
            }
            None => e,
        })
    }

    /// The label of the subject's concept class (a type declared `rdfs:subClassOf
    /// kg:Concept`).
    fn concept(&self, d: &Description) -> Option<String> {
        d.all(rdf::TYPE).find_map(|t| {
            let class = self.describe(&as_subject(t)?)?;
            let is_concept = class
                .all(rdfs::SUB_CLASS_OF)
                .any(|c| matches!(c, Term::NamedNode(n) if n.as_ref() == kg::CONCEPT));
            is_concept.then(|| text(class.one(rdfs::LABEL)).map(str::to_owned))?
        })
    }

    /// Whether the subject is an entity: typed with a class of kg's, or a described thing.
    fn is_entity(&self, d: &Description) -> bool {
        d.all(rdf::TYPE).any(|t| entity_type(t).is_some()) || d.one(kg::DESCRIBED_IN).is_some()
    }

    fn span(&self, t: Option<&Term>) -> Option<CharSpan> {
        let d = self.describe(&as_subject(t?)?)?;
        let b = u32::try_from(number(d.one(nif::BEGIN_INDEX))?).ok()?;
        let e = u32::try_from(number(d.one(nif::END_INDEX))?).ok()?;
        CharSpan::new(b, e)
    }

    fn document_id(&self, doc: &Term) -> Option<String> {
        let s = as_subject(doc)?;
        let d = self.describe(&s);
        match d.and_then(|d| text(d.one(kg::DOCUMENT_ID))) {
            Some(id) => Some(id.to_owned()),
            None => match s {
                NamedOrBlankNode::NamedNode(n) => Some(local_name(n.as_str())),
                NamedOrBlankNode::BlankNode(_) => None,
            },
        }
    }

    /// The attribution of an evidence node or a named graph (`kg:attributedTo`), its speaker
    /// named as the graph names it: by the entity's name, untyped.
    fn attribution(&self, d: &Description) -> Option<Attribution> {
        let speaker = self.entity(&as_subject(d.one(kg::ATTRIBUTED_TO)?)?)?;
        let mut untyped = EntityRef::new(speaker.name()).ok()?;
        if let Some(doc) = speaker.scope() {
            untyped = untyped.described_in(doc, speaker.concept().unwrap_or_default());
        }
        let speaker = untyped;
        let verb = text(d.one(kg::ATTRIBUTION_VERB)).unwrap_or_default();
        Some(Attribution::new(speaker, verb))
    }

    /// The sighting a named graph stands for: its document, or for a graph of reported
    /// speech (`kg:attributedTo`) the speaker and the document it derives from.
    fn graph_record(&self, g: &GraphName) -> Provenance {
        match g {
            GraphName::NamedNode(n) => {
                let t = Term::NamedNode(n.clone());
                let d = self.describe(&n.clone().into());
                let claim = d.map(|d| {
                    let mut p = Provenance {
                        attribution: self.attribution(d),
                        ..Provenance::default()
                    };
                    stance(d, &mut p);
                    (d, p)
                });
                match claim.filter(|(_, p)| !p.is_asserted()) {
                    Some((d, p)) => Provenance {
                        document: d
                            .one(prov::WAS_DERIVED_FROM)
                            .and_then(|doc| self.document_id(doc)),
                        ..p
                    },
                    None => self
                        .document_id(&t)
                        .map(|id| Provenance::document(&id))
                        .unwrap_or_default(),
                }
            }
            GraphName::BlankNode(b) => Provenance::document(&format!("_:{}", b.as_str())),
            GraphName::DefaultGraph => Provenance::default(),
        }
    }

    fn evidence(&self, e: &Term) -> Provenance {
        let mut p = Provenance::default();
        let Some(d) = as_subject(e).and_then(|s| self.describe(&s)) else {
            return p;
        };
        p.confidence = text(d.one(kg::CONFIDENCE)).and_then(|c| c.parse().ok());
        if let Some(source) = d.one(prov::WAS_DERIVED_FROM) {
            let sd = as_subject(source).and_then(|s| self.describe(&s));
            match sd.and_then(|sd| sd.one(nif::REFERENCE_CONTEXT).map(|doc| (sd, doc))) {
                Some((sd, doc)) => {
                    p.document = self.document_id(doc);
                    p.sentence = number(sd.one(kg::SENTENCE_INDEX)).and_then(|n| n.try_into().ok());
                    p.sentence_text = text(sd.one(nif::ANCHOR_OF)).map(str::to_owned);
                    p.sentence_span = self.span(Some(source));
                }
                None => p.document = self.document_id(source),
            }
        }
        p.attribution = self.attribution(d);
        stance(d, &mut p);
        p.factuality = text(d.one(kg::FACTUALITY)).and_then(|c| c.parse().ok());
        p.subject_span = self.span(d.one(kg::SUBJECT_MENTION));
        p.relation_span = self.span(d.one(kg::RELATION_MENTION));
        p.object_span = self.span(d.one(kg::OBJECT_MENTION));
        p
    }
}

/// Reads `kg:polarity` and `kg:modality` of an evidence node or a named graph of claims.
fn stance(d: &Description, p: &mut Provenance) {
    p.negated =
        matches!(d.one(kg::POLARITY), Some(Term::NamedNode(n)) if n.as_ref() == kg::NEGATIVE);
    p.modality = match d.one(kg::MODALITY) {
        Some(Term::NamedNode(n)) => vocab::modality_kind(n.as_str()),
        _ => None,
    };
}

/// Reads quads (kg's output or other RDF) into a graph; see the [module docs](self).
#[must_use]
pub(crate) fn from_quads(quads: &[Quad]) -> KnowledgeGraph {
    let mut subjects: HashMap<Subject, Description> = HashMap::new();
    for (i, q) in quads.iter().enumerate() {
        subjects.entry(q.subject.clone()).or_default().props.push((
            q.predicate.clone(),
            q.object.clone(),
            i,
        ));
    }
    let reader = Reader { subjects };

    // Relations declared by kg, in order of appearance.
    let mut relations: HashMap<NamedNode, Relation> = HashMap::new();
    for q in quads.iter().filter(|q| q.predicate == kg::RELATION_KEY) {
        let (NamedOrBlankNode::NamedNode(p), Some(key)) = (&q.subject, text(Some(&q.object)))
        else {
            continue;
        };
        let label = reader
            .describe(&q.subject)
            .and_then(|d| text(d.one(rdfs::LABEL)))
            .unwrap_or(key);
        if let Ok(r) = Relation::with_key(key, label) {
            relations.insert(p.clone(), r);
        }
    }
    let generic = relations.is_empty();
    let relation_of = |p: &NamedNode| -> Option<Relation> {
        if let Some(r) = relations.get(p) {
            return Some(r.clone());
        }
        if generic && !is_vocabulary(p) {
            return Relation::new(&local_name(p.as_str())).ok();
        }
        None
    };

    // The names the alias pass joined into each entity, with its reasons: statements
    // (`kg:NameJoin`) about `skos:altLabel` triples.
    let mut joins: HashMap<Subject, Vec<(String, &str)>> = HashMap::new();
    for d in reader.subjects.values() {
        let (Some(reason), Some(spo)) = (text(d.one(kg::JOIN_REASON)), statement_of(d)) else {
            continue;
        };
        if let (s, p, Term::Literal(name)) = spo {
            if p.as_ref() == skos::ALT_LABEL {
                joins
                    .entry(s)
                    .or_default()
                    .push((name.value().to_owned(), reason));
            }
        }
    }

    let mut graph = KnowledgeGraph::new();
    // Entities first, in order of their first description, so that order survives.
    let mut described: Vec<(&Subject, usize)> = reader
        .subjects
        .iter()
        .filter(|(_, d)| reader.is_entity(d))
        .filter_map(|(s, d)| d.props.first().map(|(_, _, i)| (s, *i)))
        .collect();
    described.sort_by_key(|&(_, i)| i);
    for (s, _) in described {
        if let Some(e) = reader.entity(s) {
            graph.add_entity(&e);
            if let Some(d) = reader.describe(s) {
                for alias in d.all(skos::ALT_LABEL).filter_map(|t| text(Some(t))) {
                    // Names that are empty after cleaning are skipped.
                    let _ = graph.add_alias(&e, alias);
                }
            }
            for (name, reason) in joins.get(s).into_iter().flatten() {
                let _ = graph.add_join(&e, name, reason);
            }
        }
    }

    // Fact nodes: (s, p, o) -> node, from reification or RDF 1.2 reifiers.
    let mut fact_nodes: HashMap<(Subject, NamedNode, Term), Subject> = HashMap::new();
    for (node, d) in &reader.subjects {
        if let Some(spo) = statement_of(d) {
            fact_nodes.insert(spo, node.clone());
        }
    }

    // Facts in order of first appearance, with the documents of their named graphs.
    // Facts in the order they were written: asserted triples, and fact nodes whose triple is
    // not asserted (reported speech), each at its first quad.
    let mut order: Vec<(usize, (Subject, NamedNode, Term))> = Vec::new();
    let mut graphs: HashMap<(Subject, NamedNode, Term), Vec<Provenance>> = HashMap::new();
    for (i, q) in quads.iter().enumerate() {
        if relation_of(&q.predicate).is_none() || matches!(q.object, Term::Triple(_)) {
            continue;
        }
        let key = (q.subject.clone(), q.predicate.clone(), q.object.clone());
        let record = reader.graph_record(&q.graph_name);
        let records = graphs.entry(key.clone()).or_insert_with(|| {
            order.push((i, key.clone()));
            Vec::new()
        });
        if !records.contains(&record) {
            records.push(record);
        }
    }
    for (key, node) in &fact_nodes {
        if graphs.contains_key(key) || relation_of(&key.1).is_none() {
            continue;
        }
        if let Some((_, _, i)) = reader.describe(node).and_then(|d| d.props.first()) {
            order.push((*i, key.clone()));
        }
    }
    order.sort_by_key(|(i, _)| *i);
    let order = order.into_iter().map(|(_, k)| k);

    for key in order {
        let (s, p, o) = &key;
        let (Some(subject), Some(relation)) = (reader.entity(s), relation_of(p)) else {
            continue;
        };
        let object = match o {
            Term::Literal(l) => match literal_value(l) {
                Some(v) => Object::Literal(v),
                None => continue,
            },
            t => match as_subject(t).and_then(|s| reader.entity(&s)) {
                Some(e) => Object::Entity(e),
                None => continue,
            },
        };
        let mut records = Vec::new();
        let mut support = 0;
        if let Some(d) = fact_nodes.get(&key).and_then(|n| reader.describe(n)) {
            support = number(d.one(kg::SUPPORT)).unwrap_or(0);
            records.extend(d.all(kg::EVIDENCE_PROP).map(|e| reader.evidence(e)));
        }
        let in_graphs = graphs.get(&key).map(Vec::as_slice).unwrap_or_default();
        if in_graphs.iter().any(|r| *r != Provenance::default()) {
            records.extend(in_graphs.iter().cloned());
        }
        let support = usize::try_from(support).unwrap_or(usize::MAX).min(1 << 20);
        while records.len() < support {
            records.push(Provenance::default());
        }
        graph.add_sightings(&subject, &relation, &object, records);
    }
    graph
}

impl KnowledgeGraph {
    /// The graph that quads written by kg (any format, any provenance mode) describe: what
    /// `kg merge` and `kg convert` read. Quads kg does not write are skipped.
    ///
    /// ```
    /// use kg::{EntityRef, Fact, KnowledgeGraph, RdfOptions, Relation};
    /// let mut g = KnowledgeGraph::new();
    /// g.add_fact(Fact::new(EntityRef::new("Ann")?, Relation::new("knows")?, EntityRef::new("Bob")?));
    /// let back = KnowledgeGraph::from_quads(&g.to_quads(&RdfOptions::new()));
    /// assert_eq!(back.fact_count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn from_quads(quads: &[Quad]) -> KnowledgeGraph {
        from_quads(quads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::rdf::{quads, ProvenanceMode, RdfOptions};
    use crate::graph::{Fact, Literal};

    #[test]
    fn local_names_decode() {
        assert_eq!(local_name("http://x/entity/a_b%22c"), "a b\"c");
        assert_eq!(local_name("http://x/ns#Thing"), "Thing");
    }

    #[test]
    fn kg_output_reads_back_to_the_same_output() {
        let mut g = KnowledgeGraph::new();
        let a = EntityRef::new("A \"x\"")
            .unwrap()
            .with_type(EntityType::Person);
        let b = EntityRef::new("B").unwrap();
        let r = Relation::with_key("call_on", "calls on").unwrap();
        let rec = Provenance {
            document: Some("d/1".into()),
            sentence: Some(0),
            sentence_text: Some("A calls on B".into()),
            subject_span: CharSpan::new(0, 1),
            confidence: Some(0.5),
            ..Provenance::default()
        };
        g.add_fact(Fact::new(a.clone(), r.clone(), b.clone()).with_provenance(rec.clone()));
        g.add_fact(Fact::new(a.clone(), r.clone(), b.clone()).with_provenance(rec));
        g.add_fact(Fact::new(a.clone(), r, b.clone()));
        g.add_fact(Fact::new(
            b,
            Relation::new("won").unwrap(),
            Literal::infer("2017-05-07").unwrap(),
        ));
        g.add_alias(&a, "Ay").unwrap();
        g.add_join(&a, "A. X.", "same name: \"A. X.\" ~ \"A x\"")
            .unwrap();
        for mode in [
            ProvenanceMode::None,
            ProvenanceMode::Reification,
            ProvenanceMode::Graphs,
            ProvenanceMode::Rdf12,
        ] {
            let opts = RdfOptions::new().with_provenance(mode);
            let first = quads(&g, &opts);
            let back = from_quads(&first);
            assert_eq!(quads(&back, &opts), first, "{mode}");
        }
        let back = from_quads(&quads(&g, &RdfOptions::new()));
        assert_eq!(back.facts().next().unwrap().support(), 3);
        // The reason of a join survives; `none` writes no provenance, so only the alias.
        let e = back.entity("A. X.").unwrap();
        assert_eq!(
            e.joins().collect::<Vec<_>>(),
            [("A. X.", "same name: \"A. X.\" ~ \"A x\"")]
        );
        let plain = RdfOptions::new().with_provenance(ProvenanceMode::None);
        let e = from_quads(&quads(&g, &plain))
            .entity("A. X.")
            .cloned()
            .unwrap();
        assert_eq!((e.joins().count(), e.aliases().len()), (0, 2));
    }
}
