//! `kg query`: runs SPARQL over a graph loaded into an in-memory Oxigraph store.

use std::path::PathBuf;

use anyhow::Context;

use super::convert::input_format;
use super::InputError;
use kg::export::Format;
use kg::io::{open_input, AtomicOutput};
use kg::store::{self, ResultsFormat, StoreError};

/// Arguments of `kg query`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg query graph.ttl 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10'
  kg query graph.ttl --results csv \\
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
     PREFIX kg: <http://example.org/kg/ontology#>
     SELECT ?who ?rel ?whom WHERE {
       ?s ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo ; rdfs:label ?rel .
       ?s rdfs:label ?who . ?o rdfs:label ?whom }'")]
pub struct Args {
    /// RDF file to load (`-` for standard input).
    #[arg(value_name = "GRAPH")]
    pub input: PathBuf,

    /// The SPARQL query.
    #[arg(value_name = "SPARQL")]
    pub query: String,

    /// Input format, overriding the extension [default for `-`: turtle].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// How results are written.
    #[arg(long, value_enum, default_value_t = ResultsFormat::Table)]
    pub results: ResultsFormat,

    /// Output file (`-` for standard output).
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

fn classify(e: StoreError, file: &str) -> anyhow::Error {
    match e {
        StoreError::Syntax(m) => InputError(format!("{file}: {m}")).into(),
        StoreError::Query(m) => InputError(format!("SPARQL syntax error: {m}")).into(),
        e => e.into(),
    }
}

/// Runs `kg query`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let format = input_format(&args.input, args.input_format)?;
    let name = args.input.display().to_string();
    let store = store::load(open_input(&args.input)?, format).map_err(|e| classify(e, &name))?;
    let mut out = AtomicOutput::create(&args.output)?;
    store::query(&store, &args.query, args.results, &mut out).map_err(|e| classify(e, &name))?;
    out.commit()
        .with_context(|| format!("writing {}", args.output.display()))
}
