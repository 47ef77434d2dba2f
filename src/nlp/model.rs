//! The one binary file format for every kg model.
//!
//! ```text
//! offset  size  field
//!      0     8  magic            b"KGMODEL\0"
//!      8     2  format version   u16 LE, FORMAT_VERSION; bumped when this header changes
//!     10     4  kind             four ASCII bytes naming the model type, e.g. b"tagr"
//!     14     2  payload version  u16 LE, owned by the model type; bumped when its payload changes
//!     16     8  payload length   u64 LE
//!     24     4  checksum         CRC-32 (IEEE) of the payload
//!     28     …  payload          postcard-encoded model
//! ```
//!
//! Every way of loading a model goes through [`decode`], which refuses a wrong
//! magic, an unknown format or payload version (saying which was found and
//! which is supported), the wrong kind, a truncated file and a bad checksum,
//! with an error rather than a panic.

use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;
use std::path::Path;

/// The magic bytes every model file starts with.
pub const MAGIC: [u8; 8] = *b"KGMODEL\0";
/// Version of the header layout above.
pub const FORMAT_VERSION: u16 = 1;
const HEADER_LEN: usize = 28;

/// Four ASCII bytes that name a model type, so that a parser file is never loaded as a tagger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelKind(pub [u8; 4]);

impl ModelKind {
    /// Part-of-speech tagger.
    pub const TAGGER: ModelKind = ModelKind(*b"tagr");
    /// Lemmatizer.
    pub const LEMMATIZER: ModelKind = ModelKind(*b"lemm");
    /// Dependency parser.
    pub const PARSER: ModelKind = ModelKind(*b"pars");
    /// Named-entity recognizer.
    pub const NER: ModelKind = ModelKind(*b"nerc");
    /// Tokenizer data learned from the treebank.
    pub const TOKENIZER: ModelKind = ModelKind(*b"tokn");
    /// Extraction confidence model.
    pub const CONFIDENCE: ModelKind = ModelKind(*b"conf");
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

/// Why a model could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The file does not start with `MAGIC`.
    #[error("not a kg model file (bad magic bytes)")]
    BadMagic,
    /// The header or payload ends early.
    #[error("model file truncated: {found} bytes, expected {expected}")]
    Truncated {
        /// Bytes present.
        found: usize,
        /// Bytes the header announces.
        expected: usize,
    },
    /// Header layout version not supported by this build.
    #[error(
        "model format version {found} is not supported (this build reads version {supported})"
    )]
    FormatVersion {
        /// Version in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// A different model type.
    #[error("wrong model kind: found '{found}', expected '{expected}'")]
    WrongKind {
        /// Kind in the file.
        found: ModelKind,
        /// Kind asked for.
        expected: ModelKind,
    },
    /// Payload version not supported by this build.
    #[error("'{kind}' model payload version {found} is not supported (this build reads version {supported})")]
    PayloadVersion {
        /// Model kind.
        kind: ModelKind,
        /// Version in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// The payload does not match its checksum.
    #[error(
        "model checksum mismatch (file corrupt): stored {stored:08x}, computed {computed:08x}"
    )]
    Checksum {
        /// Checksum in the header.
        stored: u32,
        /// Checksum of the payload read.
        computed: u32,
    },
    /// The payload does not decode.
    #[error("model payload does not decode: {0}")]
    Payload(String),
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// Serialises `value` as a model file of the given kind and payload version.
///
/// # Errors
/// [`ModelError::Payload`] when the value cannot be serialised.
pub fn encode<T: Serialize>(
    kind: ModelKind,
    payload_version: u16,
    value: &T,
) -> Result<Vec<u8>, ModelError> {
    let payload = postcard::to_allocvec(value).map_err(|e| ModelError::Payload(e.to_string()))?;
    let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&kind.0);
    out.extend_from_slice(&payload_version.to_le_bytes());
    out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    out.extend_from_slice(&crc32fast::hash(&payload).to_le_bytes());
    out.extend_from_slice(&payload);
    Ok(out)
}

/// Checks the header of a model file and decodes its payload.
///
/// # Errors
/// Any [`ModelError`] other than `Io`, naming what is wrong.
pub fn decode<T: DeserializeOwned>(
    bytes: &[u8],
    kind: ModelKind,
    payload_version: u16,
) -> Result<T, ModelError> {
    if bytes.len() < MAGIC.len() || bytes[..MAGIC.len()] != MAGIC {
        return Err(ModelError::BadMagic);
    }
    if bytes.len() < HEADER_LEN {
        return Err(ModelError::Truncated {
            found: bytes.len(),
            expected: HEADER_LEN,
        });
    }
    let u16_at = |i: usize| u16::from_le_bytes([bytes[i], bytes[i + 1]]);
    let format = u16_at(8);
    if format != FORMAT_VERSION {
        return Err(ModelError::FormatVersion {
            found: format,
            supported: FORMAT_VERSION,
        });
    }
    let found_kind = ModelKind([bytes[10], bytes[11], bytes[12], bytes[13]]);
    if found_kind != kind {
        return Err(ModelError::WrongKind {
            found: found_kind,
            expected: kind,
        });
    }
    let version = u16_at(14);
    if version != payload_version {
        return Err(ModelError::PayloadVersion {
            kind,
            found: version,
            supported: payload_version,
        });
    }
    let mut len_bytes = [0u8; 8];
    len_bytes.copy_from_slice(&bytes[16..24]);
    let len = u64::from_le_bytes(len_bytes);
    let expected = (HEADER_LEN as u64).saturating_add(len);
    if (bytes.len() as u64) < expected {
        return Err(ModelError::Truncated {
            found: bytes.len(),
            expected: usize::try_from(expected).unwrap_or(usize::MAX),
        });
    }
    let payload = &bytes[HEADER_LEN..HEADER_LEN + len as usize];
    let stored = u32::from_le_bytes([bytes[24], bytes[25], bytes[26], bytes[27]]);
    let computed = crc32fast::hash(payload);
    if stored != computed {
        return Err(ModelError::Checksum { stored, computed });
    }
    postcard::from_bytes(payload).map_err(|e| ModelError::Payload(e.to_string()))
}

