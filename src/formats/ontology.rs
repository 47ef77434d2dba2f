//! A user's ontology: its classes and properties, read from OWL/RDFS in any RDF syntax
//! (Turtle, N-Triples, RDF/XML, JSON-LD, …) or from a Text2KGBench JSON ontology.
//!
//! From RDF, a **class** is a named resource typed `owl:Class` or `rdfs:Class`, or the
//! subject of `rdfs:subClassOf`; a **property** is a named resource typed
//! `owl:ObjectProperty`, `owl:DatatypeProperty` or `rdf:Property`, or the subject of
//! `rdfs:domain`, `rdfs:range` or `rdfs:subPropertyOf`. Each keeps its `rdfs:label`
//! (English or untagged first, else `skos:prefLabel`, else the IRI's local name),
//! `skos:altLabel`s, parents, and for a property its domain and range classes. Blank
//! nodes (OWL restrictions, unions) are not classes here: a domain given as a union is
//! left out rather than guessed. Classes and properties are sorted by IRI (RDF has no
//! order), so the same file gives the same ontology.
//!
//! A Text2KGBench ontology (`{"id", "concepts": [{"qid", "label"}], "relations": [{"pid",
//! "label", "domain", "range"}]}`) names Wikidata items (`Q5`, `P50`) or DBpedia ontology
//! terms (`Person`, `birthPlace`); their IRIs are made in those namespaces (a term
//! without an id is named by its label).
//!
//! A file that does not parse is a [`ParseError`] with its line (and column where the
//! parser gives one); a file that parses but declares no property is an error too, never
//! a silently empty mapping.

use super::ParseError;
use oxrdf::{NamedOrBlankNodeRef, TermRef};
use oxrdfio::{RdfFormat, RdfParser, RdfSyntaxError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_PROPERTY: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property";
const RDFS_CLASS: &str = "http://www.w3.org/2000/01/rdf-schema#Class";
const RDFS_SUBCLASS_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subClassOf";
const RDFS_SUBPROPERTY_OF: &str = "http://www.w3.org/2000/01/rdf-schema#subPropertyOf";
const RDFS_DOMAIN: &str = "http://www.w3.org/2000/01/rdf-schema#domain";
const RDFS_RANGE: &str = "http://www.w3.org/2000/01/rdf-schema#range";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const OWL_CLASS: &str = "http://www.w3.org/2002/07/owl#Class";
const OWL_OBJECT_PROPERTY: &str = "http://www.w3.org/2002/07/owl#ObjectProperty";
const OWL_DATATYPE_PROPERTY: &str = "http://www.w3.org/2002/07/owl#DatatypeProperty";
const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const SKOS_ALT_LABEL: &str = "http://www.w3.org/2004/02/skos/core#altLabel";
const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";
const WIKIDATA_PROPERTY: &str = "http://www.wikidata.org/prop/direct/";
const DBPEDIA_ONTOLOGY: &str = "http://dbpedia.org/ontology/";

/// A class of an ontology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OntologyClass {
    /// The class's IRI.
    pub iri: String,
    /// Its label (see the module documentation for which one).
    pub label: String,
    /// Other labels (`skos:altLabel`), sorted.
    pub alt_labels: Vec<String>,
    /// IRIs of its named superclasses (`rdfs:subClassOf`), sorted.
    pub superclasses: Vec<String>,
}

/// What a property's values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PropertyKind {
    /// Another resource (`owl:ObjectProperty`).
    Object,
    /// A literal (`owl:DatatypeProperty`).
    Datatype,
    /// Not said (`rdf:Property`, or only used with `rdfs:domain`/`rdfs:range`).
    Unspecified,
}

/// A property of an ontology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OntologyProperty {
    /// The property's IRI.
    pub iri: String,
    /// Its label, as the ontology's users write it (`birth place`, `director`).
    pub label: String,
    /// Other labels (`skos:altLabel`), sorted.
    pub alt_labels: Vec<String>,
    /// Object, datatype or unspecified.
    pub kind: PropertyKind,
    /// IRIs of the classes of its subjects (`rdfs:domain`), sorted.
    pub domain: Vec<String>,
    /// IRIs of the classes or datatypes of its values (`rdfs:range`), sorted.
    pub range: Vec<String>,
    /// IRIs of its named superproperties (`rdfs:subPropertyOf`), sorted.
    pub superproperties: Vec<String>,
}

