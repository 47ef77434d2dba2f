//! A Turtle writer that produces exactly the bytes of oxttl's `TurtleSerializer`
//! (oxttl 0.2), only faster.
//!
//! oxttl formats every IRI through `fmt::Display`, trying each prefix in turn and
//! building an escaped local name in a fresh `String` for each; on a big graph that
//! was the largest single cost of `kg build` after the models. This writer follows
//! the same rules (the prefixes sorted by decreasing IRI length with the same sort,
//! the same `PN_LOCAL` test and escapes, the same inline numbers and booleans, the
//! same `;` / `,` grouping of consecutive triples) but appends bytes to one buffer.
//! Literals are still written by oxrdf's own `Display`, so their escapes cannot
//! drift. The unit tests below compare both writers byte for byte, and
//! `tests/it` compares whole builds.
//!
//! For a parallel export, runs of quads are written on their own into [`Fragment`]s
//! (by [`TurtleWriter::fragment`] writers, on any thread) and joined in order by
//! [`TurtleWriter::append`], which writes at each joint exactly what the serial writer
//! would have written there (` .`, ` ;` or ` ,`): the bytes do not depend on where the
//! runs were cut.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::io::{self, Write};

use oxrdf::vocab::{rdf, xsd};
use oxrdf::{
    BlankNodeRef, LiteralRef, NamedNodeRef, NamedOrBlankNodeRef as SubjectRef, QuadRef, TermRef,
};

/// Bytes kept before they are handed to the underlying writer.
const FLUSH_AT: usize = 1 << 16;

/// Streams triples as Turtle; see the [module docs](self).
pub(crate) struct TurtleWriter<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// (name, namespace IRI), longest namespace first, as oxttl orders them.
    prefixes: Vec<(String, String)>,
    prelude_written: bool,
    /// The subject and predicate of the statement still open, if any.
    open: bool,
    subject: Subject,
    predicate: String,
    /// The subject and predicate of the first quad written, if any.
    first: Option<(Subject, String)>,
}

/// The Turtle of a run of quads written by a [`TurtleWriter::fragment`] writer, to be
/// joined to what precedes it by [`TurtleWriter::append`].
pub(crate) struct Fragment {
    /// From the first quad's subject to the last quad's object, without the final ` .`.
    bytes: Vec<u8>,
    /// The subject and predicate of the first quad (`None`: no quads).
    first: Option<(Subject, String)>,
    /// The subject and predicate of the last quad.
    last: (Subject, String),
}

/// The identity of the open statement's subject.
#[derive(Default, Clone, PartialEq, Eq)]
struct Subject {
    blank: bool,
    id: String,
}

impl Subject {
    fn as_ref(&self) -> SubjectRef<'_> {
        if self.blank {
            SubjectRef::BlankNode(BlankNodeRef::new_unchecked(&self.id))
        } else {
            SubjectRef::NamedNode(NamedNodeRef::new_unchecked(&self.id))
        }
    }

    fn is(&self, s: SubjectRef<'_>) -> bool {
        match s {
            SubjectRef::NamedNode(n) => !self.blank && self.id == n.as_str(),
            SubjectRef::BlankNode(b) => self.blank && self.id == b.as_str(),
        }
    }

    fn set(&mut self, s: SubjectRef<'_>) {
        self.id.clear();
        match s {
            SubjectRef::NamedNode(n) => {
                self.blank = false;
                self.id.push_str(n.as_str());
            }
            SubjectRef::BlankNode(b) => {
                self.blank = true;
                self.id.push_str(b.as_str());
            }
        }
    }
}

impl<W: Write> TurtleWriter<W> {
    /// A writer with `prefixes` (name, namespace IRI); a later prefix with the same
    /// name replaces an earlier one, as in oxttl.
    pub(crate) fn new(out: W, prefixes: impl IntoIterator<Item = (String, String)>) -> Self {
        let map: BTreeMap<String, String> = prefixes.into_iter().collect();
        let mut prefixes: Vec<(String, String)> = map.into_iter().collect();
        // The same (unstable) sort as oxttl, so that ties come out in the same order.
        prefixes.sort_unstable_by_key(|(_, p)| Reverse(p.len()));
        Self {
            out,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            prefixes,
            prelude_written: false,
            open: false,
            subject: Subject::default(),
            predicate: String::new(),
            first: None,
        }
    }

