//! Universal Dependencies scorer: compares kg's annotation with a gold CoNLL-U treebank.
//!
//! [`UdScores`] holds one optional figure per metric, so that stages added
//! later (the parser's `uas`/`las`, scores over raw text) fill their own
//! fields without changing how the others are computed or printed;
//! [`UdScores::metrics`] lists the ones that were measured, in a fixed order,
//! with the names `kg eval ud` prints.
//!
//! With gold tokenisation, each gold word is annotated by the system from its
//! form alone and accuracy is the percentage of words whose annotation
//! matches the gold one exactly.

use crate::document::Token;
use crate::formats::conllu::ConlluSentence;
use crate::nlp::lemma::Lemmatizer;
use crate::nlp::tagger::Tagger;
use std::time::Instant;

/// The figures of one evaluation; `None` for what was not measured.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct UdScores {
    /// Gold words scored.
    pub words: usize,
    /// UPOS accuracy, percent of words.
    pub upos: Option<f64>,
    /// XPOS accuracy, percent of words.
    pub xpos: Option<f64>,
    /// Lemma accuracy, percent of words.
    pub lemma: Option<f64>,
    /// Lemma accuracy on the words unseen in the lemmatizer's training data, percent
    /// ([`unseen_lemmas`]).
    pub lemma_unseen: Option<f64>,
    /// Number of those unseen words.
    pub unseen_words: Option<usize>,
    /// Unlabelled attachment score, percent of words.
    pub uas: Option<f64>,
    /// Labelled attachment score, percent of words.
    pub las: Option<f64>,
    /// Words annotated per second by the timed stages (one thread).
    pub tokens_per_sec: Option<f64>,
}

impl UdScores {
    /// The measured metrics as (name, value), in the order `kg eval ud` prints them.
    #[must_use]
    pub fn metrics(&self) -> Vec<(&'static str, f64)> {
        [
            ("upos", self.upos),
            ("xpos", self.xpos),
            ("lemma", self.lemma),
            ("lemma_unseen", self.lemma_unseen),
            ("unseen_words", self.unseen_words.map(|n| n as f64)),
            ("uas", self.uas),
            ("las", self.las),
            ("tokens_per_sec", self.tokens_per_sec),
        ]
        .into_iter()
        .filter_map(|(n, v)| v.map(|v| (n, v)))
        .collect()
    }
}

/// Word-level counts of matches between system and gold annotation.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts {
    /// Words compared.
    pub words: usize,
    /// Words with the gold UPOS.
    pub upos: usize,
    /// Words with the gold XPOS.
    pub xpos: usize,
    /// Words with the gold lemma.
    pub lemma: usize,
    /// Words with the gold head.
    pub head: usize,
    /// Words with the gold head and relation.
    pub head_deprel: usize,
}

impl Counts {
    /// Adds the comparison of one sentence (system and gold words aligned one to one).
    pub fn add(&mut self, system: &[Token], gold: &[Token]) {
        for (s, g) in system.iter().zip(gold) {
            self.words += 1;
            self.upos += usize::from(s.upos == g.upos);
            self.xpos += usize::from(s.xpos == g.xpos);
            self.lemma += usize::from(s.lemma == g.lemma);
            let head = s.head == g.head;
            self.head += usize::from(head);
            self.head_deprel += usize::from(head && s.deprel == g.deprel);
        }
    }

    /// `n` as a percentage of the words.
    #[must_use]
    pub fn percent(&self, n: usize) -> f64 {
        100.0 * n as f64 / self.words.max(1) as f64
    }
}

/// Measures the CPU time of the calling thread where Linux exposes it
/// (`/proc/thread-self/schedstat`, nanoseconds on the CPU), else wall-clock time.
///
/// CPU time is what "tokens per second on one core" means, and it stays
/// meaningful on a machine shared with other jobs, where wall-clock time
/// mostly measures waiting for a core.
#[derive(Debug, Clone, Copy)]
pub struct CpuClock {
    wall: Instant,
    cpu_ns: Option<u64>,
}

