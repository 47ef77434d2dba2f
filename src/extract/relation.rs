//! Relation phrases: the surface tokens, the normalised key and the display label.
//!
//! The key is the predicate's lemma with its particle, any object noun a light verb takes into
//! the relation, and the preposition that introduces the object, joined with `_`: `call_on`,
//! `pay_visit_to`, `separate_from`, `be` for copulas. The label is the same words with the verb
//! in the third person singular present: "calls on", "pays visit to", "is".

use super::clause::Tree;
use super::{Modality, ModalityKind};
use crate::document::Upos;
use crate::lexicon::closed_class::is_negation;
use crate::lexicon::Hedge;

/// Modal auxiliaries and what they express.
#[must_use]
pub fn modal_kind(lemma: &str) -> Option<super::ModalityKind> {
    use super::ModalityKind::*;
    Some(match lemma {
        "may" | "might" | "could" | "can" => Possibility,
        "should" | "must" | "ought" | "shall" => Necessity,
        "will" | "would" | "wo" => Prediction,
        _ => return None,
    })
}

/// Verbs that, passive and followed by an infinitive ("is believed to"), or as a participle
/// modifier ("alleged attacks"), mark the content as hearsay.
#[must_use]
pub fn is_hearsay(lemma: &str) -> bool {
    matches!(
        lemma,
        "believe"
            | "allege"
            | "report"
            | "rumor"
            | "rumour"
            | "say"
            | "think"
            | "suppose"
            | "suspect"
            | "expect"
            | "claim"
            | "purport"
            | "reckon"
            | "understand"
            | "consider"
            | "presume"
    )
}

/// A passive verb of hearsay ("is said", "was reported"): over an infinitive it raises the
/// embedded subject ("X is said to have left") and reports, not asserts, the content.
#[must_use]
pub fn is_passive_hearsay(tree: &Tree<'_>, p: u32) -> bool {
    tree.is_passive(p) && is_hearsay(tree.lemma(p))
}

/// Verbs of saying and reporting whose clausal complement is attributed to their subject.
#[must_use]
pub fn is_speech(lemma: &str) -> bool {
    matches!(
        lemma,
        "say"
            | "tell"
            | "add"
            | "state"
            | "claim"
            | "announce"
            | "report"
            | "declare"
            | "insist"
            | "argue"
            | "explain"
            | "note"
            | "warn"
            | "write"
            | "confirm"
            | "assert"
            | "allege"
            | "suggest"
            | "maintain"
            | "reply"
            | "answer"
            | "acknowledge"
            | "admit"
            | "stress"
            | "emphasize"
            | "emphasise"
            | "indicate"
            | "believe"
            | "think"
    )
}

/// Verbs of saying whose object is what is said, never who hears it or who it is about:
/// "X said Y" with a person Y is a misread inversion ("…, said the minister") or relative
/// clause. ("Tell", "warn", "answer", "add" and "confirm" take a person: "confirmed her as
/// chair".)
#[must_use]
pub fn says_no_one(lemma: &str) -> bool {
    matches!(
        lemma,
        "say" | "state" | "insist" | "argue" | "explain" | "assert" | "reply" | "stress"
    )
}

/// Verbs whose object is an event noun that carries the meaning ("pay a visit", "make an offer").
#[must_use]
pub fn is_light_verb(lemma: &str) -> bool {
    matches!(
        lemma,
        "pay"
            | "make"
            | "take"
            | "give"
            | "have"
            | "hold"
            | "launch"
            | "conduct"
            | "stage"
            | "do"
            | "carry"
            | "lodge"
            | "file"
            | "issue"
            | "deliver"
            | "offer"
            | "mount"
    )
}

/// The third person singular present of a verb lemma ("call" → "calls", "be" → "is").
#[must_use]
pub fn third_person(lemma: &str) -> String {
    match lemma {
        "be" => return "is".into(),
        "have" => return "has".into(),
        "do" => return "does".into(),
        "go" => return "goes".into(),
        _ => {}
    }
    let b = lemma.as_bytes();
    let n = b.len();
    if n == 0 || !lemma.is_ascii() || !b[n - 1].is_ascii_alphabetic() {
        return lemma.to_string();
    }
    let vowel = |c: u8| matches!(c, b'a' | b'e' | b'i' | b'o' | b'u');
    if b[n - 1] == b'y' && n > 1 && !vowel(b[n - 2]) {
        return format!("{}ies", &lemma[..n - 1]);
    }
    if lemma.ends_with('s')
        || lemma.ends_with('x')
        || lemma.ends_with('z')
        || lemma.ends_with("ch")
        || lemma.ends_with("sh")
    {
        return format!("{lemma}es");
    }
    format!("{lemma}s")
}

