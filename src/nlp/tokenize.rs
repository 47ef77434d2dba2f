//! Sentence splitting and tokenization of raw English text, following the
//! conventions of the Universal Dependencies English Web Treebank (EWT).
//!
//! [`Tokenizer::tokenize`] fills [`Document::tokens`] and
//! [`Document::sentences`] from [`Document::text`]. It is a hand-written
//! scanner (no regular expressions) in three steps:
//!
//! 1. the text is cut into *chunks* at white space (Unicode white space,
//!    control characters, the byte-order mark and the zero-width space all
//!    count as space, except that a zero-width space, word joiner or
//!    byte-order mark between two word characters is part of the word:
//!    `Ali\u{200b}ce` is one token whose form is `Alice`, its span still
//!    covering the raw text); the newlines in each gap are counted;
//! 2. each chunk is split into words: web and e-mail addresses (also inside
//!    a chunk, as in `"Ann"<ann@x.org>`) and emoticons stay whole; quotes,
//!    brackets and punctuation are split off; runs of `.` `!` `?` `…` are one
//!    token, as are rules like `--` and `----==`; abbreviations (`Mr.`,
//!    `U.S.`, `etc.`, initials) keep their dot, except that EWT splits it off
//!    an abbreviation that ends a sentence (`etc` `.`); numbers stay whole
//!    (`66.1`, `1,000`, `3/4`, dates, phone numbers `713-853-3989`) while
//!    ranges (`13 - 17`), a leading minus, currency, percent and number
//!    signs (`$ 5`, `5 %`, `# 1`) and units (`5 pm`, `1.13 bn`) are split;
//!    hyphenated words are split (`long - term`) unless EWT keeps their
//!    prefix attached (`e-mail`, `non-human`); slashes are split except in
//!    numbers and between single letters (`b/c`); clitics are split as EWT
//!    does (`don't` → `do n't`, `we're` → `we 're`, `John's` → `John 's`,
//!    `cannot` → `can not`, `gonna` → `gon na`), and the pieces of such a
//!    word form one *multiword token*;
//! 3. sentences end at a paragraph break (a blank line); after `.` `?` `!`
//!    (with any closing quotes and brackets) unless a comma, colon, closing
//!    bracket or emoticon follows or the next word is glued on; after an
//!    ellipsis only before a capital; after an emoticon, a web address or an
//!    abbreviation that EWT lets end sentences when a capitalised word
//!    follows; at a single newline followed by a capital, digit or bullet; and
//!    in any case before [`MAX_SENTENCE_TOKENS`] is exceeded, so later stages
//!    never see a giant sentence. These choices were counted on EWT train and
//!    tuned on dev; web text often starts sentences in lower case, so a full
//!    stop ends a sentence even then.
//!
//! The abbreviation list, the hyphen prefixes kept whole and the irregular
//! contractions are learned from the EWT training split by
//! `kg train tokenizer` and embedded from `models/tokenizer/`.
//!
//! Invariants (checked by a property test): spans are in bounds, on character
//! boundaries, in text order and non-overlapping; each token's form is the text
//! under its span ([`Tokenizer::tokenize_pretokenized`] alone normalises PTB
//! brackets and quotes); every character that is not space is inside a
//! token. Time is linear in the length of the text. Texts longer than 4 GiB are
//! not supported (spans are `u32`).
//!
//! ```
//! use kg::Document;
//! use kg::Tokenizer;
//!
//! let tokenizer = Tokenizer::new();
//! let mut doc = Document::new("d", "Mr. Smith didn't pay $1,000. He's gone!");
//! tokenizer.tokenize(&mut doc);
//! let forms: Vec<&str> = doc.tokens.iter().map(|t| t.form.as_str()).collect();
//! assert_eq!(forms, ["Mr.", "Smith", "did", "n't", "pay", "$", "1,000", ".", "He", "'s", "gone", "!"]);
//! assert_eq!(doc.sentences.len(), 2);
//! ```

use crate::document::{ByteSpan, Document, Sentence, Token};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

/// A sentence is cut after this many tokens even without a boundary. EWT's
/// longest training sentence has 158 words; 250 leaves room for real long
/// sentences while bounding the cost of the later, super-linear stages.
pub const MAX_SENTENCE_TOKENS: usize = 250;

/// Learned abbreviations: `form<TAB>final?` lines, lower case, with the final dot.
const ABBREVIATIONS: &str = include_str!("../../models/tokenizer/abbreviations.txt");
/// Learned lower-case words before a hyphen that EWT keeps in one token (`e` of `e-mail`).
const HYPHEN_WHOLE: &str = include_str!("../../models/tokenizer/hyphen_whole.txt");
/// Learned irregular contractions: `gonna<TAB>gon na`.
const CONTRACTIONS: &str = include_str!("../../models/tokenizer/contractions.txt");

/// General English abbreviations added to the learned ones (titles, months,
/// days, common Latin and business short forms). Titles never end a sentence.
const TITLES: &[&str] = &[
    "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "sr.", "jr.", "gen.", "lt.", "col.", "capt.",
    "sgt.", "rev.", "gov.", "sen.", "rep.", "reps.", "pres.", "hon.", "messrs.", "mt.", "ft.",
    "vs.",
];
const OTHER_ABBREVIATIONS: &[&str] = &[
    "jan.", "feb.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.", "dec.",
    "tue.", "tues.", "thu.", "thur.", "thurs.", "fri.", "etc.", "e.g.", "i.e.", "a.m.", "p.m.",
    "inc.", "ltd.", "corp.", "bros.", "dept.", "approx.", "fig.", "vol.", "pp.", "ave.", "blvd.",
    "cf.",
];

/// Prefixes added to the learned hyphen list.
const HYPHEN_PREFIXES: &[&str] = &[
    "mis", "counter", "inter", "intra", "trans", "ultra", "pseudo", "quasi", "micro", "macro",
    "hyper",
];

