//! Part-of-speech tagger: a greedy, two-pass averaged perceptron that predicts
//! the universal tag (UPOS) and the Penn Treebank tag (XPOS) of every word.
//!
//! The classes are the joint (UPOS, XPOS) pairs seen in training, so one
//! decision sets both tags and they never disagree. Each word is tagged left
//! to right from features of the word itself (form, lower case, prefixes and
//! suffixes up to four characters, word shape), of its neighbours up to two
//! words away, of the two tags already chosen on its left, and of its
//! *ambiguity class* (the set of tags the word had in the training treebank),
//! which also tells the tagger something about the words on its right before
//! they are tagged. A second pass then re-tags the sentence seeing the first
//! pass's tags on the right. Frequent words that had one tag in training are
//! tagged from a dictionary without scoring.
//!
//! Cost: O(n · f) per sentence of n words with f ≈ 40 features per word and pass.
//!
//! ```
//! use kg::{ByteSpan, Token, Upos};
//! use kg::Tagger;
//!
//! let mut words: Vec<Token> = ["She", "reads", "books", "."]
//!     .iter()
//!     .map(|w| Token::new(*w, ByteSpan::default()))
//!     .collect();
//! Tagger::embedded()?.tag(&mut words);
//! assert_eq!(words[1].upos, Upos::Verb);
//! assert_eq!(words[2].xpos, "NNS");
//! # Ok::<(), kg::ModelError>(())
//! ```
//!
//! References: M. Collins, "Discriminative Training Methods for Hidden Markov
//! Models", EMNLP 2002; for the feature set, K. Toutanova et al., "Feature-Rich
//! Part-of-Speech Tagging with a Cyclic Dependency Network", NAACL 2003, and
//! the two-pass idea of J. Giménez and L. Màrquez, "SVMTool", LREC 2004.

use crate::document::{Token, Upos};
use crate::hashing::{FeatureHasher, FeatureMap};
use crate::nlp::lemma::Lemmatizer;
use crate::nlp::model::{self, ModelError, ModelKind};
use crate::nlp::perceptron::Perceptron;
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Payload version of the tagger model file (2: with WordNet word classes, see
/// [`TaggerModel::word_classes`]). A model without word classes is still written as
/// version 1, byte for byte as before, and version 1 files load.
pub const PAYLOAD_VERSION: u16 = 2;

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../models/tagger.kgm");

/// What a tagger model file holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct TaggerModel {
    /// The classes: joint (UPOS, XPOS) tags.
    pub tags: Vec<(Upos, String)>,
    /// Frequent words with a single tag (exact form → tag id).
    pub tagdict: Vec<(String, u16)>,
    /// Ambiguity classes: lower-cased word → sorted tag ids seen with it.
    pub lexicon: Vec<(String, Vec<u16>)>,
    /// Frequent word forms whose partial scores are precomputed on load ([`FormCache`]).
    pub cached_forms: Vec<String>,
    /// First pass.
    pub pass1: PackedWeights,
    /// Second pass (sees the first pass's tags on the right), if trained.
    pub pass2: Option<PackedWeights>,
    /// The second pass re-tags only words whose first-pass margin is at most this.
    pub pass2_margin: f32,
    /// Whether the features include each word's WordNet class
    /// ([`Lemmatizer::word_class`], from the embedded lemmatizer's lexicon): the
    /// fingerprint of that lexicon ([`Lemmatizer::lexicon_fingerprint`]), checked on load.
    pub word_classes: Option<u64>,
}

/// The payload of version 1 model files (no word classes).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct TaggerModelV1 {
    tags: Vec<(Upos, String)>,
    tagdict: Vec<(String, u16)>,
    lexicon: Vec<(String, Vec<u16>)>,
    cached_forms: Vec<String>,
    pass1: PackedWeights,
    pass2: Option<PackedWeights>,
    pass2_margin: f32,
}

/// A part-of-speech tagger (see the module documentation).
#[derive(Debug, Clone)]
pub struct Tagger {
    model: TaggerModel,
    /// Hash of the form (as in [`WordInfo`]) → tag.
    tagdict: FeatureMap<u16>,
    /// Hash of the lower-cased form → ambiguity class hash.
    lexicon: FeatureMap<u64>,
    caches: [FormCache; 2],
    /// The lexicon of the word classes, when the model uses them.
    classes: Option<&'static Lemmatizer>,
}

