//! Deterministic IRIs under a base: minted from keys and content hashes, never random.
//!
//! Entity and document IRIs percent-encode every byte outside `[A-Za-z0-9_-]` (and
//! a segment made only of dots), so they are valid ASCII IRIs whatever the name.
//! Relation IRIs must also end in an XML name, or RDF/XML cannot write them as
//! element names: their local part keeps letters and digits that XML and IRIs both
//! allow and writes any other character as `_xHHHH_`.
//!
//! A local part longer than [`MAX_LOCAL_BYTES`] keeps its first bytes and ends in
//! a hash of the whole key: stores limit IRI length (Virtuoso refuses IRIs of
//! about 8 kB, and its Turtle loader much shorter ones), while the full name
//! stays in the entity's `rdfs:label`.

use oxrdf::NamedNode;

use crate::extract::ModalityKind;
use crate::graph::text::{content_hash, ContentHasher};
use crate::graph::{CharSpan, Entity, Provenance, Relation};
use std::fmt::Write;

/// Longest local part (after encoding) written whole; longer ones are cut and
/// suffixed with a hash of the whole key, so IRIs stay short and distinct.
pub const MAX_LOCAL_BYTES: usize = 240;

/// Bytes of the encoded key kept before the hash suffix of a long local part.
const KEPT_BYTES: usize = 200;

/// Cuts `encoded` (which starts at byte `start` of `out`) to [`KEPT_BYTES`] plus
/// a hash of `key` when it is longer than [`MAX_LOCAL_BYTES`]. The cut never
/// splits a `%XX` escape, an `_xHHHH_` escape or a UTF-8 character.
fn cap_local(out: &mut String, start: usize, key: &str, separator: char) {
    if out.len() - start <= MAX_LOCAL_BYTES {
        return;
    }
    let local = &out[start..];
    let mut cut = KEPT_BYTES;
    while !local.is_char_boundary(cut) {
        cut -= 1;
    }
    // Back off to before an escape that the cut would split.
    if let Some(pct) = local[..cut].rfind('%') {
        if pct + 3 > cut {
            cut = pct;
        }
    }
    // An `_xHHHH_` escape still open at the cut (cutting a plain `_x` is harmless).
    if let Some(x) = local[..cut].rfind("_x") {
        if !local[x + 2..cut].contains('_') {
            cut = x;
        }
    }
    let hash = content_hash(&[key]);
    out.truncate(start + cut);
    out.push(separator);
    out.push_str(&hash[..20]);
}

/// The default base: IRIs of a graph whose user gave none.
pub const DEFAULT_BASE: &str = "http://example.org/kg/";

/// A checked base IRI, ending in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base(String);

/// Why a base IRI was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base IRI {base:?}: {reason}")]
pub struct BaseError {
    /// The rejected text.
    pub base: String,
    /// Why.
    pub reason: String,
}

impl Base {
    /// Checks `base`: an absolute IRI without query or fragment; a `/` is appended
    /// when it does not end in one.
    ///
    /// ```
    /// let b = kg::Base::new("https://example.com/graph")?;
    /// assert_eq!(b.as_str(), "https://example.com/graph/");
    /// assert!(kg::Base::new("not an iri").is_err());
    /// # Ok::<(), kg::BaseError>(())
    /// ```
    ///
    /// # Errors
    /// When `base` is not an absolute IRI or has a `?` or `#`.
    pub fn new(base: &str) -> Result<Self, BaseError> {
        let err = |reason: &str| BaseError {
            base: base.to_owned(),
            reason: reason.to_owned(),
        };
        if base.contains(['#', '?']) {
            return Err(err("it must not contain '#' or '?'"));
        }
        let mut b = base.to_owned();
        if !b.ends_with('/') {
            b.push('/');
        }
        NamedNode::new(b.as_str()).map_err(|e| err(&e.to_string()))?;
        Ok(Self(b))
    }

    /// The base as text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Namespace of entity IRIs.
    #[must_use]
    pub fn entity_ns(&self) -> String {
        format!("{}entity/", self.0)
    }

    /// Namespace of fact and evidence IRIs.
    #[must_use]
    pub fn fact_ns(&self) -> String {
        format!("{}fact/", self.0)
    }

    /// Namespace of document, sentence and mention IRIs.
    #[must_use]
    pub fn document_ns(&self) -> String {
        format!("{}doc/", self.0)
    }

    /// Namespace of relation IRIs.
    #[must_use]
    pub fn relation_ns(&self) -> String {
        format!("{}relation/", self.0)
    }

    /// IRI of an entity, from its key; a described thing's IRI is under its document's
    /// (`…/doc/{id}/thing/{name}`), since it is a thing of that document only.
    #[must_use]
    pub fn entity(&self, entity: &Entity) -> NamedNode {
        match entity.scope() {
            Some(doc) => self.described_thing(doc, entity.name()),
            None => self.entity_key(entity.key()),
        }
    }