    /// A writer for one [`Fragment`], with this writer's prefixes; see
    /// [`TurtleWriter::finish_fragment`].
    pub(crate) fn fragment(&self) -> TurtleWriter<Vec<u8>> {
        TurtleWriter {
            out: Vec::new(),
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            prefixes: self.prefixes.clone(),
            // The prelude is the joining writer's business.
            prelude_written: true,
            open: false,
            subject: Subject::default(),
            predicate: String::new(),
            first: None,
        }
    }

    /// Appends a fragment: the bytes the quads it was written from would have added
    /// here, had they been given to this writer one by one.
    ///
    /// # Errors
    /// A write error of the underlying writer, or `Other` if the fragment was not
    /// written with this writer's prefixes.
    pub(crate) fn append(&mut self, fragment: &Fragment) -> io::Result<()> {
        let Some((subject, predicate)) = &fragment.first else {
            return Ok(());
        };
        self.write_prelude();
        // The fragment starts `subject predicate object`; a statement still open
        // here may continue with ` ; predicate object` or ` , object` instead.
        let mut skip = 0;
        if self.open && self.subject == *subject {
            skip = self.rendered_len(|w| w.write_subject(subject.as_ref()))? + 1;
            if self.predicate == *predicate {
                self.buf.extend_from_slice(b" , ");
                skip += self.rendered_len(|w| {
                    w.write_predicate(NamedNodeRef::new_unchecked(predicate));
                    Ok(())
                })? + 1;
            } else {
                self.buf.extend_from_slice(b" ;\n\t");
            }
        } else if self.open {
            self.buf.extend_from_slice(b" .\n");
        }
        let Some(rest) = fragment.bytes.get(skip..) else {
            return Err(io::Error::other("a Turtle fragment of other prefixes"));
        };
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.write_all(rest)?;
        self.open = true;
        self.subject.clone_from(&fragment.last.0);
        self.predicate.clone_from(&fragment.last.1);
        Ok(())
    }

    /// How many bytes `write` appends (they are taken back).
    fn rendered_len(
        &mut self,
        write: impl FnOnce(&mut Self) -> io::Result<()>,
    ) -> io::Result<usize> {
        let mark = self.buf.len();
        write(self)?;
        let len = self.buf.len() - mark;
        self.buf.truncate(mark);
        Ok(len)
    }

    fn write_prelude(&mut self) {
        if !self.prelude_written {
            self.prelude_written = true;
            for (name, iri) in &self.prefixes {
                self.buf.extend_from_slice(b"@prefix ");
                self.buf.extend_from_slice(name.as_bytes());
                self.buf.extend_from_slice(b": <");
                self.buf.extend_from_slice(iri.as_bytes());
                self.buf.extend_from_slice(b"> .\n");
            }
        }
    }

