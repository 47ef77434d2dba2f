//! CaRB scoring of Open IE extractions, re-implemented from the description in
//! `../shared/data/carb-dev/FORMAT.md` (CaRB's `carb.py` and `matcher.py`, default matcher).
//!
//! The main types are [`Tuple`] (a relation with its arguments), [`Gold`] (gold tuples grouped by
//! normalised sentence), [`Predictions`] (scored tuples grouped the same way) and [`CarbScore`]
//! (AUC, optimal precision / recall / F1 and the curve). [`pair_score`] compares one predicted
//! tuple with one gold tuple.
//!
//! The algorithm, as CaRB does it:
//! 1. both tuples are binarised (`ARG2 … ARGn` joined into one object);
//! 2. each part is compared by multiset token overlap (case-sensitive, no stemming); the relation
//!    must overlap (with a bonus for a predicted `be` against any form of *be*) or the pair scores 0;
//! 3. precision and recall of a pair pool the matched tokens of relation and arguments; for gold
//!    relations of the *said* type the argument order may also be swapped;
//! 4. at every distinct confidence threshold, recall takes the best pair per gold tuple and
//!    precision a greedy one-to-one matching; the optimal F1 over thresholds and the area under
//!    the (R, P) curve with an added (0, 1) point are reported.
//!
//! Complexity: `O(G · P)` pair scores per sentence, then `O(T_s · G · P · min(G, P))` for the
//! greedy matching over the `T_s` distinct confidences of a sentence.
//!
//! Reference: Bhardwaj, Aggarwal and Mausam, "CaRB: A Crowdsourced Benchmark for Open IE",
//! EMNLP-IJCNLP 2019.

use std::collections::HashMap;
use std::io::BufRead;

pub use crate::formats::carb::{Scored, Tuple};
use crate::formats::{carb as format, FormatError};

/// Normalises a sentence into the key CaRB joins gold and predictions on: spaces removed,
/// PTB bracket escapes undone, ASCII punctuation removed.
#[must_use]
pub fn normalize_sentence(sentence: &str) -> String {
    let mut s: String = sentence.chars().filter(|c| *c != ' ').collect();
    for (from, to) in [
        ("-LRB-", "("),
        ("-RRB-", ")"),
        ("-LSB-", "["),
        ("-RSB-", "]"),
        ("-LCB-", "{"),
        ("-RCB-", "}"),
    ] {
        if s.contains(from) {
            s = s.replace(from, to);
        }
    }
    s.retain(|c| !c.is_ascii_punctuation());
    s
}

/// Groups items by normalised sentence the way CaRB's dictionaries do: the items of a raw
/// sentence stay together, and a later raw sentence with the same key replaces an earlier one.
fn group<T>(raw: Vec<(String, Vec<T>)>) -> HashMap<String, Vec<T>> {
    let mut out = HashMap::with_capacity(raw.len());
    for (sentence, items) in raw {
        out.insert(normalize_sentence(&sentence), items);
    }
    out
}

/// Appends `item` to the group of `sentence`, keeping first-seen order of raw sentences.
fn push_raw<T>(
    raw: &mut Vec<(String, Vec<T>)>,
    index: &mut HashMap<String, usize>,
    sentence: &str,
    item: T,
) {
    match index.get(sentence) {
        Some(&i) => raw[i].1.push(item),
        None => {
            index.insert(sentence.to_string(), raw.len());
            raw.push((sentence.to_string(), vec![item]));
        }
    }
}

/// Gold tuples (CaRB's `SENTENCE<TAB>RELATION<TAB>ARG1…` file), grouped by normalised sentence.
#[derive(Debug, Clone, Default)]
pub struct Gold {
    by_sentence: HashMap<String, Vec<Tuple>>,
    /// Every gold tuple read, including those of a raw sentence replaced by a later one with the
    /// same key (CaRB keeps them in the recall denominator).
    total: usize,
}

