//! SHACL Core validation of a graph against a shapes graph.
//!
//! [`Shapes::parse`] reads a shapes graph (Turtle or any RDF syntax) into node and property
//! shapes; [`Shapes::validate`] checks a data graph and returns a [`Report`] whose
//! [`Violation`]s name the focus node, the path, the value and a message.
//!
//! Why our own: the maintained Rust SHACL engines (rudof's `shacl_validation`, `oxirs-shacl`)
//! each bring their own RDF stack and a large dependency tree for what is here a few hundred
//! lines over oxrdf's indexed [`Graph`]. Pattern look-ups on that graph are all a SHACL Core
//! constraint needs, so no SPARQL strings are built (and none need escaping).
//!
//! Supported: targets (`sh:targetClass` with `rdfs:subClassOf*`, implicit class targets,
//! `sh:targetNode`, `sh:targetSubjectsOf`, `sh:targetObjectsOf`); paths (predicate, inverse,
//! sequence, alternative, `*`, `+`, `?`); the Core constraint components `class`, `datatype`
//! (with a lexical check of the common XSD types), `nodeKind`, `minCount`, `maxCount`,
//! `minInclusive`, `maxInclusive`, `minExclusive`, `maxExclusive`, `minLength`, `maxLength`,
//! `pattern` (with `flags`), `languageIn`, `uniqueLang`, `equals`, `disjoint`, `lessThan`,
//! `lessThanOrEquals`, `not`, `and`, `or`, `xone`, `node`, `property`, `qualifiedValueShape`
//! (with min and max count), `closed` (with `ignoredProperties`), `hasValue`, `in`;
//! `sh:message`, `sh:severity`, `sh:deactivated`. Not supported (listed by
//! [`Shapes::unsupported`]): SHACL-SPARQL and anything outside the `sh:` Core vocabulary.
//! `pattern` uses Rust's regex syntax, which agrees with XPath's on everything but
//! back-references and character-class subtraction.
//!
//! A dataset (N-Quads, TriG) is validated as the union of its graphs.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{
    Graph, Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef, TripleRef,
};
use oxrdfio::{RdfFormat, RdfParseError, RdfParser};
use regex::Regex;

/// The SHACL namespace.
pub const SH: &str = "http://www.w3.org/ns/shacl#";

/// Deepest nesting of `sh:node`/`sh:not`/… checks; SHACL leaves recursive shapes undefined,
/// and this keeps a cyclic shapes graph from overflowing the stack.
const MAX_DEPTH: usize = 64;
/// Longest RDF list read; a cyclic list stops here.
const MAX_LIST: usize = 100_000;

/// Why validation could not run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ValidateError {
    /// The data or shapes graph is malformed.
    #[error(transparent)]
    Parse(#[from] RdfParseError),
    /// A shape is malformed (a bad path, a non-integer count, an invalid regular expression…).
    #[error("shape {shape}: {message}")]
    Shape {
        /// The shape's node.
        shape: String,
        /// What is wrong.
        message: String,
    },
}

/// Reads any RDF syntax into one graph (the union of a dataset's graphs).
///
/// # Errors
/// On malformed input; the error carries the line and column.
pub fn read_graph(reader: impl Read, format: RdfFormat) -> Result<Graph, ValidateError> {
    let mut graph = Graph::new();
    for quad in RdfParser::from_format(format).for_reader(reader) {
        let quad = quad?;
        graph.insert(TripleRef::new(&quad.subject, &quad.predicate, &quad.object));
    }
    Ok(graph)
}

/// One SHACL validation result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The focus node.
    pub focus: Term,
    /// The path of the property shape, in SPARQL property-path syntax, if any.
    pub path: Option<String>,
    /// The value node at fault, if the constraint is about one value.
    pub value: Option<Term>,
    /// The constraint component, e.g. `sh:MinCountConstraintComponent`.
    pub component: String,
    /// The shape holding the constraint: its IRI, or `[sh:path …]` for an anonymous property
    /// shape (blank-node labels are random, so they are not shown).
    pub shape: String,
    /// `sh:Violation`, `sh:Warning` or `sh:Info`.
    pub severity: String,
    /// `sh:message` of the shape, or a generated explanation.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: focus {}", self.severity, self.focus)?;
        if let Some(p) = &self.path {
            write!(f, " path {p}")?;
        }
        if let Some(v) = &self.value {
            write!(f, " value {}", Short(v))?;
        }
        write!(
            f,
            ": {} [{} of shape {}]",
            self.message, self.component, self.shape
        )
    }
}

/// A term shortened for messages: a literal longer than 80 characters is cut with its length.
struct Short<'a>(&'a Term);

impl fmt::Display for Short<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0.to_string();
        let n = s.chars().count();
        if n > 80 {
            let head: String = s.chars().take(60).collect();
            write!(f, "{head}… ({n} characters)")
        } else {
            f.write_str(&s)
        }
    }
}

/// The outcome of a validation.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Every result, sorted by focus node, path, component and value.
    pub violations: Vec<Violation>,
    /// How many (shape, focus node) pairs were checked.
    pub focus_nodes: usize,
}

impl Report {
    /// `true` when there is no result at all (of any severity), as SHACL defines `sh:conforms`.
    pub fn conforms(&self) -> bool {
        self.violations.is_empty()
    }
}

type ShapeId = usize;

#[derive(Debug, Clone)]
enum Path {
    Predicate(NamedNode),
    Inverse(Box<Path>),
    Sequence(Vec<Path>),
    Alternative(Vec<Path>),
    ZeroOrMore(Box<Path>),
    OneOrMore(Box<Path>),
    ZeroOrOne(Box<Path>),
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let group = |p: &Path| match p {
            Path::Sequence(_) | Path::Alternative(_) => format!("({p})"),
            _ => p.to_string(),
        };
        match self {
            Path::Predicate(p) => write!(f, "{p}"),
            Path::Inverse(p) => write!(f, "^{}", group(p)),
            Path::Sequence(ps) => {
                write!(f, "{}", ps.iter().map(&group).collect::<Vec<_>>().join("/"))
            }
            Path::Alternative(ps) => {
                write!(f, "{}", ps.iter().map(&group).collect::<Vec<_>>().join("|"))
            }
            Path::ZeroOrMore(p) => write!(f, "{}*", group(p)),
            Path::OneOrMore(p) => write!(f, "{}+", group(p)),
            Path::ZeroOrOne(p) => write!(f, "{}?", group(p)),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Iri,
    BlankNode,
    Literal,
    BlankNodeOrIri,
    BlankNodeOrLiteral,
    IriOrLiteral,
}

impl NodeKind {
    fn name(self) -> &'static str {
        match self {
            NodeKind::Iri => "sh:IRI",
            NodeKind::BlankNode => "sh:BlankNode",
            NodeKind::Literal => "sh:Literal",
            NodeKind::BlankNodeOrIri => "sh:BlankNodeOrIRI",
            NodeKind::BlankNodeOrLiteral => "sh:BlankNodeOrLiteral",
            NodeKind::IriOrLiteral => "sh:IRIOrLiteral",
        }
    }
}

