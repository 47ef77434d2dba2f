//! RDF export: the graph as triples or quads, through oxrdfio's streaming writers.
//!
//! What is written, in this order (all IRIs deterministic, see [`Base`]):
//!
//! 1. each relation: `kgr:call_on a rdf:Property, kg:Relation; rdfs:label "calls on"@en;
//!    kg:relationKey "call_on"; rdfs:subPropertyOf kg:relatedTo` (and the ontology
//!    properties the key maps to, if any, see [`vocab::super_properties`]);
//! 2. each entity: `rdf:type` its class, `rdfs:label "name"@en`, `skos:altLabel` per alias,
//!    and (except in `none`) for each name the alias pass joined into it a `kg:NameJoin`
//!    statement about that `skos:altLabel` triple with its `kg:joinReason`;
//! 3. each fact `s p o`, then its provenance as [`ProvenanceMode`] says.
//!
//! Provenance modes:
//!
//! * `none`: the facts alone — only those the text asserts: a fact whose every sighting
//!   is a claim (reported, negated, modal: see below) is left out, since this mode has
//!   nowhere to say so.
//! * `reification` (default): a node `kg:Fact, rdf:Statement` per fact with
//!   `rdf:subject/predicate/object`, `kg:support`, `kg:confidence` and
//!   `prov:wasDerivedFrom` its sentences, and a `kg:Evidence` node per sighting with
//!   its sentence, confidence and the NIF mentions (`nif:beginIndex`/`nif:endIndex`)
//!   of subject, relation and object. Plain RDF 1.1 triples: it loads into every
//!   store and every format, which is why it is the default.
//! * `graphs`: each fact in one named graph per document it was seen in (facts
//!   with no document stay in the default graph); needs N-Quads, TriG or JSON-LD.
//! * `rdf12`: as `reification`, but the fact node is an RDF 1.2 reifier
//!   (`<fact> rdf:reifies <<( s p o )>>`) instead of an `rdf:Statement`; needs a
//!   format that writes triple terms (Turtle, N-Triples, N-Quads, TriG, and
//!   RDF/XML 1.2 with `rdf:parseType="Triple"`) and a store that reads RDF 1.2.
//!
//! Claims: a sighting that does not assert its fact ([`Provenance::is_asserted`]) — reported
//! speech ("A said that B won", an [`Attribution`]), a negation ("B did not win", "B failed
//! to win"), a modality ("B may win", "B wants to win", "B is expected to win") — is a claim,
//! not a fact. In `reification` and `rdf12` its evidence node gets `kg:attributedTo` the
//! speaker entity and `kg:attributionVerb` the verb's key, `kg:polarity kg:Negative`,
//! `kg:modality` (`kg:Possible`, `kg:Wanted` …); every evidence node gets `kg:factuality`, the
//! model's value, when known. The fact node is written as usual, but the bare triple `s p o`
//! is written only when at least one sighting asserts it (an unasserted `rdf:Statement` or
//! RDF 1.2 reifier is exactly a claim), so a plain query sees facts only. In `graphs`, a
//! claim puts the triple in a named graph of such claims in that document
//! ([`Base::claim_graph`]), described in the default graph by the same properties and
//! `prov:wasDerivedFrom` the document; a query of the default graph or the document's graph
//! does not see it. `none` leaves claims out.
//!
//! [`Attribution`]: crate::graph::Attribution

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::hash::{Hash, Hasher};
use std::io::Write;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{
    GraphName, GraphNameRef, Literal as RdfLiteral, NamedNode, NamedNodeRef, Quad, QuadRef, Term,
    Triple,
};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::iri::Base;
use super::turtle::TurtleWriter;
use super::vocab::{self, kg, nif, prov, skos};
use crate::graph::{
    Attribution, CharSpan, Entity, FactRef, KnowledgeGraph, Literal, LiteralKind, ObjectRef,
    Provenance, Relation,
};

/// How facts carry their provenance; see the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
#[non_exhaustive]
pub enum ProvenanceMode {
    /// Facts only.
    None,
    /// A statement node per fact with PROV-O derivation, support, confidence, offsets.
    #[default]
    Reification,
    /// One named graph per document.
    Graphs,
    /// RDF 1.2 reifiers (`rdf:reifies` a triple term) with the same annotations.
    #[cfg_attr(feature = "cli", value(name = "rdf12"))]
    Rdf12,
}

impl std::fmt::Display for ProvenanceMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ProvenanceMode::None => "none",
            ProvenanceMode::Reification => "reification",
            ProvenanceMode::Graphs => "graphs",
            ProvenanceMode::Rdf12 => "rdf12",
        })
    }
}

/// Settings of the RDF export.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct RdfOptions {
    /// Base of the minted IRIs.
    pub base: Base,
    /// Provenance mode.
    pub provenance: ProvenanceMode,
    /// The user's ontology the graph's mapped facts are written in (`kg build --ontology`).
    pub(crate) ontology: Option<std::sync::Arc<OntologyTerms>>,
}

/// What becomes of the facts no ontology property maps (`kg build --open-facts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub(crate) enum OpenFacts {
    /// Written with the mapped facts, in the same graph.
    Keep,
    /// Left out, with the relations and entities only they use.
    Drop,
    /// Written, with their relations, in the named graph [`open_facts_graph`].
    Separate,
}

/// The named graph of the open facts in `separate` mode: `{base}graph/open-facts`.
pub(crate) fn open_facts_graph(base: &Base) -> NamedNode {
    NamedNode::new_unchecked(format!("{}graph/open-facts", base.as_str()))
}

/// An ontology property as the export writes it.
#[derive(Debug, Clone)]
struct MappedProperty {
    iri: NamedNode,
    /// Classes of its subjects.
    domain: Vec<NamedNode>,
    /// Classes of its entity objects (datatypes left out).
    range: Vec<NamedNode>,
}

/// The ontology a graph's mapped facts are in: for each relation that stands for a property
/// (`build::ontology::property_relation`), the property's IRI and classes; and what becomes
/// of the other facts.
#[derive(Debug, Clone)]
pub(crate) struct OntologyTerms {
    properties: HashMap<String, MappedProperty>,
    open: OpenFacts,
}

impl OntologyTerms {
    /// The terms of `ontology`; `open` says what becomes of the other facts. Class IRIs that
    /// are not valid IRIs are left out of the typing.
    ///
    /// # Errors
    /// A message naming the property when a property's IRI is not a valid IRI (a JSON
    /// ontology's id with a space, say): its facts could not be written in its terms.
    pub fn new(
        ontology: &crate::formats::ontology::Ontology,
        open: OpenFacts,
    ) -> Result<Self, String> {
        let classes = |iris: &[String]| -> Vec<NamedNode> {
            iris.iter()
                .filter(|i| !crate::build::ontology::is_datatype(i))
                .filter_map(|i| NamedNode::new(i.as_str()).ok())
                .collect()
        };
        let mut properties = HashMap::default();
        for (i, p) in ontology.properties.iter().enumerate() {
            let iri = NamedNode::new(p.iri.as_str()).map_err(|e| {
                format!(
                    "property '{}' of ontology '{}' has no valid IRI (<{}>: {e})",
                    p.label, ontology.id, p.iri
                )
            })?;
            let key = crate::build::ontology::property_relation(i, p)
                .key()
                .to_owned();
            let mapped = MappedProperty {
                iri,
                domain: classes(&p.domain),
                range: classes(&p.range),
            };
            properties.insert(key, mapped);
        }
        Ok(Self { properties, open })
    }

