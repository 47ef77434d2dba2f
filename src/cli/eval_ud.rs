//! `kg eval ud --gold FILE.conllu`: scores tagging and lemmatization against a
//! UD treebank, one `name value` line per metric.

use crate::cli::InputError;
use crate::eval::ud;
use crate::formats::conllu;
use crate::nlp::{lemma::Lemmatizer, tagger::Tagger};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg eval ud`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold treebank (CoNLL-U); scored with its gold tokenisation.
    #[arg(long)]
    gold: PathBuf,
    /// A tagger model file to use instead of the embedded one.
    #[arg(long)]
    tagger_model: Option<PathBuf>,
    /// A lemmatizer model file to use instead of the embedded one.
    #[arg(long)]
    lemmatizer_model: Option<PathBuf>,
    /// A parser model file to use instead of the embedded one.
    #[arg(long)]
    parser_model: Option<PathBuf>,
    /// Run the whole pipeline from the treebank's raw text (`# text`) instead of
    /// gold tokens, and score it with the CoNLL 2018 alignment: prints
    /// `tokens_f1`, `sentences_f1`, `words_f1` and the F1 of each annotation
    /// over aligned words. Uses the embedded models.
    #[arg(long, conflicts_with_all = ["tagger_model", "lemmatizer_model", "parser_model", "system_out", "lemma_train"])]
    raw: bool,
    /// The lemmatizer's training treebank (repeatable, e.g. EWT's and GUM's train splits):
    /// also prints `lemma_unseen`, lemma accuracy on the words whose lower-cased form is
    /// in none of them, and `unseen_words`, how many there are.
    #[arg(long, value_name = "FILE")]
    lemma_train: Vec<PathBuf>,
    /// Also write the system's annotation as CoNLL-U to this file.
    #[arg(long)]
    system_out: Option<PathBuf>,
    /// Parse with a beam of this many paths: 1 is greedy parsing; 4 is about 1.3 points
    /// of attachment score more accurate (EWT dev) and about 4 times slower to parse.
    #[arg(long, value_name = "WIDTH", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=16))]
    beam: u8,
}

/// Runs `kg eval ud`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let gold = conllu::read_path(&args.gold).map_err(|e| InputError(e.to_string()))?;
    if args.raw {
        let pipeline = crate::nlp::pipeline::Pipeline::embedded()
            .context("loading the embedded models")?
            .with_parser_beam(usize::from(args.beam));
        let scores = ud::score_raw(&gold, &pipeline)?;
        print_metrics(&scores.metrics())?;
        return Ok(());
    }
    let loaded_tagger;
    let tagger = match &args.tagger_model {
        Some(p) => {
            loaded_tagger = Tagger::load(p).with_context(|| format!("loading {}", p.display()))?;
            &loaded_tagger
        }
        None => Tagger::embedded().context("loading the embedded tagger")?,
    };
    let loaded_lemmatizer;
    let lemmatizer = match &args.lemmatizer_model {
        Some(p) => {
            loaded_lemmatizer =
                Lemmatizer::load(p).with_context(|| format!("loading {}", p.display()))?;
            &loaded_lemmatizer
        }
        None => Lemmatizer::embedded().context("loading the embedded lemmatizer")?,
    };
    let (mut scores, mut system) = ud::annotate_gold_tokens(&gold, tagger, lemmatizer);
    if !args.lemma_train.is_empty() {
        let mut seen = std::collections::HashSet::new();
        for p in &args.lemma_train {
            let t = conllu::read_path(p).map_err(|e| InputError(e.to_string()))?;
            seen.extend(ud::seen_forms(&t));
        }
        let (n, right) = ud::unseen_lemmas(&gold, &system, &seen);
        scores.lemma_unseen = Some(100.0 * right as f64 / n.max(1) as f64);
        scores.unseen_words = Some(n);
    }
    // Parse the tagged words (gold tokenisation, predicted tags) unless the user asked
    // about other tagger or lemmatizer files only.
    let parser = match &args.parser_model {
        Some(p) => {
            let bytes = std::fs::read(p).with_context(|| format!("reading {}", p.display()))?;
            crate::nlp::parser::Parser::from_bytes(&bytes)
                .with_context(|| format!("loading {}", p.display()))?
        }
        None => crate::nlp::parser::Parser::embedded().context("loading the embedded parser")?,
    }
    .with_beam(crate::nlp::parser::BeamOptions::new(usize::from(args.beam)));
    let mut attachment = crate::eval::attachment::AttachmentScores::default();
    for (words, g) in system.iter_mut().zip(&gold) {
        parser.parse(words);
        attachment.add(&g.words, words);
    }
    scores.uas = Some(attachment.uas());
    scores.las = Some(attachment.las());
    if let Some(path) = &args.system_out {
        let mut out = crate::io::AtomicOutput::create(path)
            .with_context(|| format!("creating {}", path.display()))?;
        ud::write_system(&mut out, &gold, &system)
            .and_then(|()| out.commit())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    print_metrics(&scores.metrics())?;
    Ok(())
}

fn print_metrics(metrics: &[(&str, f64)]) -> std::io::Result<()> {
    for (name, value) in metrics {
        if *name == "tokens_per_sec" || *name == "unseen_words" {
            outln!("{name} {value:.0}");
        } else {
            outln!("{name} {value:.2}");
        }
    }
    Ok(())
}
