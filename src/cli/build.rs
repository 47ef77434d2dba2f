//! `kg build`: builds a graph and writes it as RDF or DOT.
//!
//! Facts come from English text files (positional inputs: analysed, extracted and
//! merged into one graph in the order given) and from triples files (`--triples`).
//! [`OutputArgs`] is shared with `kg convert`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::InputError;
use kg::corpus::{discover, DiscoverOptions, DocumentError, Documents, RawDocument, Source};
use kg::export::dot::{self, DotOptions};
use kg::export::{rdf, Base, Format, ProvenanceMode, RdfOptions, DEFAULT_BASE};
use kg::graph::triples::{self, TriplesError, TriplesFormat};
use kg::graph::KnowledgeGraph;
use kg::io::{open_input, open_output, AtomicOutput};

/// Arguments of `kg build`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("sources").required(true).multiple(true).args(["inputs", "triples"])))]
#[command(after_help = "Examples:
  kg build examples/article.txt -o graph.ttl
  kg build news/ --glob '*.txt' -o graph.ttl --threads 2
  kg build feed.jsonl -o graph.nq --provenance graphs
  cat feed.jsonl | kg build --jsonl - -o graph.ttl
  kg build --triples examples/election.tsv -o graph.ttl
  kg build --triples facts.jsonl -f dot --min-support 2 | dot -Tsvg > graph.svg
  cat facts.tsv | kg build --triples - -f ntriples

Text inputs: files, directories (walked recursively in sorted order, reading the text
documents in them: .txt, .text, .md, .jsonl, .ndjson in any case, and UTF-8 files without
extension; --glob chooses other files; the output file is never read), `-` for standard
input. An output that is also an input, or that cannot be created, is refused before any
work (exit 2). Files named .jsonl or .ndjson (all inputs with --jsonl) hold one document per line:
{\"id\": …, \"text\": …, \"date\": …}. Documents are analysed in parallel and added to the
graph in input order, so the output does not depend on --threads. A document that cannot
be read (say, invalid UTF-8) is reported and skipped; the graph of the others is still
written and kg exits with code 2.

Triples files: TSV lines `subject<TAB>relation<TAB>object[<TAB>document[<TAB>sentence]]`,
or JSONL objects with the same fields (files named .jsonl, .ndjson or .json).
Values (\"quoted text\", numbers, 66.1%, 2017-05-07) become literals, not entities.")]
pub struct Args {
    /// English text: files, directories, JSONL documents; `-` is standard input.
    #[arg(value_name = "TEXT")]
    pub inputs: Vec<PathBuf>,

    /// Of the files found in directories, read only those matching PATTERN (relative
    /// to the directory; `*` also matches `/`). May be repeated.
    #[arg(long, value_name = "PATTERN")]
    pub glob: Vec<String>,

    /// Read every text input (standard input too) as JSONL documents.
    #[arg(long)]
    pub jsonl: bool,

    /// Threads for the analysis [default: all cores].
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,

    /// Triples file (TSV or JSONL, `-` for standard input); may be repeated.
    #[arg(long, value_name = "FILE")]
    pub triples: Vec<PathBuf>,

    /// Skip the cross-document alias pass ("Putin" + "Vladimir Putin" → one
    /// entity) that runs when text is read. Use it for the map step of a sharded
    /// build: `kg merge` runs the pass over all shards together.
    #[arg(long)]
    pub no_aliases: bool,

    /// Parse with a beam of this many paths: 1 is greedy parsing; 4 is about 1.3 points
    /// of attachment score more accurate (EWT dev) and about 4 times slower to parse.
    #[arg(long, value_name = "WIDTH", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=16))]
    pub beam: u8,

    /// Write an empty graph when the inputs hold no text (by default: a warning,
    /// nothing written, exit 2).
    #[arg(long)]
    pub allow_empty: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Where and how a graph is written (shared by `build` and `convert`).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output file (`-` for standard output); its extension picks the format.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,

    /// Output format, overriding the extension [default: turtle].
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Base of the IRIs minted for entities, relations, facts and documents.
    #[arg(long, value_name = "IRI", default_value = DEFAULT_BASE)]
    pub base: String,

    /// How facts carry provenance: none; reification (PROV-O statement nodes, loads
    /// everywhere); graphs (a named graph per document: N-Quads, TriG, JSON-LD); rdf12
    /// (RDF 1.2 reifiers: Turtle, N-Triples, N-Quads, TriG, RDF/XML).
    #[arg(long, value_enum, default_value_t = ProvenanceMode::Reification)]
    pub provenance: ProvenanceMode,

    /// DOT: draw only facts seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_support: usize,

    /// DOT: draw at most this many nodes, the most connected ones.
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,
}

