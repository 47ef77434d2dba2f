//! kg as a library: triples in, Turtle and DOT out.
//!
//! ```text
//! cargo run --example triples_to_rdf [TRIPLES.tsv] [OUT_DIR]
//! ```
//!
//! Reads a TSV triples file (default `examples/election.tsv`), adds one fact by hand
//! with full provenance, and writes `graph.ttl` and `graph.dot` into `OUT_DIR`
//! (default: the system's temporary directory).

use std::error::Error;
use std::fs::File;
use std::io::BufReader;
use std::path::PathBuf;

use kg::{
    Base, CharSpan, DotOptions, EntityRef, EntityType, Fact, KnowledgeGraph, Provenance,
    ProvenanceMode, RdfFormat, RdfOptions, Relation, TriplesFormat,
};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let input = args.next().map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("examples/election.tsv"),
        PathBuf::from,
    );
    let out_dir = args.next().map_or_else(std::env::temp_dir, PathBuf::from);

    let mut graph = KnowledgeGraph::new();
    let reader = BufReader::new(File::open(&input)?);
    graph.read_triples(reader, &input.display().to_string(), TriplesFormat::Tsv)?;

    // What the extractor will do for each sentence: one fact with its provenance.
    let sentence = "Macron met Merkel in Berlin.";
    graph.add_fact(
        Fact::new(
            EntityRef::new("Emmanuel Macron")?.with_type(EntityType::Person),
            Relation::with_key("meet", "meets")?,
            EntityRef::new("Angela Merkel")?.with_type(EntityType::Person),
        )
        .with_provenance(Provenance {
            document: Some("news-4".into()),
            sentence: Some(0),
            sentence_text: Some(sentence.into()),
            subject_span: CharSpan::new(0, 6),
            relation_span: CharSpan::new(7, 10),
            object_span: CharSpan::new(11, 17),
            confidence: Some(0.9),
            ..Provenance::default()
        }),
    );
    graph.add_alias(&EntityRef::new("Emmanuel Macron")?, "Macron")?;

    let options = RdfOptions::new()
        .with_base(Base::new("http://example.org/kg/")?)
        .with_provenance(ProvenanceMode::Reification);
    let ttl = out_dir.join("graph.ttl");
    kg::write_rdf(&graph, &options, RdfFormat::Turtle, File::create(&ttl)?)?;
    let dot_path = out_dir.join("graph.dot");
    kg::write_dot(&graph, &DotOptions::new(), File::create(&dot_path)?)?;
    println!(
        "{} entities, {} facts -> {} and {}",
        graph.entity_count(),
        graph.fact_count(),
        ttl.display(),
        dot_path.display()
    );
    Ok(())
}
