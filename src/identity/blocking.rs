//! Bulk blocking: every usable contact's keys, hashed and sorted, so that contacts sharing a
//! key form a block. Blocks of two up to `maxBlockSize` contacts are handed on for pairing;
//! larger ones (a shared switchboard number, a junk email that slipped through the block list)
//! are skipped and reported, so they cannot chain thousands of people together.

use super::keys::{rule_key_hashes, rule_keys};
use super::prepare::Prepared;
use super::rules::Rules;
use super::score::value_hash;
use serde::Serialize;

/// A block too large to expand into pairs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OversizedBlock {
    /// The key the contacts share.
    pub key: String,
    /// How many contacts share it.
    pub size: usize,
}

/// What blocking found.
#[derive(Debug, Clone, Default)]
pub struct Blocking {
    /// Blocks expanded into pairs.
    pub blocks: usize,
    /// Blocks skipped for their size, sorted by key.
    pub oversized: Vec<OversizedBlock>,
}

/// Calls `visit(rule, members)` for every block of 2..=`maxBlockSize` contacts (indexes into
/// `rows`, ascending). Contacts without a usable field take no part.
pub fn blocks(rules: &Rules, rows: &[Prepared], mut visit: impl FnMut(usize, &[u32])) -> Blocking {
    let mut entries: Vec<(u64, u32, u16)> = Vec::with_capacity(rows.len() * 4);
    let mut keys = Vec::new();
    let mut hashes = Vec::new();
    for (row, contact) in rows.iter().enumerate() {
        if contact.is_empty() {
            continue;
        }
        let Ok(row) = u32::try_from(row) else { break };
        for rule in 0..rules.blocking.len() {
            hashes.clear();
            rule_key_hashes(rules, rule, contact, &mut hashes);
            let rule = u16::try_from(rule).unwrap_or(u16::MAX);
            entries.extend(hashes.iter().map(|h| (*h, row, rule)));
        }
    }
    entries.sort_unstable();
    entries.dedup();
    let mut out = Blocking::default();
    let mut members: Vec<u32> = Vec::new();
    for run in entries.chunk_by(|a, b| a.0 == b.0) {
        let Some(&(h, first, rule)) = run.first() else {
            continue;
        };
        if run.len() < 2 {
            continue;
        }
        if run.len() > rules.max_block_size {
            keys.clear();
            if let Some(contact) = rows.get(first as usize) {
                rule_keys(rules, usize::from(rule), contact, &mut keys);
            }
            let key = keys
                .iter()
                .find(|k| value_hash(k) == h)
                .cloned()
                .unwrap_or_default();
            out.oversized.push(OversizedBlock {
                key,
                size: run.len(),
            });
            continue;
        }
        members.clear();
        members.extend(run.iter().map(|e| e.1));
        out.blocks += 1;
        visit(usize::from(rule), &members);
    }
    out.oversized.sort();
    out
}

/// A candidate pair: rows `i < j` and the bit set of the blocking rules that paired them.
pub type Pair = (u32, u32, u32);

/// Every pair `(i, j, rules)`, `i < j`, of every block, once, with the rules that found it
/// (rule `r` is bit `r`; rules past the 32nd share bit 31).
pub fn candidate_pairs(rules: &Rules, rows: &[Prepared]) -> (Vec<Pair>, Blocking) {
    let mut pairs: Vec<Pair> = Vec::new();
    let found = blocks(rules, rows, |rule, members| {
        let bit = 1u32 << rule.min(31);
        for (n, &i) in members.iter().enumerate() {
            for &j in members.iter().skip(n + 1) {
                pairs.push((i, j, bit));
            }
        }
    });
    pairs.sort_unstable();
    pairs.dedup_by(|later, kept| {
        if later.0 == kept.0 && later.1 == kept.1 {
            kept.2 |= later.2;
            true
        } else {
            false
        }
    });
    (pairs, found)
}
