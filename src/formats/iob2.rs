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
            read_comment(c, &mut cur, &mut new_doc);
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

/// Reads a comment line's `newdoc` (a document starts) and `sent_id`.
fn read_comment(comment: &str, sentence: &mut Iob2Sentence, new_doc: &mut bool) {
    let c = comment.trim();
    if c.starts_with("newdoc") {
        *new_doc = true;
    } else if let Some(id) = c.strip_prefix("sent_id") {
        sentence.id = Some(id.trim_start_matches([' ', '=']).trim().to_string());
    }
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

/// One word of a GUM sentence, as [`gum_named_entities`] needs it.
struct GumWord {
    form: String,
    upos: String,
    xpos: String,
    head: usize,
    deprel: String,
    misc: String,
    line: usize,
}

/// The named persons, organisations and places of a GUM CoNLL-U file (`Entity=` in
/// MISC, CoNLL-2012 brackets) as Universal NER spans, one [`Iob2Sentence`] per
/// sentence over its syntactic words (the words of the UD tree, as in Universal NER).
///
/// GUM marks every mention, named or not, with one of ten types; a Universal NER
/// span is the name itself. The derivation:
/// - a mention counts when its type is `person`, `organization` or `place` (PER,
///   ORG, LOC) and its head word (the first word whose head lies outside it) is a
///   proper noun, or a common noun with a proper noun in apposition or `flat` right
///   after it ("the physician Yang Buwei", "musician Tiziano Lugli", where GUM has
///   no mention of the name alone); a
///   person's proper noun is singular (a plural one names a group: "the
///   Tagbanuas"); GUM repeats the Wikipedia identity on every mention of a named
///   entity, pronouns included, so the identity alone does not make a name;
/// - its name is the longest run of words around the head, inside the mention,
///   made of proper nouns and capitalised words other than function words
///   ("United" in "the United States" is a verb form); in the name of an
///   organisation or place, `of`, `and`, `&`, `for`, `de`, `the` or a number may
///   stand between two of them ("Bank of America", "Fathers 4 Justice"); a
///   person's name takes none ("Mario Lucero and Isabel Ruiz" are
///   two), but in every name a hyphen joins ("Jean - Pierre"). A determiner,
///   possessive marker or punctuation never starts or ends it;
/// - a person's name starts after the last title in it (`leading_title` says how
///   many words at the start of some words are one: "Dr. William Glennie" →
///   "William Glennie", "NASA Administrator Charles Bolden" → "Charles Bolden");
///   a name that is all title ("the President") is no span;
/// - a name that is one demonym (`demonym`: "Americans") is no span: Universal NER
///   leaves nationalities out;
/// - where names overlap (a place inside an organisation's name: "Aberdeen" in
///   "Aberdeen Grammar School"), the longer one is kept, the earlier on a tie.
///
/// # Errors
/// A [`ParseError`] naming the line of a row without ten columns, a bad word id or
/// head, or a malformed or unbalanced `Entity` value.
pub fn gum_named_entities(
    text: &str,
    file: &str,
    leading_title: impl Fn(&[&str]) -> usize,
    demonym: impl Fn(&str) -> bool,
) -> Result<Vec<Iob2Sentence>, ParseError> {
    let mut out = Vec::new();
    let mut cur = Iob2Sentence::default();
    let mut words: Vec<GumWord> = Vec::new();
    let mut new_doc = false;
    let finish = |cur: &mut Iob2Sentence,
                  words: &mut Vec<GumWord>,
                  line: usize,
                  out: &mut Vec<Iob2Sentence>|
     -> Result<(), ParseError> {
        if words.is_empty() {
            *cur = Iob2Sentence::default();
            return Ok(());
        }
        let brackets =
            super::conllu::entity_brackets(words.iter().map(|w| (w.misc.as_str(), w.line)), line)
                .map_err(|(l, m)| ParseError::new(file, l, m))?;
        let mut spans = Vec::new();
        for b in brackets {
            let ty = match b.etype.as_str() {
                "person" => 0,
                "organization" => 1,
                "place" => 2,
                _ => continue,
            };
            if let Some(name) = name_of(words, b.words, ty == 0, &leading_title) {
                let one_demonym = name.len() == 1 && demonym(&words[name.start].form);
                if !one_demonym {
                    spans.push((name, ty));
                }
            }
        }
        // Longest first, then earliest: an inner name gives way to the outer one.
        spans.sort_by_key(|(r, _)| (std::cmp::Reverse(r.len()), r.start));
        let mut kept: Vec<(Range<usize>, usize)> = Vec::new();
        for (r, ty) in spans {
            if kept
                .iter()
                .all(|(k, _)| k.end <= r.start || r.end <= k.start)
            {
                kept.push((r, ty));
            }
        }
        kept.sort_by_key(|(r, _)| r.start);
        cur.forms = words.iter().map(|w| w.form.clone()).collect();
        cur.line = words[0].line;
        cur.spans = kept;
        out.push(std::mem::take(cur));
        words.clear();
        Ok(())
    };
    let mut last = 0;
    for (ln, line) in text.lines().enumerate() {
        let line_no = ln + 1;
        last = line_no;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            finish(&mut cur, &mut words, line_no, &mut out)?;
            continue;
        }
        if let Some(c) = line.strip_prefix('#') {
            read_comment(c, &mut cur, &mut new_doc);
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(ParseError::new(
                file,
                line_no,
                format!("expected 10 tab-separated columns, found {}", cols.len()),
            ));
        }
        if cols[0].contains(['-', '.']) {
            continue; // multiword tokens and empty nodes are not words of the tree
        }
        let id: usize = cols[0]
            .parse()
            .map_err(|_| ParseError::in_field(file, line_no, line, 0, "bad word id"))?;
        if id != words.len() + 1 {
            return Err(ParseError::in_field(
                file,
                line_no,
                line,
                0,
                format!("word {id} where {} was expected", words.len() + 1),
            ));
        }
        let head = cols[6]
            .parse()
            .map_err(|_| ParseError::in_field(file, line_no, line, 6, "bad head"))?;
        if words.is_empty() {
            cur.new_document = std::mem::take(&mut new_doc);
        }
        words.push(GumWord {
            form: cols[1].to_string(),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            head,
            deprel: cols[7].to_string(),
            misc: cols[9].to_string(),
            line: line_no,
        });
    }
    finish(&mut cur, &mut words, last, &mut out)?;
    Ok(out)
}

