//! The CoNLL 2018 shared-task evaluation of text analysis from raw text.
//!
//! System output and gold standard may tokenize differently, so words are
//! first *aligned* over the text they cover, as the shared task's official
//! scorer (`conll18_ud_eval.py`, Zeman et al. 2018) does:
//!
//! 1. both sides are laid out as one string of non-white-space characters,
//!    which must be identical; every surface token, multiword token and
//!    sentence becomes a character span of it, and each syntactic word gets
//!    the span of its surface token;
//! 2. [`spans_score`] counts tokens and sentences whose spans match exactly;
//! 3. [`align`] pairs words with identical spans, and inside regions covered
//!    by multiword tokens pairs words by the longest common subsequence of
//!    their lower-cased forms;
//! 4. [`Alignment::attribute_score`] and [`Alignment::attachment_score`]
//!    score any per-word attribute (UPOS, XPOS, lemma; UAS, LAS) over the
//!    aligned words, as F1 against all gold and all system words.
//!
//! [`raw_documents`] rebuilds the raw text of a treebank: each `# newdoc`
//! starts a [`Document`]; within it, the `# text` of consecutive sentences
//! are joined with one space and a `# newpar` starts a new paragraph after a
//! blank line (as UD's `conllu_to_text.pl` does). [`evaluate_tokenizer`]
//! runs the tokenizer over that text and returns tokens, sentences and words
//! F1; `kg eval ud --raw` does the same with the other stages in between.

use crate::document::{Document, Token};
use crate::formats::conllu::ConlluSentence;
#[cfg(test)]
use crate::nlp::tokenize::Tokenizer;
use std::ops::Range;

/// A half-open range of character indices into the non-white-space text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CharSpan {
    /// First character.
    pub start: usize,
    /// One past the last character.
    pub end: usize,
}

/// One syntactic word of a [`UdText`].
#[derive(Debug, Clone, PartialEq)]
pub struct UdWord {
    /// The span of the word's surface token.
    pub span: CharSpan,
    /// The word with its annotation (form, tags, lemma, relation).
    pub token: Token,
    /// True when the word is part of a multiword token.
    pub is_multiword: bool,
    /// The head as an index into [`UdText::words`]; `None` for the root or when unparsed.
    pub head: Option<usize>,
}

/// A treebank or a system output laid out for the CoNLL 2018 comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UdText {
    /// The non-white-space characters of all tokens, in order.
    pub chars: Vec<char>,
    /// Surface tokens (multiword tokens count once).
    pub tokens: Vec<CharSpan>,
    /// Sentences.
    pub sentences: Vec<CharSpan>,
    /// Syntactic words.
    pub words: Vec<UdWord>,
}

impl UdText {
    /// Lays out gold sentences (multiword tokens from their `2-3` lines).
    #[must_use]
    pub fn from_conllu(sentences: &[ConlluSentence]) -> Self {
        let mut ud = Self::default();
        for s in sentences {
            let sentence_start = ud.chars.len();
            let word_base = ud.words.len();
            let mut i = 0;
            while i < s.words.len() {
                let id = i as u32 + 1;
                let group = match s.multiword.iter().find(|m| m.first == id) {
                    Some(m) => {
                        let last = (m.last as usize).clamp(i + 1, s.words.len());
                        (i..last, Some(m.form.as_str()))
                    }
                    None => (i..i + 1, None),
                };
                let surface = group.1.unwrap_or(&s.words[i].form);
                let span = ud.push_chars(surface);
                ud.tokens.push(span);
                let is_multiword = group.1.is_some();
                for w in &s.words[group.0.clone()] {
                    ud.words.push(UdWord {
                        span,
                        token: w.clone(),
                        is_multiword,
                        head: w.head_word().map(|h| word_base + h.get()),
                    });
                }
                i = group.0.end;
            }
            if ud.chars.len() > sentence_start {
                ud.sentences.push(CharSpan {
                    start: sentence_start,
                    end: ud.chars.len(),
                });
            }
        }
        ud
    }

