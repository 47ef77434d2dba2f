//! Argument spans: which tokens of a subtree make up an argument.
//!
//! An argument is the subtree of its head token, minus what the rules cut off: punctuation at the
//! edges, leading conjunctions, and — depending on the rule set — relative clauses, appositions
//! and coordinated conjuncts (which become facts of their own). The span may have gaps; its text
//! is the tokens in sentence order.

use super::clause::Tree;
use crate::document::Upos;
use crate::lexicon::closed_class::is_negation;

/// Which dependents are cut from an argument's top level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpanRules {
    /// Cut relative clauses (`acl:relcl`) of the head.
    pub relative_clauses: bool,
    /// Cut appositions of the head (they give `is` facts of their own).
    pub appositions: bool,
    /// Cut conjuncts and their conjunctions (each conjunct is an argument of its own).
    pub conjuncts: bool,
    /// Cut participial and infinitival modifiers (`acl`) of the head.
    pub participles: bool,
}

impl Default for SpanRules {
    fn default() -> Self {
        Self {
            relative_clauses: true,
            appositions: true,
            conjuncts: true,
            participles: false,
        }
    }
}

/// Collects the argument tokens headed by `head`, never entering `stop` (typically the predicate,
/// so a noun modified by its own relative clause does not swallow the clause), sorted.
///
/// Linear in the subtree size; a visited set keeps malformed trees from looping.
#[must_use]
pub fn span(tree: &Tree<'_>, head: u32, stop: Option<u32>, rules: SpanRules) -> Vec<u32> {
    if head as usize >= tree.len() {
        return Vec::new();
    }
    let mut out = vec![head];
    let mut stack: Vec<u32> = Vec::new();
    for &c in tree.children(head) {
        let r = tree.rel[c as usize];
        let cut = (rules.relative_clauses && r == "acl:relcl")
            || (rules.appositions && r == "appos")
            || (rules.conjuncts && (r == "conj" || r == "cc:preconj"))
            || (rules.participles && r == "acl")
            || r == "parataxis"
            || stop == Some(c);
        if !cut {
            stack.push(c);
        }
    }
    let mut seen = vec![false; tree.len()];
    seen[head as usize] = true;
    while let Some(x) = stack.pop() {
        if seen[x as usize] || stop == Some(x) {
            continue;
        }
        seen[x as usize] = true;
        out.push(x);
        stack.extend_from_slice(tree.children(x));
    }
    out.sort_unstable();
    trim(tree, &mut out);
    out
}

/// Removes punctuation and conjunctions at the edges of a sorted token list, and unbalanced
/// quotes or brackets.
pub fn trim_edges(tree: &Tree<'_>, toks: &mut Vec<u32>) {
    trim(tree, toks);
}

/// Removes punctuation and conjunctions at the edges, and a comma-introduced tail.
fn trim(tree: &Tree<'_>, toks: &mut Vec<u32>) {
    while let Some(&f) = toks.first() {
        if toks.len() > 1 && matches!(tree.upos(f), Upos::Punct | Upos::Cconj) {
            toks.remove(0);
        } else {
            break;
        }
    }
    while let Some(&l) = toks.last() {
        if toks.len() > 1 && matches!(tree.upos(l), Upos::Punct | Upos::Cconj) {
            toks.pop();
        } else {
            break;
        }
    }
    // Unbalanced quotes or brackets left at one edge only read badly; drop them.
    let open = |w: &str| matches!(w, "(" | "[" | "``" | "\u{201c}" | "-LRB-");
    let close = |w: &str| matches!(w, ")" | "]" | "''" | "\u{201d}" | "-RRB-");
    let count_open = toks.iter().filter(|&&t| open(tree.form(t))).count();
    let count_close = toks.iter().filter(|&&t| close(tree.form(t))).count();
    if count_open != count_close {
        toks.retain(|&t| !open(tree.form(t)) && !close(tree.form(t)));
    }
}

/// The conjuncts of `head`: itself and its `conj` dependents (recursively, bounded), in order.
#[must_use]
pub fn conjuncts(tree: &Tree<'_>, head: u32) -> Vec<u32> {
    let mut out = vec![head];
    let mut i = 0;
    while i < out.len() && out.len() < 32 {
        let x = out[i];
        for &c in tree.children(x) {
            if tree.rel[c as usize] == "conj" && !out.contains(&c) && compatible(tree, head, c) {
                out.push(c);
            }
        }
        i += 1;
    }
    out.sort_unstable();
    out
}

