//! GUM's coreference layer as gold: documents rebuilt from a CoNLL-U file's
//! `# text` lines, with every `Entity=` mention located in that text.
//!
//! GUM (Zeldes 2017) marks every mention in the MISC column in the CoNLL-2012
//! bracket style: `Entity=(3-person-new-sssss-cf1-1-coref-Lord_Byron)` opens and
//! closes a one-word mention of group 3, type `person`, Wikipedia identity
//! `Lord_Byron`; `(4-organization-…` opens a longer one that a later `4)` closes.
//! The fields follow the document's `# global.Entity` header,
//! `GRP-etype-infstat-salience-centering-minspan-link-identity`; the identity is
//! present for the mentions of named entities (on all of them, "the boy" and
//! "I" too).
//!
//! [`parse`] gives one [`GumDocument`] per `# newdoc`: its text (sentences joined
//! by a space, paragraphs by a blank line, as a reader would see them) and its
//! mentions as byte spans of that text, so that a system can analyse the raw
//! text with its own tokenizer and be aligned by offsets. Words are located in
//! their sentence's `# text` in order; a multi-word token ("Byron's") gives its
//! words the parts of its surface they spell, else the whole surface.

use super::ParseError;
use std::ops::Range;

/// One gold mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldMention {
    /// The coreference group (unique within the document).
    pub group: String,
    /// One of GUM's ten types: `person`, `organization`, `place`, `event`, …
    pub etype: String,
    /// The Wikipedia identity of a named entity, if any.
    pub identity: Option<String>,
    /// Bytes of [`GumDocument::text`] the mention covers.
    pub span: Range<usize>,
    /// Bytes of its syntactic head word (the word whose head lies outside the span).
    pub head: Range<usize>,
    /// The mention's head word is a proper noun.
    pub named: bool,
    /// The head word's UPOS tag, as in the file.
    pub head_upos: String,
    /// The head word's lemma, as in the file.
    pub head_lemma: String,
    /// The line of the mention's first word.
    pub line: usize,
    /// The mention is one third-person personal pronoun ("he", "its", "them").
    pub pronoun: bool,
}

impl GoldMention {
    /// True for a person, organisation or place that is named or a pronoun: the
    /// mentions `kg eval coref` scores on GUM.
    #[must_use]
    pub fn in_scope(&self) -> bool {
        matches!(self.etype.as_str(), "person" | "organization" | "place")
            && (self.named || self.pronoun)
    }
}

/// One GUM document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GumDocument {
    /// The `# newdoc id`.
    pub id: String,
    /// The sentences' text.
    pub text: String,
    /// Every mention, in text order (outer before inner at one start).
    pub mentions: Vec<GoldMention>,
}

/// A word of the sentence being read.
struct Word {
    id: usize,
    lemma: String,
    upos: String,
    head: usize,
    feats: String,
    /// Bytes within the sentence text.
    chars: Range<usize>,
    misc: String,
    line: usize,
}

#[derive(Default)]
struct Builder {
    /// The file's name, for errors.
    file: String,
    docs: Vec<GumDocument>,
    /// `# text` of the sentence being read, and where the next word is looked for.
    text: Option<String>,
    cursor: usize,
    /// Surface and remaining part of the multi-word token being read.
    mwt: Option<(Range<usize>, usize, usize)>,
    words: Vec<Word>,
    new_par: bool,
}

impl Builder {
    fn doc(&mut self, line: usize) -> Result<&mut GumDocument, ParseError> {
        self.docs
            .last_mut()
            .ok_or_else(|| ParseError::new(&self.file, line, "a sentence before any '# newdoc id'"))
    }

    /// Locates `form` in the sentence text from the cursor.
    fn locate(&mut self, form: &str, line: usize) -> Result<Range<usize>, ParseError> {
        let text = self.text.as_deref().ok_or_else(|| {
            ParseError::new(
                &self.file,
                line,
                "a word before its sentence's '# text' line",
            )
        })?;
        let rest = &text[self.cursor..];
        let skip = rest.len() - rest.trim_start().len();
        let at = self.cursor + skip;
        let found = if text[at..].starts_with(form) {
            Some(at)
        } else {
            // Forms the annotators normalised: look a little further.
            text[at..]
                .char_indices()
                .take(40)
                .map(|(i, _)| at + i)
                .find(|&i| text[i..].starts_with(form))
        };
        let start = found.ok_or_else(|| {
            ParseError::new(
                &self.file,
                line,
                format!("word {form:?} not found in the sentence's '# text'"),
            )
        })?;
        self.cursor = start + form.len();
        Ok(start..start + form.len())
    }

