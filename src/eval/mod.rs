//! Evaluation: scorers for tagging, parsing, entities, extraction and coreference.
//! Sits above the stages it measures.
pub mod attachment;

pub mod carb;
pub mod conll18;
pub mod coref;
pub mod gum;
pub mod judged;
pub mod ner;
pub mod nodes;
pub mod text2kg;
pub mod ud;

#[cfg(test)]
mod carb_tests;
pub mod uds;
