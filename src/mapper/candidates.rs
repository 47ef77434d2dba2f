//! Argument candidates of an analysed sentence: spans of its own text (names the recognizer
//! found, noun-phrase cores from the parse, runs of proper nouns, years and dates), each with
//! the label it would be written as.

use crate::document::{Document, EntityKind, Upos};
use std::collections::HashSet;
use std::ops::Range;

/// Where each token of a document hangs in its sentence's tree.
pub(crate) struct Tree {
    /// Sentence index of each token.
    pub sentence: Vec<usize>,
    /// Head of each token as a document token index (`None` for a root).
    pub head: Vec<Option<usize>>,
    /// Children of each token.
    pub children: Vec<Vec<usize>>,
}

impl Tree {
    /// The tree of every sentence of `doc`.
    pub fn of(doc: &Document) -> Self {
        let n = doc.tokens.len();
        let mut sentence = vec![0; n];
        let mut head = vec![None; n];
        let mut children = vec![Vec::new(); n];
        for (si, s) in doc.sentences.iter().enumerate() {
            let base = s.first_token as usize;
            for i in s.token_range() {
                sentence[i] = si;
                if let Some(h) = doc.tokens[i].head_word() {
                    let h = base + h.get();
                    if h < n && h != i {
                        head[i] = Some(h);
                        children[h].push(i);
                    }
                }
            }
        }
        Self {
            sentence,
            head,
            children,
        }
    }

    /// The chain from `i` up to its root (`i` first); stops on a cycle.
    pub fn ancestors(&self, i: usize) -> Vec<usize> {
        let mut out = vec![i];
        let mut cur = i;
        while let Some(h) = self.head[cur] {
            if out.contains(&h) || out.len() > 64 {
                break;
            }
            out.push(h);
            cur = h;
        }
        out
    }
}

/// One argument candidate.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// First token (document index).
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// The syntactic head token.
    pub head: usize,
    /// What found it: an entity kind label (`PER`, `DATE`…), `NP`, `N` or `RUN`.
    pub kind: &'static str,
    /// The label written in a triple: the span's text, or a date as the benchmark writes it.
    pub text: String,
}

