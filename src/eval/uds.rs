//! Reader for UDS-IH2 event factuality (Universal Decompositional Semantics, "It Happened"
//! v2; Rudinger, White and Van Durme 2018), aligned to the UD English EWT treebank.
//!
//! The release (see `../shared/data/uds-factuality/PROVENANCE.md`) keys each predicate as
//! `ewt-<split>-<n>-semantics-pred-<k>`: sentence `ewt-<split>-<n>` is mapped to the EWT
//! `# sent_id` by `ud_ids.json`, and `k` is the 1-based index of the predicate's head word
//! in that sentence. [`read_split`] joins the normalised values
//! (`factuality-normalized.json`, one value per predicate, `> 0` happened) to the
//! sentences of the CoNLL-U split and returns them in treebank order.
//!
//! The data is licensed CC BY-SA 4.0; nothing of it is stored in kg.

use crate::formats::conllu::{self, ConlluSentence};
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// One annotated predicate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Predicate {
    /// 0-based word index in the sentence.
    pub word: usize,
    /// The normalised factuality value (`> 0`: the author says it happened).
    pub value: f32,
}

/// A treebank sentence with its annotated predicates (sorted by word).
#[derive(Debug, Clone)]
pub struct UdsSentence {
    /// The gold CoNLL-U sentence (only its forms should be given to the system).
    pub sentence: ConlluSentence,
    /// Annotated predicates of the sentence.
    pub predicates: Vec<Predicate>,
}

/// What [`read_split`] could not align.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlignmentReport {
    /// Predicates read for the split.
    pub predicates: usize,
    /// Predicates whose sentence id is not in the treebank.
    pub missing_sentence: usize,
    /// Predicates whose word index is past the end of the sentence.
    pub out_of_range: usize,
}

/// Errors reading the UDS files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum UdsError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A file is not the JSON expected.
    #[error("{path}: {message}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The treebank does not read.
    #[error(transparent)]
    Conllu(#[from] conllu::ConlluError),
}

fn read_json(path: &Path) -> Result<Value, UdsError> {
    let text = std::fs::read_to_string(path).map_err(|source| UdsError::Io {
        path: path.display().to_string(),
        source,
    })?;
    serde_json::from_str(&text).map_err(|e| UdsError::Format {
        path: path.display().to_string(),
        message: e.to_string(),
    })
}

/// Reads the annotated predicates of one split (`train`, `dev` or `test`):
/// `uds_dir` holds `factuality-normalized.json` and `ud_ids.json`, `treebank_dir`
/// holds `en_ewt-ud-<split>.conllu`. Sentences without a predicate are left out.
///
/// # Errors
/// When a file is missing or malformed.
pub fn read_split(
    uds_dir: &Path,
    treebank_dir: &Path,
    split: &str,
) -> Result<(Vec<UdsSentence>, AlignmentReport), UdsError> {
    let values_path = uds_dir.join("factuality-normalized.json");
    let values = read_json(&values_path)?;
    let ids_path = uds_dir.join("ud_ids.json");
    let ids = read_json(&ids_path)?;
    let data = values
        .get("data")
        .and_then(Value::as_object)
        .ok_or_else(|| UdsError::Format {
            path: values_path.display().to_string(),
            message: "no \"data\" object".into(),
        })?;
    let prefix = format!("ewt-{split}-");
    let mut report = AlignmentReport::default();
    // sent_id -> [(word, value)]
    let mut by_id: HashMap<String, Vec<Predicate>> = HashMap::new();
    let mut missing_ids = 0usize;
    for (key, preds) in data {
        if !key.starts_with(&prefix) {
            continue;
        }
        let Some(preds) = preds.as_object() else {
            continue;
        };
        let sent_id = ids
            .get(key)
            .and_then(|e| e.get("sentence_id"))
            .and_then(Value::as_str);
        for (pred_key, ann) in preds {
            let value = ann
                .pointer("/factuality/factual/value")
                .and_then(Value::as_f64);
            let index = pred_key
                .rsplit_once("-pred-")
                .and_then(|(_, k)| k.parse::<usize>().ok());
            let (Some(value), Some(index)) = (value, index) else {
                continue;
            };
            report.predicates += 1;
            let Some(sent_id) = sent_id else {
                missing_ids += 1;
                continue;
            };
            if index == 0 {
                report.out_of_range += 1;
                continue;
            }
            by_id
                .entry(sent_id.to_string())
                .or_default()
                .push(Predicate {
                    word: index - 1,
                    value: value as f32,
                });
        }
    }
    let conllu_path = treebank_dir.join(format!("en_ewt-ud-{split}.conllu"));
    let gold = conllu::read_path(&conllu_path)?;
    let mut out = Vec::new();
    for sentence in gold {
        let Some(id) = &sentence.id else { continue };
        let Some(mut preds) = by_id.remove(id) else {
            continue;
        };
        let n = preds.len();
        preds.retain(|p| p.word < sentence.words.len());
        report.out_of_range += n - preds.len();
        preds.sort_by_key(|p| p.word);
        preds.dedup_by_key(|p| p.word);
        if !preds.is_empty() {
            out.push(UdsSentence {
                sentence,
                predicates: preds,
            });
        }
    }
    report.missing_sentence = missing_ids + by_id.values().map(Vec::len).sum::<usize>();
    Ok((out, report))
}

