//! `kg train mapper`: trains the ontology mapper (`mapper`) on example sentences with their
//! gold triples (Text2KGBench's train format) and writes it as a kg model file, tied to the
//! ontology's properties (see `mapper::file`), for `kg build --ontology … --mapper …`.

use std::io::Write;
use std::path::PathBuf;

use super::common::{examples, read_train};
use crate::cli::InputError;
use crate::formats::ontology::Ontology;
use crate::io::open_output;
use crate::mapper::file::MapperFile;
use crate::mapper::{Analysed, Mapper, Objective};
use crate::nlp::pipeline::Pipeline;

/// What the decoding thresholds are tuned for (on a held-out fifth of the examples).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Tune {
    /// Text2KGBench's F1, which sets aside a sentence's triples of relations its gold lacks.
    Benchmark,
    /// F1 over every output triple: fewer, surer triples (the better choice for a graph).
    Strict,
}

/// Arguments of `kg train mapper`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:
  kg train mapper --ontology onto.json --examples train.jsonl -o onto.mapper
  kg build news/ --ontology onto.json --mapper onto.mapper -o graph.nq

Examples are JSONL, one per line, as Text2KGBench writes them: either
{\"sent\": …, \"triples\": [{\"sub\": …, \"rel\": …, \"obj\": …}, …]} or one triple a line
{\"sentence\": …, \"sub_label\": …, \"rel_label\": …, \"obj_label\": …} (lines of one
sentence are grouped). A relation is the label of an ontology property; triples of other
relations are counted and skipped. The same inputs give the same model file, byte for byte.")]
pub struct Args {
    /// The ontology: OWL/RDFS (Turtle, RDF/XML, N-Triples, …) or a Text2KGBench JSON ontology.
    #[arg(long, value_name = "FILE")]
    ontology: PathBuf,
    /// Example sentences with their gold triples (JSONL).
    #[arg(long, value_name = "FILE")]
    examples: PathBuf,
    /// Where to write the model.
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// What the decoding thresholds are tuned for.
    #[arg(long, value_enum, default_value_t = Tune::Strict)]
    objective: Tune,
}

/// Runs `kg train mapper`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let ontology = Ontology::read(&args.ontology).map_err(|e| InputError(e.to_string()))?;
    let gold = read_train(&args.examples)?;
    if gold.is_empty() {
        return Err(InputError(format!(
            "{}: no example sentences; nothing written",
            args.examples.display()
        ))
        .into());
    }
    // Before the training: the output can be created and is not an input.
    let out = open_output(
        &args.output,
        &[args.ontology.clone(), args.examples.clone()],
    )
    .map_err(|e| InputError(e.to_string()))?;
    let pipeline = Pipeline::embedded()?;
    let analysed: Vec<Analysed> = gold
        .iter()
        .map(|g| Analysed::new(&pipeline, &g.sent))
        .collect();
    let mut unknown = 0;
    let ex = examples(&ontology, &gold, &analysed, &mut unknown);
    let known: usize = ex.iter().map(|e| e.triples.len()).sum();
    if known == 0 {
        return Err(InputError(format!(
            "{}: none of the {unknown} example triples has a relation that is a property label \
             of {}; nothing written",
            args.examples.display(),
            args.ontology.display()
        ))
        .into());
    }
    let objective = match args.objective {
        Tune::Benchmark => Objective::Benchmark,
        Tune::Strict => Objective::Strict,
    };
    let (mapper, align, held) = Mapper::train(&ex, ontology.properties.len(), objective);
    let bytes = MapperFile::new(&mapper, &ontology).to_bytes()?;
    let mut out = out;
    out.write_all(&bytes)?;
    out.commit()?;
    let t = mapper.thresholds();
    outln!("ontology {}", ontology.id);
    outln!("properties {}", ontology.properties.len());
    outln!("sentences {}", gold.len());
    outln!("triples {known}");
    outln!("triples_outside_ontology {unknown}");
    outln!("triples_on_candidates {}", align.both);
    outln!(
        "thresholds keep {} fallback {} per_relation {}",
        t.keep,
        t.fallback,
        t.per_relation
    );
    outln!("held_out_f1 {held:.4}");
    outln!("bytes {}", bytes.len());
    Ok(())
}
