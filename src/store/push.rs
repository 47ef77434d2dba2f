//! A client for the SPARQL 1.1 Graph Store HTTP Protocol: sends a graph to a triple store.
//!
//! [`Pusher`] takes quads (from [`Pusher::push_reader`] over any RDF syntax oxrdfio reads, or
//! from [`Pusher::push_quads`] over any iterator) and sends them to a store's Graph Store
//! endpoint as N-Triples, one request per chunk of [`Pusher::with_chunk_size`] triples:
//!
//! - triples of the default graph go to the graph named by [`Pusher::with_graph`] (`?graph=IRI`),
//!   or to the store's default graph (`?default`) when none is named;
//! - triples of a named graph go to that graph: the protocol addresses one graph per request,
//!   so a dataset (N-Quads, TriG) is split by graph name, which every store understands;
//! - `POST` adds; with [`Pusher::with_replace`] the first request for each graph is a `PUT`,
//!   which replaces that graph, and the rest are `POST`s;
//! - blank nodes are scoped to one request body by every store, so all triples that mention a
//!   blank node are held back and sent together, in one request per graph, after the others.
//!
//! A request that fails with a 5xx status, 408, 429 or a connection error is retried a bounded
//! number of times with exponential back-off; any other failure stops the push with an error
//! that carries the HTTP status and the first lines of the response body. Over plain HTTP
//! that holds too when the store answers while a body is still being sent and closes the
//! connection (see `early_answer.rs`).
//!
//! Credentials never come from the command line (they would show in the process list): they
//! come from [`Credentials::from_env`] (`KG_PUSH_USER`, `KG_PUSH_PASSWORD`) or from a netrc
//! file ([`Credentials::from_netrc`]); they are sent as HTTP Basic authentication and are never
//! printed: their `Debug` form hides the password, and errors show the endpoint without them.
//!
//! ```no_run
//! use kg::Pusher;
//! let turtle = "<http://example.com/a> <http://example.com/knows> <http://example.com/b> .";
//! let report = Pusher::new("http://localhost:7878/store")?
//!     .with_graph("http://example.com/graph/1")?
//!     .push_reader(turtle.as_bytes(), oxrdfio::RdfFormat::Turtle)?;
//! assert_eq!(report.triples, 1);
//! # Ok::<(), kg::PushError>(())
//! ```
//!
//! Limits: a push is not a transaction. If it fails half-way, the chunks already sent stay in
//! the store (and with `--replace` the graph has been replaced by the part sent so far).

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

use oxrdf::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term, TripleRef};
use oxrdfio::{RdfFormat, RdfParseError, RdfParser};
use oxttl::NTriplesSerializer;

use super::early_answer::EarlyAnswerConnector;

/// Environment variable holding the user name for the store.
pub const USER_ENV: &str = "KG_PUSH_USER";
/// Environment variable holding the password for the store (needs [`USER_ENV`]).
pub const PASSWORD_ENV: &str = "KG_PUSH_PASSWORD";

/// Default number of triples per request: about 5 MB of N-Triples for kg's output, small
/// enough for every store's default request limit, large enough that HTTP overhead is noise.
pub const DEFAULT_CHUNK_TRIPLES: usize = 50_000;
/// Default number of retries after a failed request (so at most four attempts).
pub const DEFAULT_RETRIES: u32 = 3;
/// Default time to wait for each read or write of one request (the store's answer
/// included); connecting has its own [`CONNECT_TIMEOUT`].
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);
/// Time allowed to connect to the store.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// IRIs from this length (in bytes) on are refused by Virtuoso 7.2, the most common open-source
/// store, so `kg push` warns about the first one it meets.
pub const LONG_IRI_BYTES: usize = 7_990;

/// Bodies from this size on are sent with `Expect: 100-continue`.
const EXPECT_CONTINUE_BYTES: usize = 1 << 20;

/// Media type of each request body.
const NTRIPLES: &str = "application/n-triples";
/// How much of an error response body is read, and how many of its lines are kept.
const ERROR_BODY_BYTES: u64 = 64 * 1024;

