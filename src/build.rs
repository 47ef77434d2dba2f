//! From text to graph: runs the analysis pipeline and the extractor over a
//! document and adds its facts to a [`KnowledgeGraph`].
//!
//! This is the one place that knows both the extractor's output
//! ([`Extraction`]) and the graph's input ([`Fact`]), so neither stage depends
//! on the other. How an extraction becomes a fact:
//!
//! - an argument whose head word lies in a mention that coreference
//!   ([`Document::coreference`]) put in a cluster (a name, a pronoun, a definite description such as "the French
//!   president-elect") names the cluster's entity by its canonical name and type, so
//!   "Russian President Vladimir Putin", "Putin" and "he" become one entity; the
//!   cluster's other names become aliases of it;
//! - otherwise an argument whose head word lies in a named-entity mention (PER, ORG,
//!   LOC, nationality) names that entity, with the mention's type;
//! - a pronoun that coreference could not resolve, a determiner ("this", "others"), a
//!   wh-word or an adverb names nothing: the fact is left out rather than given an entity
//!   called "he" or "What";
//! - a node is the argument's core (`build::node`): the head with its compounds,
//!   adjectives and numbers. A proper noun the recognizer missed is an untyped named
//!   entity; a common noun phrase is a *described thing* of its document
//!   ([`EntityRef::described_in`]), typed by its concept ("peace deal") and, when its head
//!   noun says so, as a person, organisation, place or event (learned from GUM, see
//!   [`crate::nlp::noun_types`]); its prepositional phrases and possessor become facts of
//!   their own (`deal – in – Minsk`, `campaign – of – Lindqvist`);
//! - an argument whose core is a value mention (a date, a percentage, an amount) becomes
//!   a typed literal, or a string as written when no datatype fits; an adjective ("is
//!   popular") is a string value;
//! - what the sentence says about the fact is kept in its provenance: negated ("did not
//!   win", "failed to win"), a modality ("may win", "wants to win", "is expected to win"),
//!   and the factuality model's value; a fact the model judges not to have happened with
//!   no word to say why gets the modality *uncertain*. Such a sighting does not assert its
//!   fact (see [`Provenance::is_asserted`]), and the exporters write it as a claim instead;
//! - provenance records the document, the sentence, the character offsets of
//!   subject, relation and object, and the extraction's confidence;
//! - a reported fact ("A said that B won") keeps its speaker and verb in the provenance's
//!   [`Attribution`], so the exporters can report it instead of asserting it.
//!
//! ```
//! use kg::TextGraphBuilder;
//! use kg::KnowledgeGraph;
//!
//! let builder = TextGraphBuilder::embedded()?;
//! let mut graph = KnowledgeGraph::new();
//! let stats = builder.add_text(&mut graph, "doc1", "Anna Smith founded Acme Corporation in 2001.");
//! assert_eq!(stats.sentences, 1);
//! assert!(graph.fact_count() >= 1);
//! # Ok::<(), kg::ModelError>(())
//! ```

mod node;
pub(crate) mod ontology;

use crate::document::{CharOffsets, Document, EntityKind, Upos};
use crate::document::{Coreference, MentionKind};
use crate::extract::{Argument, Extraction, Extractor, ModalityKind};
use crate::graph::{
    Attribution, CharSpan, EntityRef, EntityType, Fact, KnowledgeGraph, Literal, LiteralKind,
    Object, Provenance, Relation,
};
use crate::nlp::model::ModelError;
use crate::nlp::noun_types::{NounClass, NounTypes};
use crate::nlp::pipeline::Pipeline;
use crate::nlp::verb_voice::VerbVoice;
use node::{node_of, strip_article, Named, Phrase};

/// Counts of what one document contributed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BuildStats {
    /// Sentences analysed.
    pub sentences: usize,
    /// Tokens analysed.
    pub tokens: usize,
    /// Facts added to the graph (before merging with facts already there).
    pub facts: usize,
}

/// Analysis pipeline plus extractor: turns documents into graph facts.
#[derive(Debug, Clone)]
pub struct TextGraphBuilder {
    pipeline: Pipeline,
    extractor: Extractor,
    /// Maps each sentence onto a user's ontology too (`kg build --mapper`).
    ontology: Option<std::sync::Arc<ontology::OntologyMapper>>,
}

impl TextGraphBuilder {
    /// The builder with kg's embedded models and the extractor's graph settings.
    ///
    /// # Errors
    /// When an embedded model does not decode (a broken build).
    pub fn embedded() -> Result<Self, ModelError> {
        Ok(Self {
            pipeline: Pipeline::embedded()?,
            extractor: Extractor::new(),
            ontology: None,
        })
    }

