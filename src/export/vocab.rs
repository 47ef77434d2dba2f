//! IRIs of the vocabularies kg writes: its own ontology (`ontology/kg.ttl`), PROV-O,
//! NIF 2.1, SKOS and schema.org. A test checks that every `kg:` constant here is
//! declared in `ontology/kg.ttl`.

use oxrdf::NamedNodeRef;

/// kg's ontology, as Turtle (`ontology/kg.ttl`).
pub const ONTOLOGY_TTL: &str = include_str!("../../ontology/kg.ttl");
/// SHACL shapes kg's output satisfies (`ontology/shapes.ttl`).
pub const SHAPES_TTL: &str = include_str!("../../ontology/shapes.ttl");

/// Prefixes written in Turtle, TriG, RDF/XML and JSON-LD output (plus `kgr:`, `kge:`,
/// `kgf:`, `kgd:` for the relations, entities, facts and documents under the chosen base).
pub const PREFIXES: [(&str, &str); 8] = [
    ("kg", kg::NS),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("nif", nif::NS),
    ("schema", "https://schema.org/"),
];

/// kg's ontology: `http://example.org/kg/ontology#`.
pub mod kg {
    use super::NamedNodeRef;

    /// The namespace.
    pub const NS: &str = "http://example.org/kg/ontology#";

