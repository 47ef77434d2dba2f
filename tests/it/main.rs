//! kg's integration tests: one binary, one module per area.

mod common;
mod extract;
mod spine;
mod tagger;
mod tokenize;