    /// The same builder with another analysis pipeline (say, one parsing with a beam).
    ///
    /// ```
    /// use kg::TextGraphBuilder;
    /// let builder = TextGraphBuilder::embedded().unwrap();
    /// let beam = builder.pipeline().clone().with_parser_beam(4);
    /// let builder = builder.with_pipeline(beam);
    /// assert_eq!(builder.pipeline().parser().beam_width(), 4);
    /// ```
    #[must_use]
    pub fn with_pipeline(mut self, pipeline: Pipeline) -> Self {
        self.pipeline = pipeline;
        self
    }

    /// The same builder adding, for each sentence, the facts `mapper` finds in its
    /// ontology's terms (see `build::ontology`).
    #[must_use]
    pub(crate) fn with_ontology_mapper(mut self, mapper: ontology::OntologyMapper) -> Self {
        self.ontology = Some(std::sync::Arc::new(mapper));
        self
    }

    /// The analysis pipeline.
    #[must_use]
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Analyses `text` as document `id` and adds its facts to `graph`.
    pub fn add_text(&self, graph: &mut KnowledgeGraph, id: &str, text: &str) -> BuildStats {
        let mut doc = Document::new(id, text);
        self.add_document(graph, &mut doc)
    }

    /// Analyses `doc` (whose text is set) and adds its facts to `graph`.
    pub fn add_document(&self, graph: &mut KnowledgeGraph, doc: &mut Document) -> BuildStats {
        self.analyze_facts(doc).add_to(graph)
    }

    /// Analyses `docs` on the current rayon pool and adds their facts to `graph` in input
    /// order, so the graph (and every file written from it) is the same whatever the
    /// number of threads. A few dozen documents per thread are in flight at a time, however
    /// long the stream. Returns the totals.
    ///
    /// ```
    /// use kg::{Document, KnowledgeGraph, TextGraphBuilder};
    ///
    /// let builder = TextGraphBuilder::embedded()?;
    /// let docs = (0..4).map(|i| Document::new(format!("d{i}"), "Alice Smith met Bob Jones."));
    /// let mut graph = KnowledgeGraph::new();
    /// let stats = builder.add_documents(&mut graph, docs);
    /// assert_eq!(stats.sentences, 4);
    /// assert!(graph.entity("Alice Smith").is_some());
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    pub fn add_documents(
        &self,
        graph: &mut KnowledgeGraph,
        docs: impl IntoIterator<Item = Document, IntoIter: Send>,
    ) -> BuildStats {
        let window = rayon::current_num_threads() * crate::corpus::WINDOW_PER_THREAD;
        let mut totals = BuildStats::default();
        let mut joiner = SectionJoiner::default();
        crate::corpus::par_map_ordered(
            docs.into_iter().flat_map(sections),
            window,
            |section| self.analyze_section(section),
            |facts| {
                let stats = joiner.place(facts).add_to(graph);
                totals.sentences += stats.sentences;
                totals.tokens += stats.tokens;
                totals.facts += stats.facts;
            },
        );
        totals
    }

    /// Analyses `doc` and returns its facts and aliases without touching a graph,
    /// so that documents can be analysed in parallel and added in order afterwards.
    ///
    /// A document longer than 1 MiB is analysed one section at a time (cut at a paragraph
    /// break where there is one) so that memory stays
    /// bounded whatever its length: its facts keep their sentence indices and character
    /// offsets in the whole document, but coreference does not cross a section boundary,
    /// and `doc` keeps its text without analysis layers.
    ///
    /// ```
    /// use kg::{Document, TextGraphBuilder};
    ///
    /// let builder = TextGraphBuilder::embedded()?;
    /// let mut doc = Document::new("d", "Anna Berg founded Solvik Energy in 2001.");
    /// let facts = builder.analyze_facts(&mut doc);
    /// assert_eq!(facts.stats.sentences, 1);
    /// assert_eq!(facts.facts[0].provenance.sentence, Some(0));
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    pub fn analyze_facts(&self, doc: &mut Document) -> DocumentFacts {
        self.analyze_in_sections(doc, SECTION_BYTES)
    }

    /// [`Self::analyze_facts`] with sections of at most `limit` bytes.
    fn analyze_in_sections(&self, doc: &mut Document, limit: usize) -> DocumentFacts {
        if doc.text.len() <= limit {
            return self.analyze_whole(doc);
        }
        let mut joiner = SectionJoiner::default();
        let mut all = DocumentFacts::default();
        for section in sections_of(&doc.id, doc.date.as_deref(), &doc.text, limit) {
            let part = joiner.place(self.analyze_section(section));
            all.facts.extend(part.facts);
            all.aliases.extend(part.aliases);
            all.stats.sentences += part.stats.sentences;
            all.stats.tokens += part.stats.tokens;
            all.stats.facts += part.stats.facts;
        }
        all
    }

