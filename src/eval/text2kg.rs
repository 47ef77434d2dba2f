//! Text2KGBench (Mihindukulasooriya et al., ISWC 2023): its files and its scorer.
//!
//! Readers for the ontologies (`ontologies/N_name_ontology.json`), the training triples
//! (`train/…_train.jsonl`, one triple per line), the test sentences and the ground truth
//! (`ground_truth/…_ground_truth.jsonl`, a sentence with its triples); and the metrics of the
//! benchmark's `src/evaluation/run_eval.py`, re-implemented:
//!
//! - a system triple is `[sub, rel, obj]` with the relation label written with `_` for spaces
//!   (`publication_date`), as the benchmark's system-output files hold them;
//! - per sentence, system triples whose relation is not among the gold triples' relations are
//!   set aside; precision and recall compare the rest with the gold triples, each triple a
//!   string of its three labels lower-cased with spaces and underscores removed. No system
//!   triple left gives precision, recall and F1 0;
//! - ontology conformance: the share of the sentence's system triples whose relation is one of
//!   the ontology's (1 when there are none); relation hallucination is 1 − conformance;
//! - subject (object) hallucination: the share of system triples whose subject (object),
//!   tokenised, Porter-stemmed (NLTK's variant), concatenated and normalised, with `01januari`
//!   removed, is not a substring of the sentence followed by the ontology's concept labels
//!   treated the same way (0 when there are no system triples). The benchmark appends the
//!   labels without a separator, so the sentence's last word and the first label become one
//!   token ("… Royal Navy." + "human" → `Navy.human`, stemmed `navy.human`) and an object that
//!   ends the sentence counts as hallucinated; on Wikidata-TekGen's unseen sentences that
//!   quirk flags 13 % of the ground truth's own objects. `sub_halluc_spaced` and
//!   `obj_halluc_spaced` are the same check with a space between sentence and labels;
//! - each metric is summed over the sentences the system answered and divided by the number of
//!   ground-truth sentences: a sentence the system output has no entry for counts 0 for every
//!   metric, conformance included (an entry with no triples counts P = R = F1 = 0,
//!   conformance 1, hallucination 0). The ontology figures are then averaged over ontologies.
//!
//! One difference: the benchmark tokenises with NLTK's `word_tokenize`; [`word_tokens`] is a
//! small approximation of it (whitespace, then leading and trailing punctuation and the
//! clitics `'s n't 're 've 'll 'd 'm` split off). Since the stems are concatenated without
//! spaces, only a token boundary that changes a stem can make a difference.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use crate::formats::ParseError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

/// A triple as the gold files write it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Triple {
    /// Subject label.
    pub sub: String,
    /// Relation label.
    pub rel: String,
    /// Object label.
    pub obj: String,
}

impl Triple {
    /// A triple of three labels.
    pub fn new(sub: &str, rel: &str, obj: &str) -> Self {
        Self {
            sub: sub.to_owned(),
            rel: rel.to_owned(),
            obj: obj.to_owned(),
        }
    }
}

/// One line of a training file: a sentence and one gold triple.
#[derive(Debug, Clone, Deserialize)]
pub struct TrainLine {
    /// Line id.
    #[serde(default)]
    pub id: String,
    /// The sentence.
    pub sent: String,
    /// Subject label.
    pub sub_label: String,
    /// Relation label.
    pub rel_label: String,
    /// Object label.
    pub obj_label: String,
}

/// A sentence with its gold triples (a ground-truth line; a test line has no triples).
#[derive(Debug, Clone, Deserialize)]
pub struct GoldSentence {
    /// Sentence id.
    pub id: String,
    /// The sentence.
    pub sent: String,
    /// Gold triples.
    #[serde(default)]
    pub triples: Vec<Triple>,
}

/// Reads a JSONL file, one `T` per non-blank line.
///
/// # Errors
/// When the file cannot be read, or at the first line that is not a `T`.
pub fn read_jsonl<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, ParseError> {
    let file = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| ParseError::new(&file, 0, e.to_string()))?;
    parse_jsonl(&text).map_err(|(line, message)| ParseError::new(&file, line, message))
}

