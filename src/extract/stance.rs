//! What the context of a clause says about it: the verbs it is embedded under
//! ([`embedding_stance`]), quotation marks around it ([`quoted_tokens`]) and the speaker a
//! verb of saying names (`Extractor::attribution`).

use super::clause::{self, governor_keys, Tree};
use super::context::Ctx;
use super::relation::{self, verb_group};
use super::{ArgRole, Argument, Extractor, Modality, ModalityKind};
use crate::document::Document;
use crate::lexicon::closed_class::is_negation;
use crate::nlp::factuality::{self, Class};

/// What the verbs above a clause say about it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Stance {
    /// It did not happen ("failed to contain", "put off buying").
    Negative,
    /// It is wanted, planned, asked, possible … (see [`ModalityKind`]).
    Modal(Modality),
}

/// The stance the governors of a clause (headed by `predicate`) give it: first a conditional mark on the clause
/// (`if`, `unless`), then the classes ([`factuality::class_of`]) of the verbs it is embedded
/// under, innermost first — the merged control chain `governors` ("wants to", "tried to"),
/// then up from the clause's top `top` through complement clauses (at most four steps).
/// Factives and positive implicatives are transparent; a negated negative implicative ("did
/// not fail to") is too. A verb of saying adds nothing when the fact is already `attributed`.
pub(super) fn embedding_stance(
    tree: &Tree<'_>,
    predicate: u32,
    governors: &[u32],
    top: u32,
    attributed: bool,
) -> Option<Stance> {
    let marked = |x: u32, words: &[&str]| {
        tree.children(x).iter().any(|&m| {
            tree.rel[m as usize] == "mark" && words.contains(&tree.lemma(m).to_lowercase().as_str())
        })
    };
    let modal = |kind: ModalityKind, marker: &str| {
        Some(Stance::Modal(Modality {
            kind,
            marker: marker.to_string(),
        }))
    };
    if marked(top, &["if", "unless"]) {
        return modal(ModalityKind::Conditional, "if");
    }
    // (governor, the clause under it, whether an adverbial clause lies between).
    let mut chain: Vec<(u32, u32, bool)> = Vec::new();
    let mut below = predicate;
    for &g in governors {
        chain.push((g, below, false));
        below = g;
    }
    let mut x = top;
    let mut adjunct = false;
    for _ in 0..4 {
        let Some(h) = tree.head[x as usize] else {
            break;
        };
        // "urged investors to sell": an infinitive parsed as the object noun's modifier is
        // the complement of the noun's verb when that verb asks (as `clause::subject_of`
        // reads it); otherwise it is the noun's own ("decided in a referendum to leave").
        if tree.base_rel(x) == "acl" && marked(x, &["to"]) {
            let Some(g) = tree.head[h as usize] else {
                break;
            };
            if !matches!(tree.base_rel(h), "obj" | "iobj" | "obl")
                || clause::governor_class(tree, g) != Some(Class::Directive)
            {
                break;
            }
            chain.push((g, x, adjunct));
            x = g;
            continue;
        }
        let complement = match tree.base_rel(x) {
            "xcomp" | "ccomp" | "csubj" => true,
            // "put off buying", "called on X to join" are often parsed as adjuncts, and so
            // is a gerund after the preposition a verb takes ("aimed at averting", "plans
            // on selling").
            "advcl" => {
                marked(x, &["to"])
                    || (tree.tokens[x as usize].xpos == "VBG"
                        && marked(x, &["at", "on", "in", "toward", "towards"]))
                    || tree
                        .children(x)
                        .iter()
                        .all(|&m| tree.rel[m as usize] != "mark")
            }
            _ => false,
        };
        if !complement && tree.base_rel(x) != "advcl" {
            break;
        }
        if marked(x, &["if", "unless"]) {
            return modal(ModalityKind::Conditional, "if");
        }
        // Above an adverbial clause only modals count ("may control them by speaking": the
        // speaking is possible, not done; "wants to leave because it rains" wants no rain).
        adjunct |= !complement;
        chain.push((h, x, adjunct));
        x = h;
    }
    for (g, complement, adjunct) in chain {
        let lemma = tree.lemma(g).to_lowercase();
        let class = governor_keys(tree, g)
            .into_iter()
            .find_map(|k| factuality::class_of(&k).map(|c| (k, c)))
            .filter(|_| !adjunct);
        let Some((key, class)) = class else {
            // A modal on a governor covers what is embedded under it ("may soon be able to
            // control", "will try to").
            if let (_, _, Some(m)) = verb_group(tree, g) {
                return Some(Stance::Modal(m));
            }
            continue;
        };
        let negated = tree.children(g).iter().any(|&c| {
            tree.rel[c as usize] == "advmod" && is_negation(&tree.lemma(c).to_lowercase())
        });
        let infinitive = marked(complement, &["to"]);
        // "is said / reported / believed to be planning": a passive hearsay verb raises the
        // embedded subject, and the content is reported, not requested ("was told to" and
        // an active "told them to" stay requests).
        let raising = infinitive && relation::is_passive_hearsay(tree, g);
        return match class {
            Class::NegativeImplicative if negated => continue,
            Class::NegativeImplicative => Some(Stance::Negative),
            Class::PositiveImplicative | Class::Factive => continue,
            Class::Report if infinitive && !raising => modal(ModalityKind::Directive, &key),
            Class::Report | Class::Belief if attributed => None,
            Class::Report | Class::Belief => modal(ModalityKind::Hearsay, &key),
            Class::Desire => modal(ModalityKind::Desire, &key),
            Class::Plan if EXPECTATIONS.contains(&lemma.as_str()) => {
                modal(ModalityKind::Expectation, &key)
            }
            Class::Plan => modal(ModalityKind::Plan, &key),
            Class::Attempt => modal(ModalityKind::Attempt, &key),
            Class::Directive => modal(ModalityKind::Directive, &key),
            Class::Hedge => modal(ModalityKind::Possibility, &key),
            Class::Denial => modal(ModalityKind::Denial, &key),
        };
    }
    None
}

