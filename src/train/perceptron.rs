//! Training the averaged perceptron of `nlp::perceptron`: [`Trainer`] keeps the
//! weights with lazy averaging (time stamps, so an update costs O(features) however
//! many examples were seen); [`Trainer::finish`] averages, prunes near-zero weights and
//! returns a frozen [`Perceptron`].

use crate::hashing::FeatureMap;
use crate::nlp::perceptron::{argmax, Perceptron};

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
        let rows = keys.into_iter().map(|key| {
            let mut cells: Vec<(u16, f32)> = self.rows[&key]
                .iter()
                .map(|c| {
                    let total = c.total + f64::from(c.weight) * (self.step - c.stamp) as f64;
                    (c.class, (total / step as f64) as f32)
                })
                .filter(|&(_, w)| w.abs() > prune && w != 0.0)
                .collect();
            cells.sort_unstable_by_key(|&(c, _)| c);
            (key, cells)
        });
        Perceptron::from_rows(self.n_classes, rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::FeatureHasher;

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

    /// Example of `train::perceptron`.
    #[test]
    fn doc_perceptron() -> Result<(), Box<dyn std::error::Error>> {
        use crate::hashing::FeatureHasher;
        use crate::train::perceptron::Trainer;

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