/// Parses JSONL text; an error is the 1-based line and what is wrong.
pub fn parse_jsonl<T: DeserializeOwned>(text: &str) -> Result<Vec<T>, (usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(line).map_err(|e| (i + 1, e.to_string()))?);
    }
    Ok(out)
}

/// Groups training lines by sentence, in order of first appearance: each sentence with all
/// its gold triples (a repeated triple once).
pub fn group_train(lines: &[TrainLine]) -> Vec<GoldSentence> {
    let mut out: Vec<GoldSentence> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for l in lines {
        let i = *index.entry(l.sent.as_str()).or_insert_with(|| {
            out.push(GoldSentence {
                id: l.id.clone(),
                sent: l.sent.clone(),
                triples: Vec::new(),
            });
            out.len() - 1
        });
        let t = Triple::new(&l.sub_label, &l.rel_label, &l.obj_label);
        if !out[i].triples.contains(&t) {
            out[i].triples.push(t);
        }
    }
    out
}

/// The benchmark's label normalisation (lower case, spaces and underscores removed), which the
/// mapper shares.
pub(crate) use crate::mapper::normalize;

/// A relation label as system output writes it: spaces as `_`.
pub fn system_relation(label: &str) -> String {
    label.replace(' ', "_")
}

/// An approximation of NLTK's `word_tokenize` (see the module documentation).
pub fn word_tokens(text: &str) -> Vec<&str> {
    const LEAD: &[char] = &['(', '[', '{', '"', '\'', '`', '“', '‘'];
    const TRAIL: &[char] = &[
        '.', ',', ')', ']', '}', ';', ':', '!', '?', '"', '\'', '”', '’',
    ];
    const CLITICS: &[&str] = &["'s", "n't", "'re", "'ve", "'ll", "'d", "'m"];
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let mut s = chunk;
        while let Some(c) = s.chars().next().filter(|c| LEAD.contains(c)) {
            out.push(&s[..c.len_utf8()]);
            s = &s[c.len_utf8()..];
        }
        let mut tail = Vec::new();
        while let Some(c) = s.chars().next_back().filter(|c| TRAIL.contains(c)) {
            let at = s.len() - c.len_utf8();
            tail.push(&s[at..]);
            s = &s[..at];
        }
        let lower = s.to_lowercase();
        if let Some(cl) = CLITICS
            .iter()
            .find(|cl| lower.ends_with(*cl) && lower.len() > cl.len() && lower.len() == s.len())
        {
            let at = s.len() - cl.len();
            out.push(&s[..at]);
            out.push(&s[at..]);
        } else if !s.is_empty() {
            out.push(s);
        }
        out.extend(tail.into_iter().rev());
    }
    out
}

/// The scorer's stemmer (NLTK's Porter variant).
pub struct Stemmer(nltk_porter::PorterStemmer);

impl Default for Stemmer {
    fn default() -> Self {
        Self(nltk_porter::PorterStemmer::new(nltk_porter::Mode::Nltk))
    }
}

impl Stemmer {
    /// Tokenises, stems each token, concatenates and normalises (the benchmark's
    /// `clean_entity_string` without the date clean-up).
    pub fn stemmed(&self, text: &str) -> String {
        let joined: String = word_tokens(text).iter().map(|w| self.0.stem(w)).collect();
        normalize(&joined)
    }

    /// A subject or object as the hallucination check sees it.
    pub fn entity(&self, label: &str) -> String {
        self.stemmed(label).replace("01januari", "")
    }
}

/// The scores of one sentence (or their sums).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Scores {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
    /// Ontology conformance.
    pub onto_conformance: f64,
    /// Relation hallucination.
    pub rel_halluc: f64,
    /// Subject hallucination.
    pub sub_halluc: f64,
    /// Object hallucination.
    pub obj_halluc: f64,
    /// Subject hallucination with a space between the sentence and the concept labels.
    pub sub_halluc_spaced: f64,
    /// Object hallucination with a space between the sentence and the concept labels.
    pub obj_halluc_spaced: f64,
}

impl Scores {
    fn add(&mut self, o: &Scores) {
        self.precision += o.precision;
        self.recall += o.recall;
        self.f1 += o.f1;
        self.onto_conformance += o.onto_conformance;
        self.rel_halluc += o.rel_halluc;
        self.sub_halluc += o.sub_halluc;
        self.obj_halluc += o.obj_halluc;
        self.sub_halluc_spaced += o.sub_halluc_spaced;
        self.obj_halluc_spaced += o.obj_halluc_spaced;
    }

