//! Checks the relation keys of a graph against a lexicon of English: every key's verb
//! part must be a verb of WordNet's `index.verb`, and its other words WordNet lemmas (any
//! part of speech) or particles and prepositions. Prints the keys that fail.
//!
//! ```sh
//! kg build /work/sample500 -f ntriples --provenance none -o /tmp/x.nt
//! cargo run --release --example relation_keys -- /tmp/x.nt ../shared/data/wordnet-3.1
//! ```
//!
//! A key is `VERB[_WORD…]` (kg's relation key of a relation label made of the verb's
//! lemma and its particles, prepositions and objects), `be_PARTICIPLE[_WORD…]` for a
//! passive without its agent, or prepositions alone (`in`, `according_to`: what a
//! described thing's phrase says, "deals in Minsk"); a hyphenated
//! verb (`co-operate` → `co_operate`) is read as one word when WordNet knows it so. The
//! keys are read from relation IRIs (`…/relation/KEY>`) in N-Triples or N-Quads.

use std::collections::{BTreeSet, HashSet};

/// Particles, prepositions and other function words that follow a verb in a relation.
const PARTICLES: &[&str] = &[
    "aboard",
    "about",
    "above",
    "across",
    "after",
    "against",
    "ago",
    "ahead",
    "along",
    "alongside",
    "amid",
    "among",
    "amongst",
    "apart",
    "around",
    "as",
    "aside",
    "at",
    "away",
    "back",
    "because",
    "before",
    "behind",
    "below",
    "beneath",
    "beside",
    "besides",
    "between",
    "beyond",
    "by",
    "despite",
    "down",
    "during",
    "except",
    "for",
    "from",
    "in",
    "inside",
    "into",
    "like",
    "near",
    "of",
    "off",
    "on",
    "onto",
    "out",
    "outside",
    "over",
    "past",
    "per",
    "since",
    "than",
    "through",
    "throughout",
    "till",
    "to",
    "toward",
    "towards",
    "under",
    "underneath",
    "unlike",
    "until",
    "up",
    "upon",
    "versus",
    "via",
    "with",
    "within",
    "without",
    "not",
    "so",
    "that",
    "whether",
    "if",
    "while",
    "a",
    "an",
    "the",
];

fn words_of(dir: &std::path::Path, files: &[&str]) -> std::io::Result<HashSet<String>> {
    let mut out = HashSet::new();
    for f in files {
        let text = std::fs::read_to_string(dir.join(f))?;
        for line in text.lines().filter(|l| !l.starts_with(' ')) {
            if let Some(w) = line.split(' ').next() {
                out.insert(w.to_owned());
            }
        }
    }
    Ok(out)
}

/// Whether `word` reads as a past participle of a WordNet verb: `-ed`/`-d` (with a doubled
/// consonant or `-ied` → `-y`), `-en`/`-n`, `-t`, or the verb itself (`put`). Irregular
/// forms whose stem is no verb (`built`, `taken`) are reported for a reader to look at.
fn is_participle_of(word: &str, verbs: &HashSet<String>) -> bool {
    let mut stems: Vec<String> = ["ed", "d", "en", "n", "t"]
        .iter()
        .filter_map(|suffix| word.strip_suffix(suffix))
        .map(str::to_owned)
        .collect();
    if let Some(s) = word.strip_suffix("ied") {
        stems.push(format!("{s}y"));
    }
    if let Some(s) = word.strip_suffix("ed") {
        let b = s.as_bytes();
        if b.len() > 2 && b[b.len() - 1] == b[b.len() - 2] {
            stems.push(s[..s.len() - 1].to_owned());
        }
    }
    stems.push(word.to_owned());
    stems.iter().any(|s| verbs.contains(s))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [graph, wordnet] = args.as_slice() else {
        return Err("usage: relation_keys GRAPH.nt WORDNET_DIR".into());
    };
    let wordnet = std::path::Path::new(wordnet);
    let verbs = words_of(wordnet, &["index.verb"])?;
    let all = words_of(
        wordnet,
        &["index.noun", "index.verb", "index.adj", "index.adv"],
    )?;
    let particles: HashSet<&str> = PARTICLES.iter().copied().collect();
    let text = std::fs::read_to_string(graph)?;
    let mut keys = BTreeSet::new();
    for mut rest in text.split("/relation/").skip(1) {
        if let Some(end) = rest.find('>') {
            rest = &rest[..end];
            keys.insert(rest.to_owned());
        }
    }
    let (mut bad_verb, mut bad_other) = (Vec::new(), Vec::new());
    for key in &keys {
        let mut words: Vec<&str> = key.strip_prefix("not_").unwrap_or(key).split('_').collect();
        // A preposition between a described thing and what its phrase names (`in`, `of`).
        if words.iter().all(|w| particles.contains(w)) {
            continue;
        }
        // A passive without its agent keeps its voice: `be_built_in` checks `built`.
        if words.len() > 1 && words[0] == "be" && is_participle_of(words[1], &verbs) {
            words.remove(0);
            words[0] = "be";
        }
        let joined = words
            .get(1)
            .map(|w| (format!("{}-{w}", words[0]), format!("{}{w}", words[0])));
        let (verb_ok, others) = if verbs.contains(words[0]) {
            (true, &words[1..])
        } else if joined.is_some_and(|(h, s)| verbs.contains(&h) || verbs.contains(&s)) {
            (true, &words[2..])
        } else {
            (false, &words[1..])
        };
        if !verb_ok {
            bad_verb.push(key.as_str());
        } else if others.iter().any(|w| {
            !particles.contains(w) && !all.contains(*w) && !w.bytes().all(|b| b.is_ascii_digit())
        }) {
            bad_other.push(key.as_str());
        }
    }
    println!("keys {}", keys.len());
    println!("verb_not_a_lemma {}", bad_verb.len());
    println!("other_word_unknown {}", bad_other.len());
    println!("# keys whose verb part is not a verb of WordNet");
    for k in &bad_verb {
        println!("verb\t{k}");
    }
    println!("# keys whose other words are neither WordNet lemmas nor particles");
    for k in &bad_other {
        println!("other\t{k}");
    }
    Ok(())
}