impl Gold {
    /// Reads a gold file. Fields containing `C: ` (context) are dropped; fields are trimmed.
    ///
    /// # Errors
    /// A line with fewer than two fields, or a read error.
    pub fn read(reader: impl BufRead, name: &str) -> Result<Self, FormatError> {
        let mut raw = Vec::new();
        let mut index = HashMap::new();
        let mut total = 0;
        for (sentence, tuple) in format::read_gold(reader, name)? {
            total += 1;
            push_raw(&mut raw, &mut index, &sentence, tuple);
        }
        Ok(Self {
            by_sentence: group(raw),
            total,
        })
    }

    /// Reads a gold file from disk.
    ///
    /// # Errors
    /// As [`Gold::read`].
    pub fn read_path(path: &std::path::Path) -> Result<Self, FormatError> {
        Self::read(crate::formats::open(path)?, &path.display().to_string())
    }

    /// Number of gold tuples read (the recall denominator).
    #[must_use]
    pub fn len(&self) -> usize {
        self.total
    }
}

/// Predicted tuples (CaRB's tabbed format `SENTENCE<TAB>CONF<TAB>RELATION<TAB>ARG1…`).
#[derive(Debug, Clone, Default)]
pub struct Predictions {
    by_sentence: HashMap<String, Vec<Scored>>,
}

impl Predictions {
    /// Reads a prediction file: blank lines are skipped, fields are not trimmed.
    ///
    /// # Errors
    /// Fewer than three fields, a confidence that is not a number, or a read error.
    pub fn read(reader: impl BufRead, name: &str) -> Result<Self, FormatError> {
        let mut raw = Vec::new();
        let mut index = HashMap::new();
        for (sentence, scored) in format::read_predictions(reader, name)? {
            push_raw(&mut raw, &mut index, &sentence, scored);
        }
        Ok(Self {
            by_sentence: group(raw),
        })
    }
}

/// Multiset overlap: gold tokens found among the still unused predicted tokens, which are
/// consumed. Returns the count.
fn overlap<'a>(gold: &[&'a str], predicted: &mut Vec<&'a str>) -> usize {
    let mut matched = 0;
    for g in gold {
        if let Some(i) = predicted.iter().position(|p| p == g) {
            predicted.swap_remove(i);
            matched += 1;
        }
    }
    matched
}

const BE_FORMS: [&str; 8] = ["be", "is", "am", "are", "was", "were", "been", "being"];

/// CaRB's lenient match of already binarised argument lists.
fn lenient(
    gold_rel: &str,
    gold_args: &[String],
    pred_rel: &str,
    pred_args: &[String],
) -> (f64, f64) {
    let gold_words: Vec<&str> = gold_rel.split_whitespace().collect();
    let mut pred_words: Vec<&str> = pred_rel.split_whitespace().collect();
    let mut p_den = pred_words.len();
    let mut r_den = gold_words.len();
    let mut matched = overlap(&gold_words, &mut pred_words);
    if let Some(i) = pred_words.iter().position(|w| *w == "be") {
        if gold_words.iter().any(|w| BE_FORMS.contains(w)) {
            matched += 1;
            pred_words.swap_remove(i);
        }
    }
    if matched == 0 {
        return (0.0, 0.0);
    }
    let mut num = matched;
    for (i, g) in gold_args.iter().enumerate() {
        let gold_words: Vec<&str> = g.split_whitespace().collect();
        r_den += gold_words.len();
        let Some(p) = pred_args.get(i) else {
            return (0.0, 0.0);
        };
        let mut pred_words: Vec<&str> = p.split_whitespace().collect();
        p_den += pred_words.len();
        num += overlap(&gold_words, &mut pred_words);
    }
    let ratio = |n: usize, d: usize| if d == 0 { 0.0 } else { n as f64 / d as f64 };
    (ratio(num, p_den), ratio(num, r_den))
}

fn binarize(args: &[String]) -> Vec<String> {
    if args.len() >= 2 {
        vec![args[0].clone(), args[1..].join(" ")]
    } else {
        args.to_vec()
    }
}