/// Which tokens of a document lie inside quotation marks. Straight double quotes toggle,
/// curly and TeX-style quotes open and close; a paragraph break (a blank line, or a line
/// break in text with no blank lines) closes an open quote, since news style reopens a quote
/// that runs on at each paragraph without closing the previous one.
pub(super) fn quoted_tokens(doc: &Document) -> Vec<bool> {
    let blank_lines = doc.text.contains("\n\n") || doc.text.contains("\r\n\r\n");
    let mut out = Vec::with_capacity(doc.tokens.len());
    let mut inside = false;
    let mut prev_end = 0usize;
    for t in &doc.tokens {
        let (start, end) = (t.span.start as usize, t.span.end as usize);
        if let Some(gap) = doc.text.get(prev_end.min(start)..start) {
            let breaks = gap.matches('\n').count();
            if breaks >= 2 || (breaks == 1 && !blank_lines) {
                inside = false;
            }
        }
        prev_end = end;
        match t.form.as_str() {
            "\"" => {
                inside = !inside;
                out.push(false);
            }
            "\u{201c}" | "``" => {
                inside = true;
                out.push(false);
            }
            "\u{201d}" | "''" => {
                inside = false;
                out.push(false);
            }
            _ => out.push(inside),
        }
    }
    out
}

/// Plan verbs that forecast rather than intend: their complement is *expected*. Kept beside
/// its one reader, not in `lexicon/`: it divides the plan class of the factuality lexicon
/// (`nlp::factuality`, the one list of embedding verbs) for the extractor's modality alone.
const EXPECTATIONS: &[&str] = &["expect", "forecast", "predict", "anticipate", "project"];

