//! Helpers shared by the integration test modules.
#![allow(dead_code)]

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

/// Path of the `kg` binary built for these tests.
pub fn kg_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_kg"))
}

/// Runs `kg ARGS…`, asserts it succeeds and returns its standard output.
pub fn kg_stdout<I: IntoIterator<Item = S>, S: AsRef<std::ffi::OsStr>>(args: I) -> String {
    let out = std::process::Command::new(kg_bin())
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// The value of the `name value` line `name` of a `kg eval` output.
pub fn metric(stdout: &str, name: &str) -> f64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no `{name}` line in:\n{stdout}"))
}