impl Tagger {
    /// The tagger embedded in the binary, loaded on first use.
    ///
    /// # Errors
    /// When the embedded model does not decode (a build problem).
    pub fn embedded() -> Result<&'static Tagger, ModelError> {
        static TAGGER: OnceLock<Result<Tagger, String>> = OnceLock::new();
        TAGGER
            .get_or_init(|| Tagger::from_bytes(EMBEDDED_BYTES).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ModelError::Payload(e.clone()))
    }

    /// Loads a tagger from the bytes of a model file.
    ///
    /// # Errors
    /// Any [`ModelError`] for a damaged, truncated or wrong-version file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let model = match model::decode::<TaggerModel>(bytes, ModelKind::TAGGER, PAYLOAD_VERSION) {
            Err(ModelError::PayloadVersion { found: 1, .. }) => {
                let m: TaggerModelV1 = model::decode(bytes, ModelKind::TAGGER, 1)?;
                TaggerModel {
                    tags: m.tags,
                    tagdict: m.tagdict,
                    lexicon: m.lexicon,
                    cached_forms: m.cached_forms,
                    pass1: m.pass1,
                    pass2: m.pass2,
                    pass2_margin: m.pass2_margin,
                    word_classes: None,
                }
            }
            other => other?,
        };
        Self::from_model(model)
    }

    /// Loads a tagger from a model file on disk.
    ///
    /// # Errors
    /// As [`Tagger::from_bytes`], or [`ModelError::Io`] naming the path.
    pub fn load(path: &std::path::Path) -> Result<Self, ModelError> {
        Self::from_bytes(&model::read(path)?)
    }

    pub(crate) fn from_model(model: TaggerModel) -> Result<Self, ModelError> {
        let n = model.tags.len();
        if n == 0 || n >= usize::from(u16::MAX) || model.pass1.n_classes() != n {
            return Err(ModelError::Payload("tagger classes do not match".into()));
        }
        if model.pass2.as_ref().is_some_and(|p| p.n_classes() != n)
            || !model.pass1.is_consistent()
            || model.pass2.as_ref().is_some_and(|p| !p.is_consistent())
        {
            return Err(ModelError::Payload("tagger classes do not match".into()));
        }
        if model.tagdict.iter().any(|(_, t)| usize::from(*t) >= n)
            || model
                .lexicon
                .iter()
                .any(|(_, ts)| ts.iter().any(|t| usize::from(*t) >= n))
        {
            return Err(ModelError::Payload("tag id out of range".into()));
        }
        let tagdict = model
            .tagdict
            .iter()
            .map(|(w, t)| (word_hash(w), *t))
            .collect();
        let lexicon: FeatureMap<u64> = model
            .lexicon
            .iter()
            .map(|(w, ts)| (word_hash(w), ambiguity_hash(ts)))
            .collect();
        let classes = match model.word_classes {
            None => None,
            Some(fingerprint) => {
                let l = Lemmatizer::embedded()?;
                if l.lexicon_fingerprint() != fingerprint {
                    return Err(ModelError::Payload(
                        "tagger trained on the word classes of another lemmatizer lexicon".into(),
                    ));
                }
                Some(l)
            }
        };
        let infos: Vec<WordInfo> = model
            .cached_forms
            .iter()
            .map(|f| WordInfo::new(f, |lw| lexicon.get(&lw).copied(), classes))
            .collect();
        let caches = [
            FormCache::build(&model.pass1, &infos),
            model
                .pass2
                .as_ref()
                .map(|p| FormCache::build(p, &infos))
                .unwrap_or_default(),
        ];
        Ok(Self {
            model,
            tagdict,
            lexicon,
            caches,
            classes,
        })
    }

    /// The payload of a model without word classes, written as version 1 (as before).
    fn v1(&self) -> TaggerModelV1 {
        let m = &self.model;
        TaggerModelV1 {
            tags: m.tags.clone(),
            tagdict: m.tagdict.clone(),
            lexicon: m.lexicon.clone(),
            cached_forms: m.cached_forms.clone(),
            pass1: m.pass1.clone(),
            pass2: m.pass2.clone(),
            pass2_margin: m.pass2_margin,
        }
    }

    /// Saves the tagger as a model file (payload version 1 without word classes).
    ///
    /// # Errors
    /// [`ModelError::Io`] naming the path.
    pub fn save(&self, path: &std::path::Path) -> Result<(), ModelError> {
        match self.model.word_classes {
            Some(_) => model::save(path, ModelKind::TAGGER, PAYLOAD_VERSION, &self.model),
            None => model::save(path, ModelKind::TAGGER, 1, &self.v1()),
        }
    }

    /// The model file bytes of this tagger.
    ///
    /// # Errors
    /// Only if serialisation fails.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        match self.model.word_classes {
            Some(_) => model::encode(ModelKind::TAGGER, PAYLOAD_VERSION, &self.model),
            None => model::encode(ModelKind::TAGGER, 1, &self.v1()),
        }
    }

    /// Number of joint (UPOS, XPOS) classes.
    #[must_use]
    pub fn n_tags(&self) -> usize {
        self.model.tags.len()
    }

    /// Tags one sentence: sets [`Token::upos`] and [`Token::xpos`] of every word.
    pub fn tag(&self, tokens: &mut [Token]) {
        let ids = self.tag_ids(tokens);
        for (t, id) in tokens.iter_mut().zip(ids) {
            let (upos, xpos) = &self.model.tags[usize::from(id)];
            t.upos = *upos;
            if t.xpos != *xpos {
                t.xpos.clear();
                t.xpos.push_str(xpos);
            }
        }
    }

    /// Tag ids for one sentence of words.
    pub(crate) fn tag_ids(&self, tokens: &[Token]) -> Vec<u16> {
        let info: Vec<WordInfo> = tokens
            .iter()
            .map(|t| WordInfo::new(&t.form, |lw| self.lexicon.get(&lw).copied(), self.classes))
            .collect();
        let fixed: Vec<Option<u16>> = info
            .iter()
            .map(|w| self.tagdict.get(&w.form).copied())
            .collect();
        run_passes(
            &self.model.pass1,
            self.model.pass2.as_ref(),
            self.model.pass2_margin,
            &info,
            &fixed,
            Some(&self.caches),
        )
    }
}

