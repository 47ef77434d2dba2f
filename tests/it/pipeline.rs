//! End to end: raw text → analysis → extraction → graph → RDF, on the founding
//! example article and on text written for these tests.

use crate::common::{kg_bin, shared_data};
use kg::TextGraphBuilder;
use kg::{KnowledgeGraph, ObjectRef};

/// Every fact of a graph as `subject | relation key | object`.
fn fact_lines(graph: &KnowledgeGraph) -> Vec<String> {
    graph
        .facts()
        .map(|f| {
            let object = match f.object {
                ObjectRef::Entity(e) => e.name().to_string(),
                ObjectRef::Literal(l) => l.lexical().to_string(),
            };
            format!("{} | {} | {}", f.subject.name(), f.relation.key(), object)
        })
        .collect()
}

/// True when some fact has a subject containing `s`, exactly the relation key `r`
/// and an object containing `o`.
fn has(lines: &[String], s: &str, r: &str, o: &str) -> bool {
    lines.iter().any(|l| {
        let parts: Vec<&str> = l.split(" | ").collect();
        parts.len() == 3 && parts[0].contains(s) && parts[1] == r && parts[2].contains(o)
    })
}

#[test]
fn founding_example_yields_its_key_facts() {
    let Some(data) = shared_data() else { return };
    let path = data.join("../examples/putin-macron.txt");
    let text = std::fs::read_to_string(&path).expect("the founding example is readable");
    let builder = TextGraphBuilder::embedded().expect("embedded models load");
    let mut graph = KnowledgeGraph::new();
    let stats = builder.add_text(&mut graph, "putin-macron", &text);
    assert!(stats.sentences >= 15, "{stats:?}");
    let lines = fact_lines(&graph);
    let expected = [
        ("Macron", "win", "66.1"),
        ("Le Pen", "garner", "33.9"),
        ("Le Pen", "visit", "Moscow"),
        ("Putin", "wish", "Macron"),
        ("Kremlin", "deny", "role"),
        ("Russia", "broker", "peace deals"),
        ("France", "broker", "peace deals"),
        ("Germany", "broker", "peace deals"),
        ("Crimean Peninsula", "separate_from", "Ukraine"),
        ("Putin", "call_on", "Macron"),
    ];
    for (s, r, o) in expected {
        assert!(
            has(&lines, s, r, o),
            "missing {s} – {r} – {o} in:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn build_on_text_writes_rdf_that_reparses() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.txt");
    std::fs::write(
        &input,
        "Maria Lopez founded Verde Energy in 2015. The company opened an office in Lisbon.\n\n\
         Lopez did not attend the meeting.",
    )
    .unwrap();
    let out = dir.path().join("g.nt");
    let status = std::process::Command::new(kg_bin())
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&out).unwrap();
    let quads: Vec<_> = oxrdfio::RdfParser::from_format(oxrdfio::RdfFormat::NTriples)
        .for_slice(&bytes)
        .collect::<Result<_, _>>()
        .expect("kg's N-Triples re-parse");
    assert!(!quads.is_empty());
    let text = String::from_utf8(bytes).unwrap();
    assert!(text.contains("relation/found"), "{text}");
    // A negated fact is a claim with negative polarity, never a bare triple.
    assert!(text.contains("ontology#Negative"), "{text}");
    assert!(
        !text
            .lines()
            .any(|l| l.contains("entity/lopez") && l.contains("relation/attend")),
        "{text}"
    );
    // Same input, same bytes.
    let out2 = dir.path().join("g2.nt");
    let status = std::process::Command::new(kg_bin())
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out2)
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(&out2).unwrap());
}

#[test]
fn build_refuses_invalid_utf8_with_the_byte_offset() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("bad.txt");
    std::fs::write(&input, b"Good text.\xff more").unwrap();
    let out = dir.path().join("g.ttl");
    let output = std::process::Command::new(kg_bin())
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("bad.txt") && err.contains("byte 10"), "{err}");
    assert!(!out.exists());
}

/// Every fact of a graph with whether it is asserted: `subject | key | object | asserted`.
fn fact_lines_with_stance(graph: &KnowledgeGraph) -> Vec<String> {
    graph
        .facts()
        .zip(fact_lines(graph))
        .map(|(f, line)| format!("{line} | {}", f.is_asserted()))
        .collect()
}

#[test]
fn misread_appositions_are_no_identities() {
    // A list without "and" reads as apposition, a coreferent as the thing itself, an
    // appositive company beside a person: none of them is an identity the text states.
    let builder = TextGraphBuilder::embedded().unwrap();
    let mut graph = KnowledgeGraph::new();
    builder.add_text(
        &mut graph,
        "lists",
        "I have done it with Dennis Karlsson, Kanu Berg, everybody. \
         The coach, Karl Lindqvist, praised Maria Santos, the captain. \
         Veltro Group chief executive Anna Berg said profits rose.",
    );
    let lines = fact_lines(&graph);
    assert!(
        has(&lines, "Lindqvist", "praise", "Maria Santos"),
        "{lines:#?}"
    );
    // One subject for "said": the chief executive, not the company.
    assert!(has(&lines, "Anna Berg", "say", "profits"), "{lines:#?}");
    for line in &lines {
        let parts: Vec<&str> = line.split(" | ").collect();
        assert_ne!(parts[0], parts[2], "a thing related to itself: {line}");
        assert!(
            !(parts[1] == "be" && parts[0].contains("Karlsson")),
            "two people are not one: {line}"
        );
        assert!(!line.starts_with("Veltro Group | say"), "{line}");
    }
}

