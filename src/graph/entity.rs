//! Entities: the things facts are about, each with a canonical name, a type and aliases.

use super::text::{clean_name, name_key};
use super::GraphError;
use crate::document::EntityKind;

/// What kind of thing an entity is; each maps to a class of kg's ontology.
///
/// The order is from most to least specific: when one entity is seen with two types,
/// the graph keeps the more specific one (see [`EntityType::specificity`]).
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
    /// Anything else: a concept or a thing that is not a named entity ("peace deals");
    /// typed only `kg:Entity`.
    #[default]
    Thing,
}

impl EntityType {
    /// Every type, in declaration order.
    pub const ALL: [EntityType; 6] = [
        EntityType::Person,
        EntityType::Organization,
        EntityType::Place,
        EntityType::Group,
        EntityType::Event,
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
        })
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
}

/// An entity in the graph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entity {
    pub(super) key: String,
    pub(super) name: String,
    pub(super) kind: EntityType,
    pub(super) aliases: Vec<String>,
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
}
