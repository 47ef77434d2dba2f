//! Event factuality: did the event a predicate denotes happen, according to the author?
//!
//! A linear regressor over features of kg's own parse and a small lexicon, trained on
//! UDS-IH2 (Rudinger, White and Van Durme 2018; `kg train factuality`, see
//! `src/train/factuality.rs` and `models/MODELS.md`). It predicts the UDS-IH2 normalised
//! value: above 0 the author asserts that the event happened (`"The agreements contained
//! the violence"`), below 0 it did not or is not asserted (negated, possible, wanted,
//! planned, asked, conditional, questioned: `"failed to contain"`, `"could trigger"`).
//! Values are roughly −2…+2 (UDS-IH2 normalised scale).
//!
//! Features (grouped, see [`groups`]; a model file records the groups it was trained
//! with): the predicate's lemma and part of speech; tense, aspect, voice and mood
//! (imperative, infinitive); negation (`not`, `n't`, `never`, `no` on an argument);
//! modal and future auxiliaries and hedging adverbs; questions (a `?`, a wh-word,
//! subject–auxiliary inversion); conditional and other subordinating marks on the
//! predicate and its governors (`if`, `unless`, `whether`); the embedding predicate, its
//! class in [`LEXICON`] (implicative, factive, report, belief, desire, plan, hedge …),
//! its negation and voice; and the path to the root (relations and governor lemmas).

use crate::document::{Document, Token, Upos};
use crate::nlp::model::{self, ModelError, ModelKind};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::fmt::Write as _;
use std::path::Path;
use std::sync::OnceLock;

/// Model kind of factuality files.
pub const KIND: ModelKind = ModelKind(*b"fact");
/// Payload version; bumped whenever the features or the payload change.
pub const PAYLOAD_VERSION: u16 = 1;

static EMBEDDED: &[u8] = include_bytes!("../../models/factuality.kgm");

/// Feature groups, as bits of [`FactualityModel::groups`] (for ablations).
pub mod groups {
    /// Predicate lemma, part of speech and relation.
    pub const LEXICAL: u32 = 1;
    /// Tense, aspect, voice, imperative and infinitive.
    pub const MOOD: u32 = 2;
    /// Negation of the predicate and of its governors.
    pub const NEGATION: u32 = 4;
    /// Modal and future auxiliaries, hedging adverbs.
    pub const MODAL: u32 = 8;
    /// Questions: `?`, wh-words, inversion.
    pub const QUESTION: u32 = 16;
    /// Subordinating marks (`if`, `unless`, `whether` …) on the predicate and its governors.
    pub const CONDITIONAL: u32 = 32;
    /// The embedding predicate and its lexicon class.
    pub const EMBEDDING: u32 = 64;
    /// Relations and governor lemmas up to the root.
    pub const PATH: u32 = 128;
    /// The words just before and after the predicate (robust to parse errors).
    pub const WINDOW: u32 = 256;
    /// Every group.
    pub const ALL: u32 = 511;
    /// Names (for `--ablate`) and bits.
    pub const NAMES: [(&str, u32); 9] = [
        ("lexical", LEXICAL),
        ("mood", MOOD),
        ("negation", NEGATION),
        ("modal", MODAL),
        ("question", QUESTION),
        ("conditional", CONDITIONAL),
        ("embedding", EMBEDDING),
        ("path", PATH),
        ("window", WINDOW),
    ];
}

/// Lexical classes of embedding predicates (what they say about their complement).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// The complement did not happen (`fail`, `refuse`, `avoid`, `forget to`, `put off`).
    NegativeImplicative,
    /// The complement happened (`manage`, `remember to`).
    PositiveImplicative,
    /// The complement is presupposed true (`know`, `realise`, `regret`).
    Factive,
    /// Reported speech (`say`, `claim`, `allege`).
    Report,
    /// Belief or opinion (`believe`, `think`).
    Belief,
    /// Desire (`want`, `hope`).
    Desire,
    /// Plan, intention, expectation (`plan`, `expect`, `decide`).
    Plan,
    /// Attempt (`try`, `seek`).
    Attempt,
    /// Asking or ordering someone (`ask`, `urge`, `order`).
    Directive,
    /// Hedge: possible or likely (`likely`, `may`, `seem`, `tipped`).
    Hedge,
    /// Denial or doubt (`deny`, `doubt`).
    Denial,
}

