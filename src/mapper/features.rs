//! Features of a (subject, object) candidate pair, hashed for the perceptron.

use super::Analysed;
use crate::document::Upos;
use crate::hashing::FeatureHasher;

/// The lower-cased lemma of token `i`.
fn lemma(a: &Analysed, i: usize) -> &str {
    &a.lower[i]
}

/// A word class for a token: `PROPN` and `NUM` for names and numbers, else its lemma.
fn shape(a: &Analysed, i: usize) -> &str {
    let t = &a.doc.tokens[i];
    match t.upos {
        Upos::Propn | Upos::Num => t.upos.as_str(),
        _ => &a.lower[i],
    }
}

/// The lower-cased lemma (the form when there is none) of every token.
pub(super) fn lower_lemmas(doc: &crate::document::Document) -> Vec<String> {
    doc.tokens
        .iter()
        .map(|t| {
            if t.lemma.is_empty() {
                t.form.to_lowercase()
            } else {
                t.lemma.to_lowercase()
            }
        })
        .collect()
}

/// The token with relation `case` (or `mark`) under `i`, if any.
fn case_of(a: &Analysed, i: usize) -> Option<usize> {
    a.tree.children[i]
        .iter()
        .copied()
        .find(|&c| a.doc.tokens[c].deprel == "case")
}

fn hasher(out: &mut Vec<u64>) -> impl FnMut(u32, &[&str]) + '_ {
    move |t: u32, parts: &[&str]| {
        let mut h = FeatureHasher::new(t);
        for p in parts {
            h = h.str(p);
        }
        out.push(h.finish());
    }
}

/// Appends the features of candidate `s` as a subject that do not depend on the object.
pub(super) fn subject(a: &Analysed, s: usize, out: &mut Vec<u64>) {
    let cs = &a.cands[s];
    let hs = cs.head;
    let mut f = hasher(out);
    f(0, &[]);
    f(1, &[cs.kind]);
    f(4, &[lemma(a, hs)]);
    f(10, &[if cs.start == 0 { "initial" } else { "inner" }]);
    let rel = a.doc.tokens[hs].deprel.as_str();
    f(11, &[rel]);
    f(14, &[rel, a.tree.head[hs].map_or("ROOT", |h| lemma(a, h))]);
    if cs.end < a.doc.tokens.len() {
        f(35, &[shape(a, cs.end)]);
    }
    for k in cs.start..cs.end {
        f(38, &[lemma(a, k)]);
    }
    if cs.start > 0 {
        f(40, &[shape(a, cs.start - 1)]);
    }
    f(41, &[shape(a, cs.start), "first"]);
    f(41, &[shape(a, cs.end - 1), "last"]);
    f(42, &[cs.kind, widest(a, s)]);
}

/// Whether candidate `c` is the widest of the candidates with its head.
fn widest(a: &Analysed, c: usize) -> &'static str {
    let x = &a.cands[c];
    let wider = a
        .cands
        .iter()
        .any(|y| y.head == x.head && y.end - y.start > x.end - x.start);
    if wider {
        "inner"
    } else {
        "widest"
    }
}

/// Appends the features of candidate `o` as an object that do not depend on the subject.
pub(super) fn object(a: &Analysed, o: usize, out: &mut Vec<u64>) {
    let co = &a.cands[o];
    let ho = co.head;
    let mut f = hasher(out);
    f(2, &[co.kind]);
    f(5, &[lemma(a, ho)]);
    let rel = a.doc.tokens[ho].deprel.as_str();
    let go = a.tree.head[ho].map_or("ROOT", |h| lemma(a, h));
    f(12, &[rel]);
    f(13, &[rel, go]);
    let case = case_of(a, ho).map_or("-", |c| lemma(a, c));
    f(15, &[case]);
    f(16, &[case, go]);
    f(17, &[case, co.kind]);
    if co.start > 0 {
        f(33, &[shape(a, co.start - 1)]);
        if co.start > 1 {
            f(34, &[shape(a, co.start - 2), shape(a, co.start - 1)]);
        }
    }
    if co.end < a.doc.tokens.len() {
        f(36, &[shape(a, co.end)]);
    }
    for k in co.start..co.end {
        f(37, &[lemma(a, k)]);
    }
    f(43, &[shape(a, co.start), "first"]);
    f(43, &[shape(a, co.end - 1), "last"]);
    f(44, &[co.kind, widest(a, o)]);
}

