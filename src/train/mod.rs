//! Training: builds kg's models from treebanks. Sits above [`crate::nlp`]; inference never uses it.
//!
//! The perceptron `Trainer`, the parser's oracles and the NER training loop live here; `nlp`
//! keeps what inference needs (the frozen models and their features).

pub mod factuality;
pub mod lemma;
pub mod ner;
pub mod noun_types;
pub mod oracle;
pub mod parser;
pub mod perceptron;
pub mod tagger;
pub mod tokenizer;
pub mod verb_voice;

// The suites that train models or score them against treebanks (they need `train` and `eval`,
// which `nlp` never uses).
#[cfg(test)]
mod lemma_tests;
#[cfg(test)]
mod parser_tests;
#[cfg(test)]
mod tagger_tests;
#[cfg(test)]
mod tokenizer_tests;
