//! The annotated document that every text-analysis stage fills in.
//!
//! A [`Document`] owns its text. Sentences and tokens refer to it by byte
//! ranges ([`ByteSpan`]); character offsets, which is what users and RDF
//! (NIF) see, are derived on output by [`Document::char_offset`]. Each stage
//! of the pipeline fills one layer: the tokenizer creates sentences and tokens,
//! the tagger sets [`Token::upos`] and [`Token::xpos`], the lemmatizer
//! [`Token::lemma`], the parser [`Token::head`] and [`Token::deprel`], and the
//! entity recognizer [`Sentence::entities`], coreference [`Document::coreference`].
//! A stage never needs to know the stages after it.
//!
//! ```
//! use kg::{ByteSpan, Document, Token};
//!
//! let mut doc = Document::new("doc1", "Hello world.");
//! doc.push_sentence(vec![
//!     Token::new("Hello", ByteSpan::new(0, 5)),
//!     Token::new("world", ByteSpan::new(6, 11)),
//!     Token::new(".", ByteSpan::new(11, 12)),
//! ]);
//! assert_eq!(doc.sentences.len(), 1);
//! assert_eq!(doc.sentence_text(&doc.sentences[0]), "Hello world.");
//! assert_eq!(doc.char_offset(6), 6);
//! ```

mod coreference;

pub use coreference::{Cluster, CorefMention, Coreference, MentionKind};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Range;

/// A half-open byte range `[start, end)` into [`Document::text`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub struct ByteSpan {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl ByteSpan {
    /// A span from `start` to `end` (bytes).
    ///
    /// ```
    /// let s = kg::ByteSpan::new(2, 5);
    /// assert_eq!(s.len(), 3);
    /// ```
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Self {
            start: start as u32,
            end: end as u32,
        }
    }

    /// The span as a `usize` range, for slicing the text.
    #[must_use]
    pub fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// Universal part-of-speech tags (UD v2), a closed set.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[allow(missing_docs)] // the variants are the UD tag names
pub enum Upos {
    Adj,
    Adp,
    Adv,
    Aux,
    Cconj,
    Det,
    Intj,
    Noun,
    Num,
    Part,
    Pron,
    Propn,
    Punct,
    Sconj,
    Sym,
    Verb,
    /// `X`, and the value of a token not tagged yet.
    #[default]
    X,
}

impl Upos {
    /// Every tag, in a fixed order (the order of the enum).
    pub const ALL: [Upos; 17] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The tag as written in CoNLL-U.
    ///
    /// ```
    /// assert_eq!(kg::Upos::Propn.as_str(), "PROPN");
    /// ```
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// Parses a CoNLL-U UPOS tag; `None` for anything else.
    ///
    /// ```
    /// use kg::Upos;
    /// assert_eq!(Upos::parse("VERB"), Some(Upos::Verb));
    /// assert_eq!(Upos::parse("verb"), None);
    /// ```
    #[must_use]
    pub fn parse(tag: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|u| u.as_str() == tag)
    }

    /// Position of the tag in [`Upos::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Upos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A word's position in its sentence, counted from 0.
///
/// ```
/// let i = kg::TokenIndex::new(2);
/// assert_eq!(i.get(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TokenIndex(u32);

impl TokenIndex {
    /// The word at position `i` of its sentence.
    #[must_use]
    pub fn new(i: usize) -> Self {
        Self(u32::try_from(i).expect("a sentence has fewer than 2^32 words"))
    }

    /// The position, for indexing a sentence's tokens.
    #[must_use]
    pub fn get(self) -> usize {
        self.0 as usize
    }
}

/// Where a word hangs in its sentence's dependency tree.
///
/// Serialised as CoNLL-U's HEAD number: 0 for the root, else the head's 1-based position.
///
/// ```
/// use kg::{Head, TokenIndex};
/// assert_eq!(Head::from_conllu(0), Head::Root);
/// assert_eq!(Head::from_conllu(2), Head::Word(TokenIndex::new(1)));
/// assert_eq!(Head::Word(TokenIndex::new(1)).to_conllu(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Head {
    /// The word is the sentence's root.
    Root,
    /// The word depends on this word of the same sentence.
    Word(TokenIndex),
}

impl Head {
    /// The head a CoNLL-U HEAD number names (0 is the root).
    #[must_use]
    pub fn from_conllu(number: u32) -> Self {
        match number {
            0 => Head::Root,
            n => Head::Word(TokenIndex(n - 1)),
        }
    }

