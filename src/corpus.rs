//! A corpus: finding documents (files, directories, standard input, JSONL), reading
//! them one at a time, and analysing them in parallel while keeping their order.
//!
//! - [`discover`] turns the command line's inputs into an ordered list of [`Source`]s:
//!   a directory is walked recursively, entries sorted by name at every level, so the
//!   order is the same on every machine. A walk keeps text documents only (see
//!   [`is_text_document`]: `.txt`, `.text`, `.md`, `.jsonl`, `.ndjson`, any case, and
//!   files without an extension that are UTF-8 text), so the RDF and DOT that kg
//!   writes are never read back as English; `--glob` patterns choose instead.
//!   The output file is excluded from every walk ([`DiscoverOptions::with_exclude`]).
//! - [`Documents`] reads the sources lazily: a text file is one document, a JSONL file
//!   (`{"id": …, "text": …, "date": …}` per line) is one document per line. A document
//!   that cannot be read (an I/O error, invalid UTF-8, a malformed JSON line) is an
//!   `Err` item naming it, and reading goes on with the next one.
//! - [`par_map_ordered`] runs a function over a stream of items on rayon's threads,
//!   a bounded window at a time, and hands the results back in input order, so what
//!   is built from them does not depend on the number of threads.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, Read};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::document::Document;

/// Errors that stop discovery (a bad pattern, a directory that cannot be listed).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CorpusError {
    /// A `--glob` pattern does not parse.
    #[error("bad glob pattern {pattern:?}: {message}")]
    Glob {
        /// The pattern as given.
        pattern: String,
        /// What is wrong with it.
        message: String,
    },
    /// A directory could not be listed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The directory.
        path: PathBuf,
        /// The cause.
        source: io::Error,
    },
}

/// Why one document was skipped. Its `Display` starts with the document's name.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    /// The file could not be opened or read.
    #[error("{name}: {source}")]
    Io {
        /// File name (`stdin` for standard input).
        name: String,
        /// The cause.
        source: io::Error,
    },
    /// The text is not UTF-8; `offset` is the byte offset of the first bad byte in
    /// the file (`line` is set for JSONL input, 1-based).
    #[error("{name}{}: invalid UTF-8 at byte {offset}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Utf8 {
        /// File name.
        name: String,
        /// JSONL line, 1-based.
        line: Option<usize>,
        /// Byte offset of the first invalid byte, from the start of the file.
        offset: u64,
    },
    /// A JSONL line is not a document object.
    #[error("{name}:{line}: {message}")]
    Json {
        /// File name.
        name: String,
        /// Line, 1-based.
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// Where documents come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A text file, one document (`-` is standard input).
    Text(PathBuf),
    /// A JSONL file, one document per line (`-` is standard input).
    Jsonl(PathBuf),
}

impl Source {
    /// The path (`-` for standard input).
    #[must_use]
    pub fn path(&self) -> &Path {
        match self {
            Source::Text(p) | Source::Jsonl(p) => p,
        }
    }

    /// Size in bytes when it is a regular file (for a progress bar).
    #[must_use]
    pub fn file_size(&self) -> Option<u64> {
        let p = self.path();
        if p.as_os_str() == "-" {
            return None;
        }
        fs::metadata(p)
            .ok()
            .filter(|m| m.is_file())
            .map(|m| m.len())
    }
}

/// How [`discover`] treats its inputs.
#[derive(Debug, Clone, Default)]
#[must_use]
pub struct DiscoverOptions {
    glob: Option<GlobSet>,
    jsonl: bool,
    exclude: Option<(u64, u64)>,
}

/// Extensions of the text documents a directory walk reads without `--glob`
/// (compared without regard to case: `README.TXT` is text).
pub const TEXT_EXTENSIONS: [&str; 5] = ["txt", "text", "md", "jsonl", "ndjson"];

