//! Graphviz DOT export: a picture of the graph.
//!
//! Nodes are entities (labelled with their canonical name, shaped and coloured by
//! type) and values (plain text boxes); each distinct fact is one edge labelled with
//! its relation, its support shown as `×N` and as pen width. A legend cluster shows
//! the types present. [`DotOptions::min_support`] hides rarely seen facts and
//! [`DotOptions::max_nodes`] keeps the most connected nodes (degree counted over
//! the facts that pass the support filter); nodes left without a fact are dropped,
//! and ties are broken by insertion order, so the same graph gives the same bytes.
//!
//! All text goes through [`escape`], written for this exporter: petgraph's `Dot`
//! escapes labels only partly and passes attribute strings through raw.

use std::io::{self, Write};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::graph::{EntityType, KnowledgeGraph, LiteralKind, Node};

/// Settings of the DOT export.
#[derive(Debug, Clone)]
#[must_use]
pub struct DotOptions {
    /// Facts seen fewer times are not drawn.
    pub min_support: usize,
    /// Keep at most this many nodes, the most connected ones.
    pub max_nodes: Option<usize>,
    /// Draw the legend.
    pub legend: bool,
    /// Draw only asserted facts, leaving out claims (reported, negated, modal).
    pub asserted_only: bool,
}

impl Default for DotOptions {
    fn default() -> Self {
        Self {
            min_support: 1,
            max_nodes: None,
            legend: true,
            asserted_only: false,
        }
    }
}

impl DotOptions {
    /// Everything drawn, with a legend.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the minimum support.
    pub fn with_min_support(mut self, n: usize) -> Self {
        self.min_support = n;
        self
    }

    /// Draws only asserted facts (`kg build -f dot --asserted-only`).
    pub fn with_asserted_only(mut self, asserted_only: bool) -> Self {
        self.asserted_only = asserted_only;
        self
    }

    /// Sets the node limit.
    pub fn with_max_nodes(mut self, n: Option<usize>) -> Self {
        self.max_nodes = n;
        self
    }
}

/// Shape and fill colour of an entity type.
#[must_use]
pub fn style(kind: EntityType) -> (&'static str, &'static str) {
    match kind {
        EntityType::Person => ("ellipse", "#8dd3c7"),
        EntityType::Organization => ("box", "#fdb462"),
        EntityType::Place => ("house", "#b3de69"),
        EntityType::Group => ("hexagon", "#bebada"),
        EntityType::Event => ("diamond", "#fb8072"),
        EntityType::Thing => ("ellipse", "#ececec"),
    }
}

/// Escapes `text` for a double-quoted DOT string used as a label, so that Graphviz
/// shows exactly `text`: `"` and `\` are backslash-escaped (a lone backslash would
/// start an escape such as `\N`), `&` becomes `&amp;` (Graphviz reads HTML entities
/// in labels), a newline becomes `\n`, and other control characters, which
/// Graphviz cannot show, become U+FFFD.
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() || matches!(c as u32, 0xFFFE | 0xFFFF) => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

fn value_label(kind: LiteralKind, lexical: &str) -> String {
    match kind {
        LiteralKind::Percent => format!("{lexical} %"),
        LiteralKind::String => format!("“{lexical}”"),
        _ => lexical.to_owned(),
    }
}

/// What the sightings of a claim say it is: "said by A, B", "not", "wanted", in the order
/// first met.
fn claim_label(records: &[crate::graph::Provenance]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut speakers: Vec<&str> = Vec::new();
    for r in records {
        if let Some(a) = &r.attribution {
            if !speakers.contains(&a.speaker.name()) {
                speakers.push(a.speaker.name());
            }
        }
    }
    if !speakers.is_empty() {
        parts.push(format!("said by {}", speakers.join(", ")));
    }
    for r in records {
        let kinds = [
            r.negated.then_some("not"),
            r.modality.map(crate::extract::ModalityKind::name),
        ];
        for k in kinds.into_iter().flatten() {
            if !parts.iter().any(|p| p == k) {
                parts.push(k.to_owned());
            }
        }
    }
    parts.join(", ")
}

