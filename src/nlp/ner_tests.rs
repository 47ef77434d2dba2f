//! Entity recognizer, value rules, titles and nationalities (issue 5).
//!
//! Tests moved from `tests/it/ner.rs` when the library's modules became private: they exercise
//! internals (the items the front door does not re-export).

use crate::document::{ByteSpan, Document, EntityKind, Mention, Token, Upos};

use crate::nlp::ner::EntityRecognizer;

use crate::nlp::titles::{person_titles, strip_titles};

use crate::nlp::values::find_values;

/// Tokens from a whitespace-separated string, with spans into that string.
fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut pos = 0;
    for w in text.split(' ') {
        out.push(Token::new(w, ByteSpan::new(pos, pos + w.len())));
        pos += w.len() + 1;
    }
    out
}

/// The values found in `text` as (covered words, kind, normalised value).
fn values(text: &str, date: Option<&str>) -> Vec<(String, EntityKind, Option<String>)> {
    let toks = tokens(text);
    find_values(&toks, date)
        .into_iter()
        .map(|m| {
            let words: Vec<&str> = toks[m.tokens.start as usize..m.tokens.end as usize]
                .iter()
                .map(|t| t.form.as_str())
                .collect();
            (words.join(" "), m.kind, m.normalized)
        })
        .collect()
}

/// One table row: the sentence, the expected value's words, its kind and normalisation.
fn check(cases: &[(&str, &str, EntityKind, Option<&str>)], date: Option<&str>) {
    for (text, words, kind, norm) in cases {
        let found = values(text, date);
        let hit = found.iter().find(|(w, _, _)| w == words);
        assert_eq!(
            hit.map(|(_, k, n)| (*k, n.as_deref())),
            Some((*kind, *norm)),
            "in {text:?} expected {words:?}; found {found:?}"
        );
    }
}

#[test]
fn value_rules_percent() {
    use EntityKind::Percent;
    check(
        &[
            (
                "he won 66.1 percent of votes",
                "66.1 percent",
                Percent,
                Some("66.1"),
            ),
            ("she got 33.9 % of them", "33.9 %", Percent, Some("33.9")),
            ("she got 33.9% of them", "33.9%", Percent, Some("33.9")),
            (
                "up 5 per cent on the year",
                "5 per cent",
                Percent,
                Some("5"),
            ),
            (
                "rates of 10 to 15 percent",
                "10 to 15 percent",
                Percent,
                Some("10..15"),
            ),
            (
                "a fall of -2.5 percent",
                "-2.5 percent",
                Percent,
                Some("-2.5"),
            ),
            (
                "growth of 10-15 % a year",
                "10-15 %",
                Percent,
                Some("10..15"),
            ),
        ],
        None,
    );
}

#[test]
fn value_rules_money() {
    use EntityKind::Money;
    check(
        &[
            (
                "it cost $ 4.25 million in all",
                "$ 4.25 million",
                Money,
                Some("4250000 USD"),
            ),
            (
                "a fine of £ 3bn was paid",
                "£ 3bn",
                Money,
                Some("3000000000 GBP"),
            ),
            ("paid 10 euros each", "10 euros", Money, Some("10 EUR")),
            ("just 50 cents more", "50 cents", Money, Some("0.5 USD")),
            (
                "between $ 3 million and $ 5 million",
                "$ 3 million and $ 5 million",
                Money,
                Some("3000000..5000000 USD"),
            ),
            (
                "worth two million dollars",
                "two million dollars",
                Money,
                Some("2000000 USD"),
            ),
        ],
        None,
    );
}

#[test]
fn value_rules_dates_and_times() {
    use EntityKind::{Date, Time};
    check(
        &[
            (
                "elected on May 8 , 2017 in Paris",
                "May 8 , 2017",
                Date,
                Some("2017-05-08"),
            ),
            (
                "born 8 May 1945 in a",
                "8 May 1945",
                Date,
                Some("1945-05-08"),
            ),
            ("since 2014 there", "2014", Date, Some("2014")),
            ("in 2014 and 2015 they", "2015", Date, Some("2015")),
            ("in 2014 and 2015 they", "2014", Date, Some("2014")),
            ("in March 2011 the war", "March 2011", Date, Some("2011-03")),
            (
                "from 2014 to 2016 it",
                "2014 to 2016",
                Date,
                Some("2014/2016"),
            ),
            ("the 2014-2015 season", "2014-2015", Date, Some("2014/2015")),
            (
                "filed 2017-05-08 late",
                "2017-05-08",
                Date,
                Some("2017-05-08"),
            ),
            ("due 5/8/2017 now", "5/8/2017", Date, Some("2017-05-08")),
            ("on Monday he left", "Monday", Date, None),
            (
                "met at 3:30 p.m. today",
                "3:30 p.m.",
                Time,
                Some("15:30:00"),
            ),
            ("opens at 10 am daily", "10 am", Time, Some("10:00:00")),
        ],
        None,
    );
    // Relative dates are resolved against the document date when it is given:
    // 2017-05-09 was a Tuesday.
    check(
        &[
            ("on Monday he left", "Monday", Date, Some("2017-05-08")),
            ("on Tuesday he left", "Tuesday", Date, Some("2017-05-09")),
            ("yesterday he left", "yesterday", Date, Some("2017-05-08")),
            ("last year he left", "last year", Date, Some("2016")),
            ("on May 8 he left", "May 8", Date, Some("2017-05-08")),
        ],
        Some("2017-05-09"),
    );
    // "May" the modal verb is not a month.
    assert!(values("May I come in ?", None).is_empty());
    assert!(values("you may go", None).is_empty());
}

