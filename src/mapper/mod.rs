//! The ontology mapper: from a sentence analysed by [`Pipeline`](crate::nlp::pipeline::Pipeline)
//! to triples that use only the relations of a user's ontology.
//!
//! Candidate arguments are spans of the sentence's own text ([`candidates`]); every ordered
//! pair of non-overlapping candidates is classified into one of the ontology's relations or
//! none by an averaged perceptron over features of the pair (the dependency path between the
//! two heads, their lemmas, kinds and governors, the words between them, the case marker of
//! the object…). Training also ranks: for each gold relation of a sentence, the gold pair's
//! margin over "none" should beat every other pair's. A pair becomes a triple when the best
//! relation beats "none" by more than a threshold; both thresholds are tuned on a held-out
//! fifth of the training sentences.
//! Subjects and objects are always text of the sentence; dates are written as the
//! benchmark's Wikidata labels write them (`01 January 2010`).

pub(crate) mod candidates;
mod features;
pub(crate) mod file;

use crate::document::Document;
use crate::nlp::perceptron::Perceptron;
use crate::nlp::pipeline::Pipeline;
use crate::train::perceptron::Trainer;
use candidates::{Candidate, Tree};

/// Candidates per sentence at most (pairs grow with the square).
const MAX_CANDIDATES: usize = 48;

/// A sentence analysed for the mapper: the document, its trees and its candidates.
pub(crate) struct Analysed {
    doc: Document,
    tree: Tree,
    cands: Vec<Candidate>,
    /// Lower-cased lemma of each token.
    lower: Vec<String>,
    /// The chain from each candidate's head to its root.
    ancestors: Vec<Vec<usize>>,
    /// Candidates that may be subjects: names (a proper noun, a number or a capital in the
    /// span, or the sentence's topic span), never dates or bare modifiers.
    subject_like: Vec<bool>,
}

impl Analysed {
    /// Runs `pipeline` on `text` and finds the candidates.
    pub fn new(pipeline: &Pipeline, text: &str) -> Self {
        let mut doc = Document::new("s", text);
        pipeline.analyze(&mut doc);
        Self::of_document(doc)
    }

    /// Sentence `index` of an already analysed `doc` (say, one `kg build` analysed), as
    /// a document of its own, so that the mapper sees it exactly as it sees a sentence it
    /// analysed itself: token spans relative to the sentence's text, no other sentence.
    /// Copies the sentence's tokens: linear in its length, however long the document.
    pub fn of_sentence(doc: &Document, index: usize) -> Option<Self> {
        let s = doc.sentences.get(index)?;
        let text = doc.text.get(s.span.start as usize..s.span.end as usize)?;
        let shift = s.span.start;
        let tokens = doc
            .tokens
            .get(s.token_range())?
            .iter()
            .map(|t| {
                let mut t = t.clone();
                t.span.start = t.span.start.saturating_sub(shift);
                t.span.end = t.span.end.saturating_sub(shift);
                t
            })
            .collect();
        let mut sentence = s.clone();
        sentence.first_token = 0;
        sentence.span.start = 0;
        sentence.span.end = s.span.end - shift;
        let mut one = Document::new(doc.id.clone(), text);
        one.date.clone_from(&doc.date);
        one.tokens = tokens;
        one.sentences = vec![sentence];
        Some(Self::of_document(one))
    }

    /// Finds the candidates of an analysed document (what both constructors share).
    fn of_document(doc: Document) -> Self {
        let tree = Tree::of(&doc);
        let cands = candidates::candidates(&doc, &tree, MAX_CANDIDATES);
        let lower = features::lower_lemmas(&doc);
        let ancestors = cands.iter().map(|c| tree.ancestors(c.head)).collect();
        let subject_like = cands
            .iter()
            .map(|c| {
                // A pronoun stands for a name the sentence does not write.
                let pronoun = c.end == c.start + 1
                    && matches!(
                        doc.tokens[c.start].upos,
                        crate::document::Upos::Pron | crate::document::Upos::Det
                    );
                !pronoun
                    && (matches!(c.kind, "SUBJ" | "PREFIX" | "QUOTE")
                        || (!matches!(c.kind, "DATE" | "MOD")
                            && doc.tokens[c.start..c.end].iter().any(|t| {
                                matches!(
                                    t.upos,
                                    crate::document::Upos::Propn | crate::document::Upos::Num
                                ) || t.form.chars().next().is_some_and(char::is_uppercase)
                            })))
            })
            .collect();
        Self {
            doc,
            tree,
            cands,
            lower,
            ancestors,
            subject_like,
        }
    }

