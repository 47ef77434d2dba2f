//! Facts judged by a reader: how many of the facts a reader marked wrong (`W`) or correct
//! (`C`) a graph still asserts as plain triples (`kg eval judged`).
//!
//! The gold file is `news-judged/judged.tsv`: one fact per line, `article<TAB>subject<TAB>
//! relation<TAB>object<TAB>label<TAB>note`, the relation as kg printed its label ("expects
//! in", "not grows"), `#` lines are comments. A judged fact is *asserted* by a graph when the
//! graph holds a fact with the same subject and object names (ignoring case, punctuation and
//! quotation marks) and the same
//! relation key, at least one of whose sightings asserts it. The key is read from the label
//! the way kg forms labels: the first word is a third-person verb form ("expects", "is"), the
//! rest are particles and prepositions; a label "not X" stands for the key of X with
//! negative polarity, which the graph never asserts; a label "X by" read from a passive
//! ("sales adopts by stores") also matches the active fact kg states now ("stores adopt
//! sales"); and the first words of the judged object may end the graph's relation ("is |
//! chief executive of B" is the role fact `be_chief_executive_of` B).

use std::fmt;

/// What a reader said of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Label {
    /// Correct and informative.
    Correct,
    /// True but uninformative.
    Uninformative,
    /// Wrong: the text does not state it.
    Wrong,
}

/// One judged fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgedFact {
    /// Line in the gold file (1-based).
    pub line: usize,
    /// Article path relative to the corpus (`business/306.txt`).
    pub article: String,
    /// Subject name as kg printed it.
    pub subject: String,
    /// Relation label as kg printed it.
    pub relation: String,
    /// Object name or value as kg printed it.
    pub object: String,
    /// The reader's label.
    pub label: Label,
    /// The reader's note (may be empty).
    pub note: String,
}

/// A malformed line of the gold file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// Line (1-based).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Reads a judged-facts file.
///
/// # Errors
/// A line with fewer than five columns, or a label other than `C`, `U`, `W`.
pub fn parse(text: &str) -> Result<Vec<JudgedFact>, ParseError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() < 5 {
            return Err(ParseError {
                line: line_no,
                message: format!(
                    "expected at least 5 tab-separated columns, found {}",
                    cols.len()
                ),
            });
        }
        let label = match cols[4].trim() {
            "C" => Label::Correct,
            "U" => Label::Uninformative,
            "W" => Label::Wrong,
            other => {
                return Err(ParseError {
                    line: line_no,
                    message: format!("label must be C, U or W, found {other:?}"),
                })
            }
        };
        out.push(JudgedFact {
            line: line_no,
            article: cols[0].trim().to_owned(),
            subject: cols[1].trim().to_owned(),
            relation: cols[2].trim().to_owned(),
            object: cols[3].trim().to_owned(),
            label,
            note: cols.get(5).map_or(String::new(), |n| n.trim().to_owned()),
        });
    }
    Ok(out)
}

/// The relation keys a printed label may stand for, and whether it is negated: "expects in"
/// → `expect_in` (or `expects_in`, `expecte_in` …, every reading of the verb form); "is" →
/// `be`; "not grows" → `grow`, negated.
#[must_use]
pub fn keys_of_label(label: &str) -> (Vec<String>, bool) {
    let lower = label.to_lowercase();
    let mut words: Vec<&str> = lower.split_whitespace().collect();
    let negated = words.first() == Some(&"not");
    if negated {
        words.remove(0);
    }
    let Some((&verb, rest)) = words.split_first() else {
        return (Vec::new(), negated);
    };
    let mut stems: Vec<String> = match verb {
        "is" | "are" | "was" | "were" => vec!["be".into()],
        "has" | "had" => vec!["have".into()],
        "does" => vec!["do".into()],
        "goes" => vec!["go".into()],
        _ => Vec::new(),
    };
    stems.push(verb.to_owned());
    if let Some(s) = verb.strip_suffix("ies") {
        stems.push(format!("{s}y"));
    }
    if let Some(s) = verb.strip_suffix("es") {
        stems.push(s.to_owned());
    }
    if let Some(s) = verb.strip_suffix('s') {
        stems.push(s.to_owned());
    }
    let keys = stems
        .into_iter()
        .map(|stem| {
            std::iter::once(stem.as_str())
                .chain(rest.iter().copied())
                .collect::<Vec<_>>()
                .join("_")
        })
        .collect();
    (keys, negated)
}

/// One fact of a graph, as [`score`] compares it.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphFact {
    /// Subject name.
    pub subject: String,
    /// Relation key.
    pub key: String,
    /// Object name or lexical value.
    pub object: String,
    /// The object's words as its sightings wrote them ("$55.5bn" for the value
    /// `55500000000 USD`), when known.
    pub object_written: Vec<String>,
    /// Whether one of its sightings asserts it.
    pub asserted: bool,
}

/// How a graph stands to one judged fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The graph asserts it as a plain triple.
    Asserted,
    /// The graph holds it only as a claim (negated, modal, reported).
    Claim,
    /// The graph does not hold it.
    Absent,
}