/// Emoticons kept as one token (compared exactly; the letters are case-sensitive).
const EMOTICONS: &[&str] = &[
    ":-)", ":-(", ":-D", ":-P", ":-p", ";-)", ";-(", ":'(", ":')", ">:(", ">:)", ":)", ":(", ":D",
    ":P", ":p", ":o", ":O", ":/", ":|", ":]", ":[", ";)", ";(", ";P", ";p", ";D", "=)", "=(", "=D",
    "=P", "<3", "</3", "^_^", "^^", "-_-", "o_O", "O_o", "XD", "xD", ":3", ":*", ";*", "8)", "B)",
];

/// Top-level domains that make `name.tld` a web address without `http://`.
/// Those that are English words (`in`, `it`, `me`, `no`, `us`) are left out:
/// `good.it` is more often a missing space than an Italian site.
const DOMAINS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "io", "uk", "ca", "de", "fr",
    "au", "ru", "jp", "cn", "nl", "es", "ch", "se", "tv", "ly",
];

/// Splits raw text into sentences and EWT-style tokens. Cheap to share: all
/// methods take `&self`.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    /// Lower-case abbreviation with its dot → may end a sentence.
    abbreviations: HashMap<String, bool>,
    /// Lower-case words before a hyphen that stay joined to what follows.
    hyphen_whole: HashSet<String>,
    /// Lower-case irregular contraction → byte lengths of its pieces.
    contractions: HashMap<String, Vec<u8>>,
    /// Bit `last % 64` of entry `first % 64` is set when a contraction starts
    /// with byte `first` and ends with byte `last` (lower case): a cheap
    /// filter before hashing every short word.
    contraction_ends: [u64; 64],
}

impl Default for Tokenizer {
    fn default() -> Self {
        Self::new()
    }
}

/// What the sentence splitter needs to know about a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A word, number or other token.
    Word,
    /// A run of `.` `!` `?` `…`.
    Terminal,
    /// A closing quote or bracket, or an ambiguous quote.
    Closer,
    /// An abbreviation that may end a sentence.
    FinalAbbreviation,
    /// An abbreviation that never ends a sentence (titles, initials).
    Abbreviation,
    /// An emoticon.
    Emoticon,
    /// A web or e-mail address.
    Address,
}

/// A token being built: byte range, kind, and whether it forms one
/// multiword token with the next piece.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: u32,
    end: u32,
    kind: Kind,
    joined_to_next: bool,
    /// Newlines in the white space before this piece (saturating).
    newlines_before: u8,
}

impl Tokenizer {
    /// The tokenizer with its embedded, learned data.
    #[must_use]
    pub fn new() -> Self {
        let mut abbreviations = HashMap::default();
        for line in ABBREVIATIONS.lines() {
            let mut fields = line.split('\t');
            if let Some(form) = fields.next().filter(|f| !f.is_empty()) {
                let can_end = fields.next() == Some("final");
                abbreviations.insert(form.to_string(), can_end);
            }
        }
        for a in OTHER_ABBREVIATIONS {
            abbreviations.entry((*a).to_string()).or_insert(false);
        }
        for a in ["etc.", "inc.", "ltd.", "corp."] {
            abbreviations.insert(a.to_string(), true);
        }
        for t in TITLES {
            abbreviations.insert((*t).to_string(), false);
        }
        let mut hyphen_whole: HashSet<String> = HYPHEN_WHOLE
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        // Bound prefixes of general English, too rare in EWT train to be
        // learned, which EWT keeps attached where they occur (`mis-matches`).
        hyphen_whole.extend(HYPHEN_PREFIXES.iter().map(|p| (*p).to_string()));
        let mut contractions = HashMap::default();
        for line in CONTRACTIONS.lines() {
            if let Some((form, split)) = line.split_once('\t') {
                let lengths: Vec<u8> = split.split(' ').map(|p| p.len() as u8).collect();
                let total: usize = lengths.iter().map(|&l| l as usize).sum();
                if total == form.len() && lengths.len() > 1 {
                    contractions.insert(form.to_string(), lengths);
                }
            }
        }
        let mut contraction_ends = [0u64; 64];
        for form in contractions.keys() {
            let (f, l) = ends_of(form);
            contraction_ends[f] |= 1 << l;
        }
        Self {
            abbreviations,
            hyphen_whole,
            contractions,
            contraction_ends,
        }
    }

    /// Fills `doc.sentences` and `doc.tokens` from `doc.text`, replacing any
    /// previous analysis.
    pub fn tokenize(&self, doc: &mut Document) {
        self.tokenize_with_multiwords(doc);
    }

    /// As [`Tokenizer::tokenize`], and returns the multiword tokens: ranges
    /// of indices into `doc.tokens` whose words EWT writes as one surface
    /// token (`do` + `n't`). A CoNLL-U writer prints them as `2-3 don't`
    /// lines; the CoNLL 2018 scorer needs them to count tokens.
    pub fn tokenize_with_multiwords(&self, doc: &mut Document) -> Vec<Range<u32>> {
        doc.sentences.clear();
        doc.tokens.clear();
        let text = doc.text.as_str();
        let mut pieces = Vec::with_capacity(text.len() / 4 + 1);
        let mut scratch = String::new();
        let mut newlines = 0u8;
        let mut pos = 0;
        let bytes = text.as_bytes();
        while pos < bytes.len() {
            let (c, len) = decode(text, pos);
            if is_space(c) {
                // CRLF counts once; a lone CR counts as a newline.
                if c == '\n' || (c == '\r' && bytes.get(pos + 1) != Some(&b'\n')) {
                    newlines = newlines.saturating_add(1);
                }
                if c == '\u{2029}' {
                    newlines = newlines.saturating_add(2);
                }
                pos += len;
                continue;
            }
            let start = pos;
            while pos < bytes.len() {
                let (c, len) = decode(text, pos);
                if is_space(c) && !joins_word(text, pos, len, c) {
                    break;
                }
                pos += len;
            }
            let first = pieces.len();
            self.split_chunk(text, start, pos, &mut scratch, &mut pieces);
            if let Some(p) = pieces.get_mut(first) {
                p.newlines_before = newlines;
            }
            newlines = 0;
        }
        split_final_abbreviations(text, &mut pieces);
        self.segment(doc, &pieces)
    }

