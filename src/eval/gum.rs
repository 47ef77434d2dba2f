//! GUM's coreference layer as gold, scored: system mentions aligned with the gold ones
//! ([`align`]) and the alias pass's merges counted against the gold identity
//! ([`alias_counts`]). The GUM file is read by `formats::gum`.

use crate::formats::gum::GoldMention;
use std::ops::Range;

/// Aligns system mentions (byte spans of [`GumDocument::text`]) with gold ones:
/// a system mention matches a gold mention whose head word it covers and that
/// contains it (the smallest such), else one it contains (the largest). Each
/// gold mention is matched at most once, by the first system mention in the
/// given order. Returns, per system mention, the index of its gold mention.
#[must_use]
pub fn align(gold: &[GoldMention], system: &[Range<usize>]) -> Vec<Option<usize>> {
    let mut taken = vec![false; gold.len()];
    // Gold mentions sorted by start, to look only at those that can overlap.
    let mut order: Vec<usize> = (0..gold.len()).collect();
    order.sort_by_key(|&g| (gold[g].span.start, gold[g].span.end));
    let starts: Vec<usize> = order.iter().map(|&g| gold[g].span.start).collect();
    system
        .iter()
        .map(|s| {
            let upto = starts.partition_point(|&x| x < s.end);
            let mut best: Option<(bool, usize, usize)> = None;
            for &g in order[..upto].iter().rev().take(256) {
                let m = &gold[g];
                if taken[g] || m.span.end <= s.start {
                    continue;
                }
                let head_in = s.start <= m.head.start && m.head.end <= s.end;
                let outer = m.span.start <= s.start && s.end <= m.span.end;
                let inner = s.start <= m.span.start && m.span.end <= s.end;
                if !head_in || !(outer || inner) {
                    continue;
                }
                // Containing mentions first, the smallest; then contained, the largest.
                let len = m.span.len();
                let key = (outer, if outer { usize::MAX - len } else { len }, g);
                if best.is_none_or(|b| (key.0, key.1) > (b.0, b.1)) {
                    best = Some(key);
                }
            }
            let g = best.map(|b| b.2)?;
            taken[g] = true;
            Some(g)
        })
        .collect()
}

/// Pairs of distinct names the alias pass joined, and how many of them the gold
/// says are one entity; sums over documents.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AliasCounts {
    /// Pairs of names the pass put in one group.
    pub merged: usize,
    /// Of those, pairs with one gold identity.
    pub correct: usize,
    /// Pairs of names with one gold identity.
    pub gold: usize,
}

impl AliasCounts {
    /// Correct merged pairs over merged pairs (1 when nothing was merged).
    #[must_use]
    pub fn precision(&self) -> f64 {
        if self.merged == 0 {
            1.0
        } else {
            self.correct as f64 / self.merged as f64
        }
    }

    /// Correct merged pairs over gold pairs (1 when there are none).
    #[must_use]
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }

    /// Adds another document's counts.
    pub fn add(&mut self, o: AliasCounts) {
        self.merged += o.merged;
        self.correct += o.correct;
        self.gold += o.gold;
    }
}

