//! Titles, nationalities and descriptors of people.
//!
//! In "Russian President Vladimir Putin", "French president-elect Emmanuel
//! Macron" or "far-right Marine Le Pen", the name is preceded by a chain of
//! modifiers: a nationality adjective (linked to its country through the
//! project's demonym table, [`crate::lexicon::gazetteer`]), a title from the title
//! list, possibly with "vice", "deputy", "acting" or "-elect", and descriptive
//! adjectives ("far-right", "former"). An apposition after the name ("Emmanuel
//! Macron, the French president-elect,") gives the same information.
//! [`person_titles`] returns one [`PersonTitle`] per person mention that has any
//! of these, which the extractor turns into facts (X – title – President,
//! X – country – Russia).
//!
//! [`strip_titles`] (run by the entity recognizer) removes titles that the
//! model put inside a person span, so that "President Vladimir Putin" becomes
//! the person "Vladimir Putin". A title word is only removed at the start of a
//! span and only when a capitalised name remains, so names that contain a
//! title word ("Stephen King", "John Bishop") are not broken.
//!
//! Limits: the chain is read only directly before the name and in an
//! apposition right after it; "the president of France, X," is not analysed.

use crate::document::{Document, EntityKind, Mention, Token, Upos};
use crate::lexicon::gazetteer::Gazetteer;
use crate::lexicon::{TITLE_DESCRIPTORS, TITLE_PARTS};
use std::ops::Range;

/// A piece of text that modifies a name: a title, a nationality or a descriptor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Modifier {
    /// Its tokens within the sentence.
    pub tokens: Range<u32>,
    /// As written ("president-elect", "Russian").
    pub text: String,
    /// Titles: lower case ("president-elect"); nationalities: the country ("Russia").
    pub normalized: Option<String>,
}

/// What is known about one person mention from the words around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonTitle {
    /// Index of the person mention in [`crate::document::Sentence::entities`].
    pub mention: usize,
    /// Tokens of the bare name.
    pub name: Range<u32>,
    /// Titles and offices.
    pub titles: Vec<Modifier>,
    /// Nationalities, normalised to their country.
    pub countries: Vec<Modifier>,
    /// Other descriptors ("far-right", "former").
    pub descriptors: Vec<Modifier>,
}

fn lower(t: &Token) -> String {
    t.form.to_lowercase()
}

/// The longest title (from the list, plus "-elect") ending at token `end - 1`,
/// as (first token, normalised text).
fn title_ending_at(tokens: &[Token], end: usize, gaz: &Gazetteer) -> Option<(usize, String)> {
    let mut best = None;
    for len in 1..=4.min(end) {
        let start = end - len;
        let words: Vec<String> = tokens[start..end].iter().map(lower).collect();
        let joined = join_hyphens(&words);
        let core = joined
            .strip_suffix("-elect")
            .or_else(|| joined.strip_suffix(" elect"))
            .unwrap_or(&joined);
        if gaz.is_title(core) || gaz.is_title(&joined) {
            best = Some((start, joined));
        }
    }
    best
}

