//! Lemmatizer learned from a treebank: `(form, XPOS) → lemma`.
//!
//! Three layers, tried in order:
//! 1. an exception table for the forms whose lemma the rules below get wrong
//!    (irregular forms such as `went → go`, `n't → not`, `mice → mouse`),
//!    keyed on the exact form and then on the lower-cased form;
//! 2. for other words, suffix-rewrite rules learned per XPOS tag
//!    (`-ies → -y` for `NNS`, `-ing → ∅` for `VBG`, …): the rule of the
//!    longest known suffix of the word wins;
//! 3. case: proper nouns keep their spelling; for other words, whether the
//!    lemma keeps the capitals of the form (`Iraqi` stays, sentence-initial
//!    `Running` becomes `run`) is learned per tag and capitalisation pattern.
//!
//! 4. a lexicon of real English lemmas (WordNet 3.1's index files, shipped in the model
//!    front-coded; see [`encode_lexicon`]) checks what the rules make of an inflected
//!    form that no table holds: a stem that is not a lemma of the tag's part of speech
//!    (`peake`, `outlin`, `signall`) is replaced by the first morphological candidate the
//!    lexicon knows (WordNet's *morphy* detachment rules plus undoubling: `peak`,
//!    `outline`, `signal`); when none is known, a form the lexicon knows as a word of
//!    another part of speech stays as it is (`sterling` tagged `VBG`); and a past form
//!    missing from the tables for its own tag borrows the irregular lemma learned for the
//!    other past tag (`rose/VBN` from `rose/VBD → rise`). For the other tags, a rule that
//!    turns a word of the lexicon into no word of it is overruled: the form stays.
//!
//! Numbers written with digit-group commas lose the commas (`1,000 → 1000`),
//! as in the treebank. The lemmatizer needs the tagger's XPOS tags.

use crate::document::Token;
use crate::hashing::{FeatureHasher, FeatureMap};
use crate::nlp::model::{self, ModelError, ModelKind};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Payload version of the lemmatizer model file (2: with the lexicon; version 1 files,
/// without it, still load and lemmatize as before).
pub const PAYLOAD_VERSION: u16 = 2;

static EMBEDDED_BYTES: &[u8] = include_bytes!("../../models/lemmatizer.kgm");

/// A suffix rewrite: drop `strip` characters, then append `append`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) struct Rewrite {
    pub strip: u8,
    pub append: String,
}

/// What a lemmatizer model file holds.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct LemmaModel {
    /// (exact form, XPOS) → lemma.
    pub exact: Vec<(String, String, String)>,
    /// (lower-cased form, XPOS) → lemma.
    pub lower: Vec<(String, String, String)>,
    /// (XPOS, lower-cased suffix) → rewrite; the empty suffix is the tag's default.
    pub rules: Vec<(String, String, Rewrite)>,
    /// (XPOS, case class) pairs whose lemma keeps the form's capitals.
    pub keep_case: Vec<(String, u8)>,
    /// Longest suffix with a rule.
    pub max_suffix: u8,
    /// Lemmas of English with their parts of speech, front-coded ([`encode_lexicon`]);
    /// empty for no lexicon.
    pub lexicon: Vec<u8>,
}

/// The payload of version 1 model files (no lexicon).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct LemmaModelV1 {
    exact: Vec<(String, String, String)>,
    lower: Vec<(String, String, String)>,
    rules: Vec<(String, String, Rewrite)>,
    keep_case: Vec<(String, u8)>,
    max_suffix: u8,
}

/// Part-of-speech bits of a lexicon entry.
pub mod pos {
    /// Noun.
    pub const NOUN: u8 = 1;
    /// Verb.
    pub const VERB: u8 = 2;
    /// Adjective.
    pub const ADJ: u8 = 4;
    /// Adverb.
    pub const ADV: u8 = 8;
}

/// Front-codes a sorted lexicon: per entry, the length of the prefix shared with the
/// previous word (one byte), the length of the rest (one byte), the rest, and the
/// part-of-speech bits ([`pos`]). Words longer than 255 bytes are left out.
#[must_use]
pub fn encode_lexicon(words: &std::collections::BTreeMap<String, u8>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev: &[u8] = &[];
    for (w, &bits) in words {
        let w = w.as_bytes();
        if w.len() > 255 {
            continue;
        }
        let shared = prev.iter().zip(w).take_while(|(a, b)| a == b).count();
        let rest = &w[shared..];
        out.push(shared as u8);
        out.push(rest.len() as u8);
        out.extend_from_slice(rest);
        out.push(bits);
        prev = w;
    }
    out
}

/// Decodes [`encode_lexicon`]'s bytes, calling `f(word, bits)` for each entry in order.
///
/// # Errors
/// A message when the bytes are truncated or not UTF-8.
pub fn decode_lexicon(bytes: &[u8], mut f: impl FnMut(&str, u8)) -> Result<(), String> {
    let mut word: Vec<u8> = Vec::with_capacity(64);
    let mut i = 0;
    while i < bytes.len() {
        let bad = || format!("lexicon truncated or damaged at byte {i}");
        let (shared, len) = (
            usize::from(bytes[i]),
            usize::from(*bytes.get(i + 1).ok_or_else(bad)?),
        );
        let rest = bytes.get(i + 2..i + 2 + len).ok_or_else(bad)?;
        let bits = *bytes.get(i + 2 + len).ok_or_else(bad)?;
        if shared > word.len() {
            return Err(bad());
        }
        word.truncate(shared);
        word.extend_from_slice(rest);
        f(std::str::from_utf8(&word).map_err(|_| bad())?, bits);
        i += 3 + len;
    }
    Ok(())
}

