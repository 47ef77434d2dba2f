//! Named-entity recognition: people, organisations and places, plus values and
//! nationalities.
//!
//! [`EntityRecognizer::recognize`] fills [`Sentence::entities`] of a tagged
//! [`Document`] with three kinds of mention:
//!
//! 1. `PER`, `ORG`, `LOC` from an averaged-perceptron sequence tagger with
//!    BILOU labels (B, I, L = begin, inside, last of a multi-token span; U =
//!    a one-token span; O = outside), run twice over the document: a greedy
//!    left-to-right first pass, then a second pass that also sees how the first
//!    labelled the same word in the *other* sentences of the document (before
//!    and after). The shipped model is trained with a beam over each sentence
//!    and a max-violation structured update in both passes, and decodes both
//!    passes as it was trained: a beam of [`BEAM`] paths ranked by their raw
//!    score sums (see [`Decoding`]; greedily trained models decode the first
//!    pass greedily and the second with a beam over per-step log-probabilities).
//!    Invalid label sequences (an `I` after an `O`, a span left open at the
//!    end) are excluded during decoding.
//! 2. Nationalities: a demonym from the project's gazetteer outside any
//!    PER/ORG/LOC span ("Russian" → `Nationality`, normalised to "Russia").
//! 3. Values (dates, times, amounts, numbers) from the rules of
//!    [`crate::nlp::values`], outside the spans above.
//!
//! Features of token *i* (Ratinov & Roth 2009 list most of them): the word,
//! its lower case, its shape ("Xxxx", "d.d"), prefixes and suffixes up to four
//! letters, the words and shapes of its neighbours at distance 1 and 2, its
//! UPOS and XPOS tags and those of its neighbours, the two previous labels (alone
//! and with the word), gazetteer matches over and around the token with their
//! BILOU position (capitalised and lower-case matches apart), the run of
//! capitalised words around it (its place in the run, the run's length, whether
//! the run holds a word typical of organisation or place names such as
//! "University" or "River", or starts with a first name), whether a capitalised
//! word is written in lower case elsewhere in the document or commonly in the
//! training text, and the entity type most often predicted earlier in the
//! document for the same word ("extended prediction history"), which keeps
//! repeated names consistent; the neighbouring words (one or two before, one
//! after) together with the token's shape, which generalise to unseen names
//! ("at Xxxx"); and the casing of the whole sentence (all lower case, mostly
//! capitalised), which says how much a capital means.
//!
//! Decoding is linear in the number of tokens: about 65 hashed features per
//! token in the first pass; the second pass reuses the scores of the features
//! that do not change between passes and looks up only the dozen that do
//! (per beam path). Weights are [`CompactWeights`]: one cache line per feature.
//!
//! Reference: L. Ratinov and D. Roth, "Design Challenges and Misconceptions in
//! Named Entity Recognition", CoNLL 2009.
//!
//! ```
//! use kg::{ByteSpan, Document, EntityKind, Token, Upos};
//! use kg::EntityRecognizer;
//!
//! let ner = EntityRecognizer::embedded()?;
//! let text = "Russian troops left Paris in 2014 .";
//! let mut doc = Document::new("d", text);
//! let tags = [Upos::Adj, Upos::Noun, Upos::Verb, Upos::Propn, Upos::Adp, Upos::Num, Upos::Punct];
//! let mut tokens = Vec::new();
//! let mut pos = 0;
//! for (word, upos) in text.split(' ').zip(tags) {
//!     let mut t = Token::new(word, ByteSpan::new(pos, pos + word.len()));
//!     t.upos = upos;
//!     tokens.push(t);
//!     pos += word.len() + 1;
//! }
//! doc.push_sentence(tokens);
//! ner.recognize(&mut doc);
//! let kinds: Vec<_> = doc.sentences[0].entities.iter().map(|m| m.kind).collect();
//! assert!(kinds.contains(&EntityKind::Nationality));
//! assert!(kinds.contains(&EntityKind::Date));
//! # Ok::<(), kg::ModelError>(())
//! ```

use crate::document::{Document, EntityKind, Mention, Sentence, Token};
use crate::hashing::{FeatureHasher, FeatureMap};
use crate::lexicon::gazetteer::{GazClass, Gazetteer, NameWord};
use crate::nlp::compact::{CompactWeights, PackedWeights};
use crate::nlp::model::{self, ModelError, ModelKind};
use crate::nlp::perceptron::Perceptron;
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Payload version of the NER model file; bumped whenever the features change.
/// Version 3 stores the weights as quantised compact rows
/// ([`crate::nlp::compact`]). Version 4 adds [`NerModel::decoding`]
/// (version 3 files still load, decoded as they were trained).
pub const PAYLOAD_VERSION: u16 = 4;

static EMBEDDED: &[u8] = include_bytes!("../../models/ner.kgm");

/// Entity types the statistical model predicts, in label order.
pub const TYPES: [EntityKind; 3] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Location,
];

/// Number of BILOU labels: O plus B, I, L, U for each of [`TYPES`].
pub const N_LABELS: usize = 1 + 4 * TYPES.len();

/// Up to this many tokens, a document's features are kept from the first labelling pass
/// for the second (about 13 MB); a longer document has them computed again, which costs
/// about 8% more build time but keeps memory from growing with the document.
pub const KEEP_FEATURES_TOKENS: usize = 1 << 16;

/// A BILOU label as a small integer: 0 = O, then `1 + 4·type + {B=0, I=1, L=2, U=3}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u8);

impl Label {
    /// Outside any entity.
    pub const O: Label = Label(0);

    /// The label for `part` (0 = B, 1 = I, 2 = L, 3 = U) of type index `ty`.
    #[must_use]
    pub fn new(ty: usize, part: u8) -> Self {
        Label(1 + 4 * ty as u8 + part)
    }

    /// Type index into [`TYPES`], `None` for O.
    #[must_use]
    pub fn ty(self) -> Option<usize> {
        (self.0 > 0).then(|| usize::from((self.0 - 1) / 4))
    }

    fn part(self) -> u8 {
        (self.0.saturating_sub(1)) % 4
    }

    /// True for B and I: a span is open after this label.
    #[must_use]
    pub fn opens(self) -> bool {
        self.0 > 0 && self.part() < 2
    }

    /// Whether `self` may follow `prev` (`None` at the start of a sentence).
    #[must_use]
    pub fn may_follow(self, prev: Option<Label>) -> bool {
        match prev {
            Some(p) if p.opens() => self.ty() == p.ty() && matches!(self.part(), 1 | 2),
            _ => self.0 == 0 || matches!(self.part(), 0 | 3),
        }
    }
}