/// Whether a directory walk without `--glob` reads `path`: its extension is one of
/// [`TEXT_EXTENSIONS`] (any case), or it has none and its first 8 KiB are UTF-8
/// without NUL bytes. Everything else (kg's own `.ttl`, `.nt`, `.nq`, `.trig`,
/// `.rdf`, `.jsonld`, `.dot` outputs, images, archives, `.csv`) is left out. A file
/// without extension that cannot be opened is kept, so that reading it fails
/// and is reported rather than the document silently missing.
#[must_use]
pub fn is_text_document(path: &Path) -> bool {
    match path.extension() {
        Some(ext) => TEXT_EXTENSIONS.iter().any(|t| ext.eq_ignore_ascii_case(t)),
        None => {
            let mut head = Vec::with_capacity(8192);
            let read = fs::File::open(path).and_then(|f| f.take(8192).read_to_end(&mut head));
            if read.is_err() {
                return true;
            }
            // A character cut at the 8 KiB boundary is not an error.
            let utf8 = match std::str::from_utf8(&head) {
                Ok(_) => true,
                Err(e) => e.error_len().is_none(),
            };
            utf8 && !head.contains(&0)
        }
    }
}

impl DiscoverOptions {
    /// Every file a walk finds; JSONL only for `.jsonl` and `.ndjson` files.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keeps, of the files found in directories, those whose path relative to the
    /// directory matches one of `patterns` (`*` also matches `/`, so `*.txt` finds
    /// text files at any depth). Files named on the command line are always kept.
    ///
    /// # Errors
    /// When a pattern does not parse.
    pub fn with_glob<S: AsRef<str>>(mut self, patterns: &[S]) -> Result<Self, CorpusError> {
        if patterns.is_empty() {
            self.glob = None;
            return Ok(self);
        }
        let mut builder = GlobSetBuilder::new();
        for p in patterns {
            let p = p.as_ref();
            let glob = Glob::new(p).map_err(|e| CorpusError::Glob {
                pattern: p.to_owned(),
                message: e.kind().to_string(),
            })?;
            builder.add(glob);
        }
        self.glob = Some(builder.build().map_err(|e| {
            CorpusError::Glob {
                pattern: patterns
                    .iter()
                    .map(AsRef::as_ref)
                    .collect::<Vec<_>>()
                    .join(" "),
                message: e.to_string(),
            }
        })?);
        Ok(self)
    }

    /// Leaves `path` (when it exists: the same file by device and inode) out of
    /// every directory walk, the way a build's own output must never be read back.
    pub fn with_exclude(mut self, path: &Path) -> Self {
        self.exclude = if path.as_os_str() == "-" {
            None
        } else {
            crate::io::file_identity(path)
        };
        self
    }

    /// Reads every input (files, standard input, files found in directories) as JSONL.
    pub fn with_jsonl(mut self, jsonl: bool) -> Self {
        self.jsonl = jsonl;
        self
    }

    fn source(&self, path: PathBuf) -> Source {
        let by_name = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("jsonl") || e.eq_ignore_ascii_case("ndjson"));
        if self.jsonl || by_name {
            Source::Jsonl(path)
        } else {
            Source::Text(path)
        }
    }
}

/// The documents' sources, in order: inputs as given, each directory replaced by the
/// text documents under it (recursively, sorted by name at each level; hidden
/// entries, symbolic links to directories, files that are not text documents
/// ([`is_text_document`], unless `--glob` patterns choose) and the excluded output
/// are skipped). A path that does not exist is kept:
/// reading it fails later, and only that document is skipped.
///
/// # Errors
/// When a directory cannot be listed.
pub fn discover(inputs: &[PathBuf], options: &DiscoverOptions) -> Result<Vec<Source>, CorpusError> {
    let mut out = Vec::new();
    for input in inputs {
        if input.as_os_str() != "-" && input.is_dir() {
            walk(input, input, options, &mut out)?;
        } else {
            out.push(options.source(input.clone()));
        }
    }
    Ok(out)
}

