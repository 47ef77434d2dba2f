//! `kg train MODEL …`: trains one of kg's models from treebank data.

/// Arguments of `kg train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    model: Model,
}

#[derive(Debug, clap::Subcommand)]
enum Model {
    /// Part-of-speech tagger and lemmatizer (from a CoNLL-U treebank).
    Tagger(super::train_tagger::Args),
}

/// Runs `kg train`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.model {
        Model::Tagger(a) => super::train_tagger::run(a),
    }
}
