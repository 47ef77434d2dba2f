//! Feature extraction for the parser, after Zhang and Nivre (2011), adapted to
//! the arc-hybrid system (whose buffer front can have left dependents).
//!
//! Each feature is a template id combined with a few atomic values of the
//! configuration: the words (lower-cased, digits folded), PTB tags and UPOS of
//! the top three stack words and the first three buffer nodes; the leftmost
//! and rightmost dependents of `s0`, `s1` and `b0` with their labels; the
//! distance between `s0` and `b0`; valencies; and the label sets of `s0`'s and
//! `b0`'s dependents. Lemmas are not used: at run time they come from the
//! lemmatizer, and the lower-cased word carries nearly the same information.
//!
//! Atoms are hashed once per sentence ([`Atoms`]); a feature is then a cheap
//! multiply–rotate mix of a template id and up to four atoms, finished with a
//! full avalanche so that the perceptron's identity-hashed table spreads well.
//!
//! Reference: Y. Zhang and J. Nivre, "Transition-based Dependency Parsing with
//! Rich Non-local Features", ACL 2011.

use super::system::{State, NO_NODE};
use crate::document::Token;
use crate::hashing::FeatureHasher;

/// Per-node atomic values: index 0 is "no node", `1..=n` the words, `n + 1` the root.
#[derive(Debug, Clone, Default)]
pub struct Atoms {
    word: Vec<u64>,
    tag: Vec<u64>,
    upos: Vec<u64>,
    /// Last three characters of the normalised word and its capitalisation:
    /// evidence for the word class that does not depend on the tagger.
    suffix: Vec<u64>,
}

const ROOT_ATOM: u64 = 0x005E_ED0F_2007;

/// The word as the features see it: lower-cased, every digit turned into `0`.
fn normalize(form: &str, buf: &mut String) {
    buf.clear();
    for c in form.chars() {
        if c.is_ascii_digit() {
            buf.push('0');
        } else {
            buf.extend(c.to_lowercase());
        }
    }
}

impl Atoms {
    /// Hashes the words, tags and UPOS of a sentence. An empty `xpos` falls back to the UPOS.
    #[must_use]
    pub fn new(tokens: &[Token]) -> Self {
        let n = tokens.len();
        let mut atoms = Self {
            word: Vec::with_capacity(n + 2),
            tag: Vec::with_capacity(n + 2),
            upos: Vec::with_capacity(n + 2),
            suffix: Vec::with_capacity(n + 2),
        };
        atoms.word.push(0);
        atoms.tag.push(0);
        atoms.upos.push(0);
        atoms.suffix.push(0);
        let mut buf = String::new();
        for t in tokens {
            normalize(&t.form, &mut buf);
            atoms.word.push(FeatureHasher::new(1).str(&buf).finish());
            let cut = buf.char_indices().rev().nth(2).map_or(0, |(i, _)| i);
            let mut chars = t.form.chars();
            let shape = match (chars.next(), chars.any(char::is_uppercase)) {
                (Some(c), true) if c.is_uppercase() => 3,
                (Some(c), false) if c.is_uppercase() => 2,
                (Some(c), _) if c.is_ascii_digit() => 1,
                _ => 0,
            };
            atoms
                .suffix
                .push(FeatureHasher::new(4).str(&buf[cut..]).int(shape).finish());
            let upos = t.upos.as_str();
            let tag = if t.xpos.is_empty() { upos } else { &t.xpos };
            atoms.tag.push(FeatureHasher::new(2).str(tag).finish());
            atoms.upos.push(FeatureHasher::new(3).str(upos).finish());
        }
        atoms.word.push(ROOT_ATOM);
        atoms.tag.push(ROOT_ATOM);
        atoms.upos.push(ROOT_ATOM);
        atoms.suffix.push(ROOT_ATOM);
        atoms
    }
}

const K: u64 = 0x9E37_79B9_7F4A_7C15;

