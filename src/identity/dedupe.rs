//! Bulk deduplication: blocking → candidate pairs → scoring → connected components with a
//! size cap. Never all pairs: only contacts sharing a blocking key are compared. Links are
//! applied strongest first (ties broken by the contacts' ids), and a link that would grow a
//! cluster beyond `maxClusterSize` is refused and reported, so the clusters depend on the set
//! of contacts, not their order.

use super::blocking::{Blocking, OversizedBlock, Pair};
use super::fast_hash::FastBuild;
use super::prepare::Prepared;
use super::rules::Rules;
use super::score::{prior_weight, probability, total_weight, TermFrequencies};
use crate::error::Error;
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A cluster that reached the cap: some links into it were refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OversizedCluster {
    /// The smallest id in the cluster.
    pub id: String,
    /// Its size.
    pub size: usize,
    /// How many links touching it were refused.
    pub refused_links: usize,
}

/// What was skipped or capped.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Oversized {
    /// Blocks not expanded into pairs.
    pub blocks: Vec<OversizedBlock>,
    /// Clusters that hit the cap.
    pub clusters: Vec<OversizedCluster>,
}

/// Counts of the run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    /// Contacts read.
    pub contacts: usize,
    /// Contacts with no usable field (always singletons).
    pub unusable: usize,
    /// Blocks expanded.
    pub blocks: usize,
    /// Distinct candidate pairs scored.
    pub compared_pairs: usize,
    /// Pairs at or above the match threshold.
    pub links: usize,
    /// Pairs scored to check joins for conflicts.
    pub checked_pairs: usize,
    /// Links refused by the cluster cap.
    pub refused_links: usize,
    /// Links not applied because a pair across the two clusters was evidence of different
    /// people (`thresholds.conflict`).
    pub conflicting_links: usize,
    /// Clusters (singletons included).
    pub clusters: usize,
}

/// The result of a dedupe.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Dedupe {
    /// Clusters of contact ids: ids sorted within a cluster, clusters by their first id.
    /// Every contact is in exactly one cluster (singletons included).
    pub clusters: Vec<Vec<String>>,
    /// Oversized blocks and clusters.
    pub oversized: Oversized,
    /// Counts.
    pub stats: Stats,
}

/// Each row's id: its own, else its position as a decimal string. Ids must be unique.
pub fn ids(rows: &[Prepared]) -> Result<Vec<String>, Error> {
    let out: Vec<String> = rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            row.id
                .as_deref()
                .map_or_else(|| i.to_string(), str::to_owned)
        })
        .collect();
    let mut seen: HashSet<&str, FastBuild> =
        HashSet::with_capacity_and_hasher(out.len(), FastBuild::default());
    for (i, id) in out.iter().enumerate() {
        if !seen.insert(id) {
            return Err(Error::InvalidArgument {
                path: format!("/contacts/{i}/id"),
                message: format!("the id {id:?} is used by an earlier contact; ids must be unique"),
            });
        }
    }
    Ok(out)
}

struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// Members of each root that has joined something (empty for non-roots and for
    /// singletons not yet joined), to check a join against every pair.
    members: Vec<Vec<u32>>,
}

/// Why a link was not applied.
enum Refusal {
    /// The joined cluster would exceed the cap.
    Size,
    /// Some pair across the two clusters is evidence of different people.
    Conflict,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n)
                .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                .collect(),
            size: vec![1; n],
            // Filled on a root's first join: a million one-element lists up front cost a
            // million allocations, and most contacts never join anything.
            members: vec![Vec::new(); n],
        }
    }

    /// The members of `root`, listing it first when it is still a singleton.
    fn members(&mut self, root: u32) -> &[u32] {
        match self.members.get_mut(root as usize) {
            Some(list) => {
                if list.is_empty() {
                    list.push(root);
                }
                list
            }
            None => &[],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        // Path halving: every other node on the way points to its grandparent.
        loop {
            let Some(&p) = self.parent.get(x as usize) else {
                return x;
            };
            if p == x {
                return x;
            }
            let gp = self.parent.get(p as usize).copied().unwrap_or(p);
            if let Some(slot) = self.parent.get_mut(x as usize) {
                *slot = gp;
            }
            x = gp;
        }
    }

    fn size(&self, root: u32) -> u32 {
        self.size.get(root as usize).copied().unwrap_or(1)
    }

    /// Joins the clusters of `a` and `b` unless the result would exceed `cap` or `compatible`
    /// refuses some pair across them.
    fn union(
        &mut self,
        a: u32,
        b: u32,
        cap: usize,
        mut compatible: impl FnMut(u32, u32) -> bool,
    ) -> Result<(), Refusal> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Ok(());
        }
        let total = self.size(ra) + self.size(rb);
        if total as usize > cap {
            return Err(Refusal::Size);
        }
        self.members(ra);
        self.members(rb);
        let list = |root: u32| {
            self.members
                .get(root as usize)
                .map_or(&[][..], Vec::as_slice)
        };
        let clash = list(ra)
            .iter()
            .any(|&x| list(rb).iter().any(|&y| !compatible(x, y)));
        if clash {
            return Err(Refusal::Conflict);
        }
        let (big, small) = if self.size(ra) >= self.size(rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        if let Some(slot) = self.parent.get_mut(small as usize) {
            *slot = big;
        }
        if let Some(slot) = self.size.get_mut(big as usize) {
            *slot = total;
        }
        let moved = self
            .members
            .get_mut(small as usize)
            .map(std::mem::take)
            .unwrap_or_default();
        if let Some(list) = self.members.get_mut(big as usize) {
            list.extend(moved);
        }
        Ok(())
    }
}

