//! Dependency parser: a greedy transition-based parser (arc-hybrid, root last)
//! with an averaged perceptron, trained with a dynamic oracle, predicting
//! heads and full UD labels (`nsubj:pass`, `obl:tmod`, …) for one sentence.
//!
//! * [`system`]: the transition system and parser configurations;
//! * `train::oracle`: static and dynamic oracles (used by training and tests);
//! * [`features`]: the feature templates;
//! * [`projective`]: pseudo-projective lifting and lowering for non-projective trees.
//!
//! [`Parser::parse`] reads each token's form, XPOS and UPOS and sets `head`
//! (1-based, 0 = root) and `deprel`. Whatever the input (empty, one token,
//! thousands of tokens, untagged tokens) it never panics and always produces a
//! tree: exactly one token attached to the root, every other token one head, no
//! cycle. It runs in time linear in the sentence length (2n transitions),
//! apart from the rare lowering of lifted arcs, and uses no recursion.
//!
//! ```no_run
//! use kg::{ByteSpan, Token, Upos};
//! use kg::Parser;
//!
//! let parser = Parser::embedded()?;
//! let mut tokens: Vec<Token> = [("Dogs", Upos::Noun, "NNS"), ("bark", Upos::Verb, "VBP")]
//!     .into_iter()
//!     .map(|(form, upos, xpos)| Token { upos, xpos: xpos.into(), ..Token::new(form, ByteSpan::default()) })
//!     .collect();
//! parser.parse(&mut tokens);
//! assert_eq!(tokens[1].head, Some(kg::Head::Root));
//! assert_eq!(tokens[0].head_word(), Some(kg::TokenIndex::new(1)));
//! assert_eq!(tokens[0].deprel, "nsubj");
//! # Ok::<(), kg::ModelError>(())
//! ```
//!
//! References: M. Kuhlmann, C. Gómez-Rodríguez and G. Satta, "Dynamic Programming
//! Algorithms for Transition-Based Dependency Parsers", ACL 2011 (arc-hybrid);
//! Y. Goldberg and J. Nivre, COLING 2012 and TACL 2013 (dynamic oracles);
//! Y. Zhang and J. Nivre, ACL 2011 (features); J. Nivre and J. Nilsson, ACL 2005
//! (pseudo-projective parsing).

mod beam;
mod constraints;
pub mod features;
pub mod projective;
pub mod system;

use crate::document::{Head, Token};
use crate::nlp::compact::{CompactWeights, PackedWeights};
use crate::nlp::model::{self, ModelError, ModelKind};
pub use beam::BeamOptions;
use serde::{Deserialize, Serialize};
use std::sync::{Arc, OnceLock};
use system::{State, Transition};

/// Version of the parser's model payload; bump when [`ParserModel`] or the features change.
/// Version 3 adds [`ParserModel::dropped_templates`]; version 2 stores the weight rows
/// compactly (see [`CompactWeights`]). Version 1 and 2 files still load (no template dropped).
pub const PAYLOAD_VERSION: u16 = 3;

/// The label of the word attached to the root.
pub const ROOT_LABEL: &str = "root";

static EMBEDDED: &[u8] = include_bytes!("../../../models/parser.kgm");

/// What a parser model file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ParserModel {
    /// Label table: label id → UD relation (lifted labels carry [`projective::LIFT_MARK`]).
    pub labels: Vec<String>,
    /// Id of [`ROOT_LABEL`] in `labels`.
    pub root_label: u16,
    /// Weights over [`Transition`] classes.
    pub weights: PackedWeights,
    /// Feature templates left out when parsing (bit `i` = template `i`, see
    /// [`features::extract_masked`]): templates that cost lookups without paying in accuracy.
    pub dropped_templates: u128,
}

/// Payload of versions 1 and 2 (version 1 with fixed-width weight rows).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ParserModelV2 {
    labels: Vec<String>,
    root_label: u16,
    weights: PackedWeights,
}

/// A trained dependency parser. Cloning is cheap: the weights are shared.
#[derive(Debug, Clone)]
pub struct Parser {
    labels: Vec<String>,
    root_label: u16,
    weights: Arc<CompactWeights>,
    dropped_templates: u128,
    beam: BeamOptions,
}

