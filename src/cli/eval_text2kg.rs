//! `kg eval text2kg --data DIR`: Text2KGBench. For each ontology of a dataset directory laid
//! out as the benchmark's (`ontologies/`, `train/`, `test/`, `ground_truth/`,
//! `unseen_sentences/`), trains the ontology mapper (`mapper`) on `train/` and maps the
//! sentences of the chosen split (`test`, `unseen`, or `cv`: K-fold cross-validation on
//! `train/`, for DBpedia-WebNLG whose test split is kept apart), then scores them with the
//! benchmark's metrics (`eval::text2kg`). Prints `name value` lines: `precision`, `recall`,
//! `f1`, `onto_conformance`, `sub_halluc`, `rel_halluc`, `obj_halluc` averaged over
//! ontologies, `strict_precision` (the share of all system triples that are gold triples of
//! their sentence, per ontology, averaged: the benchmark's precision sets aside triples whose
//! relation the sentence's gold lacks), `precision_<id>`, `recall_<id>`, `f1_<id>` per
//! ontology, `sentences` and
//! `sentences_per_second` (analysis and mapping of the evaluated sentences: CPU time of the
//! one thread they run on, training excluded). Alignment counts and thresholds go to standard error.
//! With `--score OUTDIR` the system output is read from `OUTDIR/<id>_output.jsonl` (the
//! benchmark's format) and scored the same way, with nothing trained or mapped.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::common::{examples, read_train};
use crate::cli::InputError;
use crate::eval::ner::thread_cpu_seconds;
use crate::eval::text2kg::{
    normalize, read_jsonl, system_relation, GoldSentence, Scorer, Scores, Stemmer, Triple,
};
use crate::formats::ontology::Ontology;
use crate::io::AtomicOutput;
use crate::mapper::{Analysed, Mapper, Objective};
use crate::nlp::pipeline::Pipeline;

/// Which sentences are mapped and scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Split {
    /// `test/` and `ground_truth/`.
    Test,
    /// `unseen_sentences/test/` and `unseen_sentences/ground_truth/`.
    Unseen,
    /// K-fold cross-validation on `train/` (see `--folds`).
    Cv,
}

/// What the mapper's thresholds are tuned for (on a held-out fifth of the training sentences).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Tune {
    /// The benchmark's F1, which sets aside a sentence's triples of relations its gold lacks:
    /// the best pair of every relation is output.
    Benchmark,
    /// F1 over every output triple: fewer, surer triples.
    Strict,
}

/// Arguments of `kg eval text2kg`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A dataset directory of the benchmark (`…/wikidata_tekgen`, `…/dbpedia_webnlg`).
    #[arg(long, value_name = "DIR")]
    data: PathBuf,
    /// The sentences to score.
    #[arg(long, value_enum, default_value_t = Split::Test)]
    split: Split,
    /// Folds of `--split cv` (sentence i is in fold i mod K).
    #[arg(long, value_name = "K", default_value_t = 5)]
    folds: usize,
    /// What the decoding thresholds are tuned for.
    #[arg(long, value_enum, default_value_t = Tune::Benchmark)]
    tune: Tune,
    /// Only these ontologies (ids such as `ont_7_space`; repeatable).
    #[arg(long, value_name = "ID")]
    ontology: Vec<String>,
    /// Read only the first N training and the first N evaluated sentences of each ontology.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Write the system output, one `<id>_output.jsonl` per ontology, as the benchmark's
    /// scorer reads it: `{"id", "sent", "triples": [[sub, rel, obj], …]}`.
    #[arg(long, value_name = "OUTDIR")]
    write_output: Option<PathBuf>,
    /// Score the system output in this directory instead of training and mapping: one
    /// `<id>_output.jsonl` per ontology, as `--write-output` writes it and the benchmark's
    /// scorer reads it (another system's, or the ground truth itself).
    #[arg(
        long,
        value_name = "OUTDIR",
        conflicts_with_all = ["write_output", "tune", "folds"]
    )]
    score: Option<PathBuf>,
}

fn input(e: crate::formats::ParseError) -> anyhow::Error {
    InputError(e.to_string()).into()
}

/// The ontology files of `dir/ontologies`, ordered by their leading number.
fn ontology_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let odir = dir.join("ontologies");
    let entries =
        std::fs::read_dir(&odir).map_err(|e| InputError(format!("{}: {e}", odir.display())))?;
    let mut files: Vec<(u32, PathBuf)> = Vec::new();
    for e in entries {
        let path = e?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with("_ontology.json") {
            let n = name
                .split('_')
                .next()
                .and_then(|n| n.parse().ok())
                .unwrap_or(u32::MAX);
            files.push((n, path));
        }
    }
    files.sort();
    Ok(files.into_iter().map(|f| f.1).collect())
}

struct Outcome {
    scores: Scores,
    /// Share of all system triples that are gold triples of their sentence (no triple set
    /// aside for its relation), counted over the ontology's triples.
    strict: (usize, usize),
    sentences: usize,
    seconds: f64,
}

