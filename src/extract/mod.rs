//! Open information extraction: subject–relation–object facts from dependency trees.
//!
//! The main types are [`Extractor`] (the rules and their settings) and [`Extraction`] (one fact:
//! [`Argument`]s, a [`Predicate`] with its normalised key, polarity and [`Modality`], an optional
//! attribution and a confidence). The extractor reads only what the analysis stages fill in —
//! tokens, tags, lemmas, heads, relations and entity mentions — and works clause by clause, in the
//! manner of ClausIE (Del Corro and Gemulla, "ClausIE: Clause-Based Open Information Extraction",
//! WWW 2013):
//!
//! 1. [`clause`] finds predicates (verbs, and nominals with a copula) and their subjects, which may
//!    be inherited through coordination ("X came and saw"), control ("X tried to go", "A called
//!    on B to go"), relative clauses and participles ("the forces operating in Y");
//! 2. [`arguments`] cuts argument spans from the tree;
//! 3. [`relation`] builds the relation phrase and its key (`call_on`, `pay_visit_to`);
//! 4. further facts come from appositions ("A, the winner, …" → A is winner), possessives
//!    ("France's election" → France has election) and nominalisations through a derivation table
//!    ("a congratulatory telegram from A to B" → A congratulate B);
//! 5. [`confidence`] scores each fact.
//!
//! Coordinated subjects and objects are split into separate facts. Cost is linear in the sentence
//! length (times small constants: coordination products are capped), and no rule recurses
//! without a bound, so malformed trees are safe.

pub mod arguments;
pub mod clause;
mod clause_facts;
pub mod confidence;
mod context;
mod derived;
mod record;
pub mod relation;
mod stance;
mod types;

pub use record::{fact_records, DocumentRecord, FactRecord};
pub use types::{ArgRole, Argument, Construction, Extraction, Modality, ModalityKind, Predicate};

use crate::document::{Document, Sentence};
use arguments::SpanRules;
use clause::{find_clauses, Tree};
use context::Ctx;
use rustc_hash::FxHashMap as HashMap;
use stance::quoted_tokens;

/// The derivation table (`models/derivations.tsv`): nominalisation or derived adjective → verb.
const DERIVATIONS: &str = include_str!("../../models/derivations.tsv");

/// The rule-based extractor.
///
/// ```
/// let x = kg::Extractor::new().with_split_coordination(false);
/// # let _ = x;
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    split: bool,
    derived: bool,
    names: bool,
    rules: SpanRules,
    derivations: HashMap<String, String>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

