//! The user's ontology in `kg build` (issue 21): `kg train mapper` writes a mapper model tied
//! to an ontology, `kg build --ontology … --mapper …` writes the facts it maps with the
//! ontology's IRIs, and kg's own facts are kept, dropped or put in a graph of their own.
//! Every name here is invented.

use crate::common::kg_bin;
use std::path::{Path, PathBuf};
use std::process::Output;

const ONTOLOGY: &str = r#"
@prefix ex: <http://example.org/firms#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:Company a owl:Class ; rdfs:label "company" .
ex:Person a owl:Class ; rdfs:label "person" .
ex:City a owl:Class ; rdfs:label "city" .
ex:foundedBy a owl:ObjectProperty ; rdfs:label "founded by" ; rdfs:domain ex:Company ; rdfs:range ex:Person .
ex:headquarters a owl:ObjectProperty ; rdfs:label "headquarters location" ; rdfs:domain ex:Company ; rdfs:range ex:City .
ex:inception a owl:DatatypeProperty ; rdfs:label "inception" ; rdfs:domain ex:Company ; rdfs:range xsd:gYear .
"#;

const TEXT: &str = "Korvath Systems was founded by Elsbeth Marrin in 1987. \
                    Elsbeth Marrin later bought a small boat.\n";

/// Forty training sentences made from invented names, in Text2KGBench's format (dates as
/// its Wikidata labels write them).
fn examples() -> String {
    let persons = [
        "Orla Venmark",
        "Tobin Quarrel",
        "Imre Saltash",
        "Dalia Fenwright",
        "Casimir Oddleigh",
        "Petra Lunholm",
        "Jory Ashcombe",
        "Wenna Trelask",
        "Alvar Pruitt",
        "Senna Okorafield",
    ];
    let firms = [
        "Brimwick Labs",
        "Caldera Mills",
        "Fenstock Bank",
        "Harrowgate Tools",
        "Mossbank Foods",
        "Pellucid Motors",
        "Quillon Press",
        "Tarnwell Energy",
        "Ushant Textiles",
        "Velloran Shipping",
    ];
    let cities = [
        "Lindbridge",
        "Corvale",
        "Estmouth",
        "Halvorn",
        "Marrowby",
        "Pentreath",
        "Ashwater",
        "Brackenford",
        "Dunmere",
        "Glasslow",
    ];
    let mut out = String::new();
    for i in 0..40 {
        let (p, f, c) = (persons[i % 10], firms[(i * 3) % 10], cities[(i * 7) % 10]);
        let year = 1901 + ((i * 3 + 1) % 10) * 7;
        let date = format!("01 January {year}");
        let (sentence, triples): (String, Vec<(&str, &str, &str)>) = match i % 4 {
            0 => (
                format!("{f} was founded by {p} in {year}."),
                vec![(f, "founded by", p), (f, "inception", &date)],
            ),
            1 => (
                format!("{p} founded {f} in {c} in {year}."),
                vec![
                    (f, "founded by", p),
                    (f, "headquarters location", c),
                    (f, "inception", &date),
                ],
            ),
            2 => (
                format!("{f} is based in {c}."),
                vec![(f, "headquarters location", c)],
            ),
            _ => (
                format!("{f}, a company from {c}, was started by {p}."),
                vec![(f, "founded by", p), (f, "headquarters location", c)],
            ),
        };
        let triples: Vec<serde_json::Value> = triples
            .iter()
            .map(|(s, r, o)| serde_json::json!({"sub": s, "rel": r, "obj": o}))
            .collect();
        let line = serde_json::json!({"id": format!("t{i}"), "sent": sentence, "triples": triples});
        out.push_str(&format!("{line}\n"));
    }
    out
}

