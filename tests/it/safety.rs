//! Issue 22: safe with the user's files and bounded on any query.
//!
//! Outputs respect what the path names (a FIFO, a device and a symbolic link are
//! written through or followed, never replaced; modes follow the umask or the
//! file replaced); an output that is an input, or that cannot be created, is
//! refused before any work; a directory is read for text documents only, so a
//! graph written into it is never read back; `kg query` stops at its timeout and
//! its limit; `kg convert` passes other people's RDF through untouched.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use oxrdf::dataset::CanonicalizationAlgorithm;
use oxrdf::Dataset;
use oxrdfio::{RdfFormat, RdfParser};

use crate::common::kg_bin;

const TEXT: &str = "Anna Berg founded Northwind Systems in Oslo in 2004. \
Tomas Lind met Anna Berg in Berlin on Monday.\n";

/// `kg ARGS` in `dir`.
fn kg(args: &[&str], dir: &Path) -> Output {
    Command::new(kg_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Files in `dir` whose names mark them as kg's unfinished outputs.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kg-") && n.ends_with(".tmp"))
        .collect()
}

/// About `bytes` of prose: seconds of analysis for a megabyte or two.
fn prose(bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + TEXT.len());
    while s.len() < bytes {
        s.push_str(TEXT);
    }
    s
}

fn dataset(bytes: &[u8], format: RdfFormat) -> Dataset {
    let mut d: Dataset = RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<Vec<_>, _>>()
        .unwrap_or_else(|e| panic!("{format}: {e}\n{}", String::from_utf8_lossy(bytes)))
        .into_iter()
        .collect();
    d.canonicalize(CanonicalizationAlgorithm::Unstable);
    d
}

#[test]
fn a_fifo_output_is_written_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let fifo = dir.path().join("pipe.nt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    // A reader on the FIFO, as a user's `cat pipe.nt` would be.
    let reader = Command::new("cat")
        .arg(&fifo)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out = kg(&["build", "a.txt", "-o", "pipe.nt"], dir.path());
    let read = reader.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let nt = String::from_utf8(read.stdout).unwrap();
    assert!(
        nt.contains("Northwind"),
        "the graph came through the FIFO: {nt}"
    );
    assert!(!dataset(nt.as_bytes(), RdfFormat::NTriples).is_empty());
    let meta = std::fs::symlink_metadata(&fifo).unwrap();
    assert!(meta.file_type().is_fifo(), "still a FIFO");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn a_symlink_output_replaces_its_target_and_stays_a_link() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    std::fs::create_dir(dir.path().join("graphs")).unwrap();
    let real = dir.path().join("graphs/real.nt");
    std::fs::write(&real, "old\n").unwrap();
    std::os::unix::fs::symlink("graphs/real.nt", dir.path().join("latest.nt")).unwrap();
    let out = kg(&["build", "a.txt", "-o", "latest.nt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let link = std::fs::symlink_metadata(dir.path().join("latest.nt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    let nt = std::fs::read_to_string(&real).unwrap();
    assert!(nt.contains("Northwind"), "{nt}");
    // A dangling link: its target is created.
    std::os::unix::fs::symlink("graphs/new.nt", dir.path().join("next.nt")).unwrap();
    let out = kg(&["build", "a.txt", "-o", "next.nt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(dir.path().join("graphs/new.nt"))
        .unwrap()
        .contains("Northwind"));
    assert!(std::fs::symlink_metadata(dir.path().join("next.nt"))
        .unwrap()
        .file_type()
        .is_symlink());
}

#[test]
fn dev_null_and_dev_stdout_are_written_through() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let out = kg(
        &["build", "a.txt", "-o", "/dev/null", "-f", "ntriples"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = std::fs::metadata("/dev/null").unwrap();
    assert!(
        meta.file_type().is_char_device(),
        "/dev/null is still a device"
    );
    // /dev/stdout is a link to /proc/self/fd/1: kg's own standard output.
    let out = kg(
        &["build", "a.txt", "-o", "/dev/stdout", "-f", "ntriples"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Northwind"));
    // Standard output redirected to a file that is also named with -o.
    let file = dir.path().join("redirected.nt");
    let status = Command::new(kg_bin())
        .args(["build", "a.txt", "-o", "/dev/stdout", "-f", "ntriples"])
        .current_dir(dir.path())
        .stdout(std::fs::File::create(&file).unwrap())
        .status()
        .unwrap();
    assert!(status.success());
    assert!(std::fs::read_to_string(&file)
        .unwrap()
        .contains("Northwind"));
}

#[test]
fn modes_follow_the_umask_or_the_file_replaced() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), TEXT).unwrap();
    let mode = |name: &str| {
        std::fs::metadata(dir.path().join(name))
            .unwrap()
            .permissions()
            .mode()
            & 0o7777
    };
    for (umask, expected) in [("022", 0o644), ("027", 0o640), ("077", 0o600)] {
        let name = format!("new-{umask}.nt");
        let status = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask}; exec \"$0\" build a.txt -o {name}"))
            .arg(kg_bin())
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
        assert_eq!(mode(&name), expected, "umask {umask}");
    }
    // Replacing a file keeps its mode, whatever the umask.
    let kept = dir.path().join("kept.nt");
    std::fs::write(&kept, "old\n").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o644)).unwrap();
    let status = Command::new("sh")
        .arg("-c")
        .arg("umask 077; exec \"$0\" build a.txt -o kept.nt")
        .arg(kg_bin())
        .current_dir(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(mode("kept.nt"), 0o644);
    assert!(std::fs::read_to_string(&kept)
        .unwrap()
        .contains("Northwind"));
}

