//! Open information extraction: subject–relation–object facts from dependency trees.
//!
//! The main types are [`Extractor`] (the rules and their settings) and [`Extraction`] (one fact:
//! [`Argument`]s, a [`Predicate`] with its normalised key, polarity and [`Modality`], an optional
//! attribution and a confidence). The extractor reads only what the analysis stages fill in —
//! tokens, tags, lemmas, heads, relations and entity mentions — and works clause by clause, in the
//! manner of ClausIE (Del Corro and Gemulla, "ClausIE: Clause-Based Open Information Extraction",
//! WWW 2013):
//!
//! 1. [`clause`] finds predicates (verbs, and nominals with a copula) and their subjects, which may
//!    be inherited through coordination ("X came and saw"), control ("X tried to go", "A called
//!    on B to go"), relative clauses and participles ("the forces operating in Y");
//! 2. [`arguments`] cuts argument spans from the tree;
//! 3. [`relation`] builds the relation phrase and its key (`call_on`, `pay_visit_to`);
//! 4. further facts come from appositions ("A, the winner, …" → A is winner), possessives
//!    ("France's election" → France has election) and nominalisations through a derivation table
//!    ("a congratulatory telegram from A to B" → A congratulate B);
//! 5. [`confidence`] scores each fact.
//!
//! Coordinated subjects and objects are split into separate facts. Cost is linear in the sentence
//! length (times small constants: coordination products are capped), and no rule recurses
//! without a bound, so malformed trees are safe.

pub mod arguments;
pub mod clause;
pub mod confidence;
pub mod relation;

use crate::document::{
    ByteSpan, Document, EntityKind, Mention, PredicateFactuality, Sentence, Upos,
};
use crate::lexicon::Hedge;
use crate::nlp::factuality::{self, Class};
use arguments::{conjuncts, span, surface, SpanRules};
use clause::{find_clauses, governor_keys, Clause, ClauseKind, SubjectSource, Tree, NONE};
use rustc_hash::FxHashMap as HashMap;

/// What an argument is to its relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ArgRole {
    /// The subject.
    Subject,
    /// The object (direct, prepositional or clausal).
    Object,
    /// When: a date, a time, a temporal phrase.
    Time,
    /// Where: a prepositional phrase naming a place.
    Place,
    /// Any other adjunct.
    Other,
    /// Who said it (reported speech, "according to").
    Attribution,
}

/// One argument: a run of tokens (possibly with gaps) of the sentence.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Argument {
    /// Token indices within the sentence (0-based), in order.
    pub tokens: Vec<u32>,
    /// The tokens' text, with the original spacing between adjacent tokens.
    pub text: String,
    /// The head token (0-based within the sentence).
    pub head: u32,
    /// What the argument is to the relation.
    pub role: ArgRole,
    /// Entity type of a mention headed by the head token, if the recognizer found one.
    pub kind: Option<EntityKind>,
    /// The mention's normalised value (a date, an amount) when it has one.
    pub value: Option<String>,
    /// The head is a pronoun (kept as a mention for coreference to resolve).
    pub is_pronoun: bool,
}

/// What a modal marker, or the verb a clause is embedded under, says about the clause: why
/// the author does not assert it as plain fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ModalityKind {
    /// "may", "might", "could", "can"; "is likely to", "seems to".
    Possibility,
    /// "should", "must".
    Necessity,
    /// "will", "would".
    Prediction,
    /// "is believed to", "alleged", "reportedly"; a clause under "think" or "claim".
    Hearsay,
    /// Under "if" or "unless".
    Conditional,
    /// Under "want", "hope", "need".
    Desire,
    /// Under "plan", "decide", "promise", "agree".
    Plan,
    /// Under "expect", "forecast", "predict", "is tipped to".
    Expectation,
    /// Under "ask", "urge", "call on", "allow".
    Directive,
    /// Under "try", "seek", "attempt".
    Attempt,
    /// Under "deny", "doubt".
    Denial,
    /// A question ("Did they sign?").
    Question,
    /// The factuality model judges that it did not happen, and no word says why.
    Uncertain,
}

impl ModalityKind {
    /// Every kind, in declaration order.
    pub const ALL: [ModalityKind; 13] = [
        ModalityKind::Possibility,
        ModalityKind::Necessity,
        ModalityKind::Prediction,
        ModalityKind::Hearsay,
        ModalityKind::Conditional,
        ModalityKind::Desire,
        ModalityKind::Plan,
        ModalityKind::Expectation,
        ModalityKind::Directive,
        ModalityKind::Attempt,
        ModalityKind::Denial,
        ModalityKind::Question,
        ModalityKind::Uncertain,
    ];

    /// The name kg writes in RDF and DOT: how a reader would say it ("possible", "future",
    /// "wanted", "asked" …).
    ///
    /// ```
    /// use kg::ModalityKind;
    /// assert_eq!(ModalityKind::Prediction.name(), "future");
    /// assert_eq!(ModalityKind::from_name("wanted"), Some(ModalityKind::Desire));
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ModalityKind::Possibility => "possible",
            ModalityKind::Necessity => "necessary",
            ModalityKind::Prediction => "future",
            ModalityKind::Hearsay => "reported",
            ModalityKind::Conditional => "conditional",
            ModalityKind::Desire => "wanted",
            ModalityKind::Plan => "planned",
            ModalityKind::Expectation => "expected",
            ModalityKind::Directive => "asked",
            ModalityKind::Attempt => "attempted",
            ModalityKind::Denial => "denied",
            ModalityKind::Question => "questioned",
            ModalityKind::Uncertain => "uncertain",
        }
    }

    /// The kind [`ModalityKind::name`] names.
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The modality of a fact and the word that marks it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Modality {
    /// What it expresses.
    pub kind: ModalityKind,
    /// The marker's lemma ("should", "believe", "allege").
    pub marker: String,
}

/// The predicate of a fact: the relation phrase as the clause states it (voice, polarity,
/// modality), before it becomes a graph [`crate::graph::Relation`].
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Predicate {
    /// Normalised key: lemma, particle, incorporated noun and object preposition (`call_on`).
    pub key: String,
    /// Display label ("calls on").
    pub label: String,
    /// The relation's tokens in the sentence (auxiliaries, negation, verb, particle,
    /// preposition); empty for facts without a verb (appositions, possessives).
    pub tokens: Vec<u32>,
    /// The relation phrase as it reads in the sentence, or the implied verb ("is", "has").
    pub text: String,
    /// Negated ("did not", "never"), or the complement of a negative implicative ("failed to
    /// contain", "put off buying"): the author says it did not happen.
    pub negated: bool,
    /// Passive voice (the subject is the patient).
    pub passive: bool,
    /// Modal or hearsay marking, or the class of the verb the clause is embedded under
    /// ("wants to", "failed to" sets [`Predicate::negated`] instead), if any.
    pub modality: Option<Modality>,
    /// The factuality model's value for the predicate (see
    /// [`PredicateFactuality`](crate::PredicateFactuality)), when the analysis computed one.
    pub factuality: Option<f32>,
}

impl Predicate {
    /// Whether the sentence plainly asserts this predicate as having happened: not negated,
    /// no modality, and a factuality value above 0 when there is one. (An attributed fact is
    /// reported, not asserted, as well: see [`Extraction::is_asserted`].)
    #[must_use]
    pub fn is_asserted(&self) -> bool {
        !self.negated && self.modality.is_none() && self.factuality.is_none_or(|v| v > 0.0)
    }
}

/// The construction a fact came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Construction {
    /// A verbal clause.
    Verb,
    /// A copular clause ("X is Y").
    Copula,
    /// An apposition ("X, the Y,").
    Apposition,
    /// A possessive ("X's Y").
    Possessive,
    /// A nominalisation or derived adjective ("X's victory").
    Nominal,
    /// A title before a name ("President A" → A is President).
    Title,
}

/// One fact.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Extraction {
    /// Index of the sentence in [`Document::sentences`].
    pub sentence: usize,
    /// The subject.
    pub subject: Argument,
    /// The relation.
    pub relation: Predicate,
    /// The object, when there is one.
    pub object: Option<Argument>,
    /// Further arguments (time, place, other adjuncts), in sentence order.
    pub extra: Vec<Argument>,
    /// Who the fact is attributed to ("X said that …"); the fact is then reported, not asserted.
    pub attribution: Option<Argument>,
    /// How it is attributed: the lemma of the verb of saying (`say`, `confirm`), or
    /// `according_to`; set whenever [`Extraction::attribution`] is.
    pub attribution_verb: Option<String>,
    /// The construction it came from.
    pub construction: Construction,
    /// Confidence in `[0, 1]`; higher is more reliable.
    pub confidence: f32,
}

