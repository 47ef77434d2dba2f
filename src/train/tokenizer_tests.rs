//! The tokenizer against EWT: its accuracy on the dev split from raw text, and the embedded
//! lists against what `kg train tokenizer` learns from the training split.

use crate::eval::conll18;
use crate::nlp::tokenize::Tokenizer;
use crate::testing::shared_data;
use std::sync::OnceLock;

fn tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(Tokenizer::new)
}

/// Accuracy on EWT dev from raw text, with the CoNLL 2018 alignment.
/// Measured: tokens F1 99.65, sentences F1 86.40 (see models/MODELS.md).
#[test]
fn ewt_dev_accuracy_from_raw_text() {
    let Some(data) = shared_data() else { return };
    let path = data.join("ud-english-ewt/en_ewt-ud-dev.conllu");
    let gold = crate::read_conllu(&path).expect("EWT dev");
    let scores = conll18::evaluate_tokenizer(&gold, tokenizer()).expect("same text");
    let tokens = 100.0 * scores.tokens.f1();
    let sentences = 100.0 * scores.sentences.f1();
    eprintln!("EWT dev: tokens_f1 {tokens:.2} sentences_f1 {sentences:.2}");
    assert!(tokens >= 99.5, "tokens F1 {tokens:.2}");
    assert!(sentences >= 86.0, "sentences F1 {sentences:.2}");
}

/// The embedded lists are what `kg train tokenizer` learns from EWT train today.
#[test]
fn embedded_lists_are_up_to_date() {
    let Some(data) = shared_data() else { return };
    let path = data.join("ud-english-ewt/en_ewt-ud-train.conllu");
    let train = crate::read_conllu(&path).expect("EWT train");
    let lists = crate::train::tokenizer::learn(&train);
    let models = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("models/tokenizer");
    for (file, lines) in [
        ("abbreviations.txt", &lists.abbreviations),
        ("hyphen_whole.txt", &lists.hyphen_whole),
        ("contractions.txt", &lists.contractions),
    ] {
        let on_disk = std::fs::read_to_string(models.join(file)).expect(file);
        let learned: String = lines.iter().map(|l| format!("{l}\n")).collect();
        assert_eq!(
            on_disk, learned,
            "{file} is stale: rerun kg train tokenizer"
        );
    }
}
