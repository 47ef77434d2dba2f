//! Training the dependency parser: an averaged perceptron over arc-hybrid
//! transitions, trained with the dynamic oracle and error exploration of
//! Goldberg and Nivre (2012, 2013).
//!
//! Each epoch visits the training sentences in a seeded random order. At every
//! configuration the classifier's best valid transition is compared with the
//! oracle's minimum-cost transitions; when it is not among them, the best-scoring
//! of them is rewarded and the prediction penalised. From epoch
//! `explore_from` on, the parser then follows its own (possibly wrong)
//! prediction with probability `explore`, so that it learns to act well after
//! mistakes. Non-projective trees are lifted first ([`projective::lift`]).
//!
//! After each epoch the averaged weights are frozen (pruned) and scored on the
//! development set; the best epoch by LAS is returned. Everything is
//! single-threaded and seeded: the same data and options give the same model
//! bytes.

use crate::document::{Head, Token, Upos};
use crate::eval::attachment::{score_parser, AttachmentScores};
use crate::formats::conllu::ConlluSentence;
use crate::nlp::compact::CompactWeights;
use crate::nlp::model::ModelError;
use crate::nlp::parser::system::{State, Transition};
use crate::nlp::parser::{best_valid, features, projective, Parser, ROOT_LABEL};
use crate::nlp::perceptron::Perceptron;
use crate::train::oracle::{best_classes, GoldTree};
use crate::train::perceptron::Trainer;
use std::collections::BTreeSet;

/// Training settings.
#[derive(Debug, Clone)]
pub struct Options {
    /// Number of passes over the training data.
    pub epochs: usize,
    /// First epoch (0-based) in which the parser follows its own mistakes.
    pub explore_from: usize,
    /// Probability of following a wrong prediction once exploring.
    pub explore: f64,
    /// Averaged weights with absolute value at most this are dropped.
    pub prune: f32,
    /// Seed of the shuffling and exploration.
    pub seed: u64,
    /// When set, the training tags are re-drawn every epoch from this model of
    /// a tagger's errors (a stand-in for jack-knifed tags when none are available).
    pub tag_noise: Option<TagNoise>,
    /// Number of runs (seeds `seed`, `seed + 1`, …) whose best-epoch weights are
    /// averaged into the final model; the runs train in parallel threads.
    pub ensemble: usize,
    /// Keep the last epoch of each run instead of the best on the development
    /// set (for a final model trained on data that includes the development set).
    pub last_epoch: bool,
    /// Feature templates left out in training and in the frozen parser (bit `i` =
    /// template `i`, see [`features::extract_masked`]): their weights are never
    /// learnt, so the model is smaller and each transition looks up fewer features.
    pub dropped_templates: u128,
    /// Threads for the runs of an ensemble (0: one per run). Runs are combined in
    /// seed order, so the model does not depend on it.
    pub threads: usize,
}

/// A (UPOS, XPOS) pair.
type TagPair = (Upos, String);

/// A tagger's confusions: for each gold (UPOS, XPOS) pair, the predicted pairs
/// and how often each was seen, counted on a file tagged by the tagger against
/// its gold version.
#[derive(Debug, Clone, Default)]
pub struct TagNoise {
    confusions: std::collections::BTreeMap<TagPair, Vec<(TagPair, u32)>>,
}

impl TagNoise {
    /// Counts confusions between aligned gold and predicted sentences (same words).
    #[must_use]
    pub fn new(gold: &[ConlluSentence], predicted: &[ConlluSentence]) -> Self {
        let mut counts: std::collections::BTreeMap<
            TagPair,
            std::collections::BTreeMap<TagPair, u32>,
        > = Default::default();
        for (g, p) in gold.iter().zip(predicted) {
            if g.words.len() != p.words.len() {
                continue;
            }
            for (gw, pw) in g.words.iter().zip(&p.words) {
                *counts
                    .entry((gw.upos, gw.xpos.clone()))
                    .or_default()
                    .entry((pw.upos, pw.xpos.clone()))
                    .or_default() += 1;
            }
        }
        Self {
            confusions: counts
                .into_iter()
                .map(|(k, v)| (k, v.into_iter().collect()))
                .collect(),
        }
    }

