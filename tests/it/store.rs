//! Triple stores: `kg push` into a real Virtuoso, read back over SPARQL; `kg validate` against
//! pySHACL. Tools that are missing make a test print a notice and pass, unless `CI` is set.
//!
//! Virtuoso: `.ci/virtuoso.sh install` (Debian's `virtuoso-opensource`); each test run starts
//! its own server on free 127.0.0.1 ports with a temporary database, and a guard stops it even
//! when an assertion fails. pySHACL: `.ci/venv/bin/pyshacl`, or `pyshacl` on the `PATH`.

use std::collections::BTreeSet;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, ReaderQueryResultsParserOutput,
};
use oxrdf::vocab::{rdf, rdfs, xsd};
use oxrdf::{GraphName, Literal, NamedNode, Quad, Term};
use oxrdfio::{RdfFormat, RdfSerializer};

use crate::common::kg_bin;

/// Where the fixtures of this module live.
fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/store")
        .join(name)
}

/// Returns `false` with a notice when a tool is missing; panics when `CI` is set.
fn tool_missing(what: &str) -> bool {
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {what}; run .ci/virtuoso.sh install"
    );
    eprintln!("notice: {what}; skipping (run .ci/virtuoso.sh install)");
    false
}

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn kg(args: &[&str]) -> Output {
    kg_with(args, &[])
}

