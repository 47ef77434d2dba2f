//! The spine: `kg build`, `kg convert`, `kg query`, RDF and DOT output checked by
//! re-parsing, by Oxigraph, and by independent tools (raptor's `rapper`, Graphviz).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use kg::{DotOptions, KnowledgeGraph, TriplesFormat};
use kg::{Format, ProvenanceMode, RdfOptions};
use oxrdf::{NamedNode, Quad, Term};
use oxrdfio::{RdfFormat, RdfParser};

use crate::common::kg_bin;

const MODES: [ProvenanceMode; 4] = [
    ProvenanceMode::None,
    ProvenanceMode::Reification,
    ProvenanceMode::Graphs,
    ProvenanceMode::Rdf12,
];

const RDF_FORMATS: [Format; 6] = [
    Format::Turtle,
    Format::NTriples,
    Format::NQuads,
    Format::TriG,
    Format::RdfXml,
    Format::JsonLd,
];

fn example(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("examples")
        .join(name)
}

fn kg(args: &[&str]) -> Output {
    Command::new(kg_bin()).args(args).output().expect("run kg")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "kg failed: {}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// True when `tool` runs; otherwise prints a notice, or fails when `CI` is set.
fn have_tool(tool: &str, arg: &str) -> bool {
    if Command::new(tool).arg(arg).output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but `{tool}` is not installed"
    );
    eprintln!("notice: `{tool}` not found; skipping its check");
    false
}

