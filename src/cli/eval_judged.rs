//! `kg eval judged --judged FILE --corpus DIR`: builds the graph of each judged article as
//! `kg build` would (one article, alias pass on) and counts how many of the facts a reader
//! marked wrong (`W`), correct (`C`) and uninformative (`U`) it still asserts as plain
//! triples (format and matching in `eval::judged`). Prints `name value` lines:
//! `w_total`, `w_asserted`, `w_asserted_pct`, `c_total`, `c_asserted`, `c_asserted_pct`,
//! `u_total`, `u_asserted`, then `w_claims` and `c_claims` (held only as claims); with
//! `--show`, the wrong facts still asserted and the correct ones no longer asserted, to
//! standard error.

use crate::build::TextGraphBuilder;
use crate::cli::InputError;
use crate::eval::judged::{self, GraphFact, Label, Status};
use crate::graph::{KnowledgeGraph, ObjectRef};
use anyhow::Context;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Arguments of `kg eval judged`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The judged facts (`news-judged/judged.tsv`).
    #[arg(long)]
    judged: PathBuf,
    /// The corpus the articles' paths are relative to (`news-corpus/bbc`).
    #[arg(long)]
    corpus: PathBuf,
    /// Print the wrong facts still asserted and the correct facts no longer asserted.
    #[arg(long)]
    show: bool,
}

/// The facts of a graph as the judged facts name them; `text` is the article, whose words
/// at each sighting's object span are the object as written.
fn graph_facts(graph: &KnowledgeGraph, text: &str) -> Vec<GraphFact> {
    let chars: Vec<char> = text.chars().collect();
    let written = |span: Option<crate::graph::CharSpan>| {
        let s = span?;
        chars
            .get(s.begin as usize..s.end as usize)
            .map(|c| c.iter().collect::<String>())
    };
    graph
        .facts()
        .map(|f| GraphFact {
            object_written: f
                .provenance
                .iter()
                .filter_map(|p| written(p.object_span))
                .collect(),
            subject: f.subject.name().to_owned(),
            key: f.relation.key().to_owned(),
            object: match f.object {
                ObjectRef::Entity(e) => e.name().to_owned(),
                ObjectRef::Literal(l) => l.lexical().to_owned(),
            },
            asserted: f.is_asserted(),
        })
        .collect()
}

/// Runs `kg eval judged`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.judged)
        .with_context(|| format!("reading {}", args.judged.display()))?;
    let facts =
        judged::parse(&text).map_err(|e| InputError(format!("{}: {e}", args.judged.display())))?;
    if facts.is_empty() {
        return Err(InputError(format!("{}: no judged facts", args.judged.display())).into());
    }
    let builder = TextGraphBuilder::embedded()?;
    let mut by_article: BTreeMap<&str, Vec<&judged::JudgedFact>> = BTreeMap::new();
    for f in &facts {
        by_article.entry(f.article.as_str()).or_default().push(f);
    }
    // (label, status) → count.
    let mut counts: BTreeMap<(Label, &str), usize> = BTreeMap::new();
    for (article, judged_facts) in by_article {
        let path = args.corpus.join(article);
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        let mut graph = KnowledgeGraph::new();
        builder.add_text(&mut graph, &path.display().to_string(), &text);
        let graph = crate::graph::alias::unify(graph).0;
        let found = graph_facts(&graph, &text);
        for j in judged_facts {
            let status = judged::status(j, &found);
            let name = match status {
                Status::Asserted => "asserted",
                Status::Claim => "claims",
                Status::Absent => "absent",
            };
            *counts.entry((j.label, name)).or_default() += 1;
            *counts.entry((j.label, "total")).or_default() += 1;
            let show = match j.label {
                Label::Wrong => status == Status::Asserted,
                Label::Correct => status != Status::Asserted,
                Label::Uninformative => false,
            };
            if args.show && show {
                eprintln!(
                    "{} line {}: {:?} {}\t{} | {} | {}\t{}",
                    args.judged.display(),
                    j.line,
                    j.label,
                    name,
                    j.subject,
                    j.relation,
                    j.object,
                    j.note
                );
            }
        }
    }
    let get = |l: Label, s: &str| counts.get(&(l, s)).copied().unwrap_or(0);
    let pct = |n: usize, d: usize| {
        if d == 0 {
            0.0
        } else {
            100.0 * n as f64 / d as f64
        }
    };
    for (prefix, label) in [
        ("w", Label::Wrong),
        ("c", Label::Correct),
        ("u", Label::Uninformative),
    ] {
        let total = get(label, "total");
        let asserted = get(label, "asserted");
        outln!("{prefix}_total {total}");
        outln!("{prefix}_asserted {asserted}");
        if label != Label::Uninformative {
            outln!("{prefix}_asserted_pct {:.1}", pct(asserted, total));
            outln!("{prefix}_claims {}", get(label, "claims"));
        }
    }
    Ok(())
}