#[test]
fn an_output_that_is_an_input_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    // Minutes of analysis, were it started.
    let text = prose(2_000_000);
    std::fs::write(dir.path().join("self.txt"), &text).unwrap();
    std::fs::hard_link(dir.path().join("self.txt"), dir.path().join("same.nt")).unwrap();
    let cases: [&[&str]; 7] = [
        &["build", "self.txt", "-o", "self.txt", "-f", "ntriples"],
        &["build", "self.txt", "-o", "same.nt"],
        &["analyze", "self.txt", "-o", "self.txt"],
        &["extract", "self.txt", "-o", "same.nt"],
        &["convert", "same.nt", "-o", "self.txt", "-f", "ntriples"],
        &["merge", "same.nt", "-o", "self.txt", "-f", "ntriples"],
        &["query", "same.nt", "-o", "self.txt", "ASK {}"],
    ];
    for args in cases {
        let start = Instant::now();
        let out = kg(args, dir.path());
        let took = start.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("is also an input"), "{args:?}: {err}");
        assert!(err.contains(args[3]), "names the output: {err}");
        assert!(took < Duration::from_secs(3), "{args:?} took {took:?}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("self.txt")).unwrap(),
            text
        );
    }
    // Standard input that is the output file.
    let out = Command::new(kg_bin())
        .args(["build", "-", "-o", "self.txt", "-f", "ntriples"])
        .current_dir(dir.path())
        .stdin(std::fs::File::open(dir.path().join("self.txt")).unwrap())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("self.txt")).unwrap(),
        text
    );
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn an_unwritable_output_directory_is_refused_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.txt"), prose(2_000_000)).unwrap();
    // procfs refuses new files even to root; a missing directory; a path below a file.
    for target in [
        "/proc/kg-test-output.ttl".to_owned(),
        dir.path().join("missing/graph.ttl").display().to_string(),
        dir.path().join("big.txt/graph.ttl").display().to_string(),
    ] {
        for command in ["build", "analyze", "extract"] {
            let start = Instant::now();
            let out = kg(&[command, "big.txt", "-o", &target], dir.path());
            let took = start.elapsed();
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{command} -o {target}: {err}");
            assert!(err.contains(&target), "names {target}: {err}");
            assert!(took < Duration::from_secs(3), "{command} took {took:?}");
        }
    }
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn a_directory_holding_a_previous_graph_builds_the_same_graph_twice() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), TEXT).unwrap();
    let run = || {
        let out = kg(&["build", "in", "-o", "in/graph.ttl"], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(
            stderr(&out).contains("kg build: 1 documents,"),
            "{}",
            stderr(&out)
        );
        std::fs::read(input.join("graph.ttl")).unwrap()
    };
    let first = run();
    let second = run();
    assert!(!first.is_empty());
    assert_eq!(first, second, "the graph in the directory is not read back");
    // The output is left out even when its name looks like text.
    let out = kg(
        &["build", "in", "-o", "in/graph.txt", "-f", "ntriples"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kg(
        &["build", "in", "-o", "in/graph.txt", "-f", "ntriples"],
        dir.path(),
    );
    assert!(
        stderr(&out).contains("kg build: 1 documents,"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_directory_is_read_for_text_documents() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(input.join("a.txt"), "Anna Berg founded Northwind Systems.").unwrap();
    std::fs::write(input.join("README.TXT"), "Kim Lee founded Foo Inc in 1999.").unwrap();
    std::fs::write(input.join("NOTES"), "Ola Nordmann visited Bergen Works.").unwrap();
    std::fs::write(input.join("blob"), b"\x00\x01\xffbinary").unwrap();
    std::fs::write(
        input.join("old.nt"),
        "<http://e/Zed> <http://e/p> \"Quux Corp\" .\n",
    )
    .unwrap();
    std::fs::write(input.join("pic.dot"), "digraph { Zed -> Quux }").unwrap();
    let out = kg(&["build", "in", "-f", "ntriples"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let nt = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(nt.contains("Northwind") && nt.contains("Foo"), "{nt}");
    assert!(
        nt.contains("Bergen"),
        "a UTF-8 file without extension is text: {nt}"
    );
    assert!(
        !nt.contains("Zed") && !nt.contains("Quux"),
        "RDF and DOT are not text: {nt}"
    );
    assert!(
        stderr(&out).contains("kg build: 3 documents,"),
        "{}",
        stderr(&out)
    );
    // --glob chooses anything.
    let out = kg(
        &["build", "in", "--glob", "*.nt", "-f", "ntriples"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kg build: 1 documents,"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn empty_input_is_an_error_unless_allowed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    std::fs::write(dir.path().join("blank.txt"), " \n\n").unwrap();
    for input in ["empty", "blank.txt"] {
        let out = kg(&["build", input, "-o", "g.nt"], dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{input}: {err}");
        assert!(err.contains("warning: no text in"), "{err}");
        assert!(err.contains("--allow-empty"), "{err}");
        assert!(!dir.path().join("g.nt").exists(), "nothing written");
        let out = kg(&["build", input, "-o", "g.nt", "--allow-empty"], dir.path());
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(dataset(
            &std::fs::read(dir.path().join("g.nt")).unwrap(),
            RdfFormat::NTriples
        )
        .is_empty());
        std::fs::remove_file(dir.path().join("g.nt")).unwrap();
    }
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

#[test]
fn the_summary_counts_facts_and_sightings_apart() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Anna Berg founded Northwind Systems.\n\n".repeat(20);
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let out = kg(&["build", "a.txt", "-o", "g.nt"], dir.path());
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    let summary = err.lines().find(|l| l.starts_with("kg build:")).unwrap();
    let count = |word: &str| -> usize {
        let before = summary.split(word).next().unwrap();
        let n = before.trim_end().rsplit([' ', '(']).next().unwrap();
        n.parse().unwrap_or_else(|_| panic!("{word} in {summary}"))
    };
    let (facts, sightings) = (count(" facts"), count(" sightings"));
    assert!(facts >= 1 && sightings >= 20 * facts.min(1), "{summary}");
    assert!(
        facts < sightings,
        "20 sightings of the same facts: {summary}"
    );
}

#[test]
fn labels_drop_bidi_controls_and_zero_width_characters() {
    let dir = tempfile::tempdir().unwrap();
    let text = "Ali\u{200b}ce Berg founded North\u{202e}wind Systems in Oslo. \
                Ali\u{200b}ce Berg met Tomas \u{2066}Lind\u{2069} in Bergen.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let out = kg(&["build", "a.txt", "-o", "g.nt"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let nt = std::fs::read(dir.path().join("g.nt")).unwrap();
    let labels: Vec<String> = dataset(&nt, RdfFormat::NTriples)
        .iter()
        .filter(|q| q.predicate.as_str() == "http://www.w3.org/2000/01/rdf-schema#label")
        .filter_map(|q| match q.object {
            oxrdf::TermRef::Literal(l) => Some(l.value().to_owned()),
            _ => None,
        })
        .collect();
    assert!(labels.iter().any(|l| l == "Alice Berg"), "{labels:?}");
    let hidden =
        |c: char| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}');
    assert!(!labels.iter().any(|l| l.contains(hidden)), "{labels:?}");
    assert!(
        !labels.iter().any(|l| l == "Ali" || l == "ce"),
        "{labels:?}"
    );
}

/// An N-Triples graph of `n` triples.
fn triples(dir: &Path, n: usize) -> std::path::PathBuf {
    let path = dir.join("g.nt");
    let text: String = (0..n)
        .map(|i| format!("<http://e/s{i}> <http://e/p{}> \"value {i}\" .\n", i % 7))
        .collect();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_query_stops_at_its_timeout_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    triples(dir.path(), 2000);
    for query in [
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ] {
        let start = Instant::now();
        let out = kg(
            &[
                "query",
                "g.nt",
                query,
                "--timeout",
                "2",
                "--results",
                "csv",
                "-o",
                "r.csv",
            ],
            dir.path(),
        );
        let took = start.elapsed();
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{query}: {err}");
        assert!(err.contains("--timeout of 2 s"), "{err}");
        assert!(took < Duration::from_secs(7), "{query}: took {took:?}");
        assert!(took >= Duration::from_secs(2), "{query}: took {took:?}");
        assert!(!dir.path().join("r.csv").exists());
        assert_eq!(temporaries(dir.path()), Vec::<String>::new());
    }
}

#[test]
fn a_query_stops_at_its_limit_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    triples(dir.path(), 50);
    let out = kg(
        &[
            "query",
            "g.nt",
            "SELECT ?s WHERE { ?s ?p ?o }",
            "--limit",
            "5",
            "--results",
            "csv",
        ],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).lines().count(),
        6,
        "header and 5 rows"
    );
    assert!(
        stderr(&out).contains("stopped at --limit 5"),
        "{}",
        stderr(&out)
    );
    // A table with more rows than it measures stays one row per line.
    triples(dir.path(), 2500);
    let out = kg(
        &["query", "g.nt", "SELECT ?s ?o WHERE { ?s ?p ?o }"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 2502);
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn query_syntax_errors_are_one_line_and_name_the_problem() {
    let dir = tempfile::tempdir().unwrap();
    triples(dir.path(), 3);
    let cases = [
        (
            "SELECT * WHERE { ?s kg:p ?o }",
            "unknown prefix kg: at line 1, column 21",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o }\nLIMIT x",
            "parsing stopped at `x` (line 2, column 7)",
        ),
        (
            "SELECT * WHERE { ?s ?p ?o",
            "parsing stopped after `?o` at the end of the query",
        ),
    ];
    for (query, expected) in cases {
        let out = kg(&["query", "g.nt", query], dir.path());
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(expected), "{query}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.len() < 300, "{err}");
    }
}

#[test]
fn a_closed_stdout_ends_a_query_quietly() {
    let dir = tempfile::tempdir().unwrap();
    triples(dir.path(), 5000);
    let mut child = Command::new(kg_bin())
        .args(["query", "g.nt", "SELECT ?s ?o WHERE { ?s ?p ?o }"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: one line, then the pipe is closed.
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

const FOAF: &str = r#"@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix ex: <http://example.org/people/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:alice a foaf:Person ; foaf:name "Alice"@en ; foaf:mbox <mailto:alice@example.org> ;
    foaf:age "42"^^xsd:integer ; foaf:knows _:b1 .
_:b1 a foaf:Person ; foaf:name "Bob" ; foaf:birthday "1990-05-01"^^xsd:date .
"#;

const SCHEMA_SKOS: &str = r#"@prefix schema: <https://schema.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<http://e/acme> a schema:Organization ; schema:name "Acme"@en, "Akme"@de ;
    schema:founder [ a schema:Person ; schema:name "Zoë \"Z\" Null" ] .
<http://e/topics/rdf> a skos:Concept ; skos:prefLabel "RDF"@en ; skos:broader <http://e/topics/web> .
"#;

#[test]
fn foreign_rdf_converts_losslessly_through_every_format() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("foaf.ttl", FOAF), ("schema.ttl", SCHEMA_SKOS)] {
        std::fs::write(dir.path().join(name), text).unwrap();
        let original = dataset(text.as_bytes(), RdfFormat::Turtle);
        for (ext, format) in [
            ("nt", RdfFormat::NTriples),
            ("nq", RdfFormat::NQuads),
            ("trig", RdfFormat::TriG),
            ("ttl", RdfFormat::Turtle),
            ("rdf", RdfFormat::RdfXml),
            (
                "jsonld",
                RdfFormat::JsonLd {
                    profile: oxrdfio::JsonLdProfile::Streaming.into(),
                },
            ),
        ] {
            let target = format!("out-{name}.{ext}");
            let out = kg(&["convert", name, "-o", &target], dir.path());
            assert!(out.status.success(), "{name} -> {ext}: {}", stderr(&out));
            let bytes = std::fs::read(dir.path().join(&target)).unwrap();
            assert_eq!(dataset(&bytes, format), original, "{name} -> {ext}");
            // And back to Turtle.
            let back = format!("back-{name}-{ext}.ttl");
            let out = kg(&["convert", &target, "-o", &back], dir.path());
            assert!(out.status.success(), "{}", stderr(&out));
            let bytes = std::fs::read(dir.path().join(&back)).unwrap();
            assert_eq!(
                dataset(&bytes, RdfFormat::Turtle),
                original,
                "{name} -> {ext} -> ttl"
            );
        }
    }
    // The FOAF prefix survives in Turtle.
    let ttl = std::fs::read_to_string(dir.path().join("out-foaf.ttl.ttl")).unwrap();
    assert!(ttl.contains("foaf:Person"), "{ttl}");
}

#[test]
fn foreign_rdf_is_drawn_generically() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("foaf.ttl"), FOAF).unwrap();
    std::fs::write(dir.path().join("schema.ttl"), SCHEMA_SKOS).unwrap();
    let out = kg(&["convert", "foaf.ttl", "-o", "foaf.dot"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let dot = std::fs::read_to_string(dir.path().join("foaf.dot")).unwrap();
    // Named by foaf:name, typed, the mailbox a resource, the literals with their language.
    assert!(dot.contains("n0 [label=\"Alice\", shape=ellipse]"), "{dot}");
    assert!(dot.contains("[label=\"Bob\", shape=ellipse]"), "{dot}");
    assert!(dot.contains("[label=\"Person\", shape=box"), "{dot}");
    assert!(dot.contains("[label=\"a\"]"), "{dot}");
    assert!(
        dot.contains("[label=\"knows\"]") && dot.contains("[label=\"mbox\"]"),
        "{dot}"
    );
    assert!(dot.contains("label=\"42\", shape=plaintext"), "{dot}");
    assert!(
        !dot.contains("“Alice”"),
        "the name is the label, not an edge: {dot}"
    );
    let out = kg(&["convert", "schema.ttl", "-o", "schema.dot"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    let dot = std::fs::read_to_string(dir.path().join("schema.dot")).unwrap();
    assert!(dot.contains("[label=\"Acme\", shape=ellipse]"), "{dot}");
    assert!(
        dot.contains("“Akme”@de"),
        "the other name stays an edge: {dot}"
    );
    assert!(
        dot.contains("[label=\"RDF\", shape=ellipse]"),
        "skos:prefLabel: {dot}"
    );
    assert!(dot.contains("[label=\"broader\"]"), "{dot}");
}

#[test]
fn named_graphs_pass_through_or_are_refused_by_triple_formats() {
    let dir = tempfile::tempdir().unwrap();
    let trig = "<http://e/g1> { <http://e/a> <http://e/p> \"x\"@fr . }\n<http://e/b> <http://e/p> <http://e/c> .\n";
    std::fs::write(dir.path().join("d.trig"), trig).unwrap();
    let out = kg(&["convert", "d.trig", "-o", "d.nq"], dir.path());
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        dataset(
            &std::fs::read(dir.path().join("d.nq")).unwrap(),
            RdfFormat::NQuads
        ),
        dataset(trig.as_bytes(), RdfFormat::TriG)
    );
    let out = kg(&["convert", "d.trig", "-o", "d.nt"], dir.path());
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("named graphs"), "{}", stderr(&out));
    assert!(!dir.path().join("d.nt").exists());
}

/// A loopback Graph Store: reads each request whole and answers it with the next status
/// of `answers` (`None`: keeps the connection open and never answers); the request
/// lines seen are returned through the handle.
fn store(answers: Vec<Option<u16>>) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let answers = answers
        .into_iter()
        .map(|a| a.map(|status| (status, "text/plain", "no such thing".to_owned())))
        .collect();
    store_answering(answers)
}

/// An answer of a loopback store: status, content type, body (`None`: no answer).
type Answer = Option<(u16, &'static str, String)>;

/// [`store`] with each answer's status, content type and body.
fn store_answering(
    answers: Vec<Answer>,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let n = answers.len();
    let mut answers = answers.into_iter();
    store_with(n, move |_| answers.next().flatten())
}

/// A loopback Graph Store that takes `n` requests, each on its own connection, and answers
/// each with `answer(head)`, where `head` is the request line and headers; the heads seen
/// are returned through the handle.
fn store_with(
    n: usize,
    mut answer: impl FnMut(&str) -> Answer + Send + 'static,
) -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for _ in 0..n {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut head, mut len) = (String::new(), 0usize);
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let reply = answer(&head);
            log.lock().unwrap().push(head);
            let mut stream = stream;
            match reply {
                None => held.push(stream),
                Some((status, content_type, text)) => {
                    let challenge = if status == 401 {
                        "WWW-Authenticate: Basic realm=\"store\"\r\n"
                    } else {
                        ""
                    };
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\n{challenge}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                        text.len()
                    );
                }
            }
        }
        // Hold the unanswered connections until the client has given up.
        std::thread::sleep(Duration::from_secs(30));
        drop(held);
    });
    (url, seen)
}

fn push_data(dir: &Path) {
    let nt: String = (0..6)
        .map(|i| format!("<http://e/s{i}> <http://e/p> \"{i}\" .\n"))
        .collect();
    std::fs::write(dir.join("g.nt"), nt).unwrap();
}

#[test]
fn a_push_failure_says_what_the_store_acknowledged_and_4xx_is_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    push_data(dir.path());
    let (url, seen) = store(vec![Some(201), Some(400)]);
    let out = kg(
        &[
            "push",
            "g.nt",
            "--endpoint",
            &url,
            "--chunk-size",
            "2",
            "--jobs",
            "1",
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("HTTP 400 after 1 attempt(s)"), "{err}");
    assert!(
        err.contains("acknowledged 2 triple(s) in 1 request(s) to 1 graph(s)"),
        "{err}"
    );
    assert_eq!(seen.lock().unwrap().len(), 2, "the 400 was not retried");
}

#[test]
fn a_store_that_never_answers_times_out() {
    let dir = tempfile::tempdir().unwrap();
    push_data(dir.path());
    let (url, _) = store(vec![None, None]);
    let start = Instant::now();
    let out = kg(
        &[
            "push",
            "g.nt",
            "--endpoint",
            &url,
            "--timeout",
            "2",
            "--retries",
            "1",
        ],
        dir.path(),
    );
    let took = start.elapsed();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(took < Duration::from_secs(9), "took {took:?}: {err}");
    assert!(
        err.contains("attempt 1 failed after 2."),
        "one line per retry: {err}"
    );
    assert!(err.contains("after 2 attempt(s)"), "{err}");
    assert!(err.contains("acknowledged 0 triple(s)"), "{err}");
}

/// A SPARQL JSON answer to a `COUNT` query.
fn count_answer(n: u64) -> Answer {
    let json = format!(
        r#"{{"head":{{"vars":["n"]}},"results":{{"bindings":[{{"n":{{"type":"literal","value":"{n}"}}}}]}}}}"#
    );
    Some((200, "application/sparql-results+json", json))
}

/// An HTML page, as a proxy answers in a store's place.
fn html_page(text: &str) -> Answer {
    Some((
        200,
        "text/html",
        format!("<!DOCTYPE html><html><head><title>Gate</title></head><body><h1>{text}</h1><p>Ref 4471</p></body></html>"),
    ))
}

#[test]
fn verify_catches_a_store_that_answers_200_without_storing() {
    let dir = tempfile::tempdir().unwrap();
    push_data(dir.path());
    // A push answered 200 with nothing stored; then the count: 0 triples, an HTML page, 6.
    let ok = || Some((200, "text/plain", String::new()));
    for (push_answer, extra, answer, expected) in [
        (ok(), None, count_answer(0), "holds 0 of 6"),
        (ok(), None, html_page("Welcome"), "not SPARQL JSON results"),
        // A proxy's page taken as success on request, then caught by the count.
        (
            html_page("Welcome"),
            Some("--accept-html"),
            count_answer(0),
            "holds 0 of 6",
        ),
        (ok(), None, count_answer(6), ""),
    ] {
        let (url, seen) = store_answering(vec![push_answer, answer]);
        let query = url.replace("/store", "/query");
        let mut args = vec![
            "push",
            "g.nt",
            "--endpoint",
            &url,
            "--graph",
            "http://e/g",
            "--verify",
            "--query-endpoint",
            &query,
        ];
        args.extend(extra);
        let out = kg(&args, dir.path());
        let err = stderr(&out);
        if expected.is_empty() {
            assert!(out.status.success(), "{err}");
            assert!(
                err.contains("verify <http://e/g>: 6 triples in the store, 6 distinct sent"),
                "{err}"
            );
        } else {
            assert_eq!(out.status.code(), Some(1), "{err}");
            assert!(err.contains(expected), "{err}");
        }
        let seen = seen.lock().unwrap();
        assert!(seen[1].starts_with("POST /query"), "{seen:?}");
    }
}

#[test]
fn a_2xx_html_page_is_not_success() {
    let dir = tempfile::tempdir().unwrap();
    push_data(dir.path());
    let args = |url: &str| {
        [
            "push",
            "g.nt",
            "--endpoint",
            url,
            "--chunk-size",
            "2",
            "--jobs",
            "1",
        ]
        .map(str::to_owned)
        .to_vec()
    };
    let run = |args: Vec<String>| {
        kg(
            &args.iter().map(String::as_str).collect::<Vec<_>>(),
            dir.path(),
        )
    };
    // One chunk acknowledged, then a proxy's page in the store's place: a failure, not retried.
    let created = || Some((201, "text/plain", String::new()));
    let (url, seen) = store_answering(vec![created(), html_page("Session expired, sign in again")]);
    let out = run(args(&url));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("answered HTTP 200 with an HTML page")
            && err.contains("Session expired, sign in again"),
        "names the status and the page's text: {err}"
    );
    assert!(
        err.contains("acknowledged 2 triple(s) in 1 request(s) to 1 graph(s)"),
        "{err}"
    );
    assert!(
        err.contains("kg push: acknowledged: POST the default graph, 2 triple(s)"),
        "chunk by chunk: {err}"
    );
    assert_eq!(seen.lock().unwrap().len(), 2, "not retried");

    // --accept-html takes the page as the store's word.
    let (url, _) = store_answering(vec![created(), html_page("Fine"), html_page("Fine")]);
    let mut accept = args(&url);
    accept.push("--accept-html".to_owned());
    let out = run(accept);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("kg push: 6 triples"),
        "{}",
        stderr(&out)
    );

    // Virtuoso's own answers declare text/html and have no body: success.
    let empty = || Some((201, "text/html; charset=UTF-8", String::new()));
    let (url, _) = store_answering(vec![empty(), empty(), empty()]);
    let out = run(args(&url));
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn verify_sends_the_credentials_to_the_query_endpoint() {
    let dir = tempfile::tempdir().unwrap();
    push_data(dir.path());
    // Whether a request head carries Basic base64("quill:inkwell-7").
    let authorized = |head: &str| {
        head.lines().any(|l| {
            l.split_once(':').is_some_and(|(name, value)| {
                name.eq_ignore_ascii_case("authorization")
                    && value.trim() == "Basic cXVpbGw6aW5rd2VsbC03"
            })
        })
    };
    // The probe (no credentials), one chunk, the count; the query endpoint wants the credentials.
    let (url, seen) = store_with(3, move |head| {
        if head.starts_with("POST /query") && !authorized(head) {
            Some((401, "text/plain", "credentials required".to_owned()))
        } else if head.starts_with("POST /query") {
            count_answer(6)
        } else {
            Some((201, "text/plain", String::new()))
        }
    });
    let out = Command::new(kg_bin())
        .args([
            "push",
            "g.nt",
            "--endpoint",
            &url,
            "--graph",
            "http://e/g",
            "--verify",
            "--query-endpoint",
            &url.replace("/store", "/query"),
        ])
        .current_dir(dir.path())
        .env("KG_PUSH_USER", "quill")
        .env("KG_PUSH_PASSWORD", "inkwell-7")
        .env("NETRC", "/nonexistent")
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("6 triples in the store, 6 distinct sent"),
        "{err}"
    );
    assert!(!err.contains("inkwell-7"), "{err}");
    let seen = seen.lock().unwrap();
    let query = seen.iter().find(|h| h.starts_with("POST /query")).unwrap();
    assert!(authorized(query), "{query}");
}

mod generated {
    //! Round trips of generated datasets through `kg convert`, every RDF format.

    use super::*;
    use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
    use proptest::prelude::*;

    fn subject() -> impl Strategy<Value = NamedOrBlankNode> {
        prop_oneof![
            (0..5u8).prop_map(|i| NamedNode::new_unchecked(format!("http://e/s{i}")).into()),
            (0..3u8).prop_map(|i| BlankNode::new_unchecked(format!("b{i}")).into()),
        ]
    }

    fn predicate() -> impl Strategy<Value = NamedNode> {
        prop_oneof![
            (0..3u8).prop_map(|i| NamedNode::new_unchecked(format!("http://e/p{i}"))),
            Just(NamedNode::new_unchecked("http://xmlns.com/foaf/0.1/name")),
            Just(NamedNode::new_unchecked(
                "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            )),
        ]
    }

    fn object() -> impl Strategy<Value = Term> {
        // No \r: XML parsers turn it into \n, so RDF/XML could not carry it anyway.
        let text = "[a-zA-Z0-9 éüß\"'<>&\\\\\n\t]{0,8}";
        prop_oneof![
            subject().prop_map(Term::from),
            text.prop_map(|s| Literal::new_simple_literal(s).into()),
            (text, prop_oneof![Just("en"), Just("de-ch"), Just("fr")])
                .prop_map(|(s, l)| Literal::new_language_tagged_literal_unchecked(s, l).into()),
            any::<i64>().prop_map(|n| Literal::from(n).into()),
            text.prop_map(|s| {
                Literal::new_typed_literal(s, NamedNode::new_unchecked("http://e/dt")).into()
            }),
            // An RDF 1.2 triple term.
            (subject(), predicate(), text).prop_map(|(s, p, o)| {
                Term::Triple(Box::new(oxrdf::Triple::new(
                    s,
                    p,
                    Literal::new_simple_literal(o),
                )))
            }),
        ]
    }

    fn graph() -> impl Strategy<Value = GraphName> {
        prop_oneof![
            3 => Just(GraphName::DefaultGraph),
            1 => (0..2u8).prop_map(|i| NamedNode::new_unchecked(format!("http://e/g{i}")).into()),
        ]
    }

    fn quad() -> impl Strategy<Value = Quad> {
        (subject(), predicate(), object(), graph()).prop_map(|(s, p, o, g)| Quad::new(s, p, o, g))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// Any dataset, written as N-Quads, converts to every RDF format and back
        /// isomorphically; the triple-only formats refuse named graphs and JSON-LD
        /// refuses RDF 1.2 triple terms (exit 2, nothing written).
        #[test]
        fn generated_datasets_convert_losslessly(quads in proptest::collection::vec(quad(), 1..10)) {
            let dir = tempfile::tempdir().unwrap();
            let mut nq = Vec::new();
            for q in &quads {
                nq.extend_from_slice(format!("{q} .\n").as_bytes());
            }
            std::fs::write(dir.path().join("in.nq"), &nq).unwrap();
            let original = dataset(&nq, RdfFormat::NQuads);
            let named = quads.iter().any(|q| !q.graph_name.is_default_graph());
            let triple_terms = quads.iter().any(|q| matches!(q.object, Term::Triple(_)));
            for (ext, format) in [
                ("nq", RdfFormat::NQuads),
                ("trig", RdfFormat::TriG),
                ("jsonld", RdfFormat::JsonLd { profile: oxrdfio::JsonLdProfile::Streaming.into() }),
                ("nt", RdfFormat::NTriples),
                ("ttl", RdfFormat::Turtle),
                ("rdf", RdfFormat::RdfXml),
            ] {
                let target = format!("out.{ext}");
                let out = kg(&["convert", "in.nq", "-o", &target], dir.path());
                let jsonld = matches!(format, RdfFormat::JsonLd { .. });
                if (named && !format.supports_datasets()) || (triple_terms && jsonld) {
                    prop_assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
                    prop_assert!(!dir.path().join(&target).exists());
                    continue;
                }
                prop_assert!(out.status.success(), "{}: {}", ext, stderr(&out));
                let bytes = std::fs::read(dir.path().join(&target)).unwrap();
                prop_assert_eq!(&dataset(&bytes, format), &original, "{}", ext);
            }
        }
    }
}

#[test]
fn a_store_that_refuses_a_large_body_early_is_heard() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().unwrap();
    let nt: String = (0..40_000)
        .map(|i| format!("<http://e/s{i}> <http://e/p> \"a literal long enough {i}\" .\n"))
        .collect();
    assert!(nt.len() > 1 << 21);
    std::fs::write(dir.path().join("big.nt"), nt).unwrap();
    // Answers 501 as soon as it has the headers, without reading the body.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut expect = false;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                break;
            }
            expect |= line
                .to_ascii_lowercase()
                .starts_with("expect: 100-continue");
        }
        let text = "uploads of this size are not implemented here";
        let mut stream = stream;
        let _ = write!(
            stream,
            "HTTP/1.1 501 Not Implemented\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
            text.len()
        );
        expect
    });
    let out = kg(
        &[
            "push",
            "big.nt",
            "--endpoint",
            &url,
            "--chunk-size",
            "100000",
        ],
        dir.path(),
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("HTTP 501 after 1 attempt(s)"),
        "not retried: {err}"
    );
    assert!(
        err.contains("not implemented here"),
        "the store's text: {err}"
    );
    assert!(
        !err.contains("Broken pipe") && !err.contains("retrying"),
        "{err}"
    );
    assert!(
        server.join().unwrap(),
        "the body was announced with Expect: 100-continue"
    );
}