fn walk(
    root: &Path,
    dir: &Path,
    options: &DiscoverOptions,
    out: &mut Vec<Source>,
) -> Result<(), CorpusError> {
    let io_err = |source| CorpusError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = fs::read_dir(dir)
        .and_then(|rd| rd.collect::<io::Result<Vec<_>>>())
        .map_err(io_err)?;
    // Byte order of names: the same on every file system and locale.
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        if entry.file_name().as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = entry.path();
        let ty = entry.file_type().map_err(io_err)?;
        if ty.is_dir() {
            walk(root, &path, options, out)?;
            continue;
        }
        // A link to a file counts; a link to a directory could make a cycle. A
        // dangling link counts too, so that reading it fails and is reported
        // rather than the document silently missing.
        if ty.is_symlink() && path.is_dir() {
            continue;
        }
        if let Some(glob) = &options.glob {
            let rel = path.strip_prefix(root).unwrap_or(&path);
            if !glob.is_match(rel) {
                continue;
            }
        } else if !is_text_document(&path) {
            continue;
        }
        if options.exclude.is_some() && crate::io::file_identity(&path) == options.exclude {
            continue;
        }
        out.push(options.source(path));
    }
    Ok(())
}

/// A document as read, before analysis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    /// Its id: the path for a text file, the `id` field (or `file:line`) for JSONL.
    pub id: String,
    /// The `date` field of a JSONL document.
    pub date: Option<String>,
    /// The text.
    pub text: String,
    /// Input bytes consumed for it (for progress reports).
    pub bytes: u64,
}

impl RawDocument {
    /// The unanalysed [`Document`].
    #[must_use]
    pub fn into_document(self) -> Document {
        let mut doc = Document::new(self.id, self.text);
        doc.date = self.date;
        doc
    }
}

#[derive(serde::Deserialize)]
struct JsonDocument {
    #[serde(default)]
    id: Option<serde_json::Value>,
    text: String,
    #[serde(default)]
    date: Option<String>,
}

/// Parses one JSONL line (`{"id": …, "text": …, "date": …}`; `id` may be a string
/// or a number and defaults to `name:line`; `date` is optional).
///
/// # Errors
/// Invalid UTF-8 (with the byte offset `line_start` + position) or a line that is
/// not such an object.
pub fn parse_jsonl_line(
    line: &[u8],
    name: &str,
    line_no: usize,
    line_start: u64,
) -> Result<RawDocument, DocumentError> {
    let text = std::str::from_utf8(line).map_err(|e| DocumentError::Utf8 {
        name: name.to_owned(),
        line: Some(line_no),
        offset: line_start + e.valid_up_to() as u64,
    })?;
    let json_err = |message: String| DocumentError::Json {
        name: name.to_owned(),
        line: line_no,
        message,
    };
    let doc: JsonDocument = serde_json::from_str(text).map_err(|e| {
        json_err(format!(
            "not a document object {{\"id\", \"text\", \"date\"}}: {e}"
        ))
    })?;
    let id = match doc.id {
        None | Some(serde_json::Value::Null) => format!("{name}:{line_no}"),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return Err(json_err("`id` must be a string or a number".to_owned())),
    };
    Ok(RawDocument {
        id,
        date: doc.date,
        text: doc.text,
        bytes: line.len() as u64 + 1,
    })
}

/// Name of a source in messages and document ids: the path, `stdin` for `-`.
#[must_use]
pub fn source_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "stdin".to_owned()
    } else {
        path.display().to_string()
    }
}

/// Reads a whole text file (`-` is standard input) as one document.
///
/// # Errors
/// When it cannot be read or is not UTF-8 (with the offset of the first bad byte).
pub fn read_text_document(path: &Path) -> Result<RawDocument, DocumentError> {
    let name = source_name(path);
    let mut bytes = Vec::new();
    crate::io::open_input(path)
        .and_then(|mut r| r.read_to_end(&mut bytes))
        .map_err(|source| DocumentError::Io {
            name: name.clone(),
            source: strip_path(source, path),
        })?;
    let len = bytes.len() as u64;
    let text = String::from_utf8(bytes).map_err(|e| DocumentError::Utf8 {
        name: name.clone(),
        line: None,
        offset: e.utf8_error().valid_up_to() as u64,
    })?;
    Ok(RawDocument {
        id: name,
        date: None,
        text,
        bytes: len,
    })
}

