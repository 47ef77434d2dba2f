//! Mention detection: proper names from the recognizer, third-person pronouns,
//! definite descriptions headed by a title noun, and definite descriptions headed by
//! a common noun of a person, organisation or place ("the actor", "the firm").

use super::{Candidate, MentionKind};
use crate::document::{ByteSpan, Document, EntityKind, Token, Upos};
use crate::lexicon::closed_class::pronoun_class;
use crate::lexicon::gazetteer::{GazClass, Gazetteer};
use crate::lexicon::{is_coref_minor_word as is_function_word, is_honorific, title_gender};
use crate::nlp::noun_types::{NounClass, NounTypes};
use std::ops::Range;

fn text_of(doc: &Document, tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        out.push_str(&t.form);
        if t.space_after && i + 1 < tokens.len() {
            out.push(' ');
        }
    }
    let _ = doc;
    out
}

/// The token of `range` whose head lies outside it (the first such), as the
/// mention's syntactic head.
pub(super) fn head_of(tokens: &[Token], range: Range<usize>) -> usize {
    for i in range.clone() {
        if !tokens[i]
            .head_word()
            .is_some_and(|h| range.contains(&h.get()))
        {
            return i;
        }
    }
    range.start
}

fn span_of(tokens: &[Token], range: &Range<usize>) -> ByteSpan {
    ByteSpan {
        start: tokens[range.start].span.start,
        end: tokens[range.end - 1].span.end,
    }
}

/// True when "it" at `i` is pleonastic: "it is important to …", "it seems that …",
/// "it rained".
fn pleonastic_it(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    if t.deprel.starts_with("expl") {
        return true;
    }
    let Some(h) = t.head_word().map(crate::document::TokenIndex::get) else {
        return false;
    };
    let Some(head) = tokens.get(h) else {
        return false;
    };
    let lemma = head.lemma.to_lowercase();
    if matches!(
        lemma.as_str(),
        "seem" | "appear" | "rain" | "snow" | "emerge" | "matter" | "take" | "happen"
    ) {
        return true;
    }
    // A clausal dependent of the predicate after the head: "it is clear that …",
    // "it was decided to …".
    // Only a window around the predicate is read, so that a huge sentence stays linear.
    let near = &tokens[h.saturating_sub(8)..(h + 40).min(tokens.len())];
    let has_clause = tokens[h + 1..(h + 40).min(tokens.len())].iter().any(|d| {
        d.depends_on(h)
            && matches!(
                d.deprel.as_str(),
                "csubj" | "ccomp" | "xcomp" | "csubj:pass"
            )
    });
    let copular_or_passive = near
        .iter()
        .any(|d| d.depends_on(h) && matches!(d.deprel.as_str(), "cop" | "aux:pass"));
    has_clause && (copular_or_passive || matches!(head.upos, Upos::Adj))
}

/// A definite description "the (Nationality)* (adjective)* TITLE" ending at its head
/// noun, if the tokens from `det` form one: (token range, title, country).
fn description_at(
    tokens: &[Token],
    det: usize,
    gaz: &Gazetteer,
) -> Option<(Range<usize>, String, Option<String>)> {
    let d = &tokens[det];
    if !d.form.eq_ignore_ascii_case("the") {
        return None;
    }
    let head = d.head_word()?.get();
    if head <= det || head - det > 6 || head >= tokens.len() {
        return None;
    }
    let h = &tokens[head];
    if !matches!(h.upos, Upos::Noun | Upos::Propn) || h.xpos.ends_with('S') {
        return None;
    }
    // A description is followed by no "of": "the president of the club" is fine for a
    // person, but "the leader of the opposition party" names a role, not always a person
    // mentioned before; keep those too, the title decides.
    let mut country = None;
    let mut words: Vec<String> = Vec::new();
    for t in &tokens[det + 1..=head] {
        if !matches!(
            t.upos,
            Upos::Adj | Upos::Noun | Upos::Propn | Upos::Punct | Upos::Verb
        ) {
            return None;
        }
        if let Some(c) = gaz.demonym_country(&t.form) {
            country = Some(c.to_owned());
            words.clear();
            continue;
        }
        words.push(t.form.to_lowercase());
    }
    // The title is the longest run of final words in the title list ("prime minister",
    // "president-elect"); what comes before it are adjectives ("centrist", "former").
    let joined = |ws: &[String]| {
        let mut s = String::new();
        for (i, w) in ws.iter().enumerate() {
            let glue = w == "-" || (i > 0 && ws[i - 1] == "-");
            if i > 0 && !glue {
                s.push(' ');
            }
            s.push_str(w);
        }
        s
    };
    for start in 0..words.len() {
        let t = joined(&words[start..]);
        let core = t.strip_suffix("-elect").unwrap_or(&t);
        if gaz.is_title(core) && !is_honorific(core) {
            return Some((det..head + 1, t, country));
        }
    }
    None
}

