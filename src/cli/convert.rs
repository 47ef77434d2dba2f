//! `kg convert`: reads a graph from RDF and writes it in another RDF format or as DOT.

use std::path::PathBuf;

use anyhow::Context;

use super::common::{input_format, OutputArgs};

use super::InputError;

use crate::export::{dot, read, vocab, Format};

use crate::io::{open_input, AtomicOutput};

use oxrdf::Quad;

use oxrdfio::{RdfFormat, RdfSerializer};

/// Arguments of `kg convert`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg convert graph.ttl -o graph.nt
  kg convert graph.ttl -o graph.dot --max-nodes 40
  kg convert graph.nq -o graph.trig --provenance graphs
  kg convert - --input-format ntriples -f turtle < graph.nt

RDF from elsewhere is passed through to another RDF format untouched: every quad as it
is (any vocabulary, blank nodes, datatypes, language tags, named graphs, RDF 1.2 triple
terms), with the input's prefixes. A graph kg wrote (one that declares kg:relationKey) is
read back exactly (entities, aliases, support, provenance) and written again with
--provenance and --base. Other RDF is drawn in DOT as it is: a node per resource, named by
rdfs:label, skos:prefLabel, schema:name or foaf:name (else the end of its IRI), an edge per
triple labelled with the predicate's local name (`a` for rdf:type, to a box for the class),
and each literal as text at the end of its edge; --max-nodes keeps the most connected
resources.")]
pub struct Args {
    /// Input RDF file (`-` for standard input).
    #[arg(value_name = "GRAPH")]
    pub input: PathBuf,

    /// Input format, overriding the extension [default for `-`: turtle].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    #[command(flatten)]
    pub output: OutputArgs,
}

/// Runs `kg convert`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let plan = args.output.plan()?;
    let format = input_format(&args.input, args.input_format)?;
    // Before reading: the output is not the input and can be created.
    let out = plan.open(std::slice::from_ref(&args.input))?;
    let reader = open_input(&args.input)?;
    let mut parser = oxrdfio::RdfParser::from_format(format).for_reader(reader);
    let quads = parser
        .by_ref()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| match e {
            oxrdfio::RdfParseError::Syntax(e) => {
                anyhow::Error::new(InputError(format!("{}: {e}", args.input.display())))
            }
            oxrdfio::RdfParseError::Io(e) => anyhow::Error::new(e),
        })
        .with_context(|| format!("reading {}", args.input.display()))?;
    let prefixes: Vec<(String, String)> = parser
        .prefixes()
        .map(|(p, iri)| (p.to_owned(), iri.to_owned()))
        .collect();
    let written_by_kg = quads.iter().any(|q| q.predicate == vocab::kg::RELATION_KEY);
    match plan.format().rdf() {
        _ if written_by_kg => plan.write_to(&read::from_quads(&quads), out),
        Some(target) => pass_through(&quads, &prefixes, target, out, &args.output.output),
        None => {
            let out = draw(&quads, plan.dot_options().max_nodes, out)
                .with_context(|| format!("writing {}", args.output.output.display()))?;
            out.commit()
                .with_context(|| format!("writing {}", args.output.output.display()))
        }
    }
}

/// Predicates that name a resource, most preferred first.
const NAME_PREDICATES: [&str; 5] = [
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://schema.org/name",
    "http://schema.org/name",
    "http://xmlns.com/foaf/0.1/name",
];

/// The label of a literal in a drawing: strings quoted, language shown.
fn literal_label(l: &oxrdf::Literal) -> String {
    match l.language() {
        Some(lang) => format!("“{}”@{lang}", l.value()),
        None if l.datatype() == oxrdf::vocab::xsd::STRING => format!("“{}”", l.value()),
        None => l.value().to_owned(),
    }
}

