//! Within-document coreference: which mentions of a document name the same entity.
//!
//! [`resolve`] finds three kinds of mention in an analysed [`Document`] — proper
//! names from the entity recognizer, third-person pronouns (he/him/his, she/her/hers,
//! it/its, they/them/their) and definite descriptions headed by a title noun ("the
//! French president-elect", "the Russian leader") — and clusters them with a sieve of
//! passes, most precise first (in the spirit of the Stanford multi-pass sieve):
//!
//! 1. exact match of normalised names (case, dots, a leading "the", a possessive);
//! 2. countries under any of their names ("the Russian Federation" = "Russia"), through
//!    the project's gazetteer;
//! 3. acronyms of multi-word names ("EU" = "European Union");
//! 4. organisation names without their legal suffix ("Acme" = "Acme Corporation");
//! 5. person-name containment ("Smith", "Mr Smith", "Anna Smith" = "Anna Maria Smith"), the most recent
//!    compatible full name winning; two different full names ("Anna Smith", "John
//!    Smith") never merge, nor do names of clashing gender;
//! 6. definite descriptions → the nearest preceding person the text has given a
//!    matching nationality or office ("Brazilian President A … the Brazilian
//!    leader"): a nationality or an office that the person is known not to have
//!    excludes it, and a person of whom nothing fits is taken only by a description
//!    that names a nationality ("the French president-elect"), never by a bare
//!    office ("the President" is not whoever was named last);
//!
//!    6b. (with [`CorefOptions::nominal_descriptions`]) descriptions headed by a
//!    common noun of a person, organisation or place ("the actor", "the firm",
//!    "the capital") → the nearest preceding name of that type within three
//!    sentences, if the noun fits it (a general word for a company any
//!    organisation, "the city" a known city, "the river" only a name with
//!    "River"); singular only, never the subject of its own verb, and never past
//!    a nearer name of the type: else it stays out (and is no mention);
//! 7. pronouns → by gender and number agreement (gender from the first-name list,
//!    honorifics and gendered titles), preferring subjects, then recency; a nearer
//!    common noun that agrees ("the plan … it") blocks the link, and a pronoun never
//!    binds to a value or to the subject of its own verb ("she praised her");
//! 8. a pronoun still unresolved continues the nearest pronoun of its class in its
//!    sentence or the one before ("they … their"), which may make a cluster of
//!    pronouns alone (no canonical name; it names no graph entity).
//!
//! Every name ends in a cluster (maybe alone); a pronoun or description that finds no
//! antecedent stays unclustered. Each cluster has a type and a canonical name: its
//! most complete proper name, or the gazetteer's name of a country.
//!
//! Cost is linear in the document: names are matched through hash maps, and
//! pronouns and descriptions look back over a capped window of sentences and
//! candidates.

mod mentions;

use crate::document::{
    ByteSpan, Cluster, CorefMention, Coreference, Document, EntityKind, MentionKind, Token,
};
use crate::lexicon::closed_class::{pronoun_class, PronounClass};
use crate::lexicon::gazetteer::{GazClass, Gazetteer, Gender};
use crate::lexicon::{
    is_coref_minor_word as is_function_word, is_legal_suffix as is_org_suffix, title_gender,
    SURNAME_PARTICLES,
};
use crate::nlp::titles::person_titles;
use rustc_hash::{FxHashMap as HashMap, FxHashSet};
use std::ops::Range;

/// A mention as the sieve sees it: the layer's [`CorefMention`] and what the passes
/// compare (gender, country, title, number, head noun).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Candidate {
    sentence: u32,
    tokens: Range<u32>,
    head: u32,
    kind: MentionKind,
    entity: Option<EntityKind>,
    text: String,
    span: ByteSpan,
    gender: Option<Gender>,
    country: Option<String>,
    title: Option<String>,
    /// A plural head noun ("the companies").
    plural: bool,
    /// The head noun's lemma of a description without a title ("company").
    noun: Option<String>,
}

impl Candidate {
    /// The mention as the document's coreference layer keeps it.
    fn into_mention(self) -> CorefMention {
        CorefMention {
            sentence: self.sentence,
            tokens: self.tokens,
            head: self.head,
            kind: self.kind,
            entity: self.entity,
            text: self.text,
            span: self.span,
        }
    }
}

/// Per-cluster facts gathered while merging, kept at the union-find root.
#[derive(Debug, Clone, Default)]
struct Attrs {
    gender: Option<Gender>,
    countries: Vec<String>,
    titles: Vec<String>,
    /// Multi-word person names (lower case), to refuse merging two different people.
    full_names: Vec<String>,
    /// Last mention merged in so far, for recency.
    last: usize,
}

struct Sieve<'a> {
    doc: &'a Document,
    mentions: Vec<Candidate>,
    parent: Vec<usize>,
    attrs: Vec<Attrs>,
    /// Mention is linked to a name (names always are).
    linked: Vec<bool>,
    /// Range of mentions of each sentence.
    by_sentence: Vec<Range<usize>>,
}

/// How far back pronouns and descriptions look, in sentences and in candidates.
const PRONOUN_SENTENCES: usize = 3;
const DESCRIPTION_SENTENCES: usize = 5;
/// How far back a description without a title looks for a name, in sentences.
const NOMINAL_SENTENCES: usize = 3;
const MAX_CANDIDATES: usize = 64;
/// How far back an unresolved pronoun looks for a pronoun of its class, in sentences.
const CHAIN_SENTENCES: usize = 1;
/// Tokens of one sentence read when looking for blocking nouns.
const TOKEN_WINDOW: usize = 150;

