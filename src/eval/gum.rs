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

/// An error in a GUM CoNLL-U file, with its 1-based line.
#[derive(Debug, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct GumError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

fn err(line: usize, message: impl Into<String>) -> GumError {
    GumError {
        line,
        message: message.into(),
    }
}

/// A word of the sentence being read.
struct Word {
    id: usize,
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
    fn doc(&mut self, line: usize) -> Result<&mut GumDocument, GumError> {
        self.docs
            .last_mut()
            .ok_or_else(|| err(line, "a sentence before any '# newdoc id'"))
    }

    /// Locates `form` in the sentence text from the cursor.
    fn locate(&mut self, form: &str, line: usize) -> Result<Range<usize>, GumError> {
        let text = self
            .text
            .as_deref()
            .ok_or_else(|| err(line, "a word before its sentence's '# text' line"))?;
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
            err(
                line,
                format!("word {form:?} not found in the sentence's '# text'"),
            )
        })?;
        self.cursor = start + form.len();
        Ok(start..start + form.len())
    }

    fn word_chars(&mut self, id: usize, form: &str, line: usize) -> Result<Range<usize>, GumError> {
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

    fn finish_sentence(&mut self, line: usize) -> Result<(), GumError> {
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
        let spans = crate::nlp::conllu::entity_brackets(
            words.iter().map(|w| (w.misc.as_str(), w.line)),
            line,
        )
        .map_err(|(l, m)| err(l, m))?;
        let doc = self.doc(line)?;
        for crate::nlp::conllu::EntityBracket {
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
            });
        }
        Ok(())
    }
}

