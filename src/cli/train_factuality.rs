//! `kg train factuality`: trains the factuality model on UDS-IH2 (EWT train split), with
//! features from kg's own tagging and parsing of the treebank's gold tokens.

use super::common::UdsData;
use crate::cli::InputError;
use crate::eval::uds;
use crate::nlp::factuality::{groups, Factuality, KIND, PAYLOAD_VERSION};
use crate::nlp::pipeline::Pipeline;
use crate::train::factuality::{train, Options};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg train factuality`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: UdsData,
    /// Where to write the model.
    #[arg(short, long, default_value = "models/factuality.kgm")]
    output: PathBuf,
    /// L2 penalty; repeat to compare several on dev (then no model is written).
    #[arg(long, default_values_t = [Options::default().lambda])]
    lambda: Vec<f64>,
    /// Conjugate-gradient iterations.
    #[arg(long, default_value_t = Options::default().iterations)]
    iterations: usize,
    /// Keep features seen in at least this many training predicates.
    #[arg(long, default_value_t = Options::default().min_count)]
    min_count: u32,
    /// Drop weights whose absolute value is below this.
    #[arg(long, default_value_t = Options::default().prune)]
    prune: f32,
    /// Epochs of the averaged-perceptron sign classifier (0: none); repeat to compare.
    #[arg(long, default_values_t = [Options::default().sign_epochs])]
    sign_epochs: Vec<usize>,
    /// Value (±) given when the sign classifier overrides the regressor's sign.
    #[arg(long, default_value_t = Options::default().sign_margin)]
    sign_margin: f32,
    /// Leave out a feature group (lexical, mood, negation, modal, question, conditional,
    /// embedding, path); `--ablate each` trains one model without each group in turn and
    /// prints its dev figures (no model written).
    #[arg(long)]
    ablate: Vec<String>,
    /// Score the dev split after training and print `dev_<metric> value` lines.
    #[arg(long)]
    dev: bool,
}

fn parse_groups(names: &[String]) -> Result<u32, InputError> {
    let mut g = groups::ALL;
    for name in names {
        let bit = groups::NAMES
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, b)| *b)
            .ok_or_else(|| InputError(format!("unknown feature group '{name}'")))?;
        g &= !bit;
    }
    Ok(g)
}

/// Runs `kg train factuality`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let pipeline = Pipeline::embedded().context("loading the embedded models")?;
    let (train_sentences, report) = uds::read_split(&args.data.uds, &args.data.treebank, "train")
        .map_err(|e| InputError(e.to_string()))?;
    eprintln!(
        "train: {} predicates read, {} without sentence, {} out of range, {} sentences",
        report.predicates,
        report.missing_sentence,
        report.out_of_range,
        train_sentences.len()
    );
    let train_doc = uds::analyze(&train_sentences, &pipeline);
    let each = args.ablate.iter().any(|a| a == "each");
    let mut configs: Vec<(String, u32)> = Vec::new();
    if each {
        configs.push(("all".into(), groups::ALL));
        for (name, bit) in groups::NAMES {
            configs.push((format!("-{name}"), groups::ALL & !bit));
        }
    } else {
        configs.push(("selected".into(), parse_groups(&args.ablate)?));
    }
    let sweep = each || args.lambda.len() > 1 || args.sign_epochs.len() > 1;
    let dev = if args.dev || sweep {
        let (s, _) = uds::read_split(&args.data.uds, &args.data.treebank, "dev")
            .map_err(|e| InputError(e.to_string()))?;
        let d = uds::analyze(&s, &pipeline);
        Some((s, d))
    } else {
        None
    };
    for (name, g) in &configs {
        for (&lambda, &sign_epochs) in args
            .lambda
            .iter()
            .flat_map(|l| args.sign_epochs.iter().map(move |s| (l, s)))
        {
            let options = Options {
                sign_epochs,
                sign_margin: args.sign_margin,
                lambda,
                iterations: args.iterations,
                min_count: args.min_count,
                groups: *g,
                prune: args.prune,
            };
            let model = train(&train_sentences, &train_doc, &options);
            let n_weights = model.weights.len();
            if !sweep {
                crate::nlp::model::save(&args.output, KIND, PAYLOAD_VERSION, &model)
                    .with_context(|| format!("writing {}", args.output.display()))?;
                eprintln!("wrote {} ({n_weights} weights)", args.output.display());
            }
            if let Some((s, d)) = &dev {
                let scores = uds::score(&Factuality::from_model(model), s, d);
                let line: Vec<String> = scores
                    .metrics()
                    .iter()
                    .filter(|(n, _)| *n != "tokens_per_sec")
                    .map(|(n, v)| format!("dev_{n} {v:.4}"))
                    .collect();
                if sweep {
                    println!(
                        "config {name} lambda {lambda} sign_epochs {sign_epochs} weights {n_weights} {}",
                        line.join(" ")
                    );
                } else {
                    for l in line {
                        println!("{l}");
                    }
                }
            }
        }
    }
    Ok(())
}
