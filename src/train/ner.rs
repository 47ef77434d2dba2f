//! Training the entity recognizer (`kg train ner`).
//!
//! Greedy averaged-perceptron training (Collins 2002) on IOB2 documents: each
//! token is labelled left to right with the features of
//! [`crate::nlp::ner`], the previous-label features and the document history
//! coming from the model's own predictions (so that training sees what
//! inference sees), and the weights are updated whenever the predicted label
//! differs from the gold one. Each document is trained on twice per epoch, as
//! inference runs: a first pass, then a second one whose features include the
//! first pass's labels of the same words elsewhere in the document
//! ([`DocLabels`]). Training decodes greedily in both passes (the beam of the
//! second pass is used at inference only). Documents are visited in a fresh order each
//! epoch, drawn from a fixed-seed generator: the same data and options give the
//! same model file, byte for byte.

use crate::document::Document;
use crate::eval::ner::Scores;
use crate::nlp::ner::{
    best_label, labels_to_spans, spans_to_labels, training::Extractor, DocContext, DocLabels,
    EntityRecognizer, History, Label, NerModel, N_LABELS,
};
use crate::nlp::perceptron::{FeatureMap, Perceptron, Trainer};
use std::collections::HashMap;
use std::ops::Range;

/// Training options.
#[derive(Debug, Clone)]
pub struct Options {
    /// Passes over the training data.
    pub epochs: usize,
    /// Seed of the document order.
    pub seed: u64,
    /// Averaged weights with absolute value at most this are dropped.
    pub prune: f32,
    /// Probability (per mille) of hiding a token's word identity in training.
    pub word_dropout: u32,
    /// Number of models trained with seeds `seed`, `seed + 1`, … and averaged.
    pub ensemble: usize,
    /// Probability (per mille) of hiding a training sentence's POS tags, so
    /// that the model also works on untagged text and leans less on the tags.
    pub tag_dropout: u32,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            epochs: 10,
            seed: 7,
            prune: 0.0,
            word_dropout: 0,
            ensemble: 1,
            tag_dropout: 0,
        }
    }
}

/// A document with its gold spans per sentence.
#[derive(Debug, Clone)]
pub struct GoldDocument {
    /// Tokens (with tags when available).
    pub doc: Document,
    /// Gold spans per sentence, type index into [`crate::nlp::ner::TYPES`].
    pub spans: Vec<Vec<(Range<usize>, usize)>>,
}

/// A small deterministic generator (xorshift64*), enough for shuffling.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Trains a model: `options.ensemble` perceptrons with consecutive seeds,
/// averaged into one. `report` is called after each epoch of each run with the
/// epoch number and the frozen model of that epoch (to score it on held-out data).
pub fn train(
    data: &[GoldDocument],
    options: &Options,
    mut report: impl FnMut(usize, &EntityRecognizer),
) -> NerModel {
    let common_words = crate::nlp::ner::common_words(data.iter().map(|g| &g.doc));
    let common: FeatureMap<()> = common_words.iter().map(|&h| (h, ())).collect();
    let runs: Vec<Perceptron> = (0..options.ensemble.max(1) as u64)
        .map(|k| {
            let opts = Options {
                seed: options.seed + k,
                ..options.clone()
            };
            train_one(data, &opts, &common_words, &common, &mut report)
        })
        .collect();
    NerModel::new(&Perceptron::mean(&runs).unwrap_or_default(), common_words)
}

