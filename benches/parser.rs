//! Parser throughput (tokens per second) on EWT dev with its own tags, and
//! model load time.
//!
//! Run with `cargo bench --bench parser`; needs `../shared/data` (skips otherwise).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::Parser;
use kg::Token;
use std::path::PathBuf;

fn dev_sentences() -> Option<Vec<Vec<Token>>> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let sentences = kg::read_conllu(&path).ok()?;
    Some(
        sentences
            .into_iter()
            .map(|s| {
                s.words
                    .into_iter()
                    .map(|w| Token {
                        head: None,
                        deprel: String::new(),
                        ..w
                    })
                    .collect()
            })
            .collect(),
    )
}

fn parse(c: &mut Criterion) {
    let parser = Parser::embedded().expect("embedded parser loads");
    let Some(mut sentences) = dev_sentences() else {
        eprintln!("notice: ../shared/data missing; skipping the parser benchmark");
        return;
    };
    // The first 400 dev sentences (about 6 000 tokens) keep one iteration short.
    sentences.truncate(400);
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let mut group = c.benchmark_group("parser");
    group.throughput(Throughput::Elements(tokens as u64));
    group.sample_size(20);
    group.bench_function("parse_ewt_dev_400", |b| {
        b.iter(|| {
            for s in &mut sentences {
                parser.parse(s);
            }
        });
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    let mut group = c.benchmark_group("parser_load");
    group.sample_size(10);
    group.bench_function("embedded", |b| {
        b.iter(|| Parser::embedded().expect("loads"))
    });
    group.finish();
}

criterion_group!(benches, parse, load);
criterion_main!(benches);
