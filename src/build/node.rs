//! What an argument names in the graph: a named entity, a described thing of its document,
//! a value, or nothing (a pronoun nobody resolved, a determiner, a wh-word, an adverb).
//!
//! A node is the argument's *core*: its head word with the words that say what kind of
//! thing it is (noun compounds, adjectives, numbers, the parts of a name), never the
//! phrases after it. "two peace deals in Minsk between Kiev and the rebels" is the node
//! "two peace deals" (concept "peace deal"); the prepositional phrases become facts of
//! their own (`deal – in – Minsk`, `deal – between – Kiev`), and so does a possessor
//! ("Lindqvist's campaign" → `campaign – of – Lindqvist`).

use crate::document::Coreference;
use crate::document::{EntityKind, Mention, Token, Upos};
use crate::extract::Argument;
use crate::graph::{EntityRef, EntityType, Literal, LiteralKind, Object};
use crate::lexicon::closed_class::is_pronoun_or_determiner;
use crate::lexicon::gazetteer::{GazClass, Gazetteer};
use crate::lexicon::TITLE_PARTS;
use crate::nlp::noun_types::{NounClass, NounKind, NounTypes};

/// What names an argument: the sentence's mentions and tokens, and the document's
/// coreference.
pub(super) struct Named<'a> {
    pub mentions: &'a [Mention],
    pub tokens: &'a [Token],
    pub coreference: &'a Coreference,
    pub sentence: usize,
    pub document: &'a str,
}

/// A phrase of a sentence: its head and the tokens it may use (an argument's tokens, or a
/// modifier's subtree within them), sorted.
#[derive(Debug, Clone)]
pub(super) struct Phrase {
    pub head: u32,
    pub tokens: Vec<u32>,
}

impl Phrase {
    pub fn of(arg: &Argument) -> Self {
        Self {
            head: arg.head,
            tokens: arg.tokens.clone(),
        }
    }
}

/// True when `t` depends on token `i`.
fn child_of(t: &Token, i: u32) -> bool {
    t.depends_on(i as usize)
}

/// Token `i`'s subtree within `allowed` (sorted), `i` included.
fn subtree(tokens: &[Token], i: u32, allowed: &[u32]) -> Vec<u32> {
    let mut out = vec![i];
    let mut k = 0;
    while k < out.len() {
        let p = out[k];
        for &c in allowed {
            if tokens.get(c as usize).is_some_and(|t| child_of(t, p)) && !out.contains(&c) {
                out.push(c);
            }
        }
        k += 1;
    }
    out.sort_unstable();
    out
}

/// A core modifier with the words under it that belong to it ("government-backed",
/// "48-year-old"), leaving out what a misattached coordination, apposition, clause or
/// phrase would drag in ("Korhonen and Swedish officials" is not one node).
fn modifier_words(tokens: &[Token], i: u32, allowed: &[u32]) -> Vec<u32> {
    let mut out = vec![i];
    let mut k = 0;
    while k < out.len() {
        let p = out[k];
        for &c in allowed {
            let Some(t) = tokens.get(c as usize) else {
                continue;
            };
            let base = t.deprel.split(':').next().unwrap_or("");
            let belongs = !matches!(
                base,
                "conj"
                    | "cc"
                    | "appos"
                    | "acl"
                    | "nmod"
                    | "det"
                    | "case"
                    | "mark"
                    | "advcl"
                    | "parataxis"
                    | "obl"
                    | "ccomp"
                    | "xcomp"
                    | "dep"
            );
            if (belongs || hyphen_glued(tokens, c, p)) && child_of(t, p) && !out.contains(&c) {
                out.push(c);
            }
        }
        k += 1;
    }
    out.sort_unstable();
    out
}

/// Whether words `a` and `b` are one hyphenated word ("Oslo-based", "state-owned"), whatever
/// relation the parser gave their link: they are written with only a hyphen between them.
fn hyphen_glued(tokens: &[Token], a: u32, b: u32) -> bool {
    let (l, r) = (a.min(b) as usize, a.max(b) as usize);
    r == l + 2
        && tokens.get(l).is_some_and(|t| !t.space_after)
        && tokens
            .get(l + 1)
            .is_some_and(|h| h.form == "-" && !h.space_after)
}

