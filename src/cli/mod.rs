//! Command-line interface: clap argument structs and one module per command.
//!
//! Each command lives in its own file with its own `Args` struct; this file
//! only lists them and dispatches.

mod eval;
mod train;
mod train_parser;

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
    /// Train a model from treebank data.
    Train(train::Args),
    /// Score kg against gold data.
    Eval(eval::Args),
}

/// Runs the command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Train(args) => train::run(args),
        Command::Eval(args) => eval::run(args),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clap_definition_is_consistent() {
        <super::Cli as clap::CommandFactory>::command().debug_assert();
    }
}