    /// Analyses one section: its facts with character offsets in the whole document and
    /// sentence indices in the section, which [`SectionJoiner::place`] shifts.
    pub(crate) fn analyze_section(&self, mut section: Section) -> SectionFacts {
        let mut facts = self.analyze_whole(&mut section.doc);
        if section.chars_before > 0 {
            for fact in &mut facts.facts {
                fact.provenance.shift(0, section.chars_before);
            }
        }
        SectionFacts {
            facts,
            first: section.first,
            last: section.last,
            sentences: section.doc.sentences.len() as u32,
        }
    }

    /// [`Self::analyze_facts`] on the whole document at once.
    fn analyze_whole(&self, doc: &mut Document) -> DocumentFacts {
        self.pipeline.analyze(doc);
        let extractions = self.extractor.extract(doc);
        let mut facts = facts_of(doc, &extractions);
        if let Some(mapper) = &self.ontology {
            facts.extend(mapper.facts(doc));
        }
        let stats = BuildStats {
            sentences: doc.sentences.len(),
            tokens: doc.tokens.len(),
            facts: facts.len(),
        };
        let aliases = aliases_of(&doc.coreference, &facts);
        DocumentFacts {
            facts,
            aliases,
            stats,
        }
    }

    /// The extractor.
    #[must_use]
    pub fn extractor(&self) -> &Extractor {
        &self.extractor
    }
}

/// Documents longer than this many bytes are analysed in sections of at most this size
/// (see [`TextGraphBuilder::analyze_facts`]): the analysis of a section takes some 50 to 80
/// bytes of memory per byte of text, so 1 MiB keeps it under 100 MB, while a news article,
/// a report or a chapter is still read whole.
pub(crate) const SECTION_BYTES: usize = 1 << 20;

/// A part of a document analysed on its own: the whole document, unless it is longer
/// than [`SECTION_BYTES`].
pub(crate) struct Section {
    doc: Document,
    /// Characters of the document before the section.
    chars_before: u32,
    /// Whether the section is its document's first.
    first: bool,
    /// Whether the section is its document's last.
    last: bool,
}

/// The sections `doc` is analysed in, in order: the document itself when it is short.
/// Sections are separate work items, so that the facts of a long document reach the graph
/// section by section (and its sections are analysed in parallel).
pub(crate) fn sections(doc: Document) -> Vec<Section> {
    if doc.text.len() <= SECTION_BYTES {
        return vec![Section {
            doc,
            chars_before: 0,
            first: true,
            last: true,
        }];
    }
    sections_of(&doc.id, doc.date.as_deref(), &doc.text, SECTION_BYTES)
}

/// The sections of a document's text, each a document with the same id and date.
fn sections_of(id: &str, date: Option<&str>, text: &str, limit: usize) -> Vec<Section> {
    let mut out = Vec::new();
    let (mut start, mut chars_before) = (0, 0u32);
    for end in section_ends(text, limit) {
        let part = &text[start..end];
        let mut doc = Document::new(id, part);
        doc.date = date.map(str::to_owned);
        out.push(Section {
            doc,
            chars_before,
            first: start == 0,
            last: end == text.len(),
        });
        chars_before += part.chars().count() as u32;
        start = end;
    }
    out
}

/// The facts of one [`Section`], to be placed in their document by a [`SectionJoiner`].
pub(crate) struct SectionFacts {
    facts: DocumentFacts,
    /// Whether the section is its document's first.
    pub(crate) first: bool,
    /// Whether the section is its document's last.
    last: bool,
    /// Sentences of the section.
    sentences: u32,
}

/// Gives the facts of consecutive sections their sentence indices in the whole document,
/// and holds the aliases of a document's sections back until its last section, so that a
/// graph sees a document's facts, then its aliases, however it was cut. It must see every
/// section of a document, in order.
#[derive(Debug, Default)]
pub(crate) struct SectionJoiner {
    sentences_before: u32,
    aliases: Vec<(EntityRef, String)>,
}

impl SectionJoiner {
    /// The facts of `section` as facts of its document.
    pub(crate) fn place(&mut self, section: SectionFacts) -> DocumentFacts {
        if section.first {
            self.sentences_before = 0;
        }
        let mut facts = section.facts;
        if self.sentences_before > 0 {
            for fact in &mut facts.facts {
                fact.provenance.shift(self.sentences_before, 0);
            }
        }
        self.sentences_before += section.sentences;
        self.aliases.append(&mut facts.aliases);
        if section.last {
            facts.aliases = std::mem::take(&mut self.aliases);
        }
        facts
    }
}

