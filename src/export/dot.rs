//! Graphviz DOT export: a picture of the graph.
//!
//! Nodes are entities, labelled with their canonical name and shaped and coloured by
//! type; each distinct fact between two entities is one edge labelled with its
//! relation, its support shown as `×N` and as pen width. Facts whose object is a value
//! (a date, an amount, a percentage, a quoted text) are not drawn as nodes: they are
//! listed in their subject's tooltip, and the first asserted ones also as short extra
//! lines of its label (`found: 2015`). A legend cluster shows the types present.
//!
//! Labels are wrapped on word boundaries into lines of about [`WRAP`] characters and
//! cut with "…" after [`MAX_LABEL`]; a node's tooltip holds its full name, an edge
//! whose label was cut has the full label as its tooltip.
//!
//! What is drawn, in this order:
//! 1. [`DotOptions::min_support`] and [`DotOptions::asserted_only`] hide facts;
//! 2. [`DotOptions::max_nodes`] keeps the typed entities first (any type but
//!    [`EntityType::Thing`]), then the ones with the most asserted facts that passed
//!    step 1, ties broken by entity key (see there);
//! 3. [`DotOptions::min_degree`] drops nodes with too few drawn edges (see there).
//!
//! Nodes and edges are written in the graph's insertion order, so the same graph gives
//! the same bytes.
//!
//! All text goes through [`escape`], written for this exporter: petgraph's `Dot`
//! escapes labels only partly and passes attribute strings through raw.

use std::io::{self, Write};

