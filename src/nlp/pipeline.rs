//! The text-analysis pipeline: one ordered list of stages over a [`Document`].
//!
//! ```text
//! tokenize → tag (UPOS + XPOS) → lemmatize → parse (+ predicate factuality) → entities
//!          → coreference
//! ```
//!
//! Each stage fills one layer of the document and can be switched off with
//! [`Pipeline::with_stages`]; a stage that needs an earlier one switches it on
//! too (entities need tags; parsing needs tags and lemmas; coreference needs the
//! parse and the entities). The models are the
//! ones embedded in the binary, or files written by `kg train` ([`Pipeline::from_dir`]).

use crate::document::Document;
use crate::nlp::coref::{self, CorefOptions};
use crate::nlp::factuality::Factuality;
use crate::nlp::headline;
use crate::nlp::lemma::Lemmatizer;
use crate::nlp::model::{read, ModelError};
use crate::nlp::ner::EntityRecognizer;
use crate::nlp::parser::Parser;
use crate::nlp::tagger::Tagger;
use crate::nlp::tokenize::Tokenizer;
use crate::nlp::verb_voice::VerbVoice;
use std::ops::Deref;
use std::path::Path;
use std::sync::Arc;

/// A model shared between pipelines: the embedded one (decoded once per process) or
/// one loaded from a file.
#[derive(Debug)]
enum Shared<T: 'static> {
    Embedded(&'static T),
    Loaded(Arc<T>),
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match self {
            Self::Embedded(model) => Self::Embedded(model),
            Self::Loaded(model) => Self::Loaded(Arc::clone(model)),
        }
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        match self {
            Self::Embedded(model) => model,
            Self::Loaded(model) => model,
        }
    }
}

/// Which stages run after tokenisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stages {
    /// Part-of-speech tags and lemmas.
    pub tag: bool,
    /// Dependency parse and the factuality of its predicates (implies `tag`).
    pub parse: bool,
    /// Named entities and values (implies `tag`).
    pub entities: bool,
    /// Coreference clusters (implies `parse` and `entities`).
    pub coreference: bool,
}

impl Stages {
    /// Every stage.
    pub const ALL: Stages = Stages {
        tag: true,
        parse: true,
        entities: true,
        coreference: true,
    };

    fn closed(self) -> Self {
        let parse = self.parse || self.coreference;
        let entities = self.entities || self.coreference;
        Stages {
            tag: self.tag || parse || entities,
            parse,
            entities,
            ..self
        }
    }
}

/// The analysis pipeline: text in, a [`Document`] with every layer out.
///
/// ```
/// use kg::{Document, Pipeline};
///
/// let pipeline = Pipeline::embedded()?;
/// let mut doc = Document::new("d1", "The cat sat on the mat. It purred.");
/// pipeline.analyze(&mut doc);
/// assert_eq!(doc.sentences.len(), 2);
/// assert_eq!(doc.tokens[1].lemma, "cat");
/// assert!(doc.tokens.iter().all(|t| t.head.is_some()));
/// # Ok::<(), kg::ModelError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Pipeline {
    tokenizer: Tokenizer,
    tagger: Shared<Tagger>,
    lemmatizer: Shared<Lemmatizer>,
    parser: Parser,
    recognizer: EntityRecognizer,
    factuality: Shared<Factuality>,
    stages: Stages,
    coref_options: CorefOptions,
}

impl Pipeline {
    /// Loads every embedded model; all stages on.
    ///
    /// # Errors
    /// When an embedded model does not decode (a broken build).
    pub fn embedded() -> Result<Self, ModelError> {
        Ok(Self {
            tokenizer: Tokenizer::new(),
            tagger: Shared::Embedded(Tagger::embedded()?),
            lemmatizer: Shared::Embedded(Lemmatizer::embedded()?),
            parser: Parser::embedded()?,
            recognizer: EntityRecognizer::embedded()?,
            factuality: Shared::Embedded(Factuality::embedded()?),
            stages: Stages::ALL,
            coref_options: CorefOptions::default(),
        })
    }

