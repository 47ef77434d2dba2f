//! `kg eval carb`: scores Open IE extractions on CaRB (see `src/eval/carb.rs`).
//!
//! With `--sentences`, kg analyses and extracts from the benchmark's sentences itself; with
//! `--predictions`, it scores an existing prediction file in CaRB's tabbed format. Prints
//! `auc`, `f1`, `precision` and `recall` lines.

use super::InputError;
use crate::eval::carb::{self, Gold, Predictions};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `kg eval carb`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold tuples (`SENTENCE<TAB>RELATION<TAB>ARG1<TAB>ARG2…`).
    #[arg(long)]
    gold: PathBuf,
    /// Sentences to run kg on, one per line, PTB-tokenized (CaRB's `dev.txt`).
    #[arg(
        long,
        required_unless_present = "predictions",
        conflicts_with = "predictions"
    )]
    sentences: Option<PathBuf>,
    /// Score this prediction file (`SENTENCE<TAB>CONF<TAB>RELATION<TAB>ARG1…`) instead.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Also write kg's predictions here (with `--sentences`).
    #[arg(long)]
    save_predictions: Option<PathBuf>,
    /// Write the precision/recall curve (`precision recall confidence` lines) here.
    #[arg(long)]
    curve: Option<PathBuf>,
    /// Parse with a beam of this many paths: 1 is greedy parsing; 4 is about 1.3 points
    /// of attachment score more accurate (EWT dev) and about 4 times slower to parse.
    #[arg(long, value_name = "WIDTH", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=16))]
    beam: u8,
}

/// Runs `kg eval carb`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let gold = Gold::read_path(&args.gold).map_err(|e| InputError(e.to_string()))?;
    let predictions = match (&args.predictions, &args.sentences) {
        (Some(p), _) => Predictions::read(
            crate::io::open_input(p).with_context(|| format!("opening {}", p.display()))?,
            &p.display().to_string(),
        )
        .map_err(|e| InputError(e.to_string()))?,
        (None, Some(s)) => {
            let text =
                std::fs::read_to_string(s).with_context(|| format!("reading {}", s.display()))?;
            let lines = super::common::carb_predictions(&text, args.beam)?;
            if let Some(out) = &args.save_predictions {
                let mut w = crate::io::AtomicOutput::create(out)
                    .with_context(|| format!("creating {}", out.display()))?;
                for l in &lines {
                    writeln!(w, "{l}").with_context(|| format!("writing {}", out.display()))?;
                }
                w.commit()
                    .with_context(|| format!("writing {}", out.display()))?;
            }
            Predictions::read(lines.join("\n").as_bytes(), "kg")
                .map_err(|e| InputError(e.to_string()))?
        }
        (None, None) => return Err(InputError("give --sentences or --predictions".into()).into()),
    };
    let score = carb::score(&gold, &predictions);
    if let Some(path) = &args.curve {
        let mut w = crate::io::AtomicOutput::create(path)
            .with_context(|| format!("creating {}", path.display()))?;
        writeln!(w, "precision\trecall\tconfidence")?;
        for pt in &score.curve {
            writeln!(
                w,
                "{:.6}\t{:.6}\t{}",
                pt.precision, pt.recall, pt.confidence
            )?;
        }
        w.commit()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    outln!("auc {:.4}", score.auc);
    outln!("f1 {:.4}", score.f1);
    outln!("precision {:.4}", score.precision);
    outln!("recall {:.4}", score.recall);
    Ok(())
}