    /// Lays out system documents; each comes with its multiword tokens as
    /// ranges of token indices (from [`Tokenizer::tokenize_with_multiwords`]).
    /// A multiword token's surface is the document text under its words.
    #[must_use]
    pub fn from_documents<'a>(
        docs: impl IntoIterator<Item = (&'a Document, &'a [Range<u32>])>,
    ) -> Self {
        let mut ud = Self::default();
        for (doc, multiwords) in docs {
            let mut mwt = multiwords.iter().peekable();
            for s in &doc.sentences {
                let sentence_start = ud.chars.len();
                let word_base = ud.words.len();
                let range = s.token_range();
                let mut i = range.start;
                while i < range.end {
                    while mwt.peek().is_some_and(|m| (m.end as usize) <= i) {
                        mwt.next();
                    }
                    let group = match mwt.peek() {
                        Some(m) if m.start as usize == i && m.end as usize > i + 1 => {
                            i..(m.end as usize).min(range.end)
                        }
                        _ => i..i + 1,
                    };
                    let is_multiword = group.len() > 1;
                    let span = if is_multiword {
                        let first = doc.tokens[group.start].span;
                        let last = doc.tokens[group.end - 1].span;
                        ud.push_chars(doc.slice(first.cover(last)))
                    } else {
                        ud.push_chars(&doc.tokens[i].form)
                    };
                    ud.tokens.push(span);
                    for t in &doc.tokens[group.clone()] {
                        ud.words.push(UdWord {
                            span,
                            token: t.clone(),
                            is_multiword,
                            head: t.head_word().map(|h| word_base + h.get()),
                        });
                    }
                    i = group.end;
                }
                if ud.chars.len() > sentence_start {
                    ud.sentences.push(CharSpan {
                        start: sentence_start,
                        end: ud.chars.len(),
                    });
                }
            }
        }
        ud
    }

    fn push_chars(&mut self, form: &str) -> CharSpan {
        let start = self.chars.len();
        self.chars
            .extend(form.chars().filter(|c| !c.is_whitespace()));
        CharSpan {
            start,
            end: self.chars.len(),
        }
    }
}

/// Counts for one metric: precision = correct / system, recall = correct / gold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Score {
    /// Items in the gold standard.
    pub gold: usize,
    /// Items in the system output.
    pub system: usize,
    /// Items counted correct.
    pub correct: usize,
    /// Aligned words the attribute was compared on (equal to `correct` for spans).
    pub aligned: usize,
}

impl Score {
    /// Harmonic mean of precision and recall: 2 · correct / (gold + system).
    #[must_use]
    pub fn f1(&self) -> f64 {
        ratio(2 * self.correct, self.gold + self.system)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// The system's text is not the gold text (ignoring white space).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("system and gold texts differ at character {position}: gold {gold:?}, system {system:?}")]
pub struct TextMismatch {
    /// Index of the first differing non-white-space character.
    pub position: usize,
    /// Up to 20 gold characters from there.
    pub gold: String,
    /// Up to 20 system characters from there.
    pub system: String,
}

/// Counts spans (tokens or sentences) with identical start and end.
#[must_use]
pub fn spans_score(gold: &[CharSpan], system: &[CharSpan]) -> Score {
    let (mut gi, mut si, mut correct) = (0, 0, 0);
    while gi < gold.len() && si < system.len() {
        if system[si].start < gold[gi].start {
            si += 1;
        } else if gold[gi].start < system[si].start {
            gi += 1;
        } else {
            correct += usize::from(gold[gi].end == system[si].end);
            gi += 1;
            si += 1;
        }
    }
    Score {
        gold: gold.len(),
        system: system.len(),
        correct,
        aligned: correct,
    }
}

/// Gold and system words paired by [`align`].
#[derive(Debug, Clone)]
pub struct Alignment<'a> {
    /// The gold standard.
    pub gold: &'a UdText,
    /// The system output.
    pub system: &'a UdText,
    /// Aligned (gold word, system word) index pairs, in order.
    pub pairs: Vec<(usize, usize)>,
    /// For each system word, its gold word when aligned.
    system_to_gold: Vec<Option<usize>>,
}

impl Alignment<'_> {
    /// Words F1: aligned words against all gold and all system words.
    #[must_use]
    pub fn words_score(&self) -> Score {
        Score {
            gold: self.gold.words.len(),
            system: self.system.words.len(),
            correct: self.pairs.len(),
            aligned: self.pairs.len(),
        }
    }

