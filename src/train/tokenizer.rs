//! Learns the tokenizer's word lists from a treebank that keeps its raw text
//! (`SpaceAfter=No` and multiword tokens), such as UD English EWT.
//!
//! Three lists come out, each decided by counting how the treebank treats a
//! form, so that the tokenizer reproduces the treebank's own conventions:
//!
//! - **abbreviations**: surface tokens ending in a dot (`Mr.`, `etc.`) that
//!   the treebank keeps whole more often than it splits the same word from a
//!   following dot; marked `final` when they end sentences at least as often
//!   as they are followed by a capitalised word inside one;
//! - **hyphen prefixes**: the word before a hyphen (`e` of `e-mail`, `non`)
//!   when the treebank keeps such hyphenated words whole more often than it
//!   splits them (EWT splits most: `long - term`);
//! - **irregular contractions**: multiword tokens that the apostrophe rules
//!   cannot split (`gonna` → `gon na`, `cannot` → `can not`, `dont`), when the
//!   form is a multiword token at least twice and more often than not.
//!
//! The output is sorted, so the same treebank gives the same bytes.

use crate::document::Upos;
use crate::formats::conllu::ConlluSentence;
use crate::nlp::tokenize::clitic_cut;
use std::collections::BTreeMap;

/// The learned lists, ready to be written one entry per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenizerLists {
    /// `form` or `form<TAB>final`, lower case, with the dot.
    pub abbreviations: Vec<String>,
    /// Lower-case words before a hyphen kept inside the token.
    pub hyphen_whole: Vec<String>,
    /// `form<TAB>piece piece…`, lower case.
    pub contractions: Vec<String>,
}

/// A surface token of a sentence: a multiword token or a plain word.
struct Surface {
    form: String,
    /// The syntactic words (one for a plain word).
    words: Vec<String>,
    space_after: bool,
}

fn surfaces(s: &ConlluSentence) -> Vec<Surface> {
    let mut out = Vec::with_capacity(s.words.len());
    let mut i = 0;
    while i < s.words.len() {
        let id = i as u32 + 1;
        if let Some(m) = s.multiword.iter().find(|m| m.first == id) {
            let last = (m.last as usize).min(s.words.len());
            out.push(Surface {
                form: m.form.clone(),
                words: s.words[i..last].iter().map(|w| w.form.clone()).collect(),
                space_after: m.space_after,
            });
            i = last.max(i + 1);
        } else {
            out.push(Surface {
                form: s.words[i].form.clone(),
                words: vec![s.words[i].form.clone()],
                space_after: s.words[i].space_after,
            });
            i += 1;
        }
    }
    out
}

#[derive(Default)]
struct AbbrevCounts {
    whole: u32,
    split: u32,
    last: u32,
    mid_capital: u32,
}

fn is_closing(form: &str) -> bool {
    form.chars()
        .all(|c| matches!(c, ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '»'))
}

