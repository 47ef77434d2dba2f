//! The parser through the command line: deterministic training, `kg analyze --beam`.

use crate::common::shared_data;

use kg::{Parser, Token};

/// Checks that CoNLL-U heads form one tree: one root, every head in range, no cycle.
fn assert_tree(tokens: &[Token]) {
    let n = tokens.len() as u32;
    let heads: Vec<u32> = tokens
        .iter()
        .map(|t| t.head.expect("every token gets a head").to_conllu())
        .collect();
    if tokens.is_empty() {
        return;
    }
    assert_eq!(
        heads.iter().filter(|&&h| h == 0).count(),
        1,
        "one root: {heads:?}"
    );
    for (i, &h) in heads.iter().enumerate() {
        assert!(h <= n, "head in range");
        assert_ne!(h, i as u32 + 1, "no self loop");
        let mut node = i as u32 + 1;
        let mut steps = 0;
        while node != 0 {
            node = heads[node as usize - 1];
            steps += 1;
            assert!(steps <= n, "cycle through word {}", i + 1);
        }
    }
    for t in tokens {
        assert!(!t.deprel.is_empty(), "every token gets a relation");
        assert!(!t.deprel.contains('^'), "no lift mark left: {}", t.deprel);
    }
    let root = heads.iter().position(|&h| h == 0).expect("root");
    assert_eq!(tokens[root].deprel, "root");
}

/// `kg train parser` is deterministic: two runs on the same data give the same bytes,
/// also when an ensemble trains its runs in parallel threads, whatever their number.
/// Two treebanks (EWT and GUM samples) are given as repeated --train and --dev.
#[test]
fn training_is_deterministic() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let take = |file: &str, n: usize| {
        let text = std::fs::read_to_string(data.join(file)).expect("treebank readable");
        let blocks: Vec<&str> = text.split("\n\n").take(n).collect();
        let name = std::path::Path::new(file).file_name().expect("file name");
        let path = dir.path().join(name);
        std::fs::write(&path, blocks.join("\n\n") + "\n\n").expect("write sample");
        path
    };
    let train = take("ud-english-ewt/en_ewt-ud-train.conllu", 200);
    let dev = take("ud-english-ewt/en_ewt-ud-dev.conllu", 50);
    let gum_train = take("ud-english-gum/en_gum-ccby-train.conllu", 100);
    let gum_dev = take("ud-english-gum/en_gum-ccby-dev.conllu", 30);
    let run = |out: &str, threads: &str| {
        let out = dir.path().join(out);
        let status = std::process::Command::new(crate::common::kg_bin())
            .args([
                "train",
                "parser",
                "--epochs",
                "2",
                "--ensemble",
                "2",
                "--train",
            ])
            .arg(&train)
            .arg("--train")
            .arg(&gum_train)
            .arg("--dev")
            .arg(&dev)
            .arg("--dev")
            .arg(&gum_dev)
            .args(["--threads", threads])
            .arg("-o")
            .arg(&out)
            .output()
            .expect("kg runs");
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        // Each --dev file is scored apart.
        let log = String::from_utf8_lossy(&status.stderr);
        assert!(log.contains("en_gum-ccby-dev.conllu: uas"), "{log}");
        std::fs::read(out).expect("model written")
    };
    let (a, b) = (run("a.kgm", "2"), run("b.kgm", "1"));
    assert_eq!(a, b, "same data, same model bytes");
    Parser::from_bytes(&a).expect("trained model loads");
    // The model runs in a pipeline loaded from the directory it was written to.
    let models = dir.path().join("models");
    std::fs::create_dir(&models).expect("mkdir");
    std::fs::write(models.join("parser.kgm"), &a).expect("write");
    let pipeline = kg::Pipeline::from_dir(&models).expect("pipeline loads the trained parser");
    let mut doc = kg::Document::new("d", "The committee approved the plan on Monday.");
    pipeline.analyze(&mut doc);
    assert!(
        doc.tokens.iter().all(|t| t.head.is_some()),
        "every word attached"
    );
    assert_eq!(
        doc.tokens.iter().filter(|t| t.deprel == "root").count(),
        1,
        "one root"
    );
    // A bad input file is an input error (exit code 2) naming the file.
    let bad = dir.path().join("bad.conllu");
    std::fs::write(&bad, "1\tonly\tthree\n\n").expect("write");
    let out = std::process::Command::new(crate::common::kg_bin())
        .args(["train", "parser", "--train"])
        .arg(&bad)
        .arg("--dev")
        .arg(&dev)
        .output()
        .expect("kg runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("bad.conllu"));
}

/// `--beam` reaches the parser from the command line: `kg analyze --beam 4` prints
/// one tree per sentence, and a width of 0 is a usage error (exit code 2).
#[test]
fn analyze_parses_with_a_beam_from_the_command_line() {
    use std::io::Write;
    let run = |beam: &str| {
        let mut child = std::process::Command::new(crate::common::kg_bin())
            .args(["analyze", "--beam", beam])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("kg runs");
        // A usage error exits before reading its input, so the write may meet a closed
        // pipe; the exit status and output checked below are what matter.
        let _ = child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"The mayor, a former judge, thanked the volunteers. They left early.");
        child.wait_with_output().expect("kg finishes")
    };
    let out = run("4");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let sentences: Vec<Vec<Token>> = text
        .split("\n\n")
        .filter(|b| !b.trim().is_empty())
        .map(|b| {
            b.lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| {
                    let cols: Vec<&str> = l.split('\t').collect();
                    Token {
                        head: cols[6].parse().ok().map(kg::Head::from_conllu),
                        deprel: cols[7].to_string(),
                        ..Token::new(cols[1], kg::ByteSpan::default())
                    }
                })
                .collect()
        })
        .collect();
    assert_eq!(sentences.len(), 2);
    for s in &sentences {
        assert_tree(s);
    }
    let bad = run("0");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("--beam"));
}
