//! Facts of a clause: its subject (each conjunct when splitting), the relation phrase and key
//! (with a merged control chain: "tried to leave"), its objects, its adjuncts, its
//! attribution, and what marks it as not asserted (negation, modals, hedges, the verbs it is
//! embedded under, quotation, the factuality model).

use super::arguments::{case_tokens, conjuncts, modified_span, nominal_span, span, surface};
use super::clause::{ClauseKind, SubjectSource, Tree, NONE};
use super::context::Ctx;
use super::relation::{self, is_particle, verb_group};
use super::stance::{embedding_stance, Stance};
use super::{
    confidence, ArgRole, Argument, Construction, Extraction, Extractor, Modality, ModalityKind,
    Predicate,
};
use crate::document::{EntityKind, Upos};

const TIME_WORDS: [&str; 11] = [
    "year",
    "month",
    "week",
    "day",
    "hour",
    "century",
    "decade",
    "time",
    "today",
    "yesterday",
    "tomorrow",
];

/// A lemma naming a time (a unit, a weekday, a month): its phrase is a time adjunct, not a
/// participant.
pub(super) fn is_time_word(lemma: &str) -> bool {
    let lower = lemma.to_lowercase();
    TIME_WORDS.contains(&lower.as_str())
        || crate::nlp::values::is_month_name(&lower)
        || crate::nlp::values::is_weekday_name(&lower)
}

impl Extractor {
    /// Whether clause `p` is an infinitive whose subject is its governor's subject, so that its
    /// relation absorbs the governor's ("tried to leave").
    pub(super) fn merges_up(&self, ctx: &Ctx<'_>, p: u32) -> bool {
        let tree = &ctx.tree;
        let h = tree.head[p as usize];
        if h == NONE || tree.rel[p as usize] != "xcomp" || tree.upos(p) != Upos::Verb {
            return false;
        }
        if !matches!(tree.upos(h), Upos::Verb | Upos::Aux) || tree.is_copular(h) {
            return false;
        }
        let k = ctx.by_pred[p as usize];
        if k == NONE {
            return false;
        }
        let c = &ctx.clauses[k as usize];
        c.source == SubjectSource::Control && ctx.tree.direct_subject(p).is_none() && {
            let hk = ctx.by_pred[h as usize];
            hk != NONE && ctx.clauses[hk as usize].subject == c.subject
        }
    }