#[inline]
fn fin(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[inline]
fn step(h: u64, v: u64) -> u64 {
    (h.rotate_left(23) ^ v).wrapping_mul(K)
}

/// Number of feature templates (the length of the vector [`extract`] fills).
pub const N_TEMPLATES: usize = 101;

/// Distance bucket between two positions.
fn distance(a: u32, b: u32) -> u64 {
    match a.abs_diff(b) {
        0 => 0,
        d @ 1..=4 => u64::from(d),
        5..=7 => 5,
        8..=12 => 6,
        _ => 7,
    }
}

/// Fills `out` with the feature hashes of configuration `s`, leaving out the
/// templates whose bit is set in `dropped` (bit `i` = the `i`-th template, 0 = bias).
///
/// A feature's hash includes its template's number, so leaving templates out
/// changes no other feature: a model trained with every template can be run
/// without some of them (fewer lookups per transition).
pub fn extract_masked(s: &State, a: &Atoms, dropped: u128, out: &mut Vec<u64>) {
    out.clear();
    let mut t: u64 = 0;
    let mut push = |parts: &[u64]| {
        t += 1;
        if (dropped >> (t - 1)) & 1 == 1 {
            return;
        }
        let mut h = t.wrapping_mul(K);
        for &p in parts {
            h = step(h, p);
        }
        out.push(fin(h));
    };
    let w = |i: u32| a.word.get(i as usize).copied().unwrap_or(0);
    let p = |i: u32| a.tag.get(i as usize).copied().unwrap_or(0);
    let u = |i: u32| a.upos.get(i as usize).copied().unwrap_or(0);
    let x = |i: u32| a.suffix.get(i as usize).copied().unwrap_or(0);
    let node = |v: &Vec<u32>, i: u32| if i == NO_NODE { NO_NODE } else { v[i as usize] };
    let lab = |i: u32| {
        if i == NO_NODE {
            0
        } else {
            u64::from(s.label[i as usize]) + 1
        }
    };

    let (s0, s1, s2) = (s.s(0), s.s(1), s.s(2));
    let (b0, b1, b2) = (s.b(0), s.b(1), s.b(2));
    let (s0w, s0p, s1w, s1p, s2w, s2p) = (w(s0), p(s0), w(s1), p(s1), w(s2), p(s2));
    let (b0w, b0p, b1w, b1p, b2w, b2p) = (w(b0), p(b0), w(b1), p(b1), w(b2), p(b2));
    let (s0u, s1u, b0u, b1u) = (u(s0), u(s1), u(b0), u(b1));
    let s0l1 = node(&s.lc1, s0);
    let s0l2 = node(&s.lc2, s0);
    let s0r1 = node(&s.rc1, s0);
    let s0r2 = node(&s.rc2, s0);
    let s1l1 = node(&s.lc1, s1);
    let s1r1 = node(&s.rc1, s1);
    let s1r2 = node(&s.rc2, s1);
    let b0l1 = node(&s.lc1, b0);
    let b0l2 = node(&s.lc2, b0);
    let d = if s0 != NO_NODE && b0 != NO_NODE {
        if b0 == s.root() {
            8
        } else {
            distance(s0, b0)
        }
    } else {
        9
    };
    let d01 = if s1 != NO_NODE { distance(s1, s0) } else { 9 };
    let val = |v: &Vec<u16>, i: u32| {
        if i == NO_NODE {
            0
        } else {
            u64::from(v[i as usize].min(7)) + 1
        }
    };
    let s0vl = val(&s.n_left, s0);
    let s0vr = val(&s.n_right, s0);
    let s1vr = val(&s.n_right, s1);
    let b0vl = val(&s.n_left, b0);
    let set = |v: &Vec<u64>, i: u32| if i == NO_NODE { 0 } else { v[i as usize] };
    let s0sl = set(&s.left_labels, s0);
    let s0sr = set(&s.right_labels, s0);
    let b0sl = set(&s.left_labels, b0);

    // Bias.
    push(&[]);
    // Single words (Zhang and Nivre table 1, "from single words").
    push(&[s0w, s0p]);
    push(&[s0w]);
    push(&[s0p]);
    push(&[b0w, b0p]);
    push(&[b0w]);
    push(&[b0p]);
    push(&[b1w, b1p]);
    push(&[b1w]);
    push(&[b1p]);
    push(&[b2w, b2p]);
    push(&[b2w]);
    push(&[b2p]);
    push(&[s1w, s1p]);
    push(&[s1w]);
    push(&[s1p]);
    push(&[s2w]);
    push(&[s2p]);
    // Word pairs.
    push(&[s0w, s0p, b0w, b0p]);
    push(&[s0w, s0p, b0w]);
    push(&[s0w, b0w, b0p]);
    push(&[s0w, s0p, b0p]);
    push(&[s0p, b0w, b0p]);
    push(&[s0w, b0w]);
    push(&[s0p, b0p]);
    push(&[b0p, b1p]);
    push(&[s1w, s1p, s0w, s0p]);
    push(&[s1w, s0w]);
    push(&[s1p, s0p]);
    push(&[s1w, s0p]);
    push(&[s1p, s0w]);
    push(&[s1p, b0p]);
    push(&[s1w, b0w]);
    // Three words.
    push(&[b0p, b1p, b2p]);
    push(&[s0p, b0p, b1p]);
    push(&[s1p, s0p, b0p]);
    push(&[s2p, s1p, s0p]);
    push(&[s0p, p(s0l1), b0p]);
    push(&[s0p, p(s0r1), b0p]);
    push(&[s0p, b0p, p(b0l1)]);
    push(&[s1p, p(s1r1), s0p]);
    push(&[s1p, p(s1l1), s0p]);
    push(&[s1p, s0p, p(s0l1)]);
    push(&[s1p, s0p, p(s0r1)]);
    push(&[s0w, b0p, b1p]);
    push(&[s1p, s0w, b0p]);
    // Distance.
    push(&[s0w, d]);
    push(&[s0p, d]);
    push(&[b0w, d]);
    push(&[b0p, d]);
    push(&[s0w, b0w, d]);
    push(&[s0p, b0p, d]);
    push(&[s1p, s0p, d01]);
    push(&[s1w, s0w, d01]);
    // Valency.
    push(&[s0w, s0vr]);
    push(&[s0p, s0vr]);
    push(&[s0w, s0vl]);
    push(&[s0p, s0vl]);
    push(&[b0w, b0vl]);
    push(&[b0p, b0vl]);
    push(&[s1p, s1vr]);
    // First-order dependents.
    push(&[w(s0l1)]);
    push(&[p(s0l1)]);
    push(&[lab(s0l1)]);
    push(&[w(s0r1)]);
    push(&[p(s0r1)]);
    push(&[lab(s0r1)]);
    push(&[w(b0l1)]);
    push(&[p(b0l1)]);
    push(&[lab(b0l1)]);
    push(&[p(s1r1), lab(s1r1)]);
    push(&[w(s1r1)]);
    // Second-order dependents.
    push(&[w(s0l2)]);
    push(&[p(s0l2)]);
    push(&[lab(s0l2)]);
    push(&[w(s0r2)]);
    push(&[p(s0r2)]);
    push(&[lab(s0r2)]);
    push(&[w(b0l2)]);
    push(&[p(b0l2)]);
    push(&[lab(b0l2)]);
    push(&[s0p, p(s0l1), p(s0l2)]);
    push(&[s0p, p(s0r1), p(s0r2)]);
    push(&[b0p, p(b0l1), p(b0l2)]);
    push(&[s1p, p(s1r1), p(s1r2)]);
    // Label sets.
    push(&[s0w, s0sr]);
    push(&[s0p, s0sr]);
    push(&[s0w, s0sl]);
    push(&[s0p, s0sl]);
    push(&[b0w, b0sl]);
    push(&[b0p, b0sl]);
    // Universal tags.
    push(&[s0u, b0u]);
    push(&[s1u, s0u, b0u]);
    push(&[s0u, b0u, b1u]);
    // Suffixes and capitalisation.
    push(&[x(s0)]);
    push(&[x(b0)]);
    push(&[x(b1)]);
    push(&[x(s1)]);
    push(&[x(s0), x(b0)]);
    push(&[s0p, x(b0)]);
    push(&[x(s0), b0p]);
    debug_assert_eq!(t as usize, N_TEMPLATES);
}