/// Dependents that say what kind of thing the head is, and stay in its node.
fn is_core_modifier(deprel: &str) -> bool {
    matches!(
        deprel,
        "compound" | "amod" | "nummod" | "flat" | "flat:name" | "flat:foreign" | "fixed"
    )
}

/// The phrase's core: the head and its core modifiers (with their own subtrees), the
/// contiguous run of them that holds the head.
pub(super) fn core(tokens: &[Token], phrase: &Phrase) -> Vec<u32> {
    let mut picked = vec![phrase.head];
    for &c in &phrase.tokens {
        let Some(t) = tokens.get(c as usize) else {
            continue;
        };
        if child_of(t, phrase.head) && is_core_modifier(&t.deprel) {
            picked.extend(modifier_words(tokens, c, &phrase.tokens));
        }
    }
    picked.sort_unstable();
    picked.dedup();
    // The contiguous run around the head (a determiner or a possessor between a modifier
    // and the head ends it).
    let at = picked.binary_search(&phrase.head).unwrap_or(0);
    let (mut lo, mut hi) = (at, at);
    while lo > 0 && picked[lo - 1] + 1 == picked[lo] {
        lo -= 1;
    }
    while hi + 1 < picked.len() && picked[hi] + 1 == picked[hi + 1] {
        hi += 1;
    }
    // A preposition, determiner, conjunction or punctuation mark does not open a node, and
    // punctuation does not close one ("by government-backed hackers", "Kiev,").
    let mut run = picked[lo..=hi].to_vec();
    let edge = |i: u32, opening: bool| {
        tokens.get(i as usize).is_some_and(|t| {
            t.upos == Upos::Punct
                || (opening
                    && matches!(
                        t.upos,
                        Upos::Adp | Upos::Det | Upos::Cconj | Upos::Sconj | Upos::Part
                    ))
        })
    };
    while run.len() > 1 && run[0] != phrase.head && edge(run[0], true) {
        run.remove(0);
    }
    while run.len() > 1 && run[run.len() - 1] != phrase.head && edge(run[run.len() - 1], false) {
        run.pop();
    }
    run
}

/// The named-entity mention that contains the token, if any.
pub(super) fn mention_at(head: u32, mentions: &[Mention]) -> Option<&Mention> {
    mentions.iter().find(|m| m.tokens.contains(&head))
}

