//! `kg merge` and the cross-document alias pass (issue 7), and the map/reduce
//! split of issue 8: shards built apart and merged give the bytes of one build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use kg::AliasGroup;
use kg::{EntityRef, EntityType, Fact, KnowledgeGraph, Literal, Provenance, Relation};
use kg::{ProvenanceMode, RdfOptions};
use oxrdfio::RdfFormat;
use proptest::prelude::*;

use crate::common::kg_bin;

/// `../shared/data`, or `None` (with a notice) when absent; fails under `CI`.
fn shared_data() -> Option<PathBuf> {
    crate::common::shared_data()
}

fn kg(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(kg_bin())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("kg runs");
    assert!(
        out.status.success(),
        "kg {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn person(name: &str) -> EntityRef {
    EntityRef::new(name).unwrap().with_type(EntityType::Person)
}

fn read_bytes(bytes: &[u8], format: RdfFormat) -> KnowledgeGraph {
    let quads: Vec<_> = oxrdfio::RdfParser::from_format(format)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap();
    KnowledgeGraph::from_quads(&quads)
}

fn read_file(path: &Path) -> KnowledgeGraph {
    let format = kg::Format::from_path(path).unwrap().rdf().unwrap();
    read_bytes(&std::fs::read(path).unwrap(), format)
}

/// (subject key, relation key, object) → support.
type FactTable = HashMap<(String, String, String), usize>;

fn facts(g: &KnowledgeGraph, map: &HashMap<String, String>) -> FactTable {
    let key = |k: &str| map.get(k).cloned().unwrap_or_else(|| k.to_owned());
    let mut out = FactTable::new();
    for f in g.facts() {
        let o = match f.object {
            kg::ObjectRef::Entity(e) => format!("e:{}", key(e.key())),
            kg::ObjectRef::Literal(l) => format!("l:{:?}:{}", l.kind(), l.lexical()),
        };
        *out.entry((key(f.subject.key()), f.relation.key().to_owned(), o))
            .or_default() += f.support();
    }
    out
}

/// Entity key → canonical key, from the groups the alias pass reported.
fn merge_map(groups: &[AliasGroup]) -> HashMap<String, String> {
    groups
        .iter()
        .flat_map(|g| {
            g.merged
                .iter()
                .map(|m| (name_key(m), name_key(&g.canonical)))
        })
        .collect()
}

#[test]
fn alias_pass_joins_name_variants_across_documents() {
    let mut g = KnowledgeGraph::new();
    let r = Relation::new("meets").unwrap();
    let other = person("Ann Lee");
    for (doc, name) in [
        ("1", "Russian President Vladimir Putin"),
        ("2", "Putin"),
        ("3", "Vladimir Putin"),
        ("4", "Mr. Putin"),
    ] {
        g.add_fact(
            Fact::new(person(name), r.clone(), other.clone())
                .with_provenance(Provenance::document(doc)),
        );
    }
    let (u, groups) = g.unify_aliases();
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert_eq!(groups[0].canonical, "Vladimir Putin");
    assert_eq!(u.entity_count(), 2);
    assert_eq!(u.fact_count(), 1);
    let f = u.facts().next().unwrap();
    assert_eq!(f.support(), 4);
    let docs: Vec<_> = f
        .provenance
        .iter()
        .filter_map(|p| p.document.as_deref())
        .collect();
    assert_eq!(docs, ["1", "2", "3", "4"]);
    let e = u.entity("Putin").unwrap();
    assert_eq!(e.name(), "Vladimir Putin");
    assert_eq!(e.aliases().len(), 3);
}

#[test]
fn alias_pass_keeps_two_smiths_and_their_surname_apart() {
    let mut g = KnowledgeGraph::new();
    let r = Relation::new("meets").unwrap();
    for name in ["John Smith", "Mary Smith", "Smith", "Mr. Smith"] {
        g.add_fact(Fact::new(person(name), r.clone(), person("Ann Lee")));
    }
    g.add_fact(Fact::new(person("Lee"), r, person("Bob Stone")));
    let (u, groups) = g.unify_aliases();
    // Only "Mr. Smith" = "Smith" and "Lee" = "Ann Lee"; neither Smith takes the surname.
    assert_eq!(groups.len(), 2, "{groups:?}");
    assert!(u.entity("John Smith").unwrap().aliases().is_empty());
    assert!(u.entity("Mary Smith").unwrap().aliases().is_empty());
    assert_eq!(u.entity("Mr. Smith").unwrap().name(), "Smith");
    assert_eq!(u.entity("Lee").unwrap().name(), "Ann Lee");
}

#[test]
fn alias_pass_never_joins_different_known_types() {
    let mut g = KnowledgeGraph::new();
    let r = Relation::new("is in").unwrap();
    let place = |n: &str| EntityRef::new(n).unwrap().with_type(EntityType::Place);
    let org = |n: &str| {
        EntityRef::new(n)
            .unwrap()
            .with_type(EntityType::Organization)
    };
    g.add_fact(Fact::new(
        person("George Washington"),
        r.clone(),
        place("Washington"),
    ));
    g.add_fact(Fact::new(org("European Union"), r.clone(), place("EU")));
    g.add_fact(Fact::new(org("Jordan"), r, place("Jordan Valley")));
    let (_, groups) = g.unify_aliases();
    assert!(groups.is_empty(), "{groups:?}");
}

fn write_texts(dir: &Path, texts: &[&str]) -> Vec<String> {
    texts
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let name = format!("doc{i}.txt");
            std::fs::write(dir.join(&name), t).unwrap();
            name
        })
        .collect()
}

