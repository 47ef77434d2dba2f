//! The CaRB scorer against its reference points (`carb-dev/FORMAT.md`).

use crate::testing::shared_data;

fn carb_dir() -> Option<std::path::PathBuf> {
    shared_data().map(|d| d.join("carb-dev"))
}

fn gold_as_predictions(gold: &str, confidence: &str) -> String {
    let mut out = String::new();
    for line in gold.lines() {
        let f: Vec<&str> = line.trim().split('\t').collect();
        let args: Vec<&str> = f[2..]
            .iter()
            .copied()
            .filter(|a| !a.contains("C: "))
            .collect();
        out.push_str(&format!(
            "{}\t{confidence}\t{}\t{}\n",
            f[0],
            f[1],
            args.join("\t")
        ));
    }
    out
}

#[test]
fn carb_gold_fed_back_matches_reference() {
    use crate::eval::carb::{score, Gold, Predictions};
    let Some(dir) = carb_dir() else { return };
    let text = std::fs::read_to_string(dir.join("dev.gold.tsv")).unwrap();
    let gold = Gold::read(text.as_bytes(), "gold").unwrap();
    assert_eq!(gold.len(), 2548);
    let pred = Predictions::read(gold_as_predictions(&text, "1.0").as_bytes(), "pred").unwrap();
    let s = score(&gold, &pred);
    let r3 = |x: f64| (x * 1000.0).round() / 1000.0;
    assert_eq!(
        (r3(s.auc), r3(s.precision), r3(s.recall), r3(s.f1)),
        (0.996, 1.0, 0.996, 0.998)
    );
    // Constant confidence: AUC = R (1 + P) / 2.
    assert!((s.auc - s.recall * (1.0 + s.precision) / 2.0).abs() < 1e-12);
    // Empty predictions score 0.
    let e = score(&gold, &Predictions::default());
    assert_eq!((e.auc, e.precision, e.recall, e.f1), (0.0, 0.0, 0.0, 0.0));
}

#[test]
fn carb_constant_confidence_on_partial_predictions() {
    use crate::eval::carb::{score, Gold, Predictions};
    let Some(dir) = carb_dir() else { return };
    let text = std::fs::read_to_string(dir.join("dev.gold.tsv")).unwrap();
    let gold = Gold::read(text.as_bytes(), "gold").unwrap();
    // Every third gold tuple, with its last argument dropped: partial credit, one threshold.
    let partial: String = gold_as_predictions(&text, "0.5")
        .lines()
        .step_by(3)
        .map(|l| {
            let mut f: Vec<&str> = l.split('\t').collect();
            if f.len() > 5 {
                f.pop();
            }
            f.join("\t") + "\n"
        })
        .collect();
    let s = score(&gold, &Predictions::read(partial.as_bytes(), "p").unwrap());
    // A third of the tuples, some cut short: recall well below 1 (other tuples of the same
    // sentence lend partial credit), precision below 1, a single curve point.
    assert!(
        s.recall > 0.3 && s.recall < 0.7 && s.precision < 1.0,
        "{s:?}"
    );
    assert_eq!(s.curve.len(), 1);
    assert!((s.auc - s.recall * (1.0 + s.precision) / 2.0).abs() < 1e-12);
}