/// An ontology: classes and properties, sorted by IRI when read from RDF, in the file's
/// order when read from JSON (the first of two equal IRIs kept).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ontology {
    /// A name for it: the JSON ontology's `id`, else the file's stem.
    pub id: String,
    /// Its classes.
    pub classes: Vec<OntologyClass>,
    /// Its properties (never empty).
    pub properties: Vec<OntologyProperty>,
}

impl Ontology {
    /// Reads an ontology file: a Text2KGBench ontology when it ends in `.json`, else RDF
    /// in the syntax its extension names (`.ttl`, `.nt`, `.rdf`/`.owl`/`.xml`, `.jsonld`, …).
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// let path = dir.path().join("onto.ttl");
    /// std::fs::write(&path, "<http://example.org/memberOf> a <http://www.w3.org/2002/07/owl#ObjectProperty> .")?;
    /// let onto = kg::Ontology::read(&path)?;
    /// assert_eq!((onto.id.as_str(), onto.properties[0].label.as_str()), ("onto", "member of"));
    /// std::fs::write(&path, "<http://example.org/a> <http://example.org/b>")?;
    /// let err = kg::Ontology::read(&path).unwrap_err();
    /// assert_eq!(err.line, 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// A [`ParseError`] naming the file: it cannot be read (line 0), its extension names no
    /// known syntax, it does not parse (with the line and column), or it declares no property.
    pub fn read(path: &Path) -> Result<Self, ParseError> {
        read(path)
    }

    /// Reads an ontology from RDF `bytes` in `format`; `id` names it, `file` is for errors.
    ///
    /// ```
    /// use kg::{Ontology, PropertyKind, RdfFormat};
    ///
    /// let ttl = r#"
    /// @prefix ex: <http://example.org/onto#> .
    /// @prefix owl: <http://www.w3.org/2002/07/owl#> .
    /// @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    /// ex:Person a owl:Class ; rdfs:label "person"@en .
    /// ex:worksFor a owl:ObjectProperty ; rdfs:domain ex:Person ; rdfs:range ex:Company .
    /// "#;
    /// let onto = Ontology::from_rdf(ttl.as_bytes(), RdfFormat::Turtle, "ex", "ex.ttl")?;
    /// let works_for = &onto.properties[0];
    /// assert_eq!(works_for.label, "works for"); // from the local name, no label given
    /// assert_eq!(works_for.kind, PropertyKind::Object);
    /// assert_eq!(works_for.domain, ["http://example.org/onto#Person"]);
    /// assert_eq!(onto.class("http://example.org/onto#Person").unwrap().label, "person");
    /// # Ok::<(), kg::ParseError>(())
    /// ```
    ///
    /// # Errors
    /// A [`ParseError`] with the line (and column) where the syntax is wrong, or when the
    /// ontology declares no property.
    pub fn from_rdf(
        bytes: &[u8],
        format: RdfFormat,
        id: &str,
        file: &str,
    ) -> Result<Self, ParseError> {
        parse_rdf(bytes, format, id, file)
    }

    /// The class with IRI `iri`.
    #[must_use]
    pub fn class(&self, iri: &str) -> Option<&OntologyClass> {
        self.classes.iter().find(|c| c.iri == iri)
    }
}

fn read(path: &Path) -> Result<Ontology, ParseError> {
    let file = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|e| ParseError::new(&file, 0, e.to_string()))?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("ontology");
    if ext == "json" {
        let text = String::from_utf8(bytes)
            .map_err(|e| ParseError::new(&file, 0, format!("not UTF-8: {e}")))?;
        return parse_text2kg_json(&text, &file);
    }
    let format = match ext.as_str() {
        "owl" | "xml" => Some(RdfFormat::RdfXml),
        other => RdfFormat::from_extension(other),
    }
    .ok_or_else(|| {
        ParseError::new(
            &file,
            0,
            format!(
                "unknown ontology syntax {ext:?}: expected .ttl, .nt, .rdf, .owl, .jsonld, … or a Text2KGBench .json"
            ),
        )
    })?;
    parse_rdf(&bytes, format, stem, &file)
}

