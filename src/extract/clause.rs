//! Clause detection over one sentence's dependency tree.
//!
//! [`Tree`] is a checked view of a sentence: heads outside the sentence or pointing at the token
//! itself are treated as roots, children are stored in one flat array, and every walk up the tree
//! is bounded by the sentence length, so malformed trees (cycles included) never loop.
//! [`find_clauses`] turns the tree into [`Clause`]s: a predicate with its subject (found directly,
//! or inherited through coordination, control, relative clauses and participles), the kind of
//! clause and what it is embedded in.

use crate::document::{Token, Upos};
use crate::nlp::factuality::{self, Class};
use crate::nlp::verb_voice::VerbVoice;

/// A checked, 0-based view of one sentence's dependency tree.
#[derive(Debug)]
pub struct Tree<'a> {
    /// The sentence's tokens.
    pub tokens: &'a [Token],
    /// 0-based head of each token, `None` for roots (and malformed heads).
    pub head: Vec<Option<u32>>,
    /// Relation of each token with its subtype (`nsubj:pass`).
    pub rel: Vec<&'a str>,
    /// Children of token `i` are `child_list[child_start[i]..child_start[i + 1]]`, in token order.
    child_start: Vec<u32>,
    child_list: Vec<u32>,
}

impl<'a> Tree<'a> {
    /// Builds the view; linear in the sentence length.
    #[must_use]
    pub fn new(tokens: &'a [Token]) -> Self {
        let n = tokens.len();
        let head: Vec<Option<u32>> = tokens
            .iter()
            .enumerate()
            .map(|(i, t)| {
                t.head_word()
                    .filter(|h| h.get() < n && h.get() != i)
                    .map(|h| h.get() as u32)
            })
            .collect();
        let mut count = vec![0u32; n + 1];
        for &h in head.iter().flatten() {
            count[h as usize + 1] += 1;
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let child_start = count.clone();
        let mut fill = count;
        let mut child_list = vec![0u32; child_start[n] as usize];
        for (i, &h) in head.iter().enumerate() {
            if let Some(h) = h {
                child_list[fill[h as usize] as usize] = i as u32;
                fill[h as usize] += 1;
            }
        }
        let rel = tokens.iter().map(|t| t.deprel.as_str()).collect();
        Self {
            tokens,
            head,
            rel,
            child_start,
            child_list,
        }
    }

    /// The sentence's tokens.
    #[must_use]
    pub fn tokens(&self) -> &'a [Token] {
        self.tokens
    }

    /// Number of tokens.
    #[must_use]
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    /// Children of `i`, in token order.
    #[must_use]
    pub fn children(&self, i: u32) -> &[u32] {
        let i = i as usize;
        &self.child_list[self.child_start[i] as usize..self.child_start[i + 1] as usize]
    }

    /// The universal part of the relation (`nsubj` for `nsubj:pass`).
    #[must_use]
    pub fn base_rel(&self, i: u32) -> &str {
        let r = self.rel[i as usize];
        r.split(':').next().unwrap_or(r)
    }

