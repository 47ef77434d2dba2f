//! The word lists kg reads, each kept once: `nlp`, `coref`, `graph` and `extract` look words
//! up here instead of keeping copies.
//!
//! * [`gazetteer`]: the gazetteers of `models/gazetteer/` (countries, places, organisations,
//!   first names with their gender, titles, surnames, name words);
//! * [`closed_class`]: pronouns and determiners, and the class of a third-person pronoun;
//! * here: the words around titles (parts, descriptors, gendered titles and honorifics, the
//!   extractor's titles before a name), the words of names (legal suffixes, acronym minor
//!   words, surname particles), the calendar and the time nouns, the nouns naming a message and
//!   the verbs delivering one, and the hedge adverbs.
//!
//! Where two rooms read a list differently today, the difference is written here as one
//! shared list plus the few words one reader adds, not as two copies: merging them would
//! change what kg outputs.

pub mod closed_class;
pub mod gazetteer;

use gazetteer::Gender;

/// Words that make a title more precise and belong to it ("vice president").
pub(crate) const TITLE_PARTS: [&str; 10] = [
    "vice",
    "deputy",
    "acting",
    "interim",
    "assistant",
    "associate",
    "senior",
    "chief",
    "co",
    "ex",
];

/// Words that describe a person's relation to a title rather than the title ("former
/// minister").
pub(crate) const TITLE_DESCRIPTORS: [&str; 5] = ["former", "late", "then", "outgoing", "incoming"];

/// Words before a title that describe the holder's tenure, as the alias pass strips them:
/// the [`TITLE_DESCRIPTORS`] and "new" ("new president"), which the title recogniser does
/// not take (there "new" stays an adjective of the name).
pub(crate) fn is_tenure_word(lower: &str) -> bool {
    TITLE_DESCRIPTORS.contains(&lower) || lower == "new"
}

/// Gendered titles and honorifics; `true` marks the forms of address that stand before a
/// name ("Mr", "Lady", "King"), the only ones the alias pass reads a gender from.
const GENDERED_TITLES: [(&str, Gender, bool); 38] = [
    ("mr", Gender::Male, true),
    ("mister", Gender::Male, false),
    ("sir", Gender::Male, true),
    ("lord", Gender::Male, true),
    ("king", Gender::Male, true),
    ("prince", Gender::Male, true),
    ("duke", Gender::Male, false),
    ("emperor", Gender::Male, false),
    ("sultan", Gender::Male, false),
    ("emir", Gender::Male, false),
    ("sheikh", Gender::Male, false),
    ("pope", Gender::Male, false),
    ("father", Gender::Male, false),
    ("chairman", Gender::Male, false),
    ("spokesman", Gender::Male, false),
    ("congressman", Gender::Male, false),
    ("businessman", Gender::Male, false),
    ("count", Gender::Male, false),
    ("baron", Gender::Male, false),
    ("mrs", Gender::Female, true),
    ("ms", Gender::Female, true),
    ("miss", Gender::Female, true),
    ("madam", Gender::Female, false),
    ("madame", Gender::Female, false),
    ("dame", Gender::Female, true),
    ("lady", Gender::Female, true),
    ("queen", Gender::Female, true),
    ("princess", Gender::Female, true),
    ("duchess", Gender::Female, false),
    ("empress", Gender::Female, false),
    ("sister", Gender::Female, false),
    ("chairwoman", Gender::Female, false),
    ("spokeswoman", Gender::Female, false),
    ("congresswoman", Gender::Female, false),
    ("businesswoman", Gender::Female, false),
    ("countess", Gender::Female, false),
    ("baroness", Gender::Female, false),
    ("actress", Gender::Female, false),
];

/// Gender implied by an honorific or a gendered title in lower case ("mrs", "queen",
/// "spokesman"); a final full stop is ignored.
pub(crate) fn title_gender(lower: &str) -> Option<Gender> {
    let w = lower.trim_end_matches('.');
    GENDERED_TITLES
        .iter()
        .find(|(t, ..)| *t == w)
        .map(|&(_, g, _)| g)
}

/// Gender implied by a form of address before a name in lower case ("mr", "lady", "king";
/// not "chairman"); a final full stop is ignored.
pub(crate) fn address_gender(lower: &str) -> Option<Gender> {
    let w = lower.trim_end_matches('.');
    GENDERED_TITLES
        .iter()
        .find(|&&(t, _, address)| address && t == w)
        .map(|&(_, g, _)| g)
}