/// Turns token spans into BILOU labels.
#[must_use]
pub fn spans_to_labels(n: usize, spans: &[(Range<usize>, usize)]) -> Vec<Label> {
    let mut labels = vec![Label::O; n];
    for (r, ty) in spans {
        if r.is_empty() || r.end > n {
            continue;
        }
        if r.len() == 1 {
            labels[r.start] = Label::new(*ty, 3);
        } else {
            labels[r.start] = Label::new(*ty, 0);
            for l in &mut labels[r.start + 1..r.end - 1] {
                *l = Label::new(*ty, 1);
            }
            labels[r.end - 1] = Label::new(*ty, 2);
        }
    }
    labels
}

/// Turns a valid BILOU sequence into spans (type index per span).
#[must_use]
pub fn labels_to_spans(labels: &[Label]) -> Vec<(Range<usize>, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, l) in labels.iter().enumerate() {
        let Some(ty) = l.ty() else {
            start = None;
            continue;
        };
        match l.part() {
            0 => start = Some(i),
            1 => {}
            2 => {
                if let Some(s) = start.take() {
                    out.push((s..i + 1, ty));
                }
            }
            _ => {
                out.push((i..i + 1, ty));
                start = None;
            }
        }
    }
    out
}

/// The trained model: the perceptron weights and the words the training text
/// writes in lower case (a capitalised word that is not among them is more
/// likely a name).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NerModel {
    /// Label scorer: quantised weight rows (see [`CompactWeights`]).
    pub weights: PackedWeights,
    /// Sorted hashes of the words seen at least twice in lower case in training.
    pub common_words: Vec<u64>,
    /// The weight of one quantisation step (largest absolute weight / 32767).
    pub scale: f32,
    /// How the model decodes, fixed by how it was trained.
    pub decoding: Decoding,
}

/// The payload of version 3 model files (no [`Decoding`]: greedy-trained).
#[derive(Deserialize)]
struct NerModelV3 {
    weights: PackedWeights,
    common_words: Vec<u64>,
    scale: f32,
}

/// How a model decodes a document: the beam width of each pass and whether
/// the beam adds raw scores or per-step log-probabilities. A model decodes
/// the way it was trained (see `kg train ner --search`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decoding {
    /// Beam width of the first pass (1 = greedy).
    pub first_beam: u8,
    /// Beam width of the second pass (1 = greedy).
    pub second_beam: u8,
    /// The beam ranks paths by the sum of raw scores (right for weights
    /// trained with a beam, which learn to keep the scores of wrong paths
    /// low); otherwise each step's scores are turned into log-probabilities
    /// ([`TEMPERATURE`], [`BEAM_MARGIN`]), which greedily trained weights need.
    pub raw: bool,
}

impl Decoding {
    /// Decoding for greedily trained weights: a greedy first pass, a beam of
    /// [`BEAM`] over per-step log-probabilities in the second.
    pub const GREEDY_TRAINED: Decoding = Decoding {
        first_beam: 1,
        second_beam: BEAM as u8,
        raw: false,
    };
}

impl NerModel {
    /// Quantises trained weights into a model.
    #[must_use]
    pub fn new(perceptron: &Perceptron, common_words: Vec<u64>) -> Self {
        let max = perceptron
            .rows()
            .iter()
            .flat_map(|(_, row)| row.iter())
            .fold(0.0f32, |m, &(_, w)| m.max(w.abs()));
        Self {
            weights: CompactWeights::from_perceptron(perceptron).to_packed(),
            common_words,
            scale: if max > 0.0 { max / 32767.0 } else { 1.0 },
            decoding: Decoding::GREEDY_TRAINED,
        }
    }
}