/// Runs kg with no credentials but those in `env`.
fn kg_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(kg_bin());
    cmd.args(args)
        .env_remove("KG_PUSH_USER")
        .env_remove("KG_PUSH_PASSWORD")
        .env("NETRC", "/nonexistent");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("kg runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A Virtuoso server with its database in a temporary directory; killed on drop.
struct Virtuoso {
    child: Child,
    dir: tempfile::TempDir,
    http: u16,
    sql: u16,
    bin: PathBuf,
}

impl Drop for Virtuoso {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Virtuoso {
    /// Starts a server, or returns `None` (with a notice) when Virtuoso is not installed.
    fn start() -> Option<Self> {
        let Some(bin) = which("virtuoso-t") else {
            tool_missing("virtuoso-t is not installed");
            return None;
        };
        // A port found free may be taken before Virtuoso binds it: try again with new ones.
        for attempt in 1..=3 {
            match Self::start_on_free_ports(&bin) {
                Ok(server) => return Some(server),
                Err(log) if attempt < 3 => eprintln!("virtuoso-t failed, retrying:\n{log}"),
                Err(log) => panic!("virtuoso-t exited early three times:\n{log}"),
            }
        }
        None
    }

    /// Starts a server; `Err` with its log when it exits before answering.
    fn start_on_free_ports(bin: &Path) -> Result<Self, String> {
        let dir = tempfile::tempdir().expect("temp dir");
        let http = free_port();
        let sql = loop {
            let p = free_port();
            if p != http {
                break p;
            }
        };
        let d = dir.path().display();
        let ini = format!(
            "[Database]\nDatabaseFile = {d}/v.db\nErrorLogFile = {d}/v.log\nLockFile = {d}/v.lck\n\
             TransactionFile = {d}/v.trx\nxa_persistent_file = {d}/v.pxa\nErrorLogLevel = 7\n\
             FileExtend = 200\nMaxCheckpointRemap = 2000\nStriping = 0\nTempStorage = TempDatabase\n\
             [TempDatabase]\nDatabaseFile = {d}/v-temp.db\nTransactionFile = {d}/v-temp.trx\n\
             MaxCheckpointRemap = 2000\nStriping = 0\n\
             [Parameters]\nServerPort = 127.0.0.1:{sql}\nDisableUnixSocket = 1\nDisableTcpSocket = 0\n\
             MaxClientConnections = 10\nCheckpointInterval = 60\nO_DIRECT = 0\nCaseMode = 2\n\
             MaxStaticCursorRows = 5000\nDirsAllowed = ., {d}\nNumberOfBuffers = 20000\n\
             MaxDirtyBuffers = 15000\nThreadsPerQuery = 2\n\
             [HTTPServer]\nServerPort = 127.0.0.1:{http}\nServerRoot = {d}\nMaxClientConnections = 10\n\
             ServerThreads = 10\nMaxKeepAlives = 10\nKeepAliveTimeout = 10\nCharset = UTF-8\n\
             EnabledDavVSP = 0\n\
             [SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 120\n\
             MaxQueryCostEstimationTime = 400\n"
        );
        std::fs::write(dir.path().join("virtuoso.ini"), ini).expect("write virtuoso.ini");
        let child = Self::spawn(bin, dir.path());
        let mut server = Self {
            child,
            dir,
            http,
            sql,
            bin: bin.to_owned(),
        };
        server.wait_until_up()?;
        Ok(server)
    }

    /// Starts `virtuoso-t` on the `virtuoso.ini` of `dir`, its output appended to `stdout.log`.
    fn spawn(bin: &Path, dir: &Path) -> Child {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("stdout.log"))
            .expect("log file");
        Command::new(bin)
            .arg("+foreground")
            .arg("+configfile")
            .arg(dir.join("virtuoso.ini"))
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log file"))
            .stderr(log)
            .spawn()
            .expect("virtuoso-t starts")
    }

    /// Kills the server with SIGKILL: no checkpoint, no goodbye, as in a crash.
    fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again on the same database and ports, after [`Virtuoso::kill`].
    fn restart(&mut self) {
        self.child = Self::spawn(&self.bin, self.dir.path());
        if let Err(log) = self.wait_until_up() {
            panic!("virtuoso-t did not restart:\n{log}");
        }
    }

    /// Waits until the server answers a query, then lets the anonymous user write;
    /// `Err` with its log when it exits first.
    fn wait_until_up(&mut self) -> Result<(), String> {
        let (http, sql) = (self.http, self.sql);
        let server = self;
        let started = Instant::now();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(5)))
            .build()
            .into();
        loop {
            if agent
                .get(&format!("http://127.0.0.1:{http}/sparql?query=ASK%7B%7D"))
                .call()
                .is_ok()
            {
                break;
            }
            let log =
                std::fs::read_to_string(server.dir.path().join("stdout.log")).unwrap_or_default();
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("exit {status}:\n{log}"));
            }
            assert!(
                started.elapsed() < Duration::from_secs(120),
                "virtuoso-t did not answer within 120 s:\n{log}"
            );
            std::thread::sleep(Duration::from_millis(300));
        }
        eprintln!(
            "virtuoso up on 127.0.0.1:{http} in {:.1}s",
            started.elapsed().as_secs_f64()
        );
        // The anonymous user "SPARQL" may write through /sparql-graph-crud once granted this.
        let isql = which("isql-vt")
            .or_else(|| which("isql"))
            .expect("isql-vt next to virtuoso-t");
        let out = Command::new(isql)
            .arg(format!("127.0.0.1:{sql}"))
            .args(["dba", "dba", "exec=grant SPARQL_UPDATE to \"SPARQL\";"])
            .stdin(Stdio::null())
            .output()
            .expect("isql-vt runs");
        assert!(
            out.status.success(),
            "grant failed: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        Ok(())
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}/sparql-graph-crud", self.http)
    }

    /// Runs a SELECT over the SPARQL endpoint; JSON results parsed by sparesults.
    fn select(&self, query: &str) -> Vec<Vec<Option<Term>>> {
        let mut response = ureq::post(&format!("http://127.0.0.1:{}/sparql", self.http))
            .header("Accept", "application/sparql-results+json")
            .send_form([("query", query)])
            .unwrap_or_else(|e| panic!("query failed: {e}\n{query}"));
        let body = response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .expect("query results");
        let parsed = QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_reader(body.as_slice())
            .unwrap_or_else(|e| panic!("bad results: {e}\n{}", text(&body)));
        let ReaderQueryResultsParserOutput::Solutions(solutions) = parsed else {
            panic!("expected solutions");
        };
        solutions
            .map(|s| {
                let s = s.expect("solution");
                s.values().to_vec()
            })
            .collect()
    }

    /// All quads of the given graphs, as Virtuoso returns them.
    fn quads(&self, graphs: &BTreeSet<NamedNode>) -> BTreeSet<String> {
        let list: Vec<String> = graphs.iter().map(ToString::to_string).collect();
        let q = format!(
            "SELECT ?s ?p ?o ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} VALUES ?g {{ {} }} }}",
            list.join(" ")
        );
        self.select(&q)
            .into_iter()
            .map(|row| {
                let [Some(s), Some(p), Some(o), Some(g)] = &row[..] else {
                    panic!("unbound value in {row:?}");
                };
                format!("{s} {p} {o} {g} .")
            })
            .collect()
    }

    fn count(&self, graph: &NamedNode) -> u64 {
        let rows = self.select(&format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        ));
        match rows.first().and_then(|r| r.first()).cloned().flatten() {
            Some(Term::Literal(l)) => l.value().parse().expect("a count"),
            other => panic!("no count: {other:?}"),
        }
    }
}