    /// Whether facts of relation `key` are mapped ones.
    fn maps(&self, key: &str) -> bool {
        self.properties.contains_key(key)
    }
}

impl RdfOptions {
    /// Default options: base [`DEFAULT_BASE`](super::iri::DEFAULT_BASE), reification.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the base.
    pub fn with_base(mut self, base: Base) -> Self {
        self.base = base;
        self
    }

    /// Sets the provenance mode.
    pub fn with_provenance(mut self, mode: ProvenanceMode) -> Self {
        self.provenance = mode;
        self
    }

    /// Writes the mapped facts in `terms`' ontology.
    pub(crate) fn with_ontology(mut self, terms: OntologyTerms) -> Self {
        self.ontology = Some(std::sync::Arc::new(terms));
        self
    }
}

/// Errors of the RDF export.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RdfError {
    /// The provenance mode cannot be written in the format.
    #[error("provenance mode {mode} cannot be written as {format}: {hint}")]
    Unsupported {
        /// The mode.
        mode: ProvenanceMode,
        /// The format's name.
        format: &'static str,
        /// What would work.
        hint: &'static str,
    },
    /// Writing failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Checks that `mode` can be written in `format`.
///
/// # Errors
/// [`RdfError::Unsupported`] for `graphs` without named graphs and `rdf12` in
/// JSON-LD, whose writer has no triple terms.
pub fn check_compatible(mode: ProvenanceMode, format: RdfFormat) -> Result<(), RdfError> {
    match mode {
        ProvenanceMode::Graphs if !format.supports_datasets() => Err(RdfError::Unsupported {
            mode,
            format: format.name(),
            hint: "use N-Quads, TriG or JSON-LD",
        }),
        ProvenanceMode::Rdf12
            if !matches!(
                format,
                RdfFormat::Turtle
                    | RdfFormat::NTriples
                    | RdfFormat::NQuads
                    | RdfFormat::TriG
                    | RdfFormat::RdfXml
            ) =>
        {
            Err(RdfError::Unsupported {
                mode,
                format: format.name(),
                hint: "use Turtle, N-Triples, N-Quads, TriG or RDF/XML",
            })
        }
        _ => Ok(()),
    }
}

/// Checks that the open facts can be written as `open` says in `format` with `mode`: a
/// separate graph needs a dataset format, and a provenance mode other than `graphs` (which
/// puts every fact in its document's graph).
pub(crate) fn check_open_facts(
    open: OpenFacts,
    mode: ProvenanceMode,
    format: RdfFormat,
) -> Result<(), String> {
    if open != OpenFacts::Separate {
        return Ok(());
    }
    if !format.supports_datasets() {
        return Err(format!(
            "--open-facts separate (the default with --ontology) puts kg's own facts in a named \
             graph, which {} cannot hold: write N-Quads, TriG or JSON-LD, or choose \
             --open-facts drop (mapped facts only) or --open-facts keep (both in one graph)",
            format.name()
        ));
    }
    if mode == ProvenanceMode::Graphs {
        return Err(
            "--open-facts separate cannot be combined with --provenance graphs (which \
             puts each fact in its document's graph): choose another provenance mode, or \
             --open-facts drop|keep"
                .to_owned(),
        );
    }
    Ok(())
}

impl ProvenanceMode {
    /// Whether `format` can carry this mode: [`RdfError`] naming both when it cannot (named
    /// graphs need a dataset format, RDF 1.2 reifiers a format that has them).
    ///
    /// ```
    /// use kg::{ProvenanceMode, RdfFormat};
    /// assert!(ProvenanceMode::Graphs.check_format(RdfFormat::TriG).is_ok());
    /// assert!(ProvenanceMode::Graphs.check_format(RdfFormat::Turtle).is_err());
    /// ```
    ///
    /// # Errors
    /// When the format cannot carry the mode.
    pub fn check_format(self, format: RdfFormat) -> Result<(), RdfError> {
        check_compatible(self, format)
    }
}

impl KnowledgeGraph {
    /// The quads that [`write_rdf`](crate::write_rdf) serialises, for a program that
    /// loads them into its own store.
    ///
    /// ```
    /// use kg::{EntityRef, Fact, KnowledgeGraph, RdfOptions, Relation};
    /// let mut g = KnowledgeGraph::new();
    /// g.add_fact(Fact::new(EntityRef::new("Ann")?, Relation::new("knows")?, EntityRef::new("Bob")?));
    /// let quads = g.to_quads(&RdfOptions::new());
    /// assert!(quads.iter().any(|q| q.predicate.as_str().ends_with("/relation/knows")));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn to_quads(&self, options: &RdfOptions) -> Vec<Quad> {
        quads(self, options)
    }
}