    /// F1 of any per-word attribute: an aligned pair is correct when `key`
    /// agrees on both words (for example `|t| t.upos`, `|t| t.lemma.clone()`).
    #[must_use]
    pub fn attribute_score<K: PartialEq>(&self, key: impl Fn(&Token) -> K) -> Score {
        let correct = self
            .pairs
            .iter()
            .filter(|&&(g, s)| key(&self.gold.words[g].token) == key(&self.system.words[s].token))
            .count();
        Score {
            gold: self.gold.words.len(),
            system: self.system.words.len(),
            correct,
            aligned: self.pairs.len(),
        }
    }

    /// UAS (`labelled = false`) or LAS: the system head must be aligned to
    /// the gold head (or both be the root), and for LAS the universal
    /// relation (without subtype) must match.
    #[must_use]
    pub fn attachment_score(&self, labelled: bool) -> Score {
        let universal = |d: &str| d.split(':').next().unwrap_or("").to_string();
        let correct = self
            .pairs
            .iter()
            .filter(|&&(g, s)| {
                let gw = &self.gold.words[g];
                let sw = &self.system.words[s];
                let head_ok = match (gw.head, sw.head) {
                    (None, None) => gw.token.head.is_some() && sw.token.head.is_some(),
                    (Some(gh), Some(sh)) => self.system_to_gold.get(sh) == Some(&Some(gh)),
                    _ => false,
                };
                head_ok && (!labelled || universal(&gw.token.deprel) == universal(&sw.token.deprel))
            })
            .count();
        Score {
            gold: self.gold.words.len(),
            system: self.system.words.len(),
            correct,
            aligned: self.pairs.len(),
        }
    }
}