#[inline]
fn lex_key(word: &str) -> u64 {
    FeatureHasher::new(5).str(word).finish()
}

/// The lexicon's part of speech for the inflected tags whose lemma it checks.
fn checked_pos(xpos: &str) -> Option<u8> {
    match xpos {
        "NNS" => Some(pos::NOUN),
        "VBD" | "VBN" | "VBG" | "VBZ" => Some(pos::VERB),
        "JJR" | "JJS" => Some(pos::ADJ),
        "RBR" | "RBS" => Some(pos::ADV | pos::ADJ),
        _ => None,
    }
}

fn is_consonant(c: u8) -> bool {
    c.is_ascii_alphabetic() && !is_vowel(c)
}

/// Ends in one short vowel and one consonant ("hop", "cit", "us"): before such a stem,
/// English writes a silent "e" ("hoped", "cited") unless it doubles the consonant.
fn short_vowel_consonant(b: &[u8]) -> bool {
    let n = b.len();
    n >= 2
        && is_consonant(b[n - 1])
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
        && matches!(b[n - 2], b'a' | b'e' | b'i' | b'o' | b'u')
        && (n == 2 || !is_vowel(b[n - 3]))
}

/// Stems for a suffix-stripped `body` ("hop" of "hoped"/"hoping"): without a doubled final
/// consonant, with a silent "e", as it is; most likely first by English spelling.
fn stems(body: &str, out: &mut Vec<String>) {
    let b = body.as_bytes();
    let n = b.len();
    if n == 0 {
        return;
    }
    if n >= 3 && b[n - 1] == b[n - 2] && is_consonant(b[n - 1]) {
        out.push(body[..n - 1].to_owned());
        out.push(body.to_owned());
    } else if short_vowel_consonant(b) {
        out.push(format!("{body}e"));
        out.push(body.to_owned());
    } else {
        out.push(body.to_owned());
        if is_consonant(b[n - 1]) {
            out.push(format!("{body}e"));
        }
    }
}

/// Candidate lemmas of an inflected, lower-case ASCII form for the parts of speech `bits`,
/// in order of preference: WordNet's morphy detachment rules, plus undoubling and the
/// silent "e" (see [`stems`]).
pub(crate) fn candidates(lower: &str, bits: u8) -> Vec<String> {
    let mut out = Vec::new();
    if bits & pos::VERB != 0 {
        if let Some(b) = lower.strip_suffix("ied") {
            out.push(format!("{b}y"));
        }
        if let Some(b) = lower
            .strip_suffix("ed")
            .or_else(|| lower.strip_suffix("ing"))
        {
            // A verb in "-ee" loses one "e" before "-ed" ("freed", "agreed").
            if lower.ends_with("eed") {
                out.push(format!("{b}e"));
            }
            stems(b, &mut out);
            // Verbs in "-ic" take a "k" before an ending ("panicked", "mimicking").
            if let Some(c) = b.strip_suffix("ck") {
                out.push(format!("{c}c"));
            }
        }
        if let Some(b) = lower.strip_suffix('s') {
            out.push(b.to_owned());
        }
        if let Some(b) = lower.strip_suffix("es") {
            out.push(b.to_owned());
        }
        if let Some(b) = lower.strip_suffix("ies") {
            out.push(format!("{b}y"));
        }
    }
    if bits & pos::NOUN != 0 {
        if let Some(b) = lower.strip_suffix('s') {
            out.push(b.to_owned());
        }
        for (suffix, repl) in [
            ("ies", "y"),
            ("ses", "s"),
            ("xes", "x"),
            ("zes", "z"),
            ("ches", "ch"),
            ("shes", "sh"),
            ("ves", "f"),
            ("ves", "fe"),
            ("men", "man"),
            ("oes", "o"),
        ] {
            if let Some(b) = lower.strip_suffix(suffix) {
                out.push(format!("{b}{repl}"));
            }
        }
    }
    if bits & (pos::ADJ | pos::ADV) != 0 {
        for suffix in ["est", "er"] {
            if let Some(b) = lower.strip_suffix(suffix) {
                if let Some(y) = b.strip_suffix('i') {
                    out.push(format!("{y}y"));
                }
                stems(b, &mut out);
            }
        }
    }
    out.retain(|c| !c.is_empty());
    out
}

/// Lemmas an irregular past form of regular shape may have, tried after [`candidates`]:
/// "-ed" for "-eed" or "-ee" ("bled", "fled"), "-t" for nothing or "-l" ("dreamt",
/// "spelt"), a dropped silent "e" ("slid", "hid").
fn irregular_past_candidates(lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(b) = lower.strip_suffix("ed") {
        out.push(format!("{b}eed"));
        out.push(format!("{b}ee"));
    } else if lower.ends_with('d') {
        out.push(format!("{lower}e"));
    }
    if let Some(b) = lower.strip_suffix('t') {
        out.push(b.to_owned());
        if b.ends_with('l') {
            out.push(format!("{b}l"));
        }
    }
    out.retain(|c| c.len() > 2);
    out
}

/// A lemmatizer (see the module documentation).
///
/// The tables are keyed by 64-bit hashes of (string, tag) pairs so that a
/// lookup allocates nothing.
#[derive(Debug, Clone)]
pub struct Lemmatizer {
    model: LemmaModel,
    exact: FeatureMap<u32>,
    lower: FeatureMap<u32>,
    rules: FeatureMap<u32>,
    keep_case: FeatureMap<()>,
    /// Every verb lemma of the exception tables (lower case): the lexicon that checks stems.
    lexicon: rustc_hash::FxHashSet<String>,
    /// Hash of a lemma of English → its part-of-speech bits (the model's lexicon).
    words: FeatureMap<u8>,
}