fn train_one(
    data: &[GoldDocument],
    options: &Options,
    common_words: &[u64],
    common: &FeatureMap<()>,
    mut report: impl FnMut(usize, &EntityRecognizer),
) -> Perceptron {
    let mut trainer = Trainer::new(N_LABELS);
    let mut rng = Rng(options.seed.max(1).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut order: Vec<usize> = (0..data.len()).collect();
    for epoch in 0..options.epochs {
        rng.shuffle(&mut order);
        for &di in &order {
            let gd = &data[di];
            let ctx = DocContext::new(&gd.doc);
            let first = train_pass(&mut trainer, &mut rng, options, gd, &ctx, common, None);
            let labels = DocLabels::new(&gd.doc, &first);
            train_pass(
                &mut trainer,
                &mut rng,
                options,
                gd,
                &ctx,
                common,
                Some(&labels),
            );
        }
        let model = NerModel::new(&trainer.finish(options.prune), common_words.to_vec());
        if let Ok(ner) = EntityRecognizer::from_model(model) {
            report(epoch + 1, &ner);
        }
    }
    trainer.finish(options.prune)
}

/// One greedy pass over a document, updating the weights; returns the labels chosen.
fn train_pass(
    trainer: &mut Trainer,
    rng: &mut Rng,
    options: &Options,
    gd: &GoldDocument,
    ctx: &DocContext,
    common: &FeatureMap<()>,
    full: Option<&DocLabels>,
) -> Vec<Vec<Label>> {
    let mut feats = Vec::with_capacity(128);
    let mut scores = [0f32; N_LABELS];
    let mut history = History::default();
    let mut out = Vec::with_capacity(gd.doc.sentences.len());
    for (si, (s, gold_spans)) in gd.doc.sentences.iter().zip(&gd.spans).enumerate() {
        let toks = gd.doc.sentence_tokens(s);
        let gold = spans_to_labels(toks.len(), gold_spans);
        let hidden: Vec<crate::document::Token>;
        let toks = if options.tag_dropout > 0 && rng.next() % 1000 < u64::from(options.tag_dropout)
        {
            hidden = toks
                .iter()
                .map(|t| crate::document::Token {
                    upos: crate::document::Upos::X,
                    xpos: String::new(),
                    ..t.clone()
                })
                .collect();
            &hidden[..]
        } else {
            toks
        };
        let mut ex = Extractor::new(toks, ctx, &history, common);
        if let Some(f) = full {
            ex.set_doc_labels(f, si, toks);
        }
        if options.word_dropout > 0 {
            let mask: Vec<bool> = toks
                .iter()
                .map(|_| rng.next() % 1000 < u64::from(options.word_dropout))
                .collect();
            ex.drop_words(&mask);
        }
        let mut labels: Vec<Label> = Vec::with_capacity(toks.len());
        for (i, gold_label) in gold.iter().enumerate() {
            feats.clear();
            ex.features(i, &labels, &mut feats);
            scores.fill(0.0);
            trainer.score_into(&feats, &mut scores);
            let best = best_label(&scores, labels.last().copied(), i + 1 == toks.len());
            trainer.update(&feats, usize::from(gold_label.0), usize::from(best.0));
            trainer.tick();
            labels.push(best);
        }
        history.record(toks, &labels);
        out.push(labels);
    }
    out
}

/// Scores a recognizer's model labels (PER/ORG/LOC only) on gold documents.
#[must_use]
pub fn score(ner: &EntityRecognizer, data: &[GoldDocument]) -> Scores {
    let mut scores = Scores::default();
    for gd in data {
        let labels = ner.label_document(&gd.doc);
        for (l, g) in labels.iter().zip(&gd.spans) {
            scores.add(g, &labels_to_spans(l));
        }
    }
    scores
}

/// Groups IOB2 sentences into documents with their gold spans, joining POS
/// tags by sentence id (see [`crate::nlp::ner::iob2_documents`]).
#[must_use]
pub fn gold_documents(
    sentences: &[crate::nlp::ner::Iob2Sentence],
    tags: &HashMap<String, Vec<(crate::document::Upos, String, String)>>,
) -> Vec<GoldDocument> {
    let docs = crate::nlp::ner::iob2_documents(sentences, tags);
    let mut spans = sentences.iter().map(|s| s.spans.clone());
    docs.into_iter()
        .map(|doc| {
            let spans = (0..doc.sentences.len())
                .map(|_| spans.next().unwrap_or_default())
                .collect();
            GoldDocument { doc, spans }
        })
        .collect()
}