/// A store's answer: its `Content-Type` (empty when absent) and the first
/// [`ERROR_BODY_BYTES`] of its body as text (lossy UTF-8; empty when unreadable).
fn read_answer(response: &mut ureq::http::Response<ureq::Body>) -> (String, String) {
    let content_type = response
        .headers()
        .get("Content-Type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    // What arrived before an error is kept: a store that refused a body half-way may reset
    // the connection after its answer. (ureq's own limit would refuse a longer body whole.)
    let mut bytes = Vec::new();
    let _ = response
        .body_mut()
        .as_reader()
        .take(ERROR_BODY_BYTES)
        .read_to_end(&mut bytes);
    (content_type, String::from_utf8_lossy(&bytes).into_owned())
}
const ERROR_BODY_LINES: usize = 8;

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PushError {
    /// The endpoint is not a usable `http://` or `https://` URL.
    #[error("invalid endpoint {url:?}: {reason}")]
    Endpoint {
        /// The endpoint as given (without any user info).
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The target graph name is not an absolute IRI.
    #[error("invalid graph IRI {iri:?}: {reason}")]
    GraphIri {
        /// The IRI as given.
        iri: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The input has a named graph whose name is a blank node, which the protocol cannot address.
    #[error(
        "graph name {0} is a blank node; the Graph Store Protocol can only address graphs by IRI"
    )]
    BlankGraphName(String),
    /// The input RDF is malformed.
    #[error("cannot read the graph: {0}")]
    Parse(#[from] RdfParseError),
    /// The store answered with an error status.
    #[error("{method} {url} failed with HTTP {status} after {attempts} attempt(s){}", body_suffix(.body))]
    Http {
        /// `POST` or `PUT`.
        method: &'static str,
        /// The request URL (endpoint and graph parameter; never credentials).
        url: String,
        /// The HTTP status code.
        status: u16,
        /// The first lines of the response body, markup removed.
        body: String,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// The store answered 2xx with an HTML page, which no Graph Store answers to a `POST` or
    /// `PUT` (they answer with no body, or a short text, JSON or XML one): a proxy's error or
    /// login page, most likely. See [`Pusher::with_accept_html`].
    #[error(
        "{method} {url} answered HTTP {status} with an HTML page, not a store's acknowledgement \
         (a proxy's or a login page?), so it is counted as a failure \
         (--accept-html if this store answers so){}",
        body_suffix(.body)
    )]
    HtmlAnswer {
        /// `POST` or `PUT`.
        method: &'static str,
        /// The request URL (never credentials).
        url: String,
        /// The 2xx status.
        status: u16,
        /// The first lines of the page's text, markup removed.
        body: String,
    },
    /// The store could not be reached, or the connection broke.
    #[error("{method} {url} failed after {attempts} attempt(s): {message}")]
    Transport {
        /// `POST` or `PUT`.
        method: &'static str,
        /// The request URL (never credentials).
        url: String,
        /// The transport error.
        message: String,
        /// How many times the request was sent.
        attempts: u32,
    },
    /// Credentials are incomplete or a netrc file is unreadable.
    #[error("credentials: {0}")]
    Credentials(String),
    /// The query endpoint did not answer a `COUNT` with SPARQL JSON results.
    #[error("{url}: {message}")]
    Count {
        /// The query endpoint.
        url: String,
        /// What was wrong with the answer.
        message: String,
    },
}

/// Counts the triples in `graph` (a named graph) through a SPARQL query endpoint, with
/// `SELECT (COUNT(*) AS ?n) WHERE { GRAPH <g> { ?s ?p ?o } }` sent as a form POST and
/// read as SPARQL JSON results: how `kg push --verify` checks what a store holds.
///
/// With `credentials`, the query is sent with HTTP Basic authentication, or HTTP Digest
/// when the endpoint answers 401 with a Digest challenge (Virtuoso's `/sparql-auth`).
///
/// # Errors
/// [`PushError::Transport`] when the endpoint cannot be reached, [`PushError::Http`]
/// for an error status, [`PushError::Count`] when the answer is not a count (an HTML
/// page from a proxy, say).
pub fn count_triples(
    query_endpoint: &str,
    graph: &NamedNode,
    timeout: Duration,
    credentials: Option<&Credentials>,
) -> Result<u64, PushError> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_per_read(Some(timeout))
        .timeout_recv_response(Some(timeout))
        .timeout_connect(Some(CONNECT_TIMEOUT))
        .user_agent(concat!("kg/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let url = Endpoint::parse(query_endpoint)?.url;
    let query = format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}");
    let send = |authorization: Option<String>| {
        let mut request = agent
            .post(&url)
            .header("Accept", "application/sparql-results+json");
        if let Some(auth) = authorization {
            request = request.header("Authorization", auth);
        }
        request
            .send_form([("query", query.as_str())])
            .map_err(|e| PushError::Transport {
                method: "POST",
                url: url.clone(),
                message: e.to_string(),
                attempts: 1,
            })
    };
    let mut response = send(credentials.map(Credentials::basic_header))?;
    if let (401, Some(credentials)) = (response.status().as_u16(), credentials) {
        // A Digest endpoint: answer its challenge. Virtuoso gives none to a request that
        // carries Basic credentials, so it is asked for without them.
        let challenge = |r: &ureq::http::Response<ureq::Body>| {
            r.headers()
                .get_all("WWW-Authenticate")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .find_map(DigestChallenge::parse)
        };
        let mut digest = challenge(&response);
        let _ = read_answer(&mut response);
        if digest.is_none() {
            let mut bare = send(None)?;
            digest = challenge(&bare);
            let _ = read_answer(&mut bare);
        }
        if let Some(mut digest) = digest {
            response = send(Some(digest.answer(
                credentials,
                "POST",
                request_target(&url),
            )))?;
        }
    }
    let status = response.status().as_u16();
    let (content_type, text) = read_answer(&mut response);
    if !(200..300).contains(&status) {
        return Err(PushError::Http {
            method: "POST",
            url,
            status,
            body: first_lines(&text, content_type.contains("html")),
            attempts: 1,
        });
    }
    let count = serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            let cell = v
                .pointer("/results/bindings/0")?
                .as_object()?
                .values()
                .next()?
                .clone();
            cell.get("value")?.as_str()?.parse::<u64>().ok()
        });
    count.ok_or_else(|| PushError::Count {
        url,
        message: format!(
            "the answer to a COUNT query is not SPARQL JSON results (Content-Type {content_type:?}):{}",
            body_suffix(&first_lines(&text, content_type.contains("html")))
        ),
    })
}

fn body_suffix(body: &str) -> String {
    if body.is_empty() {
        String::new()
    } else {
        format!(":\n{body}")
    }
}

/// A user name and password for HTTP Basic authentication. `Debug` hides the password.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    user: String,
    password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("user", &self.user)
            .field("password", &"<hidden>")
            .finish()
    }
}

impl Credentials {
    /// Credentials from a user name and password.
    pub fn new(user: impl Into<String>, password: impl Into<String>) -> Self {
        Self {
            user: user.into(),
            password: password.into(),
        }
    }

    /// The user name.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// From `KG_PUSH_USER` and `KG_PUSH_PASSWORD`; `None` when `KG_PUSH_USER` is unset.
    ///
    /// # Errors
    /// When the user is set but the password is not.
    pub fn from_env() -> Result<Option<Self>, PushError> {
        let Some(user) = std::env::var_os(USER_ENV) else {
            return Ok(None);
        };
        let user = user
            .into_string()
            .map_err(|_| PushError::Credentials(format!("{USER_ENV} is not valid UTF-8")))?;
        let password = std::env::var(PASSWORD_ENV).map_err(|_| {
            PushError::Credentials(format!("{USER_ENV} is set but {PASSWORD_ENV} is not"))
        })?;
        Ok(Some(Self::new(user, password)))
    }

    /// The default netrc file: `$NETRC` if set, else `~/.netrc`.
    pub fn default_netrc_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os("NETRC") {
            return Some(PathBuf::from(p));
        }
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".netrc"))
    }

    /// The entry for `host` in the netrc file at `path` (its `machine` entry, else `default`);
    /// `None` when the file does not exist or has no entry for the host.
    ///
    /// # Errors
    /// When the file exists but cannot be read, or its entry has a login but no password.
    pub fn from_netrc(path: &Path, host: &str) -> Result<Option<Self>, PushError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(PushError::Credentials(format!(
                    "cannot read {}: {e}",
                    path.display()
                )))
            }
        };
        parse_netrc(&text, host)
            .map_err(|e| PushError::Credentials(format!("{}: {e}", path.display())))
    }

    /// Credentials for `endpoint`: the environment first, then the default netrc file.
    ///
    /// # Errors
    /// As [`Credentials::from_env`] and [`Credentials::from_netrc`], or when the URL is invalid.
    pub fn discover(endpoint: &str) -> Result<Option<Self>, PushError> {
        if let Some(c) = Self::from_env()? {
            return Ok(Some(c));
        }
        let host = Endpoint::parse(endpoint)?.host;
        match Self::default_netrc_path() {
            Some(path) => Self::from_netrc(&path, &host),
            None => Ok(None),
        }
    }

    fn basic_header(&self) -> String {
        format!(
            "Basic {}",
            base64(format!("{}:{}", self.user, self.password).as_bytes())
        )
    }
}