#[inline]
fn key(template: u32, s: &str, xpos: &str) -> u64 {
    FeatureHasher::new(template).str(s).str(xpos).finish()
}

/// Capitalisation class of a form: 0 lower/none, 1 initial capital, 2 all
/// capitals, 3 mixed; plus 4 when the word opens its sentence.
pub(crate) fn case_class(form: &str, first: bool) -> u8 {
    let mut chars = form.chars().filter(|c| c.is_alphabetic());
    let Some(c0) = chars.next() else { return 0 };
    let (mut n_rest, mut upper_rest) = (0usize, 0usize);
    for c in chars {
        n_rest += 1;
        upper_rest += usize::from(c.is_uppercase());
    }
    let class = if c0.is_uppercase() {
        if n_rest > 0 && upper_rest == n_rest {
            2
        } else if upper_rest == 0 {
            1
        } else {
            3
        }
    } else if upper_rest > 0 {
        3
    } else {
        0
    };
    class + if first { 4 } else { 0 }
}

/// Applies a rewrite to `form` (character-based); `None` when it would strip the whole word.
pub(crate) fn apply(form: &str, r: &Rewrite) -> Option<String> {
    let n = form.chars().count();
    let strip = usize::from(r.strip);
    if strip > n || (strip == n && r.append.is_empty()) {
        return None;
    }
    let keep: String = form.chars().take(n - strip).collect();
    Some(keep + &r.append)
}

/// True for a number written in digits with commas or dots, like `20`, `1,000`,
/// `12,500.75` or `20.000`.
fn is_digit_number(form: &str) -> bool {
    form.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && form
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
}

/// True for digits grouped with commas, like `1,000` or `12,500.75`.
fn is_grouped_number(form: &str) -> bool {
    form.contains(',') && is_digit_number(form)
}

