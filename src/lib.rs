//! kg builds knowledge graphs from English text: RDF for triple stores, DOT for pictures.
//!
//! The data flows one way; each stage knows only the ones before it:
//!
//! ```text
//! &str --Pipeline--> Document --Extractor--> Vec<Extraction> --TextGraphBuilder--> KnowledgeGraph
//!      (tokens, tags, lemmas,     (clause facts with              (entities, relations, facts
//!       parse, entities)           provenance spans)               with provenance, aliases)
//!                                                       KnowledgeGraph --write_rdf / write_dot--> bytes
//! ```
//!
//! The models (tokenizer, tagger, lemmatizer, parser, entity recognizer) are trained by
//! `kg train` and embedded in the library; [`Pipeline::from_dir`] loads retrained ones.
//!
//! ```
//! use kg::{KnowledgeGraph, RdfFormat, RdfOptions, TextGraphBuilder};
//!
//! let builder = TextGraphBuilder::embedded()?;
//! let mut graph = KnowledgeGraph::new();
//! builder.add_text(&mut graph, "doc1", "Anna Smith founded Acme Corporation in 2001.");
//! let turtle = kg::write_rdf(&graph, &RdfOptions::new(), RdfFormat::Turtle, Vec::new())?;
//! assert!(String::from_utf8(turtle)?.contains("kge:anna_smith"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Stage by stage, the same sentence:
//!
//! ```
//! use kg::{Document, Extractor, Pipeline};
//!
//! let pipeline = Pipeline::embedded()?;
//! let mut doc = Document::new("doc1", "Lindqvist congratulated Santos.");
//! pipeline.analyze(&mut doc);
//! let facts = Extractor::new().extract(&doc);
//! assert_eq!(facts[0].relation.key, "congratulate");
//! assert_eq!(facts[0].subject.text, "Lindqvist");
//! # Ok::<(), kg::ModelError>(())
//! ```
//!
//! The `kg` binary is [`cli`] (the `cli` feature, on by default); `push` needs the `store`
//! feature (on by default).
#![doc(test(attr(deny(warnings))))]
#![deny(missing_docs)]
// Training and evaluation (`kg train`, `kg eval`) are reached only through the command line;
// a build without it (`default-features = false`) compiles them but leaves them unused.
#![cfg_attr(not(feature = "cli"), allow(dead_code))]

mod build;
mod corpus;
mod document;
mod eval;
mod export;
mod extract;
mod formats;
mod graph;
mod hashing;
mod io;
mod lexicon;
mod mapper;
mod nlp;
mod store;
mod train;

#[cfg(test)]
mod testing;

#[cfg(feature = "cli")]
pub mod cli;

// Text analysis: text → Document.
pub use document::{
    ByteSpan, CharOffsets, Cluster, CorefMention, Coreference, Document, EntityKind, Head, Mention,
    MentionKind, PredicateFactuality, Sentence, Token, TokenEntity, TokenIndex, Upos,
};
pub use formats::conllu::{
    read as read_conllu_from, read_path as read_conllu, ConlluError, ConlluSentence, MultiwordToken,
};
pub use formats::ontology::{Ontology, OntologyClass, OntologyProperty, PropertyKind};
pub use formats::ParseError;
pub use nlp::lemma::Lemmatizer;
pub use nlp::model::ModelError;
pub use nlp::ner::EntityRecognizer;
pub use nlp::noun_types::{NounClass, NounKind, NounTypes, NounTypesError};
pub use nlp::parser::Parser;
pub use nlp::pipeline::{Pipeline, Stages};
pub use nlp::tagger::Tagger;
pub use nlp::tokenize::Tokenizer;
pub use nlp::verb_voice::{VerbCounts, VerbVoice, VerbVoiceError};

pub use nlp::coref::CorefOptions;

// Extraction: Document → facts of each clause.
pub use extract::{
    fact_records, ArgRole, Argument, Construction, DocumentRecord, Extraction, Extractor,
    FactRecord, Modality, ModalityKind, Predicate,
};

// The graph: facts merged into entities and relations with provenance.
pub use build::{BuildStats, TextGraphBuilder};
pub use formats::triples::{TriplesError, TriplesFormat};
pub use graph::alias::AliasGroup;
pub use graph::{
    Attribution, CharSpan, Entity, EntityRef, EntityType, Fact, FactRef, GraphError,
    KnowledgeGraph, Literal, LiteralKind, Object, ObjectRef, Provenance, Relation,
};

// Writers: the graph → RDF and DOT.
pub use export::dot::{write as write_dot, DotOptions};
pub use export::rdf::{write as write_rdf, RdfError};
pub use export::vocab::{ONTOLOGY_TTL, SHAPES_TTL};
pub use export::{Base, BaseError, Format, ProvenanceMode, RdfOptions, DEFAULT_BASE};
pub use oxrdfio::RdfFormat;

// Stores: SPARQL over a graph, SHACL validation, pushing to a triple store.
#[cfg(feature = "store")]
pub use store::push::{Credentials, PushError, PushReport, Pusher};
pub use store::validate::{Report, Shapes, ValidateError, Violation};
pub use store::{load as load_store, query, ResultsFormat, StoreError};