/// Parses netrc text (`machine NAME login USER password PASS`, `default …`, `macdef` blocks).
fn parse_netrc(text: &str, host: &str) -> Result<Option<Credentials>, String> {
    #[derive(Default)]
    struct Entry {
        login: Option<String>,
        password: Option<String>,
    }
    let mut machine: Option<Entry> = None;
    let mut default: Option<Entry> = None;
    // Which entry the login/password tokens currently fill: 0 none, 1 our machine, 2 default.
    let mut current = 0u8;
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let mut tokens = line.split_whitespace();
        while let Some(tok) = tokens.next() {
            match tok {
                "machine" => {
                    let name = tokens.next().unwrap_or("");
                    current = if name.eq_ignore_ascii_case(host) && machine.is_none() {
                        machine = Some(Entry::default());
                        1
                    } else {
                        0
                    };
                }
                "default" => {
                    current = 2;
                    default = Some(Entry::default());
                }
                "login" | "password" | "account" => {
                    let value = tokens.next().map(str::to_owned);
                    let entry = match current {
                        1 => machine.as_mut(),
                        2 => default.as_mut(),
                        _ => None,
                    };
                    if let Some(entry) = entry {
                        match tok {
                            "login" => entry.login = value,
                            "password" => entry.password = value,
                            _ => {}
                        }
                    }
                }
                // A macro definition runs to the next empty line.
                "macdef" => {
                    for l in lines.by_ref() {
                        if l.trim().is_empty() {
                            break;
                        }
                    }
                    break;
                }
                _ => {}
            }
        }
    }
    match machine.or(default) {
        Some(Entry {
            login: Some(login),
            password: Some(password),
        }) => Ok(Some(Credentials::new(login, password))),
        Some(Entry { login: Some(_), .. }) => Err(format!("the entry for {host} has no password")),
        _ => Ok(None),
    }
}

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PushReport {
    /// Triples sent (each quad counts once, in its graph).
    pub triples: u64,
    /// Graphs written to.
    pub graphs: usize,
    /// HTTP requests that succeeded.
    pub requests: u64,
    /// Bytes of N-Triples sent.
    pub bytes: u64,
    /// Requests that had to be retried.
    pub retries: u64,
}

/// A checked endpoint URL.
#[derive(Debug, Clone)]
struct Endpoint {
    /// The URL as given, without a trailing `?`.
    url: String,
    host: String,
}

impl Endpoint {
    fn parse(url: &str) -> Result<Self, PushError> {
        let bad = |reason: &str| PushError::Endpoint {
            url: url.to_owned(),
            reason: reason.to_owned(),
        };
        let rest = url
            .strip_prefix("http://")
            .or_else(|| url.strip_prefix("https://"))
            .ok_or_else(|| bad("it must start with http:// or https://"))?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.contains('@') {
            // Say nothing of what stood before the '@': it may be a password.
            return Err(PushError::Endpoint {
                url: "(not shown: it contains user info)".to_owned(),
                reason: format!(
                    "credentials must not be in the URL (they would show in the process list); \
                     set {USER_ENV} and {PASSWORD_ENV} or use a netrc file"
                ),
            });
        }
        if url.contains('#') {
            return Err(bad("it must not have a fragment"));
        }
        let host = if let Some(v6) = authority.strip_prefix('[') {
            v6.split(']').next().unwrap_or("").to_owned()
        } else {
            authority.split(':').next().unwrap_or("").to_owned()
        };
        if host.is_empty() {
            return Err(bad("it has no host"));
        }
        if url.starts_with("https://") && !cfg!(feature = "tls") {
            return Err(bad(
                "this kg was built without the `tls` feature, so it speaks plain HTTP only",
            ));
        }
        Ok(Self {
            url: url.trim_end_matches('?').to_owned(),
            host,
        })
    }

    /// The request URL for a graph: `?graph=IRI` (percent-encoded) or `?default`.
    fn for_graph(&self, graph: Option<&NamedNode>) -> String {
        let sep = if self.url.contains('?') { '&' } else { '?' };
        match graph {
            Some(g) => format!("{}{sep}graph={}", self.url, percent_encode(g.as_str())),
            None => format!("{}{sep}default", self.url),
        }
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, for a query parameter.
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3 / 2);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Standard base64 with padding (RFC 4648), for the Basic authorization header.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// One request body waiting to be sent.
struct Chunk {
    graph: Option<NamedNode>,
    replace: bool,
    body: Vec<u8>,
    /// Triples in `body`.
    triples: u64,
}

/// What the store has acknowledged (answered 2xx to) so far: after a failure, what a
/// push left in the store.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Acknowledged {
    /// Triples in the requests the store acknowledged.
    pub triples: u64,
    /// Requests the store acknowledged.
    pub requests: u64,
    /// Distinct graphs those requests went to.
    pub graphs: usize,
}

/// N-Triples being collected for one graph.
#[derive(Default)]
struct GraphBuffer {
    /// Triples without blank nodes: sent whenever a chunk is full.
    plain: Vec<u8>,
    plain_count: u64,
    /// Triples with a blank node: sent together at the end (blank nodes are scoped per request).
    blank: Vec<u8>,
    blank_count: u64,
    /// Whether a request has been queued for this graph (so a replace must be a POST now).
    started: bool,
}

/// Sends graphs to a SPARQL 1.1 Graph Store HTTP Protocol endpoint. See the module docs.
#[must_use]
#[derive(Debug)]
pub struct Pusher {
    endpoint: Endpoint,
    graph: Option<NamedNode>,
    replace: bool,
    chunk_triples: usize,
    retries: u32,
    backoff: Duration,
    jobs: usize,
    timeout: Duration,
    credentials: Option<Credentials>,
    /// Whether a 2xx answer that is an HTML page counts as success.
    accept_html: bool,
    /// Whether each acknowledged request is reported on standard error.
    progress: bool,
    /// The store's latest HTTP Digest challenge, once it has asked for one.
    digest: Mutex<Option<DigestChallenge>>,
    /// Triples and requests acknowledged, and the graphs they went to.
    acknowledged: Mutex<(Acknowledged, Vec<Option<NamedNode>>)>,
}

impl Pusher {
    /// A pusher for the Graph Store endpoint `url` (e.g. `http://localhost:8890/sparql-graph-crud`).
    ///
    /// # Errors
    /// When the URL is not `http(s)://host…`, has a fragment, or carries credentials.
    pub fn new(url: &str) -> Result<Self, PushError> {
        Ok(Self {
            endpoint: Endpoint::parse(url)?,
            graph: None,
            replace: false,
            chunk_triples: DEFAULT_CHUNK_TRIPLES,
            retries: DEFAULT_RETRIES,
            backoff: Duration::from_millis(500),
            jobs: 1,
            timeout: DEFAULT_TIMEOUT,
            credentials: None,
            accept_html: false,
            progress: false,
            digest: Mutex::new(None),
            acknowledged: Mutex::new((Acknowledged::default(), Vec::new())),
        })
    }

    /// What the store has acknowledged so far (after an error: what the push left in the
    /// store, since a push is not a transaction).
    pub fn acknowledged(&self) -> Acknowledged {
        self.acknowledged.lock().map(|a| a.0).unwrap_or_default()
    }

    /// Sends default-graph triples to the named graph `iri` instead of the store's default graph.
    ///
    /// # Errors
    /// When `iri` is not an absolute IRI.
    pub fn with_graph(mut self, iri: &str) -> Result<Self, PushError> {
        self.graph = Some(NamedNode::new(iri).map_err(|e| PushError::GraphIri {
            iri: iri.to_owned(),
            reason: e.to_string(),
        })?);
        Ok(self)
    }

    /// Replaces each target graph (`PUT`) instead of adding to it (`POST`).
    pub fn with_replace(mut self, replace: bool) -> Self {
        self.replace = replace;
        self
    }

