//! `kg eval coref`: scores within-document coreference on a gold directory or on
//! GUM's CoNLL-U.
//!
//! Prints `muc_f1`, `b3_f1`, `ceafe_f1`, `avg_f1` (their mean), then precision and
//! recall of each metric, `documents` and `tokens_per_sec` of coreference alone.
//! `--nominal-descriptions` turns on `CorefOptions::nominal_descriptions` ("the
//! firm" → the firm named before).
//!
//! With `--gold FILE.conllu` (GUM, `Entity=` in MISC; see `eval::gum`) kg analyses
//! each document's raw text with its own pipeline and aligns its mentions to the
//! gold ones by byte offsets. The key is the gold mentions of persons,
//! organisations and places that are named or third-person pronouns, clustered by
//! their coreference group (singletons included). The response is kg's clusters
//! and, alone, every mention kg detected but left unresolved (a pronoun); a kg
//! mention aligned with a gold mention outside that scope (a nominal, an
//! event, "I") is left out, as the key does not score that class, while one
//! aligned with nothing stays and counts against precision. It also prints
//! `gold_mentions`, `aligned_mentions` (key mentions kg found), and
//! `description_precision`, `description_recall`, `description_links`: kg's
//! descriptions ("the actor") clustered with a name, right when GUM puts them in a
//! group with that name; recall over GUM's nominal person, organisation and place
//! mentions with a named mention of their group before them. And
//! `alias_precision`, `alias_recall`, `alias_merged_pairs`, `alias_gold_pairs`:
//! kg's cross-document alias pass run on each document's names (those aligned with
//! a gold named mention), its merges counted against the gold identity (the
//! Wikipedia identity, else the coreference group).

use crate::document::{CharOffsets, Document};
use crate::eval::coref::{b_cubed, ceaf_e, muc, Counts};
use crate::eval::gum;
use crate::formats::coref::parse_gold;
use crate::formats::gum::{GoldMention, GumDocument};
use crate::nlp::pipeline::{Pipeline, Stages};
use anyhow::Context;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;

/// Arguments of `kg eval coref`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Directory of `NAME.txt` texts with `NAME.clusters` gold clusters (format in
    /// `eval::coref`), or a GUM CoNLL-U file (`*.conllu`, `Entity=` in MISC).
    #[arg(long)]
    gold: PathBuf,
    /// Also print each document's system clusters (mention texts) to standard error.
    #[arg(long)]
    show: bool,
    /// Also resolve descriptions headed by a common noun of a person, organisation
    /// or place ("the firm"); see `coref::CorefOptions::nominal_descriptions`.
    #[arg(long)]
    nominal_descriptions: bool,
}

impl Args {
    fn options(&self) -> crate::nlp::coref::CorefOptions {
        crate::nlp::coref::CorefOptions {
            nominal_descriptions: self.nominal_descriptions,
        }
    }
}

