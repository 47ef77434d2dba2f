//! Event factuality (issue 18 item 1): the bars on UDS-IH2 test through the command line.

use crate::common;
use std::process::Command;

fn metric(stdout: &str, name: &str) -> f64 {
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' ')?.parse().ok())
        .unwrap_or_else(|| panic!("no `{name}` line in:\n{stdout}"))
}

#[test]
fn uds_ih2_test_meets_the_bars() {
    let Some(d) = common::shared_data() else {
        return;
    };
    let out = Command::new(common::kg_bin())
        .args(["eval", "factuality", "--uds"])
        .arg(d.join("uds-factuality"))
        .arg("--treebank")
        .arg(d.join("ud-english-ewt"))
        .args(["--split", "test"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let accuracy = metric(&stdout, "accuracy");
    let pearson = metric(&stdout, "pearson");
    assert!(accuracy >= 83.0, "accuracy {accuracy} < 83:\n{stdout}");
    assert!(pearson >= 0.70, "pearson {pearson} < 0.70:\n{stdout}");
    for name in ["mae", "f1_nonfactual", "tokens_per_sec"] {
        assert!(metric(&stdout, name) > 0.0, "{name}:\n{stdout}");
    }
}
