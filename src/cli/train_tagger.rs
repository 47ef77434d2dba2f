//! `kg train tagger`: trains the part-of-speech tagger (and, on request, a lemmatizer
//! without a lexicon) from CoNLL-U treebanks, and optionally writes jack-knifed
//! predicted tags.

use crate::cli::InputError;
use crate::formats::conllu::{self, ConlluSentence};
use crate::train::lemma::{self as lemma_train, LemmaConfig};
use crate::train::tagger::{self as tagger_train, TaggerConfig};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Arguments of `kg train tagger`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Training treebank (CoNLL-U), e.g. en_ewt-ud-train.conllu; repeat for several
    /// treebanks, which are concatenated in the order given.
    #[arg(long, required = true)]
    train: Vec<PathBuf>,
    /// Development treebank (CoNLL-U) for choosing the number of epochs; repeat for
    /// several (epochs are chosen on their concatenation, each is also scored apart).
    #[arg(long, required = true)]
    dev: Vec<PathBuf>,
    /// Where to write the tagger model.
    #[arg(short, long, default_value = "models/tagger.kgm")]
    output: PathBuf,
    /// Also write the lemmatizer trained here (on --train alone, without a lexicon) to
    /// this file; the shipped one comes from `kg train lemma`.
    #[arg(long)]
    lemmatizer_output: Option<PathBuf>,
    /// Most training epochs per pass.
    #[arg(long, default_value_t = 12)]
    epochs: usize,
    /// Train only the first (left-to-right) pass.
    #[arg(long)]
    one_pass: bool,
    /// Drop averaged weights whose absolute value is at most this.
    #[arg(long, default_value_t = 0.0)]
    prune: f32,
    /// A word enters the tag dictionary when seen at least this often…
    #[arg(long, default_value_t = 20)]
    tagdict_min_count: u32,
    /// …with its most frequent tag at least this share of the time.
    #[arg(long, default_value_t = 0.97)]
    tagdict_min_share: f64,
    /// Let the second pass re-tag the words whose first-pass margin is at most the margin
    /// with the best dev accuracy (default: the smallest margin within 0.02 of the second
    /// pass alone, as for the shipped EWT-only tagger).
    #[arg(long)]
    best_margin: bool,
    /// Add each word's WordNet class (parts of speech of the form and of the lemmas its
    /// regular inflection may come from, from the embedded lemmatizer's lexicon) to the
    /// features; the model then needs that same lexicon (payload version 2).
    #[arg(long)]
    word_classes: bool,
    /// Jack-knife the training treebank into this many folds (≥ 2).
    #[arg(long, requires = "jackknife_out")]
    jackknife: Option<usize>,
    /// Where to write the training treebank(s), concatenated, with jack-knifed UPOS and XPOS.
    #[arg(long, requires = "jackknife")]
    jackknife_out: Option<PathBuf>,
    /// A treebank to tag with the trained model (repeatable; pairs with --predict-out).
    #[arg(long)]
    predict: Vec<PathBuf>,
    /// Where to write the treebank given by the matching --predict, with predicted UPOS and XPOS.
    #[arg(long)]
    predict_out: Vec<PathBuf>,
}

fn read(path: &Path) -> anyhow::Result<Vec<ConlluSentence>> {
    conllu::read_path(path).map_err(|e| InputError(e.to_string()).into())
}

/// The sentences of several treebanks, concatenated in order.
fn read_all(paths: &[PathBuf]) -> anyhow::Result<Vec<ConlluSentence>> {
    let mut all = Vec::new();
    for p in paths {
        all.extend(read(p)?);
    }
    Ok(all)
}

/// The text of several CoNLL-U files, concatenated in order, each ending with a
/// blank line so that no sentence runs into the next file's first.
fn concat_text(paths: &[PathBuf]) -> anyhow::Result<String> {
    let mut text = String::new();
    for p in paths {
        let t = std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
        text.push_str(&t);
        if !t.ends_with('\n') {
            text.push('\n');
        }
        if !text.ends_with("\n\n") && !t.trim().is_empty() {
            text.push('\n');
        }
    }
    Ok(text)
}

fn write_tagged(
    sources: &[PathBuf],
    tags: &[Vec<(crate::document::Upos, String)>],
    out: &Path,
) -> anyhow::Result<()> {
    let text = concat_text(sources)?;
    let names: Vec<String> = sources.iter().map(|p| p.display().to_string()).collect();
    let tagged = tagger_train::replace_tags(&text, tags)
        .map_err(|e| InputError(format!("{}: {e}", names.join(" + "))))?;
    let mut w = crate::io::AtomicOutput::create(out)
        .with_context(|| format!("creating {}", out.display()))?;
    std::io::Write::write_all(&mut w, tagged.as_bytes())
        .with_context(|| format!("writing {}", out.display()))?;
    w.commit()
        .with_context(|| format!("writing {}", out.display()))?;
    Ok(())
}