/// Honorifics in lower case ("mr", "dr", "sen"; a final full stop is ignored): a title that
/// says nothing of the office held.
pub(crate) fn is_honorific(lower: &str) -> bool {
    const HONORIFICS: [&str; 11] = [
        "mr", "mrs", "ms", "miss", "mister", "dr", "prof", "rev", "sen", "rep", "gov",
    ];
    HONORIFICS.contains(&lower.trim_end_matches('.'))
}

/// One-word titles before a name, as the extractor reads them: "President A" gives "A is
/// President", and a noun among them describes a person ("the minister"). Kept apart from
/// the gazetteer's `titles.txt` (read by the recogniser, coreference and the alias pass):
/// that list also holds honorifics ("mr"), multi-word titles and offices such as
/// "spokesman", and lacks five words of this one (the title parts "vice" and "prime",
/// "commissioner", "councillor", "councilman"); reading it instead would change which
/// facts kg extracts.
const NAME_TITLES: [&str; 63] = [
    "president",
    "vice",
    "prime",
    "minister",
    "chancellor",
    "king",
    "queen",
    "prince",
    "princess",
    "senator",
    "sen.",
    "governor",
    "gov.",
    "mayor",
    "judge",
    "justice",
    "general",
    "gen.",
    "colonel",
    "col.",
    "captain",
    "capt.",
    "admiral",
    "pope",
    "bishop",
    "archbishop",
    "cardinal",
    "rev.",
    "reverend",
    "ambassador",
    "secretary",
    "chairman",
    "chairwoman",
    "ceo",
    "director",
    "professor",
    "prof.",
    "dr.",
    "doctor",
    "coach",
    "commissioner",
    "premier",
    "emperor",
    "sheikh",
    "ayatollah",
    "rabbi",
    "lord",
    "lady",
    "sir",
    "dame",
    "lieutenant",
    "lt.",
    "sergeant",
    "sgt.",
    "councillor",
    "councilman",
    "congressman",
    "congresswoman",
    "representative",
    "rep.",
    "speaker",
    "chief",
    "leader",
];

/// A [`NAME_TITLES`] word, in lower case.
pub(crate) fn is_name_title(lower: &str) -> bool {
    NAME_TITLES.contains(&lower)
}

/// Legal and corporate words an organisation's name may end with and still be named
/// without them ("Acme" for "Acme Corporation").
const LEGAL_SUFFIXES: [&str; 15] = [
    "corporation",
    "corp",
    "inc",
    "incorporated",
    "ltd",
    "limited",
    "co",
    "company",
    "group",
    "plc",
    "llc",
    "holdings",
    "ag",
    "sa",
    "gmbh",
];

/// A [`LEGAL_SUFFIXES`] word in lower case, a final full stop ignored: what coreference drops
/// from an organisation's name.
pub(crate) fn is_legal_suffix(lower: &str) -> bool {
    LEGAL_SUFFIXES.contains(&lower.trim_end_matches('.'))
}

/// A [`LEGAL_SUFFIXES`] word or one of the Dutch and Italian forms "bv", "nv", "spa", in
/// lower case: what the alias pass lets a leading part of an organisation's name leave out
/// ("Deutsche Bank" for "Deutsche Bank AG"). Coreference does not take those three: adding
/// them there would change which names it shortens.
pub(crate) fn is_legal_word(lower: &str) -> bool {
    LEGAL_SUFFIXES.contains(&lower) || matches!(lower, "bv" | "nv" | "spa")
}

/// Function words skipped when forming or matching an acronym ("Organization of American
/// States" → "OAS").
const ACRONYM_MINOR_WORDS: [&str; 8] = ["of", "the", "and", "for", "&", "on", "in", "de"];

/// Coreference's acronym words to skip: [`ACRONYM_MINOR_WORDS`] and "du" ("Banque du Liban").
pub(crate) fn is_coref_minor_word(lower: &str) -> bool {
    ACRONYM_MINOR_WORDS.contains(&lower) || lower == "du"
}

/// The alias pass's minor words (skipped in acronyms, allowed in lower case inside a clean
/// name): [`ACRONYM_MINOR_WORDS`] and "la". The two readers differ by one word each; a union
/// would change which names join.
pub(crate) fn is_alias_minor_word(lower: &str) -> bool {
    ACRONYM_MINOR_WORDS.contains(&lower) || lower == "la"
}

/// Particles inside a person's surname ("Jean de la Fontaine", "Ursula von der Leyen").
pub(crate) const SURNAME_PARTICLES: [&str; 14] = [
    "le", "la", "de", "du", "des", "van", "von", "der", "den", "di", "da", "del", "bin", "ibn",
];

