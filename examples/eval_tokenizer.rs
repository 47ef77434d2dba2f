//! Scores the tokenizer on a CoNLL-U file from its raw text (CoNLL 2018 alignment).
//!
//! `cargo run --release --example eval_tokenizer -- ../shared/data/ud-english-ewt/en_ewt-ud-dev.conllu`
//! prints `tokens_f1`, `sentences_f1` and `words_f1` (percent) and `tokens_per_sec`.
//! Without an argument (as under `cargo test`) it does nothing.

use kg::eval::conll18;
use kg::nlp::tokenize::Tokenizer;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: eval_tokenizer FILE.conllu");
        return Ok(());
    };
    let gold = kg::nlp::conllu::read_path(std::path::Path::new(&path))?;
    let tokenizer = Tokenizer::new();
    let scores = conll18::evaluate_tokenizer(&gold, &tokenizer)?;
    println!("tokens_f1 {:.2}", 100.0 * scores.tokens.f1());
    println!("sentences_f1 {:.2}", 100.0 * scores.sentences.f1());
    println!("words_f1 {:.2}", 100.0 * scores.words.f1());
    let mut docs = conll18::raw_documents(&gold);
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..10 {
        for d in &mut docs {
            tokenizer.tokenize(d);
            n += d.tokens.len();
        }
    }
    println!(
        "tokens_per_sec {:.0}",
        n as f64 / start.elapsed().as_secs_f64()
    );
    Ok(())
}