/// What the phrase names: an entity (named or described) or a value; `None` when it names
/// nothing a graph can hold.
pub(super) fn node_of(phrase: &Phrase, named: &Named<'_>) -> Option<Object> {
    let (mentions, tokens) = (named.mentions, named.tokens);
    let head = tokens.get(phrase.head as usize)?;
    if let Some(cluster) = named.coreference.cluster_at(named.sentence, phrase.head) {
        let ty = EntityType::from_kind(cluster.kind)?;
        let ty = work_by_apposition(tokens, phrase.head, ty, &cluster.canonical).unwrap_or(ty);
        return EntityRef::new(&cluster.canonical)
            .ok()
            .map(|e| Object::Entity(e.with_type(ty)));
    }
    let core = core(tokens, phrase);
    if let Some(m) = mention_at(phrase.head, mentions) {
        if m.kind.is_value() {
            return value_of(m, &core, tokens).map(Object::Literal);
        }
        let ty = EntityType::from_kind(m.kind)?;
        // A nationality names its country when the gazetteer knows it.
        if m.kind == EntityKind::Nationality {
            if let Some(country) = &m.normalized {
                return EntityRef::new(country)
                    .ok()
                    .map(|e| Object::Entity(e.with_type(EntityType::Place)));
            }
        }
        let name = join_tokens(&tokens[m.tokens.start as usize..m.tokens.end as usize]);
        let ty = work_by_apposition(tokens, phrase.head, ty, &name).unwrap_or(ty);
        return EntityRef::new(strip_article(&name))
            .ok()
            .map(|e| Object::Entity(e.with_type(ty)));
    }
    // "others", "one", "this": a word that names nothing without what it stands for.
    let bare = head
        .form
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'')
        .to_lowercase();
    if core.len() == 1 && is_pronoun_or_determiner(&bare) {
        return None;
    }
    let text = join_tokens(
        &core
            .iter()
            .filter_map(|&i| tokens.get(i as usize).cloned())
            .collect::<Vec<_>>(),
    );
    match head.upos {
        // A name the recognizer did not type: one entity wherever it is written.
        // Its head word as a common noun may say what it is ("Prime Minister", "Council").
        // A title before a name or as its head ("Mr Blair", "Labour MP") makes it a person.
        Upos::Propn => {
            // The phrase ("Deputy Prime Minister", its first word hung elsewhere), else
            // its core: "the Prince of Wales" is a title with a prepositional phrase
            // (its own fact), not a name "Prince".
            let core_phrase = || Phrase {
                head: phrase.head,
                tokens: core.clone(),
            };
            if let Some(title) =
                bare_title(tokens, phrase).or_else(|| bare_title(tokens, &core_phrase()))
            {
                // A title written with capitals ("Chief Executive") names no one by itself:
                // a described person of this document, never an entity "Chief".
                let e = EntityRef::new(&title)
                    .ok()?
                    .described_in(named.document, &title.to_lowercase());
                return Some(Object::Entity(e.with_type(EntityType::Person)));
            }
            let e = EntityRef::new(strip_article(&text)).ok()?;
            let titled = is_titled(tokens, &core, phrase.head);
            let noun = work_by_apposition(tokens, phrase.head, EntityType::Thing, &text);
            // A one-word name is the name of something, not a description by its head noun:
            // "LCD" or "Windows" written alone says no more than "Apple" does.
            let by_head = class_of_noun(head).filter(|&t| {
                core.len() > 1 || !matches!(t, EntityType::Work | EntityType::Product)
            });
            Some(Object::Entity(match noun.or(by_head) {
                _ if titled => e.with_type(EntityType::Person),
                Some(ty) => e.with_type(ty),
                None => e,
            }))
        }
        // A common noun, or a gerund naming an activity: a thing of this document.
        Upos::Noun | Upos::Verb if head.upos == Upos::Noun || head.xpos == "VBG" => {
            let concept = concept_of(tokens, &core, phrase.head);
            let e = EntityRef::new(strip_article(&text))
                .ok()?
                .described_in(named.document, &concept);
            Some(Object::Entity(match class_of_noun(head) {
                Some(ty) => e.with_type(ty),
                None => e,
            }))
        }
        // A quality ("is popular") or an unrecognised number: a value as written.
        Upos::Adj | Upos::Num => Some(Object::Literal(Literal::string(&text))),
        // Pronouns coreference did not resolve, determiners ("this", "that"), wh-words,
        // adverbs, particles: nothing by themselves.
        _ => None,
    }
}

/// The graph type of a work or product noun's kind.
fn kind_type(kind: NounKind) -> EntityType {
    match kind {
        NounKind::Work => EntityType::Work,
        NounKind::Product => EntityType::Product,
    }
}

/// Work or Product for a name (headed by `head`, typed `ty` so far, written `name`)
/// that a work or product noun stands in apposition to, either way round ("the album
/// Northern Lights", "Orbix, the firm's new handset"), or modifies as a compound: the
/// noun says what the name names. A name the recognizer typed and the gazetteer lists
/// (as a country, capital, organisation or place) keeps its type: that evidence is
/// stronger than one apposition, which may be misattached.
fn work_by_apposition(
    tokens: &[Token],
    head: u32,
    ty: EntityType,
    name: &str,
) -> Option<EntityType> {
    if !matches!(
        ty,
        EntityType::Person | EntityType::Organization | EntityType::Place | EntityType::Thing
    ) {
        return None;
    }
    let types = NounTypes::embedded();
    // A capitalised noun is part of a name ("Film Awards") or an acronym ("PCS"), not a
    // word saying what the name is.
    let kind = |t: &Token| {
        (t.upos == Upos::Noun && !t.form.chars().any(char::is_uppercase))
            .then(|| types.kind_of(&t.lemma))
            .flatten()
    };
    let h = tokens.get(head as usize)?;
    let up = (h.deprel == "appos")
        .then(|| h.head_word().and_then(|i| tokens.get(i.get())))
        .flatten()
        .and_then(kind);
    // A noun compound before a person's name is their job ("film critic Marta Quell"),
    // not what the name names.
    let down = || {
        tokens
            .iter()
            .filter(|t| {
                child_of(t, head)
                    && (t.deprel == "appos" || (t.deprel == "compound" && ty != EntityType::Person))
            })
            .find_map(kind)
    };
    let found = kind_type(up.or_else(down)?);
    if ty != EntityType::Thing {
        let gaz = Gazetteer::embedded();
        let lower = strip_article(name).to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let listed = [GazClass::Country, GazClass::Place, GazClass::Organization]
            .iter()
            .any(|c| gaz.classes_of(&words) & c.bit() != 0);
        // A person's name opening with a known first name is a person ("books by author
        // Karl Lindqvist" misread as an apposition).
        let first_name = ty == EntityType::Person
            && words.len() > 1
            && gaz.first_name_gender(words[0]).is_some();
        if listed || first_name || gaz.is_country_or_capital(&lower) {
            return None;
        }
    }
    Some(found)
}

