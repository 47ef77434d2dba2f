//! Text analysis: everything that turns raw text into an annotated [`crate::document::Document`].
//!
//! The models are trained by kg itself (see `kg train`) and embedded in the binary.

pub mod compact;
pub mod coref;
pub mod factuality;
pub(crate) mod headline;
pub mod lemma;
pub mod model;
pub mod ner;
pub mod noun_types;
pub mod parser;
pub mod perceptron;
pub mod pipeline;
pub mod tagger;
pub mod titles;
pub mod tokenize;
pub mod values;
pub mod verb_voice;

#[cfg(test)]
mod factuality_tests;
#[cfg(test)]
mod ner_tests;
#[cfg(test)]
mod tokenize_tests;