#[derive(Debug, Clone)]
enum Constraint {
    Class(NamedNode),
    Datatype(NamedNode),
    NodeKind(NodeKind),
    MinCount(u64),
    MaxCount(u64),
    Range(RangeKind, Term),
    MinLength(u64),
    MaxLength(u64),
    Pattern(Regex, String),
    LanguageIn(Vec<String>),
    UniqueLang,
    Equals(NamedNode),
    Disjoint(NamedNode),
    LessThan(NamedNode, bool),
    Not(ShapeId),
    And(Vec<ShapeId>),
    Or(Vec<ShapeId>),
    Xone(Vec<ShapeId>),
    Node(ShapeId),
    Property(ShapeId),
    Qualified {
        shape: ShapeId,
        min: Option<u64>,
        max: Option<u64>,
        disjoint: bool,
    },
    Closed(HashSet<NamedNode>),
    HasValue(Term),
    In(Vec<Term>),
}

#[derive(Debug, Clone, Copy)]
enum RangeKind {
    MinInclusive,
    MaxInclusive,
    MinExclusive,
    MaxExclusive,
}

#[derive(Debug, Clone)]
enum Target {
    Class(NamedNode),
    Node(Term),
    SubjectsOf(NamedNode),
    ObjectsOf(NamedNode),
}

#[derive(Debug, Clone)]
struct Shape {
    node: Term,
    /// How reports name the shape (see [`Violation::shape`]).
    label: String,
    path: Option<Path>,
    targets: Vec<Target>,
    constraints: Vec<Constraint>,
    message: Option<String>,
    severity: String,
    deactivated: bool,
    /// Sibling shapes of a qualified value shape with `sh:qualifiedValueShapesDisjoint`.
    siblings: Vec<ShapeId>,
}

/// A parsed shapes graph.
#[derive(Debug, Clone)]
pub struct Shapes {
    shapes: Vec<Shape>,
    /// Shapes with at least one target: where validation starts.
    roots: Vec<ShapeId>,
    unsupported: BTreeSet<String>,
}

fn sh(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{SH}{local}"))
}

fn subject_of(term: &Term) -> Option<NamedOrBlankNodeRef<'_>> {
    match term {
        Term::NamedNode(n) => Some(n.into()),
        Term::BlankNode(b) => Some(b.into()),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// The `sh:` properties this validator understands on a shape.
const KNOWN: &[&str] = &[
    "targetClass",
    "targetNode",
    "targetSubjectsOf",
    "targetObjectsOf",
    "path",
    "class",
    "datatype",
    "nodeKind",
    "minCount",
    "maxCount",
    "minInclusive",
    "maxInclusive",
    "minExclusive",
    "maxExclusive",
    "minLength",
    "maxLength",
    "pattern",
    "flags",
    "languageIn",
    "uniqueLang",
    "equals",
    "disjoint",
    "lessThan",
    "lessThanOrEquals",
    "not",
    "and",
    "or",
    "xone",
    "node",
    "property",
    "qualifiedValueShape",
    "qualifiedMinCount",
    "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint",
    "closed",
    "ignoredProperties",
    "hasValue",
    "in",
    "message",
    "severity",
    "deactivated",
    "name",
    "description",
    "order",
    "group",
    "defaultValue",
];

struct Parser<'a> {
    g: &'a Graph,
    shapes: Vec<Shape>,
    ids: HashMap<Term, ShapeId>,
    unsupported: BTreeSet<String>,
}

impl Shapes {
    /// Parses a shapes graph from any RDF syntax.
    ///
    /// # Errors
    /// On malformed RDF or a malformed shape (bad path, count, pattern or list).
    pub fn parse(reader: impl Read, format: RdfFormat) -> Result<Self, ValidateError> {
        Self::from_graph(&read_graph(reader, format)?)
    }

    /// Reads the shapes from a graph.
    ///
    /// # Errors
    /// On a malformed shape.
    pub fn from_graph(g: &Graph) -> Result<Self, ValidateError> {
        let mut p = Parser {
            g,
            shapes: Vec::new(),
            ids: HashMap::new(),
            unsupported: BTreeSet::new(),
        };
        // Every node that is declared a shape or has a target is a shape; others are parsed
        // when referenced.
        let mut candidates: Vec<Term> = Vec::new();
        for class in [sh("NodeShape"), sh("PropertyShape")] {
            candidates.extend(
                g.subjects_for_predicate_object(rdf::TYPE, &class)
                    .map(|s| Term::from(s.into_owned())),
            );
        }
        for t in [
            "targetClass",
            "targetNode",
            "targetSubjectsOf",
            "targetObjectsOf",
        ] {
            candidates.extend(
                g.triples_for_predicate(&sh(t))
                    .map(|t| Term::from(t.subject.into_owned())),
            );
        }
        let mut roots = Vec::new();
        let mut seen = HashSet::new();
        for c in candidates {
            if !seen.insert(c.clone()) {
                continue;
            }
            let id = p.shape(&c, 0)?;
            if !p.shapes[id].targets.is_empty() && !roots.contains(&id) {
                roots.push(id);
            }
        }
        Ok(Self {
            shapes: p.shapes,
            roots,
            unsupported: p.unsupported,
        })
    }

    /// Number of shapes read (node and property shapes).
    pub fn len(&self) -> usize {
        self.shapes.len()
    }

    /// `true` when the shapes graph declares no shape.
    pub fn is_empty(&self) -> bool {
        self.shapes.is_empty()
    }

    /// `sh:` properties used on shapes that this validator ignores (e.g. `sh:sparql`).
    pub fn unsupported(&self) -> impl Iterator<Item = &str> {
        self.unsupported.iter().map(String::as_str)
    }

    /// Validates `data`: every focus node of every targeted shape, against that shape.
    pub fn validate(&self, data: &Graph) -> Report {
        let mut v = Validator {
            shapes: self,
            data,
            out: Vec::new(),
        };
        let mut focus_nodes = 0;
        for &root in &self.roots {
            let shape = &self.shapes[root];
            if shape.deactivated {
                continue;
            }
            for focus in v.targets(shape) {
                focus_nodes += 1;
                v.check(root, &focus, 0);
            }
        }
        // Same input, same output: the graph's indexes do not keep insertion order.
        let mut violations = v.out;
        violations.sort_by_cached_key(|v| {
            (
                v.focus.to_string(),
                v.path.clone(),
                v.component.clone(),
                v.value.as_ref().map(ToString::to_string),
                v.message.clone(),
            )
        });
        violations.dedup();
        Report {
            violations,
            focus_nodes,
        }
    }
}

