//! Closed-class English words that name nothing by themselves: pronouns and determiners,
//! and the class of a third-person pronoun (what it can refer to).

/// What a third-person pronoun can refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PronounClass {
    Male,
    Female,
    Neuter,
    Plural,
}

/// The class of a third-person personal pronoun in lower case, and whether it is reflexive.
pub(crate) fn pronoun_class(lower: &str) -> Option<(PronounClass, bool)> {
    Some(match lower {
        "he" | "him" | "his" => (PronounClass::Male, false),
        "himself" => (PronounClass::Male, true),
        "she" | "her" | "hers" => (PronounClass::Female, false),
        "herself" => (PronounClass::Female, true),
        "it" | "its" => (PronounClass::Neuter, false),
        "itself" => (PronounClass::Neuter, true),
        "they" | "them" | "their" | "theirs" => (PronounClass::Plural, false),
        "themselves" => (PronounClass::Plural, true),
        _ => return None,
    })
}

/// Personal pronouns that name people, in the subject and object case ("he", "them", "you"):
/// what the extractor takes as a person. Not "it", possessives or reflexives; a sub-list of
/// [`is_pronoun_or_determiner`] kept as its reader has always read it.
pub(crate) fn is_person_pronoun(lower: &str) -> bool {
    matches!(
        lower,
        "he" | "she" | "they" | "i" | "we" | "you" | "him" | "her" | "them"
    )
}

/// The adverbs that negate the predicate they modify ("did not", "never", "isn't").
pub(crate) fn is_negation(lower: &str) -> bool {
    matches!(lower, "not" | "never" | "n't")
}

/// English pronouns and determiners: a closed class, listed whole with the third-person
/// personal pronouns of [`pronoun_class`] (the tagger decides for running text; this list is
/// for labels, which have no context).
pub fn is_pronoun_or_determiner(lower: &str) -> bool {
    pronoun_class(lower).is_some()
        || matches!(
            lower,
            "i" | "me"
                | "my"
                | "mine"
                | "myself"
                | "we"
                | "us"
                | "our"
                | "ours"
                | "ourselves"
                | "you"
                | "your"
                | "yours"
                | "yourself"
                | "yourselves"
                | "one"
                | "oneself"
                | "this"
                | "that"
                | "these"
                | "those"
                | "who"
                | "whom"
                | "whose"
                | "which"
                | "what"
                | "whatever"
                | "whoever"
                | "whichever"
                | "someone"
                | "somebody"
                | "something"
                | "anyone"
                | "anybody"
                | "anything"
                | "everyone"
                | "everybody"
                | "everything"
                | "no-one"
                | "nobody"
                | "nothing"
                | "none"
                | "the"
                | "a"
                | "an"
                | "some"
                | "any"
                | "each"
                | "every"
                | "all"
                | "both"
                | "either"
                | "neither"
                | "no"
                | "another"
                | "such"
                | "many"
                | "much"
                | "few"
                | "several"
                | "most"
                | "more"
                | "less"
                | "other"
                | "others"
                | "'s"
                | "there"
                | "here"
        )
}

#[cfg(test)]
mod tests {
    #[test]
    fn pronouns_and_determiners_are_known() {
        for w in ["this", "those", "what", "others", "itself", "no"] {
            assert!(super::is_pronoun_or_determiner(w), "{w}");
        }
        assert!(!super::is_pronoun_or_determiner("deal"));
    }
}