    /// Tokenizes text that is already tokenized: tokens are separated by
    /// white space and each non-empty line is one sentence (the CaRB input
    /// format). PTB escapes are normalised in the form, the span still
    /// covers the raw characters: `` `` `` and `''` become `"`, `-LRB-` `(`,
    /// `-RRB-` `)`, `-LSB-` `[`, `-RSB-` `]`, `-LCB-` `{`, `-RCB-` `}`.
    /// Lines longer than `MAX_SENTENCE_TOKENS` are cut.
    ///
    /// ```
    /// use kg::Document;
    /// let mut doc = Document::new("d", "`` Hi -LRB- there -RRB- . ''\nNext line\n");
    /// kg::Tokenizer::new().tokenize_pretokenized(&mut doc);
    /// assert_eq!(doc.sentences.len(), 2);
    /// assert_eq!(doc.tokens[0].form, "\"");
    /// assert_eq!(doc.tokens[2].form, "(");
    /// assert_eq!(doc.slice(doc.tokens[2].span), "-LRB-");
    /// ```
    pub fn tokenize_pretokenized(&self, doc: &mut Document) {
        doc.sentences.clear();
        doc.tokens.clear();
        let mut tokens = Vec::new();
        let mut sentences = Vec::new();
        let text = doc.text.as_str();
        let mut line_start = 0;
        for line in text.split_inclusive(['\n', '\r']) {
            let base = line_start;
            line_start += line.len();
            let mut pos = 0;
            let mut first = tokens.len();
            while pos < line.len() {
                let (c, len) = decode(line, pos);
                if is_space(c) {
                    pos += len;
                    continue;
                }
                let start = pos;
                while pos < line.len() {
                    let (c, len) = decode(line, pos);
                    if is_space(c) {
                        break;
                    }
                    pos += len;
                }
                let raw = &line[start..pos];
                let form = match raw {
                    "``" | "''" => "\"",
                    "-LRB-" => "(",
                    "-RRB-" => ")",
                    "-LSB-" => "[",
                    "-RSB-" => "]",
                    "-LCB-" => "{",
                    "-RCB-" => "}",
                    other => other,
                };
                if tokens.len() - first == MAX_SENTENCE_TOKENS {
                    push_sentence(&mut sentences, &tokens, first);
                    first = tokens.len();
                }
                let mut t = Token::new(form, ByteSpan::new(base + start, base + pos));
                t.space_after = pos < line.len();
                tokens.push(t);
            }
            push_sentence(&mut sentences, &tokens, first);
        }
        doc.tokens = tokens;
        doc.sentences = sentences;
    }

    /// Splits the chunk `text[start..end]` (no space inside) into pieces.
    fn split_chunk(
        &self,
        text: &str,
        start: usize,
        end: usize,
        scratch: &mut String,
        out: &mut Vec<Piece>,
    ) {
        let chunk = &text[start..end];
        if is_emoticon(chunk) {
            out.push(piece(start, end, Kind::Emoticon));
            return;
        }
        // Web addresses and e-mail: peel what surrounds them, keep the core.
        if chunk.len() > 4 && chunk.bytes().any(|b| matches!(b, b'.' | b'@' | b':')) {
            let core_start = start + leading_openers(chunk);
            let core_end = start + chunk.len() - trailing_closers(&text[core_start..end]);
            if core_start < core_end && is_url_or_email(&text[core_start..core_end]) {
                self.scan(text, start, core_start, scratch, out);
                out.push(piece(core_start, core_end, Kind::Address));
                self.scan(text, core_end, end, scratch, out);
                return;
            }
            // An address inside a longer chunk: `"Ann"<ann@x.org>`, `AT:http://x.org`.
            // Bounded in length so that a hostile chunk full of `@` stays linear.
            if chunk.len() < 256 {
                if let Some((a, b)) = embedded_address(chunk) {
                    if a > 0 || b < chunk.len() {
                        self.split_chunk(text, start, start + a, scratch, out);
                        out.push(piece(start + a, start + b, Kind::Address));
                        self.split_chunk(text, start + b, end, scratch, out);
                        return;
                    }
                }
            }
        }
        // An emoticon glued to the end of a word (`great:)`).
        let maybe_emoticon = chunk.len() > 2
            && matches!(
                chunk.as_bytes()[chunk.len() - 1],
                b')' | b'(' | b'D' | b'P' | b'p' | b'|' | b'/' | b']' | b'[' | b'*'
            )
            && chunk.bytes().any(|b| matches!(b, b':' | b';' | b'='));
        for e in EMOTICONS.iter().filter(|_| maybe_emoticon) {
            if chunk.len() > e.len() && chunk.ends_with(e) {
                let cut = end - e.len();
                let before = text[..cut].chars().next_back();
                if before.is_some_and(char::is_alphanumeric)
                    && !e.starts_with(|c: char| c.is_alphanumeric())
                {
                    self.scan(text, start, cut, scratch, out);
                    out.push(piece(cut, end, Kind::Emoticon));
                    return;
                }
            }
        }
        self.scan(text, start, end, scratch, out);
    }

