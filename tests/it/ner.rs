//! Entity recognizer, value rules, titles and nationalities (issue 5).

use crate::common;
use kg::document::{ByteSpan, Document, EntityKind, Mention, Token, Upos};
use kg::nlp::ner::EntityRecognizer;
use kg::nlp::titles::{person_titles, strip_titles};
use kg::nlp::values::find_values;
use std::process::Command;

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

fn norms(ms: &[kg::nlp::titles::Modifier]) -> Vec<&str> {
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
    let again = kg::nlp::model::encode(
        kg::nlp::model::ModelKind::NER,
        kg::nlp::ner::PAYLOAD_VERSION,
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

const SMALL_IOB2: &str = "# newdoc id = d1\n# sent_id = s1\n1\tJohn\tB-PER\t-\ta\n2\tSmith\tI-PER\t-\ta\n3\tvisited\tO\n4\tParis\tB-LOC\t-\ta\n5\t.\tO\n\n# sent_id = s2\n1\tThe\tO\n2\tUnited\tB-ORG\t-\ta\n3\tNations\tI-ORG\t-\ta\n4\tmet\tO\n5\tin\tO\n6\tGeneva\tB-LOC\t-\ta\n7\t.\tO\n\n# newdoc id = d2\n# sent_id = s3\n1\tMary\tB-PER\t-\ta\n2\tJones\tI-PER\t-\ta\n3\tjoined\tO\n4\tAcme\tB-ORG\t-\ta\n5\tCorp\tI-ORG\t-\ta\n6\tin\tO\n7\tBerlin\tB-LOC\t-\ta\n8\t.\tO\n\n";

#[test]
fn training_is_deterministic_and_eval_prints_the_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("small.iob2");
    std::fs::write(&data, SMALL_IOB2).unwrap();
    let mut outputs = Vec::new();
    for name in ["a.kgm", "b.kgm"] {
        let out = dir.path().join(name);
        let status = Command::new(common::kg_bin())
            .args(["train", "ner", "--epochs", "3", "--train"])
            .arg(&data)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1], "same data, same bytes");
    let out = Command::new(common::kg_bin())
        .args(["eval", "ner", "--gold"])
        .arg(&data)
        .arg("--model")
        .arg(dir.path().join("a.kgm"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for metric in [
        "precision",
        "recall",
        "f1",
        "tokens_per_sec",
        "f1_per",
        "f1_org",
        "f1_loc",
    ] {
        assert!(
            text.lines().any(|l| l.split(' ').next() == Some(metric)),
            "{metric} missing in {text}"
        );
    }
    // A malformed gold file is an input error (exit 2) naming the line.
    std::fs::write(&data, "1\tx\n").unwrap();
    let out = Command::new(common::kg_bin())
        .args(["eval", "ner", "--gold"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":1:"));
}

/// `kg eval ner` figures of the embedded model on UNER dev with gold UD tags
/// (models/MODELS.md).
const DEV_FIGURES: [(&str, f64); 4] = [
    ("f1", 99.64),
    ("f1_per", 99.13),
    ("f1_org", 100.00),
    ("f1_loc", 99.87),
];

/// Runs `kg eval ner` on a UNER split, with POS tags joined from a CoNLL-U file
/// when one is given (kg's own tagger otherwise), and returns the metric lines
/// as (name, value).
fn eval_split(iob2: &std::path::Path, tags: Option<&std::path::Path>) -> Vec<(String, f64)> {
    let mut cmd = Command::new(common::kg_bin());
    cmd.args(["eval", "ner", "--gold"]).arg(iob2);
    if let Some(tags) = tags {
        cmd.arg("--tags").arg(tags);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

/// The value of one metric line of `kg eval ner` (panics when it is missing).
fn metric(metrics: &[(String, f64)], name: &str) -> f64 {
    metrics
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("{name} missing: {metrics:?}"))
}

/// Accuracy regression on the UNER English EWT dev split (issue 5). The tags
/// come from the UD EWT gold dev file joined by sentence id (fixed input,
/// independent of the tagger model). The embedded model was trained on
/// train + dev (see models/MODELS.md), so these are figures on seen data: the
/// test guards against regressions, it does not estimate accuracy.
#[test]
fn issue_5_uner_dev_accuracy() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let metrics = eval_split(
        &data.join("uner-english-ewt/en_ewt-ud-dev.iob2"),
        Some(&data.join("ud-english-ewt/en_ewt-ud-dev.conllu")),
    );
    let get = |name: &str| metric(&metrics, name);
    // Measured: see models/MODELS.md; allow one point of slack.
    for (name, measured) in DEV_FIGURES {
        assert!(
            get(name) >= measured - 1.0,
            "{name} {} fell below {measured} - 1",
            get(name)
        );
    }
    assert!(get("tokens_per_sec") > 0.0);
}

/// The bar of issue 5 on the UNER English EWT **test** split, which no model
/// saw in training or tuning: span F1 (PER/ORG/LOC, exact span and type) of at
/// least 72.0, with kg's own tagger supplying the POS tags, as at run time.
/// The figure measured is in models/MODELS.md.
#[test]
fn issue_5_uner_test_bar() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let metrics = eval_split(&data.join("uner-english-ewt/en_ewt-ud-test.iob2"), None);
    let get = |name: &str| metric(&metrics, name);
    assert!(get("f1") >= 72.0, "test f1 below the bar: {metrics:?}");
    for ty in ["f1_per", "f1_org", "f1_loc"] {
        assert!(get(ty) >= 50.0, "{ty} collapsed: {metrics:?}");
    }
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

/// `kg analyze` shows entities and values in MISC as IOB2 (`NER=B-PER`,
/// `NER=I-PER`), with a mention's normalised value on its first token, escaped so
/// that the MISC column stays one field without spaces.
#[test]
fn analyze_shows_entities_in_misc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.txt");
    std::fs::write(
        &input,
        "German Chancellor Angela Merkel arrived in Paris on May 8, 2017. \
         Her party won 33.9 percent and $4.25 million.\n",
    )
    .expect("write input");
    let out = Command::new(common::kg_bin())
        .arg("analyze")
        .arg(&input)
        .output()
        .expect("kg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let misc_of = |form: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|c| c.len() == 10 && c[1] == form)
            .map(|c| c[9].to_string())
            .unwrap_or_else(|| panic!("no token {form} in\n{text}"))
    };
    assert!(misc_of("Angela").contains("NER=B-PER"), "{text}");
    assert!(misc_of("Merkel").contains("NER=I-PER"), "{text}");
    assert!(misc_of("Paris").contains("NER=B-LOC"), "{text}");
    assert!(
        misc_of("German").contains("NER=B-NORP|NERNorm=Germany"),
        "{text}"
    );
    assert!(
        misc_of("33.9").contains("NER=B-PERCENT|NERNorm=33.9"),
        "{text}"
    );
    assert!(misc_of("percent").contains("NER=I-PERCENT"), "{text}");
    assert!(!misc_of("arrived").contains("NER="), "{text}");
    assert!(
        misc_of("May").contains("NER=B-DATE|NERNorm=2017-05-08"),
        "{text}"
    );
    // Money normalises to "4250000 USD": the space is escaped in MISC.
    let dollar = misc_of("$");
    assert!(
        dollar.contains("NER=B-MONEY|NERNorm=4250000\\sUSD"),
        "{text}"
    );
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 10, "{line}");
        assert!(!cols[9].contains(' '), "{line}");
    }
}
