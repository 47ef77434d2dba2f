//! Headlines' reduced passive. A news headline drops the auxiliary of a passive ("Minister
//! accused of lying", "Over 900 asylum seekers rescued off coast"): the verb is a past
//! participle and its subject the patient. Universal Dependencies annotate it so (GUM's news
//! headlines: root `VBN` with `nsubj:pass`), but a tagger reads the bare "-ed" form as a past
//! tense, and the graph then says the minister accused someone. This pass runs after the
//! parser and gives such a headline its passive reading.

use crate::document::{ByteSpan, Token};

/// Whether the sentence at `span` of `text` stands on a line of its own and ends without a
/// full stop, question or exclamation mark (quotes aside): a headline or a sub-heading.
#[must_use]
pub(crate) fn is_headline(text: &str, span: ByteSpan, tokens: &[Token]) -> bool {
    let last = tokens
        .iter()
        .rev()
        .find(|t| !matches!(t.xpos.as_str(), "``" | "''") && !is_quote(&t.form));
    // A line that ends in a stop is a sentence; one that ends in a colon, a comma or a
    // dash goes on (a quotation follows, the speaker breaks off).
    let open_end = last.is_some_and(|t| {
        !matches!(
            t.form.as_str(),
            "." | "!" | "?" | "..." | "…" | ":" | ";" | "," | "-" | "–" | "—"
        )
    });
    let (start, end) = (span.start as usize, span.end as usize);
    let (Some(before), Some(after)) = (text.get(..start), text.get(end..)) else {
        return false;
    };
    // Only blanks up to the line's ends; the scans stop at the first other character, so
    // a long text without line breaks costs nothing per sentence.
    fn alone(mut chars: impl Iterator<Item = char>) -> bool {
        chars
            .find(|&c| c == '\n' || !c.is_whitespace())
            .is_none_or(|c| c == '\n')
    }
    open_end && alone(before.chars().rev()) && alone(after.chars())
}

fn is_quote(form: &str) -> bool {
    matches!(
        form,
        "\"" | "'" | "\u{2018}" | "\u{2019}" | "\u{201c}" | "\u{201d}"
    )
}

