//! Beam search over the greedy parser's transitions.
//!
//! The perceptron was trained greedily, so its raw scores are not comparable
//! across configurations: summing them along a path favours paths through
//! high-magnitude classes, and a beam over raw sums loses 2.5 UAS on EWT dev.
//! Each step's scores are therefore turned into log-probabilities first (a
//! softmax over the valid transitions at temperature [`BeamOptions::temperature`],
//! in weight units), and a path's score is the sum of its log-probabilities.
//! Paths more than [`BeamOptions::margin`] nats behind the best are dropped, so
//! where the parser is sure the beam holds one path and costs little more than
//! greedy parsing.
//!
//! Every parse takes exactly `2n` transitions (see [`super::system`]), so all
//! paths end together and their scores compare directly.

use super::features::{self, Atoms};
use super::system::{State, Transition};
use crate::nlp::compact::CompactWeights;

/// Settings of the beam (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BeamOptions {
    /// Paths kept at each step; 1 is greedy parsing.
    pub width: usize,
    /// Softmax temperature in weight units (chosen on EWT dev).
    pub temperature: f32,
    /// Paths further than this many nats behind the best are dropped.
    pub margin: f32,
}

impl BeamOptions {
    /// A beam of `width` paths with the temperature and margin chosen on EWT dev.
    #[must_use]
    pub fn new(width: usize) -> Self {
        Self {
            width: width.max(1),
            temperature: 8000.0,
            margin: 4.0,
        }
    }
}

struct Path {
    /// `None` only while successors are being built.
    state: Option<State>,
    score: f64,
}

/// A candidate successor: total score, path index, transition class.
type Candidate = (f64, usize, usize);

/// Keeps `best` as the `k` highest candidates, best first (ties: lower path, then lower class).
fn insert_top(best: &mut Vec<Candidate>, k: usize, c: Candidate) {
    let before =
        |a: &Candidate, b: &Candidate| a.0 > b.0 || (a.0 == b.0 && (a.1, a.2) < (b.1, b.2));
    if best.len() == k && !best.last().is_some_and(|last| before(&c, last)) {
        return;
    }
    let at = best
        .iter()
        .position(|b| before(&c, b))
        .unwrap_or(best.len());
    best.insert(at, c);
    best.truncate(k);
}

/// Parses with a beam; returns the final configuration of the best path.
pub(crate) fn parse(
    weights: &CompactWeights,
    dropped_templates: u128,
    root_label: u16,
    atoms: &Atoms,
    n: usize,
    options: BeamOptions,
) -> State {
    let width = options.width.max(1);
    let temperature = f64::from(options.temperature.max(1e-3));
    let margin = f64::from(options.margin.max(0.0));
    let mut beam = vec![Path {
        state: Some(State::new(n)),
        score: 0.0,
    }];
    let mut spare: Vec<Path> = Vec::with_capacity(width);
    let mut feats = Vec::with_capacity(features::N_TEMPLATES);
    let mut scores = vec![0.0f32; weights.n_classes()];
    let mut valid: Vec<(usize, f32)> = Vec::with_capacity(scores.len());
    let mut local: Vec<Candidate> = Vec::with_capacity(width + 1);
    let mut chosen: Vec<Candidate> = Vec::with_capacity(width + 1);
    // 2n transitions end every parse; the bound is a safety net.
    let mut budget = 2 * n + 2;
    while budget > 0
        && beam
            .first()
            .and_then(|p| p.state.as_ref())
            .is_some_and(|s| !s.is_terminal())
    {
        budget -= 1;
        chosen.clear();
        for (pi, path) in beam.iter().enumerate() {
            let Some(state) = &path.state else { continue };
            features::extract_masked(state, atoms, dropped_templates, &mut feats);
            scores.iter_mut().for_each(|s| *s = 0.0);
            weights.score_into(&feats, &mut scores);
            valid.clear();
            valid.extend(
                scores
                    .iter()
                    .enumerate()
                    .filter(|&(c, _)| state.is_valid(Transition::from_class(c), root_label))
                    .map(|(c, &s)| (c, s)),
            );
            let Some(max) = valid.iter().map(|&(_, s)| s).reduce(f32::max) else {
                continue;
            };
            let max = f64::from(max);
            // A lone path whose best transition leads the others by more than the margin
            // keeps one successor: no softmax needed, and its score can restart at 0
            // (only differences between paths matter).
            if beam.len() == 1 {
                let cut = max - margin * temperature;
                let mut best = None;
                let mut contenders = 0;
                for &(c, s) in &valid {
                    if f64::from(s) >= cut {
                        contenders += 1;
                        if f64::from(s) == max && best.is_none() {
                            best = Some(c);
                        }
                    }
                }
                if let (1, Some(c)) = (contenders, best) {
                    chosen.push((0.0, pi, c));
                    continue;
                }
            }
            let log_z = valid
                .iter()
                .map(|&(_, s)| ((f64::from(s) - max) / temperature).exp())
                .sum::<f64>()
                .ln();
            local.clear();
            for &(c, s) in &valid {
                let logp = (f64::from(s) - max) / temperature - log_z;
                insert_top(&mut local, width, (path.score + logp, pi, c));
            }
            for &c in &local {
                insert_top(&mut chosen, width, c);
            }
        }
        let Some(&(top, _, _)) = chosen.first() else {
            break;
        };
        chosen.retain(|c| c.0 >= top - margin);
        spare.clear();
        for (k, &(score, pi, c)) in chosen.iter().enumerate() {
            // The last successor of a path takes its state instead of a copy.
            let last_use = chosen[k + 1..].iter().all(|&(_, p, _)| p != pi);
            let mut state = match (last_use, beam[pi].state.take()) {
                (true, Some(state)) => state,
                (false, Some(state)) => {
                    let copy = state.clone();
                    beam[pi].state = Some(state);
                    copy
                }
                (_, None) => continue,
            };
            state.apply(Transition::from_class(c), root_label);
            spare.push(Path {
                state: Some(state),
                score,
            });
        }
        std::mem::swap(&mut beam, &mut spare);
    }
    beam.into_iter()
        .next()
        .and_then(|p| p.state)
        .unwrap_or_else(|| State::new(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_keeps_the_best_in_order_with_stable_ties() {
        let mut best = Vec::new();
        for c in [
            (1.0, 0, 3),
            (3.0, 1, 0),
            (2.0, 0, 1),
            (3.0, 0, 5),
            (0.5, 2, 2),
        ] {
            insert_top(&mut best, 3, c);
        }
        assert_eq!(best, vec![(3.0, 0, 5), (3.0, 1, 0), (2.0, 0, 1)]);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::parser::beam::BeamOptions::new`.
    #[test]
    fn doc_parser_beam_beamoptions_new() -> Result<(), Box<dyn std::error::Error>> {
        let beam = crate::nlp::parser::BeamOptions::new(4);
        assert_eq!(beam.width, 4);
        Ok(())
    }
}
