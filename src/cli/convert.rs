//! `kg convert`: reads a graph from RDF and writes it in another RDF format or as DOT.

use std::path::PathBuf;

use anyhow::Context;

use super::build::OutputArgs;
use super::InputError;
use kg::export::{read, Format};
use kg::io::open_input;

/// Arguments of `kg convert`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg convert graph.ttl -o graph.nt
  kg convert graph.ttl -o graph.dot --max-nodes 40
  kg convert graph.nq -o graph.trig --provenance graphs
  kg convert - --input-format ntriples -f turtle < graph.nt

kg's own RDF is read back exactly (entities, aliases, support, provenance); other RDF
is read as facts between resources named by rdfs:label or their IRI.")]
pub struct Args {
    /// Input RDF file (`-` for standard input).
    #[arg(value_name = "GRAPH")]
    pub input: PathBuf,

    /// Input format, overriding the extension [default for `-`: turtle].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// The RDF format of an input path, from `--input-format` or its extension.
pub fn input_format(
    path: &std::path::Path,
    given: Option<Format>,
) -> anyhow::Result<oxrdfio::RdfFormat> {
    let format = match given {
        Some(f) => f,
        None if path.as_os_str() == "-" => Format::Turtle,
        None => Format::from_path(path).ok_or_else(|| {
            InputError(format!(
                "cannot tell the RDF format of {} from its extension; use --input-format",
                path.display()
            ))
        })?,
    };
    format.rdf().ok_or_else(|| {
        InputError(format!(
            "kg cannot read {format}: it is an output-only format"
        ))
        .into()
    })
}

/// Runs `kg convert`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let plan = args.output.plan()?;
    let format = input_format(&args.input, args.input_format)?;
    let reader = open_input(&args.input)?;
    let quads = oxrdfio::RdfParser::from_format(format)
        .for_reader(reader)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e {
            oxrdfio::RdfParseError::Syntax(e) => {
                anyhow::Error::new(InputError(format!("{}: {e}", args.input.display())))
            }
            oxrdfio::RdfParseError::Io(e) => anyhow::Error::new(e),
        })
        .with_context(|| format!("reading {}", args.input.display()))?;
    plan.write(&read::from_quads(&quads))
}