    fn scaled(&self, k: f64) -> Scores {
        Scores {
            precision: self.precision * k,
            recall: self.recall * k,
            f1: self.f1 * k,
            onto_conformance: self.onto_conformance * k,
            rel_halluc: self.rel_halluc * k,
            sub_halluc: self.sub_halluc * k,
            obj_halluc: self.obj_halluc * k,
            sub_halluc_spaced: self.sub_halluc_spaced * k,
            obj_halluc_spaced: self.obj_halluc_spaced * k,
        }
    }

    /// The mean of several scores (all zero for none).
    pub fn mean(all: &[Scores]) -> Scores {
        let mut sum = Scores::default();
        for s in all {
            sum.add(s);
        }
        if all.is_empty() {
            sum
        } else {
            sum.scaled(1.0 / all.len() as f64)
        }
    }

    /// `(name, value)` pairs in the order `kg eval text2kg` prints them.
    pub fn named(&self) -> [(&'static str, f64); 9] {
        [
            ("precision", self.precision),
            ("recall", self.recall),
            ("f1", self.f1),
            ("onto_conformance", self.onto_conformance),
            ("sub_halluc", self.sub_halluc),
            ("rel_halluc", self.rel_halluc),
            ("obj_halluc", self.obj_halluc),
            ("sub_halluc_spaced", self.sub_halluc_spaced),
            ("obj_halluc_spaced", self.obj_halluc_spaced),
        ]
    }
}

/// Scores system output against the ground truth of one ontology.
pub struct Scorer<'a> {
    relations: HashSet<String>,
    concepts: String,
    stemmer: &'a Stemmer,
}

impl<'a> Scorer<'a> {
    /// A scorer for `ontology`.
    pub fn new(ontology: &crate::formats::ontology::Ontology, stemmer: &'a Stemmer) -> Self {
        let labels: Vec<&str> = ontology.classes.iter().map(|c| c.label.as_str()).collect();
        Self {
            relations: ontology
                .properties
                .iter()
                .map(|r| system_relation(&r.label))
                .collect(),
            concepts: labels.join(" "),
            stemmer,
        }
    }

    /// The scores of one sentence with gold triples `gold` and system triples `system`
    /// (relations written as [`system_relation`]).
    pub fn sentence(&self, sentence: &str, gold: &[Triple], system: &[Triple]) -> Scores {
        let gold_rels: HashSet<String> = gold.iter().map(|t| system_relation(&t.rel)).collect();
        let key = |t: &Triple| {
            format!(
                "{}{}{}",
                normalize(&t.sub),
                normalize(&t.rel),
                normalize(&t.obj)
            )
        };
        let pred: HashSet<String> = system
            .iter()
            .filter(|t| gold_rels.contains(&t.rel))
            .map(key)
            .collect();
        let gold_keys: HashSet<String> = gold.iter().map(key).collect();
        let (precision, recall, f1) = if pred.is_empty() || gold_keys.is_empty() {
            (0.0, 0.0, 0.0)
        } else {
            let hit = pred.intersection(&gold_keys).count() as f64;
            let p = hit / pred.len() as f64;
            let r = hit / gold_keys.len() as f64;
            let f = if p + r > 0.0 {
                2.0 * p * r / (p + r)
            } else {
                0.0
            };
            (p, r, f)
        };
        let onto_conformance = if system.is_empty() {
            1.0
        } else {
            system
                .iter()
                .filter(|t| self.relations.contains(&t.rel))
                .count() as f64
                / system.len() as f64
        };
        // The benchmark's context glues the labels to the sentence; the spaced one does not.
        let (sub_halluc, obj_halluc) =
            self.hallucination(&format!("{sentence}{}", self.concepts), system);
        let (sub_halluc_spaced, obj_halluc_spaced) =
            self.hallucination(&format!("{sentence} {}", self.concepts), system);
        Scores {
            precision,
            recall,
            f1,
            onto_conformance,
            rel_halluc: 1.0 - onto_conformance,
            sub_halluc,
            obj_halluc,
            sub_halluc_spaced,
            obj_halluc_spaced,
        }
    }

