//! `kg train verb-voice`: counts, from gold treebanks, which verbs take a passive and which
//! keep a complement in it (`models/verb_voice.tsv`, see `nlp::verb_voice`).

use crate::cli::InputError;
use crate::nlp::verb_voice::VerbVoice;
use crate::train::verb_voice;
use anyhow::Context;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `kg train verb-voice`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold CoNLL-U training files (repeat: `--train EWT --train GUM`).
    #[arg(long, value_name = "FILE", required = true)]
    train: Vec<PathBuf>,
    /// Where to write the table.
    #[arg(short, long, default_value = "models/verb_voice.tsv")]
    output: PathBuf,
}

/// Runs `kg train verb-voice`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut table = BTreeMap::new();
    let mut sentences = 0;
    for path in &args.train {
        let read =
            crate::formats::conllu::read_path(path).map_err(|e| InputError(e.to_string()))?;
        sentences += read.len();
        verb_voice::count(&read, &mut table);
    }
    if table.is_empty() {
        return Err(InputError("no verbs read from the training files".into()).into());
    }
    let files: Vec<String> = args
        .train
        .iter()
        .map(|p| format!("--train {}", p.display()))
        .collect();
    let header = [
        format!(
            "kg train verb-voice {} -o {}",
            files.join(" "),
            args.output.display()
        ),
        "lemma<TAB>uses<TAB>passive<TAB>object<TAB>passive_complement (verb uses of the gold \
         training trees; see src/nlp/verb_voice.rs for how they are read)"
            .to_owned(),
        "Derived from UD English EWT (CC BY-SA 4.0) and GUM (CC BY, per genre); see models/MODELS.md"
            .to_owned(),
    ];
    let tsv = verb_voice::to_tsv(&table, &header);
    let voice = VerbVoice::parse(&tsv).context("the generated table does not parse")?;
    let passive = table.values().filter(|c| c.takes_passive()).count();
    let complement = table
        .values()
        .filter(|c| c.keeps_complement_in_passive())
        .count();
    println!("sentences {sentences}");
    println!("verbs {}", voice.len());
    println!("takes_passive {passive}");
    println!("keeps_complement_in_passive {complement}");
    println!("bytes {}", tsv.len());
    std::fs::write(&args.output, tsv.as_bytes())
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}
