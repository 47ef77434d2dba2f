//! Dependency parser: oracle and pseudo-projective invariants over the whole
//! EWT training set, well-formed trees for any input, model round trip, and
//! the accuracy regressions on EWT dev and test.
//!
//! Tests moved from `tests/it/parser.rs` when the library's modules became private: they exercise
//! internals (the items the front door does not re-export).

use crate::{ByteSpan, Token, Upos};

use crate::formats::conllu;

use crate::train::oracle::{static_oracle, GoldTree};

use crate::nlp::parser::projective::{is_projective, lift, lower};

use crate::nlp::parser::system::State;

use crate::Parser;

use proptest::prelude::*;

use std::collections::BTreeMap;

use crate::testing::shared_data;

/// The embedded parser, decoded once for the whole test binary.
fn parser() -> &'static Parser {
    static PARSER: std::sync::OnceLock<Parser> = std::sync::OnceLock::new();
    PARSER.get_or_init(|| Parser::embedded().expect("embedded parser loads"))
}

fn ewt(split: &str) -> Option<Vec<conllu::ConlluSentence>> {
    let path = shared_data()?.join(format!("ud-english-ewt/en_ewt-ud-{split}.conllu"));
    Some(conllu::read_path(&path).expect("EWT parses"))
}

/// Checks that CoNLL-U heads form one tree: one root, every head in range, no cycle.
fn assert_tree(tokens: &[Token]) {
    let n = tokens.len() as u32;
    let heads: Vec<u32> = tokens
        .iter()
        .map(|t| t.head.expect("every token gets a head").to_conllu())
        .collect();
    if tokens.is_empty() {
        return;
    }
    assert_eq!(
        heads.iter().filter(|&&h| h == 0).count(),
        1,
        "one root: {heads:?}"
    );
    for (i, &h) in heads.iter().enumerate() {
        assert!(h <= n, "head in range");
        assert_ne!(h, i as u32 + 1, "no self loop");
        let mut node = i as u32 + 1;
        let mut steps = 0;
        while node != 0 {
            node = heads[node as usize - 1];
            steps += 1;
            assert!(steps <= n, "cycle through word {}", i + 1);
        }
    }
    for t in tokens {
        assert!(!t.deprel.is_empty(), "every token gets a relation");
        assert!(!t.deprel.contains('^'), "no lift mark left: {}", t.deprel);
    }
    let root = heads.iter().position(|&h| h == 0).expect("root");
    assert_eq!(tokens[root].deprel, "root");
}

#[test]
fn static_oracle_rebuilds_every_training_tree_and_lifting_round_trips() {
    let Some(train) = ewt("train") else { return };
    let mut ids: BTreeMap<String, u16> = BTreeMap::new();
    let mut non_projective = 0;
    let mut round_trip_failures = Vec::new();
    for s in &train {
        let heads: Vec<u32> = s
            .words
            .iter()
            .map(|w| w.head.expect("gold head").to_conllu())
            .collect();
        let labels: Vec<String> = s.words.iter().map(|w| w.deprel.clone()).collect();
        let (lh, ll) = lift(&heads, &labels);
        assert!(
            is_projective(&lh),
            "lifting leaves sentence {:?} non-projective",
            s.id
        );
        if is_projective(&heads) {
            assert_eq!(
                (&lh, &ll),
                (&heads, &labels),
                "projective tree changed by lifting"
            );
        } else {
            non_projective += 1;
            let (mut bh, mut bl) = (lh.clone(), ll.clone());
            lower(&mut bh, &mut bl);
            if (bh, bl) != (heads.clone(), labels.clone()) {
                round_trip_failures.push(s.id.clone());
            }
        }
        // The static oracle rebuilds the (lifted) tree exactly.
        let next_id = ids.len() as u16;
        let root = *ids.entry("root".into()).or_insert(next_id);
        let label_ids: Vec<u16> = ll
            .iter()
            .map(|l| {
                let next = ids.len() as u16;
                *ids.entry(l.clone()).or_insert(next)
            })
            .collect();
        let gold = GoldTree::new(&lh, &label_ids);
        let mut state = State::new(s.words.len());
        while !state.is_terminal() {
            let t = static_oracle(&state, &gold, root)
                .unwrap_or_else(|| panic!("oracle stuck on sentence {:?}", s.id));
            state.apply(t, root);
        }
        assert_eq!(state.heads(), lh, "heads of sentence {:?}", s.id);
        assert_eq!(
            &state.label[1..=s.words.len()],
            &label_ids[..],
            "labels of {:?}",
            s.id
        );
    }
    eprintln!(
        "{} of {} training trees non-projective; {} do not round-trip: {:?}",
        non_projective,
        train.len(),
        round_trip_failures.len(),
        round_trip_failures
    );
    assert!(non_projective > 50, "EWT train has non-projective trees");
    // The "head" encoding is lossy when several words below the lifted head carry the
    // wanted label; on EWT train 273 of the 288 non-projective trees come back exactly.
    assert!(
        round_trip_failures.len() * 100 <= non_projective * 6,
        "lift then lower changed {} of {non_projective} trees",
        round_trip_failures.len()
    );
}