/// A 10 000-character name and names with every kind of character that breaks writers.
fn hostile_names() -> Vec<String> {
    let mut names: Vec<String> = [
        "quote \" inside",
        "<angle> & brackets",
        "back\\slash \\N \\u0041",
        "{brace} |pipe| [x]",
        "new\nline and\ttab",
        "nul\u{0}bell\u{7}esc\u{1b}del\u{7f}c1\u{85}",
        "emoji 🙂🚀 and ZWJ 👩‍👩‍👧",
        "עברית ونص عربي",
        "\u{202e}rtl override",
        "noncharacter \u{fffe}\u{ffff}",
        "..",
        "%41 percent",
        "_:blank",
        "http://not.an/iri#x",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    names.push("x".repeat(5_000) + &"é".repeat(5_000));
    names
}

/// A JSONL file with a fact between each pair of consecutive hostile names, a hostile
/// relation and value, and provenance with hostile sentence text.
fn hostile_jsonl(dir: &Path) -> PathBuf {
    let names = hostile_names();
    let mut text = String::new();
    for (i, pair) in names.windows(2).enumerate() {
        let line = serde_json::json!({
            "subject": pair[0],
            "relation": format!("rel {} \"<{{|}}>\\ {}", i % 3, pair[1].chars().take(20).collect::<String>()),
            "object": pair[1],
            "document": format!("doc {}/\"#?", i % 2),
            "sentence": i,
            "sentence_text": format!("{} ~ {}\r\n\u{0}", pair[0], pair[1]),
            "confidence": 0.5,
        });
        text.push_str(&line.to_string());
        text.push('\n');
    }
    let value = serde_json::json!({
        "subject": names[0], "relation": "says", "object": "\"quoted \u{0} \\ value\"",
    });
    text.push_str(&value.to_string());
    text.push('\n');
    let path = dir.join("hostile.jsonl");
    std::fs::write(&path, text).unwrap();
    path
}

fn hostile_graph(dir: &Path) -> KnowledgeGraph {
    let path = hostile_jsonl(dir);
    let mut g = KnowledgeGraph::new();
    let reader = std::io::BufReader::new(std::fs::File::open(&path).unwrap());
    read_jsonl(reader, "hostile.jsonl", &mut g).unwrap();
    add_reported_speech(&mut g, &hostile_names());
    g
}

/// Reported speech: a fact only ever attributed (in a document and in none), one both
/// attributed and asserted, one attributed to two speakers, speakers with hostile names.
fn add_reported_speech(g: &mut KnowledgeGraph, names: &[String]) {
    use kg::{Attribution, EntityRef, Fact, Provenance, Relation};
    let e = |s: &str| EntityRef::new(s).unwrap();
    let said = |speaker: &str, verb: &str, doc: Option<&str>| Provenance {
        document: doc.map(str::to_owned),
        sentence: doc.map(|_| 3),
        confidence: Some(0.4),
        attribution: Some(Attribution::new(e(speaker), verb)),
        ..Provenance::default()
    };
    let speaker = &names[names.len() / 2];
    let r = Relation::with_key("win", "wins").unwrap();
    let fact = |s: &str, o: &str| Fact::new(e(s), r.clone(), e(o));
    g.add_fact(fact("Reported Only", "Race").with_provenance(said(
        speaker,
        "say",
        Some("doc \"r\"/1"),
    )));
    g.add_fact(fact("Reported Only", "Race").with_provenance(said(
        "Second Speaker",
        "according to",
        None,
    )));
    g.add_fact(fact("Both Ways", "Cup").with_provenance(said(speaker, "confirm", Some("doc r2"))));
    g.add_fact(fact("Both Ways", "Cup").with_provenance(Provenance::document("doc r2")));
    g.add_fact(fact(&names[1], &names[2]).with_provenance(said(&names[3], "", None)));
}

#[test]
fn reported_speech_is_not_asserted_and_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let g = hostile_graph(dir.path());
    let reported = |quads: &[Quad], s: &str| {
        quads.iter().any(|q| {
            q.subject.to_string().contains(s)
                && q.predicate.as_str().contains("/relation/win")
                && q.graph_name.is_default_graph()
        })
    };
    for mode in MODES {
        let opts = RdfOptions::new().with_provenance(mode);
        let quads = g.to_quads(&opts);
        // Only ever reported: never a bare triple in the default graph.
        assert!(!reported(&quads, "reported_only"), "{mode}");
        // Also asserted once: a bare triple, except in graphs mode where it is in its
        // document's graph.
        if mode != ProvenanceMode::Graphs {
            assert!(reported(&quads, "both_ways"), "{mode}");
        }
        if mode != ProvenanceMode::None {
            assert!(
                quads
                    .iter()
                    .any(|q| q.predicate.as_str() == KG_NS.to_owned() + "attributedTo"),
                "{mode}"
            );
        }
        // Exact round trip through the reader.
        let back = KnowledgeGraph::from_quads(&quads);
        assert!(
            back.to_quads(&opts) == quads,
            "{mode}: reported speech does not read back"
        );
        if mode != ProvenanceMode::None {
            let f = back
                .facts()
                .find(|f| f.subject.name() == "Reported Only")
                .unwrap();
            let speakers: Vec<_> = f
                .provenance
                .iter()
                .filter_map(|p| p.attribution.as_ref())
                .map(|a| (a.speaker.name().to_owned(), a.verb.clone()))
                .collect();
            assert_eq!(speakers.len(), 2, "{mode}: {speakers:?}");
            assert!(speakers.contains(&("Second Speaker".to_owned(), "according_to".to_owned())));
        }
    }
}

/// kg's ontology namespace, as published in `ontology/kg.ttl`.
const KG_NS: &str = "http://example.org/kg/ontology#";

/// A DOT label as Graphviz's grammar wants it, written independently of kg's own escaper:
/// quotes and backslashes escaped, `&` as an entity (HTML-like labels), newlines as `\n`,
/// other control characters (which Graphviz cannot show) as U+FFFD.
fn dot_escape(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' => "\\\"".to_owned(),
            '\\' => "\\\\".to_owned(),
            '&' => "&amp;".to_owned(),
            '\n' => "\\n".to_owned(),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => '\u{FFFD}'.to_string(),
            c => c.to_string(),
        })
        .collect()
}

fn read_jsonl(
    reader: impl std::io::BufRead,
    name: &str,
    g: &mut KnowledgeGraph,
) -> Result<(), kg::TriplesError> {
    g.read_triples(reader, name, TriplesFormat::Jsonl)
}

fn read_tsv(
    reader: impl std::io::BufRead,
    name: &str,
    g: &mut KnowledgeGraph,
) -> Result<(), kg::TriplesError> {
    g.read_triples(reader, name, TriplesFormat::Tsv)
}

fn parse(bytes: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("{format} does not re-parse: {e}"))
}

fn sorted(mut quads: Vec<Quad>) -> Vec<Quad> {
    quads.sort_by_key(ToString::to_string);
    quads.dedup();
    quads
}