fn parse_rdf(
    bytes: &[u8],
    format: RdfFormat,
    id: &str,
    file: &str,
) -> Result<Ontology, ParseError> {
    #[derive(Default)]
    struct Node {
        types: BTreeSet<String>,
        labels: Vec<(u8, String)>,
        alt_labels: BTreeSet<String>,
        parents: BTreeSet<String>,
        domain: BTreeSet<String>,
        range: BTreeSet<String>,
        class_like: bool,
        property_like: bool,
    }
    let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
    for quad in RdfParser::from_format(format).for_slice(bytes) {
        let quad = quad.map_err(|e| rdf_error(file, e))?;
        let NamedOrBlankNodeRef::NamedNode(subject) = quad.subject.as_ref() else {
            continue; // restrictions, unions: not named classes
        };
        let predicate = quad.predicate.as_str();
        let object_iri = match quad.object.as_ref() {
            TermRef::NamedNode(n) => Some(n.as_str().to_owned()),
            _ => None,
        };
        let node = nodes.entry(subject.as_str().to_owned()).or_default();
        match (predicate, object_iri) {
            (RDF_TYPE, Some(class)) => {
                node.class_like |= class == OWL_CLASS || class == RDFS_CLASS;
                node.property_like |= class == OWL_OBJECT_PROPERTY
                    || class == OWL_DATATYPE_PROPERTY
                    || class == RDF_PROPERTY;
                node.types.insert(class);
            }
            (RDFS_SUBCLASS_OF, Some(parent)) => {
                node.class_like = true;
                node.parents.insert(parent);
            }
            (RDFS_SUBPROPERTY_OF, Some(parent)) => {
                node.property_like = true;
                node.parents.insert(parent);
            }
            (RDFS_DOMAIN, Some(class)) => {
                node.property_like = true;
                node.domain.insert(class);
            }
            (RDFS_RANGE, Some(class)) => {
                node.property_like = true;
                node.range.insert(class);
            }
            (p @ (RDFS_LABEL | SKOS_PREF_LABEL), None) => {
                if let TermRef::Literal(l) = quad.object.as_ref() {
                    // Preference: rdfs:label in English or untagged, then other rdfs:labels,
                    // then skos:prefLabel likewise; ties by the text, for determinism.
                    let english = l.language().is_none_or(|t| t.starts_with("en"));
                    let rank = u8::from(!english) + if p == SKOS_PREF_LABEL { 2 } else { 0 };
                    node.labels.push((rank, l.value().to_owned()));
                }
            }
            (RDFS_DOMAIN | RDFS_RANGE, None) => {
                // A union or restriction: a property still, its classes unnamed.
                node.property_like = true;
            }
            (SKOS_ALT_LABEL, None) => {
                if let TermRef::Literal(l) = quad.object.as_ref() {
                    node.alt_labels.insert(l.value().to_owned());
                }
            }
            _ => {}
        }
    }
    let mut classes = Vec::new();
    let mut properties = Vec::new();
    for (iri, mut node) in nodes {
        node.labels.sort();
        let label = node
            .labels
            .first()
            .map_or_else(|| words_of_local_name(&iri), |(_, l)| l.clone());
        let alt_labels = node.alt_labels.into_iter().collect();
        if node.property_like {
            let kind = if node.types.contains(OWL_OBJECT_PROPERTY) {
                PropertyKind::Object
            } else if node.types.contains(OWL_DATATYPE_PROPERTY) {
                PropertyKind::Datatype
            } else {
                PropertyKind::Unspecified
            };
            properties.push(OntologyProperty {
                iri,
                label,
                alt_labels,
                kind,
                domain: node.domain.into_iter().collect(),
                range: node.range.into_iter().collect(),
                superproperties: node.parents.into_iter().collect(),
            });
        } else if node.class_like {
            classes.push(OntologyClass {
                iri,
                label,
                alt_labels,
                superclasses: node.parents.into_iter().collect(),
            });
        }
    }
    classes.sort_by(|a, b| a.iri.cmp(&b.iri));
    properties.sort_by(|a, b| a.iri.cmp(&b.iri));
    finish(id, file, classes, properties)
}