/// Both passes over one sentence. The second pass re-tags only the words whose
/// first-pass margin (best minus second-best score) is at most `margin`: the
/// others keep their first-pass tag, which saves most of the second pass's time.
pub(crate) fn run_passes<S: Scorer>(
    pass1: &S,
    pass2: Option<&S>,
    margin: f32,
    info: &[WordInfo],
    fixed: &[Option<u16>],
    caches: Option<&[FormCache; 2]>,
) -> Vec<u16> {
    let (first, margins) = decode(pass1, info, fixed, None, caches.map(|c| &c[0]));
    match pass2 {
        Some(p2) => {
            let fixed2: Vec<Option<u16>> = fixed
                .iter()
                .zip(&first)
                .zip(&margins)
                .map(|((f, &t), &m)| f.or(if m > margin { Some(t) } else { None }))
                .collect();
            decode(p2, info, &fixed2, Some(&first), caches.map(|c| &c[1])).0
        }
        None => first,
    }
}

/// Something that scores classes for features: a trained [`Perceptron`] or packed weights.
pub(crate) trait Scorer {
    /// Number of classes.
    fn n_classes(&self) -> usize;
    /// Adds the raw class scores of `features` to `scores`.
    fn score(&self, features: &[u64], scores: &mut [f32]);
    /// Factor from raw to real scores.
    fn scale(&self) -> f32;
}

impl Scorer for Perceptron {
    fn n_classes(&self) -> usize {
        Perceptron::n_classes(self)
    }
    fn score(&self, features: &[u64], scores: &mut [f32]) {
        self.score_into(features, scores);
    }
    fn scale(&self) -> f32 {
        1.0
    }
}

impl Scorer for PackedWeights {
    fn n_classes(&self) -> usize {
        PackedWeights::n_classes(self)
    }
    fn score(&self, features: &[u64], scores: &mut [f32]) {
        self.score_into(features, scores);
    }
    fn scale(&self) -> f32 {
        self.scale
    }
}

/// Greedy left-to-right decoding with one perceptron: the tags and, for each
/// word, the margin of the best tag over the second best (infinite for fixed words).
/// `cache` must have been built from the weights of `p`.
pub(crate) fn decode<S: Scorer>(
    p: &S,
    info: &[WordInfo],
    fixed: &[Option<u16>],
    right: Option<&[u16]>,
    cache: Option<&FormCache>,
) -> (Vec<u16>, Vec<f32>) {
    let mut out: Vec<u16> = Vec::with_capacity(info.len());
    let mut margins: Vec<f32> = Vec::with_capacity(info.len());
    let mut feats = Vec::with_capacity(64);
    let mut scores = vec![0.0f32; p.n_classes()];
    for i in 0..info.len() {
        if let Some(t) = fixed[i] {
            out.push(t);
            margins.push(f32::INFINITY);
            continue;
        }
        feats.clear();
        scores.iter_mut().for_each(|s| *s = 0.0);
        match cache {
            Some(cache) => {
                match cache.get(info[i].form) {
                    Some(g) => cache.add(g[0], &mut scores),
                    None => own_features(&info[i], &mut feats),
                }
                for (k, rel) in RELS.into_iter().enumerate() {
                    let x = neighbour(info, i, rel);
                    match x.and_then(|x| cache.get(x.form)) {
                        Some(g) => cache.add(g[k + 1], &mut scores),
                        None => neighbour_features(x, rel, &mut feats),
                    }
                }
                context_features(info, i, &out, right, &mut feats);
            }
            None => features(info, i, &out, right, &mut feats),
        }
        p.score(&feats, &mut scores);
        // Best (first on ties, as `argmax`) and second-best score in one sweep.
        let (mut best, mut top, mut second) = (0usize, f32::NEG_INFINITY, f32::NEG_INFINITY);
        for (c, &x) in scores.iter().enumerate() {
            if x > top {
                second = top;
                top = x;
                best = c;
            } else if x > second {
                second = x;
            }
        }
        out.push(best as u16);
        margins.push((top - second) * p.scale());
    }
    (out, margins)
}

/// The static, per-word part of the features: hashes computed once per word.
#[derive(Debug, Clone)]
pub(crate) struct WordInfo {
    form: u64,
    lower: u64,
    shape: u64,
    prefix: [u64; 4],
    suffix: [u64; 4],
    ambiguity: u64,
    known: bool,
    flags: u32,
    /// 0 without word classes; else 256 + [`Lemmatizer::word_class`] of the lower-cased form.
    class: u32,
}

