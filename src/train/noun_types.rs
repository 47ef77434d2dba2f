//! Learns the noun-type table of [`crate::nlp::noun_types`] from GUM's entity
//! layer, with WordNet for the nouns GUM does not have.
//!
//! GUM (Zeldes 2017) marks every mention, named or not, in the CoNLL-U MISC
//! column (`Entity=(12-person-new-…` opens a mention of type `person`, `12)`
//! closes it). For each mention the head word is the word of the span whose
//! syntactic head lies outside the span; when that word is a common noun
//! (UPOS `NOUN`), its lower-case lemma counts one vote for the mention's type.
//!
//! The table gives a lemma seen in training its majority type when the
//! majority is clear ([`Options::min_count`] votes, a share above
//! [`Options::min_share`], no tie); every other WordNet noun gets the type of
//! its most frequent sense (the first synset in `index.noun`) through its
//! lexicographer file ([`WordNetMap`]); a seen lemma WordNet does not know
//! keeps its plurality type.
//!
//! A lemma of class object or abstract also gets a [`NounKind`] when its WordNet
//! senses, each weighted by its tag count in `index.sense` plus one, are more
//! than half under one of the work synsets ([`WORK_ANCHORS`]: movie, album,
//! publication, literary or dramatic composition, musical composition, radio or
//! television programme, law, bill, treaty, …) or the product synsets
//! ([`PRODUCT_ANCHORS`]: merchandise, electronic equipment, computer, software, …).

use crate::formats::ParseError;
use crate::nlp::noun_types::{NounClass, NounKind, NounTypes};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

/// A malformed input file, with its 1-based line (0: the whole file): the shared
/// [`ParseError`] of the file formats.
pub type DataError = ParseError;

/// One GUM mention headed by a common noun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NounMention {
    /// Lower-case lemma of the head word.
    pub lemma: String,
    /// Gold type of the mention.
    pub class: NounClass,
}

/// The mentions of a GUM CoNLL-U text (read by [`crate::formats::gum::parse`]) whose
/// head word is a common noun.
///
/// # Errors
/// [`DataError`] for a line with other than 10 columns, a word missing from its
/// sentence's `# text`, a malformed, unbalanced or unknown-type `Entity` (`name`
/// names the file).
pub fn gum_noun_mentions(conllu: &str, name: &str) -> Result<Vec<NounMention>, DataError> {
    let mut out = Vec::new();
    for doc in crate::formats::gum::parse(conllu, name)? {
        for m in doc.mentions {
            let class = NounClass::from_name(&m.etype).ok_or_else(|| {
                ParseError::new(name, m.line, format!("unknown entity type {:?}", m.etype))
            })?;
            if m.head_upos == "NOUN" && !m.head_lemma.is_empty() {
                out.push(NounMention {
                    lemma: m.head_lemma.to_lowercase(),
                    class,
                });
            }
        }
    }
    Ok(out)
}

/// Reads a GUM CoNLL-U file and gives its noun-headed mentions.
///
/// # Errors
/// [`DataError`] when the file cannot be read or is malformed.
pub fn read_gum(path: &Path) -> Result<Vec<NounMention>, DataError> {
    let name = path.display().to_string();
    let text =
        std::fs::read_to_string(path).map_err(|e| ParseError::new(&name, 0, e.to_string()))?;
    gum_noun_mentions(&text, &name)
}

/// How WordNet's lexicographer files map to classes; each switch was decided
/// on GUM dev (see `models/MODELS.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordNetMap {
    /// `noun.group` under the synset *organization* → organization (else abstract).
    pub group_organization: bool,
    /// `noun.artifact` under *structure* or *facility* (buildings, bridges,
    /// airports) → place (else object).
    pub structure_place: bool,
    /// `noun.object` (natural objects: mountain, island) → place (else abstract).
    pub object_place: bool,
    /// `noun.body` → object (else abstract).
    pub body_object: bool,
    /// `noun.event` → event (else abstract).
    pub event_event: bool,
    /// `noun.act` → event (else abstract).
    pub act_event: bool,
    /// `noun.phenomenon` → event (else abstract).
    pub phenomenon_event: bool,
}