/// The graph type of a common noun's head ("actor" → Person, "firm" → Organization,
/// "capital" → Place, "election" → Event), learned from GUM's typed mentions
/// ([`NounTypes`]), or Work or Product for a noun WordNet says names one ("film",
/// "handset"); `None` for other things and for gerunds.
fn class_of_noun(head: &Token) -> Option<EntityType> {
    if !matches!(head.upos, Upos::Noun | Upos::Propn) {
        return None;
    }
    let types = NounTypes::embedded();
    let lemma = head.lemma.to_lowercase();
    // An acronym ("PCS") whose lemma happens to be a product noun names something else.
    let letters = || head.form.chars().filter(|c| c.is_alphabetic());
    let acronym = letters().count() > 1 && letters().all(char::is_uppercase);
    if let Some(kind) = types.kind_of(&lemma).filter(|_| !acronym) {
        return Some(kind_type(kind));
    }
    type_of_class(types.class_of(&lemma)?)
}

/// The graph type of a GUM noun class: persons, organisations, places and events; `None`
/// for the classes the graph has no type for (abstract, object, time …).
pub(super) fn type_of_class(class: NounClass) -> Option<EntityType> {
    match class {
        NounClass::Person => Some(EntityType::Person),
        NounClass::Organization => Some(EntityType::Organization),
        NounClass::Place => Some(EntityType::Place),
        NounClass::Event => Some(EntityType::Event),
        _ => None,
    }
}

/// The phrase's words when they are a title and nothing else ("Chief Executive", "Chief
/// executive", "Prime Minister"): the gazetteer's title, or title parts ("chief", "vice")
/// before one. A name the recognizer missed is never only title words.
fn bare_title(tokens: &[Token], phrase: &Phrase) -> Option<String> {
    let gaz = Gazetteer::embedded();
    let words: Vec<&Token> = phrase
        .tokens
        .iter()
        .filter_map(|&i| tokens.get(i as usize))
        .filter(|t| t.form.chars().any(char::is_alphanumeric) && t.upos != Upos::Det)
        .collect();
    let lower: Vec<String> = words.iter().map(|t| t.form.to_lowercase()).collect();
    let (last, parts) = lower.split_last()?;
    // Title parts before a title: "Deputy Prime Minister", "vice chief executive".
    let after_parts = lower
        .iter()
        .position(|w| !TITLE_PARTS.contains(&w.as_str()))
        .unwrap_or(lower.len());
    let title = gaz.is_title(&lower.join(" "))
        || (after_parts < lower.len() && gaz.is_title(&lower[after_parts..].join(" ")))
        || (gaz.is_title(last) && parts.iter().all(|w| TITLE_PARTS.contains(&w.as_str())));
    title.then(|| join_tokens(&words.into_iter().cloned().collect::<Vec<_>>()))
}

/// Whether a name's first word (before another) or its head is a title of people in the
/// gazetteer ("Mr", "Lord", "Secretary", "MP").
fn is_titled(tokens: &[Token], core: &[u32], head: u32) -> bool {
    let gaz = Gazetteer::embedded();
    let lower = |i: u32| tokens.get(i as usize).map(|t| t.form.to_lowercase());
    let first = core
        .first()
        .filter(|&&f| f != head)
        .and_then(|&f| lower(f))
        .is_some_and(|w| gaz.is_title(&w));
    first || lower(head).is_some_and(|w| gaz.is_title(&w))
}

