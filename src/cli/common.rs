//! What the commands share: output planning and writing, RDF input formats, the analysis
//! thread pool and ordered build loop, CaRB predictions and NER gold data. A command uses
//! these instead of importing another command.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;
use oxrdfio::RdfFormat;

use super::InputError;
use crate::corpus::{DocumentError, RawDocument};
use crate::document::Document;
use crate::eval::text2kg::GoldSentence;
use crate::export::dot::{self, DotOptions};
use crate::export::{rdf, Base, Format, ProvenanceMode, RdfOptions, DEFAULT_BASE};
use crate::extract::Extractor;
use crate::formats::iob2::{read_iob2, tags_by_sentence};
use crate::formats::ontology::Ontology;
use crate::graph::KnowledgeGraph;
use crate::io::{open_output, AtomicOutput};
use crate::mapper::{Analysed, Example};
use crate::nlp::pipeline::Pipeline;
use crate::train::ner::{gold_documents, GoldDocument};

/// Where and how a graph is written (shared by `build` and `convert`).
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Output file (`-` for standard output); its extension picks the format.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,

    /// Output format, overriding the extension [default: turtle].
    #[arg(short, long, value_enum)]
    pub format: Option<Format>,

    /// Base of the IRIs minted for entities, relations, facts and documents.
    #[arg(long, value_name = "IRI", default_value = DEFAULT_BASE)]
    pub base: String,

    /// How facts carry provenance: none; reification (PROV-O statement nodes, loads
    /// everywhere); graphs (a named graph per document: N-Quads, TriG, JSON-LD); rdf12
    /// (RDF 1.2 reifiers: Turtle, N-Triples, N-Quads, TriG, RDF/XML).
    #[arg(long, value_enum, default_value_t = ProvenanceMode::Reification)]
    pub provenance: ProvenanceMode,

    /// DOT: draw only facts seen at least this many times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_support: usize,

    /// DOT: draw at most this many nodes: typed entities (person, organization,
    /// place, group, event, work, product) first, then those with the most asserted
    /// facts, ties by name key.
    #[arg(long, value_name = "N")]
    pub max_nodes: Option<usize>,

    /// DOT: draw only nodes with at least N edges, counted once after --min-support,
    /// --asserted-only and --max-nodes. 0 draws every entity; 1 draws every entity
    /// with an edge or a value (values are listed in the node's tooltip, not drawn as
    /// nodes); N >= 2 counts edges only, also drops the nodes this leaves without an
    /// edge, and drops every separate piece of exactly two nodes (isolated pairs).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub min_degree: usize,

    /// DOT: draw only asserted facts; claims (reported, negated, possible, wanted …) are
    /// otherwise drawn dashed with what they are in the label.
    #[arg(long)]
    pub asserted_only: bool,
}

/// Checked output settings: everything that can be wrong with the flags is found
/// before any input is read or any file created.
pub struct OutputPlan {
    path: PathBuf,
    format: Format,
    rdf: RdfOptions,
    dot: DotOptions,
}

impl OutputArgs {
    /// Resolves the format and checks the base and the provenance mode.
    pub fn plan(&self) -> anyhow::Result<OutputPlan> {
        let format = match (self.format, self.output.as_os_str() == "-") {
            (Some(f), _) => f,
            (None, true) => Format::Turtle,
            (None, false) => Format::from_path(&self.output).ok_or_else(|| {
                InputError(format!(
                    "cannot tell the format of {} from its extension; use -f/--format",
                    self.output.display()
                ))
            })?,
        };
        let base = Base::new(&self.base).map_err(|e| InputError(e.to_string()))?;
        if let Some(f) = format.rdf() {
            rdf::check_compatible(self.provenance, f).map_err(|e| InputError(e.to_string()))?;
        }
        Ok(OutputPlan {
            path: self.output.clone(),
            format,
            rdf: RdfOptions::new()
                .with_base(base)
                .with_provenance(self.provenance),
            dot: DotOptions::new()
                .with_min_support(self.min_support)
                .with_max_nodes(self.max_nodes)
                .with_min_degree(self.min_degree)
                .with_asserted_only(self.asserted_only),
        })
    }
}