impl Class {
    /// Short name used in feature strings.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Class::NegativeImplicative => "impl-",
            Class::PositiveImplicative => "impl+",
            Class::Factive => "fact",
            Class::Report => "report",
            Class::Belief => "belief",
            Class::Desire => "desire",
            Class::Plan => "plan",
            Class::Attempt => "attempt",
            Class::Directive => "directive",
            Class::Hedge => "hedge",
            Class::Denial => "denial",
        }
    }
}

/// The lexicon: lemma (with particle as `put_off`) → class. Small and general; the one
/// place where words are listed.
pub const LEXICON: &[(&str, Class)] = &[
    ("fail", Class::NegativeImplicative),
    ("refuse", Class::NegativeImplicative),
    ("decline", Class::NegativeImplicative),
    ("avoid", Class::NegativeImplicative),
    ("forget", Class::NegativeImplicative),
    ("neglect", Class::NegativeImplicative),
    ("put_off", Class::NegativeImplicative),
    ("postpone", Class::NegativeImplicative),
    ("prevent", Class::NegativeImplicative),
    ("stop", Class::NegativeImplicative),
    ("manage", Class::PositiveImplicative),
    ("remember", Class::PositiveImplicative),
    ("succeed", Class::PositiveImplicative),
    ("begin", Class::PositiveImplicative),
    ("start", Class::PositiveImplicative),
    ("continue", Class::PositiveImplicative),
    ("know", Class::Factive),
    ("realise", Class::Factive),
    ("realize", Class::Factive),
    ("regret", Class::Factive),
    ("discover", Class::Factive),
    ("notice", Class::Factive),
    ("learn", Class::Factive),
    ("reveal", Class::Factive),
    ("admit", Class::Factive),
    ("see", Class::Factive),
    ("say", Class::Report),
    ("claim", Class::Report),
    ("insist", Class::Report),
    ("warn", Class::Report),
    ("allege", Class::Report),
    ("tell", Class::Report),
    ("report", Class::Report),
    ("announce", Class::Report),
    ("state", Class::Report),
    ("argue", Class::Report),
    ("suggest", Class::Report),
    ("believe", Class::Belief),
    ("estimate", Class::Belief),
    ("think", Class::Belief),
    ("suppose", Class::Belief),
    ("assume", Class::Belief),
    ("guess", Class::Belief),
    ("suspect", Class::Belief),
    ("feel", Class::Belief),
    ("want", Class::Desire),
    ("wish", Class::Desire),
    ("hope", Class::Desire),
    ("like", Class::Desire),
    ("love", Class::Desire),
    ("prefer", Class::Desire),
    ("need", Class::Desire),
    ("plan", Class::Plan),
    ("intend", Class::Plan),
    ("expect", Class::Plan),
    ("forecast", Class::Plan),
    ("predict", Class::Plan),
    ("anticipate", Class::Plan),
    ("vow", Class::Plan),
    ("pledge", Class::Plan),
    ("propose", Class::Plan),
    ("decide", Class::Plan),
    ("promise", Class::Plan),
    ("agree", Class::Plan),
    ("aim", Class::Plan),
    ("prepare", Class::Plan),
    ("threaten", Class::Plan),
    ("try", Class::Attempt),
    ("attempt", Class::Attempt),
    ("seek", Class::Attempt),
    ("ask", Class::Directive),
    ("call_on", Class::Directive),
    ("call_for", Class::Directive),
    ("demand", Class::Directive),
    ("invite", Class::Directive),
    ("persuade", Class::Directive),
    ("urge", Class::Directive),
    ("order", Class::Directive),
    ("require", Class::Directive),
    ("allow", Class::Directive),
    ("let", Class::Directive),
    ("encourage", Class::Directive),
    ("recommend", Class::Directive),
    ("likely", Class::Hedge),
    ("unlikely", Class::Hedge),
    ("possible", Class::Hedge),
    ("probable", Class::Hedge),
    ("tip", Class::Hedge),
    ("seem", Class::Hedge),
    ("appear", Class::Hedge),
    ("could", Class::Hedge),
    ("may", Class::Hedge),
    ("might", Class::Hedge),
    ("deny", Class::Denial),
    ("doubt", Class::Denial),
];

/// The class of a lemma key (`put_off` for a phrasal verb), if listed.
#[must_use]
pub fn class_of(key: &str) -> Option<Class> {
    LEXICON.iter().find(|(w, _)| *w == key).map(|(_, c)| *c)
}

const MODALS: &[&str] = &[
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "ought", "'ll",
    "'d", "wo", "ca",
];
const NEGATORS: &[&str] = &["not", "n't", "never", "no", "neither", "nor"];
const NEGATIVE_ARGUMENTS: &[&str] = &["nobody", "nothing", "none", "noone", "neither"];
const SUBORDINATORS: &[&str] = &["if", "unless", "whether", "until", "before", "once"];