impl Extraction {
    /// Whether the text asserts this fact as plain truth: the predicate is asserted
    /// ([`Predicate::is_asserted`]) and the fact is not reported speech.
    ///
    /// ```
    /// use kg::{Document, Extractor, Pipeline};
    /// let mut doc = Document::new("d", "Karl Lindqvist won the race. Maria Santos may win the cup.");
    /// Pipeline::embedded()?.analyze(&mut doc);
    /// let facts = Extractor::new().extract(&doc);
    /// let won = facts.iter().find(|f| f.relation.key == "win" && f.sentence == 0).unwrap();
    /// let may = facts.iter().find(|f| f.relation.key == "win" && f.sentence == 1).unwrap();
    /// assert!(won.is_asserted() && !may.is_asserted());
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn is_asserted(&self) -> bool {
        self.attribution.is_none() && self.relation.is_asserted()
    }

    /// The byte span in [`Document::text`] covered by some of this fact's sentence's tokens
    /// (e.g. `&self.subject.tokens`), from the first token's start to the last one's end.
    #[must_use]
    pub fn byte_span(&self, doc: &Document, tokens: &[u32]) -> Option<ByteSpan> {
        let s = doc.sentences.get(self.sentence)?;
        let first = doc
            .tokens
            .get(s.first_token as usize + *tokens.first()? as usize)?;
        let last = doc
            .tokens
            .get(s.first_token as usize + *tokens.last()? as usize)?;
        Some(first.span.cover(last.span))
    }

    /// The fact as a CaRB prediction line (without the trailing newline):
    /// `SENTENCE<TAB>CONFIDENCE<TAB>RELATION<TAB>ARG1<TAB>ARG2…`, with tokens separated by single
    /// spaces. `sentence` is the sentence text to write (CaRB joins on it).
    ///
    /// `None` for a fact with no argument besides the subject: CaRB scores such a line 0 against
    /// every two-argument gold tuple, so it could only cost precision.
    #[must_use]
    pub fn carb_line(&self, doc: &Document, sentence: &str) -> Option<String> {
        if self.object.is_none() && self.extra.is_empty() {
            return None;
        }
        let words = |toks: &[u32]| -> String {
            let Some(s) = doc.sentences.get(self.sentence) else {
                return String::new();
            };
            let mut out = String::new();
            for &t in toks {
                if let Some(tok) = doc.tokens.get(s.first_token as usize + t as usize) {
                    clause::push_word(&mut out, &tok.form);
                }
            }
            out
        };
        let clean = |s: String| s.replace('\t', " ");
        let rel = if self.relation.tokens.is_empty() {
            // An implied relation has no surface form; its lemma is the honest text ("be" for
            // appositions and titles, which CaRB matches against any form of "be").
            match self.relation.key.as_str() {
                "be" => "be".to_string(),
                _ => self.relation.text.clone(),
            }
        } else {
            words(&self.relation.tokens)
        };
        let mut line = format!(
            "{}\t{:.4}\t{}\t{}",
            clean(sentence.to_string()),
            self.confidence,
            clean(rel),
            clean(words(&self.subject.tokens))
        );
        line.push('\t');
        if let Some(o) = &self.object {
            line.push_str(&clean(words(&o.tokens)));
        }
        for e in &self.extra {
            line.push('\t');
            line.push_str(&clean(words(&e.tokens)));
        }
        Some(line)
    }
}

/// The derivation table (`models/derivations.tsv`): nominalisation or derived adjective → verb.
const DERIVATIONS: &str = include_str!("../../models/derivations.tsv");

/// The rule-based extractor.
///
/// ```
/// let x = kg::Extractor::new().with_split_coordination(false);
/// # let _ = x;
/// ```
#[derive(Debug, Clone)]
pub struct Extractor {
    split: bool,
    derived: bool,
    names: bool,
    rules: SpanRules,
    derivations: HashMap<String, String>,
}

impl Default for Extractor {
    fn default() -> Self {
        Self::new()
    }
}

/// Relations of a predicate's dependents that belong to the clause, not to a nominal predicate.
const CLAUSE_LEVEL: [&str; 20] = [
    "nsubj",
    "nsubj:pass",
    "nsubj:outer",
    "csubj",
    "csubj:pass",
    "cop",
    "aux",
    "aux:pass",
    "mark",
    "advcl",
    "advcl:relcl",
    "obl",
    "obl:unmarked",
    "obl:agent",
    "obl:tmod",
    "obl:npmod",
    "parataxis",
    "ccomp",
    "expl",
    "discourse",
];

const TIME_WORDS: [&str; 11] = [
    "year",
    "month",
    "week",
    "day",
    "hour",
    "century",
    "decade",
    "time",
    "today",
    "yesterday",
    "tomorrow",
];

/// A lemma naming a time (a unit, a weekday, a month): its phrase is a time adjunct, not a
/// participant.
fn is_time_word(lemma: &str) -> bool {
    let lower = lemma.to_lowercase();
    TIME_WORDS.contains(&lower.as_str())
        || crate::nlp::values::is_month_name(&lower)
        || crate::nlp::values::is_weekday_name(&lower)
}

/// Everything a sentence's rules need.
struct Ctx<'a> {
    tree: Tree<'a>,
    entities: &'a [Mention],
    /// The sentence's factuality layer, indexed by document token.
    factuality: &'a [PredicateFactuality],
    /// Document index of the sentence's first token.
    first_token: u32,
    /// Whether each token of the sentence is inside quotation marks.
    quoted: &'a [bool],
    sentence: usize,
    clauses: Vec<Clause>,
    /// Clause index by predicate token.
    by_pred: Vec<u32>,
}

impl Ctx<'_> {
    /// The factuality model's value for predicate `p` of the sentence, if computed.
    fn factuality_of(&self, p: u32) -> Option<f32> {
        self.predicate_factuality(p).map(|f| f.value)
    }

    /// Whether the factuality rules say predicate `p` is plainly not asserted.
    fn factuality_rule(&self, p: u32) -> bool {
        self.predicate_factuality(p)
            .is_some_and(|f| f.plainly_not_asserted)
    }

    fn predicate_factuality(&self, p: u32) -> Option<&PredicateFactuality> {
        let token = self.first_token + p;
        self.factuality
            .binary_search_by_key(&token, |f| f.token)
            .ok()
            .map(|i| &self.factuality[i])
    }
}

/// What the verbs above a clause say about it.
#[derive(Debug, Clone, PartialEq)]
enum Stance {
    /// It did not happen ("failed to contain", "put off buying").
    Negative,
    /// It is wanted, planned, asked, possible … (see [`ModalityKind`]).
    Modal(Modality),
}