impl Lemmatizer {
    /// The lemmatizer embedded in the binary, loaded on first use.
    ///
    /// # Errors
    /// When the embedded model does not decode (a build problem).
    pub fn embedded() -> Result<&'static Lemmatizer, ModelError> {
        static LEMMATIZER: OnceLock<Result<Lemmatizer, String>> = OnceLock::new();
        LEMMATIZER
            .get_or_init(|| Lemmatizer::from_bytes(EMBEDDED_BYTES).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ModelError::Payload(e.clone()))
    }

    /// Loads a lemmatizer from the bytes of a model file.
    ///
    /// # Errors
    /// Any [`ModelError`] for a damaged, truncated or wrong-version file.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let model = match model::decode::<LemmaModel>(bytes, ModelKind::LEMMATIZER, PAYLOAD_VERSION)
        {
            Err(ModelError::PayloadVersion { found: 1, .. }) => {
                let old: LemmaModelV1 = model::decode(bytes, ModelKind::LEMMATIZER, 1)?;
                LemmaModel {
                    exact: old.exact,
                    lower: old.lower,
                    rules: old.rules,
                    keep_case: old.keep_case,
                    max_suffix: old.max_suffix,
                    lexicon: Vec::new(),
                }
            }
            other => other?,
        };
        Self::try_from_model(model)
    }

    /// Loads a lemmatizer from a model file on disk.
    ///
    /// # Errors
    /// As [`Lemmatizer::from_bytes`], or [`ModelError::Io`] naming the path.
    pub fn load(path: &std::path::Path) -> Result<Self, ModelError> {
        let bytes = std::fs::read(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_bytes(&bytes)
    }

    /// As [`Lemmatizer::from_model`], refusing a damaged lexicon.
    pub(crate) fn try_from_model(model: LemmaModel) -> Result<Self, ModelError> {
        decode_lexicon(&model.lexicon, |_, _| ()).map_err(ModelError::Payload)?;
        Ok(Self::from_model(model))
    }

    /// Number of words in the lexicon.
    #[must_use]
    pub fn lexicon_len(&self) -> usize {
        self.words.len()
    }

    pub(crate) fn from_model(model: LemmaModel) -> Self {
        let mut words = FeatureMap::default();
        // A damaged lexicon is refused by `try_from_model`; here it is cut where it breaks.
        let _ = decode_lexicon(&model.lexicon, |w, bits| {
            *words.entry(lex_key(w)).or_insert(0) |= bits;
        });
        let table = |t: u32, v: &[(String, String, String)]| {
            v.iter()
                .enumerate()
                .map(|(i, (f, x, _))| (key(t, f, x), i as u32))
                .collect()
        };
        Self {
            exact: table(1, &model.exact),
            lower: table(2, &model.lower),
            rules: model
                .rules
                .iter()
                .enumerate()
                .map(|(i, (x, s, _))| (key(3, s, x), i as u32))
                .collect(),
            keep_case: model
                .keep_case
                .iter()
                .map(|(x, c)| (FeatureHasher::new(4).str(x).int(u32::from(*c)).finish(), ()))
                .collect(),
            lexicon: model
                .exact
                .iter()
                .chain(&model.lower)
                // Only verbs: "plane" (a noun) must not make "planning" "plane".
                .filter(|(_, x, _)| x.starts_with("VB"))
                .map(|(_, _, l)| l.to_lowercase())
                .collect(),
            words,
            model,
        }
    }

    /// Saves the lemmatizer as a model file.
    ///
    /// # Errors
    /// [`ModelError::Io`] naming the path.
    pub fn save(&self, path: &std::path::Path) -> Result<(), ModelError> {
        model::save(path, ModelKind::LEMMATIZER, PAYLOAD_VERSION, &self.model)
    }

    /// The model file bytes of this lemmatizer.
    ///
    /// # Errors
    /// Only if serialisation fails.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        model::encode(ModelKind::LEMMATIZER, PAYLOAD_VERSION, &self.model)
    }

    /// Overrules a plural-noun tag that English does not allow: a word tagged `NNS` that the
    /// treebanks never saw as a plural noun, which the lexicon knows as no noun (neither the
    /// form nor any singular of it) but whose stem it knows as a verb, is a verb's third
    /// person: "The Kremlin, however, denies such a role" (an unseen "denies" read as a plural
    /// because most words in "-ies" are). A capitalised word inside the sentence is a name
    /// and keeps its tag. Runs between tagging and lemmatizing; nothing changes without a
    /// lexicon.
    pub fn check_tags(&self, tokens: &mut [Token]) {
        if self.words.is_empty() {
            return;
        }
        for (i, t) in tokens.iter_mut().enumerate() {
            if t.xpos != "NNS"
                || (i > 0 && t.form.starts_with(|c: char| c.is_uppercase()))
                || !t.form.is_ascii()
            {
                continue;
            }
            let lower = t.form.to_ascii_lowercase();
            let seen = self.exact.contains_key(&key(1, &t.form, "NNS"))
                || self.lower.contains_key(&key(2, &lower, "NNS"));
            let noun = self.known(&lower, pos::NOUN)
                || candidates(&lower, pos::NOUN)
                    .iter()
                    .any(|c| self.known(c, pos::NOUN));
            let verb = candidates(&lower, pos::VERB)
                .iter()
                .any(|c| self.known(c, pos::VERB));
            if !seen && !noun && verb {
                t.xpos = "VBZ".to_owned();
                t.upos = crate::document::Upos::Verb;
            }
        }
    }

    /// Lemmatizes one sentence: sets [`Token::lemma`] of every word from its form and XPOS.
    pub fn lemmatize(&self, tokens: &mut [Token]) {
        for (i, t) in tokens.iter_mut().enumerate() {
            if let Some(&k) = self.exact.get(&key(1, &t.form, &t.xpos)) {
                // The common case: reuse the token's buffer.
                t.lemma.clear();
                t.lemma.push_str(&self.model.exact[k as usize].2);
                continue;
            }
            let lemma = self.lemma(&t.form, &t.xpos, i == 0);
            t.lemma = lemma;
        }
    }

    /// The lemma of one word with tag `xpos`; `first` when it opens its sentence.
    #[must_use]
    pub fn lemma(&self, form: &str, xpos: &str, first: bool) -> String {
        if let Some(&i) = self.exact.get(&key(1, form, xpos)) {
            return self.model.exact[i as usize].2.clone();
        }
        if xpos.starts_with("NN") && self.is_acronym_in_s(form) {
            // "PCS", "NHS": the last capital of an acronym is a letter of it, not a plural.
            // The treebanks write a common noun's lemma in lower case, a name's as written.
            return if xpos.starts_with("NNP") {
                form.to_owned()
            } else {
                form.to_ascii_lowercase()
            };
        }
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
        let class = case_class(form, first);
        // A word with a digit in it is a code or a date ("EB3326", "01-Feb-02"): the
        // treebanks mostly keep its capitals, whatever its tag.
        let keep = form.bytes().any(|b| b.is_ascii_digit())
            || class != 0
                && self.keep_case.contains_key(
                    &FeatureHasher::new(4)
                        .str(xpos)
                        .int(u32::from(class))
                        .finish(),
                );
        if let Some(&i) = self.lower.get(&key(2, lower, xpos)) {
            let l = &self.model.lower[i as usize].2;
            return if keep { recase(form, l) } else { l.clone() };
        }
        self.checked_rule(form, lower, xpos, keep)
    }

    /// Whether `form` may be a past participle: a regular "-ed" form, or one the treebanks
    /// tag `VBN` ("found", "cut", "held").
    #[must_use]
    pub(crate) fn can_be_participle(&self, form: &str) -> bool {
        let lower = form.to_lowercase();
        (lower.len() > 3 && lower.ends_with("ed"))
            || self.exact.contains_key(&key(1, form, "VBN"))
            || self.lower.contains_key(&key(2, &lower, "VBN"))
    }

    /// Whether the lexicon knows `lemma` (lower case) as a verb; true for every word when
    /// the model has no lexicon (nothing to check against).
    ///
    /// ```
    /// let l = kg::Lemmatizer::embedded()?;
    /// assert!(l.is_verb("congratulate"));
    /// assert!(!l.is_verb("consumer"));
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_verb(&self, lemma: &str) -> bool {
        self.words.is_empty() || self.known(lemma, pos::VERB)
    }

    /// Whether the lexicon knows `lemma` (lower case) as a lemma of the part of speech of
    /// `xpos`; `None` when the lexicon does not check that tag's lemmas (or is empty).
    pub(crate) fn knows_lemma_of(&self, lemma: &str, xpos: &str) -> Option<bool> {
        let bits = checked_pos(xpos)?;
        (!self.words.is_empty()).then(|| self.known(lemma, bits))
    }

    /// Whether `form` is an acronym that ends in "S" ("PCS", "NHS", "USPS") rather than a
    /// word in capitals with a plural ending ("WINGS", "DVDS"): up to three capitals always
    /// are; four or five when the lexicon knows no noun without the "S".
    fn is_acronym_in_s(&self, form: &str) -> bool {
        let n = form.len();
        if !(2..=5).contains(&n) || !form.bytes().all(|b| b.is_ascii_uppercase()) {
            return false;
        }
        let Some(stem) = form.strip_suffix('S') else {
            return false;
        };
        n <= 3 || (!self.words.is_empty() && !self.known(&stem.to_ascii_lowercase(), pos::NOUN))
    }

    /// What WordNet says a lower-case word form can be, as features for the tagger: the
    /// `pos` bits of the form as a lemma, and shifted by four those of the lemmas its
    /// regular inflection may come from (`candidates`, morphy's detachment rules): bit 4
    /// a noun ("books" ← "book"), bit 5 a verb ("denies" ← "deny"), bit 6 an adjective or
    /// adverb ("bigger" ← "big"). So an unseen "denies" reads as a verb form and no noun.
    /// 0 for a word the lexicon does not know, and always without a lexicon.
    #[must_use]
    pub fn word_class(&self, lower: &str) -> u8 {
        if self.words.is_empty() {
            return 0;
        }
        let mut c = self.words.get(&lex_key(lower)).copied().unwrap_or(0) & 0x0f;
        if lower.is_ascii() && lower.len() >= 3 {
            for (bits, shift) in [(pos::NOUN, 4), (pos::VERB, 5), (pos::ADJ | pos::ADV, 6)] {
                if candidates(lower, bits)
                    .iter()
                    .any(|w| w != lower && self.known(w, bits))
                {
                    c |= 1 << shift;
                }
            }
        }
        c
    }

    /// A fingerprint of the lexicon, which a tagger trained on its word classes records:
    /// another lexicon would give other features.
    #[must_use]
    pub fn lexicon_fingerprint(&self) -> u64 {
        FeatureHasher::new(9).bytes(&self.model.lexicon).finish()
    }

    /// Whether the lexicon knows `word` (lower case) as one of the parts of speech `bits`.
    fn known(&self, word: &str, bits: u8) -> bool {
        self.words
            .get(&lex_key(word))
            .is_some_and(|b| b & bits != 0)
    }

    /// The rule-based lemma ([`Lemmatizer::by_rule`]) checked against the lexicon (layer 4).
    pub(crate) fn checked_rule(&self, form: &str, lower: &str, xpos: &str, keep: bool) -> String {
        let l = self.by_rule(form, lower, xpos, keep);
        if self.words.is_empty() || !lower.is_ascii() {
            return l;
        }
        let any = pos::NOUN | pos::VERB | pos::ADJ | pos::ADV;
        let Some(bits) = checked_pos(xpos) else {
            // Other tags: a rule that changes a word of the lexicon into no word of it
            // ("dishonest/JJ" → "dishon") has made a stem up; the form stays.
            if l.len() != lower.len()
                && !self.known(&l.to_lowercase(), any)
                && self.known(lower, any)
            {
                return if keep {
                    form.to_owned()
                } else {
                    lower.to_owned()
                };
            }
            return l;
        };
        let l_lower = l.to_lowercase();
        if bits == pos::VERB {
            if let Some(e) = silent_e_stem(lower, &l_lower) {
                if self.known(&e, pos::VERB) {
                    return if keep { recase(form, &e) } else { e };
                }
            }
        }
        if self.known(&l_lower, bits) {
            return l;
        }
        // A past form missing for its tag: the irregular lemma learned for the other past tag.
        let other = match xpos {
            "VBD" => Some("VBN"),
            "VBN" => Some("VBD"),
            _ => None,
        };
        if let Some(other) = other {
            let l = match self.lower.get(&key(2, lower, other)) {
                Some(&i) => self.model.lower[i as usize].2.clone(),
                None => self.by_rule(lower, lower, other, false),
            };
            if self.known(&l, bits) {
                return if keep { recase(form, &l) } else { l };
            }
        }
        let cands = candidates(lower, bits);
        if let Some(c) = cands.iter().find(|c| self.known(c, bits)) {
            return if keep { recase(form, c) } else { c.clone() };
        }
        if other.is_some() {
            let irregular = irregular_past_candidates(lower);
            if let Some(c) = irregular.iter().find(|c| self.known(c, bits)) {
                return if keep { recase(form, c) } else { c.clone() };
            }
        }
        if bits == pos::VERB {
            if let Some(c) = self.prefixed_irregular(lower, xpos, other) {
                return if keep { recase(form, &c) } else { c };
            }
        }
        // No candidate is a lemma of the tag's part of speech. A form the lexicon knows as
        // another word ("sterling" tagged VBG) stays as it is, and so does a form with no
        // regular ending (an irregular one neither the tables nor the shapes above know).
        // Otherwise the rules' lemma stays (measured on EWT and GUM dev: better than the
        // form, since it keeps "flurbing → flurb" for words newer than the lexicon).
        if cands.is_empty() || self.known(lower, any) {
            return if keep {
                form.to_owned()
            } else {
                lower.to_owned()
            };
        }
        l
    }

    /// A verb form made of a prefix and an irregular form the tables know ("misled" =
    /// "mis" + "led" → "mislead", "outgrew" → "outgrow"), when the prefixed lemma is a verb
    /// of the lexicon.
    fn prefixed_irregular(&self, lower: &str, xpos: &str, other: Option<&str>) -> Option<String> {
        for (i, _) in lower.char_indices().skip(2) {
            let (prefix, rest) = lower.split_at(i);
            if rest.len() < 3 {
                break;
            }
            for tag in std::iter::once(xpos).chain(other) {
                if let Some(&k) = self.lower.get(&key(2, rest, tag)) {
                    let lemma = &self.model.lower[k as usize].2;
                    let c = format!("{prefix}{lemma}");
                    // A hyphenated prefix keeps the verb whole ("co-wrote" → "co-write"),
                    // which the lexicon rarely lists.
                    let hyphenated = prefix.ends_with('-') && self.known(lemma, pos::VERB);
                    if hyphenated || self.known(&c, pos::VERB) {
                        return Some(c);
                    }
                }
            }
        }
        None
    }

    /// The rule-based lemma (layers 2 and 3), without the exception table.
    pub(crate) fn by_rule(&self, form: &str, lower: &str, xpos: &str, keep: bool) -> String {
        if xpos == "CD" && is_digit_number(form) {
            // The treebanks drop the commas that group thousands and keep every other
            // number as written: no suffix rule learned on "1,000" may turn "20.000" into
            // "20000".
            return if is_grouped_number(form) {
                form.replace(',', "")
            } else {
                form.to_owned()
            };
        }
        let base = if keep { form } else { lower };
        // Start offsets of the suffixes of 0, 1, … max_suffix characters.
        let mut starts = [lower.len(); 16];
        let max = usize::from(self.model.max_suffix).min(15);
        let mut n = 0;
        for (i, _) in lower.char_indices().rev().take(max) {
            n += 1;
            starts[n] = i;
        }
        for k in (0..=n).rev() {
            if let Some(&i) = self.rules.get(&key(3, &lower[starts[k]..], xpos)) {
                let rule = &self.model.rules[i as usize].2;
                if let Some(l) = apply(base, rule) {
                    if rule.strip > 0 && rule.append.is_empty() && xpos.starts_with("VB") {
                        return self.restore_stem(l, lower);
                    }
                    if xpos.starts_with("VB") {
                        if let Some(stem) = undoubled(lower, &l) {
                            return stem;
                        }
                    }
                    return l;
                }
            }
        }
        base.to_string()
    }
}