    macro_rules! iri {
        ($($(#[$doc:meta])* $name:ident = $local:literal;)*) => {$(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!("http://example.org/kg/ontology#", $local));
        )*
            /// Every IRI of this module, for the ontology test.
            pub const ALL: &[NamedNodeRef<'static>] = &[$($name),*];
        };
    }

    iri! {
        /// Class of everything kg names; entities of unknown type have only this type.
        ENTITY = "Entity";
        /// A person.
        PERSON = "Person";
        /// An organisation.
        ORGANIZATION = "Organization";
        /// A place.
        PLACE = "Place";
        /// A group of people (nationality, religion, party).
        GROUP = "Group";
        /// An event.
        EVENT = "Event";
        /// A creative or legal work (book, film, album, law, treaty).
        WORK = "Work";
        /// A product (device, handset, software).
        PRODUCT = "Product";
        /// Superclass of the concept classes that type described things ("peace deal").
        CONCEPT = "Concept";
        /// The document a described thing belongs to (a node minted per document).
        DESCRIBED_IN = "describedIn";
        /// A fact as a node: a statement (reification) or reifier (RDF 1.2).
        FACT = "Fact";
        /// One sighting of a fact in a sentence.
        EVIDENCE = "Evidence";
        /// Class of the relation properties kg mints.
        RELATION = "Relation";
        /// Super-property of every relation kg mints.
        RELATED_TO = "relatedTo";
        /// A place something is in.
        LOCATED_IN = "locatedIn";
        /// An organisation someone belongs to.
        MEMBER_OF = "memberOf";
        /// An organisation someone works for.
        WORKS_FOR = "worksFor";
        /// An organisation or place someone holds a position of ("is chief executive of").
        HOLDS_POSITION_AT = "holdsPositionAt";
        /// An organisation or place someone leads ("is leader of", "is head of").
        LEADER_OF = "leaderOf";
        /// An organisation someone founded.
        FOUNDER_OF = "founderOf";
        /// Something someone owns.
        OWNS = "owns";
        /// Someone's husband or wife.
        SPOUSE = "spouse";
        /// A whole something is part of.
        PART_OF = "partOf";
        /// Where or when someone was born.
        BORN_IN = "bornIn";
        /// Where or when someone died.
        DIED_IN = "diedIn";
        /// A country someone is a citizen of.
        CITIZEN_OF = "citizenOf";
        /// Who said something (attribution of reported speech).
        SAID_BY = "saidBy";
        /// Who a sighting (an evidence node, or a named graph of reported facts) is
        /// attributed to: the speaker of reported speech.
        ATTRIBUTED_TO = "attributedTo";
        /// How a sighting is attributed: the verb of saying's key (`say`, `according_to`).
        ATTRIBUTION_VERB = "attributionVerb";
        /// The polarity of a sighting (or a named graph of claims): `kg:Negative` when the
        /// sentence says the fact did not happen; absent when it is positive.
        POLARITY = "polarity";
        /// Class of the two polarities.
        POLARITY_CLASS = "Polarity";
        /// The sentence says it happened.
        POSITIVE = "Positive";
        /// The sentence says it did not happen ("did not win", "failed to win").
        NEGATIVE = "Negative";
        /// Why a sighting (or a named graph of claims) does not assert its fact: a
        /// `kg:Modality`.
        MODALITY = "modality";
        /// Class of the modalities.
        MODALITY_CLASS = "Modality";
        /// "may", "could", "is likely to".
        POSSIBLE = "Possible";
        /// "should", "must".
        NECESSARY = "Necessary";
        /// "will", "would".
        FUTURE = "Future";
        /// "is believed to", "reportedly", under "think" or "claim".
        REPORTED = "Reported";
        /// Under "if" or "unless".
        CONDITIONAL = "Conditional";
        /// Under "want", "hope".
        WANTED = "Wanted";
        /// Under "plan", "decide", "promise".
        PLANNED = "Planned";
        /// Under "expect", "forecast", "is tipped to".
        EXPECTED = "Expected";
        /// Under "ask", "urge", "call on".
        ASKED = "Asked";
        /// Under "try", "seek".
        ATTEMPTED = "Attempted";
        /// Under "deny", "doubt".
        DENIED = "Denied";
        /// A question.
        QUESTIONED = "Questioned";
        /// Judged not to have happened by the factuality model, with no word saying why.
        UNCERTAIN = "Uncertain";
        /// The factuality model's value for a sighting (UDS-IH2 scale; above 0: it happened).
        FACTUALITY = "factuality";
        /// The normalized key of a relation (`call_on`).
        RELATION_KEY = "relationKey";
        /// A name the alias pass joined into an entity, as a statement about its
        /// `skos:altLabel` triple.
        NAME_JOIN = "NameJoin";
        /// Why the alias pass joined a name into an entity: the rule and the two names it
        /// compared.
        JOIN_REASON = "joinReason";
        /// How many times a fact was seen.
        SUPPORT = "support";
        /// Confidence of a fact or of one sighting, in [0, 1].
        CONFIDENCE = "confidence";
        /// From a fact to one of its sightings.
        EVIDENCE_PROP = "evidence";
        /// The subject's mention in a sighting.
        SUBJECT_MENTION = "subjectMention";
        /// The relation's words in a sighting.
        RELATION_MENTION = "relationMention";
        /// The object's mention in a sighting.
        OBJECT_MENTION = "objectMention";
        /// Index of a sentence in its document (0-based).
        SENTENCE_INDEX = "sentenceIndex";
        /// A document's identifier as given to kg.
        DOCUMENT_ID = "documentId";
        /// Datatype of percentages: the lexical form is a decimal number of percent.
        PERCENT = "percent";
        /// Datatype of amounts of money: a decimal number, a space, an ISO 4217 currency code.
        MONEY = "money";
    }
}

/// The `kg:Modality` individual of a modality kind.
#[must_use]
pub fn modality(kind: crate::extract::ModalityKind) -> NamedNodeRef<'static> {
    use crate::extract::ModalityKind as M;
    match kind {
        M::Possibility => kg::POSSIBLE,
        M::Necessity => kg::NECESSARY,
        M::Prediction => kg::FUTURE,
        M::Hearsay => kg::REPORTED,
        M::Conditional => kg::CONDITIONAL,
        M::Desire => kg::WANTED,
        M::Plan => kg::PLANNED,
        M::Expectation => kg::EXPECTED,
        M::Directive => kg::ASKED,
        M::Attempt => kg::ATTEMPTED,
        M::Denial => kg::DENIED,
        M::Question => kg::QUESTIONED,
        M::Uncertain => kg::UNCERTAIN,
    }
}

/// The modality kind a `kg:Modality` individual stands for.
#[must_use]
pub fn modality_kind(iri: &str) -> Option<crate::extract::ModalityKind> {
    crate::extract::ModalityKind::ALL
        .into_iter()
        .find(|&k| modality(k).as_str() == iri)
}

/// PROV-O.
pub mod prov {
    use super::NamedNodeRef;
    /// `prov:wasDerivedFrom`.
    pub const WAS_DERIVED_FROM: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#wasDerivedFrom");
    /// `prov:Entity`.
    pub const ENTITY: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/ns/prov#Entity");
}

/// NIF 2.1 core.
pub mod nif {
    use super::NamedNodeRef;
    /// The namespace.
    pub const NS: &str = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
    /// `nif:Context`: a document.
    pub const CONTEXT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Context",
    );
    /// `nif:Sentence`.
    pub const SENTENCE: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Sentence",
    );
    /// `nif:OffsetBasedString`: a mention given by character offsets.
    pub const OFFSET_BASED_STRING: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#OffsetBasedString",
    );
    /// `nif:beginIndex`.
    pub const BEGIN_INDEX: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex",
    );
    /// `nif:endIndex`.
    pub const END_INDEX: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#endIndex",
    );
    /// `nif:anchorOf`: the text of a string.
    pub const ANCHOR_OF: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf",
    );
    /// `nif:referenceContext`: the document a string is part of.
    pub const REFERENCE_CONTEXT: NamedNodeRef<'static> = NamedNodeRef::new_unchecked(
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#referenceContext",
    );
}

