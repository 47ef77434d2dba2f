//! CaRB figures per construction, for parsed CaRB sentences (CoNLL-U, one sentence per block).
//!
//! Run: `cargo run --release --example carb_constructions -- PARSED.conllu GOLD.tsv`
//! Each construction's facts are scored alone (precision of those facts, recall they reach).

use kg::eval::carb::{score, Gold, Predictions, Scored, Tuple};
use kg::extract::{Construction, Extractor};
use kg::nlp::conllu;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(parsed), Some(gold)) = (args.get(1), args.get(2)) else {
        return Err("usage: carb_constructions PARSED.conllu GOLD.tsv".into());
    };
    let sentences = conllu::read_path(std::path::Path::new(parsed))?;
    let doc = conllu::to_document("carb", &sentences);
    let gold = Gold::read_path(std::path::Path::new(gold))?;
    let facts = Extractor::new()
        .with_split_coordination(false)
        .with_apposition_names(false)
        .extract(&doc);
    let all = [
        None,
        Some(Construction::Verb),
        Some(Construction::Copula),
        Some(Construction::Apposition),
        Some(Construction::Title),
        Some(Construction::Possessive),
        Some(Construction::Nominal),
    ];
    for c in all {
        let pairs: Vec<(String, Scored)> = facts
            .iter()
            .filter(|f| c.is_none_or(|c| f.construction == c))
            .filter_map(|f| {
                let s = doc
                    .sentence_text(doc.sentences.get(f.sentence)?)
                    .trim()
                    .to_string();
                let line = f.carb_line(&doc, &s)?;
                let fields: Vec<&str> = line.split('\t').collect();
                let tuple = Tuple {
                    relation: fields.get(2)?.to_string(),
                    args: fields[3..].iter().map(|a| a.to_string()).collect(),
                };
                Some((
                    s,
                    Scored {
                        tuple,
                        confidence: f64::from(f.confidence),
                    },
                ))
            })
            .collect();
        let n = pairs.len();
        let s = score(&gold, &Predictions::from_pairs(pairs));
        println!(
            "{:<12} facts {:>5}  auc {:.3}  f1 {:.3}  precision {:.3}  recall {:.3}",
            c.map_or("all".to_string(), |c| format!("{c:?}").to_lowercase()),
            n,
            s.auc,
            s.f1,
            s.precision,
            s.recall
        );
    }
    Ok(())
}