/// Draws RDF that kg did not write, generically (see the command's help): every
/// triple of every graph is an edge, except the one that gave a resource its name.
fn draw<W: std::io::Write>(
    quads: &[Quad],
    max_nodes: Option<usize>,
    mut w: W,
) -> std::io::Result<W> {
    use oxrdf::Term;
    use std::collections::HashMap;
    // The name of each resource: the most preferred naming predicate, first seen.
    let mut names: HashMap<Term, (usize, &oxrdf::Literal)> = HashMap::new();
    for q in quads {
        let (Some(rank), Term::Literal(l)) = (
            NAME_PREDICATES
                .iter()
                .position(|p| *p == q.predicate.as_str()),
            &q.object,
        ) else {
            continue;
        };
        let subject = Term::from(q.subject.clone());
        match names.get(&subject) {
            Some((r, _)) if *r <= rank => {}
            _ => {
                names.insert(subject, (rank, l));
            }
        }
    }
    // Resources in order of first appearance, with their degree; edges.
    let mut index: HashMap<Term, usize> = HashMap::new();
    let mut resources: Vec<(Term, usize, bool)> = Vec::new(); // term, degree, is a class
    let mut edges: Vec<(usize, Result<usize, &oxrdf::Literal>, String)> = Vec::new();
    let mut node = |t: &Term, class: bool, resources: &mut Vec<(Term, usize, bool)>| {
        let i = *index.entry(t.clone()).or_insert_with(|| {
            resources.push((t.clone(), 0, false));
            resources.len() - 1
        });
        resources[i].1 += 1;
        resources[i].2 |= class;
        i
    };
    for q in quads {
        let subject = Term::from(q.subject.clone());
        let from = node(&subject, false, &mut resources);
        if let (Some((_, name)), Term::Literal(l)) = (names.get(&subject), &q.object) {
            if *name == l && NAME_PREDICATES.contains(&q.predicate.as_str()) {
                // Shown as the node's label, not as an edge.
                continue;
            }
        }
        let is_type = q.predicate == oxrdf::vocab::rdf::TYPE;
        let to = match &q.object {
            Term::Literal(l) => Err(l),
            o => Ok(node(o, is_type, &mut resources)),
        };
        let label = if is_type {
            "a".to_owned()
        } else {
            read::local_name(q.predicate.as_str())
        };
        edges.push((from, to, label));
    }
    // --max-nodes: the most connected resources (ties: first seen).
    let mut shown = vec![true; resources.len()];
    if let Some(max) = max_nodes {
        let mut order: Vec<usize> = (0..resources.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(resources[i].1));
        for &i in order.iter().skip(max) {
            shown[i] = false;
        }
    }
    crate::export::dot::write_header(&mut w)?;
    for (i, (term, _, class)) in resources.iter().enumerate() {
        if !shown[i] {
            continue;
        }
        let label = match (names.get(term), term) {
            (Some((_, l)), _) => l.value().to_owned(),
            (None, Term::NamedNode(n)) => read::local_name(n.as_str()),
            (None, t) => t.to_string(),
        };
        let shape = if *class {
            "shape=box, fillcolor=\"#ffffb3\""
        } else {
            "shape=ellipse"
        };
        writeln!(w, "  n{i} [label=\"{}\", {shape}];", dot::escape(&label))?;
    }
    for (e, (from, to, label)) in edges.iter().enumerate() {
        if !shown[*from] {
            continue;
        }
        let target = match to {
            Ok(i) if shown[*i] => format!("n{i}"),
            Ok(_) => continue,
            Err(l) => {
                writeln!(
                    w,
                    "  l{e} [label=\"{}\", shape=plaintext, style=\"\"];",
                    dot::escape(&literal_label(l))
                )?;
                format!("l{e}")
            }
        };
        writeln!(
            w,
            "  n{from} -> {target} [label=\"{}\"];",
            dot::escape(label)
        )?;
    }
    writeln!(w, "}}")?;
    Ok(w)
}

/// Writes `quads` as they are in `format`: no term is renamed, dropped or added.
/// A format without named graphs refuses quads that are in one (exit 2) rather
/// than merging the graphs.
fn pass_through(
    quads: &[Quad],
    prefixes: &[(String, String)],
    format: RdfFormat,
    out: AtomicOutput,
    path: &std::path::Path,
) -> anyhow::Result<()> {
    if !format.supports_datasets() {
        if let Some(q) = quads.iter().find(|q| !q.graph_name.is_default_graph()) {
            return Err(InputError(format!(
                "the input has named graphs (such as {}), which {} cannot hold; write N-Quads, TriG or JSON-LD",
                q.graph_name,
                format.name()
            ))
            .into());
        }
    }
    let mut serializer = RdfSerializer::from_format(format);
    for (prefix, iri) in prefixes {
        // A prefix the target cannot declare is only a shorter spelling lost.
        serializer = match serializer.clone().with_prefix(prefix, iri) {
            Ok(s) => s,
            Err(_) => serializer,
        };
    }
    let mut writer = serializer.for_writer(out);
    let written = |e: std::io::Error| -> anyhow::Error {
        if e.kind() == std::io::ErrorKind::InvalidInput {
            // A term the target format cannot express (RDF/XML and some IRIs).
            InputError(format!("{}: {e}", format.name())).into()
        } else {
            anyhow::Error::new(e).context(format!("writing {}", path.display()))
        }
    };
    for q in quads {
        writer.serialize_quad(q).map_err(written)?;
    }
    writer
        .finish()
        .map_err(written)?
        .commit()
        .with_context(|| format!("writing {}", path.display()))
}