    /// The general scanner over `text[start..end]`: words and punctuation.
    fn scan(
        &self,
        text: &str,
        start: usize,
        end: usize,
        scratch: &mut String,
        out: &mut Vec<Piece>,
    ) {
        let b = text.as_bytes();
        let mut word: Option<usize> = None;
        let mut pos = start;
        while pos < end {
            let (c, len) = decode(text, pos);
            if is_word_char(c) {
                if word.is_none() {
                    word = Some(pos);
                }
                pos += len;
                continue;
            }
            let next = if pos + len < end {
                Some(decode(text, pos + len).0)
            } else {
                None
            };
            let prev = if pos > start {
                text[..pos].chars().next_back()
            } else {
                None
            };
            let next_alnum = next.is_some_and(char::is_alphanumeric);
            let both_digits = prev.is_some_and(|p| p.is_ascii_digit())
                && next.is_some_and(|n| n.is_ascii_digit());
            match c {
                '.' | '!' | '?' | '…' => {
                    let run_end = run_of(text, pos, end, |c| matches!(c, '.' | '!' | '?' | '…'));
                    if c == '.' && run_end == pos + 2 && &text[pos..run_end] == ".." {
                        // `Inc..`: the abbreviation keeps one dot, the other ends the sentence.
                        if let Some(ws) = word {
                            if self.is_abbreviation(&text[ws..=pos], scratch) {
                                out.push(piece(ws, pos + 1, Kind::Abbreviation));
                                out.push(piece(pos + 1, run_end, Kind::Terminal));
                                word = None;
                                pos = run_end;
                                continue;
                            }
                        }
                    }
                    if c == '.' && run_end == pos + 1 {
                        if let Some(ws) = word {
                            // Inside a word: 66.1, U.S, example.com, e.g
                            if next_alnum && !sentence_glue(text, ws, pos, end) {
                                pos += 1;
                                continue;
                            }
                            if !next_alnum && self.is_abbreviation(&text[ws..=pos], scratch) {
                                let kind =
                                    if self.abbreviations.get(scratch.as_str()) == Some(&true) {
                                        Kind::FinalAbbreviation
                                    } else {
                                        Kind::Abbreviation
                                    };
                                out.push(piece(ws, pos + 1, kind));
                                word = None;
                                pos += 1;
                                continue;
                            }
                        }
                    }
                    self.flush(text, &mut word, pos, scratch, out);
                    out.push(piece(pos, run_end, Kind::Terminal));
                    pos = run_end;
                }
                ',' if both_digits && word.is_some() => pos += 1,
                ':' if both_digits && word.is_some() => pos += 1,
                '/' if both_digits && word.is_some() => pos += 1,
                '/' if word.is_some_and(|w| pos - w == 1)
                    && next.is_some_and(|n| n.is_ascii_alphabetic())
                    && !text[pos + 2..end]
                        .starts_with(|n: char| n.is_alphanumeric() || n == '/') =>
                {
                    // b/c, w/o: single letters around a slash are one token.
                    pos += 2;
                    let ws = word.take().unwrap_or(pos);
                    out.push(piece(ws, pos, Kind::Word));
                }
                '#' if word.is_none() && next.is_some_and(char::is_alphabetic) => {
                    // A hashtag is one token; `#` before a number is split (`# 1`).
                    word = Some(pos);
                    pos += 1;
                }
                '$' if word.is_some_and(|w| {
                    pos - w <= 3 && text[w..pos].bytes().all(|b| b.is_ascii_uppercase())
                }) =>
                {
                    // US$, A$: the country code and the sign are one token.
                    pos += 1;
                    let ws = word.take().unwrap_or(pos);
                    out.push(piece(ws, pos, Kind::Word));
                }
                '/' if word.is_some_and(|w| pos - w == 1) && !next_alnum => {
                    // `w/` (with), `c/`: a letter and its slash are one token.
                    pos += 1;
                    let ws = word.take().unwrap_or(pos);
                    out.push(piece(ws, pos, Kind::Word));
                }
                '-' | '\u{2010}' | '\u{2011}' => {
                    let run_end = run_of(text, pos, end, |c| matches!(c, '-' | '='));
                    if run_end > pos + 1 {
                        // Rules and arrows: `--`, `----==`.
                        self.flush(text, &mut word, pos, scratch, out);
                        out.push(piece(pos, run_end, Kind::Word));
                        pos = run_end;
                    } else if let Some(ws) = word.filter(|_| next_alnum) {
                        if (both_digits && digit_groups_joined(&text[ws..end], pos - ws))
                            || (!both_digits && self.keeps_hyphen(&text[ws..pos], scratch))
                        {
                            pos += len;
                        } else {
                            self.flush(text, &mut word, pos, scratch, out);
                            out.push(piece(pos, pos + len, Kind::Word));
                            pos += len;
                        }
                    } else if word.is_none() && next.is_some_and(char::is_alphabetic) {
                        // A leading hyphen stays with letters (-ECT in mail
                        // ids); EWT splits it from numbers (`-` `0.39`).
                        word = Some(pos);
                        pos += len;
                    } else {
                        self.flush(text, &mut word, pos, scratch, out);
                        out.push(piece(pos, pos + len, Kind::Word));
                        pos += len;
                    }
                }
                '\'' | '’' | '`' | '‘' => {
                    if let Some(ws) = word {
                        let possessive =
                            prev.is_some_and(|p| p == 's' || p == 'S') && pos - ws > 1 && c != '‘';
                        if next.is_some_and(char::is_alphabetic) || (possessive && !next_alnum) {
                            // Inside a word (Shi'ite, don't) or a plural
                            // possessive (parents'): the clitic rules decide.
                            pos += len;
                            continue;
                        }
                        self.flush(text, &mut word, pos, scratch, out);
                    } else if c == '\'' || c == '’' {
                        // '67: a year without its century is one token.
                        let digits = run_of(text, pos + len, end, |d| d.is_ascii_digit());
                        if digits == pos + len + 2
                            && !text[digits..end].starts_with(|d: char| d.is_alphanumeric())
                        {
                            out.push(piece(pos, digits, Kind::Word));
                            pos = digits;
                            continue;
                        }
                        if pos == start && is_clitic(&text[pos + len..end]) {
                            word = Some(pos);
                            pos += len;
                            continue;
                        }
                    } else if pos == start && is_clitic(&text[pos + len..end]) {
                        // A clitic standing alone: `'s`, `n't` after a space.
                        word = Some(pos);
                        pos += len;
                        continue;
                    }
                    // A quote: `` and '' are one token.
                    let run_end = if (c == '`' || c == '\'') && b.get(pos + 1) == Some(&(c as u8)) {
                        pos + 2
                    } else if c == '‘' && text[pos + len..end].starts_with('’') {
                        pos + len + '’'.len_utf8()
                    } else {
                        pos + len
                    };
                    out.push(piece(
                        pos,
                        run_end,
                        quote_kind(c, word.is_some() || prev.is_some()),
                    ));
                    pos = run_end;
                }
                _ => {
                    self.flush(text, &mut word, pos, scratch, out);
                    let run_end = if c == '=' {
                        run_of(text, pos, end, |x| matches!(x, '-' | '='))
                    } else if matches!(c, '<' | '>' | '~' | '*' | '+' | '^' | '|' | '_' | '$') {
                        run_of(text, pos, end, |x| x == c)
                    } else {
                        pos + len
                    };
                    let kind = if is_closer(c) {
                        Kind::Closer
                    } else {
                        Kind::Word
                    };
                    out.push(piece(pos, run_end, kind));
                    pos = run_end;
                }
            }
        }
        self.flush(text, &mut word, end, scratch, out);
    }