/// Reads a Text2KGBench JSON ontology; `file` is for errors.
///
/// # Errors
/// A [`ParseError`] with the line of a JSON error, or when the ontology has no relation.
pub fn parse_text2kg_json(text: &str, file: &str) -> Result<Ontology, ParseError> {
    #[derive(serde::Deserialize)]
    struct Concept {
        #[serde(default)]
        qid: String,
        label: String,
    }
    #[derive(serde::Deserialize)]
    struct Relation {
        #[serde(default)]
        pid: String,
        label: String,
        #[serde(default)]
        domain: Option<String>,
        #[serde(default)]
        range: Option<String>,
    }
    #[derive(serde::Deserialize)]
    struct Json {
        id: String,
        concepts: Vec<Concept>,
        relations: Vec<Relation>,
    }
    let json: Json = serde_json::from_str(text).map_err(|e| ParseError {
        file: file.to_owned(),
        line: e.line(),
        column: Some(e.column()).filter(|&c| c > 0),
        message: e.to_string(),
    })?;
    // A term without an id is named by its label (spaces as `_`).
    let id_of = |id: &str, label: &str| {
        if id.is_empty() {
            label.replace(' ', "_")
        } else {
            id.to_owned()
        }
    };
    let item = |id: &str| {
        if is_wikidata_id(id, 'Q') {
            format!("{WIKIDATA_ENTITY}{id}")
        } else {
            format!("{DBPEDIA_ONTOLOGY}{id}")
        }
    };
    let property = |id: &str| {
        if is_wikidata_id(id, 'P') {
            format!("{WIKIDATA_PROPERTY}{id}")
        } else {
            format!("{DBPEDIA_ONTOLOGY}{id}")
        }
    };
    let classes = json
        .concepts
        .iter()
        .map(|c| OntologyClass {
            iri: item(&id_of(&c.qid, &c.label)),
            label: c.label.clone(),
            alt_labels: Vec::new(),
            superclasses: Vec::new(),
        })
        .collect();
    let properties = json
        .relations
        .iter()
        .map(|r| OntologyProperty {
            iri: property(&id_of(&r.pid, &r.label)),
            label: r.label.clone(),
            alt_labels: Vec::new(),
            kind: PropertyKind::Unspecified,
            // The benchmark writes "" for a range it does not give.
            domain: r
                .domain
                .iter()
                .filter(|d| !d.is_empty())
                .map(|d| item(d))
                .collect(),
            range: r
                .range
                .iter()
                .filter(|d| !d.is_empty())
                .map(|d| item(d))
                .collect(),
            superproperties: Vec::new(),
        })
        .collect();
    finish(&json.id, file, classes, properties)
}

/// Joins repeated IRIs (a JSON ontology may list a relation once per domain: the first
/// stays, with every domain and range) and refuses an ontology without properties.
fn finish(
    id: &str,
    file: &str,
    mut classes: Vec<OntologyClass>,
    properties: Vec<OntologyProperty>,
) -> Result<Ontology, ParseError> {
    if properties.is_empty() {
        return Err(ParseError::new(
            file,
            0,
            "the ontology declares no property (owl:ObjectProperty, owl:DatatypeProperty, \
             rdf:Property, or a subject of rdfs:domain, rdfs:range or rdfs:subPropertyOf)",
        ));
    }
    let mut seen = std::collections::HashSet::new();
    classes.retain(|c| seen.insert(c.iri.clone()));
    let mut first: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut joined: Vec<OntologyProperty> = Vec::with_capacity(properties.len());
    for p in properties {
        if let Some(&i) = first.get(&p.iri) {
            let q: &mut OntologyProperty = &mut joined[i];
            for (to, from) in [
                (&mut q.domain, p.domain),
                (&mut q.range, p.range),
                (&mut q.alt_labels, p.alt_labels),
                (&mut q.superproperties, p.superproperties),
            ] {
                to.extend(from);
                to.sort();
                to.dedup();
            }
        } else {
            first.insert(p.iri.clone(), joined.len());
            joined.push(p);
        }
    }
    let properties = joined;
    Ok(Ontology {
        id: id.to_owned(),
        classes,
        properties,
    })
}