    /// Share of tag pairs changed, as counted.
    #[must_use]
    pub fn error_rate(&self) -> f64 {
        let (mut wrong, mut all) = (0u64, 0u64);
        for (g, row) in &self.confusions {
            for (p, c) in row {
                all += u64::from(*c);
                if p != g {
                    wrong += u64::from(*c);
                }
            }
        }
        wrong as f64 / all.max(1) as f64
    }

    fn draw(&self, token: &mut Token, rng: &mut Rng) {
        let Some(row) = self.confusions.get(&(token.upos, token.xpos.clone())) else {
            return;
        };
        let total: u64 = row.iter().map(|(_, c)| u64::from(*c)).sum();
        if total == 0 {
            return;
        }
        let mut x = rng.next() % total;
        for ((upos, xpos), c) in row {
            if x < u64::from(*c) {
                token.upos = *upos;
                token.xpos.clone_from(xpos);
                return;
            }
            x -= u64::from(*c);
        }
    }
}

impl Default for Options {
    fn default() -> Self {
        Self {
            epochs: 15,
            explore_from: 1,
            explore: 0.9,
            prune: 0.0,
            seed: 1,
            tag_noise: None,
            ensemble: 1,
            last_epoch: false,
            dropped_templates: 0,
            threads: 0,
        }
    }
}

/// Scores of one epoch.
#[derive(Debug, Clone, Copy)]
pub struct Epoch {
    /// 0-based run of an ensemble; the averaged model is reported as run `ensemble`.
    pub run: usize,
    /// 1-based epoch number (of the run; for the averaged model, the number of epochs).
    pub epoch: usize,
    /// Share of training transitions predicted right (before any update).
    pub train_accuracy: f64,
    /// Development-set scores of the averaged, pruned weights.
    pub dev: AttachmentScores,
    /// Number of stored weights.
    pub weights: usize,
}

/// Why training failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrainError {
    /// A training sentence has a word without a head or label.
    #[error("training sentence at line {line}: word {word} has no head or relation")]
    MissingTree {
        /// Line of the sentence.
        line: usize,
        /// 1-based word.
        word: usize,
    },
    /// A head is out of range or the heads do not form a tree.
    #[error("training sentence at line {line}: heads do not form a tree")]
    NotATree {
        /// Line of the sentence.
        line: usize,
    },
    /// No usable training sentence.
    #[error("no training sentences")]
    Empty,
    /// The model could not be built.
    #[error(transparent)]
    Model(#[from] ModelError),
}

/// A small seeded generator (xorshift64*), so that training never depends on a crate's RNG.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

struct Example {
    tokens: Vec<Token>,
    gold: GoldTree,
}

fn gold_tree(s: &ConlluSentence) -> Result<(Vec<u32>, Vec<String>), TrainError> {
    let n = s.words.len() as u32;
    let mut heads = Vec::with_capacity(s.words.len());
    let mut labels = Vec::with_capacity(s.words.len());
    for (i, w) in s.words.iter().enumerate() {
        match w.head.map(Head::to_conllu) {
            Some(h) if !w.deprel.is_empty() => {
                if h > n {
                    return Err(TrainError::NotATree { line: s.line });
                }
                heads.push(h);
                labels.push(w.deprel.clone());
            }
            _ => {
                return Err(TrainError::MissingTree {
                    line: s.line,
                    word: i + 1,
                })
            }
        }
    }
    // Exactly one root and no cycle.
    if heads.iter().filter(|&&h| h == 0).count() != 1 {
        return Err(TrainError::NotATree { line: s.line });
    }
    for i in 0..heads.len() {
        let mut node = i as u32 + 1;
        let mut steps = 0;
        while node != 0 {
            node = heads[node as usize - 1];
            steps += 1;
            if steps > heads.len() {
                return Err(TrainError::NotATree { line: s.line });
            }
        }
    }
    Ok((heads, labels))
}