/// Joins lower-cased words with spaces, but glues hyphens: ["far", "-", "right"] → "far-right".
fn join_hyphens(words: &[String]) -> String {
    let mut out = String::new();
    for (i, w) in words.iter().enumerate() {
        let glue = w == "-" || w.starts_with('-') || (i > 0 && words[i - 1] == "-");
        if i > 0 && !glue {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// A title ending at token `end - 1` together with the words that make it more
/// precise before it ("vice", "deputy"): (first token, normalised text).
fn title_with_parts(tokens: &[Token], end: usize, gaz: &Gazetteer) -> Option<(usize, String)> {
    let (mut s, _) = title_ending_at(tokens, end, gaz)?;
    while s > 0 && TITLE_PARTS.contains(&lower(&tokens[s - 1]).as_str()) {
        s -= 1;
    }
    Some((s, text_of(tokens, s..end).to_lowercase()))
}

/// How many words at the start of `words` are a title with the words that make it
/// more precise ("Vice President Mondale" → 2, "Dr. Anna Berg" → 1), 0 when they do
/// not start with one: the rule of [`leading_title`] for plain words, used to derive
/// gold names from GUM's mentions.
pub(crate) fn leading_title_words(words: &[&str], gaz: &Gazetteer) -> usize {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let parts = lower
        .iter()
        .take_while(|w| TITLE_PARTS.contains(&w.as_str()))
        .count();
    let mut best = 0;
    for len in 1..=4.min(lower.len() - parts) {
        let joined = join_hyphens(&lower[parts..parts + len]);
        let core = joined
            .strip_suffix("-elect")
            .or_else(|| joined.strip_suffix(" elect"))
            .unwrap_or(&joined);
        if gaz.is_title(core) || gaz.is_title(&joined) {
            best = parts + len;
        }
    }
    best
}

fn text_of(tokens: &[Token], r: Range<usize>) -> String {
    let words: Vec<String> = tokens[r].iter().map(|t| t.form.clone()).collect();
    join_hyphens(&words)
}

fn is_capitalised(t: &Token) -> bool {
    t.form.starts_with(|c: char| c.is_uppercase())
}

/// True for a word that may describe a person: an adjective, or a hyphenated
/// lower-case word ("far-right").
fn is_descriptor(t: &Token) -> bool {
    let lower_word = t.form.starts_with(|c: char| c.is_lowercase());
    lower_word
        && (t.upos == Upos::Adj
            || t.form.contains('-')
            || TITLE_DESCRIPTORS.contains(&t.form.as_str()))
}

/// Reads the modifier chain that ends just before token `end`, right to left.
fn chain_before(tokens: &[Token], end: usize, gaz: &Gazetteer, out: &mut PersonTitle) {
    let mut j = end;
    while j > 0 {
        // A title, with its precise parts ("vice", "deputy") and "-elect".
        if let Some((s, _)) = title_with_parts(tokens, j, gaz) {
            let text = text_of(tokens, s..j);
            out.titles.insert(
                0,
                Modifier {
                    tokens: s as u32..j as u32,
                    normalized: Some(text.to_lowercase()),
                    text,
                },
            );
            j = s;
            continue;
        }
        let t = &tokens[j - 1];
        if is_capitalised(t) {
            if let Some(country) = gaz.demonym_country(&t.form) {
                out.countries.insert(
                    0,
                    Modifier {
                        tokens: j as u32 - 1..j as u32,
                        text: t.form.clone(),
                        normalized: Some(country.to_string()),
                    },
                );
                j -= 1;
                continue;
            }
            break;
        }
        // "far - right" split by the tokenizer.
        if j >= 3
            && t.form != "-"
            && tokens[j - 2].form == "-"
            && tokens[j - 3].form.starts_with(|c: char| c.is_lowercase())
        {
            let text = text_of(tokens, j - 3..j);
            out.descriptors.insert(
                0,
                Modifier {
                    tokens: j as u32 - 3..j as u32,
                    normalized: Some(text.to_lowercase()),
                    text,
                },
            );
            j -= 3;
            continue;
        }
        if is_descriptor(t) {
            out.descriptors.insert(
                0,
                Modifier {
                    tokens: j as u32 - 1..j as u32,
                    text: t.form.clone(),
                    normalized: Some(t.form.to_lowercase()),
                },
            );
            j -= 1;
            continue;
        }
        break;
    }
}

/// Reads an apposition after the name: ", the French president-elect ,".
fn apposition_after(tokens: &[Token], end: usize, gaz: &Gazetteer, out: &mut PersonTitle) {
    if tokens.get(end).map(|t| t.form.as_str()) != Some(",") {
        return;
    }
    let mut k = end + 1;
    if tokens
        .get(k)
        .is_some_and(|t| matches!(lower(t).as_str(), "the" | "a" | "an"))
    {
        k += 1;
    }
    // Find where the apposition ends: a comma, a full stop, or the sentence end.
    let mut stop = k;
    while stop < tokens.len()
        && !matches!(
            tokens[stop].form.as_str(),
            "," | "." | ";" | ":" | "(" | ")"
        )
    {
        stop += 1;
        if stop - k > 6 {
            return;
        }
    }
    if stop == k {
        return;
    }
    // The apposition must end in a title; what precedes it is read as a chain.
    let Some((start, _)) = title_ending_at(tokens, stop, gaz) else {
        return;
    };
    let mut probe = PersonTitle {
        mention: out.mention,
        name: out.name.clone(),
        titles: Vec::new(),
        countries: Vec::new(),
        descriptors: Vec::new(),
    };
    chain_before(tokens, stop, gaz, &mut probe);
    // The chain must cover the whole apposition (after the article).
    let first = probe
        .titles
        .iter()
        .chain(&probe.countries)
        .chain(&probe.descriptors)
        .map(|m| m.tokens.start as usize)
        .min()
        .unwrap_or(start);
    if first != k {
        return;
    }
    out.titles.extend(probe.titles);
    out.countries.extend(probe.countries);
    out.descriptors.extend(probe.descriptors);
}

/// Titles, nationalities and descriptors of the person mentions of sentence
/// `sentence`; people with none are left out.
#[must_use]
pub fn person_titles(doc: &Document, sentence: usize) -> Vec<PersonTitle> {
    let Some(s) = doc.sentences.get(sentence) else {
        return Vec::new();
    };
    let tokens = doc.sentence_tokens(s);
    let gaz = Gazetteer::embedded();
    let mut out = Vec::new();
    for (mi, m) in s.entities.iter().enumerate() {
        if m.kind != EntityKind::Person {
            continue;
        }
        let mut pt = PersonTitle {
            mention: mi,
            name: m.tokens.clone(),
            titles: Vec::new(),
            countries: Vec::new(),
            descriptors: Vec::new(),
        };
        // Titles the model left inside the span.
        let (lead, name_start) =
            leading_title(tokens, m.tokens.start as usize..m.tokens.end as usize, gaz);
        chain_before(tokens, m.tokens.start as usize, gaz, &mut pt);
        if let Some(t) = lead {
            pt.titles.push(t);
            pt.name.start = name_start as u32;
        }
        apposition_after(tokens, m.tokens.end as usize, gaz, &mut pt);
        if !(pt.titles.is_empty() && pt.countries.is_empty() && pt.descriptors.is_empty()) {
            out.push(pt);
        }
    }
    out
}

/// A title at the start of a span, if removing it leaves a capitalised name:
/// (the title, first token of the name).
fn leading_title(
    tokens: &[Token],
    span: Range<usize>,
    gaz: &Gazetteer,
) -> (Option<Modifier>, usize) {
    let mut best = None;
    for end in span.start + 1..span.end {
        if let Some((start, norm)) = title_with_parts(tokens, end, gaz) {
            if start == span.start
                && is_capitalised(&tokens[end])
                && gaz.demonym_country(&tokens[end].form).is_none()
            {
                // A first name right at the start means the span is a name ("Major" can be one).
                if gaz.first_name_gender(&tokens[span.start].form).is_some() {
                    break;
                }
                best = Some((
                    Modifier {
                        tokens: start as u32..end as u32,
                        text: text_of(tokens, start..end),
                        normalized: Some(norm),
                    },
                    end,
                ));
            }
        }
    }
    match best {
        Some((m, e)) => (Some(m), e),
        None => (None, span.start),
    }
}

/// Removes titles from the start of person mentions ("President Vladimir Putin"
/// → "Vladimir Putin"), keeping names that only look like titles.
pub fn strip_titles(tokens: &[Token], mentions: &mut [Mention]) {
    let gaz = Gazetteer::embedded();
    for m in mentions.iter_mut().filter(|m| m.kind == EntityKind::Person) {
        let span = m.tokens.start as usize..m.tokens.end as usize;
        if span.end > tokens.len() {
            continue;
        }
        if let (Some(_), start) = leading_title(tokens, span, gaz) {
            m.tokens.start = start as u32;
        }
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::titles`.
    #[test]
    fn doc_titles() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::titles::person_titles;
        use crate::{ByteSpan, Document, EntityKind, Mention, Token};

        let words = ["Russian", "President", "Karl", "Lindqvist", "spoke"];
        let mut doc = Document::new("d", words.join(" "));
        let mut pos = 0;
        let tokens = words
            .iter()
            .map(|w| {
                let t = Token::new(*w, ByteSpan::new(pos, pos + w.len()));
                pos += w.len() + 1;
                t
            })
            .collect();
        doc.push_sentence(tokens);
        doc.sentences[0].entities.push(Mention {
            tokens: 2..4,
            kind: EntityKind::Person,
            normalized: None,
        });
        let found = person_titles(&doc, 0);
        assert_eq!(found[0].name, 2..4);
        assert_eq!(found[0].titles[0].normalized.as_deref(), Some("president"));
        assert_eq!(found[0].countries[0].normalized.as_deref(), Some("Russia"));
        Ok(())
    }
}
