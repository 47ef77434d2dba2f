//! Averaged multiclass perceptron (Collins 2002), shared by the tagger, the
//! parser and the entity recognizer.
//!
//! Features are 64-bit hashes built with [`crate::hashing::FeatureHasher`], a fixed hash
//! (FNV-1a with a final avalanche) so that model files stay valid across
//! builds, platforms and crate upgrades. Weight rows are sparse: a feature
//! stores only the classes it has ever been updated for, which keeps models
//! with a hundred classes (the parser's labelled transitions) small.
//!
//! Training (`train::perceptron::Trainer`, lazy averaging with time stamps)
//! averages, prunes near-zero weights and returns a frozen [`Perceptron`]
//! ([`Perceptron::from_rows`]).
//!
//! Reference: M. Collins, "Discriminative Training Methods for Hidden Markov
//! Models", EMNLP 2002.

use crate::hashing::FeatureMap;
use serde::{Deserialize, Serialize};

/// A frozen, averaged perceptron: scores classes for a set of features.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Perceptron {
    n_classes: u32,
    /// Feature → (first entry, entry count) in `classes` / `weights`.
    index: FeatureMap<(u32, u16)>,
    classes: Vec<u16>,
    weights: Vec<f32>,
}

impl Perceptron {
    /// A frozen perceptron of `n_classes` classes from its weight rows: each feature with its
    /// (class, weight) pairs, added in the order given (what
    /// `train::perceptron::Trainer::finish` builds; empty rows are skipped).
    #[must_use]
    pub fn from_rows(
        n_classes: u32,
        rows: impl IntoIterator<Item = (u64, Vec<(u16, f32)>)>,
    ) -> Self {
        let mut out = Perceptron {
            n_classes,
            ..Perceptron::default()
        };
        for (key, cells) in rows {
            if cells.is_empty() {
                continue;
            }
            let start = out.classes.len() as u32;
            out.index.insert(key, (start, cells.len() as u16));
            for (c, w) in cells {
                out.classes.push(c);
                out.weights.push(w);
            }
        }
        out
    }

    /// Number of classes.
    #[must_use]
    pub fn n_classes(&self) -> usize {
        self.n_classes as usize
    }

    /// Number of features with at least one weight.
    #[must_use]
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Number of stored (feature, class) weights.
    #[must_use]
    pub fn n_weights(&self) -> usize {
        self.weights.len()
    }

    /// Every feature with its (class, weight) pairs, in ascending feature order:
    /// for converting a model into another layout.
    #[must_use]
    pub fn rows(&self) -> Vec<(u64, Vec<(u16, f32)>)> {
        let mut out: Vec<(u64, Vec<(u16, f32)>)> = self
            .index
            .iter()
            .map(|(&f, &(start, len))| {
                let r = start as usize..start as usize + len as usize;
                let row = self.classes[r.clone()]
                    .iter()
                    .copied()
                    .zip(self.weights[r].iter().copied())
                    .collect();
                (f, row)
            })
            .collect();
        out.sort_unstable_by_key(|&(f, _)| f);
        out
    }

    /// The mean of several models over the same classes (feature by feature,
    /// class by class; a weight missing from a model counts as 0). Averaging
    /// perceptrons trained on different example orders lowers their variance.
    /// Returns `None` for an empty slice or models with different class counts.
    #[must_use]
    pub fn mean(models: &[Perceptron]) -> Option<Perceptron> {
        let first = models.first()?;
        if models.iter().any(|m| m.n_classes != first.n_classes) {
            return None;
        }
        let mut keys: Vec<u64> = models
            .iter()
            .flat_map(|m| m.index.keys().copied())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let n = models.len() as f32;
        let mut out = Perceptron {
            n_classes: first.n_classes,
            ..Perceptron::default()
        };
        let mut row = vec![0f32; first.n_classes as usize];
        for key in keys {
            row.fill(0.0);
            for m in models {
                if let Some(&(start, len)) = m.index.get(&key) {
                    let r = start as usize..start as usize + len as usize;
                    for (&c, &w) in m.classes[r.clone()].iter().zip(&m.weights[r]) {
                        row[c as usize] += w;
                    }
                }
            }
            let start = out.classes.len() as u32;
            let mut count = 0u16;
            for (c, &w) in row.iter().enumerate() {
                if w != 0.0 {
                    out.classes.push(c as u16);
                    out.weights.push(w / n);
                    count += 1;
                }
            }
            if count > 0 {
                out.index.insert(key, (start, count));
            }
        }
        Some(out)
    }

    /// Adds the weights of `features` to `scores` (length [`Self::n_classes`]).
    pub fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(&(start, len)) = self.index.get(f) {
                let r = start as usize..start as usize + len as usize;
                for (&c, &w) in self.classes[r.clone()].iter().zip(&self.weights[r]) {
                    scores[c as usize] += w;
                }
            }
        }
    }

    /// Scores of every class for `features`.
    #[must_use]
    pub fn scores(&self, features: &[u64]) -> Vec<f32> {
        let mut scores = vec![0.0; self.n_classes()];
        self.score_into(features, &mut scores);
        scores
    }

    /// The best class (ties go to the lowest class id, so results are deterministic).
    #[must_use]
    pub fn predict(&self, features: &[u64]) -> usize {
        argmax(&self.scores(features))
    }
}

/// Index of the largest score; the first one on ties; 0 for an empty slice.
#[must_use]
pub fn argmax(scores: &[f32]) -> usize {
    let mut best = 0;
    for (i, &s) in scores.iter().enumerate() {
        if s > scores[best] {
            best = i;
        }
    }
    best
}
