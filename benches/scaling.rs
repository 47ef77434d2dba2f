//! Growth of time with input size (issue 9): one document of about 10 kB, 100 kB
//! and 1 MB (1×, 10×, 100×) through the whole pipeline — analysis, extraction,
//! graph, Turtle export. Linear cost means the per-byte time stays flat.
//!
//! Run: `cargo bench --bench scaling`. The text is real news from
//! `../shared/data/news-corpus/` when present, else `examples/article.txt`
//! repeated (repetition makes facts repeat, which also exercises support counting).

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kg::KnowledgeGraph;
use kg::RdfOptions;
use kg::TextGraphBuilder;

/// At least `bytes` bytes of text, cut at a line end.
fn text_of(bytes: usize) -> String {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    collect(&root.join("../shared/data/news-corpus"), &mut files);
    files.sort();
    let mut pool: Vec<String> = files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .collect();
    if pool.is_empty() {
        eprintln!("notice: news corpus not found; repeating examples/article.txt");
        pool.push(std::fs::read_to_string(root.join("examples/article.txt")).expect("article"));
    }
    let mut out = String::with_capacity(bytes + 4096);
    for doc in pool.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        out.push_str(doc.trim());
        out.push_str("\n\n");
    }
    out
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|x| x == "txt") {
            out.push(p);
        }
    }
}

fn scaling(c: &mut Criterion) {
    let builder = TextGraphBuilder::embedded().expect("embedded models");
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for (label, bytes) in [("1x", 10_000), ("10x", 100_000), ("100x", 1_000_000)] {
        let text = text_of(bytes);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("build+turtle", label), &text, |b, text| {
            b.iter(|| {
                let mut graph = KnowledgeGraph::new();
                builder.add_text(&mut graph, "doc", text);
                kg::write_rdf(
                    &graph,
                    &RdfOptions::new(),
                    oxrdfio::RdfFormat::Turtle,
                    Vec::new(),
                )
                .expect("Turtle")
                .len()
            });
        });
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