    fn word_chars(
        &mut self,
        id: usize,
        form: &str,
        line: usize,
    ) -> Result<Range<usize>, ParseError> {
        if let Some((surface, last, pos)) = self.mwt.clone() {
            if id <= last {
                let text = self.text.as_deref().unwrap_or_default();
                let part = &text[pos..surface.end];
                let r = if part.len() >= form.len()
                    && part.is_char_boundary(form.len())
                    && part[..form.len()].eq_ignore_ascii_case(form)
                {
                    pos..pos + form.len()
                } else {
                    surface.clone()
                };
                let next = if r.end > pos && r.end < surface.end {
                    r.end
                } else {
                    pos
                };
                if id == last {
                    self.mwt = None;
                    // Unspelled parts take the whole surface: the last word ends it.
                    return Ok(if r == surface {
                        r
                    } else {
                        r.start..surface.end
                    });
                }
                self.mwt = Some((surface, last, next));
                return Ok(r);
            }
            self.mwt = None;
        }
        self.locate(form, line)
    }

    fn finish_sentence(&mut self, line: usize) -> Result<(), ParseError> {
        let Some(text) = self.text.take() else {
            self.words.clear();
            return Ok(());
        };
        let words = std::mem::take(&mut self.words);
        let new_par = std::mem::take(&mut self.new_par);
        let doc = self.doc(line)?;
        if !doc.text.is_empty() {
            doc.text.push_str(if new_par { "\n\n" } else { " " });
        }
        let base = doc.text.len();
        doc.text.push_str(&text);
        let spans =
            super::conllu::entity_brackets(words.iter().map(|w| (w.misc.as_str(), w.line)), line)
                .map_err(|(l, m)| ParseError::new(&self.file, l, m))?;
        let doc = self.doc(line)?;
        for super::conllu::EntityBracket {
            group,
            etype,
            identity,
            words: ws,
        } in spans
        {
            let inside = |h: usize| h > 0 && words[ws.clone()].iter().any(|x| x.id == h);
            let head = words[ws.clone()]
                .iter()
                .find(|x| !inside(x.head))
                .unwrap_or(&words[ws.start]);
            let pronoun = ws.len() == 1
                && head.upos == "PRON"
                && head.feats.contains("Person=3")
                && head.feats.contains("PronType=Prs");
            // GUM repeats the identity on every mention of a named entity ("the
            // boy", "I"): named means headed by a proper noun.
            let named = head.upos == "PROPN";
            doc.mentions.push(GoldMention {
                group,
                etype,
                identity,
                span: base + words[ws.start].chars.start..base + words[ws.end - 1].chars.end,
                head: base + head.chars.start..base + head.chars.end,
                named,
                pronoun,
                head_upos: head.upos.clone(),
                head_lemma: head.lemma.clone(),
                line: words[ws.start].line,
            });
        }
        Ok(())
    }
}