impl Parser {
    /// The parser embedded in the binary (`models/parser.kgm`), decoded on
    /// the first call; later calls return a cheap clone sharing its weights.
    ///
    /// # Errors
    /// When the embedded file does not decode (a build with a broken model).
    pub fn embedded() -> Result<Self, ModelError> {
        static PARSER: OnceLock<Result<Parser, String>> = OnceLock::new();
        PARSER
            .get_or_init(|| Self::from_bytes(EMBEDDED).map_err(|e| e.to_string()))
            .clone()
            .map_err(ModelError::Payload)
    }

    /// Decodes a parser model file.
    ///
    /// # Errors
    /// Any header or payload error of `model::decode`, or
    /// [`ModelError::Payload`] when the label table does not fit the weights.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        match model::decode::<ParserModel>(bytes, ModelKind::PARSER, PAYLOAD_VERSION) {
            Ok(m) => Self::from_model(m),
            // Version 2 has no dropped templates.
            Err(ModelError::PayloadVersion { found: 2, .. }) => {
                let m: ParserModelV2 = model::decode(bytes, ModelKind::PARSER, 2)?;
                let weights =
                    CompactWeights::from_packed(&m.weights).map_err(ModelError::Payload)?;
                Self::new(m.labels, m.root_label, weights)
            }
            // Version 1 also has fixed-width weight rows.
            Err(ModelError::PayloadVersion { found: 1, .. }) => {
                let m: ParserModelV2 = model::decode(bytes, ModelKind::PARSER, 1)?;
                let weights =
                    CompactWeights::from_packed_v1(&m.weights).map_err(ModelError::Payload)?;
                Self::new(m.labels, m.root_label, weights)
            }
            Err(e) => Err(e),
        }
    }

    /// Wraps a model after checking that it is usable (used by training).
    ///
    /// # Errors
    /// [`ModelError::Payload`] when the label table is too small, lacks the root
    /// label, or does not match the number of classes of the weights.
    pub(crate) fn from_model(model: ParserModel) -> Result<Self, ModelError> {
        let weights = CompactWeights::from_packed(&model.weights).map_err(ModelError::Payload)?;
        Ok(Self::new(model.labels, model.root_label, weights)?
            .with_dropped_templates(model.dropped_templates))
    }

    /// The same parser leaving out the feature templates whose bit is set in
    /// `dropped` (bit `i` = template `i`; bits from [`features::N_TEMPLATES`] on are
    /// ignored). Other features are unchanged (see [`features::extract_masked`]).
    #[must_use]
    pub(crate) fn with_dropped_templates(mut self, dropped: u128) -> Self {
        self.dropped_templates = dropped & ((1u128 << features::N_TEMPLATES) - 1);
        self
    }

    /// The same parser decoding with a beam (width 1 is greedy parsing, the default).
    /// A beam of 4 gains about 1.3 UAS and LAS on EWT dev at about a third of the speed
    /// (see `models/MODELS.md`).
    ///
    /// ```
    /// let parser = kg::Parser::embedded()?.with_beam_width(4);
    /// assert_eq!(parser.beam_width(), 4);
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn with_beam_width(self, width: usize) -> Self {
        self.with_beam(BeamOptions::new(width))
    }

    /// The same parser decoding with these beam settings (width, temperature, margin).
    #[must_use]
    pub(crate) fn with_beam(mut self, beam: BeamOptions) -> Self {
        self.beam = beam;
        self
    }

    /// How many paths the parser keeps (1: greedy).
    #[must_use]
    pub fn beam_width(&self) -> usize {
        self.beam.width
    }

    /// The feature templates left out when parsing (bit `i` = template `i`).
    #[must_use]
    pub(crate) fn dropped_templates(&self) -> u128 {
        self.dropped_templates
    }

    /// A parser from its parts, checked as `from_model` does.
    ///
    /// # Errors
    /// As `from_model`.
    pub(crate) fn new(
        labels: Vec<String>,
        root_label: u16,
        weights: CompactWeights,
    ) -> Result<Self, ModelError> {
        let n = labels.len();
        if n < 2 || n > usize::from(u16::MAX / 2) {
            return Err(ModelError::Payload(format!(
                "parser needs 2 to {} labels, found {n}",
                u16::MAX / 2
            )));
        }
        if labels.get(usize::from(root_label)).map(String::as_str) != Some(ROOT_LABEL) {
            return Err(ModelError::Payload("parser root label id is wrong".into()));
        }
        if weights.n_classes() != Transition::n_classes(n) {
            return Err(ModelError::Payload(format!(
                "parser weights have {} classes, labels need {}",
                weights.n_classes(),
                Transition::n_classes(n)
            )));
        }
        Ok(Self {
            labels,
            root_label,
            weights: Arc::new(weights),
            dropped_templates: 0,
            beam: BeamOptions::new(1),
        })
    }

    /// The serialisable model.
    #[must_use]
    pub(crate) fn to_model(&self) -> ParserModel {
        ParserModel {
            labels: self.labels.clone(),
            root_label: self.root_label,
            weights: self.weights.to_packed(),
            dropped_templates: self.dropped_templates,
        }
    }

    /// The label table (label id → relation; lifted labels carry [`projective::LIFT_MARK`]).
    #[cfg(test)]
    pub(crate) fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The same parser without weights of absolute value at most `threshold`.
    #[must_use]
    pub(crate) fn pruned(&self, threshold: f32) -> Self {
        Self {
            labels: self.labels.clone(),
            root_label: self.root_label,
            weights: Arc::new(self.weights.pruned(threshold)),
            dropped_templates: self.dropped_templates,
            beam: self.beam,
        }
    }

    /// The weights.
    #[must_use]
    pub(crate) fn weights(&self) -> &CompactWeights {
        &self.weights
    }

    /// Encodes the parser as a model file.
    ///
    /// # Errors
    /// [`ModelError::Payload`] when serialisation fails.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        model::encode(ModelKind::PARSER, PAYLOAD_VERSION, &self.to_model())
    }

    /// Parses one sentence: sets `head` and `deprel` on every token.
    pub fn parse(&self, tokens: &mut [Token]) {
        if tokens.is_empty() {
            return;
        }
        let (mut heads, mut labels) = self.parse_raw(tokens);
        projective::lower(&mut heads, &mut labels);
        constraints::enforce(tokens, &mut heads, &mut labels);
        for ((t, h), l) in tokens.iter_mut().zip(heads).zip(labels) {
            t.head = Some(Head::from_conllu(h));
            t.deprel = l;
        }
    }

    /// Parses without lowering lifted arcs: CoNLL-U heads and label strings.
    fn parse_raw(&self, tokens: &[Token]) -> (Vec<u32>, Vec<String>) {
        let atoms = features::Atoms::new(tokens);
        let state = if self.beam.width > 1 {
            beam::parse(
                &self.weights,
                self.dropped_templates,
                self.root_label,
                &atoms,
                tokens.len(),
                self.beam,
            )
        } else {
            self.parse_greedy(&atoms, tokens.len())
        };
        let labels = (1..=tokens.len())
            .map(|i| {
                let l = usize::from(state.label[i]);
                self.labels.get(l).cloned().unwrap_or_default()
            })
            .collect();
        let mut heads = state.heads();
        repair(&mut heads);
        (heads, labels)
    }

    /// The configuration greedy parsing ends in.
    fn parse_greedy(&self, atoms: &features::Atoms, n: usize) -> State {
        let mut state = State::new(n);
        let mut feats = Vec::with_capacity(features::N_TEMPLATES);
        let mut scores = vec![0.0f32; self.weights.n_classes()];
        let root = self.root_label;
        // 2n transitions end every parse (see `system`); the bound is a safety net.
        let mut budget = 2 * n + 2;
        while !state.is_terminal() && budget > 0 {
            budget -= 1;
            features::extract_masked(&state, atoms, self.dropped_templates, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0.0);
            self.weights.score_into(&feats, &mut scores);
            let t = best_valid(&state, &scores, root);
            state.apply(t, root);
        }
        state
    }
}

