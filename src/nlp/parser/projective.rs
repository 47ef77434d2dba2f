//! Pseudo-projective parsing (Nivre and Nilsson 2005, "head" encoding).
//!
//! The arc-hybrid system only builds projective trees, and a few EWT trees are
//! not projective. Before training, [`lift`] moves each non-projective arc up to
//! the head's head until the tree is projective, renaming the lifted word's
//! label `dep^headlabel` (its own label, and the label of the word it really
//! depends on). After parsing, [`lower`] undoes this: a word labelled
//! `dep^headlabel` is moved down to the first word labelled `headlabel` found
//! breadth-first, left to right, below its current head (outside its own
//! subtree), preferring one that makes the arc non-projective again, and
//! relabelled `dep`.
//!
//! Heads use CoNLL-U numbering here: `heads[i]` is the head of word `i + 1`, 0 the root.
//! Both functions run in O(n²) at worst and use no recursion.
//!
//! Reference: J. Nivre and J. Nilsson, "Pseudo-Projective Dependency Parsing", ACL 2005.

/// How many nodes with the wanted label [`lower`] considers.
const MAX_CANDIDATES: usize = 8;

/// Separates the two parts of a lifted label.
pub const LIFT_MARK: char = '^';

/// Whether `anc` dominates `node` (or is it). Heads must form a tree; a cycle
/// guard stops after `heads.len()` steps anyway.
pub(super) fn dominates(heads: &[u32], anc: u32, mut node: u32) -> bool {
    for _ in 0..=heads.len() {
        if node == anc {
            return true;
        }
        if node == 0 {
            return false;
        }
        node = heads.get(node as usize - 1).copied().unwrap_or(0);
    }
    false
}

/// Whether the arc into word `d` (1-based) is projective: every word between
/// `d` and its head is dominated by the head.
#[must_use]
pub fn is_projective_arc(heads: &[u32], d: u32) -> bool {
    let h = heads[d as usize - 1];
    if h == 0 {
        return true;
    }
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).all(|k| dominates(heads, h, k))
}

#[cfg(test)]
/// Whether a whole tree is projective.
#[must_use]
pub fn is_projective(heads: &[u32]) -> bool {
    (1..=heads.len() as u32).all(|d| is_projective_arc(heads, d))
}

/// The label without any lift mark.
#[must_use]
pub fn base_label(label: &str) -> &str {
    label.split(LIFT_MARK).next().unwrap_or(label)
}

/// Makes a tree projective by lifting arcs, encoding each lift in the label.
/// The input must be a tree (as in a treebank); returns the new heads and labels.
#[must_use]
pub fn lift(heads: &[u32], labels: &[String]) -> (Vec<u32>, Vec<String>) {
    let mut heads = heads.to_vec();
    let mut labels = labels.to_vec();
    let original_head_label: Vec<Option<String>> = heads
        .iter()
        .map(|&h| (h > 0).then(|| base_label(&labels[h as usize - 1]).to_string()))
        .collect();
    let mut lifted = vec![false; heads.len()];
    // Each lift moves an arc strictly up, so this ends; the bound is a safety net.
    for _ in 0..heads.len() * heads.len() + 1 {
        // Lift the shortest non-projective arc first, the leftmost among equals.
        let worst = (1..=heads.len() as u32)
            .filter(|&d| !is_projective_arc(&heads, d))
            .min_by_key(|&d| (heads[d as usize - 1].abs_diff(d), d));
        let Some(d) = worst else { break };
        let i = d as usize - 1;
        let h = heads[i];
        heads[i] = heads[h as usize - 1];
        if !lifted[i] {
            lifted[i] = true;
            if let Some(hl) = &original_head_label[i] {
                labels[i] = format!("{}{LIFT_MARK}{hl}", labels[i]);
            }
        }
    }
    (heads, labels)
}

