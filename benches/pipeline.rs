//! End to end, raw text → graph → Turtle, on a sample of the news corpus (the first
//! 40 articles of `../shared/data/news-corpus/bbc`, in sorted order), tokens per second,
//! with one thread and with all cores through `kg::corpus::par_map_ordered`.
//!
//! Run: `cargo bench --bench pipeline`. Needs `../shared/data`; skips (prints a notice)
//! without it. For the whole corpus, memory and scaling use `kg bench` instead.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::build::TextGraphBuilder;
use kg::corpus::{discover, par_map_ordered, DiscoverOptions, Documents, RawDocument};
use kg::export::{rdf, RdfOptions};
use kg::graph::KnowledgeGraph;
use std::path::PathBuf;

fn sample() -> Option<Vec<RawDocument>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news-corpus/bbc");
    let options = DiscoverOptions::new().with_glob(&["*.txt"]).ok()?;
    let mut sources = discover(std::slice::from_ref(&dir), &options).ok()?;
    sources.truncate(40);
    let docs: Vec<RawDocument> = Documents::new(sources).filter_map(Result::ok).collect();
    if docs.is_empty() {
        eprintln!("notice: {} not found; skipping", dir.display());
        return None;
    }
    Some(docs)
}

/// Builds the graph of `docs` and writes it as Turtle; returns the Turtle's length.
fn end_to_end(builder: &TextGraphBuilder, docs: &[RawDocument]) -> usize {
    let mut graph = KnowledgeGraph::new();
    par_map_ordered(
        docs.iter().cloned(),
        64,
        |raw| builder.analyze_facts(&mut raw.into_document()).facts,
        |facts| {
            for f in facts {
                graph.add_fact(f);
            }
        },
    );
    rdf::write(
        &graph,
        &RdfOptions::new(),
        oxrdfio::RdfFormat::Turtle,
        Vec::new(),
    )
    .map_or(0, |v| v.len())
}

fn pipeline(c: &mut Criterion) {
    let Some(docs) = sample() else { return };
    let builder = TextGraphBuilder::embedded().expect("embedded models");
    let tokens: usize = docs
        .iter()
        .map(|d| {
            let mut doc = d.clone().into_document();
            builder.pipeline().tokenizer().tokenize(&mut doc);
            doc.tokens.len()
        })
        .sum();
    let mut group = c.benchmark_group("pipeline");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(10);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    group.bench_function("news-40-docs-to-turtle/1-thread", |b| {
        b.iter(|| one.install(|| end_to_end(&builder, &docs)));
    });
    group.bench_function("news-40-docs-to-turtle/all-cores", |b| {
        b.iter(|| end_to_end(&builder, &docs));
    });
    group.finish();
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