/// The trained weights of a factuality model (the payload of `models/factuality.kgm`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FactualityModel {
    /// Feature groups the model was trained with (bits of [`groups`]).
    pub groups: u32,
    /// Constant term.
    pub bias: f32,
    /// Feature weights of the regressor, sorted by feature string.
    pub weights: Vec<(String, f32)>,
    /// Constant term of the sign classifier.
    pub sign_bias: f32,
    /// Feature weights of the sign classifier (averaged perceptron, factual > 0), sorted;
    /// empty when the model has none.
    pub sign_weights: Vec<(String, f32)>,
    /// The value given when the classifier's sign overrides the regressor's: ± this.
    pub sign_margin: f32,
}

/// The factuality model, ready to predict.
#[derive(Debug, Clone)]
pub struct Factuality {
    groups: u32,
    bias: f32,
    weights: FxHashMap<String, f32>,
    sign_bias: f32,
    sign_weights: FxHashMap<String, f32>,
    sign_margin: f32,
}

impl Factuality {
    /// The model embedded in the binary (`models/factuality.kgm`), decoded once.
    ///
    /// # Errors
    /// When the embedded file does not decode (a build with a broken model).
    pub fn embedded() -> Result<&'static Factuality, ModelError> {
        static MODEL: OnceLock<Result<Factuality, String>> = OnceLock::new();
        MODEL
            .get_or_init(|| Self::from_bytes(EMBEDDED).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| ModelError::Payload(e.clone()))
    }

    /// Decodes the bytes of a `.kgm` file.
    ///
    /// # Errors
    /// Any [`ModelError`] from [`model::decode`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        Ok(Self::from_model(model::decode(
            bytes,
            KIND,
            PAYLOAD_VERSION,
        )?))
    }

    /// Loads a model file.
    ///
    /// # Errors
    /// Any [`ModelError`] from [`model::load`].
    pub fn load(path: &Path) -> Result<Self, ModelError> {
        Ok(Self::from_model(model::load(path, KIND, PAYLOAD_VERSION)?))
    }

    /// A predictor from trained weights.
    #[must_use]
    pub fn from_model(model: FactualityModel) -> Self {
        Self {
            groups: model.groups,
            bias: model.bias,
            weights: model.weights.into_iter().collect(),
            sign_bias: model.sign_bias,
            sign_weights: model.sign_weights.into_iter().collect(),
            sign_margin: model.sign_margin,
        }
    }

    /// Factuality of token `token` (0-based within the sentence) of sentence `sentence`
    /// of a tagged and parsed document.
    ///
    /// # Panics
    /// When `sentence` or `token` is out of range.
    #[must_use]
    pub fn predict(&self, doc: &Document, sentence: usize, token: usize) -> f32 {
        let tokens = doc.sentence_tokens(&doc.sentences[sentence]);
        self.predict_in(&Tree::new(tokens), token)
    }

    fn predict_in(&self, tree: &Tree<'_>, i: usize) -> f32 {
        let mut sum = self.bias;
        let mut sign = self.sign_bias;
        features(tree, i, self.groups, &mut |f| {
            if let Some(w) = self.weights.get(f) {
                sum += w;
            }
            if let Some(w) = self.sign_weights.get(f) {
                sign += w;
            }
        });
        if self.sign_weights.is_empty() || (sign > 0.0) == (sum > 0.0) {
            sum
        } else if sign > 0.0 {
            self.sign_margin
        } else {
            -self.sign_margin
        }
    }

    /// Fills [`Sentence::factuality`](crate::document::Sentence::factuality) of every sentence
    /// of a tagged and parsed document: one entry per predicate ([`is_predicate`]).
    pub fn annotate(&self, doc: &mut Document) {
        for s in 0..doc.sentences.len() {
            let sentence = &doc.sentences[s];
            let first = sentence.first_token;
            let tokens = doc.sentence_tokens(sentence);
            let tree = Tree::new(tokens);
            let found: Vec<crate::document::PredicateFactuality> = (0..tokens.len())
                .filter(|&i| is_predicate(tokens, i))
                .map(|i| crate::document::PredicateFactuality {
                    token: first + i as u32,
                    value: self.predict_in(&tree, i),
                    plainly_not_asserted: not_asserted(&tree, i),
                })
                .collect();
            doc.sentences[s].factuality = found;
        }
    }
}