impl WordInfo {
    /// Computes the word's hashes. `lexicon` looks up the ambiguity class by
    /// the hash of the lower-cased form ([`word_hash`]); `classes`, when given, gives the
    /// word's WordNet class.
    pub(crate) fn new(
        form: &str,
        lexicon: impl Fn(u64) -> Option<u64>,
        classes: Option<&Lemmatizer>,
    ) -> Self {
        // Lower-case short ASCII words on the stack: most words, no allocation.
        let mut buf = [0u8; 48];
        let owned;
        let lower: &str = if form.len() <= buf.len() && form.is_ascii() {
            let b = &mut buf[..form.len()];
            b.copy_from_slice(form.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or_default()
        } else {
            owned = form.to_lowercase();
            &owned
        };
        let h = word_hash;
        let mut prefix = [0u64; 4];
        let mut suffix = [0u64; 4];
        // Byte offsets after the first k characters and before the last k (k = 1..=4);
        // shorter words repeat their whole form, which is itself informative.
        let mut ends = [lower.len(); 4];
        let mut starts = [0usize; 4];
        for (k, (i, c)) in lower.char_indices().take(4).enumerate() {
            ends[k] = i + c.len_utf8();
        }
        for (k, (i, _)) in lower.char_indices().rev().take(4).enumerate() {
            starts[k] = i;
        }
        let n_chars = lower.chars().take(4).count();
        for k in 0..4 {
            let k2 = k.min(n_chars.saturating_sub(1));
            prefix[k] = h(&lower[..ends[k2]]);
            suffix[k] = h(&lower[starts[k2]..]);
        }
        let (shape, flags) = shape_of(form);
        let lower_hash = h(lower);
        let ambiguity = lexicon(lower_hash);
        let class = classes.map_or(0, |l| 256 + u32::from(l.word_class(lower)));
        Self {
            form: h(form),
            lower: lower_hash,
            shape,
            prefix,
            suffix,
            ambiguity: ambiguity.unwrap_or(shape ^ 0x5555),
            known: ambiguity.is_some(),
            flags,
            class,
        }
    }
}

/// Hash of a word (or affix) string.
#[inline]
pub(crate) fn word_hash(s: &str) -> u64 {
    FeatureHasher::new(0).str(s).finish()
}

/// Hash of an ambiguity class (a sorted list of tag ids).
pub(crate) fn ambiguity_hash(tags: &[u16]) -> u64 {
    let mut h = FeatureHasher::new(1);
    for &t in tags {
        h = h.int(u32::from(t));
    }
    h.finish()
}

/// Word shape (`Xxxx` → `Xx`, `1,000` → `d,d`: runs of one class collapse to
/// at most two characters) and flag bits (1 upper-initial, 2 all upper,
/// 4 digit, 8 hyphen, 16 period, 32 non-ASCII letter).
fn shape_of(form: &str) -> (u64, u32) {
    let mut h = FeatureHasher::new(2);
    let mut last = '\0';
    let mut run = 0;
    let mut flags = 0;
    let mut any_lower = false;
    let mut any_upper = false;
    for (i, c) in form.chars().enumerate() {
        let class = if c.is_uppercase() {
            any_upper = true;
            if i == 0 {
                flags |= 1;
            }
            'X'
        } else if c.is_lowercase() {
            any_lower = true;
            'x'
        } else if c.is_ascii_digit() {
            flags |= 4;
            'd'
        } else {
            if c == '-' {
                flags |= 8;
            } else if c == '.' {
                flags |= 16;
            }
            c
        };
        if c.is_alphabetic() && !c.is_ascii() {
            flags |= 32;
        }
        if class == last {
            run += 1;
        } else {
            run = 1;
            last = class;
        }
        if run <= 2 {
            let mut buf = [0u8; 4];
            h = h.bytes(class.encode_utf8(&mut buf).as_bytes());
        }
    }
    if any_upper && !any_lower {
        flags |= 2;
    }
    (h.finish(), flags)
}

// Feature templates: each number names one kind of feature.
const START: u32 = u16::MAX as u32;
const START2: u32 = START - 1;
const END: u32 = START - 2;
/// Stands in for the hashes of a missing neighbour (`rel` = its offset code).
#[inline]
fn absent(rel: u64) -> u64 {
    0xdead_beef_u64 ^ rel
}

#[inline]
fn fh(template: u32) -> FeatureHasher {
    FeatureHasher::new(template)
}

#[inline]
fn hb(x: u64) -> [u8; 8] {
    x.to_le_bytes()
}

/// Features of the word itself that depend on nothing else (cacheable per word form).
fn own_features(w: &WordInfo, out: &mut Vec<u64>) {
    out.push(fh(2).bytes(&hb(w.form)).finish());
    out.push(fh(3).bytes(&hb(w.lower)).finish());
    for k in 0..4 {
        out.push(fh(10 + k as u32).bytes(&hb(w.prefix[k])).finish());
        out.push(fh(20 + k as u32).bytes(&hb(w.suffix[k])).finish());
    }
    out.push(fh(4).bytes(&hb(w.shape)).finish());
    out.push(fh(6).bytes(&hb(w.ambiguity)).finish());
    if w.class != 0 {
        // WordNet's reading of the word, alone and with its ending ("-es" of a verb).
        out.push(fh(60).int(w.class).finish());
        out.push(fh(61).int(w.class).bytes(&hb(w.suffix[1])).finish());
    }
}

/// Which neighbour a group of features describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rel {
    Left1,
    Left2,
    Right1,
    Right2,
}

const RELS: [Rel; 4] = [Rel::Left1, Rel::Left2, Rel::Right1, Rel::Right2];

/// Features of one neighbour (`None` past the sentence edge); cacheable per word form.
fn neighbour_features(x: Option<&WordInfo>, rel: Rel, out: &mut Vec<u64>) {
    let code = rel as u64 + 1;
    let lw = x.map_or(absent(code), |x| x.lower);
    match rel {
        Rel::Left1 => {
            out.push(fh(40).bytes(&hb(lw)).finish());
            let suf = x.map_or(absent(code + 8), |x| x.suffix[2]);
            out.push(fh(46).bytes(&hb(suf)).finish());
        }
        Rel::Left2 => out.push(fh(41).bytes(&hb(lw)).finish()),
        Rel::Right1 => {
            out.push(fh(42).bytes(&hb(lw)).finish());
            let suf = x.map_or(absent(code + 8), |x| x.suffix[2]);
            out.push(fh(47).bytes(&hb(suf)).finish());
            let amb = x.map_or(absent(code + 16), |x| x.ambiguity);
            out.push(fh(50).bytes(&hb(amb)).finish());
            if let Some(c) = x.map(|x| x.class).filter(|&c| c != 0) {
                out.push(fh(62).int(c).finish());
            }
        }
        Rel::Right2 => {
            out.push(fh(43).bytes(&hb(lw)).finish());
            let amb = x.map_or(absent(code + 16), |x| x.ambiguity);
            out.push(fh(51).bytes(&hb(amb)).finish());
        }
    }
}