impl CpuClock {
    /// Starts the clock.
    #[must_use]
    pub fn start() -> Self {
        Self {
            wall: Instant::now(),
            cpu_ns: thread_cpu_ns(),
        }
    }

    /// Seconds since [`CpuClock::start`]: thread CPU time when available, else wall-clock time.
    #[must_use]
    pub fn seconds(&self) -> f64 {
        match (self.cpu_ns, thread_cpu_ns()) {
            (Some(a), Some(b)) if b >= a => (b - a) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
/// Tags and lemmatizes every gold sentence from its gold words' forms and
/// scores UPOS, XPOS and lemma; `tokens_per_sec` times tagging and
/// lemmatization only (not reading or scoring).
#[must_use]
pub fn score_gold_tokens(
    gold: &[ConlluSentence],
    tagger: &Tagger,
    lemmatizer: &Lemmatizer,
) -> UdScores {
    annotate_gold_tokens(gold, tagger, lemmatizer).0
}

/// As [`score_gold_tokens`], also returning the system's words for each sentence.
#[must_use]
pub fn annotate_gold_tokens(
    gold: &[ConlluSentence],
    tagger: &Tagger,
    lemmatizer: &Lemmatizer,
) -> (UdScores, Vec<Vec<Token>>) {
    // Strip the gold annotation so that nothing can leak into the system's.
    let mut system: Vec<Vec<Token>> = gold
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| Token::new(w.form.clone(), w.span))
                .collect()
        })
        .collect();
    let clock = CpuClock::start();
    for words in &mut system {
        tagger.tag(words);
        lemmatizer.lemmatize(words);
    }
    let seconds = clock.seconds();
    let mut counts = Counts::default();
    for (s, g) in system.iter().zip(gold) {
        counts.add(s, &g.words);
    }
    let scores = UdScores {
        words: counts.words,
        upos: Some(counts.percent(counts.upos)),
        xpos: Some(counts.percent(counts.xpos)),
        lemma: Some(counts.percent(counts.lemma)),
        tokens_per_sec: Some(counts.words as f64 / seconds.max(1e-9)),
        ..UdScores::default()
    };
    (scores, system)
}

/// The lower-cased forms of a treebank's words: what a lemmatizer trained on it has seen.
#[must_use]
pub fn seen_forms(treebank: &[ConlluSentence]) -> std::collections::HashSet<String> {
    treebank
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| w.form.to_lowercase())
        .collect()
}

/// (words, words with the gold lemma) among the gold words whose lower-cased form is not
/// in `seen` ([`seen_forms`] of the lemmatizer's training data); `system` is aligned one to
/// one with `gold`, as [`annotate_gold_tokens`] returns it.
#[must_use]
pub fn unseen_lemmas(
    gold: &[ConlluSentence],
    system: &[Vec<Token>],
    seen: &std::collections::HashSet<String>,
) -> (usize, usize) {
    let (mut n, mut right) = (0, 0);
    for (s, g) in system.iter().zip(gold) {
        for (sw, gw) in s.iter().zip(&g.words) {
            if !seen.contains(&gw.form.to_lowercase()) {
                n += 1;
                right += usize::from(sw.lemma == gw.lemma);
            }
        }
    }
    (n, right)
}

/// Scores of the whole pipeline from raw text against a gold treebank, with
/// system words aligned to gold words as the CoNLL 2018 shared-task scorer
/// does ([`crate::eval::conll18`]). All figures are F1 percentages.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct RawScores {
    /// Surface tokens.
    pub tokens_f1: f64,
    /// Sentences.
    pub sentences_f1: f64,
    /// Syntactic words.
    pub words_f1: f64,
    /// UPOS over aligned words.
    pub upos: f64,
    /// XPOS over aligned words.
    pub xpos: f64,
    /// Lemma over aligned words.
    pub lemma: f64,
    /// Unlabelled attachment over aligned words, when the pipeline parses.
    pub uas: Option<f64>,
    /// Labelled attachment over aligned words, when the pipeline parses.
    pub las: Option<f64>,
    /// Tokens per second of the whole pipeline on this thread.
    pub tokens_per_sec: f64,
}

