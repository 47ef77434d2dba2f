//! Issue 8: `kg build` over directories, globs, JSONL and stdin, in parallel with
//! output independent of the thread count; bad documents skipped; `kg extract --jsonl`
//! as a streaming map step.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::kg_bin;

const ARTICLES: [&str; 4] = [
    "Anna Smith founded Acme Corporation in 2001. The company opened an office in Berlin.",
    "Acme Corporation hired Tom Jones in March. Jones leads the research team.",
    "The city council approved the new budget on Monday. The mayor signed it.",
    "Maria Lopez won the election with 52 percent of the vote. She thanked her supporters.",
];

fn kg(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(kg_bin())
        .args(args)
        .current_dir(dir)
        .output()
        .expect("kg runs")
}

/// A corpus directory: nested folders, text files, one non-text file.
fn corpus(dir: &Path) {
    std::fs::create_dir_all(dir.join("news/b/deep")).unwrap();
    std::fs::create_dir_all(dir.join("news/a")).unwrap();
    std::fs::write(dir.join("news/b/deep/2.txt"), ARTICLES[2]).unwrap();
    std::fs::write(dir.join("news/a/1.txt"), ARTICLES[1]).unwrap();
    std::fs::write(dir.join("news/0.txt"), ARTICLES[0]).unwrap();
    std::fs::write(dir.join("news/c.txt"), ARTICLES[3]).unwrap();
    std::fs::write(
        dir.join("news/README.md"),
        "Kim Lee founded Foo Inc in 1999.",
    )
    .unwrap();
}

/// Document ids in the order they are first described in N-Triples or N-Quads output
/// (`kg:documentId` literals): the order their documents were added to the graph.
fn document_order(nt: &str) -> Vec<String> {
    let mut order = Vec::new();
    for line in nt.lines() {
        let Some((_, rest)) = line.split_once("#documentId> \"") else {
            continue;
        };
        let id = rest.split('"').next().unwrap_or_default().to_owned();
        if !order.contains(&id) {
            order.push(id);
        }
    }
    order
}

#[test]
fn directories_are_walked_in_sorted_order_and_filtered_by_glob() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    let out = kg(
        &["build", "news", "--glob", "*.txt", "-f", "ntriples"],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let nq = String::from_utf8(out.stdout).unwrap();
    let sep = std::path::MAIN_SEPARATOR.to_string();
    let expect: Vec<String> = [
        "news/0.txt",
        "news/a/1.txt",
        "news/b/deep/2.txt",
        "news/c.txt",
    ]
    .iter()
    .map(|p| p.replace('/', &sep))
    .collect();
    assert_eq!(document_order(&nq), expect);
    assert!(
        !nq.contains("Foo"),
        "README.md must be left out by the glob"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("kg build: 4 documents,") && stderr.contains("tokens/s"),
        "summary line: {stderr}"
    );

    // Without --glob every (non-hidden) text document is read, README.md too.
    let out = kg(&["build", "news", "-f", "ntriples"], dir.path());
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("Foo"));
}

#[test]
fn jsonl_documents_from_files_and_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let lines: String = ARTICLES
        .iter()
        .enumerate()
        .map(|(i, t)| {
            format!(
                "{}\n",
                serde_json::json!({"id": format!("art-{i}"), "text": t, "date": "2020-05-01"})
            )
        })
        .collect();
    std::fs::write(dir.path().join("feed.jsonl"), &lines).unwrap();
    let out = kg(
        &[
            "build",
            "feed.jsonl",
            "-f",
            "nquads",
            "--provenance",
            "graphs",
        ],
        dir.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let from_file = String::from_utf8(out.stdout).unwrap();
    let order = document_order(&from_file);
    assert_eq!(order, ["art-0", "art-1", "art-2", "art-3"]);

    // The same documents on stdin with --jsonl give the same bytes.
    let mut child = Command::new(kg_bin())
        .args([
            "build",
            "--jsonl",
            "-",
            "-f",
            "nquads",
            "--provenance",
            "graphs",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(lines.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), from_file);
}

#[test]
fn a_bad_document_is_reported_and_skipped_and_the_rest_is_written() {
    let dir = tempfile::tempdir().unwrap();
    corpus(dir.path());
    std::fs::write(
        dir.path().join("news/a/bad.txt"),
        b"Good start \xff\xfe then junk.",
    )
    .unwrap();
    let out = kg(
        &["build", "news", "--glob", "*.txt", "-o", "graph.nt"],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("bad.txt: invalid UTF-8 at byte 11"),
        "stderr: {stderr}"
    );
    assert!(
        stderr.contains("kg build: 4 documents,"),
        "stderr: {stderr}"
    );
    let graph = std::fs::read_to_string(dir.path().join("graph.nt")).expect("output written");
    assert!(
        graph.contains("acme-corporation") || graph.contains("Acme"),
        "{graph}"
    );
    assert!(graph.contains("Maria") || graph.contains("maria"));
}

#[test]
fn one_and_two_threads_give_identical_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // Enough documents of uneven length that two threads finish them out of order.
    for i in 0..40 {
        let text: Vec<&str> = (0..=(i % 7)).map(|k| ARTICLES[(i + k) % 4]).collect();
        std::fs::write(dir.path().join(format!("{i:03}.txt")), text.join(" ")).unwrap();
    }
    let run = |threads: &str| {
        let out = kg(
            &["build", ".", "--threads", threads, "-f", "turtle"],
            dir.path(),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 1000);
    assert!(one == run("2"), "output differs between 1 and 2 threads");
}

#[test]
fn extract_jsonl_answers_each_document_before_the_next_arrives() {
    let mut child = Command::new(kg_bin())
        .args(["extract", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    for (i, text) in ARTICLES.iter().enumerate() {
        let doc = serde_json::json!({"id": format!("d{i}"), "text": text});
        writeln!(stdin, "{doc}").unwrap();
        stdin.flush().unwrap();
        // stdin is still open: the line must come back now, not at the end.
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let v: serde_json::Value = serde_json::from_str(&line).expect("one JSON line");
        assert_eq!(v["id"], format!("d{i}"));
        assert!(v["tokens"].as_u64().unwrap() > 5);
        assert!(v["facts"].is_array());
    }
    // An unreadable line is reported, the next document is still answered.
    writeln!(stdin, "not json").unwrap();
    writeln!(
        stdin,
        "{}",
        serde_json::json!({"id": 9, "text": ARTICLES[0]})
    )
    .unwrap();
    drop(stdin);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let out = child.wait_with_output().unwrap();
    let lines: Vec<&str> = rest.lines().collect();
    assert_eq!(lines.len(), 1, "{rest}");
    assert!(lines[0].starts_with("{\"id\":\"9\""), "{rest}");
    let facts: serde_json::Value = serde_json::from_str(lines[0]).unwrap();
    assert!(!facts["facts"].as_array().unwrap().is_empty());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("stdin:5: "));
}