fn token(form: &str, upos: Upos, xpos: &str) -> Token {
    Token {
        upos,
        xpos: xpos.to_string(),
        ..Token::new(form, ByteSpan::default())
    }
}

#[test]
fn parses_empty_single_and_very_long_inputs() {
    let parser = parser();
    let mut empty: Vec<Token> = Vec::new();
    parser.parse(&mut empty);
    let mut one = vec![token("Hello", Upos::Intj, "UH")];
    parser.parse(&mut one);
    assert_eq!(one[0].head, Some(crate::document::Head::Root));
    assert_eq!(one[0].deprel, "root");
    let words = [
        "the", "dog", "saw", "a", "cat", ",", "and", "it", "ran", ".",
    ];
    let tags = [
        (Upos::Det, "DT"),
        (Upos::Noun, "NN"),
        (Upos::Verb, "VBD"),
        (Upos::Det, "DT"),
        (Upos::Noun, "NN"),
        (Upos::Punct, ","),
        (Upos::Cconj, "CC"),
        (Upos::Pron, "PRP"),
        (Upos::Verb, "VBD"),
        (Upos::Punct, "."),
    ];
    let mut long: Vec<Token> = (0..5000)
        .map(|i| token(words[i % 10], tags[i % 10].0, tags[i % 10].1))
        .collect();
    parser.parse(&mut long);
    assert_tree(&long);
    // Untagged input still gets a tree.
    let mut untagged: Vec<Token> = (0..50)
        .map(|_| Token::new("x", ByteSpan::default()))
        .collect();
    parser.parse(&mut untagged);
    assert_tree(&untagged);
}

