//! The user's ontology (issue 21): `kg eval text2kg` learns a mapper from an ontology's
//! training sentences and maps its test sentences with the ontology's relations only, taking
//! subjects and objects from the sentence.

use crate::common::{kg_bin, kg_stdout, metric, shared_data};

#[test]
fn space_ontology_triples_conform_and_come_from_the_sentence() {
    let Some(data) = shared_data() else { return };
    let dataset = data.join("text2kgbench/wikidata_tekgen");
    let out_dir = tempfile::tempdir().unwrap();
    let out = kg_stdout([
        "eval".as_ref(),
        "text2kg".as_ref(),
        "--data".as_ref(),
        dataset.as_os_str(),
        "--ontology".as_ref(),
        "ont_7_space".as_ref(),
        "--write-output".as_ref(),
        out_dir.path().as_os_str(),
    ]);
    // Measured 2026-12-07: F1 0.648; conformance 1, hallucination at most 0.05.
    assert_eq!(metric(&out, "ontologies"), 1.0, "{out}");
    assert_eq!(metric(&out, "sentences"), 203.0, "{out}");
    assert_eq!(metric(&out, "onto_conformance"), 1.0, "{out}");
    assert_eq!(metric(&out, "rel_halluc"), 0.0, "{out}");
    assert!(metric(&out, "sub_halluc") <= 0.05, "{out}");
    assert!(metric(&out, "obj_halluc") <= 0.05, "{out}");
    assert!(metric(&out, "sub_halluc_spaced") <= 0.05, "{out}");
    assert!(metric(&out, "obj_halluc_spaced") <= 0.05, "{out}");
    assert!(metric(&out, "f1_ont_7_space") >= 0.58, "{out}");
    // The system output is the benchmark's: one line per test sentence, triples as
    // [sub, rel, obj] with `_` for spaces in relation labels.
    let written = std::fs::read_to_string(out_dir.path().join("ont_7_space_output.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 203);
    let first: serde_json::Value = serde_json::from_str(written.lines().next().unwrap()).unwrap();
    assert!(
        first["id"].is_string() && first["sent"].is_string(),
        "{first}"
    );
    for t in first["triples"].as_array().unwrap() {
        assert_eq!(t.as_array().unwrap().len(), 3, "{t}");
        assert!(!t[1].as_str().unwrap().contains(' '), "{t}");
    }
    // Scoring the written output gives the figures of the run that wrote it.
    let scored = kg_stdout([
        "eval".as_ref(),
        "text2kg".as_ref(),
        "--data".as_ref(),
        dataset.as_os_str(),
        "--ontology".as_ref(),
        "ont_7_space".as_ref(),
        "--score".as_ref(),
        out_dir.path().as_os_str(),
    ]);
    for name in [
        "precision",
        "recall",
        "f1",
        "obj_halluc",
        "strict_precision",
    ] {
        assert_eq!(
            metric(&scored, name),
            metric(&out, name),
            "{name}:\n{scored}"
        );
    }
    assert!(!scored.contains("sentences_per_second"), "{scored}");
}

#[test]
fn scored_output_is_read_with_file_and_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["ontologies", "test", "ground_truth", "out"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::write(
        dir.path().join("ontologies/1_t_ontology.json"),
        r#"{"id": "ont_1_t", "concepts": [{"qid": "Q5", "label": "human"}], "relations": [{"label": "director"}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("ground_truth/ont_1_t_ground_truth.jsonl"),
        "{\"id\": \"s1\", \"sent\": \"Orbix was directed by Anna Berg.\", \"triples\": [{\"sub\": \"Orbix\", \"rel\": \"director\", \"obj\": \"Anna Berg\"}]}\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("test/ont_1_t_test.jsonl"),
        "{\"id\": \"s1\", \"sent\": \"Orbix was directed by Anna Berg.\"}\n",
    )
    .unwrap();
    let score = || {
        std::process::Command::new(kg_bin())
            .args(["eval", "text2kg", "--data"])
            .arg(dir.path())
            .arg("--score")
            .arg(dir.path().join("out"))
            .output()
            .unwrap()
    };
    // No output file for the ontology: an input error naming it.
    let out = score();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ont_1_t_output.jsonl"), "{err}");
    // A triple of two labels is an error at its line.
    let sys = dir.path().join("out/ont_1_t_output.jsonl");
    std::fs::write(
        &sys,
        "\n{\"id\": \"s1\", \"triples\": [[\"Orbix\", \"director\"]]}\n",
    )
    .unwrap();
    let out = score();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ont_1_t_output.jsonl:2:"), "{err}");
    // The right triple scores 1; with a space for `_` in its relation it does not conform.
    std::fs::write(&sys, "{\"id\": \"s1\", \"triples\": [[\"Orbix\", \"director\", \"Anna Berg\"], [\"Orbix\", \"film director\", \"Karl\"]]}\n").unwrap();
    let out = score();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(metric(&stdout, "f1"), 1.0, "{stdout}");
    assert_eq!(metric(&stdout, "onto_conformance"), 0.5, "{stdout}");
    assert_eq!(metric(&stdout, "obj_halluc"), 0.5, "{stdout}");
}

#[test]
fn a_malformed_line_is_an_input_error_naming_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["ontologies", "train", "test", "ground_truth"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
    }
    std::fs::write(
        dir.path().join("ontologies/1_t_ontology.json"),
        r#"{"id": "ont_1_t", "concepts": [], "relations": [{"label": "director"}]}"#,
    )
    .unwrap();
    std::fs::write(
        dir.path().join("train/ont_1_t_train.jsonl"),
        "{\"sent\": \"A film by B.\", \"sub_label\": \"A\", \"rel_label\": \"director\", \"obj_label\": \"B\"}\n{oops\n",
    )
    .unwrap();
    let out = std::process::Command::new(kg_bin())
        .args(["eval", "text2kg", "--data"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("ont_1_t_train.jsonl:2:"), "{err}");

    // A malformed ontology names its line; one without relations is refused, not empty.
    let onto = dir.path().join("ontologies/1_t_ontology.json");
    std::fs::write(&onto, "{\"id\": \"ont_1_t\",\n \"concepts\": [,]}").unwrap();
    let run = || {
        std::process::Command::new(kg_bin())
            .args(["eval", "text2kg", "--data"])
            .arg(dir.path())
            .output()
            .unwrap()
    };
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("1_t_ontology.json:2:"), "{err}");
    std::fs::write(
        &onto,
        r#"{"id": "ont_1_t", "concepts": [], "relations": []}"#,
    )
    .unwrap();
    let out = run();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no property"), "{err}");
}
