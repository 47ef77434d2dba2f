//! The cross-document alias pass: one entity for "Vladimir Putin", "Putin" and
//! "President Putin" once graphs built apart are merged.
//!
//! Graphs built separately merge by set union ([`KnowledgeGraph::merge`]), because
//! entity IRIs come from canonical names. But one document may say "Putin" where
//! another says "Vladimir Putin", and the union then has two nodes. [`unify`] finds
//! such names and joins their entities with a union-find
//! ([`petgraph::unionfind::UnionFind`]). Two entities are joined when their types
//! agree (the same known type, or one of them untyped — never two different known
//! types) and, comparing their names with leading titles, honorifics and "the"
//! removed ("Russian President Vladimir Putin" → "Vladimir Putin", "Mr. Putin" →
//! "Putin"):
//!
//! 1. the stripped names are equal;
//! 2. they name the same country in kg's gazetteer ("U.S." and "United States");
//! 3. one name contains the other: for people, the short name is a final part of
//!    the long one ("Putin", "Le Pen" in "Marine Le Pen") or its first and last
//!    word ("John Smith" in "John F. Smith"), unless an honorific or a first
//!    name gives another gender ("Mrs Howard" is not "Michael Howard"), or the
//!    short name ends in an initial ("George W.") or in a word typical of
//!    organisation and place names ("Center"); for organisations and places, the
//!    long name is the short one plus legal or corporate words ("Deutsche Bank"
//!    in "Deutsche Bank AG"; never "Mexico" in "Mexico City", "Iraq" in "Iraq
//!    war"). Places never match by a final part ("Korea" is not "North Korea");
//! 4. one is the acronym of the other ("EU", "European Union") and both are
//!    named in one document (the facts' provenance), or a document's coreference
//!    gave the long name the acronym as an alias: an acronym with no such
//!    evidence stays apart.
//!
//! Rules 3 and 4 are guarded: a short name that fits two longer names that do not
//! fit each other ("Smith" with "John Smith" and "Mary Smith") is joined with
//! neither, and so is an acronym with two expansions. Containment and acronyms
//! also need a known type on one side, and a short name that is itself a name:
//! every word capitalised ("consumer electronics" or "Consumer electronics"
//! never join "Consumer Electronics Association") and not a month or weekday
//! ("May" never joins Theresa May). Every decision depends only on the set of
//! names and the documents that name them, never on the order they were added,
//! so the same entities are joined whichever way a corpus was sharded. Each
//! merged name keeps the reason it joined ([`AliasGroup::reasons`]).
//!
//! **Rewrite, not `owl:sameAs`.** Merged-away entities are rewritten into the
//! canonical one: their facts move to it (a fact seen under both names becomes
//! one fact whose support is the sum, with every provenance record kept), and
//! their names become its aliases (`skos:altLabel` in RDF). The merged-away IRIs
//! disappear from the output; each is still derivable, being minted from a name
//! that is now an alias. Rewriting is chosen over `owl:sameAs` links because
//! (a) users and SPARQL queries without OWL reasoning would otherwise still see
//! two nodes with the support split between them, which is the duplicate-node
//! problem the pass exists to fix; (b) kg already reads aliases back from its
//! RDF, so the result survives a round trip unchanged.
//!
//! **Only here are names joined.** A document's coreference gives its entities
//! other names ("Putin" for Vladimir Putin), kept as aliases, but adding a name
//! to a graph never resolves it through an alias ([`KnowledgeGraph::add_entity`]):
//! one document's guess would capture the names of every later one, and the graph
//! would depend on the order documents arrive in. So a merge of shards runs this
//! pass again, and an alias that is the name of an entity the pass keeps apart is
//! dropped from the output. The canonical name of a group is its most
//! complete name: a clean name (every word but "of", "and"… capitalised) before
//! a phrase around one ("London HQ every morning"), then most words once titles
//! are stripped, then a name without a title, then the longest, then the first
//! in byte order.
//!
//! The cost is linear in the number of entities and facts: names are indexed by
//! their parts in hash maps (no comparison of all pairs), a short name looks only
//! at the longer names that contain it, capped at [`MAX_CANDIDATES`], and the
//! graph is rebuilt once.

use rustc_hash::FxHashMap as HashMap;

use petgraph::unionfind::UnionFind;

use super::{EntityRef, EntityType, FactId, KnowledgeGraph, Object, ObjectRef};
use crate::lexicon::gazetteer::{Gazetteer, Gender};
use crate::lexicon::{
    address_gender, is_alias_minor_word, is_legal_word, is_month_name, is_tenure_word,
    is_weekday_name, TITLE_PARTS,
};

/// A short name fitting more longer names than this is treated as ambiguous
/// without looking further; it bounds the work per name.
pub const MAX_CANDIDATES: usize = 16;

/// Names longer than this (in words) are not indexed by their parts: real names
/// are shorter, and it bounds the index at `O(words²)` per name.
const MAX_INDEXED_WORDS: usize = 12;

/// Entities joined into one: the canonical name and the names merged into it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasGroup {
    /// The name the group is known by after the pass (its most complete name).
    pub canonical: String,
    /// The other entities' names, in the graph's entity order; each is now an alias.
    pub merged: Vec<String>,
    /// Why each of [`AliasGroup::merged`] joined (same order): the rule and the two
    /// names it compared, e.g. `final part of a person's name: "Lee" ~ "Ann Lee"`,
    /// so that a user can audit the merge.
    pub reasons: Vec<String>,
}