/// Trains on `train` and maps `eval`, returning the system triples by sentence id.
fn train_and_map(
    tune: Tune,
    pipeline: &Pipeline,
    ontology: &Ontology,
    train: &[GoldSentence],
    eval: &[GoldSentence],
) -> (HashMap<String, Vec<Triple>>, f64) {
    let analysed: Vec<Analysed> = train
        .iter()
        .map(|g| Analysed::new(pipeline, &g.sent))
        .collect();
    let mut unknown = 0;
    let ex = examples(ontology, train, &analysed, &mut unknown);
    let objective = match tune {
        Tune::Benchmark => Objective::Benchmark,
        Tune::Strict => Objective::Strict,
    };
    let (mapper, align, held) = Mapper::train(&ex, ontology.properties.len(), objective);
    let t = mapper.thresholds();
    eprintln!(
        "{}: {} training sentences, {} triples ({} with a relation outside the ontology), \
         subject on a candidate {}, object {}, both {}; thresholds keep {} fallback {} per relation {}; \
         held-out f1 {held:.4}",
        ontology.id,
        train.len(),
        align.triples + unknown,
        unknown,
        align.subject,
        align.object,
        align.both,
        t.keep,
        t.fallback,
        t.per_relation
    );
    let labels: Vec<String> = ontology
        .properties
        .iter()
        .map(|r| system_relation(&r.label))
        .collect();
    let (start, cpu) = (Instant::now(), thread_cpu_seconds());
    let mut out = HashMap::new();
    let mut analysis = 0.0;
    for g in eval {
        let t0 = thread_cpu_seconds();
        let a = Analysed::new(pipeline, &g.sent);
        analysis += thread_cpu_seconds().zip(t0).map_or(0.0, |(b, a)| b - a);
        let triples = mapper
            .map(&a)
            .into_iter()
            .map(|m| Triple {
                sub: m.sub,
                rel: labels[m.rel].clone(),
                obj: m.obj,
            })
            .collect();
        out.insert(g.id.clone(), triples);
    }
    let total = match (cpu, thread_cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => start.elapsed().as_secs_f64(),
    };
    eprintln!(
        "{}: {} sentences in {total:.2} s of CPU, analysis and candidates {analysis:.2} s",
        ontology.id,
        eval.len()
    );
    (out, total)
}

/// (system triples that are gold triples of their sentence, system triples).
fn strict_counts(gt: &[GoldSentence], system: &HashMap<String, Vec<Triple>>) -> (usize, usize) {
    let key = |s: &str, r: &str, o: &str| (normalize(s), normalize(r), normalize(o));
    let (mut hit, mut all) = (0, 0);
    for g in gt {
        let gold: std::collections::HashSet<_> = g
            .triples
            .iter()
            .map(|t| key(&t.sub, &t.rel, &t.obj))
            .collect();
        for t in system.get(&g.id).into_iter().flatten() {
            all += 1;
            hit += usize::from(gold.contains(&key(&t.sub, &t.rel, &t.obj)));
        }
    }
    (hit, all)
}

fn write_output(
    dir: &Path,
    id: &str,
    eval: &[GoldSentence],
    system: &HashMap<String, Vec<Triple>>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut out = AtomicOutput::create(&dir.join(format!("{id}_output.jsonl")))?;
    for g in eval {
        let triples: Vec<[&str; 3]> = system
            .get(&g.id)
            .map(|ts| {
                ts.iter()
                    .map(|t| [t.sub.as_str(), t.rel.as_str(), t.obj.as_str()])
                    .collect()
            })
            .unwrap_or_default();
        let line = serde_json::json!({"id": g.id, "sent": g.sent, "triples": triples});
        writeln!(out, "{line}")?;
    }
    out.commit()?;
    Ok(())
}

/// One line of a system-output file: `{"id", "triples": [[sub, rel, obj], …]}`.
#[derive(serde::Deserialize)]
struct SystemLine {
    id: String,
    #[serde(default)]
    triples: Vec<(String, String, String)>,
}

/// A system-output file by sentence id (a repeated id counts with its last line, as the
/// benchmark's dictionary does).
fn read_system(path: &Path) -> anyhow::Result<HashMap<String, Vec<Triple>>> {
    let lines: Vec<SystemLine> = read_jsonl(path).map_err(input)?;
    Ok(lines
        .into_iter()
        .map(|l| {
            let triples = l
                .triples
                .into_iter()
                .map(|(sub, rel, obj)| Triple { sub, rel, obj })
                .collect();
            (l.id, triples)
        })
        .collect())
}

