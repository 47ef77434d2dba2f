//! Tokenizer and sentence splitter: one case per EWT phenomenon, the offset
//! invariants on arbitrary text, hostile input, and accuracy on EWT dev.
//!
//! Tests moved from `tests/it/tokenize.rs` when the library's modules became private: they exercise
//! internals (the items the front door does not re-export).

use crate::Document;

use crate::nlp::tokenize::{Tokenizer, MAX_SENTENCE_TOKENS};

use proptest::prelude::*;

use std::sync::OnceLock;

fn tokenizer() -> &'static Tokenizer {
    static T: OnceLock<Tokenizer> = OnceLock::new();
    T.get_or_init(Tokenizer::new)
}

fn doc(text: &str) -> Document {
    let mut d = Document::new("t", text);
    tokenizer().tokenize(&mut d);
    d
}

/// Tokens joined by single spaces, sentences by ` || `.
fn tokens(text: &str) -> String {
    let d = doc(text);
    d.sentences
        .iter()
        .map(|s| {
            d.sentence_tokens(s)
                .iter()
                .map(|t| t.form.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" || ")
}

#[track_caller]
fn check(text: &str, expected: &str) {
    assert_eq!(tokens(text), expected, "input: {text:?}");
}

#[test]
fn clitics_are_split() {
    check("don't", "do n't");
    check("We're sure they've I'm", "We 're sure they 've I 'm");
    check("can't won't", "ca n't wo n't");
    check("DON'T", "DO N'T");
    check("don’t", "do n’t");
    check("I'd you'll", "I 'd you 'll");
}

#[test]
fn irregular_contractions_follow_ewt() {
    check("cannot", "can not");
    check("gonna wanna gotta", "gon na wan na got ta");
    check("Cannot", "Can not");
}

#[test]
fn contractions_are_multiword_tokens() {
    let mut d = Document::new("t", "I don't know John's dog");
    let mwt = tokenizer().tokenize_with_multiwords(&mut d);
    assert_eq!(mwt, [1..3, 4..6]);
}

#[test]
fn possessives_are_split() {
    check("John's car", "John 's car");
    check("the parents' car", "the parents ' car");
    check("Iran’s", "Iran ’s");
}

#[test]
fn abbreviations_stay_whole() {
    check("Mr. Smith", "Mr. Smith");
    check("the U.S. and Dr. No", "the U.S. and Dr. No");
    check("e.g. this, i.e. that", "e.g. this , i.e. that");
    check("J. R. Smith", "J. R. Smith");
    check("at 5 p.m. today", "at 5 p.m. today");
}

#[test]
fn sentence_final_dot_is_split() {
    check("It works.", "It works .");
    check("Go home. Now!", "Go home . || Now !");
}

#[test]
fn numbers_stay_whole() {
    check("66.1 1,000 3/4 10:30", "66.1 1,000 3/4 10:30");
    check("11/28/2000 713-853-3989", "11/28/2000 713-853-3989");
    // EWT splits a leading minus and the hyphen of a range.
    check("-5 degrees", "- 5 degrees");
    check("13-17 and 1:30-2:30", "13 - 17 and 1:30 - 2:30");
    check("11-20-2000", "11-20-2000");
    check(
        "call 853-3989 or ext. 3-5213",
        "call 853-3989 or ext. 3-5213",
    );
    check("in the summer of '67", "in the summer of '67");
}

#[test]
fn percent_and_currency_are_split() {
    check("66.1%", "66.1 %");
    check("$1,000 and £5", "$ 1,000 and £ 5");
    check("US$4.5", "US$ 4.5");
    check(
        "$1.13bn at 5pm, the 2nd of 1990s",
        "$ 1.13 bn at 5 pm , the 2nd of 1990s",
    );
    check("The #1 show #audiobooks", "The # 1 show #audiobooks");
}

#[test]
fn hyphens_follow_ewt() {
    check("long-term", "long - term");
    check("e-mail", "e-mail");
    check("non-human co-workers", "non-human co-workers");
    check("state-of-the-art", "state - of - the - art");
    check("wait -- no", "wait -- no");
    check("news ----== posted", "news ----== posted");
}

#[test]
fn slashes_follow_ewt() {
    check("and/or", "and / or");
    check("w/ cheese", "w/ cheese");
}

#[test]
fn urls_and_email_stay_whole() {
    check(
        "See http://example.com/a_b?c=d.",
        "See http://example.com/a_b?c=d .",
    );
    check("(www.juancole.com)", "( www.juancole.com )");
    check(
        "mail carol.st.clair@enron.com,",
        "mail carol.st.clair@enron.com ,",
    );
    check("Visit Liquidweb.com today", "Visit Liquidweb.com today");
    check(
        "\"Ann\"<ann.lee@example.org> wrote",
        "\" Ann \" < ann.lee@example.org > wrote",
    );
    check("AT:http://example.org/x", "AT : http://example.org/x");
    check("<mailto:ann@example.org>", "< mailto:ann@example.org >");
}

#[test]
fn emoticons_stay_whole() {
    check("great :) thanks", "great :) thanks");
    check("sad :-( and ;)", "sad :-( and ;)");
    check("great:)", "great :)");
}

#[test]
fn quotes_of_every_kind_are_split() {
    check("\"Hi\"", "\" Hi \"");
    check("“Hi” ‘there’", "“ Hi ” ‘ there ’");
    check("«Hi»", "« Hi »");
    check("``Hi''", "`` Hi ''");
    check("'Hi'", "' Hi '");
}

#[test]
fn ellipses_and_punctuation_runs_are_one_token() {
    check("well... ok", "well ... ok");
    check("What?! Really!!!", "What ?! || Really !!!");
    check("wait…", "wait …");
}

#[test]
fn quotes_and_brackets_close_the_sentence() {
    check(
        "He said \"go.\" Then he left.",
        "He said \" go . \" || Then he left .",
    );
    check("(See above.) Next.", "( See above . ) || Next .");
}

#[test]
fn blank_line_is_a_hard_break() {
    check(
        "no punctuation here\n\nnext paragraph",
        "no punctuation here || next paragraph",
    );
    check("windows\r\n\r\nbreak", "windows || break");
    check("lone\r\rcr", "lone || cr");
}

#[test]
fn single_newline_breaks_before_a_capital() {
    check("Dear John\nThanks for all", "Dear John || Thanks for all");
    check("a wrapped\nline", "a wrapped line");
}

#[test]
fn lower_case_after_ellipsis_continues() {
    check("I thought ... maybe not", "I thought ... maybe not");
    check("I thought... Maybe not", "I thought ... || Maybe not");
}

#[test]
fn lower_case_after_a_full_stop_starts_a_sentence() {
    check("it was great. i loved it", "it was great . || i loved it");
    check("really? yes", "really ? || yes");
}

#[test]
fn an_address_before_a_capital_ends_the_sentence() {
    check(
        "see http://example.org Thanks",
        "see http://example.org || Thanks",
    );
    check("mail ann@example.org today", "mail ann@example.org today");
}

#[test]
fn emoticons_and_commas_stay_with_the_sentence() {
    check("I love her. :) Next", "I love her . :) || Next");
    check("Hi!, you", "Hi ! , you");
}

#[test]
fn abbreviations_that_end_sentences() {
    // EWT splits the dot off an abbreviation that ends a sentence.
    check(
        "apples, pears, etc. The end",
        "apples , pears , etc . || The end",
    );
    check("He lives in the U.S.", "He lives in the U.S .");
    check("CCNG, Inc..", "CCNG , Inc. .");
    check("Mr. Smith arrived", "Mr. Smith arrived");
}

#[test]
fn space_after_and_spans() {
    let d = doc("Hi, you.");
    let space: Vec<bool> = d.tokens.iter().map(|t| t.space_after).collect();
    assert_eq!(space, [false, true, false, true]);
    assert_eq!(d.sentences[0].span.range(), 0..8);
}

#[test]
fn pretokenized_input_is_taken_as_is() {
    let mut d = Document::new(
        "t",
        "`` Hi -LRB- there -RRB- , '' he said .\n\nSecond line\n",
    );
    tokenizer().tokenize_pretokenized(&mut d);
    assert_eq!(d.sentences.len(), 2);
    let forms: Vec<&str> = d.tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(
        forms,
        ["\"", "Hi", "(", "there", ")", ",", "\"", "he", "said", ".", "Second", "line"]
    );
    assert_eq!(d.slice(d.tokens[2].span), "-LRB-");
}

#[test]
fn hostile_input_does_not_break_anything() {
    let long_token = "a".repeat(100_000);
    let d = doc(&long_token);
    assert_eq!(d.tokens.len(), 1);
    assert_eq!(d.tokens[0].span.len(), 100_000);

    let d = doc("\u{feff}Hello\0world\u{7}!\r\nBye\r");
    let forms: Vec<&str> = d.tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(forms, ["Hello", "world", "!", "Bye"]);

    // 1 MB without punctuation or newline: linear time, bounded sentences.
    let text = "word ".repeat(200_000);
    let start = std::time::Instant::now();
    let d = doc(&text);
    assert_eq!(d.tokens.len(), 200_000);
    assert!(d
        .sentences
        .iter()
        .all(|s| s.token_count as usize <= MAX_SENTENCE_TOKENS));
    assert!(
        start.elapsed().as_secs() < 5,
        "too slow: {:?}",
        start.elapsed()
    );

    // 1 MB of short chunks crowded with e-mail-like pieces.
    let text = format!("{} ", "x@y;".repeat(60)).repeat(4_000);
    let start = std::time::Instant::now();
    let d = doc(&text);
    assert!(d.tokens.len() >= 4_000 * 60);
    assert!(
        start.elapsed().as_secs() < 5,
        "too slow: {:?}",
        start.elapsed()
    );

    // One 1 MB chunk of punctuation and letters, no space at all.
    let text = "ab.-'/".repeat(170_000);
    let d = doc(&text);
    assert!(!d.tokens.is_empty());
    assert!(d
        .sentences
        .iter()
        .all(|s| s.token_count as usize <= MAX_SENTENCE_TOKENS));
}

/// Checks the invariants: spans in bounds, on character boundaries, in
/// order, without overlap; form equals the text under the span; every
/// non-space character is covered; sentences cover their tokens in order.
fn check_invariants(text: &str) {
    let mut d = Document::new("p", text);
    let mwt = tokenizer().tokenize_with_multiwords(&mut d);
    let mut covered = vec![false; text.len()];
    let mut last_end = 0;
    for t in &d.tokens {
        let r = t.span.range();
        assert!(r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(r.start >= last_end, "overlap or disorder at {r:?}");
        last_end = r.end;
        // The form is the text, without the zero-width characters inside words.
        let raw: String = text[r.clone()]
            .chars()
            .filter(|&c| !crate::nlp::tokenize::is_invisible(c))
            .collect();
        assert_eq!(t.form, raw);
        covered[r].iter_mut().for_each(|c| *c = true);
    }
    for (i, c) in text.char_indices() {
        let invisible = crate::nlp::tokenize::is_invisible(c);
        let space = c.is_whitespace() || c.is_control() || invisible;
        assert!(space || covered[i], "{c:?} at {i} not covered");
        if space && !invisible {
            assert!(!covered[i], "space {c:?} at {i} inside a token");
        }
        if invisible && covered[i] {
            // Only between two word characters of the same token.
            let visible = |c: &char| !crate::nlp::tokenize::is_invisible(*c);
            let before = text[..i].chars().rev().find(visible);
            let after = text[i + c.len_utf8()..].chars().find(visible);
            let inside = |n: Option<char>| n.is_some_and(|n| !n.is_whitespace() && !n.is_control());
            assert!(
                inside(before) && inside(after),
                "{c:?} at {i} at a token's edge"
            );
        }
    }
    let mut next = 0;
    for s in &d.sentences {
        assert_eq!(s.first_token as usize, next);
        assert!(s.token_count > 0 && s.token_count as usize <= MAX_SENTENCE_TOKENS);
        next += s.token_count as usize;
        let toks = d.sentence_tokens(s);
        assert_eq!(s.span.start, toks[0].span.start);
        assert_eq!(s.span.end, toks[toks.len() - 1].span.end);
    }
    assert_eq!(next, d.tokens.len());
    for m in &mwt {
        assert!(m.start + 1 < m.end && m.end as usize <= d.tokens.len());
    }
}

/// Issue 22: a zero-width space inside a word is not a boundary: "Ali\u{200b}ce"
/// is the token "Alice", its span the raw text; at a word's edge it is space.
#[test]
fn zero_width_characters_inside_words_are_removed_not_boundaries() {
    let text = "Ali\u{200b}ce met Bo\u{2060}b\u{200b} in Os\u{feff}lo.";
    let mut d = Document::new("t", text);
    tokenizer().tokenize(&mut d);
    let forms: Vec<&str> = d.tokens.iter().map(|t| t.form.as_str()).collect();
    assert_eq!(forms, ["Alice", "met", "Bob", "in", "Oslo", "."]);
    assert_eq!(d.slice(d.tokens[0].span), "Ali\u{200b}ce");
    check_invariants(text);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_unicode_text_keeps_the_invariants(text in "\\PC*") {
        check_invariants(&text);
    }

    #[test]
    fn punctuation_heavy_text_keeps_the_invariants(
        text in "[a-zA-Z0-9 .,'’`\"“”‘«»()\\-/:;!?$%@&…\n\r\t\u{0}\u{feff}\u{200b}]{0,80}"
    ) {
        check_invariants(&text);
    }
}

#[test]
fn the_sentence_cap_never_splits_a_multiword_token() {
    for pad in 0..3 {
        let text = format!(
            "{}{}",
            "a ".repeat(MAX_SENTENCE_TOKENS - 2 + pad),
            "don't ".repeat(3)
        );
        let mut d = Document::new("t", text);
        let mwt = tokenizer().tokenize_with_multiwords(&mut d);
        for s in &d.sentences {
            assert!(s.token_count as usize <= MAX_SENTENCE_TOKENS);
            let r = s.token_range();
            for m in &mwt {
                let inside = r.contains(&(m.start as usize));
                assert_eq!(
                    inside,
                    r.contains(&(m.end as usize - 1)),
                    "{m:?} cut by {r:?}"
                );
            }
        }
    }
}
