//! Template ablation at test time: how much dev accuracy each feature template
//! of a trained parser model carries. Feature hashes include the template's
//! index, so leaving a template out changes no other feature and needs no
//! retraining; a template whose removal costs nothing can be dropped.
//!
//! `cargo run --release --example parser_ablate -- models/parser.kgm dev.conllu [MAX_LOSS]`

use kg::eval::attachment::AttachmentScores;
use kg::nlp::parser::{features, projective, system::State, system::Transition, Parser};
use kg::nlp::{conllu, conllu::ConlluSentence};

fn score(parser: &Parser, sentences: &[ConlluSentence], drop: &[bool]) -> AttachmentScores {
    let w = parser.weights();
    let root = parser
        .labels()
        .iter()
        .position(|l| l == "root")
        .unwrap_or(0) as u16;
    let mut scores = AttachmentScores::default();
    let mut feats = Vec::new();
    let mut sc = vec![0.0f32; w.n_classes()];
    for s in sentences {
        let atoms = features::Atoms::new(&s.words);
        let mut state = State::new(s.words.len());
        while !state.is_terminal() {
            features::extract(&state, &atoms, &mut feats);
            let mut i = 0;
            feats.retain(|_| {
                i += 1;
                !drop[i - 1]
            });
            sc.iter_mut().for_each(|x| *x = 0.0);
            w.score_into(&feats, &mut sc);
            let mut best: Option<(usize, f32)> = None;
            for (c, &v) in sc.iter().enumerate() {
                if best.is_some_and(|(_, b)| v <= b) {
                    continue;
                }
                if state.is_valid(Transition::from_class(c), root) {
                    best = Some((c, v));
                }
            }
            let t = best.map_or(Transition::Shift, |(c, _)| Transition::from_class(c));
            state.apply(t, root);
        }
        let mut heads = state.heads();
        let mut labels: Vec<String> = (1..=s.words.len())
            .map(|i| parser.labels()[usize::from(state.label[i])].clone())
            .collect();
        projective::lower(&mut heads, &mut labels);
        let out: Vec<kg::document::Token> = s
            .words
            .iter()
            .zip(heads)
            .zip(labels)
            .map(|((w, h), l)| kg::document::Token {
                head: Some(h),
                deprel: l,
                ..w.clone()
            })
            .collect();
        scores.add(&s.words, &out);
    }
    scores
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parser = Parser::from_bytes(&std::fs::read(&args[0])?)?;
    let dev = conllu::read_path(args[1].as_ref())?;
    let max_loss: f64 = args.get(2).map_or(Ok(0.05), |s| s.parse())?;
    let n = features::N_TEMPLATES;
    let mut drop = vec![false; n];
    if let Ok(list) = std::env::var("DROP") {
        // Timing only: the given templates left out against all of them.
        let mut fewer = vec![false; n];
        for t in list.split(',') {
            fewer[t.trim().parse::<usize>()?] = true;
        }
        for _ in 0..3 {
            for (name, d) in [("all", &drop), ("fewer", &fewer)] {
                let t0 = std::time::Instant::now();
                let s = score(&parser, &dev, d);
                let secs = t0.elapsed().as_secs_f64();
                println!(
                    "{name} uas {:.2} las {:.2} tokens/s {:.0}",
                    s.uas(),
                    s.las(),
                    s.words as f64 / secs
                );
            }
        }
        return Ok(());
    }
    let base = score(&parser, &dev, &drop);
    println!("base uas {:.2} las {:.2}", base.uas(), base.las());
    let mut losses = Vec::new();
    for t in 0..n {
        drop[t] = true;
        let s = score(&parser, &dev, &drop);
        drop[t] = false;
        let loss = base.las() - s.las() + (base.uas() - s.uas()) * 0.5;
        println!(
            "template {t:3} uas {:.2} las {:.2} loss {loss:.3}",
            s.uas(),
            s.las()
        );
        losses.push((loss, t));
    }
    losses.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Greedy: drop templates in order of least loss while the total stays small.
    let mut kept_loss = 0.0;
    for &(_, t) in &losses {
        drop[t] = true;
        let s = score(&parser, &dev, &drop);
        let loss = base.las() - s.las() + (base.uas() - s.uas()) * 0.5;
        if loss > max_loss {
            drop[t] = false;
            continue;
        }
        kept_loss = loss;
        println!(
            "drop {t:3}: uas {:.2} las {:.2} total loss {loss:.3}",
            s.uas(),
            s.las()
        );
    }
    let dropped: Vec<usize> = (0..n).filter(|&t| drop[t]).collect();
    println!(
        "dropped {} templates {:?} loss {kept_loss:.3}",
        dropped.len(),
        dropped
    );
    Ok(())
}