/// How a short name sits inside a long one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Fit {
    /// Equal once titles are stripped, or the same country.
    Equal,
    /// A final part, or the first and last word (people).
    Final,
    /// A leading part (everything but people).
    Leading,
    /// An acronym of the long name.
    Acronym,
}

impl Fit {
    /// The rule's name, for [`AliasGroup::reasons`].
    fn label(self) -> &'static str {
        match self {
            Fit::Equal => "same name",
            Fit::Final => "final part of a person's name",
            Fit::Leading => "name without its legal suffix",
            Fit::Acronym => "acronym with its expansion in one document",
        }
    }
}

/// One entity as the pass sees it.
struct Name {
    /// The entity's name as stored.
    name: String,
    kind: EntityType,
    /// Lower-cased words once leading titles and "the" are stripped.
    core: Vec<String>,
    /// True when something was stripped.
    titled: bool,
    /// The stripped name starts with a capital or a digit.
    proper: bool,
    /// Every word of the stripped name but minor ones ("of") is capitalised: a
    /// name, not a phrase around one ("London HQ every morning").
    clean: bool,
    /// The gender an honorific or a first name gives ("Mrs", "Anna").
    gender: Option<Gender>,
    /// The name is one month or weekday name ("May", "Friday").
    calendar: bool,
    /// The last word is typical of organisation or place names ("Center",
    /// "Airlines"): such a word is no surname.
    institutional: bool,
}

impl Name {
    fn new(name: &str, kind: EntityType, gaz: &Gazetteer) -> Self {
        let words: Vec<&str> = name.split(' ').filter(|w| !w.is_empty()).collect();
        let start = stripped_start(&words, kind, gaz);
        let core: Vec<String> = words[start..]
            .iter()
            .map(|w| {
                w.trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase()
            })
            .filter(|w| !w.is_empty())
            .collect();
        let proper = words
            .get(start)
            .and_then(|w| w.chars().find(|c| c.is_alphanumeric()))
            .is_some_and(|c| c.is_uppercase() || c.is_numeric());
        let capital = |w: &&str| {
            is_alias_minor_word(&w.to_lowercase())
                || w.chars()
                    .find(|c| c.is_alphanumeric())
                    .is_none_or(|c| c.is_uppercase() || c.is_numeric())
        };
        let clean = words[start..].iter().all(capital);
        let honorific = words[..start]
            .iter()
            .rev()
            .find_map(|w| address_gender(&w.to_lowercase()));
        let first_name = (core.len() >= 2)
            .then(|| gaz.first_name_gender(&core[0]))
            .flatten()
            .filter(|&g| g != Gender::Unisex);
        let calendar = core.len() == 1 && (is_month_name(&core[0]) || is_weekday_name(&core[0]));
        let institutional = words
            .last()
            .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
            .is_some_and(|w| gaz.name_word(w).is_some());
        Self {
            name: name.to_owned(),
            kind,
            calendar,
            institutional,
            core,
            titled: start > 0,
            proper,
            clean,
            gender: honorific.or(first_name),
        }
    }

    /// Ordering key of completeness: the greatest is the canonical name.
    fn completeness(&self) -> (bool, usize, bool, usize, std::cmp::Reverse<&str>) {
        (
            self.clean,
            self.core.len(),
            !self.titled,
            self.name.chars().count(),
            std::cmp::Reverse(self.name.as_str()),
        )
    }
}

/// Index of the first word left once leading "the", titles and the words that
/// go with them ("Russian President", "former Prime Minister", "Mr.") are
/// removed. Titles are only removed from people and untyped names, and only when
/// a capitalised word remains, so "General Motors" keeps its first word.
fn stripped_start(words: &[&str], kind: EntityType, gaz: &Gazetteer) -> usize {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let remains = |i: usize| {
        words
            .get(i)
            .and_then(|w| w.chars().find(|c| c.is_alphanumeric()))
            .is_some_and(char::is_uppercase)
    };
    let mut start = 0;
    if words.len() > 1 && lower[0] == "the" && remains(1) {
        start = 1;
    }
    if !matches!(kind, EntityType::Person | EntityType::Thing) {
        return start;
    }
    loop {
        let mut j = start;
        while j < words.len()
            && (gaz.demonym_country(&lower[j]).is_some()
                || gaz.country(&lower[j]).is_some()
                || TITLE_PARTS.contains(&&*lower[j])
                || is_tenure_word(&lower[j]))
        {
            j += 1;
        }
        let title = (1..=3).rev().find(|&len| {
            j + len < words.len() && {
                let phrase = lower[j..j + len].join(" ");
                let core = phrase.strip_suffix("-elect").unwrap_or(&phrase);
                gaz.is_title(core) || gaz.is_title(&phrase)
            }
        });
        match title {
            Some(len) if remains(j + len) => start = j + len,
            _ => return start,
        }
    }
}

