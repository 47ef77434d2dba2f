//! `kg convert`: reads a graph from RDF and writes it in another RDF format or as DOT.

use std::path::PathBuf;

use anyhow::Context;

use super::build::OutputArgs;
use super::InputError;
use kg::export::{read, vocab, Format};
use kg::io::{open_input, AtomicOutput};
use oxrdf::Quad;
use oxrdfio::{RdfFormat, RdfSerializer};

/// Arguments of `kg convert`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg convert graph.ttl -o graph.nt
  kg convert graph.ttl -o graph.dot --max-nodes 40
  kg convert graph.nq -o graph.trig --provenance graphs
  kg convert - --input-format ntriples -f turtle < graph.nt

RDF from elsewhere is passed through to another RDF format untouched: every quad as it
is (any vocabulary, blank nodes, datatypes, language tags, named graphs, RDF 1.2 triple
terms), with the input's prefixes. A graph kg wrote (one that declares kg:relationKey) is
read back exactly (entities, aliases, support, provenance) and written again with
--provenance and --base. For DOT, other RDF is read as facts between resources named by
rdfs:label or their IRI.")]
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
    // Before reading: the output is not the input and can be created.
    let out = plan.open(std::slice::from_ref(&args.input))?;
    let reader = open_input(&args.input)?;
    let mut parser = oxrdfio::RdfParser::from_format(format).for_reader(reader);
    let quads = parser
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e {
            oxrdfio::RdfParseError::Syntax(e) => {
                anyhow::Error::new(InputError(format!("{}: {e}", args.input.display())))
            }
            oxrdfio::RdfParseError::Io(e) => anyhow::Error::new(e),
        })
        .with_context(|| format!("reading {}", args.input.display()))?;
    let prefixes: Vec<(String, String)> = parser
        .prefixes()
        .map(|(p, iri)| (p.to_owned(), iri.to_owned()))
        .collect();
    let written_by_kg = quads.iter().any(|q| q.predicate == vocab::kg::RELATION_KEY);
    match plan.format().rdf() {
        Some(target) if !written_by_kg => {
            pass_through(&quads, &prefixes, target, out, &args.output.output)
        }
        _ => plan.write_to(&read::from_quads(&quads), out),
    }
}

/// Writes `quads` as they are in `format`: no term is renamed, dropped or added.
/// A format without named graphs refuses quads that are in one (exit 2) rather
/// than merging the graphs.
fn pass_through(
    quads: &[Quad],
    prefixes: &[(String, String)],
    format: RdfFormat,
    out: AtomicOutput,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    if !format.supports_datasets() {
        if let Some(q) = quads.iter().find(|q| !q.graph_name.is_default_graph()) {
            return Err(InputError(format!(
                "the input has named graphs (such as {}), which {} cannot hold; write N-Quads, TriG or JSON-LD",
                q.graph_name,
                format.name()
            ))
            .into());
        }
    }
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in prefixes {
        // A prefix the target cannot declare is only a shorter spelling lost.
        serializer = match serializer.clone().with_prefix(prefix, iri) {
            Ok(s) => s,
            Err(_) => serializer,
        };
    }
    let mut writer = serializer.for_writer(out);
    let written = |e: std::io::Error| -> anyhow::Error {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            // A term the target format cannot express (RDF/XML and some IRIs).
            InputError(format!("{}: {e}", format.name())).into()
        } else {
            anyhow::Error::new(e).context(format!("writing {}", path.display()))
        }
    };
    for q in quads {
        writer.serialize_quad(q).map_err(written)?;
    }
    writer
        .finish()
        .map_err(written)?
        .commit()
        .with_context(|| format!("writing {}", path.display()))
}
