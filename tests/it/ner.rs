//! Entity recognition through the command line: training, evaluation, `kg analyze`.

use crate::common;

use std::process::Command;

#[test]
fn training_is_deterministic_and_eval_prints_the_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("small.iob2");
    std::fs::write(&data, SMALL_IOB2).unwrap();
    let mut outputs = Vec::new();
    for name in ["a.kgm", "b.kgm"] {
        let out = dir.path().join(name);
        let status = Command::new(common::kg_bin())
            .args(["train", "ner", "--epochs", "3", "--train"])
            .arg(&data)
            .arg("-o")
            .arg(&out)
            .status()
            .unwrap();
        assert!(status.success());
        outputs.push(std::fs::read(&out).unwrap());
    }
    assert_eq!(outputs[0], outputs[1], "same data, same bytes");
    let out = Command::new(common::kg_bin())
        .args(["eval", "ner", "--gold"])
        .arg(&data)
        .arg("--model")
        .arg(dir.path().join("a.kgm"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    for metric in [
        "precision",
        "recall",
        "f1",
        "tokens_per_sec",
        "f1_per",
        "f1_org",
        "f1_loc",
    ] {
        assert!(
            text.lines().any(|l| l.split(' ').next() == Some(metric)),
            "{metric} missing in {text}"
        );
    }
    // A malformed gold file is an input error (exit 2) naming the line.
    std::fs::write(&data, "1\tx\n").unwrap();
    let out = Command::new(common::kg_bin())
        .args(["eval", "ner", "--gold"])
        .arg(&data)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(":1:"));
}

/// Runs `kg eval ner` on a UNER split, with POS tags joined from a CoNLL-U file
/// when one is given (kg's own tagger otherwise), and returns the metric lines
/// as (name, value).
fn eval_split(iob2: &std::path::Path, tags: Option<&std::path::Path>) -> Vec<(String, f64)> {
    let mut cmd = Command::new(common::kg_bin());
    cmd.args(["eval", "ner", "--gold"]).arg(iob2);
    if let Some(tags) = tags {
        cmd.arg("--tags").arg(tags);
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter_map(|l| {
            let (k, v) = l.split_once(' ')?;
            Some((k.to_string(), v.parse().ok()?))
        })
        .collect()
}

/// The value of one metric line of `kg eval ner` (panics when it is missing).
fn metric(metrics: &[(String, f64)], name: &str) -> f64 {
    metrics
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| *v)
        .unwrap_or_else(|| panic!("{name} missing: {metrics:?}"))
}

/// Accuracy regression on the UNER English EWT dev split (issue 5). The tags
/// come from the UD EWT gold dev file joined by sentence id (fixed input,
/// independent of the tagger model). The embedded model was trained on
/// train + dev (see models/MODELS.md), so these are figures on seen data: the
/// test guards against regressions, it does not estimate accuracy.
#[test]
fn issue_5_uner_dev_accuracy() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let metrics = eval_split(
        &data.join("uner-english-ewt/en_ewt-ud-dev.iob2"),
        Some(&data.join("ud-english-ewt/en_ewt-ud-dev.conllu")),
    );
    let get = |name: &str| metric(&metrics, name);
    // Measured: see models/MODELS.md; allow one point of slack.
    for (name, measured) in DEV_FIGURES {
        assert!(
            get(name) >= measured - 1.0,
            "{name} {} fell below {measured} - 1",
            get(name)
        );
    }
    assert!(get("tokens_per_sec") > 0.0);
}

/// The bar of issue 20 on the UNER English EWT **test** split, which no model
/// saw in training or tuning: span F1 (PER/ORG/LOC, exact span and type) of at
/// least 77.0 (issue 5 asked for 72.0), with kg's own tagger supplying the POS
/// tags, as at run time. The figure measured is in models/MODELS.md.
#[test]
fn issue_20_uner_test_bar() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let metrics = eval_split(&data.join("uner-english-ewt/en_ewt-ud-test.iob2"), None);
    let get = |name: &str| metric(&metrics, name);
    assert!(get("f1") >= 77.0, "test f1 below the bar: {metrics:?}");
    for ty in ["f1_per", "f1_org", "f1_loc"] {
        assert!(get(ty) >= 50.0, "{ty} collapsed: {metrics:?}");
    }
}

