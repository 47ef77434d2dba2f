//! `kg eval factuality --uds DIR --treebank DIR --split test`: scores the factuality
//! model on UDS-IH2 from kg's own analysis of the treebank's gold tokens; prints
//! `pearson`, `mae`, `accuracy`, `f1_nonfactual`, `tokens_per_sec` (and `predicates`)
//! as `name value` lines.

use super::common::UdsData;
use crate::cli::InputError;
use crate::eval::uds;
use crate::nlp::factuality::Factuality;
use crate::nlp::pipeline::Pipeline;
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg eval factuality`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    data: UdsData,
    /// Split to score.
    #[arg(long, default_value = "test", value_parser = ["train", "dev", "test"])]
    split: String,
    /// A model file to use instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Also write one TSV line per predicate (sent_id, word, form, gold, predicted, kg's
    /// XPOS, relation and governor lemma, text)
    /// to this file, for error analysis.
    #[arg(long)]
    dump: Option<PathBuf>,
}

/// Runs `kg eval factuality`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let loaded;
    let model = match &args.model {
        Some(p) => {
            loaded = Factuality::load(p).with_context(|| format!("loading {}", p.display()))?;
            &loaded
        }
        None => Factuality::embedded().context("loading the embedded factuality model")?,
    };
    let (sentences, _) = uds::read_split(&args.data.uds, &args.data.treebank, &args.split)
        .map_err(|e| InputError(e.to_string()))?;
    let pipeline = Pipeline::embedded().context("loading the embedded models")?;
    let doc = uds::analyze(&sentences, &pipeline);
    let scores = uds::score(model, &sentences, &doc);
    if let Some(path) = &args.dump {
        use std::io::Write as _;
        let mut out = crate::io::AtomicOutput::create(path)
            .with_context(|| format!("creating {}", path.display()))?;
        for (s, us) in sentences.iter().enumerate() {
            for p in &us.predicates {
                let value = model.predict(&doc, s, p.word);
                let tokens = doc.sentence_tokens(&doc.sentences[s]);
                let t = &tokens[p.word];
                let governor = t.head_word().map_or("", |h| tokens[h.get()].lemma.as_str());
                writeln!(
                    out,
                    "{}\t{}\t{}\t{:.3}\t{value:.3}\t{}\t{}\t{governor}\t{}",
                    us.sentence.id.as_deref().unwrap_or(""),
                    p.word + 1,
                    us.sentence.words[p.word].form,
                    p.value,
                    t.xpos,
                    t.deprel,
                    us.sentence.text.as_deref().unwrap_or("")
                )?;
            }
        }
        out.commit()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    for (name, value) in scores.metrics() {
        match name {
            "tokens_per_sec" | "predicates" => outln!("{name} {value:.0}"),
            "accuracy" | "f1_nonfactual" => outln!("{name} {value:.2}"),
            _ => outln!("{name} {value:.4}"),
        }
    }
    Ok(())
}