/// Runs `kg eval coref`.
pub fn run(args: Args) -> anyhow::Result<()> {
    if args.gold.is_file() {
        return run_gum(&args);
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(&args.gold)
        .with_context(|| format!("reading {}", args.gold.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "clusters"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(
            crate::cli::InputError(format!("{}: no .clusters files", args.gold.display())).into(),
        );
    }
    // Coreference runs below, alone, to be timed.
    let pipeline = Pipeline::embedded()?.with_stages(Stages {
        coreference: false,
        ..Stages::ALL
    });
    let (mut m, mut b, mut c) = (Counts::default(), Counts::default(), Counts::default());
    let (mut tokens, mut secs) = (0usize, 0f64);
    for path in &files {
        let txt = path.with_extension("txt");
        let text =
            std::fs::read_to_string(&txt).with_context(|| format!("reading {}", txt.display()))?;
        let gold_text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let key = parse_gold(&text, &gold_text, &path.display().to_string())
            .map_err(|e| crate::cli::InputError(e.to_string()))?;
        let mut doc = Document::new(txt.display().to_string(), text);
        pipeline.analyze(&mut doc);
        let start = std::time::Instant::now();
        let coref = crate::nlp::coref::resolve_with(&doc, args.options());
        secs += start.elapsed().as_secs_f64();
        tokens += doc.token_count();
        let chars = CharOffsets::new(&doc.text);
        let response: Vec<Vec<Range<usize>>> = coref
            .clusters()
            .iter()
            .map(|cl| {
                cl.mentions
                    .iter()
                    .map(|&i| {
                        let s = coref.mentions()[i].span;
                        chars.char_offset(s.start as usize)..chars.char_offset(s.end as usize)
                    })
                    .collect()
            })
            .collect();
        if args.show {
            eprintln!("# {}", path.display());
            for cl in coref.clusters() {
                let t: Vec<&str> = cl
                    .mentions
                    .iter()
                    .map(|&i| coref.mentions()[i].text.as_str())
                    .collect();
                eprintln!("{:?}\t{}", cl.kind, t.join(" | "));
            }
        }
        m.add(muc(&key, &response));
        b.add(b_cubed(&key, &response));
        c.add(ceaf_e(&key, &response));
    }
    let mut out = std::io::stdout().lock();
    print_scores(&mut out, m, b, c)?;
    writeln!(out, "documents {}", files.len())?;
    writeln!(out, "tokens_per_sec {:.0}", tokens as f64 / secs.max(1e-9))?;
    Ok(())
}

fn print_scores(out: &mut impl Write, m: Counts, b: Counts, c: Counts) -> std::io::Result<()> {
    writeln!(out, "muc_f1 {:.4}", m.f1())?;
    writeln!(out, "b3_f1 {:.4}", b.f1())?;
    writeln!(out, "ceafe_f1 {:.4}", c.f1())?;
    writeln!(out, "avg_f1 {:.4}", (m.f1() + b.f1() + c.f1()) / 3.0)?;
    for (name, x) in [("muc", m), ("b3", b), ("ceafe", c)] {
        writeln!(out, "{name}_precision {:.4}", x.precision())?;
        writeln!(out, "{name}_recall {:.4}", x.recall())?;
    }
    Ok(())
}

/// `kg eval coref --gold FILE.conllu`: GUM's coreference layer as gold.
fn run_gum(args: &Args) -> anyhow::Result<()> {
    let path = &args.gold;
    let conllu =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let docs = crate::formats::gum::parse(&conllu, &path.display().to_string())
        .map_err(|e| crate::cli::InputError(e.to_string()))?;
    if docs.is_empty() {
        return Err(crate::cli::InputError(format!(
            "{}: no '# newdoc id' documents",
            path.display()
        ))
        .into());
    }
    // Coreference runs below, alone, to be timed.
    let pipeline = Pipeline::embedded()?.with_stages(Stages {
        coreference: false,
        ..Stages::ALL
    });
    let (mut m, mut b, mut c) = (Counts::default(), Counts::default(), Counts::default());
    let mut alias = gum::AliasCounts::default();
    let mut descriptions = DescriptionLinks::default();
    let (mut tokens, mut secs) = (0usize, 0f64);
    let (mut gold_mentions, mut aligned_mentions) = (0usize, 0usize);
    for gd in &docs {
        let mut doc = Document::new(gd.id.clone(), gd.text.clone());
        pipeline.analyze(&mut doc);
        let start = std::time::Instant::now();
        let coref = crate::nlp::coref::resolve_with(&doc, args.options());
        secs += start.elapsed().as_secs_f64();
        tokens += doc.token_count();
        let scored = score_gum(gd, &coref, args.show);
        gold_mentions += scored.key.iter().map(Vec::len).sum::<usize>();
        aligned_mentions += scored.aligned;
        if args.show {
            eprintln!("# {}", gd.id);
            for (k, spans) in scored.shown.iter().enumerate() {
                let kind = coref
                    .clusters()
                    .get(k)
                    .map_or("Alone".to_owned(), |c| format!("{:?}", c.kind));
                eprintln!("{kind}\t{}", spans.join(" | "));
            }
            for k in &scored.key {
                let t: Vec<&str> = k.iter().map(|r| &gd.text[r.clone()]).collect();
                eprintln!("gold\t{}", t.join(" | "));
            }
            for g in &scored.missed {
                eprintln!(
                    "missed\t{}#{}\t{}",
                    g.etype,
                    g.group,
                    &gd.text[g.span.clone()]
                );
            }
        }
        m.add(muc(&scored.key, &scored.response));
        b.add(b_cubed(&scored.key, &scored.response));
        c.add(ceaf_e(&scored.key, &scored.response));
        let mut wrong = Vec::new();
        alias.add(gum::alias_counts(&gd.id, &scored.names, &mut wrong));
        descriptions.add(scored.descriptions);
        if args.show {
            for (a, b) in wrong {
                eprintln!("wrong alias\t{a}\t{b}");
            }
        }
    }
    let mut out = std::io::stdout().lock();
    print_scores(&mut out, m, b, c)?;
    writeln!(out, "documents {}", docs.len())?;
    writeln!(out, "tokens_per_sec {:.0}", tokens as f64 / secs.max(1e-9))?;
    writeln!(out, "gold_mentions {gold_mentions}")?;
    writeln!(out, "aligned_mentions {aligned_mentions}")?;
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    writeln!(
        out,
        "description_precision {:.4}",
        ratio(descriptions.correct, descriptions.linked)
    )?;
    writeln!(
        out,
        "description_recall {:.4}",
        ratio(descriptions.found, descriptions.gold)
    )?;
    writeln!(out, "description_links {}", descriptions.linked)?;
    writeln!(out, "alias_precision {:.4}", alias.precision())?;
    writeln!(out, "alias_recall {:.4}", alias.recall())?;
    writeln!(out, "alias_merged_pairs {}", alias.merged)?;
    writeln!(out, "alias_gold_pairs {}", alias.gold)?;
    Ok(())
}

/// One GUM document scored: key and response clusters of byte spans.
struct GumScored<'a> {
    key: Vec<Vec<Range<usize>>>,
    response: Vec<Vec<Range<usize>>>,
    /// Key mentions some kg mention aligned with.
    aligned: usize,
    /// Per kg cluster, its mentions as text with a mark: `=` in the key, `~` out of
    /// scope (dropped), `!` aligned with nothing; the aligned ones followed by
    /// `#` and their gold group.
    shown: Vec<Vec<String>>,
    /// Key mentions no kg mention aligned with.
    missed: Vec<&'a GoldMention>,
    /// kg's names aligned with gold named mentions: (name, kg type, gold identity).
    names: Vec<(String, crate::graph::EntityType, String)>,
    /// Descriptions joined to a name, and links the gold supports.
    descriptions: DescriptionLinks,
}

/// How well kg joins definite descriptions ("the actor", "the firm") to names.
#[derive(Debug, Default, Clone, Copy)]
struct DescriptionLinks {
    /// kg descriptions aligned with a gold mention and clustered with a named mention.
    linked: usize,
    /// Of those, the ones whose gold group holds one of the cluster's names.
    correct: usize,
    /// Gold nominal mentions of persons, organisations and places whose group holds
    /// a named mention before them: what a perfect resolver would join.
    gold: usize,
    /// Of those, the ones kg joined to a name of their group.
    found: usize,
}

impl DescriptionLinks {
    fn add(&mut self, o: DescriptionLinks) {
        self.linked += o.linked;
        self.correct += o.correct;
        self.gold += o.gold;
        self.found += o.found;
    }
}

fn score_gum<'a>(
    gd: &'a GumDocument,
    coref: &crate::document::Coreference,
    show: bool,
) -> GumScored<'a> {
    let mut groups: Vec<&str> = Vec::new();
    let mut key: Vec<Vec<Range<usize>>> = Vec::new();
    for g in gd.mentions.iter().filter(|g| g.in_scope()) {
        let k = groups
            .iter()
            .position(|x| *x == g.group)
            .unwrap_or_else(|| {
                groups.push(&g.group);
                key.push(Vec::new());
                key.len() - 1
            });
        key[k].push(g.span.clone());
    }
    let spans: Vec<Range<usize>> = coref.mentions().iter().map(|x| x.span.range()).collect();
    let aligned = gum::align(&gd.mentions, &spans);
    let mut response = Vec::new();
    let mut shown = Vec::new();
    // Every kg mention: its cluster's, or alone (an unresolved pronoun), as the
    // key holds every in-scope mention too.
    let alone: Vec<Vec<usize>> = (0..spans.len())
        .filter(|&i| coref.cluster_of(i).is_none())
        .map(|i| vec![i])
        .collect();
    let all = coref
        .clusters()
        .iter()
        .map(|cl| &cl.mentions)
        .chain(alone.iter());
    for cl in all {
        let mut r = Vec::new();
        let mut s = Vec::new();
        for &i in cl {
            let text = &coref.mentions()[i].text;
            match aligned[i].map(|g| &gd.mentions[g]) {
                Some(g) if g.in_scope() => {
                    r.push(g.span.clone());
                    s.push(format!("={text}#{}", g.group));
                }
                Some(g) => s.push(format!("~{text}#{}", g.group)),
                None => {
                    r.push(spans[i].clone());
                    s.push(format!("!{text}"));
                }
            }
        }
        if !r.is_empty() {
            response.push(r);
        }
        shown.push(s);
    }
    let aligned_count = aligned
        .iter()
        .flatten()
        .filter(|&&g| gd.mentions[g].in_scope())
        .count();
    let names = coref
        .mentions()
        .iter()
        .zip(&aligned)
        .filter(|(x, _)| x.kind == crate::document::MentionKind::Name)
        .filter_map(|(x, g)| {
            let g = &gd.mentions[(*g)?];
            if !g.named {
                return None;
            }
            let kind = x
                .entity
                .and_then(crate::graph::EntityType::from_kind)
                .unwrap_or_default();
            let id = g
                .identity
                .clone()
                .unwrap_or_else(|| format!("#{}", g.group));
            Some((x.text.clone(), kind, id))
        })
        .collect();
    let mut hit = vec![false; gd.mentions.len()];
    for g in aligned.iter().flatten() {
        hit[*g] = true;
    }
    let missed = gd
        .mentions
        .iter()
        .zip(&hit)
        .filter(|(g, h)| g.in_scope() && !**h)
        .map(|(g, _)| g)
        .collect();
    let descriptions = description_links(gd, coref, &aligned, show);
    GumScored {
        key,
        missed,
        response,
        aligned: aligned_count,
        shown,
        names,
        descriptions,
    }
}