/// Writes `graph` as RDF in `format` to `writer`, returning the writer.
///
/// ```
/// use kg::{EntityRef, Fact, KnowledgeGraph, RdfFormat, RdfOptions, Relation};
/// let mut g = KnowledgeGraph::new();
/// g.add_fact(Fact::new(EntityRef::new("Ann")?, Relation::new("knows")?, EntityRef::new("Bob")?));
/// let out = kg::write_rdf(&g, &RdfOptions::new(), RdfFormat::NTriples, Vec::new())?;
/// let text = String::from_utf8(out)?;
/// assert!(text.contains("<http://example.org/kg/entity/ann> <http://example.org/kg/relation/knows> <http://example.org/kg/entity/bob> ."));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// When the mode does not fit the format, or on write errors.
pub fn write<W: Write>(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    format: RdfFormat,
    writer: W,
) -> Result<W, RdfError> {
    check_compatible(options.provenance, format)?;
    let mut serializer = RdfSerializer::from_format(format);
    // Prefix IRIs are constants or a checked base plus a path: always valid.
    let prefixes = vocab::PREFIXES
        .iter()
        .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
        .chain([
            ("kgr".to_owned(), options.base.relation_ns()),
            ("kge".to_owned(), options.base.entity_ns()),
            ("kgf".to_owned(), options.base.fact_ns()),
            ("kgd".to_owned(), options.base.document_ns()),
        ]);
    let prefixes: Vec<(String, String)> = prefixes.collect();
    for (prefix, iri) in &prefixes {
        serializer = serializer
            .with_prefix(prefix, iri)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    if format == RdfFormat::Turtle {
        // Same bytes as oxttl's Turtle writer, several times faster (see `turtle`).
        let w = TurtleWriter::new(writer, prefixes);
        // An ontology's facts are written serially: its typing triples are written once,
        // where first met.
        if rayon::current_num_threads() > 1
            && options.provenance != ProvenanceMode::Graphs
            && options.ontology.is_none()
            && graph.entity_count() + graph.fact_count() >= PARALLEL_MIN_ITEMS
        {
            return write_turtle_chunked(graph, options, w, CHUNK_WEIGHT);
        }
        return write_turtle_serial(graph, options, w);
    }
    let mut w = serializer.for_writer(writer);
    let mut result = Ok(());
    for_each_quad_ref(graph, options, |q| {
        if result.is_ok() {
            result = w.serialize_quad(q);
        }
    });
    result?;
    Ok(w.finish()?)
}

/// Every quad of the export, in output order.
#[must_use]
pub fn quads(graph: &KnowledgeGraph, options: &RdfOptions) -> Vec<Quad> {
    let mut out = Vec::new();
    for_each_quad(graph, options, |q| out.push(q));
    out
}

/// The RDF literal of a value.
#[must_use]
pub fn value_literal(value: &Literal) -> RdfLiteral {
    let datatype = match value.kind() {
        LiteralKind::String => return RdfLiteral::new_simple_literal(value.lexical()),
        LiteralKind::Integer => xsd::INTEGER,
        LiteralKind::Decimal => xsd::DECIMAL,
        LiteralKind::Percent => kg::PERCENT,
        LiteralKind::Date => xsd::DATE,
        LiteralKind::Year => xsd::G_YEAR,
        LiteralKind::YearMonth => xsd::G_YEAR_MONTH,
        LiteralKind::Money => kg::MONEY,
    };
    RdfLiteral::new_typed_literal(value.lexical(), datatype)
}

/// The value of an RDF literal, when it is one kg writes.
#[must_use]
pub fn literal_value(literal: &RdfLiteral) -> Option<Literal> {
    let kind = match literal.datatype() {
        d if d == xsd::STRING => return Some(Literal::string(literal.value())),
        d if d == rdf::LANG_STRING => return Some(Literal::string(literal.value())),
        d if d == xsd::INTEGER => LiteralKind::Integer,
        d if d == xsd::DECIMAL => LiteralKind::Decimal,
        d if d == kg::PERCENT => LiteralKind::Percent,
        d if d == xsd::DATE => LiteralKind::Date,
        d if d == xsd::G_YEAR => LiteralKind::Year,
        d if d == xsd::G_YEAR_MONTH => LiteralKind::YearMonth,
        d if d == kg::MONEY => LiteralKind::Money,
        _ => return Some(Literal::string(literal.value())),
    };
    Literal::new(kind, literal.value()).ok()
}

/// The class of an entity type.
#[must_use]
pub fn class_of(entity: &Entity) -> NamedNodeRef<'static> {
    let name = entity.kind().class_name();
    kg::ALL
        .iter()
        .copied()
        .find(|c| c.as_str().strip_prefix(kg::NS) == Some(name))
        .unwrap_or(kg::ENTITY)
}

fn en(text: &str) -> RdfLiteral {
    RdfLiteral::new_language_tagged_literal_unchecked(text, "en")
}

fn index(n: u32) -> RdfLiteral {
    RdfLiteral::new_typed_literal(n.to_string(), xsd::NON_NEGATIVE_INTEGER)
}

/// The key of a fact's object, used in the fact's IRI.
fn object_key(object: ObjectRef<'_>) -> String {
    match object {
        ObjectRef::Entity(e) => format!("e:{}", e.key()),
        ObjectRef::Literal(l) => format!("l:{:?}:{}", l.kind(), l.lexical()),
    }
}

/// An evidence node to write: its IRI, record, source and mentions.
type Sighting<'a> = (
    NamedNode,
    &'a Provenance,
    Option<NamedNode>,
    Vec<(NamedNodeRef<'static>, NamedNode)>,
);

struct Emitter<'a, F: FnMut(QuadRef<'_>)> {
    base: &'a Base,
    emit: F,
    /// The documents, sentences and mentions met so far.
    seen: HashSet<NamedNode>,
    /// In one chunk of a parallel export: who describes what (see [`Chunked`]).
    chunked: Option<Chunked<'a>>,
    /// The graph of the fact being written (the open facts' graph in `separate` mode).
    graph: GraphName,
    /// The user's ontology, when the graph has mapped facts.
    ontology: Option<&'a OntologyTerms>,
    /// (entity, ontology class) typing triples written so far.
    typed: HashSet<(NamedNode, NamedNode)>,
}

/// A document, sentence or mention the emitter describes once, by the number of its
/// document's IRI. Keys and IRIs correspond one to one when no document IRI holds `#`
/// or `/sentence/` (see [`doc_numbers`]), and keys are cheaper to make and hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Described {
    Document(u32),
    Sentence(u32, u32),
    Mention(u32, u32, u32),
}

/// What one chunk of a parallel export needs to describe what the serial export
/// would describe in it.
struct Chunked<'a> {
    /// The chunk that first meets each key (the one that describes it).
    owners: &'a HashMap<Described, usize>,
    /// Document id → number of its IRI (ids with equal IRIs share a number).
    docs: &'a HashMap<&'a str, u32>,
    /// This chunk's number.
    chunk: usize,
    /// Keys met so far in this chunk.
    seen: HashSet<Described>,
}