/// `open_input` already puts the path in its errors; the document error names it too.
fn strip_path(e: io::Error, path: &Path) -> io::Error {
    let prefix = format!("{}: ", path.display());
    match e.get_ref().map(ToString::to_string) {
        Some(msg) if msg.starts_with(&prefix) => {
            io::Error::new(e.kind(), msg[prefix.len()..].to_owned())
        }
        _ => e,
    }
}

/// Lines of one open JSONL source.
struct JsonlReader {
    name: String,
    reader: Box<dyn BufRead>,
    line_no: usize,
    offset: u64,
    buf: Vec<u8>,
}

/// The documents of a list of sources, read lazily in order (see the module docs).
pub struct Documents {
    sources: VecDeque<Source>,
    jsonl: Option<JsonlReader>,
}

impl Documents {
    /// Reads `sources` in order.
    #[must_use]
    pub fn new(sources: Vec<Source>) -> Self {
        Self {
            sources: sources.into(),
            jsonl: None,
        }
    }

    fn next_jsonl(&mut self) -> Option<Result<RawDocument, DocumentError>> {
        let r = self.jsonl.as_mut()?;
        loop {
            r.buf.clear();
            match r.reader.read_until(b'\n', &mut r.buf) {
                Ok(0) => {
                    self.jsonl = None;
                    return None;
                }
                Ok(n) => {
                    r.line_no += 1;
                    let start = r.offset;
                    r.offset += n as u64;
                    let line = trim_line_end(&r.buf);
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(
                        parse_jsonl_line(line, &r.name, r.line_no, start).map(|mut d| {
                            d.bytes = n as u64;
                            d
                        }),
                    );
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(source) => {
                    let name = r.name.clone();
                    self.jsonl = None;
                    return Some(Err(DocumentError::Io { name, source }));
                }
            }
        }
    }
}

fn trim_line_end(mut line: &[u8]) -> &[u8] {
    while let [rest @ .., b'\n' | b'\r'] = line {
        line = rest;
    }
    line
}

impl Iterator for Documents {
    type Item = Result<RawDocument, DocumentError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.jsonl.is_some() {
                if let Some(item) = self.next_jsonl() {
                    return Some(item);
                }
            }
            match self.sources.pop_front()? {
                Source::Text(path) => return Some(read_text_document(&path)),
                Source::Jsonl(path) => {
                    let name = source_name(&path);
                    match crate::io::open_input(&path) {
                        Ok(reader) => {
                            self.jsonl = Some(JsonlReader {
                                name,
                                reader,
                                line_no: 0,
                                offset: 0,
                                buf: Vec::new(),
                            });
                        }
                        Err(source) => {
                            return Some(Err(DocumentError::Io {
                                name,
                                source: strip_path(source, &path),
                            }))
                        }
                    }
                }
            }
        }
    }
}

/// Default number of items [`par_map_ordered`] keeps in flight per thread: enough
/// that one long document, whose result the others' results queue behind, rarely
/// leaves a thread without work.
pub const WINDOW_PER_THREAD: usize = 32;