    /// The first child with relation exactly `rel`.
    #[must_use]
    pub fn child(&self, i: u32, rel: &str) -> Option<u32> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| self.rel[c as usize] == rel)
    }

    /// The first child whose relation is one of `rels`.
    #[must_use]
    pub fn child_any(&self, i: u32, rels: &[&str]) -> Option<u32> {
        self.children(i)
            .iter()
            .copied()
            .find(|&c| rels.contains(&self.rel[c as usize]))
    }

    /// Lower-cased lemma (or form when the lemma is missing).
    #[must_use]
    pub fn lemma(&self, i: u32) -> &'a str {
        let t = &self.tokens[i as usize];
        if t.lemma.is_empty() {
            &t.form
        } else {
            &t.lemma
        }
    }

    /// The token's form.
    #[must_use]
    pub fn form(&self, i: u32) -> &'a str {
        &self.tokens[i as usize].form
    }

    /// The token's UPOS.
    #[must_use]
    pub fn upos(&self, i: u32) -> Upos {
        self.tokens[i as usize].upos
    }

    /// The token's Penn tag.
    #[must_use]
    pub fn xpos(&self, i: u32) -> &'a str {
        &self.tokens[i as usize].xpos
    }

    /// The case marker (preposition) of a nominal, joined when multiword (`according to`,
    /// `because of`), lower-cased; empty when there is none.
    #[must_use]
    pub fn case_marker(&self, i: u32) -> String {
        let mut out = String::new();
        for &c in self.children(i) {
            if self.rel[c as usize] == "case" && c < i {
                push_word(&mut out, &self.form(c).to_lowercase());
                for &f in self.children(c) {
                    if self.rel[f as usize] == "fixed" {
                        push_word(&mut out, &self.form(f).to_lowercase());
                    }
                }
            }
        }
        out
    }

    /// True when `i` is a personal, demonstrative or relative pronoun.
    #[must_use]
    pub fn is_pronoun(&self, i: u32) -> bool {
        self.upos(i) == Upos::Pron
    }

    /// True when `i` is a relative pronoun or `that` introducing a relative clause.
    #[must_use]
    pub fn is_relative(&self, i: u32) -> bool {
        matches!(self.xpos(i), "WDT" | "WP" | "WP$" | "WRB")
            || (self.lemma(i).eq_ignore_ascii_case("that") && self.upos(i) == Upos::Pron)
    }
}

/// Appends a word with a separating space.
pub fn push_word(out: &mut String, w: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(w);
}

/// What kind of predicate a clause has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClauseKind {
    /// A verb in the active voice.
    Active,
    /// A verb in the passive voice (`nsubj:pass`, `aux:pass` or a bare participle modifier).
    Passive,
    /// A nominal or adjectival predicate with a copula (`X is Y`).
    Copula,
}

/// How the subject was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectSource {
    /// A subject dependent of the predicate.
    Direct,
    /// Shared with the first conjunct of coordinated predicates.
    Coordination,
    /// The controller of an infinitive or gerund complement.
    Control,
    /// The noun a relative clause or participle modifies.
    Modified,
    /// The subject of the clause an adverbial clause depends on.
    Adverbial,
}

/// A predicate with its subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    /// The predicate: a verb, or the nominal of a copular clause.
    pub predicate: u32,
    /// The subject head, `None` when none was found.
    pub subject: Option<u32>,
    /// Active, passive or copular.
    pub kind: ClauseKind,
    /// How the subject was found.
    pub source: SubjectSource,
    /// For a relative clause whose pronoun is the object: the modified noun.
    pub object_override: Option<u32>,
}

const SUBJECTS: [&str; 6] = [
    "nsubj",
    "nsubj:pass",
    "csubj",
    "csubj:pass",
    "nsubj:outer",
    "expl",
];

/// True when `i` heads a clause: a verb that is not an adjective-like modifier, an auxiliary
/// used as a main verb with a subject, or a nominal with a copula.
#[must_use]
pub fn is_predicate(tree: &Tree<'_>, i: u32) -> bool {
    let rel = tree.base_rel(i);
    if matches!(
        rel,
        "amod"
            | "aux"
            | "cop"
            | "case"
            | "mark"
            | "fixed"
            | "flat"
            | "compound"
            | "det"
            | "goeswith"
            | "reparandum"
            | "discourse"
            | "cc"
            | "punct"
    ) {
        return false;
    }
    match tree.upos(i) {
        Upos::Verb => true,
        Upos::Aux => tree.child_any(i, &SUBJECTS).is_some(),
        _ => tree.child(i, "cop").is_some(),
    }
}

impl Tree<'_> {
    /// Whether the verb `i` is passive.
    #[must_use]
    pub fn is_passive(&self, i: u32) -> bool {
        self.child_any(i, &["nsubj:pass", "aux:pass", "csubj:pass"])
            .is_some()
    }

    /// Whether `i` is the nominal or adjectival predicate of a copula ("X is *big*"). A verb with
    /// a `cop` dependent (a parse error) is not: its copula is read as an auxiliary.
    #[must_use]
    pub fn is_copular(&self, i: u32) -> bool {
        self.upos(i) != Upos::Verb && self.child(i, "cop").is_some()
    }

    /// The direct subject of `i`, preferring nominal subjects over expletives.
    #[must_use]
    pub fn direct_subject(&self, i: u32) -> Option<u32> {
        self.child_any(i, &["nsubj", "nsubj:pass", "csubj", "csubj:pass"])
            .or_else(|| self.child(i, "nsubj:outer"))
    }
}

