//! Counts for the verb-voice table (`models/verb_voice.tsv`, see `nlp::verb_voice`): how
//! often each verb lemma of the gold treebanks is passive, takes an object, and keeps a
//! nominal complement in the passive.

use crate::document::Upos;
use crate::formats::conllu::ConlluSentence;
use crate::nlp::verb_voice::VerbCounts;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Adds the counts of every `VERB` of `sentences` (gold trees) to `table`, by lower-cased
/// lemma.
pub fn count(sentences: &[ConlluSentence], table: &mut BTreeMap<String, VerbCounts>) {
    for s in sentences {
        let words = &s.words;
        for (i, w) in words.iter().enumerate() {
            if w.upos != Upos::Verb || w.lemma.is_empty() || w.lemma.contains(char::is_whitespace) {
                continue;
            }
            let children = || words.iter().filter(move |c| c.depends_on(i));
            let passive = children()
                .any(|c| matches!(c.deprel.as_str(), "nsubj:pass" | "csubj:pass" | "aux:pass"));
            let object = children().any(|c| c.deprel == "obj");
            // A participle modifying a noun is passive in form ("a man named X").
            let reduced = w.xpos == "VBN" && w.deprel.starts_with("acl");
            let complement = (passive || reduced)
                && children().any(|c| {
                    matches!(c.deprel.as_str(), "obj" | "xcomp")
                        && matches!(c.upos, Upos::Noun | Upos::Propn)
                });
            let e = table.entry(w.lemma.to_lowercase()).or_default();
            e.uses += 1;
            e.passive += u32::from(passive);
            e.object += u32::from(object);
            e.passive_complement += u32::from(complement);
        }
    }
}

/// The table as TSV: `header` lines as `#` comments, then one
/// `lemma<TAB>uses<TAB>passive<TAB>object<TAB>passive_complement` row per lemma, sorted.
#[must_use]
pub fn to_tsv(table: &BTreeMap<String, VerbCounts>, header: &[String]) -> String {
    let mut out = String::new();
    for h in header {
        let _ = writeln!(out, "# {h}");
    }
    for (lemma, c) in table {
        let _ = writeln!(
            out,
            "{lemma}\t{}\t{}\t{}\t{}",
            c.uses, c.passive, c.object, c.passive_complement
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::conllu;
    use crate::nlp::verb_voice::VerbVoice;

    #[test]
    fn counts_passives_objects_and_kept_complements() {
        let text = "\
1\tIt\tit\tPRON\tPRP\t_\t3\tnsubj:pass\t_\t_
2\twas\tbe\tAUX\tVBD\t_\t3\taux:pass\t_\t_
3\tcalled\tcall\tVERB\tVBN\t_\t0\troot\t_\t_
4\tX\tX\tPROPN\tNNP\t_\t3\txcomp\t_\t_

1\tWe\twe\tPRON\tPRP\t_\t2\tnsubj\t_\t_
2\tcalled\tcall\tVERB\tVBD\t_\t0\troot\t_\t_
3\thim\the\tPRON\tPRP\t_\t2\tobj\t_\t_

";
        let sentences = conllu::read(text.as_bytes(), "t").unwrap();
        let mut table = BTreeMap::new();
        count(&sentences, &mut table);
        let c = table["call"];
        assert_eq!(
            (c.uses, c.passive, c.object, c.passive_complement),
            (2, 1, 1, 1)
        );
        let tsv = to_tsv(&table, &["made by a test".to_owned()]);
        assert_eq!(tsv, "# made by a test\ncall\t2\t1\t1\t1\n");
        assert!(VerbVoice::parse(&tsv).unwrap().takes_passive("call"));
    }
}