/// The stance the governors of a clause (headed by `predicate`) give it: first a conditional mark on the clause
/// (`if`, `unless`), then the classes ([`factuality::class_of`]) of the verbs it is embedded
/// under, innermost first — the merged control chain `governors` ("wants to", "tried to"),
/// then up from the clause's top `top` through complement clauses (at most four steps).
/// Factives and positive implicatives are transparent; a negated negative implicative ("did
/// not fail to") is too. A verb of saying adds nothing when the fact is already `attributed`.
fn embedding_stance(
    tree: &Tree<'_>,
    predicate: u32,
    governors: &[u32],
    top: u32,
    attributed: bool,
) -> Option<Stance> {
    let marked = |x: u32, words: &[&str]| {
        tree.children(x).iter().any(|&m| {
            tree.rel[m as usize] == "mark" && words.contains(&tree.lemma(m).to_lowercase().as_str())
        })
    };
    let modal = |kind: ModalityKind, marker: &str| {
        Some(Stance::Modal(Modality {
            kind,
            marker: marker.to_string(),
        }))
    };
    if marked(top, &["if", "unless"]) {
        return modal(ModalityKind::Conditional, "if");
    }
    // (governor, the clause under it, whether an adverbial clause lies between).
    let mut chain: Vec<(u32, u32, bool)> = Vec::new();
    let mut below = predicate;
    for &g in governors {
        chain.push((g, below, false));
        below = g;
    }
    let mut x = top;
    let mut adjunct = false;
    for _ in 0..4 {
        let h = tree.head[x as usize];
        if h == NONE {
            break;
        }
        // "urged investors to sell": an infinitive parsed as the object noun's modifier is
        // the complement of the noun's verb when that verb asks (as `clause::subject_of`
        // reads it); otherwise it is the noun's own ("decided in a referendum to leave").
        if tree.base_rel(x) == "acl" && marked(x, &["to"]) {
            let g = tree.head[h as usize];
            if g == NONE
                || !matches!(tree.base_rel(h), "obj" | "iobj" | "obl")
                || clause::governor_class(tree, g) != Some(Class::Directive)
            {
                break;
            }
            chain.push((g, x, adjunct));
            x = g;
            continue;
        }
        let complement = match tree.base_rel(x) {
            "xcomp" | "ccomp" | "csubj" => true,
            // "put off buying", "called on X to join" are often parsed as adjuncts.
            "advcl" => {
                marked(x, &["to"])
                    || tree
                        .children(x)
                        .iter()
                        .all(|&m| tree.rel[m as usize] != "mark")
            }
            _ => false,
        };
        if !complement && tree.base_rel(x) != "advcl" {
            break;
        }
        if marked(x, &["if", "unless"]) {
            return modal(ModalityKind::Conditional, "if");
        }
        // Above an adverbial clause only modals count ("may control them by speaking": the
        // speaking is possible, not done; "wants to leave because it rains" wants no rain).
        adjunct |= !complement;
        chain.push((h, x, adjunct));
        x = h;
    }
    for (g, complement, adjunct) in chain {
        let lemma = tree.lemma(g).to_lowercase();
        let class = governor_keys(tree, g)
            .into_iter()
            .find_map(|k| factuality::class_of(&k).map(|c| (k, c)))
            .filter(|_| !adjunct);
        let Some((key, class)) = class else {
            // A modal on a governor covers what is embedded under it ("may soon be able to
            // control", "will try to").
            if let (_, _, Some(m)) = verb_group(tree, g) {
                return Some(Stance::Modal(m));
            }
            continue;
        };
        let negated = tree.children(g).iter().any(|&c| {
            tree.rel[c as usize] == "advmod"
                && matches!(
                    tree.lemma(c).to_lowercase().as_str(),
                    "not" | "never" | "n't"
                )
        });
        let infinitive = marked(complement, &["to"]);
        return match class {
            Class::NegativeImplicative if negated => continue,
            Class::NegativeImplicative => Some(Stance::Negative),
            Class::PositiveImplicative | Class::Factive => continue,
            Class::Report if infinitive => modal(ModalityKind::Directive, &key),
            Class::Report | Class::Belief if attributed => None,
            Class::Report | Class::Belief => modal(ModalityKind::Hearsay, &key),
            Class::Desire => modal(ModalityKind::Desire, &key),
            Class::Plan if EXPECTATIONS.contains(&lemma.as_str()) => {
                modal(ModalityKind::Expectation, &key)
            }
            Class::Plan => modal(ModalityKind::Plan, &key),
            Class::Attempt => modal(ModalityKind::Attempt, &key),
            Class::Directive => modal(ModalityKind::Directive, &key),
            Class::Hedge => modal(ModalityKind::Possibility, &key),
            Class::Denial => modal(ModalityKind::Denial, &key),
        };
    }
    None
}

/// Which tokens of a document lie inside quotation marks. Straight double quotes toggle,
/// curly and TeX-style quotes open and close; a paragraph break (a blank line, or a line
/// break in text with no blank lines) closes an open quote, since news style reopens a quote
/// that runs on at each paragraph without closing the previous one.
fn quoted_tokens(doc: &Document) -> Vec<bool> {
    let blank_lines = doc.text.contains("\n\n") || doc.text.contains("\r\n\r\n");
    let mut out = Vec::with_capacity(doc.tokens.len());
    let mut inside = false;
    let mut prev_end = 0usize;
    for t in &doc.tokens {
        let (start, end) = (t.span.start as usize, t.span.end as usize);
        if let Some(gap) = doc.text.get(prev_end.min(start)..start) {
            let breaks = gap.matches('\n').count();
            if breaks >= 2 || (breaks == 1 && !blank_lines) {
                inside = false;
            }
        }
        prev_end = end;
        match t.form.as_str() {
            "\"" => {
                inside = !inside;
                out.push(false);
            }
            "\u{201c}" | "``" => {
                inside = true;
                out.push(false);
            }
            "\u{201d}" | "''" => {
                inside = false;
                out.push(false);
            }
            _ => out.push(inside),
        }
    }
    out
}

/// Plan verbs that forecast rather than intend: their complement is *expected*.
const EXPECTATIONS: &[&str] = &["expect", "forecast", "predict", "anticipate", "project"];

impl Extractor {
    /// The extractor with default settings: coordination split, derived facts on.
    #[must_use]
    pub fn new() -> Self {
        let mut derivations = HashMap::default();
        for line in DERIVATIONS.lines() {
            if line.starts_with('#') {
                continue;
            }
            if let Some((w, v)) = line.split_once('\t') {
                derivations.insert(w.trim().to_string(), v.trim().to_string());
            }
        }
        Self {
            split: true,
            derived: true,
            names: true,
            rules: SpanRules::default(),
            derivations,
        }
    }

    /// Whether coordinated subjects and objects give one fact per conjunct (default true).
    #[must_use]
    pub fn with_split_coordination(mut self, split: bool) -> Self {
        self.split = split;
        self.rules.conjuncts = split;
        self
    }

    /// Whether a common-noun argument with an appositive name is replaced by the name
    /// ("His rival, A, won" → A won; default true, for the graph).
    #[must_use]
    pub fn with_apposition_names(mut self, names: bool) -> Self {
        self.names = names;
        self
    }

    /// Whether appositions, possessives and nominalisations give facts (default true).
    #[must_use]
    pub fn with_derived_facts(mut self, derived: bool) -> Self {
        self.derived = derived;
        self
    }

    /// The argument span rules.
    #[must_use]
    pub fn with_span_rules(mut self, rules: SpanRules) -> Self {
        self.rules = rules;
        self.split = rules.conjuncts;
        self
    }

    /// The verb a nominalisation or derived adjective comes from ("victory" → "win").
    #[must_use]
    pub fn derivation(&self, word: &str) -> Option<&str> {
        self.derivations.get(word).map(String::as_str)
    }

    /// Extracts the facts of every sentence of `doc`, in sentence order.
    ///
    /// Linear in the number of tokens; never panics, whatever the heads and labels.
    #[must_use]
    pub fn extract(&self, doc: &Document) -> Vec<Extraction> {
        let mut out = Vec::new();
        let quoted = quoted_tokens(doc);
        for (si, s) in doc.sentences.iter().enumerate() {
            let Some(tokens) = doc.tokens.get(s.token_range()) else {
                continue;
            };
            let quoted = quoted.get(s.token_range()).unwrap_or(&[]);
            self.extract_sentence(tokens, s, si, quoted, &mut out);
        }
        out
    }

    /// Extracts the facts of one sentence's tokens into `out`.
    fn extract_sentence(
        &self,
        tokens: &[crate::document::Token],
        s: &Sentence,
        sentence: usize,
        quoted: &[bool],
        out: &mut Vec<Extraction>,
    ) {
        let tree = Tree::new(tokens);
        let clauses = find_clauses(&tree);
        let mut by_pred = vec![NONE; tree.len()];
        for (k, c) in clauses.iter().enumerate() {
            by_pred[c.predicate as usize] = k as u32;
        }
        let ctx = Ctx {
            tree,
            entities: &s.entities,
            factuality: &s.factuality,
            first_token: s.first_token,
            quoted,
            sentence,
            clauses,
            by_pred,
        };
        for k in 0..ctx.clauses.len() {
            self.clause_facts(&ctx, k, out);
        }
        if self.derived {
            self.derived_facts(&ctx, out);
        }
    }

    fn argument(&self, ctx: &Ctx<'_>, tokens: Vec<u32>, head: u32, role: ArgRole) -> Argument {
        let tree = &ctx.tree;
        let mention = ctx
            .entities
            .iter()
            .find(|m| m.tokens.start <= head && head < m.tokens.end);
        Argument {
            text: surface(tree, &tokens),
            tokens,
            head,
            role,
            kind: mention.map(|m| m.kind),
            value: mention.and_then(|m| m.normalized.clone()),
            is_pronoun: (head as usize) < tree.len() && tree.is_pronoun(head),
        }
    }

    /// An argument headed by `head` with the default rules, never entering `stop`.
    fn arg(&self, ctx: &Ctx<'_>, head: u32, stop: u32, role: ArgRole) -> Argument {
        let head = self.named(ctx, head, stop, role);
        let toks = span(&ctx.tree, head, stop, self.rules);
        self.argument(ctx, toks, head, role)
    }

    /// The appositive name standing for a common-noun subject or object, when names are preferred.
    fn named(&self, ctx: &Ctx<'_>, head: u32, stop: u32, role: ArgRole) -> u32 {
        let tree = &ctx.tree;
        if !self.names
            || !matches!(role, ArgRole::Subject | ArgRole::Object)
            || head as usize >= tree.len()
            || tree.upos(head) != Upos::Noun
        {
            return head;
        }
        if let Some(c) =
            tree.children(head).iter().copied().find(|&c| {
                c != stop && tree.rel[c as usize] == "appos" && tree.upos(c) == Upos::Propn
            })
        {
            return c;
        }
        // "the winner of the election, A," with A attached to "election": the name is still
        // the argument's (see `appos_governor`).
        let mut x = head;
        for _ in 0..4 {
            let Some(n) = tree.children(x).iter().copied().find(|&c| {
                c > x && c != stop && tree.rel[c as usize] == "nmod" && tree.upos(c) == Upos::Noun
            }) else {
                break;
            };
            if let Some(a) = tree.children(n).iter().copied().find(|&a| {
                a != stop
                    && tree.rel[a as usize] == "appos"
                    && self.appos_governor(ctx, a) == Some(head)
            }) {
                return a;
            }
            x = n;
        }
        head
    }