#[test]
fn a_participle_is_passive_only_for_a_verb_that_takes_a_passive() {
    let builder = TextGraphBuilder::embedded().unwrap();
    let mut graph = KnowledgeGraph::new();
    builder.add_text(
        &mut graph,
        "voice",
        "Veltro Group launched a service called Nordlys Radio. \
         The deal, valued at $6bn, was signed last year. \
         A banker arrested for fraud left Oslo. \
         Sales climbed to $6bn in the quarter.",
    );
    let lines = fact_lines_with_stance(&graph);
    let has = |want: &str| lines.iter().any(|l| l.starts_with(want));
    for want in [
        "service | be_called | Nordlys Radio",
        "deal | be_valued_at | ",
        "banker | be_arrested_for | fraud",
        "Sales | climb_to | ",
    ] {
        assert!(has(want), "missing {want:?} in {lines:#?}");
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.contains("| call |") || l.contains("be_climbed")),
        "{lines:#?}"
    );
}

#[test]
fn by_a_measure_is_no_agent() {
    let builder = TextGraphBuilder::embedded().unwrap();
    let mut graph = KnowledgeGraph::new();
    builder.add_text(
        &mut graph,
        "measures",
        "The English print was shortened by an hour. \
         The deadline was extended by two weeks. \
         Prices were raised by 5% last year. \
         The plant was built by Nordlys Energy. \
         Sales were dampened by a wet summer.",
    );
    let lines = fact_lines_with_stance(&graph);
    let has = |want: &str| lines.iter().any(|l| l.starts_with(want));
    for want in [
        "English print | be_shortened_by | hour",
        "deadline | be_extended_by | two weeks",
        "Prices | be_raised_by | ",
        "Nordlys Energy | build | plant",
        "wet summer | dampen | Sales",
    ] {
        assert!(has(want), "missing {want:?} in {lines:#?}");
    }
    assert!(
        !lines
            .iter()
            .any(|l| l.starts_with("hour") || l.starts_with("two weeks")),
        "{lines:#?}"
    );
}

#[test]
fn the_graph_asserts_only_what_the_text_asserts() {
    let builder = TextGraphBuilder::embedded().unwrap();
    let mut graph = KnowledgeGraph::new();
    builder.add_text(
        &mut graph,
        "claims",
        "Karl Lindqvist founded Nordlys Energy in 2015. \
         The talks failed to end the strike. \
         Health officials want to ban smoking. \
         The figures could trigger another rate rise. \
         Nordlys Energy was bought by Veltro Group in 2019. \
         The bridge was built in 1932.",
    );
    let lines = fact_lines_with_stance(&graph);
    let has = |want: &str| lines.iter().any(|l| l == want);
    for want in [
        "Karl Lindqvist | found | Nordlys Energy | true",
        "talks | end | strike | false",
        "Health officials | ban | smoking | false",
        "figures | trigger | rate rise | false",
        // The passive with its agent is the active fact; without one it keeps its voice.
        "Veltro Group | buy | Nordlys Energy | true",
        "bridge | be_built_in | 1932 | true",
    ] {
        assert!(has(want), "missing {want:?} in {lines:#?}");
    }
    assert!(
        !lines.iter().any(|l| l.starts_with("Nordlys Energy | buy")),
        "{lines:#?}"
    );
    // What each claim is, on its sightings.
    let stance = |key: &str| {
        graph
            .facts()
            .find(|f| f.relation.key() == key)
            .map(|f| (f.provenance[0].negated, f.provenance[0].modality))
    };
    assert_eq!(stance("end"), Some((true, None)));
    assert_eq!(stance("ban"), Some((false, Some(kg::ModalityKind::Desire))));
    assert_eq!(
        stance("trigger"),
        Some((false, Some(kg::ModalityKind::Possibility)))
    );

    // DOT: claims dashed with their kind, or left out with --asserted-only.
    let mut dot = Vec::new();
    kg::write_dot(&graph, &kg::DotOptions::new(), &mut dot).unwrap();
    let dot = String::from_utf8(dot).unwrap();
    assert!(
        dot.contains("(wanted)\", penwidth=1.00, style=dashed"),
        "{dot}"
    );
    assert!(
        dot.contains("(not)\", penwidth=1.00, style=dashed"),
        "{dot}"
    );
    let mut only = Vec::new();
    let options = kg::DotOptions::new().with_asserted_only(true);
    kg::write_dot(&graph, &options, &mut only).unwrap();
    let only = String::from_utf8(only).unwrap();
    assert!(
        !only.contains("dashed") && only.contains("founds"),
        "{only}"
    );
}