/// The months in lower case, January first.
pub(crate) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// True for a full month name in lower case ("march").
pub(crate) fn is_month_name(lower: &str) -> bool {
    MONTHS.contains(&lower)
}

/// True for a weekday name in lower case ("friday").
pub(crate) fn is_weekday_name(lower: &str) -> bool {
    const WEEKDAYS: [&str; 7] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    WEEKDAYS.contains(&lower)
}

/// Nouns and adverbs naming a unit or a point of time ("year", "today").
const TIME_NOUNS: [&str; 11] = [
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

/// A [`TIME_NOUNS`] word, in lower case.
pub(crate) fn is_time_noun(lower: &str) -> bool {
    TIME_NOUNS.contains(&lower)
}

/// Nouns naming a message ("telegram", "letter", "call"): what a derived adjective on them
/// ("congratulatory") says its sender does to its addressee.
const MESSAGE_NOUNS: [&str; 21] = [
    "telegram",
    "letter",
    "message",
    "note",
    "call",
    "phone",
    "cable",
    "email",
    "e-mail",
    "speech",
    "statement",
    "address",
    "remark",
    "tweet",
    "post",
    "card",
    "video",
    "interview",
    "telephone",
    "conversation",
    "toast",
];

/// A [`MESSAGE_NOUNS`] word, in lower case.
pub(crate) fn is_message_noun(lower: &str) -> bool {
    MESSAGE_NOUNS.contains(&lower)
}

/// Verbs by which a message is delivered ("send", "issue", "make" a call), besides the verbs of
/// saying (which the extractor's `relation::is_speech` lists with its relation words).
pub(crate) fn is_delivery_verb(lower: &str) -> bool {
    matches!(
        lower,
        "send" | "deliver" | "pen" | "issue" | "post" | "publish" | "address" | "make"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_forms_are_a_subset_of_the_gendered_titles() {
        assert_eq!(title_gender("mrs."), Some(Gender::Female));
        assert_eq!(title_gender("chairman"), Some(Gender::Male));
        assert_eq!(address_gender("chairman"), None);
        assert_eq!(address_gender("lord"), Some(Gender::Male));
        for (t, g, address) in GENDERED_TITLES {
            assert_eq!(title_gender(t), Some(g));
            assert_eq!(address_gender(t).is_some(), address, "{t}");
        }
    }

    #[test]
    fn name_titles_are_gazetteer_titles_but_five() {
        let gaz = gazetteer::Gazetteer::embedded();
        let outside: Vec<&str> = NAME_TITLES
            .iter()
            .copied()
            .filter(|t| !gaz.is_title(t))
            .collect();
        assert_eq!(
            outside,
            ["vice", "prime", "commissioner", "councillor", "councilman"]
        );
        assert!(is_name_title("sen.") && !is_name_title("spokesman"));
    }

    #[test]
    fn the_two_minor_word_lists_differ_by_one_word_each() {
        assert!(is_coref_minor_word("du") && !is_alias_minor_word("du"));
        assert!(is_alias_minor_word("la") && !is_coref_minor_word("la"));
        assert!(is_legal_word("spa") && !is_legal_suffix("spa"));
        assert!(is_legal_suffix("Inc.".to_lowercase().as_str()));
        assert!(is_tenure_word("new") && is_tenure_word("former"));
    }
}

/// Adverbs that hedge the predicate they modify ("has reportedly agreed", "probably won"),
/// in the order the factuality model's features were trained with.
pub(crate) const HEDGE_ADVERBS: [&str; 10] = [
    "maybe",
    "perhaps",
    "probably",
    "possibly",
    "likely",
    "hopefully",
    "supposedly",
    "allegedly",
    "apparently",
    "reportedly",
];

/// What a hedge adverb ([`HEDGE_ADVERBS`]) says of its predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Hedge {
    /// Someone else's word: "reportedly", "allegedly", "supposedly", "apparently".
    Hearsay,
    /// A possibility: "maybe", "perhaps", "probably", "possibly", "likely".
    Possibility,
    /// A wish: "hopefully".
    Desire,
}

/// The hedge of a lower-case adverb, if it is one.
pub(crate) fn hedge_of(lower: &str) -> Option<Hedge> {
    match lower {
        "supposedly" | "allegedly" | "apparently" | "reportedly" => Some(Hedge::Hearsay),
        "hopefully" => Some(Hedge::Desire),
        w if HEDGE_ADVERBS.contains(&w) => Some(Hedge::Possibility),
        _ => None,
    }
}