/// Relations whose gold arguments may come in either order (substring test, as CaRB does).
const SAID_TYPE: [&str; 5] = ["said", "told", "added", "adds", "says"];

/// Scores one predicted tuple against one gold tuple: `(precision, recall)` in `[0, 1]`.
#[must_use]
pub fn pair_score(gold: &Tuple, predicted: &Tuple) -> (f64, f64) {
    let g = binarize(&gold.args);
    let p = binarize(&predicted.args);
    let straight = lenient(&gold.relation, &g, &predicted.relation, &p);
    if !SAID_TYPE.iter().any(|s| gold.relation.contains(s)) || p.len() < 2 {
        return straight;
    }
    let swapped = [p[1].clone(), p[0].clone()];
    let reverse = lenient(&gold.relation, &g, &predicted.relation, &swapped);
    // Python's max over [p, r] lists: precision first, recall on a tie.
    if reverse.0 > straight.0 || (reverse.0 == straight.0 && reverse.1 > straight.1) {
        reverse
    } else {
        straight
    }
}

/// One point of the precision/recall curve.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    /// Confidence threshold (predictions with confidence ≥ it count).
    pub confidence: f64,
    /// Precision at the threshold.
    pub precision: f64,
    /// Recall at the threshold.
    pub recall: f64,
}

/// CaRB's figures.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CarbScore {
    /// Area under the (R, P) curve, with an added (0, 1) point, by trapezoids.
    pub auc: f64,
    /// Precision at the threshold with the best F1.
    pub precision: f64,
    /// Recall at the threshold with the best F1.
    pub recall: f64,
    /// The best F1 over thresholds.
    pub f1: f64,
    /// One point per distinct confidence, sorted by recall.
    pub curve: Vec<CurvePoint>,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Scores predictions against gold as CaRB does (see the module docs).
#[must_use]
pub fn score(gold: &Gold, predictions: &Predictions) -> CarbScore {
    let mut thresholds: Vec<f64> = predictions
        .by_sentence
        .values()
        .flat_map(|v| v.iter().map(|s| s.confidence))
        .filter(|c| !c.is_nan())
        .collect();
    thresholds.sort_by(f64::total_cmp);
    thresholds.dedup();
    if thresholds.is_empty() {
        return CarbScore::default();
    }
    let n = thresholds.len();
    let mut p_num = vec![0.0; n];
    let mut p_den = vec![0usize; n];
    let mut r_num = vec![0.0; n];
    for (key, golds) in &gold.by_sentence {
        let Some(preds) = predictions.by_sentence.get(key) else {
            continue;
        };
        let scores: Vec<Vec<(f64, f64)>> = golds
            .iter()
            .map(|g| preds.iter().map(|p| pair_score(g, &p.tuple)).collect())
            .collect();
        let mut confs: Vec<f64> = preds
            .iter()
            .map(|p| p.confidence)
            .filter(|c| !c.is_nan())
            .collect();
        confs.sort_by(f64::total_cmp);
        confs.dedup();
        let mut prev = 0usize;
        for &c in &confs {
            // Index of c among the global thresholds; present by construction.
            let idx = thresholds.partition_point(|t| *t < c);
            let selected: Vec<usize> = (0..preds.len())
                .filter(|&j| preds[j].confidence >= c)
                .collect();
            let recall: f64 = scores
                .iter()
                .map(|row| selected.iter().map(|&j| row[j].1).fold(0.0, f64::max))
                .sum();
            let precision = greedy_precision(&scores, &selected);
            for t in prev..=idx.min(n - 1) {
                p_num[t] += precision;
                p_den[t] += selected.len();
                r_num[t] += recall;
            }
            prev = idx + 1;
        }
    }
    let total = gold.len().max(1) as f64;
    let mut curve: Vec<CurvePoint> = (0..n)
        .map(|t| CurvePoint {
            confidence: thresholds[t],
            precision: if p_den[t] == 0 {
                1.0
            } else {
                p_num[t] / p_den[t] as f64
            },
            recall: r_num[t] / total,
        })
        .collect();
    let mut best = CurvePoint {
        confidence: 0.0,
        precision: 0.0,
        recall: 0.0,
    };
    for pt in &curve {
        if f1(pt.precision, pt.recall) > f1(best.precision, best.recall) {
            best = *pt;
        }
    }
    // Recall never falls as the threshold drops; among equal recalls the higher threshold comes
    // first, which is the order CaRB's curve (by descending confidence) has.
    curve.sort_by(|a, b| {
        a.recall
            .total_cmp(&b.recall)
            .then(b.confidence.total_cmp(&a.confidence))
    });
    let mut auc = 0.0;
    let (mut r0, mut p0) = (0.0, 1.0);
    for pt in &curve {
        auc += (pt.recall - r0) * (pt.precision + p0) / 2.0;
        r0 = pt.recall;
        p0 = pt.precision;
    }
    CarbScore {
        auc,
        precision: best.precision,
        recall: best.recall,
        f1: f1(best.precision, best.recall),
        curve,
    }
}

