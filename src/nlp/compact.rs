//! Frozen perceptron weights in a compact, cache-friendly layout, for the
//! models whose speed is bound by memory (the parser first).
//!
//! Parsing speed is bound by memory: every transition looks up ~90 features
//! in a table of about a million. [`crate::nlp::perceptron::Perceptron`] keeps
//! a general hash map plus two arrays (up to four cache misses per feature);
//! here a feature usually costs one: a 16-byte, 16-byte-aligned slot of an
//! open-addressing table holds its 32-bit fingerprint and up to three 4-byte
//! entries (class and 16-bit quantised weight) inline; only the few features
//! with more weights point to a row elsewhere.
//!
//! Features are identified by 32 bits of their hash; the rare features that
//! share them are merged (the "hashing trick"). Weights are quantised to `i16`
//! with one scale for the whole model, so the scores are sums of small
//! integers, exact in `f32` and identical on every machine.
//!
//! On disk ([`CompactWeights::to_packed`], payload version 2) rows are sorted
//! by fingerprint and written compactly: the fingerprint's difference from the
//! previous one and the row length as LEB128 varints, then per entry the
//! class's difference from the previous class of the row (classes ascending)
//! as a varint and the weight as a little-endian `i16` — about 3 bytes per
//! row and per weight. Version 1 files used fixed widths (`fingerprint u32,
//! length u16, length × (class u16, weight i16)`, the layout still used in
//! memory while building); [`CompactWeights::from_packed_v1`] reads them.
//! The lookup table is rebuilt at load time.

use crate::nlp::perceptron::Perceptron;
use serde::{Deserialize, Serialize};

/// Quantised weights with their lookup table.
#[derive(Debug, Clone, Default)]
pub struct CompactWeights {
    n_classes: u32,
    /// Weight of one quantisation step.
    scale: f32,
    /// Word 0: fingerprint (0 = empty slot). Words 1–3: up to three entries
    /// `class << 16 | weight as u16` padded with [`NO_ENTRY`], or [`OVERFLOW`],
    /// offset and length of the row in `overflow`.
    slots: Vec<u128>,
    mask: usize,
    /// Rows of more than three entries.
    overflow: Vec<u32>,
    /// One-hash Bloom filter over the fingerprints, 16 bits per feature: it fits in
    /// the L2 cache and turns most lookups of unknown features into a cache hit.
    bloom: Vec<u64>,
    bloom_mask: usize,
    n_rows: usize,
    n_weights: usize,
}

/// Serialised form of [`CompactWeights`].
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PackedWeights {
    n_classes: u32,
    scale: f32,
    rows: Vec<u8>,
}

/// An unused inline entry (class 0xFFFF never exists).
const NO_ENTRY: u32 = u32::MAX;
/// Marks a slot whose entries live in the overflow array.
const OVERFLOW: u32 = u32::MAX - 1;

#[inline]
fn word(slot: u128, i: u32) -> u32 {
    (slot >> (32 * i)) as u32
}

#[inline]
fn fingerprint(key: u64) -> u32 {
    ((key >> 32) as u32).max(1)
}

#[inline]
fn bloom_bit(fp: u32, mask: usize) -> usize {
    (fp.wrapping_mul(0x85EB_CA6B).rotate_left(13) as usize) & mask
}

#[inline]
fn home(fp: u32, mask: usize) -> usize {
    (fp.wrapping_mul(0x9E37_79B1) as usize) & mask
}

