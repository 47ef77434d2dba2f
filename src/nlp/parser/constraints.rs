//! Well-formedness repairs applied to every parse: UD rules that the
//! treebank never breaks but a greedy parser sometimes does.
//!
//! * Punctuation is always a leaf (train, dev and test of EWT hold 16 words
//!   attached to a punctuation mark among 255 000, each itself punctuation).
//!   A word the parser hangs on a comma moves up to the comma's own head, its
//!   nearest non-punctuation ancestor.
//! * An apposition is a nominal beside a nominal (10 of EWT train's 1 544
//!   `appos` arcs have a verb head). An `appos` the parser hangs on a verb
//!   moves to the nominal just before it that the verb governs: in
//!   "called on the winner of the vote, X, to …" X joins "winner".
//!
//! Every move attaches a word to a word outside its own subtree, so the
//! result is still a tree. On the dev split both repairs together raise UAS
//! by about 0.1 and leave LAS unchanged (see `models/MODELS.md`).

use super::projective::dominates;
use crate::document::{Token, Upos};

/// Applies every repair. `heads` are CoNLL-U heads (0 = root) of `tokens`,
/// `labels` their (lowered) labels.
pub fn enforce(tokens: &[Token], heads: &mut [u32], labels: &mut [String]) {
    raise_off_punctuation(tokens, heads);
    appositions_on_nominals(tokens, heads, labels);
    clausal_modifiers(tokens, heads, labels);
}

/// A verb with a direct object that modifies a noun is a clause, not an adjective:
/// `amod` becomes `acl`.
fn clausal_modifiers(tokens: &[Token], heads: &[u32], labels: &mut [String]) {
    for i in 0..heads.len() {
        let d = i as u32 + 1;
        if labels[i] == "amod"
            && upos(tokens, d) == Some(Upos::Verb)
            && (0..heads.len()).any(|j| heads[j] == d && labels[j] == "obj")
        {
            labels[i] = "acl".to_string();
        }
    }
}

fn upos(tokens: &[Token], w: u32) -> Option<Upos> {
    (w != 0).then(|| tokens.get(w as usize - 1).map(|t| t.upos))?
}

fn is_nominal(tokens: &[Token], w: u32) -> bool {
    matches!(
        upos(tokens, w),
        Some(Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
    )
}

/// Moves every word attached to punctuation up to the first non-punctuation ancestor.
fn raise_off_punctuation(tokens: &[Token], heads: &mut [u32]) {
    let is_punct = |w: u32| upos(tokens, w) == Some(Upos::Punct);
    for i in 0..heads.len() {
        let mut h = heads[i];
        let mut steps = 0;
        while is_punct(h) && steps <= heads.len() {
            h = heads[h as usize - 1];
            steps += 1;
        }
        // A punctuation mark at the root (a sentence of symbols) keeps its dependents:
        // moving them to the root would give the tree a second root.
        if h != heads[i] && h != 0 && h as usize != i + 1 {
            heads[i] = h;
        }
    }
}

/// Moves an `appos` attached to a verb onto the nominal the verb governs just before it.
fn appositions_on_nominals(tokens: &[Token], heads: &mut [u32], labels: &[String]) {
    for i in 0..heads.len() {
        let d = i as u32 + 1;
        let v = heads[i];
        if labels.get(i).map(String::as_str) != Some("appos")
            || !matches!(upos(tokens, v), Some(Upos::Verb | Upos::Aux))
        {
            continue;
        }
        // The closest word before the apposition (skipping punctuation) that the
        // verb governs; then up its chain to the verb's own dependent.
        let Some(mut x) = (1..d)
            .rev()
            .find(|&w| upos(tokens, w) != Some(Upos::Punct) && w != v && dominates(heads, v, w))
        else {
            continue;
        };
        let mut steps = 0;
        while heads[x as usize - 1] != v && steps <= heads.len() {
            x = heads[x as usize - 1];
            steps += 1;
        }
        if heads[x as usize - 1] == v && is_nominal(tokens, x) && !dominates(heads, d, x) {
            heads[i] = x;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ByteSpan;

    fn tokens(spec: &[(&str, Upos)]) -> Vec<Token> {
        spec.iter()
            .map(|&(f, u)| Token {
                upos: u,
                ..Token::new(f, ByteSpan::default())
            })
            .collect()
    }

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_word_hung_on_a_comma_moves_to_the_comma_head() {
        // "His rival , Ann Lee , won ." with "Ann" on the first comma.
        let t = tokens(&[
            ("His", Upos::Pron),
            ("rival", Upos::Noun),
            (",", Upos::Punct),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            (",", Upos::Punct),
            ("won", Upos::Verb),
            (".", Upos::Punct),
        ]);
        let mut heads = vec![2, 7, 2, 3, 4, 7, 0, 7];
        let mut l = labels(&[
            "nmod:poss",
            "nsubj",
            "punct",
            "appos",
            "flat",
            "punct",
            "root",
            "punct",
        ]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(heads, vec![2, 7, 2, 2, 4, 7, 0, 7]);
    }

    #[test]
    fn an_apposition_on_a_verb_moves_to_the_governed_nominal() {
        // "She called on the head of the bank , Ann Lee , to act ."
        let t = tokens(&[
            ("She", Upos::Pron),
            ("called", Upos::Verb),
            ("on", Upos::Adp),
            ("the", Upos::Det),
            ("head", Upos::Noun),
            ("of", Upos::Adp),
            ("the", Upos::Det),
            ("bank", Upos::Noun),
            (",", Upos::Punct),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            (",", Upos::Punct),
            ("to", Upos::Part),
            ("act", Upos::Verb),
            (".", Upos::Punct),
        ]);
        let mut heads = vec![2, 0, 5, 5, 2, 8, 8, 5, 10, 2, 10, 14, 14, 2, 2];
        let mut l = labels(&[
            "nsubj", "root", "case", "det", "obl", "case", "det", "nmod", "punct", "appos", "flat",
            "punct", "mark", "xcomp", "punct",
        ]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(heads[9], 5, "the apposition joins 'head'");
        assert_eq!(heads[1], 0);
    }

    #[test]
    fn a_punctuation_root_keeps_its_dependents() {
        let t = tokens(&[("-", Upos::Punct), ("a", Upos::X), ("b", Upos::X)]);
        let mut heads = vec![0, 1, 2];
        let mut l = labels(&["root", "dep", "dep"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(heads, vec![0, 1, 2]);
    }

    #[test]
    fn well_formed_trees_are_left_alone() {
        let t = tokens(&[
            ("Ann", Upos::Propn),
            (",", Upos::Punct),
            ("a", Upos::Det),
            ("baker", Upos::Noun),
            (",", Upos::Punct),
            ("left", Upos::Verb),
        ]);
        let mut heads = vec![6, 4, 4, 1, 4, 0];
        let mut l = labels(&["nsubj", "punct", "det", "appos", "punct", "root"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(heads, vec![6, 4, 4, 1, 4, 0]);
    }
}
