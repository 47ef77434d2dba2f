//! The triple-store side of kg: sending graphs to stores and checking them.
//!
//! - [`push`]: a SPARQL 1.1 Graph Store HTTP Protocol client ([`push::Pusher`]) that sends any
//!   RDF kg reads to a store, in chunks, with bounded retries;
//! - [`validate`]: SHACL Core validation ([`validate::Shapes`]) of a graph against shapes such
//!   as `ontology/shapes.ttl`.

pub mod push;
pub mod validate;
