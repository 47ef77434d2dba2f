//! Reading and writing CoNLL-U, the Universal Dependencies file format.
//!
//! [`read`] parses a treebank into [`ConlluSentence`]s with their gold
//! annotation in [`Token`]s (form, UPOS, XPOS, lemma, head, relation and
//! `SpaceAfter=No`). Multiword tokens (`3-4 don't`) and empty nodes (`8.1`)
//! are kept aside; empty nodes are not words of the basic tree. Errors name
//! the line.

use crate::document::{ByteSpan, Document, Head, Token, Upos};
use std::io::BufRead;

/// A multiword token: the surface form of several syntactic words (`don't` = `do` + `n't`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiwordToken {
    /// First word (1-based, inclusive).
    pub first: u32,
    /// Last word (1-based, inclusive).
    pub last: u32,
    /// Surface form.
    pub form: String,
    /// False when `SpaceAfter=No` is set on the multiword line.
    pub space_after: bool,
}

/// One sentence of a CoNLL-U file.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`.
    pub id: Option<String>,
    /// `# text`: the raw sentence.
    pub text: Option<String>,
    /// `# newdoc` was seen before this sentence.
    pub new_document: bool,
    /// `# newpar` was seen before this sentence.
    pub new_paragraph: bool,
    /// The syntactic words with their gold annotation; spans are not set.
    pub words: Vec<Token>,
    /// Multiword tokens over `words`.
    pub multiword: Vec<MultiwordToken>,
    /// Line number (1-based) of the sentence's first line, for messages.
    pub line: usize,
}

/// A CoNLL-U syntax or I/O error, with its location: the shared [`FormatError`] of every
/// file reader (public as `kg::ConlluError`).
pub use super::FormatError as ConlluError;
use super::{FormatError, ParseError};

