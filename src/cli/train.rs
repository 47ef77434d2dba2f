//! `kg train MODEL …`: trains one of kg's models from treebank data.

/// Arguments of `kg train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    model: Model,
}

#[derive(Debug, clap::Subcommand)]
enum Model {
    /// The dependency parser.
    Parser(super::train_parser::Args),
}

/// Runs `kg train`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.model {
        Model::Parser(a) => super::train_parser::run(a),
    }
}
