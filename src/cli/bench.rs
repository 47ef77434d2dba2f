//! `kg bench`: end-to-end throughput and memory over a corpus directory.
//!
//! Two parts, both printed as `name value` lines:
//!
//! 1. Stages, one thread, in this process: each document is tokenised, tagged and
//!    lemmatised, parsed, put through NER and coreference, extracted and added to a graph, each step
//!    timed (wall clock and the thread's own CPU time from `/proc/thread-self/schedstat`);
//!    the graph is then written as Turtle. Tokens per second per stage.
//! 2. Scaling: for every `--repeat` R and `--threads` T, a fresh child process of this
//!    binary streams the corpus R times (copies after the first get fresh document ids,
//!    `r1/…`, `r2/…`), builds the graph exactly as `kg build` does (analysis, merge in
//!    document order, the alias pass) and writes Turtle (reification provenance) to a
//!    counting sink, all on a pool of T threads. Each child reports its tokens/s,
//!    process CPU time, peak resident memory (`VmHWM` from `/proc/self/status`, separate
//!    per child) and a CRC-32 of the Turtle bytes, so equal bytes across thread counts
//!    can be checked. A child with R = 0 measures the models alone.
//!
//! Each scaling configuration runs `--runs` times, the thread counts of one run next to
//! each other in time so that they see the same machine load. The `e2e_…` lines give the
//! run of median tokens/s, with `…_min`/`…_max` beside it; `speedup_…` is the median over
//! runs of the wall-clock speedup of the two runs made together (with min and max).
//! Wall clock is what a user waits for, so it is the measure of scaling; the CPU-time
//! rates (`…_cpu_tokens_per_sec`) show the work done, which other processes on the
//! machine disturb less. `…_runqueue_wait_seconds` is how long the child's threads were
//! runnable but not running: with one thread, time other processes took from it; with
//! more, it also counts idle rayon threads that spin and yield before they sleep, so it
//! tells a loaded machine, not how much of the wall time kg lost to it.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};

use super::InputError;
use crate::build::{facts_of, TextGraphBuilder};
use crate::corpus::{discover, DiscoverOptions, Documents, RawDocument};
use crate::export::{rdf, RdfOptions};
use crate::graph::KnowledgeGraph;

/// Arguments of `kg bench`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  kg bench --corpus ../shared/data/news-corpus/bbc --repeat 1,4,16 --threads 1,2")]
pub struct Args {
    /// Corpus directory (walked recursively) or file.
    #[arg(long, value_name = "DIR")]
    corpus: PathBuf,
    /// Files to read from the directory.
    #[arg(long, value_name = "PATTERN", default_value = "*.txt")]
    glob: Vec<String>,
    /// Use only the first N documents (in sorted order).
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Corpus sizes for the scaling runs, as multiples of the corpus.
    #[arg(long, value_delimiter = ',', default_value = "1,4,16")]
    repeat: Vec<usize>,
    /// Thread counts for the scaling runs.
    #[arg(long, value_delimiter = ',', default_value = "1,2")]
    threads: Vec<usize>,
    /// Skip the per-stage measurement.
    #[arg(long)]
    no_stages: bool,
    /// Runs of each scaling configuration; medians are reported, with min and max.
    #[arg(long, value_name = "N", default_value_t = 3)]
    runs: usize,
    /// Internal: run one scaling measurement with this repeat count and report it.
    #[arg(long, hide = true, value_name = "R")]
    child: Option<usize>,
}

/// Runs `kg bench`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if args.threads.contains(&0) {
        return Err(InputError("--threads must be at least 1".to_owned()).into());
    }
    if args.runs == 0 {
        return Err(InputError("--runs must be at least 1".to_owned()).into());
    }
    if let Some(repeat) = args.child {
        let [threads] = args.threads[..] else {
            bail!("a child run takes one thread count");
        };
        return child(&args, repeat, threads);
    }
    let out = std::io::stdout();
    let mut out = out.lock();
    let corpus = documents(&args)?;
    writeln!(out, "corpus {}", args.corpus.display())?;
    writeln!(out, "documents {}", corpus.len())?;
    writeln!(out, "runs {}", args.runs)?;
    writeln!(
        out,
        "cores {}",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    )?;
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        let load: Vec<&str> = load.split_whitespace().take(3).collect();
        writeln!(out, "load_average {}", load.join(","))?;
    }
    if !args.no_stages {
        stages(&corpus, &mut out)?;
    }
    drop(corpus);
    scaling(&args, &mut out)
}

