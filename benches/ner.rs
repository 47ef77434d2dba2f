//! Entity recognizer benchmarks: recognition throughput and model load time.
//!
//! Run with `cargo bench --bench ner`. The text is a paragraph written for
//! kg, split on spaces (no tagger needed), repeated to make a document.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::EntityRecognizer;
use kg::{ByteSpan, Document, Token};
use std::hint::black_box;

const PARAGRAPH: &str = "The German Chancellor Anna Berg met officials of the World Bank in Nairobi , Kenya , on Monday . \
She said the bank would lend $ 4.25 million to farmers , about 12 percent more than in 2016 . \
Paul Morel , the French trade minister , arrived late after a 300 km drive from Mombasa . \
Two-thirds of the money will go to projects along Lake Victoria , officials from the United Nations said .";

fn document(copies: usize) -> Document {
    let mut doc = Document::new("bench", String::new());
    for _ in 0..copies {
        for sentence in PARAGRAPH.split(" . ") {
            let mut tokens = Vec::new();
            for w in sentence.split(' ').chain(std::iter::once(".")) {
                let start = doc.text.len();
                doc.text.push_str(w);
                tokens.push(Token::new(w, ByteSpan::new(start, doc.text.len())));
                doc.text.push(' ');
            }
            doc.push_sentence(tokens);
        }
    }
    doc
}

fn recognize(c: &mut Criterion) {
    let ner = EntityRecognizer::embedded().expect("embedded model");
    let doc = document(50);
    let mut group = c.benchmark_group("ner");
    group.throughput(Throughput::Elements(doc.token_count() as u64));
    group.bench_function("recognize", |b| {
        b.iter(|| {
            let mut d = doc.clone();
            ner.recognize(black_box(&mut d));
            d.sentences.len()
        });
    });
    group.finish();
}

fn load(c: &mut Criterion) {
    c.bench_function("ner/load", |b| {
        b.iter(|| EntityRecognizer::embedded().expect("embedded model"));
    });
}

criterion_group!(benches, recognize, load);
criterion_main!(benches);