    /// Writes one quad of the default graph.
    ///
    /// # Errors
    /// `InvalidInput` for a quad in a named graph (as oxrdfio's Turtle writer), or a
    /// write error of the underlying writer.
    pub(crate) fn quad(&mut self, q: QuadRef<'_>) -> io::Result<()> {
        if !q.graph_name.is_default_graph() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "Only quads in the default graph can be serialized to a RDF graph format",
            ));
        }
        self.write_prelude();
        if self.open && self.subject.is(q.subject) {
            if self.predicate == q.predicate.as_str() {
                self.buf.extend_from_slice(b" , ");
            } else {
                self.buf.extend_from_slice(b" ;\n\t");
                self.write_predicate(q.predicate);
                self.buf.push(b' ');
                self.predicate.clear();
                self.predicate.push_str(q.predicate.as_str());
            }
        } else {
            if self.open {
                self.buf.extend_from_slice(b" .\n");
            } else if self.first.is_none() {
                let mut first = Subject::default();
                first.set(q.subject);
                self.first = Some((first, q.predicate.as_str().to_owned()));
            }
            self.write_subject(q.subject)?;
            self.buf.push(b' ');
            self.write_predicate(q.predicate);
            self.buf.push(b' ');
            self.open = true;
            self.subject.set(q.subject);
            self.predicate.clear();
            self.predicate.push_str(q.predicate.as_str());
        }
        self.write_term(q.object)?;
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Closes the last statement and returns the underlying writer (not flushed).
    ///
    /// # Errors
    /// A write error of the underlying writer.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        if self.open {
            self.buf.extend_from_slice(b" .\n");
        }
        self.out.write_all(&self.buf)?;
        Ok(self.out)
    }

    fn write_subject(&mut self, s: SubjectRef<'_>) -> io::Result<()> {
        match s {
            SubjectRef::NamedNode(n) => {
                self.write_named_node(n);
                Ok(())
            }
            SubjectRef::BlankNode(b) => write!(self.buf, "{b}"),
        }
    }

    fn write_predicate(&mut self, p: NamedNodeRef<'_>) {
        if p == rdf::TYPE {
            self.buf.push(b'a');
        } else {
            self.write_named_node(p);
        }
    }

    /// `prefix:local` with the first prefix whose local part is a valid (possibly
    /// escaped) `PN_LOCAL`, else `<iri>`.
    fn write_named_node(&mut self, n: NamedNodeRef<'_>) {
        let iri = n.as_str();
        for (name, ns) in &self.prefixes {
            let Some(local) = iri.strip_prefix(ns.as_str()) else {
                continue;
            };
            let mark = self.buf.len();
            self.buf.extend_from_slice(name.as_bytes());
            self.buf.push(b':');
            if push_local_name(&mut self.buf, local) {
                return;
            }
            self.buf.truncate(mark);
        }
        self.buf.push(b'<');
        self.buf.extend_from_slice(iri.as_bytes());
        self.buf.push(b'>');
    }

    fn write_term(&mut self, t: TermRef<'_>) -> io::Result<()> {
        match t {
            TermRef::NamedNode(n) => {
                self.write_named_node(n);
                Ok(())
            }
            TermRef::Literal(l) => self.write_literal(l),
            TermRef::Triple(t) => {
                self.buf.extend_from_slice(b"<<( ");
                self.write_term(t.subject.as_ref().into())?;
                self.buf.push(b' ');
                // Inside a triple term rdf:type is written in full, as oxttl does.
                self.write_named_node(t.predicate.as_ref());
                self.buf.push(b' ');
                self.write_term(t.object.as_ref())?;
                self.buf.extend_from_slice(b" )>>");
                Ok(())
            }
            TermRef::BlankNode(b) => write!(self.buf, "{b}"),
        }
    }

    fn write_literal(&mut self, l: LiteralRef<'_>) -> io::Result<()> {
        let datatype = l.datatype();
        if datatype == xsd::STRING {
            push_quoted(&mut self.buf, l.value());
            return Ok(());
        }
        if datatype == rdf::LANG_STRING {
            if let Some(language) = l.language() {
                push_quoted(&mut self.buf, l.value());
                self.buf.push(b'@');
                self.buf.extend_from_slice(language.as_bytes());
                return Ok(());
            }
        }
        if matches!(
            datatype,
            xsd::STRING | rdf::LANG_STRING | rdf::DIR_LANG_STRING
        ) {
            return write!(self.buf, "{l}");
        }
        let value = l.value();
        let inline = match datatype {
            xsd::BOOLEAN => matches!(value, "true" | "false"),
            xsd::INTEGER => is_turtle_integer(value),
            xsd::DECIMAL => is_turtle_decimal(value),
            xsd::DOUBLE => is_turtle_double(value),
            _ => false,
        };
        if inline {
            self.buf.extend_from_slice(value.as_bytes());
        } else {
            push_quoted(&mut self.buf, value);
            self.buf.extend_from_slice(b"^^");
            self.write_named_node(datatype);
        }
        Ok(())
    }
}

impl TurtleWriter<Vec<u8>> {
    /// The fragment written so far (a [`TurtleWriter::fragment`] writer).
    pub(crate) fn finish_fragment(mut self) -> Fragment {
        self.out.append(&mut self.buf);
        Fragment {
            bytes: self.out,
            first: self.first,
            last: (self.subject, self.predicate),
        }
    }
}

/// How an ASCII byte may appear in a `PN_LOCAL` (see [`LOCAL_CLASS`]).
const NEVER: u8 = 0;
const PLAIN: u8 = 1;
/// `-`: plain after the first character, escaped as the first.
const NOT_FIRST: u8 = 2;
/// `.`: plain between characters, escaped first or last.
const INNER: u8 = 3;
const ESCAPED: u8 = 4;