impl OutputPlan {
    /// The output path (`-` for standard output).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The output format.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Writes the graph's mapped facts in an ontology's terms (`kg build --ontology`).
    pub(crate) fn with_ontology(mut self, terms: rdf::OntologyTerms) -> Self {
        self.rdf = self.rdf.with_ontology(terms);
        self
    }

    /// The DOT settings (`--min-support`, `--max-nodes`, `--min-degree`, `--asserted-only`).
    pub fn dot_options(&self) -> &DotOptions {
        &self.dot
    }

    /// Opens the output before any work is done: an output that is one of `inputs`
    /// (same file) or that cannot be created is an input error naming the path.
    pub fn open(&self, inputs: &[PathBuf]) -> anyhow::Result<AtomicOutput> {
        open_output(&self.path, inputs).map_err(|e| InputError(e.to_string()).into())
    }

    /// Writes `graph` to `out` (from [`OutputPlan::open`]), replacing the output
    /// file only on success.
    pub fn write_to(&self, graph: &KnowledgeGraph, out: AtomicOutput) -> anyhow::Result<()> {
        let out = match self.format.rdf() {
            Some(f) => rdf::write(graph, &self.rdf, f, out)?,
            None => dot::write(graph, &self.dot, out)?,
        };
        out.commit()
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// Totals of a text build, for the closing summary.
#[derive(Debug, Clone, Copy, Default)]
pub struct Totals {
    /// Documents analysed.
    pub documents: usize,
    /// Documents skipped because they could not be read.
    pub failed: usize,
    /// Sentences, tokens and facts of the analysed documents.
    pub stats: crate::build::BuildStats,
    /// Input bytes read.
    pub bytes: u64,
}

/// Analyses `docs` on the current rayon pool (a window of documents at a time) and adds
/// their facts to `graph` in document order. Each unreadable document is passed to
/// `on_error`; `on_progress` sees the totals after each document.
pub fn add_documents(
    builder: &crate::build::TextGraphBuilder,
    docs: impl Iterator<Item = Result<RawDocument, DocumentError>>,
    graph: &mut KnowledgeGraph,
    mut on_error: impl FnMut(&DocumentError),
    mut on_progress: impl FnMut(&Totals),
) -> Totals {
    let window = rayon::current_num_threads() * crate::corpus::WINDOW_PER_THREAD;
    let mut totals = Totals::default();
    let mut joiner = crate::build::SectionJoiner::default();
    // A long document is several work items, one per section (see build::sections);
    // its bytes are counted with its first.
    let sections = docs.flat_map(|doc| match doc {
        Ok(raw) => {
            let bytes = raw.bytes;
            let parts = crate::build::sections(raw.into_document()).into_iter();
            parts
                .enumerate()
                .map(|(i, s)| Ok((s, if i == 0 { bytes } else { 0 })))
                .collect()
        }
        Err(e) => vec![Err(e)],
    });
    crate::corpus::par_map_ordered(
        sections,
        window,
        |section| section.map(|(s, bytes)| (builder.analyze_section(s), bytes)),
        |result| {
            match result {
                Ok((facts, bytes)) => {
                    let first = facts.first;
                    let stats = joiner.place(facts).add_to(graph);
                    totals.documents += usize::from(first);
                    totals.stats.sentences += stats.sentences;
                    totals.stats.tokens += stats.tokens;
                    totals.stats.facts += stats.facts;
                    totals.bytes += bytes;
                }
                Err(e) => {
                    totals.failed += 1;
                    on_error(&e);
                }
            }
            on_progress(&totals);
        },
    );
    totals
}

/// A rayon pool of `threads` threads (all cores for `None`).
pub fn thread_pool(threads: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    if threads == Some(0) {
        return Err(InputError("--threads must be at least 1".to_owned()).into());
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("starting the analysis threads")
}

/// The RDF format of an input path, from `--input-format` or its extension.
pub fn input_format(
    path: &std::path::Path,
    given: Option<Format>,
) -> anyhow::Result<oxrdfio::RdfFormat> {
    let format = match given {
        Some(f) => f,
        None if path.as_os_str() == "-" => Format::Turtle,
        None => Format::from_path(path).ok_or_else(|| {
            InputError(format!(
                "cannot tell the RDF format of {} from its extension; use --input-format",
                path.display()
            ))
        })?,
    };
    format.rdf().ok_or_else(|| {
        InputError(format!(
            "kg cannot read {format}: it is an output-only format"
        ))
        .into()
    })
}

/// The RDF syntax of an input: `forced` (a name, extension or media type) if given, else the
/// file extension.
pub(crate) fn input_format_named(path: &Path, forced: Option<&str>) -> anyhow::Result<RdfFormat> {
    if let Some(name) = forced {
        return format_by_name(name).ok_or_else(|| {
            anyhow::Error::from(InputError(format!(
                "unknown RDF format {name:?} (try turtle, ntriples, nquads, trig, rdfxml, jsonld)"
            )))
        });
    }
    path.extension()
        .and_then(|e| e.to_str())
        .and_then(RdfFormat::from_extension)
        .ok_or_else(|| {
            anyhow::Error::from(InputError(format!(
                "{}: cannot tell the RDF format from the file name; give it with --format",
                path.display()
            )))
        })
}

pub(crate) fn format_by_name(name: &str) -> Option<RdfFormat> {
    let lower = name.to_ascii_lowercase();
    let by_name = match lower.replace(['-', '_'], "").as_str() {
        "turtle" => Some(RdfFormat::Turtle),
        "ntriples" => Some(RdfFormat::NTriples),
        "nquads" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "rdfxml" | "xml" => Some(RdfFormat::RdfXml),
        "n3" => Some(RdfFormat::N3),
        _ => None,
    };
    by_name
        .or_else(|| RdfFormat::from_extension(&lower))
        .or_else(|| RdfFormat::from_media_type(&lower))
}

/// Runs kg on CaRB sentences (one per line, PTB-tokenized) and returns prediction lines.
///
/// # Errors
/// When the analysis fails.
pub fn carb_predictions(text: &str, beam: u8) -> anyhow::Result<Vec<String>> {
    let mut doc = Document::new("carb", text);
    pipeline(beam)?.analyze_pretokenized(&mut doc);
    let facts = carb_extractor().extract(&doc);
    Ok(facts
        .iter()
        .filter_map(|f| {
            let s = doc.sentences.get(f.sentence)?;
            f.carb_line(&doc, doc.sentence_text(s).trim())
        })
        .collect())
}

/// Reads an IOB2 file and joins tags from an optional CoNLL-U file.
pub fn load_gold(iob2: &Path, tags: Option<&Path>) -> anyhow::Result<Vec<GoldDocument>> {
    let tags = match tags {
        Some(p) => load_tags(&[p.to_path_buf()])?,
        None => HashMap::new(),
    };
    load_gold_with(iob2, &tags)
}
/// The extractor for CaRB output. Coordinations stay whole and appositive names are not
/// substituted: measured on CaRB dev (with a stand-in parser), splitting coordinations costs
/// about 0.006 F1 and 0.01 AUC, because CaRB credits recall many-to-one but precision
/// one-to-one.
pub(crate) fn carb_extractor() -> Extractor {
    Extractor::new()
        .with_split_coordination(false)
        .with_apposition_names(false)
}

/// The analysis pipeline with the embedded models, parsing with a beam of `beam` paths.
pub(crate) fn pipeline(beam: u8) -> anyhow::Result<Pipeline> {
    Ok(Pipeline::embedded()
        .context("loading the embedded models")?
        .with_parser_beam(usize::from(beam)))
}

pub(crate) fn load_tags(paths: &[PathBuf]) -> anyhow::Result<Tags> {
    let mut tags = HashMap::new();
    for p in paths {
        let sentences =
            crate::formats::conllu::read_path(p).map_err(|e| InputError(e.to_string()))?;
        tags.extend(tags_by_sentence(&sentences));
    }
    Ok(tags)
}

pub(crate) fn load_gold_with(iob2: &Path, tags: &Tags) -> anyhow::Result<Vec<GoldDocument>> {
    let text =
        std::fs::read_to_string(iob2).with_context(|| format!("reading {}", iob2.display()))?;
    let name = iob2.display().to_string();
    let sentences = if is_conllu(&text) {
        let gazetteer = crate::lexicon::gazetteer::Gazetteer::embedded();
        crate::formats::iob2::gum_named_entities(
            &text,
            &name,
            |words| crate::nlp::titles::leading_title_words(words, gazetteer),
            |w| gazetteer.demonym_country(w).is_some(),
        )
    } else {
        read_iob2(&text, &name)
    }
    .map_err(|e| InputError(e.to_string()))?;
    Ok(gold_documents(&sentences, tags))
}

/// True when the first row of `text` that is not a comment has the ten columns of
/// CoNLL-U (an IOB2 row has three or four).
fn is_conllu(text: &str) -> bool {
    text.lines()
        .map(str::trim_end)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.split('\t').count() == 10)
}

pub(crate) type Tags = HashMap<String, Vec<(crate::document::Upos, String, String)>>;

/// Where UDS-IH2 and the EWT treebank it annotates are (`kg train|eval factuality`).
#[derive(Debug, clap::Args)]
pub(crate) struct UdsData {
    /// UDS-IH2 directory (`factuality-normalized.json`, `ud_ids.json`).
    #[arg(long)]
    pub uds: PathBuf,
    /// UD English EWT directory (`en_ewt-ud-{train,dev,test}.conllu`).
    #[arg(long)]
    pub treebank: PathBuf,
}

/// A training line of Text2KGBench: one triple (Wikidata-TekGen) or a sentence with its
/// triples (DBpedia-WebNLG).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum TrainRecord {
    One(crate::eval::text2kg::TrainLine),
    Many(GoldSentence),
}

/// Reads a Text2KGBench training file (JSONL, either layout) into sentences with their gold
/// triples; a malformed line is an input error naming the file and line.
pub(crate) fn read_train(path: &Path) -> anyhow::Result<Vec<GoldSentence>> {
    let records: Vec<TrainRecord> = crate::eval::text2kg::read_jsonl(path)
        .map_err(|e| anyhow::Error::from(InputError(e.to_string())))?;
    let mut lines = Vec::new();
    let mut out = Vec::new();
    for r in records {
        match r {
            TrainRecord::One(l) => lines.push(l),
            TrainRecord::Many(g) => out.push(g),
        }
    }
    out.extend(crate::eval::text2kg::group_train(&lines));
    Ok(out)
}

/// The mapper's training examples: each gold sentence with its analysis and its triples whose
/// relation label is one of the ontology's properties (the others are counted in `unknown`).
pub(crate) fn examples<'a>(
    ontology: &Ontology,
    gold: &[GoldSentence],
    analysed: &'a [Analysed],
    unknown: &mut usize,
) -> Vec<Example<'a>> {
    let index: HashMap<&str, usize> = ontology
        .properties
        .iter()
        .enumerate()
        .map(|(i, r)| (r.label.as_str(), i))
        .collect();
    gold.iter()
        .zip(analysed)
        .map(|(g, a)| Example {
            sentence: a,
            triples: g
                .triples
                .iter()
                .filter_map(|t| {
                    let r = index.get(t.rel.as_str()).copied();
                    *unknown += usize::from(r.is_none());
                    Some((t.sub.clone(), r?, t.obj.clone()))
                })
                .collect(),
        })
        .collect()
}
