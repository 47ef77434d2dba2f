//! Facts: subject – relation – object, with the provenance of each time a fact was seen.

use super::entity::EntityRef;
use super::text::{clean_name, clean_name_owned, clean_text, clean_text_owned, relation_key};
use super::GraphError;
use crate::extract::ModalityKind;

/// A relation: a normalized key (`call_on`) that identifies it and a display label
/// ("calls on").
///
/// ```
/// use kg::Relation;
/// let r = Relation::new("calls on")?;
/// assert_eq!((r.key(), r.label()), ("calls_on", "calls on"));
/// let r = Relation::with_key("call_on", "calls on")?;
/// assert_eq!(r.key(), "call_on");
/// # Ok::<(), kg::GraphError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Relation {
    key: String,
    label: String,
}

impl Relation {
    /// A relation whose key is derived from its label by
    /// `relation_key`.
    ///
    /// # Errors
    /// [`GraphError::EmptyRelation`] when the label has no letter or digit.
    pub fn new(label: &str) -> Result<Self, GraphError> {
        Self::with_key(label, label)
    }

    /// A relation with its own key (normalized the same way) and display label.
    ///
    /// # Errors
    /// [`GraphError::EmptyRelation`] when the key has no letter or digit.
    pub fn with_key(key: &str, label: &str) -> Result<Self, GraphError> {
        let key = relation_key(key);
        if key.is_empty() {
            return Err(GraphError::EmptyRelation);
        }
        let label = clean_name(label);
        let label = if label.is_empty() {
            key.replace('_', " ")
        } else {
            label
        };
        Ok(Self { key, label })
    }

    /// The normalized key: lower-case words joined by `_`.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The display label.
    #[must_use]
    pub fn label(&self) -> &str {
        &self.label
    }
}

/// The datatype of a [`Literal`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum LiteralKind {
    /// Text (`xsd:string`).
    String,
    /// A whole number (`xsd:integer`).
    Integer,
    /// A decimal number (`xsd:decimal`).
    Decimal,
    /// A percentage, the lexical form being the number of percent (`kg:percent`, over `xsd:decimal`).
    Percent,
    /// A calendar date `YYYY-MM-DD` (`xsd:date`).
    Date,
    /// A year `YYYY` (`xsd:gYear`).
    Year,
    /// A month of a year `YYYY-MM` (`xsd:gYearMonth`).
    YearMonth,
    /// An amount of money: a decimal number, a space and the ISO 4217 code of the currency
    /// (`55500000000 USD` for "$55.5bn"; `kg:money`).
    Money,
}

/// A value: the object of a fact that is not an entity (a number, a percentage, a
/// date, a quoted text). Its lexical form is checked against its kind.
///
/// ```
/// use kg::{Literal, LiteralKind};
/// let p = Literal::new(LiteralKind::Percent, "66.1")?;
/// assert_eq!(p.lexical(), "66.1");
/// assert!(Literal::new(LiteralKind::Date, "2017-02-30").is_err());
/// assert_eq!(Literal::infer("33.9%"), Some(Literal::new(LiteralKind::Percent, "33.9")?));
/// # Ok::<(), kg::GraphError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Literal {
    kind: LiteralKind,
    lexical: String,
}

impl Literal {
    /// A literal of `kind` with lexical form `lexical`.
    ///
    /// # Errors
    /// [`GraphError::BadLiteral`] when `lexical` is not a valid form of `kind`.
    pub fn new(kind: LiteralKind, lexical: &str) -> Result<Self, GraphError> {
        let ok = match kind {
            LiteralKind::String => true,
            LiteralKind::Integer => is_integer(lexical),
            LiteralKind::Decimal | LiteralKind::Percent => is_decimal(lexical),
            LiteralKind::Date => is_date(lexical),
            LiteralKind::Year => is_year(lexical),
            LiteralKind::YearMonth => is_year_month(lexical),
            LiteralKind::Money => lexical.split_once(' ').is_some_and(|(amount, currency)| {
                is_decimal(amount)
                    && currency.len() == 3
                    && currency.bytes().all(|b| b.is_ascii_uppercase())
            }),
        };
        if !ok {
            return Err(GraphError::BadLiteral {
                kind,
                lexical: lexical.to_owned(),
            });
        }
        let lexical = if kind == LiteralKind::String {
            clean_text(lexical)
        } else {
            lexical.to_owned()
        };
        Ok(Self { kind, lexical })
    }