impl<'a, F: FnMut(QuadRef<'_>)> Emitter<'a, F> {
    fn new(base: &'a Base, emit: F) -> Self {
        Self {
            base,
            emit,
            seen: HashSet::default(),
            chunked: None,
            graph: GraphName::DefaultGraph,
            ontology: None,
            typed: HashSet::default(),
        }
    }

    /// True the first time `iri` is met, when it is to be described here. In a chunk,
    /// `key` of the number of document `doc` stands for the IRI.
    fn describe(&mut self, iri: &NamedNode, doc: &str, key: impl FnOnce(u32) -> Described) -> bool {
        match &mut self.chunked {
            None => self.seen.insert(iri.clone()),
            Some(c) => {
                let Some(&d) = c.docs.get(doc) else {
                    return false;
                };
                let key = key(d);
                c.seen.insert(key) && c.owners.get(&key) == Some(&c.chunk)
            }
        }
    }

    fn triple(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        // Borrowed quads: the subject, repeated in most triples, is not copied.
        let o: Term = o.into();
        (self.emit)(QuadRef::new(s, p, &o, self.graph.as_ref()));
    }

    /// A triple of the default graph, whatever graph the fact being written is in: the
    /// descriptions of documents, sentences and mentions, shared by every fact.
    fn described(&mut self, s: &NamedNode, p: NamedNodeRef<'_>, o: impl Into<Term>) {
        let o: Term = o.into();
        (self.emit)(QuadRef::new(s, p, &o, GraphNameRef::DefaultGraph));
    }

    /// Describes a document once; returns its IRI.
    fn document(&mut self, id: &str) -> NamedNode {
        let doc = self.base.document(id);
        if self.describe(&doc, id, Described::Document) {
            self.described(&doc, rdf::TYPE, nif::CONTEXT);
            self.described(&doc, rdf::TYPE, prov::ENTITY);
            self.described(&doc, kg::DOCUMENT_ID, RdfLiteral::new_simple_literal(id));
        }
        doc
    }

    /// Describes the sentence (or document) a record comes from once; returns its IRI.
    fn source(&mut self, record: &Provenance) -> Option<(NamedNode, NamedNode)> {
        let id = record.document.as_deref()?;
        let doc = self.document(id);
        let Some(n) = record.sentence else {
            return Some((doc.clone(), doc));
        };
        let sentence = self.base.sentence(&doc, n);
        if self.describe(&sentence, id, |d| Described::Sentence(d, n)) {
            self.described(&sentence, rdf::TYPE, nif::SENTENCE);
            self.described(&sentence, nif::REFERENCE_CONTEXT, doc.clone());
            self.described(&sentence, kg::SENTENCE_INDEX, index(n));
            if let Some(text) = &record.sentence_text {
                self.described(
                    &sentence,
                    nif::ANCHOR_OF,
                    RdfLiteral::new_simple_literal(text),
                );
            }
            if let Some(span) = record.sentence_span {
                self.described(&sentence, nif::BEGIN_INDEX, index(span.begin));
                self.described(&sentence, nif::END_INDEX, index(span.end));
            }
        }
        Some((doc, sentence))
    }

    /// `node kg:attributedTo <speaker>; kg:attributionVerb "verb"`.
    fn attribution(&mut self, node: &NamedNode, a: &Attribution) {
        self.triple(node, kg::ATTRIBUTED_TO, self.base.entity_ref(&a.speaker));
        if !a.verb.is_empty() {
            self.triple(
                node,
                kg::ATTRIBUTION_VERB,
                RdfLiteral::new_simple_literal(&a.verb),
            );
        }
    }

    /// `node kg:polarity kg:Negative` when negated, `kg:modality` its modality.
    fn stance(&mut self, node: &NamedNode, record: &Provenance) {
        if record.negated {
            self.triple(node, kg::POLARITY, kg::NEGATIVE);
        }
        if let Some(m) = record.modality {
            self.triple(node, kg::MODALITY, vocab::modality(m));
        }
    }

    /// The named graph of one sighting in `graphs` mode: the document's graph, the default
    /// graph for no document, or for a sighting that does not assert its fact the graph of
    /// those claims in the document: what its speaker said, what it negates, its modality
    /// (described in the default graph once).
    fn graph_of(&mut self, record: &Provenance) -> GraphName {
        let doc = record.document.as_deref().map(|d| self.document(d));
        if record.is_asserted() {
            return doc.map_or(GraphName::DefaultGraph, GraphName::from);
        }
        let g = self.base.claim_graph(doc.as_ref(), record);
        // Graphs mode only, which is never chunked.
        if self.seen.insert(g.clone()) {
            if let Some(a) = &record.attribution {
                self.attribution(&g, a);
            }
            self.stance(&g, record);
            if let Some(doc) = doc {
                self.triple(&g, prov::WAS_DERIVED_FROM, doc);
            }
        }
        g.into()
    }

    fn mention(&mut self, doc: &NamedNode, id: &str, span: CharSpan) -> NamedNode {
        let m = self.base.mention(doc, span);
        if self.describe(&m, id, |d| Described::Mention(d, span.begin, span.end)) {
            self.described(&m, rdf::TYPE, nif::OFFSET_BASED_STRING);
            self.described(&m, nif::REFERENCE_CONTEXT, doc.clone());
            self.described(&m, nif::BEGIN_INDEX, index(span.begin));
            self.described(&m, nif::END_INDEX, index(span.end));
        }
        m
    }

    /// `entity rdf:type class` in the default graph, once.
    fn typed_as(&mut self, entity: &NamedNode, class: NamedNode) {
        let pair = (entity.clone(), class);
        if !self.typed.contains(&pair) {
            self.described(entity, rdf::TYPE, pair.1.clone());
            self.typed.insert(pair);
        }
    }

    /// The fact node and everything hanging from it (reification and rdf12 modes):
    /// first the documents, sentences and mentions not yet described, then the fact
    /// node (`head` first), then each evidence node, so that Turtle groups each
    /// subject's triples together.
    fn fact_node(&mut self, fact: &FactRef<'_>, node: &NamedNode, head: Vec<(NamedNode, Term)>) {
        // Earlier records equal to each one, bucketed by a hash of the record, so
        // that a fact seen k times costs O(k), not O(k²), to number.
        let mut occurrences: HashMap<u64, Vec<(&Provenance, usize)>> = HashMap::default();
        let mut evidence: Vec<Sighting<'_>> = Vec::new();
        for record in fact.provenance {
            // Records that know nothing count in kg:support only.
            if *record == Provenance::default() {
                continue;
            }
            let bucket = occurrences.entry(record_hash(record)).or_default();
            let n = match bucket.iter_mut().find(|(r, _)| *r == record) {
                Some((_, seen)) => {
                    *seen += 1;
                    *seen - 1
                }
                None => {
                    bucket.push((record, 1));
                    0
                }
            };
            let iri = self.base.evidence(node, record, n);
            let mut mentions = Vec::new();
            let id = record.document.as_deref().unwrap_or_default();
            let source = self.source(record).map(|(doc, source)| {
                for (prop, span) in [
                    (kg::SUBJECT_MENTION, record.subject_span),
                    (kg::RELATION_MENTION, record.relation_span),
                    (kg::OBJECT_MENTION, record.object_span),
                ] {
                    if let Some(span) = span {
                        mentions.push((prop, self.mention(&doc, id, span)));
                    }
                }
                source
            });
            evidence.push((iri, record, source, mentions));
        }
        self.triple(node, rdf::TYPE, kg::FACT);
        for (p, o) in head {
            self.triple(node, p.as_ref(), o);
        }
        let support = i64::try_from(fact.support()).unwrap_or(i64::MAX);
        self.triple(node, kg::SUPPORT, RdfLiteral::from(support));
        if let Some(c) = fact.confidence() {
            self.triple(node, kg::CONFIDENCE, RdfLiteral::from(c));
        }
        let mut sources: Vec<&NamedNode> = Vec::new();
        for (iri, _, source, _) in &evidence {
            self.triple(node, kg::EVIDENCE_PROP, iri.clone());
            if let Some(source) = source {
                if !sources.contains(&source) {
                    sources.push(source);
                }
            }
        }
        for source in sources {
            self.triple(node, prov::WAS_DERIVED_FROM, source.clone());
        }
        for (iri, record, source, mentions) in &evidence {
            self.triple(iri, rdf::TYPE, kg::EVIDENCE);
            if let Some(c) = record.confidence {
                self.triple(iri, kg::CONFIDENCE, RdfLiteral::from(c));
            }
            if let Some(a) = &record.attribution {
                self.attribution(iri, a);
            }
            self.stance(iri, record);
            if let Some(v) = record.factuality {
                self.triple(iri, kg::FACTUALITY, short_decimal(v));
            }
            if let Some(source) = source {
                self.triple(iri, prov::WAS_DERIVED_FROM, source.clone());
            }
            for (prop, m) in mentions {
                self.triple(iri, *prop, m.clone());
            }
        }
    }
}

