//! Export throughput: a synthetic graph of 10 000 facts with full provenance, written
//! as Turtle in each provenance mode, as N-Triples, and as DOT.
//!
//! Run with `cargo bench --bench export`; criterion reports bytes/s of output.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::DotOptions;
use kg::{CharSpan, EntityRef, Fact, KnowledgeGraph, Literal, Provenance, Relation};
use kg::{ProvenanceMode, RdfOptions};
use oxrdfio::RdfFormat;

/// `n` distinct facts over n/5 entities and 50 relations, 10 sentences per document
/// (subject i/5 and relation i mod 50 make every (subject, relation) pair distinct).
fn graph(n: usize) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    let entities = (n / 5).max(2);
    for i in 0..n {
        let subject = EntityRef::new(&format!("Entity {}", (i / 5) % entities)).unwrap();
        let relation = Relation::new(&format!("relation {}", i % 50)).unwrap();
        let record = Provenance {
            document: Some(format!("doc-{}", i / 10)),
            sentence: Some(u32::try_from(i % 10).unwrap()),
            sentence_text: Some(format!("Entity {} did something to entity {}.", i, i + 1)),
            subject_span: CharSpan::new(0, 8),
            relation_span: CharSpan::new(9, 12),
            object_span: CharSpan::new(26, 34),
            confidence: Some(0.5 + (i % 50) as f64 / 100.0),
            ..Provenance::default()
        };
        let fact = if i % 7 == 0 {
            Fact::new(
                subject,
                relation,
                Literal::infer(&format!("{}.5%", i % 100)).unwrap(),
            )
        } else {
            let object = EntityRef::new(&format!("Entity {}", (i * 7 + 3) % entities)).unwrap();
            Fact::new(subject, relation, object)
        };
        g.add_fact(fact.with_provenance(record));
    }
    g
}

fn export(c: &mut Criterion) {
    let g = graph(10_000);
    let mut group = c.benchmark_group("export");
    for mode in [
        ProvenanceMode::None,
        ProvenanceMode::Reification,
        ProvenanceMode::Rdf12,
    ] {
        let opts = RdfOptions::new().with_provenance(mode);
        let size = kg::write_rdf(&g, &opts, RdfFormat::Turtle, Vec::new())
            .unwrap()
            .len();
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function(format!("turtle/{mode}"), |b| {
            b.iter(|| kg::write_rdf(&g, &opts, RdfFormat::Turtle, Vec::new()).unwrap());
        });
    }
    let opts = RdfOptions::new();
    let size = kg::write_rdf(&g, &opts, RdfFormat::NTriples, Vec::new())
        .unwrap()
        .len();
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("ntriples/reification", |b| {
        b.iter(|| kg::write_rdf(&g, &opts, RdfFormat::NTriples, Vec::new()).unwrap());
    });
    let size = kg::write_dot(&g, &DotOptions::new(), Vec::new())
        .unwrap()
        .len();
    group.throughput(Throughput::Bytes(size as u64));
    group.bench_function("dot", |b| {
        b.iter(|| kg::write_dot(&g, &DotOptions::new(), Vec::new()).unwrap());
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