    /// A text value.
    #[must_use]
    pub fn string(text: &str) -> Self {
        Self {
            kind: LiteralKind::String,
            lexical: clean_text(text),
        }
    }

    /// Reads a value written as plain text, as in a triples file: `"quoted text"`,
    /// an integer, a decimal, a percentage (`66.1%`, `66.1 percent`), an ISO date
    /// (`2017-05-07`), a year-month (`2017-05`). Returns `None` for anything else,
    /// which is then an entity name. Bare four-digit numbers stay integers: a year
    /// cannot be told from a count without context.
    #[must_use]
    pub fn infer(text: &str) -> Option<Self> {
        let t = text.trim();
        if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
            return Some(Self::string(&t[1..t.len() - 1]));
        }
        for suffix in ["%", " percent", " per cent"] {
            if let Some(n) = t.strip_suffix(suffix) {
                let n = n.trim_end();
                if is_decimal(n) {
                    return Self::new(LiteralKind::Percent, n).ok();
                }
            }
        }
        [
            LiteralKind::Integer,
            LiteralKind::Decimal,
            LiteralKind::Date,
            LiteralKind::YearMonth,
        ]
        .into_iter()
        .find_map(|k| Self::new(k, t).ok())
    }

    /// The datatype.
    #[must_use]
    pub fn kind(&self) -> LiteralKind {
        self.kind
    }

    /// The lexical form.
    #[must_use]
    pub fn lexical(&self) -> &str {
        &self.lexical
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn unsign(s: &str) -> &str {
    s.strip_prefix(['-', '+']).unwrap_or(s)
}

fn is_integer(s: &str) -> bool {
    digits(unsign(s))
}

fn is_decimal(s: &str) -> bool {
    match unsign(s).split_once('.') {
        Some((a, b)) => (digits(a) || a.is_empty()) && digits(b),
        None => digits(unsign(s)),
    }
}

fn is_year(s: &str) -> bool {
    let y = s.strip_prefix('-').unwrap_or(s);
    y.len() >= 4 && digits(y) && (y.len() == 4 || !y.starts_with('0'))
}

fn is_year_month(s: &str) -> bool {
    s.rsplit_once('-').is_some_and(|(y, m)| {
        is_year(y) && m.len() == 2 && m.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m))
    })
}

fn is_date(s: &str) -> bool {
    let Some((ym, d)) = s.rsplit_once('-') else {
        return false;
    };
    if !is_year_month(ym) || d.len() != 2 {
        return false;
    }
    let (Some((y, m)), Ok(d)) = (ym.rsplit_once('-'), d.parse::<u32>()) else {
        return false;
    };
    let (Ok(y), Ok(m)) = (y.parse::<i64>(), m.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    };
    (1..=days).contains(&d)
}

/// The object of a fact: an entity or a value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Object {
    /// An entity.
    Entity(EntityRef),
    /// A value.
    Literal(Literal),
}

impl From<EntityRef> for Object {
    fn from(e: EntityRef) -> Self {
        Object::Entity(e)
    }
}

impl From<Literal> for Object {
    fn from(l: Literal) -> Self {
        Object::Literal(l)
    }
}

/// A half-open range of character (Unicode scalar) offsets into a document's text,
/// as NIF's `beginIndex` / `endIndex`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CharSpan {
    /// First character.
    pub begin: u32,
    /// One past the last character.
    pub end: u32,
}

impl CharSpan {
    /// The span `begin..end`, or `None` when `end < begin`.
    #[must_use]
    pub fn new(begin: u32, end: u32) -> Option<Self> {
        (begin <= end).then_some(Self { begin, end })
    }
}

