//! Prints the coreference clusters of a text file: `cargo run --example coref -- FILE`.

use kg::Document;
use kg::Pipeline;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: coref FILE")?;
    let text = std::fs::read_to_string(&path)?;
    let mut doc = Document::new(path, text);
    Pipeline::embedded()?.analyze(&mut doc);
    let c = &doc.coreference;
    for cluster in c.clusters() {
        let texts: Vec<&str> = cluster
            .mentions
            .iter()
            .map(|&m| c.mentions()[m].text.as_str())
            .collect();
        println!(
            "{:?}\t{}\t{}",
            cluster.kind,
            cluster.canonical,
            texts.join(" | ")
        );
        if std::env::var_os("COREF_DEBUG").is_some() {
            for &m in &cluster.mentions {
                let x = &c.mentions()[m];
                println!("\t{} {:?} {}", x.sentence, x.tokens, x.text);
            }
        }
    }
    for (i, m) in c.mentions().iter().enumerate() {
        if c.cluster_of(i).is_none() {
            println!("unresolved\t{}\tsentence {}", m.text, m.sentence);
        }
    }
    Ok(())
}
