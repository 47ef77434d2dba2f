//! Node quality: how many of a graph's nodes are things a store can use. A node should be
//! a named entity, a described thing with a concept, or a value; its label a name or a
//! short description, never a pronoun, a determiner or a clause.

use crate::graph::{Entity, EntityType, KnowledgeGraph};

/// Labels of this many words or more are counted as clause-like ([`NodeQuality::long`]).
pub const LONG_LABEL_WORDS: usize = 6;

/// Counts over a graph's entity nodes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NodeQuality {
    /// Entity nodes.
    pub nodes: usize,
    /// Nodes with a type other than the generic one: a class such as Person, or a concept.
    pub typed: usize,
    /// Nodes with one of kg's classes (Person, Organization, Place, Group, Event, Work,
    /// Product).
    pub classed: usize,
    /// Described things (common noun phrases, nodes of one document).
    pub described: usize,
    /// Nodes whose label has [`LONG_LABEL_WORDS`] words or more.
    pub long: usize,
    /// Nodes whose label is only pronouns and determiners ("This", "that", "What").
    pub function_words: usize,
}

impl NodeQuality {
    /// Counts the nodes of `graph`.
    #[must_use]
    pub fn of(graph: &KnowledgeGraph) -> Self {
        let mut q = Self::default();
        for e in graph.entities() {
            let f = Flaws::of(e);
            q.nodes += 1;
            q.typed += usize::from(!f.untyped);
            q.classed += usize::from(e.kind() != EntityType::Thing);
            q.described += usize::from(e.scope().is_some());
            q.long += usize::from(f.long);
            q.function_words += usize::from(f.function_words);
        }
        q
    }

    /// `part` as a share of the nodes (0 for an empty graph).
    #[must_use]
    pub fn share(&self, part: usize) -> f64 {
        if self.nodes == 0 {
            0.0
        } else {
            part as f64 / self.nodes as f64
        }
    }
}

/// What is wrong with one node, as [`NodeQuality`] counts it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flaws {
    /// Neither one of kg's classes nor a concept.
    pub untyped: bool,
    /// A label of [`LONG_LABEL_WORDS`] words or more.
    pub long: bool,
    /// A label of pronouns and determiners only.
    pub function_words: bool,
}

impl Flaws {
    /// The flaws of `entity`.
    #[must_use]
    pub fn of(entity: &Entity) -> Self {
        Self {
            untyped: entity.kind() == EntityType::Thing && entity.concept().is_none(),
            long: entity.name().split_whitespace().count() >= LONG_LABEL_WORDS,
            function_words: is_function_word_label(entity.name()),
        }
    }

    /// Their names, comma-separated (`untyped,long`); empty for a sound node.
    #[must_use]
    pub fn names(&self) -> String {
        [
            (self.untyped, "untyped"),
            (self.long, "long"),
            (self.function_words, "function-word"),
        ]
        .iter()
        .filter(|(b, _)| *b)
        .map(|(_, w)| *w)
        .collect::<Vec<_>>()
        .join(",")
    }
}

/// Whether every word of `label` is an English pronoun or determiner: such a node names
/// nothing by itself.
#[must_use]
pub fn is_function_word_label(label: &str) -> bool {
    let mut words = label.split_whitespace().peekable();
    words.peek().is_some()
        && words.all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'');
            crate::lexicon::closed_class::is_pronoun_or_determiner(&w.to_lowercase())
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EntityRef, Fact, Relation};

    #[test]
    fn counts_typed_long_and_function_word_nodes() {
        let mut graph = KnowledgeGraph::new();
        let person = EntityRef::new("Karl Lindqvist")
            .unwrap()
            .with_type(EntityType::Person);
        let this = EntityRef::new("This").unwrap();
        let clause = EntityRef::new("the growing trade gap with the north of the country").unwrap();
        let deal = EntityRef::new("two peace deals")
            .unwrap()
            .described_in("d1", "peace deal");
        let r = Relation::new("likes").unwrap();
        graph.add_fact(Fact::new(person.clone(), r.clone(), this));
        graph.add_fact(Fact::new(person.clone(), r.clone(), clause));
        graph.add_fact(Fact::new(person, r, deal));
        let q = NodeQuality::of(&graph);
        assert_eq!((q.nodes, q.typed, q.long, q.function_words), (4, 2, 1, 1));
        assert!((q.share(q.typed) - 0.5).abs() < 1e-9);
        assert!(is_function_word_label("those"));
        assert!(is_function_word_label("What"));
        assert!(!is_function_word_label("Those people"));
        assert!(!is_function_word_label(""));
    }
}