/// The acronym a name would have, for names of two or more words: the initials of
/// its words without the minor ones ("European Union" → "EU"), and of all of them.
fn acronyms(core: &[String]) -> [Option<String>; 2] {
    if core.len() < 2 {
        return [None, None];
    }
    let initials = |skip: bool| -> Option<String> {
        let s: String = core
            .iter()
            .filter(|w| !(skip && is_alias_minor_word(w)))
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect();
        (s.chars().count() >= 2).then_some(s)
    };
    let major = initials(true);
    let all = initials(false).filter(|a| Some(a) != major.as_ref());
    [major, all]
}

/// The acronym a name is, if it is one: a single word of 2 to 6 capital letters,
/// dots allowed ("EU", "U.N.").
fn as_acronym(name: &str) -> Option<String> {
    if name.contains(' ') {
        return None;
    }
    let letters: String = name.chars().filter(|&c| c != '.').collect();
    let n = letters.chars().count();
    ((2..=6).contains(&n) && letters.chars().all(|c| c.is_uppercase())).then_some(letters)
}

/// True when two genders may be one person's: equal, or one unknown.
fn agree(a: Option<Gender>, b: Option<Gender>) -> bool {
    a.is_none() || b.is_none() || a == b
}

/// True when the two types may be one entity: equal, or one untyped.
fn compatible(a: EntityType, b: EntityType) -> bool {
    a == b || a == EntityType::Thing || b == EntityType::Thing
}

/// The known one of two compatible types.
fn known(a: EntityType, b: EntityType) -> EntityType {
    if a == EntityType::Thing {
        b
    } else {
        a
    }
}

/// Whether `short` fits inside `long` with `fit` (`long` has more words).
fn fits(short: &Name, long: &Name, fit: Fit) -> bool {
    if !compatible(short.kind, long.kind) {
        return false;
    }
    let kind = known(short.kind, long.kind);
    // A short name must itself be a name: every word capitalised ("consumer
    // electronics", "Consumer electronics" never join an association), not a
    // month or weekday ("May" is not Theresa May).
    let named = short.proper && short.clean && !short.calendar;
    match fit {
        Fit::Equal => true,
        // "Mrs Howard" is not "Michael Howard"; "George W." and "Center" are no
        // surnames.
        Fit::Final => {
            named
                && kind == EntityType::Person
                && long.clean
                && agree(short.gender, long.gender)
                && short.core.last().is_some_and(|w| w.chars().count() > 1)
                && !short.institutional
        }
        Fit::Leading => {
            named && long.clean && !matches!(kind, EntityType::Person | EntityType::Thing)
        }
        Fit::Acronym => long.clean && !matches!(kind, EntityType::Person | EntityType::Thing),
    }
}

/// Whether the names `a` and `b` could be the same entity by containment either
/// way (used to check that several candidates agree with one another).
fn nested(a: &Name, b: &Name) -> bool {
    let (short, long) = if a.core.len() <= b.core.len() {
        (a, b)
    } else {
        (b, a)
    };
    if !compatible(short.kind, long.kind) {
        return false;
    }
    let (s, l) = (&short.core, &long.core);
    if s == l {
        return true;
    }
    if s.is_empty() || s.len() >= l.len() {
        return false;
    }
    let suffix = l.ends_with(s);
    let prefix = l.starts_with(s);
    // Subsequence with the same last word ("John Smith" in "John F. Smith").
    let mut it = l.iter();
    let subsequence = s.iter().all(|w| it.any(|x| x == w)) && s.last() == l.last();
    suffix || prefix || subsequence
}

