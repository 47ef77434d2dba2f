//! `kg eval TASK …`: scores kg against gold data; prints one `name value` line per metric.

/// Arguments of `kg eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, clap::Subcommand)]
enum Task {
    /// Tagging and lemmatization against a Universal Dependencies treebank.
    Ud(super::eval_ud::Args),
}

/// Runs `kg eval`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.task {
        Task::Ud(a) => super::eval_ud::run(a),
    }
}
