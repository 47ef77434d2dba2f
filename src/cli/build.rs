//! `kg build`: builds a graph and writes it as RDF or DOT.
//!
//! Today the facts come from triples files (`--triples`); raw text inputs join as
//! positional arguments once the extractor exists. [`OutputArgs`] is shared with
//! `kg convert`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::InputError;
use kg::export::dot::{self, DotOptions};
use kg::export::{rdf, Base, Format, ProvenanceMode, RdfOptions, DEFAULT_BASE};
use kg::graph::triples::{self, TriplesError, TriplesFormat};
use kg::graph::KnowledgeGraph;
use kg::io::{open_input, AtomicOutput};

/// Arguments of `kg build`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg build --triples examples/election.tsv -o graph.ttl
  kg build --triples examples/election.tsv -o graph.nq --provenance graphs
  kg build --triples facts.jsonl -f dot --min-support 2 | dot -Tsvg > graph.svg
  cat facts.tsv | kg build --triples - -f ntriples

Triples files: TSV lines `subject<TAB>relation<TAB>object[<TAB>document[<TAB>sentence]]`,
or JSONL objects with the same fields (files named .jsonl, .ndjson or .json).
Values (\"quoted text\", numbers, 66.1%, 2017-05-07) become literals, not entities.")]
pub struct Args {
    /// Triples file (TSV or JSONL, `-` for standard input); may be repeated.
    #[arg(long, value_name = "FILE", required = true)]
    pub triples: Vec<PathBuf>,

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
    /// (RDF 1.2 reifiers: Turtle, N-Triples, N-Quads, TriG).
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
    /// Writes `graph`, replacing the output file only on success.
    pub fn write(&self, graph: &KnowledgeGraph) -> anyhow::Result<()> {
        let out = AtomicOutput::create(&self.path)?;
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

/// Runs `kg build`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let plan = args.output.plan()?;
    let mut graph = KnowledgeGraph::new();
    for path in &args.triples {
        read_triples(path, &mut graph)?;
    }
    plan.write(&graph)
}