fn compatible(mode: ProvenanceMode, format: Format) -> bool {
    mode.check_format(format.rdf().unwrap()).is_ok()
}

#[test]
fn every_format_and_mode_round_trips_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_graph(dir.path());
    let mut example_graph = KnowledgeGraph::new();
    let f = std::fs::File::open(example("election.jsonl")).unwrap();
    read_jsonl(std::io::BufReader::new(f), "e", &mut example_graph).unwrap();
    let mut combos = 0;
    for graph in [&hostile, &example_graph] {
        for mode in MODES {
            let opts = RdfOptions::new().with_provenance(mode);
            let expected = sorted(graph.to_quads(&opts));
            for format in RDF_FORMATS {
                let rdf_format = format.rdf().unwrap();
                if !compatible(mode, format) {
                    assert!(kg::write_rdf(graph, &opts, rdf_format, Vec::new()).is_err());
                    continue;
                }
                let bytes = kg::write_rdf(graph, &opts, rdf_format, Vec::new()).unwrap();
                let got = sorted(parse(&bytes, rdf_format));
                assert_eq!(got.len(), expected.len(), "{mode} {format}");
                assert!(got == expected, "{mode} {format}: quads differ");
                combos += 1;
            }
        }
    }
    // none: 4 triple/quad formats + JSON-LD... every mode has at least two formats.
    assert_eq!(combos, 2 * (6 + 6 + 3 + 5));
}

#[test]
fn hostile_names_survive_with_full_labels() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_jsonl(dir.path());
    let input = input.to_str().unwrap();
    let labels: HashSet<String> = hostile_names()
        .iter()
        .map(|n| kg::EntityRef::new(n).unwrap().name().to_owned())
        .collect();
    for format in RDF_FORMATS {
        let out = dir.path().join(format!("g.{}", format.extension()));
        let mode = if format.has_datasets() {
            "graphs"
        } else {
            "reification"
        };
        ok(&kg(&[
            "build",
            "--triples",
            input,
            "-o",
            out.to_str().unwrap(),
            "--provenance",
            mode,
        ]));
        let quads = parse(&std::fs::read(&out).unwrap(), format.rdf().unwrap());
        let mut found = HashSet::new();
        for q in &quads {
            for t in [Term::from(q.subject.clone()), q.object.clone()] {
                if let Term::NamedNode(n) = &t {
                    assert!(NamedNode::new(n.as_str()).is_ok(), "invalid IRI {n}");
                }
            }
            if q.predicate == oxrdf::vocab::rdfs::LABEL {
                if let Term::Literal(l) = &q.object {
                    found.insert(l.value().to_owned());
                }
            }
        }
        for label in &labels {
            assert!(
                found.contains(label),
                "{format}: label {label:.40?} missing or cut"
            );
        }
    }
    // DOT: every name appears whole and escaped in its node's tooltip (labels are
    // wrapped and cut; the tooltip goes on with the node's values), and Graphviz reads it.
    let out = dir.path().join("g.dot");
    ok(&kg(&[
        "build",
        "--triples",
        input,
        "-o",
        out.to_str().unwrap(),
    ]));
    let dot = std::fs::read_to_string(&out).unwrap();
    for label in &labels {
        let escaped = dot_escape(label);
        assert!(
            dot.contains(&format!("tooltip=\"{escaped}\""))
                || dot.contains(&format!("tooltip=\"{escaped}\\n")),
            "{label:.40?}"
        );
    }
    if have_tool("dot", "-V") {
        assert_renders(&out);
    }
}