/// Finds the groups of entities that name the same thing; see the
/// [module docs](self). Groups are in the order of their first entity; the
/// graph is not changed.
#[must_use]
pub fn find_groups(graph: &KnowledgeGraph) -> Vec<AliasGroup> {
    let gaz = Gazetteer::embedded();
    let names: Vec<Name> = graph
        .entities()
        // A described thing ("the company") belongs to its document: never an alias.
        .map(|e| {
            Name::new(
                if e.scope().is_some() { "" } else { e.name() },
                e.kind(),
                gaz,
            )
        })
        .collect();
    let docs = documents_of(graph);
    // A document's coreference naming an acronym as another name of a long name is
    // evidence enough for rule 4.
    let entities: Vec<&super::Entity> = graph.entities().collect();
    let defines = |long: usize, acronym: &Name| {
        let key = super::text::name_key(&acronym.name);
        entities[long]
            .aliases()
            .iter()
            .any(|a| super::text::name_key(a) == key)
    };
    // Candidate pairs (fit, short, long), joined later in a fixed order.
    let mut pairs: Vec<(Fit, usize, usize)> = Vec::new();

    // Rules 1 and 2: equal stripped names, the same country.
    let mut by_core: HashMap<(String, u8), Vec<usize>> = HashMap::default();
    for (i, n) in names.iter().enumerate() {
        if n.core.is_empty() {
            continue;
        }
        let country = matches!(n.kind, EntityType::Place | EntityType::Thing)
            .then(|| gaz.country(&n.name))
            .flatten();
        let key = match country {
            Some(c) => (c.to_lowercase(), 1),
            None => (n.core.join(" "), 0),
        };
        by_core.entry(key).or_default().push(i);
    }
    for members in by_core.values() {
        equal_pairs(&names, members, &mut pairs);
    }

    // Rule 3: every proper part of a long name that a short name could be, keyed
    // by how it fits and the long name's type, so that a bucket holds only names
    // a short name may join and the scan of one stops after MAX_CANDIDATES.
    let mut parts: HashMap<(Fit, EntityType), HashMap<String, Vec<usize>>> = HashMap::default();
    let mut put = |fit: Fit, kind: EntityType, key: String, i: usize| {
        parts
            .entry((fit, kind))
            .or_default()
            .entry(key)
            .or_default()
            .push(i);
    };
    for (i, n) in names.iter().enumerate() {
        let m = n.core.len();
        if !(2..=MAX_INDEXED_WORDS).contains(&m) {
            continue;
        }
        let finals = matches!(n.kind, EntityType::Person | EntityType::Thing);
        let leading = n.kind != EntityType::Person;
        for k in 1..m {
            if finals {
                put(Fit::Final, n.kind, n.core[k..].join(" "), i);
            }
            if leading && n.core[k..].iter().all(|w| is_legal_word(w)) {
                put(Fit::Leading, n.kind, n.core[..k].join(" "), i);
            }
        }
        if finals && m >= 3 {
            let ends = format!("{} {}", n.core[0], n.core[m - 1]);
            put(Fit::Final, n.kind, ends, i);
        }
        if n.kind != EntityType::Person {
            for a in acronyms(&n.core).into_iter().flatten() {
                put(Fit::Acronym, n.kind, a, i);
            }
        }
    }
    for (i, n) in names.iter().enumerate() {
        if n.core.is_empty() {
            continue;
        }
        let core = n.core.join(" ");
        let acronym = as_acronym(&n.name);
        let mut candidates: Vec<(usize, Fit)> = Vec::new();
        for fit in [Fit::Final, Fit::Leading, Fit::Acronym] {
            let key: &str = match (fit, &acronym) {
                (Fit::Acronym, Some(a)) => a,
                (Fit::Acronym, None) => continue,
                _ => &core,
            };
            for kind in EntityType::ALL {
                let Some(bucket) = parts.get(&(fit, kind)).and_then(|p| p.get(key)) else {
                    continue;
                };
                let room = MAX_CANDIDATES + 1 - candidates.len().min(MAX_CANDIDATES + 1);
                let found: Vec<(usize, Fit)> = bucket
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| (j, fit))
                    .take(room)
                    .collect();
                // Every entry of a bucket fits alike: checking one checks them all.
                if found.first().is_some_and(|&(j, _)| fits(n, &names[j], fit)) {
                    // An acronym needs evidence: a document where both are named.
                    candidates.extend(found.into_iter().filter(|&(j, _)| {
                        fit != Fit::Acronym || share(&docs[i], &docs[j]) || defines(j, n)
                    }));
                }
            }
        }
        candidates.sort_unstable();
        candidates.dedup_by_key(|c| c.0);
        if let Some(agreed) = agreeing(&names, &candidates) {
            pairs.extend(agreed.iter().map(|&(j, fit)| (fit, i, j)));
        }
    }

    // Join in an order that depends on names only, refusing a join that would put
    // two known types in one group (possible through an untyped name).
    let order = |i: usize| (&names[i].core, names[i].kind, &names[i].name);
    pairs
        .sort_unstable_by(|a, b| (a.0, order(a.1), order(a.2)).cmp(&(b.0, order(b.1), order(b.2))));
    let mut sets: UnionFind<usize> = UnionFind::new(names.len());
    // Likewise two genders ("Mrs Howard" = "Howard" = "Mr Howard" would chain).
    let mut kinds: Vec<EntityType> = names.iter().map(|n| n.kind).collect();
    let mut genders: Vec<Option<Gender>> = names.iter().map(|n| n.gender).collect();
    // The first join that took each entity in, as its reason.
    let mut reason: Vec<Option<String>> = vec![None; names.len()];
    for (fit, a, b) in pairs {
        let (ra, rb) = (sets.find_mut(a), sets.find_mut(b));
        if ra == rb || !compatible(kinds[ra], kinds[rb]) || !agree(genders[ra], genders[rb]) {
            continue;
        }
        let why = format!("{}: {:?} ~ {:?}", fit.label(), names[a].name, names[b].name);
        for x in [a, b] {
            if reason[x].is_none() {
                reason[x] = Some(why.clone());
            }
        }
        let kind = known(kinds[ra], kinds[rb]);
        let gender = genders[ra].or(genders[rb]);
        sets.union(ra, rb);
        let r = sets.find_mut(ra);
        kinds[r] = kind;
        genders[r] = gender;
    }

    let mut members: HashMap<usize, Vec<usize>> = HashMap::default();
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..names.len() {
        let r = sets.find_mut(i);
        let m = members.entry(r).or_default();
        if m.is_empty() {
            roots.push(r);
        }
        m.push(i);
    }
    roots
        .into_iter()
        .filter_map(|r| {
            let m = members.get(&r).filter(|m| m.len() > 1)?;
            let best = *m.iter().max_by_key(|&&i| names[i].completeness())?;
            let others = m.iter().filter(|&&i| i != best);
            Some(AliasGroup {
                canonical: names[best].name.clone(),
                merged: others.clone().map(|&i| names[i].name.clone()).collect(),
                reasons: others
                    .map(|&i| reason[i].clone().unwrap_or_default())
                    .collect(),
            })
        })
        .collect()
}