fn norm_key(text: &str) -> String {
    let mut s = text.replace(['’'], "'").replace('.', "").to_lowercase();
    for p in ["the "] {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.to_owned();
        }
    }
    if let Some(rest) = s.strip_suffix(" 's").or_else(|| s.strip_suffix("'s")) {
        s = rest.to_owned();
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn gender_clash(a: Option<Gender>, b: Option<Gender>) -> bool {
    matches!(
        (a, b),
        (Some(Gender::Male), Some(Gender::Female)) | (Some(Gender::Female), Some(Gender::Male))
    )
}

fn definite(g: Option<Gender>) -> Option<Gender> {
    g.filter(|g| *g != Gender::Unisex)
}

/// Two multi-word person names can be one person when equal, when one ends the
/// other, or when they share first and last word and the shorter one's words come
/// in order in the longer ("Anna Smith" in "Anna Maria Smith").
fn names_compatible(a: &str, b: &str) -> bool {
    if a == b || a.ends_with(&format!(" {b}")) || b.ends_with(&format!(" {a}")) {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if wa.len() <= wb.len() {
        (wa, wb)
    } else {
        (wb, wa)
    };
    let mut rest = long.iter();
    short.len() >= 2
        && short.first() == long.first()
        && short.last() == long.last()
        && short.iter().all(|w| rest.any(|x| x == w))
}

/// A name shaped like a person's with a surname particle inside it: "Jean de la
/// Fontaine", "Ursula von der Leyen" (a first word, then "de", "von", "le" … and a
/// capitalised word), whose last word is not typical of places or organisations.
fn surname_particle(words: &[&str], gaz: &Gazetteer) -> bool {
    words.len() >= 3
        && words.len() <= 5
        && words.last().is_some_and(|w| gaz.name_word(w).is_none())
        && (1..words.len() - 1).any(|k| {
            SURNAME_PARTICLES.contains(&words[k].to_lowercase().as_str())
                && words[k + 1].starts_with(char::is_uppercase)
        })
}

/// Titles that say nothing about which office a person holds.
fn generic_title(core: &str) -> bool {
    matches!(
        core,
        "leader" | "candidate" | "chief" | "head" | "official" | "officer" | "founder" | "chair"
    )
}

/// Whether a description headed by `noun` (of entity type `kind`) can be the
/// name `name`: a general word for a company or a settlement ("the firm", "the
/// city") any name of the type; "the country" a country and "the city" a place
/// the gazetteer knows that is not one (`place`: the name is a country, a place);
/// a more particular word ("the university", "the river") only a name that has it
/// ("Solvik University"); a person noun any person.
fn nominal_fits(kind: EntityKind, noun: &str, name: &str, place: (bool, bool)) -> bool {
    let (is_country, is_place) = place;
    let in_name = || {
        name.split_whitespace()
            .any(|w| w.eq_ignore_ascii_case(noun) || w.to_lowercase().trim_end_matches('s') == noun)
    };
    match kind {
        EntityKind::Person => true,
        EntityKind::Organization => {
            matches!(
                noun,
                "company"
                    | "firm"
                    | "corporation"
                    | "business"
                    | "conglomerate"
                    | "giant"
                    | "maker"
                    | "manufacturer"
                    | "retailer"
                    | "carrier"
                    | "airline"
                    | "insurer"
                    | "lender"
                    | "startup"
                    | "start-up"
                    | "brand"
                    | "label"
                    | "band"
                    | "organisation"
                    | "organization"
                    | "group"
                    | "publisher"
                    | "broadcaster"
                    | "charity"
                    | "automaker"
                    | "carmaker"
                    | "supermarket"
                    | "chain"
            ) || in_name()
        }
        EntityKind::Location => match noun {
            "country" | "nation" | "kingdom" | "republic" => is_country,
            "city" | "town" | "capital" | "village" | "metropolis" | "municipality" => {
                !is_country && (is_place || in_name())
            }
            _ => in_name(),
        },
        _ => false,
    }
}

fn title_core(t: &str) -> &str {
    t.strip_suffix("-elect").unwrap_or(t)
}

impl<'a> Sieve<'a> {
    fn new(doc: &'a Document, options: CorefOptions) -> Self {
        let mut mentions = mentions::detect(doc, options.nominal_descriptions);
        mentions::recover_names(doc, &mut mentions);
        let n = mentions.len();
        let by_sentence = (0..doc.sentences.len() as u32)
            .map(|s| {
                mentions.partition_point(|m| m.sentence < s)
                    ..mentions.partition_point(|m| m.sentence <= s)
            })
            .collect();
        let attrs = (0..n).map(|i| Attrs {
            last: i,
            ..Attrs::default()
        });
        Self {
            doc,
            parent: (0..n).collect(),
            attrs: attrs.collect(),
            linked: mentions
                .iter()
                .map(|m| m.kind == MentionKind::Name)
                .collect(),
            mentions,
            by_sentence,
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// True when the clusters of `a` and `b` may be one entity.
    fn compatible(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return true;
        }
        let (x, y) = (&self.attrs[ra], &self.attrs[rb]);
        if gender_clash(x.gender, y.gender) {
            return false;
        }
        x.full_names
            .iter()
            .all(|p| y.full_names.iter().all(|q| names_compatible(p, q)))
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return;
        }
        let (keep, gone) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[gone] = keep;
        let g = std::mem::take(&mut self.attrs[gone]);
        let k = &mut self.attrs[keep];
        k.gender = k.gender.or(g.gender);
        k.last = k.last.max(g.last);
        for c in g.countries {
            if !k.countries.contains(&c) && k.countries.len() < 8 {
                k.countries.push(c);
            }
        }
        for t in g.titles {
            if !k.titles.contains(&t) && k.titles.len() < 8 {
                k.titles.push(t);
            }
        }
        for f in g.full_names {
            if !k.full_names.contains(&f) && k.full_names.len() < 8 {
                k.full_names.push(f);
            }
        }
    }

    fn tokens(&self, sentence: u32) -> &'a [Token] {
        let doc: &'a Document = self.doc;
        doc.sentences
            .get(sentence as usize)
            .map_or(&[], |s| doc.sentence_tokens(s))
    }

    fn is_person_name(&self, i: usize) -> bool {
        self.mentions[i].kind == MentionKind::Name
            && self.mentions[i].entity == Some(EntityKind::Person)
    }

    /// Fixes the recognizer's type of names that are people by their form: a
    /// multi-word name starting with a known first name ("Marine Le Pen" taken for a
    /// place), and a name that ends such a person's name ("Le Pen"). Names the
    /// gazetteer knows as places or organisations keep their type.
    fn retype_people(&mut self) {
        let gaz = Gazetteer::embedded();
        let known = |text: &str| {
            let lower: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
            let lower: Vec<&str> = lower.iter().map(String::as_str).collect();
            gaz.classes_of(&lower) != 0 || gaz.country(text).is_some()
        };
        let mut suffixes: FxHashSet<String> = FxHashSet::default();
        for m in &mut self.mentions {
            if m.kind != MentionKind::Name {
                continue;
            }
            let words: Vec<&str> = m.text.split_whitespace().collect();
            let looks_personal = words.len() >= 2
                && words.len() <= 4
                && words.iter().all(|w| w.starts_with(char::is_uppercase))
                && (definite(gaz.first_name_gender(words[0])).is_some()
                    || surname_particle(&words, gaz));
            if m.entity != Some(EntityKind::Person) && looks_personal && !known(&m.text) {
                m.entity = Some(EntityKind::Person);
            }
            if m.entity == Some(EntityKind::Person) && words.len() >= 2 {
                let key = norm_key(&m.text);
                let w: Vec<&str> = key.split(' ').collect();
                for k in 1..w.len() {
                    suffixes.insert(w[k..].join(" "));
                }
            }
        }
        for m in &mut self.mentions {
            if m.kind == MentionKind::Name
                && m.entity != Some(EntityKind::Person)
                && suffixes.contains(&norm_key(&m.text))
                && !known(&m.text)
            {
                m.entity = Some(EntityKind::Person);
            }
        }
    }

    /// Gender, titles and nationalities of person names, from the name itself and
    /// the words around it.
    fn seed_person_attributes(&mut self) {
        let gaz = Gazetteer::embedded();
        for i in 0..self.mentions.len() {
            if !self.is_person_name(i) {
                continue;
            }
            let m = &self.mentions[i];
            let words: Vec<&str> = m.text.split_whitespace().collect();
            let mut gender = m.gender;
            if gender.is_none() && words.len() >= 2 {
                gender = definite(gaz.first_name_gender(words[0]));
            }
            let full = (words.len() >= 2).then(|| norm_key(&m.text));
            let a = &mut self.attrs[i];
            a.gender = gender;
            a.full_names.extend(full);
        }
        let mut seen = None;
        for i in 0..self.mentions.len() {
            let s = self.mentions[i].sentence;
            if !self.is_person_name(i) || seen == Some(s) {
                continue;
            }
            seen = Some(s);
            let entities = &self.doc.sentences[s as usize].entities;
            for pt in person_titles(self.doc, s as usize) {
                let Some(e) = entities.get(pt.mention) else {
                    continue;
                };
                let range = self.by_sentence[s as usize].clone();
                let here = &self.mentions[range.clone()];
                let k = range.start + here.partition_point(|m| m.tokens.end <= e.tokens.start);
                let Some(mi) = (k..range.end).take(4).find(|&k| {
                    let t = &self.mentions[k].tokens;
                    self.mentions[k].kind == MentionKind::Name
                        && t.start < e.tokens.end
                        && e.tokens.start < t.end
                }) else {
                    continue;
                };
                let a = &mut self.attrs[mi];
                for t in &pt.titles {
                    if let Some(n) = &t.normalized {
                        a.titles.push(n.clone());
                        for w in n.split([' ', '-']) {
                            if let Some(g) = title_gender(w) {
                                a.gender = a.gender.or(Some(g));
                            }
                        }
                    }
                }
                for c in &pt.countries {
                    a.countries.extend(c.normalized.clone());
                }
            }
        }
    }

    /// Passes 1–4: names of organisations and places, and exact names of people.
    fn match_names(&mut self) {
        let gaz = Gazetteer::embedded();
        let n = self.mentions.len();
        let mut exact: HashMap<(bool, String), usize> = HashMap::default();
        let mut countries: HashMap<String, usize> = HashMap::default();
        let mut initials: HashMap<String, Option<usize>> = HashMap::default();
        let mut bare_org: HashMap<String, Option<usize>> = HashMap::default();
        for i in 0..n {
            let m = &self.mentions[i];
            if m.kind != MentionKind::Name || m.entity == Some(EntityKind::Person) {
                continue;
            }
            let words: Vec<&str> = m.text.split_whitespace().collect();
            let content: Vec<&&str> = words
                .iter()
                .filter(|w| !is_function_word(&w.to_lowercase()))
                .collect();
            if content.len() >= 2 && content.iter().all(|w| w.starts_with(char::is_uppercase)) {
                let acr: String = content.iter().filter_map(|w| w.chars().next()).collect();
                initials
                    .entry(acr)
                    .and_modify(|e| {
                        if e.is_some_and(|c| norm_key(&self.mentions[c].text) != norm_key(&m.text))
                        {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i));
            }
            let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
            let mut k = lower.len();
            while k > 1 && is_org_suffix(&lower[k - 1]) {
                k -= 1;
            }
            // An organisation is also named by its first word ("Kestrel" for "Kestrel
            // Airlines") unless that word is a known name of something else.
            if k == lower.len()
                && lower.len() >= 2
                && m.entity == Some(EntityKind::Organization)
                && !is_function_word(&lower[0])
                && gaz.classes_of(&[lower[0].as_str()]) == 0
                && gaz.demonym_country(&lower[0]).is_none()
            {
                k = 1;
            }
            if k < lower.len() {
                let key = norm_key(&lower[..k].join(" "));
                bare_org
                    .entry(key)
                    .and_modify(|e| {
                        if e.is_some_and(|c| norm_key(&self.mentions[c].text) != norm_key(&m.text))
                        {
                            *e = None;
                        }
                    })
                    .or_insert(Some(i));
            }
        }
        for i in 0..n {
            if self.mentions[i].kind != MentionKind::Name {
                continue;
            }
            let person = self.is_person_name(i);
            let text = self.mentions[i].text.clone();
            let key = norm_key(&text);
            if !person {
                if let Some(c) = gaz.country(&key) {
                    let c = c.to_owned();
                    self.attrs[i].countries.push(c.clone());
                    match countries.get(&c) {
                        Some(&j) => self.union(j, i),
                        None => {
                            countries.insert(c, i);
                        }
                    }
                }
                let compact: String = text.chars().filter(|c| *c != '.').collect();
                if (2..=6).contains(&compact.chars().count())
                    && compact.chars().all(|c| c.is_ascii_uppercase())
                {
                    if let Some(Some(j)) = initials.get(&compact) {
                        let j = *j;
                        self.union(j, i);
                    }
                }
                if let Some(Some(j)) = bare_org.get(&key) {
                    let j = *j;
                    self.union(j, i);
                }
                match exact.get(&(false, key.clone())) {
                    Some(&j) => self.union(j, i),
                    None => {
                        exact.insert((false, key), i);
                    }
                }
            }
        }
    }

    /// Pass 5: people, by full name and by part of a name.
    fn match_people(&mut self) {
        let gaz = Gazetteer::embedded();
        let n = self.mentions.len();
        // Every strict suffix of a multi-word name, and its first name, → the mentions
        // with that name (capped: the most recent compatible one wins anyway).
        let mut parts: HashMap<String, Vec<usize>> = HashMap::default();
        for i in 0..n {
            if !self.is_person_name(i) {
                continue;
            }
            let words: Vec<String> = norm_key(&self.mentions[i].text)
                .split(' ')
                .map(str::to_owned)
                .collect();
            if words.len() < 2 {
                continue;
            }
            let mut keys: Vec<String> = (1..words.len()).map(|k| words[k..].join(" ")).collect();
            if gaz.first_name_gender(&words[0]).is_some() {
                keys.push(words[0].clone());
            }
            // First and last word: "Anna Smith" for "Anna Maria Smith".
            if words.len() >= 3 {
                keys.push(format!("{} {}", words[0], words[words.len() - 1]));
            }
            for k in keys {
                let v = parts.entry(k).or_default();
                if v.len() < 16 {
                    v.push(i);
                }
            }
        }
        let mut exact: HashMap<String, Vec<usize>> = HashMap::default();
        for i in 0..n {
            if !self.is_person_name(i) {
                continue;
            }
            let key = norm_key(&self.mentions[i].text);
            if let Some(cands) = parts.get(&key) {
                // The most recent full name before the mention, else the first after it.
                let mut best: Option<(bool, usize, usize)> = None;
                for &c in cands {
                    if !self.compatible(c, i) {
                        continue;
                    }
                    let rc = self.find(c);
                    let last = self.attrs[rc].last;
                    let before = c < i;
                    let score = if before { last.min(i) } else { n - c };
                    if best.is_none_or(|(b, s, _)| (before, score) > (b, s)) {
                        best = Some((before, score, c));
                    }
                }
                if let Some((_, _, c)) = best {
                    self.union(c, i);
                    let r = self.find(i);
                    self.attrs[r].last = self.attrs[r].last.max(i);
                    continue;
                }
            }
            // The most recent compatible bearer of the same name ("Mrs Brown" is not
            // "Mr Brown").
            let same = exact.get(&key).cloned().unwrap_or_default();
            let found = same.iter().rev().copied().find(|&j| self.compatible(j, i));
            match found {
                Some(j) => {
                    self.union(j, i);
                    let r = self.find(i);
                    self.attrs[r].last = self.attrs[r].last.max(i);
                }
                None => {
                    let v = exact.entry(key).or_default();
                    if v.len() < 16 {
                        v.push(i);
                    }
                }
            }
        }
    }

    /// The governor of a mention's head (0-based), if any.
    fn governor(&self, i: usize) -> Option<u32> {
        let m = &self.mentions[i];
        let t = self.tokens(m.sentence).get(m.head as usize)?;
        t.head_word().map(|h| h.get() as u32)
    }

    fn deprel(&self, i: usize) -> &'a str {
        let m = &self.mentions[i];
        self.tokens(m.sentence)
            .get(m.head as usize)
            .map_or("", |t| t.deprel.as_str())
    }

    fn is_subject(&self, i: usize) -> bool {
        self.deprel(i).starts_with("nsubj")
    }

    /// `cand` is the subject of the verb that governs `i` (not through a copula):
    /// "Anna praised her" — "her" cannot be Anna.
    fn co_argument(&self, cand: usize, i: usize) -> bool {
        let (a, b) = (&self.mentions[cand], &self.mentions[i]);
        a.sentence == b.sentence
            && self.is_subject(cand)
            && self.governor(cand).is_some()
            && self.governor(cand) == self.governor(i)
            && !self.deprel(i).starts_with("nsubj")
            && !self.deprel(i).contains("poss")
    }

    /// Pass 6: descriptions with a title noun.
    fn resolve_descriptions(&mut self) {
        for i in 0..self.mentions.len() {
            if self.mentions[i].kind != MentionKind::Description || self.mentions[i].title.is_none()
            {
                continue;
            }
            let s = self.mentions[i].sentence as usize;
            let (country, title) = (
                self.mentions[i].country.clone(),
                self.mentions[i].title.clone().unwrap_or_default(),
            );
            let core = title_core(&title).to_owned();
            let gender = self.mentions[i].gender;
            let first = self.by_sentence[s.saturating_sub(DESCRIPTION_SENTENCES)].start;
            let mut best: Option<(u8, usize)> = None;
            for c in (first..i).rev().take(MAX_CANDIDATES) {
                let overlaps = self.mentions[c].sentence as usize == s
                    && self.mentions[c].tokens.end > self.mentions[i].tokens.start;
                if !self.is_person_name(c) || overlaps {
                    continue;
                }
                if self.co_argument(c, i) {
                    continue;
                }
                let r = self.find(c);
                let a = &self.attrs[r];
                if gender_clash(a.gender, gender) {
                    continue;
                }
                let mut score = 0;
                if let Some(k) = &country {
                    if !a.countries.is_empty() && !a.countries.contains(k) {
                        continue;
                    }
                    if a.countries.contains(k) {
                        score += 2;
                    }
                }
                let cores: Vec<&str> = a.titles.iter().map(|t| title_core(t)).collect();
                if cores.contains(&core.as_str()) {
                    score += 1;
                } else if !cores.is_empty() && !generic_title(&core) {
                    continue;
                }
                if score == 0 && country.is_none() {
                    // Nothing the text said of this person fits the description, and
                    // the description names no country to rule others out: "the
                    // President" is not whoever was named last.
                    continue;
                }
                if best.is_none_or(|(b, _)| score > b) {
                    best = Some((score, c));
                }
            }
            if let Some((_, c)) = best {
                self.union(c, i);
                self.linked[i] = true;
                let r = self.find(i);
                let a = &mut self.attrs[r];
                if let Some(k) = country {
                    if !a.countries.contains(&k) {
                        a.countries.push(k);
                    }
                }
                if !a.titles.contains(&title) {
                    a.titles.push(title);
                }
                a.gender = a.gender.or(gender);
            }
        }
    }

    /// Pass 6b: descriptions without a title ("the firm", "the actor", "the
    /// capital") → the nearest preceding name of their type within a few
    /// sentences, if it fits (see [`nominal_fits`]); a plural description takes
    /// no name. The nearest name of the type decides: a description whose nearest
    /// one does not fit stays unresolved rather than reach past it.
    fn resolve_nominals(&mut self) {
        let gaz = Gazetteer::embedded();
        for i in 0..self.mentions.len() {
            let m = &self.mentions[i];
            let (Some(noun), Some(kind)) = (m.noun.clone(), m.entity) else {
                continue;
            };
            if m.plural {
                continue;
            }
            let s = m.sentence as usize;
            let gender = m.gender;
            let first = self.by_sentence[s.saturating_sub(NOMINAL_SENTENCES)].start;
            let mut found = None;
            for c in (first..i).rev().take(MAX_CANDIDATES) {
                let cm = &self.mentions[c];
                if cm.kind != MentionKind::Name || cm.entity != Some(kind) {
                    continue;
                }
                let overlaps =
                    cm.sentence as usize == s && cm.tokens.end > self.mentions[i].tokens.start;
                if overlaps || self.co_argument(c, i) {
                    continue;
                }
                let head_plural = self
                    .tokens(cm.sentence)
                    .get(cm.head as usize)
                    .is_some_and(|t| t.xpos == "NNPS");
                let key = norm_key(&cm.text);
                let is_country = gaz.country(&key).is_some();
                let lower: Vec<&str> = key.split(' ').collect();
                let is_place = gaz.classes_of(&lower) & (1 << (GazClass::Place as u8)) != 0;
                let fits = nominal_fits(kind, &noun, &cm.text, (is_country, is_place));
                let r = self.find(c);
                if kind == EntityKind::Person && gender_clash(self.attrs[r].gender, gender) {
                    continue;
                }
                if kind != EntityKind::Organization && head_plural {
                    break;
                }
                if fits {
                    found = Some(c);
                }
                break;
            }
            if let Some(c) = found {
                self.union(c, i);
                self.linked[i] = true;
                let r = self.find(i);
                self.attrs[r].gender = self.attrs[r].gender.or(gender);
            }
        }
    }

    /// The entity kind of a cluster: that of its first name mention.
    fn cluster_kind(&mut self, i: usize) -> Option<EntityKind> {
        let r = self.find(i);
        if self.mentions[r].kind == MentionKind::Name {
            return self.mentions[r].entity;
        }
        None
    }

    /// Pass 7: pronouns.
    fn resolve_pronouns(&mut self) {
        let mut in_name = vec![false; self.doc.tokens.len()];
        for (i, m) in self.mentions.iter().enumerate() {
            // An unresolved "the company" still blocks, as any common noun does.
            if m.noun.is_some() && !self.linked[i] {
                continue;
            }
            let base = self.doc.sentences[m.sentence as usize].first_token as usize;
            for t in m.tokens.clone() {
                if let Some(x) = in_name.get_mut(base + t as usize) {
                    *x = true;
                }
            }
        }
        for i in 0..self.mentions.len() {
            if self.mentions[i].kind != MentionKind::Pronoun {
                continue;
            }
            let Some((class, reflexive)) = pronoun_class(&self.mentions[i].text.to_lowercase())
            else {
                continue;
            };
            let s = self.mentions[i].sentence as usize;
            let at = self.mentions[i].tokens.start;
            let back = match class {
                PronounClass::Male | PronounClass::Female => PRONOUN_SENTENCES,
                _ => PRONOUN_SENTENCES - 1,
            };
            let mut found = None;
            'sentences: for d in 0..=back.min(s) {
                let sj = s - d;
                // Items of the sentence: candidate mentions and blocking nouns, ranked.
                let mut items: Vec<(u8, u32, Option<usize>)> = Vec::new();
                let range = self.by_sentence[sj].clone();
                let window: Vec<usize> = if d == 0 {
                    (range.start..i).rev().take(MAX_CANDIDATES).collect()
                } else {
                    range.take(MAX_CANDIDATES).collect()
                };
                for c in window {
                    let m = &self.mentions[c];
                    if d == 0 && m.tokens.end > at {
                        continue;
                    }
                    if !self.linked[c] {
                        continue;
                    }
                    let role = u8::from(!self.is_subject(c));
                    items.push((role, m.tokens.start, Some(c)));
                }
                if matches!(class, PronounClass::Neuter | PronounClass::Plural) {
                    let sent = &self.doc.sentences[sj];
                    let tokens = self.doc.sentence_tokens(sent);
                    let end = if d == 0 { at as usize } else { tokens.len() };
                    let start = if d == 0 {
                        end.saturating_sub(TOKEN_WINDOW)
                    } else {
                        0
                    };
                    for (k, t) in tokens
                        .iter()
                        .enumerate()
                        .take(end.min(start + TOKEN_WINDOW))
                        .skip(start)
                    {
                        let plural = t.xpos == "NNS";
                        let noun = t.upos == crate::document::Upos::Noun
                            && (plural == (class == PronounClass::Plural));
                        let role_ok = matches!(t.deprel.as_str(), "nsubj" | "nsubj:pass" | "obj");
                        if noun && role_ok && !in_name[sent.first_token as usize + k] {
                            let role = u8::from(!t.deprel.starts_with("nsubj"));
                            items.push((role, k as u32, None));
                        }
                    }
                }
                if d == 0 {
                    // Subjects first, then the nearest.
                    items.sort_by_key(|&(role, pos, _)| (role, std::cmp::Reverse(pos)));
                } else {
                    items.sort_by_key(|&(role, pos, _)| (role, pos));
                }
                // Clusters of the pronoun's co-arguments: "she would recommend her" — the
                // "her" is not whoever "she" is.
                let mut excluded = Vec::new();
                if !reflexive && d == 0 {
                    for &(_, _, item) in &items {
                        if let Some(c) = item {
                            if self.co_argument(c, i) {
                                excluded.push(self.find(c));
                            }
                        }
                    }
                }
                for (_, _, item) in items.into_iter().take(MAX_CANDIDATES) {
                    let Some(c) = item else {
                        // A common noun that agrees comes first: the pronoun is about it.
                        break 'sentences;
                    };
                    if excluded.contains(&self.find(c)) {
                        continue;
                    }
                    let kind = self.cluster_kind(c);
                    let r = self.find(c);
                    let gender = self.attrs[r].gender;
                    let ok = match class {
                        PronounClass::Male => {
                            kind == Some(EntityKind::Person)
                                && !gender_clash(gender, Some(Gender::Male))
                        }
                        PronounClass::Female => {
                            kind == Some(EntityKind::Person)
                                && !gender_clash(gender, Some(Gender::Female))
                        }
                        PronounClass::Neuter => {
                            matches!(kind, Some(EntityKind::Organization | EntityKind::Location))
                        }
                        PronounClass::Plural => kind == Some(EntityKind::Organization),
                    };
                    if ok {
                        found = Some(c);
                        break 'sentences;
                    }
                }
            }
            if let Some(c) = found {
                self.union(c, i);
                self.linked[i] = true;
                let r = self.find(i);
                let g = match class {
                    PronounClass::Male => Some(Gender::Male),
                    PronounClass::Female => Some(Gender::Female),
                    _ => None,
                };
                self.attrs[r].gender = self.attrs[r].gender.or(g);
            }
        }
    }

    /// Pass 8: a pronoun left unresolved continues the nearest pronoun of its class
    /// in its sentence or the one before ("they … they", a speaker's "she … her"
    /// whose antecedent is never named), unless that pronoun is its co-argument.
    fn chain_pronouns(&mut self) {
        for i in 0..self.mentions.len() {
            if self.mentions[i].kind != MentionKind::Pronoun || self.linked[i] {
                continue;
            }
            let Some((class, reflexive)) = pronoun_class(&self.mentions[i].text.to_lowercase())
            else {
                continue;
            };
            let s = self.mentions[i].sentence as usize;
            let first = self.by_sentence[s.saturating_sub(CHAIN_SENTENCES)].start;
            let found = (first..i).rev().take(MAX_CANDIDATES).find(|&c| {
                self.mentions[c].kind == MentionKind::Pronoun
                    && pronoun_class(&self.mentions[c].text.to_lowercase())
                        .is_some_and(|(k, _)| k == class)
                    && (reflexive || !self.co_argument(c, i))
            });
            if let Some(c) = found {
                self.union(c, i);
                self.linked[c] = true;
                self.linked[i] = true;
                if matches!(class, PronounClass::Male | PronounClass::Female) {
                    let r = self.find(i);
                    let g = if class == PronounClass::Male {
                        Gender::Male
                    } else {
                        Gender::Female
                    };
                    self.attrs[r].gender = self.attrs[r].gender.or(Some(g));
                }
            }
        }
    }

    #[allow(clippy::needless_range_loop)] // `i` indexes three parallel vectors
    fn finish(mut self) -> Coreference {
        let gaz = Gazetteer::embedded();
        // A description without a title that found no name is no mention: it was
        // only a candidate ("the world", "the end").
        if self
            .mentions
            .iter()
            .zip(&self.linked)
            .any(|(m, &l)| m.noun.is_some() && !l)
        {
            let keep: Vec<bool> = self
                .mentions
                .iter()
                .zip(&self.linked)
                .map(|(m, &l)| m.noun.is_none() || l)
                .collect();
            let roots: Vec<usize> = (0..keep.len()).map(|i| self.find(i)).collect();
            let mut new_index = vec![usize::MAX; keep.len()];
            let mut k = 0;
            for (i, &kept) in keep.iter().enumerate() {
                if kept {
                    new_index[i] = k;
                    k += 1;
                }
            }
            // A linked description is never a root alone: its root is its name, kept.
            let mut it = keep.iter();
            self.mentions.retain(|_| *it.next().unwrap_or(&true));
            let mut it = keep.iter();
            self.linked.retain(|_| *it.next().unwrap_or(&true));
            self.parent = roots
                .iter()
                .zip(&keep)
                .filter(|(_, &kept)| kept)
                .map(|(&r, _)| new_index[r])
                .collect();
        }
        let n = self.mentions.len();
        let mut cluster_of = vec![None; n];
        let mut clusters: Vec<Cluster> = Vec::new();
        let mut index: HashMap<usize, u32> = HashMap::default();
        for i in 0..n {
            if !self.linked[i] {
                continue;
            }
            let r = self.find(i);
            let id = *index.entry(r).or_insert_with(|| {
                clusters.push(Cluster {
                    kind: EntityKind::Person,
                    canonical: String::new(),
                    mentions: Vec::new(),
                });
                (clusters.len() - 1) as u32
            });
            clusters[id as usize].mentions.push(i);
            cluster_of[i] = Some(id);
        }
        for c in &mut clusters {
            // The longest name (in words, then characters), the first of equals.
            let best = c
                .mentions
                .iter()
                .copied()
                .filter(|&m| self.mentions[m].kind == MentionKind::Name)
                .max_by_key(|&m| {
                    let t = &self.mentions[m].text;
                    (t.split_whitespace().count(), t.len(), std::cmp::Reverse(m))
                });
            let Some(best) = best else {
                // Pronouns only: a type from their class, no name.
                let neuter = c.mentions.iter().any(|&m| {
                    pronoun_class(&self.mentions[m].text.to_lowercase()).is_some_and(|(k, _)| {
                        matches!(k, PronounClass::Neuter | PronounClass::Plural)
                    })
                });
                if neuter {
                    c.kind = EntityKind::Organization;
                }
                continue;
            };
            let m = &self.mentions[best];
            c.kind = m.entity.unwrap_or(EntityKind::Person);
            let name = m
                .text
                .strip_prefix("the ")
                .or_else(|| m.text.strip_prefix("The "))
                .unwrap_or(&m.text);
            c.canonical = name.to_owned();
            if c.kind != EntityKind::Person {
                if let Some(country) = c
                    .mentions
                    .iter()
                    .find_map(|&k| gaz.country(&norm_key(&self.mentions[k].text)))
                {
                    c.canonical = country.to_owned();
                    c.kind = EntityKind::Location;
                }
            }
        }
        let covers = self
            .mentions
            .iter()
            .map(|m| {
                let s = &self.doc.sentences[m.sentence as usize];
                // A name answers for the whole recognised span ("Mr Smith"), so that an
                // argument headed by the honorific still finds it.
                if m.kind == MentionKind::Name {
                    let k = s
                        .entities
                        .partition_point(|e| e.tokens.end <= m.tokens.start);
                    s.entities
                        .get(k)
                        .filter(|e| {
                            e.tokens.start <= m.tokens.start && m.tokens.end <= e.tokens.end
                        })
                        .map_or(m.tokens.clone(), |e| e.tokens.clone())
                } else {
                    m.tokens.clone()
                }
            })
            .collect();
        let mentions = self
            .mentions
            .into_iter()
            .map(Candidate::into_mention)
            .collect();
        Coreference::new(mentions, cluster_of, clusters, covers)
    }
}