const TEXTS: [&str; 4] = [
    "Russian President Vladimir Putin met German Chancellor Angela Merkel in Berlin on Monday. \
     Putin said the talks were useful.",
    "Putin visited Paris in May. The European Union imposed new sanctions on Russia.",
    "Angela Merkel praised the EU. Merkel met Emmanuel Macron in Paris.",
    "Vladimir Putin called Emmanuel Macron. The EU and the United States condemned the attack.",
];

#[test]
fn merging_two_built_graphs_keeps_every_fact() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_texts(dir.path(), &TEXTS);
    kg(dir.path(), &["build", &names[0], &names[1], "-o", "a.nq"]);
    kg(dir.path(), &["build", &names[2], &names[3], "-o", "b.ttl"]);
    kg(dir.path(), &["merge", "a.nq", "b.ttl", "-o", "m.trig"]);
    let (a, b, m) = (
        read_file(&dir.path().join("a.nq")),
        read_file(&dir.path().join("b.ttl")),
        read_file(&dir.path().join("m.trig")),
    );
    assert!(a.fact_count() > 0 && b.fact_count() > 0);
    // Recover the merges from the output's aliases: every input entity is found
    // in the output, by name or alias, and facts map onto it.
    let mut map = HashMap::new();
    for e in a.entities().chain(b.entities()) {
        let out = e
            .to_ref()
            .and_then(|r| m.entity_of(&r))
            .expect("every entity survives, maybe as an alias");
        map.insert(e.key().to_owned(), out.key().to_owned());
    }
    let mut expected = facts(&a, &map);
    for (k, n) in facts(&b, &map) {
        *expected.entry(k).or_default() += n;
    }
    assert_eq!(facts(&m, &HashMap::new()), expected);
}

/// True when `kg build` runs the alias pass itself (and so has `--no-aliases`).
fn build_runs_alias_pass() -> bool {
    let out = Command::new(kg_bin())
        .args(["build", "--help"])
        .output()
        .expect("kg runs");
    String::from_utf8_lossy(&out.stdout).contains("--no-aliases")
}

fn run_with(dir: &Path, head: &[&str], inputs: &[String], out: &str) {
    let mut args: Vec<&str> = head.to_vec();
    args.extend(inputs.iter().map(String::as_str));
    args.extend(["-o", out]);
    kg(dir, &args);
}