/// Person nouns too general, or about a relation to someone else, to stand for a
/// named person mentioned before ("the man", "the mother").
fn vague_person_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "person"
            | "people"
            | "man"
            | "woman"
            | "guy"
            | "boy"
            | "girl"
            | "child"
            | "kid"
            | "baby"
            | "one"
            | "someone"
            | "individual"
            | "human"
            | "user"
            | "reader"
            | "viewer"
            | "listener"
            | "audience"
            | "you"
            | "mother"
            | "father"
            | "parent"
            | "son"
            | "daughter"
            | "brother"
            | "sister"
            | "wife"
            | "husband"
            | "friend"
            | "family"
            | "couple"
            | "public"
            | "crowd"
            | "population"
            | "minority"
            | "majority"
            | "citizen"
            | "resident"
            | "member"
            | "staff"
            | "worker"
            | "employee"
            | "speaker"
            | "narrator"
            | "character"
            | "other"
    )
}

/// A definite description "the/this/that (adjective|compound)* NOUN" whose head noun
/// is of a person, organisation or place by the noun-type lexicon: (token range,
/// entity kind, head lemma, plural). A head restricted by a relative clause or a
/// prepositional phrase ("the company that built it", "the capital of X") is left
/// out: it may well be something new.
pub(super) fn nominal_at(
    tokens: &[Token],
    det: usize,
) -> Option<(Range<usize>, EntityKind, String, bool)> {
    let d = &tokens[det];
    let lower = d.form.to_lowercase();
    if !matches!(lower.as_str(), "the" | "this" | "that" | "these" | "those") {
        return None;
    }
    if !d.deprel.starts_with("det") {
        return None;
    }
    let head = d.head_word()?.get();
    if head <= det || head - det > 7 || head >= tokens.len() {
        return None;
    }
    let h = &tokens[head];
    if h.upos != Upos::Noun || !h.form.starts_with(char::is_lowercase) {
        return None;
    }
    for t in &tokens[det + 1..head] {
        let ok = match t.upos {
            Upos::Adj | Upos::Noun | Upos::Num => true,
            Upos::Punct => t.form == "-",
            Upos::Verb => matches!(t.xpos.as_str(), "VBN" | "VBG"),
            _ => false,
        };
        if !ok || t.form.starts_with(char::is_uppercase) {
            return None;
        }
    }
    // Tokens between the determiner and the head all depend inside the phrase.
    let inside = |t: &Token| {
        t.head_word()
            .is_some_and(|x| (det..=head).contains(&x.get()))
    };
    if !tokens[det + 1..head].iter().all(inside) {
        return None;
    }
    // Restricted by a relative clause, a clause or a prepositional phrase, or an
    // apposition that names it.
    let after = &tokens[head + 1..(head + 60).min(tokens.len())];
    let restricted = after.iter().any(|t| {
        t.depends_on(head)
            && (t.deprel.starts_with("acl") || t.deprel.starts_with("nmod") || t.deprel == "appos")
    });
    if restricted {
        return None;
    }
    let lemma = h.lemma.to_lowercase();
    let plural = h.xpos == "NNS" || matches!(lower.as_str(), "these" | "those");
    let kind = match NounTypes::embedded().class_of(&lemma)? {
        NounClass::Person if !vague_person_noun(&lemma) => EntityKind::Person,
        NounClass::Organization => EntityKind::Organization,
        NounClass::Place => EntityKind::Location,
        _ => return None,
    };
    Some((det..head + 1, kind, lemma, plural))
}

