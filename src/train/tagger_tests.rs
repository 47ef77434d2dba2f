//! Tests moved from `tests/it/tagger.rs` when the library's modules became private: they exercise
//! internals (the items the front door does not re-export).

use crate::{ByteSpan, Token, Upos};

use crate::eval::ud::score_gold_tokens;

use crate::formats::conllu;

use crate::Lemmatizer;

use crate::Tagger;

use crate::testing::shared_data;
use crate::train::{lemma as lemma_train, tagger as tagger_train};

fn words(s: &str) -> Vec<Token> {
    s.split_whitespace()
        .map(|w| Token::new(w, ByteSpan::default()))
        .collect()
}

fn tag(s: &str) -> Vec<Token> {
    let mut w = words(s);
    Tagger::embedded().unwrap().tag(&mut w);
    Lemmatizer::embedded().unwrap().lemmatize(&mut w);
    w
}

#[test]
fn tagger_round_trips_through_bytes() {
    let t = Tagger::embedded().unwrap();
    let back = Tagger::from_bytes(&t.to_bytes().unwrap()).unwrap();
    let mut a = words("The quick brown fox jumped over 3 lazy dogs in Paris .");
    let mut b = a.clone();
    t.tag(&mut a);
    back.tag(&mut b);
    assert_eq!(a, b);
    assert_eq!(back.to_bytes().unwrap(), t.to_bytes().unwrap());
}

#[test]
fn a_model_without_word_classes_keeps_its_version_1_bytes() {
    let bytes = include_bytes!("../../models/tagger.kgm");
    if u16::from_le_bytes([bytes[14], bytes[15]]) == 1 {
        let t = Tagger::from_bytes(bytes).unwrap();
        assert_eq!(t.to_bytes().unwrap(), bytes.to_vec());
    }
}

#[test]
fn word_classes_read_inflections() {
    use crate::nlp::lemma::pos;
    let l = Lemmatizer::embedded().unwrap();
    // "denies": no noun, neither as a lemma nor by inflection; a verb's third person.
    let c = l.word_class("denies");
    assert_eq!(c & 0x0f, 0);
    assert_eq!(c >> 4, pos::VERB);
    let books = l.word_class("books");
    assert_eq!(books >> 4 & (pos::NOUN | pos::VERB), pos::NOUN | pos::VERB);
    assert_ne!(l.word_class("book") & pos::NOUN, 0);
    assert_eq!(l.word_class("zzxqj"), 0);
}

#[test]
fn lemmatizer_round_trips_through_a_file() {
    let l = Lemmatizer::embedded().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lemma.kgm");
    l.save(&path).unwrap();
    let back = Lemmatizer::load(&path).unwrap();
    for (f, x) in [("went", "VBD"), ("cities", "NNS"), ("Flurbing", "VBG")] {
        assert_eq!(back.lemma(f, x, false), l.lemma(f, x, false));
    }
}

#[test]
fn corrupt_models_are_refused() {
    let bytes = Tagger::embedded().unwrap().to_bytes().unwrap();
    let mut flipped = bytes.clone();
    let mid = bytes.len() / 2;
    flipped[mid] ^= 0x55;
    assert!(Tagger::from_bytes(&flipped).is_err());
    assert!(Tagger::from_bytes(&bytes[..bytes.len() - 7]).is_err());
    assert!(Tagger::from_bytes(b"KGMODEL\0garbage").is_err());
    assert!(Tagger::from_bytes(&[]).is_err());
    // A lemmatizer file is not a tagger.
    let lemma = Lemmatizer::embedded().unwrap().to_bytes().unwrap();
    assert!(Tagger::from_bytes(&lemma).is_err());
    let mut bad = lemma.clone();
    let last = bad.len() - 1;
    bad[last] ^= 1;
    assert!(Lemmatizer::from_bytes(&bad).is_err());
}

#[test]
fn tags_a_simple_sentence() {
    let w = tag("She has read three books about Rome .");
    let tags: Vec<(Upos, &str)> = w.iter().map(|t| (t.upos, t.xpos.as_str())).collect();
    assert_eq!(
        tags,
        [
            (Upos::Pron, "PRP"),
            (Upos::Aux, "VBZ"),
            (Upos::Verb, "VBN"),
            (Upos::Num, "CD"),
            (Upos::Noun, "NNS"),
            (Upos::Adp, "IN"),
            (Upos::Propn, "NNP"),
            (Upos::Punct, "."),
        ]
    );
}

#[test]
fn empty_and_odd_input_does_not_panic() {
    let mut none: Vec<Token> = Vec::new();
    Tagger::embedded().unwrap().tag(&mut none);
    let w = tag("ǅ 😀 \u{200b} ßẞ ---- 12,34,5 İ");
    assert!(w.iter().all(|t| !t.xpos.is_empty()));
}

