//! SPARQL syntax errors for people: the parser's message turned into one line that names
//! the token where parsing stopped, or the prefix no `PREFIX` declares.

/// One line for a SPARQL syntax error: an undeclared prefix by name, else the
/// token where parsing stopped with its line and column, and what was expected
/// (cut short when the parser lists dozens of alternatives).
pub(crate) fn syntax_message(sparql: &str, raw: &str) -> String {
    if let Some((prefix, line, column)) = undeclared_prefix(sparql) {
        return format!(
            "unknown prefix {prefix}: at line {line}, column {column} (declare it with PREFIX {prefix}: <…>)"
        );
    }
    let raw = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    let Some(rest) = raw.strip_prefix("error at ") else {
        return raw;
    };
    let Some((at, expected)) = rest.split_once(": ") else {
        return raw;
    };
    let Some((line, column)) = at
        .split_once(':')
        .and_then(|(l, c)| Some((l.parse::<usize>().ok()?, c.parse::<usize>().ok()?)))
    else {
        return raw;
    };
    const MAX: usize = 100;
    let expected = if expected.chars().count() > MAX {
        let cut: String = expected.chars().take(MAX).collect();
        let cut = cut.rsplit_once(", ").map_or(cut.as_str(), |(head, _)| head);
        format!("{cut}, …")
    } else {
        expected.to_owned()
    };
    let token = token_at(sparql, line, column);
    format!("parsing stopped {token} (line {line}, column {column}): {expected}")
}

/// Where parsing stopped, for people: "at `token`" for the text at a 1-based line
/// and column (in characters, up to the next white space, at most 30 characters);
/// when that is white space or the end (where the parser often reports a keyword
/// it missed), "after `token`" for the text before it.
fn token_at(sparql: &str, line: usize, column: usize) -> String {
    let chars: Vec<char> = sparql.chars().collect();
    // Character index of the line and column.
    let mut index = 0;
    for (n, l) in sparql.split('\n').enumerate() {
        let len = l.chars().count();
        if n + 1 == line {
            index += column.saturating_sub(1).min(len);
            break;
        }
        index += len + 1;
    }
    let index = index.min(chars.len());
    let word = |range: std::ops::Range<usize>| -> String {
        let w: String = chars[range].iter().collect();
        if w.chars().count() > 30 {
            format!("{}…", w.chars().take(30).collect::<String>())
        } else {
            w
        }
    };
    let end = chars[index..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |n| index + n);
    if end > index {
        return format!("at `{}`", word(index..end));
    }
    let Some(last) = chars[..index].iter().rposition(|c| !c.is_whitespace()) else {
        return "at the start of the query".to_owned();
    };
    let start = chars[..=last]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |n| n + 1);
    let at_end = chars[index..].iter().all(|c| c.is_whitespace());
    let place = if at_end {
        " at the end of the query"
    } else {
        ""
    };
    format!("after `{}`{place}", word(start..last + 1))
}

/// The first prefixed name (`kg:Person`) whose prefix no `PREFIX` declares, with
/// its 1-based line and column. IRIs, strings, comments, variables and blank
/// node labels are skipped.
fn undeclared_prefix(sparql: &str) -> Option<(String, usize, usize)> {
    let chars: Vec<char> = sparql.chars().collect();
    let mut names: Vec<(String, usize)> = Vec::new();
    let mut declared: Vec<String> = Vec::new();
    let mut after_prefix_keyword = false;
    let mut i = 0;
    let name_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':' | '%');
    while i < chars.len() {
        let c = chars[i];
        match c {
            '#' => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
            }
            '<' => {
                // An IRI when a `>` closes it before any space; else an operator.
                let end = chars[i + 1..]
                    .iter()
                    .position(|&d| d == '>' || d.is_whitespace() || d == '<');
                match end {
                    Some(n) if chars[i + 1 + n] == '>' => i += n + 2,
                    _ => i += 1,
                }
                continue;
            }
            '"' | '\'' => {
                let long = chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c);
                i += if long { 3 } else { 1 };
                while i < chars.len() {
                    if chars[i] == '\\' {
                        i += 2;
                        continue;
                    }
                    if chars[i] == c
                        && (!long || (chars.get(i + 1) == Some(&c) && chars.get(i + 2) == Some(&c)))
                    {
                        i += if long { 3 } else { 1 };
                        break;
                    }
                    i += 1;
                }
                continue;
            }
            '?' | '$' => {
                i += 1;
                while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                continue;
            }
            c if name_char(c) => {
                let start = i;
                while i < chars.len() && name_char(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if after_prefix_keyword {
                    if let Some(p) = word.strip_suffix(':') {
                        declared.push(p.to_owned());
                    }
                    after_prefix_keyword = false;
                } else if word.eq_ignore_ascii_case("prefix") {
                    after_prefix_keyword = true;
                } else if let Some((p, _)) = word.split_once(':') {
                    let is_prefix =
                        p.is_empty() || p.chars().next().is_some_and(char::is_alphabetic);
                    if is_prefix && p != "_" {
                        names.push((p.to_owned(), start));
                    }
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    let (prefix, at) = names.into_iter().find(|(p, _)| !declared.contains(p))?;
    let before = &chars[..at];
    let line = before.iter().filter(|&&c| c == '\n').count() + 1;
    let column = before.iter().rev().take_while(|&&c| c != '\n').count() + 1;
    Some((prefix, line, column))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_undeclared_prefix_is_named() {
        let q = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\nSELECT * WHERE { ?s rdfs:label ?l ; kg:p \"a:b\" }";
        assert_eq!(undeclared_prefix(q), Some(("kg".to_owned(), 2, 37)));
        let ok = "PREFIX : <http://e/> SELECT * WHERE { ?s :p <http://e/x#y> . _:b :q ?o }";
        assert_eq!(undeclared_prefix(ok), None);
    }

    #[test]
    fn a_syntax_error_names_the_token_on_one_line() {
        let m = syntax_message(
            "SELECT * WHERE { ?s <http://e/p> ?o FOO }",
            "error at 1:37: expected one of GRAPH, MINUS, [_]",
        );
        assert_eq!(
            m,
            "parsing stopped at `FOO` (line 1, column 37): expected one of GRAPH, MINUS, [_]"
        );
        assert_eq!(
            token_at("SELECT * WHERE { ?s ?p ?o", 1, 26),
            "after `?o` at the end of the query"
        );
        assert_eq!(token_at("SELECT *  WHERE", 1, 9), "after `*`");
        assert_eq!(token_at("a\nbb cc", 2, 4), "at `cc`");
    }
}