fn sources(args: &Args) -> anyhow::Result<Vec<crate::corpus::Source>> {
    let options = DiscoverOptions::new()
        .with_glob(&args.glob)
        .map_err(|e| InputError(e.to_string()))?;
    let mut sources = discover(std::slice::from_ref(&args.corpus), &options)?;
    if let Some(n) = args.limit {
        sources.truncate(n);
    }
    if sources.is_empty() {
        return Err(InputError(format!("no documents in {}", args.corpus.display())).into());
    }
    Ok(sources)
}

fn documents(args: &Args) -> anyhow::Result<Vec<RawDocument>> {
    Documents::new(sources(args)?)
        .map(|d| d.map_err(|e| InputError(e.to_string()).into()))
        .collect()
}

/// CPU time of the calling thread, in seconds (0 where /proc is missing).
fn thread_cpu() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

/// User + system CPU time of the whole process, in seconds (Linux reports ticks of 1/100 s).
fn process_cpu() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the name.
    (ticks(11) + ticks(12)) / 100.0
}

/// Seconds the threads of this process spent runnable but waiting for a CPU (the
/// second field of each thread's `/proc/self/task/*/schedstat`): what other processes on
/// the machine took from this one. 0 where /proc is missing.
fn runqueue_wait() -> f64 {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return 0.0;
    };
    let ns: f64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .sum();
    ns / 1e9
}

/// A `/proc/self/status` memory figure of this process, in KiB (0 where missing).
fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .unwrap_or(0)
}

/// Peak resident set size of this process, in KiB.
fn peak_kib() -> u64 {
    status_kib("VmHWM")
}

/// Wall and CPU seconds of one stage.
#[derive(Default, Clone, Copy)]
struct Clock {
    wall: f64,
    cpu: f64,
}

impl Clock {
    fn time<R>(&mut self, f: impl FnOnce() -> R) -> R {
        let (t, c) = (Instant::now(), thread_cpu());
        let r = f();
        self.wall += t.elapsed().as_secs_f64();
        self.cpu += thread_cpu() - c;
        r
    }
}

fn stages(corpus: &[RawDocument], out: &mut impl Write) -> anyhow::Result<()> {
    let builder = TextGraphBuilder::embedded().context("loading the embedded models")?;
    let tokenizer = builder.pipeline().tokenizer();
    let tagger = crate::nlp::tagger::Tagger::embedded()?;
    let lemmatizer = crate::nlp::lemma::Lemmatizer::embedded()?;
    let parser = crate::nlp::parser::Parser::embedded()?;
    let recognizer = crate::nlp::ner::EntityRecognizer::embedded()?;
    let names = [
        "tokenize",
        "tag_lemma",
        "parse",
        "ner",
        "coref",
        "extract",
        "graph",
        "turtle",
    ];
    let mut clocks = [Clock::default(); 8];
    let mut graph = KnowledgeGraph::new();
    let mut tokens = 0usize;
    for raw in corpus {
        let mut doc = raw.clone().into_document();
        clocks[0].time(|| tokenizer.tokenize(&mut doc));
        clocks[1].time(|| {
            for i in 0..doc.sentences.len() {
                let t = doc.sentence_tokens_mut(i);
                tagger.tag(t);
                lemmatizer.check_tags(t);
                lemmatizer.lemmatize(t);
            }
        });
        clocks[2].time(|| {
            for i in 0..doc.sentences.len() {
                parser.parse(doc.sentence_tokens_mut(i));
            }
        });
        clocks[3].time(|| recognizer.recognize(&mut doc));
        clocks[4].time(|| doc.coreference = crate::nlp::coref::resolve(&doc));
        let extractions = clocks[5].time(|| builder.extractor().extract(&doc));
        clocks[6].time(|| {
            for fact in facts_of(&doc, &extractions) {
                graph.add_fact(fact);
            }
        });
        tokens += doc.tokens.len();
    }
    // One thread, as every stage here (the Turtle writer uses the current pool); timed
    // on the pool's thread, whose CPU time the clock reads.
    let one = super::common::thread_pool(Some(1))?;
    let turtle = &mut clocks[7];
    let bytes = one.install(|| turtle.time(|| turtle_into_sink(&graph)))?;
    writeln!(out, "stage_tokens {tokens}")?;
    writeln!(out, "stage_facts {}", graph.fact_count())?;
    writeln!(out, "stage_turtle_bytes {}", bytes.bytes)?;
    let rate = |secs: f64| tokens as f64 / secs.max(1e-9);
    for (name, c) in names.iter().zip(&clocks) {
        writeln!(out, "{name}_tokens_per_sec {:.0}", rate(c.wall))?;
        writeln!(out, "{name}_cpu_tokens_per_sec {:.0}", rate(c.cpu))?;
    }
    let wall: f64 = clocks.iter().map(|c| c.wall).sum();
    let cpu: f64 = clocks.iter().map(|c| c.cpu).sum();
    writeln!(out, "stages_total_tokens_per_sec {:.0}", rate(wall))?;
    writeln!(out, "stages_total_cpu_tokens_per_sec {:.0}", rate(cpu))?;
    Ok(())
}

