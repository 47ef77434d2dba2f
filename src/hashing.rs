//! Fixed 64-bit hashes: model features and the word lists that models look up.
//!
//! The hash (FNV-1a with a splitmix64 finish) is part of the model file format: a model
//! trained today must find its features with tomorrow's build, on any platform, so it
//! is written out here rather than taken from `std` or a crate whose output may change.
//! It sits below every room, since the perceptron models (`nlp`), the gazetteer
//! (`lexicon`) and the ontology mapper hash the same way.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Builds one feature hash from a template id and its parts, without allocating.
#[derive(Debug, Clone, Copy)]
#[must_use]
pub struct FeatureHasher(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl FeatureHasher {
    /// Starts a feature of template `template`.
    pub fn new(template: u32) -> Self {
        Self(FNV_OFFSET).bytes(&template.to_le_bytes())
    }

    /// Adds raw bytes.
    pub fn bytes(mut self, bytes: &[u8]) -> Self {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(FNV_PRIME);
        }
        self
    }

    /// Adds a string, followed by a separator so that ("ab","c") ≠ ("a","bc").
    pub fn str(self, s: &str) -> Self {
        self.bytes(s.as_bytes()).bytes(&[0xFF])
    }

    /// Adds a small integer (a tag or label id, a distance).
    pub fn int(self, v: u32) -> Self {
        self.bytes(&v.to_le_bytes())
    }

    /// The finished hash (with a final mix so that similar inputs spread out).
    #[must_use]
    pub fn finish(self) -> u64 {
        // splitmix64 finaliser
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Hasher for keys that are already well-mixed hashes.
#[derive(Default, Clone, Copy)]
pub struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// A `HashMap` keyed by feature hashes.
pub type FeatureMap<V> = HashMap<u64, V, BuildHasherDefault<IdentityHasher>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hasher_separates_parts() {
        let a = FeatureHasher::new(1).str("ab").str("c").finish();
        let b = FeatureHasher::new(1).str("a").str("bc").finish();
        let c = FeatureHasher::new(2).str("ab").str("c").finish();
        assert_ne!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn the_hash_is_the_model_format_s() {
        // FNV-1a of template 0, "the" and the separator, then splitmix64's finish, as
        // computed independently: every embedded model's features depend on it.
        assert_eq!(
            FeatureHasher::new(0).str("the").finish(),
            0x15dc_d830_91d0_0a32
        );
        let mut map: FeatureMap<u8> = FeatureMap::default();
        map.insert(0x15dc_d830_91d0_0a32, 1);
        assert_eq!(map.get(&0x15dc_d830_91d0_0a32), Some(&1));
    }
}
