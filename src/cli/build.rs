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

use super::common::{add_documents, thread_pool, OutputArgs, OutputPlan, Totals};
use super::InputError;

use crate::corpus::{discover, DiscoverOptions, Documents, Source};

use crate::formats::triples::{self, TriplesError, TriplesFormat};

use crate::build::ontology::OntologyMapper;
use crate::export::rdf::{self, OpenFacts};
use crate::formats::ontology::Ontology;
use crate::graph::KnowledgeGraph;
use crate::mapper::file::MapperFile;

use crate::io::open_input;

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
  kg build article.txt -f dot --max-nodes 40 --min-degree 2 | dot -Tsvg > graph.svg
  cat facts.tsv | kg build --triples - -f ntriples
  kg build news/ --ontology onto.ttl --mapper onto-mapper.kgm -o graph.nq

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

    /// A user's ontology (OWL/RDFS in Turtle, RDF/XML, N-Triples…, or a Text2KGBench JSON
    /// ontology): each sentence is also mapped onto its properties by `--mapper`, and the
    /// mapped facts are written with the ontology's IRIs. Needs `--mapper`.
    #[arg(long, value_name = "FILE")]
    ontology: Option<PathBuf>,

    /// The mapper model for `--ontology`, trained for that ontology by `kg train mapper`.
    #[arg(long, value_name = "MODEL", requires = "ontology")]
    mapper: Option<PathBuf>,

    /// With `--ontology`, what becomes of kg's own facts that no property maps: `separate`
    /// (default) writes them in the named graph `{base}graph/open-facts` (needs N-Quads,
    /// TriG or JSON-LD), `drop` leaves them out, `keep` writes them with the mapped facts.
    #[arg(long, value_enum, value_name = "WHAT", requires = "ontology")]
    open_facts: Option<OpenFacts>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Reads `--ontology` and `--mapper` and checks them against the output before any work:
/// the mapper was trained for this ontology, the output can hold the open facts as asked.
fn ontology_setup(
    args: &Args,
    plan: OutputPlan,
) -> anyhow::Result<(OutputPlan, Option<OntologyMapper>)> {
    let Some(path) = &args.ontology else {
        return Ok((plan, None));
    };
    let open = args.open_facts.unwrap_or(OpenFacts::Separate);
    match plan.format().rdf() {
        Some(format) => {
            rdf::check_open_facts(open, args.output.provenance, format).map_err(InputError)?
        }
        None if open != OpenFacts::Keep => {
            return Err(InputError(
                "DOT output with --ontology needs --open-facts keep (DOT has no named graphs \
                 and draws every fact); or write RDF"
                    .to_owned(),
            )
            .into())
        }
        None => {}
    }
    let ontology = Ontology::read(path).map_err(|e| InputError(e.to_string()))?;
    let Some(model) = &args.mapper else {
        return Err(InputError(format!(
            "--ontology {} needs --mapper MODEL: kg maps sentences onto an ontology with a \
             mapper trained for it (`kg train mapper --ontology {} --examples TRAIN.jsonl -o \
             MODEL`); mapping from the ontology's labels alone is not available",
            path.display(),
            path.display()
        ))
        .into());
    };
    let bytes =
        std::fs::read(model).map_err(|e| InputError(format!("{}: {e}", model.display())))?;
    let file = MapperFile::from_bytes(&bytes)
        .map_err(|e| InputError(format!("{}: {e}", model.display())))?;
    file.check_ontology(&ontology)
        .map_err(|e| InputError(format!("{}: {e}", model.display())))?;
    let terms = rdf::OntologyTerms::new(&ontology, open)
        .map_err(|e| InputError(format!("{}: {e}", path.display())))?;
    let plan = plan.with_ontology(terms);
    Ok((
        plan,
        Some(OntologyMapper::new(file.into_mapper(), &ontology)),
    ))
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
        TriplesError::Parse(_) => anyhow::Error::new(InputError(e.to_string())),
        e => anyhow::Error::new(e),
    })
}

/// Runs `kg build`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let (plan, ontology_mapper) = ontology_setup(&args, args.output.plan()?)?;
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
            crate::build::TextGraphBuilder::embedded().context("loading the embedded models")?;
        let builder = match ontology_mapper {
            Some(m) => builder.with_ontology_mapper(m),
            None => builder,
        };
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
        graph = crate::graph::alias::unify(graph).0;
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
        if args.ontology.is_some() {
            let mapped = graph
                .facts()
                .filter(|f| crate::build::ontology::is_property_key(f.relation.key()))
                .count();
            eprintln!(
                "kg build: {mapped} facts in the ontology's terms, {} open facts ({})",
                graph.fact_count() - mapped,
                match args.open_facts.unwrap_or(OpenFacts::Separate) {
                    OpenFacts::Keep => "kept",
                    OpenFacts::Drop => "dropped",
                    OpenFacts::Separate => "in their own graph",
                }
            );
        }
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
    let names: Vec<String> = inputs
        .iter()
        .map(|p| crate::corpus::source_name(p))
        .collect();
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
