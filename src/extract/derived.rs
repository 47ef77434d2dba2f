//! Facts without a verb: appositions ("A, the winner," → A is the winner), titles before a
//! name ("President A" → A is President), possessives ("France's election" → France has
//! election) and nominalisations or derived adjectives through the derivation table ("A's
//! victory over B" → A wins B; "a congratulatory telegram from A to B" → A congratulates B).
//!
//! A person's role tied to an organisation or place is one role fact, as a relational-noun
//! Open IE extractor reads it ("(A; is chief executive of; B)"): "B chief executive A", "A,
//! chief executive of B", "A, B's finance director", "A, the head of research at B" give
//! `A – be_chief_executive_of – B` (label "is chief executive of"; `be_head_of_research_at`),
//! and neither "A is B chief", "B has finance director" nor a title word as a node. The role
//! noun is a person noun of the noun-type table or a title of the lexicon; the organisation
//! a recognised organisation or place, or a proper noun where it cannot be a portfolio or a
//! kind ("Agriculture Minister", "Documentary maker"). A bare title ("chief executive A")
//! stays a title fact.

use super::arguments::{self, modified_span, span, SpanRules, CLAUSE_LEVEL};
use super::clause::SubjectSource;
use super::clause_facts::is_time_word;
use super::context::Ctx;
use super::relation;
use super::{confidence, ArgRole, Argument, Construction, Extraction, Extractor, Predicate};
use crate::document::{EntityKind, Upos};
use crate::lexicon::gazetteer::Gazetteer;
use crate::lexicon::{self, closed_class};
use crate::nlp::lemma;
use crate::nlp::noun_types::{NounClass, NounTypes};

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
        // "Chief Executive" parsed as a name with "Chief" before it: a title is no name.
        if !(matches!(tree.rel[i as usize], "nmod:desc" | "compound")
            && i < h
            && tree.upos(h) == Upos::Propn
            && tree.rel[h as usize] != "compound"
            && !(self.is_role_word(ctx, h) && mention_kind(ctx, h) != Some(EntityKind::Person)))
        {
            return false;
        }
        let name = name_tokens(ctx, h);
        if let Some(role) = self.title_role(ctx, h) {
            // One fact for the name, pushed at its first dependent before it.
            let first = tree
                .children(h)
                .iter()
                .copied()
                .find(|&c| c < h && matches!(tree.rel[c as usize], "nmod:desc" | "compound"));
            if first == Some(i) {
                let subject = self.argument(ctx, name, h, ArgRole::Subject);
                self.push_role(ctx, out, subject, &role, Construction::Title);
            }
            return true;
        }
        // "Sir", "Mr", "Lady": a form of address is part of the name, and says no office.
        if is_address(tree.lemma(i)) {
            return true;
        }
        if !lexicon::is_name_title(&tree.lemma(i).to_lowercase()) {
            return false;
        }
        let mut title = span(tree, i, None, self.rules);
        for &c in tree.children(h) {
            if c < h && tree.rel[c as usize] == "amod" {
                title.extend(span(tree, c, None, self.rules));
            }
        }
        title.sort_unstable();
        // "Deputy Prime Minister A": the parser hangs "Deputy" on the name, or makes it the
        // phrase's head; English puts a title part right before its title, so it belongs to
        // the title whatever the parse, or the fact would promote A to Prime Minister.
        while let Some(&first) = title.first() {
            let before = first.wrapping_sub(1);
            let part = first > 0
                && !name.contains(&before)
                && lexicon::TITLE_PARTS.contains(&tree.lemma(before).to_lowercase().as_str());
            if !part {
                break;
            }
            title.insert(0, before);
        }
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
        // A role may be tagged as an adjective ("chief executive of B").
        if !(tree.rel[i as usize] == "appos"
            && is_nominal(tree.upos(h))
            && (is_nominal(tree.upos(i)) || self.is_role_word(ctx, i))
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
        if let Some((name, role)) = self.apposition_role(ctx, h, i).filter(|r| r.0 == s) {
            // The name alone: what the parser hung on it is not the person's.
            let subject = self.argument(ctx, name_tokens(ctx, name), name, ArgRole::Subject);
            self.push_role(ctx, out, subject, &role, Construction::Apposition);
            return true;
        }
        if !is_nominal(tree.upos(i)) {
            return false;
        }
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
        // "A, B's finance director": the role fact says it.
        if self.holds_role_organisation(ctx, h) {
            return;
        }
        // "Women's Hour", "Citizen's Pension": a capitalised common noun's possessive, a word
        // alone, before a capitalised word is one name (a programme's, a scheme's), not a
        // possession ("Mr Brown's …" is a person's).
        let capitalised = |t: u32| tree.form(t).chars().next().is_some_and(char::is_uppercase);
        if capitalised(i)
            && capitalised(h)
            && mention_kind(ctx, i).is_none()
            && !ctx.is_person_name(i)
            && tree
                .children(i)
                .iter()
                .all(|&c| matches!(tree.rel[c as usize], "case" | "det"))
            && is_common_noun(tree.lemma(i))
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

    /// A person's role tied to an organisation or place, read from the words before a name
    /// ("Veltro Group chief executive A", "Nordlys Energy's finance director A"): the
    /// organisation's name is compounded before the role noun or is its possessor. `None`
    /// when `name` names no person, when the words before it are no title ending in a role
    /// noun, or when no organisation or place is among them (a bare title stays a title fact).
    fn title_role(&self, ctx: &Ctx<'_>, name: u32) -> Option<Role> {
        let tree = &ctx.tree;
        if !ctx.is_person_name(name) {
            return None;
        }
        let mut pre: Vec<u32> = Vec::new();
        for &c in tree.children(name) {
            if c < name
                && matches!(
                    tree.rel[c as usize],
                    "compound" | "nmod:desc" | "amod" | "nmod:poss"
                )
            {
                pre.extend(span(tree, c, Some(name), self.rules));
            }
        }
        pre.sort_unstable();
        pre.dedup();
        // The title runs up to the name without a gap, and no name runs into it from before
        // ("Downing Street communications chief A" cut after "Downing").
        let contiguous = pre.windows(2).all(|w| w[1] == w[0] + 1);
        let &first = pre.first()?;
        if pre.last().is_none_or(|&l| l + 1 != name)
            || !contiguous
            || (first > 0 && tree.upos(first - 1) == Upos::Propn)
        {
            return None;
        }
        // A form of address is part of the name, not of the role ("CBI director general Sir A").
        while pre.last().is_some_and(|&t| is_address(tree.lemma(t))) {
            pre.pop();
        }
        let &noun = pre.last()?;
        if !self.is_role_word(ctx, noun) {
            return None;
        }
        let (org, words) = self.split_title(ctx, &pre)?;
        if org.is_empty() {
            return None;
        }
        let org_head = *org.last()?;
        Some(Role {
            words,
            noun,
            prep: "of".to_string(),
            org,
            org_head,
        })
    }

    /// The role in an apposition of `h` and `i` when one side names a person and the other is
    /// a role noun tied to an organisation or place: "A, chief executive of B" (an `of`, `at`
    /// or `for` phrase), "A, B's finance director" (a possessor), "A, a B spokesman" (a name
    /// compounded before the noun), "A, the head of research at B" (the role's own `of`
    /// phrase stays in the role, as a relational-noun extractor reads it). Returns the name's
    /// token and the role. Why only organisations and places: a role noun with a common-noun
    /// complement ("the winner of the vote") or a person's name ("the son of B") is left to
    /// the plain apposition, and "Paris, the capital of France" names no person.
    fn apposition_role(&self, ctx: &Ctx<'_>, h: u32, i: u32) -> Option<(u32, Role)> {
        let tree = &ctx.tree;
        let (name, r) = if ctx.is_person_name(h) && !self.is_role_word(ctx, h) {
            (h, i)
        } else if ctx.is_person_name(i) {
            (i, h)
        } else {
            return None;
        };
        // The role noun: a person noun or title, or, set beside a recognised person's name
        // without an indefinite article, a common noun the noun-type table gives no class
        // that excludes a person ("the head of B"; not "a division of B", an organisation's
        // apposition misattached to the name).
        let indefinite = tree
            .children(r)
            .iter()
            .any(|&c| tree.rel[c as usize] == "det" && matches!(tree.lemma(c), "a" | "an"));
        let role_noun = self.is_role_word(ctx, r)
            || (tree.upos(r) == Upos::Noun
                && !indefinite
                && mention_kind(ctx, name) == Some(EntityKind::Person)
                && matches!(
                    NounTypes::embedded().class_of(&tree.lemma(r).to_lowercase()),
                    None | Some(NounClass::Object)
                ));
        if !role_noun || mention_kind(ctx, r).is_some() {
            return None;
        }
        // The words before the role noun, and the noun.
        let mut pre: Vec<u32> = Vec::new();
        for &c in tree.children(r) {
            if c < r
                && matches!(
                    tree.rel[c as usize],
                    "compound" | "nmod:desc" | "amod" | "nmod:poss" | "det"
                )
            {
                pre.extend(span(tree, c, Some(r), self.rules));
            }
        }
        pre.push(r);
        pre.sort_unstable();
        let (mut org, mut words) = self.split_title(ctx, &pre)?;
        let mut org_head = org.last().copied();
        let mut prep = "of".to_string();
        // The phrases after the noun: an organisation, or the role's own complement before one.
        let nmods: Vec<u32> = tree
            .children(r)
            .iter()
            .copied()
            .filter(|&c| c > r && tree.rel[c as usize] == "nmod")
            .collect();
        let mut tie: Option<u32> = None;
        if let Some(&first) = nmods.first() {
            let marker = tree.case_marker(first);
            if matches!(marker.as_str(), "of" | "at" | "for") && self.named_after(ctx, first) {
                tie = Some(first);
            } else if marker == "of" && self.bare_complement(ctx, first) {
                // "head of research at B": "of research" belongs to the role.
                let complement = span(tree, first, None, self.rules);
                let later = nmods[1..]
                    .iter()
                    .copied()
                    .chain(tree.children(first).iter().copied())
                    .find(|&c| c > first && tree.rel[c as usize] == "nmod");
                match later {
                    Some(l)
                        if matches!(tree.case_marker(l).as_str(), "at" | "for")
                            && self.named_after(ctx, l) =>
                    {
                        words.extend(complement.iter().copied().filter(|&t| t < l));
                        tie = Some(l);
                    }
                    Some(_) => return None,
                    None => words.extend(complement),
                }
            } else if org.is_empty() {
                return None;
            }
        }
        if let Some(t) = tie {
            // A nationality before a role tied to an organisation describes the role ("chief
            // Turkish economist for B").
            if org
                .iter()
                .all(|&o| mention_kind(ctx, o) == Some(EntityKind::Nationality))
            {
                words.append(&mut org);
            }
            // Two organisations ("B's head of C"): the text ties the role to both; say neither.
            if !org.is_empty() {
                return None;
            }
            prep = tree.case_marker(t);
            let mut toks = span(tree, t, None, self.rules);
            let case = arguments::case_tokens(tree, t);
            toks.retain(|x| !case.contains(x));
            // "of Brantley UK" parsed as a name and its apposition: one name, no comma between.
            for &c in tree.children(t) {
                if tree.rel[c as usize] == "appos"
                    && tree.upos(c) == Upos::Propn
                    && toks.last().is_some_and(|&l| c == l + 1)
                {
                    toks.extend(span(tree, c, None, self.rules));
                }
            }
            toks.sort_unstable();
            org = toks;
            org_head = Some(t);
        }
        let org_head = org_head?;
        if org.is_empty() {
            return None;
        }
        words.sort_unstable();
        Some((
            name,
            Role {
                words,
                noun: r,
                prep,
                org,
                org_head,
            },
        ))
    }

    /// Splits the words of a title (`toks`, sorted, its role noun last) into the
    /// organisation or place named in it and the role's own words. `None` when a person is
    /// named among the words ("A's spokesman"), a proper noun is neither a title nor an
    /// organisation, or the organisation's words are not one run.
    fn split_title(&self, ctx: &Ctx<'_>, toks: &[u32]) -> Option<(Vec<u32>, Vec<u32>)> {
        let tree = &ctx.tree;
        let &last = toks.last()?;
        let mut org = Vec::new();
        let mut words = Vec::new();
        for &t in toks {
            if mention_kind(ctx, t) == Some(EntityKind::Person) {
                return None;
            }
            match tree.upos(t) {
                Upos::Det | Upos::Pron | Upos::Punct | Upos::Part => {}
                // A nationality inside a title describes it ("chief Turkish economist").
                _ if !words.is_empty() && mention_kind(ctx, t) == Some(EntityKind::Nationality) => {
                    words.push(t);
                }
                _ if t != last && self.org_name(ctx, t) => org.push(t),
                _ if is_address(tree.lemma(t)) => {}
                Upos::Propn if !self.is_role_word(ctx, t) => return None,
                Upos::Noun | Upos::Propn | Upos::Adj | Upos::Num => words.push(t),
                // An adverb or a preposition is no part of a title ("as never before minister").
                _ => return None,
            }
        }
        let one_run = org
            .windows(2)
            .all(|w| (w[0] + 1..w[1]).all(|t| matches!(tree.upos(t), Upos::Part | Upos::Punct)));
        // Before the organisation only a word of tenure ("former B chief"): "Federal" before
        // "Reserve chairman" or "High" before "Court judge" are the name's, cut by the parser.
        let before = |&t: &u32| org.first().is_some_and(|&o| t < o);
        let tenure_only = words
            .iter()
            .filter(|t| before(t))
            .all(|&t| lexicon::is_tenure_word(&tree.lemma(t).to_lowercase()));
        // A place before a role is an office's ("UK finance minister") only when the role is a
        // title; "Paris lawyer" is a lawyer in Paris, not of it. So is a name the recognizer
        // did not type, which may be a place ("Norfolk farmer").
        let place = org.iter().any(|&t| {
            matches!(
                mention_kind(ctx, t),
                Some(EntityKind::Location | EntityKind::Nationality) | None
            )
        });
        let office = self.is_title_word(ctx, last)
            || words.len() >= 2 && {
                let pair = &words[words.len() - 2..];
                let phrase = format!("{} {}", tree.form(pair[0]), tree.form(pair[1]));
                Gazetteer::embedded().is_title(&phrase)
            };
        (one_run && tenure_only && (!place || office)).then_some((org, words))
    }

    /// Whether noun `n` is a role's own complement: a bare common noun ("of research", "of
    /// staff"), without a determiner, possessor or name.
    fn bare_complement(&self, ctx: &Ctx<'_>, n: u32) -> bool {
        let tree = &ctx.tree;
        tree.upos(n) == Upos::Noun
            && mention_kind(ctx, n).is_none()
            && tree.children(n).iter().all(|&c| {
                matches!(tree.rel[c as usize], "case" | "compound" | "amod" | "nmod")
                    && tree.upos(c) != Upos::Propn
            })
    }

    /// Whether token `t` belongs to the name of an organisation or place: a mention of one, or
    /// an unrecognised proper noun that is no title word.
    fn org_name(&self, ctx: &Ctx<'_>, t: u32) -> bool {
        match mention_kind(ctx, t) {
            // A nationality before an office stands for its country ("Finnish Prime
            // Minister A": the graph names the country a nationality's mention points to).
            Some(k) => matches!(
                k,
                EntityKind::Organization | EntityKind::Location | EntityKind::Nationality
            ),
            // A proper noun the recognizer missed that is no title word and no common noun
            // written with a capital: "Agriculture" in "Agriculture Minister A" is a
            // portfolio, "Documentary" in "Documentary maker A" a kind of work.
            None => {
                let tree = &ctx.tree;
                tree.upos(t) == Upos::Propn
                    && !self.is_role_word(ctx, t)
                    && (ctx.entities.is_empty()
                        || NounTypes::embedded()
                            .class_of(&tree.lemma(t).to_lowercase())
                            .is_none())
            }
        }
    }

    /// Whether nominal `t`, in a phrase after a role noun ("chief executive of B"), names an
    /// organisation or place: as [`Self::org_name`], or a proper noun the recognizer missed;
    /// after "of", "at" or "for" a capitalised noun is a name, where before a title it may be
    /// a portfolio ("Agriculture Minister").
    fn named_after(&self, ctx: &Ctx<'_>, t: u32) -> bool {
        self.org_name(ctx, t)
            || (mention_kind(ctx, t).is_none()
                && ctx.tree.upos(t) == Upos::Propn
                && !self.is_role_word(ctx, t))
    }

    /// Whether token `t`'s lemma is a title ("president", "chief executive", "mp"): a title
    /// before a name or a title of the gazetteer, not only a person noun ("lawyer").
    fn is_title_word(&self, ctx: &Ctx<'_>, t: u32) -> bool {
        let lemma = ctx.tree.lemma(t).to_lowercase();
        lexicon::is_name_title(&lemma) || Gazetteer::embedded().is_title(&lemma)
    }

    /// Whether token `t`'s lemma names a person by role: a person noun of the noun-type table
    /// ("executive", "director", "spokesman"), a title before a name, or a title of the
    /// gazetteer. Read for capitalised titles too ("Chief Executive").
    fn is_role_word(&self, ctx: &Ctx<'_>, t: u32) -> bool {
        let lemma = ctx.tree.lemma(t).to_lowercase();
        NounTypes::embedded().class_of(&lemma) == Some(NounClass::Person)
            || lexicon::is_name_title(&lemma)
            || Gazetteer::embedded().is_title(&lemma)
    }

    /// Whether noun `h` is a role noun whose possessor is the organisation of a role fact
    /// ("A, B's finance director"; "B's chief executive A"): the possessive then says nothing
    /// of its own.
    fn holds_role_organisation(&self, ctx: &Ctx<'_>, h: u32) -> bool {
        let tree = &ctx.tree;
        let Some(g) = tree.head[h as usize] else {
            return false;
        };
        match tree.rel[h as usize] {
            "appos" => self.apposition_role(ctx, g, h).is_some(),
            "compound" | "nmod:desc" | "amod" if g > h && tree.upos(g) == Upos::Propn => {
                self.title_role(ctx, g).is_some()
            }
            _ => false,
        }
    }

    /// Pushes the role fact "A – be_ROLE_PREP – B" ("is chief executive of"): the key from
    /// the role's lower-cased lemmas and its preposition, as other `be_…` keys are built.
    fn push_role(
        &self,
        ctx: &Ctx<'_>,
        out: &mut Vec<Extraction>,
        subject: Argument,
        role: &Role,
        construction: Construction,
    ) {
        let tree = &ctx.tree;
        // The words as written, the role noun as its lemma ("home affairs spokesman").
        let mut rest: Vec<String> = role
            .words
            .iter()
            // "new" says when, not what ("the new president of B" is its president).
            .filter(|&&t| tree.upos(t) != Upos::Punct && !tree.lemma(t).eq_ignore_ascii_case("new"))
            .map(|&t| {
                if t == role.noun {
                    tree.lemma(t).to_lowercase()
                } else {
                    tree.form(t).to_lowercase()
                }
            })
            .collect();
        rest.push(role.prep.clone());
        let (key, label) = relation::key_and_label("be", &rest);
        let object = self.argument(ctx, role.org.clone(), role.org_head, ArgRole::Object);
        self.push_simple(ctx, out, subject, &key, &label, Some(object), construction);
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
        if let Some(m) = ctx.mention_at(i) {
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

/// A person's role tied to an organisation or place: "chief executive" of "Veltro Group".
struct Role {
    /// The role's words in sentence order ("chief executive", "head of research").
    words: Vec<u32>,
    /// The role noun ("executive", "head").
    noun: u32,
    /// The preposition tying it to the organisation ("of", "at", "for").
    prep: String,
    /// The organisation's or place's tokens.
    org: Vec<u32>,
    org_head: u32,
}

/// The kind of the entity mention covering token `t`, if any.
fn mention_kind(ctx: &Ctx<'_>, t: u32) -> Option<EntityKind> {
    ctx.mention_at(t).map(|m| m.kind)
}

/// A name's tokens: its person mention's, else its head and the parts of the name after it.
fn name_tokens(ctx: &Ctx<'_>, h: u32) -> Vec<u32> {
    let tree = &ctx.tree;
    if let Some(m) = ctx
        .entities
        .iter()
        .find(|m| m.kind == EntityKind::Person && m.tokens.start <= h && h < m.tokens.end)
    {
        return (m.tokens.start..m.tokens.end).collect();
    }
    let mut name: Vec<u32> = vec![h];
    name.extend(
        tree.children(h)
            .iter()
            .copied()
            .filter(|&c| tree.rel[c as usize] == "flat"),
    );
    name.sort_unstable();
    name
}

/// A form of address or an honorific ("Mr", "Sir", "Dr"): part of a name, never a role.
fn is_address(lemma: &str) -> bool {
    let lower = lemma.to_lowercase();
    lexicon::is_honorific(&lower) || lexicon::address_gender(&lower).is_some()
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

/// Whether `word` (a lemma, or a plural the tagger took for a name: "Women", "Farmers") is a
/// common noun of the noun-type table, as written or as one of the lemmatizer's noun stems.
fn is_common_noun(word: &str) -> bool {
    let lower = word.to_lowercase();
    let types = NounTypes::embedded();
    types.class_of(&lower).is_some()
        || lemma::candidates(&lower, lemma::pos::NOUN)
            .iter()
            .any(|s| types.class_of(s).is_some())
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
        let fs = facts("Karl Lindqvist, the winner of the race, resigned.");
        let f = fact(&fs, "Karl Lindqvist", "be");
        assert_eq!(object(f), "the winner of the race");
        assert_eq!(f.construction, Construction::Apposition);
        assert!(f.relation.tokens.is_empty() && f.is_asserted());
    }

    /// No fragment of a role: no "be" fact of the person, no title word as a subject or
    /// object, no "ORG has ROLE".
    fn no_role_fragments(fs: &[crate::Extraction], name: &str) {
        for f in fs {
            let t = (f.subject.text.as_str(), f.relation.key.as_str(), object(f));
            let fragments = ["Chief", "Executive", "Group chief"];
            let fragment = (t.0 == name && t.1 == "be")
                || t.1 == "have"
                || fragments.contains(&t.0)
                || fragments.contains(&t.2);
            assert!(!fragment, "{t:?} in {:?}", triples(fs));
        }
    }

    #[test]
    fn role_after_an_organisation_compounded_before_a_title() {
        // The firm is named once before, as a news story does: alone in a one-sentence
        // document, an unknown firm's name before a title is not always recognised.
        let text = "Veltro Group makes ferries. \
                    Veltro Group chief executive Karl Lindqvist said the firm would cut 200 jobs.";
        let fs = facts(text);
        let f = fact(&fs, "Karl Lindqvist", "be_chief_executive_of");
        assert_eq!(object(f), "Veltro Group");
        assert_eq!(f.relation.label, "is chief executive of");
        assert_eq!(f.construction, Construction::Title);
        no_role_fragments(&fs, "Karl Lindqvist");
    }

    #[test]
    fn role_in_an_apposition_with_of() {
        let fs = facts("Maria Santos, chief executive of Nordlys Energy, announced a new plant.");
        let f = fact(&fs, "Maria Santos", "be_chief_executive_of");
        assert_eq!(object(f), "Nordlys Energy");
        assert_eq!(f.construction, Construction::Apposition);
        no_role_fragments(&fs, "Maria Santos");
        // Written with capitals, the title is still a role, not a name "Executive".
        let fs = facts("Karen Holt, Chief Executive of Brantley UK, said sales rose.");
        assert_eq!(
            object(fact(&fs, "Karen Holt", "be_chief_executive_of")),
            "Brantley UK"
        );
        no_role_fragments(&fs, "Karen Holt");
    }

    #[test]
    fn role_with_its_own_complement_before_the_organisation() {
        // As a relational-noun extractor reads it: (A; is head of research at; B).
        let fs =
            facts("Anna Berg, the head of research at Dovecote Analytics, said prices would fall.");
        let f = fact(&fs, "Anna Berg", "be_head_of_research_at");
        assert_eq!(object(f), "Dovecote Analytics");
        assert_eq!(f.relation.label, "is head of research at");
        no_role_fragments(&fs, "Anna Berg");
    }

    #[test]
    fn role_of_a_possessor() {
        let fs = facts("Marta Quell, Nordlys Energy's finance director, resigned.");
        let f = fact(&fs, "Marta Quell", "be_finance_director_of");
        assert_eq!(object(f), "Nordlys Energy");
        no_role_fragments(&fs, "Marta Quell");
    }

    #[test]
    fn role_of_a_country_named_by_its_nationality() {
        // The nationality stands for its country before an office; "new" is no part of the
        // role; the name after "the chairman of B," is the chairman (and the one invited).
        let fs = facts(
            "Norwegian Prime Minister Karl Lindqvist invited the new chairman of Veltro Group, \
             Maria Santos, to visit Oslo next month.",
        );
        let f = fact(&fs, "Karl Lindqvist", "be_prime_minister_of");
        assert_eq!(object(f), "Norwegian");
        assert_eq!(
            object(fact(&fs, "Maria Santos", "be_chairman_of")),
            "Veltro Group"
        );
        assert_eq!(
            object(fact(
                &fs,
                "Norwegian Prime Minister Karl Lindqvist",
                "invite"
            )),
            "Maria Santos"
        );
        assert_eq!(object(fact(&fs, "Maria Santos", "visit")), "Oslo");
        // A nationality inside a title tied to an organisation describes the role.
        let fs = facts("Karen Holt, chief Swedish economist for Dovecote Analytics, said it.");
        assert_eq!(
            object(fact(&fs, "Karen Holt", "be_chief_swedish_economist_for")),
            "Dovecote Analytics"
        );
        // A nationality before a profession that is no office gives no role.
        let fs = facts("French lawyer Anna Berg won the case.");
        assert!(fs.iter().all(|f| !f.relation.key.ends_with("_of")));
    }

    #[test]
    fn no_role_without_a_person_or_an_organisation() {
        // A place described by a place noun: the plain apposition.
        let fs = facts("Paris, the capital of France, hosted the talks.");
        assert_eq!(object(fact(&fs, "Paris", "be")), "the capital of France");
        assert!(fs.iter().all(|f| !f.relation.key.ends_with("_of")));
        // A bare title: the person is the title, written as one phrase, not "Chief".
        let fs = facts("Chief executive Karl Lindqvist said the firm would cut jobs.");
        assert_eq!(object(fact(&fs, "Karl Lindqvist", "be")), "Chief executive");
        // A role of a person, not of an organisation: the plain apposition.
        let fs = facts("Karl Lindqvist, the son of a miner, won the race.");
        assert_eq!(
            object(fact(&fs, "Karl Lindqvist", "be")),
            "the son of a miner"
        );
        // An organisation's apposition misattached to a name is no role of the person.
        let fs = facts("Karl Lindqvist, a division of Veltro Group, won the race.");
        assert!(fs.iter().all(|f| !f.relation.key.starts_with("be_")));
    }

    #[test]
    fn title_before_a_name() {
        let fs = facts("President Karl Lindqvist opened the plant.");
        let f = fact(&fs, "Karl Lindqvist", "be");
        assert_eq!(object(f), "President");
        assert_eq!(f.construction, Construction::Title);
        // A title part stays with its title whichever word the parser hangs it on.
        let fs = facts("Talks were held with Deputy Prime Minister Karl Lindqvist in Oslo.");
        let f = fact(&fs, "Karl Lindqvist", "be");
        assert_eq!(object(f), "Deputy Prime Minister");
        // A form of address is part of the name and says no office: no "is Sir" fact.
        for text in [
            "Sir Karl Lindqvist opened the plant.",
            "Dame Anna Berg opened the plant.",
        ] {
            let fs = facts(text);
            assert!(
                fs.iter().all(|f| f.relation.key != "be"),
                "{text}: {:?}",
                triples(&fs)
            );
            assert!(
                fs.iter().any(|f| f.relation.key == "open"),
                "{text}: {:?}",
                triples(&fs)
            );
        }
    }

    #[test]
    fn possessive() {
        let fs = facts("Veltro Group's headquarters moved to Oslo.");
        let f = fact(&fs, "Veltro Group", "have");
        assert_eq!(object(f), "headquarters");
        assert_eq!(f.construction, Construction::Possessive);
    }

    #[test]
    fn a_possessive_inside_a_name_is_no_possession() {
        for text in [
            "The Citizen's Pension would help farmers.",
            "He spoke on Women's Hour yesterday.",
        ] {
            let fs = facts(text);
            assert!(
                fs.iter().all(|f| f.relation.key != "have"),
                "{text}: {:?}",
                triples(&fs)
            );
        }
        let fs = facts("Nordlys Energy's plan failed.");
        assert_eq!(object(fact(&fs, "Nordlys Energy", "have")), "plan");
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
