//! `kg push GRAPH --endpoint URL`: sends a graph to a triple store (SPARQL 1.1 Graph Store
//! HTTP Protocol). See `store::push` for how graphs, chunks and retries work.

use std::path::PathBuf;

use std::time::{Duration, Instant};

use std::collections::{HashMap, HashSet};

use std::hash::{Hash, Hasher};

use crate::store::push::{count_triples, Credentials, PushError, Pusher};

use oxrdf::{GraphName, NamedNode};

use oxrdfio::RdfParser;

use super::common::input_format_named as input_format;
use super::InputError;

/// Arguments of `kg push`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Credentials are read from KG_PUSH_USER and KG_PUSH_PASSWORD, or from ~/.netrc (or $NETRC),
never from the command line.

Examples:
  kg push graph.nt --endpoint http://localhost:7878/store --graph http://example.com/g
  kg push graph.trig --endpoint http://localhost:3030/ds/data --replace
  kg push graph.ttl --endpoint http://localhost:8890/sparql-graph-crud --graph http://example.com/g")]
pub struct Args {
    /// The RDF file to send (`-` for standard input, which needs `--format`).
    #[arg(value_name = "GRAPH")]
    input: PathBuf,
    /// The store's Graph Store endpoint (Oxigraph: /store; Fuseki: /DATASET/data;
    /// Virtuoso: /sparql-graph-crud; GraphDB: /repositories/REPO/rdf-graphs/service).
    #[arg(long, value_name = "URL")]
    endpoint: String,
    /// Send default-graph triples to this named graph instead of the store's default graph.
    #[arg(long, value_name = "IRI")]
    graph: Option<String>,
    /// Replace each target graph (HTTP PUT) instead of adding to it (POST).
    #[arg(long)]
    replace: bool,
    /// Input syntax (turtle, ntriples, nquads, trig, rdfxml, jsonld, or an extension such as
    /// ttl); by default taken from the file extension.
    #[arg(short, long, value_name = "FORMAT")]
    format: Option<String>,
    /// Triples per request.
    #[arg(long, value_name = "N", default_value_t = crate::store::push::DEFAULT_CHUNK_TRIPLES)]
    chunk_size: usize,
    /// Requests in flight at once.
    #[arg(long, value_name = "N", default_value_t = 2)]
    jobs: usize,
    /// Retries after a 5xx, 408, 429 or connection error (with exponential back-off).
    #[arg(long, value_name = "N", default_value_t = crate::store::push::DEFAULT_RETRIES)]
    retries: u32,
    /// Seconds to wait for each read and write of a request and for the store's answer
    /// (connecting has 10 s).
    #[arg(long, value_name = "SECONDS", default_value_t = crate::store::push::DEFAULT_TIMEOUT.as_secs())]
    timeout: u64,
    /// After the push, count the triples of each named target graph through the store's
    /// SPARQL endpoint (--query-endpoint) and fail when one holds fewer than the distinct
    /// triples sent to it, as when a proxy answered 200 without storing anything.
    #[arg(long, requires = "query_endpoint")]
    verify: bool,
    /// Count a 2xx answer that is an HTML page as success. By default it is a failure:
    /// stores answer a push with no body or a short text, JSON or XML one (Virtuoso's
    /// `text/html` answers have no body), while a proxy's error or login page is HTML.
    #[arg(long)]
    accept_html: bool,
    /// The store's SPARQL query endpoint, for --verify (Oxigraph: /query; Fuseki:
    /// /DATASET/query; Virtuoso: /sparql; GraphDB: /repositories/REPO).
    #[arg(long, value_name = "URL")]
    query_endpoint: Option<String>,
}