/// Clusters prepared contacts under `rules` (term frequencies counted over `rows`), given
/// their candidate pairs and what blocking found ([`super::blocking::candidate_pairs`]).
pub fn dedupe(
    rules: &Rules,
    rows: &[Prepared],
    pairs: &[Pair],
    blocking: Blocking,
    tf: &TermFrequencies,
) -> Result<Dedupe, Error> {
    let ids = ids(rows)?;
    let threshold = rules.thresholds.matched;
    let mut links: Vec<(f64, u32, u32)> = Vec::new();
    for &(i, j, _) in pairs {
        if let (Some(a), Some(b)) = (rows.get(i as usize), rows.get(j as usize)) {
            let w = total_weight(rules, tf, a, b);
            if probability(w) >= threshold {
                links.push((w, i, j));
            }
        }
    }
    let id = |i: u32| ids.get(i as usize).map_or("", String::as_str);
    // Strongest first; equal weights in the order of the ids (smaller id of each pair first),
    // which does not depend on where the contacts stood in the input.
    let ordered = |&(_, i, j): &(f64, u32, u32)| {
        let (x, y) = (id(i), id(j));
        if x <= y {
            (x, y)
        } else {
            (y, x)
        }
    };
    links.sort_by(|a, b| {
        b.0.total_cmp(&a.0)
            .then_with(|| ordered(a).cmp(&ordered(b)))
    });
    let mut uf = UnionFind::new(rows.len());
    let mut refused: Vec<(u32, u32)> = Vec::new();
    let mut conflicts = 0;
    let mut checked = 0;
    let floor = rules.thresholds.conflict + prior_weight(rules);
    for &(_, i, j) in &links {
        let compatible = |x: u32, y: u32| {
            if (x == i && y == j) || (x == j && y == i) {
                return true;
            }
            checked += 1;
            match (rows.get(x as usize), rows.get(y as usize)) {
                (Some(a), Some(b)) => total_weight(rules, tf, a, b) >= floor,
                _ => true,
            }
        };
        match uf.union(i, j, rules.max_cluster_size, compatible) {
            Ok(()) => {}
            Err(Refusal::Size) => refused.push((i, j)),
            Err(Refusal::Conflict) => conflicts += 1,
        }
    }
    // Members by root, as row indexes in one flat list (a counting sort by root), so a
    // million contacts cost no allocation per cluster; ids only at the end.
    let n = rows.len();
    let roots: Vec<u32> = (0..n)
        .map(|i| uf.find(u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut starts = vec![0u32; n + 1];
    for &r in &roots {
        if let Some(c) = starts.get_mut(r as usize + 1) {
            *c += 1;
        }
    }
    for k in 1..starts.len() {
        let before = starts.get(k - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(k) {
            *c += before;
        }
    }
    let mut flat = vec![0u32; n];
    let mut next = starts.clone();
    for (i, &r) in roots.iter().enumerate() {
        if let Some(at) = next.get_mut(r as usize) {
            if let Some(slot) = flat.get_mut(*at as usize) {
                *slot = u32::try_from(i).unwrap_or(u32::MAX);
            }
            *at += 1;
        }
    }
    let group = |root: u32| -> &[u32] {
        let (Some(&from), Some(&to)) = (starts.get(root as usize), starts.get(root as usize + 1))
        else {
            return &[];
        };
        flat.get(from as usize..to as usize).unwrap_or(&[])
    };
    let id = |i: &u32| ids.get(*i as usize).cloned().unwrap_or_default();
    let mut refused_by_root: BTreeMap<u32, usize> = BTreeMap::new();
    for &(i, j) in &refused {
        let (ri, rj) = (uf.find(i), uf.find(j));
        *refused_by_root.entry(ri).or_default() += 1;
        if rj != ri {
            *refused_by_root.entry(rj).or_default() += 1;
        }
    }
    let mut oversized_clusters = Vec::new();
    for (root, count) in refused_by_root {
        let members = group(root);
        oversized_clusters.push(OversizedCluster {
            id: members.iter().map(id).min().unwrap_or_default(),
            size: members.len(),
            refused_links: count,
        });
    }
    oversized_clusters.sort_by(|a, b| a.id.cmp(&b.id));
    // Each id moves into its one cluster (no copies).
    let mut ids = ids;
    let mut clusters: Vec<Vec<String>> = Vec::with_capacity(n);
    for root in 0..n {
        let members = group(u32::try_from(root).unwrap_or(u32::MAX));
        if members.is_empty() {
            continue;
        }
        let mut out: Vec<String> = members
            .iter()
            .map(|&i| {
                ids.get_mut(i as usize)
                    .map(std::mem::take)
                    .unwrap_or_default()
            })
            .collect();
        out.sort_unstable();
        clusters.push(out);
    }
    clusters.sort_unstable_by(|a, b| a.first().cmp(&b.first()));
    let stats = Stats {
        contacts: rows.len(),
        unusable: rows.iter().filter(|r| r.is_empty()).count(),
        blocks: blocking.blocks,
        compared_pairs: pairs.len(),
        links: links.len(),
        checked_pairs: checked,
        refused_links: refused.len(),
        conflicting_links: conflicts,
        clusters: clusters.len(),
    };
    Ok(Dedupe {
        clusters,
        oversized: Oversized {
            blocks: blocking.oversized,
            clusters: oversized_clusters,
        },
        stats,
    })
}