fn kg(args: &[&str]) -> Output {
    std::process::Command::new(kg_bin())
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A directory with the ontology, the examples, the text and a mapper trained on them.
struct Setup {
    dir: tempfile::TempDir,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("firms.ttl"), ONTOLOGY).unwrap();
        std::fs::write(dir.path().join("train.jsonl"), examples()).unwrap();
        std::fs::write(dir.path().join("news.txt"), TEXT).unwrap();
        let setup = Self { dir };
        let out = setup.train("firms-mapper.kgm");
        assert!(out.status.success(), "{}", text(&out.stderr));
        setup
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn train(&self, model: &str) -> Output {
        kg(&[
            "train",
            "mapper",
            "--ontology",
            s(&self.path("firms.ttl")),
            "--examples",
            s(&self.path("train.jsonl")),
            "-o",
            s(&self.path(model)),
        ])
    }

    /// `kg build news.txt --ontology firms.ttl --mapper firms-mapper.kgm -o OUT EXTRA…`.
    fn build(&self, out: &str, extra: &[&str]) -> Output {
        let (text, onto, model, out) = (
            self.path("news.txt"),
            self.path("firms.ttl"),
            self.path("firms-mapper.kgm"),
            self.path(out),
        );
        let mut args = vec![
            "build",
            s(&text),
            "--ontology",
            s(&onto),
            "--mapper",
            s(&model),
            "-o",
            s(&out),
        ];
        args.extend_from_slice(extra);
        kg(&args)
    }

    fn read(&self, name: &str) -> String {
        std::fs::read_to_string(self.path(name)).unwrap()
    }
}

const FOUNDED_BY: &str = "<http://example.org/kg/entity/korvath_systems> \
     <http://example.org/firms#foundedBy> <http://example.org/kg/entity/elsbeth_marrin>";
const OPEN_GRAPH: &str = "<http://example.org/kg/graph/open-facts>";

