//! `kg train ner`: trains the entity recognizer on Universal NER IOB2 data and on the
//! named entities of GUM CoNLL-U files.

use super::common::{load_gold_with, load_tags};

use crate::cli::InputError;

use anyhow::Context;

use crate::nlp::ner::PAYLOAD_VERSION;

use crate::train::ner::{score, train, Options, Search};

use std::path::PathBuf;

/// Arguments of `kg train ner`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training data: IOB2 (Universal NER format) or CoNLL-U with GUM's `Entity=`
    /// annotation (its named persons, organisations and places); repeat for several files.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// How many times each `--train` file is seen per epoch, in the same order
    /// (default 1 each): lets carefully adjudicated data count more.
    #[arg(long)]
    weight: Vec<usize>,
    /// CoNLL-U files whose POS tags are joined to the training data by sentence id
    /// (use jack-knifed predicted tags); repeat for several files.
    #[arg(long)]
    train_tags: Vec<PathBuf>,
    /// Held-out data to score after each epoch (IOB2 or GUM CoNLL-U); repeat for
    /// several files, each scored apart.
    #[arg(long)]
    dev: Vec<PathBuf>,
    /// CoNLL-U files whose POS tags are joined to the held-out data by sentence id;
    /// repeatable.
    #[arg(long)]
    dev_tags: Vec<PathBuf>,
    /// Passes over the training data.
    #[arg(long, default_value_t = 10)]
    epochs: usize,
    /// Seed of the document order.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Drop averaged weights whose absolute value is at most this.
    #[arg(long, default_value_t = 0.0)]
    prune: f32,
    /// Per mille of training tokens whose word identity is hidden (word dropout).
    #[arg(long, default_value_t = 0)]
    word_dropout: u32,
    /// Per mille of training sentences whose POS tags are hidden (tag dropout).
    #[arg(long, default_value_t = 0)]
    tag_dropout: u32,
    /// How the second pass is trained: `greedy` (one update per wrong token),
    /// `early` (beam search, early update) or `max-violation` (beam search,
    /// max-violation update).
    #[arg(long, value_enum, default_value_t = SearchArg::Greedy)]
    search: SearchArg,
    /// Train the first pass with `--search` too.
    #[arg(long)]
    search_first: bool,
    /// Width of the training beam.
    #[arg(long, default_value_t = crate::nlp::ner::BEAM)]
    train_beam: usize,
    /// Train this many models with consecutive seeds and average them.
    #[arg(long, default_value_t = 1)]
    ensemble: usize,
    /// Where to write the model.
    #[arg(short, long, default_value = "models/ner.kgm")]
    output: PathBuf,
}

/// The values of `--search` (see [`Search`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum SearchArg {
    /// One perceptron update per wrongly labelled token.
    Greedy,
    /// Beam search, early update.
    Early,
    /// Beam search, max-violation update.
    MaxViolation,
}

/// Runs `kg train ner`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if args.weight.len() > args.train.len() {
        return Err(InputError("more --weight values than --train files".into()).into());
    }
    let tags = load_tags(&args.train_tags)?;
    let mut data = Vec::new();
    for (i, path) in args.train.iter().enumerate() {
        let docs = load_gold_with(path, &tags)?;
        for _ in 0..args.weight.get(i).copied().unwrap_or(1) {
            data.extend(docs.iter().cloned());
        }
    }
    let dev_tags = load_tags(&args.dev_tags)?;
    let dev = args
        .dev
        .iter()
        .map(|p| Ok((p.display().to_string(), load_gold_with(p, &dev_tags)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let options = Options {
        epochs: args.epochs,
        seed: args.seed,
        prune: args.prune,
        word_dropout: args.word_dropout,
        ensemble: args.ensemble,
        tag_dropout: args.tag_dropout,
        search: match args.search {
            SearchArg::Greedy => Search::Greedy,
            SearchArg::Early => Search::Early,
            SearchArg::MaxViolation => Search::MaxViolation,
        },
        search_first: args.search_first,
        beam: args.train_beam,
    };
    let model = train(&data, &options, |epoch, ner| {
        if dev.is_empty() {
            eprintln!("epoch {epoch}");
        }
        for (name, docs) in &dev {
            report_dev(&format!("epoch {epoch} {name}"), &score(ner, docs));
        }
    });
    let recognizer = crate::nlp::ner::EntityRecognizer::from_model(model.clone())?;
    for (name, docs) in &dev {
        report_dev(&format!("final {name}"), &score(&recognizer, docs));
    }
    eprintln!(
        "features {} weights {}",
        recognizer.weights().n_features(),
        recognizer.weights().n_weights()
    );
    crate::nlp::model::save(
        &args.output,
        crate::nlp::model::ModelKind::NER,
        PAYLOAD_VERSION,
        &model,
    )
    .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(())
}

/// One stderr line of dev figures: overall precision, recall and F1, then F1 per type.
fn report_dev(label: &str, s: &crate::eval::ner::Scores) {
    let t = s.total();
    eprintln!(
        "{label} dev p {:.2} r {:.2} f1 {:.2} (per {:.2} org {:.2} loc {:.2})",
        100.0 * t.precision(),
        100.0 * t.recall(),
        100.0 * t.f1(),
        100.0 * s.per_type[0].f1(),
        100.0 * s.per_type[1].f1(),
        100.0 * s.per_type[2].f1()
    );
}
