//! The knowledge graph: entities joined by facts, each fact with the provenance of
//! every sighting.
//!
//! [`KnowledgeGraph`] sits on a petgraph [`DiGraph`]: a node per [`Entity`] and per
//! distinct value ([`Literal`]), an edge per distinct fact. Entities are found through
//! a `HashMap` from their key (the lower-cased cleaned name, see [`text::name_key`])
//! to their node, and facts through a map keyed by (subject, relation, object): adding
//! a fact that is already there appends its [`Provenance`] and so raises its support,
//! never adding a second edge. Nothing is ever removed, so node and edge indices are
//! stable and iteration follows insertion order, which makes every export
//! deterministic.
//!
//! ```
//! use kg::{EntityRef, EntityType, Fact, KnowledgeGraph, Provenance, Relation};
//! let mut g = KnowledgeGraph::new();
//! let putin = EntityRef::new("Vladimir Putin")?.with_type(EntityType::Person);
//! let macron = EntityRef::new("Emmanuel Macron")?.with_type(EntityType::Person);
//! let congratulate = Relation::with_key("congratulate", "congratulates")?;
//! for doc in ["a", "b"] {
//!     g.add_fact(
//!         Fact::new(putin.clone(), congratulate.clone(), macron.clone())
//!             .with_provenance(Provenance::document(doc)),
//!     );
//! }
//! assert_eq!(g.fact_count(), 1);
//! assert_eq!(g.facts().next().map(|f| f.support()), Some(2));
//! g.add_alias(&putin, "Putin")?;
//! assert_eq!(g.entity("putin").map(|e| e.name()), Some("Vladimir Putin"));
//! # Ok::<(), kg::GraphError>(())
//! ```

pub mod alias;
mod entity;
mod fact;
pub mod text;

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};

pub use entity::{Entity, EntityRef, EntityType};
pub(crate) use fact::asserted as asserts_fact;
pub use fact::{Attribution, CharSpan, Fact, Literal, LiteralKind, Object, Provenance, Relation};

/// Errors building graph values from text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GraphError {
    /// A name with nothing left after cleaning (empty or only whitespace).
    #[error("empty entity name")]
    EmptyName,
    /// A relation with no letter or digit in its key.
    #[error("relation has no letter or digit")]
    EmptyRelation,
    /// A literal whose lexical form does not fit its kind.
    #[error("{lexical:?} is not a valid {kind:?} value")]
    BadLiteral {
        /// The intended kind.
        kind: LiteralKind,
        /// The rejected form.
        lexical: String,
    },
}

/// Index of an entity in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub NodeIndex);

/// Index of a fact in the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FactId(pub EdgeIndex);

/// Index of a relation in [`KnowledgeGraph::relations`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RelationId(pub u32);

/// A node of the underlying petgraph graph.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An entity.
    Entity(Entity),
    /// A value, object of one or more facts.
    Value(Literal),
}

/// An edge of the underlying petgraph graph: one distinct fact.
#[derive(Debug, Clone, PartialEq)]
pub struct FactEdge {
    /// Its relation.
    pub relation: RelationId,
    /// One record per sighting; never empty.
    pub provenance: Vec<Provenance>,
}

/// The object of a fact in the graph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ObjectRef<'a> {
    /// An entity.
    Entity(&'a Entity),
    /// A value.
    Literal(&'a Literal),
}

/// A fact in the graph, borrowed.
#[derive(Debug, Clone, Copy)]
pub struct FactRef<'a> {
    /// The fact's index.
    pub id: FactId,
    /// The subject.
    pub subject: &'a Entity,
    /// The relation.
    pub relation: &'a Relation,
    /// The object.
    pub object: ObjectRef<'a>,
    /// One record per sighting, in the order they were added.
    pub provenance: &'a [Provenance],
}

