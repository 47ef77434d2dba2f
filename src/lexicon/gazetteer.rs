//! Gazetteers: small word lists written for kg, used as features by the entity
//! recognizer, to link nationality adjectives to countries, to split titles from
//! names, and (later) to guess a person's gender for coreference.
//!
//! The lists are plain tab-separated files under `models/gazetteer/`, written
//! by the project from general knowledge (no list was copied from a data set,
//! and none was drawn from the evaluation texts):
//!
//! | file | content |
//! |---|---|
//! | `countries.tsv` | country, capital, nationality adjectives and demonyms, other names |
//! | `places.tsv` | continents, regions, U.S. states, large cities, with demonyms |
//! | `organizations.tsv` | international organisations and government bodies, with acronyms |
//! | `first_names.tsv` | common first names with their usual gender |
//! | `titles.txt` | titles, offices and honorifics |
//! | `surnames.txt` | common family names from many countries |
//! | `name_words.tsv` | words typical of organisation and place names ("University", "River") |
//!
//! They are embedded in the binary and parsed once, on first use.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::hashing::{FeatureHasher, FeatureMap};

fn token_hash(s: &str) -> u64 {
    FeatureHasher::new(0).str(s).finish()
}

const COUNTRIES: &str = include_str!("../../models/gazetteer/countries.tsv");
const PLACES: &str = include_str!("../../models/gazetteer/places.tsv");
const ORGANIZATIONS: &str = include_str!("../../models/gazetteer/organizations.tsv");
const FIRST_NAMES: &str = include_str!("../../models/gazetteer/first_names.tsv");
const TITLES: &str = include_str!("../../models/gazetteer/titles.txt");
const NAME_WORDS: &str = include_str!("../../models/gazetteer/name_words.tsv");
const SURNAMES: &str = include_str!("../../models/gazetteer/surnames.txt");

/// A word that often ends or begins a name of some kind ("University", "River").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NameWord {
    /// Typical of organisation names.
    Organization,
    /// Typical of place names.
    Location,
}

/// The usual gender of a first name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Gender {
    /// Mostly given to men.
    Male,
    /// Mostly given to women.
    Female,
    /// Given to both.
    Unisex,
}

/// What a gazetteer phrase names. A phrase may be in several lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GazClass {
    /// A country (or another name of one).
    Country,
    /// A capital, city, state, region or continent.
    Place,
    /// A nationality adjective or demonym.
    Demonym,
    /// An organisation or its acronym.
    Organization,
    /// A first name.
    FirstName,
    /// A title or office.
    Title,
    /// A family name.
    Surname,
}

impl GazClass {
    /// Every class, in a fixed order (its bit position).
    pub const ALL: [GazClass; 7] = [
        GazClass::Country,
        GazClass::Place,
        GazClass::Demonym,
        GazClass::Organization,
        GazClass::FirstName,
        GazClass::Title,
        GazClass::Surname,
    ];

    pub(crate) fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A gazetteer phrase found in a token sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GazMatch {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The list it is in.
    pub class: GazClass,
}

/// The parsed lists. See the module documentation.
#[derive(Debug, Default)]
pub struct Gazetteer {
    /// Lower-cased phrase (tokens joined by one space) → bit set of [`GazClass`].
    phrases: HashMap<String, u8>,
    /// Hashes of the lower-cased first tokens of phrases, to skip most positions quickly.
    first_tokens: FeatureMap<()>,
    max_tokens: usize,
    /// Lower-cased demonym → country or place name.
    demonyms: HashMap<String, String>,
    /// Lower-cased country name or alias → canonical country name.
    countries: HashMap<String, String>,
    /// Lower-cased capitals of countries.
    capitals: HashSet<String>,
    first_names: HashMap<String, Gender>,
    titles: HashSet<String>,
    name_words: HashMap<String, NameWord>,
}

/// Splits a phrase the way the treebank tokenizes it: on spaces, and around hyphens
/// (EWT writes "Al-Zaman" as three tokens).
fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in phrase.split_whitespace() {
        let mut first = true;
        for part in word.split('-') {
            if !first {
                out.push("-".to_string());
            }
            first = false;
            if !part.is_empty() {
                out.push(part.to_lowercase());
            }
        }
    }
    out
}

fn list(field: &str) -> impl Iterator<Item = &str> {
    field
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty() && *s != "-")
}

fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

