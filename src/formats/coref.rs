//! kg's coreference gold sets (`NAME.clusters` beside `NAME.txt`, see
//! `tests/data/coref/README.md`): one cluster per line, a type, a tab, then its mentions
//! separated by ` | `. A mention is its surface text optionally followed by `@N`, the N-th
//! (1-based, default 1) case-sensitive whole-word occurrence of that text in the document,
//! counting occurrences inside longer mentions too. Lines starting with `#` are comments.
//!
//! ```text
//! PER<TAB>Anna Smith | Smith@2 | she
//! ORG<TAB>European Union | EU
//! ```

use super::ParseError;
use std::ops::Range;

/// Character spans of the `n`-th (1-based) whole-word occurrence of `needle` in `text`.
fn occurrence(text: &str, needle: &str, n: usize) -> Option<Range<usize>> {
    let mut seen = 0;
    for (b, _) in text.match_indices(needle) {
        let before = text[..b].chars().next_back();
        let after = text[b + needle.len()..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        if word(before) || word(after) {
            continue;
        }
        seen += 1;
        if seen == n {
            let start = text[..b].chars().count();
            return Some(start..start + needle.chars().count());
        }
    }
    None
}

/// Parses a `.clusters` file (named `file` in errors) against its text: clusters of
/// character spans.
///
/// # Errors
/// A [`ParseError`] naming the line of a malformed cluster, and the line and column of a
/// mention not found or of the later of two overlapping mentions.
pub fn parse_gold(
    text: &str,
    clusters: &str,
    file: &str,
) -> Result<Vec<Vec<Range<usize>>>, ParseError> {
    let mut out: Vec<Vec<Range<usize>>> = Vec::new();
    // Each mention's span, line, column and text as written.
    let mut all: Vec<(Range<usize>, usize, usize, String)> = Vec::new();
    for (i, line) in clusters.lines().enumerate() {
        let line_no = i + 1;
        let line = line.trim_end();
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (_, mentions) = line.split_once('\t').ok_or_else(|| {
            ParseError::new(
                file,
                line_no,
                "expected TYPE, a tab, then mentions separated by ' | '",
            )
        })?;
        let mut cluster = Vec::new();
        for m in mentions
            .split(" | ")
            .map(str::trim)
            .filter(|m| !m.is_empty())
        {
            // `m` is a slice of `line`: its column is the characters before it, plus one.
            let at = m.as_ptr() as usize - line.as_ptr() as usize;
            let column = line[..at].chars().count() + 1;
            let (surface, n) = match m.rsplit_once('@') {
                Some((s, n)) if n.parse::<usize>().is_ok() => (s, n.parse().unwrap_or(1)),
                _ => (m, 1),
            };
            let span = occurrence(text, surface, n).ok_or_else(|| ParseError {
                column: Some(column),
                ..ParseError::new(file, line_no, format!("{m:?} not found in the text"))
            })?;
            all.push((span.clone(), line_no, column, m.to_owned()));
            cluster.push(span);
        }
        if !cluster.is_empty() {
            out.push(cluster);
        }
    }
    all.sort_by_key(|(s, ..)| (s.start, s.end));
    for w in all.windows(2) {
        if w[1].0.start < w[0].0.end {
            let (_, line, column, m) = &w[1];
            return Err(ParseError {
                column: Some(*column),
                ..ParseError::new(file, *line, format!("{m:?} overlaps another mention"))
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_mentions_are_found_by_occurrence() {
        let text = "Anna Smith met Bob. Smith said she would go. Smith left.";
        let g = parse_gold(text, "PER\tAnna Smith | Smith@3 | she\nPER\tBob\n", "g").unwrap();
        assert_eq!(g[0], vec![0..10, 45..50, 31..34]);
        assert_eq!(g[1], vec![15..18]);
        let e = parse_gold(text, "PER\tSmith@1 | Anna Smith", "g").unwrap_err();
        assert_eq!(e.to_string(), "g:1:5: \"Smith@1\" overlaps another mention");
        let e = parse_gold(text, "PER\tCarol", "g").unwrap_err();
        assert_eq!(e.to_string(), "g:1:5: \"Carol\" not found in the text");
        let e = parse_gold(text, "PER Carol", "g").unwrap_err();
        assert_eq!((e.line, e.column), (1, None));
    }
}