    /// Triples per request (at least 1).
    pub fn with_chunk_size(mut self, triples: usize) -> Self {
        self.chunk_triples = triples.max(1);
        self
    }

    /// Retries after a 5xx, 408, 429 or connection error, and the first back-off delay (doubled
    /// at each retry, at most 30 s).
    pub fn with_retries(mut self, retries: u32, first_backoff: Duration) -> Self {
        self.retries = retries;
        self.backoff = first_backoff;
        self
    }

    /// Requests in flight at once (at least 1). Chunks of one graph may then arrive out of order,
    /// which does not matter for adding triples; a replacing `PUT` is always sent first, alone.
    pub fn with_jobs(mut self, jobs: usize) -> Self {
        self.jobs = jobs.max(1);
        self
    }

    /// Time allowed for each read and write of a request, and for the store's answer
    /// once the body is sent (`DEFAULT_TIMEOUT`): a store that accepts a connection
    /// and never answers fails the request after this long.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Authenticates every request: HTTP Basic, or HTTP Digest (MD5, `qop=auth`) when the store
    /// asks for it, as Virtuoso's `/sparql-graph-crud-auth` does.
    pub fn with_credentials(mut self, credentials: Option<Credentials>) -> Self {
        self.credentials = credentials;
        self
    }

    /// Counts a 2xx answer that is an HTML page as success. By default it is a failure
    /// ([`PushError::HtmlAnswer`]): Graph Stores answer a `POST` or `PUT` with no body or a
    /// short text, JSON or XML one, while a proxy's error or login page is HTML.
    pub fn with_accept_html(mut self, accept: bool) -> Self {
        self.accept_html = accept;
        self
    }

    /// Reports each acknowledged request on standard error: its method, graph and triples,
    /// and the running totals (`kg push` does).
    pub fn with_progress(mut self, progress: bool) -> Self {
        self.progress = progress;
        self
    }

    /// Parses `reader` as `format` and pushes what it holds.
    ///
    /// # Errors
    /// On malformed input (nothing more is sent once it is met) or a failed request.
    pub fn push_reader(
        &self,
        reader: impl Read,
        format: RdfFormat,
    ) -> Result<PushReport, PushError> {
        self.push_quads(RdfParser::from_format(format).for_reader(reader))
    }

    /// Pushes quads: default-graph ones to the target graph, named-graph ones to their graph.
    ///
    /// # Errors
    /// On the first error from `quads`, a blank-node graph name, or a failed request.
    pub fn push_quads<E>(
        &self,
        quads: impl IntoIterator<Item = Result<Quad, E>>,
    ) -> Result<PushReport, PushError>
    where
        PushError: From<E>,
    {
        let agent = self.agent();
        if self.credentials.is_some() {
            self.probe_auth(&agent);
        }
        let (tx, rx) = mpsc::sync_channel::<Chunk>(self.jobs);
        let rx = Mutex::new(rx);
        let failed = AtomicBool::new(false);
        let errors: Mutex<Vec<PushError>> = Mutex::new(Vec::new());
        let totals: Mutex<PushReport> = Mutex::new(PushReport::default());

        let produced = std::thread::scope(|scope| {
            for _ in 0..self.jobs {
                scope.spawn(|| loop {
                    let next = match rx.lock() {
                        Ok(guard) => guard.recv(),
                        Err(_) => return,
                    };
                    let Ok(chunk) = next else { return };
                    if failed.load(Ordering::Relaxed) {
                        continue; // drain, so the producer never blocks
                    }
                    self.record(&agent, &chunk, &failed, &errors, &totals);
                });
            }
            let produced = self.produce(&agent, quads, &tx, &failed, &errors, &totals);
            drop(tx);
            produced
        });
        let mut errors = errors.into_inner().unwrap_or_default();
        if !errors.is_empty() {
            return Err(errors.swap_remove(0));
        }
        let (triples, graphs) = produced?;
        let mut report = totals.into_inner().unwrap_or_default();
        report.triples = triples;
        report.graphs = graphs;
        Ok(report)
    }

    /// Sends one chunk and records the outcome (used by the worker threads and for `PUT`s).
    fn record(
        &self,
        agent: &ureq::Agent,
        chunk: &Chunk,
        failed: &AtomicBool,
        errors: &Mutex<Vec<PushError>>,
        totals: &Mutex<PushReport>,
    ) {
        match self.send(agent, chunk) {
            Ok(retries) => {
                if let Ok(mut t) = totals.lock() {
                    t.requests += 1;
                    t.bytes += chunk.body.len() as u64;
                    t.retries += u64::from(retries);
                }
                if let Ok(mut a) = self.acknowledged.lock() {
                    let (counts, graphs) = &mut *a;
                    counts.triples += chunk.triples;
                    counts.requests += 1;
                    if !graphs.contains(&chunk.graph) {
                        graphs.push(chunk.graph.clone());
                        counts.graphs = graphs.len();
                    }
                    if self.progress {
                        let graph = chunk
                            .graph
                            .as_ref()
                            .map_or_else(|| "the default graph".to_owned(), ToString::to_string);
                        eprintln!(
                            "kg push: acknowledged: {} {graph}, {} triple(s); {} triple(s) in {} request(s) so far",
                            if chunk.replace { "PUT" } else { "POST" },
                            chunk.triples,
                            counts.triples,
                            counts.requests
                        );
                    }
                }
            }
            Err(e) => {
                failed.store(true, Ordering::Relaxed);
                if let Ok(mut errs) = errors.lock() {
                    errs.push(e);
                }
            }
        }
    }

