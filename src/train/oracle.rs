//! Oracles for the arc-hybrid system: a static oracle (one canonical
//! transition sequence per projective tree) and the dynamic oracle of Goldberg
//! and Nivre (every transition's *cost*: how many gold arcs it makes
//! unreachable), which lets training continue from the parser's own mistakes.
//!
//! With the root at the end of the buffer, the costs below are exact for
//! projective gold trees in every configuration the training can reach.
//!
//! References: Y. Goldberg and J. Nivre, "A Dynamic Oracle for Arc-Eager
//! Dependency Parsing", COLING 2012; "Training Deterministic Parsers with
//! Non-Deterministic Oracles", TACL 2013 (the arc-hybrid costs used here).

use crate::nlp::parser::system::{State, Transition, NO_HEAD};

/// A gold tree in the parser's internal numbering (words `1..=n`, root `n + 1`).
#[derive(Debug, Clone)]
pub struct GoldTree {
    /// `head[i]` for word `i` (index 0 unused).
    pub head: Vec<u32>,
    /// Label id of each word's arc (index 0 unused).
    pub label: Vec<u16>,
    /// Dependents of each node, flattened: `deps[dep_start[h]..dep_start[h + 1]]`.
    deps: Vec<u32>,
    dep_start: Vec<usize>,
}

impl GoldTree {
    /// Builds a gold tree from CoNLL-U heads (`heads[i]` for word `i + 1`, 0 = root)
    /// and label ids.
    #[must_use]
    pub fn new(heads: &[u32], labels: &[u16]) -> Self {
        let n = heads.len();
        let root = n as u32 + 1;
        let mut head = vec![NO_HEAD; n + 2];
        let mut label = vec![0u16; n + 2];
        for i in 0..n {
            head[i + 1] = if heads[i] == 0 { root } else { heads[i] };
            label[i + 1] = labels[i];
        }
        let mut dep_start = vec![0usize; n + 3];
        for &h in &head[1..=n] {
            dep_start[h as usize + 1] += 1;
        }
        for k in 1..dep_start.len() {
            dep_start[k] += dep_start[k - 1];
        }
        let mut fill = dep_start.clone();
        let mut deps = vec![0u32; n];
        for (d, &h) in head.iter().enumerate().take(n + 1).skip(1) {
            let h = h as usize;
            deps[fill[h]] = d as u32;
            fill[h] += 1;
        }
        Self {
            head,
            label,
            deps,
            dep_start,
        }
    }

    fn deps_of(&self, h: u32) -> &[u32] {
        let h = h as usize;
        &self.deps[self.dep_start[h]..self.dep_start[h + 1]]
    }
}

#[cfg(test)]
/// The static oracle: Left when `s0`'s gold head is `b0`; Right when it is `s1`
/// and `s0` has no dependent left in the buffer; else Shift. `None` when no
/// transition leads on (the gold tree is not projective, or not a tree).
#[must_use]
pub fn static_oracle(state: &State, gold: &GoldTree, root_label: u16) -> Option<Transition> {
    let s0 = state.s(0);
    if !state.stack.is_empty() {
        let h = gold.head[s0 as usize];
        let l = gold.label[s0 as usize];
        if h == state.next && state.is_valid(Transition::Left(l), root_label) {
            return Some(Transition::Left(l));
        }
        let pending = gold.deps_of(s0).iter().any(|&d| d >= state.next);
        if state.stack.len() >= 2
            && h == state.s(1)
            && !pending
            && state.is_valid(Transition::Right(l), root_label)
        {
            return Some(Transition::Right(l));
        }
    }
    state
        .is_valid(Transition::Shift, root_label)
        .then_some(Transition::Shift)
}

/// Whether word `d` is on the stack (shifted, not yet attached).
fn on_stack(state: &State, d: u32) -> bool {
    d < state.next && state.head[d as usize] == NO_HEAD
}

/// Structural costs of `[Shift, Left, Right]` (`u32::MAX` when not applicable).
#[must_use]
pub fn costs(state: &State, gold: &GoldTree) -> [u32; 3] {
    let mut out = [u32::MAX; 3];
    let next = state.next;
    if next <= state.len() {
        let b = next;
        let lost_deps = gold
            .deps_of(b)
            .iter()
            .filter(|&&d| on_stack(state, d))
            .count() as u32;
        let h = gold.head[b as usize];
        let lost_head = u32::from(h != state.s(0) && h != NO_HEAD && on_stack(state, h));
        out[0] = lost_deps + lost_head;
    }
    if let Some(&s0) = state.stack.last() {
        let h = gold.head[s0 as usize];
        let deps_in_buffer = gold.deps_of(s0).iter().filter(|&&d| d >= next).count() as u32;
        let s1 = state.s(1);
        let left_lost_head = u32::from(h != next && (h >= next || (s1 != 0 && h == s1)));
        out[1] = left_lost_head + deps_in_buffer;
        if state.stack.len() >= 2 {
            out[2] = u32::from(h >= next) + deps_in_buffer;
        }
    }
    out
}

/// The zero-cost (more precisely, minimum-cost) valid classes, labels included:
/// an arc transition costs one more when its label is not the gold label of `s0`
/// (unless that label cannot be used by the transition at all).
pub fn best_classes(
    state: &State,
    gold: &GoldTree,
    root_label: u16,
    n_labels: usize,
    out: &mut Vec<usize>,
) {
    out.clear();
    let [shift, left, right] = costs(state, gold);
    let s0 = state.s(0) as usize;
    let gold_label = gold.label.get(s0).copied().unwrap_or(0);
    let mut best = u32::MAX;
    let mut consider = |t: Transition, structural: u32, out: &mut Vec<usize>| {
        if structural == u32::MAX || !state.is_valid(t, root_label) {
            return;
        }
        let cost = match t {
            Transition::Shift => structural,
            Transition::Left(l) | Transition::Right(l) => {
                let usable = match t {
                    Transition::Left(_) => state.is_valid(Transition::Left(gold_label), root_label),
                    _ => state.is_valid(Transition::Right(gold_label), root_label),
                };
                structural + u32::from(usable && l != gold_label)
            }
        };
        if cost < best {
            best = cost;
            out.clear();
        }
        if cost == best {
            out.push(t.class());
        }
    };
    consider(Transition::Shift, shift, out);
    for l in 0..n_labels as u16 {
        consider(Transition::Left(l), left, out);
        consider(Transition::Right(l), right, out);
    }
}
