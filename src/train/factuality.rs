//! Training the factuality model ([`crate::nlp::factuality`]) on UDS-IH2.
//!
//! Ridge regression (regularised least squares) of the UDS-IH2 normalised value on the
//! binary features of [`crate::nlp::factuality::features`], computed from kg's own
//! analysis of the treebank text ([`crate::eval::uds::analyze`]). The normal equations
//! `(XᵀX + λI) w = Xᵀy` (the bias not regularised) are solved by conjugate gradients in
//! a fixed order, so the same data and options give the same bytes.

use crate::document::Document;
use crate::eval::uds::UdsSentence;
use crate::nlp::factuality::{features, FactualityModel, Tree};
use rustc_hash::FxHashMap;

/// Training options.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// L2 penalty λ.
    pub lambda: f64,
    /// Conjugate-gradient iterations.
    pub iterations: usize,
    /// Keep features seen in at least this many training predicates.
    pub min_count: u32,
    /// Feature groups (bits of [`crate::nlp::factuality::groups`]).
    pub groups: u32,
    /// Drop weights whose absolute value is below this.
    pub prune: f32,
    /// Epochs of the averaged-perceptron sign classifier (0: no classifier, the
    /// regressor's sign decides).
    pub sign_epochs: usize,
    /// Value (±) given when the classifier overrides the regressor's sign.
    pub sign_margin: f32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            lambda: 7.0,
            iterations: 300,
            min_count: 2,
            groups: crate::nlp::factuality::groups::ALL,
            prune: 0.0005,
            sign_epochs: 0,
            sign_margin: 0.05,
        }
    }
}

/// Trains on the annotated predicates of `sentences`, analysed as `doc` (sentence `s`
/// of `doc` is `sentences[s]`).
#[must_use]
pub fn train(sentences: &[UdsSentence], doc: &Document, options: &Options) -> FactualityModel {
    // Feature strings → ids in order of first occurrence (deterministic).
    let mut ids: FxHashMap<String, u32> = FxHashMap::default();
    let mut names: Vec<String> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut rows: Vec<Vec<u32>> = Vec::new();
    let mut ys: Vec<f64> = Vec::new();
    for (s, us) in sentences.iter().enumerate() {
        let tokens = doc.sentence_tokens(&doc.sentences[s]);
        let tree = Tree::new(tokens);
        for p in &us.predicates {
            let mut row = Vec::new();
            features(&tree, p.word, options.groups, &mut |f| {
                let id = *ids.entry(f.to_string()).or_insert_with(|| {
                    names.push(f.to_string());
                    counts.push(0);
                    (names.len() - 1) as u32
                });
                row.push(id);
            });
            row.sort_unstable();
            row.dedup();
            for &id in &row {
                counts[id as usize] += 1;
            }
            rows.push(row);
            ys.push(f64::from(p.value));
        }
    }
    // Keep frequent features; renumber densely, column 0 is the bias.
    let mut remap = vec![u32::MAX; names.len()];
    let mut kept: Vec<usize> = Vec::new();
    for (id, &c) in counts.iter().enumerate() {
        if c >= options.min_count {
            remap[id] = kept.len() as u32 + 1;
            kept.push(id);
        }
    }
    let rows: Vec<Vec<u32>> = rows
        .into_iter()
        .map(|r| {
            let mut r: Vec<u32> = std::iter::once(0)
                .chain(r.into_iter().map(|id| remap[id as usize]))
                .filter(|&c| c != u32::MAX)
                .collect();
            r.sort_unstable();
            r
        })
        .collect();
    let dim = kept.len() + 1;
    let w = ridge(&rows, &ys, dim, options.lambda, options.iterations);
    let mut weights: Vec<(String, f32)> = kept
        .iter()
        .enumerate()
        .map(|(k, &id)| (names[id].clone(), w[k + 1] as f32))
        .filter(|(_, v)| v.abs() >= options.prune)
        .collect();
    weights.sort_by(|a, b| a.0.cmp(&b.0));
    let (sign_bias, sign_weights) = if options.sign_epochs == 0 {
        (0.0, Vec::new())
    } else {
        let v = perceptron(&rows, &ys, dim, options.sign_epochs);
        let mut sw: Vec<(String, f32)> = kept
            .iter()
            .enumerate()
            .map(|(k, &id)| (names[id].clone(), v[k + 1] as f32))
            .filter(|(_, x)| x.abs() >= options.prune)
            .collect();
        sw.sort_by(|a, b| a.0.cmp(&b.0));
        (v[0] as f32, sw)
    };
    FactualityModel {
        groups: options.groups,
        bias: w[0] as f32,
        weights,
        sign_bias,
        sign_weights,
        sign_margin: options.sign_margin,
    }
}