    /// Emits the word `text[start..end]` (if any), split at its clitics.
    fn flush(
        &self,
        text: &str,
        word: &mut Option<usize>,
        end: usize,
        scratch: &mut String,
        out: &mut Vec<Piece>,
    ) {
        let Some(start) = word.take() else { return };
        if start >= end {
            return;
        }
        let w = &text[start..end];
        let (f, l) = ends_of(w);
        if w.len() <= 12 && self.contraction_ends[f] & (1 << l) != 0 {
            lower_into(w, scratch);
            if let Some(lengths) = self.contractions.get(scratch.as_str()) {
                let before = out.len();
                let mut s = start;
                for (i, &l) in lengths.iter().enumerate() {
                    let e = s + l as usize;
                    if e > end || !w.is_char_boundary(e - start) {
                        break;
                    }
                    let mut p = piece(s, e, Kind::Word);
                    p.joined_to_next = i + 1 < lengths.len();
                    out.push(p);
                    s = e;
                }
                if s == end {
                    return;
                }
                // The lengths did not fit the text (only possible when
                // lower-casing changed byte lengths): forget the partial split.
                out.truncate(before);
            }
        }
        if let Some(cut) = unit_cut(w) {
            out.push(piece(start, start + cut, Kind::Word));
            out.push(piece(start + cut, end, Kind::Word));
            return;
        }
        if let Some(cut) = clitic_cut(w) {
            let mut p = piece(start, start + cut, Kind::Word);
            p.joined_to_next = true;
            out.push(p);
            out.push(piece(start + cut, end, Kind::Word));
        } else {
            out.push(piece(start, end, Kind::Word));
        }
    }

    /// True when `word_dot` (a word with its final dot) keeps its dot:
    /// learned and listed abbreviations, initials (`J.`) and dotted
    /// acronyms (`U.S.`, `a.m.`, `Ph.D.`). Leaves the lower-cased form in `scratch`.
    fn is_abbreviation(&self, word_dot: &str, scratch: &mut String) -> bool {
        if word_dot.len() > 24 {
            return false;
        }
        lower_into(word_dot, scratch);
        if self.abbreviations.contains_key(scratch.as_str()) {
            return true;
        }
        let body = &word_dot[..word_dot.len() - 1];
        let mut chars = body.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return c.is_uppercase();
        }
        let mut segments = 0;
        for seg in body.split('.') {
            let n = seg.chars().count();
            if n == 0 || n > 2 || !seg.chars().all(char::is_alphabetic) {
                return false;
            }
            segments += 1;
        }
        segments >= 2
    }

    /// True when the hyphen after `left` stays inside the word (`e-mail`).
    fn keeps_hyphen(&self, left: &str, scratch: &mut String) -> bool {
        if left.len() > 20 {
            return false;
        }
        // Only the last part counts in `re-e-mail`.
        let part = left
            .rsplit(['-', '\u{2010}', '\u{2011}'])
            .next()
            .unwrap_or(left);
        lower_into(part, scratch);
        self.hyphen_whole.contains(scratch.as_str())
    }

    /// Groups pieces into sentences and writes them into the document.
    fn segment(&self, doc: &mut Document, pieces: &[Piece]) -> Vec<Range<u32>> {
        let text = doc.text.as_str();
        // Reuse the document's vectors: re-tokenizing keeps their memory.
        let mut tokens = std::mem::take(&mut doc.tokens);
        tokens.clear();
        tokens.reserve(pieces.len());
        let mut sentences = std::mem::take(&mut doc.sentences);
        sentences.clear();
        let mut multiwords = Vec::new();
        let mut first = 0;
        let mut mwt_start: Option<usize> = None;
        for (i, p) in pieces.iter().enumerate() {
            let form = without_invisible(&text[p.start as usize..p.end as usize]);
            let mut t = Token::new(form, ByteSpan::new(p.start as usize, p.end as usize));
            let next = pieces.get(i + 1);
            t.space_after = next.is_none_or(|n| n.start != p.end);
            tokens.push(t);
            if p.joined_to_next {
                mwt_start.get_or_insert(i);
            } else if let Some(s) = mwt_start.take() {
                multiwords.push(s as u32..i as u32 + 1);
            }
            if next.is_none() {
                break;
            }
            if p.joined_to_next {
                continue;
            }
            // The next multiword token must fit whole under the cap.
            let next_group = 1 + pieces[i + 1..]
                .iter()
                .take_while(|q| q.joined_to_next)
                .count();
            let count = tokens.len() - first;
            if count + next_group > MAX_SENTENCE_TOKENS || self.ends_sentence(text, pieces, i) {
                if let Some(s) = mwt_start.take() {
                    multiwords.push(s as u32..i as u32 + 1);
                }
                push_sentence(&mut sentences, &tokens, first);
                first = tokens.len();
            }
        }
        if let Some(s) = mwt_start.take() {
            multiwords.push(s as u32..tokens.len() as u32);
        }
        push_sentence(&mut sentences, &tokens, first);
        doc.tokens = tokens;
        doc.sentences = sentences;
        multiwords
    }

    /// Whether a sentence ends after piece `i` (which has a successor).
    fn ends_sentence(&self, text: &str, pieces: &[Piece], i: usize) -> bool {
        let p = pieces[i];
        let n = pieces[i + 1];
        if n.newlines_before >= 2 {
            return true;
        }
        let next_text = &text[n.start as usize..n.end as usize];
        let next_first = next_text.chars().next().unwrap_or(' ');
        let next_is_closer = n.kind == Kind::Closer && n.start == p.end;
        match p.kind {
            Kind::Terminal => {
                if next_is_closer || n.kind == Kind::Terminal {
                    // The closing quote or bracket belongs to this sentence.
                    return false;
                }
                if n.start == p.end && (next_first.is_lowercase() || next_first.is_ascii_digit()) {
                    // `draft).doc`, `Fax:?203`: glued, not a new sentence.
                    return false;
                }
                terminal_breaks(&text[p.start as usize..p.end as usize], n.kind, next_first)
            }
            Kind::Closer => {
                // `."` then a new sentence: break after the closers. Only the
                // last closer of a glued run looks back over it, so a run of n
                // closers costs O(n), not O(n²).
                if !next_is_closer {
                    let mut j = i;
                    while j > 0
                        && pieces[j].kind == Kind::Closer
                        && pieces[j].start == pieces[j - 1].end
                    {
                        j -= 1;
                    }
                    if pieces[j].kind == Kind::Terminal && j < i {
                        let t = pieces[j];
                        return terminal_breaks(
                            &text[t.start as usize..t.end as usize],
                            n.kind,
                            next_first,
                        );
                    }
                }
                n.newlines_before == 1 && starts_line(next_first)
            }
            Kind::FinalAbbreviation => next_first.is_uppercase() && n.start != p.end,
            Kind::Emoticon => next_first.is_uppercase() || n.newlines_before == 1,
            // EWT train: 50 of 68 addresses followed by a capital end their sentence.
            Kind::Address => next_first.is_uppercase() && n.start != p.end,
            Kind::Abbreviation | Kind::Word => {
                n.newlines_before == 1 && starts_line(next_first) && !is_continuation(text, p)
            }
        }
    }
}

