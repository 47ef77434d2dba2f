//! Scores a parser model on a CoNLL-U file (gold tokenisation, the file's own
//! tags) and times it.
//!
//! `cargo run --release --example parser_eval -- models/parser.kgm dev.conllu`
//! prints `uas`, `las`, `las_full`, `tokens_per_second` and `model_bytes` lines.

use kg::eval::attachment::AttachmentScores;
use kg::nlp::{conllu, parser::Parser};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model, data] = args.as_slice() else {
        return Err("usage: parser_eval MODEL.kgm FILE.conllu".into());
    };
    let bytes = std::fs::read(model)?;
    let parser = Parser::from_bytes(&bytes)?;
    let sentences = conllu::read_path(data.as_ref())?;
    let mut inputs: Vec<Vec<kg::document::Token>> = sentences
        .iter()
        .map(|s| {
            s.words
                .iter()
                .map(|w| kg::document::Token {
                    head: None,
                    deprel: String::new(),
                    ..w.clone()
                })
                .collect()
        })
        .collect();
    let start = std::time::Instant::now();
    for tokens in &mut inputs {
        parser.parse(tokens);
    }
    let secs = start.elapsed().as_secs_f64();
    let mut scores = AttachmentScores::default();
    for (s, tokens) in sentences.iter().zip(&inputs) {
        scores.add(&s.words, tokens);
    }
    println!("uas {:.2}", scores.uas());
    println!("las {:.2}", scores.las());
    println!("las_full {:.2}", scores.las_full());
    println!("tokens_per_second {:.0}", scores.words as f64 / secs);
    println!("model_bytes {}", bytes.len());
    Ok(())
}