const BASE: &str = "http://example.org/kg/";

fn iri(s: &str) -> NamedNode {
    NamedNode::new(format!("{BASE}{s}")).expect("valid IRI")
}

/// Names that have broken exporters and stores before: quotes, markup, escapes, whitespace,
/// control characters, emoji, right-to-left scripts and a 10 000-character name.
fn hostile_names() -> Vec<String> {
    vec![
        "plain name".to_owned(),
        "He said \"no\" and 'yes'".to_owned(),
        "<b>bold</b> & {braces} | pipe".to_owned(),
        "back\\slash \\n \\u0041 \\\"".to_owned(),
        "line one\nline two\r\nline three".to_owned(),
        "tab\there\tand\u{b}vtab".to_owned(),
        "bell\u{7} esc\u{1b} unit\u{1f} del\u{7f} c1\u{85}".to_owned(),
        "nul\u{0}byte".to_owned(),
        "emoji 🦀 👩‍👩‍👧 🇫🇷".to_owned(),
        "عربي مرحبا بالعالم".to_owned(),
        "עברית שלום mixed LTR".to_owned(),
        "x".repeat(5_000) + &"é".repeat(5_000),
    ]
}

/// Percent-encodes a name into an IRI path segment, as an exporter must, and caps its length:
/// Virtuoso refuses IRIs of 8 000 bytes or more (see `virtuoso_refuses_iris_over_8_kb`), so a
/// long name keeps its first 120 encoded bytes and gets a hash of the whole name.
fn mint(kind: &str, name: &str) -> NamedNode {
    let mut s = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    if s.len() > 160 {
        let mut cut = 120;
        while s.as_bytes().get(cut - 1) == Some(&b'%') || s.as_bytes().get(cut - 2) == Some(&b'%') {
            cut -= 1;
        }
        // FNV-1a: a stable hash that needs no dependency.
        let hash = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
        s = format!("{}-{hash:016x}", &s[..cut]);
    }
    iri(&format!("{kind}/{s}"))
}

/// A kg-like graph of the hostile names in the given provenance form: `none` (facts only),
/// `reification` (statement nodes with PROV-O derivation, confidence and offsets) or `graphs`
/// (the facts of each document in a named graph). `graph` names the target of default-graph
/// triples, which is where the store will put them.
fn hostile_graph(form: &str, graph: &NamedNode) -> Vec<Quad> {
    let names = hostile_names();
    let prov = |l: &str| NamedNode::new(format!("http://www.w3.org/ns/prov#{l}")).expect("iri");
    let knows = iri("relation/knows");
    let mut quads = Vec::new();
    let mut add = |s: &NamedNode, p: &NamedNode, o: Term, g: &NamedNode| {
        quads.push(Quad::new(
            s.clone(),
            p.clone(),
            o,
            GraphName::NamedNode(g.clone()),
        ));
    };
    add(
        &knows,
        &rdfs::LABEL.into_owned(),
        Literal::new_language_tagged_literal_unchecked("knows", "en").into(),
        graph,
    );
    for (i, name) in names.iter().enumerate() {
        let e = mint("entity", name);
        add(
            &e,
            &rdf::TYPE.into_owned(),
            iri("ontology/Entity").into(),
            graph,
        );
        add(
            &e,
            &rdfs::LABEL.into_owned(),
            Literal::new_language_tagged_literal_unchecked(name.as_str(), "en").into(),
            graph,
        );
        add(
            &e,
            &iri("ontology/name"),
            Literal::new_simple_literal(name.as_str()).into(),
            graph,
        );
        let next = mint("entity", &names[(i + 1) % names.len()]);
        let doc_graph = NamedNode::new(format!("{}/doc/{}", graph.as_str(), i % 3)).expect("iri");
        let fact_graph = if form == "graphs" { &doc_graph } else { graph };
        add(&e, &knows, next.clone().into(), fact_graph);
        if form == "reification" {
            let st = iri(&format!("statement/{i}"));
            let sentence = iri(&format!("sentence/{i}"));
            add(
                &st,
                &rdf::TYPE.into_owned(),
                rdf::STATEMENT.into_owned().into(),
                graph,
            );
            add(&st, &rdf::SUBJECT.into_owned(), e.clone().into(), graph);
            add(
                &st,
                &rdf::PREDICATE.into_owned(),
                knows.clone().into(),
                graph,
            );
            add(&st, &rdf::OBJECT.into_owned(), next.into(), graph);
            add(&st, &prov("wasDerivedFrom"), sentence.clone().into(), graph);
            add(
                &sentence,
                &iri("ontology/text"),
                Literal::new_simple_literal(format!("{name} knows someone.")).into(),
                graph,
            );
            add(
                &st,
                &iri("ontology/confidence"),
                Literal::new_typed_literal(format!("0.{}", 5 + i % 4), xsd::DECIMAL).into(),
                graph,
            );
            add(
                &st,
                &iri("ontology/support"),
                Literal::new_typed_literal((i + 1).to_string(), xsd::INTEGER).into(),
                graph,
            );
            add(
                &st,
                &iri("ontology/begin"),
                Literal::new_typed_literal((i * 7).to_string(), xsd::NON_NEGATIVE_INTEGER).into(),
                graph,
            );
        }
    }
    quads
}

