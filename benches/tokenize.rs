//! Tokenizer throughput on BBC news text (`../shared/data/news-corpus/bbc`).
//!
//! Run with `cargo bench --bench tokenize`. Criterion reports bytes per
//! second; the tokens per second are printed once before the run (the
//! corpus has about 1.1 million tokens). Skips with a notice when the corpus
//! is absent; `KG_SHARED_DATA=/path/to/shared/data` points elsewhere.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::Document;
use kg::Tokenizer;
use std::path::PathBuf;
use std::time::Instant;

/// The first `limit` articles of each category, in a fixed order.
fn load_corpus(limit: usize) -> Option<Vec<String>> {
    // `KG_SHARED_DATA` overrides `../shared/data` (for worktrees placed elsewhere).
    let data = std::env::var_os("KG_SHARED_DATA").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data"),
        PathBuf::from,
    );
    let root = data.join("news-corpus/bbc");
    let mut texts = Vec::new();
    let mut categories: Vec<PathBuf> = std::fs::read_dir(&root)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
        .collect();
    categories.sort();
    for dir in categories {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .ok()?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.sort();
        for f in files.into_iter().take(limit) {
            if let Ok(t) = std::fs::read_to_string(&f) {
                texts.push(t);
            }
        }
    }
    Some(texts)
}

/// Building the tokenizer from its embedded lists (done once per process).
fn bench_load(c: &mut Criterion) {
    c.bench_function("tokenizer_new", |b| b.iter(Tokenizer::new));
}

fn bench_tokenize(c: &mut Criterion) {
    let Some(texts) = load_corpus(usize::MAX) else {
        eprintln!("notice: ../shared/data/news-corpus not found; skipping the tokenizer benchmark");
        return;
    };
    let tokenizer = Tokenizer::new();
    let mut docs: Vec<Document> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Document::new(format!("bbc{i}"), t.clone()))
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();

    // One timed pass for a tokens-per-second figure.
    let start = Instant::now();
    let mut tokens = 0;
    for d in &mut docs {
        tokenizer.tokenize(d);
        tokens += d.tokens.len();
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "tokenize: {} documents, {tokens} tokens, {bytes} bytes in {secs:.3} s = {:.0} tokens/s",
        docs.len(),
        tokens as f64 / secs
    );

    let mut group = c.benchmark_group("tokenize");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(10);
    group.bench_function("bbc", |b| {
        b.iter(|| {
            for d in &mut docs {
                tokenizer.tokenize(d);
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench_load, bench_tokenize);
criterion_main!(benches);