impl FactRef<'_> {
    /// How many times the fact was seen.
    #[must_use]
    pub fn support(&self) -> usize {
        self.provenance.len()
    }

    /// Whether the graph asserts the fact: one of its sightings does
    /// ([`Provenance::is_asserted`]), or it has none. Otherwise it is a claim.
    #[must_use]
    pub fn is_asserted(&self) -> bool {
        asserts_fact(self.provenance)
    }

    /// The highest confidence of any sighting.
    #[must_use]
    pub fn confidence(&self) -> Option<f64> {
        self.provenance
            .iter()
            .filter_map(|p| p.confidence)
            .reduce(f64::max)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FactKey {
    subject: NodeIndex,
    relation: RelationId,
    object: NodeIndex,
}

/// Entities, values and facts; see the README.
#[derive(Debug, Clone, Default)]
pub struct KnowledgeGraph {
    graph: DiGraph<Node, FactEdge>,
    entities: HashMap<String, NodeIndex>,
    /// Alias key → the one entity holding it, `None` when several do. Only lookups
    /// read it: an entity is found by its key alone (see [`KnowledgeGraph::add_entity`]).
    aliases: HashMap<String, Option<NodeIndex>>,
    values: HashMap<Literal, NodeIndex>,
    relations: Vec<Relation>,
    relation_ids: HashMap<String, RelationId>,
    facts: HashMap<FactKey, EdgeIndex>,
}

impl KnowledgeGraph {
    /// An empty graph.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entity, or finds it by key. A known entity keeps its name; its type
    /// becomes the given one when that is more specific.
    ///
    /// Aliases are not consulted: an alias is one document's guess, and letting it
    /// capture the names of later documents would make the graph depend on the order
    /// documents arrive in (a merge of shards would differ from one build). Names are
    /// joined across documents by the alias pass ([`KnowledgeGraph::unify_aliases`]),
    /// which sees them all at once.
    pub fn add_entity(&mut self, entity: &EntityRef) -> EntityId {
        if let Some(&node) = self.entities.get(entity.key()) {
            if let (Some(kind), Some(Node::Entity(e))) =
                (entity.kind(), self.graph.node_weight_mut(node))
            {
                if kind.specificity() > e.kind.specificity() {
                    e.kind = kind;
                }
            }
            return EntityId(node);
        }
        let node = self.graph.add_node(Node::Entity(Entity {
            key: entity.key().to_owned(),
            name: entity.name().to_owned(),
            kind: entity.kind().unwrap_or_default(),
            aliases: Vec::new(),
            joins: Vec::new(),
            concept: entity.concept().map(str::to_owned),
            scope: entity.scope().map(str::to_owned),
        }));
        self.entities.insert(entity.key().to_owned(), node);
        EntityId(node)
    }

    /// Adds an attributed record's speaker as an entity and names it in the record by the
    /// entity's own name, untyped: the entity carries the type, and the record then reads
    /// back from RDF exactly.
    fn with_speaker_entity(&mut self, mut record: Provenance) -> Provenance {
        if let Some(a) = &mut record.attribution {
            let id = self.add_entity(&a.speaker);
            if let Some(Node::Entity(e)) = self.graph.node_weight(id.0) {
                if let Ok(mut r) = EntityRef::new(&e.name) {
                    if let Some(doc) = &e.scope {
                        r = r.described_in(doc, e.concept.as_deref().unwrap_or(""));
                    }
                    a.speaker = r;
                }
            }
        }
        record
    }

    /// Records `alias` as another name of `entity` (added if missing): written as
    /// `skos:altLabel`, found by [`KnowledgeGraph::entity`] while no other entity holds
    /// it, and read by the alias pass. An alias with the entity's own key is ignored.
    /// Another entity may have the same name or alias: an alias never moves a fact,
    /// and the two stay apart unless the alias pass joins them.
    ///
    /// # Errors
    /// [`GraphError::EmptyName`] for an empty alias.
    pub fn add_alias(&mut self, entity: &EntityRef, alias: &str) -> Result<EntityId, GraphError> {
        let alias = EntityRef::new(alias)?;
        let id = self.add_entity(entity);
        let Some(Node::Entity(e)) = self.graph.node_weight_mut(id.0) else {
            return Ok(id);
        };
        let new =
            alias.key() != e.key && !e.aliases.iter().any(|a| text::name_key(a) == alias.key());
        if new {
            e.aliases.push(alias.name().to_owned());
            self.aliases
                .entry(alias.key().to_owned())
                .and_modify(|holder| {
                    if *holder != Some(id.0) {
                        *holder = None;
                    }
                })
                .or_insert(Some(id.0));
        }
        Ok(id)
    }

    /// Records that the alias pass joined `name` into `entity`, and why: `name` becomes an
    /// alias (see [`KnowledgeGraph::add_alias`]) and the reason is kept with it
    /// ([`Entity::joins`]); a name joined before keeps its first reason.
    ///
    /// # Errors
    /// [`GraphError::EmptyName`] for an empty name.
    pub(crate) fn add_join(
        &mut self,
        entity: &EntityRef,
        name: &str,
        reason: &str,
    ) -> Result<EntityId, GraphError> {
        let id = self.add_alias(entity, name)?;
        let key = text::name_key(name);
        if let Some(Node::Entity(e)) = self.graph.node_weight_mut(id.0) {
            if key != e.key && !e.joins.iter().any(|(n, _)| text::name_key(n) == key) {
                e.joins.push((text::clean_name(name), reason.to_owned()));
            }
        }
        Ok(id)
    }

    /// The node an alias key names, when exactly one entity holds it.
    fn alias_node(&self, key: &str) -> Option<NodeIndex> {
        self.aliases.get(key).copied().flatten()
    }

    fn add_relation(&mut self, relation: &Relation) -> RelationId {
        if let Some(&id) = self.relation_ids.get(relation.key()) {
            return id;
        }
        // More than u32::MAX distinct relations would not fit in memory anyway.
        let id = RelationId(u32::try_from(self.relations.len()).unwrap_or(u32::MAX));
        self.relations.push(relation.clone());
        self.relation_ids.insert(relation.key().to_owned(), id);
        id
    }

    fn add_value(&mut self, value: &Literal) -> NodeIndex {
        if let Some(&node) = self.values.get(value) {
            return node;
        }
        let node = self.graph.add_node(Node::Value(value.clone()));
        self.values.insert(value.clone(), node);
        node
    }

    /// Adds one sighting of a fact: a new edge for a new (subject, relation, object),
    /// otherwise one more provenance record (support + 1) on the existing edge.
    pub fn add_fact(&mut self, fact: Fact) -> FactId {
        self.add_sightings(
            &fact.subject,
            &fact.relation,
            &fact.object,
            vec![fact.provenance],
        )
    }

    /// Adds a fact seen `records.len()` times (at least once: an empty list counts as
    /// one sighting of unknown provenance).
    pub fn add_sightings(
        &mut self,
        subject: &EntityRef,
        relation: &Relation,
        object: &Object,
        mut records: Vec<Provenance>,
    ) -> FactId {
        if records.is_empty() {
            records.push(Provenance::default());
        }
        let records: Vec<Provenance> = records
            .into_iter()
            .map(|r| self.with_speaker_entity(r.cleaned()))
            .collect();
        let records = records.into_iter();
        let subject = self.add_entity(subject).0;
        let object = match object {
            Object::Entity(e) => self.add_entity(e).0,
            Object::Literal(l) => self.add_value(l),
        };
        let relation = self.add_relation(relation);
        let key = FactKey {
            subject,
            relation,
            object,
        };
        if let Some(&edge) = self.facts.get(&key) {
            if let Some(w) = self.graph.edge_weight_mut(edge) {
                w.provenance.extend(records);
            }
            return FactId(edge);
        }
        let edge = self.graph.add_edge(
            subject,
            object,
            FactEdge {
                relation,
                provenance: records.collect(),
            },
        );
        self.facts.insert(key, edge);
        FactId(edge)
    }

    /// Adds every entity, alias and fact of `other`, summing support and keeping every
    /// provenance record.
    pub fn merge(&mut self, other: &KnowledgeGraph) {
        for e in other.entities() {
            let Some(r) = e.to_ref() else {
                continue;
            };
            self.add_entity(&r);
            // Aliases are clean names already; an empty one cannot occur.
            for alias in e.aliases() {
                let _ = self.add_alias(&r, alias);
            }
            for (name, reason) in e.joins() {
                let _ = self.add_join(&r, name, reason);
            }
        }
        for f in other.facts() {
            let (Some(subject), object) = (f.subject.to_ref(), f.object) else {
                continue;
            };
            let object = match object {
                ObjectRef::Entity(e) => match e.to_ref() {
                    Some(e) => Object::Entity(e),
                    None => continue,
                },
                ObjectRef::Literal(l) => Object::Literal(l.clone()),
            };
            self.add_sightings(&subject, f.relation, &object, f.provenance.to_vec());
        }
    }

    /// The entity with this name or key, else the one entity with this alias.
    #[must_use]
    pub fn entity(&self, name: &str) -> Option<&Entity> {
        let key = text::name_key(name);
        let node = self
            .entities
            .get(&key)
            .copied()
            .or_else(|| self.alias_node(&key))?;
        match self.graph.node_weight(node) {
            Some(Node::Entity(e)) => Some(e),
            _ => None,
        }
    }

    /// The entity a reference names: by key, else the one entity with this alias; so
    /// also a described thing, which no name alone finds (see [`EntityRef::described_in`]).
    #[must_use]
    pub fn entity_of(&self, entity: &EntityRef) -> Option<&Entity> {
        let node = self
            .entities
            .get(entity.key())
            .copied()
            .or_else(|| self.alias_node(entity.key()))?;
        match self.graph.node_weight(node) {
            Some(Node::Entity(e)) => Some(e),
            _ => None,
        }
    }

    /// Entities in insertion order.
    pub fn entities(&self) -> impl Iterator<Item = &Entity> {
        self.graph.node_weights().filter_map(|n| match n {
            Node::Entity(e) => Some(e),
            Node::Value(_) => None,
        })
    }

    /// Relations in insertion order; a `RelationId` indexes this slice.
    #[must_use]
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// Facts in insertion order.
    pub fn facts(&self) -> impl Iterator<Item = FactRef<'_>> {
        self.graph
            .edge_indices()
            .filter_map(move |e| self.fact(FactId(e)))
    }

    /// Moves the sightings out of a fact, leaving it none (which a fact of a graph never
    /// has otherwise): for passes that rebuild the graph from this one and drop it.
    pub(crate) fn take_sightings(&mut self, id: FactId) -> Vec<Provenance> {
        self.graph
            .edge_weight_mut(id.0)
            .map(|w| std::mem::take(&mut w.provenance))
            .unwrap_or_default()
    }

    /// The fact with this index.
    #[must_use]
    pub fn fact(&self, id: FactId) -> Option<FactRef<'_>> {
        let (s, o) = self.graph.edge_endpoints(id.0)?;
        let w = self.graph.edge_weight(id.0)?;
        let Node::Entity(subject) = self.graph.node_weight(s)? else {
            return None;
        };
        let object = match self.graph.node_weight(o)? {
            Node::Entity(e) => ObjectRef::Entity(e),
            Node::Value(l) => ObjectRef::Literal(l),
        };
        Some(FactRef {
            id,
            subject,
            relation: self.relations.get(w.relation.0 as usize)?,
            object,
            provenance: &w.provenance,
        })
    }

    /// Number of entities.
    #[must_use]
    pub fn entity_count(&self) -> usize {
        self.entities.len()
    }

    /// Number of distinct facts.
    #[must_use]
    pub fn fact_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// True when the graph has no entity and no fact.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.graph.node_count() == 0
    }

    /// The underlying petgraph graph, for graph algorithms.
    #[must_use]
    pub fn petgraph(&self) -> &DiGraph<Node, FactEdge> {
        &self.graph
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(name: &str) -> EntityRef {
        EntityRef::new(name).unwrap()
    }

    #[test]
    fn same_fact_twice_is_one_edge_with_support_two() {
        let mut g = KnowledgeGraph::new();
        let r = Relation::new("meets").unwrap();
        g.add_fact(Fact::new(e("A"), r.clone(), e("B")).with_provenance(Provenance::document("1")));
        g.add_fact(Fact::new(e("a"), r, e("B ")).with_provenance(Provenance::document("2")));
        assert_eq!(g.fact_count(), 1);
        assert_eq!(g.petgraph().edge_count(), 1);
        let f = g.facts().next().unwrap();
        assert_eq!(f.support(), 2);
        assert_eq!(f.provenance[1].document.as_deref(), Some("2"));
    }

    #[test]
    fn values_are_shared_nodes_not_entities() {
        let mut g = KnowledgeGraph::new();
        let v = Literal::infer("66.1%").unwrap();
        g.add_fact(Fact::new(e("A"), Relation::new("wins").unwrap(), v.clone()));
        g.add_fact(Fact::new(e("B"), Relation::new("gets").unwrap(), v));
        assert_eq!(g.entity_count(), 2);
        assert_eq!(g.petgraph().node_count(), 3);
    }

    #[test]
    fn types_only_get_more_specific() {
        let mut g = KnowledgeGraph::new();
        g.add_entity(&e("Paris"));
        g.add_entity(&e("Paris").with_type(EntityType::Place));
        g.add_entity(&e("Paris").with_type(EntityType::Thing));
        assert_eq!(g.entity("paris").unwrap().kind(), EntityType::Place);
    }

    #[test]
    fn aliases_are_found_but_never_capture_a_name() {
        let mut g = KnowledgeGraph::new();
        let lovelace = e("Ada Lovelace");
        let ada = g.add_alias(&lovelace, "Lovelace").unwrap();
        g.add_alias(&lovelace, "LOVELACE").unwrap();
        assert_eq!(g.entity("Lovelace").unwrap().aliases(), ["Lovelace"]);
        // A name that is an alias is still its own entity: which entities are one is
        // the alias pass's decision, made on the whole graph.
        let other = g.add_entity(&e("lovelace"));
        assert_ne!(other, ada);
        assert_eq!(g.entity("lovelace").unwrap().name(), "lovelace");
        // An alias two entities hold finds neither.
        g.add_alias(&e("Byron"), "Ada").unwrap();
        g.add_alias(&lovelace, "Ada").unwrap();
        assert!(g.entity("Ada").is_none());
        assert_eq!(g.entity("Byron").unwrap().aliases(), ["Ada"]);
    }

    #[test]
    fn merge_sums_support() {
        let mut a = KnowledgeGraph::new();
        let r = Relation::new("r").unwrap();
        a.add_fact(Fact::new(e("x"), r.clone(), e("y")));
        let mut b = a.clone();
        b.add_fact(Fact::new(e("x"), r, e("z")));
        a.merge(&b);
        assert_eq!(a.fact_count(), 2);
        assert_eq!(a.facts().next().unwrap().support(), 2);
    }
}