/// `v` to two decimals as an `xsd:decimal` in its shortest form ("1", "1.1", "-0.35"), the
/// form stores give back (Virtuoso writes the double 1 as "1.0", the decimal 1.00 as "1").
fn short_decimal(v: f64) -> RdfLiteral {
    let text = format!("{v:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    let text = if text == "-0" { "0" } else { text };
    RdfLiteral::new_typed_literal(text, xsd::DECIMAL)
}

/// A hash consistent with `Provenance`'s `==`: equal records hash alike (the
/// confidence is hashed by value, with `-0.0` as `0.0`).
fn record_hash(record: &Provenance) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    record.document.hash(&mut h);
    record.sentence.hash(&mut h);
    record.sentence_text.hash(&mut h);
    record.sentence_span.hash(&mut h);
    record.subject_span.hash(&mut h);
    record.relation_span.hash(&mut h);
    record.object_span.hash(&mut h);
    record
        .confidence
        .map(|c| if c == 0.0 { 0 } else { c.to_bits() })
        .hash(&mut h);
    record.attribution.hash(&mut h);
    record.negated.hash(&mut h);
    record.modality.hash(&mut h);
    record
        .factuality
        .map(|c| if c == 0.0 { 0 } else { c.to_bits() })
        .hash(&mut h);
    h.finish()
}

/// Calls `emit` with every quad of the export, in output order, each once. Only the
/// IRIs of documents, sentences and mentions are remembered, so that each is
/// described once.
pub fn for_each_quad(graph: &KnowledgeGraph, options: &RdfOptions, mut emit: impl FnMut(Quad)) {
    for_each_quad_ref(graph, options, |q| emit(q.into_owned()));
}

/// [`for_each_quad`] with borrowed quads, which the writers take without copying.
fn for_each_quad_ref(graph: &KnowledgeGraph, options: &RdfOptions, emit: impl FnMut(QuadRef<'_>)) {
    let mut em = Emitter::new(&options.base, emit);
    let Some(onto) = options.ontology.as_deref() else {
        for relation in graph.relations() {
            em.relation(relation);
        }
        for concept in concepts_of(graph, |_| true) {
            em.concept(concept);
        }
        for entity in graph.entities() {
            em.entity(entity, options.provenance);
        }
        for fact in graph.facts() {
            em.fact(fact, options.provenance);
        }
        return;
    };
    em.ontology = Some(onto);
    let open_graph: GraphName = match onto.open {
        OpenFacts::Separate => open_facts_graph(&options.base).into(),
        _ => GraphName::DefaultGraph,
    };
    // With the open facts dropped, only the entities of mapped facts are described.
    let kept: Option<HashSet<&str>> = (onto.open == OpenFacts::Drop).then(|| {
        let mut kept = HashSet::default();
        for fact in graph.facts().filter(|f| onto.maps(fact_key(f))) {
            kept.insert(fact.subject.key());
            if let ObjectRef::Entity(e) = fact.object {
                kept.insert(e.key());
            }
        }
        kept
    });
    let keep = |e: &Entity| kept.as_ref().is_none_or(|k| k.contains(e.key()));
    for relation in graph.relations() {
        if onto.maps(relation.key()) || onto.open == OpenFacts::Drop {
            continue;
        }
        em.graph = open_graph.clone();
        em.relation(relation);
        em.graph = GraphName::DefaultGraph;
    }
    for concept in concepts_of(graph, keep) {
        em.concept(concept);
    }
    for entity in graph.entities().filter(|e| keep(e)) {
        em.entity(entity, options.provenance);
    }
    for fact in graph.facts() {
        if onto.maps(fact_key(&fact)) {
            em.fact(fact, options.provenance);
        } else if onto.open != OpenFacts::Drop {
            em.graph = open_graph.clone();
            em.fact(fact, options.provenance);
            em.graph = GraphName::DefaultGraph;
        }
    }
}

fn fact_key<'f>(fact: &FactRef<'f>) -> &'f str {
    fact.relation.key()
}

/// The concepts of the graph's described things, each once, in the order of their first
/// entity.
fn concepts_of(graph: &KnowledgeGraph, keep: impl Fn(&Entity) -> bool) -> Vec<&str> {
    let mut seen = HashSet::default();
    graph
        .entities()
        .filter(|e| keep(e))
        .filter_map(Entity::concept)
        .filter(|c| seen.insert(*c))
        .collect()
}