/// Where one sighting of a fact came from. Every field is optional: facts read from a
/// plain triples file may know only their document, or nothing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    /// Document identifier.
    pub document: Option<String>,
    /// Index of the sentence in the document (0-based).
    pub sentence: Option<u32>,
    /// Text of the sentence.
    pub sentence_text: Option<String>,
    /// The sentence's place in the document.
    pub sentence_span: Option<CharSpan>,
    /// The subject's mention in the document.
    pub subject_span: Option<CharSpan>,
    /// The relation's words in the document.
    pub relation_span: Option<CharSpan>,
    /// The object's mention in the document.
    pub object_span: Option<CharSpan>,
    /// Confidence of the extraction, in [0, 1].
    pub confidence: Option<f64>,
    /// Who this sighting is attributed to ("A said that …"): the sentence reports the fact
    /// rather than asserting it.
    pub attribution: Option<Attribution>,
    /// The sentence says the fact did not happen ("did not win", "failed to win").
    pub negated: bool,
    /// Why the sentence does not assert the fact, when a modal, the verb it is embedded
    /// under or the factuality model says so ("may win" → possible, "wants to win" → wanted).
    pub modality: Option<ModalityKind>,
    /// The factuality model's value for the predicate (UDS-IH2 scale, above 0: it happened
    /// per the author), to two decimals, when known.
    pub factuality: Option<f64>,
}

/// The source a sighting of a fact is attributed to: a speaker and how they conveyed it
/// ("A said that B won" → speaker A, verb `say`; "according to A" → `according_to`).
///
/// In a graph the speaker is an entity of the graph, named by the entity's own name without
/// a type (see [`KnowledgeGraph::add_sightings`](super::KnowledgeGraph::add_sightings)), so
/// that a record reads back from RDF exactly as it was written.
///
/// ```
/// use kg::{Attribution, EntityRef};
/// let a = Attribution::new(EntityRef::new("Ann")?, "say");
/// assert_eq!(a.verb, "say");
/// # Ok::<(), kg::GraphError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Attribution {
    /// Who said it.
    pub speaker: EntityRef,
    /// The attribution verb's key (`say`, `confirm`, `according_to`); may be empty.
    pub verb: String,
}

impl Attribution {
    /// An attribution to `speaker` by `verb` (normalized like a relation key).
    #[must_use]
    pub fn new(speaker: EntityRef, verb: &str) -> Self {
        Self {
            speaker,
            verb: relation_key(verb),
        }
    }
}

/// Whether a fact with these sightings is asserted: one of them asserts it, or there are
/// none (a fact read from a plain triples file).
pub(crate) fn asserted(records: &[Provenance]) -> bool {
    records.is_empty() || records.iter().any(Provenance::is_asserted)
}

impl Provenance {
    /// Places a sighting found in a part of its document into the whole document: the
    /// part starts after `sentences` sentences and `chars` characters.
    pub(crate) fn shift(&mut self, sentences: u32, chars: u32) {
        if let Some(s) = &mut self.sentence {
            *s += sentences;
        }
        for span in [
            &mut self.sentence_span,
            &mut self.subject_span,
            &mut self.relation_span,
            &mut self.object_span,
        ]
        .into_iter()
        .flatten()
        {
            span.begin += chars;
            span.end += chars;
        }
    }

    /// Whether this sighting asserts its fact as plain truth: not reported speech, not
    /// negated, no modality. A fact is asserted (written as a bare triple, drawn solid)
    /// when one of its sightings is, or when it has none.
    ///
    /// ```
    /// use kg::{ModalityKind, Provenance};
    /// assert!(Provenance::document("d").is_asserted());
    /// let planned = Provenance { modality: Some(ModalityKind::Plan), ..Provenance::document("d") };
    /// assert!(!planned.is_asserted());
    /// ```
    #[must_use]
    pub fn is_asserted(&self) -> bool {
        self.attribution.is_none() && !self.negated && self.modality.is_none()
    }

    /// Provenance naming only a document.
    #[must_use]
    pub fn document(id: &str) -> Self {
        Self {
            document: Some(id.to_owned()),
            ..Self::default()
        }
    }