/// The neighbour of word `i` at `rel`, if inside the sentence.
#[inline]
fn neighbour(info: &[WordInfo], i: usize, rel: Rel) -> Option<&WordInfo> {
    match rel {
        Rel::Left1 => i.checked_sub(1).map(|j| &info[j]),
        Rel::Left2 => i.checked_sub(2).map(|j| &info[j]),
        Rel::Right1 => info.get(i + 1),
        Rel::Right2 => info.get(i + 2),
    }
}

/// The features that depend on position, on tags or on word pairs (never cached).
fn context_features(
    info: &[WordInfo],
    i: usize,
    left: &[u16],
    right: Option<&[u16]>,
    out: &mut Vec<u64>,
) {
    let w = &info[i];
    let t1 = if i >= 1 {
        u32::from(left[i - 1])
    } else {
        START
    };
    let t2 = if i >= 2 {
        u32::from(left[i - 2])
    } else if i == 1 {
        START
    } else {
        START2
    };
    let lw_prev = neighbour(info, i, Rel::Left1).map_or(absent(1), |x| x.lower);
    let next = neighbour(info, i, Rel::Right1);
    let lw_next = next.map_or(absent(3), |x| x.lower);
    let amb_next = next.map_or(absent(3 + 16), |x| x.ambiguity);

    out.push(fh(1).finish()); // bias
    out.push(fh(5).int(w.flags).int(u32::from(i == 0)).finish());
    if !w.known {
        // Unknown words lean on their spelling: suffixes with shape.
        out.push(fh(7).bytes(&hb(w.suffix[2])).int(w.flags).finish());
        out.push(fh(8).bytes(&hb(w.suffix[1])).int(t1).finish());
        if w.class != 0 {
            // …and on WordNet's reading, with capitalisation and the tag on the left.
            out.push(fh(63).int(w.class).int(w.flags).finish());
            out.push(fh(64).int(w.class).int(t1).finish());
        }
    }
    out.push(fh(30).int(t1).finish());
    out.push(fh(31).int(t2).int(t1).finish());
    out.push(fh(32).int(t1).bytes(&hb(w.lower)).finish());
    out.push(fh(33).int(t1).bytes(&hb(w.suffix[2])).finish());
    out.push(fh(44).bytes(&hb(lw_prev)).bytes(&hb(w.lower)).finish());
    out.push(fh(45).bytes(&hb(w.lower)).bytes(&hb(lw_next)).finish());
    out.push(fh(52).bytes(&hb(w.ambiguity)).bytes(&hb(amb_next)).finish());
    out.push(fh(53).int(t1).bytes(&hb(amb_next)).finish());
    if let Some(r) = right {
        let rt = |j: usize| -> u32 { r.get(j).map_or(END, |&t| u32::from(t)) };
        out.push(fh(70).int(rt(i)).finish());
        out.push(fh(71).int(rt(i + 1)).finish());
        out.push(fh(72).int(rt(i + 1)).int(rt(i + 2)).finish());
        out.push(fh(73).int(t1).int(rt(i + 1)).finish());
        out.push(fh(74).bytes(&hb(w.lower)).int(rt(i + 1)).finish());
        out.push(
            fh(75)
                .int(rt(i))
                .int(rt(i + 1))
                .bytes(&hb(w.suffix[1]))
                .finish(),
        );
    }
}

/// Pushes every feature of word `i`, given the tags chosen so far on its left
/// (`left`, of length ≥ i) and, in a second pass, the first pass's tags (`right`).
pub(crate) fn features(
    info: &[WordInfo],
    i: usize,
    left: &[u16],
    right: Option<&[u16]>,
    out: &mut Vec<u64>,
) {
    own_features(&info[i], out);
    for rel in RELS {
        neighbour_features(neighbour(info, i, rel), rel, out);
    }
    context_features(info, i, left, right, out);
}

/// Precomputed partial scores of frequent word forms, for one pass: the sum of
/// the weights of the word's own features and of its features as each kind of
/// neighbour. Scoring a word whose form and neighbours are cached then looks up
/// about a third of the features. The weights are integers, so the cached sums
/// equal the uncached ones exactly.
#[derive(Debug, Clone, Default)]
pub(crate) struct FormCache {
    /// Form hash → index of its five groups in `groups`.
    index: crate::hashing::FeatureMap<u32>,
    /// (start, len) in `entries` for each form's groups: own, Left1, Left2, Right1, Right2.
    groups: Vec<[(u32, u32); 5]>,
    entries: Vec<(u16, i32)>,
}

impl FormCache {
    fn build(weights: &PackedWeights, forms: &[WordInfo]) -> Self {
        let mut cache = FormCache::default();
        let mut feats = Vec::with_capacity(16);
        let mut acc = vec![0i32; weights.n_classes()];
        for w in forms {
            if cache.index.contains_key(&w.form) {
                continue;
            }
            let mut groups = [(0u32, 0u32); 5];
            for (g, slot) in groups.iter_mut().enumerate() {
                feats.clear();
                if g == 0 {
                    own_features(w, &mut feats);
                } else {
                    neighbour_features(Some(w), RELS[g - 1], &mut feats);
                }
                for &f in &feats {
                    for &(c, w) in weights.row(f) {
                        if let Some(a) = acc.get_mut(usize::from(c)) {
                            *a += i32::from(w);
                        }
                    }
                }
                let start = cache.entries.len() as u32;
                for (c, a) in acc.iter_mut().enumerate() {
                    if *a != 0 {
                        cache.entries.push((c as u16, *a));
                        *a = 0;
                    }
                }
                *slot = (start, cache.entries.len() as u32 - start);
            }
            cache.index.insert(w.form, cache.groups.len() as u32);
            cache.groups.push(groups);
        }
        cache
    }

