//! Training: builds kg's models from treebanks. Sits above [`crate::nlp`]; inference never uses it.
pub mod parser;

pub mod factuality;
pub mod lemma;
pub mod ner;
pub mod noun_types;
pub mod tagger;
pub mod tokenizer;