/// Honorifics are titles only before a name; "the doctor" is a description, "the mr" is not.
/// Every mention of the document in text order; descriptions without a title
/// only when `nominals` is set.
pub(super) fn detect(doc: &Document, nominals: bool) -> Vec<Candidate> {
    let gaz = Gazetteer::embedded();
    let mut out = Vec::new();
    for (si, s) in doc.sentences.iter().enumerate() {
        let tokens = doc.sentence_tokens(s);
        let n = tokens.len();
        let mut covered = vec![false; n];
        let mut here: Vec<Candidate> = Vec::new();
        for m in &s.entities {
            if m.kind.is_value() || m.kind == EntityKind::Nationality {
                continue;
            }
            let (a, b) = (m.tokens.start as usize, (m.tokens.end as usize).min(n));
            if a >= b {
                continue;
            }
            // Honorifics the recognizer left in the span: "Mr Smith" is named "Smith".
            let mut start = a;
            let mut gender = None;
            while start + 1 < b && (gaz.is_title(&tokens[start].form) || tokens[start].form == ".")
            {
                if let Some(g) = title_gender(&tokens[start].form.to_lowercase()) {
                    gender = Some(g);
                }
                start += 1;
            }
            // "Putin's" is named "Putin".
            let mut end = b;
            while end > start + 1 && matches!(tokens[end - 1].form.as_str(), "'s" | "’s" | "'") {
                end -= 1;
            }
            // An honorific just before the span.
            if gender.is_none() && a > 0 {
                let mut p = a - 1;
                if tokens[p].form == "." && p > 0 {
                    p -= 1;
                }
                gender = title_gender(&tokens[p].form.to_lowercase());
            }
            for c in covered.iter_mut().take(b).skip(a) {
                *c = true;
            }
            let range = start..end;
            here.push(Candidate {
                sentence: si as u32,
                tokens: range.start as u32..range.end as u32,
                head: head_of(tokens, range.clone()) as u32,
                kind: MentionKind::Name,
                entity: Some(m.kind),
                text: text_of(doc, &tokens[range.clone()]),
                span: span_of(tokens, &range),
                gender,
                country: None,
                title: None,
                plural: false,
                noun: None,
            });
        }
        // Countries the recognizer missed or took for a nationality ("the Russian
        // Federation"): multi-word country names from the gazetteer, capitalised.
        let lower: Vec<String> = tokens.iter().map(|t| t.form.to_lowercase()).collect();
        let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
        for g in gaz.find(&lower) {
            // Countries and organisations of several words, and organisation acronyms
            // written in capitals ("WHO", not "who").
            let kind = match g.class {
                GazClass::Country => EntityKind::Location,
                GazClass::Organization => EntityKind::Organization,
                _ => continue,
            };
            let capitalised = if g.end - g.start >= 2 {
                tokens[g.start..g.end].iter().all(|t| {
                    t.form.starts_with(char::is_uppercase)
                        || is_function_word(&t.form.to_lowercase())
                })
            } else {
                let f = &tokens[g.start].form;
                kind == EntityKind::Organization
                    && f.chars().filter(char::is_ascii_alphabetic).count() >= 2
                    && f.chars().all(|c| c.is_ascii_uppercase() || c == '.')
            };
            let taken = here
                .iter()
                .any(|m| (m.tokens.start as usize) < g.end && g.start < m.tokens.end as usize);
            if !capitalised || taken {
                continue;
            }
            for c in covered.iter_mut().take(g.end).skip(g.start) {
                *c = true;
            }
            let range = g.start..g.end;
            here.push(Candidate {
                sentence: si as u32,
                tokens: range.start as u32..range.end as u32,
                head: head_of(tokens, range.clone()) as u32,
                kind: MentionKind::Name,
                entity: Some(kind),
                text: text_of(doc, &tokens[range.clone()]),
                span: span_of(tokens, &range),
                gender: None,
                country: None,
                title: None,
                plural: false,
                noun: None,
            });
        }
        for i in 0..n {
            if covered[i] {
                continue;
            }
            let t = &tokens[i];
            let lower = t.form.to_lowercase();
            if pronoun_class(&lower).is_some() && matches!(t.upos, Upos::Pron | Upos::Det | Upos::X)
            {
                if lower == "it" && pleonastic_it(tokens, i) {
                    continue;
                }
                here.push(Candidate {
                    sentence: si as u32,
                    tokens: i as u32..i as u32 + 1,
                    head: i as u32,
                    kind: MentionKind::Pronoun,
                    entity: None,
                    text: t.form.clone(),
                    span: t.span,
                    gender: None,
                    country: None,
                    title: None,
                    plural: false,
                    noun: None,
                });
                continue;
            }
            if t.upos == Upos::Det {
                if let Some((range, title, country)) = description_at(tokens, i, gaz) {
                    if range.clone().any(|k| covered[k]) {
                        continue;
                    }
                    let gender = title.split([' ', '-']).find_map(title_gender);
                    here.push(Candidate {
                        sentence: si as u32,
                        tokens: range.start as u32..range.end as u32,
                        head: (range.end - 1) as u32,
                        kind: MentionKind::Description,
                        entity: None,
                        text: text_of(doc, &tokens[range.clone()]),
                        span: span_of(tokens, &range),
                        gender,
                        country,
                        title: Some(title),
                        plural: false,
                        noun: None,
                    });
                } else if let Some((range, kind, lemma, plural)) =
                    nominal_at(tokens, i).filter(|_| nominals)
                {
                    if range.clone().any(|k| covered[k]) {
                        continue;
                    }
                    here.push(Candidate {
                        sentence: si as u32,
                        tokens: range.start as u32..range.end as u32,
                        head: (range.end - 1) as u32,
                        kind: MentionKind::Description,
                        entity: Some(kind),
                        text: text_of(doc, &tokens[range.clone()]),
                        span: span_of(tokens, &range),
                        gender: lemma.split('-').find_map(title_gender),
                        country: None,
                        title: None,
                        plural,
                        noun: Some(lemma),
                    });
                }
            }
        }
        here.sort_by_key(|m| (m.tokens.start, m.tokens.end));
        out.extend(here);
    }
    out
}