    /// The CoNLL-U HEAD number: 0 for the root, else the head's 1-based position.
    #[must_use]
    pub fn to_conllu(self) -> u32 {
        match self {
            Head::Root => 0,
            Head::Word(i) => i.0 + 1,
        }
    }

    /// The head word, `None` for the root.
    #[must_use]
    pub fn word(self) -> Option<TokenIndex> {
        match self {
            Head::Root => None,
            Head::Word(i) => Some(i),
        }
    }
}

impl Serialize for Head {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.to_conllu())
    }
}

impl<'de> Deserialize<'de> for Head {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u32::deserialize(deserializer).map(Head::from_conllu)
    }
}

/// One syntactic word.
///
/// `form` is the word as the models see it. It is usually the text under
/// `span`, but a word of a contraction may differ from its surface (EWT's
/// multiword tokens), so the form is stored rather than sliced.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Token {
    /// The word.
    pub form: String,
    /// Where the word is in the document text.
    pub span: ByteSpan,
    /// False when the word is directly followed by the next one (CoNLL-U `SpaceAfter=No`).
    pub space_after: bool,
    /// Universal part of speech; [`Upos::X`] until the tagger runs.
    pub upos: Upos,
    /// Penn Treebank tag; empty until the tagger runs.
    pub xpos: String,
    /// Lemma; empty until the lemmatizer runs.
    pub lemma: String,
    /// Where the word hangs in the sentence's tree; `None` until the parser runs.
    pub head: Option<Head>,
    /// Universal dependency relation with subtype (`nsubj:pass`); empty until the parser runs.
    pub deprel: String,
}

impl Token {
    /// A token with only its form and span set.
    #[must_use]
    pub fn new(form: impl Into<String>, span: ByteSpan) -> Self {
        Self {
            form: form.into(),
            span,
            space_after: true,
            ..Self::default()
        }
    }

    /// The word this one depends on; `None` for the root and before the parser runs.
    #[must_use]
    pub fn head_word(&self) -> Option<TokenIndex> {
        self.head.and_then(Head::word)
    }

    /// True when the word depends on the word at position `i` of its sentence.
    #[must_use]
    pub fn depends_on(&self, i: usize) -> bool {
        self.head_word().is_some_and(|h| h.get() == i)
    }
}

/// Entity and value types found by the recognizer and the value rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    /// A person.
    Person,
    /// An organisation, company, institution or government body.
    Organization,
    /// A place: country, city, region, geographic feature.
    Location,
    /// A nationality or other group adjective ("Russian"), linked to a place where known.
    Nationality,
    /// A calendar date or year.
    Date,
    /// A time of day.
    Time,
    /// A percentage.
    Percent,
    /// An amount of money.
    Money,
    /// A measured quantity with a unit.
    Quantity,
    /// A plain number.
    Cardinal,
    /// An ordinal ("third").
    Ordinal,
}

impl EntityKind {
    /// Short label used in CoNLL-U MISC (`NER=B-PER`) and in IOB2 files.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Person => "PER",
            EntityKind::Organization => "ORG",
            EntityKind::Location => "LOC",
            EntityKind::Nationality => "NORP",
            EntityKind::Date => "DATE",
            EntityKind::Time => "TIME",
            EntityKind::Percent => "PERCENT",
            EntityKind::Money => "MONEY",
            EntityKind::Quantity => "QUANTITY",
            EntityKind::Cardinal => "CARDINAL",
            EntityKind::Ordinal => "ORDINAL",
        }
    }

    /// True for values (dates, amounts, numbers), which become RDF literals rather than entities.
    #[must_use]
    pub fn is_value(self) -> bool {
        !matches!(
            self,
            EntityKind::Person
                | EntityKind::Organization
                | EntityKind::Location
                | EntityKind::Nationality
        )
    }
}

/// An entity or value mention: a run of tokens of one sentence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mention {
    /// Token range within the sentence (0-based, half open).
    pub tokens: Range<u32>,
    /// What kind of thing the mention names.
    pub kind: EntityKind,
    /// Normalised value for values (ISO 8601 date, decimal number, `66.1` for a percentage,
    /// `4250000 USD` for money), or the linked country for a nationality; `None` otherwise.
    pub normalized: Option<String>,
}

/// A token inside an entity or value mention (see [`Document::token_entities`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenEntity<'a> {
    /// True on the mention's first token (IOB2 `B-`), false on the others (`I-`).
    pub begins: bool,
    /// What the mention names.
    pub kind: EntityKind,
    /// The mention's normalised value ([`Mention::normalized`]).
    pub normalized: Option<&'a str>,
}