/// Reads a GUM CoNLL-U file (with `# newdoc id`, `# text` and `Entity=`).
///
/// # Errors
/// [`GumError`] with the line of a word missing from its sentence's text, a
/// malformed or unbalanced `Entity`, or a sentence outside any document.
pub fn parse(conllu: &str) -> Result<Vec<GumDocument>, GumError> {
    let mut b = Builder::default();
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
            return Err(err(
                line,
                format!("expected 10 columns, found {}", cols.len()),
            ));
        }
        if let Some((a, z)) = cols[0].split_once('-') {
            let (Ok(_), Ok(z)) = (a.parse::<usize>(), z.parse::<usize>()) else {
                return Err(err(line, format!("bad token range {:?}", cols[0])));
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
            .map_err(|_| err(line, format!("bad word id {:?}", cols[0])))?;
        let head = cols[6].parse().unwrap_or(0);
        let chars = b.word_chars(id, cols[1], line)?;
        b.words.push(Word {
            id,
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

/// Aligns system mentions (byte spans of [`GumDocument::text`]) with gold ones:
/// a system mention matches a gold mention whose head word it covers and that
/// contains it (the smallest such), else one it contains (the largest). Each
/// gold mention is matched at most once, by the first system mention in the
/// given order. Returns, per system mention, the index of its gold mention.
#[must_use]
pub fn align(gold: &[GoldMention], system: &[Range<usize>]) -> Vec<Option<usize>> {
    let mut taken = vec![false; gold.len()];
    // Gold mentions sorted by start, to look only at those that can overlap.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&g| (gold[g].span.start, gold[g].span.end));
    let starts: Vec<usize> = order.iter().map(|&g| gold[g].span.start).collect();
    system
        .iter()
        .map(|s| {
            let upto = starts.partition_point(|&x| x < s.end);
            let mut best: Option<(bool, usize, usize)> = None;
            for &g in order[..upto].iter().rev().take(256) {
                let m = &gold[g];
                if taken[g] || m.span.end <= s.start {
                    continue;
                }
                let head_in = s.start <= m.head.start && m.head.end <= s.end;
                let outer = m.span.start <= s.start && s.end <= m.span.end;
                let inner = s.start <= m.span.start && m.span.end <= s.end;
                if !head_in || !(outer || inner) {
                    continue;
                }
                // Containing mentions first, the smallest; then contained, the largest.
                let len = m.span.len();
                let key = (outer, if outer { usize::MAX - len } else { len }, g);
                if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                    best = Some(key);
                }
            }
            let g = best.map(|b| b.2)?;
            taken[g] = true;
            Some(g)
        })
        .collect()
}

/// Pairs of distinct names the alias pass joined, and how many of them the gold
/// says are one entity; sums over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AliasCounts {
    /// Pairs of names the pass put in one group.
    pub merged: usize,
    /// Of those, pairs with one gold identity.
    pub correct: usize,
    /// Pairs of names with one gold identity.
    pub gold: usize,
}

impl AliasCounts {
    /// Correct merged pairs over merged pairs (1 when nothing was merged).
    #[must_use]
    pub fn precision(&self) -> f64 {
        if self.merged == 0 {
            1.0
        } else {
            self.correct as f64 / self.merged as f64
        }
    }

    /// Correct merged pairs over gold pairs (1 when there are none).
    #[must_use]
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, o: AliasCounts) {
        self.merged += o.merged;
        self.correct += o.correct;
        self.gold += o.gold;
    }
}

/// Runs kg's alias pass ([`crate::graph::alias::find_groups`]) over one
/// document's names (each in a fact sighted in `document`) — each a name as kg wrote it, kg's type, and the gold
/// identity of the mention it aligned with — and counts its merges against the
/// gold. Names with one key ([`crate::graph::text::name_key`]) are one entity
/// before the pass; such an entity's gold identity is the most frequent among
/// its mentions (the smallest on a tie). The names of each merged pair the gold
/// says are two entities are pushed to `wrong`, a merged name with its reason.
pub fn alias_counts(
    document: &str,
    names: &[(String, crate::graph::EntityType, String)],
    wrong: &mut Vec<(String, String)>,
) -> AliasCounts {
    use crate::graph::text::name_key;
    use crate::graph::{EntityRef, EntityType, Fact, Provenance, Relation};
    use std::collections::BTreeMap;
    let mut graph = crate::graph::KnowledgeGraph::new();
    let mut votes: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    // Each name in a fact sighted in the document, as `kg build` gives it.
    let (Ok(rel), Ok(place)) = (Relation::new("is named in"), EntityRef::new("document")) else {
        return AliasCounts::default();
    };
    let place = place.with_type(EntityType::Thing);
    for (name, kind, gold) in names {
        let Ok(r) = EntityRef::new(name) else {
            continue;
        };
        graph.add_fact(
            Fact::new(r.with_type(*kind), rel.clone(), place.clone())
                .with_provenance(Provenance::document(document)),
        );
        *votes
            .entry(name_key(name))
            .or_default()
            .entry(gold.as_str())
            .or_default() += 1;
    }
    let keys: Vec<&String> = votes.keys().collect();
    let gold_of: Vec<&str> = votes
        .values()
        .map(|v| {
            v.iter()
                .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))
                .map_or("", |(g, _)| *g)
        })
        .collect();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut name_of: BTreeMap<String, String> = BTreeMap::new();
    for (k, g) in crate::graph::alias::find_groups(&graph).iter().enumerate() {
        group_of.insert(name_key(&g.canonical), k);
        name_of.insert(name_key(&g.canonical), g.canonical.clone());
        for (n, why) in g.merged.iter().zip(&g.reasons) {
            group_of.insert(name_key(n), k);
            name_of.insert(name_key(n), format!("{n} ({why})"));
        }
    }
    let mut out = AliasCounts::default();
    for a in 0..keys.len() {
        for b in a + 1..keys.len() {
            let same = gold_of[a] == gold_of[b];
            let merged = matches!(
                (group_of.get(keys[a]), group_of.get(keys[b])),
                (Some(x), Some(y)) if x == y
            );
            out.gold += usize::from(same);
            out.merged += usize::from(merged);
            out.correct += usize::from(same && merged);
            if merged && !same {
                let n = |k: &String| name_of.get(k).cloned().unwrap_or_default();
                wrong.push((n(keys[a]), n(keys[b])));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "# newdoc id = d1
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
        let docs = parse(DOC).unwrap();
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
        let e = parse(&bad).unwrap_err();
        assert_eq!(e.line, 6, "{e}");
        let bad = DOC.replace("4\tfirm\tfirm", "4\tshop\tshop");
        let e = parse(&bad).unwrap_err();
        assert!(e.to_string().contains("shop"), "{e}");
        assert_eq!(e.line, 8);
        let e = parse("1\tx\tx\tX\tX\t_\t0\troot\t_\t_\n").unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn system_mentions_align_by_head_and_containment() {
        let d = &parse(DOC).unwrap()[0];
        let at = |t: &str| {
            let k = d.text.find(t).unwrap();
            k..k + t.len()
        };
        // "Nordvik Group" lies inside "The Nordvik Group" and covers its head;
        // "Anna" misses the head "Berg"; "Berg's firm" contains no gold mention.
        let sys = [
            at("Nordvik Group"),
            at("Anna"),
            at("her"),
            at("Berg's firm"),
            at("her"),
        ];
        assert_eq!(
            align(&d.mentions, &sys),
            [Some(2), None, Some(1), None, None]
        );
        // A span around a whole mention matches it too.
        assert_eq!(align(&d.mentions, &[at("Anna Berg's")]), [Some(0)]);
    }

    #[test]
    fn alias_merges_are_counted_against_gold_identity() {
        use crate::graph::EntityType::{Person as P, Place as L};
        let n = |a: &str, k, g: &str| (a.to_owned(), k, g.to_owned());
        let mut wrong = Vec::new();
        let c = alias_counts(
            "d",
            &[
                n("Karl Lindqvist", P, "Karl_Lindqvist"),
                n("Lindqvist", P, "Karl_Lindqvist"),
                n("Mr Lindqvist", P, "Karl_Lindqvist"),
                n("Oslo", L, "Oslo"),
                n("Eva Lindqvist", P, "Eva_Lindqvist"),
                n("Ann Berg", P, "Ann_Berg"),
                n("Berg", P, "Berg_Hall"),
            ],
            &mut wrong,
        );
        // "Lindqvist" fits two full names and stays apart; "Mr Lindqvist" and
        // "Lindqvist" join (right); "Berg" joins "Ann Berg" (wrong, by the gold).
        assert_eq!(
            c,
            AliasCounts {
                merged: 2,
                correct: 1,
                gold: 3
            }
        );
        assert!((c.precision() - 0.5).abs() < 1e-9);
        assert!((c.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(wrong.len(), 1);
        assert!(format!("{wrong:?}").contains("final part of a person's name"));
    }
}
