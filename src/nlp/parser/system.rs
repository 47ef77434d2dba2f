//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez and Satta 2011)
//! with the artificial root at the *end* of the buffer (Ballesteros and Nivre 2013).
//!
//! A configuration is a stack, a buffer of the words not yet shifted (followed
//! by the root), and the arcs built so far. Three transitions:
//!
//! * `Shift`: move the buffer front `b0` onto the stack;
//! * `Left(l)`: attach the stack top `s0` to `b0` with label `l`, pop `s0`;
//! * `Right(l)`: attach `s0` to the word below it, `s1`, with label `l`, pop `s0`.
//!
//! Putting the root last, and allowing `Left` onto the root only when the stack
//! holds a single word, makes *every* terminal configuration a tree with exactly
//! one word attached to the root: each word is popped exactly once and receives
//! its head when popped, heads always sit further right in the buffer or lower on
//! the stack, so no cycle can form. Some transition is valid in every
//! non-terminal configuration, and each sentence of `n` words takes exactly `2n`
//! transitions, so parsing is linear and cannot loop.
//!
//! Internally words are numbered `1..=n` and the root is `n + 1`; [`State::heads`]
//! converts to CoNLL-U numbering (root = 0).

/// A class of the classifier: `Shift`, or an arc transition with a label id.
///
/// Class ids: `0` is `Shift`, `1 + 2l` is `Left(l)`, `2 + 2l` is `Right(l)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    /// Push the buffer front onto the stack.
    Shift,
    /// `b0` becomes the head of `s0` (label id); pop `s0`.
    Left(u16),
    /// `s1` becomes the head of `s0` (label id); pop `s0`.
    Right(u16),
}

impl Transition {
    /// The class id of the transition.
    #[must_use]
    pub fn class(self) -> usize {
        match self {
            Transition::Shift => 0,
            Transition::Left(l) => 1 + 2 * l as usize,
            Transition::Right(l) => 2 + 2 * l as usize,
        }
    }

    /// The transition of a class id.
    #[must_use]
    pub fn from_class(class: usize) -> Self {
        if class == 0 {
            Transition::Shift
        } else if class % 2 == 1 {
            Transition::Left(((class - 1) / 2) as u16)
        } else {
            Transition::Right(((class - 2) / 2) as u16)
        }
    }

    /// Number of classes for `n_labels` labels.
    #[must_use]
    pub fn n_classes(n_labels: usize) -> usize {
        1 + 2 * n_labels
    }
}

/// "No node": an empty stack or buffer position, a missing child. The transition system
/// numbers a sentence's words from 1 (`n + 1` is the root), so 0 is free, and it doubles
/// as the padding slot of the per-node feature arrays (`features.rs` reads slot 0 for a
/// missing node without a branch): a sentinel kept on purpose, inside the parser's hot loop.
/// Not a token index of the `Document`, whose heads are [`crate::Head`]s.
pub const NO_NODE: u32 = 0;
/// "No head yet".
pub const NO_HEAD: u32 = u32::MAX;

/// A parser configuration with the bookkeeping the features need
/// (two leftmost and two rightmost dependents and the valency of each word).
#[derive(Debug, Clone)]
pub struct State {
    n: u32,
    /// Stack of word indices (1-based); top is last.
    pub stack: Vec<u32>,
    /// Buffer front: a word `1..=n`, or `n + 1` (the root) once every word is shifted.
    pub next: u32,
    /// Head of each word (`NO_HEAD` until attached; `n + 1` is the root). Index 0 unused.
    pub head: Vec<u32>,
    /// Label id of each word's arc (valid once attached).
    pub label: Vec<u16>,
    /// Leftmost dependent of each node (`NO_NODE` if none); index `n + 1` is the root.
    pub lc1: Vec<u32>,
    /// Second leftmost dependent.
    pub lc2: Vec<u32>,
    /// Rightmost dependent.
    pub rc1: Vec<u32>,
    /// Second rightmost dependent.
    pub rc2: Vec<u32>,
    /// Number of left dependents.
    pub n_left: Vec<u16>,
    /// Number of right dependents.
    pub n_right: Vec<u16>,
    /// Bit set (modulo 64) of the labels of the left dependents.
    pub left_labels: Vec<u64>,
    /// Bit set (modulo 64) of the labels of the right dependents.
    pub right_labels: Vec<u64>,
}