    /// Reads the quads, fills one buffer per graph and queues full chunks; returns the number of
    /// triples read and of graphs written.
    fn produce<E>(
        &self,
        agent: &ureq::Agent,
        quads: impl IntoIterator<Item = Result<Quad, E>>,
        tx: &mpsc::SyncSender<Chunk>,
        failed: &AtomicBool,
        errors: &Mutex<Vec<PushError>>,
        totals: &Mutex<PushReport>,
    ) -> Result<(u64, usize), PushError>
    where
        PushError: From<E>,
    {
        // Graphs in order of first appearance, so requests go out in a stable order.
        let mut order: Vec<Option<NamedNode>> = Vec::new();
        let mut buffers: HashMap<Option<NamedNode>, GraphBuffer> = HashMap::new();
        let mut triples = 0u64;
        let mut warned = false;
        // Queues a chunk; a replacing PUT is sent here, alone, before anything else for its graph.
        let queue = |chunk: Chunk| -> bool {
            if failed.load(Ordering::Relaxed) {
                return false;
            }
            if chunk.replace {
                self.record(agent, &chunk, failed, errors, totals);
                !failed.load(Ordering::Relaxed)
            } else {
                tx.send(chunk).is_ok()
            }
        };
        for quad in quads {
            let quad = quad?;
            if !warned {
                if let Some(len) = long_iri(&quad) {
                    warned = true;
                    eprintln!(
                        "kg push: warning: an IRI of {len} bytes; some stores refuse long IRIs \
                         (Virtuoso 7.2 from {LONG_IRI_BYTES} bytes)"
                    );
                }
            }
            let graph = match quad.graph_name {
                GraphName::DefaultGraph => self.graph.clone(),
                GraphName::NamedNode(n) => Some(n),
                GraphName::BlankNode(b) => return Err(PushError::BlankGraphName(b.to_string())),
            };
            let triple = TripleRef::new(&quad.subject, &quad.predicate, &quad.object);
            let buffer = match buffers.get_mut(&graph) {
                Some(b) => b,
                None => {
                    order.push(graph.clone());
                    buffers.entry(graph.clone()).or_default()
                }
            };
            triples += 1;
            if has_blank_node(&quad.subject, &quad.object) {
                write_ntriple(&mut buffer.blank, triple);
                buffer.blank_count += 1;
            } else {
                write_ntriple(&mut buffer.plain, triple);
                buffer.plain_count += 1;
                if buffer.plain_count >= self.chunk_triples as u64 {
                    let chunk = Chunk {
                        graph: graph.clone(),
                        replace: self.replace && !buffer.started,
                        body: std::mem::take(&mut buffer.plain),
                        triples: buffer.plain_count,
                    };
                    buffer.plain_count = 0;
                    buffer.started = true;
                    if !queue(chunk) {
                        return Ok((triples, order.len()));
                    }
                }
            }
        }
        // With --replace and an empty input, the target graph is still replaced (emptied).
        if self.replace && order.is_empty() {
            order.push(self.graph.clone());
            buffers.insert(self.graph.clone(), GraphBuffer::default());
        }
        for graph in &order {
            let Some(buffer) = buffers.get_mut(graph) else {
                continue;
            };
            let rest = [
                (std::mem::take(&mut buffer.plain), buffer.plain_count),
                (std::mem::take(&mut buffer.blank), buffer.blank_count),
            ];
            for (body, count) in rest {
                if count == 0 && (buffer.started || !self.replace) {
                    continue;
                }
                let chunk = Chunk {
                    graph: graph.clone(),
                    replace: self.replace && !buffer.started,
                    body,
                    triples: count,
                };
                buffer.started = true;
                if !queue(chunk) {
                    return Ok((triples, order.len()));
                }
            }
        }
        Ok((triples, order.len()))
    }

    /// The agent for the uploads: its connections hear a store that answers with an error
    /// while the body is still being sent (see [`EarlyAnswerConnector`]).
    fn agent(&self) -> ureq::Agent {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_per_read(Some(self.timeout))
            .timeout_per_write(Some(self.timeout))
            .timeout_recv_response(Some(self.timeout))
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .user_agent(concat!("kg/", env!("CARGO_PKG_VERSION")))
            .build();
        ureq::Agent::with_parts(
            config,
            EarlyAnswerConnector::default(),
            ureq::unversioned::resolver::DefaultResolver::default(),
        )
    }

    /// Sends one chunk with bounded retries; returns how many retries it took.
    fn send(&self, agent: &ureq::Agent, chunk: &Chunk) -> Result<u32, PushError> {
        let url = self.endpoint.for_graph(chunk.graph.as_ref());
        let method = if chunk.replace { "PUT" } else { "POST" };
        let mut attempt = 0u32;
        let mut reauthenticated = false;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome = self.send_once(agent, &url, chunk);
            let reason = match &outcome {
                Err(Failure::Status { status, .. } | Failure::Html { status, .. }) => {
                    format!("HTTP {status}")
                }
                Err(Failure::Transport(message)) => message.clone(),
                _ => String::new(),
            };
            let retry_after = match outcome {
                Ok(()) => return Ok(attempt - 1),
                Err(Failure::Status {
                    status,
                    body,
                    retry_after,
                }) => {
                    if attempt > self.retries || !retryable(status) {
                        return Err(PushError::Http {
                            method,
                            url,
                            status,
                            body,
                            attempts: attempt,
                        });
                    }
                    retry_after
                }
                Err(Failure::Html { status, body }) => {
                    return Err(PushError::HtmlAnswer {
                        method,
                        url,
                        status,
                        body,
                    })
                }
                Err(Failure::Reauthenticate) if !reauthenticated => {
                    reauthenticated = true;
                    attempt -= 1;
                    continue;
                }
                Err(Failure::Reauthenticate) => {
                    return Err(PushError::Http {
                        method,
                        url,
                        status: 401,
                        body: "  the store refused the credentials".to_owned(),
                        attempts: attempt,
                    })
                }
                Err(Failure::Transport(message)) => {
                    if attempt > self.retries {
                        return Err(PushError::Transport {
                            method,
                            url,
                            message,
                            attempts: attempt,
                        });
                    }
                    None
                }
            };
            let backoff = self
                .backoff
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(Duration::from_secs(30));
            let wait = retry_after.unwrap_or(backoff).min(Duration::from_secs(30));
            eprintln!(
                "kg push: {method} {url}: attempt {attempt} failed after {:.1}s ({reason}); retrying in {:.1}s",
                started.elapsed().as_secs_f64(),
                wait.as_secs_f64()
            );
            std::thread::sleep(wait);
        }
    }

    /// Learns how the store wants credentials before any data is sent: an empty `POST` (which
    /// adds nothing) to the target graph, without credentials. A Digest store answers 401 with a
    /// challenge (Virtuoso gives none to a request that carries Basic credentials), and it may
    /// answer before a large body has been read, which would break the connection.
    fn probe_auth(&self, agent: &ureq::Agent) {
        let url = self.endpoint.for_graph(self.graph.as_ref());
        let request = agent.post(&url).header("Content-Type", NTRIPLES);
        // A connection error here is reported (and retried) by the real requests.
        if let Ok(mut response) = request.send(&[][..]) {
            let _ = response
                .body_mut()
                .with_config()
                .limit(ERROR_BODY_BYTES)
                .read_to_vec();
            if response.status().as_u16() == 401 {
                self.update_challenge(&response);
            }
        }
    }

    /// The `Authorization` header for a request, if there are credentials.
    fn authorization(&self, method: &str, url: &str) -> Option<String> {
        let credentials = self.credentials.as_ref()?;
        let mut digest = self.digest.lock().ok()?;
        Some(match digest.as_mut() {
            Some(challenge) => challenge.answer(credentials, method, request_target(url)),
            None => credentials.basic_header(),
        })
    }

    /// Records a Digest challenge from a 401; `false` when there is none, or when it repeats
    /// the nonce already answered (the credentials are wrong, not stale).
    fn update_challenge(&self, response: &ureq::http::Response<ureq::Body>) -> bool {
        if self.credentials.is_none() {
            return false;
        }
        let Some(new) = response
            .headers()
            .get_all("WWW-Authenticate")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(DigestChallenge::parse)
        else {
            return false;
        };
        let Ok(mut current) = self.digest.lock() else {
            return false;
        };
        let stale = new.stale;
        if current
            .as_ref()
            .is_some_and(|c| c.nonce == new.nonce && !stale)
        {
            return false;
        }
        *current = Some(new);
        true
    }

    fn send_once(&self, agent: &ureq::Agent, url: &str, chunk: &Chunk) -> Result<(), Failure> {
        let request = if chunk.replace {
            agent.put(url)
        } else {
            agent.post(url)
        };
        let mut request = request.header("Content-Type", NTRIPLES);
        if chunk.body.len() >= EXPECT_CONTINUE_BYTES {
            // Ask before sending a large body: a store that refuses it (413, 501, 401)
            // answers at once, before any of it is sent. A store that ignores the
            // header gets the body after ureq's 1 s wait; if it refuses it half-way,
            // its answer is heard by the EarlyAnswerConnector.
            request = request.header("Expect", "100-continue");
        }
        if let Some(auth) = self.authorization(if chunk.replace { "PUT" } else { "POST" }, url) {
            request = request.header("Authorization", auth);
        }
        let mut response = request
            .send(&chunk.body[..])
            .map_err(|e| Failure::Transport(upload_cut(e.to_string(), chunk.body.len())))?;
        let status = response.status().as_u16();
        if status == 401 && self.update_challenge(&response) {
            return Err(Failure::Reauthenticate);
        }
        if (200..300).contains(&status) {
            // Read the answer (so the connection can be reused) and look at it.
            let (content_type, text) = read_answer(&mut response);
            if !self.accept_html && is_html_page(&content_type, &text) {
                return Err(Failure::Html {
                    status,
                    body: first_lines(&text, true),
                });
            }
            return Ok(());
        }
        let retry_after = response
            .headers()
            .get("Retry-After")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map(Duration::from_secs);
        let (content_type, raw) = read_answer(&mut response);
        let is_html = content_type.contains("html");
        Err(Failure::Status {
            status,
            body: first_lines(&raw, is_html),
            retry_after,
        })
    }
}