/// Where the sections of `text` end (byte offsets, the last being `text.len()`), none longer
/// than `limit`: after the last paragraph break (a blank line) in the second half of the
/// window, else after its last line break, else after its last sentence end (`.`, `!` or
/// `?` before white space), else after its last white space, else at the last character
/// boundary; so a section starts at a paragraph, a line, a sentence or at least a word.
fn section_ends(text: &str, limit: usize) -> Vec<usize> {
    let limit = limit.max(8);
    let mut ends = Vec::new();
    let mut start = 0;
    while text.len() - start > limit {
        let mut hard = start + limit;
        while !text.is_char_boundary(hard) {
            hard -= 1;
        }
        let window = &text.as_bytes()[start + limit / 2..hard];
        let after = |i: Option<usize>, len: usize| i.map(|i| start + limit / 2 + i + len);
        let sentence_end = window
            .windows(2)
            .rposition(|w| matches!(w[0], b'.' | b'!' | b'?') && w[1].is_ascii_whitespace());
        let end = after(window.windows(2).rposition(|w| w == b"\n\n"), 2)
            .or_else(|| after(window.iter().rposition(|&b| b == b'\n'), 1))
            .or_else(|| after(sentence_end, 2))
            .or_else(|| after(window.iter().rposition(u8::is_ascii_whitespace), 1))
            .unwrap_or(hard);
        ends.push(end);
        start = end;
    }
    ends.push(text.len());
    ends
}

/// What one analysed document contributes to a graph: its facts, and the other
/// names its coreference clusters gave the entities of those facts.
#[derive(Debug, Clone, Default)]
pub struct DocumentFacts {
    /// Facts in extraction order.
    pub facts: Vec<Fact>,
    /// (entity, another name of it) from the document's coreference clusters.
    pub aliases: Vec<(EntityRef, String)>,
    /// Counts.
    pub stats: BuildStats,
}

impl DocumentFacts {
    /// Adds the facts, then the aliases, to `graph`; returns the counts.
    pub fn add_to(self, graph: &mut KnowledgeGraph) -> BuildStats {
        for fact in self.facts {
            graph.add_fact(fact);
        }
        for (entity, alias) in &self.aliases {
            // Aliases are recorded, never resolved: names are joined across documents
            // by the alias pass alone. Names from clusters are never empty.
            let _ = graph.add_alias(entity, alias);
        }
        self.stats
    }
}