/// Averaged perceptron for the sign (`y > 0`), examples in a fixed pseudo-random order
/// per epoch; returns the averaged weights (column 0 the bias).
fn perceptron(rows: &[Vec<u32>], ys: &[f64], dim: usize, epochs: usize) -> Vec<f64> {
    let mut w = vec![0.0f64; dim];
    let mut u = vec![0.0f64; dim]; // sum of c·update, for lazy averaging
    let mut c = 1.0f64;
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..epochs {
        for k in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(k, (state % (k as u64 + 1)) as usize);
        }
        for &e in &order {
            let y = if ys[e] > 0.0 { 1.0 } else { -1.0 };
            let score: f64 = rows[e].iter().map(|&f| w[f as usize]).sum();
            if y * score <= 0.0 {
                for &f in &rows[e] {
                    w[f as usize] += y;
                    u[f as usize] += c * y;
                }
            }
            c += 1.0;
        }
    }
    w.iter().zip(&u).map(|(w, u)| w - u / c).collect()
}

/// Solves `(XᵀX + λD) w = Xᵀy` by conjugate gradients, `X` binary with the given
/// non-zero columns per row and `D` the identity without the bias column 0.
fn ridge(rows: &[Vec<u32>], ys: &[f64], dim: usize, lambda: f64, iterations: usize) -> Vec<f64> {
    let apply = |v: &[f64], out: &mut [f64]| {
        out.iter_mut().for_each(|o| *o = 0.0);
        for r in rows {
            let xv: f64 = r.iter().map(|&c| v[c as usize]).sum();
            for &c in r {
                out[c as usize] += xv;
            }
        }
        for (i, o) in out.iter_mut().enumerate().skip(1) {
            *o += lambda * v[i];
        }
    };
    let mut b = vec![0.0; dim];
    for (r, &y) in rows.iter().zip(ys) {
        for &c in r {
            b[c as usize] += y;
        }
    }
    let mut w = vec![0.0; dim];
    let mut r = b.clone();
    let mut p = r.clone();
    let mut ap = vec![0.0; dim];
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f64>();
    let mut rr = dot(&r, &r);
    let tolerance = 1e-12 * dot(&b, &b).max(1e-30);
    for _ in 0..iterations {
        if rr <= tolerance {
            break;
        }
        apply(&p, &mut ap);
        let alpha = rr / dot(&p, &ap).max(1e-300);
        for i in 0..dim {
            w[i] += alpha * p[i];
            r[i] -= alpha * ap[i];
        }
        let next = dot(&r, &r);
        let beta = next / rr;
        rr = next;
        for i in 0..dim {
            p[i] = r[i] + beta * p[i];
        }
    }
    w
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ridge_fits_a_small_system() {
        // y = 1 + 2·x1 − 1·x2, no noise, tiny λ.
        let rows = vec![vec![0, 1], vec![0, 2], vec![0, 1, 2], vec![0]];
        let ys = vec![3.0, 0.0, 2.0, 1.0];
        let w = ridge(&rows, &ys, 3, 1e-9, 50);
        assert!((w[0] - 1.0).abs() < 1e-4 && (w[1] - 2.0).abs() < 1e-4);
        assert!((w[2] + 1.0).abs() < 1e-4, "{w:?}");
    }
}