fn is_wikidata_id(id: &str, prefix: char) -> bool {
    id.strip_prefix(prefix)
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// The words of an IRI's local name: `birthPlace` → "birth place", `works_for` → "works for".
fn words_of_local_name(iri: &str) -> String {
    let local = iri
        .rsplit(['#', '/', ':'])
        .find(|s| !s.is_empty())
        .unwrap_or(iri);
    let mut out = String::with_capacity(local.len() + 4);
    let mut prev_lower = false;
    for c in local.chars() {
        if c == '_' || c == '-' {
            if !out.ends_with(' ') && !out.is_empty() {
                out.push(' ');
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower {
            out.push(' ');
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        out.extend(c.to_lowercase());
    }
    out.trim_end().to_owned()
}

/// An RDF syntax error as a [`ParseError`] with its 1-based line and column.
fn rdf_error(file: &str, e: RdfSyntaxError) -> ParseError {
    let (line, column) = e.location().map_or((0, None), |r| {
        (r.start.line as usize + 1, Some(r.start.column as usize + 1))
    });
    // The position is ours to show: keep the parser's words without its own.
    let text = e.to_string();
    let message = match text.strip_prefix("Parser error at ") {
        Some(rest) => rest.split_once(": ").map_or(text.as_str(), |(_, m)| m),
        None => text.as_str(),
    };
    ParseError {
        file: file.to_owned(),
        line,
        column,
        message: message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TTL: &str = r#"@prefix ex: <http://example.org/onto#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:Agent a owl:Class .
ex:Person rdfs:subClassOf ex:Agent ; rdfs:label "Person"@de , "person"@en .
ex:Organisation a owl:Class ; skos:prefLabel "organisation" ; skos:altLabel "company" , "firm" .
ex:employer a owl:ObjectProperty ;
    rdfs:label "employer" ;
    skos:altLabel "works for" ;
    rdfs:domain ex:Person ;
    rdfs:range ex:Organisation ;
    rdfs:subPropertyOf ex:affiliation .
ex:birthDate a owl:DatatypeProperty ; rdfs:domain ex:Person ; rdfs:range xsd:date .
ex:nickname rdfs:domain [ owl:unionOf ( ex:Person ex:Organisation ) ] .
"#;

    #[test]
    fn classes_and_properties_from_turtle() {
        let o = parse_rdf(TTL.as_bytes(), RdfFormat::Turtle, "ex", "ex.ttl").unwrap();
        let iris: Vec<&str> = o.classes.iter().map(|c| c.iri.as_str()).collect();
        assert_eq!(
            iris,
            [
                "http://example.org/onto#Agent",
                "http://example.org/onto#Organisation",
                "http://example.org/onto#Person"
            ]
        );
        let person = o.class("http://example.org/onto#Person").unwrap();
        assert_eq!(person.label, "person"); // English before German
        assert_eq!(person.superclasses, ["http://example.org/onto#Agent"]);
        let org = o.class("http://example.org/onto#Organisation").unwrap();
        assert_eq!(org.label, "organisation");
        assert_eq!(org.alt_labels, ["company", "firm"]);
        assert_eq!(
            o.class("http://example.org/onto#Agent").unwrap().label,
            "agent"
        );

        let names: Vec<&str> = o.properties.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(names, ["birth date", "employer", "nickname"]);
        let employer = &o.properties[1];
        assert_eq!(employer.kind, PropertyKind::Object);
        assert_eq!(employer.alt_labels, ["works for"]);
        assert_eq!(employer.domain, ["http://example.org/onto#Person"]);
        assert_eq!(employer.range, ["http://example.org/onto#Organisation"]);
        assert_eq!(
            employer.superproperties,
            ["http://example.org/onto#affiliation"]
        );
        assert_eq!(o.properties[0].kind, PropertyKind::Datatype);
        assert_eq!(
            o.properties[0].range,
            ["http://www.w3.org/2001/XMLSchema#date"]
        );
        // A domain given as a union is left out, not guessed.
        assert!(o.properties[2].domain.is_empty());
        assert_eq!(o.properties[2].kind, PropertyKind::Unspecified);
    }

    #[test]
    fn rdf_xml_gives_the_same_ontology_as_turtle() {
        let xml = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#"
         xmlns:owl="http://www.w3.org/2002/07/owl#">
  <owl:Class rdf:about="http://example.org/o#City"/>
  <owl:ObjectProperty rdf:about="http://example.org/o#locatedIn">
    <rdfs:range rdf:resource="http://example.org/o#City"/>
  </owl:ObjectProperty>
</rdf:RDF>"#;
        let ttl = "@prefix o: <http://example.org/o#> .\n\
                   @prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
                   @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
                   o:City a owl:Class .\n\
                   o:locatedIn a owl:ObjectProperty ; rdfs:range o:City .\n";
        let a = parse_rdf(xml.as_bytes(), RdfFormat::RdfXml, "o", "o.owl").unwrap();
        let b = parse_rdf(ttl.as_bytes(), RdfFormat::Turtle, "o", "o.ttl").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.properties[0].label, "located in");
    }

    #[test]
    fn syntax_errors_name_the_line_and_column() {
        let bad =
            "@prefix ex: <http://example.org/> .\n\nex:a ex:b ex:c ;\n  ex:d \"unterminated .\n";
        let e = parse_rdf(bad.as_bytes(), RdfFormat::Turtle, "x", "bad.ttl").unwrap_err();
        assert_eq!(e.file, "bad.ttl");
        assert_eq!(e.line, 4, "{e}");
        assert!(e.column.is_some(), "{e}");
        let e = parse_rdf(b"@prefix : <x> .\n:a :b", RdfFormat::Turtle, "x", "t.ttl").unwrap_err();
        assert!(e.line >= 1, "{e}");
    }

    #[test]
    fn an_ontology_without_properties_is_an_error() {
        let only_classes = "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n\
                            <http://example.org/A> a owl:Class .\n";
        let e = parse_rdf(only_classes.as_bytes(), RdfFormat::Turtle, "x", "c.ttl").unwrap_err();
        assert!(e.message.contains("no property"), "{e}");
        let e = parse_rdf(b"", RdfFormat::Turtle, "x", "empty.ttl").unwrap_err();
        // Line 0, the file as a whole, is shown without a line number.
        assert_eq!(e.line, 0);
        assert!(e.to_string().starts_with("empty.ttl: the ontology"), "{e}");
        let e = parse_text2kg_json(r#"{"id": "x", "concepts": [], "relations": []}"#, "x.json")
            .unwrap_err();
        assert!(e.message.contains("no property"), "{e}");
    }

    #[test]
    fn text2kgbench_json_in_wikidata_and_dbpedia_namespaces() {
        let json = r#"{"title": "t", "id": "ont_9_test",
            "concepts": [{"qid": "Q5", "label": "human"}, {"qid": "Q515", "label": "city"}],
            "relations": [{"pid": "P19", "label": "place of birth", "domain": "Q5", "range": "Q515"},
                          {"pid": "birthPlace", "label": "birthPlace", "domain": "Person", "range": "City"}]}"#;
        let o = parse_text2kg_json(json, "o.json").unwrap();
        assert_eq!(o.id, "ont_9_test");
        assert_eq!(o.classes[0].iri, "http://www.wikidata.org/entity/Q5");
        let labels: Vec<&str> = o.properties.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["place of birth", "birthPlace"]); // the file's order
        let p19 = &o.properties[0];
        assert_eq!(p19.iri, "http://www.wikidata.org/prop/direct/P19");
        assert_eq!(p19.range, ["http://www.wikidata.org/entity/Q515"]);
        let dbp = o
            .properties
            .iter()
            .find(|p| p.label == "birthPlace")
            .unwrap();
        assert_eq!(dbp.iri, "http://dbpedia.org/ontology/birthPlace");
        assert_eq!(dbp.domain, ["http://dbpedia.org/ontology/Person"]);
        let twice = r#"{"id": "x", "concepts": [],
            "relations": [{"pid": "P118", "label": "league", "domain": "Q2", "range": "Q9"},
                          {"pid": "P118", "label": "league", "domain": "Q1", "range": "Q9"}]}"#;
        let o = parse_text2kg_json(twice, "x.json").unwrap();
        assert_eq!(o.properties.len(), 1);
        assert_eq!(
            o.properties[0].domain,
            [
                "http://www.wikidata.org/entity/Q1",
                "http://www.wikidata.org/entity/Q2"
            ]
        );
        let no_range = r#"{"id": "x", "concepts": [],
            "relations": [{"pid": "P577", "label": "publication date", "domain": "Q1", "range": ""}]}"#;
        assert!(
            parse_text2kg_json(no_range, "x.json").unwrap().properties[0]
                .range
                .is_empty()
        );
        let e = parse_text2kg_json("{\n \"id\": 3\n}", "bad.json").unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn local_names_become_words() {
        assert_eq!(
            words_of_local_name("http://x.org/o#birthPlace"),
            "birth place"
        );
        assert_eq!(words_of_local_name("http://x.org/works_for"), "works for");
        assert_eq!(words_of_local_name("http://x.org/o/Person"), "person");
        assert_eq!(words_of_local_name("urn:x:memberOf"), "member of");
    }
}