impl Parser<'_> {
    fn err(&self, node: &Term, message: impl Into<String>) -> ValidateError {
        ValidateError::Shape {
            shape: node.to_string(),
            message: message.into(),
        }
    }

    fn objects(&self, node: &Term, local: &str) -> Vec<Term> {
        match subject_of(node) {
            Some(s) => self
                .g
                .objects_for_subject_predicate(s, &sh(local))
                .map(TermRef::into_owned)
                .collect(),
            None => Vec::new(),
        }
    }

    fn object(&self, node: &Term, local: &str) -> Option<Term> {
        self.objects(node, local).into_iter().next()
    }

    fn list(&self, head: &Term) -> Result<Vec<Term>, ValidateError> {
        let mut out = Vec::new();
        let mut cur = head.clone();
        while cur != Term::from(rdf::NIL.into_owned()) {
            if out.len() >= MAX_LIST {
                return Err(self.err(head, "RDF list too long or cyclic"));
            }
            let s = subject_of(&cur).ok_or_else(|| self.err(head, "malformed RDF list"))?;
            let first = self
                .g
                .object_for_subject_predicate(s, rdf::FIRST)
                .ok_or_else(|| self.err(head, "RDF list item without rdf:first"))?;
            out.push(first.into_owned());
            cur = self
                .g
                .object_for_subject_predicate(s, rdf::REST)
                .ok_or_else(|| self.err(head, "RDF list item without rdf:rest"))?
                .into_owned();
        }
        Ok(out)
    }

    fn count(&self, node: &Term, local: &str) -> Result<Option<u64>, ValidateError> {
        match self.object(node, local) {
            None => Ok(None),
            Some(Term::Literal(l)) => {
                l.value().trim().parse::<u64>().map(Some).map_err(|_| {
                    self.err(node, format!("sh:{local} must be a non-negative integer"))
                })
            }
            Some(_) => Err(self.err(node, format!("sh:{local} must be a literal"))),
        }
    }

    fn iri(&self, node: &Term, local: &str, value: &Term) -> Result<NamedNode, ValidateError> {
        match value {
            Term::NamedNode(n) => Ok(n.clone()),
            _ => Err(self.err(node, format!("sh:{local} must be an IRI"))),
        }
    }

    fn path(&self, node: &Term, p: &Term, depth: usize) -> Result<Path, ValidateError> {
        if depth > MAX_DEPTH {
            return Err(self.err(node, "path nested too deeply"));
        }
        let s = match p {
            Term::NamedNode(n) => return Ok(Path::Predicate(n.clone())),
            Term::BlankNode(_) => subject_of(p).ok_or_else(|| self.err(node, "bad path"))?,
            _ => return Err(self.err(node, "sh:path must be an IRI or a blank node")),
        };
        if self.g.object_for_subject_predicate(s, rdf::FIRST).is_some() {
            let items = self.list(p)?;
            if items.len() < 2 {
                return Err(self.err(node, "a sequence path needs at least two members"));
            }
            return Ok(Path::Sequence(
                items
                    .iter()
                    .map(|i| self.path(node, i, depth + 1))
                    .collect::<Result<_, _>>()?,
            ));
        }
        let one = |local: &str| self.object(p, local);
        if let Some(i) = one("inversePath") {
            return Ok(Path::Inverse(Box::new(self.path(node, &i, depth + 1)?)));
        }
        if let Some(a) = one("alternativePath") {
            return Ok(Path::Alternative(
                self.list(&a)?
                    .iter()
                    .map(|i| self.path(node, i, depth + 1))
                    .collect::<Result<_, _>>()?,
            ));
        }
        if let Some(i) = one("zeroOrMorePath") {
            return Ok(Path::ZeroOrMore(Box::new(self.path(
                node,
                &i,
                depth + 1,
            )?)));
        }
        if let Some(i) = one("oneOrMorePath") {
            return Ok(Path::OneOrMore(Box::new(self.path(node, &i, depth + 1)?)));
        }
        if let Some(i) = one("zeroOrOnePath") {
            return Ok(Path::ZeroOrOne(Box::new(self.path(node, &i, depth + 1)?)));
        }
        Err(self.err(node, "unrecognised property path"))
    }

    fn shape_list(&mut self, head: &Term, depth: usize) -> Result<Vec<ShapeId>, ValidateError> {
        self.list(head)?
            .iter()
            .map(|m| self.shape(m, depth + 1))
            .collect()
    }

    /// Parses the shape at `node` (once; later references reuse its id, so cycles terminate).
    fn shape(&mut self, node: &Term, depth: usize) -> Result<ShapeId, ValidateError> {
        if let Some(&id) = self.ids.get(node) {
            return Ok(id);
        }
        if depth > MAX_DEPTH {
            return Err(self.err(node, "shapes nested too deeply"));
        }
        let id = self.shapes.len();
        self.ids.insert(node.clone(), id);
        self.shapes.push(Shape {
            node: node.clone(),
            label: String::new(),
            path: None,
            targets: Vec::new(),
            constraints: Vec::new(),
            message: None,
            severity: "sh:Violation".to_owned(),
            deactivated: false,
            siblings: Vec::new(),
        });
        let path = match self.object(node, "path") {
            Some(p) => Some(self.path(node, &p, 0)?),
            None => None,
        };
        let mut targets = Vec::new();
        let mut constraints = Vec::new();
        for v in self.objects(node, "targetClass") {
            targets.push(Target::Class(self.iri(node, "targetClass", &v)?));
        }
        // Implicit class target: a node shape that is also an rdfs:Class.
        if let (Some(s), Term::NamedNode(n)) = (subject_of(node), node) {
            if path.is_none() && self.g.contains(TripleRef::new(s, rdf::TYPE, rdfs::CLASS)) {
                targets.push(Target::Class(n.clone()));
            }
        }
        for v in self.objects(node, "targetNode") {
            targets.push(Target::Node(v));
        }
        for v in self.objects(node, "targetSubjectsOf") {
            targets.push(Target::SubjectsOf(self.iri(
                node,
                "targetSubjectsOf",
                &v,
            )?));
        }
        for v in self.objects(node, "targetObjectsOf") {
            targets.push(Target::ObjectsOf(self.iri(node, "targetObjectsOf", &v)?));
        }
        for v in self.objects(node, "class") {
            constraints.push(Constraint::Class(self.iri(node, "class", &v)?));
        }
        for v in self.objects(node, "datatype") {
            constraints.push(Constraint::Datatype(self.iri(node, "datatype", &v)?));
        }
        for v in self.objects(node, "nodeKind") {
            let kind = match v.to_string().strip_prefix(&format!("<{SH}")).unwrap_or("") {
                "IRI>" => NodeKind::Iri,
                "BlankNode>" => NodeKind::BlankNode,
                "Literal>" => NodeKind::Literal,
                "BlankNodeOrIRI>" => NodeKind::BlankNodeOrIri,
                "BlankNodeOrLiteral>" => NodeKind::BlankNodeOrLiteral,
                "IRIOrLiteral>" => NodeKind::IriOrLiteral,
                _ => return Err(self.err(node, format!("unknown sh:nodeKind {v}"))),
            };
            constraints.push(Constraint::NodeKind(kind));
        }
        if let Some(n) = self.count(node, "minCount")? {
            constraints.push(Constraint::MinCount(n));
        }
        if let Some(n) = self.count(node, "maxCount")? {
            constraints.push(Constraint::MaxCount(n));
        }
        for (local, kind) in [
            ("minInclusive", RangeKind::MinInclusive),
            ("maxInclusive", RangeKind::MaxInclusive),
            ("minExclusive", RangeKind::MinExclusive),
            ("maxExclusive", RangeKind::MaxExclusive),
        ] {
            for v in self.objects(node, local) {
                match v {
                    l @ Term::Literal(_) => constraints.push(Constraint::Range(kind, l)),
                    _ => return Err(self.err(node, format!("sh:{local} must be a literal"))),
                }
            }
        }
        if let Some(n) = self.count(node, "minLength")? {
            constraints.push(Constraint::MinLength(n));
        }
        if let Some(n) = self.count(node, "maxLength")? {
            constraints.push(Constraint::MaxLength(n));
        }
        for v in self.objects(node, "pattern") {
            let Term::Literal(pattern) = &v else {
                return Err(self.err(node, "sh:pattern must be a literal"));
            };
            let flags = match self.object(node, "flags") {
                Some(Term::Literal(f)) => f.value().to_owned(),
                _ => String::new(),
            };
            // XPath flags s, m, i, x map to Rust's; `q` (literal pattern) is escaped.
            let (body, inline): (String, String) = if flags.contains('q') {
                (regex::escape(pattern.value()), flags.replace('q', ""))
            } else {
                (pattern.value().to_owned(), flags.clone())
            };
            let inline: String = inline.chars().filter(|c| "smix".contains(*c)).collect();
            let full = if inline.is_empty() {
                body
            } else {
                format!("(?{inline}){body}")
            };
            let re = Regex::new(&full)
                .map_err(|e| self.err(node, format!("invalid sh:pattern: {e}")))?;
            constraints.push(Constraint::Pattern(re, pattern.value().to_owned()));
        }
        for v in self.objects(node, "languageIn") {
            let langs = self
                .list(&v)?
                .into_iter()
                .map(|t| match t {
                    Term::Literal(l) => Ok(l.value().to_ascii_lowercase()),
                    _ => Err(self.err(node, "sh:languageIn members must be literals")),
                })
                .collect::<Result<_, _>>()?;
            constraints.push(Constraint::LanguageIn(langs));
        }
        if matches!(self.object(node, "uniqueLang"), Some(Term::Literal(l)) if l.value() == "true")
        {
            constraints.push(Constraint::UniqueLang);
        }
        for v in self.objects(node, "equals") {
            constraints.push(Constraint::Equals(self.iri(node, "equals", &v)?));
        }
        for v in self.objects(node, "disjoint") {
            constraints.push(Constraint::Disjoint(self.iri(node, "disjoint", &v)?));
        }
        for v in self.objects(node, "lessThan") {
            constraints.push(Constraint::LessThan(self.iri(node, "lessThan", &v)?, false));
        }
        for v in self.objects(node, "lessThanOrEquals") {
            constraints.push(Constraint::LessThan(
                self.iri(node, "lessThanOrEquals", &v)?,
                true,
            ));
        }
        for v in self.objects(node, "not") {
            constraints.push(Constraint::Not(self.shape(&v, depth + 1)?));
        }
        for v in self.objects(node, "and") {
            constraints.push(Constraint::And(self.shape_list(&v, depth)?));
        }
        for v in self.objects(node, "or") {
            constraints.push(Constraint::Or(self.shape_list(&v, depth)?));
        }
        for v in self.objects(node, "xone") {
            constraints.push(Constraint::Xone(self.shape_list(&v, depth)?));
        }
        for v in self.objects(node, "node") {
            constraints.push(Constraint::Node(self.shape(&v, depth + 1)?));
        }
        for v in self.objects(node, "property") {
            constraints.push(Constraint::Property(self.shape(&v, depth + 1)?));
        }
        for v in self.objects(node, "qualifiedValueShape") {
            let shape = self.shape(&v, depth + 1)?;
            let disjoint = matches!(self.object(node, "qualifiedValueShapesDisjoint"),
                Some(Term::Literal(l)) if l.value() == "true");
            constraints.push(Constraint::Qualified {
                shape,
                min: self.count(node, "qualifiedMinCount")?,
                max: self.count(node, "qualifiedMaxCount")?,
                disjoint,
            });
        }
        if matches!(self.object(node, "closed"), Some(Term::Literal(l)) if l.value() == "true") {
            let mut allowed = HashSet::new();
            for p in self.objects(node, "property") {
                if let Some(Term::NamedNode(n)) = self.object(&p, "path") {
                    allowed.insert(n);
                }
            }
            for l in self.objects(node, "ignoredProperties") {
                for t in self.list(&l)? {
                    if let Term::NamedNode(n) = t {
                        allowed.insert(n);
                    }
                }
            }
            constraints.push(Constraint::Closed(allowed));
        }
        for v in self.objects(node, "hasValue") {
            constraints.push(Constraint::HasValue(v));
        }
        for v in self.objects(node, "in") {
            constraints.push(Constraint::In(self.list(&v)?));
        }
        let messages = self.objects(node, "message");
        let message = messages
            .iter()
            .find_map(|m| match m {
                Term::Literal(l) if matches!(l.language(), None | Some("en")) => {
                    Some(l.value().to_owned())
                }
                _ => None,
            })
            .or_else(|| match messages.first() {
                Some(Term::Literal(l)) => Some(l.value().to_owned()),
                _ => None,
            });
        let severity = match self.object(node, "severity") {
            Some(Term::NamedNode(n)) => match n.as_str().strip_prefix(SH) {
                Some(local) => format!("sh:{local}"),
                None => n.to_string(),
            },
            _ => "sh:Violation".to_owned(),
        };
        let deactivated = matches!(self.object(node, "deactivated"), Some(Term::Literal(l)) if l.value() == "true");
        if let Some(s) = subject_of(node) {
            for t in self.g.triples_for_subject(s) {
                if let Some(local) = t.predicate.as_str().strip_prefix(SH) {
                    if !KNOWN.contains(&local) {
                        self.unsupported.insert(format!("sh:{local}"));
                    }
                }
            }
        }
        let label = match (node, &path) {
            (Term::BlankNode(_), Some(p)) => format!("[sh:path {p}]"),
            (Term::BlankNode(_), None) => "[anonymous node shape]".to_owned(),
            _ => node.to_string(),
        };
        let shape = &mut self.shapes[id];
        shape.label = label;
        shape.path = path;
        shape.targets = targets;
        shape.constraints = constraints;
        shape.message = message;
        shape.severity = severity;
        shape.deactivated = deactivated;
        // Qualified value shapes that are disjoint need their siblings: the other qualified
        // value shapes of the property shapes of the same parent. Recorded on the parent here.
        let qualified: Vec<ShapeId> = self
            .objects(node, "property")
            .iter()
            .filter_map(|p| self.ids.get(p).copied())
            .flat_map(|p| {
                self.shapes[p].constraints.iter().filter_map(|c| match c {
                    Constraint::Qualified { shape, .. } => Some(*shape),
                    _ => None,
                })
            })
            .collect();
        self.shapes[id].siblings = qualified;
        Ok(id)
    }
}

