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
//! Numbers written with digit-group commas lose the commas (`1,000 → 1000`),
//! as in the treebank. The lemmatizer needs the tagger's XPOS tags.

use crate::document::Token;
use crate::nlp::model::{self, ModelError, ModelKind};
use crate::nlp::perceptron::{FeatureHasher, FeatureMap};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Payload version of the lemmatizer model file.
pub const PAYLOAD_VERSION: u16 = 1;

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

/// True for digits grouped with commas, like `1,000` or `12,500.75`.
fn is_grouped_number(form: &str) -> bool {
    form.contains(',')
        && form.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && form
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'.')
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
        let model: LemmaModel = model::decode(bytes, ModelKind::LEMMATIZER, PAYLOAD_VERSION)?;
        Ok(Self::from_model(model))
    }

    /// Loads a lemmatizer from a model file on disk.
    ///
    /// # Errors
    /// As [`Lemmatizer::from_bytes`], or [`ModelError::Io`] naming the path.
    pub fn load(path: &std::path::Path) -> Result<Self, ModelError> {
        let model: LemmaModel = model::load(path, ModelKind::LEMMATIZER, PAYLOAD_VERSION)?;
        Ok(Self::from_model(model))
    }

    pub(crate) fn from_model(model: LemmaModel) -> Self {
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
        let keep = class != 0
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
        self.by_rule(form, lower, xpos, keep)
    }

    /// The rule-based lemma (layers 2 and 3), without the exception table.
    pub(crate) fn by_rule(&self, form: &str, lower: &str, xpos: &str, keep: bool) -> String {
        if xpos == "CD" && is_grouped_number(form) {
            return form.replace(',', "");
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