    pub(super) fn clause_facts(&self, ctx: &Ctx<'_>, k: usize, out: &mut Vec<Extraction>) {
        let tree = &ctx.tree;
        let clause = &ctx.clauses[k];
        let p = clause.predicate;
        if clause.subject == NONE {
            return;
        }
        // A governor whose only complement is a merged infinitive gives no fact of its own.
        if tree.children(p).iter().any(|&c| self.merges_up(ctx, c))
            && tree.child_any(p, &["obj", "iobj", "ccomp"]).is_none()
        {
            return;
        }
        let copula = clause.kind == ClauseKind::Copula;
        debug_assert!(!copula || tree.is_copular(p));
        // Predicate tokens: governors' relations (merged control chain), then this predicate's.
        let mut rel_toks: Vec<u32> = Vec::new();
        let mut modality: Option<Modality> = None;
        let mut negated = false;
        let mut merged = false;
        let mut extras_from: Vec<u32> = vec![p];
        let mut x = p;
        for _ in 0..8 {
            if !self.merges_up(ctx, x) {
                break;
            }
            let h = tree.head[x as usize];
            merged = true;
            let (toks, neg, m) = verb_group(tree, h);
            rel_toks.extend(toks);
            negated |= neg;
            if m.is_some() {
                modality = m;
            }
            if tree.is_passive(h) && relation::is_hearsay(tree.lemma(h)) {
                modality = Some(Modality {
                    kind: ModalityKind::Hearsay,
                    marker: tree.lemma(h).to_lowercase(),
                });
            }
            // The infinitive marker ("to") joins the relation.
            for &c in tree.children(x) {
                if tree.rel[c as usize] == "mark" {
                    rel_toks.push(c);
                }
            }
            extras_from.push(h);
            x = h;
        }
        let top = x;
        let (toks, neg, m) = verb_group(tree, p);
        rel_toks.extend(toks);
        negated |= neg;
        if m.is_some() {
            modality = m;
        }
        if copula {
            // The predicate nominal's preposition joins a copula ("is in Paris").
            rel_toks.extend(case_tokens(tree, p));
        }

        // Object and key words.
        let mut key_rest: Vec<String> = Vec::new();
        let lemma = if copula {
            "be".to_string()
        } else {
            tree.lemma(p).to_lowercase()
        };
        for &c in tree.children(p) {
            if tree.rel[c as usize] == "compound:prt" || is_particle(tree, p, c) {
                key_rest.push(tree.lemma(c).to_lowercase());
            }
        }
        let mut objects: Vec<(u32, Argument)> = Vec::new();
        let mut used: Vec<u32> = Vec::new();
        let mut clausal_object = false;
        if copula {
            let toks = nominal_span(tree, p, clause.subject, self.rules);
            let mut toks = toks;
            let case = case_tokens(tree, p);
            toks.retain(|t| !case.contains(t));
            if !case.is_empty() {
                key_rest.extend(case.iter().map(|&c| tree.form(c).to_lowercase()));
            }
            let a = self.argument(ctx, toks, p, ArgRole::Object);
            objects.push((p, a));
            if self.split {
                for c in conjuncts(tree, p).into_iter().skip(1) {
                    if !tree.is_copular(c)
                        && tree.direct_subject(c).is_none()
                        && tree.upos(c) != Upos::Verb
                    {
                        let toks = nominal_span(tree, c, clause.subject, self.rules);
                        objects.push((c, self.argument(ctx, toks, c, ArgRole::Object)));
                        used.push(c);
                    }
                }
            }
        } else {
            let obj = if clause.object_override != NONE {
                Some(clause.object_override)
            } else {
                tree.child(p, "iobj")
                    .or_else(|| tree.child(p, "obj"))
                    .or_else(|| {
                        tree.child(p, "xcomp")
                            .filter(|&c| tree.upos(c) != Upos::Verb)
                    })
            };
            if let Some(o) = obj {
                used.push(o);
                // Light verbs and bare objects followed by a preposition take the noun into the
                // relation: "paid a visit to Moscow" → pay_visit_to Moscow.
                if clause.object_override == NONE {
                    if let Some((pp, noun_toks)) = self.incorporate(tree, p, o) {
                        rel_toks.extend(noun_toks);
                        rel_toks.extend(case_tokens(tree, pp));
                        key_rest.push(tree.lemma(o).to_lowercase());
                        key_rest.push(tree.case_marker(pp));
                        used.push(pp);
                        for c in self.split_heads(tree, pp) {
                            let a = self.arg_without_case(ctx, c, p, ArgRole::Object);
                            objects.push((c, a));
                        }
                    }
                }
                if objects.is_empty() {
                    let stop = if clause.object_override != NONE {
                        p
                    } else {
                        NONE
                    };
                    // The noun a relative clause modifies is one object, whatever it is
                    // coordinated with.
                    let heads = if clause.object_override != NONE {
                        vec![o]
                    } else {
                        self.split_heads(tree, o)
                    };
                    for c in heads {
                        let a = if clause.object_override != NONE {
                            let toks = modified_span(tree, c, stop, self.rules);
                            self.argument(ctx, toks, c, ArgRole::Object)
                        } else {
                            self.arg(ctx, c, stop, ArgRole::Object)
                        };
                        objects.push((c, a));
                    }
                }
            } else if let Some(cc) = tree.child_any(p, &["ccomp", "csubj"]).filter(|&c| c > p) {
                used.push(cc);
                clausal_object = true;
                let mut toks = span(tree, cc, NONE, self.rules);
                let marks: Vec<u32> = tree
                    .children(cc)
                    .iter()
                    .copied()
                    .filter(|&m| tree.rel[m as usize] == "mark" && m < cc)
                    .collect();
                toks.retain(|t| !marks.contains(t));
                rel_toks.extend(marks);
                // A full clause keeps its coordination (it is one proposition).
                let a = self.argument(ctx, toks, cc, ArgRole::Object);
                objects.push((cc, a));
            } else if let Some(pp) = self.promoted_obl(tree, p) {
                used.push(pp);
                rel_toks.extend(case_tokens(tree, pp));
                let m = tree.case_marker(pp);
                if !m.is_empty() {
                    key_rest.push(m);
                }
                for c in self.split_heads(tree, pp) {
                    let a = self.arg_without_case(ctx, c, p, ArgRole::Object);
                    objects.push((c, a));
                }
            }
        }

        // Extras: adjuncts of the predicate (and of merged governors), in sentence order.
        let mut extra: Vec<Argument> = Vec::new();
        let mut attribution: Option<(Argument, String)> = None;
        for &h in &extras_from {
            for &c in tree.children(h) {
                if used.contains(&c) {
                    continue;
                }
                let r = tree.rel[c as usize];
                let is_obl = r == "obl" || r.starts_with("obl:");
                if r == "obj" && h == p && !tree.is_relative(c) {
                    // A direct object after an indirect one ("gave her a book").
                    extra.push(self.arg(ctx, c, p, ArgRole::Other));
                    continue;
                }
                if is_obl {
                    if tree.is_relative(c) {
                        // "in which": the relation to the modified noun, already implied.
                        continue;
                    }
                    let marker = tree.case_marker(c);
                    if marker == "according to" {
                        attribution = Some((
                            self.arg_without_case(ctx, c, p, ArgRole::Attribution),
                            "according_to".to_string(),
                        ));
                        continue;
                    }
                    let role = self.role(ctx, c, &marker);
                    extra.push(self.arg(ctx, c, p, role));
                } else if r == "xcomp"
                    && h == p
                    && !self.merges_up(ctx, c)
                    && tree.upos(c) == Upos::Verb
                {
                    // Object control: the infinitive is an argument of the governor.
                    extra.push(self.arg(ctx, c, NONE, ArgRole::Other));
                }
            }
        }
        extra.retain(|a| !a.tokens.is_empty());
        extra.sort_by_key(|a| a.tokens.first().copied().unwrap_or(0));

        // Attribution: a clause under a verb of saying, or with one as parataxis.
        if attribution.is_none() {
            attribution = self.attribution(ctx, top);
        }
        // Hearsay participles on the arguments ("alleged attacks").
        if modality.is_none() {
            let mut heads = vec![clause.subject];
            heads.extend(objects.iter().map(|(h, _)| *h));
            for h in heads {
                if (h as usize) >= tree.len() {
                    continue;
                }
                for &c in tree.children(h) {
                    if tree.rel[c as usize] == "amod" && relation::is_hearsay(tree.lemma(c)) {
                        modality = Some(Modality {
                            kind: ModalityKind::Hearsay,
                            marker: tree.lemma(c).to_lowercase(),
                        });
                    }
                }
            }
        }

        // What the verbs above the clause say about it ("failed to", "wants to", "if").
        let governors: Vec<u32> = extras_from[1..].to_vec();
        match embedding_stance(tree, p, &governors, top, attribution.is_some()) {
            Some(Stance::Negative) => negated = true,
            // A more telling class replaces the hearsay a passive governor gave ("is expected
            // to" is an expectation); an auxiliary's modal stays ("could want").
            Some(Stance::Modal(m))
                if modality
                    .as_ref()
                    .is_none_or(|x| x.kind == ModalityKind::Hearsay) =>
            {
                modality = Some(m);
            }
            _ => {}
        }
        // Quoted words are the speaker's, not the author's: a report even when no "said"
        // names the speaker in this sentence.
        if modality.is_none() && attribution.is_none() && ctx.quoted.get(p as usize) == Some(&true)
        {
            modality = Some(Modality {
                kind: ModalityKind::Hearsay,
                marker: "\"".to_string(),
            });
        }
        let factuality = ctx.factuality_of(p);
        if !negated && modality.is_none() && ctx.factuality_rule(p) {
            // The factuality rules saw what the walk above did not: a polar question, or a
            // negative implicative over a clause parsed as an adjunct.
            if tree.len() > 0 && tree.form(tree.len() as u32 - 1) == "?" {
                modality = Some(Modality {
                    kind: ModalityKind::Question,
                    marker: "?".to_string(),
                });
            } else {
                negated = true;
            }
        }

        rel_toks.sort_unstable();
        rel_toks.dedup();
        let (key, label) = relation::key_and_label(&lemma, &key_rest);
        let passive = clause.kind == ClauseKind::Passive;
        let text = if rel_toks.is_empty() {
            label.clone()
        } else {
            surface(tree, &rel_toks)
        };
        let relation = Predicate {
            key,
            label,
            tokens: rel_toks,
            text,
            negated,
            passive,
            modality,
            factuality,
        };
        let subj_heads = if self.split {
            conjuncts(tree, clause.subject)
        } else {
            vec![clause.subject]
        };
        let stop = if clause.source == SubjectSource::Modified {
            top
        } else {
            NONE
        };
        let construction = if copula {
            Construction::Copula
        } else {
            Construction::Verb
        };
        let n_obj = objects.len().max(1);
        for &s in subj_heads.iter().take(6) {
            let named = if clause.source == SubjectSource::Modified {
                self.named(ctx, s, stop, ArgRole::Subject)
            } else {
                s
            };
            let subject = if named != s {
                // "His rival, A, who won …": the appositive name is the subject.
                self.arg(ctx, named, stop, ArgRole::Subject)
            } else if clause.source == SubjectSource::Modified {
                let toks = modified_span(tree, s, stop, self.rules);
                self.argument(ctx, toks, s, ArgRole::Subject)
            } else {
                // A controller found as an oblique ("called on X to …") loses its preposition.
                self.arg_without_case(ctx, s, p, ArgRole::Subject)
            };
            for oi in 0..n_obj.min(6) {
                let object = objects
                    .get(oi)
                    .map(|(_, a)| a.clone())
                    .filter(|a| !a.tokens.is_empty());
                let features = confidence::Features {
                    construction,
                    source: clause.source,
                    passive,
                    subject_len: subject.tokens.len(),
                    object_len: object.as_ref().map_or(0, |o| o.tokens.len()),
                    extras: extra.len(),
                    pronoun_subject: subject.is_pronoun,
                    sentence_len: tree.len(),
                    clausal_object,
                    merged,
                };
                out.push(Extraction {
                    sentence: ctx.sentence,
                    subject: subject.clone(),
                    relation: relation.clone(),
                    object,
                    extra: extra.clone(),
                    attribution: attribution.as_ref().map(|(a, _)| a.clone()),
                    attribution_verb: attribution.as_ref().map(|(_, v)| v.clone()),
                    construction,
                    confidence: confidence::score(&features),
                });
            }
        }
    }

