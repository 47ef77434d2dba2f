//! Confidence of an extraction: a logistic score over a handful of features.
//!
//! The weights are set by hand (not learned), from what makes a rule-based extraction wrong on
//! our own hand-checked cases: facts from a verb with a direct subject are the most reliable;
//! subjects inherited through coordination or control less so; appositions, possessives and
//! nominalisations least. Long arguments and long sentences lower confidence (more chances for
//! a wrong attachment), pronoun subjects lower it a little (the fact is only as good as the
//! later coreference). The score is `1 / (1 + e^-z)`, so it lies in `(0, 1)`.

use super::clause::SubjectSource;
use super::Construction;

/// What the confidence is computed from.
#[derive(Debug, Clone, Copy)]
pub struct Features {
    /// How the fact was found.
    pub construction: Construction,
    /// How the subject was found.
    pub source: SubjectSource,
    /// Passive clause.
    pub passive: bool,
    /// Subject length in tokens.
    pub subject_len: usize,
    /// Object length in tokens, 0 when there is none.
    pub object_len: usize,
    /// Number of extra arguments.
    pub extras: usize,
    /// Subject is a pronoun.
    pub pronoun_subject: bool,
    /// Sentence length in tokens.
    pub sentence_len: usize,
    /// Object is a whole clause.
    pub clausal_object: bool,
    /// The relation was merged through a control verb.
    pub merged: bool,
}

/// The confidence in `(0, 1)`.
#[must_use]
pub fn score(f: &Features) -> f32 {
    let mut z: f32 = 1.2;
    z += match f.construction {
        Construction::Verb => 0.0,
        Construction::Copula => -0.2,
        Construction::Apposition => -0.9,
        Construction::Title => -0.7,
        Construction::Possessive => -2.0,
        Construction::Nominal => -1.6,
    };
    z += match f.source {
        SubjectSource::Direct => 0.0,
        SubjectSource::Coordination => -0.5,
        SubjectSource::Control => -0.4,
        SubjectSource::Modified => -0.5,
        SubjectSource::Adverbial => -0.9,
    };
    if f.passive {
        z -= 0.1;
    }
    if f.object_len == 0 {
        z -= 0.8;
    }
    if f.clausal_object {
        z -= 0.4;
    }
    if f.merged {
        z -= 0.2;
    }
    if f.pronoun_subject {
        z -= 0.3;
    }
    z -= 0.06 * f.subject_len.saturating_sub(3) as f32;
    z -= 0.04 * f.object_len.saturating_sub(5) as f32;
    z -= 0.1 * f.extras as f32;
    z -= 0.02 * f.sentence_len.saturating_sub(15) as f32;
    1.0 / (1.0 + (-z).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Features {
        Features {
            construction: Construction::Verb,
            source: SubjectSource::Direct,
            passive: false,
            subject_len: 2,
            object_len: 2,
            extras: 0,
            pronoun_subject: false,
            sentence_len: 10,
            clausal_object: false,
            merged: false,
        }
    }

    #[test]
    fn direct_verbal_facts_rank_above_derived_ones() {
        let verb = score(&base());
        let poss = score(&Features {
            construction: Construction::Possessive,
            ..base()
        });
        let inherited = score(&Features {
            source: SubjectSource::Adverbial,
            ..base()
        });
        assert!(
            verb > inherited && inherited > poss,
            "{verb} {inherited} {poss}"
        );
        assert!((0.0..=1.0).contains(&poss) && (0.0..=1.0).contains(&verb));
    }
}