/// The documents each entity (in [`KnowledgeGraph::entities`] order) is named in,
/// from its facts' provenance, sorted.
fn documents_of(graph: &KnowledgeGraph) -> Vec<Vec<&str>> {
    let index: HashMap<&str, usize> = graph
        .entities()
        .enumerate()
        .map(|(i, e)| (e.key(), i))
        .collect();
    let mut docs: Vec<Vec<&str>> = vec![Vec::new(); index.len()];
    for f in graph.facts() {
        let object = match f.object {
            ObjectRef::Entity(e) => Some(e.key()),
            ObjectRef::Literal(_) => None,
        };
        for key in std::iter::once(f.subject.key()).chain(object) {
            if let Some(&i) = index.get(key) {
                docs[i].extend(f.provenance.iter().filter_map(|p| p.document.as_deref()));
            }
        }
    }
    for d in &mut docs {
        d.sort_unstable();
        d.dedup();
    }
    docs
}

/// True when two sorted lists share an element.
fn share(a: &[&str], b: &[&str]) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// Pairs among entities with one stripped name (or one country): those of the
/// same known type join; untyped ones join too when only one known type is there.
fn equal_pairs(names: &[Name], members: &[usize], pairs: &mut Vec<(Fit, usize, usize)>) {
    let mut known_kinds: Vec<EntityType> = members
        .iter()
        .map(|&i| names[i].kind)
        .filter(|&k| k != EntityType::Thing)
        .collect();
    known_kinds.sort_unstable();
    known_kinds.dedup();
    for w in members.windows(2) {
        let (a, b) = (&names[w[0]], &names[w[1]]);
        if a.kind == b.kind || known_kinds.len() <= 1 {
            pairs.push((Fit::Equal, w[0], w[1]));
        }
    }
    if known_kinds.len() > 1 {
        // Consecutive members may have differed: join each type's members.
        for &k in &known_kinds {
            let same: Vec<usize> = members
                .iter()
                .copied()
                .filter(|&i| names[i].kind == k)
                .collect();
            pairs.extend(same.windows(2).map(|w| (Fit::Equal, w[0], w[1])));
        }
    }
}

/// The candidates, when they agree: each nested in the most complete one (so
/// they may all be one entity); `None` when two of them clash (two people
/// sharing a surname) or there are too many to be sure.
fn agreeing<'c>(names: &[Name], candidates: &'c [(usize, Fit)]) -> Option<&'c [(usize, Fit)]> {
    if candidates.is_empty() || candidates.len() > MAX_CANDIDATES {
        return None;
    }
    let best = candidates
        .iter()
        .map(|&(j, _)| j)
        .max_by_key(|&j| names[j].completeness())?;
    let fine = candidates.iter().all(|&(j, fit)| {
        j == best
            || (fit != Fit::Acronym && nested(&names[j], &names[best]))
            || (fit == Fit::Acronym && names[j].core == names[best].core)
    });
    fine.then_some(candidates)
}

/// The graph with each group's entities rewritten into its canonical entity:
/// their facts (and the attributions that name them as speakers) moved to it
/// (support summed, every provenance record kept) and
/// their names and aliases made its aliases. Entities keep the position of the
/// group's first entity; facts keep their order. Names in `groups` that are not
/// entities of `graph` are ignored.
#[must_use]
pub fn apply(mut graph: KnowledgeGraph, groups: &[AliasGroup]) -> KnowledgeGraph {
    // Entity key → (canonical name, group index).
    let mut canonical: HashMap<String, (String, usize)> = HashMap::default();
    // Merged entity key → why it joined.
    let mut why: HashMap<String, &str> = HashMap::default();
    for (g, group) in groups.iter().enumerate() {
        for name in std::iter::once(&group.canonical).chain(&group.merged) {
            canonical.insert(super::text::name_key(name), (group.canonical.clone(), g));
        }
        for (name, reason) in group.merged.iter().zip(&group.reasons) {
            why.insert(super::text::name_key(name), reason);
        }
    }
    // Each group's type: the known one among its members.
    let mut kinds: Vec<EntityType> = vec![EntityType::Thing; groups.len()];
    for e in graph.entities() {
        if let Some(&(_, g)) = canonical.get(e.key()) {
            if e.kind().specificity() > kinds[g].specificity() {
                kinds[g] = e.kind();
            }
        }
    }
    let target = |e: &super::Entity| -> Option<EntityRef> {
        match canonical.get(e.key()) {
            Some((c, g)) if e.scope().is_none() => {
                Some(EntityRef::new(c).ok()?.with_type(kinds[*g]))
            }
            _ => e.to_ref(),
        }
    };
    let mut out = KnowledgeGraph::new();
    // Each entity's target, made once: facts then only look it up.
    // Keys are owned: the facts' sightings are moved out of `graph` below, not copied.
    let mut refs: HashMap<String, EntityRef> =
        HashMap::with_capacity_and_hasher(graph.entity_count(), Default::default());
    for e in graph.entities() {
        if let Some(r) = target(e) {
            refs.insert(e.key().to_owned(), r);
        }
    }
    // A document's alias that is the name of an entity the pass kept apart ("Ada" for
    // Ada Lovelace beside another Ada) is dropped: a label must not name two things.
    let kept: rustc_hash::FxHashSet<&str> = refs.values().map(EntityRef::key).collect();
    for e in graph.entities() {
        let Some(r) = refs.get(e.key()) else {
            continue;
        };
        out.add_entity(r);
        let apart = |name: &&str| !kept.contains(super::text::name_key(name).as_str());
        // Names in a graph are never empty, so adding them cannot fail.
        if r.key() != e.key() {
            let _ = match why.get(e.key()) {
                Some(reason) if !reason.is_empty() => out.add_join(r, e.name(), reason),
                _ => out.add_alias(r, e.name()),
            };
        }
        for alias in e.aliases().iter().map(String::as_str).filter(apart) {
            let _ = out.add_alias(r, alias);
        }
        // Joins of an earlier pass (a graph read back) keep their reasons.
        for (name, reason) in e.joins().filter(|(name, _)| apart(name)) {
            let _ = out.add_join(r, name, reason);
        }
    }
    let ids: Vec<FactId> = graph.facts().map(|f| f.id).collect();
    for id in ids {
        let Some(f) = graph.fact(id) else {
            continue;
        };
        let Some(subject) = refs.get(f.subject.key()) else {
            continue;
        };
        let object = match f.object {
            ObjectRef::Entity(e) => match refs.get(e.key()) {
                Some(r) => Object::Entity(r.clone()),
                None => continue,
            },
            ObjectRef::Literal(l) => Object::Literal(l.clone()),
        };
        let relation = f.relation.clone();
        let mut records = graph.take_sightings(id);
        // A speaker is an entity too: "Mr Blunkett said" is said by the group.
        for a in records.iter_mut().filter_map(|p| p.attribution.as_mut()) {
            if let Some(r) = refs.get(a.speaker.key()) {
                a.speaker = r.clone();
            }
        }
        out.add_sightings(subject, &relation, &object, records);
    }
    out
}