#[test]
fn lemmatizer_cases() {
    let l = Lemmatizer::embedded().unwrap();
    let cases = [
        // irregular verbs
        ("went", "VBD", false, "go"),
        ("was", "VBD", false, "be"),
        ("is", "VBZ", false, "be"),
        ("'s", "VBZ", false, "be"),
        ("n't", "RB", false, "not"),
        ("wrote", "VBD", false, "write"),
        ("taken", "VBN", false, "take"),
        ("better", "JJR", false, "good"),
        // regular inflection, including words never seen in training
        ("walked", "VBD", false, "walk"),
        ("flurbing", "VBG", false, "flurb"),
        ("cities", "NNS", false, "city"),
        ("boxes", "NNS", false, "box"),
        ("glorptions", "NNS", false, "glorption"),
        ("children", "NNS", false, "child"),
        ("women", "NNS", false, "woman"),
        ("bigger", "JJR", false, "big"),
        // proper nouns keep their spelling
        ("London", "NNP", false, "London"),
        ("Zanbrovia", "NNP", true, "Zanbrovia"),
        ("Americans", "NNPS", false, "American"),
        // numbers
        ("1,000", "CD", false, "1000"),
        ("66.1", "CD", false, "66.1"),
        ("42", "CD", false, "42"),
        // case
        ("The", "DT", true, "the"),
        ("Running", "VBG", true, "run"),
        ("HOUSES", "NNS", false, "house"),
        ("I", "PRP", true, "I"),
        // punctuation
        (",", ",", false, ","),
        ("?", ".", false, "?"),
    ];
    let mut wrong = Vec::new();
    for (form, xpos, first, want) in cases {
        let got = l.lemma(form, xpos, first);
        if got != want {
            wrong.push(format!("{form}/{xpos}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn lemmatizes_a_tagged_sentence() {
    let w = tag("The children went home and were eating apples .");
    let lemmas: Vec<&str> = w.iter().map(|t| t.lemma.as_str()).collect();
    assert_eq!(
        lemmas,
        ["the", "child", "go", "home", "and", "be", "eat", "apple", "."]
    );
}

/// Figures the embedded models reach on EWT dev (see models/MODELS.md); the
/// test allows a small tolerance so that it fails on a real regression only.
#[test]
fn accuracy_on_ewt_dev() {
    let Some(data) = shared_data() else { return };
    let gold = conllu::read_path(&data.join("ud-english-ewt/en_ewt-ud-dev.conllu")).unwrap();
    let s = score_gold_tokens(
        &gold,
        Tagger::embedded().unwrap(),
        Lemmatizer::embedded().unwrap(),
    );
    let (upos, xpos, lemma) = (s.upos.unwrap(), s.xpos.unwrap(), s.lemma.unwrap());
    eprintln!("dev: upos {upos:.2} xpos {xpos:.2} lemma {lemma:.2}");
    assert!(upos >= DEV_UPOS - 0.1, "upos {upos}");
    assert!(xpos >= DEV_XPOS - 0.1, "xpos {xpos}");
    assert!(lemma >= DEV_LEMMA - 0.1, "lemma {lemma}");
}

const DEV_UPOS: f64 = 95.22;

const DEV_XPOS: f64 = 94.63;

const DEV_LEMMA: f64 = 97.03;

fn sample(data: &std::path::Path, n: usize) -> Vec<conllu::ConlluSentence> {
    let all = conllu::read_path(&data.join("ud-english-ewt/en_ewt-ud-train.conllu")).unwrap();
    all.into_iter().take(n).collect()
}

#[test]
fn training_is_deterministic() {
    let Some(data) = shared_data() else { return };
    let train = sample(&data, 400);
    let (dev, train) = train.split_at(100);
    let cfg = tagger_train::TaggerConfig {
        max_epochs: 3,
        folds: 2,
        ..Default::default()
    };
    let a = tagger_train::train(train, dev, &cfg, &mut |_| {});
    let b = tagger_train::train(train, dev, &cfg, &mut |_| {});
    assert_eq!(a.to_bytes().unwrap(), b.to_bytes().unwrap());
    let la = lemma_train::train(train, &Default::default());
    let lb = lemma_train::train(train, &Default::default());
    assert_eq!(la.to_bytes().unwrap(), lb.to_bytes().unwrap());
    // It learned something.
    assert!(tagger_train::accuracy(&a, dev).upos > 70.0);
}

#[test]
fn training_with_word_classes_is_deterministic_and_round_trips() {
    let Some(data) = shared_data() else { return };
    let train = sample(&data, 300);
    let (dev, train) = train.split_at(100);
    let cfg = tagger_train::TaggerConfig {
        max_epochs: 2,
        folds: 2,
        word_classes: true,
        ..Default::default()
    };
    let a = tagger_train::train(train, dev, &cfg, &mut |_| {});
    let b = tagger_train::train(train, dev, &cfg, &mut |_| {});
    let bytes = a.to_bytes().unwrap();
    assert_eq!(bytes, b.to_bytes().unwrap());
    assert_eq!(u16::from_le_bytes([bytes[14], bytes[15]]), 2);
    let back = Tagger::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes().unwrap(), bytes);
    let mut x = words("The ministry , however , denies any such plan .");
    let mut y = x.clone();
    a.tag(&mut x);
    back.tag(&mut y);
    assert_eq!(x, y);
}