/// Converts a document's extractions into graph facts (see the module documentation),
/// reading the document's coreference layer.
/// Extractions whose subject or object cannot name an entity (empty after cleaning)
/// are skipped.
#[must_use]
pub fn facts_of(doc: &Document, extractions: &[Extraction]) -> Vec<Fact> {
    let coreference = &doc.coreference;
    let chars = CharOffsets::new(&doc.text);
    let char_span = |x: &Extraction, tokens: &[u32]| {
        x.byte_span(doc, tokens).and_then(|b| {
            CharSpan::new(
                chars.char_offset(b.start as usize) as u32,
                chars.char_offset(b.end as usize) as u32,
            )
        })
    };
    let mut out = Vec::with_capacity(extractions.len());
    // Phrases whose modifiers are already facts: (sentence, head).
    let mut described = rustc_hash::FxHashSet::default();
    for x in extractions {
        let Some(sentence) = doc.sentences.get(x.sentence) else {
            continue;
        };
        let mentions = &sentence.entities;
        let tokens = doc.sentence_tokens(sentence);
        let Some(object_arg) = &x.object else {
            continue; // a fact needs an object to be an edge
        };
        // Voice: "Y was bought by X" is X buys Y; "Y was built in 1932" keeps its voice in
        // the relation (`be_built_in`), so it never reads as Y building something.
        let voiced = voice(x, tokens);
        let (subject_arg, object_arg) = if voiced.swap {
            (object_arg, &x.subject)
        } else {
            (&x.subject, object_arg)
        };
        let named = Named {
            mentions,
            tokens,
            coreference,
            sentence: x.sentence,
            document: &doc.id,
        };
        // A clause is a proposition, not a thing: never a node. What someone says, thinks
        // or denies is kept as the text of the proposition; other clausal facts are left out
        // (the clause's own facts are extracted from it).
        if is_clause(tokens, subject_arg, x) {
            continue;
        }
        let proposition = is_clause(tokens, object_arg, x);
        if proposition && !reports_proposition(&voiced.key) {
            continue;
        }
        // A relation whose verb is no English verb is a misread ("consumer", "leapt" left
        // unlemmatized): no fact rather than a made-up relation.
        if !is_known_verb(&x.relation.key) {
            continue;
        }
        let subject_phrase = Phrase::of(subject_arg);
        let Some(Object::Entity(subject)) = node_of(&subject_phrase, &named) else {
            continue;
        };
        let object_phrase = Phrase::of(object_arg);
        let object = if proposition {
            Object::Literal(Literal::string(&object_arg.text))
        } else {
            match node_of(&object_phrase, &named) {
                // "Nigeria is the largest producer": a predicate nominal describes its
                // subject, so it is a thing of the subject's type, whatever its head noun
                // usually names.
                Some(Object::Entity(o)) if voiced.key == "be" && o.scope().is_some() => {
                    match subject.kind().filter(|&k| k != EntityType::Thing) {
                        Some(k) => Object::Entity(o.with_type(k)),
                        None => Object::Entity(o),
                    }
                }
                Some(o) => o,
                None => continue,
            }
        };
        // "X is 1", "X has 0.6667": a bare number with neither unit nor time said of a thing by
        // a copula or a possessive is a misread quantifier ("one of vast improvement",
        // "two-thirds of whom"), not something the thing is or has; of a person it is an age
        // ("A, 79,").
        if matches!(voiced.key.as_str(), "be" | "have")
            && subject.kind() != Some(EntityType::Person)
            && matches!(&object, Object::Literal(l)
                if matches!(l.kind(), LiteralKind::Integer | LiteralKind::Decimal))
        {
            continue;
        }
        // A thing related to itself ("Edu offers Edu") is a misread clause: the same name
        // reached both ends through coreference or a misattached argument.
        if matches!(&object, Object::Entity(o) if o.key() == subject.key() && o.scope() == subject.scope())
        {
            continue;
        }
        // "X is Y" between two names of different kinds (an organisation "is" a person), or
        // between two people's names without a word in common and without a title ("with
        // Bergkamp, Kanu, everybody"; "Putin is Russian President" stays), is a misread
        // apposition or list, never an identity.
        if voiced.key == "be" {
            if let Object::Entity(o) = &object {
                let named_kind = |e: &EntityRef| {
                    e.kind()
                        .filter(|&k| e.scope().is_none() && k != EntityType::Thing)
                };
                if let (Some(a), Some(b)) = (named_kind(&subject), named_kind(o)) {
                    if a != b || (a == EntityType::Person && !may_name_one_person(&subject, o)) {
                        continue;
                    }
                }
            }
        }
        let Ok(relation) = Relation::with_key(&voiced.key, &voiced.label) else {
            continue;
        };
        let factuality = x
            .relation
            .factuality
            .map(|v| (f64::from(v) * 100.0).round() / 100.0)
            .map(|v| if v == 0.0 { 0.0 } else { v });
        let modality = x.relation.modality.as_ref().map(|m| m.kind).or_else(|| {
            (!x.relation.negated && !x.relation.is_asserted()).then_some(ModalityKind::Uncertain)
        });
        let subject_core = node::core(tokens, &subject_phrase);
        let object_core = if proposition {
            object_arg.tokens.clone()
        } else {
            node::core(tokens, &object_phrase)
        };
        let provenance = Provenance {
            document: Some(doc.id.clone()),
            sentence: Some(x.sentence as u32),
            sentence_text: Some(doc.sentence_text(sentence).to_owned()),
            sentence_span: CharSpan::new(
                chars.char_offset(sentence.span.start as usize) as u32,
                chars.char_offset(sentence.span.end as usize) as u32,
            ),
            subject_span: char_span(x, &subject_core),
            relation_span: char_span(x, &x.relation.tokens),
            object_span: char_span(x, &object_core),
            // Four decimals: what the score means, and what every store keeps
            // (Virtuoso prints doubles with six significant digits).
            confidence: Some((f64::from(x.confidence) * 1e4).round() / 1e4),
            attribution: attribution_of(x, &named),
            negated: x.relation.negated,
            modality,
            factuality,
        };
        // What the arguments' modifiers say about their nodes ("deals in Minsk"): facts of
        // their own, seen once per phrase, with the stance of the fact they came with.
        let mut pending = vec![(subject.clone(), subject_phrase, 0)];
        if let Object::Entity(o) = &object {
            if !proposition {
                pending.push((o.clone(), object_phrase, 0));
            }
        }
        let mut modifier_facts = Vec::new();
        while let Some((node, phrase, depth)) = pending.pop() {
            if depth >= MAX_MODIFIER_DEPTH || !described.insert((x.sentence, phrase.head)) {
                continue;
            }
            for (preposition, sub) in node::modifiers(tokens, &phrase) {
                let Some(target) = node_of(&sub, &named) else {
                    continue;
                };
                let Ok(relation) = Relation::with_key(&preposition, &preposition.replace('_', " "))
                else {
                    continue;
                };
                let mut p = provenance.clone();
                p.subject_span = char_span(x, &node::core(tokens, &phrase));
                p.relation_span = None;
                p.object_span = char_span(x, &node::core(tokens, &sub));
                if let Object::Entity(e) = &target {
                    pending.push((e.clone(), sub, depth + 1));
                }
                modifier_facts.push(Fact::new(node.clone(), relation, target).with_provenance(p));
            }
        }
        out.push(Fact::new(subject, relation, object).with_provenance(provenance));
        out.extend(modifier_facts);
    }
    out
}

