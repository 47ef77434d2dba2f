//! `kg train parser`: trains the dependency parser on CoNLL-U treebanks.

use crate::cli::InputError;
use crate::formats::conllu;
use crate::nlp::model;
use crate::train::parser::{self, Options};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg train parser`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training treebank (CoNLL-U; use jack-knifed predicted tags); repeat for several
    /// treebanks, which are concatenated in the order given.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development treebank (CoNLL-U), used to pick the best epoch; repeat for several
    /// (the epoch is chosen on their concatenation, each is also scored apart at the end).
    #[arg(long, required = true)]
    dev: Vec<PathBuf>,
    /// Output model file.
    #[arg(short, long, default_value = "models/parser.kgm")]
    output: PathBuf,
    /// Training epochs.
    #[arg(long, default_value_t = 15)]
    epochs: usize,
    /// Drop averaged weights whose absolute value is at most this.
    #[arg(long, default_value_t = 0.0)]
    prune: f32,
    /// After training, also drop weights whose absolute value is at most this (to fit a
    /// size budget without changing which epoch is chosen).
    #[arg(long)]
    final_prune: Option<f32>,
    /// Probability of following a wrong prediction during training (error exploration).
    #[arg(long, default_value_t = 0.9)]
    explore: f64,
    /// Gold CoNLL-U file of a tagger-error model (with --noise-predicted): when
    /// jack-knifed training tags are not available, training tags are re-drawn each
    /// epoch from the confusions between this file and its tagged version.
    #[arg(long, requires = "noise_predicted")]
    noise_gold: Option<PathBuf>,
    /// The same file as --noise-gold, tagged by kg's tagger.
    #[arg(long, requires = "noise_gold")]
    noise_predicted: Option<PathBuf>,
    /// Seed for shuffling and exploration.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Train this many models (seeds --seed, --seed + 1, …, in parallel threads) and
    /// average their weights.
    #[arg(long, default_value_t = 1)]
    ensemble: usize,
    /// Feature templates to leave out (numbers as in `src/nlp/parser/features.rs`, 0 = bias;
    /// comma-separated), in training and in the saved model: fewer lookups per transition
    /// and a smaller model (choose them on the dev set, e.g. with `kg eval parser MODEL DEV --drop …`).
    #[arg(long, value_delimiter = ',')]
    drop_templates: Vec<usize>,
    /// Threads for the runs of an ensemble (at most --ensemble; the model does not
    /// depend on it).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Keep each run's last epoch instead of its best on --dev (for a final model
    /// whose training data includes the development set).
    #[arg(long)]
    last_epoch: bool,
}

/// Runs `kg train parser`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if !(0.0..=1.0).contains(&args.explore) {
        return Err(
            InputError(format!("--explore must be in [0, 1], got {}", args.explore)).into(),
        );
    }
    if args.ensemble == 0 {
        return Err(InputError("--ensemble must be at least 1".into()).into());
    }
    let mut dropped = 0u128;
    for &t in &args.drop_templates {
        if t >= crate::nlp::parser::features::N_TEMPLATES {
            return Err(InputError(format!(
                "--drop-templates: no template {t} (there are {})",
                crate::nlp::parser::features::N_TEMPLATES
            ))
            .into());
        }
        dropped |= 1 << t;
    }
    if args.epochs == 0 {
        return Err(InputError("--epochs must be at least 1".into()).into());
    }
    let read = |p: &PathBuf| {
        conllu::read_path(p).map_err(|e| anyhow::Error::new(InputError(e.to_string())))
    };
    let mut train = Vec::new();
    for p in &args.train {
        train.extend(read(p)?);
    }
    let dev_sets = args
        .dev
        .iter()
        .map(read)
        .collect::<anyhow::Result<Vec<_>>>()?;
    let dev: Vec<conllu::ConlluSentence> = dev_sets.iter().flatten().cloned().collect();
    let tag_noise = match (&args.noise_gold, &args.noise_predicted) {
        (Some(g), Some(p)) => {
            let noise = parser::TagNoise::new(&read(g)?, &read(p)?);
            eprintln!(
                "tag noise: {:.2}% of tags changed",
                100.0 * noise.error_rate()
            );
            Some(noise)
        }
        _ => None,
    };
    let options = Options {
        tag_noise,
        epochs: args.epochs,
        prune: args.prune,
        explore: args.explore,
        seed: args.seed,
        ensemble: args.ensemble,
        last_epoch: args.last_epoch,
        dropped_templates: dropped,
        threads: args.threads,
        ..Options::default()
    };
    let start = std::time::Instant::now();
    let (parser, _) = parser::train(&train, &dev, &options, |e| {
        eprintln!(
            "run {} epoch {:2}  train-acc {:.4}  dev uas {:.2} las {:.2} las-full {:.2}  weights {}  {:.0}s",
            e.run,
            e.epoch,
            e.train_accuracy,
            e.dev.uas(),
            e.dev.las(),
            e.dev.las_full(),
            e.weights,
            start.elapsed().as_secs_f64()
        );
    })
    .with_context(|| {
        let names: Vec<String> = args.train.iter().map(|p| p.display().to_string()).collect();
        format!("training on {}", names.join(" + "))
    })?;
    let parser = match args.final_prune {
        Some(t) => parser.pruned(t),
        None => parser,
    }
    .with_dropped_templates(dropped);
    if dev_sets.len() > 1 {
        for (path, set) in args.dev.iter().zip(&dev_sets) {
            let s = crate::eval::attachment::score_parser(&parser, set);
            eprintln!(
                "  {}: uas {:.2} las {:.2}",
                path.display(),
                s.uas(),
                s.las()
            );
        }
    }
    let m = parser.to_model();
    model::save(
        &args.output,
        model::ModelKind::PARSER,
        crate::nlp::parser::PAYLOAD_VERSION,
        &m,
    )
    .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!(
        "saved {} ({} labels, {} features, {} weights) in {:.0}s",
        args.output.display(),
        m.labels.len(),
        parser.weights().n_features(),
        parser.weights().n_weights(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