/// Gives a headline's bare past form its passive reading: a root tagged `VBD` that
/// `passive_participle` accepts (a form that may be a participle, of a verb English puts in
/// the passive), with a nominal subject before it that is no personal pronoun and no
/// auxiliary, object or clausal complement, becomes `VBN` and its subject `nsubj:pass`. With
/// an object the form stays active ("Actor rejected role" may be active, "Firm awarded
/// contract" passive: the words do not tell).
pub(crate) fn mark_reduced_passive(
    tokens: &mut [Token],
    passive_participle: impl Fn(&Token) -> bool,
) {
    let Some(root) = tokens
        .iter()
        .position(|t| t.head.is_some() && t.head_word().is_none())
    else {
        return;
    };
    if tokens[root].xpos != "VBD" || !passive_participle(&tokens[root]) {
        return;
    }
    let mut subject = None;
    for (i, t) in tokens.iter().enumerate() {
        if !t.depends_on(root) {
            continue;
        }
        let universal = t.deprel.split(':').next().unwrap_or("");
        match universal {
            "aux" | "cop" | "obj" | "iobj" | "ccomp" | "expl" => return,
            // "I answered", "They agreed": a person speaking, not a headline's patient.
            "nsubj" if t.deprel == "nsubj" && i < root && t.xpos != "PRP" => subject = Some(i),
            "nsubj" | "csubj" => return,
            _ => {}
        }
    }
    let Some(subject) = subject else { return };
    tokens[root].xpos = "VBN".to_owned();
    tokens[subject].deprel = "nsubj:pass".to_owned();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Head;

    /// Tokens of `words` (form, xpos, head as CoNLL-U number, deprel), spans over `text`.
    fn sentence(text: &str, words: &[(&str, &str, u32, &str)]) -> Vec<Token> {
        let mut at = 0;
        words
            .iter()
            .map(|&(form, xpos, head, deprel)| {
                let start = text[at..].find(form).map_or(at, |i| at + i);
                at = start + form.len();
                let mut t = Token::new(form, ByteSpan::new(start, at));
                t.xpos = xpos.to_owned();
                t.head = Some(Head::from_conllu(head));
                t.deprel = deprel.to_owned();
                t
            })
            .collect()
    }

    fn span_of(tokens: &[Token]) -> ByteSpan {
        ByteSpan {
            start: tokens[0].span.start,
            end: tokens[tokens.len() - 1].span.end,
        }
    }

    #[test]
    fn a_line_without_final_stop_is_a_headline() {
        let text = "Orbix accused of dumping\n\nOrbix was accused of dumping waste.\n";
        let head = sentence(
            text,
            &[
                ("Orbix", "NNP", 2, "nsubj"),
                ("accused", "VBD", 0, "root"),
                ("of", "IN", 4, "mark"),
                ("dumping", "VBG", 2, "advcl"),
            ],
        );
        assert!(is_headline(text, span_of(&head), &head));
        let body_text = &text[26..];
        let body = sentence(
            body_text,
            &[
                ("Orbix", "NNP", 3, "nsubj:pass"),
                ("was", "VBD", 3, "aux:pass"),
                ("accused", "VBN", 0, "root"),
                ("of", "IN", 5, "mark"),
                ("dumping", "VBG", 3, "advcl"),
                ("waste", "NN", 5, "obj"),
                (".", ".", 3, "punct"),
            ],
        );
        assert!(!is_headline(body_text, span_of(&body), &body));
        // A line that goes on after a colon is no headline.
        let text = "Orbix announced:";
        let t = sentence(
            text,
            &[
                ("Orbix", "NNP", 2, "nsubj"),
                ("announced", "VBD", 0, "root"),
                (":", ":", 2, "punct"),
            ],
        );
        assert!(!is_headline(text, span_of(&t), &t));
        // A sentence sharing its line with another is no headline.
        let text = "Orbix accused of dumping Later it denied it.";
        assert!(!is_headline(text, span_of(&head), &head));
    }

    #[test]
    fn a_bare_past_form_in_a_headline_is_a_passive() {
        let text = "Orbix accused of dumping";
        let mut t = sentence(
            text,
            &[
                ("Orbix", "NNP", 2, "nsubj"),
                ("accused", "VBD", 0, "root"),
                ("of", "IN", 4, "mark"),
                ("dumping", "VBG", 2, "advcl"),
            ],
        );
        mark_reduced_passive(&mut t, |t| t.form.ends_with("ed"));
        assert_eq!(
            (t[1].xpos.as_str(), t[0].deprel.as_str()),
            ("VBN", "nsubj:pass")
        );
    }

    #[test]
    fn a_past_form_with_an_object_or_an_auxiliary_stays() {
        let text = "Orbix rejected offer";
        let mut t = sentence(
            text,
            &[
                ("Orbix", "NNP", 2, "nsubj"),
                ("rejected", "VBD", 0, "root"),
                ("offer", "NN", 2, "obj"),
            ],
        );
        mark_reduced_passive(&mut t, |t| t.form.ends_with("ed"));
        assert_eq!((t[1].xpos.as_str(), t[0].deprel.as_str()), ("VBD", "nsubj"));
        // A present tense, or a past form that is no participle, stays too.
        let text = "Orbix wins";
        let mut t = sentence(
            text,
            &[("Orbix", "NNP", 2, "nsubj"), ("wins", "VBZ", 0, "root")],
        );
        mark_reduced_passive(&mut t, |t| t.form.ends_with("ed"));
        assert_eq!(t[1].xpos, "VBZ");
        // A personal pronoun speaks: "I answered" stays active.
        let text = "I answered";
        let mut t = sentence(
            text,
            &[("I", "PRP", 2, "nsubj"), ("answered", "VBD", 0, "root")],
        );
        mark_reduced_passive(&mut t, |t| t.form.ends_with("ed"));
        assert_eq!((t[1].xpos.as_str(), t[0].deprel.as_str()), ("VBD", "nsubj"));
        let text = "Orbix went";
        let mut t = sentence(
            text,
            &[("Orbix", "NNP", 2, "nsubj"), ("went", "VBD", 0, "root")],
        );
        mark_reduced_passive(&mut t, |t| t.form.ends_with("ed"));
        assert_eq!((t[1].xpos.as_str(), t[0].deprel.as_str()), ("VBD", "nsubj"));
    }
}