    /// IRI of the entity an [`EntityRef`](crate::graph::EntityRef) names (see [`Base::entity`]).
    #[must_use]
    pub fn entity_ref(&self, entity: &crate::graph::EntityRef) -> NamedNode {
        match entity.scope() {
            Some(doc) => self.described_thing(doc, entity.name()),
            None => self.entity_key(entity.key()),
        }
    }

    fn described_thing(&self, doc: &str, name: &str) -> NamedNode {
        let key = crate::graph::text::name_key(name);
        let mut s = format!("{}/thing/", self.document(doc).as_str());
        let start = s.len();
        percent_encode_into(&key.replace(' ', "_"), &mut s);
        cap_local(&mut s, start, &key, '-');
        NamedNode::new_unchecked(s)
    }

    /// IRI of a concept class ("peace deal" → `…/concept/peace_deal`), a subclass of
    /// `kg:Concept` that types the described things it is the concept of.
    #[must_use]
    pub fn concept(&self, concept: &str) -> NamedNode {
        let mut s = format!("{}concept/", self.0);
        let start = s.len();
        percent_encode_into(&concept.replace(' ', "_"), &mut s);
        cap_local(&mut s, start, concept, '-');
        NamedNode::new_unchecked(s)
    }

    /// IRI of the entity whose key is `key`.
    #[must_use]
    pub fn entity_key(&self, key: &str) -> NamedNode {
        let mut s = self.entity_ns();
        let start = s.len();
        percent_encode_into(&key.replace(' ', "_"), &mut s);
        cap_local(&mut s, start, key, '-');
        NamedNode::new_unchecked(s)
    }

    /// IRI of a relation property, from its key.
    #[must_use]
    pub fn relation(&self, relation: &Relation) -> NamedNode {
        let mut s = self.relation_ns();
        let start = s.len();
        xml_name_into(relation.key(), &mut s);
        cap_local(&mut s, start, relation.key(), '_');
        NamedNode::new_unchecked(s)
    }

    /// IRI of a fact, from the keys of its parts.
    #[must_use]
    pub fn fact(&self, subject: &str, relation: &str, object: &str) -> NamedNode {
        // 80 bits: collisions stay negligible (about 1e-12 for a billion facts)
        // while keeping the IRI, repeated in every provenance triple, short.
        let hash = content_hash(&[subject, relation, object]);
        NamedNode::new_unchecked(format!("{}fact/{}", self.0, &hash[..20]))
    }

    /// IRI of the statement that the alias pass joined the name with key `alias` into the
    /// entity with key `entity` (a `kg:NameJoin`).
    #[must_use]
    pub fn join(&self, entity: &str, alias: &str) -> NamedNode {
        let hash = content_hash(&[entity, "skos:altLabel", alias]);
        NamedNode::new_unchecked(format!("{}join/{}", self.0, &hash[..20]))
    }

    /// IRI of one sighting of `fact`: the `occurrence`-th record with this content.
    #[must_use]
    pub fn evidence(&self, fact: &NamedNode, record: &Provenance, occurrence: usize) -> NamedNode {
        // 48 bits suffice: the hash only tells apart the sightings of one fact.
        // content_hash(&[&record.content_key(), &occurrence.to_string()]), streamed.
        let mut h = ContentHasher::new();
        let _ = write!(h, "{record:?}");
        h.end_part();
        let _ = write!(h, "{occurrence}");
        h.end_part();
        let hash = h.hex();
        NamedNode::new_unchecked(format!("{}/e/{}", fact.as_str(), &hash[..12]))
    }

    /// IRI of the named graph holding the claims of `document` that share `record`'s
    /// stance (`graphs` provenance mode): the document's IRI (or the document namespace, for
    /// facts of no known document), then `/said/` and a hash of speaker and verb for reported
    /// speech, or `/claim/` and a hash of polarity and modality for negated and modal
    /// sightings (both hashes for a negated or modal report).
    #[must_use]
    pub fn claim_graph(&self, document: Option<&NamedNode>, record: &Provenance) -> NamedNode {
        let prefix = match document {
            Some(d) => format!("{}/", d.as_str()),
            None => self.document_ns(),
        };
        let modality = record.modality.map_or("", ModalityKind::name);
        let polarity = if record.negated { "negative" } else { "" };
        let stance = record.negated || record.modality.is_some();
        match &record.attribution {
            Some(a) => {
                let said = content_hash(&[a.speaker.key(), &a.verb]);
                if stance {
                    let claim = content_hash(&[polarity, modality]);
                    NamedNode::new_unchecked(format!(
                        "{prefix}said/{}/claim/{}",
                        &said[..12],
                        &claim[..12]
                    ))
                } else {
                    NamedNode::new_unchecked(format!("{prefix}said/{}", &said[..12]))
                }
            }
            None => {
                let claim = content_hash(&[polarity, modality]);
                NamedNode::new_unchecked(format!("{prefix}claim/{}", &claim[..12]))
            }
        }
    }

