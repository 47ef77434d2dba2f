//! kg's integration tests: one binary, one module per area.

mod common;
mod coref;
mod extract;
mod factuality;
mod faults;
mod fuzz;
mod merge;
mod ner;
mod nodes;
mod noun_types;
mod ontology;
mod parser;
mod pipeline;
mod robustness;
mod safety;
mod scale;
mod spine;
mod store;
mod tagger;
mod text2kg;
mod tokenize;
