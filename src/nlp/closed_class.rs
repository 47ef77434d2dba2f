//! Closed-class English words that name nothing by themselves.

/// English pronouns and determiners: a closed class, listed whole (the tagger decides for
/// running text; this list is for labels, which have no context).
pub fn is_pronoun_or_determiner(lower: &str) -> bool {
    matches!(
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
            | "he"
            | "him"
            | "his"
            | "himself"
            | "she"
            | "her"
            | "hers"
            | "herself"
            | "it"
            | "its"
            | "itself"
            | "they"
            | "them"
            | "their"
            | "theirs"
            | "themselves"
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