/// The bar of issue 20 on the named entities of GUM's CC-BY **test** split (news,
/// interviews, biographies, …), read by `kg eval ner` straight from the CoNLL-U
/// file: F1 of at least 70 with organisations at least 55, kg's own tagger
/// supplying the tags.
#[test]
fn issue_20_gum_test_bar() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let metrics = eval_split(&data.join("ud-english-gum/en_gum-ccby-test.conllu"), None);
    let get = |name: &str| metric(&metrics, name);
    assert!(get("f1") >= 70.0, "GUM test f1 below the bar: {metrics:?}");
    assert!(
        get("f1_org") >= 55.0,
        "GUM test ORG below the bar: {metrics:?}"
    );
}

/// `kg analyze` shows entities and values in MISC as IOB2 (`NER=B-PER`,
/// `NER=I-PER`), with a mention's normalised value on its first token, escaped so
/// that the MISC column stays one field without spaces.
#[test]
fn analyze_shows_entities_in_misc() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.txt");
    std::fs::write(
        &input,
        "German Chancellor Angela Merkel arrived in Paris on May 8, 2017. \
         Her party won 33.9 percent and $4.25 million.\n",
    )
    .expect("write input");
    let out = Command::new(common::kg_bin())
        .arg("analyze")
        .arg(&input)
        .output()
        .expect("kg runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("UTF-8");
    let misc_of = |form: &str| -> String {
        text.lines()
            .filter(|l| !l.starts_with('#'))
            .map(|l| l.split('\t').collect::<Vec<_>>())
            .find(|c| c.len() == 10 && c[1] == form)
            .map(|c| c[9].to_string())
            .unwrap_or_else(|| panic!("no token {form} in\n{text}"))
    };
    assert!(misc_of("Angela").contains("NER=B-PER"), "{text}");
    assert!(misc_of("Merkel").contains("NER=I-PER"), "{text}");
    assert!(misc_of("Paris").contains("NER=B-LOC"), "{text}");
    assert!(
        misc_of("German").contains("NER=B-NORP|NERNorm=Germany"),
        "{text}"
    );
    assert!(
        misc_of("33.9").contains("NER=B-PERCENT|NERNorm=33.9"),
        "{text}"
    );
    assert!(misc_of("percent").contains("NER=I-PERCENT"), "{text}");
    assert!(!misc_of("arrived").contains("NER="), "{text}");
    assert!(
        misc_of("May").contains("NER=B-DATE|NERNorm=2017-05-08"),
        "{text}"
    );
    // Money normalises to "4250000 USD": the space is escaped in MISC.
    let dollar = misc_of("$");
    assert!(
        dollar.contains("NER=B-MONEY|NERNorm=4250000\\sUSD"),
        "{text}"
    );
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 10, "{line}");
        assert!(!cols[9].contains(' '), "{line}");
    }
}

const SMALL_IOB2: &str = "# newdoc id = d1\n# sent_id = s1\n1\tJohn\tB-PER\t-\ta\n2\tSmith\tI-PER\t-\ta\n3\tvisited\tO\n4\tParis\tB-LOC\t-\ta\n5\t.\tO\n\n# sent_id = s2\n1\tThe\tO\n2\tUnited\tB-ORG\t-\ta\n3\tNations\tI-ORG\t-\ta\n4\tmet\tO\n5\tin\tO\n6\tGeneva\tB-LOC\t-\ta\n7\t.\tO\n\n# newdoc id = d2\n# sent_id = s3\n1\tMary\tB-PER\t-\ta\n2\tJones\tI-PER\t-\ta\n3\tjoined\tO\n4\tAcme\tB-ORG\t-\ta\n5\tCorp\tI-ORG\t-\ta\n6\tin\tO\n7\tBerlin\tB-LOC\t-\ta\n8\t.\tO\n\n";

/// `kg eval ner` figures of the embedded model on UNER dev with gold UD tags
/// (models/MODELS.md).
const DEV_FIGURES: [(&str, f64); 4] = [
    ("f1", 99.59),
    ("f1_per", 98.98),
    ("f1_org", 100.00),
    ("f1_loc", 99.87),
];
