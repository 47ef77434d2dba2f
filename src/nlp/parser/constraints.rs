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
//! * A predicate has one subject. News writes a descriptor straight before a
//!   name ("news agency X said", "the firm's chief executive Y said"), which
//!   the parser often reads as two subjects of the verb. When a nominal subject
//!   ends right before a second one headed by a proper noun, the two are one
//!   noun phrase: a descriptor with a determiner or possessor of its own takes
//!   the name as its apposition (as the comma-less apposition of UD), a bare
//!   one ("Mr", "defence lawyer", "BP chief executive") becomes a compound of
//!   the name, or of the common noun the name's phrase opens with ("BP" of
//!   "BP chief Y" when "chief" is already on Y). The second subject may be
//!   `nsubj:outer`.
//! * An object takes no preposition: an `obj` with an adposition is an oblique
//!   (`obl:agent` for "by" under a passive).
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
    one_subject(tokens, heads, labels);
    objects_without_case(tokens, heads, labels);
    caseless_nominal_modifiers(tokens, heads, labels);
    objects_before_bare_time_phrases(tokens, heads, labels);
}

/// A noun phrase orders determiner, adjective, compound, head ("next month", "the state
/// bank"); a `compound` before its head's own determiner or adjective is no part of the
/// phrase. When that head is a bare time phrase of a verb ("visit B next month" read as the
/// compound B of "month"), the noun is the verb's object, if the verb has none.
fn objects_before_bare_time_phrases(tokens: &[Token], heads: &mut [u32], labels: &mut [String]) {
    for i in 0..heads.len() {
        let d = i as u32 + 1;
        let h = heads[i];
        if labels[i] != "compound" || h <= d || !is_nominal(tokens, d) {
            continue;
        }
        let hi = h as usize - 1;
        if !matches!(
            labels[hi].as_str(),
            "obl:unmarked" | "obl:tmod" | "obl:npmod"
        ) {
            continue;
        }
        let modifier_between = (d + 1..h).any(|w| {
            heads[w as usize - 1] == h && matches!(labels[w as usize - 1].as_str(), "det" | "amod")
        });
        let verb = heads[hi];
        if !modifier_between || upos(tokens, verb) != Some(Upos::Verb) {
            continue;
        }
        let has_object = (0..heads.len()).any(|j| heads[j] == verb && labels[j] == "obj");
        if !has_object {
            heads[i] = verb;
            labels[i] = "obj".to_string();
        }
    }
}

/// A nominal modifier takes a preposition (EWT train: 20 of 6,874 plain `nmod` have
/// none); one without, set off by a comma, is an apposition: "the president of B, A, …"
/// read as `nmod` A of B. Which noun it describes is the extractor's to decide.
fn caseless_nominal_modifiers(tokens: &[Token], heads: &mut [u32], labels: &mut [String]) {
    let spans = subtree_spans(heads);
    for i in 0..heads.len() {
        let d = i as u32 + 1;
        if labels[i] != "nmod" || upos(tokens, d) != Some(Upos::Propn) {
            continue;
        }
        let has_case = (0..heads.len()).any(|j| heads[j] == d && labels[j] == "case");
        // A list ("in B, C and D") is a coordination the parser cut, not a renaming.
        let (lo, hi) = spans[i];
        let in_list = (lo..=hi).any(|w| {
            matches!(labels[w as usize - 1].as_str(), "conj" | "cc") && dominates(heads, d, w)
        }) || tokens
            .get(hi as usize)
            .is_some_and(|t| matches!(t.form.as_str(), "and" | "or"));
        // The comma may open the phrase's own span or sit just before it, and the word
        // before the comma is the host's (its head or a flat part of it): "B, A" side by side.
        let first = spans[i].0 as usize - 1;
        let comma = if tokens[first].form == "," {
            Some(first)
        } else {
            (first > 0 && tokens[first - 1].form == ",").then(|| first - 1)
        };
        let host = heads[i];
        let after_comma = comma.is_some_and(|c| {
            c > 0 && {
                let before = c as u32; // the 1-based id of the word before the comma
                before == host || (heads[c - 1] == host && labels[c - 1] == "flat")
            }
        });
        if !has_case && !in_list && after_comma && heads[i] != 0 && (heads[i] as usize) <= first {
            labels[i] = "appos".to_string();
        }
    }
}

