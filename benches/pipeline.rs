//! End to end, raw text → graph → Turtle, on a sample of the news corpus (the first
//! 40 articles of `../shared/data/news-corpus/bbc`, in sorted order), tokens per second,
//! with one thread and with all cores through `TextGraphBuilder::add_documents`.
//!
//! Run: `cargo bench --bench pipeline`. Needs `../shared/data`; skips (prints a notice)
//! without it. For the whole corpus, memory and scaling use `kg bench` instead.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::{Document, KnowledgeGraph, RdfFormat, RdfOptions, TextGraphBuilder};
use std::path::PathBuf;

/// The first 40 `.txt` files of the corpus, directories and files in sorted order.
fn sample() -> Option<Vec<Document>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news-corpus/bbc");
    let mut files = Vec::new();
    let mut dirs = vec![dir.clone()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut entries: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        entries.sort();
        for p in entries.into_iter().rev() {
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "txt") {
                files.push(p);
            }
        }
    }
    files.sort();
    files.truncate(40);
    let docs: Vec<Document> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(Document::new(p.display().to_string(), text))
        })
        .collect();
    if docs.is_empty() {
        eprintln!("notice: {} not found; skipping", dir.display());
        return None;
    }
    Some(docs)
}

/// Builds the graph of `docs` and writes it as Turtle; returns the Turtle's length.
fn end_to_end(builder: &TextGraphBuilder, docs: &[Document]) -> usize {
    let mut graph = KnowledgeGraph::new();
    builder.add_documents(&mut graph, docs.iter().cloned());
    kg::write_rdf(&graph, &RdfOptions::new(), RdfFormat::Turtle, Vec::new()).map_or(0, |v| v.len())
}

fn pipeline(c: &mut Criterion) {
    let Some(docs) = sample() else { return };
    let builder = TextGraphBuilder::embedded().expect("embedded models");
    let tokens: usize = docs
        .iter()
        .map(|d| {
            let mut doc = d.clone();
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