impl Lemmatizer {
    /// Repairs a verb stem left by stripping an inflection ("grappling" → "grappl"): a stem
    /// the lexicon knows stays; else the stem with a restored silent "e" or without a doubled
    /// final consonant, when the lexicon knows that; else English spelling decides — no word
    /// ends in a consonant plus "l" ("handl", "grappl") or in "v" ("solv"), so those get
    /// their "e" back.
    fn restore_stem(&self, stem: String, form: &str) -> String {
        // English spelling rules only; they index bytes, so non-ASCII stems stay.
        if !stem.is_ascii() {
            return stem;
        }
        let lower = stem.to_ascii_lowercase();
        if self.lexicon.contains(&lower) {
            return stem;
        }
        let b = lower.as_bytes();
        let n = b.len();
        if n >= 3 && b[n - 1] == b[n - 2] && !is_vowel(b[n - 1]) {
            let single = &stem[..stem.len() - 1];
            if self.lexicon.contains(&single.to_lowercase()) {
                return single.to_owned();
            }
        }
        // A consonant doubled before the ending marks a short vowel: no silent "e"
        // ("planning" → "plan", whatever the lexicon says of "plane").
        if doubled_before_ending(form) {
            return stem;
        }
        let with_e = format!("{stem}e");
        let cons = |c: u8| c.is_ascii_alphabetic() && !is_vowel(c);
        // A silent "e" follows a consonant ("decid-e"), never a vowel or "y" ("try").
        if n >= 2 && cons(b[n - 1]) && self.lexicon.contains(&with_e.to_lowercase()) {
            return with_e;
        }
        let needs_e = n >= 3
            && ((b[n - 1] == b'l' && cons(b[n - 2]) && b[n - 2] != b'l' && b[n - 2] != b'r')
                || (b[n - 1] == b'v' && b[n - 2] != b'v'));
        if needs_e {
            with_e
        } else {
            stem
        }
    }
}