impl<F: FnMut(QuadRef<'_>)> Emitter<'_, F> {
    /// Declares a concept class: a subclass of `kg:Concept` with its words as label.
    fn concept(&mut self, concept: &str) {
        let c = self.base.concept(concept);
        self.triple(&c, rdf::TYPE, rdfs::CLASS);
        self.triple(&c, rdfs::SUB_CLASS_OF, kg::CONCEPT);
        self.triple(&c, rdfs::LABEL, en(concept));
    }

    fn relation(&mut self, relation: &Relation) {
        let p = self.base.relation(relation);
        self.triple(&p, rdf::TYPE, rdf::PROPERTY);
        self.triple(&p, rdf::TYPE, kg::RELATION);
        self.triple(&p, rdfs::LABEL, en(relation.label()));
        self.triple(
            &p,
            kg::RELATION_KEY,
            RdfLiteral::new_simple_literal(relation.key()),
        );
        // Every relation is stated a sub-property of kg:relatedTo, so that a store without
        // inference finds it there, and of each ontology property its key maps to, if any.
        self.triple(&p, rdfs::SUB_PROPERTY_OF, kg::RELATED_TO);
        for &mapped in vocab::super_properties(relation.key()) {
            self.triple(&p, rdfs::SUB_PROPERTY_OF, mapped);
        }
    }

    fn entity(&mut self, entity: &Entity, mode: ProvenanceMode) {
        let s = self.base.entity(entity);
        if entity.kind() != crate::graph::EntityType::Thing || entity.concept().is_none() {
            self.triple(&s, rdf::TYPE, class_of(entity));
        }
        if let Some(concept) = entity.concept() {
            let c = self.base.concept(concept);
            self.triple(&s, rdf::TYPE, c);
        }
        if let Some(doc) = entity.scope() {
            let d = self.base.document(doc);
            self.triple(&s, kg::DESCRIBED_IN, d);
        }
        self.triple(&s, rdfs::LABEL, en(entity.name()));
        for alias in entity.aliases() {
            self.triple(&s, skos::ALT_LABEL, en(alias));
        }
        // Why the alias pass joined each name: provenance, so not in `none`.
        if mode == ProvenanceMode::None {
            return;
        }
        for (name, reason) in entity.joins() {
            let node = self
                .base
                .join(entity.key(), &crate::graph::text::name_key(name));
            let label = en(name);
            if mode == ProvenanceMode::Rdf12 {
                let t = Triple::new(s.clone(), skos::ALT_LABEL.into_owned(), label);
                self.triple(&node, rdf::REIFIES, t);
            } else {
                self.triple(&node, rdf::TYPE, rdf::STATEMENT);
                self.triple(&node, rdf::SUBJECT, s.clone());
                self.triple(&node, rdf::PREDICATE, skos::ALT_LABEL);
                self.triple(&node, rdf::OBJECT, label);
            }
            self.triple(&node, rdf::TYPE, kg::NAME_JOIN);
            self.triple(
                &node,
                kg::JOIN_REASON,
                RdfLiteral::new_simple_literal(reason),
            );
        }
    }

    fn fact(&mut self, fact: FactRef<'_>, mode: ProvenanceMode) {
        let base = self.base;
        let s = base.entity(fact.subject);
        let o: Term = match fact.object {
            ObjectRef::Entity(e) => base.entity(e).into(),
            ObjectRef::Literal(l) => value_literal(l).into(),
        };
        let mapped = self
            .ontology
            .and_then(|onto| onto.properties.get(fact.relation.key()));
        let p = match mapped {
            Some(m) => {
                // Subjects and entity objects typed with the property's domain and range.
                let m = m.clone();
                for class in m.domain {
                    self.typed_as(&s, class);
                }
                if let Term::NamedNode(o) = &o {
                    for class in m.range {
                        self.typed_as(o, class);
                    }
                }
                m.iri
            }
            None => base.relation(fact.relation),
        };
        // Asserted when a sighting asserts it (or it has none): reported speech, negated
        // and modal sightings are claims, written only as statements.
        let asserted = fact.is_asserted();
        match mode {
            ProvenanceMode::None => {
                if asserted {
                    self.triple(&s, p.as_ref(), o);
                }
            }
            ProvenanceMode::Graphs => {
                let mut graphs: Vec<GraphName> = Vec::new();
                for record in fact.provenance {
                    let g = self.graph_of(record);
                    if !graphs.contains(&g) {
                        graphs.push(g);
                    }
                }
                for g in graphs {
                    (self.emit)(QuadRef::new(&s, &p, &o, &g));
                }
            }
            ProvenanceMode::Reification | ProvenanceMode::Rdf12 => {
                if asserted {
                    self.triple(&s, p.as_ref(), o.clone());
                }
                let node = base.fact(
                    fact.subject.key(),
                    fact.relation.key(),
                    &object_key(fact.object),
                );
                let head = if mode == ProvenanceMode::Rdf12 {
                    vec![(rdf::REIFIES.into_owned(), Triple::new(s, p, o).into())]
                } else {
                    vec![
                        (rdf::TYPE.into_owned(), rdf::STATEMENT.into_owned().into()),
                        (rdf::SUBJECT.into_owned(), s.into()),
                        (rdf::PREDICATE.into_owned(), p.into()),
                        (rdf::OBJECT.into_owned(), o),
                    ]
                };
                self.fact_node(&fact, &node, head);
            }
        }
    }
}

/// Facts a chunk of the parallel Turtle export holds at most, counted as one plus
/// the fact's sightings: small enough that the chunks in flight take little memory
/// and the last one ends soon after the others, large enough that a chunk's setup
/// (a writer, a set of the IRIs it met) is paid rarely.
const CHUNK_WEIGHT: usize = 2048;

/// Graphs smaller than this (entities plus facts) are written on one thread.
const PARALLEL_MIN_ITEMS: usize = 4096;

/// A run of the export's subjects, written as one fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Chunk {
    Relations,
    Entities(std::ops::Range<usize>),
    Facts(std::ops::Range<usize>),
}

/// The chunks of an export of `entities` and `facts`, in output order.
fn chunks(entities: usize, facts: &[FactRef<'_>], weight: usize) -> Vec<Chunk> {
    let weight = weight.max(1);
    let mut out = vec![Chunk::Relations];
    let mut start = 0;
    while start < entities {
        let end = entities.min(start + weight);
        out.push(Chunk::Entities(start..end));
        start = end;
    }
    let (mut start, mut load) = (0, 0);
    for (i, fact) in facts.iter().enumerate() {
        load += 1 + fact.provenance.len();
        if load >= weight {
            out.push(Chunk::Facts(start..i + 1));
            (start, load) = (i + 1, 0);
        }
    }
    if start < facts.len() {
        out.push(Chunk::Facts(start..facts.len()));
    }
    out
}

/// Numbers the IRIs of the documents of `facts`' records: id → number, equal IRIs
/// sharing one. `None` when an IRI holds `#` or `/sentence/`, where a sentence or
/// mention IRI could equal another document's IRI and only IRIs tell them apart.
fn doc_numbers<'g>(base: &Base, facts: &[FactRef<'g>]) -> Option<HashMap<&'g str, u32>> {
    let mut by_id: HashMap<&'g str, u32> = HashMap::default();
    let mut by_iri: HashMap<NamedNode, u32> = HashMap::default();
    for fact in facts {
        for record in fact.provenance {
            let Some(id) = record.document.as_deref() else {
                continue;
            };
            if by_id.contains_key(id) {
                continue;
            }
            let iri = base.document(id);
            if iri.as_str().contains('#') || iri.as_str().contains("/sentence/") {
                return None;
            }
            let next = u32::try_from(by_iri.len()).ok()?;
            let n = *by_iri.entry(iri).or_insert(next);
            by_id.insert(id, n);
        }
    }
    Some(by_id)
}

