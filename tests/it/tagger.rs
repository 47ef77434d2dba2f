//! Tagger and lemmatizer through the command line: training, jack-knifing, evaluation.

use crate::common::{kg_bin, shared_data};

#[test]
fn cli_trains_jackknifes_and_evaluates() {
    let Some(data) = shared_data() else { return };
    let dir = tempfile::tempdir().unwrap();
    // The first sentences of EWT's and GUM's train splits, cut at a blank line: two
    // treebanks, given as two --train files (and both as --dev).
    let head = |rel: &str, n: usize| {
        let full = std::fs::read_to_string(data.join(rel)).unwrap();
        let cut = full
            .match_indices("\n\n")
            .nth(n - 1)
            .map(|(i, _)| i + 2)
            .unwrap();
        full[..cut].to_string()
    };
    let ewt = head("ud-english-ewt/en_ewt-ud-train.conllu", 200);
    let gum = head("ud-english-gum/en_gum-ccby-train.conllu", 100);
    let train_path = dir.path().join("train.conllu");
    let gum_path = dir.path().join("gum.conllu");
    std::fs::write(&train_path, &ewt).unwrap();
    std::fs::write(&gum_path, &gum).unwrap();
    let tagger = dir.path().join("t.kgm");
    let lemma = dir.path().join("l.kgm");
    let jk = dir.path().join("jk.conllu");
    let out = std::process::Command::new(kg_bin())
        .args(["train", "tagger", "--epochs", "2", "--train"])
        .arg(&train_path)
        .arg("--train")
        .arg(&gum_path)
        .arg("--dev")
        .arg(&train_path)
        .arg("--dev")
        .arg(&gum_path)
        .arg("-o")
        .arg(&tagger)
        .arg("--lemmatizer-output")
        .arg(&lemma)
        .args(["--jackknife", "2", "--jackknife-out"])
        .arg(&jk)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Each --dev file is scored apart.
    let log = String::from_utf8_lossy(&out.stderr);
    for name in ["train.conllu: UPOS", "gum.conllu: UPOS"] {
        assert!(log.contains(name), "{name} missing from:\n{log}");
    }
    // The jack-knifed file is both treebanks in order; only UPOS and XPOS change.
    let original = &format!("{ewt}{gum}");
    let tagged = std::fs::read_to_string(&jk).unwrap();
    assert_eq!(original.lines().count(), tagged.lines().count());
    let mut changed = 0;
    for (a, b) in original.lines().zip(tagged.lines()) {
        let (ca, cb): (Vec<&str>, Vec<&str>) = (a.split('\t').collect(), b.split('\t').collect());
        assert_eq!(ca.len(), cb.len());
        for i in 0..ca.len() {
            if i != 3 && i != 4 {
                assert_eq!(ca[i], cb[i]);
            }
        }
        changed += usize::from(ca != cb);
    }
    assert!(changed > 0, "jack-knifed tags should differ somewhere");

    let out = std::process::Command::new(kg_bin())
        .args(["eval", "ud", "--gold"])
        .arg(&train_path)
        .arg("--tagger-model")
        .arg(&tagger)
        .arg("--lemmatizer-model")
        .arg(&lemma)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let names: Vec<&str> = text.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(
        names,
        ["upos", "xpos", "lemma", "uas", "las", "tokens_per_sec"]
    );
    for line in text.lines() {
        let v: f64 = line.split(' ').nth(1).unwrap().parse().unwrap();
        assert!(v > 0.0, "{line}");
    }

    // A corrupt model file is an error with a message, not a panic.
    std::fs::write(&tagger, b"KGMODEL\0 not really").unwrap();
    let out = std::process::Command::new(kg_bin())
        .args(["eval", "ud", "--gold"])
        .arg(&train_path)
        .arg("--tagger-model")
        .arg(&tagger)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("t.kgm"));
}