    /// The noun a person-name apposition really describes when the parser hung it on a
    /// non-person noun inside a prepositional modifier: in "the winner of the election, A", A
    /// is the winner, not the election. `None` when the attachment is plausible as it is.
    fn appos_governor(&self, ctx: &Ctx<'_>, a: u32) -> Option<u32> {
        let tree = &ctx.tree;
        let h = tree.head[a as usize];
        if h == NONE || tree.rel[a as usize] != "appos" || tree.upos(a) != Upos::Propn {
            return None;
        }
        let mention = |i: u32| {
            ctx.entities
                .iter()
                .find(|m| m.tokens.start <= i && i < m.tokens.end)
                .map(|m| m.kind)
        };
        let name = match mention(a) {
            Some(k) => k == EntityKind::Person,
            // Without entity mentions, a multi-word proper name ("Ann Lee").
            None => ctx.entities.is_empty() && tree.child(a, "flat").is_some(),
        };
        if !name || tree.upos(h) != Upos::Noun || self.person_like(ctx, h) {
            return None;
        }
        let mut g = h;
        for _ in 0..4 {
            if tree.rel[g as usize] != "nmod" {
                return None;
            }
            g = tree.head[g as usize];
            if g == NONE {
                return None;
            }
            if tree.upos(g) == Upos::Noun && is_person_noun(ctx, g, self) {
                return Some(g);
            }
        }
        None
    }

    /// A prepositional phrase as an argument without its preposition.
    fn arg_without_case(&self, ctx: &Ctx<'_>, head: u32, stop: u32, role: ArgRole) -> Argument {
        let tree = &ctx.tree;
        let head = self.named(ctx, head, stop, role);
        let mut toks = span(tree, head, stop, self.rules);
        let case: Vec<u32> = case_tokens(tree, head);
        toks.retain(|t| !case.contains(t));
        self.argument(ctx, toks, head, role)
    }

    /// Whether clause `p` is an infinitive whose subject is its governor's subject, so that its
    /// relation absorbs the governor's ("tried to leave").
    fn merges_up(&self, ctx: &Ctx<'_>, p: u32) -> bool {
        let tree = &ctx.tree;
        let h = tree.head[p as usize];
        if h == NONE || tree.rel[p as usize] != "xcomp" || tree.upos(p) != Upos::Verb {
            return false;
        }
        if !matches!(tree.upos(h), Upos::Verb | Upos::Aux) || tree.is_copular(h) {
            return false;
        }
        let k = ctx.by_pred[p as usize];
        if k == NONE {
            return false;
        }
        let c = &ctx.clauses[k as usize];
        c.source == SubjectSource::Control && ctx.tree.direct_subject(p).is_none() && {
            let hk = ctx.by_pred[h as usize];
            hk != NONE && ctx.clauses[hk as usize].subject == c.subject
        }
    }

