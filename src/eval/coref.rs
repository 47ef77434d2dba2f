//! Coreference scores: MUC, B³ and entity-based CEAF (φ4).
//!
//! Key (gold) and response (system) are partitions of mentions, each mention an
//! opaque comparable value (here a character span). The two need not contain the
//! same mentions: a mention missing on one side counts as a singleton there, as in
//! the CoNLL-2012 reference scorer. Each metric returns [`Counts`], which sum over
//! documents before the ratios are taken. The gold sets are read by `formats::coref`.

use std::collections::HashMap;
use std::hash::Hash;

/// Numerators and denominators of precision and recall.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Counts {
    /// Precision numerator.
    pub p_num: f64,
    /// Precision denominator.
    pub p_den: f64,
    /// Recall numerator.
    pub r_num: f64,
    /// Recall denominator.
    pub r_den: f64,
}

impl Counts {
    /// Precision (0 when undefined).
    #[must_use]
    pub fn precision(&self) -> f64 {
        if self.p_den > 0.0 {
            self.p_num / self.p_den
        } else {
            0.0
        }
    }

    /// Recall (0 when undefined).
    #[must_use]
    pub fn recall(&self) -> f64 {
        if self.r_den > 0.0 {
            self.r_num / self.r_den
        } else {
            0.0
        }
    }

    /// Harmonic mean of precision and recall.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, o: Counts) {
        self.p_num += o.p_num;
        self.p_den += o.p_den;
        self.r_num += o.r_num;
        self.r_den += o.r_den;
    }
}

fn index<M: Eq + Hash + Clone>(clusters: &[Vec<M>]) -> HashMap<M, usize> {
    let mut out = HashMap::new();
    for (i, c) in clusters.iter().enumerate() {
        for m in c {
            out.insert(m.clone(), i);
        }
    }
    out
}

/// MUC recall numerator and denominator of `key` against `response` (swap for precision).
fn muc_side<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> (f64, f64) {
    let of = index(response);
    let (mut num, mut den) = (0.0, 0.0);
    for c in key {
        // Partitions of the cluster by the response; unmatched mentions are singletons.
        let mut parts = std::collections::HashSet::new();
        let mut lone = 0usize;
        for m in c {
            match of.get(m) {
                Some(&r) => {
                    parts.insert(r);
                }
                None => lone += 1,
            }
        }
        num += (c.len() - parts.len() - lone) as f64;
        den += c.len().saturating_sub(1) as f64;
    }
    (num, den)
}

/// MUC (Vilain et al. 1995): links kept.
#[must_use]
pub fn muc<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> Counts {
    let (r_num, r_den) = muc_side(key, response);
    let (p_num, p_den) = muc_side(response, key);
    Counts {
        p_num,
        p_den,
        r_num,
        r_den,
    }
}

fn b3_side<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> (f64, f64) {
    let of = index(response);
    let (mut num, mut den) = (0.0, 0.0);
    for c in key {
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for m in c {
            if let Some(&r) = of.get(m) {
                *overlap.entry(r).or_default() += 1;
            }
        }
        // Σ over mentions of |K ∩ R(m)| / |K| = Σ over response clusters of |K ∩ R|² / |K|.
        num += overlap
            .values()
            .map(|&n| (n * n) as f64 / c.len() as f64)
            .sum::<f64>();
        den += c.len() as f64;
    }
    (num, den)
}

/// B³ (Bagga and Baldwin 1998): per-mention overlap of clusters.
#[must_use]
pub fn b_cubed<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> Counts {
    let (r_num, r_den) = b3_side(key, response);
    let (p_num, p_den) = b3_side(response, key);
    Counts {
        p_num,
        p_den,
        r_num,
        r_den,
    }
}

/// Entity-based CEAF with φ4 (Luo 2005): the best one-to-one alignment of key and
/// response clusters, found with the Hungarian algorithm.
#[must_use]
pub fn ceaf_e<M: Eq + Hash + Clone>(key: &[Vec<M>], response: &[Vec<M>]) -> Counts {
    let of = index(response);
    let mut sim = vec![vec![0.0; response.len()]; key.len()];
    for (i, c) in key.iter().enumerate() {
        let mut overlap: HashMap<usize, usize> = HashMap::new();
        for m in c {
            if let Some(&r) = of.get(m) {
                *overlap.entry(r).or_default() += 1;
            }
        }
        for (r, n) in overlap {
            sim[i][r] = 2.0 * n as f64 / (c.len() + response[r].len()) as f64;
        }
    }
    let total = max_assignment(&sim);
    Counts {
        p_num: total,
        p_den: response.len() as f64,
        r_num: total,
        r_den: key.len() as f64,
    }
}