/// Whether word `i` of a parsed sentence heads a predicate, as UDS-IH2 annotates them:
/// a verb, or an auxiliary used as a main verb (not `aux`, `aux:pass` or `cop`).
#[must_use]
pub fn is_predicate(tokens: &[Token], i: usize) -> bool {
    let t = &tokens[i];
    match t.upos {
        Upos::Verb => true,
        Upos::Aux => !matches!(t.deprel.as_str(), "aux" | "aux:pass" | "cop"),
        _ => false,
    }
}

#[cfg(test)]
/// Rules for what the author plainly does not assert, apart from the learned value: word
/// `i` of a parsed sentence is negated (`did not sign`), is the complement of a negative
/// implicative that is not itself negated (`failed to contain`, `put off buying`), or is
/// the main verb of a polar question with subject–auxiliary inversion (`Did they sign?`).
///
/// Not applied inside [`Factuality::predict`]: UDS-IH2's annotators often judged negated
/// events and questions as having happened (about half of the `do`-supported negated
/// verbs of EWT train are positive), so forcing these to ≤ 0 costs accuracy on UDS-IH2 dev
/// (negation −0.34 points, polar questions −0.68, implicatives −0.04) while raising the
/// non-factual F1 for negation (+0.35). A graph that must not assert "did not sign" as a
/// plain fact should use this together with the value (see [`PredicateFactuality`](crate::document::PredicateFactuality)).
#[must_use]
pub fn plainly_not_asserted(tokens: &[Token], i: usize) -> bool {
    not_asserted(&Tree::new(tokens), i)
}

fn not_asserted(tree: &Tree<'_>, i: usize) -> bool {
    if tree.negated(i) {
        return true;
    }
    let (clause, _) = tree.clause_head(i);
    if let Some(g) = tree.head(clause) {
        // A gerund complement is often parsed as an unmarked `advcl` ("put off buying").
        let complement = match tree.rel(clause) {
            "xcomp" | "ccomp" => true,
            "advcl" => tree.kids_rel(clause, "mark").next().is_none(),
            _ => false,
        };
        if complement
            && class_of(&tree.key(g)) == Some(Class::NegativeImplicative)
            && !tree.negated(g)
        {
            return true;
        }
    }
    if tree.question && tree.rel(i) == "root" {
        let aux = tree.kids(i).find(|&c| tree.rel(c) == "aux");
        let subj = tree.kids(i).find(|&c| tree.base_rel(c) == "nsubj");
        if let (Some(a), Some(s)) = (aux, subj) {
            return a < s;
        }
    }
    false
}

/// A parsed sentence with its children lists.
#[derive(Debug)]
pub struct Tree<'a> {
    tokens: &'a [Token],
    children: Vec<Vec<u32>>,
    question: bool,
}

impl<'a> Tree<'a> {
    /// Indexes one parsed sentence.
    #[must_use]
    pub fn new(tokens: &'a [Token]) -> Self {
        let mut children = vec![Vec::new(); tokens.len()];
        for (i, t) in tokens.iter().enumerate() {
            if let Some(h) = t.head_word().filter(|h| h.get() < tokens.len()) {
                children[h.get()].push(i as u32);
            }
        }
        let question = tokens.iter().any(|t| t.form.contains('?'));
        Self {
            tokens,
            children,
            question,
        }
    }

    fn head(&self, i: usize) -> Option<usize> {
        match self.tokens[i].head_word() {
            Some(h) if h.get() < self.tokens.len() && h.get() != i => Some(h.get()),
            _ => None,
        }
    }

    fn rel(&self, i: usize) -> &str {
        &self.tokens[i].deprel
    }

    fn base_rel(&self, i: usize) -> &str {
        let r = self.rel(i);
        r.split_once(':').map_or(r, |(a, _)| a)
    }

    fn lemma(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        if t.lemma.is_empty() {
            &t.form
        } else {
            &t.lemma
        }
    }

    fn lower(&self, i: usize) -> String {
        self.lemma(i).to_lowercase()
    }

    fn kids(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.children[i].iter().map(|&c| c as usize)
    }

    fn kids_rel<'s>(&'s self, i: usize, rel: &'s str) -> impl Iterator<Item = usize> + 's {
        self.kids(i).filter(move |&c| self.rel(c) == rel)
    }

    /// Lemma plus particle (`put_off`).
    fn key(&self, i: usize) -> String {
        let mut k = self.lower(i);
        if let Some(p) = self.kids_rel(i, "compound:prt").next() {
            k.push('_');
            k.push_str(&self.lower(p));
        }
        k
    }