/// The noun modified by the relative clause `p` belongs to (directly, or as a later conjunct:
/// "a place that X and which Y"), if any.
#[must_use]
pub fn relcl_noun(tree: &Tree<'_>, p: u32) -> Option<u32> {
    let mut x = p;
    for _ in 0..8 {
        let h = tree.head[x as usize]?;
        match tree.rel[x as usize] {
            "conj" => x = h,
            r if r.starts_with("acl") => return Some(h),
            _ => return None,
        }
    }
    None
}

/// The keys a governor may be listed under in the lexicon: its lemma with its particle
/// (`put_off`), with the preposition of an oblique before its complement (`call_on`), and
/// alone.
pub fn governor_keys(tree: &Tree<'_>, g: u32) -> Vec<String> {
    let lemma = tree.lemma(g).to_lowercase();
    let mut keys = Vec::new();
    for &c in tree.children(g) {
        if tree.rel[c as usize] == "compound:prt" || super::relation::is_particle(tree, g, c) {
            keys.push(format!("{lemma}_{}", tree.lemma(c).to_lowercase()));
        } else if tree.base_rel(c) == "obl" && c > g {
            let m = tree.case_marker(c);
            if !m.is_empty() && !m.contains(' ') {
                keys.push(format!("{lemma}_{m}"));
            }
        }
    }
    keys.push(lemma);
    keys
}

/// The lexicon class of a governing verb ([`governor_keys`]), if listed.
pub fn governor_class(tree: &Tree<'_>, g: u32) -> Option<Class> {
    governor_keys(tree, g)
        .iter()
        .find_map(|k| factuality::class_of(k))
}

/// Finds the subject of predicate `p`, following inheritance up to `depth` steps.
fn subject_of(tree: &Tree<'_>, p: u32, depth: usize) -> (Option<u32>, SubjectSource) {
    if let Some(s) = tree.direct_subject(p) {
        // A relative pronoun stands for the modified noun.
        if tree.is_relative(s) {
            if let Some(n) = relcl_noun(tree, p) {
                return (Some(n), SubjectSource::Modified);
            }
        }
        return (Some(s), SubjectSource::Direct);
    }
    let Some(h) = tree.head[p as usize].filter(|_| depth > 0) else {
        return (None, SubjectSource::Direct);
    };
    match tree.rel[p as usize] {
        "conj" => {
            let (s, _) = subject_of(tree, h, depth - 1);
            (s, SubjectSource::Coordination)
        }
        "xcomp" => {
            // Object control ("asked X to go", "called on X to go"), else subject control; a
            // promise is kept by its subject ("X promised Y to go": X goes).
            let promise = governor_class(tree, h) == Some(Class::Plan);
            if let Some(o) = object_controller(tree, h, p).filter(|_| !promise) {
                return (Some(o), SubjectSource::Control);
            }
            let (s, _) = subject_of(tree, h, depth - 1);
            (s, SubjectSource::Control)
        }
        "acl" if is_to_infinitive(tree, p) && matches!(tree.base_rel(h), "obj" | "obl") => {
            // An infinitive on an object or adjunct noun is done by the governing clause's
            // subject: "X decided in a referendum to leave", "X made an attempt to escape";
            // but after a verb of asking, by the one asked (an object-control infinitive
            // parsed as the noun's modifier: "urged investors to sell").
            let Some(g) = tree.head[h as usize] else {
                // A noun that is the root: as any participle, the noun is the subject.
                return (Some(h), SubjectSource::Modified);
            };
            if governor_class(tree, g) == Some(Class::Directive) {
                return (Some(h), SubjectSource::Control);
            }
            let (s, _) = subject_of(tree, g, depth - 1);
            (s, SubjectSource::Control)
        }
        "acl" if tree.xpos(p) == "VBG" && is_time_noun(tree, h) => {
            // A span of time spent doing something: "she spent three weeks learning Hindi"
            // — the weeks learn nothing; the one who spent them does.
            match tree.head[h as usize] {
                Some(g) => {
                    let (s, _) = subject_of(tree, g, depth - 1);
                    (s, SubjectSource::Control)
                }
                None => (None, SubjectSource::Modified),
            }
        }
        "acl:relcl" | "acl" => {
            // A relative clause without its own subject or a participle: the modified noun is the
            // subject ("the forces operating in X", "a deal signed by Y").
            (Some(h), SubjectSource::Modified)
        }
        r if r.starts_with("advcl") => {
            // A to-infinitive after a verb of asking is an object-control complement the
            // parser attached as an adverbial clause ("called on X to join"): X joins.
            if is_to_infinitive(tree, p) && governor_class(tree, h) == Some(Class::Directive) {
                if let Some(o) = object_controller(tree, h, p) {
                    return (Some(o), SubjectSource::Control);
                }
            }
            // A participle after the governor's object or adjunct may describe that noun
            // as well as the governor's subject ("X appealed for the release of Y,
            // kidnapped in Z"): no subject rather than a guess.
            if is_participle(tree, p)
                && p > h
                && (h + 1..p).any(|w| matches!(tree.upos(w), Upos::Noun | Upos::Propn | Upos::Pron))
            {
                return (None, SubjectSource::Adverbial);
            }
            let (s, _) = subject_of(tree, h, depth - 1);
            (s, SubjectSource::Adverbial)
        }
        _ => (None, SubjectSource::Direct),
    }
}