impl CompactWeights {
    /// Quantises a trained perceptron; weights that round to zero are dropped.
    #[must_use]
    pub fn from_perceptron(p: &Perceptron) -> Self {
        let all = p.rows();
        let max = all
            .iter()
            .flat_map(|(_, row)| row.iter())
            .fold(0.0f32, |m, &(_, w)| m.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        // Merge features that share a fingerprint, in a fixed order.
        let mut rows: std::collections::BTreeMap<u32, std::collections::BTreeMap<u16, f32>> =
            Default::default();
        for (key, cells) in all {
            let row = rows.entry(fingerprint(key)).or_default();
            for (c, w) in cells {
                *row.entry(c).or_default() += w;
            }
        }
        let mut out = Vec::new();
        for (fp, row) in rows {
            let q: Vec<(u16, i16)> = row
                .into_iter()
                .map(|(c, w)| (c, (w / scale).round().clamp(-32767.0, 32767.0) as i16))
                .filter(|&(_, w)| w != 0)
                .collect();
            if q.is_empty() {
                continue;
            }
            out.extend_from_slice(&fp.to_le_bytes());
            out.extend_from_slice(&(q.len() as u16).to_le_bytes());
            for (c, w) in q {
                out.extend_from_slice(&c.to_le_bytes());
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        let packed = PackedWeights {
            n_classes: u32::try_from(p.n_classes()).unwrap_or(u32::MAX),
            scale,
            rows: out,
        };
        // The bytes were just written in the expected layout.
        Self::from_packed_v1(&packed).unwrap_or_default()
    }

    /// Rebuilds the lookup table from serialised rows (payload version 2).
    ///
    /// # Errors
    /// A message when the rows are truncated, overlong or name a class out of range.
    pub fn from_packed(p: &PackedWeights) -> Result<Self, String> {
        let bytes = &p.rows;
        let mut at = 0usize;
        let varint = |at: &mut usize| -> Result<u32, String> {
            let mut v = 0u64;
            for shift in (0..35).step_by(7) {
                let b = *bytes
                    .get(*at)
                    .ok_or_else(|| format!("weight rows truncated at byte {at}"))?;
                *at += 1;
                v |= u64::from(b & 0x7F) << shift;
                if b & 0x80 == 0 {
                    return u32::try_from(v)
                        .map_err(|_| format!("varint too large before byte {at}"));
                }
            }
            Err(format!("varint too long before byte {at}"))
        };
        // Rewritten into the fixed-width layout, which the table builder reads.
        let mut fixed = Vec::with_capacity(bytes.len() * 3 / 2);
        let mut fp = 0u32;
        while at < bytes.len() {
            fp = fp
                .checked_add(varint(&mut at)?)
                .ok_or_else(|| format!("fingerprint overflows before byte {at}"))?;
            let len = u16::try_from(varint(&mut at)?)
                .map_err(|_| format!("row too long before byte {at}"))?;
            fixed.extend_from_slice(&fp.to_le_bytes());
            fixed.extend_from_slice(&len.to_le_bytes());
            let mut class = 0u32;
            for _ in 0..len {
                class = class.saturating_add(varint(&mut at)?);
                let w = bytes
                    .get(at..at + 2)
                    .ok_or_else(|| format!("weight rows truncated at byte {at}"))?;
                at += 2;
                let c = u16::try_from(class)
                    .map_err(|_| format!("weight row names class {class} of {}", p.n_classes))?;
                fixed.extend_from_slice(&c.to_le_bytes());
                fixed.extend_from_slice(w);
            }
        }
        Self::from_packed_v1(&PackedWeights {
            n_classes: p.n_classes,
            scale: p.scale,
            rows: fixed,
        })
    }

    /// Rebuilds the lookup table from fixed-width rows (payload version 1, and
    /// the layout used while building).
    ///
    /// # Errors
    /// A message when the rows are truncated or name a class out of range.
    pub fn from_packed_v1(p: &PackedWeights) -> Result<Self, String> {
        let bytes = &p.rows;
        // Sized up front from the byte count (a row takes at least 10 bytes):
        // growing by doubling re-copied and re-faulted tens of megabytes at every load.
        let mut rows = Vec::with_capacity(bytes.len() / 10);
        let mut at = 0usize;
        let take = |at: &mut usize, n: usize| -> Result<&[u8], String> {
            let s = bytes
                .get(*at..*at + n)
                .ok_or_else(|| format!("weight rows truncated at byte {at}"))?;
            *at += n;
            Ok(s)
        };
        let mut entries: Vec<u32> = Vec::with_capacity(bytes.len() / 4);
        while at < bytes.len() {
            let fp = take(&mut at, 4)?;
            let fp = u32::from_le_bytes([fp[0], fp[1], fp[2], fp[3]]).max(1);
            let len = take(&mut at, 2)?;
            let len = u16::from_le_bytes([len[0], len[1]]);
            let start = entries.len();
            for _ in 0..len {
                let e = take(&mut at, 4)?;
                let class = u16::from_le_bytes([e[0], e[1]]);
                if u32::from(class) >= p.n_classes || class == u16::MAX {
                    return Err(format!("weight row names class {class} of {}", p.n_classes));
                }
                entries.push(u32::from(class) << 16 | u32::from(u16::from_le_bytes([e[2], e[3]])));
            }
            rows.push((fp, start, usize::from(len)));
        }
        let capacity = (rows.len() * 4 / 3).max(16).next_power_of_two();
        let mask = capacity - 1;
        let mut slots = vec![0u128; capacity];
        let mut overflow = Vec::with_capacity(entries.len());
        let bloom_bits = (rows.len() * 16).max(64).next_power_of_two();
        let bloom_mask = bloom_bits - 1;
        let mut bloom = vec![0u64; bloom_bits / 64];
        for &(fp, start, len) in &rows {
            let b = bloom_bit(fp, bloom_mask);
            bloom[b / 64] |= 1 << (b % 64);
            let row = &entries[start..start + len];
            let body: [u32; 3] = if len <= 3 {
                let mut b = [NO_ENTRY; 3];
                b[..len].copy_from_slice(row);
                b
            } else {
                let offset = overflow.len() as u32;
                overflow.extend_from_slice(row);
                [OVERFLOW, offset, len as u32]
            };
            let slot = u128::from(fp)
                | u128::from(body[0]) << 32
                | u128::from(body[1]) << 64
                | u128::from(body[2]) << 96;
            let mut i = home(fp, mask);
            loop {
                if slots[i] == 0 {
                    slots[i] = slot;
                    break;
                }
                if word(slots[i], 0) == fp {
                    break; // duplicate fingerprint in a hand-made file: keep the first
                }
                i = (i + 1) & mask;
            }
        }
        Ok(Self {
            n_classes: p.n_classes,
            scale: p.scale,
            slots,
            mask,
            overflow,
            bloom,
            bloom_mask,
            n_rows: rows.len(),
            n_weights: entries.len(),
        })
    }

    /// The entries of a slot.
    fn row(&self, slot: u128) -> &[u32] {
        // Inline entries are returned through a small trick: callers use
        // `for_each_entry` instead; this handles only overflow rows.
        let (offset, len) = (word(slot, 2) as usize, word(slot, 3) as usize);
        self.overflow.get(offset..offset + len).unwrap_or(&[])
    }

    #[inline]
    fn for_each_entry(&self, slot: u128, mut f: impl FnMut(u32)) {
        if word(slot, 1) == OVERFLOW {
            self.row(slot).iter().for_each(|&e| f(e));
        } else {
            for i in 1..4 {
                let e = word(slot, i);
                if e != NO_ENTRY {
                    f(e);
                }
            }
        }
    }

    /// The serialised form (payload version 2, see the module documentation).
    #[must_use]
    pub fn to_packed(&self) -> PackedWeights {
        let fixed = self.to_packed_v1();
        let bytes = &fixed.rows;
        let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
        let varint = |out: &mut Vec<u8>, mut v: u32| loop {
            let b = (v & 0x7F) as u8;
            v >>= 7;
            if v == 0 {
                out.push(b);
                break;
            }
            out.push(b | 0x80);
        };
        let mut prev = 0u32;
        let mut entries: Vec<(u16, [u8; 2])> = Vec::new();
        let mut at = 0;
        // `to_packed_v1` writes whole rows, sorted by distinct fingerprints.
        while at + 6 <= bytes.len() {
            let fp = u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
            let len = usize::from(u16::from_le_bytes([bytes[at + 4], bytes[at + 5]]));
            let end = (at + 6 + 4 * len).min(bytes.len());
            entries.clear();
            entries.extend(
                bytes[at + 6..end]
                    .chunks_exact(4)
                    .map(|e| (u16::from_le_bytes([e[0], e[1]]), [e[2], e[3]])),
            );
            // Order within a row does not change the sums; ascending classes keep the deltas small.
            entries.sort_unstable_by_key(|&(c, _)| c);
            varint(&mut out, fp.wrapping_sub(prev));
            varint(&mut out, entries.len() as u32);
            let mut class = 0u16;
            for &(c, w) in &entries {
                varint(&mut out, u32::from(c - class));
                out.extend_from_slice(&w);
                class = c;
            }
            prev = fp;
            at = end;
        }
        PackedWeights {
            n_classes: self.n_classes,
            scale: self.scale,
            rows: out,
        }
    }

    /// The fixed-width form (payload version 1; rows sorted by fingerprint).
    #[must_use]
    pub fn to_packed_v1(&self) -> PackedWeights {
        let mut rows: Vec<u128> = self.slots.iter().copied().filter(|&s| s != 0).collect();
        rows.sort_unstable_by_key(|&s| word(s, 0));
        let mut out = Vec::with_capacity(self.n_weights * 4 + rows.len() * 6);
        let mut entries = Vec::new();
        for slot in rows {
            entries.clear();
            self.for_each_entry(slot, |e| entries.push(e));
            out.extend_from_slice(&word(slot, 0).to_le_bytes());
            out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
            for &e in &entries {
                out.extend_from_slice(&((e >> 16) as u16).to_le_bytes());
                out.extend_from_slice(&(e as u16).to_le_bytes());
            }
        }
        PackedWeights {
            n_classes: self.n_classes,
            scale: self.scale,
            rows: out,
        }
    }

    /// A copy without the weights whose absolute value is at most `threshold`
    /// (in the units of the perceptron's averaged weights).
    #[must_use]
    pub fn pruned(&self, threshold: f32) -> Self {
        let packed = self.to_packed_v1();
        let limit = threshold / self.scale;
        let bytes = &packed.rows;
        let mut out = Vec::with_capacity(bytes.len());
        let mut at = 0;
        while at + 6 <= bytes.len() {
            let len = usize::from(u16::from_le_bytes([bytes[at + 4], bytes[at + 5]]));
            let end = (at + 6 + 4 * len).min(bytes.len());
            let kept: Vec<&[u8]> = bytes[at + 6..end]
                .chunks_exact(4)
                .filter(|e| f32::from(i16::from_le_bytes([e[2], e[3]])).abs() > limit)
                .collect();
            if !kept.is_empty() {
                out.extend_from_slice(&bytes[at..at + 4]);
                out.extend_from_slice(&(kept.len() as u16).to_le_bytes());
                kept.iter().for_each(|e| out.extend_from_slice(e));
            }
            at = end;
        }
        let packed = PackedWeights {
            rows: out,
            ..packed
        };
        Self::from_packed_v1(&packed).unwrap_or_default()
    }

    /// Number of classes.
    #[must_use]
    pub fn n_classes(&self) -> usize {
        self.n_classes as usize
    }

    /// Number of features.
    #[must_use]
    pub fn n_features(&self) -> usize {
        self.n_rows
    }

    /// Number of stored weights.
    #[must_use]
    pub fn n_weights(&self) -> usize {
        self.n_weights
    }

    /// Adds the (quantised) weights of `features` to `scores` (length [`Self::n_classes`]).
    ///
    /// The lookups are memory-bound (a random slot of a table of many megabytes
    /// per feature), so each batch of features goes through phases of
    /// independent loads that the processor overlaps, instead of one chain of
    /// dependent cache misses per feature: the Bloom filter words, then the home
    /// slots of the features that pass it, then the first entries of long rows;
    /// only then are the entries added, probing further on the rare collision.
    /// The sums are of small integers, exact in `f32` in any order, so the
    /// scores are those of a plain feature-by-feature loop.
    pub fn score_into(&self, features: &[u64], scores: &mut [f32]) {
        if self.slots.is_empty() {
            return;
        }
        // More than the parser's templates: one batch per transition.
        const BATCH: usize = 128;
        let mut bits = [0u64; BATCH];
        let mut fps = [0u32; BATCH];
        let mut fetched = [0u128; BATCH];
        for chunk in features.chunks(BATCH) {
            for (&f, b) in chunk.iter().zip(&mut bits) {
                let bit = bloom_bit(fingerprint(f), self.bloom_mask);
                *b = self.bloom[bit / 64] >> (bit % 64);
            }
            let mut n = 0;
            for (&f, &b) in chunk.iter().zip(&bits) {
                if b & 1 == 1 {
                    fps[n] = fingerprint(f);
                    n += 1;
                }
            }
            let fps = &fps[..n];
            for (&fp, slot) in fps.iter().zip(&mut fetched) {
                *slot = self.slots[home(fp, self.mask)];
            }
            // Long rows live elsewhere: load every cache line of them now, all
            // rows at once, so that their misses overlap too (a row of up to a
            // few dozen entries spans one to three lines, too few for the
            // hardware prefetcher to follow).
            let mut touch = 0u32;
            for &slot in &fetched[..n] {
                if word(slot, 1) == OVERFLOW {
                    let (offset, len) = (word(slot, 2) as usize, word(slot, 3) as usize);
                    if let Some(row) = self.overflow.get(offset..offset + len) {
                        // 16 entries per 64-byte line; the last entry ends the row.
                        for e in row.iter().step_by(16).chain(row.last()) {
                            touch ^= *e;
                        }
                    }
                }
            }
            std::hint::black_box(touch);
            for (&fp, &first) in fps.iter().zip(&fetched) {
                let mut slot = first;
                let mut i = home(fp, self.mask);
                loop {
                    let w0 = word(slot, 0);
                    if w0 == 0 {
                        break;
                    }
                    if w0 == fp {
                        self.for_each_entry(slot, |e| {
                            if let Some(s) = scores.get_mut((e >> 16) as usize) {
                                *s += f32::from(e as u16 as i16);
                            }
                        });
                        break;
                    }
                    i = (i + 1) & self.mask;
                    slot = self.slots[i];
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hashing::FeatureHasher;

    /// The straightforward scoring the batched [`CompactWeights::score_into`] must match.
    fn score_simple(w: &CompactWeights, features: &[u64], scores: &mut [f32]) {
        for &f in features {
            let fp = fingerprint(f);
            let mut i = home(fp, w.mask);
            while word(w.slots[i], 0) != 0 {
                if word(w.slots[i], 0) == fp {
                    w.for_each_entry(w.slots[i], |e| {
                        scores[(e >> 16) as usize] += f32::from(e as u16 as i16)
                    });
                    break;
                }
                i = (i + 1) & w.mask;
            }
        }
    }

    #[test]
    fn batched_scores_equal_simple_scores() {
        let n_classes = 9;
        let f = |i: u32| FeatureHasher::new(7).int(i).finish();
        // Features 0..40 have weights for every class (overflow rows), the rest for two.
        let rows = (0..400u32).map(|i| {
            let cells: Vec<(u16, f32)> = if i < 40 {
                (0..9u16)
                    .map(|c| (c, ((i as u16 * 5 + c * 3) % 13) as f32 - 6.5))
                    .collect()
            } else {
                let (a, b) = ((i % 9) as u16, ((i + 4) % 9) as u16);
                let mut cells = vec![(a, 1.5 + (i % 7) as f32), (b, -0.5)];
                cells.sort_unstable_by_key(|&(c, _)| c);
                cells
            };
            (f(i), cells)
        });
        let perceptron = Perceptron::from_rows(n_classes as u32, rows);
        let w = CompactWeights::from_perceptron(&perceptron);
        assert!(w.n_features() > 300 && !w.overflow.is_empty());
        // More than one batch, with unknown features mixed in.
        let feats: Vec<u64> = (0..700).map(|i| f(i * 3 % 900)).collect();
        let (mut a, mut b) = (vec![0.0; n_classes], vec![0.0; n_classes]);
        w.score_into(&feats, &mut a);
        score_simple(&w, &feats, &mut b);
        assert_eq!(a, b);
        assert!(a.iter().any(|&s| s != 0.0));
        // The packed form round-trips to the same scores.
        let back = CompactWeights::from_packed(&w.to_packed()).expect("round trip");
        let mut c = vec![0.0; n_classes];
        back.score_into(&feats, &mut c);
        assert_eq!(a, c);
        assert_eq!(back.to_packed().rows, w.to_packed().rows);
        // Version 1 rows still load, to the same scores; version 2 is smaller.
        let v1 = CompactWeights::from_packed_v1(&w.to_packed_v1()).expect("v1 round trip");
        let mut d = vec![0.0; n_classes];
        v1.score_into(&feats, &mut d);
        assert_eq!(a, d);
        assert!(w.to_packed().rows.len() < w.to_packed_v1().rows.len());
        // Truncated or garbled rows are errors, not panics.
        let mut cut = w.to_packed();
        cut.rows.truncate(cut.rows.len() - 1);
        assert!(CompactWeights::from_packed(&cut).is_err());
        let mut bad = w.to_packed();
        bad.rows = vec![0xFF; 12];
        assert!(CompactWeights::from_packed(&bad).is_err());
    }
}