    /// The shares of `system`'s subjects and objects whose stems are not in `context`'s.
    fn hallucination(&self, context: &str, system: &[Triple]) -> (f64, f64) {
        if system.is_empty() {
            return (0.0, 0.0);
        }
        let context = self.stemmer.stemmed(context);
        let missing = |label: &str| !context.contains(&self.stemmer.entity(label));
        let n = system.len() as f64;
        let subs = system.iter().filter(|t| missing(&t.sub)).count() as f64 / n;
        let objs = system.iter().filter(|t| missing(&t.obj)).count() as f64 / n;
        (subs, objs)
    }

    /// The scores of one ontology: each ground-truth sentence (by id; a repeated id counts
    /// once, with its last line, as the benchmark's dictionary does) scored against the system
    /// entry of the same id, summed, and divided by the number of ground-truth sentences; a
    /// sentence without a system entry adds nothing.
    pub fn ontology(
        &self,
        ground_truth: &[GoldSentence],
        system: &HashMap<String, Vec<Triple>>,
    ) -> Scores {
        let mut last: HashMap<&str, &GoldSentence> = HashMap::new();
        for g in ground_truth {
            last.insert(g.id.as_str(), g);
        }
        let mut sum = Scores::default();
        for g in last.values() {
            if let Some(sys) = system.get(&g.id) {
                sum.add(&self.sentence(&g.sent, &g.triples, sys));
            }
        }
        if last.is_empty() {
            sum
        } else {
            sum.scaled(1.0 / last.len() as f64)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::ontology::Ontology;

    fn ontology() -> Ontology {
        crate::formats::ontology::parse_text2kg_json(
            r#"{"id": "ont_t", "concepts": [{"qid": "Q5", "label": "human"},
                {"qid": "Q11424", "label": "film"}],
               "relations": [{"pid": "P57", "label": "director", "domain": "Q11424", "range": "Q5"},
                {"pid": "P577", "label": "publication date", "domain": "Q11424", "range": ""}]}"#,
            "t.json",
        )
        .unwrap()
    }

    const SENT: &str =
        "Bleach: Hell Verse is a 2010 Japanese animated film directed by Noriyuki Abe.";

    fn gold() -> Vec<Triple> {
        vec![
            Triple::new("Bleach : Hell Verse", "director", "Noriyuki Abe"),
            Triple::new("Bleach : Hell Verse", "publication date", "01 January 2010"),
        ]
    }

    #[test]
    fn exact_output_scores_one() {
        let (o, st) = (ontology(), Stemmer::default());
        let sys = vec![
            Triple::new("Bleach: Hell Verse", "director", "Noriyuki  abe"),
            Triple::new("Bleach: Hell Verse", "publication_date", "01 January 2010"),
        ];
        let s = Scorer::new(&o, &st).sentence(SENT, &gold(), &sys);
        assert_eq!((s.precision, s.recall, s.f1), (1.0, 1.0, 1.0));
        assert_eq!(
            (s.onto_conformance, s.sub_halluc, s.obj_halluc),
            (1.0, 0.0, 0.0)
        );
    }