/// The highest-scoring valid transition (lowest class id on ties). Some
/// transition is always valid in a non-terminal configuration (see [`system`]);
/// the fallback only guards against a model with too few labels.
pub(crate) fn best_valid(state: &State, scores: &[f32], root_label: u16) -> Transition {
    let mut best: Option<(usize, f32)> = None;
    // Shift, then per label Left and Right: classes in id order.
    for (c, &s) in scores.iter().enumerate() {
        if best.is_some_and(|(_, b)| s <= b) {
            continue;
        }
        if state.is_valid(Transition::from_class(c), root_label) {
            best = Some((c, s));
        }
    }
    match best {
        Some((c, _)) => Transition::from_class(c),
        None if state.is_valid(Transition::Shift, root_label) => Transition::Shift,
        None if state.stack.len() >= 2 => Transition::Right(u16::from(root_label == 0)),
        None => Transition::Left(root_label),
    }
}

/// Makes `heads` a tree with a single root whatever it holds: the first word
/// attached to the root stays there, any word without a valid head, attached
/// to the root a second time or on a cycle is attached to that root word.
/// A no-op on the parser's own output, which is always a tree.
fn repair(heads: &mut [u32]) {
    let n = heads.len() as u32;
    let mut root = None;
    for (i, slot) in heads.iter_mut().enumerate() {
        let h = *slot;
        if h > n || h == i as u32 + 1 || (h == 0 && root.is_some()) {
            *slot = u32::MAX;
        } else if h == 0 {
            root = Some(i as u32 + 1);
        }
    }
    let root = match root {
        Some(r) => r,
        None => {
            let Some(first) = heads.first_mut() else {
                return;
            };
            *first = 0;
            1
        }
    };
    for h in heads.iter_mut() {
        if *h == u32::MAX {
            *h = root;
        }
    }
    // Break cycles: walk up from each word; a walk longer than n is a cycle.
    for i in 0..heads.len() {
        let mut node = i as u32 + 1;
        let mut steps = 0;
        while node != 0 && steps <= n {
            node = heads[node as usize - 1];
            steps += 1;
        }
        if node != 0 {
            heads[i] = if i as u32 + 1 == root { 0 } else { root };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::perceptron::Perceptron;

    fn tiny() -> Parser {
        let labels = vec!["nsubj".to_string(), ROOT_LABEL.to_string()];
        // What one perceptron update (class 0 over class 1 on features 1, 2, 3) trains.
        let n_classes = u32::try_from(Transition::n_classes(labels.len())).expect("few classes");
        let rows = [1, 2, 3].map(|f| (f, vec![(0, 1.0), (1, -1.0)]));
        let weights = CompactWeights::from_perceptron(&Perceptron::from_rows(n_classes, rows));
        Parser::new(labels, 1, weights).expect("valid parts")
    }

    #[test]
    fn dropped_templates_round_trip_and_old_payloads_load() {
        let parser = tiny().with_dropped_templates(0b1010 | 1 << 120);
        // Bits beyond the templates are ignored.
        assert_eq!(parser.dropped_templates(), 0b1010);
        let bytes = parser.to_bytes().expect("encodes");
        let back = Parser::from_bytes(&bytes).expect("decodes");
        assert_eq!(back.dropped_templates(), 0b1010);
        assert_eq!(back.to_bytes().expect("encodes"), bytes);
        // A version 2 file (no template mask) loads with every template.
        let v2 = ParserModelV2 {
            labels: parser.labels.clone(),
            root_label: parser.root_label,
            weights: parser.weights.to_packed(),
        };
        let old = model::encode(ModelKind::PARSER, 2, &v2).expect("encodes");
        let back = Parser::from_bytes(&old).expect("version 2 decodes");
        assert_eq!(back.dropped_templates(), 0);
        assert_eq!(back.labels(), parser.labels());
        // Without any feature the parser still builds a tree.
        let mut tokens: Vec<Token> = (0..5)
            .map(|_| Token::new("x", crate::document::ByteSpan::default()))
            .collect();
        tiny().with_dropped_templates(u128::MAX).parse(&mut tokens);
        assert_eq!(
            tokens.iter().filter(|t| t.head == Some(Head::Root)).count(),
            1
        );
    }
}