/// EWT splits the dot off an abbreviation that ends a sentence (`etc` `.`,
/// `U.S` `.`): at the end of a paragraph, and before a capitalised word
/// after an abbreviation that may end sentences. Initials (`J.`) keep theirs.
fn split_final_abbreviations(text: &str, pieces: &mut Vec<Piece>) {
    let ends = |pieces: &[Piece], i: usize| {
        let p = pieces[i];
        if !matches!(p.kind, Kind::Abbreviation | Kind::FinalAbbreviation) || p.end - p.start < 3 {
            return false;
        }
        match pieces.get(i + 1) {
            None => true,
            Some(n) if n.newlines_before >= 2 => true,
            Some(n) => {
                p.kind == Kind::FinalAbbreviation
                    && n.start != p.end
                    && text[n.start as usize..].starts_with(char::is_uppercase)
            }
        }
    };
    if !(0..pieces.len()).any(|i| ends(pieces, i)) {
        return;
    }
    let mut out = Vec::with_capacity(pieces.len() + 8);
    for i in 0..pieces.len() {
        let p = pieces[i];
        if ends(pieces, i) {
            out.push(Piece {
                end: p.end - 1,
                kind: Kind::Word,
                ..p
            });
            out.push(Piece {
                start: p.end - 1,
                kind: Kind::Terminal,
                newlines_before: 0,
                ..p
            });
        } else {
            out.push(p);
        }
    }
    *pieces = out;
}

/// Whether the hyphen at `hyphen` between two digits of `word` stays inside
/// the token. EWT keeps phone numbers and dates (`713-853-3989`,
/// `11-20-2000`, `853-3989`, extension `3-5213`) whole but splits ranges
/// (`13 - 17`, `1998 - 2001`, `1:30 - 2:30`): the hyphen stays when the
/// number already had a hyphen, another follows, or the groups look like a
/// phone number (3 and 3 digits, or at most 3 and then 4).
fn digit_groups_joined(word: &str, hyphen: usize) -> bool {
    let b = word.as_bytes();
    let left = b[..hyphen]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let right = b[hyphen + 1..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let before = &b[..hyphen - left];
    let after = &b[hyphen + 1 + right..];
    let hyphen_before = before.last() == Some(&b'-');
    let hyphen_after = after.first() == Some(&b'-') && after.get(1).is_some_and(u8::is_ascii_digit);
    let phone = (left == 3 && right == 3) || (left <= 3 && right == 4);
    hyphen_before || hyphen_after || (phone && before.is_empty())
}

/// Whether a sentence ends after the terminal punctuation `run` when a
/// token of `next_kind` starting with `next_first` follows. Counts on EWT
/// train decide: after an ellipsis a sentence goes on unless a capital
/// follows (177 of 190 lower-case continuations stay in the sentence); after
/// `.` `?` `!` it ends even before a lower-case word (320 of 344 do, web
/// text often starts sentences in lower case), but not before an emoticon
/// or a comma, colon or closing bracket, which EWT attaches to the sentence.
fn terminal_breaks(run: &str, next_kind: Kind, next_first: char) -> bool {
    let ellipsis = run == "…" || (run.len() >= 2 && run.bytes().all(|b| b == b'.'));
    if ellipsis {
        return next_first.is_uppercase();
    }
    if next_kind == Kind::Emoticon {
        return false;
    }
    !matches!(next_first, ',' | ';' | ':' | ')' | ']' | '}' | '%')
}

/// True for what may start a new line-initial sentence.
fn starts_line(c: char) -> bool {
    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '*' | '•' | '"' | '“' | '(')
}

/// True when the token (before a single newline) asks for more: a comma, a hyphen, a colon.
fn is_continuation(text: &str, p: Piece) -> bool {
    matches!(
        &text[p.start as usize..p.end as usize],
        "," | ";" | "-" | "&" | "and" | "or" | "of" | "the" | "a" | "to"
    )
}

fn push_sentence(sentences: &mut Vec<Sentence>, tokens: &[Token], first: usize) {
    if tokens.len() == first {
        return;
    }
    let span = tokens[first].span.cover(tokens[tokens.len() - 1].span);
    sentences.push(Sentence {
        first_token: first as u32,
        token_count: (tokens.len() - first) as u32,
        span,
        ..Sentence::default()
    });
}

fn piece(start: usize, end: usize, kind: Kind) -> Piece {
    Piece {
        start: start as u32,
        end: end as u32,
        kind,
        joined_to_next: false,
        newlines_before: 0,
    }
}

/// Decodes the character at byte `pos` (which must be a boundary).
#[inline]
fn decode(text: &str, pos: usize) -> (char, usize) {
    let b = text.as_bytes()[pos];
    if b < 0x80 {
        return (b as char, 1);
    }
    match text[pos..].chars().next() {
        Some(c) => (c, c.len_utf8()),
        None => (' ', 1),
    }
}

