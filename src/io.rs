//! Output files that appear whole or not at all, and that respect what is there.
//!
//! [`AtomicOutput`] decides from what the output path names:
//!
//! - a **regular file** (or a path that does not exist yet) is written to a
//!   temporary file in the same directory and renamed over the target only in
//!   [`AtomicOutput::commit`]. If the program fails (or the value is dropped)
//!   before that, the temporary file is removed and an existing target is left
//!   untouched. A new file gets the mode the umask gives (`0666 & !umask`, as
//!   `>` in a shell would); a replaced file keeps its permission bits.
//! - a **symbolic link** is followed (the whole chain): the file it points to is
//!   replaced as above, and the link itself stays a link.
//! - anything that is **not a regular file** (a character device such as
//!   `/dev/null`, a FIFO, a socket, a terminal) is opened and written through,
//!   streaming; nothing is created or renamed. Such an output is not atomic: a
//!   failed run may have written part of its output through it.
//! - the path `-`, or a path that is kg's own standard output (`/dev/stdout`,
//!   `/proc/self/fd/1`), is standard output.
//!
//! [`open_output`] adds the checks that must come before any work: the output is
//! not one of the inputs (same device and inode), and it can be created.
//!
//! An interrupt kills the process without running destructors, so the command line's
//! SIGINT/SIGTERM handler calls [`remove_pending_temporaries`], which deletes every
//! temporary file still open, and exits with 130: an interrupted run leaves neither a
//! partial output nor a stray `.kg-*.tmp` file.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::os::fd::AsFd;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
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

/// Removes the temporary files of all uncommitted [`AtomicOutput`]s now, for a
/// process that is about to exit without unwinding (a watchdog that gives up on
/// a computation that does not stop).
pub fn remove_temporaries() {
    for tmp in pending().drain(..) {
        let _ = std::fs::remove_file(tmp);
    }
}

/// A buffered writer to a file that is renamed into place on commit, to a file
/// that is written through (a device, a FIFO), or to stdout (see the module docs).
pub struct AtomicOutput {
    inner: Target,
}

enum Target {
    Stdout(BufWriter<io::Stdout>),
    /// Not a regular file: written in place, streaming.
    Through {
        writer: BufWriter<File>,
        path: PathBuf,
    },
    File {
        writer: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
    },
    /// Committed: nothing more may be written.
    Closed,
}

impl AtomicOutput {
    /// Opens `path` for writing (`-` is standard output); see the module docs for
    /// what happens to symbolic links, devices and FIFOs.
    ///
    /// # Errors
    /// When the temporary file cannot be created or the device cannot be opened;
    /// the error names the path.
    pub fn create(path: &Path) -> io::Result<Self> {
        if path.as_os_str() == "-" {
            return Ok(Self::stdout());
        }
        let target = resolve_links(path).map_err(|e| with_path(e, path))?;
        let mode = match fs::metadata(&target) {
            Ok(meta) if Some(identity(&meta)) == stdout_identity() => {
                return Ok(Self::stdout());
            }
            Ok(meta) if meta.is_dir() => {
                return Err(with_path(
                    io::Error::new(io::ErrorKind::IsADirectory, "is a directory"),
                    path,
                ));
            }
            Ok(meta) if !meta.is_file() => {
                // A device, FIFO or socket: write through it. Opening a FIFO waits
                // for its reader, as a shell's `>` does.
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(&target)
                    .map_err(|e| with_path(e, path))?;
                return Ok(Self {
                    inner: Target::Through {
                        writer: BufWriter::with_capacity(1 << 16, file),
                        path: path.to_path_buf(),
                    },
                });
            }
            // Replacing a file: keep its permission bits (not set-id or sticky bits,
            // which belong to the old contents).
            Ok(meta) => Some(meta.permissions().mode() & 0o777),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(with_path(e, path)),
        };
        let dir = match target.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        // 0666 is filtered by the umask when the file is created, as for any new file.
        let tmp = tempfile::Builder::new()
            .prefix(".kg-")
            .suffix(".tmp")
            .permissions(fs::Permissions::from_mode(0o666))
            .tempfile_in(dir)
            .map_err(|e| with_path(e, path))?;
        pending().push(tmp.path().to_path_buf());
        if let Some(mode) = mode {
            if let Err(e) = tmp
                .as_file()
                .set_permissions(fs::Permissions::from_mode(mode))
            {
                forget_pending(tmp.path());
                return Err(with_path(e, path));
            }
        }
        Ok(Self {
            inner: Target::File {
                writer: BufWriter::with_capacity(1 << 16, tmp),
                path: target,
            },
        })
    }

    /// True when the output appears whole or not at all (a file renamed into place
    /// on commit); false for standard output, devices and FIFOs, written as it goes.
    #[must_use]
    pub fn is_atomic(&self) -> bool {
        matches!(self.inner, Target::File { .. })
    }