    /// The analysed document the candidates are spans of.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    fn pairs(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let n = self.cands.len();
        (0..n)
            .flat_map(move |s| (0..n).map(move |o| (s, o)))
            .filter(|&(s, o)| {
                s != o && self.subject_like[s] && !self.cands[s].overlaps(&self.cands[o])
            })
    }
}

/// A triple the mapper outputs: labels of the sentence and the index of a relation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mapped {
    /// Subject as written in the sentence.
    pub sub: String,
    /// Index into the relation labels the mapper was trained with.
    pub rel: usize,
    /// Object as written in the sentence (dates as the benchmark writes them).
    pub obj: String,
    /// How far the relation's score beats "none".
    pub margin: f32,
    /// The subject's tokens in [`Analysed::document`] (start, end).
    pub sub_tokens: (usize, usize),
    /// The object's tokens in [`Analysed::document`] (start, end).
    pub obj_tokens: (usize, usize),
    /// What found the object (`DATE`, an entity kind label, `NP`…).
    pub obj_kind: &'static str,
}

/// A training sentence: its text and gold triples `(subject, relation index, object)`.
pub(crate) struct Example<'a> {
    /// The analysed sentence.
    pub sentence: &'a Analysed,
    /// Gold triples.
    pub triples: Vec<(String, usize, String)>,
}

/// How many gold triples training could place on candidate spans.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Alignment {
    /// Gold triples seen (with a known relation).
    pub triples: usize,
    /// Triples whose subject matched a candidate.
    pub subject: usize,
    /// Triples whose object matched a candidate.
    pub object: usize,
    /// Triples with both (training positives).
    pub both: usize,
}

/// Decoding thresholds on the margin of the best relation over "none".
#[derive(Debug, Clone, Copy)]
pub(crate) struct Thresholds {
    /// A pair is output when its margin exceeds this.
    pub keep: f32,
    /// When no pair passes `keep`, the best pair is output if its margin exceeds this.
    pub fallback: f32,
    /// Triples of one relation per sentence at most.
    pub per_relation: usize,
}