impl KnowledgeGraph {
    /// The cross-document alias pass ("Lindqvist" + "Karl Lindqvist" → one entity), what
    /// `kg build` runs after reading text and `kg merge` after reading graphs: returns the
    /// unified graph and the groups merged (empty when nothing was). Facts are never
    /// dropped: an alias's facts move to its group's canonical entity.
    ///
    /// ```
    /// use kg::{KnowledgeGraph, TextGraphBuilder};
    ///
    /// let builder = TextGraphBuilder::embedded()?;
    /// let mut graph = KnowledgeGraph::new();
    /// builder.add_text(&mut graph, "d1", "Karl Lindqvist met Maria Santos in Lisbon.");
    /// builder.add_text(&mut graph, "d2", "Lindqvist praised the talks.");
    /// let (unified, groups) = graph.unify_aliases();
    /// assert!(groups.iter().any(|g| g.canonical == "Karl Lindqvist"));
    /// assert!(unified.entity_count() < graph.entity_count());
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn unify_aliases(&self) -> (KnowledgeGraph, Vec<AliasGroup>) {
        unify(self.clone())
    }

    /// [`Self::unify_aliases`] on a graph that is not needed afterwards: its facts'
    /// sightings move into the unified graph instead of being copied, so the pass takes
    /// little more memory than the graph itself.
    ///
    /// ```
    /// use kg::{KnowledgeGraph, TextGraphBuilder};
    ///
    /// let builder = TextGraphBuilder::embedded()?;
    /// let mut graph = KnowledgeGraph::new();
    /// builder.add_text(&mut graph, "d1", "Karl Lindqvist met Maria Santos in Lisbon.");
    /// builder.add_text(&mut graph, "d2", "Lindqvist praised the talks.");
    /// let entities = graph.entity_count();
    /// let (unified, groups) = graph.into_unified_aliases();
    /// assert!(groups.iter().any(|g| g.canonical == "Karl Lindqvist"));
    /// assert!(unified.entity_count() < entities);
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn into_unified_aliases(self) -> (KnowledgeGraph, Vec<AliasGroup>) {
        unify(self)
    }
}