/// The name inside a mention (word indices), by the rules of [`gum_named_entities`]:
/// `None` unless the mention's head is a proper noun.
fn name_of(
    words: &[GumWord],
    mention: Range<usize>,
    person: bool,
    leading_title: &impl Fn(&[&str]) -> usize,
) -> Option<Range<usize>> {
    let inside = |h: usize| h > 0 && mention.contains(&(h - 1));
    let mut head = mention.clone().find(|&i| !inside(words[i].head))?;
    let mut mention = mention;
    if words[head].upos != "PROPN" {
        // "the physician Yang Buwei", "musician Tiziano Lugli": the name is the head's
        // apposition or flat dependent, right after it.
        let next = head + 1;
        let apposition = mention.contains(&next)
            && words[next].upos == "PROPN"
            && words[next].head == head + 1
            && matches!(words[next].deprel.as_str(), "appos" | "flat");
        if !apposition {
            return None;
        }
        head = next;
        mention = next..mention.end;
    }
    if person && words[head].xpos == "NNPS" {
        return None;
    }
    let name_word = |w: &GumWord| {
        w.upos == "PROPN"
            || (w.form.chars().next().is_some_and(char::is_uppercase)
                && !matches!(
                    w.upos.as_str(),
                    "DET" | "PRON" | "PUNCT" | "PART" | "ADP" | "CCONJ" | "SCONJ" | "AUX"
                ))
    };
    let connector = |w: &GumWord| {
        w.form == "-"
            || !person
                && (w.upos == "NUM"
                    || matches!(
                        w.form.as_str(),
                        "of" | "and" | "&" | "for" | "de" | "the" | "-"
                    ))
    };
    // Grow from the head; a connector joins only when a name word follows it.
    let (mut start, mut end) = (head, head + 1);
    while start > mention.start {
        let w = &words[start - 1];
        if name_word(w) {
            start -= 1;
        } else if connector(w) && start - 1 > mention.start && name_word(&words[start - 2]) {
            start -= 2;
        } else {
            break;
        }
    }
    while end < mention.end {
        let w = &words[end];
        if name_word(w) {
            end += 1;
        } else if connector(w) && end + 1 < mention.end && name_word(&words[end + 1]) {
            end += 2;
        } else {
            break;
        }
    }
    if person {
        // The name starts after the last title in it ("NASA Administrator Charles
        // Bolden" → "Charles Bolden").
        let forms: Vec<&str> = words[start..end].iter().map(|w| w.form.as_str()).collect();
        let first = start;
        for i in first..end {
            let n = leading_title(&forms[i - first..]);
            if n > 0 {
                start = start.max(i + n);
            }
        }
    }
    (start < end).then_some(start..end)
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

    /// A GUM sentence: word, UPOS (or UPOS/XPOS/relation), head, MISC.
    fn gum(rows: &[(&str, &str, usize, &str)]) -> String {
        let mut s = String::from("# newdoc id = d\n# sent_id = s1\n");
        for (i, (form, tags, head, misc)) in rows.iter().enumerate() {
            let mut tags = tags.split('/').chain(["_", "_"]);
            let (upos, xpos, deprel) = (tags.next(), tags.next(), tags.next());
            let [upos, xpos, deprel] = [upos, xpos, deprel].map(Option::unwrap_or_default);
            s.push_str(&format!(
                "{}\t{form}\t_\t{upos}\t{xpos}\t_\t{head}\t{deprel}\t_\t{misc}\n",
                i + 1
            ));
        }
        s.push('\n');
        s
    }

    #[test]
    fn gum_names_are_the_name_words_of_named_mentions() {
        let leading_title = |w: &[&str]| {
            w.iter()
                .take_while(|w| matches!(w.to_lowercase().as_str(), "dr." | "president"))
                .count()
        };
        let is_demonym = |w: &str| w.eq_ignore_ascii_case("americans");
        let text = gum(&[
            ("The", "DET", 3, "Entity=(1-person-new-s-cf1-2,3-coref-X"),
            ("co-star", "NOUN", 3, "_"),
            ("Dr.", "PROPN", 4, "_"),
            ("Karl", "PROPN", 7, "_"),
            ("Lindqvist", "PROPN", 4, "Entity=1)"),
            ("'s", "PART", 4, "_"),
            ("visit", "NOUN", 0, "_"),
            ("to", "ADP", 9, "_"),
            ("Bank", "PROPN", 7, "Entity=(2-organization-new-s-cf1-1-sgl"),
            ("of", "ADP", 11, "_"),
            ("Nordlys", "PROPN", 9, "Entity=(3-place-new-s-cf1-1-sgl)2)"),
            ("and", "CCONJ", 14, "_"),
            ("the", "DET", 14, "Entity=(4-person-new-s-cf1-2-sgl"),
            ("Americans", "PROPN", 7, "Entity=4)"),
            ("and", "CCONJ", 16, "_"),
            ("him", "PRON", 7, "Entity=(1-person-giv-s-cf1-1-coref-X)"),
        ]);
        let s = gum_named_entities(&text, "g", leading_title, is_demonym).unwrap();
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].id.as_deref(), Some("s1"));
        assert!(s[0].new_document);
        // "Karl Lindqvist" (no determiner, noun or title) and "Bank of Nordlys" (the
        // place inside it gives way); neither the demonym nor the pronoun.
        assert_eq!(s[0].spans, vec![(3..5, 0), (8..11, 1)]);
        assert_eq!(s[0].forms.len(), 16);
    }

    #[test]
    fn gum_person_names_take_no_connector_and_lose_their_titles() {
        let leading_title = |w: &[&str]| {
            usize::from(
                w.first()
                    .is_some_and(|w| w.eq_ignore_ascii_case("administrator")),
            )
        };
        let text = gum(&[
            ("Veltro", "PROPN", 2, "Entity=(1-person-new-s-cf1-1-sgl"),
            ("Administrator", "PROPN", 4, "_"),
            ("Anna", "PROPN", 4, "_"),
            ("Berg", "PROPN", 7, "_"),
            ("and", "CCONJ", 6, "_"),
            ("Marta", "PROPN", 4, "Entity=1)"),
            ("met", "VERB", 0, "_"),
        ]);
        let s = gum_named_entities(&text, "g", leading_title, |_| false).unwrap();
        assert_eq!(s[0].spans, vec![(2..4, 0)]);
        // A plural proper noun names a group of people, not a person.
        let text = gum(&[(
            "Quells",
            "PROPN/NNPS",
            0,
            "Entity=(1-person-new-s-cf1-1-sgl)",
        )]);
        let s = gum_named_entities(&text, "g", leading_title, |_| false).unwrap();
        assert!(s[0].spans.is_empty());
        // A name in apposition to a common noun, which GUM does not bracket alone;
        // a hyphen joins a person's name.
        let text = gum(&[
            ("the", "DET", 2, "Entity=(1-person-new-s-cf1-1-sgl"),
            ("physician", "NOUN", 0, "_"),
            ("Anna", "PROPN/NNP/appos", 2, "_"),
            ("-", "PUNCT", 5, "_"),
            ("Maria", "PROPN/NNP/flat", 3, "_"),
            ("Berg", "PROPN/NNP/flat", 3, "Entity=1)"),
        ]);
        let s = gum_named_entities(&text, "g", leading_title, |_| false).unwrap();
        assert_eq!(s[0].spans, vec![(2..6, 0)]);
        // Not when the proper noun is no apposition ("the Quell family").
        let text = gum(&[
            ("the", "DET", 3, "Entity=(1-person-new-s-cf1-1-sgl"),
            ("Quell", "PROPN/NNP/compound", 3, "_"),
            ("family", "NOUN", 0, "Entity=1)"),
        ]);
        let s = gum_named_entities(&text, "g", leading_title, |_| false).unwrap();
        assert!(s[0].spans.is_empty());
    }

    #[test]
    fn gum_errors_name_the_line() {
        let (none, yes) = (|_: &[&str]| 0, |_: &str| true);
        let err = gum_named_entities("# sent_id = a\n1\tx\n\n", "g.conllu", none, yes).unwrap_err();
        assert_eq!((err.file.as_str(), err.line), ("g.conllu", 2));
        let open = gum(&[("Anna", "PROPN", 0, "Entity=(1-person-new-s-cf1-1-sgl")]);
        let err = gum_named_entities(&open, "g.conllu", none, yes).unwrap_err();
        assert_eq!(err.line, 4);
    }
}