impl Default for WordNetMap {
    fn default() -> Self {
        WordNetMap {
            group_organization: true,
            structure_place: true,
            object_place: true,
            body_object: true,
            event_event: true,
            act_event: false,
            phenomenon_event: false,
        }
    }
}

impl WordNetMap {
    /// The switches by name, for reports and tuning.
    pub const SWITCHES: [&'static str; 7] = [
        "group_organization",
        "structure_place",
        "object_place",
        "body_object",
        "event_event",
        "act_event",
        "phenomenon_event",
    ];

    /// The switch named `name`.
    ///
    /// # Panics
    /// For a name not in [`WordNetMap::SWITCHES`].
    pub fn switch(&mut self, name: &str) -> &mut bool {
        match name {
            "group_organization" => &mut self.group_organization,
            "structure_place" => &mut self.structure_place,
            "object_place" => &mut self.object_place,
            "body_object" => &mut self.body_object,
            "event_event" => &mut self.event_event,
            "act_event" => &mut self.act_event,
            "phenomenon_event" => &mut self.phenomenon_event,
            _ => panic!("unknown WordNet switch {name:?}"),
        }
    }

    fn on(&self, name: &str) -> bool {
        *self.clone().switch(name)
    }
}

/// The synsets (WordNet 3.1 offset and one of their words, checked on load)
/// whose hyponyms are works: films, albums, books and periodicals, novels,
/// plays and poems, songs and compositions, radio and television programmes
/// and series, works of art, websites, laws, bills, statutes and treaties.
/// Performances (*show*, an event) and documents in general (*writing*,
/// *legal document*: headings, cheques, permits) are left out: they are no
/// creative works.
pub const WORK_ANCHORS: [(&str, &str); 17] = [
    ("06626039", "movie"),
    ("06604096", "album"),
    ("06601855", "publication"),
    ("06375736", "literary_composition"),
    ("07020800", "dramatic_composition"),
    ("07051211", "musical_composition"),
    ("06631935", "broadcast"),
    ("06633954", "serial"),
    ("04609048", "work_of_art"),
    ("07011408", "artwork"),
    ("06370600", "website"),
    ("06544321", "law"),
    ("06544086", "act"),
    ("06548844", "bill"),
    ("06576378", "statute"),
    ("06547213", "legislation"),
    ("06786235", "treaty"),
];

/// The synsets (as [`WORK_ANCHORS`]) whose hyponyms are products: goods for
/// sale, electronic devices and equipment (telephones, handsets), computers,
/// home appliances and software. *Commodity* and *consumer goods* are left
/// out: they make every garment and cargo a product.
pub const PRODUCT_ANCHORS: [(&str, &str); 6] = [
    ("03754377", "merchandise"),
    ("03283159", "electronic_equipment"),
    ("03282682", "electronic_device"),
    ("03086983", "computer"),
    ("03533443", "home_appliance"),
    ("06578068", "software"),
];

/// The first (most frequent) sense of every one-word WordNet noun that is not
/// a name (its first sense is no instance: "paris", "einstein" are left out),
/// and the kind (work or product) its senses mostly have.
#[derive(Debug, Clone, Default)]
pub struct WordNetNouns {
    /// Lemma → (lexicographer file name without `noun.`, under organization,
    /// under structure or facility).
    senses: BTreeMap<String, (&'static str, bool, bool)>,
    /// Lemma → the kind of most of its senses' weight.
    kinds: BTreeMap<String, NounKind>,
}

/// A synset of `data.noun`: lexicographer file, hypernyms (instance links too),
/// whether it is an instance, its words.
type Synset<'a> = (&'static str, Vec<&'a str>, bool, Vec<&'a str>);

/// Lexicographer file numbers 3..=28 of the noun files (lexnames(5)).
const LEXNAMES: [&str; 26] = [
    "Tops",
    "act",
    "animal",
    "artifact",
    "attribute",
    "body",
    "cognition",
    "communication",
    "event",
    "feeling",
    "food",
    "group",
    "location",
    "motive",
    "object",
    "person",
    "phenomenon",
    "plant",
    "possession",
    "process",
    "quantity",
    "relation",
    "shape",
    "state",
    "substance",
    "time",
];