/// The concept of a described thing: its noun compounds and head, lemmatized, in lower
/// case ("two peace deals" → "peace deal"); a gerund is its own concept ("tagging").
fn concept_of(tokens: &[Token], core: &[u32], head: u32) -> String {
    let word = |t: &Token| {
        if t.upos == Upos::Verb || t.lemma.is_empty() {
            t.form.to_lowercase()
        } else {
            t.lemma.to_lowercase()
        }
    };
    let mut words = Vec::new();
    for &i in core {
        let Some(t) = tokens.get(i as usize) else {
            continue;
        };
        if !t.form.chars().any(char::is_alphanumeric) {
            continue;
        }
        if i == head {
            words.push(word(t));
        } else if t.deprel == "compound" && t.upos == Upos::Noun && child_of(t, head) {
            words.push(t.form.to_lowercase());
        }
    }
    words.join(" ")
}

/// The literal of a value mention, when the phrase's core is that value ("66.1 percent of
/// the votes" says more than 66.1 %, and is not one).
fn value_of(m: &Mention, core: &[u32], tokens: &[Token]) -> Option<Literal> {
    let within = core.iter().all(|t| m.tokens.contains(t));
    if !within {
        return None;
    }
    // A value no datatype fits ("October" alone, "$55.5bn") is kept as written.
    let as_written = || {
        Literal::string(&join_tokens(
            &tokens[m.tokens.start as usize..m.tokens.end as usize],
        ))
    };
    let Some(value) = m.normalized.as_deref() else {
        return Some(as_written());
    };
    let kinds: &[LiteralKind] = match m.kind {
        EntityKind::Percent => &[LiteralKind::Percent],
        EntityKind::Date => &[LiteralKind::Date, LiteralKind::YearMonth, LiteralKind::Year],
        EntityKind::Cardinal | EntityKind::Quantity | EntityKind::Ordinal => {
            &[LiteralKind::Integer, LiteralKind::Decimal]
        }
        EntityKind::Money => &[LiteralKind::Money],
        _ => &[],
    };
    Some(
        kinds
            .iter()
            .find_map(|&k| Literal::new(k, value).ok())
            .unwrap_or_else(as_written),
    )
}

/// A modifier of a phrase's head that is a fact about its node: a prepositional phrase
/// ("deals *in Minsk*" → `in`) or a possessor ("*Lindqvist's* campaign" → `of`), with
/// the modifier's own phrase. Conjuncts share the preposition ("between Kiev and the
/// rebels").
pub(super) fn modifiers(tokens: &[Token], phrase: &Phrase) -> Vec<(String, Phrase)> {
    let mut out = Vec::new();
    for &c in &phrase.tokens {
        let Some(t) = tokens.get(c as usize) else {
            continue;
        };
        if !child_of(t, phrase.head) {
            continue;
        }
        let mut relation = match t.deprel.as_str() {
            "nmod:poss" if t.upos != Upos::Pron => "of".to_owned(),
            "nmod" => match case_of(tokens, c, &phrase.tokens) {
                Some(case) => case,
                None => continue,
            },
            _ => continue,
        };
        let sub = subtree(tokens, c, &phrase.tokens);
        for conj in std::iter::once(c).chain(sub.iter().copied().filter(|&k| {
            tokens
                .get(k as usize)
                .is_some_and(|k| child_of(k, c) && k.deprel == "conj")
        })) {
            // A conjunct with its own preposition ("in Minsk, between Kiev and the rebels")
            // says that one, and the conjuncts after it share it.
            if conj != c {
                if let Some(own) = case_of(tokens, conj, &sub) {
                    relation = own;
                }
            }
            out.push((
                relation.clone(),
                Phrase {
                    head: conj,
                    tokens: subtree(tokens, conj, &sub)
                        .into_iter()
                        .filter(|&k| k == conj || !is_conj_of(tokens, k, c))
                        .collect(),
                },
            ));
        }
    }
    out
}

/// The preposition of a nominal ("in" for "in Minsk"), its words joined by `_`.
fn case_of(tokens: &[Token], nominal: u32, allowed: &[u32]) -> Option<String> {
    let case: Vec<String> = allowed
        .iter()
        .filter_map(|&k| tokens.get(k as usize))
        .filter(|k| child_of(k, nominal) && k.deprel == "case" && k.upos == Upos::Adp)
        .map(|k| k.form.to_lowercase())
        .collect();
    (!case.is_empty()).then(|| case.join("_"))
}