/// One sentence: a contiguous run of tokens and what the stages found in it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Sentence {
    /// Index of the first token in [`Document::tokens`].
    pub first_token: u32,
    /// Number of tokens.
    pub token_count: u32,
    /// The sentence's extent in the document text.
    pub span: ByteSpan,
    /// Entity and value mentions, in token order.
    pub entities: Vec<Mention>,
    /// Factuality of the sentence's predicates, in token order (filled with the parse).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub factuality: Vec<PredicateFactuality>,
}

/// What the author says about one predicate of a sentence: did the event happen?
///
/// The value is the factuality model's (UDS-IH2 scale, roughly −3…+3): above 0 the author
/// asserts that the event happened ("the agreements contained the violence"), at or below 0
/// not ("failed to contain", "could trigger", "wants to ban"). `plainly_not_asserted` is set
/// by rules that hold whatever the model says: the predicate is negated, is the complement of
/// a negative implicative ("failed to", "put off"), or asks a polar question.
///
/// ```
/// use kg::{Document, Pipeline};
/// let mut doc = Document::new("d", "The talks failed to end the strike.");
/// Pipeline::embedded()?.analyze(&mut doc);
/// let sentence = &doc.sentences[0];
/// let end = sentence.factuality.iter().find(|p| doc.tokens[p.token as usize].form == "end");
/// assert!(end.is_some_and(|p| p.plainly_not_asserted));
/// # Ok::<(), kg::ModelError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PredicateFactuality {
    /// The predicate's token, as an index into [`Document::tokens`].
    pub token: u32,
    /// The model's value: above 0 the event happened, per the author.
    pub value: f32,
    /// Negated, under a negative implicative, or a polar question.
    pub plainly_not_asserted: bool,
}

impl Sentence {
    /// The sentence's token indices in [`Document::tokens`].
    #[must_use]
    pub fn token_range(&self) -> Range<usize> {
        self.first_token as usize..(self.first_token + self.token_count) as usize
    }
}

/// A text and its analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Caller-chosen identifier (a file name, a JSONL `id`).
    pub id: String,
    /// Publication date (ISO 8601) when known; anchors relative dates.
    pub date: Option<String>,
    /// The original text, unchanged.
    pub text: String,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Every token of every sentence, in text order.
    pub tokens: Vec<Token>,
    /// Which mentions name the same entity (the pipeline's last stage).
    #[serde(default)]
    pub coreference: Coreference,
}

