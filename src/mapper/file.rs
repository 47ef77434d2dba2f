//! A trained mapper as a kg model file (`nlp::model`: magic, kind `mapr`, version, CRC),
//! tied to the ontology it was trained for.
//!
//! The payload keeps the ontology's id, its property IRIs in order and a fingerprint of
//! them: the perceptron's classes are indices into that list, so a model applied to another
//! ontology (or to the same one with a property added, removed or moved) would map onto the
//! wrong properties. [`MapperFile::check_ontology`] refuses that with an error naming both.

use super::{Mapper, Thresholds};
use crate::formats::ontology::Ontology;
use crate::hashing::FeatureHasher;
use crate::nlp::model::{self, ModelError, ModelKind};
use crate::nlp::perceptron::Perceptron;
use serde::{Deserialize, Serialize};

/// The model kind of a trained ontology mapper.
pub(crate) const KIND: ModelKind = ModelKind(*b"mapr");
/// Version of [`MapperFile`]'s payload; bumped when it changes.
const PAYLOAD_VERSION: u16 = 1;

/// The fingerprint of an ontology's property IRIs, in order (64-bit feature hash).
pub(crate) fn fingerprint(ontology: &Ontology) -> u64 {
    ontology
        .properties
        .iter()
        .fold(FeatureHasher::new(0x6d61_7072), |h, p| {
            h.str(&p.iri).bytes(b"\n")
        })
        .finish()
}

#[derive(Serialize, Deserialize)]
struct Stored {
    thresholds: (f32, f32, u32),
    date_objects: Vec<bool>,
    model: Perceptron,
}

/// A mapper with the ontology it was trained for, as stored in a model file.
#[derive(Serialize, Deserialize)]
pub(crate) struct MapperFile {
    /// The ontology's id when trained (for messages only).
    pub ontology: String,
    /// Its property IRIs in order: class `i + 1` of the model is property `i`.
    pub properties: Vec<String>,
    /// [`fingerprint`] of those IRIs.
    pub fingerprint: u64,
    stored: Stored,
}

impl MapperFile {
    /// A trained `mapper` for `ontology`.
    pub fn new(mapper: &Mapper, ontology: &Ontology) -> Self {
        let t = mapper.thresholds;
        Self {
            ontology: ontology.id.clone(),
            properties: ontology.properties.iter().map(|p| p.iri.clone()).collect(),
            fingerprint: fingerprint(ontology),
            stored: Stored {
                thresholds: (t.keep, t.fallback, t.per_relation as u32),
                date_objects: mapper.date_objects.clone(),
                model: mapper.model.clone(),
            },
        }
    }

    /// The bytes of the model file: the same mapper gives the same bytes.
    ///
    /// # Errors
    /// When the payload does not serialise.
    pub fn to_bytes(&self) -> Result<Vec<u8>, ModelError> {
        model::encode(KIND, PAYLOAD_VERSION, self)
    }

    /// Reads a model file's bytes, checking magic, kind, versions and checksum, and that the
    /// payload is a consistent mapper.
    ///
    /// # Errors
    /// A [`ModelError`] saying what is wrong.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, ModelError> {
        let file: Self = model::decode(bytes, KIND, PAYLOAD_VERSION)?;
        let n = file.properties.len();
        if file.stored.model.n_classes() != n + 1 || file.stored.date_objects.len() != n {
            return Err(ModelError::Payload(format!(
                "the mapper has {} classes and {} date flags for {n} properties",
                file.stored.model.n_classes(),
                file.stored.date_objects.len()
            )));
        }
        Ok(file)
    }

    /// Checks that `ontology` is the one the model was trained for (same property IRIs in
    /// the same order), naming both when it is not.
    ///
    /// # Errors
    /// A message for the user.
    pub fn check_ontology(&self, ontology: &Ontology) -> Result<(), String> {
        let found = fingerprint(ontology);
        if found == self.fingerprint {
            return Ok(());
        }
        let ours: Vec<&str> = ontology.properties.iter().map(|p| p.iri.as_str()).collect();
        let first_difference = self
            .properties
            .iter()
            .map(String::as_str)
            .zip(&ours)
            .position(|(a, b)| a != *b)
            .map_or_else(
                || {
                    format!(
                        "{} properties in the model, {} in the ontology",
                        self.properties.len(),
                        ours.len()
                    )
                },
                |i| {
                    format!(
                        "property {} is <{}> in the model, <{}> in the ontology",
                        i + 1,
                        self.properties[i],
                        ours[i]
                    )
                },
            );
        Err(format!(
            "the mapper model was trained for ontology '{}' (fingerprint {:016x}), not for \
             '{}' (fingerprint {found:016x}): {first_difference}; train a mapper for this \
             ontology with `kg train mapper`",
            self.ontology, self.fingerprint, ontology.id
        ))
    }

    /// The mapper itself.
    pub fn into_mapper(self) -> Mapper {
        let (keep, fallback, per_relation) = self.stored.thresholds;
        Mapper {
            model: self.stored.model,
            date_objects: self.stored.date_objects,
            thresholds: Thresholds {
                keep,
                fallback,
                per_relation: per_relation as usize,
            },
        }
    }
}