/// Opens a kg DOT graph: `digraph kg {` and the graph, node and edge defaults every
/// picture kg draws shares (the caller writes the closing `}`).
pub(crate) fn write_header(w: &mut impl Write) -> io::Result<()> {
    writeln!(w, "digraph kg {{")?;
    writeln!(w, "  graph [rankdir=LR, fontname=\"Helvetica\"];")?;
    writeln!(
        w,
        "  node [fontname=\"Helvetica\", style=filled, fillcolor=\"#ececec\"];"
    )?;
    writeln!(w, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    Ok(())
}

/// Writes `graph` as DOT to `w`.
///
/// ```
/// use kg::{DotOptions, EntityRef, Fact, KnowledgeGraph, Relation};
/// let mut g = KnowledgeGraph::new();
/// g.add_fact(Fact::new(EntityRef::new("Ann")?, Relation::new("knows")?, EntityRef::new("Bob")?));
/// let mut out = Vec::new();
/// kg::write_dot(&g, &DotOptions::new(), &mut out)?;
/// assert!(String::from_utf8(out)?.contains("n0 -> n1 [label=\"knows\""));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
/// On write errors.
pub fn write<W: Write>(graph: &KnowledgeGraph, options: &DotOptions, mut w: W) -> io::Result<W> {
    let pg = graph.petgraph();
    let shown_edge = |e: &petgraph::graph::EdgeReference<'_, crate::graph::FactEdge>| {
        let records = &e.weight().provenance;
        records.len() >= options.min_support
            && (!options.asserted_only || crate::graph::asserts_fact(records))
    };
    let degree = |n: NodeIndex| {
        pg.edges_directed(n, Direction::Outgoing)
            .chain(pg.edges_directed(n, Direction::Incoming))
            .filter(|e| shown_edge(e))
            .count()
    };
    let mut keep = vec![false; pg.node_count()];
    let mut ranked: Vec<(usize, NodeIndex)> = pg
        .node_indices()
        .map(|n| (degree(n), n))
        .filter(|&(d, n)| {
            // Isolated entities are drawn only when nothing is filtered.
            d > 0 || (options.min_support <= 1 && matches!(pg[n], Node::Entity(_)))
        })
        .collect();
    // Most connected first; equal degrees keep insertion order (sort is stable).
    ranked.sort_by_key(|&(d, _)| std::cmp::Reverse(d));
    if let Some(max) = options.max_nodes {
        ranked.truncate(max);
    }
    for &(_, n) in &ranked {
        keep[n.index()] = true;
    }

    write_header(&mut w)?;
    let mut kinds_used = Vec::new();
    for n in pg.node_indices().filter(|n| keep[n.index()]) {
        match &pg[n] {
            Node::Entity(e) => {
                let (shape, colour) = style(e.kind());
                if !kinds_used.contains(&e.kind()) {
                    kinds_used.push(e.kind());
                }
                writeln!(
                    w,
                    "  n{} [label=\"{}\", shape={shape}, fillcolor=\"{colour}\"];",
                    n.index(),
                    escape(e.name())
                )?;
            }
            Node::Value(l) => writeln!(
                w,
                "  n{} [label=\"{}\", shape=plaintext, style=\"\"];",
                n.index(),
                escape(&value_label(l.kind(), l.lexical()))
            )?,
        }
    }
    for e in pg.edge_references() {
        let (s, o) = (e.source(), e.target());
        if !shown_edge(&e) || !keep[s.index()] || !keep[o.index()] {
            continue;
        }
        let Some(relation) = graph.relations().get(e.weight().relation.0 as usize) else {
            continue;
        };
        let records = &e.weight().provenance;
        let support = records.len();
        let mut label = if support > 1 {
            format!("{} (×{support})", relation.label())
        } else {
            relation.label().to_owned()
        };
        // A claim that no sighting asserts: a dashed edge labelled with what it is ("said
        // by A", "not", "wanted" …).
        let mut style = String::new();
        if !crate::graph::asserts_fact(records) {
            label.push_str(&format!(" ({})", claim_label(records)));
            style.push_str(", style=dashed");
        }
        // Pen width grows with the logarithm of support, so one very frequent fact
        // does not swamp the picture.
        let width = 1.0 + (support as f64).log2();
        writeln!(
            w,
            "  n{} -> n{} [label=\"{}\", penwidth={width:.2}{style}];",
            s.index(),
            o.index(),
            escape(&label)
        )?;
    }
    if options.legend && !kinds_used.is_empty() {
        kinds_used.sort();
        writeln!(w, "  subgraph cluster_legend {{")?;
        writeln!(w, "    label=\"Legend\"; fontsize=10; color=\"#999999\";")?;
        for kind in kinds_used {
            let (shape, colour) = style(kind);
            let name = match kind {
                EntityType::Thing => "other",
                k => k.class_name(),
            };
            writeln!(
                w,
                "    legend_{name} [label=\"{name}\", shape={shape}, fillcolor=\"{colour}\", fontsize=10];"
            )?;
        }
        writeln!(w, "  }}")?;
    }
    writeln!(w, "}}")?;
    Ok(w)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EntityRef, Fact, Relation};

    fn graph() -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let r = Relation::new("r").unwrap();
        let e = |s: &str| EntityRef::new(s).unwrap();
        g.add_fact(Fact::new(e("hub"), r.clone(), e("a")));
        g.add_fact(Fact::new(e("hub"), r.clone(), e("b")));
        g.add_fact(Fact::new(e("hub"), r.clone(), e("b")));
        g.add_fact(Fact::new(e("c"), r, e("d")));
        g
    }

    #[test]
    fn reported_facts_are_dashed_and_name_their_speaker() {
        use crate::graph::{Attribution, Provenance};
        let mut g = KnowledgeGraph::new();
        let e = |s: &str| EntityRef::new(s).unwrap();
        let said = Provenance {
            attribution: Some(Attribution::new(e("Ann"), "say")),
            ..Provenance::default()
        };
        let r = Relation::new("wins").unwrap();
        g.add_fact(Fact::new(e("Bob"), r.clone(), e("race")).with_provenance(said.clone()));
        g.add_fact(Fact::new(e("Cy"), r.clone(), e("cup")).with_provenance(said));
        g.add_fact(Fact::new(e("Cy"), r, e("cup")));
        let out = dot(&g, &DotOptions::new());
        assert!(
            out.contains("[label=\"wins (said by Ann)\", penwidth=1.00, style=dashed];"),
            "{out}"
        );
        // Also asserted once: a plain edge.
        assert!(
            out.contains("[label=\"wins (×2)\", penwidth=2.00];"),
            "{out}"
        );
    }

    fn dot(g: &KnowledgeGraph, o: &DotOptions) -> String {
        String::from_utf8(write(g, o, Vec::new()).unwrap()).unwrap()
    }

    #[test]
    fn support_shows_in_label_and_width() {
        let out = dot(&graph(), &DotOptions::new());
        assert!(
            out.contains("n0 -> n2 [label=\"r (×2)\", penwidth=2.00];"),
            "{out}"
        );
        assert!(out.contains("n0 -> n1 [label=\"r\", penwidth=1.00];"));
    }

    #[test]
    fn filters_keep_the_most_connected() {
        let g = graph();
        let out = dot(&g, &DotOptions::new().with_min_support(2));
        assert_eq!(out.matches("->").count(), 1);
        assert!(!out.contains("\"c\""));
        let out = dot(&g, &DotOptions::new().with_max_nodes(Some(2)));
        assert!(out.contains("\"hub\"") && out.contains("\"a\""), "{out}");
        assert!(!out.contains("\"d\""));
    }

    #[test]
    fn escaping_is_total() {
        assert_eq!(escape("\u{0}\t"), "\u{FFFD}\u{FFFD}");
        assert_eq!(escape("{|<>}"), "{|<>}");
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `export::dot::escape`.
    #[test]
    fn doc_dot_escape() -> Result<(), Box<dyn std::error::Error>> {
        use crate::export::dot::escape;
        assert_eq!(escape("a \"b\" \\N & c\nd"), r#"a \"b\" \\N &amp; c\nd"#);
        Ok(())
    }
}
