//! kg builds knowledge graphs from English text.
//!
//! The data flows one way, each stage a module that knows only the ones before it:
//!
//! ```text
//! text --nlp (tokenize, tag, lemmatize, parse, ner)--> document::Document
//!      --extract--> extractions --graph--> graph::KnowledgeGraph --export--> RDF, DOT
//! ```
//!
//! Training ([`train`]) and evaluation ([`eval`]) sit above the stages and are
//! never used by them.
#![doc(test(attr(deny(warnings))))]

pub mod build;
pub mod coref;
pub mod corpus;
pub mod document;
pub mod eval;
pub mod export;
pub mod extract;
pub mod graph;
pub mod io;
pub mod nlp;
pub mod store;
pub mod train;