    /// Cleans the texts and drops what cannot be stored: an empty document id, a
    /// confidence that is not a number; confidence is clamped to [0, 1].
    pub(super) fn cleaned(mut self) -> Self {
        self.document = self
            .document
            .map(clean_name_owned)
            .filter(|d| !d.is_empty());
        self.sentence_text = self.sentence_text.map(clean_text_owned);
        self.confidence = self
            .confidence
            .filter(|c| c.is_finite())
            .map(|c| c.clamp(0.0, 1.0));
        if let Some(a) = &mut self.attribution {
            a.verb = relation_key(&a.verb);
        }
        // -0.0 reads back from RDF as 0: store it so, or the record's content key changes.
        self.factuality =
            self.factuality
                .filter(|v| v.is_finite())
                .map(|v| if v == 0.0 { 0.0 } else { v });
        self
    }

    /// A key identifying this record's content, for deterministic IRIs.
    #[must_use]
    pub fn content_key(&self) -> String {
        format!("{self:?}")
    }
}

/// One sighting of a fact, as the extractor or a triples file gives it.
///
/// ```
/// use kg::{EntityRef, Fact, Literal, LiteralKind, Provenance, Relation};
/// let fact = Fact::new(
///     EntityRef::new("Macron")?,
///     Relation::with_key("win", "wins")?,
///     Literal::new(LiteralKind::Percent, "66.1")?,
/// )
/// .with_provenance(Provenance::document("news-1"));
/// assert_eq!(fact.relation.key(), "win");
/// # Ok::<(), kg::GraphError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    /// The subject.
    pub subject: EntityRef,
    /// The relation.
    pub relation: Relation,
    /// The object.
    pub object: Object,
    /// Where it was seen.
    pub provenance: Provenance,
}

impl Fact {
    /// A fact with empty provenance.
    #[must_use]
    pub fn new(subject: EntityRef, relation: Relation, object: impl Into<Object>) -> Self {
        Self {
            subject,
            relation,
            object: object.into(),
            provenance: Provenance::default(),
        }
    }

    /// Sets the provenance.
    #[must_use]
    pub fn with_provenance(mut self, provenance: Provenance) -> Self {
        self.provenance = provenance;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_forms_are_checked() {
        assert!(Literal::new(LiteralKind::Integer, "-12").is_ok());
        assert!(Literal::new(LiteralKind::Integer, "1.5").is_err());
        assert!(Literal::new(LiteralKind::Decimal, ".5").is_ok());
        assert!(Literal::new(LiteralKind::Decimal, "5.").is_err());
        assert!(Literal::new(LiteralKind::Date, "2016-02-29").is_ok());
        assert!(Literal::new(LiteralKind::Date, "2017-02-29").is_err());
        assert!(Literal::new(LiteralKind::Year, "2017").is_ok());
        assert!(Literal::new(LiteralKind::Year, "17").is_err());
        assert!(Literal::new(LiteralKind::YearMonth, "2017-13").is_err());
    }

    #[test]
    fn inference_reads_values_and_leaves_names() {
        let k = |s: &str| Literal::infer(s).map(|l| l.kind());
        assert_eq!(k("\"hello\""), Some(LiteralKind::String));
        assert_eq!(k("42"), Some(LiteralKind::Integer));
        assert_eq!(k("4.5"), Some(LiteralKind::Decimal));
        assert_eq!(k("66.1 percent"), Some(LiteralKind::Percent));
        assert!(Literal::new(LiteralKind::Money, "55500000000 USD").is_ok());
        assert!(Literal::new(LiteralKind::Money, "4.5 GBP").is_ok());
        for bad in ["55.5bn USD", "100 usd", "100", "100 EURO", " USD"] {
            assert!(Literal::new(LiteralKind::Money, bad).is_err(), "{bad}");
        }
        assert_eq!(k("2017-05-07"), Some(LiteralKind::Date));
        assert_eq!(k("2017-05"), Some(LiteralKind::YearMonth));
        assert_eq!(k("Moscow"), None);
        assert_eq!(k("\""), None);
        assert_eq!(k("G7"), None);
    }
}
