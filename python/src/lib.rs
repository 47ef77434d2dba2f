//! `kg._kg`: the native half of the Python package `kg`.
//!
//! Every function here calls the kg library the command line calls, with the same settings,
//! so the bytes match: `build` is `kg build` (documents analysed in parallel and added in
//! order, then the alias pass), `extract` is `kg extract -f jsonl` and `--jsonl`, `analyze`
//! is `kg analyze`, `Graph.serialize` is `kg build -f FORMAT`, `Graph.query` is `kg query`.
//! The Python side (`kg/__init__.py`) turns what these return into friendly objects.
//!
//! The GIL is released while kg works (analysis, writing, querying), so Python threads run
//! meanwhile. Errors are `kg.KgError` with the command line's message, or `ValueError` for a
//! bad argument; a panic in kg (a bug) is caught where the GIL is released and raised as
//! `KgError` too ([`without_gil`]).

use std::sync::OnceLock;

use kg::{
    fact_records, BuildStats, CharOffsets, Document, DocumentRecord, DotOptions, Format,
    KnowledgeGraph, ProvenanceMode, RdfOptions, ResultsFormat, TextGraphBuilder,
};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyValueError};
use pyo3::prelude::*;

// As in the `kg` binary (src/main.rs): the analysis allocates many small, short-lived strings
// and vectors, which mimalloc's per-thread free lists make cheap.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

create_exception!(
    _kg,
    KgError,
    PyException,
    "An error kg reports, with the message the `kg` command line prints."
);

/// A document as the Python side hands it over: id, text, date.
type RawDoc = (String, String, Option<String>);

/// The embedded models and extractor, loaded once per process (as the command line loads
/// them once per run).
fn builder() -> PyResult<&'static TextGraphBuilder> {
    static BUILDER: OnceLock<Result<TextGraphBuilder, String>> = OnceLock::new();
    BUILDER
        .get_or_init(|| {
            TextGraphBuilder::embedded().map_err(|e| format!("loading the embedded models: {e}"))
        })
        .as_ref()
        .map_err(|e| KgError::new_err(e.clone()))
}

fn document((id, text, date): RawDoc) -> Document {
    let mut doc = Document::new(id, text);
    doc.date = date;
    doc
}

/// Runs `work` with the GIL released (other Python threads go on meanwhile). Its error, and a
/// panic (a bug in kg), become `KgError`: PyO3 would raise a panic as `PanicException`, which
/// `except Exception` does not catch.
fn without_gil<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, String> + Send,
) -> PyResult<T> {
    py.detach(|| std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)))
        .map_err(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            KgError::new_err(format!(
                "kg failed unexpectedly (a bug, please report it): {what}"
            ))
        })?
        .map_err(KgError::new_err)
}

/// A pool of `threads` threads (all cores for `None`), as `kg build --threads` makes it.
fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, String> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .map_err(|e| format!("starting the analysis threads: {e}"))
}

/// The provenance mode named as on the command line (`--provenance`).
fn provenance_mode(name: &str) -> PyResult<ProvenanceMode> {
    [
        ProvenanceMode::None,
        ProvenanceMode::Reification,
        ProvenanceMode::Graphs,
        ProvenanceMode::Rdf12,
    ]
    .into_iter()
    .find(|m| m.to_string() == name)
    .ok_or_else(|| {
        PyValueError::new_err(format!(
            "unknown provenance mode {name:?} (none, reification, graphs, rdf12)"
        ))
    })
}

/// The output format named as on the command line (`-f`).
fn output_format(name: &str) -> PyResult<Format> {
    Format::ALL
        .into_iter()
        .find(|f| f.to_string() == name)
        .ok_or_else(|| {
            let names: Vec<String> = Format::ALL.iter().map(ToString::to_string).collect();
            PyValueError::new_err(format!("unknown format {name:?} ({})", names.join(", ")))
        })
}

/// A knowledge graph built by `kg.build`.
#[pyclass(module = "kg._kg", frozen)]
struct NativeGraph {
    graph: KnowledgeGraph,
    provenance: ProvenanceMode,
    stats: BuildStats,
    documents: usize,
    /// The threads it was built on (`None`: all cores), which also write it.
    threads: Option<usize>,
    /// The graph loaded into an in-memory store on the first query (as `kg query` loads it).
    store: OnceLock<oxigraph::store::Store>,
}

