//! `kg train MODEL …`: trains one of kg's models from treebank data.

/// Arguments of `kg train`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    model: Model,
}

#[derive(Debug, clap::Subcommand)]
enum Model {
    /// The named-entity recognizer (Universal NER IOB2 data).
    Ner(super::train_ner::Args),
    /// The dependency parser.
    Parser(super::train_parser::Args),
    /// The lemmatizer alone (CoNLL-U treebanks, WordNet's index files as its lexicon).
    Lemma(super::train_lemma::Args),
    /// Learn the tokenizer's abbreviation, hyphen and contraction lists.
    Tokenizer(super::train_tokenizer::Args),
    /// Part-of-speech tagger and lemmatizer (from a CoNLL-U treebank).
    Tagger(super::train_tagger::Args),
    /// Event factuality (UDS-IH2 on the EWT treebank).
    Factuality(super::train_factuality::Args),
    /// The classes of common nouns (GUM's entity types, WordNet for the rest).
    NounTypes(super::train_noun_types::Args),
    /// Which verbs take a passive, counted from gold treebanks.
    VerbVoice(super::train_verb_voice::Args),
    /// The ontology mapper, from example sentences with gold triples (for `kg build --mapper`).
    Mapper(super::train_mapper::Args),
}

/// Runs `kg train`.
pub fn run(args: Args) -> anyhow::Result<()> {
    match args.model {
        Model::Lemma(a) => super::train_lemma::run(a),
        Model::Ner(a) => super::train_ner::run(a),
        Model::Parser(a) => super::train_parser::run(a),
        Model::Tokenizer(a) => super::train_tokenizer::run(a),
        Model::Tagger(a) => super::train_tagger::run(a),
        Model::Factuality(a) => super::train_factuality::run(a),
        Model::NounTypes(a) => super::train_noun_types::run(a),
        Model::VerbVoice(a) => super::train_verb_voice::run(a),
        Model::Mapper(a) => super::train_mapper::run(a),
    }
}