impl State {
    /// The initial configuration for a sentence of `n` words.
    #[must_use]
    pub fn new(n: usize) -> Self {
        let n = u32::try_from(n).unwrap_or(u32::MAX - 2).min(u32::MAX - 2);
        let size = n as usize + 2;
        Self {
            n,
            stack: Vec::with_capacity(16),
            next: 1,
            head: vec![NO_HEAD; size],
            label: vec![0; size],
            lc1: vec![NO_NODE; size],
            lc2: vec![NO_NODE; size],
            rc1: vec![NO_NODE; size],
            rc2: vec![NO_NODE; size],
            n_left: vec![0; size],
            n_right: vec![0; size],
            left_labels: vec![0; size],
            right_labels: vec![0; size],
        }
    }

    /// Number of words.
    #[must_use]
    pub fn len(&self) -> u32 {
        self.n
    }

    /// Index of the root node (`n + 1`).
    #[must_use]
    pub fn root(&self) -> u32 {
        self.n + 1
    }

    /// True when parsing is over: every word popped, only the root left.
    #[must_use]
    pub fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.next > self.n
    }

    /// Stack word `i` from the top (`0` = top), or [`NO_NODE`].
    #[must_use]
    pub fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            NO_NODE
        }
    }

    /// Buffer node `i` from the front (the root counts as the last buffer node), or [`NO_NODE`].
    #[must_use]
    pub fn b(&self, i: usize) -> u32 {
        let k = u64::from(self.next) + i as u64;
        if k <= u64::from(self.n) + 1 {
            k as u32
        } else {
            NO_NODE
        }
    }

    /// Whether `t` may be applied. `root_label` is the id of the `root` label:
    /// only `Left(root_label)` may attach a word to the root, and nothing else carries it.
    #[must_use]
    pub fn is_valid(&self, t: Transition, root_label: u16) -> bool {
        match t {
            Transition::Shift => self.next <= self.n,
            Transition::Left(l) => {
                if self.stack.is_empty() {
                    false
                } else if self.next <= self.n {
                    l != root_label
                } else {
                    self.stack.len() == 1 && l == root_label
                }
            }
            Transition::Right(l) => self.stack.len() >= 2 && l != root_label,
        }
    }

    /// Applies `t`, which must be valid (an invalid one is ignored, so a bad
    /// classifier can never corrupt the configuration).
    pub fn apply(&mut self, t: Transition, root_label: u16) {
        if !self.is_valid(t, root_label) {
            return;
        }
        match t {
            Transition::Shift => {
                self.stack.push(self.next);
                self.next += 1;
            }
            Transition::Left(l) => {
                if let Some(d) = self.stack.pop() {
                    self.attach(self.next, d, l, true);
                }
            }
            Transition::Right(l) => {
                if let Some(d) = self.stack.pop() {
                    let h = self.s(0);
                    self.attach(h, d, l, false);
                }
            }
        }
    }

    fn attach(&mut self, h: u32, d: u32, l: u16, left: bool) {
        let (hi, di) = (h as usize, d as usize);
        self.head[di] = h;
        self.label[di] = l;
        let bit = 1u64 << (l % 64);
        // A Left arc always adds a new leftmost dependent, a Right arc a new rightmost one.
        if left {
            self.lc2[hi] = self.lc1[hi];
            self.lc1[hi] = d;
            self.n_left[hi] = self.n_left[hi].saturating_add(1);
            self.left_labels[hi] |= bit;
        } else {
            self.rc2[hi] = self.rc1[hi];
            self.rc1[hi] = d;
            self.n_right[hi] = self.n_right[hi].saturating_add(1);
            self.right_labels[hi] |= bit;
        }
    }

    /// The heads in CoNLL-U numbering (0 = root) for words `1..=n`, as a vector of length `n`.
    /// Meaningful once [`Self::is_terminal`].
    #[must_use]
    pub fn heads(&self) -> Vec<u32> {
        let root = self.root();
        (1..=self.n as usize)
            .map(|i| {
                if self.head[i] == root {
                    0
                } else {
                    self.head[i]
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_ids_round_trip() {
        for c in 0..Transition::n_classes(7) {
            assert_eq!(Transition::from_class(c).class(), c);
        }
    }

    #[test]
    fn always_some_valid_transition_until_terminal() {
        for n in 0..6 {
            let mut s = State::new(n);
            let mut steps = 0;
            while !s.is_terminal() {
                // Prefer Right, then Left, then Shift, to reach odd configurations.
                let t = [
                    Transition::Right(1),
                    Transition::Left(1),
                    Transition::Left(0),
                    Transition::Shift,
                ]
                .into_iter()
                .find(|&t| s.is_valid(t, 0))
                .expect("some transition is valid");
                s.apply(t, 0);
                steps += 1;
            }
            assert_eq!(steps, 2 * n);
            let heads = s.heads();
            assert_eq!(
                heads.iter().filter(|&&h| h == 0).count(),
                usize::from(n > 0)
            );
        }
    }
}
