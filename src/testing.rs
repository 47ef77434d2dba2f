//! Helpers for the unit tests that read the shared data sets.

use std::path::PathBuf;

/// `../shared/data` next to the project, where the treebanks live (and where CI puts them).
///
/// Returns `None` with a notice when the data is absent, so that a user's clone
/// still passes; panics when the `CI` environment variable is set, because CI
/// must run every accuracy test.
pub fn shared_data() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI is set but {} is missing",
        dir.display()
    );
    eprintln!(
        "notice: {} not found; skipping a test that needs it",
        dir.display()
    );
    None
}
