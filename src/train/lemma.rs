//! Training the lemmatizer ([`crate::nlp::lemma`]) from a CoNLL-U treebank.
//!
//! Learns, in this order, so that each layer stores only what the later ones
//! get wrong: which (XPOS, capitalisation) pairs keep their capitals; the
//! suffix rewrites per XPOS from the distinct (form, lemma) pairs of the
//! treebank (types, not tokens, because unseen words look like rare ones);
//! the lower-cased exception table; the exact-form exception table. Every
//! table is built in sorted order, so the model bytes are deterministic.

use crate::formats::conllu::ConlluSentence;
use crate::nlp::lemma::{case_class, LemmaModel, Lemmatizer, Rewrite};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The one-word lemmas of WordNet's index files (`index.noun`, `index.verb`, `index.adj`,
/// `index.adv` in `dir`) with their parts of speech ([`crate::nlp::lemma::pos`] bits).
/// Multiword lemmas (`look_up`) and the licence lines at the top are left out.
///
/// # Errors
/// An I/O error naming the file that could not be read.
pub fn wordnet_lexicon(dir: &Path) -> std::io::Result<BTreeMap<String, u8>> {
    use crate::nlp::lemma::pos;
    let mut words = BTreeMap::new();
    for (file, bits) in [
        ("index.noun", pos::NOUN),
        ("index.verb", pos::VERB),
        ("index.adj", pos::ADJ),
        ("index.adv", pos::ADV),
    ] {
        let path = dir.join(file);
        let text = std::fs::read_to_string(&path)
            .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        for line in text.lines() {
            if line.starts_with(' ') {
                continue;
            }
            let Some(w) = line.split(' ').next() else {
                continue;
            };
            if w.is_empty() || w.contains('_') || w.len() > 255 {
                continue;
            }
            *words.entry(w.to_lowercase()).or_insert(0) |= bits;
        }
    }
    Ok(words)
}

/// Settings for [`train`].
#[derive(Debug, Clone)]
pub struct LemmaConfig {
    /// Longest suffix (in characters) a rule may be keyed on.
    pub max_suffix: u8,
    /// Types needed before a suffix of length ≥ 2 gets its own rule.
    pub min_support: u32,
    /// Lemmas of English that check the rules' stems ([`crate::nlp::lemma::encode_lexicon`]'s
    /// bytes, e.g. from [`wordnet_lexicon`]); empty for none.
    pub lexicon: Vec<u8>,
}

impl Default for LemmaConfig {
    fn default() -> Self {
        Self {
            max_suffix: 6,
            min_support: 2,
            lexicon: Vec::new(),
        }
    }
}

/// The rewrite turning `form` into `lemma` (both lower-cased), by characters.
fn rewrite_of(form: &str, lemma: &str) -> Rewrite {
    let f: Vec<char> = form.chars().collect();
    let l: Vec<char> = lemma.chars().collect();
    let common = f.iter().zip(&l).take_while(|(a, b)| a == b).count();
    Rewrite {
        strip: u8::try_from(f.len() - common).unwrap_or(u8::MAX),
        append: l[common..].iter().collect(),
    }
}

/// Most frequent key of a count map; ties go to the smallest key.
fn best<K: Ord + Clone>(m: &BTreeMap<K, u32>) -> Option<(K, u32)> {
    let mut out: Option<(K, u32)> = None;
    for (k, &n) in m {
        if out.as_ref().is_none_or(|(_, b)| n > *b) {
            out = Some((k.clone(), n));
        }
    }
    out
}