/// Aligns system words to gold words as the CoNLL 2018 scorer does.
///
/// # Errors
/// [`TextMismatch`] when the two texts differ other than in white space.
pub fn align<'a>(gold: &'a UdText, system: &'a UdText) -> Result<Alignment<'a>, TextMismatch> {
    if gold.chars != system.chars {
        let position = gold
            .chars
            .iter()
            .zip(&system.chars)
            .take_while(|(a, b)| a == b)
            .count();
        let show = |c: &[char]| c.iter().skip(position).take(20).collect::<String>();
        return Err(TextMismatch {
            position,
            gold: show(&gold.chars),
            system: show(&system.chars),
        });
    }
    let g = &gold.words;
    let s = &system.words;
    let mut pairs = Vec::with_capacity(g.len());
    let (mut gi, mut si) = (0, 0);
    while gi < g.len() && si < s.len() {
        if g[gi].is_multiword || s[si].is_multiword {
            let (gs, ss, ge, se) = multiword_region(g, s, gi, si);
            gi = ge;
            si = se;
            if ge > gs && se > ss {
                align_lcs(&g[gs..ge], &s[ss..se], gs, ss, &mut pairs);
            }
        } else if g[gi].span == s[si].span {
            pairs.push((gi, si));
            gi += 1;
            si += 1;
        } else if g[gi].span.start <= s[si].span.start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    let mut system_to_gold = vec![None; s.len()];
    for &(gw, sw) in &pairs {
        system_to_gold[sw] = Some(gw);
    }
    Ok(Alignment {
        gold,
        system,
        pairs,
        system_to_gold,
    })
}

/// The smallest region, starting at (gi, si), closed under the multiword
/// tokens it touches: returns (gold start, system start, gold end, system end).
fn multiword_region(
    g: &[UdWord],
    s: &[UdWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if g[gi].is_multiword {
        end = g[gi].span.end;
        if !s[si].is_multiword && s[si].span.start < g[gi].span.start {
            si += 1;
        }
    } else {
        end = s[si].span.end;
        if !g[gi].is_multiword && g[gi].span.start < s[si].span.start {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    let beyond = |w: &[UdWord], i: usize, end: usize| {
        i >= w.len()
            || if w[i].is_multiword {
                w[i].span.start >= end
            } else {
                w[i].span.end > end
            }
    };
    let extend = |w: &UdWord, end: usize| {
        if w.is_multiword && w.span.end > end {
            w.span.end
        } else {
            end
        }
    };
    while !beyond(g, gi, end) || !beyond(s, si, end) {
        if gi < g.len() && (si >= s.len() || g[gi].span.start <= s[si].span.start) {
            end = extend(&g[gi], end);
            gi += 1;
        } else {
            end = extend(&s[si], end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Pairs words of a multiword region by the longest common subsequence of
/// their lower-cased forms.
fn align_lcs(g: &[UdWord], s: &[UdWord], gs: usize, ss: usize, pairs: &mut Vec<(usize, usize)>) {
    let (n, m) = (g.len(), s.len());
    let gl: Vec<String> = g.iter().map(|w| w.token.form.to_lowercase()).collect();
    let sl: Vec<String> = s.iter().map(|w| w.token.form.to_lowercase()).collect();
    // lcs[i][j] over suffixes g[i..], s[j..]; one extra row and column of zeros.
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            let mut v = if gl[i] == sl[j] {
                1 + lcs[at(i + 1, j + 1)]
            } else {
                0
            };
            v = v.max(lcs[at(i + 1, j)]).max(lcs[at(i, j + 1)]);
            lcs[at(i, j)] = v;
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if gl[i] == sl[j] {
            pairs.push((gs + i, ss + j));
            i += 1;
            j += 1;
        } else if lcs[at(i, j)] == lcs[at(i + 1, j)] {
            i += 1;
        } else {
            j += 1;
        }
    }
}

/// The raw text of a treebank, one [`Document`] per `# newdoc` (the whole
/// file is one document if it has none). Sentences of a paragraph are
/// joined with a space, paragraphs (`# newpar`) with a blank line. A
/// sentence without `# text` is rebuilt from its words and `SpaceAfter=No`.
#[must_use]
pub fn raw_documents(gold: &[ConlluSentence]) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    for (k, s) in gold.iter().enumerate() {
        if s.new_document || docs.is_empty() {
            let id =
                s.id.clone()
                    .unwrap_or_else(|| format!("doc{}", docs.len() + 1));
            docs.push(Document::new(id, String::new()));
        }
        let Some(doc) = docs.last_mut() else { continue };
        if !doc.text.is_empty() {
            doc.text.push_str(if s.new_paragraph && k > 0 {
                "\n\n"
            } else {
                " "
            });
        }
        match &s.text {
            Some(t) => doc.text.push_str(t.trim()),
            None => {
                for (i, w) in s.words.iter().enumerate() {
                    doc.text.push_str(&w.form);
                    if i + 1 < s.words.len() && s.space_after_word(i) {
                        doc.text.push(' ');
                    }
                }
            }
        }
    }
    docs
}

#[cfg(test)]
/// Tokenizer scores from raw text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TokenizerScores {
    /// Surface tokens (multiword tokens count once).
    pub tokens: Score,
    /// Sentences.
    pub sentences: Score,
    /// Syntactic words, after alignment.
    pub words: Score,
}

#[cfg(test)]
/// Rebuilds the raw text of `gold` ([`raw_documents`]), tokenizes it and
/// scores tokens, sentences and words against the gold standard.
///
/// # Errors
/// [`TextMismatch`] if the tokenizer lost or changed characters (a bug).
pub fn evaluate_tokenizer(
    gold: &[ConlluSentence],
    tokenizer: &Tokenizer,
) -> Result<TokenizerScores, TextMismatch> {
    let mut docs = raw_documents(gold);
    let multiwords: Vec<Vec<Range<u32>>> = docs
        .iter_mut()
        .map(|d| tokenizer.tokenize_with_multiwords(d))
        .collect();
    let system = UdText::from_documents(docs.iter().zip(multiwords.iter().map(Vec::as_slice)));
    let gold_text = UdText::from_conllu(gold);
    let alignment = align(&gold_text, &system)?;
    Ok(TokenizerScores {
        tokens: spans_score(&gold_text.tokens, &system.tokens),
        sentences: spans_score(&gold_text.sentences, &system.sentences),
        words: alignment.words_score(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ByteSpan;

    fn span(start: usize, end: usize) -> CharSpan {
        CharSpan { start, end }
    }

    #[test]
    fn spans_score_counts_exact_matches() {
        let gold = [span(0, 2), span(2, 5), span(5, 6)];
        let system = [span(0, 2), span(2, 6)];
        let s = spans_score(&gold, &system);
        assert_eq!((s.gold, s.system, s.correct), (3, 2, 1));
        assert!((s.f1() - 0.4).abs() < 1e-9);
    }

    fn gold_cant() -> UdText {
        let text = "1\tI\t_\t_\t_\t_\t0\troot\t_\t_\n2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\t_\n\
2\tca\t_\t_\t_\t_\t1\tx\t_\t_\n3\tn't\t_\t_\t_\t_\t2\tx\t_\t_\n\n";
        UdText::from_conllu(&crate::formats::conllu::read(text.as_bytes(), "t").unwrap())
    }

    #[test]
    fn multiword_words_align_by_form() {
        let gold = gold_cant();
        // The system split `can't` into `can` `'t` without a multiword token.
        let mut doc = Document::new("d", "I can't");
        doc.push_sentence(vec![
            Token::new("I", ByteSpan::new(0, 1)),
            Token::new("can", ByteSpan::new(2, 5)),
            Token::new("'t", ByteSpan::new(5, 7)),
        ]);
        let system = UdText::from_documents([(&doc, &[][..])]);
        let a = align(&gold, &system).unwrap();
        // `I` aligns by span; neither `ca`/`n't` matches `can`/`'t` by form.
        assert_eq!(a.pairs, [(0, 0)]);
        assert_eq!(spans_score(&gold.tokens, &system.tokens).correct, 1);
        // With the multiword token and the right split, all words align.
        let mut doc = Document::new("d", "I can't");
        doc.push_sentence(vec![
            Token::new("I", ByteSpan::new(0, 1)),
            Token::new("ca", ByteSpan::new(2, 4)),
            Token::new("n't", ByteSpan::new(4, 7)),
        ]);
        let mwt: Vec<Range<u32>> = std::iter::once(1..3).collect();
        let system = UdText::from_documents([(&doc, mwt.as_slice())]);
        let a = align(&gold, &system).unwrap();
        assert_eq!(a.pairs, [(0, 0), (1, 1), (2, 2)]);
        assert_eq!(spans_score(&gold.tokens, &system.tokens).correct, 2);
    }

    #[test]
    fn different_texts_are_refused() {
        let gold = gold_cant();
        let mut doc = Document::new("d", "I cant");
        doc.push_sentence(vec![
            Token::new("I", ByteSpan::new(0, 1)),
            Token::new("cant", ByteSpan::new(2, 6)),
        ]);
        let system = UdText::from_documents([(&doc, &[][..])]);
        let err = align(&gold, &system).unwrap_err();
        assert_eq!(err.position, 4);
    }

    #[test]
    fn attachment_needs_aligned_heads() {
        let gold = gold_cant();
        let a = align(&gold, &gold).unwrap();
        assert_eq!(a.attachment_score(true).correct, 3);
        assert_eq!(a.attribute_score(|t| t.form.clone()).correct, 3);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `eval::conll18`.
    #[test]
    fn doc_conll18() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::conll18;
        use crate::Tokenizer;

        let gold = "# newdoc\n# text = I can't.\n\
        1\tI\tI\tPRON\tPRP\t_\t3\tnsubj\t_\t_\n\
        2-3\tcan't\t_\t_\t_\t_\t_\t_\t_\tSpaceAfter=No\n\
        2\tca\tcan\tAUX\tMD\t_\t0\troot\t_\t_\n\
        3\tn't\tnot\tPART\tRB\t_\t2\tadvmod\t_\t_\n\
        4\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
        let gold = crate::formats::conllu::read(gold.as_bytes(), "inline")?;
        let scores = conll18::evaluate_tokenizer(&gold, &Tokenizer::new())?;
        assert_eq!(scores.tokens.f1(), 1.0);
        assert_eq!(scores.words.f1(), 1.0);
        assert_eq!(scores.sentences.f1(), 1.0);
        Ok(())
    }
}
