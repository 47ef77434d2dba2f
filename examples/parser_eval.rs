//! Scores a parser model on a CoNLL-U file (gold tokenisation, the file's own
//! tags) and times it.
//!
//! `cargo run --release --example parser_eval -- models/parser.kgm dev.conllu`
//! prints `uas`, `las`, `las_full`, `tokens_per_second` and `model_bytes` lines.

use kg::eval::attachment::AttachmentScores;
use kg::nlp::{conllu, parser::Parser};

// The allocator of the `kg` binary, so that the speed measured here is the speed
// the parser has in kg (mimalloc also backs the weight table with huge pages).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // Options: `--drop LIST` leaves feature templates out, `-o OUT` writes the
    // (pruned, template-dropping) model, `--write OUT.conllu` the parsed sentences.
    let mut take = |flag: &str| -> Option<String> {
        let i = args.iter().position(|a| a == flag)?;
        let v = args.get(i + 1).cloned();
        args.drain(i..(i + 2).min(args.len()));
        v
    };
    let drop = take("--drop");
    let out = take("-o");
    let write = take("--write");
    let beam = take("--beam");
    let (model, data, prune) =
        match args.as_slice() {
            [m, d] => (m, d, None),
            [m, d, p] => (m, d, Some(p.parse::<f32>()?)),
            _ => return Err(
                "usage: parser_eval MODEL.kgm FILE.conllu [PRUNE] [--drop T1,T2,…] [-o OUT.kgm] [--write OUT.conllu] [--beam WIDTH[,TEMPERATURE[,MARGIN]]]"
                    .into(),
            ),
        };
    let mut bytes = std::fs::read(model)?;
    let mut parser = Parser::from_bytes(&bytes)?;
    if let Some(p) = prune {
        parser = parser.pruned(p);
        println!("features {}", parser.weights().n_features());
        println!("weights {}", parser.weights().n_weights());
    }
    if let Some(list) = drop {
        let mut mask = 0u128;
        for t in list.split(',') {
            mask |= 1u128 << t.trim().parse::<u32>()?.min(127);
        }
        parser = parser.with_dropped_templates(mask);
    }
    if prune.is_some() || parser.dropped_templates() != 0 {
        bytes = parser.to_bytes()?;
    }
    if let Some(out) = out {
        std::fs::write(out, &bytes)?;
    }
    if let Some(b) = beam {
        let mut parts = b.split(',');
        let mut options = kg::nlp::parser::BeamOptions::new(parts.next().unwrap_or("1").parse()?);
        if let Some(t) = parts.next() {
            options.temperature = t.parse()?;
        }
        if let Some(m) = parts.next() {
            options.margin = m.parse()?;
        }
        parser = parser.with_beam(options);
    }
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
    // CPU time of this thread (Linux), so that a busy machine does not distort the
    // figure; wall-clock time where /proc is unavailable.
    let cpu = || -> Option<f64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
    };
    let rounds = 3;
    let (wall, cpu0) = (std::time::Instant::now(), cpu());
    for _ in 0..rounds {
        for tokens in &mut inputs {
            parser.parse(tokens);
        }
    }
    let secs = match (cpu0, cpu()) {
        (Some(a), Some(b)) => b - a,
        _ => wall.elapsed().as_secs_f64(),
    } / f64::from(rounds);
    if let Some(path) = write {
        let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
        for tokens in &inputs {
            for (i, t) in tokens.iter().enumerate() {
                conllu::write_word(&mut w, i + 1, t, "_")?;
            }
            std::io::Write::write_all(&mut w, b"\n")?;
        }
    }
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