/// Appends every feature of the pair (`s`, `o`) (candidate indices) to `out`.
pub(super) fn pair(a: &Analysed, s: usize, o: usize, out: &mut Vec<u64>) {
    subject(a, s, out);
    object(a, o, out);
    joint(a, s, o, out);
}

/// Appends the features that depend on both candidates of the pair.
pub(super) fn joint(a: &Analysed, s: usize, o: usize, out: &mut Vec<u64>) {
    let (cs, co) = (&a.cands[s], &a.cands[o]);
    let (hs, ho) = (cs.head, co.head);
    let mut f = hasher(out);
    let ls = lemma(a, hs);
    let lo = lemma(a, ho);
    let order = if cs.start < co.start { "so" } else { "os" };
    f(3, &[cs.kind, co.kind, order]);
    f(6, &[ls, co.kind]);
    f(7, &[lo, cs.kind]);
    f(8, &[ls, lo]);
    // Position of the subject: the sentence's topic is usually its first name.
    let first = a.cands.iter().map(|c| c.start).min().unwrap_or(0);
    f(
        9,
        &[if cs.start == first { "first" } else { "later" }, co.kind],
    );
    let rel = |i: usize| a.doc.tokens[i].deprel.as_str();
    let case = case_of(a, ho).map_or("-", |c| lemma(a, c));
    // The dependency path between the heads.
    if a.tree.sentence[hs] == a.tree.sentence[ho] {
        let (up_s, up_o) = (&a.ancestors[s], &a.ancestors[o]);
        if let Some((i, j)) = up_s
            .iter()
            .enumerate()
            .find_map(|(i, x)| up_o.iter().position(|y| y == x).map(|j| (i, j)))
        {
            let lca = up_s[i];
            let mut labels = String::new();
            let mut words = String::new();
            for &k in &up_s[..i] {
                labels.push_str(rel(k));
                labels.push('<');
                if k != hs {
                    words.push_str(shape(a, k));
                    words.push('<');
                }
            }
            labels.push('^');
            words.push('^');
            let lca_word = lemma(a, lca);
            words.push_str(if lca == hs || lca == ho {
                "*"
            } else {
                lca_word
            });
            for &k in up_o[..j].iter().rev() {
                labels.push('>');
                labels.push_str(rel(k));
                if k != ho {
                    words.push('>');
                    words.push_str(shape(a, k));
                }
            }
            let len = i + j;
            if len <= 6 {
                f(20, &[&labels]);
                f(21, &[&labels, &words]);
                f(22, &[&labels, co.kind]);
            } else {
                f(20, &["far"]);
            }
            f(23, &[lca_word, order]);
            f(24, &[lca_word, rel(ho)]);
            // Verbs on the path.
            for &k in up_s[..=i].iter().chain(&up_o[..j]) {
                if matches!(a.doc.tokens[k].upos, Upos::Verb | Upos::Aux) || k == lca {
                    f(25, &[lemma(a, k)]);
                    f(26, &[lemma(a, k), case]);
                }
            }
            f(27, &[&len.min(8).to_string()]);
        }
    } else {
        f(20, &["cross"]);
    }
    // Words between the spans.
    let (left, right) = if cs.end <= co.start {
        (cs.end, co.start)
    } else {
        (co.end, cs.start)
    };
    let gap = right.saturating_sub(left);
    f(30, &[&gap.min(10).to_string(), order]);
    if gap <= 10 {
        for k in left..right {
            f(31, &[shape(a, k), order]);
        }
        if gap == 0 {
            f(32, &["adjacent", order, cs.kind, co.kind]);
        }
    }
    let len = |n: usize| n.min(5).to_string();
    f(39, &[&len(cs.end - cs.start), &len(co.end - co.start)]);
}