    /// Loads the models that `kg train` wrote into `dir` (`tagger.kgm`, `lemmatizer.kgm`,
    /// `parser.kgm`, `ner.kgm`, `factuality.kgm`, the names `models/` uses); a model missing from `dir` is the
    /// embedded one. All stages on.
    ///
    /// ```
    /// let dir = tempfile::tempdir()?;
    /// // An empty directory gives the embedded models.
    /// let pipeline = kg::Pipeline::from_dir(dir.path())?;
    /// let mut doc = kg::Document::new("d1", "Dogs bark.");
    /// pipeline.analyze(&mut doc);
    /// assert_eq!(doc.tokens[0].lemma, "dog");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    /// When a model file cannot be read or is not a valid kg model of its kind.
    pub fn from_dir(dir: &Path) -> Result<Self, ModelError> {
        let file = |name: &str| Some(dir.join(name)).filter(|p| p.is_file());
        let mut pipeline = Self::embedded()?;
        if let Some(path) = file("tagger.kgm") {
            pipeline.tagger = Shared::Loaded(Arc::new(Tagger::load(&path)?));
        }
        if let Some(path) = file("lemmatizer.kgm") {
            pipeline.lemmatizer = Shared::Loaded(Arc::new(Lemmatizer::load(&path)?));
        }
        if let Some(path) = file("parser.kgm") {
            pipeline.parser = Parser::from_bytes(&read(&path)?)?;
        }
        if let Some(path) = file("ner.kgm") {
            pipeline.recognizer = EntityRecognizer::from_bytes(&read(&path)?)?;
        }
        if let Some(path) = file("factuality.kgm") {
            pipeline.factuality = Shared::Loaded(Arc::new(Factuality::load(&path)?));
        }
        Ok(pipeline)
    }

    /// The same pipeline running only `stages` after tokenisation.
    #[must_use]
    pub fn with_stages(mut self, stages: Stages) -> Self {
        self.stages = stages.closed();
        self
    }

    /// The same pipeline resolving coreference with `options`.
    ///
    /// ```
    /// use kg::{CorefOptions, Document, Pipeline};
    ///
    /// let options = CorefOptions { nominal_descriptions: true };
    /// let pipeline = Pipeline::embedded()?.with_coref_options(options);
    /// let mut doc = Document::new("d", "Nordlys Energy hired staff. The firm grew.");
    /// pipeline.analyze(&mut doc);
    /// let firm = doc.coreference.cluster_at(1, 1).map(|c| c.canonical.as_str());
    /// assert_eq!(firm, Some("Nordlys Energy"));
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn with_coref_options(mut self, options: CorefOptions) -> Self {
        self.coref_options = options;
        self
    }

    /// The same pipeline parsing with a beam of `width` paths (1, the default, is greedy
    /// parsing; see `kg analyze --beam`): more accurate, several times slower.
    ///
    /// ```
    /// let pipeline = kg::Pipeline::embedded()?.with_parser_beam(4);
    /// assert_eq!(pipeline.parser().beam_width(), 4);
    /// # Ok::<(), kg::ModelError>(())
    /// ```
    #[must_use]
    pub fn with_parser_beam(mut self, width: usize) -> Self {
        self.parser = self
            .parser
            .with_beam(crate::nlp::parser::BeamOptions::new(width));
        self
    }

    /// The stages that run.
    #[must_use]
    pub fn stages(&self) -> Stages {
        self.stages
    }

    /// The tokenizer.
    #[must_use]
    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// The dependency parser.
    #[must_use]
    pub fn parser(&self) -> &Parser {
        &self.parser
    }

    /// Tokenises `doc.text` and runs the other stages.
    pub fn analyze(&self, doc: &mut Document) {
        self.tokenizer.tokenize(doc);
        self.analyze_tokens(doc);
    }

    /// Text with one sentence per line and tokens separated by spaces (PTB
    /// style, as CaRB writes it): keeps that tokenisation, runs the other stages.
    pub fn analyze_pretokenized(&self, doc: &mut Document) {
        self.tokenizer.tokenize_pretokenized(doc);
        self.analyze_tokens(doc);
    }

    /// Runs every stage after tokenisation on a document that already has
    /// sentences and tokens (for example gold tokens read from CoNLL-U).
    pub fn analyze_tokens(&self, doc: &mut Document) {
        if self.stages.tag {
            for i in 0..doc.sentences.len() {
                let tokens = doc.sentence_tokens_mut(i);
                self.tagger.tag(tokens);
                self.lemmatizer.check_tags(tokens);
                self.lemmatizer.lemmatize(tokens);
            }
        }
        if self.stages.parse {
            for i in 0..doc.sentences.len() {
                self.parser.parse(doc.sentence_tokens_mut(i));
                let s = &doc.sentences[i];
                if headline::is_headline(&doc.text, s.span, doc.sentence_tokens(s)) {
                    headline::mark_reduced_passive(doc.sentence_tokens_mut(i), |verb| {
                        self.lemmatizer.can_be_participle(&verb.form)
                            && VerbVoice::embedded().takes_passive(&verb.lemma.to_lowercase())
                    });
                }
            }
            self.factuality.annotate(doc);
        }
        if self.stages.entities {
            self.recognizer.recognize(doc);
        }
        if self.stages.coreference {
            doc.coreference = coref::resolve_with(doc, self.coref_options);
        }
    }
}