    /// IRI of a document (a `nif:Context`).
    #[must_use]
    pub fn document(&self, id: &str) -> NamedNode {
        let mut s = self.document_ns();
        let start = s.len();
        percent_encode_into(id, &mut s);
        cap_local(&mut s, start, id, '-');
        NamedNode::new_unchecked(s)
    }

    /// IRI of a sentence of a document.
    #[must_use]
    pub fn sentence(&self, document: &NamedNode, index: u32) -> NamedNode {
        NamedNode::new_unchecked(format!("{}/sentence/{index}", document.as_str()))
    }

    /// IRI of a mention: the document's IRI with an RFC 5147 fragment, as NIF does.
    #[must_use]
    pub fn mention(&self, document: &NamedNode, span: CharSpan) -> NamedNode {
        NamedNode::new_unchecked(format!(
            "{}#char={},{}",
            document.as_str(),
            span.begin,
            span.end
        ))
    }
}

impl Default for Base {
    fn default() -> Self {
        Self(DEFAULT_BASE.to_owned())
    }
}

fn percent_encode_into(text: &str, out: &mut String) {
    let only_dots = text.bytes().all(|b| b == b'.');
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || (b == b'.' && !only_dots) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

/// True for characters both an XML 1.0 name and an IRI (`ucschar`) accept.
fn xml_and_iri_name_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || c == '_';
    }
    matches!(c as u32,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x2FF | 0x370..=0x37D | 0x37F..=0x1FFF
        | 0x2070..=0x218F | 0x2C00..=0x2FEF | 0x3001..=0xD7FF | 0xF900..=0xFDCF
        | 0xFDF0..=0xFFEF | 0x10000..=0x1FFFD | 0x20000..=0x2FFFD | 0x30000..=0x3FFFD
        | 0x40000..=0x4FFFD | 0x50000..=0x5FFFD | 0x60000..=0x6FFFD | 0x70000..=0x7FFFD
        | 0x80000..=0x8FFFD | 0x90000..=0x9FFFD | 0xA0000..=0xAFFFD | 0xB0000..=0xBFFFD
        | 0xC0000..=0xCFFFD | 0xD0000..=0xDFFFD | 0xE1000..=0xEFFFD)
}

fn xml_name_into(key: &str, out: &mut String) {
    if !key.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        out.push('_');
    }
    for c in key.chars() {
        if xml_and_iri_name_char(c) {
            out.push(c);
        } else {
            out.push_str(&format!("_x{:X}_", c as u32));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{EntityRef, KnowledgeGraph};

    #[test]
    fn hostile_names_give_valid_iris() {
        let base = Base::default();
        let mut g = KnowledgeGraph::new();
        for name in ["\"<>\\{|}", "..", "a b/c?d#e", "🙂 עברית", "%41"] {
            let id = g.add_entity(&EntityRef::new(name).unwrap());
            let e = g.petgraph()[id.0].clone();
            let crate::graph::Node::Entity(e) = e else {
                panic!()
            };
            let iri = base.entity(&e);
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
            assert!(iri.as_str().is_ascii());
        }
        assert_eq!(
            base.entity_key("..").as_str(),
            "http://example.org/kg/entity/%2E%2E"
        );
    }

    #[test]
    fn long_keys_give_short_distinct_iris() {
        let base = Base::default();
        let a = "é".repeat(5_000);
        let b = format!("{a}x");
        let ia = base.entity_key(&a);
        let ib = base.entity_key(&b);
        assert_ne!(ia, ib);
        for iri in [&ia, &ib, &base.document(&"<>".repeat(1_000))] {
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
            let local = iri.as_str().rsplit('/').next().unwrap();
            assert!(local.len() <= MAX_LOCAL_BYTES, "{}", local.len());
        }
        assert!(ia.as_str().contains("%C3%A9%C3%A9"));
        // Keys at the limit are written whole.
        let whole = "a".repeat(MAX_LOCAL_BYTES);
        assert!(base.entity_key(&whole).as_str().ends_with(&whole));
        let r = Relation::new(&"ü-".repeat(400)).unwrap();
        let iri = base.relation(&r);
        assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
        let local = iri.as_str().rsplit('/').next().unwrap();
        assert!(
            local.len() <= MAX_LOCAL_BYTES && !local.ends_with("_x"),
            "{local}"
        );
    }

    #[test]
    fn relation_iris_end_in_an_xml_name() {
        let base = Base::default();
        for label in ["2nd", "ünï", "call on", "x①y", "a\u{2160}"] {
            let r = Relation::new(label).unwrap();
            let iri = base.relation(&r);
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
            let local = iri.as_str().rsplit('/').next().unwrap();
            assert!(local.starts_with(|c: char| c.is_alphabetic() || c == '_'));
        }
    }
}
