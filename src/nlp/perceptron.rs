//! Averaged multiclass perceptron (Collins 2002), shared by the tagger, the
//! parser and the entity recognizer.
//!
//! Features are 64-bit hashes built with [`FeatureHasher`], a fixed hash
//! (FNV-1a with a final avalanche) so that model files stay valid across
//! builds, platforms and crate upgrades. Weight rows are sparse: a feature
//! stores only the classes it has ever been updated for, which keeps models
//! with a hundred classes (the parser's labelled transitions) small.
//!
//! Training uses [`Trainer`] (lazy averaging with time stamps, so an update
//! costs O(features) however many examples were seen); [`Trainer::finish`]
//! averages, prunes near-zero weights and returns a frozen [`Perceptron`].
//!
//! Reference: M. Collins, "Discriminative Training Methods for Hidden Markov
//! Models", EMNLP 2002.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Builds one feature hash from a template id and its parts, without allocating.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct FeatureHasher(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl FeatureHasher {
    /// Starts a feature of template `template`.
    pub fn new(template: u32) -> Self {
        Self(FNV_OFFSET).bytes(&template.to_le_bytes())
    }

    /// Adds raw bytes.
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }

    /// Adds a string, followed by a separator so that ("ab","c") ≠ ("a","bc").
    pub fn str(self, s: &str) -> Self {
        self.bytes(s.as_bytes()).bytes(&[0xFF])
    }

    /// Adds a small integer (a tag or label id, a distance).
    pub fn int(self, v: u32) -> Self {
        self.bytes(&v.to_le_bytes())
    }

    /// The finished hash (with a final mix so that similar inputs spread out).
    #[must_use]
    pub fn finish(self) -> u64 {
        // splitmix64 finaliser
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Hasher for keys that are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A `HashMap` keyed by feature hashes.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

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

#[derive(Debug, Clone, Copy)]
struct Cell {
    class: u16,
    weight: f32,
    total: f64,
    stamp: u64,
}

/// Trains a [`Perceptron`] with lazy weight averaging.
#[derive(Debug, Clone)]
pub struct Trainer {
    n_classes: u32,
    rows: FeatureMap<Vec<Cell>>,
    /// Number of examples seen so far (the averaging clock).
    step: u64,
}

impl Trainer {
    /// A trainer for `n_classes` classes.
    #[must_use]
    pub fn new(n_classes: usize) -> Self {
        Self {
            n_classes: u32::try_from(n_classes).expect("too many classes"),
            rows: FeatureMap::default(),
            step: 0,
        }
    }

    /// Number of classes.
    #[must_use]
    pub fn n_classes(&self) -> usize {
        self.n_classes as usize
    }

    /// Adds the current (not averaged) weights of `features` to `scores`.
    pub fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        for f in features {
            if let Some(row) = self.rows.get(f) {
                for c in row {
                    scores[c.class as usize] += c.weight;
                }
            }
        }
    }

    /// The best class under the current weights.
    #[must_use]
    pub fn predict(&self, features: &[u64]) -> usize {
        let mut scores = vec![0.0; self.n_classes()];
        self.score_into(features, &mut scores);
        argmax(&scores)
    }

    /// Adds `delta` to the weight of every feature for `class`.
    pub fn add(&mut self, features: &[u64], class: usize, delta: f32) {
        let step = self.step;
        for &f in features {
            let row = self.rows.entry(f).or_default();
            let cell = match row.iter_mut().position(|c| c.class as usize == class) {
                Some(i) => &mut row[i],
                None => {
                    row.push(Cell {
                        class: class as u16,
                        weight: 0.0,
                        total: 0.0,
                        stamp: step,
                    });
                    row.last_mut().expect("just pushed")
                }
            };
            cell.total += f64::from(cell.weight) * (step - cell.stamp) as f64;
            cell.stamp = step;
            cell.weight += delta;
        }
    }

    /// The standard perceptron update: reward `truth`, penalise `guess` (nothing when equal).
    pub fn update(&mut self, features: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            self.add(features, truth, 1.0);
            self.add(features, guess, -1.0);
        }
    }

    /// Advances the averaging clock by one example. Call once per training example.
    pub fn tick(&mut self) {
        self.step += 1;
    }

    /// Averages the weights and freezes them, dropping weights whose absolute
    /// averaged value is at most `prune` (0.0 keeps every non-zero weight).
    #[must_use]
    pub fn finish(&self, prune: f32) -> Perceptron {
        let step = self.step.max(1);
        // Sort features so that the frozen model (and its file) is byte-identical across runs.
        let mut keys: Vec<u64> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        let mut out = Perceptron {
            n_classes: self.n_classes,
            ..Perceptron::default()
        };
        for key in keys {
            let mut cells: Vec<(u16, f32)> = self.rows[&key]
                .iter()
                .map(|c| {
                    let total = c.total + f64::from(c.weight) * (self.step - c.stamp) as f64;
                    (c.class, (total / step as f64) as f32)
                })
                .filter(|&(_, w)| w.abs() > prune && w != 0.0)
                .collect();
            if cells.is_empty() {
                continue;
            }
            cells.sort_unstable_by_key(|&(c, _)| c);
            let start = out.classes.len() as u32;
            out.index.insert(key, (start, cells.len() as u16));
            for (c, w) in cells {
                out.classes.push(c);
                out.weights.push(w);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hasher_separates_parts() {
        let a = FeatureHasher::new(1).str("ab").str("c").finish();
        let b = FeatureHasher::new(1).str("a").str("bc").finish();
        let c = FeatureHasher::new(2).str("ab").str("c").finish();
        assert_ne!(a, b);
        assert_ne!(a, c);
        // Fixed values: model files depend on them never changing.
        assert_eq!(
            FeatureHasher::new(0).finish(),
            FeatureHasher::new(0).finish()
        );
    }

    #[test]
    fn mean_of_models_averages_weights() {
        let f = |s: &str| FeatureHasher::new(3).str(s).finish();
        let mut a = Trainer::new(2);
        a.add(&[f("x")], 0, 2.0);
        a.tick();
        let mut b = Trainer::new(2);
        b.add(&[f("y")], 1, 4.0);
        b.tick();
        let m = Perceptron::mean(&[a.finish(0.0), b.finish(0.0)]).unwrap();
        assert_eq!(m.scores(&[f("x")]), vec![1.0, 0.0]);
        assert_eq!(m.scores(&[f("y")]), vec![0.0, 2.0]);
        assert!(Perceptron::mean(&[]).is_none());
        assert!(
            Perceptron::mean(&[Trainer::new(2).finish(0.0), Trainer::new(3).finish(0.0)]).is_none()
        );
    }

    #[test]
    fn learns_a_separable_problem_and_round_trips() {
        let f = |s: &str| FeatureHasher::new(7).str(s).finish();
        let data = [
            (vec![f("a"), f("x")], 0),
            (vec![f("b"), f("x")], 1),
            (vec![f("c"), f("y")], 2),
            (vec![f("a"), f("y")], 0),
        ];
        let mut t = Trainer::new(3);
        for _ in 0..10 {
            for (feats, gold) in &data {
                let g = t.predict(feats);
                t.update(feats, *gold, g);
                t.tick();
            }
        }
        let m = t.finish(0.0);
        for (feats, gold) in &data {
            assert_eq!(m.predict(feats), *gold);
        }
        let bytes = crate::nlp::model::encode(crate::nlp::model::ModelKind::TAGGER, 1, &m).unwrap();
        let back: Perceptron =
            crate::nlp::model::decode(&bytes, crate::nlp::model::ModelKind::TAGGER, 1).unwrap();
        for (feats, _) in &data {
            assert_eq!(back.scores(feats), m.scores(feats));
        }
        // Training twice gives the same bytes.
        let bytes2 =
            crate::nlp::model::encode(crate::nlp::model::ModelKind::TAGGER, 1, &t.finish(0.0))
                .unwrap();
        assert_eq!(bytes, bytes2);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::perceptron`.
    #[test]
    fn doc_perceptron() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::perceptron::{FeatureHasher, Trainer};

        let f = |s: &str| FeatureHasher::new(1).str(s).finish();
        let mut trainer = Trainer::new(2);
        for _ in 0..5 {
            for (feats, gold) in [(vec![f("sunny")], 0), (vec![f("rainy")], 1)] {
                let guess = trainer.predict(&feats);
                trainer.update(&feats, gold, guess);
                trainer.tick();
            }
        }
        let model = trainer.finish(0.0);
        assert_eq!(model.predict(&[f("rainy")]), 1);
        Ok(())
    }
}
