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
//! ([`DocLabels`]). By default training decodes greedily in both passes (the
//! beam of the second pass is used at inference only). With [`Search::MaxViolation`]
//! (or [`Search::Early`]) a pass is trained as a structured perceptron instead:
//! each sentence is decoded with a beam over raw scores and one update is made
//! on the prefix where the best path beats the gold path by most (Huang, Fayong
//! and Guo, NAACL 2012) or where the gold path leaves the beam (Collins and
//! Roark, ACL 2004); the model then decodes that pass with the same beam on raw
//! scores ([`Decoding`]). Documents are visited in a fresh order each
//! epoch, drawn from a fixed-seed generator: the same data and options give the
//! same model file, byte for byte.

use crate::document::Document;
use crate::document::Token;
use crate::eval::ner::Scores;
use crate::hashing::FeatureMap;
use crate::nlp::ner::SentenceFeatures;
use crate::nlp::ner::{
    best_label, labels_to_spans, spans_to_labels, Decoding, DocContext, DocLabels,
    EntityRecognizer, History, Label, NerModel, N_LABELS,
};
use crate::nlp::perceptron::Perceptron;
use crate::train::perceptron::Trainer;
use std::collections::HashMap;
use std::ops::Range;

/// Per-sentence feature extractor handle: the features inference computes
/// (`nlp::ner`), so that training and inference see exactly the same ones.
struct Extractor(SentenceFeatures);

impl Extractor {
    /// Precomputes the per-token parts of a sentence.
    #[must_use]
    fn new(toks: &[Token], ctx: &DocContext, history: &History, common: &FeatureMap<()>) -> Self {
        Self(SentenceFeatures::new(toks, ctx, history, common))
    }

    /// Sets the second-pass features (see [`DocLabels`]).
    fn set_doc_labels(&mut self, labels: &DocLabels, si: usize, toks: &[Token]) {
        self.0.set_doc_labels(labels, si, toks);
    }

    /// Masks the lexical identity of some tokens (word dropout).
    fn drop_words(&mut self, mask: &[bool]) {
        self.0.drop_words(mask);
    }

    /// Features of token `i` given the labels before it.
    fn features(&self, i: usize, labels: &[Label], out: &mut Vec<u64>) {
        self.0.features(i, labels, out);
    }

    /// The features of token `i` that do not depend on the labels of
    /// its sentence (what a beam scores once per token).
    fn base_features(&self, i: usize, out: &mut Vec<u64>) {
        self.0.static_features(i, out);
        self.0.context_features(i, out);
    }

    /// The features of token `i` that depend on the two labels before it
    /// (`None` at the start of the sentence).
    fn label_features(&self, i: usize, p1: Option<Label>, p2: Option<Label>, out: &mut Vec<u64>) {
        self.0.label_features(
            i,
            p1.map_or(99, |l| u32::from(l.0)),
            p2.map_or(99, |l| u32::from(l.0)),
            out,
        );
    }
}

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
    /// How the second pass is trained (greedy per-token updates, or a beam
    /// over the sentence with a structured update).
    pub search: Search,
    /// Train the first pass with `search` too (else greedily).
    pub search_first: bool,
    /// Width of the training beam.
    pub beam: usize,
}

/// How a pass is trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Search {
    /// Left to right, one perceptron update per wrongly labelled token.
    #[default]
    Greedy,
    /// Beam search over the sentence on raw scores; update on the prefix
    /// where the gold path falls out of the beam (Collins & Roark 2004).
    Early,
    /// Beam search over the sentence; update on the prefix where the best
    /// path beats the gold one by most (Huang, Fayong & Guo 2012).
    MaxViolation,
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
            search: Search::Greedy,
            search_first: false,
            beam: crate::nlp::ner::BEAM,
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
    let mut model = NerModel::new(&Perceptron::mean(&runs).unwrap_or_default(), common_words);
    model.decoding = decoding(options);
    model
}

/// Decoding that matches the training: a pass trained with a beam is
/// decoded with a beam of the same width over raw scores.
fn decoding(options: &Options) -> Decoding {
    if options.search == Search::Greedy {
        return Decoding::GREEDY_TRAINED;
    }
    let width = u8::try_from(options.beam.max(1)).unwrap_or(u8::MAX);
    Decoding {
        first_beam: if options.search_first { width } else { 1 },
        second_beam: width,
        raw: true,
    }
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
            let first = train_pass(
                &mut trainer,
                &mut rng,
                options,
                gd,
                &ctx,
                common,
                None,
                if options.search_first {
                    options.search
                } else {
                    Search::Greedy
                },
            );
            let labels = DocLabels::new(&gd.doc, &first);
            train_pass(
                &mut trainer,
                &mut rng,
                options,
                gd,
                &ctx,
                common,
                Some(&labels),
                options.search,
            );
        }
        let mut model = NerModel::new(&trainer.finish(options.prune), common_words.to_vec());
        model.decoding = decoding(options);
        if let Ok(ner) = EntityRecognizer::from_model(model) {
            report(epoch + 1, &ner);
        }
    }
    trainer.finish(options.prune)
}

