//! Entities: the things facts are about, each with a canonical name, a type and aliases.

use super::text::{clean_name, name_key};
use super::GraphError;
use crate::document::EntityKind;

/// What kind of thing an entity is; each maps to a class of kg's ontology.
///
/// The order is from most to least specific: when one entity is seen with two types,
/// the graph keeps the more specific one (see [`EntityType::specificity`]).
///
/// ```
/// use kg::EntityType;
/// assert_eq!(EntityType::Work.class_name(), "Work");
/// assert_eq!(EntityType::from_class_name("Product"), Some(EntityType::Product));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[non_exhaustive]
pub enum EntityType {
    /// A person (`schema:Person`).
    Person,
    /// An organisation, company, institution or government body (`schema:Organization`).
    Organization,
    /// A place: country, city, region, geographic feature (`schema:Place`).
    Place,
    /// A nationality, religious or political group ("Russians").
    Group,
    /// An event ("the election").
    Event,
    /// A creative or legal work: a book, film, album, song, programme, law or treaty
    /// (`schema:CreativeWork`).
    Work,
    /// A product: a device, handset, computer, piece of software (`schema:Product`).
    Product,
    /// Anything else: a concept or a thing that is not a named entity ("peace deals");
    /// typed only `kg:Entity`.
    #[default]
    Thing,
}

impl EntityType {
    /// Every type, in declaration order.
    pub const ALL: [EntityType; 8] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Place,
        EntityType::Group,
        EntityType::Event,
        EntityType::Work,
        EntityType::Product,
        EntityType::Thing,
    ];

    /// Local name of the ontology class (`Person` for `kg:Person`; `Entity` for
    /// [`EntityType::Thing`], which has no class of its own).
    #[must_use]
    pub fn class_name(self) -> &'static str {
        match self {
            EntityType::Person => "Person",
            EntityType::Organization => "Organization",
            EntityType::Place => "Place",
            EntityType::Group => "Group",
            EntityType::Event => "Event",
            EntityType::Work => "Work",
            EntityType::Product => "Product",
            EntityType::Thing => "Entity",
        }
    }

    /// The type whose [`class_name`](Self::class_name) is `name`.
    #[must_use]
    pub fn from_class_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.class_name() == name)
    }

    /// Higher is more specific; [`EntityType::Thing`] is 0.
    #[must_use]
    pub fn specificity(self) -> u8 {
        u8::from(self != EntityType::Thing)
    }

    /// The graph type for a recognizer kind, or `None` for kinds that are values
    /// (dates, amounts), which become literals.
    #[must_use]
    pub fn from_kind(kind: EntityKind) -> Option<Self> {
        match kind {
            EntityKind::Person => Some(EntityType::Person),
            EntityKind::Organization => Some(EntityType::Organization),
            EntityKind::Location => Some(EntityType::Place),
            EntityKind::Nationality => Some(EntityType::Group),
            _ => None,
        }
    }
}

/// A reference to an entity by name, as the extractor produces it: the name as written
/// plus an optional type.
///
/// ```
/// use kg::{EntityRef, EntityType};
/// let e = EntityRef::new("Emmanuel\tMacron")?.with_type(EntityType::Person);
/// assert_eq!(e.name(), "Emmanuel Macron");
/// assert_eq!(e.key(), "emmanuel macron");
/// # Ok::<(), kg::GraphError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EntityRef {
    name: String,
    key: String,
    kind: Option<EntityType>,
    concept: Option<String>,
    scope: Option<String>,
}

impl EntityRef {
    /// A reference to the entity named `name` (cleaned with
    /// `clean_name`).
    ///
    /// # Errors
    /// [`GraphError::EmptyName`] when nothing is left after cleaning.
    pub fn new(name: &str) -> Result<Self, GraphError> {
        let name = clean_name(name);
        let key = name_key(&name);
        if key.is_empty() {
            return Err(GraphError::EmptyName);
        }
        Ok(Self {
            name,
            key,
            kind: None,
            concept: None,
            scope: None,
        })
    }