/// Reads a GUM CoNLL-U file (with `# newdoc id`, `# text` and `Entity=`), named `file` in
/// errors.
///
/// # Errors
/// A [`ParseError`] with the line of a word missing from its sentence's text, a
/// malformed or unbalanced `Entity`, or a sentence outside any document.
pub fn parse(conllu: &str, file: &str) -> Result<Vec<GumDocument>, ParseError> {
    let mut b = Builder {
        file: file.to_owned(),
        ..Builder::default()
    };
    let mut last = 0;
    for (i, raw) in conllu.lines().enumerate() {
        let line = i + 1;
        last = line;
        let l = raw.trim_end_matches('\r');
        if l.is_empty() {
            b.finish_sentence(line)?;
            continue;
        }
        if let Some(c) = l.strip_prefix('#') {
            let c = c.trim_start();
            if let Some(id) = c.strip_prefix("newdoc id =") {
                b.finish_sentence(line)?;
                b.docs.push(GumDocument {
                    id: id.trim().to_owned(),
                    text: String::new(),
                    mentions: Vec::new(),
                });
                b.new_par = false;
            } else if c.starts_with("newpar") && !c.starts_with("newpar_") {
                b.new_par = true;
            } else if let Some(t) = c.strip_prefix("text =") {
                b.text = Some(t.trim().to_owned());
                b.cursor = 0;
            }
            continue;
        }
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() != 10 {
            return Err(ParseError::new(
                file,
                line,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        if let Some((a, z)) = cols[0].split_once('-') {
            let (Ok(_), Ok(z)) = (a.parse::<usize>(), z.parse::<usize>()) else {
                return Err(ParseError::new(
                    file,
                    line,
                    format!("bad token range {:?}", cols[0]),
                ));
            };
            let surface = b.locate(cols[1], line)?;
            let start = surface.start;
            b.mwt = Some((surface, z, start));
            continue;
        }
        if cols[0].contains('.') {
            continue; // empty nodes
        }
        let id: usize = cols[0]
            .parse()
            .map_err(|_| ParseError::new(file, line, format!("bad word id {:?}", cols[0])))?;
        let head = cols[6].parse().unwrap_or(0);
        let chars = b.word_chars(id, cols[1], line)?;
        b.words.push(Word {
            id,
            lemma: cols[2].to_owned(),
            upos: cols[3].to_owned(),
            head,
            feats: cols[5].to_owned(),
            chars,
            misc: cols[9].to_owned(),
            line,
        });
    }
    b.finish_sentence(last + 1)?;
    Ok(b.docs)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const DOC: &str = "# newdoc id = d1
# newpar
# text = Anna Berg's firm hired her.
1\tAnna\tAnna\tPROPN\tNNP\t_\t2\tcompound\t_\tEntity=(1-person-new-s-cf1-1-coref-Anna_Berg
2-3\tBerg's\t_\t_\t_\t_\t_\t_\t_\t_
2\tBerg\tBerg\tPROPN\tNNP\t_\t4\tnmod:poss\t_\tEntity=1)
3\t's\t's\tPART\tPOS\t_\t2\tcase\t_\t_
4\tfirm\tfirm\tNOUN\tNN\t_\t5\tnsubj\t_\t_
5\thired\thire\tVERB\tVBD\t_\t0\troot\t_\t_
6\ther\tshe\tPRON\tPRP\tPerson=3|PronType=Prs\t5\tobj\t_\tEntity=(1-person-giv-s-cf1-1-ana)|SpaceAfter=No
7\t.\t.\tPUNCT\t.\t_\t5\tpunct\t_\t_

# newpar
# text = The Nordvik Group grew.
1\tThe\tthe\tDET\tDT\t_\t3\tdet\t_\tEntity=(2-organization-new-s-cf1-2,3-coref
2\tNordvik\tNordvik\tPROPN\tNNP\t_\t3\tcompound\t_\t_
3\tGroup\tGroup\tPROPN\tNNP\t_\t4\tnsubj\t_\tEntity=2)
4\tgrew\tgrow\tVERB\tVBD\t_\t0\troot\t_\t_
";

    #[test]
    fn mentions_are_located_in_the_rebuilt_text() {
        let docs = parse(DOC, "t").unwrap();
        assert_eq!(docs.len(), 1);
        let d = &docs[0];
        assert_eq!(
            d.text,
            "Anna Berg's firm hired her.\n\nThe Nordvik Group grew."
        );
        let texts: Vec<&str> = d.mentions.iter().map(|m| &d.text[m.span.clone()]).collect();
        assert_eq!(texts, ["Anna Berg", "her", "The Nordvik Group"]);
        let anna = &d.mentions[0];
        assert_eq!(anna.identity.as_deref(), Some("Anna_Berg"));
        assert!(anna.named && !anna.pronoun && anna.in_scope());
        // The head is "Berg" (its head "firm" is outside), the MWT's first part.
        assert_eq!(&d.text[anna.head.clone()], "Berg");
        assert!(d.mentions[1].pronoun && d.mentions[1].in_scope());
        let org = &d.mentions[2];
        assert_eq!(&d.text[org.head.clone()], "Group");
        assert!(org.named && org.identity.is_none());
    }

    #[test]
    fn errors_name_the_line() {
        let bad = DOC.replace("Entity=1)", "Entity=7)");
        let e = parse(&bad, "t").unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        let bad = DOC.replace("4\tfirm\tfirm", "4\tshop\tshop");
        let e = parse(&bad, "t").unwrap_err();
        assert!(e.to_string().contains("shop"), "{e}");
        assert_eq!(e.line, 8);
        let e = parse("1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n", "t").unwrap_err();
        assert_eq!(e.line, 1);
    }
}