fn is_conj_of(tokens: &[Token], k: u32, c: u32) -> bool {
    tokens
        .get(k as usize)
        .is_some_and(|t| child_of(t, c) && t.deprel == "conj")
}

/// The tokens' text with their original spacing.
pub(super) fn join_tokens(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(&t.form);
        if t.space_after && i + 1 < tokens.len() {
            out.push(' ');
        }
    }
    out
}

/// "the Kremlin" and "Kremlin" name one entity; an article is not part of a name.
pub(super) fn strip_article(text: &str) -> &str {
    for article in ["the ", "The ", "a ", "A ", "an ", "An "] {
        if let Some(rest) = text.strip_prefix(article) {
            if !rest.is_empty() {
                return rest;
            }
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hyphenated_word_stays_whole_in_the_core() {
        // "Oslo-based firm": the parser links "Oslo" to "based" as an oblique, which is no
        // core modifier; the hyphen makes them one word all the same. "Oslo - based" with
        // spaces is two words and a dash.
        let token = |form: &str, upos: Upos, head: u32, deprel: &str, space_after: bool| Token {
            form: form.into(),
            upos,
            head: Some(crate::document::Head::from_conllu(head)),
            deprel: deprel.into(),
            space_after,
            ..Token::default()
        };
        let glued = [
            token("Oslo", Upos::Propn, 3, "obl:unmarked", false),
            token("-", Upos::Punct, 1, "punct", false),
            token("based", Upos::Verb, 4, "amod", true),
            token("firm", Upos::Noun, 0, "root", true),
        ];
        let phrase = Phrase {
            head: 3,
            tokens: vec![0, 1, 2, 3],
        };
        assert_eq!(core(&glued, &phrase), vec![0, 1, 2, 3]);
        let mut spaced = glued.clone();
        spaced[0].space_after = true;
        spaced[1].space_after = true;
        assert_eq!(core(&spaced, &phrase), vec![2, 3]);
    }

    #[test]
    fn a_capitalised_title_is_no_name() {
        let token = |form: &str, upos: Upos| Token {
            form: form.into(),
            upos,
            space_after: true,
            ..Token::default()
        };
        let tokens = [
            token("Chief", Upos::Propn),
            token("Executive", Upos::Propn),
            token("Karl", Upos::Propn),
        ];
        let phrase = |toks: &[u32]| Phrase {
            head: toks[0],
            tokens: toks.to_vec(),
        };
        assert_eq!(
            bare_title(&tokens, &phrase(&[0, 1])).as_deref(),
            Some("Chief Executive")
        );
        assert_eq!(bare_title(&tokens, &phrase(&[0])).as_deref(), Some("Chief"));
        assert_eq!(bare_title(&tokens, &phrase(&[0, 1, 2])), None);
        assert_eq!(bare_title(&tokens, &phrase(&[2])), None);
        let tokens = [
            token("Deputy", Upos::Propn),
            token("Prime", Upos::Propn),
            token("Minister", Upos::Propn),
        ];
        assert_eq!(
            bare_title(
                &tokens,
                &Phrase {
                    head: 2,
                    tokens: vec![0, 1, 2]
                }
            )
            .as_deref(),
            Some("Deputy Prime Minister")
        );
    }

    /// Tokens from `(form, lemma, upos, head (1-based, 0 root), deprel)`.
    fn sentence(words: &[(&str, &str, Upos, u32, &str)]) -> Vec<Token> {
        words
            .iter()
            .map(|&(form, lemma, upos, head, deprel)| Token {
                form: form.into(),
                lemma: lemma.into(),
                upos,
                head: Some(crate::document::Head::from_conllu(head)),
                deprel: deprel.into(),
                space_after: true,
                ..Token::default()
            })
            .collect()
    }

    #[test]
    fn work_and_product_nouns_type_what_they_head() {
        let noun = |lemma: &str| Token {
            form: lemma.into(),
            lemma: lemma.into(),
            upos: Upos::Noun,
            ..Token::default()
        };
        assert_eq!(class_of_noun(&noun("film")), Some(EntityType::Work));
        assert_eq!(class_of_noun(&noun("album")), Some(EntityType::Work));
        assert_eq!(class_of_noun(&noun("treaty")), Some(EntityType::Work));
        assert_eq!(class_of_noun(&noun("bill")), Some(EntityType::Work));
        assert_eq!(class_of_noun(&noun("handset")), Some(EntityType::Product));
        assert_eq!(class_of_noun(&noun("software")), Some(EntityType::Product));
        // An acronym is no common noun, whatever its lemma.
        let mut pcs = noun("pc");
        pcs.form = "PCS".into();
        assert_eq!(class_of_noun(&pcs), None);
        assert_eq!(class_of_noun(&noun("actor")), Some(EntityType::Person));
        assert_eq!(class_of_noun(&noun("deal")), None);
    }

    #[test]
    fn a_work_noun_in_apposition_types_the_name() {
        use Upos::{Adp, Det, Noun, Propn, Verb};
        // "Marta Quell starred in the film Silver Harbour"
        let s = sentence(&[
            ("Marta", "Marta", Propn, 3, "nsubj"),
            ("Quell", "Quell", Propn, 1, "flat"),
            ("starred", "star", Verb, 0, "root"),
            ("in", "in", Adp, 6, "case"),
            ("the", "the", Det, 6, "det"),
            ("film", "film", Noun, 3, "obl"),
            ("Silver", "Silver", Propn, 8, "compound"),
            ("Harbour", "Harbour", Propn, 6, "appos"),
        ]);
        let by = |head, ty, name| work_by_apposition(&s, head, ty, name);
        assert_eq!(
            by(7, EntityType::Place, "Silver Harbour"),
            Some(EntityType::Work)
        );
        assert_eq!(
            by(7, EntityType::Thing, "Silver Harbour"),
            Some(EntityType::Work)
        );
        // The person is not in apposition to anything.
        assert_eq!(by(0, EntityType::Person, "Marta Quell"), None);
        // A capitalised noun is part of a name, not what the name is.
        let mut named = s.clone();
        named[5].form = "Film".into();
        assert_eq!(
            work_by_apposition(&named, 7, EntityType::Thing, "Silver Harbour"),
            None
        );
        // A listed place keeps its type, whatever it stands next to.
        assert_eq!(by(7, EntityType::Place, "Berlin"), None);
        // "Orbix, the firm's new handset, sold well"
        let s = sentence(&[
            ("Orbix", "Orbix", Propn, 7, "nsubj"),
            (",", ",", Upos::Punct, 1, "punct"),
            ("the", "the", Det, 3, "det"),
            ("firm", "firm", Noun, 6, "nmod:poss"),
            ("new", "new", Upos::Adj, 6, "amod"),
            ("handset", "handset", Noun, 1, "appos"),
            ("sold", "sell", Verb, 0, "root"),
        ]);
        assert_eq!(
            work_by_apposition(&s, 0, EntityType::Organization, "Orbix"),
            Some(EntityType::Product)
        );
        // A noun that names no work leaves the name alone: "Veltro Group, the firm".
        assert_eq!(work_by_apposition(&s, 3, EntityType::Thing, "firm"), None);
    }

    #[test]
    fn a_job_before_a_name_is_no_work() {
        use Upos::{Noun, Propn, Verb};
        // "book reviewer Karl Lindqvist spoke", with "book" misattached to the name
        let s = sentence(&[
            ("book", "book", Noun, 3, "compound"),
            ("reviewer", "reviewer", Noun, 3, "compound"),
            ("Karl", "Karl", Propn, 5, "nsubj"),
            ("Lindqvist", "Lindqvist", Propn, 3, "flat"),
            ("spoke", "speak", Verb, 0, "root"),
        ]);
        assert_eq!(
            work_by_apposition(&s, 2, EntityType::Person, "Karl Lindqvist"),
            None
        );
        let mut appos = s.clone();
        appos[0].deprel = "appos".into();
        // An apposition to a name opening with a known first name leaves a person alone.
        assert_eq!(
            work_by_apposition(&appos, 2, EntityType::Person, "Karl Lindqvist"),
            None
        );
        assert_eq!(
            work_by_apposition(&s, 2, EntityType::Organization, "Karl Lindqvist"),
            Some(EntityType::Work)
        );
    }

    #[test]
    fn articles_are_not_part_of_names() {
        assert_eq!(strip_article("the Senate"), "Senate");
        assert_eq!(strip_article("The"), "The");
        assert_eq!(strip_article("Anna"), "Anna");
    }
}