/// Reads every sentence of a CoNLL-U stream. `name` is used in error messages.
///
/// # Errors
/// [`FormatError::Parse`] naming `name:line` (and the column of a bad field) for a malformed
/// line (wrong number of columns, bad id or head, unknown UPOS), [`FormatError::Io`] when
/// reading fails.
pub fn read(reader: impl BufRead, name: &str) -> Result<Vec<ConlluSentence>, ConlluError> {
    let mut out = Vec::new();
    let mut current = ConlluSentence::default();
    let mut started = false;
    for (index, line) in reader.lines().enumerate() {
        let line_no = index + 1;
        let line = line.map_err(|source| FormatError::io(name, source))?;
        let line = line.trim_end_matches('\r');
        let syntax = |message: String| ParseError::new(name, line_no, message);
        let field =
            |i: usize, message: String| ParseError::in_field(name, line_no, line, i, message);
        if line.trim().is_empty() {
            if started {
                check_heads(&current).map_err(syntax)?;
                out.push(std::mem::take(&mut current));
                started = false;
            }
            continue;
        }
        if !started {
            current.line = line_no;
            started = true;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim();
            if let Some(v) = comment.strip_prefix("sent_id =") {
                current.id = Some(v.trim().to_string());
            } else if let Some(v) = comment.strip_prefix("text =") {
                current.text = Some(v.trim().to_string());
            } else if comment.starts_with("newdoc") {
                current.new_document = true;
            } else if comment.starts_with("newpar") {
                current.new_paragraph = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(syntax(format!(
                "expected 10 tab-separated columns, found {}",
                cols.len()
            ))
            .into());
        }
        let id = cols[0];
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        if id.contains('.') {
            continue; // empty node of the enhanced graph, not a word of the basic tree
        }
        if let Some((a, b)) = id.split_once('-') {
            let first = a
                .parse()
                .map_err(|_| field(0, format!("bad token range '{id}'")))?;
            let last = b
                .parse()
                .map_err(|_| field(0, format!("bad token range '{id}'")))?;
            current.multiword.push(MultiwordToken {
                first,
                last,
                form: cols[1].to_string(),
                space_after,
            });
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| field(0, format!("bad word id '{id}'")))?;
        if n != current.words.len() + 1 {
            return Err(field(
                0,
                format!(
                    "word id {n} out of sequence, expected {}",
                    current.words.len() + 1
                ),
            )
            .into());
        }
        let upos = if cols[3] == "_" {
            Upos::X
        } else {
            Upos::parse(cols[3]).ok_or_else(|| field(3, format!("unknown UPOS '{}'", cols[3])))?
        };
        let head = if cols[6] == "_" {
            None
        } else {
            Some(
                cols[6]
                    .parse::<u32>()
                    .map(Head::from_conllu)
                    .map_err(|_| field(6, format!("bad head '{}'", cols[6])))?,
            )
        };
        let underscore = |s: &str| {
            if s == "_" {
                String::new()
            } else {
                s.to_string()
            }
        };
        current.words.push(Token {
            form: cols[1].to_string(),
            span: ByteSpan::default(),
            space_after,
            upos,
            xpos: underscore(cols[4]),
            // A lemma of "_" is the lemma of the underscore character when the form is "_".
            lemma: if cols[2] == "_" && cols[1] != "_" {
                String::new()
            } else {
                cols[2].to_string()
            },
            head,
            deprel: underscore(cols[7]),
        });
    }
    if started {
        check_heads(&current).map_err(|message| ParseError::new(name, current.line, message))?;
        out.push(current);
    }
    Ok(out)
}

fn check_heads(s: &ConlluSentence) -> Result<(), String> {
    let n = s.words.len() as u32;
    for (i, w) in s.words.iter().enumerate() {
        if let Some(h) = w.head.map(Head::to_conllu) {
            if h > n {
                return Err(format!(
                    "word {} has head {h} beyond the sentence's {n} words",
                    i + 1
                ));
            }
        }
    }
    // The words of a multiword token take its SpaceAfter; CoNLL-U puts it on the range line.
    Ok(())
}

/// Reads a CoNLL-U file from disk.
///
/// # Errors
/// As [`read`], with the path as the name.
pub fn read_path(path: &std::path::Path) -> Result<Vec<ConlluSentence>, ConlluError> {
    read(super::open(path)?, &path.display().to_string())
}

impl ConlluSentence {
    /// Whether word `i` (0-based) is followed by a space, taking multiword tokens into account.
    #[must_use]
    pub fn space_after_word(&self, i: usize) -> bool {
        let id = i as u32 + 1;
        for m in &self.multiword {
            if id >= m.first && id < m.last {
                return false;
            }
            if id == m.last {
                return m.space_after;
            }
        }
        self.words[i].space_after
    }
}

/// Builds one [`Document`] from gold sentences (gold tokenisation): the text is
/// the words laid out with a space wherever CoNLL-U does not say `SpaceAfter=No`,
/// and a newline between sentences. Tokens keep their gold annotation.
#[must_use]
pub fn to_document(id: &str, sentences: &[ConlluSentence]) -> Document {
    let mut doc = Document::new(id, String::new());
    let mut text = String::new();
    for s in sentences {
        let mut tokens = Vec::with_capacity(s.words.len());
        for (i, w) in s.words.iter().enumerate() {
            let start = text.len();
            text.push_str(&w.form);
            let mut t = w.clone();
            t.span = ByteSpan::new(start, text.len());
            t.space_after = s.space_after_word(i);
            if t.space_after && i + 1 < s.words.len() {
                text.push(' ');
            }
            tokens.push(t);
        }
        text.push('\n');
        doc.push_sentence(tokens);
    }
    doc.text = text;
    doc
}

/// Writes a document as CoNLL-U: one block per sentence, `# text`, `SpaceAfter=No`
/// and the token's character offsets (`TokenRange=start:end`) in MISC, plus any
/// `extra_misc` a caller supplies per token (for example `NER=B-PER`).
///
/// # Errors
/// When writing fails.
pub fn write(
    out: &mut impl std::io::Write,
    doc: &Document,
    mut extra_misc: impl FnMut(usize) -> Option<String>,
) -> std::io::Result<()> {
    let chars = crate::document::CharOffsets::new(&doc.text);
    for (si, s) in doc.sentences.iter().enumerate() {
        writeln!(out, "# sent_id = {}-{}", sanitize_comment(&doc.id), si + 1)?;
        writeln!(out, "# text = {}", sanitize_comment(doc.sentence_text(s)))?;
        for (i, ti) in s.token_range().enumerate() {
            let t = &doc.tokens[ti];
            let mut misc = Vec::new();
            if !t.space_after {
                misc.push("SpaceAfter=No".to_string());
            }
            misc.push(format!(
                "TokenRange={}:{}",
                chars.char_offset(t.span.start as usize),
                chars.char_offset(t.span.end as usize)
            ));
            if let Some(extra) = extra_misc(ti) {
                misc.push(extra);
            }
            write_word(out, i + 1, t, &misc.join("|"))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// Writes one word line: ID, FORM, LEMMA, UPOS, XPOS, HEAD and DEPREL from `token`
/// (`_` where empty), FEATS and DEPS as `_`, and `misc` (`_` when empty).
///
/// # Errors
/// When writing fails.
pub fn write_word(
    out: &mut impl std::io::Write,
    id: usize,
    token: &Token,
    misc: &str,
) -> std::io::Result<()> {
    let field = |s: &str| {
        if s.is_empty() {
            "_".to_string()
        } else {
            sanitize_field(s)
        }
    };
    writeln!(
        out,
        "{id}\t{}\t{}\t{}\t{}\t_\t{}\t{}\t_\t{}",
        field(&token.form),
        field(&token.lemma),
        token.upos,
        field(&token.xpos),
        token
            .head
            .map_or("_".to_string(), |h| h.to_conllu().to_string()),
        field(&token.deprel),
        if misc.is_empty() { "_" } else { misc }
    )
}

/// CoNLL-U fields cannot hold tabs or newlines; a token made of such characters is shown escaped.
fn sanitize_field(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c == '\t' || c == '\n' || c == '\r' {
                ' '
            } else {
                c
            }
        })
        .collect()
}

fn sanitize_comment(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# newdoc id = d1\n# sent_id = s1\n# text = I don't.\n1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n2\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";

    #[test]
    fn multiword_tokens_give_spaces() {
        let s = read(SAMPLE.as_bytes(), "t").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].new_document);
        assert_eq!(s[0].multiword.len(), 1);
        let doc = to_document("d", &s);
        assert_eq!(doc.text, "I don't.\n");
        assert_eq!(doc.slice(doc.tokens[2].span), "n't");
    }

    #[test]
    fn errors_name_the_line() {
        let bad = "1\tI\tI\tPRON\tPRP\t_\t0\troot\t_\t_\n2\tx\tx\tNOPE\tX\t_\t1\tdep\t_\t_\n";
        let err = read(bad.as_bytes(), "f.conllu").unwrap_err().to_string();
        assert!(err.starts_with("f.conllu:2:"), "{err}");
        let bad = "1\tI\tI\tPRON\n";
        assert!(read(bad.as_bytes(), "f")
            .unwrap_err()
            .to_string()
            .contains("f:1"));
        let bad = "1\tI\tI\tPRON\tPRP\t_\t5\troot\t_\t_\n\n";
        assert!(read(bad.as_bytes(), "f").is_err());
    }

    #[test]
    fn write_then_read_round_trips_annotation() {
        let s = read(SAMPLE.as_bytes(), "t").unwrap();
        let doc = to_document("d", &s);
        let mut out = Vec::new();
        write(&mut out, &doc, |_| None).unwrap();
        let back = read(out.as_slice(), "out").unwrap();
        assert_eq!(back[0].words.len(), 4);
        for (a, b) in back[0].words.iter().zip(&s[0].words) {
            assert_eq!(
                (&a.form, a.upos, &a.xpos, a.head, &a.deprel),
                (&b.form, b.upos, &b.xpos, b.head, &b.deprel)
            );
        }
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `formats::conllu`.
    #[test]
    fn doc_conllu() -> Result<(), Box<dyn std::error::Error>> {
        let text = "# sent_id = s1\n# text = Hi!\n1\tHi\thi\tINTJ\tUH\t_\t0\troot\t_\tSpaceAfter=No\n2\t!\t!\tPUNCT\t.\t_\t1\tpunct\t_\t_\n\n";
        let sentences = crate::formats::conllu::read(text.as_bytes(), "inline")?;
        assert_eq!(sentences[0].id.as_deref(), Some("s1"));
        assert_eq!(
            sentences[0].words[1].head,
            Some(crate::document::Head::from_conllu(1))
        );
        assert!(!sentences[0].words[0].space_after);
        let doc = crate::formats::conllu::to_document("d", &sentences);
        assert_eq!(doc.text, "Hi!\n");
        Ok(())
    }
}

/// One mention of a CoNLL-U `Entity=` annotation (GUM's coreference, in CoNLL-2012
/// brackets: `(group-type-…-identity` opens a mention, `group)` closes it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityBracket {
    /// The coreference group.
    pub group: String,
    /// The entity type (`person`, `place`, …).
    pub etype: String,
    /// The Wikipedia identity (eighth field), when given.
    pub identity: Option<String>,
    /// The words it covers (indices into the sentence's words).
    pub words: std::ops::Range<usize>,
}

