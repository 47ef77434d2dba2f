//! The semantic class of a common noun: "actor" is a person, "firm" an
//! organisation, "capital" a place, "deal" an abstraction, "election" an event.
//!
//! The table is learned by `kg train noun-types` (see `src/train/noun_types.rs`):
//! the majority entity type of the lemma's mentions in GUM's training split,
//! else the type of its most frequent WordNet sense. It is shipped as plain
//! TSV (`models/noun_types.tsv`, `lemma<TAB>class[<TAB>kind]`, `#` comments) and
//! embedded in the binary; [`NounTypes::embedded`] parses it once on first use.
//!
//! The optional third column is a [`NounKind`]: "film", "album", "treaty" name a
//! work, "handset", "software" a product. It comes from WordNet alone (the
//! lemma's senses, weighted by their tagged frequency, mostly fall under a
//! work or product synset) and only refines the classes object and abstract.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// GUM's ten entity types, as classes of common nouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NounClass {
    /// A person or group of people taken as persons ("actor", "farmer").
    Person,
    /// An organisation, company, institution ("firm", "ministry").
    Organization,
    /// A place, building or geographic feature ("capital", "river").
    Place,
    /// An event or activity ("election", "war").
    Event,
    /// A time or period ("year", "morning").
    Time,
    /// A concrete thing ("car", "book").
    Object,
    /// A substance or food ("water", "oil").
    Substance,
    /// An animal ("dog").
    Animal,
    /// A plant ("tree").
    Plant,
    /// Anything else: ideas, qualities, documents, amounts ("deal", "idea").
    Abstract,
}

impl NounClass {
    /// Every class, in declaration order.
    pub const ALL: [NounClass; 10] = [
        NounClass::Person,
        NounClass::Organization,
        NounClass::Place,
        NounClass::Event,
        NounClass::Time,
        NounClass::Object,
        NounClass::Substance,
        NounClass::Animal,
        NounClass::Plant,
        NounClass::Abstract,
    ];

    /// The class's name, as GUM writes it.
    ///
    /// ```
    /// use kg::NounClass;
    /// assert_eq!(NounClass::Organization.name(), "organization");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NounClass::Person => "person",
            NounClass::Organization => "organization",
            NounClass::Place => "place",
            NounClass::Event => "event",
            NounClass::Time => "time",
            NounClass::Object => "object",
            NounClass::Substance => "substance",
            NounClass::Animal => "animal",
            NounClass::Plant => "plant",
            NounClass::Abstract => "abstract",
        }
    }

    /// The class named `name` (as [`NounClass::name`] gives it), if any.
    ///
    /// ```
    /// use kg::NounClass;
    /// assert_eq!(NounClass::from_name("place"), Some(NounClass::Place));
    /// assert_eq!(NounClass::from_name("Place"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<NounClass> {
        NounClass::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Position in [`NounClass::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for NounClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a thing-naming noun says its referent is made as: a work or a product.
///
/// A finer type of some `object` and `abstract` nouns, for typing nodes
/// (`kg:Work`, `kg:Product`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NounKind {
    /// A creative or legal work: book, film, album, song, programme, law, treaty.
    Work,
    /// A product: device, handset, computer, software, merchandise.
    Product,
}

impl NounKind {
    /// Every kind, in declaration order.
    pub const ALL: [NounKind; 2] = [NounKind::Work, NounKind::Product];

    /// The kind's name, as the table writes it.
    ///
    /// ```
    /// use kg::NounKind;
    /// assert_eq!(NounKind::Product.name(), "product");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            NounKind::Work => "work",
            NounKind::Product => "product",
        }
    }

    /// The kind named `name` (as [`NounKind::name`] gives it), if any.
    ///
    /// ```
    /// use kg::NounKind;
    /// assert_eq!(NounKind::from_name("work"), Some(NounKind::Work));
    /// assert_eq!(NounKind::from_name("Work"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<NounKind> {
        NounKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

impl std::fmt::Display for NounKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A malformed noun-type table, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("noun types, line {line}: {message}")]
pub struct NounTypesError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A table from common-noun lemmas to their [`NounClass`].
#[derive(Debug, Clone, Default)]
pub struct NounTypes {
    classes: FxHashMap<Box<str>, NounClass>,
    kinds: FxHashMap<Box<str>, NounKind>,
}