impl Candidate {
    /// True when the two spans share a token.
    pub fn overlaps(&self, other: &Candidate) -> bool {
        self.start < other.end && other.start < self.end
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as Wikidata labels write it (`01 January 2010` for the year 2010, `01 April 1995`
/// for April 1995, `22 September 2015`), from the recognizer's ISO value.
pub(crate) fn date_label(iso: &str) -> Option<String> {
    let parts: Vec<&str> = iso.split('-').collect();
    let num = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<usize>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [y] => num(y, 4).map(|_| format!("01 January {y}")),
        [y, m] => {
            num(y, 4)?;
            let m = num(m, 2).filter(|m| (1..=12).contains(m))?;
            Some(format!("01 {} {y}", MONTHS[m - 1]))
        }
        [y, m, d] => {
            num(y, 4)?;
            let m = num(m, 2).filter(|m| (1..=12).contains(m))?;
            let d = num(d, 2).filter(|d| (1..=31).contains(d))?;
            Some(format!("{d:02} {} {y}", MONTHS[m - 1]))
        }
        _ => None,
    }
}

fn is_year(form: &str) -> bool {
    form.len() == 4
        && form.bytes().all(|b| b.is_ascii_digit())
        && (form.starts_with("1") || form.starts_with("20"))
}

/// Dependents that belong to a noun-phrase core.
fn core_dependent(deprel: &str) -> bool {
    matches!(
        deprel,
        "compound" | "flat" | "flat:name" | "amod" | "nummod" | "compound:prt" | "fixed"
    )
}

fn text_of(doc: &Document, start: usize, end: usize) -> String {
    doc.text[doc.tokens[start].span.start as usize..doc.tokens[end - 1].span.end as usize]
        .to_owned()
}

/// Words that join the parts of a name into a run: separators, "of", "the", "&", "-", "a"
/// and the particles of surnames ("de", "van", …).
fn is_join(form: &str) -> bool {
    is_separator(form)
        || matches!(form, "of" | "the" | "&" | "-" | "a")
        || crate::lexicon::SURNAME_PARTICLES.contains(&form)
}

/// Joins that separate two names of a run (`Paris and Rome`, `Prize for Physics`,
/// `Jane's Book`): a run is also cut there.
fn is_separator(form: &str) -> bool {
    matches!(form, "and" | ":" | "'s" | "in" | "to" | "for" | "on" | "at")
}

/// The span of the subtree of `i`, if contiguous enough to matter (its extreme tokens).
fn subtree(tree: &Tree, i: usize) -> (usize, usize) {
    let (mut a, mut b) = (i, i + 1);
    let mut stack = vec![i];
    let mut seen = 0;
    while let Some(k) = stack.pop() {
        seen += 1;
        if seen > 200 {
            break;
        }
        a = a.min(k);
        b = b.max(k + 1);
        stack.extend(tree.children[k].iter().copied());
    }
    (a, b)
}

fn head_of(tree: &Tree, start: usize, end: usize) -> usize {
    (start..end)
        .find(|&i| tree.head[i].is_none_or(|h| h < start || h >= end))
        .unwrap_or(end - 1)
}

/// The candidates of `doc` (most sentences of the benchmark are one document sentence, but
/// the tokenizer may split one), at most `limit` per document, in order of discovery.
pub(crate) fn candidates(doc: &Document, tree: &Tree, limit: usize) -> Vec<Candidate> {
    let mut spans = Spans {
        doc,
        tree,
        limit,
        out: Vec::new(),
        seen: HashSet::new(),
        later: Vec::new(),
    };
    for s in &doc.sentences {
        let range = s.token_range();
        spans.recognised(s);
        spans.topic(range.clone());
        spans.titles(range.clone());
        spans.quoted(range.clone());
        spans.capitalised_runs(range.clone());
        spans.bare_phrases(range.clone());
        spans.noun_phrases(range);
    }
    // Deferred spans come last, so that the limit drops them first.
    for (a, b, kind) in std::mem::take(&mut spans.later) {
        spans.push(a, b, kind, text_of(doc, a, b));
    }
    spans.out
}

/// The candidates of a document as they are found: each span once (with the kind that found
/// it first), at most `limit`, and the spans deferred until every sentence is done.
struct Spans<'a> {
    doc: &'a Document,
    tree: &'a Tree,
    limit: usize,
    out: Vec<Candidate>,
    seen: HashSet<(usize, usize)>,
    later: Vec<(usize, usize, &'static str)>,
}

impl Spans<'_> {
    fn push(&mut self, start: usize, end: usize, kind: &'static str, text: String) {
        if start < end && self.out.len() < self.limit && self.seen.insert((start, end)) {
            self.out.push(Candidate {
                start,
                end,
                head: head_of(self.tree, start, end),
                kind,
                text,
            });
        }
    }

    /// A span of the document's text, found now.
    fn push_text(&mut self, start: usize, end: usize, kind: &'static str) {
        let text = text_of(self.doc, start, end);
        self.push(start, end, kind, text);
    }

    /// Names and values the recognizer found in sentence `s`.
    fn recognised(&mut self, s: &crate::document::Sentence) {
        let base = s.first_token as usize;
        for m in &s.entities {
            let (a, b) = (base + m.tokens.start as usize, base + m.tokens.end as usize);
            if b > self.doc.tokens.len() {
                continue;
            }
            match m.kind {
                EntityKind::Date => {
                    if let Some(label) = m.normalized.as_deref().and_then(date_label) {
                        self.push(a, b, "DATE", label);
                    }
                }
                EntityKind::Time
                | EntityKind::Percent
                | EntityKind::Money
                | EntityKind::Ordinal => {}
                k => self.push_text(a, b, k.label()),
            }
        }
    }

    /// The sentence's topic: the subject of its root (whole subtree) and the words before
    /// the first bracket, comma or verb.
    fn topic(&mut self, range: Range<usize>) {
        let (tokens, tree) = (&self.doc.tokens, self.tree);
        if let Some(root) = range
            .clone()
            .find(|&i| tree.head[i].is_none() && tokens[i].deprel == "root")
        {
            for &c in &tree.children[root] {
                if tokens[c].deprel.starts_with("nsubj") {
                    let (a, b) = subtree(tree, c);
                    if b - a <= 12 {
                        self.push_text(a, b, "SUBJ");
                    }
                }
            }
        }
        let stop = range
            .clone()
            .find(|&i| {
                matches!(tokens[i].form.as_str(), "(" | "," | ";" | "\"")
                    || matches!(tokens[i].upos, Upos::Aux | Upos::Verb)
            })
            .unwrap_or(range.end);
        if stop > range.start && stop - range.start <= 12 {
            self.push_text(range.start, stop, "PREFIX");
        }
    }

    /// Titles stop at a verb written in lower case only ("Watch the Sky was filmed…"): the
    /// words from the start, or from a capital after a comma ("Filmed in Rome, The Long Night
    /// tells…"), up to a lower-case verb, a bracket, a comma or a semicolon (deferred).
    fn titles(&mut self, range: Range<usize>) {
        let tokens = &self.doc.tokens;
        let title_end = |from: usize| {
            (from..range.end)
                .find(|&i| {
                    let t = &tokens[i];
                    matches!(t.form.as_str(), "(" | "," | ";" | "\"")
                        || (matches!(t.upos, Upos::Aux | Upos::Verb)
                            && t.form.chars().next().is_some_and(char::is_lowercase))
                })
                .unwrap_or(range.end)
        };
        let starts = std::iter::once(range.start).chain(
            range
                .clone()
                .filter(|&i| tokens[i].form == "," && i + 1 < range.end)
                .map(|i| i + 1)
                .filter(|&i| {
                    tokens[i]
                        .form
                        .chars()
                        .next()
                        .is_some_and(char::is_uppercase)
                }),
        );
        for from in starts {
            let end = title_end(from);
            if end > from && end - from <= 12 {
                self.later.push((from, end, "PREFIX"));
            }
        }
    }

    /// Text between quotation marks.
    fn quoted(&mut self, range: Range<usize>) {
        let quotes: Vec<usize> = range
            .filter(|&i| {
                matches!(
                    self.doc.tokens[i].form.as_str(),
                    "\"" | "“" | "”" | "``" | "''"
                )
            })
            .collect();
        for w in quotes.windows(2) {
            let (a, b) = (w[0] + 1, w[1]);
            if b > a && b - a <= 15 {
                self.push_text(a, b, "QUOTE");
            }
        }
    }

    /// Runs of capitalised words and numbers, joined over `of`, `the`, `and`, `for`, `on`,
    /// `&`, `:`, `-`, particles of names (`van`, `da`…) between them and over words written
    /// against the previous one (`-kwon`, `/2`); also without their leading numbers, and cut
    /// at the joins that separate names (`and`, `for`, `'s`…): each run of the pieces between
    /// such joins (deferred, after the noun phrases); and the office or body a run names.
    fn capitalised_runs(&mut self, range: Range<usize>) {
        let tokens = &self.doc.tokens;
        let member = |i: usize| {
            let t = &tokens[i];
            t.upos == Upos::Propn
                || t.upos == Upos::Num
                || (t.form.chars().next().is_some_and(char::is_uppercase)
                    && !(i == range.start
                        && matches!(
                            t.upos,
                            Upos::Det
                                | Upos::Pron
                                | Upos::Adp
                                | Upos::Cconj
                                | Upos::Sconj
                                | Upos::Adv
                        )))
        };
        // A word written against the previous token, no space between (`Il-kwon`, `OS/2`).
        let glued = |j: usize| {
            j > range.start
                && j < range.end
                && tokens[j - 1].span.end == tokens[j].span.start
                && tokens[j]
                    .form
                    .chars()
                    .next()
                    .is_some_and(char::is_alphanumeric)
        };
        let mut i = range.start;
        while i < range.end {
            if !member(i) {
                i += 1;
                continue;
            }
            let mut j = i + 1;
            let mut last = i;
            while j < range.end {
                if member(j) || (glued(j) && (j - 1 == last || tokens[j - 1].form == "-")) {
                    last = j;
                } else if !(is_join(&tokens[j].form)
                    || (matches!(tokens[j].form.as_str(), "/" | ".") && glued(j + 1)))
                {
                    break;
                }
                j += 1;
            }
            if last - i < 12 {
                self.whole_run(range.start, i, last + 1);
            }
            // The pieces between separating joins, and every run of consecutive pieces.
            let mut pieces: Vec<(usize, usize)> = Vec::new();
            let mut a = i;
            let cuts = (i..=last)
                .filter(|&k| is_separator(&tokens[k].form))
                .chain(std::iter::once(last + 1));
            for k in cuts {
                // A piece starts and ends on a word of the run.
                let (mut p, mut q) = (a, k);
                while p < q && !member(p) {
                    p += 1;
                }
                while q > p && !member(q - 1) && !glued(q - 1) {
                    q -= 1;
                }
                if p < q {
                    pieces.push((p, q));
                }
                a = k + 1;
            }
            if pieces.len() > 1 {
                self.runs_of_pieces(range.start, &pieces, (i, last + 1));
            }
            // An office or a body of a name: `president of France`, `member of the Senate`.
            let mut p = i;
            if p > range.start && tokens[p - 1].form == "the" {
                p -= 1;
            }
            if p >= range.start + 2
                && tokens[p - 1].form == "of"
                && tokens[p - 2].upos == Upos::Noun
            {
                let q = pieces.first().map_or(last + 1, |x| x.1);
                self.later.push((p - 2, q, "OFFICE"));
            }
            i = last + 1;
        }
    }

    /// A whole run `start..end` of a sentence beginning at `first`: with its article when
    /// one precedes it, and without its leading numbers.
    fn whole_run(&mut self, first: usize, start: usize, end: usize) {
        let tokens = &self.doc.tokens;
        let mut from = start;
        if start > first && matches!(tokens[start - 1].form.as_str(), "The" | "A" | "An") {
            self.push_text(start, end, "RUN");
            from = start - 1;
        }
        self.push_text(from, end, "RUN");
        let mut k = start;
        while k < end - 1 && tokens[k].upos == Upos::Num {
            k += 1;
        }
        if k > start {
            self.push_text(k, end, "RUN");
        }
    }

    /// Every run of up to four consecutive `pieces` of a run (`whole`, left out) of a sentence
    /// beginning at `first`, with "the" when it precedes (deferred).
    fn runs_of_pieces(&mut self, first: usize, pieces: &[(usize, usize)], whole: (usize, usize)) {
        let tokens = &self.doc.tokens;
        for x in 0..pieces.len().min(8) {
            for y in x..pieces.len().min(x + 4) {
                let (p, q) = (pieces[x].0, pieces[y].1);
                if q - p <= 12 && (p, q) != whole {
                    self.later.push((p, q, "RUN"));
                    if p > first && matches!(tokens[p - 1].form.as_str(), "the" | "The") {
                        self.later.push((p - 1, q, "RUN"));
                    }
                }
            }
        }
    }

    /// Bare phrases of a word, a preposition and a bare noun, as values are named: `killed
    /// in action`, `prisoner of war` (deferred).
    fn bare_phrases(&mut self, range: Range<usize>) {
        let tokens = &self.doc.tokens;
        let lower =
            |t: &crate::document::Token| t.form.chars().next().is_some_and(char::is_lowercase);
        for k in range.start..range.end.saturating_sub(2) {
            let (w, adp, n) = (&tokens[k], &tokens[k + 1], &tokens[k + 2]);
            if (w.upos == Upos::Noun || w.upos == Upos::Adj || w.xpos == "VBN")
                && lower(w)
                && adp.upos == Upos::Adp
                && n.upos == Upos::Noun
                && lower(n)
                && tokens
                    .get(k + 3)
                    .is_none_or(|t| !matches!(t.upos, Upos::Noun | Upos::Propn | Upos::Num))
            {
                self.later.push((k, k + 3, "PHRASE"));
            }
        }
    }

    /// Noun-phrase cores, their modifiers and their head nouns; years.
    fn noun_phrases(&mut self, range: Range<usize>) {
        for i in range {
            let t = &self.doc.tokens[i];
            match t.upos {
                Upos::Noun | Upos::Propn => {
                    self.noun_phrase(i);
                    let form = t.form.clone();
                    self.push(i, i + 1, "N", form);
                }
                Upos::Num if is_year(&t.form) => {
                    let label = format!("01 January {}", t.form);
                    self.push(i, i + 1, "DATE", label);
                }
                _ => {}
            }
        }
    }

    /// The core of the noun phrase headed by `i` (its compound, flat, adjectival and numeric
    /// dependents), the modifiers before the head, and the head with its nearest modifiers.
    fn noun_phrase(&mut self, i: usize) {
        let (tokens, tree) = (&self.doc.tokens, self.tree);
        let mut span = (i, i + 1);
        let mut stack = vec![i];
        while let Some(k) = stack.pop() {
            for &c in &tree.children[k] {
                if core_dependent(&tokens[c].deprel) {
                    span = (span.0.min(c), span.1.max(c + 1));
                    stack.push(c);
                }
            }
        }
        if span.1 - span.0 <= 1 || span.1 - span.0 > 8 {
            return;
        }
        self.push_text(span.0, span.1, "NP");
        // The modifiers before the head ("comedy horror" of "a 2005 comedy horror film"),
        // without numbers.
        for k in 1..=3 {
            if i >= span.0 + k && (i - k..i).all(|m| tokens[m].upos != Upos::Num) {
                self.push_text(i - k, i, "MOD");
                // And the inner runs of those modifiers ("comedy horror" of "a comedy horror
                // short film").
                for e in i - k + 1..i {
                    self.later.push((i - k, e, "MOD"));
                }
                // The head with those modifiers ("basketball player" of "an American
                // professional basketball player"): how occupations, genres and kinds are
                // named.
                if i - k > span.0 && tokens[i - k].upos != Upos::Punct {
                    self.later.push((i - k, i + 1, "CORE"));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{ByteSpan, Token};

    /// A tagged sentence without a parse: `word/UPOS` (`word/UPOS/XPOS`) separated by spaces,
    /// a word starting with `+` written against the previous one.
    fn tagged(words: &str) -> Document {
        let mut text = String::new();
        let mut tokens = Vec::new();
        for w in words.split(' ') {
            let mut parts = w.split('/');
            let form = parts.next().unwrap_or_default();
            let upos = parts.next().and_then(Upos::parse).unwrap_or(Upos::X);
            let xpos = parts.next().unwrap_or_default();
            let form = match form.strip_prefix('+') {
                Some(f) => f,
                None => {
                    if !text.is_empty() {
                        text.push(' ');
                    }
                    form
                }
            };
            let start = text.len();
            text.push_str(form);
            let mut t = Token::new(form, ByteSpan::new(start, text.len()));
            t.upos = upos;
            t.xpos = xpos.to_owned();
            tokens.push(t);
        }
        let mut doc = Document::new("t", text);
        doc.push_sentence(tokens);
        doc
    }

    fn texts(words: &str) -> Vec<String> {
        let doc = tagged(words);
        let tree = Tree::of(&doc);
        candidates(&doc, &tree, 200)
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn runs_are_also_cut_where_names_meet() {
        let c = texts(
            "Mara/PROPN won/VERB the/DET Silver/PROPN Lantern/PROPN Prize/PROPN for/ADP \
             Best/ADJ Song/PROPN for/ADP Night/PROPN Owls/PROPN ./PUNCT",
        );
        assert!(
            c.contains(&"Silver Lantern Prize for Best Song".to_owned()),
            "{c:?}"
        );
        assert!(c.contains(&"Night Owls".to_owned()), "{c:?}");
    }

    #[test]
    fn words_written_together_stay_in_the_run() {
        let c = texts("Pel/PROPN +-/PUNCT +tova/NOUN sailed/VERB to/ADP Orvik/PROPN ./PUNCT");
        assert!(c.contains(&"Pel-tova".to_owned()), "{c:?}");
    }

    #[test]
    fn a_title_runs_to_a_lower_case_verb() {
        let c = texts(
            "Lost/VERB in/ADP the/DET Hills/PROPN was/AUX filmed/VERB in/ADP Norland/PROPN ./PUNCT",
        );
        assert!(c.contains(&"Lost in the Hills".to_owned()), "{c:?}");
        let c = texts(
            "Shot/VERB in/ADP Norland/PROPN ,/PUNCT A/DET Tale/NOUN for/ADP Winter/PROPN \
             tells/VERB of/ADP snow/NOUN ./PUNCT",
        );
        assert!(c.contains(&"A Tale for Winter".to_owned()), "{c:?}");
    }

    #[test]
    fn bare_phrases_and_offices_are_candidates() {
        let c = texts("The/DET pilot/NOUN was/AUX lost/VERB/VBN at/ADP sea/NOUN ./PUNCT");
        assert!(c.contains(&"lost at sea".to_owned()), "{c:?}");
        let c =
            texts("She/PRON became/VERB mayor/NOUN of/ADP the/DET Free/PROPN City/PROPN ./PUNCT");
        assert!(c.contains(&"mayor of the Free City".to_owned()), "{c:?}");
    }

    #[test]
    fn a_head_noun_with_its_nearest_modifiers_is_a_candidate() {
        // "Ilse is a Danish professional field hockey player", parsed.
        let mut doc = tagged(
            "Ilse/PROPN is/AUX a/DET Danish/ADJ professional/ADJ field/NOUN hockey/NOUN \
             player/NOUN ./PUNCT",
        );
        let heads = [8, 8, 8, 8, 8, 7, 8, 0, 8];
        let rels = [
            "nsubj", "cop", "det", "amod", "amod", "compound", "compound", "root", "punct",
        ];
        for ((t, h), r) in doc.tokens.iter_mut().zip(heads).zip(rels) {
            t.head = Some(crate::document::Head::from_conllu(h));
            t.deprel = r.to_owned();
        }
        let tree = Tree::of(&doc);
        let c: Vec<(String, &str)> = candidates(&doc, &tree, 200)
            .into_iter()
            .map(|c| (c.text, c.kind))
            .collect();
        for core in [
            "hockey player",
            "field hockey player",
            "professional field hockey player",
        ] {
            assert!(c.contains(&(core.to_owned(), "CORE")), "{core}: {c:?}");
        }
        // The whole phrase and the modifiers alone stay candidates.
        for phrase in ["Danish professional field hockey player", "field hockey"] {
            assert!(c.iter().any(|x| x.0 == phrase), "{phrase}: {c:?}");
        }
    }

    #[test]
    fn dates_are_written_as_the_gold_writes_them() {
        assert_eq!(date_label("2010").as_deref(), Some("01 January 2010"));
        assert_eq!(date_label("1995-04").as_deref(), Some("01 April 1995"));
        assert_eq!(
            date_label("2015-09-02").as_deref(),
            Some("02 September 2015")
        );
        assert_eq!(date_label("--09-02"), None);
        assert_eq!(date_label("1990/1995"), None);
    }
}