/// Builds the key and label from the verb lemma and the words after it (particle, incorporated
/// noun, preposition), all lower-cased.
#[must_use]
pub fn key_and_label(lemma: &str, rest: &[String]) -> (String, String) {
    let lemma = lemma.to_lowercase();
    let mut key = lemma.clone();
    let mut label = third_person(&lemma);
    for w in rest {
        for part in w.split_whitespace() {
            key.push('_');
            key.push_str(part);
            label.push(' ');
            label.push_str(part);
        }
    }
    (key, label)
}

/// A particle tagged as an adverb right after its verb ("look forward to").
pub(super) fn is_particle(tree: &Tree<'_>, p: u32, c: u32) -> bool {
    tree.rel[c as usize] == "advmod"
        && c == p + 1
        && tree.upos(p) == Upos::Verb
        && matches!(
            tree.lemma(c).to_lowercase().as_str(),
            "forward" | "back" | "away" | "out" | "up" | "down" | "off" | "over"
        )
}

/// A predicate's verb group: auxiliaries, negation, copula, the verb (unless it is a nominal
/// predicate) and its particle; whether it is negated; its modal, if any.
pub(super) fn verb_group(tree: &Tree<'_>, p: u32) -> (Vec<u32>, bool, Option<Modality>) {
    let mut toks = Vec::new();
    let mut negated = false;
    let mut modality = None;
    for &c in tree.children(p) {
        let r = tree.rel[c as usize];
        match r {
            "aux" | "aux:pass" | "cop" => {
                toks.push(c);
                let l = tree.lemma(c).to_lowercase();
                if let Some(kind) = modal_kind(&l) {
                    modality = Some(Modality { kind, marker: l });
                }
            }
            "compound:prt" => toks.push(c),
            // Particles tagged as adverbs right after the verb ("look forward to").
            "advmod" if is_particle(tree, p, c) => toks.push(c),
            "advmod" => {
                let l = tree.lemma(c).to_lowercase();
                if is_negation(&l) && c < p + 3 {
                    negated = true;
                    toks.push(c);
                }
                // "has reportedly agreed", "probably won": the author does not assert it.
                if modality.is_none() {
                    let kind = crate::lexicon::hedge_of(&l).map(|h| match h {
                        Hedge::Hearsay => ModalityKind::Hearsay,
                        Hedge::Possibility => ModalityKind::Possibility,
                        Hedge::Desire => ModalityKind::Desire,
                    });
                    if let Some(kind) = kind {
                        modality = Some(Modality { kind, marker: l });
                    }
                }
            }
            _ => {}
        }
    }
    if !tree.is_copular(p) {
        toks.push(p);
    }
    // Adverbs inside the verb group or right before the verb ("has also been", "often refers")
    // read as part of it.
    if let (Some(&first), Some(&last)) = (toks.iter().min(), toks.iter().max()) {
        for &c in tree.children(p) {
            let adjacent = c + 1 == p && tree.upos(c) == Upos::Adv && !tree.is_relative(c);
            if tree.rel[c as usize] == "advmod"
                && ((c > first && c < last) || adjacent)
                && !toks.contains(&c)
            {
                toks.push(c);
            }
        }
    }
    (toks, negated, modality)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_join_particle_noun_and_preposition() {
        let (k, l) = key_and_label("Pay", &["visit".into(), "to".into()]);
        assert_eq!(k, "pay_visit_to");
        assert_eq!(l, "pays visit to");
        let (k, l) = key_and_label("call", &["on".into()]);
        assert_eq!((k.as_str(), l.as_str()), ("call_on", "calls on"));
    }

    #[test]
    fn inflection_handles_common_endings() {
        assert_eq!(third_person("play"), "plays");
        assert_eq!(third_person("deny"), "denies");
        assert_eq!(third_person("push"), "pushes");
        assert_eq!(third_person("win"), "wins");
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `extract::relation::third_person`.
    #[test]
    fn doc_relation_third_person() -> Result<(), Box<dyn std::error::Error>> {
        use crate::extract::relation::third_person;
        assert_eq!(third_person("try"), "tries");
        assert_eq!(third_person("wish"), "wishes");
        assert_eq!(third_person("be"), "is");
        Ok(())
    }
}
