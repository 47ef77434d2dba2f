//! Nodes a store can trust (issue 19): on whole news articles, nodes are typed things with
//! short labels, never pronouns; the founding example's people are one node each.

use crate::common::{kg_stdout, metric, shared_data};
use kg::{EntityType, KnowledgeGraph, TextGraphBuilder};

#[test]
fn news_nodes_are_typed_things_not_clauses_or_pronouns() {
    let Some(data) = shared_data() else { return };
    let politics = data.join("news-corpus/bbc/politics");
    let out = kg_stdout([
        "eval".as_ref(),
        "nodes".as_ref(),
        politics.as_os_str(),
        "--limit".as_ref(),
        "100".as_ref(),
    ]);
    assert_eq!(metric(&out, "documents"), 100.0, "{out}");
    assert!(metric(&out, "nodes") > 1000.0, "{out}");
    assert!(metric(&out, "typed_pct") >= 90.0, "{out}");
    assert!(metric(&out, "long_labels_pct") <= 2.0, "{out}");
    assert_eq!(metric(&out, "function_word_nodes"), 0.0, "{out}");
}

#[test]
fn founding_example_people_are_one_node_each() {
    let Some(data) = shared_data() else { return };
    let text = std::fs::read_to_string(data.join("../examples/putin-macron.txt"))
        .expect("the founding example is readable");
    let builder = TextGraphBuilder::embedded().expect("embedded models load");
    let mut graph = KnowledgeGraph::new();
    builder.add_text(&mut graph, "putin-macron", &text);
    let graph = graph.unify_aliases().0;
    let people: Vec<String> = graph
        .entities()
        .filter(|e| e.kind() == EntityType::Person && e.scope().is_none())
        .map(|e| e.name().to_owned())
        .collect();
    for surname in ["Putin", "Macron", "Le Pen"] {
        let own: Vec<&String> = people.iter().filter(|p| p.ends_with(surname)).collect();
        assert_eq!(own.len(), 1, "{surname}: {people:?}");
        // No other node's label holds the person's name ("Aids to Macron").
        let others: Vec<&str> = graph
            .entities()
            .map(|e| e.name())
            .filter(|n| n.contains(surname) && n != own[0])
            .collect();
        assert!(others.is_empty(), "{surname} inside {others:?}");
    }
    let russia = graph.entity("Russia").expect("Russia is a node");
    assert_eq!(
        graph.entity("Russian Federation").map(|e| e.key()),
        Some(russia.key())
    );
    // Described things are typed by their concept.
    assert!(graph
        .entities()
        .any(|e| e.concept() == Some("peace deal") && e.scope() == Some("putin-macron")));
}

#[test]
fn a_noun_phrase_is_its_core_and_its_phrases_are_facts() {
    let builder = TextGraphBuilder::embedded().expect("embedded models load");
    let mut graph = KnowledgeGraph::new();
    builder.add_text(
        &mut graph,
        "d1",
        "Nordlys Energy criticised two supply deals of the local council. \
         This was welcomed by others.",
    );
    let lines: Vec<String> = graph
        .facts()
        .map(|f| {
            let object = match f.object {
                kg::ObjectRef::Entity(e) => e.name().to_owned(),
                kg::ObjectRef::Literal(l) => l.lexical().to_owned(),
            };
            format!("{} | {} | {object}", f.subject.name(), f.relation.key())
        })
        .collect();
    let deals = graph
        .entities()
        .find(|e| e.name() == "two supply deals")
        .unwrap_or_else(|| panic!("no node for the deals in {lines:#?}"));
    assert_eq!(deals.concept(), Some("supply deal"));
    assert_eq!(deals.scope(), Some("d1"));
    assert!(
        lines
            .iter()
            .any(|l| l == "two supply deals | of | local council"),
        "{lines:#?}"
    );
    // Neither "This" nor "others" is a node.
    assert!(
        graph
            .entities()
            .all(|e| !matches!(e.name(), "This" | "others")),
        "{lines:#?}"
    );
    // The same words in another document are another node with the same concept.
    builder.add_text(&mut graph, "d2", "Veltro Group signed two supply deals.");
    let both: Vec<_> = graph
        .entities()
        .filter(|e| e.name() == "two supply deals")
        .collect();
    assert_eq!(both.len(), 2);
    assert_ne!(both[0].key(), both[1].key());
}