/// Runs `kg push`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let format = input_format(&args.input, args.format.as_deref())?;
    let input_err = |e: PushError| -> anyhow::Error {
        match e {
            PushError::Endpoint { .. } | PushError::GraphIri { .. } | PushError::Credentials(_) => {
                InputError(e.to_string()).into()
            }
            other => other.into(),
        }
    };
    let mut pusher = Pusher::new(&args.endpoint)
        .map_err(input_err)?
        .with_replace(args.replace)
        .with_chunk_size(args.chunk_size)
        .with_jobs(args.jobs)
        .with_retries(args.retries, Duration::from_millis(500))
        .with_timeout(Duration::from_secs(args.timeout.max(1)))
        .with_accept_html(args.accept_html)
        .with_progress(true)
        .with_credentials(Credentials::discover(&args.endpoint).map_err(input_err)?);
    if let Some(iri) = &args.graph {
        pusher = pusher.with_graph(iri).map_err(input_err)?;
    }
    // For --verify, the query endpoint's own credentials (the environment's, or its host's
    // netrc entry), found before anything is sent.
    let query_credentials = match args.query_endpoint.as_deref().filter(|_| args.verify) {
        Some(endpoint) => Credentials::discover(endpoint).map_err(input_err)?,
        None => None,
    };
    let input = crate::io::open_input(&args.input)?;
    let started = Instant::now();
    // For --verify: a hash of each distinct triple sent, per target graph.
    let target = match &args.graph {
        Some(iri) => Some(NamedNode::new(iri).map_err(|e| InputError(e.to_string()))?),
        None => None,
    };
    let mut sent: HashMap<Option<NamedNode>, HashSet<u64>> = HashMap::new();
    let quads = RdfParser::from_format(format)
        .for_reader(input)
        .inspect(|q| {
            let (true, Ok(q)) = (args.verify, q) else {
                return;
            };
            let graph = match &q.graph_name {
                GraphName::NamedNode(n) => Some(n.clone()),
                _ => target.clone(),
            };
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (
                q.subject.to_string(),
                q.predicate.as_str(),
                q.object.to_string(),
            )
                .hash(&mut h);
            sent.entry(graph).or_default().insert(h.finish());
        });
    let result = pusher.push_quads(quads);
    // Every failure says what the store already holds: a push is not a transaction.
    let acknowledged = || {
        let a = pusher.acknowledged();
        format!(
            "the store acknowledged {} triple(s) in {} request(s) to {} graph(s) before the failure; they stay in the store",
            a.triples, a.requests, a.graphs
        )
    };
    let report = result.map_err(|e| match e {
        PushError::Parse(_) | PushError::BlankGraphName(_) => anyhow::Error::from(InputError(
            format!("{}: {e}; {}", args.input.display(), acknowledged()),
        )),
        other => anyhow::Error::from(other).context(format!(
            "pushing {} to {}: {}",
            args.input.display(),
            args.endpoint,
            acknowledged()
        )),
    })?;
    let secs = started.elapsed().as_secs_f64();
    eprintln!(
        "kg push: {} triples into {} graph(s) in {} request(s) ({:.1} MB, {} retried) in {secs:.2}s: {:.0} triples/s",
        report.triples,
        report.graphs,
        report.requests,
        report.bytes as f64 / 1e6,
        report.retries,
        report.triples as f64 / secs.max(1e-9),
    );
    if let Some(endpoint) = args.query_endpoint.as_deref().filter(|_| args.verify) {
        verify(
            endpoint,
            &sent,
            args.replace,
            Duration::from_secs(args.timeout.max(1)),
            query_credentials.as_ref(),
        )?;
    }
    Ok(())
}

/// `--verify`: each named target graph holds at least the distinct triples sent to it
/// (exactly as many with --replace, else a warning).
fn verify(
    endpoint: &str,
    sent: &HashMap<Option<NamedNode>, HashSet<u64>>,
    replace: bool,
    timeout: Duration,
    credentials: Option<&Credentials>,
) -> anyhow::Result<()> {
    let mut graphs: Vec<_> = sent.iter().collect();
    graphs.sort_by_key(|(g, _)| g.as_ref().map(|g| g.as_str().to_owned()));
    let mut short = Vec::new();
    for (graph, triples) in graphs {
        let Some(graph) = graph else {
            eprintln!(
                "kg push: --verify: the store's default graph is not checked (stores differ in what it holds; push with --graph IRI to verify)"
            );
            continue;
        };
        let held = count_triples(endpoint, graph, timeout, credentials)
            .map_err(|e| anyhow::Error::from(e).context(format!("verifying {graph}")))?;
        let distinct = triples.len() as u64;
        eprintln!("kg push: verify {graph}: {held} triples in the store, {distinct} distinct sent");
        if held < distinct {
            short.push(format!("{graph} holds {held} of {distinct}"));
        } else if replace && held > distinct {
            eprintln!(
                "kg push: warning: {graph} holds {} more triples than were sent to replace it",
                held - distinct
            );
        }
    }
    if short.is_empty() {
        Ok(())
    } else {
        Err(anyhow::anyhow!(
            "verification failed: the store holds fewer triples than were sent: {}",
            short.join("; ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::common::format_by_name;
    use oxrdfio::RdfFormat;
    use std::path::Path;

    #[test]
    fn formats_by_name_extension_and_media_type() {
        assert_eq!(format_by_name("N-Triples"), Some(RdfFormat::NTriples));
        assert_eq!(format_by_name("ttl"), Some(RdfFormat::Turtle));
        assert_eq!(
            format_by_name("application/n-quads"),
            Some(RdfFormat::NQuads)
        );
        assert_eq!(format_by_name("dot"), None);
        assert_eq!(
            input_format(Path::new("g.trig"), None).unwrap(),
            RdfFormat::TriG
        );
        assert!(input_format(Path::new("g.dot"), None).is_err());
    }
}