impl Document {
    /// A document with text and no analysis yet.
    #[must_use]
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            text: text.into(),
            ..Self::default()
        }
    }

    /// Appends a sentence made of `tokens`, which must follow the previous sentence's tokens.
    pub fn push_sentence(&mut self, tokens: Vec<Token>) {
        let first = self.tokens.len() as u32;
        let span = match (tokens.first(), tokens.last()) {
            (Some(a), Some(b)) => a.span.cover(b.span),
            _ => ByteSpan::default(),
        };
        let count = tokens.len() as u32;
        self.tokens.extend(tokens);
        self.sentences.push(Sentence {
            first_token: first,
            token_count: count,
            span,
            ..Sentence::default()
        });
    }

    /// The tokens of a sentence.
    #[must_use]
    pub fn sentence_tokens(&self, sentence: &Sentence) -> &[Token] {
        &self.tokens[sentence.token_range()]
    }

    /// Mutable tokens of the sentence at `index`.
    pub fn sentence_tokens_mut(&mut self, index: usize) -> &mut [Token] {
        let range = self.sentences[index].token_range();
        &mut self.tokens[range]
    }

    /// The text of a sentence, as in the original.
    #[must_use]
    pub fn sentence_text(&self, sentence: &Sentence) -> &str {
        &self.text[sentence.span.range()]
    }

    /// The original text under a span.
    #[must_use]
    pub fn slice(&self, span: ByteSpan) -> &str {
        &self.text[span.range()]
    }

    /// Converts a byte offset into a character (Unicode scalar value) offset.
    ///
    /// Linear in the offset; callers converting many offsets should use
    /// `CharOffsets`.
    #[must_use]
    pub fn char_offset(&self, byte: usize) -> usize {
        self.text[..byte].chars().count()
    }

    /// A document of gold sentences read from CoNLL-U (see [`crate::read_conllu`]): their
    /// tokens, tags, lemmas and trees, with the text rebuilt from the words and `SpaceAfter=No`.
    ///
    /// ```
    /// let conllu = "# text = Dogs bark.\n1\tDogs\tdog\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n\
    ///               2\tbark\tbark\tVERB\tVBP\t_\t0\troot\t_\tSpaceAfter=No\n\
    ///               3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n\n";
    /// let sentences = kg::read_conllu_from(conllu.as_bytes(), "inline")?;
    /// let doc = kg::Document::from_conllu("d1", &sentences);
    /// assert_eq!(doc.text.trim_end(), "Dogs bark.");
    /// assert_eq!(doc.tokens[0].head_word(), Some(kg::TokenIndex::new(1))); // "Dogs" hangs on "bark"
    /// # Ok::<(), kg::ConlluError>(())
    /// ```
    #[must_use]
    pub fn from_conllu(id: &str, sentences: &[crate::formats::conllu::ConlluSentence]) -> Self {
        crate::formats::conllu::to_document(id, sentences)
    }

    /// Each token's place in the entity and value mentions, as IOB2 tags show it (what
    /// `kg analyze` writes as `NER=B-PER` in CoNLL-U's MISC column): one entry per token of
    /// [`Document::tokens`], `None` outside every mention. Where mentions overlap, the first
    /// one found keeps its tokens and the others are left out.
    ///
    /// ```
    /// use kg::{Document, EntityKind, Pipeline};
    ///
    /// let mut doc = Document::new("d1", "Karl Lindqvist spoke.");
    /// Pipeline::embedded()?.analyze(&mut doc);
    /// let tags = doc.token_entities();
    /// let first = tags[0].expect("a person's name");
    /// assert!(first.begins && first.kind == EntityKind::Person);
    /// assert!(!tags[1].expect("inside the name").begins);
    /// assert!(tags[2].is_none());
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn token_entities(&self) -> Vec<Option<TokenEntity<'_>>> {
        let mut tags: Vec<Option<TokenEntity<'_>>> = vec![None; self.tokens.len()];
        for s in &self.sentences {
            for m in &s.entities {
                let first = s.first_token as usize + m.tokens.start as usize;
                let end = (s.first_token as usize + m.tokens.end as usize).min(tags.len());
                if first >= end || tags[first..end].iter().any(Option::is_some) {
                    continue;
                }
                for (k, slot) in tags[first..end].iter_mut().enumerate() {
                    *slot = Some(TokenEntity {
                        begins: k == 0,
                        kind: m.kind,
                        normalized: m.normalized.as_deref(),
                    });
                }
            }
        }
        tags
    }

    /// Number of tokens in the document.
    #[must_use]
    pub fn token_count(&self) -> usize {
        self.tokens.len()
    }
}

/// Converts many byte offsets of one text into character offsets in amortised O(1).
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// Character count before each byte that starts a character; ASCII-only texts store nothing.
    prefix: Option<Vec<u32>>,
}

impl CharOffsets {
    /// Builds the table for `text`.
    #[must_use]
    pub fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self { prefix: None };
        }
        let mut prefix = vec![0u32; text.len() + 1];
        let mut chars = 0u32;
        for (i, b) in text.bytes().enumerate() {
            prefix[i] = chars;
            // Continuation bytes (10xxxxxx) do not start a character.
            if b & 0xC0 != 0x80 {
                chars += 1;
            }
        }
        prefix[text.len()] = chars;
        // Fix up: a character's offset is the count before its first byte.
        Self {
            prefix: Some(prefix),
        }
    }

    /// The character offset of a byte offset that lies on a character boundary.
    #[must_use]
    pub fn char_offset(&self, byte: usize) -> usize {
        match &self.prefix {
            None => byte,
            Some(p) => p[byte] as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_offsets_match_chars_count() {
        let text = "a€b😀c d";
        let table = CharOffsets::new(text);
        for (byte, _) in text.char_indices() {
            assert_eq!(table.char_offset(byte), text[..byte].chars().count());
        }
        assert_eq!(table.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn upos_round_trips() {
        for u in Upos::ALL {
            assert_eq!(Upos::parse(u.as_str()), Some(u));
            assert_eq!(Upos::ALL[u.index()], u);
        }
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `document::CharOffsets`.
    #[test]
    fn doc_charoffsets() -> Result<(), Box<dyn std::error::Error>> {
        let text = "né à Paris";
        let offsets = crate::document::CharOffsets::new(text);
        assert_eq!(offsets.char_offset(text.find("Paris").unwrap()), 5);
        Ok(())
    }
}