/// The largest total weight of a one-to-one assignment of rows to columns
/// (Kuhn–Munkres with potentials, O(n²·m)).
#[must_use]
pub fn max_assignment(weights: &[Vec<f64>]) -> f64 {
    let rows = weights.len();
    let cols = weights.first().map_or(0, Vec::len);
    if rows == 0 || cols == 0 {
        return 0.0;
    }
    // The minimisation form needs rows ≤ columns: transpose when needed.
    let (n, m) = (rows.min(cols), rows.max(cols));
    let matrix: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..m)
                .map(|j| {
                    -if rows <= cols {
                        weights[i].get(j).copied().unwrap_or(0.0)
                    } else {
                        weights[j].get(i).copied().unwrap_or(0.0)
                    }
                })
                .collect()
        })
        .collect();
    let cost = |i: usize, j: usize| matrix[i][j];
    let inf = f64::INFINITY;
    // 1-based arrays, column 0 is a sentinel (the classic e-maxx formulation).
    let mut u = vec![0.0; n + 1];
    let mut v = vec![0.0; m + 1];
    let mut p = vec![0usize; m + 1];
    let mut way = vec![0usize; m + 1];
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let mut delta = inf;
            let mut j1 = 0;
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=m)
        .filter(|&j| p[j] != 0)
        .map(|j| -cost(p[j] - 1, j - 1))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-6
    }

    // The example of Pradhan et al. (2014), "Scoring coreference partitions of
    // predicted mentions: a reference implementation", figure 1:
    // key {a b c} {d e f g}, response {a b} {c d} {f g h i}.
    fn pradhan() -> (Vec<Vec<char>>, Vec<Vec<char>>) {
        (
            vec![vec!['a', 'b', 'c'], vec!['d', 'e', 'f', 'g']],
            vec![vec!['a', 'b'], vec!['c', 'd'], vec!['f', 'g', 'h', 'i']],
        )
    }

    #[test]
    fn muc_matches_the_reference_example() {
        let (k, r) = pradhan();
        let m = muc(&k, &r);
        assert!(close(m.recall(), 2.0 / 5.0));
        assert!(close(m.precision(), 2.0 / 5.0));
    }

    #[test]
    fn b_cubed_matches_the_reference_example() {
        let (k, r) = pradhan();
        let b = b_cubed(&k, &r);
        // Recall: (1/3)(2²/3 … ) = (4/3 + 1/3 + 1/4 + 4/4) / 7.
        assert!(close(
            b.recall(),
            (4.0 / 3.0 + 1.0 / 3.0 + 1.0 / 4.0 + 1.0) / 7.0
        ));
        // Precision: (2²/2 + (1+1)/2 + 2²/4) / 8.
        assert!(close(b.precision(), (2.0 + 1.0 + 1.0) / 8.0));
    }

    #[test]
    fn ceaf_e_matches_the_reference_example() {
        let (k, r) = pradhan();
        let c = ceaf_e(&k, &r);
        // Best alignment: {abc}↔{ab} (φ4 = 4/5), {defg}↔{fghi} (φ4 = 4/8).
        let total = 0.8 + 0.5;
        assert!(close(c.recall(), total / 2.0));
        assert!(close(c.precision(), total / 3.0));
    }

    #[test]
    fn perfect_response_scores_one_everywhere() {
        let (k, _) = pradhan();
        for c in [muc(&k, &k), b_cubed(&k, &k), ceaf_e(&k, &k)] {
            assert!(close(c.f1(), 1.0));
        }
    }

    #[test]
    fn hungarian_finds_the_best_assignment_not_the_greedy_one() {
        // Greedy takes 0.9 and is left with 0.1: total 1.0; best is 0.8 + 0.8.
        let w = vec![vec![0.9, 0.8], vec![0.8, 0.1]];
        assert!(close(max_assignment(&w), 1.6));
        // Rectangular, more rows than columns.
        let w = vec![vec![0.2], vec![0.7], vec![0.5]];
        assert!(close(max_assignment(&w), 0.7));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `eval::coref`.
    #[test]
    fn doc_coref() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::coref::{b_cubed, ceaf_e, muc};
        let key = vec![vec![1, 2, 3], vec![4, 5]];
        let response = vec![vec![1, 2], vec![3, 4, 5]];
        let m = muc(&key, &response);
        assert!((m.recall() - 2.0 / 3.0).abs() < 1e-9);
        assert!(b_cubed(&key, &key).f1() > 0.999);
        assert!(ceaf_e(&key, &response).f1() < 1.0);
        Ok(())
    }
}