const EMBEDDED: &str = include_str!("../../models/noun_types.tsv");

impl NounTypes {
    /// The table shipped in `models/noun_types.tsv`, parsed on first use.
    ///
    /// ```
    /// use kg::{NounClass, NounTypes};
    /// let types = NounTypes::embedded();
    /// assert_eq!(types.class_of("city"), Some(NounClass::Place));
    /// ```
    ///
    /// # Panics
    /// If the embedded table is malformed (a build error, caught by the tests).
    #[must_use]
    pub fn embedded() -> &'static NounTypes {
        static TYPES: OnceLock<NounTypes> = OnceLock::new();
        TYPES.get_or_init(|| {
            NounTypes::parse(EMBEDDED).expect("models/noun_types.tsv is a valid noun-type table")
        })
    }

    /// Parses a table: one `lemma<TAB>class` or `lemma<TAB>class<TAB>kind` per
    /// line; blank lines and lines starting with `#` are skipped.
    ///
    /// ```
    /// use kg::{NounClass, NounKind, NounTypes};
    /// let t = NounTypes::parse("# comment\nfirm\torganization\nfilm\tobject\twork\n").unwrap();
    /// assert_eq!(t.class_of("firm"), Some(NounClass::Organization));
    /// assert_eq!(t.kind_of("film"), Some(NounKind::Work));
    /// assert_eq!(t.len(), 2);
    /// assert!(NounTypes::parse("firm organization\n").is_err());
    /// ```
    ///
    /// # Errors
    /// [`NounTypesError`] naming the line of a line without a tab, with an
    /// empty or upper-case lemma, an unknown class or kind, a kind on a class
    /// other than object or abstract, or a lemma already given.
    pub fn parse(text: &str) -> Result<NounTypes, NounTypesError> {
        let mut classes = FxHashMap::default();
        let mut kinds = FxHashMap::default();
        for (i, raw) in text.lines().enumerate() {
            let line = i + 1;
            let l = raw.trim_end_matches('\r');
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let err = |message: String| NounTypesError { line, message };
            let (lemma, class) = l
                .split_once('\t')
                .ok_or_else(|| err(format!("expected 'lemma<TAB>class', found {l:?}")))?;
            if lemma.is_empty() {
                return Err(err("empty lemma".into()));
            }
            if lemma.chars().any(char::is_uppercase) {
                return Err(err(format!("lemma {lemma:?} is not lower case")));
            }
            let (class, kind) = match class.split_once('\t') {
                Some((c, k)) => (c, Some(k)),
                None => (class, None),
            };
            let class = NounClass::from_name(class)
                .ok_or_else(|| err(format!("unknown class {class:?}")))?;
            if let Some(k) = kind {
                let k = NounKind::from_name(k).ok_or_else(|| err(format!("unknown kind {k:?}")))?;
                // A kind refines a thing; a person or a place is never a work.
                if !matches!(class, NounClass::Object | NounClass::Abstract) {
                    return Err(err(format!("kind {k} on class {class}")));
                }
                kinds.insert(lemma.into(), k);
            }
            if classes.insert(lemma.into(), class).is_some() {
                return Err(err(format!("lemma {lemma:?} given twice")));
            }
        }
        Ok(NounTypes { classes, kinds })
    }

    /// The class of a common noun's lemma (lower case; upper-case letters are
    /// lowered), or `None` when the table does not know it.
    ///
    /// ```
    /// use kg::{NounClass, NounTypes};
    /// let t = NounTypes::parse("deal\tabstract\n").unwrap();
    /// assert_eq!(t.class_of("deal"), Some(NounClass::Abstract));
    /// assert_eq!(t.class_of("Deal"), Some(NounClass::Abstract));
    /// assert_eq!(t.class_of("flurb"), None);
    /// ```
    #[must_use]
    pub fn class_of(&self, lemma: &str) -> Option<NounClass> {
        if lemma.chars().any(char::is_uppercase) {
            return self.classes.get(lemma.to_lowercase().as_str()).copied();
        }
        self.classes.get(lemma).copied()
    }

    /// The kind of a common noun's lemma (work or product; upper-case letters
    /// are lowered), or `None` when the table gives it none.
    ///
    /// ```
    /// use kg::{NounKind, NounTypes};
    /// let t = NounTypes::parse("handset\tobject\tproduct\ndeal\tabstract\n").unwrap();
    /// assert_eq!(t.kind_of("Handset"), Some(NounKind::Product));
    /// assert_eq!(t.kind_of("deal"), None);
    /// ```
    #[must_use]
    pub fn kind_of(&self, lemma: &str) -> Option<NounKind> {
        if lemma.chars().any(char::is_uppercase) {
            return self.kinds.get(lemma.to_lowercase().as_str()).copied();
        }
        self.kinds.get(lemma).copied()
    }

    /// Number of lemmas in the table.
    ///
    /// ```
    /// use kg::NounTypes;
    /// assert_eq!(NounTypes::parse("").unwrap().len(), 0);
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.classes.len()
    }

    /// True when the table has no lemma.
    ///
    /// ```
    /// use kg::NounTypes;
    /// assert!(NounTypes::parse("# nothing\n").unwrap().is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.classes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_names_round_trip() {
        for c in NounClass::ALL {
            assert_eq!(NounClass::from_name(c.name()), Some(c));
            assert_eq!(NounClass::ALL[c.index()], c);
        }
        assert_eq!(NounClass::from_name("location"), None);
    }

    #[test]
    fn tiny_table() {
        let t = NounTypes::parse(
            "# kg train noun-types\n\nactor\tperson\nfirm\torganization\ncapital\tplace\r\n\
             election\tevent\npeace deal\tabstract\n",
        )
        .unwrap();
        assert_eq!(t.len(), 5);
        assert_eq!(t.class_of("actor"), Some(NounClass::Person));
        assert_eq!(t.class_of("firm"), Some(NounClass::Organization));
        assert_eq!(t.class_of("capital"), Some(NounClass::Place));
        assert_eq!(t.class_of("Election"), Some(NounClass::Event));
        assert_eq!(t.class_of("peace deal"), Some(NounClass::Abstract));
        assert_eq!(t.class_of("actors"), None);
        assert_eq!(t.class_of(""), None);
        assert_eq!(t.kind_of("actor"), None);
    }

    #[test]
    fn kinds_refine_things() {
        let t = NounTypes::parse(
            "album\tobject\twork\ntreaty\tabstract\twork\nlaptop\tobject\tproduct\n",
        )
        .unwrap();
        assert_eq!(t.class_of("album"), Some(NounClass::Object));
        assert_eq!(t.kind_of("album"), Some(NounKind::Work));
        assert_eq!(t.kind_of("Treaty"), Some(NounKind::Work));
        assert_eq!(t.kind_of("laptop"), Some(NounKind::Product));
        for k in NounKind::ALL {
            assert_eq!(NounKind::from_name(k.name()), Some(k));
        }
    }

    #[test]
    fn parse_errors_name_the_line() {
        let cases = [
            ("actor\tperson\nfirm organization\n", 2, "expected"),
            ("\tperson\n", 1, "empty lemma"),
            ("# c\nactor\tpeople\n", 2, "unknown class"),
            ("actor\tperson\n\nactor\tplace\n", 3, "twice"),
            ("Actor\tperson\n", 1, "lower case"),
            ("actor\tperson\textra\n", 1, "unknown kind"),
            ("actor\tperson\twork\n", 1, "kind work on class person"),
            ("film\tobject\twork\tx\n", 1, "unknown kind"),
        ];
        for (text, line, what) in cases {
            let e = NounTypes::parse(text).unwrap_err();
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(e.to_string().contains(what), "{text:?}: {e}");
            assert!(e.to_string().contains(&format!("line {line}")), "{e}");
        }
    }

    #[test]
    fn embedded_table_parses() {
        let t = NounTypes::embedded();
        assert!(!t.is_empty());
        assert_eq!(t.kind_of("album"), Some(NounKind::Work));
        assert_eq!(t.kind_of("handset"), Some(NounKind::Product));
        assert_eq!(t.kind_of("actor"), None);
    }
}