    #[inline]
    fn get(&self, form: u64) -> Option<&[(u32, u32); 5]> {
        self.index.get(&form).map(|&i| &self.groups[i as usize])
    }

    #[inline]
    fn add(&self, group: (u32, u32), scores: &mut [f32]) {
        let (start, len) = (group.0 as usize, group.1 as usize);
        for &(c, w) in &self.entries[start..start + len] {
            if let Some(s) = scores.get_mut(usize::from(c)) {
                *s += w as f32;
            }
        }
    }
}

/// Perceptron weights packed for fast scoring: 32-bit feature keys in an
/// open-addressing table of 8-byte slots, and each feature's (class, weight)
/// pairs quantised to 16-bit integers in one contiguous array, so a feature
/// costs about two cache misses. Built from a trained
/// [`Perceptron`] by [`PackedWeights::pack`]; only the sorted rows are stored
/// in the model file and the table is rebuilt on load (by [`PackedWeights`]'s own
/// `Deserialize`, which reads the rows straight into the table).
#[derive(Debug, Clone, Default, Serialize)]
#[serde(into = "PackedRows")]
pub(crate) struct PackedWeights {
    n_classes: u16,
    scale: f32,
    /// Slots: (key, start << 8 | len); key 0 marks an empty slot.
    slots: Vec<(u32, u32)>,
    shift: u32,
    /// (class, quantised weight) pairs.
    entries: Vec<(u16, i16)>,
    n_features: usize,
}

/// The stored form of [`PackedWeights`]: rows in ascending key order.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct PackedRows {
    n_classes: u16,
    scale: f32,
    rows: Vec<(u32, Vec<(u16, i16)>)>,
}

/// The 32-bit key of a 64-bit feature hash (never 0, which marks empty slots).
#[inline]
fn key32(f: u64) -> u32 {
    let k = (f >> 32) as u32 ^ f as u32;
    k.max(1)
}

impl From<PackedRows> for PackedWeights {
    fn from(r: PackedRows) -> Self {
        let mut entries = Vec::with_capacity(r.rows.iter().map(|(_, v)| v.len()).sum());
        let mut rows = Vec::with_capacity(r.rows.len());
        for (key, row) in &r.rows {
            let start = entries.len() as u32;
            let len = row.len().min(MAX_ROW);
            entries.extend_from_slice(&row[..len]);
            rows.push((*key, start, len as u32));
        }
        Self::from_parts(r.n_classes, r.scale, &rows, entries)
    }
}

/// Rows longer than this are cut: the slot stores the length in 8 bits.
const MAX_ROW: usize = 255;

impl PackedWeights {
    /// The table over `rows` (key, start, length in `entries`).
    fn from_parts(
        n_classes: u16,
        scale: f32,
        rows: &[(u32, u32, u32)],
        entries: Vec<(u16, i16)>,
    ) -> Self {
        let n = rows.len();
        // Load factor between 0.3 and 0.6: a smaller table stays in cache
        // better, and linear probing mostly stays within one cache line.
        let cap = (n + n / 4).max(16).next_power_of_two();
        let shift = 64 - cap.trailing_zeros();
        let mut slots = vec![(0u32, 0u32); cap];
        for &(key, start, len) in rows {
            // Rows are at most 255 classes long and start below 2^24.
            let mut i = slot_of(key, shift);
            while slots[i].0 != 0 && slots[i].0 != key {
                i = (i + 1) & (cap - 1);
            }
            slots[i] = (key, (start << 8) | len);
        }
        Self {
            n_classes,
            scale,
            slots,
            shift,
            entries,
            n_features: n,
        }
    }
}

/// Reads the stored [`PackedRows`] straight into the table: one array of entries
/// instead of a vector per row (a tagger has hundreds of thousands of rows, and
/// loading it was a noticeable part of a short run).
impl<'de> Deserialize<'de> for PackedWeights {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_struct(
            "PackedRows",
            &["n_classes", "scale", "rows"],
            packed_de::Weights,
        )
    }
}

/// The serde visitors of [`PackedWeights`]'s `Deserialize`.
mod packed_de {
    use super::{PackedWeights, MAX_ROW};
    use serde::de::{DeserializeSeed, Deserializer, Error, SeqAccess, Visitor};
    use std::fmt;

    pub(super) struct Weights;