/// The class of each ASCII byte in a local name, as oxttl's `escape_local_name`
/// decides it: `PN_CHARS_U`, digits and `:` plain; `-` and `.` by position; the
/// other `PN_LOCAL_ESC` characters escaped; anything else impossible.
const LOCAL_CLASS: [u8; 128] = {
    let mut t = [NEVER; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() || c == b'_' || c == b':' {
            PLAIN
        } else if c == b'-' {
            NOT_FIRST
        } else if c == b'.' {
            INNER
        } else if matches!(
            c,
            b'~' | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b'/'
                | b'?'
                | b'#'
                | b'@'
                | b'%'
        ) {
            ESCAPED
        } else {
            NEVER
        };
        b += 1;
    }
    t
};

/// Appends `value` as a Turtle `PN_LOCAL` with oxttl's escapes; false (and
/// partial output, which the caller drops) when it cannot be one. Works on bytes:
/// every character that needs a decision other than "is it a `PN_CHARS`" is ASCII.
fn push_local_name(buf: &mut Vec<u8>, value: &str) -> bool {
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii() {
            let plain = match LOCAL_CLASS[usize::from(b)] {
                PLAIN => true,
                NOT_FIRST => i > 0,
                INNER => i > 0 && i + 1 < bytes.len(),
                ESCAPED => false,
                _ => return false,
            };
            if !plain {
                buf.push(b'\\');
            }
            buf.push(b);
            i += 1;
        } else {
            let Some(c) = value[i..].chars().next() else {
                return false;
            };
            let valid = if i == 0 {
                is_pn_chars_u(c)
            } else {
                is_pn_chars(c)
            };
            if !valid {
                return false;
            }
            let len = c.len_utf8();
            buf.extend_from_slice(&bytes[i..i + len]);
            i += len;
        }
    }
    true
}

/// Appends `value` as a quoted Turtle string with oxrdf's escapes
/// (`oxrdf::literal::print_quoted_str`), copying unescaped runs whole.
fn push_quoted(buf: &mut Vec<u8>, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    buf.push(b'"');
    let bytes = value.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (escape, len): (&[u8], usize) = match b {
            0x08 => (b"\\b", 1),
            b'\t' => (b"\\t", 1),
            b'\n' => (b"\\n", 1),
            0x0C => (b"\\f", 1),
            b'\r' => (b"\\r", 1),
            b'"' => (b"\\\"", 1),
            b'\\' => (b"\\\\", 1),
            0x00..=0x1F | 0x7F => (&[], 1),
            // U+FFFE and U+FFFF
            0xEF if bytes.get(i + 1) == Some(&0xBF)
                && matches!(bytes.get(i + 2), Some(0xBE | 0xBF)) =>
            {
                (&[], 3)
            }
            _ => {
                i += 1;
                continue;
            }
        };
        buf.extend_from_slice(&bytes[start..i]);
        if escape.is_empty() {
            let code = value[i..].chars().next().map_or(0, u32::from);
            buf.extend_from_slice(b"\\u");
            for shift in [12, 8, 4, 0] {
                buf.push(HEX[((code >> shift) & 0xF) as usize]);
            }
        } else {
            buf.extend_from_slice(escape);
        }
        i += len;
        start = i;
    }
    buf.extend_from_slice(&bytes[start..]);
    buf.push(b'"');
}

/// `PN_CHARS_BASE` ([163s]).
fn is_pn_chars_base(c: char) -> bool {
    matches!(c,
        'A'..='Z'
        | 'a'..='z'
        | '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{02FF}'
        | '\u{0370}'..='\u{037D}'
        | '\u{037F}'..='\u{1FFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}'
        | '\u{2C00}'..='\u{2FEF}'
        | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}'
        | '\u{FDF0}'..='\u{FFFD}'
        | '\u{10000}'..='\u{EFFFF}')
}

/// `PN_CHARS_U` ([164s]).
fn is_pn_chars_u(c: char) -> bool {
    is_pn_chars_base(c) || c == '_'
}

/// `PN_CHARS` ([166s]).
fn is_pn_chars(c: char) -> bool {
    is_pn_chars_u(c)
        || matches!(c, '-' | '0'..='9' | '\u{00B7}' | '\u{0300}'..='\u{036F}' | '\u{203F}'..='\u{2040}')
}

/// `PN_LOCAL_ESC` characters (the table [`LOCAL_CLASS`] is checked against this).
#[cfg(test)]
fn can_be_escaped_in_local_name(c: char) -> bool {
    matches!(
        c,
        '_' | '~'
            | '.'
            | '-'
            | '!'
            | '$'
            | '&'
            | '\''
            | '('
            | ')'
            | '*'
            | '+'
            | ','
            | ';'
            | '='
            | '/'
            | '?'
            | '#'
            | '@'
            | '%'
    )
}