/// Writes `big.nt` in `dir`: about 20 MB of N-Triples, larger than any socket buffer, so a
/// store that stops reading it is still being sent most of it.
fn big_push_data(dir: &Path) {
    let nt: String = (0..250_000)
        .map(|i| {
            format!(
                "<http://e/s{i}> <http://e/p> \"a literal long enough to fill buffers {i}\" .\n"
            )
        })
        .collect();
    assert!(nt.len() > 16 << 20, "larger than any socket buffer");
    std::fs::write(dir.join("big.nt"), nt).unwrap();
}

/// A loopback store that ignores `Expect: 100-continue` and refuses bodies while they are
/// sent: for each of `answers` it takes one connection, reads the request head and the
/// first 64 KiB of the body (so the client is sending it: no timing is guessed), writes the
/// answer (`None`: none) and closes with the rest of the body unread, which resets the
/// connection. Gives the URL, the listener (to look for connections beyond those expected)
/// and a channel that gets each request's head once it has been answered.
fn store_refusing_mid_body(
    answers: Vec<Option<(u16, &'static str)>>,
) -> (
    String,
    std::sync::Arc<std::net::TcpListener>,
    std::sync::mpsc::Receiver<String>,
) {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = std::sync::Arc::new(std::net::TcpListener::bind("127.0.0.1:0").unwrap());
    let url = format!("http://{}/store", listener.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    let server = listener.clone();
    std::thread::spawn(move || {
        for answer in answers {
            let Ok((stream, _)) = server.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let mut some = vec![0; 64 * 1024];
            let _ = reader.read_exact(&mut some);
            let mut stream = stream;
            if let Some((status, text)) = answer {
                // One write, so that the answer travels whole before the reset that closing
                // with an unread body sends (`write!` on a socket writes piece by piece).
                let answer = format!(
                    "HTTP/1.1 {status} Refused\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
                let _ = stream.write_all(answer.as_bytes());
            }
            drop((reader, stream));
            if tx.send(head).is_err() {
                return;
            }
        }
    });
    (url, listener, rx)
}

/// The heads of the `n` requests a [`store_refusing_mid_body`] answered, after checking
/// that no connection beyond them was made (kg has exited, so any would be waiting).
fn requests_made(
    n: usize,
    listener: &std::net::TcpListener,
    heads: &std::sync::mpsc::Receiver<String>,
) -> Vec<String> {
    let heads: Vec<String> = (0..n)
        .map(|i| {
            heads
                .recv_timeout(Duration::from_secs(120))
                .unwrap_or_else(|_| panic!("kg made {i} request(s), not {n}"))
        })
        .collect();
    listener.set_nonblocking(true).unwrap();
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "kg made more than {n} request(s)"
    );
    heads
}

/// `kg push big.nt` (see [`big_push_data`]) to `url` in one chunk, with `extra` options.
fn push_big(dir: &Path, url: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "push",
        "big.nt",
        "--endpoint",
        url,
        "--chunk-size",
        "1000000",
    ];
    args.extend_from_slice(extra);
    kg(&args, dir)
}

/// A store that ignores `Expect: 100-continue` (so kg sends the body after a second) and
/// refuses the body half-way with a 413 and a text, then closes: kg reads that answer
/// although its upload broke, shows the status and the text, and does not retry a 4xx.
#[test]
fn a_store_that_refuses_a_body_while_it_is_sent_is_heard() {
    let dir = tempfile::tempdir().unwrap();
    big_push_data(dir.path());
    let text = "request bodies over 64 KiB are refused here";
    let (url, listener, heads) = store_refusing_mid_body(vec![Some((413, text))]);
    // A retry, which would be wrong, would wait on a store that no longer answers: the
    // timeout bounds how long this test takes to say so.
    let out = push_big(dir.path(), &url, &["--retries", "1", "--timeout", "30"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("HTTP 413 after 1 attempt(s)"), "{err}");
    assert!(err.contains(text), "the store's text: {err}");
    for noise in ["Broken pipe", "reset", "closed the connection", "retrying"] {
        assert!(!err.contains(noise), "{noise:?}: {err}");
    }
    assert!(err.contains("acknowledged 0 triple(s)"), "{err}");
    let heads = requests_made(1, &listener, &heads);
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("expect: 100-continue"),
        "the store ignored an Expect header: {}",
        heads[0]
    );
}

/// As above with a 503, which is worth another try: each attempt's message and the final
/// error name the 503 (and the final error its text), not the broken upload.
#[test]
fn a_5xx_while_the_body_is_sent_is_retried_as_a_5xx() {
    let dir = tempfile::tempdir().unwrap();
    big_push_data(dir.path());
    let text = "the store is busy, try later";
    let (url, listener, heads) =
        store_refusing_mid_body(vec![Some((503, text)), Some((503, text))]);
    let out = push_big(dir.path(), &url, &["--retries", "1", "--timeout", "30"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("attempt 1 failed after"), "{err}");
    assert!(err.contains("(HTTP 503); retrying"), "{err}");
    assert!(err.contains("HTTP 503 after 2 attempt(s)"), "{err}");
    assert!(err.contains(text), "the store's text: {err}");
    assert!(
        !err.contains("Broken pipe") && !err.contains("reset"),
        "{err}"
    );
    requests_made(2, &listener, &heads);
}

/// A store that reads a little of a large body and closes the connection without an
/// answer: the upload breaks, and kg says so instead of a bare "Connection reset".
#[test]
fn a_store_that_drops_a_body_while_it_is_sent_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    big_push_data(dir.path());
    let (url, listener, heads) = store_refusing_mid_body(vec![None]);
    let out = push_big(dir.path(), &url, &["--retries", "0"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("the store closed the connection while a 2")
            && err.contains("try a smaller --chunk-size"),
        "{err}"
    );
    assert!(err.contains("acknowledged 0 triple(s)"), "{err}");
    requests_made(1, &listener, &heads);
}