/// Whether a relation key's verb (its first word, or a hyphenated verb's first two:
/// `co_operate`) is a verb of the lemmatizer's lexicon.
fn is_known_verb(key: &str) -> bool {
    let Ok(lemmatizer) = crate::nlp::lemma::Lemmatizer::embedded() else {
        return true;
    };
    let mut words = key.split('_');
    let Some(first) = words.next() else {
        return false;
    };
    lemmatizer.is_verb(first)
        || words.next().is_some_and(|second| {
            lemmatizer.is_verb(&format!("{first}-{second}"))
                || lemmatizer.is_verb(&format!("{first}{second}"))
        })
}

/// How deep modifiers of modifiers become facts ("deals in Minsk, the capital of Belarus").
const MAX_MODIFIER_DEPTH: usize = 2;

/// A relation in the active voice, and whether subject and object trade places.
struct Voiced {
    key: String,
    label: String,
    swap: bool,
}

/// Whether two names of people may name one person: they have a word in common, ignoring
/// case ("Vladimir Putin", "Putin"), or either holds a title of people ("Russian
/// President", "Lord"), which describes a person rather than naming another one.
fn may_name_one_person(a: &EntityRef, b: &EntityRef) -> bool {
    let gazetteer = crate::lexicon::gazetteer::Gazetteer::embedded();
    let (a, b) = (a.name().to_lowercase(), b.name().to_lowercase());
    let b_words: Vec<&str> = b.split_whitespace().collect();
    a.split_whitespace().any(|w| b_words.contains(&w))
        || a.split_whitespace()
            .chain(b_words.iter().copied())
            .any(|w| gazetteer.is_title(w))
}