    /// Marks the reference as a *described thing* of one document ("two peace deals" in
    /// document `doc`): a node of that document only, whatever other documents describe
    /// with the same words, typed by `concept` (the head noun with its noun modifiers,
    /// lemmatized: "peace deal").
    ///
    /// ```
    /// use kg::EntityRef;
    /// let a = EntityRef::new("two peace deals")?.described_in("doc-1", "peace deal");
    /// let b = EntityRef::new("two peace deals")?.described_in("doc-2", "peace deal");
    /// assert_ne!(a.key(), b.key());
    /// assert_eq!(a.concept(), Some("peace deal"));
    /// assert_eq!(a.scope(), Some("doc-1"));
    /// # Ok::<(), kg::GraphError>(())
    /// ```
    #[must_use]
    pub fn described_in(mut self, doc: &str, concept: &str) -> Self {
        self.key = scoped_key(doc, &name_key(&self.name));
        self.scope = Some(doc.to_owned());
        let concept = clean_name(concept).to_lowercase();
        self.concept = concept
            .chars()
            .any(char::is_alphanumeric)
            .then_some(concept);
        self
    }

    /// Sets the type.
    #[must_use]
    pub fn with_type(mut self, kind: EntityType) -> Self {
        self.kind = Some(kind);
        self
    }

    /// The cleaned name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key: entities with the same key are one entity.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The type, if known.
    #[must_use]
    pub fn kind(&self) -> Option<EntityType> {
        self.kind
    }

    /// The concept of a described thing ("peace deal"); `None` for a named entity.
    #[must_use]
    pub fn concept(&self) -> Option<&str> {
        self.concept.as_deref()
    }

    /// The document a described thing belongs to; `None` for a named entity.
    #[must_use]
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }
}

/// The key of a described thing: its document and its name's key, so that the same words
/// in two documents are two nodes.
fn scoped_key(doc: &str, name_key: &str) -> String {
    format!("{doc}#{name_key}")
}

/// An entity in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub(super) key: String,
    pub(super) name: String,
    pub(super) kind: EntityType,
    pub(super) aliases: Vec<String>,
    /// (name, reason): the names the alias pass joined into this entity, a subset of
    /// `aliases`.
    pub(super) joins: Vec<(String, String)>,
    pub(super) concept: Option<String>,
    pub(super) scope: Option<String>,
}

impl Entity {
    /// The key (lower-cased normalized canonical name); IRIs are minted from it.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The canonical name, as first seen.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The type.
    #[must_use]
    pub fn kind(&self) -> EntityType {
        self.kind
    }

    /// Other names of the entity, in the order they were added.
    #[must_use]
    pub fn aliases(&self) -> &[String] {
        &self.aliases
    }

    /// The names the alias pass joined into this entity, each with the reason it gave
    /// (`final part of a person's name: "Lee" ~ "Ann Lee"`), in the order they were
    /// joined; each is also one of [`Entity::aliases`]. Written to RDF with the
    /// provenance, so that a user can audit every merge.
    ///
    /// ```
    /// use kg::{EntityRef, EntityType, Fact, KnowledgeGraph, Relation};
    /// let mut g = KnowledgeGraph::new();
    /// let met = Relation::new("met")?;
    /// let lee = EntityRef::new("Ann Lee")?.with_type(EntityType::Person);
    /// g.add_fact(Fact::new(lee, met.clone(), EntityRef::new("Bo")?));
    /// g.add_fact(Fact::new(EntityRef::new("Lee")?, met, EntityRef::new("Cy")?));
    /// let (unified, _) = g.unify_aliases();
    /// let ann = unified.entity("Ann Lee").unwrap();
    /// assert_eq!(ann.joins().next().map(|(name, _)| name), Some("Lee"));
    /// # Ok::<(), kg::GraphError>(())
    /// ```
    pub fn joins(&self) -> impl Iterator<Item = (&str, &str)> {
        self.joins.iter().map(|(n, r)| (n.as_str(), r.as_str()))
    }

    /// The concept of a described thing ("peace deal"); `None` for a named entity.
    #[must_use]
    pub fn concept(&self) -> Option<&str> {
        self.concept.as_deref()
    }

    /// The document a described thing belongs to; `None` for a named entity.
    #[must_use]
    pub fn scope(&self) -> Option<&str> {
        self.scope.as_deref()
    }

    /// A reference to this entity: its name, type, and for a described thing its document
    /// and concept (what [`KnowledgeGraph::add_entity`](super::KnowledgeGraph::add_entity)
    /// finds it by).
    #[must_use]
    pub fn to_ref(&self) -> Option<EntityRef> {
        let mut r = EntityRef::new(&self.name).ok()?.with_type(self.kind);
        if let Some(doc) = &self.scope {
            r = r.described_in(doc, self.concept.as_deref().unwrap_or(""));
        }
        Some(r)
    }
}
