//! The noun-type table (`kg train noun-types`, `kg::NounTypes`): trained on a slice of
//! GUM with WordNet, general English nouns land in their classes, as in the shipped table.

use crate::common::{self, metric};
use kg::{NounClass, NounTypes};
use std::path::Path;

/// The first `sentences` sentences of a CoNLL-U file.
fn slice(path: &Path, sentences: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = String::new();
    let mut n = 0;
    for line in text.lines() {
        out.push_str(line);
        out.push('\n');
        if line.is_empty() {
            n += 1;
            if n == sentences {
                break;
            }
        }
    }
    out
}

#[test]
fn trained_on_a_slice_of_gum_general_nouns_get_their_class() {
    let Some(d) = common::shared_data() else {
        return;
    };
    let gum = d.join("ud-english-gum");
    let dir = tempfile::tempdir().unwrap();
    for (split, n) in [("train", 1500), ("dev", 200), ("test", 200)] {
        let name = format!("en_gum-ccby-{split}.conllu");
        std::fs::write(dir.path().join(&name), slice(&gum.join(&name), n)).unwrap();
    }
    let run = |out: &str| {
        let stdout = common::kg_stdout([
            "train".as_ref(),
            "noun-types".as_ref(),
            "--gum".as_ref(),
            dir.path().as_os_str(),
            "--wordnet".as_ref(),
            d.join("wordnet-3.1").as_os_str(),
            "-o".as_ref(),
            dir.path().join(out).as_os_str(),
        ]);
        (stdout, std::fs::read(dir.path().join(out)).unwrap())
    };
    let (stdout, bytes) = run("a.tsv");
    assert!(
        metric(&stdout, "dev_accuracy") > metric(&stdout, "dev_baseline_majority"),
        "{stdout}"
    );
    assert!(metric(&stdout, "test_coverage") > 0.9, "{stdout}");
    // Same command, same bytes (the header names the output, so compare past it).
    let (_, again) = run("b.tsv");
    let body = |b: &[u8]| {
        let s = String::from_utf8(b.to_vec()).unwrap();
        s.lines()
            .filter(|l| !l.starts_with("# kg train"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(body(&bytes), body(&again));
    let trained = NounTypes::parse(&String::from_utf8(bytes).unwrap()).unwrap();
    let embedded = NounTypes::embedded();
    for (lemma, class) in [
        ("president", NounClass::Person),
        ("teacher", NounClass::Person),
        ("company", NounClass::Organization),
        ("city", NounClass::Place),
        ("election", NounClass::Event),
        ("year", NounClass::Time),
        ("water", NounClass::Substance),
        ("dog", NounClass::Animal),
        ("tree", NounClass::Plant),
    ] {
        assert_eq!(trained.class_of(lemma), Some(class), "trained: {lemma}");
        assert_eq!(embedded.class_of(lemma), Some(class), "embedded: {lemma}");
    }
    assert_eq!(embedded.class_of("flurbington"), None);
}