impl WordNetNouns {
    /// Reads `data.noun`, `index.noun` and `index.sense` from WordNet's
    /// dictionary folder.
    ///
    /// # Errors
    /// [`DataError`] when a file cannot be read or a line is malformed.
    pub fn load(dir: &Path) -> Result<WordNetNouns, DataError> {
        let read = |f: &str| {
            let p = dir.join(f);
            std::fs::read_to_string(&p)
                .map_err(|e| ParseError::new(&p.display().to_string(), 0, e.to_string()))
        };
        let data_name = dir.join("data.noun").display().to_string();
        let index_name = dir.join("index.noun").display().to_string();
        let sense_name = dir.join("index.sense").display().to_string();
        let data = read("data.noun")?;
        let index = read("index.noun")?;
        let sense_index = read("index.sense")?;
        // offset → synset
        let mut synsets: HashMap<&str, Synset<'_>> = HashMap::new();
        for (i, l) in data.lines().enumerate() {
            if l.starts_with(' ') || l.is_empty() {
                continue;
            }
            let bad = |m: &str| ParseError::new(&data_name, i + 1, m);
            let f: Vec<&str> = l.split(' ').collect();
            let lexnum: usize = f
                .get(1)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("bad lexicographer file number"))?;
            let lexname = lexnum
                .checked_sub(3)
                .and_then(|k| LEXNAMES.get(k))
                .ok_or_else(|| bad("not a noun lexicographer file"))?;
            let w = f
                .get(3)
                .and_then(|s| usize::from_str_radix(s, 16).ok())
                .ok_or_else(|| bad("bad word count"))?;
            let words: Vec<&str> = (0..w).filter_map(|j| f.get(4 + 2 * j).copied()).collect();
            let mut k = 4 + 2 * w;
            let p: usize = f
                .get(k)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| bad("bad pointer count"))?;
            k += 1;
            let mut hypernyms = Vec::new();
            let mut instance = false;
            for _ in 0..p {
                let (Some(sym), Some(off)) = (f.get(k), f.get(k + 1)) else {
                    return Err(bad("truncated pointer list"));
                };
                match *sym {
                    "@" => hypernyms.push(*off),
                    "@i" => {
                        hypernyms.push(*off);
                        instance = true;
                    }
                    _ => {}
                }
                k += 4;
            }
            synsets.insert(f[0], (lexname, hypernyms, instance, words));
        }
        // (lemma, offset) → tag count of that noun sense
        let mut tags: HashMap<(String, &str), u32> = HashMap::new();
        for (i, l) in sense_index.lines().enumerate() {
            let f: Vec<&str> = l.split(' ').collect();
            let (Some(key), Some(off), Some(count)) = (f.first(), f.get(1), f.get(3)) else {
                return Err(ParseError::new(&sense_name, i + 1, "expected 4 fields"));
            };
            let Some((lemma, rest)) = key.split_once('%') else {
                return Err(ParseError::new(&sense_name, i + 1, "sense key without '%'"));
            };
            if !rest.starts_with('1') {
                continue;
            }
            let count = count
                .parse()
                .map_err(|_| ParseError::new(&sense_name, i + 1, "bad tag count"))?;
            tags.insert((lemma.to_lowercase(), *off), count);
        }
        // lemma → synset offsets, most frequent first
        let mut senses_of: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for (i, l) in index.lines().enumerate() {
            if l.starts_with(' ') || l.is_empty() {
                continue;
            }
            let f: Vec<&str> = l.split(' ').filter(|s| !s.is_empty()).collect();
            let n: usize = f
                .get(2)
                .and_then(|s| s.parse().ok())
                .ok_or_else(|| ParseError::new(&index_name, i + 1, "bad synset count"))?;
            if n == 0 || f.len() < 4 + n {
                return Err(ParseError::new(&index_name, i + 1, "truncated synset list"));
            }
            senses_of.insert(f[0], f[f.len() - n..].to_vec());
        }
        // The anchor synsets: the first sense of a word in a given file.
        let anchor = |word: &str, lexname: &str| {
            senses_of
                .get(word)
                .and_then(|s| {
                    s.iter()
                        .find(|o| synsets.get(*o).map(|x| x.0) == Some(lexname))
                })
                .copied()
        };
        let organization: HashSet<&str> = anchor("organization", "group").into_iter().collect();
        let structures: HashSet<&str> = [
            anchor("structure", "artifact"),
            anchor("facility", "artifact"),
        ]
        .into_iter()
        .flatten()
        .collect();
        let under = |start: &str, targets: &HashSet<&str>| {
            let mut seen = HashSet::new();
            let mut stack = vec![start];
            while let Some(o) = stack.pop() {
                if targets.contains(o) {
                    return true;
                }
                if seen.insert(o) {
                    if let Some(s) = synsets.get(o) {
                        stack.extend(s.1.iter().copied());
                    }
                }
            }
            false
        };
        // An anchor missing or holding other words means another WordNet than 3.1.
        let anchors = |list: &[(&'static str, &str)]| -> Result<HashSet<&str>, DataError> {
            list.iter()
                .map(|&(off, word)| {
                    let ok = synsets
                        .get(off)
                        .is_some_and(|s| s.3.iter().any(|w| w.eq_ignore_ascii_case(word)));
                    if ok {
                        Ok(off)
                    } else {
                        Err(ParseError::new(
                            &data_name,
                            0,
                            format!("synset {off} {word:?} not found: not WordNet 3.1?"),
                        ))
                    }
                })
                .collect()
        };
        let works = anchors(&WORK_ANCHORS)?;
        let products = anchors(&PRODUCT_ANCHORS)?;
        let kind_of_sense = |off: &str| {
            if under(off, &works) {
                Some(NounKind::Work)
            } else if under(off, &products) {
                Some(NounKind::Product)
            } else {
                None
            }
        };
        let mut senses = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        for (word, offs) in &senses_of {
            if word.contains('_') {
                continue;
            }
            let Some(s) = synsets.get(offs[0]) else {
                return Err(ParseError::new(
                    &index_name,
                    0,
                    format!("synset {} of {word:?} not in data.noun", offs[0]),
                ));
            };
            if s.2 {
                continue;
            }
            let org = s.0 == "group" && under(offs[0], &organization);
            let structure = s.0 == "artifact" && under(offs[0], &structures);
            let lemma = word.to_lowercase();
            // Each sense weighs its tag count plus one, so that untagged senses count.
            let mut weight = [0u32; 2];
            let mut total = 0u32;
            for off in offs {
                let w = tags.get(&(lemma.clone(), *off)).copied().unwrap_or(0) + 1;
                total += w;
                if let Some(k) = kind_of_sense(off) {
                    weight[k as usize] += w;
                }
            }
            if let Some(k) = NounKind::ALL
                .into_iter()
                .find(|&k| 2 * weight[k as usize] > total)
            {
                kinds.insert(lemma.clone(), k);
            }
            senses.insert(lemma, (s.0, org, structure));
        }
        Ok(WordNetNouns { senses, kinds })
    }

    /// Number of lemmas.
    #[must_use]
    pub fn len(&self) -> usize {
        self.senses.len()
    }

    /// True when no lemma was read.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.senses.is_empty()
    }
}