/// `kg build -f dot --min-degree 2` leaves out an isolated pair and keeps a connected
/// piece; values are in tooltips, not nodes; Graphviz reads the result.
#[test]
fn dot_min_degree_drops_isolated_pairs() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("facts.tsv");
    std::fs::write(
        &input,
        "Karl Lindqvist\truns\tNordlys Energy\n\
         Maria Santos\truns\tVeltro Group\n\
         Veltro Group\tis based in\tBergen\n\
         Maria Santos\tlives in\tBergen\n\
         Veltro Group\twas founded on\t2016-05-07\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let out = dir.path().join("g.dot");
        let mut args = vec!["build", "--triples", input.to_str().unwrap(), "-o"];
        args.push(out.to_str().unwrap());
        args.extend_from_slice(extra);
        ok(&kg(&args));
        if have_tool("dot", "-V") {
            assert_renders(&out);
        }
        std::fs::read_to_string(&out).unwrap()
    };
    let all = run(&[]);
    assert!(
        all.contains("Karl Lindqvist") && all.contains("Bergen"),
        "{all}"
    );
    assert!(
        all.contains("tooltip=\"Veltro Group\\nwas founded on: 2016-05-07\""),
        "{all}"
    );
    assert!(!all.contains("label=\"2016-05-07\""), "{all}");
    let pruned = run(&["--min-degree", "2"]);
    assert!(
        !pruned.contains("Karl Lindqvist") && !pruned.contains("Nordlys Energy"),
        "{pruned}"
    );
    assert_eq!(pruned.matches("->").count(), 3, "{pruned}");
    let help = String::from_utf8(kg(&["build", "--help"]).stdout).unwrap();
    assert!(help.contains("--min-degree"), "{help}");
}

fn assert_renders(dot: &Path) {
    let out = Command::new("dot").arg("-Tsvg").arg(dot).output().unwrap();
    assert!(out.status.success(), "dot failed");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.trim().is_empty(), "dot warned: {stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("<svg"));
}

#[test]
fn rapper_and_graphviz_accept_the_output() {
    let rapper = have_tool("rapper", "--version");
    let dot = have_tool("dot", "-V");
    let dir = tempfile::tempdir().unwrap();
    let hostile = hostile_jsonl(dir.path());
    for input in [example("election.tsv"), hostile] {
        for (ext, syntax) in [("ttl", "turtle"), ("nt", "ntriples"), ("rdf", "rdfxml")] {
            for mode in ["none", "reification"] {
                let out = dir.path().join(format!("r.{ext}"));
                ok(&kg(&[
                    "build",
                    "--triples",
                    input.to_str().unwrap(),
                    "-o",
                    out.to_str().unwrap(),
                    "--provenance",
                    mode,
                ]));
                if !rapper {
                    continue;
                }
                let r = Command::new("rapper")
                    .args(["-i", syntax, "-o", "ntriples"])
                    .arg(&out)
                    .output()
                    .unwrap();
                let stderr = String::from_utf8_lossy(&r.stderr);
                assert!(r.status.success(), "rapper {syntax} {mode}: {stderr}");
                let bad: Vec<&str> = stderr
                    .lines()
                    .filter(|l| l.contains("Warning") || l.contains("Error"))
                    .collect();
                assert!(bad.is_empty(), "rapper {syntax} {mode}: {bad:?}");
                let ours = parse(
                    &std::fs::read(&out).unwrap(),
                    Format::from_extension(ext).unwrap().rdf().unwrap(),
                );
                let theirs = parse(&r.stdout, RdfFormat::NTriples);
                assert_eq!(
                    sorted(theirs).len(),
                    sorted(ours).len(),
                    "rapper {syntax}: triple count"
                );
            }
        }
        let out = dir.path().join("g.dot");
        ok(&kg(&[
            "build",
            "--triples",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]));
        if dot {
            assert_renders(&out);
        }
    }
}

#[test]
fn oxigraph_answers_who_did_what_to_whom() {
    let dir = tempfile::tempdir().unwrap();
    let ttl = dir.path().join("g.ttl");
    ok(&kg(&[
        "build",
        "--triples",
        example("election.tsv").to_str().unwrap(),
        "-o",
        ttl.to_str().unwrap(),
    ]));
    let out = kg(&[
        "query",
        ttl.to_str().unwrap(),
        "--results",
        "tsv",
        "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
         PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
         PREFIX kg: <http://example.org/kg/ontology#>
         SELECT ?who ?key ?whom ?support WHERE {
           ?s ?p ?o . ?p kg:relationKey ?key .
           ?s rdfs:label ?who . ?o rdfs:label ?whom .
           ?f rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:support ?support .
           FILTER(?key = \"congratulate\" || ?key = \"meet\")
         } ORDER BY ?key",
    ]);
    ok(&out);
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        text,
        "?who\t?key\t?whom\t?support\n\
         \"Vladimir Putin\"@en\t\"congratulate\"\t\"Emmanuel Macron\"@en\t2\n\
         \"Emmanuel Macron\"@en\t\"meet\"\t\"Vladimir Putin\"@en\t2\n"
    );
}