    fn is_in(&self, i: usize, list: &[&str]) -> bool {
        let l = self.lemma(i);
        let f = &self.tokens[i].form;
        list.iter()
            .any(|w| l.eq_ignore_ascii_case(w) || f.eq_ignore_ascii_case(w))
    }

    fn negated(&self, i: usize) -> bool {
        self.kids(i).any(|c| {
            let r = self.base_rel(c);
            (matches!(r, "advmod" | "cc" | "det") && self.is_in(c, NEGATORS))
                || (matches!(r, "nsubj" | "obj" | "expl")
                    && (self.is_in(c, NEGATIVE_ARGUMENTS)
                        || self
                            .kids_rel(c, "det")
                            .any(|d| self.is_in(d, &["no", "neither"]))))
        })
    }

    fn modals(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        self.kids_rel(i, "aux").filter(|&c| self.is_in(c, MODALS))
    }

    fn passive(&self, i: usize) -> bool {
        self.kids(i)
            .any(|c| matches!(self.rel(c), "aux:pass" | "nsubj:pass" | "csubj:pass"))
    }

    /// An imperative: a bare verb (VB) heading a main clause without subject, auxiliary or mark.
    fn imperative(&self, i: usize) -> bool {
        self.tokens[i].xpos == "VB"
            && matches!(self.rel(i), "root" | "parataxis" | "conj")
            && !self.kids(i).any(|c| {
                matches!(
                    self.base_rel(c),
                    "nsubj" | "expl" | "csubj" | "aux" | "mark"
                )
            })
    }

    /// The clause whose relation to its governor matters: through `conj` to the first conjunct.
    fn clause_head(&self, i: usize) -> (usize, bool) {
        let mut j = i;
        let mut through_conj = false;
        for _ in 0..8 {
            match (self.rel(j), self.head(j)) {
                ("conj", Some(h)) => {
                    j = h;
                    through_conj = true;
                }
                _ => break,
            }
        }
        (j, through_conj)
    }
}