    fn clause_facts(&self, ctx: &Ctx<'_>, k: usize, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        let clause = &ctx.clauses[k];
        let p = clause.predicate;
        if clause.subject == NONE {
            return;
        }
        // A governor whose only complement is a merged infinitive gives no fact of its own.
        if tree.children(p).iter().any(|&c| self.merges_up(ctx, c))
            && tree.child_any(p, &["obj", "iobj", "ccomp"]).is_none()
        {
            return;
        }
        let copula = clause.kind == ClauseKind::Copula;
        debug_assert!(!copula || tree.is_copular(p));
        // Predicate tokens: governors' relations (merged control chain), then this predicate's.
        let mut rel_toks: Vec<u32> = Vec::new();
        let mut modality: Option<Modality> = None;
        let mut negated = false;
        let mut merged = false;
        let mut extras_from: Vec<u32> = vec![p];
        let mut x = p;
        for _ in 0..8 {
            if !self.merges_up(ctx, x) {
                break;
            }
            let h = tree.head[x as usize];
            merged = true;
            let (toks, neg, m) = verb_group(tree, h);
            rel_toks.extend(toks);
            negated |= neg;
            if m.is_some() {
                modality = m;
            }
            if tree.is_passive(h) && relation::is_hearsay(tree.lemma(h)) {
                modality = Some(Modality {
                    kind: ModalityKind::Hearsay,
                    marker: tree.lemma(h).to_lowercase(),
                });
            }
            // The infinitive marker ("to") joins the relation.
            for &c in tree.children(x) {
                if tree.rel[c as usize] == "mark" {
                    rel_toks.push(c);
                }
            }
            extras_from.push(h);
            x = h;
        }
        let top = x;
        let (toks, neg, m) = verb_group(tree, p);
        rel_toks.extend(toks);
        negated |= neg;
        if m.is_some() {
            modality = m;
        }
        if copula {
            // The predicate nominal's preposition joins a copula ("is in Paris").
            rel_toks.extend(case_tokens(tree, p));
        }

        // Object and key words.
        let mut key_rest: Vec<String> = Vec::new();
        let lemma = if copula {
            "be".to_string()
        } else {
            tree.lemma(p).to_lowercase()
        };
        for &c in tree.children(p) {
            if tree.rel[c as usize] == "compound:prt" || is_particle(tree, p, c) {
                key_rest.push(tree.lemma(c).to_lowercase());
            }
        }
        let mut objects: Vec<(u32, Argument)> = Vec::new();
        let mut used: Vec<u32> = Vec::new();
        let mut clausal_object = false;
        if copula {
            let toks = nominal_span(tree, p, clause.subject, self.rules);
            let mut toks = toks;
            let case = case_tokens(tree, p);
            toks.retain(|t| !case.contains(t));
            if !case.is_empty() {
                key_rest.extend(case.iter().map(|&c| tree.form(c).to_lowercase()));
            }
            let a = self.argument(ctx, toks, p, ArgRole::Object);
            objects.push((p, a));
            if self.split {
                for c in conjuncts(tree, p).into_iter().skip(1) {
                    if !tree.is_copular(c)
                        && tree.direct_subject(c).is_none()
                        && tree.upos(c) != Upos::Verb
                    {
                        let toks = nominal_span(tree, c, clause.subject, self.rules);
                        objects.push((c, self.argument(ctx, toks, c, ArgRole::Object)));
                        used.push(c);
                    }
                }
            }
        } else {
            let obj = if clause.object_override != NONE {
                Some(clause.object_override)
            } else {
                tree.child(p, "iobj")
                    .or_else(|| tree.child(p, "obj"))
                    .or_else(|| {
                        tree.child(p, "xcomp")
                            .filter(|&c| tree.upos(c) != Upos::Verb)
                    })
            };
            if let Some(o) = obj {
                used.push(o);
                // Light verbs and bare objects followed by a preposition take the noun into the
                // relation: "paid a visit to Moscow" → pay_visit_to Moscow.
                if clause.object_override == NONE {
                    if let Some((pp, noun_toks)) = self.incorporate(tree, p, o) {
                        rel_toks.extend(noun_toks);
                        rel_toks.extend(case_tokens(tree, pp));
                        key_rest.push(tree.lemma(o).to_lowercase());
                        key_rest.push(tree.case_marker(pp));
                        used.push(pp);
                        for c in self.split_heads(tree, pp) {
                            let a = self.arg_without_case(ctx, c, p, ArgRole::Object);
                            objects.push((c, a));
                        }
                    }
                }
                if objects.is_empty() {
                    let stop = if clause.object_override != NONE {
                        p
                    } else {
                        NONE
                    };
                    // The noun a relative clause modifies is one object, whatever it is
                    // coordinated with.
                    let heads = if clause.object_override != NONE {
                        vec![o]
                    } else {
                        self.split_heads(tree, o)
                    };
                    for c in heads {
                        let a = if clause.object_override != NONE {
                            let toks = modified_span(tree, c, stop, self.rules);
                            self.argument(ctx, toks, c, ArgRole::Object)
                        } else {
                            self.arg(ctx, c, stop, ArgRole::Object)
                        };
                        objects.push((c, a));
                    }
                }
            } else if let Some(cc) = tree.child_any(p, &["ccomp", "csubj"]).filter(|&c| c > p) {
                used.push(cc);
                clausal_object = true;
                let mut toks = span(tree, cc, NONE, self.rules);
                let marks: Vec<u32> = tree
                    .children(cc)
                    .iter()
                    .copied()
                    .filter(|&m| tree.rel[m as usize] == "mark" && m < cc)
                    .collect();
                toks.retain(|t| !marks.contains(t));
                rel_toks.extend(marks);
                // A full clause keeps its coordination (it is one proposition).
                let a = self.argument(ctx, toks, cc, ArgRole::Object);
                objects.push((cc, a));
            } else if let Some(pp) = self.promoted_obl(tree, p) {
                used.push(pp);
                rel_toks.extend(case_tokens(tree, pp));
                let m = tree.case_marker(pp);
                if !m.is_empty() {
                    key_rest.push(m);
                }
                for c in self.split_heads(tree, pp) {
                    let a = self.arg_without_case(ctx, c, p, ArgRole::Object);
                    objects.push((c, a));
                }
            }
        }

        // Extras: adjuncts of the predicate (and of merged governors), in sentence order.
        let mut extra: Vec<Argument> = Vec::new();
        let mut attribution: Option<(Argument, String)> = None;
        for &h in &extras_from {
            for &c in tree.children(h) {
                if used.contains(&c) {
                    continue;
                }
                let r = tree.rel[c as usize];
                let is_obl = r == "obl" || r.starts_with("obl:");
                if r == "obj" && h == p && !tree.is_relative(c) {
                    // A direct object after an indirect one ("gave her a book").
                    extra.push(self.arg(ctx, c, p, ArgRole::Other));
                    continue;
                }
                if is_obl {
                    if tree.is_relative(c) {
                        // "in which": the relation to the modified noun, already implied.
                        continue;
                    }
                    let marker = tree.case_marker(c);
                    if marker == "according to" {
                        attribution = Some((
                            self.arg_without_case(ctx, c, p, ArgRole::Attribution),
                            "according_to".to_string(),
                        ));
                        continue;
                    }
                    let role = self.role(ctx, c, &marker);
                    extra.push(self.arg(ctx, c, p, role));
                } else if r == "xcomp"
                    && h == p
                    && !self.merges_up(ctx, c)
                    && tree.upos(c) == Upos::Verb
                {
                    // Object control: the infinitive is an argument of the governor.
                    extra.push(self.arg(ctx, c, NONE, ArgRole::Other));
                }
            }
        }
        extra.retain(|a| !a.tokens.is_empty());
        extra.sort_by_key(|a| a.tokens.first().copied().unwrap_or(0));

        // Attribution: a clause under a verb of saying, or with one as parataxis.
        if attribution.is_none() {
            attribution = self.attribution(ctx, top);
        }
        // Hearsay participles on the arguments ("alleged attacks").
        if modality.is_none() {
            let mut heads = vec![clause.subject];
            heads.extend(objects.iter().map(|(h, _)| *h));
            for h in heads {
                if (h as usize) >= tree.len() {
                    continue;
                }
                for &c in tree.children(h) {
                    if tree.rel[c as usize] == "amod" && relation::is_hearsay(tree.lemma(c)) {
                        modality = Some(Modality {
                            kind: ModalityKind::Hearsay,
                            marker: tree.lemma(c).to_lowercase(),
                        });
                    }
                }
            }
        }

        // What the verbs above the clause say about it ("failed to", "wants to", "if").
        let governors: Vec<u32> = extras_from[1..].to_vec();
        match embedding_stance(tree, p, &governors, top, attribution.is_some()) {
            Some(Stance::Negative) => negated = true,
            // A more telling class replaces the hearsay a passive governor gave ("is expected
            // to" is an expectation); an auxiliary's modal stays ("could want").
            Some(Stance::Modal(m))
                if modality
                    .as_ref()
                    .is_none_or(|x| x.kind == ModalityKind::Hearsay) =>
            {
                modality = Some(m);
            }
            _ => {}
        }
        // Quoted words are the speaker's, not the author's: a report even when no "said"
        // names the speaker in this sentence.
        if modality.is_none() && attribution.is_none() && ctx.quoted.get(p as usize) == Some(&true)
        {
            modality = Some(Modality {
                kind: ModalityKind::Hearsay,
                marker: "\"".to_string(),
            });
        }
        let factuality = ctx.factuality_of(p);
        if !negated && modality.is_none() && ctx.factuality_rule(p) {
            // The factuality rules saw what the walk above did not: a polar question, or a
            // negative implicative over a clause parsed as an adjunct.
            if tree.len() > 0 && tree.form(tree.len() as u32 - 1) == "?" {
                modality = Some(Modality {
                    kind: ModalityKind::Question,
                    marker: "?".to_string(),
                });
            } else {
                negated = true;
            }
        }

        rel_toks.sort_unstable();
        rel_toks.dedup();
        let (key, label) = relation::key_and_label(&lemma, &key_rest);
        let passive = clause.kind == ClauseKind::Passive;
        let text = if rel_toks.is_empty() {
            label.clone()
        } else {
            surface(tree, &rel_toks)
        };
        let relation = Predicate {
            key,
            label,
            tokens: rel_toks,
            text,
            negated,
            passive,
            modality,
            factuality,
        };
        let subj_heads = if self.split {
            conjuncts(tree, clause.subject)
        } else {
            vec![clause.subject]
        };
        let stop = if clause.source == SubjectSource::Modified {
            top
        } else {
            NONE
        };
        let construction = if copula {
            Construction::Copula
        } else {
            Construction::Verb
        };
        let n_obj = objects.len().max(1);
        for &s in subj_heads.iter().take(6) {
            let named = if clause.source == SubjectSource::Modified {
                self.named(ctx, s, stop, ArgRole::Subject)
            } else {
                s
            };
            let subject = if named != s {
                // "His rival, A, who won …": the appositive name is the subject.
                self.arg(ctx, named, stop, ArgRole::Subject)
            } else if clause.source == SubjectSource::Modified {
                let toks = modified_span(tree, s, stop, self.rules);
                self.argument(ctx, toks, s, ArgRole::Subject)
            } else {
                // A controller found as an oblique ("called on X to …") loses its preposition.
                self.arg_without_case(ctx, s, p, ArgRole::Subject)
            };
            for oi in 0..n_obj.min(6) {
                let object = objects
                    .get(oi)
                    .map(|(_, a)| a.clone())
                    .filter(|a| !a.tokens.is_empty());
                let features = confidence::Features {
                    construction,
                    source: clause.source,
                    passive,
                    subject_len: subject.tokens.len(),
                    object_len: object.as_ref().map_or(0, |o| o.tokens.len()),
                    extras: extra.len(),
                    pronoun_subject: subject.is_pronoun,
                    sentence_len: tree.len(),
                    clausal_object,
                    merged,
                };
                out.push(Extraction {
                    sentence: ctx.sentence,
                    subject: subject.clone(),
                    relation: relation.clone(),
                    object,
                    extra: extra.clone(),
                    attribution: attribution.as_ref().map(|(a, _)| a.clone()),
                    attribution_verb: attribution.as_ref().map(|(_, v)| v.clone()),
                    construction,
                    confidence: confidence::score(&features),
                });
            }
        }
    }

    /// The conjuncts of `head` when splitting, else `head` alone.
    fn split_heads(&self, tree: &Tree<'_>, head: u32) -> Vec<u32> {
        if self.split {
            conjuncts(tree, head)
        } else {
            vec![head]
        }
    }

    /// The oblique whose preposition joins the relation when there is no object: the agent of a
    /// passive, else the first prepositional oblique after the verb.
    fn promoted_obl(&self, tree: &Tree<'_>, p: u32) -> Option<u32> {
        if let Some(a) = tree.child(p, "obl:agent") {
            return Some(a);
        }
        if tree.is_passive(p) {
            // A parser may leave the agent as a plain oblique with "by".
            if let Some(a) =
                tree.children(p).iter().copied().find(|&c| {
                    c > p && tree.rel[c as usize] == "obl" && tree.case_marker(c) == "by"
                })
            {
                return Some(a);
            }
        }
        tree.children(p).iter().copied().find(|&c| {
            c > p && tree.rel[c as usize] == "obl" && {
                let m = tree.case_marker(c);
                !m.is_empty() && m != "according to"
            }
        })
    }

    /// For a light verb with an event noun, or a bare object noun, followed by a prepositional
    /// phrase: the phrase and the noun's tokens to put into the relation.
    fn incorporate(&self, tree: &Tree<'_>, p: u32, o: u32) -> Option<(u32, Vec<u32>)> {
        if !matches!(tree.upos(o), Upos::Noun) || o < p {
            return None;
        }
        let lemma = tree.lemma(o).to_lowercase();
        let light = relation::is_light_verb(&tree.lemma(p).to_lowercase())
            && self.derivations.contains_key(&lemma);
        let bare = o == p + 1
            && tree.children(o).iter().all(|&c| {
                !matches!(
                    tree.base_rel(c),
                    "det" | "nmod:poss" | "nummod" | "amod" | "compound" | "acl" | "appos" | "conj"
                ) && tree.rel[c as usize] != "nmod:poss"
            });
        if !light && !bare {
            return None;
        }
        // The phrase: a prepositional modifier of the noun, else an oblique of the verb after it.
        let pp = tree
            .children(o)
            .iter()
            .copied()
            .find(|&c| c > o && tree.base_rel(c) == "nmod" && !tree.case_marker(c).is_empty())
            .or_else(|| {
                tree.children(p).iter().copied().find(|&c| {
                    c > o && tree.rel[c as usize] == "obl" && !tree.case_marker(c).is_empty()
                })
            })?;
        let mut noun_toks = span(tree, o, pp, self.rules);
        noun_toks.retain(|&t| t < pp);
        Some((pp, noun_toks))
    }

