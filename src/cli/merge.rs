//! `kg merge`: the reduce step. Reads graphs written by kg, unions them (summing
//! support, keeping every provenance record), runs the cross-document alias pass
//! (`KnowledgeGraph::unify_aliases`) and writes one graph.

use std::path::PathBuf;

use anyhow::Context;

use super::common::input_format;
use super::common::OutputArgs;
use super::InputError;
use crate::export::{read, Format};
use crate::graph::{alias, KnowledgeGraph};
use crate::io::open_input;

/// Arguments of `kg merge`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg merge shard-1.nq shard-2.nq -o graph.nq
  kg merge a.ttl b.trig c.nt -o graph.ttl --no-aliases
  kg build --triples facts.tsv -o - | kg merge - day1.ttl -o graph.ttl

Inputs are read in the order given; the output is the same whichever way a corpus was
sharded, as long as the shards keep the documents' order. Entities that the alias pass
joins (\"Bachelet\" into \"Michelle Bachelet\", \"EU\" into \"European Union\") are rewritten into
one entity whose aliases (skos:altLabel) keep the other names; facts seen under both
names become one fact with the summed support and all their provenance.")]
pub struct Args {
    /// Graphs written by kg (any RDF format kg writes; `-` is standard input).
    #[arg(value_name = "GRAPH", required = true)]
    pub inputs: Vec<PathBuf>,

    /// Input format, overriding the extensions [default for `-`: turtle].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// Union only: do not join entities with compatible names.
    #[arg(long)]
    pub no_aliases: bool,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Reads one graph file written by kg.
pub fn read_graph(path: &std::path::Path, given: Option<Format>) -> anyhow::Result<KnowledgeGraph> {
    let format = input_format(path, given)?;
    let reader = open_input(path)?;
    let quads = oxrdfio::RdfParser::from_format(format)
        .for_reader(reader)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e {
            oxrdfio::RdfParseError::Syntax(e) => {
                anyhow::Error::new(InputError(format!("{}: {e}", path.display())))
            }
            oxrdfio::RdfParseError::Io(e) => anyhow::Error::new(e),
        })
        .with_context(|| format!("reading {}", path.display()))?;
    Ok(read::from_quads(&quads))
}

/// Runs `kg merge`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let plan = args.output.plan()?;
    // Before reading: no output that is an input, none that cannot be created.
    let out = plan.open(&args.inputs)?;
    let mut graph: Option<KnowledgeGraph> = None;
    for path in &args.inputs {
        let g = read_graph(path, args.input_format)?;
        match graph.as_mut() {
            None => graph = Some(g),
            Some(acc) => acc.merge(&g),
        }
    }
    let graph = graph.unwrap_or_default();
    let (graph, groups) = if args.no_aliases {
        (graph, Vec::new())
    } else {
        alias::unify(graph)
    };
    plan.write_to(&graph, out)?;
    eprintln!(
        "merged {} graphs: {} entities, {} facts; {} entities joined into {} by the alias pass",
        args.inputs.len(),
        graph.entity_count(),
        graph.fact_count(),
        groups.iter().map(|g| g.merged.len()).sum::<usize>(),
        groups.len()
    );
    Ok(())
}
