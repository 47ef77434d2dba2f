//! kg's integration tests: one binary, one module per area.

mod common;
mod spine;
mod tagger;
mod tokenize;
mod store;