fn run_ontology(
    args: &Args,
    pipeline: &Pipeline,
    stemmer: &Stemmer,
    path: &Path,
) -> anyhow::Result<Option<(String, Outcome)>> {
    let ontology = Ontology::read(path).map_err(input)?;
    if !args.ontology.is_empty() && !args.ontology.contains(&ontology.id) {
        return Ok(None);
    }
    let id = ontology.id.clone();
    let dir = &args.data;
    let limit = args.limit.unwrap_or(usize::MAX);
    if args.split == Split::Cv && args.score.is_some() {
        return Err(InputError(
            "--score scores a split with a ground truth (test or unseen), not cv".into(),
        )
        .into());
    }
    // Scoring another system's output needs no training sentences.
    let mut train = if args.score.is_some() {
        Vec::new()
    } else {
        read_train(&dir.join("train").join(format!("{id}_train.jsonl")))?
    };
    let scorer = Scorer::new(&ontology, stemmer);
    if args.split == Split::Cv {
        train.truncate(limit);
        for (i, g) in train.iter_mut().enumerate() {
            g.id = format!("{id}_cv_{i}");
        }
        let k = args.folds.max(2);
        let mut all: Vec<Scores> = Vec::new();
        let (mut seconds, mut system_all) = (0.0, HashMap::new());
        let mut strict = (0, 0);
        for fold in 0..k {
            let (test, fit): (Vec<_>, Vec<_>) = train
                .iter()
                .cloned()
                .enumerate()
                .partition(|(i, _)| i % k == fold);
            let test: Vec<GoldSentence> = test.into_iter().map(|x| x.1).collect();
            let fit: Vec<GoldSentence> = fit.into_iter().map(|x| x.1).collect();
            let (system, secs) = train_and_map(args.tune, pipeline, &ontology, &fit, &test);
            seconds += secs;
            all.push(scorer.ontology(&test, &system));
            let (h, n) = strict_counts(&test, &system);
            strict.0 += h;
            strict.1 += n;
            system_all.extend(system);
        }
        if let Some(out) = &args.write_output {
            write_output(out, &id, &train, &system_all)?;
        }
        let outcome = Outcome {
            scores: Scores::mean(&all),
            strict,
            sentences: train.len(),
            seconds,
        };
        return Ok(Some((id, outcome)));
    }
    train.truncate(limit);
    let (test_path, gt_path) = match args.split {
        Split::Unseen => (
            dir.join("unseen_sentences/test")
                .join(format!("{id}_unseen_test.jsonl")),
            dir.join("unseen_sentences/ground_truth")
                .join(format!("{id}_unseen_ground_truth.jsonl")),
        ),
        _ => (
            dir.join("test").join(format!("{id}_test.jsonl")),
            dir.join("ground_truth")
                .join(format!("{id}_ground_truth.jsonl")),
        ),
    };
    let mut test: Vec<GoldSentence> = read_jsonl(&test_path).map_err(input)?;
    test.truncate(limit);
    let mut gt: Vec<GoldSentence> = read_jsonl(&gt_path).map_err(input)?;
    if args.limit.is_some() {
        let ids: std::collections::HashSet<&str> = test.iter().map(|g| g.id.as_str()).collect();
        gt.retain(|g| ids.contains(g.id.as_str()));
    }
    let (system, seconds) = match &args.score {
        Some(outdir) => (
            read_system(&outdir.join(format!("{id}_output.jsonl")))?,
            0.0,
        ),
        None => train_and_map(args.tune, pipeline, &ontology, &train, &test),
    };
    if let Some(out) = &args.write_output {
        write_output(out, &id, &test, &system)?;
    }
    let outcome = Outcome {
        scores: scorer.ontology(&gt, &system),
        strict: strict_counts(&gt, &system),
        sentences: test.len(),
        seconds,
    };
    Ok(Some((id, outcome)))
}

/// Runs `kg eval text2kg`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let pipeline = Pipeline::embedded()?;
    let stemmer = Stemmer::default();
    let mut results: Vec<(String, Outcome)> = Vec::new();
    for path in ontology_files(&args.data)? {
        if let Some(r) = run_ontology(&args, &pipeline, &stemmer, &path)? {
            results.push(r);
        }
    }
    if results.is_empty() {
        return Err(InputError(format!("no ontology found under {}", args.data.display())).into());
    }
    let all: Vec<Scores> = results.iter().map(|r| r.1.scores).collect();
    for (name, value) in Scores::mean(&all).named() {
        outln!("{name} {value:.4}");
    }
    let strict: Vec<f64> = results
        .iter()
        .map(|r| r.1.strict.0 as f64 / r.1.strict.1.max(1) as f64)
        .collect();
    outln!(
        "strict_precision {:.4}",
        strict.iter().sum::<f64>() / strict.len() as f64
    );
    for (id, o) in &results {
        outln!("precision_{id} {:.4}", o.scores.precision);
        outln!("recall_{id} {:.4}", o.scores.recall);
        outln!("f1_{id} {:.4}", o.scores.f1);
    }
    let sentences: usize = results.iter().map(|r| r.1.sentences).sum();
    let seconds: f64 = results.iter().map(|r| r.1.seconds).sum();
    outln!("ontologies {}", results.len());
    outln!("sentences {sentences}");
    if args.score.is_none() {
        outln!(
            "sentences_per_second {:.0}",
            sentences as f64 / seconds.max(1e-9)
        );
    }
    Ok(())
}
