//! Output files that appear whole or not at all.
//!
//! [`AtomicOutput`] writes to a temporary file in the target's directory and
//! renames it over the target only in [`AtomicOutput::commit`]. If the program
//! fails (or the value is dropped) before that, the temporary file is removed
//! and an existing target is left untouched. The path `-` means standard output.
//!
//! An interrupt kills the process without running destructors, so the command line's
//! SIGINT/SIGTERM handler calls [`remove_pending_temporaries`], which deletes every
//! temporary file still open, and exits with 130: an interrupted run leaves neither a
//! partial output nor a stray `.kg-*.tmp` file.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Temporary files of outputs not yet committed, for the interrupt handler.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic while holding the lock leaves a list that is still valid.
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn forget_pending(tmp: &Path) {
    let mut list = pending();
    if let Some(i) = list.iter().position(|p| p == tmp) {
        list.swap_remove(i);
    }
}

/// Removes the temporary files of all uncommitted [`AtomicOutput`]s: what an
/// interrupt handler calls before the process exits (the command line installs one).
pub(crate) fn remove_pending_temporaries() {
    for tmp in pending().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// A buffered writer to a file that is renamed into place on commit, or to stdout.
pub struct AtomicOutput {
    inner: Target,
}

enum Target {
    Stdout(BufWriter<io::Stdout>),
    File {
        writer: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
    /// Committed: nothing more may be written.
    Closed,
}

impl AtomicOutput {
    /// Opens `path` for writing (`-` is standard output).
    ///
    /// # Errors
    /// When the temporary file cannot be created; the error names the path.
    pub fn create(path: &Path) -> io::Result<Self> {
        if path.as_os_str() == "-" {
            return Ok(Self {
                inner: Target::Stdout(BufWriter::new(io::stdout())),
            });
        }
        let dir = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        let tmp = tempfile::Builder::new()
            .prefix(".kg-")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(|e| with_path(e, path))?;
        pending().push(tmp.path().to_path_buf());
        Ok(Self {
            inner: Target::File {
                writer: BufWriter::with_capacity(1 << 16, tmp),
                path: path.to_path_buf(),
            },
        })
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// When flushing, syncing or renaming fails; the target is then untouched.
    pub fn commit(mut self) -> io::Result<()> {
        match std::mem::replace(&mut self.inner, Target::Closed) {
            Target::Closed => Ok(()),
            Target::Stdout(mut w) => w.flush(),
            Target::File { writer, path } => {
                let tmp = writer
                    .into_inner()
                    .map_err(|e| with_path(e.into_error(), &path))?;
                tmp.as_file().sync_all().map_err(|e| with_path(e, &path))?;
                let tmp_path = tmp.path().to_path_buf();
                // Hold the list while renaming so the handler never deletes a file
                // that has just become the committed output.
                let mut list = pending();
                let persisted = tmp.persist(&path);
                if let Some(i) = list.iter().position(|p| *p == tmp_path) {
                    list.swap_remove(i);
                }
                drop(list);
                persisted.map_err(|e| with_path(e.error, &path))?;
                Ok(())
            }
        }
    }
}

fn closed() -> io::Error {
    io::Error::other("output already committed")
}

fn with_path(e: io::Error, path: &Path) -> io::Error {
    io::Error::new(e.kind(), format!("{}: {e}", path.display()))
}

impl Drop for AtomicOutput {
    fn drop(&mut self) {
        // Uncommitted: the NamedTempFile deletes itself right after this.
        if let Target::File { writer, .. } = &self.inner {
            forget_pending(writer.get_ref().path());
        }
    }
}

impl Write for AtomicOutput {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.inner {
            Target::Stdout(w) => w.write(buf),
            Target::File { writer, .. } => writer.write(buf),
            Target::Closed => Err(closed()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Target::Stdout(w) => w.write_all(buf),
            Target::File { writer, .. } => writer.write_all(buf),
            Target::Closed => Err(closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Target::Stdout(w) => w.flush(),
            Target::File { writer, .. } => writer.flush(),
            Target::Closed => Ok(()),
        }
    }
}

/// Opens an input path for reading; `-` is standard input.
///
/// # Errors
/// When the file cannot be opened; the error names the path.
pub fn open_input(path: &Path) -> io::Result<Box<dyn io::BufRead>> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(io::BufReader::new(io::stdin())));
    }
    let file = File::open(path).map_err(|e| with_path(e, path))?;
    Ok(Box::new(io::BufReader::with_capacity(1 << 16, file)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dropped_output_leaves_existing_file_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.ttl");
        std::fs::write(&path, "old").unwrap();
        {
            let mut out = AtomicOutput::create(&path).unwrap();
            out.write_all(b"partial").unwrap();
            // dropped without commit, as when a later step fails
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1, "temporary file must be removed");
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `io`.
    #[test]
    fn doc_io() -> Result<(), Box<dyn std::error::Error>> {
        use std::io::Write;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("out.ttl");
        let mut out = crate::io::AtomicOutput::create(&path)?;
        writeln!(out, "hello")?;
        assert!(!path.exists()); // nothing visible before commit
        out.commit()?;
        assert_eq!(std::fs::read_to_string(&path)?, "hello\n");
        Ok(())
    }
}