#[pymethods]
impl NativeGraph {
    /// The graph in `format` (`turtle`, `ntriples`, `nquads`, `trig`, `rdfxml`, `jsonld`,
    /// `dot`), with `provenance` (default: the graph's) and IRIs under `base`; the bytes of
    /// `kg build -f FORMAT --provenance MODE --base BASE`.
    #[pyo3(signature = (format, provenance=None, base=None))]
    fn serialize(
        &self,
        py: Python<'_>,
        format: &str,
        provenance: Option<&str>,
        base: Option<&str>,
    ) -> PyResult<Vec<u8>> {
        let format = output_format(format)?;
        let provenance = match provenance {
            Some(p) => provenance_mode(p)?,
            None => self.provenance,
        };
        let base = match base {
            Some(b) => kg::Base::new(b).map_err(|e| KgError::new_err(e.to_string()))?,
            None => kg::Base::default(),
        };
        let options = RdfOptions::new()
            .with_base(base)
            .with_provenance(provenance);
        without_gil(py, || {
            // Turtle is written in parallel on the build's threads, as `kg build` writes it.
            thread_pool(self.threads)?.install(|| match format.rdf() {
                Some(f) => {
                    kg::write_rdf(&self.graph, &options, f, Vec::new()).map_err(|e| e.to_string())
                }
                None => kg::write_dot(&self.graph, &DotOptions::new(), Vec::new())
                    .map_err(|e| e.to_string()),
            })
        })
    }

    /// The graph as Graphviz DOT with the drawing settings of `kg build -f dot`
    /// (`--min-support`, `--max-nodes`, `--min-degree`, `--asserted-only`).
    #[pyo3(signature = (min_support=1, max_nodes=None, min_degree=1, asserted_only=false))]
    fn to_dot(
        &self,
        py: Python<'_>,
        min_support: usize,
        max_nodes: Option<usize>,
        min_degree: usize,
        asserted_only: bool,
    ) -> PyResult<String> {
        let options = DotOptions::new()
            .with_min_support(min_support)
            .with_max_nodes(max_nodes)
            .with_min_degree(min_degree)
            .with_asserted_only(asserted_only);
        let bytes = without_gil(py, || {
            kg::write_dot(&self.graph, &options, Vec::new()).map_err(|e| e.to_string())
        })?;
        String::from_utf8(bytes).map_err(|e| KgError::new_err(e.to_string()))
    }

    /// Runs SPARQL over the graph (written with its provenance mode, as `kg query` reads a
    /// file `kg build` wrote) and returns the results as SPARQL 1.1 JSON results, or
    /// N-Triples lines for CONSTRUCT and DESCRIBE.
    fn query(&self, py: Python<'_>, sparql: &str) -> PyResult<String> {
        without_gil(py, || {
            let store = match self.store.get() {
                Some(s) => s,
                None => {
                    let options = RdfOptions::new().with_provenance(self.provenance);
                    let nquads =
                        kg::write_rdf(&self.graph, &options, kg::RdfFormat::NQuads, Vec::new())
                            .map_err(|e| e.to_string())?;
                    let store = kg::load_store(nquads.as_slice(), kg::RdfFormat::NQuads)
                        .map_err(|e| e.to_string())?;
                    // Another thread may have loaded it meanwhile: either copy will do.
                    let _ = self.store.set(store);
                    self.store.get().ok_or("the store was not kept")?
                }
            };
            let mut out = Vec::new();
            kg::query(store, sparql, ResultsFormat::Json, &mut out).map_err(|e| e.to_string())?;
            String::from_utf8(out).map_err(|e| e.to_string())
        })
    }

    /// The provenance mode the graph was built with.
    #[getter]
    fn provenance(&self) -> String {
        self.provenance.to_string()
    }

    /// Documents analysed.
    #[getter]
    fn documents(&self) -> usize {
        self.documents
    }

    /// Sentences analysed.
    #[getter]
    fn sentences(&self) -> usize {
        self.stats.sentences
    }

    /// Tokens analysed.
    #[getter]
    fn tokens(&self) -> usize {
        self.stats.tokens
    }

    /// Facts in the graph (a fact seen in many sentences counts once).
    #[getter]
    fn fact_count(&self) -> usize {
        self.graph.fact_count()
    }

    /// Entities in the graph.
    #[getter]
    fn entity_count(&self) -> usize {
        self.graph.entity_count()
    }
}

