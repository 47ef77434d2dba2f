//! Text cleaning shared by the graph: what a name, a key and a stored text may contain.
//!
//! Everything the graph stores ends up in RDF/XML, which is XML 1.0 and cannot carry
//! NUL or most C0 control characters even as character references. So the graph
//! cleans text once, at the boundary, and every exporter can then write it verbatim:
//!
//! * names (entity names, aliases, relation labels) collapse every run of whitespace,
//!   tab and newline included, into one space and replace other control characters
//!   and Unicode noncharacters with U+FFFD, so a bad byte stays visible rather than
//!   vanishing; bidirectional controls (U+202A–U+202E, U+2066–U+2069, which can make
//!   a label display as something else) and zero-width characters (U+200B, U+2060,
//!   U+FEFF) are dropped;
//! * texts (sentence text, string values) keep their length in characters, so that
//!   character offsets into them stay right: `\r` becomes a space (XML parsers would
//!   turn it into `\n`), other controls except tab and newline become U+FFFD.

use std::borrow::Cow;

/// U+FFFD, written where a character cannot be stored.
pub const REPLACEMENT: char = '\u{FFFD}';

/// True for characters XML 1.0 cannot carry at all, plus the other C0/C1 controls and
/// noncharacters, which carry no meaning in a name or a sentence.
fn is_unstorable(c: char) -> bool {
    c.is_control() || matches!(c as u32, 0xFFFE | 0xFFFF | 0xFDD0..=0xFDEF)
}

/// Characters a name loses: bidirectional embeddings, overrides and isolates
/// (spoofing in anything that displays the label) and zero-width characters.
fn is_dropped_in_names(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}'
    )
}

/// Cleans a name: whitespace runs become one space, the ends are trimmed, controls
/// and noncharacters become U+FFFD, bidi controls and zero-width characters are
/// dropped. Nothing else changes; case is kept.
#[must_use]
pub fn clean_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for c in name.chars() {
        if is_dropped_in_names(c) {
            continue;
        }
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(if is_unstorable(c) { REPLACEMENT } else { c });
    }
    out
}

/// Cleans a text without changing its length in characters (see the module docs).
#[must_use]
pub fn clean_text(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' => c,
            '\r' => ' ',
            c if is_unstorable(c) => REPLACEMENT,
            c => c,
        })
        .collect()
}

/// The key of a name: cleaned, lower-cased, with `_` read as a space and typographic
/// apostrophes as `'`.
///
/// Two names with the same key are the same entity; IRIs are minted from keys.
#[must_use]
pub fn name_key(name: &str) -> String {
    // Most names are already clean, ASCII and without `_`: one allocation then.
    let spaced: Cow<'_, str> = if name.contains('_') {
        Cow::Owned(name.replace('_', " "))
    } else {
        Cow::Borrowed(name)
    };
    let clean: Cow<'_, str> = if is_clean_name(&spaced) {
        spaced
    } else {
        Cow::Owned(clean_name(&spaced))
    };
    if clean.is_ascii() {
        let mut key = clean.into_owned();
        key.make_ascii_lowercase();
        key
    } else {
        // "O’Brien" and "O'Brien" are one name: a typographic apostrophe is the ASCII one.
        clean
            .to_lowercase()
            .replace(['\u{2019}', '\u{2018}', '\u{02BC}'], "'")
    }
}

/// True when [`clean_name`] would return `name` unchanged.
pub(crate) fn is_clean_name(name: &str) -> bool {
    // A space is only allowed after a non-space, and not at the end.
    let mut after_space = true;
    for c in name.chars() {
        if c.is_whitespace() {
            if c != ' ' || after_space {
                return false;
            }
            after_space = true;
        } else {
            if is_unstorable(c) || is_dropped_in_names(c) {
                return false;
            }
            after_space = false;
        }
    }
    !after_space || name.is_empty()
}

/// [`clean_name`] of an owned name, reusing it when it is already clean.
pub(crate) fn clean_name_owned(name: String) -> String {
    if is_clean_name(&name) {
        name
    } else {
        clean_name(&name)
    }
}

/// [`clean_text`] of an owned text, reusing it when it is already clean.
pub(crate) fn clean_text_owned(text: String) -> String {
    if text
        .chars()
        .all(|c| matches!(c, '\t' | '\n') || !is_unstorable(c))
    {
        text
    } else {
        clean_text(&text)
    }
}

/// The key of a relation: lower-cased words (letters and digits) joined by `_`.
#[must_use]
pub fn relation_key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    for word in label
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('_');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// 128-bit FNV-1a of `parts`, each followed by a 0x1F separator, as 32 hex digits.
///
/// Used for content-derived IRIs (facts, evidence): the same content gives the same
/// IRI in every run and on every machine, so graphs built apart merge by union.
#[must_use]
pub fn content_hash(parts: &[&str]) -> String {
    let mut h = ContentHasher::new();
    for part in parts {
        h.add(part.as_bytes());
        h.end_part();
    }
    h.hex()
}