/// The kinds of the table's lemmas: WordNet's, kept only on lemmas of class
/// object or abstract (a lemma GUM types a person or a place is no work).
#[must_use]
pub fn kinds(
    table: &BTreeMap<String, NounClass>,
    wordnet: &WordNetNouns,
) -> BTreeMap<String, NounKind> {
    wordnet
        .kinds
        .iter()
        .filter(|(l, _)| {
            matches!(
                table.get(l.as_str()),
                Some(NounClass::Object | NounClass::Abstract)
            )
        })
        .map(|(l, k)| (l.clone(), *k))
        .collect()
}

fn lexname_class(lexname: &str, org: bool, structure: bool, map: &WordNetMap) -> NounClass {
    use NounClass as C;
    let pick = |switch: &str, yes: C, no: C| if map.on(switch) { yes } else { no };
    match lexname {
        "person" => C::Person,
        "location" => C::Place,
        "time" => C::Time,
        "substance" | "food" => C::Substance,
        "animal" => C::Animal,
        "plant" => C::Plant,
        "artifact" if structure => pick("structure_place", C::Place, C::Object),
        "artifact" => C::Object,
        "group" if org => pick("group_organization", C::Organization, C::Abstract),
        "object" => pick("object_place", C::Place, C::Abstract),
        "body" => pick("body_object", C::Object, C::Abstract),
        "event" => pick("event_event", C::Event, C::Abstract),
        "act" => pick("act_event", C::Event, C::Abstract),
        "phenomenon" => pick("phenomenon_event", C::Event, C::Abstract),
        _ => C::Abstract,
    }
}

