//! Command-line interface: clap argument structs and one module per command.
//!
//! Each command lives in its own file with its own `Args` struct; this file
//! only lists them and dispatches.

mod analyze;
mod bench;
mod build;
mod convert;
mod eval;
mod eval_carb;
mod eval_coref;
mod eval_factuality;
mod eval_ner;
mod eval_ud;
mod extract;
mod merge;
mod push;
mod query;
mod train;
mod train_factuality;
mod train_ner;
mod train_parser;
mod train_tagger;
mod train_tokenizer;
mod validate;

use clap::{Parser, Subcommand};

/// An error in what the user gave (a malformed input line, a bad flag value):
/// exit code 2 rather than 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct InputError(pub String);

/// Exit code for an error: 2 when it is (or wraps) an [`InputError`], else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|c| c.is::<InputError>()) {
        2
    } else {
        1
    }
}

/// kg builds knowledge graphs from English text: RDF for triple stores, DOT for pictures.
#[derive(Debug, Parser)]
#[command(name = "kg", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse text (sentences, tokens, tags, lemmas …) and print CoNLL-U.
    Analyze(analyze::Args),
    /// Train a model from treebank data.
    Train(train::Args),
    /// Score kg against gold data.
    Eval(eval::Args),
    /// Extract subject–relation–object facts from text.
    Extract(extract::Args),
    /// Build a graph from text (files, directories, JSONL) or triples; write RDF or DOT.
    Build(build::Args),
    /// Convert an RDF graph to another RDF format or to DOT.
    Convert(convert::Args),
    /// Merge graphs written by kg into one, joining aliases across documents.
    Merge(merge::Args),
    /// Run a SPARQL query over a graph (in-memory Oxigraph).
    Query(query::Args),
    /// Send a graph to a triple store (SPARQL 1.1 Graph Store HTTP Protocol).
    Push(push::Args),
    /// Check a graph against SHACL shapes (kg's ontology/shapes.ttl by default).
    Validate(validate::Args),
    /// Measure throughput and memory over a corpus, stage by stage and end to end.
    Bench(bench::Args),
}

/// Runs the command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Build(args) => build::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Query(args) => query::run(args),
        Command::Push(args) => push::run(args),
        Command::Validate(args) => validate::run(args),
        Command::Bench(args) => bench::run(args),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