    fn role(&self, ctx: &Ctx<'_>, c: u32, marker: &str) -> ArgRole {
        let tree = &ctx.tree;
        let mention = ctx
            .entities
            .iter()
            .find(|m| m.tokens.start <= c && c < m.tokens.end);
        if matches!(
            mention.map(|m| m.kind),
            Some(EntityKind::Date | EntityKind::Time)
        ) || is_time_word(tree.lemma(c))
            || (tree.upos(c) == Upos::Num && marker.is_empty())
            || matches!(marker, "during" | "since" | "until" | "after" | "before")
        {
            return ArgRole::Time;
        }
        if matches!(mention.map(|m| m.kind), Some(EntityKind::Location))
            || (tree.upos(c) == Upos::Propn
                && matches!(
                    marker,
                    "in" | "at" | "near" | "across" | "throughout" | "inside"
                ))
        {
            return ArgRole::Place;
        }
        ArgRole::Other
    }

    /// The speaker of a clause headed by `top`: the subject of a verb of saying that governs it
    /// (`ccomp`) or that it governs as a parenthetical (`parataxis`).
    fn attribution(&self, ctx: &Ctx<'_>, top: u32) -> Option<(Argument, String)> {
        let tree = &ctx.tree;
        let speaker_of = |v: u32| -> Option<u32> {
            if !relation::is_speech(&tree.lemma(v).to_lowercase()) {
                return None;
            }
            let k = ctx.by_pred[v as usize];
            if k == NONE {
                return None;
            }
            let s = ctx.clauses[k as usize].subject;
            (s != NONE).then_some(s)
        };
        // Up from the clause to the root: a report covers everything inside it ("Judges can
        // jail parents who breach orders, a spokesman said" reports the relative clause too).
        let mut x = top;
        for _ in 0..8 {
            let h = tree.head[x as usize];
            if h != NONE && tree.rel[x as usize] == "ccomp" {
                if let Some(s) = speaker_of(h) {
                    return Some((
                        self.arg(ctx, s, h, ArgRole::Attribution),
                        tree.lemma(h).to_lowercase(),
                    ));
                }
            }
            for &c in tree.children(x) {
                if tree.rel[c as usize] == "parataxis" && c != top {
                    if let Some(s) = speaker_of(c) {
                        return Some((
                            self.arg(ctx, s, c, ArgRole::Attribution),
                            tree.lemma(c).to_lowercase(),
                        ));
                    }
                }
            }
            if h == NONE {
                break;
            }
            x = h;
        }
        None
    }