impl Extractor {
    /// The extractor with default settings: coordination split, derived facts on.
    #[must_use]
    pub fn new() -> Self {
        let mut derivations = HashMap::default();
        for line in DERIVATIONS.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((w, v)) = line.split_once('\t') {
                derivations.insert(w.trim().to_string(), v.trim().to_string());
            }
        }
        Self {
            split: true,
            derived: true,
            names: true,
            rules: SpanRules::default(),
            derivations,
        }
    }

    /// Whether coordinated subjects and objects give one fact per conjunct (default true).
    #[must_use]
    pub fn with_split_coordination(mut self, split: bool) -> Self {
        self.split = split;
        self.rules.conjuncts = split;
        self
    }

    /// Whether a common-noun argument with an appositive name is replaced by the name
    /// ("His rival, A, won" → A won; default true, for the graph).
    #[must_use]
    pub fn with_apposition_names(mut self, names: bool) -> Self {
        self.names = names;
        self
    }

    /// Whether appositions, possessives and nominalisations give facts (default true).
    #[must_use]
    pub fn with_derived_facts(mut self, derived: bool) -> Self {
        self.derived = derived;
        self
    }

    /// The argument span rules.
    #[must_use]
    pub fn with_span_rules(mut self, rules: SpanRules) -> Self {
        self.rules = rules;
        self.split = rules.conjuncts;
        self
    }

    /// The verb a nominalisation or derived adjective comes from ("victory" → "win").
    #[must_use]
    pub fn derivation(&self, word: &str) -> Option<&str> {
        self.derivations.get(word).map(String::as_str)
    }

    /// Extracts the facts of every sentence of `doc`, in sentence order.
    ///
    /// Linear in the number of tokens; never panics, whatever the heads and labels.
    #[must_use]
    pub fn extract(&self, doc: &Document) -> Vec<Extraction> {
        let mut out = Vec::new();
        let quoted = quoted_tokens(doc);
        for (si, s) in doc.sentences.iter().enumerate() {
            let Some(tokens) = doc.tokens.get(s.token_range()) else {
                continue;
            };
            let quoted = quoted.get(s.token_range()).unwrap_or(&[]);
            self.extract_sentence(tokens, s, si, quoted, &mut out);
        }
        out
    }

    /// Extracts the facts of one sentence's tokens into `out`.
    fn extract_sentence(
        &self,
        tokens: &[crate::document::Token],
        s: &Sentence,
        sentence: usize,
        quoted: &[bool],
        out: &mut Vec<Extraction>,
    ) {
        let tree = Tree::new(tokens);
        let clauses = find_clauses(&tree);
        let mut by_pred = vec![None; tree.len()];
        for (k, c) in clauses.iter().enumerate() {
            by_pred[c.predicate as usize] = Some(k as u32);
        }
        let ctx = Ctx {
            tree,
            entities: &s.entities,
            factuality: &s.factuality,
            first_token: s.first_token,
            quoted,
            sentence,
            clauses,
            by_pred,
        };
        for k in 0..ctx.clauses.len() {
            self.clause_facts(&ctx, k, out);
        }
        if self.derived {
            self.derived_facts(&ctx, out);
        }
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `extract`.
    #[test]
    fn doc_extract() -> Result<(), Box<dyn std::error::Error>> {
        use crate::Extractor;
        let conllu = "1\tBirds\tbird\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\teat\teat\tVERB\tVBP\t_\t0\troot\t_\t_\n3\tseeds\tseed\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\n";
        let doc = crate::formats::conllu::to_document(
            "d",
            &crate::formats::conllu::read(conllu.as_bytes(), "x")?,
        );
        let facts = Extractor::new().extract(&doc);
        assert_eq!(facts[0].subject.text, "Birds");
        assert_eq!(facts[0].relation.key, "eat");
        assert_eq!(
            facts[0].object.as_ref().map(|o| o.text.as_str()),
            Some("seeds")
        );
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! The facts of short invented sentences, through the real pipeline: what the
    //! construction tests of each file read.
    use crate::{Document, Extraction, Extractor, Pipeline};
    use std::sync::OnceLock;

    /// The facts `extractor` finds in `text`, analysed by the embedded pipeline.
    pub(crate) fn facts_with(text: &str, extractor: &Extractor) -> Vec<Extraction> {
        extractor.extract(&analysed(text))
    }

    /// The facts the default extractor finds in `text`.
    pub(crate) fn facts(text: &str) -> Vec<Extraction> {
        facts_with(text, &Extractor::new())
    }

    /// `text` analysed by the embedded pipeline (loaded once).
    pub(crate) fn analysed(text: &str) -> Document {
        static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
        let pipeline = PIPELINE.get_or_init(|| Pipeline::embedded().expect("embedded models load"));
        let mut doc = Document::new("t", text);
        pipeline.analyze(&mut doc);
        doc
    }

    /// (subject, relation key, object) of each fact, for messages.
    pub(crate) fn triples(facts: &[Extraction]) -> Vec<(String, String, String)> {
        facts
            .iter()
            .map(|f| {
                (
                    f.subject.text.clone(),
                    f.relation.key.clone(),
                    object(f).to_string(),
                )
            })
            .collect()
    }

    /// The object's text, or "" without one.
    pub(crate) fn object(f: &Extraction) -> &str {
        f.object.as_ref().map_or("", |o| o.text.as_str())
    }

    /// The one fact with this subject text and relation key; panics, listing the facts, when
    /// there is none.
    pub(crate) fn fact<'a>(facts: &'a [Extraction], subject: &str, key: &str) -> &'a Extraction {
        facts
            .iter()
            .find(|f| f.subject.text == subject && f.relation.key == key)
            .unwrap_or_else(|| panic!("no ({subject}, {key}) in {:?}", triples(facts)))
    }
}