#[test]
fn the_same_fact_twice_is_one_edge_with_two_records() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("twice.tsv");
    std::fs::write(&tsv, "Ann\tmeets\tBob\td1\t0\nann\tmeets\tBOB\td2\t3\n").unwrap();
    let nt = dir.path().join("g.nt");
    ok(&kg(&[
        "build",
        "--triples",
        tsv.to_str().unwrap(),
        "-o",
        nt.to_str().unwrap(),
    ]));
    let quads = parse(&std::fs::read(&nt).unwrap(), RdfFormat::NTriples);
    let count = |p: &str| quads.iter().filter(|q| q.predicate.as_str() == p).count();
    let meets = "http://example.org/kg/relation/meets";
    assert_eq!(count(meets), 1, "one edge");
    assert_eq!(
        count(&(KG_NS.to_owned() + "evidence")),
        2,
        "two provenance records"
    );
    let support: Vec<String> = quads
        .iter()
        .filter(|q| q.predicate.as_str() == KG_NS.to_owned() + "support")
        .map(|q| q.object.to_string())
        .collect();
    assert_eq!(
        support,
        ["\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>"]
    );
    let dot = dir.path().join("g.dot");
    ok(&kg(&[
        "build",
        "--triples",
        tsv.to_str().unwrap(),
        "-o",
        dot.to_str().unwrap(),
    ]));
    let dot = std::fs::read_to_string(dot).unwrap();
    assert_eq!(dot.matches("->").count(), 1);
    assert!(dot.contains("label=\"meets (×2)\", penwidth=2.00"));
}

