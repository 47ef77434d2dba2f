//! `kg eval nodes TEXT…`: builds one graph from the texts as `kg build` does (alias pass
//! on) and counts what its nodes are (`eval::nodes`). Prints `name value` lines: `documents`,
//! `nodes`, `typed`, `typed_pct` (a type other than the generic `kg:Entity`: a class or a
//! concept), `classed`, `classed_pct` (one of kg's classes: Person, Organization, Place,
//! Group, Event, Work, Product), `described` (described things), `long_labels`, `long_labels_pct` (six
//! words or more), `function_word_nodes` (labels that are only pronouns and determiners). With `--show`, the untyped, long and
//! function-word labels go to standard error.

use crate::build::TextGraphBuilder;
use crate::cli::InputError;
use crate::corpus::{discover, read_text_document, DiscoverOptions};
use crate::eval::nodes::{Flaws, NodeQuality};
use crate::graph::KnowledgeGraph;
use std::path::PathBuf;

/// Arguments of `kg eval nodes`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Text files or directories (read as `kg build` reads them, in sorted order).
    #[arg(required = true)]
    text: Vec<PathBuf>,
    /// Read only the first N documents found.
    #[arg(long, value_name = "N")]
    limit: Option<usize>,
    /// Print the labels of untyped, long and function-word nodes to standard error.
    #[arg(long)]
    show: bool,
}

/// Runs `kg eval nodes`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let mut sources = discover(&args.text, &DiscoverOptions::new())?;
    if let Some(n) = args.limit {
        sources.truncate(n);
    }
    if sources.is_empty() {
        return Err(InputError("no text documents found".to_owned()).into());
    }
    let builder = TextGraphBuilder::embedded()?;
    let mut graph = KnowledgeGraph::new();
    for source in &sources {
        let raw = read_text_document(source.path()).map_err(|e| InputError(e.to_string()))?;
        let mut doc = raw.into_document();
        builder.add_document(&mut graph, &mut doc);
    }
    let graph = crate::graph::alias::unify(graph).0;
    let q = NodeQuality::of(&graph);
    if args.show {
        for e in graph.entities() {
            let why = Flaws::of(e).names();
            if !why.is_empty() {
                eprintln!("{why}\t{}", e.name());
            }
        }
    }
    outln!("documents {}", sources.len());
    outln!("nodes {}", q.nodes);
    outln!("typed {}", q.typed);
    outln!("typed_pct {:.1}", 100.0 * q.share(q.typed));
    outln!("classed {}", q.classed);
    outln!("classed_pct {:.1}", 100.0 * q.share(q.classed));
    outln!("described {}", q.described);
    outln!("long_labels {}", q.long);
    outln!("long_labels_pct {:.1}", 100.0 * q.share(q.long));
    outln!("function_word_nodes {}", q.function_words);
    Ok(())
}