/// Hashes of the words written at least twice in lower case in `docs`, sorted.
#[must_use]
pub fn common_words<'a>(docs: impl IntoIterator<Item = &'a Document>) -> Vec<u64> {
    let mut counts: FeatureMap<u32> = FeatureMap::default();
    for d in docs {
        for t in &d.tokens {
            if t.form.starts_with(|c: char| c.is_lowercase()) {
                *counts.entry(hash_str(&t.form)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<u64> = counts
        .into_iter()
        .filter(|&(_, c)| c >= 2)
        .map(|(h, _)| h)
        .collect();
    out.sort_unstable();
    out
}

/// The entity recognizer. See the module documentation.
#[derive(Debug, Clone)]
pub struct EntityRecognizer {
    model: NerModel,
    weights: CompactWeights,
    common: FeatureMap<()>,
}

impl EntityRecognizer {
    /// The model embedded in the binary (`models/ner.kgm`).
    ///
    /// # Errors
    /// When the embedded file does not decode (a build with a broken model).
    pub fn embedded() -> Result<Self, ModelError> {
        Self::from_bytes(EMBEDDED)
    }

    /// Loads a model from the bytes of a `.kgm` file.
    ///
    /// # Errors
    /// Any `ModelError` from `model::decode`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let model = match model::decode::<NerModel>(bytes, ModelKind::NER, PAYLOAD_VERSION) {
            Err(ModelError::PayloadVersion { found: 3, .. }) => {
                let old: NerModelV3 = model::decode(bytes, ModelKind::NER, 3)?;
                NerModel {
                    weights: old.weights,
                    common_words: old.common_words,
                    scale: old.scale,
                    decoding: Decoding::GREEDY_TRAINED,
                }
            }
            other => other?,
        };
        Self::from_model(model)
    }

    /// Wraps a model (used by training).
    ///
    /// # Errors
    /// [`ModelError::Payload`] when the weight rows do not decode or do not
    /// score [`N_LABELS`] labels.
    pub(crate) fn from_model(model: NerModel) -> Result<Self, ModelError> {
        let weights = CompactWeights::from_packed(&model.weights).map_err(ModelError::Payload)?;
        if weights.n_classes() != N_LABELS {
            return Err(ModelError::Payload(format!(
                "NER weights score {} labels, expected {N_LABELS}",
                weights.n_classes()
            )));
        }
        let common = model.common_words.iter().map(|&h| (h, ())).collect();
        Ok(Self {
            model,
            weights,
            common,
        })
    }

    /// The frozen weights.
    #[must_use]
    pub(crate) fn weights(&self) -> &CompactWeights {
        &self.weights
    }

    /// The model.
    #[must_use]
    pub fn model(&self) -> &NerModel {
        &self.model
    }

    /// Fills [`Sentence::entities`] of every sentence: PER/ORG/LOC from the
    /// model, nationalities from the gazetteer, values from the rules. Replaces
    /// what was there. Needs tokens; uses POS tags when the tagger has run.
    pub fn recognize(&self, doc: &mut Document) {
        let labels = self.label_document(doc);
        let gaz = Gazetteer::embedded();
        let date = doc.date.clone();
        for (si, labels) in labels.into_iter().enumerate() {
            let range = doc.sentences[si].token_range();
            let tokens = &doc.tokens[range];
            let mut mentions: Vec<Mention> = labels_to_spans(&labels)
                .into_iter()
                .map(|(r, ty)| Mention {
                    tokens: r.start as u32..r.end as u32,
                    kind: TYPES[ty],
                    normalized: None,
                })
                .collect();
            crate::nlp::titles::strip_titles(tokens, &mut mentions);
            place_names_are_places(tokens, &mut mentions, gaz);
            let mut taken = vec![false; tokens.len()];
            for m in &mentions {
                for t in m.tokens.clone() {
                    taken[t as usize] = true;
                }
            }
            for (i, t) in tokens.iter().enumerate() {
                if taken[i] || !t.form.starts_with(|c: char| c.is_uppercase()) {
                    continue;
                }
                if let Some(country) = gaz.demonym_country(&t.form) {
                    mentions.push(Mention {
                        tokens: i as u32..i as u32 + 1,
                        kind: EntityKind::Nationality,
                        normalized: Some(country.to_string()),
                    });
                    taken[i] = true;
                }
            }
            for m in crate::nlp::values::find_values(tokens, date.as_deref()) {
                if m.tokens.clone().all(|t| !taken[t as usize]) {
                    mentions.push(m);
                }
            }
            mentions.sort_by_key(|m| (m.tokens.start, m.tokens.end));
            doc.sentences[si].entities = mentions;
        }
    }

    /// The BILOU labels of every sentence of the document (model only).
    ///
    /// Two passes over the document: the second sees the first's labels of the whole
    /// document. The features and static scores of each sentence (about 200 bytes per
    /// token) are kept from the first pass for the second in a document of up to
    /// 65 536 tokens; in a longer one they are computed afresh in each
    /// pass and dropped after the sentence, so memory does not grow with the document. The
    /// static scores do not depend on the history, so both ways give the same labels.
    #[must_use]
    pub fn label_document(&self, doc: &Document) -> Vec<Vec<Label>> {
        self.label_document_keeping(doc, doc.tokens.len() <= KEEP_FEATURES_TOKENS)
    }

    /// [`EntityRecognizer::label_document`], keeping the first pass's features for the
    /// second or not.
    fn label_document_keeping(&self, doc: &Document, keep: bool) -> Vec<Vec<Label>> {
        let ctx = DocContext::new(doc);
        let mut feats = Vec::with_capacity(96);
        let mut statics = |sf: &SentenceFeatures, n: usize| {
            let mut st = vec![[0f32; N_LABELS]; n];
            for (i, sc) in st.iter_mut().enumerate() {
                feats.clear();
                sf.static_features(i, &mut feats);
                self.weights.score_into(&feats, sc);
            }
            st
        };
        let mut kept = Vec::with_capacity(if keep { doc.sentences.len() } else { 0 });
        let mut history = History::default();
        let mut first = Vec::with_capacity(doc.sentences.len());
        for s in &doc.sentences {
            let toks = doc.sentence_tokens(s);
            let sf = SentenceFeatures::new(toks, &ctx, &history, &self.common);
            let st = statics(&sf, toks.len());
            let labels = self.decode(&sf, &st, usize::from(self.model.decoding.first_beam));
            history.record(toks, &labels);
            first.push(labels);
            if keep {
                kept.push((sf, st));
            }
        }
        let labels = DocLabels::new(doc, &first);
        drop(first);
        let mut kept = kept.into_iter();
        let mut history = History::default();
        let mut out = Vec::with_capacity(doc.sentences.len());
        for (si, s) in doc.sentences.iter().enumerate() {
            let toks = doc.sentence_tokens(s);
            let (mut sf, st) = match kept.next() {
                Some((mut sf, st)) => {
                    sf.set_history(&history);
                    (sf, st)
                }
                None => {
                    // Built with this pass's history: the same features as set_history gives.
                    let sf = SentenceFeatures::new(toks, &ctx, &history, &self.common);
                    let st = statics(&sf, toks.len());
                    (sf, st)
                }
            };
            sf.set_doc_labels(&labels, si, toks);
            let l = self.decode(&sf, &st, usize::from(self.model.decoding.second_beam));
            history.record(toks, &l);
            out.push(l);
        }
        out
    }

    /// Labels one sentence given the scores of its static features: greedily
    /// (`width` ≤ 1) or with a beam over the states (previous two labels) of
    /// `width` paths, ranked by raw score sums or, for greedily trained
    /// models, by sums of per-step log-probabilities ([`Decoding::raw`]).
    fn decode(
        &self,
        sf: &SentenceFeatures,
        statics: &[[f32; N_LABELS]],
        width: usize,
    ) -> Vec<Label> {
        let n = statics.len();
        let mut feats = Vec::with_capacity(32);
        if width <= 1 {
            let mut labels: Vec<Label> = Vec::with_capacity(n);
            for (i, st) in statics.iter().enumerate() {
                let mut base = *st;
                feats.clear();
                sf.context_features(i, &mut feats);
                let p1 = labels.last().map_or(99, |l| u32::from(l.0));
                let p2 = if labels.len() >= 2 {
                    u32::from(labels[labels.len() - 2].0)
                } else {
                    99
                };
                sf.label_features(i, p1, p2, &mut feats);
                self.weights.score_into(&feats, &mut base);
                labels.push(best_label(&base, labels.last().copied(), i + 1 == n));
            }
            return labels;
        }
        let temp = self.temperature();
        let raw = self.model.decoding.raw;
        let mut bases = Vec::with_capacity(16);
        // Paths: (score, label, parent index into the previous step, p2).
        let mut steps: Vec<Vec<(f32, Label, usize)>> = Vec::with_capacity(n);
        let mut beam: Vec<(f32, Option<Label>, Option<Label>, usize)> = vec![(0.0, None, None, 0)];
        let mut cand: Vec<(f32, Label, usize, Option<Label>)> = Vec::new();
        for (i, st) in statics.iter().enumerate() {
            let last = i + 1 == n;
            let mut base = *st;
            feats.clear();
            sf.context_features(i, &mut feats);
            self.weights.score_into(&feats, &mut base);
            cand.clear();
            bases.clear();
            sf.label_bases(i, &mut bases);
            for (bi, &(total, p1, p2, _)) in beam.iter().enumerate() {
                let mut scores = base;
                feats.clear();
                finish_label_features(
                    &bases,
                    p1.map_or(99, |l| u32::from(l.0)),
                    p2.map_or(99, |l| u32::from(l.0)),
                    &mut feats,
                );
                self.weights.score_into(&feats, &mut scores);
                let ok = |l: Label| l.may_follow(p1) && !(last && l.opens());
                if raw {
                    for (c, &sc) in scores.iter().enumerate() {
                        let l = Label(c as u8);
                        if ok(l) {
                            cand.push((total + sc, l, bi, p1));
                        }
                    }
                    continue;
                }
                let mx = (0..N_LABELS)
                    .filter(|&c| ok(Label(c as u8)))
                    .map(|c| scores[c] / temp)
                    .fold(f32::NEG_INFINITY, f32::max);
                let sum: f32 = (0..N_LABELS)
                    .filter(|&c| ok(Label(c as u8)))
                    .map(|c| (scores[c] / temp - mx).exp())
                    .sum();
                let lse = mx + sum.ln();
                for (c, &sc) in scores.iter().enumerate() {
                    let l = Label(c as u8);
                    if ok(l) {
                        cand.push((total + sc / temp - lse, l, bi, p1));
                    }
                }
            }
            // Best first; ties to the lower label and parent, so results are deterministic.
            cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
            let mut next: Vec<(f32, Option<Label>, Option<Label>, usize)> =
                Vec::with_capacity(width);
            let mut step = Vec::with_capacity(width);
            let floor = if raw {
                f32::NEG_INFINITY
            } else {
                cand.first().map_or(0.0, |c| c.0) - BEAM_MARGIN
            };
            for &(sc, l, parent, p1) in &cand {
                // A path far less likely than the best will not catch up:
                // dropping it keeps the beam at one path on most tokens.
                if sc < floor {
                    break;
                }
                // Paths with the same last two labels score the rest alike: keep the best.
                if next.iter().any(|&(_, a, b, _)| a == Some(l) && b == p1) {
                    continue;
                }
                next.push((sc, Some(l), p1, step.len()));
                step.push((sc, l, parent));
                if next.len() == width {
                    break;
                }
            }
            steps.push(step);
            beam = next;
        }
        let mut labels = vec![Label::O; n];
        let mut k = 0;
        for i in (0..n).rev() {
            let (_, l, parent) = steps[i][k];
            labels[i] = l;
            k = parent;
        }
        labels
    }

    /// The softmax temperature of the beam, in the units of the quantised scores.
    fn temperature(&self) -> f32 {
        TEMPERATURE / self.model.scale.max(f32::MIN_POSITIVE)
    }
}

/// The best label allowed after `prev` (no span left open at the end of a sentence).
#[must_use]
pub fn best_label(scores: &[f32; N_LABELS], prev: Option<Label>, last: bool) -> Label {
    let mut best = Label::O;
    let mut best_score = f32::NEG_INFINITY;
    for (c, &sc) in scores.iter().enumerate() {
        let l = Label(c as u8);
        if !l.may_follow(prev) || (last && l.opens()) {
            continue;
        }
        if sc > best_score {
            best_score = sc;
            best = l;
        }
    }
    best
}

/// Finishes the hashers of [`SentenceFeatures::label_bases`] with the labels
/// before the token (`p1` the previous one, `p2` the one before; 99 for none).
fn finish_label_features(bases: &[(FeatureHasher, bool)], p1: u32, p2: u32, out: &mut Vec<u64>) {
    for &(h, two) in bases {
        let h = if two { h.int(p2) } else { h };
        out.push(h.int(p1).finish());
    }
}

/// Width of the beam of the second pass (see [`EntityRecognizer::label_document`]).
pub const BEAM: usize = 3;

/// Paths whose log-probability is this far below the best path's are dropped
/// from the beam (e^-7 ≈ 0.1 %).
pub const BEAM_MARGIN: f32 = 7.0;

/// Softmax temperature of the beam's step scores, in units of averaged
/// perceptron weight: the perceptron is trained one decision at a time, so
/// its raw scores are not comparable across paths; turned into
/// log-probabilities per step they are.
pub const TEMPERATURE: f32 = 40.0;

/// How every word of a document was labelled by a first pass, for the
/// second pass: per lower-cased word, the number of times it was labelled
/// PER, ORG, LOC and O.
#[derive(Debug, Default)]
pub struct DocLabels {
    total: FeatureMap<[u16; 4]>,
    /// Per sentence, its own (word, counts) to subtract.
    own: Vec<Vec<(u64, [u16; 4])>>,
}

impl DocLabels {
    /// Counts the labels of a first pass over `doc`.
    #[must_use]
    pub fn new(doc: &Document, labels: &[Vec<Label>]) -> Self {
        let mut out = DocLabels::default();
        for (s, ls) in doc.sentences.iter().zip(labels) {
            let mut own: Vec<(u64, [u16; 4])> = Vec::new();
            for (t, l) in doc.sentence_tokens(s).iter().zip(ls) {
                if !t.form.chars().any(char::is_alphabetic) {
                    continue;
                }
                let h = hash_str(&t.form.to_lowercase());
                let k = l.ty().unwrap_or(3);
                let e = out.total.entry(h).or_default();
                e[k] = e[k].saturating_add(1);
                match own.iter_mut().find(|(x, _)| *x == h) {
                    Some((_, c)) => c[k] = c[k].saturating_add(1),
                    None => {
                        let mut c = [0u16; 4];
                        c[k] = 1;
                        own.push((h, c));
                    }
                }
            }
            out.own.push(own);
        }
        out
    }

    /// The feature value of lower-cased word `h` in sentence `si`: 0 when the
    /// word occurs in no other sentence, else the type most often given to it
    /// elsewhere (3 = none) and how large a share of its occurrences got a type.
    fn value(&self, h: u64, si: usize) -> u32 {
        let Some(t) = self.total.get(&h) else {
            return 0;
        };
        let mut c = *t;
        if let Some((_, o)) = self
            .own
            .get(si)
            .and_then(|v| v.iter().find(|(x, _)| *x == h))
        {
            for k in 0..4 {
                c[k] = c[k].saturating_sub(o[k]);
            }
        }
        let ent = u32::from(c[0]) + u32::from(c[1]) + u32::from(c[2]);
        let all = ent + u32::from(c[3]);
        if all == 0 {
            return 0;
        }
        let mut best = 3usize;
        if ent > 0 {
            best = (0..3).max_by_key(|&k| (c[k], 3 - k)).unwrap_or(0);
        }
        let share = (ent * 4 + all / 2) / all; // 0..=4
        1 + best as u32 * 5 + share
    }
}

/// Document-wide facts used as features: how often each word is written in lower case.
#[derive(Debug, Default)]
pub struct DocContext {
    /// Hashes of the words written in lower case somewhere in the document.
    lower_seen: FeatureMap<()>,
}

impl DocContext {
    /// Scans the document once.
    #[must_use]
    pub fn new(doc: &Document) -> Self {
        let mut lower_seen = FeatureMap::default();
        for t in &doc.tokens {
            if t.form.starts_with(|c: char| c.is_lowercase()) {
                lower_seen.insert(hash_str(&t.form), ());
            }
        }
        Self { lower_seen }
    }
}

/// Entity types predicted so far in the document, per word form.
#[derive(Debug, Default)]
pub struct History {
    /// Hash of the word form → predictions per type.
    counts: FeatureMap<[u16; 3]>,
}

impl History {
    /// Records the predictions (or, in training, whatever labels drive the feature) of a sentence.
    pub fn record(&mut self, toks: &[Token], labels: &[Label]) {
        for (t, l) in toks.iter().zip(labels) {
            if let Some(ty) = l.ty() {
                if t.form.starts_with(|c: char| c.is_uppercase()) {
                    let e = self.counts.entry(hash_str(&t.form)).or_default();
                    e[ty] = e[ty].saturating_add(1);
                }
            }
        }
    }

    fn best(&self, form_hash: u64) -> Option<usize> {
        let c = self.counts.get(&form_hash)?;
        let mut best = 0;
        for i in 1..3 {
            if c[i] > c[best] {
                best = i;
            }
        }
        (c[best] > 0).then_some(best)
    }
}

fn hash_str(s: &str) -> u64 {
    FeatureHasher::new(0).str(s).finish()
}

/// A character's class in a word shape: X upper case, x lower case, d digit, else itself.
fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_ascii_digit() {
        'd'
    } else {
        c
    }
}

/// Hash of the word shape (see [`shape`]) without building the string.
fn shape_hash(word: &str, short: bool) -> u64 {
    let mut h = FeatureHasher::new(0);
    let mut last = '\0';
    for (n, c) in word.chars().enumerate() {
        let k = shape_class(c);
        if short && k == last {
            continue;
        }
        if !short && n >= 6 {
            break;
        }
        let mut buf = [0u8; 4];
        h = h.bytes(k.encode_utf8(&mut buf).as_bytes());
        last = k;
    }
    h.bytes(&[0xFF]).finish()
}

#[cfg(test)]
/// Word shape: X for upper case, x for lower case, d for digits, other characters
/// kept; runs of one class collapsed when `short`.
fn shape(word: &str, short: bool) -> String {
    let mut out = String::with_capacity(8);
    let mut last = '\0';
    for (n, c) in word.chars().enumerate() {
        let k = shape_class(c);
        if short && k == last {
            continue;
        }
        if !short && n >= 6 {
            break;
        }
        out.push(k);
        last = k;
    }
    out
}

#[derive(Debug, Clone, Copy, Default)]
struct TokFeats {
    form: u64,
    lower: u64,
    shape: u64,
    long_shape: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    upos: u32,
    xpos: u64,
    /// For each gazetteer class: 0 none, else 1 + BILOU part (B, I, L, U).
    gaz: [u8; 7],
    flags: u32,
    history: u32,
    /// Capitalised run: position (0 none, 1 B, 2 I, 3 L, 4 U), length bucket, content bits.
    run_pos: u32,
    run_len: u32,
    run_bits: u32,
    /// See [`DocLabels::value`].
    doc2: u32,
}

/// How a sentence is cased as a whole: 0 ordinary, 1 all lower case (web text
/// where names lose their capitals), 2 mostly capitalised (headlines, titles,
/// shouting), where a capital says little about a name.
fn sentence_case(toks: &[Token]) -> u32 {
    let (mut alpha, mut cap) = (0u32, 0u32);
    for t in toks {
        let Some(c) = t.form.chars().next() else {
            continue;
        };
        if c.is_alphabetic() {
            alpha += 1;
            if c.is_uppercase() {
                cap += 1;
            }
        }
    }
    if (alpha >= 3 && cap == 0) || (alpha >= 4 && cap == 1 && is_capitalised(&toks[0].form)) {
        1
    } else if alpha >= 3 && cap * 10 >= alpha * 7 {
        2
    } else {
        0
    }
}

const UNKNOWN: u64 = 0x554e_4b00_0000_0003;
const SENT_START: u64 = 0x5354_4152_5400_0001;
const SENT_END: u64 = 0x454e_4400_0000_0002;

fn is_capitalised(form: &str) -> bool {
    form.starts_with(|c: char| c.is_uppercase())
}

/// Finds runs of capitalised words (allowing "of", "and", "&", "the", "de", "for"
/// and hyphens inside) and records for each token its place in the run, the
/// run's length and what the run contains: a word typical of organisation or
/// place names, a first name at its start, a gazetteer phrase.
fn mark_runs(toks: &[Token], out: &mut [TokFeats], gaz: &Gazetteer) {
    let n = toks.len();
    let mut i = 0;
    while i < n {
        if !is_capitalised(&toks[i].form) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i + 1;
        loop {
            if end < n && is_capitalised(&toks[end].form) {
                end += 1;
            } else if end + 1 < n
                && matches!(
                    toks[end].form.as_str(),
                    "of" | "and" | "&" | "the" | "de" | "for" | "-" | "'s"
                )
                && is_capitalised(&toks[end + 1].form)
            {
                end += 2;
            } else {
                break;
            }
        }
        let mut bits = 0u32;
        for t in &toks[start..end] {
            match gaz.name_word(&t.form) {
                Some(NameWord::Organization) => bits |= 1,
                Some(NameWord::Location) => bits |= 2,
                None => {}
            }
        }
        if end - start > 1 && gaz.first_name_gender(&toks[start].form).is_some() {
            bits |= 4;
        }
        match gaz.name_word(&toks[end - 1].form) {
            Some(NameWord::Organization) => bits |= 8,
            Some(NameWord::Location) => bits |= 16,
            None => {}
        }
        if start == 0 {
            bits |= 32;
        }
        let len = (end - start).min(4) as u32;
        for (k, t) in out.iter_mut().enumerate().take(end).skip(start) {
            t.run_pos = if end - start == 1 {
                4
            } else if k == start {
                1
            } else if k + 1 == end {
                3
            } else {
                2
            };
            t.run_len = len;
            t.run_bits = bits;
        }
        i = end;
    }
}

/// Per-token feature parts of one sentence, computed once; `train::ner` computes the same
/// features through it.
pub(crate) struct SentenceFeatures {
    toks: Vec<TokFeats>,
    /// See [`sentence_case`].
    case: u32,
}

impl SentenceFeatures {
    pub(crate) fn new(
        toks: &[Token],
        ctx: &DocContext,
        history: &History,
        common: &FeatureMap<()>,
    ) -> Self {
        let gaz = Gazetteer::embedded();
        let lowers: Vec<String> = toks
            .iter()
            .map(|t| {
                if t.form.is_ascii() {
                    t.form.to_ascii_lowercase()
                } else {
                    t.form.to_lowercase()
                }
            })
            .collect();
        let lower_refs: Vec<&str> = lowers.iter().map(String::as_str).collect();
        let mut out: Vec<TokFeats> = Vec::with_capacity(toks.len());
        for (i, t) in toks.iter().enumerate() {
            let lower = &lowers[i];
            let mut prefix = [0u64; 4];
            let mut suffix = [0u64; 4];
            // Byte offsets of character boundaries, for slicing prefixes and suffixes.
            let n_chars = lower.chars().count();
            for (k, (b, c)) in lower.char_indices().take(4).enumerate() {
                if n_chars > k + 1 {
                    prefix[k] = hash_str(&lower[..b + c.len_utf8()]);
                }
            }
            for (k, (b, _)) in lower.char_indices().rev().take(4).enumerate() {
                if n_chars > k + 1 {
                    suffix[k] = hash_str(&lower[b..]);
                }
            }
            let form_hash = hash_str(&t.form);
            let first_upper = t.form.starts_with(|c: char| c.is_uppercase());
            let mut flags = 0u32;
            if first_upper {
                flags |= 1;
                if ctx.lower_seen.contains_key(&hash_str(lower)) {
                    flags |= 2;
                }
                if common.contains_key(&hash_str(lower)) {
                    flags |= 16;
                }
                if i == 0 {
                    flags |= 4;
                }
            }
            if t.form.chars().all(|c| c.is_uppercase()) && t.form.chars().count() > 1 {
                flags |= 8;
            }
            let history_ty = if first_upper {
                history.best(form_hash).map_or(0, |ty| ty as u32 + 1)
            } else {
                0
            };
            out.push(TokFeats {
                form: form_hash,
                lower: hash_str(lower),
                shape: shape_hash(&t.form, true),
                long_shape: shape_hash(&t.form, false),
                prefix,
                suffix,
                upos: t.upos.index() as u32,
                xpos: hash_str(&t.xpos),
                gaz: [0; 7],
                flags,
                history: history_ty,
                run_pos: 0,
                run_len: 0,
                run_bits: 0,
                doc2: 0,
            });
        }
        for m in gaz.find(&lower_refs) {
            // A lower-case match ("india" in web text) is a weaker cue than a
            // capitalised one ("us" is rarely the U.S.): it gets its own features.
            let cased = m.class == GazClass::Title
                || toks[m.start]
                    .form
                    .starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            let ci = m.class as usize;
            let part_offset = if cased { 0 } else { 4 };
            for (k, tf) in out.iter_mut().enumerate().take(m.end).skip(m.start) {
                let part = if m.end - m.start == 1 {
                    4
                } else if k == m.start {
                    1
                } else if k + 1 == m.end {
                    3
                } else {
                    2
                };
                if tf.gaz[ci] == 0 {
                    tf.gaz[ci] = part + part_offset;
                }
            }
        }
        mark_runs(toks, &mut out, gaz);
        Self {
            toks: out,
            case: sentence_case(toks),
        }
    }

    /// Sets the history features from the labels of the earlier sentences.
    fn set_history(&mut self, history: &History) {
        for t in &mut self.toks {
            t.history = if t.flags & 1 != 0 {
                history.best(t.form).map_or(0, |ty| ty as u32 + 1)
            } else {
                0
            };
        }
    }

    /// Sets the second-pass features from the first pass's labels of the document.
    pub(crate) fn set_doc_labels(&mut self, labels: &DocLabels, si: usize, toks: &[Token]) {
        for (tf, t) in self.toks.iter_mut().zip(toks) {
            if t.form.chars().any(char::is_alphabetic) {
                tf.doc2 = labels.value(hash_str(&t.form.to_lowercase()), si);
            }
        }
    }

    /// Replaces the lexical identity of the masked tokens by an unknown-word
    /// marker (training only: teaches the model to use context and shape).
    pub(crate) fn drop_words(&mut self, mask: &[bool]) {
        for (t, &m) in self.toks.iter_mut().zip(mask) {
            if m {
                t.form = UNKNOWN;
                t.lower = UNKNOWN;
                t.prefix = [0; 4];
                t.suffix = [0; 4];
            }
        }
    }

    fn at(&self, i: isize) -> Option<&TokFeats> {
        usize::try_from(i).ok().and_then(|i| self.toks.get(i))
    }

    /// Pushes the feature hashes of token `i` given the labels chosen so far.
    pub(crate) fn features(&self, i: usize, labels: &[Label], out: &mut Vec<u64>) {
        let p1 = labels.last().map_or(99, |l| u32::from(l.0));
        let p2 = if labels.len() >= 2 {
            u32::from(labels[labels.len() - 2].0)
        } else {
            99
        };
        self.static_features(i, out);
        self.context_features(i, out);
        self.label_features(i, p1, p2, out);
    }

    /// The features of token `i` that depend on the document's labels so
    /// far (the history of earlier sentences, the first pass's labels) but
    /// not on the labels of this sentence.
    pub(crate) fn context_features(&self, i: usize, out: &mut Vec<u64>) {
        let t = &self.toks[i];
        let f = |tpl: u32| FeatureHasher::new(tpl);
        if t.history != 0 {
            out.push(f(39).int(t.history).finish());
        }
        if t.doc2 != 0 {
            out.push(f(70).int(t.doc2).finish());
            out.push(f(71).int(t.doc2).int(t.flags & 1).finish());
        }
    }

    /// The features of token `i` that depend on the two labels before it
    /// (`p1` the previous one, 99 at the start of the sentence).
    pub(crate) fn label_features(&self, i: usize, p1: u32, p2: u32, out: &mut Vec<u64>) {
        let mut bases = Vec::with_capacity(16);
        self.label_bases(i, &mut bases);
        finish_label_features(&bases, p1, p2, out);
    }

    /// The label-dependent features of token `i` without the labels: each
    /// hasher is finished by adding the label before (and, when marked, the
    /// one before that), so that a beam scores its paths without hashing the
    /// token's parts again.
    fn label_bases(&self, i: usize, out: &mut Vec<(FeatureHasher, bool)>) {
        let t = &self.toks[i];
        let f = |tpl: u32| FeatureHasher::new(tpl);
        let u = |h: FeatureHasher, v: u64| h.bytes(&v.to_le_bytes());
        out.push((f(31), false));
        out.push((f(32), true));
        out.push((u(f(33), t.lower), false));
        out.push((u(f(34), t.shape), false));
        out.push((f(35).int(t.upos), false));
        if t.history != 0 {
            out.push((f(40).int(t.history), false));
        }
        for (ci, &g) in t.gaz.iter().enumerate() {
            if g != 0 {
                out.push((f(42).int(ci as u32).int(u32::from(g)), false));
            }
        }
        if t.run_pos != 0 {
            out.push((f(52).int(t.run_pos).int(t.run_bits).int(t.run_len), false));
        }
        if self.case != 0 {
            out.push((f(65).int(self.case).int(t.upos), false));
        }
        out.push((f(66).int(t.upos), true));
        if t.doc2 != 0 {
            out.push((f(72).int(t.doc2), false));
        }
    }

    /// The features of token `i` that depend on the sentence alone.
    pub(crate) fn static_features(&self, i: usize, out: &mut Vec<u64>) {
        let t = &self.toks[i];
        let ii = i as isize;
        let word = |d: isize| -> u64 {
            match self.at(ii + d) {
                Some(t) => t.lower,
                None if d < 0 => SENT_START,
                None => SENT_END,
            }
        };
        let shp = |d: isize| -> u64 {
            match self.at(ii + d) {
                Some(t) => t.shape,
                None if d < 0 => SENT_START,
                None => SENT_END,
            }
        };
        let pos = |d: isize| -> u32 { self.at(ii + d).map_or(100 + (d > 0) as u32, |t| t.upos) };
        let f = |tpl: u32| FeatureHasher::new(tpl);
        let u = |h: FeatureHasher, v: u64| h.bytes(&v.to_le_bytes());
        out.push(f(1).finish());
        out.push(u(f(2), t.form).finish());
        out.push(u(f(3), t.lower).finish());
        out.push(u(f(4), t.shape).finish());
        out.push(u(f(5), t.long_shape).finish());
        for k in 0..4 {
            if t.prefix[k] != 0 {
                out.push(u(f(6 + k as u32), t.prefix[k]).finish());
                out.push(u(f(10 + k as u32), t.suffix[k]).finish());
            }
        }
        for d in [-2isize, -1, 1, 2] {
            out.push(u(f(20).int(d as u32), word(d)).finish());
            out.push(u(f(21).int(d as u32), shp(d)).finish());
            out.push(f(22).int(d as u32).int(pos(d)).finish());
        }
        out.push(f(23).int(t.upos).finish());
        out.push(u(f(24), t.xpos).finish());
        out.push(f(25).int(pos(-1)).int(t.upos).finish());
        out.push(f(26).int(t.upos).int(pos(1)).finish());
        out.push(f(27).int(pos(-1)).int(t.upos).int(pos(1)).finish());
        out.push(u(u(f(28), word(-1)), t.lower).finish());
        out.push(u(u(f(29), t.lower), word(1)).finish());
        out.push(u(u(u(f(30), shp(-1)), t.shape), shp(1)).finish());
        out.push(f(36).int(t.flags).finish());
        out.push(u(f(37).int(t.flags), t.shape).finish());
        out.push(f(38).int(t.flags).int(t.upos).finish());
        for (ci, &g) in t.gaz.iter().enumerate() {
            if g != 0 {
                out.push(f(41).int(ci as u32).int(u32::from(g)).finish());
            }
        }
        for d in [-1isize, 1] {
            if let Some(n) = self.at(ii + d) {
                for (ci, &g) in n.gaz.iter().enumerate() {
                    if g != 0 {
                        out.push(
                            f(43)
                                .int(d as u32)
                                .int(ci as u32)
                                .int(u32::from(g))
                                .finish(),
                        );
                    }
                }
            }
        }
        if t.run_pos != 0 {
            out.push(f(50).int(t.run_pos).int(t.run_len).finish());
            out.push(f(51).int(t.run_pos).int(t.run_bits).finish());
            out.push(u(f(53).int(t.run_bits), t.lower).finish());
        }
        // Context words with the token's shape generalise to unseen names
        // ("at Xxxx", "Xxxx said"); the sentence's casing says how much a
        // capital (or its absence) means.
        out.push(u(u(f(60), word(-1)), t.shape).finish());
        out.push(u(u(f(61), t.shape), word(1)).finish());
        out.push(u(u(u(f(62), word(-2)), word(-1)), t.shape).finish());
        if self.case != 0 {
            out.push(u(f(63).int(self.case), t.shape).finish());
            out.push(f(64).int(self.case).int(t.flags).int(t.upos).finish());
        }
    }
}

/// Helper for callers that hold sentences: the spans of a sentence's PER/ORG/LOC mentions.
#[must_use]
pub fn entity_spans(sentence: &Sentence) -> Vec<(Range<usize>, usize)> {
    sentence
        .entities
        .iter()
        .filter_map(|m| {
            let ty = TYPES.iter().position(|k| *k == m.kind)?;
            Some((m.tokens.start as usize..m.tokens.end as usize, ty))
        })
        .collect()
}

/// An organisation whose whole name is a country or a country's capital is that place:
/// "to visit Helsinki" names the city. Universal NER labels such a name by what it is, also
/// where it stands for a government ("Moscow denied"); the model, which sees few sentences
/// per capital, sometimes reads one after a verb of motion as an organisation. Other place
/// names are left to the model: "Cambridge" and "Liverpool" are also a university and a club.
fn place_names_are_places(tokens: &[Token], mentions: &mut [Mention], gaz: &Gazetteer) {
    for m in mentions
        .iter_mut()
        .filter(|m| m.kind == EntityKind::Organization)
    {
        let Some(words) = tokens.get(m.tokens.start as usize..m.tokens.end as usize) else {
            continue;
        };
        let name = words
            .iter()
            .map(|t| t.form.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        if gaz.is_country_or_capital(&name) {
            m.kind = EntityKind::Location;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bilou_round_trip() {
        let spans = vec![(0..2, 0), (3..4, 2), (5..8, 1)];
        let labels = spans_to_labels(9, &spans);
        assert_eq!(labels_to_spans(&labels), spans);
        let mut prev = None;
        for l in &labels {
            assert!(l.may_follow(prev), "{l:?} after {prev:?}");
            prev = Some(*l);
        }
        assert!(!Label::new(0, 1).may_follow(Some(Label::O)));
        assert!(!Label::new(1, 2).may_follow(Some(Label::new(0, 0))));
    }

    #[test]
    fn a_capital_read_as_an_organisation_is_a_place() {
        let words = [
            "to",
            "visit",
            "Helsinki",
            "and",
            "Cambridge",
            "and",
            "United",
            "States",
        ];
        let mut text = String::new();
        let tokens: Vec<Token> = words
            .iter()
            .map(|w| {
                let s = text.len();
                text.push_str(w);
                text.push(' ');
                Token::new(*w, crate::document::ByteSpan::new(s, s + w.len()))
            })
            .collect();
        let org = |r: Range<u32>| Mention {
            tokens: r,
            kind: EntityKind::Organization,
            normalized: None,
        };
        let mut mentions = vec![org(2..3), org(4..5), org(6..8)];
        place_names_are_places(&tokens, &mut mentions, Gazetteer::embedded());
        let kinds: Vec<EntityKind> = mentions.iter().map(|m| m.kind).collect();
        // A capital and a country become places; "Cambridge" may be the university.
        assert_eq!(
            kinds,
            [
                EntityKind::Location,
                EntityKind::Organization,
                EntityKind::Location
            ]
        );
    }

    #[test]
    fn doc_labels_count_only_other_sentences() {
        let mut doc = Document::new("d", "");
        for words in [["Acme", "hired", "Bo"], ["Acme", "left", "town"]] {
            let mut toks = Vec::new();
            for w in words {
                let s = doc.text.len();
                doc.text.push_str(w);
                toks.push(Token::new(
                    w,
                    crate::document::ByteSpan::new(s, doc.text.len()),
                ));
                doc.text.push(' ');
            }
            doc.push_sentence(toks);
        }
        let org = Label::new(1, 3);
        let labels = vec![
            vec![org, Label::O, Label::new(0, 3)],
            vec![Label::O, Label::O, Label::O],
        ];
        let dl = DocLabels::new(&doc, &labels);
        let acme = hash_str("acme");
        // Sentence 0 sees sentence 1's O; sentence 1 sees sentence 0's ORG.
        assert_eq!(dl.value(acme, 0), 1 + 3 * 5);
        assert_eq!(dl.value(acme, 1), 1 + 5 + 4);
        // A word of one sentence only has no value.
        assert_eq!(dl.value(hash_str("bo"), 0), 0);
    }

    #[test]
    fn shapes() {
        assert_eq!(shape("McDonald's", true), "XxXx'x");
        assert_eq!(shape("2014", true), "d");
        assert_eq!(shape("Paris", false), "Xxxxx");
    }

    #[test]
    fn embedded_model_loads_and_labels_validly() {
        let ner = EntityRecognizer::embedded().unwrap();
        let mut doc = Document::new("d", "");
        let words = [
            "John", "Smith", "of", "the", "United", "Nations", "visited", "Berlin",
        ];
        let mut text = String::new();
        let mut toks = Vec::new();
        for w in words {
            let s = text.len();
            text.push_str(w);
            toks.push(Token::new(w, crate::document::ByteSpan::new(s, text.len())));
            text.push(' ');
        }
        doc.text = text;
        doc.push_sentence(toks);
        let labels = ner.label_document(&doc);
        let mut prev = None;
        for l in &labels[0] {
            assert!(l.may_follow(prev));
            prev = Some(*l);
        }
        assert!(!labels[0].last().unwrap().opens());
    }

    #[test]
    fn features_kept_or_computed_again_give_the_same_labels() {
        // Names that recur, capitalised and not, so history and document labels count.
        let text = "Marta Quell joined Dovecote Analytics in Bramford. Quell said the \
                    Bramford office would grow. Later, quell and Dovecote parted. \
                    Dovecote Analytics hired Idris Tamm. Tamm met Quell in Bramford.";
        let mut doc = Document::new("d", text);
        let pipeline = crate::nlp::pipeline::Pipeline::embedded()
            .unwrap()
            .with_stages(crate::nlp::pipeline::Stages {
                tag: true,
                parse: false,
                entities: false,
                coreference: false,
            });
        pipeline.analyze(&mut doc);
        let ner = EntityRecognizer::embedded().unwrap();
        let kept = ner.label_document_keeping(&doc, true);
        assert_eq!(kept.len(), doc.sentences.len());
        assert!(
            kept.iter().flatten().any(|l| *l != Label::O),
            "some entity found"
        );
        assert_eq!(ner.label_document_keeping(&doc, false), kept);
    }

    #[test]
    fn version_3_files_load_and_decode_as_greedily_trained() {
        let ner = EntityRecognizer::embedded().unwrap();
        let m = ner.model();
        // A version 3 payload is the version 4 one without `decoding`.
        let old = (&m.weights, &m.common_words, m.scale);
        let bytes = model::encode(ModelKind::NER, 3, &old).unwrap();
        let loaded = EntityRecognizer::from_bytes(&bytes).unwrap();
        assert_eq!(loaded.model().decoding, Decoding::GREEDY_TRAINED);
        assert_eq!(loaded.weights().n_weights(), ner.weights().n_weights());
        // Other versions are refused with the version named.
        let bytes = model::encode(ModelKind::NER, 2, &old).unwrap();
        assert!(matches!(
            EntityRecognizer::from_bytes(&bytes),
            Err(ModelError::PayloadVersion { found: 2, .. })
        ));
    }
}