#[test]
fn bad_input_exits_2_names_the_line_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, line) in [
        ("bad.tsv", "a\tb\tc\nonly\ttwo\n", 2),
        (
            "bad.jsonl",
            "{\"subject\":\"a\",\"relation\":\"b\",\"object\":\"c\"}\n\n{\"subject\":\"a\",\n",
            3,
        ),
        (
            "bad2.jsonl",
            "{\"subject\":\"a\",\"relation\":\"b\",\"object\":\"c\",\"confidence\":7}\n",
            1,
        ),
    ] {
        let input = dir.path().join(name);
        std::fs::write(&input, text).unwrap();
        let fresh = dir.path().join("fresh.ttl");
        let out = kg(&[
            "build",
            "--triples",
            input.to_str().unwrap(),
            "-o",
            fresh.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("{name}:{line}:")),
            "{name}: {stderr}"
        );
        assert!(!fresh.exists(), "{name}: output created");
        let existing = dir.path().join("existing.ttl");
        std::fs::write(&existing, "old").unwrap();
        let out = kg(&[
            "build",
            "--triples",
            input.to_str().unwrap(),
            "-o",
            existing.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(std::fs::read_to_string(&existing).unwrap(), "old");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
    // Usage errors: a mode the format cannot carry, an unknown extension, a bad base.
    let tsv = example("election.tsv");
    for args in [
        vec!["--provenance", "graphs", "-f", "turtle"],
        vec!["--provenance", "rdf12", "-f", "jsonld"],
        vec!["-o", "graph.unknown"],
        vec!["--base", "not an iri"],
    ] {
        let mut all = vec!["build", "--triples", tsv.to_str().unwrap()];
        all.extend(args.iter().copied());
        assert_eq!(kg(&all).status.code(), Some(2), "{args:?}");
    }
    let out = kg(&[
        "query",
        tsv.to_str().unwrap(),
        "--input-format",
        "turtle",
        "SELECT",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        kg(&["build", "--triples", "/nonexistent/x.tsv"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn empty_input_gives_a_valid_empty_graph() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.tsv");
    std::fs::write(&empty, "\n\n").unwrap();
    for format in Format::ALL {
        let out = dir.path().join(format!("e.{}", format.extension()));
        ok(&kg(&[
            "build",
            "--triples",
            empty.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]));
        let bytes = std::fs::read(&out).unwrap();
        match format.rdf() {
            Some(f) => assert!(parse(&bytes, f).is_empty(), "{format}"),
            None => assert!(String::from_utf8(bytes)
                .unwrap()
                .starts_with("digraph kg {")),
        }
    }
}

#[test]
fn output_is_deterministic_and_convert_reads_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let input = example("election.jsonl");
    for mode in MODES {
        let ext = if mode == ProvenanceMode::Graphs {
            "trig"
        } else {
            "ttl"
        };
        let a = dir.path().join(format!("a.{ext}"));
        let b = dir.path().join(format!("b.{ext}"));
        let c = dir.path().join(format!("c.{ext}"));
        let mode = mode.to_string();
        ok(&kg(&[
            "build",
            "--triples",
            input.to_str().unwrap(),
            "-o",
            a.to_str().unwrap(),
            "--provenance",
            &mode,
        ]));
        ok(&kg(&[
            "build",
            "--triples",
            input.to_str().unwrap(),
            "-o",
            b.to_str().unwrap(),
            "--provenance",
            &mode,
        ]));
        assert_eq!(
            std::fs::read(&a).unwrap(),
            std::fs::read(&b).unwrap(),
            "{mode}"
        );
        ok(&kg(&[
            "convert",
            a.to_str().unwrap(),
            "-o",
            c.to_str().unwrap(),
            "--provenance",
            &mode,
        ]));
        assert_eq!(
            String::from_utf8(std::fs::read(&a).unwrap()).unwrap(),
            String::from_utf8(std::fs::read(&c).unwrap()).unwrap(),
            "{mode}: convert changed the graph"
        );
    }
    // Any RDF to DOT, through standard input.
    let nt = "<http://e/a> <http://e/knows> <http://e/b> .\n";
    let mut child = Command::new(kg_bin())
        .args(["convert", "-", "--input-format", "ntriples", "-f", "dot"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(nt.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    ok(&out);
    assert!(String::from_utf8(out.stdout)
        .unwrap()
        .contains("n0 -> n1 [label=\"knows\""));
}

#[test]
fn every_ontology_iri_kg_emits_is_declared() {
    let declared: HashSet<String> = parse(kg::ONTOLOGY_TTL.as_bytes(), RdfFormat::Turtle)
        .into_iter()
        .filter(|q| q.predicate == oxrdf::vocab::rdf::TYPE)
        .map(|q| q.subject.to_string().trim_matches(['<', '>']).to_owned())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let graphs = [
        hostile_graph(dir.path()),
        {
            let mut g = KnowledgeGraph::new();
            let f = std::fs::File::open(example("election.jsonl")).unwrap();
            read_jsonl(std::io::BufReader::new(f), "e", &mut g).unwrap();
            let f = std::fs::File::open(example("election.tsv")).unwrap();
            read_tsv(std::io::BufReader::new(f), "e", &mut g).unwrap();
            g
        },
        {
            // A described thing: a node of one document, typed by its concept.
            let mut g = KnowledgeGraph::new();
            let firm = kg::EntityRef::new("Nordlys Energy").unwrap();
            let deals = kg::EntityRef::new("two supply deals")
                .unwrap()
                .described_in("d1", "supply deal");
            let mut p = kg::Provenance::document("d1");
            p.sentence = Some(0);
            g.add_fact(
                kg::Fact::new(firm.clone(), kg::Relation::new("signs").unwrap(), deals)
                    .with_provenance(p),
            );
            let price = kg::Literal::new(kg::LiteralKind::Money, "4000000 GBP").unwrap();
            g.add_fact(kg::Fact::new(
                firm,
                kg::Relation::new("pays").unwrap(),
                price,
            ));
            g
        },
    ];
    let mut used = HashSet::new();
    for g in &graphs {
        for mode in MODES {
            for q in g.to_quads(&RdfOptions::new().with_provenance(mode)) {
                let mut terms = vec![
                    Term::from(q.subject.clone()),
                    q.predicate.clone().into(),
                    q.object.clone(),
                ];
                if let Term::Literal(l) = &q.object {
                    terms.push(l.datatype().into_owned().into());
                }
                for t in terms {
                    if let Term::NamedNode(n) = t {
                        if n.as_str().starts_with(KG_NS) {
                            used.insert(n.as_str().to_owned());
                        }
                    }
                }
            }
        }
    }
    assert!(used.len() > 15, "too few ontology IRIs used: {used:?}");
    for iri in used {
        assert!(
            declared.contains(&iri),
            "{iri} emitted but not declared in kg.ttl"
        );
    }
    // The shapes parse too.
    assert!(!parse(kg::SHAPES_TTL.as_bytes(), RdfFormat::Turtle).is_empty());
}

mod any_string {
    use super::*;
    use kg::{EntityRef, Fact, Literal, Provenance, Relation};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any strings as names, relation, value and sentence: no panic, every RDF
        /// output re-parses to exactly the exported quads, DOT escapes every label.
        #[test]
        fn any_names_export_and_reparse(
            a in "\\PC*|[\\x00-\\x1f\"<>\\\\{}|%#]*",
            b in any::<String>(),
            rel in any::<String>(),
            value in any::<String>(),
            sentence in any::<String>(),
        ) {
            let mut g = KnowledgeGraph::new();
            let record = Provenance { document: Some(sentence.clone()), sentence: Some(0), sentence_text: Some(sentence), ..Provenance::default() };
            let (Ok(s), Ok(r)) = (EntityRef::new(&a), Relation::new(&rel)) else {
                return Ok(());
            };
            if let Ok(o) = EntityRef::new(&b) {
                g.add_fact(Fact::new(s.clone(), r.clone(), o).with_provenance(record.clone()));
            }
            g.add_fact(Fact::new(s, r, Literal::string(&value)).with_provenance(record));
            for mode in MODES {
                let opts = RdfOptions::new().with_provenance(mode);
                let expected = sorted(g.to_quads(&opts));
                for format in RDF_FORMATS.into_iter().filter(|f| compatible(mode, *f)) {
                    let f = format.rdf().unwrap();
                    let bytes = kg::write_rdf(&g, &opts, f, Vec::new()).unwrap();
                    prop_assert_eq!(sorted(parse(&bytes, f)), expected.clone(), "{} {}", mode, format);
                }
            }
            let text = String::from_utf8(kg::write_dot(&g, &DotOptions::new(), Vec::new()).unwrap()).unwrap();
            for line in text.lines().filter(|l| l.contains("label=\"")) {
                // Inside a label, every quote is escaped: the label ends at the first bare quote.
                let label = line.split_once("label=\"").unwrap().1;
                let mut escaped = false;
                let mut end = None;
                for (i, c) in label.char_indices() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => { end = Some(i); break; }
                        _ => escaped = false,
                    }
                }
                let rest = &label[end.unwrap() + 1..];
                prop_assert!(rest.starts_with([',', ']', ';']), "{}", line);
                prop_assert!(!label.chars().any(|c| c.is_control()));
            }
        }
    }
}

#[test]
fn help_shows_examples() {
    for cmd in ["build", "convert", "query"] {
        let out = kg(&[cmd, "--help"]);
        ok(&out);
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            text.contains("Examples:") && text.contains(&format!("kg {cmd} ")),
            "{cmd}"
        );
    }
}

#[test]
fn query_prints_a_table_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("t.tsv");
    std::fs::write(&tsv, "Ann\tknows\tBob\nAnn\tis aged\t42\n").unwrap();
    let ttl = dir.path().join("t.ttl");
    ok(&kg(&[
        "build",
        "--triples",
        tsv.to_str().unwrap(),
        "-o",
        ttl.to_str().unwrap(),
        "--provenance",
        "none",
    ]));
    let q = "PREFIX kg: <http://example.org/kg/ontology#>
             SELECT ?key ?o WHERE { ?s ?p ?o . ?p kg:relationKey ?key } ORDER BY ?key";
    let out = kg(&["query", ttl.to_str().unwrap(), q]);
    ok(&out);
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "?key    | ?o\n--------+---------------------------------\nis_aged | 42\nknows   | http://example.org/kg/entity/bob\n"
    );
    let csv = dir.path().join("r.csv");
    ok(&kg(&[
        "query",
        ttl.to_str().unwrap(),
        q,
        "--results",
        "csv",
        "-o",
        csv.to_str().unwrap(),
    ]));
    assert_eq!(
        std::fs::read_to_string(csv).unwrap(),
        "key,o\r\nis_aged,42\r\nknows,http://example.org/kg/entity/bob\r\n"
    );
}