    fn stdout() -> Self {
        Self {
            inner: Target::Stdout(BufWriter::new(io::stdout())),
        }
    }

    /// Flushes, syncs and renames the file into place.
    ///
    /// # Errors
    /// When flushing, syncing or renaming fails; the target is then untouched.
    pub fn commit(mut self) -> io::Result<()> {
        match std::mem::replace(&mut self.inner, Target::Closed) {
            Target::Closed => Ok(()),
            Target::Stdout(mut w) => w.flush(),
            Target::Through { mut writer, path } => writer.flush().map_err(|e| with_path(e, &path)),
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
            Target::Through { writer, .. } => writer.write(buf),
            Target::File { writer, .. } => writer.write(buf),
            Target::Closed => Err(closed()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.inner {
            Target::Stdout(w) => w.write_all(buf),
            Target::Through { writer, .. } => writer.write_all(buf),
            Target::File { writer, .. } => writer.write_all(buf),
            Target::Closed => Err(closed()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.inner {
            Target::Stdout(w) => w.flush(),
            Target::Through { writer, .. } => writer.flush(),
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

/// Follows a chain of symbolic links to the file an output should replace. Stops
/// early at a path that exists and is not a regular file (a device, a FIFO, or a
/// `/proc/self/fd/N` link to a pipe), which is opened as it is. A dangling link
/// resolves to the path it names, which is then created.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_path_buf();
    // Linux's own limit on links followed in one lookup.
    for _ in 0..40 {
        let is_link = fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
        if !is_link || fs::metadata(&p).is_ok_and(|m| !m.is_file()) {
            return Ok(p);
        }
        let target = fs::read_link(&p)?;
        p = match p.parent() {
            Some(dir) if target.is_relative() => dir.join(target),
            _ => target,
        };
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

/// Device and inode: what makes two paths the same file.
fn identity(meta: &fs::Metadata) -> (u64, u64) {
    (meta.dev(), meta.ino())
}

fn stdout_identity() -> Option<(u64, u64)> {
    let fd = io::stdout().as_fd().try_clone_to_owned().ok()?;
    File::from(fd).metadata().ok().map(|m| identity(&m))
}

/// The device and inode of the regular file `path` names (following links), or of
/// standard input for `-` when it is a regular file; `None` otherwise.
#[must_use]
pub fn file_identity(path: &Path) -> Option<(u64, u64)> {
    let meta = if path.as_os_str() == "-" {
        let fd = io::stdin().as_fd().try_clone_to_owned().ok()?;
        File::from(fd).metadata().ok()?
    } else {
        fs::metadata(path).ok()?
    };
    meta.is_file().then(|| identity(&meta))
}

/// Opens an output after the checks that must come before any work is done:
/// the output is not one of `inputs` (the same regular file by device and inode,
/// standard input included), and it can be created (the temporary file is made
/// now, so an unwritable directory is found at once).
///
/// # Errors
/// [`io::ErrorKind::InvalidInput`] when the output is an input; else as
/// [`AtomicOutput::create`]. Both name the path.
pub fn open_output(output: &Path, inputs: &[PathBuf]) -> io::Result<AtomicOutput> {
    if output.as_os_str() != "-" {
        if let Some(id) = file_identity(output) {
            if let Some(input) = inputs.iter().find(|i| file_identity(i) == Some(id)) {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!(
                        "{}: the output is also an input ({}); refusing to overwrite it",
                        output.display(),
                        crate::corpus::source_name(input)
                    ),
                ));
            }
        }
    }
    AtomicOutput::create(output)
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

    #[test]
    fn replacing_a_file_keeps_its_mode_and_a_link_stays_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.ttl");
        std::fs::write(&real, "old").unwrap();
        std::fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("link.ttl");
        std::os::unix::fs::symlink("real.ttl", &link).unwrap();
        let mut out = AtomicOutput::create(&link).unwrap();
        out.write_all(b"new").unwrap();
        out.commit().unwrap();
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        assert_eq!(
            fs::metadata(&real).unwrap().permissions().mode() & 0o777,
            0o640
        );
    }

    #[test]
    fn a_device_is_written_through() {
        let mut out = AtomicOutput::create(Path::new("/dev/null")).unwrap();
        assert!(matches!(out.inner, Target::Through { .. }));
        out.write_all(b"nothing").unwrap();
        out.commit().unwrap();
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

    /// Example of `io::open_output`.
    #[test]
    fn doc_open_output() -> Result<(), Box<dyn std::error::Error>> {
        let dir = tempfile::tempdir()?;
        let text = dir.path().join("a.txt");
        std::fs::write(&text, "Alice met Bob.")?;
        let err = crate::io::open_output(&text, std::slice::from_ref(&text))
            .err()
            .unwrap();
        assert!(err.to_string().contains("is also an input"));
        assert_eq!(std::fs::read_to_string(&text)?, "Alice met Bob.");
        Ok(())
    }
}