#[test]
fn value_rules_numbers() {
    use EntityKind::{Cardinal, Ordinal, Quantity};
    check(
        &[
            ("about 1,200 people came", "1,200", Cardinal, Some("1200")),
            ("it fell to -3 overnight", "-3", Cardinal, Some("-3")),
            (
                "it fell to minus 4 overnight",
                "minus 4",
                Cardinal,
                Some("-4"),
            ),
            (
                "twenty-five people came",
                "twenty-five",
                Cardinal,
                Some("25"),
            ),
            (
                "one hundred and twenty people",
                "one hundred and twenty",
                Cardinal,
                Some("120"),
            ),
            (
                "two-thirds of voters",
                "two-thirds",
                Cardinal,
                Some("0.6667"),
            ),
            (
                "two - thirds of voters",
                "two - thirds",
                Cardinal,
                Some("0.6667"),
            ),
            (
                "three-quarters of them",
                "three-quarters",
                Cardinal,
                Some("0.75"),
            ),
            ("between 2 and 3 days", "2 and 3", Cardinal, Some("2..3")),
            ("the third time", "third", Ordinal, Some("3")),
            ("the 21st century", "21st", Ordinal, Some("21")),
            ("a 5 km walk", "5 km", Quantity, Some("5 km")),
            ("20 tonnes of grain", "20 tonnes", Quantity, Some("20 t")),
        ],
        None,
    );
    // "2000 people" counts people; it is not a year.
    let found = values("some 2000 people came", None);
    let mut toks = tokens("some 2000 people came");
    toks[2].xpos = "NNS".to_string();
    let tagged = find_values(&toks, None);
    assert_eq!(tagged[0].kind, EntityKind::Cardinal, "{found:?}");
    // "one" as a pronoun is not a number.
    let mut toks = tokens("the one I like");
    toks[1].upos = Upos::Pron;
    assert!(find_values(&toks, None).is_empty());
}

#[test]
fn value_rules_never_panic_on_odd_tokens() {
    for text in [
        "$",
        "$ $ $",
        "- - -",
        "99999999999999999999999999999999999999999 %",
        "1/2/3/4",
        "31/31/31",
        "2:99 pm",
        "May",
        "between",
        "minus",
        "Monday",
        "last",
        "two -",
        "1e10",
        "..",
        "1,,2",
        "٣ percent",
        "€ -",
        "¥ 5 trillion trillion",
    ] {
        let _ = values(text, Some("2017-05-09"));
        let _ = values(text, Some("not a date"));
    }
}

/// A one-sentence document with one person mention over `person` (token range).
fn person_doc(text: &str, person: std::ops::Range<u32>) -> Document {
    let mut doc = Document::new("t", text);
    doc.push_sentence(tokens(text));
    doc.sentences[0].entities.push(Mention {
        tokens: person,
        kind: EntityKind::Person,
        normalized: None,
    });
    doc
}

fn norms(ms: &[crate::nlp::titles::Modifier]) -> Vec<&str> {
    ms.iter().filter_map(|m| m.normalized.as_deref()).collect()
}

#[test]
fn title_and_name() {
    let doc = person_doc("Chancellor Anna Berg spoke", 1..3);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(t.name, 1..3);
    assert_eq!(norms(&t.titles), ["chancellor"]);
    assert!(t.countries.is_empty());
    // The model may put the title inside the span: the name is split from it.
    let doc = person_doc("Vice President John Adams spoke", 0..4);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(t.name, 2..4);
    assert_eq!(norms(&t.titles), ["vice president"]);
    let mut mentions = doc.sentences[0].entities.clone();
    strip_titles(&doc.tokens, &mut mentions);
    assert_eq!(mentions[0].tokens, 2..4);
}

#[test]
fn nationality_title_and_name() {
    let doc = person_doc("German Chancellor Anna Berg spoke", 2..4);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(norms(&t.titles), ["chancellor"]);
    assert_eq!(norms(&t.countries), ["Germany"]);
    let doc = person_doc("the French president-elect Paul Morel said", 3..5);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(norms(&t.titles), ["president-elect"]);
    assert_eq!(norms(&t.countries), ["France"]);
    // The same, split by a tokenizer that separates hyphens.
    let doc = person_doc("the French president - elect Paul Morel said", 5..7);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(norms(&t.titles), ["president-elect"]);
    assert_eq!(norms(&t.countries), ["France"]);
    // A descriptor without a title.
    let doc = person_doc("backing far-right Anne Morel in", 2..4);
    let t = &person_titles(&doc, 0)[0];
    assert!(t.titles.is_empty());
    assert_eq!(norms(&t.descriptors), ["far-right"]);
}