    impl<'de> Visitor<'de> for Weights {
        type Value = PackedWeights;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("packed tagger weights")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<PackedWeights, A::Error> {
            let n_classes: u16 = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let scale: f32 = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(1, &self))?;
            let (rows, entries) = seq
                .next_element_seed(Rows)?
                .ok_or_else(|| A::Error::invalid_length(2, &self))?;
            Ok(PackedWeights::from_parts(n_classes, scale, &rows, entries))
        }
    }

    type RowsAndEntries = (Vec<(u32, u32, u32)>, Vec<(u16, i16)>);

    /// The sequence of rows.
    struct Rows;

    impl<'de> DeserializeSeed<'de> for Rows {
        type Value = RowsAndEntries;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for Rows {
        type Value = RowsAndEntries;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence of weight rows")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            // The hint comes from the file: cap it so a damaged length cannot
            // reserve gigabytes.
            let mut rows = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1 << 20));
            let mut entries = Vec::with_capacity(rows.capacity() * 4);
            while seq
                .next_element_seed(Row {
                    rows: &mut rows,
                    entries: &mut entries,
                })?
                .is_some()
            {}
            Ok((rows, entries))
        }
    }

    /// One `(key, [(class, weight)])` row, appended to `rows` and `entries`.
    struct Row<'a> {
        rows: &'a mut Vec<(u32, u32, u32)>,
        entries: &'a mut Vec<(u16, i16)>,
    }

    impl<'de> DeserializeSeed<'de> for Row<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_tuple(2, self)
        }
    }

    impl<'de> Visitor<'de> for Row<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a (key, row) pair")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let key: u32 = seq
                .next_element()?
                .ok_or_else(|| A::Error::invalid_length(0, &self))?;
            let start = self.entries.len();
            seq.next_element_seed(Entries(&mut *self.entries))?
                .ok_or_else(|| A::Error::invalid_length(1, &self))?;
            let len = self.entries.len() - start;
            self.rows.push((key, start as u32, len as u32));
            Ok(())
        }
    }

    /// A row's (class, weight) pairs, appended to the vector; those past
    /// [`MAX_ROW`] are read and dropped.
    struct Entries<'a>(&'a mut Vec<(u16, i16)>);

    impl<'de> DeserializeSeed<'de> for Entries<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_seq(self)
        }
    }

    impl<'de> Visitor<'de> for Entries<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence of (class, weight) pairs")
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut n = 0usize;
            while let Some(e) = seq.next_element::<(u16, i16)>()? {
                if n < MAX_ROW {
                    self.0.push(e);
                }
                n += 1;
            }
            Ok(())
        }
    }
}

