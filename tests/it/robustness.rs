//! Issue 9, pathological inputs: each drives the real `kg build` binary or the
//! library and checks that kg neither panics nor hangs, exits as documented,
//! writes RDF that re-parses, and keeps every offset inside the text.
//! (Invalid UTF-8 is covered by `pipeline::build_refuses_invalid_utf8_with_the_byte_offset`.)

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::common::kg_bin;
use kg::Document;
use kg::KnowledgeGraph;
use kg::RdfOptions;
use kg::TextGraphBuilder;

/// Runs `kg build <text> -o <dir>/g.nt`, asserts exit 0 and returns the parsed triples.
fn build_ntriples(dir: &Path, text: &[u8]) -> Vec<oxrdf::Quad> {
    let input = dir.join("input.txt");
    std::fs::write(&input, text).unwrap();
    let out = dir.join("g.nt");
    // Text without a word is an input error unless allowed (issue 22).
    let output = Command::new(kg_bin())
        .arg("build")
        .arg("--allow-empty")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&out).expect("kg build wrote its output file");
    oxrdfio::RdfParser::from_format(oxrdfio::RdfFormat::NTriples)
        .for_slice(&bytes)
        .collect::<Result<_, _>>()
        .expect("kg's N-Triples re-parse")
}

/// Analyses `text` with the full pipeline and checks that every token and sentence
/// span lies inside the text, on character boundaries, with sentences in order.
fn analyze_in_bounds(text: &str) -> Document {
    let mut doc = Document::new("t", text);
    builder().pipeline().analyze(&mut doc);
    for t in &doc.tokens {
        let r = t.span.range();
        assert!(r.start <= r.end && r.end <= text.len(), "{:?}", t.span);
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        if let Some(h) = t.head_word() {
            assert!(h.get() < doc.tokens.len(), "head {h:?} out of range");
        }
    }
    let mut next = 0usize;
    for s in &doc.sentences {
        let r = s.token_range();
        assert!(r.start == next && r.end <= doc.tokens.len(), "{r:?}");
        next = r.end;
        let sr = s.span.range();
        assert!(sr.end <= text.len() && text.is_char_boundary(sr.start));
        for m in &s.entities {
            assert!(m.tokens.start <= m.tokens.end && m.tokens.end <= s.token_count);
        }
    }
    assert_eq!(next, doc.tokens.len(), "sentences cover every token");
    doc
}

/// Exports `graph` as Turtle and re-parses it.
fn turtle_reparses(graph: &KnowledgeGraph) -> usize {
    let out = kg::write_rdf(
        graph,
        &RdfOptions::new(),
        oxrdfio::RdfFormat::Turtle,
        Vec::new(),
    )
    .expect("Turtle export succeeds");
    let quads: Vec<oxrdf::Quad> = oxrdfio::RdfParser::from_format(oxrdfio::RdfFormat::Turtle)
        .for_slice(&out)
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("Turtle re-parses: {e}\n{}", String::from_utf8_lossy(&out)));
    quads.len()
}

/// About `bytes` bytes of lower-case words and names, single spaces, no
/// punctuation and no newline.
fn unpunctuated(bytes: usize) -> String {
    let words = [
        "the", "cat", "sees", "a", "dog", "John", "runs", "quickly", "over", "green", "fields",
        "Maria", "bought", "house",
    ];
    let mut s = String::with_capacity(bytes + 16);
    let mut i = 0usize;
    while s.len() < bytes {
        if !s.is_empty() {
            s.push(' ');
        }
        // A fixed stride through the list: varied but deterministic.
        s.push_str(words[(i * 7 + i / 3) % words.len()]);
        i += 1;
    }
    s
}

#[test]
fn one_megabyte_without_punctuation_or_newline_builds() {
    let dir = tempfile::tempdir().unwrap();
    let text = unpunctuated(1_000_000);
    let start = Instant::now();
    let quads = build_ntriples(dir.path(), text.as_bytes());
    eprintln!("1 MB unpunctuated: {:?}", start.elapsed());
    assert!(!quads.is_empty(), "a megabyte of clauses yields some facts");
}

