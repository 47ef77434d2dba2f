//! Which verbs take a passive: "a deal valued at $6bn" is passive, "sales climbed to
//! $6bn" (a past tense the parser read as a participle) is not, because "climb" is not a
//! verb English puts in the passive the way "value" is.
//!
//! The table is counted from treebanks by `kg train verb-voice` (see
//! `src/train/verb_voice.rs`): for each verb lemma, its uses as a verb, its passive uses
//! (a passive subject or auxiliary), its uses with a direct object, and its passive uses that
//! keep a nominal complement ("was called X", "was given a prize"). It is shipped as plain
//! TSV (`models/verb_voice.tsv`, `#` comments first) and embedded in the binary;
//! [`VerbVoice::embedded`] parses it once on first use. The decisions are read from the
//! counts, so a reader of the table sees why a verb is in or out.

use rustc_hash::FxHashMap;
use std::sync::OnceLock;

/// The treebank counts of one verb lemma.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerbCounts {
    /// Uses as a verb (`VERB`).
    pub uses: u32,
    /// Passive uses: with `nsubj:pass`, `csubj:pass` or `aux:pass`.
    pub passive: u32,
    /// Uses with a direct object (`obj`).
    pub object: u32,
    /// Passive uses, or participles modifying a noun, with a nominal `obj` or `xcomp`
    /// ("was called X", "a man named X", "was given a prize").
    pub passive_complement: u32,
}

/// A verb with at least this many uses with an object, and an object in at least
/// [`OBJECT_SHARE`] of its uses, takes a passive even if none was seen ("value").
const MIN_OBJECTS: u32 = 3;
/// See [`MIN_OBJECTS`].
const OBJECT_SHARE: f64 = 0.6;
/// A verb keeps a complement in the passive when it did so at least this often…
const MIN_COMPLEMENTS: u32 = 5;
/// …and in at least this share of its passive uses ("call", "name", "give"; not "make" or
/// "consider", whose passives mostly stand alone).
const COMPLEMENT_SHARE: f64 = 0.5;

impl VerbCounts {
    /// Whether the verb takes a passive: seen in one, or mostly used with an object.
    #[must_use]
    pub fn takes_passive(&self) -> bool {
        self.passive > 0
            || (self.object >= MIN_OBJECTS
                && f64::from(self.object) >= OBJECT_SHARE * f64::from(self.uses))
    }

    /// Whether the verb's passive keeps a nominal complement ("a service called X").
    #[must_use]
    pub fn keeps_complement_in_passive(&self) -> bool {
        self.passive_complement >= MIN_COMPLEMENTS
            && f64::from(self.passive_complement)
                >= COMPLEMENT_SHARE * f64::from(self.passive.max(1))
    }
}

/// A malformed verb-voice table, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("verb voice table, line {line}: {message}")]
pub struct VerbVoiceError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Treebank counts of verb lemmas, for deciding what a bare participle means.
#[derive(Debug, Clone, Default)]
pub struct VerbVoice {
    verbs: FxHashMap<Box<str>, VerbCounts>,
}

const EMBEDDED: &str = include_str!("../../models/verb_voice.tsv");