/// Choices of coreference resolution ([`crate::Pipeline::with_coref_options`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CorefOptions {
    /// Also find definite descriptions headed by a common noun of a person,
    /// organisation or place ("the actor", "the firm", "the capital", classes from
    /// [`crate::NounTypes`]) and join each to the nearest preceding name of its type
    /// that fits (pass 6b). Off by default: the project's gold texts do not list
    /// such descriptions as mentions, so the links count against them there.
    pub nominal_descriptions: bool,
}

/// Finds the mentions of `doc` (analysed: tags, lemmas, parse and entities) and
/// clusters them; see the module documentation.
#[must_use]
pub fn resolve(doc: &Document) -> Coreference {
    resolve_with(doc, CorefOptions::default())
}

/// [`resolve`] with [`CorefOptions`].
#[must_use]
pub fn resolve_with(doc: &Document, options: CorefOptions) -> Coreference {
    let mut sieve = Sieve::new(doc, options);
    sieve.retype_people();
    sieve.seed_person_attributes();
    sieve.match_names();
    sieve.match_people();
    sieve.resolve_descriptions();
    sieve.resolve_nominals();
    sieve.resolve_pronouns();
    sieve.chain_pronouns();
    sieve.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_dots_articles_and_possessives() {
        assert_eq!(norm_key("The U.N."), "un");
        assert_eq!(norm_key("Acme’s"), "acme");
        assert_eq!(norm_key("Acme 's"), "acme");
    }

    #[test]
    fn full_names_clash_unless_one_ends_the_other() {
        assert!(names_compatible("anna smith", "smith"));
        assert!(names_compatible("anna smith", "anna smith"));
        assert!(!names_compatible("anna smith", "john smith"));
        assert!(names_compatible("anna smith", "anna maria smith"));
        assert!(!names_compatible("anna smith", "anna maria jones"));
        assert!(!names_compatible("maria smith", "anna maria smith jones"));
    }
}