/// The documents, sentences and mentions the emitter meets in `facts`, each once:
/// exactly what it asks [`Emitter::describe`] about (see `source` and `mention`,
/// called from `fact_node`; the `none` mode meets none).
fn met_in(
    docs: &HashMap<&str, u32>,
    mode: ProvenanceMode,
    facts: &[FactRef<'_>],
) -> HashSet<Described> {
    let mut met = HashSet::default();
    if !matches!(mode, ProvenanceMode::Reification | ProvenanceMode::Rdf12) {
        return met;
    }
    for fact in facts {
        for record in fact.provenance {
            if *record == Provenance::default() {
                continue;
            }
            let Some(&d) = record.document.as_deref().and_then(|id| docs.get(id)) else {
                continue;
            };
            met.insert(Described::Document(d));
            if let Some(n) = record.sentence {
                met.insert(Described::Sentence(d, n));
            }
            for span in [
                record.subject_span,
                record.relation_span,
                record.object_span,
            ]
            .into_iter()
            .flatten()
            {
                met.insert(Described::Mention(d, span.begin, span.end));
            }
        }
    }
    met
}

/// Writes the Turtle of `graph` in chunks on the current rayon pool, joined in order:
/// the same bytes as [`TurtleWriter`] fed one quad at a time.
///
/// Two passes over the chunks, each in parallel with the results taken in order:
/// the first finds, for every document, sentence and mention, the first chunk that
/// meets it (which alone describes it, as the serial writer describes it where it
/// first meets it); the second writes each chunk into a fragment.
/// Writes the graph as Turtle on the calling thread, quad by quad.
fn write_turtle_serial<W: Write>(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    mut writer: TurtleWriter<W>,
) -> Result<W, RdfError> {
    let mut result = Ok(());
    for_each_quad_ref(graph, options, |q| {
        if result.is_ok() {
            result = writer.quad(q);
        }
    });
    result?;
    Ok(writer.finish()?)
}

fn write_turtle_chunked<W: Write>(
    graph: &KnowledgeGraph,
    options: &RdfOptions,
    mut writer: TurtleWriter<W>,
    weight: usize,
) -> Result<W, RdfError> {
    let (base, mode) = (&options.base, options.provenance);
    let relations = graph.relations();
    let concepts = &concepts_of(graph, |_| true);
    let entities: Vec<&Entity> = graph.entities().collect();
    let facts: Vec<FactRef<'_>> = graph.facts().collect();
    let Some(docs) = doc_numbers(base, &facts) else {
        // Rare document ids: the serial writer, which compares IRIs.
        return write_turtle_serial(graph, options, writer);
    };
    let docs = &docs;
    let chunks = chunks(entities.len(), &facts, weight);
    let window = rayon::current_num_threads() * 2;
    let mut owners: HashMap<Described, usize> = HashMap::default();
    crate::corpus::par_map_ordered(
        chunks.iter().enumerate(),
        window,
        |(k, chunk)| match chunk {
            Chunk::Facts(range) => (k, met_in(docs, mode, &facts[range.clone()])),
            _ => (k, HashSet::default()),
        },
        |(k, met)| {
            for iri in met {
                owners.entry(iri).or_insert(k);
            }
        },
    );
    let owners = &owners;
    let template = &writer.fragment();
    let mut result = Ok(());
    crate::corpus::par_map_ordered(
        chunks.iter().enumerate(),
        window,
        |(k, chunk)| {
            let mut w = template.fragment();
            let mut written = Ok(());
            let mut em = Emitter::new(base, |q: QuadRef<'_>| {
                if written.is_ok() {
                    written = w.quad(q);
                }
            });
            em.chunked = Some(Chunked {
                owners,
                docs,
                chunk: k,
                seen: HashSet::default(),
            });
            match chunk {
                Chunk::Relations => {
                    relations.iter().for_each(|r| em.relation(r));
                    concepts.iter().for_each(|c| em.concept(c));
                }
                Chunk::Entities(range) => {
                    entities[range.clone()]
                        .iter()
                        .for_each(|e| em.entity(e, mode));
                }
                Chunk::Facts(range) => facts[range.clone()].iter().for_each(|f| em.fact(*f, mode)),
            }
            drop(em);
            written.map(|()| w.finish_fragment())
        },
        |fragment| {
            if result.is_ok() {
                result = fragment.and_then(|f| writer.append(&f));
            }
        },
    );
    result?;
    Ok(writer.finish()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EntityRef, EntityType, Fact, Relation};
    use oxrdfio::{JsonLdProfileSet, RdfParser};

    fn sample() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let a = EntityRef::new("Ann \"<>\\{|} 🙂 עברית\u{0}")
            .unwrap()
            .with_type(EntityType::Person);
        let r = Relation::with_key("call_on", "calls on").unwrap();
        let b = EntityRef::new("B\tline\nbreak").unwrap();
        let record = Provenance {
            document: Some("doc 1/é".into()),
            sentence: Some(2),
            sentence_text: Some("Ann calls on B.\r\u{1}".into()),
            sentence_span: CharSpan::new(10, 25),
            subject_span: CharSpan::new(10, 13),
            relation_span: CharSpan::new(14, 19),
            object_span: CharSpan::new(20, 21),
            confidence: Some(0.75),
            attribution: None,
            negated: false,
            modality: None,
            factuality: Some(1.25),
        };
        g.add_fact(Fact::new(a.clone(), r.clone(), b.clone()).with_provenance(record.clone()));
        g.add_fact(Fact::new(a.clone(), r, b).with_provenance(record));
        g.add_fact(Fact::new(
            a.clone(),
            Relation::new("wins").unwrap(),
            Literal::infer("66.1%").unwrap(),
        ));
        g.add_alias(&a, "Annie").unwrap();
        g.add_join(&a, "Ann", "same name: \"Ann\" ~ \"A\"\n")
            .unwrap();
        g
    }

    #[test]
    fn every_compatible_format_and_mode_round_trips() {
        let g = sample();
        let formats = [
            RdfFormat::Turtle,
            RdfFormat::NTriples,
            RdfFormat::NQuads,
            RdfFormat::TriG,
            RdfFormat::RdfXml,
            RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        ];
        for mode in [
            ProvenanceMode::None,
            ProvenanceMode::Reification,
            ProvenanceMode::Graphs,
            ProvenanceMode::Rdf12,
        ] {
            let opts = RdfOptions::new().with_provenance(mode);
            let mut expected = quads(&g, &opts);
            expected.sort_by_key(ToString::to_string);
            expected.dedup();
            for format in formats {
                if check_compatible(mode, format).is_err() {
                    continue;
                }
                let bytes = write(&g, &opts, format, Vec::new()).unwrap();
                let mut got: Vec<Quad> = RdfParser::from_format(format)
                    .for_slice(&bytes)
                    .collect::<Result<_, _>>()
                    .unwrap_or_else(|e| {
                        panic!("{mode} {format}: {e}\n{}", String::from_utf8_lossy(&bytes))
                    });
                got.sort_by_key(ToString::to_string);
                got.dedup();
                assert_eq!(got, expected, "{mode} {format}");
            }
        }
    }

    #[test]
    fn many_sightings_of_one_fact_get_distinct_evidence_in_linear_time() {
        // 20 000 sightings, half of them identical pairs: numbering identical
        // records used to compare each with all earlier ones (O(k²)).
        let mut g = KnowledgeGraph::new();
        let a = EntityRef::new("Ann").unwrap();
        let b = EntityRef::new("Bob").unwrap();
        let r = Relation::new("meet").unwrap();
        for i in 0..20_000u32 {
            let record = Provenance {
                document: Some("d".into()),
                sentence: Some(i / 2),
                confidence: Some(if i % 2 == 0 { 0.0 } else { -0.0 }),
                ..Provenance::default()
            };
            g.add_fact(Fact::new(a.clone(), r.clone(), b.clone()).with_provenance(record));
        }
        let start = std::time::Instant::now();
        let quads = quads(&g, &RdfOptions::new());
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        let evidence: HashSet<_> = quads
            .iter()
            .filter(|q| q.predicate.as_ref() == kg::EVIDENCE_PROP)
            .map(|q| q.object.clone())
            .collect();
        assert_eq!(evidence.len(), 20_000, "every sighting has its own node");
    }

    /// A graph that stresses the joints of the chunked Turtle export: runs of facts
    /// with one subject and one relation (joined by `;` and `,` across chunks),
    /// documents, sentences and mentions met again far from where they were first
    /// described, records without document or sentence, empty and repeated records,
    /// attributed sightings, literal objects, names that need escapes.
    fn hostile() -> KnowledgeGraph {
        let mut g = sample();
        let names = [
            "Ann \"<>\\{|} 🙂 עברית\u{0}",
            "Bob",
            "B\tline\nbreak",
            ".dot-start",
            "x:y/z?#%",
            "Zoë",
        ];
        let entity = |i: usize| {
            let e =
                EntityRef::new(&format!("{} {}", names[i % names.len()], i / names.len())).unwrap();
            if i % 3 == 0 {
                e.with_type(EntityType::Person)
            } else {
                e
            }
        };
        let mut x: u64 = 7;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (x >> 33) % n
        };
        for i in 0..400usize {
            // Long runs of one subject and relation, then a change.
            let subject = entity(i / 9);
            let relation = Relation::new(["meet", "say", "win"][i / 4 % 3]).unwrap();
            let mut fact = if i % 7 == 3 {
                Fact::new(subject, relation, Literal::infer(&format!("{i}%")).unwrap())
            } else {
                Fact::new(subject, relation, entity(next(40) as usize))
            };
            for _ in 0..next(4) {
                let doc = next(5);
                let record = match next(6) {
                    0 => Provenance::default(),
                    1 => Provenance {
                        document: Some(format!("doc {doc}/é")),
                        ..Provenance::default()
                    },
                    k => {
                        let begin = next(30) as u32;
                        Provenance {
                            document: Some(format!("doc {doc}/é")),
                            sentence: (k != 2).then(|| next(4) as u32),
                            sentence_text: Some(format!("Sentence \"{k}\".")),
                            sentence_span: CharSpan::new(begin, begin + 20),
                            subject_span: CharSpan::new(begin, begin + 3),
                            relation_span: (k > 3)
                                .then(|| CharSpan::new(begin + 4, begin + 6))
                                .flatten(),
                            object_span: CharSpan::new(begin + 7, begin + 9),
                            confidence: Some(f64::from(k as u32) / 8.0),
                            attribution: (k == 5).then(|| Attribution {
                                speaker: entity(1),
                                verb: "say".into(),
                            }),
                            // Claims of every kind: negated, modal, both, with a speaker.
                            negated: k == 4 || (k == 5 && doc % 2 == 0),
                            modality: (k == 3 || k == 5).then(|| {
                                crate::extract::ModalityKind::ALL
                                    [doc as usize % crate::extract::ModalityKind::ALL.len()]
                            }),
                            factuality: (k != 2).then(|| f64::from(k as u32) / 4.0 - 0.75),
                        }
                    }
                };
                fact = fact.with_provenance(record);
            }
            g.add_fact(fact);
        }
        g
    }

    fn serial_turtle(g: &KnowledgeGraph, opts: &RdfOptions) -> Vec<u8> {
        rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap()
            .install(|| write(g, opts, RdfFormat::Turtle, Vec::new()).unwrap())
    }

    #[test]
    fn chunked_turtle_is_the_serial_turtle_wherever_the_chunks_are_cut() {
        let g = hostile();
        let two = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        for mode in [
            ProvenanceMode::None,
            ProvenanceMode::Reification,
            ProvenanceMode::Rdf12,
        ] {
            let opts = RdfOptions::new().with_provenance(mode);
            let serial = serial_turtle(&g, &opts);
            let text = String::from_utf8_lossy(&serial);
            // The joints the test is about do occur.
            assert!(text.contains(" ;\n\t") && text.contains(" , "), "{mode}");
            for weight in [1, 2, 3, 5, 8, 13, 64, 100_000] {
                for pool in [&two, &one] {
                    let chunked = pool.install(|| {
                        let prefixes = vocab::PREFIXES
                            .iter()
                            .map(|(p, i)| ((*p).to_owned(), (*i).to_owned()))
                            .chain([
                                ("kgr".to_owned(), opts.base.relation_ns()),
                                ("kge".to_owned(), opts.base.entity_ns()),
                                ("kgf".to_owned(), opts.base.fact_ns()),
                                ("kgd".to_owned(), opts.base.document_ns()),
                            ]);
                        let w = TurtleWriter::new(Vec::new(), prefixes);
                        write_turtle_chunked(&g, &opts, w, weight).unwrap()
                    });
                    assert!(
                        chunked == serial,
                        "{mode}, weight {weight}:\n{}",
                        String::from_utf8_lossy(&chunked)
                    );
                }
            }
        }
    }

    #[test]
    fn rdf_write_gives_the_same_turtle_on_one_and_two_threads() {
        // Big enough for the parallel path of `write`.
        let mut g = hostile();
        for i in 0..PARALLEL_MIN_ITEMS {
            let a = EntityRef::new(&format!("Person {i}")).unwrap();
            let b = EntityRef::new(&format!("Place {}", i % 50)).unwrap();
            let record = Provenance {
                document: Some(format!("d{}", i % 13)),
                sentence: Some((i % 7) as u32),
                subject_span: CharSpan::new(0, 3),
                ..Provenance::default()
            };
            g.add_fact(Fact::new(a, Relation::new("visit").unwrap(), b).with_provenance(record));
        }
        assert!(g.entity_count() + g.fact_count() >= PARALLEL_MIN_ITEMS);
        let opts = RdfOptions::new();
        let serial = serial_turtle(&g, &opts);
        let parallel = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap()
            .install(|| write(&g, &opts, RdfFormat::Turtle, Vec::new()).unwrap());
        assert!(parallel == serial);
        // And it is Turtle that reads back.
        let n = RdfParser::from_format(RdfFormat::Turtle)
            .for_slice(&parallel)
            .count();
        assert_eq!(n, quads(&g, &opts).len());
    }

    #[test]
    fn an_empty_graph_is_empty_turtle_in_chunks_too() {
        let g = KnowledgeGraph::new();
        let opts = RdfOptions::new();
        let w = TurtleWriter::new(Vec::new(), [("ex".to_owned(), "http://e/".to_owned())]);
        assert!(write_turtle_chunked(&g, &opts, w, 1).unwrap().is_empty());
        assert!(serial_turtle(&g, &opts).is_empty());
    }

    #[test]
    fn chunked_turtle_is_right_where_a_document_iri_looks_like_a_sentence_or_mention() {
        let mut g = sample();
        let r = Relation::new("meet").unwrap();
        for (i, doc) in ["a", "a/sentence/1", "a#char=0,3", "a", "b"]
            .iter()
            .enumerate()
        {
            let record = Provenance {
                document: Some((*doc).to_owned()),
                sentence: Some(1),
                subject_span: CharSpan::new(0, 3),
                ..Provenance::default()
            };
            let who = EntityRef::new(&format!("P{i}")).unwrap();
            g.add_fact(
                Fact::new(who, r.clone(), EntityRef::new("Q").unwrap()).with_provenance(record),
            );
        }
        let opts = RdfOptions::new();
        let serial = serial_turtle(&g, &opts);
        for weight in [1, 2, 100] {
            let w = TurtleWriter::new(Vec::new(), [("ex".to_owned(), "http://e/".to_owned())]);
            let w0 = TurtleWriter::new(Vec::new(), [("ex".to_owned(), "http://e/".to_owned())]);
            let chunked = write_turtle_chunked(&g, &opts, w, weight).unwrap();
            let mut one = w0;
            for_each_quad_ref(&g, &opts, |q| one.quad(q).unwrap());
            assert!(chunked == one.finish().unwrap(), "weight {weight}");
        }
        assert!(!serial.is_empty());
    }
}
