//! Lemmatizer with its WordNet lexicon: accuracy floors on the EWT and GUM test splits,
//! deterministic training with the lexicon.

use crate::eval::ud;
use crate::formats::conllu;
use crate::nlp::{lemma::Lemmatizer, tagger::Tagger};
use crate::testing::shared_data;
use crate::train::lemma as lemma_train;

/// Lemma accuracy (predicted tags, gold tokens) of the embedded models on a test split,
/// and on its words unseen in the lemmatizer's training data (EWT + GUM train).
fn scores(data: &std::path::Path, test: &str) -> (f64, f64) {
    let gold = conllu::read_path(&data.join(test)).unwrap();
    let (s, system) = ud::annotate_gold_tokens(
        &gold,
        Tagger::embedded().unwrap(),
        Lemmatizer::embedded().unwrap(),
    );
    let mut seen = std::collections::HashSet::new();
    for train in [
        "ud-english-ewt/en_ewt-ud-train.conllu",
        "ud-english-gum/en_gum-ccby-train.conllu",
    ] {
        seen.extend(ud::seen_forms(
            &conllu::read_path(&data.join(train)).unwrap(),
        ));
    }
    let (n, right) = ud::unseen_lemmas(&gold, &system, &seen);
    (s.lemma.unwrap(), 100.0 * right as f64 / n.max(1) as f64)
}

/// Figures of models/MODELS.md, less a small tolerance: fails on a real regression only.
#[test]
fn lemma_accuracy_floors_on_the_test_splits() {
    let Some(data) = shared_data() else { return };
    for (test, floor, unseen_floor) in [
        ("ud-english-ewt/en_ewt-ud-test.conllu", 97.14, 84.35),
        ("ud-english-gum/en_gum-ccby-test.conllu", 97.24, 90.93),
    ] {
        let (lemma, unseen) = scores(&data, test);
        eprintln!("{test}: lemma {lemma:.2}, unseen {unseen:.2}");
        assert!(lemma >= floor - 0.1, "{test}: lemma {lemma}");
        assert!(unseen >= unseen_floor - 0.5, "{test}: unseen {unseen}");
    }
}

#[test]
fn training_with_the_wordnet_lexicon_is_deterministic() {
    let Some(data) = shared_data() else { return };
    let words = lemma_train::wordnet_lexicon(&data.join("wordnet-3.1")).unwrap();
    assert!(words.len() > 80_000, "{}", words.len());
    assert!(!words.keys().any(|w| w.contains('_')));
    let cfg = lemma_train::LemmaConfig {
        lexicon: crate::nlp::lemma::encode_lexicon(&words),
        ..Default::default()
    };
    let train: Vec<_> = conllu::read_path(&data.join("ud-english-ewt/en_ewt-ud-train.conllu"))
        .unwrap()
        .into_iter()
        .take(2000)
        .collect();
    let a = lemma_train::train(&train, &cfg).to_bytes().unwrap();
    let b = lemma_train::train(&train, &cfg).to_bytes().unwrap();
    assert_eq!(a, b);
    let l = Lemmatizer::from_bytes(&a).unwrap();
    assert_eq!(l.lexicon_len(), words.len());
    assert_eq!(l.lemma("outlined", "VBD", false), "outline");
}

/// A stem made up by an annotation slip ("fled" → "flead") gives way to the lemma the
/// treebank also gives and the lexicon knows; a slip with no such lemma ("freed" →
/// "fre") leaves the form to the checked rules; a lemma equal to its form ("regards")
/// is a convention and stays.
#[test]
fn annotation_slips_do_not_enter_the_tables() {
    let words: std::collections::BTreeMap<String, u8> = [
        ("flee", crate::nlp::lemma::pos::VERB),
        ("free", crate::nlp::lemma::pos::VERB),
        (
            "regard",
            crate::nlp::lemma::pos::VERB | crate::nlp::lemma::pos::NOUN,
        ),
    ]
    .into_iter()
    .map(|(w, p)| (w.to_owned(), p))
    .collect();
    let cfg = lemma_train::LemmaConfig {
        lexicon: crate::nlp::lemma::encode_lexicon(&words),
        ..Default::default()
    };
    let mut text = String::new();
    for (i, (form, lemma, xpos)) in [
        ("fled", "flead", "VBD"),
        ("fled", "flead", "VBD"),
        ("fled", "flee", "VBD"),
        ("freed", "fre", "VBN"),
        ("regards", "regards", "NNS"),
    ]
    .into_iter()
    .enumerate()
    {
        text.push_str(&format!(
            "# sent_id = s{i}\n1\t{form}\t{lemma}\tVERB\t{xpos}\t_\t0\troot\t_\t_\n\n"
        ));
    }
    let train = conllu::read(text.as_bytes(), "t").unwrap();
    let l = lemma_train::train(&train, &cfg);
    assert_eq!(l.lemma("fled", "VBD", false), "flee");
    assert_eq!(l.lemma("freed", "VBN", false), "free");
    assert_eq!(l.lemma("regards", "NNS", false), "regards");
}