#[cfg(test)]
mod nominal_tests {
    use super::{resolve_with, CorefOptions, Coreference};
    use crate::{Document, Pipeline};

    fn analysed(text: &str, nominals: bool) -> (Document, Coreference) {
        let pipeline = Pipeline::embedded().expect("embedded models load");
        let mut doc = Document::new("t", text);
        pipeline.analyze(&mut doc);
        let c = resolve_with(
            &doc,
            CorefOptions {
                nominal_descriptions: nominals,
            },
        );
        (doc, c)
    }

    /// The canonical name of the cluster of the mention whose text is `text`.
    fn canonical_of<'c>(c: &'c Coreference, text: &str) -> Option<&'c str> {
        let m = c.mentions().iter().position(|m| m.text == text)?;
        Some(c.clusters()[c.cluster_of(m)?].canonical.as_str())
    }

    #[test]
    fn the_company_joins_the_company_named_before() {
        let text = "Solvik Energy said on Monday that profits rose. \
                    The company will open two plants next year.";
        let (_, c) = analysed(text, true);
        assert_eq!(canonical_of(&c, "The company"), Some("Solvik Energy"));
        // Off by default: no such mention.
        let (_, c) = analysed(text, false);
        assert!(c.mentions().iter().all(|m| m.text != "The company"));
    }

    #[test]
    fn a_title_description_needs_evidence() {
        // Nothing says the person named before is a president: "the president" is
        // someone else, or no one the text named.
        let (_, c) = analysed(
            "Halvard Brekkan arrived in Oslo on Friday. The president said the talks had failed.",
            false,
        );
        assert_eq!(canonical_of(&c, "The president"), None);
        let (_, c) = analysed(
            "President Halvard Brekkan arrived in Oslo on Friday. The president said the talks had failed.",
            false,
        );
        assert_eq!(canonical_of(&c, "The president"), Some("Halvard Brekkan"));
    }

    #[test]
    fn the_actor_joins_the_person_named_before() {
        let (_, c) = analysed(
            "Halvard Brekkan arrived in the city on Friday. \
             The 48-year-old actor said he was tired.",
            true,
        );
        let actor = c
            .mentions()
            .iter()
            .find(|m| m.text.ends_with("actor"))
            .expect("the actor is a mention");
        let i = c.mentions().iter().position(|m| m == actor).unwrap();
        let cl = &c.clusters()[c.cluster_of(i).expect("resolved")];
        assert_eq!(cl.canonical, "Halvard Brekkan");
    }

    #[test]
    fn a_plural_description_does_not_join_one_company() {
        let (_, c) = analysed(
            "Tarnholm Freight Ltd lost money last year. \
             The companies blamed the weather.",
            true,
        );
        assert_eq!(canonical_of(&c, "The companies"), None);
        assert_eq!(
            canonical_of(&c, "Tarnholm Freight Ltd"),
            Some("Tarnholm Freight Ltd")
        );
    }

    #[test]
    fn a_particular_noun_needs_it_in_the_name() {
        // "the university" is not any organisation named before.
        let (_, c) = analysed(
            "Tarnholm Freight signed a deal on Monday. \
             The university said the deal was fair.",
            true,
        );
        assert_eq!(canonical_of(&c, "The university"), None);
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `coref`.
    #[test]
    fn doc_coref() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::coref;
        use crate::Document;
        use crate::Pipeline;

        let pipeline = Pipeline::embedded()?;
        let mut doc = Document::new(
            "d",
            "Anna Smith founded Acme Corporation. She said Acme would grow.",
        );
        pipeline.analyze(&mut doc);
        let c = coref::resolve(&doc);
        let she = c.cluster_at(1, 0).expect("she is resolved");
        assert_eq!(she.canonical, "Anna Smith");
        Ok(())
    }
}
