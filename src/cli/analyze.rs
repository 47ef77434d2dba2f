//! `kg analyze [INPUT…]`: runs the text-analysis pipeline and prints CoNLL-U,
//! so a user can see exactly what kg read.

use crate::cli::InputError;
use crate::document::Document;
use crate::nlp::pipeline::Pipeline;
use anyhow::Context;
use std::io::Read;
use std::path::PathBuf;

/// Arguments of `kg analyze`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  kg analyze article.txt\n  echo 'Ada Lovelace met Charles Babbage.' | kg analyze\n  kg analyze --pretokenized sentences.txt -o out.conllu"
)]
pub struct Args {
    /// Text files to analyse (UTF-8); `-` or nothing reads standard input.
    inputs: Vec<PathBuf>,
    /// Where to write the CoNLL-U (`-` is standard output).
    #[arg(short, long, default_value = "-")]
    output: PathBuf,
    /// The input is already tokenised: one sentence per line, tokens separated by spaces.
    #[arg(long)]
    pretokenized: bool,
    /// Parse with a beam of this many paths: 1 is greedy parsing; 4 is about 1.3 points
    /// of attachment score more accurate (EWT dev) and about 4 times slower to parse.
    #[arg(long, value_name = "WIDTH", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=16))]
    beam: u8,
}

/// Runs `kg analyze`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs
    };
    // Before any work: the output is not an input and can be created.
    let mut out = crate::io::open_output(&args.output, &inputs)
        .map_err(|e| super::InputError(e.to_string()))?;
    let pipeline = Pipeline::embedded()
        .context("loading the embedded models")?
        .with_parser_beam(usize::from(args.beam));
    for path in &inputs {
        let text = read_text(path)?;
        let mut doc = Document::new(document_id(path), text);
        if args.pretokenized {
            pipeline.analyze_pretokenized(&mut doc);
        } else {
            pipeline.analyze(&mut doc);
        }
        let entity_misc = entity_misc(&doc);
        crate::formats::conllu::write(&mut out, &doc, |ti| entity_misc[ti].clone())
            .with_context(|| format!("writing {}", args.output.display()))?;
    }
    out.commit()
        .with_context(|| format!("writing {}", args.output.display()))?;
    Ok(())
}

/// The MISC attributes that show the document's entities and values, per
/// token: `NER=B-PER`, `NER=I-PER`, … (IOB2, as in Universal NER files), and on
/// a mention's first token its normalised value when it has one
/// (`NERNorm=66.1`, `NERNorm=Russia`), with spaces, pipes and backslashes
/// escaped as `\s`, `\p` and `\\` so that the MISC column stays one field.
/// Where mentions overlap, the first one found keeps the token.
fn entity_misc(doc: &Document) -> Vec<Option<String>> {
    doc.token_entities()
        .into_iter()
        .map(|tag| {
            let tag = tag?;
            let iob = if tag.begins { 'B' } else { 'I' };
            let mut v = format!("NER={iob}-{}", tag.kind.label());
            if let (true, Some(norm)) = (tag.begins, tag.normalized) {
                v.push_str("|NERNorm=");
                v.push_str(&escape_misc_value(norm));
            }
            Some(v)
        })
        .collect()
}

/// Escapes a MISC value: `\` → `\\`, `|` → `\p`, whitespace → `\s`.
fn escape_misc_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\p"),
            c if c.is_whitespace() || c.is_control() => out.push_str("\\s"),
            c => out.push(c),
        }
    }
    out
}

/// A document id from a path: the file name, or `stdin`.
pub fn document_id(path: &std::path::Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_string()
    } else {
        path.display().to_string()
    }
}

/// Reads a whole UTF-8 text file (`-` is standard input). Invalid UTF-8 is an
/// input error naming the file and the byte offset.
pub fn read_text(path: &std::path::Path) -> anyhow::Result<String> {
    let mut bytes = Vec::new();
    crate::io::open_input(path)
        .and_then(|mut r| r.read_to_end(&mut bytes))
        .with_context(|| format!("reading {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        InputError(format!("{}: invalid UTF-8 at byte {at}", path.display())).into()
    })
}