#[test]
fn one_hundred_thousand_character_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from("John saw ");
    text.push_str(&"é".repeat(100_000));
    text.push_str(" yesterday.");
    build_ntriples(dir.path(), text.as_bytes());
    let doc = analyze_in_bounds(&text);
    assert!(
        doc.tokens.iter().any(|t| t.span.len() >= 100_000),
        "the long word stays one token (or is at least not lost)"
    );
}

#[test]
fn ten_thousand_nested_brackets() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "John said {}hi{} today.",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    build_ntriples(dir.path(), text.as_bytes());
    analyze_in_bounds(&text);
}

#[test]
fn ten_thousand_nested_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!(
        "Ann wrote {}peace{} again.",
        "\"“«‘".repeat(2_500),
        "’»”\"".repeat(2_500)
    );
    build_ntriples(dir.path(), text.as_bytes());
    analyze_in_bounds(&text);
}

#[test]
fn five_thousand_coordinated_items() {
    let dir = tempfile::tempdir().unwrap();
    let items: Vec<String> = (0..5_000).map(|i| format!("Town{i}")).collect();
    let text = format!(
        "Maria visited {} and {}.",
        items[..items.len() - 1].join(", "),
        items[items.len() - 1]
    );
    let start = Instant::now();
    let quads = build_ntriples(dir.path(), text.as_bytes());
    eprintln!("5 000 coordinated items: {:?}", start.elapsed());
    assert!(!quads.is_empty());
    let doc = analyze_in_bounds(&text);
    assert!(doc.tokens.len() >= 10_000, "{}", doc.tokens.len());
}

#[test]
fn control_characters_nul_bom_crlf_and_lone_cr() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{feff}Maria Lopez founded Verde Energy.\0 She\u{1} left Lisbon.\r\n\
                Bob met\rAnn in Porto.\u{7}\u{1b}[31m Red\u{7f} paint dried.\r\n\r\
                \u{85}Ann\u{2028}likes\u{2029}tea\u{c}\u{b}.\r";
    let quads = build_ntriples(dir.path(), text.as_bytes());
    assert!(!quads.is_empty(), "the normal sentences still yield facts");
    // No control character leaks into an IRI or a literal unescaped: the parse
    // above already proves that; also no raw NUL in any term.
    for q in &quads {
        assert!(!q.to_string().contains('\0'), "{q}");
    }
    analyze_in_bounds(text);
}

#[test]
fn empty_file_builds_an_empty_graph() {
    let dir = tempfile::tempdir().unwrap();
    let quads = build_ntriples(dir.path(), b"");
    assert!(quads.is_empty(), "{quads:?}");
    let doc = analyze_in_bounds("");
    assert!(doc.tokens.is_empty() && doc.sentences.is_empty());
    // Whitespace only is empty too.
    let quads = build_ntriples(dir.path(), b" \n\r\n\t  \n");
    assert!(quads.is_empty(), "{quads:?}");
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(256))]

    /// Arbitrary Unicode through analysis, extraction and Turtle export: no panic,
    /// offsets in bounds, and the Turtle re-parses.
    #[test]
    fn arbitrary_unicode_builds_turtle_that_reparses(text in "\\PC{0,300}|[\\x00-\\x7f]{0,300}|[A-Za-z .,;()\"'\\-]{0,300}") {
        let builder = builder();
        let mut graph = KnowledgeGraph::new();
        builder.add_text(&mut graph, "prop", &text);
        turtle_reparses(&graph);
        analyze_in_bounds(&text);
    }
}

/// One builder for all proptest cases (loading the models per case is slow).
fn builder() -> &'static TextGraphBuilder {
    static B: std::sync::OnceLock<TextGraphBuilder> = std::sync::OnceLock::new();
    B.get_or_init(|| TextGraphBuilder::embedded().expect("embedded models load"))
}
