//! Prints the tokens of a text, one sentence per line (debugging aid).
fn main() {
    let text = std::env::args().nth(1).unwrap_or_default();
    let mut doc = kg::Document::new("x", text);
    let mw = kg::Tokenizer::new().tokenize_with_multiwords(&mut doc);
    for s in &doc.sentences {
        let f: Vec<&str> = doc
            .sentence_tokens(s)
            .iter()
            .map(|t| t.form.as_str())
            .collect();
        println!("{}", f.join(" | "));
    }
    println!("mwt {mw:?}");
}
