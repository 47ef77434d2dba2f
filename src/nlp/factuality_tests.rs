//! Tests moved from `tests/it/factuality.rs` when the library's modules became private: they exercise
//! internals (the items the front door does not re-export).
//! Event factuality (issue 18 item 1): the bars on UDS-IH2 test through the CLI, and the
//! embedded model on a few hand-made sentences analysed by kg's own pipeline.

use crate::document::Document;

use crate::nlp::factuality::{plainly_not_asserted, Factuality};

use crate::nlp::pipeline::Pipeline;

/// The factuality of the first token with `form` in the analysed `text`, and whether the
/// rules say it is plainly not asserted.
fn value(pipeline: &Pipeline, model: &Factuality, text: &str, form: &str) -> (f32, bool) {
    let mut doc = Document::new("t", text);
    pipeline.analyze(&mut doc);
    let token = doc.tokens.iter().position(|t| t.form == form).unwrap();
    let sentence = doc
        .sentences
        .iter()
        .position(|s| s.token_range().contains(&token))
        .unwrap();
    let first = doc.sentences[sentence].first_token as usize;
    let tokens = doc.sentence_tokens(&doc.sentences[sentence]);
    (
        model.predict(&doc, sentence, token - first),
        plainly_not_asserted(tokens, token - first),
    )
}

#[test]
fn embedded_model_on_clear_cases() {
    let pipeline = Pipeline::embedded().unwrap();
    let model = Factuality::embedded().unwrap();
    let factual = [
        ("The army captured the city last week.", "captured"),
        ("She managed to finish the report.", "finish"),
    ];
    // The learned value alone.
    let not_factual = [
        ("The figures could trigger another rise.", "trigger"),
        ("They want to build a new bridge.", "build"),
        ("If the talks collapse, prices will rise.", "collapse"),
    ];
    // Cases UDS-IH2's annotation leaves to the rules (the learned value is above 0 for
    // some of these with the shipped model): negation, negative implicative, polar question.
    let by_rule = [
        (
            "The agreements have failed to contain the violence.",
            "contain",
        ),
        ("He did not sign the contract.", "sign"),
        ("Did they sign the deal?", "sign"),
        ("Shoppers have put off buying Christmas presents.", "buying"),
    ];
    let mut wrong = Vec::new();
    for (text, form) in factual {
        let (v, rule) = value(&pipeline, model, text, form);
        if v <= 0.0 || rule {
            wrong.push(format!(
                "{form} in {text:?}: {v}, rule {rule} (expected > 0)"
            ));
        }
    }
    for (text, form) in not_factual {
        let (v, _) = value(&pipeline, model, text, form);
        if v > 0.0 {
            wrong.push(format!("{form} in {text:?}: {v} (expected <= 0)"));
        }
    }
    for (text, form) in by_rule {
        let (v, rule) = value(&pipeline, model, text, form);
        if !rule {
            wrong.push(format!("{form} in {text:?}: {v}, rule not applied"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_predicate_of_a_document_and_odd_input() {
    let pipeline = Pipeline::embedded().unwrap();
    let model = Factuality::embedded().unwrap();
    for text in [
        "",
        "Go!",
        "Why?",
        "X said Y denied Z claimed that W had refused to leave.",
        "BREAKING: markets tumble",
    ] {
        let mut doc = Document::new("t", text);
        pipeline.analyze(&mut doc);
        model.annotate(&mut doc);
        for sentence in &doc.sentences {
            for p in &sentence.factuality {
                assert!(
                    p.value.is_finite() && p.value.abs() < 10.0,
                    "{text:?}: {p:?}"
                );
                assert!(sentence.token_range().contains(&(p.token as usize)));
            }
        }
    }
}