/// Counts the treebank's choices and returns the lists.
#[must_use]
pub fn learn(sentences: &[ConlluSentence]) -> TokenizerLists {
    let mut abbrevs: BTreeMap<String, AbbrevCounts> = BTreeMap::new();
    let mut hyphens: BTreeMap<String, (u32, u32)> = BTreeMap::new(); // (whole, split)
    let mut mwts: BTreeMap<String, (u32, String)> = BTreeMap::new(); // (count, pieces)
    let mut whole_forms: BTreeMap<String, u32> = BTreeMap::new();
    // Nouns, so that `travellers` (traveller + s, a possessive without its
    // apostrophe) is not learned as a contraction like `thats`.
    let mut nouns = std::collections::BTreeSet::new();
    for s in sentences {
        for w in &s.words {
            if matches!(w.upos, Upos::Noun | Upos::Propn) {
                nouns.insert(w.form.to_lowercase());
            }
        }
        let toks = surfaces(s);
        for (i, t) in toks.iter().enumerate() {
            let lower = t.form.to_lowercase();
            // Abbreviations.
            let body = t.form.strip_suffix('.');
            if let Some(body) = body.filter(|b| {
                !b.is_empty()
                    && b.chars().any(char::is_alphabetic)
                    && b.chars().all(|c| c.is_alphabetic() || c == '.')
            }) {
                let _ = body;
                if t.words.len() == 1 {
                    let c = abbrevs.entry(lower.clone()).or_default();
                    c.whole += 1;
                    let rest_closing = toks[i + 1..].iter().all(|n| is_closing(&n.form));
                    if rest_closing {
                        c.last += 1;
                    } else if toks[i + 1]
                        .form
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                    {
                        c.mid_capital += 1;
                    }
                }
            }
            if !t.space_after
                && t.form.chars().all(char::is_alphabetic)
                && toks.get(i + 1).is_some_and(|n| n.form == ".")
            {
                abbrevs.entry(format!("{lower}.")).or_default().split += 1;
            }
            // Contractions.
            if t.words.len() > 1 {
                let regular = clitic_cut(&t.form)
                    .is_some_and(|cut| t.words.len() == 2 && t.words[0].len() == cut);
                if !regular && t.words.concat() == t.form {
                    let e = mwts.entry(lower.clone()).or_insert((0, String::new()));
                    e.0 += 1;
                    e.1 = t.words.join(" ").to_lowercase();
                }
            } else {
                *whole_forms.entry(lower).or_default() += 1;
            }
        }
        // Hyphens, over the chunks between spaces.
        let mut chunk = String::new();
        let mut starts = Vec::new();
        for t in &toks {
            starts.push(chunk.len());
            chunk.push_str(&t.form);
            if t.space_after {
                count_hyphens(&chunk, &starts, &mut hyphens);
                chunk.clear();
                starts.clear();
            }
        }
        count_hyphens(&chunk, &starts, &mut hyphens);
    }
    let abbreviations = abbrevs
        .into_iter()
        .filter(|(_, c)| c.whole > c.split)
        .map(|(f, c)| {
            if c.last > 0 && c.last >= c.mid_capital {
                format!("{f}\tfinal")
            } else {
                f
            }
        })
        .collect();
    let hyphen_whole = hyphens
        .into_iter()
        .filter(|(_, (whole, split))| *whole >= 2 && whole > split)
        .map(|(k, _)| k)
        .collect();
    let contractions = mwts
        .into_iter()
        .filter(|(f, (n, _))| *n >= 2 && *n > whole_forms.get(f).copied().unwrap_or(0))
        .filter(|(_, (_, split))| match split.rsplit_once(' ') {
            Some((stem, "s")) => !nouns.contains(stem),
            _ => true,
        })
        .map(|(f, (_, split))| format!("{f}\t{split}"))
        .collect();
    TokenizerLists {
        abbreviations,
        hyphen_whole,
        contractions,
    }
}

/// Counts, for each single hyphen between two alphanumeric characters of a
/// chunk, whether the treebank made it a token of its own.
fn count_hyphens(chunk: &str, starts: &[usize], counts: &mut BTreeMap<String, (u32, u32)>) {
    let b = chunk.as_bytes();
    for (p, &c) in b.iter().enumerate() {
        if c != b'-' || p == 0 || p + 1 >= b.len() {
            continue;
        }
        if !(b[p - 1].is_ascii_alphanumeric() && b[p + 1].is_ascii_alphanumeric()) {
            continue;
        }
        let left_start = chunk[..p]
            .char_indices()
            .rev()
            .find(|&(_, ch)| !ch.is_alphanumeric())
            .map_or(0, |(i, ch)| i + ch.len_utf8());
        let left = &chunk[left_start..p];
        if !left.chars().any(char::is_alphabetic) {
            continue;
        }
        let split = starts.contains(&p) && starts.contains(&(p + 1));
        let e = counts.entry(left.to_lowercase()).or_insert((0, 0));
        if split {
            e.1 += 1;
        } else {
            e.0 += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_from_a_tiny_treebank() {
        let text = "# text = Mr. Li can't e-mail.\n\
1\tMr.\t_\t_\t_\t_\t0\troot\t_\t_\n\
2\tLi\t_\t_\t_\t_\t1\tx\t_\t_\n\
3-4\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n\
3\tcan\t_\t_\t_\t_\t1\tx\t_\t_\n\
4\tnot\t_\t_\t_\t_\t1\tx\t_\t_\n\
5\te-mail\t_\t_\t_\t_\t1\tx\t_\tSpaceAfter=No\n\
6\t.\t_\t_\t_\t_\t1\tx\t_\t_\n\n\
# text = cannot e-mail\n\
1-2\tcannot\t_\t_\t_\t_\t_\t_\t_\t_\n\
1\tcan\t_\t_\t_\t_\t0\troot\t_\t_\n\
2\tnot\t_\t_\t_\t_\t1\tx\t_\t_\n\
3\te-mail\t_\t_\t_\t_\t1\tx\t_\t_\n\n";
        let s = crate::formats::conllu::read(text.as_bytes(), "t").unwrap();
        let lists = learn(&s);
        assert_eq!(lists.abbreviations, ["mr."]);
        assert_eq!(lists.hyphen_whole, ["e"]);
        assert_eq!(lists.contractions, ["cannot\tcan not"]);
    }
}
