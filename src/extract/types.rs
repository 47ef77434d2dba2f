//! The fact types: an [`Extraction`] is a subject [`Argument`], a [`Predicate`] with its
//! polarity and [`Modality`], an optional object, adjuncts, an attribution, the
//! [`Construction`] it came from and a confidence.

use super::clause;
use crate::document::{ByteSpan, Document, EntityKind};

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

#[cfg(test)]
mod tests {
    use super::super::test_support::{analysed, fact, facts};
    use super::{ModalityKind, Predicate};
    use crate::Extractor;

    #[test]
    fn modality_names_round_trip() {
        for k in ModalityKind::ALL {
            assert_eq!(ModalityKind::from_name(k.name()), Some(k));
        }
        assert_eq!(ModalityKind::from_name("possibly"), None);
    }

    #[test]
    fn a_factuality_value_below_zero_is_not_asserted() {
        let p = Predicate {
            key: "win".into(),
            label: "wins".into(),
            tokens: vec![1],
            text: "won".into(),
            negated: false,
            passive: false,
            modality: None,
            factuality: Some(-0.5),
        };
        assert!(!p.is_asserted());
        assert!(Predicate {
            factuality: Some(0.5),
            ..p.clone()
        }
        .is_asserted());
        assert!(!Predicate {
            negated: true,
            factuality: None,
            ..p
        }
        .is_asserted());
    }

    #[test]
    fn carb_line_and_byte_span() {
        let text = "Karl Lindqvist bought a farm. Maria Santos resigned.";
        let doc = analysed(text);
        let fs = Extractor::new().extract(&doc);
        let f = fact(&fs, "Karl Lindqvist", "buy");
        let line = f.carb_line(&doc, "S").expect("has an object");
        assert!(
            line.starts_with("S\t") && line.ends_with("\tbought\tKarl Lindqvist\ta farm"),
            "{line}"
        );
        let span = f
            .byte_span(&doc, &f.subject.tokens)
            .expect("in the document");
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            "Karl Lindqvist"
        );
        // A fact with nothing besides its subject is no CaRB line.
        let resigned = fact(&facts("Maria Santos resigned."), "Maria Santos", "resign").clone();
        assert_eq!(resigned.carb_line(&doc, "S"), None);
    }
}
