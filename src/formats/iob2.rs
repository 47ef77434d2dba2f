//! IOB2 entity spans (the Universal NER format): [`read_iob2`] reads a file into
//! sentences of forms with gold PER/ORG/LOC spans; [`iob2_documents`] lays them out as
//! documents, with POS tags joined from CoNLL-U by sentence id ([`tags_by_sentence`]).

use super::ParseError;
use crate::document::{Document, Token, Upos};
use crate::nlp::ner::TYPES;
use std::collections::HashMap;
use std::ops::Range;

/// One sentence of an IOB2 file (Universal NER format).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Iob2Sentence {
    /// `# sent_id`.
    pub id: Option<String>,
    /// `# newdoc id` seen before this sentence.
    pub new_document: bool,
    /// Token forms.
    pub forms: Vec<String>,
    /// Gold spans with their type index into [`TYPES`].
    pub spans: Vec<(Range<usize>, usize)>,
    /// Line of the first token (1-based).
    pub line: usize,
}

/// Reads an IOB2 file: `ID FORM TAG [- ANNOTATOR]`, comments, blank lines between
/// sentences. Types other than PER, ORG and LOC (`OTH`) and the spurious `B-O`
/// of the preliminary UNER train file count as O; an `I-` tag that does not
/// continue a span of its type starts one (CoNLL practice).
///
/// # Errors
/// A line with fewer than three columns, or an unknown tag prefix.
pub fn read_iob2(text: &str, file: &str) -> Result<Vec<Iob2Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Iob2Sentence::default();
    let mut open: Option<(usize, usize)> = None; // (start, type)
    let mut new_doc = false;
    let finish = |cur: &mut Iob2Sentence, open: &mut Option<(usize, usize)>| {
        if let Some((s, ty)) = open.take() {
            cur.spans.push((s..cur.forms.len(), ty));
        }
    };
    for (ln, line) in text.lines().enumerate() {
        let line_no = ln + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.forms.is_empty() {
                finish(&mut cur, &mut open);
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            let c = c.trim();
            if c.starts_with("newdoc") {
                new_doc = true;
            } else if let Some(id) = c.strip_prefix("sent_id") {
                cur.id = Some(id.trim_start_matches([' ', '=']).trim().to_string());
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 3 {
            return Err(ParseError::new(
                file,
                line_no,
                format!(
                    "expected at least 3 tab-separated columns, found {}",
                    cols.len()
                ),
            ));
        }
        if cur.forms.is_empty() {
            cur.line = line_no;
            cur.new_document = std::mem::take(&mut new_doc);
        }
        let i = cur.forms.len();
        let tag = cols[2].trim();
        let (prefix, ty) = match tag.split_once('-') {
            None if tag == "O" => ("O", None),
            None => {
                return Err(ParseError::in_field(
                    file,
                    line_no,
                    line,
                    2,
                    format!("unknown tag '{tag}'"),
                ))
            }
            Some((p, t)) => (p, TYPES.iter().position(|k| k.label() == t)),
        };
        match (prefix, ty) {
            ("B", Some(ty)) => {
                finish(&mut cur, &mut open);
                open = Some((i, ty));
            }
            ("I", Some(ty)) => match open {
                Some((_, t)) if t == ty => {}
                _ => {
                    finish(&mut cur, &mut open);
                    open = Some((i, ty));
                }
            },
            ("B" | "I" | "O", None) | ("O", _) => finish(&mut cur, &mut open),
            _ => {
                return Err(ParseError::in_field(
                    file,
                    line_no,
                    line,
                    2,
                    format!("unknown tag '{tag}'"),
                ))
            }
        }
        cur.forms.push(cols[1].to_string());
    }
    if !cur.forms.is_empty() {
        finish(&mut cur, &mut open);
        out.push(cur);
    }
    Ok(out)
}

/// Groups IOB2 sentences into documents (at each `# newdoc`), laying out the
/// words with single spaces. `tags` gives POS tags per sentence id (from a
/// CoNLL-U file); a sentence whose words differ from the tagged one keeps X.
#[must_use]
pub fn iob2_documents(
    sentences: &[Iob2Sentence],
    tags: &HashMap<String, Vec<(Upos, String, String)>>,
) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for s in sentences {
        if s.new_document || docs.is_empty() {
            docs.push(Document::new(
                s.id.clone().unwrap_or_default(),
                String::new(),
            ));
        }
        let Some(doc) = docs.last_mut() else { continue };
        let tagged = s.id.as_ref().and_then(|id| tags.get(id));
        let tagged = tagged
            .filter(|t| t.len() == s.forms.len() && t.iter().zip(&s.forms).all(|(a, f)| &a.2 == f));
        let mut tokens = Vec::with_capacity(s.forms.len());
        for (i, f) in s.forms.iter().enumerate() {
            let start = doc.text.len();
            doc.text.push_str(f);
            let mut t = Token::new(
                f.clone(),
                crate::document::ByteSpan::new(start, doc.text.len()),
            );
            if let Some(tg) = tagged {
                t.upos = tg[i].0;
                t.xpos.clone_from(&tg[i].1);
            }
            doc.text.push(' ');
            tokens.push(t);
        }
        doc.text.push('\n');
        doc.push_sentence(tokens);
    }
    docs
}

/// POS tags and forms per sentence id, from CoNLL-U sentences, for joining
/// with IOB2 files (which carry no tags): id → (UPOS, XPOS, form) per word.
#[must_use]
pub fn tags_by_sentence(
    sentences: &[super::conllu::ConlluSentence],
) -> HashMap<String, Vec<(Upos, String, String)>> {
    sentences
        .iter()
        .filter_map(|s| {
            let id = s.id.clone()?;
            let words = s
                .words
                .iter()
                .map(|w| (w.upos, w.xpos.clone(), w.form.clone()))
                .collect();
            Some((id, words))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_iob2_with_preliminary_quirks() {
        let text = "# newdoc id = d\n# sent_id = s1\n1\tAl\tB-ORG\t-\tx\n2\tZaman\tI-ORG\t-\tx\n3\tsaid\tB-O\t-\tx\n4\tAmerican\tB-OTH\t-\tx\n5\tBob\tI-PER\t-\tx\n6\t.\tO\n\n";
        let s = read_iob2(text, "t").unwrap();
        assert_eq!(s.len(), 1);
        assert!(s[0].new_document);
        assert_eq!(s[0].spans, vec![(0..2, 1), (4..5, 0)]);
        assert!(read_iob2("1\tx\n", "t").is_err());
        assert!(read_iob2("1\tx\tQ\n", "t").is_err());
    }
}