/// Text2KGBench's label normalisation: lower case, spaces and underscores removed. Labels
/// that normalise alike are the same label to the benchmark, and to the mapper's training.
pub(crate) fn normalize(label: &str) -> String {
    label
        .chars()
        .filter(|c| *c != '_' && !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

fn norm(s: &str) -> String {
    normalize(s)
}

/// Whether a label is written as the benchmark writes dates (`01 January 2010`).
fn is_date_label(label: &str) -> bool {
    let parts: Vec<&str> = label.split_whitespace().collect();
    matches!(parts.as_slice(), [d, m, y]
        if d.len() <= 2 && d.bytes().all(|b| b.is_ascii_digit())
            && m.chars().all(char::is_alphabetic)
            && y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
}

/// For each relation, whether most of its gold objects in `examples` are dates.
fn date_relations(examples: &[Example<'_>], n_relations: usize) -> Vec<bool> {
    let mut counts = vec![(0usize, 0usize); n_relations];
    for ex in examples {
        for (_, r, obj) in &ex.triples {
            counts[*r].0 += usize::from(is_date_label(obj));
            counts[*r].1 += 1;
        }
    }
    counts.iter().map(|&(d, n)| n > 0 && 2 * d > n).collect()
}

/// What the decoding thresholds are tuned for on the held-out training sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Objective {
    /// The benchmark's mean sentence F1, which sets aside output triples whose relation the
    /// sentence's gold lacks (so a triple of every relation costs nothing).
    Benchmark,
    /// Mean sentence F1 over every output triple: fewer, surer triples.
    Strict,
}

/// A trained mapper for one ontology.
pub(crate) struct Mapper {
    model: Perceptron,
    /// For each relation, whether its objects are dates (learned from the training triples:
    /// most of its gold objects are written as dates); a date object is considered only for
    /// such a relation, and only a date for it.
    date_objects: Vec<bool>,
    thresholds: Thresholds,
}

/// Training epochs over the pairs.
const EPOCHS: usize = 10;

fn labelled_pairs(ex: &Example<'_>, align: &mut Alignment) -> Vec<(usize, usize, usize)> {
    let a = ex.sentence;
    let norms: Vec<String> = a.cands.iter().map(|c| norm(&c.text)).collect();
    let mut positives = Vec::new();
    for (sub, rel, obj) in &ex.triples {
        let (ns, no) = (norm(sub), norm(obj));
        align.triples += 1;
        let subs: Vec<usize> = (0..norms.len()).filter(|&i| norms[i] == ns).collect();
        let objs: Vec<usize> = (0..norms.len()).filter(|&i| norms[i] == no).collect();
        align.subject += usize::from(!subs.is_empty());
        align.object += usize::from(!objs.is_empty());
        let mut found = false;
        for &s in &subs {
            for &o in &objs {
                if s != o && !a.cands[s].overlaps(&a.cands[o]) {
                    positives.push((s, o, rel + 1));
                    found = true;
                }
            }
        }
        align.both += usize::from(found);
    }
    a.pairs()
        .map(|(s, o)| {
            let class = positives
                .iter()
                .find(|p| p.0 == s && p.1 == o)
                .map_or(0, |p| p.2);
            (s, o, class)
        })
        .collect()
}

/// Trains the perceptron on the pairs of `examples`. The training sentences of the benchmark
/// label only some of the triples a sentence states (mostly one), so a pair of a sentence is
/// a negative only for the relations its sentence has gold triples for: the update compares
/// the truth with the best of "none" and those relations, never with another relation that
/// may well hold unlabelled. This is also how the benchmark scores, setting aside system
/// triples whose relation the sentence's gold does not have.
///
/// Decoding outputs the pair of each relation with the best margin over "none", so training
/// also ranks: after a sentence's pairs, for each of its gold relations, when the best pair
/// by margin is not a gold pair the margin of the best gold pair is raised and that pair's
/// lowered.
fn train_model(
    examples: &[Example<'_>],
    n_relations: usize,
    dates: &[bool],
    align: &mut Alignment,
) -> Perceptron {
    let labelled: Vec<Vec<(usize, usize, usize)>> = examples
        .iter()
        .map(|ex| labelled_pairs(ex, align))
        .collect();
    let allowed: Vec<Vec<usize>> = examples
        .iter()
        .map(|ex| {
            let mut a: Vec<usize> = std::iter::once(0)
                .chain(ex.triples.iter().map(|t| t.1 + 1))
                .collect();
            a.sort_unstable();
            a.dedup();
            a
        })
        .collect();
    let mut trainer = Trainer::new(n_relations + 1);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut f = Vec::new();
    let mut scores = vec![0.0f32; n_relations + 1];
    for _ in 0..EPOCHS {
        // Fisher–Yates with a fixed linear congruential generator: the same model every run.
        for i in (1..order.len()).rev() {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let j = (seed >> 33) as usize % (i + 1);
            order.swap(i, j);
        }
        for &k in &order {
            for &(s, o, class) in &labelled[k] {
                f.clear();
                features::pair(examples[k].sentence, s, o, &mut f);
                scores.iter_mut().for_each(|x| *x = 0.0);
                trainer.score_into(&f, &mut scores);
                let guess =
                    allowed[k]
                        .iter()
                        .copied()
                        .fold(0, |b, c| if scores[c] > scores[b] { c } else { b });
                trainer.update(&f, class, guess);
                trainer.tick();
            }
            rank(
                &mut trainer,
                examples[k].sentence,
                &labelled[k],
                dates,
                &mut scores,
            );
        }
    }
    trainer.finish(0.0)
}

/// One ranking step on a sentence (see [`train_model`]).
fn rank(
    trainer: &mut Trainer,
    a: &Analysed,
    labelled: &[(usize, usize, usize)],
    dates: &[bool],
    scores: &mut [f32],
) {
    let mut rels: Vec<usize> = labelled.iter().map(|p| p.2).filter(|&c| c > 0).collect();
    if rels.is_empty() {
        return;
    }
    rels.sort_unstable();
    rels.dedup();
    // For each gold relation: the best pair and the best gold pair, (margin, s, o).
    let mut best = vec![(f32::NEG_INFINITY, 0, 0); rels.len()];
    let mut gold = vec![(f32::NEG_INFINITY, 0, 0); rels.len()];
    let mut f = Vec::new();
    for &(s, o, class) in labelled {
        let is_date = a.cands[o].kind == "DATE";
        f.clear();
        features::pair(a, s, o, &mut f);
        scores.iter_mut().for_each(|x| *x = 0.0);
        trainer.score_into(&f, scores);
        for (k, &r) in rels.iter().enumerate() {
            if dates.get(r - 1).is_some_and(|&d| d != is_date) {
                continue;
            }
            let m = scores[r] - scores[0];
            if m > best[k].0 {
                best[k] = (m, s, o);
            }
            if class == r && m > gold[k].0 {
                gold[k] = (m, s, o);
            }
        }
    }
    for (k, &r) in rels.iter().enumerate() {
        let (b, g) = (best[k], gold[k]);
        if g.0.is_finite() && (b.1, b.2) != (g.1, g.2) {
            f.clear();
            features::pair(a, g.1, g.2, &mut f);
            trainer.add(&f, r, 1.0);
            trainer.add(&f, 0, -1.0);
            f.clear();
            features::pair(a, b.1, b.2, &mut f);
            trainer.add(&f, r, -1.0);
            trainer.add(&f, 0, 1.0);
        }
        trainer.tick();
    }
}

/// The best `PER_RELATION_KEPT` pairs of each relation with the relation's margin over
/// "none", best first.
fn scored(model: &Perceptron, dates: &[bool], a: &Analysed) -> Vec<(usize, usize, usize, f32)> {
    let n = model.n_classes();
    let mut best: Vec<Vec<(usize, usize, usize, f32)>> = vec![Vec::new(); n.saturating_sub(1)];
    let mut f = Vec::new();
    // The scores of the features of one side only, once per candidate.
    let unary = |side: fn(&Analysed, usize, &mut Vec<u64>)| -> Vec<Vec<f32>> {
        let mut f = Vec::new();
        (0..a.cands.len())
            .map(|c| {
                f.clear();
                side(a, c, &mut f);
                let mut sc = vec![0.0; n];
                model.score_into(&f, &mut sc);
                sc
            })
            .collect()
    };
    let (as_subject, as_object) = (unary(features::subject), unary(features::object));
    let mut scores = vec![0.0; n];
    for (s, o) in a.pairs() {
        f.clear();
        features::joint(a, s, o, &mut f);
        for (x, (y, z)) in scores
            .iter_mut()
            .zip(as_subject[s].iter().zip(&as_object[o]))
        {
            *x = y + z;
        }
        model.score_into(&f, &mut scores);
        let is_date = a.cands[o].kind == "DATE";
        for r in 1..n {
            if dates.get(r - 1).is_some_and(|&d| d != is_date) {
                continue;
            }
            let m = scores[r] - scores[0];
            let top = &mut best[r - 1];
            if top.len() < PER_RELATION_KEPT {
                top.push((s, o, r - 1, m));
            } else if let Some(w) = (0..top.len()).min_by(|&x, &y| top[x].3.total_cmp(&top[y].3)) {
                if top[w].3 < m {
                    top[w] = (s, o, r - 1, m);
                }
            }
        }
    }
    let mut out: Vec<_> = best.into_iter().flatten().collect();
    out.sort_by(|x, y| y.3.total_cmp(&x.3));
    out
}

/// Pairs kept per relation for decoding (which outputs at most three of a relation).
const PER_RELATION_KEPT: usize = 8;

/// Chooses triples from scored pairs: margin above `keep` (or the single best above
/// `fallback`), at most `per_relation` of a relation, no two with the same relation and
/// overlapping subjects and objects.
fn decode(a: &Analysed, scored: &[(usize, usize, usize, f32)], t: Thresholds) -> Vec<Mapped> {
    let mut chosen: Vec<(usize, usize, usize, f32)> = Vec::new();
    for &(s, o, r, m) in scored {
        if m <= t.keep {
            break;
        }
        let clash = chosen.iter().any(|&(cs, co, cr, _)| {
            cr == r && a.cands[cs].overlaps(&a.cands[s]) && a.cands[co].overlaps(&a.cands[o])
        });
        let full = chosen.iter().filter(|c| c.2 == r).count() >= t.per_relation;
        if !clash && !full {
            chosen.push((s, o, r, m));
        }
    }
    if chosen.is_empty() {
        if let Some(&best) = scored.first().filter(|b| b.3 > t.fallback) {
            chosen.push(best);
        }
    }
    let mut out: Vec<Mapped> = Vec::new();
    for (s, o, r, m) in chosen {
        let m = Mapped {
            sub: a.cands[s].text.clone(),
            rel: r,
            obj: a.cands[o].text.clone(),
            margin: m,
            sub_tokens: (a.cands[s].start, a.cands[s].end),
            obj_tokens: (a.cands[o].start, a.cands[o].end),
            obj_kind: a.cands[o].kind,
        };
        if !out
            .iter()
            .any(|x| x.rel == m.rel && norm(&x.sub) == norm(&m.sub) && norm(&x.obj) == norm(&m.obj))
        {
            out.push(m);
        }
    }
    out
}

/// Per-sentence F1 of the benchmark (relations outside the gold's set aside, no output is 0).
/// With `strict`, every output triple counts (none is set aside for its relation).
fn sentence_f1(out: &[Mapped], gold: &[(String, usize, String)], strict: bool) -> f64 {
    use std::collections::HashSet;
    let gold_rels: HashSet<usize> = gold.iter().map(|g| g.1).collect();
    let key = |s: &str, r: usize, o: &str| (norm(s), r, norm(o));
    let pred: HashSet<_> = out
        .iter()
        .filter(|m| strict || gold_rels.contains(&m.rel))
        .map(|m| key(&m.sub, m.rel, &m.obj))
        .collect();
    let gold: HashSet<_> = gold.iter().map(|g| key(&g.0, g.1, &g.2)).collect();
    if pred.is_empty() || gold.is_empty() {
        return 0.0;
    }
    let hit = pred.intersection(&gold).count() as f64;
    let (p, r) = (hit / pred.len() as f64, hit / gold.len() as f64);
    if hit > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

impl Mapper {
    /// Trains on `examples` for `n_relations` relations: first on four fifths to tune the
    /// thresholds on the last fifth, then on everything. Returns the mapper, the alignment
    /// counts of the final training and the held-out F1 at the chosen thresholds.
    pub fn train(
        examples: &[Example<'_>],
        n_relations: usize,
        objective: Objective,
    ) -> (Self, Alignment, f64) {
        let strict = objective == Objective::Strict;
        let date_objects = date_relations(examples, n_relations);
        let (fit, held): (Vec<usize>, Vec<usize>) = (0..examples.len()).partition(|i| i % 5 != 4);
        let pick = |idx: &[usize]| -> Vec<Example<'_>> {
            idx.iter()
                .map(|&i| Example {
                    sentence: examples[i].sentence,
                    triples: examples[i].triples.clone(),
                })
                .collect()
        };
        let mut thresholds = Thresholds {
            keep: 0.0,
            fallback: f32::NEG_INFINITY,
            per_relation: 2,
        };
        let mut held_f1 = 0.0;
        if held.len() >= 5 {
            let model = train_model(
                &pick(&fit),
                n_relations,
                &date_objects,
                &mut Alignment::default(),
            );
            let held_ex = pick(&held);
            let cached: Vec<_> = held_ex
                .iter()
                .map(|e| scored(&model, &date_objects, e.sentence))
                .collect();
            let mut best = (f64::NEG_INFINITY, thresholds);
            let keeps: Vec<f32> = [f32::NEG_INFINITY, -200.0, -100.0, -60.0, -40.0, -30.0]
                .into_iter()
                .chain((-20..=20).map(|k| k as f32))
                .collect();
            let falls: Vec<f32> = std::iter::once(f32::NEG_INFINITY)
                .chain((-5..=5).map(|k| k as f32 * 2.0))
                .collect();
            for (&keep, &fallback, per_relation) in keeps
                .iter()
                .flat_map(|k| falls.iter().map(move |f| (k, f)))
                .flat_map(|(k, f)| [1, 2, 3].map(|p| (k, f, p)))
            {
                {
                    if fallback > keep {
                        continue;
                    }
                    let t = Thresholds {
                        keep,
                        fallback,
                        per_relation,
                    };
                    let f1: f64 = held_ex
                        .iter()
                        .zip(&cached)
                        .map(|(e, sc)| sentence_f1(&decode(e.sentence, sc, t), &e.triples, strict))
                        .sum::<f64>()
                        / held_ex.len() as f64;
                    if f1 > best.0 + 1e-9 {
                        best = (f1, t);
                    }
                }
            }
            held_f1 = best.0;
            thresholds = best.1;
        }
        let mut align = Alignment::default();
        let model = train_model(examples, n_relations, &date_objects, &mut align);
        (
            Self {
                model,
                date_objects,
                thresholds,
            },
            align,
            held_f1,
        )
    }

    /// The triples of an analysed sentence.
    pub fn map(&self, a: &Analysed) -> Vec<Mapped> {
        decode(
            a,
            &scored(&self.model, &self.date_objects, a),
            self.thresholds,
        )
    }

    /// The decoding thresholds chosen in training.
    pub fn thresholds(&self) -> Thresholds {
        self.thresholds
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pronoun_is_never_a_subject() {
        let pipeline = Pipeline::embedded().unwrap();
        let a = Analysed::new(&pipeline, "It was directed by Anna Berg in Oslo.");
        let subjects: Vec<&str> = a
            .cands
            .iter()
            .zip(&a.subject_like)
            .filter(|(_, &s)| s)
            .map(|(c, _)| c.text.as_str())
            .collect();
        // "It" stands for a title the sentence does not write; the names remain.
        assert!(!subjects.contains(&"It"), "{subjects:?}");
        assert!(subjects.contains(&"Anna Berg"), "{subjects:?}");
        assert!(
            a.cands.iter().any(|c| c.text == "It"),
            "still an object candidate"
        );
    }
}