/// Strips one leading `+` or `-`.
fn unsigned(value: &[u8]) -> &[u8] {
    value
        .strip_prefix(b"+")
        .or_else(|| value.strip_prefix(b"-"))
        .unwrap_or(value)
}

/// `INTEGER ::= [+-]? [0-9]+`
fn is_turtle_integer(value: &str) -> bool {
    let value = unsigned(value.as_bytes());
    !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

/// `DECIMAL ::= [+-]? [0-9]* '.' [0-9]+`
fn is_turtle_decimal(value: &str) -> bool {
    let mut value = unsigned(value.as_bytes());
    while value.first().is_some_and(u8::is_ascii_digit) {
        value = &value[1..];
    }
    let Some(value) = value.strip_prefix(b".") else {
        return false;
    };
    !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

/// `DOUBLE ::= [+-]? ([0-9]+ '.' [0-9]* EXPONENT | '.' [0-9]+ EXPONENT | [0-9]+ EXPONENT)`
fn is_turtle_double(value: &str) -> bool {
    let mut value = unsigned(value.as_bytes());
    let mut with_before = false;
    while value.first().is_some_and(u8::is_ascii_digit) {
        value = &value[1..];
        with_before = true;
    }
    let mut with_after = false;
    if let Some(v) = value.strip_prefix(b".") {
        value = v;
        while value.first().is_some_and(u8::is_ascii_digit) {
            value = &value[1..];
            with_after = true;
        }
    }
    let Some(v) = value
        .strip_prefix(b"e")
        .or_else(|| value.strip_prefix(b"E"))
    else {
        return false;
    };
    let value = unsigned(v);
    (with_before || with_after) && !value.is_empty() && value.iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxrdf::{
        BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode as OxSubject, Quad, Term, Triple,
    };
    use oxrdfio::{RdfFormat, RdfSerializer};

    const PREFIXES: [(&str, &str); 6] = [
        ("ex", "http://example.org/"),
        ("exa", "http://example.org/a/"),
        ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
        ("xsd", "http://www.w3.org/2001/XMLSchema#"),
        ("same", "http://example.org/b/"),
        ("ex", "http://example.org/x#"),
    ];

    fn oxttl(quads: &[Quad]) -> String {
        let mut s = RdfSerializer::from_format(RdfFormat::Turtle);
        for (p, i) in PREFIXES {
            s = s.with_prefix(p, i).unwrap();
        }
        let mut w = s.for_writer(Vec::new());
        for q in quads {
            w.serialize_quad(q).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn ours(quads: &[Quad]) -> String {
        let prefixes = PREFIXES.map(|(p, i)| (p.to_owned(), i.to_owned()));
        let mut w = TurtleWriter::new(Vec::new(), prefixes);
        for q in quads {
            w.quad(q.as_ref()).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    }

    fn nn(s: &str) -> NamedNode {
        NamedNode::new(s).unwrap()
    }

    fn locals() -> Vec<&'static str> {
        vec![
            "",
            "a",
            "abc_1",
            "1abc",
            "_x",
            "-x",
            "x-",
            ".x",
            "x.",
            "a.b",
            "a..b",
            ":a",
            "a:b",
            "a/b",
            "a%20b",
            "a#b",
            "a~b",
            "a!b",
            "é",
            "ça-va",
            "日本",
            "a\u{b7}b",
            "\u{b7}a",
            "a\u{300}",
            "a b",
            "a\"b",
            "a<b",
            "~",
            "%41",
            "a?b=c&d",
            "x'y",
            "(x)",
            "a*b+c,d;e",
            "a@b",
            "a$b",
            "\u{1F642}",
            "\u{2040}x",
            "x\u{2040}",
            "A-1.2",
        ]
    }

    #[test]
    fn named_nodes_match_oxttl() {
        let mut quads = Vec::new();
        for base in [
            "http://example.org/",
            "http://example.org/a/",
            "http://example.org/x#",
            "http://other.org/",
            "http://example.org/b/",
        ] {
            for l in locals() {
                let Ok(iri) = NamedNode::new(format!("{base}{l}")) else {
                    continue;
                };
                quads.push(Quad::new(
                    iri.clone(),
                    iri.clone(),
                    iri,
                    GraphName::DefaultGraph,
                ));
            }
        }
        assert!(quads.len() > 100);
        assert_eq!(ours(&quads), oxttl(&quads));
    }

    #[test]
    fn literals_grouping_and_triple_terms_match_oxttl() {
        let s = nn("http://example.org/s");
        let s2 = nn("http://example.org/a/s2");
        let p = nn("http://example.org/p");
        let q = nn("http://example.org/q");
        let b = BlankNode::new("b1").unwrap();
        let mut objects: Vec<Term> = vec![
            Literal::new_simple_literal("plain").into(),
            Literal::new_simple_literal("quote \" back \\ nl \n tab \t cr \r nul \0 é 🙂").into(),
            Literal::new_simple_literal(
                "\u{8}\u{c}\u{1f}\u{7f}\u{fffe}\u{ffff}\u{fffd}\u{80}x\u{1}",
            )
            .into(),
            Literal::new_language_tagged_literal("\"q\"\n", "fr")
                .unwrap()
                .into(),
            Literal::new_typed_literal("a \"b\"\u{7f}", xsd::DATE).into(),
            Literal::new_language_tagged_literal("hello", "en-GB")
                .unwrap()
                .into(),
            b.clone().into(),
            Triple::new(s.clone(), rdf::TYPE, q.clone()).into(),
            Triple::new(
                s.clone(),
                p.clone(),
                Triple::new(s2.clone(), q.clone(), Literal::from(1)),
            )
            .into(),
        ];
        for (v, dt) in [
            ("true", xsd::BOOLEAN),
            ("maybe", xsd::BOOLEAN),
            ("12", xsd::INTEGER),
            ("+12", xsd::INTEGER),
            ("-", xsd::INTEGER),
            ("1.5", xsd::DECIMAL),
            ("-.5", xsd::DECIMAL),
            ("1.", xsd::DECIMAL),
            ("1e5", xsd::DOUBLE),
            ("1.5E-3", xsd::DOUBLE),
            (".5e1", xsd::DOUBLE),
            ("1.5", xsd::DOUBLE),
            ("e5", xsd::DOUBLE),
            ("INF", xsd::DOUBLE),
            ("2024-01-02", xsd::DATE),
            (
                "66.1",
                NamedNodeRef::new_unchecked("http://example.org/a/percent"),
            ),
            ("x", NamedNodeRef::new_unchecked("http://other.org/dt")),
        ] {
            objects.push(Literal::new_typed_literal(v, dt).into());
        }
        let mut quads = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            let subject: OxSubject = if i % 5 == 4 {
                b.clone().into()
            } else {
                s.clone().into()
            };
            let predicate = match i % 3 {
                0 => p.clone(),
                1 => rdf::TYPE.into_owned(),
                _ => q.clone(),
            };
            quads.push(Quad::new(
                subject.clone(),
                predicate.clone(),
                o.clone(),
                GraphName::DefaultGraph,
            ));
            quads.push(Quad::new(
                subject,
                predicate,
                o.clone(),
                GraphName::DefaultGraph,
            ));
            if i % 4 == 0 {
                quads.push(Quad::new(
                    s2.clone(),
                    p.clone(),
                    o.clone(),
                    GraphName::DefaultGraph,
                ));
            }
        }
        assert_eq!(ours(&quads), oxttl(&quads));
        assert_eq!(ours(&[]), oxttl(&[]));
    }

    #[test]
    fn the_byte_table_agrees_with_the_character_rules() {
        for b in 0u8..128 {
            let c = char::from(b);
            let first_plain = is_pn_chars_u(c) || c == ':' || c.is_ascii_digit();
            let later_plain = is_pn_chars(c) || c == ':';
            let expected = if first_plain {
                PLAIN
            } else if c == '.' {
                INNER
            } else if later_plain {
                NOT_FIRST
            } else if can_be_escaped_in_local_name(c) {
                ESCAPED
            } else {
                NEVER
            };
            assert_eq!(LOCAL_CLASS[usize::from(b)], expected, "{c:?}");
        }
    }

    #[test]
    fn a_named_graph_is_refused() {
        let s = nn("http://example.org/s");
        let q = Quad::new(s.clone(), s.clone(), s.clone(), s);
        let mut w = TurtleWriter::new(Vec::new(), Vec::new());
        assert_eq!(
            w.quad(q.as_ref()).unwrap_err().kind(),
            io::ErrorKind::InvalidInput
        );
    }
}