/// Learns a lemmatizer from the gold forms, XPOS tags and lemmas of `train`.
#[must_use]
pub fn train(train: &[ConlluSentence], cfg: &LemmaConfig) -> Lemmatizer {
    // 1. Case: per (XPOS, case class), does the lemma keep capitals?
    let mut case_votes: BTreeMap<(String, u8), (u32, u32)> = BTreeMap::new();
    let mut exact: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
    let mut lower: BTreeMap<(String, String), BTreeMap<String, u32>> = BTreeMap::new();
    let mut types: BTreeSet<(String, String, String)> = BTreeSet::new();
    for s in train {
        for (i, w) in s.words.iter().enumerate() {
            if w.lemma.is_empty() || w.lemma == "_" && w.form != "_" {
                continue;
            }
            let class = case_class(&w.form, i == 0);
            if class % 4 != 0 {
                let v = case_votes.entry((w.xpos.clone(), class)).or_default();
                if w.lemma != w.lemma.to_lowercase() {
                    v.0 += 1;
                } else {
                    v.1 += 1;
                }
            }
            *exact
                .entry((w.form.clone(), w.xpos.clone()))
                .or_default()
                .entry(w.lemma.clone())
                .or_default() += 1;
            let lf = w.form.to_lowercase();
            let ll = w.lemma.to_lowercase();
            *lower
                .entry((lf.clone(), w.xpos.clone()))
                .or_default()
                .entry(ll.clone())
                .or_default() += 1;
            types.insert((w.xpos.clone(), lf, ll));
        }
    }
    let keep_case: Vec<(String, u8)> = case_votes
        .into_iter()
        .filter(|(_, (k, l))| k > l)
        .map(|(key, _)| key)
        .collect();

    // 2. Suffix rules per XPOS from types.
    let mut rule_counts: BTreeMap<(String, String), BTreeMap<Rewrite, u32>> = BTreeMap::new();
    for (xpos, lf, ll) in &types {
        let r = rewrite_of(lf, ll);
        let chars: Vec<char> = lf.chars().collect();
        for k in 0..=chars.len().min(usize::from(cfg.max_suffix)) {
            let suffix: String = chars[chars.len() - k..].iter().collect();
            *rule_counts
                .entry((xpos.clone(), suffix))
                .or_default()
                .entry(r.clone())
                .or_default() += 1;
        }
    }
    let best_rule: BTreeMap<(String, String), (Rewrite, u32)> = rule_counts
        .iter()
        .filter_map(|(k, m)| best(m).map(|b| (k.clone(), b)))
        .collect();
    let mut rules = Vec::new();
    for ((xpos, suffix), (r, n)) in &best_rule {
        let n_chars = suffix.chars().count();
        if n_chars == 0 {
            rules.push((xpos.clone(), suffix.clone(), r.clone()));
            continue;
        }
        if n_chars >= 2 && *n < cfg.min_support {
            continue;
        }
        // Skip a rule its parent suffix already gives (lookup falls back to it).
        let parent: String = suffix.chars().skip(1).collect();
        if best_rule
            .get(&(xpos.clone(), parent))
            .is_some_and(|(pr, _)| pr == r)
        {
            continue;
        }
        rules.push((xpos.clone(), suffix.clone(), r.clone()));
    }
    let mut model = LemmaModel {
        exact: Vec::new(),
        lower: Vec::new(),
        rules,
        keep_case,
        max_suffix: cfg.max_suffix,
        lexicon: cfg.lexicon.clone(),
    };

    // 3. Lower-cased exceptions: only where the rules, checked by the lexicon, are wrong.
    let rules_only = Lemmatizer::from_model(model.clone());
    for ((lf, xpos), m) in &lower {
        let checked = rules_only.checked_rule(lf, lf, xpos, false);
        if let Some(l) = attested_lemma(&rules_only, lf, m, xpos, &checked) {
            if checked != l {
                model.lower.push((lf.clone(), xpos.clone(), l));
            }
        }
    }

    // 4. Exact exceptions: only where everything above is wrong (in any position).
    let with_lower = Lemmatizer::from_model(model.clone());
    for ((form, xpos), m) in &exact {
        let checked = with_lower.lemma(form, xpos, false);
        if let Some(l) = attested_lemma(&with_lower, form, m, xpos, &checked.to_lowercase()) {
            if checked != l || with_lower.lemma(form, xpos, true) != l {
                model.exact.push((form.clone(), xpos.clone(), l));
            }
        }
    }
    Lemmatizer::from_model(model)
}

/// The lemma a table should hold for `form`, whose lemmas in the treebank are counted in
/// `lemmas`: the most frequent, unless it is a stem made up by an annotation slip ("fled"
/// → "flead", "freed" → "fre"): not the form itself and no lemma the lexicon knows for the
/// tag's part of speech. (A lemma equal to the form is a convention, not a slip:
/// "regards" → "regards".) Then another lemma the treebank gives that the lexicon knows;
/// else `None` (no table entry) when `checked`, what the rules and the lexicon say without
/// the table, is a lexicon word.
fn attested_lemma(
    lemmatizer: &Lemmatizer,
    form: &str,
    lemmas: &BTreeMap<String, u32>,
    xpos: &str,
    checked: &str,
) -> Option<String> {
    let (l, _) = best(lemmas)?;
    let lower = l.to_lowercase();
    if lower == form.to_lowercase() || lemmatizer.knows_lemma_of(&lower, xpos) != Some(false) {
        return Some(l);
    }
    let known: BTreeMap<String, u32> = lemmas
        .iter()
        .filter(|(k, _)| lemmatizer.knows_lemma_of(&k.to_lowercase(), xpos) == Some(true))
        .map(|(k, n)| (k.clone(), *n))
        .collect();
    if let Some((k, _)) = best(&known) {
        return Some(k);
    }
    if lemmatizer.knows_lemma_of(checked, xpos) == Some(true) {
        return None;
    }
    Some(l)
}

/// Lemma accuracy (percent of words) on `gold` with the gold XPOS tags.
#[must_use]
pub fn accuracy(lemmatizer: &Lemmatizer, gold: &[ConlluSentence]) -> f64 {
    let (mut right, mut n) = (0usize, 0usize);
    for s in gold {
        let mut words = s.words.clone();
        lemmatizer.lemmatize(&mut words);
        for (p, g) in words.iter().zip(&s.words) {
            right += usize::from(p.lemma == g.lemma);
            n += 1;
        }
    }
    100.0 * right as f64 / n.max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites() {
        assert_eq!(
            rewrite_of("cities", "city"),
            Rewrite {
                strip: 3,
                append: "y".into()
            }
        );
        assert_eq!(
            rewrite_of("went", "go"),
            Rewrite {
                strip: 4,
                append: "go".into()
            }
        );
    }
}