/// White space for the tokenizer: Unicode white space, control characters
/// (NUL included), the byte-order mark and zero-width space.
#[inline]
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c <= ' ' || c == '\u{7f}';
    }
    c.is_whitespace() || c.is_control() || matches!(c, '\u{feff}' | '\u{200b}' | '\u{2060}')
}

/// Zero-width characters that text pasted from the web hides inside words: the
/// zero-width space, the word joiner and the byte-order mark (a zero-width
/// no-break space inside text).
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// True when the invisible character `c` at `pos` (of `len` bytes) sits between
/// two word characters (other invisible ones aside): it is then inside a word,
/// not a boundary.
fn joins_word(text: &str, pos: usize, len: usize, c: char) -> bool {
    let visible_word = |c: char| is_word_char(c) && !is_invisible(c);
    is_invisible(c)
        && text[..pos]
            .chars()
            .rev()
            .find(|&c| !is_invisible(c))
            .is_some_and(visible_word)
        && text[pos + len..]
            .chars()
            .find(|&c| !is_invisible(c))
            .is_some_and(visible_word)
}

/// A token's form: its text without the invisible characters inside it.
fn without_invisible(raw: &str) -> std::borrow::Cow<'_, str> {
    // All three are three-byte sequences starting 0xE2 or 0xEF.
    if raw.bytes().any(|b| b == 0xE2 || b == 0xEF) && raw.chars().any(is_invisible) {
        std::borrow::Cow::Owned(raw.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(raw)
    }
}

/// Characters that continue a word: letters, digits, marks and a few
/// symbols that EWT keeps inside tokens (`AT&T`, `@user`). Currency,
/// percent and number signs are split off (`$ 5`, `5 %`, `# 1`), as in EWT.
#[inline]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '&' | '@' | '_');
    }
    if is_emoji(c) {
        return false;
    }
    c.is_alphanumeric()
        || matches!(
            c,
            '\u{300}'..='\u{36f}' | '\u{200c}' | '\u{200d}' | '\u{fe0f}'
        )
        // Only ever seen inside a chunk when between two word characters.
        || is_invisible(c)
        || matches!(c, '²' | '³' | '½' | '¼' | '¾')
}

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}')
}

fn is_closer(c: char) -> bool {
    matches!(c, ')' | ']' | '}' | '”' | '»' | '›' | '"' | '\'' | '’')
}

fn quote_kind(c: char, after_something: bool) -> Kind {
    match c {
        '’' | '\'' | '"' if after_something => Kind::Closer,
        _ => Kind::Word,
    }
}

/// Byte end of the run of characters matching `f` starting at `pos`.
fn run_of(text: &str, pos: usize, end: usize, f: impl Fn(char) -> bool) -> usize {
    let mut e = pos;
    while e < end {
        let (c, len) = decode(text, e);
        if !f(c) {
            break;
        }
        e += len;
    }
    e
}

/// True when the dot at `dot` glues two sentences (`end.The`): the word
/// before has at least two lower-case letters and a capitalised word of
/// two or more letters follows.
fn sentence_glue(text: &str, word_start: usize, dot: usize, end: usize) -> bool {
    let before = &text[word_start..dot];
    let last: String = before.chars().rev().take(2).collect();
    if last.chars().count() < 2 || !last.chars().all(char::is_lowercase) {
        return false;
    }
    if before.contains('.') || before.contains('@') {
        return false;
    }
    let after = &text[dot + 1..end];
    let mut cs = after.chars();
    matches!((cs.next(), cs.next()), (Some(a), Some(b)) if a.is_uppercase() && b.is_lowercase())
}

/// First and last byte of `s`, ASCII-lower-cased, modulo 64 (for the contraction filter).
fn ends_of(s: &str) -> (usize, usize) {
    let b = s.as_bytes();
    let f = b.first().map_or(0, u8::to_ascii_lowercase);
    let l = b.last().map_or(0, u8::to_ascii_lowercase);
    ((f % 64) as usize, (l % 64) as usize)
}

fn lower_into(s: &str, out: &mut String) {
    out.clear();
    if s.is_ascii() {
        out.push_str(s);
        out.make_ascii_lowercase();
    } else {
        out.extend(s.chars().flat_map(char::to_lowercase));
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | '`')
}

/// True for a clitic standing alone (`'s`, `'re`) given the text after its apostrophe.
fn is_clitic(rest: &str) -> bool {
    ["s", "m", "d", "re", "ve", "ll"]
        .iter()
        .any(|c| rest.eq_ignore_ascii_case(c))
}

/// Where to cut a number from the unit glued to it, as EWT does (`5 pm`,
/// `1.13 bn`, `8 gb`, `650 k`); ordinals and decades stay whole (`2nd`,
/// `1990s`). Only a lower-case unit or a common upper-case one is cut, so
/// that names like `3D` stay whole.
fn unit_cut(w: &str) -> Option<usize> {
    let b = w.as_bytes();
    if !b.first()?.is_ascii_digit() {
        return None;
    }
    let cut = b
        .iter()
        .position(|c| !(c.is_ascii_digit() || *c == b'.' || *c == b','))?;
    if !b[cut - 1].is_ascii_digit() || !b[cut..].iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let unit = &w[cut..];
    let keep = ["st", "nd", "rd", "th", "s"]
        .iter()
        .any(|o| unit.eq_ignore_ascii_case(o));
    let cased = unit.bytes().all(|c| c.is_ascii_lowercase())
        || matches!(
            unit,
            "AM" | "PM" | "K" | "M" | "B" | "BN" | "GB" | "MB" | "KB"
        );
    (!keep && cased).then_some(cut)
}