/// Writes quads in `format`; for a graph-only format the default-graph form of each triple.
fn write_rdf(path: &Path, quads: &[Quad], format: RdfFormat, target: &NamedNode) {
    let mut out = RdfSerializer::from_format(format)
        .with_prefix("kg", BASE)
        .expect("prefix")
        .for_writer(Vec::new());
    for q in quads {
        let mut q = q.clone();
        // The target graph is what `--graph` names: in the file it is the default graph.
        if q.graph_name == GraphName::NamedNode(target.clone()) || !format.supports_datasets() {
            q.graph_name = GraphName::DefaultGraph;
        }
        out.serialize_quad(&q).expect("serialize");
    }
    std::fs::write(path, out.finish().expect("finish")).expect("write");
}

/// Asserts that the store holds exactly `quads` in their graphs: every quad, nothing
/// else, and the same count.
fn assert_store_holds(server: &Virtuoso, quads: &[Quad], what: &str) {
    let graphs = graphs_of(quads);
    let expected: BTreeSet<String> = quads.iter().map(|q| format!("{q} .")).collect();
    let got = server.quads(&graphs);
    let missing: Vec<_> = expected.difference(&got).take(5).collect();
    let extra: Vec<_> = got.difference(&expected).take(5).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: store differs\nmissing: {missing:#?}\nextra: {extra:#?}"
    );
    let count: u64 = graphs.iter().map(|g| server.count(g)).sum();
    assert_eq!(count, expected.len() as u64, "{what}: triple count");
    eprintln!("{what}: {count} triples identical in Virtuoso");
}