/// Settings of [`build`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Options {
    /// A GUM lemma needs at least this many mentions for its majority to count.
    pub min_count: u32,
    /// … and its majority type more than this share of them.
    pub min_share: f64,
    /// WordNet's lexicographer files → classes.
    pub wordnet: WordNetMap,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            min_count: 1,
            min_share: 0.0,
            wordnet: WordNetMap::default(),
        }
    }
}

/// Votes per lemma: counts in [`NounClass::ALL`] order.
pub type Votes = BTreeMap<String, [u32; 10]>;

/// Counts the votes of training mentions.
#[must_use]
pub fn votes(mentions: &[NounMention]) -> Votes {
    let mut v = Votes::new();
    for m in mentions {
        v.entry(m.lemma.clone()).or_insert([0; 10])[m.class.index()] += 1;
    }
    v
}

/// The table: GUM's clear majorities, then WordNet's first senses.
#[must_use]
pub fn build(votes: &Votes, wordnet: &WordNetNouns, opts: &Options) -> BTreeMap<String, NounClass> {
    let mut table = BTreeMap::new();
    for (lemma, (lexname, org, structure)) in &wordnet.senses {
        table.insert(
            lemma.clone(),
            lexname_class(lexname, *org, *structure, &opts.wordnet),
        );
    }
    for (lemma, counts) in votes {
        let total: u32 = counts.iter().sum();
        // Plurality, ties to the earlier class.
        let best = (0..10).fold(0, |b, k| if counts[k] > counts[b] { k } else { b });
        let top = counts[best];
        let tie = (0..10).any(|k| k != best && counts[k] == top);
        let clear = total >= opts.min_count
            && f64::from(top) / f64::from(total.max(1)) > opts.min_share
            && !tie;
        if clear || !table.contains_key(lemma) {
            table.insert(lemma.clone(), NounClass::ALL[best]);
        }
    }
    table
}

/// The table as TSV: `header` lines as `# ` comments, then `lemma<TAB>class`,
/// with `<TAB>kind` when `kinds` has the lemma, in byte order of the lemma.
/// Lemmas with a tab or line break are left out.
#[must_use]
pub fn to_tsv(
    table: &BTreeMap<String, NounClass>,
    kinds: &BTreeMap<String, NounKind>,
    header: &[String],
) -> String {
    let mut out = String::new();
    for h in header {
        out.push_str("# ");
        out.push_str(h);
        out.push('\n');
    }
    for (lemma, class) in table {
        if lemma.is_empty() || lemma.contains(['\t', '\n', '\r']) || lemma.starts_with('#') {
            continue;
        }
        out.push_str(lemma);
        out.push('\t');
        out.push_str(class.name());
        if let Some(k) = kinds.get(lemma) {
            out.push('\t');
            out.push_str(k.name());
        }
        out.push('\n');
    }
    out
}

/// Accuracy figures of a table on gold mentions.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Mentions scored.
    pub mentions: usize,
    /// Share whose class [`NounTypes::class_of`] gives right (unknown lemmas are wrong).
    pub accuracy: f64,
    /// Share of mentions whose lemma the table knows.
    pub coverage: f64,
    /// Accuracy on the mentions whose gold class is person, organization, place or event.
    pub accuracy_core: f64,
    /// Mentions of those four gold classes.
    pub core_mentions: usize,
    /// Accuracy of always answering the training majority class.
    pub baseline: f64,
}