#[test]
fn name_and_apposition() {
    let doc = person_doc("Paul Morel , the French president-elect , said", 0..2);
    let t = &person_titles(&doc, 0)[0];
    assert_eq!(t.name, 0..2);
    assert_eq!(norms(&t.titles), ["president-elect"]);
    assert_eq!(norms(&t.countries), ["France"]);
    // An apposition that is not a title adds nothing.
    let doc = person_doc("Paul Morel , a keen gardener , said", 0..2);
    assert!(person_titles(&doc, 0).is_empty());
}

#[test]
fn names_that_look_like_titles() {
    for (text, span) in [
        ("Stephen King wrote", 0..2),
        ("John Bishop said", 0..2),
        ("Carol Judge said", 0..2),
        ("King said", 0..1),
    ] {
        let doc = person_doc(text, span.clone());
        let found = person_titles(&doc, 0);
        assert!(found.is_empty(), "{text}: {found:?}");
        let mut mentions = doc.sentences[0].entities.clone();
        strip_titles(&doc.tokens, &mut mentions);
        assert_eq!(mentions[0].tokens, span, "{text}");
    }
    // A first name that is also a title word keeps its span.
    let doc = person_doc("Major Smith left", 0..2);
    let mut mentions = doc.sentences[0].entities.clone();
    strip_titles(&doc.tokens, &mut mentions);
    assert_eq!(mentions[0].tokens, 1..2, "a military rank is a title");
}

#[test]
fn recognizer_marks_nationalities_and_values() {
    let ner = EntityRecognizer::embedded().unwrap();
    let text = "The Russian army left on Monday after 3 days .";
    let mut doc = Document::new("d", text);
    doc.date = Some("2017-05-09".to_string());
    doc.push_sentence(tokens(text));
    ner.recognize(&mut doc);
    let ents = &doc.sentences[0].entities;
    let nat = ents
        .iter()
        .find(|m| m.kind == EntityKind::Nationality)
        .expect("a nationality");
    assert_eq!(nat.tokens, 1..2);
    assert_eq!(nat.normalized.as_deref(), Some("Russia"));
    assert!(ents
        .iter()
        .any(|m| m.kind == EntityKind::Date && m.normalized.as_deref() == Some("2017-05-08")));
    // Mentions are sorted and never overlap.
    for w in ents.windows(2) {
        assert!(w[0].tokens.end <= w[1].tokens.start, "{ents:?}");
    }
}

#[test]
fn embedded_model_round_trips() {
    let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/models/ner.kgm")).unwrap();
    let a = EntityRecognizer::from_bytes(&bytes).unwrap();
    // Encoding the decoded model and decoding it again gives the same recognizer.
    let again = crate::nlp::model::encode(
        crate::nlp::model::ModelKind::NER,
        crate::nlp::ner::PAYLOAD_VERSION,
        a.model(),
    )
    .unwrap();
    let b = EntityRecognizer::from_bytes(&again).unwrap();
    let text = "Mary Jones of the World Bank flew to Kenya on Monday .";
    let mut d1 = Document::new("d", text);
    d1.push_sentence(tokens(text));
    let mut d2 = d1.clone();
    a.recognize(&mut d1);
    b.recognize(&mut d2);
    assert_eq!(d1, d2);
    assert_eq!(a.weights().n_weights(), b.weights().n_weights());
    assert!(bytes.len() < 6_000_000, "model is {} bytes", bytes.len());
}

proptest::proptest! {
    /// Any tokens, tagged or not, with or without a document date: no panic,
    /// and every mention lies inside its sentence without overlapping another.
    #[test]
    fn recognize_never_panics(
        words in proptest::collection::vec("[A-Za-z0-9$%.,:/\\-–€£]{1,12}|hundred|May|Monday|two-thirds|per|cent|million", 1..40),
        dated in proptest::bool::ANY,
    ) {
        let ner = EntityRecognizer::embedded().unwrap();
        let text = words.join(" ");
        let mut doc = Document::new("p", text.clone());
        if dated {
            doc.date = Some("2017-05-09".to_string());
        }
        doc.push_sentence(tokens(&text));
        ner.recognize(&mut doc);
        let n = doc.tokens.len() as u32;
        let ents = &doc.sentences[0].entities;
        for m in ents {
            proptest::prop_assert!(m.tokens.start < m.tokens.end && m.tokens.end <= n);
        }
        for w in ents.windows(2) {
            proptest::prop_assert!(w[0].tokens.end <= w[1].tokens.start);
        }
        let _ = person_titles(&doc, 0);
    }
}
