//! `kg eval parser`: scores a parser model file on a CoNLL-U file (gold tokenisation, the
//! file's own tags) and times it; optionally prunes it, leaves feature templates out and
//! writes the resulting model, for the experiments recorded in `models/MODELS.md`.
//!
//! Prints `uas`, `las`, `las_full`, `tokens_per_second` (CPU time of one thread) and
//! `model_bytes` lines, and `features` / `weights` after pruning.

use crate::cli::InputError;
use crate::eval::attachment::AttachmentScores;
use crate::formats::conllu;
use crate::nlp::{parser::BeamOptions, parser::Parser};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg eval parser`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The parser model (`models/parser.kgm` or one written by `kg train parser`).
    model: PathBuf,
    /// Gold CoNLL-U; its tags are the parser's input, its trees the gold.
    gold: PathBuf,
    /// Drop weights whose magnitude is below this threshold first.
    #[arg(long, value_name = "THRESHOLD")]
    prune: Option<f32>,
    /// Leave these feature templates out (comma-separated template numbers).
    #[arg(long, value_name = "T1,T2,…", value_delimiter = ',')]
    drop: Vec<u32>,
    /// Write the (pruned, template-dropping) model here.
    #[arg(short = 'o', long, value_name = "OUT.kgm")]
    output: Option<PathBuf>,
    /// Write the parsed sentences here as CoNLL-U.
    #[arg(long, value_name = "OUT.conllu")]
    write: Option<PathBuf>,
    /// Beam search: `WIDTH[,TEMPERATURE[,MARGIN]]` (1 is greedy).
    #[arg(long, value_name = "W[,T[,M]]")]
    beam: Option<String>,
}

/// Runs `kg eval parser`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut bytes =
        std::fs::read(&args.model).with_context(|| format!("reading {}", args.model.display()))?;
    let mut parser = Parser::from_bytes(&bytes)
        .map_err(|e| InputError(format!("{}: {e}", args.model.display())))?;
    if let Some(p) = args.prune {
        parser = parser.pruned(p);
        outln!("features {}", parser.weights().n_features());
        outln!("weights {}", parser.weights().n_weights());
    }
    if !args.drop.is_empty() {
        let mask = args
            .drop
            .iter()
            .fold(0u128, |mask, &t| mask | 1u128 << t.min(127));
        parser = parser.with_dropped_templates(mask);
    }
    if args.prune.is_some() || parser.dropped_templates() != 0 {
        bytes = parser.to_bytes()?;
    }
    if let Some(out) = &args.output {
        let mut w = crate::io::AtomicOutput::create(out)
            .with_context(|| format!("creating {}", out.display()))?;
        std::io::Write::write_all(&mut w, &bytes)?;
        w.commit()
            .with_context(|| format!("writing {}", out.display()))?;
    }
    if let Some(beam) = &args.beam {
        parser = parser.with_beam(beam_options(beam)?);
    }
    let sentences = conllu::read_path(&args.gold).map_err(|e| InputError(e.to_string()))?;
    let mut inputs: Vec<Vec<crate::Token>> = sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| crate::Token {
                    head: None,
                    deprel: String::new(),
                    ..w.clone()
                })
                .collect()
        })
        .collect();
    // CPU time of this thread (Linux), so that a busy machine does not distort the
    // figure; wall-clock time where /proc is unavailable.
    let cpu = || -> Option<f64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
    };
    let rounds = 3;
    let (wall, cpu0) = (std::time::Instant::now(), cpu());
    for _ in 0..rounds {
        for tokens in &mut inputs {
            parser.parse(tokens);
        }
    }
    let secs = match (cpu0, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed().as_secs_f64(),
    } / f64::from(rounds);
    if let Some(path) = &args.write {
        let mut w = crate::io::AtomicOutput::create(path)
            .with_context(|| format!("creating {}", path.display()))?;
        for tokens in &inputs {
            for (i, t) in tokens.iter().enumerate() {
                conllu::write_word(&mut w, i + 1, t, "_")?;
            }
            std::io::Write::write_all(&mut w, b"\n")?;
        }
        w.commit()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    let mut scores = AttachmentScores::default();
    for (s, tokens) in sentences.iter().zip(&inputs) {
        scores.add(&s.words, tokens);
    }
    outln!("uas {:.2}", scores.uas());
    outln!("las {:.2}", scores.las());
    outln!("las_full {:.2}", scores.las_full());
    outln!("tokens_per_second {:.0}", scores.words as f64 / secs);
    outln!("model_bytes {}", bytes.len());
    Ok(())
}

/// `WIDTH[,TEMPERATURE[,MARGIN]]`.
fn beam_options(spec: &str) -> anyhow::Result<BeamOptions> {
    let bad = || {
        InputError(format!(
            "--beam: expected WIDTH[,TEMPERATURE[,MARGIN]], got {spec}"
        ))
    };
    let mut parts = spec.split(',');
    let width: usize = parts
        .next()
        .unwrap_or("1")
        .trim()
        .parse()
        .map_err(|_| bad())?;
    if width == 0 {
        return Err(bad().into());
    }
    let mut options = BeamOptions::new(width);
    if let Some(t) = parts.next() {
        options.temperature = t.trim().parse().map_err(|_| bad())?;
    }
    if let Some(m) = parts.next() {
        options.margin = m.trim().parse().map_err(|_| bad())?;
    }
    Ok(options)
}
