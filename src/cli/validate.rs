//! `kg validate GRAPH [--shapes FILE]`: checks a graph against SHACL shapes (by default kg's
//! own `ontology/shapes.ttl`), prints each violation and exits 1 if there is any.

use std::io::Write;
use std::path::PathBuf;

use crate::store::validate::{read_graph, Shapes, ValidateError};
use anyhow::Context;
use oxrdfio::RdfFormat;

use super::common::input_format_named as input_format;
use super::InputError;

/// kg's own shapes, used when `--shapes` is not given.
///
/// kg's own shapes, embedded: what `kg validate` checks when no `--shapes` is given.
const DEFAULT_SHAPES: Option<&str> = Some(include_str!("../../ontology/shapes.ttl"));

/// Arguments of `kg validate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Prints one line per SHACL result: severity, focus node, path, value, message, constraint
component and shape. Exit status: 0 when the graph conforms, 1 when it does not, 2 when the
graph or shapes cannot be read.

Examples:
  kg validate graph.ttl
  kg validate graph.nq --shapes my-shapes.ttl")]
pub struct Args {
    /// The RDF file to check (`-` for standard input, which needs `--format`); a dataset is
    /// checked as the union of its graphs.
    #[arg(value_name = "GRAPH")]
    input: PathBuf,
    /// SHACL shapes file (any RDF syntax); default: kg's ontology/shapes.ttl.
    #[arg(long, value_name = "FILE")]
    shapes: Option<PathBuf>,
    /// Syntax of GRAPH (turtle, ntriples, nquads, trig, rdfxml, jsonld, or an extension);
    /// by default taken from the file extension.
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<String>,
}

/// Runs `kg validate`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let input_err = |what: &PathBuf, e: ValidateError| -> anyhow::Error {
        InputError(format!("{}: {e}", what.display())).into()
    };
    let shapes = match &args.shapes {
        Some(path) => {
            let format = input_format(path, None)?;
            let reader = crate::io::open_input(path)?;
            Shapes::parse(reader, format).map_err(|e| input_err(path, e))?
        }
        None => match DEFAULT_SHAPES {
            Some(text) => Shapes::parse(text.as_bytes(), RdfFormat::Turtle)
                .context("kg's embedded ontology/shapes.ttl is invalid")?,
            None => {
                return Err(InputError(
                    "this build has no embedded shapes yet; give a shapes file with --shapes"
                        .to_owned(),
                )
                .into())
            }
        },
    };
    for component in shapes.unsupported() {
        eprintln!("kg validate: warning: {component} is not supported and was ignored");
    }
    let format = input_format(&args.input, args.format.as_deref())?;
    let reader = crate::io::open_input(&args.input)?;
    let data = read_graph(reader, format).map_err(|e| input_err(&args.input, e))?;
    let report = shapes.validate(&data);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for v in &report.violations {
        writeln!(out, "{v}")?;
    }
    out.flush()?;
    if report.conforms() {
        eprintln!(
            "kg validate: {} conforms ({} triples, {} focus node checks)",
            args.input.display(),
            data.len(),
            report.focus_nodes
        );
        Ok(())
    } else {
        anyhow::bail!(
            "{} does not conform: {} SHACL result(s)",
            args.input.display(),
            report.violations.len()
        )
    }
}