impl VerbVoice {
    /// The table shipped in `models/verb_voice.tsv`, parsed on first use.
    ///
    /// ```
    /// use kg::VerbVoice;
    /// let voice = VerbVoice::embedded();
    /// assert!(voice.takes_passive("value"));
    /// assert!(!voice.takes_passive("remain"));
    /// assert!(voice.keeps_complement_in_passive("call"));
    /// ```
    ///
    /// # Panics
    /// If the embedded table is malformed (a build error, caught by the tests).
    #[must_use]
    pub fn embedded() -> &'static VerbVoice {
        static TABLE: OnceLock<VerbVoice> = OnceLock::new();
        TABLE.get_or_init(|| {
            VerbVoice::parse(EMBEDDED).expect("models/verb_voice.tsv is a valid verb-voice table")
        })
    }

    /// Parses a table: one `lemma<TAB>uses<TAB>passive<TAB>object<TAB>passive_complement`
    /// per line; blank lines and lines starting with `#` are skipped.
    ///
    /// ```
    /// use kg::VerbVoice;
    /// let t = VerbVoice::parse("# comment\nvalue\t12\t0\t12\t0\n")?;
    /// assert!(t.takes_passive("value") && !t.takes_passive("unknown"));
    /// assert!(VerbVoice::parse("value\t12\n").is_err());
    /// # Ok::<(), kg::VerbVoiceError>(())
    /// ```
    ///
    /// # Errors
    /// [`VerbVoiceError`] naming the line of a row without five fields or with a count that is
    /// not a number, or of a lemma listed twice.
    pub fn parse(text: &str) -> Result<VerbVoice, VerbVoiceError> {
        let mut verbs = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            let error = |message: String| VerbVoiceError {
                line: i + 1,
                message,
            };
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let [lemma, counts @ ..] = fields.as_slice() else {
                unreachable!("split yields at least one field");
            };
            if counts.len() != 4 || lemma.is_empty() {
                return Err(error(format!(
                    "expected lemma and four counts, found {} field(s)",
                    fields.len()
                )));
            }
            let mut n = [0u32; 4];
            for (slot, field) in n.iter_mut().zip(counts) {
                *slot = field
                    .parse()
                    .map_err(|_| error(format!("{field:?} is not a count")))?;
            }
            let counts = VerbCounts {
                uses: n[0],
                passive: n[1],
                object: n[2],
                passive_complement: n[3],
            };
            if verbs.insert((*lemma).into(), counts).is_some() {
                return Err(error(format!("{lemma:?} is listed twice")));
            }
        }
        Ok(VerbVoice { verbs })
    }

    /// The counts of `lemma` (lower case), if the treebanks had it as a verb.
    #[must_use]
    pub fn counts(&self, lemma: &str) -> Option<VerbCounts> {
        self.verbs.get(lemma).copied()
    }

    /// Whether `lemma` (lower case) takes a passive (see [`VerbCounts::takes_passive`]); an
    /// unknown verb does not, so a bare participle of it stays as the parser read it.
    #[must_use]
    pub fn takes_passive(&self, lemma: &str) -> bool {
        self.counts(lemma).is_some_and(|c| c.takes_passive())
    }

    /// Whether `lemma`'s passive keeps a nominal complement (see
    /// [`VerbCounts::keeps_complement_in_passive`]).
    #[must_use]
    pub fn keeps_complement_in_passive(&self, lemma: &str) -> bool {
        self.counts(lemma)
            .is_some_and(|c| c.keeps_complement_in_passive())
    }

    /// Number of verbs in the table.
    #[must_use]
    pub fn len(&self) -> usize {
        self.verbs.len()
    }

    /// Whether the table is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.verbs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_separates_transitive_from_intransitive_verbs() {
        let v = VerbVoice::embedded();
        assert!(v.len() > 1000, "{} verbs", v.len());
        for verb in ["value", "arrest", "base", "kill", "supply", "call"] {
            assert!(v.takes_passive(verb), "{verb}");
        }
        for verb in ["remain", "emerge", "rise", "fall", "happen", "arrive"] {
            assert!(!v.takes_passive(verb), "{verb}");
        }
        assert!(v.keeps_complement_in_passive("name"));
        assert!(!v.keeps_complement_in_passive("make"));
    }

    #[test]
    fn malformed_rows_name_their_line() {
        let e = VerbVoice::parse("# c\nvalue\t1\t2\t3\tx\n").unwrap_err();
        assert_eq!(e.line, 2);
        let e = VerbVoice::parse("a\t1\t1\t1\t1\na\t1\t1\t1\t1\n").unwrap_err();
        assert!(e.message.contains("twice"), "{e}");
    }
}
