//! Attachment scores of a dependency parse against gold trees over the same
//! (gold) tokenisation: UAS (right head) and LAS (right head and relation),
//! counting every word, punctuation included, as the CoNLL 2018 shared task does.
//!
//! As in the CoNLL 2018 evaluation script, [`AttachmentScores::las`] compares
//! only the universal part of the relation (`nsubj` for `nsubj:pass`);
//! [`AttachmentScores::las_full`] also requires the subtype.

use crate::document::Token;
use crate::formats::conllu::ConlluSentence;
use crate::nlp::parser::Parser;

/// Parses each gold sentence (gold tokenisation, with the tags the file holds:
/// gold, or a tagger's when the file was tagged) and scores it against the
/// file's trees. This is what `kg eval ud` reports as `uas` and `las`.
#[must_use]
pub fn score_parser(parser: &Parser, sentences: &[ConlluSentence]) -> AttachmentScores {
    let mut scores = AttachmentScores::default();
    let mut tokens = Vec::new();
    for s in sentences {
        tokens.clear();
        tokens.extend(s.words.iter().map(|w| Token {
            head: None,
            deprel: String::new(),
            ..w.clone()
        }));
        parser.parse(&mut tokens);
        scores.add(&s.words, &tokens);
    }
    scores
}

/// Counts behind UAS and LAS; add sentences with [`Self::add`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentScores {
    /// Words scored.
    pub words: usize,
    /// Words with the right head.
    pub heads: usize,
    /// Words with the right head and universal relation.
    pub labelled: usize,
    /// Words with the right head and full relation (subtype included).
    pub labelled_full: usize,
}

fn universal(rel: &str) -> &str {
    rel.split(':').next().unwrap_or(rel)
}

impl AttachmentScores {
    /// Scores one sentence. `gold` and `predicted` are the same words; extra
    /// words on either side are counted as wrong (gold) or ignored (predicted).
    pub fn add(&mut self, gold: &[Token], predicted: &[Token]) {
        for (i, g) in gold.iter().enumerate() {
            self.words += 1;
            let Some(p) = predicted.get(i) else { continue };
            if p.head.is_some() && p.head == g.head {
                self.heads += 1;
                if universal(&p.deprel) == universal(&g.deprel) {
                    self.labelled += 1;
                }
                if p.deprel == g.deprel {
                    self.labelled_full += 1;
                }
            }
        }
    }

    fn pct(x: usize, n: usize) -> f64 {
        if n == 0 {
            0.0
        } else {
            100.0 * x as f64 / n as f64
        }
    }

    /// Unlabelled attachment score, in percent.
    #[must_use]
    pub fn uas(&self) -> f64 {
        Self::pct(self.heads, self.words)
    }

    /// Labelled attachment score (universal relations, as CoNLL 2018), in percent.
    #[must_use]
    pub fn las(&self) -> f64 {
        Self::pct(self.labelled, self.words)
    }

    /// Labelled attachment score with full relations (subtypes must match), in percent.
    #[must_use]
    pub fn las_full(&self) -> f64 {
        Self::pct(self.labelled_full, self.words)
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `eval::attachment`.
    #[test]
    fn doc_attachment() -> Result<(), Box<dyn std::error::Error>> {
        use crate::eval::attachment::AttachmentScores;
        use crate::{ByteSpan, Token};

        let tok = |head, rel: &str| Token {
            head: Some(crate::document::Head::from_conllu(head)),
            deprel: rel.into(),
            ..Token::new("w", ByteSpan::default())
        };
        let gold = [tok(2, "nsubj:pass"), tok(0, "root")];
        let pred = [tok(2, "nsubj"), tok(0, "root")];
        let mut scores = AttachmentScores::default();
        scores.add(&gold, &pred);
        assert_eq!(scores.uas(), 100.0);
        assert_eq!(scores.las(), 100.0);
        assert_eq!(scores.las_full(), 50.0);
        Ok(())
    }
}
