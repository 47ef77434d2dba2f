//! Prints the facts kg extracts from the gold trees of a CoNLL-U file.
//!
//! Run: `cargo run --release --example extract_conllu -- FILE.conllu [MAX_SENTENCES]`

use kg::Extractor;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .ok_or("usage: extract_conllu FILE.conllu [MAX_SENTENCES]")?;
    let max: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(usize::MAX);
    let mut sentences = kg::read_conllu(std::path::Path::new(&path))?;
    sentences.truncate(max);
    let doc = kg::Document::from_conllu("doc", &sentences);
    let extractor = Extractor::new();
    let facts = extractor.extract(&doc);
    let mut next = 0;
    for (si, s) in doc.sentences.iter().enumerate() {
        println!("# {}", doc.sentence_text(s));
        while next < facts.len() && facts[next].sentence == si {
            let f = &facts[next];
            let extra: Vec<&str> = f.extra.iter().map(|a| a.text.as_str()).collect();
            println!(
                "  {:.2} [{}] ({}) {} ({}) {:?}{}{}{}",
                f.confidence,
                f.relation.key,
                f.subject.text,
                f.relation.text,
                f.object.as_ref().map_or("", |o| o.text.as_str()),
                extra,
                if f.relation.negated { " NEG" } else { "" },
                f.relation
                    .modality
                    .as_ref()
                    .map_or(String::new(), |m| format!(" MOD={:?}:{}", m.kind, m.marker)),
                f.attribution
                    .as_ref()
                    .map_or(String::new(), |a| format!(" SAID_BY={}", a.text)),
            );
            next += 1;
        }
    }
    Ok(())
}