/// Runs kg's alias pass ([`crate::graph::alias::find_groups`]) over one
/// document's names (each in a fact sighted in `document`) — each a name as kg wrote it, kg's type, and the gold
/// identity of the mention it aligned with — and counts its merges against the
/// gold. Names with one key ([`crate::graph::text::name_key`]) are one entity
/// before the pass; such an entity's gold identity is the most frequent among
/// its mentions (the smallest on a tie). The names of each merged pair the gold
/// says are two entities are pushed to `wrong`, a merged name with its reason.
pub fn alias_counts(
    document: &str,
    names: &[(String, crate::graph::EntityType, String)],
    wrong: &mut Vec<(String, String)>,
) -> AliasCounts {
    use crate::graph::text::name_key;
    use crate::graph::{EntityRef, EntityType, Fact, Provenance, Relation};
    use std::collections::BTreeMap;
    let mut graph = crate::graph::KnowledgeGraph::new();
    let mut votes: BTreeMap<String, BTreeMap<&str, usize>> = BTreeMap::new();
    // Each name in a fact sighted in the document, as `kg build` gives it.
    let (Ok(rel), Ok(place)) = (Relation::new("is named in"), EntityRef::new("document")) else {
        return AliasCounts::default();
    };
    let place = place.with_type(EntityType::Thing);
    for (name, kind, gold) in names {
        let Ok(r) = EntityRef::new(name) else {
            continue;
        };
        graph.add_fact(
            Fact::new(r.with_type(*kind), rel.clone(), place.clone())
                .with_provenance(Provenance::document(document)),
        );
        *votes
            .entry(name_key(name))
            .or_default()
            .entry(gold.as_str())
            .or_default() += 1;
    }
    let keys: Vec<&String> = votes.keys().collect();
    let gold_of: Vec<&str> = votes
        .values()
        .map(|v| {
            v.iter()
                .max_by_key(|(g, n)| (**n, std::cmp::Reverse(**g)))
                .map_or("", |(g, _)| *g)
        })
        .collect();
    let mut group_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut name_of: BTreeMap<String, String> = BTreeMap::new();
    for (k, g) in crate::graph::alias::find_groups(&graph).iter().enumerate() {
        group_of.insert(name_key(&g.canonical), k);
        name_of.insert(name_key(&g.canonical), g.canonical.clone());
        for (n, why) in g.merged.iter().zip(&g.reasons) {
            group_of.insert(name_key(n), k);
            name_of.insert(name_key(n), format!("{n} ({why})"));
        }
    }
    let mut out = AliasCounts::default();
    for a in 0..keys.len() {
        for b in a + 1..keys.len() {
            let same = gold_of[a] == gold_of[b];
            let merged = matches!(
                (group_of.get(keys[a]), group_of.get(keys[b])),
                (Some(x), Some(y)) if x == y
            );
            out.gold += usize::from(same);
            out.merged += usize::from(merged);
            out.correct += usize::from(same && merged);
            if merged && !same {
                let n = |k: &String| name_of.get(k).cloned().unwrap_or_default();
                wrong.push((n(keys[a]), n(keys[b])));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::formats::gum::{parse, tests::DOC};

    #[test]
    fn system_mentions_align_by_head_and_containment() {
        let d = &parse(DOC, "t").unwrap()[0];
        let at = |t: &str| {
            let k = d.text.find(t).unwrap();
            k..k + t.len()
        };
        // "Nordvik Group" lies inside "The Nordvik Group" and covers its head;
        // "Anna" misses the head "Berg"; "Berg's firm" contains no gold mention.
        let sys = [
            at("Nordvik Group"),
            at("Anna"),
            at("her"),
            at("Berg's firm"),
            at("her"),
        ];
        assert_eq!(
            align(&d.mentions, &sys),
            [Some(2), None, Some(1), None, None]
        );
        // A span around a whole mention matches it too.
        assert_eq!(align(&d.mentions, &[at("Anna Berg's")]), [Some(0)]);
    }

    #[test]
    fn alias_merges_are_counted_against_gold_identity() {
        use crate::graph::EntityType::{Person as P, Place as L};
        let n = |a: &str, k, g: &str| (a.to_owned(), k, g.to_owned());
        let mut wrong = Vec::new();
        let c = alias_counts(
            "d",
            &[
                n("Karl Lindqvist", P, "Karl_Lindqvist"),
                n("Lindqvist", P, "Karl_Lindqvist"),
                n("Mr Lindqvist", P, "Karl_Lindqvist"),
                n("Oslo", L, "Oslo"),
                n("Eva Lindqvist", P, "Eva_Lindqvist"),
                n("Ann Berg", P, "Ann_Berg"),
                n("Berg", P, "Berg_Hall"),
            ],
            &mut wrong,
        );
        // "Lindqvist" fits two full names and stays apart; "Mr Lindqvist" and
        // "Lindqvist" join (right); "Berg" joins "Ann Berg" (wrong, by the gold).
        assert_eq!(
            c,
            AliasCounts {
                merged: 2,
                correct: 1,
                gold: 3
            }
        );
        assert!((c.precision() - 0.5).abs() < 1e-9);
        assert!((c.recall() - 1.0 / 3.0).abs() < 1e-9);
        assert_eq!(wrong.len(), 1);
        assert!(format!("{wrong:?}").contains("final part of a person's name"));
    }
}
