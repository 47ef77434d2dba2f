//! Exporters: RDF in six formats ([`rdf`]) and Graphviz DOT ([`dot`]).
//!
//! [`Format`] names every output format and knows its extension; [`Base`] mints the
//! deterministic IRIs; [`vocab`] holds the ontology's IRIs and embeds
//! `ontology/kg.ttl` and `ontology/shapes.ttl`.

pub mod dot;
mod format;
mod iri;
pub mod rdf;
pub mod read;
mod turtle;
pub mod vocab;

pub use format::Format;
pub use iri::{Base, BaseError, DEFAULT_BASE};
pub use rdf::{ProvenanceMode, RdfOptions};