/// A name as compared: lower case, letters, digits and single spaces only, without a leading
/// article (quotation marks, punctuation and articles differ between an entity's label and
/// the text of a proposition).
fn normalize(name: &str) -> String {
    let text: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    let mut words: Vec<&str> = text.split_whitespace().collect();
    if matches!(words.first(), Some(&("the" | "a" | "an"))) {
        words.remove(0);
    }
    words.join(" ")
}

/// Where a judged fact stands in the facts of its article's graph.
#[must_use]
pub fn status(judged: &JudgedFact, facts: &[GraphFact]) -> Status {
    let (keys, negated) = keys_of_label(&judged.relation);
    // A node is the core of the phrase a reader judged ("two peace deals" of "two peace
    // deals in Minsk"): the graph's name matches when it is the judged words or a run of them.
    let same = |graph: &str, judged: &str| {
        let (g, j) = (normalize(graph), normalize(judged));
        g == j || (!g.is_empty() && format!(" {j} ").contains(&format!(" {g} ")))
    };
    // "X adopts by Y" (a passive read as active) is the fact kg now states as "Y adopts X".
    let active: Vec<String> = keys
        .iter()
        .filter_map(|k| k.strip_suffix("_by").map(str::to_owned))
        .collect();
    // "runs | from 6 to 9 January" is the fact `run_from` "6 to 9 January" when the parse
    // gives the preposition to the relation, and "is | vice president of B" the role fact
    // `be_vice_president_of` "B": the judged object's first words may end the relation.
    let lowered = judged.object.trim().to_lowercase();
    let words: Vec<&str> = lowered.split_whitespace().collect();
    let moved: Vec<(Vec<String>, String)> = (1..words.len())
        .map(|n| {
            let joined = words[..n].join("_");
            let keys = keys.iter().map(|k| format!("{k}_{joined}")).collect();
            (keys, words[n..].join(" "))
        })
        .collect();
    let mut found = Status::Absent;
    for f in facts {
        let matches_object =
            |o: &str| same(&f.object, o) || f.object_written.iter().any(|w| same(w, o));
        let forward = same(&f.subject, &judged.subject)
            && ((matches_object(&judged.object) && keys.contains(&f.key))
                || moved
                    .iter()
                    .any(|(keys, rest)| keys.contains(&f.key) && matches_object(rest)));
        let swapped = same(&f.subject, &judged.object)
            && same(&f.object, &judged.subject)
            && active.contains(&f.key);
        if forward || swapped {
            if f.asserted && !negated {
                return Status::Asserted;
            }
            found = Status::Claim;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_read_as_keys() {
        let (keys, neg) = keys_of_label("expects in");
        assert!(keys.contains(&"expect_in".to_string()) && !neg);
        let (keys, neg) = keys_of_label("not grows");
        assert!(keys.contains(&"grow".to_string()) && neg);
        assert!(keys_of_label("is behind")
            .0
            .contains(&"be_behind".to_string()));
        assert!(keys_of_label("carries").0.contains(&"carry".to_string()));
        assert!(keys_of_label("").0.is_empty());
    }

    #[test]
    fn status_needs_same_names_key_and_an_asserting_sighting() {
        let judged = parse("a.txt\tAnn Lee\twins\tthe cup\tW\t\n")
            .unwrap()
            .remove(0);
        let fact = |key: &str, asserted: bool| GraphFact {
            subject: "ann lee".into(),
            key: key.into(),
            object: "The cup".into(),
            object_written: Vec::new(),
            asserted,
        };
        assert_eq!(status(&judged, &[fact("win", true)]), Status::Asserted);
        assert_eq!(status(&judged, &[fact("win", false)]), Status::Claim);
        assert_eq!(status(&judged, &[fact("lose", true)]), Status::Absent);
        let negated = parse("a.txt\tAnn Lee\tnot wins\tthe cup\tW\t\n")
            .unwrap()
            .remove(0);
        assert_eq!(status(&negated, &[fact("win", true)]), Status::Claim);
        // The preposition may open the judged object or end the graph's relation.
        let moved = parse("a.txt\tAnn Lee\truns\tfor the cup\tW\t\n")
            .unwrap()
            .remove(0);
        assert_eq!(status(&moved, &[fact("run_for", true)]), Status::Asserted);
        assert_eq!(status(&moved, &[fact("run_to", true)]), Status::Absent);
        // So may several words: a role fact ("is chief executive of" the cup).
        let role = parse("a.txt\tAnn Lee\tis\tchief executive of the cup\tC\t\n")
            .unwrap()
            .remove(0);
        let fact_role = fact("be_chief_executive_of", true);
        assert_eq!(status(&role, &[fact_role]), Status::Asserted);
        assert_eq!(status(&role, &[fact("be_chief_of", true)]), Status::Absent);
    }

    #[test]
    fn bad_lines_are_errors_with_their_line() {
        let e = parse("# header\na\tb\tc\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = parse("a\tb\tc\td\tX\t\n").unwrap_err();
        assert!(e.message.contains("C, U or W"));
    }
}