/// Undoes [`lift`] on a parser's output: moves each word whose label carries a
/// lift mark down to the first word below its head with the wanted label, and
/// strips the marks. The result is still a tree when the input is one.
pub fn lower(heads: &mut [u32], labels: &mut [String]) {
    let n = heads.len();
    if !labels.iter().any(|l| l.contains(LIFT_MARK)) {
        return;
    }
    // Top-down order (breadth-first from the root), so that a word's head is
    // already in place when the word is lowered.
    let order = bfs_order(heads, 0, None);
    for d in order {
        let i = d as usize - 1;
        let Some((dep, want)) = labels[i].split_once(LIFT_MARK) else {
            continue;
        };
        let (dep, want) = (dep.to_string(), base_label(want).to_string());
        let h = heads[i];
        if h != 0 {
            let candidates: Vec<u32> = bfs_order(heads, h, Some(d))
                .into_iter()
                .filter(|&x| x != h && base_label(&labels[x as usize - 1]) == want)
                .take(MAX_CANDIDATES)
                .collect();
            // The arc was lifted because it was not projective: prefer a candidate
            // that makes it non-projective again (checked only in sentences of
            // ordinary length, since the check is quadratic), else the first found.
            let crossing = (n <= 400)
                .then(|| {
                    candidates.iter().copied().find(|&x| {
                        heads[i] = x;
                        let crossing = !is_projective_arc(heads, d);
                        heads[i] = h;
                        crossing
                    })
                })
                .flatten();
            if let Some(x) = crossing.or(candidates.first().copied()) {
                heads[i] = x;
            }
        }
        labels[i] = dep;
    }
    for l in labels.iter_mut().take(n) {
        if l.contains(LIFT_MARK) {
            *l = base_label(l).to_string();
        }
    }
}

/// Nodes below `top` (and `top` itself when it is a word) in breadth-first,
/// left-to-right order, skipping the subtree of `skip`.
fn bfs_order(heads: &[u32], top: u32, skip: Option<u32>) -> Vec<u32> {
    let n = heads.len();
    // children[start[h]..start[h+1]] lists h's dependents left to right.
    let mut start = vec![0usize; n + 2];
    for &h in heads {
        start[h as usize + 1] += 1;
    }
    for k in 1..start.len() {
        start[k] += start[k - 1];
    }
    let mut fill = start.clone();
    let mut children = vec![0u32; n];
    for (i, &h) in heads.iter().enumerate() {
        children[fill[h as usize]] = i as u32 + 1;
        fill[h as usize] += 1;
    }
    let mut out = Vec::with_capacity(n);
    let mut queue = std::collections::VecDeque::new();
    queue.push_back(top);
    while let Some(x) = queue.pop_front() {
        if Some(x) == skip {
            continue;
        }
        if x != 0 {
            out.push(x);
        }
        // A cycle cannot reach here from the root, so every node is visited at most once.
        if out.len() > n {
            break;
        }
        queue.extend(&children[start[x as usize]..start[x as usize + 1]]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lifts_and_lowers_a_crossing_arc() {
        // Word 2 depends on word 4, across word 3 (the root): not projective.
        let heads = vec![3, 4, 0, 3];
        let l = labels(&["nsubj", "nmod", "root", "obl"]);
        assert!(!is_projective(&heads));
        let (lh, ll) = lift(&heads, &l);
        assert!(is_projective(&lh));
        assert_eq!(lh, vec![3, 3, 0, 3]);
        assert_eq!(ll[1], "nmod^obl");
        let (mut back_h, mut back_l) = (lh.clone(), ll.clone());
        lower(&mut back_h, &mut back_l);
        assert_eq!(back_h, heads);
        assert_eq!(back_l, l);
    }

    #[test]
    fn projective_trees_are_left_alone() {
        let heads = vec![2, 0, 2];
        let l = labels(&["nsubj", "root", "obj"]);
        assert_eq!(lift(&heads, &l), (heads.clone(), l.clone()));
    }

    #[test]
    fn lowering_without_a_target_only_strips_the_mark() {
        let mut heads = vec![2, 0, 2];
        let mut l = labels(&["nsubj", "root", "obj^xcomp"]);
        lower(&mut heads, &mut l);
        assert_eq!(heads, vec![2, 0, 2]);
        assert_eq!(l[2], "obj");
    }
}