/// Scores kg's description links on one GUM document ([`DescriptionLinks`]): a kg
/// description is linked when its cluster holds a name; the link is right when the
/// description's gold mention shares its group with one of those names' gold mentions.
/// With `show`, each wrong link goes to standard error.
fn description_links(
    gd: &GumDocument,
    coref: &crate::document::Coreference,
    aligned: &[Option<usize>],
    show: bool,
) -> DescriptionLinks {
    use crate::document::MentionKind;
    let mut out = DescriptionLinks::default();
    let mut joined = vec![false; gd.mentions.len()];
    for (i, x) in coref.mentions().iter().enumerate() {
        if x.kind != MentionKind::Description {
            continue;
        }
        let (Some(k), Some(g)) = (coref.cluster_of(i), aligned[i]) else {
            continue;
        };
        let names: Vec<usize> = coref.clusters()[k]
            .mentions
            .iter()
            .copied()
            .filter(|&j| coref.mentions()[j].kind == MentionKind::Name)
            .collect();
        if names.is_empty() {
            continue;
        }
        out.linked += 1;
        let right = names
            .iter()
            .filter_map(|&j| aligned[j])
            .any(|h| gd.mentions[h].group == gd.mentions[g].group);
        if right {
            out.correct += 1;
            joined[g] = true;
        } else if show {
            let n: Vec<&str> = names
                .iter()
                .map(|&j| coref.mentions()[j].text.as_str())
                .collect();
            eprintln!("wrong description\t{}\t{}", x.text, n.join(" | "));
        }
    }
    for (g, m) in gd.mentions.iter().enumerate() {
        let nominal = !m.named
            && !m.pronoun
            && m.head_upos == "NOUN"
            && matches!(m.etype.as_str(), "person" | "organization" | "place");
        let named_before = gd.mentions[..g]
            .iter()
            .any(|e| e.named && e.group == m.group && e.span.end <= m.span.start);
        if nominal && named_before {
            out.gold += 1;
            out.found += usize::from(joined[g]);
        }
    }
    out
}