/// Scores `types` on `gold`; `majority` is the baseline's answer.
#[must_use]
pub fn score(types: &NounTypes, gold: &[NounMention], majority: NounClass) -> Scores {
    let core = |c: NounClass| {
        matches!(
            c,
            NounClass::Person | NounClass::Organization | NounClass::Place | NounClass::Event
        )
    };
    let (mut right, mut known, mut core_n, mut core_right, mut base) = (0, 0, 0, 0, 0);
    for m in gold {
        let got = types.class_of(&m.lemma);
        known += usize::from(got.is_some());
        let ok = got == Some(m.class);
        right += usize::from(ok);
        base += usize::from(m.class == majority);
        if core(m.class) {
            core_n += 1;
            core_right += usize::from(ok);
        }
    }
    let share = |a: usize, n: usize| a as f64 / n.max(1) as f64;
    Scores {
        mentions: gold.len(),
        accuracy: share(right, gold.len()),
        coverage: share(known, gold.len()),
        accuracy_core: share(core_right, core_n),
        core_mentions: core_n,
        baseline: share(base, gold.len()),
    }
}

/// The most frequent class among `mentions` (ties to the earlier class).
#[must_use]
pub fn majority_class(mentions: &[NounMention]) -> NounClass {
    let mut n = [0usize; 10];
    for m in mentions {
        n[m.class.index()] += 1;
    }
    let best = (0..10).fold(0, |b, k| if n[k] > n[b] { k } else { b });
    NounClass::ALL[best]
}

/// Builds the table under `opts` and scores it on `gold` through its TSV
/// (the shipped form).
#[must_use]
pub fn build_and_score(
    votes: &Votes,
    wordnet: &WordNetNouns,
    opts: &Options,
    gold: &[NounMention],
    majority: NounClass,
) -> Scores {
    let tsv = to_tsv(&build(votes, wordnet, opts), &BTreeMap::new(), &[]);
    let types = NounTypes::parse(&tsv).expect("a generated table parses");
    score(&types, gold, majority)
}

/// Chooses [`Options`] on `dev`: first `min_count` × `min_share` over a small
/// grid (the smallest values win ties), then each WordNet switch in turn is
/// flipped and kept flipped when dev accuracy rises. Returns the options and
/// a log line per trial.
#[must_use]
pub fn tune(votes: &Votes, wordnet: &WordNetNouns, dev: &[NounMention]) -> (Options, Vec<String>) {
    let majority = NounClass::Abstract;
    let mut log = Vec::new();
    let mut best = Options::default();
    let mut best_acc = f64::NEG_INFINITY;
    for min_count in [1, 2, 3, 5] {
        for min_share in [0.0, 0.5, 0.6, 0.7] {
            let opts = Options {
                min_count,
                min_share,
                ..best
            };
            let s = build_and_score(votes, wordnet, &opts, dev, majority);
            log.push(format!(
                "min_count {min_count} min_share {min_share}: dev accuracy {:.4}",
                s.accuracy
            ));
            if s.accuracy > best_acc {
                best_acc = s.accuracy;
                best = opts;
            }
        }
    }
    for name in WordNetMap::SWITCHES {
        let mut opts = best;
        let v = opts.wordnet.switch(name);
        *v = !*v;
        let now = *v;
        let s = build_and_score(votes, wordnet, &opts, dev, majority);
        log.push(format!(
            "{name} {now}: dev accuracy {:.4} (against {best_acc:.4})",
            s.accuracy
        ));
        if s.accuracy > best_acc {
            best_acc = s.accuracy;
            best = opts;
        }
    }
    (best, log)
}

#[cfg(test)]
mod tests {
    use super::*;

