//! Entity recognition scores, CoNLL style: a predicted span counts only when its
//! tokens and its type both match a gold span exactly.

use crate::document::Document;
use crate::nlp::ner::{EntityRecognizer, TYPES};
use std::ops::Range;

/// True and false positives and false negatives of one type or overall.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted spans that match a gold span.
    pub tp: usize,
    /// Predicted spans that match none.
    pub fp: usize,
    /// Gold spans not predicted.
    pub fn_: usize,
}

impl Counts {
    /// tp / (tp + fp); 0 when nothing was predicted.
    #[must_use]
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    /// tp / (tp + fn); 0 when there is no gold span.
    #[must_use]
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    /// Harmonic mean of precision and recall.
    #[must_use]
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Counts per type (indexed like [`TYPES`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Scores {
    /// Per type.
    pub per_type: [Counts; 3],
}

impl Scores {
    /// Adds one sentence: gold and predicted spans with type indices.
    pub fn add(&mut self, gold: &[(Range<usize>, usize)], predicted: &[(Range<usize>, usize)]) {
        for p in predicted {
            if p.1 >= 3 {
                continue;
            }
            if gold.contains(p) {
                self.per_type[p.1].tp += 1;
            } else {
                self.per_type[p.1].fp += 1;
            }
        }
        for g in gold {
            if g.1 < 3 && !predicted.contains(g) {
                self.per_type[g.1].fn_ += 1;
            }
        }
    }

    /// All types together (micro average).
    #[must_use]
    pub fn total(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.per_type {
            c.tp += t.tp;
            c.fp += t.fp;
            c.fn_ += t.fn_;
        }
        c
    }
}

/// CPU time of the calling thread in seconds, from `/proc/thread-self/schedstat`
/// (Linux); `None` elsewhere. Speed is measured in CPU time rather than wall time
/// so that a busy machine does not make the recognizer look slow.
#[must_use]
pub fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Runs the recognizer over `docs` and scores it against `gold` (one span list
/// per sentence, documents in order). Returns the scores and the seconds spent
/// recognizing (CPU time of this thread where the platform reports it, else wall time).
#[must_use]
pub fn evaluate(
    ner: &EntityRecognizer,
    docs: &mut [Document],
    gold: &[Vec<(Range<usize>, usize)>],
) -> (Scores, f64) {
    let start = std::time::Instant::now();
    let cpu_start = thread_cpu_seconds();
    for d in docs.iter_mut() {
        ner.recognize(d);
    }
    let secs = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    let mut scores = Scores::default();
    let mut g = gold.iter();
    for d in docs.iter() {
        for s in &d.sentences {
            let pred = crate::nlp::ner::entity_spans(s);
            let empty = Vec::new();
            scores.add(g.next().unwrap_or(&empty), &pred);
        }
    }
    (scores, secs)
}

/// Type names for per-type metric lines (`f1_per`, …).
#[must_use]
pub fn type_names() -> [&'static str; 3] {
    let _ = TYPES;
    ["per", "org", "loc"]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_span_and_type() {
        let mut s = Scores::default();
        // Right span, wrong type: one fp (ORG) and one fn (PER).
        s.add(&[(0..2, 0)], &[(0..2, 1)]);
        assert_eq!(
            s.per_type[0],
            Counts {
                tp: 0,
                fp: 0,
                fn_: 1
            }
        );
        assert_eq!(
            s.per_type[1],
            Counts {
                tp: 0,
                fp: 1,
                fn_: 0
            }
        );
        s.add(&[(1..3, 2)], &[(1..3, 2)]);
        assert_eq!(
            s.total(),
            Counts {
                tp: 1,
                fp: 1,
                fn_: 1
            }
        );
        assert!((s.total().precision() - 0.5).abs() < 1e-12);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `eval::ner`.
    #[test]
    fn doc_ner() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::ner::Scores;

        let mut s = Scores::default();
        s.add(&[(0..2, 0), (3..4, 2)], &[(0..2, 0), (3..5, 2)]);
        assert_eq!(s.total().tp, 1);
        assert!((s.total().f1() - 0.5).abs() < 1e-9);
        Ok(())
    }
}
