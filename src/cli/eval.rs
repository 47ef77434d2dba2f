//! `kg eval TASK …`: scores kg against gold data; prints one `name value` line per metric.

/// Arguments of `kg eval`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    task: Task,
}

#[derive(Debug, clap::Subcommand)]
enum Task {
    /// Open IE extractions on CaRB: prints auc, f1, precision, recall.
    Carb(super::eval_carb::Args),
    /// Tagging and lemmatization against a Universal Dependencies treebank.
    Ud(super::eval_ud::Args),
    /// Named entities: span F1 against an IOB2 file.
    Ner(super::eval_ner::Args),
    /// Within-document coreference: MUC, B³, CEAF-e F1 on a gold directory.
    Coref(super::eval_coref::Args),
    /// A parser model file on gold-tokenised CoNLL-U: attachment scores and speed.
    Parser(super::eval_parser::Args),
    /// Event factuality on UDS-IH2: pearson, mae, accuracy, f1_nonfactual, tokens_per_sec.
    Factuality(super::eval_factuality::Args),
    /// Facts a reader judged: how many wrong and correct ones the graph still asserts.
    Judged(super::eval_judged::Args),
    /// What a graph's nodes are: typed, long (clause-like) and pronoun labels.
    Nodes(super::eval_nodes::Args),
    /// Text2KGBench: triples in a user's ontology, learned from its training sentences.
    Text2kg(super::eval_text2kg::Args),
}

/// Runs `kg eval`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.task {
        Task::Carb(a) => super::eval_carb::run(a),
        Task::Ud(a) => super::eval_ud::run(a),
        Task::Ner(a) => super::eval_ner::run(a),
        Task::Coref(a) => super::eval_coref::run(a),
        Task::Parser(a) => super::eval_parser::run(a),
        Task::Factuality(a) => super::eval_factuality::run(a),
        Task::Judged(a) => super::eval_judged::run(a),
        Task::Nodes(a) => super::eval_nodes::run(a),
        Task::Text2kg(a) => super::eval_text2kg::run(a),
    }
}