impl RawScores {
    /// The metrics as (name, value), in the order `kg eval ud --raw` prints them.
    #[must_use]
    pub fn metrics(&self) -> Vec<(&'static str, f64)> {
        let mut out = vec![
            ("tokens_f1", self.tokens_f1),
            ("sentences_f1", self.sentences_f1),
            ("words_f1", self.words_f1),
            ("upos", self.upos),
            ("xpos", self.xpos),
            ("lemma", self.lemma),
        ];
        if let (Some(uas), Some(las)) = (self.uas, self.las) {
            out.push(("uas", uas));
            out.push(("las", las));
        }
        out.push(("tokens_per_sec", self.tokens_per_sec));
        out
    }
}

/// Runs `pipeline` over the raw text of `gold` ([`crate::eval::conll18::raw_documents`])
/// and scores it end to end.
///
/// # Errors
/// [`crate::eval::conll18::TextMismatch`] when the system lost or changed characters (a bug).
pub fn score_raw(
    gold: &[ConlluSentence],
    pipeline: &crate::nlp::pipeline::Pipeline,
) -> Result<RawScores, crate::eval::conll18::TextMismatch> {
    use crate::eval::conll18::{align, raw_documents, spans_score, UdText};
    let mut docs = raw_documents(gold);
    let clock = CpuClock::start();
    let multiwords: Vec<Vec<std::ops::Range<u32>>> = docs
        .iter_mut()
        .map(|d| {
            let mw = pipeline.tokenizer().tokenize_with_multiwords(d);
            pipeline.analyze_tokens(d);
            mw
        })
        .collect();
    let seconds = clock.seconds();
    let tokens: usize = docs.iter().map(|d| d.tokens.len()).sum();
    let system = UdText::from_documents(docs.iter().zip(multiwords.iter().map(Vec::as_slice)));
    let gold_text = UdText::from_conllu(gold);
    let alignment = align(&gold_text, &system)?;
    let pct = |x: f64| 100.0 * x;
    let parsed = docs
        .iter()
        .any(|d| d.tokens.iter().any(|t| t.head.is_some()));
    Ok(RawScores {
        tokens_f1: pct(spans_score(&gold_text.tokens, &system.tokens).f1()),
        sentences_f1: pct(spans_score(&gold_text.sentences, &system.sentences).f1()),
        words_f1: pct(alignment.words_score().f1()),
        upos: pct(alignment.attribute_score(|t| t.upos).f1()),
        xpos: pct(alignment.attribute_score(|t| t.xpos.clone()).f1()),
        lemma: pct(alignment.attribute_score(|t| t.lemma.clone()).f1()),
        uas: parsed.then(|| pct(alignment.attachment_score(false).f1())),
        las: parsed.then(|| pct(alignment.attachment_score(true).f1())),
        tokens_per_sec: tokens as f64 / seconds.max(1e-9),
    })
}

/// Writes system words as CoNLL-U word lines (ID, FORM, LEMMA, UPOS, XPOS set;
/// HEAD and DEPREL when present), one block per sentence, with the gold
/// sentence's id and text, so that system output can be diffed against gold.
///
/// # Errors
/// When writing fails.
pub fn write_system(
    out: &mut impl std::io::Write,
    gold: &[ConlluSentence],
    system: &[Vec<Token>],
) -> std::io::Result<()> {
    for (g, words) in gold.iter().zip(system) {
        if let Some(id) = &g.id {
            writeln!(out, "# sent_id = {id}")?;
        }
        if let Some(text) = &g.text {
            writeln!(out, "# text = {text}")?;
        }
        for (i, w) in words.iter().enumerate() {
            crate::formats::conllu::write_word(out, i + 1, w, "")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