impl Extractor {
    /// The speaker of a clause headed by `top`: the subject of a verb of saying that governs it
    /// (`ccomp`) or that it governs as a parenthetical (`parataxis`).
    pub(super) fn attribution(&self, ctx: &Ctx<'_>, top: u32) -> Option<(Argument, String)> {
        let tree = &ctx.tree;
        let speaker_of = |v: u32| -> Option<u32> {
            if !relation::is_speech(&tree.lemma(v).to_lowercase()) {
                return None;
            }
            let k = ctx.by_pred[v as usize]?;
            ctx.clauses[k as usize].subject
        };
        // Up from the clause to the root: a report covers everything inside it ("Judges can
        // jail parents who breach orders, a spokesman said" reports the relative clause too).
        let mut x = top;
        for _ in 0..8 {
            let h = tree.head[x as usize];
            if let Some(h) = h.filter(|_| tree.rel[x as usize] == "ccomp") {
                if let Some(s) = speaker_of(h) {
                    return Some((
                        self.arg(ctx, s, Some(h), ArgRole::Attribution),
                        tree.lemma(h).to_lowercase(),
                    ));
                }
            }
            for &c in tree.children(x) {
                if tree.rel[c as usize] == "parataxis" && c != top {
                    if let Some(s) = speaker_of(c) {
                        return Some((
                            self.arg(ctx, s, Some(c), ArgRole::Attribution),
                            tree.lemma(c).to_lowercase(),
                        ));
                    }
                }
            }
            let Some(h) = h else {
                break;
            };
            x = h;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    //! Reported speech, quotation and attribution, on invented sentences.
    use super::super::test_support::{analysed, fact, facts, object, triples};
    use super::quoted_tokens;
    use crate::ModalityKind;

    #[test]
    fn reported_speech_is_attributed_not_asserted() {
        let fs = facts("Maria Santos said that Veltro Group lost the contract.");
        let f = fact(&fs, "Veltro Group", "lose");
        assert_eq!(object(f), "the contract");
        assert_eq!(
            f.attribution.as_ref().map(|a| a.text.as_str()),
            Some("Maria Santos")
        );
        assert_eq!(f.attribution_verb.as_deref(), Some("say"));
        // Attributed: the verb of saying adds no hearsay of its own.
        assert!(f.relation.is_asserted() && !f.is_asserted());
        let said = fact(&fs, "Maria Santos", "say");
        assert!(said.attribution.is_none() && said.is_asserted());
    }

    #[test]
    fn a_gerund_after_a_plan_verbs_preposition_is_planned() {
        for (text, subject) in [
            (
                "Talks aimed at averting a strike by Nordlys Energy staff will take place on Friday.",
                "Talks aimed",
            ),
            ("The unions plan on holding a ballot.", "The unions"),
        ] {
            let fs = facts(text);
            let f = fs
                .iter()
                .find(|f| f.subject.text == subject && f.relation.key != "aim" && f.relation.key != "plan")
                .unwrap_or_else(|| panic!("{text}: {:?}", triples(&fs)));
            let m = f.relation.modality.as_ref().expect("planned, not done");
            assert_eq!(m.kind, ModalityKind::Plan, "{text}");
            assert!(!f.is_asserted(), "{text}");
        }
    }

    #[test]
    fn a_parenthetical_speaker_attributes_the_quote() {
        let fs = facts("\"We will win the contract,\" Karl Lindqvist said.");
        let f = fact(&fs, "We", "win");
        assert_eq!(
            f.attribution.as_ref().map(|a| a.text.as_str()),
            Some("Karl Lindqvist")
        );
    }

    #[test]
    fn a_quote_without_a_speaker_is_hearsay() {
        let fs =
            facts("Karl Lindqvist was furious. \"Veltro Group cheated the workers.\" He left.");
        let f = fact(&fs, "Veltro Group", "cheat");
        assert!(f.attribution.is_none());
        let m = f.relation.modality.as_ref().expect("quoted");
        assert_eq!((m.kind, m.marker.as_str()), (ModalityKind::Hearsay, "\""));
        assert!(fact(&fs, "Karl Lindqvist", "be").is_asserted());
    }

    #[test]
    fn a_passive_hearsay_verb_reports_what_it_raises() {
        // "is said to": reported, not asked; "was told to" and "told them to": asked.
        let fs = facts("Veltro Group is said to be planning a merger.");
        let m = fact(&fs, "Veltro Group", "plan").relation.modality.clone();
        assert_eq!(m.map(|m| m.kind), Some(ModalityKind::Hearsay));
        let fs = facts("Karl Lindqvist was told to leave the board.");
        let m = fact(&fs, "Karl Lindqvist", "leave")
            .relation
            .modality
            .clone();
        assert_eq!(m.map(|m| m.kind), Some(ModalityKind::Directive));
    }

    #[test]
    fn quotes_open_close_and_end_at_a_paragraph() {
        let doc = analysed("A \u{201c}b c\u{201d} d \"e\" f \"g\n\nh");
        let inside: Vec<&str> = quoted_tokens(&doc)
            .iter()
            .zip(&doc.tokens)
            .filter(|(q, _)| **q)
            .map(|(_, t)| t.form.as_str())
            .collect();
        assert_eq!(inside, ["b", "c", "e", "g"]);
    }
}