/// A transport error, explained when it is a large body cut off by the store. A store that
/// refuses the body while it is being sent (a size limit, a 501) and says so is heard (see
/// [`EarlyAnswerConnector`]); this is for one that closed the connection with no answer that
/// could be read (none at all, or over TLS, whose connections are not watched so).
fn upload_cut(message: String, body_len: usize) -> String {
    let lower = message.to_ascii_lowercase();
    if body_len >= EXPECT_CONTINUE_BYTES
        && (lower.contains("connection reset") || lower.contains("broken pipe"))
    {
        format!(
            "{message}: the store closed the connection while a {:.1} MB body was being sent; \
             it may have refused the request without an answer that could be read \
             (a size limit? try a smaller --chunk-size)",
            body_len as f64 / 1e6
        )
    } else {
        message
    }
}

/// Whether a 2xx answer is an HTML page: a non-blank body that is declared as HTML or
/// starts like an HTML document. Virtuoso declares `text/html` but sends no body, which
/// is no page; Oxigraph and GraphDB send none, Fuseki JSON, Blazegraph XML.
fn is_html_page(content_type: &str, body: &str) -> bool {
    let start = body.trim_start();
    if start.is_empty() {
        return false;
    }
    let head: String = start
        .chars()
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    content_type.to_ascii_lowercase().contains("html")
        || head.starts_with("<!doctype html")
        || head.starts_with("<html")
}

enum Failure {
    /// A 2xx answer that is an HTML page (see [`is_html_page`]); never retried.
    Html {
        status: u16,
        body: String,
    },
    /// The store sent a fresh Digest challenge (a stale nonce): resend at once.
    Reauthenticate,
    Status {
        status: u16,
        body: String,
        retry_after: Option<Duration>,
    },
    Transport(String),
}

/// The path and query of a URL, as the Digest `uri` field wants it.
fn request_target(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/').map_or("/", |i| &rest[i..])
}

/// An HTTP Digest challenge (RFC 7616), answered with MD5 and `qop=auth`.
#[derive(Debug, Clone)]
struct DigestChallenge {
    realm: String,
    nonce: String,
    opaque: Option<String>,
    algorithm: Option<String>,
    qop_auth: bool,
    stale: bool,
    /// Requests answered with this nonce so far (the `nc` field).
    count: u32,
}

impl DigestChallenge {
    /// Parses `Digest realm="…", nonce="…", …`; `None` for another scheme or no nonce.
    fn parse(header: &str) -> Option<Self> {
        let (scheme, params) = header.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("digest") {
            return None;
        }
        let mut fields = HashMap::new();
        let mut rest = params.trim();
        while !rest.is_empty() {
            let (key, after) = rest.split_once('=')?;
            let after = after.trim_start();
            let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
                let end = quoted.find('"')?;
                (&quoted[..end], &quoted[end + 1..])
            } else {
                let end = after.find(',').unwrap_or(after.len());
                (after[..end].trim(), &after[end..])
            };
            fields.insert(key.trim().to_ascii_lowercase(), value.to_owned());
            rest = next.trim_start().trim_start_matches(',').trim_start();
        }
        let algorithm = fields.remove("algorithm");
        if algorithm
            .as_deref()
            .is_some_and(|a| !a.eq_ignore_ascii_case("md5"))
        {
            return None; // only MD5 is spoken here
        }
        Some(Self {
            realm: fields.remove("realm").unwrap_or_default(),
            nonce: fields.remove("nonce")?,
            opaque: fields.remove("opaque"),
            algorithm,
            qop_auth: fields
                .get("qop")
                .is_some_and(|q| q.split(',').any(|v| v.trim() == "auth")),
            stale: fields
                .get("stale")
                .is_some_and(|v| v.eq_ignore_ascii_case("true")),
            count: 0,
        })
    }

    fn answer(&mut self, c: &Credentials, method: &str, uri: &str) -> String {
        self.count += 1;
        let ha1 = md5_hex(&format!("{}:{}:{}", c.user, self.realm, c.password));
        let ha2 = md5_hex(&format!("{method}:{uri}"));
        let nc = format!("{:08x}", self.count);
        let cnonce = md5_hex(&format!(
            "{:?}:{}:{}",
            std::time::SystemTime::now(),
            std::process::id(),
            self.count
        ))[..16]
            .to_owned();
        let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
        let mut header = format!(
            "Digest username=\"{}\", realm=\"{}\", nonce=\"{}\", uri=\"{}\"",
            quote(&c.user),
            quote(&self.realm),
            quote(&self.nonce),
            quote(uri)
        );
        if self.qop_auth {
            let response = md5_hex(&format!("{ha1}:{}:{nc}:{cnonce}:auth:{ha2}", self.nonce));
            header.push_str(&format!(
                ", qop=auth, nc={nc}, cnonce=\"{cnonce}\", response=\"{response}\""
            ));
        } else {
            let response = md5_hex(&format!("{ha1}:{}:{ha2}", self.nonce));
            header.push_str(&format!(", response=\"{response}\""));
        }
        if let Some(o) = &self.opaque {
            header.push_str(&format!(", opaque=\"{}\"", quote(o)));
        }
        if let Some(a) = &self.algorithm {
            header.push_str(&format!(", algorithm={a}"));
        }
        header
    }
}