/// Lays the gold sentences out as one [`Document`](crate::document::Document) (gold
/// tokenisation, [`conllu::to_document`]), strips every gold annotation and runs kg's
/// tagger, lemmatizer and parser on it, as `kg eval ud` does: the factuality features
/// then come from kg's own analysis, as at run time.
#[must_use]
pub fn analyze(
    sentences: &[UdsSentence],
    pipeline: &crate::nlp::pipeline::Pipeline,
) -> crate::document::Document {
    let gold: Vec<ConlluSentence> = sentences.iter().map(|s| s.sentence.clone()).collect();
    let mut doc = conllu::to_document("uds", &gold);
    for t in &mut doc.tokens {
        *t = crate::document::Token {
            form: std::mem::take(&mut t.form),
            span: t.span,
            space_after: t.space_after,
            ..crate::document::Token::default()
        };
    }
    let pipeline = pipeline.clone().with_stages(crate::nlp::pipeline::Stages {
        tag: true,
        parse: true,
        entities: false,
        coreference: false,
    });
    pipeline.analyze_tokens(&mut doc);
    doc
}

/// Figures of a factuality model against gold values.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
#[non_exhaustive]
pub struct FactualityScores {
    /// Predicates scored.
    pub predicates: usize,
    /// Pearson correlation of predicted and gold values.
    pub pearson: f64,
    /// Mean absolute error.
    pub mae: f64,
    /// Percent of predicates whose predicted sign agrees with the gold sign; a
    /// prediction of exactly 0 counts as non-factual (gold values are never 0).
    pub accuracy: f64,
    /// F1 (percent) of the non-factual class: gold value < 0, predicted value ≤ 0.
    pub f1_nonfactual: f64,
    /// Document tokens per second through [`crate::nlp::factuality::Factuality::predicates`]
    /// (every predicate of the split; thread CPU time; tagging and parsing not included).
    pub tokens_per_sec: f64,
}

impl FactualityScores {
    /// The metrics as (name, value), in the order `kg eval factuality` prints them.
    #[must_use]
    pub fn metrics(&self) -> Vec<(&'static str, f64)> {
        vec![
            ("pearson", self.pearson),
            ("mae", self.mae),
            ("accuracy", self.accuracy),
            ("f1_nonfactual", self.f1_nonfactual),
            ("tokens_per_sec", self.tokens_per_sec),
            ("predicates", self.predicates as f64),
        ]
    }

    /// Scores (predicted, gold) pairs; `tokens_per_sec` is left at 0.
    #[must_use]
    pub fn from_pairs(pairs: &[(f32, f32)]) -> Self {
        let n = pairs.len();
        if n == 0 {
            return Self::default();
        }
        let nf = n as f64;
        let (mut sp, mut sg) = (0.0f64, 0.0f64);
        for &(p, g) in pairs {
            sp += f64::from(p);
            sg += f64::from(g);
        }
        let (mp, mg) = (sp / nf, sg / nf);
        let (mut cov, mut vp, mut vg, mut abs) = (0.0, 0.0, 0.0, 0.0);
        let (mut agree, mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize, 0usize);
        for &(p, g) in pairs {
            let (p, g) = (f64::from(p), f64::from(g));
            cov += (p - mp) * (g - mg);
            vp += (p - mp) * (p - mp);
            vg += (g - mg) * (g - mg);
            abs += (p - g).abs();
            let (pf, gf) = (p > 0.0, g > 0.0);
            agree += usize::from(pf == gf);
            match (pf, gf) {
                (false, false) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fn_ += 1,
                (true, true) => {}
            }
        }
        let f1 = if tp == 0 {
            0.0
        } else {
            200.0 * tp as f64 / (2 * tp + fp + fn_) as f64
        };
        Self {
            predicates: n,
            pearson: if vp > 0.0 && vg > 0.0 {
                cov / (vp.sqrt() * vg.sqrt())
            } else {
                0.0
            },
            mae: abs / nf,
            accuracy: 100.0 * agree as f64 / nf,
            f1_nonfactual: f1,
            tokens_per_sec: 0.0,
        }
    }
}

/// Scores `model` on the annotated predicates of `sentences`, analysed as `doc`
/// (from [`analyze`]).
#[must_use]
pub fn score(
    model: &crate::nlp::factuality::Factuality,
    sentences: &[UdsSentence],
    doc: &crate::document::Document,
) -> FactualityScores {
    let mut pairs = Vec::new();
    for (s, us) in sentences.iter().enumerate() {
        for p in &us.predicates {
            pairs.push((model.predict(doc, s, p.word), p.value));
        }
    }
    let mut scores = FactualityScores::from_pairs(&pairs);
    let mut annotated = doc.clone();
    let clock = crate::eval::ud::CpuClock::start();
    model.annotate(&mut annotated);
    let seconds = clock.seconds();
    std::hint::black_box(&annotated);
    scores.tokens_per_sec = doc.tokens.len() as f64 / seconds.max(1e-9);
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_on_pairs() {
        let s = FactualityScores::from_pairs(&[(1.0, 1.0), (-1.0, -2.0), (0.0, -1.0), (1.0, -1.0)]);
        assert_eq!(s.predicates, 4);
        assert!((s.accuracy - 75.0).abs() < 1e-9);
        // Non-factual gold: 3; predicted non-factual: 2, both right.
        assert!((s.f1_nonfactual - 80.0).abs() < 1e-9);
        assert!((s.mae - 1.0).abs() < 1e-9);
        assert!(s.pearson > 0.0 && s.pearson <= 1.0);
        assert_eq!(FactualityScores::from_pairs(&[]).predicates, 0);
    }
}