struct Validator<'a> {
    shapes: &'a Shapes,
    data: &'a Graph,
    out: Vec<Violation>,
}

impl Validator<'_> {
    /// The focus nodes of a shape's targets, each once, in a stable order.
    fn targets(&self, shape: &Shape) -> Vec<Term> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        let mut add = |t: Term| {
            if seen.insert(t.clone()) {
                out.push(t);
            }
        };
        for target in &shape.targets {
            match target {
                Target::Class(c) => {
                    for class in self.subclasses(c) {
                        for s in self.data.subjects_for_predicate_object(rdf::TYPE, &class) {
                            add(s.into_owned().into());
                        }
                    }
                }
                Target::Node(n) => add(n.clone()),
                Target::SubjectsOf(p) => {
                    for t in self.data.triples_for_predicate(p) {
                        add(t.subject.into_owned().into());
                    }
                }
                Target::ObjectsOf(p) => {
                    for t in self.data.triples_for_predicate(p) {
                        add(t.object.into_owned());
                    }
                }
            }
        }
        out
    }

    /// `class` and every class below it through `rdfs:subClassOf` in the data graph.
    fn subclasses(&self, class: &NamedNode) -> Vec<Term> {
        let mut out = vec![Term::from(class.clone())];
        let mut i = 0;
        while i < out.len() {
            let next: Vec<Term> = self
                .data
                .subjects_for_predicate_object(rdfs::SUB_CLASS_OF, &out[i])
                .map(|s| s.into_owned().into())
                .collect();
            for n in next {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
            i += 1;
        }
        out
    }

    fn is_instance(&self, value: &Term, class: &NamedNode) -> bool {
        let Some(s) = subject_of(value) else {
            return false;
        };
        let classes = self.subclasses(class);
        self.data
            .objects_for_subject_predicate(s, rdf::TYPE)
            .any(|t| classes.iter().any(|c| c.as_ref() == t))
    }

    fn eval_path(&self, path: &Path, focus: &Term) -> Vec<Term> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for v in self.step(path, focus) {
            if seen.insert(v.clone()) {
                out.push(v);
            }
        }
        out
    }

    fn step(&self, path: &Path, from: &Term) -> Vec<Term> {
        match path {
            Path::Predicate(p) => match subject_of(from) {
                Some(s) => self
                    .data
                    .objects_for_subject_predicate(s, p)
                    .map(TermRef::into_owned)
                    .collect(),
                None => Vec::new(),
            },
            Path::Inverse(inner) => match &**inner {
                Path::Predicate(p) => self
                    .data
                    .subjects_for_predicate_object(p, from)
                    .map(|s| s.into_owned().into())
                    .collect(),
                other => self.inverse(other, from),
            },
            Path::Sequence(ps) => {
                let mut cur = vec![from.clone()];
                for p in ps {
                    let mut next = Vec::new();
                    let mut seen = HashSet::new();
                    for c in &cur {
                        for n in self.step(p, c) {
                            if seen.insert(n.clone()) {
                                next.push(n);
                            }
                        }
                    }
                    cur = next;
                }
                cur
            }
            Path::Alternative(ps) => ps.iter().flat_map(|p| self.step(p, from)).collect(),
            Path::ZeroOrMore(p) => self.closure(p, from, true),
            Path::OneOrMore(p) => self.closure(p, from, false),
            Path::ZeroOrOne(p) => {
                let mut out = vec![from.clone()];
                out.extend(self.step(p, from));
                out
            }
        }
    }

    /// Nodes reached by following `path` backwards: those whose `path` values include `to`.
    fn inverse(&self, path: &Path, to: &Term) -> Vec<Term> {
        match path {
            Path::Predicate(_) => self.step(&Path::Inverse(Box::new(path.clone())), to),
            Path::Inverse(p) => self.step(p, to),
            Path::Sequence(ps) => {
                let reversed: Vec<Path> = ps
                    .iter()
                    .rev()
                    .map(|p| Path::Inverse(Box::new(p.clone())))
                    .collect();
                self.step(&Path::Sequence(reversed), to)
            }
            Path::Alternative(ps) => ps.iter().flat_map(|p| self.inverse(p, to)).collect(),
            Path::ZeroOrMore(p) => self.closure(&Path::Inverse(p.clone()), to, true),
            Path::OneOrMore(p) => self.closure(&Path::Inverse(p.clone()), to, false),
            Path::ZeroOrOne(p) => {
                let mut out = vec![to.clone()];
                out.extend(self.inverse(p, to));
                out
            }
        }
    }

    fn closure(&self, p: &Path, from: &Term, reflexive: bool) -> Vec<Term> {
        let mut seen: HashSet<Term> = HashSet::new();
        let mut out = Vec::new();
        if reflexive {
            seen.insert(from.clone());
            out.push(from.clone());
        }
        let mut frontier = vec![from.clone()];
        while let Some(n) = frontier.pop() {
            for m in self.step(p, &n) {
                if seen.insert(m.clone()) {
                    out.push(m.clone());
                    frontier.push(m);
                }
            }
        }
        out
    }

    /// Whether `node` conforms to shape `id` (no result), without reporting.
    fn conforms(&self, id: ShapeId, node: &Term, depth: usize) -> bool {
        let mut inner = Validator {
            shapes: self.shapes,
            data: self.data,
            out: Vec::new(),
        };
        inner.check(id, node, depth + 1);
        inner.out.is_empty()
    }

    /// Validates `focus` against shape `id`, appending results.
    fn check(&mut self, id: ShapeId, focus: &Term, depth: usize) {
        let shape = &self.shapes.shapes[id];
        if shape.deactivated {
            return;
        }
        if depth > MAX_DEPTH {
            self.report(
                shape,
                focus,
                None,
                "sh:NodeConstraintComponent",
                "shapes nested too deeply to check (recursive shapes are not defined in SHACL)"
                    .to_owned(),
            );
            return;
        }
        let values = match &shape.path {
            Some(p) => self.eval_path(p, focus),
            None => vec![focus.clone()],
        };
        for c in &shape.constraints {
            self.constraint(shape, c, focus, &values, depth);
        }
    }

    fn report(
        &mut self,
        shape: &Shape,
        focus: &Term,
        value: Option<&Term>,
        component: &str,
        generated: String,
    ) {
        self.out.push(Violation {
            focus: focus.clone(),
            path: shape.path.as_ref().map(ToString::to_string),
            value: value.cloned(),
            component: component.to_owned(),
            shape: shape.label.clone(),
            severity: shape.severity.clone(),
            message: shape.message.clone().unwrap_or(generated),
        });
    }

    fn constraint(
        &mut self,
        shape: &Shape,
        c: &Constraint,
        focus: &Term,
        values: &[Term],
        depth: usize,
    ) {
        // Per-value checks: (component, message) for each failing value.
        let each =
            |this: &mut Self, component: &str, test: &dyn Fn(&Self, &Term) -> Option<String>| {
                for v in values {
                    if let Some(msg) = test(this, v) {
                        this.report(shape, focus, Some(v), component, msg);
                    }
                }
            };
        match c {
            Constraint::Class(class) => each(self, "sh:ClassConstraintComponent", &|s, v| {
                (!s.is_instance(v, class)).then(|| format!("value is not an instance of {class}"))
            }),
            Constraint::Datatype(dt) => each(self, "sh:DatatypeConstraintComponent", &|_, v| {
                (!has_datatype(v, dt.as_ref()))
                    .then(|| format!("value is not a valid literal of datatype {dt}"))
            }),
            Constraint::NodeKind(kind) => each(self, "sh:NodeKindConstraintComponent", &|_, v| {
                (!node_kind_matches(*kind, v))
                    .then(|| format!("value is not of node kind {}", kind.name()))
            }),
            Constraint::MinCount(n) => {
                if (values.len() as u64) < *n {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:MinCountConstraintComponent",
                        format!("expected at least {n} value(s), found {}", values.len()),
                    );
                }
            }
            Constraint::MaxCount(n) => {
                if (values.len() as u64) > *n {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:MaxCountConstraintComponent",
                        format!("expected at most {n} value(s), found {}", values.len()),
                    );
                }
            }
            Constraint::Range(kind, bound) => each(self, range_component(*kind), &|_, v| {
                let ok = match (v, compare(v, bound)) {
                    (Term::Literal(_), Some(ord)) => match kind {
                        RangeKind::MinInclusive => ord != Ordering::Less,
                        RangeKind::MaxInclusive => ord != Ordering::Greater,
                        RangeKind::MinExclusive => ord == Ordering::Greater,
                        RangeKind::MaxExclusive => ord == Ordering::Less,
                    },
                    _ => false,
                };
                (!ok).then(|| format!("value is not {} {bound}", range_word(*kind)))
            }),
            Constraint::MinLength(n) | Constraint::MaxLength(n) => {
                let min = matches!(c, Constraint::MinLength(_));
                let component = if min {
                    "sh:MinLengthConstraintComponent"
                } else {
                    "sh:MaxLengthConstraintComponent"
                };
                each(self, component, &|_, v| {
                    let ok = string_of(v).is_some_and(|s| {
                        let len = s.chars().count() as u64;
                        if min {
                            len >= *n
                        } else {
                            len <= *n
                        }
                    });
                    (!ok).then(|| {
                        format!(
                            "value must have {} {n} characters",
                            if min { "at least" } else { "at most" }
                        )
                    })
                });
            }
            Constraint::Pattern(re, source) => {
                each(self, "sh:PatternConstraintComponent", &|_, v| {
                    let ok = string_of(v).is_some_and(|s| re.is_match(&s));
                    (!ok).then(|| format!("value does not match the pattern {source:?}"))
                })
            }
            Constraint::LanguageIn(langs) => {
                each(self, "sh:LanguageInConstraintComponent", &|_, v| {
                    let ok = match v {
                        Term::Literal(l) => l.language().is_some_and(|tag| {
                            let tag = tag.to_ascii_lowercase();
                            langs
                                .iter()
                                .any(|r| r == "*" || tag == *r || tag.starts_with(&format!("{r}-")))
                        }),
                        _ => false,
                    };
                    (!ok).then(|| format!("value's language is not one of {langs:?}"))
                })
            }
            Constraint::UniqueLang => {
                let mut counts: HashMap<String, usize> = HashMap::new();
                for v in values {
                    if let Term::Literal(l) = v {
                        if let Some(tag) = l.language() {
                            *counts.entry(tag.to_ascii_lowercase()).or_default() += 1;
                        }
                    }
                }
                let mut dup: Vec<_> = counts.into_iter().filter(|(_, n)| *n > 1).collect();
                dup.sort();
                for (tag, n) in dup {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:UniqueLangConstraintComponent",
                        format!("{n} values share the language tag {tag:?}"),
                    );
                }
            }
            Constraint::Equals(p) | Constraint::Disjoint(p) => {
                let other = self.step(&Path::Predicate(p.clone()), focus);
                let equals = matches!(c, Constraint::Equals(_));
                if equals {
                    for v in values.iter().filter(|v| !other.contains(v)) {
                        self.report(
                            shape,
                            focus,
                            Some(v),
                            "sh:EqualsConstraintComponent",
                            format!("value is not a value of {p}"),
                        );
                    }
                    for v in other.iter().filter(|v| !values.contains(v)) {
                        self.report(
                            shape,
                            focus,
                            Some(v),
                            "sh:EqualsConstraintComponent",
                            format!("value of {p} is missing here"),
                        );
                    }
                } else {
                    for v in values.iter().filter(|v| other.contains(v)) {
                        self.report(
                            shape,
                            focus,
                            Some(v),
                            "sh:DisjointConstraintComponent",
                            format!("value is also a value of {p}"),
                        );
                    }
                }
            }
            Constraint::LessThan(p, or_equal) => {
                let other = self.step(&Path::Predicate(p.clone()), focus);
                let component = if *or_equal {
                    "sh:LessThanOrEqualsConstraintComponent"
                } else {
                    "sh:LessThanConstraintComponent"
                };
                for v in values {
                    for o in &other {
                        let ok = matches!(compare(v, o), Some(Ordering::Less))
                            || (*or_equal && matches!(compare(v, o), Some(Ordering::Equal)));
                        if !ok {
                            self.report(
                                shape,
                                focus,
                                Some(v),
                                component,
                                format!("value is not less than {o} ({p})"),
                            );
                        }
                    }
                }
            }
            Constraint::Not(s) => each(self, "sh:NotConstraintComponent", &|this, v| {
                this.conforms(*s, v, depth)
                    .then(|| "value conforms to a shape it must not".to_owned())
            }),
            Constraint::And(ss) => each(self, "sh:AndConstraintComponent", &|this, v| {
                (!ss.iter().all(|s| this.conforms(*s, v, depth)))
                    .then(|| "value does not conform to every shape of sh:and".to_owned())
            }),
            Constraint::Or(ss) => each(self, "sh:OrConstraintComponent", &|this, v| {
                (!ss.iter().any(|s| this.conforms(*s, v, depth)))
                    .then(|| "value conforms to no shape of sh:or".to_owned())
            }),
            Constraint::Xone(ss) => each(self, "sh:XoneConstraintComponent", &|this, v| {
                let n = ss.iter().filter(|s| this.conforms(**s, v, depth)).count();
                (n != 1)
                    .then(|| format!("value conforms to {n} shapes of sh:xone, not exactly one"))
            }),
            Constraint::Node(s) => each(self, "sh:NodeConstraintComponent", &|this, v| {
                (!this.conforms(*s, v, depth)).then(|| {
                    format!(
                        "value does not conform to shape {}",
                        this.shapes.shapes[*s].node
                    )
                })
            }),
            Constraint::Property(s) => {
                for v in values {
                    self.check(*s, v, depth + 1);
                }
            }
            Constraint::Qualified {
                shape: q,
                min,
                max,
                disjoint,
            } => {
                // Siblings: the other qualified shapes under the parent of this property shape.
                let siblings: Vec<ShapeId> = if *disjoint {
                    self.shapes
                        .shapes
                        .iter()
                        .filter(|parent| parent.constraints.iter().any(|pc| matches!(pc, Constraint::Property(p) if self.shapes.shapes[*p].node == shape.node)))
                        .flat_map(|parent| parent.siblings.iter().copied())
                        .filter(|s| s != q)
                        .collect()
                } else {
                    Vec::new()
                };
                let n = values
                    .iter()
                    .filter(|v| {
                        self.conforms(*q, v, depth)
                            && !siblings.iter().any(|s| self.conforms(*s, v, depth))
                    })
                    .count() as u64;
                if min.is_some_and(|m| n < m) {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:QualifiedMinCountConstraintComponent",
                        format!(
                            "{n} value(s) conform to the qualified shape, expected at least {}",
                            min.unwrap_or(0)
                        ),
                    );
                }
                if max.is_some_and(|m| n > m) {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:QualifiedMaxCountConstraintComponent",
                        format!(
                            "{n} value(s) conform to the qualified shape, expected at most {}",
                            max.unwrap_or(0)
                        ),
                    );
                }
            }
            Constraint::Closed(allowed) => {
                for v in values {
                    let Some(s) = subject_of(v) else { continue };
                    let extra: Vec<(NamedNode, Term)> = self
                        .data
                        .triples_for_subject(s)
                        .filter(|t| !allowed.contains(&t.predicate.into_owned()))
                        .map(|t| (t.predicate.into_owned(), t.object.into_owned()))
                        .collect();
                    for (p, o) in extra {
                        self.out.push(Violation {
                            focus: focus.clone(),
                            path: Some(p.to_string()),
                            value: Some(o),
                            component: "sh:ClosedConstraintComponent".to_owned(),
                            shape: shape.label.clone(),
                            severity: shape.severity.clone(),
                            message: shape.message.clone().unwrap_or_else(|| {
                                format!("property {p} is not allowed by the closed shape")
                            }),
                        });
                    }
                }
            }
            Constraint::HasValue(h) => {
                if !values.contains(h) {
                    self.report(
                        shape,
                        focus,
                        None,
                        "sh:HasValueConstraintComponent",
                        format!("missing required value {h}"),
                    );
                }
            }
            Constraint::In(list) => each(self, "sh:InConstraintComponent", &|_, v| {
                (!list.contains(v)).then(|| "value is not one of the allowed values".to_owned())
            }),
        }
    }
}