fn assert_valid(setup: &Setup, name: &str) {
    let out = kg(&["validate", s(&setup.path(name))]);
    assert!(
        out.status.success(),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
}

#[test]
fn a_trained_mapper_is_the_same_bytes_twice_and_build_writes_its_facts_in_the_ontology() {
    let setup = Setup::new();
    let again = setup.train("again.kgm");
    assert!(again.status.success(), "{}", text(&again.stderr));
    let (a, b) = (
        std::fs::read(setup.path("firms-mapper.kgm")).unwrap(),
        std::fs::read(setup.path("again.kgm")).unwrap(),
    );
    assert_eq!(a, b, "the same inputs give the same model file");
    assert!(a.starts_with(b"KGMODEL\0"));

    // Default: the open facts in their own graph, which needs a dataset format.
    let out = setup.build("g.nq", &["--threads", "1"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let nq = setup.read("g.nq");
    let mapped = nq
        .lines()
        .find(|l| l.starts_with(FOUNDED_BY))
        .unwrap_or_else(|| panic!("no mapped foundedBy triple in:\n{nq}"));
    assert!(mapped.ends_with(" ."), "in the default graph: {mapped}");
    // Typed with the property's domain and range; provenance as for every fact.
    assert!(nq.contains(
        "<http://example.org/kg/entity/korvath_systems> \
         <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://example.org/firms#Company> ."
    ));
    assert!(nq.contains(
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <http://example.org/firms#foundedBy> ."
    ));
    // kg's own facts are all in the open-facts graph, none in the default graph.
    for line in nq.lines().filter(|l| l.contains("/kg/relation/")) {
        assert!(line.ends_with(&format!("{OPEN_GRAPH} .")), "{line}");
    }
    assert!(nq.contains(&format!("{OPEN_GRAPH} .")), "{nq}");
    assert_valid(&setup, "g.nq");

    let out = setup.build("g2.nq", &["--threads", "2"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(nq, setup.read("g2.nq"), "the same bytes whatever --threads");
}

#[test]
fn open_facts_are_dropped_kept_or_separate_as_asked() {
    let setup = Setup::new();
    let out = setup.build("drop.nt", &["--open-facts", "drop"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let drop = setup.read("drop.nt");
    assert!(drop.contains(FOUNDED_BY), "{drop}");
    assert!(!drop.contains("/kg/relation/"), "{drop}");
    // Entities only kg's own facts name are left out with them.
    assert!(!drop.contains("/entity/boat"), "{drop}");
    assert_valid(&setup, "drop.nt");

    let out = setup.build("keep.ttl", &["--open-facts", "keep"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let keep = setup.read("keep.ttl");
    assert!(
        keep.contains("firms:foundedBy") || keep.contains("<http://example.org/firms#foundedBy>"),
        "{keep}"
    );
    assert!(keep.contains("kgr:buy"), "{keep}");
    assert_valid(&setup, "keep.ttl");

    let out = setup.build("sep.trig", &["--open-facts", "separate"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let trig = setup.read("sep.trig");
    assert!(trig.contains("graph/open-facts"), "{trig}");
    assert_valid(&setup, "sep.trig");
}

#[test]
fn a_triples_only_format_needs_an_explicit_choice_of_open_facts() {
    let setup = Setup::new();
    for name in ["g.ttl", "g.nt", "g.rdf"] {
        let out = setup.build(name, &[]);
        assert_eq!(out.status.code(), Some(2), "{name}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(err.contains("--open-facts drop"), "{err}");
        assert!(!setup.path(name).exists(), "nothing written for {name}");
    }
    let out = setup.build(
        "g.nq",
        &["--open-facts", "separate", "--provenance", "graphs"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn a_mapper_of_another_ontology_is_refused() {
    let setup = Setup::new();
    // One property renamed: the model's classes would name the wrong properties.
    let other = ONTOLOGY.replace("ex:foundedBy", "ex:establishedBy");
    std::fs::write(setup.path("other.ttl"), other).unwrap();
    let out = kg(&[
        "build",
        s(&setup.path("news.txt")),
        "--ontology",
        s(&setup.path("other.ttl")),
        "--mapper",
        s(&setup.path("firms-mapper.kgm")),
        "-o",
        s(&setup.path("g.nq")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("firms-mapper.kgm") && err.contains("trained for ontology 'firms'"),
        "{err}"
    );
    assert!(err.contains("establishedBy"), "{err}");
}

#[test]
fn a_malformed_mapper_file_is_an_error_not_a_panic() {
    let setup = Setup::new();
    let good = std::fs::read(setup.path("firms-mapper.kgm")).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 0x40;
    let cases: [(&[u8], &str); 3] = [
        (b"not a model at all", "bad magic"),
        (&good[..good.len() / 2], "truncated"),
        (&flipped, "checksum"),
    ];
    for (bytes, expected) in cases {
        std::fs::write(setup.path("firms-mapper.kgm"), bytes).unwrap();
        let out = setup.build("g.nq", &[]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("firms-mapper.kgm") && err.contains(expected),
            "{err}"
        );
    }
    // Another kind of kg model is not a mapper either.
    let tagger = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("models/tagger.kgm");
    if tagger.is_file() {
        std::fs::copy(&tagger, setup.path("firms-mapper.kgm")).unwrap();
        let out = setup.build("g.nq", &[]);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        assert!(
            text(&out.stderr).contains("wrong model kind"),
            "{}",
            text(&out.stderr)
        );
    }
}

#[test]
fn ontology_flags_need_each_other() {
    let setup = Setup::new();
    let text_path = setup.path("news.txt");
    let out = kg(&[
        "build",
        s(&text_path),
        "--mapper",
        s(&setup.path("firms-mapper.kgm")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = kg(&["build", s(&text_path), "--open-facts", "drop"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let out = kg(&[
        "build",
        s(&text_path),
        "--ontology",
        s(&setup.path("firms.ttl")),
        "-o",
        s(&setup.path("g.nq")),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("needs --mapper"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn train_mapper_refuses_examples_it_cannot_learn_from() {
    let setup = Setup::new();
    let train = |examples: &str| {
        std::fs::write(setup.path("bad.jsonl"), examples).unwrap();
        kg(&[
            "train",
            "mapper",
            "--ontology",
            s(&setup.path("firms.ttl")),
            "--examples",
            s(&setup.path("bad.jsonl")),
            "-o",
            s(&setup.path("bad.kgm")),
        ])
    };
    // A malformed line: the file and line are named.
    let out = train(
        "{\"id\": \"b1\", \"sent\": \"Brimwick Labs is based in Corvale.\", \"triples\": []}\n{oops\n",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("bad.jsonl:2"),
        "{}",
        text(&out.stderr)
    );
    // No triple with a relation of the ontology: nothing to learn, nothing written.
    let out = train(
        "{\"id\": \"b1\", \"sent\": \"Brimwick Labs is based in Corvale.\", \"triples\": \
         [{\"sub\": \"Brimwick Labs\", \"rel\": \"located in\", \"obj\": \"Corvale\"}]}\n",
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("property label"),
        "{}",
        text(&out.stderr)
    );
    assert!(!setup.path("bad.kgm").exists());
}