impl Gazetteer {
    /// The lists embedded in the binary, parsed on first use.
    #[must_use]
    pub fn embedded() -> &'static Gazetteer {
        static GAZ: OnceLock<Gazetteer> = OnceLock::new();
        GAZ.get_or_init(|| {
            let mut g = Gazetteer::parse(COUNTRIES, PLACES, ORGANIZATIONS, FIRST_NAMES, TITLES);
            g.add_name_words(NAME_WORDS);
            for line in SURNAMES.lines() {
                let name = line.trim();
                if !name.is_empty() && !name.starts_with('#') {
                    g.add(name, GazClass::Surname);
                }
            }
            g
        })
    }

    /// Builds a gazetteer from the texts of the five list files (same formats as
    /// the embedded ones). Malformed rows are skipped: the lists are project data,
    /// checked by the unit tests.
    #[must_use]
    pub fn parse(
        countries: &str,
        places: &str,
        organizations: &str,
        first_names: &str,
        titles: &str,
    ) -> Self {
        let mut g = Gazetteer::default();
        for row in rows(countries) {
            let Some(&name) = row.first() else { continue };
            g.add(name, GazClass::Country);
            g.countries.insert(name.to_lowercase(), name.to_string());
            if let Some(capital) = row.get(1) {
                for c in list(capital) {
                    g.add(c, GazClass::Place);
                    g.capitals.insert(c.to_lowercase());
                }
            }
            if let Some(dem) = row.get(2) {
                for d in list(dem) {
                    g.add(d, GazClass::Demonym);
                    g.demonyms
                        .entry(d.to_lowercase())
                        .or_insert_with(|| name.to_string());
                }
            }
            if let Some(aliases) = row.get(3) {
                for a in list(aliases) {
                    g.add(a, GazClass::Country);
                    g.countries.insert(a.to_lowercase(), name.to_string());
                }
            }
        }
        for row in rows(places) {
            let Some(&name) = row.first() else { continue };
            g.add(name, GazClass::Place);
            if let Some(dem) = row.get(2) {
                for d in list(dem) {
                    g.add(d, GazClass::Demonym);
                    g.demonyms
                        .entry(d.to_lowercase())
                        .or_insert_with(|| name.to_string());
                }
            }
        }
        for row in rows(organizations) {
            let Some(&name) = row.first() else { continue };
            g.add(name, GazClass::Organization);
            if let Some(acr) = row.get(1) {
                for a in list(acr) {
                    g.add(a, GazClass::Organization);
                }
            }
        }
        for row in rows(first_names) {
            let (Some(&name), Some(&gender)) = (row.first(), row.get(1)) else {
                continue;
            };
            let gender = match gender.trim() {
                "m" => Gender::Male,
                "f" => Gender::Female,
                _ => Gender::Unisex,
            };
            g.add(name, GazClass::FirstName);
            g.first_names.insert(name.to_lowercase(), gender);
        }
        for line in titles.lines() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            g.add(t, GazClass::Title);
            g.titles.insert(t.to_lowercase());
        }
        g
    }

    /// Adds words typical of organisation or place names (`word<TAB>ORG|LOC` lines).
    pub fn add_name_words(&mut self, text: &str) {
        for row in rows(text) {
            let (Some(&w), Some(&c)) = (row.first(), row.get(1)) else {
                continue;
            };
            let class = match c.trim() {
                "ORG" => NameWord::Organization,
                "LOC" => NameWord::Location,
                _ => continue,
            };
            self.name_words.insert(w.to_string(), class);
        }
    }

    /// Whether a word (case-sensitive) is typical of organisation or place names.
    #[must_use]
    pub fn name_word(&self, word: &str) -> Option<NameWord> {
        self.name_words.get(word).copied()
    }

    fn add(&mut self, phrase: &str, class: GazClass) {
        let toks = phrase_tokens(phrase);
        let Some(first) = toks.first() else { return };
        self.first_tokens.insert(token_hash(first), ());
        self.max_tokens = self.max_tokens.max(toks.len());
        *self.phrases.entry(toks.join(" ")).or_insert(0) |= class.bit();
    }

    /// The country or place a nationality adjective or demonym refers to
    /// ("Russian" → "Russia"), case-insensitive.
    #[must_use]
    pub fn demonym_country(&self, word: &str) -> Option<&str> {
        self.demonyms
            .get(word.to_lowercase().as_str())
            .map(String::as_str)
    }

    /// The canonical name of a country from any of its names ("U.S." → "United States").
    #[must_use]
    pub fn country(&self, name: &str) -> Option<&str> {
        self.countries
            .get(name.to_lowercase().as_str())
            .map(String::as_str)
    }

    /// True when `name` (any case) is a country, another name of one, or a country's
    /// capital.
    #[must_use]
    pub fn is_country_or_capital(&self, name: &str) -> bool {
        let lower = name.to_lowercase();
        self.countries.contains_key(lower.as_str()) || self.capitals.contains(lower.as_str())
    }

    /// The usual gender of a first name, case-insensitive.
    #[must_use]
    pub fn first_name_gender(&self, name: &str) -> Option<Gender> {
        self.first_names.get(name.to_lowercase().as_str()).copied()
    }

    /// True when `phrase` (one or more words, any case) is in the title list.
    #[must_use]
    pub fn is_title(&self, phrase: &str) -> bool {
        self.titles.contains(phrase.to_lowercase().as_str())
    }

    /// Every class of the phrase made of the given lower-cased tokens, as a bit set
    /// indexed by [`GazClass::ALL`]; 0 when it is in no list.
    #[must_use]
    pub fn classes_of(&self, lower_tokens: &[&str]) -> u8 {
        if lower_tokens.is_empty() || lower_tokens.len() > self.max_tokens {
            return 0;
        }
        self.phrases
            .get(lower_tokens.join(" ").as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Every list phrase in `lower` (lower-cased tokens), longest match first at
    /// each start position, matches of several lists reported once per list.
    /// O(n · longest phrase).
    #[must_use]
    pub fn find(&self, lower: &[&str]) -> Vec<GazMatch> {
        let mut out = Vec::new();
        let mut key = String::new();
        for start in 0..lower.len() {
            if !self.first_tokens.contains_key(&token_hash(lower[start])) {
                continue;
            }
            let mut seen = 0u8;
            key.clear();
            let longest = self.max_tokens.min(lower.len() - start);
            let mut found: Vec<(usize, u8)> = Vec::new();
            for len in 1..=longest {
                if len > 1 {
                    key.push(' ');
                }
                key.push_str(lower[start + len - 1]);
                if let Some(&bits) = self.phrases.get(key.as_str()) {
                    found.push((len, bits));
                }
            }
            for &(len, bits) in found.iter().rev() {
                for class in GazClass::ALL {
                    if bits & class.bit() != 0 && seen & class.bit() == 0 {
                        seen |= class.bit();
                        out.push(GazMatch {
                            start,
                            end: start + len,
                            class,
                        });
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_row_parses() {
        for (name, text, min_cols) in [
            ("countries", COUNTRIES, 4),
            ("places", PLACES, 3),
            ("organizations", ORGANIZATIONS, 2),
            ("first_names", FIRST_NAMES, 2),
        ] {
            for (i, row) in rows(text).enumerate() {
                assert!(row.len() >= min_cols, "{name} row {i}: {row:?}");
            }
        }
    }

    #[test]
    fn demonyms_and_countries() {
        let g = Gazetteer::embedded();
        assert_eq!(g.demonym_country("russian"), Some("Russia"));
        assert_eq!(g.demonym_country("Syrian"), Some("Syria"));
        assert_eq!(g.demonym_country("Texan"), Some("Texas"));
        assert_eq!(g.demonym_country("table"), None);
        assert_eq!(g.country("Russian Federation"), Some("Russia"));
        assert_eq!(g.country("U.S."), Some("United States"));
    }

    #[test]
    fn finds_multi_token_phrases_longest_first() {
        let g = Gazetteer::embedded();
        let toks = [
            "the", "united", "nations", "security", "council", "met", "in", "new", "york",
        ];
        let m = g.find(&toks);
        assert!(m.contains(&GazMatch {
            start: 1,
            end: 5,
            class: GazClass::Organization
        }));
        assert!(m.contains(&GazMatch {
            start: 7,
            end: 9,
            class: GazClass::Place
        }));
        // Hyphenated names are split as the treebank splits them.
        let toks = ["guinea", "-", "bissau"];
        assert!(g.find(&toks).iter().any(|m| m.end == 3));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `lexicon::gazetteer`.
    #[test]
    fn doc_gazetteer() -> Result<(), Box<dyn std::error::Error>> {
        use crate::lexicon::gazetteer::{Gazetteer, Gender};

        let gaz = Gazetteer::embedded();
        assert_eq!(gaz.demonym_country("French"), Some("France"));
        assert_eq!(gaz.demonym_country("Belarusian"), Some("Belarus"));
        assert_eq!(gaz.first_name_gender("Mary"), Some(Gender::Female));
        assert!(gaz.is_title("president"));
        Ok(())
    }
}