fn range_component(kind: RangeKind) -> &'static str {
    match kind {
        RangeKind::MinInclusive => "sh:MinInclusiveConstraintComponent",
        RangeKind::MaxInclusive => "sh:MaxInclusiveConstraintComponent",
        RangeKind::MinExclusive => "sh:MinExclusiveConstraintComponent",
        RangeKind::MaxExclusive => "sh:MaxExclusiveConstraintComponent",
    }
}

fn range_word(kind: RangeKind) -> &'static str {
    match kind {
        RangeKind::MinInclusive => ">=",
        RangeKind::MaxInclusive => "<=",
        RangeKind::MinExclusive => ">",
        RangeKind::MaxExclusive => "<",
    }
}

fn node_kind_matches(kind: NodeKind, v: &Term) -> bool {
    let (iri, blank, literal) = match v {
        Term::NamedNode(_) => (true, false, false),
        Term::BlankNode(_) => (false, true, false),
        Term::Literal(_) => (false, false, true),
        #[allow(unreachable_patterns)]
        _ => (false, false, false),
    };
    match kind {
        NodeKind::Iri => iri,
        NodeKind::BlankNode => blank,
        NodeKind::Literal => literal,
        NodeKind::BlankNodeOrIri => blank || iri,
        NodeKind::BlankNodeOrLiteral => blank || literal,
        NodeKind::IriOrLiteral => iri || literal,
    }
}