/// Where to cut a word before its clitic: `do|n't`, `we|'re`, `John|'s`,
/// `parents|'`. `None` when the word has no clitic.
#[must_use]
pub(crate) fn clitic_cut(w: &str) -> Option<usize> {
    let (ai, a) = w.char_indices().rev().find(|&(_, c)| is_apostrophe(c))?;
    let after = &w[ai + a.len_utf8()..];
    let stem = &w[..ai];
    let stem_last = stem.chars().next_back()?;
    if !stem_last.is_alphanumeric() {
        return None;
    }
    if after.eq_ignore_ascii_case("t") && (stem_last == 'n' || stem_last == 'N') {
        // n't: cut before the n, keeping at least one letter before it.
        let n_at = ai - 1;
        let before_n = w[..n_at].chars().next_back()?;
        return before_n.is_alphabetic().then_some(n_at);
    }
    let lower = after.to_ascii_lowercase();
    match lower.as_str() {
        "s" | "m" | "d" | "re" | "ve" | "ll" => Some(ai),
        "" if stem_last == 's' || stem_last == 'S' => Some(ai),
        _ => None,
    }
}

/// Bytes of opening punctuation at the start of a chunk.
fn leading_openers(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !matches!(c, '(' | '[' | '{' | '<' | '"' | '\'' | '“' | '‘' | '«'))
        .map_or(s.len(), |(i, _)| i)
}

/// Bytes of closing punctuation at the end of a chunk.
fn trailing_closers(s: &str) -> usize {
    let kept = s.trim_end_matches([
        ')', ']', '}', '>', '"', '\'', '”', '’', '»', ',', ';', ':', '.', '!', '?',
    ]);
    s.len() - kept.len()
}

/// True for web addresses and e-mail addresses (and mail ids like `Jones@ENRON`).
fn is_url_or_email(s: &str) -> bool {
    let lower_prefix =
        |p: &str| s.len() > p.len() && s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    if lower_prefix("http://")
        || lower_prefix("https://")
        || lower_prefix("ftp://")
        || lower_prefix("mailto:")
    {
        return true;
    }
    if lower_prefix("www.") && s.len() > 6 {
        return true;
    }
    if let Some(at) = s.find('@') {
        let before = &s[..at];
        let after = &s[at + 1..];
        return before.starts_with(char::is_alphanumeric)
            && before
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-'))
            && after.chars().next().is_some_and(char::is_alphanumeric)
            && after
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'));
    }
    // name.tld or name.tld/path
    let host = s.split('/').next().unwrap_or(s);
    if !host.contains('.') || host.starts_with('.') || host.ends_with('.') {
        return false;
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'))
    {
        return false;
    }
    let tld = host.rsplit('.').next().unwrap_or("");
    let label = host.split('.').next().unwrap_or("");
    label.len() >= 2 && DOMAINS.iter().any(|d| tld.eq_ignore_ascii_case(d))
}

/// The byte range of a web or e-mail address inside `chunk`, if any: from
/// `http://`, `https://` or `www.` to the end less closing punctuation, or
/// the e-mail address around the first `@`.
fn embedded_address(chunk: &str) -> Option<(usize, usize)> {
    let lower_find = |p: &str| {
        chunk
            .as_bytes()
            .windows(p.len())
            .position(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    };
    if let Some(a) = lower_find("http://")
        .or_else(|| lower_find("https://"))
        .or_else(|| lower_find("mailto:"))
        .or_else(|| lower_find("www."))
    {
        let b = chunk.len() - trailing_closers(&chunk[a..]);
        return (b > a + 4).then_some((a, b));
    }
    let at = chunk.find('@')?;
    let local = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-');
    let mut a = chunk[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| !local(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    // The local part starts with a letter or digit.
    while a < at && !chunk[a..].starts_with(char::is_alphanumeric) {
        a += chunk[a..].chars().next().map_or(1, char::len_utf8);
    }
    let host = |c: char| c.is_alphanumeric() || matches!(c, '.' | '-' | '_');
    let mut b = chunk[at + 1..]
        .char_indices()
        .find(|&(_, c)| !host(c))
        .map_or(chunk.len(), |(i, _)| at + 1 + i);
    while b > at + 1 && chunk[..b].ends_with(['.', '-']) {
        b -= 1;
    }
    (a < at && b > at + 1).then_some((a, b))
}

fn is_emoticon(s: &str) -> bool {
    // Every emoticon is short and has a character that is not a letter or digit.
    s.len() <= 4 && !s.bytes().all(|b| b.is_ascii_alphanumeric()) && EMOTICONS.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(text: &str) -> Vec<String> {
        let mut doc = Document::new("t", text);
        Tokenizer::new().tokenize(&mut doc);
        doc.tokens.iter().map(|t| t.form.clone()).collect()
    }

    #[test]
    fn clitic_cuts() {
        assert_eq!(clitic_cut("don't"), Some(2));
        assert_eq!(clitic_cut("can’t"), Some(2));
        assert_eq!(clitic_cut("we're"), Some(2));
        assert_eq!(clitic_cut("parents'"), Some(7));
        assert_eq!(clitic_cut("Shi'ite"), None);
        assert_eq!(clitic_cut("n't"), None);
    }

    #[test]
    fn urls_are_recognised() {
        assert!(is_url_or_email("http://example.org/a?b=c"));
        assert!(is_url_or_email("www.juancole.com"));
        assert!(is_url_or_email("carol.st.clair@enron.com"));
        assert!(is_url_or_email("Liquidweb.com"));
        assert!(!is_url_or_email("U.S"));
        assert!(!is_url_or_email("e.g"));
    }

    #[test]
    fn basic_sentence() {
        assert_eq!(forms("Hello, world!"), ["Hello", ",", "world", "!"]);
    }

    #[test]
    fn long_runs_of_closers_are_linear_and_still_break_after_a_terminal() {
        // The closers after a terminal still end the sentence.
        let mut doc = Document::new("t", "He left.)\") Then she came.");
        Tokenizer::new().tokenize(&mut doc);
        assert_eq!(doc.sentences.len(), 2);
        assert_eq!(doc.sentences[0].token_count, 6);
        // 300 000 glued closers took minutes when each closer looked back over
        // the whole run; linear, it is milliseconds.
        let text = format!("He left.{} Then she came.", ")".repeat(300_000));
        let mut doc = Document::new("t", text);
        let start = std::time::Instant::now();
        Tokenizer::new().tokenize(&mut doc);
        assert!(start.elapsed().as_secs() < 5, "{:?}", start.elapsed());
        assert!(doc.tokens.len() > 300_000);
        assert!(doc.sentences.len() >= 2);
    }
}
