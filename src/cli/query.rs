//! `kg query`: runs SPARQL over a graph loaded into an in-memory Oxigraph store,
//! bounded in time (`--timeout`) and in results (`--limit`).

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use anyhow::Context;
use oxigraph::sparql::CancellationToken;

use super::common::input_format;
use super::InputError;
use crate::export::Format;
use crate::io::{open_input, open_output};
use crate::store::{self, QueryBounds, ResultsFormat, StoreError};

/// Arguments of `kg query`.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  kg query graph.ttl 'SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10'
  kg query graph.ttl --results csv \\
    'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
     PREFIX kg: <http://example.org/kg/ontology#>
     SELECT ?who ?rel ?whom WHERE {
       ?s ?p ?o . ?p rdfs:subPropertyOf kg:relatedTo ; rdfs:label ?rel .
       ?s rdfs:label ?who . ?o rdfs:label ?whom }'
  kg query big.nt --timeout 5 --limit 100 'SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }'

A query that runs past --timeout is stopped: exit 1, and an output file is left as it
was. Results are written as they come (the table measures its columns on its first
1000 rows), so memory does not grow with the number of results.")]
pub struct Args {
    /// RDF file to load (`-` for standard input).
    #[arg(value_name = "GRAPH")]
    pub input: PathBuf,

    /// The SPARQL query.
    #[arg(value_name = "SPARQL")]
    pub query: String,

    /// Input format, overriding the extension [default for `-`: turtle].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input_format: Option<Format>,

    /// How results are written.
    #[arg(long, value_enum, default_value_t = ResultsFormat::Table)]
    pub results: ResultsFormat,

    /// Output file (`-` for standard output).
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,

    /// Stop the query after this many seconds of evaluation and writing (exit 1);
    /// 0 for no limit.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,

    /// Write at most this many results (solutions, or triples of a CONSTRUCT);
    /// a note on stderr says when more were cut.
    #[arg(long, value_name = "N")]
    pub limit: Option<u64>,
}

fn classify(e: StoreError, file: &str) -> anyhow::Error {
    match e {
        StoreError::Syntax(m) => InputError(format!("{file}: {m}")).into(),
        e @ StoreError::Query(_) => InputError(e.to_string()).into(),
        // Unwrapped, so that a closed stdout (`kg query … | head`) is seen as one.
        StoreError::Io(e) => anyhow::Error::new(e),
        e => e.into(),
    }
}

/// Grace after the deadline for an evaluation step that does not look at the
/// cancellation token (a sort, or a join held in memory) before the process ends.
const GRACE: Duration = Duration::from_secs(2);

/// Runs `kg query`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let format = input_format(&args.input, args.input_format)?;
    let name = args.input.display().to_string();
    // Before loading: the output is not the graph and can be created.
    let mut out = open_output(&args.output, std::slice::from_ref(&args.input))
        .map_err(|e| InputError(e.to_string()))?;
    let store = store::load(open_input(&args.input)?, format).map_err(|e| classify(e, &name))?;

    // Oxigraph 0.5 checks a cancellation token each time the evaluation reads the
    // store, so a timer thread cancels it at the deadline and the query ends with
    // an error between two reads. Work that reads nothing (sorting, or joining
    // solutions already in memory) does not check it: if the query has not ended
    // GRACE after the deadline, the timer removes the temporary output and ends
    // the process itself, so --timeout holds for every query.
    let token = CancellationToken::new();
    let (done, finished) = mpsc::channel::<()>();
    if args.timeout > 0 {
        let token = token.clone();
        let timeout = args.timeout;
        let to_file = out.is_atomic();
        std::thread::spawn(move || {
            if finished.recv_timeout(Duration::from_secs(timeout))
                != Err(mpsc::RecvTimeoutError::Timeout)
            {
                return;
            }
            token.cancel();
            if finished.recv_timeout(GRACE) == Err(mpsc::RecvTimeoutError::Timeout) {
                crate::io::remove_temporaries();
                eprintln!("kg: error: {}", timeout_message(timeout, to_file));
                std::process::exit(1);
            }
        });
    }
    let bounds = QueryBounds {
        limit: args.limit,
        cancellation: Some(token),
    };
    let outcome = store::query_bounded(&store, &args.query, args.results, &mut out, &bounds);
    drop(done);
    let outcome = match outcome {
        Ok(o) => o,
        Err(StoreError::Cancelled) => {
            // `out` is dropped uncommitted: its temporary file goes with it.
            return Err(anyhow::anyhow!(timeout_message(
                args.timeout,
                out.is_atomic()
            )));
        }
        Err(e) => return Err(classify(e, &name)),
    };
    out.commit()
        .with_context(|| format!("writing {}", args.output.display()))?;
    if outcome.truncated {
        eprintln!(
            "kg query: stopped at --limit {}; there are more results",
            outcome.results
        );
    }
    Ok(())
}

fn timeout_message(seconds: u64, to_file: bool) -> String {
    let written = if to_file {
        "the output file was not written"
    } else {
        "the results found before it were written"
    };
    format!(
        "the query was stopped at its --timeout of {seconds} s (--timeout 0 lifts the limit); {written}"
    )
}