impl From<PackedWeights> for PackedRows {
    fn from(p: PackedWeights) -> Self {
        let mut rows: Vec<(u32, Vec<(u16, i16)>)> = p
            .slots
            .iter()
            .filter(|s| s.0 != 0)
            .map(|&(k, v)| {
                let start = (v >> 8) as usize;
                let len = (v & 0xFF) as usize;
                (k, p.entries[start..start + len].to_vec())
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        Self {
            n_classes: p.n_classes,
            scale: p.scale,
            rows,
        }
    }
}

#[inline]
fn slot_of(key: u32, shift: u32) -> usize {
    (u64::from(key).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> shift) as usize
}

impl PackedWeights {
    /// Packs a trained perceptron, dropping weights with absolute value at
    /// most `prune` and quantising the rest to 16 bits.
    pub(crate) fn pack(p: &Perceptron, prune: f32) -> Self {
        let rows = p.rows();
        let max = rows
            .iter()
            .flat_map(|(_, r)| r.iter().map(|&(_, w)| w.abs()))
            .fold(0.0f32, f32::max);
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        let mut merged: std::collections::BTreeMap<u32, Vec<(u16, i16)>> = Default::default();
        for (f, row) in rows {
            let q: Vec<(u16, i16)> = row
                .iter()
                .filter(|&&(_, w)| w.abs() > prune)
                .map(|&(c, w)| (c, (w / scale).round() as i16))
                .filter(|&(_, w)| w != 0)
                .collect();
            if !q.is_empty() {
                // Two features sharing a 32-bit key (rare) share their weights.
                let e = merged.entry(key32(f)).or_default();
                for (c, w) in q {
                    match e.iter_mut().find(|x| x.0 == c) {
                        Some(x) => x.1 = x.1.saturating_add(w),
                        None => e.push((c, w)),
                    }
                }
                e.sort_unstable_by_key(|x| x.0);
            }
        }
        PackedRows {
            n_classes: p.n_classes() as u16,
            scale,
            rows: merged.into_iter().collect(),
        }
        .into()
    }

    /// Number of classes.
    pub(crate) fn n_classes(&self) -> usize {
        usize::from(self.n_classes)
    }

    /// Number of features and of stored weights.
    pub(crate) fn size(&self) -> (usize, usize) {
        (self.n_features, self.entries.len())
    }

    /// True when every stored class is below `n_classes`.
    pub(crate) fn is_consistent(&self) -> bool {
        self.entries.iter().all(|&(c, _)| c < self.n_classes)
    }

    /// The (class, weight) pairs of one feature (empty when unknown).
    pub(crate) fn row(&self, f: u64) -> &[(u16, i16)] {
        let key = key32(f);
        let mask = self.slots.len() - 1;
        let mut i = slot_of(key, self.shift);
        loop {
            let (k, v) = self.slots[i];
            if k == key {
                let start = (v >> 8) as usize;
                return self
                    .entries
                    .get(start..start + (v & 0xFF) as usize)
                    .unwrap_or(&[]);
            }
            if k == 0 {
                return &[];
            }
            i = (i + 1) & mask;
        }
    }

    /// Adds the (unscaled, integer-valued) weights of `features` to `scores`.
    ///
    /// Works in two phases over blocks of features: first every feature's home
    /// slot is read (independent loads, so their cache misses overlap), then
    /// the probes are finished and the rows added.
    #[inline]
    pub(crate) fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        const BLOCK: usize = 32;
        let mask = self.slots.len() - 1;
        for block in features.chunks(BLOCK) {
            let mut keys = [0u32; BLOCK];
            let mut home = [0usize; BLOCK];
            let mut first = [(0u32, 0u32); BLOCK];
            for (j, &f) in block.iter().enumerate() {
                keys[j] = key32(f);
                home[j] = slot_of(keys[j], self.shift);
            }
            for j in 0..block.len() {
                first[j] = self.slots[home[j]];
            }
            let mut rows = [(0usize, 0usize); BLOCK];
            for j in 0..block.len() {
                let key = keys[j];
                let (mut k, mut v) = first[j];
                let mut i = home[j];
                while k != key && k != 0 {
                    i = (i + 1) & mask;
                    (k, v) = self.slots[i];
                }
                if k == key {
                    rows[j] = ((v >> 8) as usize, (v & 0xFF) as usize);
                }
            }
            for &(start, len) in &rows[..block.len()] {
                if let Some(row) = self.entries.get(start..start + len) {
                    for &(c, w) in row {
                        if let Some(s) = scores.get_mut(usize::from(c)) {
                            *s += f32::from(w);
                        }
                    }
                }
            }
        }
    }

    /// The straightforward version of [`PackedWeights::score_into`], kept to test it against.
    #[cfg(test)]
    fn score_into_simple(&self, features: &[u64], scores: &mut [f32]) {
        let mask = self.slots.len() - 1;
        for &f in features {
            let key = key32(f);
            let mut i = slot_of(key, self.shift);
            loop {
                let (k, v) = self.slots[i];
                if k == key {
                    let start = (v >> 8) as usize;
                    let len = (v & 0xFF) as usize;
                    for &(c, w) in &self.entries[start..start + len] {
                        if let Some(s) = scores.get_mut(usize::from(c)) {
                            *s += f32::from(w);
                        }
                    }
                    break;
                }
                if k == 0 {
                    break;
                }
                i = (i + 1) & mask;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn packed_weights_read_straight_into_the_table_as_from_rows() {
        let rows = PackedRows {
            n_classes: 300,
            scale: 0.5,
            rows: (1..2000u32)
                .map(|k| {
                    let len = if k == 7 { 280 } else { (k % 5) as usize };
                    (
                        k * 7919,
                        (0..len).map(|c| (c as u16, k as i16 - c as i16)).collect(),
                    )
                })
                .collect(),
        };
        let bytes = postcard::to_allocvec(&rows).unwrap();
        let read: PackedWeights = postcard::from_bytes(&bytes).unwrap();
        let from: PackedWeights = rows.clone().into();
        assert_eq!(read.slots, from.slots);
        assert_eq!(read.entries, from.entries);
        assert_eq!(
            (read.n_classes, read.scale, read.shift, read.n_features),
            (from.n_classes, from.scale, from.shift, from.n_features)
        );
        assert_eq!(read.row(7 * 7919).len(), 255);
        // And back: the stored form is unchanged.
        assert_eq!(
            postcard::to_allocvec(&read).unwrap(),
            postcard::to_allocvec(&PackedRows::from(from)).unwrap()
        );
        assert!(postcard::from_bytes::<PackedWeights>(&bytes[..bytes.len() / 2]).is_err());
    }

    use super::*;
    use crate::document::ByteSpan;

    fn sentence(s: &str) -> Vec<Token> {
        s.split_whitespace()
            .map(|w| Token::new(w, ByteSpan::default()))
            .collect()
    }

    #[test]
    fn cached_scores_equal_uncached_ones() {
        let t = Tagger::embedded().unwrap();
        for s in [
            "The company said on Tuesday that its profits had risen sharply .",
            "I ca n't believe it 's not butter !",
            "Blorfs zinged quixotically over 3,400 Frobnitzes in Uzbekistan",
            "a",
        ] {
            let words = sentence(s);
            let info: Vec<WordInfo> = words
                .iter()
                .map(|w| WordInfo::new(&w.form, |lw| t.lexicon.get(&lw).copied(), t.classes))
                .collect();
            let fixed = vec![None; words.len()];
            let m = &t.model;
            let with = run_passes(
                &m.pass1,
                m.pass2.as_ref(),
                m.pass2_margin,
                &info,
                &fixed,
                Some(&t.caches),
            );
            let without = run_passes(
                &m.pass1,
                m.pass2.as_ref(),
                m.pass2_margin,
                &info,
                &fixed,
                None,
            );
            assert_eq!(with, without, "{s}");
            let (_, m1) = decode(&m.pass1, &info, &fixed, None, Some(&t.caches[0]));
            let (_, m2) = decode(&m.pass1, &info, &fixed, None, None);
            assert_eq!(m1, m2, "{s}");
        }
    }

    #[test]
    fn packed_weights_round_trip() {
        let t = Tagger::embedded().unwrap();
        let rows: PackedRows = t.model.pass1.clone().into();
        let back: PackedWeights = rows.into();
        assert_eq!(back.size(), t.model.pass1.size());
        let f = [
            FeatureHasher::new(1).finish(),
            FeatureHasher::new(30).int(START).finish(),
        ];
        let mut a = vec![0.0; back.n_classes()];
        let mut b = a.clone();
        back.score_into(&f, &mut a);
        t.model.pass1.score_into_simple(&f, &mut b);
        assert_eq!(a, b);
        // Many features (more than one block), known and unknown.
        let many: Vec<u64> = (0..100u32)
            .map(|i| FeatureHasher::new(30 + i % 3).int(i % 110).finish())
            .collect();
        let mut a = vec![0.0; back.n_classes()];
        let mut b = a.clone();
        back.score_into(&many, &mut a);
        back.score_into_simple(&many, &mut b);
        assert_eq!(a, b);
        assert!(a.iter().any(|&x| x != 0.0));
    }

    #[test]
    fn shapes() {
        assert_eq!(shape_of("Hello").0, shape_of("Wxyzab").0);
        assert_ne!(shape_of("Hello").0, shape_of("hello").0);
        assert_eq!(shape_of("1,000").1 & 4, 4);
        assert_eq!(shape_of("USA").1 & 2, 2);
        assert_eq!(shape_of("").1, 0);
    }
}