/// Greedy one-to-one matching by highest precision (first in gold-then-prediction order on ties).
fn greedy_precision(scores: &[Vec<(f64, f64)>], selected: &[usize]) -> f64 {
    let rounds = scores.len().min(selected.len());
    let mut used_rows = vec![false; scores.len()];
    let mut used_cols = vec![false; selected.len()];
    let mut total = 0.0;
    for _ in 0..rounds {
        let mut best: Option<(usize, usize, f64)> = None;
        for (i, row) in scores.iter().enumerate() {
            if used_rows[i] {
                continue;
            }
            for (k, &j) in selected.iter().enumerate() {
                if used_cols[k] {
                    continue;
                }
                if best.is_none_or(|(_, _, p)| row[j].0 > p) {
                    best = Some((i, k, row[j].0));
                }
            }
        }
        if let Some((i, k, p)) = best {
            used_rows[i] = true;
            used_cols[k] = true;
            total += p;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(rel: &str, args: &[&str]) -> Tuple {
        Tuple {
            relation: rel.into(),
            args: args.iter().map(|s| (*s).to_string()).collect(),
        }
    }

    #[test]
    fn relation_must_overlap() {
        assert_eq!(
            pair_score(&t("owns", &["A", "B"]), &t("sells", &["A", "B"])),
            (0.0, 0.0)
        );
    }

    #[test]
    fn be_matches_any_form_of_be() {
        let (p, r) = pair_score(&t("was", &["A", "B"]), &t("be", &["A", "B"]));
        assert_eq!((p, r), (1.0, 1.0));
    }

    #[test]
    fn multiset_overlap_uses_each_token_once() {
        // gold "the the cat" vs predicted "the cat": 2 of 3 gold tokens matched.
        let (p, r) = pair_score(
            &t("saw", &["the the cat", "x"]),
            &t("saw", &["the cat", "x"]),
        );
        assert!((p - 1.0).abs() < 1e-12);
        assert!((r - 4.0 / 5.0).abs() < 1e-12);
    }

    #[test]
    fn binarisation_joins_extra_arguments() {
        let (p, r) = pair_score(
            &t("met", &["A", "B in Paris"]),
            &t("met", &["A", "B", "in Paris"]),
        );
        assert_eq!((p, r), (1.0, 1.0));
    }

    #[test]
    fn missing_argument_scores_zero() {
        assert_eq!(
            pair_score(&t("met", &["A", "B"]), &t("met", &["A"])),
            (0.0, 0.0)
        );
    }

    #[test]
    fn said_type_allows_swapped_arguments() {
        let g = t("said", &["he", "it rains"]);
        let (p, r) = pair_score(&g, &t("said", &["it rains", "he"]));
        assert_eq!((p, r), (1.0, 1.0));
        // Not for other relations.
        let g = t("owns", &["he", "it"]);
        assert!(pair_score(&g, &t("owns", &["it", "he"])).0 < 1.0);
    }

    #[test]
    fn normalization_removes_spaces_and_punctuation() {
        assert_eq!(
            normalize_sentence("a , b -LRB- c -RRB- ."),
            normalize_sentence("a,b(c)")
        );
    }

    #[test]
    fn constant_confidence_auc_is_trapezoid_to_origin() {
        let gold = Gold::read(
            "s1\tmet\tA\tB\ns1\tsaw\tC\tD\ns2\tis\tE\tF\n".as_bytes(),
            "g",
        )
        .unwrap();
        let pred = Predictions::read(
            "s1\t0.5\tmet\tA\tB\ns1\t0.5\tate\tX\tY\ns2\t0.5\tis\tE\tG\n".as_bytes(),
            "p",
        )
        .unwrap();
        let s = score(&gold, &pred);
        // s1: precision greedy = 1 + 0; s2: (1+1+0)/3. P = (1 + 2/3) / 3; R = (1 + 0 + 2/3) / 3.
        let p = (1.0 + 2.0 / 3.0) / 3.0;
        let r = (1.0 + 2.0 / 3.0) / 3.0;
        assert!((s.precision - p).abs() < 1e-12);
        assert!((s.recall - r).abs() < 1e-12);
        assert!((s.auc - r * (1.0 + p) / 2.0).abs() < 1e-12);
    }

    #[test]
    fn thresholds_trace_the_curve() {
        let gold = Gold::read("s\tmet\tA\tB\ns\tsaw\tC\tD\n".as_bytes(), "g").unwrap();
        let pred =
            Predictions::read("s\t0.9\tmet\tA\tB\ns\t0.1\tate\tX\tY\n".as_bytes(), "p").unwrap();
        let s = score(&gold, &pred);
        // At 0.9: P 1, R 0.5. At 0.1: P 0.5, R 0.5. Best F1 at 0.9.
        assert_eq!(s.curve.len(), 2);
        assert!((s.precision - 1.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
        // Sorted by recall (a tie), area = 0.5 * (1 + 1) / 2 + 0.
        assert!((s.auc - 0.5).abs() < 1e-12);
    }

    #[test]
    fn empty_predictions_score_zero() {
        let gold = Gold::read("s\tmet\tA\tB\n".as_bytes(), "g").unwrap();
        let s = score(&gold, &Predictions::default());
        assert_eq!((s.auc, s.precision, s.recall, s.f1), (0.0, 0.0, 0.0, 0.0));
    }

    #[test]
    fn bad_confidence_names_the_line() {
        let err = Predictions::read("\ns\tx\tmet\tA\tB\n".as_bytes(), "p.tsv").unwrap_err();
        assert!(err.to_string().starts_with("p.tsv:2:"), "{err}");
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `eval::carb`.
    #[test]
    fn doc_carb() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::carb::{score, Gold, Predictions};
        let gold = Gold::read("s .\tis\tA\tB\n".as_bytes(), "gold")?;
        let pred = Predictions::read("s .\t0.9\tis\tA\tB\n".as_bytes(), "pred")?;
        let s = score(&gold, &pred);
        assert!((s.f1 - 1.0).abs() < 1e-9);
        Ok(())
    }

    /// Example of `eval::carb::normalize_sentence`.
    #[test]
    fn doc_carb_normalize_sentence() -> Result<(), Box<dyn std::error::Error>> {
        assert_eq!(
            crate::eval::carb::normalize_sentence("Bush 's -LRB- x -RRB- ."),
            "Bushsx"
        );
        Ok(())
    }

    /// Example of `eval::carb::pair_score`.
    #[test]
    fn doc_carb_pair_score() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::carb::{pair_score, Tuple};
        let t = |r: &str, a: &[&str]| Tuple {
            relation: r.into(),
            args: a.iter().map(|s| s.to_string()).collect(),
        };
        let (p, r) = pair_score(
            &t("is", &["Paris", "a city"]),
            &t("be", &["Paris", "a big city"]),
        );
        assert_eq!((p, r), (4.0 / 5.0, 1.0));
        Ok(())
    }
}