fn md5_hex(s: &str) -> String {
    use md5::Digest;
    md5::Md5::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a status is worth another try: server errors, timeouts and rate limits;
/// not 501 (Not Implemented) or 505 (HTTP Version Not Supported), which say the
/// store will never take the request.
fn retryable(status: u16) -> bool {
    (status >= 500 && !matches!(status, 501 | 505)) || status == 408 || status == 429
}

/// The first non-empty lines of a response body (tags stripped from HTML), each shortened.
fn first_lines(body: &str, is_html: bool) -> String {
    let text = if is_html || body.trim_start().starts_with('<') {
        strip_tags(body)
    } else {
        body.to_owned()
    };
    let mut out = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if out.len() == ERROR_BODY_LINES {
            out.push("…".to_owned());
            break;
        }
        let mut l: String = line.chars().filter(|c| !c.is_control()).take(300).collect();
        if line.chars().count() > 300 {
            l.push('…');
        }
        out.push(format!("  {l}"));
    }
    out.join("\n")
}

/// Removes markup and the content of `<head>`, `<style>` and `<script>`, keeping text and line breaks.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        if !is_tag(after) {
            // Not markup: an IRI such as `<http://…>` in a store's message.
            out.push('<');
            rest = &after[1..];
            continue;
        }
        let lower: String = after
            .chars()
            .take(8)
            .collect::<String>()
            .to_ascii_lowercase();
        let skip_to = ["<title", "<style", "<script"]
            .iter()
            .find(|t| lower.starts_with(*t))
            .map(|t| format!("</{}", &t[1..]));
        let end = match skip_to {
            Some(close) => after.to_ascii_lowercase().find(&close).unwrap_or(0),
            None => 0,
        };
        match after[end..].find('>') {
            Some(gt) => {
                out.push('\n');
                rest = &after[end + gt + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Whether `s` (starting with `<`) opens an HTML tag, comment or declaration.
fn is_tag(s: &str) -> bool {
    let body = &s[1..];
    if body.starts_with(['/', '!', '?']) {
        return true;
    }
    let name_len = body
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    name_len > 0
        && body.as_bytes()[0].is_ascii_alphabetic()
        && matches!(
            body.as_bytes().get(name_len),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
        )
}

/// The length of the first IRI of at least [`LONG_IRI_BYTES`] bytes in a quad, if any.
fn long_iri(quad: &Quad) -> Option<usize> {
    let mut lens = vec![quad.predicate.as_str().len()];
    if let NamedOrBlankNode::NamedNode(n) = &quad.subject {
        lens.push(n.as_str().len());
    }
    if let Term::NamedNode(n) = &quad.object {
        lens.push(n.as_str().len());
    }
    if let GraphName::NamedNode(n) = &quad.graph_name {
        lens.push(n.as_str().len());
    }
    lens.into_iter().find(|l| *l >= LONG_IRI_BYTES)
}

fn has_blank_node(subject: &NamedOrBlankNode, object: &Term) -> bool {
    let in_subject = matches!(subject, NamedOrBlankNode::BlankNode(_));
    // Triple terms (RDF 1.2) may hide blank nodes too; their N-Triples form shows `_:` then.
    #[allow(unreachable_patterns)]
    let in_object = match object {
        Term::BlankNode(_) => true,
        Term::NamedNode(_) | Term::Literal(_) => false,
        other => other.to_string().contains("_:"),
    };
    in_subject || in_object
}

fn write_ntriple(out: &mut Vec<u8>, triple: TripleRef<'_>) {
    let mut serializer = NTriplesSerializer::new().for_writer(std::mem::take(out));
    // Writing into a Vec cannot fail.
    let _ = serializer.serialize_triple(triple);
    *out = serializer.finish();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Write};
    use std::net::TcpListener;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn netrc_picks_the_host_then_default() {
        let text = "machine other login a password b\n\
                    machine store.example login alice\n  password s3cret\n\
                    macdef init\n  machine store.example login mallory password x\n\n\
                    default login anon password guest\n";
        let c = parse_netrc(text, "store.example").unwrap().unwrap();
        assert_eq!((c.user(), c.password.as_str()), ("alice", "s3cret"));
        let d = parse_netrc(text, "elsewhere").unwrap().unwrap();
        assert_eq!(d.user(), "anon");
        assert!(parse_netrc("machine h login x\n", "h").is_err());
        assert_eq!(
            parse_netrc("machine h login x password y", "nope").unwrap(),
            None
        );
    }

    #[test]
    fn digest_answers_the_rfc_2617_example() {
        // RFC 2617 section 3.5, with its client nonce.
        let mut c = DigestChallenge::parse(
            "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", \
             nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"",
        )
        .unwrap();
        let creds = Credentials::new("Mufasa", "Circle Of Life");
        let ha1 = md5_hex("Mufasa:testrealm@host.com:Circle Of Life");
        let ha2 = md5_hex("GET:/dir/index.html");
        let expected = md5_hex(&format!(
            "{ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:{ha2}"
        ));
        assert_eq!(expected, "6629fae49393a05397450978507c4ef1");
        let header = c.answer(&creds, "GET", "/dir/index.html");
        assert!(header.starts_with("Digest username=\"Mufasa\", realm=\"testrealm@host.com\""));
        assert!(
            header.contains("nc=00000001") && header.contains("qop=auth"),
            "{header}"
        );
        assert!(c.answer(&creds, "GET", "/").contains("nc=00000002"));
        assert!(DigestChallenge::parse("Basic realm=\"x\"").is_none());
        assert!(
            DigestChallenge::parse("Digest realm=\"x\", nonce=\"n\", algorithm=SHA-256").is_none()
        );
        assert_eq!(request_target("http://h:1/a/b?graph=x"), "/a/b?graph=x");
    }

    #[test]
    fn html_pages_are_told_from_acknowledgements() {
        // Virtuoso: text/html with no body; Fuseki: JSON; Blazegraph: XML; a proxy: a page.
        assert!(!is_html_page("text/html; charset=UTF-8", ""));
        assert!(!is_html_page("text/html", " \r\n"));
        assert!(!is_html_page(
            "application/json",
            r#"{"count":5,"tripleCount":5}"#
        ));
        assert!(!is_html_page(
            "application/xml",
            r#"<?xml version="1.0"?><data modified="5" milliseconds="3"/>"#
        ));
        assert!(!is_html_page("text/plain", "OK"));
        assert!(is_html_page("text/html", "<p>Please log in</p>"));
        assert!(is_html_page("application/xhtml+xml", "<html/>"));
        assert!(is_html_page(
            "",
            "\n<!DOCTYPE html><html><body>Gateway</body></html>"
        ));
        assert!(is_html_page(
            "text/plain",
            "<HTML><BODY>Error</BODY></HTML>"
        ));
    }

    #[test]
    fn debug_hides_the_password() {
        let c = Credentials::new("alice", "hunter2");
        assert!(!format!("{c:?}").contains("hunter2"));
    }

    #[test]
    fn endpoint_rejects_user_info_without_echoing_it() {
        let err = Pusher::new("http://alice:hunter2@localhost:8890/store").unwrap_err();
        assert!(!err.to_string().contains("hunter2"), "{err}");
        assert!(Pusher::new("ftp://x").is_err());
        assert!(Pusher::new("http:///nohost").is_err());
    }

    #[test]
    fn graph_parameter_is_percent_encoded() {
        let e = Endpoint::parse("http://h:1/store").unwrap();
        let g = NamedNode::new("http://ex.org/g?a=1&b=é").unwrap();
        assert_eq!(
            e.for_graph(Some(&g)),
            "http://h:1/store?graph=http%3A%2F%2Fex.org%2Fg%3Fa%3D1%26b%3D%C3%A9"
        );
        assert_eq!(e.for_graph(None), "http://h:1/store?default");
        let q = Endpoint::parse("http://h/s?x=1").unwrap();
        assert_eq!(q.for_graph(None), "http://h/s?x=1&default");
    }

    #[test]
    fn error_body_is_cut_to_its_text() {
        let html = "<html><head><title>T</title></head><body><h1>HTTP/1.1 500 Failed</h1>\
                    <xmp>SP029: syntax error at &lt;x&gt; in <http://e/g></xmp></body></html>";
        assert_eq!(
            first_lines(html, true),
            "  HTTP/1.1 500 Failed\n  SP029: syntax error at <x> in <http://e/g>"
        );
        let many = (0..20).map(|i| format!("line {i}\n")).collect::<String>();
        assert_eq!(
            first_lines(&many, false).lines().count(),
            ERROR_BODY_LINES + 1
        );
    }

    /// Method and path line, headers, body of one request seen by [`serve`].
    type Seen = (String, String, Vec<u8>);

    /// A one-thread HTTP server that answers each request with the next canned status and
    /// records method, path, headers and body.
    fn serve(statuses: Vec<u16>) -> (String, std::thread::JoinHandle<Vec<Seen>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for status in statuses {
                let (stream, _) = listener.accept().unwrap();
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut head = String::new();
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    if line == "\r\n" || line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap();
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; len];
                reader.read_exact(&mut body).unwrap();
                let request_line = head.lines().next().unwrap_or("").to_owned();
                seen.push((request_line, head, body));
                // An error page for an error; nothing for a success, as stores answer.
                let text = if (200..300).contains(&status) {
                    ""
                } else {
                    "<html><body><h1>boom</h1>\ndetail line</body></html>"
                };
                let mut stream = stream;
                write!(
                    stream,
                    "HTTP/1.1 {status} X\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                )
                .unwrap();
            }
            seen
        });
        (format!("http://{addr}/store"), handle)
    }

    const DATA: &str = "<http://e/a> <http://e/p> \"x\" .\n<http://e/b> <http://e/p> _:n .\n\
                        _:n <http://e/p> \"y\" .\n<http://e/c> <http://e/p> \"z\" .\n\
                        <http://e/f> <http://e/p> \"v\" .\n\
                        <http://e/d> <http://e/p> \"w\" <http://e/g2> .\n";

    #[test]
    fn chunks_replace_blank_nodes_and_auth() {
        // Default graph → g1: a chunk of 2 plain triples (PUT), then 1 plain (POST), then the 2
        // with a blank node together (POST);
        // g2: 1 triple (PUT).
        // The first request is the credential probe: empty, without credentials.
        let (url, server) = serve(vec![204, 201, 201, 201, 204]);
        let report = Pusher::new(&url)
            .unwrap()
            .with_graph("http://e/g1")
            .unwrap()
            .with_replace(true)
            .with_chunk_size(2)
            .with_credentials(Some(Credentials::new("u", "p")))
            .push_reader(DATA.as_bytes(), RdfFormat::NQuads)
            .unwrap();
        assert_eq!((report.triples, report.graphs, report.requests), (6, 2, 4));
        let mut seen = server.join().unwrap();
        let probe = seen.remove(0);
        assert!(probe.0.starts_with("POST /store?graph="), "{}", probe.0);
        assert!(
            probe.2.is_empty() && !probe.1.contains("Authorization"),
            "{}",
            probe.1
        );
        let lines: Vec<&str> = seen.iter().map(|(l, _, _)| l.as_str()).collect();
        // A replacing PUT goes first and alone for its graph; other graphs may interleave.
        let g1: Vec<&str> = lines.iter().copied().filter(|l| l.contains("g1")).collect();
        assert_eq!(
            g1,
            [
                "PUT /store?graph=http%3A%2F%2Fe%2Fg1 HTTP/1.1",
                "POST /store?graph=http%3A%2F%2Fe%2Fg1 HTTP/1.1",
                "POST /store?graph=http%3A%2F%2Fe%2Fg1 HTTP/1.1",
            ]
        );
        assert!(lines.contains(&"PUT /store?graph=http%3A%2F%2Fe%2Fg2 HTTP/1.1"));
        for (_, head, _) in &seen {
            assert!(head.contains("application/n-triples"), "{head}");
            assert!(head.contains("Basic dTpw"), "{head}"); // base64("u:p")
        }
        assert_eq!(seen[0].2.split(|b| *b == b'\n').count(), 3); // 2 lines + final newline
        let bodies: Vec<String> = seen
            .iter()
            .map(|(_, _, b)| String::from_utf8(b.clone()).unwrap())
            .collect();
        let blank = bodies.iter().find(|b| b.contains("_:")).unwrap();
        assert_eq!(blank.lines().count(), 2);
        assert!(blank.lines().all(|l| l.contains("_:")), "{blank}");
    }

    #[test]
    fn retries_5xx_then_reports_status_and_body() {
        let (url, server) = serve(vec![503, 500, 500]);
        let err = Pusher::new(&url)
            .unwrap()
            .with_retries(2, Duration::from_millis(1))
            .push_reader(DATA.as_bytes(), RdfFormat::NQuads)
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("HTTP 500 after 3 attempt(s)"), "{text}");
        assert!(text.contains("boom\n  detail line"), "{text}");
        assert_eq!(server.join().unwrap().len(), 3);
    }

    #[test]
    fn client_errors_are_not_retried() {
        let (url, server) = serve(vec![400]);
        let err = Pusher::new(&url)
            .unwrap()
            .with_retries(5, Duration::from_millis(1))
            .push_reader(DATA.as_bytes(), RdfFormat::NQuads)
            .unwrap_err();
        assert!(
            matches!(
                err,
                PushError::Http {
                    status: 400,
                    attempts: 1,
                    ..
                }
            ),
            "{err}"
        );
        server.join().unwrap();
    }

    #[test]
    fn connection_errors_are_retried_then_reported() {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let err = Pusher::new(&format!("http://127.0.0.1:{port}/store"))
            .unwrap()
            .with_retries(1, Duration::from_millis(1))
            .push_reader(DATA.as_bytes(), RdfFormat::NQuads)
            .unwrap_err();
        assert!(
            matches!(err, PushError::Transport { attempts: 2, .. }),
            "{err}"
        );
    }

    #[test]
    fn malformed_input_is_a_parse_error() {
        let err = Pusher::new("http://127.0.0.1:9/store")
            .unwrap()
            .push_reader(
                "<http://e/a> <http://e/p> .\n".as_bytes(),
                RdfFormat::NTriples,
            )
            .unwrap_err();
        assert!(matches!(err, PushError::Parse(_)), "{err}");
    }
}
