//! The `kg` command line: clap argument structs and one module per command.
//!
//! Each command lives in its own file with its own `Args` struct; this file
//! only lists them and dispatches. Exit codes: 0 success, 1 runtime failure,
//! 2 usage or input error.

/// `println!` that returns the write error instead of panicking, so that `kg eval … | head`
/// ends quietly (a closed pipe is not a failure, see [`main`]).
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?;
    }};
}

mod analyze;
mod bench;
mod build;
mod common;
mod convert;
mod eval;
mod eval_carb;
mod eval_coref;
mod eval_factuality;
mod eval_judged;
mod eval_ner;
mod eval_nodes;
mod eval_parser;
mod eval_text2kg;
mod eval_ud;
mod extract;
mod merge;
#[cfg(feature = "store")]
mod push;
mod query;
mod train;
mod train_factuality;
mod train_lemma;
mod train_mapper;
mod train_ner;
mod train_noun_types;
mod train_parser;
mod train_tagger;
mod train_tokenizer;
mod train_verb_voice;
mod validate;

use clap::{Parser, Subcommand};

use std::process::ExitCode;

/// Runs `kg` with the process's arguments: what the `kg` binary does.
///
/// Installs a SIGINT/SIGTERM handler that removes unfinished output files, parses the
/// arguments (printing help or a usage error and exiting as clap does), runs the command
/// and prints its error, if any, on standard error.
///
/// ```no_run
/// fn main() -> std::process::ExitCode {
///     kg::cli::main()
/// }
/// ```
#[must_use]
pub fn main() -> ExitCode {
    let args = <Cli as clap::Parser>::parse();
    // Ctrl-C / SIGTERM must not leave half-written outputs behind.
    let handler = ctrlc::set_handler(|| {
        crate::io::remove_pending_temporaries();
        std::process::exit(130);
    });
    if let Err(e) = handler {
        eprintln!("kg: warning: no interrupt handler: {e}");
    }
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`kg … | head`) is not a failure.
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                if io.kind() == std::io::ErrorKind::BrokenPipe {
                    return ExitCode::SUCCESS;
                }
            }
            eprintln!("kg: error: {err}");
            for cause in err.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(exit_code(&err))
        }
    }
}

/// An error in what the user gave (a malformed input line, a bad flag value):
/// exit code 2 rather than 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct InputError(pub String);

/// Exit code for an error: 2 when it is (or wraps) an [`InputError`], else 1.
fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|c| c.is::<InputError>()) {
        2
    } else {
        1
    }
}

/// kg builds knowledge graphs from English text: RDF for triple stores, DOT for pictures.
#[derive(Debug, Parser)]
#[command(name = "kg", version, about, long_about = None)]
struct Cli {
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
    #[cfg(feature = "store")]
    Push(push::Args),
    /// Check a graph against SHACL shapes (kg's ontology/shapes.ttl by default).
    Validate(validate::Args),
    /// Measure throughput and memory over a corpus, stage by stage and end to end.
    Bench(bench::Args),
}

/// Runs the command.
fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Analyze(args) => analyze::run(args),
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Build(args) => build::run(args),
        Command::Convert(args) => convert::run(args),
        Command::Merge(args) => merge::run(args),
        Command::Query(args) => query::run(args),
        #[cfg(feature = "store")]
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
