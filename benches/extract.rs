//! Extraction speed on gold trees (UD English EWT dev), tokens per second.
//!
//! Run: `cargo bench --bench extract`. Needs `../shared/data`; skips (prints a notice) without it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kg::Extractor;

use std::path::PathBuf;

fn extract(c: &mut Criterion) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let Ok(sentences) = kg::read_conllu(&path) else {
        eprintln!("notice: {} not found; skipping", path.display());
        return;
    };
    let doc = kg::Document::from_conllu("dev", &sentences);
    let extractor = Extractor::new();
    let mut group = c.benchmark_group("extract");
    group.throughput(Throughput::Elements(doc.token_count() as u64));
    group.sample_size(20);
    group.bench_function("ewt-dev-gold-trees", |b| b.iter(|| extractor.extract(&doc)));
    group.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
