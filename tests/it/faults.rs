//! Issue 9, faults: a write that fails, a location that cannot be written and an
//! interrupted run must leave no partial output and no temporary file, and must
//! leave an existing output untouched.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::kg_bin;

/// Files in `dir` whose names mark them as kg's unfinished outputs.
fn temporaries(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".kg-") && n.ends_with(".tmp"))
        .collect()
}

/// Plain English prose of about `bytes` bytes, many facts per kilobyte.
fn prose(bytes: usize) -> String {
    let sentences = [
        "Anna Berg founded Northwind Systems in Oslo in 2004.",
        "The company later opened an office in Berlin.",
        "Its chief executive, Tomas Lind, met investors on Monday.",
        "They agreed to buy a small software firm for $4.5 million.",
    ];
    let mut s = String::with_capacity(bytes + 64);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(sentences[i % sentences.len()]);
        s.push(if i % 5 == 4 { '\n' } else { ' ' });
        i += 1;
    }
    s
}

/// A disk that fills up mid-write, simulated with a file-size limit
/// (`ulimit -f`, with SIGXFSZ ignored so the write fails with EFBIG instead of
/// killing the process): kg reports the error, exits non-zero, leaves the old
/// output as it was and removes its temporary file.
#[test]
fn a_failing_write_leaves_the_existing_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.txt");
    std::fs::write(&input, prose(40_000)).unwrap();
    let out = dir.path().join("graph.ttl");
    std::fs::write(&out, "old graph\n").unwrap();
    // 16 blocks of 1 KiB: far less than the Turtle of 40 kB of prose.
    let output = Command::new("bash")
        .arg("-c")
        .arg(r#"ulimit -f 16; trap "" XFSZ; exec "$0" "$@""#)
        .arg(kg_bin())
        .arg("build")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the write must fail: {stderr}");
    assert!(
        stderr.contains("graph.ttl") || stderr.contains(".kg-"),
        "the error names the output: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old graph\n");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

/// A location where no file can be created (procfs refuses new files even to
/// root, unlike a read-only directory made with chmod): a clear error naming the
/// path, a non-zero exit, and no panic.
#[test]
fn an_unwritable_location_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.txt");
    std::fs::write(&input, prose(500)).unwrap();
    for target in [
        Path::new("/proc/kg-test-output.ttl").to_path_buf(),
        dir.path().join("no-such-directory").join("graph.ttl"),
        input.join("graph.ttl"), // a path below a regular file
    ] {
        let output = Command::new(kg_bin())
            .arg("build")
            .arg(&input)
            .arg("-o")
            .arg(&target)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{}: {stderr}", target.display());
        assert!(
            stderr.contains(&*target.to_string_lossy()),
            "the error names {}: {stderr}",
            target.display()
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!target.exists());
    }
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

/// SIGINT while an output is being written: the process exits with 130, the
/// temporary file is gone, and the output that was there before is untouched.
#[test]
fn an_interrupted_run_leaves_no_partial_output() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("news.txt");
    // Large enough that analysis runs for seconds while `kg analyze` streams
    // CoNLL-U into its temporary file.
    std::fs::write(&input, prose(3_000_000)).unwrap();
    let out = dir.path().join("news.conllu");
    std::fs::write(&out, "old analysis\n").unwrap();
    let mut child = Command::new(kg_bin())
        .arg("analyze")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .spawn()
        .unwrap();
    // Wait until the temporary output exists, so the signal lands mid-write.
    let start = Instant::now();
    while temporaries(dir.path()).is_empty() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "kg analyze never opened its output"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "kg analyze ended early"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    std::thread::sleep(Duration::from_millis(200));
    let killed = Command::new("kill")
        .arg("-INT")
        .arg(child.id().to_string())
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{status:?}");
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old analysis\n");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}

/// A directory holding files that cannot be read (a dangling symlink, and a file
/// without read permission, which only a non-root user is refused): each is named
/// on stderr and skipped, the readable documents still make the graph, exit 2.
#[test]
fn unreadable_files_in_a_directory_are_named_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let news = dir.path().join("news");
    std::fs::create_dir(&news).unwrap();
    std::fs::write(
        news.join("a.txt"),
        "Anna Berg founded Northwind Systems in Oslo.",
    )
    .unwrap();
    std::os::unix::fs::symlink(news.join("missing.txt"), news.join("b.txt")).unwrap();
    let locked = news.join("c.txt");
    std::fs::write(&locked, "Tomas Lind met investors in Bergen.").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let out = dir.path().join("graph.nt");
    let output = Command::new(kg_bin())
        .arg("build")
        .arg(&news)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("b.txt"),
        "the dangling link is named: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let graph = std::fs::read_to_string(&out).expect("the readable documents are written");
    assert!(graph.to_lowercase().contains("northwind"), "{graph}");
    assert_eq!(temporaries(dir.path()), Vec::<String>::new());
}