/// Runs the alias pass: [`find_groups`] then [`apply`]. Returns the unified graph
/// and the groups merged (empty when nothing was).
#[must_use]
pub fn unify(graph: KnowledgeGraph) -> (KnowledgeGraph, Vec<AliasGroup>) {
    let groups = find_groups(&graph);
    // Applied even with no group: it also drops aliases that name another entity.
    let out = apply(graph, &groups);
    (out, groups)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::{Fact, Provenance, Relation};

    fn typed(name: &str, kind: EntityType) -> EntityRef {
        EntityRef::new(name).unwrap().with_type(kind)
    }

    fn graph_of(names: &[(&str, EntityType)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let r = Relation::new("is mentioned in").unwrap();
        for (i, (n, k)) in names.iter().enumerate() {
            g.add_fact(
                Fact::new(typed(n, *k), r.clone(), typed("Doc", EntityType::Thing))
                    .with_provenance(Provenance::document(&i.to_string())),
            );
        }
        g
    }

    fn groups(names: &[(&str, EntityType)]) -> Vec<(String, Vec<String>)> {
        let mut out: Vec<_> = find_groups(&graph_of(names))
            .into_iter()
            .map(|g| (g.canonical, g.merged))
            .collect();
        out.sort();
        out
    }

    use EntityType::{Organization as O, Person as P, Place as L, Thing as T};

    #[test]
    fn a_coreference_alias_is_evidence_for_an_acronym() {
        let names = [("European Union", O), ("EU", O)];
        assert!(
            find_groups(&graph_of(&names)).is_empty(),
            "no shared document"
        );
        let mut g = graph_of(&names);
        g.add_alias(&typed("European Union", O), "EU").unwrap();
        let found = find_groups(&g);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].canonical.as_str(), &found[0].merged[..]),
            ("European Union", &["EU".to_owned()][..])
        );
    }

    #[test]
    fn apply_keeps_reasons_moves_speakers_and_drops_ambiguous_aliases() {
        let mut g = graph_of(&[
            ("Ann Lee", P),
            ("Lee", P),
            ("Bo Quell", P),
            ("Cy Quell", P),
            ("Quell", P),
        ]);
        // "Lee said …": a claim attributed to the short name.
        let said = Provenance {
            attribution: Some(crate::graph::Attribution::new(typed("Lee", P), "say")),
            ..Provenance::document("9")
        };
        let won = Relation::new("won").unwrap();
        g.add_fact(Fact::new(typed("Cy Quell", P), won, typed("Prize", T)).with_provenance(said));
        // One document's coreference called Bo Quell "Quell"; two people bear the name.
        g.add_alias(&typed("Bo Quell", P), "Quell").unwrap();
        let (out, groups) = unify(g.clone());
        assert_eq!(groups.len(), 1);
        let ann = out.entity("Ann Lee").unwrap();
        let joins: Vec<_> = ann.joins().collect();
        assert_eq!(
            joins,
            [(
                "Lee",
                "final part of a person's name: \"Lee\" ~ \"Ann Lee\""
            )]
        );
        let fact = out.facts().find(|f| f.relation.key() == "won").unwrap();
        let speaker = &fact.provenance[0].attribution.as_ref().unwrap().speaker;
        assert_eq!(speaker.name(), "Ann Lee");
        assert!(out
            .entity_of(&typed("Lee", P))
            .is_some_and(|e| e.name() == "Ann Lee"));
        assert!(out.entity("Bo Quell").unwrap().aliases().is_empty());
        assert_eq!(out.entity("Quell").unwrap().name(), "Quell");
    }

    #[test]
    fn titles_are_stripped_from_people_only() {
        let gaz = Gazetteer::embedded();
        let core = |n: &str, k| Name::new(n, k, gaz).core.join(" ");
        assert_eq!(
            core("Chilean President Michelle Bachelet", P),
            "michelle bachelet"
        );
        assert_eq!(core("Mr. Smith", P), "smith");
        assert_eq!(core("former Prime Minister Ann Lee", T), "ann lee");
        assert_eq!(core("President", P), "president");
        assert_eq!(core("General Motors", O), "general motors");
        assert_eq!(core("The Hague", L), "hague");
    }

    #[test]
    fn surname_joins_the_full_name() {
        let g = groups(&[("Ann Lee", P), ("Lee", P), ("Ms. Lee", T)]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].0, "Ann Lee");
        assert_eq!(g[0].1.len(), 2);
    }

    #[test]
    fn two_people_sharing_a_surname_keep_it_apart() {
        assert!(groups(&[("John Smith", P), ("Mary Smith", P), ("Smith", P)]).is_empty());
    }

    #[test]
    fn different_known_types_never_join() {
        assert!(groups(&[("Jordan", L), ("Michael Jordan", P)]).is_empty());
        assert!(groups(&[("Paris", L), ("Paris", P)]).is_empty());
    }

    /// Like [`graph_of`], every name sighted in one document.
    fn one_document(names: &[(&str, EntityType)]) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        let r = Relation::new("is mentioned in").unwrap();
        for (n, k) in names {
            g.add_fact(
                Fact::new(typed(n, *k), r.clone(), typed("Doc", EntityType::Thing))
                    .with_provenance(Provenance::document("d")),
            );
        }
        g
    }

    #[test]
    fn acronyms_and_countries() {
        let found: Vec<(String, Vec<String>)> = find_groups(&one_document(&[
            ("European Union", O),
            ("EU", O),
            ("US", L),
            ("United States", L),
        ]))
        .into_iter()
        .map(|g| (g.canonical, g.merged))
        .collect();
        let mut g = found;
        g.sort();
        assert_eq!(g.len(), 2, "{g:?}");
        assert!(g.iter().any(|(c, m)| c == "European Union" && m == &["EU"]));
        assert!(g.iter().any(|(c, m)| c == "United States" && m == &["US"]));
    }

    #[test]
    fn honorifics_of_another_gender_and_phrases_do_not_join() {
        assert!(groups(&[("Michael Howard", P), ("Mrs Howard", P)]).is_empty());
        let g = groups(&[("Michael Howard", P), ("Mrs Howard", P), ("Howard", P)]);
        assert!(
            g.iter().all(
                |(c, m)| !(c.contains("Mrs") || m.iter().any(|n| n.contains("Mrs")))
                    || !(c.contains("Michael") || m.iter().any(|n| n.contains("Michael")))
            ),
            "{g:?}"
        );
        assert!(groups(&[("Iraq", L), ("Iraq war", L)]).is_empty());
        let g = groups(&[("Ann Lee", P), ("they met Ann Lee", P), ("Lee", P)]);
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].0, "Ann Lee", "a clean name is canonical, not a phrase");
    }

    #[test]
    fn an_acronym_needs_a_shared_document() {
        // Each name in its own document: no evidence that "NRB" is the bank.
        assert!(groups(&[("Nordic Rail Board", O), ("NRB", O)]).is_empty());
        let g = find_groups(&one_document(&[("Nordic Rail Board", O), ("NRB", O)]));
        assert_eq!(g.len(), 1);
        assert_eq!(g[0].merged, ["NRB"]);
        assert!(g[0].reasons[0].starts_with("acronym"), "{:?}", g[0].reasons);
    }

    #[test]
    fn months_weekdays_and_common_phrases_never_join_a_name() {
        assert!(groups(&[("Anna May", P), ("May", P)]).is_empty());
        assert!(groups(&[("Anna May", P), ("May", T)]).is_empty());
        assert!(groups(&[("Karl Friday", P), ("Friday", T)]).is_empty());
        assert!(groups(&[
            ("Consumer Robotics Association", O),
            ("consumer robotics", T)
        ])
        .is_empty());
        assert!(groups(&[
            ("Consumer Robotics Association", O),
            ("Consumer robotics", T)
        ])
        .is_empty());
        // A surname that is no calendar word still joins.
        let g = groups(&[("Anna Lindqvist", P), ("Lindqvist", P)]);
        assert_eq!(g.len(), 1);
    }

    #[test]
    fn leading_parts_join_only_before_legal_words() {
        let g = groups(&[("Nordvik Bank AG", O), ("Nordvik Bank", O)]);
        assert_eq!(g.len(), 1, "{g:?}");
        assert!(groups(&[("Oslund City", L), ("Oslund", L)]).is_empty());
        assert!(groups(&[("Oslund Bay Bridge", L), ("Oslund", L)]).is_empty());
        assert!(groups(&[("Nordvik Science Center", O), ("Nordvik", O)]).is_empty());
    }

    #[test]
    fn initials_and_institution_words_are_no_surnames() {
        assert!(groups(&[("Karl H. W.", P), ("Karl W.", P)]).is_empty());
        assert!(groups(&[("Karl F. Udvik Center", P), ("Center", P)]).is_empty());
    }

    #[test]
    fn each_merge_keeps_its_reason() {
        let g = find_groups(&graph_of(&[("Ann Lee", P), ("Lee", P)]));
        assert_eq!(g.len(), 1);
        assert_eq!(
            g[0].reasons,
            [r#"final part of a person's name: "Lee" ~ "Ann Lee""#]
        );
    }

    #[test]
    fn places_do_not_match_by_final_part() {
        assert!(groups(&[("Korea", L), ("North Korea", L)]).is_empty());
    }

    #[test]
    fn common_nouns_stay_apart() {
        assert!(groups(&[("deals", T), ("peace deals", T)]).is_empty());
    }

    #[test]
    fn apply_moves_facts_and_sums_support() {
        let mut g = KnowledgeGraph::new();
        let r = Relation::new("visits").unwrap();
        let to = typed("Rome", L);
        g.add_fact(Fact::new(typed("Ann Lee", P), r.clone(), to.clone()));
        g.add_fact(Fact::new(typed("Lee", P), r.clone(), to.clone()));
        g.add_fact(Fact::new(typed("Lee", P), r, to));
        let (u, groups) = unify(g.clone());
        assert_eq!(groups.len(), 1);
        assert_eq!(u.fact_count(), 1);
        assert_eq!(u.facts().next().unwrap().support(), 3);
        assert_eq!(u.entity("Lee").unwrap().name(), "Ann Lee");
        assert_eq!(u.entity_count(), 2);
    }

    #[test]
    fn a_pass_over_a_unified_graph_changes_nothing() {
        let g = graph_of(&[("Ann Lee", P), ("Lee", P), ("EU", O), ("European Union", O)]);
        let (u, _) = unify(g.clone());
        let (again, groups) = unify(u.clone());
        assert!(groups.is_empty());
        assert_eq!(again.entity_count(), u.entity_count());
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `graph::alias`.
    #[test]
    fn doc_alias() -> Result<(), Box<dyn std::error::Error>> {
        use crate::graph::alias;
        use crate::{EntityRef, EntityType, Fact, KnowledgeGraph, Relation};
        let mut g = KnowledgeGraph::new();
        let person = |n: &str| EntityRef::new(n).unwrap().with_type(EntityType::Person);
        let meets = Relation::new("meets")?;
        g.add_fact(Fact::new(
            person("Karl Lindqvist"),
            meets.clone(),
            person("Ann Lee"),
        ));
        g.add_fact(Fact::new(person("Lindqvist"), meets.clone(), person("Lee")));
        g.add_fact(Fact::new(
            person("John Smith"),
            meets.clone(),
            person("Smith"),
        ));
        g.add_fact(Fact::new(person("Mary Smith"), meets, person("Ann Lee")));
        let (unified, groups) = alias::unify(g.clone());
        assert_eq!(groups.len(), 2);
        assert_eq!(unified.fact_count(), 3);
        assert_eq!(
            unified.entity("Lindqvist").map(|e| e.name()),
            Some("Karl Lindqvist")
        );
        // "Smith" could be John or Mary: it stays apart from both.
        assert_eq!(unified.entity("Smith").map(|e| e.name()), Some("Smith"));
        Ok(())
    }
}