/// [`content_hash`] fed piece by piece: `write!` a part (no string is built),
/// then [`ContentHasher::end_part`]; the same parts give the same hash.
pub(crate) struct ContentHasher(u128);

impl ContentHasher {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;

    pub(crate) fn new() -> Self {
        Self(Self::OFFSET)
    }

    fn add(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// Closes the current part.
    pub(crate) fn end_part(&mut self) {
        self.add(&[0x1F]);
    }

    /// The hash as 32 hex digits.
    pub(crate) fn hex(&self) -> String {
        format!("{:032x}", self.0)
    }
}

impl std::fmt::Write for ContentHasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.add(s.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streamed_hash_equals_content_hash() {
        use std::fmt::Write;
        let mut h = ContentHasher::new();
        write!(h, "{:?}", ("a\"b", 3)).unwrap();
        h.end_part();
        write!(h, "{}", 17).unwrap();
        h.end_part();
        assert_eq!(
            h.hex(),
            content_hash(&[&format!("{:?}", ("a\"b", 3)), "17"])
        );
    }

    #[test]
    fn clean_checks_agree_with_cleaning() {
        for s in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\u{0}b",
            "\u{202E}x",
            "a\u{200B}b",
            "a \u{2066}",
            "a\u{FFFF}",
            "a\u{85}b",
            "Ann_Lee",
            "ÉMILE Zola",
            "x\u{a0}y",
            "İstanbul",
            "a\r\nb",
            "\u{FDD0}",
        ] {
            assert_eq!(is_clean_name(s), clean_name(s) == s, "{s:?}");
            assert_eq!(clean_name_owned(s.to_owned()), clean_name(s), "{s:?}");
            assert_eq!(clean_text_owned(s.to_owned()), clean_text(s), "{s:?}");
            let slow = clean_name(&s.replace('_', " ")).to_lowercase();
            assert_eq!(name_key(s), slow, "{s:?}");
        }
    }

    #[test]
    fn names_lose_controls_but_keep_length_information() {
        assert_eq!(clean_name("\u{0}"), "\u{FFFD}");
        assert_eq!(clean_name(" \t\n "), "");
        assert_eq!(clean_name("x\u{FFFF}"), "x\u{FFFD}");
        assert_eq!(clean_name("عربي  🙂"), "عربي 🙂");
    }

    #[test]
    fn texts_keep_their_char_count() {
        let t = "a\u{0}\u{1b}[0m\r\n\tz";
        assert_eq!(clean_text(t).chars().count(), t.chars().count());
    }

    #[test]
    fn relation_keys_are_words() {
        assert_eq!(relation_key("  "), "");
        assert_eq!(relation_key("Ünïcode VERB"), "ünïcode_verb");
        assert_eq!(relation_key("\"<>\\{|"), "");
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(content_hash(&[]), "6c62272e07bb014262b821756295c58d");
        assert_ne!(content_hash(&["ab", "c"]), content_hash(&["a", "bc"]));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `graph::text::clean_name`.
    #[test]
    fn doc_text_clean_name() -> Result<(), Box<dyn std::error::Error>> {
        use crate::graph::text::clean_name;
        assert_eq!(clean_name("  Maria\t\nSantos "), "Maria Santos");
        assert_eq!(clean_name("a\u{0}b"), "a\u{FFFD}b");
        assert_eq!(clean_name("Ali\u{200B}ce \u{202E}Corp"), "Alice Corp");
        Ok(())
    }

    /// Example of `graph::text::clean_text`.
    #[test]
    fn doc_text_clean_text() -> Result<(), Box<dyn std::error::Error>> {
        use crate::graph::text::clean_text;
        assert_eq!(clean_text("a\r\nb\u{7}"), "a \nb\u{FFFD}");
        Ok(())
    }

    /// Example of `graph::text::name_key`.
    #[test]
    fn doc_text_name_key() -> Result<(), Box<dyn std::error::Error>> {
        use crate::graph::text::name_key;
        assert_eq!(name_key("Karl  LINDQVIST"), "karl lindqvist");
        assert_eq!(name_key("Karl_Lindqvist"), "karl lindqvist");
        assert_eq!(name_key("O\u{2019}Quell"), name_key("O'Quell"));
        Ok(())
    }

    /// Example of `graph::text::relation_key`.
    #[test]
    fn doc_text_relation_key() -> Result<(), Box<dyn std::error::Error>> {
        use crate::graph::text::relation_key;
        assert_eq!(relation_key("Calls on"), "calls_on");
        assert_eq!(relation_key("pay-visit  to!"), "pay_visit_to");
        Ok(())
    }
}
