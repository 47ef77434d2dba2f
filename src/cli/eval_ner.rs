//! `kg eval ner`: scores the entity recognizer on an IOB2 file, or on the named
//! entities of a GUM CoNLL-U file (derived by [`crate::formats::iob2::gum_named_entities`]).
//!
//! Prints `precision`, `recall`, `f1` (exact span and type, PER/ORG/LOC, CoNLL
//! style, in percent), `gold_spans` (how many gold spans there are),
//! `tokens_per_sec` (recognizer alone, one thread) and per type `precision_per`,
//! `recall_per`, `f1_per`, `gold_per`, … .

use crate::eval::ner::{evaluate, type_names};
use crate::nlp::ner::EntityRecognizer;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `kg eval ner`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Gold data: IOB2 (Universal NER format), or CoNLL-U with GUM's `Entity=`
    /// annotation, whose named persons, organisations and places are the gold spans.
    #[arg(long)]
    gold: PathBuf,
    /// CoNLL-U file whose POS tags are joined to the gold data by sentence id
    /// (sentences whose words differ stay untagged). Without it, kg's own
    /// embedded tagger tags the gold tokens, as at run time.
    #[arg(long)]
    tags: Option<PathBuf>,
    /// Model file to evaluate instead of the embedded one.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Also write every missed or spurious span, with its sentence, to this file.
    #[arg(long)]
    errors: Option<PathBuf>,
}

/// Runs `kg eval ner`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let ner = match &args.model {
        Some(p) => {
            let bytes =
                std::fs::read(p).map_err(|e| anyhow::anyhow!("reading {}: {e}", p.display()))?;
            EntityRecognizer::from_bytes(&bytes)?
        }
        None => EntityRecognizer::embedded()?,
    };
    let gold = super::common::load_gold(&args.gold, args.tags.as_deref())?;
    let spans: Vec<_> = gold.iter().flat_map(|g| g.spans.iter().cloned()).collect();
    let mut docs: Vec<_> = gold.into_iter().map(|g| g.doc).collect();
    if args.tags.is_none() {
        let tagger = crate::nlp::tagger::Tagger::embedded()?;
        let lemmatizer = crate::nlp::lemma::Lemmatizer::embedded()?;
        for doc in &mut docs {
            for i in 0..doc.sentences.len() {
                let tokens = doc.sentence_tokens_mut(i);
                tagger.tag(tokens);
                lemmatizer.check_tags(tokens);
                lemmatizer.lemmatize(tokens);
            }
        }
    }
    let n_tokens: usize = docs
        .iter()
        .map(crate::document::Document::token_count)
        .sum();
    let (scores, secs) = evaluate(&ner, &mut docs, &spans);
    if let Some(path) = &args.errors {
        write_errors(path, &docs, &spans)?;
    }
    let t = scores.total();
    let mut out = std::io::stdout().lock();
    writeln!(out, "precision {:.2}", 100.0 * t.precision())?;
    writeln!(out, "recall {:.2}", 100.0 * t.recall())?;
    writeln!(out, "f1 {:.2}", 100.0 * t.f1())?;
    writeln!(out, "gold_spans {}", t.tp + t.fn_)?;
    writeln!(
        out,
        "tokens_per_sec {:.0}",
        n_tokens as f64 / secs.max(1e-9)
    )?;
    for (name, c) in type_names().iter().zip(&scores.per_type) {
        writeln!(out, "precision_{name} {:.2}", 100.0 * c.precision())?;
        writeln!(out, "recall_{name} {:.2}", 100.0 * c.recall())?;
        writeln!(out, "f1_{name} {:.2}", 100.0 * c.f1())?;
        writeln!(out, "gold_{name} {}", c.tp + c.fn_)?;
    }
    Ok(())
}

fn write_errors(
    path: &std::path::Path,
    docs: &[crate::document::Document],
    gold: &[Vec<(std::ops::Range<usize>, usize)>],
) -> anyhow::Result<()> {
    let names = ["PER", "ORG", "LOC"];
    let mut out = crate::io::AtomicOutput::create(path)?;
    let mut g = gold.iter();
    for d in docs {
        for s in &d.sentences {
            let gold = g.next().cloned().unwrap_or_default();
            let pred = crate::nlp::ner::entity_spans(s);
            let toks = d.sentence_tokens(s);
            let text = |r: &std::ops::Range<usize>| {
                toks[r.clone()]
                    .iter()
                    .map(|t| t.form.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let missed: Vec<_> = gold.iter().filter(|x| !pred.contains(x)).collect();
            let spurious: Vec<_> = pred.iter().filter(|x| !gold.contains(x)).collect();
            if missed.is_empty() && spurious.is_empty() {
                continue;
            }
            writeln!(out, "# {}", d.sentence_text(s).trim_end())?;
            for m in missed {
                writeln!(out, "missed\t{}\t{}", names[m.1], text(&m.0))?;
            }
            for m in spurious {
                writeln!(out, "spurious\t{}\t{}", names[m.1], text(&m.0))?;
            }
        }
    }
    out.commit()?;
    Ok(())
}
