//! What the rules of one sentence read ([`Ctx`]: the tree, the entity mentions, the
//! factuality layer, quotation, the clauses) and the arguments they cut from it: an argument's
//! span, its entity kind and value, and the appositive name that stands for a common noun.

use super::arguments::{case_tokens, span, surface};
use super::clause::{Clause, Tree};
use super::derived::is_person_noun;
use super::{ArgRole, Argument, Extractor};
use crate::document::{EntityKind, Mention, PredicateFactuality, Upos};

/// Everything a sentence's rules need.
pub(super) struct Ctx<'a> {
    pub(super) tree: Tree<'a>,
    pub(super) entities: &'a [Mention],
    /// The sentence's factuality layer, indexed by document token.
    pub(super) factuality: &'a [PredicateFactuality],
    /// Document index of the sentence's first token.
    pub(super) first_token: u32,
    /// Whether each token of the sentence is inside quotation marks.
    pub(super) quoted: &'a [bool],
    pub(super) sentence: usize,
    pub(super) clauses: Vec<Clause>,
    /// Clause index by predicate token.
    pub(super) by_pred: Vec<Option<u32>>,
}

impl<'a> Ctx<'a> {
    /// The entity or value mention covering token `t`, if any.
    pub(super) fn mention_at(&self, t: u32) -> Option<&'a Mention> {
        self.entities
            .iter()
            .find(|m| m.tokens.start <= t && t < m.tokens.end)
    }

    /// Whether `t` heads a person's name: a person mention, or, in a sentence without
    /// mentions (a hand-made tree), a proper noun of several words ("Ann Lee").
    pub(super) fn is_person_name(&self, t: u32) -> bool {
        match self.mention_at(t) {
            Some(m) => m.kind == EntityKind::Person,
            None => {
                self.entities.is_empty()
                    && self.tree.upos(t) == Upos::Propn
                    && self.tree.child(t, "flat").is_some()
            }
        }
    }

    /// The factuality model's value for predicate `p` of the sentence, if computed.
    pub(super) fn factuality_of(&self, p: u32) -> Option<f32> {
        self.predicate_factuality(p).map(|f| f.value)
    }

    /// Whether the factuality rules say predicate `p` is plainly not asserted.
    pub(super) fn factuality_rule(&self, p: u32) -> bool {
        self.predicate_factuality(p)
            .is_some_and(|f| f.plainly_not_asserted)
    }

    fn predicate_factuality(&self, p: u32) -> Option<&PredicateFactuality> {
        let token = self.first_token + p;
        self.factuality
            .binary_search_by_key(&token, |f| f.token)
            .ok()
            .map(|i| &self.factuality[i])
    }
}

impl Extractor {
    pub(super) fn argument(
        &self,
        ctx: &Ctx<'_>,
        tokens: Vec<u32>,
        head: u32,
        role: ArgRole,
    ) -> Argument {
        let tree = &ctx.tree;
        let mention = ctx.mention_at(head);
        Argument {
            text: surface(tree, &tokens),
            tokens,
            head,
            role,
            kind: mention.map(|m| m.kind),
            value: mention.and_then(|m| m.normalized.clone()),
            is_pronoun: (head as usize) < tree.len() && tree.is_pronoun(head),
        }
    }

    /// An argument headed by `head` with the default rules, never entering `stop`.
    pub(super) fn arg(
        &self,
        ctx: &Ctx<'_>,
        head: u32,
        stop: Option<u32>,
        role: ArgRole,
    ) -> Argument {
        let head = self.named(ctx, head, stop, role);
        let toks = span(&ctx.tree, head, stop, self.rules);
        self.argument(ctx, toks, head, role)
    }