/// "fined" is "fine", not the verb "fin": a stem of one syllable that ends in a single short
/// vowel and a consonant doubles the consonant before "-ed" or "-ing" ("finned", "hopping"),
/// so an undoubled form of that shape lost a silent "e". `Some(stem + "e")` when `stem` is
/// `lower` without its ending and has that shape.
fn silent_e_stem(lower: &str, stem: &str) -> Option<String> {
    let body = lower
        .strip_suffix("ing")
        .or_else(|| lower.strip_suffix("ed"))?;
    let b = stem.as_bytes();
    let one_syllable = b
        .iter()
        .enumerate()
        .filter(|&(i, &c)| is_vowel(c) && (i == 0 || !is_vowel(b[i - 1])))
        .count()
        == 1;
    (body == stem && stem.is_ascii() && short_vowel_consonant(b) && one_syllable)
        .then(|| format!("{stem}e"))
}

/// "planning" → "plan", not "plane": a consonant doubled before "-ing"/"-ed" marks a short
/// vowel, which a silent "e" never follows. `Some(stem)` when `lemma` is the stem without
/// the doubled letter plus an "e" the rules added ("plan" + "e").
fn undoubled(lower: &str, lemma: &str) -> Option<String> {
    let body = lower
        .strip_suffix("ing")
        .or_else(|| lower.strip_suffix("ed"))?;
    let b = body.as_bytes();
    let n = b.len();
    if n < 3 || b[n - 1] != b[n - 2] || is_vowel(b[n - 1]) || !b[n - 1].is_ascii_alphabetic() {
        return None;
    }
    let stem = &body[..n - 1];
    (lemma.to_lowercase() == format!("{stem}e")).then(|| stem.to_owned())
}

/// Whether `form` ends in "-ing" or "-ed" after a doubled consonant ("planning", "stopped").
fn doubled_before_ending(form: &str) -> bool {
    let Some(body) = form.strip_suffix("ing").or_else(|| form.strip_suffix("ed")) else {
        return false;
    };
    let b = body.as_bytes();
    let n = b.len();
    n >= 3 && b[n - 1] == b[n - 2] && b[n - 1].is_ascii_alphabetic() && !is_vowel(b[n - 1])
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u' | b'y')
}