/// The object of governor `h` that controls its complement `p`: its direct or indirect object,
/// else an oblique before the complement whose preposition belongs to a verb of asking
/// ("called on X to go", "appealed for X to go").
fn object_controller(tree: &Tree<'_>, h: u32, p: u32) -> Option<u32> {
    if let Some(o) = tree.child_any(h, &["obj", "iobj"]) {
        return Some(o);
    }
    tree.children(h).iter().copied().find(|&c| {
        tree.rel[c as usize] == "obl"
            && c < p
            && matches!(tree.case_marker(c).as_str(), "on" | "upon" | "for")
    })
}

/// Whether noun `h` names a span of time ("weeks", "years", "an hour"): GUM's time class.
fn is_time_noun(tree: &Tree<'_>, h: u32) -> bool {
    tree.upos(h) == Upos::Noun
        && crate::nlp::noun_types::NounTypes::embedded().class_of(tree.lemma(h))
            == Some(crate::nlp::noun_types::NounClass::Time)
}

/// Whether `p` is marked by infinitival "to".
fn is_to_infinitive(tree: &Tree<'_>, p: u32) -> bool {
    tree.children(p)
        .iter()
        .any(|&m| tree.rel[m as usize] == "mark" && tree.lemma(m).eq_ignore_ascii_case("to"))
}

/// A participle modifier read as passive ("a deal signed by Y") when its verb takes a
/// passive ([`VerbVoice`]: "sales climbed to …" misread as a participle stays active), and
/// unless it has a direct object, which a passive participle lacks ("X, garnered 30
/// percent" is active: the tagger's VBN there stands for a past tense) but for the verbs
/// whose passive keeps one ("a service called X", "a man given a prize").
fn is_passive_participle(tree: &Tree<'_>, i: u32) -> bool {
    if !(tree.rel[i as usize] == "acl" || tree.rel[i as usize].starts_with("advcl"))
        || !is_participle(tree, i)
    {
        return false;
    }
    let lemma = tree.lemma(i).to_lowercase();
    let voice = VerbVoice::embedded();
    // A "by" phrase, or a verb the treebanks never had, keeps the participle passive as
    // before: only a verb known to stay out of the passive is read as a past tense.
    let by = tree.children(i).iter().any(|&c| {
        tree.rel[c as usize] == "obl:agent"
            || (tree.base_rel(c) == "obl" && tree.case_marker(c) == "by")
    });
    let passive_verb = by || voice.counts(&lemma).is_none() || voice.takes_passive(&lemma);
    passive_verb
        && (tree.child_any(i, &["obj", "iobj"]).is_none()
            || voice.keeps_complement_in_passive(&lemma))
}

