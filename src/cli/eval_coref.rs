//! `kg eval coref`: scores within-document coreference on a gold directory.
//!
//! Prints `muc_f1`, `b3_f1`, `ceafe_f1`, `avg_f1` (their mean), then precision and
//! recall of each metric and `tokens_per_sec` of coreference alone.

use crate::document::{CharOffsets, Document};
use crate::eval::coref::{b_cubed, ceaf_e, muc, parse_gold, Counts};
use crate::nlp::pipeline::Pipeline;
use anyhow::Context;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

/// Arguments of `kg eval coref`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of `NAME.txt` texts with `NAME.clusters` gold clusters (format in
    /// `eval::coref`).
    #[arg(long)]
    gold: PathBuf,
    /// Also print each document's system clusters (mention texts) to standard error.
    #[arg(long)]
    show: bool,
}

/// Runs `kg eval coref`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "clusters"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(
            crate::cli::InputError(format!("{}: no .clusters files", args.gold.display())).into(),
        );
    }
    let pipeline = Pipeline::embedded()?;
    let (mut m, mut b, mut c) = (Counts::default(), Counts::default(), Counts::default());
    let (mut tokens, mut secs) = (0usize, 0f64);
    for path in &files {
        let txt = path.with_extension("txt");
        let text =
            std::fs::read_to_string(&txt).with_context(|| format!("reading {}", txt.display()))?;
        let gold_text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let key = parse_gold(&text, &gold_text)
            .map_err(|e| crate::cli::InputError(format!("{}: {e}", path.display())))?;
        let mut doc = Document::new(txt.display().to_string(), text);
        pipeline.analyze(&mut doc);
        let start = std::time::Instant::now();
        let coref = crate::coref::resolve(&doc);
        secs += start.elapsed().as_secs_f64();
        tokens += doc.token_count();
        let chars = CharOffsets::new(&doc.text);
        let response: Vec<Vec<Range<usize>>> = coref
            .clusters()
            .iter()
            .map(|cl| {
                cl.mentions
                    .iter()
                    .map(|&i| {
                        let s = coref.mentions()[i].span;
                        chars.char_offset(s.start as usize)..chars.char_offset(s.end as usize)
                    })
                    .collect()
            })
            .collect();
        if args.show {
            eprintln!("# {}", path.display());
            for cl in coref.clusters() {
                let t: Vec<&str> = cl
                    .mentions
                    .iter()
                    .map(|&i| coref.mentions()[i].text.as_str())
                    .collect();
                eprintln!("{:?}\t{}", cl.kind, t.join(" | "));
            }
        }
        m.add(muc(&key, &response));
        b.add(b_cubed(&key, &response));
        c.add(ceaf_e(&key, &response));
    }
    let mut out = std::io::stdout().lock();
    writeln!(out, "muc_f1 {:.4}", m.f1())?;
    writeln!(out, "b3_f1 {:.4}", b.f1())?;
    writeln!(out, "ceafe_f1 {:.4}", c.f1())?;
    writeln!(out, "avg_f1 {:.4}", (m.f1() + b.f1() + c.f1()) / 3.0)?;
    for (name, x) in [("muc", m), ("b3", b), ("ceafe", c)] {
        writeln!(out, "{name}_precision {:.4}", x.precision())?;
        writeln!(out, "{name}_recall {:.4}", x.recall())?;
    }
    writeln!(out, "documents {}", files.len())?;
    writeln!(out, "tokens_per_sec {:.0}", tokens as f64 / secs.max(1e-9))?;
    Ok(())
}