/// Checked output settings: everything that can be wrong with the flags is found
/// before any input is read or any file created.
pub struct OutputPlan {
    path: PathBuf,
    format: Format,
    rdf: RdfOptions,
    dot: DotOptions,
}

impl OutputArgs {
    /// Resolves the format and checks the base and the provenance mode.
    pub fn plan(&self) -> anyhow::Result<OutputPlan> {
        let format = match (self.format, self.output.as_os_str() == "-") {
            (Some(f), _) => f,
            (None, true) => Format::Turtle,
            (None, false) => Format::from_path(&self.output).ok_or_else(|| {
                InputError(format!(
                    "cannot tell the format of {} from its extension; use -f/--format",
                    self.output.display()
                ))
            })?,
        };
        let base = Base::new(&self.base).map_err(|e| InputError(e.to_string()))?;
        if let Some(f) = format.rdf() {
            rdf::check_compatible(self.provenance, f).map_err(|e| InputError(e.to_string()))?;
        }
        Ok(OutputPlan {
            path: self.output.clone(),
            format,
            rdf: RdfOptions::new()
                .with_base(base)
                .with_provenance(self.provenance),
            dot: DotOptions::new()
                .with_min_support(self.min_support)
                .with_max_nodes(self.max_nodes),
        })
    }
}

impl OutputPlan {
    /// The output path (`-` for standard output).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// The DOT settings (`--min-support`, `--max-nodes`).
    pub fn dot_options(&self) -> &DotOptions {
        &self.dot
    }

    /// Opens the output before any work is done: an output that is one of `inputs`
    /// (same file) or that cannot be created is an input error naming the path.
    pub fn open(&self, inputs: &[PathBuf]) -> anyhow::Result<AtomicOutput> {
        open_output(&self.path, inputs).map_err(|e| InputError(e.to_string()).into())
    }

    /// Writes `graph` to `out` (from [`OutputPlan::open`]), replacing the output
    /// file only on success.
    pub fn write_to(&self, graph: &KnowledgeGraph, out: AtomicOutput) -> anyhow::Result<()> {
        let out = match self.format.rdf() {
            Some(f) => rdf::write(graph, &self.rdf, f, out)?,
            None => dot::write(graph, &self.dot, out)?,
        };
        out.commit()
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// Reads one triples file into `graph`; syntax errors are input errors (exit 2).
pub fn read_triples(path: &Path, graph: &mut KnowledgeGraph) -> anyhow::Result<()> {
    let name = path.display().to_string();
    let reader = open_input(path)?;
    let format = if path.as_os_str() == "-" {
        TriplesFormat::Tsv
    } else {
        TriplesFormat::from_name(&name)
    };
    triples::read(reader, &name, format, graph).map_err(|e| match e {
        TriplesError::Syntax { .. } => anyhow::Error::new(InputError(e.to_string())),
        e => anyhow::Error::new(e),
    })
}

/// Totals of a text build, for the closing summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// Documents analysed.
    pub documents: usize,
    /// Documents skipped because they could not be read.
    pub failed: usize,
    /// Sentences, tokens and facts of the analysed documents.
    pub stats: kg::build::BuildStats,
    /// Input bytes read.
    pub bytes: u64,
}

/// Analyses `docs` on the current rayon pool (a window of documents at a time) and adds
/// their facts to `graph` in document order. Each unreadable document is passed to
/// `on_error`; `on_progress` sees the totals after each document.
pub fn add_documents(
    builder: &kg::build::TextGraphBuilder,
    docs: impl Iterator<Item = Result<RawDocument, DocumentError>>,
    graph: &mut KnowledgeGraph,
    mut on_error: impl FnMut(&DocumentError),
    mut on_progress: impl FnMut(&Totals),
) -> Totals {
    let window = rayon::current_num_threads() * kg::corpus::WINDOW_PER_THREAD;
    let mut totals = Totals::default();
    kg::corpus::par_map_ordered(
        docs,
        window,
        |doc| {
            doc.map(|raw| {
                let bytes = raw.bytes;
                let mut doc = raw.into_document();
                (builder.analyze_facts(&mut doc), bytes)
            })
        },
        |result| {
            match result {
                Ok((facts, bytes)) => {
                    let stats = facts.add_to(graph);
                    totals.documents += 1;
                    totals.stats.sentences += stats.sentences;
                    totals.stats.tokens += stats.tokens;
                    totals.stats.facts += stats.facts;
                    totals.bytes += bytes;
                }
                Err(e) => {
                    totals.failed += 1;
                    on_error(&e);
                }
            }
            on_progress(&totals);
        },
    );
    totals
}

/// A rayon pool of `threads` threads (all cores for `None`).
pub fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        return Err(InputError("--threads must be at least 1".to_owned()).into());
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting the analysis threads")
}