/// An object takes no preposition (EWT and GUM train: none among 14 300 objects but a few
/// possessive "'s"): an `obj` with an adposition of its own is an oblique, and with "by"
/// under a passive participle its agent ("was bought by X").
fn objects_without_case(tokens: &[Token], heads: &mut [u32], labels: &mut [String]) {
    for i in 0..heads.len() {
        if labels[i] != "obj" {
            continue;
        }
        let d = i as u32 + 1;
        // The preposition opens the object's phrase, on its head or on a word of it
        // ("by Acme Corp" with "by" on "Acme").
        let first = subtree_spans(heads)[i].0 as usize - 1;
        if first == i
            || labels[first] != "case"
            || upos(tokens, first as u32 + 1) != Some(Upos::Adp)
        {
            continue;
        }
        let case = first;
        // The preposition belongs to the phrase's head, where readers of the tree look for it.
        if (0..heads.len()).all(|j| heads[j] != first as u32 + 1) {
            heads[first] = d;
        }
        let verb = heads[i];
        let passive = (0..heads.len()).any(|j| heads[j] == verb && labels[j] == "aux:pass");
        labels[i] = if passive && tokens[case].form.eq_ignore_ascii_case("by") {
            "obl:agent".to_string()
        } else {
            "obl".to_string()
        };
    }
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

/// Joins a nominal subject and a second, proper-noun subject right after it into one
/// noun phrase (see the module comment).
fn one_subject(tokens: &[Token], heads: &mut [u32], labels: &mut [String]) {
    let n = heads.len() as u32;
    // EWT's `nsubj:outer` (the subject of a clausal or copular predicate with a subject of
    // its own) is as much a subject here: "X chief Y is to make" parses as `nsubj` X and
    // `nsubj:outer` Y.
    let subject = |labels: &[String], w: u32| {
        matches!(labels[w as usize - 1].as_str(), "nsubj" | "nsubj:outer")
    };
    for a in 1..n {
        if !subject(labels, a) || !matches!(upos(tokens, a), Some(Upos::Noun | Upos::Propn)) {
            continue;
        }
        let verb = heads[a as usize - 1];
        let spans = subtree_spans(heads);
        // The descriptor ends with its own head or a name's later words ("Acme Corp" with
        // "Corp" flat on "Acme"); the name starts right after it, with a word.
        let last = spans[a as usize - 1].1;
        let name_tail = (a + 1..=last).all(|w| {
            heads[w as usize - 1] == a
                && matches!(labels[w as usize - 1].as_str(), "flat" | "fixed")
        });
        if !name_tail || upos(tokens, last + 1) == Some(Upos::Punct) || last >= n {
            continue;
        }
        let Some(b) = (a + 1..=n).find(|&b| heads[b as usize - 1] == verb && subject(labels, b))
        else {
            continue;
        };
        if spans[b as usize - 1].0 != last + 1 || upos(tokens, b) != Some(Upos::Propn) {
            continue;
        }
        let determined = (1..=n).any(|w| {
            heads[w as usize - 1] == a
                && matches!(labels[w as usize - 1].as_str(), "det" | "nmod:poss")
        });
        if determined {
            heads[b as usize - 1] = a;
            labels[b as usize - 1] = "appos".to_string();
        } else {
            // The descriptor joins the common noun the name's phrase opens with when it has
            // one ("X chief" of "X chief Y", with "chief" `nmod:desc` of Y), else the name.
            // (`last + 1` opens the name's subtree, so the walk up meets the name; it is
            // bounded and falls back to the name all the same.) A phrase opening with a
            // conjunction ("X and energy minister Y") has no such noun.
            let mut target = last + 1;
            for _ in 0..n {
                if target == b || target == 0 || heads[target as usize - 1] == b {
                    break;
                }
                target = heads[target as usize - 1];
            }
            let below_name = target != 0 && target != b && heads[target as usize - 1] == b;
            if !below_name
                || upos(tokens, target) != Some(Upos::Noun)
                || labels[last as usize] == "cc"
            {
                target = b;
            }
            heads[a as usize - 1] = target;
            labels[a as usize - 1] = "compound".to_string();
        }
    }
}

/// First and last word (1-based) of every word's subtree, by walking up from each word.
fn subtree_spans(heads: &[u32]) -> Vec<(u32, u32)> {
    let mut spans: Vec<(u32, u32)> = (1..=heads.len() as u32).map(|w| (w, w)).collect();
    for d in 1..=heads.len() as u32 {
        let mut h = heads[d as usize - 1];
        let mut steps = 0;
        while h != 0 && steps <= heads.len() {
            let s = &mut spans[h as usize - 1];
            s.0 = s.0.min(d);
            s.1 = s.1.max(d);
            h = heads[h as usize - 1];
            steps += 1;
        }
    }
    spans
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
    fn a_name_set_off_by_a_comma_without_a_preposition_is_an_apposition() {
        // "the head of Norway , Ann Lee , spoke" with "Lee" read as `nmod` of "Norway".
        let t = tokens(&[
            ("the", Upos::Det),
            ("head", Upos::Noun),
            ("of", Upos::Adp),
            ("Norway", Upos::Propn),
            (",", Upos::Punct),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            (",", Upos::Punct),
            ("spoke", Upos::Verb),
        ]);
        let mut heads = vec![2, 9, 4, 2, 7, 7, 4, 9, 0];
        let mut l = labels(&[
            "det", "nsubj", "case", "nmod", "punct", "compound", "nmod", "punct", "root",
        ]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(l[6], "appos");
        // A list the parser cut is left alone: "in Norway , Sweden and Chile".
        let t = tokens(&[
            ("in", Upos::Adp),
            ("Norway", Upos::Propn),
            (",", Upos::Punct),
            ("Sweden", Upos::Propn),
            ("and", Upos::Cconj),
            ("Chile", Upos::Propn),
        ]);
        let mut heads = vec![2, 0, 4, 2, 6, 4];
        let mut l = labels(&["case", "root", "punct", "nmod", "cc", "conj"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(l[3], "nmod");
    }

    #[test]
    fn a_name_before_a_bare_time_phrase_is_the_verbs_object() {
        // "to visit Oslo next month" with "Oslo" read as a compound of "month".
        let t = tokens(&[
            ("to", Upos::Part),
            ("visit", Upos::Verb),
            ("Oslo", Upos::Propn),
            ("next", Upos::Adj),
            ("month", Upos::Noun),
        ]);
        let mut heads = vec![2, 0, 5, 5, 2];
        let mut l = labels(&["mark", "root", "compound", "amod", "obl:unmarked"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[2], l[2].as_str()), (2, "obj"));
        // "the state bank" keeps its compound.
        let t = tokens(&[
            ("saw", Upos::Verb),
            ("the", Upos::Det),
            ("state", Upos::Noun),
            ("bank", Upos::Noun),
        ]);
        let mut heads = vec![0, 4, 4, 1];
        let mut l = labels(&["root", "det", "compound", "obj"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[2], l[2].as_str()), (4, "compound"));
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
    fn a_descriptor_and_a_name_are_one_subject() {
        // "news agency Ann Lee reported": two subjects of "reported" as parsed.
        let t = tokens(&[
            ("news", Upos::Noun),
            ("agency", Upos::Noun),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            ("reported", Upos::Verb),
        ]);
        let mut heads = vec![2, 5, 5, 3, 0];
        let mut l = labels(&["compound", "nsubj", "nsubj", "flat", "root"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[1], l[1].as_str()), (3, "compound"));
        assert_eq!((heads[2], l[2].as_str()), (5, "nsubj"));

        // "the firm 's boss Ann Lee said": a determined descriptor takes the name as apposition.
        let t = tokens(&[
            ("the", Upos::Det),
            ("firm", Upos::Noun),
            ("'s", Upos::Part),
            ("boss", Upos::Noun),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            ("said", Upos::Verb),
        ]);
        let mut heads = vec![2, 4, 2, 7, 7, 5, 0];
        let mut l = labels(&["det", "nmod:poss", "case", "nsubj", "nsubj", "flat", "root"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[4], l[4].as_str()), (4, "appos"));
        assert_eq!((heads[3], l[3].as_str()), (7, "nsubj"));

        // "Acme chief Ann Lee is to speak": the name is the copular predicate's outer subject,
        // its descriptor "chief" an `nmod:desc`; "Acme" joins "chief".
        let t = tokens(&[
            ("Acme", Upos::Propn),
            ("chief", Upos::Noun),
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            ("is", Upos::Aux),
            ("to", Upos::Part),
            ("speak", Upos::Verb),
        ]);
        let mut heads = vec![7, 3, 7, 3, 7, 7, 0];
        let mut l = labels(&[
            "nsubj",
            "nmod:desc",
            "nsubj:outer",
            "flat",
            "cop",
            "mark",
            "root",
        ]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[0], l[0].as_str()), (2, "compound"));
        assert_eq!((heads[2], l[2].as_str()), (7, "nsubj:outer"));

        // "Ann Lee and energy minister Bo Chan met": no descriptor opens the second phrase;
        // the rule joins the first to the name as before, whatever the conjunction.
        let t = tokens(&[
            ("Ann", Upos::Propn),
            ("Lee", Upos::Propn),
            ("and", Upos::Cconj),
            ("energy", Upos::Noun),
            ("minister", Upos::Noun),
            ("Bo", Upos::Propn),
            ("Chan", Upos::Propn),
            ("met", Upos::Verb),
        ]);
        let mut heads = vec![8, 1, 5, 5, 6, 8, 6, 0];
        let mut l = labels(&[
            "nsubj",
            "flat",
            "cc",
            "compound",
            "nmod:desc",
            "nsubj",
            "flat",
            "root",
        ]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!((heads[0], l[0].as_str()), (6, "compound"));

        // A list ("X , Y and Z suffered") or a common-noun second subject is left alone.
        let t = tokens(&[
            ("Acme", Upos::Propn),
            (",", Upos::Punct),
            ("Beta", Upos::Propn),
            ("suffered", Upos::Verb),
        ]);
        let mut heads = vec![4, 3, 4, 0];
        let mut l = labels(&["nsubj", "punct", "nsubj", "root"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(heads, vec![4, 3, 4, 0]);
    }

    #[test]
    fn an_object_with_a_preposition_is_an_oblique() {
        // "Acme was bought by Beta Corp": "by" on "Beta", "Corp" read as the object.
        let t = tokens(&[
            ("Acme", Upos::Propn),
            ("was", Upos::Aux),
            ("bought", Upos::Verb),
            ("by", Upos::Adp),
            ("Beta", Upos::Propn),
            ("Corp", Upos::Propn),
        ]);
        let mut heads = vec![3, 3, 0, 5, 6, 3];
        let mut l = labels(&["nsubj:pass", "aux:pass", "root", "case", "compound", "obj"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(l[5], "obl:agent");
        assert_eq!(heads[3], 6, "'by' moves to the head of its phrase");
        // Without a passive it is a plain oblique; a bare object stays an object.
        let mut heads = vec![3, 3, 0, 5, 6, 3];
        let mut l = labels(&["nsubj", "aux", "root", "case", "compound", "obj"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(l[5], "obl");
        let mut heads = vec![3, 3, 0, 5, 6, 3];
        let mut l = labels(&["nsubj", "aux", "root", "det", "compound", "obj"]);
        enforce(&t, &mut heads, &mut l);
        assert_eq!(l[5], "obj");
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
