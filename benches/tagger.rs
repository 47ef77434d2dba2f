//! Throughput of the tagger and the lemmatizer, in words per second.
//!
//! Run with `cargo bench --bench tagger`. The text is the first BBC business
//! articles of `../shared/data/news-corpus/` (benchmarks only), cut into
//! sentences and words by a crude whitespace-and-punctuation splitter, since
//! this bench measures tagging, not tokenisation; without the corpus a fixed
//! paragraph is used instead.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::Lemmatizer;
use kg::Tagger;
use kg::{ByteSpan, Token};
use std::hint::black_box;
use std::path::PathBuf;

const FALLBACK: &str = "Shares in the company rose 5% on Monday after it said profits \
had doubled. Analysts had expected a smaller rise, but the firm's sales in Asia were \
stronger than forecast. The chief executive said he was confident about next year.";

fn text() -> String {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data/news-corpus/bbc/business");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let text: String = files
        .iter()
        .take(100)
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .collect::<Vec<_>>()
        .join("\n");
    if text.is_empty() {
        FALLBACK.repeat(50)
    } else {
        text
    }
}

fn sentences(text: &str) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut current = Vec::new();
    for raw in text.split_whitespace() {
        let core = raw.trim_matches(|c: char| c.is_ascii_punctuation());
        let lead = &raw[..raw.find(core).unwrap_or(0)];
        let trail = &raw[lead.len() + core.len()..];
        for piece in lead
            .chars()
            .map(String::from)
            .chain([core.to_string()])
            .chain(trail.chars().map(String::from))
        {
            if piece.is_empty() {
                continue;
            }
            let end = matches!(piece.as_str(), "." | "?" | "!");
            current.push(Token::new(piece, ByteSpan::default()));
            if end {
                out.push(std::mem::take(&mut current));
            }
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

fn bench(c: &mut Criterion) {
    let tagger = Tagger::embedded().expect("embedded tagger");
    let lemmatizer = Lemmatizer::embedded().expect("embedded lemmatizer");
    let sents = sentences(&text());
    let words: usize = sents.iter().map(Vec::len).sum();
    let mut tagged = sents.clone();
    for s in &mut tagged {
        tagger.tag(s);
    }
    let mut group = c.benchmark_group("tagger");
    group.throughput(Throughput::Elements(words as u64));
    group.sample_size(10);
    group.bench_function("tag", |b| {
        let mut work = sents.clone();
        b.iter(|| {
            for s in &mut work {
                tagger.tag(black_box(s));
            }
        });
    });
    group.bench_function("lemmatize", |b| {
        let mut work = tagged.clone();
        b.iter(|| {
            for s in &mut work {
                lemmatizer.lemmatize(black_box(s));
            }
        });
    });
    group.bench_function("tag_and_lemmatize", |b| {
        let mut work = sents.clone();
        b.iter(|| {
            for s in &mut work {
                tagger.tag(black_box(s));
                lemmatizer.lemmatize(s);
            }
        });
    });
    group.finish();
    let mut load = c.benchmark_group("load");
    load.sample_size(10);
    let bytes = tagger.to_bytes().expect("encode");
    load.bench_function("tagger_from_bytes", |b| {
        b.iter(|| Tagger::from_bytes(black_box(&bytes)).expect("decode"));
    });
    load.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