/// A writer that only counts bytes and checksums them.
#[derive(Default)]
struct Sink {
    bytes: u64,
    crc: crc32fast::Hasher,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.bytes += buf.len() as u64;
        self.crc.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The graph as Turtle, counted and checksummed (on the current rayon pool).
fn turtle_into_sink(graph: &KnowledgeGraph) -> Result<Sink, crate::export::rdf::RdfError> {
    rdf::write(
        graph,
        &RdfOptions::new(),
        oxrdfio::RdfFormat::Turtle,
        Sink::default(),
    )
}

/// One scaling measurement, in a fresh process: prints `name value` lines.
fn child(args: &Args, repeat: usize, threads: usize) -> anyhow::Result<()> {
    let sources = sources(args)?;
    let load = Instant::now();
    let builder = TextGraphBuilder::embedded().context("loading the embedded models")?;
    let load = load.elapsed().as_secs_f64();
    let rss_models = status_kib("VmRSS");
    let pool = super::common::thread_pool(Some(threads))?;
    let (start, cpu0, wait0) = (Instant::now(), process_cpu(), runqueue_wait());
    let mut graph = KnowledgeGraph::new();
    let mut failed = Vec::new();
    // Readers (stdin is one) are not Send: the stream is made on the pool's thread.
    let totals = pool.install(|| {
        let docs = (0..repeat).flat_map(|k| {
            Documents::new(sources.clone()).map(move |d| {
                d.map(|mut d| {
                    if k > 0 {
                        d.id = format!("r{k}/{}", d.id);
                    }
                    d
                })
            })
        });
        super::common::add_documents(
            &builder,
            docs,
            &mut graph,
            |e| failed.push(e.to_string()),
            |_| {},
        )
    });
    let analysed = start.elapsed().as_secs_f64();
    let analyse_cpu = process_cpu() - cpu0;
    // The cross-document alias pass, as `kg build` runs it.
    let graph = crate::graph::alias::unify(graph).0;
    let aliased = start.elapsed().as_secs_f64();
    let peak_before_export = peak_kib();
    let rss_graph = status_kib("VmRSS");
    let cpu1 = process_cpu();
    let sink = pool.install(|| turtle_into_sink(&graph))?;
    let secs = start.elapsed().as_secs_f64();
    let cpu = process_cpu() - cpu0;
    let export_cpu = process_cpu() - cpu1;
    // Read while the pool's threads are alive (a thread's figures go with it).
    let waited = runqueue_wait() - wait0;
    if let Some(e) = failed.first() {
        bail!("{} documents failed, the first: {e}", failed.len());
    }
    let records: usize = graph.facts().map(|f| f.support()).sum();
    let out = std::io::stdout();
    let mut out = out.lock();
    writeln!(out, "model_load_seconds {load:.3}")?;
    writeln!(out, "documents {}", totals.documents)?;
    writeln!(out, "tokens {}", totals.stats.tokens)?;
    writeln!(out, "facts {}", graph.fact_count())?;
    writeln!(out, "records {records}")?;
    writeln!(out, "entities {}", graph.entity_count())?;
    writeln!(out, "analyse_seconds {analysed:.3}")?;
    writeln!(out, "alias_seconds {:.3}", aliased - analysed)?;
    writeln!(out, "export_seconds {:.3}", secs - aliased)?;
    writeln!(out, "seconds {secs:.3}")?;
    writeln!(out, "cpu_seconds {cpu:.2}")?;
    writeln!(out, "analyse_cpu_seconds {analyse_cpu:.2}")?;
    writeln!(out, "export_cpu_seconds {export_cpu:.2}")?;
    writeln!(out, "runqueue_wait_seconds {waited:.2}")?;
    writeln!(out, "peak_kib_before_export {peak_before_export}")?;
    writeln!(out, "rss_kib_after_models {rss_models}")?;
    writeln!(out, "rss_kib_after_graph {rss_graph}")?;
    writeln!(out, "peak_kib {}", peak_kib())?;
    writeln!(out, "turtle_bytes {}", sink.bytes)?;
    writeln!(out, "turtle_crc32 {:08x}", sink.crc.finalize())?;
    Ok(())
}

/// One child's report.
struct Report(Vec<(String, String)>);

impl Report {
    fn get(&self, name: &str) -> f64 {
        self.text(name).parse().unwrap_or(f64::NAN)
    }
    fn text(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map_or("", |(_, v)| v.as_str())
    }
}

fn run_child(args: &Args, repeat: usize, threads: usize) -> anyhow::Result<Report> {
    let exe = std::env::current_exe().context("finding the kg binary")?;
    let mut cmd = Command::new(exe);
    cmd.arg("bench").arg("--corpus").arg(&args.corpus);
    for g in &args.glob {
        cmd.arg("--glob").arg(g);
    }
    if let Some(n) = args.limit {
        cmd.arg("--limit").arg(n.to_string());
    }
    cmd.arg("--child")
        .arg(repeat.to_string())
        .arg("--threads")
        .arg(threads.to_string());
    let output = cmd.output().context("running a benchmark child")?;
    if !output.status.success() {
        bail!(
            "benchmark child (repeat {repeat}, threads {threads}) failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = String::from_utf8_lossy(&output.stdout);
    Ok(Report(
        text.lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect(),
    ))
}

/// Index of the median of `values` (the lower one of an even count); NaN sorts last.
fn median_index(values: &[f64]) -> usize {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    order[(values.len().saturating_sub(1)) / 2]
}

/// Median, min and max of `values` (NaN for none).
fn spread(values: &[f64]) -> (f64, f64, f64) {
    if values.is_empty() {
        return (f64::NAN, f64::NAN, f64::NAN);
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (values[median_index(values)], min, max)
}

/// Tokens per second of wall-clock time of one child.
fn rate(rep: &Report) -> f64 {
    rep.get("tokens") / rep.get("seconds")
}

/// One minute load average, from /proc (NaN where missing).
fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(f64::NAN)
}

fn scaling(args: &Args, out: &mut impl Write) -> anyhow::Result<()> {
    let models = run_child(args, 0, 1)?;
    let model_peak = models.get("peak_kib");
    writeln!(out, "models_peak_mib {:.1}", model_peak / 1024.0)?;
    // (repeat, threads, the runs' reports in order)
    let mut configs: Vec<(usize, usize, Vec<Report>)> = Vec::new();
    for &r in &args.repeat {
        let first = configs.len();
        for &t in &args.threads {
            configs.push((r, t, Vec::new()));
        }
        for i in 0..args.runs {
            // The thread counts of one run back to back: the same load for each.
            for (_, t, reports) in &mut configs[first..] {
                let load = load_average();
                let rep = run_child(args, r, *t)?;
                let p = format!("e2e_r{r}_t{t}_run{}", i + 1);
                writeln!(out, "{p}_tokens_per_sec {:.0}", rate(&rep))?;
                writeln!(out, "{p}_load_average {load:.2}")?;
                writeln!(
                    out,
                    "{p}_runqueue_wait_seconds {}",
                    rep.text("runqueue_wait_seconds")
                )?;
                out.flush()?;
                reports.push(rep);
            }
        }
        for (_, t, reports) in &configs[first..] {
            let rates: Vec<f64> = reports.iter().map(rate).collect();
            let (median, min, max) = spread(&rates);
            let rep = &reports[median_index(&rates)];
            let p = format!("e2e_r{r}_t{t}");
            let tokens = rep.get("tokens");
            writeln!(out, "{p}_tokens {tokens}")?;
            writeln!(out, "{p}_seconds {}", rep.text("seconds"))?;
            writeln!(out, "{p}_tokens_per_sec {median:.0}")?;
            writeln!(out, "{p}_tokens_per_sec_min {min:.0}")?;
            writeln!(out, "{p}_tokens_per_sec_max {max:.0}")?;
            writeln!(
                out,
                "{p}_cpu_tokens_per_sec {:.0}",
                tokens / rep.get("cpu_seconds")
            )?;
            for part in ["analyse", "alias", "export"] {
                writeln!(
                    out,
                    "{p}_{part}_seconds {}",
                    rep.text(&format!("{part}_seconds"))
                )?;
            }
            writeln!(
                out,
                "{p}_analyse_cpu_seconds {}",
                rep.text("analyse_cpu_seconds")
            )?;
            writeln!(
                out,
                "{p}_export_cpu_seconds {}",
                rep.text("export_cpu_seconds")
            )?;
            writeln!(
                out,
                "{p}_runqueue_wait_seconds {}",
                rep.text("runqueue_wait_seconds")
            )?;
            writeln!(out, "{p}_peak_mib {:.1}", rep.get("peak_kib") / 1024.0)?;
            writeln!(
                out,
                "{p}_peak_before_export_mib {:.1}",
                rep.get("peak_kib_before_export") / 1024.0
            )?;
            writeln!(
                out,
                "{p}_graph_rss_mib {:.1}",
                (rep.get("rss_kib_after_graph") - rep.get("rss_kib_after_models")) / 1024.0
            )?;
            writeln!(out, "{p}_facts {}", rep.text("facts"))?;
            writeln!(out, "{p}_records {}", rep.text("records"))?;
            writeln!(out, "{p}_turtle_bytes {}", rep.text("turtle_bytes"))?;
            writeln!(out, "{p}_turtle_crc32 {}", rep.text("turtle_crc32"))?;
        }
        out.flush()?;
    }
    let runs: Vec<(usize, usize, &Report)> = configs
        .iter()
        .map(|(r, t, reports)| {
            let rates: Vec<f64> = reports.iter().map(rate).collect();
            (*r, *t, &reports[median_index(&rates)])
        })
        .collect();
    let all = |r: usize, t: usize| {
        configs
            .iter()
            .find(|x| x.0 == r && x.1 == t)
            .map(|x| x.2.as_slice())
    };
    let find = |r: usize, t: usize| runs.iter().find(|x| x.0 == r && x.1 == t).map(|x| x.2);
    let (&r_min, &r_max) = match (args.repeat.iter().min(), args.repeat.iter().max()) {
        (Some(a), Some(b)) => (a, b),
        _ => return Ok(()),
    };
    let (&t_min, &t_max) = match (args.threads.iter().min(), args.threads.iter().max()) {
        (Some(a), Some(b)) => (a, b),
        _ => return Ok(()),
    };
    for &r in &args.repeat {
        if let (Some(a), Some(b)) = (all(r, t_min), all(r, t_max)) {
            if t_max != t_min {
                // Each run's pair was measured back to back, under the same load.
                let ratios: Vec<f64> = a.iter().zip(b).map(|(a, b)| rate(b) / rate(a)).collect();
                let (median, min, max) = spread(&ratios);
                let p = format!("speedup_r{r}_t{t_max}_over_t{t_min}");
                writeln!(out, "{p} {median:.2}")?;
                writeln!(out, "{p}_min {min:.2}")?;
                writeln!(out, "{p}_max {max:.2}")?;
                let medians = |x: &[Report]| spread(&x.iter().map(rate).collect::<Vec<_>>()).0;
                writeln!(out, "{p}_of_median_rates {:.2}", medians(b) / medians(a))?;
            }
        }
        // Every run of every thread count.
        let crcs: Vec<&str> = args
            .threads
            .iter()
            .filter_map(|&t| all(r, t))
            .flatten()
            .map(|rep| rep.text("turtle_crc32"))
            .collect();
        let same = crcs.windows(2).all(|w| w[0] == w[1]);
        writeln!(out, "identical_bytes_r{r}_across_threads {same}")?;
    }
    if let (Some(small), Some(big)) = (find(r_min, t_min), find(r_max, t_min)) {
        if r_max != r_min {
            writeln!(
                out,
                "peak_ratio_r{r_max}_over_r{r_min}_t{t_min} {:.2}",
                big.get("peak_kib") / small.get("peak_kib")
            )?;
            // What one more provenance record (one sighting of a fact) costs at peak.
            let d_records = big.get("records") - small.get("records");
            // Resident memory the graph added after the models were loaded.
            let graph = |r: &Report| r.get("rss_kib_after_graph") - r.get("rss_kib_after_models");
            let d_before = graph(big) - graph(small);
            let d_peak = big.get("peak_kib") - small.get("peak_kib");
            if d_records > 0.0 {
                writeln!(
                    out,
                    "graph_bytes_per_record {:.0}",
                    d_before * 1024.0 / d_records
                )?;
                writeln!(
                    out,
                    "peak_bytes_per_record {:.0}",
                    d_peak * 1024.0 / d_records
                )?;
            }
        }
    }
    Ok(())
}