#[test]
fn model_round_trips_and_parses_a_simple_sentence() {
    let parser = parser();
    let bytes = parser.to_bytes().expect("encodes");
    let back = Parser::from_bytes(&bytes).expect("decodes");
    assert_eq!(back.to_bytes().expect("encodes"), bytes);
    let mut tokens = vec![
        token("The", Upos::Det, "DT"),
        token("report", Upos::Noun, "NN"),
        token("was", Upos::Aux, "VBD"),
        token("written", Upos::Verb, "VBN"),
        token("by", Upos::Adp, "IN"),
        token("experts", Upos::Noun, "NNS"),
        token(".", Upos::Punct, "."),
    ];
    back.parse(&mut tokens);
    let got: Vec<(u32, &str)> = tokens
        .iter()
        .map(|t| {
            (
                t.head.map_or(99, crate::document::Head::to_conllu),
                t.deprel.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "det"),
            (4, "nsubj:pass"),
            (4, "aux:pass"),
            (0, "root"),
            (6, "case"),
            (4, "obl:agent"),
            (4, "punct")
        ]
    );
    assert!(Parser::from_bytes(&bytes[..bytes.len() / 2]).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn any_token_sequence_gets_a_tree(
        words in proptest::collection::vec(("[a-zA-Z0-9.,'-]{0,8}", 0usize..17, "[A-Z$.,:]{0,4}"), 0..60)
    ) {
        let parser = parser();
        let mut tokens: Vec<Token> = words
            .iter()
            .map(|(form, u, xpos)| token(form, Upos::ALL[*u], xpos))
            .collect();
        parser.parse(&mut tokens);
        assert_tree(&tokens);
    }
}

/// Attachment scores of the embedded parser on an EWT split with gold tags and
/// with tags predicted by kg's embedded tagger.
fn split_scores(
    split: &str,
) -> Option<(
    crate::eval::attachment::AttachmentScores,
    crate::eval::attachment::AttachmentScores,
)> {
    let mut data = ewt(split)?;
    let tagger = crate::Tagger::embedded().expect("embedded tagger loads");
    let gold = crate::eval::attachment::score_parser(parser(), &data);
    for s in &mut data {
        tagger.tag(&mut s.words);
    }
    let predicted = crate::eval::attachment::score_parser(parser(), &data);
    eprintln!(
        "EWT {split}: predicted tags uas {:.2} las {:.2}; gold tags uas {:.2} las {:.2}",
        predicted.uas(),
        predicted.las(),
        gold.uas(),
        gold.las()
    );
    assert!(predicted.words > 25_000);
    Some((predicted, gold))
}

/// Accuracy regression on EWT dev, gold tokenisation, tags predicted by kg's
/// embedded tagger. The shipped model was trained on train **and** dev (its options
/// were chosen with the same recipe on train alone: 84.57 / 81.54 on dev), so it
/// scores 97.49 / 96.97 here: the test guards against shipping a model that lost
/// what it was trained on; `test_accuracy_regression` is the held-out check.
#[test]
fn dev_accuracy_regression() {
    let Some((scores, gold)) = split_scores("dev") else {
        return;
    };
    assert!(scores.uas() >= 96.5, "UAS {:.2}", scores.uas());
    assert!(scores.las() >= 96.0, "LAS {:.2}", scores.las());
    assert!(gold.uas() >= 96.5, "gold-tag UAS {:.2}", gold.uas());
    assert!(gold.las() >= 96.0, "gold-tag LAS {:.2}", gold.las());
}

/// Accuracy regression on EWT test (held out from training and from every
/// choice of options): the shipped model scores 85.82 / 82.92 with predicted
/// tags (the bars of issue 4 are 85.5 / 82.5), 88.46 / 86.45 with gold tags.
#[test]
fn test_accuracy_regression() {
    let Some((scores, gold)) = split_scores("test") else {
        return;
    };
    assert!(scores.uas() >= 85.5, "UAS {:.2}", scores.uas());
    assert!(scores.las() >= 82.5, "LAS {:.2}", scores.las());
    assert!(gold.uas() >= 88.0, "gold-tag UAS {:.2}", gold.uas());
    assert!(gold.las() >= 86.0, "gold-tag LAS {:.2}", gold.las());
}

/// A beam of 4 parses EWT test about one point better than greedy parsing
/// (86.88 / 83.98 against 85.82 / 82.92, predicted tags), and every beam parse is a tree.
#[test]
fn beam_beats_greedy_on_test() {
    let Some(mut data) = ewt("test") else { return };
    let tagger = crate::Tagger::embedded().expect("embedded tagger loads");
    for s in &mut data {
        tagger.tag(&mut s.words);
    }
    let greedy = crate::eval::attachment::score_parser(parser(), &data);
    let beam = parser()
        .clone()
        .with_beam(crate::nlp::parser::BeamOptions::new(4));
    let scored = crate::eval::attachment::score_parser(&beam, &data);
    eprintln!(
        "EWT test, beam 4: uas {:.2} las {:.2}",
        scored.uas(),
        scored.las()
    );
    assert!(
        scored.uas() >= greedy.uas() + 0.5,
        "UAS {:.2}",
        scored.uas()
    );
    assert!(
        scored.las() >= greedy.las() + 0.5,
        "LAS {:.2}",
        scored.las()
    );
    for s in data.iter().take(200) {
        let mut tokens = s.words.clone();
        beam.parse(&mut tokens);
        assert_tree(&tokens);
    }
}