/// A past participle heading a reduced clause: tagged `VBN`, or `VBD` with neither subject
/// nor auxiliary nor marker (a finite past tense needs a subject: "X, kidnapped in Y" is a
/// participle the tagger read as a past).
fn is_participle(tree: &Tree<'_>, i: u32) -> bool {
    let bare = || {
        tree.direct_subject(i).is_none()
            && tree
                .child_any(i, &["aux", "aux:pass", "mark", "cop"])
                .is_none()
    };
    match tree.xpos(i) {
        "VBN" => tree.rel[i as usize] == "acl" || bare(),
        "VBD" => bare(),
        _ => false,
    }
}

/// Finds every clause of the sentence, in predicate order.
///
/// Linear in the sentence length times the (bounded) inheritance depth.
#[must_use]
pub fn find_clauses(tree: &Tree<'_>) -> Vec<Clause> {
    let mut out = Vec::new();
    for i in 0..tree.len() as u32 {
        if !is_predicate(tree, i) {
            continue;
        }
        let (mut subject, source) = subject_of(tree, i, 8);
        let mut object_override = None;
        let kind = if tree.is_copular(i) {
            ClauseKind::Copula
        } else if tree.is_passive(i) || is_passive_participle(tree, i) {
            ClauseKind::Passive
        } else {
            ClauseKind::Active
        };
        // A relative clause whose own subject is not the relative pronoun: the pronoun (or a gap)
        // is the object, so the modified noun becomes the object ("the deal which X signed").
        if tree.rel[i as usize] == "acl:relcl" && source == SubjectSource::Direct {
            let h = tree.head[i as usize];
            let has_rel_obj = tree
                .children(i)
                .iter()
                .any(|&c| tree.base_rel(c) == "obj" && tree.is_relative(c));
            let has_obj = tree.child_any(i, &["obj", "ccomp", "xcomp"]).is_some();
            // "where", "when" or "in which" relate the noun as an adjunct, not as the object.
            let rel_adjunct = tree.children(i).iter().any(|&c| {
                (tree.is_relative(c) && tree.base_rel(c) != "obj" && tree.base_rel(c) != "nsubj")
                    || tree
                        .children(c)
                        .iter()
                        .any(|&g| tree.is_relative(g) && tree.base_rel(c) == "obl")
            });
            if h.is_some() && (has_rel_obj || (!has_obj && !rel_adjunct)) {
                object_override = h;
            }
        }
        if subject.is_some_and(|s| tree.is_relative(s)) {
            if let Some(n) = relcl_noun(tree, i) {
                subject = Some(n);
            }
        }
        out.push(Clause {
            predicate: i,
            subject,
            kind,
            source,
            object_override,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ByteSpan;

    fn tok(form: &str, head: Option<u32>) -> Token {
        let mut t = Token::new(form, ByteSpan::default());
        t.head = head.map(crate::document::Head::from_conllu);
        t.deprel = "dep".into();
        t
    }

    #[test]
    fn malformed_heads_are_roots() {
        let tokens = vec![
            tok("a", Some(1)),
            tok("b", Some(9)),
            tok("c", Some(1)),
            tok("d", None),
        ];
        let tree = Tree::new(&tokens);
        assert_eq!(tree.head, vec![None, None, Some(0), None]);
        assert_eq!(tree.children(0), &[2]);
    }

    #[test]
    fn cycles_do_not_loop() {
        let mut tokens = vec![tok("a", Some(2)), tok("b", Some(1))];
        tokens[0].upos = Upos::Verb;
        tokens[0].deprel = "conj".into();
        tokens[1].upos = Upos::Verb;
        tokens[1].deprel = "conj".into();
        let tree = Tree::new(&tokens);
        let clauses = find_clauses(&tree);
        assert_eq!(clauses.len(), 2);
        assert!(clauses.iter().all(|c| c.subject.is_none()));
    }
}