/// Whether conjunct `c` can stand in for `head` as an argument: both nominal (a noun, name,
/// pronoun, number or adjective) and `c` without a clause of its own (subject or copula).
fn compatible(tree: &Tree<'_>, head: u32, c: u32) -> bool {
    let nominal = |u: Upos| {
        matches!(
            u,
            Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num | Upos::Adj | Upos::Det | Upos::X
        )
    };
    nominal(tree.upos(head))
        && nominal(tree.upos(c))
        && tree.direct_subject(c).is_none()
        && tree.child(c, "cop").is_none()
}

/// Surface text of tokens, following the original spacing where tokens are adjacent.
#[must_use]
pub fn surface(tree: &Tree<'_>, toks: &[u32]) -> String {
    let mut s = String::new();
    for (k, &t) in toks.iter().enumerate() {
        if k > 0 {
            let prev = toks[k - 1];
            if prev + 1 != t || tree.tokens[prev as usize].space_after {
                s.push(' ');
            }
        }
        s.push_str(tree.form(t));
    }
    s
}

/// Relations of a predicate's dependents that belong to the clause, not to a nominal predicate
/// (UD relation names, not English words: they stay with the rules that read them).
pub(super) const CLAUSE_LEVEL: [&str; 20] = [
    "nsubj",
    "nsubj:pass",
    "nsubj:outer",
    "csubj",
    "csubj:pass",
    "cop",
    "aux",
    "aux:pass",
    "mark",
    "advcl",
    "advcl:relcl",
    "obl",
    "obl:unmarked",
    "obl:agent",
    "obl:tmod",
    "obl:npmod",
    "parataxis",
    "ccomp",
    "expl",
    "discourse",
];

/// The case tokens (prepositions, with their fixed parts) of a nominal.
pub(super) fn case_tokens(tree: &Tree<'_>, i: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for &c in tree.children(i) {
        // Prepositions come before their nominal, the possessive 's after it.
        if tree.rel[c as usize] == "case" {
            out.push(c);
            for &f in tree.children(c) {
                if tree.rel[f as usize] == "fixed" {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// The span of a noun modified by a relative clause or participle, as an argument of that
/// clause: without the clause, its own clause-level dependents and its preposition.
pub(super) fn modified_span(
    tree: &Tree<'_>,
    head: u32,
    stop: Option<u32>,
    rules: SpanRules,
) -> Vec<u32> {
    let rules = SpanRules {
        relative_clauses: true,
        participles: true,
        ..rules
    };
    let mut toks = nominal_span(tree, head, stop, rules);
    let case = case_tokens(tree, head);
    toks.retain(|&t| !case.contains(&t) && stop != Some(t));
    toks
}

/// The span of a nominal predicate without its clause-level dependents.
pub(super) fn nominal_span(
    tree: &Tree<'_>,
    p: u32,
    subject: Option<u32>,
    rules: SpanRules,
) -> Vec<u32> {
    let mut out = vec![p];
    for &c in tree.children(p) {
        let r = tree.rel[c as usize];
        if subject == Some(c)
            || CLAUSE_LEVEL.contains(&r)
            || r == "punct"
            || r == "cc"
            || (r == "advmod"
                && (c > p
                    || c + 1 != p
                    || tree.upos(p) != Upos::Adj
                    || is_negation(&tree.lemma(c).to_lowercase())))
            || (rules.participles && r == "acl")
            || (rules.conjuncts && r == "conj")
            || (rules.relative_clauses && r == "acl:relcl")
            || (rules.appositions && r == "appos")
        {
            continue;
        }
        out.extend(span(
            tree,
            c,
            subject,
            SpanRules {
                conjuncts: false,
                appositions: false,
                ..rules
            },
        ));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::conllu;

    const SENT: &str = "1\tthe\tthe\tDET\tDT\t_\t2\tdet\t_\t_
2\tcat\tcat\tNOUN\tNN\t_\t5\tnsubj\t_\t_
3\tand\tand\tCCONJ\tCC\t_\t4\tcc\t_\t_
4\tdogs\tdog\tNOUN\tNNS\t_\t2\tconj\t_\t_
5\tsleep\tsleep\tVERB\tVBP\t_\t0\troot\t_\t_
6\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

";

    #[test]
    fn conjuncts_are_cut_and_listed() {
        let s = conllu::read(SENT.as_bytes(), "t").unwrap();
        let tree = Tree::new(&s[0].words);
        assert_eq!(span(&tree, 1, None, SpanRules::default()), vec![0, 1]);
        assert_eq!(span(&tree, 3, None, SpanRules::default()), vec![3]);
        assert_eq!(conjuncts(&tree, 1), vec![1, 3]);
        let whole = SpanRules {
            conjuncts: false,
            ..SpanRules::default()
        };
        assert_eq!(span(&tree, 1, None, whole), vec![0, 1, 2, 3]);
    }
}