    /// The appositive name standing for a common-noun subject or object, when names are preferred.
    pub(super) fn named(&self, ctx: &Ctx<'_>, head: u32, stop: Option<u32>, role: ArgRole) -> u32 {
        let tree = &ctx.tree;
        if !self.names
            || !matches!(role, ArgRole::Subject | ArgRole::Object)
            || head as usize >= tree.len()
            || tree.upos(head) != Upos::Noun
        {
            return head;
        }
        if let Some(c) = tree.children(head).iter().copied().find(|&c| {
            stop != Some(c) && tree.rel[c as usize] == "appos" && tree.upos(c) == Upos::Propn
        }) {
            return c;
        }
        // "the winner of the election, A," with A attached to "election": the name is still
        // the argument's (see `appos_governor`).
        let mut x = head;
        for _ in 0..4 {
            let Some(n) = tree.children(x).iter().copied().find(|&c| {
                c > x
                    && stop != Some(c)
                    && tree.rel[c as usize] == "nmod"
                    && matches!(tree.upos(c), Upos::Noun | Upos::Propn)
            }) else {
                break;
            };
            if let Some(a) = tree.children(n).iter().copied().find(|&a| {
                stop != Some(a)
                    && tree.rel[a as usize] == "appos"
                    && self.appos_governor(ctx, a) == Some(head)
            }) {
                return a;
            }
            x = n;
        }
        head
    }

    /// The noun a person-name apposition really describes when the parser hung it on a
    /// non-person noun or name inside a prepositional modifier: in "the winner of the
    /// election, A" and "the president of B, A", A is the winner or the president. `None`
    /// when the attachment is plausible as it is.
    pub(super) fn appos_governor(&self, ctx: &Ctx<'_>, a: u32) -> Option<u32> {
        let tree = &ctx.tree;
        let h = tree.head[a as usize]?;
        if tree.rel[a as usize] != "appos" || tree.upos(a) != Upos::Propn {
            return None;
        }
        // The noun it hangs on: a common noun that names no person, or a name that is no
        // person's ("the president of B, A").
        let wrong_host = match tree.upos(h) {
            Upos::Noun => !self.person_like(ctx, h),
            Upos::Propn => !ctx.is_person_name(h),
            _ => false,
        };
        if !ctx.is_person_name(a) || !wrong_host {
            return None;
        }
        let mut g = h;
        for _ in 0..4 {
            if tree.rel[g as usize] != "nmod" {
                return None;
            }
            g = tree.head[g as usize]?;
            if tree.upos(g) == Upos::Noun && is_person_noun(ctx, g, self) {
                return Some(g);
            }
        }
        None
    }

    /// A prepositional phrase as an argument without its preposition.
    pub(super) fn arg_without_case(
        &self,
        ctx: &Ctx<'_>,
        head: u32,
        stop: Option<u32>,
        role: ArgRole,
    ) -> Argument {
        let tree = &ctx.tree;
        let head = self.named(ctx, head, stop, role);
        let mut toks = span(tree, head, stop, self.rules);
        let case: Vec<u32> = case_tokens(tree, head);
        toks.retain(|t| !case.contains(t));
        self.argument(ctx, toks, head, role)
    }
}

#[cfg(test)]
mod tests {
    //! Arguments as the rules cut them, on invented sentences.
    use super::super::test_support::{fact, facts, facts_with};
    use crate::{ArgRole, EntityKind, Extractor};

    #[test]
    fn an_appositive_name_stands_for_its_common_noun_unless_asked_not_to() {
        let text = "His rival, Karl Lindqvist, won the race.";
        let f = fact(&facts(text), "Karl Lindqvist", "win").clone();
        assert_eq!(f.subject.role, ArgRole::Subject);
        let plain = facts_with(text, &Extractor::new().with_apposition_names(false));
        fact(&plain, "His rival", "win");
    }

    #[test]
    fn arguments_carry_their_mention_kind_and_pronouns_are_marked() {
        let fs = facts("Karl Lindqvist met her in Norway.");
        let f = fact(&fs, "Karl Lindqvist", "meet");
        assert_eq!(f.subject.kind, Some(EntityKind::Person));
        let her = f.object.as_ref().expect("an object");
        assert!(her.is_pronoun && !f.subject.is_pronoun);
        assert_eq!(f.extra[0].kind, Some(EntityKind::Location));
    }
}
