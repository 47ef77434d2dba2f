//! The coreference layer of a [`Document`](super::Document): which mentions name the same entity.
//!
//! The pipeline's coreference stage (`nlp::coref`) fills it; later stages (the graph
//! builder's aliases and pronoun resolution) only read it.

use super::{ByteSpan, EntityKind};
use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What kind of expression a mention is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MentionKind {
    /// A proper name found by the entity recognizer.
    Name,
    /// A third-person pronoun.
    Pronoun,
    /// A definite description with a title noun ("the French president-elect"), or
    /// headed by a common noun of a person, organisation or place ("the actor",
    /// "the firm", "the capital").
    Description,
}

/// One mention of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CorefMention {
    /// Index of the sentence in [`Document::sentences`](super::Document::sentences).
    pub sentence: u32,
    /// Tokens within the sentence (0-based, half open); for names, without a leading
    /// honorific or a trailing possessive.
    pub tokens: Range<u32>,
    /// The syntactic head token within the sentence.
    pub head: u32,
    /// Name, pronoun or description.
    pub kind: MentionKind,
    /// The recognizer's type for a name, the type of its head noun for a
    /// description without a title ("the firm"); `None` for pronouns and
    /// descriptions with a title.
    pub entity: Option<EntityKind>,
    /// The words as written.
    pub text: String,
    /// Where the mention is in the document text.
    pub span: ByteSpan,
}

/// A set of mentions of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cluster {
    /// The entity's type (person, organisation, location); for a cluster of
    /// pronouns alone a guess from them: person for "he"/"she", else organisation.
    pub kind: EntityKind,
    /// Its most complete proper name; empty for a cluster of pronouns alone
    /// ("they … their" whose antecedent is no name), which names no entity.
    pub canonical: String,
    /// Indices into [`Coreference::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// The coreference of one document: its mentions and their clusters.
///
/// Empty until the pipeline's coreference stage has run.
///
/// ```
/// use kg::{Document, MentionKind, Pipeline};
///
/// let mut doc = Document::new("d", "Karl Lindqvist met the board. He resigned on Monday.");
/// Pipeline::embedded()?.analyze(&mut doc);
/// let coref = &doc.coreference;
/// let he = coref.mention_at(1, 0).expect("'He' is a mention");
/// assert_eq!(coref.mentions()[he].kind, MentionKind::Pronoun);
/// assert_eq!(coref.cluster_at(1, 0).map(|c| c.canonical.as_str()), Some("Karl Lindqvist"));
/// # Ok::<(), kg::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Coreference {
    /// In text order: by sentence, then by first token.
    mentions: Vec<CorefMention>,
    cluster_of: Vec<Option<u32>>,
    clusters: Vec<Cluster>,
    /// For each mention, the tokens of its sentence it answers for.
    covers: Vec<Range<u32>>,
}

impl Coreference {
    /// The layer from its mentions (text order), each mention's cluster, the clusters,
    /// and for each mention the tokens of its sentence it answers for (a name answers
    /// for the whole recognised span, "Mr Smith"); an earlier mention keeps a token.
    pub(crate) fn new(
        mentions: Vec<CorefMention>,
        cluster_of: Vec<Option<u32>>,
        clusters: Vec<Cluster>,
        covers: Vec<Range<u32>>,
    ) -> Self {
        debug_assert!(mentions.windows(2).all(|w| w[0].sentence <= w[1].sentence));
        Coreference {
            mentions,
            cluster_of,
            clusters,
            covers,
        }
    }

    /// Every detected mention, in text order (including unresolved pronouns).
    #[must_use]
    pub fn mentions(&self) -> &[CorefMention] {
        &self.mentions
    }

    /// The clusters, in order of their first mention.
    #[must_use]
    pub fn clusters(&self) -> &[Cluster] {
        &self.clusters
    }

    /// The cluster (index into [`Coreference::clusters`]) of a mention, if any.
    #[must_use]
    pub fn cluster_of(&self, mention: usize) -> Option<usize> {
        self.cluster_of
            .get(mention)
            .copied()
            .flatten()
            .map(|c| c as usize)
    }

    /// The mention covering token `token` of sentence `sentence`, if any (the earliest,
    /// when a name's span and another mention overlap).
    #[must_use]
    pub fn mention_at(&self, sentence: usize, token: u32) -> Option<usize> {
        // Mentions are in sentence order: the sentence's few are found by bisection.
        let sentence = sentence as u32;
        let first = self.mentions.partition_point(|m| m.sentence < sentence);
        self.mentions[first..]
            .iter()
            .zip(&self.covers[first..])
            .take_while(|(m, _)| m.sentence == sentence)
            .position(|(_, cover)| cover.contains(&token))
            .map(|k| first + k)
    }

    /// The cluster of the mention covering token `token` of sentence `sentence`.
    #[must_use]
    pub fn cluster_at(&self, sentence: usize, token: u32) -> Option<&Cluster> {
        let m = self.mention_at(sentence, token)?;
        self.clusters.get(self.cluster_of(m)?)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Document, MentionKind, Pipeline};

    fn analysed(text: &str) -> Document {
        let mut doc = Document::new("t", text);
        Pipeline::embedded()
            .expect("embedded models load")
            .analyze(&mut doc);
        doc
    }

    #[test]
    fn the_layer_survives_serialisation_with_its_token_index() {
        let doc = analysed("Mr Karl Lindqvist met Maria Santos. She thanked him. He left.");
        assert!(doc.coreference.clusters().len() >= 2);
        let json = serde_json::to_string(&doc).expect("serialises");
        let back: Document = serde_json::from_str(&json).expect("reads back");
        assert_eq!(back, doc);
        for (s, sentence) in doc.sentences.iter().enumerate() {
            for t in 0..sentence.token_count {
                assert_eq!(
                    back.coreference.mention_at(s, t),
                    doc.coreference.mention_at(s, t)
                );
            }
        }
        // The name's mention leaves the honorific out of its own tokens.
        let name = doc
            .coreference
            .mention_at(0, 2)
            .expect("the name is a mention");
        assert_eq!(doc.coreference.mentions()[name].kind, MentionKind::Name);
        assert_eq!(doc.coreference.mentions()[name].tokens, 1..3);
        let him = doc.coreference.cluster_at(1, 2).expect("'him' is resolved");
        assert_eq!(him.canonical, "Karl Lindqvist");
    }

    #[test]
    fn a_document_without_the_stage_has_an_empty_layer() {
        let mut doc = Document::new("t", "Maria Santos spoke. She left.");
        let stages = crate::Stages {
            coreference: false,
            ..crate::Stages::ALL
        };
        Pipeline::embedded()
            .expect("embedded models load")
            .with_stages(stages)
            .analyze(&mut doc);
        assert_eq!(doc.sentences[0].entities.len(), 1);
        assert!(doc.coreference.mentions().is_empty());
        assert_eq!(doc.coreference.cluster_at(1, 0), None);
    }
}