/// The mentions that one sentence's `Entity=` values open and close, sorted by start
/// (longer first). `misc` gives each word's MISC column and line; `end_line` is the
/// sentence's last line, named when a mention is left open.
///
/// # Errors
/// `(line, message)` for a malformed value, a closing bracket of a group not open, or a
/// mention not closed within the sentence.
pub fn entity_brackets<'a>(
    misc: impl IntoIterator<Item = (&'a str, usize)>,
    end_line: usize,
) -> Result<Vec<EntityBracket>, (usize, String)> {
    let mut open: Vec<EntityBracket> = Vec::new();
    let mut spans: Vec<EntityBracket> = Vec::new();
    for (wi, (misc, line)) in misc.into_iter().enumerate() {
        let Some(value) = misc.split('|').find_map(|kv| kv.strip_prefix("Entity=")) else {
            continue;
        };
        let mut rest = value;
        while !rest.is_empty() {
            if let Some(body) = rest.strip_prefix('(') {
                let end = body.find(['(', ')']).unwrap_or(body.len());
                let fields: Vec<&str> = body[..end].splitn(8, '-').collect();
                if fields.len() < 2 || fields[0].is_empty() {
                    return Err((line, format!("malformed Entity {value:?}")));
                }
                let mention = EntityBracket {
                    group: fields[0].to_owned(),
                    etype: fields[1].to_owned(),
                    identity: fields
                        .get(7)
                        .filter(|s| !s.is_empty())
                        .map(|s| (*s).to_owned()),
                    words: wi..wi + 1,
                };
                if body[end..].starts_with(')') {
                    spans.push(mention);
                    rest = &body[end + 1..];
                } else {
                    open.push(mention);
                    rest = &body[end..];
                }
            } else {
                let end = rest
                    .find(')')
                    .ok_or_else(|| (line, format!("malformed Entity {value:?}: no ')'")))?;
                let group = &rest[..end];
                let k = open
                    .iter()
                    .rposition(|o| o.group == group)
                    .ok_or_else(|| (line, format!("Entity closes {group:?}, not open")))?;
                let mut mention = open.remove(k);
                mention.words.end = wi + 1;
                spans.push(mention);
                rest = &rest[end + 1..];
            }
        }
    }
    if let Some(o) = open.first() {
        return Err((
            end_line,
            format!("Entity {:?} not closed within its sentence", o.group),
        ));
    }
    spans.sort_by_key(|s| (s.words.start, std::cmp::Reverse(s.words.end)));
    Ok(spans)
}