    const GUM: &str = "# newdoc id = x\n\
# text = The farmer sold the Houses of Berlin\n\
1\tThe\tthe\tDET\tDT\t_\t2\tdet\t_\tEntity=(1-person-new-nnnnn-cf1-2-sgl\n\
2\tfarmer\tfarmer\tNOUN\tNN\t_\t3\tnsubj\t_\tEntity=1)\n\
3\tsold\tsell\tVERB\tVBD\t_\t0\troot\t_\t_\n\
4\tthe\tthe\tDET\tDT\t_\t5\tdet\t_\tEntity=(2-object-new-nnnnn-cf2-2-sgl\n\
5\tHouses\thouse\tNOUN\tNNS\t_\t3\tobj\t_\t_\n\
6\tof\tof\tADP\tIN\t_\t7\tcase\t_\t_\n\
7\tBerlin\tBerlin\tPROPN\tNNP\t_\t5\tnmod\t_\tEntity=(3-place-new-nnnnn-cf3-1-sgl)2)\n\
\n";

    #[test]
    fn mentions_headed_by_common_nouns() {
        let m = gum_noun_mentions(GUM, "t").unwrap();
        assert_eq!(
            m,
            vec![
                NounMention {
                    lemma: "farmer".into(),
                    class: NounClass::Person
                },
                NounMention {
                    lemma: "house".into(),
                    class: NounClass::Object
                },
            ]
        );
    }

    #[test]
    fn malformed_entities_are_errors_with_lines() {
        let bad = GUM.replace("(1-person-", "(1-people-");
        let e = gum_noun_mentions(&bad, "t").unwrap_err();
        assert_eq!(e.line, 3);
        let bad = GUM.replace("Entity=1)", "Entity=9)");
        assert_eq!(gum_noun_mentions(&bad, "t").unwrap_err().line, 4);
        let bad = GUM.replace("\t_\tEntity=1)", "\tEntity=1)");
        assert!(gum_noun_mentions(&bad, "t")
            .unwrap_err()
            .message
            .contains("columns"));
    }

    #[test]
    fn majority_then_wordnet() {
        let mut wn = WordNetNouns::default();
        wn.senses.insert("bank".into(), ("group", true, false));
        wn.senses.insert("team".into(), ("group", false, false));
        wn.senses.insert("tower".into(), ("artifact", false, true));
        wn.senses.insert("meeting".into(), ("act", false, false));
        let mention = |l: &str, c| NounMention {
            lemma: l.into(),
            class: c,
        };
        let train = [
            mention("meeting", NounClass::Event),
            mention("meeting", NounClass::Event),
            mention("meeting", NounClass::Abstract),
            mention("team", NounClass::Person),
            mention("team", NounClass::Organization),
            mention("widget", NounClass::Object),
        ];
        let table = build(&votes(&train), &wn, &Options::default());
        assert_eq!(table["meeting"], NounClass::Event);
        // A tie is no clear majority: WordNet decides.
        assert_eq!(table["team"], NounClass::Abstract);
        assert_eq!(table["bank"], NounClass::Organization);
        assert_eq!(table["tower"], NounClass::Place);
        assert_eq!(table["widget"], NounClass::Object);
        let strict = Options {
            min_count: 5,
            ..Options::default()
        };
        assert_eq!(
            build(&votes(&train), &wn, &strict)["meeting"],
            NounClass::Abstract
        );
        wn.kinds.insert("tower".into(), NounKind::Work);
        wn.kinds.insert("widget".into(), NounKind::Product);
        let k = kinds(&table, &wn);
        // A place is never a work, whatever WordNet says.
        assert_eq!(k.get("tower"), None);
        assert_eq!(k.get("widget"), Some(&NounKind::Product));
        let tsv = to_tsv(&table, &k, &["kg train noun-types".into()]);
        assert!(tsv.starts_with("# kg train noun-types\nbank\torganization\n"));
        assert!(tsv.contains("\nwidget\tobject\tproduct\n"), "{tsv}");
        let types = NounTypes::parse(&tsv).unwrap();
        let s = score(&types, &train, NounClass::Abstract);
        assert_eq!(s.mentions, 6);
        assert!((s.accuracy - 3.0 / 6.0).abs() < 1e-9, "{s:?}");
        assert!((s.coverage - 1.0).abs() < 1e-9);
    }
}