/// One pass over a document, updating the weights; returns the labels chosen.
#[allow(clippy::too_many_arguments)]
fn train_pass(
    trainer: &mut Trainer,
    rng: &mut Rng,
    options: &Options,
    gd: &GoldDocument,
    ctx: &DocContext,
    common: &FeatureMap<()>,
    full: Option<&DocLabels>,
    search: Search,
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
        if search != Search::Greedy {
            let labels = beam_sentence(trainer, &ex, &gold, options.beam, search);
            history.record(toks, &labels);
            out.push(labels);
            continue;
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

/// A path of the training beam: its raw score, its last two labels, its
/// index in the previous step and whether it is the gold path so far.
#[derive(Clone, Copy)]
struct Path {
    score: f32,
    p1: Option<Label>,
    p2: Option<Label>,
    parent: usize,
    gold: bool,
}

/// Decodes a sentence with a beam of `width` paths over raw scores (the
/// states are the last two labels, as at inference), then makes one
/// structured perceptron update on a prefix: where the gold path fell out of
/// the beam (early update) or where the best path beats it by most
/// (max-violation). Returns the best full path (the labels later sentences
/// and the second pass see, as at inference).
fn beam_sentence(
    trainer: &mut Trainer,
    ex: &Extractor,
    gold: &[Label],
    width: usize,
    search: Search,
) -> Vec<Label> {
    let n = gold.len();
    let width = width.max(1);
    let mut feats = Vec::with_capacity(128);
    let mut steps: Vec<Vec<(Path, Label)>> = Vec::with_capacity(n);
    let mut beam = vec![Path {
        score: 0.0,
        p1: None,
        p2: None,
        parent: 0,
        gold: true,
    }];
    let mut gold_score = 0f32;
    // Per step: (best score, gold score, gold still in the beam).
    let mut trace: Vec<(f32, f32, bool)> = Vec::with_capacity(n);
    let mut cand: Vec<(f32, Label, usize)> = Vec::new();
    for i in 0..n {
        let last = i + 1 == n;
        let mut base = [0f32; N_LABELS];
        feats.clear();
        ex.base_features(i, &mut feats);
        trainer.score_into(&feats, &mut base);
        cand.clear();
        for (bi, p) in beam.iter().enumerate() {
            let mut scores = base;
            feats.clear();
            ex.label_features(i, p.p1, p.p2, &mut feats);
            trainer.score_into(&feats, &mut scores);
            for (c, &sc) in scores.iter().enumerate() {
                let l = Label(c as u8);
                if l.may_follow(p.p1) && !(last && l.opens()) {
                    cand.push((p.score + sc, l, bi));
                }
            }
        }
        {
            let g1 = i.checked_sub(1).map(|k| gold[k]);
            let g2 = i.checked_sub(2).map(|k| gold[k]);
            let mut scores = base;
            feats.clear();
            ex.label_features(i, g1, g2, &mut feats);
            trainer.score_into(&feats, &mut scores);
            gold_score += scores[usize::from(gold[i].0)];
        }
        cand.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        let mut next: Vec<Path> = Vec::with_capacity(width);
        let mut step = Vec::with_capacity(width);
        for &(sc, l, parent) in &cand {
            let p1 = beam[parent].p1;
            if next.iter().any(|q| q.p1 == Some(l) && q.p2 == p1) {
                continue;
            }
            let path = Path {
                score: sc,
                p1: Some(l),
                p2: p1,
                parent,
                gold: beam[parent].gold && l == gold[i],
            };
            next.push(path);
            step.push((path, l));
            if next.len() == width {
                break;
            }
        }
        let in_beam = next.iter().any(|p| p.gold);
        trace.push((next.first().map_or(0.0, |p| p.score), gold_score, in_beam));
        steps.push(step);
        beam = next;
    }
    let backtrack = |i: usize, mut k: usize| -> Vec<Label> {
        let mut labels = vec![Label::O; i + 1];
        for j in (0..=i).rev() {
            let (p, l) = steps[j][k];
            labels[j] = l;
            k = p.parent;
        }
        labels
    };
    let best = if n == 0 {
        Vec::new()
    } else {
        backtrack(n - 1, 0)
    };
    // The step whose prefix is updated.
    let at = match search {
        Search::Greedy => None,
        Search::Early => trace
            .iter()
            .position(|t| !t.2)
            .or_else(|| (best != gold).then(|| n - 1)),
        Search::MaxViolation => {
            let mut at = None;
            let mut most = 0f32;
            for (i, t) in trace.iter().enumerate() {
                // A step where the best path is the gold one is no violation.
                if steps[i].first().is_some_and(|s| s.0.gold) {
                    continue;
                }
                let v = t.0 - t.1;
                if at.is_none() || v > most {
                    most = v;
                    at = Some(i);
                }
            }
            at
        }
    };
    if let Some(at) = at {
        let pred = backtrack(at, 0);
        for j in 0..=at {
            let (g1, g2) = (
                j.checked_sub(1).map(|k| gold[k]),
                j.checked_sub(2).map(|k| gold[k]),
            );
            let (q1, q2) = (
                j.checked_sub(1).map(|k| pred[k]),
                j.checked_sub(2).map(|k| pred[k]),
            );
            if gold[j] == pred[j] && g1 == q1 && g2 == q2 {
                continue;
            }
            feats.clear();
            ex.base_features(j, &mut feats);
            let nb = feats.len();
            ex.label_features(j, g1, g2, &mut feats);
            trainer.add(&feats, usize::from(gold[j].0), 1.0);
            feats.truncate(nb);
            ex.label_features(j, q1, q2, &mut feats);
            trainer.add(&feats, usize::from(pred[j].0), -1.0);
        }
    }
    for _ in 0..n {
        trainer.tick();
    }
    best
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
/// tags by sentence id (see [`crate::formats::iob2::iob2_documents`]).
#[must_use]
pub fn gold_documents(
    sentences: &[crate::formats::iob2::Iob2Sentence],
    tags: &HashMap<String, Vec<(crate::document::Upos, String, String)>>,
) -> Vec<GoldDocument> {
    let docs = crate::formats::iob2::iob2_documents(sentences, tags);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::iob2::read_iob2;

    const DATA: &str = "# newdoc id = d1\n# sent_id = s1\n1\tJohn\tB-PER\n2\tSmith\tI-PER\n3\tvisited\tO\n4\tParis\tB-LOC\n5\t.\tO\n\n# sent_id = s2\n1\tThe\tO\n2\tUnited\tB-ORG\n3\tNations\tI-ORG\n4\tmet\tO\n5\tin\tO\n6\tGeneva\tB-LOC\n7\t.\tO\n\n# newdoc id = d2\n# sent_id = s3\n1\tMary\tB-PER\n2\tJones\tI-PER\n3\tjoined\tO\n4\tAcme\tB-ORG\n5\tCorp\tI-ORG\n6\tin\tO\n7\tBerlin\tB-LOC\n8\t.\tO\n\n";

    fn data() -> Vec<GoldDocument> {
        let sentences = read_iob2(DATA, "test").expect("valid IOB2");
        gold_documents(&sentences, &HashMap::new())
    }

    #[test]
    fn beam_training_fits_the_data_and_is_deterministic() {
        let data = data();
        for search in [Search::Early, Search::MaxViolation] {
            let options = Options {
                epochs: 20,
                search,
                search_first: true,
                ..Options::default()
            };
            let a = train(&data, &options, |_, _| {});
            let b = train(&data, &options, |_, _| {});
            let bytes = |m: &NerModel| postcard::to_allocvec(m).expect("serialises");
            assert_eq!(bytes(&a), bytes(&b), "{search:?}: same data, same model");
            let ner = EntityRecognizer::from_model(a).expect("valid model");
            let f1 = score(&ner, &data).total().f1();
            assert!(f1 > 0.99, "{search:?}: training data F1 {f1}");
        }
    }

    #[test]
    fn max_violation_updates_only_when_the_gold_path_loses() {
        // With a model that already labels the sentence right, the beam
        // finds the gold path and no weight moves.
        let data = data();
        let gd = &data[0];
        let ctx = DocContext::new(&gd.doc);
        let common = FeatureMap::default();
        let history = History::default();
        let toks = gd.doc.sentence_tokens(&gd.doc.sentences[0]);
        let gold = spans_to_labels(toks.len(), &gd.spans[0]);
        let ex = Extractor::new(toks, &ctx, &history, &common);
        let mut trainer = Trainer::new(N_LABELS);
        // Untrained: every score is 0, the beam keeps O paths first, so the
        // gold path (which has entities) loses and an update happens.
        let first = beam_sentence(&mut trainer, &ex, &gold, 3, Search::MaxViolation);
        assert_ne!(first, gold);
        let mut n = 0;
        while beam_sentence(&mut trainer, &ex, &gold, 3, Search::MaxViolation) != gold {
            n += 1;
            assert!(n < 50, "the structured perceptron fits one sentence");
        }
        let before = trainer.finish(0.0).rows();
        assert_eq!(
            beam_sentence(&mut trainer, &ex, &gold, 3, Search::MaxViolation),
            gold
        );
        // No update: the current weights are unchanged (the averaged ones
        // move only because the clock advances).
        let mut s1 = [0f32; N_LABELS];
        let mut feats = Vec::new();
        ex.features(0, &[], &mut feats);
        trainer.score_into(&feats, &mut s1);
        beam_sentence(&mut trainer, &ex, &gold, 3, Search::MaxViolation);
        let mut s2 = [0f32; N_LABELS];
        trainer.score_into(&feats, &mut s2);
        assert_eq!(s1, s2);
        assert!(!before.is_empty());
    }
}