/// The graph relation of an extraction, in the voice the graph states it: a passive with
/// its agent as object ("was bought by X", key `buy_by`) becomes the active fact with subject
/// and object swapped (`buy`, "buys"); a passive without an agent keeps its voice in the key
/// and label (`be_built_in`, "is built in"). Active relations are unchanged.
fn voice(x: &Extraction, tokens: &[crate::document::Token]) -> Voiced {
    let r = &x.relation;
    // A span of time counted ("an hour", "two weeks"), not a season or event that may act
    // ("sales were dampened by a wet summer").
    let counted = |span: &[u32]| {
        let words: Vec<&crate::document::Token> = span
            .iter()
            .filter_map(|&i| tokens.get(i as usize))
            .collect();
        let described = words.iter().any(|t| t.upos == Upos::Adj);
        words.iter().any(|t| t.upos == Upos::Num)
            || (!described
                && words.iter().any(|t| {
                    matches!(
                        t.lemma.to_lowercase().as_str(),
                        "a" | "an" | "one" | "several" | "few"
                    )
                }))
    };
    let unchanged = || Voiced {
        key: r.key.clone(),
        label: r.label.clone(),
        swap: false,
    };
    if !r.passive {
        return unchanged();
    }
    let lemma = r.key.split('_').next().unwrap_or(&r.key);
    let rest = &r.key[lemma.len()..];
    // "was built": a passive auxiliary. A bare participle may be a misread past tense in a
    // headline ("Trade gap ballooned in October"), so it changes nothing unless its "by"
    // names an agent rather than an amount ("rose by 3.4%"), or its verb is one that takes a
    // passive ("a deal valued at $6bn", "a service called X": the extractor marks those
    // only).
    let auxiliary = r
        .tokens
        .iter()
        .filter_map(|&t| tokens.get(t as usize))
        .any(|t| t.deprel == "aux:pass");
    let value_object = x
        .object
        .as_ref()
        .is_some_and(|o| o.kind.is_some_and(|k| k.is_value()));
    // "shortened by an hour", "raised by 5%", "extended by two weeks": "by" measures the
    // change; no hour shortens anything. A plain number may count agents ("by three
    // investors"), and an ordinal is no measure kg can write ("cut by a third").
    let measure = x.object.as_ref().is_some_and(|o| {
        o.kind.is_some_and(|k| {
            k.is_value() && !matches!(k, EntityKind::Cardinal | EntityKind::Ordinal)
        }) || tokens.get(o.head as usize).is_some_and(|t| {
            t.upos == Upos::Noun
                && NounTypes::embedded().class_of(&t.lemma) == Some(NounClass::Time)
                && counted(&o.tokens)
        })
    });
    let agent = x.object.is_some() && !measure && (auxiliary || !value_object);
    if rest == "_by" && agent {
        return Voiced {
            key: lemma.to_owned(),
            label: r.label.strip_suffix(" by").unwrap_or(&r.label).to_owned(),
            swap: true,
        };
    }
    // The verb as written ("raped"), found among the relation's words.
    let Some(verb) = r
        .tokens
        .iter()
        .filter_map(|&t| tokens.get(t as usize))
        .find(|t| t.lemma.eq_ignore_ascii_case(lemma) && t.form.chars().any(char::is_alphabetic))
    else {
        return unchanged();
    };
    if !auxiliary {
        // Without an auxiliary only a participle, of a verb that takes a passive, and not
        // changing by an amount or into a quality ("dipped by 3.4%", "added 5%", "traded
        // flat"): those are past tenses of the verb used without an object.
        let amount = value_object && (rest.is_empty() || rest.ends_with("_by"));
        let quality = x
            .object
            .as_ref()
            .and_then(|o| tokens.get(o.head as usize))
            .is_some_and(|t| matches!(t.upos, Upos::Adj | Upos::Adv));
        // A regular past ("valued") is its participle too; an irregular one ("grew") is not.
        let participle_form =
            verb.xpos == "VBN" || (verb.xpos == "VBD" && verb.form.ends_with("ed"));
        if !participle_form || amount || quality || !VerbVoice::embedded().takes_passive(lemma) {
            return unchanged();
        }
    }
    let participle = verb.form.to_lowercase();
    let words = rest.replace('_', " ");
    Voiced {
        key: format!("be_{participle}{rest}"),
        label: format!("is {participle}{words}"),
        swap: false,
    }
}

/// The source of a reported fact ("A said that …" → A, `say`), named as an argument would be.
fn attribution_of(x: &Extraction, named: &Named<'_>) -> Option<Attribution> {
    let Object::Entity(speaker) = node_of(&Phrase::of(x.attribution.as_ref()?), named)? else {
        return None;
    };
    let verb = x.attribution_verb.as_deref().unwrap_or("say");
    Some(Attribution::new(speaker, verb))
}

/// Whether a relation's clausal object is what its subject says, thinks or denies ("X said
/// that …"), so that the proposition is worth keeping as text.
fn reports_proposition(key: &str) -> bool {
    use crate::nlp::factuality::{class_of, Class};
    let lemma = key.split('_').next().unwrap_or(key);
    crate::extract::relation::is_speech(lemma)
        || matches!(
            class_of(lemma),
            Some(Class::Report | Class::Belief | Class::Denial | Class::Factive)
        )
}

/// Whether an argument is a clause rather than a thing: its head is a verb with a subject,
/// a subordinating or infinitive mark or an auxiliary ("that rates peaked", "to join",
/// "prices will rise"), or a nominal or adjective with a copula ("the gap was wide"). A bare
/// gerund ("tagging", "buying presents") names an activity and stays.
fn is_clause(tokens: &[crate::document::Token], arg: &Argument, x: &Extraction) -> bool {
    let head = arg.head as usize;
    let Some(h) = tokens.get(head) else {
        return false;
    };
    // The fact's own copula and auxiliaries ("X *is* Y") do not make Y a clause.
    let mut rels = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| t.depends_on(head) && !x.relation.tokens.contains(&(*i as u32)))
        .map(|(_, t)| t.deprel.split(':').next().unwrap_or(""));
    if matches!(
        h.upos,
        crate::document::Upos::Verb | crate::document::Upos::Aux
    ) {
        rels.any(|r| matches!(r, "nsubj" | "csubj" | "mark" | "aux" | "expl"))
    } else {
        rels.any(|r| r == "cop")
    }
}