/// Runs `kg train tagger`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if args.predict.len() != args.predict_out.len() {
        return Err(InputError("--predict and --predict-out must come in pairs".into()).into());
    }
    if args.jackknife.is_some_and(|k| k < 2) {
        return Err(InputError("--jackknife needs at least 2 folds".into()).into());
    }
    let train = read_all(&args.train)?;
    let dev_sets: Vec<Vec<ConlluSentence>> = args
        .dev
        .iter()
        .map(|p| read(p))
        .collect::<anyhow::Result<_>>()?;
    let dev: Vec<ConlluSentence> = dev_sets.iter().flatten().cloned().collect();
    let cfg = TaggerConfig {
        max_epochs: args.epochs,
        two_pass: !args.one_pass,
        prune: args.prune,
        tagdict_min_count: args.tagdict_min_count,
        tagdict_min_share: args.tagdict_min_share,
        best_margin: args.best_margin,
        word_classes: args.word_classes,
        ..TaggerConfig::default()
    };
    let mut log = |s: &str| eprintln!("{s}");
    let start = Instant::now();
    let tagger = tagger_train::train(&train, &dev, &cfg, &mut log);
    let acc = tagger_train::accuracy(&tagger, &dev);
    eprintln!(
        "tagger trained in {:.1} s; dev UPOS {:.2} XPOS {:.2}",
        start.elapsed().as_secs_f64(),
        acc.upos,
        acc.xpos
    );
    if dev_sets.len() > 1 {
        for (path, set) in args.dev.iter().zip(&dev_sets) {
            let acc = tagger_train::accuracy(&tagger, set);
            eprintln!(
                "  {}: UPOS {:.2} XPOS {:.2}",
                path.display(),
                acc.upos,
                acc.xpos
            );
        }
    }
    tagger
        .save(&args.output)
        .with_context(|| format!("saving {}", args.output.display()))?;

    let start = Instant::now();
    let lemmatizer = lemma_train::train(&train, &LemmaConfig::default());
    let gold_tags = lemma_train::accuracy(&lemmatizer, &dev);
    let mut tagged_dev = dev.clone();
    for s in &mut tagged_dev {
        tagger.tag(&mut s.words);
    }
    let mut n = 0usize;
    let mut right = 0usize;
    for (s, g) in tagged_dev.iter_mut().zip(&dev) {
        lemmatizer.lemmatize(&mut s.words);
        for (p, gw) in s.words.iter().zip(&g.words) {
            right += usize::from(p.lemma == gw.lemma);
            n += 1;
        }
    }
    eprintln!(
        "lemmatizer trained in {:.1} s; dev lemma {:.2} (gold tags {:.2})",
        start.elapsed().as_secs_f64(),
        100.0 * right as f64 / n.max(1) as f64,
        gold_tags
    );
    if let Some(out) = &args.lemmatizer_output {
        lemmatizer
            .save(out)
            .with_context(|| format!("saving {}", out.display()))?;
    }

    for (input, output) in args.predict.iter().zip(&args.predict_out) {
        let gold = read(input)?;
        let tags: Vec<Vec<_>> = gold
            .iter()
            .map(|s| {
                let mut words = s.words.clone();
                tagger.tag(&mut words);
                words.into_iter().map(|w| (w.upos, w.xpos)).collect()
            })
            .collect();
        write_tagged(std::slice::from_ref(input), &tags, output)?;
        eprintln!("wrote {}", output.display());
    }
    if let (Some(k), Some(out)) = (args.jackknife, &args.jackknife_out) {
        let start = Instant::now();
        let tags = tagger_train::jackknife(&train, &dev, k, &cfg, &mut log);
        let (mut u, mut x, mut n) = (0usize, 0usize, 0usize);
        for (s, t) in train.iter().zip(&tags) {
            for (w, (up, xp)) in s.words.iter().zip(t) {
                u += usize::from(w.upos == *up);
                x += usize::from(w.xpos == *xp);
                n += 1;
            }
        }
        write_tagged(&args.train, &tags, out)?;
        eprintln!(
            "jack-knifed {k} folds in {:.1} s: train UPOS {:.2} XPOS {:.2}; wrote {}",
            start.elapsed().as_secs_f64(),
            100.0 * u as f64 / n.max(1) as f64,
            100.0 * x as f64 / n.max(1) as f64,
            out.display()
        );
    }
    Ok(())
}