    /// The conjuncts of `head` when splitting, else `head` alone.
    fn split_heads(&self, tree: &Tree<'_>, head: u32) -> Vec<u32> {
        if self.split {
            conjuncts(tree, head)
        } else {
            vec![head]
        }
    }

    /// The oblique whose preposition joins the relation when there is no object: the agent of a
    /// passive, else the first prepositional oblique after the verb.
    fn promoted_obl(&self, tree: &Tree<'_>, p: u32) -> Option<u32> {
        if let Some(a) = tree.child(p, "obl:agent") {
            return Some(a);
        }
        if tree.is_passive(p) {
            // A parser may leave the agent as a plain oblique with "by".
            if let Some(a) =
                tree.children(p).iter().copied().find(|&c| {
                    c > p && tree.rel[c as usize] == "obl" && tree.case_marker(c) == "by"
                })
            {
                return Some(a);
            }
        }
        tree.children(p).iter().copied().find(|&c| {
            c > p && tree.rel[c as usize] == "obl" && {
                let m = tree.case_marker(c);
                !m.is_empty() && m != "according to"
            }
        })
    }

    /// For a light verb with an event noun, or a bare object noun, followed by a prepositional
    /// phrase: the phrase and the noun's tokens to put into the relation.
    fn incorporate(&self, tree: &Tree<'_>, p: u32, o: u32) -> Option<(u32, Vec<u32>)> {
        if !matches!(tree.upos(o), Upos::Noun) || o < p {
            return None;
        }
        let lemma = tree.lemma(o).to_lowercase();
        let light = relation::is_light_verb(&tree.lemma(p).to_lowercase())
            && self.derivations.contains_key(&lemma);
        let bare = o == p + 1
            && tree.children(o).iter().all(|&c| {
                !matches!(
                    tree.base_rel(c),
                    "det" | "nmod:poss" | "nummod" | "amod" | "compound" | "acl" | "appos" | "conj"
                ) && tree.rel[c as usize] != "nmod:poss"
            });
        if !light && !bare {
            return None;
        }
        // The phrase: a prepositional modifier of the noun, else an oblique of the verb after it.
        let pp = tree
            .children(o)
            .iter()
            .copied()
            .find(|&c| c > o && tree.base_rel(c) == "nmod" && !tree.case_marker(c).is_empty())
            .or_else(|| {
                tree.children(p).iter().copied().find(|&c| {
                    c > o && tree.rel[c as usize] == "obl" && !tree.case_marker(c).is_empty()
                })
            })?;
        let mut noun_toks = span(tree, o, pp, self.rules);
        noun_toks.retain(|&t| t < pp);
        Some((pp, noun_toks))
    }

    fn role(&self, ctx: &Ctx<'_>, c: u32, marker: &str) -> ArgRole {
        let tree = &ctx.tree;
        let mention = ctx
            .entities
            .iter()
            .find(|m| m.tokens.start <= c && c < m.tokens.end);
        if matches!(
            mention.map(|m| m.kind),
            Some(EntityKind::Date | EntityKind::Time)
        ) || is_time_word(tree.lemma(c))
            || (tree.upos(c) == Upos::Num && marker.is_empty())
            || matches!(marker, "during" | "since" | "until" | "after" | "before")
        {
            return ArgRole::Time;
        }
        if matches!(mention.map(|m| m.kind), Some(EntityKind::Location))
            || (tree.upos(c) == Upos::Propn
                && matches!(
                    marker,
                    "in" | "at" | "near" | "across" | "throughout" | "inside"
                ))
        {
            return ArgRole::Place;
        }
        ArgRole::Other
    }
}