    fn derived_facts(&self, ctx: &Ctx<'_>, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        for i in 0..tree.len() as u32 {
            if matches!(tree.upos(i), Upos::Noun) {
                self.nominal(ctx, i, out);
            }
            let h = tree.head[i as usize];
            let r = tree.rel[i as usize];
            if h == NONE {
                continue;
            }
            if matches!(r, "nmod:desc" | "compound")
                && i < h
                && tree.upos(h) == Upos::Propn
                && is_title(&tree.lemma(i).to_lowercase())
                && tree.rel[h as usize] != "compound"
            {
                // "Russian President A B" → "A B" is "Russian President".
                let mut name: Vec<u32> = vec![h];
                name.extend(
                    tree.children(h)
                        .iter()
                        .copied()
                        .filter(|&c| tree.rel[c as usize] == "flat"),
                );
                name.sort_unstable();
                let mut title = span(tree, i, NONE, self.rules);
                for &c in tree.children(h) {
                    if c < i && tree.rel[c as usize] == "amod" {
                        title.extend(span(tree, c, NONE, self.rules));
                    }
                }
                title.sort_unstable();
                let subject = self.argument(ctx, name, h, ArgRole::Subject);
                let object = self.argument(ctx, title, i, ArgRole::Object);
                self.push_simple(
                    ctx,
                    out,
                    subject,
                    "be",
                    "is",
                    Some(object),
                    Construction::Title,
                );
                continue;
            }
            if r == "appos"
                && is_nominal(tree.upos(h))
                && is_nominal(tree.upos(i))
                && self.plausible_apposition(ctx, h, i)
            {
                let h = self.appos_governor(ctx, i).unwrap_or(h);
                // The name is the subject: "the winner, A," → A is the winner.
                let (s, o) = if tree.upos(i) == Upos::Propn && tree.upos(h) != Upos::Propn {
                    (i, h)
                } else {
                    (h, i)
                };
                let mut subject =
                    self.appos_side(ctx, s, if s == h { i } else { NONE }, ArgRole::Subject);
                let mut object =
                    self.appos_side(ctx, o, if o == h { i } else { NONE }, ArgRole::Object);
                if subject.tokens.is_empty() || object.tokens.is_empty() {
                    continue;
                }
                // "Minsk, Belarus": a place in a place.
                let places = [&subject, &object]
                    .iter()
                    .all(|a| a.kind == Some(EntityKind::Location));
                let (key, label) = if places {
                    ("be_in", "is in")
                } else {
                    ("be", "is")
                };
                if places && s != h {
                    std::mem::swap(&mut subject, &mut object);
                    subject.role = ArgRole::Subject;
                    object.role = ArgRole::Object;
                }
                self.push_simple(
                    ctx,
                    out,
                    subject,
                    key,
                    label,
                    Some(object),
                    Construction::Apposition,
                );
            } else if r == "nmod:poss"
                && matches!(tree.upos(i), Upos::Propn | Upos::Noun)
                && matches!(tree.upos(h), Upos::Noun | Upos::Propn)
                && !is_time_word(tree.lemma(i))
                // "the Children's Minister Jane Doe": a title, not a possession of a person.
                && !ctx
                    .entities
                    .iter()
                    .any(|m| m.kind == EntityKind::Person && m.tokens.contains(&h))
            {
                let subject = self.arg_without_case(ctx, i, NONE, ArgRole::Subject);
                let mut toks = modified_span(tree, h, i, self.rules);
                toks.retain(|&t| t != i && !span(tree, i, NONE, self.rules).contains(&t));
                let object = self.argument(ctx, toks, h, ArgRole::Object);
                self.push_simple(
                    ctx,
                    out,
                    subject,
                    "have",
                    "has",
                    Some(object),
                    Construction::Possessive,
                );
            }
        }
    }

    /// Whether `i`, parsed as an apposition of `h`, reads as one. Rejected: a list of
    /// adjectives mistaken for nouns ("current bilateral, regional and global issues": the
    /// "appositive" opens with coordinated adjectives), and a nominal sentence root with a
    /// preposition, where the parser found no verb ("In the crisis, A and B, …, have …").
    fn plausible_apposition(&self, ctx: &Ctx<'_>, h: u32, i: u32) -> bool {
        let tree = &ctx.tree;
        let adjective_list = tree.children(i).iter().any(|&c| {
            c < i
                && tree.rel[c as usize] == "amod"
                && tree
                    .children(c)
                    .iter()
                    .any(|&d| tree.rel[d as usize] == "conj")
        }) && tree.children(h).iter().all(|&c| tree.base_rel(c) != "det");
        let verbless_root = tree.head[h as usize] == NONE && tree.child(h, "case").is_some();
        // "combine telephony, music and video players": a list, not a renaming.
        let list = tree.children(i).iter().any(|&c| {
            tree.rel[c as usize] == "conj"
                && tree
                    .children(c)
                    .iter()
                    .any(|&d| tree.rel[d as usize] == "cc")
        });
        // An apposition is set off by a comma, a parenthesis or a spaced dash; "hands-free
        // access" is one word.
        let (lo, hi) = (h.min(i), h.max(i));
        let set_off = (lo + 1..hi).any(|t| {
            let form = tree.form(t);
            match form {
                "," | "(" | ")" | ":" | "\u{2013}" | "\u{2014}" | "--" => true,
                "-" => {
                    let tokens = tree.tokens();
                    tokens[t as usize - 1].space_after && tokens[t as usize].space_after
                }
                _ => false,
            }
        });
        !adjective_list && !verbless_root && !list && set_off
    }

    /// One side of an apposition fact, as an argument without its preposition. The noun the
    /// apposition hangs on (`stop` set) loses its clause-level dependents too: in "in Minsk,
    /// Belarus, between A and B" the "between" phrase is a parser's attachment of the verb's
    /// adjunct, not part of the name. (Cutting them from the appositive side as well lost
    /// 0.016 CaRB dev recall for 0.027 precision; measured, not adopted.)
    fn appos_side(&self, ctx: &Ctx<'_>, head: u32, stop: u32, role: ArgRole) -> Argument {
        let mut a = self.arg_without_case(ctx, head, stop, role);
        if stop == NONE || a.head != head {
            return a;
        }
        let tree = &ctx.tree;
        let mut cut: Vec<u32> = Vec::new();
        for &c in tree.children(head) {
            let r = tree.rel[c as usize];
            if c > stop && (CLAUSE_LEVEL.contains(&r) || r == "advcl") {
                // The whole subtree, conjuncts and clauses included.
                let whole = SpanRules {
                    relative_clauses: false,
                    appositions: false,
                    conjuncts: false,
                    participles: false,
                };
                cut.extend(span(tree, c, NONE, whole));
                cut.push(c);
            }
        }
        if cut.is_empty() {
            return a;
        }
        let mut toks = a.tokens.clone();
        toks.retain(|t| !cut.contains(t));
        arguments::trim_edges(tree, &mut toks);
        a = self.argument(ctx, toks, head, role);
        a
    }

    /// Facts from a nominalisation ("A's victory over B") or a derived adjective on a noun
    /// ("a congratulatory telegram from A to B").
    fn nominal(&self, ctx: &Ctx<'_>, n: u32, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        let own = self.derivation(&tree.lemma(n).to_lowercase());
        let adj = tree.children(n).iter().copied().find_map(|c| {
            let lemma = tree.lemma(c).to_lowercase();
            // A derived adjective, also when tagged as a noun in a compound ("congratulatory").
            let adjectival = tree.rel[c as usize] == "amod"
                || (tree.rel[c as usize] == "compound"
                    && ["ory", "ive", "ant", "ful"]
                        .iter()
                        .any(|x| lemma.ends_with(x)));
            adjectival.then(|| self.derivation(&lemma)).flatten()
        });
        // "a congratulatory call": the adjective, not the message noun, says what was done.
        let own = own.filter(|_| adj.is_none() || !is_message_noun(&tree.lemma(n).to_lowercase()));
        let Some(verb) = own.or(adj) else {
            return;
        };
        let nmods: Vec<(u32, String)> = tree
            .children(n)
            .iter()
            .copied()
            .filter(|&c| {
                tree.rel[c as usize] == "nmod"
                    || tree.rel[c as usize].starts_with("nmod:")
                        && tree.rel[c as usize] != "nmod:poss"
                        && tree.rel[c as usize] != "nmod:desc"
            })
            .map(|c| (c, tree.case_marker(c)))
            .collect();
        let mut agent = nmods
            .iter()
            .find(|(_, m)| m == "by" || m == "from")
            .map(|(c, _)| *c);
        if own.is_some() && agent.is_none() {
            agent = tree.child(n, "nmod:poss");
        }
        let h = tree.head[n as usize];
        let governor_subject = || -> Option<u32> {
            let k = ctx.by_pred.get(h as usize).copied().unwrap_or(NONE);
            (k != NONE && ctx.clauses[k as usize].subject != NONE)
                .then(|| ctx.clauses[k as usize].subject)
        };
        let mut via_light_verb = false;
        if own.is_some() && agent.is_none() && h != NONE {
            // The subject of a light verb does what its object noun names ("A paid a visit").
            if tree.rel[n as usize] == "obj"
                && relation::is_light_verb(&tree.lemma(h).to_lowercase())
            {
                agent = governor_subject();
                via_light_verb = agent.is_some();
            }
        }
        // A message noun ("telegram", "letter") with a derived adjective, used by a verb of
        // communication: the verb's subject sent it ("In a congratulatory letter, A said …",
        // "A sent a congratulatory letter").
        let message = own.is_none()
            && adj.is_some()
            && h != NONE
            && is_message_noun(&tree.lemma(n).to_lowercase())
            && is_communication(&tree.lemma(h).to_lowercase());
        if own.is_none()
            && agent.is_none()
            && h != NONE
            && (tree.base_rel(n) == "obl" || (message && tree.base_rel(n) == "obj"))
        {
            // A derived adjective on an adjunct of a clause describes what the clause's subject
            // did: "In a congratulatory letter, A said …" → A congratulates.
            agent = governor_subject();
        }
        let Some(agent) = agent else {
            return;
        };
        let patient_marker = |m: &str| matches!(m, "of" | "to" | "for" | "against" | "over" | "on");
        let mut patient = nmods
            .iter()
            .find(|(c, m)| *c != agent && patient_marker(m) && !is_time_word(tree.lemma(*c)))
            .map(|(c, _)| *c);
        if patient.is_none() && via_light_verb {
            // "paid a visit on Monday to X": the phrase may hang on the light verb.
            patient = tree.children(h).iter().copied().find(|&c| {
                c > n && tree.base_rel(c) == "obl" && patient_marker(&tree.case_marker(c))
            });
        }
        if patient.is_none() && message {
            patient = self.addressee(ctx, h, n);
        }
        let subject =
            if tree.rel[agent as usize] == "nmod:poss" || !tree.case_marker(agent).is_empty() {
                self.arg_without_case(ctx, agent, n, ArgRole::Subject)
            } else {
                self.arg(ctx, agent, NONE, ArgRole::Subject)
            };
        let object = patient.map(|p| self.arg_without_case(ctx, p, n, ArgRole::Object));
        let base = verb.split_whitespace().next().unwrap_or(verb);
        let rest: Vec<String> = verb
            .split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect();
        let (key, label) = relation::key_and_label(base, &rest);
        self.push_simple(
            ctx,
            out,
            subject,
            &key,
            &label,
            object,
            Construction::Nominal,
        );
    }

    /// Who a message sent by the subject of communication verb `v` is addressed to: the verb's
    /// explicit addressee ("wrote to B", "told B"), else the subject of the reported clause
    /// when it names a person ("A said [the president-elect] should …": a congratulatory
    /// message congratulates the person it talks about).
    fn addressee(&self, ctx: &Ctx<'_>, v: u32, message: u32) -> Option<u32> {
        let tree = &ctx.tree;
        let explicit = tree.children(v).iter().copied().find(|&c| {
            c != message
                && (tree.rel[c as usize] == "iobj"
                    || (tree.base_rel(c) == "obl" && tree.case_marker(c) == "to")
                    || (tree.rel[c as usize] == "obj"
                        && relation::is_speech(&tree.lemma(v).to_lowercase())
                        && self.person_like(ctx, c)))
        });
        if explicit.is_some() {
            return explicit;
        }
        let reported = tree.child(v, "ccomp")?;
        let s = tree.child_any(reported, &["nsubj", "nsubj:pass"])?;
        self.person_like(ctx, s).then_some(s)
    }

    /// Whether a nominal names or describes a person: a proper name, a personal pronoun, a
    /// person mention, or a title noun ("the president-elect", "the minister").
    fn person_like(&self, ctx: &Ctx<'_>, i: u32) -> bool {
        let tree = &ctx.tree;
        if i as usize >= tree.len() {
            return false;
        }
        let lemma = tree.lemma(i).to_lowercase();
        let mention = ctx
            .entities
            .iter()
            .find(|m| m.tokens.start <= i && i < m.tokens.end);
        if let Some(m) = mention {
            return m.kind == EntityKind::Person;
        }
        match tree.upos(i) {
            Upos::Propn => true,
            Upos::Pron => matches!(
                lemma.as_str(),
                "he" | "she" | "they" | "i" | "we" | "you" | "him" | "her" | "them"
            ),
            Upos::Noun => {
                // A title, also split by the tokenizer: "president-elect" → president - elect.
                is_title(&lemma)
                    || (lemma == "elect"
                        && tree.children(i).iter().any(|&c| {
                            tree.rel[c as usize] == "compound"
                                && is_title(&tree.lemma(c).to_lowercase())
                        }))
            }
            _ => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_simple(
        &self,
        ctx: &Ctx<'_>,
        out: &mut Vec<Extraction>,
        subject: Argument,
        key: &str,
        label: &str,
        object: Option<Argument>,
        construction: Construction,
    ) {
        if subject.tokens.is_empty() {
            return;
        }
        let features = confidence::Features {
            construction,
            source: SubjectSource::Direct,
            passive: false,
            subject_len: subject.tokens.len(),
            object_len: object.as_ref().map_or(0, |o| o.tokens.len()),
            extras: 0,
            pronoun_subject: subject.is_pronoun,
            sentence_len: ctx.tree.len(),
            clausal_object: false,
            merged: false,
        };
        out.push(Extraction {
            sentence: ctx.sentence,
            subject,
            relation: Predicate {
                key: key.to_string(),
                label: label.to_string(),
                tokens: Vec::new(),
                text: label.to_string(),
                negated: false,
                passive: false,
                modality: None,
                factuality: None,
            },
            object,
            extra: Vec::new(),
            attribution: None,
            attribution_verb: None,
            construction,
            confidence: confidence::score(&features),
        });
    }
}

/// A particle tagged as an adverb right after its verb ("look forward to").
fn is_particle(tree: &Tree<'_>, p: u32, c: u32) -> bool {
    tree.rel[c as usize] == "advmod"
        && c == p + 1
        && tree.upos(p) == Upos::Verb
        && matches!(
            tree.lemma(c).to_lowercase().as_str(),
            "forward" | "back" | "away" | "out" | "up" | "down" | "off" | "over"
        )
}

/// A noun that denotes a person by what they do or are: a title, a person mention, or an
/// agent noun ("winner", "founder", "candidate", "president").
fn is_person_noun(ctx: &Ctx<'_>, g: u32, x: &Extractor) -> bool {
    if x.person_like(ctx, g) {
        return true;
    }
    let lemma = ctx.tree.lemma(g).to_lowercase();
    lemma.len() > 4
        && ["er", "or", "ist", "ant", "ent", "ee", "ate"]
            .iter()
            .any(|s| lemma.ends_with(s))
}

/// Nouns naming a message: what a derived adjective on them ("congratulatory",
/// "threatening") says its sender does to its addressee.
fn is_message_noun(lemma: &str) -> bool {
    matches!(
        lemma,
        "telegram"
            | "letter"
            | "message"
            | "note"
            | "call"
            | "phone"
            | "cable"
            | "email"
            | "e-mail"
            | "speech"
            | "statement"
            | "address"
            | "remark"
            | "tweet"
            | "post"
            | "card"
            | "video"
            | "interview"
            | "telephone"
            | "conversation"
            | "toast"
    )
}

/// Verbs by which a message is delivered or its content reported.
fn is_communication(lemma: &str) -> bool {
    relation::is_speech(lemma)
        || matches!(
            lemma,
            "send" | "deliver" | "pen" | "issue" | "post" | "publish" | "address" | "make"
        )
}

/// Titles that precede a name.
fn is_title(lemma: &str) -> bool {
    matches!(
        lemma,
        "president"
            | "vice"
            | "prime"
            | "minister"
            | "chancellor"
            | "king"
            | "queen"
            | "prince"
            | "princess"
            | "senator"
            | "sen."
            | "governor"
            | "gov."
            | "mayor"
            | "judge"
            | "justice"
            | "general"
            | "gen."
            | "colonel"
            | "col."
            | "captain"
            | "capt."
            | "admiral"
            | "pope"
            | "bishop"
            | "archbishop"
            | "cardinal"
            | "rev."
            | "reverend"
            | "ambassador"
            | "secretary"
            | "chairman"
            | "chairwoman"
            | "ceo"
            | "director"
            | "professor"
            | "prof."
            | "dr."
            | "doctor"
            | "coach"
            | "commissioner"
            | "premier"
            | "emperor"
            | "sheikh"
            | "ayatollah"
            | "rabbi"
            | "lord"
            | "lady"
            | "sir"
            | "dame"
            | "lieutenant"
            | "lt."
            | "sergeant"
            | "sgt."
            | "councillor"
            | "councilman"
            | "congressman"
            | "congresswoman"
            | "representative"
            | "rep."
            | "speaker"
            | "chief"
            | "leader"
    )
}

fn is_nominal(u: Upos) -> bool {
    matches!(u, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
}

/// The case tokens (prepositions, with their fixed parts) of a nominal.
fn case_tokens(tree: &Tree<'_>, i: u32) -> Vec<u32> {
    let mut out = Vec::new();
    for &c in tree.children(i) {
        // Prepositions come before their nominal, the possessive 's after it.
        if tree.rel[c as usize] == "case" {
            out.push(c);
            for &f in tree.children(c) {
                if tree.rel[f as usize] == "fixed" {
                    out.push(f);
                }
            }
        }
    }
    out
}

/// A predicate's verb group: auxiliaries, negation, copula, the verb (unless it is a nominal
/// predicate) and its particle; whether it is negated; its modal, if any.
fn verb_group(tree: &Tree<'_>, p: u32) -> (Vec<u32>, bool, Option<Modality>) {
    let mut toks = Vec::new();
    let mut negated = false;
    let mut modality = None;
    for &c in tree.children(p) {
        let r = tree.rel[c as usize];
        match r {
            "aux" | "aux:pass" | "cop" => {
                toks.push(c);
                let l = tree.lemma(c).to_lowercase();
                if let Some(kind) = relation::modal_kind(&l) {
                    modality = Some(Modality { kind, marker: l });
                }
            }
            "compound:prt" => toks.push(c),
            // Particles tagged as adverbs right after the verb ("look forward to").
            "advmod" if is_particle(tree, p, c) => toks.push(c),
            "advmod" => {
                let l = tree.lemma(c).to_lowercase();
                if matches!(l.as_str(), "not" | "never" | "n't") && c < p + 3 {
                    negated = true;
                    toks.push(c);
                }
                // "has reportedly agreed", "probably won": the author does not assert it.
                if modality.is_none() {
                    let kind = crate::lexicon::hedge_of(&l).map(|h| match h {
                        Hedge::Hearsay => ModalityKind::Hearsay,
                        Hedge::Possibility => ModalityKind::Possibility,
                        Hedge::Desire => ModalityKind::Desire,
                    });
                    if let Some(kind) = kind {
                        modality = Some(Modality { kind, marker: l });
                    }
                }
            }
            _ => {}
        }
    }
    if !tree.is_copular(p) {
        toks.push(p);
    }
    // Adverbs inside the verb group or right before the verb ("has also been", "often refers")
    // read as part of it.
    if let (Some(&first), Some(&last)) = (toks.iter().min(), toks.iter().max()) {
        for &c in tree.children(p) {
            let adjacent = c + 1 == p && tree.upos(c) == Upos::Adv && !tree.is_relative(c);
            if tree.rel[c as usize] == "advmod"
                && ((c > first && c < last) || adjacent)
                && !toks.contains(&c)
            {
                toks.push(c);
            }
        }
    }
    (toks, negated, modality)
}

/// The span of a noun modified by a relative clause or participle, as an argument of that
/// clause: without the clause, its own clause-level dependents and its preposition.
fn modified_span(tree: &Tree<'_>, head: u32, stop: u32, rules: SpanRules) -> Vec<u32> {
    let rules = SpanRules {
        relative_clauses: true,
        participles: true,
        ..rules
    };
    let mut toks = nominal_span(tree, head, stop, rules);
    let case = case_tokens(tree, head);
    toks.retain(|t| !case.contains(t) && *t != stop);
    toks
}

/// The span of a nominal predicate without its clause-level dependents.
fn nominal_span(tree: &Tree<'_>, p: u32, subject: u32, rules: SpanRules) -> Vec<u32> {
    let mut out = vec![p];
    for &c in tree.children(p) {
        let r = tree.rel[c as usize];
        if c == subject
            || CLAUSE_LEVEL.contains(&r)
            || r == "punct"
            || r == "cc"
            || (r == "advmod"
                && (c > p
                    || c + 1 != p
                    || tree.upos(p) != Upos::Adj
                    || matches!(
                        tree.lemma(c).to_lowercase().as_str(),
                        "not" | "never" | "n't"
                    )))
            || (rules.participles && r == "acl")
            || (rules.conjuncts && r == "conj")
            || (rules.relative_clauses && r == "acl:relcl")
            || (rules.appositions && r == "appos")
        {
            continue;
        }
        out.extend(span(
            tree,
            c,
            subject,
            SpanRules {
                conjuncts: false,
                appositions: false,
                ..rules
            },
        ));
    }
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `extract`.
    #[test]
    fn doc_extract() -> Result<(), Box<dyn std::error::Error>> {
        use crate::Extractor;
        let conllu = "1\tBirds\tbird\tNOUN\tNNS\t_\t2\tnsubj\t_\t_\n2\teat\teat\tVERB\tVBP\t_\t0\troot\t_\t_\n3\tseeds\tseed\tNOUN\tNNS\t_\t2\tobj\t_\t_\n\n";
        let doc = crate::formats::conllu::to_document(
            "d",
            &crate::formats::conllu::read(conllu.as_bytes(), "x")?,
        );
        let facts = Extractor::new().extract(&doc);
        assert_eq!(facts[0].subject.text, "Birds");
        assert_eq!(facts[0].relation.key, "eat");
        assert_eq!(
            facts[0].object.as_ref().map(|o| o.text.as_str()),
            Some("seeds")
        );
        Ok(())
    }
}