/// Writes a model file atomically (temporary file in the same directory, then rename).
///
/// # Errors
/// [`ModelError::Io`] naming the path, or [`ModelError::Payload`].
pub fn save<T: Serialize>(
    path: &Path,
    kind: ModelKind,
    payload_version: u16,
    value: &T,
) -> Result<(), ModelError> {
    let bytes = encode(kind, payload_version, value)?;
    let io = |source| ModelError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(io)?;
    std::io::Write::write_all(&mut tmp, &bytes).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// Reads and decodes a model file.
///
/// # Errors
/// [`ModelError::Io`] naming the path, or any decoding error.
pub fn load<T: DeserializeOwned>(
    path: &Path,
    kind: ModelKind,
    payload_version: u16,
) -> Result<T, ModelError> {
    decode(&read(path)?, kind, payload_version)
}

/// The bytes of a model file, or [`ModelError::Io`] naming it.
pub(crate) fn read(path: &Path) -> Result<Vec<u8>, ModelError> {
    std::fs::read(path).map_err(|source| ModelError::Io {
        path: path.display().to_string(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<u8> {
        encode(ModelKind::PARSER, 3, &("weights", vec![1.5f32, -2.0])).unwrap()
    }

    #[test]
    fn round_trip() {
        let back: (String, Vec<f32>) = decode(&sample(), ModelKind::PARSER, 3).unwrap();
        assert_eq!(back, ("weights".to_string(), vec![1.5, -2.0]));
    }

    #[test]
    fn refuses_every_kind_of_damage() {
        let good = sample();
        let decode = |b: &[u8]| decode::<(String, Vec<f32>)>(b, ModelKind::PARSER, 3);
        assert!(matches!(decode(b"nope"), Err(ModelError::BadMagic)));
        assert!(matches!(
            decode(&good[..20]),
            Err(ModelError::Truncated { .. })
        ));
        assert!(matches!(
            decode(&good[..good.len() - 1]),
            Err(ModelError::Truncated { .. })
        ));
        let mut v = good.clone();
        v[8] = 9;
        assert!(matches!(
            decode(&v),
            Err(ModelError::FormatVersion { found: 9, .. })
        ));
        let mut v = good.clone();
        v[14] = 4;
        assert!(matches!(
            decode(&v),
            Err(ModelError::PayloadVersion { found: 4, .. })
        ));
        let mut v = good.clone();
        v[HEADER_LEN] ^= 1;
        assert!(matches!(decode(&v), Err(ModelError::Checksum { .. })));
        assert!(matches!(
            super::decode::<(String, Vec<f32>)>(&good, ModelKind::TAGGER, 3),
            Err(ModelError::WrongKind { .. })
        ));
    }

    #[test]
    fn save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.kgm");
        save(&path, ModelKind::NER, 1, &vec![7u8; 10]).unwrap();
        let back: Vec<u8> = load(&path, ModelKind::NER, 1).unwrap();
        assert_eq!(back, vec![7u8; 10]);
        let err = load::<Vec<u8>>(&dir.path().join("missing"), ModelKind::NER, 1).unwrap_err();
        assert!(err.to_string().contains("missing"));
    }
}

#[cfg(test)]
mod doc_examples {
    //! The examples that documented these crate-private items, as unit tests.
    #![allow(clippy::unnecessary_wraps)]

    /// Example of `nlp::model`.
    #[test]
    fn doc_model() -> Result<(), Box<dyn std::error::Error>> {
        use crate::nlp::model::{decode, encode, ModelKind};

        let bytes = encode(ModelKind::TAGGER, 1, &vec![1u32, 2, 3])?;
        let back: Vec<u32> = decode(&bytes, ModelKind::TAGGER, 1)?;
        assert_eq!(back, vec![1, 2, 3]);

        let mut corrupt = bytes.clone();
        *corrupt.last_mut().unwrap() ^= 0xFF;
        assert!(decode::<Vec<u32>>(&corrupt, ModelKind::TAGGER, 1).is_err());
        Ok(())
    }
}