/// Runs `kg build`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let plan = args.output.plan()?;
    // Analysis and export (Turtle is written in parallel) share the --threads pool.
    let pool = thread_pool(args.threads)?;
    let mut graph = KnowledgeGraph::new();
    let mut totals = Totals::default();
    let started = Instant::now();
    let sources = if args.inputs.is_empty() {
        Vec::new()
    } else {
        let options = DiscoverOptions::new()
            .with_glob(&args.glob)
            .map_err(|e| InputError(e.to_string()))?
            .with_jsonl(args.jsonl)
            .with_exclude(plan.path());
        discover(&args.inputs, &options)?
    };
    if !args.inputs.is_empty() && sources.is_empty() && args.triples.is_empty() && !args.allow_empty
    {
        return Err(empty_input(&args.inputs));
    }
    // Before any work: the output is not an input and can be created.
    let mut inputs: Vec<PathBuf> = sources.iter().map(|s| s.path().to_path_buf()).collect();
    inputs.extend(args.triples.iter().cloned());
    let out = plan.open(&inputs)?;
    if !sources.is_empty() {
        let builder =
            kg::build::TextGraphBuilder::embedded().context("loading the embedded models")?;
        let builder = if args.beam > 1 {
            let pipeline = builder
                .pipeline()
                .clone()
                .with_parser_beam(usize::from(args.beam));
            builder.with_pipeline(pipeline)
        } else {
            builder
        };
        let progress = progress_bar(&sources);
        totals = pool.install(|| {
            add_documents(
                &builder,
                Documents::new(sources),
                &mut graph,
                |e| progress.suspend(|| eprintln!("kg: skipping {e}")),
                |t| {
                    progress.set_position(t.bytes);
                    progress.set_message(format!(
                        "{} documents, {} tokens",
                        t.documents, t.stats.tokens
                    ));
                },
            )
        });
        progress.finish_and_clear();
    }
    if totals.failed > 0 && totals.documents == 0 && args.triples.is_empty() {
        // Nothing was read: an empty graph would only hide the failure.
        return Err(InputError(format!(
            "none of the {} documents could be read (listed above); nothing written",
            totals.failed
        ))
        .into());
    }
    if !args.inputs.is_empty()
        && totals.failed == 0
        && totals.stats.tokens == 0
        && args.triples.is_empty()
        && !args.allow_empty
    {
        return Err(empty_input(&args.inputs));
    }
    for path in &args.triples {
        read_triples(path, &mut graph)?;
    }
    // Names from text vary across documents; names in triples files are the
    // user's own and are kept as given.
    if !args.inputs.is_empty() && !args.no_aliases {
        graph = kg::graph::alias::unify(&graph).0;
    }
    pool.install(|| plan.write_to(&graph, out))?;
    if !args.inputs.is_empty() {
        let secs = started.elapsed().as_secs_f64();
        // A fact seen in many sentences is one fact with many sightings.
        eprintln!(
            "kg build: {} documents, {} sentences, {} tokens, {} facts ({} sightings), {} entities, {:.2} s, {:.0} tokens/s",
            totals.documents,
            totals.stats.sentences,
            totals.stats.tokens,
            graph.fact_count(),
            totals.stats.facts,
            graph.entity_count(),
            secs,
            totals.stats.tokens as f64 / secs.max(1e-9),
        );
    }
    if totals.failed > 0 {
        return Err(InputError(format!(
            "{} of {} documents could not be read and were skipped (listed above); the graph of the others was written",
            totals.failed,
            totals.failed + totals.documents
        ))
        .into());
    }
    Ok(())
}

/// Text inputs without a word in them: a warning and an input error (exit 2),
/// nothing written; `--allow-empty` writes the empty graph instead.
fn empty_input(inputs: &[PathBuf]) -> anyhow::Error {
    let names: Vec<String> = inputs.iter().map(|p| kg::corpus::source_name(p)).collect();
    eprintln!(
        "kg: warning: no text in {} (directories are read for .txt, .text, .md, .jsonl, .ndjson and UTF-8 files without extension; --glob chooses others)",
        names.join(", ")
    );
    InputError(
        "nothing to build a graph from; nothing written (--allow-empty writes an empty graph)"
            .to_owned(),
    )
    .into()
}

/// A byte-based progress bar on stderr when stderr is a terminal; hidden otherwise.
fn progress_bar(sources: &[Source]) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: u64 = sources.iter().filter_map(Source::file_size).sum();
    // Standard input has no size: a spinner with the counts instead of a bar.
    let (len, template) = if total == 0 {
        (None, "{elapsed_precise} {spinner} {binary_bytes} {msg}")
    } else {
        (
            Some(total),
            "{elapsed_precise} [{wide_bar}] {binary_bytes}/{binary_total_bytes} ({eta}) {msg}",
        )
    };
    let bar = ProgressBar::with_draw_target(len, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}
