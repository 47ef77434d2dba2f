//! `kg train tokenizer`: learns the tokenizer's word lists from a treebank.

use anyhow::Context;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Arguments of `kg train tokenizer`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training treebank with raw text (CoNLL-U with `SpaceAfter=No` and multiword tokens);
    /// repeat for several, which are counted together.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Directory that receives abbreviations.txt, hyphen_whole.txt and contractions.txt.
    #[arg(long, default_value = "models/tokenizer")]
    out_dir: PathBuf,
}

/// Runs `kg train tokenizer`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut sentences = Vec::new();
    for p in &args.train {
        sentences.extend(
            crate::formats::conllu::read_path(p)
                .with_context(|| format!("reading {}", p.display()))?,
        );
    }
    let lists = crate::train::tokenizer::learn(&sentences);
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating {}", args.out_dir.display()))?;
    write_list(
        &args.out_dir.join("abbreviations.txt"),
        &lists.abbreviations,
    )?;
    write_list(&args.out_dir.join("hyphen_whole.txt"), &lists.hyphen_whole)?;
    write_list(&args.out_dir.join("contractions.txt"), &lists.contractions)?;
    eprintln!(
        "abbreviations {}, hyphen prefixes {}, contractions {}",
        lists.abbreviations.len(),
        lists.hyphen_whole.len(),
        lists.contractions.len()
    );
    Ok(())
}

fn write_list(path: &Path, lines: &[String]) -> anyhow::Result<()> {
    let mut out = crate::io::AtomicOutput::create(path)
        .with_context(|| format!("writing {}", path.display()))?;
    for l in lines {
        writeln!(out, "{l}").with_context(|| format!("writing {}", path.display()))?;
    }
    out.commit()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