/// The string a length or pattern constraint looks at: an IRI or a literal's lexical form.
fn string_of(v: &Term) -> Option<String> {
    match v {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

/// Whether `v` is a literal of datatype `dt` whose lexical form is valid for it (checked for
/// the XSD types SHACL users meet; other datatypes are taken at their word).
fn has_datatype(v: &Term, dt: NamedNodeRef<'_>) -> bool {
    let Term::Literal(l) = v else {
        return false;
    };
    if l.datatype() != dt {
        return false;
    }
    let s = l.value();
    match dt
        .as_str()
        .strip_prefix("http://www.w3.org/2001/XMLSchema#")
    {
        Some("boolean") => oxsdatatypes::Boolean::from_str(s).is_ok(),
        Some("decimal") => oxsdatatypes::Decimal::from_str(s).is_ok(),
        Some("double") => oxsdatatypes::Double::from_str(s).is_ok(),
        Some("float") => oxsdatatypes::Float::from_str(s).is_ok(),
        Some("date") => oxsdatatypes::Date::from_str(s).is_ok(),
        Some("dateTime") => oxsdatatypes::DateTime::from_str(s).is_ok(),
        Some("time") => oxsdatatypes::Time::from_str(s).is_ok(),
        Some("gYear") => oxsdatatypes::GYear::from_str(s).is_ok(),
        Some("duration") => oxsdatatypes::Duration::from_str(s).is_ok(),
        Some(int) => match integer_bounds(int) {
            Some((lo, hi)) => oxsdatatypes::Integer::from_str(s)
                .ok()
                .map(|i| i128::from(i64::from(i)))
                .is_some_and(|i| lo.is_none_or(|lo| i >= lo) && hi.is_none_or(|hi| i <= hi)),
            None => true,
        },
        None => true,
    }
}

/// Value bounds of the XSD integer types (`None` for an unbounded side).
fn integer_bounds(local: &str) -> Option<(Option<i128>, Option<i128>)> {
    Some(match local {
        "integer" => (None, None),
        "nonNegativeInteger" => (Some(0), None),
        "positiveInteger" => (Some(1), None),
        "nonPositiveInteger" => (None, Some(0)),
        "negativeInteger" => (None, Some(-1)),
        "long" => (Some(i64::MIN.into()), Some(i64::MAX.into())),
        "int" => (Some(i32::MIN.into()), Some(i32::MAX.into())),
        "short" => (Some(i16::MIN.into()), Some(i16::MAX.into())),
        "byte" => (Some(i8::MIN.into()), Some(i8::MAX.into())),
        "unsignedLong" => (Some(0), Some(u64::MAX.into())),
        "unsignedInt" => (Some(0), Some(u32::MAX.into())),
        "unsignedShort" => (Some(0), Some(u16::MAX.into())),
        "unsignedByte" => (Some(0), Some(u8::MAX.into())),
        _ => return None,
    })
}

fn is_numeric(dt: NamedNodeRef<'_>) -> bool {
    dt == xsd::DECIMAL
        || dt == xsd::DOUBLE
        || dt == xsd::FLOAT
        || dt
            .as_str()
            .strip_prefix("http://www.w3.org/2001/XMLSchema#")
            .is_some_and(|l| integer_bounds(l).is_some())
}

/// Compares two literals as SPARQL's `<` would: numbers by value, dates and date-times by
/// time, plain strings by code point; `None` when they are not comparable.
fn compare(a: &Term, b: &Term) -> Option<Ordering> {
    let (Term::Literal(a), Term::Literal(b)) = (a, b) else {
        return None;
    };
    let (da, db) = (a.datatype(), b.datatype());
    if is_numeric(da) && is_numeric(db) {
        let exact = |l: &Literal| {
            if l.datatype() == xsd::DOUBLE || l.datatype() == xsd::FLOAT {
                None
            } else {
                oxsdatatypes::Decimal::from_str(l.value()).ok()
            }
        };
        if let (Some(x), Some(y)) = (exact(a), exact(b)) {
            return x.partial_cmp(&y);
        }
        let x = oxsdatatypes::Double::from_str(a.value()).ok()?;
        let y = oxsdatatypes::Double::from_str(b.value()).ok()?;
        return x.partial_cmp(&y);
    }
    if da == xsd::DATE_TIME && db == xsd::DATE_TIME {
        let x = oxsdatatypes::DateTime::from_str(a.value()).ok()?;
        let y = oxsdatatypes::DateTime::from_str(b.value()).ok()?;
        return x.partial_cmp(&y);
    }
    if da == xsd::DATE && db == xsd::DATE {
        let x = oxsdatatypes::Date::from_str(a.value()).ok()?;
        let y = oxsdatatypes::Date::from_str(b.value()).ok()?;
        return x.partial_cmp(&y);
    }
    if da == xsd::STRING && db == xsd::STRING {
        return Some(a.value().cmp(b.value()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const PREFIXES: &str = "@prefix sh: <http://www.w3.org/ns/shacl#> .\n\
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n\
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
        @prefix ex: <http://example.com/> .\n";

    fn run(shapes: &str, data: &str) -> Report {
        let shapes =
            Shapes::parse(format!("{PREFIXES}{shapes}").as_bytes(), RdfFormat::Turtle).unwrap();
        let data = read_graph(format!("{PREFIXES}{data}").as_bytes(), RdfFormat::Turtle).unwrap();
        shapes.validate(&data)
    }

    fn components(r: &Report) -> Vec<&str> {
        r.violations.iter().map(|v| v.component.as_str()).collect()
    }

    #[test]
    fn counts_and_subclass_targets() {
        let shapes = "ex:S a sh:NodeShape ; sh:targetClass ex:Agent ;
            sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:maxCount 1 ] .";
        let r = run(
            shapes,
            "ex:Person rdfs:subClassOf ex:Agent .
            ex:a a ex:Person ; ex:name \"A\" .
            ex:b a ex:Agent .
            ex:c a ex:Agent ; ex:name \"C\", \"K\" .",
        );
        assert_eq!(r.focus_nodes, 3);
        assert_eq!(
            components(&r),
            [
                "sh:MinCountConstraintComponent",
                "sh:MaxCountConstraintComponent"
            ]
        );
        assert_eq!(r.violations[0].focus.to_string(), "<http://example.com/b>");
        assert_eq!(
            r.violations[0].path.as_deref(),
            Some("<http://example.com/name>")
        );
    }

    #[test]
    fn value_constraints() {
        let shapes = "ex:S sh:targetNode ex:x ;
            sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxExclusive 150 ] ;
            sh:property [ sh:path ex:label ; sh:pattern \"^[A-Z]\" ; sh:maxLength 5 ; sh:languageIn (\"en\") ; sh:uniqueLang true ] ;
            sh:property [ sh:path ex:kind ; sh:in (ex:A ex:B) ; sh:nodeKind sh:IRI ] ;
            sh:property [ sh:path [ sh:inversePath ex:knows ] ; sh:class ex:Person ; sh:message \"knower must be a person\" ] .";
        let ok = run(shapes, "ex:x ex:age 3 ; ex:label \"Abc\"@en-GB ; ex:kind ex:A . ex:p a ex:Person ; ex:knows ex:x .");
        assert!(ok.conforms(), "{:#?}", ok.violations);
        let bad = run(shapes, "ex:x ex:age \"x\"^^xsd:integer, 200 ; ex:label \"abcdefg\"@en, \"Zed\"@en, \"Q\"@fr ; ex:kind ex:C, \"A\" . ex:q ex:knows ex:x .");
        let mut got = components(&bad);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "sh:ClassConstraintComponent",
                "sh:DatatypeConstraintComponent",
                "sh:InConstraintComponent",
                "sh:InConstraintComponent",
                "sh:LanguageInConstraintComponent",
                "sh:MaxExclusiveConstraintComponent",
                "sh:MaxExclusiveConstraintComponent", // "x" again
                "sh:MaxLengthConstraintComponent",
                "sh:MinInclusiveConstraintComponent", // "x" is not comparable
                "sh:NodeKindConstraintComponent",
                "sh:PatternConstraintComponent",
                "sh:UniqueLangConstraintComponent",
            ]
        );
        let class = bad
            .violations
            .iter()
            .find(|v| v.component == "sh:ClassConstraintComponent")
            .unwrap();
        assert_eq!(class.message, "knower must be a person");
        assert_eq!(class.path.as_deref(), Some("^<http://example.com/knows>"));
    }

    #[test]
    fn logical_node_closed_and_has_value() {
        let shapes = "ex:Named a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
            ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:friend ; sh:closed true ; sh:ignoredProperties (ex:name) ;
              sh:property [ sh:path ex:friend ; sh:node ex:Named ] ;
              sh:property [ sh:path ex:tag ; sh:hasValue \"t\" ; sh:or ( [ sh:datatype xsd:string ] [ sh:nodeKind sh:IRI ] ) ; sh:not [ sh:hasValue \"bad\" ] ] .";
        let ok = run(
            shapes,
            "ex:a ex:friend ex:b ; ex:tag \"t\" ; ex:name \"A\" . ex:b ex:name \"B\" .",
        );
        assert!(ok.conforms(), "{:#?}", ok.violations);
        let bad = run(
            shapes,
            "ex:a ex:friend ex:c ; ex:tag \"bad\", 5 ; ex:extra 1 .",
        );
        let mut got = components(&bad);
        got.sort_unstable();
        assert_eq!(
            got,
            [
                "sh:ClosedConstraintComponent",
                "sh:HasValueConstraintComponent",
                "sh:NodeConstraintComponent",
                "sh:NotConstraintComponent",
                "sh:OrConstraintComponent",
            ]
        );
    }

    #[test]
    fn paths_sequence_alternative_closure() {
        let shapes = "ex:S sh:targetNode ex:a ;
            sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 2 ] ;
            sh:property [ sh:path [ sh:alternativePath ( ex:p ex:q ) ] ; sh:maxCount 2 ] ;
            sh:property [ sh:path [ sh:oneOrMorePath ex:p ] ; sh:minCount 3 ] .";
        let r = run(
            shapes,
            "ex:a ex:p ex:b . ex:b ex:q ex:c, ex:d ; ex:p ex:e . ex:e ex:p ex:f .",
        );
        assert!(r.conforms(), "{:#?}", r.violations);
        let r = run(
            shapes,
            "ex:a ex:p ex:b, ex:x ; ex:q ex:y . ex:b ex:q ex:c .",
        );
        assert_eq!(
            components(&r),
            [
                "sh:MinCountConstraintComponent", // p+
                "sh:MinCountConstraintComponent", // p/q
                "sh:MaxCountConstraintComponent", // p|q
            ]
        );
        assert_eq!(
            r.violations[1].path.as_deref(),
            Some("<http://example.com/p>/<http://example.com/q>")
        );
    }

    #[test]
    fn malformed_shapes_are_errors_not_panics() {
        for bad in [
            "ex:S sh:targetNode ex:a ; sh:minCount \"many\" .",
            "ex:S sh:targetNode ex:a ; sh:pattern \"(\" .",
            "ex:S sh:targetNode ex:a ; sh:in ex:notalist .",
            "ex:S sh:targetNode ex:a ; sh:path [ ex:weird 1 ] .",
        ] {
            let r = Shapes::parse(format!("{PREFIXES}{bad}").as_bytes(), RdfFormat::Turtle);
            assert!(matches!(r, Err(ValidateError::Shape { .. })), "{bad}");
        }
    }

    #[test]
    fn recursive_shapes_terminate() {
        let shapes = "ex:S sh:targetNode ex:a ; sh:property [ sh:path ex:next ; sh:node ex:S ] .";
        let r = run(shapes, "ex:a ex:next ex:a .");
        assert!(!r.conforms());
        assert_eq!(r.violations[0].component, "sh:NodeConstraintComponent");
    }

    #[test]
    fn unsupported_components_are_listed() {
        let s = Shapes::parse(
            format!("{PREFIXES}ex:S sh:targetNode ex:a ; sh:sparql [] .").as_bytes(),
            RdfFormat::Turtle,
        )
        .unwrap();
        assert_eq!(s.unsupported().collect::<Vec<_>>(), ["sh:sparql"]);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `store::validate`.
    #[test]
    fn doc_validate() -> Result<(), Box<dyn std::error::Error>> {
        use crate::Shapes;
        let shapes = r#"
            @prefix sh: <http://www.w3.org/ns/shacl#> .
            @prefix ex: <http://example.com/> .
            ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
                sh:property [ sh:path ex:name ; sh:minCount 1 ] .
        "#;
        let data = "@prefix ex: <http://example.com/> . ex:alice a ex:Person .";
        let shapes = Shapes::parse(shapes.as_bytes(), oxrdfio::RdfFormat::Turtle)?;
        let data = crate::store::validate::read_graph(data.as_bytes(), oxrdfio::RdfFormat::Turtle)?;
        let report = shapes.validate(&data);
        assert!(!report.conforms());
        assert_eq!(
            report.violations[0].focus.to_string(),
            "<http://example.com/alice>"
        );
        Ok(())
    }
}