use petgraph::graph::{EdgeReference, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::graph::{asserts_fact, EntityType, FactEdge, KnowledgeGraph, LiteralKind, Node};

/// Labels are wrapped into lines of at most this many characters (a longer word
/// of up to [`LONG_WORD`] characters keeps a line of its own).
pub const WRAP: usize = 18;

/// Labels longer than this many characters are cut, ending in "…".
pub const MAX_LABEL: usize = 60;

/// Words longer than this are broken into pieces of [`WRAP`] characters.
const LONG_WORD: usize = 24;

/// A value line in a node's label is cut after this many characters.
const VALUE_LINE: usize = 28;

/// At most this many values are shown in a node's label (all are in its tooltip).
const VALUES_IN_LABEL: usize = 2;

/// Settings of the DOT export.
#[derive(Debug, Clone)]
#[must_use]
pub struct DotOptions {
    /// Facts seen fewer times are not drawn.
    pub min_support: usize,
    /// Draw at most this many nodes. Entities are ranked: typed ones first (any type
    /// but [`EntityType::Thing`]), then those with the most asserted facts (that pass
    /// `min_support`), ties broken by key; they are taken in that order for as long
    /// as the nodes drawn stay within the limit (unless `min_degree` is 0, an entity
    /// taken before its neighbours is drawn only once one of them is taken, or when it
    /// has values to show, so it does not use up the limit alone).
    pub max_nodes: Option<usize>,
    /// Draw the legend.
    pub legend: bool,
    /// Draw only asserted facts, leaving out claims (reported, negated, modal).
    pub asserted_only: bool,
    /// Draw only nodes with at least this many drawn edges, counted once after the
    /// other filters (`min_support`, `asserted_only`, `max_nodes`).
    ///
    /// - 0: every entity, even one without a drawn fact;
    /// - 1 (the default): every entity with something to show: a drawn edge or a
    ///   value in its tooltip; an entity without any fact is drawn when no fact is
    ///   filtered out (`min_support` 1, not `asserted_only`);
    /// - N ≥ 2: entities with at least N edges to other drawn entities (values do
    ///   not count). The count is made once, not repeated: a node that loses all its
    ///   edges this way is dropped too, and so is every connected piece of exactly
    ///   two nodes, however many edges join them.
    pub min_degree: usize,
}

impl Default for DotOptions {
    fn default() -> Self {
        Self {
            min_support: 1,
            max_nodes: None,
            legend: true,
            asserted_only: false,
            min_degree: 1,
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

    /// Sets the minimum number of drawn edges of a node ([`DotOptions::min_degree`];
    /// `kg build -f dot --min-degree N`).
    pub fn with_min_degree(mut self, n: usize) -> Self {
        self.min_degree = n;
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
        EntityType::Work => ("note", "#80b1d3"),
        EntityType::Product => ("component", "#fccde5"),
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

/// `text` cut to at most `max` characters, ending in "…", at a word boundary when one
/// is in the last third; `None` when it is short enough already.
fn shorten(text: &str, max: usize) -> Option<String> {
    // Short enough: nothing past the `max`th character.
    text.chars().nth(max)?;
    let keep = max.saturating_sub(1);
    let head: String = text.chars().take(keep).collect();
    let next_is_space = text.chars().nth(keep).is_some_and(char::is_whitespace);
    let cut = match head.rfind(char::is_whitespace) {
        _ if next_is_space => head.as_str(),
        Some(i) if head[..i].chars().count() >= keep * 2 / 3 => &head[..i],
        _ => head.as_str(),
    };
    Some(format!("{}…", cut.trim_end()))
}

/// `text` in lines of at most `width` characters, broken at whitespace; a word longer
/// than [`LONG_WORD`] is broken into pieces of `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut len = 0;
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        let chars: Vec<char> = word.chars().collect();
        let pieces: Vec<&[char]> = if chars.len() > LONG_WORD {
            chars.chunks(width.max(1)).collect()
        } else {
            vec![&chars[..]]
        };
        for piece in pieces {
            if len > 0 && len + 1 + piece.len() > width {
                lines.push(std::mem::take(&mut line));
                len = 0;
            }
            if len > 0 {
                line.push(' ');
                len += 1;
            }
            line.extend(piece);
            len += piece.len();
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A label for a double-quoted DOT string: `text` cut after [`MAX_LABEL`] characters,
/// wrapped into lines of [`WRAP`] joined by DOT's `\n`, each line escaped. The flag
/// tells whether the text was cut.
fn wrapped_label(text: &str) -> (String, bool) {
    let cut = shorten(text, MAX_LABEL);
    let lines = wrap(cut.as_deref().unwrap_or(text), WRAP);
    let escaped: Vec<String> = lines.iter().map(|l| escape(l)).collect();
    (escaped.join("\\n"), cut.is_some())
}

/// `text` on one line: whitespace runs (newlines, tabs) become one space.
fn one_line(text: &str) -> String {
    text.split(char::is_whitespace)
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
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
    let keep = chosen_nodes(graph, options);
    let is_entity = |n: NodeIndex| matches!(pg[n], Node::Entity(_));
    let relation_label = |e: &EdgeReference<'_, FactEdge>| {
        graph
            .relations()
            .get(e.weight().relation.0 as usize)
            .map(crate::graph::Relation::label)
    };
    // Facts with a value as object, by subject, in insertion order.
    let mut values: Vec<Vec<EdgeReference<'_, FactEdge>>> = vec![Vec::new(); pg.node_count()];
    for e in pg.edge_references() {
        if shown_edge(options, e.weight()) && keep[e.source().index()] && !is_entity(e.target()) {
            values[e.source().index()].push(e);
        }
    }

    write_header(&mut w)?;
    let mut kinds_used = Vec::new();
    for n in pg.node_indices().filter(|n| keep[n.index()]) {
        let Node::Entity(entity) = &pg[n] else {
            continue;
        };
        let (shape, colour) = style(entity.kind());
        if !kinds_used.contains(&entity.kind()) {
            kinds_used.push(entity.kind());
        }
        let (mut label, _) = wrapped_label(entity.name());
        let mut tooltip = entity.name().to_owned();
        let mut in_label = 0;
        let facts = &values[n.index()];
        for e in facts {
            let (Some(relation), Node::Value(l)) = (relation_label(e), &pg[e.target()]) else {
                continue;
            };
            let value = one_line(&value_label(l.kind(), l.lexical()));
            let line = format!("{relation}: {value}");
            let records = &e.weight().provenance;
            tooltip.push('\n');
            tooltip.push_str(&line);
            if records.len() > 1 {
                tooltip.push_str(&format!(" (×{})", records.len()));
            }
            if asserts_fact(records) {
                if in_label < VALUES_IN_LABEL {
                    in_label += 1;
                    let short = shorten(&line, VALUE_LINE).unwrap_or(line);
                    label.push_str("\\n");
                    label.push_str(&escape(&short));
                }
            } else {
                tooltip.push_str(&format!(" ({})", claim_label(records)));
            }
        }
        // Values left out of the label, a hint to the tooltip.
        match (facts.len() - in_label, in_label) {
            (0, _) => {}
            (1, 0) => label.push_str("\\n(1 claim)"),
            (n, 0) => label.push_str(&format!("\\n({n} claims)")),
            (n, _) => label.push_str(&format!("\\n(+{n} more)")),
        }
        writeln!(
            w,
            "  n{} [label=\"{label}\", tooltip=\"{}\", shape={shape}, fillcolor=\"{colour}\"];",
            n.index(),
            escape(&tooltip)
        )?;
    }
    for e in pg.edge_references() {
        let (s, o) = (e.source(), e.target());
        if !shown_edge(options, e.weight()) || !keep[s.index()] || !keep[o.index()] || !is_entity(o)
        {
            continue;
        }
        let Some(relation) = relation_label(&e) else {
            continue;
        };
        let records = &e.weight().provenance;
        let support = records.len();
        let mut text = if support > 1 {
            format!("{relation} (×{support})")
        } else {
            relation.to_owned()
        };
        // A claim that no sighting asserts: a dashed edge labelled with what it is ("said
        // by A", "not", "wanted" …).
        let mut attributes = String::new();
        if !asserts_fact(records) {
            text.push_str(&format!(" ({})", claim_label(records)));
            attributes.push_str(", style=dashed");
        }
        let (label, cut) = wrapped_label(&text);
        if cut {
            attributes.push_str(&format!(", tooltip=\"{}\"", escape(&one_line(&text))));
        }
        // Pen width grows with the logarithm of support, so one very frequent fact
        // does not swamp the picture.
        let width = 1.0 + (support as f64).log2();
        writeln!(
            w,
            "  n{} -> n{} [label=\"{label}\", penwidth={width:.2}{attributes}];",
            s.index(),
            o.index(),
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

/// Whether a fact passes `min_support` and `asserted_only`.
fn shown_edge(options: &DotOptions, edge: &FactEdge) -> bool {
    edge.provenance.len() >= options.min_support
        && (!options.asserted_only || asserts_fact(&edge.provenance))
}

/// The entity nodes to draw, by node index (see the module docs for the order of the
/// filters).
fn chosen_nodes(graph: &KnowledgeGraph, options: &DotOptions) -> Vec<bool> {
    let pg = graph.petgraph();
    let count = pg.node_count();
    let is_entity = |n: NodeIndex| matches!(pg[n], Node::Entity(_));
    // Per node: neighbours over shown facts between entities (a self-loop once), shown
    // values, shown asserted facts, whether it has any fact.
    let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut values = vec![0usize; count];
    let mut asserted = vec![0usize; count];
    let mut has_fact = vec![false; count];
    for e in pg.edge_references() {
        let (s, o) = (e.source().index(), e.target().index());
        has_fact[s] = true;
        has_fact[o] = true;
        if !shown_edge(options, e.weight()) {
            continue;
        }
        let ends: &[usize] = if s == o { &[s] } else { &[s, o] };
        if asserts_fact(&e.weight().provenance) {
            for &i in ends {
                asserted[i] += 1;
            }
        }
        if is_entity(e.target()) {
            neighbours[s].push(o);
            if o != s {
                neighbours[o].push(s);
            }
        } else {
            values[s] += 1;
        }
    }
    // An entity without any fact is drawn when nothing is filtered out.
    let unfiltered = options.min_support <= 1 && !options.asserted_only;
    let shows_alone = |i: usize| values[i] > 0 || (unfiltered && !has_fact[i]);
    let mut candidates: Vec<NodeIndex> = pg
        .node_indices()
        .filter(|&n| is_entity(n))
        .filter(|&n| {
            let i = n.index();
            options.min_degree == 0 || !neighbours[i].is_empty() || shows_alone(i)
        })
        .collect();
    if options.max_nodes.is_some() {
        // Typed entities first, then the most asserted facts, then the key.
        candidates.sort_by_cached_key(|&n| match &pg[n] {
            Node::Entity(e) => (
                e.kind() == EntityType::Thing,
                std::cmp::Reverse(asserted[n.index()]),
                e.key().to_owned(),
            ),
            Node::Value(_) => (true, std::cmp::Reverse(0), String::new()),
        });
    }
    let limit = options.max_nodes.unwrap_or(usize::MAX);
    let mut keep = vec![false; count];
    if options.min_degree == 0 {
        for n in candidates.into_iter().take(limit) {
            keep[n.index()] = true;
        }
        return keep;
    }
    // Candidates are taken in rank order for as long as the nodes they let draw (those
    // with an edge to a node taken before, or something to show alone) stay within the
    // limit: a typed entity without an edge to the others does not use up the budget.
    let mut taken = vec![false; count];
    let mut degree = vec![0usize; count];
    let mut woken = vec![usize::MAX; count];
    let mut drawn = 0usize;
    for n in candidates {
        let v = n.index();
        let mut new = 0;
        let mut v_degree = 0;
        for &u in &neighbours[v] {
            if u == v {
                v_degree += 1;
            } else if taken[u] {
                v_degree += 1;
                if degree[u] == 0 && !shows_alone(u) && woken[u] != v {
                    woken[u] = v;
                    new += 1;
                }
            }
        }
        new += usize::from(v_degree > 0 || shows_alone(v));
        if drawn + new > limit {
            break;
        }
        drawn += new;
        for &u in &neighbours[v] {
            if u != v && taken[u] {
                degree[u] += 1;
            }
        }
        degree[v] += v_degree;
        taken[v] = true;
    }
    for i in 0..count {
        keep[i] = taken[i] && (degree[i] > 0 || shows_alone(i));
    }
    if options.min_degree == 1 {
        return keep;
    }
    // N ≥ 2: edges drawn between kept entities, counted once.
    let drawn_degree = |keep: &[bool]| {
        let mut degree = vec![0usize; count];
        for (i, ns) in neighbours.iter().enumerate().filter(|(i, _)| keep[*i]) {
            degree[i] = ns.iter().filter(|&&u| keep[u]).count();
        }
        degree
    };
    let degree = drawn_degree(&keep);
    for i in 0..count {
        keep[i] &= degree[i] >= options.min_degree;
    }
    // Nodes left without an edge, and pieces of exactly two nodes.
    let degree = drawn_degree(&keep);
    for i in 0..count {
        keep[i] &= degree[i] > 0;
    }
    let mut parent: Vec<usize> = (0..count).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    for (i, ns) in neighbours.iter().enumerate().filter(|(i, _)| keep[*i]) {
        for &u in ns.iter().filter(|&&u| keep[u]) {
            let (a, b) = (root(&mut parent, i), root(&mut parent, u));
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut size = vec![0usize; count];
    for i in (0..count).filter(|&i| keep[i]) {
        size[root(&mut parent, i)] += 1;
    }
    for i in 0..count {
        if keep[i] && size[root(&mut parent, i)] == 2 {
            keep[i] = false;
        }
    }
    keep
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

    fn person(name: &str) -> EntityRef {
        EntityRef::new(name).unwrap().with_type(EntityType::Person)
    }

    fn org(name: &str) -> EntityRef {
        EntityRef::new(name)
            .unwrap()
            .with_type(EntityType::Organization)
    }

    fn thing(name: &str) -> EntityRef {
        EntityRef::new(name).unwrap()
    }

    fn rel(label: &str) -> Relation {
        Relation::new(label).unwrap()
    }

    /// The label and tooltip of the node line naming `tooltip_start`.
    fn node_line<'a>(out: &'a str, tooltip_start: &str) -> Option<&'a str> {
        let needle = format!("tooltip=\"{tooltip_start}");
        out.lines()
            .find(|l| !l.contains("->") && l.contains(&needle))
    }

    /// Every line: quotes balanced once escapes are skipped, no raw control character.
    fn assert_well_quoted(out: &str) {
        for line in out.lines() {
            let mut in_quotes = false;
            let mut chars = line.chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' if in_quotes => {
                        chars.next();
                    }
                    '"' => in_quotes = !in_quotes,
                    c => assert!(!c.is_control(), "raw control character: {line:?}"),
                }
            }
            assert!(!in_quotes, "unbalanced quotes: {line:?}");
        }
    }

    #[test]
    fn wrap_breaks_at_words_and_long_words_in_pieces() {
        assert_eq!(
            wrap("Karl Lindqvist and Maria Santos", WRAP),
            ["Karl Lindqvist and", "Maria Santos"]
        );
        assert_eq!(wrap("Veltro", WRAP), ["Veltro"]);
        assert_eq!(wrap("", WRAP), [""]);
        // A word up to LONG_WORD characters keeps a line of its own …
        assert_eq!(
            wrap("the Nordlysenergiselskapet board", WRAP),
            ["the", "Nordlysenergiselskapet", "board"]
        );
        // … a longer one is broken into pieces.
        let long = "x".repeat(40);
        assert_eq!(
            wrap(&long, WRAP),
            ["x".repeat(18), "x".repeat(18), "x".repeat(4)]
        );
        assert_eq!(shorten("Maria Santos", MAX_LABEL), None);
    }

    #[test]
    fn long_labels_are_wrapped_and_cut_with_the_full_text_in_the_tooltip() {
        let mut g = KnowledgeGraph::new();
        let long = "Nordlys Energy Holding Company of Northern Europe and the Baltic Sea Region";
        g.add_fact(Fact::new(
            person("Karl Lindqvist"),
            rel("has a long standing supply agreement with"),
            org(long),
        ));
        g.add_fact(Fact::new(
            person("Karl Lindqvist"),
            rel("signs a memorandum of understanding on wind power and grid storage with"),
            org("Veltro Group"),
        ));
        let out = dot(&g, &DotOptions::new());
        assert!(
            out.contains("[label=\"Karl Lindqvist\", tooltip=\"Karl Lindqvist\","),
            "{out}"
        );
        // Lines of at most 18 characters, cut after 60 with "…"; the tooltip is whole.
        let line = node_line(&out, long).unwrap();
        assert!(
            line.contains(
                "label=\"Nordlys Energy\\nHolding Company of\\nNorthern Europe\\nand the…\""
            ),
            "{line}"
        );
        assert!(line.contains(&format!("tooltip=\"{long}\"")), "{line}");
        // Edge labels too; a cut one has its full text as tooltip.
        assert!(
            out.contains(
                "[label=\"has a long\\nstanding supply\\nagreement with\", penwidth=1.00];"
            ),
            "{out}"
        );
        assert!(
            out.contains("[label=\"signs a memorandum\\nof understanding\\non wind power and\\ngrid…\", penwidth=1.00, tooltip=\"signs a memorandum of understanding on wind power and grid storage with\"];"),
            "{out}"
        );
    }

    #[test]
    fn max_nodes_keeps_typed_then_most_asserted_then_by_key() {
        let build = |pairs_first: bool| {
            let mut g = KnowledgeGraph::new();
            let hub = || {
                let mut g = KnowledgeGraph::new();
                for leaf in ["turbine", "cable", "substation", "permit"] {
                    g.add_fact(Fact::new(thing("wind farm"), rel("needs"), thing(leaf)));
                }
                g
            };
            if !pairs_first {
                g.merge(&hub());
            }
            g.add_fact(Fact::new(
                person("Karl Lindqvist"),
                rel("runs"),
                org("Nordlys Energy"),
            ));
            g.add_fact(Fact::new(
                person("Maria Santos"),
                rel("runs"),
                org("Veltro Group"),
            ));
            g.add_fact(Fact::new(
                person("Maria Santos"),
                rel("founded"),
                org("Veltro Group"),
            ));
            g.add_fact(Fact::new(
                person("Anders Berg"),
                rel("runs"),
                org("Berg Shipping"),
            ));
            if pairs_first {
                g.merge(&hub());
            }
            g
        };
        let names = |out: &str| {
            let mut names: Vec<String> = out
                .lines()
                .filter(|l| l.contains("tooltip=") && !l.contains("->"))
                .map(|l| l.split('"').nth(1).unwrap().to_owned())
                .collect();
            names.sort();
            names
        };
        for pairs_first in [true, false] {
            let g = build(pairs_first);
            // The wind farm has the most facts, but typed entities come first; of those,
            // Maria Santos and Veltro Group have the most facts.
            let out = dot(&g, &DotOptions::new().with_max_nodes(Some(2)));
            assert_eq!(names(&out), ["Maria Santos", "Veltro Group"], "{out}");
            // Equal counts: by key (Anders Berg, Berg Shipping before Karl Lindqvist).
            let out = dot(&g, &DotOptions::new().with_max_nodes(Some(4)));
            assert_eq!(
                names(&out),
                [
                    "Anders Berg",
                    "Berg Shipping",
                    "Maria Santos",
                    "Veltro Group"
                ],
                "{out}"
            );
            // Then the most connected untyped entity, and only nodes with an edge: the
            // wind farm is taken with one of its needs.
            let out = dot(&g, &DotOptions::new().with_max_nodes(Some(8)));
            assert_eq!(names(&out).len(), 8, "{out}");
            assert!(
                out.contains("\"wind farm\"") && out.contains("\"cable\""),
                "{out}"
            );
            assert!(!out.contains("\"turbine\""), "{out}");
        }
        // The same bytes whatever the insertion order of equal nodes' facts, up to node ids.
        let o = DotOptions::new().with_max_nodes(Some(5));
        assert_eq!(dot(&build(true), &o), dot(&build(true), &o));
        assert_eq!(
            names(&dot(&build(true), &o)),
            names(&dot(&build(false), &o))
        );
    }

    #[test]
    fn min_degree_two_drops_isolated_pairs_and_keeps_a_connected_piece() {
        let mut g = KnowledgeGraph::new();
        let bergen = EntityRef::new("Bergen")
            .unwrap()
            .with_type(EntityType::Place);
        // An isolated pair, and a pair joined by two facts.
        g.add_fact(Fact::new(
            person("Karl Lindqvist"),
            rel("runs"),
            org("Nordlys Energy"),
        ));
        g.add_fact(Fact::new(
            person("Anders Berg"),
            rel("runs"),
            org("Berg Shipping"),
        ));
        g.add_fact(Fact::new(
            person("Anders Berg"),
            rel("owns"),
            org("Berg Shipping"),
        ));
        // A connected piece: a triangle with a leaf.
        g.add_fact(Fact::new(
            person("Maria Santos"),
            rel("runs"),
            org("Veltro Group"),
        ));
        g.add_fact(Fact::new(
            org("Veltro Group"),
            rel("is based in"),
            bergen.clone(),
        ));
        g.add_fact(Fact::new(person("Maria Santos"), rel("lives in"), bergen));
        g.add_fact(Fact::new(
            org("Veltro Group"),
            rel("signs"),
            thing("supply contract"),
        ));
        let all = dot(&g, &DotOptions::new());
        assert_eq!(all.matches("->").count(), 7);
        let out = dot(&g, &DotOptions::new().with_min_degree(2));
        for kept in ["Maria Santos", "Veltro Group", "Bergen"] {
            assert!(
                out.contains(&format!("tooltip=\"{kept}\"")),
                "{kept}: {out}"
            );
        }
        for gone in [
            "Karl Lindqvist",
            "Nordlys Energy",
            "Anders Berg",
            "Berg Shipping",
            "supply contract",
        ] {
            assert!(!out.contains(gone), "{gone}: {out}");
        }
        assert_eq!(out.matches("->").count(), 3, "{out}");
        // The legend shows only what is drawn.
        assert!(
            out.contains("legend_Place") && !out.contains("legend_other"),
            "{out}"
        );
        // 0 draws every entity, even one without facts.
        g.add_entity(&thing("Oslo harbour"));
        assert!(dot(&g, &DotOptions::new().with_min_degree(0)).contains("\"Oslo harbour\""));
        assert!(dot(&g, &DotOptions::new()).contains("\"Oslo harbour\""));
        assert!(!dot(&g, &DotOptions::new().with_min_support(2)).contains("\"Oslo harbour\""));
    }

    #[test]
    fn values_are_listed_in_the_tooltip_not_drawn() {
        use crate::graph::{Attribution, Literal, LiteralKind, Provenance};
        let mut g = KnowledgeGraph::new();
        let nordlys = || org("Nordlys Energy");
        let lit = |k, s| Literal::new(k, s).unwrap();
        g.add_fact(Fact::new(
            person("Karl Lindqvist"),
            rel("founded"),
            nordlys(),
        ));
        g.add_fact(Fact::new(
            nordlys(),
            rel("founded on"),
            lit(LiteralKind::Date, "2016-05-07"),
        ));
        g.add_fact(Fact::new(
            nordlys(),
            rel("holds"),
            lit(LiteralKind::Percent, "12.5"),
        ));
        g.add_fact(Fact::new(
            nordlys(),
            rel("holds"),
            lit(LiteralKind::Percent, "12.5"),
        ));
        let said = Provenance {
            attribution: Some(Attribution::new(person("Maria Santos"), "say")),
            ..Provenance::default()
        };
        g.add_fact(
            Fact::new(
                nordlys(),
                rel("earns"),
                lit(LiteralKind::Integer, "4000000"),
            )
            .with_provenance(said.clone()),
        );
        g.add_fact(
            Fact::new(
                person("Karl Lindqvist"),
                rel("earns"),
                lit(LiteralKind::Integer, "90000"),
            )
            .with_provenance(said),
        );
        // Only values: drawn alone at min-degree 1.
        g.add_fact(Fact::new(
            org("Veltro Group"),
            rel("motto"),
            Literal::string("light\nfor all"),
        ));
        let out = dot(&g, &DotOptions::new());
        assert!(
            !out.contains("plaintext") && !out.contains("2016-05-07\""),
            "{out}"
        );
        assert_eq!(out.matches("->").count(), 1, "{out}");
        let line = node_line(&out, "Nordlys Energy").unwrap();
        assert!(
            line.contains(
                "label=\"Nordlys Energy\\nfounded on: 2016-05-07\\nholds: 12.5 %\\n(+1 more)\", tooltip=\"Nordlys Energy\\nfounded on: 2016-05-07\\nholds: 12.5 % (×2)\\nearns: 4000000 (said by Maria Santos)\""
            ),
            "{line}"
        );
        // Only claims: counted in the label.
        let line = node_line(&out, "Karl Lindqvist").unwrap();
        assert!(
            line.contains("label=\"Karl Lindqvist\\n(1 claim)\", tooltip=\"Karl Lindqvist\\nearns: 90000 (said by Maria Santos)\""),
            "{line}"
        );
        let line = node_line(&out, "Veltro Group").unwrap();
        assert!(
            line.contains("tooltip=\"Veltro Group\\nmotto: “light for all”\""),
            "{line}"
        );
        // Claims go with --asserted-only; values do not count as edges for min-degree 2.
        let only = dot(&g, &DotOptions::new().with_asserted_only(true));
        assert!(!only.contains("earns") && only.contains("holds"), "{only}");
        assert!(!dot(&g, &DotOptions::new().with_min_degree(2)).contains("Veltro"));
    }

    #[test]
    fn hostile_labels_stay_quoted_and_escaped() {
        use crate::graph::Literal;
        let hostile = "Veltro \"Group\" \\N <b>{x}|y</b> & Søn — 株式会社\tx";
        let mut g = KnowledgeGraph::new();
        g.add_fact(Fact::new(
            thing(hostile),
            rel("says \"no\" \\l <to> {all} | any"),
            person("Maria Santos"),
        ));
        g.add_fact(Fact::new(
            thing(hostile),
            rel("motto"),
            Literal::string("\"quoted\" \\ {value}\nwith <newline> \u{0} & more"),
        ));
        let out = dot(&g, &DotOptions::new());
        assert_well_quoted(&out);
        let name = thing(hostile).name().to_owned();
        let line = node_line(&out, &escape(&name)).unwrap();
        assert!(
            line.contains(
                "label=\"Veltro \\\"Group\\\" \\\\N\\n<b>{x}|y</b> &amp; Søn\\n— 株式会社 x\\nmotto: “\\\"quoted\\\" \\\\ {value}…\""
            ),
            "{line}"
        );
        assert!(
            line.contains(
                "\\nmotto: “\\\"quoted\\\" \\\\ {value} with <newline> \u{FFFD} &amp; more”\""
            ),
            "{line}"
        );
        assert!(
            out.contains("[label=\"says \\\"no\\\" \\\\l <to>\\n{all} | any\""),
            "{out}"
        );
        // The same bytes every time.
        assert_eq!(out, dot(&g, &DotOptions::new()));
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