/// Maps `f` over `items` on the current rayon pool and calls `sink` with the results
/// in input order. At most `window` items are in flight (read but not yet sunk), however
/// long the stream.
///
/// The calling thread reads the items, spawns one task per item and sinks the results
/// as soon as the next one in order is ready; while it waits it runs queued tasks itself
/// (`rayon::yield_now`), so with N threads in the pool N threads analyse and the sink's
/// work (merging into a graph, say) overlaps the others' analysis instead of running
/// between batches with the pool idle. Only the items' iterator and the sink stay on the
/// calling thread: neither needs to be `Send`.
///
/// # Panics
/// A panic in `f` or `sink` is propagated to the caller (once the tasks in flight end).
pub fn par_map_ordered<I, T, R, F, S>(items: I, window: usize, f: F, mut sink: S)
where
    I: IntoIterator<Item = T>,
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    S: FnMut(R),
{
    type Outcome<R> = std::thread::Result<R>;
    let window = window.max(1);
    let mut items = items.into_iter();
    let f = &f;
    let (tx, rx) = std::sync::mpsc::channel::<(usize, Outcome<R>)>();
    rayon::in_place_scope_fifo(|scope| {
        // Results that arrived ahead of their turn, keyed by position.
        let mut ahead: std::collections::BTreeMap<usize, Outcome<R>> = Default::default();
        let (mut spawned, mut sunk, mut exhausted) = (0usize, 0usize, false);
        loop {
            while !exhausted && spawned - sunk < window {
                match items.next() {
                    Some(item) => {
                        let (tx, i) = (tx.clone(), spawned);
                        scope.spawn_fifo(move |_| {
                            // A panic is sent back too, so that the waiting loop below
                            // cannot wait for a result that never comes.
                            let r =
                                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(item)));
                            let _ = tx.send((i, r));
                        });
                        spawned += 1;
                    }
                    None => exhausted = true,
                }
            }
            while let Ok((i, r)) = rx.try_recv() {
                ahead.insert(i, r);
            }
            if let Some(r) = ahead.remove(&sunk) {
                sunk += 1;
                match r {
                    Ok(r) => sink(r),
                    Err(panic) => std::panic::resume_unwind(panic),
                }
                continue;
            }
            if sunk == spawned {
                // Nothing in flight and (the window being at least 1) nothing left.
                return;
            }
            // The next result is not ready: run a queued task here; with none queued,
            // every unfinished task is running on another thread, so wait for one.
            if rayon::yield_now() != Some(rayon::Yield::Executed) {
                if let Ok((i, r)) = rx.recv() {
                    ahead.insert(i, r);
                }
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonl_lines_name_their_errors() {
        let e = parse_jsonl_line(b"{\"text\": 3}", "a.jsonl", 4, 0).unwrap_err();
        assert!(e.to_string().starts_with("a.jsonl:4: "), "{e}");
        let e = parse_jsonl_line(b"{\"text\": \"a\xffb\"}", "a.jsonl", 2, 100).unwrap_err();
        assert_eq!(e.to_string(), "a.jsonl:2: invalid UTF-8 at byte 111");
        let d =
            parse_jsonl_line(b"{\"text\": \"x\", \"date\": \"2020-01-02\"}", "a", 9, 0).unwrap();
        assert_eq!(d.id, "a:9");
        assert_eq!(d.date.as_deref(), Some("2020-01-02"));
    }

    #[test]
    fn documents_go_on_after_a_bad_one() {
        let dir = tempfile::tempdir().unwrap();
        let good = dir.path().join("good.txt");
        let bad = dir.path().join("bad.txt");
        let docs = dir.path().join("d.ndjson");
        fs::write(&good, "fine").unwrap();
        fs::write(&bad, b"ab\xc3").unwrap();
        fs::write(
            &docs,
            "{\"text\":\"1\"}\n\nnot json\r\n{\"id\":\"z\",\"text\":\"2\"}",
        )
        .unwrap();
        let missing = dir.path().join("missing.txt");
        let inputs = [bad.clone(), missing, good, docs];
        let sources = discover(&inputs, &DiscoverOptions::new()).unwrap();
        let got: Vec<Result<String, String>> = Documents::new(sources)
            .map(|d| d.map(|d| d.id).map_err(|e| e.to_string()))
            .collect();
        assert_eq!(got.len(), 6, "{got:?}");
        assert_eq!(
            got[0].as_ref().unwrap_err(),
            &format!("{}: invalid UTF-8 at byte 2", bad.display())
        );
        assert!(got[1].as_ref().unwrap_err().contains("missing.txt"));
        assert!(got[2].is_ok());
        assert!(got[3].as_ref().unwrap().ends_with("d.ndjson:1"));
        assert!(got[4].as_ref().unwrap_err().contains("d.ndjson:3: "));
        assert_eq!(got[5].as_ref().unwrap(), "z");
    }

    #[test]
    fn bad_glob_is_an_error() {
        assert!(DiscoverOptions::new().with_glob(&["a[b"]).is_err());
    }

    #[test]
    fn par_map_ordered_keeps_order_and_bounds_what_is_in_flight() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let started = AtomicUsize::new(0);
            let mut out = Vec::new();
            pool.install(|| {
                par_map_ordered(
                    0..300u64,
                    5,
                    |x| {
                        started.fetch_add(1, Ordering::SeqCst);
                        // Uneven work: later items often finish first.
                        let spin = (x * 7919) % 13 * 20_000;
                        let mut h = x;
                        for i in 0..spin {
                            h = h.wrapping_mul(31).wrapping_add(i);
                        }
                        (x, h)
                    },
                    |(x, _)| {
                        // Started but not yet sunk: never more than the window.
                        let in_flight = started.load(Ordering::SeqCst) - out.len();
                        assert!(in_flight <= 5, "{in_flight} in flight");
                        out.push(x);
                    },
                );
            });
            assert_eq!(out, (0..300).collect::<Vec<_>>(), "{threads} threads");
        }
        // Outside any pool (the global pool does the work), and a window of 0.
        let mut out = Vec::new();
        par_map_ordered(0..50, 0, |x: i32| -x, |y| out.push(y));
        assert_eq!(out, (0..50).map(|x| -x).collect::<Vec<_>>());
    }

    #[test]
    fn par_map_ordered_passes_a_panic_on_instead_of_hanging() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .unwrap();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            pool.install(|| {
                par_map_ordered(0..100, 4, |x: i32| assert!(x != 37, "item 37"), |()| {});
            });
        }));
        assert!(result.is_err());
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `corpus`.
    #[test]
    fn doc_corpus() -> Result<(), Box<dyn std::error::Error>> {
        use crate::corpus::{discover, DiscoverOptions, Documents};
        let dir = tempfile::tempdir()?;
        std::fs::create_dir(dir.path().join("b"))?;
        std::fs::write(dir.path().join("b/2.txt"), "Two.")?;
        std::fs::write(dir.path().join("a.txt"), "One.")?;
        std::fs::write(dir.path().join("notes.md"), "skipped by the glob")?;
        std::fs::write(
            dir.path().join("c.jsonl"),
            "{\"id\": \"x\", \"text\": \"Three.\"}\n",
        )?;
        let options = DiscoverOptions::new().with_glob(&["*.txt", "*.jsonl"])?;
        let sources = discover(&[dir.path().to_path_buf()], &options)?;
        let texts: Vec<String> = Documents::new(sources).map(|d| d.unwrap().text).collect();
        assert_eq!(texts, ["One.", "Two.", "Three."]);
        Ok(())
    }

    /// Example of `corpus::parse_jsonl_line`.
    #[test]
    fn doc_parse_jsonl_line() -> Result<(), Box<dyn std::error::Error>> {
        let doc =
            crate::corpus::parse_jsonl_line(br#"{"id": 7, "text": "Hi."}"#, "in.jsonl", 3, 0)?;
        assert_eq!((doc.id.as_str(), doc.text.as_str()), ("7", "Hi."));
        Ok(())
    }

    /// Example of `corpus::par_map_ordered`.
    #[test]
    fn doc_par_map_ordered() -> Result<(), Box<dyn std::error::Error>> {
        let mut out = Vec::new();
        crate::corpus::par_map_ordered(0..100, 8, |x: i32| x * x, |y| out.push(y));
        assert_eq!(out, (0..100).map(|x| x * x).collect::<Vec<_>>());
        Ok(())
    }

    /// Example of `corpus::is_text_document`.
    #[test]
    fn doc_is_text_document() -> Result<(), Box<dyn std::error::Error>> {
        use std::path::Path;
        assert!(crate::corpus::is_text_document(Path::new(
            "news/README.TXT"
        )));
        assert!(!crate::corpus::is_text_document(Path::new(
            "news/graph.ttl"
        )));
        Ok(())
    }
}
