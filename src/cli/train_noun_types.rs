//! `kg train noun-types`: learns the table of common-noun classes
//! (`models/noun_types.tsv`, see `nlp::noun_types`) from GUM's entity types,
//! with WordNet's first senses for the nouns GUM does not have.

use crate::cli::InputError;
use crate::nlp::noun_types::NounTypes;
use crate::train::noun_types::{self as nt, Scores};
use anyhow::Context;
use std::path::PathBuf;

/// Arguments of `kg train noun-types`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// GUM's folder, with `en_gum-ccby-{train,dev,test}.conllu` (`Entity=` in MISC):
    /// learned on train, tuned on dev, scored on dev and test.
    #[arg(long, value_name = "DIR")]
    gum: PathBuf,
    /// WordNet's dictionary folder (`data.noun`, `index.noun`), for the nouns GUM lacks.
    #[arg(long, value_name = "DIR")]
    wordnet: PathBuf,
    /// Where to write the table.
    #[arg(short, long, default_value = "models/noun_types.tsv")]
    output: PathBuf,
}

fn print_scores(split: &str, s: &Scores) {
    println!("{split}_mentions {}", s.mentions);
    println!("{split}_accuracy {:.4}", s.accuracy);
    println!("{split}_coverage {:.4}", s.coverage);
    println!(
        "{split}_accuracy_person_org_place_event {:.4}",
        s.accuracy_core
    );
    println!(
        "{split}_person_org_place_event_mentions {}",
        s.core_mentions
    );
    println!("{split}_baseline_majority {:.4}", s.baseline);
}

/// Runs `kg train noun-types`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let split = |name: &str| args.gum.join(format!("en_gum-ccby-{name}.conllu"));
    let read = |name: &str| nt::read_gum(&split(name)).map_err(|e| InputError(e.to_string()));
    let train = read("train")?;
    let dev = read("dev")?;
    let test = read("test")?;
    let wordnet = nt::WordNetNouns::load(&args.wordnet).map_err(|e| InputError(e.to_string()))?;
    if wordnet.is_empty() || train.is_empty() {
        return Err(InputError("no WordNet nouns or no GUM training mentions read".into()).into());
    }
    eprintln!(
        "noun-headed mentions: train {}, dev {}, test {}; WordNet one-word common nouns {}",
        train.len(),
        dev.len(),
        test.len(),
        wordnet.len()
    );
    let votes = nt::votes(&train);
    let (opts, log) = nt::tune(&votes, &wordnet, &dev);
    for l in &log {
        eprintln!("tune: {l}");
    }
    let w = &opts.wordnet;
    let header = [
        format!(
            "kg train noun-types --gum {} --wordnet {} -o {}",
            args.gum.display(),
            args.wordnet.display(),
            args.output.display()
        ),
        format!(
            "lemma<TAB>class[<TAB>kind]; GUM train lemmas: {} (min_count {}, min_share {}); \
             else WordNet 3.1 first sense (group_organization {}, structure_place {}, \
             object_place {}, body_object {}, event_event {}, act_event {}, phenomenon_event {})",
            votes.len(),
            opts.min_count,
            opts.min_share,
            w.group_organization,
            w.structure_place,
            w.object_place,
            w.body_object,
            w.event_event,
            w.act_event,
            w.phenomenon_event
        ),
        format!(
            "kind (work, product) of object and abstract lemmas: WordNet 3.1 senses weighted \
             by tag count + 1, more than half under the work synsets {} or the product \
             synsets {}",
            nt::WORK_ANCHORS.map(|(_, w)| w).join(" "),
            nt::PRODUCT_ANCHORS.map(|(_, w)| w).join(" ")
        ),
        "Derived from GUM (CC BY, per genre) and WordNet 3.1 (WordNet licence); see models/MODELS.md"
            .to_owned(),
    ];
    let table = nt::build(&votes, &wordnet, &opts);
    let kinds = nt::kinds(&table, &wordnet);
    let tsv = nt::to_tsv(&table, &kinds, &header);
    let types = NounTypes::parse(&tsv).context("the generated table does not parse")?;
    let majority = nt::majority_class(&train);
    println!("entries {}", types.len());
    for k in crate::NounKind::ALL {
        println!("kind_{k} {}", kinds.values().filter(|&&x| x == k).count());
    }
    println!("bytes {}", tsv.len());
    println!("min_count {}", opts.min_count);
    println!("min_share {}", opts.min_share);
    println!("baseline_class {majority}");
    print_scores("dev", &nt::score(&types, &dev, majority));
    print_scores("test", &nt::score(&types, &test, majority));
    std::fs::write(&args.output, tsv.as_bytes())
        .with_context(|| format!("writing {}", args.output.display()))?;
    eprintln!("wrote {}", args.output.display());
    Ok(())
}
