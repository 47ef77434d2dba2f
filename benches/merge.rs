//! Cost of the reduce step (issue 7's bar: linear in the number of facts): the
//! cross-document alias pass alone, and the union of two halves followed by the
//! pass (what `kg merge` does once the inputs are parsed), at 10 000, 100 000 and
//! 1 000 000 synthetic facts.
//!
//! Run with `cargo bench --bench merge`; criterion reports facts/s, so linear cost
//! shows as the same rate at every size.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use kg::{EntityRef, EntityType, Fact, KnowledgeGraph, Literal, Provenance, Relation};

const FIRST: [&str; 16] = [
    "Anna", "Boris", "Carla", "David", "Elena", "Felix", "Greta", "Hugo", "Irina", "Jonas",
    "Karin", "Lukas", "Marta", "Nikolai", "Olga", "Pavel",
];
const SYLLABLES: [&str; 12] = [
    "Nor", "Tal", "Ven", "Mar", "Kes", "Dor", "Lin", "Sab", "Rut", "Fel", "Gam", "Pol",
];
const TITLES: [&str; 4] = ["President", "Mr.", "Minister", "Dr."];

/// A deterministic stream of pseudo-random numbers (64-bit LCG).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

/// The `i`-th synthetic entity name: people (full, surname only, titled; each
/// surname shared by two people so the guard is exercised), organisations with
/// their acronyms, and untyped things.
fn entity(i: usize) -> EntityRef {
    let person = i / 8;
    let surname = format!("Sur{}", person / 2);
    let full = format!("{} {surname}", FIRST[person % FIRST.len()]);
    let org_words: Vec<&str> = (0..3)
        .map(|k| SYLLABLES[(i / 8 / 12usize.pow(k)) % SYLLABLES.len()])
        .collect();
    let org = format!("{} {} Union {}", org_words[0], org_words[1], i / 8 / 1728);
    let (name, kind) = match i % 8 {
        0 | 1 => (full, EntityType::Person),
        2 => (surname, EntityType::Thing),
        3 => (format!("{} {full}", TITLES[person % 4]), EntityType::Person),
        4 => (org.clone(), EntityType::Organization),
        5 => (
            org.split(' ')
                .filter_map(|w| w.chars().next())
                .collect::<String>(),
            EntityType::Organization,
        ),
        6 => (format!("Place{}", i / 8), EntityType::Place),
        _ => (format!("topic {}", i / 8), EntityType::Thing),
    };
    EntityRef::new(&name).unwrap().with_type(kind)
}

/// `n` fact sightings over n/4 entities and 40 relations, from n/10 documents.
fn facts(n: usize, seed: u64) -> Vec<Fact> {
    let mut rng = Lcg(seed);
    let entities = (n / 4).max(8);
    (0..n)
        .map(|i| {
            let subject = entity(rng.next(entities));
            let relation = Relation::new(&format!("relation {}", rng.next(40))).unwrap();
            let record = Provenance {
                document: Some(format!("doc-{}", i / 10)),
                sentence: Some(u32::try_from(i % 10).unwrap()),
                confidence: Some(0.5),
                ..Provenance::default()
            };
            let fact = if rng.next(6) == 0 {
                Fact::new(
                    subject,
                    relation,
                    Literal::infer(&format!("{}", i % 1000)).unwrap(),
                )
            } else {
                Fact::new(subject, relation, entity(rng.next(entities)))
            };
            fact.with_provenance(record)
        })
        .collect()
}

fn graph(facts: &[Fact]) -> KnowledgeGraph {
    let mut g = KnowledgeGraph::new();
    for f in facts {
        g.add_fact(f.clone());
    }
    g
}

fn merge(c: &mut Criterion) {
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let (a, b) = {
            let all = facts(n, 7);
            let (a, b) = all.split_at(n / 2);
            (graph(a), graph(b))
        };
        let whole = {
            let mut w = a.clone();
            w.merge(&b);
            w
        };
        group.throughput(Throughput::Elements(n as u64));
        group.bench_function(format!("alias_pass/{n}"), |bench| {
            bench.iter(|| whole.unify_aliases());
        });
        group.bench_function(format!("union_and_alias_pass/{n}"), |bench| {
            bench.iter_batched(
                || a.clone(),
                |mut acc| {
                    acc.merge(&b);
                    acc.unify_aliases()
                },
                BatchSize::LargeInput,
            );
        });
    }
    group.finish();
}

criterion_group!(benches, merge);
criterion_main!(benches);