fn graphs_of(quads: &[Quad]) -> BTreeSet<NamedNode> {
    quads
        .iter()
        .filter_map(|q| match &q.graph_name {
            GraphName::NamedNode(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn virtuoso_round_trip_of_every_accepted_form() {
    let Some(server) = Virtuoso::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = [
        ("none", RdfFormat::NTriples, "nt"),
        ("none", RdfFormat::Turtle, "ttl"),
        ("none", RdfFormat::RdfXml, "rdf"),
        ("reification", RdfFormat::Turtle, "ttl"),
        ("reification", RdfFormat::NTriples, "nt"),
        ("graphs", RdfFormat::NQuads, "nq"),
        ("graphs", RdfFormat::TriG, "trig"),
    ];
    for (i, (form, format, ext)) in cases.into_iter().enumerate() {
        let target = iri(&format!("graph/{i}-{form}-{ext}"));
        let quads = hostile_graph(form, &target);
        let path = dir.path().join(format!("{i}-{form}.{ext}"));
        write_rdf(&path, &quads, format, &target);
        // Small chunks, so that the hostile literals are split across requests too.
        let out = kg(&[
            "push",
            path.to_str().expect("utf-8 path"),
            "--endpoint",
            &server.endpoint(),
            "--graph",
            target.as_str(),
            "--chunk-size",
            "7",
        ]);
        assert!(
            out.status.success(),
            "{form} as {ext}: kg push failed:\n{}",
            text(&out.stderr)
        );
        assert_store_holds(&server, &quads, &format!("{form} as {ext}"));
    }

    // Sampled facts, asked the way a user would ask.
    let target = iri("graph/3-reification-ttl");
    let long = hostile_names().pop().expect("a long name");
    let rows = server.select(&format!(
        "SELECT ?label WHERE {{ GRAPH {target} {{ {} <{}> ?label }} }}",
        mint("entity", &long),
        rdfs::LABEL.as_str()
    ));
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0][0],
        Some(Literal::new_language_tagged_literal_unchecked(long.as_str(), "en").into()),
        "the 10 000-character label comes back whole"
    );
    let rows = server.select(&format!(
        "SELECT ?s WHERE {{ GRAPH {target} {{ ?st <{}> ?s ; <{BASE}ontology/support> 9 }} }}",
        rdf::SUBJECT.as_str()
    ));
    assert_eq!(
        rows,
        [[Some(Term::from(mint("entity", &hostile_names()[8])))]],
        "the statement with support 9 is about the emoji entity"
    );

    // --replace empties the target graph first.
    let small = dir.path().join("small.nt");
    std::fs::write(
        &small,
        "<http://example.org/kg/a> <http://example.org/kg/b> \"c\" .\n",
    )
    .expect("write");
    let out = kg(&[
        "push",
        small.to_str().expect("utf-8"),
        "--endpoint",
        &server.endpoint(),
        "--graph",
        target.as_str(),
        "--replace",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        server.count(&target),
        1,
        "--replace leaves only the new triple"
    );

    // Virtuoso has no default graph behind its Graph Store endpoint: a clear error, exit 1.
    let out = kg(&[
        "push",
        small.to_str().expect("utf-8"),
        "--endpoint",
        &server.endpoint(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("HTTP 500") && err.contains("default"), "{err}");

    graphs_built_by_kg(&server, dir.path());
    digest_authentication(&server, dir.path());
    virtuoso_refuses_iris_over_8_kb(&server, dir.path());
    rdf12_triple_terms(&server, dir.path());
}

/// What `kg build` itself writes — from the hostile names as triples and from the
/// example article through the whole text pipeline — in every provenance mode and
/// format Virtuoso accepts, pushed and read back quad for quad.
fn graphs_built_by_kg(server: &Virtuoso, dir: &Path) {
    let names = hostile_names();
    let jsonl = dir.join("hostile.jsonl");
    let mut lines = String::new();
    for (i, name) in names.iter().enumerate() {
        let line = serde_json::json!({
            "subject": name,
            "relation": "knows",
            "object": names[(i + 1) % names.len()],
            "document": format!("news-{}", i % 3),
            "sentence": i,
        });
        lines.push_str(&line.to_string());
        lines.push('\n');
    }
    std::fs::write(&jsonl, lines).expect("write");
    let article = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/article.txt");
    let cases = [
        ("none", "nt"),
        ("none", "ttl"),
        ("reification", "ttl"),
        ("reification", "nt"),
        ("graphs", "nq"),
        ("graphs", "trig"),
    ];
    for (source, input) in [
        (
            "hostile",
            ["--triples", jsonl.to_str().expect("utf-8")].as_slice(),
        ),
        ("article", [article.to_str().expect("utf-8")].as_slice()),
    ] {
        for (mode, ext) in cases {
            let file = dir.join(format!("{source}-{mode}.{ext}"));
            let mut args = vec!["build"];
            args.extend_from_slice(input);
            args.extend_from_slice(&[
                "-o",
                file.to_str().expect("utf-8"),
                "--provenance",
                mode,
                "--base",
                BASE,
            ]);
            let out = kg(&args);
            assert!(out.status.success(), "kg build: {}", text(&out.stderr));
            let target = iri(&format!("graph/built-{source}-{mode}-{ext}"));
            let format = RdfFormat::from_extension(ext).expect("format");
            let quads: Vec<Quad> = oxrdfio::RdfParser::from_format(format)
                .for_slice(&std::fs::read(&file).expect("read"))
                .map(|q| {
                    let mut q = q.expect("kg output parses");
                    if q.graph_name == GraphName::DefaultGraph {
                        q.graph_name = GraphName::NamedNode(target.clone());
                    }
                    q
                })
                .collect();
            assert!(!quads.is_empty(), "{source} {mode}: kg build wrote nothing");
            let out = kg(&[
                "push",
                file.to_str().expect("utf-8"),
                "--endpoint",
                &server.endpoint(),
                "--graph",
                target.as_str(),
            ]);
            assert!(
                out.status.success(),
                "{source} {mode} {ext}: kg push failed:\n{}",
                text(&out.stderr)
            );
            assert_store_holds(
                server,
                &quads,
                &format!("kg build {source} --provenance {mode} as {ext}"),
            );
        }
    }
}

/// Virtuoso's authenticated endpoint wants HTTP Digest: credentials from the environment or
/// from a netrc file work, a wrong password fails with 401, and no password is ever printed.
fn digest_authentication(server: &Virtuoso, dir: &Path) {
    let path = dir.join("auth.nt");
    std::fs::write(&path, "<http://example.org/kg/a> <http://example.org/kg/b> \"c\" .\n<http://example.org/kg/a> <http://example.org/kg/b> \"d\" .\n").expect("write");
    let p = path.to_str().expect("utf-8");
    let endpoint = format!("{}-auth", server.endpoint());
    let target = iri("graph/auth");
    // --verify counts through /sparql-auth, which wants Digest credentials too.
    let query_endpoint = format!("http://127.0.0.1:{}/sparql-auth", server.http);
    let args = [
        "push",
        p,
        "--endpoint",
        &endpoint,
        "--graph",
        target.as_str(),
        "--chunk-size",
        "1",
        "--verify",
        "--query-endpoint",
        &query_endpoint,
    ];
    let out = kg_with(
        &args,
        &[("KG_PUSH_USER", "dba"), ("KG_PUSH_PASSWORD", "dba")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("2 triples in the store, 2 distinct sent"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(server.count(&target), 2);

    let netrc = dir.join("netrc");
    std::fs::write(&netrc, "machine 127.0.0.1\n  login dba\n  password dba\n").expect("write");
    let target = iri("graph/auth-netrc");
    let args = [
        "push",
        p,
        "--endpoint",
        &endpoint,
        "--graph",
        target.as_str(),
    ];
    let out = kg_with(&args, &[("NETRC", netrc.to_str().expect("utf-8"))]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.count(&target), 2);

    let out = kg_with(
        &args,
        &[
            ("KG_PUSH_USER", "dba"),
            ("KG_PUSH_PASSWORD", "not-the-password"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("HTTP 401") && !err.contains("not-the-password"),
        "{err}"
    );
    let out = kg(&args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "no credentials: {}",
        text(&out.stderr)
    );
}

/// Virtuoso 7.2's Turtle loader refuses an IRI of about 8 000 bytes or more ("The relative IRI
/// notation is too long"; first in a request body its content sniffer gives up instead, with
/// "unsupported type text/plain"). kg must mint shorter IRIs; `kg push` warns before sending.
fn virtuoso_refuses_iris_over_8_kb(server: &Virtuoso, dir: &Path) {
    let path = dir.join("long-iri.nt");
    let long = format!("<{BASE}entity/{}>", "a".repeat(10_000));
    std::fs::write(&path, format!("{long} <{BASE}p> \"x\" .\n")).expect("write");
    let target = iri("graph/long-iri");
    let out = kg(&[
        "push",
        path.to_str().expect("utf-8"),
        "--endpoint",
        &server.endpoint(),
        "--graph",
        target.as_str(),
        "--retries",
        "0",
    ]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("warning: an IRI of {} bytes", long.len() - 2)),
        "{err}"
    );
    assert!(
        err.contains("HTTP 500 after 1 attempt(s)") && err.contains(target.as_str()),
        "{err}"
    );
    assert_eq!(server.count(&target), 0);
}

/// RDF 1.2 triple terms: Virtuoso 7 has no RDF 1.2 parser. When kg reads them (oxrdf's
/// `rdf-12` feature), pushing them must either round-trip exactly or fail with a clear HTTP
/// error; without the feature kg refuses the file as input (exit 2) before sending anything.
fn rdf12_triple_terms(server: &Virtuoso, dir: &Path) {
    let path = dir.join("rdf12.nt");
    std::fs::write(
        &path,
        "<http://example.org/kg/r> <http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies> \
         <<( <http://example.org/kg/a> <http://example.org/kg/knows> <http://example.org/kg/b> )>> .\n",
    )
    .expect("write");
    let target = iri("graph/rdf12");
    let out = kg(&[
        "push",
        path.to_str().expect("utf-8"),
        "--endpoint",
        &server.endpoint(),
        "--graph",
        target.as_str(),
    ]);
    let err = text(&out.stderr);
    match out.status.code() {
        Some(0) => {
            assert_eq!(server.count(&target), 1, "accepted triple term stored once");
            eprintln!("rdf12: Virtuoso accepted a triple term");
        }
        Some(1) => {
            assert!(err.contains("HTTP 5") || err.contains("HTTP 4"), "{err}");
            eprintln!("rdf12: Virtuoso refused triple terms, as expected: {err}");
        }
        Some(2) => eprintln!("rdf12: this kg reads no RDF 1.2 (oxrdf without rdf-12): {err}"),
        other => panic!("unexpected exit {other:?}: {err}"),
    }
}

/// The number after `before` in `text` (digits only).
fn number_after(text: &str, before: &str) -> Option<u64> {
    let at = text.find(before)? + before.len();
    text[at..]
        .split(|c: char| !c.is_ascii_digit())
        .next()?
        .parse()
        .ok()
}

/// Virtuoso killed in the middle of a push: kg fails and says how many triples the store
/// had acknowledged, the store (restarted on the same database) holds those (and at most
/// the one chunk in flight), and a push with --replace then leaves exactly the graph sent.
#[test]
fn virtuoso_killed_mid_push_then_replace() {
    use std::io::{BufRead, BufReader};
    let Some(mut server) = Virtuoso::start() else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("many.nt");
    let (total, chunk) = (60_000u64, 2_000u64);
    let nt: String = (0..total)
        .map(|i| format!("<{BASE}item/{i}> <{BASE}relation/weight> \"{i} grams\" .\n"))
        .collect();
    std::fs::write(&path, nt).expect("write");
    let target = iri("graph/killed");
    let endpoint = server.endpoint();
    let chunk_size = chunk.to_string();
    let args = [
        "push",
        path.to_str().expect("utf-8"),
        "--endpoint",
        &endpoint,
        "--graph",
        target.as_str(),
        "--chunk-size",
        &chunk_size,
        "--jobs",
        "1",
        "--retries",
        "1",
        "--timeout",
        "10",
    ];
    let started = Instant::now();
    let mut push = Command::new(kg_bin())
        .args(args)
        .env_remove("KG_PUSH_USER")
        .env_remove("KG_PUSH_PASSWORD")
        .env("NETRC", "/nonexistent")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("kg runs");
    // Kill the store as soon as it has acknowledged a first chunk.
    let mut err = String::new();
    let mut killed = false;
    for line in BufReader::new(push.stderr.take().expect("stderr")).lines() {
        let line = line.expect("stderr is text");
        if !killed && line.starts_with("kg push: acknowledged:") {
            server.kill();
            killed = true;
        }
        err.push_str(&line);
        err.push('\n');
    }
    let status = push.wait().expect("kg exits");
    assert!(killed, "no chunk was acknowledged: {err}");
    assert_eq!(status.code(), Some(1), "{err}");
    let acknowledged = number_after(&err, "the store acknowledged ")
        .unwrap_or_else(|| panic!("no count of acknowledged triples: {err}"));
    let lines = err.matches("kg push: acknowledged:").count() as u64;
    assert!(
        acknowledged > 0 && acknowledged < total && acknowledged == lines * chunk,
        "{acknowledged} acknowledged, {lines} chunks of {chunk}: {err}"
    );
    assert!(
        err.contains("before the failure; they stay in the store"),
        "{err}"
    );

    server.restart();
    // What the store acknowledged survived the kill; at most the one chunk in flight more.
    let held = server.count(&target);
    assert!(
        (acknowledged..=acknowledged + chunk).contains(&held),
        "{held} held after the restart, {acknowledged} acknowledged"
    );
    let mut again = args.to_vec();
    again.push("--replace");
    let out = kg(&again);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(server.count(&target), total);
    eprintln!(
        "killed mid-push after {acknowledged} acknowledged triples; replaced in {:.1}s in all",
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn push_refuses_credentials_in_the_url_and_reports_unreachable_stores() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("g.nt");
    std::fs::write(&path, "<http://e/a> <http://e/b> <http://e/c> .\n").expect("write");
    let p = path.to_str().expect("utf-8");
    let out = kg(&[
        "push",
        p,
        "--endpoint",
        "http://alice:s3cret@127.0.0.1:9/store",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        !text(&out.stderr).contains("s3cret"),
        "{}",
        text(&out.stderr)
    );

    let port = free_port();
    let url = format!("http://127.0.0.1:{port}/store");
    let out = kg(&["push", p, "--endpoint", &url, "--retries", "1"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("after 2 attempt(s)") && err.contains(&url),
        "{err}"
    );

    // Malformed input: exit 2 with the file and line, before anything is sent.
    std::fs::write(
        &path,
        "<http://e/a> <http://e/b> <http://e/c> .\n<http://e/a> \"oops\" .\n",
    )
    .expect("write");
    let out = kg(&["push", p, "--endpoint", &url, "--retries", "0"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("g.nt"), "{}", text(&out.stderr));
}

#[test]
fn validate_prints_each_violation_and_sets_the_exit_code() {
    let shapes = data("shapes.ttl");
    let shapes = shapes.to_str().expect("utf-8");
    let ok = kg(&[
        "validate",
        data("conforming.ttl").to_str().expect("utf-8"),
        "--shapes",
        shapes,
    ]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}{}",
        text(&ok.stdout),
        text(&ok.stderr)
    );
    assert!(ok.stdout.is_empty());

    let bad = kg(&[
        "validate",
        data("broken.ttl").to_str().expect("utf-8"),
        "--shapes",
        shapes,
    ]);
    assert_eq!(bad.status.code(), Some(1), "{}", text(&bad.stderr));
    let report = text(&bad.stdout);
    let expected = std::fs::read_to_string(data("broken.expected")).expect("broken.expected");
    assert_eq!(report, expected, "violations of broken.ttl");

    let unreadable = kg(&[
        "validate",
        data("README.md").to_str().expect("utf-8"),
        "--shapes",
        shapes,
        "-f",
        "turtle",
    ]);
    assert_eq!(unreadable.status.code(), Some(2));
}

/// pySHACL, the independent validator: `.ci/venv/bin/pyshacl` or `pyshacl` on the PATH.
fn pyshacl() -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".ci/venv/bin/pyshacl");
    if venv.is_file() {
        return Some(venv);
    }
    which("pyshacl")
}

#[test]
fn validate_agrees_with_pyshacl() {
    let Some(pyshacl) = pyshacl() else {
        tool_missing("pyshacl is not installed");
        return;
    };
    let shapes = data("shapes.ttl");
    let dir = tempfile::tempdir().expect("temp dir");
    // The hostile graph in kg's shape, written out, is one more graph to agree on.
    let hostile = dir.path().join("hostile.ttl");
    let target = iri("graph/h");
    write_rdf(
        &hostile,
        &hostile_graph("reification", &target),
        RdfFormat::Turtle,
        &target,
    );
    let cases = [
        (data("conforming.ttl"), true),
        (data("broken.ttl"), false),
        (hostile, true),
    ];
    for (graph, conforms) in cases {
        let ours = kg(&[
            "validate",
            graph.to_str().expect("utf-8"),
            "--shapes",
            shapes.to_str().expect("utf-8"),
        ]);
        let theirs = Command::new(&pyshacl)
            .arg("-s")
            .arg(&shapes)
            .args(["-sf", "turtle", "-df", "turtle"])
            .arg(&graph)
            .output()
            .expect("pyshacl runs");
        let name = graph
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let verdict = |code: Option<i32>| match code {
            Some(0) => true,
            Some(1) => false,
            other => panic!(
                "{name}: validator exit {other:?}:\n{}{}",
                text(&theirs.stdout),
                text(&theirs.stderr)
            ),
        };
        assert_eq!(
            verdict(ours.status.code()),
            conforms,
            "{name}: kg validate\n{}",
            text(&ours.stdout)
        );
        assert_eq!(
            verdict(theirs.status.code()),
            conforms,
            "{name}: pyshacl\n{}",
            text(&theirs.stdout)
        );
        // Same number of results, too (pySHACL prints "Results (N):").
        if !conforms {
            let n = text(&theirs.stdout)
                .lines()
                .find_map(|l| {
                    l.strip_prefix("Results (")
                        .and_then(|r| r.strip_suffix("):"))
                })
                .and_then(|n| n.parse::<usize>().ok())
                .expect("pyshacl result count");
            assert_eq!(
                text(&ours.stdout).lines().count(),
                n,
                "{name}: number of results"
            );
        }
    }
    let _ = std::io::stderr().flush();
}