/// Builds the graph of `docs` (id, text, date) as `kg build` does: documents analysed on
/// `threads` threads (all cores for None) and added in order, then the cross-document alias
/// pass unless `aliases` is false (`--no-aliases`).
#[pyfunction]
#[pyo3(signature = (docs, threads=None, provenance="reification", aliases=true))]
fn build(
    py: Python<'_>,
    docs: Vec<RawDoc>,
    threads: Option<usize>,
    provenance: &str,
    aliases: bool,
) -> PyResult<NativeGraph> {
    let provenance = provenance_mode(provenance)?;
    if threads == Some(0) {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let builder = builder()?;
    let documents = docs.len();
    let (graph, stats) = without_gil(py, || {
        let pool = thread_pool(threads)?;
        let mut graph = KnowledgeGraph::new();
        let stats =
            pool.install(|| builder.add_documents(&mut graph, docs.into_iter().map(document)));
        if aliases {
            graph = graph.into_unified_aliases().0;
        }
        Ok((graph, stats))
    })?;
    Ok(NativeGraph {
        graph,
        provenance,
        stats,
        documents,
        threads,
        store: OnceLock::new(),
    })
}

/// The facts of one document as `kg extract -f jsonl` writes them: a JSON object per fact,
/// with whether the sentence asserts it (not reported, negated, hedged …).
#[pyfunction]
#[pyo3(signature = (id, text, date=None))]
fn extract(
    py: Python<'_>,
    id: String,
    text: String,
    date: Option<String>,
) -> PyResult<Vec<(String, bool)>> {
    let builder = builder()?;
    without_gil(py, || {
        let mut doc = document((id, text, date));
        builder.pipeline().analyze(&mut doc);
        let facts = builder.extractor().extract(&doc);
        fact_records(&doc, &facts)
            .iter()
            .map(|r| {
                serde_json::to_string(r)
                    .map(|json| (json, r.fact().is_asserted()))
                    .map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()
    })
}

/// The lines `kg extract --jsonl` writes for `docs` (id, text, date), one per document, in
/// order: `{"id", "date", "sentences", "tokens", "facts"}`.
#[pyfunction]
fn extract_jsonl(py: Python<'_>, docs: Vec<RawDoc>) -> PyResult<Vec<String>> {
    let builder = builder()?;
    without_gil(py, || {
        docs.into_iter()
            .map(|raw| {
                let mut doc = document(raw);
                builder.pipeline().analyze(&mut doc);
                let facts = builder.extractor().extract(&doc);
                serde_json::to_string(&DocumentRecord::new(&doc, &facts)).map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<_>, _>>()
    })
}

/// One analysed token: form, lemma, upos, xpos, head (CoNLL-U HEAD: 0 for the root, else the
/// head's 1-based number in the sentence), deprel, entity (IOB2 tag such as `B-PER`, or ""),
/// the entity's normalised value, character start and end, whether a space follows.
type TokenRow = (
    String,
    String,
    String,
    String,
    u32,
    String,
    String,
    Option<String>,
    usize,
    usize,
    bool,
);

/// One analysed sentence: text, character start and end, tokens.
type SentenceRow = (String, usize, usize, Vec<TokenRow>);

/// Analyses `text` as `kg analyze` does and returns its sentences and tokens.
#[pyfunction]
fn analyze(py: Python<'_>, text: String) -> PyResult<Vec<SentenceRow>> {
    let builder = builder()?;
    without_gil(py, || {
        let mut doc = Document::new("text", text);
        builder.pipeline().analyze(&mut doc);
        let chars = CharOffsets::new(&doc.text);
        let entities = doc.token_entities();
        Ok(doc
            .sentences
            .iter()
            .map(|s| {
                let tokens = s
                    .token_range()
                    .map(|ti| {
                        let t = &doc.tokens[ti];
                        let (entity, normalized) = match entities[ti] {
                            Some(e) => (
                                format!("{}-{}", if e.begins { 'B' } else { 'I' }, e.kind.label()),
                                e.normalized.map(str::to_owned),
                            ),
                            None => (String::new(), None),
                        };
                        (
                            t.form.clone(),
                            t.lemma.clone(),
                            t.upos.to_string(),
                            t.xpos.clone(),
                            t.head.map_or(0, kg::Head::to_conllu),
                            t.deprel.clone(),
                            entity,
                            normalized,
                            chars.char_offset(t.span.start as usize),
                            chars.char_offset(t.span.end as usize),
                            t.space_after,
                        )
                    })
                    .collect();
                (
                    doc.sentence_text(s).to_owned(),
                    chars.char_offset(s.span.start as usize),
                    chars.char_offset(s.span.end as usize),
                    tokens,
                )
            })
            .collect())
    })
}

/// The native module `kg._kg`.
#[pymodule]
fn _kg(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("KgError", m.py().get_type::<KgError>())?;
    m.add_class::<NativeGraph>()?;
    m.add_function(wrap_pyfunction!(build, m)?)?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    m.add_function(wrap_pyfunction!(extract_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(analyze, m)?)?;
    Ok(())
}