/// Calls `emit` with every feature of word `i` in the enabled `groups`.
pub fn features(tree: &Tree<'_>, i: usize, groups: u32, emit: &mut dyn FnMut(&str)) {
    use groups::*;
    let t = &tree.tokens[i];
    let mut buf = String::with_capacity(48);
    let f = |buf: &mut String, emit: &mut dyn FnMut(&str)| {
        emit(buf);
        buf.clear();
    };
    macro_rules! feat {
        ($($arg:tt)*) => {{
            let _ = write!(buf, $($arg)*);
            f(&mut buf, emit);
        }};
    }
    let lemma = tree.lower(i);
    let rel = tree.rel(i);
    let (clause, through_conj) = tree.clause_head(i);
    let governor = tree.head(clause);
    let crel = tree.rel(clause);
    // Atoms of the conjunction features emitted at the end (pairs of atoms).
    let mut atoms: Vec<String> = Vec::with_capacity(10);
    if groups & LEXICAL != 0 {
        atoms.push(format!("r={rel}"));
        feat!("l={lemma}");
        feat!("u={}", t.upos);
        feat!("r={rel}");
        feat!("lu={lemma}|{}", t.upos);
        if let Some(c) = class_of(&tree.key(i)) {
            feat!("own={}", c.name());
        }
    }
    let aux: Vec<usize> = tree
        .kids(i)
        .filter(|&c| matches!(tree.rel(c), "aux" | "aux:pass" | "cop"))
        .collect();
    if groups & MOOD != 0 {
        feat!("x={}", t.xpos);
        feat!("xr={}|{rel}", t.xpos);
        let finite = aux
            .first()
            .map_or(t.xpos.as_str(), |&a| &tree.tokens[a].xpos);
        feat!("tx={finite}");
        atoms.push(format!("tx={finite}"));
        if groups & LEXICAL != 0 {
            feat!("lt={lemma}|{finite}");
        }
        let mut chain = String::new();
        for &a in &aux {
            chain.push_str(&tree.lower(a));
            chain.push('+');
        }
        feat!("ax={chain}");
        if tree.passive(i) {
            feat!("pass");
            atoms.push("pass".into());
        }
        let subject = tree
            .kids(i)
            .find(|&c| matches!(tree.base_rel(c), "nsubj" | "expl" | "csubj"));
        if tree.imperative(i) {
            feat!("imp");
            atoms.push("imp".into());
        } else if through_conj && tree.imperative(clause) {
            feat!("cimp");
            atoms.push("cimp".into());
        }
        if let Some(s) = subject {
            let sl = tree.lower(s);
            if tree.tokens[s].upos == Upos::Pron {
                feat!("subj={sl}");
            }
        } else {
            feat!("nosubj|{}", t.xpos);
        }
        if tree
            .kids_rel(i, "mark")
            .any(|m| tree.lemma(m).eq_ignore_ascii_case("to"))
        {
            feat!("inf");
            atoms.push("inf".into());
        }
    }
    let neg = tree.negated(i);
    let gneg = governor.is_some_and(|g| tree.negated(g));
    if groups & NEGATION != 0 {
        if neg {
            atoms.push("neg".into());
            feat!("neg");
            feat!("neg|{}", t.xpos);
        }
        if gneg {
            feat!("gneg");
        }
        if through_conj && tree.negated(clause) {
            feat!("conjneg");
        }
    }
    if groups & MODAL != 0 {
        if let Some(m) = tree.modals(i).next() {
            atoms.push(format!("m={}", tree.lower(m)));
        }
        for m in tree.modals(i) {
            let ml = tree.lower(m);
            feat!("m={ml}");
            if neg {
                feat!("m|neg={ml}");
            }
        }
        for c in tree.kids_rel(i, "advmod") {
            if tree.is_in(c, &crate::lexicon::HEDGE_ADVERBS) {
                feat!("hadv={}", tree.lower(c));
            }
        }
        if let Some(g) = governor {
            for m in tree.modals(g) {
                feat!("gm={}", tree.lower(m));
            }
        }
        if through_conj {
            for m in tree.modals(clause) {
                feat!("cm={}", tree.lower(m));
            }
        }
    }
    if groups & QUESTION != 0 && tree.question {
        feat!("q");
        atoms.push("q".into());
        feat!("q|r={crel}");
        let wh = tree.kids(i).any(|c| tree.tokens[c].xpos.starts_with('W'));
        if wh {
            feat!("q|wh");
        }
        let subj = tree.kids(i).find(|&c| tree.base_rel(c) == "nsubj");
        if let (Some(&a), Some(s)) = (aux.first(), subj) {
            if a < s {
                feat!("q|inv");
            }
        }
    }
    if groups & QUESTION != 0 {
        // Embedded questions: a wh-word or "whether" introducing the clause.
        if tree
            .kids(clause)
            .any(|c| tree.tokens[c].xpos.starts_with('W') && c < clause)
            && matches!(tree.base_rel(clause), "ccomp" | "advcl" | "csubj" | "acl")
        {
            feat!("whclause|{crel}");
        }
    }
    if groups & CONDITIONAL != 0 {
        for m in tree.kids_rel(i, "mark").chain(if through_conj {
            Some(clause)
                .into_iter()
                .flat_map(|c| tree.kids_rel(c, "mark"))
                .collect::<Vec<_>>()
        } else {
            Vec::new()
        }) {
            let ml = tree.lower(m);
            if atoms.iter().all(|a| !a.starts_with("mk=")) {
                atoms.push(format!("mk={ml}"));
            }
            feat!("mk={ml}");
            feat!("mk|r={ml}|{crel}");
        }
        // Marks of the governors up the tree (an event inside an if-clause).
        let mut j = clause;
        for depth in 0..4 {
            let Some(h) = tree.head(j) else { break };
            for m in tree.kids_rel(h, "mark") {
                if tree.is_in(m, SUBORDINATORS) {
                    feat!("amk={}", tree.lower(m));
                    if depth == 0 {
                        feat!("amk0={}", tree.lower(m));
                    }
                }
            }
            j = h;
        }
    }
    if groups & EMBEDDING != 0 {
        if through_conj {
            feat!("conj");
        }
        if let Some(g) = governor {
            let gkey = tree.key(g);
            let class = class_of(&gkey);
            feat!("g={crel}|{gkey}");
            feat!("gu={crel}|{}", tree.tokens[g].upos);
            feat!("gx={crel}|{}", tree.tokens[g].xpos);
            atoms.push(format!("cr={crel}"));
            if let Some(c) = class {
                let c = c.name();
                atoms.push(format!("gc={c}"));
                feat!("gc={c}");
                feat!("gc={crel}|{c}");
                feat!("gc|neg={c}|{}", tree.negated(g));
                feat!("gc|pass={c}|{}", tree.passive(g));
                feat!("gc|x={c}|{}", tree.tokens[g].xpos);
            }
        }
        // The nearest classed ancestor further up.
        let mut j = clause;
        for depth in 0..5 {
            let Some(h) = tree.head(j) else { break };
            if depth > 0 {
                if let Some(c) = class_of(&tree.key(h)) {
                    feat!("ac={}", c.name());
                    feat!("ac|neg={}|{}", c.name(), tree.negated(h));
                    break;
                }
            }
            j = h;
        }
    }
    if groups & PATH != 0 {
        let mut path = String::new();
        let mut j = i;
        for depth in 0..4 {
            path.push_str(tree.rel(j));
            path.push('/');
            feat!("p{depth}={path}");
            let Some(h) = tree.head(j) else { break };
            if depth > 0 {
                feat!("a={}", tree.lower(h));
            }
            if tree.negated(h) && depth > 0 {
                feat!("aneg");
            }
            j = h;
        }
    }
    if groups & WINDOW != 0 {
        let word = |j: usize| tree.tokens[j].form.to_lowercase();
        let w1 = if i >= 1 { word(i - 1) } else { "<s>".into() };
        let w2 = if i >= 2 { word(i - 2) } else { "<s>".into() };
        feat!("w1={w1}");
        feat!("w2={w2}");
        feat!("w21={w2}_{w1}");
        let n1 = if i + 1 < tree.tokens.len() {
            word(i + 1)
        } else {
            "</s>".into()
        };
        feat!("n1={n1}");
        for j in i.saturating_sub(4)..i {
            if tree.is_in(j, NEGATORS) {
                feat!("wneg");
            }
            if tree.is_in(j, MODALS) {
                feat!("wmod={}", tree.lower(j));
            }
        }
        for j in 0..i {
            if tree.is_in(j, SUBORDINATORS) {
                feat!("wsub={}", tree.lower(j));
            }
        }
    }
    for (k, a) in atoms.iter().enumerate() {
        for b in &atoms[k + 1..] {
            feat!("{a}&{b}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ByteSpan;

    /// A sentence from (form, lemma, upos, xpos, head, deprel) rows.
    fn sentence(rows: &[(&str, &str, Upos, &str, u32, &str)]) -> Vec<Token> {
        let mut pos = 0;
        rows.iter()
            .map(|&(form, lemma, upos, xpos, head, deprel)| {
                let mut t = Token::new(form, ByteSpan::new(pos, pos + form.len()));
                pos += form.len() + 1;
                t.lemma = lemma.into();
                t.upos = upos;
                t.xpos = xpos.into();
                t.head = Some(crate::document::Head::from_conllu(head));
                t.deprel = deprel.into();
                t
            })
            .collect()
    }

    fn feats(tokens: &[Token], i: usize) -> Vec<String> {
        let mut out = Vec::new();
        features(&Tree::new(tokens), i, groups::ALL, &mut |f| {
            out.push(f.to_string());
        });
        out
    }

    fn has(feats: &[String], f: &str) -> bool {
        feats.iter().any(|x| x == f)
    }

    use Upos::*;

    #[test]
    fn negation() {
        // He did not leave .
        let s = sentence(&[
            ("He", "he", Pron, "PRP", 4, "nsubj"),
            ("did", "do", Aux, "VBD", 4, "aux"),
            ("not", "not", Part, "RB", 4, "advmod"),
            ("leave", "leave", Verb, "VB", 0, "root"),
            (".", ".", Punct, ".", 4, "punct"),
        ]);
        let f = feats(&s, 3);
        assert!(has(&f, "neg"), "{f:?}");
        assert!(has(&f, "tx=VBD"));
        assert!(!has(&f, "imp"));
        // No one came: negative subject.
        let s = sentence(&[
            ("Nobody", "nobody", Pron, "NN", 2, "nsubj"),
            ("came", "come", Verb, "VBD", 0, "root"),
        ]);
        assert!(has(&feats(&s, 1), "neg"));
    }

    #[test]
    fn modal() {
        // Figures could trigger a rise
        let s = sentence(&[
            ("Figures", "figure", Noun, "NNS", 3, "nsubj"),
            ("could", "could", Aux, "MD", 3, "aux"),
            ("trigger", "trigger", Verb, "VB", 0, "root"),
            ("a", "a", Det, "DT", 5, "det"),
            ("rise", "rise", Noun, "NN", 3, "obj"),
        ]);
        let f = feats(&s, 2);
        assert!(has(&f, "m=could"), "{f:?}");
        assert!(has(&f, "ax=could+"));
        assert!(!has(&f, "neg"));
    }

    #[test]
    fn failed_to() {
        // The agreements have failed to contain the violence
        let s = sentence(&[
            ("The", "the", Det, "DT", 2, "det"),
            ("agreements", "agreement", Noun, "NNS", 4, "nsubj"),
            ("have", "have", Aux, "VBP", 4, "aux"),
            ("failed", "fail", Verb, "VBN", 0, "root"),
            ("to", "to", Part, "TO", 6, "mark"),
            ("contain", "contain", Verb, "VB", 4, "xcomp"),
            ("the", "the", Det, "DT", 8, "det"),
            ("violence", "violence", Noun, "NN", 6, "obj"),
        ]);
        let f = feats(&s, 5);
        assert!(has(&f, "g=xcomp|fail"), "{f:?}");
        assert!(has(&f, "gc=impl-"));
        assert!(has(&f, "gc=xcomp|impl-"));
        assert!(has(&f, "inf"));
        assert!(has(&f, "p1=xcomp/root/"));
        // The governor itself: a plain past event with the implicative as its own class.
        let g = feats(&s, 3);
        assert!(has(&g, "own=impl-"));
        // Phrasal: shoppers put off buying presents.
        let s = sentence(&[
            ("shoppers", "shopper", Noun, "NNS", 2, "nsubj"),
            ("put", "put", Verb, "VBD", 0, "root"),
            ("off", "off", Adp, "RP", 2, "compound:prt"),
            ("buying", "buy", Verb, "VBG", 2, "xcomp"),
            ("presents", "present", Noun, "NNS", 4, "obj"),
        ]);
        assert!(has(&feats(&s, 3), "gc=impl-"));
    }

    #[test]
    fn said_that() {
        // She said that he left , and he did not return .
        let s = sentence(&[
            ("She", "she", Pron, "PRP", 2, "nsubj"),
            ("said", "say", Verb, "VBD", 0, "root"),
            ("that", "that", Sconj, "IN", 5, "mark"),
            ("he", "he", Pron, "PRP", 5, "nsubj"),
            ("left", "leave", Verb, "VBD", 2, "ccomp"),
        ]);
        let f = feats(&s, 4);
        assert!(has(&f, "g=ccomp|say"), "{f:?}");
        assert!(has(&f, "gc=report"));
        assert!(has(&f, "mk=that"));
        assert!(!has(&f, "q"));
    }

    #[test]
    fn question_and_condition() {
        // Did he leave ?
        let s = sentence(&[
            ("Did", "do", Aux, "VBD", 3, "aux"),
            ("he", "he", Pron, "PRP", 3, "nsubj"),
            ("leave", "leave", Verb, "VB", 0, "root"),
            ("?", "?", Punct, ".", 3, "punct"),
        ]);
        let f = feats(&s, 2);
        assert!(
            has(&f, "q") && has(&f, "q|inv") && has(&f, "q|r=root"),
            "{f:?}"
        );
        // We stay if it rains
        let s = sentence(&[
            ("We", "we", Pron, "PRP", 2, "nsubj"),
            ("stay", "stay", Verb, "VBP", 0, "root"),
            ("if", "if", Sconj, "IN", 5, "mark"),
            ("it", "it", Pron, "PRP", 5, "nsubj"),
            ("rains", "rain", Verb, "VBZ", 2, "advcl"),
        ]);
        let f = feats(&s, 4);
        assert!(has(&f, "mk=if") && has(&f, "mk|r=if|advcl"), "{f:?}");
    }

    #[test]
    fn odd_input_never_panics() {
        let empty: Vec<Token> = Vec::new();
        let tree = Tree::new(&empty);
        assert!(tree.children.is_empty());
        // A cycle and an out-of-range head.
        let mut s = sentence(&[
            ("a", "a", Verb, "VB", 2, "conj"),
            ("b", "b", Verb, "VB", 1, "conj"),
        ]);
        s.push(Token::new("c", ByteSpan::new(4, 5)));
        s[2].head = Some(crate::document::Head::from_conllu(99));
        for i in 0..s.len() {
            let _ = feats(&s, i);
        }
    }

    #[test]
    fn lexicon_has_no_duplicates() {
        for (i, (w, _)) in LEXICON.iter().enumerate() {
            assert!(LEXICON[..i].iter().all(|(v, _)| v != w), "{w} listed twice");
        }
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::factuality`.
    #[test]
    fn doc_factuality() -> Result<(), Box<dyn std::error::Error>> {
        use crate::document::Document;
        use crate::nlp::factuality::Factuality;
        use crate::nlp::pipeline::Pipeline;

        let pipeline = Pipeline::embedded()?;
        let model = Factuality::embedded()?;
        let mut doc = Document::new("d", "The talks failed to end the war.");
        pipeline.analyze(&mut doc);
        let end = doc.tokens.iter().position(|t| t.form == "end").unwrap();
        assert!(model.predict(&doc, 0, end) < 0.0);
        Ok(())
    }
}