/// Gives `lemma` the capitals of `form` where they share a prefix (case-insensitively).
fn recase(form: &str, lemma: &str) -> String {
    let mut out = String::with_capacity(lemma.len());
    let mut fc = form.chars();
    for lc in lemma.chars() {
        match fc.next() {
            Some(f) if f.to_lowercase().eq(lc.to_lowercase()) => out.push(f),
            _ => {
                out.push(lc);
                fc = "".chars();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_ascii_stems_are_left_alone() {
        // Once a panic: the last two bytes of "𑘘" are equal, which looked like a
        // doubled consonant, and the cut fell inside the character.
        let l = Lemmatizer::embedded().unwrap();
        for form in ["𑘘ing", "𑘘𑘘ed", "éé", "naïvving"] {
            let _ = l.lemma(form, "VBG", false);
            let _ = l.lemma(form, "VBD", false);
        }
    }

    #[test]
    fn rewrites_apply_by_character() {
        let r = Rewrite {
            strip: 3,
            append: "y".into(),
        };
        assert_eq!(apply("cities", &r).as_deref(), Some("city"));
        assert_eq!(
            apply(
                "été",
                &Rewrite {
                    strip: 1,
                    append: String::new()
                }
            )
            .as_deref(),
            Some("ét")
        );
        assert_eq!(
            apply(
                "ab",
                &Rewrite {
                    strip: 2,
                    append: String::new()
                }
            ),
            None
        );
    }

    #[test]
    fn case_classes() {
        assert_eq!(case_class("word", false), 0);
        assert_eq!(case_class("Word", false), 1);
        assert_eq!(case_class("WORD", true), 6);
        assert_eq!(case_class("iPhone", false), 3);
        assert_eq!(case_class("123", false), 0);
    }

    #[test]
    fn verb_stems_get_their_e_back() {
        let lem = Lemmatizer::embedded().unwrap();
        // Stems the rules cut too short, whatever their frequency in the treebank.
        assert_eq!(lem.lemma("grappling", "VBG", false), "grapple");
        assert_eq!(lem.lemma("handled", "VBD", false), "handle");
        assert_eq!(lem.lemma("juggling", "VBG", false), "juggle");
        assert_eq!(lem.lemma("dissolving", "VBG", false), "dissolve");
        // Correct stems are left alone.
        assert_eq!(lem.lemma("travelling", "VBG", false), "travel");
        assert_eq!(lem.lemma("controlled", "VBD", false), "control");
        assert_eq!(lem.lemma("walked", "VBD", false), "walk");
        assert_eq!(lem.lemma("curled", "VBD", false), "curl");
        assert_eq!(lem.lemma("fooling", "VBG", false), "fool");
        assert_eq!(lem.lemma("trying", "VBG", false), "try");
        assert_eq!(lem.lemma("planning", "VBG", false), "plan");
    }

    #[test]
    fn unseen_regular_forms_get_real_lemmas() {
        let lem = Lemmatizer::embedded().unwrap();
        assert!(
            lem.lexicon_len() > 50_000,
            "the model ships WordNet's lemmas"
        );
        // Silent "e" restored, not an invented stem ("outlin", "declin").
        assert_eq!(lem.lemma("outlined", "VBD", false), "outline");
        assert_eq!(lem.lemma("declined", "VBN", false), "decline");
        assert_eq!(lem.lemma("Declined", "VBD", true), "decline");
        // No "e" where the stem is a word without it ("peake").
        assert_eq!(lem.lemma("peaked", "VBN", false), "peak");
        assert_eq!(lem.lemma("peaked", "VBD", false), "peak");
        // British doubled consonant undone ("signall").
        assert_eq!(lem.lemma("signalled", "VBD", false), "signal");
        assert_eq!(lem.lemma("signalling", "VBG", false), "signal");
        // "-ic" verbs take a "k" before an ending.
        assert_eq!(lem.lemma("panicked", "VBD", false), "panic");
        // One undoubled consonant after a short vowel: a silent "e" was dropped ("fin").
        assert_eq!(lem.lemma("fined", "VBN", false), "fine");
        assert_eq!(lem.lemma("fining", "VBG", false), "fine");
        assert_eq!(lem.lemma("finned", "VBN", false), "fin");
        // A verb in "-ee" keeps both "e"s ("fre").
        assert_eq!(lem.lemma("freed", "VBN", false), "free");
        assert_eq!(lem.lemma("guaranteed", "VBD", false), "guarantee");
    }

    #[test]
    fn numbers_and_codes_keep_their_writing() {
        let lem = Lemmatizer::embedded().unwrap();
        // Commas that group thousands go; any other number stays as written.
        assert_eq!(lem.lemma("12,500", "CD", false), "12500");
        assert_eq!(lem.lemma("20.000", "CD", false), "20.000");
        assert_eq!(lem.lemma("3.5", "CD", false), "3.5");
        // A word with digits keeps its capitals, whatever its tag.
        assert_eq!(lem.lemma("QX4471", "NN", false), "QX4471");
        assert_eq!(lem.lemma("12-Mar-09", "CD", false), "12-Mar-09");
        // A word without one is lower-cased as before.
        assert_eq!(lem.lemma("Ledger", "NN", true), "ledger");
    }

    #[test]
    fn an_acronym_keeps_its_final_s() {
        let lem = Lemmatizer::embedded().unwrap();
        // A common noun's lemma in lower case, a name's as written (the treebanks' way).
        assert_eq!(lem.lemma("PCS", "NNS", false), "pcs");
        assert_eq!(lem.lemma("PCS", "NNP", false), "PCS");
        // A word in capitals with a plural ending is still a plural.
        assert_eq!(lem.lemma("WINGS", "NNS", false), "wing");
        assert_eq!(lem.lemma("MPs", "NNS", false), "mp");
    }

    #[test]
    fn a_word_that_is_not_a_verb_keeps_its_form() {
        let lem = Lemmatizer::embedded().unwrap();
        // Tagged as a verb, but "sterl" is no English verb: the noun stays.
        assert_eq!(lem.lemma("sterling", "VBG", false), "sterling");
        assert_eq!(lem.lemma("Sterling", "VBG", true), "sterling");
    }

    #[test]
    fn past_forms_share_irregular_lemmas() {
        let lem = Lemmatizer::embedded().unwrap();
        // Seen as VBD only; as VBN it borrows the past tense's lemma.
        assert_eq!(lem.lemma("rose", "VBD", false), "rise");
        assert_eq!(lem.lemma("rose", "VBN", false), "rise");
        // A prefix before an irregular form: "mis" + "led".
        assert_eq!(lem.lemma("misled", "VBN", false), "mislead");
        // Irregular pasts of regular shape: "-ed" for "-ee", "-t", a dropped "e".
        assert_eq!(lem.lemma("fled", "VBD", false), "flee");
        assert_eq!(lem.lemma("dreamt", "VBD", false), "dream");
        assert_eq!(lem.lemma("spelt", "VBN", false), "spell");
        assert_eq!(lem.lemma("slid", "VBD", false), "slide");
        // A hyphenated prefix before an irregular form.
        assert_eq!(lem.lemma("co-wrote", "VBD", false), "co-write");
        // An irregular form of no known shape stays as it is rather than get a made-up stem.
        assert_eq!(lem.lemma("awoken", "VBN", false), "awoken");
        // Words newer than the lexicon still get the rules' stem.
        assert_eq!(lem.lemma("flurbing", "VBG", false), "flurb");
    }

    #[test]
    fn candidates_follow_english_spelling() {
        assert_eq!(candidates("hoped", pos::VERB)[0], "hope");
        assert_eq!(candidates("hopped", pos::VERB)[0], "hop");
        assert_eq!(candidates("peaked", pos::VERB)[0], "peak");
        assert!(candidates("potatoes", pos::NOUN).contains(&"potato".to_owned()));
        assert!(candidates("knives", pos::NOUN).contains(&"knife".to_owned()));
        assert_eq!(candidates("bigger", pos::ADJ)[0], "big");
        assert_eq!(candidates("nicer", pos::ADJ)[0], "nice");
        assert!(candidates("happier", pos::ADJ).contains(&"happy".to_owned()));
        assert!(candidates("slid", pos::VERB).is_empty());
    }

    #[test]
    fn lexicon_is_front_coded_and_round_trips() {
        let words: std::collections::BTreeMap<String, u8> = [
            ("peak", pos::NOUN | pos::VERB),
            ("peaked", pos::ADJ),
            ("pear", pos::NOUN),
            ("zebra", pos::NOUN),
        ]
        .into_iter()
        .map(|(w, b)| (w.to_owned(), b))
        .collect();
        let bytes = encode_lexicon(&words);
        // "peaked" shares 4 bytes with "peak", "pear" 3 with "peaked".
        assert_eq!(bytes.len(), (3 + 4) + (3 + 2) + (3 + 1) + (3 + 5));
        let mut back = Vec::new();
        decode_lexicon(&bytes, |w, b| back.push((w.to_owned(), b))).unwrap();
        assert_eq!(back, words.into_iter().collect::<Vec<_>>());
        assert!(decode_lexicon(&bytes[..bytes.len() - 1], |_, _| ()).is_err());
        assert!(decode_lexicon(&[9, 1, b'a', 0], |_, _| ()).is_err());
    }

    #[test]
    fn version_1_files_still_load() {
        let lem = Lemmatizer::embedded().unwrap();
        let m = &lem.model;
        let v1 = LemmaModelV1 {
            exact: m.exact.clone(),
            lower: m.lower.clone(),
            rules: m.rules.clone(),
            keep_case: m.keep_case.clone(),
            max_suffix: m.max_suffix,
        };
        let bytes = model::encode(ModelKind::LEMMATIZER, 1, &v1).unwrap();
        let old = Lemmatizer::from_bytes(&bytes).unwrap();
        assert_eq!(old.lexicon_len(), 0);
        assert_eq!(old.lemma("walked", "VBD", false), "walk");
        let bytes = model::encode(ModelKind::LEMMATIZER, 7, &v1).unwrap();
        assert!(matches!(
            Lemmatizer::from_bytes(&bytes),
            Err(ModelError::PayloadVersion { found: 7, .. })
        ));
    }

    #[test]
    fn recase_follows_the_form() {
        assert_eq!(recase("Running", "run"), "Run");
        assert_eq!(recase("WENT", "go"), "go");
        assert!(is_grouped_number("1,000"));
        assert!(!is_grouped_number("a,b"));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::lemma`.
    #[test]
    fn doc_lemma() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::{lemma::Lemmatizer, tagger::Tagger};
        use crate::{ByteSpan, Token};

        let mut words: Vec<Token> = ["The", "children", "went", "home", "."]
            .iter()
            .map(|w| Token::new(*w, ByteSpan::default()))
            .collect();
        Tagger::embedded()?.tag(&mut words);
        Lemmatizer::embedded()?.lemmatize(&mut words);
        let lemmas: Vec<&str> = words.iter().map(|w| w.lemma.as_str()).collect();
        assert_eq!(lemmas, ["the", "child", "go", "home", "."]);
        Ok(())
    }
}