/// SKOS.
pub mod skos {
    use super::NamedNodeRef;
    /// `skos:altLabel`.
    pub const ALT_LABEL: NamedNodeRef<'static> =
        NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#altLabel");
}

/// The ontology properties a relation key is a sub-property of, most specific first, besides
/// `kg:relatedTo` (which every relation is): the common news relations, by the keys the
/// extractor writes for them ("X founded Y" `found`, "X, founder of Y" `be_founder_of`).
/// Only keys that mean the relation whatever their arguments are listed: "X leads Y" also
/// leads talks and the way, so `lead` is not `kg:leaderOf`; `be_born_in` may have a place or a
/// year, so `kg:bornIn` says either.
#[must_use]
pub fn super_properties(relation_key: &str) -> &'static [NamedNodeRef<'static>] {
    match relation_key {
        "located_in" | "be_in" | "lie_in" | "be_located_in" => &[kg::LOCATED_IN],
        "member_of" | "be_member_of" | "be_a_member_of" => &[kg::MEMBER_OF],
        "work_for" | "works_for" | "employed_by" | "be_employed_by" => &[kg::WORKS_FOR],
        "said_by" | "say_by" => &[kg::SAID_BY],
        "be_leader_of" | "be_head_of" => &[kg::LEADER_OF, kg::HOLDS_POSITION_AT],
        "found" | "co-found" | "cofound" | "be_founder_of" | "be_co-founder_of"
        | "be_cofounder_of" => &[kg::FOUNDER_OF],
        "own" | "be_owner_of" => &[kg::OWNS],
        "marry" | "be_married_to" | "be_wife_of" | "be_husband_of" => &[kg::SPOUSE],
        "be_part_of" | "form_part_of" => &[kg::PART_OF],
        "be_born_in" => &[kg::BORN_IN],
        "die_in" => &[kg::DIED_IN],
        "be_citizen_of" => &[kg::CITIZEN_OF],
        k if is_position_key(k) => &[kg::HOLDS_POSITION_AT],
        _ => &[],
    }
}

/// Whether a relation key says that its subject holds a position of its object: `be_`, a
/// role with a title among its words, and `of`, `at` or `for` (`be_chief_executive_of`,
/// `be_prime_minister_of`, `be_named_chairman_of`), as the extractor writes a person's role.
/// A passive without a title (`be_accused_of`) is not; nor is a role whose noun is no title
/// of the lexicon (`be_head_of_research_at`: "head" names body parts as often).
fn is_position_key(key: &str) -> bool {
    let Some(middle) = key.strip_prefix("be_").and_then(|k| {
        ["_of", "_at", "_for"]
            .iter()
            .find_map(|p| k.strip_suffix(p))
    }) else {
        return false;
    };
    let gazetteer = crate::lexicon::gazetteer::Gazetteer::embedded();
    !middle.is_empty()
        && (gazetteer.is_title(&middle.replace('_', " "))
            || middle
                .split('_')
                .any(|w| crate::lexicon::is_name_title(w) || gazetteer.is_title(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_key_is_a_position_and_a_passive_is_not() {
        for key in [
            "be_chief_executive_of",
            "be_prime_minister_of",
            "be_chief_swedish_economist_for",
            "be_president_of",
        ] {
            assert_eq!(super_properties(key), [kg::HOLDS_POSITION_AT], "{key}");
        }
        for key in [
            "be_accused_of",
            "be_based_in",
            "be_made_of",
            "of",
            "be_of",
            "lead",
            "head",
        ] {
            assert!(super_properties(key).is_empty(), "{key}");
        }
        assert_eq!(super_properties("be_located_in"), [kg::LOCATED_IN]);
        assert_eq!(super_properties("be_founder_of"), [kg::FOUNDER_OF]);
        assert_eq!(
            super_properties("be_head_of"),
            [kg::LEADER_OF, kg::HOLDS_POSITION_AT]
        );
        assert_eq!(super_properties("marry"), [kg::SPOUSE]);
    }
}