/// Adds the names of people that the recognizer missed somewhere but found elsewhere
/// in the document: a run of capitalised proper nouns, outside every mention, that
/// equals a recognised person's name or the end of one ("Smith" after "Anna Smith").
pub(super) fn recover_names(doc: &Document, mentions: &mut Vec<Candidate>) {
    let mut known = rustc_hash::FxHashSet::default();
    for m in mentions.iter() {
        if m.kind != MentionKind::Name || m.entity != Some(EntityKind::Person) {
            continue;
        }
        let words: Vec<&str> = m.text.split_whitespace().collect();
        for k in 0..words.len() {
            known.insert(words[k..].join(" "));
        }
    }
    if known.is_empty() {
        return;
    }
    let mut added = Vec::new();
    let mut next = 0;
    for (si, s) in doc.sentences.iter().enumerate() {
        let tokens = doc.sentence_tokens(s);
        let mut covered = vec![false; tokens.len()];
        while next < mentions.len() && (mentions[next].sentence as usize) < si {
            next += 1;
        }
        let mut k = next;
        while k < mentions.len() && mentions[k].sentence as usize == si {
            for t in mentions[k].tokens.clone() {
                if let Some(c) = covered.get_mut(t as usize) {
                    *c = true;
                }
            }
            k += 1;
        }
        // Also what the recognizer found (values, nationalities, honorifics).
        for e in &s.entities {
            for t in e.tokens.clone() {
                if let Some(c) = covered.get_mut(t as usize) {
                    *c = true;
                }
            }
        }
        let mut i = 0;
        while i < tokens.len() {
            let name_like =
                |t: &Token| t.upos == Upos::Propn && t.form.starts_with(char::is_uppercase);
            if covered[i] || !name_like(&tokens[i]) {
                i += 1;
                continue;
            }
            let mut j = i;
            while j < tokens.len() && !covered[j] && name_like(&tokens[j]) && j - i < 4 {
                j += 1;
            }
            let range = i..j;
            let text = text_of(doc, &tokens[range.clone()]);
            if known.contains(&text) {
                added.push(Candidate {
                    sentence: si as u32,
                    tokens: i as u32..j as u32,
                    head: head_of(tokens, range.clone()) as u32,
                    kind: MentionKind::Name,
                    entity: Some(EntityKind::Person),
                    text,
                    span: span_of(tokens, &range),
                    gender: None,
                    country: None,
                    title: None,
                    plural: false,
                    noun: None,
                });
            }
            i = j;
        }
    }
    if !added.is_empty() {
        mentions.extend(added);
        mentions.sort_by_key(|m| (m.sentence, m.tokens.start, m.tokens.end));
    }
}