/// Builds the texts as one graph and as shards merged, and checks the bytes agree:
/// the map step is `kg build` without the alias pass, the reduce step `kg merge`,
/// which runs it once over the union (the pass is not distributive: "Smith" may
/// be unambiguous in one shard and not in the whole).
fn check_map_reduce(dir: &Path, names: &[String], shards: usize, ext: &str) {
    let per = names.len().div_ceil(shards);
    let sizes: Vec<usize> = names.chunks(per).map(<[String]>::len).collect();
    check_split(dir, names, &sizes, ext);
}

/// [`check_map_reduce`] with shards of the given sizes, in order.
fn check_split(dir: &Path, names: &[String], sizes: &[usize], ext: &str) {
    let shards = sizes.len();
    let map: &[&str] = if build_runs_alias_pass() {
        &["build", "--no-aliases"]
    } else {
        &["build"]
    };
    let all = format!("all.{ext}");
    run_with(dir, map, names, &all);
    assert_eq!(sizes.iter().sum::<usize>(), names.len());
    let mut rest = names;
    let parts: Vec<String> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| {
            let (chunk, tail) = rest.split_at(n);
            rest = tail;
            let out = format!("shard{i}.{ext}");
            run_with(dir, map, chunk, &out);
            out
        })
        .collect();
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    // Union only: the shards merged are the single build, byte for byte.
    let reduced = format!("reduced.{ext}");
    run_with(dir, &["merge", "--no-aliases"], &parts, &reduced);
    assert!(!read(&all).is_empty());
    assert!(
        read(&all) == read(&reduced),
        "sharded + merged (--no-aliases) differs from one build ({ext}, {shards} shards)"
    );
    // With the alias pass: reducing the shards = one build with the pass (kg build
    // when it runs the pass, else kg merge of the one build).
    let aliased = format!("aliased.{ext}");
    run_with(dir, &["merge"], &parts, &aliased);
    let single = format!("all-aliased.{ext}");
    if build_runs_alias_pass() {
        run_with(dir, &["build"], names, &single);
    } else {
        kg(dir, &["merge", &all, "-o", &single]);
    }
    assert!(
        read(&aliased) == read(&single),
        "sharded + merged differs from one build + alias pass ({ext}, {shards} shards)"
    );
}

#[test]
fn shards_built_apart_and_merged_equal_one_build() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_texts(dir.path(), &TEXTS);
    check_map_reduce(dir.path(), &names, 2, "nq");
    check_map_reduce(dir.path(), &names, 4, "ttl");
}

/// A surname that one document's coreference makes an alias of a full name, and that
/// other documents use alone while two people bear it.
const SURNAME_TEXTS: [&str; 4] = [
    "Quell resigned on Friday. The board accepted the decision.",
    "Marta Quell founded Dovecote Analytics in 2010. Quell said the firm would grow.",
    "Quell praised the new plan. Investors welcomed it.",
    "Jonas Quell met the mayor of Tartu.",
];

#[test]
fn an_alias_from_one_document_never_captures_another_documents_name() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_texts(dir.path(), &SURNAME_TEXTS);
    // The second document alone in a shard with the third: the alias "Quell" it gives
    // Marta Quell is unopposed there, but not in one build, where the first document
    // made "Quell" an entity already. Every cut must give the one build's bytes.
    for sizes in [&[1, 3][..], &[1, 2, 1], &[2, 2], &[3, 1]] {
        check_split(dir.path(), &names, sizes, "nq");
    }
    kg(
        dir.path(),
        &[
            "build", "doc0.txt", "doc1.txt", "doc2.txt", "doc3.txt", "-o", "g.nq",
        ],
    );
    let g = read_file(&dir.path().join("g.nq"));
    // Two people named Quell: the bare surname stays its own entity, and no entity
    // keeps "Quell" as an alias, since a label must not name two things.
    let quell = g.entity("Quell").expect("the bare surname is an entity");
    assert_eq!(quell.name(), "Quell");
    assert!(g
        .entities()
        .all(|e| !e.aliases().iter().any(|a| a == "Quell")));
}

#[test]
fn news_corpus_shards_merge_to_one_build() {
    let Some(data) = shared_data() else { return };
    let bbc = data.join("news-corpus/bbc/politics");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&bbc)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.truncate(6);
    let dir = tempfile::tempdir().unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(p, dir.path().join(&name)).unwrap();
            name
        })
        .collect();
    check_map_reduce(dir.path(), &names, 3, "nq");
}