    #[test]
    fn relations_outside_the_gold_are_set_aside_but_count_for_conformance() {
        let (o, st) = (ontology(), Stemmer::default());
        let sys = vec![
            Triple::new("Bleach: Hell Verse", "director", "Noriyuki Abe"),
            Triple::new("Bleach", "cast_member", "Noriyuki Abe"),
            // Spaces in a relation label do not conform (the benchmark compares `_` forms).
            Triple::new("Bleach", "publication date", "Tokyo"),
        ];
        let s = Scorer::new(&o, &st).sentence(SENT, &gold(), &sys);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        assert!((s.f1 - 2.0 / 3.0).abs() < 1e-12);
        assert!((s.onto_conformance - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.rel_halluc - 2.0 / 3.0).abs() < 1e-12);
        // "Tokyo" is not in the sentence; "Bleach" is.
        assert_eq!(s.sub_halluc, 0.0);
        assert!((s.obj_halluc - 1.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn stems_and_concepts_count_as_context() {
        let (o, st) = (ontology(), Stemmer::default());
        let sys = vec![
            // "human" is a concept label; "directors" (stem "director") is not in the sentence.
            Triple::new("animated films", "director", "human"),
            Triple::new("Abe", "director", "directors"),
        ];
        let s = Scorer::new(&o, &st).sentence(SENT, &gold(), &sys);
        assert_eq!(s.sub_halluc, 0.0);
        assert!((s.obj_halluc - 0.5).abs() < 1e-12);
        assert_eq!((s.precision, s.recall, s.f1), (0.0, 0.0, 0.0));
    }

    #[test]
    fn the_benchmark_glues_the_last_word_to_the_labels() {
        let (o, st) = (ontology(), Stemmer::default());
        let sentence = "Karl Lindqvist served in the Royal Navy.";
        let sys = vec![Triple::new("Karl Lindqvist", "director", "Royal Navy")];
        let s = Scorer::new(&o, &st).sentence(sentence, &[], &sys);
        // "Navy." + "human" is the token `Navy.human`, whose stem does not hold "navi".
        assert_eq!((s.sub_halluc, s.obj_halluc), (0.0, 1.0));
        assert_eq!((s.sub_halluc_spaced, s.obj_halluc_spaced), (0.0, 0.0));
    }

    #[test]
    fn empty_and_missing_output() {
        let (o, st) = (ontology(), Stemmer::default());
        let scorer = Scorer::new(&o, &st);
        let s = scorer.sentence(SENT, &gold(), &[]);
        assert_eq!(
            s,
            Scores {
                onto_conformance: 1.0,
                ..Scores::default()
            }
        );
        let gt = vec![
            GoldSentence {
                id: "a".into(),
                sent: SENT.into(),
                triples: gold(),
            },
            GoldSentence {
                id: "b".into(),
                sent: SENT.into(),
                triples: gold(),
            },
        ];
        let mut sys = HashMap::new();
        sys.insert(
            "a".to_owned(),
            gold()
                .into_iter()
                .map(|mut t| {
                    t.rel = system_relation(&t.rel);
                    t
                })
                .collect(),
        );
        let s = scorer.ontology(&gt, &sys);
        // "b" has no entry: it counts zero for every metric, conformance too.
        assert_eq!((s.f1, s.onto_conformance), (0.5, 0.5));
    }

    #[test]
    fn tokens_and_normalisation() {
        assert_eq!(
            word_tokens("(Keyboard Cat's) form, \"x\"."),
            vec!["(", "Keyboard", "Cat", "'s", ")", "form", ",", "\"", "x", "\"", "."]
        );
        assert_eq!(normalize("Bleach : Hell_Verse"), "bleach:hellverse");
        let st = Stemmer::default();
        assert_eq!(st.entity("01 January 2010"), "2010");
    }

    #[test]
    fn malformed_lines_name_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.jsonl");
        std::fs::write(
            &path,
            "{\"id\": \"a\", \"sent\": \"x\"}\n\n{\"id\": \"b\"}\n",
        )
        .unwrap();
        let err = read_jsonl::<GoldSentence>(&path).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(
            err.to_string()
                .starts_with(&format!("{}:3: ", path.display())),
            "{err}"
        );
        assert!(err.to_string().contains("sent"), "{err}");
        let onto = dir.path().join("o.json");
        std::fs::write(
            &onto,
            "{\"id\": \"o\", \"concepts\": [],\n \"relations\": [{}]}",
        )
        .unwrap();
        let err = Ontology::read(&onto).unwrap_err();
        assert_eq!(err.line, 2, "{err}");
        assert!(err
            .to_string()
            .starts_with(&format!("{}:2:", onto.display())));
        assert!(Ontology::read(&dir.path().join("none.json")).is_err());
    }

    #[test]
    fn train_lines_group_by_sentence() {
        let lines: Vec<TrainLine> = parse_jsonl(
            "{\"sent\": \"s1\", \"sub_label\": \"a\", \"rel_label\": \"r\", \"obj_label\": \"b\"}\n\
             {\"sent\": \"s2\", \"sub_label\": \"a\", \"rel_label\": \"r\", \"obj_label\": \"b\"}\n\
             {\"sent\": \"s1\", \"sub_label\": \"a\", \"rel_label\": \"q\", \"obj_label\": \"c\"}\n",
        )
        .unwrap();
        let g = group_train(&lines);
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].triples.len(), 2);
    }
}