/// Records the other names of each cluster that named an entity of the document's
/// facts as aliases of it. An alias that already names another entity is left alone:
/// the graph never moves facts between entities on a within-document guess.
fn aliases_of(coreference: &Coreference, facts: &[Fact]) -> Vec<(EntityRef, String)> {
    let mut named = rustc_hash::FxHashSet::default();
    for fact in facts {
        named.insert(fact.subject.key().to_owned());
        if let Object::Entity(e) = &fact.object {
            named.insert(e.key().to_owned());
        }
    }
    let mut out = Vec::new();
    for cluster in coreference.clusters() {
        let Some(ty) = EntityType::from_kind(cluster.kind) else {
            continue;
        };
        let Ok(entity) = EntityRef::new(&cluster.canonical) else {
            continue;
        };
        if !named.contains(entity.key()) {
            continue;
        }
        let entity = entity.with_type(ty);
        for &m in &cluster.mentions {
            let m = &coreference.mentions()[m];
            if m.kind == MentionKind::Name {
                out.push((entity.clone(), strip_article(&m.text).to_owned()));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_end_at_paragraphs_then_lines_then_sentences() {
        let text = "Aaaa aaaa.\n\nBbbb bbbb.\n\nCccc.";
        assert_eq!(section_ends(text, 16), vec![12, 24, text.len()]);
        let lines = "aaaa bbbb\ncccc dddd\neeee";
        assert_eq!(section_ends(lines, 12), vec![10, 20, lines.len()]);
        let sentences = "Aaa bb. Ccc dd. Eee ff.";
        assert_eq!(section_ends(sentences, 10), vec![8, 16, sentences.len()]);
        // No break at all: cut at a character boundary, never inside a character.
        let word = "ééééééééééééééééé";
        let ends = section_ends(word, 9);
        assert!(ends.iter().all(|&e| word.is_char_boundary(e)));
        assert_eq!(ends.last(), Some(&word.len()));
        assert_eq!(section_ends("short", 100), vec![5]);
    }

    #[test]
    fn a_document_read_in_sections_gives_the_facts_of_its_paragraphs_in_place() {
        let builder = TextGraphBuilder::embedded().unwrap();
        let paragraphs = [
            "Anna Berg founded Solvik Energy in Oslo in 2001.",
            "Karl Lindqvist bought the old mill near the river.",
            "Maria Santos joined the board of Veltro Group in Lisbon.",
            "Halvard Brekkan sold his shares in Orbix last week.",
        ];
        let text = paragraphs.join("\n\n");
        let mut whole = Document::new("d", text.as_str());
        let whole = builder.analyze_whole(&mut whole);
        let mut doc = Document::new("d", text.as_str());
        let sectioned = builder.analyze_in_sections(&mut doc, 70);
        assert_eq!(section_ends(&text, 70).len(), 4);
        assert!(whole.facts.len() >= 4);
        assert_eq!(sectioned.facts, whole.facts);
        assert_eq!(sectioned.stats, whole.stats);
        // The last paragraph's facts point into the whole text.
        let last = sectioned.facts.last().unwrap();
        assert_eq!(last.provenance.sentence, Some(3));
        let span = last.provenance.sentence_span.unwrap();
        let sentence: String = text
            .chars()
            .skip(span.begin as usize)
            .take((span.end - span.begin) as usize)
            .collect();
        assert_eq!(sentence, paragraphs[3]);
    }

    #[test]
    fn a_graph_fed_section_by_section_is_the_graph_of_the_sections_read_together() {
        let builder = TextGraphBuilder::embedded().unwrap();
        let text = "Anna Berg, who runs Solvik Energy, met Karl Lindqvist in Oslo.\n\n\
                    Berg said the firm would build a plant. She signed the deal.\n\n\
                    Lindqvist praised Solvik Energy. He visited Bergen.";
        let limit = 70;
        assert_eq!(section_ends(text, limit).len(), 3);
        let turtle = |graph: &KnowledgeGraph| {
            let options = crate::RdfOptions::new();
            crate::write_rdf(graph, &options, crate::RdfFormat::Turtle, Vec::new()).unwrap()
        };
        let mut together = KnowledgeGraph::new();
        let mut doc = Document::new("d", text);
        builder
            .analyze_in_sections(&mut doc, limit)
            .add_to(&mut together);
        let mut fed = KnowledgeGraph::new();
        let mut joiner = SectionJoiner::default();
        for section in sections_of("d", None, text, limit) {
            joiner
                .place(builder.analyze_section(section))
                .add_to(&mut fed);
        }
        assert!(together.fact_count() >= 3);
        assert_eq!(turtle(&fed), turtle(&together));
    }
}