const POOL: [(&str, EntityType); 12] = [
    ("Ann Lee", EntityType::Person),
    ("Lee", EntityType::Thing),
    ("Mr. Lee", EntityType::Person),
    ("John Smith", EntityType::Person),
    ("Mary Smith", EntityType::Person),
    ("Smith", EntityType::Person),
    ("European Union", EntityType::Organization),
    ("EU", EntityType::Thing),
    ("United States", EntityType::Place),
    ("US", EntityType::Place),
    ("North Korea", EntityType::Place),
    ("Korea", EntityType::Place),
];

fn arb_fact() -> impl Strategy<Value = Fact> {
    (
        0..POOL.len(),
        0..3usize,
        prop_oneof![(0..POOL.len()).prop_map(Some), Just(None)],
        0..4u32,
        0..3u32,
    )
        .prop_map(|(s, r, o, doc, sentence)| {
            let e = |i: usize| EntityRef::new(POOL[i].0).unwrap().with_type(POOL[i].1);
            let relation = Relation::new(["meets", "visits", "calls on"][r]).unwrap();
            let object: kg::Object = match o {
                Some(o) => e(o).into(),
                None => Literal::infer(&format!("{}%", doc * 10 + sentence))
                    .unwrap()
                    .into(),
            };
            Fact {
                subject: e(s),
                relation,
                object,
                provenance: Provenance {
                    document: Some(format!("d{doc}")),
                    sentence: Some(sentence),
                    confidence: Some(f64::from(sentence) / 4.0),
                    ..Provenance::default()
                },
            }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Shards written as RDF, read back, merged and unified: every input fact is in
    /// the output once the recorded merges are applied, with its support summed.
    #[test]
    fn merge_never_drops_a_fact(
        shards in proptest::collection::vec(proptest::collection::vec(arb_fact(), 0..12), 1..4),
        reified in any::<bool>(),
    ) {
        let mode = if reified { ProvenanceMode::Reification } else { ProvenanceMode::Rdf12 };
        let opts = RdfOptions::new().with_provenance(mode);
        let mut inputs = Vec::new();
        let mut merged = KnowledgeGraph::new();
        for shard in &shards {
            let mut g = KnowledgeGraph::new();
            for f in shard {
                g.add_fact(f.clone());
            }
            let bytes = kg::write_rdf(&g, &opts, RdfFormat::NQuads, Vec::new()).unwrap();
            let back = read_bytes(&bytes, RdfFormat::NQuads);
            merged.merge(&back);
            inputs.push(g);
        }
        let (out, groups) = merged.unify_aliases();
        let map = merge_map(&groups);
        let mut expected = FactTable::new();
        for g in &inputs {
            for (k, n) in facts(g, &map) {
                *expected.entry(k).or_default() += n;
            }
        }
        prop_assert_eq!(facts(&out, &HashMap::new()), expected);
        // Every provenance record is kept.
        let records = |g: &KnowledgeGraph| {
            let mut v: Vec<String> = g.facts().flat_map(|f| f.provenance.iter().map(Provenance::content_key)).collect();
            v.sort();
            v
        };
        let mut all: Vec<String> = inputs.iter().flat_map(records).collect();
        all.sort();
        prop_assert_eq!(records(&out), all);
        // Two Smiths are never one entity, and never take the bare surname.
        let both = merged.entity("John Smith").is_some() && merged.entity("Mary Smith").is_some();
        for g in &groups {
            let has = |n: &str| g.canonical == n || g.merged.iter().any(|m| m == n);
            prop_assert!(!(has("John Smith") && has("Mary Smith")), "{:?}", g);
            prop_assert!(!(both && has("Smith")), "{:?}", g);
        }
    }
}

#[test]
fn merge_reads_every_rdf_format_kg_writes() {
    let dir = tempfile::tempdir().unwrap();
    let names = write_texts(dir.path(), &TEXTS[..2]);
    run_with(dir.path(), &["build"], &names, "ref.nq");
    std::fs::write(dir.path().join("g.dot"), "digraph {}").unwrap();
    let reference = std::fs::read(dir.path().join("ref.nq")).unwrap();
    for ext in ["ttl", "nt", "nq", "trig", "rdf", "jsonld"] {
        let input = format!("g.{ext}");
        run_with(dir.path(), &["build"], &names, &input);
        let out = format!("back-{ext}.nq");
        kg(dir.path(), &["merge", "--no-aliases", &input, "-o", &out]);
        assert!(
            std::fs::read(dir.path().join(&out)).unwrap() == reference,
            "{ext} does not read back to the same graph"
        );
    }
    let dot = Command::new(kg_bin())
        .current_dir(dir.path())
        .args(["merge", "ref.nq", "g.dot", "-o", "x.nq"])
        .output()
        .unwrap();
    assert_eq!(
        dot.status.code(),
        Some(2),
        "DOT is output-only: an input error"
    );
}

/// The key kg gives a name (entities with the same key are one entity).
fn name_key(name: &str) -> String {
    EntityRef::new(name).map_or_else(|_| String::new(), |e| e.key().to_owned())
}

/// Work and Product survive kg's own RDF read back (what `kg merge` does), in every
/// provenance mode; and a graph built from text keeps them through `kg merge`.
#[test]
fn merge_keeps_work_and_product_types() {
    let typed = |name: &str, t| EntityRef::new(name).unwrap().with_type(t);
    let mut g = KnowledgeGraph::new();
    g.add_fact(Fact::new(
        typed("Marta Quell", EntityType::Person),
        Relation::new("wrote").unwrap(),
        typed("Silver Harbour", EntityType::Work),
    ));
    g.add_fact(Fact::new(
        typed("Veltro Group", EntityType::Organization),
        Relation::new("sells").unwrap(),
        typed("Orbix", EntityType::Product),
    ));
    for mode in [ProvenanceMode::Reification, ProvenanceMode::Rdf12] {
        let opts = RdfOptions::new().with_provenance(mode);
        let bytes = kg::write_rdf(&g, &opts, RdfFormat::NQuads, Vec::new()).unwrap();
        let back = read_bytes(&bytes, RdfFormat::NQuads);
        let kind = |name: &str| {
            back.entity_of(&EntityRef::new(name).unwrap())
                .unwrap()
                .kind()
        };
        assert_eq!(kind("Silver Harbour"), EntityType::Work, "{mode:?}");
        assert_eq!(kind("Orbix"), EntityType::Product, "{mode:?}");
        assert_eq!(kind("Veltro Group"), EntityType::Organization, "{mode:?}");
    }

    let dir = tempfile::tempdir().unwrap();
    let names = write_texts(
        dir.path(),
        &[
            "Marta Quell starred in the film Silver Harbour, which opened last year. \
             The film was shot in Norway.",
            "Orbix, the new handset from Veltro Group, sold well in Norway.",
        ],
    );
    kg(dir.path(), &["build", &names[0], &names[1], "-o", "a.ttl"]);
    kg(dir.path(), &["merge", "a.ttl", "-o", "m.nq"]);
    for file in ["a.ttl", "m.nq"] {
        let g = read_file(&dir.path().join(file));
        let kind = |name: &str| {
            g.entity_of(&EntityRef::new(name).unwrap())
                .map(|e| e.kind())
        };
        assert_eq!(kind("Silver Harbour"), Some(EntityType::Work), "{file}");
        assert_eq!(kind("Orbix"), Some(EntityType::Product), "{file}");
        // The described things are typed by their head noun.
        let described: Vec<EntityType> = g
            .entities()
            .filter(|e| e.scope().is_some())
            .filter(|e| matches!(e.concept(), Some("film" | "handset")))
            .map(|e| e.kind())
            .collect();
        assert!(
            described.contains(&EntityType::Work),
            "{file}: {described:?}"
        );
        assert!(
            described.contains(&EntityType::Product),
            "{file}: {described:?}"
        );
    }
}
