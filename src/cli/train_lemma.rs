//! `kg train lemma`: trains the lemmatizer alone from CoNLL-U treebanks, with WordNet's
//! index files as its lexicon of English lemmas.

use crate::cli::InputError;
use crate::eval::ud;
use crate::formats::conllu;
use crate::nlp::tagger::Tagger;
use crate::train::lemma::{self as lemma_train, LemmaConfig};
use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

/// Arguments of `kg train lemma`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training treebank (CoNLL-U); repeatable: the treebanks are concatenated.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development treebank (CoNLL-U) to report on; repeatable.
    #[arg(long)]
    dev: Vec<PathBuf>,
    /// WordNet's dictionary folder (`index.noun`, `index.verb`, `index.adj`, `index.adv`):
    /// its one-word lemmas are shipped in the model and check the learned rules.
    #[arg(long, value_name = "DIR")]
    wordnet: Option<PathBuf>,
    /// Where to write the lemmatizer model.
    #[arg(short, long, default_value = "models/lemmatizer.kgm")]
    output: PathBuf,
    /// A tagger model file for the dev figures with predicted tags (default: the embedded one).
    #[arg(long)]
    tagger_model: Option<PathBuf>,
}

/// Runs `kg train lemma`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut train = Vec::new();
    for p in &args.train {
        train.extend(conllu::read_path(p).map_err(|e| InputError(e.to_string()))?);
    }
    let mut cfg = LemmaConfig::default();
    if let Some(dir) = &args.wordnet {
        let words = lemma_train::wordnet_lexicon(dir).map_err(|e| InputError(e.to_string()))?;
        cfg.lexicon = crate::nlp::lemma::encode_lexicon(&words);
        eprintln!(
            "lexicon: {} one-word lemmas from {}, {} bytes front-coded",
            words.len(),
            dir.display(),
            cfg.lexicon.len()
        );
    }
    let start = Instant::now();
    let lemmatizer = lemma_train::train(&train, &cfg);
    eprintln!(
        "lemmatizer trained on {} sentences in {:.1} s",
        train.len(),
        start.elapsed().as_secs_f64()
    );
    let loaded;
    let tagger = match &args.tagger_model {
        Some(p) => {
            loaded = Tagger::load(p).with_context(|| format!("loading {}", p.display()))?;
            &loaded
        }
        None => Tagger::embedded().context("loading the embedded tagger")?,
    };
    let seen = ud::seen_forms(&train);
    for p in &args.dev {
        let dev = conllu::read_path(p).map_err(|e| InputError(e.to_string()))?;
        let gold_tags = lemma_train::accuracy(&lemmatizer, &dev);
        let (scores, system) = ud::annotate_gold_tokens(&dev, tagger, &lemmatizer);
        let (n, right) = ud::unseen_lemmas(&dev, &system, &seen);
        eprintln!(
            "{}: lemma {:.2} (gold tags {:.2}); unseen words {n}, lemma {:.2}",
            p.display(),
            scores.lemma.unwrap_or_default(),
            gold_tags,
            100.0 * right as f64 / n.max(1) as f64
        );
    }
    lemmatizer
        .save(&args.output)
        .with_context(|| format!("saving {}", args.output.display()))?;
    Ok(())
}