/// The label table of a training set: every (lifted) label, sorted, so that ids are stable.
///
/// # Errors
/// When a sentence has no tree.
pub fn label_table(train: &[ConlluSentence]) -> Result<Vec<String>, TrainError> {
    let mut set = BTreeSet::new();
    set.insert(ROOT_LABEL.to_string());
    for s in train {
        let (h, l) = gold_tree(s)?;
        let (_, lifted) = projective::lift(&h, &l);
        set.extend(lifted);
    }
    Ok(set.into_iter().collect())
}

fn freeze(
    weights: &Perceptron,
    labels: &[String],
    root_label: u16,
    dropped_templates: u128,
) -> Result<Parser, ModelError> {
    Ok(Parser::new(
        labels.to_vec(),
        root_label,
        CompactWeights::from_perceptron(weights),
    )?
    .with_dropped_templates(dropped_templates))
}

/// Trains a parser on `train`, choosing the epoch by LAS on `dev`; `log` receives one line per epoch
/// (of every run of an ensemble, in the order they finish, then one for the averaged model).
///
/// # Errors
/// [`TrainError`] when a training sentence has no proper tree or there is none.
pub fn train(
    train: &[ConlluSentence],
    dev: &[ConlluSentence],
    options: &Options,
    log: impl FnMut(&Epoch) + Send,
) -> Result<(Parser, Vec<Epoch>), TrainError> {
    let labels = label_table(train)?;
    let root_label = labels
        .iter()
        .position(|l| l == ROOT_LABEL)
        .and_then(|i| u16::try_from(i).ok())
        .ok_or(TrainError::Empty)?;
    let id = |l: &str| labels.binary_search_by(|x| x.as_str().cmp(l)).ok();
    let mut examples = Vec::with_capacity(train.len());
    for s in train {
        if s.words.is_empty() {
            continue;
        }
        let (h, l) = gold_tree(s)?;
        let (h, l) = projective::lift(&h, &l);
        let ids: Vec<u16> = l.iter().map(|l| id(l).unwrap_or(0) as u16).collect();
        examples.push(Example {
            tokens: s.words.clone(),
            gold: GoldTree::new(&h, &ids),
        });
    }
    if examples.is_empty() {
        return Err(TrainError::Empty);
    }
    let log = std::sync::Mutex::new(log);
    let runs = options.ensemble.max(1);
    let setup = Setup {
        examples: &examples,
        labels: &labels,
        root_label,
        dev,
        log: &log,
    };
    let results: Vec<RunResult> = if runs == 1 {
        vec![train_one(&setup, options, 0)]
    } else {
        // Independent runs, combined in seed order: the result does not depend
        // on which thread finishes first.
        // Worker `w` trains runs w, w + threads, …
        let threads = match options.threads {
            0 => runs,
            t => t.min(runs),
        };
        let mut slots: Vec<Option<RunResult>> = (0..runs).map(|_| None).collect();
        std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads)
                .map(|w| {
                    let setup = &setup;
                    scope.spawn(move || {
                        (w..runs)
                            .step_by(threads)
                            .map(|k| {
                                let opts = Options {
                                    seed: options.seed.wrapping_add(k as u64),
                                    ..options.clone()
                                };
                                (k, train_one(setup, &opts, k))
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            for h in handles {
                if let Ok(done) = h.join() {
                    for (k, r) in done {
                        slots[k] = Some(r);
                    }
                }
            }
        });
        slots
            .into_iter()
            .map(|r| r.unwrap_or(Err(TrainError::Empty)))
            .collect()
    };
    let mut weights = Vec::with_capacity(runs);
    let mut history = Vec::new();
    for r in results {
        let (w, h) = r?;
        weights.push(w);
        history.extend(h);
    }
    if runs == 1 {
        let w = weights.pop().ok_or(TrainError::Empty)?;
        return Ok((
            freeze(&w, &labels, root_label, options.dropped_templates)?,
            history,
        ));
    }
    let mean = Perceptron::mean(&weights).ok_or(TrainError::Empty)?;
    let parser = freeze(&mean, &labels, root_label, options.dropped_templates)?;
    let record = Epoch {
        run: runs,
        epoch: options.epochs,
        train_accuracy: f64::NAN,
        dev: score_parser(&parser, dev),
        weights: parser.weights().n_weights(),
    };
    if let Ok(mut log) = log.lock() {
        (*log)(&record);
    }
    history.push(record);
    Ok((parser, history))
}

/// What one run of an ensemble gives: its weights and the scores of its epochs.
type RunResult = Result<(Perceptron, Vec<Epoch>), TrainError>;

/// What every run of an ensemble shares.
struct Setup<'a, F> {
    examples: &'a [Example],
    labels: &'a [String],
    root_label: u16,
    dev: &'a [ConlluSentence],
    log: &'a std::sync::Mutex<F>,
}

/// One training run: the averaged weights of its best epoch (or of its last
/// with [`Options::last_epoch`]) and the scores of every epoch.
fn train_one<F: FnMut(&Epoch) + Send>(
    setup: &Setup<'_, F>,
    options: &Options,
    run: usize,
) -> Result<(Perceptron, Vec<Epoch>), TrainError> {
    let (examples, labels, root_label) = (setup.examples, setup.labels, setup.root_label);
    let n_labels = labels.len();
    let n_classes = Transition::n_classes(n_labels);
    let mut trainer = Trainer::new(n_classes);
    let mut rng = Rng(options.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut feats = Vec::with_capacity(features::N_TEMPLATES);
    let mut scores = vec![0.0f32; n_classes];
    let mut gold = Vec::new();
    let mut noisy: Vec<Token> = Vec::new();
    let mut best: Option<(Perceptron, f64)> = None;
    let mut history = Vec::new();
    for epoch in 0..options.epochs {
        // Fisher–Yates with the seeded generator.
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i + 1));
        }
        let explore = epoch >= options.explore_from;
        let (mut right, mut total) = (0usize, 0usize);
        for &e in &order {
            let ex = &examples[e];
            let atoms = match &options.tag_noise {
                Some(noise) => {
                    noisy.clone_from(&ex.tokens);
                    noisy.iter_mut().for_each(|t| noise.draw(t, &mut rng));
                    features::Atoms::new(&noisy)
                }
                None => features::Atoms::new(&ex.tokens),
            };
            let mut state = State::new(ex.tokens.len());
            while !state.is_terminal() {
                features::extract_masked(&state, &atoms, options.dropped_templates, &mut feats);
                scores.iter_mut().for_each(|s| *s = 0.0);
                trainer.score_into(&feats, &mut scores);
                let guess = best_valid(&state, &scores, root_label).class();
                best_classes(&state, &ex.gold, root_label, n_labels, &mut gold);
                total += 1;
                let next = if gold.contains(&guess) {
                    right += 1;
                    guess
                } else {
                    let Some(&g) = gold.iter().max_by(|&&a, &&b| {
                        // Highest score; lowest class on ties (max_by keeps the last maximum).
                        scores[a].total_cmp(&scores[b]).then(b.cmp(&a))
                    }) else {
                        break;
                    };
                    trainer.update(&feats, g, guess);
                    if explore && rng.unit() < options.explore {
                        guess
                    } else {
                        g
                    }
                };
                trainer.tick();
                state.apply(Transition::from_class(next), root_label);
            }
        }
        let averaged = trainer.finish(options.prune);
        let parser = freeze(&averaged, labels, root_label, options.dropped_templates)?;
        let dev_scores = score_parser(&parser, setup.dev);
        let record = Epoch {
            run,
            epoch: epoch + 1,
            train_accuracy: right as f64 / total.max(1) as f64,
            dev: dev_scores,
            weights: parser.weights().n_weights(),
        };
        if let Ok(mut log) = setup.log.lock() {
            (*log)(&record);
        }
        history.push(record);
        let las = dev_scores.las();
        if options.last_epoch || best.as_ref().is_none_or(|(_, b)| las > *b) {
            best = Some((averaged, las));
        }
    }
    match best {
        Some((weights, _)) => Ok((weights, history)),
        None => Err(TrainError::Empty),
    }
}
