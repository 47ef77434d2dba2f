//! Facts without a verb: appositions ("A, the winner," → A is the winner), titles before a
//! name ("President A" → A is President), possessives ("France's election" → France has
//! election) and nominalisations or derived adjectives through the derivation table ("A's
//! victory over B" → A wins B; "a congratulatory telegram from A to B" → A congratulates B).

use super::arguments::{self, modified_span, span, SpanRules, CLAUSE_LEVEL};
use super::clause::SubjectSource;
use super::clause_facts::is_time_word;
use super::context::Ctx;
use super::relation;
use super::{confidence, ArgRole, Argument, Construction, Extraction, Extractor, Predicate};
use crate::document::{EntityKind, Upos};
use crate::lexicon::{self, closed_class};

impl Extractor {
    /// The verbless facts of a sentence, token by token: a nominalisation on a noun, then a
    /// title before a name, else an apposition, else a possessive.
    pub(super) fn derived_facts(&self, ctx: &Ctx<'_>, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        for i in 0..tree.len() as u32 {
            if matches!(tree.upos(i), Upos::Noun) {
                self.nominal(ctx, i, out);
            }
            let Some(h) = tree.head[i as usize] else {
                continue;
            };
            if self.title_fact(ctx, i, h, out) || self.apposition_fact(ctx, i, h, out) {
                continue;
            }
            self.possessive_fact(ctx, i, h, out);
        }
    }

    /// A title noun `i` before a name headed by `h`: "Russian President A B" → "A B" is
    /// "Russian President". Why: the title is what the text says the person is. Whether `i`
    /// is such a title.
    fn title_fact(&self, ctx: &Ctx<'_>, i: u32, h: u32, out: &mut Vec<Extraction>) -> bool {
        let tree = &ctx.tree;
        if !(matches!(tree.rel[i as usize], "nmod:desc" | "compound")
            && i < h
            && tree.upos(h) == Upos::Propn
            && lexicon::is_name_title(&tree.lemma(i).to_lowercase())
            && tree.rel[h as usize] != "compound")
        {
            return false;
        }
        let mut name: Vec<u32> = vec![h];
        name.extend(
            tree.children(h)
                .iter()
                .copied()
                .filter(|&c| tree.rel[c as usize] == "flat"),
        );
        name.sort_unstable();
        let mut title = span(tree, i, None, self.rules);
        for &c in tree.children(h) {
            if c < i && tree.rel[c as usize] == "amod" {
                title.extend(span(tree, c, None, self.rules));
            }
        }
        title.sort_unstable();
        let subject = self.argument(ctx, name, h, ArgRole::Subject);
        let object = self.argument(ctx, title, i, ArgRole::Object);
        self.push_simple(
            ctx,
            out,
            subject,
            "be",
            "is",
            Some(object),
            Construction::Title,
        );
        true
    }

    /// An apposition `i` of `h`: "the winner, A," → A is the winner; "Minsk, Belarus" → Minsk
    /// is in Belarus. Why the name is the subject: the fact says what the named thing is.
    /// Whether `i` is a plausible apposition (a fact is pushed when both sides have tokens).
    fn apposition_fact(&self, ctx: &Ctx<'_>, i: u32, h: u32, out: &mut Vec<Extraction>) -> bool {
        let tree = &ctx.tree;
        if !(tree.rel[i as usize] == "appos"
            && is_nominal(tree.upos(h))
            && is_nominal(tree.upos(i))
            && self.plausible_apposition(ctx, h, i))
        {
            return false;
        }
        let h = self.appos_governor(ctx, i).unwrap_or(h);
        // The name is the subject: "the winner, A," → A is the winner.
        let (s, o) = if tree.upos(i) == Upos::Propn && tree.upos(h) != Upos::Propn {
            (i, h)
        } else {
            (h, i)
        };
        let mut subject = self.appos_side(ctx, s, (s == h).then_some(i), ArgRole::Subject);
        let mut object = self.appos_side(ctx, o, (o == h).then_some(i), ArgRole::Object);
        if subject.tokens.is_empty() || object.tokens.is_empty() {
            return true;
        }
        // "Minsk, Belarus": a place in a place.
        let places = [&subject, &object]
            .iter()
            .all(|a| a.kind == Some(EntityKind::Location));
        let (key, label) = if places {
            ("be_in", "is in")
        } else {
            ("be", "is")
        };
        if places && s != h {
            std::mem::swap(&mut subject, &mut object);
            subject.role = ArgRole::Subject;
            object.role = ArgRole::Object;
        }
        self.push_simple(
            ctx,
            out,
            subject,
            key,
            label,
            Some(object),
            Construction::Apposition,
        );
        true
    }

    /// A possessive `i` of noun `h`: "France's election" → France has election. Why not a
    /// time ("last year's election") or a title before a person's name ("the Children's
    /// Minister Jane Doe"): neither is a possession.
    fn possessive_fact(&self, ctx: &Ctx<'_>, i: u32, h: u32, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        if !(tree.rel[i as usize] == "nmod:poss"
            && matches!(tree.upos(i), Upos::Propn | Upos::Noun)
            && matches!(tree.upos(h), Upos::Noun | Upos::Propn)
            && !is_time_word(tree.lemma(i))
            && !ctx
                .entities
                .iter()
                .any(|m| m.kind == EntityKind::Person && m.tokens.contains(&h)))
        {
            return;
        }
        let subject = self.arg_without_case(ctx, i, None, ArgRole::Subject);
        let mut toks = modified_span(tree, h, Some(i), self.rules);
        toks.retain(|&t| t != i && !span(tree, i, None, self.rules).contains(&t));
        let object = self.argument(ctx, toks, h, ArgRole::Object);
        self.push_simple(
            ctx,
            out,
            subject,
            "have",
            "has",
            Some(object),
            Construction::Possessive,
        );
    }

    /// Whether `i`, parsed as an apposition of `h`, reads as one. Rejected: a list of
    /// adjectives mistaken for nouns ("current bilateral, regional and global issues": the
    /// "appositive" opens with coordinated adjectives), and a nominal sentence root with a
    /// preposition, where the parser found no verb ("In the crisis, A and B, …, have …").
    fn plausible_apposition(&self, ctx: &Ctx<'_>, h: u32, i: u32) -> bool {
        let tree = &ctx.tree;
        let adjective_list = tree.children(i).iter().any(|&c| {
            c < i
                && tree.rel[c as usize] == "amod"
                && tree
                    .children(c)
                    .iter()
                    .any(|&d| tree.rel[d as usize] == "conj")
        }) && tree.children(h).iter().all(|&c| tree.base_rel(c) != "det");
        let verbless_root = tree.head[h as usize].is_none() && tree.child(h, "case").is_some();
        // "combine telephony, music and video players": a list, not a renaming.
        let list = tree.children(i).iter().any(|&c| {
            tree.rel[c as usize] == "conj"
                && tree
                    .children(c)
                    .iter()
                    .any(|&d| tree.rel[d as usize] == "cc")
        });
        // An apposition is set off by a comma, a parenthesis or a spaced dash; "hands-free
        // access" is one word.
        let (lo, hi) = (h.min(i), h.max(i));
        let set_off = (lo + 1..hi).any(|t| {
            let form = tree.form(t);
            match form {
                "," | "(" | ")" | ":" | "\u{2013}" | "\u{2014}" | "--" => true,
                "-" => {
                    let tokens = tree.tokens();
                    tokens[t as usize - 1].space_after && tokens[t as usize].space_after
                }
                _ => false,
            }
        });
        !adjective_list && !verbless_root && !list && set_off
    }

    /// One side of an apposition fact, as an argument without its preposition. The noun the
    /// apposition hangs on (`stop` set) loses its clause-level dependents too: in "in Minsk,
    /// Belarus, between A and B" the "between" phrase is a parser's attachment of the verb's
    /// adjunct, not part of the name. (Cutting them from the appositive side as well lost
    /// 0.016 CaRB dev recall for 0.027 precision; measured, not adopted.)
    fn appos_side(&self, ctx: &Ctx<'_>, head: u32, stop: Option<u32>, role: ArgRole) -> Argument {
        let mut a = self.arg_without_case(ctx, head, stop, role);
        let Some(stop) = stop.filter(|_| a.head == head) else {
            return a;
        };
        let tree = &ctx.tree;
        let mut cut: Vec<u32> = Vec::new();
        for &c in tree.children(head) {
            let r = tree.rel[c as usize];
            if c > stop && (CLAUSE_LEVEL.contains(&r) || r == "advcl") {
                // The whole subtree, conjuncts and clauses included.
                let whole = SpanRules {
                    relative_clauses: false,
                    appositions: false,
                    conjuncts: false,
                    participles: false,
                };
                cut.extend(span(tree, c, None, whole));
                cut.push(c);
            }
        }
        if cut.is_empty() {
            return a;
        }
        let mut toks = a.tokens.clone();
        toks.retain(|t| !cut.contains(t));
        arguments::trim_edges(tree, &mut toks);
        a = self.argument(ctx, toks, head, role);
        a
    }

    /// Facts from a nominalisation ("A's victory over B") or a derived adjective on a noun
    /// ("a congratulatory telegram from A to B").
    fn nominal(&self, ctx: &Ctx<'_>, n: u32, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        let own = self.derivation(&tree.lemma(n).to_lowercase());
        let adj = tree.children(n).iter().copied().find_map(|c| {
            let lemma = tree.lemma(c).to_lowercase();
            // A derived adjective, also when tagged as a noun in a compound ("congratulatory").
            let adjectival = tree.rel[c as usize] == "amod"
                || (tree.rel[c as usize] == "compound"
                    && ["ory", "ive", "ant", "ful"]
                        .iter()
                        .any(|x| lemma.ends_with(x)));
            adjectival.then(|| self.derivation(&lemma)).flatten()
        });
        // "a congratulatory call": the adjective, not the message noun, says what was done.
        let own = own
            .filter(|_| adj.is_none() || !lexicon::is_message_noun(&tree.lemma(n).to_lowercase()));
        let Some(verb) = own.or(adj) else {
            return;
        };
        let nmods: Vec<(u32, String)> = tree
            .children(n)
            .iter()
            .copied()
            .filter(|&c| {
                tree.rel[c as usize] == "nmod"
                    || tree.rel[c as usize].starts_with("nmod:")
                        && tree.rel[c as usize] != "nmod:poss"
                        && tree.rel[c as usize] != "nmod:desc"
            })
            .map(|c| (c, tree.case_marker(c)))
            .collect();
        let mut agent = nmods
            .iter()
            .find(|(_, m)| m == "by" || m == "from")
            .map(|(c, _)| *c);
        if own.is_some() && agent.is_none() {
            agent = tree.child(n, "nmod:poss");
        }
        let governor = tree.head[n as usize];
        let governor_subject = || -> Option<u32> {
            let k = ctx.by_pred.get(governor? as usize).copied().flatten()?;
            ctx.clauses[k as usize].subject
        };
        let governor_lemma = || governor.map(|h| tree.lemma(h).to_lowercase());
        // The subject of a light verb does what its object noun names ("A paid a visit").
        let mut light_verb = None;
        if own.is_some()
            && agent.is_none()
            && tree.rel[n as usize] == "obj"
            && governor_lemma().is_some_and(|l| relation::is_light_verb(&l))
        {
            agent = governor_subject();
            light_verb = governor.filter(|_| agent.is_some());
        }
        // A message noun ("telegram", "letter") with a derived adjective, used by a verb of
        // communication: the verb's subject sent it ("In a congratulatory letter, A said …",
        // "A sent a congratulatory letter").
        let message_verb = governor.filter(|_| {
            own.is_none()
                && adj.is_some()
                && lexicon::is_message_noun(&tree.lemma(n).to_lowercase())
                && governor_lemma().is_some_and(|l| is_communication(&l))
        });
        let message = message_verb.is_some();
        if own.is_none()
            && agent.is_none()
            && governor.is_some()
            && (tree.base_rel(n) == "obl" || (message && tree.base_rel(n) == "obj"))
        {
            // A derived adjective on an adjunct of a clause describes what the clause's subject
            // did: "In a congratulatory letter, A said …" → A congratulates.
            agent = governor_subject();
        }
        let Some(agent) = agent else {
            return;
        };
        let patient_marker = |m: &str| matches!(m, "of" | "to" | "for" | "against" | "over" | "on");
        let mut patient = nmods
            .iter()
            .find(|(c, m)| *c != agent && patient_marker(m) && !is_time_word(tree.lemma(*c)))
            .map(|(c, _)| *c);
        if let Some(h) = light_verb.filter(|_| patient.is_none()) {
            // "paid a visit on Monday to X": the phrase may hang on the light verb.
            patient = tree.children(h).iter().copied().find(|&c| {
                c > n && tree.base_rel(c) == "obl" && patient_marker(&tree.case_marker(c))
            });
        }
        if let Some(h) = message_verb.filter(|_| patient.is_none()) {
            patient = self.addressee(ctx, h, n);
        }
        let subject =
            if tree.rel[agent as usize] == "nmod:poss" || !tree.case_marker(agent).is_empty() {
                self.arg_without_case(ctx, agent, Some(n), ArgRole::Subject)
            } else {
                self.arg(ctx, agent, None, ArgRole::Subject)
            };
        let object = patient.map(|p| self.arg_without_case(ctx, p, Some(n), ArgRole::Object));
        let base = verb.split_whitespace().next().unwrap_or(verb);
        let rest: Vec<String> = verb
            .split_whitespace()
            .skip(1)
            .map(str::to_string)
            .collect();
        let (key, label) = relation::key_and_label(base, &rest);
        self.push_simple(
            ctx,
            out,
            subject,
            &key,
            &label,
            object,
            Construction::Nominal,
        );
    }

    /// Who a message sent by the subject of communication verb `v` is addressed to: the verb's
    /// explicit addressee ("wrote to B", "told B"), else the subject of the reported clause
    /// when it names a person ("A said [the president-elect] should …": a congratulatory
    /// message congratulates the person it talks about).
    fn addressee(&self, ctx: &Ctx<'_>, v: u32, message: u32) -> Option<u32> {
        let tree = &ctx.tree;
        let explicit = tree.children(v).iter().copied().find(|&c| {
            c != message
                && (tree.rel[c as usize] == "iobj"
                    || (tree.base_rel(c) == "obl" && tree.case_marker(c) == "to")
                    || (tree.rel[c as usize] == "obj"
                        && relation::is_speech(&tree.lemma(v).to_lowercase())
                        && self.person_like(ctx, c)))
        });
        if explicit.is_some() {
            return explicit;
        }
        let reported = tree.child(v, "ccomp")?;
        let s = tree.child_any(reported, &["nsubj", "nsubj:pass"])?;
        self.person_like(ctx, s).then_some(s)
    }

    /// Whether a nominal names or describes a person: a proper name, a personal pronoun, a
    /// person mention, or a title noun ("the president-elect", "the minister").
    pub(super) fn person_like(&self, ctx: &Ctx<'_>, i: u32) -> bool {
        let tree = &ctx.tree;
        if i as usize >= tree.len() {
            return false;
        }
        let lemma = tree.lemma(i).to_lowercase();
        let mention = ctx
            .entities
            .iter()
            .find(|m| m.tokens.start <= i && i < m.tokens.end);
        if let Some(m) = mention {
            return m.kind == EntityKind::Person;
        }
        match tree.upos(i) {
            Upos::Propn => true,
            Upos::Pron => closed_class::is_person_pronoun(&lemma),
            Upos::Noun => {
                // A title, also split by the tokenizer: "president-elect" → president - elect.
                lexicon::is_name_title(&lemma)
                    || (lemma == "elect"
                        && tree.children(i).iter().any(|&c| {
                            tree.rel[c as usize] == "compound"
                                && lexicon::is_name_title(&tree.lemma(c).to_lowercase())
                        }))
            }
            _ => false,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_simple(
        &self,
        ctx: &Ctx<'_>,
        out: &mut Vec<Extraction>,
        subject: Argument,
        key: &str,
        label: &str,
        object: Option<Argument>,
        construction: Construction,
    ) {
        if subject.tokens.is_empty() {
            return;
        }
        let features = confidence::Features {
            construction,
            source: SubjectSource::Direct,
            passive: false,
            subject_len: subject.tokens.len(),
            object_len: object.as_ref().map_or(0, |o| o.tokens.len()),
            extras: 0,
            pronoun_subject: subject.is_pronoun,
            sentence_len: ctx.tree.len(),
            clausal_object: false,
            merged: false,
        };
        out.push(Extraction {
            sentence: ctx.sentence,
            subject,
            relation: Predicate {
                key: key.to_string(),
                label: label.to_string(),
                tokens: Vec::new(),
                text: label.to_string(),
                negated: false,
                passive: false,
                modality: None,
                factuality: None,
            },
            object,
            extra: Vec::new(),
            attribution: None,
            attribution_verb: None,
            construction,
            confidence: confidence::score(&features),
        });
    }
}

/// A noun that denotes a person by what they do or are: a title, a person mention, or an
/// agent noun ("winner", "founder", "candidate", "president").
pub(super) fn is_person_noun(ctx: &Ctx<'_>, g: u32, x: &Extractor) -> bool {
    if x.person_like(ctx, g) {
        return true;
    }
    let lemma = ctx.tree.lemma(g).to_lowercase();
    lemma.len() > 4
        && ["er", "or", "ist", "ant", "ent", "ee", "ate"]
            .iter()
            .any(|s| lemma.ends_with(s))
}

/// Verbs by which a message is delivered or its content reported.
fn is_communication(lemma: &str) -> bool {
    relation::is_speech(lemma) || lexicon::is_delivery_verb(lemma)
}

fn is_nominal(u: Upos) -> bool {
    matches!(u, Upos::Noun | Upos::Propn | Upos::Pron | Upos::Num)
}

#[cfg(test)]
mod tests {
    //! One test per verbless construction, on invented sentences through the real pipeline.
    use super::super::test_support::{fact, facts, facts_with, object, triples};
    use crate::{Construction, Extractor};

    #[test]
    fn apposition_names_the_subject() {
        let fs = facts("Karl Lindqvist, the chairman of Veltro Group, resigned.");
        let f = fact(&fs, "Karl Lindqvist", "be");
        assert_eq!(object(f), "the chairman of Veltro Group");
        assert_eq!(f.construction, Construction::Apposition);
        assert!(f.relation.tokens.is_empty() && f.is_asserted());
    }

    #[test]
    fn title_before_a_name() {
        let fs = facts("President Karl Lindqvist opened the plant.");
        let f = fact(&fs, "Karl Lindqvist", "be");
        assert_eq!(object(f), "President");
        assert_eq!(f.construction, Construction::Title);
    }

    #[test]
    fn possessive() {
        let fs = facts("Veltro Group's headquarters moved to Oslo.");
        let f = fact(&fs, "Veltro Group", "have");
        assert_eq!(object(f), "headquarters");
        assert_eq!(f.construction, Construction::Possessive);
    }

    #[test]
    fn nominalisation_through_a_light_verb() {
        let fs = facts("Karl Lindqvist paid a visit to Nordlys Energy.");
        let f = fact(&fs, "Karl Lindqvist", "visit");
        assert_eq!(object(f), "Nordlys Energy");
        assert_eq!(f.construction, Construction::Nominal);
    }

    #[test]
    fn derived_adjective_on_a_message_noun() {
        let fs = facts("Nordlys Energy sent a congratulatory telegram to Maria Santos.");
        let f = fact(&fs, "Nordlys Energy", "congratulate");
        assert_eq!(object(f), "Maria Santos");
        assert_eq!(f.construction, Construction::Nominal);
    }

    #[test]
    fn derived_facts_can_be_turned_off() {
        let text = "Karl Lindqvist, the chairman of Veltro Group, resigned.";
        let fs = facts_with(text, &Extractor::new().with_derived_facts(false));
        assert!(
            fs.iter().all(|f| f.construction == Construction::Verb),
            "{:?}",
            triples(&fs)
        );
        assert!(!fs.is_empty());
    }
}
